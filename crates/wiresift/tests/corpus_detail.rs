//! Chosen frames of corpus captures against tshark 4.0's `-V` for the same frames
//! (`tests/data/corpus-detail/NAME.frameN.V`, stored by scripts/corpus-detail-oracle.sh, which says
//! what each frame shows: TLS handshake messages (RSA-EXPORT and (EC)DH parameters, a
//! CertificateRequest, Netscape certificate extensions, unnamed schemes and groups, pre_shared_key,
//! GREASE, ALPS, status_request_v2, records of a connection that chose HTTP/2), SSH key exchange (HASSH, an EdDSA
//! certificate key), a bogus IPv6 version, a TCP window scale above 14, ICMP response times, headers
//! cut short or of impossible lengths, MLDv2 flags, ICMPv6 and routing header experts, retransmitted segments that go to no protocol). wiresift's JA4 lines, which tshark 4.0 does not have, are
//! left out of its side. Skips with a notice when `../shared` is absent.

mod common;

#[test]
fn chosen_frames_match_tshark() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("notice: ../shared is absent; corpus detail comparison skipped");
        return;
    };
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus-detail");
    let mut compared = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(stem) = file.strip_suffix(".V") else {
            continue;
        };
        let (name, frame) = stem.rsplit_once(".frame").unwrap();
        let capture = shared.join("captures").join(name.replace("__", "/"));
        let filter = format!("frame.number=={frame}");
        let ours = common::stdout(&["-n", "-r", capture.to_str().unwrap(), "-Y", &filter, "-V"]);
        let ours: String = ours
            .lines()
            .filter(|l| !l.trim_start().starts_with("[JA4"))
            .map(|l| format!("{l}\n"))
            .collect();
        let theirs = std::fs::read_to_string(&path).unwrap();
        common::assert_same_lines(&file, &ours, &theirs, "tshark");
        compared += 1;
    }
    assert_eq!(compared, 31);
}
