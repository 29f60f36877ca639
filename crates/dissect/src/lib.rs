//! Dissection: turns a frame's bytes into a [`PacketTree`] of Wireshark-named fields.
//!
//! One module per protocol under [`protocols`], each declaring its fields once with
//! [`fields::declare_protocol!`] and adding items by field id. [`Dissector`] keeps what must survive from
//! one frame to the next (times of earlier frames, and later flows and reassembly).
#![forbid(unsafe_code)]

pub mod cx;
pub mod dispatch;
pub mod flow;
pub mod protocols;
pub mod reassembly;
#[cfg(test)]
pub(crate) mod testutil;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use cx::Cx;
pub use fields::{Interest, PacketTree, Registry};

/// The registry of every protocol and field wiresift dissects, built on first use.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        Registry::new(protocols::ALL).expect("protocol declarations are consistent (unit-tested)")
    })
}

/// What the capture file says about a frame, independent of the file format.
#[derive(Debug, Clone, Copy)]
pub struct FrameMeta<'a> {
    /// 1-based frame number.
    pub number: u64,
    pub secs: i64,
    pub nanos: u32,
    /// Interface index within the file; `None` for pcap files, which have no
    /// interface table (tshark then shows no `frame.interface_id`).
    pub interface_id: Option<u32>,
    /// 1-based number of the pcapng section the frame is in; `None` for pcap files (tshark then shows no
    /// `frame.section_number`).
    pub section_number: Option<u32>,
    /// LINKTYPE_ number of the frame's interface.
    pub link_type: u32,
    pub original_len: u32,
    /// pcapng packet comments.
    pub comments: &'a [std::borrow::Cow<'a, str>],
    /// Interface name and description, if the file gave them.
    pub interface_name: Option<&'a str>,
    pub interface_description: Option<&'a str>,
}

/// Per-run dissection state: frame timing now, flows and reassembly as later issues add them.
#[derive(Debug, Default)]
pub struct Dissector {
    pub(crate) first_ns: Option<i128>,
    pub(crate) previous_ns: Option<i128>,
    pub(crate) previous_displayed_ns: Option<i128>,
    /// IPv4-to-MAC bindings seen in ARP, for duplicate address detection.
    pub(crate) arp: protocols::arp::State,
    /// IPv4 and IPv6 fragments waiting for the rest of their datagram.
    pub(crate) fragments: reassembly::FragmentTable,
    /// ICMP and ICMPv6 echo requests waiting for their reply.
    pub(crate) echo: protocols::icmp::EchoTable,
    /// HTTP requests waiting for their response, per TCP stream.
    pub(crate) http: protocols::http::State,
    /// WebSocket conversations: negotiated extensions, messages in reassembly, inflate contexts.
    pub(crate) websocket: protocols::websocket::State,
    /// SMTP conversations: session state and the message of a DATA phase in reassembly.
    pub(crate) smtp: protocols::smtp::State,
    /// IMAP conversations: a server literal held for the next segment.
    pub(crate) imap: protocols::imap::State,
    /// LDAP conversations: requests waiting for their responses, search entries counted.
    pub(crate) ldap: protocols::ldap::State,
    /// FTP control connections (directory, last command) and the data connections they announced.
    pub(crate) ftp: protocols::ftp::State,
    /// SSH conversations: versions, KEXINITs, the chosen algorithms, which sides sent NEWKEYS.
    pub(crate) ssh: protocols::ssh::State,
    /// TLS conversations: the version the server chose, which sides sent ChangeCipherSpec.
    pub(crate) tls: protocols::tls::State,
    /// DTLS associations (their TLS state is kept with TLS's).
    pub(crate) dtls: protocols::dtls::State,
    /// Set by [`protocols::tcp::hand_over`] while a PDU is dissected, so that TCP cuts the rest of the
    /// segment for the new protocol.
    pub(crate) handed_over_to: Option<&'static flow::stream::StreamProtocol>,
    /// DNS transactions waiting for or matched with their response.
    pub(crate) dns: protocols::dns::Transactions,
    /// TCP and UDP conversations: stream numbers and TCP sequence state.
    pub(crate) conversations: flow::Conversations,
    /// Whether the interest set needs TCP conversations; worked out on the first TCP segment.
    pub(crate) tcp_flow_wanted: Option<bool>,
    /// Whether the interest set wants any of TCP's flag bits; worked out on the first TCP segment.
    pub(crate) tcp_flag_bits_wanted: Option<bool>,
    /// Whether the interest set wants anything of the TCP options; worked out on the first segment.
    pub(crate) tcp_options_wanted: Option<bool>,
    /// Reused text buffers for the TCP options' Info summary and option names.
    pub(crate) tcp_option_info: String,
    pub(crate) tcp_option_names: String,
    /// Preferences set with `-o` that dissectors read.
    pub prefs: Prefs,
    /// Decode-as rules set with `-d`.
    pub decode_as: dispatch::DecodeAs,
    /// Segment analyses shared by frames with the same number (only in the passes of `-2`).
    pub(crate) shared_analysis: protocols::tcp::SharedAnalysis,
    /// Which pass of a two-pass run this is, with what the first pass learned.
    pub(crate) pass: Pass,
    /// Frame times given by the caller for the next frame, instead of the ones kept here.
    pub(crate) frame_times: Option<FrameTimes>,
    /// What TCP reassembly made of the current segment's payload (reused from segment to segment).
    pub(crate) stream_pieces: Vec<flow::stream::Piece>,
    /// The last of `stream_pieces` is a PDU that a FIN ended (it ran to the end of the stream).
    /// Wireshark adds the segments item of such a PDU before dissecting it, not after as for the
    /// others, and its hierarchy counts the item where it stands.
    pub(crate) pdu_ended_by_fin: bool,
    /// The TCP analysis flags of the segment whose pieces are being shown: bytes of a spurious
    /// retransmission that were delivered already get no item, those of another retransmission or an
    /// out-of-order segment are "Retransmitted TCP segment data", as tshark shows them.
    pub(crate) segment_flags: u32,
    /// Where the Info column's " (media type)" of the frame's last IMF message starts: a further
    /// message of the frame puts its own text there instead (tshark shows only the last one's).
    pub(crate) imf_media_info_at: Option<usize>,
    /// Bounds on the bytes TCP reassembly holds.
    pub stream_limits: flow::stream::StreamLimits,
    /// Earlier frames the frame just dissected was built from (the fragments of a datagram it reassembled).
    pub(crate) dependent_frames: Vec<u64>,
}

