//! Plain data types shared by the reader, the writer and every crate above them.

use std::borrow::Cow;
use std::fmt;

/// A capture timestamp: seconds since the Unix epoch and nanoseconds within the second.
///
/// Nanoseconds is the finest resolution tshark shows; finer pcapng resolutions are truncated to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp {
    pub secs: i64,
    /// Always below 1_000_000_000.
    pub nanos: u32,
}

impl Timestamp {
    pub fn from_nanos(total: i128) -> Self {
        Timestamp {
            secs: total.div_euclid(1_000_000_000) as i64,
            nanos: total.rem_euclid(1_000_000_000) as u32,
        }
    }
    pub fn as_nanos(self) -> i128 {
        self.secs as i128 * 1_000_000_000 + self.nanos as i128
    }
}

/// A link-layer header type as numbered by tcpdump.org's LINKTYPE_ registry (not the OS-specific DLT_ values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkType(pub u32);

impl LinkType {
    pub const NULL: LinkType = LinkType(0);
    pub const ETHERNET: LinkType = LinkType(1);
    pub const RAW: LinkType = LinkType(101);
    pub const IEEE802_11: LinkType = LinkType(105);
    pub const LOOP: LinkType = LinkType(108);
    pub const LINUX_SLL: LinkType = LinkType(113);
    pub const IEEE802_11_RADIOTAP: LinkType = LinkType(127);
    pub const NFLOG: LinkType = LinkType(239);
    pub const IPV4: LinkType = LinkType(228);
    pub const IPV6: LinkType = LinkType(229);
    pub const LINUX_SLL2: LinkType = LinkType(276);

    /// Wireshark's encapsulation short name as capinfos prints it (`ether`, `linux-sll`), if known.
    pub fn short_name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "null",
            1 => "ether",
            6 => "tr",
            9 => "ppp",
            10 => "fddi",
            101 => "rawip",
            105 => "ieee-802-11",
            108 => "loop",
            113 => "linux-sll",
            119 => "ieee-802-11-prism",
            127 => "ieee-802-11-radiotap",
            228 => "rawip4",
            229 => "rawip6",
            239 => "nflog",
            276 => "linux-sll2",
            _ => return None,
        })
    }

    /// Wireshark's long encapsulation description as capinfos prints it (`Ethernet`), if known.
    pub fn description(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "NULL/Loopback",
            1 => "Ethernet",
            6 => "Token Ring",
            9 => "PPP",
            10 => "FDDI",
            101 => "Raw IP",
            105 => "IEEE 802.11 Wireless LAN",
            108 => "OpenBSD loopback",
            113 => "Linux cooked-mode capture v1",
            119 => "IEEE 802.11 plus Prism II monitor mode radio header",
            127 => "IEEE 802.11 plus radiotap radio header",
            228 => "Raw IPv4",
            229 => "Raw IPv6",
            239 => "NFLOG",
            276 => "Linux cooked-mode capture v2",
            _ => return None,
        })
    }
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description() {
            Some(d) => f.write_str(d),
            None => write!(f, "link type {}", self.0),
        }
    }
}

/// The container format of a capture file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Classic libpcap format. `nanosecond` is set for the 0xa1b23c4d magic.
    Pcap {
        nanosecond: bool,
        big_endian: bool,
        version_major: u16,
        version_minor: u16,
    },
    /// pcapng; the byte order is per section and recorded in [`Section`].
    Pcapng,
}

