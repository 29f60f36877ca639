//! [`CaptureWriter`]: pcap or pcapng output, written to a temporary file renamed into place on success.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::reader::{MAX_PACKET_LEN, ticks_to_timestamp, tsresol_units};
use crate::{
    CapfileError, DecryptionSecrets, Frame, Interface, InterfaceStats, LinkType, NameRecord,
    Section, Timestamp,
};

/// The container to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Classic libpcap: one link type, microsecond or nanosecond timestamps, no comments.
    Pcap,
    /// pcapng: any number of interfaces, comments, flags, decryption secrets.
    Pcapng,
}

enum Sink {
    Stdout(BufWriter<io::Stdout>),
    Temp(BufWriter<NamedTempFile>),
    /// An existing file that is not a regular file (`/dev/null`, a named pipe, a terminal): written in
    /// place. Renaming a temporary file over it would replace the device or pipe with a regular file.
    Special(BufWriter<std::fs::File>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::Temp(w) => w.write(buf),
            Sink::Special(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::Temp(w) => w.write_all(buf),
            Sink::Special(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::Temp(w) => w.flush(),
            Sink::Special(w) => w.flush(),
        }
    }
}

/// How an output pcapng interface encodes timestamps.
struct OutInterface {
    units: u64,
    offset_secs: i64,
}

/// The pcap file header once written.
struct PcapHeader {
    link_type: LinkType,
    nanos: bool,
}

/// Writes frames to a pcap or pcapng file.
///
/// Output goes to a temporary file in the target's directory, renamed to the target by
/// [`CaptureWriter::finish`]; dropping the writer without finishing deletes the temporary file, so the
/// target name never holds a partial capture. The path `-` writes to standard output directly.
pub struct CaptureWriter {
    sink: Sink,
    path: PathBuf,
    format: OutputFormat,
    /// pcap: the header, written with the first frame.
    pcap: Option<PcapHeader>,
    /// pcap: used for the header of an empty output.
    default_interface: Option<Interface>,
    /// pcapng: global interface id → output interface id + 1 (0: not written yet).
    iface_map: Vec<u32>,
    out_ifaces: Vec<OutInterface>,
    frames: u64,
    /// Bytes handed to the sink so far (headers included), for size-based file rotation.
    bytes: u64,
    scratch: Vec<u8>,
}

impl CaptureWriter {
    /// Starts a capture file at `path` (`-`: standard output). An existing `path` that is not a regular
    /// file (`/dev/null`, a named pipe) is written in place, not through a temporary file.
    ///
    /// For pcapng the Section Header Block is written at once, carrying `section`'s comments, hardware and OS
    /// and `wiresift` as the user application. For pcap, `section` is ignored and the file header is written
    /// with the first frame (it needs the link type), or by [`CaptureWriter::finish`] for an empty output.
    pub fn create(
        path: &Path,
        format: OutputFormat,
        section: Option<&Section>,
    ) -> Result<Self, CapfileError> {
        let write_err = |source| CapfileError::Write {
            path: path.to_path_buf(),
            source,
        };
        // Following symbolic links: `/dev/stdout` is one, to a terminal, pipe or file.
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        let sink = if path.as_os_str() == "-" {
            Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))
        } else if special {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(write_err)?;
            Sink::Special(BufWriter::with_capacity(1 << 16, file))
        } else {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let tmp = tempfile::Builder::new()
                .prefix(".wiresift-")
                .suffix(".tmp")
                .tempfile_in(dir)
                .map_err(write_err)?;
            Sink::Temp(BufWriter::with_capacity(1 << 16, tmp))
        };
        let mut w = CaptureWriter {
            sink,
            path: path.to_path_buf(),
            format,
            pcap: None,
            default_interface: None,
            iface_map: Vec::new(),
            out_ifaces: Vec::new(),
            frames: 0,
            bytes: 0,
            scratch: Vec::with_capacity(1 << 16),
        };
        if format == OutputFormat::Pcapng {
            w.write_shb(section)?;
        }
        Ok(w)
    }

    /// The interface whose link type and snapshot length an empty pcap output's header gets (Ethernet and
    /// 262144 if never set). Has no effect once a frame was written, nor for pcapng.
    pub fn set_default_interface(&mut self, interface: &Interface) {
        self.default_interface = Some(interface.clone());
    }

    /// Writes an Interface Description Block for each of `interfaces` (indexed by global interface id, as
    /// [`crate::CaptureReader::interfaces`]) not written yet, in order (pcapng; nothing for pcap). Calling it
    /// with the reader's interfaces after opening and between frames keeps output interface ids equal to the
    /// input's and copies interfaces that carry no packets; without it, interfaces are written lazily by
    /// [`CaptureWriter::write_frame`] and numbered in order of first use.
    pub fn write_interfaces(&mut self, interfaces: &[Interface]) -> Result<(), CapfileError> {
        if self.format == OutputFormat::Pcap {
            return Ok(());
        }
        for (id, interface) in interfaces.iter().enumerate() {
            self.out_interface(id as u32, interface)?;
        }
        Ok(())
    }

    /// Frames written so far.
    pub fn frames_written(&self) -> u64 {
        self.frames
    }

    fn io_err(&self, source: io::Error) -> CapfileError {
        CapfileError::Write {
            path: self.path.clone(),
            source,
        }
    }

    /// Bytes written so far, headers included (some may still be in the write buffer): the size the file
    /// will have if it is finished now, less the pcap header of an empty pcap output.
    pub fn bytes_written(&self) -> u64 {
        self.bytes
    }

    fn emit_scratch(&mut self) -> Result<(), CapfileError> {
        self.bytes += self.scratch.len() as u64;
        let r = self.sink.write_all(&self.scratch);
        self.scratch.clear();
        r.map_err(|e| self.io_err(e))
    }

    /// Appends one frame. `interface` is the frame's interface (`frame.interface` for a frame from a
    /// [`crate::CaptureReader`]).
    ///
    /// pcapng: the first frame of each global interface id writes an Interface Description Block copying
    /// `interface` (link type, snapshot length, name, description, filter, OS, FCS length, time offset and
    /// resolution — the original `if_tsresol` when the input had one, else 10^-9 for anything finer than
    /// microseconds), so timestamps round-trip exactly; comments and flags go into the Enhanced Packet Block.
    /// A frame without a timestamp (from a Simple Packet Block) is written with the epoch as its timestamp.
    ///
    /// pcap: the first frame fixes the file header (nanosecond magic when its interface's resolution is
    /// finer than a microsecond, or its timestamp is not a whole microsecond); a later frame of another
    /// link type is an error, and sub-microsecond digits of later frames of a microsecond file are dropped.
    pub fn write_frame(
        &mut self,
        frame: &Frame,
        interface: &Interface,
    ) -> Result<(), CapfileError> {
        match self.format {
            OutputFormat::Pcap => self.write_pcap_frame(frame, interface)?,
            OutputFormat::Pcapng => self.write_epb(frame, interface)?,
        }
        self.frames += 1;
        Ok(())
    }

    fn pcap_header(&mut self, interface: &Interface, nanos: bool) -> Result<(), CapfileError> {
        let magic: u32 = if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
        let snaplen = if interface.snaplen == 0 {
            MAX_PACKET_LEN
        } else {
            interface.snaplen
        };
        let link = interface.link_type.0;
        if link > 0xFFFF {
            return Err(CapfileError::Unsupported(format!(
                "link type {link} does not fit a pcap header"
            )));
        }
        let mut network = link;
        if let Some(fcs) = interface.fcs_len
            && fcs % 2 == 0
            && fcs <= 30
        {
            network |= 0x0400_0000 | (((fcs / 2) as u32) << 28);
        }
        let b = &mut self.scratch;
        b.extend_from_slice(&magic.to_le_bytes());
        b.extend_from_slice(&2u16.to_le_bytes());
        b.extend_from_slice(&4u16.to_le_bytes());
        b.extend_from_slice(&0i32.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&snaplen.to_le_bytes());
        b.extend_from_slice(&network.to_le_bytes());
        self.pcap = Some(PcapHeader {
            link_type: interface.link_type,
            nanos,
        });
        Ok(())
    }

    fn write_pcap_frame(
        &mut self,
        frame: &Frame,
        interface: &Interface,
    ) -> Result<(), CapfileError> {
        let nanos = match &self.pcap {
            Some(h) => {
                if h.link_type != frame.link_type {
                    return Err(CapfileError::Unsupported(format!(
                        "pcap holds one link type; this capture has several interfaces of different link types ({} and {}) — write pcapng instead (-F pcapng)",
                        h.link_type, frame.link_type
                    )));
                }
                h.nanos
            }
            None => {
                let nanos = interface.ts_units_per_sec > 1_000_000
                    || !frame.timestamp.nanos.is_multiple_of(1000);
                let mut iface = interface.clone();
                iface.link_type = frame.link_type;
                self.pcap_header(&iface, nanos)?;
                nanos
            }
        };
        let secs = u32::try_from(frame.timestamp.secs).map_err(|_| {
            CapfileError::Unsupported(format!(
                "frame {}: timestamp {} s is outside what pcap can hold (0 to 4294967295 s)",
                frame.number, frame.timestamp.secs
            ))
        })?;
        let frac = if nanos {
            frame.timestamp.nanos
        } else {
            frame.timestamp.nanos / 1000
        };
        let caplen = u32::try_from(frame.data.len()).unwrap_or(u32::MAX);
        let b = &mut self.scratch;
        b.extend_from_slice(&secs.to_le_bytes());
        b.extend_from_slice(&frac.to_le_bytes());
        b.extend_from_slice(&caplen.to_le_bytes());
        b.extend_from_slice(&frame.original_len.to_le_bytes());
        b.extend_from_slice(frame.data);
        self.emit_scratch()
    }

    fn write_shb(&mut self, section: Option<&Section>) -> Result<(), CapfileError> {
        let mut body = Vec::new();
        body.extend_from_slice(&0x1A2B_3C4Du32.to_le_bytes());
        body.extend_from_slice(&1u16.to_le_bytes());
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&(-1i64).to_le_bytes());
        let mut opts = Vec::new();
        if let Some(s) = section {
            for c in &s.comments {
                put_opt(&mut opts, 1, c.as_bytes());
            }
            if let Some(h) = &s.hardware {
                put_opt(&mut opts, 2, h.as_bytes());
            }
            if let Some(o) = &s.os {
                put_opt(&mut opts, 3, o.as_bytes());
            }
        }
        put_opt(&mut opts, 4, b"wiresift");
        end_opts(&mut opts);
        body.extend_from_slice(&opts);
        put_block(&mut self.scratch, 0x0A0D_0D0A, &body);
        self.emit_scratch()
    }

    /// The output interface id for a global interface id, writing its IDB the first time.
    fn out_interface(&mut self, global: u32, interface: &Interface) -> Result<u32, CapfileError> {
        let g = global as usize;
        if let Some(&id) = self.iface_map.get(g)
            && id != 0
        {
            return Ok(id - 1);
        }
        let link = interface.link_type.0;
        if link > 0xFFFF {
            return Err(CapfileError::Unsupported(format!(
                "link type {link} does not fit a pcapng Interface Description Block"
            )));
        }
        let (tsresol, units) = output_resolution(interface);
        let mut body = Vec::new();
        body.extend_from_slice(&(link as u16).to_le_bytes());
        body.extend_from_slice(&0u16.to_le_bytes());
        body.extend_from_slice(&interface.snaplen.to_le_bytes());
        let mut opts = Vec::new();
        if let Some(n) = &interface.name {
            put_opt(&mut opts, 2, n.as_bytes());
        }
        if let Some(d) = &interface.description {
            put_opt(&mut opts, 3, d.as_bytes());
        }
        if let Some(r) = tsresol {
            put_opt(&mut opts, 9, &[r]);
        }
        if let Some(f) = &interface.filter {
            let mut v = Vec::with_capacity(f.len() + 1);
            v.push(0);
            v.extend_from_slice(f.as_bytes());
            put_opt(&mut opts, 11, &v);
        }
        if let Some(o) = &interface.os {
            put_opt(&mut opts, 12, o.as_bytes());
        }
        if let Some(fcs) = interface.fcs_len {
            put_opt(&mut opts, 13, &[fcs]);
        }
        if interface.ts_offset_secs != 0 {
            put_opt(&mut opts, 14, &interface.ts_offset_secs.to_le_bytes());
        }
        if !opts.is_empty() {
            end_opts(&mut opts);
        }
        body.extend_from_slice(&opts);
        put_block(&mut self.scratch, 1, &body);
        self.emit_scratch()?;
        let id = self.out_ifaces.len() as u32;
        self.out_ifaces.push(OutInterface {
            units,
            offset_secs: interface.ts_offset_secs,
        });
        if self.iface_map.len() <= g {
            self.iface_map.resize(g + 1, 0);
        }
        self.iface_map[g] = id + 1;
        Ok(id)
    }

    fn write_epb(&mut self, frame: &Frame, interface: &Interface) -> Result<(), CapfileError> {
        let id = self.out_interface(frame.interface_id, interface)?;
        let oi = &self.out_ifaces[id as usize];
        let ticks = timestamp_to_ticks(frame.timestamp, oi.units, oi.offset_secs).ok_or_else(|| {
            CapfileError::Unsupported(format!(
                "frame {}: timestamp {}.{:09} cannot be written at {} ticks per second from offset {} s",
                frame.number,
                frame.timestamp.secs,
                frame.timestamp.nanos,
                oi.units,
                oi.offset_secs
            ))
        })?;
        let caplen = u32::try_from(frame.data.len()).map_err(|_| {
            CapfileError::Unsupported(format!("frame {} is too large", frame.number))
        })?;
        let opts_len: usize = frame
            .comments
            .iter()
            .map(|c| 4 + pad4(c.len().min(0xFFFF)))
            .sum::<usize>()
            + if frame.flags.is_some() { 8 } else { 0 };
        let opts_len = if opts_len > 0 { opts_len + 4 } else { 0 };
        let total = 32 + pad4(frame.data.len()) + opts_len;
        let total = u32::try_from(total).map_err(|_| {
            CapfileError::Unsupported(format!("frame {} is too large", frame.number))
        })?;
        let b = &mut self.scratch;
        b.extend_from_slice(&6u32.to_le_bytes());
        b.extend_from_slice(&total.to_le_bytes());
        b.extend_from_slice(&id.to_le_bytes());
        b.extend_from_slice(&((ticks >> 32) as u32).to_le_bytes());
        b.extend_from_slice(&(ticks as u32).to_le_bytes());
        b.extend_from_slice(&caplen.to_le_bytes());
        b.extend_from_slice(&frame.original_len.to_le_bytes());
        b.extend_from_slice(frame.data);
        b.resize(b.len() + pad4(frame.data.len()) - frame.data.len(), 0);
        if opts_len > 0 {
            for c in &frame.comments {
                put_opt(b, 1, c.as_bytes());
            }
            if let Some(f) = frame.flags {
                put_opt(b, 2, &f.to_le_bytes());
            }
            end_opts(b);
        }
        b.extend_from_slice(&total.to_le_bytes());
        self.emit_scratch()
    }

    /// Writes an Interface Statistics Block for global interface `global` (pcapng; nothing for pcap), as a
    /// capture program does when it stops: `stats.timestamp` is the end of the capture, `started` its start
    /// if known, `comment` says who counted. Each counter present in `stats` becomes its option
    /// (`isb_ifrecv`, `isb_ifdrop`, `isb_filteraccept`, `isb_osdrop`, `isb_usrdeliv`). An interface not
    /// written yet gets its Interface Description Block first.
    pub fn write_interface_statistics(
        &mut self,
        global: u32,
        interface: &Interface,
        stats: &InterfaceStats,
        started: Option<Timestamp>,
        comment: Option<&str>,
    ) -> Result<(), CapfileError> {
        if self.format == OutputFormat::Pcap {
            return Ok(());
        }
        let id = self.out_interface(global, interface)?;
        let oi = &self.out_ifaces[id as usize];
        let (units, offset) = (oi.units, oi.offset_secs);
        let ticks = |ts: Timestamp| timestamp_to_ticks(ts, units, offset).unwrap_or(0);
        let end = ticks(stats.timestamp);
        let mut body = Vec::with_capacity(96);
        body.extend_from_slice(&id.to_le_bytes());
        body.extend_from_slice(&((end >> 32) as u32).to_le_bytes());
        body.extend_from_slice(&(end as u32).to_le_bytes());
        let mut opts = Vec::with_capacity(80);
        if let Some(c) = comment {
            put_opt(&mut opts, 1, c.as_bytes());
        }
        let split = |t: u64| {
            let mut v = [0u8; 8];
            v[..4].copy_from_slice(&((t >> 32) as u32).to_le_bytes());
            v[4..].copy_from_slice(&(t as u32).to_le_bytes());
            v
        };
        if let Some(s) = started {
            put_opt(&mut opts, 2, &split(ticks(s)));
        }
        put_opt(&mut opts, 3, &split(end));
        let counters = [
            (4, stats.received),
            (5, stats.dropped_by_interface),
            (6, stats.accepted_by_filter),
            (7, stats.dropped_by_os),
            (8, stats.delivered_to_user),
        ];
        for (code, value) in counters {
            if let Some(v) = value {
                put_opt(&mut opts, code, &v.to_le_bytes());
            }
        }
        end_opts(&mut opts);
        body.extend_from_slice(&opts);
        put_block(&mut self.scratch, 5, &body);
        self.emit_scratch()
    }

    /// Writes a Decryption Secrets Block (pcapng). Write secrets before the packets they decrypt. pcap cannot
    /// hold secrets: they are dropped and `Ok` is returned, as editcap does.
    pub fn write_secrets(&mut self, secrets: &DecryptionSecrets) -> Result<(), CapfileError> {
        if self.format == OutputFormat::Pcap {
            return Ok(());
        }
        let len = u32::try_from(secrets.data.len())
            .map_err(|_| CapfileError::Unsupported("decryption secrets too large".into()))?;
        let mut body = Vec::with_capacity(8 + pad4(secrets.data.len()));
        body.extend_from_slice(&secrets.secrets_type.to_le_bytes());
        body.extend_from_slice(&len.to_le_bytes());
        body.extend_from_slice(&secrets.data);
        body.resize(8 + pad4(secrets.data.len()), 0);
        put_block(&mut self.scratch, 0x0000_000A, &body);
        self.emit_scratch()
    }

    /// Writes a Name Resolution Block with `records` (pcapng; dropped for pcap). Names longer than a record
    /// can hold are left out.
    pub fn write_name_records(&mut self, records: &[NameRecord]) -> Result<(), CapfileError> {
        if self.format == OutputFormat::Pcap || records.is_empty() {
            return Ok(());
        }
        let mut body = Vec::new();
        for r in records {
            let mut v = match r.address {
                std::net::IpAddr::V4(a) => a.octets().to_vec(),
                std::net::IpAddr::V6(a) => a.octets().to_vec(),
            };
            let rtype: u16 = if v.len() == 4 { 1 } else { 2 };
            for n in &r.names {
                if v.len() + n.len() < 0xFFFF {
                    v.extend_from_slice(n.as_bytes());
                    v.push(0);
                }
            }
            put_opt(&mut body, rtype, &v);
        }
        end_opts(&mut body);
        put_block(&mut self.scratch, 4, &body);
        self.emit_scratch()
    }

    /// Completes the file: writes the pcap header of an empty output, flushes, and renames the temporary
    /// file to the target name (replacing an existing file). Standard output is flushed.
    pub fn finish(mut self) -> Result<(), CapfileError> {
        if self.format == OutputFormat::Pcap && self.pcap.is_none() {
            let iface = self
                .default_interface
                .take()
                .unwrap_or_else(|| Interface::new(LinkType::ETHERNET));
            let nanos = iface.ts_units_per_sec > 1_000_000;
            self.pcap_header(&iface, nanos)?;
            self.emit_scratch()?;
        }
        let path = self.path.clone();
        let write_err = |source| CapfileError::Write {
            path: path.clone(),
            source,
        };
        match self.sink {
            Sink::Stdout(mut w) => w.flush().map_err(write_err),
            Sink::Special(mut w) => w.flush().map_err(write_err),
            Sink::Temp(w) => {
                let tmp = w.into_inner().map_err(|e| write_err(e.into_error()))?;
                tmp.as_file().sync_all().map_err(write_err)?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let _ = tmp
                        .as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644));
                }
                tmp.persist(&path).map_err(|e| write_err(e.error))?;
                Ok(())
            }
        }
    }
}

