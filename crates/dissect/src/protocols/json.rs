//! JSON (RFC 8259) bodies as tshark 4.0's `json` dissector shows them: each top-level object or array
//! as a tree of `json.object`, `json.array` and `json.member` items, each member with its key, its path
//! from the root (`json.path`, e.g. `/a/[]/b`) and, for a scalar value, the generated
//! `json.path_with_value` and `json.member_with_value` before the value itself.
//!
//! What tshark 4.0 does, and so what this does (checked against tshark on hand-made bodies):
//! - Only objects and arrays stand at the top; several may follow one another, blanks between them.
//!   A top-level value that does not parse (a bare scalar, a syntax error anywhere inside, nesting too
//!   deep) adds nothing: the rest of the body, from that value on, goes to line-based text, which is
//!   also where the protocol item ends.
//! - The grammar is Wireshark's, not quite RFC 8259's: blanks may sit between the parts of a number
//!   (`1 .5`, `- 1` and `1 2` are numbers, shown as written), raw control characters are allowed in
//!   strings, and the nesting is bounded by the depth of Wireshark's parser (see [`DEPTH_LIMIT`]).
//! - Strings are shown unescaped, with Wireshark 4.0's quirks in `\u` escapes: an escape that ends the
//!   string is dropped, as are escaped control characters; an unpaired surrogate becomes U+FFFD (a
//!   high one swallowing the character after it).
//! - The Protocol column gets `/JSON`; the Info column `, JavaScript Object Notation (TYPE)`.
//!
//! Left to do: the compact views (`json.object_compact` ...) and 3GPP fields, off by default in 4.0.

use fields::{ItemIdx, Value};

use crate::Cx;

fields::declare_protocol! {
    proto JSON = super::ids::JSON, "JavaScript Object Notation", "JSON", "json";
    ARRAY: "json.array", "Array", None, None, blurb "JSON array";
    OBJECT: "json.object", "Object", None, None, blurb "JSON object";
    MEMBER: "json.member", "Member", String, None, blurb "JSON object member";
    KEY: "json.key", "Key", String, None;
    PATH: "json.path", "Path", String, None;
    PATH_WITH_VALUE: "json.path_with_value", "Path with value", String, None;
    MEMBER_WITH_VALUE: "json.member_with_value", "Member with value", String, None;
    VALUE_STRING: "json.value.string", "String value", String, None, blurb "JSON string value";
    VALUE_NUMBER: "json.value.number", "Number value", String, None, blurb "JSON number value";
    VALUE_FALSE: "json.value.false", "False value", None, None, blurb "JSON false value";
    VALUE_NULL: "json.value.null", "Null value", None, None, blurb "JSON null value";
    VALUE_TRUE: "json.value.true", "True value", None, None, blurb "JSON true value";
}

/// Wireshark's parser gives up past this depth of its own rules. An array or object costs 4 levels (its
/// members' values sit 5 below an object), a number 5, any other scalar 4: tshark 4.0 takes 25 nested
/// empty arrays but not 26, and 19 nested objects around a number but not 20.
pub const DEPTH_LIMIT: u32 = 100;

/// What a parsed value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// A parsed value: its bytes `start..end` in the body; for an object member, its key's (quotes
/// included); for objects and arrays, the range of their children in [`Parser::children`].
#[derive(Debug, Clone, Copy)]
struct Node {
    kind: Kind,
    start: usize,
    end: usize,
    key: Option<(usize, usize)>,
    first_child: usize,
    child_count: usize,
}

