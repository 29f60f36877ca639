//! TCP sequence state per conversation: relative sequence and acknowledgement numbers and window scaling,
//! as Wireshark shows them with its default preferences (`tcp.relative_sequence_numbers: TRUE`,
//! `tcp.default_window_scaling: -1`).

use super::StreamTimes;

/// Window scale of one direction, as Wireshark keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowScale {
    /// No SYN seen yet: the window may or may not be scaled (`tcp.window_size_scalefactor` -1).
    Unknown,
    /// A SYN or SYN+ACK went without the option: neither side scales (-2).
    NotUsed,
    /// The shift count from this direction's SYN (at most 14).
    Shift(u8),
}

impl WindowScale {
    /// `tcp.window_size_scalefactor`: the multiplier, or -1 / -2.
    pub fn factor(self) -> i64 {
        match self {
            WindowScale::Unknown => -1,
            WindowScale::NotUsed => -2,
            WindowScale::Shift(s) => 1 << s,
        }
    }

    /// The window a header's 16-bit value stands for.
    pub fn apply(self, window: u16) -> u64 {
        match self {
            WindowScale::Shift(s) => (window as u64) << s,
            _ => window as u64,
        }
    }
}

/// One direction of a TCP conversation (segments sent by one endpoint).
#[derive(Debug, Clone, Copy)]
pub struct TcpDirection {
    /// The sequence number relative numbers count from: the SYN's, or one less than the first segment's
    /// when the SYN was not seen (so that segment shows as 1). Also learnt from the other side's ACK.
    pub base_seq: Option<u32>,
    pub window_scale: WindowScale,
    /// This side has sent a FIN.
    pub sent_fin: bool,
    /// This side sent a FIN while the other had sent none: it began the closing (tshark's
    /// `closing_initiator`).
    pub closing_initiator: bool,
}

impl Default for TcpDirection {
    fn default() -> Self {
        TcpDirection {
            base_seq: None,
            window_scale: WindowScale::Unknown,
            sent_fin: false,
            closing_initiator: false,
        }
    }
}

/// A TCP conversation: its stream number and both directions' state.
#[derive(Debug, Clone)]
pub struct TcpConversation {
    /// `tcp.stream`.
    pub stream: u32,
    pub times: StreamTimes,
    /// Indexed by direction (see [`super::ConversationKey::of`]).
    pub dirs: [TcpDirection; 2],
    /// Retransmissions, duplicate ACKs, RTTs and the other `tcp.analysis.*` state.
    pub analysis: super::tcp_analysis::ConversationAnalysis,
    /// Each direction's PDUs in reassembly (for the protocol on the conversation's port).
    pub streams: [super::stream::StreamDirection; 2],
    /// `tcp.completeness`: bits for SYN, SYN+ACK, ACK, data, FIN and RST seen so far.
    pub completeness: u8,
    /// The bits of the conversation's first segment when it was not a SYN: a single pass of tshark
    /// leaves them out, its second pass counts them.
    pub first_segment_bits: Option<u8>,
    /// A segment has been seen (the first one is treated apart, see `first_segment_bits`).
    started: bool,
    /// A RST has been seen.
    pub reset: bool,
    /// Queued to be released once finished and idle (see [`super::Conversations`]).
    pub queued_for_release: bool,
    /// The stream protocol recognised by the content of an earlier segment, for ports that have none.
    pub content_protocol: Option<&'static super::stream::StreamProtocol>,
    /// Set when the stream protocol handed the connection over to another protocol (HTTP's "101
    /// Switching Protocols", a mail protocol's STARTTLS): from the next segment on, the bytes go to the
    /// new protocol instead of the one the ports or the content chose.
    pub handed_over: Option<Handover>,
    /// Started by a SYN on the ports of an earlier conversation; taken by that SYN's analysis.
    pub reused_ports: bool,
}

/// A connection one stream protocol handed over to another.
#[derive(Debug, Clone, Copy)]
pub struct Handover {
    /// The stream protocol that gave the connection up (tshark still lists it as a layer when the
    /// new one is not dissected); `None` for a mail protocol's STARTTLS, which tshark no longer
    /// lists once TLS has the connection.
    pub from: Option<&'static super::stream::StreamProtocol>,
    /// The protocol that takes the bytes from now on; `None` when wiresift does not dissect it (the
    /// bytes are shown as data).
    pub to: Option<&'static super::stream::StreamProtocol>,
}

