//! Values rendered as `tshark -T fields` renders them (TShark 4.0), the form the oracle records.

use std::fmt::Write as _;

use crate::def::{Base, FieldType};
use crate::registry::Registry;
use crate::tree::{Item, PacketTree, Value};

/// Appends the `-T fields` form of one item's value to `out`.
pub fn write_field_value(
    registry: &Registry,
    tree: &PacketTree,
    frame: &[u8],
    item: &Item,
    out: &mut String,
) {
    let def = registry.field(item.field);
    match def.ty {
        // tshark prints a protocol's summary line (its filter name when it has none), and "1" for a
        // present FT_NONE field so that its presence can be tested in scripts.
        FieldType::Protocol => out.push_str(tree.label(item).unwrap_or(if item.field.index == 0 {
            registry.protocol(item.field.proto).filter_name
        } else {
            def.abbrev
        })),
        FieldType::None => out.push('1'),
        _ => write_value(def.ty, def.base, tree, frame, item, &item.value, out),
    }
}

fn write_value(
    ty: FieldType,
    base: Base,
    tree: &PacketTree,
    frame: &[u8],
    item: &Item,
    value: &Value,
    out: &mut String,
) {
    match *value {
        Value::None => {}
        Value::UInt(v) => match ty {
            FieldType::Boolean => out.push(if v != 0 { '1' } else { '0' }),
            _ => write_unsigned(ty, base, v, out),
        },
        Value::Int(v) => {
            if v < 0 {
                out.push('-');
            }
            push_decimal(out, v.unsigned_abs());
        }
        Value::Double(v) => {
            let _ = write!(out, "{v}");
        }
        // tshark prints an empty byte field as its label shows it.
        Value::Bytes if item.len == 0 => out.push_str("<MISSING>"),
        Value::Bytes => write_bytes(base, tree.item_bytes(frame, item), out),
        Value::ArenaBytes { start, len } => write_bytes(base, tree.arena_slice(start, len), out),
        Value::Str => {
            let bytes = tree.item_bytes(frame, item);
            // A NUL-terminated string's value ends at its terminator; the item still covers it.
            let _ = ty;
            write_string(bytes, out)
        }
        Value::Text { start, len } => write_string(tree.arena_slice(start, len), out),
        Value::Ipv4(a) => push_ipv4(out, a),
        Value::Ipv6(a) => push_ipv6(out, a),
        Value::Ether(m) => {
            let _ = write!(
                out,
                "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                m[0], m[1], m[2], m[3], m[4], m[5]
            );
        }
        Value::AbsTime { secs, nanos } => write_abs_time_utc(secs, nanos, out),
        Value::RelTime(ns) => write_rel_time(ns, out),
    }
}

/// Integers by display base; hex is zero-padded to the width of the field's type, as tshark pads it.
pub fn write_unsigned(ty: FieldType, base: Base, v: u64, out: &mut String) {
    if ty == FieldType::Char {
        push_char_literal(out, v as u8);
        return;
    }
    match base {
        Base::Hex | Base::HexDec => {
            let digits = (ty.integer_bits().unwrap_or(32) as usize).div_ceil(4);
            let _ = write!(out, "0x{v:0digits$x}");
        }
        Base::Oct => {
            let _ = write!(out, "0{v:o}");
        }
        _ => push_decimal(out, v),
    }
}

/// Appends an `FT_CHAR` value as Wireshark shows it, in single quotes: the character itself when it is
/// printable ASCII, C's escape for the usual control characters and for `\\` and `'`, `\xNN` otherwise.
pub fn push_char_literal(out: &mut String, c: u8) {
    out.push('\'');
    match c {
        0x07 => out.push_str("\\a"),
        0x08 => out.push_str("\\b"),
        0x0c => out.push_str("\\f"),
        b'\n' => out.push_str("\\n"),
        b'\r' => out.push_str("\\r"),
        b'\t' => out.push_str("\\t"),
        0x0b => out.push_str("\\v"),
        b'\\' => out.push_str("\\\\"),
        b'\'' => out.push_str("\\'"),
        0x20..=0x7e => out.push(c as char),
        _ => {
            let _ = write!(out, "\\x{c:02x}");
        }
    }
    out.push('\'');
}

