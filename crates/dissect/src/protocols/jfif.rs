//! JPEG images (JFIF and Exif) in HTTP bodies and MIME parts, as tshark 4.0's `image-jfif` shows
//! them: the marker segments in order (APP0 JFIF/JFXX, APP1 Exif with its TIFF header and IFD
//! chains, APP2 FlashPix, frame and scan headers, comments, the other segments as remaining data),
//! fill bytes, the entropy-coded data between markers, and the experts for a missing JFIF APP0 and
//! offsets out of the TIFF data. Checked against tshark with crafted images
//! (scripts/make-jfif-cases.py) and the corpus's JPEG responses.

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity};

fields::declare_protocol! {
    proto IMAGE_JFIF = super::ids::IMAGE_JFIF, "JPEG File Interchange Format", "JFIF (JPEG) image", "image-jfif";
    MARKER: "image-jfif.marker", "Marker", UInt16, Hex, values MARKERS, blurb "JFIF Marker";
    MARKER_SEGMENT: "image-jfif.marker_segment", "Marker segment", None, None;
    LENGTH: "image-jfif.length", "Length", UInt16, Dec, blurb "Length of segment (including length field)";
    IDENTIFIER: "image-jfif.identifier", "Identifier", StringZ, None, blurb "Identifier of the segment";
    VERSION: "image-jfif.version", "Version", None, None, blurb "JFIF Version";
    VERSION_MAJOR: "image-jfif.version.major", "Major Version", UInt8, Dec, blurb "JFIF Major Version";
    VERSION_MINOR: "image-jfif.version.minor", "Minor Version", UInt8, Dec, blurb "JFIF Minor Version";
    UNITS: "image-jfif.units", "Units", UInt8, Dec, values UNIT_NAMES, blurb "Units used in this segment";
    XDENSITY: "image-jfif.Xdensity", "Xdensity", UInt16, Dec, blurb "Horizontal pixel density";
    YDENSITY: "image-jfif.Ydensity", "Ydensity", UInt16, Dec, blurb "Vertical pixel density";
    XTHUMBNAIL: "image-jfif.Xthumbnail", "Xthumbnail", UInt16, Dec, blurb "Thumbnail horizontal pixel count";
    YTHUMBNAIL: "image-jfif.Ythumbnail", "Ythumbnail", UInt16, Dec, blurb "Thumbnail vertical pixel count";
    RGB: "image-jfif.RGB", "RGB values of thumbnail pixels", Bytes, None, blurb "RGB values of the thumbnail pixels (24 bit per pixel, Xthumbnail x Ythumbnail pixels)";
    EXTENSION_CODE: "image-jfif.extension.code", "Extension code", UInt8, Hex, values EXTENSION_CODES, blurb "JFXX extension code for thumbnail encoding";
    SOF: "image-jfif.sof", "Start of Frame header", None, None;
    SOF_PRECISION: "image-jfif.sof.precision", "Sample Precision (bits)", UInt8, Dec, blurb "Specifies the precision in bits for the samples of the components in the frame.";
    SOF_LINES: "image-jfif.sof.lines", "Lines", UInt16, Dec, blurb "Specifies the maximum number of lines in the source image.";
    SOF_SAMPLES: "image-jfif.sof.samples_per_line", "Samples per line", UInt16, Dec, blurb "Specifies the maximum number of samples per line in the source image.";
    SOF_NF: "image-jfif.sof.nf", "Number of image components in frame", UInt8, Dec, blurb "Specifies the number of source image components in the frame.";
    SOF_C: "image-jfif.sof.c_i", "Component identifier", UInt8, Dec, blurb "Assigns a unique label to the ith component in the sequence of frame component specification parameters.";
    SOF_H: "image-jfif.sof.h_i", "Horizontal sampling factor", UInt8, Dec, mask 0xf0, blurb "Specifies the relationship between the component horizontal dimension and maximum image dimension X.";
    SOF_V: "image-jfif.sof.v_i", "Vertical sampling factor", UInt8, Dec, mask 0x0f, blurb "Specifies the relationship between the component vertical dimension and maximum image dimension Y.";
    SOF_TQ: "image-jfif.sof.tq_i", "Quantization table destination selector", UInt8, Dec, blurb "Specifies one of four possible quantization table destinations from which the quantization table to use for dequantization of DCT coefficients of component Ci is retrieved.";
    SOS: "image-jfif.header.sos", "Start of Segment header", None, None;
    SOS_NS: "image-jfif.sos.ns", "Number of image components in scan", UInt8, Dec, blurb "Specifies the number of source image components in the scan.";
    SOS_CS: "image-jfif.sos.component_selector", "Scan component selector", UInt8, Dec, blurb "Selects which of the Nf image components specified in the frame parameters shall be the jth component in the scan.";
    SOS_TD: "image-jfif.sos.dc_entropy_selector", "DC entropy coding table destination selector", UInt8, Dec, mask 0xf0, blurb "Specifies one of four possible DC entropy coding table destinations from which the entropy table needed for decoding of the DC coefficients of component Csj is retrieved.";
    SOS_TA: "image-jfif.sos.ac_entropy_selector", "AC entropy coding table destination selector", UInt8, Dec, mask 0x0f, blurb "Specifies one of four possible AC entropy coding table destinations from which the entropy table needed for decoding of the AC coefficients of component Csj is retrieved.";
    SOS_SS: "image-jfif.sos.ss", "Start of spectral or predictor selection", UInt8, Dec, blurb "In the DCT modes of operation, this parameter specifies the first DCT coefficient in each block in zig-zag order which shall be coded in the scan. This parameter shall be set to zero for the sequential DCT processes. In the lossless mode of operations this parameter is used to select the predictor.";
    SOS_SE: "image-jfif.sos.se", "End of spectral selection", UInt8, Dec, blurb "Specifies the last DCT coefficient in each block in zig-zag order which shall be coded in the scan. This parameter shall be set to 63 for the sequential DCT processes. In the lossless mode of operations this parameter has no meaning. It shall be set to zero.";
    SOS_AH: "image-jfif.sos.ah", "Successive approximation bit position high", UInt8, Dec, mask 0xf0, blurb "This parameter specifies the point transform used in the preceding scan (i.e. successive approximation bit position low in the preceding scan) for the band of coefficients specified by Ss and Se. This parameter shall be set to zero for the first scan of each band of coefficients. In the lossless mode of operations this parameter has no meaning. It shall be set to zero.";
    SOS_AL: "image-jfif.sos.al", "Successive approximation bit position low or point transform", UInt8, Dec, mask 0x0f, blurb "In the DCT modes of operation this parameter specifies the point transform, i.e. bit position low, used before coding the band of coefficients specified by Ss and Se. This parameter shall be set to zero for the sequential DCT processes. In the lossless mode of operations, this parameter specifies the point transform, Pt.";
    COMMENT_HEADER: "image-jfif.header.comment", "Comment header", None, None;
    COMMENT: "image-jfif.comment", "Comment", String, None;
    REMAINING: "image-jfif.remain_seg_data", "Remaining segment data", Bytes, None;
    ENDIANNESS: "image-jfif.endianness", "Endianness", UInt16, Hex;
    START_IFD_OFFSET: "image-jfif.start_ifd_offset", "Start offset of IFD starting from the TIFF header start", UInt32, Dec, unit "bytes";
    NEXT_IFD_OFFSET: "image-jfif.next_ifd_offset", "Offset to next IFD from start of TIFF header", UInt32, Dec, unit "bytes";
    FLASHPIX: "image-jfif.exif_flashpix_marker", "Exif FlashPix APP2 application marker", None, None;
    ENTROPY_CODED: "image-jfif.entropy_coded_segment", "Entropy-coded segment (dissection is not yet implemented)", Bytes, None;
    FILL_BYTES: "image-jfif.fill_bytes", "Fill bytes", Bytes, None;
    SKIPPED_TIFF: "image-jfif.skipped_tiff_data", "Skipped data between end of TIFF header and start of IFD", Bytes, None;
    IFD_NUM_FIELDS: "image-jfif.ifd.num_fields", "Number of fields in this IFD", UInt16, Dec;
    IFD_TAG: "image-jfif.ifd.tag", "Tag", UInt16, Dec, values TAGS_TIFF;
    IFD_TAG_EXIF: "image-jfif.ifd.tag_exif", "Tag", UInt16, Dec, values TAGS_EXIF;
    IFD_TAG_GPS: "image-jfif.ifd.tag_gps", "Tag", UInt16, Dec, values TAGS_GPS;
    IFD_TAG_INTEROP: "image-jfif.ifd.tag_interop", "Tag", UInt16, Dec, values TAGS_INTEROP;
    IFD_TYPE: "image-jfif.ifd.type", "Type", UInt16, Dec, values TYPE_NAMES;
    IFD_COUNT: "image-jfif.ifd.count", "Count", UInt32, Dec;
    IFD_OFFSET: "image-jfif.ifd.offset", "Value offset from start of TIFF header", UInt32, Dec;
    VALUE_BYTE: "image-jfif.ifd.value_byte", "Value", UInt8, Dec;
    VALUE_ASCII: "image-jfif.ifd.value_ascii", "Value", String, None;
    VALUE_SHORT: "image-jfif.ifd.value_short", "Value", UInt16, Dec;
    VALUE_LONG: "image-jfif.ifd.value_long", "Value", UInt32, Dec;
    VALUE_RATIONAL: "image-jfif.ifd.value_rational", "Value", None, None;
    RATIONAL_NUMERATOR: "image-jfif.ifd.value_rational.numerator", "Numerator", UInt32, Dec;
    RATIONAL_DENOMINATOR: "image-jfif.ifd.value_rational.denominator", "Denominator", UInt32, Dec;
    VALUE_UNDEFINED: "image-jfif.ifd.value_undefined", "Value (raw)", Bytes, None;
    VALUE_SLONG: "image-jfif.ifd.value_slong", "Value", Int32, Dec;
    VALUE_SRATIONAL: "image-jfif.ifd.value_srational", "Value", None, None;
    SRATIONAL_NUMERATOR: "image-jfif.ifd.value_srational.numerator", "Numerator", Int32, Dec;
    SRATIONAL_DENOMINATOR: "image-jfif.ifd.value_srational.denominator", "Denominator", Int32, Dec;
    APP0_NOT_JFIF: "image-jfif.app0-identifier-not-jfif", "Initial App0 segment with \"JFIF\" Identifier not found", None, None;
    START_IFD_INVALID: "image-jfif.start_ifd_offset.invalid", "Invalid value", None, None;
    NEXT_IFD_INVALID: "image-jfif.next_ifd_offset.invalid", "Invalid value", None, None;
    VALUE_OFFSET_INVALID: "image-jfif.ifd_value_offset.invalid", "Invalid value", None, None;
}

