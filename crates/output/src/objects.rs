//! Export objects: the files a capture carried (HTTP bodies; mail later), saved as tshark's
//! `--export-objects PROTOCOL,DIR` saves them, or listed (`wiresift objects FILE`).
//!
//! Like the `-z` reports, the exporter reads the dissected fields of each frame (`http.file_data` is the
//! body after de-chunking and decompression, as tshark exports it), so the dissectors know nothing of
//! it. Each message with a body is one object, requests (a POST's form) as well as responses.
//!
//! Names as tshark 4.0 gives them: the last segment of the conversation's latest request URI,
//! the characters a file system may refuse written as `%xx`, cut to 255 bytes keeping the extension,
//! and `(N)` put before the extension while the name is taken (by this run or by a file already in the
//! directory). An object without a request URI is named `object<frame>` followed by its content type
//! in place of an extension.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use fields::tree::Item;
use fields::{FieldId, Interest, PacketTree, Registry, Value};

use crate::summary::FrameTimes;
use crate::tap::Tap;

/// Longest file name tshark writes (`EXPORT_OBJECT_MAXFILELEN`).
const MAX_NAME: usize = 255;

/// Characters written as `%xx` in a file name: those Windows or Unix file systems refuse.
const ILLEGAL: &[u8] = b"\\/:*?\"<>|";

/// A protocol whose objects can be exported, by its `--export-objects` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectProtocol {
    Http,
    /// Mail messages (IMF, from SMTP, POP or IMAP) as `SUBJECT.eml`, as tshark saves them, and beside
    /// them each MIME part that names a file, its transfer encoding undone.
    Imf,
}

impl ObjectProtocol {
    /// Every protocol, in the order `--list-objects all` lists them.
    pub const ALL: [ObjectProtocol; 2] = [ObjectProtocol::Http, ObjectProtocol::Imf];

    /// The names `--export-objects` takes.
    pub const NAMES: &'static str = "http, imf";

    /// The protocol `--export-objects` names `name`.
    pub fn from_name(name: &str) -> Option<ObjectProtocol> {
        match name {
            "http" => Some(ObjectProtocol::Http),
            "imf" => Some(ObjectProtocol::Imf),
            _ => None,
        }
    }
}

/// What becomes of the objects found.
#[derive(Debug)]
pub enum Destination {
    /// Each is written to a file in this directory (made if missing).
    Directory(PathBuf),
    /// Each is listed in a table printed after the last frame.
    List,
    /// As `List`, but nothing is printed when no object was found (for listings of every protocol).
    ListIfAny,
}

/// A bad `--export-objects` argument, or a file that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ObjectsError {
    #[error(
        "--export-objects {0}: expected PROTOCOL,DIRECTORY (PROTOCOL one of: {names})",
        names = ObjectProtocol::NAMES
    )]
    BadArgument(String),
    #[error("--export-objects: \"{0}\" is not a protocol wiresift exports (one of: {names})", names = ObjectProtocol::NAMES)]
    UnknownProtocol(String),
    #[error("writing exported object {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One object found: what the listing shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEntry {
    /// The frame that completed the message.
    pub frame: u64,
    /// The HTTP Host the conversation's requests named; for mail, the message's From.
    pub host: String,
    /// The media type, lower case, without parameters.
    pub content_type: String,
    pub size: usize,
    /// The name it is (or would be) saved under.
    pub filename: String,
}

/// The fields read, in slot order.
const FIELDS: [&str; 5] = [
    "tcp.stream",
    "http.request.uri",
    "http.host",
    "http.content_type",
    "http.file_data",
];
const STREAM: usize = 0;
const URI: usize = 1;
const HOST: usize = 2;
const CONTENT_TYPE: usize = 3;
const FILE_DATA: usize = 4;

