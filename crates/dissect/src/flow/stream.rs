//! TCP stream reassembly for the protocols that run over a byte stream (DNS over TCP now; HTTP, SMTP,
//! TLS, SSH as their issues add them): each direction's payload is cut into the protocol's PDUs, and a
//! PDU that spans segments is put together and shown on the frame that completes it, as Wireshark's
//! default single-pass reassembly shows it.
//!
//! What tshark 4.0 does, and so what this does (checked on hand-made captures, see the tests):
//! - A segment the sequence analysis calls a retransmission or out-of-order is not handed to the upper
//!   protocol at all: its bytes are shown as "TCP segment data" only.
//! - Otherwise, when a PDU is pending and the segment continues it (it may overlap what is held), the
//!   bytes go to that PDU; when it completes, the frame shows the reassembled PDU and the rest of the
//!   segment is cut into PDUs afresh.
//! - A segment that does not continue the pending PDU (after a gap) starts afresh: its first bytes are
//!   taken as the start of a PDU, and the pending one is given up.
//! - A PDU that does not end in its segment is held; the frame shows "TCP segment data" and, when no PDU
//!   was dissected in it, "[TCP segment of a reassembled PDU]".
//!
//! Memory is bounded: a pending PDU holds at most [`StreamLimits::max_pdu_bytes`], and all pending PDUs
//! of the run together at most [`StreamLimits::max_total_bytes`]; a PDU that would pass either is given
//! up and the frame says so in an expert note.

use std::collections::VecDeque;

use crate::dispatch::DissectFn;
use crate::reassembly::{FragmentInfo, Reassembled};

/// How long the PDU starting at the first byte of the data is, as the protocol reads it from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PduLength {
    /// The PDU is this many bytes (at least one; it may be more than the data at hand).
    Known(usize),
    /// The length cannot be told from the bytes at hand: more are needed (a length field cut in two,
    /// headers not ended yet).
    NeedMore,
    /// The PDU runs to the end of the direction's stream (an HTTP response without a length): it is
    /// held until a FIN ends the direction, then dissected with what came (see
    /// [`StreamDirection::finish`]).
    ToEnd,
    /// The PDU ends this many bytes in (at least one), as the protocol found by dissecting the bytes
    /// at hand (IMAP stops at the first line that is not complete). A held PDU that this completes
    /// keeps all the bytes at hand: Wireshark hands the protocol the whole reassembled buffer and
    /// shows it so, and the bytes past the end, already seen, start the next PDU without another call.
    Dissected(usize),
}

/// A protocol carried over a TCP byte stream: how to find its PDUs' boundaries, and how to dissect one.
#[derive(Debug)]
pub struct StreamProtocol {
    /// The protocol's display filter name, e.g. "dns".
    pub name: &'static str,
    /// The protocol's id: reassembly runs only when the run wants something of it.
    pub proto: fields::ProtoId,
    /// Reads the length of the PDU that starts at `bytes[0]`, given what the direction's coming PDUs
    /// are expected to answer (a response to HTTP's HEAD has no body whatever its Content-Length).
    /// It may be called several times on the same PDU as its bytes come in, so it changes nothing.
    pub pdu_length: fn(bytes: &[u8], expected: &Expected) -> PduLength,
    /// Called once on each PDU whose boundaries are settled, before the next one's length is read, with
    /// its direction's expectations and its peer's: a request tells what the answer will be. Not called
    /// on a PDU that runs to the end of the stream, after which the direction has no more.
    pub pdu_found: Option<fn(pdu: &[u8], own: &mut Expected, peer: &mut Expected)>,
    /// Dissects one whole PDU: the bytes from the offset to the end of the data given.
    pub dissect: DissectFn,
    /// Called with the bytes a segment holds for a PDU that later segments must complete, when no PDU
    /// was dissected in the frame (HTTP shows the message's first line in Info, as tshark does).
    pub held: Option<fn(&mut crate::Cx, &[u8])>,
    /// Whether the protocol is called, and listed, only where Wireshark's would be: on whole PDUs and
    /// on the bytes that start one ([`Piece::Held`] `fresh` or `again`), not on bytes that continue a
    /// PDU of known length (TLS); `held` is then called only for those too. HTTP's `held` sees every
    /// held piece.
    pub called_on_start: bool,
    /// Whether each PDU gets TCP's "[PDU Size]" (`tcp.pdu.size`), as protocols framed by a length (DNS)
    /// show it; HTTP, which finds its own boundaries, shows none.
    pub pdu_size: bool,
    /// Whether `frame.protocols` names the protocol once per run of whole PDUs in a segment rather than
    /// once per PDU: Wireshark's dissectors that loop over a segment's PDUs themselves
    /// (`tcp_dissect_pdus`, as WebSocket's does) are listed once per call. TCP then lists the layer and
    /// the dissector adds its item without listing it.
    pub layer_per_run: bool,
    /// Whether the protocol shows one item per run rather than one per PDU: Wireshark's TLS adds its
    /// item once per call, covering what it was handed (to the end of the segment, or the PDU TCP put
    /// together), and its records under it. TCP then adds the item at the start of each run, covering
    /// the run to the end of the segment, and hands it over in [`crate::Cx::run_item`]; the bytes
    /// that only start a PDU of the run get it too.
    pub item_per_run: bool,
    /// Protocols the connection may be handed over to from this one (HTTP's Upgrade to WebSocket), or
    /// that its PDUs carry (HTTP's body protocols): reassembly runs for this one when the run wants
    /// one of them, so that the handover or the carried data is seen.
    pub hands_over_to: &'static [fields::ProtoId],
}

