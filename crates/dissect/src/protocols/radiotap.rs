//! Radiotap, the radio header Linux and AirPcap put before 802.11 frames (link type 127): version, length,
//! the chain of presence bitmaps, and the fields they announce, each aligned to its natural size from the
//! start of the header. What it learns about the radio goes to [`super::wlan_radio`], and the frame after
//! it to [`super::wlan`].

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto RADIOTAP = super::ids::RADIOTAP, "IEEE 802.11 Radiotap Capture header", "802.11 Radiotap", "radiotap";
    VERSION: "radiotap.version", "Header revision", UInt8, Dec, blurb "Version of radiotap header format";
    PAD: "radiotap.pad", "Header pad", UInt8, Dec, blurb "Padding";
    LENGTH: "radiotap.length", "Header length", UInt16, Dec, blurb "Length of header including version, pad, length and data fields";
    PRESENT: "radiotap.present", "Present flags", None, None, blurb "Bitmask indicating which fields are present";
    PRESENT_WORD: "radiotap.present.word", "Present flags word", UInt32, Hex, blurb "Word from present flags bitmask";
    PRESENT_TSFT: "radiotap.present.tsft", "TSFT", Boolean, Bits(32), mask 0x1, tf ("Present", "Absent"), blurb "Specifies if the Time Synchronization Function Timer field is present";
    PRESENT_FLAGS: "radiotap.present.flags", "Flags", Boolean, Bits(32), mask 0x2, tf ("Present", "Absent"), blurb "Specifies if the channel flags field is present";
    PRESENT_RATE: "radiotap.present.rate", "Rate", Boolean, Bits(32), mask 0x4, tf ("Present", "Absent"), blurb "Specifies if the transmit/receive rate field is present";
    PRESENT_CHANNEL: "radiotap.present.channel", "Channel", Boolean, Bits(32), mask 0x8, tf ("Present", "Absent"), blurb "Specifies if the transmit/receive frequency field is present";
    PRESENT_FHSS: "radiotap.present.fhss", "FHSS", Boolean, Bits(32), mask 0x10, tf ("Present", "Absent"), blurb "Specifies if the hop set and pattern is present for frequency hopping radios";
    PRESENT_DBM_ANTSIGNAL: "radiotap.present.dbm_antsignal", "dBm Antenna Signal", Boolean, Bits(32), mask 0x20, tf ("Present", "Absent"), blurb "Specifies if the antenna signal strength in dBm is present";
    PRESENT_DBM_ANTNOISE: "radiotap.present.dbm_antnoise", "dBm Antenna Noise", Boolean, Bits(32), mask 0x40, tf ("Present", "Absent"), blurb "Specifies if the RF noise power at antenna field is present";
    PRESENT_LOCK_QUALITY: "radiotap.present.lock_quality", "Lock Quality", Boolean, Bits(32), mask 0x80, tf ("Present", "Absent"), blurb "Specifies if the signal quality field is present";
    PRESENT_TX_ATTENUATION: "radiotap.present.tx_attenuation", "TX Attenuation", Boolean, Bits(32), mask 0x100, tf ("Present", "Absent"), blurb "Specifies if the transmit power distance from max power field is present";
    PRESENT_DB_TX_ATTENUATION: "radiotap.present.db_tx_attenuation", "dB TX Attenuation", Boolean, Bits(32), mask 0x200, tf ("Present", "Absent"), blurb "Specifies if the transmit power distance from max power (in dB) field is present";
    PRESENT_DBM_TX_POWER: "radiotap.present.dbm_tx_power", "dBm TX Power", Boolean, Bits(32), mask 0x400, tf ("Present", "Absent"), blurb "Specifies if the transmit power (in dBm) field is present";
    PRESENT_ANTENNA: "radiotap.present.antenna", "Antenna", Boolean, Bits(32), mask 0x800, tf ("Present", "Absent"), blurb "Specifies if the antenna number field is present";
    PRESENT_DB_ANTSIGNAL: "radiotap.present.db_antsignal", "dB Antenna Signal", Boolean, Bits(32), mask 0x1000, tf ("Present", "Absent"), blurb "Specifies if the RF signal power at antenna in dB field is present";
    PRESENT_DB_ANTNOISE: "radiotap.present.db_antnoise", "dB Antenna Noise", Boolean, Bits(32), mask 0x2000, tf ("Present", "Absent"), blurb "Specifies if the RF signal power at antenna in dBm field is present";
    PRESENT_RXFLAGS: "radiotap.present.rxflags", "RX flags", Boolean, Bits(32), mask 0x4000, tf ("Present", "Absent"), blurb "Specifies if the RX flags field is present";
    PRESENT_TXFLAGS: "radiotap.present.txflags", "TX flags", Boolean, Bits(32), mask 0x8000, tf ("Present", "Absent"), blurb "Specifies if the TX flags field is present";
    PRESENT_DATA_RETRIES: "radiotap.present.data_retries", "data retries", Boolean, Bits(32), mask 0x20000, tf ("Present", "Absent"), blurb "Specifies if the data retries field is present";
    PRESENT_XCHANNEL: "radiotap.present.xchannel", "Channel+", Boolean, Bits(32), mask 0x40000, tf ("Present", "Absent"), blurb "Specifies if the extended channel info field is present";
    PRESENT_MCS: "radiotap.present.mcs", "MCS information", Boolean, Bits(32), mask 0x80000, tf ("Present", "Absent"), blurb "Specifies if the MCS field is present";
    PRESENT_AMPDU: "radiotap.present.ampdu", "A-MPDU Status", Boolean, Bits(32), mask 0x100000, tf ("Present", "Absent"), blurb "Specifies if the A-MPDU status field is present";
    PRESENT_VHT: "radiotap.present.vht", "VHT information", Boolean, Bits(32), mask 0x200000, tf ("Present", "Absent"), blurb "Specifies if the VHT field is present";
    PRESENT_TIMESTAMP: "radiotap.present.timestamp", "frame timestamp", Boolean, Bits(32), mask 0x400000, tf ("Present", "Absent"), blurb "Specifies if the timestamp field is present";
    PRESENT_HE: "radiotap.present.he", "HE information", Boolean, Bits(32), mask 0x800000, tf ("Present", "Absent"), blurb "Specifies if the HE field is present";
    PRESENT_HE_MU: "radiotap.present.he_mu", "HE-MU information", Boolean, Bits(32), mask 0x1000000, tf ("Present", "Absent"), blurb "Specifies if the HE field is present";
    PRESENT_0_LENGTH_PSDU: "radiotap.present.0_length.psdu", "0 Length PSDU", Boolean, Bits(32), mask 0x4000000, tf ("Present", "Absent"), blurb "Specifies whether or not the 0-Length PSDU field is present";
    PRESENT_L_SIG: "radiotap.present.l_sig", "L-SIG", Boolean, Bits(32), mask 0x8000000, tf ("Present", "Absent"), blurb "Specifies whether or not the L-SIG field is present";
    PRESENT_TLV: "radiotap.present.tlv", "TLVs", Boolean, Bits(32), mask 0x10000000, tf ("Present", "Absent"), blurb "Specifies switch to TLV fields";
    PRESENT_RTAP_NS: "radiotap.present.rtap_ns", "Radiotap NS next", Boolean, Bits(32), mask 0x20000000, tf ("True", "False"), blurb "Specifies a reset to the radiotap namespace";
    PRESENT_VENDOR_NS: "radiotap.present.vendor_ns", "Vendor NS next", Boolean, Bits(32), mask 0x40000000, tf ("True", "False"), blurb "Specifies that the next bitmap is in a vendor namespace";
    PRESENT_EXT: "radiotap.present.ext", "Ext", Boolean, Bits(32), mask 0x80000000, tf ("Present", "Absent"), blurb "Specifies if there are any extensions to the header present";
    FLAGS_CFP: "radiotap.flags.cfp", "CFP", Boolean, Bits(8), mask 0x1, tf ("True", "False"), blurb "Sent/Received during CFP";
    FLAGS_WEP: "radiotap.flags.wep", "WEP", Boolean, Bits(8), mask 0x4, tf ("True", "False"), blurb "Sent/Received with WEP encryption";
    FLAGS_FRAG: "radiotap.flags.frag", "Fragmentation", Boolean, Bits(8), mask 0x8, tf ("True", "False"), blurb "Sent/Received with fragmentation";
    FLAGS_FCS: "radiotap.flags.fcs", "FCS at end", Boolean, Bits(8), mask 0x10, tf ("True", "False"), blurb "Frame includes FCS at end";
    FLAGS_DATAPAD: "radiotap.flags.datapad", "Data Pad", Boolean, Bits(8), mask 0x20, tf ("True", "False"), blurb "Frame has padding between 802.11 header and payload";
    FLAGS_BADFCS: "radiotap.flags.badfcs", "Bad FCS", Boolean, Bits(8), mask 0x40, tf ("True", "False"), blurb "Frame received with bad FCS";
    FLAGS_SHORTGI: "radiotap.flags.shortgi", "Short GI", Boolean, Bits(8), mask 0x80, tf ("True", "False"), blurb "Frame Sent/Received with HT short Guard Interval";
    QUALITY: "radiotap.quality", "Signal Quality", UInt16, Dec, blurb "Signal quality (unitless measure)";
    CHANNEL_FREQ: "radiotap.channel.freq", "Channel frequency", UInt32, Dec, blurb "Channel frequency in megahertz that this frame was sent/received on";
    CHANNEL_FLAGS: "radiotap.channel.flags", "Channel flags", UInt16, Hex;
    CHANNEL_FLAGS_TURBO: "radiotap.channel.flags.turbo", "Turbo", Boolean, Bits(16), mask 0x10, tf ("True", "False"), blurb "Channel Flags Turbo";
    CHANNEL_FLAGS_700MHZ: "radiotap.channel.flags.700mhz", "700 MHz spectrum", Boolean, Bits(16), mask 0x1, tf ("True", "False"), blurb "Channel Flags Turbo";
    CHANNEL_FLAGS_800MHZ: "radiotap.channel.flags.800mhz", "800 MHz spectrum", Boolean, Bits(16), mask 0x2, tf ("True", "False"), blurb "Channel Flags Turbo";
    CHANNEL_FLAGS_900MHZ: "radiotap.channel.flags.900mhz", "900 MHz spectrum", Boolean, Bits(16), mask 0x4, tf ("True", "False"), blurb "Channel Flags Turbo";
    CHANNEL_FLAGS_CCK: "radiotap.channel.flags.cck", "Complementary Code Keying (CCK)", Boolean, Bits(16), mask 0x20, tf ("True", "False"), blurb "Channel Flags Complementary Code Keying (CCK) Modulation";
    CHANNEL_FLAGS_OFDM: "radiotap.channel.flags.ofdm", "Orthogonal Frequency-Division Multiplexing (OFDM)", Boolean, Bits(16), mask 0x40, tf ("True", "False"), blurb "Channel Flags Orthogonal Frequency-Division Multiplexing (OFDM)";
    CHANNEL_FLAGS_2GHZ: "radiotap.channel.flags.2ghz", "2 GHz spectrum", Boolean, Bits(16), mask 0x80, tf ("True", "False"), blurb "Channel Flags 2 GHz spectrum";
    CHANNEL_FLAGS_5GHZ: "radiotap.channel.flags.5ghz", "5 GHz spectrum", Boolean, Bits(16), mask 0x100, tf ("True", "False"), blurb "Channel Flags 5 GHz spectrum";
    CHANNEL_FLAGS_PASSIVE: "radiotap.channel.flags.passive", "Passive", Boolean, Bits(16), mask 0x200, tf ("True", "False"), blurb "Channel Flags Passive";
    CHANNEL_FLAGS_DYNAMIC: "radiotap.channel.flags.dynamic", "Dynamic CCK-OFDM", Boolean, Bits(16), mask 0x400, tf ("True", "False"), blurb "Channel Flags Dynamic CCK-OFDM Channel";
    CHANNEL_FLAGS_GFSK: "radiotap.channel.flags.gfsk", "Gaussian Frequency Shift Keying (GFSK)", Boolean, Bits(16), mask 0x800, tf ("True", "False"), blurb "Channel Flags Gaussian Frequency Shift Keying (GFSK) Modulation";
    CHANNEL_FLAGS_GSM: "radiotap.channel.flags.gsm", "GSM (900MHz)", Boolean, Bits(16), mask 0x1000, tf ("True", "False"), blurb "Channel Flags GSM";
    CHANNEL_FLAGS_STURBO: "radiotap.channel.flags.sturbo", "Static Turbo", Boolean, Bits(16), mask 0x2000, tf ("True", "False"), blurb "Channel Flags Status Turbo";
    CHANNEL_FLAGS_HALF: "radiotap.channel.flags.half", "Half Rate Channel (10MHz Channel Width)", Boolean, Bits(16), mask 0x4000, tf ("True", "False"), blurb "Channel Flags Half Rate";
    CHANNEL_FLAGS_QUARTER: "radiotap.channel.flags.quarter", "Quarter Rate Channel (5MHz Channel Width)", Boolean, Bits(16), mask 0x8000, tf ("True", "False"), blurb "Channel Flags Quarter Rate";
    DATARATE: "radiotap.datarate", "Data rate (Mb/s)", Float, None, blurb "Speed this frame was sent/received at";
    ANTENNA: "radiotap.antenna", "Antenna", UInt32, Dec, blurb "Antenna number this frame was sent/received over (starting at 0)";
    DBM_ANTSIGNAL: "radiotap.dbm_antsignal", "Antenna signal", Int8, Dec, unit "dBm", blurb "RF signal power at the antenna expressed as decibels from one milliwatt";
    DB_ANTSIGNAL: "radiotap.db_antsignal", "dB antenna signal", UInt8, Dec, unit "dB", blurb "RF signal power at the antenna expressed as decibels from a fixed, arbitrary value";
    DBM_ANTNOISE: "radiotap.dbm_antnoise", "Antenna noise", Int8, Dec, unit "dBm", blurb "RF noise power at the antenna expressed as decibels from one milliwatt";
    FLAGS: "radiotap.flags", "Flags", UInt8, Hex;
    FLAGS_PREAMBLE: "radiotap.flags.preamble", "Preamble", Boolean, Bits(8), mask 0x2, tf ("Short", "Long"), blurb "Sent/Received with short preamble";
    MACTIME: "radiotap.mactime", "MAC timestamp", UInt64, Dec, blurb "Value in microseconds of the MAC's Time Synchronization Function timer when the first bit of the MPDU arrived at the MAC.";
    FHSS_HOPSET: "radiotap.fhss.hopset", "FHSS Hop Set", UInt8, Dec, blurb "Frequency Hopping Spread Spectrum hopset";
    FHSS_PATTERN: "radiotap.fhss.pattern", "FHSS Pattern", UInt8, Dec, blurb "Frequency Hopping Spread Spectrum hop pattern";
    TXATTENUATION: "radiotap.txattenuation", "TX attenuation", UInt16, Dec, blurb "Transmit power expressed as unitless distance from max power set at factory calibration (0 is max power)";
    DB_TXATTENUATION: "radiotap.db_txattenuation", "dB TX attenuation", UInt16, Dec, blurb "Transmit power expressed as decibels from max power set at factory calibration (0 is max power)";
    TXPOWER: "radiotap.txpower", "Transmit power", Int8, Dec, unit "dBm", blurb "Transmit power at the antenna port expressed as decibels from one milliwatt";
    DB_ANTNOISE: "radiotap.db_antnoise", "dB antenna noise", UInt8, Dec, unit "dB", blurb "RF noise power at the antenna expressed as decibels from a fixed, arbitrary value";
    RXFLAGS: "radiotap.rxflags", "RX flags", UInt16, Hex;
    RXFLAGS_BADPLCP: "radiotap.rxflags.badplcp", "Bad PLCP", Boolean, Bits(24), mask 0x2, tf ("True", "False"), blurb "Frame with bad PLCP";
    TXFLAGS: "radiotap.txflags", "TX flags", UInt16, Hex;
    DATA_RETRIES: "radiotap.data_retries", "data retries", UInt8, Dec, blurb "Number of data retries a transmitted frame used";
    XCHANNEL_FLAGS: "radiotap.xchannel.flags", "Channel flags", UInt32, Hex;
    XCHANNEL_FREQ: "radiotap.xchannel.freq", "Channel frequency", UInt32, Dec;
    XCHANNEL_CHANNEL: "radiotap.xchannel.channel", "Channel number", UInt32, Dec;
    VENDOR_NAMESPACE: "radiotap.vendor_namespace", "Vendor namespace", Bytes, None;
    VENDOR_OUI: "radiotap.vendor_oui", "Vendor OUI", UInt24, Oui;
    VENDOR_SUBNS: "radiotap.vendor_subns", "Vendor sub namespace", UInt8, Dec, blurb "Vendor-specified sub namespace";
    VENDOR_DATA_LEN: "radiotap.vendor_data_len", "Vendor data length", UInt16, Dec, blurb "Length of vendor-specified data";
    LENGTH_EXPERT: "radiotap.length.invalid", "Invalid radiotap length", None, None;
}

