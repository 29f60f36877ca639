//! The checker and compiler: resolves names against the field registry, checks types and converts literals
//! as Wireshark 4.0's semantic check (`semcheck.c`) does, with its messages, and produces the program that
//! [`crate::eval`] runs per packet.
//!
//! Rules confirmed with tshark 4.0.17 (`tshark -r FILE -Y EXPR`, message and caret):
//! - a bare word is a field when the registry has that name, a literal otherwise; a literal is converted to
//!   the type of the field on the other side; the left side of a comparison, `contains`, `matches` or `in`
//!   must be a field, slice, function or arithmetic (`Left side of "==" expression must be a field or
//!   function, not 1.`); a chained comparison's middle operand is the left side of the next link;
//! - integer types are comparable with one another and with frame numbers (the 40- to 64-bit ones only with
//!   their own type); a boolean only with booleans; byte sequences, MAC addresses and the like with one
//!   another; strings with strings; anything else only with its own type (`X and Y are not of compatible
//!   types.`);
//! - `FT_NONE` fields can only be tested for presence; `contains` and `matches` take protocols, byte
//!   sequences and strings; slices take those and addresses;
//! - `len()` of an integer field is its size in the packet, `count()` of an absent field has no value (so
//!   `count(x) == 0` is never true), functions cannot be tested for presence.
//!
//! Unknown names get Wireshark's message plus the closest registered names as suggestions.

use fields::{Base, FieldDef, FieldId, FieldType, Registry, Strings};

use crate::ast::*;
use crate::error::ParseError;
use crate::literal::{self, Lit, LitText, pretty_name};
use crate::value::{Buf, Val};

/// A checker error: Wireshark's message, the bytes it is about, and for unknown names the closest names the
/// registry knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CompileError {
    /// The message, e.g. `"foo" is not a valid number.`
    pub message: String,
    /// The offending part of the filter, as byte offsets.
    pub span: Span,
    /// Registered names close to an unknown name, best first (empty otherwise).
    pub suggestions: Vec<&'static str>,
    /// Whether tshark shows the filter with a caret for this error (it does not for some, such as
    /// "Unexpected end of filter expression." or errors about function arguments that are not fields).
    pub located: bool,
}

impl CompileError {
    pub(crate) fn new(message: impl Into<String>, span: Span) -> CompileError {
        CompileError {
            message: message.into(),
            span,
            suggestions: Vec::new(),
            located: true,
        }
    }

    fn unlocated(mut self) -> CompileError {
        self.located = false;
        self
    }

    /// The filter with a caret line under the span (see [`ParseError::render`]) if the error is
    /// [`located`](CompileError::located), followed by a `Did you mean ...?` line when there are
    /// suggestions; empty when there is neither. No trailing newline.
    pub fn render(&self, input: &str) -> String {
        let mut out = if self.located {
            ParseError::new(self.message.clone(), self.span).render(input)
        } else {
            String::new()
        };
        if !self.suggestions.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str("    Did you mean ");
            out.push_str(&self.suggestions.join(", "));
            out.push('?');
        }
        out
    }
}

impl From<ParseError> for CompileError {
    fn from(e: ParseError) -> CompileError {
        let located = e.message != "Unexpected end of filter expression.";
        CompileError {
            located,
            ..CompileError::new(e.message, e.span)
        }
    }
}

type Result<T> = std::result::Result<T, CompileError>;

/// Functions of Wireshark 4.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Lower,
    Upper,
    String,
    Abs,
    Max,
    Min,
}

/// The comparison a [`Test::Cmp`] makes for each pair of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A compiled test.
#[derive(Debug)]
pub(crate) enum Test {
    /// The field (or protocol) occurs, in the given layers.
    Exists(FieldId, Option<Box<[RangeKind]>>),
    /// Some value is not zero (arithmetic used as a test).
    NonZero(VExpr),
    /// There is some value (a slice used as a test).
    NonEmpty(VExpr),
    Not(Box<Test>),
    And(Vec<Test>),
    Or(Vec<Test>),
    /// `all` false: some pair (a, b) satisfies `rel`; `all` true: there are values on both sides and every
    /// pair does. `strings`: byte values order as text rather than length first.
    Cmp {
        all: bool,
        rel: Rel,
        lhs: VExpr,
        rhs: VExpr,
        strings: bool,
    },
    Contains {
        all: bool,
        lhs: VExpr,
        rhs: VExpr,
    },
    Matches {
        all: bool,
        lhs: VExpr,
        regex: usize,
    },
    /// Some (every, with `all`) value equals an element or lies in a range.
    In {
        all: bool,
        lhs: VExpr,
        set: Vec<(VExpr, Option<VExpr>)>,
        strings: bool,
    },
}

