//! A recursive-descent parser for Wireshark 4.0's display filter grammar (`epan/dfilter/grammar.lemon` of the
//! 4.0 branch), reporting each error at the token where Wireshark's LALR parser reports it.
//!
//! The grammar, as observed with tshark 4.0.17 (token and syntax-tree dumps of
//! `tshark -Y EXPR --log-level noisy --log-domains dfilter`):
//!
//! ```text
//! sentence   := expr | (empty)
//! expr       := expr "or" expr | expr "and" expr | "not" expr | "(" expr ")" | relation | arith
//! relation   := ("any" | "all")? test
//! test       := arith cmp arith (cmp arith)*            chained: a < b <= c means a < b and b <= c
//!             | entity ("contains" | "matches") entity
//!             | entity "not"? "in" "{" element ("," element)* "}"
//! element    := sentity (".." sentity)?                 sentity := ("-" | "+")? entity
//! arith      := arith "&" arith | arith ("+"|"-") arith | arith ("*"|"/"|"%") arith
//!             | ("-" | "+")? entity | "{" arith "}"
//! entity     := (STRING | CHAR | LITERAL | UNPARSED | field | "${" field "}" | call) ("[" ranges "]")*
//! field      := FIELD ("#" layer)? | UNPARSED "#" layer
//! call       := UNPARSED "(" (arith ("," arith)*)? ")"
//! ```
//!
//! Precedence, loosest first: `or`; `and`; `not`; comparisons, `contains`, `matches` (non-associative,
//! comparisons chain instead); `&`; `+ -`; `* / %`; unary minus. Wireshark 4.0 declares
//! `%left TEST_OR. %left TEST_AND. %right TEST_NOT.`, so `and` binds tighter than `or`: confirmed with tshark,
//! whose tree for `tcp or udp and not dns` is `TEST_OR(tcp, TEST_AND(udp, TEST_NOT(dns)))`, and for
//! `frame.len & 1 + 2 == 3` is `TEST_ANY_EQ(OP_BITWISE_AND(frame.len, OP_ADD(1, 2)), 3)`. There is no `xor`
//! (`^^`) in 4.0: tshark rejects `tcp xor udp` at `xor` and `a ^^ b` at `^`.
//!
//! Arithmetic needs no braces in 4.0 (`frame.len == 1 + 2 * 3` is accepted); braces group it, parentheses do
//! not (`(frame.len + 1) == 2` fails at `==`). Unary minus applies to an entity only (`- -1` and `-(1)` fail).
//! Set elements must be separated by commas (`tcp.port in {80 443}` fails at `443`).
//!
//! Errors that Wireshark raises while reducing a rule (bad range, unknown function) are raised here after the
//! following token has been scanned, as there, so that a scanner error on that token wins.

use crate::ast::*;
use crate::error::ParseError;
use crate::lexer::{Lexer, Tok, Token};

/// Nesting limit (parentheses, braces, `not`, calls, slices, operator chains), so that neither this parser nor
/// code walking the tree can exhaust the stack. tshark 4.0 itself fails on about 100 nested parentheses.
pub(crate) const MAX_DEPTH: usize = 200;

/// The functions of Wireshark 4.0 (case-sensitive); any other name is "Function 'x' does not exist".
pub const FUNCTIONS: &[&str] = &[
    "abs", "count", "len", "lower", "max", "min", "string", "upper",
];

pub(crate) struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    depth: usize,
}

