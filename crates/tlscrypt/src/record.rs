//! Traffic keys from secrets (TLS 1.2 key block, TLS 1.3 HKDF-Expand-Label) and record decryption.

use std::fmt;

use aes_gcm::aead::{self, AeadInOut, KeyInit};
use aes_gcm::{Aes128Gcm, Aes256Gcm};
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
use ccm::Ccm;
use ccm::consts::{U8, U12, U16};
use chacha20poly1305::ChaCha20Poly1305;

use crate::kdf;
use crate::keylog::CLIENT_RANDOM_LEN;
use crate::suite::{Bulk, Generation, Hash, Suite, UnsupportedSuite};

type Aes128Ccm = Ccm<aes::Aes128, U16, U12>;
type Aes256Ccm = Ccm<aes::Aes256, U16, U12>;
type Aes128Ccm8 = Ccm<aes::Aes128, U8, U12>;
type Aes256Ccm8 = Ccm<aes::Aes256, U8, U12>;

/// AES block length, the CBC IV length.
const BLOCK: usize = 16;

/// TLS record content type of application data, the outer type of every TLS 1.3 protected record.
pub const CONTENT_APPLICATION_DATA: u8 = 23;

/// A decrypted record.
#[derive(Clone, PartialEq, Eq)]
pub struct Plaintext {
    /// The real content type: the outer one for TLS 1.2, the inner one (after the padding) for TLS 1.3.
    pub content_type: u8,
    /// The record's content, without explicit nonce, MAC, padding or (TLS 1.3) inner content type.
    pub bytes: Vec<u8>,
}

impl fmt::Debug for Plaintext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Decrypted content is what the secrets protected: show its size, not its bytes.
        f.debug_struct("Plaintext")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// Why keys could not be derived or a record could not be decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecryptError {
    /// The suite is not in this crate's table.
    #[error(transparent)]
    UnsupportedSuite(#[from] UnsupportedSuite),
    /// A TLS 1.3 suite given to the TLS 1.2 key schedule, or the reverse.
    #[error("{suite} belongs to {wanted}, not to the {used} key schedule")]
    WrongGeneration {
        /// The suite's name.
        suite: &'static str,
        /// "TLS 1.3" or "TLS 1.2", the suite's own.
        wanted: &'static str,
        /// The key schedule it was given to.
        used: &'static str,
    },
    /// The secret from the key log does not fit the suite (a TLS 1.3 secret must be as long as the
    /// suite's hash; a master secret is 48 bytes).
    #[error("a {got}-byte secret does not fit {suite}, which needs {want} bytes")]
    SecretLength {
        /// The suite's name.
        suite: &'static str,
        /// Length given.
        got: usize,
        /// Length needed.
        want: usize,
    },
    /// The record body cannot even hold the suite's nonce, IV, tag or MAC.
    #[error("a {len}-byte record is too short for {suite} (at least {min} bytes)")]
    RecordTooShort {
        /// The suite's name.
        suite: &'static str,
        /// The record body's length.
        len: usize,
        /// The smallest possible body.
        min: usize,
    },
    /// CBC ciphertext whose length is not a whole number of blocks.
    #[error("a CBC record's ciphertext of {len} bytes is not a whole number of 16-byte blocks")]
    NotBlockAligned {
        /// Length of the ciphertext after the IV (and, with encrypt_then_mac, before the MAC).
        len: usize,
    },
    /// The AEAD tag or the record MAC does not verify: wrong key, wrong sequence number (a record
    /// missing from the capture) or a damaged record.
    #[error(
        "the record does not authenticate (bad record MAC): wrong key, a record missing before it, or damaged data"
    )]
    BadRecordMac,
    /// CBC padding that is not `n` bytes of value `n` (MAC-then-encrypt with a wrong key, usually).
    #[error("the CBC padding is not valid: wrong key, a record missing before it, or damaged data")]
    BadPadding,
    /// TLS 1.3 inner plaintext made only of zero bytes: there is no content type.
    #[error("the TLS 1.3 inner plaintext has no content type (it is all zero padding)")]
    NoContentType,
    /// KeyUpdate asked of a TLS 1.2 decrypter.
    #[error("KeyUpdate exists only in TLS 1.3")]
    NotTls13,
}

/// The keys of one direction: MAC key (TLS 1.2 CBC and NULL), cipher key, IV (TLS 1.2 AEAD: the fixed
/// part of the nonce; TLS 1.3: the nonce mask). `Debug` shows only their lengths.
#[derive(Clone, PartialEq, Eq)]
pub struct DirectionKeys {
    mac_key: Vec<u8>,
    key: Vec<u8>,
    iv: Vec<u8>,
}

impl DirectionKeys {
    /// The record MAC key (empty for AEAD suites and TLS 1.3).
    pub fn mac_key(&self) -> &[u8] {
        &self.mac_key
    }

    /// The cipher key (empty for NULL suites).
    pub fn key(&self) -> &[u8] {
        &self.key
    }

    /// The key-block or derived IV (empty for CBC and NULL suites, whose IVs travel in the records).
    pub fn iv(&self) -> &[u8] {
        &self.iv
    }
}

impl fmt::Debug for DirectionKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DirectionKeys {{ mac_key: {} bytes, key: {} bytes, iv: {} bytes }}",
            self.mac_key.len(),
            self.key.len(),
            self.iv.len()
        )
    }
}

/// The TLS 1.2 key block of one connection (RFC 5246 §6.3), split into the client's and the server's
/// write keys.
#[derive(Debug, Clone)]
pub struct Tls12Keys {
    suite: &'static Suite,
    client: DirectionKeys,
    server: DirectionKeys,
    encrypt_then_mac: bool,
}

