//! The packet field tree: a flat vector of items, reused from packet to packet.
//!
//! Items refer to bytes by (source, offset, length) instead of borrowing them, so one tree can be cleared and
//! refilled for every packet without lifetimes tying it to a frame. Source 0 is the frame; other sources are
//! byte ranges of the tree's arena (reassembled or decompressed data). Computed strings live in the arena too.

use std::fmt::Write as _;

use crate::def::FieldId;
use crate::interest::Interest;

/// Position of an item in the tree. [`ItemIdx::ROOT`] is the parent of top-level items.
///
/// When a field is not wanted, [`PacketTree::add`] stores nothing and returns the parent with
/// [`ItemIdx::SKIPPED`] set: children added under it attach to the nearest stored ancestor, and labels or
/// values set on it go nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemIdx(pub u32);

impl ItemIdx {
    pub const ROOT: ItemIdx = ItemIdx(0x7fff_ffff);
    pub const SKIPPED: u32 = 0x8000_0000;

    /// Whether this index names a stored item (not the root, not a skipped field).
    #[inline]
    pub fn is_stored(self) -> bool {
        self.0 & Self::SKIPPED == 0 && self != Self::ROOT
    }

    /// The stored item (or root) this index stands for.
    #[inline]
    pub fn real(self) -> ItemIdx {
        ItemIdx(self.0 & !Self::SKIPPED)
    }
}

/// A field's value. Byte and string values that are plain copies of the packet are not copied: they are the
/// item's own span (`Bytes`, `Str`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// No value (protocols, `FT_NONE` fields).
    None,
    /// Unsigned integers and booleans, already masked and shifted.
    UInt(u64),
    Int(i64),
    Double(f64),
    /// The item's own bytes.
    Bytes,
    /// The item's own bytes, as text.
    Str,
    /// Text computed by the dissector, in the arena.
    Text {
        start: u32,
        len: u32,
    },
    /// Bytes computed by the dissector, in the arena.
    ArenaBytes {
        start: u32,
        len: u32,
    },
    Ipv4([u8; 4]),
    Ipv6([u8; 16]),
    Ether([u8; 6]),
    /// Absolute time since the Unix epoch.
    AbsTime {
        secs: i64,
        nanos: u32,
    },
    /// A duration in nanoseconds (may be negative).
    RelTime(i64),
}

/// Item flags.
pub mod flags {
    /// Computed, not read from the packet (shown in brackets by `-V`).
    pub const GENERATED: u8 = 1;
    /// Not shown by `-V` but present for filters.
    pub const HIDDEN: u8 = 2;
    /// A text item (Wireshark's text-only subtree headings such as "[Timestamps]"): its label is all it
    /// says, and JSON names it by its label instead of a field name.
    pub const TEXT: u8 = 4;
    /// A top-level item that `-z io,phs` counts where it stands, though items of its kind usually
    /// count elsewhere (TCP's segments item of a PDU a FIN ended, which Wireshark adds before the PDU
    /// instead of after it).
    pub const IN_PLACE: u8 = 8;
}

/// One node of the tree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub field: FieldId,
    /// Parent item, or `ItemIdx::ROOT.0`; never has the SKIPPED bit.
    pub parent: u32,
    /// 0 for the frame, else an index into the tree's extra sources (minus one).
    pub source: u16,
    pub flags: u8,
    pub offset: u32,
    pub len: u32,
    pub value: Value,
    /// Custom label text in the arena (len 0: label built from the field's name and value).
    pub label_start: u32,
    pub label_len: u32,
}

/// An extra data source: bytes in the arena, named as Wireshark names its extra tabs.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: &'static str,
    pub start: u32,
    pub len: u32,
    /// The protocol whose application payload the bytes are (TLS's decrypted application data), for
    /// the reports that follow that protocol's streams (`-z follow,tls`); None for other sources.
    pub payload_of: Option<crate::def::ProtoId>,
}

/// The packet field tree, plus the columns and the protocol stack of the packet.
#[derive(Debug, Clone)]
pub struct PacketTree {
    interest: Interest,
    items: Vec<Item>,
    arena: Vec<u8>,
    sources: Vec<Source>,
    /// Filter names of the protocols in the packet, outermost first (`frame.protocols`).
    pub layers: Vec<&'static str>,
    /// The Protocol column.
    pub protocol_column: String,
    /// The Info column (only filled when the interest asks for columns).
    pub info: String,
    /// The Source and Destination columns: the innermost addresses (network over link layer).
    pub src_column: String,
    pub dst_column: String,
    /// The source that [`PacketTree::add`] and [`PacketTree::add_generated`] put items in: 0 (the frame)
    /// unless a dissector is working on reassembled bytes (see [`PacketTree::set_current_source`]).
    current_source: u16,
    /// Fields of one protocol that are added (and asked for) as another's, while a protocol reuses
    /// another's dissection code under its own names (DTLS's handshake is TLS's under `dtls.`).
    redirect: Option<&'static FieldRedirect>,
}

