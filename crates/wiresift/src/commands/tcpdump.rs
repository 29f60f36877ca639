//! `wiresift tcpdump`: tcpdump's options and output. The expression is compiled by libpcap for each
//! link type the capture holds and applied to every frame; the matching frames are printed in
//! tcpdump 4.99's format, or written to a pcap file with `-w`.

use std::collections::HashMap;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context, bail};
use capfile::{CaptureReader, CaptureWriter, OutputFormat};
use capture::BpfFilter;

use super::read::ignore_broken_pipe;
use crate::cli::TcpdumpArgs;

/// The filter expression: `-F FILE`'s contents (tcpdump ignores the command line's then), or the
/// command line's words joined by spaces; `#` starts a comment in a filter file, as libpcap reads it.
fn expression(args: &TcpdumpArgs) -> anyhow::Result<String> {
    match &args.filter_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the filter file {}", path.display()))?;
            let lines: Vec<&str> = text
                .lines()
                .map(|l| l.split_once('#').map_or(l, |(before, _)| before))
                .collect();
            Ok(lines.join(" ").trim().to_string())
        }
        None => Ok(args.expression.join(" ")),
    }
}

fn options(args: &TcpdumpArgs) -> tcpdump::Options {
    use tcpdump::Dump;
    let dump = if args.hex_ascii > 0 {
        Dump::HexAscii {
            link: args.hex_ascii > 1,
        }
    } else if args.hex > 0 {
        Dump::Hex { link: args.hex > 1 }
    } else if args.ascii > 0 {
        Dump::Ascii {
            link: args.ascii > 1,
        }
    } else {
        Dump::None
    };
    tcpdump::Options {
        verbose: args.verbose.min(3),
        time: args.time.min(5),
        nano: args.nano,
        link_header: args.link_header,
        quiet: args.quiet,
        absolute_seq: args.absolute_seq,
        number: args.number,
        dump,
    }
}

/// Where the matching frames go: tcpdump's lines on standard output, or a pcap file (`-w`).
struct Sink<'o> {
    printer: tcpdump::Printer<'o>,
    writer: Option<CaptureWriter>,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    line_buffered: bool,
}

impl<'o> Sink<'o> {
    fn new(args: &TcpdumpArgs, opts: &'o tcpdump::Options) -> anyhow::Result<Self> {
        let writer = match &args.write_file {
            Some(out) => Some(CaptureWriter::create(out, OutputFormat::Pcap, None)?),
            None => None,
        };
        Ok(Sink {
            printer: tcpdump::Printer::new(opts),
            writer,
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            line_buffered: args.line_buffered,
        })
    }

    /// Prints or writes one frame; `false` once standard output is closed (`| head`), which ends the
    /// output quietly, as tcpdump ends.
    fn take(&mut self, frame: &capfile::Frame) -> anyhow::Result<bool> {
        if let Some(w) = self.writer.as_mut() {
            w.write_frame(frame, frame.interface)?;
            return Ok(true);
        }
        let text = self.printer.print(&tcpdump::FrameIn {
            link_type: frame.link_type.0,
            secs: frame.timestamp.secs,
            nanos: frame.timestamp.nanos,
            data: frame.data,
            original_len: frame.original_len,
        });
        if self.out.write_all(text.as_bytes()).is_err() {
            return Ok(false);
        }
        if self.line_buffered {
            self.out.flush().or_else(ignore_broken_pipe)?;
        }
        Ok(true)
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        self.out.flush().or_else(ignore_broken_pipe)?;
        Ok(())
    }

    /// Flushes the output and completes the file, which only now takes its final name.
    fn finish(mut self) -> anyhow::Result<()> {
        self.flush()?;
        if let Some(w) = self.writer {
            w.finish()?;
        }
        Ok(())
    }
}

/// Runs `wiresift tcpdump`.
pub fn run(args: &TcpdumpArgs) -> anyhow::Result<ExitCode> {
    if args.list_interfaces {
        return list_interfaces();
    }
    let expr = expression(args)?;
    match args.read_file.as_deref() {
        Some(path) => read_file(args, path, &expr),
        None => capture_live(args, &expr),
    }
}

/// tcpdump's `-D`: "N.name (libpcap's description) [flags]".
fn list_interfaces() -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    for (i, iface) in capture::interfaces()?.iter().enumerate() {
        out.push_str(&format!("{}.{}", i + 1, iface.name));
        if let Some(d) = &iface.pcap_description {
            out.push_str(&format!(" ({d})"));
        }
        out.push_str(&iface.status.tcpdump_suffix());
        out.push('\n');
    }
    std::io::stdout()
        .write_all(out.as_bytes())
        .or_else(ignore_broken_pipe)?;
    Ok(ExitCode::SUCCESS)
}

