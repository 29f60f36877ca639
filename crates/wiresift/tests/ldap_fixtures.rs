//! LDAP against tshark 4.0: a real exchange of OpenLDAP's slapd and its clients in two namespaces
//! (scripts/record-ldap-fixture.sh: adds, a search with a compound filter whose entries span TCP
//! segments, modify, rename, compare, delete, "who am I", a failed bind, a search of a missing
//! base) and crafted messages (scripts/make-ldap-cases.py: every operation and filter kind,
//! controls, several messages in a segment, broken BER lengths, unknown operations, filters nested
//! deeper than tshark follows), whose `-V` tree, packet list and field values tshark stored beside
//! them (scripts/ldap-fixture-oracle.sh). zeek/ldap/modify-request.pcapng is compared by
//! oracle_stats.

mod common;

#[test]
fn messages_match_tshark() {
    common::assert_outputs_match_tshark("ldap", &["ldap-exchange", "ldap-crafted"]);
}

/// Display filters on LDAP's fields select what tshark selects.
#[test]
fn filters_on_ldap_fields() {
    let cases: &[(&str, &str)] = &[
        (
            "ldap",
            "4,6,8,9,10,11,12,13,14,15,19,20,21,22,23,24,25,26,27,34,36,38,39,40,43,46,47,48,50,57,\
             59,61,62,63,70,72,74,75,76,83,85,87,88,89,96,98,100,101,102,109,111,113,114,115,122,\
             124,126,133,135,137,138,139",
        ),
        ("ldap.protocolOp == 4", "39,40,43,46,47"),
        ("ldap.resultCode == 49", "124"),
        ("ldap.resultCode == 32", "138"),
        ("ldap.baseObject == \"ou=people,dc=example,dc=com\"", "38"),
        ("ldap.scope == 1", "137"),
        ("ldap.filter == 0", "38"),
        ("ldap.present == \"mail\"", "38"),
        ("ldap.final contains \"3\"", "38"),
        ("ldap.initial", "38"),
        ("ldap.type == \"description\"", "19,43,61"),
        ("ldap.AttributeValue contains \"first\"", "61"),
        ("ldap.requestName == \"1.3.6.1.4.1.4203.1.11.3\"", "113"),
        (
            "ldap.response_to",
            "6,9,11,13,15,20,22,24,26,36,39,40,43,46,47,48,59,62,72,75,85,88,98,101,111,114,124,\
             135,138",
        ),
        ("ldap.time > 0.003", "13,15,20,22,24"),
        ("tcp.segments", "19,43"),
        ("ldap.messageID == 2 && ldap.protocolOp == 5", "48,138"),
        ("ldap.newrdn == \"uid=user22\"", "74"),
        ("ldap.operation == 1", "61"),
        (
            "ldap.name == \"cn=admin,dc=example,dc=com\" && ldap.simple == \"wrong\"",
            "122",
        ),
        ("ldap.compareResponse_element", "88"),
        ("ldap.deleteoldrdn == 1", "74"),
    ];
    common::assert_filters_select("ldap/ldap-exchange.pcap", cases);
    let crafted: &[(&str, &str)] = &[
        ("_ws.malformed", "51,58,79,93,100"),
        // The segment after an accepted StartTLS is TLS.
        ("tls", "35"),
        ("ldap.abandonRequest == 5", "18"),
        ("ldap.searchResRef", "7"),
        ("ldap.controlType == \"1.2.840.113556.1.4.319\"", "23"),
        ("ldap.extensibleMatch_element", "6"),
        ("ldap.resultCode == 99", "13"),
        ("ldap.oid", "7"),
    ];
    common::assert_filters_select("ldap/ldap-crafted.pcap", crafted);
}

/// The fixtures cut by the snapshot length at many lengths (`editcap -s`): wiresift reads every
/// one to its end.
#[test]
fn cut_captures_never_panic() {
    if std::process::Command::new("editcap")
        .arg("-h")
        .output()
        .is_err()
    {
        eprintln!("notice: editcap is absent; snapshot-length cuts skipped");
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ldap");
    let tmp = std::env::temp_dir().join(format!("wiresift-ldap-cut-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for name in ["ldap-exchange", "ldap-crafted"] {
        let src = dir.join(format!("{name}.pcap"));
        for snap in (55..=200).step_by(5).chain([300, 700, 1200]) {
            let cut = tmp.join(format!("{name}-{snap}.pcap"));
            let ok = std::process::Command::new("editcap")
                .args(["-s", &snap.to_string()])
                .arg(&src)
                .arg(&cut)
                .status()
                .unwrap()
                .success();
            assert!(ok, "editcap -s {snap} {name}");
            let path = cut.to_str().unwrap();
            for args in [vec!["-n", "-r", path, "-V"], vec!["-n", "-r", path]] {
                let out = common::run(&args);
                assert!(out.status.success(), "{name} -s {snap}: {:?}", out.status);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
