//! Hello extensions (RFC 8446 §4.2 and the registries it names), in ClientHello, ServerHello,
//! HelloRetryRequest, EncryptedExtensions, Certificate entries, CertificateRequest and
//! NewSessionTicket.

use fields::{ItemIdx, Value};

use super::fingerprint::Hello;
use super::handshake::Reader;
use super::*;

/// The message an extension list is in: some extensions read differently in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Message {
    ClientHello,
    ServerHello,
    EncryptedExtensions,
    Certificate,
    CertificateRequest,
    NewSessionTicket,
}

/// Whether `v` is a GREASE value (RFC 8701): 0x?a?a with both bytes equal.
pub(super) fn is_grease(v: u16) -> bool {
    v & 0x0f0f == 0x0a0a && v >> 8 == v & 0xff
}

/// An extension list (two-byte length, then extensions).
pub(super) fn list(
    cx: &mut Cx,
    r: &mut Reader<'_>,
    parent: ItemIdx,
    message: Message,
) -> Option<()> {
    let mut hello = Hello::default();
    list_with(cx, r, parent, message, &mut hello)
}

/// [`list`], noting in `hello` what the fingerprints need.
pub(super) fn list_with(
    cx: &mut Cx,
    r: &mut Reader<'_>,
    parent: ItemIdx,
    message: Message,
    hello: &mut Hello,
) -> Option<()> {
    let total = r.u16()? as usize;
    cx.uint(parent, EXT_LENGTH, r.at - 2, 2, total as u64);
    let start = r.skip(total)?;
    let mut e = Reader {
        data: r.data,
        at: start,
        end: start + total,
    };
    while e.left() > 0 {
        let at = e.at;
        let kind = e.u16()?;
        let len = e.u16()? as usize;
        let body = e.take(len)?;
        let name = super::name_or(names::EXTENSION_TYPES, kind as u64, "");
        let item = if name.is_empty() {
            cx.text_item(
                parent,
                at,
                4 + len,
                format_args!("Extension: Unknown type {kind} (len={len})"),
            )
        } else {
            cx.text_item(
                parent,
                at,
                4 + len,
                format_args!("Extension: {name} (len={len})"),
            )
        };
        cx.uint(item, EXT_TYPE, at, 2, kind as u64);
        cx.uint(item, EXT_LEN, at + 2, 2, len as u64);
        hello.extensions.push(kind);
        let mut b = Reader {
            data: r.data,
            at: body,
            end: body + len,
        };
        let parsed = extension(cx, &mut b, item, kind, message, hello);
        // A vector too long for its extension ends that extension only.
        if parsed.is_none() && std::mem::take(&mut cx.state.tls.vector_stopped) {
            continue;
        }
        if parsed.is_none() {
            super::too_small(cx, item, b.at);
            return None;
        }
        if parsed == Some(false) && len > 0 {
            cx.tree.add(item, EXT_DATA, body, len, Value::Bytes);
        } else if len == 0 && is_grease(kind) {
            // tshark adds a GREASE extension's data even when there is none ("Data: <MISSING>").
            cx.tree.add(item, EXT_DATA, body, 0, Value::Bytes);
        } else if kind == 35 && len == 0 {
            // An empty session_ticket (asking for a ticket) still shows its data, as tshark's does.
            let data = cx.tree.add(item, EXT_DATA, body, 0, Value::Bytes);
            cx.tree.set_label(data, format_args!("Data (0 bytes)"));
        }
    }
    Some(())
}