/// Where a dissector stands in a run: one pass (`tshark`'s default), or either pass of `-2`.
#[derive(Debug, Default)]
pub(crate) enum Pass {
    #[default]
    Single,
    /// The first pass of `-2`: what later frames tell about earlier ones is recorded.
    First(Lookahead),
    /// The second pass of `-2`: the first pass's records are read.
    Second(Lookahead),
}

/// What the first pass of a two-pass run (`-2`) learned from later frames that earlier frames show in the
/// second pass, as Wireshark shows it on frames it has already visited: the reply to an echo request, the
/// frame that reassembled a fragment, a TCP handshake's round trip time and a conversation's window scale.
///
/// Entries are keyed by the first pass's frame number and the exchange or datagram, as Wireshark keys them
/// (the first pass numbers a frame one more than the frames kept so far, so a number alone can be shared
/// by a frame `-R` dropped and the next one it kept). It holds a few dozen bytes per echo exchange and
/// per fragment, never frame bytes, and at most [`Lookahead::MAX_ENTRIES`] of each.
#[derive(Debug, Default)]
pub struct Lookahead {
    /// (exchange, request frame) → reply frame.
    pub(crate) echo_replies: HashMap<(protocols::icmp::EchoKey, u64), u64>,
    /// (datagram, fragment frame) → frame that reassembled the datagram.
    pub(crate) reassembled_in: HashMap<(reassembly::FragKey, u64), u64>,
    /// TCP stream → its handshake's round trip time (ns), which the second pass shows from the SYN+ACK on.
    pub(crate) initial_rtt: HashMap<u32, i64>,
    /// TCP stream → both directions' window scale at the end of the first pass.
    pub(crate) window_scales: HashMap<u32, [flow::tcp::WindowScale; 2]>,
    /// Frame → the later frame that completed the TCP PDU the frame's last bytes belong to.
    pub(crate) tcp_reassembled_in: HashMap<u64, u64>,
    /// Frame → the later frame that completed the PDU put together from decrypted TLS records that the
    /// frame's last record belongs to.
    pub(crate) tls_reassembled_in: HashMap<u64, u64>,
    /// TCP stream → its `tcp.completeness` at the end of the first pass, and the bits of its first
    /// segment when the first pass left them out.
    pub(crate) completeness: HashMap<u32, (u8, u8)>,
    /// (DNS transaction, request frame) → the frame of its first response.
    pub(crate) dns_responses: HashMap<(protocols::dns::TransactionKey, u64), u64>,
    /// TCP stream → its HTTP entries in order (the request and response frames tshark numbers
    /// together) and the full URI of its last request, as the first pass left them.
    pub(crate) http_entries: HashMap<u32, (Vec<protocols::http::Entry>, Option<String>)>,
    /// HTTP entries kept in `http_entries`, all streams together.
    pub(crate) http_entry_count: usize,
    /// TCP streams whose SSH client said version 2: the second pass shows "SSHv2" from their first frame.
    pub(crate) ssh_v2: std::collections::HashSet<u32>,
    /// TCP stream → the TLS version its session ended the first pass with: tshark's second pass
    /// knows it from the first record on (Protocol column, hello randoms).
    pub(crate) tls_versions: HashMap<u32, u16>,
}

