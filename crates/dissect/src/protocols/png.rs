//! PNG images (ISO/IEC 15948, RFC 2083) in HTTP bodies and MIME parts, as tshark 4.0's `png` shows
//! them: the signature, then each chunk with its length, type (and the type's three property bits),
//! the fields of the chunk types tshark knows, and the CRC. Checked against tshark with crafted images
//! (scripts/make-png-cases.py) and the corpus's PNG responses.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto PNG = super::ids::PNG, "Portable Network Graphics", "PNG", "png";
    SIGNATURE: "png.signature", "PNG Signature", Bytes, None;
    CHUNK_DATA: "png.chunk.data", "Data", None, None;
    CHUNK_TYPE: "png.chunk.type", "Chunk", String, None;
    CHUNK_LEN: "png.chunk.len", "Len", UInt32, Dec;
    CHUNK_CRC: "png.chunk.crc", "CRC", UInt32, Hex;
    FLAG_ANCILLARY: "png.chunk.flag.ancillary", "Ancillary", Boolean, Bits(32), mask 0x20000000, tf ("This is an ANCILLARY chunk", "This is a CRITICAL chunk");
    FLAG_PRIVATE: "png.chunk.flag.private", "Private", Boolean, Bits(32), mask 0x200000, tf ("This is a PRIVATE chunk", "This is a PUBLIC chunk");
    FLAG_STC: "png.chunk.flag.stc", "Safe To Copy", Boolean, Bits(32), mask 0x20, tf ("This chunk is SAFE TO COPY", "This chunk is NOT safe to copy");
    IHDR_WIDTH: "png.ihdr.width", "Width", UInt32, Dec;
    IHDR_HEIGHT: "png.ihdr.height", "Height", UInt32, Dec;
    IHDR_BITDEPTH: "png.ihdr.bitdepth", "Bit Depth", UInt8, Dec;
    IHDR_COLOUR_TYPE: "png.ihdr.colour_type", "Colour Type", UInt8, Dec, values COLOUR_TYPES;
    IHDR_COMPRESSION: "png.ihdr.compression_method", "Compression Method", UInt8, Dec, values COMPRESSION_METHODS;
    IHDR_FILTER: "png.ihdr.filter_method", "Filter Method", UInt8, Dec, values FILTER_METHODS;
    IHDR_INTERLACE: "png.ihdr.interlace_method", "Interlace Method", UInt8, Dec, values INTERLACE_METHODS;
    SRGB_INTENT: "png.srgb.intent", "Intent", UInt8, Dec, values SRGB_INTENTS;
    TEXT_KEYWORD: "png.text.keyword", "Keyword", String, None;
    TEXT_STRING: "png.text.string", "String", String, None;
    TIME_YEAR: "png.time.year", "Year", UInt16, Dec;
    TIME_MONTH: "png.time.month", "Month", UInt8, Dec;
    TIME_DAY: "png.time.day", "Day", UInt8, Dec;
    TIME_HOUR: "png.time.hour", "Hour", UInt8, Dec;
    TIME_MINUTE: "png.time.minute", "Minute", UInt8, Dec;
    TIME_SECOND: "png.time.second", "Second", UInt8, Dec;
    PHYS_HORIZ: "png.phys.horiz", "Horizontal pixels per unit", UInt32, Dec;
    PHYS_VERT: "png.phys.vert", "Vertical pixels per unit", UInt32, Dec;
    PHYS_UNIT: "png.phys.unit", "Unit", UInt8, Dec, values PHYS_UNITS;
    BKGD_PALETTE_INDEX: "png.bkgd.palette_index", "Palette Index", UInt8, Dec;
    BKGD_GREYSCALE: "png.bkgd.greyscale", "Greyscale", UInt16, Hex;
    BKGD_RED: "png.bkgd.red", "Red", UInt16, Hex;
    BKGD_GREEN: "png.bkgd.green", "Green", UInt16, Hex;
    BKGD_BLUE: "png.bkgd.blue", "Blue", UInt16, Hex;
    CHRM_WHITE_X: "png.chrm.white.x", "White X", Float, None;
    CHRM_WHITE_Y: "png.chrm.white.y", "White Y", Float, None;
    CHRM_RED_X: "png.chrm.red.x", "Red X", Float, None;
    CHRM_RED_Y: "png.chrm.red.y", "Red Y", Float, None;
    CHRM_GREEN_X: "png.chrm.green.x", "Green X", Float, None;
    CHRM_GREEN_Y: "png.chrm.green.y", "Green Y", Float, None;
    CHRM_BLUE_X: "png.chrm.blue.x", "Blue X", Float, None;
    CHRM_BLUE_Y: "png.chrm.blue.y", "Blue Y", Float, None;
    GAMA_GAMMA: "png.gama.gamma", "Gamma", Float, None;
}