/// Bounds on the bytes held for PDUs that are not complete yet.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    /// Bytes one pending PDU may hold.
    pub max_pdu_bytes: usize,
    /// Bytes all pending PDUs of a run may hold together.
    pub max_total_bytes: usize,
}

impl Default for StreamLimits {
    fn default() -> Self {
        StreamLimits {
            // Larger than any DNS message (64 KiB) or TLS record (16 KiB + overhead); HTTP bodies, which
            // can be larger, are bounded by their own issue's caps.
            max_pdu_bytes: 16 << 20,
            max_total_bytes: 256 << 20,
        }
    }
}

/// What became of a segment's payload, in payload order. Offsets and lengths are within the payload.
#[derive(Debug)]
pub enum Piece {
    /// A PDU that started in earlier frames and ends in this one; `start..start + len` of this payload
    /// is its last part.
    Reassembled {
        pdu: Reassembled,
        start: usize,
        len: usize,
    },
    /// A whole PDU inside this payload.
    Pdu { start: usize, len: usize },
    /// Bytes held for a PDU that later frames must complete. `again` is set when they continue a PDU
    /// whose length is still unknown: Wireshark's protocols asked for "one more segment" and are
    /// called again with everything held (see [`StreamDirection::pending_head`]). `fresh` is set when
    /// they start the PDU: Wireshark called the protocol on them (it read the header and asked for
    /// more), while bytes that continue a PDU of known length go to no protocol.
    Held {
        start: usize,
        len: usize,
        again: bool,
        fresh: bool,
    },
    /// Bytes not handed to the protocol: a retransmission or out-of-order segment, or a PDU given up at
    /// a memory limit (`dropped`).
    Skipped {
        start: usize,
        len: usize,
        dropped: bool,
    },
}

/// A PDU waiting for more segments.
#[derive(Debug, Clone)]
struct Pending {
    /// Sequence number of its first byte.
    start_seq: u32,
    /// Its length when the header has told it.
    need: Option<usize>,
    /// Its bytes so far, contiguous from `start_seq`.
    data: Vec<u8>,
    /// The segments the bytes came from.
    parts: Vec<FragmentInfo>,
    /// The PDU ends with the stream ([`PduLength::ToEnd`]).
    to_end: bool,
}

/// What the coming PDUs of a direction answer, oldest first, as the protocol's
/// [`StreamProtocol::pdu_found`] noted them from the peer's PDUs: a tag per expected answer whose meaning
/// is the protocol's (HTTP: whether the request was HEAD). At most [`Expected::MAX`] are kept; further
/// ones are not noted, so a peer that never gets answers costs no more memory.
#[derive(Debug, Default, Clone)]
pub struct Expected {
    queue: VecDeque<u8>,
}

