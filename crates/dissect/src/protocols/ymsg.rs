//! Yahoo Messenger's YMSG protocol as tshark 4.0 shows it: a 20-byte header ("YMSG", version, vendor
//! id, content length, service, status, session id) and content of key/value pairs, each ended by the
//! two bytes C0 80.
//!
//! What tshark 4.0 does, and so what this does (checked on zeek/smtp.pcap's keep-alive and the crafted
//! messages of scripts/make-ymsg-cases.py): YMSG is found by content, on TCP connections no port
//! protocol takes, when a segment starts with "YMSG"; messages are framed by the header's length
//! (several per segment, or across segments). The session id is little-endian. The Info column gets
//! "Service (status=Status)   " for each message, three spaces included; the protocol item names the
//! service. A content line is shown only when at least four bytes are left for its delimiters, and a
//! line whose delimiters run past the message raises an exception ("[Malformed Packet: YMSG]"); as
//! Wireshark's reads the lines only when it builds a tree, a bare packet list shows no such mark.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::flow::stream::{PduLength, StreamProtocol};

fields::declare_protocol! {
    proto YMSG = super::ids::YMSG, "Yahoo YMSG Messenger Protocol", "YMSG", "ymsg";
    VERSION: "ymsg.version", "Version", UInt16, Dec, blurb "Packet version identifier";
    VENDOR: "ymsg.vendor", "Vendor ID", UInt16, Dec, blurb "Vendor identifier";
    LEN: "ymsg.len", "Packet Length", UInt16, Dec;
    SERVICE: "ymsg.service", "Service", UInt16, Dec, values SERVICE_NAMES, blurb "Service Type";
    STATUS: "ymsg.status", "Status", UInt32, Dec, values STATUS_NAMES, blurb "Message Type Flags";
    SESSION_ID: "ymsg.session_id", "Session ID", UInt32, Hex, blurb "Connection ID";
    CONTENT: "ymsg.content", "Content", Bytes, None, blurb "Data portion of the packet";
    CONTENT_LINE: "ymsg.content-line", "Content-line", String, None, blurb "Content line";
    CONTENT_LINE_KEY: "ymsg.content-line.key", "Key", String, None, blurb "Content line key";
    CONTENT_LINE_VALUE: "ymsg.content-line.value", "Value", String, None, blurb "Content line value";
}

/// The header's length; its length field counts the content only.
const HEADER_LEN: usize = 20;

/// What ends each key and each value.
const DELIMITER: [u8; 2] = [0xc0, 0x80];

/// Service names (`tshark -G values`, ymsg.service).
static SERVICE_NAMES: &[(u64, &str)] = &[
    (1, "Pager Logon"),
    (2, "Pager Logoff"),
    (3, "Is Away"),
    (4, "Is Back"),
    (5, "Idle"),
    (6, "Message"),
    (7, "Activate Identity"),
    (8, "Deactivate Identity"),
    (9, "Mail Status"),
    (10, "User Status"),
    (11, "New Mail"),
    (12, "Chat Invitation"),
    (13, "Calendar Reminder"),
    (14, "New Personals Mail"),
    (15, "New Friend"),
    (16, "Add Identity"),
    (17, "Add Ignore"),
    (18, "Ping"),
    (19, "Got Group Rename"),
    (20, "System Message"),
    (21, "Skinname"),
    (22, "Passthrough 2"),
    (24, "Conference Invitation"),
    (25, "Conference Logon"),
    (26, "Conference Decline"),
    (27, "Conference Logoff"),
    (28, "Conference Additional Invitation"),
    (29, "Conference Message"),
    (30, "Chat Logon"),
    (31, "Chat Logoff"),
    (32, "Chat Message"),
    (40, "Game Logon"),
    (41, "Game Logoff"),
    (42, "Game Message"),
    (70, "File Transfer"),
    (74, "Voice Chat"),
    (75, "Notify"),
    (76, "Verify"),
    (77, "P2P File Transfer"),
    (79, "Peer To Peer"),
    (80, "WebCam"),
    (84, "Authentication Response"),
    (85, "List"),
    (87, "Authentication"),
    (109, "Authorize Buddy"),
    (131, "Add Buddy"),
    (132, "Remove Buddy"),
    (133, "Ignore Contact"),
    (134, "Reject Contact"),
    (137, "Group Rename"),
    (138, "Keep Alive"),
    (150, "Chat Online"),
    (151, "Chat Goto"),
    (152, "Chat Join"),
    (153, "Chat Leave"),
    (155, "Chat Exit"),
    (157, "Chat Invite"),
    (160, "Chat Logout"),
    (161, "Chat Ping"),
    (168, "Comment"),
    (183, "Game Invite"),
    (185, "Stealth Permanent"),
    (186, "Stealth Session"),
    (188, "Avatar"),
    (189, "Picture Checksum"),
    (190, "Picture"),
    (193, "Picture Update"),
    (194, "Picture Upload"),
    (196, "Yahoo Address Book Update"),
    (197, "Y6 Visibility Toggle"),
    (198, "Y6 Status Update"),
    (199, "Picture Sharing Status"),
    (200, "Verify ID Exists"),
    (208, "Audible"),
    (211, "Y7 Contact Details"),
    (212, "Y7 Chat Session"),
    (214, "Y7 Buddy Authorization"),
    (220, "Y7 File Transfer"),
    (221, "Y7 File Transfer Information"),
    (222, "Y7 File Transfer Accept"),
    (231, "Y7 Change Group"),
    (240, "Status V15"),
    (241, "List V15"),
    (550, "WebLogin"),
    (746, "SMS Message"),
];

