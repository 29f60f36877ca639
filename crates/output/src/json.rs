//! `-T json`, `-T ek` and `-T jsonraw`, in TShark 4.0's structure.
//!
//! * `json`: one array of packet objects, pretty-printed with two-space indents. Each packet is
//!   `{"_index": "packets-YYYY-MM-DD", "_type": "doc", "_score": null, "_source": {"layers": {...}}}`;
//!   `layers` has one member per top-level item of the tree, keyed by filter name. A field with a value
//!   is `"name": "value"`; its subtree follows as `"name_tree": {...}`. An item without a value (a
//!   protocol, an `FT_NONE` field) is its subtree directly, or, when it has none, its label (protocols) or
//!   `""`. Several occurrences of a field are repeated keys, as tshark prints them (its default; it
//!   groups them into arrays only with `--no-duplicate-keys`).
//! * `ek`: two lines per packet for Elasticsearch's bulk API: `{"index":{"_index":...,"_type":"doc"}}`
//!   and `{"timestamp":"<epoch ms>","layers":{...}}`. Each protocol is one flat object: every field under
//!   it (not under a nested protocol, which is an object of its own) is named `<protocol>_<field>` with
//!   dots turned into underscores, and occurrences under the same parent field are grouped into arrays.
//!   Booleans are JSON booleans, `FT_NONE` fields `null`, absolute times ISO 8601.
//! * `jsonraw`: the `json` structure with only each item's raw form, `"name_raw": [hex, offset, length,
//!   bitmask, type]`.
//! * With `-e`, `json` and `ek` print only the named fields, each as an array of `-T fields` values.
//!
//! The JSON text is written by hand rather than through serde_json: the output must reproduce tshark's
//! exact bytes (its spacing, its repeated keys, its `<\/` and control-character escapes), which a general
//! serializer does not promise, and values are streamed straight from the packet tree into the output
//! buffer with no intermediate document per packet.

use std::fmt::Write as _;

use fields::ProtoId;
use fields::format::{civil_from_days, write_field_value};
use fields::tree::Item;
use fields::{FieldId, FieldType, PacketTree, Registry, Value};

use crate::fields_printer::{Column, FieldsError, FieldsOptions, Occurrence};

/// Which JSON form to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `-T json`.
    Json,
    /// `-T ek`: newline-delimited, for Elasticsearch.
    Ek,
    /// `-T jsonraw`: `-T json` with raw bytes instead of values.
    JsonRaw,
}

/// What a packet's time is, for `_index` and the EK `timestamp`.
#[derive(Debug, Clone, Copy)]
pub struct PacketTime {
    pub secs: i64,
    pub nanos: u32,
}

/// Marks "no item" in the child and sibling tables.
const NONE: u32 = u32::MAX;

/// Prints packets as JSON. Keeps the state of the enclosing array between packets, so that the output is
/// streamed packet by packet: [`JsonPrinter::write_preamble`], one [`JsonPrinter::write_packet`] per
/// packet, then [`JsonPrinter::write_finale`].
#[derive(Debug)]
pub struct JsonPrinter {
    kind: JsonKind,
    /// The `-e` selection, with the names as given; empty for the whole tree.
    selection: Vec<(String, Column)>,
    occurrence: Occurrence,
    writer: Writer,
    /// Per packet: first child and next sibling of every item (`NONE` when there is none), and the
    /// top-level items. Reused from packet to packet.
    first_child: Vec<u32>,
    last_child: Vec<u32>,
    next_sibling: Vec<u32>,
    /// The first top-level item; the others follow through `next_sibling`.
    first_root: u32,
    /// Work stacks of the tree walks, kept so that steady state allocates nothing.
    stack: Vec<u32>,
    ek_attrs: Vec<EkAttr>,
    ek_frames: Vec<EkFrame>,
    value: String,
    /// Per `-e` name: its values run together, where each ends, and whether the field occurred.
    values: Vec<String>,
    ends: Vec<Vec<usize>>,
    present: Vec<bool>,
    counts: Vec<usize>,
}