impl Lookahead {
    /// Entries kept per table; past it, later exchanges and datagrams show what a single pass shows.
    pub const MAX_ENTRIES: usize = 1 << 22;

    pub(crate) fn record_reply(&mut self, key: protocols::icmp::EchoKey, request: u64, reply: u64) {
        if self.echo_replies.len() < Self::MAX_ENTRIES {
            self.echo_replies.insert((key, request), reply);
        }
    }

    pub(crate) fn record_initial_rtt(&mut self, stream: u32, rtt: i64) {
        if self.initial_rtt.len() < Self::MAX_ENTRIES || self.initial_rtt.contains_key(&stream) {
            self.initial_rtt.insert(stream, rtt);
        }
    }

    pub(crate) fn record_window_scales(
        &mut self,
        stream: u32,
        scales: [flow::tcp::WindowScale; 2],
    ) {
        if self.window_scales.len() < Self::MAX_ENTRIES || self.window_scales.contains_key(&stream)
        {
            self.window_scales.insert(stream, scales);
        }
    }

    /// Records HTTP entry `number` (from 1) of a stream as it stands now, and the stream's latest
    /// request URI.
    pub(crate) fn record_http_entry(
        &mut self,
        stream: u32,
        number: u32,
        entry: protocols::http::Entry,
        last_uri: Option<&str>,
    ) {
        let (entries, uri) = self.http_entries.entry(stream).or_default();
        let i = number as usize - 1;
        if i < entries.len() {
            entries[i] = entry;
        } else if i == entries.len() && self.http_entry_count < Self::MAX_ENTRIES {
            entries.push(entry);
            self.http_entry_count += 1;
        }
        if let Some(u) = last_uri
            && uri.as_deref() != Some(u)
        {
            *uri = Some(u.to_string());
        }
    }

    pub(crate) fn record_tcp_reassembly(&mut self, segment: u64, whole: u64) {
        if self.tcp_reassembled_in.len() < Self::MAX_ENTRIES {
            self.tcp_reassembled_in.insert(segment, whole);
        }
    }

    pub(crate) fn record_tls_reassembly(&mut self, record: u64, whole: u64) {
        if self.tls_reassembled_in.len() < Self::MAX_ENTRIES {
            self.tls_reassembled_in.insert(record, whole);
        }
    }

    pub(crate) fn record_dns_response(
        &mut self,
        key: protocols::dns::TransactionKey,
        request: u64,
        response: u64,
    ) {
        if self.dns_responses.len() < Self::MAX_ENTRIES {
            self.dns_responses.insert((key, request), response);
        }
    }

    pub(crate) fn record_completeness(&mut self, stream: u32, value: (u8, u8)) {
        if self.completeness.len() < Self::MAX_ENTRIES || self.completeness.contains_key(&stream) {
            self.completeness.insert(stream, value);
        }
    }

    pub(crate) fn record_reassembly(
        &mut self,
        key: reassembly::FragKey,
        fragment: u64,
        whole: u64,
    ) {
        if self.reassembled_in.len() < Self::MAX_ENTRIES {
            self.reassembled_in.insert((key, fragment), whole);
        }
    }
}

