//! Decryption of a TLS connection's records with the secrets of a key log (`-o tls.keylog_file:`, pcapng
//! Decryption Secrets Blocks): the per-connection key schedule state that follows the handshake. The
//! cryptography is `tlscrypt`'s; this module decides which keys apply to which record, as Wireshark
//! does:
//! - TLS 1.2: keys are derived at the ServerHello from the master secret logged for the ClientHello's
//!   random and take effect at each side's ChangeCipherSpec; a renegotiation's hellos arrive encrypted
//!   and its ChangeCipherSpec (encrypted too) switches to the keys derived from them.
//! - TLS 1.3: each side's handshake traffic secret applies from the ServerHello on, its application
//!   traffic secret after its Finished, the next generation after its KeyUpdate; 0-RTT data uses the
//!   client's early traffic secret until its EndOfEarlyData.
//!
//! The state follows the handshake messages themselves (read here from the records' plaintext, whole
//! messages only, across records), not the tree the dissector builds, so that it is the same whatever
//! fields a run asks for.

use tlscrypt::{Decrypter, Generation, KeyLog, Plaintext, Secrets, Suite, Tls12Keys, Tls13Keys};

use super::{APPLICATION_DATA_TYPE, AppProtocol, CHANGE_CIPHER_SPEC_TYPE, HANDSHAKE_TYPE};
use crate::flow::stream::StreamDirection;

/// Handshake bytes held for a message that later records complete; a longer hello is not followed
/// (its state changes are lost, the records stay encrypted). Hellos are a few hundred bytes.
const MAX_HANDSHAKE_MESSAGE: usize = 1 << 16;

/// ServerHello.random of a HelloRetryRequest (RFC 8446 §4.1.3).
const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// What became of one record.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The record is not protected (a hello, a ChangeCipherSpec, anything before the keys apply).
    Clear,
    /// The record was decrypted.
    Decrypted(Plaintext),
    /// The record is protected and cannot be decrypted: why, and whether it is the direction's first
    /// such record (which gets the expert note).
    Undecryptable { why: String, first: bool },
}

/// One connection's decryption state (per TCP stream).
#[derive(Debug, Default)]
pub(crate) struct Session {
    client_random: Option<[u8; 32]>,
    /// The suites the ClientHello offered and whether it offered early data (0-RTT).
    offered_suites: Vec<u16>,
    early_data_offered: bool,
    tls13: bool,
    suite: Option<&'static Suite>,
    /// TLS 1.2: the keys derived from the latest hellos, waiting for each side's ChangeCipherSpec;
    /// TLS 1.3 with 0-RTT: the client's handshake keys, waiting for its EndOfEarlyData.
    pending: [Option<Decrypter>; 2],
    /// The keys each direction's protected records are decrypted with now.
    active: [Option<Decrypter>; 2],
    /// Handshake bytes that do not make a whole message yet, per direction.
    handshake: [Vec<u8>; 2],
    /// Bytes of a message not followed (see [`Session::handshake`]) still to come, per direction.
    skip: [usize; 2],
    /// The direction's records are protected (after its ChangeCipherSpec; TLS 1.3: after the
    /// ServerHello), whether or not the secrets for them are known.
    protected: [bool; 2],
    /// The client is sending 0-RTT data.
    early: bool,
    /// Why the connection's protected records cannot be decrypted (no secrets, a suite out of scope).
    reason: Option<String>,
    /// A direction's undecryptable record has had its expert note (one per direction).
    noted: [bool; 2],
    /// The protocol named by the ServerHello's ALPN extension.
    pub(crate) alpn: Option<Vec<u8>>,
    /// The protocol that asked for TLS with STARTTLS, which gets the decrypted application data.
    pub(crate) starttls_from: Option<AppProtocol>,
    /// The protocol the application data was taken for by its content (no ALPN or port named one).
    pub(crate) by_content: Option<AppProtocol>,
    /// Each direction's decrypted application data, cut into its protocol's PDUs, and the count of its
    /// bytes so far (the "sequence number" the cutting goes by).
    pub(crate) app: [StreamDirection; 2],
    pub(crate) app_seq: [u32; 2],
}