/// The fields mail export reads, in slot order.
const MAIL_FIELDS: [&str; 7] = [
    "imf",
    "imf.from",
    "imf.subject",
    "mime_multipart.part",
    "mime_multipart.header.content-type",
    "mime_multipart.header.content-disposition",
    "mime_multipart.header.content-transfer-encoding",
];
const IMF: usize = 0;
const FROM: usize = 1;
const SUBJECT: usize = 2;
const PART: usize = 3;
const PART_TYPE: usize = 4;
const PART_DISPOSITION: usize = 5;
const PART_ENCODING: usize = 6;

/// A message or MIME part being gathered from the items under it.
struct MailItem {
    index: u32,
    is_part: bool,
    bytes: Vec<u8>,
    texts: [Option<String>; 3],
}

/// One HTTP message's values, gathered from the items under its protocol item.
#[derive(Default)]
struct Message {
    uri: Option<String>,
    host: Option<String>,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
}

/// What a TCP stream's requests said last.
#[derive(Default)]
struct Conversation {
    uri: Option<String>,
    host: Option<String>,
}

/// `--export-objects PROTOCOL,DIR` or the listing of `wiresift objects`.
pub struct ExportObjects {
    protocol: ObjectProtocol,
    destination: Destination,
    http: Option<FieldId>,
    fields: [Option<FieldId>; 5],
    mail_fields: [Option<FieldId>; 7],
    /// The latest request URI and Host header of each TCP stream.
    conversations: HashMap<u64, Conversation>,
    taken: HashSet<String>,
    entries: Vec<ObjectEntry>,
    error: Option<ObjectsError>,
    text: String,
}

impl ExportObjects {
    /// Parses tshark's `PROTOCOL,DIR`.
    pub fn parse(spec: &str, registry: &Registry) -> Result<ExportObjects, ObjectsError> {
        let (name, dir) = spec
            .split_once(',')
            .filter(|(_, d)| !d.is_empty())
            .ok_or_else(|| ObjectsError::BadArgument(spec.to_string()))?;
        let protocol = ObjectProtocol::from_name(name)
            .ok_or_else(|| ObjectsError::UnknownProtocol(name.to_string()))?;
        Ok(Self::new(
            protocol,
            Destination::Directory(PathBuf::from(dir)),
            registry,
        ))
    }

    /// An exporter of `protocol`'s objects to `destination`.
    pub fn new(
        protocol: ObjectProtocol,
        destination: Destination,
        registry: &Registry,
    ) -> ExportObjects {
        ExportObjects {
            protocol,
            destination,
            http: registry.lookup("http"),
            fields: FIELDS.map(|f| registry.lookup(f)),
            mail_fields: MAIL_FIELDS.map(|f| registry.lookup(f)),
            conversations: HashMap::new(),
            taken: HashSet::new(),
            entries: Vec::new(),
            error: None,
            text: String::new(),
        }
    }

    /// The objects found so far, in frame order.
    pub fn entries(&self) -> &[ObjectEntry] {
        &self.entries
    }