/// A frame's times as tshark computes them against other frames (`frame.time_delta`,
/// `frame.time_delta_displayed`, `frame.time_relative`), in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameTimes {
    pub delta_ns: i128,
    pub delta_displayed_ns: i128,
    pub relative_ns: i128,
}

/// Preferences (`-o name:value`) understood by the dissectors, with Wireshark's defaults.
#[derive(Debug, Clone, Default)]
pub struct Prefs {
    /// `ip.check_checksum` (default off, as in Wireshark: the status is then "unverified").
    pub ip_check_checksum: bool,
    /// `tcp.check_checksum`.
    pub tcp_check_checksum: bool,
    /// `udp.check_checksum`.
    pub udp_check_checksum: bool,
}

impl Dissector {
    pub fn new() -> Dissector {
        Dissector::default()
    }

    /// Dissects one frame into `tree` (which is cleared first).
    pub fn dissect(&mut self, meta: &FrameMeta<'_>, data: &[u8], tree: &mut PacketTree) {
        tree.clear();
        self.dependent_frames.clear();
        let mut cx = Cx::new(self, meta, tree);
        cx.captured = data.len();
        protocols::frame::dissect(&mut cx, data);
        if let Some((src, dst)) = cx.link_addresses
            && cx.tree.dst_column.is_empty()
        {
            if cx.tree.src_column.is_empty() {
                cx.set_addresses(&protocols::Mac(src), &protocols::Mac(dst));
            } else if cx.writes_columns() {
                // A network header cut short after its source address: the link layer's destination.
                let _ = std::fmt::Write::write_fmt(
                    &mut cx.tree.dst_column,
                    format_args!("{}", protocols::Mac(dst)),
                );
            }
        }
    }

    /// Adds TLS secrets in NSS key log format (the text of `-o tls.keylog_file:`, or of a pcapng
    /// Decryption Secrets Block) for the connections dissected from now on. Returns the lines that
    /// could not be used, for the user.
    pub fn add_tls_key_log(&mut self, text: &[u8]) -> Vec<tlscrypt::Warning> {
        self.tls.add_key_log(text)
    }

    /// Starts the first pass of a two-pass run: from now on, what later frames tell about earlier ones is
    /// recorded, for [`Dissector::take_lookahead`].
    pub fn record_lookahead(&mut self) {
        self.pass = Pass::First(Lookahead::default());
    }

    /// Ends the first pass: what it recorded (empty if [`Dissector::record_lookahead`] was not called).
    pub fn take_lookahead(&mut self) -> Lookahead {
        match std::mem::take(&mut self.pass) {
            Pass::First(l) | Pass::Second(l) => l,
            Pass::Single => Lookahead::default(),
        }
    }

    /// Makes this dissector the second pass of a two-pass run. It must see the same frames, with the same
    /// numbers, as the first pass did (its own state is rebuilt as it goes), and it adds what `lookahead`
    /// knows about later frames, as Wireshark does on frames it has visited: `icmp.resp_in` or
    /// `icmp.no_resp` on echo requests, `ip.reassembled_in` on fragments.
    pub fn use_lookahead(&mut self, lookahead: Lookahead) {
        self.pass = Pass::Second(lookahead);
    }

    /// Gives the next frame's `frame.time_delta`, `frame.time_delta_displayed` and `frame.time_relative`,
    /// for callers whose idea of the previous frames is not the dissector's (tshark's two passes).
    pub fn set_frame_times(&mut self, times: FrameTimes) {
        self.frame_times = Some(times);
    }

    /// The earlier frames (by number) the frame just dissected was built from: the fragments of the
    /// datagrams it reassembled. tshark writes them with a frame that a two-pass display filter keeps.
    pub fn dependent_frames(&self) -> &[u64] {
        &self.dependent_frames
    }

    /// Tells the dissector the frame just dissected was displayed (passed the filter), for
    /// `frame.time_delta_displayed` of the frames after it.
    pub fn mark_displayed(&mut self, meta: &FrameMeta<'_>) {
        self.previous_displayed_ns = Some(meta.secs as i128 * 1_000_000_000 + meta.nanos as i128);
    }
}