/// The header values of a segment that the sequence analysis reads.
#[derive(Debug, Clone, Copy)]
pub struct Segment {
    pub seq: u32,
    pub ack: u32,
    /// The 12 flag bits.
    pub flags: u16,
    pub window: u16,
    /// Payload length (`tcp.len`).
    pub len: u32,
    /// The Window Scale option's shift count, if the segment has the option.
    pub window_shift: Option<u8>,
    /// The options were cut short by the snapshot length. tshark's dissection stops inside them, before
    /// it learns window scaling from them (the segment still counts for `tcp.completeness`); so does
    /// ours.
    pub options_cut: bool,
    /// Bytes its SACK blocks cover (see [`super::tcp_analysis::sack_bytes`]).
    pub sacked: u32,
}

const FIN: u16 = 0x001;
const SYN: u16 = 0x002;
const RST: u16 = 0x004;
const ACK: u16 = 0x010;

/// What the analysis says of one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SequenceInfo {
    /// `tcp.seq`.
    pub seq: u32,
    /// `tcp.ack`: relative when the ACK flag is set, else the raw field.
    pub ack: u32,
    /// `tcp.nxtseq`: the relative sequence number after this segment (SYN and FIN count one).
    pub nxtseq: u32,
    /// `tcp.window_size`.
    pub window_size: u64,
    /// `tcp.window_size_scalefactor`; `None` on SYN segments, whose window is never scaled.
    pub scale_factor: Option<i64>,
    /// The other side began the closing before this segment (a FIN now "undergoes" it; a
    /// retransmitted FIN of the side that began still "initiates" it, as in tshark).
    pub peer_began_closing: bool,
    /// The other side's base sequence number (0 when unknown), for SACK edges, which are its numbers.
    pub peer_base: u32,
    /// `tcp.completeness` as tshark shows it on this segment: what the conversation had seen before it.
    pub completeness: u8,
    /// This is the conversation's first segment.
    pub first_segment: bool,
}

/// The `tcp.completeness` bits a segment sets, as tshark 4.0 counts them (worked out from hand-made
/// captures): 1 a SYN, 2 a SYN+ACK, 4 an ACK without data or SYN, 8 data on a segment with ACK or SYN,
/// 16 a FIN with ACK, 32 any RST.
fn completeness_bits(s: &Segment) -> u8 {
    let (syn, ack) = (s.flags & SYN != 0, s.flags & ACK != 0);
    let mut bits = match (syn, ack) {
        (true, false) => 1,
        (true, true) => 2,
        (false, true) if s.len == 0 => 4,
        _ => 0,
    };
    if s.len > 0 && (syn || ack) {
        bits |= 8;
    }
    if s.flags & FIN != 0 && ack {
        bits |= 16;
    }
    if s.flags & RST != 0 {
        bits |= 32;
    }
    bits
}

/// tshark's words for a `tcp.completeness` value: "Complete, WITH_DATA", "Incomplete, ESTABLISHED" ...
pub fn completeness_text(value: u8) -> &'static str {
    match value {
        1 => "Incomplete, SYN_SENT",
        3 => "Incomplete, CLIENT_ESTABLISHED",
        7 => "Incomplete, ESTABLISHED",
        15 => "Incomplete, DATA",
        // A handshake and a close (FIN or RST), with or without data between.
        v if v & 7 == 7 && v & 48 != 0 => {
            if v & 8 != 0 {
                "Complete, WITH_DATA"
            } else {
                "Complete, NO_DATA"
            }
        }
        _ => "Incomplete",
    }
}

impl TcpConversation {
    pub(crate) fn new(stream: u32, times: StreamTimes) -> TcpConversation {
        TcpConversation {
            stream,
            times,
            dirs: [TcpDirection::default(); 2],
            analysis: Default::default(),
            streams: Default::default(),
            completeness: 0,
            first_segment_bits: None,
            started: false,
            reset: false,
            queued_for_release: false,
            content_protocol: None,
            handed_over: None,
            reused_ports: false,
        }
    }

