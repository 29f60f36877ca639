//! The frame pseudo-protocol: what the capture file says about the packet (times, lengths, interface).

use fields::{ItemIdx, Value};

use crate::{Cx, dispatch};

use crate::protocols::plural;

fields::declare_protocol! {
    proto FRAME = super::ids::FRAME, "Frame", "Frame", "frame";
    SECTION_NUMBER: "frame.section_number", "Section number", UInt32, Dec;
    INTERFACE_ID: "frame.interface_id", "Interface id", UInt32, Dec;
    INTERFACE_NAME: "frame.interface_name", "Interface name", String, None;
    INTERFACE_DESCRIPTION: "frame.interface_description", "Interface description", String, None;
    ENCAP_TYPE: "frame.encap_type", "Encapsulation type", Int16, Dec, values ENCAP_NAMES;
    TIME: "frame.time", "Arrival Time", AbsoluteTime, AbsoluteTimeLocal;
    OFFSET_SHIFT: "frame.offset_shift", "Time shift for this packet", RelativeTime, None;
    TIME_EPOCH: "frame.time_epoch", "Epoch Time", RelativeTime, None;
    TIME_DELTA: "frame.time_delta", "Time delta from previous captured frame", RelativeTime, None;
    TIME_DELTA_DISPLAYED: "frame.time_delta_displayed", "Time delta from previous displayed frame", RelativeTime, None;
    TIME_RELATIVE: "frame.time_relative", "Time since reference or first frame", RelativeTime, None;
    NUMBER: "frame.number", "Frame Number", UInt32, Dec;
    LEN: "frame.len", "Frame Length", UInt32, Dec;
    CAP_LEN: "frame.cap_len", "Capture Length", UInt32, Dec;
    MARKED: "frame.marked", "Frame is marked", Boolean, Bits(0);
    IGNORED: "frame.ignored", "Frame is ignored", Boolean, Bits(0);
    PROTOCOLS: "frame.protocols", "Protocols in frame", String, None;
    COMMENT: "frame.comment", "Comment", String, None;
    COMMENT_EXPERT: "frame.comment.expert", "Formatted comment", None, None;
    LEN_LT_CAPLEN: "frame.len_lt_caplen", "Frame length is less than captured length", None, None;
}

/// Wiretap's names for its encapsulation numbers, as `-V` shows `frame.encap_type`.
static ENCAP_NAMES: &[(u64, &str)] = &[
    (1, "Ethernet"),
    (4, "PPP"),
    (6, "FDDI with bit-swapped MAC addresses"),
    (7, "Raw IP"),
    (15, "NULL/Loopback"),
    (20, "IEEE 802.11 Wireless LAN"),
    (25, "Linux cooked-mode capture v1"),
    (23, "IEEE 802.11 plus radiotap radio header"),
    (129, "Raw IPv4"),
    (130, "Raw IPv6"),
    (141, "NFLOG"),
    (210, "Linux cooked-mode capture v2"),
];

/// Wiretap's encapsulation number (`frame.encap_type`) for a LINKTYPE_ value, where we know it.
fn wtap_encap(link_type: u32) -> i64 {
    match link_type {
        0 => 15,
        1 => 1,
        9 => 4,
        10 => 6,
        50 => 4,
        // LINKTYPE_RAW, and the DLT_RAW numbers of most systems (12) and OpenBSD (14).
        12 | 14 | 101 => 7,
        105 => 20,
        108 => 15,
        113 => 25,
        127 => 23,
        228 => 129,
        229 => 130,
        239 => 141,
        276 => 210,
        _ => -1,
    }
}

/// tshark 4.0's "Packet comments" tree (`pkt_comment`), at the top before the frame's own: each
/// comment, with an expert note of severity Comment (which `-z expert` lists under "Comments").
/// Not a layer: `frame.protocols` does not name it.
pub mod pkt_comment {
    fields::declare_protocol! {
        proto PKT_COMMENT = super::super::ids::PKT_COMMENT, "Packet comments", "Pkt_Comment", "pkt_comment";
    }
}

fn packet_comments<S: AsRef<str>>(cx: &mut Cx, comments: &[S]) {
    let top = cx.tree.add(
        ItemIdx::ROOT,
        pkt_comment::PROTOCOL_FIELD,
        0,
        0,
        Value::None,
    );
    if top.is_stored() {
        cx.tree.set_label(top, format_args!("Packet comments"));
    }
    for comment in comments {
        let comment = comment.as_ref();
        let item = if cx.tree.wants(COMMENT) {
            let v = cx.tree.text_value(comment);
            let item = cx.tree.add(top, COMMENT, 0, 0, v);
            if item.is_stored() {
                cx.tree.set_label(item, format_args!("{comment}"));
            }
            item
        } else {
            top
        };
        cx.expert(
            item,
            COMMENT_EXPERT,
            crate::cx::Severity::Comment,
            crate::cx::Group::Comment,
            format_args!("{comment}"),
        );
    }
}