/// One extension's body; `Some(false)` when it is not one this reads (its bytes are shown as data).
fn extension(
    cx: &mut Cx,
    r: &mut Reader<'_>,
    item: ItemIdx,
    kind: u16,
    message: Message,
    hello: &mut Hello,
) -> Option<bool> {
    let client = message == Message::ClientHello;
    match kind {
        // server_name: a list in the ClientHello, empty in the server's messages.
        0 if r.left() > 0 => {
            // tshark puts the list under a text item over the extension's body.
            let item = cx.text_item(
                item,
                r.at,
                r.limit() - r.at,
                format_args!("Server Name Indication extension"),
            );
            let n = r.u16()? as usize;
            cx.uint(item, EXT_SERVER_NAME_LIST_LEN, r.at - 2, 2, n as u64);
            let end = r.at + n.min(r.left());
            while r.at < end {
                let t = r.u8()?;
                cx.uint(item, EXT_SERVER_NAME_TYPE, r.at - 1, 1, t as u64);
                let m = r.u16()? as usize;
                cx.uint(item, EXT_SERVER_NAME_LEN, r.at - 2, 2, m as u64);
                let at = r.take(m)?;
                cx.tree.add(item, EXT_SERVER_NAME, at, m, Value::Str);
                hello.server_name = true;
            }
        }
        // supported_groups
        10 => {
            let n = super::handshake::vector_length(cx, r, item, 2)?;
            let it = cx.uint(item, EXT_SUPPORTED_GROUPS_LENGTH, r.at - 2, 2, n as u64);
            super::handshake::vector_fits(cx, r, it, n)?;
            let at = r.take(n)?;
            let list = cx.tree.add(item, EXT_SUPPORTED_GROUPS, at, n, Value::None);
            cx.tree.set_label(
                list,
                format_args!(
                    "Supported Groups ({} group{})",
                    n / 2,
                    crate::protocols::plural(n / 2)
                ),
            );
            for i in 0..n / 2 {
                let g = read::be16(r.data, at + 2 * i).unwrap_or(0);
                cx.uint(list, EXT_SUPPORTED_GROUP, at + 2 * i, 2, g as u64);
                hello.groups.push(g);
            }
        }
        // ec_point_formats
        11 => {
            let n = super::handshake::vector_length(cx, r, item, 1)?;
            let it = cx.uint(item, EXT_EC_POINT_FORMATS_LENGTH, r.at - 1, 1, n as u64);
            super::handshake::vector_fits(cx, r, it, n)?;
            let at = r.take(n)?;
            let list = cx.tree.add(item, EXT_EC_POINT_FORMATS, at, n, Value::None);
            cx.tree
                .set_label(list, format_args!("Elliptic curves point formats ({n})"));
            for i in 0..n {
                let f = r.data[at + i];
                cx.uint(list, EXT_EC_POINT_FORMAT, at + i, 1, f as u64);
                hello.point_formats.push(f);
            }
        }
        // signature_algorithms, signature_algorithms_cert, and a client's delegated_credentials
        // (RFC 9345: the schemes it accepts a credential signed with).
        13 | 50 => {
            let algs = signature_schemes(cx, r, item)?;
            if kind == 13 {
                hello.signature_algorithms = algs;
            }
        }
        34 if client => {
            signature_schemes(cx, r, item)?;
        }
        // application_layer_protocol_negotiation
        16 => {
            let n = super::handshake::vector_length(cx, r, item, 2)?;
            let it = cx.uint(item, EXT_ALPN_LEN, r.at - 2, 2, n as u64);
            super::handshake::vector_fits(cx, r, it, n)?;
            let at = r.take(n)?;
            let list = cx.tree.add(item, EXT_ALPN_LIST, at, n, Value::None);
            cx.tree.set_label(list, format_args!("ALPN Protocol"));
            let mut p = Reader {
                data: r.data,
                at,
                end: at + n,
            };
            while p.left() > 0 {
                let m = super::handshake::vector_length(cx, &mut p, list, 1)?;
                let it = cx.uint(list, EXT_ALPN_STR_LEN, p.at - 1, 1, m as u64);
                super::handshake::vector_fits(cx, &p, it, m)?;
                let s = p.take(m)?;
                cx.tree.add(list, EXT_ALPN_STR, s, m, Value::Str);
                if hello.alpn.is_none() {
                    hello.alpn = Some(r.data[s..s + m].to_vec());
                }
            }
        }
        // status_request
        5 if client && r.left() > 0 => {
            let t = r.u8()?;
            cx.uint(item, EXT_STATUS_REQUEST_TYPE, r.at - 1, 1, t as u64);
            let n = r.u16()?;
            cx.uint(
                item,
                EXT_STATUS_REQUEST_RESPONDER_IDS_LEN,
                r.at - 2,
                2,
                n as u64,
            );
            r.take(n as usize)?;
            let n = r.u16()?;
            cx.uint(item, EXT_STATUS_REQUEST_EXTS_LEN, r.at - 2, 2, n as u64);
            r.take(n as usize)?;
        }
        // status_request_v2 (RFC 6961): a list of requests, each typed and sized; OCSP and OCSP
        // multi requests hold responder IDs and request extensions, as in status_request.
        17 if client && r.left() > 0 => {
            let n = super::handshake::vector_length(cx, r, item, 2)?;
            let it = cx.uint(item, EXT_STATUS_REQUEST_LIST_LEN, r.at - 2, 2, n as u64);
            super::handshake::vector_fits(cx, r, it, n)?;
            let end = r.at + n;
            while r.at < end {
                let t = r.u8()?;
                cx.uint(item, EXT_STATUS_REQUEST_TYPE, r.at - 1, 1, t as u64);
                let m = r.u16()? as usize;
                cx.uint(item, EXT_STATUS_REQUEST_LEN, r.at - 2, 2, m as u64);
                let request_end = r.at + m;
                if matches!(t, 1 | 2) {
                    for field in [
                        EXT_STATUS_REQUEST_RESPONDER_IDS_LEN,
                        EXT_STATUS_REQUEST_EXTS_LEN,
                    ] {
                        let k = r.u16()?;
                        cx.uint(item, field, r.at - 2, 2, k as u64);
                        r.take(k as usize)?;
                    }
                }
                r.at = request_end.max(r.at);
            }
        }
        // heartbeat
        15 => {
            let m = r.u8()?;
            cx.uint(item, EXT_HEARTBEAT_MODE, r.at - 1, 1, m as u64);
        }
        // padding
        21 => {
            let n = r.left();
            let at = r.take(n)?;
            cx.tree.add(item, EXT_PADDING_DATA, at, n, Value::Bytes);
        }
        // record_size_limit
        28 => {
            let v = r.u16()?;
            cx.uint(item, RECORD_SIZE_LIMIT, r.at - 2, 2, v as u64);
        }
        // pre_shared_key: identities and binders from the client, the chosen one from the server.
        // pre_shared_key: tshark puts either form under a "Pre-Shared Key extension" text item over
        // the body, and each offered identity under its own.
        41 if client => {
            let item = cx.text_item(
                item,
                r.at,
                r.limit() - r.at,
                format_args!("Pre-Shared Key extension"),
            );
            let n = r.u16()? as usize;
            cx.uint(item, EXT_PSK_IDENTITIES_LENGTH, r.at - 2, 2, n as u64);
            let at = r.take(n)?;
            let mut p = Reader {
                data: r.data,
                at,
                end: at + n,
            };
            while p.left() > 0 {
                let start = p.at;
                let m = p.u16()? as usize;
                let identity = cx.text_item(
                    item,
                    start,
                    (2 + m + 4).min(p.limit() - start),
                    format_args!("PSK Identity (length: {m})"),
                );
                cx.uint(identity, EXT_PSK_IDENTITY_LENGTH, p.at - 2, 2, m as u64);
                let s = p.take(m)?;
                cx.tree.add(identity, EXT_PSK_IDENTITY, s, m, Value::Bytes);
                let age = p.u32()?;
                cx.uint(identity, EXT_PSK_TICKET_AGE, p.at - 4, 4, age as u64);
            }
            let n = r.u16()? as usize;
            cx.uint(item, EXT_PSK_BINDERS_LEN, r.at - 2, 2, n as u64);
            let at = r.take(n)?;
            cx.tree.add(item, EXT_PSK_BINDERS, at, n, Value::None);
        }
        41 => {
            let item = cx.text_item(
                item,
                r.at,
                r.limit() - r.at,
                format_args!("Pre-Shared Key extension"),
            );
            let v = r.u16()?;
            cx.uint(item, EXT_PSK_SELECTED, r.at - 2, 2, v as u64);
        }
        // early_data: empty, or the ticket's maximum size in a NewSessionTicket.
        42 if message == Message::NewSessionTicket => {
            let v = r.u32()?;
            cx.uint(item, EARLY_DATA_MAX_SIZE, r.at - 4, 4, v as u64);
        }
        // supported_versions: a list from the client, the chosen one from the server.
        43 if client => {
            let n = super::handshake::vector_length(cx, r, item, 1)?;
            let it = cx.uint(item, EXT_SUPPORTED_VERSIONS_LEN, r.at - 1, 1, n as u64);
            super::handshake::vector_fits(cx, r, it, n)?;
            let at = r.take(n)?;
            for i in 0..n / 2 {
                let v = read::be16(r.data, at + 2 * i).unwrap_or(0);
                cx.uint(item, EXT_SUPPORTED_VERSION, at + 2 * i, 2, v as u64);
                hello.versions.push(v);
            }
        }
        43 => {
            let v = r.u16()?;
            cx.uint(item, EXT_SUPPORTED_VERSION, r.at - 2, 2, v as u64);
            hello.selected_version = Some(v);
        }
        // cookie
        44 => {
            let n = r.u16()? as usize;
            cx.uint(item, EXT_COOKIE_LEN, r.at - 2, 2, n as u64);
            let at = r.take(n)?;
            cx.tree.add(item, EXT_COOKIE, at, n, Value::Bytes);
        }
        // psk_key_exchange_modes
        45 => {
            let n = r.u8()? as usize;
            cx.uint(item, EXT_PSK_KE_MODES_LENGTH, r.at - 1, 1, n as u64);
            let at = r.take(n)?;
            for i in 0..n {
                cx.uint(item, EXT_PSK_KE_MODE, at + i, 1, r.data[at + i] as u64);
            }
        }
        // key_share: the client's shares, the server's one, or the group a HelloRetryRequest asks.
        // tshark puts each form under a "Key Share extension" text item over the body.
        51 if client => {
            let item = key_share_item(cx, r, item);
            let n = r.u16()? as usize;
            cx.uint(item, EXT_KEY_SHARE_CLIENT_LENGTH, r.at - 2, 2, n as u64);
            let at = r.take(n)?;
            let mut p = Reader {
                data: r.data,
                at,
                end: at + n,
            };
            while p.left() > 0 {
                key_share_entry(cx, &mut p, item)?;
            }
        }
        51 if message == Message::ServerHello && r.left() == 2 => {
            let item = key_share_item(cx, r, item);
            let g = r.u16()?;
            cx.uint(item, EXT_KEY_SHARE_SELECTED_GROUP, r.at - 2, 2, g as u64);
        }
        51 => {
            let item = key_share_item(cx, r, item);
            key_share_entry(cx, r, item)?
        }
        // signed_certificate_timestamp (RFC 6962 §3.3): the server's list; empty in the client's
        // hello, which only asks for it.
        18 if r.left() > 0 => super::sct_list(cx, r.data, r.at, r.end, item)?,
        // compress_certificate (RFC 8879 §3): the algorithms the sender can decompress.
        27 => {
            let n = super::handshake::vector_length(cx, r, item, 1)?;
            let it = cx.uint(
                item,
                COMPRESS_CERTIFICATE_ALGORITHMS_LENGTH,
                r.at - 1,
                1,
                n as u64,
            );
            super::handshake::vector_fits(cx, r, it, n)?;
            for _ in 0..n / 2 {
                let a = r.u16()?;
                cx.uint(item, COMPRESS_CERTIFICATE_ALGORITHM, r.at - 2, 2, a as u64);
            }
        }
        // application_settings (ALPS, draft-vvv-tls-alps): the protocols the client has settings
        // for; the server's settings in its EncryptedExtensions.
        17513 if client => {
            let n = super::handshake::vector_length(cx, r, item, 2)?;
            let it = cx.uint(item, EXT_ALPS_LEN, r.at - 2, 2, n as u64);
            super::handshake::vector_fits(cx, r, it, n)?;
            let at = r.take(n)?;
            let list = cx.tree.add(item, EXT_ALPS_ALPN_LIST, at, n, Value::None);
            let mut p = Reader {
                data: r.data,
                at,
                end: at + n,
            };
            while p.left() > 0 {
                let m = super::handshake::vector_length(cx, &mut p, list, 1)?;
                let it = cx.uint(list, EXT_ALPS_ALPN_STR_LEN, p.at - 1, 1, m as u64);
                super::handshake::vector_fits(cx, &p, it, m)?;
                let s = p.take(m)?;
                cx.tree.add(list, EXT_ALPS_ALPN_STR, s, m, Value::Str);
            }
        }
        17513 if message == Message::EncryptedExtensions && r.left() > 0 => {
            let at = r.at;
            let n = r.limit() - at;
            cx.tree.add(item, EXT_ALPS_SETTINGS, at, n, Value::Bytes);
        }
        // renegotiation_info
        0xff01 => {
            let n = r.u8()? as usize;
            // tshark puts the length and the data under a text item over both.
            let info = cx.text_item(
                item,
                r.at - 1,
                (1 + n).min(1 + r.left()),
                format_args!("Renegotiation Info extension"),
            );
            cx.uint(info, EXT_RENEG_INFO_LEN, r.at - 1, 1, n as u64);
            let at = r.take(n)?;
            if n > 0 {
                cx.tree.add(info, EXT_RENEG_INFO, at, n, Value::Bytes);
            }
        }
        // Extensions with no body (extended_master_secret, encrypt_then_mac, session_ticket from a
        // client without a ticket, post_handshake_auth, early_data) and those not read here.
        _ => return Some(false),
    }
    Some(true)
}

