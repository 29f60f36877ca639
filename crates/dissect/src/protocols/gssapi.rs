//! The GSS-API tokens that carry LDAP after a SASL bind with Kerberos (GSSAPI or GSS-SPNEGO), as
//! tshark 4.0 shows them inside LDAP's "SASL Buffer": a Kerberos 5 CFX wrap token (RFC 4121 4.2.6.2)
//! whose header and checksum are shown under "GSS-API Generic Security Service Application Program
//! Interface", the wrapped bytes after it.
//!
//! Wireshark registers the token's fields under SPNEGO (`spnego.krb5.*`) and lists the layers
//! `gss-api` and `spnego-krb5`; the protocols have no other items here.

use fields::{ItemIdx, Value};

use crate::Cx;

/// The GSS-API layer.
pub mod gss {
    fields::declare_protocol! {
        proto GSS_API = crate::protocols::ids::GSS_API, "GSS-API Generic Security Service Application Program Interface", "GSS-API", "gss-api";
        OID: "gss-api.OID", "OID", String, None;
    }
}

/// The SPNEGO fields Wireshark puts Kerberos tokens under.
pub mod spnego {
    fields::declare_protocol! {
        proto SPNEGO = crate::protocols::ids::SPNEGO, "Simple Protected Negotiation", "SPNEGO", "spnego";
        KRB5_BLOB: "spnego.krb5.blob", "krb5_blob", Bytes, None;
        KRB5_TOK_ID: "spnego.krb5.tok_id", "krb5_tok_id", UInt16, Hex, values super::TOK_ID_NAMES;
        KRB5_SGN_CKSUM: "spnego.krb5.sgn_cksum", "krb5_sgn_cksum", Bytes, None;
        KRB5_FILLER: "spnego.krb5.filler", "krb5_filler", Bytes, None;
        KRB5_CFX_FLAGS: "spnego.krb5.cfx_flags", "krb5_cfx_flags", UInt8, Hex;
        SEND_BY_ACCEPTOR: "spnego.krb5.send_by_acceptor", "SendByAcceptor", Boolean, Bits(8), mask 0x01;
        SEALED: "spnego.krb5.sealed", "Sealed", Boolean, Bits(8), mask 0x02;
        ACCEPTOR_SUBKEY: "spnego.krb5.acceptor_subkey", "AcceptorSubkey", Boolean, Bits(8), mask 0x04;
        KRB5_CFX_EC: "spnego.krb5.cfx_ec", "krb5_cfx_ec", UInt16, Dec;
        KRB5_CFX_RRC: "spnego.krb5.cfx_rrc", "krb5_cfx_rrc", UInt16, Dec;
        KRB5_CFX_SEQ: "spnego.krb5.cfx_seq", "krb5_cfx_seq", UInt64, Dec;
        KRB5_OID_FIELD: "spnego.krb5_oid", "KRB5 OID", String, None;
        NEG_TOKEN_INIT: "spnego.negTokenInit_element", "negTokenInit", None, None;
        NEG_TOKEN_TARG: "spnego.negTokenTarg_element", "negTokenTarg", None, None;
        MECH_TYPE: "spnego.MechType", "MechType", Oid, None;
        MECH_TYPES: "spnego.mechTypes", "mechTypes", UInt32, Dec, blurb "MechTypeList";
        MECH_TOKEN: "spnego.mechToken", "mechToken", Bytes, None;
        NEG_RESULT: "spnego.negResult", "negResult", UInt32, Dec, values super::NEG_RESULT_NAMES;
        SUPPORTED_MECH: "spnego.supportedMech", "supportedMech", Oid, None;
        RESPONSE_TOKEN: "spnego.responseToken", "responseToken", Bytes, None;
    }
}

/// The SPNEGO-KRB5 layer (no items of its own).
pub mod spnego_krb5 {
    fields::declare_protocol! {
        proto SPNEGO_KRB5 = crate::protocols::ids::SPNEGO_KRB5, "SPNEGO-KRB5", "SPNEGO-KRB5", "spnego-krb5";
    }
}

