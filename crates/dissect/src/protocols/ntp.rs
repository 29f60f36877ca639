//! NTP (RFC 5905; control messages of RFC 1305 appendix B, mode 6; ntpd's private mode 7) as tshark 4.0
//! shows it (checked on the fixtures of tests/data/ntp and zeek/ipv4/fragmented-1).
//!
//! - Modes 0 to 5: the 48-byte header, then a key id and a message authentication code when bytes
//!   follow (tshark 4.0 shows no extension fields on the fixtures' trailing bytes, nor does this).
//!   Timestamps are read in NTP era 0 when their top bit is set, era 1 otherwise, as Wireshark reads
//!   them; a zero timestamp is "NULL".
//! - Mode 6: the control header, its status word read as tshark reads it for the opcode and direction
//!   (system, peer, clock or error status), and the data of a read-status response (association and
//!   status pairs) or of a nonce; other data is shown as one `ntp.ctrl.data` item (tshark lays out
//!   variable lists with a parser tree of its own that this does not reproduce).
//! - Mode 7: the private header and, on an authenticated request, the timestamp, key id and code.
//!
//! A message cut short shows what was read before the bytes ran out, then "[Malformed Packet: NTP]" (or
//! "[Packet size limited during capture]" when the snapshot length cut it).

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto NTP = super::ids::NTP, "Network Time Protocol", "NTP", "ntp";
    FLAGS: "ntp.flags", "Flags", UInt8, Hex, blurb "Flags (Leap/Version/Mode)";
    FLAGS_LI: "ntp.flags.li", "Leap Indicator", UInt8, Dec, mask 0xc0, values LEAP_INDICATORS, blurb "Warning of an impending leap second to be inserted or deleted in the last minute of the current month";
    FLAGS_VN: "ntp.flags.vn", "Version number", UInt8, Dec, mask 0x38, values VERSIONS;
    FLAGS_MODE: "ntp.flags.mode", "Mode", UInt8, Dec, mask 0x07, values MODES;
    STRATUM: "ntp.stratum", "Peer Clock Stratum", UInt8, Dec, ranges STRATA;
    PPOLL: "ntp.ppoll", "Peer Polling Interval", UInt8, Dec, blurb "Maximum interval between successive messages";
    PRECISION: "ntp.precision", "Peer Clock Precision", UInt8, Dec, blurb "The precision of the system clock";
    ROOTDELAY: "ntp.rootdelay", "Root Delay", UInt32, Dec, blurb "Total round-trip delay to the reference clock";
    ROOTDISPERSION: "ntp.rootdispersion", "Root Dispersion", UInt32, Dec, blurb "Total dispersion to the reference clock";
    REFID: "ntp.refid", "Reference ID", Bytes, None, blurb "Particular server or reference clock being used";
    REFTIME: "ntp.reftime", "Reference Timestamp", AbsoluteTime, None, blurb "Time when the system clock was last set or corrected";
    ORG: "ntp.org", "Origin Timestamp", AbsoluteTime, None, blurb "Time at the client when the request departed for the server";
    REC: "ntp.rec", "Receive Timestamp", AbsoluteTime, None, blurb "Time at the server when the request arrived from the client";
    XMT: "ntp.xmt", "Transmit Timestamp", AbsoluteTime, None, blurb "Time at the server when the response left for the client";
    KEYID: "ntp.keyid", "Key ID", Bytes, None;
    MAC: "ntp.mac", "Message Authentication Code", Bytes, None;
    CTRL_FLAGS2: "ntp.ctrl.flags2", "Flags 2", UInt8, Hex, blurb "Flags (Response/Error/More/Opcode)";
    CTRL_FLAGS2_R: "ntp.ctrl.flags2.r", "Response bit", UInt8, Dec, mask 0x80, values CTRL_RESPONSE;
    CTRL_FLAGS2_ERROR: "ntp.ctrl.flags2.error", "Error bit", UInt8, Dec, mask 0x40;
    CTRL_FLAGS2_MORE: "ntp.ctrl.flags2.more", "More bit", UInt8, Dec, mask 0x20;
    CTRL_FLAGS2_OPCODE: "ntp.ctrl.flags2.opcode", "Opcode", UInt8, Dec, mask 0x1f, values CTRL_OPCODES;
    CTRL_SEQUENCE: "ntp.ctrl.sequence", "Sequence", UInt16, Dec;
    CTRL_STATUS: "ntp.ctrl.status", "Status", UInt16, Hex;
    CTRL_ERR_STATUS: "ntp.ctrl.err_status", "Error Status Word", UInt16, Dec, mask 0xff00, values CTRL_ERRORS;
    SYS_LI: "ntp.ctrl.sys_status.li", "Leap Indicator", UInt16, Dec, mask 0xc000, values LEAP_INDICATORS, blurb "Warning of an impending leap second to be inserted or deleted in the last minute of the current month";
    SYS_CLKSRC: "ntp.ctrl.sys_status.clksrc", "Clock Source", UInt16, Dec, mask 0x3f00, values CLOCK_SOURCES;
    SYS_COUNT: "ntp.ctrl.sys_status.count", "System Event Counter", UInt16, Dec, mask 0x00f0;
    SYS_CODE: "ntp.ctrl.sys_status.code", "System Event Code", UInt16, Dec, mask 0x000f, values SYSTEM_EVENTS;
    PEER_CONFIG: "ntp.ctrl.peer_status.config", "Peer Status", Boolean, Bits(16), mask 0x8000, tf ("configured (peer.config)", "not configured (peer.config)");
    PEER_AUTHENABLE: "ntp.ctrl.peer_status.authenable", "Peer Status", Boolean, Bits(16), mask 0x4000, tf ("authentication enabled (peer.authenable)", "authentication disabled (peer.authenable)");
    PEER_AUTHENTIC: "ntp.ctrl.peer_status.authentic", "Peer Status", Boolean, Bits(16), mask 0x2000, tf ("authentication okay (peer.authentic)", "authentication not okay (peer.authentic)");
    PEER_REACH: "ntp.ctrl.peer_status.reach", "Peer Status", Boolean, Bits(16), mask 0x1000, tf ("reachability okay (peer.reach != 0)", "reachability not okay (peer.reach != 0)");
    PEER_BCAST: "ntp.ctrl.peer_status.bcast", "Peer Status broadcast association", Boolean, Bits(16), mask 0x0800;
    PEER_SELECTION: "ntp.ctrl.peer_status.selection", "Peer Selection", UInt16, Dec, mask 0x0700, values PEER_SELECTIONS;
    PEER_COUNT: "ntp.ctrl.peer_status.count", "Peer Event Counter", UInt16, Dec, mask 0x00f0;
    PEER_CODE: "ntp.ctrl.peer_status.code", "Peer Event Code", UInt16, Dec, mask 0x000f, values PEER_EVENTS;
    CLOCK_STATUS: "ntp.ctrl.clock_status.status", "Clock Status", UInt16, Dec, mask 0xff00, values CLOCK_STATUSES;
    CLOCK_CODE: "ntp.ctrl.clock_status.code", "Clock Event Code", UInt16, Dec, mask 0x00ff;
    CTRL_DATA: "ntp.ctrl.data", "Data", None, None;
    CTRL_ITEM: "ntp.ctrl.item", "Item", None, None;
    CTRL_ASSOCID: "ntp.ctrl.associd", "AssociationID", UInt16, Dec;
    CTRL_OFFSET: "ntp.ctrl.offset", "Offset", UInt16, Dec;
    CTRL_COUNT: "ntp.ctrl.count", "Count", UInt16, Dec;
    CTRL_TRAPMSG: "ntp.ctrl.trapmsg", "Trap message", String, None;
    CTRL_CONFIGURATION: "ntp.ctrl.configuration", "Configuration", String, None;
    CTRL_MRU: "ntp.ctrl.mru", "MRU", String, None;
    CTRL_ORDLIST: "ntp.ctrl.ordlist", "Ordered List", String, None;
    CTRL_NONCE: "ntp.ctrl.nonce", "Nonce", String, None;
    PRIV_FLAGS_R: "ntp.priv.flags.r", "Response bit", UInt8, Dec, mask 0x80, values CTRL_RESPONSE;
    PRIV_FLAGS_MORE: "ntp.priv.flags.more", "More bit", UInt8, Dec, mask 0x40;
    PRIV_AUTH_SEQ: "ntp.priv.auth_seq", "Auth, sequence", UInt8, Dec, blurb "Auth bit, sequence number";
    PRIV_AUTH: "ntp.priv.auth", "Auth bit", UInt8, Dec, mask 0x80;
    PRIV_SEQ: "ntp.priv.seq", "Sequence number", UInt8, Dec, mask 0x7f;
    PRIV_IMPL: "ntp.priv.impl", "Implementation", UInt8, Dec, values IMPLEMENTATIONS;
    PRIV_REQCODE: "ntp.priv.reqcode", "Request code", UInt8, Dec, values REQUEST_CODES;
    PRIV_ERR: "ntp.priv.err", "Err", UInt8, Hex, values PRIV_ERRORS;
    PRIV_NUMITEMS: "ntp.priv.numitems", "Number of data items", UInt16, Dec;
    PRIV_RESERVED: "ntp.priv.reserved", "Reserved", UInt8, Hex;
    PRIV_ITEMSIZE: "ntp.priv.itemsize", "Size of data item", UInt16, Dec;
    PRIV_TSTAMP: "ntp.priv.tstamp", "Authentication timestamp", AbsoluteTime, None;
}

