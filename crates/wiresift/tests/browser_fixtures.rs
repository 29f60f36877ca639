//! The NetBIOS datagram service, SMB mailslot writes and the Windows browser protocol against tshark
//! 4.0: a real exchange of Samba's nmbd in two namespaces (announcements, an election, a new local
//! master; scripts/record-browser-fixture.sh) and crafted datagrams (scripts/make-browser-cases.py:
//! every datagram type and browser command, names with scopes and strange bytes, SMB flags and error
//! codes, another mailslot, cut datagrams), whose `-V` tree, packet list and field values tshark
//! stored beside them (scripts/browser-fixture-oracle.sh). zeek/smtp.pcap's host announcement is
//! compared by oracle_stats.

mod common;

#[test]
fn datagrams_match_tshark() {
    common::assert_outputs_match_tshark("browser", &["browser-election", "browser-crafted"]);
}

/// Display filters on the four protocols' fields select what tshark selects.
#[test]
fn filters_on_browser_fields() {
    let cases: &[(&str, &str)] = &[
        ("browser", "1,2,3,4,5,6,7,8,9,10,11,12"),
        ("browser.command == 0x08", "3,4,5,6,7"),
        // A boolean field names its presence (it is there when false too); "== 1" asks for the bit.
        ("browser.server_type.browser.master", "1,2,9,10,11,12"),
        ("browser.server_type.browser.master == 1", "9"),
        ("nbdgm.source_name == \"BRAVO<00>\"", "1,11,12"),
        ("nbdgm.destination_name contains \"MSBROWSE\"", "10"),
        (
            "mailslot.name == \"\\\\MAILSLOT\\\\BROWSE\"",
            "1,2,3,4,5,6,7,8,9,10,11,12",
        ),
        (
            "smb.cmd == 0x25 && smb.timeout == 0",
            "1,2,3,4,5,6,7,8,9,10,11,12",
        ),
        ("browser.uptime > 10000", "6,7"),
    ];
    common::assert_filters_select("browser/browser-election.pcap", cases);
    let crafted: &[(&str, &str)] = &[
        ("nbdgm.type == 0x13", "3"),
        ("nbdgm.error_code == 0x82", "3"),
        ("nbdgm.next == 1", "8"),
        ("smb.error_class == 3", "27"),
        ("smb.flags2.dfs == 1", "25"),
        ("browser.backup.server == \"BRAVO\"", "12"),
        ("browser.reset_cmd.stop_lmb == 1", "18,19"),
        ("_ws.malformed", "30,31,32,33,34"),
        ("_ws.short", "35,36"),
        ("data", "28"),
    ];
    common::assert_filters_select("browser/browser-crafted.pcap", crafted);
}