impl Session {
    /// Takes one record of direction `dir` (0 client to server): its header's content type and version
    /// and its whole body. Protected records are decrypted with the keys that apply to them; every
    /// record's handshake messages (in the clear or decrypted) move the key schedule on.
    pub(crate) fn record(
        &mut self,
        keylog: &KeyLog,
        dir: usize,
        content_type: u8,
        version: u16,
        body: &[u8],
    ) -> Outcome {
        let protected =
            self.protected[dir] && (!self.tls13 || content_type == APPLICATION_DATA_TYPE);
        if !protected {
            match content_type {
                CHANGE_CIPHER_SPEC_TYPE if !self.tls13 => {
                    self.protected[dir] = true;
                    self.active[dir] = self.pending[dir].take();
                }
                HANDSHAKE_TYPE => self.handshake(keylog, dir, body),
                _ => {}
            }
            return Outcome::Clear;
        }
        let first = !std::mem::replace(&mut self.noted[dir], true);
        let Some(decrypter) = self.active[dir].as_mut() else {
            let why = self
                .reason
                .clone()
                .unwrap_or_else(|| "no key for this record".to_owned());
            return Outcome::Undecryptable { why, first };
        };
        match decrypter.decrypt(content_type, version, body) {
            Ok(plain) => {
                // Only a record that fails is noted.
                self.noted[dir] = !first;
                match plain.content_type {
                    HANDSHAKE_TYPE => self.handshake(keylog, dir, &plain.bytes),
                    // An encrypted ChangeCipherSpec: a renegotiation moves to its new keys.
                    CHANGE_CIPHER_SPEC_TYPE if !self.tls13 => {
                        self.active[dir] = self.pending[dir].take();
                    }
                    _ => {}
                }
                Outcome::Decrypted(plain)
            }
            Err(e) => Outcome::Undecryptable {
                why: e.to_string(),
                first,
            },
        }
    }

