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
