//! Detail-tree labels (`tshark -V`) built from the registry: the text Wireshark's `proto_item_fill_label`
//! makes from a field's name, type, base, value names and bitmask, for items whose dissector set no custom
//! label. Dissectors use [`write_bit_pattern`] for custom labels that keep tshark's bit prefix.

use std::fmt::Write as _;

use crate::def::{Base, FieldDef, FieldType, Strings};
use crate::format;
use crate::registry::Registry;
use crate::tree::{Item, PacketTree, Value};

/// Byte values longer than this are shown by their first bytes and an ellipsis, as Wireshark shows them.
const MAX_LABEL_BYTES: usize = 36;

/// Appends tshark's bit pattern for `mask` within a `width`-bit integer whose whole value is `raw`
/// (`.... ..1. .... .... .... .... = `): the bits of the mask as `0`/`1`, the others as `.`, in groups of four
/// from the most significant bit, followed by `" = "`.
pub fn write_bit_pattern(out: &mut String, width: u32, mask: u64, raw: u64) {
    let width = width.clamp(1, 64);
    for i in 0..width {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        let bit = 1u64 << (width - 1 - i);
        out.push(match (mask & bit != 0, raw & bit != 0) {
            (false, _) => '.',
            (true, true) => '1',
            (true, false) => '0',
        });
    }
    out.push_str(" = ");
}

/// The width in bits of the integer a bitmask field is cut from: a boolean's declared width, else its type's.
fn container_bits(def: &FieldDef) -> u32 {
    match def.base {
        Base::Bits(n) if def.ty == FieldType::Boolean => u32::from(n),
        _ => def.ty.integer_bits().unwrap_or(0),
    }
}

/// Hex digits tshark's `-V` shows for an integer field: the width of the mask (after shifting) when the
/// field has one, else the width of the type (`0x0` for `ip.flags`, `0x0800` for `eth.type`).
fn hex_digits(def: &FieldDef) -> usize {
    let bits = if def.bitmask != 0 {
        64 - (def.bitmask >> def.shift()).leading_zeros()
    } else {
        def.ty.integer_bits().unwrap_or(32)
    };
    (bits as usize).div_ceil(4).max(1)
}

/// An integer in the field's base, as the number part of a `-V` label.
fn write_number(def: &FieldDef, v: u64, signed: Option<i64>, out: &mut String) {
    if def.ty == FieldType::Char {
        format::push_char_literal(out, v as u8);
        return;
    }
    let digits = hex_digits(def);
    match (def.base, signed) {
        (_, Some(s)) => {
            let _ = write!(out, "{s}");
        }
        (Base::Hex, _) => {
            let _ = write!(out, "0x{v:0digits$x}");
        }
        (Base::HexDec, _) => {
            let _ = write!(out, "0x{v:0digits$x} ({v})");
        }
        (Base::DecHex, _) => {
            let _ = write!(out, "{v} (0x{v:0digits$x})");
        }
        (Base::Oct, _) => {
            let _ = write!(out, "0{v:o}");
        }
        _ => {
            let _ = write!(out, "{v}");
        }
    }
}

/// The number in parentheses after a value name: hex for hex bases, decimal otherwise (`IPv4 (0x0800)`,
/// `UDP (17)`).
fn write_number_after_name(def: &FieldDef, v: u64, signed: Option<i64>, out: &mut String) {
    if def.ty == FieldType::Char {
        format::push_char_literal(out, v as u8);
        return;
    }
    let digits = hex_digits(def);
    match (def.base, signed) {
        (_, Some(s)) => {
            let _ = write!(out, "{s}");
        }
        (Base::Hex | Base::HexDec, _) => {
            let _ = write!(out, "0x{v:0digits$x}");
        }
        _ => {
            let _ = write!(out, "{v}");
        }
    }
}

/// Wireshark's label buffer (`ITEM_LABEL_LENGTH`): a label must fit in it with its terminating NUL.
pub const LABEL_BUFFER: usize = 240;
const TRUNCATED: &str = " [truncated]";

