//! The body of an IEEE 802.11 management frame (`wlan.mgt`): the fixed parameters its subtype has,
//! then tagged parameters (information elements), as Wireshark 4.0 shows them. The fields are the
//! `wlan` protocol's (see [`super::wlan`]); EAPOL-Key data reuses the tag dissection.

use fields::{ItemIdx, Value};

use super::wlan::*;
use super::wlan_tables::TAG_NAMES;
use crate::Cx;
use crate::cx::read;

/// Subtypes of management frames whose fixed parameters differ.
const ASSOC_REQ: u8 = 0;
const ASSOC_RESP: u8 = 1;
const REASSOC_REQ: u8 = 2;
const REASSOC_RESP: u8 = 3;
const PROBE_RESP: u8 = 5;
const BEACON: u8 = 8;
const DISASSOC: u8 = 10;
const AUTH: u8 = 11;
const DEAUTH: u8 = 12;

/// The management body at `offset` (`data` ends before the FCS, or where the capture stopped),
/// beside the 802.11 item `wlan`; on the wire it ended at `reported_end`.
pub fn dissect(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    wlan: ItemIdx,
    subtype: u8,
    reported_end: usize,
) {
    let len = data.len() - offset;
    let parent = cx.layer_parent(wlan);
    let top = cx.tree.add(parent, MGT, offset, len, Value::None);
    let fixed_len = match subtype {
        ASSOC_REQ => 4,
        ASSOC_RESP | REASSOC_RESP => 6,
        REASSOC_REQ => 10,
        PROBE_RESP | BEACON => 12,
        DISASSOC | DEAUTH => 2,
        AUTH => 6,
        _ => 0,
    };
    if fixed_len > 0 {
        let fixed = cx
            .tree
            .add(top, FIXED_ALL, offset, fixed_len.min(len), Value::None);
        cx.tree
            .set_label(fixed, format_args!("Fixed parameters ({fixed_len} bytes)"));
        fixed_parameters(cx, fixed, data, offset, subtype);
        if len < fixed_len {
            cx.cut_short(offset, data.len(), "IEEE 802.11");
            return;
        }
    }
    let tags = offset + fixed_len;
    if tags < data.len() {
        // The heading counts the bytes sent, captured or not.
        let n = reported_end.max(data.len()) - tags;
        let all = cx
            .tree
            .add(top, TAGGED_ALL, tags, data.len() - tags, Value::None);
        cx.tree
            .set_label(all, format_args!("Tagged parameters ({n} bytes)"));
        tagged_parameters(cx, data, tags, all, true, reported_end);
    } else if reported_end > tags && cx.lost_to_snaplen(data.len()) {
        // The capture stopped right before the tagged parameters.
        cx.short(tags, "IEEE 802.11 truncated");
    }
}

/// The fixed parameters of `subtype` at `o`. In a frame the capture cut short, the fields that were
/// captured, up to the first that was not (as tshark adds them until its exception).
fn fixed_parameters(cx: &mut Cx, fixed: ItemIdx, d: &[u8], o: usize, subtype: u8) {
    let le16 = |o: usize| read::le16(d, o).map(u64::from);
    match subtype {
        ASSOC_REQ | REASSOC_REQ => {
            let Some(caps) = le16(o) else { return };
            capabilities(cx, fixed, o, caps);
            let Some(listen) = le16(o + 2) else { return };
            cx.uint(fixed, FIXED_LISTEN_IVAL, o + 2, 2, listen);
            if subtype == REASSOC_REQ
                && let Some(ap) = read::array::<6>(d, o + 4)
            {
                cx.tree
                    .add(fixed, FIXED_CURRENT_AP, o + 4, 6, Value::Ether(ap));
            }
        }
        ASSOC_RESP | REASSOC_RESP => {
            let Some(caps) = le16(o) else { return };
            capabilities(cx, fixed, o, caps);
            let Some(status) = le16(o + 2) else { return };
            cx.uint(fixed, FIXED_STATUS_CODE, o + 2, 2, status);
            let Some(aid) = le16(o + 4) else { return };
            cx.bits(fixed, FIXED_AID, o + 4, 2, aid);
        }
        PROBE_RESP | BEACON => {
            let Some(ts) = read::array::<8>(d, o) else {
                return;
            };
            cx.uint(fixed, FIXED_TIMESTAMP, o, 8, u64::from_le_bytes(ts));
            let Some(interval) = le16(o + 8) else { return };
            let item = cx.uint(fixed, FIXED_BEACON, o + 8, 2, interval);
            // In time units of 1024 µs.
            cx.tree.set_label(
                item,
                format_args!(
                    "Beacon Interval: {:.6} [Seconds]",
                    interval as f64 * 1024.0 / 1_000_000.0
                ),
            );
            cx.append_info(format_args!(", BI={interval}"));
            let Some(caps) = le16(o + 10) else { return };
            capabilities(cx, fixed, o + 10, caps);
        }
        DISASSOC | DEAUTH => {
            let Some(reason) = le16(o) else { return };
            cx.uint(fixed, FIXED_REASON_CODE, o, 2, reason);
        }
        AUTH => {
            for (i, field) in [FIXED_AUTH_ALG, FIXED_AUTH_SEQ, FIXED_STATUS_CODE]
                .into_iter()
                .enumerate()
            {
                let Some(v) = le16(o + 2 * i) else { return };
                cx.uint(fixed, field, o + 2 * i, 2, v);
            }
        }
        _ => {}
    }
}

