//! `wiresift info` against what tshark read from every corpus capture (`../shared/oracle/fields`): the
//! number of packets and the data size (the sum of the packets' lengths on the wire, as capinfos
//! counts it), the capture's duration, whether it is in time order and the packets per interface, for whole files and for damaged ones, whose summary covers the packets before the damage
//! and whose exit status is 2.

mod common;

use common::{run, shared_dir};

/// The value after `label:` in a summary, trimmed.
fn value<'a>(summary: &'a str, label: &str) -> Option<&'a str> {
    summary
        .lines()
        .find_map(|l| l.strip_prefix(label)?.strip_prefix(':'))
        .map(str::trim)
}

/// A time as tshark's `frame.time_epoch` prints it (`1262893114.341715000`), in nanoseconds; `None` for
/// an empty or negative one.
fn epoch_nanos(text: &str) -> Option<i128> {
    let (secs, frac) = text.split_once('.').unwrap_or((text, ""));
    if secs.is_empty() || !secs.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 9 {
        return None;
    }
    let frac_nanos: i128 = format!("{frac:0<9}").parse().ok()?;
    Some(secs.parse::<i128>().ok()? * 1_000_000_000 + frac_nanos)
}

#[test]
fn packets_and_data_size_are_tsharks() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared is absent: info test skipped");
        return;
    };
    let mut checked = 0;
    let mut timed = 0;
    let mut unordered = 0;
    let mut several = 0;
    let mut wrong = Vec::new();
    for common::CorpusCapture { path, notes } in common::corpus_captures(&shared) {
        let Ok(oracle) =
            std::fs::read_to_string(shared.join("oracle/fields").join(format!("{path}.tsv")))
        else {
            continue;
        };
        let mut rows = oracle.lines();
        let header: Vec<&str> = rows.next().unwrap_or("").split('\t').collect();
        let Some(len_col) = header.iter().position(|h| *h == "frame.len") else {
            continue;
        };
        let time_col = header.iter().position(|h| *h == "frame.time_epoch");
        let rows: Vec<Vec<&str>> = rows
            .filter(|r| !r.is_empty())
            .map(|r| r.split('\t').collect())
            .collect();
        let lens: Vec<u64> = rows
            .iter()
            .map(|r| r.get(len_col).and_then(|v| v.parse().ok()).unwrap_or(0))
            .collect();
        // Every frame's time in nanoseconds, when tshark gave one for every frame.
        let times: Option<Vec<i128>> = time_col.and_then(|col| {
            rows.iter()
                .map(|r| epoch_nanos(r.get(col).copied().unwrap_or("")))
                .collect()
        });
        let capture = shared.join("captures").join(&path);
        let out = run(&["info", capture.to_str().expect("UTF-8 path")]);
        let summary = String::from_utf8_lossy(&out.stdout);
        let damaged = notes.contains("DAMAGED FILE");
        let want_status = if damaged { 2 } else { 0 };
        // A file tshark rejects outright has no summary to compare.
        if lens.is_empty() && damaged {
            continue;
        }
        checked += 1;
        let packets = value(&summary, "Number of packets").map(str::to_string);
        let data = value(&summary, "Data size").map(str::to_string);
        let want_packets = lens.len().to_string();
        let want_data = format!("{} bytes", lens.iter().sum::<u64>());
        // The duration (latest minus earliest time) and whether every frame's time is at least the one
        // before it's, as tshark's times make them.
        if let Some(times) = times.filter(|t| !t.is_empty()) {
            let span = times.iter().max().unwrap() - times.iter().min().unwrap();
            let want_duration = format!(
                "{}.{:09} seconds",
                span / 1_000_000_000,
                span % 1_000_000_000
            );
            let in_order = times.windows(2).all(|w| w[1] >= w[0]);
            let want_order = if in_order { "True" } else { "False" };
            let duration = value(&summary, "Capture duration");
            let order = value(&summary, "Strict time order");
            if duration != Some(want_duration.as_str()) || order != Some(want_order) {
                wrong.push(format!(
                    "{path}: duration {duration:?} (tshark {want_duration}), strict order {order:?} \
                     (tshark {want_order})"
                ));
            }
            timed += 1;
            unordered += usize::from(!in_order);
        }
        // Each interface's count, as tshark's interface ids make them.
        if let Some(col) = header.iter().position(|h| *h == "frame.interface_id") {
            let mut want: Vec<u64> = Vec::new();
            for r in &rows {
                // tshark gives no interface id for a pcap file's frames: its one interface.
                let id = r
                    .get(col)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0);
                if want.len() <= id {
                    want.resize(id + 1, 0);
                }
                want[id] += 1;
            }
            let got: Vec<u64> = summary
                .lines()
                .filter_map(|l| l.trim().strip_prefix("Number of packets = "))
                .filter_map(|v| v.parse().ok())
                .collect();
            // Interfaces after the last one with a frame have none.
            if got.get(..want.len()) != Some(want.as_slice())
                || got.iter().skip(want.len()).any(|&n| n != 0)
            {
                wrong.push(format!(
                    "{path}: packets per interface {got:?} (tshark {want:?})"
                ));
            }
            several += usize::from(want.len() > 1);
        }
        if out.status.code() != Some(want_status)
            || packets.as_deref() != Some(want_packets.as_str())
            || data.as_deref() != Some(want_data.as_str())
        {
            wrong.push(format!(
                "{path}: status {:?} (want {want_status}), packets {packets:?} (tshark {want_packets}), \
                 data size {data:?} (tshark {want_data})",
                out.status.code()
            ));
        }
    }
    eprintln!(
        "info: {checked} corpus captures checked, {timed} of them for their times ({unordered} out of \
         order), {several} with frames on several interfaces"
    );
    assert!(checked > 100, "only {checked} corpus captures checked");
    assert!(
        several > 0,
        "no capture with several interfaces was checked"
    );
    assert!(
        unordered > 0,
        "no capture out of time order was checked for its times"
    );
    assert!(
        wrong.is_empty(),
        "{} of {checked}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