impl<'a> Parser<'a> {
    pub fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src,
            lexer: Lexer::new(src),
            peeked: None,
            depth: 0,
        }
    }

    fn peek(&mut self) -> Result<&Token, ParseError> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token()?);
        }
        Ok(self.peeked.as_ref().expect("just filled"))
    }

    fn peek_kind(&mut self) -> Result<&Tok, ParseError> {
        Ok(&self.peek()?.kind)
    }

    fn bump(&mut self) -> Result<Token, ParseError> {
        self.peek()?;
        Ok(self.peeked.take().expect("peeked"))
    }

    fn unexpected(&self, t: &Token) -> ParseError {
        match t.kind {
            Tok::Eof => ParseError::new("Unexpected end of filter expression.", t.span),
            _ => ParseError::new(
                format!(
                    "\"{}\" was unexpected in this context.",
                    t.describe(self.src)
                ),
                t.span,
            ),
        }
    }

    /// An error at the next token.
    fn fail<T>(&mut self) -> Result<T, ParseError> {
        let t = self.peek()?.clone();
        Err(self.unexpected(&t))
    }

    fn expect(&mut self, want: &Tok) -> Result<Token, ParseError> {
        if self.peek_kind()? == want {
            self.bump()
        } else {
            self.fail()
        }
    }

    /// One more level of nesting, at `span`.
    fn deeper(&mut self, span: Span) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                "Filter expression is nested too deeply.",
                span,
            ));
        }
        Ok(())
    }

    /// The whole filter; `None` if it is empty (Wireshark accepts an empty filter, matching everything).
    pub fn sentence(&mut self) -> Result<Option<Expr>, ParseError> {
        if *self.peek_kind()? == Tok::Eof {
            return Ok(None);
        }
        let e = self.or()?;
        if *self.peek_kind()? != Tok::Eof {
            return self.fail();
        }
        Ok(Some(e))
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        self.logical(true)
    }

    /// `terms (op terms)*` for `or` (with `and` terms) or `and` (with `not` terms).
    fn logical(&mut self, is_or: bool) -> Result<Expr, ParseError> {
        let op = if is_or { Tok::Or } else { Tok::And };
        let first = if is_or {
            self.logical(false)?
        } else {
            self.not()?
        };
        if *self.peek_kind()? != op {
            return Ok(first);
        }
        let mut terms = vec![first];
        while *self.peek_kind()? == op {
            self.bump()?;
            terms.push(if is_or {
                self.logical(false)?
            } else {
                self.not()?
            });
        }
        let span = terms[0].span.to(terms[terms.len() - 1].span);
        Ok(Expr {
            kind: if is_or {
                ExprKind::Or(terms)
            } else {
                ExprKind::And(terms)
            },
            span,
        })
    }

    fn not(&mut self) -> Result<Expr, ParseError> {
        let saved = self.depth;
        let mut nots = Vec::new();
        while *self.peek_kind()? == Tok::Not {
            let t = self.bump()?;
            self.deeper(t.span)?;
            nots.push(t.span);
        }
        let mut e = self.primary()?;
        for s in nots.into_iter().rev() {
            let span = s.to(e.span);
            e = Expr {
                kind: ExprKind::Not(Box::new(e)),
                span,
            };
        }
        self.depth = saved;
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let t = self.peek()?.clone();
        match t.kind {
            Tok::LParen => {
                self.bump()?;
                let saved = self.depth;
                self.deeper(t.span)?;
                let mut e = self.or()?;
                let close = self.expect(&Tok::RParen)?;
                self.depth = saved;
                e.span = t.span.to(close.span);
                Ok(e)
            }
            Tok::Any | Tok::All => {
                self.bump()?;
                let q = if t.kind == Tok::Any {
                    Quantifier::Any
                } else {
                    Quantifier::All
                };
                let mut e = self.relation(Some(q))?;
                e.span = t.span.to(e.span);
                Ok(e)
            }
            _ => self.relation(None),
        }
    }

    /// A relation, or (without a quantifier) a bare value used as a test.
    fn relation(&mut self, quantifier: Option<Quantifier>) -> Result<Expr, ParseError> {
        let (lhs, is_entity) = self.arith()?;
        let t = self.peek()?.clone();
        let span_to = |lhs: &Value, end: Span| lhs.span.to(end);
        match t.kind {
            Tok::Cmp(_) => {
                let saved = self.depth;
                let mut links = Vec::new();
                while let Tok::Cmp(op) = *self.peek_kind()? {
                    let op_tok = self.bump()?;
                    self.deeper(op_tok.span)?;
                    let (rhs, _) = self.arith()?;
                    links.push(CmpLink {
                        op,
                        op_span: op_tok.span,
                        rhs,
                    });
                }
                self.depth = saved;
                let span = span_to(&lhs, links[links.len() - 1].rhs.span);
                Ok(Expr {
                    kind: ExprKind::Compare(Comparison {
                        quantifier,
                        first: lhs,
                        links,
                    }),
                    span,
                })
            }
            Tok::Contains | Tok::Matches if is_entity => {
                self.bump()?;
                let rhs = self.entity()?;
                let span = span_to(&lhs, rhs.span);
                let kind = if t.kind == Tok::Contains {
                    ExprKind::Contains {
                        quantifier,
                        lhs,
                        rhs,
                        op_span: t.span,
                    }
                } else {
                    ExprKind::Matches {
                        quantifier,
                        lhs,
                        rhs,
                        op_span: t.span,
                    }
                };
                Ok(Expr { kind, span })
            }
            Tok::In | Tok::Not if is_entity => {
                self.bump()?;
                let negated = t.kind == Tok::Not;
                let op_span = if negated {
                    t.span.to(self.expect(&Tok::In)?.span)
                } else {
                    t.span
                };
                let set = self.set()?;
                let span = span_to(&lhs, set.span);
                Ok(Expr {
                    kind: ExprKind::In {
                        quantifier,
                        negated,
                        lhs,
                        set,
                        op_span,
                    },
                    span,
                })
            }
            _ if quantifier.is_some() => Err(self.unexpected(&t)),
            _ => {
                let span = lhs.span;
                Ok(Expr {
                    kind: ExprKind::Value(lhs),
                    span,
                })
            }
        }
    }

    fn set(&mut self) -> Result<Set, ParseError> {
        let open = self.expect(&Tok::LBrace)?;
        let mut elements = Vec::new();
        loop {
            let low = self.set_entity()?;
            if *self.peek_kind()? == Tok::DotDot {
                self.bump()?;
                let high = self.set_entity()?;
                elements.push(SetElement::Range(low, high));
            } else {
                elements.push(SetElement::Single(low));
            }
            match self.peek_kind()? {
                Tok::Comma => {
                    self.bump()?;
                }
                Tok::RBrace => {
                    let close = self.bump()?;
                    return Ok(Set {
                        elements,
                        span: open.span.to(close.span),
                    });
                }
                _ => return self.fail(),
            }
        }
    }

    fn set_entity(&mut self) -> Result<Value, ParseError> {
        let t = self.peek()?.clone();
        match t.kind {
            Tok::Arith(ArithOp::Sub) => {
                self.bump()?;
                let v = self.entity()?;
                let span = t.span.to(v.span);
                Ok(Value {
                    kind: ValueKind::Neg(Box::new(v)),
                    span,
                })
            }
            Tok::Arith(ArithOp::Add) => {
                self.bump()?;
                let mut v = self.entity()?;
                v.span = t.span.to(v.span);
                Ok(v)
            }
            _ => self.entity(),
        }
    }

    /// An arithmetic expression, and whether it is a plain entity (which `contains`, `matches` and `in`
    /// require on their left).
    fn arith(&mut self) -> Result<(Value, bool), ParseError> {
        self.binary(0)
    }

    fn binary(&mut self, level: u8) -> Result<(Value, bool), ParseError> {
        if level == 3 {
            return self.unary();
        }
        let saved = self.depth;
        let (mut lhs, mut is_entity) = self.binary(level + 1)?;
        while let Some(op) = self.binary_op(level)? {
            let op_tok = self.bump()?;
            self.deeper(op_tok.span)?;
            let (rhs, _) = self.binary(level + 1)?;
            let span = lhs.span.to(rhs.span);
            lhs = Value {
                kind: ValueKind::Arith {
                    op,
                    op_span: op_tok.span,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
            is_entity = false;
        }
        self.depth = saved;
        Ok((lhs, is_entity))
    }

    /// The next token, if it is a binary operator of precedence `level`.
    fn binary_op(&mut self, level: u8) -> Result<Option<ArithOp>, ParseError> {
        Ok(match (level, self.peek_kind()?) {
            (0, Tok::Arith(op @ ArithOp::BitAnd))
            | (1, Tok::Arith(op @ (ArithOp::Add | ArithOp::Sub)))
            | (2, Tok::Arith(op @ (ArithOp::Mul | ArithOp::Div | ArithOp::Mod))) => Some(*op),
            _ => None,
        })
    }

    fn unary(&mut self) -> Result<(Value, bool), ParseError> {
        let t = self.peek()?.clone();
        match t.kind {
            Tok::Arith(ArithOp::Sub | ArithOp::Add) => Ok((self.set_entity()?, false)),
            Tok::LBrace => {
                self.bump()?;
                let saved = self.depth;
                self.deeper(t.span)?;
                let (mut v, _) = self.arith()?;
                let close = self.expect(&Tok::RBrace)?;
                self.depth = saved;
                v.span = t.span.to(close.span);
                Ok((v, false))
            }
            _ => Ok((self.entity()?, true)),
        }
    }

    /// An entity: a single token, field, reference or call, followed by any number of slices.
    fn entity(&mut self) -> Result<Value, ParseError> {
        let saved = self.depth;
        let t = self.peek()?.clone();
        let atom = |a: Atom| Value {
            kind: ValueKind::Atom(a),
            span: t.span,
        };
        let mut v = match t.kind.clone() {
            Tok::Str(s) => {
                self.bump()?;
                atom(Atom::String(s))
            }
            Tok::Char(c) => {
                self.bump()?;
                atom(Atom::Char(c))
            }
            Tok::Literal(s) => {
                self.bump()?;
                atom(Atom::Literal(s))
            }
            Tok::Field(_) | Tok::Unparsed(_) => {
                self.bump()?;
                match self.peek_kind()? {
                    Tok::LParen if matches!(t.kind, Tok::Unparsed(_)) => self.call(t)?,
                    Tok::Hash => self.field(t)?,
                    _ => match t.kind {
                        Tok::Unparsed(s) => atom(Atom::Unparsed(s)),
                        _ => self.field(t)?,
                    },
                }
            }
            Tok::Dollar => {
                self.bump()?;
                self.expect(&Tok::LBrace)?;
                let name = self.peek()?.clone();
                if !matches!(name.kind, Tok::Field(_) | Tok::Unparsed(_)) {
                    return self.fail();
                }
                self.bump()?;
                let f = self.field(name)?;
                let close = self.expect(&Tok::RBrace)?;
                let ValueKind::Field(r) = f.kind else {
                    unreachable!("field() makes fields")
                };
                Value {
                    kind: ValueKind::Reference(r),
                    span: t.span.to(close.span),
                }
            }
            _ => return self.fail(),
        };
        while *self.peek_kind()? == Tok::LBracket {
            let open = self.bump()?;
            self.deeper(open.span)?;
            let (ranges, close) = self.ranges()?;
            let span = v.span.to(close);
            v = Value {
                kind: ValueKind::Slice {
                    base: Box::new(v),
                    ranges,
                },
                span,
            };
        }
        self.depth = saved;
        Ok(v)
    }

    /// A field from its name token (already consumed), with a layer if `#` follows.
    fn field(&mut self, name: Token) -> Result<Value, ParseError> {
        let (text, dotted) = match name.kind {
            Tok::Field(s) => (s, true),
            Tok::Unparsed(s) => (s, false),
            _ => unreachable!("only called on names"),
        };
        let mut span = name.span;
        let mut layer = None;
        if *self.peek_kind()? == Tok::Hash {
            self.bump()?;
            let t = self.peek()?.clone();
            match t.kind {
                Tok::Index(digits) => {
                    self.bump()?;
                    self.peek()?;
                    layer = Some(vec![range_node(&digits, t.span)?]);
                    span = span.to(t.span);
                }
                Tok::LBracket => {
                    self.bump()?;
                    let (ranges, close) = self.ranges()?;
                    layer = Some(ranges);
                    span = span.to(close);
                }
                _ => return self.fail(),
            }
        }
        Ok(Value {
            kind: ValueKind::Field(FieldRef {
                name: text,
                name_span: name.span,
                dotted,
                layer,
            }),
            span,
        })
    }

    /// `name(args)`, the name token consumed, `(` next.
    fn call(&mut self, name: Token) -> Result<Value, ParseError> {
        let Tok::Unparsed(fname) = name.kind else {
            unreachable!("calls are named by words")
        };
        let open = self.bump()?;
        let saved = self.depth;
        self.deeper(open.span)?;
        let mut args = Vec::new();
        let close = if *self.peek_kind()? == Tok::RParen {
            self.bump()?
        } else {
            loop {
                args.push(self.arith()?.0);
                match self.peek_kind()? {
                    Tok::Comma => {
                        self.bump()?;
                    }
                    Tok::RParen => break self.bump()?,
                    _ => return self.fail(),
                }
            }
        };
        self.depth = saved;
        // Wireshark looks the name up when it reduces the rule, after scanning the next token.
        self.peek()?;
        if !FUNCTIONS.contains(&fname.as_str()) {
            return Err(ParseError::new(
                format!("Function '{fname}' does not exist"),
                name.span,
            ));
        }
        Ok(Value {
            kind: ValueKind::Call {
                name: fname,
                name_span: name.span,
                args,
            },
            span: name.span.to(close.span),
        })
    }

    /// Range nodes up to and including `]` (the `[` consumed); returns them and the span of `]`.
    fn ranges(&mut self) -> Result<(Vec<RangeNode>, Span), ParseError> {
        let mut nodes = Vec::new();
        loop {
            let t = self.peek()?.clone();
            let Tok::RangeNode(text) = t.kind else {
                return self.fail();
            };
            self.bump()?;
            self.peek()?;
            nodes.push(range_node(&text, t.span)?);
            match self.peek_kind()? {
                Tok::Comma => {
                    self.bump()?;
                }
                Tok::RBracket => return Ok((nodes, self.bump()?.span)),
                _ => return self.fail(),
            }
        }
    }
}

enum IntError {
    NotANumber,
    Overflow,
}

fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// C's `strtol(s, &end, 0)` limited to `i32`: leading white space, a sign, `0x` hex, `0` octal or decimal.
/// Returns the value and the number of bytes used.
fn parse_int(s: &[u8]) -> Result<(i32, usize), IntError> {
    let mut i = s.iter().take_while(|&&c| is_c_space(c)).count();
    let neg = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let radix = if s.get(i) == Some(&b'0')
        && matches!(s.get(i + 1), Some(b'x' | b'X'))
        && s.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
    {
        i += 2;
        16
    } else if s.get(i) == Some(&b'0') {
        8
    } else {
        10
    };
    let start = i;
    let mut v: i64 = 0;
    while let Some(d) = s.get(i).and_then(|&c| (c as char).to_digit(radix)) {
        v = v
            .saturating_mul(i64::from(radix))
            .saturating_add(i64::from(d));
        i += 1;
    }
    if i == start {
        return Err(IntError::NotANumber);
    }
    let v = if neg { -v } else { v };
    i32::try_from(v)
        .map(|v| (v, i))
        .map_err(|_| IntError::Overflow)
}

/// One range of a slice or layer, checked as Wireshark 4.0's `drange_node_from_str` checks it.
fn range_node(text: &str, span: Span) -> Result<RangeNode, ParseError> {
    let s = text.as_bytes();
    let err = |m: String| Err(ParseError::new(m, span));
    let invalid = || err(format!("\"{text}\" is not a valid range."));
    let (start, mut i) = if s.first() == Some(&b':') {
        (0, 0)
    } else {
        match parse_int(s) {
            Ok(r) => r,
            Err(IntError::NotANumber) => return err(format!("\"{text}\" is not a valid number.")),
            Err(IntError::Overflow) => {
                return err(format!("\"{text}\" causes an integer overflow."));
            }
        }
    };
    i += s[i..].iter().take_while(|&&c| is_c_space(c)).count();
    let kind = match s.get(i) {
        None => RangeKind::Index(start),
        Some(b'-') => match parse_int(&s[i + 1..]) {
            Ok((end, n)) => {
                i += 1 + n;
                RangeKind::Through { start, end }
            }
            Err(_) => return invalid(),
        },
        Some(b':') if i + 1 == s.len() => {
            i += 1;
            RangeKind::ToEnd { start }
        }
        Some(b':') => match parse_int(&s[i + 1..]) {
            Ok((len, n)) => {
                i += 1 + n;
                RangeKind::Length { start, len }
            }
            Err(_) => return invalid(),
        },
        Some(_) => return invalid(),
    };
    i += s[i..].iter().take_while(|&&c| is_c_space(c)).count();
    if i != s.len() {
        return invalid();
    }
    match kind {
        RangeKind::Length { len, .. } if len <= 0 => {
            return err(format!(
                "Range {text} isn't valid because length {len} isn't positive"
            ));
        }
        RangeKind::Through { start, end } if (start < 0 && end > 0) || (start > 0 && end < 0) => {
            return err(format!(
                "Range {text} isn't valid because {start} and {end} have different signs"
            ));
        }
        RangeKind::Through { start, end } if start >= end => {
            return err(format!(
                "Range {text} isn't valid because {start} is greater or equal than {end}"
            ));
        }
        _ => {}
    }
    Ok(RangeNode { kind, span })
}