/// The `if_tsresol` byte to write (None: the default microseconds) and the ticks per second it means.
fn output_resolution(interface: &Interface) -> (Option<u8>, u64) {
    let units = interface.ts_units_per_sec;
    if let Some(r) = interface.tsresol_option
        && tsresol_units(r) == Some(units)
    {
        return (Some(r), units);
    }
    if units == 1_000_000 {
        return (None, units);
    }
    for exp in 0..20u8 {
        if 10u64.checked_pow(exp as u32) == Some(units) {
            return (Some(exp), units);
        }
    }
    if units.is_power_of_two() {
        return (Some(0x80 | units.trailing_zeros() as u8), units);
    }
    (Some(9), 1_000_000_000)
}

/// Ticks at `units` per second since `offset_secs` that read back as `ts`: the floor, or one more where the
/// resolution is not a whole number of nanoseconds and the reader's truncation needs it. None if out of
/// range.
fn timestamp_to_ticks(ts: Timestamp, units: u64, offset_secs: i64) -> Option<u64> {
    // Micro- and nanoseconds, nearly every file and every live capture: whole-number steps of a
    // nanosecond, so the floor is exact or the closest below, without 128-bit arithmetic (a tenth of
    // the time of writing a small packet).
    if let (Some(per_tick @ (1_000 | 1)), true) = (
        1_000_000_000u64.checked_div(units),
        ts.nanos < 1_000_000_000,
    ) && 1_000_000_000 % units == 0
    {
        let secs = u64::try_from(ts.secs.checked_sub(offset_secs)?).ok()?;
        return secs
            .checked_mul(units)?
            .checked_add(u64::from(ts.nanos) / per_tick);
    }
    let rel = ts
        .as_nanos()
        .checked_sub(offset_secs as i128 * 1_000_000_000)?;
    if rel < 0 {
        return None;
    }
    let floor = rel.checked_mul(units as i128)? / 1_000_000_000;
    let floor = u64::try_from(floor).ok()?;
    if ticks_to_timestamp(floor, units, offset_secs) == ts {
        return Some(floor);
    }
    let up = floor.checked_add(1)?;
    if ticks_to_timestamp(up, units, offset_secs) == ts {
        return Some(up);
    }
    Some(floor)
}