    /// Updates the conversation with a segment sent in direction `dir` and says how it is shown.
    pub fn segment(&mut self, dir: usize, s: &Segment) -> SequenceInfo {
        let (fwd, rev) = (dir, 1 - dir);
        let syn = s.flags & SYN != 0;
        if self.dirs[fwd].base_seq.is_none() {
            self.dirs[fwd].base_seq = Some(if syn { s.seq } else { s.seq.wrapping_sub(1) });
        }
        if s.flags & ACK != 0 && self.dirs[rev].base_seq.is_none() {
            self.dirs[rev].base_seq = Some(s.ack.wrapping_sub(1));
        }
        let base = self.dirs[fwd].base_seq.unwrap_or(0);
        let seq = s.seq.wrapping_sub(base);
        let ack = if s.flags & ACK != 0 {
            s.ack.wrapping_sub(self.dirs[rev].base_seq.unwrap_or(0))
        } else {
            s.ack
        };
        // SYN and FIN take one sequence number; a segment with both still takes one.
        let ghost = u32::from(s.flags & (SYN | FIN) != 0);
        let nxtseq = seq.wrapping_add(s.len).wrapping_add(ghost);
        // The window is shown with the scale known before this segment's own options.
        let shown = self.shown(fwd, s, seq, ack, nxtseq);
        // A segment whose options the snapshot length cut still counts (zeek/tcp/truncated-header's
        // SYN); only its window scale is unknown.
        // tshark 4.0 counts a SYN (without ACK) only as the conversation's first segment, and keeps a
        // first segment of any other kind (a SYN+ACK, an ACK, data) apart, counting it only in its
        // second pass (crafted fixture tcp-order: a SYN+ACK seen before its SYN, an ACK before both).
        let bits = completeness_bits(s);
        let pure_syn = syn && s.flags & ACK == 0;
        match (self.started, pure_syn) {
            (false, false) => self.first_segment_bits = Some(bits),
            (true, true) => self.completeness |= bits & !1,
            _ => self.completeness |= bits,
        }
        self.started = true;
        if !s.options_cut {
            self.learn_window_scale(fwd, s);
        }
        if s.flags & FIN != 0 {
            self.dirs[fwd].sent_fin = true;
            if !self.dirs[1 - fwd].closing_initiator {
                self.dirs[fwd].closing_initiator = true;
            }
        }
        if s.flags & RST != 0 {
            self.reset = true;
        }
        shown
    }

    /// Both sides have sent a FIN, or one a RST: nothing more is expected but stragglers.
    pub fn is_finished(&self) -> bool {
        self.reset || (self.dirs[0].sent_fin && self.dirs[1].sent_fin)
    }

    /// How a segment quoted in an ICMP error is shown: raw numbers, the conversation's window scale, and
    /// nothing learnt from it.
    pub fn quoted_segment(&self, dir: usize, s: &Segment) -> SequenceInfo {
        self.shown(dir, s, s.seq, s.ack, s.seq.wrapping_add(s.len))
    }

    fn shown(&self, dir: usize, s: &Segment, seq: u32, ack: u32, nxtseq: u32) -> SequenceInfo {
        let scale = self.dirs[dir].window_scale;
        let syn = s.flags & SYN != 0;
        SequenceInfo {
            seq,
            ack,
            nxtseq,
            window_size: if syn {
                s.window as u64
            } else {
                scale.apply(s.window)
            },
            scale_factor: (!syn).then(|| scale.factor()),
            peer_began_closing: self.dirs[1 - dir].closing_initiator,
            peer_base: self.dirs[1 - dir].base_seq.unwrap_or(0),
            completeness: self.completeness,
            first_segment: !self.started,
        }
    }

