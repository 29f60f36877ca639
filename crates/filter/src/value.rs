//! Values as the evaluator handles them: small `Copy` values that name bytes instead of holding them, so that
//! evaluating a filter allocates nothing once its scratch buffers have grown.

use std::cmp::Ordering;

use fields::PacketTree;

/// Where the bytes of a byte or string value are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Buf {
    /// A span of one of the tree's sources (0: the frame).
    Source { src: u16, off: u32, len: u32 },
    /// The tree's arena (computed strings and bytes).
    Tree { start: u32, len: u32 },
    /// The evaluator's scratch bytes (results of `lower()`, slices of computed values, ...).
    Scratch { start: u32, len: u32 },
    /// The filter's constant pool.
    Const { start: u32, len: u32 },
    /// A MAC address, held inline.
    Mac([u8; 6]),
}

/// One value of a field occurrence, a literal or a computed result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Val {
    U(u64),
    I(i64),
    F(f64),
    /// Nanoseconds: since the epoch for absolute times, a duration for relative ones.
    T(i128),
    /// An IPv4 address and its prefix length (32 unless written with `/n`).
    Ip4 {
        addr: u32,
        bits: u8,
    },
    Ip6 {
        addr: u128,
        bits: u8,
    },
    B(Buf),
}

/// What byte values are resolved against.
pub(crate) struct Env<'a> {
    pub tree: &'a PacketTree,
    pub frame: &'a [u8],
    pub consts: &'a [u8],
}

impl Env<'_> {
    /// The bytes of a byte value (empty for a span outside its source, which dissectors avoid).
    pub fn bytes<'s>(&'s self, b: &'s Buf, scratch: &'s [u8]) -> &'s [u8] {
        let range = |data: &'s [u8], start: u32, len: u32| {
            data.get(start as usize..(start as usize).saturating_add(len as usize))
                .unwrap_or(&[])
        };
        match b {
            Buf::Source { src, off, len } => {
                if *src as usize > self.tree.sources().len() {
                    return &[];
                }
                range(self.tree.source_bytes(self.frame, *src), *off, *len)
            }
            // Tree values come from dissectors and slices only narrow them, so they stay in the arena.
            Buf::Tree { start, len } => self.tree.arena_slice(*start, *len),
            Buf::Scratch { start, len } => range(scratch, *start, *len),
            Buf::Const { start, len } => range(self.consts, *start, *len),
            Buf::Mac(m) => m,
        }
    }
}

fn numeric(v: Val) -> Option<i128> {
    match v {
        Val::U(u) => Some(u as i128),
        Val::I(i) => Some(i as i128),
        Val::T(t) => Some(t),
        _ => None,
    }
}

fn mask4(bits: u8) -> u32 {
    if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits as u32)
    }
}

fn mask6(bits: u8) -> u128 {
    if bits == 0 {
        0
    } else {
        u128::MAX << (128 - bits as u32)
    }
}

/// How two values of compatible types order. Byte sequences order by length first, then by content (as
/// Wireshark 4.0 orders `FT_BYTES`); strings order by content (`strcmp`); addresses with a prefix compare
/// under the shorter prefix.
pub(crate) fn compare(
    a: &Val,
    b: &Val,
    env: &Env<'_>,
    scratch: &[u8],
    strings: bool,
) -> Option<Ordering> {
    match (a, b) {
        (Val::F(x), Val::F(y)) => x.partial_cmp(y),
        (Val::F(x), other) | (other, Val::F(x)) if numeric(*other).is_some() => {
            let o = numeric(*other)? as f64;
            if matches!(a, Val::F(_)) {
                x.partial_cmp(&o)
            } else {
                o.partial_cmp(x)
            }
        }
        (Val::Ip4 { addr: x, bits: bx }, Val::Ip4 { addr: y, bits: by }) => {
            let m = mask4(*bx.min(by));
            Some((x & m).cmp(&(y & m)))
        }
        (Val::Ip6 { addr: x, bits: bx }, Val::Ip6 { addr: y, bits: by }) => {
            let m = mask6(*bx.min(by));
            Some((x & m).cmp(&(y & m)))
        }
        (Val::B(x), Val::B(y)) => {
            let (x, y) = (env.bytes(x, scratch), env.bytes(y, scratch));
            if strings {
                Some(x.cmp(y))
            } else {
                Some(x.len().cmp(&y.len()).then_with(|| x.cmp(y)))
            }
        }
        _ => Some(numeric(*a)?.cmp(&numeric(*b)?)),
    }
}

/// Whether `hay` contains `needle` (an empty needle is contained in everything).
pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}
