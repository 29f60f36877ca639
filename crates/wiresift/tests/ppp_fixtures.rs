//! PPP's control and authentication protocols (LCP, IPCP, IPv6CP, PAP, CHAP) against tshark 4.0: the
//! crafted messages of every code and option in `tests/data/ppp` (scripts/make-ppp-control-cases.py,
//! on a PPP link and in PPPoE sessions), whose `-V` tree, packet list and field values tshark stored
//! beside them (scripts/ppp-control-oracle.sh); and the PPPoE session of the corpus's zeek/pppoe.pcap,
//! whose protocol hierarchy oracle_stats compares.

mod common;

#[test]
fn control_messages_match_tshark() {
    common::assert_outputs_match_tshark("ppp", &["ppp-control", "pppoe-control"]);
}

/// Display filters on the control protocols' fields select what tshark selects.
#[test]
fn filters_on_control_fields() {
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
    common::assert_filters_select("ppp/ppp-control.pcap", cases);
}