fn capabilities(cx: &mut Cx, parent: ItemIdx, o: usize, v: u64) {
    let item = cx.uint(parent, FIXED_CAPABILITIES, o, 2, v);
    for f in [
        FIXED_CAPABILITIES_ESS,
        FIXED_CAPABILITIES_IBSS,
        FIXED_CAPABILITIES_RESERVED1,
        FIXED_CAPABILITIES_RESERVED2,
        FIXED_CAPABILITIES_PRIVACY,
        FIXED_CAPABILITIES_SHORT_PREAMBLE,
        FIXED_CAPABILITIES_RESERVED3,
        FIXED_CAPABILITIES_RESERVED4,
        FIXED_CAPABILITIES_SPEC_MAN,
        FIXED_CAPABILITIES_QOS,
        FIXED_CAPABILITIES_SHORT_SLOT_TIME,
        FIXED_CAPABILITIES_APSD,
        FIXED_CAPABILITIES_RADIO_MEASUREMENT,
        FIXED_CAPABILITIES_EPD,
        FIXED_CAPABILITIES_RESERVED5,
        FIXED_CAPABILITIES_RESERVED6,
    ] {
        cx.bits(item, f, o, 2, v);
    }
}

/// Tagged parameters from `o` to the end of `data`, under `parent`. In a management frame
/// (`in_mgt`) an SSID also goes to the Info column. On the wire they ran to `reported_end`: when the
/// capture stopped before, what it cut off is flagged as tshark does.
pub fn tagged_parameters(
    cx: &mut Cx,
    data: &[u8],
    mut o: usize,
    parent: ItemIdx,
    in_mgt: bool,
    reported_end: usize,
) {
    // Whether the elements were cut by the snapshot length rather than sent short.
    let cut = reported_end > data.len() && cx.lost_to_snaplen(data.len());
    if cut && o >= data.len() {
        cx.short(o, "IEEE 802.11 truncated");
        return;
    }
    while o < data.len() {
        let Some(number) = read::u8(data, o) else {
            break;
        };
        if cut && read::u8(data, o + 1).is_none_or(|len| o + 2 + len as usize > data.len()) {
            // The capture stopped inside this element: its number and length, when captured, and
            // the note (tshark also shows the fields that fit before the end; these do not).
            if let Some(len) = read::u8(data, o + 1) {
                let tag = cx.tree.add(parent, TAG, o, data.len() - o, Value::None);
                cx.uint(tag, TAG_NUMBER, o, 1, number as u64);
                cx.uint(tag, TAG_LENGTH, o + 1, 1, len as u64);
                let name = fields::Strings::Values(TAG_NAMES)
                    .name_of(number as u64)
                    .unwrap_or("Reserved");
                let mut label = format!("Tag: {name}");
                // A vendor element's OUI and type, when they were captured.
                if number == 221
                    && let Some(oui) = read::be24(data, o + 2)
                {
                    let item = cx.uint(tag, TAG_OUI, o + 2, 3, oui as u64);
                    super::llc::oui_label(cx, item, oui);
                    label.push_str(": ");
                    label.push_str(super::llc::oui_name(oui).unwrap_or("Unknown"));
                    if let Some(kind) = read::u8(data, o + 5) {
                        cx.uint(tag, TAG_VENDOR_OUI_TYPE, o + 5, 1, kind as u64);
                    }
                }
                cx.tree.set_label(tag, format_args!("{label}"));
            }
            cx.short(o, "IEEE 802.11 truncated");
            return;
        }
        let Some(len) = read::u8(data, o + 1) else {
            let tag = cx.tree.add(parent, TAG, o, 1, Value::None);
            cx.uint(tag, TAG_NUMBER, o, 1, number as u64);
            cx.malformed(o, "802.11 tag cut short");
            return;
        };
        let len = len as usize;
        let body = o + 2;
        if body + len > data.len() {
            let tag = cx.tree.add(parent, TAG, o, data.len() - o, Value::None);
            cx.uint(tag, TAG_NUMBER, o, 1, number as u64);
            cx.uint(tag, TAG_LENGTH, o + 1, 1, len as u64);
            cx.malformed(o, "802.11 tag length past the end");
            return;
        }
        let tag = cx.tree.add(parent, TAG, o, 2 + len, Value::None);
        cx.uint(tag, TAG_NUMBER, o, 1, number as u64);
        cx.uint(tag, TAG_LENGTH, o + 1, 1, len as u64);
        let name = fields::Strings::Values(TAG_NAMES)
            .name_of(number as u64)
            .unwrap_or("Reserved");
        let summary = tag_body(cx, tag, &data[..body + len], body, number, in_mgt);
        if tag.is_stored() {
            cx.tree.set_label(tag, format_args!("Tag: {name}{summary}"));
        }
        o = body + len;
    }
    if cut {
        // The capture stopped right after an element, before the next.
        cx.short(o, "IEEE 802.11 truncated");
    }
}

