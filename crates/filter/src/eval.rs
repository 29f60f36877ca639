//! The evaluator: runs a compiled [`Test`] over one packet's field tree.
//!
//! Values are pushed on a scratch stack that lives in the filter and keeps its capacity from one packet to
//! the next, so that evaluation allocates nothing in the steady state. Byte values name their bytes (a span
//! of the frame or the tree's arena, or of the scratch bytes for computed ones) instead of copying them.
//!
//! Multi-occurrence semantics are Wireshark 4.0's: a relation between two multi-valued operands is tried
//! on every pair of values; `==`, `!==`, `>` ... hold if some pair satisfies them, `!=` and `===` (and any
//! relation with `all`) if there are values on both sides and every pair does; an absent field makes
//! every relation false, so `not in` (the negation of `in`) is true for it.

use std::cmp::Ordering;
use std::fmt::Write as _;

use fields::tree::Item;
use fields::{FieldDef, FieldId, FieldType, PacketTree, Value};

use crate::ast::{ArithOp, RangeKind};
use crate::compile::{Func, Program, Rel, Test, VExpr};
use crate::value::{Buf, Env, Val, compare, contains};

/// The most bytes of computed values (slices that join several ranges, `lower()`, `string()`, `&` of byte
/// values) one evaluation of a filter over one packet may hold. tshark has no such bound: its slices of
/// slices double at each level (`frame[0:,0:][0:,0:]...`), so a filter of a few hundred characters asks it
/// for more memory than any machine has. Within this budget, which is 64 times the largest packet tshark
/// reads (256 KiB), every filter a person would write gets tshark's answer; a computed value that would
/// exceed it is not made, as a slice that does not fit the value is not.
pub(crate) const MAX_COMPUTED_BYTES: usize = 16 << 20;

/// The most results one arithmetic operator computes for one packet. tshark applies the operator to
/// every pair of values of its operands and keeps every result, so a chain `f + f + ... + f` over a
/// field with n occurrences makes n^k values (exponential time and memory). Results are kept once
/// each here (which changes no answer: every relation only asks whether some value, or every value,
/// satisfies it), which keeps such chains small; and at most this many pairs are computed per
/// operator, so that operands with thousands of distinct values cannot multiply either.
pub(crate) const MAX_ARITH_RESULTS: usize = 4096;

/// Buffers reused across packets.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    vals: Vec<Val>,
    bytes: Vec<u8>,
    text: String,
}

impl Scratch {
    pub fn clear(&mut self) {
        self.vals.clear();
        self.bytes.clear();
    }
}

pub(crate) struct Eval<'p, 'a> {
    pub program: &'p Program,
    pub env: Env<'a>,
}

/// Whether `n` more computed bytes fit in the budget ([`MAX_COMPUTED_BYTES`]).
fn room(sc: &Scratch, n: usize) -> bool {
    sc.bytes.len().saturating_add(n) <= MAX_COMPUTED_BYTES
}

fn scratch_buf(sc: &mut Scratch, f: impl FnOnce(&mut Vec<u8>)) -> Buf {
    let start = sc.bytes.len();
    f(&mut sc.bytes);
    Buf::Scratch {
        start: start as u32,
        len: (sc.bytes.len() - start) as u32,
    }
}

/// Which layers (1-based, counted by the items of the field's protocol) `ranges` selects, for a packet
/// with `total` layers.
fn layer_selected(ranges: &[RangeKind], layer: usize, total: usize) -> bool {
    let resolve = |i: i32| -> i64 {
        if i < 0 {
            total as i64 + 1 + i as i64
        } else {
            i as i64
        }
    };
    let l = layer as i64;
    ranges.iter().any(|r| match *r {
        RangeKind::Index(i) => resolve(i) == l,
        RangeKind::Length { start, len } => {
            let s = resolve(start);
            l >= s && l < s + len as i64
        }
        RangeKind::ToEnd { start } => l >= resolve(start),
        RangeKind::Through { start, end } => l >= resolve(start) && l <= resolve(end),
    })
}

