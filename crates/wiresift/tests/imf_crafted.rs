//! IMF's tree, fields and Info against tshark 4.0 on crafted messages (scripts/make-imf-cases.py,
//! tshark's answers stored beside them by scripts/imf-crafted-oracle.sh), each in an SMTP DATA phase:
//! address lists, mailbox lists and single mailboxes (quoted commas, groups, missing brackets, folded
//! names), Content-Type with and without parameters, every header name tshark knows, header lines
//! without a colon, header sections the data ends, LF-only messages, non-ASCII values and long labels.

mod common;

#[test]
fn crafted_messages_match_tshark() {
    common::assert_outputs_match_tshark("imf-crafted", &["imf-smtp"]);
}

/// Filters on the address and content-type fields select the frames tshark selects.
#[test]
fn filters_on_imf_fields() {
    let cases: &[(&str, &str)] = &[
        ("imf.display_name == \"Grou\"", ""),
        ("imf.display_name == \" Grou\"", "13"),
        ("imf.address == \"plain@x.y\"", "13"),
        (
            "imf.mailbox_list.item",
            "13,47,98,115,132,183,200,234,268,302,353,370",
        ),
        (
            "imf.content.type.parameters contains \"boundary\"",
            "98,506,523,540",
        ),
        (
            "imf.message_text",
            "30,47,64,81,115,132,183,200,217,234,251,268,285,302,319,336,387,404,421,557",
        ),
        ("imf.delivery_date", "115"),
    ];
    common::assert_filters_select("imf-crafted/imf-smtp.pcap", cases);
}

/// The capture cut by the snapshot length at many lengths (`editcap -s`): wiresift reads every
/// frame to the end (the messages cut at every byte are a unit test of imf.rs).
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
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/imf-crafted");
    let tmp = std::env::temp_dir().join(format!("wiresift-imf-cut-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let src = dir.join("imf-smtp.pcap");
    for snap in (60..=300).step_by(7) {
        let cut = tmp.join(format!("imf-{snap}.pcap"));
        let ok = std::process::Command::new("editcap")
            .args(["-s", &snap.to_string()])
            .arg(&src)
            .arg(&cut)
            .status()
            .unwrap()
            .success();
        assert!(ok, "editcap -s {snap}");
        let path = cut.to_str().unwrap();
        for args in [vec!["-n", "-r", path, "-V"], vec!["-n", "-r", path]] {
            let out = common::run(&args);
            assert!(out.status.success(), "-s {snap}: {:?}", out.status);
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
