//! Every capture of the shared corpus against what tshark 4.0 reported for it (`oracle/fields/`): frame
//! count, and per frame the timestamp, `frame.len`, `frame.cap_len` and `frame.interface_id`.

mod common;

use capfile::CaptureReader;
use common::{corpus, read_all, read_each, shared_dir};

/// tshark's `frame.time_epoch` in nanoseconds.
///
/// tshark prints `secs.nsecs` with nsecs as `%09d` of its absolute value, and a leading `-` when nsecs is
/// negative (pcap fractions out of range overflow to negative values in wiretap, while pcap seconds are never
/// negative). So `S.F` is S s + F ns (F may have more than nine digits) and `-S.F` is S s − F ns.
fn parse_epoch(s: &str) -> Option<i128> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let secs: i128 = int.parse().ok()?;
    let frac_ns: i128 = if frac.is_empty() {
        0
    } else if frac.len() >= 9 {
        frac.parse().ok()?
    } else {
        frac.parse::<i128>().ok()? * 10i128.pow(9 - frac.len() as u32)
    };
    Some(if neg {
        secs * 1_000_000_000 - frac_ns
    } else {
        secs * 1_000_000_000 + frac_ns
    })
}

#[test]
fn corpus_matches_tshark() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared is absent: corpus test skipped");
        return;
    };
    let mut files = 0;
    let mut frames_compared = 0u64;
    let mut mismatches: Vec<String> = Vec::new();
    for entry in corpus(&shared) {
        files += 1;
        let path = shared.join("captures").join(&entry.path);
        let oracle_path = shared
            .join("oracle/fields")
            .join(format!("{}.tsv", entry.path));
        let oracle = std::fs::read_to_string(&oracle_path)
            .unwrap_or_else(|e| panic!("{}: {e}", oracle_path.display()));
        let mut lines = oracle.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .unwrap_or_else(|| panic!("{name} in {}", oracle_path.display()))
        };
        let (c_time, c_len, c_cap, c_if) = (
            col("frame.time_epoch"),
            col("frame.len"),
            col("frame.cap_len"),
            col("frame.interface_id"),
        );
        let expected: Vec<Vec<&str>> = lines
            .filter(|l| !l.is_empty())
            .map(|l| l.split('\t').collect())
            .collect();

        let (frames, error) = match CaptureReader::open(&path) {
            Ok(mut r) => read_all(&mut r),
            Err(e) => (Vec::new(), Some(e)),
        };
        // `for_each_frame` reads the same frames and ends with the same error.
        if let Ok(mut r) = CaptureReader::open(&path) {
            let (each, each_error) = read_each(&mut r);
            if each != frames || format!("{each_error:?}") != format!("{error:?}") {
                mismatches.push(format!(
                    "{}: for_each_frame and next_frame differ",
                    entry.path
                ));
            }
        }
        let damaged = entry.notes.contains("DAMAGED FILE");
        match (&error, damaged) {
            (Some(e), false) => mismatches.push(format!("{}: unexpected error: {e}", entry.path)),
            (None, true) => mismatches.push(format!(
                "{}: damaged file read without an error",
                entry.path
            )),
            _ => {}
        }
        if frames.len() != expected.len() {
            mismatches.push(format!(
                "{}: {} frames, tshark {} (manifest {}){}",
                entry.path,
                frames.len(),
                expected.len(),
                entry.packets,
                error
                    .as_ref()
                    .map(|e| format!("; error: {e}"))
                    .unwrap_or_default()
            ));
        }
        for (f, row) in frames.iter().zip(&expected) {
            frames_compared += 1;
            let cell = |c: usize| row.get(c).copied().unwrap_or("");
            let want_ts = parse_epoch(cell(c_time));
            let got_ts = f.has_timestamp.then(|| f.timestamp.as_nanos());
            let want_if: u32 = if cell(c_if).is_empty() {
                0
            } else {
                cell(c_if).parse().unwrap_or(u32::MAX)
            };
            let checks = [
                ("time", format!("{got_ts:?}"), format!("{want_ts:?}")),
                ("len", f.original_len.to_string(), cell(c_len).to_string()),
                ("cap_len", f.data.len().to_string(), cell(c_cap).to_string()),
                (
                    "interface_id",
                    f.interface_id.to_string(),
                    want_if.to_string(),
                ),
            ];
            for (what, got, want) in checks {
                if got != want {
                    mismatches.push(format!(
                        "{} frame {}: {what} {got}, tshark {want}",
                        entry.path, f.number
                    ));
                }
            }
        }
    }
    println!(
        "corpus: {files} files, {frames_compared} frames compared, {} mismatches",
        mismatches.len()
    );
    for m in mismatches.iter().take(50) {
        println!("  {m}");
    }
    assert!(mismatches.is_empty(), "{} mismatches", mismatches.len());
}