static COLOUR_TYPES: &[(u64, &str)] = &[
    (0, "Greyscale"),
    (2, "Truecolour"),
    (3, "Indexed-colour"),
    (4, "Greyscale with alpha"),
    (6, "Truecolour with alpha"),
];
static COMPRESSION_METHODS: &[(u64, &str)] = &[(0, "Deflate")];
static FILTER_METHODS: &[(u64, &str)] = &[(0, "Adaptive")];
static INTERLACE_METHODS: &[(u64, &str)] = &[(0, "No interlace"), (1, "Adam7")];
static SRGB_INTENTS: &[(u64, &str)] = &[
    (0, "Perceptual"),
    (1, "Relative colorimetric"),
    (2, "Saturation"),
    (3, "Absolute colorimetric"),
];
static PHYS_UNITS: &[(u64, &str)] = &[(0, "Unit is unknown"), (1, "Unit is METRE")];

/// The chunk types tshark names; any other is "unknown".
static CHUNK_NAMES: &[(&[u8; 4], &str)] = &[
    (b"IHDR", "Image Header"),
    (b"PLTE", "Palette"),
    (b"IDAT", "Image data chunk"),
    (b"IEND", "Image Trailer"),
    (b"tEXt", "Textual data"),
    (b"tIME", "Image last-modification time"),
    (b"sRGB", "Standard RGB colour space"),
    (b"bKGD", "Background colour"),
    (b"pHYs", "Physical pixel dimensions"),
    (b"gAMA", "Image gamma"),
    (b"cHRM", "Primary chromaticities and white point"),
    (b"iTXt", "International textual data"),
    (b"tRNS", "Transparency"),
    (b"sBIT", "Significant bits"),
];

/// The PNG signature, by which bodies are recognised whatever their declared type.
pub const SIGNATURE_BYTES: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Dissects the PNG image at `data[offset..]` (it starts with the signature) under `parent`, and adds
/// " (PNG)" to Info. A chunk that does not fit in the data makes the packet malformed, as tshark's
/// exception does, and ends the image.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    let len = data.len() - offset;
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "png", "", offset, len);
    cx.append_info(format_args!(" (PNG)"));
    cx.tree.add(top, SIGNATURE, offset, 8, Value::Bytes);
    let mut at = offset + 8;
    while at < data.len() {
        let (Some(n), Some(kind)) = (read::be32(data, at), read::be32(data, at + 4)) else {
            cx.malformed(at, "PNG");
            return;
        };
        let n = n as usize;
        let Some(end) = at.checked_add(12).and_then(|e| e.checked_add(n)) else {
            cx.malformed(at, "PNG");
            return;
        };
        if end > data.len() {
            cx.malformed(at, "PNG");
            return;
        }
        chunk(cx, data, at, n, kind, top);
        at = end;
    }
}

