//! TCP header (RFC 9293): ports, sequence numbers, flags, window, checksum, options, payload.
//! Conversation analysis (relative numbers, `tcp.analysis.*`, reassembly) builds on this in `flow`.

use fields::{ItemIdx, Value};

use crate::cx::read;
use crate::cx::{Group, Severity};
use crate::flow::Endpoint;
use crate::flow::stream::{Piece, StreamProtocol};
use crate::flow::tcp::{Segment, SequenceInfo, WindowScale};
use crate::flow::tcp_analysis::{AnalysedSegment, SegmentAnalysis, SequenceContext, flags as ta};
use crate::{Cx, dispatch};

fields::declare_protocol! {
    proto TCP = super::ids::TCP, "Transmission Control Protocol", "TCP", "tcp";
    SRCPORT: "tcp.srcport", "Source Port", UInt16, PtTcp;
    DSTPORT: "tcp.dstport", "Destination Port", UInt16, PtTcp;
    PORT: "tcp.port", "Source or Destination Port", UInt16, PtTcp;
    STREAM: "tcp.stream", "Stream index", UInt32, Dec;
    LEN: "tcp.len", "TCP Segment Len", UInt32, Dec;
    SEQ: "tcp.seq", "Sequence Number", UInt32, Dec;
    SEQ_RAW: "tcp.seq_raw", "Sequence Number (raw)", UInt32, Dec;
    NXTSEQ: "tcp.nxtseq", "Next Sequence Number", UInt32, Dec;
    ACK: "tcp.ack", "Acknowledgment Number", UInt32, Dec;
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
    WINDOW_SIZE: "tcp.window_size", "Calculated window size", UInt32, Dec, blurb "The scaled window size (if scaling has been used)";
    WINDOW_SIZE_SCALEFACTOR: "tcp.window_size_scalefactor", "Window size scaling factor", Int32, Dec, blurb "The window size scaling factor (-1 when unknown, -2 when no scaling is used)";
    CHECKSUM: "tcp.checksum", "Checksum", UInt16, Hex;
    CHECKSUM_STATUS: "tcp.checksum.status", "Checksum Status", UInt8, None, values crate::protocols::ip::CHECKSUM_STATUS_NAMES;
    CHECKSUM_CALCULATED: "tcp.checksum_calculated", "Calculated Checksum", UInt16, Hex;
    URGENT_POINTER: "tcp.urgent_pointer", "Urgent Pointer", UInt16, Dec;
    RESET_CAUSE: "tcp.reset_cause", "Reset cause", String, None;
    ACK_NONZERO: "tcp.ack.nonzero", "The acknowledgment number field is nonzero while the ACK flag is not set", None, None;
    URGENT_POINTER_NON_ZERO: "tcp.urgent_pointer.non_zero", "The urgent pointer field is nonzero while the URG flag is not set", None, None;
    OPTIONS: "tcp.options", "TCP Options", Bytes, None;
    OPTION_KIND: "tcp.option_kind", "Kind", UInt8, Dec, values OPTION_KIND_NAMES;
    OPTION_LEN: "tcp.option_len", "Length", UInt8, Dec;
    MSS_VAL: "tcp.options.mss_val", "MSS Value", UInt16, Dec;
    WSCALE_SHIFT: "tcp.options.wscale.shift", "Shift count", UInt8, Dec;
    WSCALE_MULTIPLIER: "tcp.options.wscale.multiplier", "Multiplier", UInt16, Dec;
    SACK_LE: "tcp.options.sack_le", "TCP SACK Left Edge", UInt32, Dec;
    SACK_RE: "tcp.options.sack_re", "TCP SACK Right Edge", UInt32, Dec;
    SACK_COUNT: "tcp.options.sack.count", "TCP SACK Count", UInt8, Dec;
    DSACK_LE: "tcp.options.sack.dsack_le", "TCP D-SACK Left Edge", UInt32, Dec, blurb "Duplicate SACK Left Edge";
    DSACK_RE: "tcp.options.sack.dsack_re", "TCP D-SACK Right Edge", UInt32, Dec, blurb "Duplicate SACK Right Edge";
    DSACK: "tcp.options.sack.dsack", "D-SACK Sequence", None, None;
    TSVAL: "tcp.options.timestamp.tsval", "Timestamp value", UInt32, Dec;
    TSECR: "tcp.options.timestamp.tsecr", "Timestamp echo reply", UInt32, Dec;
    UNKNOWN_PAYLOAD: "tcp.options.unknown.payload", "Payload", Bytes, None;
    EXPERIMENT_ID: "tcp.options.experimental.exid", "Experiment Identifier", UInt16, Hex, values EXPERIMENT_ID_NAMES;
    EXPERIMENT_DATA: "tcp.options.experimental.data", "Data", Bytes, None;
    TFO_REQUEST: "tcp.options.tfo.request", "Fast Open Cookie Request", None, None;
    TFO_COOKIE: "tcp.options.tfo.cookie", "Fast Open Cookie", Bytes, None;
    TFO_SYN: "tcp.analysis.tfo_syn", "TCP SYN with TFO Cookie", None, None;
    TFO_ACK: "tcp.analysis.tfo_ack", "TCP SYN-ACK accepting TFO data", None, None;
    WSCALE_SHIFT_INVALID: "tcp.options.wscale.shift.invalid", "Window scale shift exceeds 14", None, None;
    OPTION_LEN_INVALID: "tcp.option.len.invalid", "Invalid length for option", None, None;
    NOP_RUN: "tcp.nop", "4 NOP in a row - a router may have removed some options", None, None;
    MSS_ABSENT: "tcp.options.mss.absent", "The SYN packet does not contain a MSS option", None, None;
    MSS_PRESENT: "tcp.options.mss.present", "The non-SYN packet does contain a MSS option", None, None;
    TIME_RELATIVE: "tcp.time_relative", "Time since first frame in this TCP stream", RelativeTime, None, blurb "Time relative to first frame in this TCP stream";
    TIME_DELTA: "tcp.time_delta", "Time since previous frame in this TCP stream", RelativeTime, None, blurb "Time delta from previous frame in this TCP stream";
    ANALYSIS: "tcp.analysis", "SEQ/ACK analysis", None, None, blurb "This frame has some of the TCP analysis shown";
    ANALYSIS_FLAGS: "tcp.analysis.flags", "TCP Analysis Flags", None, None, blurb "This frame has some of the TCP analysis flags set";
    DUPLICATE_ACK: "tcp.analysis.duplicate_ack", "Duplicate ACK", None, None, blurb "This is a duplicate ACK";
    DUPLICATE_ACK_NUM: "tcp.analysis.duplicate_ack_num", "Duplicate ACK #", UInt32, Dec, blurb "This is duplicate ACK number #";
    DUPLICATE_ACK_FRAME: "tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", FrameNum, None, blurb "This is a duplicate to the ACK in frame #";
    ACKS_FRAME: "tcp.analysis.acks_frame", "This is an ACK to the segment in frame", FrameNum, None, blurb "Which previous segment is this an ACK for";
    BYTES_IN_FLIGHT: "tcp.analysis.bytes_in_flight", "Bytes in flight", UInt32, Dec, blurb "How many bytes are now in flight for this connection";
    PUSH_BYTES_SENT: "tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", UInt32, Dec, blurb "How many bytes have been sent since the last PSH flag";
    ACK_RTT: "tcp.analysis.ack_rtt", "The RTT to ACK the segment was", RelativeTime, None, blurb "How long time it took to ACK the segment (RTT)";
    INITIAL_RTT: "tcp.analysis.initial_rtt", "iRTT", RelativeTime, None, blurb "How long it took for the SYN to ACK handshake (iRTT)";
    RTO: "tcp.analysis.rto", "The RTO for this segment was", RelativeTime, None, blurb "How long transmission was delayed before this segment was retransmitted (RTO)";
    RTO_FRAME: "tcp.analysis.rto_frame", "RTO based on delta from frame", FrameNum, None, blurb "This is the frame we measure the RTO from";
    RETRANSMISSION: "tcp.analysis.retransmission", "This frame is a (suspected) retransmission", None, None;
    FAST_RETRANSMISSION: "tcp.analysis.fast_retransmission", "This frame is a (suspected) fast retransmission", None, None;
    SPURIOUS_RETRANSMISSION: "tcp.analysis.spurious_retransmission", "This frame is a (suspected) spurious retransmission", None, None;
    OUT_OF_ORDER: "tcp.analysis.out_of_order", "This frame is a (suspected) out-of-order segment", None, None;
    REUSED_PORTS: "tcp.analysis.reused_ports", "A new tcp session is started with the same ports as an earlier session in this trace", None, None;
    LOST_SEGMENT: "tcp.analysis.lost_segment", "Previous segment(s) not captured (common at capture start)", None, None;
    ACK_LOST_SEGMENT: "tcp.analysis.ack_lost_segment", "ACKed segment that wasn't captured (common at capture start)", None, None;
    WINDOW_UPDATE: "tcp.analysis.window_update", "TCP window update", None, None;
    WINDOW_FULL: "tcp.analysis.window_full", "TCP window specified by the receiver is now completely full", None, None;
    KEEP_ALIVE: "tcp.analysis.keep_alive", "TCP keep-alive segment", None, None;
    KEEP_ALIVE_ACK: "tcp.analysis.keep_alive_ack", "ACK to a TCP keep-alive segment", None, None;
    ZERO_WINDOW_PROBE: "tcp.analysis.zero_window_probe", "TCP Zero Window Probe", None, None;
    ZERO_WINDOW: "tcp.analysis.zero_window", "TCP Zero Window segment", None, None;
    ZERO_WINDOW_PROBE_ACK: "tcp.analysis.zero_window_probe_ack", "ACK to a TCP Zero Window Probe", None, None;
    PAYLOAD: "tcp.payload", "TCP payload", Bytes, None;
    CONNECTION_SYN: "tcp.connection.syn", "Connection establish request (SYN)", None, None;
    CONNECTION_SYNACK: "tcp.connection.synack", "Connection establish acknowledge (SYN+ACK)", None, None;
    CONNECTION_FIN: "tcp.connection.fin", "Connection finish (FIN)", None, None;
    CONNECTION_RST: "tcp.connection.rst", "Connection reset (RST)", None, None;
    CONNECTION_FIN_ACTIVE: "tcp.connection.fin_active", "This frame initiates the connection closing", None, None;
    CONNECTION_FIN_PASSIVE: "tcp.connection.fin_passive", "This frame undergoes the connection closing", None, None;
    BOGUS_HDR_LEN: "tcp.bogus_header_length", "Bogus TCP Header length", None, None;
    COMPLETENESS: "tcp.completeness", "Conversation completeness", UInt8, Dec, blurb "The completeness of the conversation capture";
    SEGMENT_DATA: "tcp.segment_data", "TCP segment data", Bytes, None, blurb "A data segment used in reassembly of a lower-level protocol";
    PDU_SIZE: "tcp.pdu.size", "PDU Size", UInt32, Dec, blurb "The size of this PDU";
    REASSEMBLED_IN: "tcp.reassembled_in", "Reassembled PDU in frame", FrameNum, None, blurb "The PDU that doesn't end in this segment is reassembled in this frame";
    SEGMENT_OVERLAP: "tcp.segment.overlap", "Segment overlap", Boolean, Bits(0), blurb "Segment overlaps with other segments";
    SEGMENT_OVERLAP_CONFLICT: "tcp.segment.overlap.conflict", "Conflicting data in segment overlap", Boolean, Bits(0), blurb "Overlapping segments contained conflicting data";
    SEGMENT_MULTIPLETAILS: "tcp.segment.multipletails", "Multiple tail segments found", Boolean, Bits(0), blurb "Several tails were found when reassembling the pdu";
    SEGMENT_TOOLONGFRAGMENT: "tcp.segment.toolongfragment", "Segment too long", Boolean, Bits(0), blurb "Segment contained data past end of the pdu";
    SEGMENT_ERROR: "tcp.segment.error", "Reassembling error", FrameNum, None, blurb "Reassembling error due to illegal segments";
    SEGMENT_COUNT: "tcp.segment.count", "Segment count", UInt32, Dec;
    SEGMENT: "tcp.segment", "TCP Segment", FrameNum, None;
    SEGMENTS: "tcp.segments", "Reassembled TCP Segments", None, None, blurb "TCP Segments";
    REASSEMBLED_LENGTH: "tcp.reassembled.length", "Reassembled TCP length", UInt32, Dec, blurb "The total length of the reassembled payload";
    REASSEMBLED_DATA: "tcp.reassembled.data", "Reassembled TCP Data", Bytes, None, blurb "The reassembled payload";
    REASSEMBLY_DROPPED: "tcp.reassembly_dropped", "Reassembly given up: memory limit reached", None, None, blurb "wiresift's own: the PDU this segment belongs to was larger than the reassembly limits allow";
}

