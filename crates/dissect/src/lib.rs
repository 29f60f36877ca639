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
    /// TCP and UDP conversations: stream numbers and TCP sequence state.
    pub(crate) conversations: flow::Conversations,
    /// Whether the interest set needs TCP conversations; worked out on the first TCP segment.
    pub(crate) tcp_flow_wanted: Option<bool>,
    /// Whether the interest set wants any of TCP's flag bits; worked out on the first TCP segment.
    pub(crate) tcp_flag_bits_wanted: Option<bool>,
    /// Reused text buffers for the TCP options' Info summary and option names.
    pub(crate) tcp_option_info: String,
    pub(crate) tcp_option_names: String,
    /// Preferences set with `-o` that dissectors read.
    pub prefs: Prefs,
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
        let mut cx = Cx::new(self, meta, tree);
        cx.captured = data.len();
        protocols::frame::dissect(&mut cx, data);
        if let Some((src, dst)) = cx.link_addresses
            && cx.tree.src_column.is_empty()
            && cx.tree.dst_column.is_empty()
        {
            cx.set_addresses(&protocols::Mac(src), &protocols::Mac(dst));
        }
    }

    /// Tells the dissector the frame just dissected was displayed (passed the filter), for
    /// `frame.time_delta_displayed` of the frames after it.
    pub fn mark_displayed(&mut self, meta: &FrameMeta<'_>) {
        self.previous_displayed_ns = Some(meta.secs as i128 * 1_000_000_000 + meta.nanos as i128);
    }
}
