//! Every shared capture that comes with a TLS key log, decrypted with tlscrypt, against what tshark 4.0
//! decrypted from it (`tests/data/decrypted/`, made by `scripts/tlscrypt-oracle.sh`): the same
//! plaintexts, byte for byte (SHA-256), in the same frames. With a wrong secret every record must fail.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Connection, records, shared_dir, tcp_connections};
use sha2::{Digest, Sha256};
use tlscrypt::{DecryptError, Decrypter, Generation, KeyLog, Secrets, Suite, Tls12Keys, Tls13Keys};

/// Suites this crate knowingly does not implement; their connections must fail with the typed error and
/// are left out of the comparison. None of the corpus's today (the RC4 ones of
/// `wireshark-notes/tls-many-ciphers`, export grade included, are decrypted).
const OUT_OF_SCOPE: &[u16] = &[];

const CCS: u8 = 20;
const ALERT: u8 = 21;
const HANDSHAKE: u8 = 22;
const APPLICATION_DATA: u8 = 23;

/// One decrypted record: frame where its last byte arrived, plaintext.
type Decrypted = (u64, Vec<u8>);

/// The oracle's rows: (frame, length, SHA-256 hex).
fn oracle(path: &Path) -> Vec<(u64, usize, String)> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].to_string(),
            )
        })
        .collect()
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// A copy of the secrets with every secret's first byte flipped.
fn spoiled(s: &Secrets) -> Secrets {
    let flip = |o: &Option<tlscrypt::Secret>| {
        o.as_ref().map(|s| {
            let mut b = s.as_bytes().to_vec();
            b[0] ^= 0x80;
            tlscrypt::Secret::new(b)
        })
    };
    Secrets {
        master_secret: flip(&s.master_secret),
        client_early_traffic_secret: flip(&s.client_early_traffic_secret),
        client_handshake_traffic_secret: flip(&s.client_handshake_traffic_secret),
        server_handshake_traffic_secret: flip(&s.server_handshake_traffic_secret),
        client_traffic_secret_0: flip(&s.client_traffic_secret_0),
        server_traffic_secret_0: flip(&s.server_traffic_secret_0),
        exporter_secret: flip(&s.exporter_secret),
        early_exporter_secret: flip(&s.early_exporter_secret),
    }
}

/// What the ClientHello said.
struct ClientHello {
    random: [u8; 32],
    suites: Vec<u16>,
    early_data: bool,
}

fn parse_client_hello(m: &[u8]) -> Option<ClientHello> {
    let random: [u8; 32] = m.get(2..34)?.try_into().ok()?;
    let mut at = 35 + usize::from(*m.get(34)?);
    let n = usize::from(u16::from_be_bytes(m.get(at..at + 2)?.try_into().ok()?));
    let suites = m
        .get(at + 2..at + 2 + n)?
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    at += 2 + n;
    at += 1 + usize::from(*m.get(at)?);
    let mut ext = m.get(at + 2..).unwrap_or(&[]);
    let mut early_data = false;
    while ext.len() >= 4 {
        let ty = u16::from_be_bytes([ext[0], ext[1]]);
        let len = usize::from(u16::from_be_bytes([ext[2], ext[3]]));
        early_data |= ty == 0x002a;
        ext = ext.get(4 + len..)?;
    }
    Some(ClientHello {
        random,
        suites,
        early_data,
    })
}

/// What the ServerHello said.
struct Hello {
    random: [u8; 32],
    suite: u16,
    tls13: bool,
    encrypt_then_mac: bool,
}

