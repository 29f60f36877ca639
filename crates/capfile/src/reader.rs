//! [`CaptureReader`]: pcap and pcapng, plain or compressed, mapped or streamed; [`PacketIndex`] for random
//! access.

use std::fs::File;
use std::io::{self, Read, Seek};
use std::net::IpAddr;
use std::ops::ControlFlow;
use std::path::Path;

use crate::bytes::{Options, hex_prefix, opt_str, pad4, u16_at, u32_at, u64_at};
mod scout;

use crate::source::{
    Input, SPARSE_GAP, SparseHeaders, Stream, Whole, decompressor, detect_compression, map_file,
};
use crate::{
    CapfileError, Compression, DecryptionSecrets, FileFormat, Frame, Interface, InterfaceStats,
    LinkType, NameRecord, Section, Timestamp,
};

/// tshark's (wiretap's) largest packet for ordinary link types, `WTAP_MAX_PACKET_SIZE_STANDARD`.
pub const MAX_PACKET_LEN: u32 = 262_144;

/// Largest packet wiretap accepts for link types that carry bigger records (D-Bus, USB: 128 MiB; EBHSCR:
/// 8 MiB); [`MAX_PACKET_LEN`] for every other link type.
pub fn max_packet_len(link_type: LinkType) -> u32 {
    match link_type.0 {
        // DBUS; USB_LINUX, USB_LINUX_MMAPPED, USBPCAP, USB_DARWIN
        231 | 189 | 220 | 249 | 266 => 128 * 1024 * 1024,
        // EBHSCR
        279 => 8 * 1024 * 1024,
        _ => MAX_PACKET_LEN,
    }
}

/// Largest pcapng block accepted: the largest packet plus room for its header and options.
pub const MAX_BLOCK_LEN: u32 = 128 * 1024 * 1024 + 256 * 1024;

const SHB_TYPE: u32 = 0x0A0D_0D0A;

const BOM: u32 = 0x1A2B_3C4D;

/// Reads a capture file frame by frame.
///
/// Frames are lent: each borrows the reader (the memory map or the stream buffer) until the next call to
/// [`CaptureReader::next_frame`] or [`CaptureReader::frame_at`]. Damaged input never panics and never makes
/// the reader allocate more than the data actually present (plus a bounded block size): every complete frame
/// before the damage is returned, then one error, then `Ok(None)` for ever.
pub struct CaptureReader {
    input: Input,
    compression: Compression,
    format: FileFormat,
    pcap: PcapState,
    /// pcapng: per section, the global id of each of its interfaces (local id → global id).
    section_ifaces: Vec<Vec<u32>>,
    interfaces: Vec<Interface>,
    sections: Vec<Section>,
    secrets: Vec<DecryptionSecrets>,
    names: Vec<NameRecord>,
    frames_read: u64,
    /// Offset of the next record or block.
    pos: u64,
    /// An error (or the end) was reached; `next_frame` returns `Ok(None)` from now on.
    done: bool,
    /// pcapng, while opening: stop before the first packet block or further section header.
    preread: bool,
    /// Offset of the pcapng block being processed.
    block_start: u64,
    /// The thread reading headers further on in a large pcap file ([`scout`]), once started.
    /// Boxed: the link holds several segments' run lists, and a reader is moved around by value.
    scout: Option<Box<scout::Link>>,
    /// `next_pcap` consults the scout when the position reaches this offset (`u64::MAX`: never).
    scout_check: u64,
    /// The scout's segment size ([`scout::SEGMENT`]; smaller in tests).
    scout_segment: u64,
    /// pcap records starting before this offset may be read by the fast path
    /// ([`CaptureReader::pcap_record_dense`]); 0 before the first run.
    dense_end: u64,
}

#[derive(Clone, Copy, Default)]
struct PcapState {
    be: bool,
    nanos: bool,
    /// Versions before 2.3 may have the two length fields swapped (libpcap's rule).
    maybe_swapped: bool,
    max_len: u32,
    /// Record header length: 16 for standard pcap; 24 or 28 for the Kuznetzov variants.
    hdr_len: u8,
}

impl PcapState {
    /// The record header `h` (at least 16 bytes): seconds, fraction, captured and original length, the
    /// two lengths swapped back in files before 2.3 that wrote them the wrong way round.
    #[inline(always)]
    fn header(&self, h: &[u8]) -> (u32, u32, u32, u32) {
        let ts_sec = u32_at(h, 0, self.be);
        let ts_frac = u32_at(h, 4, self.be);
        let mut incl = u32_at(h, 8, self.be);
        let mut orig = u32_at(h, 12, self.be);
        if self.maybe_swapped && incl > orig {
            std::mem::swap(&mut incl, &mut orig);
        }
        (ts_sec, ts_frac, incl, orig)
    }

    /// The header of the record at `off` in `bytes` (a whole file) if the fast path takes the record: its
    /// header and data are all there, within the link's maximum and not large (a large record goes the
    /// slow way, whose header reads notice a file of large records). `None` leaves the record to
    /// [`CaptureReader::pcap_record_at`], which reports any damage.
    #[inline(always)]
    fn dense_header(&self, bytes: &[u8], off: u64) -> Option<(u32, u32, u32, u32)> {
        let at = usize::try_from(off).ok()?;
        let data_start = at.checked_add(self.hdr_len as usize)?;
        let header = self.header(bytes.get(at..data_start)?);
        let incl = header.2;
        if incl > self.max_len
            || incl as usize >= SPARSE_GAP
            || bytes.len() - data_start < incl as usize
        {
            return None;
        }
        Some(header)
    }

    /// The record at `offset` whose header read `(ts_sec, ts_frac, incl, orig)`.
    #[inline(always)]
    fn rec(&self, offset: u64, (ts_sec, ts_frac, incl, orig): (u32, u32, u32, u32)) -> Rec {
        self.rec_with(
            offset,
            pcap_timestamp(ts_sec, ts_frac, self.nanos),
            incl,
            orig,
        )
    }

    /// The record at `offset` with its time and lengths already taken from its header (the scout hands
    /// records over so).
    #[inline(always)]
    fn rec_with(&self, offset: u64, ts: Timestamp, caplen: u32, orig_len: u32) -> Rec {
        Rec {
            offset,
            data_start: offset + u64::from(self.hdr_len),
            caplen,
            orig_len,
            ts,
            has_ts: true,
            iface: 0,
            comments: None,
            flags: None,
            be: self.be,
        }
    }
}

/// Where a packet record's parts are, before it becomes a [`Frame`].
#[derive(Clone, Copy)]
struct Rec {
    offset: u64,
    data_start: u64,
    caplen: u32,
    orig_len: u32,
    ts: Timestamp,
    has_ts: bool,
    iface: u32,
    /// pcapng options area (offset, length) when it holds at least one comment.
    comments: Option<(u64, u32)>,
    flags: Option<u32>,
    be: bool,
}