    fn value_text(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], item: &Item) {
        self.text.clear();
        fields::format::write_field_value(registry, tree, data, item, &mut self.text);
    }

    /// Names, records and (for a directory) writes one object.
    fn object(
        &mut self,
        frame: u64,
        host: String,
        content_type: Option<&str>,
        base: String,
        body: &[u8],
    ) {
        let content_type = content_type.map(media_type).unwrap_or_default();
        let mut dup = 0;
        let filename = loop {
            let candidate = safe_name(&base, dup);
            let on_disk = match &self.destination {
                Destination::Directory(dir) => dir.join(&candidate).exists(),
                Destination::List | Destination::ListIfAny => false,
            };
            if !on_disk && !self.taken.contains(&candidate) {
                break candidate;
            }
            dup += 1;
        };
        if let Destination::Directory(dir) = &self.destination
            && self.error.is_none()
        {
            let path = dir.join(&filename);
            let written = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, body));
            if let Err(source) = written {
                self.error = Some(ObjectsError::Write { path, source });
            }
        }
        self.taken.insert(filename.clone());
        self.entries.push(ObjectEntry {
            frame,
            host,
            content_type,
            size: body.len(),
            filename,
        });
    }

    fn http_frame(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], number: u64) {
        let Some(http) = self.http else {
            return;
        };
        let mut stream = None;
        let mut messages: Vec<Message> = Vec::new();
        for item in tree.items() {
            if item.field == http {
                messages.push(Message::default());
                continue;
            }
            let Some(slot) = self.fields.iter().position(|f| *f == Some(item.field)) else {
                continue;
            };
            if slot == STREAM {
                if let Value::UInt(s) = item.value {
                    stream = Some(s);
                }
                continue;
            }
            let Some(m) = messages.last_mut() else {
                continue;
            };
            match slot {
                FILE_DATA if m.body.is_none() => {
                    m.body = Some(tree.item_bytes(data, item).to_vec());
                }
                URI | HOST | CONTENT_TYPE => {
                    self.value_text(registry, tree, data, item);
                    let text = std::mem::take(&mut self.text);
                    let m = messages.last_mut().expect("checked above");
                    let target = match slot {
                        URI => &mut m.uri,
                        HOST => &mut m.host,
                        _ => &mut m.content_type,
                    };
                    if target.is_none() {
                        *target = Some(text);
                    }
                }
                _ => {}
            }
        }
        let stream = stream.unwrap_or(u64::MAX);
        for m in messages {
            // tshark names every object after the conversation's latest request and Host, whichever
            // request the message answers.
            let conversation = self.conversations.entry(stream).or_default();
            if m.uri.is_some() {
                conversation.uri = m.uri;
            }
            if m.host.is_some() {
                conversation.host = m.host;
            }
            // A message whose body decodes to nothing (a chunked body of one empty chunk) is still
            // an object, as in tshark.
            let Some(body) = m.body else {
                continue;
            };
            let host = conversation.host.clone().unwrap_or_default();
            let media = m
                .content_type
                .as_deref()
                .map(media_type)
                .unwrap_or_default();
            let base = match &conversation.uri {
                Some(uri) => basename(uri).to_string(),
                // tshark puts the content type where an extension would go ("object7.text/html",
                // whose '/' is then written as %2f).
                None if media.is_empty() => format!("object{number}"),
                None => format!("object{number}.{media}"),
            };
            self.object(number, host, m.content_type.as_deref(), base, &body);
        }
    }
}

impl ExportObjects {
    /// Each IMF message of the frame as tshark's `SUBJECT.eml`, and each MIME part naming a file.
    fn mail_frame(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], number: u64) {
        let slot_of = |f: FieldId| self.mail_fields.iter().position(|m| *m == Some(f));
        let mut found: Vec<MailItem> = Vec::new();
        for (index, item) in tree.items().iter().enumerate() {
            let Some(slot) = slot_of(item.field) else {
                continue;
            };
            match slot {
                IMF | PART => found.push(MailItem {
                    index: index as u32,
                    is_part: slot == PART,
                    bytes: tree.item_bytes(data, item).to_vec(),
                    texts: [None, None, None],
                }),
                _ => {
                    // A value belongs to the message or part it sits directly under.
                    let Some(owner) = found.iter_mut().rev().find(|m| m.index == item.parent)
                    else {
                        continue;
                    };
                    let at = match slot {
                        FROM | PART_TYPE => 0,
                        SUBJECT | PART_DISPOSITION => 1,
                        PART_ENCODING => 2,
                        _ => continue,
                    };
                    if owner.texts[at].is_none() {
                        self.text.clear();
                        fields::format::write_field_value(
                            registry,
                            tree,
                            data,
                            item,
                            &mut self.text,
                        );
                        owner.texts[at] = Some(std::mem::take(&mut self.text));
                    }
                }
            }
        }
        for m in found {
            let [a, b, c] = m.texts;
            if !m.is_part {
                // tshark: the subject as the name, the whole message as the content.
                let base = format!("{}.eml", b.unwrap_or_default());
                self.object(
                    number,
                    a.unwrap_or_default(),
                    Some("message/rfc822"),
                    base,
                    &m.bytes,
                );
                continue;
            }
            let Some(name) = b
                .as_deref()
                .and_then(|d| parameter(d, "filename"))
                .or_else(|| a.as_deref().and_then(|t| parameter(t, "name")))
            else {
                continue;
            };
            let body = part_body(&m.bytes);
            let content = decode_transfer_encoding(c.as_deref().unwrap_or(""), body);
            self.object(
                number,
                String::new(),
                a.as_deref(),
                basename(&name.replace('\\', "/")).to_string(),
                &content,
            );
        }
    }
}

