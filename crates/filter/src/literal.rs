//! Literals read as the type of the field they are compared with, as Wireshark 4.0 reads them
//! (`dfilter_fvalue_from_literal` and the ftypes' `val_from_literal`/`val_from_string`), with its messages.
//!
//! Checked with tshark 4.0.17 (`tshark -r FILE -Y EXPR`): numbers are `strtoull`-style (decimal, `0x` hex,
//! leading-`0` octal) plus `0b` binary; an integer field with value names also takes a name, matched without
//! regard to case (`arp.opcode == reply`, `== "REPLY"`), and a number out of range for such a field is
//! reported as not among its values; a boolean takes a number (non-zero is true), `True`/`TRUE`/`False`/
//! `FALSE`, or its true/false texts without regard to case; byte strings take `aa:bb`, `aa-bb`, `aa.bb` or
//! `aabb` (a single byte may be one digit); addresses take a CIDR prefix; times are seconds (relative) or a
//! date (absolute, read as UTC).

use fields::{FieldDef, FieldType, Strings};

use crate::value::Val;

/// What a literal was written as.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LitText<'a> {
    /// A bare word, or a `:`-prefixed literal (the text after the colon).
    Word(&'a str),
    /// A double-quoted string, decoded.
    Str(&'a [u8]),
    /// A character constant.
    Char(u8),
}

/// A literal converted to a field's type: a value, or bytes that the caller stores in the constant pool.
#[derive(Debug, Clone)]
pub(crate) enum Lit {
    Val(Val),
    Bytes(Vec<u8>),
}

/// Wireshark's human-readable type names (`ftype_pretty_name`), used in its messages.
pub fn pretty_name(ty: FieldType) -> &'static str {
    use FieldType::*;
    match ty {
        None => "Label",
        Protocol => "Protocol",
        Boolean => "Boolean",
        Char => "Character (8 bits)",
        UInt8 => "Unsigned integer (1 byte)",
        UInt16 => "Unsigned integer (2 bytes)",
        UInt24 => "Unsigned integer (3 bytes)",
        UInt32 => "Unsigned integer (4 bytes)",
        UInt40 => "Unsigned integer (5 bytes)",
        UInt48 => "Unsigned integer (6 bytes)",
        UInt56 => "Unsigned integer (7 bytes)",
        UInt64 => "Unsigned integer (8 bytes)",
        Int8 => "Signed integer (1 byte)",
        Int16 => "Signed integer (2 bytes)",
        Int24 => "Signed integer (3 bytes)",
        Int32 => "Signed integer (4 bytes)",
        Int64 => "Signed integer (8 bytes)",
        Float => "Floating point (single-precision)",
        Double => "Floating point (double-precision)",
        AbsoluteTime => "Date and time",
        RelativeTime => "Time offset",
        String | StringZ | UIntString => "Character string",
        Ether => "Ethernet or other MAC address",
        Bytes | UIntBytes => "Byte sequence",
        Ipv4 => "IPv4 address",
        Ipv6 => "IPv6 address",
        FrameNum => "Frame number",
        Guid => "Globally Unique Identifier",
        Oid => "ASN.1 object identifier",
        Eui64 => "EUI64 address",
    }
}

/// C's `strtoull(s, &end, 0)` over the whole text, plus `0b` binary; `None` unless every byte is used.
pub(crate) fn parse_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let (digits, radix) = if b.len() > 2 && b[0] == b'0' && matches!(b[1], b'x' | b'X') {
        (&s[2..], 16)
    } else if b.len() > 2 && b[0] == b'0' && matches!(b[1], b'b' | b'B') {
        (&s[2..], 2)
    } else if b.len() > 1 && b[0] == b'0' {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    if digits.is_empty() || !digits.bytes().all(|c| (c as char).is_digit(radix)) {
        return None;
    }
    // strtoull saturates; a saturated value is "too big" for every field, as in Wireshark.
    Some(u64::from_str_radix(digits, radix).unwrap_or(u64::MAX))
}

