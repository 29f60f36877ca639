//! 802.11n (HT) information elements: HT Capabilities and HT Operation ("HT Information") as tagged
//! parameters, and the pre-standard copies Broadcom's Epigram OUI carries in vendor-specific
//! elements (HT Capabilities with `(VS)` fields, HT Additional Capabilities). Fields are the `wlan`
//! protocol's.

use fields::{FieldId, ItemIdx, Value};

use super::wlan::*;
use crate::Cx;
use crate::cx::read;

/// Length of an HT Capabilities element's body.
pub const HT_CAPABILITIES_LEN: usize = 26;

/// An HT Capabilities body at `o` (`d` holds at least [`HT_CAPABILITIES_LEN`] bytes from it). `vs`
/// selects the vendor-specific copy's top-level fields; their subfields are the same.
pub fn capabilities(cx: &mut Cx, tag: ItemIdx, d: &[u8], o: usize, vs: bool) {
    let pick = |std: FieldId, vendor: FieldId| if vs { vendor } else { std };
    let caps = read::le16(d, o).unwrap_or(0) as u64;
    let c = cx.uint(tag, pick(HT_CAPABILITIES, VS_HT_CAPABILITIES), o, 2, caps);
    for f in [
        HT_CAPABILITIES_LDPCCODING,
        HT_CAPABILITIES_WIDTH,
        HT_CAPABILITIES_SM,
        HT_CAPABILITIES_GREEN,
        HT_CAPABILITIES_SHORT20,
        HT_CAPABILITIES_SHORT40,
        HT_CAPABILITIES_TXSTBC,
        HT_CAPABILITIES_RXSTBC,
        HT_CAPABILITIES_DELAYEDBLOCKACK,
        HT_CAPABILITIES_AMSDU,
        HT_CAPABILITIES_DSSCCK,
        HT_CAPABILITIES_PSMP,
        HT_CAPABILITIES_40MHZINTOLERANT,
        HT_CAPABILITIES_LSIG,
    ] {
        cx.bits(c, f, o, 2, caps);
    }
    let ampdu = d[o + 2] as u64;
    let a = cx.uint(tag, pick(HT_AMPDUPARAM, VS_HT_AMPDUPARAM), o + 2, 1, ampdu);
    let max = cx.bits(a, HT_AMPDUPARAM_MAXLENGTH, o + 2, 1, ampdu);
    let exp = ampdu & 3;
    // The largest A-MPDU is 2^(13 + exponent) - 1 bytes.
    cx.set_bits_label(
        max,
        8,
        0x03,
        ampdu,
        format_args!(
            "Maximum Rx A-MPDU Length: 0x{exp:x} ({}[Bytes])",
            (1u32 << (13 + exp)) - 1
        ),
    );
    cx.bits(a, HT_AMPDUPARAM_MPDUDENSITY, o + 2, 1, ampdu);
    cx.bits(a, HT_AMPDUPARAM_RESERVED, o + 2, 1, ampdu);
    mcs_set(cx, tag, d, o + 3, pick(HT_MCSSET, VS_HT_MCSSET), "MCS Set");
    let ext = read::le16(d, o + 19).unwrap_or(0) as u64;
    let e = cx.uint(
        tag,
        pick(HTEX_CAPABILITIES, VS_HTEX_CAPABILITIES),
        o + 19,
        2,
        ext,
    );
    for f in [
        HTEX_CAPABILITIES_PCO,
        HTEX_CAPABILITIES_TRANSTIME,
        HTEX_CAPABILITIES_MCS,
        HTEX_CAPABILITIES_HTC,
        HTEX_CAPABILITIES_RDRESPONDER,
    ] {
        cx.bits(e, f, o + 19, 2, ext);
    }
    let txbf = read::le32(d, o + 21).unwrap_or(0) as u64;
    let t = cx.uint(tag, pick(TXBF, VS_TXBF), o + 21, 4, txbf);
    for f in [
        TXBF_TXBF,
        TXBF_RXSS,
        TXBF_TXSS,
        TXBF_RXNDP,
        TXBF_TXNDP,
        TXBF_IMPLTXBF,
        TXBF_CALIBRATION,
        TXBF_CSI,
        TXBF_FM_UNCOMPRESSED_TBF,
        TXBF_FM_COMPRESSED_TBF,
        TXBF_RCSI,
        TXBF_FM_UNCOMPRESSED_RBF,
        TXBF_FM_COMPRESSED_BF,
        TXBF_MINGROUP,
        TXBF_CSINUMANT,
        TXBF_FM_UNCOMPRESSED_MAXANT,
        TXBF_FM_COMPRESSED_MAXANT,
        TXBF_CSI_MAXROWS,
        TXBF_CHANNELEST,
        TXBF_RESERVED,
    ] {
        cx.bits(t, f, o + 21, 4, txbf);
    }
    let asel = d[o + 25] as u64;
    let s = cx.uint(tag, pick(ASEL, VS_ASEL), o + 25, 1, asel);
    for f in [
        ASEL_CAPABLE,
        ASEL_TXCSI,
        ASEL_TXIF,
        ASEL_CSI,
        ASEL_IF,
        ASEL_RX,
        ASEL_SPPDU,
        ASEL_RESERVED,
    ] {
        cx.bits(s, f, o + 25, 1, asel);
    }
}