impl JsonPrinter {
    /// A printer of the whole tree (`names` empty) or of the `-e` fields `names`; `options` gives the
    /// `-E occurrence` that applies to `-e` fields. Unknown names are errors that suggest close ones.
    pub fn new(
        registry: &Registry,
        kind: JsonKind,
        names: &[String],
        options: &FieldsOptions,
    ) -> Result<JsonPrinter, FieldsError> {
        let mut selection = Vec::with_capacity(names.len());
        for name in names {
            selection.push((name.clone(), Column::resolve(registry, name)?));
        }
        let writer = match kind {
            JsonKind::Json | JsonKind::JsonRaw => Writer::new(true, false),
            // EK member names have their dots turned into underscores (Elasticsearch reads dots as
            // paths into nested objects).
            JsonKind::Ek => Writer::new(false, true),
        };
        Ok(JsonPrinter {
            kind,
            values: vec![String::new(); selection.len()],
            ends: vec![Vec::new(); selection.len()],
            present: vec![false; selection.len()],
            counts: vec![0; selection.len()],
            selection,
            occurrence: options.occurrence,
            writer,
            first_child: Vec::new(),
            last_child: Vec::new(),
            next_sibling: Vec::new(),
            first_root: NONE,
            stack: Vec::new(),
            ek_attrs: Vec::new(),
            ek_frames: Vec::new(),
            value: String::new(),
        })
    }

    /// Adds what the output needs to the interest set: every field for the whole tree (as `-V`), only
    /// the selected ones with `-e`.
    pub fn add_interest(&self, registry: &Registry, interest: &mut fields::Interest) {
        if self.selection.is_empty() {
            *interest = fields::Interest::everything(registry);
            return;
        }
        for (_, column) in &self.selection {
            match column {
                Column::Field(id) => interest.add_field(*id),
                _ => interest.columns = true,
            }
        }
    }

    /// What comes before the first packet: the opening of the array for `json` and `jsonraw`.
    pub fn write_preamble(&mut self, out: &mut String) {
        if self.kind != JsonKind::Ek {
            self.writer.begin_array(out);
        }
    }

    /// What comes after the last packet: the end of the array and a newline (`[]` and a newline when
    /// there was no packet, as tshark prints it).
    pub fn write_finale(&mut self, out: &mut String) {
        if self.kind != JsonKind::Ek {
            self.writer.end_array(out);
            out.push('\n');
        }
    }

    /// Appends one packet.
    pub fn write_packet(
        &mut self,
        registry: &Registry,
        tree: &PacketTree,
        frame: &[u8],
        time: PacketTime,
        out: &mut String,
    ) {
        self.link(tree);
        match self.kind {
            JsonKind::Ek => self.write_ek_packet(registry, tree, frame, time, out),
            JsonKind::Json | JsonKind::JsonRaw => {
                let w = &mut self.writer;
                w.begin_object(out);
                w.member(out, "_index");
                write_index(w, out, time);
                w.member(out, "_type");
                w.string(out, "doc");
                w.member(out, "_score");
                w.raw(out, "null");
                w.member(out, "_source");
                w.begin_object(out);
                w.member(out, "layers");
                if self.selection.is_empty() {
                    self.write_json_tree(registry, tree, frame, out);
                } else {
                    self.write_selection(registry, tree, frame, out);
                }
                let w = &mut self.writer;
                w.end_object(out);
                w.end_object(out);
            }
        }
    }