/// The items of `id` in tree order, restricted to the given layers.
fn for_each_item<'t>(
    tree: &'t PacketTree,
    id: FieldId,
    layer: Option<&[RangeKind]>,
    mut f: impl FnMut(&'t Item),
) {
    match layer {
        None => {
            for item in tree.items() {
                if item.field == id {
                    f(item);
                }
            }
        }
        Some(ranges) => {
            let proto = FieldId::protocol(id.proto);
            let total = tree.items().iter().filter(|i| i.field == proto).count();
            let mut current = 0;
            for item in tree.items() {
                if item.field == proto {
                    current += 1;
                }
                if item.field == id && current > 0 && layer_selected(ranges, current, total) {
                    f(item);
                }
            }
        }
    }
}

impl Eval<'_, '_> {
    /// An item's value; `None` for labels and protocol-less placeholders.
    fn item_val(&self, item: &Item, def: &FieldDef) -> Option<Val> {
        if def.ty == FieldType::Protocol {
            return Some(Val::B(Buf::Source {
                src: item.source,
                off: item.offset,
                len: item.len,
            }));
        }
        Some(match item.value {
            Value::None => return None,
            Value::UInt(u) => Val::U(u),
            Value::Int(i) => Val::I(i),
            Value::Double(f) => Val::F(f),
            Value::Bytes => Val::B(Buf::Source {
                src: item.source,
                off: item.offset,
                len: item.len,
            }),
            Value::Str => {
                let mut len = item.len;
                if matches!(def.ty, FieldType::StringZ | FieldType::String) {
                    // A string's value ends at its first NUL, as Wireshark's C strings do (a
                    // counted string such as a mailslot name may hold its terminator).
                    let bytes = self.env.tree.item_bytes(self.env.frame, item);
                    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
                        len = nul as u32;
                    }
                }
                Val::B(Buf::Source {
                    src: item.source,
                    off: item.offset,
                    len,
                })
            }
            Value::Text { start, len } | Value::ArenaBytes { start, len } => {
                Val::B(Buf::Tree { start, len })
            }
            Value::Ipv4(a) => Val::Ip4 {
                addr: u32::from_be_bytes(a),
                bits: 32,
            },
            Value::Ipv6(a) => Val::Ip6 {
                addr: u128::from_be_bytes(a),
                bits: 128,
            },
            Value::Ether(m) => Val::B(Buf::Mac(m)),
            Value::AbsTime { secs, nanos } => Val::T(secs as i128 * 1_000_000_000 + nanos as i128),
            Value::RelTime(ns) => Val::T(ns as i128),
        })
    }

    fn bytes<'s>(&'s self, v: &'s Val, sc: &'s Scratch) -> &'s [u8] {
        match v {
            Val::B(b) => self.env.bytes(b, &sc.bytes),
            _ => &[],
        }
    }

    pub fn test(&self, t: &Test, sc: &mut Scratch) -> bool {
        match t {
            Test::Exists(id, layer) => {
                let mut found = false;
                for_each_item(self.env.tree, *id, layer.as_deref(), |_| found = true);
                found
            }
            Test::NonZero(v) => {
                let base = sc.vals.len();
                self.value(v, sc);
                let r = sc.vals[base..].iter().any(|v| match v {
                    Val::U(u) => *u != 0,
                    Val::I(i) => *i != 0,
                    Val::F(f) => *f != 0.0,
                    Val::T(t) => *t != 0,
                    Val::B(b) => self.env.bytes(b, &sc.bytes).iter().any(|x| *x != 0),
                    _ => true,
                });
                sc.vals.truncate(base);
                r
            }
            Test::NonEmpty(v) => {
                let base = sc.vals.len();
                self.value(v, sc);
                let r = sc.vals.len() > base;
                sc.vals.truncate(base);
                r
            }
            Test::Not(inner) => !self.test(inner, sc),
            Test::And(terms) => terms.iter().all(|t| self.test(t, sc)),
            Test::Or(terms) => terms.iter().any(|t| self.test(t, sc)),
            Test::Cmp {
                all,
                rel,
                lhs,
                rhs,
                strings,
            } => {
                let base = sc.vals.len();
                self.value(lhs, sc);
                let mid = sc.vals.len();
                self.value(rhs, sc);
                let end = sc.vals.len();
                let holds = |a: &Val, b: &Val| -> bool {
                    let o = compare(a, b, &self.env, &sc.bytes, *strings);
                    match rel {
                        Rel::Eq => o == Some(Ordering::Equal),
                        Rel::Ne => o != Some(Ordering::Equal),
                        Rel::Gt => o == Some(Ordering::Greater),
                        Rel::Ge => matches!(o, Some(Ordering::Greater | Ordering::Equal)),
                        Rel::Lt => o == Some(Ordering::Less),
                        Rel::Le => matches!(o, Some(Ordering::Less | Ordering::Equal)),
                    }
                };
                let (l, r) = (&sc.vals[base..mid], &sc.vals[mid..end]);
                let result = if *all {
                    !l.is_empty()
                        && !r.is_empty()
                        && l.iter().all(|a| r.iter().all(|b| holds(a, b)))
                } else {
                    l.iter().any(|a| r.iter().any(|b| holds(a, b)))
                };
                sc.vals.truncate(base);
                result
            }
            Test::Contains { all, lhs, rhs } => {
                let base = sc.vals.len();
                self.value(lhs, sc);
                let mid = sc.vals.len();
                self.value(rhs, sc);
                let end = sc.vals.len();
                let (l, r) = (&sc.vals[base..mid], &sc.vals[mid..end]);
                let holds = |a: &Val| {
                    r.iter()
                        .any(|b| contains(self.bytes(a, sc), self.bytes(b, sc)))
                };
                let result = if *all {
                    !l.is_empty() && l.iter().all(holds)
                } else {
                    l.iter().any(holds)
                };
                sc.vals.truncate(base);
                result
            }
            Test::Matches { all, lhs, regex } => {
                let re = &self.program.regexes[*regex];
                let base = sc.vals.len();
                self.value(lhs, sc);
                let l = &sc.vals[base..];
                let holds = |a: &Val| re.is_match(self.bytes(a, sc));
                let result = if *all {
                    !l.is_empty() && l.iter().all(holds)
                } else {
                    l.iter().any(holds)
                };
                sc.vals.truncate(base);
                result
            }
            Test::In {
                all,
                lhs,
                set,
                strings,
            } => {
                let base = sc.vals.len();
                self.value(lhs, sc);
                let mid = sc.vals.len();
                if *all {
                    // Some element that every value equals (or every value lies in).
                    let mut result = false;
                    for (lo, hi) in set {
                        let s0 = sc.vals.len();
                        self.value(lo, sc);
                        let s1 = sc.vals.len();
                        if let Some(hi) = hi {
                            self.value(hi, sc);
                        }
                        let s2 = sc.vals.len();
                        let cmp = |a: &Val, b: &Val| compare(a, b, &self.env, &sc.bytes, *strings);
                        let values = &sc.vals[base..mid];
                        let (los, his) = (&sc.vals[s0..s1], &sc.vals[s1..s2]);
                        result = !values.is_empty()
                            && !los.is_empty()
                            && values.iter().all(|a| {
                                if hi.is_some() {
                                    los.iter().all(|lo| {
                                        matches!(
                                            cmp(a, lo),
                                            Some(Ordering::Greater | Ordering::Equal)
                                        )
                                    }) && !his.is_empty()
                                        && his.iter().all(|hi| {
                                            matches!(
                                                cmp(a, hi),
                                                Some(Ordering::Less | Ordering::Equal)
                                            )
                                        })
                                } else {
                                    los.iter().all(|b| cmp(a, b) == Some(Ordering::Equal))
                                }
                            });
                        sc.vals.truncate(s0);
                        if result {
                            break;
                        }
                    }
                    sc.vals.truncate(base);
                    return result;
                }
                let mut result = false;
                for i in base..mid {
                    let mut member = false;
                    for (lo, hi) in set {
                        let s0 = sc.vals.len();
                        self.value(lo, sc);
                        let s1 = sc.vals.len();
                        if let Some(hi) = hi {
                            self.value(hi, sc);
                        }
                        let s2 = sc.vals.len();
                        let a = sc.vals[i];
                        let cmp = |b: &Val| compare(&a, b, &self.env, &sc.bytes, *strings);
                        member = if hi.is_some() {
                            sc.vals[s0..s1].iter().any(|lo| {
                                matches!(cmp(lo), Some(Ordering::Greater | Ordering::Equal))
                            }) && sc.vals[s1..s2]
                                .iter()
                                .any(|hi| matches!(cmp(hi), Some(Ordering::Less | Ordering::Equal)))
                        } else {
                            sc.vals[s0..s1]
                                .iter()
                                .any(|b| cmp(b) == Some(Ordering::Equal))
                        };
                        sc.vals.truncate(s0);
                        if member {
                            break;
                        }
                    }
                    if member {
                        result = true;
                        break;
                    }
                }
                sc.vals.truncate(base);
                result
            }
        }
    }

    /// Pushes the values of `v` on the stack.
    fn value(&self, v: &VExpr, sc: &mut Scratch) {
        match v {
            VExpr::Field { id, def, layer } => {
                for_each_item(self.env.tree, *id, layer.as_deref(), |item| {
                    if let Some(val) = self.item_val(item, def) {
                        sc.vals.push(val);
                    }
                });
            }
            VExpr::Const(c) => sc.vals.push(*c),
            VExpr::Nothing => {}
            VExpr::Count(id, layer) => {
                let mut n = 0u64;
                for_each_item(self.env.tree, *id, layer.as_deref(), |_| n += 1);
                if n > 0 {
                    sc.vals.push(Val::U(n));
                }
            }
            VExpr::Len(inner) => match inner.as_ref() {
                VExpr::Field { id, def, layer } => {
                    for_each_item(self.env.tree, *id, layer.as_deref(), |item| {
                        let n = match self.item_val(item, def) {
                            Some(Val::B(b)) => self.env.bytes(&b, &sc.bytes).len(),
                            _ => item.len as usize,
                        };
                        sc.vals.push(Val::U(n as u64));
                    });
                }
                other => {
                    let base = sc.vals.len();
                    self.value(other, sc);
                    let end = sc.vals.len();
                    for i in base..end {
                        let n = self.bytes(&sc.vals[i], sc).len();
                        sc.vals.push(Val::U(n as u64));
                    }
                    sc.vals.drain(base..end);
                }
            },
            VExpr::Slice(base_expr, ranges) => {
                let base = sc.vals.len();
                self.value(base_expr, sc);
                let end = sc.vals.len();
                for i in base..end {
                    if let Some(v) = self.slice(sc.vals[i], ranges, sc) {
                        sc.vals.push(v);
                    }
                }
                sc.vals.drain(base..end);
            }
            VExpr::Call(func, args) => self.call(*func, args, sc),
            VExpr::Neg(inner) => {
                let base = sc.vals.len();
                self.value(inner, sc);
                for v in &mut sc.vals[base..] {
                    *v = match *v {
                        Val::U(u) => match i64::try_from(u) {
                            Ok(i) => Val::I(-i),
                            Err(_) => Val::U(u.wrapping_neg()),
                        },
                        Val::I(i) => Val::I(i.wrapping_neg()),
                        Val::F(f) => Val::F(-f),
                        Val::T(t) => Val::T(-t),
                        other => other,
                    };
                }
            }
            VExpr::Arith(op, l, r) => {
                let base = sc.vals.len();
                self.value(l, sc);
                let mid = sc.vals.len();
                self.value(r, sc);
                let end = sc.vals.len();
                let mut pairs = 0;
                'pairs: for i in base..mid {
                    for j in mid..end {
                        if pairs == MAX_ARITH_RESULTS {
                            break 'pairs;
                        }
                        pairs += 1;
                        let (a, b) = (sc.vals[i], sc.vals[j]);
                        if let Some(v) = self.arith(*op, a, b, sc) {
                            sc.vals.push(v);
                        }
                    }
                }
                sc.vals.drain(base..end);
                self.dedup_from(base, sc);
            }
        }
    }

    /// Keeps each distinct value of `sc.vals[base..]` once (in some order): see [`MAX_ARITH_RESULTS`].
    fn dedup_from(&self, base: usize, sc: &mut Scratch) {
        let Scratch { vals, bytes, .. } = sc;
        let tail = &mut vals[base..];
        if tail.len() < 2 {
            return;
        }
        let env = &self.env;
        let order = |a: &Val, b: &Val| -> Ordering {
            let rank = |v: &Val| match v {
                Val::U(_) => 0,
                Val::I(_) => 1,
                Val::F(_) => 2,
                Val::T(_) => 3,
                Val::Ip4 { .. } => 4,
                Val::Ip6 { .. } => 5,
                Val::B(_) => 6,
            };
            match (a, b) {
                (Val::U(x), Val::U(y)) => x.cmp(y),
                (Val::I(x), Val::I(y)) => x.cmp(y),
                (Val::F(x), Val::F(y)) => x.total_cmp(y),
                (Val::T(x), Val::T(y)) => x.cmp(y),
                (Val::Ip4 { addr: x, bits: bx }, Val::Ip4 { addr: y, bits: by }) => {
                    (x, bx).cmp(&(y, by))
                }
                (Val::Ip6 { addr: x, bits: bx }, Val::Ip6 { addr: y, bits: by }) => {
                    (x, bx).cmp(&(y, by))
                }
                (Val::B(x), Val::B(y)) => env.bytes(x, bytes).cmp(env.bytes(y, bytes)),
                _ => rank(a).cmp(&rank(b)),
            }
        };
        tail.sort_unstable_by(order);
        let mut kept = 1;
        for i in 1..tail.len() {
            if order(&tail[i], &tail[kept - 1]) != Ordering::Equal {
                tail[kept] = tail[i];
                kept += 1;
            }
        }
        vals.truncate(base + kept);
    }

    fn arith(&self, op: ArithOp, a: Val, b: Val, sc: &mut Scratch) -> Option<Val> {
        let int = |v: Val| match v {
            Val::U(u) => Some(u as i128),
            Val::I(i) => Some(i as i128),
            _ => None,
        };
        match (a, b) {
            (Val::F(x), Val::F(y)) => Some(Val::F(match op {
                ArithOp::Add => x + y,
                ArithOp::Sub => x - y,
                ArithOp::Mul => x * y,
                ArithOp::Div => x / y,
                _ => return None,
            })),
            (Val::T(x), Val::T(y)) => Some(Val::T(match op {
                ArithOp::Add => x.checked_add(y)?,
                ArithOp::Sub => x.checked_sub(y)?,
                _ => return None,
            })),
            (Val::B(x), Val::B(y)) if op == ArithOp::BitAnd => {
                let buf = {
                    let start = sc.bytes.len();
                    let n = self
                        .env
                        .bytes(&x, &sc.bytes)
                        .len()
                        .min(self.env.bytes(&y, &sc.bytes).len());
                    if !room(sc, n) {
                        return None;
                    }
                    for k in 0..n {
                        let v = self.env.bytes(&x, &sc.bytes)[k] & self.env.bytes(&y, &sc.bytes)[k];
                        sc.bytes.push(v);
                    }
                    Buf::Scratch {
                        start: start as u32,
                        len: n as u32,
                    }
                };
                Some(Val::B(buf))
            }
            _ => {
                let (x, y) = (int(a)?, int(b)?);
                let r = match op {
                    ArithOp::Add => x + y,
                    ArithOp::Sub => x - y,
                    ArithOp::Mul => x.checked_mul(y)?,
                    // Division by zero makes no value (Wireshark fails the test).
                    ArithOp::Div => x.checked_div(y)?,
                    ArithOp::Mod => x.checked_rem(y)?,
                    ArithOp::BitAnd => x & y,
                };
                Some(if r >= 0 {
                    Val::U(u64::try_from(r).unwrap_or(u64::MAX))
                } else {
                    Val::I(i64::try_from(r).unwrap_or(i64::MIN))
                })
            }
        }
    }

    /// One value sliced by `ranges` (Wireshark's `drange`: negative offsets count from the end; a range
    /// that does not fit makes no value).
    fn slice(&self, v: Val, ranges: &[RangeKind], sc: &mut Scratch) -> Option<Val> {
        let whole = match v {
            Val::B(b) => b,
            Val::Ip4 { addr, .. } => {
                scratch_buf(sc, |out| out.extend_from_slice(&addr.to_be_bytes()))
            }
            Val::Ip6 { addr, .. } => {
                scratch_buf(sc, |out| out.extend_from_slice(&addr.to_be_bytes()))
            }
            _ => return None,
        };
        let n = self.env.bytes(&whole, &sc.bytes).len() as i64;
        let mut pieces: [(u32, u32); 8] = [(0, 0); 8];
        let mut count = 0;
        let mut extra: Option<Vec<(u32, u32)>> = None;
        for r in ranges {
            let (start, len) = match *r {
                RangeKind::Index(i) => (i as i64, 1),
                RangeKind::Length { start, len } => (start as i64, len as i64),
                RangeKind::ToEnd { start } => {
                    let s = if start < 0 {
                        n + start as i64
                    } else {
                        start as i64
                    };
                    (s, n - s)
                }
                RangeKind::Through { start, end } => {
                    let s = if start < 0 {
                        n + start as i64
                    } else {
                        start as i64
                    };
                    let e = if end < 0 { n + end as i64 } else { end as i64 };
                    (s, e - s + 1)
                }
            };
            let start = if start < 0 { n + start } else { start };
            if start < 0 || len <= 0 || start + len > n {
                return None;
            }
            if count < pieces.len() {
                pieces[count] = (start as u32, len as u32);
                count += 1;
            } else {
                extra
                    .get_or_insert_with(Vec::new)
                    .push((start as u32, len as u32));
            }
        }
        let narrow = |b: Buf, s: u32, l: u32| match b {
            Buf::Source { src, off, .. } => Some(Buf::Source {
                src,
                off: off + s,
                len: l,
            }),
            Buf::Tree { start, .. } => Some(Buf::Tree {
                start: start + s,
                len: l,
            }),
            Buf::Scratch { start, .. } => Some(Buf::Scratch {
                start: start + s,
                len: l,
            }),
            Buf::Const { start, .. } => Some(Buf::Const {
                start: start + s,
                len: l,
            }),
            Buf::Mac(_) => None,
        };
        if count == 1
            && extra.is_none()
            && let Some(b) = narrow(whole, pieces[0].0, pieces[0].1)
        {
            return Some(Val::B(b));
        }
        let total = pieces[..count]
            .iter()
            .chain(extra.iter().flatten())
            .fold(0usize, |t, &(_, l)| t.saturating_add(l as usize));
        if !room(sc, total) {
            return None;
        }
        let start = sc.bytes.len();
        for &(s, l) in pieces[..count].iter().chain(extra.iter().flatten()) {
            match whole {
                Buf::Scratch { start: ws, .. } => {
                    let from = (ws + s) as usize;
                    sc.bytes.extend_from_within(from..from + l as usize);
                }
                other => {
                    let src = self.env.bytes(&other, &[]);
                    sc.bytes
                        .extend_from_slice(&src[s as usize..(s + l) as usize]);
                }
            }
        }
        Some(Val::B(Buf::Scratch {
            start: start as u32,
            len: (sc.bytes.len() - start) as u32,
        }))
    }

    fn call(&self, func: Func, args: &[VExpr], sc: &mut Scratch) {
        let base = sc.vals.len();
        match func {
            Func::Lower | Func::Upper => {
                self.value(&args[0], sc);
                let end = sc.vals.len();
                // Values that do not fit the budget are dropped, the others moved down over them.
                let mut kept = base;
                for i in base..end {
                    let Val::B(b) = sc.vals[i] else {
                        sc.vals[kept] = sc.vals[i];
                        kept += 1;
                        continue;
                    };
                    if !room(sc, self.env.bytes(&b, &sc.bytes).len()) {
                        continue;
                    }
                    let start = sc.bytes.len();
                    match b {
                        Buf::Scratch { start: s, len } => {
                            sc.bytes.extend_from_within(s as usize..(s + len) as usize);
                        }
                        other => {
                            let src = self.env.bytes(&other, &[]);
                            sc.bytes.extend_from_slice(src);
                        }
                    }
                    // ASCII letters only: Wireshark maps Unicode case too, which needs a copy per string.
                    if func == Func::Lower {
                        sc.bytes[start..].make_ascii_lowercase();
                    } else {
                        sc.bytes[start..].make_ascii_uppercase();
                    }
                    sc.vals[kept] = Val::B(Buf::Scratch {
                        start: start as u32,
                        len: (sc.bytes.len() - start) as u32,
                    });
                    kept += 1;
                }
                sc.vals.truncate(kept);
            }
            Func::String => {
                let VExpr::Field { id, def, layer } = &args[0] else {
                    self.value(&args[0], sc);
                    return;
                };
                for_each_item(self.env.tree, *id, layer.as_deref(), |item| {
                    if let Some(v) = self.item_val(item, def) {
                        sc.text.clear();
                        self.write_string(&v, def, &sc.bytes, &mut sc.text);
                        if !room(sc, sc.text.len()) {
                            return;
                        }
                        let start = sc.bytes.len();
                        sc.bytes.extend_from_slice(sc.text.as_bytes());
                        sc.vals.push(Val::B(Buf::Scratch {
                            start: start as u32,
                            len: sc.text.len() as u32,
                        }));
                    }
                });
            }
            Func::Abs => {
                self.value(&args[0], sc);
                for v in &mut sc.vals[base..] {
                    *v = match *v {
                        Val::I(i) => Val::U(i.unsigned_abs()),
                        Val::F(f) => Val::F(f.abs()),
                        Val::T(t) => Val::T(t.abs()),
                        other => other,
                    };
                }
            }
            Func::Max | Func::Min => {
                for a in args {
                    self.value(a, sc);
                }
                let end = sc.vals.len();
                if end == base {
                    return;
                }
                let mut best = sc.vals[base];
                for i in base + 1..end {
                    let o = compare(&sc.vals[i], &best, &self.env, &sc.bytes, false);
                    let better = match func {
                        Func::Max => o == Some(Ordering::Greater),
                        _ => o == Some(Ordering::Less),
                    };
                    if better {
                        best = sc.vals[i];
                    }
                }
                sc.vals.truncate(base);
                sc.vals.push(best);
            }
        }
    }

    /// The text `string()` makes of a value: as a display filter would write it.
    fn write_string(&self, v: &Val, def: &FieldDef, scratch: &[u8], out: &mut String) {
        match v {
            // Integers in decimal whatever their display base (tshark 4.0: string(tcp.flags) == "2").
            Val::U(u) => {
                let _ = write!(out, "{u}");
            }
            Val::I(i) => {
                let _ = write!(out, "{i}");
            }
            Val::F(f) => {
                let _ = write!(out, "{f}");
            }
            Val::T(t) => {
                if def.ty == FieldType::AbsoluteTime {
                    let secs = t.div_euclid(1_000_000_000) as i64;
                    let nanos = t.rem_euclid(1_000_000_000) as u32;
                    fields::format::write_abs_time_utc(secs, nanos, out);
                } else {
                    fields::format::write_rel_time(*t as i64, out);
                }
            }
            Val::Ip4 { addr, .. } => {
                let _ = write!(out, "{}", std::net::Ipv4Addr::from(*addr));
            }
            Val::Ip6 { addr, .. } => {
                let _ = write!(out, "{}", std::net::Ipv6Addr::from(*addr));
            }
            Val::B(b) => {
                let bytes = self.env.bytes(b, scratch);
                if matches!(
                    def.ty,
                    FieldType::String | FieldType::StringZ | FieldType::UIntString
                ) {
                    out.push_str(&String::from_utf8_lossy(bytes));
                } else {
                    for (k, byte) in bytes.iter().enumerate() {
                        if k > 0 {
                            out.push(':');
                        }
                        let _ = write!(out, "{byte:02x}");
                    }
                }
            }
        }
    }
}
