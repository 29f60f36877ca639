//! Load generator for live-capture benchmarks (`bench/capture-load.sh`): small UDP datagrams sent to
//! one address at a set rate for a set time, then the count of datagrams the kernel accepted.
//!
//! ```text
//! udp_load DEST_IP:PORT [--rate PPS] [--duration SECONDS] [--payload BYTES] [--threads N]
//! ```
//!
//! Pacing: every thread owns a socket and a share of the rate, and keeps the number it has sent equal
//! to the number due by now on the monotonic clock: it sends what is due in one burst, then sleeps until
//! the next datagram is due. A thread that fell behind (preempted) catches up in its next burst, so the
//! rate holds over any interval longer than a scheduling slice; nothing is sent after the duration ends,
//! so a generator that cannot keep up reports fewer datagrams than asked for rather than running late.
//!
//! Each payload starts with the thread number (u32) and the thread's sequence number (u64), big-endian,
//! so that a capture can be checked against what was sent.
//!
//! A send that fails (ENOBUFS when the queue is full, ECONNREFUSED after the receiver answered an
//! earlier datagram with ICMP port unreachable) sent nothing: it is counted apart and the datagram is
//! retried in the next burst.

use std::net::{SocketAddr, UdpSocket};
use std::process::ExitCode;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

struct Options {
    dest: SocketAddr,
    rate: u64,
    duration: Duration,
    payload: usize,
    threads: u64,
}

/// What one thread did.
#[derive(Default)]
struct Sent {
    packets: u64,
    failed_sends: u64,
    /// The last error seen, to say what the failures were.
    last_error: Option<String>,
    /// The longest the thread was behind its schedule, seen at the start of a burst.
    worst_lag: Duration,
}

const USAGE: &str = "usage: udp_load DEST_IP:PORT [--rate PPS] [--duration SECONDS] [--payload BYTES] [--threads N]";

fn parse() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut dest = None;
    let mut rate = 200_000u64;
    let mut duration = Duration::from_secs(10);
    let mut payload = 18usize;
    let mut threads = 1u64;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--rate" => {
                rate = value("--rate")?
                    .parse()
                    .map_err(|e| format!("--rate: {e}"))?
            }
            "--duration" => {
                let s: f64 = value("--duration")?
                    .parse()
                    .map_err(|e| format!("--duration: {e}"))?;
                duration =
                    Duration::try_from_secs_f64(s).map_err(|e| format!("--duration: {e}"))?;
            }
            "--payload" => {
                payload = value("--payload")?
                    .parse()
                    .map_err(|e| format!("--payload: {e}"))?
            }
            "--threads" => {
                threads = value("--threads")?
                    .parse()
                    .map_err(|e| format!("--threads: {e}"))?
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other if dest.is_none() => {
                dest = Some(
                    other
                        .parse::<SocketAddr>()
                        .map_err(|e| format!("{other}: {e}"))?,
                )
            }
            other => return Err(format!("unexpected argument {other}\n{USAGE}")),
        }
    }
    let dest = dest.ok_or_else(|| USAGE.to_string())?;
    if rate == 0 || threads == 0 || threads > 64 {
        return Err("--rate must be positive and --threads between 1 and 64".into());
    }
    // The header of the payload (thread and sequence number) must fit; 65507 is UDP's IPv4 limit.
    if !(12..=65_507).contains(&payload) {
        return Err("--payload must be between 12 and 65507 bytes".into());
    }
    Ok(Options {
        dest,
        rate,
        duration,
        payload,
        threads,
    })
}

/// Datagrams due `elapsed` into the run at `rate` per second.
fn due(rate: u64, elapsed: Duration) -> u64 {
    (u128::from(rate) * elapsed.as_nanos() / 1_000_000_000) as u64
}