/// The body of a MIME part: what follows its headers' empty line.
fn part_body(part: &[u8]) -> &[u8] {
    if part.starts_with(b"\r\n") {
        return &part[2..];
    }
    if part.starts_with(b"\n") {
        return &part[1..];
    }
    let crlf = part
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4);
    let lf = part.windows(2).position(|w| w == b"\n\n").map(|p| p + 2);
    let at = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(part.len()),
    };
    &part[at..]
}

/// A parameter of a MIME header value (`filename` of `attachment;filename="a.png"`), unquoted.
fn parameter(value: &str, name: &str) -> Option<String> {
    for p in value.split(';').skip(1) {
        let Some((key, v)) = p.split_once('=') else {
            continue;
        };
        if key.trim().eq_ignore_ascii_case(name) {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or(v);
            return (!v.is_empty()).then(|| v.to_string());
        }
    }
    None
}

/// The media type of a Content-Type value: lower case, without parameters.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

impl Tap for ExportObjects {
    fn add_interest(&self, _registry: &Registry, interest: &mut Interest) {
        let wanted: Vec<FieldId> = match self.protocol {
            ObjectProtocol::Http => self
                .http
                .iter()
                .chain(self.fields.iter().flatten())
                .copied()
                .collect(),
            ObjectProtocol::Imf => self.mail_fields.iter().flatten().copied().collect(),
        };
        for f in wanted {
            interest.add_field(f);
        }
    }

    fn frame(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        match self.protocol {
            ObjectProtocol::Http => self.http_frame(registry, tree, data, times.number),
            ObjectProtocol::Imf => self.mail_frame(registry, tree, data, times.number),
        }
    }

    fn finish(&mut self, _registry: &Registry, out: &mut String) {
        match self.destination {
            Destination::List => write_listing(&self.entries, out),
            Destination::ListIfAny if !self.entries.is_empty() => write_listing(&self.entries, out),
            _ => {}
        }
    }

    fn take_error(&mut self) -> Option<crate::tap::TapFailure> {
        self.error.take().map(Into::into)
    }
}

/// The listing `wiresift objects` prints: one row per object, columns as Wireshark's Export Objects
/// dialog shows them.
pub fn write_listing(entries: &[ObjectEntry], out: &mut String) {
    use std::fmt::Write as _;
    let header = ["Packet", "Hostname", "Content Type", "Size", "Filename"];
    let rows: Vec<[String; 5]> = entries
        .iter()
        .map(|e| {
            [
                e.frame.to_string(),
                e.host.clone(),
                e.content_type.clone(),
                e.size.to_string(),
                e.filename.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut line = |cells: [&str; 5]| {
        let [a, b, c, d, e] = cells;
        let _ = writeln!(
            out,
            "{a:>w0$}  {b:<w1$}  {c:<w2$}  {d:>w3$}  {e}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
    };
    line(header);
    for r in &rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4]]);
    }
}

