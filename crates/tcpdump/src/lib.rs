//! Packet printers in tcpdump 4.99's text format.
//!
//! tcpdump's output is its own format, not a rendering of Wireshark's fields, so these printers read the
//! packet bytes themselves, one module per protocol as tcpdump lays out its `print-*.c` files. Each
//! printer writes into one reused `String`; a printer that runs out of captured bytes returns
//! [`Trunc`] and the frame ends with ` [|proto]`, as tcpdump marks a truncated packet.
#![forbid(unsafe_code)]

mod arp;
mod bootp;
mod dns;
mod hexdump;
mod icmp;
mod icmp6;
mod ip;
mod ip6;
mod link;
mod names;
mod ntp;
mod tcp;
mod text;
mod time;
mod udp;

use std::collections::HashMap;
use std::fmt::Write as _;

/// How `-x -xx -X -XX -A -AA` dump each packet after its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dump {
    /// No dump.
    #[default]
    None,
    /// `-x` (`link`: `-xx`, the link-layer header too): hex.
    Hex { link: bool },
    /// `-X` (`link`: `-XX`): hex and ASCII.
    HexAscii { link: bool },
    /// `-A` (`link`: `-AA`): ASCII.
    Ascii { link: bool },
}

/// tcpdump's printing options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `-v` count (0 to 3).
    pub verbose: u8,
    /// `-t` count: 0 the time of day, 1 none, 2 seconds since the epoch, 3 delta since the previous
    /// packet, 4 date and time, 5 delta since the first packet.
    pub time: u8,
    /// `--nano`: nine fraction digits instead of six.
    pub nano: bool,
    /// `-e`: the link-level header.
    pub link_header: bool,
    /// `-q`: less protocol information.
    pub quiet: bool,
    /// `-S`: absolute TCP sequence numbers.
    pub absolute_seq: bool,
    /// `-#` / `--number`: the packet number first.
    pub number: bool,
    /// `-x`, `-X`, `-A` and their doubled forms.
    pub dump: Dump,
}

/// One frame as read from a capture.
#[derive(Debug, Clone, Copy)]
pub struct FrameIn<'a> {
    /// The LINKTYPE_ value of the frame's interface.
    pub link_type: u32,
    pub secs: i64,
    pub nanos: u32,
    /// The captured bytes.
    pub data: &'a [u8],
    /// The packet's length on the wire.
    pub original_len: u32,
}

/// The captured bytes ran out before the printer was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Trunc;

pub(crate) type R = Result<(), Trunc>;

/// Bounds-checked big-endian reads: a read past the captured bytes is [`Trunc`], never a panic.
pub(crate) trait Get {
    fn u8at(&self, off: usize) -> Result<u8, Trunc>;
    fn be16(&self, off: usize) -> Result<u16, Trunc>;
    fn be32(&self, off: usize) -> Result<u32, Trunc>;
    fn bytes(&self, off: usize, len: usize) -> Result<&[u8], Trunc>;
    fn from(&self, off: usize) -> &[u8];
}

impl Get for [u8] {
    fn u8at(&self, off: usize) -> Result<u8, Trunc> {
        self.get(off).copied().ok_or(Trunc)
    }
    fn be16(&self, off: usize) -> Result<u16, Trunc> {
        let b = self.bytes(off, 2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn be32(&self, off: usize) -> Result<u32, Trunc> {
        let b = self.bytes(off, 4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn bytes(&self, off: usize, len: usize) -> Result<&[u8], Trunc> {
        off.checked_add(len)
            .and_then(|end| self.get(off..end))
            .ok_or(Trunc)
    }
    fn from(&self, off: usize) -> &[u8] {
        self.get(off..).unwrap_or(&[])
    }
}

/// Writes formatted text to the context's output (a `String` write cannot fail).
macro_rules! out {
    ($cx:expr, $($arg:tt)*) => {{
        let _ = ::std::fmt::Write::write_fmt(&mut $cx.out, format_args!($($arg)*));
    }};
}
pub(crate) use out;

/// The key tcpdump's relative sequence numbers are kept under: both addresses, ordered, and the two
/// ports in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct TcpKey {
    pub src: [u8; 16],
    pub dst: [u8; 16],
    pub ports: u32,
    pub v6: bool,
}

/// Conversations remembered for relative sequence numbers; past this the table starts afresh, so memory
/// stays bounded on captures with millions of connections.
const MAX_TCP_CONVERSATIONS: usize = 1 << 20;

/// The printing context of one packet: options, the output line and the state kept across packets.
pub(crate) struct Cx<'o> {
    pub out: String,
    pub opts: &'o Options,
    /// The protocol being printed, named in the ` [|proto]` truncation mark.
    pub proto: &'static str,
    /// Initial sequence and acknowledgement numbers per conversation.
    pub tcp: HashMap<TcpKey, (u32, u32)>,
    /// The ifindex names of SLL2 captures, read once from this machine as tcpdump asks the kernel.
    pub ifnames: Option<HashMap<u32, String>>,
}

/// Prints frames one by one, keeping what tcpdump keeps between packets (the previous time stamp, TCP
/// initial sequence numbers, the packet count).
pub struct Printer<'o> {
    cx: Cx<'o>,
    count: u64,
    time: time::TimeState,
}

impl<'o> Printer<'o> {
    /// A printer with these options.
    pub fn new(opts: &'o Options) -> Self {
        Printer {
            cx: Cx {
                out: String::with_capacity(512),
                opts,
                proto: "",
                tcp: HashMap::new(),
                ifnames: None,
            },
            count: 0,
            time: time::TimeState::default(),
        }
    }

