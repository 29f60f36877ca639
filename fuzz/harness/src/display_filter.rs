//! The `filter` target: display filter text through the parser, the checker and the evaluator.
//!
//! An input is either filter text (any bytes, read as lossy UTF-8), or, when its first byte is
//! [`GENERATED`], a recipe from which [`generate`] writes a filter that is likely to compile: the bytes after
//! the marker choose the grammar's productions, fields from the real registry (mostly fields that occur in
//! the packets below), and literals of the type each field takes (often a value the field really has in one
//! of the packets, so that comparisons are true as often as false). libFuzzer's mutations of a recipe stay
//! well-formed filters, so the checker's acceptance paths and the evaluator get as much exercise as the
//! error paths get from the text inputs.
//!
//! The packets are the repository's fixture `tests/data/boot-and-browse.pcapng` (DHCP, ARP, DNS, TCP,
//! HTTP over a reassembled PDU), compiled into the target, and two frames written out here (IPv6 with
//! ICMPv6, and 802.1Q with ICMP), dissected once with everything wanted.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::OnceLock;

use dissect::{Dissector, FrameMeta, Interest, PacketTree};
use fields::{FieldDef, FieldType, Strings};
use filter::Filter;

/// The first byte of a generated input.
pub const GENERATED: u8 = 0;

/// The fixture the filters are evaluated over (4 KiB, so it is built into the target rather than read
/// from a path that depends on where the fuzzer runs).
const FIXTURE: &[u8] = include_bytes!("../../../tests/data/boot-and-browse.pcapng");

/// Ethernet, IPv6 (2001:db8::2 → 2001:db8::1, hop limit 64), ICMPv6 echo request id 0x1234 seq 1 with 8
/// bytes of data: what the fixture lacks (IPv6 addresses, ICMPv6).
const ICMPV6_ECHO: &str = "020000000101 020000000202 86dd \
    60000000 0010 3a 40 20010db8000000000000000000000002 20010db8000000000000000000000001 \
    80 00 0000 1234 0001 6162636465666768";

/// Ethernet, 802.1Q VLAN 100 priority 3, IPv4 (ttl 1, DF) 198.51.100.7 → 203.0.113.9, ICMP echo request
/// id 7 seq 9 with 4 bytes of data.
const VLAN_ICMP: &str = "ffffffffffff 020000000303 8100 6064 0800 \
    45 00 0020 abcd 4000 01 01 0000 c6336407 cb007109 \
    08 00 0000 0007 0009 deadbeef";

/// One packet and its tree with every field.
struct Packet {
    number: u64,
    secs: i64,
    nanos: u32,
    link_type: u32,
    original_len: u32,
    interface_id: Option<u32>,
    interface_name: Option<String>,
    comments: Vec<Cow<'static, str>>,
    data: Vec<u8>,
    full: PacketTree,
}

impl Packet {
    fn meta(&self) -> FrameMeta<'_> {
        FrameMeta {
            number: self.number,
            secs: self.secs,
            nanos: self.nanos,
            interface_id: self.interface_id,
            section_number: None,
            link_type: self.link_type,
            original_len: self.original_len,
            comments: &self.comments,
            interface_name: self.interface_name.as_deref(),
            interface_description: None,
        }
    }
}

/// A field that occurs in the packets, with some of the values it has there written as filter literals.
struct Present {
    def: &'static FieldDef,
    values: Vec<String>,
}

/// What every input is run against, built on the first input.
struct World {
    packets: Vec<Packet>,
    every_field: Vec<&'static FieldDef>,
    present: Vec<Present>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(build_world)
}

fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).expect("hex"), 16).expect("hex"))
        .collect()
}