/// The fields that show a PDU reassembled from TCP segments.
pub static SEGMENT_FIELDS: crate::reassembly::FragmentFields = crate::reassembly::FragmentFields {
    name: "Reassembled TCP",
    noun: "Segments",
    source_name: "Reassembled TCP",
    fragments: SEGMENTS,
    fragments_are_bytes: false,
    fragment: SEGMENT,
    error: SEGMENT_ERROR,
    overlap: SEGMENT_OVERLAP,
    overlap_conflict: SEGMENT_OVERLAP_CONFLICT,
    multiple_tails: SEGMENT_MULTIPLETAILS,
    too_long: SEGMENT_TOOLONGFRAGMENT,
    count: SEGMENT_COUNT,
    reassembled_length: REASSEMBLED_LENGTH,
    reassembled_data: Some(REASSEMBLED_DATA),
};

static OPTION_KIND_NAMES: &[(u64, &str)] = &[
    (0, "End of Option List"),
    (1, "No-Operation"),
    (2, "Maximum Segment Size"),
    (3, "Window Scale"),
    (4, "SACK Permitted"),
    (5, "SACK"),
    (6, "Echo"),
    (7, "Echo Reply"),
    (8, "Time Stamp Option"),
    (28, "User Timeout Option"),
    (29, "The TCP Authentication Option"),
    (30, "Multipath TCP"),
    (34, "TCP Fast Open Cookie"),
    (253, "RFC3692-style Experiment 1"),
    (254, "RFC3692-style Experiment 2"),
];

/// Experiment identifiers of the shared experimental options (RFC 6994) Wireshark names.
static EXPERIMENT_ID_NAMES: &[(u64, &str)] = &[(0xf989, "Fast Open")];

/// The experiment identifier of TCP Fast Open before it had its own option kind (RFC 7413 section 4.1.1).
const TFO_EXPERIMENT_ID: u16 = 0xf989;

/// The option "protocols" Wireshark registers (`tcp.options.nop` ...); they have no fields of their own,
/// and their value is the option's bytes (`FT_BYTES`), as in Wireshark.
pub mod option_protocols {
    option_protocols! {
        nop = crate::protocols::ids::TCP_OPT_NOP, "TCP Option - No-Operation (NOP)", "tcp.options.nop";
        eol = crate::protocols::ids::TCP_OPT_EOL, "TCP Option - End of Option List (EOL)", "tcp.options.eol";
        timestamp = crate::protocols::ids::TCP_OPT_TIMESTAMP, "TCP Option - Timestamps", "tcp.options.timestamp";
        mss = crate::protocols::ids::TCP_OPT_MSS, "TCP Option - Maximum segment size", "tcp.options.mss";
        wscale = crate::protocols::ids::TCP_OPT_WSCALE, "TCP Option - Window scale", "tcp.options.wscale";
        sack_perm = crate::protocols::ids::TCP_OPT_SACK_PERM, "TCP Option - SACK permitted", "tcp.options.sack_perm";
        sack = crate::protocols::ids::TCP_OPT_SACK, "TCP Option - SACK", "tcp.options.sack";
        tfo = crate::protocols::ids::TCP_OPT_TFO, "TCP Option - TCP Fast Open", "tcp.options.tfo";
        experimental = crate::protocols::ids::TCP_OPT_EXPERIMENTAL, "TCP Option - Experimental", "tcp.options.experimental";
    }
}

/// The flag bits under `tcp.flags`, in tshark's order.
const FLAG_BIT_FIELDS: [fields::FieldId; 10] = [
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
];

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

/// Flag names as tshark lists them in the Info column and the `tcp.flags` line (`[SYN, ACK]`): in bit
/// order from FIN up, then `Reserved` for any of the three reserved bits, `<None>` when no flag is set.
const FLAG_NAMES: [(u16, &str); 9] = [
    (0x001, "FIN"),
    (0x002, "SYN"),
    (0x004, "RST"),
    (0x008, "PSH"),
    (0x010, "ACK"),
    (0x020, "URG"),
    (0x040, "ECE"),
    (0x080, "CWR"),
    (0x100, "AE"),
];

