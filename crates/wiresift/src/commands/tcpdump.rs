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

/// Runs `wiresift tcpdump`.
pub fn run(args: &TcpdumpArgs) -> anyhow::Result<ExitCode> {
    if args.list_interfaces {
        return super::live::list_interfaces();
    }
    let Some(path) = args.read_file.as_deref() else {
        if args.interface.is_some() {
            bail!(
                "wiresift tcpdump reads capture files (-r FILE); to capture, run `wiresift -i IFACE -f EXPRESSION -w FILE` and read FILE"
            );
        }
        bail!("no input: give a capture file with -r FILE (or -r - for standard input)");
    };
    let expr = expression(args)?;
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
    let mut printer = tcpdump::Printer::new(&opts);
    let mut filters: HashMap<u32, BpfFilter> = HashMap::new();
    let mut writer = match &args.write_file {
        Some(out) => Some(CaptureWriter::create(out, OutputFormat::Pcap, None)?),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
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
                    e.insert(BpfFilter::compile(lt, &expr)?)
                }
            };
            if !filter.matches(frame.data, frame.original_len) {
                continue;
            }
        }
        matched += 1;
        if let Some(w) = writer.as_mut() {
            w.write_frame(&frame, frame.interface)?;
            continue;
        }
        let text = printer.print(&tcpdump::FrameIn {
            link_type: frame.link_type.0,
            secs: frame.timestamp.secs,
            nanos: frame.timestamp.nanos,
            data: frame.data,
            original_len: frame.original_len,
        });
        if out.write_all(text.as_bytes()).is_err() {
            // A closed pipe (| head) ends the output quietly, as tcpdump ends.
            return Ok(ExitCode::SUCCESS);
        }
        if args.line_buffered {
            out.flush().or_else(ignore_broken_pipe)?;
        }
    }
    out.flush().or_else(ignore_broken_pipe)?;
    if let Some(w) = writer {
        w.finish()?;
    }
    if let Some(err) = read_error {
        return Err(err.into());
    }
    Ok(ExitCode::SUCCESS)
}
