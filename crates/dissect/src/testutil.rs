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
            .filter(|l| **l != "frame" && !l.starts_with("_ws."))
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
    let times: Vec<(i64, u32)> = (0..frames.len()).map(|i| (1_000 + i as i64, 0)).collect();
    dissect_all_at(frames, &times)
}

/// Dissects frames in order with one [`Dissector`], each at the given (seconds, nanoseconds) since the
/// epoch (for dissectors that compare times in the packet with the frame's).
pub fn dissect_all_at(frames: &[Frame<'_>], times: &[(i64, u32)]) -> Vec<Dissected> {
    let mut dissector = Dissector::new();
    frames
        .iter()
        .zip(times)
        .enumerate()
        .map(|(i, (f, &(secs, nanos)))| {
            let bytes = hex(f.hex);
            let meta = FrameMeta {
                number: i as u64 + 1,
                secs,
                nanos,
                interface_id: None,
                section_number: None,
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

/// Dissects one raw-IPv4 frame carrying an HTTP/1.1 200 response from port 80 with `body` as its
/// Content-Type `content_type` (checksums zero, as tshark does not check them by default).
pub fn http_response(content_type: &str, body: &[u8]) -> Dissected {
    let mut payload = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    payload.extend_from_slice(body);
    tcp_segment(80, 40000, &payload)
}

/// Dissects one raw-IPv4 frame from 10.0.0.1 to 10.0.0.2 carrying a TCP segment (PSH+ACK, sequence
/// number 1000) from `src_port` to `dst_port` with `payload` (checksums zero, as tshark does not check
/// them by default).
pub fn tcp_segment(src_port: u16, dst_port: u16, payload: &[u8]) -> Dissected {
    let total = (40 + payload.len()) as u16;
    let mut frame = vec![
        0x45,
        0,
        (total >> 8) as u8,
        total as u8,
        0,
        1,
        0x40,
        0,
        64,
        6,
        0,
        0,
    ];
    frame.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
    frame.extend_from_slice(&src_port.to_be_bytes());
    frame.extend_from_slice(&dst_port.to_be_bytes());
    // Sequence 1000, acknowledgement 1, header 20 bytes, PSH+ACK, window 65535.
    frame.extend_from_slice(&[0, 0, 3, 0xe8, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff]);
    frame.extend_from_slice(&[0, 0, 0, 0]);
    frame.extend_from_slice(payload);
    let text: String = frame.iter().map(|b| format!("{b:02x}")).collect();
    dissect(228, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames the `dissect` fuzz target found items of to point past their data (an option or record
    /// claiming its declared size, a malformed or short marker placed where the bytes ran out): every item
    /// read from the packet now lies within its data source, as every item of tshark's does.
    #[test]
    fn items_stay_within_their_data() {
        let frames: &[(u32, &str, Option<u32>)] = &[
            (
                101,
                "6009fc2e00483afffeffff7e1007080000feffffffffffffff10000007fefffff620010db89b000086ffffff7e1007080000feffffffffffffff",
                Some(0),
            ),
            (
                1,
                "3333fff50700000054f5000086dd6e00000000183aff0000000000000000000000000000001b000000f588009abba0000000fe8000008f005c1301ff020000",
                None,
            ),
            (
                0,
                "1800000060099978008401000000000084ffffffffffff05000000010000000000ff050000015b0000000060090084ffffffffff050000015b000000",
                None,
            ),
            (
                228,
                "600000350085010000180000006009997800c006800000000000000000000085010000180000006009997800c00680000000000000008501",
                Some(73),
            ),
            (
                101,
                "67000c290e67000000005254000ceecf675254000ceecf67cf67000000005254000ceecf5254000ceecf6767",
                Some(58),
            ),
        ];
        for &(link_type, hex, original_len) in frames {
            let d = dissect_all(&[Frame {
                link_type,
                hex,
                original_len,
            }]);
            let p = &d[0];
            for item in p.tree.items() {
                if item.flags & fields::tree::flags::GENERATED != 0 {
                    continue;
                }
                let source = p.tree.source_bytes(&p.frame, item.source).len() as u64;
                assert!(
                    item.offset as u64 + item.len as u64 <= source,
                    "{} at {}+{} of {source} bytes in {hex}",
                    crate::registry().field(item.field).abbrev,
                    item.offset,
                    item.len
                );
            }
        }
        // tshark puts the marker at the start with no length: PDML `pos="0" size="0"`; the expert note
        // under it adds the hidden one every malformed-group note has (`-T fields` prints both).
        let p = dissect(1, "0000000000000000");
        let malformed = crate::registry().lookup("_ws.malformed").unwrap();
        let spans: Vec<_> = p
            .tree
            .occurrences(malformed)
            .map(|i| (i.offset, i.len))
            .collect();
        assert_eq!(spans, [(0, 0), (0, 0)]);
    }

    /// Every prefix of a set of link-layer frames (and a few mutations of their length and type fields)
    /// dissects without panicking.
    #[test]
    fn cut_frames_never_panic() {
        let samples: &[(u32, &str)] = &[
            (
                1,
                "ffffffffffff0020d25afb3f88a800c8810007d1080600010800060400010020d25afb3fac154f61000000000000ac154f640000000000000000000000000000",
            ),
            (
                1,
                "ffffffffffffc23d196c00010024aaaa0300000008060006080006040001c23d196c00010a000001000000000000 0a00000200000000000000000000",
            ),
            (1, "0180c200000000112233445500044243051100"),
            (
                1,
                "ffffffffffff00112233445588a830c888a80001080045000020000000004011000001020304050607089c409c41000c0000deadbeef",
            ),
            (
                113,
                "000100010006cc2de0261999000008060001080006040001cc2de0261999c0a81601000000000000c0a816a0000000000000000000000000000000000000",
            ),
            (
                113,
                "0003000100060011223344550000 0004 aaaa030000000806 0001080006040001cc2de0261999c0a81601000000000000c0a816a0",
            ),
            (
                276,
                "080000000000000200010406aa763071b0e700004500003c45a94000400670b0c0a801fdc0a80115dc9e00508b0b439300000000a002faf0d70c0000020405b40402080ac5be80530000000001030307",
            ),
            (
                0,
                "0200000045000020000000004011000001020304050607089c409c41000c0000deadbeef",
            ),
            (
                0,
                "0000080045000020000000004011000001020304050607089c409c41000c0000deadbeef",
            ),
            (
                108,
                "0000000245000020000000004011000001020304050607089c409c41000c0000deadbeef",
            ),
            (
                101,
                "0000000000000000000045000020000000004011000001020304050607089c409c41000c0000deadbeef",
            ),
            (
                228,
                "45000020000000004011000001020304050607089c409c41000c0000deadbeef",
            ),
        ];
        for (link_type, text) in samples {
            let full = hex(text);
            let mut variants = vec![full.clone()];
            // Flip every byte in turn to 0x00 and 0xff: lengths, types and sizes go out of range.
            for i in 0..full.len().min(40) {
                for v in [0x00, 0xff] {
                    let mut m = full.clone();
                    m[i] = v;
                    variants.push(m);
                }
            }
            let mut dissector = Dissector::new();
            let mut tree = PacketTree::new(Interest::everything(crate::registry()));
            for bytes in &variants {
                for cut in 0..=bytes.len() {
                    let frame = &bytes[..cut];
                    let meta = FrameMeta {
                        number: 1,
                        secs: 0,
                        nanos: 0,
                        interface_id: None,
                        section_number: None,
                        link_type: *link_type,
                        original_len: bytes.len() as u32,
                        comments: &[],
                        interface_name: None,
                        interface_description: None,
                    };
                    dissector.dissect(&meta, frame, &mut tree);
                }
            }
        }
    }
}