/// Appends the flag names of `flags` (12 bits) joined by ", ", as tshark writes them.
pub fn flag_names(out: &mut String, flags: u16) {
    let start = out.len();
    for (bit, name) in FLAG_NAMES {
        if flags & bit != 0 {
            if out.len() > start {
                out.push_str(", ");
            }
            out.push_str(name);
        }
    }
    if flags & 0xe00 != 0 {
        if out.len() > start {
            out.push_str(", ");
        }
        out.push_str("Reserved");
    }
    if out.len() == start {
        out.push_str("<None>");
    }
}

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
    // A segment cut short by the snapshot length reports the length the IP header gives it.
    let reported = cx.reported_from(data, offset);
    let seg_len = reported.max(avail).saturating_sub(hdr_len);

    if hdr_len < 20 {
        if top.is_stored() {
            cx.tree.set_label(
                top,
                format_args!(
                    "Transmission Control Protocol, Src Port: {sport}, Dst Port: {dport}, Len: {seg_len}"
                ),
            );
        }
        cx.uint(top, HDR_LEN, offset + 12, 1, hdr_len as u64);
        cx.tree.add(top, BOGUS_HDR_LEN, offset + 12, 1, Value::None);
        cx.set_info(format_args!(
            "{sport} → {dport} [BAD HEADER LENGTH {hdr_len}]"
        ));
        return avail;
    }
    let quoted = cx.in_error > 0;
    let payload = offset + hdr_len;
    let captured_payload = avail.saturating_sub(hdr_len);
    let mut by_content = None;
    // A stream protocol that handed the connection over (HTTP after "101 Switching Protocols") gets
    // no more of its bytes: the protocol it named takes them, or none does.
    // Most runs hand no connection over: their segments skip the conversation lookup.
    let handover = if quoted || !cx.state.conversations.any_handed_over() {
        None
    } else {
        known_conversation(cx, sport, dport).and_then(|c| c.handed_over)
    };
    // A decode-as rule (`-d tcp.port==N,PROTO`) names the protocol whatever the ports or content say.
    // A data connection an FTP control connection announced is FTP-DATA whatever its ports say, as
    // Wireshark's conversation dissectors come before the port tables.
    let ftp_data = !quoted
        && cx
            .net
            .is_some_and(|n| cx.state.ftp.is_data_connection(n.src, sport, n.dst, dport));
    let decoded = if ftp_data {
        Some(dispatch::TcpTarget::Segment(
            crate::protocols::ftp::dissect_data,
        ))
    } else {
        cx.state.decode_as.tcp(sport, dport)
    };
    let mut decoded_segment = match decoded {
        Some(dispatch::TcpTarget::Segment(f)) => Some(f),
        _ => None,
    };
    let stream_protocol = match (handover, decoded) {
        (Some(h), _) => h.to,
        (None, Some(dispatch::TcpTarget::Stream(p))) => Some(p),
        (None, Some(dispatch::TcpTarget::Segment(_))) => None,
        // tshark's TLS gives up a connection on its port whose first bytes are no TLS record: HTTP's
        // heuristic takes one that starts as HTTP, others are data.
        (None, None)
            if dispatch::stream_by_ports(sport, dport)
                .is_some_and(|p| std::ptr::eq(p, &crate::protocols::tls::STREAM)) =>
        {
            let bytes = data.get(payload..payload + captured_payload).unwrap_or(&[]);
            let known = if quoted {
                None
            } else {
                known_conversation(cx, sport, dport).and_then(|c| c.content_protocol)
            };
            // The first payload decides: TLS keeps a connection that starts with a record, HTTP
            // takes one that starts as HTTP, and other bytes are data.
            match known {
                Some(k) => Some(k),
                None if quoted || bytes.is_empty() => Some(&crate::protocols::tls::STREAM),
                None if crate::protocols::tls::starts_like_tls(bytes) => {
                    by_content = Some(&crate::protocols::tls::STREAM);
                    by_content
                }
                None if crate::protocols::http::looks_like_http(bytes) => {
                    by_content = Some(&crate::protocols::http::STREAM);
                    by_content
                }
                // Neither: TLS still takes a segment that does not start as text, on its own.
                None => {
                    if !crate::protocols::tls::refuses(bytes) {
                        decoded_segment = Some(crate::protocols::tls::dissect_segment);
                    }
                    None
                }
            }
        }
        (None, None) => dispatch::stream_by_ports(sport, dport).or_else(|| {
            let bytes = data.get(payload..payload + captured_payload).unwrap_or(&[]);
            let found = content_protocol(cx, sport, dport, bytes);
            by_content = found;
            found
        }),
    };
    // Handed over to a protocol wiresift does not dissect: the old one is listed, the bytes are data.
    let handed_to_none = handover.filter(|h| h.to.is_none()).and_then(|h| h.from);
    // Handed over to one it does: the old one is still listed before it (see `show_pieces`).
    let caller = handover.filter(|h| h.to.is_some()).and_then(|h| h.from);
    // Reassembly takes whole segments, outside ICMP errors, when the run wants the upper protocol; a
    // FIN without payload still goes to it, as it ends a PDU that runs to the end of the stream.
    let reassembling = stream_protocol.filter(|p| {
        !quoted
            && (captured_payload > 0 || flags & 0x001 != 0)
            && captured_payload >= seg_len
            && stream_wanted(cx, p)
    });
    // Only the conversation reads the window shift and the SACK blocks; scanning the options for them is
    // skipped otherwise.
    let (window_shift, sacked) = if flow_wanted(cx) || reassembling.is_some() {
        scan_options(data, offset + 20, (offset + hdr_len).min(data.len()))
    } else {
        (None, 0)
    };
    let segment = Segment {
        seq,
        ack,
        flags,
        window,
        len: seg_len as u32,
        window_shift,
        sacked,
        options_cut: hdr_len > avail,
    };
    let mut flow = track(
        cx,
        sport,
        dport,
        &segment,
        // A header the capture cut short leaves no payload (and `payload` may lie past the data).
        reassembling.map(|p| {
            (
                p,
                data.get(payload..payload + captured_payload)
                    .unwrap_or_default(),
            )
        }),
    );
    // tshark 4.0 never counts the SYN of a data connection FTP announced in its completeness (the
    // conversation FTP made for it is not the one TCP records the SYN in).
    if ftp_data {
        if let Some(f) = flow.as_mut() {
            f.info.completeness &= !1;
        }
        if let Some(c) = known_conversation(cx, sport, dport) {
            c.completeness &= !1;
        }
    }
    if let Some(p) = by_content
        && let Some(c) = known_conversation(cx, sport, dport)
    {
        c.content_protocol = Some(p);
    }
    let (shown_seq, shown_ack) = flow.map_or((seq, ack), |f| (f.info.seq, f.info.ack));
    if top.is_stored() {
        // A segment quoted in an ICMP error has no length in its heading (tshark 4.0).
        let len_text = LenText((!quoted).then_some(seg_len));
        if flags & 0x010 != 0 {
            cx.tree.set_label(
                top,
                format_args!(
                    "Transmission Control Protocol, Src Port: {sport}, Dst Port: {dport}, Seq: {shown_seq}, Ack: {shown_ack}{len_text}"
                ),
            );
        } else {
            cx.tree.set_label(
                top,
                format_args!(
                    "Transmission Control Protocol, Src Port: {sport}, Dst Port: {dport}, Seq: {shown_seq}{len_text}"
                ),
            );
        }
    }
    if quoted && flow.is_some() {
        // tshark shows a quoted segment's sequence number, as it is, before the stream index.
        cx.uint(top, SEQ, offset + 4, 4, seq as u64);
    }
    if let Some(f) = &flow {
        cx.tree
            .add_generated(top, STREAM, offset, 0, Value::UInt(f.stream as u64));
        {
            let it = cx.tree.add_generated(
                top,
                COMPLETENESS,
                offset,
                0,
                Value::UInt(f.info.completeness as u64),
            );
            if it.is_stored() {
                cx.tree.set_label(
                    it,
                    format_args!(
                        "Conversation completeness: {} ({})",
                        crate::flow::tcp::completeness_text(f.info.completeness),
                        f.info.completeness
                    ),
                );
            }
        }
    }
    if !quoted {
        cx.tree
            .add_generated(top, LEN, offset, 0, Value::UInt(seg_len as u64));
    }
    match &flow {
        Some(f) if !quoted => {
            let it = cx.uint(top, SEQ, offset + 4, 4, f.info.seq as u64);
            if it.is_stored() {
                cx.tree.set_label(
                    it,
                    format_args!(
                        "Sequence Number: {}    (relative sequence number)",
                        f.info.seq
                    ),
                );
            }
            cx.uint(top, SEQ_RAW, offset + 4, 4, seq as u64);
            let it =
                cx.tree
                    .add_generated(top, NXTSEQ, offset, 0, Value::UInt(f.info.nxtseq as u64));
            if it.is_stored() {
                cx.tree.set_label(
                    it,
                    format_args!(
                        "Next Sequence Number: {}    (relative sequence number)",
                        f.info.nxtseq
                    ),
                );
            }
        }
        Some(_) => {}
        None => {
            cx.uint(top, SEQ_RAW, offset + 4, 4, seq as u64);
        }
    }
    let mut ack_item = top;
    if let Some(f) = &flow {
        let it = cx.uint(top, ACK, offset + 8, 4, f.info.ack as u64);
        ack_item = it;
        if it.is_stored() && flags & 0x010 != 0 {
            cx.tree.set_label(
                it,
                format_args!(
                    "Acknowledgment Number: {}    (relative ack number)",
                    f.info.ack
                ),
            );
        }
    }
    // A SYN+ACK that acknowledges more than the SYN takes the data a Fast Open SYN carried.
    if flags & 0x012 == 0x012 && flow.as_ref().is_some_and(|f| f.info.ack > 1) {
        cx.expert(
            ack_item,
            TFO_ACK,
            crate::cx::Severity::Note,
            crate::cx::Group::Sequence,
            format_args!("TCP SYN-ACK accepting TFO data"),
        );
    }
    // RFC 9293 leaves the field unused without ACK; a value there is worth a note (a scanner's
    // fingerprint or a broken stack), as Wireshark says.
    if flags & 0x010 == 0 && ack != 0 {
        cx.expert(
            ack_item,
            ACK_NONZERO,
            crate::cx::Severity::Note,
            crate::cx::Group::Protocol,
            format_args!(
                "The acknowledgment number field is nonzero while the ACK flag is not set"
            ),
        );
    }
    cx.uint(top, ACK_RAW, offset + 8, 4, ack as u64);
    let hl = cx.uint(top, HDR_LEN, offset + 12, 1, hdr_len as u64);
    cx.set_bits_label(
        hl,
        8,
        0xf0,
        (off_flags >> 8) as u64,
        format_args!("Header Length: {hdr_len} bytes ({})", off_flags >> 12),
    );
    let f = cx.bits(top, FLAGS, offset + 12, 2, off_flags as u64);
    let (mut reset_bit, mut syn_bit, mut fin_bit) = (f, f, f);
    if f.is_stored() {
        let mut names = String::new();
        flag_names(&mut names, flags);
        cx.tree
            .set_label(f, format_args!("Flags: 0x{flags:03x} ({names})"));
    }
    // Whether any flag bit is wanted is worked out once per run: the interest does not change.
    let bits_wanted = *cx
        .state
        .tcp_flag_bits_wanted
        .get_or_insert_with(|| FLAG_BIT_FIELDS.iter().any(|&b| cx.tree.wants(b)));
    for field in FLAG_BIT_FIELDS {
        if !bits_wanted {
            break;
        }
        let it = cx.bits(f, field, offset + 12, 2, off_flags as u64);
        match field {
            FLAGS_RESET => reset_bit = it,
            FLAGS_SYN => syn_bit = it,
            FLAGS_FIN => fin_bit = it,
            _ => {}
        }
    }
    let mut flags_str = f;
    if cx.tree.wants(FLAGS_STR) {
        let s: String = FLAG_CHARS
            .iter()
            .map(|&(bit, c)| if flags & bit != 0 { c } else { '·' })
            .collect();
        let v = cx.tree.text_value(&s);
        flags_str = cx.tree.add_generated(f, FLAGS_STR, offset + 12, 2, v);
    }
    // (Added with the flags, before the options' notes, as tshark orders its expert list.)
    // The connection notes tshark attaches to the flag bits.
    let (chat, seq_group) = (Severity::Chat, Group::Sequence);
    if flags & 0x012 == 0x002 {
        cx.expert(
            syn_bit,
            CONNECTION_SYN,
            chat,
            seq_group,
            format_args!("Connection establish request (SYN): server port {dport}"),
        );
    } else if flags & 0x012 == 0x012 {
        cx.expert(
            syn_bit,
            CONNECTION_SYNACK,
            chat,
            seq_group,
            format_args!("Connection establish acknowledge (SYN+ACK): server port {sport}"),
        );
    }
    if flags & 0x001 != 0 {
        cx.expert(
            fin_bit,
            CONNECTION_FIN,
            chat,
            seq_group,
            format_args!("Connection finish (FIN)"),
        );
        if let Some(f) = &flow
            && !quoted
        {
            if f.info.peer_began_closing {
                cx.expert(
                    flags_str,
                    CONNECTION_FIN_PASSIVE,
                    Severity::Note,
                    seq_group,
                    format_args!("This frame undergoes the connection closing"),
                );
            } else {
                cx.expert(
                    flags_str,
                    CONNECTION_FIN_ACTIVE,
                    Severity::Note,
                    seq_group,
                    format_args!("This frame initiates the connection closing"),
                );
            }
        }
    }
    if flags & 0x004 != 0 {
        cx.expert(
            reset_bit,
            CONNECTION_RST,
            Severity::Warning,
            seq_group,
            format_args!("Connection reset (RST)"),
        );
    }
    cx.uint(top, WINDOW_SIZE_VALUE, offset + 14, 2, window as u64);
    if let Some(f) = &flow {
        cx.tree.add_generated(
            top,
            WINDOW_SIZE,
            offset + 14,
            2,
            Value::UInt(f.info.window_size),
        );
        if let Some(factor) = f.info.scale_factor {
            let it = cx.tree.add_generated(
                top,
                WINDOW_SIZE_SCALEFACTOR,
                offset + 14,
                2,
                Value::Int(factor),
            );
            if it.is_stored() && factor < 0 {
                let why = if factor == -1 {
                    "unknown"
                } else {
                    "no window scaling used"
                };
                cx.tree.set_label(
                    it,
                    format_args!("Window size scaling factor: {factor} ({why})"),
                );
            }
        }
    }
    let ci = cx.uint(top, CHECKSUM, offset + 16, 2, checksum as u64);
    cx.tree
        .set_label(ci, format_args!("Checksum: 0x{checksum:04x} [unverified]"));
    cx.tree
        .add_generated(top, CHECKSUM_STATUS, offset + 16, 2, Value::UInt(2));
    let up = cx.uint(top, URGENT_POINTER, offset + 18, 2, urgent as u64);
    if flags & 0x020 == 0 && urgent != 0 {
        cx.expert(
            up,
            URGENT_POINTER_NON_ZERO,
            crate::cx::Severity::Note,
            crate::cx::Group::Protocol,
            format_args!("The urgent pointer field is nonzero while the URG flag is not set"),
        );
    }
    // Options cut short by the snapshot length: like tshark, show the options that were captured and
    // everything TCP knows of the segment, then say the packet was cut. Options missing for any other
    // reason make the segment malformed.
    let options_cut = hdr_len > avail;
    if options_cut && !cx.lost_to_snaplen(data.len()) {
        cx.malformed(offset, "TCP options cut short");
        return avail;
    }
    let options_end = (offset + hdr_len).min(data.len());

    // Buffers kept in the dissector, so that no segment allocates for its options' texts.
    let mut info_options = std::mem::take(&mut cx.state.tcp_option_info);
    info_options.clear();
    if hdr_len > 20 && options_wanted(cx) {
        let opts = cx.tree.add(
            top,
            OPTIONS,
            offset + 20,
            options_end - (offset + 20),
            Value::Bytes,
        );
        let mut names = std::mem::take(&mut cx.state.tcp_option_names);
        names.clear();
        let mss_seen = options(
            cx,
            opts,
            data,
            offset + 20,
            options_end,
            &mut info_options,
            &mut names,
            flow.filter(|_| !quoted).map(|f| f.info.peer_base),
            ack,
            flags & 0x012 == 0x002,
            flags & 0x002 != 0,
        );
        if flags & 0x002 != 0 && !mss_seen {
            cx.expert(
                opts,
                MSS_ABSENT,
                Severity::Note,
                Group::Protocol,
                format_args!("The SYN packet does not contain a MSS option"),
            );
        }
        // The names are appended to the label as Wireshark appends text: cut at its buffer's end,
        // without a mark.
        let mut label = format!("Options: ({} bytes){names}", hdr_len - 20);
        fields::label::cut_to_label_buffer(&mut label);
        cx.tree.set_label(opts, format_args!("{label}"));
        cx.state.tcp_option_names = names;
    }
    if let Some(f) = &flow {
        let times = cx.generated_text(top, format_args!("Timestamps"));
        cx.tree.add_generated(
            times,
            TIME_RELATIVE,
            offset,
            0,
            Value::RelTime(f.relative_ns),
        );
        cx.tree
            .add_generated(times, TIME_DELTA, offset, 0, Value::RelTime(f.delta_ns));
        if let Some(a) = &f.analysis
            && !a.is_empty()
        {
            show_analysis(cx, top, a, f.initial_rtt);
        }
    }

    if cx.tree.wants_columns() {
        // Written straight into the column, without `format!`: this runs for every TCP segment of a
        // listing.
        use fields::format::push_decimal;
        let shown_window = flow.map_or(window as u64, |f| f.info.window_size);
        let info = &mut cx.tree.info;
        info.clear();
        if let Some(a) = flow.and_then(|f| f.analysis) {
            write_analysis_notes(info, &a);
        }
        // tshark puts the notes before the fence: the Info of the protocol above follows them.
        let notes_end = info.len();
        push_decimal(info, sport as u64);
        info.push_str(" → ");
        push_decimal(info, dport as u64);
        info.push_str(" [");
        flag_names(info, flags);
        info.push_str("] Seq=");
        push_decimal(info, shown_seq as u64);
        if flags & 0x010 != 0 {
            info.push_str(" Ack=");
            push_decimal(info, shown_ack as u64);
        }
        info.push_str(" Win=");
        push_decimal(info, shown_window);
        if flags & 0x020 != 0 {
            info.push_str(" Urg=");
            push_decimal(info, urgent as u64);
        }
        info.push_str(" Len=");
        push_decimal(info, seg_len as u64);
        info.push_str(&info_options);
        cx.info_fence = notes_end;
    }
    cx.state.tcp_option_info = info_options;
    if options_cut {
        cx.short(offset + hdr_len, "TCP truncated");
        return avail;
    }

    // RFC 9293 lets a RST carry data, which stacks use for a readable reason; Wireshark shows it as
    // the reset cause and hands it to no upper protocol.
    if captured_payload > 0 && flags & 0x004 != 0 {
        // As ASCII text: it ends at a NUL, and a byte above 0x7f stands for an unknown character.
        let bytes = &data[payload..payload + captured_payload];
        let value = cx.ascii_value(bytes);
        let cause = cx
            .tree
            .add(top, RESET_CAUSE, payload, captured_payload, value);
        cx.trailing_stray(cause, bytes);
        cx.state.stream_pieces.clear();
        return avail;
    }
    if captured_payload == 0
        && let (Some(p), Some(f)) = (reassembling, flow.as_ref())
        && !cx.state.stream_pieces.is_empty()
    {
        // A FIN that completed a PDU running to the end of the stream.
        cx.transport = Some((sport, dport, true));
        cx.tcp_stream = Some(f.stream);
        let mut pieces = std::mem::take(&mut cx.state.stream_pieces);
        show_pieces(cx, data, payload, top, p, caller, seq, &pieces);
        pieces.clear();
        cx.state.stream_pieces = pieces;
    }
    if captured_payload > 0 {
        cx.transport = Some((sport, dport, true));
        let pi = cx
            .tree
            .add(top, PAYLOAD, payload, captured_payload, Value::Bytes);
        // The label counts the bytes sent, as tshark's does when the snapshot length cut some off.
        cx.tree.set_label(
            pi,
            format_args!("TCP payload ({seg_len} {})", crate::cx::bytes_word(seg_len)),
        );
        // tshark hands the payload of a segment it takes for a retransmission or an out-of-order
        // segment to no protocol (see `resent_to_no_protocol`).
        let resent = flow.and_then(|f| f.analysis).map_or(0, |a| a.flags)
            & (ta::RETRANSMISSION | ta::SPURIOUS_RETRANSMISSION | ta::OUT_OF_ORDER);
        match (reassembling, stream_protocol) {
            (Some(p), _) if flow.is_some() => {
                cx.tcp_stream = flow.as_ref().map(|f| f.stream);
                cx.state.segment_flags = flow.and_then(|f| f.analysis).map_or(0, |a| a.flags);
                let mut pieces = std::mem::take(&mut cx.state.stream_pieces);
                show_pieces(cx, data, payload, top, p, caller, seq, &pieces);
                pieces.clear();
                cx.state.stream_pieces = pieces;
                cx.state.segment_flags = 0;
            }
            // tshark lists the protocol that switched the connection over as a layer, without an
            // item of its own, and hands the bytes on (to data, for protocols wiresift lacks).
            (_, None) if let Some(p) = handed_to_none => {
                if resent == 0 {
                    cx.tree.layers.push(p.name);
                    crate::protocols::data::dissect(cx, data, payload, top);
                } else {
                    resent_to_no_protocol(cx, top, payload, resent, captured_payload, seg_len);
                }
            }
            // Without reassembly (a segment cut short, quoted in an error, no IP layer) the payload
            // goes to the protocol as it is.
            (_, Some(p)) => {
                // The protocol's per-connection state (TLS's version and keys) is the stream's, but
                // not for a segment quoted in an ICMP error, which only repeats old bytes.
                if !quoted {
                    cx.tcp_stream = flow.as_ref().map(|f| f.stream);
                }
                if let Some(c) = caller {
                    cx.tree.layers.push(c.name);
                }
                if p.layer_per_run {
                    cx.tree.layers.push(p.name);
                }
                (p.dissect)(cx, data, payload, top);
            }
            (_, None) if resent != 0 => {
                resent_to_no_protocol(cx, top, payload, resent, captured_payload, seg_len);
            }
            (_, None) => match decoded_segment
                .or_else(|| dispatch::by_ports(dispatch::by_tcp_port, sport, dport))
            {
                Some(next) => {
                    // Line protocols keep their state per stream too (and STARTTLS tells TLS which
                    // stream it takes over).
                    cx.tcp_stream = flow.as_ref().map(|f| f.stream);
                    next(cx, data, payload, top);
                }
                None => crate::protocols::data::dissect(cx, data, payload, top),
            },
        }
    }
    avail
}

