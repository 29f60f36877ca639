//! TCP sequence analysis as Wireshark's defaults do it (`tcp.analyze_sequence_numbers: TRUE`): which
//! segment an ACK acknowledges and how long it took, bytes in flight, and the suspicions tshark flags
//! (`tcp.analysis.retransmission`, `duplicate_ack`, `window_update`, `keep_alive`, `lost_segment`, ...).
//!
//! The analysis works on raw sequence numbers with modular comparisons. Like Wireshark it treats a next
//! sequence number of 0 as "none seen yet", so its answers match tshark's even in that corner.

/// Analysis flags of one segment (Wireshark's `TCP_A_*`).
pub mod flags {
    pub const RETRANSMISSION: u32 = 0x0001;
    pub const LOST_PACKET: u32 = 0x0002;
    pub const ACK_LOST_PACKET: u32 = 0x0004;
    pub const KEEP_ALIVE: u32 = 0x0008;
    pub const DUPLICATE_ACK: u32 = 0x0010;
    pub const ZERO_WINDOW: u32 = 0x0020;
    pub const ZERO_WINDOW_PROBE: u32 = 0x0040;
    pub const ZERO_WINDOW_PROBE_ACK: u32 = 0x0080;
    pub const KEEP_ALIVE_ACK: u32 = 0x0100;
    pub const OUT_OF_ORDER: u32 = 0x0200;
    pub const FAST_RETRANSMISSION: u32 = 0x0400;
    pub const WINDOW_UPDATE: u32 = 0x0800;
    pub const WINDOW_FULL: u32 = 0x1000;
    pub const REUSED_PORTS: u32 = 0x2000;
    pub const SPURIOUS_RETRANSMISSION: u32 = 0x4000;
}

const FIN: u16 = 0x001;
const SYN: u16 = 0x002;
const RST: u16 = 0x004;
const PSH: u16 = 0x008;
const ACK: u16 = 0x010;

/// Segments kept per direction while waiting for their ACK; beyond this (ACKs not captured) new ones
/// are not tracked, which bounds memory per flow as Wireshark does.
pub const MAX_UNACKED_SEGMENTS: usize = 10_000;

/// `a > b` in sequence space.
fn gt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}
fn lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}
fn le(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) <= 0
}

/// A segment sent and not yet acknowledged.
#[derive(Debug, Clone, Copy)]
struct Unacked {
    frame: u64,
    seq: u32,
    nextseq: u32,
    time_ns: i128,
}

/// What the analysis keeps of one direction (segments sent by one endpoint).
#[derive(Debug, Clone)]
pub struct DirectionAnalysis {
    /// Highest next sequence number seen (0: none yet).
    nextseq: u32,
    nextseq_frame: u64,
    nextseq_time: i128,
    /// Highest sequence number up to which data was seen without a hole (0: none yet).
    max_seq_to_be_acked: u32,
    /// ACK number, time and window of this direction's last segment.
    last_ack: u32,
    last_ack_time: i128,
    window: u32,
    /// The frame whose ACK later duplicate ACKs repeat, and how many there have been.
    last_non_dup_ack: u64,
    dup_ack_count: u32,
    /// Analysis flags of this direction's last segment.
    last_segment_flags: u32,
    /// Bytes in flight are shown only while no segment was missed since the other side's last ACK.
    valid_bytes_in_flight: bool,
    push_bytes_sent: u32,
    push_set_last: bool,
    /// Bytes that this direction's latest segment reports received out of order (its SACK blocks):
    /// they no longer count as in flight for the other direction.
    sacked: u32,
    /// Newest last.
    unacked: Vec<Unacked>,
}

impl Default for DirectionAnalysis {
    fn default() -> Self {
        DirectionAnalysis {
            nextseq: 0,
            nextseq_frame: 0,
            nextseq_time: 0,
            max_seq_to_be_acked: 0,
            last_ack: 0,
            last_ack_time: 0,
            window: 0,
            last_non_dup_ack: 0,
            dup_ack_count: 0,
            last_segment_flags: 0,
            valid_bytes_in_flight: true,
            push_bytes_sent: 0,
            push_set_last: false,
            sacked: 0,
            unacked: Vec::new(),
        }
    }
}

