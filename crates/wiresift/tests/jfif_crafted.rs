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
