//! Differential test against tcpdump's own test suite (`../shared/captures/tcpdump/`): each test of
//! TESTLIST that Debian's tcpdump 4.99.3 reproduces exactly (MANIFEST.tsv says which, with the
//! effective command line) is run as `wiresift tcpdump` with the same arguments and its output compared
//! byte for byte with the test's `.out` file. Prints the pass rate and the failing tests; the tests
//! 4.99.3 itself does not reproduce are run and reported, not counted. Skips with a notice when
//! `../shared` is absent.

mod common;

use std::path::Path;
use std::process::Command;

/// Tests (of those tcpdump 4.99.3 reproduces) whose output must be identical: what we reached.
const FLOOR: usize = 46;

struct Case {
    name: String,
    out_file: String,
    args: Vec<String>,
    reproducible: bool,
}

/// The tcpdump test cases of MANIFEST.tsv: `effective command: TZ=GMT0 tcpdump ARGS; output of Debian
/// 12 tcpdump 4.99.3 run the same way: NAME: identical` (or `differs`).
fn cases(manifest: &str) -> Vec<Case> {
    let mut v = Vec::new();
    for line in manifest.lines() {
        let path = line.split('\t').next().unwrap_or("");
        let Some(out_file) = path.strip_prefix("tcpdump/") else {
            continue;
        };
        if !out_file.ends_with(".out") {
            continue;
        }
        let Some((_, cmd)) = line.split_once("effective command: TZ=GMT0 tcpdump ") else {
            continue;
        };
        let Some((args, verdict)) = cmd.split_once("; output of Debian 12 tcpdump 4.99.3") else {
            continue;
        };
        let Some((_, verdict)) = verdict.split_once(": ") else {
            continue;
        };
        let (name, verdict) = verdict.rsplit_once(": ").unwrap_or(("", verdict));
        v.push(Case {
            name: name.to_string(),
            out_file: out_file.to_string(),
            args: args.split_whitespace().map(str::to_string).collect(),
            reproducible: verdict.trim().starts_with("identical"),
        });
    }
    v
}

fn run_case(dir: &Path, case: &Case) -> bool {
    let Ok(expected) = std::fs::read(dir.join(&case.out_file)) else {
        return false;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_wiresift"))
        .arg("tcpdump")
        .args(&case.args)
        .current_dir(dir)
        .env("TZ", "GMT0")
        .output()
        .expect("wiresift runs");
    out.stdout == expected
}

#[test]
fn tcpdump_test_suite() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("../shared is absent: the tcpdump test suite is not run");
        return;
    };
    let manifest =
        std::fs::read_to_string(shared.join("captures/MANIFEST.tsv")).expect("MANIFEST.tsv");
    let dir = shared.join("captures/tcpdump");
    let all = cases(&manifest);
    assert!(!all.is_empty(), "no tcpdump tests in MANIFEST.tsv");
    let (mut pass, mut total, mut failed) = (0usize, 0usize, Vec::new());
    let (mut other_pass, mut other_total) = (0usize, 0usize);
    for case in &all {
        let ok = run_case(&dir, case);
        if case.reproducible {
            total += 1;
            if ok {
                pass += 1;
            } else {
                failed.push(format!("{} (tcpdump {})", case.name, case.args.join(" ")));
            }
        } else {
            other_total += 1;
            other_pass += usize::from(ok);
        }
    }
    println!(
        "tcpdump test suite: {pass}/{total} reproducible tests identical ({:.1}%); {other_pass}/{other_total} of those 4.99.3 itself does not reproduce",
        100.0 * pass as f64 / total.max(1) as f64
    );
    for f in &failed {
        println!("  differs: {f}");
    }
    assert!(
        pass >= FLOOR,
        "{pass} tcpdump tests identical, fewer than the {FLOOR} reached before"
    );
}
