//! `wiresift -r FILE` and `wiresift -i IFACE`: read frames from a file or an interface, dissect what the
//! output needs, print, optionally write a file. A live capture goes through the same loop as a file.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use capfile::{CaptureReader, CaptureWriter, Frame, OutputFormat};
use capture::RingWriter;
use dissect::{Dissector, Interest, PacketTree};
use output::summary::FrameTimes;
use output::{
    DetailOptions, DetailPrinter, FieldsOptions, FieldsPrinter, JsonKind, JsonPrinter,
    SummaryOptions, Tap as _, TimeFormat,
};

use super::live::{self, LiveInput};
use super::twopass::{self, SecondPass, Step};
use crate::cli::{OutputKind, ReadArgs, WriteFormat};

/// What is printed for each frame.
enum Printer {
    Nothing,
    Summary(SummaryOptions),
    Fields(Box<FieldsPrinter>),
    /// `-V` and/or `-x`, with the summary line first when `-P` asks for it.
    Packet {
        summary: Option<SummaryOptions>,
        detail: Option<Box<DetailPrinter>>,
        hex: bool,
    },
    Json(Box<JsonPrinter>),
}

/// Where the frames come from.
#[derive(Debug, Clone, Copy)]
pub enum Input<'p> {
    File(&'p Path),
    /// The interfaces of `-i`.
    Live,
}

/// The opened input.
enum Source {
    File(CaptureReader),
    Live(LiveInput),
}

impl Source {
    /// The next frame; `None` at the end, at damage or a capture failure (kept in `error`), or when a
    /// live capture stops.
    fn next_frame(&mut self, error: &mut Option<anyhow::Error>) -> Option<Frame<'_>> {
        match self {
            Source::File(r) => {
                let mut e = None;
                let f = super::next_frame(r, &mut e);
                if let Some(e) = e {
                    *error = Some(e.into());
                }
                f
            }
            Source::Live(l) => match l.capture.next_frame(l.deadline) {
                Ok(f) => f,
                Err(e) => {
                    *error = Some(e.into());
                    None
                }
            },
        }
    }

    fn frames_read(&self) -> u64 {
        match self {
            Source::File(r) => r.frames_read(),
            Source::Live(l) => l.capture.frames_read(),
        }
    }
}

/// Where `-w` writes.
// One per run: the size of the enum does not matter.
#[allow(clippy::large_enum_variant)]
enum Output {
    File(CaptureWriter),
    Live(RingWriter),
}

impl Output {
    fn write(&mut self, frame: &Frame) -> anyhow::Result<()> {
        match self {
            Output::File(w) => w.write_frame(frame, frame.interface)?,
            Output::Live(w) => w.write_frame(frame)?,
        }
        Ok(())
    }

    fn bytes_written(&self) -> u64 {
        match self {
            Output::File(w) => w.bytes_written(),
            Output::Live(w) => w.bytes_written(),
        }
    }
}