static MARKERS: &[(u64, &str)] = &[
    (
        0xff01,
        "Reserved - For temporary private use in arithmetic coding",
    ),
    (
        0xffc0,
        "Start of Frame (non-differential, Huffman coding) - Baseline DCT",
    ),
    (
        0xffc1,
        "Start of Frame (non-differential, Huffman coding) - Extended sequential DCT",
    ),
    (
        0xffc2,
        "Start of Frame (non-differential, Huffman coding) - Progressive DCT",
    ),
    (
        0xffc3,
        "Start of Frame (non-differential, Huffman coding) - Lossless (sequential)",
    ),
    (0xffc4, "Define Huffman table(s)"),
    (
        0xffc5,
        "Start of Frame (differential, Huffman coding) - Differential sequential DCT",
    ),
    (
        0xffc6,
        "Start of Frame (differential, Huffman coding) - Differential progressive DCT",
    ),
    (
        0xffc7,
        "Start of Frame (differential, Huffman coding) - Differential lossless (sequential)",
    ),
    (
        0xffc8,
        "Start of Frame (non-differential, arithmetic coding) - Reserved for JPEG extensions",
    ),
    (
        0xffc9,
        "Start of Frame (non-differential, arithmetic coding) - Extended sequential DCT",
    ),
    (
        0xffca,
        "Start of Frame (non-differential, arithmetic coding) - Progressive DCT",
    ),
    (
        0xffcb,
        "Start of Frame (non-differential, arithmetic coding) - Lossless (sequential)",
    ),
    (0xffcc, "Define arithmetic coding conditioning(s)"),
    (
        0xffcd,
        "Start of Frame (differential, arithmetic coding) - Differential sequential DCT",
    ),
    (
        0xffce,
        "Start of Frame (differential, arithmetic coding) - Differential progressive DCT",
    ),
    (
        0xffcf,
        "Start of Frame (differential, arithmetic coding) - Differential lossless (sequential)",
    ),
    (
        0xffd0,
        "Restart interval termination - Restart with modulo 8 count 0",
    ),
    (
        0xffd1,
        "Restart interval termination - Restart with modulo 8 count 1",
    ),
    (
        0xffd2,
        "Restart interval termination - Restart with modulo 8 count 2",
    ),
    (
        0xffd3,
        "Restart interval termination - Restart with modulo 8 count 3",
    ),
    (
        0xffd4,
        "Restart interval termination - Restart with modulo 8 count 4",
    ),
    (
        0xffd5,
        "Restart interval termination - Restart with modulo 8 count 5",
    ),
    (
        0xffd6,
        "Restart interval termination - Restart with modulo 8 count 6",
    ),
    (
        0xffd7,
        "Restart interval termination - Restart with modulo 8 count 7",
    ),
    (0xffd8, "Start of Image"),
    (0xffd9, "End of Image"),
    (0xffda, "Start of Scan"),
    (0xffdb, "Define quantization table(s)"),
    (0xffdc, "Define number of lines"),
    (0xffdd, "Define restart interval"),
    (0xffde, "Define hierarchical progression"),
    (0xffdf, "Expand reference component(s)"),
    (0xffe0, "Reserved for application segments - 0"),
    (0xffe1, "Reserved for application segments - 1"),
    (0xffe2, "Reserved for application segments - 2"),
    (0xffe3, "Reserved for application segments - 3"),
    (0xffe4, "Reserved for application segments - 4"),
    (0xffe5, "Reserved for application segments - 5"),
    (0xffe6, "Reserved for application segments - 6"),
    (0xffe7, "Reserved for application segments - 7"),
    (0xffe8, "Reserved for application segments - 8"),
    (0xffe9, "Reserved for application segments - 9"),
    (0xffea, "Reserved for application segments - 10"),
    (0xffeb, "Reserved for application segments - 11"),
    (0xffec, "Reserved for application segments - 12"),
    (0xffed, "Reserved for application segments - 13"),
    (0xffee, "Reserved for application segments - 14"),
    (0xffef, "Reserved for application segments - 15"),
    (0xfff0, "Reserved for JPEG extensions - 0"),
    (0xfff1, "Reserved for JPEG extensions - 1"),
    (0xfff2, "Reserved for JPEG extensions - 2"),
    (0xfff3, "Reserved for JPEG extensions - 3"),
    (0xfff4, "Reserved for JPEG extensions - 4"),
    (0xfff5, "Reserved for JPEG extensions - 5"),
    (0xfff6, "Reserved for JPEG extensions - 6"),
    (0xfff7, "Reserved for JPEG extensions - 7"),
    (0xfff8, "Reserved for JPEG extensions - 8"),
    (0xfff9, "Reserved for JPEG extensions - 9"),
    (0xfffa, "Reserved for JPEG extensions - 10"),
    (0xfffb, "Reserved for JPEG extensions - 11"),
    (0xfffc, "Reserved for JPEG extensions - 12"),
    (0xfffd, "Reserved for JPEG extensions - 13"),
    (0xfffe, "Comment"),
];