impl Tls12Keys {
    /// Expands `master_secret` with the suite's PRF (`"key expansion"`, server random then client random)
    /// into MAC keys, cipher keys and fixed IVs for both directions. `encrypt_then_mac` is true when the
    /// ServerHello accepted the encrypt_then_mac extension (RFC 7366; it matters for CBC suites only).
    pub fn derive(
        suite: &'static Suite,
        master_secret: &[u8],
        client_random: &[u8; CLIENT_RANDOM_LEN],
        server_random: &[u8; 32],
        encrypt_then_mac: bool,
    ) -> Result<Tls12Keys, DecryptError> {
        if suite.generation != Generation::Tls12 {
            return Err(DecryptError::WrongGeneration {
                suite: suite.name,
                wanted: "TLS 1.3",
                used: "TLS 1.2",
            });
        }
        if master_secret.len() != 48 {
            return Err(DecryptError::SecretLength {
                suite: suite.name,
                got: master_secret.len(),
                want: 48,
            });
        }
        let (m, k, i) = (
            suite.mac_key_len(),
            suite.bulk.key_material_len(),
            suite.bulk.tls12_fixed_iv_len(),
        );
        let block = kdf::prf(
            suite.prf,
            master_secret,
            b"key expansion",
            &[server_random, client_random],
            2 * (m + k + i),
        );
        let part = |at: usize, len: usize| block[at..at + len].to_vec();
        let mut client = DirectionKeys {
            mac_key: part(0, m),
            key: part(2 * m, k),
            iv: part(2 * m + 2 * k, i),
        };
        let mut server = DirectionKeys {
            mac_key: part(m, m),
            key: part(2 * m + k, k),
            iv: part(2 * m + 2 * k + i, i),
        };
        // Export suites stretch their short key material with the randoms, client's first, by the
        // PRF of the connection (RFC 2246 §6.3), as Wireshark does for TLS 1.2 too.
        if k < suite.bulk.key_len() {
            let stretch = |material: &[u8], label: &[u8]| {
                kdf::prf(
                    suite.prf,
                    material,
                    label,
                    &[client_random, server_random],
                    suite.bulk.key_len(),
                )
            };
            client.key = stretch(&client.key, b"client write key");
            server.key = stretch(&server.key, b"server write key");
        }
        // CBC with encrypt_then_mac is the only case where the extension changes the record format.
        let encrypt_then_mac =
            encrypt_then_mac && matches!(suite.bulk, Bulk::Aes128Cbc | Bulk::Aes256Cbc);
        Ok(Tls12Keys {
            suite,
            client,
            server,
            encrypt_then_mac,
        })
    }

    /// The client's write keys (what decrypts client-to-server records).
    pub fn client_write(&self) -> &DirectionKeys {
        &self.client
    }

    /// The server's write keys.
    pub fn server_write(&self) -> &DirectionKeys {
        &self.server
    }

    /// Decrypters for (client → server, server → client), each at sequence number 0 (the first record
    /// after that side's ChangeCipherSpec).
    pub fn decrypters(&self) -> (Decrypter, Decrypter) {
        let make = |keys: &DirectionKeys| Decrypter {
            suite: self.suite,
            seq: 0,
            cipher: Cipher::new(self.suite.bulk, &keys.key),
            keys: keys.clone(),
            encrypt_then_mac: self.encrypt_then_mac,
            tls13_secret: None,
            verify_mac: true,
        };
        (make(&self.client), make(&self.server))
    }
}

/// The TLS 1.3 traffic keys of one direction and epoch, from one traffic secret (RFC 8446 §7.3).
#[derive(Debug, Clone)]
pub struct Tls13Keys {
    suite: &'static Suite,
    secret: crate::keylog::Secret,
    keys: DirectionKeys,
}

impl Tls13Keys {
    /// `key = HKDF-Expand-Label(secret, "key", "", key_len)`, `iv = HKDF-Expand-Label(secret, "iv", "",
    /// 12)`. The secret is any of a key log's TLS 1.3 traffic secrets (early, handshake, application);
    /// its length must be the suite's hash length.
    pub fn from_secret(suite: &'static Suite, secret: &[u8]) -> Result<Tls13Keys, DecryptError> {
        if suite.generation != Generation::Tls13 {
            return Err(DecryptError::WrongGeneration {
                suite: suite.name,
                wanted: "TLS 1.2",
                used: "TLS 1.3",
            });
        }
        if secret.len() != suite.prf.len() {
            return Err(DecryptError::SecretLength {
                suite: suite.name,
                got: secret.len(),
                want: suite.prf.len(),
            });
        }
        let expand = |label: &str, len: usize| {
            kdf::expand_label(suite.prf, secret, label, b"", len).map_err(|_| {
                DecryptError::SecretLength {
                    suite: suite.name,
                    got: secret.len(),
                    want: suite.prf.len(),
                }
            })
        };
        let keys = DirectionKeys {
            mac_key: Vec::new(),
            key: expand("key", suite.bulk.key_len())?,
            iv: expand("iv", 12)?,
        };
        Ok(Tls13Keys {
            suite,
            secret: crate::keylog::Secret::new(secret.to_vec()),
            keys,
        })
    }

    /// The write key and IV.
    pub fn keys(&self) -> &DirectionKeys {
        &self.keys
    }

    /// The keys of the next epoch after a KeyUpdate: the secret becomes
    /// `HKDF-Expand-Label(secret, "traffic upd", "", hash_len)`.
    pub fn next(&self) -> Tls13Keys {
        let next = kdf::expand_label(
            self.suite.prf,
            self.secret.as_bytes(),
            "traffic upd",
            b"",
            self.suite.prf.len(),
        )
        .expect("the current secret has the hash's length, checked in from_secret");
        Tls13Keys::from_secret(self.suite, &next).expect("the next secret has the hash's length")
    }