/// The frame of `rec` with its captured bytes `data`, seen on `interface`; no comments, no flags (the
/// one place a [`Frame`] is put together: the fast paths use it as it is, the general path adds what
/// the record has of those).
#[inline(always)]
fn frame_of<'a>(rec: &Rec, number: u64, interface: &'a Interface, data: &'a [u8]) -> Frame<'a> {
    Frame {
        number,
        timestamp: rec.ts,
        has_timestamp: rec.has_ts,
        interface_id: rec.iface,
        interface,
        link_type: interface.link_type,
        data,
        original_len: rec.orig_len,
        file_offset: rec.offset,
        comments: Vec::new(),
        flags: None,
    }
}

impl Rec {
    /// The record's captured bytes in `bytes`, a whole file.
    #[inline(always)]
    fn data_in<'a>(&self, bytes: &'a [u8]) -> &'a [u8] {
        let start = self.data_start as usize;
        &bytes[start..start + self.caplen as usize]
    }
}

/// Converts a count of `units`-per-second ticks plus an offset in seconds to a timestamp, truncating below
/// a nanosecond.
#[inline(always)]
pub(crate) fn ticks_to_timestamp(ticks: u64, units: u64, offset_secs: i64) -> Timestamp {
    let (secs, nanos) = match units {
        1_000_000 => (ticks / 1_000_000, (ticks % 1_000_000) as u32 * 1000),
        1_000_000_000 => (ticks / 1_000_000_000, (ticks % 1_000_000_000) as u32),
        _ => {
            let units = units.max(1);
            let rem = (ticks % units) as u128;
            (ticks / units, (rem * 1_000_000_000 / units as u128) as u32)
        }
    };
    Timestamp {
        secs: i64::try_from(secs)
            .unwrap_or(i64::MAX)
            .saturating_add(offset_secs),
        nanos,
    }
}

/// Ticks per second for an `if_tsresol` byte, or None if it is out of range (10^20 and up, 2^64 and up).
pub(crate) fn tsresol_units(r: u8) -> Option<u64> {
    let exp = (r & 0x7f) as u32;
    if r & 0x80 != 0 {
        1u64.checked_shl(exp).filter(|_| exp < 64)
    } else {
        10u64.checked_pow(exp)
    }
}

impl CaptureReader {
    /// Opens a capture file; `-` reads standard input.
    ///
    /// gzip and zstd compression are recognised by their magic bytes and decompressed on the fly. A plain
    /// regular file is memory-mapped (and then supports random access); anything else is streamed. The file
    /// header (pcap), or the first Section Header Block and the blocks after it up to the first packet
    /// (pcapng), are read here, so [`CaptureReader::format`], [`CaptureReader::sections`] and, for files
    /// that describe their interfaces up front, [`CaptureReader::interfaces`] are complete at once; later
    /// interfaces of a pcapng file appear as their blocks are reached.
    pub fn open(path: &Path) -> Result<Self, CapfileError> {
        if path.as_os_str() == "-" {
            return Self::from_read(Box::new(io::stdin()));
        }
        let open_err = |source| CapfileError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(open_err)?;
        let meta = file.metadata().map_err(open_err)?;
        if !meta.is_file() {
            return Self::from_read(Box::new(file));
        }
        let mut head = [0u8; 4];
        let n = read_up_to(&mut file, &mut head).map_err(open_err)?;
        let compression = detect_compression(&head[..n]);
        if compression != Compression::None {
            file.rewind().map_err(open_err)?;
            let stream = Stream::new(decompressor(Box::new(file), compression));
            return Self::from_input(Input::Stream(stream), compression);
        }
        let whole = if meta.len() == 0 {
            Whole::Vec(Vec::new())
        } else {
            Whole::Map(map_file(file).map_err(open_err)?)
        };
        Self::from_input(Input::Whole(whole), Compression::None)
    }

    /// Reads a capture from a stream (a pipe, a socket, a decompressor), compressed or not.
    pub fn from_read(mut r: Box<dyn Read + Send>) -> Result<Self, CapfileError> {
        let mut head = [0u8; 4];
        let n = read_up_to(&mut r, &mut head)?;
        let compression = detect_compression(&head[..n]);
        let raw: Box<dyn Read + Send> = Box::new(io::Cursor::new(head[..n].to_vec()).chain(r));
        let stream = Stream::new(decompressor(raw, compression));
        Self::from_input(Input::Stream(stream), compression)
    }

