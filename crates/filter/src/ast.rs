//! The syntax tree of a display filter, as written (before any field lookup).
//!
//! Every node carries the [`Span`] of the text it came from, so that the checker, which resolves names against
//! the field registry later, can point at the offending part of the filter. Nothing here knows about fields:
//! a bare word such as `tcp.port`, `80`, `reply` or `10.0.0.0/8` is kept as [`Atom::Unparsed`], exactly as
//! Wireshark 4.0's grammar keeps its `UNPARSED` token until `dfilter_resolve_unparsed` decides whether it names
//! a field (then it is one) or not (then it is a literal).
//!
//! `Display` prints a canonical, fully parenthesised form that is itself valid Wireshark 4.0 syntax and parses
//! back to the same tree: logical and relational tests are wrapped in `( )`, arithmetic in `{ }` (4.0 groups
//! arithmetic with braces, not parentheses), operators are spelled one way (`and`, `or`, `not`, `==`, `!=`,
//! `===`, `!==`, `contains`, `matches`, `in`, `not in`, `&`), strings are re-escaped (`\\`, `\"`, `\n`-style
//! escapes for control characters, `\xhh` for bytes that are not UTF-8; other characters as they are).

use std::fmt::{self, Write as _};

/// A byte range `start..end` in the filter text. `start == end` marks a position (the end of the input for
/// "Unexpected end of filter expression.").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True for a position rather than a range.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// A test: what a whole filter, or a part of it between `and`/`or`/`not`/parentheses, evaluates to.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the test is.
    pub kind: ExprKind,
    /// The text of the test, including the parentheses that grouped it, if any.
    pub span: Span,
}

/// The kinds of [`Expr`].
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `a or b or c` (`or`, `||`): two or more terms written in a row at the same level. Explicit parentheses
    /// are kept as nesting: `(a or b) or c` is `Or[Or[a, b], c]`.
    Or(Vec<Expr>),
    /// `a and b and c` (`and`, `&&`): two or more terms, as for [`ExprKind::Or`].
    And(Vec<Expr>),
    /// `not a` (`not`, `!`).
    Not(Box<Expr>),
    /// A comparison, possibly chained: `a == b`, or `a < b <= c`, which Wireshark 4.0 evaluates as
    /// `a < b and b <= c`.
    Compare(Comparison),
    /// `a contains b`.
    Contains {
        /// `any`/`all` written before the test.
        quantifier: Option<Quantifier>,
        /// Left operand (an entity: no arithmetic).
        lhs: Value,
        /// Right operand (an entity).
        rhs: Value,
        /// Where `contains` is.
        op_span: Span,
    },
    /// `a matches b` or `a ~ b`.
    Matches {
        /// `any`/`all` written before the test.
        quantifier: Option<Quantifier>,
        /// Left operand (an entity).
        lhs: Value,
        /// The regular expression (an entity, normally a string).
        rhs: Value,
        /// Where `matches`/`~` is.
        op_span: Span,
    },
    /// `a in {…}` or, with `negated`, `a not in {…}` (also `a !in {…}`).
    In {
        /// `any`/`all` written before the test.
        quantifier: Option<Quantifier>,
        /// True for `not in`.
        negated: bool,
        /// Left operand (an entity).
        lhs: Value,
        /// The set.
        set: Set,
        /// Where `in` (or `not in`) is.
        op_span: Span,
    },
    /// A value used as a test: field or protocol existence (`tcp`, `http.request`), or any other value
    /// (`tcp.flags & 0x02`, `len(x)`), whose meaning the checker decides.
    Value(Value),
}

/// `any` or `all` written before a relation (`all tcp.port > 1024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantifier {
    /// `any`: true if some value matches (the default).
    Any,
    /// `all`: true if every value matches.
    All,
}

/// A comparison chain `first op1 rhs1 op2 rhs2 …` with at least one link.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// `any`/`all` written before the chain.
    pub quantifier: Option<Quantifier>,
    /// The leftmost operand.
    pub first: Value,
    /// Each operator with its right operand; the left operand of link `i > 0` is the right operand of
    /// link `i - 1`.
    pub links: Vec<CmpLink>,
}

/// One `op rhs` step of a [`Comparison`].
#[derive(Debug, Clone, PartialEq)]
pub struct CmpLink {
    /// The operator.
    pub op: CmpOp,
    /// Where the operator is.
    pub op_span: Span,
    /// The right operand.
    pub rhs: Value,
}

/// Comparison operators, named after Wireshark's (`==` is "any equal", `!=` is "all not equal").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`, `eq`, `any_eq`.
    AnyEq,
    /// `!=`, `ne`, `all_ne`.
    AllNe,
    /// `===`, `all_eq`.
    AllEq,
    /// `!==`, `~=` (deprecated), `any_ne`.
    AnyNe,
    /// `>`, `gt`.
    Gt,
    /// `>=`, `ge`.
    Ge,
    /// `<`, `lt`.
    Lt,
    /// `<=`, `le`.
    Le,
}

