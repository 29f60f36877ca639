//! Decryption Secrets Blocks of the shared corpus (`captures/derived/*-dsb.pcapng`, made with editcap
//! `--inject-secrets`): the reader yields each block's key log byte for byte as the key-log file the
//! manifest names, before the first frame, and a pcapng-to-pcapng copy keeps them.

mod common;

use capfile::{CaptureReader, CaptureWriter, DecryptionSecrets, OutputFormat};
use common::{corpus, shared_dir};

/// The key-log file a manifest note names: "... with the key log DIR/NAME embedded as ...".
fn embedded_key_log(notes: &str) -> Option<&str> {
    let rest = notes.split("with the key log ").nth(1)?;
    rest.split_whitespace().next()
}

#[test]
fn dsb_captures_yield_their_key_logs() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared is absent: DSB test skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for entry in corpus(&shared) {
        if !entry.path.ends_with("-dsb.pcapng") {
            continue;
        }
        let key_log = embedded_key_log(&entry.notes)
            .unwrap_or_else(|| panic!("{}: the manifest names no key log", entry.path));
        let want = std::fs::read(shared.join("captures").join(key_log)).unwrap();
        let path = shared.join("captures").join(&entry.path);
        let mut r = CaptureReader::open(&path).unwrap();
        // editcap writes the block before the first packet, so it is known once the file is open.
        let expected = [DecryptionSecrets {
            secrets_type: DecryptionSecrets::TLS_KEY_LOG,
            data: want,
        }];
        assert_eq!(r.secrets(), &expected[..], "{}", entry.path);

        // Copy to pcapng, secrets first, and read the copy back.
        let out = dir.path().join("copy.pcapng");
        let section = r.sections().first().cloned();
        let mut w = CaptureWriter::create(&out, OutputFormat::Pcapng, section.as_ref()).unwrap();
        w.write_interfaces(r.interfaces()).unwrap();
        for s in r.secrets().to_vec() {
            w.write_secrets(&s).unwrap();
        }
        let mut frames = 0;
        while let Some(f) = r.next_frame().unwrap() {
            w.write_frame(&f, f.interface).unwrap();
            frames += 1;
        }
        w.finish().unwrap();
        assert_eq!(frames, entry.packets, "{}", entry.path);
        let back = CaptureReader::open(&out).unwrap();
        assert_eq!(back.secrets(), &expected[..], "{} copied", entry.path);
        checked += 1;
    }
    assert!(
        checked >= 3,
        "the corpus has three DSB captures, {checked} found"
    );
}