/// Status names (`tshark -G values`, ymsg.status).
static STATUS_NAMES: &[(u64, &str)] = &[
    (0xffff_ffff, "Disconnected"),
    (0, "Default"),
    (1, "Server Ack"),
    (2, "Playing Game"),
    (4, "Away"),
    (5, "More Packets??"),
    (22, "Notify"),
    (1_515_563_605, "Web Login"),
    (1_515_563_606, "Offline"),
];

/// YMSG over TCP: messages framed by their header's length.
pub static STREAM: StreamProtocol = StreamProtocol {
    name: "ymsg",
    proto: YMSG,
    pdu_length: |bytes, _| match read::be16(bytes, 8) {
        Some(len) => PduLength::Known(HEADER_LEN + len as usize),
        None => PduLength::NeedMore,
    },
    pdu_found: None,
    dissect,
    held: None,
    called_on_start: false,
    pdu_size: true,
    layer_per_run: true,
    hands_over_to: &[],
    item_per_run: false,
};

/// Whether a segment starts a YMSG message (tshark's heuristic: the signature).
pub fn looks_like_ymsg(payload: &[u8]) -> bool {
    payload.starts_with(b"YMSG")
}

/// A value's name, or Wireshark's `val_to_str` text for one without ("Unknown Service: 65535").
struct Named {
    name: Option<&'static str>,
    unknown: &'static str,
    value: u64,
}

impl Named {
    fn new(table: &'static [(u64, &'static str)], unknown: &'static str, value: u64) -> Self {
        let name = fields::Strings::Values(table).name_of(value);
        Named {
            name,
            unknown,
            value,
        }
    }
}

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name {
            Some(name) => f.write_str(name),
            None => write!(f, "{}: {}", self.unknown, self.value),
        }
    }
}

/// Where the key or value starting at `at` ends: at the next delimiter, or one byte before the end
/// of `data` when none is left (Wireshark stops looking when fewer than two bytes remain).
fn item_end(data: &[u8], at: usize) -> usize {
    let mut end = at;
    while end + 2 <= data.len() && data[end..end + 2] != DELIMITER {
        end += 1;
    }
    end
}