static UNIT_NAMES: &[(u64, &str)] = &[
    (
        0,
        "No units; Xdensity and Ydensity specify the pixel aspect ratio",
    ),
    (1, "Dots per inch"),
    (2, "Dots per centimeter"),
];
static EXTENSION_CODES: &[(u64, &str)] = &[
    (0x10, "Thumbnail encoded using JPEG"),
    (0x11, "Thumbnail encoded using 1 byte (8 bits) per pixel"),
    (0x13, "Thumbnail encoded using 3 bytes (24 bits) per pixel"),
];
static TYPE_NAMES: &[(u64, &str)] = &[
    (1, "BYTE"),
    (2, "ASCII"),
    (3, "SHORT"),
    (4, "LONG"),
    (5, "RATIONAL"),
    (7, "UNDEFINED"),
    (9, "SLONG"),
    (10, "SRATIONAL"),
];
static TAGS_TIFF: &[(u64, &str)] = &[
    (256, "ImageWidth"),
    (257, "ImageLength"),
    (258, "BitsPerSample"),
    (259, "Compression"),
    (262, "PhotometricInterpretation"),
    (270, "ImageDescription"),
    (271, "Make"),
    (272, "Model"),
    (273, "StripOffsets"),
    (274, "Orientation"),
    (277, "SamplesPerPixel"),
    (278, "RowsPerStrip"),
    (279, "StripByteCounts"),
    (282, "XResolution"),
    (283, "YResolution"),
    (284, "PlanarConfiguration"),
    (296, "ResolutionUnit"),
    (301, "TransferFunction"),
    (305, "Software"),
    (306, "DateTime"),
    (315, "Artist"),
    (318, "WhitePoint"),
    (319, "PrimaryChromaticities"),
    (513, "JPEGInterchangeFormat"),
    (514, "JPEGInterchangeFormatLength"),
    (529, "YCbCrCoefficients"),
    (530, "YCbCrSubSampling"),
    (531, "YCbCrPositioning"),
    (532, "ReferenceBlackWhite"),
    (33432, "Copyright"),
    (34665, "Exif IFD Pointer"),
    (34853, "GPS IFD Pointer"),
    (40965, "Interoperability IFD Pointer"),
];
static TAGS_EXIF: &[(u64, &str)] = &[
    (33434, "ExposureTime"),
    (33437, "FNumber"),
    (34850, "ExposureProgram"),
    (34852, "SpectralSensitivity"),
    (34855, "PhotographicSensitivity"),
    (34856, "OECF"),
    (34864, "SensitivityType"),
    (34865, "StandardOutputSensitivity"),
    (34866, "RecommendedExposureIndex"),
    (34867, "ISOSpeed"),
    (34868, "ISOSpeedLatitudeyyy"),
    (34869, "ISOSpeedLatitudezzz"),
    (36864, "ExifVersion"),
    (36867, "DateTimeOriginal"),
    (36868, "DateTimeDigitized"),
    (36880, "OffsetTime"),
    (36881, "OffsetTimeOriginal"),
    (36882, "OffsetTimeDigitized"),
    (37121, "ComponentsConfiguration"),
    (37122, "CompressedBitsPerPixel"),
    (37377, "ShutterSpeedValue"),
    (37378, "ApertureValue"),
    (37379, "BrightnessValue"),
    (37380, "ExposureBiasValue"),
    (37381, "MaxApertureValue"),
    (37382, "SubjectDistance"),
    (37383, "MeteringMode"),
    (37384, "LightSource"),
    (37385, "Flash"),
    (37386, "FocalLength"),
    (37396, "SubjectArea"),
    (37500, "MakerNote"),
    (37510, "UserComment"),
    (37520, "SubSecTime"),
    (37521, "SubSecTimeOriginal"),
    (37522, "SubSecTimeDigitized"),
    (37888, "Temperature"),
    (37889, "Humidity"),
    (37890, "Pressure"),
    (37891, "WaterDepth"),
    (37892, "Acceleration"),
    (37893, "CameraElevationAngle"),
    (40960, "FlashpixVersion"),
    (40961, "ColorSpace"),
    (40962, "PixelXDimension"),
    (40963, "PixelYDimension"),
    (40964, "RelatedSoundFile"),
    (41483, "FlashEnergy"),
    (41484, "SpatialFrequencyResponse"),
    (41486, "FocalPlaneXResolution"),
    (41487, "FocalPlaneYResolution"),
    (41488, "FocalPlaneResolutionUnit"),
    (41492, "SubjectLocation"),
    (41493, "ExposureIndex"),
    (41495, "SensingMethod"),
    (41728, "FileSource"),
    (41729, "SceneType"),
    (41730, "CFAPattern"),
    (41985, "CustomRendered"),
    (41986, "ExposureMode"),
    (41987, "WhiteBalance"),
    (41988, "DigitalZoomRatio"),
    (41989, "FocalLengthIn35mmFilm"),
    (41990, "SceneCaptureType"),
    (41991, "GainControl"),
    (41992, "Contrast"),
    (41993, "Saturation"),
    (41994, "Sharpness"),
    (41995, "DeviceSettingDescription"),
    (41996, "SubjectDistanceRange"),
    (42016, "ImageUniqueID"),
    (42032, "CameraOwnerName"),
    (42033, "BodySerialNumber"),
    (42034, "LensSpecification"),
    (42035, "LensMake"),
    (42036, "LensModel"),
    (42037, "LensSerialNumber"),
    (42080, "CompositeImage"),
    (42081, "SourceImageNumberOfCompositeImage"),
    (42082, "SourceExposureTimesOfCompositeImage"),
    (42240, "Gamma"),
];
static TAGS_GPS: &[(u64, &str)] = &[
    (0, "GPSVersionID"),
    (1, "GPSLatitudeRef"),
    (2, "GPSLatitude"),
    (3, "GPSLongitudeRef"),
    (4, "GPSLongitude"),
    (5, "GPSAltitudeRef"),
    (6, "GPSAltitude"),
    (7, "GPSTimeStamp"),
    (8, "GPSSatellites"),
    (9, "GPSStatus"),
    (10, "GPSMeasureMode"),
    (11, "GPSDOP"),
    (12, "GPSSpeedRef"),
    (13, "GPSSpeed"),
    (14, "GPSTrackRef"),
    (15, "GPSTrack"),
    (16, "GPSImgDirectionRef"),
    (17, "GPSImgDirection"),
    (18, "GPSMapDatum"),
    (19, "GPSDestLatitudeRef"),
    (20, "GPSDestLatitude"),
    (21, "GPSDestLongitudeRef"),
    (22, "GPSDestLongitude"),
    (23, "GPSDestBearingRef"),
    (24, "GPSDestBearing"),
    (25, "GPSDestDistanceRef"),
    (26, "GPSDestDistance"),
    (27, "GPSProcessingMethod"),
    (28, "GPSAreaInformation"),
    (29, "GPSDateStamp"),
    (30, "GPSDifferential"),
    (31, "GPSHPositioningError"),
];
static TAGS_INTEROP: &[(u64, &str)] = &[(1, "InteroperabilityIndex")];