    /// A decrypter at sequence number 0.
    pub fn decrypter(&self) -> Decrypter {
        Decrypter {
            suite: self.suite,
            seq: 0,
            cipher: Cipher::new(self.suite.bulk, &self.keys.key),
            keys: self.keys.clone(),
            encrypt_then_mac: false,
            tls13_secret: Some(self.clone()),
            verify_mac: true,
        }
    }
}

/// The initialised cipher of one direction.
#[derive(Clone)]
enum Cipher {
    Null,
    /// CBC keys are kept as bytes: each record brings its own IV, and a new CBC decryptor is made from
    /// key and IV per record.
    Aes128Cbc,
    Aes256Cbc,
    Aes128Gcm(Box<Aes128Gcm>),
    Aes256Gcm(Box<Aes256Gcm>),
    ChaCha20Poly1305(Box<ChaCha20Poly1305>),
    Aes128Ccm(Box<Aes128Ccm>),
    Aes256Ccm(Box<Aes256Ccm>),
    Aes128Ccm8(Box<Aes128Ccm8>),
    Aes256Ccm8(Box<Aes256Ccm8>),
    Rc4(Box<Rc4Stream>),
}

/// An RC4 key stream and how far it has run: the cipher state carries over from record to record.
struct Rc4Stream {
    key: Vec<u8>,
    used: u64,
    rc4: rc4::Rc4,
}

impl Rc4Stream {
    fn new(key: &[u8]) -> Rc4Stream {
        use rc4::KeyInit;
        Rc4Stream {
            key: key.to_vec(),
            used: 0,
            rc4: rc4::Rc4::new_from_slice(key).expect("the key schedule made a 16-byte key"),
        }
    }

    /// XORs the next `data.len()` bytes of the key stream into `data`.
    fn apply(&mut self, data: &mut [u8]) {
        use rc4::StreamCipher;
        self.rc4.apply_keystream(data);
        self.used += data.len() as u64;
    }
}

/// The crate's RC4 state cannot be cloned: a copy starts from the key and runs the stream as far.
impl Clone for Rc4Stream {
    fn clone(&self) -> Rc4Stream {
        let mut copy = Rc4Stream::new(&self.key);
        let mut left = self.used;
        let mut scratch = [0u8; 4096];
        while left > 0 {
            let n = left.min(scratch.len() as u64) as usize;
            copy.apply(&mut scratch[..n]);
            left -= n as u64;
        }
        copy
    }
}

impl Cipher {
    /// `key` has the bulk cipher's key length (the key schedules make it so).
    fn new(bulk: Bulk, key: &[u8]) -> Cipher {
        fn init<A: KeyInit>(key: &[u8]) -> Box<A> {
            Box::new(
                A::new_from_slice(key).expect("the key schedule made a key of the cipher's length"),
            )
        }
        match bulk {
            Bulk::Null => Cipher::Null,
            Bulk::Aes128Cbc => Cipher::Aes128Cbc,
            Bulk::Aes256Cbc => Cipher::Aes256Cbc,
            Bulk::Aes128Gcm => Cipher::Aes128Gcm(init(key)),
            Bulk::Aes256Gcm => Cipher::Aes256Gcm(init(key)),
            Bulk::ChaCha20Poly1305 => Cipher::ChaCha20Poly1305(init(key)),
            Bulk::Aes128Ccm => Cipher::Aes128Ccm(init(key)),
            Bulk::Aes256Ccm => Cipher::Aes256Ccm(init(key)),
            Bulk::Aes128Ccm8 => Cipher::Aes128Ccm8(init(key)),
            Bulk::Aes256Ccm8 => Cipher::Aes256Ccm8(init(key)),
            Bulk::Rc4128 | Bulk::Rc4Export40 => Cipher::Rc4(Box::new(Rc4Stream::new(key))),
        }
    }

    /// AEAD decryption of `ciphertext || tag`.
    fn open(&self, nonce: &[u8; 12], aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, DecryptError> {
        fn run<A: AeadInOut>(
            a: &A,
            nonce: &[u8; 12],
            aad: &[u8],
            sealed: &[u8],
        ) -> Result<Vec<u8>, DecryptError> {
            let nonce =
                aead::Nonce::<A>::try_from(&nonce[..]).map_err(|_| DecryptError::BadRecordMac)?;
            let mut buf = sealed.to_vec();
            a.decrypt_in_place(&nonce, aad, &mut buf)
                .map_err(|_| DecryptError::BadRecordMac)?;
            Ok(buf)
        }
        match self {
            Cipher::Aes128Gcm(a) => run(a.as_ref(), nonce, aad, sealed),
            Cipher::Aes256Gcm(a) => run(a.as_ref(), nonce, aad, sealed),
            Cipher::ChaCha20Poly1305(a) => run(a.as_ref(), nonce, aad, sealed),
            Cipher::Aes128Ccm(a) => run(a.as_ref(), nonce, aad, sealed),
            Cipher::Aes256Ccm(a) => run(a.as_ref(), nonce, aad, sealed),
            Cipher::Aes128Ccm8(a) => run(a.as_ref(), nonce, aad, sealed),
            Cipher::Aes256Ccm8(a) => run(a.as_ref(), nonce, aad, sealed),
            Cipher::Null | Cipher::Aes128Cbc | Cipher::Aes256Cbc | Cipher::Rc4(_) => {
                unreachable!("open is called for AEAD suites only")
            }
        }
    }

    /// CBC decryption without unpadding; `data` is a whole number of blocks.
    fn cbc_decrypt(&self, key: &[u8], iv: &[u8], data: &mut [u8]) {
        fn run<C: BlockModeDecrypt + KeyIvInit>(key: &[u8], iv: &[u8], data: &mut [u8]) {
            let d = C::new_from_slices(key, iv).expect("key and IV lengths checked by the caller");
            d.decrypt_padded::<NoPadding>(data)
                .expect("the caller checked that the data is whole blocks");
        }
        match self {
            Cipher::Aes128Cbc => run::<cbc::Decryptor<aes::Aes128>>(key, iv, data),
            Cipher::Aes256Cbc => run::<cbc::Decryptor<aes::Aes256>>(key, iv, data),
            _ => unreachable!("cbc_decrypt is called for CBC suites only"),
        }
    }
}

/// Decrypts the records of one direction of one connection, in order, keeping the sequence number.
///
/// The sequence number advances on every record that decrypts; a record that fails leaves it unchanged
/// (call [`Decrypter::skip_record`] to step over a record known to be lost or unreadable).
#[derive(Clone)]
pub struct Decrypter {
    suite: &'static Suite,
    seq: u64,
    cipher: Cipher,
    keys: DirectionKeys,
    encrypt_then_mac: bool,
    /// TLS 1.3: the current epoch's keys, for KeyUpdate.
    tls13_secret: Option<Tls13Keys>,
    /// Whether the record MAC is checked: always, except for a NULL suite read without its keys.
    verify_mac: bool,
}

impl fmt::Debug for Decrypter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decrypter")
            .field("suite", &self.suite.name)
            .field("tls13", &self.tls13_secret.is_some())
            .field("encrypt_then_mac", &self.encrypt_then_mac)
            .field("seq", &self.seq)
            .field("keys", &self.keys)
            .finish()
    }
}

