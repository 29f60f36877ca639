//! IEEE 802.1X authentication (EAPOL): the header, and EAPOL-Key frames with the WPA/RSN key
//! descriptor (`wlan_rsna_eapol`, whose key data holds 802.11 information elements). The EAP
//! packets of type 0 are shown as data.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto EAPOL = super::ids::EAPOL, "802.1X Authentication", "EAPOL", "eapol";
    VERSION: "eapol.version", "Version", UInt8, Dec, values &[(1, "802.1X-2001"), (2, "802.1X-2004"), (3, "802.1X-2010")];
    TYPE: "eapol.type", "Type", UInt8, Dec, values TYPE_NAMES;
    LEN: "eapol.len", "Length", UInt16, Dec;
    KEYDES_TYPE: "eapol.keydes.type", "Key Descriptor Type", UInt8, Dec, values &[(1, "RC4 Descriptor"), (2, "EAPOL RSN Key"), (254, "EAPOL WPA Key")];
    KEYDES_BODY: "eapol.keydes.body", "Key Descriptor Body", Bytes, None;
    KEYDES_KEY_LEN: "eapol.keydes.key_len", "Key Length", UInt16, Dec;
    KEYDES_REPLAY_COUNTER: "eapol.keydes.replay_counter", "Replay Counter", UInt64, Dec;
    KEYDES_KEY_IV: "eapol.keydes.key_iv", "Key IV", Bytes, None;
}

/// EAPOL packet type names.
static TYPE_NAMES: &[(u64, &str)] = &[
    (0, "EAP Packet"),
    (1, "Start"),
    (2, "Logoff"),
    (3, "Key"),
    (4, "Encapsulated ASF Alert"),
    (5, "MKA"),
    (6, "Announcement (Generic)"),
    (7, "Announcement (Specific)"),
    (8, "Announcement Request"),
];

/// The key descriptor of WPA and RSN (802.11i) EAPOL-Key frames, a protocol of its own in Wireshark.
pub mod rsna {
    fields::declare_protocol! {
        proto WLAN_RSNA_EAPOL = crate::protocols::ids::WLAN_RSNA_EAPOL, "IEEE 802.11 RSNA EAPOL key", "802.11 RSNA EAPOL", "wlan_rsna_eapol";
        KEYDES_MSGNR: "wlan_rsna_eapol.keydes.msgnr", "Message number", UInt8, Dec;
        KEYDES_KEY_INFO: "wlan_rsna_eapol.keydes.key_info", "Key Information", UInt16, Hex;
        KEY_INFO_KEYDES_VERSION: "wlan_rsna_eapol.keydes.key_info.keydes_version", "Key Descriptor Version", UInt16, Dec, mask 0x7, values &[(1, "RC4 Cipher, HMAC-MD5 MIC"), (2, "AES Cipher, HMAC-SHA1 MIC"), (3, "AES Cipher, AES-128-CMAC MIC")];
        KEY_INFO_KEY_TYPE: "wlan_rsna_eapol.keydes.key_info.key_type", "Key Type", Boolean, Bits(16), mask 0x8, tf ("Pairwise Key", "Group Key");
        KEY_INFO_KEY_INDEX: "wlan_rsna_eapol.keydes.key_info.key_index", "Key Index", UInt16, Dec, mask 0x30;
        KEY_INFO_INSTALL: "wlan_rsna_eapol.keydes.key_info.install", "Install", Boolean, Bits(16), mask 0x40;
        KEY_INFO_KEY_ACK: "wlan_rsna_eapol.keydes.key_info.key_ack", "Key ACK", Boolean, Bits(16), mask 0x80;
        KEY_INFO_KEY_MIC: "wlan_rsna_eapol.keydes.key_info.key_mic", "Key MIC", Boolean, Bits(16), mask 0x100;
        KEY_INFO_SECURE: "wlan_rsna_eapol.keydes.key_info.secure", "Secure", Boolean, Bits(16), mask 0x200;
        KEY_INFO_ERROR: "wlan_rsna_eapol.keydes.key_info.error", "Error", Boolean, Bits(16), mask 0x400;
        KEY_INFO_REQUEST: "wlan_rsna_eapol.keydes.key_info.request", "Request", Boolean, Bits(16), mask 0x800;
        KEY_INFO_ENCRYPTED_KEY_DATA: "wlan_rsna_eapol.keydes.key_info.encrypted_key_data", "Encrypted Key Data", Boolean, Bits(16), mask 0x1000;
        KEY_INFO_SMK_MESSAGE: "wlan_rsna_eapol.keydes.key_info.smk_message", "SMK Message", Boolean, Bits(16), mask 0x2000;
        KEYDES_NONCE: "wlan_rsna_eapol.keydes.nonce", "WPA Key Nonce", Bytes, None;
        KEYDES_RSC: "wlan_rsna_eapol.keydes.rsc", "WPA Key RSC", Bytes, None;
        KEYDES_ID: "wlan_rsna_eapol.keydes.id", "WPA Key ID", Bytes, None;
        KEYDES_MIC: "wlan_rsna_eapol.keydes.mic", "WPA Key MIC", Bytes, None;
        KEYDES_DATA_LEN: "wlan_rsna_eapol.keydes.data_len", "WPA Key Data Length", UInt16, Dec;
        KEYDES_DATA: "wlan_rsna_eapol.keydes.data", "WPA Key Data", Bytes, None;
    }
}

use rsna::*;

/// Key information bits.
const KEY_TYPE_PAIRWISE: u16 = 0x0008;
const KEY_INSTALL: u16 = 0x0040;
const KEY_ACK: u16 = 0x0080;
const KEY_SECURE: u16 = 0x0200;