    /// Fills the child and sibling tables. Items are stored after their parents, so one pass in order
    /// lists every item's children in tree order.
    fn link(&mut self, tree: &PacketTree) {
        let n = tree.items().len();
        self.first_child.clear();
        self.first_child.resize(n, NONE);
        self.last_child.clear();
        self.last_child.resize(n, NONE);
        self.next_sibling.clear();
        self.next_sibling.resize(n, NONE);
        self.first_root = NONE;
        let mut last_root = NONE;
        for (i, item) in tree.items().iter().enumerate() {
            let i = i as u32;
            let p = item.parent as usize;
            // The root, or (defensively) a parent that is not an earlier item: a top-level item.
            let last = if p >= i as usize {
                &mut last_root
            } else {
                &mut self.last_child[p]
            };
            match *last {
                NONE if p >= i as usize => self.first_root = i,
                NONE => self.first_child[p] = i,
                prev => self.next_sibling[prev as usize] = i,
            }
            *last = i;
        }
    }

    /// The `-e` fields: `"name": [values]` for each that has a value, in `-e` order. Values are the
    /// `-T fields` forms (tshark formats both the same way).
    fn write_selection(
        &mut self,
        registry: &Registry,
        tree: &PacketTree,
        frame: &[u8],
        out: &mut String,
    ) {
        self.collect_selection(registry, tree, frame);
        let w = &mut self.writer;
        w.begin_object(out);
        for (i, (name, _)) in self.selection.iter().enumerate() {
            if !self.present[i] {
                continue;
            }
            w.member(out, name);
            w.begin_array(out);
            let mut begin = 0;
            for &end in &self.ends[i] {
                w.string(out, &self.values[i][begin..end]);
                begin = end;
            }
            w.end_array(out);
        }
        w.end_object(out);
    }

    /// Gathers the `-e` values of one packet, in tree order, keeping the occurrences `-E occurrence`
    /// asks for. A column (`_ws.col.*`) is always present, as in tshark.
    fn collect_selection(&mut self, registry: &Registry, tree: &PacketTree, frame: &[u8]) {
        for i in 0..self.selection.len() {
            self.values[i].clear();
            self.ends[i].clear();
            self.present[i] = false;
        }
        let counts = &mut self.counts;
        counts.fill(0);
        for item in tree.items() {
            for (i, (_, column)) in self.selection.iter().enumerate() {
                if *column != Column::Field(item.field) {
                    continue;
                }
                counts[i] += 1;
                let keep = match self.occurrence {
                    Occurrence::All => true,
                    Occurrence::First => counts[i] == 1,
                    Occurrence::Last => {
                        self.values[i].clear();
                        self.ends[i].clear();
                        true
                    }
                    Occurrence::Nth(n) => counts[i] == n,
                };
                if keep {
                    write_selected_value(registry, tree, frame, item, &mut self.values[i]);
                    self.ends[i].push(self.values[i].len());
                    self.present[i] = true;
                }
            }
        }
        for (i, (_, column)) in self.selection.iter().enumerate() {
            if let Some(text) = column.column_text(tree) {
                self.values[i].push_str(text);
                self.ends[i].push(self.values[i].len());
                self.present[i] = true;
            }
        }
    }