impl Decrypter {
    /// A decrypter for a TLS 1.2 suite with NULL encryption whose keys are not known: its records are
    /// in the clear, so their content is read by taking off the MAC, which cannot be checked (as
    /// Wireshark reads such records without a key log). `None` for any other suite.
    pub fn null_without_keys(suite: &'static Suite) -> Option<Decrypter> {
        (suite.bulk == Bulk::Null && suite.generation == Generation::Tls12).then(|| Decrypter {
            suite,
            seq: 0,
            cipher: Cipher::Null,
            keys: DirectionKeys {
                mac_key: Vec::new(),
                key: Vec::new(),
                iv: Vec::new(),
            },
            encrypt_then_mac: false,
            tls13_secret: None,
            verify_mac: false,
        })
    }

    /// The suite this decrypter was made for.
    pub fn suite(&self) -> &'static Suite {
        self.suite
    }

    /// The sequence number the next record will be decrypted with.
    pub fn sequence_number(&self) -> u64 {
        self.seq
    }

    /// Sets the sequence number of the next record.
    pub fn set_sequence_number(&mut self, seq: u64) {
        self.seq = seq;
    }

    /// Counts a record without decrypting it (one the capture lost, or that failed to decrypt but was
    /// certainly sent), so that the following records use the right sequence number.
    pub fn skip_record(&mut self) {
        self.seq = self.seq.wrapping_add(1);
    }

    /// TLS 1.3 KeyUpdate: moves to the next traffic secret of this direction and restarts the sequence
    /// at 0. Call it after the record carrying this direction's KeyUpdate message.
    pub fn key_update(&mut self) -> Result<(), DecryptError> {
        let next = self
            .tls13_secret
            .as_ref()
            .ok_or(DecryptError::NotTls13)?
            .next();
        *self = next.decrypter();
        Ok(())
    }

    /// Decrypts one record. `outer_content_type` and `version` are the record header's fields, `body` the
    /// `length` bytes after the header. On success the sequence number advances.
    pub fn decrypt(
        &mut self,
        outer_content_type: u8,
        version: u16,
        body: &[u8],
    ) -> Result<Plaintext, DecryptError> {
        let plain = if self.tls13_secret.is_some() {
            self.decrypt_tls13(outer_content_type, version, body)?
        } else {
            let bytes = if let Cipher::Rc4(stream) = &mut self.cipher {
                // The key stream moves on over every record the sender encrypted, read or not.
                let mut plain = body.to_vec();
                stream.apply(&mut plain);
                self.check_stream_mac(outer_content_type, version, plain)?
            } else {
                self.decrypt_tls12(outer_content_type, version, body)?
            };
            Plaintext {
                content_type: outer_content_type,
                bytes,
            }
        };
        self.seq = self.seq.wrapping_add(1);
        Ok(plain)
    }

    fn too_short(&self, len: usize, min: usize) -> DecryptError {
        DecryptError::RecordTooShort {
            suite: self.suite.name,
            len,
            min,
        }
    }

    /// The per-record nonce of TLS 1.3 and of TLS 1.2 ChaCha20-Poly1305: the IV XOR the sequence number,
    /// left-padded to 12 bytes.
    fn xor_nonce(&self) -> [u8; 12] {
        let mut nonce = [0u8; 12];
        nonce.copy_from_slice(&self.keys.iv[..12]);
        for (n, s) in nonce[4..].iter_mut().zip(self.seq.to_be_bytes()) {
            *n ^= s;
        }
        nonce
    }

    fn decrypt_tls13(
        &self,
        outer_content_type: u8,
        version: u16,
        body: &[u8],
    ) -> Result<Plaintext, DecryptError> {
        let tag = self.suite.bulk.tag_len();
        // At least the tag and the inner content type byte.
        if body.len() < tag + 1 {
            return Err(self.too_short(body.len(), tag + 1));
        }
        let mut aad = [0u8; 5];
        aad[0] = outer_content_type;
        aad[1..3].copy_from_slice(&version.to_be_bytes());
        aad[3..5].copy_from_slice(&(body.len() as u16).to_be_bytes());
        let mut inner = self.cipher.open(&self.xor_nonce(), &aad, body)?;
        // TLSInnerPlaintext: content || content type || zero padding.
        let end = inner
            .iter()
            .rposition(|&b| b != 0)
            .ok_or(DecryptError::NoContentType)?;
        let content_type = inner[end];
        inner.truncate(end);
        Ok(Plaintext {
            content_type,
            bytes: inner,
        })
    }

    /// `seq || type || version || length`, the TLS 1.2 MAC and AEAD additional data.
    fn tls12_header(&self, content_type: u8, version: u16, len: usize) -> [u8; 13] {
        let mut h = [0u8; 13];
        h[..8].copy_from_slice(&self.seq.to_be_bytes());
        h[8] = content_type;
        h[9..11].copy_from_slice(&version.to_be_bytes());
        h[11..13].copy_from_slice(&(len as u16).to_be_bytes());
        h
    }

    fn check_mac(&self, content_type: u8, version: u16, data: &[&[u8]], mac: &[u8]) -> bool {
        let hash = self.suite.mac.unwrap_or(Hash::Sha256);
        let len = data.iter().map(|d| d.len()).sum();
        let header = self.tls12_header(content_type, version, len);
        let mut parts: Vec<&[u8]> = vec![&header];
        parts.extend_from_slice(data);
        let want = kdf::hmac(hash, &self.keys.mac_key, &parts);
        // Not constant-time: a passive analyser has no oracle to protect.
        want == mac
    }

    /// A stream cipher's record, deciphered: `content || MAC`; returns the content if the MAC holds.
    fn check_stream_mac(
        &self,
        content_type: u8,
        version: u16,
        mut plain: Vec<u8>,
    ) -> Result<Vec<u8>, DecryptError> {
        let mac_len = self.suite.mac_key_len();
        if plain.len() < mac_len {
            return Err(self.too_short(plain.len(), mac_len));
        }
        let (content, mac) = plain.split_at(plain.len() - mac_len);
        if !self.check_mac(content_type, version, &[content], mac) {
            return Err(DecryptError::BadRecordMac);
        }
        plain.truncate(plain.len() - mac_len);
        Ok(plain)
    }

    fn decrypt_tls12(
        &self,
        content_type: u8,
        version: u16,
        body: &[u8],
    ) -> Result<Vec<u8>, DecryptError> {
        let bulk = self.suite.bulk;
        let mac_len = self.suite.mac_key_len();
        match bulk {
            Bulk::Null => {
                if body.len() < mac_len {
                    return Err(self.too_short(body.len(), mac_len));
                }
                let (content, mac) = body.split_at(body.len() - mac_len);
                if self.verify_mac && !self.check_mac(content_type, version, &[content], mac) {
                    return Err(DecryptError::BadRecordMac);
                }
                Ok(content.to_vec())
            }
            Bulk::Aes128Cbc | Bulk::Aes256Cbc => {
                self.decrypt_cbc(content_type, version, body, mac_len)
            }
            Bulk::Rc4128 | Bulk::Rc4Export40 => {
                unreachable!("decrypt deciphers stream cipher records itself")
            }
            Bulk::ChaCha20Poly1305 => {
                let tag = bulk.tag_len();
                if body.len() < tag {
                    return Err(self.too_short(body.len(), tag));
                }
                let aad = self.tls12_header(content_type, version, body.len() - tag);
                self.cipher.open(&self.xor_nonce(), &aad, body)
            }
            _ => {
                // GCM and CCM: 8 bytes of explicit nonce, then ciphertext and tag.
                let explicit = bulk.tls12_explicit_nonce_len();
                let min = explicit + bulk.tag_len();
                if body.len() < min {
                    return Err(self.too_short(body.len(), min));
                }
                let mut nonce = [0u8; 12];
                nonce[..4].copy_from_slice(&self.keys.iv[..4]);
                nonce[4..].copy_from_slice(&body[..explicit]);
                let aad = self.tls12_header(content_type, version, body.len() - min);
                self.cipher.open(&nonce, &aad, &body[explicit..])
            }
        }
    }

    fn decrypt_cbc(
        &self,
        content_type: u8,
        version: u16,
        body: &[u8],
        mac_len: usize,
    ) -> Result<Vec<u8>, DecryptError> {
        if self.encrypt_then_mac {
            // IV || ciphertext || MAC over (header, IV || ciphertext); RFC 7366.
            let min = BLOCK + BLOCK + mac_len;
            if body.len() < min {
                return Err(self.too_short(body.len(), min));
            }
            let (sealed, mac) = body.split_at(body.len() - mac_len);
            let (iv, ct) = sealed.split_at(BLOCK);
            if !ct.len().is_multiple_of(BLOCK) {
                return Err(DecryptError::NotBlockAligned { len: ct.len() });
            }
            if !self.check_mac(content_type, version, &[sealed], mac) {
                return Err(DecryptError::BadRecordMac);
            }
            let mut plain = ct.to_vec();
            self.cipher.cbc_decrypt(&self.keys.key, iv, &mut plain);
            let content_len = unpad(&plain).ok_or(DecryptError::BadPadding)?;
            plain.truncate(content_len);
            Ok(plain)
        } else {
            // IV || E(content || MAC || padding); the MAC is over the content.
            let min = BLOCK + (mac_len + 1).div_ceil(BLOCK) * BLOCK;
            if body.len() < min {
                return Err(self.too_short(body.len(), min));
            }
            let (iv, ct) = body.split_at(BLOCK);
            if !ct.len().is_multiple_of(BLOCK) {
                return Err(DecryptError::NotBlockAligned { len: ct.len() });
            }
            let mut plain = ct.to_vec();
            self.cipher.cbc_decrypt(&self.keys.key, iv, &mut plain);
            let unpadded = unpad(&plain).ok_or(DecryptError::BadPadding)?;
            if unpadded < mac_len {
                return Err(DecryptError::BadPadding);
            }
            let (content, mac) = plain[..unpadded].split_at(unpadded - mac_len);
            if !self.check_mac(content_type, version, &[content], mac) {
                return Err(DecryptError::BadRecordMac);
            }
            plain.truncate(unpadded - mac_len);
            Ok(plain)
        }
    }
}

