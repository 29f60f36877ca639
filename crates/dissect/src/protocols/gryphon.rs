//! DG Gryphon (Dearborn Group's protocol for its vehicle network interfaces) on TCP port 7000, as far
//! as its 8-byte header: tshark 4.0 takes every TCP port 7000 conversation for it, so that what the
//! connection carries is cut into Gryphon frames (`tcp_dissect_pdus`) whatever it is.
//!
//! What tshark 4.0 does, and so what this does (checked on hand-made frames and
//! zeek/echo-connections.pcap.gz, whose 1-byte echoes never make a whole frame): a frame is the header
//! (source, source channel, destination, destination channel, data length, frame type, a reserved
//! byte; the channel of the server or a client is a client id) and the data padded to 4 bytes; the header is a "Header" subtree, the rest a "Body" one.
//! The frame type is its byte's low six bits, named for 1 to 7, and names the frame in Info
//! ("- Invalid -" for other types). Left to do: the body of each frame type (commands, responses,
//! events ...), which tshark dissects further.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::flow::stream::{PduLength, StreamProtocol};

fields::declare_protocol! {
    proto GRYPHON = super::ids::GRYPHON, "DG Gryphon Protocol", "Gryphon", "gryphon";
    SRC: "gryphon.src", "Source", UInt8, Hex, values SRC_DEST_NAMES;
    SRCCHAN: "gryphon.srcchan", "Source channel", UInt8, Dec;
    SRCCHANCLIENT: "gryphon.srcchanclient", "Source client id", UInt8, Dec;
    DEST: "gryphon.dest", "Destination", UInt8, Hex, values SRC_DEST_NAMES;
    DESTCHAN: "gryphon.destchan", "Destination channel", UInt8, Dec;
    DESTCHANCLIENT: "gryphon.destchanclient", "Destination client id", UInt8, Dec;
    TYPE: "gryphon.type", "Frame type", UInt8, Dec, values FRAME_TYPE_NAMES;
    DATA_LENGTH: "gryphon.data_length", "Data length (bytes)", UInt16, Dec;
    RESERVED: "gryphon.reserved", "Reserved", Bytes, None;
}

/// The TCP port tshark 4.0 takes for Gryphon.
pub const PORT: u16 = 7000;

/// The header's length.
const HEADER_LEN: usize = 8;

/// Who sends or receives a frame (Wireshark's names).
static SRC_DEST_NAMES: &[(u64, &str)] = &[
    (0x01, "Card"),
    (0x02, "Server"),
    (0x03, "Client"),
    (0x10, "Scheduler"),
    (0x20, "Script Processor"),
    (0x21, "Program Loader"),
    (0x22, "USDT Server"),
    (0x23, "Bus Load Monitoring"),
    (0x24, "LIN LDF Server"),
    (0x25, "Flight Recorder / Data Logger"),
    (0x26, "Message Responder"),
    (0x27, "I/O and power"),
    (0x28, "Utility/Miscellaneous"),
    (0x29, "Signal Conversion Utility"),
];

/// Frame types; tshark 4.0 names type 0 with an empty string.
static FRAME_TYPE_NAMES: &[(u64, &str)] = &[
    (0, ""),
    (1, "Command request"),
    (2, "Command response"),
    (3, "Network (vehicle) data"),
    (4, "Event"),
    (5, "Miscellaneous"),
    (6, "Text string"),
    (7, "Signal (vehicle) network"),
];

/// Gryphon as a TCP stream protocol: frames framed by their header's data length.
pub static STREAM: StreamProtocol = StreamProtocol {
    name: "gryphon",
    proto: GRYPHON,
    pdu_length: |bytes, _| pdu_length(bytes),
    pdu_found: None,
    dissect,
    held: None,
    called_on_start: false,
    pdu_size: true,
    layer_per_run: true,
    hands_over_to: &[],
    item_per_run: false,
};

/// The frame at the start of `bytes`: the header and the data padded to a multiple of 4.
fn pdu_length(bytes: &[u8]) -> PduLength {
    match bytes {
        [_, _, _, _, a, b, _, _, ..] => {
            let data = u16::from_be_bytes([*a, *b]) as usize;
            PduLength::Known(HEADER_LEN + data.div_ceil(4) * 4)
        }
        _ => PduLength::NeedMore,
    }
}