    /// Reads a capture held in memory (a compressed one is streamed through its decompressor). Uncompressed
    /// bytes support random access, like a mapped file.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, CapfileError> {
        let compression = detect_compression(&bytes);
        if compression == Compression::None {
            return Self::from_input(Input::Whole(Whole::Vec(bytes)), compression);
        }
        let stream = Stream::new(decompressor(Box::new(io::Cursor::new(bytes)), compression));
        Self::from_input(Input::Stream(stream), compression)
    }

    fn from_input(input: Input, compression: Compression) -> Result<Self, CapfileError> {
        let mut reader = CaptureReader::unread(input, compression);
        reader.read_file_header()?;
        reader.plan_scout();
        Ok(reader)
    }

    /// A reader of `input` that has read nothing yet, not even the file header (which decides the
    /// format; pcapng until then).
    fn unread(input: Input, compression: Compression) -> Self {
        CaptureReader {
            input,
            compression,
            format: FileFormat::Pcapng,
            pcap: PcapState::default(),
            section_ifaces: Vec::new(),
            interfaces: Vec::new(),
            sections: Vec::new(),
            secrets: Vec::new(),
            names: Vec::new(),
            frames_read: 0,
            pos: 0,
            done: false,
            preread: false,
            block_start: 0,
            scout: None,
            scout_check: u64::MAX,
            scout_segment: scout::SEGMENT,
            dense_end: 0,
        }
    }

    fn read_file_header(&mut self) -> Result<(), CapfileError> {
        let head = self.input.window(0, 24)?;
        let magic: [u8; 4] = match head.get(..4) {
            Some(m) => m.try_into().expect("4 bytes"),
            None => return Err(not_a_capture(head, self.compression)),
        };
        // The record-header variants to try, as wiretap does: Alexey Kuznetzov's patched libpcap wrote 24- or
        // 28-byte record headers, sometimes under the standard magic (Red Hat 6.1's "ss990417"). The variant
        // that fits the first two records best wins; ties go to the standard layout.
        const STANDARD: &[u8] = &[16, 24];
        const MODIFIED: &[u8] = &[24, 28];
        const NANO: &[u8] = &[16];
        let (be, nanos, variants) = match magic {
            [0xd4, 0xc3, 0xb2, 0xa1] => (false, false, STANDARD),
            [0xa1, 0xb2, 0xc3, 0xd4] => (true, false, STANDARD),
            [0x4d, 0x3c, 0xb2, 0xa1] => (false, true, NANO),
            [0xa1, 0xb2, 0x3c, 0x4d] => (true, true, NANO),
            [0x34, 0xcd, 0xb2, 0xa1] => (false, false, MODIFIED),
            [0xa1, 0xb2, 0xcd, 0x34] => (true, false, MODIFIED),
            [0x0a, 0x0d, 0x0d, 0x0a] => {
                self.format = FileFormat::Pcapng;
                // The first block is the SHB; next_pcapng stops after it.
                self.next_pcapng()?;
                if self.sections.is_empty() {
                    return Err(CapfileError::CutShort { frame_number: 1 });
                }
                // Then the interface descriptions (and other blocks) before the first packet, so that
                // `interfaces()` lists them at once, as wiretap does when it opens a file. Damage found here
                // is left for `next_frame` to report in order.
                self.preread = true;
                if self.next_pcapng().is_err() {
                    self.pos = self.block_start;
                }
                self.preread = false;
                return Ok(());
            }
            _ => return Err(not_a_capture(head, self.compression)),
        };
        if head.len() < 24 {
            return Err(CapfileError::CutShort { frame_number: 1 });
        }
        let version_major = u16_at(head, 4, be);
        let version_minor = u16_at(head, 6, be);
        let snaplen = u32_at(head, 16, be);
        let network = u32_at(head, 20, be);
        if version_major != 2 {
            return Err(CapfileError::Unsupported(format!(
                "pcap version {version_major}.{version_minor} is not supported (only 2.x is)"
            )));
        }
        if network & 0x03FF_0000 != 0 {
            return Err(CapfileError::Malformed {
                offset: 20,
                what: format!(
                    "pcap: the reserved bits of the link-type field are not zero (0x{:08x})",
                    network & 0x03FF_0000
                ),
            });
        }
        let link_type = LinkType(network & 0xFFFF);
        let mut interface = Interface::new(link_type);
        interface.snaplen = snaplen;
        interface.ts_units_per_sec = if nanos { 1_000_000_000 } else { 1_000_000 };
        if network & 0x0400_0000 != 0 {
            interface.fcs_len = Some(((network >> 28) * 2) as u8);
        }
        self.pcap = PcapState {
            be,
            nanos,
            maybe_swapped: version_minor < 3,
            max_len: max_packet_len(link_type),
            hdr_len: variants[0],
        };
        if variants.len() > 1 {
            let mut best = (u32::MAX, variants[0]);
            for &hdr_len in variants {
                let merit = self.pcap_variant_merit(hdr_len, snaplen)?;
                if merit < best.0 {
                    best = (merit, hdr_len);
                }
                if merit == 0 {
                    break;
                }
            }
            self.pcap.hdr_len = best.1;
        }
        self.format = FileFormat::Pcap {
            nanosecond: nanos,
            big_endian: be,
            version_major,
            version_minor,
        };
        self.interfaces.push(interface);
        self.sections.push(Section {
            big_endian: be,
            ..Section::default()
        });
        self.pos = 24;
        Ok(())
    }

    /// The next frame, `Ok(None)` at the end of the file.
    ///
    /// A file that ends inside a record gives [`CapfileError::CutShort`] after the last complete frame; a
    /// record claiming an impossible length gives [`CapfileError::AbsurdLength`]; other structural damage
    /// gives [`CapfileError::Malformed`]. After any error every further call returns `Ok(None)`.
    #[inline(always)]
    pub fn next_frame(&mut self) -> Result<Option<Frame<'_>>, CapfileError> {
        // The fast path of a whole pcap file, here rather than in `next_pcap` so that the record goes
        // into the frame in registers (through `next_pcap`'s `Result` it went through memory, a third of
        // the time per frame on a file of 300-byte frames).
        // Records the scout has read are handed out the same way (`scout_check` is 0 while a scouted
        // segment is being handed out).
        // Only this part is inlined into the caller, so that the frame is built where the caller reads
        // it; with the general path in the same function the whole of it was called, and the frame
        // returned through memory (a third of the time of a `next_frame` loop on bench/out/big.pcap).
        if !self.done
            && let Some(rec) = self.fast_record()
        {
            return Ok(Some(self.plain_frame(&rec, self.frames_read)));
        }
        self.next_frame_general()
    }

    /// [`CaptureReader::next_frame`] for what its fast path leaves: the end, an error, pcapng blocks
    /// with options, the slow pcap path.
    #[inline(never)]
    fn next_frame_general(&mut self) -> Result<Option<Frame<'_>>, CapfileError> {
        if self.done {
            return Ok(None);
        }
        self.input.release(self.pos);
        let rec = match self.format {
            FileFormat::Pcap { .. } => self.next_pcap(),
            FileFormat::Pcapng => self.next_pcapng(),
        };
        match rec {
            Ok(Some(rec)) => {
                self.frames_read += 1;
                Ok(Some(self.frame_from(&rec, self.frames_read)))
            }
            Ok(None) => {
                self.done = true;
                Ok(None)
            }
            Err(e) => {
                self.done = true;
                Err(e)
            }
        }
    }

    /// The next record when a fast path of [`CaptureReader::next_frame`] reads it (counted, and the
    /// position moved past it); `None` leaves it to the general path.
    #[inline(always)]
    fn fast_record(&mut self) -> Option<Rec> {
        let (rec, next) = match self.format {
            FileFormat::Pcap { .. } if self.pos < self.scout_check => self
                .pcap_record_dense(self.pos)
                .map(|rec| (rec, rec.data_start + u64::from(rec.caplen))),
            FileFormat::Pcap { .. } if self.scout_check == 0 => self
                .scout
                .as_mut()
                .and_then(|link| link.next_ready())
                .map(|rec| (rec, rec.data_start + u64::from(rec.caplen))),
            FileFormat::Pcapng if !self.preread => self.pcapng_record_dense(self.pos),
            _ => None,
        }?;
        self.pos = next;
        self.frames_read += 1;
        Some(rec)
    }

    /// Calls `f` with every frame from here on, in order, until it breaks or the file ends; then returns
    /// what [`CaptureReader::next_frame`] would have: an error after the last good frame, as there.
    ///
    /// The same frames as calling `next_frame` in a loop, faster where the consumer is inlined: runs of
    /// records that the fast paths read (pcap records in a whole file, records the scout thread read)
    /// go out from a loop that keeps its position in registers and builds each frame where `f` reads
    /// it, instead of going through the reader's state and a returned frame in memory at every frame
    /// (a third less time per frame on a large pcap file).
    #[inline]
    pub fn for_each_frame<F>(&mut self, mut f: F) -> Result<(), CapfileError>
    where
        F: FnMut(&Frame<'_>) -> ControlFlow<()>,
    {
        loop {
            if !self.done && matches!(self.format, FileFormat::Pcap { .. }) {
                let run = if self.pos < self.scout_check {
                    self.pcap_run(&mut f)
                } else if self.scout_check == 0 {
                    self.scouted_run(&mut f)
                } else {
                    ControlFlow::Continue(())
                };
                if run.is_break() {
                    return Ok(());
                }
            }
            // One frame the general way: the end of a run, the scout's hand-over, the slow path.
            match self.next_frame()? {
                Some(frame) => {
                    if f(&frame).is_break() {
                        return Ok(());
                    }
                }
                None => return Ok(()),
            }
        }
    }

    /// The pcap records from the position up to the first that [`CaptureReader::pcap_record_dense`]
    /// would leave to the slow path, or up to where the scout is to be asked, each given to `f`.
    #[inline(always)]
    fn pcap_run<F>(&mut self, f: &mut F) -> ControlFlow<()>
    where
        F: FnMut(&Frame<'_>) -> ControlFlow<()>,
    {
        let st = self.pcap;
        let limit = self.scout_check;
        let mut pos = self.pos;
        let mut number = self.frames_read;
        let mut flow = ControlFlow::Continue(());
        while pos < limit {
            if pos >= self.dense_end {
                match self.input.dense_run(pos) {
                    // A run from the end of the file is empty: the general path says it is the end.
                    Some(end) if end > pos => self.dense_end = end,
                    _ => break,
                }
            }
            let run_end = self.dense_end.min(limit);
            let bytes = self.input.whole_bytes();
            let interface = &self.interfaces[0];
            while pos < run_end {
                let Some(header) = st.dense_header(bytes, pos) else {
                    self.pos = pos;
                    self.frames_read = number;
                    return ControlFlow::Continue(());
                };
                let rec = st.rec(pos, header);
                number += 1;
                pos = rec.data_start + u64::from(rec.caplen);
                if f(&frame_of(&rec, number, interface, rec.data_in(bytes))).is_break() {
                    flow = ControlFlow::Break(());
                    break;
                }
            }
            if flow.is_break() {
                break;
            }
        }
        self.pos = pos;
        self.frames_read = number;
        flow
    }

    /// The records of the scouted segment being handed out, from the position on, each given to `f`.
    #[inline(always)]
    fn scouted_run<F>(&mut self, f: &mut F) -> ControlFlow<()>
    where
        F: FnMut(&Frame<'_>) -> ControlFlow<()>,
    {
        let Some(link) = self.scout.as_mut() else {
            return ControlFlow::Continue(());
        };
        let bytes = self.input.whole_bytes();
        let interface = &self.interfaces[0];
        let mut pos = self.pos;
        let mut number = self.frames_read;
        let mut flow = ControlFlow::Continue(());
        while let Some(rec) = link.next_ready() {
            number += 1;
            pos = rec.data_start + u64::from(rec.caplen);
            if f(&frame_of(&rec, number, interface, rec.data_in(bytes))).is_break() {
                flow = ControlFlow::Break(());
                break;
            }
        }
        self.pos = pos;
        self.frames_read = number;
        flow
    }

    /// The frame of a record that has no comments or flags (what the fast paths of `next_frame` read).
    /// Apart from [`CaptureReader::frame_from`] so that the frame is built in registers: with the
    /// comments chosen by a branch, the compiler built the empty list in memory and copied it into the
    /// frame, and that copy stalled on the stores just made (a fifth of the time per frame).
    #[inline(always)]
    fn plain_frame(&self, rec: &Rec, number: u64) -> Frame<'_> {
        debug_assert!(rec.comments.is_none() && rec.flags.is_none());
        let data = self.input.loaded(rec.data_start, rec.caplen as usize);
        frame_of(rec, number, &self.interfaces[rec.iface as usize], data)
    }

    #[inline(always)]
    fn frame_from(&self, rec: &Rec, number: u64) -> Frame<'_> {
        let comments = match rec.comments {
            None => Vec::new(),
            Some((off, len)) => Options::new(self.input.loaded(off, len as usize), rec.be)
                .filter(|&(code, _)| code == 1)
                .map(|(_, v)| opt_str(v))
                .collect(),
        };
        let data = self.input.loaded(rec.data_start, rec.caplen as usize);
        Frame {
            comments,
            flags: rec.flags,
            ..frame_of(rec, number, &self.interfaces[rec.iface as usize], data)
        }
    }

    /// Decides whether a scout thread will help read this file: a memory-mapped pcap file of at least
    /// [`scout::MIN_FILE`] bytes on a machine with a second core. It starts only once the reader is half a
    /// segment in, so that reading the first frames of a large file (`-c 10`) costs nothing more.
    fn plan_scout(&mut self) {
        self.scout_check = u64::MAX;
        let large = self
            .input
            .mapped_bytes()
            .is_some_and(|b| b.len() as u64 >= scout::MIN_FILE.max(4 * self.scout_segment));
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if matches!(self.format, FileFormat::Pcap { .. }) && large && cores >= 2 {
            self.scout_check = self.scout_segment / 2;
        }
    }

    /// Whether a scout thread may read ahead (the default for large mapped pcap files). Turning it off
    /// stops the scout; the frames are the same either way, only the time to read them differs.
    pub fn set_read_ahead_thread(&mut self, on: bool) {
        self.scout = None;
        if on {
            self.plan_scout();
            self.scout_check = self.scout_check.max(self.pos);
        } else {
            self.scout_check = u64::MAX;
        }
    }

    /// How the headers of a mapped file of large records are read (by default, through the map while
    /// its page faults are cheap). The frames are the same either way, only the time to read them
    /// differs; nothing changes for any other input.
    pub fn set_sparse_headers(&mut self, how: SparseHeaders) {
        self.input.set_sparse_headers(how);
    }

    /// The record at `pos` if the scout read it; otherwise sets where to ask next.
    fn scouted(&mut self, pos: u64) -> Option<Rec> {
        if self.scout.is_none() {
            // A file of large records has few headers per gigabyte, read in a few milliseconds
            // (through the map or by `pread`, source::SparseHeaders): a scout costs more in finding
            // and handing over segments than it saves (bench/out/bulk.pcap, 26,730 records of
            // 42 KiB, by `pread`: 39 ms with it, 23 ms without).
            if self.input.reads_headers_sparsely() {
                self.scout_check = u64::MAX;
                return None;
            }
            self.scout = scout::Link::start(self, self.scout_segment).map(Box::new);
        }
        let Some(link) = self.scout.as_mut() else {
            self.scout_check = u64::MAX;
            return None;
        };
        let handing_out = self.scout_check == 0;
        match link.step(pos) {
            scout::Step::Record(rec) => {
                // Ask again for the next record.
                self.scout_check = 0;
                Some(rec)
            }
            scout::Step::ReadOn(at) => {
                self.scout_check = at;
                if handing_out {
                    self.input.jumped_to(pos);
                }
                None
            }
            scout::Step::Gone => {
                self.scout = None;
                self.scout_check = u64::MAX;
                if handing_out {
                    self.input.jumped_to(pos);
                }
                None
            }
        }
    }

    #[inline]
    fn next_pcap(&mut self) -> Result<Option<Rec>, CapfileError> {
        let off = self.pos;
        if off >= self.scout_check
            && let Some(rec) = self.scouted(off)
        {
            self.pos = rec.data_start + rec.caplen as u64;
            return Ok(Some(rec));
        }
        let rec = match self.pcap_record_dense(off) {
            Some(rec) => rec,
            None => match self.pcap_record_at(off)? {
                Some(rec) => rec,
                None => return Ok(None),
            },
        };
        self.pos = rec.data_start + rec.caplen as u64;
        Ok(Some(rec))
    }

    /// The Enhanced Packet Block at `off` read straight from a whole input when it is a plain one (no
    /// options, an interface the section has described, a small packet), or `None` to leave the block
    /// to [`CaptureReader::next_pcapng`]: any other block, damage, a cut, options (comments, flags), or a
    /// file read sparsely. For the blocks it accepts, the same checks and values as `next_pcapng`.
    /// Returns the record and where the next block starts.
    #[inline(always)]
    fn pcapng_record_dense(&mut self, off: u64) -> Option<(Rec, u64)> {
        if off >= self.dense_end {
            self.dense_end = self.input.dense_run(off)?;
        }
        let section = self.sections.len().checked_sub(1)?;
        let be = self.sections[section].big_endian;
        let bytes = self.input.whole_bytes();
        let at = usize::try_from(off).ok()?;
        let h = bytes.get(at..at.checked_add(28)?)?;
        let blen = u32_at(h, 4, be) as usize;
        if u32_at(h, 0, be) != 6 || blen < 32 || !blen.is_multiple_of(4) || blen >= SPARSE_GAP {
            return None;
        }
        let b = bytes.get(at..at + blen)?;
        let caplen = u32_at(h, 20, be);
        // No options: the packet data (padded to 4 bytes) fills the block up to its trailer. Packets
        // this small are within every link type's maximum length.
        if u32_at(b, blen - 4, be) as usize != blen || 32 + pad4(caplen as usize) != blen {
            return None;
        }
        let global = *self.section_ifaces[section].get(u32_at(h, 8, be) as usize)?;
        self.block_start = off;
        Some((self.timed_packet(off, h, global, be), off + blen as u64))
    }

    /// The packet of an Enhanced Packet Block or obsolete Packet Block at `off` whose first 28 bytes are
    /// `h` (the two share the layout from the timestamp on), captured on interface `global`; no comments
    /// or flags yet.
    #[inline(always)]
    fn timed_packet(&self, off: u64, h: &[u8], global: u32, be: bool) -> Rec {
        let iface = &self.interfaces[global as usize];
        let ticks = (u64::from(u32_at(h, 12, be)) << 32) | u64::from(u32_at(h, 16, be));
        Rec {
            offset: off,
            data_start: off + 28,
            caplen: u32_at(h, 20, be),
            orig_len: u32_at(h, 24, be),
            ts: ticks_to_timestamp(ticks, iface.ts_units_per_sec, iface.ts_offset_secs),
            has_ts: true,
            iface: global,
            comments: None,
            flags: None,
            be,
        }
    }

    /// The pcap record at `off` read straight from a whole input, or `None` to leave it to
    /// [`CaptureReader::pcap_record_at`]: a stream, a file read sparsely, a record cut by the end of the
    /// file, one claiming an absurd length or one larger than a dense file holds.
    ///
    /// The same parse as `pcap_record_at` for every record it accepts, without that path's per-window
    /// work: page tables and prefetching are looked after once per run of 1 KiB
    /// ([`Input::dense_run`]). On a file of 300-byte frames that work was two thirds of the time per
    /// frame (docs/performance.md, "A fast path for dense files, and every cache line fetched ahead").
    #[inline(always)]
    fn pcap_record_dense(&mut self, off: u64) -> Option<Rec> {
        if off >= self.dense_end {
            self.dense_end = self.input.dense_run(off)?;
        }
        let st = self.pcap;
        let header = st.dense_header(self.input.whole_bytes(), off)?;
        Some(st.rec(off, header))
    }

    /// How badly the first two records fit record headers of `hdr_len` bytes (0: perfectly), scored as
    /// wiretap scores its pcap variants (one point each for a fraction of a second of 10^6 or more, a
    /// captured length above the maximum, above the snapshot length or above the original length, and an
    /// original length above 128 MiB) so that the same variant is chosen for odd files.
    fn pcap_variant_merit(&mut self, hdr_len: u8, snaplen: u32) -> Result<u32, CapfileError> {
        let mut off = 24;
        for _ in 0..2 {
            let short = if hdr_len == 16 { 0 } else { u32::MAX };
            match self.pcap_try_record(off, hdr_len, snaplen, short)? {
                (0, Some(next)) => off = next,
                (merit, _) => return Ok(merit),
            }
        }
        Ok(0)
    }

    /// One record of [`CaptureReader::pcap_variant_merit`]: its demerits and, if none, where the next starts.
    ///
    /// A record cut by the end of the file scores `short`. wiretap scores it 1 for every variant, and so may
    /// pick a variant that shifts the data of a truncated file; here a cut record is no evidence against
    /// the standard layout (`short` 0) and disqualifies the others (`short` u32::MAX), so that truncated
    /// files keep their frames and end with `CutShort`.
    fn pcap_try_record(
        &mut self,
        off: u64,
        hdr_len: u8,
        snaplen: u32,
        short: u32,
    ) -> Result<(u32, Option<u64>), CapfileError> {
        let st = self.pcap;
        let h = self.input.window(off, hdr_len as usize)?;
        if h.is_empty() {
            return Ok((0, None));
        }
        if h.len() < hdr_len as usize {
            return Ok((short, None));
        }
        let (_, ts_frac, incl, orig) = st.header(h);
        let merit = u32::from(ts_frac >= 1_000_000)
            + u32::from(incl > st.max_len)
            + u32::from(orig > 128 * 1024 * 1024)
            + u32::from(incl > snaplen)
            + u32::from(incl > orig);
        if merit != 0 {
            return Ok((merit, None));
        }
        let data_at = off + hdr_len as u64;
        if self.input.window(data_at, incl as usize)?.len() < incl as usize {
            return Ok((short, None));
        }
        Ok((0, Some(data_at + incl as u64)))
    }

    /// The pcap record at `off`; None at a clean end of file.
    #[inline]
    fn pcap_record_at(&mut self, off: u64) -> Result<Option<Rec>, CapfileError> {
        let st = self.pcap;
        let number = self.frames_read + 1;
        let hdr_len = st.hdr_len as usize;
        let h = self.input.window(off, hdr_len)?;
        if h.len() < hdr_len {
            if h.is_empty() {
                return Ok(None);
            }
            return Err(CapfileError::CutShort {
                frame_number: number,
            });
        }
        let header = st.header(h);
        let incl = header.2;
        if incl > st.max_len {
            return Err(CapfileError::AbsurdLength {
                frame_number: number,
                offset: off,
                length: incl as u64,
                max: st.max_len as u64,
            });
        }
        let data_start = off + hdr_len as u64;
        if self.input.window(data_start, incl as usize)?.len() < incl as usize {
            return Err(CapfileError::CutShort {
                frame_number: number,
            });
        }
        Ok(Some(st.rec(off, header)))
    }

    /// Loads and checks the block at `off` in a section of byte order `be`: `(type, total length, byte
    /// order)`, the byte order being the new section's for a Section Header Block. None at a clean end.
    fn pcapng_block_at(
        &mut self,
        off: u64,
        be: bool,
    ) -> Result<Option<(u32, u32, bool)>, CapfileError> {
        let number = self.frames_read + 1;
        let cut = CapfileError::CutShort {
            frame_number: number,
        };
        let h = self.input.window(off, 12)?;
        if h.len() < 12 {
            return if h.is_empty() { Ok(None) } else { Err(cut) };
        }
        let mut be = be;
        let btype_raw = u32_at(h, 0, false);
        if btype_raw == SHB_TYPE {
            be = match u32_at(h, 8, false) {
                BOM => false,
                0x4D3C_2B1A => true,
                other => {
                    return Err(CapfileError::Malformed {
                        offset: off + 8,
                        what: format!(
                            "pcapng: section header byte-order magic is 0x{other:08x}, not 0x1a2b3c4d in either byte order"
                        ),
                    });
                }
            };
        }
        let btype = u32_at(h, 0, be);
        let blen = u32_at(h, 4, be);
        if blen > MAX_BLOCK_LEN {
            return Err(CapfileError::AbsurdLength {
                frame_number: number,
                offset: off,
                length: blen as u64,
                max: MAX_BLOCK_LEN as u64,
            });
        }
        let min = if btype == SHB_TYPE { 28 } else { 12 };
        if blen < min || !blen.is_multiple_of(4) {
            return Err(CapfileError::Malformed {
                offset: off,
                what: format!(
                    "pcapng: block of type 0x{btype:08x} has total length {blen}, which is {}",
                    if blen < min {
                        format!("less than the minimum of {min}")
                    } else {
                        "not a multiple of 4".to_string()
                    }
                ),
            });
        }
        let b = self.input.window(off, blen as usize)?;
        if b.len() < blen as usize {
            return Err(cut);
        }
        let trailer = u32_at(b, blen as usize - 4, be);
        if trailer != blen {
            return Err(CapfileError::Malformed {
                offset: off,
                what: format!(
                    "pcapng: total block lengths (first {blen} and second {trailer}) don't match"
                ),
            });
        }
        Ok(Some((btype, blen, be)))
    }

    /// Processes blocks up to the next packet. While the file header is being read (no section yet), stops
    /// after the first Section Header Block.
    fn next_pcapng(&mut self) -> Result<Option<Rec>, CapfileError> {
        loop {
            let off = self.pos;
            let opening = self.sections.is_empty();
            let section = self.sections.len().wrapping_sub(1);
            let be = self.sections.last().is_some_and(|s| s.big_endian);
            self.block_start = off;
            let Some((btype, blen, be)) = self.pcapng_block_at(off, be)? else {
                return Ok(None);
            };
            if self.preread && matches!(btype, 2 | 3 | 6 | SHB_TYPE) {
                return Ok(None);
            }
            if opening && btype != SHB_TYPE {
                return Err(CapfileError::Malformed {
                    offset: off,
                    what: "pcapng: the file does not start with a Section Header Block".into(),
                });
            }
            self.pos = off + blen as u64;
            let b = self.input.loaded(off, blen as usize);
            let body_end = blen as usize - 4;
            match btype {
                SHB_TYPE => {
                    let major = u16_at(b, 12, be);
                    let minor = u16_at(b, 14, be);
                    if major != 1 {
                        return Err(CapfileError::Unsupported(format!(
                            "pcapng section at byte offset {off} has version {major}.{minor}; only 1.x is supported"
                        )));
                    }
                    let mut s = Section {
                        big_endian: be,
                        offset: off,
                        ..Section::default()
                    };
                    for (code, v) in Options::new(&b[24..body_end], be) {
                        match code {
                            1 => s.comments.push(opt_str(v).into_owned()),
                            2 => s.hardware = Some(opt_str(v).into_owned()),
                            3 => s.os = Some(opt_str(v).into_owned()),
                            4 => s.user_application = Some(opt_str(v).into_owned()),
                            _ => {}
                        }
                    }
                    self.sections.push(s);
                    self.section_ifaces.push(Vec::new());
                    if opening {
                        return Ok(None);
                    }
                }
                1 => {
                    if blen < 20 {
                        return Err(too_short(off, "an Interface Description Block", blen));
                    }
                    let mut i = Interface::new(LinkType(u16_at(b, 8, be) as u32));
                    i.snaplen = u32_at(b, 12, be);
                    i.section = section;
                    for (code, v) in Options::new(&b[16..body_end], be) {
                        match code {
                            2 => i.name = Some(opt_str(v).into_owned()),
                            3 => i.description = Some(opt_str(v).into_owned()),
                            9 if !v.is_empty() => {
                                i.tsresol_option = Some(v[0]);
                                // An out-of-range resolution keeps the default, as if absent.
                                if let Some(units) = tsresol_units(v[0]) {
                                    i.ts_units_per_sec = units;
                                }
                            }
                            11 if !v.is_empty() && v[0] == 0 => {
                                i.filter = Some(opt_str(&v[1..]).into_owned())
                            }
                            12 => i.os = Some(opt_str(v).into_owned()),
                            13 if !v.is_empty() => i.fcs_len = Some(v[0]),
                            14 if v.len() == 8 => i.ts_offset_secs = u64_at(v, 0, be) as i64,
                            _ => {}
                        }
                    }
                    let global = self.interfaces.len() as u32;
                    self.interfaces.push(i);
                    self.section_ifaces[section].push(global);
                }
                2 | 3 | 6 => {
                    return self.pcapng_packet(off, btype, blen, section).map(Some);
                }
                4 => {
                    parse_nrb(&b[8..body_end], be, &mut self.names);
                }
                5 => {
                    if blen < 24 {
                        return Err(too_short(off, "an Interface Statistics Block", blen));
                    }
                    let local = u32_at(b, 8, be) as usize;
                    // Statistics for an interface the section never described are dropped.
                    if let Some(&g) = self.section_ifaces[section].get(local) {
                        let iface = &mut self.interfaces[g as usize];
                        let (units, offset) = (iface.ts_units_per_sec, iface.ts_offset_secs);
                        let ticks = ((u32_at(b, 12, be) as u64) << 32) | u32_at(b, 16, be) as u64;
                        let mut st = InterfaceStats {
                            timestamp: ticks_to_timestamp(ticks, units, offset),
                            ..InterfaceStats::default()
                        };
                        for (code, v) in Options::new(&b[20..body_end], be) {
                            let val = (v.len() == 8).then(|| u64_at(v, 0, be));
                            match code {
                                4 => st.received = val,
                                5 => st.dropped_by_interface = val,
                                6 => st.accepted_by_filter = val,
                                7 => st.dropped_by_os = val,
                                8 => st.delivered_to_user = val,
                                _ => {}
                            }
                        }
                        iface.stats = Some(st);
                    }
                }
                0x0000_000A => {
                    if blen < 20 {
                        return Err(too_short(off, "a Decryption Secrets Block", blen));
                    }
                    let secrets_type = u32_at(b, 8, be);
                    let len = u32_at(b, 12, be) as usize;
                    if len > body_end - 16 {
                        return Err(CapfileError::Malformed {
                            offset: off,
                            what: format!(
                                "pcapng: total block length {blen} of a Decryption Secrets Block is too small for {len} bytes of secrets"
                            ),
                        });
                    }
                    self.secrets.push(DecryptionSecrets {
                        secrets_type,
                        data: b[16..16 + len].to_vec(),
                    });
                }
                // Custom blocks (0x00000BAD, 0x40000BAD) and block types we do not know are skipped.
                _ => {}
            }
        }
    }

    /// The packet block (EPB, SPB or obsolete PB) at `off`, already loaded and checked, of section `section`.
    fn pcapng_packet(
        &self,
        off: u64,
        btype: u32,
        blen: u32,
        section: usize,
    ) -> Result<Rec, CapfileError> {
        let number = self.frames_read + 1;
        let be = self.sections[section].big_endian;
        let b = self.input.loaded(off, blen as usize);
        let body_end = blen as usize - 4;
        let ifaces = &self.section_ifaces[section];
        let (what, min) = match btype {
            6 => ("an Enhanced Packet Block", 32),
            3 => ("a Simple Packet Block", 16),
            _ => ("a Packet Block", 32),
        };
        if blen < min {
            return Err(too_short(off, what, blen));
        }
        let local = match btype {
            6 => u32_at(b, 8, be),
            3 => 0,
            _ => u16_at(b, 8, be) as u32,
        };
        let Some(&global) = ifaces.get(local as usize) else {
            return Err(CapfileError::Malformed {
                offset: off,
                what: format!(
                    "pcapng: interface index {local} is not less than section interface count {}",
                    ifaces.len()
                ),
            });
        };
        let iface = &self.interfaces[global as usize];
        let max = max_packet_len(iface.link_type);
        let absurd = |length: u32| CapfileError::AbsurdLength {
            frame_number: number,
            offset: off,
            length: length as u64,
            max: max as u64,
        };
        if btype == 3 {
            let orig_len = u32_at(b, 8, be);
            let room = body_end - 12;
            let mut caplen = orig_len.min(room as u32);
            if iface.snaplen != 0 {
                caplen = caplen.min(iface.snaplen);
            }
            if caplen > max {
                return Err(absurd(caplen));
            }
            return Ok(Rec {
                offset: off,
                data_start: off + 12,
                caplen,
                orig_len,
                ts: Timestamp::default(),
                has_ts: false,
                iface: global,
                comments: None,
                flags: None,
                be,
            });
        }
        // EPB and PB share this layout (the PB's 32-bit interface field is split into interface and drops).
        let data_at = 28;
        let mut rec = self.timed_packet(off, b, global, be);
        let caplen = rec.caplen;
        let room = body_end - data_at;
        if caplen as usize > room {
            return Err(CapfileError::Malformed {
                offset: off,
                what: format!(
                    "pcapng: total block length {blen} of {what} is too small for {caplen} bytes of packet data"
                ),
            });
        }
        if caplen > max {
            return Err(absurd(caplen));
        }
        let opts_at = (data_at + pad4(caplen as usize)).min(body_end);
        let mut flags = None;
        let mut has_comment = false;
        for (code, v) in Options::new(&b[opts_at..body_end], be) {
            match code {
                1 => has_comment = true,
                2 if v.len() == 4 => flags = Some(u32_at(v, 0, be)),
                _ => {}
            }
        }
        rec.comments = has_comment.then_some((off + opts_at as u64, (body_end - opts_at) as u32));
        rec.flags = flags;
        Ok(rec)
    }

    /// The container format.
    pub fn format(&self) -> FileFormat {
        self.format
    }

    /// The compression found around the capture.
    pub fn compression(&self) -> Compression {
        self.compression
    }

    /// Interfaces described so far, indexed by global interface id. A pcap file has exactly one; a pcapng
    /// file's list grows as Interface Description Blocks are reached, so it is complete only at the end.
    pub fn interfaces(&self) -> &[Interface] {
        &self.interfaces
    }

    /// Sections seen so far (a pcap file has exactly one).
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Decryption Secrets Blocks seen so far, in file order.
    pub fn secrets(&self) -> &[DecryptionSecrets] {
        &self.secrets
    }

    /// Name Resolution Block records seen so far, in file order.
    pub fn name_records(&self) -> &[NameRecord] {
        &self.names
    }

    /// Frames returned by [`CaptureReader::next_frame`] so far.
    pub fn frames_read(&self) -> u64 {
        self.frames_read
    }

    /// True when the whole input is addressable (a memory-mapped file or uncompressed bytes), so that
    /// [`CaptureReader::frame_at`] and [`PacketIndex::build`] work.
    pub fn supports_random_access(&self) -> bool {
        self.input.is_whole()
    }

    /// Reads the single frame whose record starts at `file_offset` (a [`Frame::file_offset`] reported
    /// earlier) and gives it the frame number `number`. Does not move the sequential position.
    ///
    /// Precondition for pcapng: the frames before it have been read (by [`CaptureReader::next_frame`] or
    /// [`PacketIndex::build`]), so that the section holding the block and its interfaces are known. Fails with
    /// [`CapfileError::Unsupported`] on a streamed input, and with [`CapfileError::Malformed`] when no packet
    /// record starts at that offset.
    pub fn frame_at(&mut self, file_offset: u64, number: u64) -> Result<Frame<'_>, CapfileError> {
        if !self.supports_random_access() {
            return Err(CapfileError::Unsupported(
                "random access needs a plain (uncompressed) regular file".into(),
            ));
        }
        let no_packet = || CapfileError::Malformed {
            offset: file_offset,
            what: "no packet record starts at this offset".into(),
        };
        let rec = match self.format {
            FileFormat::Pcap { .. } => {
                if file_offset < 24 {
                    return Err(no_packet());
                }
                self.pcap_record_at(file_offset)?.ok_or_else(no_packet)?
            }
            FileFormat::Pcapng => {
                let section = self
                    .sections
                    .iter()
                    .rposition(|s| s.offset < file_offset)
                    .ok_or_else(no_packet)?;
                let be = self.sections[section].big_endian;
                let (btype, blen, _) = self
                    .pcapng_block_at(file_offset, be)?
                    .ok_or_else(no_packet)?;
                if !matches!(btype, 2 | 3 | 6) {
                    return Err(no_packet());
                }
                self.pcapng_packet(file_offset, btype, blen, section)?
            }
        };
        Ok(self.frame_from(&rec, number))
    }

    /// Starts again from the beginning (random-access inputs only).
    fn rewind(&mut self) -> Result<(), CapfileError> {
        let input = std::mem::replace(&mut self.input, Input::Whole(Whole::Vec(Vec::new())));
        *self = Self::from_input(input, self.compression)?;
        Ok(())
    }
}