    /// Prints one frame and returns its text: the line (or lines, with `-v`'s continuations and the
    /// dumps) ending in a newline. The text stays valid until the next call.
    pub fn print(&mut self, frame: &FrameIn) -> &str {
        self.count += 1;
        let cx = &mut self.cx;
        cx.out.clear();
        cx.proto = "";
        if cx.opts.number {
            out!(cx, "{:5}  ", self.count);
        }
        self.time.print(cx, frame.secs, frame.nanos);
        let hdrlen = match link::print(cx, frame) {
            Ok(h) => h,
            Err((Trunc, h)) => {
                let proto = cx.proto;
                out!(cx, " [|{proto}]");
                h
            }
        };
        let data = frame.data;
        let body = data.get(hdrlen.min(data.len())..).unwrap_or(&[]);
        match cx.opts.dump {
            Dump::None => {}
            Dump::Hex { link } => hexdump::hex(&mut cx.out, if link { data } else { body }),
            Dump::HexAscii { link } => {
                hexdump::hex_ascii(&mut cx.out, if link { data } else { body })
            }
            Dump::Ascii { link } => hexdump::ascii(&mut cx.out, if link { data } else { body }),
        }
        cx.out.push('\n');
        &cx.out
    }
}

/// The link-layer name tcpdump prints in "reading from file F, link-type NAME (DESCRIPTION)".
pub fn link_type_name(link_type: u32) -> String {
    link::link_type_name(link_type)
}

/// Appends `s` with tcpdump's escaping of unprintable bytes (`M-` for the high bit, `^` for control).
pub(crate) fn print_char(out: &mut String, mut c: u8) {
    if !c.is_ascii() {
        c &= 0x7f;
        out.push_str("M-");
    }
    if !(0x20..0x7f).contains(&c) {
        c ^= 0x40;
        out.push('^');
    }
    out.push(c as char);
}

/// tcpdump's MAC address format: six lowercase hex pairs joined by colons.
pub(crate) fn mac(out: &mut String, b: &[u8]) {
    for (i, x) in b.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        let _ = write!(out, "{x:02x}");
    }
}

/// The IPv4 address at `b[0..4]`.
pub(crate) fn ipv4(out: &mut String, b: &[u8]) {
    if let [a, b2, c, d, ..] = b {
        let _ = write!(out, "{a}.{b2}.{c}.{d}");
    }
}

/// The IPv6 address at `b[0..16]`, compressed as inet_ntop writes it.
pub(crate) fn ipv6(out: &mut String, b: &[u8]) {
    if let Ok(a) = <[u8; 16]>::try_from(b.get(..16).unwrap_or(&[])) {
        let addr = std::net::Ipv6Addr::from(a);
        let w = addr.segments();
        // IPv4-compatible addresses (::a.b.c.d) keep the dotted quad, as inet_ntop writes them; Rust
        // writes them as hex words.
        if w[..6] == [0; 6] && (w[6] != 0 || w[7] > 1) {
            let _ = write!(out, "::{}.{}.{}.{}", a[12], a[13], a[14], a[15]);
        } else {
            let _ = write!(out, "{addr}");
        }
    }
}