/// Maps the fields of protocol `from` to those of another protocol, for code written against `from`'s
/// fields that dissects the other's bytes: DTLS hands its handshake messages to TLS's code, whose
/// `tls.handshake.*` items then come out as `dtls.handshake.*`. A field with no counterpart (`None`)
/// is not added at all, as the other protocol has nothing to show it as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRedirect {
    pub from: crate::def::ProtoId,
    /// Indexed by the field's index in `from`'s table.
    pub to: Vec<Option<FieldId>>,
}

impl FieldRedirect {
    /// The field `field` is added as: its counterpart when it is one of `from`'s, else itself.
    #[inline]
    pub fn map(&self, field: FieldId) -> Option<FieldId> {
        if field.proto != self.from {
            return Some(field);
        }
        self.to.get(field.index as usize).copied().flatten()
    }
}

impl PacketTree {
    pub fn new(interest: Interest) -> PacketTree {
        PacketTree {
            interest,
            items: Vec::with_capacity(256),
            arena: Vec::with_capacity(4096),
            sources: Vec::new(),
            layers: Vec::with_capacity(16),
            protocol_column: String::new(),
            info: String::with_capacity(256),
            src_column: String::with_capacity(64),
            dst_column: String::with_capacity(64),
            current_source: 0,
            redirect: None,
        }
    }