/// A compiled value: evaluating it yields zero or more [`Val`]s.
#[derive(Debug)]
pub(crate) enum VExpr {
    Field {
        id: FieldId,
        def: &'static FieldDef,
        layer: Option<Box<[RangeKind]>>,
    },
    Const(Val),
    /// `${field}`: the selected frame's value; a command-line run has no selected frame.
    Nothing,
    Slice(Box<VExpr>, Box<[RangeKind]>),
    Len(Box<VExpr>),
    Count(FieldId, Option<Box<[RangeKind]>>),
    Call(Func, Vec<VExpr>),
    Neg(Box<VExpr>),
    Arith(ArithOp, Box<VExpr>, Box<VExpr>),
}

/// The program and its constants.
pub(crate) struct Program {
    pub root: Test,
    pub consts: Vec<u8>,
    pub regexes: Vec<regex::bytes::Regex>,
    pub fields: Vec<FieldId>,
}

/// Type groups for compatibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Int,
    Wide(FieldType),
    Bool,
    Float(FieldType),
    Time(FieldType),
    Bytes,
    Str,
    Ipv4,
    Ipv6,
    Protocol,
    Label,
}

fn group(ty: FieldType) -> Group {
    use FieldType as T;
    match ty {
        T::Char
        | T::UInt8
        | T::UInt16
        | T::UInt24
        | T::UInt32
        | T::Int8
        | T::Int16
        | T::Int24
        | T::Int32
        | T::FrameNum => Group::Int,
        T::UInt40 | T::UInt48 | T::UInt56 | T::UInt64 | T::Int64 | T::Eui64 => Group::Wide(ty),
        T::Boolean => Group::Bool,
        T::Float | T::Double => Group::Float(ty),
        T::AbsoluteTime | T::RelativeTime => Group::Time(ty),
        T::Ether | T::Bytes | T::UIntBytes | T::Guid | T::Oid => Group::Bytes,
        T::String | T::StringZ | T::UIntString => Group::Str,
        T::Ipv4 => Group::Ipv4,
        T::Ipv6 => Group::Ipv6,
        T::Protocol => Group::Protocol,
        T::None => Group::Label,
    }
}

fn is_integer(ty: FieldType) -> bool {
    matches!(group(ty), Group::Int | Group::Wide(_))
}

macro_rules! synthetic {
    ($name:ident, $ty:ident, $base:ident) => {
        static $name: FieldDef = FieldDef {
            abbrev: "",
            name: "",
            ty: FieldType::$ty,
            base: Base::$base,
            strings: Strings::None,
            bitmask: 0,
            blurb: "",
        };
    };
}
synthetic!(UINT32_DEF, UInt32, Dec);
synthetic!(STRING_DEF, String, None);
synthetic!(BYTES_DEF, Bytes, None);

/// The static type of a compiled value; `def` says how literals compared with it are read.
#[derive(Debug, Clone, Copy)]
struct Ty {
    ft: FieldType,
    def: &'static FieldDef,
}

impl Ty {
    fn of(def: &'static FieldDef) -> Ty {
        Ty { ft: def.ty, def }
    }
}

/// An operand before its literal (if it is one) knows what type to take.
enum Operand<'e> {
    Val(VExpr, Ty),
    Lit {
        text: LitText<'e>,
        negated: bool,
        span: Span,
    },
}

pub(crate) struct Compiler<'r, 's> {
    registry: &'r Registry,
    src: &'s str,
    consts: Vec<u8>,
    regexes: Vec<regex::bytes::Regex>,
    fields: Vec<FieldId>,
    /// The type the value being compiled is compared with, for arithmetic on two literals.
    hint: Option<Ty>,
}

impl<'r, 's> Compiler<'r, 's> {
    pub fn new(registry: &'r Registry, src: &'s str) -> Self {
        Compiler {
            registry,
            src,
            consts: Vec::new(),
            regexes: Vec::new(),
            fields: Vec::new(),
            hint: None,
        }
    }