fn key_share_item(cx: &mut Cx, r: &Reader<'_>, parent: ItemIdx) -> ItemIdx {
    cx.text_item(
        parent,
        r.at,
        r.limit() - r.at,
        format_args!("Key Share extension"),
    )
}

/// One KeyShareEntry, under tshark's "Key Share Entry: Group: G, Key Exchange length: N" text item.
fn key_share_entry(cx: &mut Cx, r: &mut Reader<'_>, parent: ItemIdx) -> Option<()> {
    let start = r.at;
    let g = r.u16()?;
    let n = r.u16()? as usize;
    let group = match super::name_or(names::GROUPS, g as u64, "") {
        "" => std::borrow::Cow::Owned(format!("Unknown ({g})")),
        name => std::borrow::Cow::Borrowed(name),
    };
    let parent = cx.text_item(
        parent,
        start,
        (4 + n).min(r.limit() - start),
        format_args!("Key Share Entry: Group: {group}, Key Exchange length: {n}"),
    );
    cx.uint(parent, EXT_KEY_SHARE_GROUP, start, 2, g as u64);
    cx.uint(
        parent,
        EXT_KEY_SHARE_KEY_EXCHANGE_LENGTH,
        start + 2,
        2,
        n as u64,
    );
    let at = r.take(n)?;
    cx.tree
        .add(parent, EXT_KEY_SHARE_KEY_EXCHANGE, at, n, Value::Bytes);
    Some(())
}

