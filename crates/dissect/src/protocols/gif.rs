//! GIF images (GIF87a and GIF89a) in HTTP bodies and MIME parts, as tshark 4.0's `image-gif` shows
//! them: the header and logical screen, the colour maps, extensions and images with their data
//! blocks, and the trailer. Checked against tshark with crafted images and the corpus's GIF responses.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto IMAGE_GIF = super::ids::IMAGE_GIF, "Compuserve GIF", "GIF image", "image-gif";
    VERSION: "image-gif.version", "Version", String, None;
    SCREEN_WIDTH: "image-gif.screen.width", "Screen width", UInt16, Dec;
    SCREEN_HEIGHT: "image-gif.screen.height", "Screen height", UInt16, Dec;
    GLOBAL_COLOR_MAP_PRESENT: "image-gif.global.color_map.present", "Global color map is present", UInt8, Dec, mask 0x80, values PRESENT;
    GLOBAL_COLOR_BPP: "image-gif.global.color_bpp", "Bits per color minus 1", UInt8, Dec, mask 0x70;
    GLOBAL_COLOR_MAP_ORDERED: "image-gif.global.color_map.ordered", "Global color map is ordered", UInt8, Dec, mask 0x08, values PRESENT;
    GLOBAL_BPP: "image-gif.global.bpp", "Image bits per pixel minus 1", UInt8, Dec, mask 0x07;
    BACKGROUND_INDEX: "image-gif.image_background_index", "Background color index", UInt8, Dec;
    GLOBAL_COLOR_MAP: "image-gif.global.color_map", "Global color map", Bytes, None;
    IMAGE_LEFT: "image-gif.image.left", "Image left position", UInt16, Dec;
    IMAGE_TOP: "image-gif.image.top", "Image top position", UInt16, Dec;
    IMAGE_WIDTH: "image-gif.image.width", "Image width", UInt16, Dec;
    IMAGE_HEIGHT: "image-gif.image.height", "Image height", UInt16, Dec;
    LOCAL_COLOR_MAP_PRESENT: "image-gif.local.color_map.present", "Local color map is present", UInt8, Dec, mask 0x80, values PRESENT;
    LOCAL_COLOR_BPP: "image-gif.local.color_bpp", "Bits per color minus 1", UInt8, Dec, mask 0x70;
    LOCAL_COLOR_MAP_ORDERED: "image-gif.local.color_map.ordered", "Local color map is ordered", UInt8, Dec, mask 0x08, values PRESENT;
    LOCAL_BPP: "image-gif.local.bpp", "Image bits per pixel minus 1", UInt8, Dec, mask 0x07;
    LOCAL_COLOR_MAP: "image-gif.local.color_map", "Local color map", Bytes, None;
    EXTENSION: "image-gif.extension", "Extension", None, None;
    EXTENSION_LABEL: "image-gif.extension.label", "Extension label", UInt8, Hex, values EXTENSION_LABELS;
    IMAGE: "image-gif.image", "Image", None, None;
    CODE_SIZE: "image-gif.image.code_size", "LZW minimum code size", UInt8, Dec;
    END: "image-gif.end", "Trailer (End of the GIF stream)", None, None;
    DATA_BLOCK: "image-gif.data_block", "Data block", Bytes, None;
    UNKNOWN_BLOCK: "gif.data_block_type.unknown", "Unknown GIF data block type", None, None;
}

static PRESENT: &[(u64, &str)] = &[(0, "False"), (1, "True")];
static EXTENSION_LABELS: &[(u64, &str)] = &[
    (0x01, "Plain Text"),
    (0xf9, "Graphics Control"),
    (0xfe, "Comment"),
    (0xff, "Application"),
];

/// Whether `body` is a GIF image tshark's dissector takes: the signature, and at least 20 bytes (it
/// leaves shorter bodies to the media dissector).
pub fn takes(body: &[u8]) -> bool {
    (body.starts_with(b"GIF87a") || body.starts_with(b"GIF89a")) && body.len() >= 20
}

/// Dissects the GIF image at `data[offset..]` (one [`takes`]) under `parent`, and adds the version to
/// Info. Reading past the data makes the packet malformed, as tshark's exception does.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    let len = data.len() - offset;
    let version = String::from_utf8_lossy(&data[offset..offset + 6]).into_owned();
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "image-gif", "", offset, len);
    cx.tree
        .set_label(top, format_args!("Compuserve GIF, Version: {version}"));
    cx.append_info(format_args!(" ({version})"));
    if image(cx, data, offset, top, version.ends_with("89a")).is_none() {
        cx.malformed(data.len(), "GIF image");
    }
}