    pub fn finish(mut self, e: &Expr) -> Result<Program> {
        let root = self.test(e)?;
        Ok(Program {
            root,
            consts: self.consts,
            regexes: self.regexes,
            fields: self.fields,
        })
    }

    fn text(&self, span: Span) -> &'s str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    fn unknown(&self, message: String, name: &str, span: Span) -> CompileError {
        CompileError {
            message,
            span,
            suggestions: self.registry.suggestions(name, 3),
            located: true,
        }
    }

    /// A `.name` or `name#n` that the registry does not know, worded as tshark's scanner and grammar do.
    fn unknown_ref(&self, r: &FieldRef) -> CompileError {
        let message = if r.dotted {
            format!("\"{}\" is not a valid protocol or protocol field.", r.name)
        } else {
            format!("{} is not a valid field", r.name)
        };
        self.unknown(message, &r.name, r.name_span)
    }

    fn use_field(&mut self, id: FieldId) {
        if !self.fields.contains(&id) {
            self.fields.push(id);
        }
    }

    fn field_ref(&mut self, name: &str, layer: Option<&[RangeNode]>) -> Option<VExpr> {
        let id = self.registry.lookup(name)?;
        self.use_field(id);
        let layer = layer.map(|l| {
            // Layers are counted by the items of the field's protocol.
            self.use_field(FieldId::protocol(id.proto));
            l.iter().map(|r| r.kind).collect()
        });
        Some(VExpr::Field {
            id,
            def: self.registry.field(id),
            layer,
        })
    }

    fn test(&mut self, e: &Expr) -> Result<Test> {
        Ok(match &e.kind {
            ExprKind::Or(terms) => {
                Test::Or(terms.iter().map(|t| self.test(t)).collect::<Result<_>>()?)
            }
            ExprKind::And(terms) => {
                Test::And(terms.iter().map(|t| self.test(t)).collect::<Result<_>>()?)
            }
            ExprKind::Not(inner) => Test::Not(Box::new(self.test(inner)?)),
            ExprKind::Value(v) => self.presence(v)?,
            ExprKind::Compare(c) => {
                let all = c.quantifier == Some(Quantifier::All);
                let mut tests = Vec::with_capacity(c.links.len());
                let mut lhs = &c.first;
                for link in &c.links {
                    tests.push(self.comparison(all, lhs, link.op, link.op_span, &link.rhs)?);
                    lhs = &link.rhs;
                }
                if tests.len() == 1 {
                    tests.pop().expect("one link")
                } else {
                    Test::And(tests)
                }
            }
            ExprKind::Contains {
                quantifier,
                lhs,
                rhs,
                ..
            } => {
                let (l, lty) = self.left(lhs, "contains", "Left side of contains expression")?;
                self.participates(lty, lhs.span, "contains")?;
                let strings = group(lty.ft) == Group::Str;
                let rhs = self.right(rhs, lty, if strings { None } else { Some(lty) })?;
                Test::Contains {
                    all: *quantifier == Some(Quantifier::All),
                    lhs: l,
                    rhs,
                }
            }
            ExprKind::Matches {
                quantifier,
                lhs,
                rhs,
                ..
            } => {
                let (l, lty) = self.left(lhs, "matches", "Left side of matches expression")?;
                self.participates(lty, lhs.span, "matches")?;
                let pattern = match &rhs.kind {
                    ValueKind::Atom(Atom::String(s)) => String::from_utf8_lossy(s).into_owned(),
                    _ => {
                        return Err(CompileError::new(
                            "Matches requires a double quoted string on the right side.",
                            rhs.span,
                        ));
                    }
                };
                // tshark's PCRE2 backtracks, and bounds a match by PCRE2's match limit. The regex crate
                // never backtracks (matching is linear in the value), so only the compiled program needs a
                // bound: 4 MiB, past which `x{1000}{1000}` and the like are a compilation error rather
                // than memory the filter's author did not mean to ask for.
                let re = regex::bytes::RegexBuilder::new(&pattern)
                    .size_limit(1 << 22)
                    .build()
                    .map_err(|err| {
                        CompileError::new(
                            format!("Regex compilation error: {}", regex_message(&err)),
                            rhs.span,
                        )
                        .unlocated()
                    })?;
                self.regexes.push(re);
                Test::Matches {
                    all: *quantifier == Some(Quantifier::All),
                    lhs: l,
                    regex: self.regexes.len() - 1,
                }
            }
            ExprKind::In {
                quantifier,
                negated,
                lhs,
                set,
                ..
            } => {
                let (l, lty) = match self.operand(lhs)? {
                    Operand::Val(v, ty) => (v, ty),
                    Operand::Lit { .. } => {
                        return Err(CompileError::new(
                            "Only a field may be tested for membership in a set.",
                            lhs.span,
                        ));
                    }
                };
                self.participates(lty, lhs.span, "==")?;
                let mut elements = Vec::with_capacity(set.elements.len());
                for el in &set.elements {
                    elements.push(match el {
                        SetElement::Single(v) => (self.right(v, lty, Some(lty))?, None),
                        SetElement::Range(lo, hi) => (
                            self.right(lo, lty, Some(lty))?,
                            Some(self.right(hi, lty, Some(lty))?),
                        ),
                    });
                }
                // 4.0 tests membership element by element, each test carrying the quantifier (so `all x in
                // {a, b}` is `all x == a or all x == b`); `not in` negates the plain `in`.
                let t = Test::In {
                    all: *quantifier == Some(Quantifier::All) && !*negated,
                    lhs: l,
                    set: elements,
                    strings: group(lty.ft) == Group::Str,
                };
                if *negated { Test::Not(Box::new(t)) } else { t }
            }
        })
    }

    /// A value used as a test.
    fn presence(&mut self, v: &Value) -> Result<Test> {
        match &v.kind {
            ValueKind::Atom(Atom::Unparsed(name)) => {
                let Some(VExpr::Field { id, .. }) = self.field_ref(name, None) else {
                    return Err(self.unknown(
                        format!("{name} is neither a field nor a protocol name."),
                        name,
                        v.span,
                    ));
                };
                Ok(Test::Exists(id, None))
            }
            ValueKind::Field(r) => {
                let Some(VExpr::Field { id, layer, .. }) =
                    self.field_ref(&r.name, r.layer.as_deref())
                else {
                    return Err(self.unknown_ref(r));
                };
                Ok(Test::Exists(id, layer))
            }
            ValueKind::Call { name_span, .. } => Err(CompileError::new(
                "You cannot test whether a function is present.",
                *name_span,
            )),
            ValueKind::Arith { .. } | ValueKind::Neg(_) => match self.operand(v)? {
                Operand::Val(e, ty)
                    if is_integer(ty.ft) || matches!(group(ty.ft), Group::Bool | Group::Bytes) =>
                {
                    Ok(Test::NonZero(e))
                }
                Operand::Val(e, _) => Ok(Test::NonEmpty(e)),
                Operand::Lit { span, .. } => Err(CompileError::new(
                    format!("{} is not a field or a protocol name.", self.text(span)),
                    span,
                )),
            },
            ValueKind::Slice { .. } | ValueKind::Reference(_) => match self.operand(v)? {
                Operand::Val(e, _) => Ok(Test::NonEmpty(e)),
                Operand::Lit { span, .. } => Err(CompileError::new(
                    format!("{} is not a field or a protocol name.", self.text(span)),
                    span,
                )),
            },
            ValueKind::Atom(_) => Err(CompileError::new(
                format!(
                    "{} is neither a field nor a protocol name.",
                    self.text(v.span)
                ),
                v.span,
            )),
        }
    }

    /// The left operand of a relation: must be a value, not a literal.
    fn left(&mut self, v: &Value, op: &str, what: &str) -> Result<(VExpr, Ty)> {
        match self.operand(v)? {
            Operand::Val(e, ty) => Ok((e, ty)),
            Operand::Lit { .. } => {
                let text = self.text(v.span);
                let message = format!("{what} must be a field or function, not {text}.");
                let _ = op;
                Err(match &v.kind {
                    ValueKind::Atom(Atom::Unparsed(name)) if looks_like_field(name) => {
                        self.unknown(message, name, v.span)
                    }
                    _ => CompileError::new(message, v.span),
                })
            }
        }
    }

    /// `X (type=T) cannot participate in OP comparison.` for types the operator does not take.
    fn participates(&self, ty: Ty, span: Span, op: &str) -> Result<()> {
        let g = group(ty.ft);
        let ok = match op {
            "contains" | "matches" => matches!(g, Group::Bytes | Group::Str | Group::Protocol),
            _ => g != Group::Label,
        };
        if ok {
            Ok(())
        } else {
            Err(CompileError::new(
                format!(
                    "{} (type={}) cannot participate in {op} comparison.",
                    self.text(span),
                    pretty_name(ty.ft)
                ),
                span,
            ))
        }
    }

    fn comparison(
        &mut self,
        all: bool,
        lhs: &Value,
        op: CmpOp,
        op_span: Span,
        rhs: &Value,
    ) -> Result<Test> {
        let sym = op.as_str();
        let (l, lty) = self.left(lhs, sym, &format!("Left side of \"{sym}\" expression"))?;
        let _ = op_span;
        self.participates(lty, lhs.span, sym)?;
        let r = self.right(rhs, lty, Some(lty))?;
        let strings = group(lty.ft) == Group::Str;
        let cmp = |rel, all| Test::Cmp {
            all,
            rel,
            lhs: l,
            rhs: r,
            strings,
        };
        Ok(match op {
            CmpOp::AnyEq => cmp(Rel::Eq, all),
            // `a != b` is "all not equal" in 4.0: false when a field is absent, as for `==`.
            CmpOp::AllNe => cmp(Rel::Ne, true),
            CmpOp::AllEq => cmp(Rel::Eq, true),
            CmpOp::AnyNe => cmp(Rel::Ne, all),
            CmpOp::Gt => cmp(Rel::Gt, all),
            CmpOp::Ge => cmp(Rel::Ge, all),
            CmpOp::Lt => cmp(Rel::Lt, all),
            CmpOp::Le => cmp(Rel::Le, all),
        })
    }

    /// A right operand (or set element) for a left side of type `lty`: a literal is read as `as_ty` (the
    /// left side's type; strings for `contains` on strings), a value must be of a compatible type.
    fn right(&mut self, v: &Value, lty: Ty, as_ty: Option<Ty>) -> Result<VExpr> {
        self.hint = Some(lty);
        let o = self.operand(v);
        self.hint = None;
        match o? {
            Operand::Val(e, rty) => {
                if compatible(lty.ft, rty.ft) {
                    Ok(e)
                } else {
                    Err(CompileError::new(
                        format!(
                            "{} and {} are not of compatible types.",
                            self.type_subject(lty),
                            self.text(v.span)
                        ),
                        v.span,
                    ))
                }
            }
            Operand::Lit {
                text,
                negated,
                span,
            } => {
                let ty = as_ty.unwrap_or(Ty::of(&STRING_DEF));
                self.literal(text, negated, span, ty, v)
            }
        }
    }

    /// How the left side is named in "X and Y are not of compatible types.": its field name.
    fn type_subject(&self, ty: Ty) -> &'static str {
        if ty.def.abbrev.is_empty() {
            ty.ft.ft_name()
        } else {
            ty.def.abbrev
        }
    }

    fn literal(
        &mut self,
        text: LitText<'_>,
        negated: bool,
        span: Span,
        ty: Ty,
        whole: &Value,
    ) -> Result<VExpr> {
        match literal::convert(ty.def, ty.ft, text, negated) {
            Ok(Lit::Val(v)) => Ok(VExpr::Const(v)),
            Ok(Lit::Bytes(b)) => Ok(VExpr::Const(Val::B(self.constant(&b)))),
            Err(message) => {
                let mut err = CompileError::new(message, span);
                if let ValueKind::Atom(Atom::Unparsed(w)) = &whole.kind
                    && looks_like_field(w)
                    && w.contains('.')
                {
                    err.suggestions = self.registry.suggestions(w, 3);
                }
                Err(err)
            }
        }
    }

    fn constant(&mut self, bytes: &[u8]) -> Buf {
        let start = self.consts.len() as u32;
        self.consts.extend_from_slice(bytes);
        Buf::Const {
            start,
            len: bytes.len() as u32,
        }
    }

    /// Compiles a value, leaving literals for the caller to type.
    fn operand<'e>(&mut self, v: &'e Value) -> Result<Operand<'e>> {
        let lit = |text, negated, span| {
            Ok(Operand::Lit {
                text,
                negated,
                span,
            })
        };
        match &v.kind {
            ValueKind::Atom(Atom::Unparsed(w)) => match self.field_ref(w, None) {
                Some(e) => {
                    let ty = field_ty(&e);
                    Ok(Operand::Val(e, ty))
                }
                None => lit(LitText::Word(w), false, v.span),
            },
            ValueKind::Atom(Atom::Literal(w)) => lit(LitText::Word(w), false, v.span),
            ValueKind::Atom(Atom::String(s)) => lit(LitText::Str(s), false, v.span),
            ValueKind::Atom(Atom::Char(c)) => lit(LitText::Char(*c), false, v.span),
            ValueKind::Field(r) => match self.field_ref(&r.name, r.layer.as_deref()) {
                Some(e) => {
                    let ty = field_ty(&e);
                    Ok(Operand::Val(e, ty))
                }
                None => Err(self.unknown_ref(r)),
            },
            ValueKind::Reference(r) => match self.registry.lookup(&r.name) {
                Some(id) => Ok(Operand::Val(
                    VExpr::Nothing,
                    Ty::of(self.registry.field(id)),
                )),
                // tshark's macro expander sees `${name}` first and reports it without a location.
                None => Err(self
                    .unknown(
                        format!("macro '{}' does not exist", r.name),
                        &r.name,
                        r.name_span,
                    )
                    .unlocated()),
            },
            ValueKind::Slice { base, ranges } => {
                let (b, bty) = match self.operand(base)? {
                    Operand::Val(e, ty) => (e, ty),
                    Operand::Lit { .. } => {
                        return Err(CompileError::new(
                            format!("Range is not supported for entity {}", self.text(base.span)),
                            base.span,
                        ));
                    }
                };
                let g = group(bty.ft);
                if !matches!(
                    g,
                    Group::Bytes | Group::Str | Group::Protocol | Group::Ipv4 | Group::Ipv6
                ) {
                    return Err(CompileError::new(
                        format!(
                            "\"{}\" is a {} and cannot be sliced into a sequence of bytes.",
                            self.text(base.span),
                            pretty_name(bty.ft)
                        ),
                        base.span,
                    ));
                }
                // A slice is a byte sequence whatever it was cut from (`frame.protocols[0:3] == 65:74:68`).
                Ok(Operand::Val(
                    VExpr::Slice(Box::new(b), ranges.iter().map(|r| r.kind).collect()),
                    Ty::of(&BYTES_DEF),
                ))
            }
            ValueKind::Call {
                name,
                name_span,
                args,
            } => self.call(name, *name_span, args),
            ValueKind::Neg(inner) => match self.operand(inner)? {
                Operand::Lit { text, span, .. } => lit(text, true, span),
                Operand::Val(e, ty) => {
                    if !is_integer(ty.ft)
                        && !matches!(
                            group(ty.ft),
                            Group::Float(_) | Group::Time(FieldType::RelativeTime)
                        )
                    {
                        return Err(CompileError::new(
                            format!("{} cannot -.", ty.ft.ft_name()),
                            inner.span,
                        ));
                    }
                    Ok(Operand::Val(VExpr::Neg(Box::new(e)), ty))
                }
            },
            ValueKind::Arith { op, lhs, rhs, .. } => {
                let l = self.operand(lhs)?;
                let r = self.operand(rhs)?;
                // The operator is checked against the type of the value side first (its span in the
                // message), then the literal side is read as that type; two literals take the type the
                // enclosing relation expects.
                let (l, r, lty, value_span) = match (l, r) {
                    (l @ Operand::Val(_, lty), r) => (l, r, lty, lhs.span),
                    (l, r @ Operand::Val(_, rty)) => (l, r, rty, rhs.span),
                    (l @ Operand::Lit { text, span, .. }, r) => {
                        let Some(hint) = self.hint else {
                            return Err(CompileError::new(
                                format!(
                                    "Constant arithmetic expression on the LHS is invalid: {}",
                                    self.text(span)
                                ),
                                v.span,
                            ));
                        };
                        if let LitText::Str(_) = text {
                            return Err(CompileError::new(
                                format!("{} is not a valid arithmetic operand.", self.text(span)),
                                span,
                            ));
                        }
                        (l, r, hint, span)
                    }
                };
                let g = group(lty.ft);
                if let Operand::Lit {
                    text,
                    negated,
                    span,
                } = &l
                    && matches!(r, Operand::Lit { .. })
                {
                    // Both literals: the left one is read first, as Wireshark does.
                    self.literal(*text, *negated, *span, lty, lhs)?;
                }
                let ok = match op {
                    ArithOp::BitAnd => is_integer(lty.ft) || g == Group::Bool || g == Group::Bytes,
                    ArithOp::Add | ArithOp::Sub => {
                        is_integer(lty.ft)
                            || matches!(g, Group::Float(_) | Group::Time(FieldType::RelativeTime))
                    }
                    ArithOp::Mul | ArithOp::Div => {
                        is_integer(lty.ft) || matches!(g, Group::Float(_))
                    }
                    ArithOp::Mod => is_integer(lty.ft),
                };
                if !ok {
                    return Err(CompileError::new(
                        format!("{} cannot {}.", lty.ft.ft_name(), op.as_str()),
                        value_span,
                    ));
                }
                let le = self.arith_operand(l, lty, lhs)?;
                let re = self.arith_operand(r, lty, rhs)?;
                Ok(Operand::Val(
                    VExpr::Arith(*op, Box::new(le), Box::new(re)),
                    lty,
                ))
            }
        }
    }

    fn arith_operand(&mut self, o: Operand<'_>, other: Ty, v: &Value) -> Result<VExpr> {
        match o {
            Operand::Val(e, ty) => {
                if compatible(other.ft, ty.ft) {
                    Ok(e)
                } else {
                    Err(CompileError::new(
                        format!(
                            "{} and {} are not type compatible.",
                            self.type_subject(other),
                            self.text(v.span)
                        ),
                        v.span,
                    ))
                }
            }
            Operand::Lit {
                text: LitText::Str(_),
                span,
                ..
            } => Err(CompileError::new(
                format!("{} is not a valid arithmetic operand.", self.text(span)),
                span,
            )),
            Operand::Lit {
                text,
                negated,
                span,
            } => self.literal(text, negated, span, other, v),
        }
    }

    fn call(&mut self, name: &str, name_span: Span, args: &[Value]) -> Result<Operand<'static>> {
        let (min, max) = match name {
            "max" | "min" => (1, usize::MAX),
            _ => (1, 1),
        };
        if args.len() < min {
            return Err(CompileError::new(
                format!("Function {name} needs at least {min} arguments."),
                name_span,
            ));
        }
        if args.len() > max {
            return Err(CompileError::new(
                format!("Function {name} can only accept {max} arguments."),
                name_span,
            ));
        }
        let arg = &args[0];
        match name {
            "len" | "count" | "string" => {
                let (e, ty) = match self.operand(arg)? {
                    Operand::Val(e @ VExpr::Field { .. }, ty) => (e, ty),
                    _ => {
                        let err = CompileError::new(
                            format!("Only fields can be used as parameter for {name}()"),
                            arg_span(arg),
                        );
                        // tshark has no location for a slice or arithmetic argument.
                        return Err(
                            if matches!(arg.kind, ValueKind::Slice { .. } | ValueKind::Arith { .. })
                            {
                                err.unlocated()
                            } else {
                                err
                            },
                        );
                    }
                };
                Ok(match name {
                    "len" => Operand::Val(VExpr::Len(Box::new(e)), Ty::of(&UINT32_DEF)),
                    "count" => {
                        let VExpr::Field { id, layer, .. } = e else {
                            unreachable!("checked above")
                        };
                        Operand::Val(VExpr::Count(id, layer), Ty::of(&UINT32_DEF))
                    }
                    _ => {
                        if !matches!(
                            group(ty.ft),
                            Group::Int
                                | Group::Wide(_)
                                | Group::Float(_)
                                | Group::Str
                                | Group::Bytes
                                | Group::Ipv4
                                | Group::Ipv6
                        ) {
                            return Err(CompileError::new(
                                format!(
                                    "String conversion for field \"{}\" is not supported",
                                    ty.def.abbrev
                                ),
                                arg_span(arg),
                            ));
                        }
                        Operand::Val(VExpr::Call(Func::String, vec![e]), Ty::of(&STRING_DEF))
                    }
                })
            }
            "lower" | "upper" => match self.operand(arg)? {
                Operand::Val(e @ VExpr::Field { .. }, ty) if group(ty.ft) == Group::Str => {
                    let f = if name == "lower" {
                        Func::Lower
                    } else {
                        Func::Upper
                    };
                    Ok(Operand::Val(VExpr::Call(f, vec![e]), Ty::of(&STRING_DEF)))
                }
                _ => {
                    let err = CompileError::new(
                        format!("Only string type fields can be used as parameter for {name}()"),
                        arg_span(arg),
                    );
                    Err(
                        if matches!(arg.kind, ValueKind::Slice { .. } | ValueKind::Arith { .. }) {
                            err.unlocated()
                        } else {
                            err
                        },
                    )
                }
            },
            "abs" => match self.operand(arg)? {
                Operand::Val(e, ty)
                    if is_integer(ty.ft)
                        || matches!(group(ty.ft), Group::Float(_) | Group::Time(_)) =>
                {
                    Ok(Operand::Val(VExpr::Call(Func::Abs, vec![e]), ty))
                }
                Operand::Val(..) => Err(CompileError::new(
                    format!(
                        "'{}' is not a valid argument to 'abs'()",
                        self.text(arg.span)
                    ),
                    arg_span(arg),
                )),
                Operand::Lit { text, .. } => Err(CompileError::new(
                    format!(
                        "Type {} is not valid for abs",
                        match text {
                            LitText::Str(_) => "STRING",
                            _ => "LITERAL",
                        }
                    ),
                    arg_span(arg),
                )),
            },
            _ => {
                // max, min: every argument of one type; literals take the type of the first field.
                let mut compiled: Vec<Option<VExpr>> = Vec::with_capacity(args.len());
                let mut first: Option<Ty> = None;
                let mut pending = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    match self.operand(a)? {
                        Operand::Val(e, ty) => {
                            match first {
                                None => first = Some(ty),
                                Some(f) if f.ft != ty.ft => {
                                    return Err(CompileError::new(
                                        format!(
                                            "Arguments to '{name}' must have the same type (expected {}, got {})",
                                            f.ft.ft_name(),
                                            ty.ft.ft_name()
                                        ),
                                        arg_span(a),
                                    ));
                                }
                                Some(_) => {}
                            }
                            compiled.push(Some(e));
                        }
                        Operand::Lit {
                            text: LitText::Str(_),
                            ..
                        } => {
                            return Err(CompileError::new(
                                format!(
                                    "Argument '{}' is not valid for {name}()",
                                    self.text(a.span)
                                ),
                                arg_span(a),
                            ));
                        }
                        Operand::Lit { .. } => {
                            pending.push(i);
                            compiled.push(None);
                        }
                    }
                }
                let Some(ty) = first else {
                    return Err(CompileError::new(
                        format!(
                            "Argument '{}' is not valid for {name}()",
                            self.text(arg.span)
                        ),
                        arg_span(arg),
                    ));
                };
                for i in pending {
                    let Operand::Lit {
                        text,
                        negated,
                        span,
                    } = self.operand(&args[i])?
                    else {
                        unreachable!("a literal stays a literal")
                    };
                    compiled[i] = Some(self.literal(text, negated, span, ty, &args[i]).map_err(
                        |_| {
                            CompileError::new(
                                format!(
                                    "Argument '{}' is not valid for {name}()",
                                    self.text(args[i].span)
                                ),
                                arg_span(&args[i]),
                            )
                        },
                    )?);
                }
                let f = if name == "max" { Func::Max } else { Func::Min };
                Ok(Operand::Val(
                    VExpr::Call(f, compiled.into_iter().flatten().collect()),
                    ty,
                ))
            }
        }
    }
}