    /// The whole tree as `-T json` (or `-T jsonraw`) prints it, walked without recursion so that deeply
    /// nested packets cannot exhaust the stack.
    fn write_json_tree(
        &mut self,
        registry: &Registry,
        tree: &PacketTree,
        frame: &[u8],
        out: &mut String,
    ) {
        let raw = self.kind == JsonKind::JsonRaw;
        self.writer.begin_object(out);
        self.stack.clear();
        // The stack holds the next item to write at each open level.
        self.stack.push(self.first_root);
        while let Some(&next) = self.stack.last() {
            if next == NONE {
                self.stack.pop();
                self.writer.end_object(out);
                continue;
            }
            let idx = next as usize;
            *self.stack.last_mut().expect("non-empty") = self.next_sibling[idx];

            let item = &tree.items()[idx];
            let def = registry.field(item.field);
            // A text item is named by its label ("Timestamps": {...}).
            let key = if item.flags & fields::tree::flags::TEXT != 0 {
                tree.label(item).unwrap_or(def.abbrev)
            } else {
                def.abbrev
            };
            let has_value = !matches!(def.ty, FieldType::Protocol | FieldType::None);
            let has_children = self.first_child[idx] != NONE;
            if raw {
                self.writer.member_suffixed(out, key, "_raw");
                write_raw_array(
                    &mut self.writer,
                    &mut self.value,
                    registry,
                    tree,
                    frame,
                    item,
                    out,
                );
            } else if has_value {
                self.writer.member(out, key);
                self.value.clear();
                write_display_value(registry, tree, frame, item, &mut self.value);
                self.writer.string(out, &self.value);
            }
            if has_children {
                self.writer
                    .member_suffixed(out, key, if has_value { "_tree" } else { "" });
                self.writer.begin_object(out);
                self.stack.push(self.first_child[idx]);
            } else if !has_value && !raw {
                self.writer.member(out, key);
                if def.ty == FieldType::Protocol {
                    let name = if item.field.index == 0 {
                        registry.protocol(item.field.proto).name
                    } else {
                        def.name
                    };
                    let label = tree.label(item).unwrap_or(name);
                    self.writer.string(out, label);
                } else {
                    self.writer.string(out, "");
                }
            }
        }
    }

    fn write_ek_packet(
        &mut self,
        registry: &Registry,
        tree: &PacketTree,
        frame: &[u8],
        time: PacketTime,
        out: &mut String,
    ) {
        let w = &mut self.writer;
        w.begin_object(out);
        w.member(out, "index");
        w.begin_object(out);
        w.member(out, "_index");
        write_index(w, out, time);
        w.member(out, "_type");
        w.string(out, "doc");
        w.end_object(out);
        w.end_object(out);
        out.push('\n');
        w.begin_object(out);
        w.member(out, "timestamp");
        // Seconds and milliseconds run together, as tshark prints them (seconds as an unsigned number).
        self.value.clear();
        let _ = write!(
            self.value,
            "{}{:03}",
            time.secs as u64,
            time.nanos / 1_000_000
        );
        w.string(out, &self.value);
        w.member(out, "layers");
        if self.selection.is_empty() {
            self.write_ek_layers(registry, tree, frame, out);
        } else {
            self.write_selection(registry, tree, frame, out);
        }
        let w = &mut self.writer;
        w.end_object(out);
        out.push('\n');
    }

    /// The EK `layers` object. Every object (the layers, each protocol) lists its attributes: the items
    /// below it down to, not into, nested protocols, grouped by (parent field, field) in order of first
    /// appearance. A group of several items is an array. Walked with explicit stacks so that deeply
    /// nested packets cannot exhaust the stack.
    fn write_ek_layers(
        &mut self,
        registry: &Registry,
        tree: &PacketTree,
        frame: &[u8],
        out: &mut String,
    ) {
        self.ek_attrs.clear();
        self.ek_frames.clear();
        self.writer.begin_object(out);
        self.collect_ek_attrs(registry, tree, None);
        self.ek_frames.push(EkFrame {
            start: 0,
            pos: 0,
            close_array: false,
        });
        while let Some(top) = self.ek_frames.last_mut() {
            if top.pos as usize >= self.ek_attrs.len() {
                let done = self.ek_frames.pop().expect("non-empty");
                self.ek_attrs.truncate(done.start as usize);
                self.writer.end_object(out);
                if done.close_array {
                    self.writer.end_array(out);
                }
                continue;
            }
            let attr = self.ek_attrs[top.pos as usize];
            top.pos += 1;
            let item = &tree.items()[attr.idx as usize];
            let def = registry.field(item.field);
            if attr.first {
                write_ek_name(&mut self.writer, registry, item.field, out);
                if attr.multi {
                    self.writer.begin_array(out);
                }
            }
            let close_array = attr.last && attr.multi;
            if item.flags & fields::tree::flags::TEXT != 0 {
                // A text item is `"text": "its label"`, its items following at the same level.
                self.writer.string(out, tree.label(item).unwrap_or(""));
                if close_array {
                    self.writer.end_array(out);
                }
                continue;
            }
            if def.ty == FieldType::Protocol {
                self.writer.begin_object(out);
                let start = self.ek_attrs.len() as u32;
                self.collect_ek_attrs(registry, tree, Some(attr.idx));
                self.ek_frames.push(EkFrame {
                    start,
                    pos: start,
                    close_array,
                });
                continue;
            }
            self.value.clear();
            match (def.ty, item.value) {
                (FieldType::None, _) => self.writer.raw(out, "null"),
                (FieldType::Boolean, v) => {
                    let set = matches!(v, Value::UInt(x) if x != 0);
                    self.writer.raw(out, if set { "true" } else { "false" });
                }
                (FieldType::AbsoluteTime, Value::AbsTime { secs, nanos }) => {
                    write_iso8601(secs, nanos, &mut self.value);
                    self.writer.string(out, &self.value);
                }
                _ => {
                    write_display_value(registry, tree, frame, item, &mut self.value);
                    self.writer.string(out, &self.value);
                }
            }
            if close_array {
                self.writer.end_array(out);
            }
        }
    }