/// The UDP port tshark 4.0 takes for NTP.
pub const PORT: u16 = 123;

include!("ntp_tables.rs");

/// `ntp.stratum`'s ranges, as tshark 4.0 names them.
static STRATA: &[(u64, u64, &str)] = &[
    (0, 0, "unspecified or invalid"),
    (1, 1, "primary reference"),
    (2, 15, "secondary reference"),
    (16, 16, "unsynchronized"),
    (17, 255, "reserved"),
];

/// Reference clocks (and the one kiss code) tshark 4.0 names in a stratum 0 or 1 reference id
/// (found by asking tshark for every code RFC 5905 and ntpd's drivers use).
static REFERENCE_SOURCES: &[(&[u8; 4], &str)] = &[
    (b"INIT", "(Initialization)"),
    (b"GOES", "Geostationary Orbit Environment Satellite"),
    (b"GPS\0", "Global Position System"),
    (b"GAL\0", "Galileo Positioning System"),
    (b"PPS\0", "Generic pulse-per-second"),
    (b"IRIG", "Inter-Range Instrumentation Group"),
    (b"WWVB", "LF Radio WWVB Ft. Collins, CO 60 kHz"),
    (b"DCF\0", "LF Radio DCF77 Mainflingen, DE 77.5 kHz"),
    (b"HBG\0", "LF Radio HBG Prangins, HB 75 kHz"),
    (b"MSF\0", "LF Radio MSF Anthorn, UK 60 kHz"),
    (
        b"JJY\0",
        "LF Radio JJY Fukushima, JP 40 kHz, Saga, JP 60 kHz",
    ),
    (b"LORC", "MF Radio LORAN C station, 100 kHz"),
    (b"TDF\0", "MF Radio Allouis, FR 162 kHz"),
    (b"CHU\0", "HF Radio CHU Ottawa, Ontario"),
    (b"WWV\0", "HF Radio WWV Ft. Collins, CO"),
    (b"WWVH", "HF Radio WWVH Kauai, HI"),
    (b"NIST", "NIST telephone modem"),
    (b"ACTS", "NIST telephone modem"),
    (b"USNO", "USNO telephone modem"),
    (b"PTB\0", "European telephone modem"),
    (b"LOCL", "uncalibrated local clock"),
    (b"CESM", "calibrated Cesium clock"),
    (b"RBDM", "calibrated Rubidium clock"),
    (b"OMEG", "OMEGA radionavigation system"),
    (b"DCN\0", "DCN routing protocol"),
    (b"TSP\0", "TSP time protocol"),
    (b"DTS\0", "Digital Time Service"),
    (b"ATOM", "Atomic clock (calibrated)"),
    (b"VLF\0", "VLF radio (OMEGA,, etc.)"),
    (b"1PPS", "External 1 PPS input"),
    (b"FREE", "(Internal clock)"),
    (b"\0\0\0\0", "NULL"),
];

