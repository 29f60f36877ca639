//! `-z conv,TYPE[,FILTER]` and `-z endpoints,TYPE[,FILTER]`: traffic between pairs of addresses (and
//! ports), and per address (and port), as tshark 4.0 prints them.
//!
//! tshark's dissectors hand each header to the report as they dissect it; here each occurrence of the
//! protocol in the tree stands for one such header, with the addresses of the nearest network layer
//! before it for TCP and UDP. Frames count with their length on the wire.

use fields::{FieldId, Interest, PacketTree, Registry, Value};

use super::{Tap, TapFilter, seconds};
use crate::summary::FrameTimes;

/// The layer a report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Eth,
    Ip,
    Ipv6,
    Tcp,
    Udp,
}

impl Kind {
    /// The kind named in `-z conv,NAME` (`eth`, `ip`, `ipv6`, `tcp`, `udp`).
    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "eth" => Kind::Eth,
            "ip" => Kind::Ip,
            "ipv6" => Kind::Ipv6,
            "tcp" => Kind::Tcp,
            "udp" => Kind::Udp,
            _ => return None,
        })
    }

    /// The protocol's short name, which titles the report ("TCP Conversations").
    fn title(self) -> &'static str {
        match self {
            Kind::Eth => "Ethernet",
            Kind::Ip => "IPv4",
            Kind::Ipv6 => "IPv6",
            Kind::Tcp => "TCP",
            Kind::Udp => "UDP",
        }
    }

    fn has_ports(self) -> bool {
        matches!(self, Kind::Tcp | Kind::Udp)
    }
}

/// An address as the reports compare and print it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Address {
    Ether([u8; 6]),
    Ipv4([u8; 4]),
    Ipv6([u8; 16]),
}

impl Address {
    fn from_value(v: &Value) -> Option<Address> {
        Some(match *v {
            Value::Ether(m) => Address::Ether(m),
            Value::Ipv4(a) => Address::Ipv4(a),
            Value::Ipv6(a) => Address::Ipv6(a),
            _ => return None,
        })
    }

    fn write(&self, out: &mut String) {
        match self {
            Address::Ether(m) => {
                for (i, b) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(':');
                    }
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push(HEX[(b >> 4) as usize] as char);
                    out.push(HEX[(b & 15) as usize] as char);
                }
            }
            Address::Ipv4(a) => fields::format::push_ipv4(out, *a),
            Address::Ipv6(a) => fields::format::push_ipv6(out, *a),
        }
    }
}

/// One header of the report's layer in a frame: source and destination, with ports and the
/// conversation number (`tcp.stream`/`udp.stream`) for TCP and UDP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    src: Address,
    dst: Address,
    sport: u32,
    dport: u32,
    stream: Option<u64>,
}

/// The fields a kind reads, resolved once.
struct Layer {
    kind: Kind,
    /// The protocol item of the grouped layer, and its filter name (`eth`, `ip`, `tcp` ...).
    proto: Option<FieldId>,
    name: &'static str,
    /// For the link and network kinds: the layer's own source and destination fields.
    src: Option<FieldId>,
    dst: Option<FieldId>,
    /// For TCP and UDP: the network layers' address fields (IPv4 then IPv6), and their protocol items
    /// (wanted so that the addresses of a quoted datagram can be told from the frame's).
    net: [Option<FieldId>; 4],
    net_protos: [Option<FieldId>; 2],
    /// IPv6 routing headers: segments left, then the addresses that make the final destination the
    /// one upper layers see (the last of a type 0 route, a type 2 home address, a segment routing
    /// header's first segment), as Wireshark hands it on.
    routing: [Option<FieldId>; 4],
    sport: Option<FieldId>,
    dport: Option<FieldId>,
    stream: Option<FieldId>,
    /// The protocols whose items hold a quoted datagram (ICMP and ICMPv6 errors): wanted so that the
    /// quoted headers sit inside them, not at the top, and are told apart.
    nesting: [Option<FieldId>; 2],
}

