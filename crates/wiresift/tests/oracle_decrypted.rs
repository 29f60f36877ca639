//! Differential test of TLS decryption: for every corpus capture that comes with a key log, wiresift
//! given the same options as tshark (`../shared/oracle/decrypted/options/R.txt`: `-o
//! tls.keylog_file:FILE` relative to the capture's folder, and `-d`) is compared, frame by frame and
//! field by field, with what tshark printed with them (`decrypted/fields/R.tsv`). Prints agreement per
//! field; fails below the bar. Skips with a notice when `../shared` is absent.

mod common;

use std::path::{Path, PathBuf};

use common::Comparison;

/// Minimum agreement over all compared (frame, field) pairs: the level reached, held.
const BAR: f64 = 0.995;

/// Protocols whose frames' Info column is compared with tshark's.
const INFO_PROTOCOLS: &[&str] = &["http", "tls", "smtp", "imap", "pop"];

fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.join("oracle/decrypted/options").exists().then_some(dir)
}

/// Every `options/R.txt` under `dir`, as R.
fn captures(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.path().is_dir() {
            captures(&e.path(), &rel, out);
        } else if let Some(r) = rel.strip_suffix(".txt") {
            out.push(r.to_string());
        }
    }
}

/// The key log an options file names (`-o tls.keylog_file:FILE`), relative to the capture's folder.
fn key_log(options: &str, capture: &Path) -> Option<PathBuf> {
    let words: Vec<&str> = options.split_whitespace().collect();
    words.windows(2).find_map(|w| {
        let file = w[1].strip_prefix("tls.keylog_file:")?;
        (w[0] == "-o").then(|| capture.parent().unwrap().join(file))
    })
}

#[test]
fn decrypted_fields_agree_with_tshark() {
    let Some(shared) = shared_dir() else {
        eprintln!("notice: ../shared is absent; decrypted oracle comparison skipped");
        return;
    };
    let mut rels = Vec::new();
    captures(&shared.join("oracle/decrypted/options"), "", &mut rels);
    rels.sort();
    let mut comparison = Comparison {
        columns: vec!["_ws.col.Protocol", "_ws.col.Info"],
        info_protocols: Some(INFO_PROTOCOLS),
        max_examples: 4,
        ..Comparison::default()
    };
    for rel in &rels {
        let capture = shared.join("captures").join(rel);
        let options = std::fs::read_to_string(
            shared
                .join("oracle/decrypted/options")
                .join(format!("{rel}.txt")),
        )
        .unwrap();
        let Ok(oracle) = std::fs::read_to_string(
            shared
                .join("oracle/decrypted/fields")
                .join(format!("{rel}.tsv")),
        ) else {
            continue;
        };
        comparison.decode_as = common::decode_as(&shared, rel);
        comparison.key_log = key_log(&options, &capture);
        comparison.add_capture(rel, &capture, &oracle);
    }
    let (agree, total) = comparison.report();
    let ratio = agree as f64 / total.max(1) as f64;
    println!(
        "decrypted: {agree}/{total} (frame, field) pairs agree = {:.3}% over {} captures",
        100.0 * ratio,
        comparison.files
    );
    assert!(comparison.files >= 20, "too few captures with key logs");
    assert!(
        ratio >= BAR,
        "decrypted oracle agreement {:.3}% is below the bar of {:.1}%",
        100.0 * ratio,
        100.0 * BAR
    );
}