    /// Appends the attributes of `node` (the root when `None`) to `ek_attrs`, grouped and in writing
    /// order: a pre-order walk of its subtree that does not enter protocols, then a stable sort by the
    /// group's first appearance.
    fn collect_ek_attrs(&mut self, registry: &Registry, tree: &PacketTree, node: Option<u32>) {
        let start = self.ek_attrs.len();
        let items = tree.items();
        self.stack.clear();
        let mut cursor = match node {
            None => self.first_root,
            Some(n) => self.first_child[n as usize],
        };
        // A pre-order walk: descend into a field's children, then continue with its siblings (kept on
        // the stack meanwhile).
        loop {
            if cursor == NONE {
                match self.stack.pop() {
                    Some(c) => {
                        cursor = c;
                        continue;
                    }
                    None => break,
                }
            }
            let idx = cursor as usize;
            let item = &items[idx];
            let sibling = self.next_sibling[idx];
            let parent_key = if item.parent as usize >= idx {
                u32::MAX
            } else {
                registry.dense_index(items[item.parent as usize].field)
            };
            self.ek_attrs.push(EkAttr {
                idx: cursor,
                parent_key,
                field_key: registry.dense_index(item.field),
                group_pos: 0,
                first: false,
                last: false,
                multi: false,
            });
            let enters = registry.field(item.field).ty != FieldType::Protocol
                && self.first_child[idx] != NONE;
            if enters {
                self.stack.push(sibling);
                cursor = self.first_child[idx];
            } else {
                cursor = sibling;
            }
        }
        let attrs = &mut self.ek_attrs[start..];
        for (pos, a) in attrs.iter_mut().enumerate() {
            a.group_pos = pos as u32;
        }
        // Group: sort by key (stable, so each group stays in tree order), note each group's first
        // position, then order groups by it.
        attrs.sort_by_key(|a| (a.parent_key, a.field_key));
        let mut i = 0;
        while i < attrs.len() {
            let mut j = i + 1;
            while j < attrs.len()
                && (attrs[j].parent_key, attrs[j].field_key)
                    == (attrs[i].parent_key, attrs[i].field_key)
            {
                j += 1;
            }
            let first_pos = attrs[i].group_pos;
            let multi = j - i > 1;
            for (k, a) in attrs[i..j].iter_mut().enumerate() {
                a.first = k == 0;
                a.last = k == j - i - 1;
                a.multi = multi;
                a.group_pos = first_pos;
            }
            i = j;
        }
        attrs.sort_by_key(|a| a.group_pos);
    }
}