    fn secrets<'k>(&self, keylog: &'k KeyLog) -> Option<&'k Secrets> {
        keylog.secrets_for(self.client_random.as_ref()?)
    }

    /// Handshake bytes of `dir`: whole messages are read, the rest kept for the next record. Messages
    /// that do not move the key schedule (certificates, key exchanges) are stepped over unbuffered.
    fn handshake(&mut self, keylog: &KeyLog, dir: usize, mut bytes: &[u8]) {
        loop {
            if self.skip[dir] > 0 {
                let n = self.skip[dir].min(bytes.len());
                self.skip[dir] -= n;
                bytes = &bytes[n..];
            }
            if bytes.is_empty() {
                return;
            }
            let buf = &mut self.handshake[dir];
            // Only as much as completes the header, then the message.
            let want = match buf[..] {
                [_, a, b, c, ..] => 4 + u32::from_be_bytes([0, a, b, c]) as usize,
                _ => 4,
            };
            let take = want.saturating_sub(buf.len()).min(bytes.len());
            buf.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            let [kind, a, b, c, ..] = buf[..] else {
                continue;
            };
            let len = u32::from_be_bytes([0, a, b, c]) as usize;
            if !matters(kind) || len > MAX_HANDSHAKE_MESSAGE {
                self.skip[dir] = (4 + len) - buf.len();
                buf.clear();
                continue;
            }
            if buf.len() < 4 + len {
                continue;
            }
            let message = std::mem::take(buf);
            self.message(keylog, dir, kind, &message[4..]);
        }
    }

    fn message(&mut self, keylog: &KeyLog, dir: usize, kind: u8, body: &[u8]) {
        match (dir, kind) {
            (0, 1) => self.client_hello(keylog, body),
            (0, 5) => {
                // EndOfEarlyData: the client moves to its handshake traffic secret.
                self.early = false;
                self.active[0] = self.pending[0].take();
            }
            (1, 2) => self.server_hello(keylog, body),
            // TLS 1.3 moved the server's ALPN answer into EncryptedExtensions.
            (1, 8) => {
                let mut b = Bytes(body);
                if let Some(alpn) = b
                    .extensions()
                    .into_iter()
                    .find_map(|(kind, data)| (kind == 16).then(|| alpn_choice(data)).flatten())
                {
                    self.alpn = Some(alpn);
                }
            }
            // TLS 1.3 Finished: the direction moves to its application traffic secret.
            (_, 20) if self.tls13 => {
                let (Some(suite), Some(secrets)) = (self.suite, self.secrets(keylog)) else {
                    return;
                };
                let secret = if dir == 0 {
                    &secrets.client_traffic_secret_0
                } else {
                    &secrets.server_traffic_secret_0
                };
                self.active[dir] = secret.as_ref().and_then(|s| tls13(suite, s.as_bytes()));
                if self.active[dir].is_none() {
                    self.reason = Some("the key log has no application traffic secret".into());
                }
            }
            // TLS 1.3 KeyUpdate: the direction's next generation of keys.
            (_, 24) if self.tls13 => {
                if let Some(d) = self.active[dir].as_mut()
                    && d.key_update().is_err()
                {
                    self.active[dir] = None;
                }
            }
            _ => {}
        }
    }

    fn client_hello(&mut self, keylog: &KeyLog, body: &[u8]) {
        let Some(hello) = ClientHello::parse(body) else {
            return;
        };
        self.client_random = Some(hello.random);
        self.offered_suites = hello.suites;
        self.early_data_offered = hello.early_data;
        if !self.early_data_offered {
            return;
        }
        // 0-RTT: the client's records right after its ClientHello are protected with the early traffic
        // secret, under the resumed session's suite: the first TLS 1.3 suite offered.
        let early = self
            .secrets(keylog)
            .and_then(|s| s.client_early_traffic_secret.as_ref());
        let suite = self.offered_suites.iter().find_map(|&id| {
            Suite::lookup(id)
                .ok()
                .filter(|s| s.generation == Generation::Tls13)
        });
        if let (Some(secret), Some(suite)) = (early, suite) {
            self.tls13 = true;
            self.protected[0] = true;
            self.early = true;
            self.active[0] = tls13(suite, secret.as_bytes());
        }
    }

    fn server_hello(&mut self, keylog: &KeyLog, body: &[u8]) {
        let Some(hello) = ServerHello::parse(body) else {
            return;
        };
        if hello.random == HRR_RANDOM {
            // A HelloRetryRequest (TLS 1.3 only): a second ClientHello and ServerHello follow, and the
            // ChangeCipherSpecs sent meanwhile are for middleboxes, protecting nothing.
            self.tls13 = true;
            return;
        }
        self.tls13 = hello.tls13;
        self.alpn = hello.alpn;
        let suite = match Suite::lookup(hello.suite) {
            Ok(s) => s,
            Err(e) => {
                self.reason = Some(e.to_string());
                self.pending = [None, None];
                if hello.tls13 {
                    self.protected = [true, true];
                    self.active = [None, None];
                }
                return;
            }
        };
        self.suite = Some(suite);
        if hello.tls13 {
            self.protected = [true, true];
        }
        let Some(secrets) = self.secrets(keylog) else {
            // A NULL cipher hides nothing: its records are read without the keys.
            if let Some(null) = Decrypter::null_without_keys(suite) {
                self.pending = [Some(null.clone()), Some(null)];
                return;
            }
            // No secrets for this handshake (a renegotiation the key log lacks, say): nothing is
            // decrypted once its keys would take over, as Wireshark does.
            self.reason = Some("the key log has no secrets for this connection".into());
            if hello.tls13 {
                self.active = [None, None];
            } else {
                self.pending = [None, None];
            }
            return;
        };
        if hello.tls13 {
            let client = secrets
                .client_handshake_traffic_secret
                .as_ref()
                .and_then(|s| tls13(suite, s.as_bytes()));
            let server = secrets
                .server_handshake_traffic_secret
                .as_ref()
                .and_then(|s| tls13(suite, s.as_bytes()));
            if client.is_none() || server.is_none() {
                self.reason = Some("the key log has no handshake traffic secret".into());
            }
            self.active[1] = server;
            // With 0-RTT the client's handshake keys wait for its EndOfEarlyData.
            if self.early {
                self.pending[0] = client;
            } else {
                self.active[0] = client;
            }
        } else {
            let (Some(cr), Some(ms)) = (self.client_random, secrets.master_secret.as_ref()) else {
                self.reason = Some("the key log has no master secret for this connection".into());
                self.pending = [None, None];
                return;
            };
            match Tls12Keys::derive(
                suite,
                ms.as_bytes(),
                &cr,
                &hello.random,
                hello.encrypt_then_mac,
            ) {
                Ok(keys) => {
                    let (c, s) = keys.decrypters();
                    self.pending = [Some(c), Some(s)];
                }
                Err(e) => {
                    self.reason = Some(e.to_string());
                    self.pending = [None, None];
                }
            }
        }
    }
}