/// What the analysis says about one segment; tshark shows its "SEQ/ACK analysis" subtree only when
/// [`SegmentAnalysis::is_empty`] is false.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SegmentAnalysis {
    /// `flags::*` bits.
    pub flags: u32,
    /// `tcp.analysis.acks_frame` and `tcp.analysis.ack_rtt` (ns).
    pub acks_frame: Option<(u64, i64)>,
    /// `tcp.analysis.bytes_in_flight` and `tcp.analysis.push_bytes_sent`.
    pub bytes_in_flight: Option<(u32, u32)>,
    /// `tcp.analysis.duplicate_ack_num` and `tcp.analysis.duplicate_ack_frame`.
    pub duplicate_ack: Option<(u32, u64)>,
    /// `tcp.analysis.rto` (ns) and `tcp.analysis.rto_frame`, for a plain retransmission.
    pub rto: Option<(i64, u64)>,
    /// Bytes in flight were worked out for the segment, even if there were none to show: tshark then
    /// shows the analysis subtree (with the initial RTT) all the same.
    pub counted_in_flight: bool,
}

impl SegmentAnalysis {
    pub fn is_empty(&self) -> bool {
        *self == SegmentAnalysis::default()
    }
}

/// The header values the analysis reads, raw as on the wire.
#[derive(Debug, Clone, Copy)]
pub struct AnalysedSegment {
    pub frame: u64,
    pub time_ns: i128,
    pub seq: u32,
    pub ack: u32,
    pub flags: u16,
    /// The window field, unscaled.
    pub window: u16,
    pub len: u32,
    /// Bytes covered by the segment's SACK blocks, as [`sack_bytes`] counts them.
    pub sacked: u32,
    /// The segment is a SYN that starts a new conversation on the ports of an earlier one.
    pub reused_ports: bool,
}

/// Bytes that SACK blocks (left and right edges) report received, as Wireshark counts them for bytes in
/// flight: the first three blocks only (a fourth, which only fits without timestamps, is not counted),
/// D-SACK blocks included.
pub fn sack_bytes(blocks: impl Iterator<Item = (u32, u32)>) -> u32 {
    blocks
        .take(3)
        .fold(0u32, |sum, (le, re)| sum.wrapping_add(re.wrapping_sub(le)))
}

/// Conversation-wide analysis state and the step that runs per segment.
#[derive(Debug, Clone, Default)]
pub struct ConversationAnalysis {
    pub dirs: [DirectionAnalysis; 2],
    /// Time of the last SYN (without ACK), for the initial RTT.
    syn_time: Option<i128>,
    /// `tcp.analysis.initial_rtt` (ns): from the SYN to the first ACK without SYN after it.
    pub initial_rtt: Option<i64>,
}

/// What the step needs of the sequence state the caller keeps.
#[derive(Debug, Clone, Copy)]
pub struct SequenceContext {
    /// This direction's base sequence number (for bytes in flight, counted relative to it).
    pub base_seq: u32,
    /// The other direction's window shift, if known (`None`: unknown; `Some(0)`: not scaled).
    pub rev_window_shift: Option<u8>,
}