impl Expected {
    /// The most answers a direction waits for; more than any pipelining client sends.
    pub const MAX: usize = 64;

    /// The tag of the next answer, if one is expected.
    pub fn next(&self) -> Option<u8> {
        self.queue.front().copied()
    }

    /// Expects one more answer after those already expected (dropped past [`Expected::MAX`]).
    pub fn push(&mut self, tag: u8) {
        if self.queue.len() < Self::MAX {
            self.queue.push_back(tag);
        }
    }

    /// The next answer came.
    pub fn pop(&mut self) -> Option<u8> {
        self.queue.pop_front()
    }
}

/// One direction's reassembly state.
#[derive(Debug, Default, Clone)]
pub struct StreamDirection {
    pending: Option<Pending>,
    expected: Expected,
}

/// The direction `dir` of a connection's two, and the expectations of the other (which `dir`'s PDUs
/// may add to), as [`StreamDirection::segment`] takes them.
pub fn split(
    streams: &mut [StreamDirection; 2],
    dir: usize,
) -> (&mut StreamDirection, &mut Expected) {
    let [a, b] = streams;
    if dir == 0 {
        (a, &mut b.expected)
    } else {
        (b, &mut a.expected)
    }
}

impl StreamDirection {
    /// Bytes held for a pending PDU.
    pub fn held_bytes(&self) -> usize {
        self.pending.as_ref().map_or(0, |p| p.data.len())
    }