fn parse_server_hello(m: &[u8]) -> Option<Hello> {
    let random: [u8; 32] = m.get(2..34)?.try_into().ok()?;
    let sid = usize::from(*m.get(34)?);
    let at = 35 + sid;
    let suite = u16::from_be_bytes(m.get(at..at + 2)?.try_into().ok()?);
    let mut ext = m.get(at + 3 + 2..)?;
    let (mut tls13, mut etm) = (false, false);
    while ext.len() >= 4 {
        let ty = u16::from_be_bytes([ext[0], ext[1]]);
        let len = usize::from(u16::from_be_bytes([ext[2], ext[3]]));
        let data = ext.get(4..4 + len)?;
        match ty {
            0x002b => tls13 = data == [3, 4],
            0x0016 => etm = true,
            _ => {}
        }
        ext = &ext[4 + len..];
    }
    Some(Hello {
        random,
        suite,
        tls13,
        encrypt_then_mac: etm,
    })
}

/// Per-connection decryption state, driven by the records of both directions in frame order.
struct Session<'k> {
    keylog: &'k KeyLog,
    client_random: Option<[u8; 32]>,
    tls13: bool,
    suite: Option<&'static Suite>,
    /// TLS 1.2: keys derived from the hellos, waiting for each side's ChangeCipherSpec.
    pending: [Option<Decrypter>; 2],
    active: [Option<Decrypter>; 2],
    /// The same, from spoiled secrets: must never decrypt anything.
    wrong_pending: [Option<Decrypter>; 2],
    wrong_active: [Option<Decrypter>; 2],
    /// Handshake bytes not yet forming a whole message, per direction.
    hs_buf: [Vec<u8>; 2],
    /// The direction's records are protected (after its ChangeCipherSpec, or TLS 1.3 after the
    /// ServerHello), whether or not the key log had the secrets for them.
    protected: [bool; 2],
    unsupported: Option<u16>,
    /// Records decrypted, by suite name (with "+etm" for encrypt_then_mac).
    used: BTreeMap<String, usize>,
    etm: bool,
    /// The client is sending 0-RTT data.
    early: bool,
}

impl<'k> Session<'k> {
    fn new(keylog: &'k KeyLog) -> Self {
        Session {
            keylog,
            client_random: None,
            tls13: false,
            suite: None,
            pending: [None, None],
            active: [None, None],
            wrong_pending: [None, None],
            wrong_active: [None, None],
            hs_buf: [Vec::new(), Vec::new()],
            protected: [false, false],
            unsupported: None,
            used: BTreeMap::new(),
            etm: false,
            early: false,
        }
    }