/// The last segment of a path as GLib's `g_path_get_basename` gives it: trailing slashes ignored, "/"
/// for a path of slashes only, "." for an empty one.
fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// `name` made safe to save: illegal characters as `%xx`, cut to [`MAX_NAME`] bytes keeping the
/// extension (from the last '.'), then `(dup)` before the extension when `dup` is not 0.
fn safe_name(name: &str, dup: u32) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() && (ILLEGAL.contains(&(c as u8)) || c.is_ascii_control()) {
            out.push_str(&format!("%{:02x}", c as u32));
        } else {
            out.push(c);
        }
    }
    if out.len() > MAX_NAME {
        let ext = out
            .rfind('.')
            .map(|i| out[i..].to_string())
            .filter(|e| e.len() < MAX_NAME);
        let keep = MAX_NAME - ext.as_ref().map_or(0, String::len);
        let mut cut = keep;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        if let Some(e) = ext {
            out.push_str(&e);
        }
    }
    if dup != 0 {
        let mark = format!("({dup})");
        match out.rfind('.') {
            Some(i) => out.insert_str(i, &mark),
            None => out.push_str(&mark),
        }
    }
    out
}

/// The content of a part body after undoing its Content-Transfer-Encoding (base64 or
/// quoted-printable; other encodings are the bytes themselves). Undecodable base64 characters are
/// skipped, as mail readers do.
fn decode_transfer_encoding(encoding: &str, body: &[u8]) -> Vec<u8> {
    match encoding.trim().to_ascii_lowercase().as_str() {
        "base64" => decode_base64(body),
        "quoted-printable" => decode_quoted_printable(body),
        _ => body.to_vec(),
    }
}

/// Base64 with line breaks and stray characters in it, as mail carries it. Written here rather than
/// with the `base64` crate: that crate rejects the line breaks and blanks every mail body has, and the
/// lenient loop is a few lines.
fn decode_base64(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &b in body {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable (RFC 2045 section 6.7): `=XX` is a byte, `=` at a line end a soft break.
fn decode_quoted_printable(body: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        if body[i + 1..].starts_with(b"\r\n") {
            i += 3;
        } else if body[i + 1..].starts_with(b"\n") {
            i += 2;
        } else if let (Some(h), Some(l)) = (
            body.get(i + 1).copied().and_then(hex),
            body.get(i + 2).copied().and_then(hex),
        ) {
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_tshark() {
        assert_eq!(basename("/"), "/");
        assert_eq!(basename("/dir/"), "dir");
        assert_eq!(basename("/a/b.js?x=1/c"), "c");
        assert_eq!(basename("/q%3Fx.txt"), "q%3Fx.txt");
        assert_eq!(basename(""), ".");
        assert_eq!(safe_name("/", 0), "%2f");
        assert_eq!(safe_name("/", 1), "%2f(1)");
        assert_eq!(safe_name("a.bin?v=1", 0), "a.bin%3fv=1");
        assert_eq!(safe_name("a.bin", 2), "a(2).bin");
        assert_eq!(safe_name("log?a=1:2|3", 0), "log%3fa=1%3a2%7c3");
        // Too long: cut before the extension, which is kept.
        let long = format!("{}.tail", "x".repeat(300));
        let safe = safe_name(&long, 0);
        assert_eq!(safe.len(), MAX_NAME);
        assert!(safe.ends_with("x.tail"));
    }

    #[test]
    fn transfer_encodings_are_undone() {
        // RFC 4648's test vector, broken over lines as mail breaks it.
        assert_eq!(
            decode_transfer_encoding("base64", b"Zm9v\r\nYmFy\r\n"),
            b"foobar"
        );
        assert_eq!(decode_transfer_encoding("BASE64", b"Zm9vYg=="), b"foob");
        assert_eq!(
            decode_transfer_encoding("quoted-printable", b"Caf=C3=A9 long=\r\n line=3D"),
            "Café long line=".as_bytes()
        );
        assert_eq!(decode_transfer_encoding("7bit", b"as is"), b"as is");
        // Cut short or bad escapes are kept, never a panic.
        assert_eq!(decode_quoted_printable(b"a=4"), b"a=4");
        assert_eq!(decode_quoted_printable(b"="), b"=");
    }
}