static TOK_ID_NAMES: &[(u64, &str)] = &[
    (0x1, "KRB5_AP_REQ"),
    (0x2, "KRB5_AP_REP"),
    (0x3, "KRB5_ERROR"),
    (0x101, "KRB5_GSS_GetMIC"),
    (0x102, "KRB5_GSS_Wrap"),
    (0x201, "KRB5_GSS_Delete_sec_context"),
    (0x4, "KERB_TGT_REQUEST"),
    (0x104, "KERB_TGT_REPLY"),
    (0x404, "KRB_TOKEN_CFX_GetMic"),
    (0x405, "KRB_TOKEN_CFX_WRAP"),
];

/// A wrap token read from the start of a SASL buffer.
pub struct Wrap {
    /// Where the wrapped bytes start, and whether they are encrypted.
    pub payload: usize,
    pub sealed: bool,
}

/// Whether `d[at..end]` starts with a CFX wrap token whose header and rotated checksum fit.
pub fn is_cfx_wrap(d: &[u8], at: usize, end: usize) -> bool {
    end >= at + 16
        && d[at..at + 2] == [0x05, 0x04]
        && d[at + 3] == 0xff
        && at + 16 + u16::from_be_bytes([d[at + 6], d[at + 7]]) as usize <= end
}

/// Dissects the CFX wrap token at `d[at..end]` (see [`is_cfx_wrap`]) under `parent`: the GSS-API
/// item over the header and the checksum that the rotation count moved in front of the data.
pub fn cfx_wrap(cx: &mut Cx, d: &[u8], at: usize, end: usize, parent: ItemIdx) -> Wrap {
    let rrc = u16::from_be_bytes([d[at + 6], d[at + 7]]) as usize;
    let blob_len = 16 + rrc;
    debug_assert!(at + blob_len <= end);
    let g = cx.push_sublayer(parent, gss::PROTOCOL_FIELD, "gss-api", "", at, blob_len);
    cx.tree.layers.push("spnego-krb5");
    let b = cx
        .tree
        .add(g, spnego::KRB5_BLOB, at, blob_len, Value::Bytes);
    cx.uint(b, spnego::KRB5_TOK_ID, at, 2, 0x0405);
    let flags = d[at + 2];
    cx.flag_bits(
        b,
        spnego::KRB5_CFX_FLAGS,
        &[
            spnego::ACCEPTOR_SUBKEY,
            spnego::SEALED,
            spnego::SEND_BY_ACCEPTOR,
        ],
        at + 2,
        1,
        flags as u64,
    );
    cx.tree.add(b, spnego::KRB5_FILLER, at + 3, 1, Value::Bytes);
    let ec = u16::from_be_bytes([d[at + 4], d[at + 5]]);
    cx.uint(b, spnego::KRB5_CFX_EC, at + 4, 2, ec as u64);
    cx.uint(b, spnego::KRB5_CFX_RRC, at + 6, 2, rrc as u64);
    let seq = u64::from_be_bytes(d[at + 8..at + 16].try_into().unwrap_or_default());
    cx.uint(b, spnego::KRB5_CFX_SEQ, at + 8, 8, seq);
    if rrc > 0 {
        cx.tree
            .add(b, spnego::KRB5_SGN_CKSUM, at + 16, rrc, Value::Bytes);
    }
    let _ = end;
    Wrap {
        payload: at + blob_len,
        sealed: flags & 0x02 != 0,
    }
}

