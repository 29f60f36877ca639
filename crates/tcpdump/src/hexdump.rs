//! `-x`, `-X` and `-A`: the packet's bytes after the line, each dump line starting with a newline and a
//! tab, sixteen bytes a line in groups of two.

use std::fmt::Write as _;

/// tcpdump's ASCII column shows graphic characters only: a space is a dot.
fn graph(b: u8) -> char {
    if (0x21..=0x7e).contains(&b) {
        b as char
    } else {
        '.'
    }
}

/// `-x`: offset and hex words.
pub(crate) fn hex(out: &mut String, data: &[u8]) {
    for (n, line) in data.chunks(16).enumerate() {
        let _ = write!(out, "\n\t0x{:04x}: ", n * 16);
        for pair in line.chunks(2) {
            out.push(' ');
            for b in pair {
                let _ = write!(out, "{b:02x}");
            }
        }
    }
}

/// `-X`: offset, hex words padded to the ASCII column, then the bytes as text.
pub(crate) fn hex_ascii(out: &mut String, data: &[u8]) {
    for (n, line) in data.chunks(16).enumerate() {
        let _ = write!(out, "\n\t0x{:04x}: ", n * 16);
        let start = out.len();
        for pair in line.chunks(2) {
            out.push(' ');
            for b in pair {
                let _ = write!(out, "{b:02x}");
            }
        }
        let width = out.len() - start;
        for _ in width..40 {
            out.push(' ');
        }
        out.push_str("  ");
        out.extend(line.iter().map(|&b| graph(b)));
    }
}

/// `-A`: the bytes as text on a new line; line feeds, tabs and spaces kept, a carriage return before a
/// line feed dropped, anything else unprintable a dot.
pub(crate) fn ascii(out: &mut String, data: &[u8]) {
    out.push('\n');
    for (i, &b) in data.iter().enumerate() {
        match b {
            b'\r' => {
                if data.get(i + 1) != Some(&b'\n') {
                    out.push('.');
                }
            }
            b'\t' | b' ' | b'\n' => out.push(b as char),
            _ => out.push(graph(b)),
        }
    }
}