/// The fixed part of a WPA/RSN key descriptor after its type byte: key information (2), key length
/// (2), replay counter (8), nonce (32), IV (16), RSC (8), ID (8), MIC (16), key data length (2).
const KEY_DESCRIPTOR_LEN: usize = 94;

/// An EAPOL packet at `offset`; a trailer past its length (padding) is left to the layer below.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    cx.set_protocol("EAPOL");
    cx.set_info(format_args!(""));
    let (Some(version), Some(kind), Some(len)) = (
        read::u8(data, offset),
        read::u8(data, offset + 1),
        read::be16(data, offset + 2),
    ) else {
        cx.push_layer(parent, PROTOCOL_FIELD, "eapol", "", offset, avail);
        cx.cut_short(offset, data.len(), "EAPOL");
        return avail;
    };
    let len = len as usize;
    let end = (offset + 4 + len).min(data.len());
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "eapol", "", offset, end - offset);
    cx.uint(top, VERSION, offset, 1, version as u64);
    cx.uint(top, TYPE, offset + 1, 1, kind as u64);
    cx.uint(top, LEN, offset + 2, 2, len as u64);
    let type_name = fields::Strings::Values(TYPE_NAMES)
        .name_of(kind as u64)
        .unwrap_or("Unknown Type");
    cx.set_info(format_args!("{type_name}"));
    let body = offset + 4;
    let d = &data[..end];
    if kind == 3 {
        key(cx, top, d, body);
    } else if body < end {
        super::data::dissect(cx, d, body, top);
    }
    end - offset
}

/// An EAPOL-Key body at `o` (`d` ends with the packet).
fn key(cx: &mut Cx, top: ItemIdx, d: &[u8], o: usize) {
    let Some(descriptor) = read::u8(d, o) else {
        cx.malformed(o, "EAPOL-Key descriptor type missing");
        return;
    };
    let k = o + 1;
    if (descriptor == 2 || descriptor == 254) && d.len() < k + KEY_DESCRIPTOR_LEN {
        // tshark shows nothing of a descriptor that is not all there, not even its type.
        cx.cut_short(k, d.len(), "EAPOL");
        return;
    }
    cx.uint(top, KEYDES_TYPE, o, 1, descriptor as u64);
    if descriptor != 2 && descriptor != 254 {
        if o + 1 < d.len() {
            cx.tree
                .add(top, KEYDES_BODY, o + 1, d.len() - o - 1, Value::Bytes);
        }
        return;
    }
    let info = read::be16(d, k).unwrap_or(0);
    let data_len = read::be16(d, k + 92).unwrap_or(0) as usize;
    // Which message of the 4-way (pairwise) or 2-way (group) handshake this is, from the key
    // information bits: Wireshark's reading of them.
    let (msg, group) = if info & KEY_TYPE_PAIRWISE != 0 {
        let m = if info & KEY_ACK != 0 {
            if info & KEY_INSTALL != 0 { 3 } else { 1 }
        } else if info & KEY_SECURE != 0 || data_len == 0 {
            // Message 4 carries no key data (WPA's does not set Secure either).
            4
        } else {
            2
        };
        (m, false)
    } else {
        (if info & KEY_ACK != 0 { 1 } else { 2 }, true)
    };
    cx.tree
        .add_generated(top, KEYDES_MSGNR, k, 0, Value::UInt(msg));
    if cx.tree.wants_columns() {
        if group {
            cx.set_info(format_args!("Key (Group Message {msg} of 2)"));
        } else {
            cx.set_info(format_args!("Key (Message {msg} of 4)"));
        }
    }
    let v = info as u64;
    let item = cx.uint(top, KEYDES_KEY_INFO, k, 2, v);
    for f in [
        KEY_INFO_KEYDES_VERSION,
        KEY_INFO_KEY_TYPE,
        KEY_INFO_KEY_INDEX,
        KEY_INFO_INSTALL,
        KEY_INFO_KEY_ACK,
        KEY_INFO_KEY_MIC,
        KEY_INFO_SECURE,
        KEY_INFO_ERROR,
        KEY_INFO_REQUEST,
        KEY_INFO_ENCRYPTED_KEY_DATA,
        KEY_INFO_SMK_MESSAGE,
    ] {
        cx.bits(item, f, k, 2, v);
    }
    cx.uint(
        top,
        KEYDES_KEY_LEN,
        k + 2,
        2,
        read::be16(d, k + 2).unwrap_or(0) as u64,
    );
    cx.uint(
        top,
        KEYDES_REPLAY_COUNTER,
        k + 4,
        8,
        read::be64(d, k + 4).unwrap_or(0),
    );
    cx.tree.add(top, KEYDES_NONCE, k + 12, 32, Value::Bytes);
    cx.tree.add(top, KEYDES_KEY_IV, k + 44, 16, Value::Bytes);
    cx.tree.add(top, KEYDES_RSC, k + 60, 8, Value::Bytes);
    cx.tree.add(top, KEYDES_ID, k + 68, 8, Value::Bytes);
    cx.tree.add(top, KEYDES_MIC, k + 76, 16, Value::Bytes);
    cx.uint(top, KEYDES_DATA_LEN, k + 92, 2, data_len as u64);
    let key_data = k + KEY_DESCRIPTOR_LEN;
    if data_len == 0 {
        return;
    }
    if key_data + data_len > d.len() {
        cx.malformed(key_data, "EAPOL-Key data past the packet");
        return;
    }
    let item = cx
        .tree
        .add(top, KEYDES_DATA, key_data, data_len, Value::Bytes);
    // Encrypted key data cannot be read without the key; plain key data is information elements.
    if info & 0x1000 == 0 {
        let end = key_data + data_len;
        super::wlan_mgt::tagged_parameters(cx, &d[..end], key_data, item, false, end);
    }
}