/// Presence bits (in a radiotap namespace word) and the (alignment, size) of the field each announces,
/// in bit order; the data of the fields follows the bitmaps in that order. Bits past the table (TLVs
/// and reserved bits) have no known size, so parsing stops at the first of them.
const FIELD_LAYOUT: &[(usize, usize)] = &[
    (8, 8),  // 0 TSFT
    (1, 1),  // 1 flags
    (1, 1),  // 2 rate
    (2, 4),  // 3 channel
    (1, 2),  // 4 FHSS
    (1, 1),  // 5 dBm antenna signal
    (1, 1),  // 6 dBm antenna noise
    (2, 2),  // 7 lock quality
    (2, 2),  // 8 TX attenuation
    (2, 2),  // 9 dB TX attenuation
    (1, 1),  // 10 dBm TX power
    (1, 1),  // 11 antenna
    (1, 1),  // 12 dB antenna signal
    (1, 1),  // 13 dB antenna noise
    (2, 2),  // 14 RX flags
    (2, 2),  // 15 TX flags
    (1, 1),  // 16 RTS retries
    (1, 1),  // 17 data retries
    (4, 8),  // 18 channel+ (XChannel)
    (1, 3),  // 19 MCS
    (4, 8),  // 20 A-MPDU status
    (2, 12), // 21 VHT
    (8, 12), // 22 frame timestamp
    (2, 12), // 23 HE
    (2, 12), // 24 HE-MU
    (2, 6),  // 25 HE-MU-other-user
    (1, 1),  // 26 0-length PSDU
    (2, 4),  // 27 L-SIG
];

