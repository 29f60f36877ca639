//! Byte-order helpers and pcapng option walking shared by the reader and the writer.

use std::borrow::Cow;

#[inline(always)]
pub(crate) fn u16_at(b: &[u8], i: usize, be: bool) -> u16 {
    let v = [b[i], b[i + 1]];
    if be {
        u16::from_be_bytes(v)
    } else {
        u16::from_le_bytes(v)
    }
}

#[inline(always)]
pub(crate) fn u32_at(b: &[u8], i: usize, be: bool) -> u32 {
    let v: [u8; 4] = b[i..i + 4].try_into().expect("4 bytes");
    if be {
        u32::from_be_bytes(v)
    } else {
        u32::from_le_bytes(v)
    }
}

#[inline(always)]
pub(crate) fn u64_at(b: &[u8], i: usize, be: bool) -> u64 {
    let v: [u8; 8] = b[i..i + 8].try_into().expect("8 bytes");
    if be {
        u64::from_be_bytes(v)
    } else {
        u64::from_le_bytes(v)
    }
}

/// `n` rounded up to a multiple of 4.
#[inline(always)]
pub(crate) fn pad4(n: usize) -> usize {
    (n + 3) & !3
}

/// Walks a pcapng option list: `(code, value)` pairs up to `opt_endofopt` or the end of the area. An option
/// whose stated length runs past the area ends the walk (the rest is ignored, not an error).
pub(crate) struct Options<'a> {
    data: &'a [u8],
    be: bool,
}

impl<'a> Options<'a> {
    pub(crate) fn new(data: &'a [u8], be: bool) -> Self {
        Options { data, be }
    }
}

impl<'a> Iterator for Options<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.data.len() < 4 {
            return None;
        }
        let code = u16_at(self.data, 0, self.be);
        let len = u16_at(self.data, 2, self.be) as usize;
        if code == 0 || 4 + len > self.data.len() {
            self.data = &[];
            return None;
        }
        let value = &self.data[4..4 + len];
        let next = (4 + pad4(len)).min(self.data.len());
        self.data = &self.data[next..];
        Some((code, value))
    }
}

/// A string option's text: trailing NULs (which some writers add) dropped, invalid UTF-8 replaced.
pub(crate) fn opt_str(value: &[u8]) -> Cow<'_, str> {
    let end = value.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
    String::from_utf8_lossy(&value[..end])
}

/// Hex of up to the first 16 bytes, space-separated.
pub(crate) fn hex_prefix(b: &[u8]) -> String {
    let mut s = String::new();
    for (i, byte) in b.iter().take(16).enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format!("{byte:02x}"));
    }
    s
}