/// Hands the connection of the segment being dissected over from the stream protocol `from` to `to`
/// (`None`: to a protocol wiresift does not dissect), from the next segment on: what either direction
/// held for `from` is dropped. Called by a stream protocol's dissector when the connection changes
/// protocol (HTTP's "101 Switching Protocols", STARTTLS).
pub fn hand_over(cx: &mut Cx, from: &'static StreamProtocol, to: Option<&'static StreamProtocol>) {
    // Inside TLS the connection's TCP bytes stay TLS records; what they carry is TLS's to hand on.
    if cx.over_tls {
        return;
    }
    let Some((src, dst)) = segment_endpoints(cx) else {
        return;
    };
    cx.state.handed_over_to = to;
    cx.state.conversations.hand_over(
        src,
        dst,
        crate::flow::tcp::Handover {
            from: Some(from),
            to,
        },
    );
}

/// Hands the connection of the segment being dissected to TLS from the next segment on: a mail
/// protocol's STARTTLS (SMTP, IMAP) or STLS (POP) was accepted. TLS hands what it decrypts back to
/// `from` (the mail protocol's dissector, `proto` its id).
pub fn start_tls(cx: &mut Cx, from: crate::dispatch::DissectFn, proto: fields::ProtoId) {
    let Some((src, dst)) = segment_endpoints(cx) else {
        return;
    };
    crate::protocols::tls::started_from(cx, from, proto);
    cx.state.conversations.hand_over(
        src,
        dst,
        crate::flow::tcp::Handover {
            from: None,
            to: Some(&crate::protocols::tls::STREAM),
        },
    );
}

/// [`start_tls`] for a stream protocol (LDAP's StartTLS extended operation): TLS hands what it
/// decrypts to `from`'s PDU reassembly.
pub fn start_tls_stream(cx: &mut Cx, from: &'static StreamProtocol) {
    let Some((src, dst)) = segment_endpoints(cx) else {
        return;
    };
    crate::protocols::tls::started_from_stream(cx, from);
    cx.state.conversations.hand_over(
        src,
        dst,
        crate::flow::tcp::Handover {
            from: None,
            to: Some(&crate::protocols::tls::STREAM),
        },
    );
}

/// The source and destination of the TCP segment being dissected (not one quoted in an ICMP error).
fn segment_endpoints(cx: &Cx) -> Option<(Endpoint, Endpoint)> {
    let (Some((sport, dport, true)), Some(net)) = (cx.transport, cx.net) else {
        return None;
    };
    let src = Endpoint {
        addr: net.src,
        port: sport,
    };
    let dst = Endpoint {
        addr: net.dst,
        port: dport,
    };
    Some((src, dst))
}

/// The conversation of a segment between `sport` and `dport` of the current network layer, if one was
/// seen before (none is made).
fn known_conversation<'c>(
    cx: &'c mut Cx,
    sport: u16,
    dport: u16,
) -> Option<&'c mut crate::flow::tcp::TcpConversation> {
    let net = cx.net?;
    cx.state.conversations.tcp_existing(
        Endpoint {
            addr: net.src,
            port: sport,
        },
        Endpoint {
            addr: net.dst,
            port: dport,
        },
    )
}

/// The stream protocol of a conversation on ports without one: the one an earlier segment's content
/// showed, or the one this payload looks like.
fn content_protocol(
    cx: &mut Cx,
    sport: u16,
    dport: u16,
    payload: &[u8],
) -> Option<&'static StreamProtocol> {
    if cx.in_error > 0 || dispatch::by_ports(dispatch::by_tcp_port, sport, dport).is_some() {
        return None;
    }
    cx.net?;
    let known = known_conversation(cx, sport, dport).and_then(|c| c.content_protocol);
    known.or_else(|| dispatch::stream_by_content(payload))
}

/// Whether this run wants the PDUs of `p` (or how TCP put them together), so that reassembly is
/// worth its copies.
fn stream_wanted(cx: &Cx, p: &StreamProtocol) -> bool {
    let tree = &cx.tree;
    tree.interest().wants_protocol(p.proto)
        || p.hands_over_to
            .iter()
            .any(|&q| tree.interest().wants_protocol(q))
        || tree.wants(crate::protocols::frame::PROTOCOLS)
        || [
            SEGMENT_DATA,
            PDU_SIZE,
            REASSEMBLED_IN,
            SEGMENTS,
            SEGMENT,
            SEGMENT_COUNT,
            REASSEMBLED_LENGTH,
            REASSEMBLED_DATA,
            REASSEMBLY_DROPPED,
            crate::protocols::ws::EXPERT,
            crate::protocols::ws::EXPERT_MESSAGE,
            // Without reassembly the protocol would meet PDUs cut by segment boundaries and call
            // them malformed.
            crate::protocols::ws::MALFORMED,
        ]
        .iter()
        .any(|&f| tree.wants(f))
}

/// Shows what reassembly made of a segment's payload (at `payload` in `data`) and hands each PDU that
/// is complete to the protocol, as Wireshark shows them: "[PDU Size]" for each PDU, "TCP segment data"
/// for bytes that belong to a PDU reassembled elsewhere, the reassembled PDU as its own data source.
///
/// `caller` is the protocol that handed the connection over to `p`, which Wireshark still calls first
/// and lists as a layer before each run of PDUs; `seq` is the raw sequence number of the payload's first
/// byte. When a PDU hands the connection over to another protocol, the rest of the segment is cut and
/// shown for that one.
#[allow(clippy::too_many_arguments)]
fn show_pieces(
    cx: &mut Cx,
    data: &[u8],
    payload: usize,
    top: ItemIdx,
    p: &'static StreamProtocol,
    caller: Option<&'static StreamProtocol>,
    seq: u32,
    pieces: &[Piece],
) {
    show_pieces_from(cx, data, payload, top, p, caller, seq, pieces, false);
}

