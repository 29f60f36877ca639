//! Capture-filter expressions select the same packets as tcpdump: each expression of the list is
//! applied by `wiresift tcpdump` and by Debian's tcpdump to corpus captures, and the packets each
//! prints (told by their `-tt -q` lines, in order) must be the same; an expression that tcpdump
//! rejects for a capture's link type must be rejected too. The captures are one of each link type
//! and every seventh of the rest (WIRESIFT_ALL_CAPTURES=1: all of them). Skips with a notice when
//! `../shared` or tcpdump is absent.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const EXPRESSIONS: &[&str] = &[
    "arp",
    "ip",
    "ip6",
    "tcp",
    "udp",
    "icmp",
    "icmp6",
    "tcp port 80",
    "udp port 53",
    "port 443",
    "portrange 1-1023",
    "tcp portrange 8000-9000",
    "dst portrange 5000-6000",
    "tcp[tcpflags] & tcp-syn != 0",
    "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
    "tcp[tcpflags] & tcp-rst != 0",
    "tcp[tcpflags] == tcp-ack",
    "tcp[13] & 2 != 0",
    "vlan",
    "vlan and ip",
    "greater 1000",
    "less 100",
    "len > 500 and tcp",
    "net 10.0.0.0/8",
    "net 192.168.0.0/16",
    "src net 172.16.0.0/12",
    "host 10.0.0.1",
    "host 192.168.1.1 and port 80",
    "ip host 8.8.8.8",
    "ether broadcast",
    "ether multicast",
    "ether host ff:ff:ff:ff:ff:ff",
    "ether proto 0x88cc",
    "ip multicast",
    "udp and not port 53",
    "ip[8] < 64",
    "ip[6:2] & 0x1fff != 0",
    "ip proto 47",
    "icmp[icmptype] == icmp-echo",
    "icmp6 and ip6[40] == 128",
    "ip6 and tcp",
    "tcp dst port 22",
    "udp src port 67 or udp src port 68",
    "not ip and not ip6",
    "ip6 net 2001:db8::/32",
];

/// One printed packet: its `-tt` time stamp in microseconds (a fraction out of range carried into
/// the seconds, as the capture reader reads it) and its `-q` summary.
type Packet = (i128, String);

/// Two runs selected the same packets: as many, each the same by time stamp or by summary (tcpdump
/// keeps a time stamp the file holds out of range as it is, the capture reader corrects it; printing
/// is compared elsewhere).
fn same(a: &[Packet], b: &[Packet]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0 || x.1 == y.1)
}

/// The packets a run printed, or `None` when the program refused the expression.
fn selected(program: &str, pre: &[&str], file: &Path, expr: &str) -> Option<Vec<Packet>> {
    let out = Command::new(program)
        .args(pre)
        .args(["-tt", "-q", "-nn", "-r"])
        .arg(file)
        .arg(expr)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let stamps: Vec<Packet> = text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| {
            let (stamp, rest) = l.split_once(' ').unwrap_or((l, ""));
            let (secs, frac) = stamp.split_once('.').unwrap_or((stamp, "0"));
            let micros =
                secs.parse::<i128>().unwrap_or(0) * 1_000_000 + frac.parse::<i128>().unwrap_or(0);
            (micros, rest.to_string())
        })
        .collect();
    // A refused expression prints no packets and fails; a damaged capture fails after its packets.
    (out.status.success() || !stamps.is_empty()).then_some(stamps)
}

fn corpus(shared: &Path, all: bool) -> Vec<PathBuf> {
    let manifest =
        std::fs::read_to_string(shared.join("captures/MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut seen = HashSet::new();
    let mut picked = Vec::new();
    for (i, line) in manifest.lines().skip(1).enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(path), Some(link)) = (cols.first(), cols.get(6)) else {
            continue;
        };
        // tcpdump reads neither compressed captures nor pcapng files whose interfaces differ.
        let compressed = path.ends_with(".gz") || path.ends_with(".zst");
        if *link == "-" || link.starts_with("per-packet") || compressed {
            continue;
        }
        if !(path.contains(".pcap") || path.ends_with(".cap")) {
            continue;
        }
        if all || seen.insert(link.to_string()) || i % 7 == 0 {
            picked.push(shared.join("captures").join(path));
        }
    }
    picked
}

#[test]
fn filters_select_what_tcpdump_selects() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("../shared is absent: the filter comparison is not run");
        return;
    };
    if Command::new("tcpdump").arg("--version").output().is_err() {
        eprintln!("tcpdump is not installed: the filter comparison is not run");
        return;
    }
    assert!(EXPRESSIONS.len() >= 40);
    let all = std::env::var_os("WIRESIFT_ALL_CAPTURES").is_some();
    let files = corpus(&shared, all);
    let (mut agree, mut total, mut differ) = (0usize, 0usize, Vec::new());
    for f in &files {
        for expr in EXPRESSIONS {
            let want = selected("tcpdump", &[], f, expr);
            let got = selected(env!("CARGO_BIN_EXE_wiresift"), &["tcpdump"], f, expr);
            total += 1;
            let agreed = match (&want, &got) {
                (Some(w), Some(g)) => same(w, g),
                (None, None) => true,
                _ => false,
            };
            if agreed {
                agree += 1;
            } else {
                differ.push(format!(
                    "{} `{expr}`: tcpdump {:?} packets, wiresift {:?}",
                    f.strip_prefix(&shared).unwrap_or(f).display(),
                    want.as_ref().map(Vec::len),
                    got.as_ref().map(Vec::len)
                ));
            }
        }
    }
    println!(
        "{} expressions on {} captures: {agree}/{total} (capture, expression) pairs select the same packets",
        EXPRESSIONS.len(),
        files.len()
    );
    for d in &differ {
        println!("  differs: {d}");
    }
    assert!(differ.is_empty(), "{} pairs differ", differ.len());
}
