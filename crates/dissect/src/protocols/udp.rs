//! UDP (RFC 768): ports, length, checksum; payload handed on by port.

use fields::{ItemIdx, Value};

use crate::cx::read;
use crate::flow::Endpoint;
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto UDP = super::ids::UDP, "User Datagram Protocol", "UDP", "udp";
    SRCPORT: "udp.srcport", "Source Port", UInt16, PtUdp;
    DSTPORT: "udp.dstport", "Destination Port", UInt16, PtUdp;
    PORT: "udp.port", "Source or Destination Port", UInt16, PtUdp;
    POSSIBLE_TRACEROUTE: "udp.possible_traceroute", "Possible traceroute", None, None;
    LENGTH: "udp.length", "Length", UInt16, Dec;
    CHECKSUM: "udp.checksum", "Checksum", UInt16, Hex;
    CHECKSUM_CALCULATED: "udp.checksum_calculated", "Calculated Checksum", UInt16, Hex;
    CHECKSUM_STATUS: "udp.checksum.status", "Checksum Status", UInt8, None, values crate::protocols::ip::CHECKSUM_STATUS_NAMES;
    STREAM: "udp.stream", "Stream index", UInt32, Dec;
    TIME_RELATIVE: "udp.time_relative", "Time since first frame", RelativeTime, None, blurb "Time relative to first frame in this UDP stream";
    TIME_DELTA: "udp.time_delta", "Time since previous frame", RelativeTime, None, blurb "Time delta from previous frame in this UDP stream";
    PAYLOAD: "udp.payload", "Payload", Bytes, None;
    LENGTH_BAD: "udp.length.bad", "Bad length value", None, None;
    CHECKSUM_ZERO: "udp.checksum.zero", "Illegal checksum value (0)", None, None;
}

/// Labels the length item `li` as bogus and notes why (`udp.length.bad`, an error).
fn bogus_length(
    cx: &mut Cx,
    li: ItemIdx,
    label: std::fmt::Arguments<'_>,
    why: std::fmt::Arguments<'_>,
) {
    if li.is_stored() {
        cx.tree.set_label(li, label);
    }
    cx.expert(
        li,
        LENGTH_BAD,
        crate::cx::Severity::Error,
        crate::cx::Group::Malformed,
        why,
    );
}

/// tshark's note on a port of traceroute's range (33435-33464: ten hops of three probes each).
fn traceroute_note(cx: &mut Cx, item: ItemIdx, port: u16) {
    if (33435..=33464).contains(&port) {
        let n = port - 33435;
        cx.expert(
            item,
            POSSIBLE_TRACEROUTE,
            crate::cx::Severity::Chat,
            crate::cx::Group::Sequence,
            format_args!(
                "Possible traceroute: hop #{}, attempt #{}",
                n / 3 + 1,
                n % 3 + 1
            ),
        );
    }
}

pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    if avail == 0 && cx.lost_to_snaplen(data.len()) {
        // Nothing of the header captured: Wireshark lists UDP among the frame's protocols and names it
        // in the truncation note, but adds no UDP item and leaves the Protocol column as it was.
        cx.tree.layers.push("udp");
        cx.cut_short(offset, data.len(), "UDP");
        return 0;
    }
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "udp", "UDP", offset, avail.min(8));
    let (Some(sport), Some(dport)) = (read::be16(data, offset), read::be16(data, offset + 2))
    else {
        cx.cut_short(offset, data.len(), "UDP");
        return avail;
    };
    if top.is_stored() {
        cx.tree.set_label(
            top,
            format_args!("User Datagram Protocol, Src Port: {sport}, Dst Port: {dport}"),
        );
    }
    let s = cx.uint(top, SRCPORT, offset, 2, sport as u64);
    traceroute_note(cx, s, sport);
    let d = cx.uint(top, DSTPORT, offset + 2, 2, dport as u64);
    traceroute_note(cx, d, dport);
    cx.tree.add_in(
        top,
        PORT,
        0,
        offset,
        2,
        Value::UInt(sport as u64),
        fields::tree::flags::HIDDEN,
    );
    cx.tree.add_in(
        top,
        PORT,
        0,
        offset + 2,
        2,
        Value::UInt(dport as u64),
        fields::tree::flags::HIDDEN,
    );
    // Wireshark shows the ports (and writes them to Info) before it reads the length, so a header cut
    // after them still shows them.
    let (Some(length), Some(checksum)) =
        (read::be16(data, offset + 4), read::be16(data, offset + 6))
    else {
        cx.set_info(format_args!("{sport} → {dport}"));
        cx.cut_short(offset + 4, data.len(), "UDP");
        return avail;
    };
    let li = cx.uint(top, LENGTH, offset + 4, 2, length as u64);
    // A length below the header's own 8 bytes: Wireshark notes it and reads nothing more of the datagram
    // (no checksum, no conversation, no payload).
    if length < 8 {
        bogus_length(
            cx,
            li,
            format_args!("Length: {length} (bogus, must be >= 8)"),
            format_args!("Bad length value {length} < 8"),
        );
        cx.set_info(format_args!(
            "{sport} → {dport} [BAD UDP LENGTH {length} < 8]"
        ));
        return avail;
    }
    // A datagram cut short by the snapshot length is checked against the length the IP header gives;
    // one quoted by an ICMP error, which quotes as much as it likes, only against the header's 8 bytes
    // (as Wireshark's does). A length past the IP payload is noted, and the datagram read on.
    let reported = cx.reported_from(data, offset);
    let too_long = cx.in_error == 0 && length as usize > reported.max(avail);
    if too_long {
        bogus_length(
            cx,
            li,
            format_args!("Length: {length} (bogus, payload length {reported})"),
            format_args!("Bad length value {length} > IP payload length"),
        );
    }
    let ci = cx.uint(top, CHECKSUM, offset + 6, 2, checksum as u64);
    // Checksum validation is off by default in Wireshark. A zero checksum means "none" over IPv4
    // but is illegal over IPv6 (RFC 8200 section 8.1), where Wireshark says so in an expert item.
    let over_ipv6 = matches!(cx.net, Some(net) if net.src.is_ipv6());
    let (status, note) = match (checksum, over_ipv6) {
        (0, false) => (3, "zero-value ignored"),
        (0, true) => (4, "zero-value illegal"),
        _ => (2, "unverified"),
    };
    if ci.is_stored() {
        cx.tree
            .set_label(ci, format_args!("Checksum: 0x{checksum:04x} [{note}]"));
    }
    // A zero checksum over IPv4 is not there at all: tshark shows the status under it.
    let status_parent = if status == 3 && ci.is_stored() {
        ci
    } else {
        top
    };
    cx.tree.add_generated(
        status_parent,
        CHECKSUM_STATUS,
        offset + 6,
        2,
        Value::UInt(status),
    );
    if status == 4 {
        cx.expert(
            ci,
            CHECKSUM_ZERO,
            crate::cx::Severity::Error,
            crate::cx::Group::Checksum,
            format_args!("Illegal checksum value (0)"),
        );
    }
    let payload_len = (length as usize).saturating_sub(8);
    // Wireshark shows the conversation's times only on datagrams that carry a payload and are not
    // quoted by an ICMP error; the others do not move the conversation's clock either.
    track(cx, top, offset, sport, dport, payload_len > 0);
    if cx.tree.wants_columns() {
        // Written digit by digit: the Info column of every UDP frame of a listing.
        use fields::format::push_decimal;
        let info = &mut cx.tree.info;
        info.clear();
        push_decimal(info, sport as u64);
        info.push_str(" → ");
        push_decimal(info, dport as u64);
        if too_long {
            info.push_str(" [BAD UDP LENGTH ");
            push_decimal(info, length as u64);
            info.push_str(" > IP PAYLOAD LENGTH]");
        }
        info.push_str(" Len=");
        push_decimal(info, payload_len as u64);
    }
    let end = (offset + (length as usize).max(8)).min(data.len());
    let payload = offset + 8;
    if end > payload {
        let pi = cx
            .tree
            .add(top, PAYLOAD, payload, end - payload, Value::Bytes);
        cx.tree.set_label(
            pi,
            format_args!(
                "UDP payload ({} {})",
                end - payload,
                crate::cx::bytes_word(end - payload)
            ),
        );
        cx.transport = Some((sport, dport, false));
        match dispatch::by_ports(dispatch::by_udp_port, sport, dport) {
            Some(next) => {
                next(cx, &data[..end], payload, top);
            }
            None => match dispatch::udp_by_content(
                &data[payload..end],
                (length as usize).saturating_sub(8),
            ) {
                Some(next) => {
                    next(cx, &data[..end], payload, top);
                }
                None => crate::protocols::data::dissect(cx, &data[..end], payload, top),
            },
        }
    } else if length as usize > 8 && end == payload && cx.lost_to_snaplen(data.len()) {
        // A payload on the wire of which the snapshot length kept nothing: tshark's UDP stops there.
        cx.short(payload, "UDP truncated");
    } else if too_long && end == payload {
        // A payload the length claims where the IP payload has no byte left: Wireshark's payload
        // would start past its end.
        cx.malformed(payload, "UDP");
    }
    avail
}

/// `udp.stream` and the times within the conversation. Datagrams quoted in ICMP errors and empty ones
/// get the stream of their conversation but neither show nor move its times.
fn track(cx: &mut Cx, top: ItemIdx, offset: usize, sport: u16, dport: u16, has_payload: bool) {
    let Some(net) = cx.net else { return };
    // The Timestamps subtree is a text item, so a filter on `text` needs the conversation too.
    if ![
        STREAM,
        TIME_RELATIVE,
        TIME_DELTA,
        crate::protocols::ws::TEXT,
    ]
    .iter()
    .any(|&f| cx.tree.wants(f))
    {
        return;
    }
    let ns = cx.meta.secs as i128 * 1_000_000_000 + cx.meta.nanos as i128;
    let quoted = cx.in_error > 0;
    let conversation = cx.state.conversations.udp(
        Endpoint {
            addr: net.src,
            port: sport,
        },
        Endpoint {
            addr: net.dst,
            port: dport,
        },
        ns,
    );
    let stream = conversation.stream;
    cx.tree
        .add_generated(top, STREAM, offset, 0, Value::UInt(stream as u64));
    if quoted || !has_payload {
        return;
    }
    let (relative, delta) = conversation.times.advance(ns, true);
    let times = cx.generated_text(top, format_args!("Timestamps"));
    cx.tree
        .add_generated(times, TIME_RELATIVE, offset, 0, Value::RelTime(relative));
    cx.tree
        .add_generated(times, TIME_DELTA, offset, 0, Value::RelTime(delta));
}