/// The presence bits of a radiotap namespace word, with their fields, in bit order (bit 25 and the
/// namespace bits have none Wireshark shows in the first word's list).
const PRESENT_BITS: &[fields::FieldId] = &[
    PRESENT_TSFT,
    PRESENT_FLAGS,
    PRESENT_RATE,
    PRESENT_CHANNEL,
    PRESENT_FHSS,
    PRESENT_DBM_ANTSIGNAL,
    PRESENT_DBM_ANTNOISE,
    PRESENT_LOCK_QUALITY,
    PRESENT_TX_ATTENUATION,
    PRESENT_DB_TX_ATTENUATION,
    PRESENT_DBM_TX_POWER,
    PRESENT_ANTENNA,
    PRESENT_DB_ANTSIGNAL,
    PRESENT_DB_ANTNOISE,
    PRESENT_RXFLAGS,
    PRESENT_TXFLAGS,
    PRESENT_DATA_RETRIES,
    PRESENT_XCHANNEL,
    PRESENT_MCS,
    PRESENT_AMPDU,
    PRESENT_VHT,
    PRESENT_TIMESTAMP,
    PRESENT_HE,
    PRESENT_HE_MU,
    PRESENT_0_LENGTH_PSDU,
    PRESENT_L_SIG,
    PRESENT_TLV,
    PRESENT_RTAP_NS,
    PRESENT_VENDOR_NS,
    PRESENT_EXT,
];