/// The Kerberos messages SPNEGO carries here (AP-REQ, AP-REP), without decryption.
pub mod kerberos {
    fields::declare_protocol! {
        proto KERBEROS = crate::protocols::ids::KERBEROS, "Kerberos", "KRB5", "kerberos";
        AP_REQ: "kerberos.ap_req_element", "ap-req", None, None;
        AP_REP: "kerberos.ap_rep_element", "ap-rep", None, None;
        PVNO: "kerberos.pvno", "pvno", UInt32, Dec, blurb "INTEGER_5";
        MSG_TYPE: "kerberos.msg_type", "msg-type", Int32, Dec, values super::MSG_TYPE_NAMES, blurb "MESSAGE_TYPE";
        AP_OPTIONS: "kerberos.ap_options", "ap-options", Bytes, None, blurb "APOptions";
        AP_RESERVED: "kerberos.APOptions.reserved", "reserved", Boolean, Bits(8), mask 0x80, tf ("True", "False");
        AP_USE_SESSION_KEY: "kerberos.APOptions.use.session.key", "use-session-key", Boolean, Bits(8), mask 0x40, tf ("True", "False");
        AP_MUTUAL_REQUIRED: "kerberos.APOptions.mutual.required", "mutual-required", Boolean, Bits(8), mask 0x20, tf ("True", "False");
        TICKET: "kerberos.ticket_element", "ticket", None, None;
        TKT_VNO: "kerberos.tkt_vno", "tkt-vno", UInt32, Dec, blurb "INTEGER_5";
        REALM: "kerberos.realm", "realm", String, None;
        SNAME: "kerberos.sname_element", "sname", None, None;
        NAME_TYPE: "kerberos.name_type", "name-type", Int32, Dec, values super::NAME_TYPE_NAMES;
        SNAME_STRING: "kerberos.sname_string", "sname-string", UInt32, Dec, blurb "SEQUENCE_OF_SNameString";
        SNAME_STRING_ITEM: "kerberos.SNameString", "SNameString", String, None;
        ENC_PART: "kerberos.enc_part_element", "enc-part", None, None, blurb "EncryptedTicketData";
        ETYPE: "kerberos.etype", "etype", Int32, Dec, values super::ETYPE_NAMES, blurb "ENCTYPE";
        KVNO: "kerberos.kvno", "kvno", UInt32, Dec, blurb "UInt32";
        CIPHER: "kerberos.cipher", "cipher", Bytes, None, blurb "T_encryptedTicketData_cipher";
        AUTHENTICATOR: "kerberos.authenticator_element", "authenticator", None, None;
    }
}

static MSG_TYPE_NAMES: &[(u64, &str)] = &[
    (10, "krb-as-req"),
    (11, "krb-as-rep"),
    (12, "krb-tgs-req"),
    (13, "krb-tgs-rep"),
    (14, "krb-ap-req"),
    (15, "krb-ap-rep"),
    (16, "krb-tgt-req"),
    (17, "krb-tgt-rep"),
    (20, "krb-safe"),
    (21, "krb-priv"),
    (22, "krb-cred"),
    (30, "krb-error"),
];

static NAME_TYPE_NAMES: &[(u64, &str)] = &[
    (0, "kRB5-NT-UNKNOWN"),
    (1, "kRB5-NT-PRINCIPAL"),
    (2, "kRB5-NT-SRV-INST"),
    (3, "kRB5-NT-SRV-HST"),
    (4, "kRB5-NT-SRV-XHST"),
    (5, "kRB5-NT-UID"),
    (6, "kRB5-NT-X500-PRINCIPAL"),
    (7, "kRB5-NT-SMTP-NAME"),
    (10, "kRB5-NT-ENTERPRISE-PRINCIPAL"),
    (11, "kRB5-NT-WELLKNOWN"),
    (12, "kRB5-NT-SRV-HST-DOMAIN"),
];

static ETYPE_NAMES: &[(u64, &str)] = &[
    (0, "eTYPE-NULL"),
    (1, "eTYPE-DES-CBC-CRC"),
    (2, "eTYPE-DES-CBC-MD4"),
    (3, "eTYPE-DES-CBC-MD5"),
    (5, "eTYPE-DES3-CBC-MD5"),
    (7, "eTYPE-OLD-DES3-CBC-SHA1"),
    (8, "eTYPE-SIGN-DSA-GENERATE"),
    (9, "eTYPE-DSA-SHA1"),
    (10, "eTYPE-RSA-MD5"),
    (11, "eTYPE-RSA-SHA1"),
    (12, "eTYPE-RC2-CBC"),
    (13, "eTYPE-RSA"),
    (14, "eTYPE-RSAES-OAEP"),
    (15, "eTYPE-DES-EDE3-CBC"),
    (16, "eTYPE-DES3-CBC-SHA1"),
    (17, "eTYPE-AES128-CTS-HMAC-SHA1-96"),
    (18, "eTYPE-AES256-CTS-HMAC-SHA1-96"),
    (19, "eTYPE-AES128-CTS-HMAC-SHA256-128"),
    (20, "eTYPE-AES256-CTS-HMAC-SHA384-192"),
    (23, "eTYPE-ARCFOUR-HMAC-MD5"),
    (24, "eTYPE-ARCFOUR-HMAC-MD5-56"),
    (25, "eTYPE-CAMELLIA128-CTS-CMAC"),
    (26, "eTYPE-CAMELLIA256-CTS-CMAC"),
    (48, "eTYPE-ENCTYPE-PK-CROSS"),
];