/// One EK attribute: an item, its group and its place in the group.
#[derive(Debug, Clone, Copy)]
struct EkAttr {
    idx: u32,
    /// Dense index of the tree parent's field (`u32::MAX` at the top level) and of the item's field.
    parent_key: u32,
    field_key: u32,
    /// Before grouping, the item's position in the walk; after, its group's first position.
    group_pos: u32,
    first: bool,
    last: bool,
    multi: bool,
}

/// An open EK object: its attributes are `ek_attrs[start..]`, `pos` the next one to write.
#[derive(Debug, Clone, Copy)]
struct EkFrame {
    start: u32,
    pos: u32,
    /// Whether closing this object also closes the array of its group.
    close_array: bool,
}

/// `packets-YYYY-MM-DD` of the packet's date (UTC, the zone wiresift prints every time in).
fn write_index(w: &mut Writer, out: &mut String, time: PacketTime) {
    let (y, m, d) = civil_from_days(time.secs.div_euclid(86_400));
    let mut s = String::with_capacity(20);
    let _ = write!(s, "packets-{y:04}-{m:02}-{d:02}");
    w.string(out, &s);
}

/// The EK name of a field: `<protocol>_<field>` for fields, the filter name alone for protocols.
fn write_ek_name(w: &mut Writer, registry: &Registry, field: FieldId, out: &mut String) {
    let def = registry.field(field);
    // Protocols, and text items ("text"), go by their name alone.
    if field.is_protocol() || field.proto == ProtoId(0) && def.abbrev == "text" {
        w.member(out, def.abbrev);
    } else {
        let proto = registry.protocol(field.proto).filter_name;
        w.member_joined(out, proto, "_", def.abbrev);
    }
}

/// A value as tshark's JSON shows it: the `-T fields` form, except that bytes are colon-separated hex
/// pairs (tshark's display form of bytes; `-T fields` drops the separators) and strings are as they are
/// (see [`write_selected_value`]).
pub fn write_display_value(
    registry: &Registry,
    tree: &PacketTree,
    frame: &[u8],
    item: &Item,
    out: &mut String,
) {
    match item.value {
        Value::Bytes if !is_string(registry, item) => {
            write_colon_hex(tree.item_bytes(frame, item), out)
        }
        Value::ArenaBytes { start, len } => write_colon_hex(tree.arena_slice(start, len), out),
        _ => write_selected_value(registry, tree, frame, item, out),
    }
}

/// A value as tshark's JSON shows an `-e` field: the `-T fields` form, except that strings are the
/// string itself. tshark escapes control characters in `-T fields` lines only as it writes them; its
/// JSON has them raw, escaped only as JSON escapes them. Invalid UTF-8 becomes U+FFFD, as Wireshark
/// decodes it.
pub fn write_selected_value(
    registry: &Registry,
    tree: &PacketTree,
    frame: &[u8],
    item: &Item,
    out: &mut String,
) {
    let text = match item.value {
        Value::Str => {
            let bytes = tree.item_bytes(frame, item);
            // A string's value ends at its first NUL (Wireshark keeps strings as C strings); the
            // item still covers the bytes after it.
            match registry.field(item.field).ty {
                FieldType::String | FieldType::StringZ => {
                    bytes.split(|b| *b == 0).next().unwrap_or(bytes)
                }
                _ => bytes,
            }
        }
        Value::Text { start, len } => tree.arena_slice(start, len),
        _ => return write_field_value(registry, tree, frame, item, out),
    };
    if registry.field(item.field).ty == FieldType::Protocol {
        return write_field_value(registry, tree, frame, item, out);
    }
    out.push_str(&String::from_utf8_lossy(text));
}

fn is_string(registry: &Registry, item: &Item) -> bool {
    matches!(
        registry.field(item.field).ty,
        FieldType::String | FieldType::StringZ | FieldType::UIntString
    )
}

