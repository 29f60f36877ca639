//! Handshake messages (RFC 8446 §4, RFC 5246 §7.4) inside a handshake record, in the clear.

use fields::{ItemIdx, Value};

use super::*;
use super::{extensions, fingerprint};

/// ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3): SHA-256 of "HelloRetryRequest".
const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// Reads within `data[..end]`, and says where it ran out. `end` is where the structure ends as sent;
/// in a record cut by the snapshot length it lies past the captured `data`: lengths are checked
/// against it ([`Reader::left`]) as tshark checks them against the reported length, while the reads
/// stop at the captured bytes.
pub(crate) struct Reader<'d> {
    pub data: &'d [u8],
    pub at: usize,
    pub end: usize,
}

impl Reader<'_> {
    /// Where the bytes that can be read end.
    pub fn limit(&self) -> usize {
        self.end.min(self.data.len())
    }
    pub fn u8(&mut self) -> Option<u8> {
        let v = *self.data[..self.limit()].get(self.at)?;
        self.at += 1;
        Some(v)
    }
    pub fn u16(&mut self) -> Option<u16> {
        let v = read::be16(&self.data[..self.limit()], self.at)?;
        self.at += 2;
        Some(v)
    }
    pub fn u24(&mut self) -> Option<u32> {
        let v = read::be24(&self.data[..self.limit()], self.at)?;
        self.at += 3;
        Some(v)
    }
    pub fn u32(&mut self) -> Option<u32> {
        let v = read::be32(&self.data[..self.limit()], self.at)?;
        self.at += 4;
        Some(v)
    }
    /// Skips `n` bytes, returning where they start.
    pub fn take(&mut self, n: usize) -> Option<usize> {
        (n <= self.limit().saturating_sub(self.at)).then(|| {
            self.at += n;
            self.at - n
        })
    }
    pub fn left(&self) -> usize {
        self.end.saturating_sub(self.at)
    }
    /// Steps over a vector of `n` bytes checked against the length as sent (not the captured bytes,
    /// which the vector's own readers meet), returning where it starts.
    pub fn skip(&mut self, n: usize) -> Option<usize> {
        (n <= self.left()).then(|| {
            self.at += n;
            self.at - n
        })
    }
}

/// Dissects the handshake messages of a record body `data[offset..]`; returns what the record's label
/// names: its message, or "Multiple Handshake Messages" as tshark says for several. Each name goes to
/// the Info column.
/// `reported_end`: where the record ends as sent (past `data` when the snapshot length cut it).
pub(super) fn messages(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    reported_end: usize,
    rec: ItemIdx,
    stream: u32,
    dir: usize,
) -> String {
    let end = data.len();
    let mut at = offset;
    let mut names = Vec::new();
    while at < end {
        let kind = data[at];
        let name = super::name_or(names::HANDSHAKE_TYPES, kind as u64, "");
        // A first message of no known type is taken for an encrypted one (a renegotiation, or a
        // handshake after a ChangeCipherSpec that was not seen); later ones end the record.
        if name.is_empty() || end - at < 4 {
            if names.is_empty() {
                encrypted(cx, rec, at, end - at);
                names.push("Encrypted Handshake Message".to_owned());
            }
            break;
        }
        let len = read::be24(data, at + 1).unwrap_or(0) as usize;
        // tshark 4.0 takes a record whose first message claims 64 KiB or more for encrypted ("assume
        // handshake messages are below 64K"), unless the record is too short to be (under 16 bytes).
        if names.is_empty() && len >= 0x1_0000 && reported_end - offset >= 16 {
            encrypted(cx, rec, at, end - at);
            names.push("Encrypted Handshake Message".to_owned());
            break;
        }
        let body = at + 4;
        let body_end = (body + len).min(end);
        let sent_end = (body + len).min(reported_end);
        let hs = cx.tree.add(rec, HANDSHAKE, at, body_end - at, Value::None);
        cx.uint(hs, HS_TYPE, at, 1, kind as u64);
        cx.uint(hs, HS_LENGTH, at + 1, 3, len as u64);
        let hrr = kind == 2 && data.get(body + 2..body + 34) == Some(&HRR_RANDOM[..]);
        let shown = if hrr { "Hello Retry Request" } else { name };
        cx.tree
            .set_label(hs, format_args!("Handshake Protocol: {shown}"));
        append_info(cx, format_args!("{shown}"));
        names.push(shown.to_owned());
        let mut r = Reader {
            data,
            at: body,
            end: sent_end,
        };
        let ok = message_body(cx, kind, &mut r, hs, stream, dir);
        // Bytes the snapshot length cut off end the dissection; the record reports them.
        if ok.is_none() && end < reported_end {
            break;
        }
        if ok.is_none() || body + len > reported_end {
            // tshark 4.0 puts a message that runs past its record together with the next records';
            // here what the record holds is shown and the rest reported.
            super::too_small(cx, hs, r.at);
            break;
        }
        at = body + len;
    }
    match names.len() {
        0 | 1 => names.pop().unwrap_or_default(),
        _ => "Multiple Handshake Messages".to_owned(),
    }
}