/// One tag's contents at `o` (`d` ends with the tag), under `tag`; returns what its label says after
/// the tag's name.
fn tag_body(cx: &mut Cx, tag: ItemIdx, d: &[u8], o: usize, number: u8, in_mgt: bool) -> String {
    let len = d.len() - o;
    let u8_at = |i: usize| d[o + i];
    match number {
        0 => {
            let ssid = &d[o..];
            let shown = if ssid.is_empty() {
                "Wildcard (Broadcast)".to_string()
            } else {
                String::from_utf8_lossy(ssid).into_owned()
            };
            let item = cx.tree.add(tag, SSID, o, len, Value::Bytes);
            cx.tree.set_label(item, format_args!("SSID: \"{shown}\""));
            if in_mgt {
                cx.append_info(format_args!(", SSID=\"{shown}\""));
            }
            format!(": \"{shown}\"")
        }
        1 | 50 => {
            let field = if number == 1 {
                SUPPORTED_RATES
            } else {
                EXTENDED_SUPPORTED_RATES
            };
            let mut summary = String::from(" ");
            for i in 0..len {
                let v = u8_at(i);
                let rate = rate_name(v);
                let item = cx.uint(tag, field, o + i, 1, v as u64);
                let label = crate::registry().field(field).name;
                cx.tree
                    .set_label(item, format_args!("{label}: {rate} (0x{v:02x})"));
                summary.push_str(&rate);
                summary.push_str(", ");
            }
            summary.push_str("[Mbit/sec]");
            summary
        }
        3 if len >= 1 => {
            cx.uint(tag, DS_CURRENT_CHANNEL, o, 1, u8_at(0) as u64);
            format!(": Current Channel: {}", u8_at(0))
        }
        5 if len >= 4 => {
            let (count, period, ctl) = (u8_at(0), u8_at(1), u8_at(2));
            cx.uint(tag, TIM_DTIM_COUNT, o, 1, count as u64);
            cx.uint(tag, TIM_DTIM_PERIOD, o + 1, 1, period as u64);
            let c = cx.uint(tag, TIM_BMAPCTL, o + 2, 1, ctl as u64);
            cx.bits(c, TIM_BMAPCTL_MULTICAST, o + 2, 1, ctl as u64);
            cx.bits(c, TIM_BMAPCTL_OFFSET, o + 2, 1, ctl as u64);
            cx.tree.add(
                tag,
                TIM_PARTIAL_VIRTUAL_BITMAP,
                o + 3,
                len - 3,
                Value::Bytes,
            );
            format!(": DTIM {count} of {period} bitmap")
        }
        7 if len >= 3 => {
            let code = String::from_utf8_lossy(&d[o..o + 2]).into_owned();
            cx.string(tag, COUNTRY_INFO_CODE, d, o, 2);
            let env = u8_at(2);
            cx.uint(tag, COUNTRY_INFO_ENVIRONMENT, o + 2, 1, env as u64);
            let mut i = 3;
            while i + 3 <= len {
                let (first, n, power) = (u8_at(i), u8_at(i + 1), u8_at(i + 2) as i8);
                let t = cx.tree.add(tag, COUNTRY_INFO_FNM, o + i, 3, Value::None);
                cx.tree.set_label(
                    t,
                    format_args!(
                        "Country Info: First Channel Number: {first}, Number of Channels: {n}, Maximum Transmit Power Level: {power} dBm"
                    ),
                );
                cx.uint(t, COUNTRY_INFO_FNM_FCN, o + i, 1, first as u64);
                cx.uint(t, COUNTRY_INFO_FNM_NC, o + i + 1, 1, n as u64);
                cx.tree.add(
                    t,
                    COUNTRY_INFO_FNM_MTPL,
                    o + i + 2,
                    1,
                    Value::Int(power as i64),
                );
                i += 3;
            }
            let env_name = fields::Strings::Values(super::wlan_tables::COUNTRY_ENVIRONMENT_NAMES)
                .name_of(env as u64)
                .unwrap_or("Unknown");
            format!(": Country Code {code}, Environment {env_name}")
        }
        16 => {
            cx.tree.add(tag, TAG_CHALLENGE_TEXT, o, len, Value::Bytes);
            String::new()
        }
        33 if len >= 2 => {
            let (min, max) = (u8_at(0) as i8, u8_at(1) as i8);
            cx.tree.add(tag, POWERCAP_MIN, o, 1, Value::Int(min as i64));
            cx.tree
                .add(tag, POWERCAP_MAX, o + 1, 1, Value::Int(max as i64));
            format!(" Min: {min}, Max: {max}")
        }
        36 => {
            let mut i = 0;
            let mut n = 1;
            while i + 2 <= len {
                let (first, range) = (u8_at(i), u8_at(i + 1));
                let s = cx.tree.add(tag, SUPCHAN, o + i, 2, Value::None);
                cx.tree.set_label(
                    s,
                    format_args!("Supported Channels Set #{n} First: {first}, Range: {range} "),
                );
                cx.uint(s, SUPCHAN_FIRST, o + i, 1, first as u64);
                cx.uint(s, SUPCHAN_RANGE, o + i + 1, 1, range as u64);
                i += 2;
                n += 1;
            }
            String::new()
        }
        42 if len >= 1 => {
            let v = u8_at(0) as u64;
            let e = cx.uint(tag, ERP_INFO, o, 1, v);
            for f in [
                ERP_INFO_ERP_PRESENT,
                ERP_INFO_USE_PROTECTION,
                ERP_INFO_BARKER_PREAMBLE_MODE,
                ERP_INFO_RESERVED,
            ] {
                cx.bits(e, f, o, 1, v);
            }
            String::new()
        }
        45 if len >= super::wlan_ht::HT_CAPABILITIES_LEN => {
            super::wlan_ht::capabilities(cx, tag, d, o, false);
            String::new()
        }
        61 if len >= super::wlan_ht::HT_INFORMATION_LEN => {
            super::wlan_ht::information(cx, tag, d, o);
            String::new()
        }
        107 if len >= 1 => {
            let ant = u8_at(0) as u64;
            for f in [
                INTERWORKING_ACCESS_NETWORK_TYPE,
                INTERWORKING_INTERNET,
                INTERWORKING_ASRA,
                INTERWORKING_ESR,
                INTERWORKING_UESA,
            ] {
                cx.bits(tag, f, o, 1, ant);
            }
            // The HESSID ends the element when it is there (7 bytes without venue information).
            if len == 7 {
                let h = read::array::<6>(d, o + 1).unwrap_or_default();
                cx.tree
                    .add(tag, INTERWORKING_HESSID, o + 1, 6, Value::Ether(h));
            }
            String::new()
        }
        127 => {
            for i in 0..len.min(4) {
                let v = u8_at(i) as u64;
                let item = cx.uint(tag, EXTCAP, o + i, 1, v);
                cx.tree.set_label(
                    item,
                    format_args!("Extended Capabilities: 0x{v:02x} (octet {})", i + 1),
                );
                for f in &EXTCAP_BITS[i * 8..i * 8 + 8] {
                    cx.bits(item, *f, o + i, 1, v);
                }
            }
            format!(" ({len} octets)")
        }
        221 if len >= 3 => vendor_specific(cx, tag, d, o),
        _ => String::new(),
    }
}