/// [`show_pieces`], `dissected` telling whether a PDU of the frame was dissected before these pieces.
#[allow(clippy::too_many_arguments)]
fn show_pieces_from(
    cx: &mut Cx,
    data: &[u8],
    payload: usize,
    top: ItemIdx,
    p: &'static StreamProtocol,
    caller: Option<&'static StreamProtocol>,
    seq: u32,
    pieces: &[Piece],
    mut dissected: bool,
) {
    let number = cx.meta.number;
    // Whether a run of whole PDUs has its layers listed already (see `StreamProtocol::layer_per_run`).
    let mut in_run = false;
    let list_layers = |cx: &mut Cx| {
        if let Some(c) = caller {
            cx.tree.layers.push(c.name);
        }
        if p.layer_per_run {
            cx.tree.layers.push(p.name);
        }
    };
    cx.state.handed_over_to = None;
    // A run's item covers it to the end of the segment (see `StreamProtocol::item_per_run`); the item
    // of a run this one is nested in (none today) is given back at the end.
    let run_end = payload + pieces.iter().map(piece_end).max().unwrap_or(0);
    let outer_run_item = cx.run_item.take();
    let start_run_item = |cx: &mut Cx, at: usize, len: usize| {
        cx.run_item = p.item_per_run.then(|| {
            let parent = cx.layer_parent(top);
            cx.tree.add(
                parent,
                fields::FieldId::protocol(p.proto),
                at,
                len,
                Value::None,
            )
        });
    };
    let ended_by_fin = std::mem::take(&mut cx.state.pdu_ended_by_fin);
    // The segment data of the held piece after a reassembled one was shown with it.
    let mut merged_held = false;
    for (k, piece) in pieces.iter().enumerate() {
        let end = piece_end(piece);
        match piece {
            Piece::Reassembled { pdu, start, len } => {
                in_run = false;
                cx.run_item = None;
                list_layers(cx);
                let at = payload + start;
                if p.pdu_size {
                    cx.tree.add_generated(
                        top,
                        PDU_SIZE,
                        at,
                        *len,
                        Value::UInt(pdu.data.len() as u64),
                    );
                }
                // A PDU that kept the bytes after its end (`PduLength::Dissected`) shows them with
                // its own as one run of segment data: Wireshark handed them to the same call.
                let used_end = pdu.fragments.last().map_or(0, |f| f.offset + f.len);
                let mut shown = *len;
                if pdu.data.len() > used_end
                    && let Some(Piece::Held {
                        start: s, len: l, ..
                    }) = pieces.get(k + 1)
                    && *s == start + len
                {
                    shown += l;
                    merged_held = true;
                }
                // A FIN without data that ends the PDU has no segment data to show.
                if shown > 0 {
                    segment_data(cx, top, at, shown);
                }
                for f in pdu.fragments.iter().filter(|f| f.frame != number) {
                    if !cx.state.dependent_frames.contains(&f.frame) {
                        cx.state.dependent_frames.push(f.frame);
                    }
                    if let crate::Pass::First(l) = &mut cx.state.pass {
                        l.record_tcp_reassembly(f.frame, number);
                    }
                }
                let first_item = cx.tree.items().len();
                let source = crate::reassembly::show(cx, ItemIdx::ROOT, &SEGMENT_FIELDS, pdu);
                if ended_by_fin
                    && k + 1 == pieces.len()
                    && let Some(item) = cx.tree.item_mut(ItemIdx(first_item as u32))
                    && item.field == SEGMENTS
                {
                    item.flags |= fields::tree::flags::IN_PLACE;
                }
                let previous = cx.tree.set_current_source(source);
                start_run_item(cx, 0, pdu.data.len());
                (p.dissect)(cx, &pdu.data, 0, top);
                cx.run_item = None;
                cx.tree.set_current_source(previous);
                // Wireshark fences the Info column after a reassembled PDU: the PDUs after it in the
                // frame add their text to it instead of replacing it; the Protocol column stays.
                cx.fence_info();
                cx.protocol_locked = true;
                dissected = true;
            }
            Piece::Pdu { start, len } => {
                let at = payload + start;
                if !in_run {
                    in_run = true;
                    list_layers(cx);
                    start_run_item(cx, at, run_end - at);
                }
                if p.pdu_size {
                    cx.tree
                        .add_generated(top, PDU_SIZE, at, *len, Value::UInt(*len as u64));
                }
                (p.dissect)(cx, &data[..at + len], at, top);
                dissected = true;
            }
            Piece::Held {
                start,
                len,
                again,
                fresh,
            } => {
                if let crate::Pass::Second(l) = &cx.state.pass
                    && let Some(&whole) = l.tcp_reassembled_in.get(&number)
                    && whole != number
                {
                    cx.tree
                        .add_generated(top, REASSEMBLED_IN, 0, 0, Value::UInt(whole));
                }
                if !std::mem::take(&mut merged_held) {
                    segment_data(cx, top, payload + start, *len);
                }
                // A protocol called only where Wireshark's is (see `called_on_start`) is listed for
                // the bytes that start a PDU, once per run.
                let called = !p.called_on_start || *fresh || *again;
                if p.called_on_start && called && !in_run {
                    in_run = true;
                    list_layers(cx);
                    // The second pass of `-2` hands the protocol none of it (below).
                    if !matches!(cx.state.pass, crate::Pass::Second(_)) {
                        let at = payload + start;
                        start_run_item(cx, at, run_end - at);
                    }
                }
                if !dissected {
                    // The second pass of `-2` knows where the PDU ends and hands the protocol none
                    // of it here, as Wireshark's does.
                    if let Some(held) = p
                        .held
                        .filter(|_| !matches!(cx.state.pass, crate::Pass::Second(_)) && called)
                    {
                        if *again {
                            held_again(cx, held);
                        } else {
                            held(cx, &data[payload + start..payload + start + len]);
                        }
                    }
                    // Wireshark's separator: none when the column is empty (TLS clears it).
                    if cx.tree.info.is_empty() {
                        cx.append_info(format_args!("[TCP segment of a reassembled PDU]"));
                    } else {
                        cx.append_info(format_args!(" [TCP segment of a reassembled PDU]"));
                    }
                }
            }
            Piece::Skipped {
                start,
                len,
                dropped,
            } => {
                let flags = cx.state.segment_flags;
                if flags & ta::SPURIOUS_RETRANSMISSION != 0 {
                    // Bytes delivered before: tshark shows the payload only.
                } else if flags & (ta::RETRANSMISSION | ta::OUT_OF_ORDER) != 0 {
                    retransmitted_data(cx, top, payload + start, *len);
                } else {
                    segment_data(cx, top, payload + start, *len);
                }
                if *dropped {
                    cx.expert(
                        top,
                        REASSEMBLY_DROPPED,
                        Severity::Warning,
                        Group::Reassemble,
                        format_args!(
                            "Reassembly given up: the PDU is larger than the memory limit"
                        ),
                    );
                }
            }
        }
        // A PDU that handed the connection over (HTTP's 101): the rest of the segment belongs to the
        // new protocol, which the pieces after this one were not cut for.
        if let Some(next) = cx.state.handed_over_to.take()
            && !std::ptr::eq(next, p)
        {
            let rest_end = pieces.iter().map(piece_end).max().unwrap_or(end);
            cx.run_item = None;
            if end < rest_end {
                recut(cx, data, payload, top, next, seq, end, rest_end, dissected);
            }
            cx.run_item = outer_run_item;
            return;
        }
    }
    cx.run_item = outer_run_item;
}

/// Calls `held` with the first bytes of the PDU the segment being dissected continues (its length still
/// unknown), as Wireshark calls such a protocol again with everything held.
fn held_again(cx: &mut Cx, held: fn(&mut Cx, &[u8])) {
    /// Enough for the first line, which is what a protocol shows of a PDU in reassembly.
    const HEAD: usize = 4096;
    let Some((src, dst)) = segment_endpoints(cx) else {
        return;
    };
    let head = cx.state.conversations.pending_head(src, dst, HEAD).to_vec();
    held(cx, &head);
}

/// Where a piece ends in the payload.
fn piece_end(piece: &Piece) -> usize {
    match piece {
        Piece::Reassembled { start, len, .. }
        | Piece::Pdu { start, len }
        | Piece::Held { start, len, .. }
        | Piece::Skipped { start, len, .. } => start + len,
    }
}

/// Cuts `payload[from..to]` for `next`, the protocol the connection was just handed over to, and shows
/// it. The protocol that handed over is still the caller (Wireshark's HTTP calls WebSocket for the
/// rest of the segment itself), so it is not listed again; the Info column is fenced after its PDU.
#[allow(clippy::too_many_arguments)]
fn recut(
    cx: &mut Cx,
    data: &[u8],
    payload: usize,
    top: ItemIdx,
    next: &'static StreamProtocol,
    seq: u32,
    from: usize,
    to: usize,
    dissected: bool,
) {
    let Some((src, dst)) = segment_endpoints(cx) else {
        return;
    };
    let Some(bytes) = data.get(payload + from..payload + to) else {
        return;
    };
    let mut pieces = Vec::new();
    cx.state.conversations.restream(
        src,
        dst,
        next,
        cx.meta.number,
        seq.wrapping_add(from as u32),
        bytes,
        cx.state.stream_limits,
        &mut pieces,
    );
    cx.fence_info();
    show_pieces_from(
        cx,
        data,
        payload + from,
        top,
        next,
        None,
        seq.wrapping_add(from as u32),
        &pieces,
        dissected,
    );
}

/// "TCP segment data (N bytes)".
/// The payload of a segment whose analysis `flags` say it was sent before (a retransmission, spurious
/// or not, or an out-of-order segment), which tshark hands to no protocol. A plain retransmission (not
/// a fast or spurious one, which have flags of their own) whose bytes were all captured, so that TCP
/// could have reassembled them, is shown as "Retransmitted TCP segment data"; the others as the TCP
/// payload only.
fn resent_to_no_protocol(
    cx: &mut Cx,
    top: ItemIdx,
    payload: usize,
    flags: u32,
    captured: usize,
    seg_len: usize,
) {
    if flags & ta::RETRANSMISSION != 0 && captured == seg_len {
        retransmitted_data(cx, top, payload, captured);
    }
}

/// The bytes of a retransmitted segment that go to no protocol, as tshark labels them.
fn retransmitted_data(cx: &mut Cx, top: ItemIdx, at: usize, len: usize) {
    let it = cx.tree.add(top, SEGMENT_DATA, at, len, Value::Bytes);
    cx.tree.set_label(
        it,
        format_args!(
            "Retransmitted TCP segment data ({len} {})",
            crate::cx::bytes_word(len)
        ),
    );
}

fn segment_data(cx: &mut Cx, top: ItemIdx, at: usize, len: usize) {
    let it = cx.tree.add(top, SEGMENT_DATA, at, len, Value::Bytes);
    cx.tree.set_label(
        it,
        format_args!("TCP segment data ({len} {})", crate::cx::bytes_word(len)),
    );
}

/// What the conversation says of a segment.
#[derive(Debug, Clone, Copy)]
struct Flow {
    stream: u32,
    info: SequenceInfo,
    relative_ns: i64,
    delta_ns: i64,
    /// `None` for segments quoted in ICMP errors, which are not analysed.
    analysis: Option<SegmentAnalysis>,
    initial_rtt: Option<i64>,
}

/// Fields that need the conversation's state; when none of them (nor the columns, whose Info shows
/// relative numbers and analysis notes) is wanted, conversations are not tracked at all. Besides the
/// sequence analysis, these are the FIN notes (active or passive depends on the peer's FIN) and the SACK
/// edges (relative to the peer's base).
const FLOW_FIELDS: [fields::FieldId; 42] = [
    // The protocol item itself: its label shows the relative Seq and Ack.
    PROTOCOL_FIELD,
    COMPLETENESS,
    STREAM,
    SEQ,
    NXTSEQ,
    ACK,
    WINDOW_SIZE,
    WINDOW_SIZE_SCALEFACTOR,
    TIME_RELATIVE,
    TIME_DELTA,
    ANALYSIS,
    ANALYSIS_FLAGS,
    DUPLICATE_ACK,
    DUPLICATE_ACK_NUM,
    DUPLICATE_ACK_FRAME,
    ACKS_FRAME,
    BYTES_IN_FLIGHT,
    PUSH_BYTES_SENT,
    ACK_RTT,
    INITIAL_RTT,
    RTO,
    RTO_FRAME,
    RETRANSMISSION,
    FAST_RETRANSMISSION,
    SPURIOUS_RETRANSMISSION,
    OUT_OF_ORDER,
    REUSED_PORTS,
    LOST_SEGMENT,
    ACK_LOST_SEGMENT,
    WINDOW_UPDATE,
    WINDOW_FULL,
    KEEP_ALIVE,
    KEEP_ALIVE_ACK,
    ZERO_WINDOW_PROBE,
    ZERO_WINDOW,
    ZERO_WINDOW_PROBE_ACK,
    CONNECTION_FIN_ACTIVE,
    CONNECTION_FIN_PASSIVE,
    SACK_LE,
    SACK_RE,
    DSACK_LE,
    DSACK_RE,
];