/// A pcap record's timestamp, converted as wiretap does: the fraction is multiplied into nanoseconds in
/// 32-bit unsigned arithmetic and then taken as a signed `int`, so out-of-range fractions (1,000,000 µs and
/// more) give the same instant tshark shows.
#[inline]
fn pcap_timestamp(ts_sec: u32, ts_frac: u32, nanos: bool) -> Timestamp {
    let ns = if nanos {
        ts_frac as i32
    } else {
        ts_frac.wrapping_mul(1000) as i32
    };
    if (0..1_000_000_000).contains(&ns) {
        Timestamp {
            secs: ts_sec as i64,
            nanos: ns as u32,
        }
    } else {
        Timestamp::from_nanos(ts_sec as i128 * 1_000_000_000 + ns as i128)
    }
}

fn too_short(offset: u64, what: &str, blen: u32) -> CapfileError {
    CapfileError::Malformed {
        offset,
        what: format!("pcapng: total block length {blen} is too short for {what}"),
    }
}

/// Name Resolution Block records: IPv4 (type 1) and IPv6 (type 2) addresses with NUL-separated names.
fn parse_nrb(mut b: &[u8], be: bool, out: &mut Vec<NameRecord>) {
    while b.len() >= 4 {
        let rtype = u16_at(b, 0, be);
        let len = u16_at(b, 2, be) as usize;
        if rtype == 0 || 4 + len > b.len() {
            return;
        }
        let v = &b[4..4 + len];
        let addr_len = match rtype {
            1 => 4,
            2 => 16,
            _ => 0,
        };
        if addr_len > 0 && v.len() >= addr_len {
            let address = if addr_len == 4 {
                IpAddr::from(<[u8; 4]>::try_from(&v[..4]).expect("4 bytes"))
            } else {
                IpAddr::from(<[u8; 16]>::try_from(&v[..16]).expect("16 bytes"))
            };
            let names = v[addr_len..]
                .split(|&c| c == 0)
                .filter(|n| !n.is_empty())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect();
            out.push(NameRecord { address, names });
        }
        b = &b[(4 + pad4(len)).min(b.len())..];
    }
}