fn pad4(n: usize) -> usize {
    (n + 3) & !3
}

/// Appends an option (code, length, value, padding); values longer than 65535 bytes are cut.
fn put_opt(b: &mut Vec<u8>, code: u16, value: &[u8]) {
    let value = &value[..value.len().min(0xFFFF)];
    b.extend_from_slice(&code.to_le_bytes());
    b.extend_from_slice(&(value.len() as u16).to_le_bytes());
    b.extend_from_slice(value);
    b.resize(b.len() + pad4(value.len()) - value.len(), 0);
}

fn end_opts(b: &mut Vec<u8>) {
    b.extend_from_slice(&[0, 0, 0, 0]);
}

/// Appends a whole block: type, total length, `body` (a multiple of 4 bytes long), total length.
fn put_block(b: &mut Vec<u8>, btype: u32, body: &[u8]) {
    let total = (12 + body.len()) as u32;
    b.extend_from_slice(&btype.to_le_bytes());
    b.extend_from_slice(&total.to_le_bytes());
    b.extend_from_slice(body);
    b.extend_from_slice(&total.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `-w /dev/null` or `-w FIFO` must write into the device or pipe, never rename a temporary file over
    /// it (which replaced the machine's /dev/null with a regular file once). Tried on a named pipe of our
    /// own, read by a thread.
    #[cfg(unix)]
    #[test]
    fn special_files_are_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let fifo = dir.path().join("pipe");
        match std::process::Command::new("mkfifo").arg(&fifo).status() {
            Ok(s) if s.success() => {}
            _ => {
                eprintln!("notice: mkfifo is not available; special-file test skipped");
                return;
            }
        }
        let reader_path = fifo.clone();
        let reader =
            std::thread::spawn(move || std::fs::read(reader_path).expect("reading the pipe"));
        let w = CaptureWriter::create(&fifo, OutputFormat::Pcap, None).expect("opening the pipe");
        w.finish().expect("finishing into the pipe");
        // Checked before joining: had the pipe been renamed over, the reader would wait for ever.
        let meta = std::fs::symlink_metadata(&fifo).expect("the pipe is still there");
        assert!(meta.file_type().is_fifo(), "the pipe was replaced");
        let bytes = reader.join().expect("the reader thread");
        // An empty pcap: the file header alone, little-endian microsecond magic.
        assert_eq!(bytes.len(), 24);
        assert_eq!(bytes[..4], [0xd4, 0xc3, 0xb2, 0xa1]);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listing the directory")
            .collect();
        assert_eq!(left.len(), 1, "no temporary file is left beside the pipe");
    }

    #[test]
    fn ticks_round_trip_at_every_resolution() {
        let resolutions = [
            1u64,
            1000,
            1_000_000,
            1_000_000_000,
            1 << 10,
            1 << 20,
            1 << 40,
            10u64.pow(12),
            3,
        ];
        for units in resolutions {
            for offset in [0i64, -7, 3600] {
                for ticks in [
                    0u64,
                    1,
                    2,
                    999,
                    123_456_789,
                    1 << 33,
                    u64::MAX / 1_000_000_000,
                ] {
                    let ts = ticks_to_timestamp(ticks, units, offset);
                    let back = timestamp_to_ticks(ts, units, offset).expect("representable");
                    assert_eq!(
                        ticks_to_timestamp(back, units, offset),
                        ts,
                        "units {units} offset {offset} ticks {ticks}"
                    );
                }
            }
        }
    }

    #[test]
    fn micro_and_nanosecond_ticks_are_exact_or_the_floor() {
        let ts = Timestamp {
            secs: 1_700_000_000,
            nanos: 123_456_789,
        };
        assert_eq!(
            timestamp_to_ticks(ts, 1_000_000_000, 0),
            Some(1_700_000_000_123_456_789)
        );
        assert_eq!(
            timestamp_to_ticks(ts, 1_000_000, 0),
            Some(1_700_000_000_123_456)
        );
        assert_eq!(
            timestamp_to_ticks(ts, 1_000_000, 1_700_000_000),
            Some(123_456)
        );
        // Before the offset, or past what 64 bits of nanoseconds hold (the year 2554).
        assert_eq!(timestamp_to_ticks(ts, 1_000_000, 1_700_000_001), None);
        let late = Timestamp {
            secs: 20_000_000_000,
            nanos: 0,
        };
        assert_eq!(timestamp_to_ticks(late, 1_000_000_000, 0), None);
    }

    #[test]
    fn output_resolution_keeps_the_original() {
        let mut i = Interface::new(LinkType::ETHERNET);
        assert_eq!(output_resolution(&i), (None, 1_000_000));
        i.ts_units_per_sec = 1_000_000_000;
        assert_eq!(output_resolution(&i), (Some(9), 1_000_000_000));
        i.ts_units_per_sec = 1 << 20;
        assert_eq!(output_resolution(&i), (Some(0x80 | 20), 1 << 20));
        i.ts_units_per_sec = 1_000_000;
        i.tsresol_option = Some(6);
        assert_eq!(output_resolution(&i), (Some(6), 1_000_000));
        i.ts_units_per_sec = 3;
        i.tsresol_option = None;
        assert_eq!(output_resolution(&i), (Some(9), 1_000_000_000));
    }
}
