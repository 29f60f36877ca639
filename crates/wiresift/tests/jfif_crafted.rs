//! JPEG images (`image-jfif`) against tshark 4.0 on crafted HTTP responses
//! (scripts/make-jfif-cases.py, tshark's answers stored beside them by scripts/jfif-oracle.sh): every
//! marker kind, JFIF/JFXX APP0s, Exif APP1s with their IFD chains and sub-IFDs in both byte orders,
//! FlashPix APP2s, frame and scan headers, fill bytes, entropy-coded data, comments, segments and
//! values cut short or pointing out of the data, and which bodies the dissector takes; and real
//! images (cjpeg's baseline, progressive, restart-marker, grey and commented JPEGs, one with Exif
//! from exiftool) fetched by curl from python's http.server (scripts/record-jfif-fixture.sh). The
//! dissector's own test cuts each of these images at every length (dissect's jfif tests).

mod common;

#[test]
fn crafted_images_match_tshark() {
    common::assert_outputs_match_tshark(
        "jfif",
        &[
            "jfif-segments",
            "jfif-exif",
            "jfif-cut",
            "jfif-media",
            "jfif-real",
        ],
    );
}

/// The crafted images as captures with short snapshot lengths hold them: bytes lost to the
/// snapshot length are "Packet size limited during capture", not malformed.
#[test]
fn snapped_images_match_tshark() {
    common::assert_outputs_match_tshark(
        "jfif",
        &[
            "jfif-segments-s200",
            "jfif-segments-s500",
            "jfif-exif-s300",
            "jfif-cut-s200",
        ],
    );
}

/// Filters on the image's fields select the frames tshark selects.
#[test]
fn filters_on_jfif_fields() {
    let exif: &[(&str, &str)] = &[
        ("image-jfif.app0-identifier-not-jfif", "21,29,165"),
        ("image-jfif.ifd.tag_gps == 1", "21,213"),
        ("image-jfif.ifd.tag_exif == 36867", "29,253"),
        ("image-jfif.ifd.value_slong < 0", "5,13"),
        ("image-jfif.ifd.value_ascii contains \"Model\"", "5,13"),
        ("image-jfif.start_ifd_offset.invalid", "29,77,85"),
        ("image-jfif.ifd_value_offset.invalid", "5,29,141"),
        ("image-jfif.ifd.value_rational.numerator == 72", "5,13"),
        (
            "image-jfif.endianness == 0x4949",
            "13,29,37,45,53,85,165,221,253",
        ),
        ("_ws.malformed", "29,37,53,69,117,133,189,197,205,229,237"),
    ];
    common::assert_filters_select("jfif/jfif-exif.pcap", exif);
    let segments: &[(&str, &str)] = &[
        ("image-jfif.sof.h_i == 2", "5,37,45,133"),
        ("image-jfif.marker == 0xffc2", "5,45"),
        ("image-jfif.fill_bytes", "69,93,125"),
        ("image-jfif.comment contains \"fill\"", "69"),
        ("image-jfif.sos.al == 1", "45"),
        ("image-jfif.extension.code == 0x13", "13"),
        ("image-jfif.exif_flashpix_marker", "29"),
        ("_ws.malformed", "21,29"),
    ];
    common::assert_filters_select("jfif/jfif-segments.pcap", segments);
    let media: &[(&str, &str)] = &[
        ("image-jfif", "5,21,37,45,53,61,69,77,101,125,141"),
        ("media", "29,85,93,109,117,133"),
    ];
    common::assert_filters_select("jfif/jfif-media.pcap", media);
    let real: &[(&str, &str)] = &[
        ("image-jfif.ifd.tag_gps == 2", "69"),
        ("image-jfif.ifd.value_ascii == \"Wiresift\"", "69"),
        ("image-jfif.marker == 0xffd0", "33"),
        ("image-jfif.sof.nf == 1", "45"),
        ("image-jfif.comment contains \"fixture\"", "57"),
        ("image-jfif.sos.ss > 0", "21"),
    ];
    common::assert_filters_select("jfif/jfif-real.pcap", real);
}

/// A pcap's records cut to `snaplen` bytes (the header's snapshot length too).
fn cut_pcap(bytes: &[u8], snaplen: usize) -> Vec<u8> {
    let mut out = bytes[..24].to_vec();
    out[16..20].copy_from_slice(&(snaplen as u32).to_le_bytes());
    let mut at = 24;
    while at + 16 <= bytes.len() {
        let incl = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
        let data = &bytes[at + 16..(at + 16 + incl).min(bytes.len())];
        let kept = incl.min(snaplen);
        out.extend_from_slice(&bytes[at..at + 8]);
        out.extend_from_slice(&(kept as u32).to_le_bytes());
        out.extend_from_slice(&bytes[at + 12..at + 16]);
        out.extend_from_slice(&data[..kept.min(data.len())]);
        at += 16 + incl;
    }
    out
}

/// Every fixture captured at every snapshot length up to its longest frame: dissection and the
/// detail tree never panic on images cut anywhere by the snapshot length (dissect's own test cuts
/// the bodies themselves at every length).
#[test]
fn every_snapshot_length_never_panics() {
    let registry = dissect::registry();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/jfif");
    let mut cuts = 0;
    for name in ["jfif-segments", "jfif-exif", "jfif-cut", "jfif-real"] {
        let bytes = std::fs::read(dir.join(format!("{name}.pcap"))).unwrap();
        let longest = {
            let mut reader = capfile::CaptureReader::from_bytes(bytes.clone()).unwrap();
            let mut longest = 0;
            while let Ok(Some(frame)) = reader.next_frame() {
                longest = longest.max(frame.data.len());
            }
            longest
        };
        for snaplen in 0..=longest {
            let mut reader = capfile::CaptureReader::from_bytes(cut_pcap(&bytes, snaplen)).unwrap();
            let mut dissector = dissect::Dissector::new();
            let mut tree = dissect::PacketTree::new(dissect::Interest::everything(registry));
            let mut printer = output::DetailPrinter::new(Default::default());
            let mut out = String::new();
            while let Ok(Some(frame)) = reader.next_frame() {
                let meta = common::frame_meta(&frame, false);
                dissector.dissect(&meta, frame.data, &mut tree);
                out.clear();
                printer.write_packet(registry, &tree, frame.data, &mut out);
                cuts += 1;
            }
        }
    }
    assert!(cuts > 50_000, "{cuts} cut frames");
}
