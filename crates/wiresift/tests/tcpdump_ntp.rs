//! `wiresift tcpdump` on the NTP fixtures, byte for byte against what Debian's tcpdump 4.99.3 printed for
//! them at each verbosity (scripts/ntp-fixture-oracle.sh): a real exchange between ntpsec's ntpd, ntpdig
//! and ntpq (scripts/record-ntp-fixture.sh), and crafted edge cases with frames cut at every offset
//! (scripts/make-ntp-edge-cases.py).

mod common;

use std::path::Path;
use std::process::Command;

const FLAGS: [&[&str]; 4] = [&[], &["-v"], &["-vv"], &["-vvv", "-e"]];

#[test]
fn ntp_prints_as_tcpdump_at_every_verbosity() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ntp");
    let mut compared = 0;
    for name in ["ntp-exchange", "ntp-crafted", "ntp-cut"] {
        let capture = dir.join(format!("{name}.pcap"));
        for (level, flags) in FLAGS.iter().enumerate() {
            let out = Command::new(env!("CARGO_BIN_EXE_wiresift"))
                .arg("tcpdump")
                .arg("-nn")
                .args(*flags)
                .arg("-r")
                .arg(&capture)
                .env("TZ", "GMT0")
                .output()
                .expect("wiresift runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let want = std::fs::read_to_string(dir.join(format!("{name}.v{level}.out"))).unwrap();
            let got = String::from_utf8(out.stdout).unwrap();
            common::assert_same_lines(&format!("{name} {flags:?}"), &got, &want, "tcpdump");
            compared += 1;
        }
    }
    assert_eq!(compared, 12);
}