impl Layer {
    fn new(kind: Kind, registry: &Registry) -> Layer {
        let f = |name: &str| registry.lookup(name);
        let (proto, src, dst) = match kind {
            Kind::Eth => ("eth", "eth.src", "eth.dst"),
            Kind::Ip => ("ip", "ip.src", "ip.dst"),
            Kind::Ipv6 => ("ipv6", "ipv6.src", "ipv6.dst"),
            Kind::Tcp => ("tcp", "tcp.srcport", "tcp.dstport"),
            Kind::Udp => ("udp", "udp.srcport", "udp.dstport"),
        };
        let mut layer = Layer {
            kind,
            proto: f(proto),
            name: proto,
            src: None,
            dst: None,
            net: [None; 4],
            net_protos: [None; 2],
            routing: [None; 4],
            sport: None,
            dport: None,
            stream: None,
            nesting: [f("icmp"), f("icmpv6")],
        };
        if kind.has_ports() {
            layer.net = [f("ip.src"), f("ip.dst"), f("ipv6.src"), f("ipv6.dst")];
            layer.net_protos = [f("ip"), f("ipv6")];
            layer.routing = [
                f("ipv6.routing.segleft"),
                f("ipv6.routing.src.addr"),
                f("ipv6.routing.mipv6.home_address"),
                f("ipv6.routing.srh.addr"),
            ];
            layer.sport = f(src);
            layer.dport = f(dst);
            layer.stream = f(&format!("{proto}.stream"));
        } else {
            layer.src = f(src);
            layer.dst = f(dst);
        }
        layer
    }

    fn add_interest(&self, interest: &mut Interest) {
        let all = [
            self.proto,
            self.src,
            self.dst,
            self.sport,
            self.dport,
            self.stream,
        ];
        for id in all
            .into_iter()
            .chain(self.net)
            .chain(self.net_protos)
            .chain(self.routing)
            .chain(self.nesting)
            .flatten()
        {
            interest.add_field(id);
        }
    }

    /// Calls `each` for every header of the layer in the frame, in tree order. Headers quoted in an ICMP
    /// or ICMPv6 error are not the frame's traffic and are left out, as tshark's dissectors do not report
    /// them.
    fn headers(&self, tree: &PacketTree, mut each: impl FnMut(Header)) {
        let Some(proto) = self.proto else { return };
        // The network addresses seen last, for the transport layers.
        let (mut net_src, mut net_dst) = (None, None);
        let (mut segments_left, mut srh_seen) = (0, false);
        // Which occurrence of the protocol each item is, to find its place among the layers.
        let name = self.name;
        let mut layer_positions = tree
            .layers
            .iter()
            .enumerate()
            .filter(|(_, l)| **l == name)
            .map(|(i, _)| i);
        let mut open: Option<(u32, Partial)> = None;
        let ports = self.kind.has_ports();
        let flush = |open: &mut Option<(u32, Partial)>, each: &mut dyn FnMut(Header)| {
            if let Some((_, p)) = open.take()
                && let Some(h) = p.finish(ports)
            {
                each(h);
            }
        };
        let top = fields::ItemIdx::ROOT.0;
        for (i, item) in tree.items().iter().enumerate() {
            let field = Some(item.field);
            if item.field == proto {
                flush(&mut open, &mut each);
                // A header whose own dissection failed (the frame is malformed or cut short right after
                // it, before any layer above) never reached the point where tshark reports it.
                let failed = layer_positions.next().is_some_and(|at| {
                    tree.layers
                        .get(at + 1)
                        .is_some_and(|next| matches!(*next, "_ws.malformed" | "_ws.short"))
                        || (self.kind == Kind::Ipv6 && awaits_reassembly(&tree.layers[at + 1..]))
                });
                if item.parent != top || failed {
                    continue;
                }
                open = Some((
                    i as u32,
                    Partial {
                        src: net_src,
                        dst: net_dst,
                        ..Partial::default()
                    },
                ));
                continue;
            }
            let at_top = |idx: u32| idx != top && tree.item(fields::ItemIdx(idx)).parent == top;
            if self.kind.has_ports() {
                if at_top(item.parent) {
                    if field == self.net[0] || field == self.net[2] {
                        net_src = Address::from_value(&item.value);
                        segments_left = 0;
                        srh_seen = false;
                        continue;
                    }
                    if field == self.net[1] || field == self.net[3] {
                        net_dst = Address::from_value(&item.value);
                        continue;
                    }
                }
                if field == self.routing[0] {
                    segments_left = match item.value {
                        Value::UInt(v) => v,
                        _ => 0,
                    };
                    srh_seen = false;
                    continue;
                }
                if segments_left > 0
                    && (field == self.routing[1]
                        || field == self.routing[2]
                        || (field == self.routing[3] && !srh_seen))
                {
                    srh_seen |= field == self.routing[3];
                    net_dst = Address::from_value(&item.value).or(net_dst);
                    continue;
                }
            }
            let Some((parent, p)) = open.as_mut() else {
                continue;
            };
            if item.parent != *parent {
                continue;
            }
            let uint = match item.value {
                Value::UInt(v) => Some(v),
                _ => None,
            };
            if self.kind.has_ports() {
                if field == self.sport && p.sport.is_none() {
                    p.sport = uint.map(|v| v as u32);
                } else if field == self.dport && p.dport.is_none() {
                    p.dport = uint.map(|v| v as u32);
                } else if field == self.stream && p.stream.is_none() {
                    p.stream = uint;
                }
            } else if field == self.src && p.src.is_none() {
                p.src = Address::from_value(&item.value);
            } else if field == self.dst && p.dst.is_none() {
                p.dst = Address::from_value(&item.value);
            }
        }
        flush(&mut open, &mut each);
    }
}