/// Appends the label `-V` prints for `item` (without the brackets of generated items): the custom label if
/// the dissector set one, else one made from the registry. A label too long for Wireshark's buffer is cut
/// as Wireshark cuts it, with " [truncated]" after the field's name (or first, when the label does not
/// start with "Name: ").
pub fn write_label(
    registry: &Registry,
    tree: &PacketTree,
    frame: &[u8],
    item: &Item,
    out: &mut String,
) {
    let start = out.len();
    write_full_label(registry, tree, frame, item, out);
    if out.len() - start < LABEL_BUFFER {
        return;
    }
    let label = out.split_off(start);
    // A label the dissector wrote whole has no name position for Wireshark (the mark goes first);
    // one made from the field's name and value has.
    let name = if tree.label(item).is_some() {
        ""
    } else {
        registry.field(item.field).name
    };
    out.push_str(&mark_truncated(&label, name));
}

/// A label longer than Wireshark's buffer as Wireshark leaves it: its first 239 bytes with " [truncated]"
/// after `name` when the label starts with "name: " (else first), cut again to fit. For dissectors
/// that append to a label after Wireshark has cut it (see [`cut_to_label_buffer`]).
pub fn mark_truncated(label: &str, name: &str) -> String {
    let kept = &label[..floor_char_boundary(label, LABEL_BUFFER - 1)];
    let name_pos =
        if !name.is_empty() && kept.starts_with(name) && kept[name.len()..].starts_with(": ") {
            name.len()
        } else {
            0
        };
    let mut marked = String::with_capacity(kept.len() + TRUNCATED.len());
    marked.push_str(&kept[..name_pos]);
    marked.push_str(TRUNCATED);
    if name_pos < LABEL_BUFFER - TRUNCATED.len() {
        marked.push_str(&kept[name_pos..]);
        // The mark pushes the end out of the buffer; the last character that still fits goes too.
        marked.truncate(floor_char_boundary(&marked, LABEL_BUFFER - 2));
    } else {
        marked.truncate(floor_char_boundary(&marked, LABEL_BUFFER - 1));
    }
    marked
}

/// Cuts `text` as Wireshark's label buffer holds it when text is appended or formatted into it
/// without the truncation mark (expert messages, lists appended to a label): at most 239 bytes, at a
/// character boundary.
pub fn cut_to_label_buffer(text: &mut String) {
    text.truncate(floor_char_boundary(text, LABEL_BUFFER - 1));
}

/// The largest index `<= at` that starts a character of `s` (or its length).
fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

fn write_full_label(
    registry: &Registry,
    tree: &PacketTree,
    frame: &[u8],
    item: &Item,
    out: &mut String,
) {
    if let Some(label) = tree.label(item) {
        out.push_str(label);
        return;
    }
    let def = registry.field(item.field);
    // A protocol item (whatever type it is declared with, like the FT_BYTES TCP options) shows its name.
    if item.field.index == 0 {
        out.push_str(registry.protocol(item.field.proto).name);
        return;
    }
    match def.ty {
        // A field that stands for a protocol of its own (`_ws.malformed` inside `_ws`) shows its name.
        FieldType::Protocol => {
            out.push_str(def.name);
            return;
        }
        FieldType::None => {
            out.push_str(def.name);
            return;
        }
        _ => {}
    }
    let raw = |v: u64| v << def.shift();
    match item.value {
        Value::UInt(v) if def.ty == FieldType::Boolean => {
            if def.bitmask != 0 {
                write_bit_pattern(out, container_bits(def), def.bitmask, raw(v));
            }
            let (t, f) = match def.strings {
                Strings::TrueFalse(t, f) => (t, f),
                // Wireshark's bit flags mostly use "Set"/"Not set"; a bare boolean says True/False.
                _ if def.bitmask != 0 => ("Set", "Not set"),
                _ => ("True", "False"),
            };
            let _ = write!(out, "{}: {}", def.name, if v != 0 { t } else { f });
        }
        Value::UInt(v) => write_integer(def, v, None, out),
        Value::Int(v) => write_integer(def, v as u64, Some(v), out),
        Value::Bytes | Value::ArenaBytes { .. } => {
            let bytes = match item.value {
                Value::ArenaBytes { start, len } => tree.arena_slice(start, len),
                _ => tree.item_bytes(frame, item),
            };
            let _ = write!(out, "{}: ", def.name);
            if bytes.is_empty() {
                out.push_str("<MISSING>");
            } else if bytes.len() > MAX_LABEL_BYTES {
                format::write_bytes(def.base, &bytes[..MAX_LABEL_BYTES], out);
                out.push('…');
            } else {
                format::write_bytes(def.base, bytes, out);
            }
        }
        Value::Double(_) => {
            let _ = write!(out, "{}: ", def.name);
            format::write_field_value(registry, tree, frame, item, out);
            if let Strings::Unit(unit) = def.strings {
                out.push(' ');
                out.push_str(unit);
            }
        }
        Value::RelTime(ns) => {
            let _ = write!(out, "{}: ", def.name);
            format::write_rel_time(ns, out);
            out.push_str(" seconds");
        }
        Value::Str | Value::Text { .. } => {
            let bytes = match item.value {
                Value::Text { start, len } => tree.arena_slice(start, len),
                _ => tree.item_bytes(frame, item),
            };
            let _ = write!(out, "{}: ", def.name);
            format::write_label_string(bytes, out);
        }
        _ => {
            let _ = write!(out, "{}: ", def.name);
            format::write_field_value(registry, tree, frame, item, out);
        }
    }
}

