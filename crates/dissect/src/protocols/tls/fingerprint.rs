//! Client and server fingerprints of the hellos: JA3 and JA3S as tshark 4.0 computes them
//! (`tls.handshake.ja3_full`, `ja3`, `ja3s_full`, `ja3s`), and JA4 (`tls.handshake.ja4`, `ja4_r`,
//! the names Wireshark 4.2 gives them) per the JA4 specification (FoxIO's JA4.md).

use fields::ItemIdx;
use md5::Digest as _;

use super::extensions::is_grease;
use super::*;
use crate::protocols::hex;

/// What a hello says that the fingerprints read, in wire order.
#[derive(Debug, Default)]
pub(super) struct Hello {
    pub version: u16,
    pub ciphers: Vec<u16>,
    pub extensions: Vec<u16>,
    pub groups: Vec<u16>,
    pub point_formats: Vec<u8>,
    pub signature_algorithms: Vec<u16>,
    /// The client's supported_versions.
    pub versions: Vec<u16>,
    /// The server's supported_versions.
    pub selected_version: Option<u16>,
    pub server_name: bool,
    /// The first ALPN protocol.
    pub alpn: Option<Vec<u8>>,
}

fn dashed<T: std::fmt::Display>(values: impl Iterator<Item = T>) -> String {
    values.map(|v| v.to_string()).collect::<Vec<_>>().join("-")
}

fn md5_hex(s: &str) -> String {
    hex(&md5::Md5::digest(s.as_bytes()))
}

/// JA3's string: version, ciphers, extensions, groups, point formats, GREASE values left out.
pub(super) fn ja3_full(h: &Hello) -> String {
    format!(
        "{},{},{},{},{}",
        h.version,
        dashed(h.ciphers.iter().filter(|c| !is_grease(**c))),
        dashed(h.extensions.iter().filter(|c| !is_grease(**c))),
        dashed(h.groups.iter().filter(|c| !is_grease(**c))),
        dashed(h.point_formats.iter()),
    )
}

/// JA3S's string: version, the chosen cipher, extensions.
pub(super) fn ja3s_full(h: &Hello) -> String {
    format!(
        "{},{},{}",
        h.version,
        dashed(h.ciphers.iter()),
        dashed(h.extensions.iter().filter(|c| !is_grease(**c))),
    )
}

/// JA4's version code for a TLS version.
fn ja4_version(v: u16) -> &'static str {
    match v {
        0x0304 => "13",
        0x0303 => "12",
        0x0302 => "11",
        0x0301 => "10",
        0x0300 => "s3",
        0x0002 => "s2",
        _ => "00",
    }
}

/// JA4's ALPN code: the first and last characters of the first protocol, or the first and last hex
/// digits of its bytes when either is not an ASCII letter or digit; "00" without ALPN.
fn ja4_alpn(alpn: Option<&[u8]>) -> String {
    match alpn {
        Some([first, .., last]) | Some([first @ last])
            if first.is_ascii_alphanumeric() && last.is_ascii_alphanumeric() =>
        {
            format!("{}{}", *first as char, *last as char)
        }
        Some(bytes @ [_, ..]) => {
            let h = hex(bytes);
            let (a, b) = (h.as_bytes()[0] as char, h.as_bytes()[h.len() - 1] as char);
            format!("{a}{b}")
        }
        _ => "00".to_owned(),
    }
}

/// The first 12 hex digits of SHA-256 of `s`, or twelve zeros for an empty list.
fn truncated_sha256(s: &str) -> String {
    if s.is_empty() {
        return "000000000000".to_owned();
    }
    hex(&sha2::Sha256::digest(s.as_bytes()))[..12].to_owned()
}