fn quoted(text: &LitText<'_>) -> String {
    match text {
        LitText::Word(w) => (*w).to_string(),
        LitText::Str(s) => String::from_utf8_lossy(s).into_owned(),
        LitText::Char(c) => (*c as char).to_string(),
    }
}

fn from_string_error(ty: FieldType, s: &[u8]) -> String {
    format!(
        "{} cannot be converted from a string (\"{}\").",
        pretty_name(ty),
        String::from_utf8_lossy(s)
    )
}

/// A name among a field's value names, without regard to case.
fn value_by_name(strings: &Strings, name: &str) -> Option<u64> {
    match strings {
        Strings::Values(pairs) => pairs
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(v, _)| *v),
        Strings::Ranges(ranges) => ranges
            .iter()
            .find(|(_, _, n)| n.eq_ignore_ascii_case(name))
            .map(|(lo, _, _)| *lo),
        _ => None,
    }
}

fn has_value_names(strings: &Strings) -> bool {
    matches!(strings, Strings::Values(_) | Strings::Ranges(_))
}

/// Converts a literal to the type of `def` (the field it is compared with). `negated` is a unary minus
/// written before it. Errors are Wireshark's messages.
pub(crate) fn convert(
    def: &FieldDef,
    ty: FieldType,
    text: LitText<'_>,
    negated: bool,
) -> Result<Lit, String> {
    use FieldType as T;
    match ty {
        T::Boolean => boolean(def, text).map(|v| Lit::Val(Val::U(v))),
        T::Char
        | T::UInt8
        | T::UInt16
        | T::UInt24
        | T::UInt32
        | T::UInt40
        | T::UInt48
        | T::UInt56
        | T::UInt64
        | T::FrameNum
        | T::Int8
        | T::Int16
        | T::Int24
        | T::Int32
        | T::Int64 => integer(def, ty, text, negated).map(Lit::Val),
        T::Float | T::Double => {
            let s = match text {
                LitText::Word(w) => w,
                LitText::Str(s) => return Err(from_string_error(ty, s)),
                LitText::Char(c) => return Ok(Lit::Val(Val::F(f64::from(c)))),
            };
            match s.parse::<f64>() {
                Ok(v) => Ok(Lit::Val(Val::F(if negated { -v } else { v }))),
                Err(_) => Err(format!("\"{s}\" is not a valid floating point number.")),
            }
        }
        T::RelativeTime => {
            let s = match text {
                LitText::Word(w) => w,
                LitText::Str(s) => return Err(from_string_error(ty, s)),
                LitText::Char(_) => {
                    return Err(format!("\"{}\" is not a valid time.", quoted(&text)));
                }
            };
            match seconds_to_ns(s) {
                Some(ns) => Ok(Lit::Val(Val::T(if negated { -ns } else { ns }))),
                None => Err(format!("\"{s}\" is not a valid time.")),
            }
        }
        T::AbsoluteTime => {
            let s = quoted(&text);
            if negated {
                return Err(format!(
                    "\"{s}\" is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\""
                ));
            }
            match absolute_time(&s) {
                Some(ns) => Ok(Lit::Val(Val::T(ns))),
                // A date that reads but is followed by something that is not a time.
                None if s
                    .split_once(' ')
                    .is_some_and(|(date, _)| absolute_time(date).is_some()) =>
                {
                    Err("Unexpected data after time value.".to_string())
                }
                None => Err(format!(
                    "\"{s}\" is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\""
                )),
            }
        }
        T::String | T::StringZ | T::UIntString => Ok(Lit::Bytes(match text {
            LitText::Word(w) => w.as_bytes().to_vec(),
            LitText::Str(s) => s.to_vec(),
            LitText::Char(c) => vec![c],
        })),
        T::Ether => match text {
            LitText::Word(w) => {
                let bytes = hex_bytes(w)
                    .ok_or_else(|| format!("\"{w}\" is not a valid Ethernet address."))?;
                match bytes.len() {
                    6 => Ok(Lit::Bytes(bytes)),
                    n if n < 6 => Err(format!(
                        "\"{w}\" contains too few bytes to be a valid Ethernet address."
                    )),
                    _ => Err(format!(
                        "\"{w}\" contains too many bytes to be a valid Ethernet address."
                    )),
                }
            }
            LitText::Str(s) => Err(from_string_error(ty, s)),
            LitText::Char(_) => Err(format!(
                "\"{}\" contains too few bytes to be a valid Ethernet address.",
                quoted(&text)
            )),
        },
        T::Bytes | T::UIntBytes | T::Protocol | T::Guid | T::Oid | T::Eui64 => match text {
            // A number up to 255 is one byte (`frame[14] == 0x45`).
            LitText::Word(w) => hex_bytes(w)
                .or_else(|| parse_uint(w).filter(|v| *v <= 0xff).map(|v| vec![v as u8]))
                .map(Lit::Bytes)
                .ok_or_else(|| format!("\"{w}\" is not a valid byte string.")),
            LitText::Str(s) => Ok(Lit::Bytes(s.to_vec())),
            LitText::Char(c) => Ok(Lit::Bytes(vec![c])),
        },
        T::Ipv4 => match text {
            LitText::Word(w) => ipv4(w).map(Lit::Val),
            LitText::Str(s) => Err(from_string_error(ty, s)),
            LitText::Char(_) => Err(format!(
                "\"{}\" is not a valid hostname or IPv4 address.",
                quoted(&text)
            )),
        },
        T::Ipv6 => match text {
            LitText::Word(w) => ipv6(w).map(Lit::Val),
            LitText::Str(s) => Err(from_string_error(ty, s)),
            LitText::Char(_) => Err(format!(
                "\"{}\" is not a valid hostname or IPv6 address.",
                quoted(&text)
            )),
        },
        T::None => Err(format!(
            "\"{}\" cannot be compared with a label.",
            quoted(&text)
        )),
    }
}