/// Whether this run needs anything from the TCP options: the columns (Info lists them), the options
/// field, an option's protocol (`tcp.options.mss`) or one of their fields. Worked out once per run.
fn options_wanted(cx: &mut Cx) -> bool {
    if let Some(w) = cx.state.tcp_options_wanted {
        return w;
    }
    use option_protocols as op;
    let experts = cx.wants_experts();
    let interest = cx.tree.interest();
    let w = cx.tree.wants_columns()
        || experts
        || [
            OPTIONS,
            OPTION_KIND,
            OPTION_LEN,
            MSS_VAL,
            WSCALE_SHIFT,
            WSCALE_MULTIPLIER,
            SACK_LE,
            SACK_RE,
            SACK_COUNT,
            DSACK_LE,
            DSACK_RE,
            DSACK,
            TSVAL,
            TSECR,
            UNKNOWN_PAYLOAD,
            EXPERIMENT_ID,
            EXPERIMENT_DATA,
            TFO_REQUEST,
            TFO_COOKIE,
            WSCALE_SHIFT_INVALID,
            OPTION_LEN_INVALID,
            NOP_RUN,
            MSS_ABSENT,
            MSS_PRESENT,
        ]
        .iter()
        .any(|&f| interest.wants(f))
        || [
            op::nop::PROTOCOL_FIELD,
            op::eol::PROTOCOL_FIELD,
            op::timestamp::PROTOCOL_FIELD,
            op::mss::PROTOCOL_FIELD,
            op::wscale::PROTOCOL_FIELD,
            op::sack_perm::PROTOCOL_FIELD,
            op::sack::PROTOCOL_FIELD,
            op::tfo::PROTOCOL_FIELD,
            op::experimental::PROTOCOL_FIELD,
        ]
        .iter()
        .any(|&p| interest.wants_fields_of(p.proto));
    cx.state.tcp_options_wanted = Some(w);
    w
}

/// Whether this run needs TCP conversations (the interest set does not change during a run, so this is
/// worked out once).
fn flow_wanted(cx: &mut Cx) -> bool {
    if let Some(w) = cx.state.tcp_flow_wanted {
        return w;
    }
    let w = cx.tree.wants_columns()
        || FLOW_FIELDS.iter().any(|&f| cx.tree.wants(f))
        // Any part of an expert item (the analysis and the FIN notes add them), and text items (the
        // conversation's Timestamps subtree is one).
        || [
            crate::protocols::ws::EXPERT,
            crate::protocols::ws::EXPERT_MESSAGE,
            crate::protocols::ws::EXPERT_SEVERITY,
            crate::protocols::ws::EXPERT_GROUP,
            crate::protocols::ws::TEXT,
        ]
        .iter()
        .any(|&f| cx.tree.wants(f));
    cx.state.tcp_flow_wanted = Some(w);
    w
}

