//! Text protocols over TCP: the SSH version banner, and the request or response line of HTTP, SMTP
//! and FTP (every line with `-v`).

use crate::{Cx, out, print_char};

/// Which text protocol: what counts as a request or response line differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Http,
    Smtp,
    Ftp,
}

/// `: SSH: SSH-2.0-...` when the segment starts with a version banner.
pub(crate) fn ssh(cx: &mut Cx, d: &[u8]) {
    if !d.starts_with(b"SSH-") {
        return;
    }
    out!(cx, ": SSH: ");
    for &b in d {
        if b == b'\r' || b == b'\n' {
            break;
        }
        print_char(&mut cx.out, b);
    }
}

/// The request methods tcpdump's HTTP printer knows.
const HTTP_METHODS: &[&str] = &[
    "OPTIONS",
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "TRACE",
    "CONNECT",
    "PROPFIND",
    "PROPPATCH",
    "MKCOL",
    "COPY",
    "MOVE",
    "LOCK",
    "UNLOCK",
    "ORDERPATCH",
];

/// The longest token tcpdump looks at.
const MAX_TOKEN: usize = 128;

/// The token at `idx` and the index of what follows it and its white space; `None` when there is no
/// printable token there.
fn fetch_token(d: &[u8], mut idx: usize, len: usize) -> Option<(&[u8], usize)> {
    let start = idx;
    while idx < len {
        let c = *d.get(idx)?;
        if !c.is_ascii() {
            return None;
        }
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            break;
        }
        if !(0x20..0x7f).contains(&c) {
            return None;
        }
        idx += 1;
    }
    let token = &d[start..idx];
    if token.is_empty() || token.len() > MAX_TOKEN - 1 {
        return None;
    }
    while idx < len {
        let Some(&c) = d.get(idx) else { break };
        if c == b'\r' || c == b'\n' || !(0x20..0x7f).contains(&c) || (c != b' ' && c != b'\t') {
            break;
        }
        idx += 1;
    }
    Some((token, idx))
}

/// Prints the text line at `idx` after `prefix`; the index of the next line, or `None` when the line
/// is not text (binary data) or is cut off (then marked truncated).
fn txt_line(cx: &mut Cx, prefix: &str, d: &[u8], idx: usize, len: usize) -> Option<usize> {
    let start = idx;
    let mut i = idx;
    let (line_end, next) = loop {
        if i >= len || i >= d.len() {
            // Printable to the end without a line ending: shown, and marked as cut off.
            out!(cx, "{prefix}");
            cx.out.extend(d[start..i].iter().map(|&b| b as char));
            let proto = cx.proto;
            out!(cx, " [|{proto}]");
            return None;
        }
        match d[i] {
            b'\n' => break (i, i + 1),
            b'\r' => {
                if i + 1 >= len {
                    return None;
                }
                if d.get(i + 1) == Some(&b'\n') {
                    break (i, i + 2);
                }
                return None;
            }
            c if !(0x20..0x7f).contains(&c) && c != b'\t' => return None,
            _ => i += 1,
        }
    };
    out!(cx, "{prefix}");
    cx.out.extend(d[start..line_end].iter().map(|&b| b as char));
    Some(next)
}

/// tcpdump's txtproto_print: the protocol's name, then, for a request or response (always, for
/// protocols that are all text), the first line, or with `-v` every line.
pub(crate) fn txt_proto(cx: &mut Cx, d: &[u8], length: u32, name: &str, kind: Kind) {
    cx.proto = match kind {
        Kind::Http => "http",
        Kind::Smtp => "smtp",
        Kind::Ftp => "ftp",
    };
    let len = length as usize;
    let reqresp = match kind {
        Kind::Http => match fetch_token(d, 0, len) {
            Some((token, next)) => {
                HTTP_METHODS
                    .iter()
                    .any(|m| m.as_bytes().eq_ignore_ascii_case(token))
                    || fetch_token(d, next, len)
                        .is_some_and(|(t, _)| t.len() == 3 && t.iter().all(u8::is_ascii_digit))
            }
            None => false,
        },
        Kind::Smtp | Kind::Ftp => true,
    };
    out!(cx, "{name}");
    if !reqresp {
        return;
    }
    if cx.opts.verbose > 0 {
        out!(cx, ", length: {length}");
        let mut idx = 0;
        while idx < d.len() && idx < len {
            match txt_line(cx, "\n\t", d, idx, len) {
                Some(next) => idx = next,
                None => break,
            }
        }
    } else {
        txt_line(cx, ": ", d, 0, len);
    }
}
