//! The scanner: Wireshark 4.0's display filter tokens, produced one at a time.
//!
//! Like flex, it takes the longest match among the token patterns at each position. The patterns (checked
//! against tshark 4.0.17's token dump, `tshark -Y EXPR --log-level noisy --log-domains dfilter`):
//!
//! - a word `[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*` is an `UNPARSED` token (field or literal, decided
//!   later), unless it is exactly one of the keywords (`and`, `eq`, `contains`, ...; case-sensitive);
//! - an IPv4 address with an optional `/n` prefix of one or two digits, an IPv6 address (RFC 3986 form) with an
//!   optional `/n` of up to three digits, and colon-separated byte pairs `aa:bb(:cc)*` are `UNPARSED` too, so
//!   `10.0.0.0/8`, `fe80::1/64`, `::1` and `00:11:22:33:44:55` are single tokens while `frame.len/2` is three;
//! - `.word` is a field (`FIELD` token), `:hex`, `:aa:bb`, `:aa-bb`, `:aa.bb` are literals (`LITERAL`);
//! - `"..."` and `r"..."`/`R"..."` strings, `'c'` character constants, operators and punctuation;
//! - after `[` the scanner is in range mode (anything but `,` and `]` is a range node); after `#` it expects
//!   digits or `[`.
//!
//! Only space, tab and newline are white space; any other byte outside strings that is not printable ASCII
//! is an error, as in Wireshark.

use crate::ast::{ArithOp, CmpOp, Span};
use crate::error::ParseError;

/// Token kinds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Eof,
    /// A bare word or address: field or literal.
    Unparsed(String),
    /// `.name`: the name.
    Field(String),
    /// `:hex...`: the text after the colon.
    Literal(String),
    /// A string, escapes decoded.
    Str(Vec<u8>),
    /// A character constant.
    Char(u8),
    LParen,
    RParen,
    Comma,
    LBrace,
    RBrace,
    DotDot,
    Dollar,
    LBracket,
    RBracket,
    /// The raw text of one range between `[`, `,` and `]`.
    RangeNode(String),
    Hash,
    /// The digits after `#`.
    Index(String),
    Cmp(CmpOp),
    Contains,
    Matches,
    Not,
    And,
    Or,
    In,
    Any,
    All,
    Arith(ArithOp),
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: Tok,
    pub span: Span,
}