/// `-r FILE`: the expression is compiled by libpcap for each link type the file holds and applied here.
fn read_file(args: &TcpdumpArgs, path: &std::path::Path, expr: &str) -> anyhow::Result<ExitCode> {
    let mut reader = CaptureReader::open(path)?;
    if let Some(first) = reader.interfaces().first() {
        // tcpdump says what it reads on standard error, before the packets.
        eprintln!(
            "reading from file {}, link-type {}, snapshot length {}",
            path.display(),
            tcpdump::link_type_name(first.link_type.0),
            first.snaplen
        );
    }
    let opts = options(args);
    let mut sink = Sink::new(args, &opts)?;
    let mut filters: HashMap<u32, BpfFilter> = HashMap::new();
    let mut matched = 0u64;
    let mut read_error = None;
    while args.count.is_none_or(|c| matched < c) {
        let Some(frame) = super::next_frame(&mut reader, &mut read_error) else {
            break;
        };
        if !expr.is_empty() {
            let lt = frame.link_type.0;
            let filter = match filters.entry(lt) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(BpfFilter::compile(lt, expr)?)
                }
            };
            if !filter.matches(frame.data, frame.original_len) {
                continue;
            }
        }
        matched += 1;
        if !sink.take(&frame)? {
            return Ok(ExitCode::SUCCESS);
        }
    }
    sink.finish()?;
    if let Some(err) = read_error {
        return Err(err.into());
    }
    Ok(ExitCode::SUCCESS)
}

/// Linux's `any` pseudo-interface, on which tcpdump 4.99 asks for cooked v2 headers.
const ANY: &str = "any";
const LINUX_SLL2: u32 = 276;

/// `-i IFACE` (or the first interface libpcap lists, as tcpdump takes): the expression is compiled by
/// libpcap into the kernel's filter; tcpdump's messages and closing counts on standard error.
fn capture_live(args: &TcpdumpArgs, expr: &str) -> anyhow::Result<ExitCode> {
    let list = capture::interfaces()?;
    let info = match &args.interface {
        Some(spec) => capture::resolve_interface(spec, &list)?,
        None => match list.first() {
            Some(first) => first.clone(),
            None => {
                bail!("no suitable device found (give an interface with -i, or a file with -r)")
            }
        },
    };
    let link_type = (cfg!(target_os = "linux") && info.name == ANY).then_some(LINUX_SLL2);
    let live_options = capture::LiveOptions {
        snaplen: args.snaplen.unwrap_or(capture::DEFAULT_SNAPLEN),
        promiscuous: !args.no_promiscuous,
        buffer_bytes: args.buffer_kib.map(|k| k.saturating_mul(1024)),
        immediate: args.immediate_mode,
        filter: (!expr.is_empty()).then(|| expr.to_string()),
        link_type,
    };
    let stop = super::live::stop_on_signals()?;
    let mut live = capture::LiveCapture::open(std::slice::from_ref(&info), &live_options, stop)?;
    let iface = &live.interfaces()[0];
    if let Some(lt) = link_type {
        let name = tcpdump::link_type_name(lt);
        eprintln!(
            "tcpdump: data link type {}",
            name.split_once(' ')
                .map_or(name.as_str(), |(short, _)| short)
        );
    }
    let prefix = if args.verbose == 0 && args.write_file.is_none() {
        "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
    } else {
        "tcpdump: "
    };
    eprintln!(
        "{prefix}listening on {}, link-type {}, snapshot length {} bytes",
        info.name,
        tcpdump::link_type_name(iface.link_type.0),
        iface.snaplen
    );
    let opts = options(args);
    let mut sink = Sink::new(args, &opts)?;
    let mut captured = 0u64;
    while args.count.is_none_or(|c| captured < c) {
        // What was printed is shown before the capture waits for more.
        if !live.has_queued() {
            sink.flush()?;
        }
        let Some(frame) = live.next_frame(None)? else {
            break;
        };
        captured += 1;
        if !sink.take(&frame)? {
            break;
        }
    }
    let stats = live.finish()?;
    sink.finish()?;
    let (mut received, mut dropped, mut if_dropped) = (0u64, 0u64, 0u64);
    for s in &stats {
        received += s.received;
        dropped += s.dropped_by_os;
        if_dropped += s.dropped_by_interface;
    }
    let counted = |n: u64, what: &str| {
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} packet{plural} {what}\n")
    };
    let mut text = counted(captured, "captured");
    text.push_str(&counted(received, "received by filter"));
    text.push_str(&counted(dropped, "dropped by kernel"));
    if if_dropped > 0 {
        text.push_str(&counted(if_dropped, "dropped by interface"));
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}