fn boolean(def: &FieldDef, text: LitText<'_>) -> Result<u64, String> {
    let s = match text {
        LitText::Word(w) => w.to_string(),
        LitText::Str(s) => String::from_utf8_lossy(s).into_owned(),
        LitText::Char(c) => return Ok(u64::from(c != 0)),
    };
    match s.as_str() {
        "True" | "TRUE" => return Ok(1),
        "False" | "FALSE" => return Ok(0),
        _ => {}
    }
    if let (LitText::Word(_), Some(v)) = (text, parse_uint(&s)) {
        return Ok(u64::from(v != 0));
    }
    // Flags without their own texts are shown as "Set"/"Not set", as Wireshark's bit flags are.
    let (t, f) = match def.strings {
        Strings::TrueFalse(t, f) => (t, f),
        _ => ("Set", "Not set"),
    };
    if s.eq_ignore_ascii_case(t) {
        Ok(1)
    } else if s.eq_ignore_ascii_case(f) {
        Ok(0)
    } else {
        Err(format!(
            "\"{s}\" cannot be found among the possible values for {}.",
            def.abbrev
        ))
    }
}

fn integer(def: &FieldDef, ty: FieldType, text: LitText<'_>, negated: bool) -> Result<Val, String> {
    let bits = ty.integer_bits().unwrap_or(64);
    let signed = ty.is_signed();
    let names = has_value_names(&def.strings);
    let not_found = |s: &str| {
        format!(
            "\"{s}\" cannot be found among the possible values for {}.",
            def.abbrev
        )
    };
    let magnitude = match text {
        LitText::Char(c) => u64::from(c),
        LitText::Str(s) => {
            let s = String::from_utf8_lossy(s);
            if !names {
                return Err(from_string_error(ty, s.as_bytes()));
            }
            return value_by_name(&def.strings, &s)
                .map(Val::U)
                .ok_or_else(|| not_found(&s));
        }
        LitText::Word(w) => match parse_uint(w) {
            Some(v) => v,
            None if names => {
                return value_by_name(&def.strings, w)
                    .map(Val::U)
                    .ok_or_else(|| not_found(w));
            }
            None => return Err(format!("\"{w}\" is not a valid number.")),
        },
    };
    let shown = quoted(&text);
    let max: u64 = if signed {
        (1u64 << (bits - 1)) - 1
    } else if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    if magnitude > max {
        // tshark looks a too-big number up among the value names, but not a negated one.
        if names && !negated {
            return Err(not_found(&shown));
        }
        return Err(format!(
            "\"{shown}\" too big for this field, maximum {max}."
        ));
    }
    Ok(if negated {
        // A negative number compared with an unsigned field matches nothing, as in Wireshark.
        Val::I(-(magnitude as i64))
    } else {
        Val::U(magnitude)
    })
}

