//! `-z follow`: wiresift's report, byte for byte, against tshark 4.0's.
//!
//! - `corpus_streams_agree_with_tshark`: every `../shared/oracle/follow/R.tcp.N.ascii|hex` (tshark's
//!   `-n -r R -q -z follow,tcp,MODE,N`) against wiresift's output for the same command line. Skips with
//!   a notice when `../shared` is absent.
//! - `fixture_cases_agree_with_tshark`: the cases of `tests/data/follow/cases.tsv` (UDP, raw and yaml,
//!   the address forms, several reports in one run, TLS's decrypted data with the key logs of the TLS
//!   fixtures and corpus captures, and without) against the tshark output that
//!   `scripts/follow-fixture-oracle.sh` recorded, over the repo's crafted `tests/data/follow-edges.pcap`
//!   (`scripts/make-follow-fixture.py`) and a few corpus captures (skipped when `../shared` is absent).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared_dir() -> Option<PathBuf> {
    let dir = repo_root().join("../shared");
    dir.join("oracle/follow").is_dir().then_some(dir)
}

/// Runs `wiresift -n -r capture OPTIONS... -q -z ARG...` and returns its standard output. A damaged
/// capture ends with an error (exit status 2, as tshark's) after the reports are printed, so only an
/// error that printed nothing fails here.
fn follow(capture: &Path, options: &[String], reports: &[&str]) -> Vec<u8> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wiresift"));
    cmd.arg("-n").arg("-r").arg(capture).args(options).arg("-q");
    for r in reports {
        cmd.arg("-z").arg(r);
    }
    let out = cmd.output().expect("wiresift runs");
    assert!(
        out.status.success() || !out.stdout.is_empty(),
        "{} {reports:?}: {}",
        capture.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The expected files under `dir`, as paths relative to it.
fn files_under(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir.join(rel))
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let r = rel.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            files_under(dir, &r, out);
        } else {
            out.push(r);
        }
    }
}

/// Where the outputs first differ, for the failure message.
fn first_difference(ours: &[u8], theirs: &[u8]) -> String {
    let at = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    let line = theirs[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let show = |s: &[u8]| {
        let start = at.saturating_sub(40);
        String::from_utf8_lossy(&s[start.min(s.len())..(at + 40).min(s.len())]).into_owned()
    };
    format!(
        "line {line}: wiresift {:?} / tshark {:?} ({} vs {} bytes)",
        show(ours),
        show(theirs),
        ours.len(),
        theirs.len()
    )
}

#[test]
fn corpus_streams_agree_with_tshark() {
    let Some(shared) = shared_dir() else {
        eprintln!("notice: ../shared/oracle/follow is absent; test skipped");
        return;
    };
    let oracle = shared.join("oracle/follow");
    let mut files = Vec::new();
    files_under(&oracle, Path::new(""), &mut files);
    let mut total = 0;
    let mut failures = Vec::new();
    for rel in files {
        let name = rel.to_string_lossy().into_owned();
        // R.tcp.N.MODE
        let Some((rest, mode)) = name.rsplit_once('.') else {
            continue;
        };
        if mode != "ascii" && mode != "hex" {
            continue;
        }
        let Some((capture, stream)) = rest.rsplit_once(".tcp.") else {
            continue;
        };
        total += 1;
        let expected = std::fs::read(oracle.join(&rel)).unwrap();
        let ours = follow(
            &shared.join("captures").join(capture),
            &[],
            &[&format!("follow,tcp,{mode},{stream}")],
        );
        if ours != expected {
            failures.push(format!("{name}: {}", first_difference(&ours, &expected)));
        }
    }
    eprintln!(
        "follow: {} of {total} corpus streams byte-identical to tshark",
        total - failures.len()
    );
    assert!(total > 0, "no oracle files found");
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixture_cases_agree_with_tshark() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/follow");
    let cases = std::fs::read_to_string(data.join("cases.tsv")).unwrap();
    let shared = shared_dir();
    let (mut run, mut skipped, mut failures) = (0, 0, Vec::new());
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, capture, args, options) = match cols[..] {
            [name, capture, args] => (name, capture, args, ""),
            [name, capture, args, options] => (name, capture, args, options),
            _ => panic!("bad line in cases.tsv: {line}"),
        };
        if options.contains("{corpus}") && shared.is_none() {
            skipped += 1;
            continue;
        }
        // Key logs and the like, {repo} and {corpus} standing for where those are.
        let corpus = shared.as_ref().map(|s| s.join("captures"));
        let options: Vec<String> = options
            .split(' ')
            .filter(|o| !o.is_empty())
            .map(|o| {
                let o = o.replace("{repo}", &repo_root().to_string_lossy());
                match &corpus {
                    Some(c) => o.replace("{corpus}", &c.to_string_lossy()),
                    None => o,
                }
            })
            .collect();
        let capture = if let Some(p) = capture.strip_prefix("repo:") {
            repo_root().join(p)
        } else if let Some(p) = capture.strip_prefix("corpus:") {
            match &shared {
                Some(s) => s.join("captures").join(p),
                None => {
                    skipped += 1;
                    continue;
                }
            }
        } else {
            panic!("bad capture in cases.tsv: {capture}");
        };
        let reports: Vec<&str> = args.split(' ').collect();
        let expected = std::fs::read(data.join(format!("{name}.txt"))).unwrap();
        let ours = follow(&capture, &options, &reports);
        run += 1;
        if ours != expected {
            failures.push(format!("{name}: {}", first_difference(&ours, &expected)));
        }
    }
    if skipped > 0 {
        eprintln!("notice: ../shared is absent; {skipped} corpus cases skipped");
    }
    eprintln!(
        "follow: {} of {run} fixture cases byte-identical to tshark",
        run - failures.len()
    );
    assert!(run > 0);
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