fn build_world() -> World {
    let registry = dissect::registry();
    let mut packets = Vec::new();
    let mut reader =
        capfile::CaptureReader::from_bytes(FIXTURE.to_vec()).expect("the fixture is a capture");
    while let Some(frame) = reader.next_frame().expect("the fixture reads") {
        packets.push(Packet {
            number: frame.number,
            secs: frame.timestamp.secs,
            nanos: frame.timestamp.nanos,
            link_type: frame.link_type.0,
            original_len: frame.original_len,
            interface_id: Some(frame.interface_id),
            interface_name: frame.interface.name.clone(),
            comments: frame
                .comments
                .iter()
                .map(|c| Cow::Owned(c.to_string()))
                .collect(),
            data: frame.data.to_vec(),
            full: PacketTree::new(Interest::nothing(registry)),
        });
    }
    let last = packets.last().map_or((0, 0), |p| (p.secs, p.nanos));
    for (i, frame) in [ICMPV6_ECHO, VLAN_ICMP].iter().enumerate() {
        let data = hex(frame);
        packets.push(Packet {
            number: packets.len() as u64 + 1,
            secs: last.0 + 1 + i as i64,
            nanos: last.1,
            link_type: 1,
            original_len: data.len() as u32,
            interface_id: Some(0),
            interface_name: None,
            comments: Vec::new(),
            data,
            full: PacketTree::new(Interest::nothing(registry)),
        });
    }
    let mut dissector = Dissector::new();
    let mut tree = PacketTree::new(Interest::everything(registry));
    for p in &mut packets {
        let meta = p.meta();
        dissector.dissect(&meta, &p.data, &mut tree);
        dissector.mark_displayed(&meta);
        p.full = tree.clone();
    }
    let mut present: Vec<Present> = Vec::new();
    let mut text = String::new();
    for p in &packets {
        for item in p.full.items() {
            let def = registry.field(item.field);
            text.clear();
            fields::format::write_field_value(registry, &p.full, &p.data, item, &mut text);
            let literal = literal_of(def, &text);
            let entry = match present.iter_mut().find(|e| std::ptr::eq(e.def, def)) {
                Some(e) => e,
                None => {
                    present.push(Present {
                        def,
                        values: Vec::new(),
                    });
                    present.last_mut().expect("just pushed")
                }
            };
            if let Some(l) = literal
                && entry.values.len() < 8
                && !entry.values.contains(&l)
            {
                entry.values.push(l);
            }
        }
    }
    World {
        packets,
        every_field: registry.fields().map(|(_, def)| def).collect(),
        present,
    }
}

/// How `-T fields` text of a value is written as a literal of its field (quoted for strings and times).
fn literal_of(def: &FieldDef, text: &str) -> Option<String> {
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    Some(match def.ty {
        FieldType::None => return None,
        FieldType::String
        | FieldType::StringZ
        | FieldType::UIntString
        | FieldType::AbsoluteTime
        | FieldType::Protocol => quote(text.as_bytes()),
        // `-T fields` prints `1`/`0` for booleans, which filters take too.
        _ => text.to_string(),
    })
}

/// A double-quoted filter string of arbitrary bytes (escapes for quotes, backslashes and non-printables).
fn quote(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    s.push('"');
    for &b in bytes {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\x{b:02x}");
            }
        }
    }
    s.push('"');
    s
}

/// Runs one input: parse, compile against the registry, and on success evaluate over every packet.
///
/// Checked: an error's span lies within the text and renders with its caret; a compiled filter's
/// canonical form compiles to a filter with the same canonical form and the same results; the results on
/// a tree dissected with only the filter's interest (as `wiresift -Y` dissects) are those on the tree
/// with every field; evaluating twice gives the same result (the scratch buffers carry nothing over).
pub fn filter_input(input: &[u8]) {
    let text = match input.split_first() {
        Some((&GENERATED, recipe)) => Cow::Owned(generate(recipe)),
        _ => String::from_utf8_lossy(input),
    };
    check_text(&text);
}