/// Whether `body` is a JPEG image tshark's dissector takes: the start-of-image marker, the
/// identifier "JFIF" or "Exif" (with its NUL) where the first segment's identifier sits, and at least
/// 20 bytes. tshark applies the same test to typed and untyped bodies.
pub fn takes(body: &[u8]) -> bool {
    body.len() >= 20
        && body.starts_with(&[0xff, 0xd8])
        && matches!(&body[6..11], b"JFIF\0" | b"Exif\0")
}

/// Dissects the JPEG image at `data[offset..]` (one [`takes`]) under `parent`, and adds
/// "(JPEG JFIF image)" to Info. Reading past a segment or past the data makes the packet malformed
/// where it happens, as tshark's exception does; what was shown before stays.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    let len = data.len() - offset;
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "image-jfif", "", offset, len);
    cx.append_info(format_args!(" (JPEG JFIF image)"));
    match image(cx, data, offset, top) {
        Ok(()) => {}
        Err(Bad::Plain) => cx.malformed(data.len(), "JFIF (JPEG) image"),
        Err(Bad::Contained) => cx.malformed_contained(
            data.len(),
            "JFIF (JPEG) image: length of contained item exceeds length of containing item",
        ),
        Err(Bad::Short) => cx.short(data.len(), "JFIF (JPEG) image truncated"),
    }
}

/// How reading an image failed, as tshark's exceptions tell it.
#[derive(Clone, Copy)]
enum Bad {
    /// Past the data, or past a segment's length.
    Plain,
    /// Past the data inside a segment whose length runs past the data.
    Contained,
    /// Past the bytes captured, when the frame was cut by the snapshot length.
    Short,
}

fn marker_name(marker: u16) -> &'static str {
    MARKERS
        .iter()
        .find(|(v, _)| *v == u64::from(marker))
        .map_or("Unknown", |(_, n)| *n)
}

/// Markers that stand alone, without a length: start and end of image, the restart markers and TEM.
fn stands_alone(marker: u16) -> bool {
    matches!(marker, 0xff01 | 0xffd0..=0xffd9)
}

/// The frame headers (SOF0..SOF15 but DHT, JPG's DAC and the arithmetic-coding conditioning).
fn is_sof(marker: u16) -> bool {
    matches!(marker, 0xffc0..=0xffcf) && !matches!(marker, 0xffc4 | 0xffcc)
}