/// The body of one handshake message of type `kind`, read by `r` (from its first byte to the end of
/// the message as sent), under the message's item `hs`. `None` when a length ran past the end; `r.at`
/// then says where. DTLS gives its messages (put together from their fragments) to this too.
pub(crate) fn message_body(
    cx: &mut Cx,
    kind: u8,
    r: &mut Reader<'_>,
    hs: ItemIdx,
    stream: u32,
    dir: usize,
) -> Option<()> {
    let dtls = cx.state.tls.conversation(stream).dtls;
    cx.state.tls.vector_stopped = false;
    let ok = match kind {
        1 => client_hello(cx, r, hs, stream, dir),
        2 => server_hello(cx, r, hs, stream, dir),
        3 if dtls => hello_verify_request(cx, r, hs),
        4 => new_session_ticket(cx, r, hs, stream),
        8 => extensions::list(cx, r, hs, extensions::Message::EncryptedExtensions),
        11 => certificate(cx, r, hs, stream),
        12 => server_key_exchange(cx, r, hs, stream),
        13 => certificate_request(cx, r, hs, stream),
        15 => certificate_verify(cx, r, hs),
        16 => client_key_exchange(cx, r, hs, stream),
        20 => {
            let at = r.at;
            let len = r.limit().saturating_sub(at);
            cx.tree.add(hs, HS_VERIFY_DATA, at, len, Value::None);
            Some(())
        }
        _ => Some(()),
    };
    // A vector too long for its message ends the message's dissection, and nothing else.
    if std::mem::take(&mut cx.state.tls.vector_stopped) {
        return Some(());
    }
    ok
}

/// A vector's length of `width` bytes (1, 2 or 3), read as tshark reads it: when what is left of
/// the message has no room for it, a "No more room for vector of length N" item under `parent` with
/// the "not enough data" expert, and the message (or extension) is read no further, as for
/// [`vector_fits`].
pub(super) fn vector_length(
    cx: &mut Cx,
    r: &mut Reader<'_>,
    parent: ItemIdx,
    width: usize,
) -> Option<usize> {
    if r.left() < width {
        let it = cx.text_item(
            parent,
            r.at,
            0,
            format_args!("No more room for vector of length {width}"),
        );
        cx.expert(
            it,
            MALFORMED_BUFFER_TOO_SMALL,
            Severity::Error,
            Group::Malformed,
            format_args!("No more room for vector of length {width}"),
        );
        cx.state.tls.vector_stopped = true;
        return None;
    }
    Some(match width {
        1 => r.u8()? as usize,
        2 => r.u16()? as usize,
        _ => r.u24()? as usize,
    })
}