/// Appends `v` in decimal. `-T fields` and the summary print several integers per packet; `itoa` is
/// several times faster than `write!`, which goes through the formatting machinery, and than pushing
/// digits one by one.
#[inline]
pub fn push_decimal(out: &mut String, v: u64) {
    out.push_str(itoa::Buffer::new().format(v));
}

/// Appends `v` in decimal, with leading zeros to at least `width` digits (`{v:0width$}`).
#[inline]
pub fn push_decimal_zero_padded(out: &mut String, v: u64, width: usize) {
    let start = out.len();
    push_decimal(out, v);
    let digits = out.len() - start;
    if digits < width {
        const ZEROS: &str = "00000000000000000000";
        out.insert_str(start, &ZEROS[..(width - digits).min(ZEROS.len())]);
    }
}

/// Appends an IPv4 address in dotted decimal, as tshark prints it with name resolution off.
#[inline]
pub fn push_ipv4(out: &mut String, a: [u8; 4]) {
    for (i, b) in a.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_decimal(out, *b as u64);
    }
}

/// Appends an IPv6 address in the text form of RFC 5952 that tshark prints (and Rust's `Ipv6Addr` displays):
/// lower-case hex groups, the longest run of two or more zero groups (the first of equal runs) as `::`,
/// and an IPv4-mapped address as `::ffff:a.b.c.d`. Written by hand because every IPv6 frame of a listing
/// shows two of them.
pub fn push_ipv6(out: &mut String, a: [u8; 16]) {
    let groups: [u16; 8] = std::array::from_fn(|i| u16::from_be_bytes([a[2 * i], a[2 * i + 1]]));
    if groups[..5] == [0; 5] && groups[5] == 0xffff {
        out.push_str("::ffff:");
        push_ipv4(out, [a[12], a[13], a[14], a[15]]);
        return;
    }
    let (mut best_start, mut best_len, mut start, mut len) = (0, 0, 0, 0);
    for (i, g) in groups.iter().enumerate() {
        if *g == 0 {
            if len == 0 {
                start = i;
            }
            len += 1;
            if len > best_len {
                (best_start, best_len) = (start, len);
            }
        } else {
            len = 0;
        }
    }
    let hex_groups = |out: &mut String, gs: &[u16]| {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for (i, g) in gs.iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            let mut started = false;
            for shift in [12, 8, 4, 0] {
                let d = (g >> shift) & 15;
                if d != 0 || started || shift == 0 {
                    out.push(HEX[d as usize] as char);
                    started = true;
                }
            }
        }
    };
    if best_len > 1 {
        hex_groups(out, &groups[..best_start]);
        out.push_str("::");
        hex_groups(out, &groups[best_start + best_len..]);
    } else {
        hex_groups(out, &groups);
    }
}

/// Seconds with nine decimals; negative durations keep their sign.
pub fn write_rel_time(ns: i64, out: &mut String) {
    let sign = if ns < 0 { "-" } else { "" };
    let abs = ns.unsigned_abs();
    let _ = write!(
        out,
        "{sign}{}.{:09}",
        abs / 1_000_000_000,
        abs % 1_000_000_000
    );
}

/// `Jan  7, 2010 19:38:34.341715000 UTC`, tshark's absolute time form when the zone is UTC.
pub fn write_abs_time_utc(secs: i64, nanos: u32, out: &mut String) {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let _ = write!(
        out,
        "{} {:>2}, {} {:02}:{:02}:{:02}.{:09} UTC",
        MONTHS[(m - 1) as usize],
        d,
        y,
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        nanos
    );
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01. Hand-written because it is the
/// only calendar arithmetic the hot output path needs, and a calendar crate would be its only dependency.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Lower-case hex without separators, tshark 4.0's `-T fields` form for byte fields.
pub fn write_hex(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
}

/// Lower-case hex with a colon between bytes: byte fields Wireshark declares with `SEP_COLON`.
pub fn write_hex_colons(bytes: &[u8], out: &mut String) {
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        write_hex(std::slice::from_ref(b), out);
    }
}

/// Byte field text in the form `base` asks for.
pub fn write_bytes(base: Base, bytes: &[u8], out: &mut String) {
    match base {
        Base::SepColon => write_hex_colons(bytes, out),
        _ => write_hex(bytes, out),
    }
}