/// The 16-byte supported MCS set at `o` as `field`, whose label ends in `what` ("MCS Set", "Basic MCS
/// Set").
fn mcs_set(cx: &mut Cx, tag: ItemIdx, d: &[u8], o: usize, field: FieldId, what: &str) {
    let set = cx.tree.add(tag, field, o, 16, Value::None);
    let name = crate::registry().field(field).name;
    cx.tree.set_label(set, format_args!("{name}: {what}"));
    let bitmask = cx.tree.add(set, HT_MCSSET_RXBITMASK, o, 10, Value::None);
    // The spatial streams the receive bitmask covers: as many as its leading non-zero bytes. With
    // none, tshark 4.0 prints its value-string miss, "Reserved:8".
    let streams = d[o..o + 4].iter().take_while(|&&b| b != 0).count();
    let streams_text = match streams {
        0 => "Reserved:8".to_string(),
        1 => "1 spatial stream".to_string(),
        n => format!("{n} spatial streams"),
    };
    cx.tree.set_label(
        bitmask,
        format_args!("Rx Modulation and Coding Scheme (One bit per modulation): {streams_text}"),
    );
    let low = read::le32(d, o).unwrap_or(0) as u64;
    for f in [
        HT_MCSSET_RXBITMASK_0TO7,
        HT_MCSSET_RXBITMASK_8TO15,
        HT_MCSSET_RXBITMASK_16TO23,
        HT_MCSSET_RXBITMASK_24TO31,
    ] {
        cx.bits(bitmask, f, o, 4, low);
    }
    let mid = read::le32(d, o + 4).unwrap_or(0) as u64;
    for f in [
        HT_MCSSET_RXBITMASK_32,
        HT_MCSSET_RXBITMASK_33TO38,
        HT_MCSSET_RXBITMASK_39TO52,
    ] {
        cx.bits(bitmask, f, o + 4, 4, mid);
    }
    let high = read::le32(d, o + 6).unwrap_or(0) as u64;
    cx.bits(bitmask, HT_MCSSET_RXBITMASK_53TO76, o + 6, 4, high);
    let rate = read::le16(d, o + 10).unwrap_or(0) as u64;
    cx.bits(set, HT_MCSSET_HIGHESTDATARATE, o + 10, 2, rate);
    let tx = d[o + 12] as u64;
    cx.bits(set, HT_MCSSET_TXSETDEFINED, o + 12, 1, tx);
    cx.bits(set, HT_MCSSET_TXRXMCSNOTEQUAL, o + 12, 1, tx);
    let ss = cx.bits(set, HT_MCSSET_TXMAXSS, o + 12, 1, tx);
    let n = (tx >> 2) & 3;
    if tx & 1 == 0 {
        cx.set_bits_label(
            ss,
            16,
            0x0c,
            tx,
            format_args!(
                "Maximum Number of Tx Spatial Streams Supported: 0x{n:x}, TX MCS Set Not Defined"
            ),
        );
    } else {
        let streams = if n == 0 {
            "1 spatial stream".to_string()
        } else {
            format!("{} spatial streams", n + 1)
        };
        cx.set_bits_label(
            ss,
            16,
            0x0c,
            tx,
            format_args!("Maximum Number of Tx Spatial Streams Supported: 0x{n:x}, {streams}"),
        );
    }
    cx.bits(set, HT_MCSSET_TXUNEQUALMOD, o + 12, 1, tx);
}

/// Length of an HT Information (operation) element's body.
pub const HT_INFORMATION_LEN: usize = 22;

