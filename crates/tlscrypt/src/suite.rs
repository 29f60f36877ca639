//! Cipher suites: from the IANA number to what record decryption needs (bulk cipher, MAC, PRF or HKDF
//! hash). The key exchange does not matter here: the key log gives the secret it produced.

use std::fmt;

/// The protocol generation a suite belongs to; the key schedules differ completely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generation {
    /// TLS 1.2 suites: master secret, PRF, key block.
    Tls12,
    /// TLS 1.3 suites: traffic secrets and HKDF-Expand-Label.
    Tls13,
}

/// The record cipher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bulk {
    /// No encryption: the record is the plaintext and its MAC.
    Null,
    /// AES-128 in CBC mode.
    Aes128Cbc,
    /// AES-256 in CBC mode.
    Aes256Cbc,
    /// AES-128-GCM.
    Aes128Gcm,
    /// AES-256-GCM.
    Aes256Gcm,
    /// ChaCha20-Poly1305 (RFC 7905, RFC 8446).
    ChaCha20Poly1305,
    /// AES-128-CCM, 16-byte tag.
    Aes128Ccm,
    /// AES-256-CCM, 16-byte tag.
    Aes256Ccm,
    /// AES-128-CCM, 8-byte tag.
    Aes128Ccm8,
    /// AES-256-CCM, 8-byte tag.
    Aes256Ccm8,
    /// RC4 with a 128-bit key (RFC 5246's stream cipher; RFC 7465 forbids it since, but captures
    /// still carry it). Its key stream runs on across the records of a direction.
    Rc4128,
    /// The export grade RC4 of TLS_RSA_EXPORT_WITH_RC4_40_MD5: 5 bytes of key material from the key
    /// block, stretched to a 16-byte RC4 key with the randoms (RFC 2246 §6.3).
    Rc4Export40,
}

impl Bulk {
    /// Key length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            Bulk::Null => 0,
            Bulk::Aes128Cbc
            | Bulk::Aes128Gcm
            | Bulk::Aes128Ccm
            | Bulk::Aes128Ccm8
            | Bulk::Rc4128
            | Bulk::Rc4Export40 => 16,
            Bulk::Aes256Cbc
            | Bulk::Aes256Gcm
            | Bulk::ChaCha20Poly1305
            | Bulk::Aes256Ccm
            | Bulk::Aes256Ccm8 => 32,
        }
    }

    /// True for the AEAD ciphers (no separate MAC).
    pub fn is_aead(self) -> bool {
        !matches!(
            self,
            Bulk::Null | Bulk::Aes128Cbc | Bulk::Aes256Cbc | Bulk::Rc4128 | Bulk::Rc4Export40
        )
    }

    /// AEAD tag length in bytes (0 for the others).
    pub fn tag_len(self) -> usize {
        match self {
            Bulk::Null | Bulk::Aes128Cbc | Bulk::Aes256Cbc | Bulk::Rc4128 | Bulk::Rc4Export40 => 0,
            Bulk::Aes128Ccm8 | Bulk::Aes256Ccm8 => 8,
            _ => 16,
        }
    }

    /// TLS 1.2: the bytes of write key the key block holds for a direction: the key itself, but for
    /// export suites the material their key is stretched from.
    pub fn key_material_len(self) -> usize {
        match self {
            Bulk::Rc4Export40 => 5,
            _ => self.key_len(),
        }
    }

    /// TLS 1.2: the part of the nonce that comes from the key block (`fixed_iv_length`): 4 bytes of salt for
    /// GCM and CCM, the whole 12-byte nonce mask for ChaCha20-Poly1305, none for CBC (its IV travels in
    /// each record) and NULL.
    pub fn tls12_fixed_iv_len(self) -> usize {
        match self {
            Bulk::ChaCha20Poly1305 => 12,
            Bulk::Null | Bulk::Aes128Cbc | Bulk::Aes256Cbc | Bulk::Rc4128 | Bulk::Rc4Export40 => 0,
            _ => 4,
        }
    }

    /// TLS 1.2: bytes of explicit nonce at the start of each record (8 for GCM and CCM).
    pub fn tls12_explicit_nonce_len(self) -> usize {
        match self {
            Bulk::Aes128Gcm
            | Bulk::Aes256Gcm
            | Bulk::Aes128Ccm
            | Bulk::Aes256Ccm
            | Bulk::Aes128Ccm8
            | Bulk::Aes256Ccm8 => 8,
            _ => 0,
        }
    }
}