/// `aa:bb:cc`, `aa-bb-cc`, `aabb.ccdd` or `aabbcc`; a group between separators has one or two digits
/// (`0:1` is two bytes), except that dots separate groups of two-digit pairs.
pub(crate) fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let sep = s.bytes().find(|c| matches!(c, b':' | b'-' | b'.'));
    let mut out = Vec::with_capacity(s.len() / 2 + 1);
    match sep {
        Some(b'.') => {
            // Dots separate single bytes (`1.2.3.4`) or runs of byte pairs (`aabb.ccdd`).
            for group in s.split('.') {
                match group.as_bytes() {
                    [] => return None,
                    [a] => out.push(digit(*a)?),
                    g if g.len().is_multiple_of(2) => {
                        for pair in g.chunks(2) {
                            out.push(digit(pair[0])? << 4 | digit(pair[1])?);
                        }
                    }
                    _ => return None,
                }
            }
        }
        Some(sep) => {
            for group in s.split(sep as char) {
                match group.as_bytes() {
                    [a] => out.push(digit(*a)?),
                    [a, b] => out.push(digit(*a)? << 4 | digit(*b)?),
                    _ => return None,
                }
            }
        }
        None => {
            let b = s.as_bytes();
            if b.len() == 1 {
                out.push(digit(b[0])?);
            } else if b.len().is_multiple_of(2) {
                for pair in b.chunks(2) {
                    out.push(digit(pair[0])? << 4 | digit(pair[1])?);
                }
            } else {
                return None;
            }
        }
    }
    Some(out)
}

fn ipv4(w: &str) -> Result<Val, String> {
    let (addr, prefix) = match w.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (w, None),
    };
    let ip: std::net::Ipv4Addr = addr
        .parse()
        .map_err(|_| format!("\"{addr}\" is not a valid hostname or IPv4 address."))?;
    let bits = match prefix {
        None => 32,
        Some(p) => {
            let n: u32 = p
                .parse()
                .map_err(|_| format!("\"{p}\" is not a valid number."))?;
            if n > 32 {
                return Err(format!(
                    "Netmask bits in a CIDR IPv4 address should be <= 32, not {n}"
                ));
            }
            n as u8
        }
    };
    Ok(Val::Ip4 {
        addr: u32::from(ip),
        bits,
    })
}

fn ipv6(w: &str) -> Result<Val, String> {
    let (addr, prefix) = match w.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (w, None),
    };
    let ip: std::net::Ipv6Addr = addr
        .parse()
        .map_err(|_| format!("\"{addr}\" is not a valid hostname or IPv6 address."))?;
    let bits = match prefix {
        None => 128,
        Some(p) => {
            let n: u32 = p
                .parse()
                .map_err(|_| format!("\"{p}\" is not a valid number."))?;
            if n > 128 {
                return Err(format!(
                    "Prefix in a IPv6 address should be <= 128, not {n}"
                ));
            }
            n as u8
        }
    };
    Ok(Val::Ip6 {
        addr: u128::from(ip),
        bits,
    })
}

/// Seconds written in decimal (`1`, `0.001`, `1.5e-3`), as nanoseconds.
pub(crate) fn seconds_to_ns(s: &str) -> Option<i128> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let ns = if let Some((int, frac)) = body.split_once('.').filter(|_| !body.contains(['e', 'E']))
    {
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|c| c.is_ascii_digit())
            || !frac.bytes().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let whole: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let mut digits: String = frac.chars().take(9).collect();
        while digits.len() < 9 {
            digits.push('0');
        }
        whole.checked_mul(1_000_000_000)? + digits.parse::<i128>().ok()?
    } else if body.bytes().all(|c| c.is_ascii_digit()) && !body.is_empty() {
        body.parse::<i128>().ok()?.checked_mul(1_000_000_000)?
    } else {
        let v: f64 = body.parse().ok()?;
        if !v.is_finite() {
            return None;
        }
        (v * 1e9).round() as i128
    };
    Some(if neg { -ns } else { ns })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `2011-07-04 12:34:56[.frac]`, `2011-07-04T12:34:56`, `2011-07-04`, or `Nov 12, 1999 08:55:44[.frac]`,