/// Runs one filter text (see [`filter_input`]).
pub fn check_text(text: &str) {
    let registry = dissect::registry();
    // The syntax layer on its own, as before the checker existed.
    match filter::parse(text) {
        Ok(expr) => {
            let _ = expr.to_string();
        }
        Err(err) => {
            assert_span_within(err.span.start, err.span.end, text);
            let _ = err.render(text);
        }
    }
    let mut compiled = match Filter::compile(text, registry) {
        Ok(f) => f,
        Err(err) => {
            assert_span_within(err.span.start, err.span.end, text);
            assert!(!err.message.is_empty(), "empty error message for {text:?}");
            let rendered = err.render(text);
            if err.located {
                assert!(
                    rendered.contains('^'),
                    "no caret for a located error: {rendered:?}"
                );
            }
            return;
        }
    };
    let canonical = compiled.canonical().to_string();
    let mut again = Filter::compile(&canonical, registry).unwrap_or_else(|e| {
        panic!("canonical form {canonical:?} of {text:?} does not compile: {e}")
    });
    assert_eq!(
        again.canonical(),
        canonical,
        "the canonical form of {text:?} is not canonical"
    );
    let world = world();
    let full: Vec<bool> = world
        .packets
        .iter()
        .map(|p| {
            let first = compiled.matches(&p.full, &p.data);
            let second = compiled.matches(&p.full, &p.data);
            assert_eq!(
                first, second,
                "{text:?} on frame {}: not repeatable",
                p.number
            );
            assert_eq!(
                first,
                again.matches(&p.full, &p.data),
                "{text:?} and its canonical form {canonical:?} differ on frame {}",
                p.number
            );
            first
        })
        .collect();
    // As `wiresift -r FILE -Y TEXT -T fields ...` does: only the filter's fields wanted. Every frame is
    // marked displayed, as in the full run, so that `frame.time_delta_displayed` is the same in both.
    let mut interest = Interest::nothing(registry);
    compiled.add_interest(&mut interest);
    let mut tree = PacketTree::new(interest);
    let mut dissector = Dissector::new();
    for (p, expected) in world.packets.iter().zip(full) {
        let meta = p.meta();
        dissector.dissect(&meta, &p.data, &mut tree);
        dissector.mark_displayed(&meta);
        assert_eq!(
            compiled.matches(&tree, &p.data),
            expected,
            "{text:?} on frame {}: the filter's own interest and everything differ",
            p.number
        );
    }
}

fn assert_span_within(start: usize, end: usize, text: &str) {
    assert!(
        start <= end && end <= text.len(),
        "error span {start}..{end} outside the filter ({} bytes): {text:?}",
        text.len()
    );
}

/// Writes the filter a recipe describes (see the module documentation). Any bytes are a recipe; when
/// they run out, every choice takes its first, simplest option, so the text stays short.
pub fn generate(recipe: &[u8]) -> String {
    let mut g = Gen {
        recipe,
        pos: 0,
        out: String::new(),
        world: world(),
    };
    g.expr(0);
    g.out
}

struct Gen<'a> {
    recipe: &'a [u8],
    pos: usize,
    out: String,
    world: &'static World,
}

/// Relations, in all their spellings.
const RELATIONS: &[&str] = &[
    "==", "!=", ">", ">=", "<", "<=", "===", "!==", "~=", "eq", "ne", "gt", "ge", "lt", "le",
    "any_eq", "all_ne", "all_eq", "any_ne",
];
const JOINERS: &[&str] = &["and", "or", "&&", "||"];
const ARITH: &[&str] = &["+", "-", "*", "/", "%", "&", "bitwise_and"];
/// Regular expression pieces: anchors, classes, repetition (bounded and nested), alternation, flags.
const REGEX_PIECES: &[&str] = &[
    ".*",
    "^",
    "$",
    "[0-9]+",
    "\\\\d{2,}",
    "(a|b)*",
    "(?i)",
    "http",
    "GET",
    "x{1000}",
    "(.*)*",
    "[^\\\\x00]",
    "\\\\w+",
    "(?s).",
    "\\\\.",
    "{2}",
    "+?",
    "[[:alpha:]]",
    "\\\\b",
    "(",
    ")",
];
const FUNCS_1: &[&str] = &["len", "count", "string", "lower", "upper", "abs"];

