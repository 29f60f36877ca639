//! Live capture (`-i`, `-D`): the interface list, the capture options, the stop conditions and signals,
//! and tshark's messages on standard error. The frames go through the same loop as a file's
//! (`read::run`).

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use capture::{LiveCapture, LiveOptions, LiveStats, RingOptions};

use crate::cli::ReadArgs;

/// `-D`: one line per interface, "N. name" and " (description)" when there is one, as tshark prints it.
pub fn list_interfaces() -> anyhow::Result<ExitCode> {
    let list = capture::interfaces()?;
    let mut out = String::new();
    for (i, iface) in list.iter().enumerate() {
        out.push_str(&format!("{}. {}", i + 1, iface.name));
        if let Some(d) = &iface.description {
            out.push_str(&format!(" ({d})"));
        }
        out.push('\n');
    }
    std::io::stdout()
        .write_all(out.as_bytes())
        .or_else(super::read::ignore_broken_pipe)?;
    Ok(ExitCode::SUCCESS)
}

/// A running capture and when to stop it.
pub struct LiveInput {
    pub capture: LiveCapture,
    /// `-a duration`.
    pub deadline: Option<Instant>,
    /// `-a filesize`, in bytes of the file being written.
    pub filesize_limit: Option<u64>,
    /// `-a packets` and `-c`, the smaller.
    pub packet_limit: Option<u64>,
    /// `-b`.
    pub ring: Option<RingOptions>,
    /// `-l`: flush standard output after every packet (otherwise when the capture waits).
    pub flush_each: bool,
}

/// The value after `NAME:` of a `-a` or `-b` condition.
fn number<T: std::str::FromStr>(flag: &str, spec: &str, value: &str) -> anyhow::Result<T> {
    value
        .parse()
        .ok()
        .with_context(|| format!("{flag} {spec}: \"{value}\" is not a number"))
}