/// One chunk at `d[at..]`: `n` data bytes of type `kind`; it fits in `d`.
fn chunk(cx: &mut Cx, d: &[u8], at: usize, n: usize, kind: u32, top: ItemIdx) {
    let ty: [u8; 4] = kind.to_be_bytes();
    let name = CHUNK_NAMES
        .iter()
        .find(|(t, _)| **t == ty)
        .map_or("unknown", |(_, n)| n);
    let tree = cx.text_item(
        top,
        at,
        n + 12,
        format_args!("{name} ({})", String::from_utf8_lossy(&ty)),
    );
    cx.uint(tree, CHUNK_LEN, at, 4, n as u64);
    cx.tree.add(tree, CHUNK_TYPE, at + 4, 4, Value::Str);
    for flag in [FLAG_ANCILLARY, FLAG_PRIVATE, FLAG_STC] {
        cx.bits(tree, flag, at + 4, 4, kind as u64);
    }
    let body = at + 8;
    let data = &d[body..body + n];
    let u32_at = |i: usize| read::be32(data, i).map(u64::from);
    let u16_at = |i: usize| read::be16(data, i).map(u64::from);
    let u8_at = |i: usize| data.get(i).map(|&b| u64::from(b));
    match &ty {
        b"IHDR" => {
            let parts = [
                (IHDR_WIDTH, 0, 4),
                (IHDR_HEIGHT, 4, 4),
                (IHDR_BITDEPTH, 8, 1),
                (IHDR_COLOUR_TYPE, 9, 1),
                (IHDR_COMPRESSION, 10, 1),
                (IHDR_FILTER, 11, 1),
                (IHDR_INTERLACE, 12, 1),
            ];
            for (field, o, w) in parts {
                let v = match w {
                    4 => u32_at(o),
                    _ => u8_at(o),
                };
                let Some(v) = v else { break };
                cx.uint(tree, field, body + o, w, v);
            }
        }
        b"sRGB" => {
            if let Some(v) = u8_at(0) {
                cx.uint(tree, SRGB_INTENT, body, 1, v);
            }
        }
        b"tEXt" => {
            // Keyword, NUL, text; without the NUL tshark shows neither.
            if let Some(nul) = data.iter().position(|&b| b == 0) {
                cx.tree.add(tree, TEXT_KEYWORD, body, nul, Value::Str);
                cx.tree
                    .add(tree, TEXT_STRING, body + nul + 1, n - nul - 1, Value::Str);
            }
        }
        b"tIME" => {
            if let Some(y) = u16_at(0) {
                cx.uint(tree, TIME_YEAR, body, 2, y);
            }
            let parts = [TIME_MONTH, TIME_DAY, TIME_HOUR, TIME_MINUTE, TIME_SECOND];
            for (i, field) in parts.into_iter().enumerate() {
                let Some(v) = u8_at(2 + i) else { break };
                cx.uint(tree, field, body + 2 + i, 1, v);
            }
        }
        b"pHYs" => {
            let parts = [(PHYS_HORIZ, 0, 4), (PHYS_VERT, 4, 4), (PHYS_UNIT, 8, 1)];
            for (field, o, w) in parts {
                let v = if w == 4 { u32_at(o) } else { u8_at(o) };
                let Some(v) = v else { break };
                cx.uint(tree, field, body + o, w, v);
            }
        }
        b"bKGD" => match n {
            1 => {
                cx.uint(tree, BKGD_PALETTE_INDEX, body, 1, u64::from(data[0]));
            }
            2 => {
                cx.uint(tree, BKGD_GREYSCALE, body, 2, u16_at(0).unwrap_or(0));
            }
            6 => {
                for (i, field) in [BKGD_RED, BKGD_GREEN, BKGD_BLUE].into_iter().enumerate() {
                    cx.uint(tree, field, body + 2 * i, 2, u16_at(2 * i).unwrap_or(0));
                }
            }
            _ => {}
        },
        b"gAMA" => {
            if let Some(v) = u32_at(0) {
                cx.tree.add(
                    tree,
                    GAMA_GAMMA,
                    body,
                    4,
                    Value::Double(hundred_thousandths(v)),
                );
            }
        }
        b"cHRM" => {
            let parts = [
                CHRM_WHITE_X,
                CHRM_WHITE_Y,
                CHRM_RED_X,
                CHRM_RED_Y,
                CHRM_GREEN_X,
                CHRM_GREEN_Y,
                CHRM_BLUE_X,
                CHRM_BLUE_Y,
            ];
            for (i, field) in parts.into_iter().enumerate() {
                let Some(v) = u32_at(4 * i) else { break };
                cx.tree.add(
                    tree,
                    field,
                    body + 4 * i,
                    4,
                    Value::Double(hundred_thousandths(v)),
                );
            }
        }
        b"IEND" => {}
        _ => {
            cx.tree.add(tree, CHUNK_DATA, body, n, Value::None);
        }
    }
    if let Some(crc) = read::be32(d, body + n) {
        cx.uint(tree, CHUNK_CRC, body + n, 4, u64::from(crc));
    }
}

/// A PNG fixed-point value (units of 1/100000) as the single-precision float tshark shows: six
/// significant digits.
fn hundred_thousandths(v: u64) -> f64 {
    let f = v as f32 / 100_000.0;
    format!("{:.5e}", f).parse().unwrap_or(f as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_values_print_as_tshark_floats() {
        // tshark: gAMA 45455 is 0.45455, cHRM 31270 is 0.3127, 33333 is 0.33333.
        assert_eq!(hundred_thousandths(45455).to_string(), "0.45455");
        assert_eq!(hundred_thousandths(31270).to_string(), "0.3127");
        assert_eq!(hundred_thousandths(33333).to_string(), "0.33333");
    }
}