/// JA4 of a ClientHello over TCP: (ja4, ja4_r).
pub(super) fn ja4(h: &Hello) -> (String, String) {
    let version = h
        .versions
        .iter()
        .copied()
        .filter(|v| !is_grease(*v))
        .max()
        .unwrap_or(h.version);
    let ciphers: Vec<u16> = h
        .ciphers
        .iter()
        .copied()
        .filter(|c| !is_grease(*c))
        .collect();
    let exts: Vec<u16> = h
        .extensions
        .iter()
        .copied()
        .filter(|c| !is_grease(*c))
        .collect();
    let a = format!(
        "t{}{}{:02}{:02}{}",
        ja4_version(version),
        if h.server_name { 'd' } else { 'i' },
        ciphers.len().min(99),
        exts.len().min(99),
        ja4_alpn(h.alpn.as_deref()),
    );
    let mut sorted_ciphers = ciphers.clone();
    sorted_ciphers.sort_unstable();
    let b_raw = sorted_ciphers
        .iter()
        .map(|c| format!("{c:04x}"))
        .collect::<Vec<_>>()
        .join(",");
    let mut sorted_exts: Vec<u16> = exts.into_iter().filter(|e| *e != 0 && *e != 16).collect();
    sorted_exts.sort_unstable();
    let exts_raw = sorted_exts
        .iter()
        .map(|c| format!("{c:04x}"))
        .collect::<Vec<_>>()
        .join(",");
    let sigs_raw = h
        .signature_algorithms
        .iter()
        .map(|c| format!("{c:04x}"))
        .collect::<Vec<_>>()
        .join(",");
    let c_raw = if sigs_raw.is_empty() {
        exts_raw.clone()
    } else {
        format!("{exts_raw}_{sigs_raw}")
    };
    let c = if exts_raw.is_empty() {
        "000000000000".to_owned()
    } else {
        truncated_sha256(&c_raw)
    };
    let ja4 = format!("{a}_{}_{c}", truncated_sha256(&b_raw));
    let ja4_r = format!("{a}_{b_raw}_{c_raw}");
    (ja4, ja4_r)
}

/// Adds the client fingerprints under the ClientHello's item.
pub(super) fn client(cx: &mut Cx, hs: ItemIdx, h: &Hello) {
    if [HS_JA3_FULL, HS_JA3, HS_JA4, HS_JA4_R]
        .iter()
        .all(|f| !cx.tree.wants(*f))
    {
        return;
    }
    let (ja4, ja4_r) = ja4(h);
    let v = cx.tree.text_value(&ja4);
    cx.tree.add_generated(hs, HS_JA4, 0, 0, v);
    let v = cx.tree.text_value(&ja4_r);
    cx.tree.add_generated(hs, HS_JA4_R, 0, 0, v);
    let full = ja3_full(h);
    let v = cx.tree.text_value(&full);
    cx.tree.add_generated(hs, HS_JA3_FULL, 0, 0, v);
    let v = cx.tree.text_value(&md5_hex(&full));
    cx.tree.add_generated(hs, HS_JA3, 0, 0, v);
}

/// Adds the server fingerprints under the ServerHello's item.
pub(super) fn server(cx: &mut Cx, hs: ItemIdx, h: &Hello) {
    if !cx.tree.wants(HS_JA3S_FULL) && !cx.tree.wants(HS_JA3S) {
        return;
    }
    let full = ja3s_full(h);
    let v = cx.tree.text_value(&full);
    cx.tree.add_generated(hs, HS_JA3S_FULL, 0, 0, v);
    let v = cx.tree.text_value(&md5_hex(&full));
    cx.tree.add_generated(hs, HS_JA3S, 0, 0, v);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grease_values() {
        assert!(is_grease(0x0a0a));
        assert!(is_grease(0xfafa));
        assert!(!is_grease(0x0a1a));
        assert!(!is_grease(0x1301));
    }

    /// A Chrome 143 ClientHello as a JA4 reference implementation reported it (ja4, ja4_r and the
    /// original order, ja4_ro): the same lists, GREASE added, give the same fingerprint.
    #[test]
    fn ja4_of_a_published_example() {
        let h = Hello {
            version: 0x0303,
            ciphers: vec![
                0x3a3a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
                0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
            ],
            extensions: vec![
                0x1a1a, 0x002d, 0x0033, 0x0010, 0xfe0d, 0x0017, 0x44cd, 0x0000, 0x000b, 0x000a,
                0x002b, 0xff01, 0x0023, 0x0012, 0x0005, 0x000d, 0x001b, 0x2a2a,
            ],
            signature_algorithms: vec![
                0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601,
            ],
            versions: vec![0x2a2a, 0x0304, 0x0303],
            server_name: true,
            alpn: Some(b"h2".to_vec()),
            ..Hello::default()
        };
        let (ja4, raw) = ja4(&h);
        assert_eq!(
            raw,
            "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_\
             0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,fe0d,ff01_\
             0403,0804,0401,0503,0805,0501,0806,0601"
        );
        assert_eq!(ja4, "t13d1516h2_8daaf6152771_d8a2da3f94cd");
    }
}