impl ConversationAnalysis {
    /// Analyses a segment sent in direction `fwd` and updates the state, as Wireshark's first pass does.
    pub fn segment(
        &mut self,
        fwd: usize,
        s: &AnalysedSegment,
        context: SequenceContext,
    ) -> SegmentAnalysis {
        use flags::*;
        let rev = 1 - fwd;
        let mut out = SegmentAnalysis::default();
        if s.reused_ports {
            out.flags |= REUSED_PORTS;
        }
        let (seq, ack, seglen, window) = (s.seq, s.ack, s.len, s.window as u32);
        let no_syn_fin_rst = s.flags & (SYN | FIN | RST) == 0;

        if s.flags & SYN != 0 && s.flags & ACK == 0 {
            self.syn_time = Some(s.time_ns);
        }
        // Wireshark also takes a SYN at time zero (a capture whose clock starts at the epoch) as no
        // SYN seen, and measures no iRTT then.
        if s.flags & (SYN | ACK) == ACK
            && self.initial_rtt.is_none()
            && let Some(syn) = self.syn_time
            && syn != 0
        {
            // Wireshark takes a zero time as "not measured yet", so a zero RTT is measured again.
            let rtt = (s.time_ns - syn) as i64;
            self.initial_rtt = (rtt != 0).then_some(rtt);
        }
        if s.flags & ACK != 0 {
            self.dirs[rev].valid_bytes_in_flight = true;
        }

        let (f, r) = if fwd == 0 {
            let (a, b) = self.dirs.split_at_mut(1);
            (&mut a[0], &mut b[0])
        } else {
            let (a, b) = self.dirs.split_at_mut(1);
            (&mut b[0], &mut a[0])
        };

        // The checks below stop at the first of the "probe" and "keep-alive ACK" kinds, as Wireshark's do.
        'checks: {
            if seglen == 1 && seq == f.nextseq && r.window == 0 {
                out.flags |= ZERO_WINDOW_PROBE;
                break 'checks;
            }
            if window == 0 && no_syn_fin_rst {
                out.flags |= ZERO_WINDOW;
            }
            if f.nextseq != 0 && gt(seq, f.nextseq) && s.flags & RST == 0 {
                out.flags |= LOST_PACKET;
                f.valid_bytes_in_flight = false;
            }
            if seglen <= 1 && seq == f.nextseq.wrapping_sub(1) && no_syn_fin_rst {
                out.flags |= KEEP_ALIVE;
            }
            if seglen == 0
                && window != 0
                && window != f.window
                && seq == f.nextseq
                && ack == f.last_ack
                && no_syn_fin_rst
            {
                out.flags |= WINDOW_UPDATE;
            }
            if seglen > 0
                && no_syn_fin_rst
                && let Some(shift) = context.rev_window_shift
                && seq.wrapping_add(seglen) == r.last_ack.wrapping_add(r.window << shift)
            {
                out.flags |= WINDOW_FULL;
            }
            let repeats_ack = seglen == 0
                && window == f.window
                && seq == f.nextseq
                && ack == f.last_ack
                && no_syn_fin_rst;
            if repeats_ack && window != 0 && r.last_segment_flags & KEEP_ALIVE != 0 {
                out.flags |= KEEP_ALIVE_ACK;
                break 'checks;
            }
            if repeats_ack && window == 0 && r.last_segment_flags & ZERO_WINDOW_PROBE != 0 {
                out.flags |= ZERO_WINDOW_PROBE_ACK;
                break 'checks;
            }
            if repeats_ack && window != 0 {
                f.dup_ack_count += 1;
                out.flags |= DUPLICATE_ACK;
                out.duplicate_ack = Some((f.dup_ack_count, f.last_non_dup_ack));
            }
        }
        if ack != f.last_ack {
            f.last_non_dup_ack = s.frame;
            f.dup_ack_count = 0;
        }

        // An ACK beyond what the other side was seen to send; repeating the same ACK is not
        // reported again (tshark 4.0 flags only the first).
        if r.max_seq_to_be_acked != 0
            && gt(ack, r.max_seq_to_be_acked)
            && s.flags & ACK != 0
            && ack != f.last_ack
        {
            out.flags |= ACK_LOST_PACKET;
            r.max_seq_to_be_acked = r.nextseq;
        }

