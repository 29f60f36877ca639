//! Bazaar's smart protocol (the version control system's client/server protocol, `bzr serve`) on TCP
//! port 4155, as tshark 4.0 shows it.
//!
//! A message is a protocol version line ("bzr message 3 (bzr 1.6)\n"), a length-prefixed bencoded
//! header structure, then parts, each a kind byte: `s` a length-prefixed bencoded structure, `b`
//! length-prefixed bytes, `o` one byte (a result, `S` success or `E` error), `e` the end of the
//! message. The structures go to [`super::bencode`].
//!
//! What tshark 4.0 does, and so what this does (checked on a real brz 3.3 client and server,
//! scripts/record-bzr-fixture.sh, and the edge cases of scripts/make-bzr-edge-cases.py):
//! - Whatever TCP port 4155 carries is read as Bazaar: a message ends at the first `e` kind byte
//!   found walking the parts (other bytes are kinds of their own); until then the bytes are held,
//!   one more segment at a time, and shown as "[TCP segment of a reassembled PDU]". A connection that
//!   is not Bazaar (TLS on port 4155) is thus held to its end and never shown as anything.
//! - The message length counts one byte for the version line's end even when it is CR LF, so such a
//!   message ends one byte early and the next starts with its last byte.
//! - A length field cut by the end of the data raises an exception ("[Malformed Packet: Bazaar]").
//!
//! Lengths are read as Wireshark's unsigned 32-bit values but added without its `int` wrap-around: a
//! message claiming a part of 2 GiB or more is held here where Wireshark's arithmetic would go negative.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::flow::stream::{PduLength, StreamProtocol};

fields::declare_protocol! {
    proto BZR = super::ids::BZR, "Bazaar Smart Protocol", "Bazaar", "bzr";
    KIND: "bzr.kind", "Packet kind", Char, Hex, values KIND_NAMES;
    PROTOCOL_VERSION: "bzr.protocol_version", "Protocol version", String, None;
    BENCODE: "bzr.bencode", "Bencode packet", None, None,
        blurb "Serialized structure of integers, dictionaries, strings and lists.";
    BENCODE_LENGTH: "bzr.bencode.length", "Bencode packet length", UInt32, Hex;
    BYTES: "bzr.bytes", "Prefixed bytes", None, None, blurb "Bytes field with prefixed 32-bit length";
    BYTES_DATA: "bzr.bytes.data", "Prefixed bytes data", Bytes, None;
    BYTES_LENGTH: "bzr.bytes.length", "Prefixed bytes length", UInt32, Hex;
    RESULT: "bzr.result", "Result", Char, Hex, values RESULT_NAMES,
        blurb "Command result (success or failure with error message)";
}

/// The TCP port Bazaar's server listens on, which tshark 4.0 takes for it.
pub const PORT: u16 = 4155;

static KIND_NAMES: &[(u64, &str)] = &[
    (b's' as u64, "Structure"),
    (b'b' as u64, "Bytes"),
    (b'o' as u64, "Single byte"),
    (b'e' as u64, "End"),
];

static RESULT_NAMES: &[(u64, &str)] = &[(b'S' as u64, "Success"), (b'E' as u64, "Error")];

/// Bazaar over TCP: messages found by walking their parts, held until one ends.
pub static STREAM: StreamProtocol = StreamProtocol {
    name: "bzr",
    proto: BZR,
    pdu_length: |bytes, _| pdu_length(bytes),
    pdu_found: None,
    dissect,
    held: Some(held),
    // Wireshark lists no layer whose dissector added no item, as this one on bytes it holds.
    called_on_start: false,
    pdu_size: false,
    layer_per_run: true,
    hands_over_to: &[],
    item_per_run: false,
};

/// How far a message starting at some byte goes.
#[derive(Debug, PartialEq)]
enum MessageLength {
    /// It ends this many bytes in.
    Complete(usize),
    /// Its end is not at hand.
    NeedMore,
    /// A length field is cut by the end of the bytes at hand: Wireshark's reading raises an exception.
    Cut,
}

