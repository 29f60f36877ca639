//! Differential test: every field of `../shared/oracle/fields.txt` that wiresift registers is compared,
//! frame by frame, with what tshark 4.0 printed for every corpus capture. Prints agreement per field and
//! fails below the bar. Skips with a notice when `../shared` is absent (a plain clone).
//!
//! Counting: a (frame, field) pair counts when tshark or wiresift has a value for it; pairs where both are
//! empty would only inflate the figure. `frame.protocols` and `_ws.col.Protocol` are compared only on
//! frames whose protocols (per tshark) are all implemented here; `frame.protocols` also not on TCP segments
//! whose payload tshark handed to an upper layer's reassembly (that needs the TCP issue).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use capfile::CaptureReader;
use dissect::{Dissector, Interest, PacketTree};
use output::{FieldsOptions, FieldsPrinter};

/// Minimum agreement over all compared (frame, field) pairs: the issue asks 99.5%; we hold what we reached.
const BAR: f64 = 0.999;

fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.join("oracle/fields.txt").exists().then_some(dir)
}

#[derive(Default)]
struct Tally {
    agree: u64,
    total: u64,
    examples: Vec<String>,
}

/// Captures listed in the manifest, with whether tshark needed a decode-as option for them.
fn corpus(shared: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(shared.join("captures/MANIFEST.tsv")).unwrap();
    manifest
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() > 6 && cols[6] != "-").then(|| cols[0].to_string())
        })
        .collect()
}

#[test]
fn fields_agree_with_tshark() {
    let Some(shared) = shared_dir() else {
        eprintln!("notice: ../shared is absent; oracle comparison skipped");
        return;
    };
    let registry = dissect::registry();
    let oracle_fields: Vec<String> = std::fs::read_to_string(shared.join("oracle/fields.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect();
    let implemented: HashSet<&str> = registry
        .protocols()
        .map(|p| p.filter_name)
        .chain(["ethertype"])
        .collect();
    // The fields compared: registered ones, plus the Protocol column.
    let compared: Vec<String> = oracle_fields
        .iter()
        .filter(|f| registry.lookup(f).is_some() || *f == "_ws.col.Protocol")
        .cloned()
        .collect();
    let stack_dependent: HashSet<&str> = ["frame.protocols", "_ws.col.Protocol"].into();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut files = 0;
    for rel in corpus(&shared) {
        let oracle_path = shared.join("oracle/fields").join(format!("{rel}.tsv"));
        let Ok(oracle) = std::fs::read_to_string(&oracle_path) else {
            continue;
        };
        let mut lines = oracle.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let proto_col = col("frame.protocols").unwrap();
        let tcp_len_col = col("tcp.len");

        let options = FieldsOptions::default();
        let mut printer = FieldsPrinter::new(registry, &compared, options).unwrap();
        let mut interest = Interest::nothing(registry);
        printer.add_interest(&mut interest);
        // frame.protocols needs every layer, which every dissection records anyway.
        let mut tree = PacketTree::new(interest);
        let mut dissector = Dissector::new();
        let Ok(mut reader) = CaptureReader::open(&shared.join("captures").join(&rel)) else {
            continue;
        };
        files += 1;
        let is_pcapng = matches!(reader.format(), capfile::FileFormat::Pcapng);
        let mut index = 0;
        let mut line = String::new();
        while let Ok(Some(frame)) = reader.next_frame() {
            let Some(row) = rows.get(index) else { break };
            index += 1;
            let meta = dissect::FrameMeta {
                number: frame.number,
                secs: frame.timestamp.secs,
                nanos: frame.timestamp.nanos,
                interface_id: is_pcapng.then_some(frame.interface_id),
                link_type: frame.link_type.0,
                original_len: frame.original_len,
                comments: &frame.comments,
                interface_name: frame.interface.name.as_deref(),
                interface_description: frame.interface.description.as_deref(),
            };
            dissector.dissect(&meta, frame.data, &mut tree);
            dissector.mark_displayed(&meta);
            line.clear();
            printer.write_row(registry, &tree, frame.data, &mut line);
            let ours: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
            let stack = row.get(proto_col).copied().unwrap_or("");
            // A TCP payload that tshark shows without a protocol above `tcp` went into an upper
            // layer's reassembly (a TLS record or HTTP body continued), which needs TCP stream
            // reassembly (the TCP issue) and that upper protocol to tell apart from `data`.
            let reassembled_payload = stack.ends_with(":tcp")
                && tcp_len_col
                    .and_then(|c| row.get(c))
                    .is_some_and(|len| !len.is_empty() && *len != "0");
            let stack_known = stack.split(':').all(|p| implemented.contains(p));
            for (i, name) in compared.iter().enumerate() {
                let Some(c) = col(name) else { continue };
                if stack_dependent.contains(name.as_str()) && !stack_known {
                    continue;
                }
                if name == "frame.protocols" && reassembled_payload {
                    continue;
                }
                let expected = row.get(c).copied().unwrap_or("");
                let got = ours.get(i).copied().unwrap_or("");
                if expected.is_empty() && got.is_empty() {
                    continue;
                }
                let t = tallies.entry(name.clone()).or_default();
                t.total += 1;
                if expected == got {
                    t.agree += 1;
                } else if t.examples.len() < 3 {
                    t.examples.push(format!(
                        "{rel} frame {}: tshark {expected:?}, wiresift {got:?}",
                        frame.number
                    ));
                }
            }
        }
    }
    let (mut agree, mut total) = (0, 0);
    println!("{:<40} {:>9} {:>9} {:>8}", "field", "agree", "pairs", "%");
    for (name, t) in &tallies {
        agree += t.agree;
        total += t.total;
        println!(
            "{name:<40} {:>9} {:>9} {:>7.2}%",
            t.agree,
            t.total,
            100.0 * t.agree as f64 / t.total.max(1) as f64
        );
        for e in &t.examples {
            println!("    {e}");
        }
    }
    let missing: Vec<&String> = oracle_fields
        .iter()
        .filter(|f| !compared.contains(f))
        .collect();
    println!("not yet registered ({}): {missing:?}", missing.len());
    let ratio = agree as f64 / total.max(1) as f64;
    println!(
        "overall: {agree}/{total} (frame, field) pairs agree = {:.3}% over {files} captures",
        100.0 * ratio
    );
    assert!(
        ratio >= BAR,
        "oracle agreement {:.3}% is below the bar of {:.1}%",
        100.0 * ratio,
        100.0 * BAR
    );
}
