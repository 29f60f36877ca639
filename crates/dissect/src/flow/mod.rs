//! Flows: state that spans frames of one conversation (two endpoints, both directions).
//!
//! - [`Conversations`] numbers TCP and UDP conversations in order of first appearance, as tshark numbers
//!   `tcp.stream` and `udp.stream`, and keeps per-conversation state.
//! - [`tcp`] holds the TCP sequence state: relative numbers and window scaling, as Wireshark's defaults
//!   show them.

pub mod stream;
pub mod tcp;
pub mod tcp_analysis;

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

/// One side of a conversation: an address and a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Endpoint {
    pub addr: IpAddr,
    pub port: u16,
}

/// A conversation key that is the same for both directions: the lower endpoint first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConversationKey {
    pub low: Endpoint,
    pub high: Endpoint,
}

impl ConversationKey {
    /// The key of a packet from `src` to `dst`, and the packet's direction: 0 when `src` is the lower
    /// endpoint, 1 otherwise. A packet whose two endpoints are equal goes in direction 0.
    pub fn of(src: Endpoint, dst: Endpoint) -> (ConversationKey, usize) {
        if src <= dst {
            (
                ConversationKey {
                    low: src,
                    high: dst,
                },
                0,
            )
        } else {
            (
                ConversationKey {
                    low: dst,
                    high: src,
                },
                1,
            )
        }
    }
}

/// Frame times in nanoseconds since the epoch, kept per conversation for `tcp.time_relative` and
/// `tcp.time_delta` (and the UDP equivalents).
#[derive(Debug, Clone, Copy, Default)]
pub struct StreamTimes {
    first_ns: i128,
    previous_ns: i128,
}

impl StreamTimes {
    fn starting_at(ns: i128) -> StreamTimes {
        StreamTimes {
            first_ns: ns,
            previous_ns: ns,
        }
    }

    /// Time of the conversation's latest frame (ns since the epoch).
    pub fn last_ns(&self) -> i128 {
        self.previous_ns
    }

    /// Time since the conversation's first frame and since its previous frame, in nanoseconds; the frame
    /// at `ns` becomes the previous one when `update` is set.
    pub fn advance(&mut self, ns: i128, update: bool) -> (i64, i64) {
        let relative = (ns - self.first_ns) as i64;
        let delta = (ns - self.previous_ns) as i64;
        if update {
            self.previous_ns = ns;
        }
        (relative, delta)
    }
}

/// A UDP conversation.
#[derive(Debug, Clone, Copy)]
pub struct UdpConversation {
    /// `udp.stream`.
    pub stream: u32,
    pub times: StreamTimes,
}

/// Every conversation seen in the run, by protocol.
///
/// tshark keeps every conversation for the whole run (a late packet of an old conversation gets its old
/// stream number), so its tables grow with the number of conversations. Here a finished TCP conversation
/// (a FIN each way, or a RST) is released once no segment of it has been seen for [`RELEASE_AFTER_NS`]
/// of capture time, so that memory follows the conversations alive, not all there were. Only a segment
/// without SYN arriving that long after the close is numbered differently from tshark (as a new stream).
#[derive(Debug, Default)]
pub struct Conversations {
    tcp: HashMap<ConversationKey, tcp::TcpConversation, foldhash::fast::RandomState>,
    udp: HashMap<ConversationKey, UdpConversation, foldhash::fast::RandomState>,
    next_tcp_stream: u32,
    next_udp_stream: u32,
    /// Bytes held by all TCP conversations for PDUs in reassembly (bounded by
    /// [`stream::StreamLimits::max_total_bytes`]).
    stream_held_bytes: usize,
    /// Finished TCP conversations by the time of their last segment (roughly in order), to release.
    finished: VecDeque<(i128, ConversationKey, u32)>,
    /// Conversations released so far.
    released: u64,
    /// Some conversation was handed over to another stream protocol: until then, no segment needs to
    /// look its conversation up to find out (see [`Conversations::any_handed_over`]).
    any_handed_over: bool,
}

/// How long (capture time, ns) a finished TCP conversation is kept after its last segment: longer than
/// the retransmissions of a last FIN or ACK normally take.
pub const RELEASE_AFTER_NS: i128 = 30_000_000_000;