/// Radiotap flags: the 802.11 frame ends in its FCS.
pub const FLAG_FCS: u8 = 0x10;
/// Radiotap flags: padding between the 802.11 header and its payload, to a multiple of four bytes.
pub const FLAG_DATAPAD: u8 = 0x20;
/// Radiotap flags: sent or received with a short preamble.
pub const FLAG_SHORT_PREAMBLE: u8 = 0x02;

/// The radiotap header at `offset` and the 802.11 frame after it.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.set_protocol("WLAN");
    // The Info column until the 802.11 frame replaces it (it stays when the capture ends first).
    match (read::u8(data, offset), read::le16(data, offset + 2)) {
        (Some(version), Some(length)) => {
            cx.set_info(format_args!("Radiotap Capture v{version}, Length {length}"))
        }
        _ => cx.set_info(format_args!("")),
    }
    let (Some(version), Some(pad), Some(length)) = (
        read::u8(data, offset),
        read::u8(data, offset + 1),
        read::le16(data, offset + 2),
    ) else {
        cx.push_layer(parent, PROTOCOL_FIELD, "radiotap", "", offset, avail);
        cx.cut_short(offset, data.len(), "Radiotap");
        return avail;
    };
    let length = length as usize;
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "radiotap",
        "",
        offset,
        length.min(avail),
    );
    cx.tree.set_label(
        top,
        format_args!("Radiotap Header v{version}, Length {length}"),
    );
    cx.uint(top, VERSION, offset, 1, version as u64);
    cx.uint(top, PAD, offset + 1, 1, pad as u64);
    let len_item = cx.uint(top, LENGTH, offset + 2, 2, length as u64);
    if length < 8 || length > avail {
        cx.tree
            .add(len_item, LENGTH_EXPERT, offset + 2, 2, Value::None);
        cx.cut_short(offset + 2, data.len(), "Radiotap");
        return avail;
    }
    // The header's own bytes: the fields never read past it.
    let hdr = &data[..offset + length];
    let mut info = super::wlan_radio::RadioInfo::default();

    // The chain of presence words: each with bit 31 set is followed by another.
    let present_start = offset + 4;
    let mut words = Vec::new();
    let mut at = present_start;
    while let Some(w) = read::le32(hdr, at) {
        words.push(w);
        at += 4;
        if w & 0x8000_0000 == 0 {
            break;
        }
    }
    let present = cx
        .tree
        .add(top, PRESENT, present_start, at - present_start, Value::None);
    // Which namespace each word is in: a word with bit 29 makes the next one radiotap's again, bit 30
    // a vendor's.
    let mut in_radiotap = true;
    let mut namespaces = Vec::with_capacity(words.len());
    for (i, &w) in words.iter().enumerate() {
        let o = present_start + i * 4;
        namespaces.push(in_radiotap);
        let item = cx.uint(present, PRESENT_WORD, o, 4, w as u64);
        if in_radiotap && i == 0 {
            for &f in PRESENT_BITS {
                cx.bits(item, f, o, 4, w as u64);
            }
        } else {
            for f in [PRESENT_RTAP_NS, PRESENT_VENDOR_NS, PRESENT_EXT] {
                cx.bits(item, f, o, 4, w as u64);
            }
        }
        if w & 0x2000_0000 != 0 {
            in_radiotap = true;
        } else if w & 0x4000_0000 != 0 {
            in_radiotap = false;
        }
    }
    if at > hdr.len() || words.last().is_some_and(|w| w & 0x8000_0000 != 0) {
        cx.malformed(at, "Radiotap presence bitmaps past the header");
        return avail;
    }

    // The fields, aligned from the start of the header.
    let mut o = at;
    let mut vendor_started = false;
    'words: for (i, &w) in words.iter().enumerate() {
        if !namespaces[i] {
            // A vendor namespace: its header says how many bytes to skip.
            if !vendor_started {
                vendor_started = true;
                o = align(offset, o, 2);
                let (Some(oui), Some(subns), Some(skip)) = (
                    read::be24(hdr, o),
                    read::u8(hdr, o + 3),
                    read::le16(hdr, o + 4),
                ) else {
                    cx.malformed(o, "Radiotap vendor namespace cut short");
                    break;
                };
                let skip = skip as usize;
                let ns = cx.tree.add(
                    top,
                    VENDOR_NAMESPACE,
                    o,
                    (6 + skip).min(hdr.len() - o),
                    Value::Bytes,
                );
                cx.uint(ns, VENDOR_OUI, o, 3, oui as u64);
                cx.uint(ns, VENDOR_SUBNS, o + 3, 1, subns as u64);
                cx.uint(ns, VENDOR_DATA_LEN, o + 4, 2, skip as u64);
                o += 6 + skip;
            }
            continue;
        }
        vendor_started = false;
        // Only the first radiotap-namespace word has fields Wireshark knows; a later one's are of
        // unknown size and end the parse.
        let base = if i == 0 { 0 } else { 32 };
        for bit in 0..29 {
            if w & (1 << bit) == 0 {
                continue;
            }
            let Some(&(alignment, size)) = FIELD_LAYOUT.get(base + bit) else {
                break 'words;
            };
            o = align(offset, o, alignment);
            if o + size > hdr.len() {
                cx.malformed(o, "Radiotap field past the header");
                return avail;
            }
            field(cx, top, hdr, o, bit as u32, &mut info);
            o += size;
        }
    }

    super::wlan_radio::dissect(cx, data, offset + length, top, &info);
    avail
}