fn write_colon_hex(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
}

/// `2026-11-22T21:38:48.952896774Z`, the EK form of absolute times.
fn write_iso8601(secs: i64, nanos: u32, out: &mut String) {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let _ = write!(
        out,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    );
}

/// `-T jsonraw`'s `[hex, offset, length, bitmask, type]` of one item. A bitmask field shows its value in
/// upper-case hex instead of its bytes; an item reaching past its data shows tshark's
/// "field length invalid!".
fn write_raw_array(
    w: &mut Writer,
    scratch: &mut String,
    registry: &Registry,
    tree: &PacketTree,
    frame: &[u8],
    item: &Item,
    out: &mut String,
) {
    let def = registry.field(item.field);
    // Wireshark adds expert notes without a data source: their raw form has no bytes at all (not even
    // an empty string), and the note itself is a protocol item (`_ws.expert` is registered as one).
    let is_expert = |f: fields::FieldId| registry.field(f).abbrev == "_ws.expert";
    let expert_note = is_expert(item.field)
        || (item.parent != fields::ItemIdx::ROOT.0
            && is_expert(tree.item(fields::ItemIdx(item.parent)).field));
    w.begin_array(out);
    scratch.clear();
    if expert_note {
    } else if def.bitmask != 0 {
        let _ = match item.value {
            Value::UInt(v) if def.ty.integer_bits().is_some_and(|b| b <= 32) => {
                write!(scratch, "{:X}", v as u32)
            }
            Value::Int(v) if def.ty.integer_bits().is_some_and(|b| b <= 32) => {
                write!(scratch, "{:X}", v as u32)
            }
            Value::UInt(v) => write!(scratch, "{v:X}"),
            Value::Int(v) => write!(scratch, "{:X}", v as u64),
            _ => Ok(()),
        };
        w.string(out, scratch);
    } else {
        let data = tree.source_bytes(frame, item.source);
        let end = item.offset as usize + item.len as usize;
        if end > data.len() {
            w.string(out, "field length invalid!");
        } else {
            fields::format::write_hex(&data[item.offset as usize..end], scratch);
            w.string(out, scratch);
        }
    }
    scratch.clear();
    let _ = write!(scratch, "{}", item.offset);
    w.raw(out, scratch);
    scratch.clear();
    let _ = write!(scratch, "{}", item.len);
    w.raw(out, scratch);
    scratch.clear();
    let _ = write!(scratch, "{}", def.bitmask);
    w.raw(out, scratch);
    scratch.clear();
    let ty = if is_expert(item.field) {
        ftenum(FieldType::Protocol)
    } else {
        ftenum(def.ty)
    };
    let _ = write!(scratch, "{ty}");
    w.raw(out, scratch);
    w.end_array(out);
}

/// Wireshark 4.0's `ftenum` number of a field type, which `jsonraw` prints.
fn ftenum(ty: FieldType) -> u32 {
    use FieldType::*;
    match ty {
        None => 0,
        Protocol => 1,
        Boolean => 2,
        Char => 3,
        UInt8 => 4,
        UInt16 => 5,
        UInt24 => 6,
        UInt32 => 7,
        UInt40 => 8,
        UInt48 => 9,
        UInt56 => 10,
        UInt64 => 11,
        Int8 => 12,
        Int16 => 13,
        Int24 => 14,
        Int32 => 15,
        Int64 => 19,
        Float => 22,
        Double => 23,
        AbsoluteTime => 24,
        RelativeTime => 25,
        String => 26,
        StringZ => 27,
        UIntString => 28,
        Ether => 29,
        Bytes => 30,
        UIntBytes => 31,
        Ipv4 => 32,
        Ipv6 => 33,
        FrameNum => 35,
        Guid => 36,
        Oid => 37,
        Eui64 => 38,
    }
}