/// Seconds from the NTP epoch (1900) to the Unix epoch.
const NTP_TO_UNIX: i64 = 2_208_988_800;

/// An NTP 32.32 timestamp as Unix seconds and nanoseconds, or `None` for tshark's "NULL" (no
/// nanoseconds at second 0 of the NTP era or of the Unix epoch): era 0
/// when the top bit of the seconds is set, era 1 (from 2036) otherwise; the fraction truncated to whole
/// nanoseconds.
pub fn ntp_time(secs: u32, frac: u32) -> Option<(i64, u32)> {
    let unix = if secs & 0x8000_0000 != 0 {
        secs as i64 - NTP_TO_UNIX
    } else {
        secs as i64 + (1 << 32) - NTP_TO_UNIX
    };
    let nanos = ((frac as u64 * 1_000_000_000) >> 32) as u32;
    // tshark's zero time: the NTP or the Unix epoch to the nanosecond.
    (nanos != 0 || (secs != 0 && unix != 0)).then_some((unix, nanos))
}

/// The version's name and the mode's short name, as the protocol item and Info show them.
fn summary(flags: u8) -> (&'static str, &'static str) {
    let vn = VERSIONS
        .get(((flags >> 3) & 7) as usize)
        .map_or("reserved", |v| v.1);
    let mode = [
        "reserved",
        "symmetric active",
        "symmetric passive",
        "client",
        "server",
        "broadcast",
        "control",
        "private",
    ][(flags & 7) as usize];
    (vn, mode)
}