/// A supported rate as Wireshark names it: half-megabits with "(B)" for a basic rate.
fn rate_name(v: u8) -> String {
    let half = (v & 0x7f) as u32;
    let rate = if half.is_multiple_of(2) {
        (half / 2).to_string()
    } else {
        format!("{}.5", half / 2)
    };
    if v & 0x80 != 0 {
        format!("{rate}(B)")
    } else {
        rate
    }
}

const OUI_MICROSOFT: u32 = 0x00_50f2;
const OUI_EPIGRAM: u32 = 0x00_904c;
const OUI_ATHEROS: u32 = 0x00_037f;

/// The bits of the first four octets of an Extended Capabilities element, in order.
const EXTCAP_BITS: [fields::FieldId; 32] = [
    EXTCAP_B0, EXTCAP_B1, EXTCAP_B2, EXTCAP_B3, EXTCAP_B4, EXTCAP_B5, EXTCAP_B6, EXTCAP_B7,
    EXTCAP_B8, EXTCAP_B9, EXTCAP_B10, EXTCAP_B11, EXTCAP_B12, EXTCAP_B13, EXTCAP_B14, EXTCAP_B15,
    EXTCAP_B16, EXTCAP_B17, EXTCAP_B18, EXTCAP_B19, EXTCAP_B20, EXTCAP_B21, EXTCAP_B22, EXTCAP_B23,
    EXTCAP_B24, EXTCAP_B25, EXTCAP_B26, EXTCAP_B27, EXTCAP_B28, EXTCAP_B29, EXTCAP_B30, EXTCAP_B31,
];