/// A JSON writer with tshark's layout: pretty (newline and two spaces per level before every element,
/// `"name": value`) or compact (no whitespace at all), and member names optionally with dots turned into
/// underscores (EK). It only tracks commas and indentation; callers nest calls properly.
#[derive(Debug)]
struct Writer {
    pretty: bool,
    dots_to_underscores: bool,
    /// Elements written so far in each open object or array.
    counts: Vec<u32>,
    /// A member name was just written: the next value follows it directly.
    after_name: bool,
}

impl Writer {
    fn new(pretty: bool, dots_to_underscores: bool) -> Writer {
        Writer {
            pretty,
            dots_to_underscores,
            counts: Vec::with_capacity(32),
            after_name: false,
        }
    }

    fn newline(&self, out: &mut String, depth: usize) {
        if self.pretty {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("  ");
            }
        }
    }

    /// Separates a new element (array value or member) from the previous one.
    fn element(&mut self, out: &mut String) {
        let depth = self.counts.len();
        if let Some(count) = self.counts.last_mut() {
            if *count > 0 {
                out.push(',');
            }
            *count += 1;
            self.newline(out, depth);
        }
    }

    fn before_value(&mut self, out: &mut String) {
        if self.after_name {
            self.after_name = false;
        } else {
            self.element(out);
        }
    }

    fn member(&mut self, out: &mut String, name: &str) {
        self.member_joined(out, name, "", "");
    }

    fn member_suffixed(&mut self, out: &mut String, name: &str, suffix: &str) {
        self.member_joined(out, name, suffix, "");
    }

    /// A member named by the concatenation of three parts.
    fn member_joined(&mut self, out: &mut String, a: &str, b: &str, c: &str) {
        self.element(out);
        out.push('"');
        let mut previous = None;
        for part in [a, b, c] {
            for ch in part.chars() {
                escape_char(out, ch, previous, self.dots_to_underscores);
                previous = Some(ch);
            }
        }
        out.push('"');
        out.push(':');
        if self.pretty {
            out.push(' ');
        }
        self.after_name = true;
    }

    fn string(&mut self, out: &mut String, s: &str) {
        self.before_value(out);
        out.push('"');
        let mut previous = None;
        for ch in s.chars() {
            escape_char(out, ch, previous, false);
            previous = Some(ch);
        }
        out.push('"');
    }

    /// A literal (`null`, `true`, a number).
    fn raw(&mut self, out: &mut String, s: &str) {
        self.before_value(out);
        out.push_str(s);
    }

    fn begin_object(&mut self, out: &mut String) {
        self.before_value(out);
        out.push('{');
        self.counts.push(0);
    }

    fn end_object(&mut self, out: &mut String) {
        self.close(out, '}');
    }

    fn begin_array(&mut self, out: &mut String) {
        self.before_value(out);
        out.push('[');
        self.counts.push(0);
    }

    fn end_array(&mut self, out: &mut String) {
        self.close(out, ']');
    }

    fn close(&mut self, out: &mut String, bracket: char) {
        let count = self.counts.pop().unwrap_or(0);
        if count > 0 {
            self.newline(out, self.counts.len());
        }
        out.push(bracket);
    }
}

/// One character of a JSON string as tshark's JSON writer escapes it: quotes and backslashes, control
/// characters (`\b \t \n \f \r`, others as `\u00XX`), and the `/` of `</` (so that the output can sit in
/// a web page's script element).
fn escape_char(out: &mut String, ch: char, previous: Option<char>, dots_to_underscores: bool) {
    match ch {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\u{8}' => out.push_str("\\b"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\u{c}' => out.push_str("\\f"),
        '\r' => out.push_str("\\r"),
        '\0'..='\u{1f}' => {
            let _ = write!(out, "\\u{:04x}", ch as u32);
        }
        '/' if previous == Some('<') => out.push_str("\\/"),
        '.' if dots_to_underscores => out.push('_'),
        _ => out.push(ch),
    }
}
