//! TCP header (RFC 9293): ports, sequence numbers, flags, window, checksum, options, payload.
//! Conversation analysis (relative numbers, `tcp.analysis.*`, reassembly) builds on this in `flow`.

use fields::{ItemIdx, Value};

use crate::cx::read;
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto TCP = super::ids::TCP, "Transmission Control Protocol", "TCP", "tcp";
    SRCPORT: "tcp.srcport", "Source Port", UInt16, PtTcp;
    DSTPORT: "tcp.dstport", "Destination Port", UInt16, PtTcp;
    PORT: "tcp.port", "Source or Destination Port", UInt16, PtTcp;
    LEN: "tcp.len", "TCP Segment Len", UInt32, Dec;
    SEQ_RAW: "tcp.seq_raw", "Sequence Number (raw)", UInt32, Dec;
    ACK_RAW: "tcp.ack_raw", "Acknowledgment number (raw)", UInt32, Dec;
    HDR_LEN: "tcp.hdr_len", "Header Length", UInt8, Dec;
    FLAGS: "tcp.flags", "Flags", UInt16, Hex, mask 0x0fff;
    FLAGS_RES: "tcp.flags.res", "Reserved", Boolean, Bits(12), mask 0xe00;
    FLAGS_AE: "tcp.flags.ae", "Accurate ECN", Boolean, Bits(12), mask 0x100;
    FLAGS_CWR: "tcp.flags.cwr", "Congestion Window Reduced", Boolean, Bits(12), mask 0x80;
    FLAGS_ECE: "tcp.flags.ece", "ECN-Echo", Boolean, Bits(12), mask 0x40;
    FLAGS_URG: "tcp.flags.urg", "Urgent", Boolean, Bits(12), mask 0x20;
    FLAGS_ACK: "tcp.flags.ack", "Acknowledgment", Boolean, Bits(12), mask 0x10;
    FLAGS_PUSH: "tcp.flags.push", "Push", Boolean, Bits(12), mask 0x8;
    FLAGS_RESET: "tcp.flags.reset", "Reset", Boolean, Bits(12), mask 0x4;
    FLAGS_SYN: "tcp.flags.syn", "Syn", Boolean, Bits(12), mask 0x2;
    FLAGS_FIN: "tcp.flags.fin", "Fin", Boolean, Bits(12), mask 0x1;
    FLAGS_STR: "tcp.flags.str", "TCP Flags", String, None;
    WINDOW_SIZE_VALUE: "tcp.window_size_value", "Window", UInt16, Dec;
    CHECKSUM: "tcp.checksum", "Checksum", UInt16, Hex;
    CHECKSUM_STATUS: "tcp.checksum.status", "Checksum Status", UInt8, None, values crate::protocols::ip::CHECKSUM_STATUS_NAMES;
    CHECKSUM_CALCULATED: "tcp.checksum_calculated", "Calculated Checksum", UInt16, Hex;
    URGENT_POINTER: "tcp.urgent_pointer", "Urgent Pointer", UInt16, Dec;
    OPTIONS: "tcp.options", "TCP Options", Bytes, None;
    OPTION_KIND: "tcp.option_kind", "Kind", UInt8, Dec, values OPTION_KIND_NAMES;
    OPTION_LEN: "tcp.option_len", "Length", UInt8, Dec;
    MSS_VAL: "tcp.options.mss_val", "MSS Value", UInt16, Dec;
    WSCALE_SHIFT: "tcp.options.wscale.shift", "Shift count", UInt8, Dec;
    WSCALE_MULTIPLIER: "tcp.options.wscale.multiplier", "Multiplier", UInt16, Dec;
    SACK_LE: "tcp.options.sack_le", "TCP SACK Left Edge", UInt32, Dec;
    SACK_RE: "tcp.options.sack_re", "TCP SACK Right Edge", UInt32, Dec;
    SACK_COUNT: "tcp.options.sack.count", "TCP SACK Count", UInt8, Dec;
    TSVAL: "tcp.options.timestamp.tsval", "Timestamp value", UInt32, Dec;
    TSECR: "tcp.options.timestamp.tsecr", "Timestamp echo reply", UInt32, Dec;
    UNKNOWN_PAYLOAD: "tcp.options.unknown.payload", "Payload", Bytes, None;
    WSCALE_SHIFT_INVALID: "tcp.options.wscale.shift.invalid", "Window scale shift exceeds 14", None, None;
    OPTION_LEN_INVALID: "tcp.option.len.invalid", "Invalid length for option", None, None;
    PAYLOAD: "tcp.payload", "TCP payload", Bytes, None;
    CONNECTION_SYN: "tcp.connection.syn", "Connection establish request (SYN)", None, None;
    CONNECTION_SYNACK: "tcp.connection.synack", "Connection establish acknowledge (SYN+ACK)", None, None;
    CONNECTION_FIN: "tcp.connection.fin", "Connection finish (FIN)", None, None;
    CONNECTION_RST: "tcp.connection.rst", "Connection reset (RST)", None, None;
    BOGUS_HDR_LEN: "tcp.bogus_header_length", "Bogus TCP Header length", None, None;
}