/// Whether the layers after an IPv6 header show a fragment whose datagram is not complete yet (the
/// fragment header followed by nothing but data): Wireshark's IPv6 dissector reports such a header
/// only once the datagram is reassembled.
fn awaits_reassembly(after: &[&str]) -> bool {
    let mut rest = after
        .iter()
        .skip_while(|l| l.starts_with("ipv6.") && **l != "ipv6.fraghdr");
    if rest.next() != Some(&"ipv6.fraghdr") {
        return false;
    }
    match rest.next() {
        None => true,
        Some(next) => *next == "data" || next.starts_with("_ws."),
    }
}

#[derive(Debug, Default)]
struct Partial {
    src: Option<Address>,
    dst: Option<Address>,
    sport: Option<u32>,
    dport: Option<u32>,
    stream: Option<u64>,
}

impl Partial {
    fn finish(self, ports: bool) -> Option<Header> {
        Some(Header {
            src: self.src?,
            dst: self.dst?,
            sport: if ports { self.sport? } else { 0 },
            dport: if ports { self.dport? } else { 0 },
            stream: self.stream,
        })
    }
}

/// tshark's `format_size` with byte units: the number itself below 10 000 ("4513 bytes"), else whole
/// thousands, millions ... with an SI prefix ("38 kB").
fn write_size(out: &mut String, bytes: u64) {
    const PREFIXES: [(u64, &str); 4] = [
        (1_000_000_000_000, " TB"),
        (1_000_000_000, " GB"),
        (1_000_000, " MB"),
        (1_000, " kB"),
    ];
    for (unit, prefix) in PREFIXES {
        if bytes / unit >= 10 {
            fields::format::push_decimal(out, bytes / unit);
            out.push_str(prefix);
            return;
        }
    }
    fields::format::push_decimal(out, bytes);
    out.push_str(" bytes");
}

/// Appends `s` left-aligned in `width` columns (longer text is not cut, as with printf's `%-Ns`).
fn push_left(out: &mut String, s: &str, width: usize) {
    out.push_str(s);
    for _ in s.len()..width {
        out.push(' ');
    }
}

/// Appends `s` right-aligned in `width` columns.
fn push_right(out: &mut String, s: &str, width: usize) {
    for _ in s.len()..width {
        out.push(' ');
    }
    out.push_str(s);
}

fn push_number(out: &mut String, v: u64, width: usize) {
    let mut digits = String::new();
    fields::format::push_decimal(&mut digits, v);
    push_right(out, &digits, width);
}

/// The name tshark prints for an address, with `:port` for TCP and UDP.
fn endpoint_name(kind: Kind, addr: &Address, port: u32) -> String {
    let mut s = String::new();
    addr.write(&mut s);
    if kind.has_ports() {
        s.push(':');
        fields::format::push_decimal(&mut s, port as u64);
    }
    s
}

/// Orders rows by total frames, most first; rows with the same total keep the order in which they first
/// appeared (tshark prints each distinct total in turn, scanning its table in order).
fn by_total_frames<T>(rows: &[T], total: impl Fn(&T) -> u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(total(&rows[i])));
    order
}

const RULE: &str =
    "================================================================================\n";