/// Dissects the YMSG message `data[offset..]` (one whole message when reassembled). TCP lists the
/// layer (see [`StreamProtocol::layer_per_run`]).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let Some(bytes) = data.get(offset..).filter(|b| !b.is_empty()) else {
        return 0;
    };
    cx.set_protocol("YMSG");
    let outer = cx.layer_parent(parent);
    let top = cx
        .tree
        .add(outer, PROTOCOL_FIELD, offset, bytes.len(), Value::None);
    let (Some(len), Some(service), Some(status), Some(session)) = (
        read::be16(bytes, 8),
        read::be16(bytes, 10),
        read::be32(bytes, 12),
        read::le32(bytes, 16),
    ) else {
        cx.malformed(data.len(), "YMSG");
        return bytes.len();
    };
    let service_name = Named::new(SERVICE_NAMES, "Unknown Service", service as u64);
    let status_name = Named::new(STATUS_NAMES, "Unknown Status", status as u64);
    cx.tree.set_label(
        top,
        format_args!(
            "Yahoo YMSG Messenger Protocol ({})",
            service_name.name.unwrap_or("Unknown")
        ),
    );
    cx.set_info(format_args!("{service_name} (status={status_name})   "));
    // The segment's first message replaces TCP's Info; the fence makes the next ones add theirs.
    cx.fence_info();
    let at = offset;
    cx.uint(
        top,
        VERSION,
        at + 4,
        2,
        read::be16(bytes, 4).unwrap_or(0) as u64,
    );
    cx.uint(
        top,
        VENDOR,
        at + 6,
        2,
        read::be16(bytes, 6).unwrap_or(0) as u64,
    );
    cx.uint(top, LEN, at + 8, 2, len as u64);
    cx.uint(top, SERVICE, at + 10, 2, service as u64);
    cx.uint(top, STATUS, at + 12, 4, status as u64);
    cx.uint(top, SESSION_ID, at + 16, 4, session as u64);
    if len == 0 {
        return bytes.len();
    }
    let content_start = at + HEADER_LEN;
    let content = cx.tree.add(
        top,
        CONTENT,
        content_start,
        data.len().saturating_sub(content_start),
        Value::Bytes,
    );
    // Wireshark's dissector reads the lines only while building a tree (not for a bare packet list),
    // so only then can a line raise its exception.
    if !cx.tree.interest().wants_any_field() {
        return bytes.len();
    }
    let content_end = at + HEADER_LEN + len as usize;
    let mut line = content_start;
    // A line needs room for its two delimiters.
    while line + 4 < content_end {
        let key_end = item_end(data, line);
        let value_at = key_end + 2;
        let value_end = item_end(data, value_at);
        let line_end = value_end + 2;
        if line_end > data.len() {
            cx.malformed(data.len(), "YMSG");
            break;
        }
        let text = cx.tree.text_value("");
        let item = cx
            .tree
            .add(content, CONTENT_LINE, line, line_end - line, text);
        if item.is_stored() {
            let mut label = String::new();
            fields::format::write_label_string(&data[line..key_end], &mut label);
            label.push(':');
            fields::format::write_label_string(&data[value_at..value_end], &mut label);
            cx.tree.set_label(item, format_args!("{label}"));
        }
        cx.string(item, CONTENT_LINE_KEY, data, line, key_end - line);
        cx.string(
            item,
            CONTENT_LINE_VALUE,
            data,
            value_at,
            value_end - value_at,
        );
        line = line_end;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use crate::testutil::tcp_segment;

    /// zeek/smtp.pcap frame 61's keep-alive.
    const KEEP_ALIVE: &[u8] =
        b"YMSG\x00\x10\x00\x00\x00\x15\x00\x8a\x00\x00\x00\x00\x00\x40\x37\xb7\
        0\xc0\x80albertzaharovits\xc0\x80";

    #[test]
    fn keep_alive_as_tshark_shows_it() {
        let d = tcp_segment(49285, 5050, KEEP_ALIVE);
        assert_eq!(d.protocols(), "ip:tcp:ymsg");
        assert_eq!(d.info(), "Keep Alive (status=Default)   ");
        assert_eq!(d.field("ymsg.len"), "21");
        assert_eq!(d.field("ymsg.service"), "138");
        assert_eq!(d.field("ymsg.session_id"), "0xb7374000");
        assert_eq!(d.field("ymsg.content-line.key"), "0");
        assert_eq!(d.field("ymsg.content-line.value"), "albertzaharovits");
    }

    #[test]
    fn cut_messages_never_panic() {
        for cut in 0..=KEEP_ALIVE.len() {
            let d = tcp_segment(49285, 5050, &KEEP_ALIVE[..cut]);
            // Only the whole message is dissected; a cut one is held for more.
            assert_eq!(
                d.has("ymsg.service"),
                cut == KEEP_ALIVE.len(),
                "cut at {cut}"
            );
        }
        // A length shorter than the content, and content cut in a delimiter.
        let mut short = KEEP_ALIVE.to_vec();
        short[9] = 3;
        tcp_segment(49285, 5050, &short);
        let mut cut = KEEP_ALIVE.to_vec();
        cut.truncate(KEEP_ALIVE.len() - 1);
        cut[9] = (cut.len() - 20) as u8;
        tcp_segment(49285, 5050, &cut);
    }
}