/// Reads until `buf` is full or the input ends; the number of bytes read.
fn read_up_to(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The error for input that is neither pcap nor pcapng, with a guess at what it is.
fn not_a_capture(head: &[u8], compression: Compression) -> CapfileError {
    let guess = guess_content(head);
    let looks_like = match compression {
        Compression::None => guess,
        c => {
            let name = if c == Compression::Gzip {
                "gzip"
            } else {
                "zstd"
            };
            Some(match guess {
                Some(g) if !head.is_empty() => {
                    format!("{name}-compressed data that is not a capture ({g})")
                }
                _ if head.is_empty() => format!("{name}-compressed data that is empty"),
                _ => format!("{name}-compressed data that is not a capture"),
            })
        }
    };
    CapfileError::NotACapture {
        first_bytes: hex_prefix(head),
        looks_like,
    }
}

fn guess_content(head: &[u8]) -> Option<String> {
    const KNOWN: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\x89PNG", "a PNG image"),
        (b"%PDF", "a PDF document"),
        (b"\x7fELF", "an ELF executable"),
        (b"BZh", "bzip2-compressed data"),
        (b"\xfd7zXZ\x00", "xz-compressed data"),
        (b"\x04\x22\x4d\x18", "lz4-compressed data"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x00\x00\x00\x00\x00\x00\x00\x00", "zero bytes"),
    ];
    if head.is_empty() {
        return Some("the file is empty".into());
    }
    if let Some((_, what)) = KNOWN.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some((*what).to_string());
    }
    let text: Vec<u8> = head.iter().take(16).copied().collect();
    let printable = text
        .iter()
        .filter(|&&c| c == b'\t' || c == b'\n' || c == b'\r' || (0x20..0x7f).contains(&c))
        .count();
    if printable == text.len() {
        let s: String = String::from_utf8_lossy(&text)
            .chars()
            .take_while(|&c| c != '\n' && c != '\r')
            .collect();
        return Some(format!("text: {s:?}"));
    }
    None
}