fn u8_at(d: &[u8], at: usize) -> Option<u8> {
    d.get(at).copied()
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

/// The whole image; an error where it reads past the data.
fn image(cx: &mut Cx, d: &[u8], base: usize, top: ItemIdx) -> Result<(), Bad> {
    // Running out of data: bytes lost to the snapshot length, or absent.
    let cut = if cx.lost_to_snaplen(d.len()) {
        Bad::Short
    } else {
        Bad::Plain
    };
    cx.uint(top, MARKER, base, 2, 0xffd8);
    // tshark warns once, at the first Exif APP1, when the image does not begin with a JFIF APP0.
    let mut warn_app0 = &d[base + 6..base + 11] != b"JFIF\0";
    let mut at = base + 2;
    while at < d.len() {
        if d[at] != 0xff || d.get(at + 1) == Some(&0) {
            // Bytes that are no marker run up to the next marker: 0xFF followed by other than 0.
            let mut end = at;
            while end < d.len() && !(d[end] == 0xff && d.get(end + 1) != Some(&0)) {
                end += 1;
            }
            if end + 1 >= d.len() && matches!(cut, Bad::Short) {
                // tshark's search for the next marker (an 0xFF and the byte after it) runs into the
                // bytes not captured.
                return Err(cut);
            }
            cx.tree.add(top, ENTROPY_CODED, at, end - at, Value::Bytes);
            at = end;
            continue;
        }
        if *d.get(at + 1).ok_or(cut)? == 0xff {
            // Fill bytes: every 0xFF before the last of a run, which starts the marker.
            let mut last = at + 1;
            while *d.get(last + 1).ok_or(cut)? == 0xff {
                last += 1;
            }
            cx.tree.add(top, FILL_BYTES, at, last - at, Value::Bytes);
            at = last;
        }
        let marker = be16(d, at).ok_or(cut)?;
        if stands_alone(marker) {
            cx.uint(top, MARKER, at, 2, u64::from(marker));
            at += 2;
            continue;
        }
        if marker < 0xffc0 {
            // A reserved marker ends the dissection: what follows it cannot be told.
            let it = cx.uint(top, MARKER, at, 2, u64::from(marker));
            cx.tree.set_label(
                it,
                format_args!("Marker: Unknown (0x{marker:04x}) (Reserved)"),
            );
            return Ok(());
        }
        let len = usize::from(be16(d, at + 2).ok_or(cut)?);
        let end = at + 2 + len;
        let (field, heading) = if is_sof(marker) {
            (SOF, "Start of Frame header")
        } else if marker == 0xffda {
            (SOS, "Start of Segment header")
        } else if marker == 0xfffe {
            (COMMENT_HEADER, "Comment header")
        } else {
            (MARKER_SEGMENT, "Marker segment")
        };
        let shown = end.min(d.len()) - at;
        let seg = cx.tree.add(top, field, at, shown, Value::None);
        cx.tree.set_label(
            seg,
            format_args!("{heading}: {} (0x{marker:04X})", marker_name(marker)),
        );
        cx.uint(seg, MARKER, at, 2, u64::from(marker));
        // The segment's own bytes: reading past its length is reading past the data.
        let s = &d[..end.min(d.len())];
        let overrun = end > d.len();
        let past = std::cell::Cell::new(false);
        if segment(cx, s, at, end, marker, seg, top, &mut warn_app0, &past).is_none() {
            // Past the segment's own end, or past the data inside a segment longer than it.
            return Err(match (overrun && !past.get(), cut) {
                (false, _) => Bad::Plain,
                (true, Bad::Short) => Bad::Short,
                (true, _) => Bad::Contained,
            });
        }
        if overrun {
            // tshark moves on past the segment's end, beyond the data.
            return Err(cut);
        }
        at = end;
    }
    Ok(())
}

/// Whether tshark would build a protocol tree for the packet (details, fields, a filter): it reads
/// the fields it only shows just when it builds their items, so without a tree a segment cut short
/// fails only where the dissector itself reads (markers, lengths, the Exif data).
fn builds_tree(cx: &Cx) -> bool {
    cx.tree.interest().wants_any_field()
}

/// The segment's identifier at `at` when it is `name` (with its NUL).
fn is_ident(s: &[u8], at: usize, name: &[u8]) -> bool {
    s.get(at..at + name.len()) == Some(name) && s.get(at + name.len()) == Some(&0)
}

/// One marker segment at `s[at..end]`, `s` ending where the segment or the data does.
#[allow(clippy::too_many_arguments)]
fn segment(
    cx: &mut Cx,
    s: &[u8],
    at: usize,
    end: usize,
    marker: u16,
    seg: ItemIdx,
    top: ItemIdx,
    warn_app0: &mut bool,
    past: &std::cell::Cell<bool>,
) -> Option<()> {
    let tree = builds_tree(cx);
    if tree {
        cx.uint(seg, LENGTH, at + 2, 2, u64::from(be16(s, at + 2)?));
    }
    let body = at + 4;
    match marker {
        0xffe0..=0xffe2 => {
            // tshark reads an APP1's identifier even when it builds no tree (an APP0's or APP2's
            // only to show it): one without its NUL in the segment fails there.
            let id = if tree || marker == 0xffe1 {
                let nul = s.get(body..)?.iter().position(|&b| b == 0)?;
                Some(cx.tree.add(seg, IDENTIFIER, body, nul + 1, Value::Str))
            } else {
                None
            };
            let known = |name: &[u8]| is_ident(s, body, name);
            let after = |name: &[u8]| body + name.len() + 1;
            if marker == 0xffe0 && known(b"JFIF") {
                return app0_jfif(cx, s, after(b"JFIF"), end, seg, past);
            }
            if marker == 0xffe0 && known(b"JFXX") {
                if tree {
                    let o = after(b"JFXX");
                    cx.uint(seg, EXTENSION_CODE, o, 1, u64::from(u8_at(s, o)?));
                }
                return Some(());
            }
            // The first APP1, whatever its identifier, carries the note.
            if marker == 0xffe1 && std::mem::take(warn_app0) {
                cx.expert(
                    id.unwrap_or(seg),
                    APP0_NOT_JFIF,
                    Severity::Warning,
                    Group::Protocol,
                    format_args!("Initial App0 segment with \"JFIF\" Identifier not found"),
                );
            }
            if marker == 0xffe1 && known(b"Exif") {
                // The identifier's pad byte, then the TIFF header.
                exif(cx, s, after(b"Exif") + 1, end, seg, past)
            } else if marker == 0xffe2 && known(b"FPXR") {
                // tshark notes the FlashPix segment beside it, over the whole segment.
                cx.tree.add(top, FLASHPIX, at, s.len() - at, Value::None);
                Some(())
            } else {
                let Some(id) = id else {
                    return Some(());
                };
                let nul = s[body..].iter().position(|&b| b == 0)?;
                // Read as ASCII (a byte past 0x7f is U+FFFD), then escaped for the label.
                let ascii: String = s[body..body + nul]
                    .iter()
                    .map(|&b| if b.is_ascii() { b as char } else { '\u{fffd}' })
                    .collect();
                let mut text = String::new();
                fields::format::write_format_text(ascii.as_bytes(), &mut text);
                let what = if marker == 0xffe0 {
                    "unknown identifier"
                } else {
                    "Unknown identifier"
                };
                // tshark names the identifier unknown once the rest is added.
                // An APP1's rest is read without a tree too.
                remaining(cx, s, body + nul + 1, end, seg, marker == 0xffe1)?;
                cx.tree
                    .set_label(id, format_args!("Identifier: {text} ({what})"));
                Some(())
            }
        }
        _ if is_sof(marker) => {
            if !tree {
                return Some(());
            }
            cx.uint(seg, SOF_PRECISION, body, 1, u64::from(u8_at(s, body)?));
            cx.uint(seg, SOF_LINES, body + 1, 2, u64::from(be16(s, body + 1)?));
            cx.uint(seg, SOF_SAMPLES, body + 3, 2, u64::from(be16(s, body + 3)?));
            let nf = u8_at(s, body + 5)?;
            cx.uint(seg, SOF_NF, body + 5, 1, u64::from(nf));
            for i in 0..usize::from(nf) {
                let c = body + 6 + 3 * i;
                cx.uint(seg, SOF_C, c, 1, u64::from(u8_at(s, c)?));
                let hv = u64::from(u8_at(s, c + 1)?);
                cx.bits(seg, SOF_H, c + 1, 1, hv);
                cx.bits(seg, SOF_V, c + 1, 1, hv);
                cx.uint(seg, SOF_TQ, c + 2, 1, u64::from(u8_at(s, c + 2)?));
            }
            Some(())
        }
        0xffda => {
            if !tree {
                return Some(());
            }
            let ns = u8_at(s, body)?;
            cx.uint(seg, SOS_NS, body, 1, u64::from(ns));
            for i in 0..usize::from(ns) {
                let c = body + 1 + 2 * i;
                cx.uint(seg, SOS_CS, c, 1, u64::from(u8_at(s, c)?));
                let t = u64::from(u8_at(s, c + 1)?);
                cx.bits(seg, SOS_TD, c + 1, 1, t);
                cx.bits(seg, SOS_TA, c + 1, 1, t);
            }
            let o = body + 1 + 2 * usize::from(ns);
            cx.uint(seg, SOS_SS, o, 1, u64::from(u8_at(s, o)?));
            cx.uint(seg, SOS_SE, o + 1, 1, u64::from(u8_at(s, o + 1)?));
            let a = u64::from(u8_at(s, o + 2)?);
            cx.bits(seg, SOS_AH, o + 2, 1, a);
            cx.bits(seg, SOS_AL, o + 2, 1, a);
            Some(())
        }
        0xfffe => {
            if tree {
                // The whole comment is read: one running past the data fails.
                let n = end.checked_sub(body)?;
                s.get(body..end)?;
                ascii(cx, seg, COMMENT, s, body, n);
            }
            Some(())
        }
        _ => remaining(cx, s, body, end, seg, false),
    }
}

/// The rest of the segment from `at`, as "Remaining segment data: N bytes"; `None` when nothing
/// is left (tshark's read of the rest fails there).
///
/// The count is the segment's, `end` being where its length says it ends; the item covers what the
/// data holds of it (tshark shows the count and then fails past the data).
///
/// tshark reads it only when it builds a tree, unless `always`.
fn remaining(
    cx: &mut Cx,
    s: &[u8],
    at: usize,
    end: usize,
    seg: ItemIdx,
    always: bool,
) -> Option<()> {
    if !always && !builds_tree(cx) {
        return Some(());
    }
    let n = end.checked_sub(at).filter(|&n| n > 0)?;
    if at >= s.len() {
        // Not a byte of it in the data: tshark stops there without the item.
        return None;
    }
    let held = s.len().saturating_sub(at).min(n);
    let it = cx.tree.add(seg, REMAINING, at, held, Value::Bytes);
    cx.tree
        .set_label(it, format_args!("Remaining segment data: {n} bytes"));
    Some(())
}

/// A string field read as ASCII (bytes past 0x7f shown as U+FFFD), ending at its first NUL, with
/// the warning for other bytes after that NUL.
fn ascii(cx: &mut Cx, parent: ItemIdx, field: FieldId, s: &[u8], at: usize, n: usize) -> ItemIdx {
    let bytes = &s[at..at + n];
    let shown = bytes.iter().position(|&b| b == 0).unwrap_or(n);
    let value = if shown == n {
        cx.ascii_value(bytes)
    } else {
        // The value ends at the NUL, which the item's own bytes do not.
        let text: String = bytes[..shown]
            .iter()
            .map(|&b| if b.is_ascii() { b as char } else { '\u{fffd}' })
            .collect();
        cx.tree.text_value(&text)
    };
    let it = cx.tree.add(parent, field, at, n, value);
    if stray_after_nul(bytes) {
        cx.expert(
            it,
            crate::protocols::ws::TRAILING_STRAY_CHARACTERS,
            Severity::Warning,
            Group::Undecoded,
            format_args!("Trailing stray characters"),
        );
    }
    it
}

/// tshark looks for stray characters in the string as converted to UTF-8 (each byte past 0x7f
/// grown to the three bytes of U+FFFD), from the end of the text up to the item's length in the
/// packet: so a non-ASCII text hides what follows its NUL within those extra bytes.
fn stray_after_nul(bytes: &[u8]) -> bool {
    let Some(nul) = bytes.iter().position(|&b| b == 0) else {
        return false;
    };
    let text_len: usize = bytes[..nul]
        .iter()
        .map(|&b| if b.is_ascii() { 1 } else { 3 })
        .sum();
    // The converted bytes after the text (the NUL, then the rest) that fall within the item's
    // length; the first byte other than NUL there is one, whatever it grows to.
    let within = bytes.len().saturating_sub(text_len);
    bytes[nul..].iter().take(within).any(|&b| b != 0)
}

/// The JFIF APP0 fields after the identifier.
fn app0_jfif(
    cx: &mut Cx,
    s: &[u8],
    at: usize,
    end: usize,
    seg: ItemIdx,
    past: &std::cell::Cell<bool>,
) -> Option<()> {
    if !builds_tree(cx) {
        return Some(());
    }
    let major = u8_at(s, at)?;
    let minor = u8_at(s, at + 1)?;
    let v = cx.tree.add(seg, VERSION, at, 2, Value::None);
    cx.tree
        .set_label(v, format_args!("Version: {major}.{minor}"));
    cx.uint(v, VERSION_MAJOR, at, 1, u64::from(major));
    cx.uint(v, VERSION_MINOR, at + 1, 1, u64::from(minor));
    cx.uint(seg, UNITS, at + 2, 1, u64::from(u8_at(s, at + 2)?));
    cx.uint(seg, XDENSITY, at + 3, 2, u64::from(be16(s, at + 3)?));
    cx.uint(seg, YDENSITY, at + 5, 2, u64::from(be16(s, at + 5)?));
    let x = u8_at(s, at + 7)?;
    cx.uint(seg, XTHUMBNAIL, at + 7, 1, u64::from(x));
    let y = u8_at(s, at + 8)?;
    cx.uint(seg, YTHUMBNAIL, at + 8, 1, u64::from(y));
    // tshark adds the pixels when either count is set, even when there are none.
    let n = 3 * usize::from(x) * usize::from(y);
    if x != 0 || y != 0 {
        if at + 9 + n > end {
            // Past the segment's own end, not only past the data.
            past.set(true);
            return None;
        }
        s.get(at + 9..at + 9 + n)?;
        cx.tree.add(seg, RGB, at + 9, n, Value::Bytes);
    }
    Some(())
}

/// Which directory an IFD is: its heading and the names its tags take.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ifd {
    Tiff,
    Exif,
    Gps,
    Interop,
}