impl CmpOp {
    /// The canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::AnyEq => "==",
            CmpOp::AllNe => "!=",
            CmpOp::AllEq => "===",
            CmpOp::AnyNe => "!==",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
        }
    }
}

/// The set of an `in` test.
#[derive(Debug, Clone, PartialEq)]
pub struct Set {
    /// The elements, at least one.
    pub elements: Vec<SetElement>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One element of a [`Set`]. Elements are entities, optionally preceded by a sign (`-1`, `+2`).
#[derive(Debug, Clone, PartialEq)]
pub enum SetElement {
    /// A single value.
    Single(Value),
    /// `low..high`, both ends included.
    Range(Value, Value),
}

/// Something that has a value: an operand of a test, a function argument, a set element.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// What the value is.
    pub kind: ValueKind,
    /// Its text, including grouping braces and a leading unary `+` if any.
    pub span: Span,
}

/// The kinds of [`Value`].
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A single token: a bare word, string, character or colon-prefixed literal.
    Atom(Atom),
    /// Something that is a field by its syntax: `.name` (leading dot) or `name#layer`.
    Field(FieldRef),
    /// `${name}`: the value of a field in the currently selected frame.
    Reference(FieldRef),
    /// `base[ranges]`: a byte (or character) slice.
    Slice {
        /// What is sliced (an entity).
        base: Box<Value>,
        /// The comma-separated ranges, at least one.
        ranges: Vec<RangeNode>,
    },
    /// `name(args)`. The name is one of [`FUNCTIONS`](crate::FUNCTIONS); the number of arguments is the
    /// checker's business, as in Wireshark.
    Call {
        /// Function name.
        name: String,
        /// Where the name is.
        name_span: Span,
        /// Arguments, possibly none.
        args: Vec<Value>,
    },
    /// Unary minus `-x` (only in front of an entity, as in Wireshark 4.0). A unary `+` is dropped.
    Neg(Box<Value>),
    /// Binary arithmetic or bitwise and.
    Arith {
        /// The operator.
        op: ArithOp,
        /// Where the operator is.
        op_span: Span,
        /// Left operand.
        lhs: Box<Value>,
        /// Right operand.
        rhs: Box<Value>,
    },
}

/// A value written as a single token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// A bare word: a field or protocol name if the registry knows it, a literal otherwise (number, address,
    /// byte string, value name such as `reply`, ...). Exactly the text written.
    Unparsed(String),
    /// A literal marked with a leading colon (`:aa:bb`, `:1f`), never a field. The text after the colon.
    Literal(String),
    /// A double-quoted string (plain or raw `r"..."`), escapes decoded. Bytes, since `\xff` need not be UTF-8.
    String(Vec<u8>),
    /// A character constant `'a'`, `'\x41'`, `'\101'`.
    Char(u8),
}

/// A field named by syntax (`.name`, `name#2`, `${name}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// The field name, without the leading dot.
    pub name: String,
    /// Where the name is (with the dot, if any).
    pub name_span: Span,
    /// Written with a leading dot, which in Wireshark 4.0 forces a field lookup (`.frame`).
    pub dotted: bool,
    /// `#n` or `#[ranges]`: which protocol layers' occurrences to use.
    pub layer: Option<Vec<RangeNode>>,
}

/// Arithmetic operators, from loosest to tightest binding: `&`; `+ -`; `* / %`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArithOp {
    /// `&`, `bitwise_and`.
    BitAnd,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `%`.
    Mod,
}

impl ArithOp {
    /// The canonical spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ArithOp::BitAnd => "&",
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
            ArithOp::Mod => "%",
        }
    }
}

/// One range of a slice `[…]` or layer `#[…]`, already validated as Wireshark 4.0 does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeNode {
    /// What the range selects.
    pub kind: RangeKind,
    /// The text of the range between the brackets and commas, spaces included.
    pub span: Span,
}

/// The forms of a [`RangeNode`]. Offsets may be negative (counted from the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeKind {
    /// `[i]`: one element at `i` (Wireshark's `i:1`).
    Index(i32),
    /// `[i:n]` (and `[:n]`, start 0): `n > 0` elements from `i`.
    Length {
        /// First element.
        start: i32,
        /// Number of elements, positive.
        len: i32,
    },
    /// `[i:]` (and `[:]`): from `i` to the end.
    ToEnd {
        /// First element.
        start: i32,
    },
    /// `[i-j]`: from `i` to `j` included; same sign, `i < j`.
    Through {
        /// First element.
        start: i32,
        /// Last element.
        end: i32,
    },
}

impl fmt::Display for RangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            RangeKind::Index(i) => write!(f, "{i}"),
            RangeKind::Length { start, len } => write!(f, "{start}:{len}"),
            RangeKind::ToEnd { start } => write!(f, "{start}:"),
            RangeKind::Through { start, end } => write!(f, "{start}-{end}"),
        }
    }
}