fn write_heading(out: &mut String, title: &str, what: &str, filter: &TapFilter) {
    out.push_str(RULE);
    out.push_str(title);
    out.push(' ');
    out.push_str(what);
    out.push_str("\nFilter:");
    out.push_str(filter.text.as_deref().unwrap_or("<No Filter>"));
    out.push('\n');
}

/// One conversation: its two ends as the first frame gave them (source first).
struct Conversation {
    src: Address,
    dst: Address,
    sport: u32,
    dport: u32,
    /// Frames and bytes from `src` to `dst` ("->") and back ("<-").
    tx_frames: u64,
    tx_bytes: u64,
    rx_frames: u64,
    rx_bytes: u64,
    /// Earliest and latest relative times.
    start_ns: i128,
    stop_ns: i128,
}

/// `-z conv,TYPE[,FILTER]`.
pub struct Conversations {
    layer: Layer,
    filter: TapFilter,
    rows: Vec<Conversation>,
    /// Conversations by their unordered pair of ends (and stream), to the row.
    index: std::collections::HashMap<ConvKey, usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ConvKey {
    a: (Address, u32),
    b: (Address, u32),
    stream: Option<u64>,
}

impl ConvKey {
    fn new(h: &Header) -> ConvKey {
        let (x, y) = ((h.src, h.sport), (h.dst, h.dport));
        let (a, b) = if key_order(&x) <= key_order(&y) {
            (x, y)
        } else {
            (y, x)
        };
        ConvKey {
            a,
            b,
            stream: h.stream,
        }
    }
}

/// A total order on ends, only to make the key direction-independent.
fn key_order(e: &(Address, u32)) -> (u8, [u8; 16], u32) {
    let (tag, bytes) = match e.0 {
        Address::Ether(m) => {
            let mut b = [0; 16];
            b[..6].copy_from_slice(&m);
            (0, b)
        }
        Address::Ipv4(a) => {
            let mut b = [0; 16];
            b[..4].copy_from_slice(&a);
            (1, b)
        }
        Address::Ipv6(a) => (2, a),
    };
    (tag, bytes, e.1)
}

impl Conversations {
    pub fn new(kind: Kind, registry: &Registry, filter: TapFilter) -> Conversations {
        Conversations {
            layer: Layer::new(kind, registry),
            filter,
            rows: Vec::new(),
            index: std::collections::HashMap::new(),
        }
    }

    fn add(&mut self, h: Header, bytes: u64, rel: i128) {
        let key = ConvKey::new(&h);
        let row = *self.index.entry(key).or_insert_with(|| {
            self.rows.push(Conversation {
                src: h.src,
                dst: h.dst,
                sport: h.sport,
                dport: h.dport,
                tx_frames: 0,
                tx_bytes: 0,
                rx_frames: 0,
                rx_bytes: 0,
                start_ns: rel,
                stop_ns: rel,
            });
            self.rows.len() - 1
        });
        let c = &mut self.rows[row];
        if h.src == c.src && h.dst == c.dst && h.sport == c.sport && h.dport == c.dport {
            c.tx_frames += 1;
            c.tx_bytes += bytes;
        } else {
            c.rx_frames += 1;
            c.rx_bytes += bytes;
        }
        // tshark moves the start back only when the time is not past the stop.
        if rel > c.stop_ns {
            c.stop_ns = rel;
        } else if rel < c.start_ns {
            c.start_ns = rel;
        }
    }
}

impl Tap for Conversations {
    fn add_interest(&self, _registry: &Registry, interest: &mut Interest) {
        self.layer.add_interest(interest);
        self.filter.add_interest(interest);
    }

    fn frame(&mut self, _registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        if !self.filter.matches(tree, data) {
            return;
        }
        let mut headers = Vec::new();
        self.layer.headers(tree, |h| headers.push(h));
        for h in headers {
            self.add(h, times.wire_len as u64, times.relative_ns);
        }
    }