/// Recursive descent over one top-level value. The recursion is bounded: every level costs at least 4
/// of [`DEPTH_LIMIT`].
struct Parser<'a> {
    data: &'a [u8],
    nodes: Vec<Node>,
    /// Children of objects and arrays, as node indices, each parent's in one run.
    children: Vec<usize>,
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Parser<'a> {
    fn skip_blanks(&self, mut at: usize) -> usize {
        while self.data.get(at).is_some_and(|&b| is_blank(b)) {
            at += 1;
        }
        at
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.data.get(at).copied()
    }

    /// Parses the value at `at` (blanks already skipped), `depth` levels down; returns its node.
    fn value(&mut self, at: usize, depth: u32) -> Option<usize> {
        match self.byte(at)? {
            b'{' => self.container(at, depth, true),
            b'[' => self.container(at, depth, false),
            b'"' => {
                (depth + 4 <= DEPTH_LIMIT).then_some(())?;
                let end = self.string_end(at)?;
                Some(self.leaf(Kind::String, at, end))
            }
            b't' | b'f' | b'n' => {
                (depth + 4 <= DEPTH_LIMIT).then_some(())?;
                let rest = self.data.get(at..)?;
                let (kind, len) = if rest.starts_with(b"true") {
                    (Kind::True, 4)
                } else if rest.starts_with(b"false") {
                    (Kind::False, 5)
                } else if rest.starts_with(b"null") {
                    (Kind::Null, 4)
                } else {
                    return None;
                };
                Some(self.leaf(kind, at, at + len))
            }
            b'-' | b'0'..=b'9' => {
                (depth + 5 <= DEPTH_LIMIT).then_some(())?;
                let end = self.number_end(at)?;
                Some(self.leaf(Kind::Number, at, end))
            }
            _ => None,
        }
    }

    fn leaf(&mut self, kind: Kind, start: usize, end: usize) -> usize {
        self.nodes.push(Node {
            kind,
            start,
            end,
            key: None,
            first_child: 0,
            child_count: 0,
        });
        self.nodes.len() - 1
    }

    /// An object (`{` at `at`) or an array.
    fn container(&mut self, at: usize, depth: u32, object: bool) -> Option<usize> {
        (depth + 4 <= DEPTH_LIMIT).then_some(())?;
        let close = if object { b'}' } else { b']' };
        let inner = if object { depth + 5 } else { depth + 4 };
        let mut kids: Vec<usize> = Vec::new();
        let mut p = self.skip_blanks(at + 1);
        if self.byte(p)? != close {
            loop {
                let key = if object {
                    (self.byte(p)? == b'"').then_some(())?;
                    let key_end = self.string_end(p)?;
                    let colon = self.skip_blanks(key_end);
                    (self.byte(colon)? == b':').then_some(())?;
                    let k = (p, key_end);
                    p = self.skip_blanks(colon + 1);
                    Some(k)
                } else {
                    None
                };
                let node = self.value(p, inner)?;
                self.nodes[node].key = key;
                kids.push(node);
                p = self.skip_blanks(self.nodes[node].end);
                match self.byte(p)? {
                    b',' => p = self.skip_blanks(p + 1),
                    b if b == close => break,
                    _ => return None,
                }
            }
        }
        let first_child = self.children.len();
        self.children.extend_from_slice(&kids);
        self.nodes.push(Node {
            kind: if object { Kind::Object } else { Kind::Array },
            start: at,
            end: p + 1,
            key: None,
            first_child,
            child_count: kids.len(),
        });
        Some(self.nodes.len() - 1)
    }

    /// The end (past the closing quote) of the string whose opening quote is at `at`, if its escapes are
    /// valid.
    fn string_end(&self, at: usize) -> Option<usize> {
        let mut p = at + 1;
        loop {
            match self.byte(p)? {
                b'"' => return Some(p + 1),
                b'\\' => match self.byte(p + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => p += 2,
                    b'u' => {
                        let hex = self.data.get(p + 2..p + 6)?;
                        hex.iter().all(u8::is_ascii_hexdigit).then_some(())?;
                        p += 6;
                    }
                    _ => return None,
                },
                _ => p += 1,
            }
        }
    }

    /// The end of the number at `at`, parts separated by blanks allowed as Wireshark's grammar lets
    /// blanks sit between the elements of a sequence: `-`? (`0` | [1-9] [0-9]*) (`.` [0-9]+)?
    /// ([eE] [+-]? [0-9]+)?.
    fn number_end(&self, at: usize) -> Option<usize> {
        let digits = |p: usize| {
            let mut q = p;
            while self.byte(q).is_some_and(|b| b.is_ascii_digit()) {
                q += 1;
            }
            (q > p).then_some(q)
        };
        let mut p = at;
        if self.byte(p)? == b'-' {
            p = self.skip_blanks(p + 1);
        }
        match self.byte(p)? {
            b'0' => p += 1,
            b'1'..=b'9' => {
                p += 1;
                if let Some(q) = digits(self.skip_blanks(p)) {
                    p = q;
                }
            }
            _ => return None,
        }
        let q = self.skip_blanks(p);
        if self.byte(q) == Some(b'.') {
            let d = digits(self.skip_blanks(q + 1))?;
            p = d;
        }
        let q = self.skip_blanks(p);
        if matches!(self.byte(q), Some(b'e' | b'E')) {
            let mut r = self.skip_blanks(q + 1);
            if matches!(self.byte(r), Some(b'+' | b'-')) {
                r = self.skip_blanks(r + 1);
            }
            p = digits(r)?;
        }
        Some(p)
    }
}