/// TLS CBC padding: the last byte `n` and the `n` bytes before it all equal `n`. The length before the
/// padding, or None when the padding is not valid.
fn unpad(plain: &[u8]) -> Option<usize> {
    let n = *plain.last()? as usize;
    let pad_start = plain.len().checked_sub(n + 1)?;
    plain[pad_start..]
        .iter()
        .all(|&b| b as usize == n)
        .then_some(pad_start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kdf::tests::h;

    fn suite(id: u16) -> &'static Suite {
        Suite::lookup(id).unwrap()
    }

    /// Splits a complete record (header included) into its header fields and body.
    fn split(record: &[u8]) -> (u8, u16, &[u8]) {
        let len = u16::from_be_bytes([record[3], record[4]]) as usize;
        assert_eq!(record.len(), 5 + len, "record length field");
        (
            record[0],
            u16::from_be_bytes([record[1], record[2]]),
            &record[5..],
        )
    }

    // RFC 8448 §3 (Simple 1-RTT Handshake), TLS_AES_128_GCM_SHA256.
    const C_HS_SECRET: &str = "b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f
                               3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21";
    const S_HS_SECRET: &str = "b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4
                               e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38";
    const C_AP_SECRET: &str = "9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52
                               87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5";
    const S_AP_SECRET: &str = "a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32
                               82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43";
    const C_FINISHED_RECORD: &str = "17 03 03 00 35 75 ec 4d c2 38 cc e6 0b 29 80 44 a7 1e 21 9c
        56 cc 77 b0 51 7f e9 b9 3c 7a 4b fc 44 d8 7f 38 f8 03 38 ac 98 fc 46 de b3 84 bd 1c ae ac ab
        68 67 d7 26 c4 05 46";
    const S_TICKET_RECORD: &str = "17 03 03 00 de 3a 6b 8f 90 41 4a 97 d6 95 9c 34 87 68 0d e5
        13 4a 2b 24 0e 6c ff ac 11 6e 95 d4 1d 6a f8 f6 b5 80 dc f3 d1 1d 63 c7 58 db 28 9a 01 59 40
        25 2f 55 71 3e 06 1d c1 3e 07 88 91 a3 8e fb cf 57 53 ad 8e f1 70 ad 3c 73 53 d1 6d 9d a7 73
        b9 ca 7f 2b 9f a1 b6 c0 d4 a3 d0 3f 75 e0 9c 30 ba 1e 62 97 2a c4 6f 75 f7 b9 81 be 63 43 9b
        29 99 ce 13 06 46 15 13 98 91 d5 e4 c5 b4 06 f1 6e 3f c1 81 a7 7c a4 75 84 00 25 db 2f 0a 77
        f8 1b 5a b0 5b 94 c0 13 46 75 5f 69 23 2c 86 51 9d 86 cb ee ac 87 aa c3 47 d1 43 f9 60 5d 64
        f6 50 db 4d 02 3e 70 e9 52 ca 49 fe 51 37 12 1c 74 bc 26 97 68 7e 24 87 46 d6 df 35 30 05 f3
        bc e1 86 96 12 9c 81 53 55 6b 3b 6c 67 79 b3 7b f1 59 85 68 4f";
    const C_APP_RECORD: &str = "17 03 03 00 43 a2 3f 70 54 b6 2c 94 d0 af fa fe 82 28 ba 55 cb
        ef ac ea 42 f9 14 aa 66 bc ab 3f 2b 98 19 a8 a5 b4 6b 39 5b d5 4a 9a 20 44 1e 2b 62 97 4e 1f
        5a 62 92 a2 97 70 14 bd 1e 3d ea e6 3a ee bb 21 69 49 15 e4";
    const S_APP_RECORD: &str = "17 03 03 00 43 2e 93 7e 11 ef 4a c7 40 e5 38 ad 36 00 5f c4 a4
        69 32 fc 32 25 d0 5f 82 aa 1b 36 e3 0e fa f9 7d 90 e6 df fc 60 2d cb 50 1a 59 a8 fc c4 9c 4b
        f2 e5 f0 a2 1c 00 47 c2 ab f3 32 54 0d d0 32 e1 67 c2 95 5d";
    const C_ALERT_RECORD: &str =
        "17 03 03 00 13 c9 87 27 60 65 56 66 b7 4d 7f f1 15 3e fd 6d b6 d0 b0 e3";
    const S_ALERT_RECORD: &str =
        "17 03 03 00 13 b5 8f d6 71 66 eb f5 99 d2 47 20 cf be 7e fa 7a 88 64 a9";

    /// RC4's state cannot be copied, so a copy replays the key stream: a decrypter cloned between two
    /// records must go on with the same key stream as the original (RFC 6229's first key, 0x0102030405,
    /// whose stream starts b2 39 63 05).
    #[test]
    fn a_cloned_rc4_stream_goes_on_where_the_original_is() {
        let mut a = Rc4Stream::new(&[1, 2, 3, 4, 5]);
        let mut first = [0u8; 4];
        a.apply(&mut first);
        assert_eq!(first, [0xb2, 0x39, 0x63, 0x05]);
        let mut skip = vec![0u8; 5000];
        a.apply(&mut skip);
        let mut b = a.clone();
        let (mut x, mut y) = ([0u8; 32], [0u8; 32]);
        a.apply(&mut x);
        b.apply(&mut y);
        assert_eq!(x, y);
        assert_eq!(b.used, 5036);
    }

    #[test]
    fn rfc8448_traffic_keys() {
        let s = suite(0x1301);
        let check = |secret: &str, key: &str, iv: &str| {
            let k = Tls13Keys::from_secret(s, &h(secret)).unwrap();
            assert_eq!(k.keys().key(), h(key));
            assert_eq!(k.keys().iv(), h(iv));
        };
        check(
            S_HS_SECRET,
            "3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc",
            "5d 31 3e b2 67 12 76 ee 13 00 0b 30",
        );
        check(
            C_HS_SECRET,
            "db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50 25 8d 01",
            "5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f",
        );
        check(
            C_AP_SECRET,
            "17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51",
            "5b 78 92 3d ee 08 57 90 33 e5 23 d9",
        );
        check(
            S_AP_SECRET,
            "9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56",
            "cf 78 2b 88 dd 83 54 9a ad f1 e9 84",
        );
    }

    #[test]
    fn rfc8448_records_decrypt_in_sequence() {
        let s = suite(0x1301);
        // Client: Finished under the handshake key (seq 0).
        let mut c_hs = Tls13Keys::from_secret(s, &h(C_HS_SECRET))
            .unwrap()
            .decrypter();
        let rec = h(C_FINISHED_RECORD);
        let (t, v, body) = split(&rec);
        let p = c_hs.decrypt(t, v, body).unwrap();
        assert_eq!(p.content_type, 22);
        assert_eq!(
            &p.bytes[..4],
            &[20, 0, 0, 32],
            "Finished, 32 bytes of verify_data"
        );
        assert_eq!(p.bytes.len(), 36);

        // Client application data (seq 0), then its close_notify alert (seq 1).
        let mut c_ap = Tls13Keys::from_secret(s, &h(C_AP_SECRET))
            .unwrap()
            .decrypter();
        let rec = h(C_APP_RECORD);
        let (t, v, body) = split(&rec);
        let p = c_ap.decrypt(t, v, body).unwrap();
        assert_eq!(p.content_type, 23);
        assert_eq!(p.bytes, (0u8..50).collect::<Vec<_>>());
        let rec = h(C_ALERT_RECORD);
        let (t, v, body) = split(&rec);
        let p = c_ap.decrypt(t, v, body).unwrap();
        assert_eq!((p.content_type, p.bytes), (21, vec![1, 0]));

        // Server: NewSessionTicket (seq 0), application data (seq 1), close_notify (seq 2).
        let mut s_ap = Tls13Keys::from_secret(s, &h(S_AP_SECRET))
            .unwrap()
            .decrypter();
        let rec = h(S_TICKET_RECORD);
        let (t, v, body) = split(&rec);
        let p = s_ap.decrypt(t, v, body).unwrap();
        assert_eq!(p.content_type, 22);
        assert_eq!(p.bytes[0], 4, "NewSessionTicket");
        assert_eq!(
            p.bytes.len(),
            4 + u32::from_be_bytes([0, p.bytes[1], p.bytes[2], p.bytes[3]]) as usize
        );
        let rec = h(S_APP_RECORD);
        let (t, v, body) = split(&rec);
        let p = s_ap.decrypt(t, v, body).unwrap();
        assert_eq!(
            (p.content_type, p.bytes),
            (23, (0u8..50).collect::<Vec<_>>())
        );
        let rec = h(S_ALERT_RECORD);
        let (t, v, body) = split(&rec);
        let p = s_ap.decrypt(t, v, body).unwrap();
        assert_eq!((p.content_type, p.bytes), (21, vec![1, 0]));
        assert_eq!(s_ap.sequence_number(), 3);
    }

    #[test]
    fn rfc8448_wrong_key_or_sequence_is_an_error() {
        let s = suite(0x1301);
        let rec = h(C_APP_RECORD);
        let (t, v, body) = split(&rec);
        // The server's key on a client record.
        let mut wrong = Tls13Keys::from_secret(s, &h(S_AP_SECRET))
            .unwrap()
            .decrypter();
        assert_eq!(wrong.decrypt(t, v, body), Err(DecryptError::BadRecordMac));
        assert_eq!(
            wrong.sequence_number(),
            0,
            "a failed record does not advance"
        );
        // The right key at the wrong sequence number.
        let mut late = Tls13Keys::from_secret(s, &h(C_AP_SECRET))
            .unwrap()
            .decrypter();
        late.skip_record();
        assert_eq!(late.decrypt(t, v, body), Err(DecryptError::BadRecordMac));
        late.set_sequence_number(0);
        assert!(late.decrypt(t, v, body).is_ok());
        // A changed header byte (additional data) fails too.
        let mut again = Tls13Keys::from_secret(s, &h(C_AP_SECRET))
            .unwrap()
            .decrypter();
        assert_eq!(
            again.decrypt(t, 0x0301, body),
            Err(DecryptError::BadRecordMac)
        );
    }

    #[test]
    fn truncated_or_flipped_real_records_fail_cleanly() {
        let s = suite(0x1301);
        let fresh = || {
            Tls13Keys::from_secret(s, &h(S_AP_SECRET))
                .unwrap()
                .decrypter()
        };
        let rec = h(S_TICKET_RECORD);
        let (t, v, body) = split(&rec);
        for len in 0..body.len() {
            assert!(
                fresh().decrypt(t, v, &body[..len]).is_err(),
                "truncated to {len}"
            );
        }
        for i in 0..body.len() {
            for bit in [0x01, 0x80] {
                let mut garbled = body.to_vec();
                garbled[i] ^= bit;
                assert_eq!(
                    fresh().decrypt(t, v, &garbled),
                    Err(DecryptError::BadRecordMac),
                    "byte {i}"
                );
            }
        }
        assert!(fresh().decrypt(t, v, body).is_ok());
    }

    #[test]
    fn key_update_derives_the_next_secret() {
        // RFC 8446 §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "",
        // Hash.length). Checked against the KDF directly, then the decrypter must use the new key.
        let s = suite(0x1301);
        let k0 = Tls13Keys::from_secret(s, &h(C_AP_SECRET)).unwrap();
        let next_secret =
            kdf::expand_label(Hash::Sha256, &h(C_AP_SECRET), "traffic upd", b"", 32).unwrap();
        let k1 = Tls13Keys::from_secret(s, &next_secret).unwrap();
        assert_eq!(k0.next().keys(), k1.keys());
        assert_ne!(k0.keys(), k1.keys());
        let mut d = k0.decrypter();
        d.skip_record();
        d.key_update().unwrap();
        assert_eq!(d.sequence_number(), 0);
        assert_eq!(d.keys, *k1.keys());
        // TLS 1.2 has no KeyUpdate.
        let keys = Tls12Keys::derive(suite(0xc02f), &[0; 48], &[1; 32], &[2; 32], false).unwrap();
        assert_eq!(
            keys.decrypters().0.key_update(),
            Err(DecryptError::NotTls13)
        );
    }

    #[test]
    fn schedules_refuse_the_other_generation_and_bad_lengths() {
        assert!(matches!(
            Tls13Keys::from_secret(suite(0xc02f), &[0; 32]),
            Err(DecryptError::WrongGeneration { .. })
        ));
        assert!(matches!(
            Tls12Keys::derive(suite(0x1301), &[0; 48], &[0; 32], &[0; 32], false),
            Err(DecryptError::WrongGeneration { .. })
        ));
        assert!(matches!(
            Tls13Keys::from_secret(suite(0x1302), &[0; 32]),
            Err(DecryptError::SecretLength {
                got: 32,
                want: 48,
                ..
            })
        ));
        assert!(matches!(
            Tls12Keys::derive(suite(0xc02f), &[0; 47], &[0; 32], &[0; 32], false),
            Err(DecryptError::SecretLength {
                got: 47,
                want: 48,
                ..
            })
        ));
    }

    #[test]
    fn key_block_layout() {
        // The key block is MAC keys, then cipher keys, then IVs, client before server (RFC 5246 §6.3):
        // compare the split with the PRF output itself.
        let (ms, cr, sr) = ([7u8; 48], [1u8; 32], [2u8; 32]);
        for (id, m, k, i) in [
            (0xc027, 32, 16, 0),
            (0xc030, 0, 32, 4),
            (0xcca9, 0, 32, 12),
            (0x0002, 20, 0, 0),
        ] {
            let s = suite(id);
            let block = kdf::prf(s.prf, &ms, b"key expansion", &[&sr, &cr], 2 * (m + k + i));
            let keys = Tls12Keys::derive(s, &ms, &cr, &sr, false).unwrap();
            let (c, sv) = (keys.client_write(), keys.server_write());
            assert_eq!(c.mac_key(), &block[..m]);
            assert_eq!(sv.mac_key(), &block[m..2 * m]);
            assert_eq!(c.key(), &block[2 * m..2 * m + k]);
            assert_eq!(sv.key(), &block[2 * m + k..2 * (m + k)]);
            assert_eq!(c.iv(), &block[2 * (m + k)..2 * (m + k) + i]);
            assert_eq!(sv.iv(), &block[2 * (m + k) + i..]);
        }
    }

    #[test]
    fn debug_output_hides_keys() {
        let keys = Tls13Keys::from_secret(suite(0x1301), &h(C_AP_SECRET)).unwrap();
        let text = format!("{keys:?} {:?}", keys.decrypter());
        assert!(
            !text.contains("17422d") && !text.contains("23, 66"),
            "{text}"
        );
        assert!(text.contains("16 bytes"), "{text}");
    }

    #[test]
    fn unpad_rules() {
        assert_eq!(unpad(&[9, 9, 0]), Some(2));
        assert_eq!(unpad(&[9, 2, 2, 2]), Some(1));
        assert_eq!(unpad(&[9, 1, 2, 2]), None);
        assert_eq!(unpad(&[3, 3, 3]), None);
        assert_eq!(unpad(&[]), None);
    }

    /// Arbitrary, truncated and garbled record bodies never panic, for every bulk cipher and both
    /// generations, and never decrypt (a random body authenticating is a 2^-64 event at worst).
    #[test]
    fn garbage_records_are_errors_not_panics() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut decrypters = Vec::new();
        for s in Suite::all() {
            match s.generation {
                Generation::Tls12 => {
                    for etm in [false, true] {
                        let k = Tls12Keys::derive(s, &[5; 48], &[1; 32], &[2; 32], etm).unwrap();
                        decrypters.push(k.decrypters().0);
                    }
                }
                Generation::Tls13 => decrypters.push(
                    Tls13Keys::from_secret(s, &vec![3; s.prf.len()])
                        .unwrap()
                        .decrypter(),
                ),
            }
        }
        let mut tried = 0;
        for d in &mut decrypters {
            for len in (0..120).chain([255, 256, 1000, 16_401]) {
                let body: Vec<u8> = (0..len).map(|_| next() as u8).collect();
                let r = d.decrypt(23, 0x0303, &body);
                tried += 1;
                // NULL suites with a random MAC fail too; nothing random may pass as plaintext.
                assert!(r.is_err(), "{} len {len}: {r:?}", d.suite().name);
            }
        }
        assert!(tried > 10_000, "{tried}");
    }
}