    /// Takes a segment's payload (`seq` is its raw sequence number) and appends to `out` what became of
    /// it. `skip` is set for segments not to be handed on (retransmissions, out-of-order). `held_total`
    /// is the run's count of held bytes, kept up to date here. `peer` is the other direction's
    /// expectations (see [`split`]).
    #[allow(clippy::too_many_arguments)]
    pub fn segment(
        &mut self,
        peer: &mut Expected,
        protocol: &StreamProtocol,
        frame: u64,
        seq: u32,
        payload: &[u8],
        skip: bool,
        limits: StreamLimits,
        held_total: &mut usize,
        out: &mut Vec<Piece>,
    ) {
        if payload.is_empty() {
            return;
        }
        if skip {
            out.push(Piece::Skipped {
                start: 0,
                len: payload.len(),
                dropped: false,
            });
            return;
        }
        let mut offset = 0;
        if let Some(p) = self.pending.as_mut() {
            let rel = seq.wrapping_sub(p.start_seq) as usize;
            // The segment continues the pending PDU when it starts inside what is held or right after
            // it (sequence numbers wrap: a segment before the start gives a huge `rel`), and not past
            // the PDU's end.
            let continues =
                rel <= p.data.len() && p.need.is_none_or(|n| rel < n) && rel < (1 << 31);
            if !continues {
                self.give_up(held_total);
            } else {
                let overlap = p.data.len() - rel;
                if overlap >= payload.len() {
                    // Nothing new (already held).
                    out.push(Piece::Skipped {
                        start: 0,
                        len: payload.len(),
                        dropped: false,
                    });
                    return;
                }
                let fresh = &payload[overlap..];
                let take = match p.need {
                    Some(n) => fresh.len().min(n - p.data.len()),
                    None => fresh.len(),
                };
                if p.data.len() + take > limits.max_pdu_bytes
                    || *held_total + take > limits.max_total_bytes
                {
                    self.give_up(held_total);
                    out.push(Piece::Skipped {
                        start: 0,
                        len: payload.len(),
                        dropped: true,
                    });
                    return;
                }
                p.data.extend_from_slice(&fresh[..take]);
                *held_total += take;
                let mut share = part(frame, rel, overlap + take);
                share.overlap = overlap > 0;
                p.parts.push(share);
                // The PDU's end, and whether it keeps the bytes past it (`PduLength::Dissected`).
                let complete = match p.need {
                    Some(n) => (p.data.len() == n).then_some((n, false)),
                    None => match (protocol.pdu_length)(&p.data, &self.expected) {
                        PduLength::Dissected(n) if n.max(1) <= p.data.len() => {
                            Some((n.max(1), true))
                        }
                        PduLength::Known(n) | PduLength::Dissected(n) => {
                            let n = n.max(1);
                            if n <= p.data.len() {
                                Some((n, false))
                            } else {
                                p.need = Some(n);
                                None
                            }
                        }
                        PduLength::NeedMore => None,
                        PduLength::ToEnd => {
                            p.to_end = true;
                            None
                        }
                    },
                };
                match complete {
                    None => {
                        let again = p.need.is_none() && !p.to_end;
                        out.push(Piece::Held {
                            start: 0,
                            len: payload.len(),
                            again,
                            fresh: false,
                        });
                        return;
                    }
                    Some((n, keep_all)) => {
                        let mut p = self.pending.take().expect("pending checked above");
                        *held_total -= p.data.len();
                        // With the length learnt only now, the PDU may end before this segment's part.
                        let excess = p.data.len() - n;
                        if !keep_all {
                            p.data.truncate(n);
                        }
                        let last = p.parts.last_mut().expect("a part was pushed");
                        last.len -= excess;
                        let used = overlap + take - excess;
                        if let Some(found) = protocol.pdu_found {
                            found(&p.data[..n], &mut self.expected, peer);
                        }
                        out.push(Piece::Reassembled {
                            pdu: Reassembled {
                                data: p.data,
                                fragments: p.parts,
                            },
                            start: 0,
                            len: used,
                        });
                        offset = used;
                    }
                }
            }
        }
        // Whole PDUs from `offset` on; the last one may need later segments.
        while offset < payload.len() {
            let rest = &payload[offset..];
            let length = (protocol.pdu_length)(rest, &self.expected);
            let need = match length {
                PduLength::Known(n) | PduLength::Dissected(n) => {
                    let n = n.max(1);
                    if n <= rest.len() {
                        if let Some(found) = protocol.pdu_found {
                            found(&rest[..n], &mut self.expected, peer);
                        }
                        out.push(Piece::Pdu {
                            start: offset,
                            len: n,
                        });
                        offset += n;
                        continue;
                    }
                    Some(n)
                }
                PduLength::NeedMore | PduLength::ToEnd => None,
            };
            let to_end = length == PduLength::ToEnd;
            if rest.len() > limits.max_pdu_bytes
                || *held_total + rest.len() > limits.max_total_bytes
            {
                out.push(Piece::Skipped {
                    start: offset,
                    len: rest.len(),
                    dropped: true,
                });
                return;
            }
            *held_total += rest.len();
            self.pending = Some(Pending {
                start_seq: seq.wrapping_add(offset as u32),
                need,
                data: rest.to_vec(),
                parts: vec![part(frame, 0, rest.len())],
                to_end,
            });
            out.push(Piece::Held {
                start: offset,
                len: rest.len(),
                again: false,
                fresh: true,
            });
            return;
        }
    }

    /// Ends the direction at a FIN in `frame`: a pending PDU that runs to the end of the stream is
    /// complete with what it holds, and is returned (the FIN segment is its last part, with its
    /// `payload_len` bytes, all already held); other pending PDUs stay as they are.
    pub fn finish(
        &mut self,
        frame: u64,
        payload_len: usize,
        held_total: &mut usize,
    ) -> Option<Reassembled> {
        if !self.pending.as_ref().is_some_and(|p| p.to_end) {
            return None;
        }
        let mut p = self.pending.take()?;
        *held_total -= p.data.len();
        // A FIN without data is listed as a part of no bytes, as tshark lists it.
        if payload_len == 0 || p.parts.last().is_none_or(|l| l.frame != frame) {
            p.parts.push(part(frame, p.data.len(), 0));
        }
        Some(Reassembled {
            data: p.data,
            fragments: p.parts,
        })
    }

    /// The first bytes (at most `max`) of the pending PDU, for a protocol called again with what is held.
    pub fn pending_head(&self, max: usize) -> &[u8] {
        self.pending
            .as_ref()
            .map_or(&[], |p| &p.data[..p.data.len().min(max)])
    }

    /// Drops the pending PDU (it cannot complete, or the direction is gone).
    pub fn give_up(&mut self, held_total: &mut usize) {
        if let Some(p) = self.pending.take() {
            *held_total -= p.data.len();
        }
    }
}