static NEG_RESULT_NAMES: &[(u64, &str)] = &[
    (0, "accept-completed"),
    (1, "accept-incomplete"),
    (2, "reject"),
];

const SPNEGO_OID: &str = "1.3.6.1.5.5.2";
const KRB5_OID: &str = "1.2.840.113554.1.2.2";
const MS_KRB5_OID: &str = "1.2.840.48018.1.2.2";

use crate::protocols::x509::der;

/// A value at `d[at..end]`: its header and where it ends; `None` when it does not fit.
fn tlv(d: &[u8], at: usize, end: usize) -> Option<(der::Header, usize)> {
    let h = der::header(&d[..end], at)?;
    let e = h.end()?;
    (e <= end).then_some((h, e))
}

/// The values of the constructed content `at..end`, with their ends.
fn children(d: &[u8], at: usize, end: usize) -> Vec<(der::Header, usize)> {
    let mut v = Vec::new();
    let mut at = at;
    while at < end {
        let Some(t) = tlv(d, at, end) else { break };
        at = t.1;
        v.push(t);
    }
    v
}

/// An OID item labelled with the identifier's name; returns the identifier.
fn oid_item(
    cx: &mut Cx,
    d: &[u8],
    parent: ItemIdx,
    field: fields::FieldId,
    h: &der::Header,
    e: usize,
) -> String {
    let oid = der::oid_string(&d[h.content..e]).unwrap_or_default();
    let value = cx.tree.text_value(&oid);
    let it = cx.tree.add(parent, field, h.content, e - h.content, value);
    if it.is_stored() {
        let name = crate::registry().field(field).name;
        let resolved = crate::protocols::ldap::oid_resolved(&oid).unwrap_or_default();
        cx.tree
            .set_label(it, format_args!("{name}: {oid} ({resolved})"));
    }
    oid
}

fn int(d: &[u8], h: &der::Header, e: usize) -> i64 {
    der::int_value(&d[h.content..e]).unwrap_or(0)
}

/// The INTEGER inside an explicitly tagged component.
fn inner_int(d: &[u8], e: usize, h: &der::Header) -> Option<(der::Header, usize)> {
    tlv(d, h.content, e)
}

/// A GSS-API initial context token (`60 ...` with the mechanism's OID) at `d[at..end]`.
pub fn gssapi_token(cx: &mut Cx, d: &[u8], at: usize, end: usize, parent: ItemIdx) {
    let g = cx.push_sublayer(parent, gss::PROTOCOL_FIELD, "gss-api", "", at, end - at);
    let Some((h, e)) = tlv(d, at, end) else {
        return;
    };
    let Some((o, oe)) = tlv(d, h.content, e) else {
        return;
    };
    let oid = oid_item(cx, d, g, gss::OID, &o, oe);
    if oid == SPNEGO_OID {
        spnego(cx, d, oe, e, g);
    }
}

/// A GSS-API token at `d[at..end]`: an initial context token (`60 ...`), or a continuation, which
/// tshark reads as the SPNEGO exchange's next token inside a GSS-API layer (DNS TKEY key data).
pub fn token_or_continuation(cx: &mut Cx, d: &[u8], at: usize, end: usize, parent: ItemIdx) {
    if d.get(at) == Some(&0x60) {
        gssapi_token(cx, d, at, end, parent);
    } else {
        let g = cx.push_sublayer(parent, gss::PROTOCOL_FIELD, "gss-api", "", at, end - at);
        spnego(cx, d, at, end, g);
    }
}