        // SYN and FIN take one sequence number.
        let ghost = u32::from(s.flags & (SYN | FIN) != 0);
        // A segment with data (or SYN or FIN) that repeats data already acknowledged is a spurious
        // retransmission; one that does not advance the sequence number is a fast retransmission, an
        // out-of-order segment or a retransmission. Keep-alives are none of these, and neither is a
        // segment of new data that starts one byte early (after a zero window probe).
        if (seglen > 0 || ghost > 0) && out.flags & KEEP_ALIVE == 0 {
            let mut not_advanced = f.nextseq != 0 && lt(seq, f.nextseq);
            if seglen > 1 && f.nextseq.wrapping_sub(1) == seq {
                not_advanced = false;
            }
            let since_rev_ack = s.time_ns - r.last_ack_time;
            let since_highest = s.time_ns - f.nextseq_time;
            let out_of_order_threshold = self.initial_rtt.unwrap_or(3_000_000) as i128;
            if seglen > 0 && r.last_ack != 0 && le(seq.wrapping_add(seglen), r.last_ack) {
                out.flags |= SPURIOUS_RETRANSMISSION;
            } else if !not_advanced {
            } else if r.dup_ack_count >= 2 && r.last_ack == seq && since_rev_ack < 20_000_000 {
                out.flags |= FAST_RETRANSMISSION;
            } else if since_highest < out_of_order_threshold
                && f.nextseq != seq.wrapping_add(seglen).wrapping_add(ghost)
            {
                out.flags |= OUT_OF_ORDER;
            } else {
                out.flags |= RETRANSMISSION;
                // The time since the oldest segment still unacknowledged was sent, which is what the
                // sender's retransmission timer measures (the highest segment when none is tracked).
                let (time, frame) = f
                    .unacked
                    .first()
                    .map_or((f.nextseq_time, f.nextseq_frame), |u| (u.time_ns, u.frame));
                out.rto = Some(((s.time_ns - time) as i64, frame));
            }
        }

        let nextseq = seq.wrapping_add(seglen).wrapping_add(ghost);
        if (seglen > 0 || ghost > 0) && f.unacked.len() < MAX_UNACKED_SEGMENTS {
            f.unacked.push(Unacked {
                frame: s.frame,
                seq,
                nextseq,
                time_ns: s.time_ns,
            });
        }
        // The highest next sequence number; a zero window probe does not advance it.
        if (gt(nextseq, f.nextseq) || f.nextseq == 0) && out.flags & ZERO_WINDOW_PROBE == 0 {
            f.nextseq = nextseq;
            f.nextseq_frame = s.frame;
            f.nextseq_time = s.time_ns;
        }
        if (seq == f.max_seq_to_be_acked || f.max_seq_to_be_acked == 0)
            && out.flags & ZERO_WINDOW_PROBE == 0
        {
            f.max_seq_to_be_acked = f.nextseq;
        }
        f.window = window;
        f.last_ack = ack;
        f.last_ack_time = s.time_ns;
        f.sacked = s.sacked;

        // Segments of the other direction that this ACK covers; an exact match gives the RTT. Walked
        // newest first, so of several copies with the same end the oldest is reported.
        let mut i = r.unacked.len();
        while i > 0 {
            i -= 1;
            let u = &mut r.unacked[i];
            if ack == u.nextseq {
                out.acks_frame = Some((u.frame, (s.time_ns - u.time_ns) as i64));
            } else if gt(ack, u.seq) && le(ack, u.nextseq) {
                u.seq = ack;
                continue;
            } else if gt(u.nextseq, ack) {
                continue;
            }
            r.unacked.remove(i);
        }

