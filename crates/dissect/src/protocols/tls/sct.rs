//! Signed certificate timestamps (RFC 6962 §3.2-3.3): a log's promise to publish a certificate, sent
//! in the certificate itself (X.509 extension 1.3.6.1.4.1.11129.2.4.2), in the TLS extension
//! signed_certificate_timestamp (18) or in a stapled OCSP response. All three carry the same
//! SignedCertificateTimestampList, which TLS's fields describe wherever it is found, as in tshark.

use fields::{ItemIdx, Value};

use super::handshake::{Reader, vector_fits, vector_length};
use super::*;

/// The bytes of a Log ID: the SHA-256 hash of the log's public key.
const LOG_ID_LEN: usize = 32;

/// Dissects the SignedCertificateTimestampList at `data[at..end]` (`end`: where its container ends
/// as sent) under `parent`: its length, then one subtree per SerializedSCT.
///
/// tshark names each log from a list of the logs it knows ("Google 'Argon2022' log"); wiresift does
/// not carry that list, so every SCT is labelled as tshark labels one from a log it does not know.
pub(crate) fn sct_list(
    cx: &mut Cx,
    data: &[u8],
    at: usize,
    end: usize,
    parent: ItemIdx,
) -> Option<()> {
    let mut r = Reader { data, at, end };
    let n = vector_length(cx, &mut r, parent, 2)?;
    let it = cx.uint(parent, SCT_SCTS_LENGTH, r.at - 2, 2, n as u64);
    vector_fits(cx, &r, it, n)?;
    let list_end = r.at + n;
    while r.at < list_end {
        let mut list = Reader {
            data,
            at: r.at,
            end: list_end,
        };
        let start = list.at;
        let m = vector_length(cx, &mut list, parent, 2)?;
        let sct = cx.text_item(
            parent,
            start,
            (2 + m).min(list_end - start),
            format_args!("Signed Certificate Timestamp"),
        );
        let len_item = cx.uint(sct, SCT_SCT_LENGTH, start, 2, m as u64);
        vector_fits(cx, &list, len_item, m)?;
        let mut one = Reader {
            data,
            at: list.at,
            end: list.at + m,
        };
        r.at = list.at + m;
        sct_fields(cx, &mut one, sct)?;
    }
    Some(())
}

/// One SignedCertificateTimestamp: version, log, time, extensions and the log's signature.
fn sct_fields(cx: &mut Cx, r: &mut Reader<'_>, sct: ItemIdx) -> Option<()> {
    let version = r.u8()?;
    cx.uint(sct, SCT_SCT_VERSION, r.at - 1, 1, u64::from(version));
    let at = r.take(LOG_ID_LEN)?;
    cx.tree
        .add(sct, SCT_SCT_LOGID, at, LOG_ID_LEN, Value::Bytes);
    // Named once its log is known, as tshark does (an SCT too long for its list has no name).
    cx.tree.set_label(
        sct,
        format_args!("Signed Certificate Timestamp (Unknown Log)"),
    );
    let hi = r.u32()?;
    let lo = r.u32()?;
    // Milliseconds since the Unix epoch.
    let ms = (u64::from(hi) << 32) | u64::from(lo);
    let secs = i64::try_from(ms / 1000).unwrap_or(i64::MAX);
    let nanos = (ms % 1000) as u32 * 1_000_000;
    cx.tree.add(
        sct,
        SCT_SCT_TIMESTAMP,
        r.at - 8,
        8,
        Value::AbsTime { secs, nanos },
    );
    let n = vector_length(cx, r, sct, 2)?;
    let it = cx.uint(sct, SCT_SCT_EXTENSIONS_LENGTH, r.at - 2, 2, n as u64);
    vector_fits(cx, r, it, n)?;
    if n > 0 {
        let at = r.take(n)?;
        cx.tree.add(sct, SCT_SCT_EXTENSIONS, at, n, Value::None);
    }
    super::extensions::signature_scheme(cx, r, sct)?;
    let n = vector_length(cx, r, sct, 2)?;
    let it = cx.uint(sct, SCT_SCT_SIGNATURE_LENGTH, r.at - 2, 2, n as u64);
    vector_fits(cx, r, it, n)?;
    let at = r.take(n)?;
    cx.tree.add(sct, SCT_SCT_SIGNATURE, at, n, Value::Bytes);
    Some(())
}