/// A segment's share of a PDU, as the reassembly lists it.
fn part(frame: u64, offset: usize, len: usize) -> FragmentInfo {
    FragmentInfo {
        frame,
        offset,
        len,
        overlap: false,
        overlap_conflict: false,
        multiple_tails: false,
        too_long: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-byte length prefix, as DNS over TCP frames its messages.
    fn prefixed(bytes: &[u8]) -> PduLength {
        match bytes {
            [a, b, ..] => PduLength::Known(2 + u16::from_be_bytes([*a, *b]) as usize),
            _ => PduLength::NeedMore,
        }
    }

    fn no_dissect(_: &mut crate::Cx, _: &[u8], _: usize, _: fields::ItemIdx) -> usize {
        0
    }

    static PREFIXED: StreamProtocol = StreamProtocol {
        name: "test",
        proto: fields::ProtoId(0),
        pdu_length: |bytes, _| prefixed(bytes),
        pdu_found: None,
        dissect: no_dissect,
        held: None,
        called_on_start: false,
        pdu_size: true,
        layer_per_run: false,
        item_per_run: false,
        hands_over_to: &[],
    };

    fn msg(n: u8, len: usize) -> Vec<u8> {
        let mut v = (len as u16).to_be_bytes().to_vec();
        v.extend(std::iter::repeat_n(n, len));
        v
    }

    /// Runs segments (frame, seq, bytes, skip) and describes the pieces of each.
    fn run(segments: &[(u64, u32, &[u8], bool)]) -> Vec<String> {
        let mut d = StreamDirection::default();
        let mut held = 0;
        let mut shown = Vec::new();
        for &(frame, seq, bytes, skip) in segments {
            let mut out = Vec::new();
            d.segment(
                &mut Expected::default(),
                &PREFIXED,
                frame,
                seq,
                bytes,
                skip,
                StreamLimits::default(),
                &mut held,
                &mut out,
            );
            let text: Vec<String> = out
                .iter()
                .map(|p| match p {
                    Piece::Reassembled { pdu, start, len } => format!(
                        "R{}[{}]@{start}+{len}",
                        pdu.data.len(),
                        pdu.fragments
                            .iter()
                            .map(|f| format!("#{}({})", f.frame, f.len))
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                    Piece::Pdu { start, len } => format!("P@{start}+{len}"),
                    Piece::Held { start, len, .. } => format!("H@{start}+{len}"),
                    Piece::Skipped { start, len, .. } => format!("S@{start}+{len}"),
                })
                .collect();
            shown.push(text.join(" "));
            assert_eq!(held, d.held_bytes());
        }
        shown
    }

    // The cases below are the hand-made DNS-over-TCP captures whose tshark output the module's
    // description sums up (pdu sizes, `tcp.segment` lists and segment data as tshark showed them).

    /// A PDU that starts with 0xff runs to the end of the stream; others are length-prefixed.
    fn to_end_or_prefixed(bytes: &[u8]) -> PduLength {
        match bytes.first() {
            Some(0xff) => PduLength::ToEnd,
            _ => prefixed(bytes),
        }
    }

    static TO_END: StreamProtocol = StreamProtocol {
        name: "test",
        proto: fields::ProtoId(0),
        pdu_length: |bytes, _| to_end_or_prefixed(bytes),
        pdu_found: None,
        dissect: no_dissect,
        held: None,
        called_on_start: false,
        pdu_size: false,
        layer_per_run: false,
        item_per_run: false,
        hands_over_to: &[],
    };

    #[test]
    fn a_pdu_to_the_end_completes_at_the_fin() {
        let mut d = StreamDirection::default();
        let mut held = 0;
        let mut out = Vec::new();
        let limits = StreamLimits::default();
        d.segment(
            &mut Expected::default(),
            &TO_END,
            5,
            100,
            &[0xff, 1, 2],
            false,
            limits,
            &mut held,
            &mut out,
        );
        d.segment(
            &mut Expected::default(),
            &TO_END,
            6,
            103,
            &[3, 4],
            false,
            limits,
            &mut held,
            &mut out,
        );
        assert!(matches!(out[..], [Piece::Held { .. }, Piece::Held { .. }]));
        assert_eq!(held, 5);
        // A FIN without data in frame 7 ends it: a part of no bytes, as tshark lists "#7(0)".
        let pdu = d.finish(7, 0, &mut held).expect("complete at the FIN");
        assert_eq!(pdu.data, [0xff, 1, 2, 3, 4]);
        let parts: Vec<_> = pdu.fragments.iter().map(|f| (f.frame, f.len)).collect();
        assert_eq!(parts, [(5, 3), (6, 2), (7, 0)]);
        assert_eq!(held, 0);
        assert!(d.finish(8, 0, &mut held).is_none());
    }

    #[test]
    fn a_fin_leaves_a_pdu_of_known_length_pending() {
        let mut d = StreamDirection::default();
        let mut held = 0;
        let mut out = Vec::new();
        let a = msg(1, 27);
        d.segment(
            &mut Expected::default(),
            &TO_END,
            1,
            0,
            &a[..10],
            false,
            StreamLimits::default(),
            &mut held,
            &mut out,
        );
        assert!(d.finish(2, 0, &mut held).is_none());
        assert_eq!(held, 10);
    }

    #[test]
    fn two_pdus_in_one_segment() {
        let (a, b) = (msg(1, 27), msg(2, 28));
        let both = [a.clone(), b.clone()].concat();
        assert_eq!(run(&[(4, 1, &both, false)]), ["P@0+29 P@29+30"]);
    }

    #[test]
    fn a_pdu_in_three_segments_then_a_whole_one() {
        let (a, b) = (msg(1, 27), msg(2, 28));
        let third = [&a[12..], &b[..]].concat();
        assert_eq!(
            run(&[
                (4, 1, &a[..5], false),
                (5, 6, &a[5..12], false),
                (6, 13, &third, false)
            ]),
            ["H@0+5", "H@0+7", "R29[#4(5),#5(7),#6(17)]@0+17 P@17+30"]
        );
    }

    #[test]
    fn a_length_cut_in_two() {
        let a = msg(1, 27);
        assert_eq!(
            run(&[(4, 1, &a[..1], false), (5, 2, &a[1..], false)]),
            ["H@0+1", "R29[#4(1),#5(28)]@0+28"]
        );
    }

    #[test]
    fn retransmissions_are_not_handed_on() {
        let a = msg(1, 27);
        assert_eq!(
            run(&[
                (4, 1, &a[..10], false),
                (5, 1, &a[..10], true),
                (6, 11, &a[10..], false)
            ]),
            ["H@0+10", "S@0+10", "R29[#4(10),#6(19)]@0+19"]
        );
    }

    #[test]
    fn a_gap_starts_afresh() {
        let (a, b) = (msg(1, 27), msg(2, 28));
        assert_eq!(
            run(&[(4, 1, &a[..10], false), (5, 30, &b, false)]),
            ["H@0+10", "P@0+30"]
        );
    }

    #[test]
    fn an_overlapping_segment_adds_only_its_new_bytes() {
        let a = msg(1, 27);
        assert_eq!(
            run(&[(4, 1, &a[..10], false), (5, 6, &a[5..], false)]),
            ["H@0+10", "R29[#4(10),#5(24)]@0+24"]
        );
    }

    #[test]
    fn a_pdu_past_the_limit_is_given_up() {
        let mut d = StreamDirection::default();
        let mut held = 0;
        let limits = StreamLimits {
            max_pdu_bytes: 16,
            max_total_bytes: 1 << 20,
        };
        let a = msg(1, 40);
        let mut out = Vec::new();
        d.segment(
            &mut Expected::default(),
            &PREFIXED,
            1,
            1,
            &a[..10],
            false,
            limits,
            &mut held,
            &mut out,
        );
        d.segment(
            &mut Expected::default(),
            &PREFIXED,
            2,
            11,
            &a[10..20],
            false,
            limits,
            &mut held,
            &mut out,
        );
        assert!(matches!(out[1], Piece::Skipped { dropped: true, .. }));
        assert_eq!((held, d.held_bytes()), (0, 0));
    }
}