/// A string field's value as tshark 4.0's `-T fields` prints it: Wireshark holds strings as C strings
/// decoded to UTF-8, so the value ends at the first NUL and each invalid sequence is a U+FFFD; of the
/// control characters only backspace, tab, line feed, form feed and carriage return are escaped.
pub fn write_string(bytes: &[u8], out: &mut String) {
    let bytes = bytes.split(|b| *b == 0).next().unwrap_or(bytes);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\x08' => out.push_str("\\b"),
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\x0c' => out.push_str("\\f"),
                '\r' => out.push_str("\\r"),
                _ => out.push(c),
            }
        }
        if !chunk.invalid().is_empty() {
            out.push('\u{fffd}');
        }
    }
}

/// A string field's value as tshark 4.0's labels (`-V`) show it: like [`write_string`] it ends at the
/// first NUL; the rest goes through [`write_format_text`].
pub fn write_label_string(bytes: &[u8], out: &mut String) {
    let bytes = bytes.split(|b| *b == 0).next().unwrap_or(bytes);
    write_format_text(bytes, out);
}

/// Bytes shown through [`write_format_text`] when displayed: a text line's label as tshark gives it
/// (the text with its own terminator, CR LF escaped), formatted only when a label is wanted (not for
/// `-T fields`, filters or statistics).
pub struct FormatText<'a>(pub &'a [u8]);

impl std::fmt::Display for FormatText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        write_format_text(self.0, &mut out);
        f.write_str(&out)
    }
}

/// Bytes as Wireshark 4.0's `format_text` shows them in labels. ASCII controls get C's escapes (BEL,
/// BS, FF, LF, CR, TAB, VT) or three octal digits (NUL and DEL too). Other bytes are read as UTF-8 the
/// way Wireshark reads them (probed with tshark): a lead byte announces up to five continuation bytes
/// (the old 5- and 6-byte forms included), a sequence cut short by a byte that does not continue it is
/// one U+FFFD, as is a stray continuation byte, 0xfe, 0xff, a surrogate or a value past U+10FFFF;
/// overlong forms are decoded, and a decoded character that is not printable is shown as `\uXXXX`.
pub fn write_format_text(bytes: &[u8], out: &mut String) {
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c < 0x80 {
            match c {
                0x07 => out.push_str("\\a"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x0b => out.push_str("\\v"),
                0x00..=0x1f | 0x7f => {
                    let _ = write!(out, "\\{c:03o}");
                }
                _ => out.push(c as char),
            }
            i += 1;
            continue;
        }
        let (need, mut value) = match c {
            0xc0..=0xdf => (1, u32::from(c & 0x1f)),
            0xe0..=0xef => (2, u32::from(c & 0x0f)),
            0xf0..=0xf7 => (3, u32::from(c & 0x07)),
            0xf8..=0xfb => (4, u32::from(c & 0x03)),
            0xfc..=0xfd => (5, u32::from(c & 0x01)),
            // A stray continuation byte, 0xfe or 0xff.
            _ => {
                out.push('\u{fffd}');
                i += 1;
                continue;
            }
        };
        let mut j = i + 1;
        let mut got = 0;
        while got < need && j < bytes.len() && bytes[j] & 0xc0 == 0x80 {
            value = (value << 6) | u32::from(bytes[j] & 0x3f);
            j += 1;
            got += 1;
        }
        i = j;
        match char::from_u32(value).filter(|_| got == need) {
            Some(ch) if printable(ch) => out.push(ch),
            Some(ch) => {
                let _ = write!(out, "\\u{:04X}", ch as u32);
            }
            None => out.push('\u{fffd}'),
        }
    }
}

/// Whether Wireshark prints a character decoded from UTF-8 as it is: not a C0 or C1 control or DEL,
/// and not one of the common invisible format characters (GLib's "format" category; the full Unicode
/// tables are not worth their size here).
fn printable(ch: char) -> bool {
    !matches!(ch as u32,
        0x00..=0x1f
        | 0x7f..=0x9f
        | 0xad
        | 0x600..=0x605
        | 0x61c
        | 0x6dd
        | 0x70f
        | 0x180e
        | 0x200b..=0x200f
        | 0x202a..=0x202e
        | 0x2060..=0x2064
        | 0x2066..=0x206f
        | 0xfeff
        | 0xfff9..=0xfffb)
}