/// The Atheros capability bits, as the advanced-capability and extended-range elements carry them.
const ATHEROS_CAPABILITY_BITS: [fields::FieldId; 8] = [
    IE_ATHEROS_CAPABILITIES_TURBOP,
    IE_ATHEROS_CAPABILITIES_COMP,
    IE_ATHEROS_CAPABILITIES_FF,
    IE_ATHEROS_CAPABILITIES_XR,
    IE_ATHEROS_CAPABILITIES_AR,
    IE_ATHEROS_CAPABILITIES_BURST,
    IE_ATHEROS_CAPABILITIES_WME,
    IE_ATHEROS_CAPABILITIES_BOOST,
];

/// An Atheros element from its type byte at `o`: type, subtype, version, then the advanced
/// capability or extended range contents; what is left is shown as Atheros data. Returns the
/// type's name for the tag's label.
fn atheros(cx: &mut Cx, tag: ItemIdx, d: &[u8], o: usize) -> Option<&'static str> {
    let kind = read::u8(d, o)?;
    cx.uint(tag, ATHEROS_IE_TYPE, o, 1, kind as u64);
    let name = match kind {
        1 => "Advanced Capability",
        3 => "eXtended Range",
        _ => "Unknown",
    };
    let (Some(subtype), Some(version)) = (read::u8(d, o + 1), read::u8(d, o + 2)) else {
        return Some(name);
    };
    cx.uint(tag, ATHEROS_IE_SUBTYPE, o + 1, 1, subtype as u64);
    cx.uint(tag, ATHEROS_IE_VERSION, o + 2, 1, version as u64);
    let mut at = o + 3;
    let caps = |cx: &mut Cx, field, at: usize| {
        let v = d[at] as u64;
        let item = cx.uint(tag, field, at, 1, v);
        for f in ATHEROS_CAPABILITY_BITS {
            cx.bits(item, f, at, 1, v);
        }
    };
    match kind {
        1 if d.len() >= at + 3 => {
            caps(cx, ATHEROS_IE_ADVCAP_CAP, at);
            let key = read::le16(d, at + 1).unwrap_or(0);
            cx.uint(tag, ATHEROS_IE_ADVCAP_DEFKEY, at + 1, 2, key as u64);
            at += 3;
        }
        3 if d.len() >= at + 17 => {
            cx.uint(tag, ATHEROS_IE_XR_INFO, at, 1, d[at] as u64);
            for (field, from) in [
                (ATHEROS_IE_XR_BASE_BSSID, at + 1),
                (ATHEROS_IE_XR_XR_BSSID, at + 7),
            ] {
                let m = read::array::<6>(d, from).unwrap_or_default();
                cx.tree.add(tag, field, from, 6, Value::Ether(m));
            }
            let interval = read::le16(d, at + 13).unwrap_or(0);
            let item = cx.uint(tag, ATHEROS_IE_XR_XR_BEACON, at + 13, 2, interval as u64);
            cx.tree.set_label(
                item,
                format_args!(
                    "XR Beacon Interval: {:.6} [Seconds]",
                    interval as f64 * 1024.0 / 1_000_000.0
                ),
            );
            caps(cx, ATHEROS_IE_XR_BASE_CAP, at + 15);
            caps(cx, ATHEROS_IE_XR_XR_CAP, at + 16);
            at += 17;
        }
        _ => {}
    }
    if at < d.len() {
        cx.tree
            .add(tag, ATHEROS_DATA, at, d.len() - at, Value::Bytes);
    }
    Some(name)
}