/// Whether a handshake message of this type moves the key schedule on (hellos, EndOfEarlyData,
/// EncryptedExtensions with the ALPN, Finished, KeyUpdate).
fn matters(kind: u8) -> bool {
    matches!(kind, 1 | 2 | 5 | 8 | 20 | 24)
}

/// A TLS 1.3 decrypter from a traffic secret, if the secret fits the suite.
fn tls13(suite: &'static Suite, secret: &[u8]) -> Option<Decrypter> {
    Tls13Keys::from_secret(suite, secret)
        .ok()
        .map(|k| k.decrypter())
}

/// A cursor over a handshake message body.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        let b = self.take(2)?;
        Some(u16::from_be_bytes([b[0], b[1]]))
    }
    /// A vector with a one- or two-byte length.
    fn vec8(&mut self) -> Option<&'a [u8]> {
        let n = self.u8()? as usize;
        self.take(n)
    }
    fn vec16(&mut self) -> Option<&'a [u8]> {
        let n = self.u16()? as usize;
        self.take(n)
    }
    fn random(&mut self) -> Option<[u8; 32]> {
        self.take(32)?.try_into().ok()
    }
    /// The extensions that follow, as (type, data); none when the message ends here.
    fn extensions(&mut self) -> Vec<(u16, &'a [u8])> {
        let mut out = Vec::new();
        let Some(list) = self.vec16() else {
            return out;
        };
        let mut list = Bytes(list);
        while let (Some(kind), Some(data)) = (list.u16(), list.vec16()) {
            out.push((kind, data));
        }
        out
    }
}

/// The protocol a server's ALPN extension chose: a list of one name.
fn alpn_choice(data: &[u8]) -> Option<Vec<u8>> {
    let list = Bytes(data).vec16()?;
    Bytes(list).vec8().map(<[u8]>::to_vec)
}

/// What decryption needs of a ClientHello.
struct ClientHello {
    random: [u8; 32],
    suites: Vec<u16>,
    early_data: bool,
}

impl ClientHello {
    fn parse(body: &[u8]) -> Option<ClientHello> {
        let mut b = Bytes(body);
        b.u16()?;
        let random = b.random()?;
        b.vec8()?;
        let suites = b
            .vec16()?
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        b.vec8()?;
        let early_data = b.extensions().iter().any(|&(kind, _)| kind == 42);
        Some(ClientHello {
            random,
            suites,
            early_data,
        })
    }
}

/// What decryption needs of a ServerHello.
struct ServerHello {
    random: [u8; 32],
    suite: u16,
    tls13: bool,
    encrypt_then_mac: bool,
    alpn: Option<Vec<u8>>,
}

impl ServerHello {
    fn parse(body: &[u8]) -> Option<ServerHello> {
        let mut b = Bytes(body);
        b.u16()?;
        let random = b.random()?;
        b.vec8()?;
        let suite = b.u16()?;
        b.u8()?;
        let mut tls13 = false;
        let mut encrypt_then_mac = false;
        let mut alpn = None;
        for (kind, data) in b.extensions() {
            match kind {
                43 => tls13 = data == [3, 4],
                22 => encrypt_then_mac = true,
                16 => alpn = alpn_choice(data),
                _ => {}
            }
        }
        Some(ServerHello {
            random,
            suite,
            tls13,
            encrypt_then_mac,
            alpn,
        })
    }
}