/// tshark's check of a vector's length `n` against what is left of its message: a length past it
/// gets "Vector length N is too large, truncating it to M" under the length's item `len_item`, and
/// the message is read no further, without a malformed packet ([`message_body`] returns `Some`).
pub(super) fn vector_fits(cx: &mut Cx, r: &Reader<'_>, len_item: ItemIdx, n: usize) -> Option<()> {
    if n <= r.left() {
        return Some(());
    }
    // tshark notes it with its "not enough data" expert, under its own message.
    cx.expert(
        len_item,
        MALFORMED_BUFFER_TOO_SMALL,
        Severity::Error,
        Group::Malformed,
        format_args!(
            "Vector length {n} is too large, truncating it to {}",
            r.left()
        ),
    );
    cx.state.tls.vector_stopped = true;
    None
}

/// DTLS's cookie (RFC 6347 §4.2.1): a one-byte length and the bytes, in a HelloVerifyRequest and
/// after the session id of a ClientHello. Its fields are DTLS's own: TLS has none.
fn cookie(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx) -> Option<()> {
    use crate::protocols::dtls;
    let n = r.u8()? as usize;
    cx.uint(hs, dtls::HS_COOKIE_LENGTH, r.at - 1, 1, n as u64);
    if n > 0 {
        let at = r.take(n)?;
        cx.tree.add(hs, dtls::HS_COOKIE, at, n, Value::Bytes);
    }
    Some(())
}

/// DTLS's HelloVerifyRequest: the server's version and a cookie for the client to send back.
fn hello_verify_request(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx) -> Option<()> {
    let v = r.u16()?;
    cx.uint(hs, HS_VERSION, r.at - 2, 2, v as u64);
    cookie(cx, r, hs)
}

/// A handshake record that cannot be read (encrypted): one `tls.handshake` over `data[at..at + len]`,
/// as tshark shows it.
pub(super) fn encrypted(cx: &mut Cx, rec: ItemIdx, at: usize, len: usize) {
    let hs = cx.tree.add(rec, HANDSHAKE, at, len, Value::None);
    cx.tree.set_label(
        hs,
        format_args!("Handshake Protocol: Encrypted Handshake Message"),
    );
    append_info(cx, format_args!("Encrypted Handshake Message"));
}

/// Version, random (with, before TLS 1.3, the time tshark reads from its first four bytes), session
/// id. `tls13`: the session is known to be TLS 1.3, whose random holds no time.
fn hello_start(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx, tls13: bool) -> Option<u16> {
    let v = r.u16()?;
    cx.uint(hs, HS_VERSION, r.at - 2, 2, v as u64);
    let random = r.take(32)?;
    let ri = cx.tree.add(hs, HS_RANDOM, random, 32, Value::Bytes);
    // A HelloRetryRequest is a ServerHello with this fixed random (RFC 8446 4.1.3); tshark says so.
    if ri.is_stored() && r.data[random..random + 32] == HRR_RANDOM[..] {
        let hex: String = HRR_RANDOM.iter().map(|b| format!("{b:02x}")).collect();
        cx.tree
            .set_label(ri, format_args!("Random: {hex} (HelloRetryRequest magic)"));
    }
    if !tls13 {
        let secs = read::be32(r.data, random).unwrap_or(0);
        cx.tree.add(
            ri,
            HS_RANDOM_TIME,
            random,
            4,
            Value::AbsTime {
                secs: secs as i64,
                nanos: 0,
            },
        );
        cx.tree
            .add(ri, HS_RANDOM_BYTES, random + 4, 28, Value::Bytes);
    }
    let sid_len = r.u8()? as usize;
    cx.uint(hs, HS_SESSION_ID_LENGTH, r.at - 1, 1, sid_len as u64);
    if sid_len > 0 {
        let sid = r.take(sid_len)?;
        cx.tree.add(hs, HS_SESSION_ID, sid, sid_len, Value::Bytes);
    }
    Some(v)
}