/// Text as UTF-8, with invalid sequences and control characters escaped as tshark's format_text does
/// (`\r`, `\n`, `\t`, `\xhh`).
pub fn write_text(bytes: &[u8], out: &mut String) {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\r' => out.push_str("\\r"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\0'..='\x1f' | '\x7f' => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                _ => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_match_tshark_forms() {
        let mut s = String::new();
        // tcp.flags (FT_UINT16, BASE_HEX) of a SYN, ip.flags (FT_UINT8) with DF, ipv6.flow (FT_UINT24)
        write_unsigned(FieldType::UInt16, Base::Hex, 0x002, &mut s);
        s.push(' ');
        write_unsigned(FieldType::UInt8, Base::Hex, 0x02, &mut s);
        s.push(' ');
        write_unsigned(FieldType::UInt24, Base::Hex, 0xc57a, &mut s);
        s.push(' ');
        write_unsigned(FieldType::UInt16, Base::PtTcp, 2826, &mut s);
        assert_eq!(s, "0x0002 0x02 0x00c57a 2826");
    }

    #[test]
    fn times_match_tshark_forms() {
        let mut s = String::new();
        write_rel_time(1_262_893_114_341_715_000, &mut s);
        s.push(' ');
        write_rel_time(-1_000, &mut s);
        s.push(' ');
        // frame.time of ppa/http_google.pcapng frame 1, tshark -T fields with TZ=UTC
        write_abs_time_utc(1_265_678_319, 618_072_000, &mut s);
        assert_eq!(
            s,
            "1262893114.341715000 -0.000001000 Feb  9, 2010 01:18:39.618072000 UTC"
        );
    }

    #[test]
    fn decimal_forms_match_std() {
        for v in [0u64, 7, 10, 99, 100, 65535, 4_294_967_295, u64::MAX] {
            let mut s = String::new();
            push_decimal(&mut s, v);
            assert_eq!(s, v.to_string());
            let mut z = String::new();
            push_decimal_zero_padded(&mut z, v, 6);
            assert_eq!(z, format!("{v:06}"));
        }
        let mut s = String::new();
        push_ipv4(&mut s, [198, 18, 0, 1]);
        s.push(' ');
        push_ipv4(&mut s, [0, 255, 10, 100]);
        assert_eq!(s, "198.18.0.1 0.255.10.100");
    }

    #[test]
    fn ipv6_as_std_and_tshark_print_it() {
        // tshark -n: fe80::ff:fe00:101, ff02::16, 2001:db8:0:1::14 (bench capture), ::ffff:192.0.2.1.
        let cases: [[u16; 8]; 12] = [
            [0xfe80, 0, 0, 0, 0, 0xff, 0xfe00, 0x101],
            [0xff02, 0, 0, 0, 0, 0, 0, 0x16],
            [0x2001, 0xdb8, 0, 1, 0, 0, 0, 0x14],
            [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x201],
            [0; 8],
            [0, 0, 0, 0, 0, 0, 0, 1],
            [1, 0, 0, 0, 0, 0, 0, 0],
            [1, 0, 2, 0, 0, 3, 0, 0],
            [1, 0, 0, 2, 0, 0, 3, 4],
            [0xabcd, 0x10, 0x100, 0x1000, 1, 0xffff, 0, 0xa],
            [0, 0, 0, 0, 0, 0, 0xc000, 0x201],
            [0, 0, 0, 0, 0xffff, 0, 0xc000, 0x201],
        ];
        for g in cases {
            let addr = std::net::Ipv6Addr::from(g);
            let mut s = String::new();
            push_ipv6(&mut s, addr.octets());
            assert_eq!(s, addr.to_string());
        }
        // Every pattern of zero and non-zero groups.
        for mask in 0u32..256 {
            let g: [u16; 8] = std::array::from_fn(|i| if mask & (1 << i) != 0 { 0x1a0 } else { 0 });
            let addr = std::net::Ipv6Addr::from(g);
            let mut s = String::new();
            push_ipv6(&mut s, addr.octets());
            assert_eq!(s, addr.to_string());
        }
    }

    #[test]
    fn bytes_and_text() {
        let mut s = String::new();
        write_hex(&[0x02, 0x04, 0x05, 0xb4], &mut s);
        s.push(' ');
        write_text(b"GET /\r\n\xff", &mut s);
        assert_eq!(s, "020405b4 GET /\\r\\n\\xff");
    }
}