/// Where an error about an argument points: a function's name, or the argument.
fn arg_span(v: &Value) -> Span {
    match &v.kind {
        ValueKind::Call { name_span, .. } => *name_span,
        _ => v.span,
    }
}

fn field_ty(e: &VExpr) -> Ty {
    match e {
        VExpr::Field { def, .. } => Ty::of(def),
        _ => unreachable!("only called on fields"),
    }
}

/// Wireshark's compatibility of two field types for comparison.
fn compatible(a: FieldType, b: FieldType) -> bool {
    match (group(a), group(b)) {
        (Group::Int, Group::Int) => true,
        (ga, gb) => ga == gb,
    }
}

/// Whether an unknown word was probably meant as a field name (so suggestions help).
fn looks_like_field(w: &str) -> bool {
    w.bytes().next().is_some_and(|c| c.is_ascii_alphabetic())
        && w.bytes()
            .any(|c| c.is_ascii_alphabetic() && !c.is_ascii_hexdigit())
}

fn regex_message(err: &regex::Error) -> String {
    match err {
        regex::Error::Syntax(s) => s
            .lines()
            .rev()
            .find(|l| l.starts_with("error: "))
            .map(|l| l.trim_start_matches("error: ").to_string())
            .unwrap_or_else(|| s.clone()),
        other => other.to_string(),
    }
}
