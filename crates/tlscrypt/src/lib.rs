//! TLS record decryption from key-log secrets: the part of TLS decryption that is cryptography and key
//! schedule, with no knowledge of packets. The TLS dissector finds the records, the ClientHello and
//! ServerHello randoms, the negotiated version, cipher suite and extensions; this crate turns the secrets
//! of an NSS key log into traffic keys and record bodies into plaintext.
//!
//! # Use
//!
//! 1. [`KeyLog::parse`] (or [`KeyLog::from_path`]; [`KeyLog::add`] for more text, such as a pcapng
//!    Decryption Secrets Block of type `0x544c534b`) gives the secrets, filed by client random, and a
//!    [`Warning`] per line that could not be used (with its line number, for the user).
//! 2. [`Suite::lookup`] maps the ServerHello's cipher suite to what decryption needs, or says
//!    "cipher suite 0xNNNN is not supported for decryption".
//! 3. Keys:
//!    - TLS 1.2: [`Tls12Keys::derive`] from the master secret ([`Secrets::master_secret`]), both randoms
//!      and whether the ServerHello accepted encrypt_then_mac; [`Tls12Keys::decrypters`] gives the
//!      (client → server, server → client) [`Decrypter`]s, to use from each side's ChangeCipherSpec on.
//!    - TLS 1.3: [`Tls13Keys::from_secret`] with the handshake traffic secret of a direction for its
//!      records after the ServerHello, then with its `*_TRAFFIC_SECRET_0` after its Finished;
//!      [`Decrypter::key_update`] after a KeyUpdate message. 0-RTT: the client's records after a
//!      ClientHello offering early_data use `CLIENT_EARLY_TRAFFIC_SECRET` (with the resumed session's
//!      suite) until its EndOfEarlyData.
//! 4. [`Decrypter::decrypt`] with the record header's content type and version and the record body gives
//!    a [`Plaintext`] (TLS 1.3: the inner content type, padding removed) or a [`DecryptError`]. A wrong
//!    key is always an error (AEAD tag, record MAC, or CBC padding and MAC), never garbage shown as
//!    plaintext. Sequence numbers are kept per decrypter.
//!
//! What is supported: TLS 1.2 with AES-128/256-GCM, AES-128/256-CCM(-8), ChaCha20-Poly1305,
//! AES-128/256-CBC with HMAC-SHA1/SHA256/SHA384 (MAC-then-encrypt and RFC 7366 encrypt_then_mac), RC4
//! (128-bit and the 40-bit export grade, HMAC-MD5 or HMAC-SHA1) and NULL ciphers; TLS 1.3 with its five
//! suites. Not: SSL 3.0, TLS 1.0/1.1 (other PRF, implicit CBC IV), 3DES, Camellia, ARIA, DTLS,
//! compression, RSA private keys.
//!
//! # Secrets stay out of logs
//!
//! `Debug` of [`Secret`], [`Secrets`], [`KeyLog`], [`DirectionKeys`], [`Tls12Keys`], [`Tls13Keys`],
//! [`Decrypter`] and [`Plaintext`] shows lengths, never bytes.
//!
//! # Crates
//!
//! All cryptography is RustCrypto's, one generation throughout (checked on crates.io for
//! `rust-version = "1.95"` in December 2026): `aes-gcm` 0.11, `chacha20poly1305` 0.11, `ccm` 0.6,
//! `aes` 0.9, `cbc` 0.2, `rc4` 0.2, `hkdf` 0.13, `hmac` 0.13, `sha2` 0.11, `sha1` 0.11, `md-5` 0.11,
//! which share `digest` 0.11,
//! `cipher` 0.5, `aead` 0.6 and `crypto-common` 0.2 (one copy of each in `Cargo.lock`). The TLS 1.2 PRF
//! (P_hash over HMAC) and the HkdfLabel framing are protocol and are written here.
#![forbid(unsafe_code)]

mod kdf;
mod keylog;
mod record;
mod suite;

pub use keylog::{
    CLIENT_RANDOM_LEN, KeyLog, KeyLogError, Label, Secret, Secrets, Warning, WarningKind,
};
pub use record::{
    CONTENT_APPLICATION_DATA, DecryptError, Decrypter, DirectionKeys, Plaintext, Tls12Keys,
    Tls13Keys,
};
pub use suite::{Bulk, Generation, Hash, Suite, UnsupportedSuite};
