//! The NSS key log format (what `SSLKEYLOGFILE` makes browsers, curl and OpenSSL write, and what a pcapng
//! Decryption Secrets Block of type `TLSK` carries): one `LABEL <client_random hex> <secret hex>` per line.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// Length of a ClientHello random, the key every key-log line is filed under.
pub const CLIENT_RANDOM_LEN: usize = 32;

/// A secret from a key log: a few dozen bytes that decrypt a connection, so its `Debug` output says only
/// how long it is.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps raw secret bytes (a master secret or a TLS 1.3 traffic secret).
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(bytes)
    }

    /// The secret's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.0.len())
    }
}

/// Which secret a key-log line gives: the labels of the NSS format that decryption uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// `CLIENT_RANDOM`: the 48-byte TLS 1.2 (and earlier) master secret.
    ClientRandom,
    /// `CLIENT_EARLY_TRAFFIC_SECRET`: TLS 1.3 0-RTT data from the client.
    ClientEarlyTrafficSecret,
    /// `CLIENT_HANDSHAKE_TRAFFIC_SECRET`.
    ClientHandshakeTrafficSecret,
    /// `SERVER_HANDSHAKE_TRAFFIC_SECRET`.
    ServerHandshakeTrafficSecret,
    /// `CLIENT_TRAFFIC_SECRET_0`: the client's first application traffic secret.
    ClientTrafficSecret0,
    /// `SERVER_TRAFFIC_SECRET_0`.
    ServerTrafficSecret0,
    /// `EXPORTER_SECRET`: not needed to decrypt, kept for completeness.
    ExporterSecret,
    /// `EARLY_EXPORTER_SECRET`: not needed to decrypt either.
    EarlyExporterSecret,
}

impl Label {
    const ALL: [(&'static str, Label); 8] = [
        ("CLIENT_RANDOM", Label::ClientRandom),
        (
            "CLIENT_EARLY_TRAFFIC_SECRET",
            Label::ClientEarlyTrafficSecret,
        ),
        (
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            Label::ClientHandshakeTrafficSecret,
        ),
        (
            "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            Label::ServerHandshakeTrafficSecret,
        ),
        ("CLIENT_TRAFFIC_SECRET_0", Label::ClientTrafficSecret0),
        ("SERVER_TRAFFIC_SECRET_0", Label::ServerTrafficSecret0),
        ("EXPORTER_SECRET", Label::ExporterSecret),
        ("EARLY_EXPORTER_SECRET", Label::EarlyExporterSecret),
    ];

    /// The label as it is written in the file.
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, l)| *l == self)
            .map(|(s, _)| *s)
            .unwrap_or("")
    }

    fn parse(s: &[u8]) -> Option<Label> {
        Self::ALL
            .iter()
            .find(|(name, _)| name.as_bytes() == s)
            .map(|(_, l)| *l)
    }
}

/// Every secret the key log holds for one connection (one client random).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    /// TLS 1.2: the master secret (`CLIENT_RANDOM`).
    pub master_secret: Option<Secret>,
    /// TLS 1.3: `CLIENT_EARLY_TRAFFIC_SECRET`.
    pub client_early_traffic_secret: Option<Secret>,
    /// TLS 1.3: `CLIENT_HANDSHAKE_TRAFFIC_SECRET`.
    pub client_handshake_traffic_secret: Option<Secret>,
    /// TLS 1.3: `SERVER_HANDSHAKE_TRAFFIC_SECRET`.
    pub server_handshake_traffic_secret: Option<Secret>,
    /// TLS 1.3: `CLIENT_TRAFFIC_SECRET_0`.
    pub client_traffic_secret_0: Option<Secret>,
    /// TLS 1.3: `SERVER_TRAFFIC_SECRET_0`.
    pub server_traffic_secret_0: Option<Secret>,
    /// TLS 1.3: `EXPORTER_SECRET`.
    pub exporter_secret: Option<Secret>,
    /// TLS 1.3: `EARLY_EXPORTER_SECRET`.
    pub early_exporter_secret: Option<Secret>,
}