    fn secrets(&self) -> Option<&'k Secrets> {
        self.keylog.secrets_for(self.client_random.as_ref()?)
    }

    /// Handshake messages of direction `d`, whole ones only.
    fn handshake(&mut self, d: usize, data: &[u8]) -> Result<(), String> {
        self.hs_buf[d].extend_from_slice(data);
        loop {
            let buf = &self.hs_buf[d];
            if buf.len() < 4 {
                return Ok(());
            }
            let len = u32::from_be_bytes([0, buf[1], buf[2], buf[3]]) as usize;
            if buf.len() < 4 + len {
                return Ok(());
            }
            let msg: Vec<u8> = self.hs_buf[d].drain(..4 + len).collect();
            self.message(d, msg[0], &msg[4..])?;
        }
    }

    fn message(&mut self, d: usize, ty: u8, body: &[u8]) -> Result<(), String> {
        match (d, ty) {
            (0, 1) => {
                let hello = parse_client_hello(body).ok_or("bad ClientHello")?;
                self.client_random = Some(hello.random);
                // 0-RTT: the client's records right after its ClientHello are protected with the early
                // traffic secret, under the resumed session's suite; a test takes the first TLS 1.3 suite
                // offered (the fixture offers one).
                let early = self
                    .secrets()
                    .and_then(|s| s.client_early_traffic_secret.clone());
                if let (true, Some(secret)) = (hello.early_data, early) {
                    let suite = hello
                        .suites
                        .iter()
                        .find_map(|&id| {
                            Suite::lookup(id)
                                .ok()
                                .filter(|s| s.generation == Generation::Tls13)
                        })
                        .ok_or("early data without a TLS 1.3 suite")?;
                    let mut wrong = secret.as_bytes().to_vec();
                    wrong[0] ^= 0x80;
                    self.tls13 = true;
                    self.protected[0] = true;
                    self.early = true;
                    self.active[0] = Some(
                        Tls13Keys::from_secret(suite, secret.as_bytes())
                            .unwrap()
                            .decrypter(),
                    );
                    self.wrong_active[0] =
                        Some(Tls13Keys::from_secret(suite, &wrong).unwrap().decrypter());
                }
            }
            // EndOfEarlyData: the client moves from the early to its handshake traffic secret.
            (0, 5) => {
                self.early = false;
                self.active[0] = self.pending[0].take();
                self.wrong_active[0] = self.wrong_pending[0].take();
            }
            (1, 2) => {
                let hello = parse_server_hello(body).ok_or("bad ServerHello")?;
                self.tls13 = hello.tls13;
                let suite = match Suite::lookup(hello.suite) {
                    Ok(s) => s,
                    Err(e) => {
                        assert_eq!(
                            e.to_string(),
                            format!(
                                "cipher suite 0x{:04x} is not supported for decryption",
                                hello.suite
                            )
                        );
                        assert!(
                            OUT_OF_SCOPE.contains(&hello.suite),
                            "suite 0x{:04x} unexpectedly unsupported",
                            hello.suite
                        );
                        self.unsupported = Some(hello.suite);
                        return Ok(());
                    }
                };
                assert_eq!(
                    suite.generation == Generation::Tls13,
                    hello.tls13,
                    "{}",
                    suite.name
                );
                self.suite = Some(suite);
                self.etm = hello.encrypt_then_mac;
                if hello.tls13 {
                    self.protected = [true, true];
                }
                // No secrets (hotplace's renegotiation: the key log lacks the second handshake): like
                // tshark, decrypt nothing once this handshake's keys take over.
                let Some(secrets) = self.secrets() else {
                    if hello.tls13 {
                        self.active = [None, None];
                    } else {
                        self.pending = [None, None];
                        self.wrong_pending = [None, None];
                    }
                    return Ok(());
                };
                let wrong = spoiled(secrets);
                if hello.tls13 {
                    let hs = |s: &Secrets| -> Result<[Option<Decrypter>; 2], String> {
                        let c = s
                            .client_handshake_traffic_secret
                            .as_ref()
                            .ok_or("no CHTS")?;
                        let sv = s
                            .server_handshake_traffic_secret
                            .as_ref()
                            .ok_or("no SHTS")?;
                        Ok([
                            Some(
                                Tls13Keys::from_secret(suite, c.as_bytes())
                                    .map_err(|e| e.to_string())?
                                    .decrypter(),
                            ),
                            Some(
                                Tls13Keys::from_secret(suite, sv.as_bytes())
                                    .map_err(|e| e.to_string())?
                                    .decrypter(),
                            ),
                        ])
                    };
                    let [c, sv] = hs(secrets)?;
                    let [wc, wsv] = hs(&wrong)?;
                    (self.active[1], self.wrong_active[1]) = (sv, wsv);
                    // With 0-RTT the client's handshake keys wait for its EndOfEarlyData.
                    if self.early {
                        (self.pending[0], self.wrong_pending[0]) = (c, wc);
                    } else {
                        (self.active[0], self.wrong_active[0]) = (c, wc);
                    }
                } else {
                    let cr = self.client_random.ok_or("ServerHello before ClientHello")?;
                    let keys = |s: &Secrets| -> Result<[Option<Decrypter>; 2], String> {
                        let ms = s.master_secret.as_ref().ok_or("no master secret")?;
                        let k = Tls12Keys::derive(
                            suite,
                            ms.as_bytes(),
                            &cr,
                            &hello.random,
                            hello.encrypt_then_mac,
                        )
                        .map_err(|e| e.to_string())?;
                        let (c, sv) = k.decrypters();
                        Ok([Some(c), Some(sv)])
                    };
                    self.pending = keys(secrets)?;
                    self.wrong_pending = keys(&wrong)?;
                }
            }
            // TLS 1.3 Finished: this direction moves to its application traffic secret.
            (_, 20) if self.tls13 => {
                let suite = self.suite.unwrap();
                let app = |s: &Secrets| -> Result<Option<Decrypter>, String> {
                    let secret = if d == 0 {
                        &s.client_traffic_secret_0
                    } else {
                        &s.server_traffic_secret_0
                    };
                    let secret = secret.as_ref().ok_or("no application traffic secret")?;
                    Ok(Some(
                        Tls13Keys::from_secret(suite, secret.as_bytes())
                            .map_err(|e| e.to_string())?
                            .decrypter(),
                    ))
                };
                let Some(secrets) = self.secrets() else {
                    return Ok(());
                };
                self.active[d] = app(secrets)?;
                self.wrong_active[d] = app(&spoiled(secrets))?;
            }
            // TLS 1.3 KeyUpdate.
            (_, 24) if self.tls13 => {
                *self.used.entry("KeyUpdate".into()).or_default() += 1;
                self.active[d]
                    .as_mut()
                    .ok_or("KeyUpdate without keys")?
                    .key_update()
                    .map_err(|e| e.to_string())?;
                if let Some(w) = self.wrong_active[d].as_mut() {
                    w.key_update().map_err(|e| e.to_string())?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// One record of direction `d`; a decrypted one is pushed to `out`.
    fn record(
        &mut self,
        d: usize,
        content_type: u8,
        version: u16,
        body: &[u8],
        frame: u64,
        out: &mut Vec<Decrypted>,
    ) -> Result<(), String> {
        if self.unsupported.is_some() {
            return Ok(());
        }
        let encrypted = self.protected[d] && (!self.tls13 || content_type == APPLICATION_DATA);
        if encrypted && self.active[d].is_none() {
            return Ok(());
        }
        if !encrypted {
            if content_type == CCS && !self.tls13 {
                self.protected[d] = true;
                self.active[d] = self.pending[d].take();
                self.wrong_active[d] = self.wrong_pending[d].take();
            } else if content_type == HANDSHAKE {
                self.handshake(d, body)?;
            }
            return Ok(());
        }
        let dec = self.active[d].as_mut().unwrap();
        let suite = dec.suite();
        // Damaged copies of the record fail with the right key too (a clone keeps the sequence number):
        // cut short, or one bit flipped at the start, middle and end.
        let n = body.len();
        for cut in [0, 1, n / 2, n.saturating_sub(1)] {
            if cut < n {
                let r = dec.clone().decrypt(content_type, version, &body[..cut]);
                assert!(
                    r.is_err(),
                    "frame {frame}: record cut to {cut} bytes gave {r:?}"
                );
            }
        }
        for at in [0, n / 2, n.saturating_sub(1)] {
            let mut garbled = body.to_vec();
            if let Some(b) = garbled.get_mut(at) {
                *b ^= 0x04;
                let r = dec.clone().decrypt(content_type, version, &garbled);
                assert!(
                    r.is_err(),
                    "frame {frame}: record with byte {at} flipped gave {r:?}"
                );
            }
        }
        let plain = dec.decrypt(content_type, version, body).map_err(|e| {
            format!(
                "frame {frame}: {} record {}: {e}",
                suite.name,
                dec.sequence_number()
            )
        })?;
        let wrong = self.wrong_active[d]
            .as_mut()
            .unwrap()
            .decrypt(content_type, version, body);
        assert!(
            matches!(
                wrong,
                Err(DecryptError::BadRecordMac | DecryptError::BadPadding)
            ),
            "frame {frame}: a wrong key gave {wrong:?}"
        );
        let name = format!("{}{}", suite.name, if self.etm { "+etm" } else { "" });
        *self.used.entry(name).or_default() += 1;
        if self.early && d == 0 {
            *self.used.entry("early data".into()).or_default() += 1;
        }
        match plain.content_type {
            HANDSHAKE => self.handshake(d, &plain.bytes)?,
            CCS if !self.tls13 => {
                // An encrypted ChangeCipherSpec: a renegotiation switching to the new keys.
                self.active[d] = self.pending[d].take();
                self.wrong_active[d] = self.wrong_pending[d].take();
            }
            ALERT | APPLICATION_DATA | CCS => {}
            other => return Err(format!("frame {frame}: inner content type {other}")),
        }
        if !plain.bytes.is_empty() {
            out.push((frame, plain.bytes));
        }
        Ok(())
    }
}

/// Decrypts every TLS connection of a capture; the decrypted records in frame order and the number of
/// connections whose suite is out of scope.
fn decrypt_capture(
    conns: &[Connection],
    keylog: &KeyLog,
    used: &mut BTreeMap<String, usize>,
) -> Result<(Vec<Decrypted>, usize), String> {
    let mut all = Vec::new();
    let mut unsupported = 0;
    for conn in conns {
        if conn.dirs[0].gap || conn.dirs[1].gap {
            return Err(format!(
                "{:?} -> {:?}: segments lost or out of order",
                conn.client, conn.server
            ));
        }
        let recs = [
            records(&conn.dirs[0].bytes, 1),
            records(&conn.dirs[1].bytes, 2),
        ];
        if recs[0].is_empty() {
            continue;
        }
        // Both directions in the order tshark sees them: by the frame completing each record.
        let mut order: Vec<(u64, usize, usize)> = Vec::new();
        for (d, (dir_records, dir)) in recs.iter().zip(&conn.dirs).enumerate() {
            for (i, r) in dir_records.iter().enumerate() {
                order.push((dir.frame_of(r.last_byte), d, i));
            }
        }
        order.sort();
        let mut session = Session::new(keylog);
        for (frame, d, i) in order {
            let r = &recs[d][i];
            session.record(d, r.content_type, r.version, r.body, frame, &mut all)?;
        }
        unsupported += usize::from(session.unsupported.is_some());
        for (k, n) in session.used {
            *used.entry(k).or_default() += n;
        }
    }
    all.sort_by_key(|(f, _)| *f);
    Ok((all, unsupported))
}

/// A capture to decrypt: its name in `tests/data/decrypted/`, its path, and its key-log file (`None`:
/// the key log is in the capture's Decryption Secrets Block).
struct Case {
    rel: String,
    capture: PathBuf,
    keylog: Option<PathBuf>,
}

/// Every capture `tests/data/decrypted/` has tshark's view of: this crate's fixtures (`fixtures/`, key log
/// `NAME.keys` beside the capture) always; when `../shared` is present, its captures of
/// `oracle/decrypted/options` with their key-log file and the DSB captures (key log inside).
fn cases(shared: Option<&Path>) -> Vec<Case> {
    let mut out = Vec::new();
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let decrypted = data.join("decrypted");
    let mut stack = vec![decrypted.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(&decrypted)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let rel = rel.strip_suffix(".tsv").unwrap().to_string();
            if let Some(name) = rel.strip_prefix("fixtures/") {
                let stem = name.strip_suffix(".pcap").unwrap();
                out.push(Case {
                    capture: data.join(name),
                    keylog: Some(data.join(format!("{stem}.keys"))),
                    rel,
                });
                continue;
            }
            let Some(shared) = shared else {
                continue;
            };
            let opts = shared
                .join("oracle/decrypted/options")
                .join(format!("{rel}.txt"));
            let keylog = std::fs::read_to_string(&opts).ok().map(|o| {
                let name = o
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("tls.keylog_file:"))
                    .unwrap_or_else(|| panic!("{}: no key log option", opts.display()))
                    .to_string();
                shared
                    .join("captures")
                    .join(&rel)
                    .parent()
                    .unwrap()
                    .join(name)
            });
            out.push(Case {
                capture: shared.join("captures").join(&rel),
                keylog,
                rel,
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// The key log of a case, from its file or its Decryption Secrets Blocks. Lines with labels this crate
/// does not use are fine (OpenSSL logs `CLIENT_TRAFFIC_SECRET_N` after a KeyUpdate); any other warning
/// is not.
fn keylog_of(case: &Case, dsbs: &[Vec<u8>]) -> KeyLog {
    let mut keylog = KeyLog::new();
    let mut warnings = Vec::new();
    match &case.keylog {
        Some(p) => {
            let (log, w) = KeyLog::from_path(p).unwrap();
            keylog = log;
            warnings = w;
        }
        None => {
            assert_eq!(dsbs.len(), 1, "{}: one Decryption Secrets Block", case.rel);
            for d in dsbs {
                warnings.extend(keylog.add(d));
            }
        }
    }
    warnings.retain(|w| !matches!(w.kind, tlscrypt::WarningKind::UnknownLabel(_)));
    assert!(warnings.is_empty(), "{}: {warnings:?}", case.rel);
    keylog
}

#[test]
fn corpus_decrypts_as_tshark_does() {
    let shared = shared_dir();
    if shared.is_none() {
        eprintln!("../shared is absent: only this crate's own fixtures are decrypted");
    }
    let mut failures = Vec::new();
    let (mut captures, mut records_matched, mut skipped_connections) = (0, 0, 0);
    let mut used = BTreeMap::new();
    for case in cases(shared.as_deref()) {
        let rel = &case.rel;
        let want = oracle(
            &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/data/decrypted/{rel}.tsv")),
        );
        let (conns, dsbs) = tcp_connections(&case.capture);
        let keylog = keylog_of(&case, &dsbs);
        captures += 1;
        let (got, unsupported) = match decrypt_capture(&conns, &keylog, &mut used) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{rel}: {e}"));
                continue;
            }
        };
        skipped_connections += unsupported;
        if unsupported > 0 {
            // Out-of-scope suites only: nothing of those connections may have been decrypted, and tshark's
            // records are not compared.
            assert!(got.is_empty(), "{rel}");
            continue;
        }
        let got: Vec<(u64, usize, String)> = got
            .iter()
            .map(|(f, b)| (*f, b.len(), sha256_hex(b)))
            .collect();
        // tshark shows no data source for an empty record, so neither side lists one.
        if got != want {
            let mut by_frame: BTreeMap<u64, (Vec<String>, Vec<String>)> = BTreeMap::new();
            for (f, l, h) in &want {
                by_frame
                    .entry(*f)
                    .or_default()
                    .0
                    .push(format!("{l}:{}", &h[..8]));
            }
            for (f, l, h) in &got {
                by_frame
                    .entry(*f)
                    .or_default()
                    .1
                    .push(format!("{l}:{}", &h[..8]));
            }
            let diff: Vec<String> = by_frame
                .iter()
                .filter(|(_, (w, g))| w != g)
                .map(|(f, (w, g))| format!("frame {f}: tshark {w:?}, tlscrypt {g:?}"))
                .collect();
            failures.push(format!("{rel}: {}", diff.join("; ")));
        } else {
            records_matched += got.len();
        }
    }
    eprintln!(
        "{captures} captures, {records_matched} decrypted records identical to tshark's, \
         {skipped_connections} connections with out-of-scope suites"
    );
    eprintln!("records decrypted per suite: {used:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // This crate's fixtures: TLS 1.2 CCM and CCM-8, CBC-SHA without encrypt_then_mac, TLS 1.3 CCM-8, and a
    // TLS 1.3 KeyUpdate each way.
    for name in [
        "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        "TLS_AES_128_CCM_8_SHA256",
        "early data",
    ] {
        assert!(
            used.contains_key(name),
            "no {name} record decrypted: {used:?}"
        );
    }
    let key_updates = used.get("KeyUpdate").copied().unwrap_or(0);
    assert!(key_updates >= 2, "{key_updates} KeyUpdates");
    if shared.is_none() {
        return;
    }
    assert!(
        captures >= 32 && records_matched >= 300,
        "{captures} captures, {records_matched} records"
    );
    // The corpus exercises every other record format: TLS 1.2 GCM, ChaCha20, CBC (MAC-then-encrypt and
    // encrypt_then_mac), NULL; TLS 1.3 GCM (both sizes), ChaCha20, CCM.
    for name in [
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384+etm",
        "TLS_RSA_WITH_NULL_SHA256",
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_AES_128_CCM_SHA256",
    ] {
        assert!(
            used.contains_key(name),
            "no {name} record decrypted: {used:?}"
        );
    }
    assert!(
        captures >= 27 && records_matched >= 250,
        "{captures} captures, {records_matched} records"
    );
}

/// The shared oracle's own view (`oracle/decrypted/fields/R.tsv`): every HTTP request line tshark dissected
/// inside TLS is the start of a record tlscrypt decrypted, and illustrated-tls's "ping" and "pong" are
/// there.
#[test]
fn decrypted_http_requests_and_known_payloads() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared is absent: TLS decryption corpus test skipped");
        return;
    };
    let mut requests = 0;
    for case in cases(Some(&shared)) {
        let rel = &case.rel;
        let (conns, dsbs) = tcp_connections(&case.capture);
        let keylog = keylog_of(&case, &dsbs);
        let (got, unsupported) = decrypt_capture(&conns, &keylog, &mut BTreeMap::new()).unwrap();
        if unsupported > 0 {
            continue;
        }
        if rel.contains("illustrated") && rel.contains("tls1") {
            for word in [&b"ping"[..], b"pong"] {
                assert!(got.iter().any(|(_, p)| p == word), "{rel}: no {word:?}");
            }
        }
        let Ok(fields) = std::fs::read_to_string(
            shared
                .join("oracle/decrypted/fields")
                .join(format!("{rel}.tsv")),
        ) else {
            continue;
        };
        let mut lines = fields.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
        let (c_frame, c_method, c_uri) = (
            col("frame.number"),
            col("http.request.method"),
            col("http.request.uri"),
        );
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            if f[c_method].is_empty() || f[c_method].contains(',') {
                continue;
            }
            let frame: u64 = f[c_frame].parse().unwrap();
            let start = format!("{} {} HTTP/", f[c_method], f[c_uri]);
            assert!(
                got.iter()
                    .any(|(fr, p)| *fr == frame && p.starts_with(start.as_bytes())),
                "{rel} frame {frame}: no decrypted record starts with {start:?}"
            );
            requests += 1;
        }
    }
    eprintln!("{requests} HTTP request lines found in decrypted records");
    assert!(requests >= 10, "{requests}");
}

/// OpenSSL logs the secret that follows a KeyUpdate as `CLIENT_TRAFFIC_SECRET_N` /
/// `SERVER_TRAFFIC_SECRET_N` (a label of its own, which the parser skips): the keys tlscrypt derives with
/// "tls13 traffic upd" from `*_TRAFFIC_SECRET_0` must be the keys of that logged secret.
#[test]
fn key_update_matches_the_secret_openssl_logged() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/tls13-keyupdate.keys");
    let text = std::fs::read_to_string(&path).unwrap();
    let (log, warnings) = KeyLog::parse(text.as_bytes());
    assert_eq!(warnings.len(), 2, "the two _N lines: {warnings:?}");
    let secret = |label: &str| -> Vec<u8> {
        let hex = text
            .lines()
            .find_map(|l| l.strip_prefix(label)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("no {label}"))
            .split(' ')
            .nth(1)
            .unwrap();
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    };
    let suite = Suite::lookup(0x1301).unwrap();
    assert_eq!(log.len(), 1);
    for side in ["CLIENT", "SERVER"] {
        let zero =
            Tls13Keys::from_secret(suite, &secret(&format!("{side}_TRAFFIC_SECRET_0"))).unwrap();
        let logged =
            Tls13Keys::from_secret(suite, &secret(&format!("{side}_TRAFFIC_SECRET_N"))).unwrap();
        assert_eq!(zero.next().keys(), logged.keys(), "{side}");
        assert_ne!(zero.keys(), logged.keys(), "{side}");
    }
}
