//! `wiresift info FILE...`: what capinfos tells about a capture file, read in one streaming pass.

use std::path::Path;
use std::process::ExitCode;

use capfile::{CaptureReader, Compression, FileFormat, Interface, Timestamp};

/// Prints one block per file; a file that cannot be read completely is summarised as far as it could be
/// read, followed by the error, and makes the exit status 2.
pub fn run(files: &[std::path::PathBuf]) -> anyhow::Result<ExitCode> {
    let mut status = ExitCode::SUCCESS;
    for (i, path) in files.iter().enumerate() {
        if i > 0 {
            println!();
        }
        match summarise(path) {
            Ok(summary) => print!("{summary}"),
            Err(err) => {
                eprintln!("wiresift: {}: {err}", path.display());
                status = ExitCode::from(2);
            }
        }
    }
    Ok(status)
}

#[derive(Default)]
struct PerInterface {
    packets: u64,
}

/// A frame's time as one number that orders as the time does (seconds, then nanoseconds). Comparing two
/// is a pair of instructions where comparing two `Timestamp`s branched on each field, and with the
/// `Option`s that held the earliest and latest times the per-frame work grew into a function the
/// compiler would not inline into the reader's loop (a fifth of `info`'s time on bench/out/big.pcap).
#[inline(always)]
fn time_key(ts: Timestamp) -> i128 {
    (i128::from(ts.secs) << 32) | i128::from(ts.nanos)
}

/// The time that [`time_key`] made `key`.
fn key_time(key: i128) -> Timestamp {
    Timestamp {
        secs: (key >> 32) as i64,
        nanos: key as u32,
    }
}

fn summarise(path: &Path) -> Result<String, capfile::CapfileError> {
    let mut reader = CaptureReader::open(path)?;
    let mut packets = 0u64;
    let mut data_size = 0u64;
    // Time keys: the first frame's and the last one's; while the frames are in time order the first is
    // the earliest and the last the latest, so a frame costs one comparison. `earliest` and `peak` are
    // moved only by a frame earlier than the one before it: then the one before may have been the
    // latest, and this one may be the earliest.
    let mut first = i128::MIN;
    let mut last = i128::MIN;
    let mut earliest = i128::MAX;
    let mut peak = i128::MIN;
    let mut strict_order = true;
    let mut per_interface: Vec<PerInterface> = Vec::new();
    // Every frame through `for_each_frame`, the reader's fastest way through a file. The per-frame work
    // calls nothing that could panic: with a call that could unwind, the compiler kept every frame in
    // memory for the unwinding path (a dozen stores per frame). A frame of an interface not counted yet
    // stops the pass, which goes on once the count is there.
    let mut read_error = None;
    loop {
        let mut new_interface = None;
        let result = reader.for_each_frame(|frame| {
            let id = frame.interface_id as usize;
            match per_interface.get_mut(id) {
                Some(count) => count.packets += 1,
                None => new_interface = Some(id),
            }
            packets += 1;
            data_size += u64::from(frame.original_len);
            let key = time_key(frame.timestamp);
            if packets == 1 {
                first = key;
            }
            if key < last {
                strict_order = false;
                peak = peak.max(last);
                earliest = earliest.min(key);
            }
            last = key;
            if new_interface.is_some() {
                return std::ops::ControlFlow::Break(());
            }
            std::ops::ControlFlow::Continue(())
        });
        match (result, new_interface) {
            (Err(err), _) => read_error = Some(err),
            (Ok(()), Some(id)) => {
                // The frame that stopped the pass is counted for its interface here; the next pass
                // goes on with the frame after it.
                per_interface.resize_with(id + 1, PerInterface::default);
                per_interface[id].packets += 1;
                continue;
            }
            (Ok(()), None) => {}
        }
        break;
    }
    let (earliest, latest) = if packets > 0 {
        (
            Some(key_time(earliest.min(first))),
            Some(key_time(peak.max(last))),
        )
    } else {
        (None, None)
    };

    let mut s = String::new();
    let mut line = |label: &str, value: String| {
        s.push_str(&format!("{:<20} {}\n", format!("{label}:"), value));
    };
    line("File name", path.display().to_string());
    let container = match reader.format() {
        FileFormat::Pcap {
            nanosecond: true, ..
        } => "pcap (nanosecond timestamps)",
        FileFormat::Pcap { .. } => "pcap",
        FileFormat::Pcapng => "pcapng",
    };
    let compression = match reader.compression() {
        Compression::None => "",
        Compression::Gzip => ", gzip-compressed",
        Compression::Zstd => ", zstd-compressed",
    };
    line("File type", format!("{container}{compression}"));
    let interfaces = reader.interfaces();
    line("File encapsulation", encapsulation(interfaces));
    // capinfos sets this value two spaces after its colon (the label is longer than the column).
    line(
        "File timestamp precision",
        format!(" {}", precision(interfaces)),
    );
    if let FileFormat::Pcap { .. } = reader.format() {
        let snaplen = interfaces.first().map_or(0, |i| i.snaplen);
        line("Packet size limit", format!("file hdr: {snaplen} bytes"));
    }
    line("Number of packets", packets.to_string());
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
    {
        line("File size", format!("{} bytes", meta.len()));
    }
    line("Data size", format!("{data_size} bytes"));
    if let (Some(earliest), Some(latest)) = (earliest, latest) {
        let duration = latest.as_nanos() - earliest.as_nanos();
        line("Capture duration", format!("{} seconds", seconds(duration)));
        line("Earliest packet time", utc(earliest));
        line("Latest packet time", utc(latest));
        let secs = duration as f64 / 1e9;
        if secs > 0.0 {
            line(
                "Data byte rate",
                format!("{:.0} bytes/s", data_size as f64 / secs),
            );
            line(
                "Average packet rate",
                format!("{:.0} packets/s", packets as f64 / secs),
            );
        }
    }
    if packets > 0 {
        line(
            "Average packet size",
            format!("{:.2} bytes", data_size as f64 / packets as f64),
        );
    }
    line(
        "Strict time order",
        if strict_order { "True" } else { "False" }.into(),
    );
    for section in reader.sections() {
        if let Some(hw) = &section.hardware {
            line("Capture hardware", hw.clone());
        }
        if let Some(os) = &section.os {
            line("Capture oper-sys", os.clone());
        }
        if let Some(app) = &section.user_application {
            line("Capture application", app.clone());
        }
        for comment in &section.comments {
            line("Capture comment", comment.clone());
        }
    }
    if !reader.secrets().is_empty() {
        line("Decryption secrets", reader.secrets().len().to_string());
    }
    line("Number of interfaces in file", interfaces.len().to_string());
    for (id, interface) in interfaces.iter().enumerate() {
        s.push_str(&format!("Interface #{id} info:\n"));
        let mut item = |label: &str, value: String| {
            s.push_str(&format!("{:21}{label} = {value}\n", ""));
        };
        if let Some(name) = &interface.name {
            item("Name", name.clone());
        }
        if let Some(description) = &interface.description {
            item("Description", description.clone());
        }
        item(
            "Encapsulation",
            format!(
                "{} ({} - {})",
                interface.link_type,
                interface.link_type.0,
                interface.link_type.short_name().unwrap_or("unknown")
            ),
        );
        item("Capture length", interface.snaplen.to_string());
        item(
            "Time ticks per second",
            interface.ts_units_per_sec.to_string(),
        );
        if let Some(filter) = &interface.filter {
            item("Filter string", filter.clone());
        }
        if let Some(os) = &interface.os {
            item("Operating system", os.clone());
        }
        if let Some(stats) = &interface.stats
            && let Some(dropped) = stats.dropped_by_interface
        {
            item("Dropped by interface", dropped.to_string());
        }
        let count = per_interface.get(id).map_or(0, |p| p.packets);
        item("Number of packets", count.to_string());
    }
    if let Some(err) = read_error {
        s.push_str(&format!("Error:               {err}\n"));
        print!("{s}");
        return Err(err);
    }
    Ok(s)
}