fn client_hello(
    cx: &mut Cx,
    r: &mut Reader<'_>,
    hs: ItemIdx,
    stream: u32,
    _dir: usize,
) -> Option<()> {
    if let Some((sport, _, _)) = cx.transport {
        cx.state.tls.conversation(stream).client_port = Some(sport);
    }
    let tls13 = cx.state.tls.conversation(stream).version == Some(0x0304);
    let mut ja3 = fingerprint::Hello {
        version: hello_start(cx, r, hs, tls13)?,
        ..Default::default()
    };
    if cx.state.tls.conversation(stream).dtls {
        cookie(cx, r, hs)?;
    }
    let suites_len = vector_length(cx, r, hs, 2)?;
    let it = cx.uint(hs, HS_CIPHER_SUITES_LENGTH, r.at - 2, 2, suites_len as u64);
    vector_fits(cx, r, it, suites_len)?;
    let start = r.take(suites_len)?;
    let list = cx
        .tree
        .add(hs, HS_CIPHERSUITES, start, suites_len, Value::None);
    cx.tree.set_label(
        list,
        format_args!(
            "Cipher Suites ({} suite{})",
            suites_len / 2,
            if suites_len / 2 == 1 { "" } else { "s" }
        ),
    );
    for i in 0..suites_len / 2 {
        let s = read::be16(r.data, start + 2 * i).unwrap_or(0);
        cx.uint(list, HS_CIPHERSUITE, start + 2 * i, 2, s as u64);
        ja3.ciphers.push(s);
    }
    let comp_len = vector_length(cx, r, hs, 1)?;
    let it = cx.uint(hs, HS_COMP_METHODS_LENGTH, r.at - 1, 1, comp_len as u64);
    vector_fits(cx, r, it, comp_len)?;
    let start = r.take(comp_len)?;
    let list = cx
        .tree
        .add(hs, HS_COMP_METHODS, start, comp_len, Value::None);
    cx.tree.set_label(
        list,
        format_args!(
            "Compression Methods ({comp_len} method{})",
            if comp_len == 1 { "" } else { "s" }
        ),
    );
    for i in 0..comp_len {
        cx.uint(list, HS_COMP_METHOD, start + i, 1, r.data[start + i] as u64);
    }
    if r.left() > 0 {
        extensions::list_with(cx, r, hs, extensions::Message::ClientHello, &mut ja3)?;
    }
    fingerprint::client(cx, hs, &ja3);
    Some(())
}

fn server_hello(
    cx: &mut Cx,
    r: &mut Reader<'_>,
    hs: ItemIdx,
    stream: u32,
    _dir: usize,
) -> Option<()> {
    // tshark reads the version the server chose (supported_versions, else the legacy field) before
    // the hello's fields, so a TLS 1.3 ServerHello's random already shows no time.
    let chosen = chosen_version(&r.data[r.at..r.limit()]);
    if let Some(v) = chosen {
        super::set_version(cx, stream, v);
    }
    let legacy = hello_start(cx, r, hs, chosen == Some(0x0304))?;
    let mut ja3 = fingerprint::Hello {
        version: legacy,
        ..Default::default()
    };
    if chosen.is_none() {
        super::set_version(cx, stream, legacy);
    }
    let suite = r.u16()?;
    cx.uint(hs, HS_CIPHERSUITE, r.at - 2, 2, suite as u64);
    ja3.ciphers.push(suite);
    cx.state.tls.conversation(stream).suite = Some(suite);
    let comp = r.u8()?;
    cx.uint(hs, HS_COMP_METHOD, r.at - 1, 1, comp as u64);
    if r.left() > 0 {
        extensions::list_with(cx, r, hs, extensions::Message::ServerHello, &mut ja3)?;
    }
    if let Some(v) = ja3.selected_version {
        super::set_version(cx, stream, v);
    }
    fingerprint::server(cx, hs, &ja3);
    Some(())
}

/// The version a ServerHello body `b` chooses: its supported_versions extension's, else its legacy
/// version; `None` when the body is too short to say.
fn chosen_version(b: &[u8]) -> Option<u16> {
    let legacy = read::be16(b, 0)?;
    let sid_len = *b.get(34)? as usize;
    // Session id, then cipher suite (2) and compression method (1).
    let ext_len_at = 35 + sid_len + 3;
    let Some(ext_len) = read::be16(b, ext_len_at) else {
        return Some(legacy);
    };
    let ext_end = (ext_len_at + 2 + ext_len as usize).min(b.len());
    let mut at = ext_len_at + 2;
    while at + 4 <= ext_end {
        let kind = read::be16(b, at)?;
        let len = read::be16(b, at + 2)? as usize;
        if kind == 43 && len == 2 {
            return read::be16(&b[..ext_end], at + 4).or(Some(legacy));
        }
        at += 4 + len;
    }
    Some(legacy)
}