/// The one's-complement sum of `data` folded to 16 bits, starting from `init`.
pub(crate) fn cksum_add(init: u32, data: &[u8]) -> u32 {
    let mut sum = init;
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        sum = sum.wrapping_add(u32::from(u16::from_be_bytes([c[0], c[1]])));
    }
    if let [last] = chunks.remainder() {
        sum = sum.wrapping_add(u32::from(*last) << 8);
    }
    sum
}

/// The checksum result: 0 when the data (checksum field included) is correct.
pub(crate) fn cksum_fold(mut sum: u32) -> u16 {
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// The value the checksum field should hold, given the field's value and the computed sum (tcpdump's
/// in_cksum_shouldbe).
pub(crate) fn cksum_shouldbe(field: u16, sum: u16) -> u16 {
    let mut s = u32::from(field) + u32::from(sum);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    s as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frame 1 of tcpdump's test capture print-flags.pcap: a SYN on loopback, in a null Ethernet header.
    const SYN: &str = "000000000000000000000000 0800 \
        4500003c1b68400040062152 7f0000017f000001 \
        da7000503758897e00000000a0027fff14210000 0204400c0402080a4ddc92160000000001030302";

    fn syn() -> Vec<u8> {
        let hex: String = SYN.chars().filter(|c| !c.is_whitespace()).collect();
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    fn frame(link_type: u32, data: &[u8], original_len: u32) -> FrameIn<'_> {
        FrameIn {
            link_type,
            secs: 1_120_622_255,
            nanos: 938_066_000,
            data,
            original_len,
        }
    }

    #[test]
    fn tcp_syn_with_v_as_tcpdump_prints_it() {
        // TZ=GMT0 tcpdump -t -v -r print-flags.pcap -c 1 (with -nn's numbers).
        let opts = Options {
            verbose: 1,
            time: 1,
            ..Options::default()
        };
        let data = syn();
        let mut p = Printer::new(&opts);
        assert_eq!(
            p.print(&frame(1, &data, data.len() as u32)),
            "IP (tos 0x0, ttl 64, id 7016, offset 0, flags [DF], proto TCP (6), length 60)\n    \
             127.0.0.1.55920 > 127.0.0.1.80: Flags [S], cksum 0x1421 (correct), seq 928549246, win 32767, \
             options [mss 16396,sackOK,TS val 1306300950 ecr 0,nop,wscale 2], length 0\n"
        );
    }

    #[test]
    fn cut_frames_are_marked_truncated_not_a_panic() {
        let opts = Options {
            verbose: 3,
            link_header: true,
            ..Options::default()
        };
        let data = syn();
        let mut p = Printer::new(&opts);
        for cut in 0..data.len() {
            let text = p
                .print(&frame(1, &data[..cut], data.len() as u32))
                .to_string();
            assert!(text.ends_with('\n'), "{cut}: {text}");
            assert!(text.contains(" [|"), "cut at {cut} not marked: {text}");
        }
    }

    #[test]
    fn arbitrary_bytes_print_without_panicking() {
        // A fixed pseudo-random sequence over every link type and option set: each frame is printed,
        // whatever it holds.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let option_sets = [
            Options::default(),
            Options {
                verbose: 3,
                link_header: true,
                number: true,
                time: 5,
                dump: Dump::HexAscii { link: true },
                ..Options::default()
            },
            Options {
                quiet: true,
                absolute_seq: true,
                time: 3,
                nano: true,
                dump: Dump::Ascii { link: false },
                ..Options::default()
            },
        ];
        for opts in &option_sets {
            let mut p = Printer::new(opts);
            for i in 0..3000 {
                let len = (next() % 200) as usize;
                let mut data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
                // Steer some frames into the IP, TCP and UDP printers.
                if data.len() > 34 && i % 2 == 0 {
                    data[12] = 0x08;
                    data[13] = 0x00;
                    data[14] = 0x45;
                    data[23] = [6u8, 17, 1, 58][i % 4];
                }
                for lt in [0, 1, 101, 108, 113, 228, 229, 239, 276] {
                    let text = p.print(&frame(lt, &data, len as u32 + (next() % 3) as u32));
                    assert!(text.ends_with('\n'));
                }
            }
        }
    }
}