/// The name `table` gives `v`, or "Unknown".
fn name(table: &[(u64, &'static str)], v: u64) -> &'static str {
    table
        .iter()
        .find(|(k, _)| *k == v)
        .map_or("Unknown", |(_, n)| n)
}

/// Reports the bytes missing at `at` and returns false when fewer than `n` are left.
fn have(cx: &mut Cx, data: &[u8], at: usize, n: usize) -> bool {
    if at + n <= data.len() {
        return true;
    }
    missing(cx, data, at);
    false
}

/// Reports bytes missing at `at`, in tshark's words for either cause.
fn missing(cx: &mut Cx, data: &[u8], at: usize) {
    if cx.lost_to_snaplen(data.len()) {
        cx.short(at, "NTP truncated");
    } else {
        cx.malformed(at, "NTP");
    }
}

/// Dissects a UDP payload `data[offset..]` on the NTP port.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let len = data.len() - offset;
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "ntp", "NTP", offset, len);
    let flags = data[offset];
    let (vn, mode) = summary(flags);
    cx.tree
        .set_label(top, format_args!("Network Time Protocol ({vn}, {mode})"));
    match flags & 7 {
        6 => {
            cx.set_info(format_args!("{vn}, {mode}"));
            control(cx, data, offset, top, flags);
        }
        7 => private(cx, data, offset, top, flags, vn),
        _ => {
            cx.set_info(format_args!("{vn}, {mode}"));
            normal(cx, data, offset, top, flags);
        }
    }
    len
}

/// The first byte's item and its leap indicator (or, in mode 7, response and more bits), version and
/// mode.
fn flags_item(cx: &mut Cx, offset: usize, top: ItemIdx, flags: u8, private: bool) {
    let raw = flags as u64;
    let it = cx.uint(top, FLAGS, offset, 1, raw);
    if it.is_stored() {
        let head = if private {
            format!("Response bit: {}", name(CTRL_RESPONSE, raw >> 7))
        } else {
            format!("Leap Indicator: {}", name(LEAP_INDICATORS, raw >> 6))
        };
        cx.tree.set_label(
            it,
            format_args!(
                "Flags: 0x{flags:02x}, {head}, Version number: {}, Mode: {}",
                name(VERSIONS, (raw >> 3) & 7),
                name(MODES, raw & 7)
            ),
        );
    }
    if private {
        cx.bits(it, PRIV_FLAGS_R, offset, 1, raw);
        cx.bits(it, PRIV_FLAGS_MORE, offset, 1, raw);
    } else {
        cx.bits(it, FLAGS_LI, offset, 1, raw);
    }
    cx.bits(it, FLAGS_VN, offset, 1, raw);
    cx.bits(it, FLAGS_MODE, offset, 1, raw);
}

/// A 32.32 timestamp item at `at` (8 bytes, present).
fn timestamp(cx: &mut Cx, data: &[u8], at: usize, top: ItemIdx, field: fields::FieldId) {
    let secs = read::be32(data, at).unwrap_or(0);
    let frac = read::be32(data, at + 4).unwrap_or(0);
    let value = match ntp_time(secs, frac) {
        Some((secs, nanos)) => Value::AbsTime { secs, nanos },
        None => cx.tree.text_value("NULL"),
    };
    cx.tree.add(top, field, at, 8, value);
}

/// Modes 0 to 5: the time packet.
fn normal(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, flags: u8) {
    flags_item(cx, offset, top, flags, false);
    if !have(cx, data, offset + 1, 1) {
        return;
    }
    let stratum = data[offset + 1];
    cx.uint(top, STRATUM, offset + 1, 1, stratum as u64);
    if !have(cx, data, offset + 2, 1) {
        return;
    }
    let poll = data[offset + 2];
    let it = cx.uint(top, PPOLL, offset + 2, 1, poll as u64);
    if it.is_stored() {
        if (4..=17).contains(&poll) {
            cx.tree.set_label(
                it,
                format_args!("Peer Polling Interval: {poll} ({} seconds)", 1u64 << poll),
            );
        } else {
            cx.tree
                .set_label(it, format_args!("Peer Polling Interval: invalid ({poll})"));
        }
    }
    if !have(cx, data, offset + 3, 1) {
        return;
    }
    let precision = data[offset + 3];
    let it = cx.uint(top, PRECISION, offset + 3, 1, precision as u64);
    if it.is_stored() {
        let seconds = 2f64.powi(precision as i8 as i32);
        cx.tree.set_label(
            it,
            format_args!("Peer Clock Precision: {seconds:8.6} seconds"),
        );
    }
    for (at, field, what) in [
        (offset + 4, ROOTDELAY, "Root Delay"),
        (offset + 8, ROOTDISPERSION, "Root Dispersion"),
    ] {
        if !have(cx, data, at, 4) {
            return;
        }
        let v = read::be32(data, at).unwrap_or(0);
        let it = cx.uint(top, field, at, 4, v as u64);
        if it.is_stored() {
            let seconds = v as f64 / 65536.0;
            cx.tree
                .set_label(it, format_args!("{what}: {seconds:8.6} seconds"));
        }
    }
    let at = offset + 12;
    if !have(cx, data, at, 4) {
        return;
    }
    let refid: [u8; 4] = read::array(data, at).unwrap_or_default();
    let it = cx.tree.add(top, REFID, at, 4, Value::Bytes);
    if it.is_stored() {
        cx.tree.set_label(
            it,
            format_args!("Reference ID: {}", reference_id(stratum, refid)),
        );
    }
    for (i, field) in [REFTIME, ORG, REC, XMT].into_iter().enumerate() {
        let at = offset + 16 + 8 * i;
        if !have(cx, data, at, 8) {
            return;
        }
        timestamp(cx, data, at, top, field);
    }
    authentication(cx, data, offset + 48, top);
}

/// A key id and a message authentication code in what follows the header at `at`, if anything does.
///
/// The lengths are the ones sent: bytes the snapshot length cut off are reported missing.
fn authentication(cx: &mut Cx, data: &[u8], at: usize, top: ItemIdx) {
    let end = at.saturating_add(cx.reported_from(data, at));
    if end.saturating_sub(at) < 4 {
        return;
    }
    if !have(cx, data, at, 4) {
        return;
    }
    cx.tree.add(top, KEYID, at, 4, Value::Bytes);
    let mac = at + 4;
    if end > mac {
        if !have(cx, data, mac, end - mac) {
            return;
        }
        cx.tree.add(top, MAC, mac, end - mac, Value::Bytes);
    }
}

/// How tshark 4.0 shows a reference id: a named clock (or "Unidentified reference source") at stratum
/// 0 and 1, an IPv4 address above.
fn reference_id(stratum: u8, refid: [u8; 4]) -> String {
    if stratum <= 1 {
        if let Some((_, text)) = REFERENCE_SOURCES.iter().find(|(code, _)| **code == refid) {
            return (*text).to_owned();
        }
        let end = refid.iter().position(|&b| b == 0).unwrap_or(4);
        return format!(
            "Unidentified reference source '{}'",
            String::from_utf8_lossy(&refid[..end])
        );
    }
    std::net::Ipv4Addr::from(refid).to_string()
}

/// Appends `name` (booleans set) or `name: value name` (fields with names) for a bitmask summary, as
/// Wireshark writes the label of a bitmask item: booleans that are clear and numbers without names
/// are left out.
fn summary_part(out: &mut String, field: fields::FieldId, raw: u64) {
    let def = crate::registry().field(field);
    let v = (raw & def.bitmask) >> def.shift();
    match def.strings {
        fields::Strings::Values(table) => {
            out.push_str(", ");
            out.push_str(def.name);
            out.push_str(": ");
            out.push_str(name(table, v));
        }
        _ if def.ty == fields::FieldType::Boolean && v != 0 => {
            out.push_str(", ");
            out.push_str(def.name);
        }
        _ => {}
    }
}

/// An item with `children` bitmask fields over a 16-bit word at `at`, labelled as Wireshark labels it.
fn status_word(
    cx: &mut Cx,
    top: ItemIdx,
    at: usize,
    status: u16,
    children: &[fields::FieldId],
) -> ItemIdx {
    let it = cx.uint(top, CTRL_STATUS, at, 2, status as u64);
    if it.is_stored() {
        let mut label = format!("Status: 0x{status:04x}");
        for &f in children {
            summary_part(&mut label, f, status as u64);
        }
        cx.tree.set_label(it, format_args!("{label}"));
    }
    for &f in children {
        cx.bits(it, f, at, 2, status as u64);
    }
    it
}

const SYSTEM_STATUS: &[fields::FieldId] = &[SYS_LI, SYS_CLKSRC, SYS_COUNT, SYS_CODE];
const PEER_STATUS: &[fields::FieldId] = &[
    PEER_CONFIG,
    PEER_AUTHENABLE,
    PEER_AUTHENTIC,
    PEER_REACH,
    PEER_BCAST,
    PEER_SELECTION,
    PEER_COUNT,
    PEER_CODE,
];
const CLOCK_STATUS_WORD: &[fields::FieldId] = &[CLOCK_STATUS, CLOCK_CODE];
const ERROR_STATUS: &[fields::FieldId] = &[CTRL_ERR_STATUS];

/// Mode 6: a control message.
fn control(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, flags: u8) {
    flags_item(cx, offset, top, flags, false);
    if !have(cx, data, offset + 1, 1) {
        return;
    }
    let flags2 = data[offset + 1];
    let raw = flags2 as u64;
    let it = cx.uint(top, CTRL_FLAGS2, offset + 1, 1, raw);
    if it.is_stored() {
        cx.tree.set_label(
            it,
            format_args!(
                "Flags 2: 0x{flags2:02x}, Response bit: {}, Opcode: {}",
                name(CTRL_RESPONSE, raw >> 7),
                name(CTRL_OPCODES, raw & 0x1f)
            ),
        );
    }
    for f in [
        CTRL_FLAGS2_R,
        CTRL_FLAGS2_ERROR,
        CTRL_FLAGS2_MORE,
        CTRL_FLAGS2_OPCODE,
    ] {
        cx.bits(it, f, offset + 1, 1, raw);
    }
    let response = flags2 & 0x80 != 0;
    let error = flags2 & 0x40 != 0;
    let opcode = flags2 & 0x1f;
    if !have(cx, data, offset + 2, 2) {
        return;
    }
    let seq = read::be16(data, offset + 2).unwrap_or(0);
    cx.uint(top, CTRL_SEQUENCE, offset + 2, 2, seq as u64);
    if !have(cx, data, offset + 4, 2) {
        return;
    }
    let status = read::be16(data, offset + 4).unwrap_or(0);
    // The association id comes after the status, but decides how tshark reads it: when it must, a
    // missing one ends the dissection before the status.
    let assoc = read::be16(data, offset + 6);
    if response && !error && matches!(opcode, 1..=3) && !have(cx, data, offset + 6, 2) {
        return;
    }
    let kind: &[fields::FieldId] = match (response, error, opcode) {
        (true, true, _) => ERROR_STATUS,
        (true, false, 1..=3) if assoc.is_some_and(|a| a != 0) => PEER_STATUS,
        (true, false, 1..=3) => SYSTEM_STATUS,
        (true, false, 4 | 5) => CLOCK_STATUS_WORD,
        _ => &[],
    };
    status_word(cx, top, offset + 4, status, kind);
    for (at, field) in [
        (offset + 6, CTRL_ASSOCID),
        (offset + 8, CTRL_OFFSET),
        (offset + 10, CTRL_COUNT),
    ] {
        if !have(cx, data, at, 2) {
            return;
        }
        let v = read::be16(data, at).unwrap_or(0);
        cx.uint(top, field, at, 2, v as u64);
    }
    let count = read::be16(data, offset + 10).unwrap_or(0) as usize;
    if count == 0 {
        return;
    }
    let start = offset + 12;
    let shown = count.min(data.len().saturating_sub(start));
    let di = cx.tree.add(top, CTRL_DATA, start, shown, Value::None);
    if shown < count {
        missing(cx, data, start + shown);
        return;
    }
    let text_field = match opcode {
        7 => Some(CTRL_TRAPMSG),
        8 => Some(CTRL_CONFIGURATION),
        10 => Some(CTRL_MRU),
        11 => Some(CTRL_ORDLIST),
        12 => Some(CTRL_NONCE),
        _ => None,
    };
    if let Some(f) = text_field {
        cx.tree.add(di, f, start, count, Value::Str);
    } else if response && opcode == 1 {
        // Pairs of association id and its status; tshark puts the status beside the data, not in it.
        let mut at = start;
        while at + 4 <= start + count {
            let item = cx.tree.add(di, CTRL_ITEM, at, 4, Value::None);
            let a = read::be16(data, at).unwrap_or(0);
            cx.uint(item, CTRL_ASSOCID, at, 2, a as u64);
            let s = read::be16(data, at + 2).unwrap_or(0);
            status_word(cx, top, at + 2, s, PEER_STATUS);
            at += 4;
        }
    }
}

/// Mode 7: ntpd's private messages.
fn private(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, flags: u8, vn: &str) {
    let response = flags & 0x80 != 0;
    let reqcode = data.get(offset + 3).copied();
    cx.set_info(format_args!(
        "{vn}, private, {}, {}",
        name(CTRL_RESPONSE, (flags >> 7) as u64),
        reqcode.map_or("Unknown", |c| name(REQUEST_CODES, c as u64))
    ));
    flags_item(cx, offset, top, flags, true);
    if !have(cx, data, offset + 1, 1) {
        return;
    }
    let auth_seq = data[offset + 1];
    let it = cx.uint(top, PRIV_AUTH_SEQ, offset + 1, 1, auth_seq as u64);
    cx.bits(it, PRIV_AUTH, offset + 1, 1, auth_seq as u64);
    cx.bits(it, PRIV_SEQ, offset + 1, 1, auth_seq as u64);
    for (at, field) in [(offset + 2, PRIV_IMPL), (offset + 3, PRIV_REQCODE)] {
        if !have(cx, data, at, 1) {
            return;
        }
        cx.uint(top, field, at, 1, data[at] as u64);
    }
    // Two 4-bit values over 12-bit counts; tshark writes their bit patterns itself.
    for (at, high, count) in [
        (offset + 4, PRIV_ERR, PRIV_NUMITEMS),
        (offset + 6, PRIV_RESERVED, PRIV_ITEMSIZE),
    ] {
        if !have(cx, data, at, 1) {
            return;
        }
        let nibble = data[at] >> 4;
        let it = cx.uint(top, high, at, 1, nibble as u64);
        if it.is_stored() {
            let bits: String = (0..4)
                .map(|i| if nibble & (8 >> i) != 0 { '1' } else { '0' })
                .collect();
            let text = if high == PRIV_ERR {
                format!(
                    "{bits} .... = Err: {} (0x{nibble:02x})",
                    name(PRIV_ERRORS, nibble as u64)
                )
            } else {
                format!("{bits} .... = Reserved: 0x{nibble:02x}")
            };
            cx.tree.set_label(it, format_args!("{text}"));
        }
        if !have(cx, data, at, 2) {
            return;
        }
        let v = read::be16(data, at).unwrap_or(0) & 0x0fff;
        let it = cx.uint(top, count, at, 2, v as u64);
        if it.is_stored() {
            // tshark 4.0 prints the two bytes with a double space between them:
            // ".... 0000  0000 0000".
            let mut bits = String::from(".... ");
            for i in (0..12).rev() {
                bits.push(if (v >> i) & 1 != 0 { '1' } else { '0' });
                match i {
                    8 => bits.push_str("  "),
                    4 => bits.push(' '),
                    _ => {}
                }
            }
            let what = if count == PRIV_NUMITEMS {
                "Number of data items"
            } else {
                "Size of data item"
            };
            cx.tree.set_label(it, format_args!("{bits} = {what}: {v}"));
        }
    }
    // An authenticated request carries its timestamp, key id and code after 40 bytes of data.
    if !response && data[offset + 1] & 0x80 != 0 {
        let at = offset + 48;
        if !have(cx, data, at, 8) {
            return;
        }
        timestamp(cx, data, at, top, PRIV_TSTAMP);
        if !have(cx, data, at + 8, 4) {
            return;
        }
        authentication(cx, data, at + 8, top);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_both_eras() {
        assert_eq!(ntp_time(0, 0), None);
        // The Unix epoch itself is zero as well.
        assert_eq!(ntp_time(0x83aa_7e80, 0), None);
        assert_eq!(ntp_time(0, 1), None);
        assert_eq!(
            ntp_time(0, 0x8000_0000),
            Some(((1i64 << 32) - NTP_TO_UNIX, 500_000_000))
        );
        assert_eq!(
            ntp_time(0x8000_0000, 0),
            Some(((1i64 << 31) - NTP_TO_UNIX, 0))
        );
        assert_eq!(ntp_time(1, 0), Some(((1i64 << 32) + 1 - NTP_TO_UNIX, 0)));
        assert_eq!(
            ntp_time(0xe93c_7f00, 0xffff_ffff).map(|t| t.1),
            Some(999_999_999)
        );
        assert_eq!(ntp_time(0xe93c_7f00, 5).map(|t| t.1), Some(1));
        assert_eq!(ntp_time(0xe93c_7f00, 4).map(|t| t.1), Some(0));
    }

    #[test]
    fn reference_ids() {
        assert_eq!(reference_id(1, *b"GPS\0"), "Global Position System");
        assert_eq!(reference_id(0, *b"INIT"), "(Initialization)");
        assert_eq!(reference_id(0, [0; 4]), "NULL");
        assert_eq!(
            reference_id(1, *b"ACST"),
            "Unidentified reference source 'ACST'"
        );
        assert_eq!(reference_id(2, [192, 0, 2, 9]), "192.0.2.9");
        assert_eq!(reference_id(16, [127, 0, 0, 1]), "127.0.0.1");
    }

    #[test]
    fn summaries() {
        assert_eq!(summary(0x24), ("NTP Version 4", "server"));
        assert_eq!(summary(0x3f), ("reserved", "private"));
        assert_eq!(summary(0x16), ("NTP Version 2", "control"));
    }
}