/// A SPNEGO negotiation token (negTokenInit or negTokenTarg) at `d[at..end]`.
pub fn spnego(cx: &mut Cx, d: &[u8], at: usize, end: usize, parent: ItemIdx) {
    let s = cx.push_sublayer(parent, spnego::PROTOCOL_FIELD, "spnego", "", at, end - at);
    let Some((h, e)) = tlv(d, at, end) else {
        return;
    };
    let Some((q, qe)) = tlv(d, h.content, e) else {
        return;
    };
    let init = h.tag == 0;
    let field = if init {
        spnego::NEG_TOKEN_INIT
    } else {
        spnego::NEG_TOKEN_TARG
    };
    let el = cx.tree.add(s, field, q.start, qe - q.start, Value::None);
    for (c, ce) in children(d, q.content, qe) {
        let Some((i, ie)) = tlv(d, c.content, ce) else {
            continue;
        };
        match (init, c.tag) {
            (true, 0) => {
                let items = children(d, i.content, ie);
                let n = items.len();
                let l = cx.uint(el, spnego::MECH_TYPES, i.content, ie - i.content, n as u64);
                if l.is_stored() {
                    let s = if n == 1 { "" } else { "s" };
                    cx.tree.set_label(l, format_args!("mechTypes: {n} item{s}"));
                }
                for (m, me) in items {
                    oid_item(cx, d, l, spnego::MECH_TYPE, &m, me);
                }
            }
            (true, 2) | (false, 2) => {
                let field = if init {
                    spnego::MECH_TOKEN
                } else {
                    spnego::RESPONSE_TOKEN
                };
                cx.tree
                    .add(el, field, i.content, ie - i.content, Value::Bytes);
                krb5_blob(cx, d, i.content, ie, el);
            }
            (false, 0) => {
                let v = int(d, &i, ie);
                cx.uint(el, spnego::NEG_RESULT, i.content, ie - i.content, v as u64);
            }
            (false, 1) => {
                oid_item(cx, d, el, spnego::SUPPORTED_MECH, &i, ie);
            }
            _ => {}
        }
    }
}