/// An HT Information body at `o` (at least [`HT_INFORMATION_LEN`] bytes).
pub fn information(cx: &mut Cx, tag: ItemIdx, d: &[u8], o: usize) {
    cx.uint(tag, HT_INFO_PRIMARYCHANNEL, o, 1, d[o] as u64);
    let b1 = d[o + 1] as u64;
    let s1 = cx.uint(tag, HT_INFO_DELIM1, o + 1, 1, b1);
    for f in [
        HT_INFO_SECCHANOFFSET,
        HT_INFO_CHANWIDTH,
        HT_INFO_RIFS,
        HT_INFO_RESERVED_B4_B7,
    ] {
        cx.bits(s1, f, o + 1, 1, b1);
    }
    let b2 = read::le16(d, o + 2).unwrap_or(0) as u64;
    let s2 = cx.uint(tag, HT_INFO_DELIM2, o + 2, 2, b2);
    for f in [
        HT_INFO_HT_PROTECTION,
        HT_INFO_GREENFIELD,
        HT_INFO_RESERVED_B11,
        HT_INFO_OBSSNONHT,
        HT_INFO_CHAN_CENTER_FREQ_SEG_2,
        HT_INFO_RESERVED_B21_B23,
    ] {
        cx.bits(s2, f, o + 2, 2, b2);
    }
    let b3 = read::le16(d, o + 4).unwrap_or(0) as u64;
    let s3 = cx.uint(tag, HT_INFO_DELIM3, o + 4, 2, b3);
    for f in [
        HT_INFO_RESERVED_B24_B29,
        HT_INFO_DUALBEACON,
        HT_INFO_DUALCTS,
        HT_INFO_SECONDARYBEACON,
        HT_INFO_LSIGPROTSUPPORT,
        HT_INFO_PCO_ACTIVE,
        HT_INFO_PCO_PHASE,
        HT_INFO_RESERVED_B36_B39,
    ] {
        cx.bits(s3, f, o + 4, 2, b3);
    }
    mcs_set(cx, tag, d, o + 6, HT_MCSSET, "Basic MCS Set");
}

/// Epigram's pre-standard HT Additional Capabilities body at `o` (the HT Information layout, at
/// least [`HT_INFORMATION_LEN`] bytes), with its own fields.
pub fn additional_capabilities(cx: &mut Cx, tag: ItemIdx, d: &[u8], o: usize) {
    cx.uint(tag, HTA_CONTROL_CHANNEL, o, 1, d[o] as u64);
    let b1 = d[o + 1] as u64;
    let c1 = cx.uint(tag, HTA_CAPABILITIES, o + 1, 1, b1);
    for f in [
        HTA_CAPABILITIES_EXT_CHAN_OFFSET,
        HTA_CAPABILITIES_REC_TX_WIDTH,
        HTA_CAPABILITIES_RIFS_MODE,
        HTA_CAPABILITIES_CONTROLLED_ACCESS,
        HTA_CAPABILITIES_SERVICE_INTERVAL,
    ] {
        cx.bits(c1, f, o + 1, 1, b1);
    }
    // The two 16-bit words are shown through the 8-bit field with four hex digits. tshark's
    // `-T fields` prints them with four digits too, which this registry's per-field formatting does
    // not (it prints `0x19` for tshark's `0x0019`).
    let b2 = read::le16(d, o + 2).unwrap_or(0) as u64;
    let c2 = cx.uint(tag, HTA_CAPABILITIES, o + 2, 2, b2);
    cx.tree
        .set_label(c2, format_args!("HT Additional Capabilities: 0x{b2:04x}"));
    cx.bits(c2, HTA_CAPABILITIES_OPERATING_MODE, o + 2, 2, b2);
    cx.bits(c2, HTA_CAPABILITIES_NON_GF_DEVICES, o + 2, 2, b2);
    let b3 = read::le16(d, o + 4).unwrap_or(0) as u64;
    let c3 = cx.uint(tag, HTA_CAPABILITIES, o + 4, 2, b3);
    cx.tree
        .set_label(c3, format_args!("HT Additional Capabilities: 0x{b3:04x}"));
    for f in [
        HTA_CAPABILITIES_BASIC_STBC_MCS,
        HTA_CAPABILITIES_DUAL_STBC_PROTECTION,
        HTA_CAPABILITIES_SECONDARY_BEACON,
        HTA_CAPABILITIES_LSIG_TXOP_PROTECTION,
        HTA_CAPABILITIES_PCO_ACTIVE,
        HTA_CAPABILITIES_PCO_PHASE,
    ] {
        cx.bits(c3, f, o + 4, 2, b3);
    }
    mcs_set(cx, tag, d, o + 6, VS_HT_MCSSET, "MCS Set");
}