/// `o` rounded up to a multiple of `alignment` counted from the header's start `start`.
fn align(start: usize, o: usize, alignment: usize) -> usize {
    start + (o - start).div_ceil(alignment) * alignment
}

/// One field of the first radiotap namespace word, announced by `bit`, at `o` (in bounds).
fn field(
    cx: &mut Cx,
    top: ItemIdx,
    d: &[u8],
    o: usize,
    bit: u32,
    info: &mut super::wlan_radio::RadioInfo,
) {
    let u8_at = |o: usize| d[o];
    let le16 = |o: usize| u16::from_le_bytes([d[o], d[o + 1]]);
    match bit {
        0 => {
            let v = u64::from_le_bytes(d[o..o + 8].try_into().unwrap_or_default());
            cx.uint(top, MACTIME, o, 8, v);
        }
        1 => {
            let v = u8_at(o);
            info.flags = Some(v);
            let item = cx.uint(top, FLAGS, o, 1, v as u64);
            for f in [
                FLAGS_CFP,
                FLAGS_PREAMBLE,
                FLAGS_WEP,
                FLAGS_FRAG,
                FLAGS_FCS,
                FLAGS_DATAPAD,
                FLAGS_BADFCS,
                FLAGS_SHORTGI,
            ] {
                cx.bits(item, f, o, 1, v as u64);
            }
        }
        2 => {
            let v = u8_at(o);
            // In units of 500 kb/s.
            let rate = v as f64 / 2.0;
            info.rate = Some(rate);
            let item = cx.tree.add(top, DATARATE, o, 1, Value::Double(rate));
            cx.tree
                .set_label(item, format_args!("Data Rate: {rate:.1} Mb/s"));
        }
        3 => {
            let freq = le16(o);
            let flags = le16(o + 2);
            info.freq = Some(freq);
            info.channel_flags = Some(flags);
            let item = cx.uint(top, CHANNEL_FREQ, o, 2, freq as u64);
            if item.is_stored() {
                let band = super::wlan_radio::band_name(freq, flags);
                cx.tree
                    .set_label(item, format_args!("Channel frequency: {freq} [{band}]"));
            }
            let item = cx.uint(top, CHANNEL_FLAGS, o + 2, 2, flags as u64);
            if item.is_stored() {
                let names: Vec<&str> = CHANNEL_FLAG_BITS
                    .iter()
                    .filter(|(m, _)| flags & m != 0)
                    .map(|(_, f)| crate::registry().field(*f).name)
                    .collect();
                let mut label = format!("Channel flags: 0x{flags:04x}");
                for n in names {
                    label.push_str(", ");
                    label.push_str(n);
                }
                cx.tree.set_label(item, format_args!("{label}"));
            }
            for (_, f) in CHANNEL_FLAG_BITS {
                cx.bits(item, *f, o + 2, 2, flags as u64);
            }
        }
        4 => {
            cx.uint(top, FHSS_HOPSET, o, 1, u8_at(o) as u64);
            cx.uint(top, FHSS_PATTERN, o + 1, 1, u8_at(o + 1) as u64);
        }
        5 => {
            let v = u8_at(o) as i8;
            info.signal_dbm = Some(v);
            cx.tree.add(top, DBM_ANTSIGNAL, o, 1, Value::Int(v as i64));
        }
        6 => {
            let v = u8_at(o) as i8;
            info.noise_dbm = Some(v);
            cx.tree.add(top, DBM_ANTNOISE, o, 1, Value::Int(v as i64));
        }
        7 => {
            cx.uint(top, QUALITY, o, 2, le16(o) as u64);
        }
        8 => {
            cx.uint(top, TXATTENUATION, o, 2, le16(o) as u64);
        }
        9 => {
            cx.uint(top, DB_TXATTENUATION, o, 2, le16(o) as u64);
        }
        10 => {
            cx.tree
                .add(top, TXPOWER, o, 1, Value::Int(u8_at(o) as i8 as i64));
        }
        11 => {
            cx.uint(top, ANTENNA, o, 1, u8_at(o) as u64);
        }
        12 => {
            let v = u8_at(o);
            info.signal_db = Some(v);
            cx.uint(top, DB_ANTSIGNAL, o, 1, v as u64);
        }
        13 => {
            let v = u8_at(o);
            info.noise_db = Some(v);
            cx.uint(top, DB_ANTNOISE, o, 1, v as u64);
        }
        14 => {
            let v = le16(o);
            let item = cx.uint(top, RXFLAGS, o, 2, v as u64);
            cx.bits(item, RXFLAGS_BADPLCP, o, 2, v as u64);
        }
        15 => {
            cx.uint(top, TXFLAGS, o, 2, le16(o) as u64);
        }
        17 => {
            cx.uint(top, DATA_RETRIES, o, 1, u8_at(o) as u64);
        }
        18 => {
            let flags = u32::from_le_bytes(d[o..o + 4].try_into().unwrap_or_default());
            let freq = le16(o + 4);
            cx.uint(top, XCHANNEL_FLAGS, o, 4, flags as u64);
            cx.uint(top, XCHANNEL_FREQ, o + 4, 2, freq as u64);
            cx.uint(top, XCHANNEL_CHANNEL, o + 6, 1, u8_at(o + 6) as u64);
            if info.freq.is_none() {
                info.freq = Some(freq);
            }
        }
        // Fields of known size whose contents are not shown yet (MCS, A-MPDU, VHT, HE ...).
        _ => {}
    }
}

/// Channel flag bits, in the order their subtree lists them and the Channel flags label names the set ones.
const CHANNEL_FLAG_BITS: &[(u16, fields::FieldId)] = &[
    (0x0001, CHANNEL_FLAGS_700MHZ),
    (0x0002, CHANNEL_FLAGS_800MHZ),
    (0x0004, CHANNEL_FLAGS_900MHZ),
    (0x0010, CHANNEL_FLAGS_TURBO),
    (0x0020, CHANNEL_FLAGS_CCK),
    (0x0040, CHANNEL_FLAGS_OFDM),
    (0x0080, CHANNEL_FLAGS_2GHZ),
    (0x0100, CHANNEL_FLAGS_5GHZ),
    (0x0200, CHANNEL_FLAGS_PASSIVE),
    (0x0400, CHANNEL_FLAGS_DYNAMIC),
    (0x0800, CHANNEL_FLAGS_GFSK),
    (0x1000, CHANNEL_FLAGS_GSM),
    (0x2000, CHANNEL_FLAGS_STURBO),
    (0x4000, CHANNEL_FLAGS_HALF),
    (0x8000, CHANNEL_FLAGS_QUARTER),
];