/// The whole image; `None` where it reads past the data.
fn image(cx: &mut Cx, d: &[u8], offset: usize, top: ItemIdx, v89: bool) -> Option<()> {
    cx.tree.add(top, VERSION, offset, 6, Value::Str);
    cx.uint(
        top,
        SCREEN_WIDTH,
        offset + 6,
        2,
        u64::from(read::le16(d, offset + 6)?),
    );
    cx.uint(
        top,
        SCREEN_HEIGHT,
        offset + 8,
        2,
        u64::from(read::le16(d, offset + 8)?),
    );
    let flags = *d.get(offset + 10)?;
    let global = [
        GLOBAL_COLOR_MAP_PRESENT,
        GLOBAL_COLOR_BPP,
        GLOBAL_COLOR_MAP_ORDERED,
        GLOBAL_BPP,
    ];
    settings(cx, top, offset + 10, flags, "Global", global, v89);
    cx.uint(
        top,
        BACKGROUND_INDEX,
        offset + 11,
        1,
        u64::from(*d.get(offset + 11)?),
    );
    let mut at = offset + 13;
    if flags & 0x80 != 0 {
        let n = 3 << (1 + (flags & 0x07));
        d.get(at..at + n)?;
        cx.tree.add(top, GLOBAL_COLOR_MAP, at, n, Value::Bytes);
        at += n;
    }
    // tshark reads blocks while there are bytes; at the end of the data it stops without a word.
    while let Some(&block) = d.get(at) {
        match block {
            0x21 => {
                let label = *d.get(at + 1)?;
                let name = EXTENSION_LABELS
                    .iter()
                    .find(|(v, _)| *v == u64::from(label))
                    .map(|(_, n)| *n);
                let ext = cx.tree.add(top, EXTENSION, at, 0, Value::None);
                match name {
                    Some(n) => cx.tree.set_label(ext, format_args!("Extension: {n}")),
                    None => cx.tree.set_label(
                        ext,
                        format_args!("Extension: <Warning: Unknown extension 0x{label:02x}>"),
                    ),
                }
                cx.uint(ext, EXTENSION_LABEL, at + 1, 1, u64::from(label));
                let end = data_blocks(cx, d, at + 2, ext)?;
                cx.tree.set_len(ext, end - at);
                at = end;
            }
            0x2c => {
                let img = cx.tree.add(top, IMAGE, at, 0, Value::None);
                let parts = [IMAGE_LEFT, IMAGE_TOP, IMAGE_WIDTH, IMAGE_HEIGHT];
                for (i, field) in parts.into_iter().enumerate() {
                    let o = at + 1 + 2 * i;
                    cx.uint(img, field, o, 2, u64::from(read::le16(d, o)?));
                }
                let flags = *d.get(at + 9)?;
                let local = [
                    LOCAL_COLOR_MAP_PRESENT,
                    LOCAL_COLOR_BPP,
                    LOCAL_COLOR_MAP_ORDERED,
                    LOCAL_BPP,
                ];
                settings(cx, img, at + 9, flags, "Local", local, v89);
                let mut o = at + 10;
                if flags & 0x80 != 0 {
                    let n = 3 << (1 + (flags & 0x07));
                    d.get(o..o + n)?;
                    cx.tree.add(img, LOCAL_COLOR_MAP, o, n, Value::Bytes);
                    o += n;
                }
                cx.uint(img, CODE_SIZE, o, 1, u64::from(*d.get(o)?));
                let end = data_blocks(cx, d, o + 1, img)?;
                cx.tree.set_len(img, end - at);
                at = end;
            }
            0x3b => {
                cx.tree.add(top, END, at, 1, Value::None);
                return Some(());
            }
            // Any other byte is noted and passed over.
            _ => {
                cx.expert_item(
                    top,
                    at,
                    1,
                    UNKNOWN_BLOCK,
                    crate::cx::Severity::Warning,
                    crate::cx::Group::Protocol,
                    format_args!("Unknown GIF data block type"),
                );
                at += 1;
            }
        }
    }
    Some(())
}

/// The packed flags of the logical screen or an image descriptor: a heading that reads them out, then
/// each part. GIF87a has no ordering flag.
fn settings(
    cx: &mut Cx,
    parent: ItemIdx,
    at: usize,
    flags: u8,
    which: &str,
    fields: [fields::FieldId; 4],
    v89: bool,
) {
    // tshark 4.0 works out the bits per color with the mask 0x60, not 0x70; shown as it shows it.
    let color = 1 + ((flags & 0x60) >> 4);
    let pixel = 1 + (flags & 0x07);
    let plural = |n: u8| if n == 1 { "" } else { "s" };
    let present = if flags & 0x80 != 0 {
        format!("({which} color table present) ")
    } else {
        String::new()
    };
    let heading = cx.text_item(
        parent,
        at,
        1,
        format_args!(
            "{which} settings: {present}({color} bit{} per color) ({pixel} bit{} per pixel)",
            plural(color),
            plural(pixel)
        ),
    );
    for (i, field) in fields.into_iter().enumerate() {
        if i == 2 && !v89 {
            continue;
        }
        cx.bits(heading, field, at, 1, u64::from(flags));
    }
}

/// Data sub-blocks from `at` up to and including the empty one; returns where they end.
fn data_blocks(cx: &mut Cx, d: &[u8], mut at: usize, parent: ItemIdx) -> Option<usize> {
    loop {
        let n = *d.get(at)? as usize;
        let block = d.get(at + 1..at + 1 + n)?;
        // The item covers the length byte too; its value is the data, which tshark prints as
        // "<none>" when there is none (an empty FT_UINT_BYTES).
        let value = if n == 0 {
            cx.tree.text_value("<none>")
        } else {
            cx.tree.bytes_value(block)
        };
        let it = cx.tree.add(parent, DATA_BLOCK, at, n + 1, value);
        if it.is_stored() {
            let mut label = String::from("Data block: ");
            if n == 0 {
                label.push_str("<none>");
            } else {
                crate::protocols::x509::hex_label(&mut label, block);
            }
            cx.tree
                .set_label(it, format_args!("{label} (length = {n})"));
        }
        at += n + 1;
        if n == 0 {
            return Some(at);
        }
    }
}