        if seglen != 0 && !f.unacked.is_empty() && f.valid_bytes_in_flight {
            out.counted_in_flight = true;
            let base = context.base_seq;
            let first = f.unacked.iter().map(|u| u.seq.wrapping_sub(base)).min();
            let last = f.unacked.iter().map(|u| u.nextseq.wrapping_sub(base)).max();
            // Bytes the receiver reported in its latest SACK blocks have arrived, out of order.
            let in_flight = last
                .unwrap_or(0)
                .wrapping_sub(first.unwrap_or(0))
                .wrapping_sub(r.sacked);
            if s.flags & PSH != 0 && !f.push_set_last {
                f.push_bytes_sent += seglen;
                f.push_set_last = true;
            } else if s.flags & PSH != 0 {
                f.push_bytes_sent = seglen;
            } else if f.push_set_last {
                f.push_bytes_sent = seglen;
                f.push_set_last = false;
            } else {
                f.push_bytes_sent += seglen;
            }
            if in_flight > 0 && in_flight < 2_000_000_000 {
                // SYN and FIN take a sequence number but no byte of the window.
                let ghost = u32::from(s.flags & (SYN | FIN) != 0);
                out.bytes_in_flight = Some((in_flight - ghost, f.push_bytes_sent));
            }
        }
        f.last_segment_flags = out.flags;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(frame: u64, ms: i128, seq: u32, ack: u32, flags: u16, len: u32) -> AnalysedSegment {
        AnalysedSegment {
            frame,
            time_ns: ms * 1_000_000,
            seq,
            ack,
            flags,
            window: 1000,
            len,
            sacked: 0,
            reused_ports: false,
        }
    }

    /// A loss repaired by a retransmission after a timeout, as in tests/data/tcp/loss-sender.pcap: bytes
    /// the receiver SACKed are out of flight, and the RTO counts from the oldest segment still
    /// unacknowledged (tshark: loss-sender.pcap frame 94, rto_frame 60 where the highest is frame 80).
    #[test]
    fn sacked_bytes_and_rto_from_the_oldest_unacked_segment() {
        let mut a = ConversationAnalysis::default();
        let cx = |base| SequenceContext {
            base_seq: base,
            rev_window_shift: Some(0),
        };
        a.segment(0, &seg(1, 0, 1000, 0, SYN, 0), cx(1000));
        a.segment(1, &seg(2, 1, 5000, 1001, SYN | ACK, 0), cx(5000));
        a.segment(0, &seg(3, 2, 1001, 5001, ACK, 0), cx(1000));
        let f4 = a.segment(0, &seg(4, 3, 1001, 5001, ACK, 100), cx(1000));
        assert_eq!(f4.bytes_in_flight, Some((100, 100)));
        a.segment(0, &seg(5, 4, 1101, 5001, ACK, 100), cx(1000));
        a.segment(0, &seg(6, 5, 1201, 5001, ACK, 100), cx(1000));
        let mut sack = seg(7, 10, 5001, 1101, ACK, 0);
        sack.sacked = sack_bytes([(1201, 1301)].into_iter());
        let f7 = a.segment(1, &sack, cx(5000));
        assert_eq!(f7.acks_frame.map(|(f, _)| f), Some(4));
        let f8 = a.segment(0, &seg(8, 11, 1301, 5001, ACK, 100), cx(1000));
        // 1101..1401 unacknowledged, 100 of it SACKed.
        assert_eq!(f8.bytes_in_flight.map(|b| b.0), Some(200));
        let f9 = a.segment(0, &seg(9, 300, 1101, 5001, ACK, 100), cx(1000));
        assert_eq!(f9.flags & flags::RETRANSMISSION, flags::RETRANSMISSION);
        assert_eq!(f9.rto, Some((296_000_000, 5)));
    }

    #[test]
    fn sack_bytes_counts_three_blocks() {
        let blocks = [(10, 20), (30, 50), (u32::MAX - 4, 5), (100, 200)];
        assert_eq!(sack_bytes(blocks.into_iter()), 10 + 20 + 10);
    }

    /// A FIN's sequence number is not a byte in flight (tshark: loss-sender.pcap frame 80).
    #[test]
    fn fin_is_not_in_flight() {
        let mut a = ConversationAnalysis::default();
        let cx = SequenceContext {
            base_seq: 1000,
            rev_window_shift: Some(0),
        };
        a.segment(0, &seg(1, 0, 1000, 0, SYN, 0), cx);
        a.segment(1, &seg(2, 1, 5000, 1001, SYN | ACK, 0), cx);
        let f = a.segment(0, &seg(3, 2, 1001, 5001, ACK | FIN, 50), cx);
        assert_eq!(f.bytes_in_flight.map(|b| b.0), Some(50));
    }
}
