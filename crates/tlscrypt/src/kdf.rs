//! Key derivation framing: the TLS 1.2 PRF (RFC 5246 §5, P_hash over HMAC) and TLS 1.3's
//! HKDF-Expand-Label (RFC 8446 §7.1). HMAC and HKDF themselves come from RustCrypto; only the way TLS
//! feeds them is written here.

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha384};

use crate::suite::Hash;

/// HMAC of the concatenation of `parts` under `key`.
pub(crate) fn hmac(hash: Hash, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    fn run<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        // HMAC takes keys of any length, so new_from_slice cannot fail.
        let mut mac = <M as KeyInit>::new_from_slice(key).expect("HMAC accepts any key length");
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().to_vec()
    }
    match hash {
        Hash::Md5 => run::<Hmac<md5::Md5>>(key, parts),
        Hash::Sha1 => run::<Hmac<Sha1>>(key, parts),
        Hash::Sha256 => run::<Hmac<Sha256>>(key, parts),
        Hash::Sha384 => run::<Hmac<Sha384>>(key, parts),
    }
}

/// TLS 1.2 PRF: `P_hash(secret, label || seed)` truncated to `len` bytes, where
/// `P_hash = HMAC(secret, A(1) || seed') || HMAC(secret, A(2) || seed') || ...`, `A(0) = seed'`,
/// `A(i) = HMAC(secret, A(i-1))`.
pub(crate) fn prf(hash: Hash, secret: &[u8], label: &[u8], seed: &[&[u8]], len: usize) -> Vec<u8> {
    let mut full_seed = label.to_vec();
    for s in seed {
        full_seed.extend_from_slice(s);
    }
    let mut out = Vec::with_capacity(len + hash.len());
    let mut a = hmac(hash, secret, &[&full_seed]);
    while out.len() < len {
        out.extend_from_slice(&hmac(hash, secret, &[&a, &full_seed]));
        a = hmac(hash, secret, &[&a]);
    }
    out.truncate(len);
    out
}

/// The HkdfLabel structure: `uint16 length || opaque label<7..255> ("tls13 " + label) ||
/// opaque context<0..255>`.
fn hkdf_label(len: usize, label: &str, context: &[u8]) -> Vec<u8> {
    let full = format!("tls13 {label}");
    let mut info = Vec::with_capacity(4 + full.len() + context.len());
    info.extend_from_slice(&(len as u16).to_be_bytes());
    info.push(full.len() as u8);
    info.extend_from_slice(full.as_bytes());
    info.push(context.len() as u8);
    info.extend_from_slice(context);
    info
}

/// Why HKDF-Expand-Label refused its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadSecretLength;

/// HKDF-Expand-Label(secret, label, context, len), with the secret used as the PRK. Fails when the
/// secret is shorter than the hash (HKDF requires at least that).
pub(crate) fn expand_label(
    hash: Hash,
    secret: &[u8],
    label: &str,
    context: &[u8],
    len: usize,
) -> Result<Vec<u8>, BadSecretLength> {
    let info = hkdf_label(len, label, context);
    let mut out = vec![0u8; len];
    let ok = match hash {
        // No suite pairs HKDF with MD5; the arm keeps the match whole.
        Hash::Md5 => Hkdf::<md5::Md5>::from_prk(secret).map(|h| h.expand(&info, &mut out).is_ok()),
        Hash::Sha1 => Hkdf::<Sha1>::from_prk(secret).map(|h| h.expand(&info, &mut out).is_ok()),
        Hash::Sha256 => Hkdf::<Sha256>::from_prk(secret).map(|h| h.expand(&info, &mut out).is_ok()),
        Hash::Sha384 => Hkdf::<Sha384>::from_prk(secret).map(|h| h.expand(&info, &mut out).is_ok()),
    };
    match ok {
        Ok(true) => Ok(out),
        _ => Err(BadSecretLength),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn h(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn hkdf_label_framing_rfc8448() {
        // RFC 8448 §3 prints the "info" of both expansions.
        assert_eq!(
            hkdf_label(16, "key", b""),
            h("00 10 09 74 6c 73 31 33 20 6b 65 79 00")
        );
        assert_eq!(
            hkdf_label(12, "iv", b""),
            h("00 0c 08 74 6c 73 31 33 20 69 76 00")
        );
    }

    #[test]
    fn prf_sha256_published_vector() {
        // The TLS 1.2 PRF (SHA-256) test vector circulated on the IETF TLS working group list.
        let out = prf(
            Hash::Sha256,
            &h("9b be 43 6b a9 40 f0 17 b1 76 52 84 9a 71 db 35"),
            b"test label",
            &[&h("a0 ba 9f 93 6c da 31 18 27 a6 f7 96 ff d5 19 8c")],
            100,
        );
        assert_eq!(
            out,
            h("e3 f2 29 ba 72 7b e1 7b 8d 12 26 20 55 7c d4 53 c2 aa b2 1d 07 c3 d4 95 32 9b 52 d4
               e6 1e db 5a 6b 30 17 91 e9 0d 35 c9 c9 a4 6b 4e 14 ba f9 af 0f a0 22 f7 07 7d ef 17
               ab fd 37 97 c0 56 4b ab 4f bc 91 66 6e 9d ef 9b 97 fc e3 4f 79 67 89 ba a4 80 82 d1
               22 ee 42 c5 a7 2e 5a 51 10 ff f7 01 87 34 7b 66")
        );
    }

    #[test]
    fn expand_label_rfc8448() {
        // RFC 8448 §3, {server} derive write traffic keys for handshake data.
        let secret = h("b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4
                        e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38");
        assert_eq!(
            expand_label(Hash::Sha256, &secret, "key", b"", 16).unwrap(),
            h("3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc")
        );
        assert_eq!(
            expand_label(Hash::Sha256, &secret, "iv", b"", 12).unwrap(),
            h("5d 31 3e b2 67 12 76 ee 13 00 0b 30")
        );
        assert_eq!(
            expand_label(Hash::Sha256, &secret[..31], "key", b"", 16),
            Err(BadSecretLength)
        );
    }
}