impl Secrets {
    /// The secret of one label, if the key log gave it.
    pub fn get(&self, label: Label) -> Option<&Secret> {
        self.slot(label).as_ref()
    }

    fn slot(&self, label: Label) -> &Option<Secret> {
        match label {
            Label::ClientRandom => &self.master_secret,
            Label::ClientEarlyTrafficSecret => &self.client_early_traffic_secret,
            Label::ClientHandshakeTrafficSecret => &self.client_handshake_traffic_secret,
            Label::ServerHandshakeTrafficSecret => &self.server_handshake_traffic_secret,
            Label::ClientTrafficSecret0 => &self.client_traffic_secret_0,
            Label::ServerTrafficSecret0 => &self.server_traffic_secret_0,
            Label::ExporterSecret => &self.exporter_secret,
            Label::EarlyExporterSecret => &self.early_exporter_secret,
        }
    }

    fn slot_mut(&mut self, label: Label) -> &mut Option<Secret> {
        match label {
            Label::ClientRandom => &mut self.master_secret,
            Label::ClientEarlyTrafficSecret => &mut self.client_early_traffic_secret,
            Label::ClientHandshakeTrafficSecret => &mut self.client_handshake_traffic_secret,
            Label::ServerHandshakeTrafficSecret => &mut self.server_handshake_traffic_secret,
            Label::ClientTrafficSecret0 => &mut self.client_traffic_secret_0,
            Label::ServerTrafficSecret0 => &mut self.server_traffic_secret_0,
            Label::ExporterSecret => &mut self.exporter_secret,
            Label::EarlyExporterSecret => &mut self.early_exporter_secret,
        }
    }
}

/// What was wrong with a key-log line that was skipped (or, for [`WarningKind::Conflict`], kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningKind {
    /// Not three space-separated fields, a field that is not hex, or a client random or secret of the
    /// wrong length.
    Malformed(String),
    /// A label this crate does not use (`RSA`, `PMS_CLIENT_RANDOM`, ECH labels, a typo).
    UnknownLabel(String),
    /// The same label and client random with a different secret: the later line wins, as in Wireshark.
    Conflict(Label),
}

/// A key-log line that could not be used as it is, for the user: `Display` gives the line number and the
/// reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line number in the key log (in the bytes given to [`KeyLog::parse`]).
    pub line: usize,
    /// What was wrong.
    pub kind: WarningKind,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            WarningKind::Malformed(why) => {
                write!(f, "key log line {}: {why}; line skipped", self.line)
            }
            WarningKind::UnknownLabel(label) => write!(
                f,
                "key log line {}: label {label:?} is not used for decryption; line skipped",
                self.line
            ),
            WarningKind::Conflict(label) => write!(
                f,
                "key log line {}: a second, different {} for the same client random replaces the first",
                self.line,
                label.as_str()
            ),
        }
    }
}

/// An error reading a key log file (parsing itself never fails: bad lines become [`Warning`]s).
#[derive(Debug, thiserror::Error)]
#[error("cannot read the TLS key log {path}: {source}")]
pub struct KeyLogError {
    /// The file that could not be read.
    pub path: std::path::PathBuf,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// Secrets from one or more NSS key logs, looked up by client random.
#[derive(Debug, Clone, Default)]
pub struct KeyLog {
    by_random: HashMap<[u8; CLIENT_RANDOM_LEN], Secrets>,
}

impl KeyLog {
    /// An empty key log.
    pub fn new() -> Self {
        KeyLog::default()
    }

    /// Parses key-log text (LF or CRLF line ends; `#` comments and blank lines ignored). Lines that cannot
    /// be used are skipped and reported; parsing never fails.
    pub fn parse(text: &[u8]) -> (KeyLog, Vec<Warning>) {
        let mut log = KeyLog::new();
        let warnings = log.add(text);
        (log, warnings)
    }