impl Conversations {
    /// The TCP conversation of a segment from `src` to `dst`, made if new, and the segment's direction.
    ///
    /// A SYN (without ACK) whose sequence number differs from the first sequence number seen in its
    /// direction starts a new conversation on the same ports, as Wireshark does for reused ports; the old
    /// one is no longer found. `may_start` is false inside ICMP errors, whose quoted headers never start
    /// a new stream over an existing one. The third value is the run's count of bytes held for
    /// reassembly, for [`stream::StreamDirection::segment`].
    pub fn tcp(
        &mut self,
        src: Endpoint,
        dst: Endpoint,
        syn_seq: Option<u32>,
        ns: i128,
        may_start: bool,
    ) -> (&mut tcp::TcpConversation, usize, &mut usize) {
        let (key, dir) = ConversationKey::of(src, dst);
        if may_start {
            self.release_finished(ns);
        }
        let reused = match (self.tcp.get(&key), syn_seq) {
            (Some(c), Some(seq)) if may_start => c.dirs[dir].base_seq.is_some_and(|b| b != seq),
            _ => false,
        };
        if reused || !self.tcp.contains_key(&key) {
            let stream = self.next_tcp_stream;
            self.next_tcp_stream += 1;
            let mut conversation = tcp::TcpConversation::new(stream, StreamTimes::starting_at(ns));
            if reused {
                // tshark counts the SYN that starts the new conversation in its completeness from
                // that SYN on, and flags it (`tcp.analysis.reused_ports`).
                conversation.reused_ports = true;
                conversation.completeness = 1;
            }
            if let Some(mut old) = self.tcp.insert(key, conversation) {
                for s in &mut old.streams {
                    s.give_up(&mut self.stream_held_bytes);
                }
            }
        }
        (
            self.tcp.get_mut(&key).expect("inserted above"),
            dir,
            &mut self.stream_held_bytes,
        )
    }

    /// Whether any conversation of the run was handed over (see [`Conversations::hand_over`]).
    pub fn any_handed_over(&self) -> bool {
        self.any_handed_over
    }

    /// Hands the existing conversation of `src`/`dst` over to another stream protocol (see
    /// [`tcp::TcpConversation::handed_over`]); what its directions held for the old one is dropped.
    pub fn hand_over(&mut self, src: Endpoint, dst: Endpoint, handover: tcp::Handover) {
        let (key, _) = ConversationKey::of(src, dst);
        if let Some(c) = self.tcp.get_mut(&key) {
            self.any_handed_over = true;
            c.handed_over = Some(handover);
            for s in &mut c.streams {
                s.give_up(&mut self.stream_held_bytes);
            }
        }
    }

    /// Cuts `bytes` of a segment from `src` to `dst` (`seq`: the raw sequence number of their first byte)
    /// into `protocol`'s PDUs, appending what became of them to `out`: for the rest of a segment after a
    /// PDU that handed the connection over to `protocol` (HTTP's 101 followed by the first WebSocket
    /// frame in the same segment).
    #[allow(clippy::too_many_arguments)]
    pub fn restream(
        &mut self,
        src: Endpoint,
        dst: Endpoint,
        protocol: &stream::StreamProtocol,
        frame: u64,
        seq: u32,
        bytes: &[u8],
        limits: stream::StreamLimits,
        out: &mut Vec<stream::Piece>,
    ) {
        let (key, dir) = ConversationKey::of(src, dst);
        if let Some(c) = self.tcp.get_mut(&key) {
            let (direction, peer) = stream::split(&mut c.streams, dir);
            direction.segment(
                peer,
                protocol,
                frame,
                seq,
                bytes,
                false,
                limits,
                &mut self.stream_held_bytes,
                out,
            );
        }
    }

    /// The first bytes (at most `max`) of the PDU pending in the direction from `src` to `dst`.
    pub fn pending_head(&self, src: Endpoint, dst: Endpoint, max: usize) -> &[u8] {
        let (key, dir) = ConversationKey::of(src, dst);
        self.tcp
            .get(&key)
            .map_or(&[], |c| c.streams[dir].pending_head(max))
    }

    /// Queues the conversation of `src`/`dst` for release if the segment just seen finished it.
    pub fn note_if_finished(&mut self, src: Endpoint, dst: Endpoint, ns: i128) {
        let (key, _) = ConversationKey::of(src, dst);
        if let Some(c) = self.tcp.get_mut(&key)
            && !c.queued_for_release
            && c.is_finished()
        {
            c.queued_for_release = true;
            self.finished.push_back((ns, key, c.stream));
        }
    }