static OPTION_KIND_NAMES: &[(u64, &str)] = &[
    (0, "End of Option List"),
    (1, "No-Operation (NOP)"),
    (2, "Maximum Segment Size"),
    (3, "Window Scale"),
    (4, "SACK Permitted"),
    (5, "SACK"),
    (6, "Echo"),
    (7, "Echo Reply"),
    (8, "Time Stamp Option"),
    (28, "User Timeout"),
    (29, "TCP Authentication Option"),
    (30, "Multipath TCP"),
    (34, "TCP Fast Open Cookie"),
];

/// The option "protocols" Wireshark registers (`tcp.options.nop` ...); they have no fields of their own.
pub mod option_protocols {
    macro_rules! option_proto {
        ($m:ident, $id:expr, $long:literal, $filter:literal) => {
            pub mod $m {
                fields::declare_protocol! { proto ID = $id, $long, $long, $filter; }
            }
        };
    }
    option_proto!(
        nop,
        crate::protocols::ids::TCP_OPT_NOP,
        "TCP Option - No-Operation (NOP)",
        "tcp.options.nop"
    );
    option_proto!(
        eol,
        crate::protocols::ids::TCP_OPT_EOL,
        "TCP Option - End of Option List (EOL)",
        "tcp.options.eol"
    );
    option_proto!(
        timestamp,
        crate::protocols::ids::TCP_OPT_TIMESTAMP,
        "TCP Option - Timestamps",
        "tcp.options.timestamp"
    );
    option_proto!(
        mss,
        crate::protocols::ids::TCP_OPT_MSS,
        "TCP Option - Maximum segment size",
        "tcp.options.mss"
    );
    option_proto!(
        wscale,
        crate::protocols::ids::TCP_OPT_WSCALE,
        "TCP Option - Window scale",
        "tcp.options.wscale"
    );
    option_proto!(
        sack_perm,
        crate::protocols::ids::TCP_OPT_SACK_PERM,
        "TCP Option - SACK permitted",
        "tcp.options.sack_perm"
    );
    option_proto!(
        sack,
        crate::protocols::ids::TCP_OPT_SACK,
        "TCP Option - SACK",
        "tcp.options.sack"
    );
}

/// The flag letters tshark shows in `tcp.flags.str` (most significant first).
const FLAG_CHARS: [(u16, char); 12] = [
    (0x800, 'R'),
    (0x400, 'R'),
    (0x200, 'R'),
    (0x100, 'A'),
    (0x80, 'C'),
    (0x40, 'E'),
    (0x20, 'U'),
    (0x10, 'A'),
    (0x8, 'P'),
    (0x4, 'R'),
    (0x2, 'S'),
    (0x1, 'F'),
];

/// Flag names in tshark's Info order: `[SYN, ACK]`.
const FLAG_NAMES: [(u16, &str); 9] = [
    (0x002, "SYN"),
    (0x001, "FIN"),
    (0x004, "RST"),
    (0x008, "PSH"),
    (0x010, "ACK"),
    (0x020, "URG"),
    (0x040, "ECE"),
    (0x080, "CWR"),
    (0x100, "AE"),
];

pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "tcp", "TCP", offset, avail.min(20));
    let (Some(sport), Some(dport)) = (read::be16(data, offset), read::be16(data, offset + 2))
    else {
        cx.malformed(offset, "TCP header cut short");
        return avail;
    };
    cx.uint(top, SRCPORT, offset, 2, sport as u64);
    cx.uint(top, DSTPORT, offset + 2, 2, dport as u64);
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
    if avail < 20 {
        cx.set_info(format_args!("{sport} → {dport}"));
        cx.malformed(offset, "TCP header cut short");
        return avail;
    }
    let seq = read::be32(data, offset + 4).unwrap_or(0);
    let ack = read::be32(data, offset + 8).unwrap_or(0);
    let off_flags = read::be16(data, offset + 12).unwrap_or(0);
    let hdr_len = ((off_flags >> 12) as usize) * 4;
    let flags = off_flags & 0x0fff;
    let window = read::be16(data, offset + 14).unwrap_or(0);
    let checksum = read::be16(data, offset + 16).unwrap_or(0);
    let urgent = read::be16(data, offset + 18).unwrap_or(0);
    let seg_len = avail.saturating_sub(hdr_len);

    if top.is_stored() {
        cx.tree.set_label(
            top,
            format_args!(
                "Transmission Control Protocol, Src Port: {sport}, Dst Port: {dport}, Len: {seg_len}"
            ),
        );
    }
    if hdr_len < 20 {
        cx.uint(top, HDR_LEN, offset + 12, 1, hdr_len as u64);
        cx.tree.add(top, BOGUS_HDR_LEN, offset + 12, 1, Value::None);
        cx.set_info(format_args!(
            "{sport} → {dport} [BAD HEADER LENGTH {hdr_len}]"
        ));
        return avail;
    }
    cx.uint(top, LEN, offset, 0, seg_len as u64);
    cx.uint(top, SEQ_RAW, offset + 4, 4, seq as u64);
    cx.uint(top, ACK_RAW, offset + 8, 4, ack as u64);
    cx.uint(top, HDR_LEN, offset + 12, 1, hdr_len as u64);
    let f = cx.bits(top, FLAGS, offset + 12, 2, off_flags as u64);
    for field in [
        FLAGS_RES,
        FLAGS_AE,
        FLAGS_CWR,
        FLAGS_ECE,
        FLAGS_URG,
        FLAGS_ACK,
        FLAGS_PUSH,
        FLAGS_RESET,
        FLAGS_SYN,
        FLAGS_FIN,
    ] {
        cx.bits(f, field, offset + 12, 2, off_flags as u64);
    }
    if cx.tree.wants(FLAGS_STR) {
        let s: String = FLAG_CHARS
            .iter()
            .map(|&(bit, c)| if flags & bit != 0 { c } else { '·' })
            .collect();
        let v = cx.tree.text_value(&s);
        cx.tree.add_generated(f, FLAGS_STR, offset + 12, 2, v);
    }
    cx.uint(top, WINDOW_SIZE_VALUE, offset + 14, 2, window as u64);
    cx.uint(top, CHECKSUM, offset + 16, 2, checksum as u64);
    cx.tree
        .add_generated(top, CHECKSUM_STATUS, offset + 16, 2, Value::UInt(2));
    cx.uint(top, URGENT_POINTER, offset + 18, 2, urgent as u64);
    if hdr_len > avail {
        cx.malformed(offset, "TCP options cut short");
        return avail;
    }

    // The Info column, written straight into the tree (it is built for every TCP frame of a listing);
    // the options below append their summaries (` MSS=1460 WS=4 SACK_PERM`).
    if cx.tree.wants_columns() {
        use fields::format::push_decimal;
        let info = &mut cx.tree.info;
        info.clear();
        push_decimal(info, sport as u64);
        info.push_str(" → ");
        push_decimal(info, dport as u64);
        info.push(' ');
        let mut any = false;
        for (bit, name) in FLAG_NAMES {
            if flags & bit != 0 {
                info.push_str(if any { ", " } else { "[" });
                info.push_str(name);
                any = true;
            }
        }
        if any {
            info.push_str("] ");
        }
        info.push_str("Seq=");
        push_decimal(info, seq as u64);
        if flags & 0x010 != 0 {
            info.push_str(" Ack=");
            push_decimal(info, ack as u64);
        }
        info.push_str(" Win=");
        push_decimal(info, window as u64);
        info.push_str(" Len=");
        push_decimal(info, seg_len as u64);
    }
    if hdr_len > 20 {
        let opts = cx
            .tree
            .add(top, OPTIONS, offset + 20, hdr_len - 20, Value::Bytes);
        options(cx, opts, data, offset + 20, offset + hdr_len);
    }
    if flags & 0x002 != 0 {
        let field = if flags & 0x010 != 0 {
            CONNECTION_SYNACK
        } else {
            CONNECTION_SYN
        };
        cx.tree.add_generated(f, field, offset + 12, 2, Value::None);
    }
    if flags & 0x001 != 0 {
        cx.tree
            .add_generated(f, CONNECTION_FIN, offset + 12, 2, Value::None);
    }
    if flags & 0x004 != 0 {
        cx.tree
            .add_generated(f, CONNECTION_RST, offset + 12, 2, Value::None);
    }

    let payload = offset + hdr_len;
    if seg_len > 0 {
        cx.tree.add(top, PAYLOAD, payload, seg_len, Value::Bytes);
        match dispatch::by_ports(dispatch::by_tcp_port, sport, dport) {
            Some(next) => {
                next(cx, data, payload, top);
            }
            None => crate::protocols::data::dissect(cx, data, payload, top),
        }
    }
    avail
}

