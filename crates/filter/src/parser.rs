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
//!
//! Also present in 4.0 and confirmed with tshark: the layer operator (`ip.addr#2`, `ip.addr#[1-2]`; only
//! directly after a field name, no space after `#`), field references `${ip.src}`, the quantifiers `any` and
//! `all`, `!==`/`any_ne`, `===`/`all_eq`, `~=` (deprecated `!==`), `bitwise_and`, `.name` (forced field) and
//! `:hex` (forced literal). Not in 4.0: `xor`/`^^`, `@field` (raw values), `bitand`, whitespace-separated sets.
//!
//! Known differences from tshark, all outside pure syntax: tshark's scanner rejects a `.name` that is not a
//! field and its grammar a `name#n` that is not a field (here both are [`FieldRef`]s for the checker), and its
//! macro expander runs over `${...}` text before parsing (macros are not supported here). When tshark expands
//! a comparison chain whose middle operand is an arithmetic expression it copies that operand shallowly (its
//! debug tree prints the copy wrongly); the tree here keeps the operands as written.

use crate::ast::*;
use crate::error::ParseError;
use crate::lexer::{Lexer, Tok, Token};

/// Nesting budget, so that neither this parser nor code walking the tree can exhaust the stack (a debug build
/// uses about 7 KiB of stack per level here). It mirrors tshark 4.0, whose parser stack of 100 entries allows
/// 97 nested parentheses, 95 nested braces and 47 nested calls: a parenthesis, brace, `not`, slice or binary
/// operator costs 1, a call 2. (tshark itself has no limit on `not`s, slices or operator chains, which do not
/// nest on its stack; more than 100 of them in a row are refused here.)
pub(crate) const MAX_DEPTH: usize = 100;

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

    /// `cost` more levels of nesting, for the token at `span`.
    fn deeper_by(&mut self, span: Span, cost: usize) -> Result<(), ParseError> {
        self.depth += cost;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                "Filter expression is nested too deeply.",
                span,
            ));
        }
        Ok(())
    }

    /// One more level of nesting, for the token at `span`.
    fn deeper(&mut self, span: Span) -> Result<(), ParseError> {
        self.deeper_by(span, 1)
    }

    /// The whole filter; `None` if it is empty (Wireshark accepts an empty filter, matching everything).
    pub fn sentence(&mut self) -> Result<Option<Expr>, ParseError> {
        if *self.peek_kind()? == Tok::Eof {
            return Ok(None);
        }
        let e = self.expr()?;
        if *self.peek_kind()? != Tok::Eof {
            return self.fail();
        }
        Ok(Some(e))
    }

    /// `a and b or c and d ...`: `or` of `and`s of terms, built in one loop (one stack frame per level of
    /// parentheses rather than one per precedence level).
    fn expr(&mut self) -> Result<Expr, ParseError> {
        let mut ors: Vec<Expr> = Vec::new();
        let mut ands: Vec<Expr> = Vec::new();
        loop {
            ands.push(self.term()?);
            match self.peek_kind()? {
                Tok::And => {}
                Tok::Or => ors.push(join(std::mem::take(&mut ands), false)),
                _ => break,
            }
            self.bump()?;
        }
        ors.push(join(ands, false));
        Ok(join(ors, true))
    }

    /// `not`s, then a parenthesised expression or a relation.
    fn term(&mut self) -> Result<Expr, ParseError> {
        let saved = self.depth;
        let mut nots = Vec::new();
        let mut t = self.bump_if(&Tok::Not)?;
        while let Some(not) = t {
            self.deeper(not.span)?;
            nots.push(not.span);
            t = self.bump_if(&Tok::Not)?;
        }
        let e = if let Some(open) = self.bump_if(&Tok::LParen)? {
            self.deeper(open.span)?;
            let e = self.expr()?;
            let close = self.expect(&Tok::RParen)?;
            regroup(e, open.span.to(close.span))
        } else {
            self.quantified()?
        };
        self.depth = saved;
        Ok(wrap_nots(e, nots))
    }

    /// The next token, consumed, if it is `kind`.
    fn bump_if(&mut self, kind: &Tok) -> Result<Option<Token>, ParseError> {
        if self.peek_kind()? == kind {
            self.bump().map(Some)
        } else {
            Ok(None)
        }
    }

    /// A relation with an optional `any`/`all` in front, or a bare value.
    fn quantified(&mut self) -> Result<Expr, ParseError> {
        let q = match self.peek_kind()? {
            Tok::Any => Quantifier::Any,
            Tok::All => Quantifier::All,
            _ => return self.relation(None),
        };
        let t = self.bump()?;
        let e = self.relation(Some(q))?;
        Ok(regroup(e, t.span))
    }

    /// A relation, or (without a quantifier) a bare value used as a test.
    fn relation(&mut self, quantifier: Option<Quantifier>) -> Result<Expr, ParseError> {
        let (lhs, is_entity) = self.arith()?;
        let t = self.peek()?.clone();
        let span_to = |lhs: &Value, end: Span| lhs.span.to(end);
        match t.kind {
            Tok::Cmp(_) => {
                // A chain is a flat list: its links do not nest.
                let mut links = Vec::new();
                while let Tok::Cmp(op) = *self.peek_kind()? {
                    let op_tok = self.bump()?;
                    let (rhs, _) = self.arith()?;
                    links.push(CmpLink {
                        op,
                        op_span: op_tok.span,
                        rhs,
                    });
                }
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
        self.climb(0)
    }

    /// Precedence climbing over the binary operators of precedence `min` and tighter.
    fn climb(&mut self, min: u8) -> Result<(Value, bool), ParseError> {
        let saved = self.depth;
        let (mut lhs, mut is_entity) = self.operand()?;
        while let Some((op, level)) = self.binary_op()? {
            if level < min {
                break;
            }
            let op_tok = self.bump()?;
            self.deeper(op_tok.span)?;
            let (rhs, _) = self.climb(level + 1)?;
            lhs = arith_node(op, op_tok.span, lhs, rhs);
            is_entity = false;
        }
        self.depth = saved;
        Ok((lhs, is_entity))
    }

    /// The next token if it is a binary operator, with its precedence: `&` 0, `+ -` 1, `* / %` 2.
    fn binary_op(&mut self) -> Result<Option<(ArithOp, u8)>, ParseError> {
        Ok(match self.peek_kind()? {
            Tok::Arith(op @ ArithOp::BitAnd) => Some((*op, 0)),
            Tok::Arith(op @ (ArithOp::Add | ArithOp::Sub)) => Some((*op, 1)),
            Tok::Arith(op @ (ArithOp::Mul | ArithOp::Div | ArithOp::Mod)) => Some((*op, 2)),
            _ => None,
        })
    }

    /// A signed entity, a braced arithmetic expression, or an entity (the only plain-entity case).
    fn operand(&mut self) -> Result<(Value, bool), ParseError> {
        match self.peek_kind()? {
            Tok::Arith(ArithOp::Sub | ArithOp::Add) => Ok((self.set_entity()?, false)),
            Tok::LBrace => {
                let open = self.bump()?;
                let saved = self.depth;
                self.deeper(open.span)?;
                let (v, _) = self.arith()?;
                let close = self.expect(&Tok::RBrace)?;
                self.depth = saved;
                Ok((rebrace(v, open.span.to(close.span)), false))
            }
            _ => Ok((self.entity()?, true)),
        }
    }

    /// An entity: a single token, field, reference or call, followed by any number of slices.
    fn entity(&mut self) -> Result<Value, ParseError> {
        let saved = self.depth;
        let mut v = match self.entity_head()? {
            Ok(v) => v,
            Err(name) => self.call(name)?,
        };
        while let Some(open) = self.bump_if(&Tok::LBracket)? {
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

    /// An entity without its slices, or `Err(name)` for a function call whose name has been consumed (the
    /// call is parsed by the caller, so that this frame is not on the stack while the arguments are).
    fn entity_head(&mut self) -> Result<Result<Value, Token>, ParseError> {
        let t = self.bump()?;
        let atom = |a: Atom| {
            Ok(Ok(Value {
                kind: ValueKind::Atom(a),
                span: t.span,
            }))
        };
        match t.kind.clone() {
            Tok::Str(s) => atom(Atom::String(s)),
            Tok::Char(c) => atom(Atom::Char(c)),
            Tok::Literal(s) => atom(Atom::Literal(s)),
            Tok::Unparsed(s) => match self.peek_kind()? {
                Tok::LParen => Ok(Err(t)),
                Tok::Hash => self.field(t).map(Ok),
                _ => atom(Atom::Unparsed(s)),
            },
            Tok::Field(_) => self.field(t).map(Ok),
            Tok::Dollar => {
                self.expect(&Tok::LBrace)?;
                if !matches!(self.peek_kind()?, Tok::Field(_) | Tok::Unparsed(_)) {
                    return self.fail();
                }
                let name = self.bump()?;
                let f = self.field(name)?;
                let close = self.expect(&Tok::RBrace)?;
                let ValueKind::Field(r) = f.kind else {
                    unreachable!("field() makes fields")
                };
                Ok(Ok(Value {
                    kind: ValueKind::Reference(r),
                    span: t.span.to(close.span),
                }))
            }
            _ => Err(self.unexpected(&t)),
        }
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
        self.deeper_by(open.span, 2)?;
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

/// `terms` joined by `and` or `or`; a single term as is.
fn join(mut terms: Vec<Expr>, is_or: bool) -> Expr {
    if terms.len() == 1 {
        return terms.pop().expect("one term");
    }
    let span = terms[0].span.to(terms[terms.len() - 1].span);
    Expr {
        kind: if is_or {
            ExprKind::Or(terms)
        } else {
            ExprKind::And(terms)
        },
        span,
    }
}

/// `e` with its span widened to `outer` (parentheses, quantifier).
fn regroup(mut e: Expr, outer: Span) -> Expr {
    e.span = e.span.to(outer);
    e
}

/// `v` with its span widened to `outer` (braces).
fn rebrace(mut v: Value, outer: Span) -> Value {
    v.span = v.span.to(outer);
    v
}

/// `e` under the `not`s at `nots` (outermost first).
fn wrap_nots(mut e: Expr, nots: Vec<Span>) -> Expr {
    for s in nots.into_iter().rev() {
        let span = s.to(e.span);
        e = Expr {
            kind: ExprKind::Not(Box::new(e)),
            span,
        };
    }
    e
}

fn arith_node(op: ArithOp, op_span: Span, lhs: Value, rhs: Value) -> Value {
    let span = lhs.span.to(rhs.span);
    Value {
        kind: ValueKind::Arith {
            op,
            op_span,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
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