/// A vendor-specific element: the OUI, the vendor's type, and for Microsoft's WPA and WMM elements
/// their contents; other vendors' data is shown as bytes.
fn vendor_specific(cx: &mut Cx, tag: ItemIdx, d: &[u8], o: usize) -> String {
    let oui = read::be24(d, o).unwrap_or(0);
    let item = cx.uint(tag, TAG_OUI, o, 3, oui as u64);
    super::llc::oui_label(cx, item, oui);
    let vendor = super::llc::oui_name(oui).unwrap_or("Unknown");
    let mut summary = format!(": {vendor}");
    let Some(kind) = read::u8(d, o + 3) else {
        return summary;
    };
    cx.uint(tag, TAG_VENDOR_OUI_TYPE, o + 3, 1, kind as u64);
    let rest = o + 4;
    match oui {
        OUI_MICROSOFT => {
            cx.uint(tag, WFA_IE_TYPE, o + 3, 1, kind as u64);
            match kind {
                1 => {
                    summary.push_str(": WPA Information Element");
                    wpa_ie(cx, tag, d, rest);
                }
                2 => {
                    summary.push_str(": WMM/WME");
                    if let Some(sub) = wme(cx, tag, d, rest) {
                        summary.push_str(": ");
                        summary.push_str(sub);
                    }
                }
                4 => {
                    summary.push_str(": WPS");
                    super::wps::attributes(cx, tag, d, rest);
                }
                k => summary.push_str(&format!(": Unknown {k}")),
            }
        }
        OUI_EPIGRAM => {
            // Pre-802.11n HT elements: the type byte is also the HT element's type.
            cx.uint(tag, VS_PREN_TYPE, o + 3, 1, kind as u64);
            let left = d.len() - rest;
            match kind {
                51 => {
                    summary.push_str(": HT Capabilities (802.11n D1.10)");
                    if left >= super::wlan_ht::HT_CAPABILITIES_LEN {
                        super::wlan_ht::capabilities(cx, tag, d, rest, true);
                    }
                }
                52 => {
                    summary.push_str(": HT Additional Capabilities (802.11n D1.00)");
                    if left >= super::wlan_ht::HT_INFORMATION_LEN {
                        super::wlan_ht::additional_capabilities(cx, tag, d, rest);
                    }
                }
                _ => {}
            }
        }
        OUI_ATHEROS => {
            if let Some(name) = atheros(cx, tag, d, o + 3) {
                summary.push_str(": ");
                summary.push_str(name);
            }
        }
        // Other vendors' data is shown from their type byte on.
        _ => {
            cx.tree
                .add(tag, TAG_VENDOR_DATA, o + 3, d.len() - o - 3, Value::Bytes);
        }
    }
    summary
}