/// A hash: the MAC's, the PRF's or HKDF's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hash {
    /// MD5 (HMAC-MD5 record MACs of the RC4 suites only).
    Md5,
    /// SHA-1 (HMAC-SHA1 record MACs only).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
}

impl Hash {
    /// Output length in bytes.
    pub fn len(self) -> usize {
        match self {
            Hash::Md5 => 16,
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
        }
    }

    /// Never true; present because `len` is.
    pub fn is_empty(self) -> bool {
        false
    }
}

/// What decryption needs to know about one cipher suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Suite {
    /// The IANA number (`0xc02f`).
    pub id: u16,
    /// The IANA name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`).
    pub name: &'static str,
    /// TLS 1.2 or TLS 1.3.
    pub generation: Generation,
    /// The record cipher.
    pub bulk: Bulk,
    /// The record MAC (TLS 1.2 CBC and NULL suites); `None` for AEAD suites.
    pub mac: Option<Hash>,
    /// TLS 1.2: the PRF hash; TLS 1.3: the HKDF hash.
    pub prf: Hash,
}

/// The suite number has no entry in the table: a cipher this crate does not implement (3DES,
/// Camellia, ARIA, export ciphers, GOST ...) or an unassigned number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cipher suite 0x{0:04x} is not supported for decryption")]
pub struct UnsupportedSuite(pub u16);

impl Suite {
    /// The suite with IANA number `id`.
    pub fn lookup(id: u16) -> Result<&'static Suite, UnsupportedSuite> {
        SUITES
            .binary_search_by_key(&id, |s| s.id)
            .map(|i| &SUITES[i])
            .map_err(|_| UnsupportedSuite(id))
    }

    /// Every supported suite, in number order.
    pub fn all() -> &'static [Suite] {
        SUITES
    }

    /// TLS 1.2: the MAC key length (0 for AEAD suites).
    pub fn mac_key_len(&self) -> usize {
        self.mac.map_or(0, Hash::len)
    }
}

impl fmt::Display for Suite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (0x{:04x})", self.name, self.id)
    }
}

const fn t12(id: u16, name: &'static str, bulk: Bulk, mac: Option<Hash>, prf: Hash) -> Suite {
    Suite {
        id,
        name,
        generation: Generation::Tls12,
        bulk,
        mac,
        prf,
    }
}

const fn t13(id: u16, name: &'static str, bulk: Bulk, prf: Hash) -> Suite {
    Suite {
        id,
        name,
        generation: Generation::Tls13,
        bulk,
        mac: None,
        prf,
    }
}

use Bulk::*;
use Hash::*;

const M5: Option<Hash> = Some(Md5);
const S1: Option<Hash> = Some(Sha1);
const S256: Option<Hash> = Some(Sha256);
const S384: Option<Hash> = Some(Sha384);

