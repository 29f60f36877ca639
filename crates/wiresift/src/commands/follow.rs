//! `wiresift follow tcp|udp STREAM FILE`: one conversation as readable text, built by the same follower
//! as `-z follow` (so TCP comes out in tshark's order), printed turn by turn with the two sides in
//! different colours on a terminal.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use capfile::CaptureReader;
use dissect::{Dissector, Interest, PacketTree};
use output::summary::FrameTimes;
use output::tap::follow::{Endpoint, Follower, Stream, Target, Transport};

use crate::cli::{ColorChoice, FollowTransport};

/// The colours of the two sides, as Wireshark's Follow Stream window has them (red for the side that
/// spoke first, blue for the other), and of missing-data markers.
const SIDE_COLOURS: [&str; 2] = ["\x1b[31m", "\x1b[34m"];
const MISSING_COLOUR: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

pub fn run(
    transport: FollowTransport,
    stream: &str,
    file: Option<PathBuf>,
    read_file: Option<PathBuf>,
    color: ColorChoice,
) -> anyhow::Result<ExitCode> {
    let path = match (file, read_file) {
        (Some(_), Some(_)) => bail!("give the capture file once: as an argument or with -r"),
        (Some(p), None) | (None, Some(p)) => p,
        (None, None) => bail!("no input: wiresift follow tcp|udp STREAM FILE (or -r FILE)"),
    };
    let transport = match transport {
        FollowTransport::Tcp => Transport::Tcp,
        FollowTransport::Udp => Transport::Udp,
    };
    let target = Target::parse(stream).map_err(|e| anyhow::anyhow!("stream \"{stream}\": {e}"))?;
    let registry = dissect::registry();
    let mut follower =
        Follower::new(registry, transport, target).map_err(|e| anyhow::anyhow!(e))?;
    let mut interest = Interest::nothing(registry);
    follower.add_interest(&mut interest);
    let mut tree = PacketTree::new(interest);
    let mut dissector = Dissector::new();
    let mut reader = CaptureReader::open(&path)?;
    let is_pcapng = matches!(reader.format(), capfile::FileFormat::Pcapng);
    let mut read_error = None;
    while let Some(frame) = super::next_frame(&mut reader, &mut read_error) {
        let meta = super::frame_meta(&frame, frame.number, is_pcapng);
        dissector.dissect(&meta, frame.data, &mut tree);
        // Only the number and the time are read by the follower.
        let times = FrameTimes {
            number: frame.number,
            epoch_secs: frame.timestamp.secs,
            epoch_nanos: frame.timestamp.nanos,
            relative_ns: 0,
            delta_ns: 0,
            delta_displayed_ns: 0,
            cap_len: frame.data.len(),
            wire_len: frame.original_len,
        };
        follower.frame(&tree, frame.data, &times);
        dissector.mark_displayed(&meta);
    }
    let colour = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let name = match transport {
        Transport::Tcp => "tcp",
        Transport::Udp => "udp",
        // The follow command takes only tcp and udp.
        Transport::Tls => "tls",
    };
    let Some(peers) = follower.stream().peers() else {
        // What was read is reported before the read error, as elsewhere.
        if let Some(err) = read_error {
            return Err(err).context(format!("reading {}", path.display()));
        }
        bail!("no {name} stream {stream} in {}", path.display());
    };
    let mut out = String::new();
    write_conversation(&mut out, follower.stream(), peers, name, stream, colour);
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .or_else(super::read::ignore_broken_pipe)?;
    match read_error {
        Some(err) => Err(err.into()),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn endpoint(e: Endpoint) -> String {
    let mut s = String::new();
    e.write(&mut s);
    s
}

/// Appends the conversation: a title, then each turn (consecutive chunks from one side) under a
/// heading that names the direction, the frames and the byte count, then what each side sent.
fn write_conversation(
    out: &mut String,
    stream: &Stream,
    peers: [Endpoint; 2],
    transport: &str,
    target: &str,
    colour: bool,
) {
    let names = peers.map(endpoint);
    // An index names the stream; two endpoints name themselves.
    if target.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        let _ = write!(out, "{transport} stream {target}: ");
    } else {
        let _ = write!(out, "{transport}: ");
    }
    let _ = writeln!(out, "{} ⇄ {}", names[0], names[1]);
    let chunks = stream.chunks();
    let mut sent = [0usize; 2];
    let mut missing = [0u64; 2];
    let mut i = 0;
    while i < chunks.len() {
        let node = chunks[i].node;
        let end = chunks[i..]
            .iter()
            .position(|c| c.node != node)
            .map_or(chunks.len(), |n| i + n);
        let turn = &chunks[i..end];
        let bytes: usize = turn
            .iter()
            .filter(|c| !c.missing)
            .map(|c| stream.bytes(c).len())
            .sum();
        sent[node] += bytes;
        // A missing-data marker carries the frame that acknowledged past the gap, so the turn's frames
        // are not always in order.
        let first = turn.iter().map(|c| c.frame).min().unwrap_or(0);
        let last = turn.iter().map(|c| c.frame).max().unwrap_or(0);
        let frames = if first == last {
            format!("frame {first}")
        } else {
            format!("frames {first}-{last}")
        };
        out.push('\n');
        let heading = format!(
            "── {} → {} · {frames} · {bytes} byte{}",
            names[node],
            names[1 - node],
            if bytes == 1 { "" } else { "s" }
        );
        styled_line(out, &heading, colour.then(|| [BOLD, SIDE_COLOURS[node]]));
        // The turn's bytes are decoded together, so that characters split between segments survive.
        let mut text = Vec::new();
        for c in turn {
            if c.missing {
                write_text(out, &text, colour.then_some(SIDE_COLOURS[node]));
                text.clear();
                let marker = String::from_utf8_lossy(stream.bytes(c));
                let marker = marker.trim_end_matches('\0');
                missing[node] += marker
                    .trim_start_matches('[')
                    .split(' ')
                    .next()
                    .and_then(|n| n.parse::<u64>().ok())
                    .unwrap_or(0);
                styled_line(out, marker, colour.then_some([MISSING_COLOUR, ""]));
            } else {
                text.extend_from_slice(stream.bytes(c));
            }
        }
        write_text(out, &text, colour.then_some(SIDE_COLOURS[node]));
        i = end;
    }
    out.push('\n');
    for node in 0..2 {
        let _ = write!(out, "{} sent {} bytes", names[node], sent[node]);
        if missing[node] > 0 {
            let _ = write!(out, " ({} more missing from the capture)", missing[node]);
        }
        out.push_str(if node == 0 { "; " } else { ".\n" });
    }
}

fn styled_line(out: &mut String, line: &str, style: Option<[&str; 2]>) {
    match style {
        Some([a, b]) => {
            let _ = writeln!(out, "{a}{b}{line}{RESET}");
        }
        None => {
            out.push_str(line);
            out.push('\n');
        }
    }
}

/// Appends payload as text: UTF-8 where it is valid, tabs and line ends kept (CR LF as LF), every
/// other control character (escape sequences included, so the payload cannot drive the terminal) and
/// every byte that is not UTF-8 shown as `.`; always ends with a line end.
fn write_text(out: &mut String, bytes: &[u8], colour: Option<&str>) {
    if bytes.is_empty() {
        return;
    }
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        if last && line.is_empty() {
            break;
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(c) = colour {
            out.push_str(c);
        }
        out.extend(line.chars().map(|ch| {
            if ch == '\t' || !(ch.is_control() || ch == char::REPLACEMENT_CHARACTER) {
                ch
            } else {
                '.'
            }
        }));
        if colour.is_some() {
            out.push_str(RESET);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_made_safe_for_a_terminal() {
        let mut out = String::new();
        write_text(
            &mut out,
            b"GET / HTTP/1.1\r\nHost: x\r\n\x1b[2J\tok\xff\n",
            None,
        );
        assert_eq!(out, "GET / HTTP/1.1\nHost: x\n.[2J\tok.\n");
        out.clear();
        write_text(&mut out, b"no newline", Some(SIDE_COLOURS[1]));
        assert_eq!(out, "\x1b[34mno newline\x1b[0m\n");
    }
}