/// read as UTC (tshark reads them in local time; wiresift's times are UTC throughout), as nanoseconds
/// since the epoch.
pub(crate) fn absolute_time(s: &str) -> Option<i128> {
    let s = s.trim();
    let s = s.strip_suffix(" UTC").unwrap_or(s).trim();
    let (y, m, d, rest) = if s.as_bytes().first()?.is_ascii_digit() {
        let (date, rest) = match s.find([' ', 'T']) {
            Some(i) => (&s[..i], s[i + 1..].trim()),
            None => (s, ""),
        };
        let mut parts = date.split('-');
        let y: i64 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        (y, m, d, rest)
    } else {
        let mut it = s.split_whitespace();
        let mon = it.next()?.to_ascii_lowercase();
        let m = MONTHS.iter().position(|x| *x == mon)? as u32 + 1;
        let d: u32 = it.next()?.trim_end_matches(',').parse().ok()?;
        let y: i64 = it.next()?.parse().ok()?;
        let rest = it.next().unwrap_or("");
        if it.next().is_some() {
            return None;
        }
        (y, m, d, rest)
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let (mut h, mut mi, mut sec_ns) = (0i128, 0i128, 0i128);
    if !rest.is_empty() {
        let mut hms = rest.split(':');
        h = hms.next()?.parse().ok()?;
        mi = hms.next()?.parse().ok()?;
        if let Some(sec) = hms.next() {
            sec_ns = seconds_to_ns(sec)?;
        }
        if hms.next().is_some() || h > 23 || mi > 59 || !(0..61_000_000_000).contains(&sec_ns) {
            return None;
        }
    }
    let days = days_from_civil(y, m, d) as i128;
    Some((days * 86_400 + h * 3600 + mi * 60) * 1_000_000_000 + sec_ns)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of `fields::format::civil_from_days`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_bytes() {
        assert_eq!(parse_uint("0x3c"), Some(60));
        assert_eq!(parse_uint("074"), Some(60));
        assert_eq!(parse_uint("0b111100"), Some(60));
        assert_eq!(parse_uint("08"), None);
        assert_eq!(parse_uint("0x1g"), None);
        assert_eq!(hex_bytes("00:0c:29"), Some(vec![0, 0x0c, 0x29]));
        assert_eq!(hex_bytes("aa-bb"), Some(vec![0xaa, 0xbb]));
        assert_eq!(hex_bytes("aabb.ccdd"), Some(vec![0xaa, 0xbb, 0xcc, 0xdd]));
        assert_eq!(hex_bytes("aabbcc"), Some(vec![0xaa, 0xbb, 0xcc]));
        assert_eq!(hex_bytes("0"), Some(vec![0]));
        assert_eq!(hex_bytes("zz"), None);
    }

    #[test]
    fn times() {
        assert_eq!(seconds_to_ns("1"), Some(1_000_000_000));
        assert_eq!(seconds_to_ns("0.001"), Some(1_000_000));
        assert_eq!(seconds_to_ns("0.5e-1"), Some(50_000_000));
        assert_eq!(seconds_to_ns("abc"), None);
        // frame.time of ppa/http_google.pcapng frame 1 (see fields::format tests): Feb 9, 2010 01:18:39 UTC
        assert_eq!(
            absolute_time("2010-02-09 01:18:39"),
            Some(1_265_678_319_000_000_000)
        );
        assert_eq!(
            absolute_time("Feb  9, 2010 01:18:39.618072"),
            Some(1_265_678_319_618_072_000)
        );
        assert_eq!(absolute_time("foo"), None);
    }
}