/// Dissects the Gryphon frame `data[offset..]` (one whole frame when reassembled; whatever the segment
/// holds otherwise). TCP lists the layer (see [`StreamProtocol::layer_per_run`]).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let Some(bytes) = data.get(offset..).filter(|b| !b.is_empty()) else {
        return 0;
    };
    let outer = cx.layer_parent(parent);
    cx.set_protocol("Gryphon");
    let top = cx
        .tree
        .add(outer, PROTOCOL_FIELD, offset, bytes.len(), Value::None);
    if bytes.len() < HEADER_LEN {
        cx.malformed(offset + bytes.len(), "Gryphon");
        return bytes.len();
    }
    let header = cx.text_item(top, offset, HEADER_LEN, format_args!("Header"));
    // The channel byte of the server or a client names a client.
    let channel = |end: u8, chan, client| if matches!(end, 2 | 3) { client } else { chan };
    cx.uint(header, SRC, offset, 1, bytes[0] as u64);
    let field = channel(bytes[0], SRCCHAN, SRCCHANCLIENT);
    cx.uint(header, field, offset + 1, 1, bytes[1] as u64);
    cx.uint(header, DEST, offset + 2, 1, bytes[2] as u64);
    let field = channel(bytes[2], DESTCHAN, DESTCHANCLIENT);
    cx.uint(header, field, offset + 3, 1, bytes[3] as u64);
    let length = u16::from_be_bytes([bytes[4], bytes[5]]);
    cx.uint(header, DATA_LENGTH, offset + 4, 2, length as u64);
    // The type is the low six bits (tshark shows 0x82 as 2, 0xbd as 61).
    let frame_type = bytes[6] & 0x3f;
    cx.uint(header, TYPE, offset + 6, 1, frame_type as u64);
    cx.tree.add(header, RESERVED, offset + 7, 1, Value::Bytes);
    let name = FRAME_TYPE_NAMES
        .iter()
        .find(|(v, _)| *v == frame_type as u64)
        .map_or("- Invalid -", |(_, n)| n);
    cx.set_info(format_args!("{name}"));
    cx.text_item(
        top,
        offset + HEADER_LEN,
        bytes.len() - HEADER_LEN,
        format_args!("Body"),
    );
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_length_is_header_and_padded_data() {
        assert_eq!(pdu_length(b"\x01\x01\x01\x02\x00"), PduLength::NeedMore);
        assert_eq!(
            pdu_length(b"\x01\x01\x01\x02\x00\x00\x01\x00"),
            PduLength::Known(8)
        );
        assert_eq!(
            pdu_length(b"\x01\x01\x01\x02\x00\x05\x06\x00"),
            PduLength::Known(16)
        );
        // zeek/echo-connections.pcap.gz: eight echoed 'a's read as a header.
        assert_eq!(pdu_length(b"aaaaaaaa"), PduLength::Known(8 + 24932));
    }

    /// Hand-made frames (Ethernet/IPv4/TCP written out by a script) on port 7000: a whole frame of
    /// type 6 with 5 data bytes, then a type 5 frame of 8 data bytes cut after 6 bytes. tshark 4.0 on
    /// the same bytes: frame 1 Gryphon "Text string", PDU size 16; frame 2 "[TCP segment of a
    /// reassembled PDU]"; frame 3 Gryphon "Miscellaneous" from segments 2,3 (16 bytes), its header
    /// Script Processor (0x20) channel 2 to 0x30 channel 1.
    #[test]
    fn header_fields_and_reassembly_as_tshark_shows_them() {
        use crate::testutil::{Frame, dissect_all};
        let d = dissect_all(&[
            Frame {
                link_type: 1,
                hex: concat!(
                    "02000000000202000000000108004500003800014000400626bd0a0000010a0000020fa01b58000003e8000013885018",
                    "ffffbf770000300120020005060068656c6c6f000000",
                ),
                original_len: None,
            },
            Frame {
                link_type: 1,
                hex: concat!(
                    "02000000000202000000000108004500002e00014000400626c70a0000020a0000011b580fa000001388000003f85018",
                    "ffff09410000200230010008",
                ),
                original_len: None,
            },
            Frame {
                link_type: 1,
                hex: concat!(
                    "02000000000202000000000108004500003200014000400626c30a0000020a0000011b580fa00000138e000003f85018",
                    "ffffc2ac000005006162636465666768",
                ),
                original_len: None,
            },
        ]);
        assert_eq!(d[0].protocols(), "eth:ethertype:ip:tcp:gryphon");
        assert_eq!(d[0].protocol(), "Gryphon");
        assert_eq!(d[0].info(), "Text string");
        assert_eq!(d[0].field("gryphon.src"), "0x30");
        assert_eq!(d[0].field("gryphon.dest"), "0x20");
        assert_eq!(d[0].field("gryphon.data_length"), "5");
        assert_eq!(d[0].field("gryphon.type"), "6");
        assert_eq!(d[0].field("tcp.pdu.size"), "16");
        assert_eq!(d[1].protocols(), "eth:ethertype:ip:tcp");
        assert!(d[1].info().ends_with(" [TCP segment of a reassembled PDU]"));
        assert_eq!(d[2].info(), "Miscellaneous");
        assert_eq!(d[2].field("tcp.segment"), "2,3");
        assert_eq!(d[2].field("gryphon.src"), "0x20");
        assert_eq!(d[2].field("gryphon.srcchan"), "2");
        assert_eq!(d[2].field("gryphon.destchan"), "1");
        assert_eq!(d[2].field("gryphon.reserved"), "00");
    }
}