impl Token {
    /// The token as Wireshark quotes it in `"X" was unexpected in this context.`: the source text, except
    /// that a field written `.name` is shown as `name` and a string is shown re-quoted from its decoded value.
    pub fn describe(&self, src: &str) -> String {
        match &self.kind {
            Tok::Field(name) => name.clone(),
            Tok::Str(bytes) => {
                let mut out = Vec::with_capacity(bytes.len() + 2);
                out.push(b'"');
                for &b in bytes {
                    let esc: &[u8] = match b {
                        b'\n' => b"\\n",
                        b'\t' => b"\\t",
                        b'\r' => b"\\r",
                        b'"' => b"\\\"",
                        b'\\' => b"\\\\",
                        0 => b"\\0",
                        7 => b"\\a",
                        8 => b"\\b",
                        11 => b"\\v",
                        12 => b"\\f",
                        _ => {
                            out.push(b);
                            continue;
                        }
                    };
                    out.extend_from_slice(esc);
                }
                out.push(b'"');
                String::from_utf8_lossy(&out).into_owned()
            }
            _ => src
                .get(self.span.start..self.span.end)
                .unwrap_or("")
                .to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Initial,
    Range,
    Layer,
}

/// Produces tokens on demand, so that an error further on is only reported if parsing gets that far (as in
/// Wireshark, where the parser pulls tokens from the scanner).
pub(crate) struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    mode: Mode,
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

fn keyword(word: &str) -> Option<Tok> {
    Some(match word {
        "eq" | "any_eq" => Tok::Cmp(CmpOp::AnyEq),
        "ne" | "all_ne" => Tok::Cmp(CmpOp::AllNe),
        "all_eq" => Tok::Cmp(CmpOp::AllEq),
        "any_ne" => Tok::Cmp(CmpOp::AnyNe),
        "gt" => Tok::Cmp(CmpOp::Gt),
        "ge" => Tok::Cmp(CmpOp::Ge),
        "lt" => Tok::Cmp(CmpOp::Lt),
        "le" => Tok::Cmp(CmpOp::Le),
        "contains" => Tok::Contains,
        "matches" => Tok::Matches,
        "not" => Tok::Not,
        "and" => Tok::And,
        "or" => Tok::Or,
        "in" => Tok::In,
        "any" => Tok::Any,
        "all" => Tok::All,
        "bitwise_and" => Tok::Arith(ArithOp::BitAnd),
        _ => return None,
    })
}

/// Byte length of the UTF-8 character starting at `i` (1 for a stray continuation byte).
fn char_len(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(1, char::len_utf8)
}

// ---- Pattern matchers returning every possible end position (sorted, deduplicated), so that the longest
// ---- overall match can be found the way flex finds it.

type Ends = Vec<usize>;

fn norm(mut v: Ends) -> Ends {
    v.sort_unstable();
    v.dedup();
    v
}

fn then(b: &[u8], starts: &[usize], f: impl Fn(&[u8], usize) -> Ends) -> Ends {
    norm(starts.iter().flat_map(|&s| f(b, s)).collect())
}

fn lit(b: &[u8], p: usize, s: &[u8]) -> Ends {
    if b.len() >= p + s.len() && &b[p..p + s.len()] == s {
        vec![p + s.len()]
    } else {
        vec![]
    }
}

fn h16(b: &[u8], p: usize) -> Ends {
    (1..=4)
        .take_while(|k| b.get(p + k - 1).is_some_and(u8::is_ascii_hexdigit))
        .map(|k| p + k)
        .collect()
}

fn h16_colon(b: &[u8], p: usize) -> Ends {
    then(b, &h16(b, p), |b, e| lit(b, e, b":"))
}

/// `count` repetitions of `f`, for each count in `min..=max`.
fn rep(b: &[u8], starts: &[usize], f: fn(&[u8], usize) -> Ends, min: usize, max: usize) -> Ends {
    let mut out = if min == 0 { starts.to_vec() } else { vec![] };
    let mut cur = starts.to_vec();
    for n in 1..=max {
        cur = then(b, &cur, f);
        if cur.is_empty() {
            break;
        }
        if n >= min {
            out.extend_from_slice(&cur);
        }
    }
    norm(out)
}

fn dec_octet(b: &[u8], p: usize) -> Ends {
    let d = |i: usize| b.get(p + i).copied().filter(u8::is_ascii_digit);
    let mut out = vec![];
    if let Some(d0) = d(0) {
        out.push(p + 1);
        if let Some(d1) = d(1) {
            if d0 != b'0' {
                out.push(p + 2);
            }
            if let Some(d2) = d(2) {
                let ok = d0 == b'1' || (d0 == b'2' && (d1 <= b'4' || (d1 == b'5' && d2 <= b'5')));
                if ok {
                    out.push(p + 3);
                }
            }
        }
    }
    out
}

fn ipv4(b: &[u8], p: usize) -> Ends {
    let mut cur = dec_octet(b, p);
    for _ in 0..3 {
        cur = then(b, &cur, |b, e| then(b, &lit(b, e, b"."), dec_octet));
    }
    cur
}

fn digits(b: &[u8], p: usize, max: usize) -> Ends {
    (1..=max)
        .take_while(|k| b.get(p + k - 1).is_some_and(u8::is_ascii_digit))
        .map(|k| p + k)
        .collect()
}

/// `/` and one to `max` digits after each end, added to the ends.
fn with_prefix(b: &[u8], ends: Ends, max: usize) -> Ends {
    let mut out = ends.clone();
    for e in ends {
        for s in lit(b, e, b"/") {
            out.extend(digits(b, s, max));
        }
    }
    norm(out)
}

fn ls32(b: &[u8], p: usize) -> Ends {
    let mut out = then(b, &h16_colon(b, p), h16);
    out.extend(ipv4(b, p));
    norm(out)
}

/// `((h16 ":"){0,k} h16)?`
fn v6_prefix(b: &[u8], p: usize, k: usize) -> Ends {
    let mut out = then(b, &rep(b, &[p], h16_colon, 0, k), h16);
    out.push(p);
    norm(out)
}

fn ipv6(b: &[u8], p: usize) -> Ends {
    let dc = |starts: &[usize]| then(b, starts, |b, e| lit(b, e, b"::"));
    let mut out = then(b, &rep(b, &[p], h16_colon, 6, 6), ls32);
    out.extend(then(b, &rep(b, &lit(b, p, b"::"), h16_colon, 5, 5), ls32));
    for (k, n) in [(0, 4), (1, 3), (2, 2), (3, 1)] {
        let after = dc(&v6_prefix(b, p, k));
        out.extend(then(b, &rep(b, &after, h16_colon, n, n), ls32));
    }
    out.extend(then(b, &dc(&v6_prefix(b, p, 4)), ls32));
    out.extend(then(b, &dc(&v6_prefix(b, p, 5)), h16));
    out.extend(dc(&v6_prefix(b, p, 6)));
    norm(out)
}

fn hex2(b: &[u8], p: usize) -> bool {
    b.get(p).is_some_and(u8::is_ascii_hexdigit) && b.get(p + 1).is_some_and(u8::is_ascii_hexdigit)
}

/// `hh(SEP hh)+`: the longest end, if any.
fn sep_bytes(b: &[u8], p: usize, sep: u8) -> Option<usize> {
    if !hex2(b, p) {
        return None;
    }
    let mut e = p + 2;
    while b.get(e) == Some(&sep) && hex2(b, e + 1) {
        e += 3;
    }
    (e > p + 2).then_some(e)
}

fn word_end(b: &[u8], p: usize) -> usize {
    let mut i = p;
    loop {
        while b.get(i).copied().is_some_and(is_word_char) {
            i += 1;
        }
        if b.get(i) == Some(&b'.') && b.get(i + 1).copied().is_some_and(is_word_char) {
            i += 1;
        } else {
            return i;
        }
    }
}

/// A C11 universal character name (as Wireshark 4.0 checks it): exactly 4 (`\u`) or 8 (`\U`) hex digits, not
/// a surrogate, at most U+10FFFF, and not below U+00A0 except `$`, `@` and `` ` ``.
fn universal_char(text: &str) -> Option<char> {
    let want = if text.as_bytes()[1] == b'u' { 4 } else { 8 };
    let hex = &text[2..];
    if hex.len() != want {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    if v < 0xa0 && v != 0x24 && v != 0x40 && v != 0x60 {
        return None;
    }
    char::from_u32(v)
}

/// Decodes the body of a character constant (between the quotes) as Wireshark 4.0 does, with its messages.
/// `text` is the whole constant with its quotes.
fn char_value(content: &[u8], text: &str, span: Span) -> Result<u8, ParseError> {
    let invalid = || ParseError::new(format!("{text} isn't a valid character constant."), span);
    let too_long = || {
        ParseError::new(
            format!("{text} is too long to be a valid character constant."),
            span,
        )
    };
    let Some(&first) = content.first() else {
        return Err(ParseError::new("Empty character constant.", span));
    };
    let (value, used) = if first == b'\\' {
        let rest = &content[1..];
        match rest.first().copied().unwrap_or(0) {
            c @ (b'\\' | b'\'' | b'"') => (u32::from(c), 2),
            b'a' => (7, 2),
            b'b' => (8, 2),
            b'f' => (12, 2),
            b'r' => (13, 2),
            b't' => (9, 2),
            b'v' => (11, 2),
            // tshark 4.0.17 rejects '\n' (and only that letter escape) as "too long"; kept for fidelity.
            b'n' => return Err(too_long()),
            b'x' => {
                let d = &rest[1..rest.len().min(3)];
                if d.is_empty() || !d.iter().all(u8::is_ascii_hexdigit) {
                    return Err(invalid());
                }
                let v = d
                    .iter()
                    .fold(0u32, |v, &c| v * 16 + (c as char).to_digit(16).unwrap_or(0));
                (v, 2 + d.len())
            }
            b'0'..=b'7' => {
                let d = &rest[..rest.len().min(3)];
                if !d.iter().all(|c| (b'0'..=b'7').contains(c)) {
                    return Err(invalid());
                }
                let v = d.iter().fold(0u32, |v, &c| v * 8 + u32::from(c - b'0'));
                if v > 0xff {
                    return Err(ParseError::new(
                        format!("{text} is too large to be a valid character constant."),
                        span,
                    ));
                }
                (v, 1 + d.len())
            }
            b'u' | b'U' => {
                return Err(ParseError::new(
                    format!("{text} is not a valid universal character name"),
                    span,
                ));
            }
            _ => return Err(invalid()),
        }
    } else {
        if !(0x20..=0x7e).contains(&first) {
            // Wireshark prints the byte as a sign-extended `long`.
            let shown = if first >= 0x80 {
                format!("0x{:x}", first as i8 as i64 as u64)
            } else {
                format!("0x{first:02x}")
            };
            return Err(ParseError::new(
                format!("Non-printable value '{shown}' in character constant."),
                span,
            ));
        }
        (u32::from(first), 1)
    };
    if used < content.len() {
        return Err(too_long());
    }
    Ok(value as u8)
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Lexer<'a> {
        Lexer {
            src,
            b: src.as_bytes(),
            pos: 0,
            mode: Mode::Initial,
        }
    }

    fn end_span(&self) -> Span {
        Span::new(self.b.len(), self.b.len())
    }

    fn tok(&mut self, kind: Tok, start: usize, end: usize) -> Result<Token, ParseError> {
        self.pos = end;
        Ok(Token {
            kind,
            span: Span::new(start, end),
        })
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.src[start..end].to_string()
    }

    /// The next token, `Tok::Eof` at the end.
    pub fn next_token(&mut self) -> Result<Token, ParseError> {
        match self.mode {
            Mode::Initial => self.initial(),
            Mode::Range => self.range(),
            Mode::Layer => self.layer(),
        }
    }

    fn range(&mut self) -> Result<Token, ParseError> {
        let p = self.pos;
        match self.b.get(p) {
            None => Err(ParseError::new(
                "The right bracket was missing from a slice.",
                self.end_span(),
            )),
            Some(b',') => self.tok(Tok::Comma, p, p + 1),
            Some(b']') => {
                self.mode = Mode::Initial;
                self.tok(Tok::RBracket, p, p + 1)
            }
            Some(_) => {
                let e = self.b[p..]
                    .iter()
                    .position(|&c| c == b',' || c == b']')
                    .map_or(self.b.len(), |n| p + n);
                let t = self.text(p, e);
                self.tok(Tok::RangeNode(t), p, e)
            }
        }
    }

    fn layer(&mut self) -> Result<Token, ParseError> {
        let p = self.pos;
        match self.b.get(p) {
            None => self.tok(Tok::Eof, p, p),
            Some(b'[') => {
                self.mode = Mode::Range;
                self.tok(Tok::LBracket, p, p + 1)
            }
            Some(c) if c.is_ascii_digit() => {
                let e = p + self.b[p..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                self.mode = Mode::Initial;
                let t = self.text(p, e);
                self.tok(Tok::Index(t), p, e)
            }
            Some(_) => {
                let e = p + char_len(self.src, p);
                Err(ParseError::new(
                    format!("Expected digit or \"[\", not \"{}\"", &self.src[p..e]),
                    Span::new(p, e),
                ))
            }
        }
    }

    fn unexpected_char(&self, p: usize) -> ParseError {
        let c = self.b[p];
        if (0x21..=0x7e).contains(&c) {
            ParseError::new(
                format!("\"{}\" was unexpected in this context.", c as char),
                Span::new(p, p + 1),
            )
        } else {
            ParseError::new(
                "Non-printable ASCII characters may only appear inside double-quotes.",
                Span::new(p, p + char_len(self.src, p)),
            )
        }
    }

    fn initial(&mut self) -> Result<Token, ParseError> {
        while let Some(b' ' | b'\t' | b'\n') = self.b.get(self.pos) {
            self.pos += 1;
        }
        let p = self.pos;
        let b = self.b;
        let Some(&c) = b.get(p) else {
            return self.tok(Tok::Eof, p, p);
        };
        let next = b.get(p + 1).copied();
        let next2 = b.get(p + 2).copied();
        let simple = |kind: Tok, n: usize| (kind, n);
        let (kind, n) = match c {
            b'"' => return self.string(p, p + 1, false),
            b'r' | b'R' if next == Some(b'"') => return self.string(p, p + 2, true),
            b'\'' => return self.char_const(p),
            b'(' => simple(Tok::LParen, 1),
            b')' => simple(Tok::RParen, 1),
            b',' => simple(Tok::Comma, 1),
            b'{' => simple(Tok::LBrace, 1),
            b'}' => simple(Tok::RBrace, 1),
            b'$' => simple(Tok::Dollar, 1),
            b'[' => {
                self.mode = Mode::Range;
                simple(Tok::LBracket, 1)
            }
            b'#' => {
                self.mode = Mode::Layer;
                simple(Tok::Hash, 1)
            }
            b'.' if next == Some(b'.') => simple(Tok::DotDot, 2),
            b'.' if next.is_some_and(is_word_start) => {
                let e = word_end(b, p + 1);
                let t = self.text(p + 1, e);
                return self.tok(Tok::Field(t), p, e);
            }
            b'=' if next == Some(b'=') && next2 == Some(b'=') => simple(Tok::Cmp(CmpOp::AllEq), 3),
            b'=' if next == Some(b'=') => simple(Tok::Cmp(CmpOp::AnyEq), 2),
            b'!' if next == Some(b'=') && next2 == Some(b'=') => simple(Tok::Cmp(CmpOp::AnyNe), 3),
            b'!' if next == Some(b'=') => simple(Tok::Cmp(CmpOp::AllNe), 2),
            b'!' => simple(Tok::Not, 1),
            b'~' if next == Some(b'=') => simple(Tok::Cmp(CmpOp::AnyNe), 2),
            b'~' => simple(Tok::Matches, 1),
            b'>' if next == Some(b'=') => simple(Tok::Cmp(CmpOp::Ge), 2),
            b'>' => simple(Tok::Cmp(CmpOp::Gt), 1),
            b'<' if next == Some(b'=') => simple(Tok::Cmp(CmpOp::Le), 2),
            b'<' => simple(Tok::Cmp(CmpOp::Lt), 1),
            b'&' if next == Some(b'&') => simple(Tok::And, 2),
            b'&' => simple(Tok::Arith(ArithOp::BitAnd), 1),
            b'|' if next == Some(b'|') => simple(Tok::Or, 2),
            b'+' => simple(Tok::Arith(ArithOp::Add), 1),
            b'-' => simple(Tok::Arith(ArithOp::Sub), 1),
            b'*' => simple(Tok::Arith(ArithOp::Mul), 1),
            b'/' => simple(Tok::Arith(ArithOp::Div), 1),
            b'%' => simple(Tok::Arith(ArithOp::Mod), 1),
            b':' => {
                // `:hex`, `:aa:bb`, `:aa-bb`, `:aa.bb` are literals; `::1` is an IPv6 address.
                let hex_run = p
                    + 1
                    + b[p + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_hexdigit())
                        .count();
                let lit_end = [
                    Some(hex_run),
                    sep_bytes(b, p + 1, b':'),
                    sep_bytes(b, p + 1, b'-'),
                ]
                .into_iter()
                .chain([sep_bytes(b, p + 1, b'.')])
                .flatten()
                .max()
                .unwrap_or(p + 1);
                let v6_end = with_prefix(b, ipv6(b, p), 3).last().copied().unwrap_or(p);
                if v6_end > lit_end {
                    let t = self.text(p, v6_end);
                    return self.tok(Tok::Unparsed(t), p, v6_end);
                }
                if lit_end > p + 1 {
                    let t = self.text(p + 1, lit_end);
                    return self.tok(Tok::Literal(t), p, lit_end);
                }
                return Err(self.unexpected_char(p));
            }
            c if is_word_start(c) => {
                let word = word_end(b, p);
                let other = [
                    with_prefix(b, ipv4(b, p), 2).last().copied(),
                    with_prefix(b, ipv6(b, p), 3).last().copied(),
                    sep_bytes(b, p, b':'),
                ]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(p);
                if other > word {
                    let t = self.text(p, other);
                    return self.tok(Tok::Unparsed(t), p, other);
                }
                let t = self.text(p, word);
                let kind = keyword(&t).unwrap_or(Tok::Unparsed(t));
                return self.tok(kind, p, word);
            }
            _ => return Err(self.unexpected_char(p)),
        };
        self.tok(kind, p, p + n)
    }

    /// A double-quoted string whose body starts at `body`; `raw` keeps escape sequences verbatim.
    fn string(&mut self, start: usize, body: usize, raw: bool) -> Result<Token, ParseError> {
        let b = self.b;
        let mut out = Vec::new();
        let mut i = body;
        loop {
            let Some(&c) = b.get(i) else {
                return Err(ParseError::new(
                    "The final quote was missing from a quoted string.",
                    self.end_span(),
                ));
            };
            match c {
                b'"' => return self.tok(Tok::Str(out), start, i + 1),
                b'\\' => {
                    let Some(&n) = b.get(i + 1) else {
                        // A lone backslash at the end is dropped; the string is then unterminated.
                        i += 1;
                        continue;
                    };
                    let count = |from: usize, max: usize, ok: fn(&u8) -> bool| {
                        b[from..].iter().take(max).take_while(|c| ok(c)).count()
                    };
                    let e = match n {
                        b'0'..=b'7' => i + 1 + count(i + 1, 3, |c| (b'0'..=b'7').contains(c)),
                        b'x' if count(i + 2, 2, u8::is_ascii_hexdigit) > 0 => {
                            i + 2 + count(i + 2, 2, u8::is_ascii_hexdigit)
                        }
                        b'u' => i + 2 + count(i + 2, 4, u8::is_ascii_hexdigit),
                        b'U' => i + 2 + count(i + 2, 8, u8::is_ascii_hexdigit),
                        // Backslash-newline: no scanner rule matches the backslash, which is dropped.
                        b'\n' => {
                            i += 1;
                            continue;
                        }
                        _ => i + 1 + char_len(self.src, i + 1),
                    };
                    let text = &self.src[i..e];
                    let span = Span::new(i, e);
                    i = e;
                    if raw {
                        out.extend_from_slice(text.as_bytes());
                        continue;
                    }
                    match n {
                        b'0'..=b'7' => {
                            let v = u32::from_str_radix(&text[1..], 8).unwrap_or(u32::MAX);
                            if v > 0xff {
                                return Err(ParseError::new(
                                    format!("{text} is larger than 255."),
                                    span,
                                ));
                            }
                            out.push(v as u8);
                        }
                        b'x' if text.len() > 2 => {
                            out.push(u8::from_str_radix(&text[2..], 16).unwrap_or(0))
                        }
                        b'u' | b'U' => match universal_char(text) {
                            Some(ch) => {
                                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes())
                            }
                            None => {
                                return Err(ParseError::new(
                                    format!("{text} is not a valid universal character name"),
                                    span,
                                ));
                            }
                        },
                        _ => {
                            let v = match n {
                                b'\\' | b'"' | b'\'' => n,
                                b'a' => 7,
                                b'b' => 8,
                                b'f' => 12,
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'v' => 11,
                                _ => {
                                    return Err(ParseError::new(
                                        format!("{text} is not a valid character escape sequence"),
                                        span,
                                    ));
                                }
                            };
                            out.push(v);
                        }
                    }
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    fn char_const(&mut self, start: usize) -> Result<Token, ParseError> {
        let b = self.b;
        let mut content = Vec::new();
        let mut i = start + 1;
        loop {
            let Some(&c) = b.get(i) else {
                return Err(ParseError::new(
                    "The final quote was missing from a character constant.",
                    self.end_span(),
                ));
            };
            match c {
                b'\'' => break,
                b'\\' => match b.get(i + 1) {
                    None | Some(b'\n') => i += 1,
                    Some(_) => {
                        let e = i + 1 + char_len(self.src, i + 1);
                        content.extend_from_slice(&b[i..e]);
                        i = e;
                    }
                },
                _ => {
                    content.push(c);
                    i += 1;
                }
            }
        }
        let span = Span::new(start, i + 1);
        let v = char_value(&content, &self.src[start..i + 1], span)?;
        self.tok(Tok::Char(v), start, i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        let mut lx = Lexer::new(s);
        let mut v = vec![];
        loop {
            let t = lx.next_token().unwrap();
            if t.kind == Tok::Eof {
                return v;
            }
            v.push(t.kind);
        }
    }

    fn un(s: &str) -> Tok {
        Tok::Unparsed(s.to_string())
    }

    #[test]
    fn addresses_and_words() {
        assert_eq!(kinds("10.0.0.0/8"), vec![un("10.0.0.0/8")]);
        assert_eq!(kinds("1.2.3.4/33"), vec![un("1.2.3.4/33")]);
        assert_eq!(
            kinds("256.1.1.1/8"),
            vec![un("256.1.1.1"), Tok::Arith(ArithOp::Div), un("8")]
        );
        assert_eq!(
            kinds("1.2.3.4.5/8"),
            vec![un("1.2.3.4.5"), Tok::Arith(ArithOp::Div), un("8")]
        );
        assert_eq!(kinds("fe80::1/64"), vec![un("fe80::1/64")]);
        assert_eq!(kinds("fe80::1/129"), vec![un("fe80::1/129")]);
        assert_eq!(kinds("::"), vec![un("::")]);
        assert_eq!(kinds("::1"), vec![un("::1")]);
        assert_eq!(kinds("a::b"), vec![un("a::b")]);
        assert_eq!(kinds("0:0:0:0:0:0:0:1"), vec![un("0:0:0:0:0:0:0:1")]);
        assert_eq!(kinds("::ffff:1.2.3.4"), vec![un("::ffff:1.2.3.4")]);
        assert_eq!(
            kinds("fe80::1:2:3:4:5:6:7:8/64"),
            vec![
                un("fe80::1:2:3:4:5:6"),
                Tok::Literal("7".into()),
                Tok::Literal("8".into()),
                Tok::Arith(ArithOp::Div),
                un("64")
            ]
        );
        assert_eq!(
            kinds("aa:bb:c"),
            vec![un("aa:bb"), Tok::Literal("c".into())]
        );
        assert_eq!(kinds("00:11:22:33:44:55"), vec![un("00:11:22:33:44:55")]);
        assert_eq!(
            kinds("a.-b a- frame.len-1"),
            vec![un("a.-b"), un("a-"), un("frame.len-1")]
        );
        assert_eq!(
            kinds("frame.len/2"),
            vec![un("frame.len"), Tok::Arith(ArithOp::Div), un("2")]
        );
        assert_eq!(
            kinds("1e+3"),
            vec![un("1e"), Tok::Arith(ArithOp::Add), un("3")]
        );
        assert_eq!(
            kinds("1...5"),
            vec![un("1"), Tok::DotDot, Tok::Field("5".into())]
        );
        assert_eq!(
            kinds(":1.2.3.4"),
            vec![Tok::Literal("1".into()), Tok::Field("2.3.4".into())]
        );
        assert_eq!(
            kinds(":aa-bb :aa.bb"),
            vec![Tok::Literal("aa-bb".into()), Tok::Literal("aa.bb".into())]
        );
        assert_eq!(
            kinds("android and in int"),
            vec![un("android"), Tok::And, Tok::In, un("int")]
        );
    }

    #[test]
    fn strings() {
        assert_eq!(
            kinds(r#""a\x414\101\u00e9\"""#),
            vec![Tok::Str("aA4A\u{e9}\"".as_bytes().to_vec())]
        );
        assert_eq!(kinds(r#"r"a\b\"""#), vec![Tok::Str(br#"a\b\""#.to_vec())]);
        assert_eq!(kinds("\"a\\\nb\""), vec![Tok::Str(b"a\nb".to_vec())]);
        assert_eq!(kinds(r#""\08""#), vec![Tok::Str(b"\x008".to_vec())]);
    }

    #[test]
    fn chars() {
        assert_eq!(kinds(r"'a' '\x41' '\101' '\0' '\'' '\x4'"), {
            [b'a', b'A', b'A', 0, b'\'', 4].map(Tok::Char).to_vec()
        });
    }
}