fn new_session_ticket(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx, stream: u32) -> Option<()> {
    let tls13 = cx.state.tls.conversation(stream).version == Some(0x0304);
    // tshark puts the ticket's fields under a text item over the message's body.
    let hs = cx.text_item(
        hs,
        r.at,
        r.limit().saturating_sub(r.at),
        format_args!("TLS Session Ticket"),
    );
    let hint = r.u32()?;
    let it = cx.uint(hs, HS_TICKET_LIFETIME_HINT, r.at - 4, 4, hint as u64);
    cx.tree.set_label(
        it,
        format_args!(
            "Session Ticket Lifetime Hint: {hint} second{} ({})",
            if hint == 1 { "" } else { "s" },
            crate::cx::duration_words(hint as u64, 0)
        ),
    );
    if tls13 {
        let add = r.u32()?;
        cx.uint(hs, HS_TICKET_AGE_ADD, r.at - 4, 4, add as u64);
        let n = r.u8()? as usize;
        cx.uint(hs, HS_TICKET_NONCE_LENGTH, r.at - 1, 1, n as u64);
        let at = r.take(n)?;
        cx.tree.add(hs, HS_TICKET_NONCE, at, n, Value::Bytes);
    }
    let n = r.u16()? as usize;
    cx.uint(hs, HS_TICKET_LENGTH, r.at - 2, 2, n as u64);
    let at = r.take(n)?;
    cx.tree.add(hs, HS_TICKET, at, n, Value::Bytes);
    if tls13 && r.left() > 0 {
        extensions::list(cx, r, hs, extensions::Message::NewSessionTicket)?;
    }
    Some(())
}

fn certificate(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx, stream: u32) -> Option<()> {
    let tls13 = cx.state.tls.conversation(stream).version == Some(0x0304);
    if tls13 {
        let n = r.u8()? as usize;
        cx.uint(hs, HS_CERT_REQUEST_CONTEXT_LENGTH, r.at - 1, 1, n as u64);
        let at = r.take(n)?;
        if n > 0 {
            cx.tree
                .add(hs, HS_CERT_REQUEST_CONTEXT, at, n, Value::Bytes);
        }
    }
    let total = r.u24()? as usize;
    let it = cx.uint(hs, HS_CERTIFICATES_LENGTH, r.at - 3, 3, total as u64);
    vector_fits(cx, r, it, total)?;
    let start = r.at;
    let list_end = (start + total).min(r.end);
    if total == 0 {
        // An empty list (a client with no certificate to offer) has no subtree in tshark.
        return Some(());
    }
    let list = cx
        .tree
        .add(hs, HS_CERTIFICATES, start, list_end - start, Value::None);
    cx.tree
        .set_label(list, format_args!("Certificates ({total} bytes)"));
    let mut inner = Reader {
        data: r.data,
        at: start,
        end: list_end,
    };
    while inner.left() > 0 {
        let n = inner.u24()? as usize;
        let it = cx.uint(list, HS_CERTIFICATE_LENGTH, inner.at - 3, 3, n as u64);
        vector_fits(cx, &inner, it, n)?;
        let at = inner.take(n)?;
        let cert = cx.tree.add(list, HS_CERTIFICATE, at, n, Value::Bytes);
        if !crate::protocols::x509::certificate(cx, r.data, at, n, cert) {
            // The exception ends the message.
            return Some(());
        }
        if tls13 {
            extensions::list(cx, &mut inner, list, extensions::Message::Certificate)?;
        }
    }
    r.take(total)?;
    Some(())
}