fn run_thread(id: u32, rate: u64, options: &Options, socket: UdpSocket, start: &Barrier) -> Sent {
    let mut buf = vec![0u8; options.payload];
    buf[..4].copy_from_slice(&id.to_be_bytes());
    let mut sent = Sent::default();
    let total = due(rate, options.duration);
    start.wait();
    let began = Instant::now();
    let end = began + options.duration;
    loop {
        let now = Instant::now();
        // The last burst, at or just after the end, sends what was due by the end and no more.
        let target = due(rate, (now - began).min(options.duration));
        if target > sent.packets {
            // How late the oldest datagram of this burst is.
            let scheduled = Duration::from_nanos(
                (u128::from(sent.packets) * 1_000_000_000 / u128::from(rate)) as u64,
            );
            sent.worst_lag = sent.worst_lag.max((now - began).saturating_sub(scheduled));
        }
        // A burst is at most a millisecond's worth, so that a thread far behind still looks at the
        // clock and stops at the end.
        let target = target.min(sent.packets + (rate / 1000).max(1));
        while sent.packets < target {
            buf[4..12].copy_from_slice(&sent.packets.to_be_bytes());
            match socket.send(&buf) {
                Ok(_) => sent.packets += 1,
                Err(e) => {
                    sent.failed_sends += 1;
                    sent.last_error = Some(e.to_string());
                    // The queue is full or an ICMP error was pending: try again in the next burst.
                    break;
                }
            }
        }
        if now >= end || sent.packets >= total {
            break;
        }
        // Sleep until the next datagram is due; the kernel's timer slack makes bursts of a few.
        let next = began
            + Duration::from_nanos(
                (u128::from(sent.packets + 1) * 1_000_000_000 / u128::from(rate)) as u64,
            );
        let now = Instant::now();
        if next > now {
            std::thread::sleep((next - now).min(end.saturating_duration_since(now)));
        }
    }
    sent
}

fn main() -> ExitCode {
    let options = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let bind: SocketAddr = if options.dest.is_ipv4() {
        "0.0.0.0:0".parse().expect("a literal address")
    } else {
        "[::]:0".parse().expect("a literal address")
    };
    let mut sockets = Vec::new();
    for _ in 0..options.threads {
        let s = UdpSocket::bind(bind).and_then(|s| s.connect(options.dest).map(|()| s));
        match s {
            Ok(s) => sockets.push(s),
            Err(e) => {
                eprintln!("udp_load: opening a socket to {}: {e}", options.dest);
                return ExitCode::FAILURE;
            }
        }
    }
    let options = Arc::new(options);
    let barrier = Arc::new(Barrier::new(options.threads as usize + 1));
    let mut handles = Vec::new();
    for (i, socket) in sockets.into_iter().enumerate() {
        let i = i as u64;
        // Thread i's share; the remainder goes to the first threads.
        let rate = options.rate / options.threads + u64::from(i < options.rate % options.threads);
        let options = Arc::clone(&options);
        let barrier = Arc::clone(&barrier);
        handles.push(std::thread::spawn(move || {
            run_thread(i as u32, rate, &options, socket, &barrier)
        }));
    }
    barrier.wait();
    let began = Instant::now();
    let results: Vec<Sent> = handles
        .into_iter()
        .map(|h| h.join().unwrap_or_default())
        .collect();
    let elapsed = began.elapsed();
    let packets: u64 = results.iter().map(|r| r.packets).sum();
    let failed: u64 = results.iter().map(|r| r.failed_sends).sum();
    let lag = results
        .iter()
        .map(|r| r.worst_lag)
        .max()
        .unwrap_or_default();
    let target = due(options.rate, options.duration);
    println!(
        "sent={packets} target={target} seconds={:.3} rate={:.0} failed_sends={failed} worst_lag_ms={:.1}",
        elapsed.as_secs_f64(),
        packets as f64 / elapsed.as_secs_f64().max(1e-9),
        lag.as_secs_f64() * 1000.0
    );
    if let Some(e) = results.iter().find_map(|r| r.last_error.as_deref()) {
        println!("last_error={e}");
    }
    ExitCode::SUCCESS
}