    /// Makes items of `redirect.from`'s fields come out as the fields it maps them to (see
    /// [`FieldRedirect`]) until it is set back; returns the redirect that was in force.
    pub fn set_redirect(
        &mut self,
        redirect: Option<&'static FieldRedirect>,
    ) -> Option<&'static FieldRedirect> {
        std::mem::replace(&mut self.redirect, redirect)
    }

    /// Empties the tree for the next packet, keeping its allocations.
    pub fn clear(&mut self) {
        self.items.clear();
        self.arena.clear();
        self.sources.clear();
        self.layers.clear();
        self.protocol_column.clear();
        self.info.clear();
        self.src_column.clear();
        self.dst_column.clear();
        self.current_source = 0;
        self.redirect = None;
    }

    /// Makes `source` the one [`PacketTree::add`] and [`PacketTree::add_generated`] use, and returns the
    /// previous one. A dissector handing reassembled bytes to the next layer sets the new source for the
    /// duration of that call and restores the previous one afterwards.
    pub fn set_current_source(&mut self, source: u16) -> u16 {
        std::mem::replace(&mut self.current_source, source)
    }

    /// The source that items added with [`PacketTree::add`] go to.
    pub fn current_source(&self) -> u16 {
        self.current_source
    }

    pub fn interest(&self) -> &Interest {
        &self.interest
    }

    #[inline]
    pub fn wants(&self, field: FieldId) -> bool {
        match self.redirect {
            None => self.interest.wants(field),
            Some(r) => r.map(field).is_some_and(|f| self.interest.wants(f)),
        }
    }

    /// Whether the Protocol and Info columns are wanted; dissectors skip formatting Info otherwise.
    #[inline]
    pub fn wants_columns(&self) -> bool {
        self.interest.columns
    }

    /// Adds an item in the current source (the frame unless reassembled bytes are being dissected). If the
    /// field is not wanted nothing is stored and the parent is returned, so that wanted children still find
    /// their nearest wanted ancestor.
    #[inline]
    pub fn add(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        offset: usize,
        len: usize,
        value: Value,
    ) -> ItemIdx {
        self.add_in(parent, field, self.current_source, offset, len, value, 0)
    }

    /// Adds a generated item (computed by the analysis, shown in brackets).
    #[inline]
    pub fn add_generated(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        offset: usize,
        len: usize,
        value: Value,
    ) -> ItemIdx {
        self.add_in(
            parent,
            field,
            self.current_source,
            offset,
            len,
            value,
            flags::GENERATED,
        )
    }

    /// Adds an item in any source with explicit flags.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    pub fn add_in(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        source: u16,
        offset: usize,
        len: usize,
        value: Value,
        item_flags: u8,
    ) -> ItemIdx {
        let field = match self.redirect {
            None => field,
            Some(r) => match r.map(field) {
                Some(f) => f,
                None => return ItemIdx(parent.0 | ItemIdx::SKIPPED),
            },
        };
        if !self.interest.wants(field) {
            return ItemIdx(parent.0 | ItemIdx::SKIPPED);
        }
        let idx = ItemIdx(self.items.len() as u32);
        self.items.push(Item {
            field,
            parent: parent.real().0,
            source,
            flags: item_flags,
            offset: offset as u32,
            len: len as u32,
            value,
            label_start: 0,
            label_len: 0,
        });
        idx
    }

    /// Sets a custom label on an item (ignored for the root or when the item was not stored).
    pub fn set_label(&mut self, item: ItemIdx, label: std::fmt::Arguments<'_>) {
        if !item.is_stored() {
            return;
        }
        let start = self.arena.len();
        let mut s = String::new();
        let _ = s.write_fmt(label);
        self.arena.extend_from_slice(s.as_bytes());
        let it = &mut self.items[item.0 as usize];
        it.label_start = start as u32;
        it.label_len = s.len() as u32;
    }

    /// Stores text in the arena and returns a value referring to it.
    pub fn text_value(&mut self, text: &str) -> Value {
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(text.as_bytes());
        Value::Text {
            start,
            len: text.len() as u32,
        }
    }

    /// Stores bytes in the arena and returns a value referring to them.
    pub fn bytes_value(&mut self, bytes: &[u8]) -> Value {
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(bytes);
        Value::ArenaBytes {
            start,
            len: bytes.len() as u32,
        }
    }

    /// Adds a data source (reassembled or decoded bytes) and returns its number for [`PacketTree::add_in`].
    pub fn add_source(&mut self, name: &'static str, bytes: &[u8]) -> u16 {
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(bytes);
        self.sources.push(Source {
            name,
            start,
            len: bytes.len() as u32,
            payload_of: None,
        });
        self.sources.len() as u16
    }

    /// Marks `source` (a number [`PacketTree::add_source`] returned) as holding application payload of
    /// `proto`, which the follow reports read.
    pub fn mark_payload(&mut self, source: u16, proto: crate::def::ProtoId) {
        if let Some(s) = (source as usize)
            .checked_sub(1)
            .and_then(|i| self.sources.get_mut(i))
        {
            s.payload_of = Some(proto);
        }
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn item(&self, idx: ItemIdx) -> &Item {
        &self.items[idx.0 as usize]
    }

    /// Mutable access for dissectors that learn a value after adding the item (lengths, checksums).
    /// Gives an item the length it turned out to have once what it covers was read (ignored for the
    /// root or an item that was not stored).
    pub fn set_len(&mut self, idx: ItemIdx, len: usize) {
        if let Some(item) = self.item_mut(idx) {
            item.len = len as u32;
        }
    }

    pub fn item_mut(&mut self, idx: ItemIdx) -> Option<&mut Item> {
        if !idx.is_stored() {
            return None;
        }
        self.items.get_mut(idx.0 as usize)
    }

    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The bytes of a source: `frame` for source 0.
    pub fn source_bytes<'a>(&'a self, frame: &'a [u8], source: u16) -> &'a [u8] {
        if source == 0 {
            frame
        } else {
            let s = &self.sources[source as usize - 1];
            &self.arena[s.start as usize..(s.start + s.len) as usize]
        }
    }

    /// The bytes an item covers (empty if the span lies outside its source, which dissectors avoid).
    pub fn item_bytes<'a>(&'a self, frame: &'a [u8], item: &Item) -> &'a [u8] {
        let data = self.source_bytes(frame, item.source);
        let start = item.offset as usize;
        let end = start.saturating_add(item.len as usize);
        data.get(start..end).unwrap_or(&[])
    }

    pub fn arena_slice(&self, start: u32, len: u32) -> &[u8] {
        &self.arena[start as usize..(start + len) as usize]
    }

    /// An item's custom label, if it has one.
    pub fn label(&self, item: &Item) -> Option<&str> {
        (item.label_len > 0).then(|| {
            std::str::from_utf8(self.arena_slice(item.label_start, item.label_len)).unwrap_or("")
        })
    }

    /// Items with the given field, in tree order (the field's occurrences).
    pub fn occurrences(&self, field: FieldId) -> impl Iterator<Item = &Item> + '_ {
        self.items.iter().filter(move |i| i.field == field)
    }
}