    /// Reads and parses a key-log file.
    pub fn from_path(path: &Path) -> Result<(KeyLog, Vec<Warning>), KeyLogError> {
        let text = std::fs::read(path).map_err(|source| KeyLogError {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(KeyLog::parse(&text))
    }

    /// Adds the secrets of more key-log text (another file, or a Decryption Secrets Block) to this log;
    /// the warnings for its lines, numbered from 1 within `text`.
    pub fn add(&mut self, text: &[u8]) -> Vec<Warning> {
        let mut warnings = Vec::new();
        for (i, raw) in text.split(|&b| b == b'\n').enumerate() {
            let line = raw.strip_suffix(b"\r").unwrap_or(raw);
            let line = trim(line);
            if line.is_empty() || line.starts_with(b"#") {
                continue;
            }
            let number = i + 1;
            match parse_line(line) {
                Ok((label, random, secret)) => {
                    let slot = self.by_random.entry(random).or_default().slot_mut(label);
                    if slot.as_ref().is_some_and(|old| *old != secret) {
                        warnings.push(Warning {
                            line: number,
                            kind: WarningKind::Conflict(label),
                        });
                    }
                    *slot = Some(secret);
                }
                Err(kind) => warnings.push(Warning { line: number, kind }),
            }
        }
        warnings
    }

    /// The secrets for the connection whose ClientHello random is `client_random`.
    pub fn secrets_for(&self, client_random: &[u8; CLIENT_RANDOM_LEN]) -> Option<&Secrets> {
        self.by_random.get(client_random)
    }

    /// Number of connections (distinct client randoms) with at least one secret.
    pub fn len(&self) -> usize {
        self.by_random.len()
    }

    /// True when no line gave a secret.
    pub fn is_empty(&self) -> bool {
        self.by_random.is_empty()
    }
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

fn parse_line(line: &[u8]) -> Result<(Label, [u8; CLIENT_RANDOM_LEN], Secret), WarningKind> {
    let mut fields = line
        .split(|&b| b == b' ' || b == b'\t')
        .filter(|f| !f.is_empty());
    let (Some(label), Some(random), Some(secret), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(WarningKind::Malformed(
            "expected three fields: label, client random, secret".into(),
        ));
    };
    let Some(label) = Label::parse(label) else {
        return Err(WarningKind::UnknownLabel(
            String::from_utf8_lossy(label).into_owned(),
        ));
    };
    let random = decode_hex(random)
        .ok_or_else(|| WarningKind::Malformed("the client random is not hex".into()))?;
    let random: [u8; CLIENT_RANDOM_LEN] = random.as_slice().try_into().map_err(|_| {
        WarningKind::Malformed(format!(
            "the client random has {} bytes, not {CLIENT_RANDOM_LEN}",
            random.len()
        ))
    })?;
    let secret =
        decode_hex(secret).ok_or_else(|| WarningKind::Malformed("the secret is not hex".into()))?;
    // A master secret is always 48 bytes; TLS 1.3 secrets are as long as the suite's hash (SHA-256: 32,
    // SHA-384: 48), which is not known here.
    let ok = match label {
        Label::ClientRandom => secret.len() == 48,
        _ => matches!(secret.len(), 32 | 48),
    };
    if !ok {
        return Err(WarningKind::Malformed(format!(
            "a {} secret of {} bytes is not possible",
            label.as_str(),
            secret.len()
        )));
    }
    Ok((label, random, Secret(secret)))
}

fn decode_hex(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    s.chunks_exact(2)
        .map(|p| Some(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const R1: &str = "0101010101010101010101010101010101010101010101010101010101010101";
    const R2: &str = "0202020202020202020202020202020202020202020202020202020202020202";

    fn hex48(b: u8) -> String {
        format!("{b:02x}").repeat(48)
    }

    #[test]
    fn labels_comments_blank_lines_and_crlf() {
        let text = format!(
            "# comment\r\n\r\nCLIENT_RANDOM {R1} {}\r\n  \nCLIENT_HANDSHAKE_TRAFFIC_SECRET {R2} {}\nSERVER_TRAFFIC_SECRET_0\t{R2}\t{}",
            hex48(0xaa),
            "bb".repeat(32),
            "CC".repeat(48)
        );
        let (log, warnings) = KeyLog::parse(text.as_bytes());
        assert_eq!(warnings, vec![]);
        assert_eq!(log.len(), 2);
        let s1 = log.secrets_for(&[1; 32]).unwrap();
        assert_eq!(s1.master_secret.as_ref().unwrap().as_bytes(), &[0xaa; 48]);
        let s2 = log.secrets_for(&[2; 32]).unwrap();
        assert_eq!(
            s2.client_handshake_traffic_secret
                .as_ref()
                .unwrap()
                .as_bytes(),
            &[0xbb; 32]
        );
        assert_eq!(
            s2.get(Label::ServerTrafficSecret0).unwrap().as_bytes(),
            &[0xcc; 48]
        );
        assert!(s2.master_secret.is_none());
        assert!(log.secrets_for(&[3; 32]).is_none());
    }

    #[test]
    fn bad_lines_are_skipped_with_their_line_number() {
        let text = format!(
            "CLIENT_RANDOM {R1}\n\
             CLIENT_RANDOM {R1} {} extra\n\
             CLIENT_RANDOM {R1} {}\n\
             CLIENT_RANDOM 0102 {}\n\
             CLIENT_RANDOM {R1} abc\n\
             RSA 0011223344556677 {}\n\
             CLIENT_RANDOM {R1} {}\n\
             CLIENT_TRAFFIC_SECRET_0 {R1} {}\n\
             \u{0}\u{ff}garbage\n\
             CLIENT_RANDOM {R1} {}\n",
            hex48(1),
            "zz".repeat(48),
            hex48(1),
            hex48(1),
            "11".repeat(47),
            "11".repeat(40),
            hex48(7)
        );
        let (log, warnings) = KeyLog::parse(text.as_bytes());
        let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert!(matches!(warnings[5].kind, WarningKind::UnknownLabel(ref l) if l == "RSA"));
        assert_eq!(
            warnings[3].to_string(),
            "key log line 4: the client random has 2 bytes, not 32; line skipped"
        );
        // Only the last line was usable.
        assert_eq!(log.len(), 1);
        let s = log.secrets_for(&[1; 32]).unwrap();
        assert_eq!(s.master_secret.as_ref().unwrap().as_bytes(), &[7; 48]);
        assert!(s.client_traffic_secret_0.is_none());
    }

    #[test]
    fn duplicates_same_value_silent_different_value_replaces_with_warning() {
        let text = format!(
            "CLIENT_RANDOM {R1} {a}\nCLIENT_RANDOM {R1} {a}\nCLIENT_RANDOM {R1} {b}\n",
            a = hex48(1),
            b = hex48(2)
        );
        let (log, warnings) = KeyLog::parse(text.as_bytes());
        assert_eq!(
            warnings,
            vec![Warning {
                line: 3,
                kind: WarningKind::Conflict(Label::ClientRandom)
            }]
        );
        assert_eq!(
            log.secrets_for(&[1; 32])
                .unwrap()
                .master_secret
                .as_ref()
                .unwrap()
                .as_bytes(),
            &[2; 48]
        );
    }

    #[test]
    fn debug_output_hides_secrets() {
        let text = format!("CLIENT_RANDOM {R1} {}\n", hex48(0xab));
        let (log, _) = KeyLog::parse(text.as_bytes());
        let debug = format!("{log:?}");
        assert!(debug.contains("Secret(48 bytes)"), "{debug}");
        assert!(!debug.to_lowercase().contains("abab"), "{debug}");
        assert!(!debug.contains("171, 171"), "{debug}");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut seed = 0x1234_5678_9abc_def0u64;
        const ALPHABET: &[u8] = b"CLIENT_RANDOM 0123456789abcdef \n\r#\t\xff";
        for _ in 0..2000 {
            let len = (seed % 300) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    // Mostly key-log-like characters, so that lines get far into the parser.
                    ALPHABET[(seed % ALPHABET.len() as u64) as usize]
                })
                .collect();
            let _ = KeyLog::parse(&bytes);
        }
    }
}