/// A Kerberos token in a GSS-API wrapper (`60`, the KRB5 OID, a little-endian token id).
fn krb5_blob(cx: &mut Cx, d: &[u8], at: usize, end: usize, parent: ItemIdx) {
    cx.tree.layers.push("spnego-krb5");
    let b = cx
        .tree
        .add(parent, spnego::KRB5_BLOB, at, end - at, Value::Bytes);
    let Some((h, e)) = tlv(d, at, end) else {
        return;
    };
    if h.class != 1 || h.tag != 0 {
        return;
    }
    let Some((o, oe)) = tlv(d, h.content, e) else {
        return;
    };
    let oid = oid_item(cx, d, b, spnego::KRB5_OID_FIELD, &o, oe);
    if oid != KRB5_OID && oid != MS_KRB5_OID || oe + 2 > e {
        return;
    }
    let tok = u16::from_le_bytes([d[oe], d[oe + 1]]);
    cx.uint(b, spnego::KRB5_TOK_ID, oe, 2, tok as u64);
    let at = oe + 2;
    if at >= e {
        return;
    }
    let k = cx
        .tree
        .add(b, kerberos::PROTOCOL_FIELD, at, e - at, Value::None);
    let Some((app, ae)) = tlv(d, at, e) else {
        return;
    };
    let Some((sq, se)) = tlv(d, app.content, ae) else {
        return;
    };
    match (tok, app.tag) {
        (1, 14) => {
            let el = cx
                .tree
                .add(k, kerberos::AP_REQ, sq.start, se - sq.start, Value::None);
            for (c, ce) in children(d, sq.content, se) {
                match c.tag {
                    0 | 1 => pvno_msg_type(cx, d, el, &c, ce),
                    2 => ap_options(cx, d, el, &c, ce),
                    3 => {
                        let Some((t, te)) = tlv(d, c.content, ce) else {
                            continue;
                        };
                        let Some((ts, tse)) = tlv(d, t.content, te) else {
                            continue;
                        };
                        ticket(cx, d, el, &ts, tse);
                    }
                    4 => {
                        if let Some((s, se2)) = tlv(d, c.content, ce) {
                            let a = cx.tree.add(
                                el,
                                kerberos::AUTHENTICATOR,
                                s.start,
                                se2 - s.start,
                                Value::None,
                            );
                            encrypted(cx, d, a, &s, se2);
                        }
                    }
                    _ => {}
                }
            }
        }
        (2, 15) => {
            let el = cx
                .tree
                .add(k, kerberos::AP_REP, sq.start, se - sq.start, Value::None);
            for (c, ce) in children(d, sq.content, se) {
                match c.tag {
                    0 | 1 => pvno_msg_type(cx, d, el, &c, ce),
                    2 => {
                        if let Some((s, se2)) = tlv(d, c.content, ce) {
                            let a = cx.tree.add(
                                el,
                                kerberos::ENC_PART,
                                s.start,
                                se2 - s.start,
                                Value::None,
                            );
                            encrypted(cx, d, a, &s, se2);
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

fn pvno_msg_type(cx: &mut Cx, d: &[u8], el: ItemIdx, c: &der::Header, ce: usize) {
    if let Some((i, ie)) = inner_int(d, ce, c) {
        let v = int(d, &i, ie);
        if c.tag == 0 {
            cx.uint(el, kerberos::PVNO, i.content, ie - i.content, v as u64);
        } else {
            cx.tree.add(
                el,
                kerberos::MSG_TYPE,
                i.content,
                ie - i.content,
                Value::Int(v as i32 as i64),
            );
        }
    }
}

fn ap_options(cx: &mut Cx, d: &[u8], el: ItemIdx, c: &der::Header, ce: usize) {
    let Some((b, be)) = tlv(d, c.content, ce) else {
        return;
    };
    if be <= b.content {
        return;
    }
    cx.uint(
        el,
        crate::protocols::x509::ber::BITSTRING_PADDING,
        b.content,
        1,
        d[b.content] as u64,
    );
    let at = b.content + 1;
    let o = cx
        .tree
        .add(el, kerberos::AP_OPTIONS, at, be - at, Value::Bytes);
    if at < be {
        let v = d[at] as u64;
        for f in [
            kerberos::AP_RESERVED,
            kerberos::AP_USE_SESSION_KEY,
            kerberos::AP_MUTUAL_REQUIRED,
        ] {
            cx.bits(o, f, at, 1, v);
        }
    }
}

fn ticket(cx: &mut Cx, d: &[u8], parent: ItemIdx, t: &der::Header, te: usize) {
    let el = cx
        .tree
        .add(parent, kerberos::TICKET, t.start, te - t.start, Value::None);
    for (c, ce) in children(d, t.content, te) {
        let Some((i, ie)) = tlv(d, c.content, ce) else {
            continue;
        };
        match c.tag {
            0 => {
                let v = int(d, &i, ie);
                cx.uint(el, kerberos::TKT_VNO, i.content, ie - i.content, v as u64);
            }
            1 => {
                cx.tree
                    .add(el, kerberos::REALM, i.content, ie - i.content, Value::Str);
            }
            2 => {
                let s = cx
                    .tree
                    .add(el, kerberos::SNAME, i.start, ie - i.start, Value::None);
                for (p, pe) in children(d, i.content, ie) {
                    let Some((v, ve)) = tlv(d, p.content, pe) else {
                        continue;
                    };
                    if p.tag == 0 {
                        let n = int(d, &v, ve);
                        cx.tree.add(
                            s,
                            kerberos::NAME_TYPE,
                            v.content,
                            ve - v.content,
                            Value::Int(n as i32 as i64),
                        );
                    } else if p.tag == 1 {
                        let items = children(d, v.content, ve);
                        let n = items.len();
                        let l = cx.uint(
                            s,
                            kerberos::SNAME_STRING,
                            v.content,
                            ve - v.content,
                            n as u64,
                        );
                        if l.is_stored() {
                            let sfx = if n == 1 { "" } else { "s" };
                            cx.tree
                                .set_label(l, format_args!("sname-string: {n} item{sfx}"));
                        }
                        for (x, xe) in items {
                            cx.tree.add(
                                l,
                                kerberos::SNAME_STRING_ITEM,
                                x.content,
                                xe - x.content,
                                Value::Str,
                            );
                        }
                    }
                }
            }
            3 => {
                let a = cx
                    .tree
                    .add(el, kerberos::ENC_PART, i.start, ie - i.start, Value::None);
                encrypted(cx, d, a, &i, ie);
            }
            _ => {}
        }
    }
}

/// EncryptedData: etype, kvno, cipher.
fn encrypted(cx: &mut Cx, d: &[u8], el: ItemIdx, s: &der::Header, se: usize) {
    for (c, ce) in children(d, s.content, se) {
        let Some((i, ie)) = tlv(d, c.content, ce) else {
            continue;
        };
        match c.tag {
            0 => {
                let v = int(d, &i, ie);
                cx.tree.add(
                    el,
                    kerberos::ETYPE,
                    i.content,
                    ie - i.content,
                    Value::Int(v as i32 as i64),
                );
            }
            1 => {
                let v = int(d, &i, ie);
                cx.uint(el, kerberos::KVNO, i.content, ie - i.content, v as u64);
            }
            2 => {
                cx.tree.add(
                    el,
                    kerberos::CIPHER,
                    i.content,
                    ie - i.content,
                    Value::Bytes,
                );
            }
            _ => {}
        }
    }
}
