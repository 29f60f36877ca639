//! `wiresift info` against what tshark read from every corpus capture (`../shared/oracle/fields`): the
//! number of packets and the data size (the sum of the packets' lengths on the wire, as capinfos
//! counts it), for whole files and for damaged ones, whose summary covers the packets before the damage
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

#[test]
fn packets_and_data_size_are_tsharks() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared is absent: info test skipped");
        return;
    };
    let mut checked = 0;
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
        let lens: Vec<u64> = rows
            .filter(|r| !r.is_empty())
            .map(|r| {
                r.split('\t')
                    .nth(len_col)
                    .unwrap_or("")
                    .parse()
                    .unwrap_or(0)
            })
            .collect();
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
    eprintln!("info: {checked} corpus captures checked");
    assert!(checked > 100, "only {checked} corpus captures checked");
    assert!(
        wrong.is_empty(),
        "{} of {checked}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
