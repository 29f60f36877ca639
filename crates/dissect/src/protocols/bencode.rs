//! Bencoding (BitTorrent's serialization: integers `i42e`, strings `4:spam`, lists `l...e` and
//! dictionaries `d...e`) as tshark 4.0's "bencode" dissector shows it when another protocol hands it a
//! structure (Bazaar's smart protocol does).
//!
//! What tshark 4.0 does, and so what this does (checked against it on the structures of
//! scripts/make-bzr-edge-cases.py): the dissector adds no protocol item, only the values; a
//! dictionary entry is labelled with its key and, when the value is a string or an integer, the value
//! (`Entry Key: spam  Value: eggs`). An element it cannot read stops the decoding with an expert error
//! ("Decode Aborted: ...") and nothing after it is shown; nesting deeper than ten levels is one such
//! error. Integers are 32-bit and wrap as Wireshark's do. An error item that Wireshark places "to the
//! end" of a structure that has no bytes left raises an exception there, which shows as "[Malformed
//! Packet: Bencode]" and ends the dissection of the packet's remaining parts.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity};

fields::declare_protocol! {
    proto BENCODE = super::ids::BENCODE, "Bencode", "Bencode", "bencode";
    STR_LENGTH: "bencode.str.length", "String Length", UInt32, Dec;
    STR: "bencode.str", "String", String, None;
    INT: "bencode.int", "Integer", Int32, Dec;
    DICT: "bencode.dict", "Dictionary", None, None;
    DICT_ENTRY: "bencode.dict.entry", "Entry", None, None;
    LIST: "bencode.list", "List", None, None;
    TRUNCATED_DATA: "bencode.truncated_data", "Truncated Data", Bytes, None;
    STR_INVALID: "bencode.str.invalid", "Decode Aborted: Invalid String", None, None;
    STR_LENGTH_INVALID: "bencode.str.length.invalid", "Decode Aborted: Invalid String Length", None, None;
    INT_INVALID: "bencode.int.invalid", "Decode Aborted: Invalid Integer", None, None;
    NEST: "bencode.nest", "Decode Aborted: Nested Too Deep", None, None;
    DICT_KEY_INVALID: "bencode.dict.key_invalid", "Decode Aborted: Invalid Dictionary Key", None, None;
    DICT_VALUE_INVALID: "bencode.dict.value_invalid", "Decode Aborted: Invalid Dictionary Value", None, None;
    INVALID: "bencode.invalid", "Invalid Bencoding", None, None;
}

/// Nesting deeper than this is an error, as in Wireshark.
const MAX_LEVEL: u32 = 10;

/// Dissects the bencoded structure `data[start..end]` under `parent`, listing the layer. Returns
/// `false` when the dissection raised an exception (the caller must stop, as Wireshark's does).
pub fn dissect(cx: &mut Cx, data: &[u8], start: usize, end: usize, parent: ItemIdx) -> bool {
    // Wireshark's dissector returns the bytes it was given, and a call that took none is not listed.
    if end > start {
        cx.tree.layers.push("bencode");
    }
    let mut b = Bencode {
        data: &data[..end.min(data.len())],
        start,
        thrown: false,
    };
    let length = b.data.len().saturating_sub(start) as i64;
    b.element(Some(cx), start, length, parent, 0, None);
    !b.thrown
}

/// What a string or an integer adds to the label of the dictionary entry holding it.
#[derive(Clone, Copy, PartialEq)]
enum EntryPart {
    Key,
    Value,
}

/// The label a dictionary entry is building: "Entry", then " Key: ..." and "  Value: ...".
struct Entry {
    item: ItemIdx,
    label: String,
    part: EntryPart,
}

struct Bencode<'a> {
    /// The structure's bytes end where `data` ends.
    data: &'a [u8],
    /// Where the structure starts in `data`.
    start: usize,
    /// Whether an exception was raised (an item "to the end" where no bytes are left).
    thrown: bool,
}