fn encapsulation(interfaces: &[Interface]) -> String {
    let mut kinds: Vec<_> = interfaces.iter().map(|i| i.link_type).collect();
    kinds.sort();
    kinds.dedup();
    match kinds.as_slice() {
        [] => "(unknown)".into(),
        [one] => one.to_string(),
        _ => "Per packet".into(),
    }
}

fn precision(interfaces: &[Interface]) -> String {
    let finest = interfaces
        .iter()
        .map(|i| i.ts_units_per_sec)
        .max()
        .unwrap_or(1_000_000);
    let digits = (finest as f64).log10().ceil() as u32;
    let name = match digits {
        0 => "seconds",
        1 => "deciseconds",
        2 => "centiseconds",
        3 => "milliseconds",
        4..=6 => "microseconds",
        _ => "nanoseconds",
    };
    format!("{name} ({})", digits.min(9))
}

fn seconds(nanos: i128) -> String {
    format!("{}.{:09}", nanos / 1_000_000_000, nanos % 1_000_000_000)
}

/// UTC civil time from a timestamp. Hand-written (days-to-civil arithmetic) because it is twenty lines and
/// the binary otherwise needs no calendar crate; local time zones arrive with `-t ad` in the output crate.
fn utc(ts: Timestamp) -> String {
    let days = ts.secs.div_euclid(86_400);
    let rem = ts.secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{:09} UTC",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        ts.nanos
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_matches_capinfos_times() {
        // capinfos on ppa/tcp_handshake.pcapng (TZ=UTC): first packet 2010-01-07 19:38:34.341715
        let ts = Timestamp {
            secs: 1_262_893_114,
            nanos: 341_715_000,
        };
        assert_eq!(utc(ts), "2010-01-07 19:38:34.341715000 UTC");
        assert_eq!(
            utc(Timestamp { secs: 0, nanos: 0 }),
            "1970-01-01 00:00:00.000000000 UTC"
        );
        // 2063-05-01 23:09:57, the last packet of wireshark-notes/smtp-starttls.pcapng
        assert_eq!(civil_from_days(2_945_286_597 / 86_400), (2063, 5, 1));
    }
}