impl Gen<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.recipe.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }

    fn u32(&mut self) -> u32 {
        u32::from_be_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    fn done(&self) -> bool {
        self.pos >= self.recipe.len()
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.byte() as usize % items.len()]
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Writes `a` one time in `n`, `b` otherwise.
    fn either(&mut self, n: u8, a: &str, b: &str) {
        let s = if self.byte().is_multiple_of(n) { a } else { b };
        self.push(s);
    }

    fn expr(&mut self, depth: u32) {
        if depth >= 5 || self.done() {
            return self.test();
        }
        match self.byte() % 8 {
            0..=3 => self.test(),
            4 => {
                self.either(2, "not ", "!");
                self.expr(depth + 1);
            }
            5 => {
                self.push("(");
                self.expr(depth + 1);
                self.push(")");
            }
            _ => {
                self.expr(depth + 1);
                let j = self.pick(JOINERS);
                self.push(" ");
                self.push(j);
                self.push(" ");
                self.expr(depth + 1);
            }
        }
    }

    /// A field: mostly one that occurs in the packets (with its sampled values), else any registered one.
    fn field(&mut self) -> (&'static FieldDef, Option<&'static Present>) {
        let world = self.world;
        if self.byte() % 4 != 3 && !world.present.is_empty() {
            let p = &world.present[self.u16() as usize % world.present.len()];
            (p.def, Some(p))
        } else {
            let def = world.every_field[self.u16() as usize % world.every_field.len()];
            let present = world.present.iter().find(|p| std::ptr::eq(p.def, def));
            (def, present)
        }
    }

    /// A field of one of the given types, if a few tries find one.
    fn field_of(&mut self, types: &[FieldType]) -> (&'static FieldDef, Option<&'static Present>) {
        let mut found = self.field();
        for _ in 0..8 {
            if types.contains(&found.0.ty) {
                break;
            }
            found = self.field();
        }
        found
    }

    /// A field reference, sometimes with a layer operator.
    fn field_ref(&mut self, def: &FieldDef) {
        if self.byte() % 8 == 1 {
            self.push(".");
        }
        self.push(def.abbrev);
        if self.byte() % 8 == 1 {
            let layer = self.layer_range();
            self.push("#");
            self.push(&layer);
        }
    }

    fn small_int(&mut self) -> i64 {
        match self.byte() % 8 {
            0 => self.u32() as i32 as i64,
            1 => -((self.byte() % 16) as i64),
            _ => (self.byte() % 32) as i64,
        }
    }

    fn layer_range(&mut self) -> String {
        let a = self.small_int();
        match self.byte() % 4 {
            0 => format!("{}", a.unsigned_abs().max(1)),
            1 => format!("[{a}]"),
            2 => format!("[{a}-{}]", self.small_int()),
            _ => format!("[{a}:{}]", self.small_int()),
        }
    }

    fn slice(&mut self) {
        self.push("[");
        let n = 1 + self.byte() % 3;
        for i in 0..n {
            if i > 0 {
                self.push(",");
            }
            let a = self.small_int();
            let b = self.small_int();
            let r = match self.byte() % 5 {
                0 => format!("{a}"),
                1 => format!("{a}:{b}"),
                2 => format!("{a}-{b}"),
                3 => format!("{a}:"),
                _ => format!(":{}", b.unsigned_abs()),
            };
            self.push(&r);
        }
        self.push("]");
    }

    /// A value expression; returns the field whose type its literals should take (`None`: a computed
    /// number or bytes, described by the type returned).
    fn value(
        &mut self,
    ) -> (
        FieldType,
        Option<&'static FieldDef>,
        Option<&'static Present>,
    ) {
        match self.byte() % 12 {
            0..=5 => {
                let (def, present) = self.field();
                self.field_ref(def);
                (def.ty, Some(def), present)
            }
            6 => {
                let (def, _) = self.field_of(&[
                    FieldType::Bytes,
                    FieldType::Protocol,
                    FieldType::String,
                    FieldType::Ipv4,
                    FieldType::Ether,
                ]);
                self.field_ref(def);
                // Sometimes slices of slices, whose values can double at each level.
                let levels = 1 + self.byte() % 8 / 6 * 4;
                for _ in 0..levels {
                    self.slice();
                }
                (FieldType::Bytes, None, None)
            }
            7 => {
                let f = self.pick(FUNCS_1);
                let (def, present) = match f {
                    "lower" | "upper" => self.field_of(&[FieldType::String, FieldType::StringZ]),
                    "abs" => self.field_of(&[FieldType::Int32, FieldType::RelativeTime]),
                    _ => self.field(),
                };
                self.push(f);
                self.push("(");
                self.field_ref(def);
                self.push(")");
                match f {
                    "len" | "count" => (FieldType::UInt32, None, None),
                    "string" | "lower" | "upper" => (FieldType::String, None, None),
                    _ => (def.ty, Some(def), present),
                }
            }
            8 => {
                let (def, present) = self.field();
                self.either(2, "max(", "min(");
                self.field_ref(def);
                let n = self.byte() % 4;
                for _ in 0..n {
                    self.push(", ");
                    if self.byte().is_multiple_of(2) {
                        self.field_ref(def);
                    } else {
                        self.literal(def.ty, Some(def), present);
                    }
                }
                self.push(")");
                (def.ty, Some(def), present)
            }
            9 => {
                self.push("-");
                let (def, present) = self.field_of(&[FieldType::Int32, FieldType::RelativeTime]);
                self.field_ref(def);
                (def.ty, Some(def), present)
            }
            10 => {
                let (def, present) = self.field_of(&[
                    FieldType::UInt8,
                    FieldType::UInt16,
                    FieldType::UInt32,
                    FieldType::FrameNum,
                ]);
                self.field_ref(def);
                // Chains of arithmetic on a field that may occur several times.
                let n = 1 + self.byte() % 6;
                for _ in 0..n {
                    let op = self.pick(ARITH);
                    self.push(" ");
                    self.push(op);
                    self.push(" ");
                    if self.byte().is_multiple_of(3) {
                        self.field_ref(def);
                    } else {
                        self.literal(def.ty, Some(def), present);
                    }
                }
                (def.ty, Some(def), present)
            }
            _ => {
                let mut r = String::new();
                let (def, _) = self.field();
                let _ = write!(r, "${{{}}}", def.abbrev);
                self.push(&r);
                (def.ty, Some(def), None)
            }
        }
    }

    fn test(&mut self) {
        match self.byte() % 10 {
            0 => {
                let (def, _) = self.field();
                self.field_ref(def);
                if self.byte() % 4 == 1 {
                    self.slice();
                }
            }
            1..=4 => {
                if self.byte().is_multiple_of(8) {
                    self.either(2, "any ", "all ");
                }
                let (ty, def, present) = self.value();
                let rel = self.pick(RELATIONS);
                self.push(" ");
                self.push(rel);
                self.push(" ");
                if self.byte().is_multiple_of(6) {
                    self.value();
                } else {
                    self.literal(ty, def, present);
                }
            }
            5 | 6 => {
                let (ty, def, present) = self.value();
                self.either(3, " not in {", " in {");
                let n = 1 + self.byte() % 4;
                for i in 0..n {
                    if i > 0 {
                        self.either(2, ", ", " ");
                    }
                    self.literal(ty, def, present);
                    if self.byte().is_multiple_of(3) {
                        self.push("..");
                        self.literal(ty, def, present);
                    }
                }
                self.push("}");
            }
            7 => {
                let (def, present) = self.field_of(&[
                    FieldType::Bytes,
                    FieldType::Protocol,
                    FieldType::String,
                    FieldType::StringZ,
                ]);
                self.field_ref(def);
                self.push(" contains ");
                self.literal(def.ty, Some(def), present);
            }
            _ => {
                let (def, _) = self.field_of(&[
                    FieldType::Bytes,
                    FieldType::Protocol,
                    FieldType::String,
                    FieldType::StringZ,
                ]);
                self.field_ref(def);
                self.either(2, " matches \"", " ~ \"");
                let n = 1 + self.byte() % 6;
                for _ in 0..n {
                    if self.byte().is_multiple_of(3) {
                        let c = self.byte();
                        if c.is_ascii_alphanumeric() {
                            self.out.push(c as char);
                        }
                    } else {
                        let p = self.pick(REGEX_PIECES);
                        self.push(p);
                    }
                }
                self.push("\"");
            }
        }
    }

    /// A literal for a value of type `ty`: one the field really has, one of its value names, or one
    /// written for the type.
    fn literal(
        &mut self,
        ty: FieldType,
        def: Option<&'static FieldDef>,
        present: Option<&'static Present>,
    ) {
        let choice = self.byte() % 8;
        if choice < 3
            && let Some(p) = present
            && !p.values.is_empty()
        {
            let v = &p.values[self.byte() as usize % p.values.len()];
            return self.push(v);
        }
        if choice == 3
            && let Some(d) = def
        {
            match d.strings {
                Strings::Values(pairs) if !pairs.is_empty() => {
                    let name = pairs[self.byte() as usize % pairs.len()].1;
                    return if name.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        self.push(name)
                    } else {
                        self.push(&quote(name.as_bytes()))
                    };
                }
                Strings::Ranges(ranges) if !ranges.is_empty() => {
                    let name = ranges[self.byte() as usize % ranges.len()].2;
                    return self.push(&quote(name.as_bytes()));
                }
                Strings::TrueFalse(t, f) => {
                    let name = if self.byte().is_multiple_of(2) { t } else { f };
                    return self.push(&quote(name.as_bytes()));
                }
                _ => {}
            }
        }
        let mut s = String::new();
        use FieldType as T;
        match ty {
            T::Boolean => s.push_str(self.pick(&["1", "0", "True", "FALSE", "2"])),
            T::Ipv4 => {
                let a = self.u32().to_be_bytes();
                let _ = write!(s, "{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
                if self.byte().is_multiple_of(3) {
                    let _ = write!(s, "/{}", self.byte() % 34);
                }
            }
            T::Ipv6 => {
                let _ = write!(s, "2001:db8::{:x}", self.u16());
                if self.byte().is_multiple_of(3) {
                    let _ = write!(s, "/{}", self.byte() % 130);
                }
            }
            T::Ether | T::Bytes | T::UIntBytes | T::Eui64 | T::Guid | T::Oid | T::Protocol => {
                let n = match ty {
                    T::Ether => 6,
                    T::Eui64 => 8,
                    _ => 1 + self.byte() as usize % 8,
                };
                let sep = self.pick(&[":", "-", "."]);
                for i in 0..n {
                    if i > 0 {
                        s.push_str(sep);
                    }
                    let _ = write!(s, "{:02x}", self.byte());
                }
                if ty == T::Protocol && self.byte().is_multiple_of(2) {
                    s = quote(&[self.byte(), self.byte()]);
                }
            }
            T::String | T::StringZ | T::UIntString => {
                let n = self.byte() as usize % 8;
                let bytes: Vec<u8> = (0..n).map(|_| self.byte()).collect();
                s = quote(&bytes);
            }
            T::AbsoluteTime => {
                s = quote(
                    self.pick(&[
                        "2021-01-01 00:00:00",
                        "Nov 12, 1999 08:55:44.123",
                        "1970-01-01 00:00:00.000000001",
                        "2262-04-12 00:00:00",
                    ])
                    .as_bytes(),
                );
            }
            T::RelativeTime | T::Float | T::Double => {
                let _ = write!(s, "{}.{}", self.small_int(), self.byte());
            }
            T::Char => {
                let c = self.byte();
                if c.is_ascii_alphanumeric() {
                    let _ = write!(s, "'{}'", c as char);
                } else {
                    let _ = write!(s, "'\\x{c:02x}'");
                }
            }
            _ => match self.byte() % 4 {
                0 => {
                    let _ = write!(s, "0x{:x}", self.u32());
                }
                1 => {
                    let _ = write!(s, "{}", self.small_int());
                }
                2 => {
                    let _ = write!(s, "{}", self.u32() as u64 * self.u32() as u64);
                }
                _ => {
                    let _ = write!(s, "{}", self.byte());
                }
            },
        }
        self.push(&s);
    }
}

