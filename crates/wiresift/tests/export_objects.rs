//! `--export-objects http,DIR` on a recorded fixture (scripts/record-objects-fixture.sh): every file the
//! server sent comes out with its sha256, and the saved names and contents are tshark's.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/objects")
}

/// `sha256sum`'s lines ("HASH  NAME") as name → hash.
fn sums(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(hash, name)| (name.to_string(), hash.to_string()))
        .collect()
}

#[test]
fn exported_objects_are_the_files_served() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("objects");
    let capture = data().join("downloads.pcap");
    let spec = format!("http,{}", target.display());
    let out = common::run(&[
        "-r",
        capture.to_str().unwrap(),
        "-q",
        "--export-objects",
        &spec,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let hashed = Command::new("sha256sum")
        .arg("--")
        .args(&names)
        .current_dir(&target)
        .output()
        .expect("sha256sum (coreutils)");
    let exported = sums(&String::from_utf8_lossy(&hashed.stdout));

    // Names and contents as tshark saves them.
    let tshark = sums(&std::fs::read_to_string(data().join("tshark-objects.sha256")).unwrap());
    assert_eq!(exported, tshark);
    // Every file the server sent is among them, byte for byte.
    let served = sums(&std::fs::read_to_string(data().join("served.sha256")).unwrap());
    for (file, hash) in &served {
        assert!(
            exported.values().any(|h| h == hash),
            "{file} (sha256 {hash}) was not exported: {exported:?}"
        );
    }
    assert_eq!(served.len(), 3);

    // A second export into the same directory keeps the files there and numbers the new ones.
    let out = common::run(&[
        "-r",
        capture.to_str().unwrap(),
        "-q",
        "--export-objects",
        &spec,
    ]);
    assert!(out.status.success());
    assert_eq!(std::fs::read_dir(&target).unwrap().count(), 2 * names.len());
    assert!(target.join("image(2).bin").exists());
}

#[test]
fn objects_lists_what_export_saves() {
    let capture = data().join("downloads.pcap");
    let listing = common::stdout(&["objects", capture.to_str().unwrap()]);
    let rows: Vec<Vec<&str>> = listing
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    // One row per request or response body: seven responses and the POST's form ("name=value&other=x").
    assert_eq!(rows.len(), 8, "{listing}");
    let image = rows
        .iter()
        .find(|r| r.last() == Some(&"image.bin"))
        .unwrap();
    assert_eq!(
        image[1..4],
        ["10.77.0.2:8000", "application/octet-stream", "200000"]
    );
    let form = rows.iter().find(|r| r.last() == Some(&"form")).unwrap();
    assert_eq!(form[2..4], ["application/x-www-form-urlencoded", "18"]);
}

/// `--export-objects imf,DIR` on the recorded mail (scripts/record-mail-fixtures.sh): the message is
/// saved as tshark saves it (name and bytes), and the PNG the client attached comes out decoded from
/// base64, byte for byte the file that was attached.
#[test]
fn mail_and_its_attachment_are_exported() {
    let mail = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mail");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("mail");
    let spec = format!("imf,{}", target.display());
    let capture = mail.join("multipart-auth-plain.pcap");
    let out = common::run(&[
        "-r",
        capture.to_str().unwrap(),
        "-q",
        "--export-objects",
        &spec,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tshark = sums(&std::fs::read_to_string(mail.join("tshark-objects.sha256")).unwrap());
    for (name, hash) in &tshark {
        let saved = std::fs::read(target.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            &common::sha256_hex(&saved),
            hash,
            "{name} differs from tshark's"
        );
    }
    let attached = std::fs::read(mail.join("picture.png")).unwrap();
    let exported = std::fs::read(target.join("picture.png")).expect("the attachment is exported");
    assert_eq!(exported, attached);
    assert_eq!(
        std::fs::read_dir(&target).unwrap().count(),
        tshark.len() + 1
    );

    let listing = common::stdout(&["objects", capture.to_str().unwrap()]);
    let rows: Vec<&str> = listing.lines().collect();
    assert_eq!(rows.len(), 3, "{listing}");
    assert!(rows[1].contains("Alice Example <alice@client.example>"));
    assert!(rows[1].ends_with("Fixture%3a a picture for you.eml"));
    assert!(rows[2].contains("image/png") && rows[2].contains("15801"));
}
