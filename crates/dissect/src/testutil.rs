//! Test helpers: dissect frames written out in hex and read the result back the way `tshark -T fields`
//! prints it, so unit tests can assert what tshark shows for the same bytes.
#![allow(dead_code)]

use fields::format::write_field_value;
use fields::{Interest, PacketTree};

use crate::{Dissector, FrameMeta};

/// Bytes from hex text; spaces, newlines and colons are ignored.
pub fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b':')
        .collect();
    assert!(digits.len().is_multiple_of(2), "odd number of hex digits");
    digits
        .chunks(2)
        .map(|pair| {
            u8::from_str_radix(std::str::from_utf8(pair).expect("ascii"), 16).expect("hex digit")
        })
        .collect()
}

/// One dissected frame: its bytes and its tree (everything wanted, columns included).
pub struct Dissected {
    pub frame: Vec<u8>,
    pub tree: PacketTree,
}

impl Dissected {
    /// Every occurrence of a field, rendered as `tshark -T fields` renders it.
    pub fn values(&self, name: &str) -> Vec<String> {
        let reg = crate::registry();
        let id = reg
            .lookup(name)
            .unwrap_or_else(|| panic!("unknown field {name}"));
        self.tree
            .occurrences(id)
            .map(|item| {
                let mut s = String::new();
                write_field_value(reg, &self.tree, &self.frame, item, &mut s);
                s
            })
            .collect()
    }

    /// The occurrences joined with commas, as `-E occurrence=a -E aggregator=,` prints them ("" if absent).
    pub fn field(&self, name: &str) -> String {
        self.values(name).join(",")
    }

    /// Whether the field occurs at all.
    pub fn has(&self, name: &str) -> bool {
        !self.values(name).is_empty()
    }

    /// `frame.protocols` as tshark prints it: without the frame itself and without the malformed-packet
    /// marker, which tshark does not list.
    pub fn protocols(&self) -> String {
        self.tree
            .layers
            .iter()
            .filter(|l| **l != "frame" && **l != "_ws.malformed")
            .copied()
            .collect::<Vec<_>>()
            .join(":")
    }

    /// `_ws.col.Protocol`.
    pub fn protocol(&self) -> &str {
        &self.tree.protocol_column
    }

    /// `_ws.col.Info`.
    pub fn info(&self) -> &str {
        &self.tree.info
    }
}

/// A frame to dissect: link type, bytes, and the length on the wire if it differs from the bytes.
#[derive(Clone, Copy)]
pub struct Frame<'a> {
    pub link_type: u32,
    pub hex: &'a str,
    pub original_len: Option<u32>,
}

/// Dissects frames in order with one [`Dissector`] (so state carries from frame to frame), one second apart.
pub fn dissect_all(frames: &[Frame<'_>]) -> Vec<Dissected> {
    let mut dissector = Dissector::new();
    frames
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let bytes = hex(f.hex);
            let meta = FrameMeta {
                number: i as u64 + 1,
                secs: 1_000 + i as i64,
                nanos: 0,
                interface_id: 0,
                link_type: f.link_type,
                original_len: f.original_len.unwrap_or(bytes.len() as u32),
                comments: &[],
                interface_name: None,
                interface_description: None,
            };
            let mut tree = PacketTree::new(Interest::everything(crate::registry()));
            dissector.dissect(&meta, &bytes, &mut tree);
            Dissected { frame: bytes, tree }
        })
        .collect()
}

/// Dissects one frame of the given link type.
pub fn dissect(link_type: u32, hex: &str) -> Dissected {
    dissect_all(&[Frame {
        link_type,
        hex,
        original_len: None,
    }])
    .pop()
    .expect("one frame")
}