/// Parses `-a` and `-b`, opens the interfaces and starts capturing; SIGINT and SIGTERM stop the capture
/// cleanly from here on (a second one ends the program at once).
pub fn start(args: &ReadArgs) -> anyhow::Result<LiveInput> {
    if args.two_pass {
        bail!(
            "-2 reads a capture file twice and cannot be used with a live capture (-i); capture with -w first"
        );
    }
    let mut deadline = None;
    let mut filesize_limit = None;
    let mut packet_limit = args.count;
    for spec in &args.autostop {
        let (name, value) = spec
            .split_once(':')
            .with_context(|| format!("-a {spec}: expected duration:S, filesize:KB or packets:N"))?;
        match name {
            "duration" => {
                let secs: f64 = number("-a", spec, value)?;
                if !(secs.is_finite() && secs >= 0.0) {
                    bail!("-a {spec}: the duration must be a positive number of seconds");
                }
                deadline = Some(Instant::now() + Duration::from_secs_f64(secs));
            }
            "filesize" => {
                if args.write_file.is_none() {
                    bail!("-a {spec}: a file size limit needs a file to write (-w FILE)");
                }
                filesize_limit = Some(number::<u64>("-a", spec, value)?.saturating_mul(1000));
            }
            "packets" => {
                let n: u64 = number("-a", spec, value)?;
                packet_limit = Some(packet_limit.map_or(n, |c: u64| c.min(n)));
            }
            _ => {
                bail!("-a {spec}: unknown condition \"{name}\": use duration, filesize or packets")
            }
        }
    }
    let mut ring = RingOptions::default();
    for spec in &args.ring_buffer {
        let (name, value) = spec.split_once(':').with_context(|| {
            format!("-b {spec}: expected filesize:KB, duration:S, packets:N or files:N")
        })?;
        match name {
            "filesize" => ring.filesize_kb = Some(number("-b", spec, value)?),
            "duration" => {
                let secs: f64 = number("-b", spec, value)?;
                if !(secs.is_finite() && secs > 0.0) {
                    bail!("-b {spec}: the duration must be a positive number of seconds");
                }
                ring.duration = Some(Duration::from_secs_f64(secs));
            }
            "packets" => ring.packets = Some(number("-b", spec, value)?),
            "files" => ring.files = Some(number("-b", spec, value)?),
            _ => bail!(
                "-b {spec}: unknown condition \"{name}\": use filesize, duration, packets or files"
            ),
        }
    }
    let ring = if args.ring_buffer.is_empty() {
        None
    } else {
        match args.write_file.as_deref() {
            None => bail!(
                "Ring buffer requested, but capture isn't being saved to a permanent file (-w FILE)"
            ),
            Some(p) if p.as_os_str() == "-" => {
                bail!("Ring buffer requested, but the capture is written to standard output")
            }
            Some(_) => {}
        }
        if !ring.rotates() {
            bail!(
                "Ring buffer requested, but no maximum capture file size, duration or packet count were specified (-b filesize:KB, duration:S or packets:N)"
            );
        }
        Some(ring)
    };
    let list = capture::interfaces()?;
    let mut chosen = Vec::with_capacity(args.interfaces.len());
    for spec in &args.interfaces {
        chosen.push(capture::resolve_interface(spec, &list)?);
    }
    let options = LiveOptions {
        snaplen: args.snaplen.unwrap_or(capture::DEFAULT_SNAPLEN),
        promiscuous: !args.no_promiscuous,
        buffer_bytes: args.buffer_mib.map(|m| m.saturating_mul(1 << 20)),
        // Off unless asked for, as in tcpdump (only --immediate-mode) and dumpcap (never). On Linux
        // immediate mode makes libpcap use TPACKET_V2, whose ring has one slot per packet sized for the
        // largest packet the interface can hand over (64 KiB with offloads on): the default 2 MiB
        // buffer then holds a few dozen packets, and at 200,000 small packets/s most were dropped
        // (docs/performance.md). TPACKET_V3 packs packets into blocks by their real size, and the
        // capture threads drain the last block when stopping.
        immediate: args.immediate_mode,
        filter: args.capture_filter.clone(),
        link_type: None,
    };
    let stop = stop_on_signals()?;
    let capture = LiveCapture::open(&chosen, &options, stop)?;
    eprintln!("Capturing on {}", quoted_list(capture.display_names()));
    Ok(LiveInput {
        capture,
        deadline,
        filesize_limit,
        packet_limit,
        ring,
        flush_each: args.line_buffered,
    })
}

/// A flag that SIGINT and SIGTERM raise, for a capture to stop cleanly on; a second signal, once the
/// first has raised it, ends the program at once.
pub fn stop_on_signals() -> anyhow::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Registered first, so that it sees the flag as it was.
        signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop))
            .context("installing the signal handler")?;
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("installing the signal handler")?;
    }
    Ok(stop)
}

/// 'a', 'a' and 'b', 'a', 'b' and 'c': tshark's list of interface names.
fn quoted_list(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// tshark's closing lines on standard error: the kernel's drops per interface, then the packet count.
pub fn report(stats: &[LiveStats], captured: u64) {
    let mut text = String::new();
    for s in stats {
        let dropped = s.dropped_by_os;
        if dropped > 0 {
            let plural = if dropped == 1 { "" } else { "s" };
            text.push_str(&format!(
                "{dropped} packet{plural} dropped from {}\n",
                s.interface
            ));
        }
    }
    let plural = if captured == 1 { "" } else { "s" };
    text.push_str(&format!("{captured} packet{plural} captured\n"));
    let _ = std::io::stderr().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_lists_read_as_tshark_writes_them() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(quoted_list(&n(&["Loopback: lo"])), "'Loopback: lo'");
        assert_eq!(quoted_list(&n(&["a", "b"])), "'a' and 'b'");
        assert_eq!(quoted_list(&n(&["a", "b", "c"])), "'a', 'b' and 'c'");
    }
}