/// A cipher or AKM suite selector at `o`: the suite (`field`, labelled with its OUI and type name)
/// with the OUI and type under it. Returns the label's text after the field name.
fn suite(
    cx: &mut Cx,
    parent: ItemIdx,
    d: &[u8],
    o: usize,
    [field, oui_field, type_field]: [fields::FieldId; 3],
    names: &'static [(u64, &'static str)],
) -> Option<String> {
    let v = read::be32(d, o)?;
    let oui = v >> 8;
    let kind = v & 0xff;
    let type_name = fields::Strings::Values(names)
        .name_of(kind as u64)
        .unwrap_or("Unknown");
    let [_, a, b, c] = oui.to_be_bytes();
    let vendor = super::llc::oui_name(oui).unwrap_or("Unknown");
    let text = format!("{a:02x}:{b:02x}:{c:02x} ({vendor}) {type_name}");
    let s = cx.uint(parent, field, o, 4, v as u64);
    let name = crate::registry().field(field).name;
    cx.tree.set_label(s, format_args!("{name}: {text}"));
    let oi = cx.uint(s, oui_field, o, 3, oui as u64);
    super::llc::oui_label(cx, oi, oui);
    cx.uint(s, type_field, o + 3, 1, kind as u64);
    Some(text)
}

/// Microsoft's WPA element after its type: version, multicast suite, unicast and AKM suite lists.
fn wpa_ie(cx: &mut Cx, tag: ItemIdx, d: &[u8], mut o: usize) {
    use super::wlan_tables::{WPA_AKM_NAMES, WPA_CIPHER_NAMES};
    let Some(version) = read::le16(d, o) else {
        return;
    };
    cx.uint(tag, WFA_IE_WPA_VERSION, o, 2, version as u64);
    o += 2;
    let mcs = [WFA_IE_WPA_MCS, WFA_IE_WPA_MCS_OUI, WFA_IE_WPA_MCS_TYPE];
    if suite(cx, tag, d, o, mcs, WPA_CIPHER_NAMES).is_none() {
        return;
    }
    o += 4;
    let lists = [
        (
            WFA_IE_WPA_UCS_COUNT,
            WFA_IE_WPA_UCS_LIST,
            [WFA_IE_WPA_UCS, WFA_IE_WPA_UCS_OUI, WFA_IE_WPA_UCS_TYPE],
            WPA_CIPHER_NAMES,
        ),
        (
            WFA_IE_WPA_AKMS_COUNT,
            WFA_IE_WPA_AKMS_LIST,
            [WFA_IE_WPA_AKMS, WFA_IE_WPA_AKMS_OUI, WFA_IE_WPA_TYPE],
            WPA_AKM_NAMES,
        ),
    ];
    for (count_field, list_field, fields3, names) in lists {
        let Some(count) = read::le16(d, o) else {
            return;
        };
        cx.uint(tag, count_field, o, 2, count as u64);
        o += 2;
        let n = (count as usize).min(d.len().saturating_sub(o) / 4);
        let list = cx.tree.add(tag, list_field, o, n * 4, Value::None);
        let mut texts = Vec::new();
        for i in 0..n {
            if let Some(t) = suite(cx, list, d, o + i * 4, fields3, names) {
                texts.push(t);
            }
        }
        let name = crate::registry().field(list_field).name;
        cx.tree
            .set_label(list, format_args!("{name} {}", texts.join(" ")));
        o += n * 4;
    }
}