/// One SignatureScheme, with the hash and signature bytes TLS 1.2 names.
pub(super) fn signature_scheme(cx: &mut Cx, r: &mut Reader<'_>, parent: ItemIdx) -> Option<u16> {
    let v = r.u16()?;
    let it = cx.uint(parent, HS_SIG_HASH_ALG, r.at - 2, 2, v as u64);
    // A value with no scheme name is named by its TLS 1.2 hash and signature bytes, as tshark
    // does, each "Unknown" when it has no name either ("SHA512 DSA", "Unknown SM2").
    if it.is_stored() && super::name_or(names::SIGNATURE_SCHEMES, v as u64, "").is_empty() {
        let hash = super::name_or(names::HASH_ALGORITHMS, (v >> 8) as u64, "Unknown");
        let sig = super::name_or(names::SIGNATURE_ALGORITHMS, (v & 0xff) as u64, "Unknown");
        cx.tree.set_label(
            it,
            format_args!("Signature Algorithm: {hash} {sig} (0x{v:04x})"),
        );
    }
    cx.uint(it, HS_SIG_HASH_HASH, r.at - 2, 1, (v >> 8) as u64);
    cx.uint(it, HS_SIG_HASH_SIG, r.at - 1, 1, (v & 0xff) as u64);
    Some(v)
}

/// A list of SignatureSchemes (two-byte length first).
pub(super) fn signature_schemes(
    cx: &mut Cx,
    r: &mut Reader<'_>,
    parent: ItemIdx,
) -> Option<Vec<u16>> {
    let n = super::handshake::vector_length(cx, r, parent, 2)?;
    let it = cx.uint(parent, HS_SIG_HASH_ALG_LEN, r.at - 2, 2, n as u64);
    super::handshake::vector_fits(cx, r, it, n)?;
    let at = r.take(n)?;
    let list = cx.tree.add(parent, HS_SIG_HASH_ALGS, at, n, Value::None);
    cx.tree.set_label(
        list,
        format_args!("Signature Hash Algorithms ({} algorithms)", n / 2),
    );
    let mut p = Reader {
        data: r.data,
        at,
        end: at + n - n % 2,
    };
    let mut out = Vec::new();
    while p.left() > 0 {
        out.push(signature_scheme(cx, &mut p, list)?);
    }
    Some(out)
}