/// The text of the string token `raw` (quotes included) as Wireshark 4.0 unescapes it.
pub fn unescape(raw: &[u8]) -> String {
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let hex4 = |at: usize| -> Option<u32> {
        let h = inner.get(at..at + 4)?;
        u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let push_char = |out: &mut Vec<u8>, c: char| {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let Some(&e) = inner.get(i + 1) else {
            break;
        };
        i += 2;
        let simple = match e {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'/' => Some(b'/'),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            continue;
        }
        if e != b'u' {
            continue;
        }
        let Some(cp) = hex4(i) else {
            break;
        };
        i += 4;
        // A lone low surrogate is replaced even at the end of the string.
        if (0xdc00..0xe000).contains(&cp) {
            push_char(&mut out, '\u{fffd}');
            continue;
        }
        // Wireshark 4.0 drops any other escape that ends the string.
        if i >= inner.len() {
            break;
        }
        if (0xd800..0xdc00).contains(&cp) {
            let low = (inner.get(i..i + 2) == Some(b"\\u"))
                .then(|| hex4(i + 2))
                .flatten()
                .filter(|l| (0xdc00..0xe000).contains(l));
            match low {
                Some(l) => {
                    i += 6;
                    let c = 0x10000 + ((cp - 0xd800) << 10) + (l - 0xdc00);
                    if i < inner.len() {
                        push_char(&mut out, char::from_u32(c).unwrap_or('\u{fffd}'));
                    }
                }
                None => {
                    // An unpaired high surrogate takes the character after it along.
                    push_char(&mut out, '\u{fffd}');
                    i += 1;
                }
            }
            continue;
        }
        match char::from_u32(cp) {
            Some(c) if !c.is_control() => push_char(&mut out, c),
            Some(_) => {}
            None => push_char(&mut out, '\u{fffd}'),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The media types tshark 4.0 hands to its JSON dissector (checked one by one: `application/ld+json`,
/// `application/geo+json` and other `+json` types go to `media`).
const MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/senml+json",
    "application/sensml+json",
    "application/json-rpc",
    "application/jsonrequest",
    "application/dds-web+json",
    "application/vnd.oma.lwm2m+json",
    "application/problem+json",
    "application/merge-patch+json",
];

/// Whether a body of this (lower-case, parameterless) media type is JSON to tshark.
pub fn handles(media_type: &str) -> bool {
    MEDIA_TYPES.contains(&media_type)
}

/// Dissects the JSON body `data[offset..]` of media type `media_type` under `parent`. What does not
/// parse goes to line-based text.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx, media_type: &str) {
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "json",
        "",
        offset,
        data.len() - offset,
    );
    cx.tree.set_label(
        top,
        format_args!("JavaScript Object Notation: {media_type}"),
    );
    if cx.tree.wants_columns() {
        let proto = format!("{}/JSON", cx.tree.protocol_column);
        cx.set_protocol(&proto);
    }
    cx.append_info(format_args!(", JavaScript Object Notation"));
    let mut parser = Parser {
        data,
        nodes: Vec::new(),
        children: Vec::new(),
    };
    let mut at = offset;
    loop {
        at = parser.skip_blanks(at);
        if !matches!(parser.byte(at), Some(b'{' | b'[')) {
            break;
        }
        parser.nodes.clear();
        parser.children.clear();
        let Some(root) = parser.value(at, 0) else {
            break;
        };
        let mut path = String::new();
        emit(cx, &parser, root, top, &mut path);
        at = parser.nodes[root].end;
    }
    cx.tree.set_len(top, at - offset);
    // Either way Info ends with the media type: line-based text adds it for what is left.
    if at < data.len() {
        crate::protocols::http::lines(cx, data, at, top, Some(media_type));
    } else {
        cx.append_info(format_args!(" ({media_type})"));
    }
}

/// The text a scalar adds to the path and member values: strings unescaped, the rest as written.
fn scalar_text(data: &[u8], node: &Node) -> String {
    match node.kind {
        Kind::String => unescape(&data[node.start..node.end]),
        Kind::True => "true".into(),
        Kind::False => "false".into(),
        Kind::Null => "null".into(),
        _ => String::from_utf8_lossy(&data[node.start..node.end]).into_owned(),
    }
}

/// Adds `node` (and what it holds) under `parent`; `path` is its container's path, restored on return.
/// Recursion is bounded by the parser's depth limit.
fn emit(cx: &mut Cx, p: &Parser, node: usize, parent: ItemIdx, path: &mut String) {
    let n = p.nodes[node];
    let field = if n.kind == Kind::Object {
        OBJECT
    } else {
        ARRAY
    };
    let item = cx
        .tree
        .add(parent, field, n.start, n.end - n.start, Value::None);
    let kids = &p.children[n.first_child..n.first_child + n.child_count];
    for &k in kids {
        let child = p.nodes[k];
        let saved = path.len();
        let compound = matches!(child.kind, Kind::Object | Kind::Array);
        match child.key {
            Some((ks, ke)) => {
                let key = unescape(&p.data[ks..ke]);
                path.push('/');
                path.push_str(&key);
                let mv = cx.tree.text_value(&key);
                let member = cx.tree.add(item, MEMBER, ks, child.end - ks, mv);
                if compound {
                    emit(cx, p, k, member, path);
                } else {
                    scalar(cx, p, &child, member, path, &key);
                }
                let kv = cx.tree.text_value(&key);
                cx.tree.add(member, KEY, ks, ke - ks, kv);
                if cx.tree.wants(PATH) {
                    let pv = cx.tree.text_value(path);
                    cx.tree.add_generated(member, PATH, ks, child.end - ks, pv);
                }
            }
            None => {
                path.push_str("/[]");
                if compound {
                    emit(cx, p, k, item, path);
                } else {
                    scalar(cx, p, &child, item, path, "[]");
                }
            }
        }
        path.truncate(saved);
    }
}

/// A scalar value under `parent`, after its generated path and member values.
fn scalar(cx: &mut Cx, p: &Parser, n: &Node, parent: ItemIdx, path: &str, name: &str) {
    let (start, len) = (n.start, n.end - n.start);
    let wants_text = cx.tree.wants(PATH_WITH_VALUE)
        || cx.tree.wants(MEMBER_WITH_VALUE)
        || (n.kind == Kind::String && cx.tree.wants(VALUE_STRING));
    let text = if wants_text {
        scalar_text(p.data, n)
    } else {
        String::new()
    };
    if cx.tree.wants(PATH_WITH_VALUE) {
        let v = cx.tree.text_value(&format!("{path}:{text}"));
        cx.tree
            .add_generated(parent, PATH_WITH_VALUE, start, len, v);
    }
    if cx.tree.wants(MEMBER_WITH_VALUE) {
        let v = cx.tree.text_value(&format!("{name}:{text}"));
        cx.tree
            .add_generated(parent, MEMBER_WITH_VALUE, start, len, v);
    }
    let (field, value) = match n.kind {
        Kind::String => (VALUE_STRING, cx.tree.text_value(&text)),
        Kind::Number => (VALUE_NUMBER, Value::Str),
        Kind::True => (VALUE_TRUE, Value::None),
        Kind::False => (VALUE_FALSE, Value::None),
        _ => (VALUE_NULL, Value::None),
    };
    cx.tree.add(parent, field, start, len, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parses(body: &[u8]) -> Option<usize> {
        let mut p = Parser {
            data: body,
            nodes: Vec::new(),
            children: Vec::new(),
        };
        let root = p.value(0, 0)?;
        Some(p.nodes[root].end)
    }

    #[test]
    fn grammar_as_wireshark_4_0() {
        assert_eq!(parses(b"[1, 2]"), Some(6));
        assert_eq!(parses(b"{\"a\" : [true,false,null]}"), Some(25));
        // Blanks between a number's parts are allowed; a second run of digits is not.
        assert_eq!(parses(b"[1 2]"), Some(5));
        assert_eq!(parses(b"[- 1 . 5 e 3]"), Some(13));
        assert_eq!(parses(b"[12 34]"), None);
        for bad in [
            &b"[01]"[..],
            b"[.5]",
            b"[1.]",
            b"[1e]",
            b"[+1]",
            b"[1,]",
            b"[,1]",
            b"{\"a\":1,}",
            b"{1:2}",
            b"[tru]",
            b"[\"\\x\"]",
            b"[\"\\u00\"]",
            b"[1,[2,[3]]",
            b"{\"a\" 1}",
        ] {
            assert_eq!(parses(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(parses(b"[\"a\tb\"]"), Some(7));
    }

    #[test]
    fn depth_limit_as_wireshark_4_0() {
        let nested = |n: usize, inner: &str| format!("{}{inner}{}", "[".repeat(n), "]".repeat(n));
        assert!(parses(nested(25, "").as_bytes()).is_some());
        assert!(parses(nested(26, "").as_bytes()).is_none());
        assert!(parses(nested(23, "1").as_bytes()).is_some());
        assert!(parses(nested(24, "1").as_bytes()).is_none());
        let objects = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
        assert!(parses(objects(19).as_bytes()).is_some());
        assert!(parses(objects(20).as_bytes()).is_none());
        // Far deeper input fails without exhausting the stack.
        assert!(parses(nested(100_000, "").as_bytes()).is_none());
    }

    #[test]
    fn unescaping_as_wireshark_4_0() {
        assert_eq!(unescape(br#""b\"q\"""#), "b\"q\"");
        assert_eq!(unescape(br#""tab\tslash\/back\\""#), "tab\tslash/back\\");
        assert_eq!(unescape(br#""x\u0041y""#), "xAy");
        assert_eq!(unescape(br#""\u00e9\u00e9xyz""#), "ééxyz");
        // An escape ending the string is dropped; so are escaped control characters.
        assert_eq!(unescape(br#""ab\u0041""#), "ab");
        assert_eq!(unescape(br#""a\u0000b""#), "ab");
        assert_eq!(unescape(br#""\ud83d\ude00x""#), "\u{1f600}x");
        assert_eq!(unescape(br#""\ud83dx""#), "\u{fffd}");
        assert_eq!(unescape(br#""\ude00x""#), "\u{fffd}x");
        assert_eq!(unescape(br#""\ude00""#), "\u{fffd}");
        assert_eq!(unescape(br#""\ud83d""#), "");
        // Garbage never panics.
        for raw in [&b""[..], b"\"", b"\"\\", b"\"\\u12", b"\xff\xfe"] {
            let _ = unescape(raw);
        }
    }

    #[test]
    fn tree_paths_and_fallback() {
        let body = br#"{"a": [1, {"b": "x"}], "c": null}  tail"#;
        let d = crate::testutil::http_response("application/json", body);
        assert_eq!(
            d.values("json.path_with_value"),
            ["/a/[]:1", "/a/[]/b:x", "/c:null"]
        );
        assert_eq!(
            d.values("json.member_with_value"),
            ["[]:1", "b:x", "c:null"]
        );
        assert_eq!(d.values("json.path"), ["/a/[]/b", "/a", "/c"]);
        assert_eq!(d.values("json.key"), ["b", "a", "c"]);
        assert_eq!(d.values("json.value.number"), ["1"]);
        assert_eq!(d.protocols(), "ip:tcp:http:json:data-text-lines");
        assert_eq!(d.protocol(), "HTTP/JSON");
        assert_eq!(
            d.info(),
            "HTTP/1.1 200 OK , JavaScript Object Notation (application/json)"
        );
        // The protocol item ends where the text begins, the blanks before it included.
        let json = crate::registry().lookup("json").unwrap();
        let item = d.tree.occurrences(json).next().unwrap();
        assert_eq!(item.len as usize, body.len() - 4);
        // A bare scalar is not JSON to tshark: all of it is text.
        let d = crate::testutil::http_response("application/json", b"12");
        assert_eq!(d.values("json.value.number"), Vec::<String>::new());
        assert_eq!(d.protocols(), "ip:tcp:http:json:data-text-lines");
    }
}