/// Finds the segment's conversation and runs the sequence analysis on it (or, for a segment quoted in
/// an ICMP error, only reads the conversation). `None` when no IP layer gave the addresses or nothing
/// that needs the conversation is wanted.
/// `stream` is the protocol and payload to reassemble, when there is one; what became of the
/// payload is left in `cx.state.stream_pieces`.
fn track(
    cx: &mut Cx,
    sport: u16,
    dport: u16,
    segment: &Segment,
    stream: Option<(&'static StreamProtocol, &[u8])>,
) -> Option<Flow> {
    let net = cx.net?;
    if !flow_wanted(cx) && stream.is_none() {
        return None;
    }
    let quoted = cx.in_error > 0;
    let src = Endpoint {
        addr: net.src,
        port: sport,
    };
    let dst = Endpoint {
        addr: net.dst,
        port: dport,
    };
    let ns = cx.meta.secs as i128 * 1_000_000_000 + cx.meta.nanos as i128;
    let syn_seq = (segment.flags & 0x012 == 0x002).then_some(segment.seq);
    let (conversation, dir, held_bytes) =
        cx.state.conversations.tcp(src, dst, syn_seq, ns, !quoted);
    let mut scales_changed = false;
    let (info, analysis) = if quoted {
        (conversation.quoted_segment(dir, segment), None)
    } else {
        let scales_before = conversation.dirs.map(|d| d.window_scale);
        let info = conversation.segment(dir, segment);
        scales_changed = scales_before != conversation.dirs.map(|d| d.window_scale);
        let context = SequenceContext {
            base_seq: conversation.dirs[dir].base_seq.unwrap_or(0),
            rev_window_shift: match conversation.dirs[1 - dir].window_scale {
                WindowScale::Unknown => None,
                WindowScale::NotUsed => Some(0),
                WindowScale::Shift(s) => Some(s),
            },
        };
        let analysed = AnalysedSegment {
            frame: cx.meta.number,
            time_ns: ns,
            seq: segment.seq,
            ack: segment.ack,
            flags: segment.flags,
            window: segment.window,
            len: segment.len,
            sacked: segment.sacked,
            reused_ports: std::mem::take(&mut conversation.reused_ports),
        };
        let analysis = conversation.analysis.segment(dir, &analysed, context);
        if let Some((protocol, bytes)) = stream {
            // tshark hands a retransmitted or out-of-order segment to no upper protocol.
            let skip = analysis.flags
                & (ta::RETRANSMISSION
                    | ta::FAST_RETRANSMISSION
                    | ta::SPURIOUS_RETRANSMISSION
                    | ta::OUT_OF_ORDER)
                != 0;
            let (direction, peer) = crate::flow::stream::split(&mut conversation.streams, dir);
            cx.state.pdu_ended_by_fin = false;
            direction.segment(
                peer,
                protocol,
                cx.meta.number,
                segment.seq,
                bytes,
                skip,
                cx.state.stream_limits,
                held_bytes,
                &mut cx.state.stream_pieces,
            );
            if segment.flags & 0x001 != 0
                && !skip
                && let Some(pdu) =
                    conversation.streams[dir].finish(cx.meta.number, bytes.len(), held_bytes)
            {
                // The FIN's own bytes, if any, were held for this PDU: they are its last part now.
                let pieces = &mut cx.state.stream_pieces;
                let (start, len) = match pieces.last() {
                    Some(&Piece::Held { start, len, .. }) => {
                        pieces.pop();
                        (start, len)
                    }
                    _ => (bytes.len(), 0),
                };
                pieces.push(Piece::Reassembled { pdu, start, len });
                cx.state.pdu_ended_by_fin = true;
            }
        }
        if let crate::Pass::First(l) = &mut cx.state.pass {
            l.record_completeness(
                conversation.stream,
                (
                    conversation.completeness,
                    conversation.first_segment_bits.unwrap_or(0),
                ),
            );
        }
        (info, Some(analysis))
    };
    // A segment quoted in an ICMP error counts as the stream's latest frame too, as in tshark.
    let (relative_ns, delta_ns) = conversation.times.advance(ns, true);
    let finished = !quoted && !conversation.queued_for_release && conversation.is_finished();
    let scales = conversation.dirs.map(|d| d.window_scale);
    let mut flow = Flow {
        stream: conversation.stream,
        info,
        relative_ns,
        delta_ns,
        analysis,
        initial_rtt: conversation.analysis.initial_rtt,
    };
    // The handshake's RTT is known at the ACK after the SYN+ACK; Wireshark's second pass shows it on the
    // SYN+ACK as well (on every segment whose analysis it shows), having the conversation's final state.
    match (&mut cx.state.pass, flow.initial_rtt) {
        (crate::Pass::First(l), Some(rtt)) => l.record_initial_rtt(flow.stream, rtt),
        (crate::Pass::Second(l), None) => {
            flow.initial_rtt = l.initial_rtt.get(&flow.stream).copied()
        }
        _ => {}
    }
    // The second pass shows the conversation's completeness as the first pass left it, to which
    // tshark's revisit of the first segment adds that segment's bits from the next segment on.
    if let crate::Pass::Second(l) = &cx.state.pass
        && let Some(&(last, first_bits)) = l.completeness.get(&flow.stream)
    {
        flow.info.completeness = if flow.info.first_segment {
            last
        } else {
            last | first_bits
        };
    }
    // Likewise the window scale: the second pass scales every segment but a SYN with the scale its
    // direction has at the end of the first pass (a Window Scale option outside the SYN, as scanners
    // send, then counts for the segments before it too).
    match &mut cx.state.pass {
        crate::Pass::First(l) if scales_changed => l.record_window_scales(flow.stream, scales),
        crate::Pass::Second(l) if !quoted && segment.flags & 0x002 == 0 => {
            if let Some(last) = l.window_scales.get(&flow.stream) {
                let scale = last[dir];
                flow.info.window_size = scale.apply(segment.window);
                flow.info.scale_factor = Some(scale.factor());
            }
        }
        _ => {}
    }
    if let (Some(own), false) = (flow.analysis, matches!(cx.state.pass, crate::Pass::Single)) {
        let number = cx.meta.number;
        flow.analysis = Some(cx.state.shared_analysis.merge(
            (flow.stream, segment.seq, segment.ack),
            number,
            own,
        ));
    }
    if finished {
        cx.state.conversations.note_if_finished(src, dst, ns);
    }
    Some(flow)
}

/// tshark files a segment's analysis under its conversation, frame number, sequence and acknowledgement
/// numbers, and a segment finding an entry under that key adds to it and shows it. Frame numbers are
/// unique in one pass, but in the passes of `-2 -R` a frame the read filter drops has the number of the
/// next frame it keeps, so a kept segment shows the analysis of the dropped ones before it with the same
/// numbers as well as its own (a data segment after a dropped pure ACK "ACKs" what that ACK acked). Kept
/// here for the current frame number only: no other can be shared any more.
#[derive(Debug, Default)]
pub(crate) struct SharedAnalysis {
    number: u64,
    entries: std::collections::HashMap<(u32, u32, u32), SegmentAnalysis>,
}

impl SharedAnalysis {
    /// Entries kept for one frame number; past it a segment shows its own analysis only.
    const MAX: usize = 1 << 16;

    fn merge(
        &mut self,
        key: (u32, u32, u32),
        number: u64,
        own: SegmentAnalysis,
    ) -> SegmentAnalysis {
        if number != self.number {
            self.entries.clear();
            self.number = number;
        }
        if self.entries.len() >= Self::MAX && !self.entries.contains_key(&key) {
            return own;
        }
        let e = self.entries.entry(key).or_default();
        e.flags |= own.flags;
        e.acks_frame = own.acks_frame.or(e.acks_frame);
        e.bytes_in_flight = own.bytes_in_flight.or(e.bytes_in_flight);
        e.duplicate_ack = own.duplicate_ack.or(e.duplicate_ack);
        e.rto = own.rto.or(e.rto);
        e.counted_in_flight |= own.counted_in_flight;
        *e
    }
}

/// What the conversation reads from the options in `data[start..end]` before they are dissected (the
/// window fields come first): the Window Scale option's shift count and the bytes the SACK blocks cover
/// (see [`crate::flow::tcp_analysis::sack_bytes`]).
fn scan_options(data: &[u8], start: usize, end: usize) -> (Option<u8>, u32) {
    let (mut shift, mut sacked) = (None, 0);
    let mut o = start;
    while o < end {
        match data[o] {
            0 => break,
            1 => o += 1,
            kind => {
                let Some(&len) = data.get(o + 1) else { break };
                let len = len as usize;
                if len < 2 || o + len > end {
                    break;
                }
                match kind {
                    3 if len == 3 && shift.is_none() => shift = Some(data[o + 2]),
                    5 if (len - 2).is_multiple_of(8) => {
                        let blocks = data[o + 2..o + len].chunks_exact(8).map(|b| {
                            let edge =
                                |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
                            (edge(0), edge(4))
                        });
                        sacked = crate::flow::tcp_analysis::sack_bytes(blocks);
                    }
                    _ => {}
                }
                o += len;
            }
        }
    }
    (shift, sacked)
}

/// TCP options, with the summary tshark appends to the Info column (` MSS=1460 WS=4 SACK_PERM`).
///
/// `names` collects the options' names for the summary of the options item (`, Maximum segment size, ...`).
/// `ack` is the segment's raw acknowledgement number, which tells a D-SACK block (RFC 2883) from others.
#[allow(clippy::too_many_arguments)] // the option span, its two summaries, the SACK base and the ACK
fn options(
    cx: &mut Cx,
    parent: ItemIdx,
    data: &[u8],
    mut o: usize,
    end: usize,
    info: &mut String,
    names: &mut String,
    sack_base: Option<u32>,
    ack: u32,
    syn: bool,
    syn_flag: bool,
) -> bool {
    use option_protocols as op;
    use std::fmt::Write as _;
    let registry = crate::registry();
    // The option protocols are named "TCP Option - NAME"; the options' summary lists the NAMEs.
    // NOPs counted for tshark's warning, which a window scale, SACK-permitted or timestamps option
    // before the fourth NOP turns off (probed with tshark 4.0); and whether an MSS option came.
    let mut nops = 0;
    let mut nop_warning = true;
    let mut mss_seen = false;
    let mut add_name = |proto: fields::FieldId| {
        let name = registry.protocol(proto.proto).name;
        names.push_str(", ");
        names.push_str(name.strip_prefix("TCP Option - ").unwrap_or(name));
    };
    while o < end {
        let kind = data[o];
        match kind {
            0 => {
                let it = cx
                    .tree
                    .add(parent, op::eol::PROTOCOL_FIELD, o, 1, Value::Bytes);
                add_name(op::eol::PROTOCOL_FIELD);
                cx.uint(it, OPTION_KIND, o, 1, 0);
                // tshark 4.0 reads on after an EOL: each padding byte is one more EOL.
                o += 1;
                continue;
            }
            1 => {
                // tshark 4.0 warns at the fourth NOP of the header, whether the four are in a
                // row or not, once.
                if nops == 3 && nop_warning {
                    cx.expert(
                        parent,
                        NOP_RUN,
                        Severity::Warning,
                        Group::Protocol,
                        format_args!("4 NOP in a row - a router may have removed some options"),
                    );
                }
                nops += 1;
                let it = cx
                    .tree
                    .add(parent, op::nop::PROTOCOL_FIELD, o, 1, Value::Bytes);
                add_name(op::nop::PROTOCOL_FIELD);
                cx.uint(it, OPTION_KIND, o, 1, 1);
                o += 1;
                continue;
            }
            _ => {}
        }
        let Some(len) = read::u8(data, o + 1).map(|l| l as usize) else {
            cx.tree.add(parent, OPTION_LEN_INVALID, o, 1, Value::None);
            return mss_seen;
        };
        if len < 2 || o + len > end {
            cx.uint(parent, OPTION_KIND, o, 1, kind as u64);
            cx.tree
                .add(parent, OPTION_LEN_INVALID, o + 1, 1, Value::None);
            return mss_seen;
        }
        match kind {
            2 => mss_seen = true,
            3 | 4 | 8 => nop_warning = false,
            _ => {}
        }
        let (proto, ok_len) = match kind {
            2 => (Some(op::mss::PROTOCOL_FIELD), len == 4),
            3 => (Some(op::wscale::PROTOCOL_FIELD), len == 3),
            4 => (Some(op::sack_perm::PROTOCOL_FIELD), len == 2),
            5 => (Some(op::sack::PROTOCOL_FIELD), (len - 2) % 8 == 0),
            8 => (Some(op::timestamp::PROTOCOL_FIELD), len == 10),
            34 => (Some(op::tfo::PROTOCOL_FIELD), true),
            253 | 254 => (Some(op::experimental::PROTOCOL_FIELD), len >= 4),
            _ => (None, true),
        };
        let it = match proto {
            Some(p) => {
                add_name(p);
                cx.tree.add(parent, p, o, len, Value::Bytes)
            }
            None => parent,
        };
        if kind == 2 && !syn_flag {
            cx.expert(
                it,
                MSS_PRESENT,
                Severity::Warning,
                Group::Protocol,
                format_args!("The non-SYN packet does contain a MSS option"),
            );
        }
        cx.uint(it, OPTION_KIND, o, 1, kind as u64);
        let len_item = cx.uint(it, OPTION_LEN, o + 1, 1, len as u64);
        if !ok_len {
            // tshark notes a fixed-length option's wrong length on its Length item.
            let fixed = match kind {
                2 => Some(4),
                3 => Some(3),
                4 => Some(2),
                8 => Some(10),
                _ => None,
            };
            let (sev, group) = (Severity::Note, Group::Sequence);
            if kind == 4 {
                // tshark names SACK-permitted in Info whatever its length.
                info.push_str(" SACK_PERM");
            }
            match (fixed, kind) {
                (Some(want), _) => cx.expert(
                    len_item,
                    OPTION_LEN_INVALID,
                    sev,
                    group,
                    format_args!("option length should be {want}"),
                ),
                (None, 253 | 254) => cx.expert(
                    len_item,
                    OPTION_LEN_INVALID,
                    sev,
                    group,
                    format_args!("option length {len} smaller than 4"),
                ),
                _ => {
                    cx.tree.add(it, OPTION_LEN_INVALID, o + 1, 1, Value::None);
                }
            }
            o += len;
            continue;
        }
        match kind {
            2 => {
                let mss = read::be16(data, o + 2).unwrap_or(0);
                cx.uint(it, MSS_VAL, o + 2, 2, mss as u64);
                cx.tree.set_label(
                    it,
                    format_args!("TCP Option - Maximum segment size: {mss} bytes"),
                );
                let _ = write!(info, " MSS={mss}");
            }
            3 => {
                let shift = data[o + 2];
                let shift_item = cx.uint(it, WSCALE_SHIFT, o + 2, 1, shift as u64);
                if shift > 14 {
                    // RFC 7323 §2.3: a shift above 14 is used as 14; tshark's warning sits under
                    // the shift count.
                    cx.expert(
                        shift_item,
                        WSCALE_SHIFT_INVALID,
                        crate::cx::Severity::Warning,
                        crate::cx::Group::Protocol,
                        format_args!("Window scale shift exceeds 14"),
                    );
                }
                let mult = 1u64 << shift.min(14);
                cx.tree
                    .add_generated(it, WSCALE_MULTIPLIER, o + 2, 1, Value::UInt(mult));
                cx.tree.set_label(
                    it,
                    format_args!("TCP Option - Window scale: {shift} (multiply by {mult})"),
                );
                let _ = write!(info, " WS={mult}");
            }
            4 => info.push_str(" SACK_PERM"),
            5 => {
                let count = (len - 2) / 8;
                let mut e = o + 2;
                // The edges are the other side's sequence numbers, relative to its base when the
                // conversation is tracked.
                let mut edges = String::new();
                for _ in 0..count {
                    let mut le = read::be32(data, e).unwrap_or(0);
                    let mut re = read::be32(data, e + 4).unwrap_or(0);
                    if let Some(base) = sack_base {
                        le = le.wrapping_sub(base);
                        re = re.wrapping_sub(base);
                    }
                    let rel = if sack_base.is_some() {
                        " (relative)"
                    } else {
                        ""
                    };
                    let l = cx.uint(it, SACK_LE, e, 4, le as u64);
                    if l.is_stored() {
                        cx.tree.set_label(l, format_args!("left edge = {le}{rel}"));
                    }
                    let r = cx.uint(it, SACK_RE, e + 4, 4, re as u64);
                    if r.is_stored() {
                        cx.tree.set_label(r, format_args!("right edge = {re}{rel}"));
                    }
                    let _ = write!(info, " SLE={le} SRE={re}");
                    if it.is_stored() {
                        let _ = write!(edges, " {le}-{re}");
                    }
                    e += 8;
                }
                if it.is_stored() {
                    cx.tree
                        .set_label(it, format_args!("TCP Option - SACK{edges}"));
                }
                cx.tree
                    .add_generated(it, SACK_COUNT, o, len, Value::UInt(count as u64));
                if count > 0 {
                    dsack(cx, it, data, o + 2, count, sack_base, ack);
                }
            }
            8 => {
                let tsval = read::be32(data, o + 2).unwrap_or(0);
                let tsecr = read::be32(data, o + 6).unwrap_or(0);
                cx.uint(it, TSVAL, o + 2, 4, tsval as u64);
                cx.uint(it, TSECR, o + 6, 4, tsecr as u64);
                cx.tree.set_label(
                    it,
                    format_args!("TCP Option - Timestamps: TSval {tsval}, TSecr {tsecr}"),
                );
                info.push_str(" TSval=");
                fields::format::push_decimal(info, tsval as u64);
                info.push_str(" TSecr=");
                fields::format::push_decimal(info, tsecr as u64);
            }
            34 => tfo(
                cx,
                it,
                o + 2,
                len - 2,
                "TCP Option - TCP Fast Open",
                info,
                syn,
            ),
            253 | 254 => {
                let exid = read::be16(data, o + 2).unwrap_or(0);
                cx.uint(it, EXPERIMENT_ID, o + 2, 2, exid as u64);
                if exid == TFO_EXPERIMENT_ID {
                    // The identifier is part of what the cookie request item covers, as in Wireshark.
                    tfo(
                        cx,
                        it,
                        o + 2,
                        len - 2,
                        "TCP Option - Experimental",
                        info,
                        syn,
                    );
                } else {
                    cx.tree
                        .set_label(it, format_args!("TCP Option - Experimental: Unknown"));
                    let _ = write!(info, " ExID={exid:x}");
                    if len > 4 {
                        cx.tree
                            .add(it, EXPERIMENT_DATA, o + 4, len - 4, Value::Bytes);
                    }
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
    mss_seen
}

/// A TCP Fast Open option's content (RFC 7413), `len` bytes at `at`: from the experiment identifier on for
/// the experimental option, the cookie itself for kind 34. Without a cookie it asks for one (Info
/// "TFO=R"); with one it carries it ("TFO=C").
/// A SYN (`syn`) that carries a cookie gets tshark's note.
fn tfo(cx: &mut Cx, it: ItemIdx, at: usize, len: usize, name: &str, info: &mut String, syn: bool) {
    let experimental = name.ends_with("Experimental");
    let cookie_at = if experimental { at + 2 } else { at };
    let cookie_len = (at + len).saturating_sub(cookie_at);
    if cookie_len == 0 {
        cx.tree.add(it, TFO_REQUEST, at, len, Value::None);
        info.push_str(" TFO=R");
    } else {
        let c = cx
            .tree
            .add(it, TFO_COOKIE, cookie_at, cookie_len, Value::Bytes);
        info.push_str(" TFO=C");
        if syn {
            cx.expert(
                c,
                TFO_SYN,
                crate::cx::Severity::Note,
                crate::cx::Group::Sequence,
                format_args!("TCP SYN with TFO Cookie"),
            );
        }
    }
    if it.is_stored() {
        if experimental {
            cx.tree.set_label(it, format_args!("{name}: Fast Open"));
        } else if cookie_len == 0 {
            cx.tree
                .set_label(it, format_args!("{name}: Fast Open Cookie Request"));
        } else {
            cx.tree
                .set_label(it, format_args!("{name}: Fast Open Cookie"));
        }
    }
}

/// Marks the first SACK block (at `at`, one of `count`) as a D-SACK block (RFC 2883) when it reports
/// data received twice: its right edge is at or below the cumulative ACK, or it lies inside the second
/// block (its right edge after the second's left edge and at most the second's right edge).
fn dsack(
    cx: &mut Cx,
    it: ItemIdx,
    data: &[u8],
    at: usize,
    count: usize,
    sack_base: Option<u32>,
    ack: u32,
) {
    let edge = |o: usize| read::be32(data, o).unwrap_or(0);
    let before = |a: u32, b: u32| (a.wrapping_sub(b) as i32) < 0;
    let (le, re) = (edge(at), edge(at + 4));
    let below_ack = !before(ack, re);
    let inside_second = count > 1 && before(edge(at + 8), re) && !before(edge(at + 12), re);
    if !below_ack && !inside_second {
        return;
    }
    let base = sack_base.unwrap_or(0);
    let rel = if sack_base.is_some() {
        " (relative)"
    } else {
        ""
    };
    let (le, re) = (le.wrapping_sub(base), re.wrapping_sub(base));
    let l = cx
        .tree
        .add_generated(it, DSACK_LE, at, 4, Value::UInt(le as u64));
    if l.is_stored() {
        cx.tree
            .set_label(l, format_args!("D-SACK Left Edge = {le}{rel}"));
    }
    let r = cx
        .tree
        .add_generated(it, DSACK_RE, at + 4, 4, Value::UInt(re as u64));
    if r.is_stored() {
        cx.tree
            .set_label(r, format_args!("D-SACK Right Edge = {re}{rel}"));
    }
    cx.expert_item(
        it,
        at,
        8,
        DSACK,
        Severity::Warning,
        Group::Sequence,
        format_args!("D-SACK Sequence"),
    );
}

/// The "SEQ/ACK analysis" subtree, in the order tshark shows it.
fn show_analysis(cx: &mut Cx, top: ItemIdx, a: &SegmentAnalysis, initial_rtt: Option<i64>) {
    let tree = cx.tree.add_generated(top, ANALYSIS, 0, 0, Value::None);
    if let Some((frame, rtt)) = a.acks_frame {
        cx.tree
            .add_generated(tree, ACKS_FRAME, 0, 0, Value::UInt(frame));
        // tshark leaves a round trip time of zero out.
        if rtt != 0 {
            cx.tree
                .add_generated(tree, ACK_RTT, 0, 0, Value::RelTime(rtt));
        }
    }
    if let Some(rtt) = initial_rtt {
        cx.tree
            .add_generated(tree, INITIAL_RTT, 0, 0, Value::RelTime(rtt));
    }
    if let Some((bytes, pushed)) = a.bytes_in_flight {
        cx.tree
            .add_generated(tree, BYTES_IN_FLIGHT, 0, 0, Value::UInt(bytes as u64));
        cx.tree
            .add_generated(tree, PUSH_BYTES_SENT, 0, 0, Value::UInt(pushed as u64));
    }
    if a.flags == 0 {
        return;
    }
    let flags = cx
        .tree
        .add_generated(tree, ANALYSIS_FLAGS, 0, 0, Value::None);
    let (note, warn, chat, seq) = (
        Severity::Note,
        Severity::Warning,
        Severity::Chat,
        Group::Sequence,
    );
    let f = a.flags;
    if f & ta::RETRANSMISSION != 0 {
        cx.expert(
            flags,
            RETRANSMISSION,
            note,
            seq,
            format_args!("This frame is a (suspected) retransmission"),
        );
        if let Some((rto, frame)) = a.rto
            && rto != 0
        {
            cx.tree.add_generated(flags, RTO, 0, 0, Value::RelTime(rto));
            cx.tree
                .add_generated(flags, RTO_FRAME, 0, 0, Value::UInt(frame));
        }
    }
    if f & ta::FAST_RETRANSMISSION != 0 {
        cx.expert(
            flags,
            FAST_RETRANSMISSION,
            note,
            seq,
            format_args!("This frame is a (suspected) fast retransmission"),
        );
        cx.expert(
            flags,
            RETRANSMISSION,
            note,
            seq,
            format_args!("This frame is a (suspected) retransmission"),
        );
    }
    if f & ta::SPURIOUS_RETRANSMISSION != 0 {
        cx.expert(
            flags,
            SPURIOUS_RETRANSMISSION,
            note,
            seq,
            format_args!("This frame is a (suspected) spurious retransmission"),
        );
        cx.expert(
            flags,
            RETRANSMISSION,
            note,
            seq,
            format_args!("This frame is a (suspected) retransmission"),
        );
    }
    if f & ta::OUT_OF_ORDER != 0 {
        cx.expert(
            flags,
            OUT_OF_ORDER,
            warn,
            seq,
            format_args!("This frame is a (suspected) out-of-order segment"),
        );
    }
    if f & ta::REUSED_PORTS != 0 {
        cx.expert(
            flags,
            REUSED_PORTS,
            note,
            seq,
            format_args!(
                "A new tcp session is started with the same ports as an earlier session in this trace"
            ),
        );
    }
    if f & ta::LOST_PACKET != 0 {
        cx.expert(
            flags,
            LOST_SEGMENT,
            warn,
            seq,
            format_args!("Previous segment(s) not captured (common at capture start)"),
        );
    }
    if f & ta::ACK_LOST_PACKET != 0 {
        cx.expert(
            flags,
            ACK_LOST_SEGMENT,
            warn,
            seq,
            format_args!("ACKed segment that wasn't captured (common at capture start)"),
        );
    }
    if f & ta::WINDOW_UPDATE != 0 {
        cx.expert(
            flags,
            WINDOW_UPDATE,
            chat,
            seq,
            format_args!("TCP window update"),
        );
    }
    if f & ta::WINDOW_FULL != 0 {
        cx.expert(
            flags,
            WINDOW_FULL,
            warn,
            seq,
            format_args!("TCP window specified by the receiver is now completely full"),
        );
    }
    if f & ta::KEEP_ALIVE != 0 {
        cx.expert(
            flags,
            KEEP_ALIVE,
            note,
            seq,
            format_args!("TCP keep-alive segment"),
        );
    }
    if f & ta::KEEP_ALIVE_ACK != 0 {
        cx.expert(
            flags,
            KEEP_ALIVE_ACK,
            note,
            seq,
            format_args!("ACK to a TCP keep-alive segment"),
        );
    }
    if let Some((num, frame)) = a.duplicate_ack {
        let d = cx
            .tree
            .add_generated(flags, DUPLICATE_ACK, 0, 0, Value::None);
        if d.is_stored() {
            cx.tree
                .set_label(d, format_args!("This is a TCP duplicate ack"));
        }
        cx.tree
            .add_generated(tree, DUPLICATE_ACK_NUM, 0, 0, Value::UInt(num as u64));
        let df = cx
            .tree
            .add_generated(tree, DUPLICATE_ACK_FRAME, 0, 0, Value::UInt(frame));
        cx.expert(
            df,
            DUPLICATE_ACK,
            note,
            seq,
            format_args!("Duplicate ACK (#{num})"),
        );
    }
    if f & ta::ZERO_WINDOW_PROBE != 0 {
        cx.expert(
            flags,
            ZERO_WINDOW_PROBE,
            note,
            seq,
            format_args!("TCP Zero Window Probe"),
        );
    }
    if f & ta::ZERO_WINDOW != 0 {
        cx.expert(
            flags,
            ZERO_WINDOW,
            warn,
            seq,
            format_args!("TCP Zero Window segment"),
        );
    }
    if f & ta::ZERO_WINDOW_PROBE_ACK != 0 {
        cx.expert(
            flags,
            ZERO_WINDOW_PROBE_ACK,
            note,
            seq,
            format_args!("ACK to a TCP Zero Window Probe"),
        );
    }
}

/// Appends the notes tshark puts before a segment's Info text (`[TCP Retransmission] `). tshark puts
/// each note in front of the ones before it, so they are written here from the last to the first.
fn write_analysis_notes(out: &mut String, a: &SegmentAnalysis) {
    use std::fmt::Write as _;
    let f = a.flags;
    let note = |out: &mut String, bit: u32, text: &str| {
        if f & bit != 0 {
            out.push_str(text);
        }
    };
    note(out, ta::ZERO_WINDOW_PROBE_ACK, "[TCP ZeroWindowProbeAck] ");
    note(out, ta::ZERO_WINDOW, "[TCP ZeroWindow] ");
    note(out, ta::ZERO_WINDOW_PROBE, "[TCP ZeroWindowProbe] ");
    if let Some((num, frame)) = a.duplicate_ack {
        let _ = write!(out, "[TCP Dup ACK {frame}#{num}] ");
    }
    note(out, ta::KEEP_ALIVE_ACK, "[TCP Keep-Alive ACK] ");
    note(out, ta::KEEP_ALIVE, "[TCP Keep-Alive] ");
    note(out, ta::WINDOW_FULL, "[TCP Window Full] ");
    note(out, ta::WINDOW_UPDATE, "[TCP Window Update] ");
    note(out, ta::ACK_LOST_PACKET, "[TCP ACKed unseen segment] ");
    note(out, ta::LOST_PACKET, "[TCP Previous segment not captured] ");
    note(out, ta::REUSED_PORTS, "[TCP Port numbers reused] ");
    note(out, ta::OUT_OF_ORDER, "[TCP Out-Of-Order] ");
    note(
        out,
        ta::SPURIOUS_RETRANSMISSION,
        "[TCP Spurious Retransmission] ",
    );
    note(out, ta::FAST_RETRANSMISSION, "[TCP Fast Retransmission] ");
    note(out, ta::RETRANSMISSION, "[TCP Retransmission] ");
}

/// ", Len: N" in a segment's heading, or nothing.
struct LenText(Option<usize>);

impl std::fmt::Display for LenText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(n) => write!(f, ", Len: {n}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// The SYN and SYN+ACK of zeek/tcp/tcp-fast-open.pcap (Linux's TCP Fast Open under the experimental
    /// option, RFC 7413 section 4.1.1); the values are tshark 4.0's for those frames.
    #[test]
    fn fast_open_cookie_request_and_cookie() {
        let syn = dissect(
            1,
            "000c296db67a005056c00001080045000040f2e6400040066cdd0a6363010a63632dd8ed0050\
             60969a4500000000b0027210b5d20000020405b40402080a00d968a30000000001030307fe04f989",
        );
        assert_eq!(
            syn.values("tcp.option_kind"),
            ["2", "4", "8", "1", "3", "254"]
        );
        assert_eq!(syn.field("tcp.options.experimental.exid"), "0xf989");
        assert!(syn.has("tcp.options.tfo.request"));
        assert!(!syn.has("tcp.options.tfo.cookie"));
        assert!(syn.info().ends_with(" WS=128 TFO=R"), "{}", syn.info());
        let syn_ack = dissect(
            1,
            "005056c00001000c296db67a0800450000480000400040065fbc0a63632d0a6363010050d8ed\
             3b1a443e60969a46d0127120c2770000020405b40402080afffff8f600d968a301030306fe0cf989\
             261fb060cecab690",
        );
        assert_eq!(syn_ack.field("tcp.options.tfo.cookie"), "261fb060cecab690");
        assert!(
            syn_ack.info().ends_with(" WS=64 TFO=C"),
            "{}",
            syn_ack.info()
        );
    }
}