/// The message at the start of `bytes`.
fn message_length(bytes: &[u8]) -> MessageLength {
    let Some((text_end, next)) = read::line_end(bytes, 0) else {
        return MessageLength::NeedMore;
    };
    let prefixed = |at: usize| read::be32(bytes, at).map(|n| 4 + n as usize);
    let Some(headers) = prefixed(next) else {
        return MessageLength::Cut;
    };
    let mut len = text_end + 1 + headers;
    while len < bytes.len() {
        let kind = bytes[len];
        len += 1;
        match kind {
            b's' | b'b' => match prefixed(len) {
                Some(n) => len += n,
                None => return MessageLength::Cut,
            },
            b'o' => len += 1,
            b'e' => return MessageLength::Complete(len),
            _ => {}
        }
    }
    MessageLength::NeedMore
}

/// The messages at the start of `bytes`, for TCP: Wireshark's dissector takes every message a segment
/// (or the bytes it asked for more to complete) holds in one call, and asks for one more segment when
/// the last is not complete; so a run of complete messages is one PDU, whose dissection may leave the
/// start of the next ([`PduLength::Dissected`]). A cut length makes the PDU all of the bytes.
fn pdu_length(bytes: &[u8]) -> PduLength {
    let mut total = 0;
    while total < bytes.len() {
        match message_length(&bytes[total..]) {
            MessageLength::Complete(n) => total += n,
            MessageLength::Cut if total == 0 => return PduLength::Known(bytes.len()),
            MessageLength::Cut | MessageLength::NeedMore => break,
        }
    }
    if total == 0 {
        PduLength::NeedMore
    } else {
        PduLength::Dissected(total)
    }
}

/// Bytes held for a message not complete yet keep the Info Wireshark's dissector set before asking
/// for more.
fn held(cx: &mut Cx, _bytes: &[u8]) {
    cx.set_info(format_args!("Bazaar Smart Protocol"));
}

/// Dissects the messages of `data[offset..]`, up to one that is not complete. TCP lists the layer (see
/// [`StreamProtocol::layer_per_run`]).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    cx.set_protocol("BZR");
    cx.set_info(format_args!("Bazaar Smart Protocol"));
    let mut at = offset;
    while at < data.len() {
        match message_length(&data[at..]) {
            MessageLength::Complete(n) => {
                if !message(cx, &data[..at + n], at, parent) {
                    break;
                }
                at += n;
            }
            MessageLength::NeedMore => break,
            // The exception comes before the message's item is added.
            MessageLength::Cut => {
                cx.malformed(data.len(), "Bazaar");
                break;
            }
        }
    }
    data.len() - offset
}