fn write_integer(def: &FieldDef, v: u64, signed: Option<i64>, out: &mut String) {
    if def.bitmask != 0 {
        write_bit_pattern(out, container_bits(def), def.bitmask, v << def.shift());
    }
    let _ = write!(out, "{}: ", def.name);
    match def.strings {
        // With no base, Wireshark shows the name alone (`Checksum Status: Unverified`).
        Strings::Values(_) | Strings::Ranges(_) if def.base == Base::None => {
            out.push_str(def.strings.name_of(v).unwrap_or("Unknown"));
        }
        Strings::Values(_) | Strings::Ranges(_) => {
            out.push_str(def.strings.name_of(v).unwrap_or("Unknown"));
            out.push_str(" (");
            write_number_after_name(def, v, signed, out);
            out.push(')');
        }
        Strings::Unit(unit) => {
            write_number(def, v, signed, out);
            out.push(' ');
            out.push_str(unit);
        }
        _ => write_number(def, v, signed, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_patterns_as_tshark_prints_them() {
        let mut s = String::new();
        // eth.dst.lg of ff:ff:ff:..., ip.flags of a DF packet, tcp.flags.syn of a SYN
        write_bit_pattern(&mut s, 24, 0x20000, 0xffffff);
        s.push('|');
        write_bit_pattern(&mut s, 8, 0xe0, 0x40);
        s.push('|');
        write_bit_pattern(&mut s, 12, 0x002, 0x002);
        assert_eq!(
            s,
            ".... ..1. .... .... .... .... = |010. .... = |.... .... ..1. = "
        );
    }
}

#[cfg(test)]
mod truncation_tests {
    use super::mark_truncated;

    /// The two forms tshark 4.0 prints for labels past its buffer (seen on ppa/http_espn.pcapng's long
    /// request line and URI): the mark after the field's name, or first for a text label; 238 bytes.
    #[test]
    fn long_labels_are_cut_as_wireshark_cuts_them() {
        let uri = format!("/{}", "a".repeat(300));
        let marked = mark_truncated(&format!("Request URI: {uri}"), "Request URI");
        assert_eq!(
            marked,
            format!("Request URI [truncated]: /{}", "a".repeat(212))
        );
        assert_eq!(marked.len(), 238);
        let line = mark_truncated(&format!("GET {uri} HTTP/1.1\\r\\n"), "Request Method");
        assert_eq!(line, format!(" [truncated]GET /{}", "a".repeat(221)));
        // Never inside a character.
        let wide = mark_truncated(&"é".repeat(200), "X");
        assert!(wide.len() <= 238 && wide.starts_with(" [truncated]é"));
    }
}