    /// The TCP conversation of `src`/`dst` if it is tracked, without making one.
    pub fn tcp_existing(
        &mut self,
        src: Endpoint,
        dst: Endpoint,
    ) -> Option<&mut tcp::TcpConversation> {
        self.tcp.get_mut(&ConversationKey::of(src, dst).0)
    }

    /// TCP conversations tracked now.
    pub fn tcp_conversations(&self) -> usize {
        self.tcp.len()
    }

    /// Finished TCP conversations released so far.
    pub fn released(&self) -> u64 {
        self.released
    }

    /// Releases the finished conversations whose last segment is [`RELEASE_AFTER_NS`] older than `now`.
    fn release_finished(&mut self, now: i128) {
        while let Some(&(at, key, stream)) = self.finished.front() {
            if at + RELEASE_AFTER_NS > now {
                break;
            }
            self.finished.pop_front();
            let Some(c) = self.tcp.get(&key) else {
                continue;
            };
            if c.stream != stream {
                // Replaced by a new conversation on the same ports.
                continue;
            }
            let last = c.times.last_ns();
            if last + RELEASE_AFTER_NS > now {
                // Seen again since it finished: look again later.
                self.finished.push_back((last, key, stream));
                continue;
            }
            if let Some(mut old) = self.tcp.remove(&key) {
                for s in &mut old.streams {
                    s.give_up(&mut self.stream_held_bytes);
                }
                self.released += 1;
            }
        }
    }

    /// The UDP conversation of a datagram from `src` to `dst`, made if new.
    pub fn udp(&mut self, src: Endpoint, dst: Endpoint, ns: i128) -> &mut UdpConversation {
        let (key, _) = ConversationKey::of(src, dst);
        let next = &mut self.next_udp_stream;
        self.udp.entry(key).or_insert_with(|| {
            let stream = *next;
            *next += 1;
            UdpConversation {
                stream,
                times: StreamTimes::starting_at(ns),
            }
        })
    }
}

/// Per-TCP-stream state of one protocol, keyed by `tcp.stream`, holding at most a fixed number of
/// streams: past it the oldest stream's state is dropped, so a capture of many connections costs bounded
/// memory. The protocols that keep conversation state (HTTP, WebSocket, SMTP, SSH) share it.
#[derive(Debug)]
pub struct StreamTable<T> {
    entries: std::collections::HashMap<u32, T, foldhash::fast::RandomState>,
    order: std::collections::VecDeque<u32>,
}

impl<T> Default for StreamTable<T> {
    fn default() -> Self {
        StreamTable {
            entries: Default::default(),
            order: Default::default(),
        }
    }
}

impl<T: Default> StreamTable<T> {
    /// The stream's state, if any was kept.
    pub fn get(&self, stream: u32) -> Option<&T> {
        self.entries.get(&stream)
    }

    /// The stream's state, made fresh when new; a new stream beyond `cap` drops the oldest one's,
    /// which is returned beside it (WebSocket gives back the bytes it held).
    pub fn entry(&mut self, stream: u32, cap: usize) -> (&mut T, Option<T>) {
        let mut dropped = None;
        if !self.entries.contains_key(&stream) {
            if self.order.len() >= cap
                && let Some(old) = self.order.pop_front()
            {
                dropped = self.entries.remove(&old);
            }
            self.order.push_back(stream);
        }
        (self.entries.entry(stream).or_default(), dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(a: &str, port: u16) -> Endpoint {
        Endpoint {
            addr: a.parse().unwrap(),
            port,
        }
    }

    #[test]
    fn both_directions_share_a_key() {
        let (k1, d1) = ConversationKey::of(ep("10.0.0.2", 80), ep("10.0.0.1", 5000));
        let (k2, d2) = ConversationKey::of(ep("10.0.0.1", 5000), ep("10.0.0.2", 80));
        assert_eq!(k1, k2);
        assert_ne!(d1, d2);
    }

    #[test]
    fn streams_are_numbered_in_order_of_first_appearance() {
        let mut c = Conversations::default();
        let a = (ep("10.0.0.1", 5000), ep("10.0.0.2", 80));
        let b = (ep("10.0.0.1", 5001), ep("10.0.0.2", 80));
        assert_eq!(c.udp(a.0, a.1, 0).stream, 0);
        assert_eq!(c.udp(b.0, b.1, 1).stream, 1);
        assert_eq!(c.udp(a.1, a.0, 2).stream, 0);
        assert_eq!(c.tcp(b.0, b.1, Some(7), 0, true).0.stream, 0);
        assert_eq!(c.tcp(a.0, a.1, None, 0, true).0.stream, 1);
    }
}