    fn finish(&mut self, _registry: &Registry, out: &mut String) {
        let kind = self.layer.kind;
        write_heading(out, kind.title(), "Conversations", &self.filter);
        // TCP and UDP rows name ports, so their columns start further right.
        let (indent, name_w) = if kind.has_ports() {
            ("            ", 26)
        } else {
            ("", 20)
        };
        out.push_str(indent);
        out.push_str("                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n");
        out.push_str(indent);
        out.push_str("                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n");
        let mut size = String::new();
        for i in by_total_frames(&self.rows, |c| c.tx_frames + c.rx_frames) {
            let c = &self.rows[i];
            push_left(out, &endpoint_name(kind, &c.src, c.sport), name_w);
            out.push_str(" <-> ");
            push_left(out, &endpoint_name(kind, &c.dst, c.dport), name_w);
            for (frames, bytes) in [
                (c.rx_frames, c.rx_bytes),
                (c.tx_frames, c.tx_bytes),
                (c.rx_frames + c.tx_frames, c.rx_bytes + c.tx_bytes),
            ] {
                out.push_str("  ");
                push_number(out, frames, 6);
                out.push(' ');
                size.clear();
                write_size(&mut size, bytes);
                push_left(out, &size, 9);
            }
            let start = seconds(c.start_ns);
            let duration = seconds(c.stop_ns) - start;
            out.push_str(&format!("  {start:14.9}   {duration:12.4}\n"));
        }
        out.push_str(RULE);
    }
}

/// One endpoint: an address (and port) with what it sent and received.
struct Endpoint {
    addr: Address,
    port: u32,
    tx_frames: u64,
    tx_bytes: u64,
    rx_frames: u64,
    rx_bytes: u64,
}

/// `-z endpoints,TYPE[,FILTER]`.
pub struct Endpoints {
    layer: Layer,
    filter: TapFilter,
    rows: Vec<Endpoint>,
    index: std::collections::HashMap<(Address, u32), usize>,
}

impl Endpoints {
    pub fn new(kind: Kind, registry: &Registry, filter: TapFilter) -> Endpoints {
        Endpoints {
            layer: Layer::new(kind, registry),
            filter,
            rows: Vec::new(),
            index: std::collections::HashMap::new(),
        }
    }

    fn add(&mut self, addr: Address, port: u32, sender: bool, bytes: u64) {
        let row = *self.index.entry((addr, port)).or_insert_with(|| {
            self.rows.push(Endpoint {
                addr,
                port,
                tx_frames: 0,
                tx_bytes: 0,
                rx_frames: 0,
                rx_bytes: 0,
            });
            self.rows.len() - 1
        });
        let e = &mut self.rows[row];
        if sender {
            e.tx_frames += 1;
            e.tx_bytes += bytes;
        } else {
            e.rx_frames += 1;
            e.rx_bytes += bytes;
        }
    }
}

impl Tap for Endpoints {
    fn add_interest(&self, _registry: &Registry, interest: &mut Interest) {
        self.layer.add_interest(interest);
        self.filter.add_interest(interest);
    }

    fn frame(&mut self, _registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        if !self.filter.matches(tree, data) {
            return;
        }
        let mut headers = Vec::new();
        self.layer.headers(tree, |h| headers.push(h));
        let bytes = times.wire_len as u64;
        // Both ends count, the source as sender, even when a host talks to itself.
        for h in headers {
            self.add(h.src, h.sport, true, bytes);
            self.add(h.dst, h.dport, false, bytes);
        }
    }

    fn finish(&mut self, _registry: &Registry, out: &mut String) {
        let kind = self.layer.kind;
        write_heading(out, kind.title(), "Endpoints", &self.filter);
        out.push_str("                       |  ");
        if kind.has_ports() {
            out.push_str("Port  ||  ");
        }
        out.push_str(
            "Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n",
        );
        let mut name = String::new();
        for i in by_total_frames(&self.rows, |e| e.tx_frames + e.rx_frames) {
            let e = &self.rows[i];
            name.clear();
            e.addr.write(&mut name);
            push_left(out, &name, 20);
            if kind.has_ports() {
                out.push_str("      ");
                push_number(out, e.port as u64, 5);
            }
            let columns = [
                ("      ", e.tx_frames + e.rx_frames, 6),
                ("     ", e.tx_bytes + e.rx_bytes, 9),
                ("     ", e.tx_frames, 6),
                ("       ", e.tx_bytes, 9),
                ("      ", e.rx_frames, 6),
                ("       ", e.rx_bytes, 9),
            ];
            for (j, (gap, v, w)) in columns.into_iter().enumerate() {
                // With a port column the packet count follows the port after five spaces.
                out.push_str(if j == 0 && kind.has_ports() {
                    "     "
                } else {
                    gap
                });
                push_number(out, v, w);
            }
            out.push_str("   \n");
        }
        out.push_str(RULE);
    }
}
