//! Display filters: Wireshark's filter language compiled against the field registry (issue 4).
//!
//! This crate currently holds the syntax layer: [`parse`] turns filter text into an [`Expr`] tree whose nodes
//! carry byte [`Span`]s, or a [`ParseError`] worded as Wireshark 4.0 words it. The language is that of
//! wireshark-filter(4) for Wireshark 4.0, checked against tshark 4.0.17; see the `parser` and `lexer` module
//! documentation for what was confirmed and how.
//!
//! What the parser does not decide, because Wireshark decides it with the field registry:
//! - whether a bare word (`tcp.port`, `reply`, `80`, `10.0.0.0/8`, `aa:bb:cc`) is a field or a literal: it is
//!   kept as [`Atom::Unparsed`] (Wireshark's `UNPARSED` token, resolved by `dfilter_resolve_unparsed`);
//! - whether `.name`, `name#2` and `${name}` name existing fields;
//! - types, the number of function arguments, whether a literal is valid for a field.
//!
//! Not supported: display filter macros (`${macro:args}`, expanded by Wireshark before parsing); `${name}` is
//! parsed as a field reference only. A reference to a name that is not a field is reported by tshark as
//! "macro 'name' does not exist".
//!
//! Nesting is limited to about what tshark 4.0 itself accepts (97 levels of parentheses, 47 of calls); deeper
//! filters get "Filter expression is nested too deeply.", so that no input can exhaust the stack.
#![forbid(unsafe_code)]

mod ast;
mod error;
mod lexer;
mod parser;

pub use ast::*;
pub use error::ParseError;
pub use parser::FUNCTIONS;

/// Parses a display filter. An empty (or all-blank) filter is an error here, "Empty filter expression."
/// (Wireshark accepts it as "no filter"; use [`parse_optional`] for that behaviour).
///
/// ```
/// let e = filter::parse("tcp.port == 80 or udp and not dns").unwrap();
/// assert_eq!(e.to_string(), "((tcp.port == 80) or (udp and (not dns)))");
/// let err = filter::parse("ip.src == == 1").unwrap_err();
/// assert_eq!(err.message, "\"==\" was unexpected in this context.");
/// assert_eq!((err.span.start, err.span.end), (10, 12));
/// ```
pub fn parse(input: &str) -> Result<Expr, ParseError> {
    parse_optional(input)?.ok_or_else(|| {
        ParseError::new(
            "Empty filter expression.",
            Span::new(input.len(), input.len()),
        )
    })
}

/// Parses a display filter, returning `None` for an empty or all-blank one (which matches every frame).
pub fn parse_optional(input: &str) -> Result<Option<Expr>, ParseError> {
    parser::Parser::new(input).sentence()
}