/// Dissects the frame layer and everything the link type leads to.
pub fn dissect(cx: &mut Cx, data: &[u8]) {
    let meta = *cx.meta;
    let now = meta.secs as i128 * 1_000_000_000 + meta.nanos as i128;
    let first = *cx.state.first_ns.get_or_insert(now);
    let previous = cx.state.previous_ns.replace(now).unwrap_or(now);
    let previous_displayed = cx.state.previous_displayed_ns.unwrap_or(now);
    let times = cx.state.frame_times.take().unwrap_or(crate::FrameTimes {
        delta_ns: now - previous,
        delta_displayed_ns: now - previous_displayed,
        relative_ns: now - first,
    });
    let cap_len = data.len();

    if !meta.comments.is_empty() {
        packet_comments(cx, meta.comments);
    }
    cx.tree.layers.push("frame");
    let top = cx
        .tree
        .add(ItemIdx::ROOT, PROTOCOL_FIELD, 0, cap_len, Value::None);
    // Wireshark names an interface the file leaves unnamed "unknown".
    let interface_name = meta.interface_name.unwrap_or("unknown");
    if top.is_stored() {
        let on_interface = match meta.interface_id {
            Some(id) => format!(" on interface {interface_name}, id {id}"),
            None => String::new(),
        };
        cx.tree.set_label(
            top,
            format_args!(
                "Frame {}: {} byte{} on wire ({} bits), {} byte{} captured ({} bits){on_interface}",
                meta.number,
                meta.original_len,
                plural(meta.original_len as usize),
                meta.original_len as u64 * 8,
                cap_len,
                plural(cap_len),
                cap_len as u64 * 8
            ),
        );
    }
    if let Some(section) = meta.section_number {
        cx.uint(top, SECTION_NUMBER, 0, 0, section as u64);
    }
    let mut interface = top;
    if let Some(id) = meta.interface_id {
        interface = cx.uint(top, INTERFACE_ID, 0, 0, id as u64);
        if interface.is_stored() {
            cx.tree.set_label(
                interface,
                format_args!("Interface id: {id} ({interface_name})"),
            );
        }
        if cx.tree.wants(INTERFACE_NAME) {
            let v = cx.tree.text_value(interface_name);
            cx.tree.add(interface, INTERFACE_NAME, 0, 0, v);
        }
    }
    if let Some(description) = meta.interface_description
        && cx.tree.wants(INTERFACE_DESCRIPTION)
    {
        let v = cx.tree.text_value(description);
        cx.tree.add(interface, INTERFACE_DESCRIPTION, 0, 0, v);
    }
    cx.tree.add(
        top,
        ENCAP_TYPE,
        0,
        0,
        Value::Int(wtap_encap(meta.link_type)),
    );
    let abs = Value::AbsTime {
        secs: meta.secs,
        nanos: meta.nanos,
    };
    cx.tree.add(top, TIME, 0, 0, abs);
    let rel = |ns: i128| Value::RelTime(ns.clamp(i64::MIN as i128, i64::MAX as i128) as i64);
    cx.tree
        .add_generated(top, OFFSET_SHIFT, 0, 0, Value::RelTime(0));
    cx.tree.add(top, TIME_EPOCH, 0, 0, rel(now));
    cx.tree
        .add_generated(top, TIME_DELTA, 0, 0, rel(times.delta_ns));
    cx.tree.add_generated(
        top,
        TIME_DELTA_DISPLAYED,
        0,
        0,
        rel(times.delta_displayed_ns),
    );
    cx.tree
        .add_generated(top, TIME_RELATIVE, 0, 0, rel(times.relative_ns));
    cx.uint(top, NUMBER, 0, 0, meta.number);
    let wire = meta.original_len as u64;
    let len = cx.uint(top, LEN, 0, 0, wire);
    if len.is_stored() {
        cx.tree.set_label(
            len,
            format_args!(
                "Frame Length: {wire} byte{} ({} bits)",
                plural(wire as usize),
                wire * 8
            ),
        );
    }
    let cap = cx.uint(top, CAP_LEN, 0, 0, cap_len as u64);
    if cap.is_stored() {
        cx.tree.set_label(
            cap,
            format_args!(
                "Capture Length: {cap_len} byte{} ({} bits)",
                plural(cap_len),
                cap_len * 8
            ),
        );
    }
    cx.tree.add_generated(top, MARKED, 0, 0, Value::UInt(0));
    cx.tree.add_generated(top, IGNORED, 0, 0, Value::UInt(0));
    let protocols_item = cx.tree.add_generated(top, PROTOCOLS, 0, 0, Value::None);

    match dispatch::by_link_type(meta.link_type) {
        Some(next) => {
            next(cx, data, 0, ItemIdx::ROOT);
        }
        None => {
            // Wireshark names undissectable encapsulations by their number in the Protocol column.
            cx.set_protocol("UNKNOWN");
            cx.set_info(format_args!("WTAP_ENCAP = {}", wtap_encap(meta.link_type)));
            crate::protocols::data::dissect(cx, data, 0, ItemIdx::ROOT);
        }
    }

    if protocols_item.is_stored() {
        // tshark lists neither the frame itself nor its own markers (malformed, short).
        let joined = cx
            .tree
            .layers
            .iter()
            .filter(|l| **l != "frame" && !l.starts_with("_ws."))
            .copied()
            .collect::<Vec<_>>()
            .join(":");
        let v = cx.tree.text_value(&joined);
        if let Some(item) = cx.tree.item_mut(protocols_item) {
            item.value = v;
        }
    }
}