/// Compression wrapped around the capture, detected from the file's magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// One capture interface (a pcapng Interface Description Block, or the single implicit interface of a pcap file).
///
/// Interfaces are numbered globally across pcapng sections, in order of appearance, as Wireshark numbers
/// `frame.interface_id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Interface {
    pub link_type: LinkType,
    /// 0 means "no limit stated".
    pub snaplen: u32,
    pub name: Option<String>,
    pub description: Option<String>,
    /// The capture filter, as stored in `if_filter` (string form only).
    pub filter: Option<String>,
    pub os: Option<String>,
    /// Timestamp units per second (10^6 for pcap, 10^9 for nanosecond pcap, from `if_tsresol` for pcapng).
    pub ts_units_per_sec: u64,
    /// The raw `if_tsresol` byte when the file gave one, kept so a writer can reproduce it.
    pub tsresol_option: Option<u8>,
    /// `if_tsoffset`: seconds added to every timestamp of this interface.
    pub ts_offset_secs: i64,
    /// Index of the pcapng section this interface belongs to.
    pub section: usize,
    /// Statistics from the last Interface Statistics Block seen for it.
    pub stats: Option<InterfaceStats>,
    /// Length in bytes of the frame check sequence at the end of each frame, when the file says
    /// (pcapng `if_fcslen`, or the FCS bits of a pcap header's link-type field).
    pub fcs_len: Option<u8>,
}

impl Interface {
    /// An interface of `link_type` with microsecond timestamps and nothing else known, as a pcap file's
    /// implicit interface; fill in the other public fields as needed.
    pub fn new(link_type: LinkType) -> Self {
        Interface {
            link_type,
            snaplen: 0,
            name: None,
            description: None,
            filter: None,
            os: None,
            ts_units_per_sec: 1_000_000,
            tsresol_option: None,
            ts_offset_secs: 0,
            section: 0,
            stats: None,
            fcs_len: None,
        }
    }
}

/// Counters of a pcapng Interface Statistics Block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterfaceStats {
    pub timestamp: Timestamp,
    pub received: Option<u64>,
    pub dropped_by_interface: Option<u64>,
    pub accepted_by_filter: Option<u64>,
    pub dropped_by_os: Option<u64>,
    pub delivered_to_user: Option<u64>,
}

/// One pcapng section (a pcap file has exactly one, without options).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub big_endian: bool,
    /// Byte offset of the Section Header Block in the (decompressed) stream.
    pub offset: u64,
    pub comments: Vec<String>,
    pub hardware: Option<String>,
    pub os: Option<String>,
    pub user_application: Option<String>,
}

/// A Decryption Secrets Block: `secrets_type` 0x544c534b ("TLSK") carries an NSS key log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecryptionSecrets {
    pub secrets_type: u32,
    pub data: Vec<u8>,
}

impl DecryptionSecrets {
    /// The pcapng secrets type of an NSS TLS key log.
    pub const TLS_KEY_LOG: u32 = 0x544c_534b;
}

/// One address-to-name record of a Name Resolution Block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRecord {
    pub address: std::net::IpAddr,
    pub names: Vec<String>,
}

/// One captured frame. Its bytes borrow the reader and are valid until the next `next_frame` call.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame<'a> {
    /// 1-based position in the file, as tshark's `frame.number`.
    pub number: u64,
    /// When the frame was captured; the epoch (zero) when `has_timestamp` is false.
    pub timestamp: Timestamp,
    /// False for pcapng Simple Packet Blocks, which carry no timestamp (tshark then shows no `frame.time*`
    /// fields); true for every other record.
    pub has_timestamp: bool,
    /// Global interface index (see [`Interface`]); 0 for pcap.
    pub interface_id: u32,
    /// The interface the frame was captured on (the same as `interfaces()[interface_id]`), lent with the frame
    /// because the reader stays mutably borrowed while the frame lives.
    pub interface: &'a Interface,
    pub link_type: LinkType,
    /// The captured bytes (`frame.cap_len` is their length).
    pub data: &'a [u8],
    /// The length of the packet on the wire (`frame.len`).
    pub original_len: u32,
    /// Byte offset of the record or block in the (decompressed) stream; an index of these gives random access.
    pub file_offset: u64,
    /// pcapng `opt_comment`s of this packet.
    pub comments: Vec<Cow<'a, str>>,
    /// pcapng `epb_flags` when present (direction, reception type, FCS length, errors).
    pub flags: Option<u32>,
}