/// Sorted by number (`lookup` searches it by bisection; a unit test checks the order).
static SUITES: &[Suite] = &[
    t12(0x0002, "TLS_RSA_WITH_NULL_SHA", Null, S1, Sha256),
    t12(
        0x0003,
        "TLS_RSA_EXPORT_WITH_RC4_40_MD5",
        Rc4Export40,
        M5,
        Sha256,
    ),
    t12(0x0004, "TLS_RSA_WITH_RC4_128_MD5", Rc4128, M5, Sha256),
    t12(0x0005, "TLS_RSA_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", Rc4128, M5, Sha256),
    t12(0x0020, "TLS_KRB5_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(0x0024, "TLS_KRB5_WITH_RC4_128_MD5", Rc4128, M5, Sha256),
    t12(0x002c, "TLS_PSK_WITH_NULL_SHA", Null, S1, Sha256),
    t12(0x002d, "TLS_DHE_PSK_WITH_NULL_SHA", Null, S1, Sha256),
    t12(0x002e, "TLS_RSA_PSK_WITH_NULL_SHA", Null, S1, Sha256),
    t12(
        0x002f,
        "TLS_RSA_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0030,
        "TLS_DH_DSS_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0031,
        "TLS_DH_RSA_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0032,
        "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0033,
        "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0034,
        "TLS_DH_anon_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0035,
        "TLS_RSA_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0036,
        "TLS_DH_DSS_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0037,
        "TLS_DH_RSA_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0038,
        "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0039,
        "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x003a,
        "TLS_DH_anon_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(0x003b, "TLS_RSA_WITH_NULL_SHA256", Null, S256, Sha256),
    t12(
        0x003c,
        "TLS_RSA_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x003d,
        "TLS_RSA_WITH_AES_256_CBC_SHA256",
        Aes256Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x003e,
        "TLS_DH_DSS_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x003f,
        "TLS_DH_RSA_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x0040,
        "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x0067,
        "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x0068,
        "TLS_DH_DSS_WITH_AES_256_CBC_SHA256",
        Aes256Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x0069,
        "TLS_DH_RSA_WITH_AES_256_CBC_SHA256",
        Aes256Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x006a,
        "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
        Aes256Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x006b,
        "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
        Aes256Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x006c,
        "TLS_DH_anon_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x006d,
        "TLS_DH_anon_WITH_AES_256_CBC_SHA256",
        Aes256Cbc,
        S256,
        Sha256,
    ),
    t12(0x008a, "TLS_PSK_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(
        0x008c,
        "TLS_PSK_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x008d,
        "TLS_PSK_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(0x008e, "TLS_DHE_PSK_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(
        0x0090,
        "TLS_DHE_PSK_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0091,
        "TLS_DHE_PSK_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(
        0x0094,
        "TLS_RSA_PSK_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x0095,
        "TLS_RSA_PSK_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(
        0x009c,
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x009d,
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x009e,
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x009f,
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x00a0,
        "TLS_DH_RSA_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x00a1,
        "TLS_DH_RSA_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x00a2,
        "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x00a3,
        "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x00a4,
        "TLS_DH_DSS_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x00a5,
        "TLS_DH_DSS_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x00a6,
        "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x00a7,
        "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x00a8,
        "TLS_PSK_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x00a9,
        "TLS_PSK_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x00aa,
        "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x00ab,
        "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x00ac,
        "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0x00ad,
        "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0x00ae,
        "TLS_PSK_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x00af,
        "TLS_PSK_WITH_AES_256_CBC_SHA384",
        Aes256Cbc,
        S384,
        Sha384,
    ),
    t12(0x00b0, "TLS_PSK_WITH_NULL_SHA256", Null, S256, Sha256),
    t12(0x00b1, "TLS_PSK_WITH_NULL_SHA384", Null, S384, Sha384),
    t12(
        0x00b2,
        "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x00b3,
        "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384",
        Aes256Cbc,
        S384,
        Sha384,
    ),
    t12(0x00b4, "TLS_DHE_PSK_WITH_NULL_SHA256", Null, S256, Sha256),
    t12(0x00b5, "TLS_DHE_PSK_WITH_NULL_SHA384", Null, S384, Sha384),
    t12(
        0x00b6,
        "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0x00b7,
        "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384",
        Aes256Cbc,
        S384,
        Sha384,
    ),
    t12(0x00b8, "TLS_RSA_PSK_WITH_NULL_SHA256", Null, S256, Sha256),
    t12(0x00b9, "TLS_RSA_PSK_WITH_NULL_SHA384", Null, S384, Sha384),
    t13(0x1301, "TLS_AES_128_GCM_SHA256", Aes128Gcm, Sha256),
    t13(0x1302, "TLS_AES_256_GCM_SHA384", Aes256Gcm, Sha384),
    t13(
        0x1303,
        "TLS_CHACHA20_POLY1305_SHA256",
        ChaCha20Poly1305,
        Sha256,
    ),
    t13(0x1304, "TLS_AES_128_CCM_SHA256", Aes128Ccm, Sha256),
    t13(0x1305, "TLS_AES_128_CCM_8_SHA256", Aes128Ccm8, Sha256),
    t12(0xc001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", Null, S1, Sha256),
    t12(
        0xc002,
        "TLS_ECDH_ECDSA_WITH_RC4_128_SHA",
        Rc4128,
        S1,
        Sha256,
    ),
    t12(
        0xc004,
        "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0xc005,
        "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", Null, S1, Sha256),
    t12(
        0xc007,
        "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
        Rc4128,
        S1,
        Sha256,
    ),
    t12(
        0xc009,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0xc00a,
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(0xc00b, "TLS_ECDH_RSA_WITH_NULL_SHA", Null, S1, Sha256),
    t12(0xc00c, "TLS_ECDH_RSA_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(
        0xc00e,
        "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0xc00f,
        "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA", Null, S1, Sha256),
    t12(0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(
        0xc013,
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0xc014,
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(0xc015, "TLS_ECDH_anon_WITH_NULL_SHA", Null, S1, Sha256),
    t12(0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(
        0xc018,
        "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0xc019,
        "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(
        0xc023,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0xc024,
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        Aes256Cbc,
        S384,
        Sha384,
    ),
    t12(
        0xc025,
        "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0xc026,
        "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384",
        Aes256Cbc,
        S384,
        Sha384,
    ),
    t12(
        0xc027,
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0xc028,
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        Aes256Cbc,
        S384,
        Sha384,
    ),
    t12(
        0xc029,
        "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0xc02a,
        "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384",
        Aes256Cbc,
        S384,
        Sha384,
    ),
    t12(
        0xc02b,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0xc02c,
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0xc02d,
        "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0xc02e,
        "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0xc02f,
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0xc030,
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0xc031,
        "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0xc032,
        "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(0xc033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", Rc4128, S1, Sha256),
    t12(
        0xc035,
        "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA",
        Aes128Cbc,
        S1,
        Sha256,
    ),
    t12(
        0xc036,
        "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA",
        Aes256Cbc,
        S1,
        Sha256,
    ),
    t12(
        0xc037,
        "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
        Aes128Cbc,
        S256,
        Sha256,
    ),
    t12(
        0xc038,
        "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384",
        Aes256Cbc,
        S384,
        Sha384,
    ),
    t12(0xc039, "TLS_ECDHE_PSK_WITH_NULL_SHA", Null, S1, Sha256),
    t12(0xc03a, "TLS_ECDHE_PSK_WITH_NULL_SHA256", Null, S256, Sha256),
    t12(0xc03b, "TLS_ECDHE_PSK_WITH_NULL_SHA384", Null, S384, Sha384),
    t12(0xc09c, "TLS_RSA_WITH_AES_128_CCM", Aes128Ccm, None, Sha256),
    t12(0xc09d, "TLS_RSA_WITH_AES_256_CCM", Aes256Ccm, None, Sha256),
    t12(
        0xc09e,
        "TLS_DHE_RSA_WITH_AES_128_CCM",
        Aes128Ccm,
        None,
        Sha256,
    ),
    t12(
        0xc09f,
        "TLS_DHE_RSA_WITH_AES_256_CCM",
        Aes256Ccm,
        None,
        Sha256,
    ),
    t12(
        0xc0a0,
        "TLS_RSA_WITH_AES_128_CCM_8",
        Aes128Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xc0a1,
        "TLS_RSA_WITH_AES_256_CCM_8",
        Aes256Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xc0a2,
        "TLS_DHE_RSA_WITH_AES_128_CCM_8",
        Aes128Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xc0a3,
        "TLS_DHE_RSA_WITH_AES_256_CCM_8",
        Aes256Ccm8,
        None,
        Sha256,
    ),
    t12(0xc0a4, "TLS_PSK_WITH_AES_128_CCM", Aes128Ccm, None, Sha256),
    t12(0xc0a5, "TLS_PSK_WITH_AES_256_CCM", Aes256Ccm, None, Sha256),
    t12(
        0xc0a6,
        "TLS_DHE_PSK_WITH_AES_128_CCM",
        Aes128Ccm,
        None,
        Sha256,
    ),
    t12(
        0xc0a7,
        "TLS_DHE_PSK_WITH_AES_256_CCM",
        Aes256Ccm,
        None,
        Sha256,
    ),
    t12(
        0xc0a8,
        "TLS_PSK_WITH_AES_128_CCM_8",
        Aes128Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xc0a9,
        "TLS_PSK_WITH_AES_256_CCM_8",
        Aes256Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xc0aa,
        "TLS_PSK_DHE_WITH_AES_128_CCM_8",
        Aes128Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xc0ab,
        "TLS_PSK_DHE_WITH_AES_256_CCM_8",
        Aes256Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xc0ac,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
        Aes128Ccm,
        None,
        Sha256,
    ),
    t12(
        0xc0ad,
        "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
        Aes256Ccm,
        None,
        Sha256,
    ),
    t12(
        0xc0ae,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
        Aes128Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xc0af,
        "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
        Aes256Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xcca8,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        ChaCha20Poly1305,
        None,
        Sha256,
    ),
    t12(
        0xcca9,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        ChaCha20Poly1305,
        None,
        Sha256,
    ),
    t12(
        0xccaa,
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        ChaCha20Poly1305,
        None,
        Sha256,
    ),
    t12(
        0xccab,
        "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",
        ChaCha20Poly1305,
        None,
        Sha256,
    ),
    t12(
        0xccac,
        "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
        ChaCha20Poly1305,
        None,
        Sha256,
    ),
    t12(
        0xccad,
        "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
        ChaCha20Poly1305,
        None,
        Sha256,
    ),
    t12(
        0xccae,
        "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256",
        ChaCha20Poly1305,
        None,
        Sha256,
    ),
    t12(
        0xd001,
        "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256",
        Aes128Gcm,
        None,
        Sha256,
    ),
    t12(
        0xd002,
        "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384",
        Aes256Gcm,
        None,
        Sha384,
    ),
    t12(
        0xd003,
        "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256",
        Aes128Ccm8,
        None,
        Sha256,
    ),
    t12(
        0xd005,
        "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256",
        Aes128Ccm,
        None,
        Sha256,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_consistent() {
        for w in SUITES.windows(2) {
            assert!(w[0].id < w[1].id, "{:04x} before {:04x}", w[0].id, w[1].id);
        }
        for s in SUITES {
            // AEAD suites have no MAC; the others have one.
            assert_eq!(s.bulk.is_aead(), s.mac.is_none(), "{}", s.name);
            assert!(s.name.starts_with("TLS_"), "{}", s.name);
            // The hash at the end of the name is the PRF (TLS 1.2 SHA-1 suites use TLS 1.2's SHA-256 PRF).
            if s.name.ends_with("SHA384") {
                assert_eq!(s.prf, Hash::Sha384, "{}", s.name);
            } else {
                assert_eq!(s.prf, Hash::Sha256, "{}", s.name);
            }
            assert_eq!(
                s.generation == Generation::Tls13,
                (0x1300..0x1400).contains(&s.id)
            );
        }
    }

    #[test]
    fn lookup_and_unknown_suite_error() {
        let s = Suite::lookup(0xc02f).unwrap();
        assert_eq!(s.name, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assert_eq!(s.bulk, Bulk::Aes128Gcm);
        assert_eq!(Suite::lookup(0x1303).unwrap().bulk, Bulk::ChaCha20Poly1305);
        let rc4 = Suite::lookup(0x0004).unwrap();
        assert_eq!(rc4.name, "TLS_RSA_WITH_RC4_128_MD5");
        assert_eq!((rc4.bulk, rc4.mac), (Bulk::Rc4128, Some(Hash::Md5)));
        assert_eq!(rc4.mac_key_len(), 16);
        let export = Suite::lookup(0x0003).unwrap();
        assert_eq!(export.bulk.key_material_len(), 5);
        assert_eq!(export.bulk.key_len(), 16);
        // 3DES: not implemented.
        assert_eq!(
            Suite::lookup(0x000a).unwrap_err().to_string(),
            "cipher suite 0x000a is not supported for decryption"
        );
    }
}