/// A WMM/WME element after its type: subtype, version, QoS info, and for a parameter element the
/// four access categories' parameters. Returns the subtype's name.
fn wme(cx: &mut Cx, tag: ItemIdx, d: &[u8], o: usize) -> Option<&'static str> {
    let sub = read::u8(d, o)?;
    cx.uint(tag, WFA_IE_WME_SUBTYPE, o, 1, sub as u64);
    let name = match sub {
        0 => "Information Element",
        1 => "Parameter Element",
        2 => "TSPEC Element",
        _ => return None,
    };
    let version = read::u8(d, o + 1)?;
    cx.uint(tag, WFA_IE_WME_VERSION, o + 1, 1, version as u64);
    let qos = read::u8(d, o + 2)? as u64;
    let q = cx.uint(tag, WFA_IE_WME_QOS_INFO, o + 2, 1, qos);
    match sub {
        0 => {
            // A station's QoS info.
            for f in [
                WFA_IE_WME_QOS_INFO_STA_MAX_SP_LENGTH,
                WFA_IE_WME_QOS_INFO_STA_AC_BE,
                WFA_IE_WME_QOS_INFO_STA_AC_BK,
                WFA_IE_WME_QOS_INFO_STA_AC_VI,
                WFA_IE_WME_QOS_INFO_STA_AC_VO,
                WFA_IE_WME_QOS_INFO_STA_RESERVED,
            ] {
                cx.bits(q, f, o + 2, 1, qos);
            }
        }
        1 => {
            // An AP's QoS info, a reserved byte, and four AC parameter records.
            for f in [
                WFA_IE_WME_QOS_INFO_AP_U_APSD,
                WFA_IE_WME_QOS_INFO_AP_PARAMETER_SET_COUNT,
                WFA_IE_WME_QOS_INFO_AP_RESERVED,
            ] {
                cx.bits(q, f, o + 2, 1, qos);
            }
            if o + 4 > d.len() {
                return Some(name);
            }
            cx.tree
                .add(tag, WFA_IE_WME_RESERVED, o + 3, 1, Value::Bytes);
            let mut a = o + 4;
            while a + 4 <= d.len() {
                ac_parameters(cx, tag, d, a);
                a += 4;
            }
        }
        _ => {}
    }
    Some(name)
}

/// One access category's parameter record at `a` (4 bytes).
fn ac_parameters(cx: &mut Cx, tag: ItemIdx, d: &[u8], a: usize) {
    let aci_aifsn = d[a] as u64;
    let ecw = d[a + 1] as u64;
    let txop = u16::from_le_bytes([d[a + 2], d[a + 3]]) as u64;
    let aci = (aci_aifsn >> 5) & 3;
    let acm = aci_aifsn & 0x10 != 0;
    let aifsn = aci_aifsn & 0xf;
    let (ecw_min, ecw_max) = (ecw & 0xf, ecw >> 4);
    let (cw_min, cw_max) = ((1u64 << ecw_min) - 1, (1u64 << ecw_max) - 1);
    let aci_name = ["Best Effort", "Background", "Video", "Voice"][aci as usize];
    let acp = cx.tree.add(tag, WFA_IE_WME_ACP, a, 4, Value::None);
    cx.tree.set_label(
        acp,
        format_args!(
            "Ac Parameters ACI {aci} ({aci_name}), ACM {}, AIFSN {aifsn}, ECWmin/max {ecw_min}/{ecw_max} (CWmin/max {cw_min}/{cw_max}), TXOP {txop}",
            if acm { "yes" } else { "no" }
        ),
    );
    let f = cx.uint(acp, WFA_IE_WME_ACP_ACI_AIFSN, a, 1, aci_aifsn);
    for field in [
        WFA_IE_WME_ACP_AIFSN,
        WFA_IE_WME_ACP_ACM,
        WFA_IE_WME_ACP_ACI,
        WFA_IE_WME_ACP_RESERVED,
    ] {
        cx.bits(f, field, a, 1, aci_aifsn);
    }
    let e = cx.uint(acp, WFA_IE_WME_ACP_ECW, a + 1, 1, ecw);
    cx.bits(e, WFA_IE_WME_ACP_ECW_MAX, a + 1, 1, ecw);
    cx.bits(e, WFA_IE_WME_ACP_ECW_MIN, a + 1, 1, ecw);
    cx.uint(e, WFA_IE_WME_ACP_CW_MAX, a + 1, 1, cw_max);
    cx.uint(e, WFA_IE_WME_ACP_CW_MIN, a + 1, 1, cw_min);
    cx.uint(acp, WFA_IE_WME_ACP_TXOP_LIMIT, a + 2, 2, txop);
}