    /// Learns window scaling from a segment sent in direction `fwd`. Like Wireshark, the Window Scale
    /// option sets its direction's shift on any segment that carries it (RFC 7323 allows it on SYNs
    /// only, but scanners send it elsewhere); scaling is then used only when both SYNs carry the option:
    /// a SYN or SYN+ACK without it turns scaling off for both directions (the other SYN may never be
    /// seen), and a SYN+ACK with it after a SYN without it does not turn it back on.
    fn learn_window_scale(&mut self, fwd: usize, s: &Segment) {
        let rev = 1 - fwd;
        if let Some(shift) = s.window_shift {
            self.dirs[fwd].window_scale = WindowScale::Shift(shift.min(14));
        }
        if s.flags & SYN == 0 {
            return;
        }
        if self.dirs[fwd].window_scale == WindowScale::Unknown {
            self.dirs[fwd].window_scale = WindowScale::NotUsed;
            self.dirs[rev].window_scale = WindowScale::NotUsed;
        } else if s.flags & ACK != 0 && self.dirs[rev].window_scale == WindowScale::NotUsed {
            self.dirs[fwd].window_scale = WindowScale::NotUsed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(seq: u32, ack: u32, flags: u16, window: u16, len: u32, ws: Option<u8>) -> Segment {
        Segment {
            seq,
            ack,
            flags,
            window,
            len,
            window_shift: ws,
            options_cut: false,
            sacked: 0,
        }
    }

    /// The handshake and first data of tests/data/boot-and-browse.pcapng frames 11-16, with the values
    /// tshark 4.0 prints for them.
    #[test]
    fn handshake_as_tshark_shows_it() {
        let mut c = TcpConversation::new(0, StreamTimes::default());
        let syn = c.segment(0, &seg(1419713569, 0, 0x002, 64240, 0, Some(10)));
        assert_eq!((syn.seq, syn.ack, syn.nxtseq), (0, 0, 1));
        assert_eq!((syn.window_size, syn.scale_factor), (64240, None));
        let synack = c.segment(1, &seg(1754572865, 1419713570, 0x012, 65160, 0, Some(10)));
        assert_eq!((synack.seq, synack.ack, synack.nxtseq), (0, 1, 1));
        let ack = c.segment(0, &seg(1419713570, 1754572866, 0x010, 63, 0, None));
        assert_eq!((ack.seq, ack.ack, ack.nxtseq), (1, 1, 1));
        assert_eq!((ack.window_size, ack.scale_factor), (64512, Some(1024)));
        let get = c.segment(0, &seg(1419713570, 1754572866, 0x018, 63, 80, None));
        assert_eq!(get.nxtseq, 81);
        let reply = c.segment(1, &seg(1754572866, 1419713650, 0x018, 64, 173, None));
        assert_eq!((reply.seq, reply.ack, reply.nxtseq), (1, 81, 174));
        assert_eq!(reply.window_size, 65536);
    }

    /// zeek/tls/tls-1.2-stream-keylog.pcap frames 232, 234 and 236: the client's FIN, the server's,
    /// then the client's FIN again (a retransmission). tshark: "initiates", "undergoes", "initiates":
    /// only the side that began the closing makes the other's FIN "undergo" it.
    #[test]
    fn closing_initiator_as_tshark_names_it() {
        let mut c = TcpConversation::new(0, StreamTimes::default());
        c.segment(0, &seg(100, 500, 0x010, 100, 0, None));
        let first = c.segment(0, &seg(100, 500, 0x011, 100, 0, None));
        assert!(!first.peer_began_closing);
        let answer = c.segment(1, &seg(500, 101, 0x011, 100, 0, None));
        assert!(answer.peer_began_closing);
        let again = c.segment(0, &seg(100, 500, 0x011, 100, 0, None));
        assert!(!again.peer_began_closing);
    }

    /// ppa/tcp_dupack.pcapng starts mid-stream: the first segment of each side is relative 1, and the
    /// first ACK fixes the other side's base (tshark: frame 2 Seq=10945).
    #[test]
    fn mid_stream_bases() {
        let mut c = TcpConversation::new(0, StreamTimes::default());
        let f1 = c.segment(0, &seg(704338729, 1310973186, 0x010, 100, 0, None));
        assert_eq!((f1.seq, f1.ack, f1.scale_factor), (1, 1, Some(-1)));
        let f2 = c.segment(1, &seg(1310984130, 704338729, 0x010, 100, 1368, None));
        assert_eq!((f2.seq, f2.ack), (10945, 1));
    }

    /// ppa/activeosfingerprinting.pcapng (nmap probes): a Window Scale option on a segment without SYN
    /// counts for the segments after it, and SYN+FIN takes one sequence number (tshark: frames 20, 21,
    /// 27).
    #[test]
    fn window_scale_outside_syn_and_syn_fin() {
        let mut c = TcpConversation::new(0, StreamTimes::default());
        let f20 = c.segment(0, &seg(100, 0, 0x000, 128, 0, Some(10)));
        assert_eq!((f20.window_size, f20.scale_factor), (128, Some(-1)));
        let f27 = c.segment(0, &seg(100, 0, 0x000, 128, 0, Some(10)));
        assert_eq!((f27.window_size, f27.scale_factor), (131072, Some(1024)));
        let mut d = TcpConversation::new(1, StreamTimes::default());
        let f21 = d.segment(0, &seg(5, 0, 0x02b, 256, 0, Some(10)));
        assert_eq!((f21.seq, f21.nxtseq), (0, 1));
    }

    #[test]
    fn one_syn_without_the_option_turns_scaling_off() {
        let mut c = TcpConversation::new(0, StreamTimes::default());
        c.segment(0, &seg(1, 0, 0x002, 1000, 0, None));
        c.segment(1, &seg(9, 2, 0x012, 1000, 0, Some(7)));
        let a = c.segment(0, &seg(2, 10, 0x010, 1000, 0, None));
        assert_eq!((a.window_size, a.scale_factor), (1000, Some(-2)));
        let b = c.segment(1, &seg(10, 2, 0x010, 1000, 0, None));
        assert_eq!((b.window_size, b.scale_factor), (1000, Some(-2)));
    }
}