impl Ifd {
    fn heading(self) -> &'static str {
        match self {
            Ifd::Tiff => "Image File Directory",
            Ifd::Exif => "Exif IFD",
            Ifd::Gps => "GPS IFD",
            Ifd::Interop => "Interoperability IFD",
        }
    }

    fn tag_field(self) -> FieldId {
        match self {
            Ifd::Tiff => IFD_TAG,
            Ifd::Exif => IFD_TAG_EXIF,
            Ifd::Gps => IFD_TAG_GPS,
            Ifd::Interop => IFD_TAG_INTEROP,
        }
    }
}

/// The TIFF data of an Exif APP1: where it starts, its length (the segment's, which may run past
/// the data), its byte order; and whether a read went past the segment's end, not just past the
/// data (tshark's plain bounds error rather than the contained one).
struct Tiff<'a> {
    s: &'a [u8],
    base: usize,
    len: usize,
    little: bool,
    past_segment: &'a std::cell::Cell<bool>,
}

impl Tiff<'_> {
    /// `n` bytes at `at`, noting a read past the segment's end.
    fn bytes(&self, at: usize, n: usize) -> Option<&[u8]> {
        let end = at.checked_add(n)?;
        if end > self.base + self.len {
            self.past_segment.set(true);
            return None;
        }
        self.s.get(at..end)
    }

    fn u8(&self, at: usize) -> Option<u8> {
        Some(self.bytes(at, 1)?[0])
    }

    fn u16(&self, at: usize) -> Option<u16> {
        let b: [u8; 2] = self.bytes(at, 2)?.try_into().ok()?;
        Some(if self.little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    }

    fn u32(&self, at: usize) -> Option<u32> {
        let b: [u8; 4] = self.bytes(at, 4)?.try_into().ok()?;
        Some(if self.little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }
}

/// The Exif APP1 from its TIFF header at `at`.
fn exif(
    cx: &mut Cx,
    s: &[u8],
    at: usize,
    end: usize,
    seg: ItemIdx,
    past: &std::cell::Cell<bool>,
) -> Option<()> {
    let order = be16(s, at)?;
    let e = cx.uint(seg, ENDIANNESS, at, 2, u64::from(order));
    let little = match order {
        0x4d4d => false,
        0x4949 => true,
        _ => {
            cx.tree.set_label(
                e,
                format_args!(
                    "Endianness: Incorrect encoding 0x{order:04x}- skipping the remainder of this application marker"
                ),
            );
            return Some(());
        }
    };
    cx.tree.set_label(
        e,
        format_args!(
            "Endianness: {}",
            if little {
                "little endian"
            } else {
                "big endian"
            }
        ),
    );
    let t = Tiff {
        s,
        base: at,
        len: end.saturating_sub(at),
        little,
        past_segment: past,
    };
    // The magic number 42 is read, not shown.
    t.u16(at + 2)?;
    let start = t.u32(at + 4)?;
    let it = cx.uint(seg, START_IFD_OFFSET, at + 4, 4, u64::from(start));
    bytes_label(cx, it, START_IFD_OFFSET_NAME, start);
    if start < 8 {
        cx.expert(
            it,
            START_IFD_INVALID,
            Severity::Warning,
            Group::Protocol,
            format_args!(" (bogus, should be >= 8)"),
        );
        return Some(());
    }
    let mut plan = Plan::default();
    let done = plan.chain(&t, start, Ifd::Tiff);
    plan.emit(cx, s, seg);
    done
}

const START_IFD_OFFSET_NAME: &str = "Start offset of IFD starting from the TIFF header start";
const NEXT_IFD_OFFSET_NAME: &str = "Offset to next IFD from start of TIFF header";

/// tshark's "bytes" unit is "byte" for one.
fn bytes_label(cx: &mut Cx, it: ItemIdx, name: &str, v: u32) {
    if v == 1 {
        cx.tree.set_label(it, format_args!("{name}: 1 byte"));
    }
}

/// What an Exif APP1's directories show, gathered in the order tshark reads them and then added
/// in the order of its tree.
///
/// tshark reads each entry's values stored elsewhere, and the directories IFD0 points to, as it
/// meets the entry, placing them beside the directory (under the segment); reading past the data
/// there stops the directory's remaining entries too. The items are gathered first so that they
/// can be added in tree order, the order `-T fields` lists them in.
#[derive(Default)]
struct Plan {
    nodes: Vec<Node>,
}

/// One item of a [`Plan`]; `parent` is an earlier node, or the segment for `None`.
struct Node {
    parent: Option<usize>,
    at: usize,
    len: usize,
    what: What,
    label: Option<String>,
}

enum What {
    Text,
    Uint(FieldId, u64),
    Int(FieldId, i64),
    Ascii(FieldId),
    Bytes(FieldId),
    Empty(FieldId),
    Expert(FieldId, String),
}

impl Plan {
    fn push(&mut self, parent: Option<usize>, at: usize, len: usize, what: What) -> usize {
        self.nodes.push(Node {
            parent,
            at,
            len,
            what,
            label: None,
        });
        self.nodes.len() - 1
    }

    fn uint(
        &mut self,
        parent: Option<usize>,
        field: FieldId,
        at: usize,
        len: usize,
        v: u64,
    ) -> usize {
        self.push(parent, at, len, What::Uint(field, v))
    }

    fn expert(&mut self, item: usize, field: FieldId, text: String) {
        self.push(Some(item), 0, 0, What::Expert(field, text));
    }

    /// tshark's "bytes" unit is "byte" for one.
    fn bytes_unit(&mut self, item: usize, name: &str, v: u32) {
        if v == 1 {
            self.nodes[item].label = Some(format!("{name}: 1 byte"));
        }
    }

    /// A chain of IFDs from `first`, an offset into the TIFF data; `None` where it reads past the
    /// data (what was gathered up to there is still shown).
    fn chain(&mut self, t: &Tiff, first: u32, kind: Ifd) -> Option<()> {
        let mut off = first as usize;
        // A next offset must lie past the directory before it, so the chain ends.
        for n in 0.. {
            let at = t.base + off;
            let count = usize::from(t.u16(at)?);
            let size = 2 + 12 * count + 4;
            // tshark sizes the directory's item first: one running past the segment ends it there.
            t.bytes(at, size)?;
            let dir = self.push(None, at, size, What::Text);
            self.nodes[dir].label = Some(format!("{} #{n}", kind.heading()));
            self.uint(Some(dir), IFD_NUM_FIELDS, at, 2, count as u64);
            for i in 0..count {
                self.entry(t, at + 2 + 12 * i, kind, dir)?;
            }
            let next_at = at + 2 + 12 * count;
            let next = t.u32(next_at)?;
            let it = self.uint(Some(dir), NEXT_IFD_OFFSET, next_at, 4, u64::from(next));
            self.bytes_unit(it, NEXT_IFD_OFFSET_NAME, next);
            if next == 0 {
                return Some(());
            }
            let end = off + size;
            if (next as usize) < end {
                self.expert(
                    it,
                    NEXT_IFD_INVALID,
                    format!(" (bogus, should be >= {end})"),
                );
                return Some(());
            }
            off = next as usize;
        }
        Some(())
    }

    /// One 12-byte IFD entry at `at` of directory `dir`.
    fn entry(&mut self, t: &Tiff, at: usize, kind: Ifd, dir: usize) -> Option<()> {
        let tag = t.u16(at)?;
        self.uint(Some(dir), kind.tag_field(), at, 2, u64::from(tag));
        let ty = t.u16(at + 2)?;
        self.uint(Some(dir), IFD_TYPE, at + 2, 2, u64::from(ty));
        let count = t.u32(at + 4)?;
        self.uint(Some(dir), IFD_COUNT, at + 4, 4, u64::from(count));
        let field = at + 8;
        // A pointer to a sub-directory is one LONG; of another type or count it is a plain value.
        let sub = match (kind, tag, ty, count) {
            (Ifd::Tiff, 34665, 4, 1) => Some(Ifd::Exif),
            (Ifd::Tiff, 34853, 4, 1) => Some(Ifd::Gps),
            (Ifd::Tiff, 40965, 4, 1) => Some(Ifd::Interop),
            _ => None,
        };
        if let Some(sub) = sub {
            let v = t.u32(field)?;
            let it = self.uint(Some(dir), VALUE_LONG, field, 4, u64::from(v));
            if v as usize >= t.len {
                // A directory pointer out of the data is noted as a start offset is.
                let text = format!("bogus, should be < {}", t.len);
                self.expert(it, START_IFD_INVALID, text);
                return Some(());
            }
            return self.chain(t, v, sub);
        }
        let size = type_size(ty).map(|n| n * u64::from(count));
        match size {
            Some(n) if n <= 4 => self.values(t, field, ty, count as usize, Some(dir)),
            _ => {
                let v = t.u32(field)?;
                let it = self.uint(Some(dir), IFD_OFFSET, field, 4, u64::from(v));
                if v as usize >= t.len {
                    self.bogus(it, t.len);
                    return Some(());
                }
                if size.is_none() {
                    return Some(());
                }
                self.values(t, t.base + v as usize, ty, count as usize, None)
            }
        }
    }

    fn bogus(&mut self, item: usize, len: usize) {
        self.expert(
            item,
            VALUE_OFFSET_INVALID,
            format!("bogus, should be < {len}"),
        );
    }

    /// `count` values of type `ty` at `at`, under `parent`.
    fn values(
        &mut self,
        t: &Tiff,
        at: usize,
        ty: u16,
        count: usize,
        parent: Option<usize>,
    ) -> Option<()> {
        match ty {
            2 | 7 => {
                // A count of 0xffffffff is tshark's length -1: up to the segment's end.
                let count = if count == u32::MAX as usize {
                    (t.base + t.len).saturating_sub(at)
                } else {
                    count
                };
                t.bytes(at, count)?;
                let what = if ty == 2 {
                    What::Ascii(VALUE_ASCII)
                } else {
                    What::Bytes(VALUE_UNDEFINED)
                };
                self.push(parent, at, count, what);
            }
            _ => {
                for i in 0..count {
                    match ty {
                        1 => {
                            let o = at + i;
                            self.uint(parent, VALUE_BYTE, o, 1, u64::from(t.u8(o)?));
                        }
                        3 => {
                            let o = at + 2 * i;
                            self.uint(parent, VALUE_SHORT, o, 2, u64::from(t.u16(o)?));
                        }
                        4 => {
                            let o = at + 4 * i;
                            self.uint(parent, VALUE_LONG, o, 4, u64::from(t.u32(o)?));
                        }
                        9 => {
                            let o = at + 4 * i;
                            let v = i64::from(t.u32(o)? as i32);
                            self.push(parent, o, 4, What::Int(VALUE_SLONG, v));
                        }
                        5 => {
                            // The item needs only its start in the data; then the numerator and
                            // the denominator are read in turn, the label once both are.
                            let o = at + 8 * i;
                            t.bytes(o, 0)?;
                            let it = self.push(parent, o, 8, What::Empty(VALUE_RATIONAL));
                            let n = t.u32(o)?;
                            self.uint(Some(it), RATIONAL_NUMERATOR, o, 4, u64::from(n));
                            let d = t.u32(o + 4)?;
                            self.uint(Some(it), RATIONAL_DENOMINATOR, o + 4, 4, u64::from(d));
                            self.nodes[it].label = Some(format!("Value: {n}/{d}"));
                        }
                        10 => {
                            let o = at + 8 * i;
                            t.bytes(o, 0)?;
                            let it = self.push(parent, o, 8, What::Empty(VALUE_SRATIONAL));
                            let n = t.u32(o)? as i32;
                            let num = What::Int(SRATIONAL_NUMERATOR, i64::from(n));
                            self.push(Some(it), o, 4, num);
                            let d = t.u32(o + 4)? as i32;
                            let den = What::Int(SRATIONAL_DENOMINATOR, i64::from(d));
                            self.push(Some(it), o + 4, 4, den);
                            self.nodes[it].label = Some(format!("Value: {n}/{d}"));
                        }
                        _ => return Some(()),
                    }
                }
            }
        }
        Some(())
    }

    /// Adds the gathered items under `seg`, each followed by its children.
    fn emit(self, cx: &mut Cx, s: &[u8], seg: ItemIdx) {
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        let mut roots = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            match node.parent {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
        // Depth first with an explicit stack: (node, the item it goes under).
        let mut stack: Vec<(usize, ItemIdx)> = roots.iter().rev().map(|&r| (r, seg)).collect();
        while let Some((i, parent)) = stack.pop() {
            let it = self.add(cx, s, i, parent);
            for &c in children[i].iter().rev() {
                stack.push((c, it));
            }
        }
    }

    /// Adds node `i` under `parent`; returns the item its children go under.
    fn add(&self, cx: &mut Cx, s: &[u8], i: usize, parent: ItemIdx) -> ItemIdx {
        let node = &self.nodes[i];
        let (at, len) = (node.at, node.len);
        let it = match &node.what {
            What::Text => {
                let label = node.label.as_deref().unwrap_or_default();
                return cx.text_item(parent, at, len, format_args!("{label}"));
            }
            What::Uint(f, v) => cx.uint(parent, *f, at, len, *v),
            What::Int(f, v) => cx.tree.add(parent, *f, at, len, Value::Int(*v)),
            What::Ascii(f) => ascii(cx, parent, *f, s, at, len),
            What::Bytes(f) => cx.tree.add(parent, *f, at, len, Value::Bytes),
            What::Empty(f) => cx.tree.add(parent, *f, at, len, Value::None),
            What::Expert(f, text) => {
                cx.expert(
                    parent,
                    *f,
                    Severity::Warning,
                    Group::Protocol,
                    format_args!("{text}"),
                );
                return parent;
            }
        };
        if let Some(label) = &node.label {
            cx.tree.set_label(it, format_args!("{label}"));
        }
        it
    }
}

/// The size of one value of a TIFF type tshark knows.
fn type_size(ty: u16) -> Option<u64> {
    match ty {
        1 | 2 | 7 => Some(1),
        3 => Some(2),
        4 | 9 => Some(4),
        5 | 10 => Some(8),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::http_response;

    /// The JPEG bodies of the fixtures (tests/data/jfif: scripts/make-jfif-cases.py's crafted ones
    /// and the recorded ones): every record's bytes from where an image starts.
    fn fixture_bodies() -> Vec<Vec<u8>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../wiresift/tests/data/jfif");
        let mut bodies = Vec::new();
        for name in [
            "jfif-segments",
            "jfif-exif",
            "jfif-cut",
            "jfif-media",
            "jfif-real",
        ] {
            let bytes = std::fs::read(format!("{dir}/{name}.pcap")).unwrap();
            let mut at = 24;
            while at + 16 <= bytes.len() {
                let incl = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap()) as usize;
                let rec = &bytes[at + 16..at + 16 + incl];
                if let Some(p) = rec.windows(6).position(|w| w == b"\r\n\r\n\xff\xd8") {
                    bodies.push(rec[p + 4..].to_vec());
                } else if let Some(p) = rec.windows(3).position(|w| w == b"\xff\xd8\xff") {
                    // The recorded images come in a segment of their own, after the head's.
                    bodies.push(rec[p..].to_vec());
                }
                at += 16 + incl;
            }
        }
        bodies
    }

    /// Every crafted image cut at every length dissects without a panic, and a cut image that is
    /// still taken shows the layer.
    #[test]
    fn cut_at_every_length_never_panics() {
        let bodies = fixture_bodies();
        assert!(bodies.len() > 60, "{} bodies", bodies.len());
        let mut cuts = 0;
        for body in &bodies {
            for n in 0..=body.len() {
                let d = http_response("image/jpeg", &body[..n]);
                if takes(&body[..n]) {
                    assert!(d.protocols().contains("image-jfif"), "{}", d.protocols());
                }
                cuts += 1;
            }
        }
        assert!(cuts > 5_000, "{cuts} cuts");
    }

    /// The fixture images with bytes overwritten at random (a fixed xorshift sequence, so the run
    /// is the same each time): lengths, counts, offsets and markers turned to anything still
    /// dissect without a panic.
    #[test]
    fn mutated_images_never_panic() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let bodies = fixture_bodies();
        let mut runs = 0;
        for body in &bodies {
            for _ in 0..40 {
                let mut b = body.clone();
                for _ in 0..1 + next() % 4 {
                    let at = (next() % b.len() as u64) as usize;
                    b[at] = next() as u8;
                }
                http_response("image/jpeg", &b);
                runs += 1;
            }
        }
        assert!(runs > 2_000, "{runs} runs");
    }

    /// tshark's stray-character check on ASCII strings (probed with COM segments): after a NUL,
    /// within the item's length counted in the text's UTF-8 bytes.
    #[test]
    fn stray_characters_as_tshark_finds_them() {
        assert!(!stray_after_nul(b"ab\x00\x00"));
        assert!(stray_after_nul(b"ab\x00\x00c"));
        assert!(!stray_after_nul(b"\xe9\x00x"));
        assert!(!stray_after_nul(b"\xe9\xe9\x00xyzw"));
        assert!(stray_after_nul(b"\xe9\x00xyzwvu"));
        assert!(!stray_after_nul(b"\xc3\xa9t\xe9\x00x"));
        assert!(!stray_after_nul(b"plain"));
    }

    /// The identifier test tshark applies to typed and untyped bodies alike.
    #[test]
    fn takes_needs_the_identifier_and_twenty_bytes() {
        let mut jfif =
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00".to_vec();
        assert!(takes(&jfif));
        assert!(!takes(&jfif[..19]));
        jfif[10] = b'x';
        assert!(!takes(&jfif));
        let exif = b"\xff\xd8\x00\x00\x00\x00Exif\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
        assert!(takes(exif));
    }
}