/// One byte offset per frame of a random-access capture, for going back to any frame by its number.
#[derive(Debug)]
pub struct PacketIndex {
    offsets: Vec<u64>,
    error: Option<CapfileError>,
}

impl PacketIndex {
    /// Reads the whole capture from the beginning (rewinding the reader if frames were read already) and
    /// records where each frame starts. Afterwards the reader is at the end and knows every section and
    /// interface, as [`CaptureReader::frame_at`] requires.
    ///
    /// A damaged file still gives an index of the frames before the damage; the error that stopped the
    /// scan is kept in [`PacketIndex::read_error`]. Fails with [`CapfileError::Unsupported`] when the reader
    /// does not support random access (a stream or a compressed file).
    pub fn build(reader: &mut CaptureReader) -> Result<PacketIndex, CapfileError> {
        if !reader.supports_random_access() {
            return Err(CapfileError::Unsupported(
                "a packet index needs a plain (uncompressed) regular file".into(),
            ));
        }
        if reader.frames_read() > 0 || reader.done {
            reader.rewind()?;
        }
        let mut offsets = Vec::new();
        let error = loop {
            match reader.next_frame() {
                Ok(Some(f)) => offsets.push(f.file_offset),
                Ok(None) => break None,
                Err(e) => break Some(e),
            }
        };
        Ok(PacketIndex { offsets, error })
    }

    /// The file offset of frame `number` (1-based, as [`Frame::number`]), for [`CaptureReader::frame_at`].
    pub fn get(&self, number: u64) -> Option<u64> {
        let i = usize::try_from(number.checked_sub(1)?).ok()?;
        self.offsets.get(i).copied()
    }

    /// Number of frames indexed.
    pub fn len(&self) -> u64 {
        self.offsets.len() as u64
    }

    /// True when the capture has no frames.
    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// The error that ended the scan early, if the file is damaged.
    pub fn read_error(&self) -> Option<&CapfileError> {
        self.error.as_ref()
    }
}