/// The key exchange a cipher suite uses, from its name.
fn kex_of(suite: Option<u16>) -> &'static str {
    let name = suite.map_or("", |s| super::name_or(names::CIPHER_SUITES, s as u64, ""));
    if name.contains("_ECDHE_") || name.contains("_ECDH_anon_") {
        "ecdhe"
    } else if name.contains("_DHE_") || name.contains("_DH_anon_") {
        "dhe"
    } else if name.starts_with("TLS_RSA_") {
        "rsa"
    } else {
        ""
    }
}

fn server_key_exchange(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx, stream: u32) -> Option<()> {
    let conv = cx.state.tls.conversation(stream).clone();
    let tls12 = conv.version == Some(0x0303);
    match kex_of(conv.suite) {
        "ecdhe" => {
            let params = cx.text_item(
                hs,
                r.at,
                r.left(),
                format_args!("EC Diffie-Hellman Server Params"),
            );
            let t = r.u8()?;
            cx.uint(params, HS_SERVER_CURVE_TYPE, r.at - 1, 1, t as u64);
            let curve = r.u16()?;
            cx.uint(params, HS_SERVER_NAMED_CURVE, r.at - 2, 2, curve as u64);
            let n = r.u8()? as usize;
            cx.uint(params, HS_SERVER_POINT_LEN, r.at - 1, 1, n as u64);
            let at = r.take(n)?;
            cx.tree.add(params, HS_SERVER_POINT, at, n, Value::Bytes);
            signature(cx, r, params, tls12)
        }
        "dhe" => {
            let params = cx.text_item(
                hs,
                r.at,
                r.left(),
                format_args!("Diffie-Hellman Server Params"),
            );
            opaque16_fields(
                cx,
                r,
                params,
                &[(HS_P_LEN, HS_P), (HS_G_LEN, HS_G), (HS_YS_LEN, HS_YS)],
            )?;
            signature(cx, r, params, tls12)
        }
        // RSA key exchange with a ServerKeyExchange: the temporary key of an export suite.
        "rsa" => {
            let params = cx.text_item(hs, r.at, r.left(), format_args!("RSA-EXPORT Server Params"));
            opaque16_fields(
                cx,
                r,
                params,
                &[(HS_MODULUS_LEN, HS_MODULUS), (HS_EXPONENT_LEN, HS_EXPONENT)],
            )?;
            signature(cx, r, params, tls12)
        }
        _ => Some(()),
    }
}

/// Key exchange values that are each a two-byte length and that many bytes (DH p, g and Ys; an
/// RSA-EXPORT modulus and exponent; the client's DH Yc), in order.
fn opaque16_fields(
    cx: &mut Cx,
    r: &mut Reader<'_>,
    parent: ItemIdx,
    fields: &[(fields::FieldId, fields::FieldId)],
) -> Option<()> {
    for &(len_field, field) in fields {
        let n = r.u16()? as usize;
        cx.uint(parent, len_field, r.at - 2, 2, n as u64);
        let at = r.take(n)?;
        cx.tree.add(parent, field, at, n, Value::Bytes);
    }
    Some(())
}

/// A signature with, in TLS 1.2, its algorithm first.
fn signature(cx: &mut Cx, r: &mut Reader<'_>, parent: ItemIdx, with_algorithm: bool) -> Option<()> {
    if r.left() == 0 {
        return Some(());
    }
    if with_algorithm {
        extensions::signature_scheme(cx, r, parent)?;
    }
    let n = r.u16()? as usize;
    cx.uint(parent, HS_SIG_LEN, r.at - 2, 2, n as u64);
    let at = r.take(n)?;
    cx.tree.add(parent, HS_SIG, at, n, Value::Bytes);
    Some(())
}