/// TCP options, with the summary tshark appends to the Info column (` MSS=1460 WS=4 SACK_PERM`) when the
/// columns are wanted.
fn options(cx: &mut Cx, parent: ItemIdx, data: &[u8], mut o: usize, end: usize) {
    use option_protocols as op;
    use std::fmt::Write as _;
    let columns = cx.tree.wants_columns();
    while o < end {
        let kind = data[o];
        match kind {
            0 => {
                let it = cx
                    .tree
                    .add(parent, op::eol::PROTOCOL_FIELD, o, 1, Value::None);
                cx.uint(it, OPTION_KIND, o, 1, 0);
                return;
            }
            1 => {
                let it = cx
                    .tree
                    .add(parent, op::nop::PROTOCOL_FIELD, o, 1, Value::None);
                cx.uint(it, OPTION_KIND, o, 1, 1);
                o += 1;
                continue;
            }
            _ => {}
        }
        let Some(len) = read::u8(data, o + 1).map(|l| l as usize) else {
            cx.tree.add(parent, OPTION_LEN_INVALID, o, 1, Value::None);
            return;
        };
        if len < 2 || o + len > end {
            cx.uint(parent, OPTION_KIND, o, 1, kind as u64);
            cx.tree
                .add(parent, OPTION_LEN_INVALID, o + 1, 1, Value::None);
            return;
        }
        let (proto, ok_len) = match kind {
            2 => (Some(op::mss::PROTOCOL_FIELD), len == 4),
            3 => (Some(op::wscale::PROTOCOL_FIELD), len == 3),
            4 => (Some(op::sack_perm::PROTOCOL_FIELD), len == 2),
            5 => (Some(op::sack::PROTOCOL_FIELD), (len - 2) % 8 == 0),
            8 => (Some(op::timestamp::PROTOCOL_FIELD), len == 10),
            _ => (None, true),
        };
        let it = match proto {
            Some(p) => cx.tree.add(parent, p, o, len, Value::None),
            None => parent,
        };
        cx.uint(it, OPTION_KIND, o, 1, kind as u64);
        cx.uint(it, OPTION_LEN, o + 1, 1, len as u64);
        if !ok_len {
            cx.tree.add(it, OPTION_LEN_INVALID, o + 1, 1, Value::None);
            o += len;
            continue;
        }
        match kind {
            2 => {
                let mss = read::be16(data, o + 2).unwrap_or(0);
                cx.uint(it, MSS_VAL, o + 2, 2, mss as u64);
                if columns {
                    let _ = write!(cx.tree.info, " MSS={mss}");
                }
            }
            3 => {
                let shift = data[o + 2];
                cx.uint(it, WSCALE_SHIFT, o + 2, 1, shift as u64);
                let mult = 1u64 << shift.min(14);
                cx.uint(it, WSCALE_MULTIPLIER, o + 2, 1, mult);
                if shift > 14 {
                    cx.tree.add(it, WSCALE_SHIFT_INVALID, o + 2, 1, Value::None);
                }
                if columns {
                    let _ = write!(cx.tree.info, " WS={mult}");
                }
            }
            4 if columns => cx.tree.info.push_str(" SACK_PERM"),
            4 => {}
            5 => {
                let count = (len - 2) / 8;
                let mut e = o + 2;
                for _ in 0..count {
                    let le = read::be32(data, e).unwrap_or(0);
                    let re = read::be32(data, e + 4).unwrap_or(0);
                    cx.uint(it, SACK_LE, e, 4, le as u64);
                    cx.uint(it, SACK_RE, e + 4, 4, re as u64);
                    if columns {
                        let _ = write!(cx.tree.info, " SLE={le} SRE={re}");
                    }
                    e += 8;
                }
                cx.tree
                    .add_generated(it, SACK_COUNT, o, len, Value::UInt(count as u64));
            }
            8 => {
                let tsval = read::be32(data, o + 2).unwrap_or(0);
                let tsecr = read::be32(data, o + 6).unwrap_or(0);
                cx.uint(it, TSVAL, o + 2, 4, tsval as u64);
                cx.uint(it, TSECR, o + 6, 4, tsecr as u64);
                if columns {
                    let info = &mut cx.tree.info;
                    info.push_str(" TSval=");
                    fields::format::push_decimal(info, tsval as u64);
                    info.push_str(" TSecr=");
                    fields::format::push_decimal(info, tsecr as u64);
                }
            }
            _ => {
                if len > 2 {
                    cx.tree
                        .add(it, UNKNOWN_PAYLOAD, o + 2, len - 2, Value::Bytes);
                }
            }
        }
        o += len;
    }
}