fn write_ranges(f: &mut fmt::Formatter<'_>, ranges: &[RangeNode]) -> fmt::Result {
    f.write_char('[')?;
    for (i, r) in ranges.iter().enumerate() {
        if i > 0 {
            f.write_char(',')?;
        }
        write!(f, "{}", r.kind)?;
    }
    f.write_char(']')
}

fn write_quantifier(f: &mut fmt::Formatter<'_>, q: Option<Quantifier>) -> fmt::Result {
    match q {
        Some(Quantifier::Any) => f.write_str("any "),
        Some(Quantifier::All) => f.write_str("all "),
        None => Ok(()),
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Or(terms) | ExprKind::And(terms) => {
                let sep = if matches!(self.kind, ExprKind::Or(_)) {
                    " or "
                } else {
                    " and "
                };
                f.write_char('(')?;
                for (i, t) in terms.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_char(')')
            }
            ExprKind::Not(e) => write!(f, "(not {e})"),
            ExprKind::Compare(c) => {
                f.write_char('(')?;
                write_quantifier(f, c.quantifier)?;
                write!(f, "{}", c.first)?;
                for l in &c.links {
                    write!(f, " {} {}", l.op.as_str(), l.rhs)?;
                }
                f.write_char(')')
            }
            ExprKind::Contains {
                quantifier,
                lhs,
                rhs,
                ..
            } => {
                f.write_char('(')?;
                write_quantifier(f, *quantifier)?;
                write!(f, "{lhs} contains {rhs})")
            }
            ExprKind::Matches {
                quantifier,
                lhs,
                rhs,
                ..
            } => {
                f.write_char('(')?;
                write_quantifier(f, *quantifier)?;
                write!(f, "{lhs} matches {rhs})")
            }
            ExprKind::In {
                quantifier,
                negated,
                lhs,
                set,
                ..
            } => {
                f.write_char('(')?;
                write_quantifier(f, *quantifier)?;
                write!(f, "{lhs} {}in {set})", if *negated { "not " } else { "" })
            }
            ExprKind::Value(v) => write!(f, "{v}"),
        }
    }
}

impl fmt::Display for Set {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('{')?;
        for (i, e) in self.elements.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match e {
                SetElement::Single(v) => write!(f, "{v}")?,
                SetElement::Range(a, b) => write!(f, "{a}..{b}")?,
            }
        }
        f.write_char('}')
    }
}

impl fmt::Display for FieldRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.dotted {
            f.write_char('.')?;
        }
        f.write_str(&self.name)?;
        if let Some(layer) = &self.layer {
            f.write_char('#')?;
            match layer.as_slice() {
                [
                    RangeNode {
                        kind: RangeKind::Index(i),
                        ..
                    },
                ] if *i >= 0 => write!(f, "{i}")?,
                _ => write_ranges(f, layer)?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ValueKind::Atom(a) => write!(f, "{a}"),
            ValueKind::Field(r) => write!(f, "{r}"),
            ValueKind::Reference(r) => write!(f, "${{{r}}}"),
            ValueKind::Slice { base, ranges } => {
                write!(f, "{base}")?;
                write_ranges(f, ranges)
            }
            ValueKind::Call { name, args, .. } => {
                write!(f, "{name}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_char(')')
            }
            ValueKind::Neg(v) => write!(f, "-{v}"),
            ValueKind::Arith { op, lhs, rhs, .. } => write!(f, "{{{lhs} {} {rhs}}}", op.as_str()),
        }
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Atom::Unparsed(s) => f.write_str(s),
            Atom::Literal(s) => write!(f, ":{s}"),
            Atom::String(bytes) => {
                f.write_char('"')?;
                for chunk in bytes.utf8_chunks() {
                    for c in chunk.valid().chars() {
                        match c {
                            '\\' => f.write_str("\\\\")?,
                            '"' => f.write_str("\\\"")?,
                            '\x07' => f.write_str("\\a")?,
                            '\x08' => f.write_str("\\b")?,
                            '\x0c' => f.write_str("\\f")?,
                            '\n' => f.write_str("\\n")?,
                            '\r' => f.write_str("\\r")?,
                            '\t' => f.write_str("\\t")?,
                            '\x0b' => f.write_str("\\v")?,
                            // Other control characters byte by byte: `\u0080` is not a valid escape in 4.0.
                            c if c.is_control() => {
                                for b in c.encode_utf8(&mut [0; 4]).bytes() {
                                    write!(f, "\\x{b:02x}")?;
                                }
                            }
                            c => f.write_char(c)?,
                        }
                    }
                    for b in chunk.invalid() {
                        write!(f, "\\x{b:02x}")?;
                    }
                }
                f.write_char('"')
            }
            Atom::Char(c) => match c {
                b'\\' => f.write_str("'\\\\'"),
                b'\'' => f.write_str("'\\''"),
                0x20..=0x7e => write!(f, "'{}'", *c as char),
                _ => write!(f, "'\\x{c:02x}'"),
            },
        }
    }
}