pub fn run(input: Input, args: &ReadArgs) -> anyhow::Result<ExitCode> {
    if args.read_filter.is_some() && !args.two_pass {
        twopass::refuse_read_filter_alone()?;
    }
    let registry = dissect::registry();
    let mut dissector = Dissector::new();
    apply_prefs(&mut dissector, &args.prefs)?;
    apply_decode_as(&mut dissector, &args.decode_as)?;
    let mut interest = Interest::nothing(registry);
    let writing = args.write_file.is_some();
    let print = !args.quiet && (!writing || args.print_when_writing);
    let mut printer = match (print, args.output_format) {
        (false, _) => Printer::Nothing,
        (true, Some(OutputKind::Fields)) => {
            if args.fields.is_empty() {
                bail!("-T fields needs at least one -e FIELD");
            }
            let mut options = FieldsOptions::default();
            for o in &args.field_options {
                options.apply(o)?;
            }
            let p = FieldsPrinter::new(registry, &args.fields, options)?;
            p.add_interest(&mut interest);
            Printer::Fields(Box::new(p))
        }
        (true, Some(kind @ (OutputKind::Json | OutputKind::Ek | OutputKind::Jsonraw))) => {
            let kind = match kind {
                OutputKind::Json => JsonKind::Json,
                OutputKind::Ek => JsonKind::Ek,
                _ => JsonKind::JsonRaw,
            };
            let mut options = FieldsOptions::default();
            for o in &args.field_options {
                options.apply(o)?;
            }
            let p = JsonPrinter::new(registry, kind, &args.fields, &options)?;
            p.add_interest(registry, &mut interest);
            Printer::Json(Box::new(p))
        }
        (true, _) if args.details || args.hex => {
            if args.details {
                // The detail tree shows every field.
                interest = Interest::everything(registry);
            }
            let summary = if args.print_when_writing {
                interest.columns = true;
                Some(SummaryOptions {
                    time_format: parse_time_format(&args.time_format)?,
                    precision: 6,
                })
            } else {
                None
            };
            Printer::Packet {
                summary,
                detail: args.details.then(|| {
                    Box::new(DetailPrinter::new(DetailOptions {
                        show_fields: args.show_fields,
                        hex_for_data: !args.hex,
                    }))
                }),
                hex: args.hex,
            }
        }
        (true, _) => {
            interest.columns = true;
            Printer::Summary(SummaryOptions {
                time_format: parse_time_format(&args.time_format)?,
                precision: 6,
            })
        }
    };
    // tshark compiles the read filter first, so its error is the one reported when both are bad.
    let mut read_filter = match &args.read_filter {
        Some(text) => super::filter::compile(text, registry)?,
        None => None,
    };
    if let Some(f) = &read_filter {
        f.add_interest(&mut interest);
    }
    let mut display = match &args.display_filter {
        Some(text) => super::filter::compile(text, registry)?,
        None => None,
    };
    if let Some(f) = &display {
        f.add_interest(&mut interest);
    }
    let mut taps = Vec::with_capacity(args.reports.len());
    for spec in &args.reports {
        let tap = output::tap::parse(spec, registry)?;
        tap.add_interest(registry, &mut interest);
        taps.push(tap);
    }
    for spec in &args.export_objects {
        let tap = output::objects::ExportObjects::parse(spec, registry)?;
        tap.add_interest(registry, &mut interest);
        taps.push(Box::new(tap));
    }
    for name in &args.list_objects {
        use output::objects::{Destination, ObjectProtocol};
        let listed: Vec<(ObjectProtocol, Destination)> = if name == "all" {
            ObjectProtocol::ALL
                .iter()
                .map(|&p| (p, Destination::ListIfAny))
                .collect()
        } else {
            let protocol = ObjectProtocol::from_name(name)
                .ok_or_else(|| output::objects::ObjectsError::UnknownProtocol(name.clone()))?;
            vec![(protocol, Destination::List)]
        };
        for (protocol, destination) in listed {
            let tap = output::objects::ExportObjects::new(protocol, destination, registry);
            tap.add_interest(registry, &mut interest);
            taps.push(Box::new(tap));
        }
    }
    let dissecting = !matches!(printer, Printer::Nothing) || display.is_some() || !taps.is_empty();
    // -2: the first pass runs to the end before anything is printed or written.
    let mut second = if let (true, Input::File(path)) = (args.two_pass, input) {
        twopass::check_input(path)?;
        let mut first_tree = PacketTree::new(interest.clone());
        let first_dissects = dissecting || read_filter.is_some();
        let first = twopass::first_pass(
            path,
            args.count,
            &|d| {
                apply_prefs(d, &args.prefs)?;
                apply_decode_as(d, &args.decode_as)
            },
            &mut first_tree,
            read_filter.as_mut(),
            display.as_mut(),
            first_dissects,
        )?;
        let mut second = SecondPass::new(first);
        dissector.use_lookahead(second.take_lookahead());
        Some(second)
    } else {
        None
    };
    let mut tree = PacketTree::new(interest);

    let format = match args.write_format {
        WriteFormat::Pcap => OutputFormat::Pcap,
        WriteFormat::Pcapng => OutputFormat::Pcapng,
    };
    let (mut source, mut writer) = match input {
        Input::File(path) => {
            let reader = CaptureReader::open(path)?;
            let writer = match &args.write_file {
                Some(out) => {
                    let section = reader.sections().first().cloned();
                    let mut w = CaptureWriter::create(out, format, section.as_ref())?;
                    // Interfaces declared before the first packet keep their ids (and those
                    // that carry no packets are kept); later ones are added as frames use them.
                    w.write_interfaces(reader.interfaces())?;
                    for secrets in reader.secrets() {
                        w.write_secrets(secrets)?;
                    }
                    Some(Output::File(w))
                }
                None => None,
            };
            (Source::File(reader), writer)
        }
        Input::Live => {
            let l = live::start(args)?;
            let writer = match &args.write_file {
                Some(out) => {
                    let section = capfile::Section {
                        os: l.capture.interfaces().first().and_then(|i| i.os.clone()),
                        ..capfile::Section::default()
                    };
                    Some(Output::Live(RingWriter::create(
                        out,
                        format,
                        section,
                        l.capture.interfaces(),
                        l.ring.clone(),
                    )?))
                }
                None => None,
            };
            (Source::Live(l), writer)
        }
    };
    let (count_limit, flush_each) = match &source {
        Source::File(_) => (args.count, false),
        Source::Live(l) => (l.packet_limit, l.flush_each),
    };
    let filesize_limit = match &source {
        Source::Live(l) => l.filesize_limit,
        Source::File(_) => None,
    };
    let stdout = std::io::stdout();
    // Output is gathered in `line` and handed over in chunks larger than this buffer, which BufWriter
    // then writes straight through instead of copying them once more.
    let mut out = BufWriter::with_capacity(1 << 14, stdout.lock());
    let mut line = String::with_capacity(4096);
    match &mut printer {
        Printer::Fields(p) => p.write_header(&mut line),
        Printer::Json(p) => p.write_preamble(&mut line),
        _ => {}
    }
    let mut first_ns: Option<i128> = None;
    let mut previous_ns: Option<i128> = None;
    let mut previous_displayed_ns: Option<i128> = None;
    // A live capture is written as pcapng: its frames carry interface ids.
    let is_pcapng = match &source {
        Source::File(r) => matches!(r.format(), capfile::FileFormat::Pcapng),
        Source::Live(_) => true,
    };
    let mut read_error: Option<anyhow::Error> = None;
    let mut secrets_fed = 0;
    loop {
        // With -2 the first pass has applied -c already.
        if second.is_none() && count_limit.is_some_and(|limit| source.frames_read() >= limit) {
            break;
        }
        if filesize_limit.is_some_and(|l| writer.as_ref().is_some_and(|w| w.bytes_written() >= l)) {
            break;
        }
        // A live capture shows each frame before it waits for the next.
        if let Source::Live(l) = &mut source
            && (flush_each || !l.capture.has_queued())
        {
            out.write_all(line.as_bytes()).or_else(ignore_broken_pipe)?;
            line.clear();
            out.flush().or_else(ignore_broken_pipe)?;
        }
        // A ring file whose -b duration ends while no packet comes is closed on time, as dumpcap does.
        if let (Source::Live(l), Some(Output::Live(w))) = (&mut source, writer.as_mut()) {
            while let Some(at) = w.next_rotation() {
                if l.capture.wait(at, l.deadline) {
                    break;
                }
                w.rotate_if_due()?;
            }
        }
        if let Source::File(r) = &source {
            super::feed_secrets(r, &mut dissector, &mut secrets_fed);
        }
        let Some(frame) = source.next_frame(&mut read_error) else {
            break;
        };
        let now = frame.timestamp.as_nanos();
        // -2: the number and times the frame has in tshark's second pass; a frame -R dropped is dissected
        // again only so that the dissector's state (flows, reassembly, echo matching) is the first pass's.
        let (number, replay, two_pass_times, dependent) = match second.as_mut() {
            None => (frame.number, false, None, false),
            Some(s) => match s.step(frame.number, now) {
                Step::Stop => break,
                Step::Replay { number } => (number, true, None, false),
                Step::Keep { number } => {
                    let times = s.times(number, now);
                    (number, false, Some(times), s.is_dependent(number))
                }
            },
        };
        if replay && !dissecting {
            continue;
        }
        if !dissecting {
            if let Some(w) = writer.as_mut() {
                w.write(&frame)?;
            }
            continue;
        }
        if let Some(t) = two_pass_times {
            dissector.set_frame_times(t);
        }
        let meta = super::frame_meta(&frame, number, is_pcapng);
        dissector.dissect(&meta, frame.data, &mut tree);
        if replay {
            continue;
        }
        let first = *first_ns.get_or_insert(now);
        let previous = previous_ns.replace(now).unwrap_or(now);
        let previous_displayed = previous_displayed_ns.unwrap_or(now);
        let mut times = FrameTimes {
            number,
            epoch_secs: frame.timestamp.secs,
            epoch_nanos: frame.timestamp.nanos,
            relative_ns: now - first,
            delta_ns: now - previous,
            delta_displayed_ns: now - previous_displayed,
            cap_len: frame.data.len(),
            wire_len: frame.original_len,
        };
        if let Some(t) = two_pass_times {
            times.relative_ns = t.relative_ns;
            times.delta_ns = t.delta_ns;
            times.delta_displayed_ns = t.delta_displayed_ns;
        }
        // tshark's reports see every frame the run dissects: -Y chooses what is printed, not what they
        // count or follow.
        for tap in &mut taps {
            tap.frame(registry, &tree, frame.data, &times);
        }
        if display
            .as_mut()
            .is_some_and(|f| !f.matches(&tree, frame.data))
        {
            // tshark's second pass writes a frame that a displayed frame was built from.
            if let (true, Some(w)) = (dependent, writer.as_mut()) {
                w.write(&frame)?;
            }
            continue;
        }
        previous_displayed_ns = Some(now);
        if let (Some(_), Some(s)) = (two_pass_times, second.as_mut()) {
            s.displayed(number, now);
        }
        if let Some(w) = writer.as_mut() {
            w.write(&frame)?;
        }
        match &mut printer {
            Printer::Nothing => {}
            Printer::Fields(p) => p.write_row(registry, &tree, frame.data, &mut line),
            Printer::Json(p) => {
                let time = output::PacketTime {
                    secs: frame.timestamp.secs,
                    nanos: frame.timestamp.nanos,
                };
                p.write_packet(registry, &tree, frame.data, time, &mut line)
            }
            Printer::Summary(options) => {
                options.precision = precision_digits(frame.interface.ts_units_per_sec);
                output::write_summary(&mut line, &tree, &times, options);
            }
            Printer::Packet {
                summary,
                detail,
                hex,
            } => {
                // tshark's layout: the summary line, the tree, then a blank line before the hex dump.
                if let Some(options) = summary {
                    options.precision = precision_digits(frame.interface.ts_units_per_sec);
                    output::write_summary(&mut line, &tree, &times, options);
                }
                if let Some(d) = detail {
                    d.write_packet(registry, &tree, frame.data, &mut line);
                } else if *hex && summary.is_some() {
                    line.push('\n');
                }
                if *hex {
                    output::hex::write_packet_hex(&mut line, &tree, frame.data);
                }
            }
        }
        dissector.mark_displayed(&meta);
        if line.len() > 1 << 16 {
            out.write_all(line.as_bytes()).or_else(ignore_broken_pipe)?;
            line.clear();
        }
    }
    if let Printer::Json(p) = &mut printer {
        p.write_finale(&mut line);
    }
    // tshark prints its reports in the reverse of the order the -z options came in.
    for tap in taps.iter_mut().rev() {
        tap.finish(registry, &mut line);
    }
    let tap_error = taps.iter_mut().find_map(|t| t.take_error());
    out.write_all(line.as_bytes()).or_else(ignore_broken_pipe)?;
    out.flush().or_else(ignore_broken_pipe)?;
    // Whatever was read before an error is kept: the output file is completed first.
    let live_stats = match source {
        Source::Live(l) => {
            let captured = l.capture.frames_read();
            let stats = l.capture.finish()?;
            Some((stats, captured))
        }
        Source::File(_) => None,
    };
    match writer {
        Some(Output::File(w)) => w.finish().context("finishing the output file")?,
        Some(Output::Live(w)) => {
            let stats = live_stats.as_ref().map_or(&[][..], |(s, _)| s.as_slice());
            w.finish(stats).context("finishing the output file")?;
        }
        None => {}
    }
    if let Some((stats, captured)) = &live_stats {
        live::report(stats, *captured);
    }
    if let Some(err) = tap_error {
        return Err(anyhow::anyhow!(err));
    }
    // A first pass cut short still had its frames processed; its error comes last, as in tshark.
    match read_error.or_else(|| {
        second
            .as_mut()
            .and_then(SecondPass::take_read_error)
            .map(anyhow::Error::from)
    }) {
        Some(err) => Err(err),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// Digits tshark shows after the decimal point for a timestamp resolution (6 for µs, 9 for ns).
fn precision_digits(units_per_sec: u64) -> usize {
    let mut digits = 0;
    let mut u = 1u64;
    while u < units_per_sec && digits < 9 {
        u *= 10;
        digits += 1;
    }
    digits
}

fn parse_time_format(s: &str) -> anyhow::Result<TimeFormat> {
    Ok(match s {
        "r" => TimeFormat::Relative,
        "d" => TimeFormat::Delta,
        "dd" => TimeFormat::DeltaDisplayed,
        "e" => TimeFormat::Epoch,
        "ud" => TimeFormat::UtcDate,
        "u" => TimeFormat::Utc,
        "udoy" => TimeFormat::UtcDoy,
        "ad" => TimeFormat::AbsoluteDate,
        "a" => TimeFormat::Absolute,
        "adoy" => TimeFormat::AbsoluteDoy,
        other => bail!(
            "unknown time format \"{other}\" for -t: use a, ad, adoy, d, dd, e, r, u, ud or udoy"
        ),
    })
}

/// `-d tcp.port==N,PROTOCOL` decode-as rules.
fn apply_decode_as(dissector: &mut Dissector, rules: &[String]) -> anyhow::Result<()> {
    for rule in rules {
        dissector
            .decode_as
            .add_rule(rule)
            .with_context(|| format!("-d {rule}"))?;
    }
    Ok(())
}

/// `-o name:value` preferences the dissectors understand.
fn apply_prefs(dissector: &mut Dissector, prefs: &[String]) -> anyhow::Result<()> {
    for p in prefs {
        let (name, value) = p
            .split_once(':')
            .with_context(|| format!("-o {p}: expected NAME:VALUE"))?;
        let on = || -> anyhow::Result<bool> {
            match value.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(true),
                "false" | "0" | "no" => Ok(false),
                _ => bail!("-o {p}: expected TRUE or FALSE"),
            }
        };
        match name {
            "ip.check_checksum" => dissector.prefs.ip_check_checksum = on()?,
            "tcp.check_checksum" => dissector.prefs.tcp_check_checksum = on()?,
            "udp.check_checksum" => dissector.prefs.udp_check_checksum = on()?,
            // tshark reads the key log when the preference is set; a file it cannot read is a
            // warning there (decryption then just does not happen), an error here, which says why.
            "tls.keylog_file" | "ssl.keylog_file" => {
                if !value.is_empty() {
                    let text = std::fs::read(value)
                        .with_context(|| format!("-o {p}: cannot read the TLS key log {value}"))?;
                    for w in dissector.add_tls_key_log(&text) {
                        eprintln!("wiresift: {value}: {w}");
                    }
                }
            }
            _ => bail!("-o {p}: unknown preference \"{name}\""),
        }
    }
    Ok(())
}

/// `wiresift ... | head` must end quietly, as tshark and tcpdump do, not with an error.
pub fn ignore_broken_pipe(err: std::io::Error) -> std::io::Result<()> {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    Err(err)
}
