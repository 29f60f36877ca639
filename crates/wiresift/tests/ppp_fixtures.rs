//! PPP's control and authentication protocols (LCP, IPCP, IPv6CP, PAP, CHAP) against tshark 4.0: the
//! crafted messages of every code and option in `tests/data/ppp` (scripts/make-ppp-control-cases.py,
//! on a PPP link and in PPPoE sessions), whose `-V` tree, packet list and field values tshark stored
//! beside them (scripts/ppp-control-oracle.sh); and the PPPoE session of the corpus's zeek/pppoe.pcap,
//! whose protocol hierarchy oracle_stats compares.

mod common;

use std::path::Path;

#[test]
fn control_messages_match_tshark() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ppp");
    let fields = std::fs::read_to_string(dir.join("fields.list")).unwrap();
    for name in ["ppp-control", "pppoe-control"] {
        let capture = dir.join(format!("{name}.pcap"));
        let capture = capture.to_str().unwrap();
        let expected =
            |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        common::assert_same_lines(
            &format!("{name} -V"),
            &common::stdout(&["-n", "-r", capture, "-V"]),
            &expected("V"),
            "tshark",
        );
        common::assert_same_lines(
            &format!("{name} summary"),
            &common::stdout(&["-n", "-r", capture]),
            &expected("summary"),
            "tshark",
        );
        let mut args = vec!["-n", "-r", capture, "-T", "fields", "-E", "occurrence=a"];
        for f in fields.split_whitespace() {
            args.extend(["-e", f]);
        }
        common::assert_same_lines(
            &format!("{name} fields"),
            &common::stdout(&args),
            &expected("fields"),
            "tshark",
        );
    }
}

/// Display filters on the control protocols' fields select what tshark selects.
#[test]
fn filters_on_control_fields() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ppp");
    let capture = dir.join("ppp-control.pcap");
    let capture = capture.to_str().unwrap();
    // (filter, frames tshark 4.0 selects on ppp-control.pcap)
    let cases: &[(&str, &str)] = &[
        ("lcp && ppp.code == 9", "34,48"),
        ("lcp.opt.mru == 1500", "1,2,26"),
        ("pap.peer_id == \"alice\"", "70"),
        (
            "ipv6cp.interface_identifier == c8:01:0e:ff:fe:88:00:08",
            "67",
        ),
        ("ppp.opt.len.invalid", "40,41,42,43,44,66,69"),
        ("chap.name contains \"ali\"", "77"),
        ("ipcp.opt.pri_dns_address == 8.8.8.8", "60"),
        ("lcp.opt.vendor", "1,23"),
    ];
    for (filter, want) in cases {
        let got = common::stdout(&[
            "-n",
            "-r",
            capture,
            "-Y",
            filter,
            "-T",
            "fields",
            "-e",
            "frame.number",
        ]);
        let got: Vec<&str> = got.lines().collect();
        assert_eq!(got.join(","), *want, "-Y {filter}");
    }
}