fn certificate_request(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx, stream: u32) -> Option<()> {
    let version = cx.state.tls.conversation(stream).version;
    if version == Some(0x0304) {
        let n = r.u8()? as usize;
        cx.uint(hs, HS_CERT_REQUEST_CONTEXT_LENGTH, r.at - 1, 1, n as u64);
        let at = r.take(n)?;
        if n > 0 {
            cx.tree
                .add(hs, HS_CERT_REQUEST_CONTEXT, at, n, Value::Bytes);
        }
        return extensions::list(cx, r, hs, extensions::Message::CertificateRequest);
    }
    let n = r.u8()? as usize;
    cx.uint(hs, HS_CERT_TYPES_COUNT, r.at - 1, 1, n as u64);
    let at = r.take(n)?;
    let list = cx.tree.add(hs, HS_CERT_TYPES, at, n, Value::None);
    cx.tree.set_label(
        list,
        format_args!(
            "Certificate types ({n} type{})",
            crate::protocols::plural(n)
        ),
    );
    for i in 0..n {
        let v = r.data[at + i];
        let it = cx.uint(list, HS_CERT_TYPE, at + i, 1, v as u64);
        // tshark's field of this name is labelled for SSLv2's certificate types; here its
        // ClientCertificateType twin names the value.
        let name = super::name_or(names::CLIENT_CERTIFICATE_TYPES, v as u64, "Unknown");
        cx.tree
            .set_label(it, format_args!("Certificate type: {name} ({v})"));
    }
    if version == Some(0x0303) {
        extensions::signature_schemes(cx, r, hs)?;
    }
    let n = r.u16()? as usize;
    cx.uint(hs, HS_DNAMES_LEN, r.at - 2, 2, n as u64);
    let start = r.take(n)?;
    if n == 0 {
        return Some(());
    }
    let list = cx.tree.add(hs, HS_DNAMES, start, n, Value::None);
    let mut inner = Reader {
        data: r.data,
        at: start,
        end: start + n,
    };
    while inner.left() > 0 {
        let m = inner.u16()? as usize;
        cx.uint(list, HS_DNAME_LEN, inner.at - 2, 2, m as u64);
        let at = inner.take(m)?;
        cx.tree.add(list, HS_DNAME, at, m, Value::None);
    }
    Some(())
}

fn certificate_verify(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx) -> Option<()> {
    extensions::signature_scheme(cx, r, hs)?;
    let n = r.u16()? as usize;
    cx.uint(hs, HS_CERT_VERIFY_SIG_LEN, r.at - 2, 2, n as u64);
    let at = r.take(n)?;
    cx.tree.add(hs, HS_CERT_VERIFY_SIG, at, n, Value::Bytes);
    Some(())
}

fn client_key_exchange(cx: &mut Cx, r: &mut Reader<'_>, hs: ItemIdx, stream: u32) -> Option<()> {
    let suite = cx.state.tls.conversation(stream).suite;
    // The client sends its (EC)DH public key whether the server's is ephemeral or fixed in its
    // certificate (the static ECDH_* and DH_* suites).
    let name = suite.map_or("", |s| super::name_or(names::CIPHER_SUITES, s as u64, ""));
    let kex = match kex_of(suite) {
        "" if name.contains("_ECDH_") => "ecdhe",
        "" if name.contains("_DH_") => "dhe",
        kex => kex,
    };
    match kex {
        "ecdhe" => {
            let params = cx.text_item(
                hs,
                r.at,
                r.left(),
                format_args!("EC Diffie-Hellman Client Params"),
            );
            let n = r.u8()? as usize;
            cx.uint(params, HS_CLIENT_POINT_LEN, r.at - 1, 1, n as u64);
            let at = r.take(n)?;
            cx.tree.add(params, HS_CLIENT_POINT, at, n, Value::Bytes);
        }
        "dhe" => {
            let params = cx.text_item(
                hs,
                r.at,
                r.left(),
                format_args!("Diffie-Hellman Client Params"),
            );
            opaque16_fields(cx, r, params, &[(HS_YC_LEN, HS_YC)])?;
        }
        "rsa" => {
            let params = cx.text_item(
                hs,
                r.at,
                r.left(),
                format_args!("RSA Encrypted PreMaster Secret"),
            );
            let n = r.u16()? as usize;
            cx.uint(params, HS_EPMS_LEN, r.at - 2, 2, n as u64);
            let at = r.take(n)?;
            cx.tree.add(params, HS_EPMS, at, n, Value::Bytes);
        }
        _ => {}
    }
    Some(())
}