/// Dissects the message `data[offset..]`; `false` after an exception.
fn message(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> bool {
    let end = data.len();
    let outer = cx.layer_parent(parent);
    let top = cx
        .tree
        .add(outer, PROTOCOL_FIELD, offset, end - offset, Value::None);
    // The message was measured asking for more, which found a line end and a header length.
    let Some((text_end, mut at)) = read::line_end(data, offset) else {
        return false;
    };
    cx.string(top, PROTOCOL_VERSION, data, offset, text_end + 1 - offset);
    let Some(n) = prefixed_bencode(cx, data, at, top) else {
        return false;
    };
    at += n;
    while at < end {
        let kind = data[at];
        cx.uint(top, KIND, at, 1, kind as u64);
        at += 1;
        let taken = match kind {
            b's' => prefixed_bencode(cx, data, at, top),
            b'b' => prefixed_bytes(cx, data, at, top),
            b'o' if at < end => {
                cx.uint(top, RESULT, at, 1, data[at] as u64);
                Some(1)
            }
            b'o' => {
                cx.malformed(end, "Bazaar");
                None
            }
            _ => Some(0),
        };
        // The part reading that failed raised the exception.
        let Some(n) = taken else { return false };
        at += n;
    }
    true
}

/// A length-prefixed bencoded structure at `at`: the bytes it takes, or `None` after the exception
/// (raised here or by the bencode dissector).
fn prefixed_bencode(cx: &mut Cx, data: &[u8], at: usize, parent: ItemIdx) -> Option<usize> {
    let (item, n) = prefixed(cx, data, at, parent, BENCODE, BENCODE_LENGTH)?;
    super::bencode::dissect(cx, data, at + 4, at + 4 + n, item).then_some(4 + n)
}

/// Length-prefixed bytes at `at`: the bytes they take, or `None` after an exception.
fn prefixed_bytes(cx: &mut Cx, data: &[u8], at: usize, parent: ItemIdx) -> Option<usize> {
    let (item, n) = prefixed(cx, data, at, parent, BYTES, BYTES_LENGTH)?;
    cx.tree.add(item, BYTES_DATA, at + 4, n, Value::Bytes);
    Some(4 + n)
}

/// The item `field` over a 32-bit length at `at` and the bytes it counts, the length under it as
/// `length_field`: the item and the count, or `None` after raising the exception Wireshark's reading
/// raises when the length or the bytes run past the message.
fn prefixed(
    cx: &mut Cx,
    data: &[u8],
    at: usize,
    parent: ItemIdx,
    field: fields::FieldId,
    length_field: fields::FieldId,
) -> Option<(ItemIdx, usize)> {
    let n = read::be32(data, at)
        .map(|n| n as usize)
        .filter(|n| at + 4 + n <= data.len());
    let Some(n) = n else {
        cx.malformed(data.len(), "Bazaar");
        return None;
    };
    let item = cx.tree.add(parent, field, at, 4 + n, Value::None);
    cx.uint(item, length_field, at, 4, n as u64);
    Some((item, n))
}

#[cfg(test)]
mod tests {
    use crate::testutil::tcp_segment;

    /// A message as brz 3.3's server sends it (tests/data/bzr/bzr-exchange.pcap frame 11): headers,
    /// a success byte, a structure, the end.
    fn message() -> Vec<u8> {
        let mut m = b"bzr message 3 (bzr 1.6)\n".to_vec();
        let headers = b"d16:Software version5:3.3.2e";
        m.extend_from_slice(&(headers.len() as u32).to_be_bytes());
        m.extend_from_slice(headers);
        m.extend_from_slice(b"oS");
        m.push(b's');
        m.extend_from_slice(&6u32.to_be_bytes());
        m.extend_from_slice(b"l2:oke");
        m.push(b'e');
        m
    }

    #[test]
    fn message_fields_as_tshark_shows_them() {
        let d = tcp_segment(super::PORT, 40000, &message());
        assert_eq!(d.protocols(), "ip:tcp:bzr:bencode:bencode");
        assert_eq!(d.protocol(), "BZR");
        assert_eq!(d.info(), "Bazaar Smart Protocol");
        assert_eq!(
            d.field("bzr.protocol_version"),
            "bzr message 3 (bzr 1.6)\\n"
        );
        assert_eq!(d.values("bzr.kind"), ["'o'", "'s'", "'e'"]);
        assert_eq!(d.field("bzr.result"), "'S'");
        assert_eq!(d.values("bzr.bencode.length"), ["0x0000001c", "0x00000006"]);
        assert_eq!(d.values("bencode.str"), ["Software version", "3.3.2", "ok"]);
    }

    #[test]
    fn cut_and_damaged_messages_never_panic() {
        let whole = message();
        for cut in 0..=whole.len() {
            let d = tcp_segment(super::PORT, 40000, &whole[..cut]);
            // Only the whole message ends: the rest is held for more.
            assert_eq!(d.has("bzr"), cut == whole.len(), "cut at {cut}");
        }
        // Every byte set to each of the values that steer the walk.
        for at in 0..whole.len() {
            for b in [
                0, b'\r', b'\n', b's', b'b', b'o', b'e', b'd', b'l', b'i', b':', 0xff,
            ] {
                let mut m = whole.clone();
                m[at] = b;
                tcp_segment(super::PORT, 40000, &m);
            }
        }
    }
}
