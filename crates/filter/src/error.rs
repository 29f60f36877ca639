//! Syntax errors, worded as Wireshark 4.0 words them.

use crate::ast::Span;

/// A syntax error: the message Wireshark 4.0 gives for the same filter (where the error is a syntax error in
/// Wireshark too), and the bytes it is about.
///
/// For "Unexpected end of filter expression." and the unterminated-string family, `span` is the empty span at
/// the end of the input (Wireshark shows no caret for the former, a caret after the last character for the
/// latter).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// The message, e.g. `"==" was unexpected in this context.`
    pub message: String,
    /// The offending token or character, as byte offsets into the filter.
    pub span: Span,
}

impl ParseError {
    /// An error with `message` about `span`.
    pub fn new(message: impl Into<String>, span: Span) -> ParseError {
        ParseError {
            message: message.into(),
            span,
        }
    }

    /// The filter on one line and a caret line under the span, both indented by four spaces, as tshark prints
    /// them below the message:
    ///
    /// ```text
    ///     ip.src == == 1
    ///               ^~
    /// ```
    ///
    /// Control characters (tabs, newlines) are shown as spaces so that the caret stays under its character;
    /// columns count characters, not bytes. An empty span gets a lone caret. No trailing newline.
    pub fn render(&self, input: &str) -> String {
        let start = floor_char_boundary(input, self.span.start.min(input.len()));
        let end = floor_char_boundary(input, self.span.end.min(input.len())).max(start);
        let line: String = input
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let col = input[..start].chars().count();
        let width = input[start..end].chars().count().max(1);
        let mut out = String::with_capacity(line.len() + col + width + 10);
        out.push_str("    ");
        out.push_str(&line);
        out.push_str("\n    ");
        out.extend(std::iter::repeat_n(' ', col));
        out.push('^');
        out.extend(std::iter::repeat_n('~', width - 1));
        out
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