impl Bencode<'_> {
    /// Adds an expert error item over `offset..offset + len`, or to the end when `len` is `None`
    /// (where that raises Wireshark's exception instead, see [`Bencode::past_end`]).
    fn error(
        &mut self,
        cx: &mut Option<&mut Cx>,
        parent: ItemIdx,
        offset: usize,
        len: Option<usize>,
        field: fields::FieldId,
        message: &str,
    ) {
        let Some(cx) = cx.as_deref_mut() else { return };
        let len = match len {
            Some(len) => len,
            None if self.past_end(offset) => return self.throw(cx),
            None => self.data.len().saturating_sub(offset),
        };
        let it = cx.text_item(parent, offset, len, format_args!("{message}"));
        cx.expert(
            it,
            field,
            Severity::Error,
            Group::Malformed,
            format_args!("{message}"),
        );
    }

    /// The "Truncated Data" item over `offset..offset + len` (to the end when `None`).
    fn truncated(
        &mut self,
        cx: &mut Option<&mut Cx>,
        parent: ItemIdx,
        offset: usize,
        len: Option<usize>,
    ) {
        let Some(cx) = cx.as_deref_mut() else { return };
        let len = match len {
            Some(len) => len,
            None if self.past_end(offset) => return self.throw(cx),
            None => self.data.len().saturating_sub(offset),
        };
        cx.tree
            .add(parent, TRUNCATED_DATA, offset, len, Value::Bytes);
    }

    /// Whether an item "to the end" at `offset` raises Wireshark's exception: it does at or past the
    /// end of a structure, except an empty one (Wireshark gives any item in an empty buffer no length).
    fn past_end(&self, offset: usize) -> bool {
        offset >= self.data.len() && self.data.len() > self.start
    }

    fn throw(&mut self, cx: &mut Cx) {
        if !self.thrown {
            self.thrown = true;
            cx.malformed(self.data.len(), "Bencode");
        }
    }

    /// The element at `offset`, `length` bytes of the structure left from it: the bytes it takes, or
    /// a negative number when it is not valid bencoding. Without `cx` it only measures (Wireshark
    /// measures a list or dictionary first to size its item).
    fn element(
        &mut self,
        mut cx: Option<&mut Cx>,
        offset: usize,
        length: i64,
        parent: ItemIdx,
        level: u32,
        entry: Option<&mut Entry>,
    ) -> i64 {
        if self.thrown {
            return -1;
        }
        if level > MAX_LEVEL {
            self.error(
                &mut cx,
                parent,
                offset,
                None,
                NEST,
                "Decode Aborted: Nested Too Deep",
            );
            return -1;
        }
        if length < 1 {
            self.truncated(&mut cx, parent, offset, None);
            return length;
        }
        let op = self.data[offset];
        match op {
            b'd' | b'l' => {
                let measured = if cx.is_some() {
                    let m = self.element(None, offset, length, parent, level + 1, None);
                    if m < 0 { length } else { m }
                } else {
                    0
                };
                let field = if op == b'd' { DICT } else { LIST };
                self.container(cx, field, offset, length, parent, level, measured)
            }
            b'i' => self.integer(cx, offset, length, parent, entry),
            b'1'..=b'9' => self.string(cx, offset, length, parent, entry),
            _ => {
                self.error(&mut cx, parent, offset, None, INVALID, "Invalid Bencoding");
                -1
            }
        }
    }

    /// A dictionary (`field` [`DICT`]) or a list ([`LIST`]) at `offset`, its item `measured` bytes.
    #[allow(clippy::too_many_arguments)]
    fn container(
        &mut self,
        mut cx: Option<&mut Cx>,
        field: fields::FieldId,
        offset: usize,
        mut length: i64,
        parent: ItemIdx,
        level: u32,
        measured: i64,
    ) -> i64 {
        let tree = match cx.as_deref_mut() {
            Some(cx) => cx
                .tree
                .add(parent, field, offset, measured as usize, Value::None),
            None => parent,
        };
        let mut used = 1usize;
        length -= 1;
        while length >= 1 {
            let at = offset + used;
            if self.data[at] == b'e' {
                return used as i64 + 1;
            }
            let n = if field == DICT {
                self.entry(cx.as_deref_mut(), at, length, tree, level)
            } else {
                self.element(cx.as_deref_mut(), at, length, tree, level + 1, None)
            };
            if n < 1 {
                return n;
            }
            used += n as usize;
            length -= n;
        }
        self.truncated(&mut cx, tree, offset + used, None);
        -1
    }

    /// A dictionary entry at `at`: its key (a string) and value, `length` bytes of the dictionary left.
    fn entry(
        &mut self,
        mut cx: Option<&mut Cx>,
        at: usize,
        length: i64,
        tree: ItemIdx,
        level: u32,
    ) -> i64 {
        let key_len = self.string(None, at, length, tree, None);
        if key_len < 0 {
            let m = "Decode Aborted: Invalid Dictionary Key";
            self.error(&mut cx, tree, at, None, DICT_KEY_INVALID, m);
            return key_len;
        }
        let value_at = at + key_len as usize;
        let value_len = if length - key_len > 2 {
            self.element(None, value_at, length - key_len, tree, level + 1, None)
        } else {
            -1
        };
        if value_len < 0 {
            let m = "Decode Aborted: Invalid Dictionary Value";
            self.error(&mut cx, tree, value_at, None, DICT_VALUE_INVALID, m);
            return value_len;
        }
        if let Some(cx) = cx {
            let len = (key_len + value_len) as usize;
            let item = cx.tree.add(tree, DICT_ENTRY, at, len, Value::None);
            let mut entry = Entry {
                item,
                label: String::from("Entry"),
                part: EntryPart::Key,
            };
            self.string(Some(cx), at, length, item, Some(&mut entry));
            entry.part = EntryPart::Value;
            let rest = length - key_len;
            self.element(Some(cx), value_at, rest, item, level + 1, Some(&mut entry));
            if entry.item.is_stored() {
                cx.tree
                    .set_label(entry.item, format_args!("{}", entry.label));
            }
            if self.thrown {
                return -1;
            }
        }
        key_len + value_len
    }

    /// A string `N:bytes`; the length's digits may not start with 0 unless it is 0.
    fn string(
        &mut self,
        mut cx: Option<&mut Cx>,
        offset: usize,
        mut length: i64,
        parent: ItemIdx,
        entry: Option<&mut Entry>,
    ) -> i64 {
        if length < 2 {
            let len = Some(length.max(0) as usize);
            self.error(
                &mut cx,
                parent,
                offset,
                len,
                STR_INVALID,
                "Decode Aborted: Invalid String",
            );
            return -1;
        }
        // Wireshark's running length is a C int: it stops growing where it would wrap.
        let mut string_len: i32 = 0;
        let mut leading_zero = false;
        let mut used = 0usize;
        while length >= 1 {
            let ch = self.data[offset + used];
            length -= 1;
            used += 1;
            if ch == b':' && used > 1 {
                if string_len as i64 > length || string_len < 0 {
                    let m = "Decode Aborted: Invalid String Length";
                    let len = Some(length as usize);
                    self.error(&mut cx, parent, offset, len, STR_LENGTH_INVALID, m);
                    return -1;
                }
                let n = string_len as usize;
                if let Some(cx) = cx.as_deref_mut() {
                    cx.uint(parent, STR_LENGTH, offset, used, n as u64);
                    cx.tree.add(parent, STR, offset + used, n, Value::Str);
                    if let Some(entry) = entry {
                        let text = &self.data[offset + used..offset + used + n];
                        entry.append(text);
                    }
                }
                return (used + n) as i64;
            }
            if !leading_zero && ch.is_ascii_digit() {
                if ch == b'0' && used == 1 {
                    leading_zero = true;
                }
                let next = string_len.wrapping_mul(10).wrapping_add((ch - b'0') as i32);
                if next >= string_len {
                    string_len = next;
                    continue;
                }
            }
            let len = Some(length as usize);
            self.error(
                &mut cx,
                parent,
                offset,
                len,
                STR_INVALID,
                "Decode Aborted: Invalid String",
            );
            return -1;
        }
        self.truncated(&mut cx, parent, offset, Some(0));
        -1
    }

    /// An integer `i-42e`: no leading zeros, no `-0`.
    fn integer(
        &mut self,
        mut cx: Option<&mut Cx>,
        offset: usize,
        mut length: i64,
        parent: ItemIdx,
        entry: Option<&mut Entry>,
    ) -> i64 {
        let invalid = "Decode Aborted: Invalid Integer";
        if length < 3 {
            let len = Some(length.max(0) as usize);
            self.error(&mut cx, parent, offset, len, INT_INVALID, invalid);
            return -1;
        }
        let mut value: i32 = 0;
        let mut negative = false;
        let mut leading_zero = false;
        length -= 1;
        let mut used = 1usize;
        while length >= 1 {
            let ch = self.data[offset + used];
            length -= 1;
            used += 1;
            match ch {
                b'e' => {
                    if negative {
                        value = value.wrapping_neg();
                    }
                    if let Some(cx) = cx.as_deref_mut() {
                        cx.tree
                            .add(parent, INT, offset, used, Value::Int(value as i64));
                        if let Some(entry) = entry
                            && entry.part == EntryPart::Value
                        {
                            entry.label.push_str(&format!("  Value: {value}"));
                        }
                    }
                    return used as i64;
                }
                b'-' if used == 2 => negative = true,
                _ if ch == b'0' && used == 3 && negative => {
                    self.error(
                        &mut cx,
                        parent,
                        offset,
                        Some(length as usize),
                        INT_INVALID,
                        invalid,
                    );
                    return -1;
                }
                b'0' if used == 2 => leading_zero = true,
                b'0'..=b'9' if !leading_zero => {
                    value = value.wrapping_mul(10).wrapping_add((ch - b'0') as i32);
                }
                _ => {
                    self.error(
                        &mut cx,
                        parent,
                        offset,
                        Some(length as usize),
                        INT_INVALID,
                        invalid,
                    );
                    return -1;
                }
            }
        }
        self.truncated(&mut cx, parent, offset, Some(0));
        -1
    }
}

impl Entry {
    /// Adds a key or a string value to the label, escaped as Wireshark's `format_text` does.
    fn append(&mut self, text: &[u8]) {
        self.label.push_str(match self.part {
            EntryPart::Key => " Key: ",
            EntryPart::Value => "  Value: ",
        });
        fields::format::write_label_string(text, &mut self.label);
    }
}