/// Display filter seeds from the table-driven tests of `crates/filter/tests`: the first string of each
/// row (a line starting with `("` or `(r#"`), unescaped as Rust does.
pub fn test_filters(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in source.lines() {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix("(r#\"") {
            if let Some(end) = rest.find("\"#") {
                out.push(rest[..end].to_string());
            }
        } else if let Some(rest) = line.strip_prefix("(\"")
            && let Some(s) = rust_string(rest)
        {
            out.push(s);
        }
    }
    out
}

/// The contents of a Rust string literal up to its closing quote, escapes decoded.
fn rust_string(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                'x' => {
                    let h: String = chars.by_ref().take(2).collect();
                    out.push(u8::from_str_radix(&h, 16).ok()? as char);
                }
                'u' => {
                    let rest: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    let code = u32::from_str_radix(rest.trim_start_matches('{'), 16).ok()?;
                    out.push(char::from_u32(code)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// A libFuzzer dictionary for the filter target: every field and protocol name of the registry, the
/// value names of its fields, the operators, keywords and functions, one `"..."` entry a line.
pub fn dictionary() -> String {
    let registry = dissect::registry();
    let mut words: Vec<String> = Vec::new();
    for (_, def) in registry.fields() {
        words.push(def.abbrev.to_string());
        match def.strings {
            Strings::Values(pairs) => words.extend(pairs.iter().map(|(_, n)| n.to_string())),
            Strings::Ranges(ranges) => words.extend(ranges.iter().map(|(_, _, n)| n.to_string())),
            Strings::TrueFalse(t, f) => words.extend([t.to_string(), f.to_string()]),
            _ => {}
        }
    }
    for f in filter::FUNCTIONS {
        words.push(format!("{f}("));
    }
    let syntax = [
        "==",
        "!=",
        "===",
        "!==",
        "~=",
        ">",
        ">=",
        "<",
        "<=",
        "eq",
        "ne",
        "gt",
        "ge",
        "lt",
        "le",
        "any_eq",
        "all_ne",
        "all_eq",
        "any_ne",
        "contains",
        "matches",
        "~",
        "not",
        "!",
        "and",
        "&&",
        "or",
        "||",
        "in",
        "not in",
        "any",
        "all",
        "bitwise_and",
        "&",
        "+",
        "-",
        "*",
        "/",
        "%",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "..",
        ":",
        ",",
        "#",
        "${",
        "\"",
        "'",
        "\\x",
        "\\u",
        "0x",
        "0b",
        "::",
        "/24",
        "/64",
        "[0:4]",
        "[-1]",
        "[1-2]",
    ];
    words.extend(syntax.iter().map(|s| s.to_string()));
    words.sort();
    words.dedup();
    let mut out = String::new();
    for w in words.iter().filter(|w| !w.is_empty() && w.len() <= 64) {
        out.push('"');
        for b in w.bytes() {
            match b {
                b'"' | b'\\' => {
                    out.push('\\');
                    out.push(b as char);
                }
                0x20..=0x7e => out.push(b as char),
                _ => {
                    let _ = write!(out, "\\x{b:02X}");
                }
            }
        }
        out.push_str("\"\n");
    }
    out
}
