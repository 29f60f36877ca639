//! Display filters: Wireshark's filter language compiled against the field registry (issue 4).
//!
//! [`Filter::compile`] parses a filter, checks it against the field registry (names, types, literals) and
//! compiles it to a program that [`Filter::matches`] runs over each packet's field tree; errors are
//! [`CompileError`]s worded as Wireshark 4.0 words them, with the span they are about. The syntax layer is
//! [`parse`], which turns filter text into an [`Expr`] tree whose nodes carry byte [`Span`]s, or a
//! [`ParseError`]. The language is that of
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
mod compile;
mod error;
mod eval;
mod lexer;
mod literal;
mod parser;
mod value;

pub use ast::*;
pub use compile::CompileError;
pub use error::ParseError;
pub use literal::pretty_name;
pub use parser::FUNCTIONS;

use fields::{FieldId, Interest, PacketTree, Registry};

/// A display filter compiled against a field registry, ready to run over packets.
///
/// ```
/// let registry = dissect::registry();
/// let f = filter::Filter::compile("tcp.port in {80, 443} and not ip.src == 10.0.0.0/8", registry).unwrap();
/// assert_eq!(f.canonical(), "((tcp.port in {80, 443}) and (not (ip.src == 10.0.0.0/8)))");
/// let err = filter::Filter::compile("tcp.port contains 3", registry).unwrap_err();
/// assert_eq!(err.message, "tcp.port (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.");
/// assert_eq!((err.span.start, err.span.end), (0, 8));
/// ```
pub struct Filter {
    program: compile::Program,
    canonical: String,
    scratch: eval::Scratch,
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filter")
            .field("canonical", &self.canonical)
            .finish_non_exhaustive()
    }
}

impl Filter {
    /// Parses and checks `text`. An empty filter is an error ("Empty filter expression."); a command line
    /// that accepts "no filter" should test for a blank string first, as tshark does.
    pub fn compile(text: &str, registry: &Registry) -> Result<Filter, CompileError> {
        let expr = parse(text)?;
        let program = compile::Compiler::new(registry, text).finish(&expr)?;
        Ok(Filter {
            program,
            canonical: expr.to_string(),
            scratch: eval::Scratch::default(),
        })
    }

    /// The filter in canonical form (fully parenthesised, one spelling per operator).
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// The fields and protocols the filter reads, in order of first mention (protocols of fields used
    /// with a layer operator `#n` included).
    pub fn fields(&self) -> &[FieldId] {
        &self.program.fields
    }

    /// Adds what the filter reads to the interest set, so that dissection stores those items.
    pub fn add_interest(&self, interest: &mut Interest) {
        for id in &self.program.fields {
            interest.add_field(*id);
        }
    }

    /// Whether the packet whose tree is `tree` (dissected from `frame`) passes the filter. The tree must
    /// have been built with an interest set that includes [`Filter::add_interest`]'s fields.
    pub fn matches(&mut self, tree: &PacketTree, frame: &[u8]) -> bool {
        self.scratch.clear();
        let e = eval::Eval {
            program: &self.program,
            env: value::Env {
                tree,
                frame,
                consts: &self.program.consts,
            },
        };
        e.test(&self.program.root, &mut self.scratch)
    }
}

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
