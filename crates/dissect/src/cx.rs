//! The context a dissector works in: the tree being built, the frame's metadata, the run's state.

use fields::{FieldId, ItemIdx, PacketTree, Value};

use crate::{Dissector, FrameMeta};

/// Everything a protocol dissector needs while dissecting one frame.
pub struct Cx<'a, 'm> {
    pub state: &'a mut Dissector,
    pub meta: &'a FrameMeta<'m>,
    pub tree: &'a mut PacketTree,
    /// The innermost IP header dissected so far, for the layers above it (ICMP's Info shows its TTL,
    /// checksums and request/response matching use its addresses).
    pub net: Option<NetInfo>,
    /// How many ICMP or ICMPv6 error messages enclose the bytes being dissected: inside one, the quoted
    /// datagram is dissected without touching the columns, reassembly or request/response state.
    pub in_error: u8,
    /// How many bytes of the frame were captured (set by [`crate::Dissector::dissect`]), to tell a frame
    /// cut short by the snapshot length from a malformed one.
    pub captured: usize,
    /// The Ethernet addresses of the frame, shown in the address columns when no layer above set them
    /// (see [`crate::Dissector::dissect`]); formatting them only then saves the work on IP frames.
    pub link_addresses: Option<([u8; 6], [u8; 6])>,
    /// Errors (malformed or short) raised inside quoted datagrams and not reported, as Wireshark catches
    /// them; a dissector can compare the count before and after dissecting a quoted datagram.
    pub suppressed_errors: u32,
    /// Where the Info column's fence stands: [`Cx::set_info`] keeps what is before it.
    pub info_fence: usize,
    /// The TCP stream (`tcp.stream`) whose bytes are being dissected, for protocols above TCP that keep
    /// per-conversation state (HTTP request/response matching).
    pub tcp_stream: Option<u32>,
    /// The transport layer's ports (source, destination) and whether it is TCP, for the layers above it
    /// (DNS matches queries and responses by addresses and ports).
    pub transport: Option<(u16, u16, bool)>,
    /// Whether the bytes being dissected were decrypted from TLS records: HTTP's full URI is then
    /// https, and a protocol handing the connection over hands over TLS's content, not TCP's.
    pub over_tls: bool,
    /// Whether the Protocol column is fixed for the rest of the frame: after a PDU TCP put together
    /// from several segments, Wireshark's TCP makes the column read-only.
    pub protocol_locked: bool,
    /// Whether no column may change (see [`Cx::without_columns`]).
    columns_frozen: bool,
    /// A protocol item that the next layer is to be placed under rather than beside (see
    /// [`Cx::within`]).
    nest_in: Option<ItemIdx>,
    /// The protocol item TCP added for the run of PDUs being dissected, for a stream protocol that
    /// Wireshark calls once per run and that shows one item per call (see
    /// `StreamProtocol::item_per_run`): its PDUs go under it rather than under items of their own.
    pub run_item: Option<ItemIdx>,
}

/// What the network layer tells the layers above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetInfo {
    pub src: std::net::IpAddr,
    pub dst: std::net::IpAddr,
    /// IPv4 time to live or IPv6 hop limit.
    pub ttl: u8,
    /// Where the IP header says its payload ends, as an offset in the bytes the network layer handed
    /// on; past their end when the frame was cut short by the snapshot length. Upper layers report
    /// lengths from it as Wireshark does (`tcp.len` of a cut-short segment is what was sent).
    pub reported_end: usize,
}

impl<'a, 'm> Cx<'a, 'm> {
    pub fn new(
        state: &'a mut Dissector,
        meta: &'a FrameMeta<'m>,
        tree: &'a mut PacketTree,
    ) -> Self {
        Cx {
            state,
            meta,
            tree,
            net: None,
            in_error: 0,
            captured: 0,
            link_addresses: None,
            suppressed_errors: 0,
            info_fence: 0,
            tcp_stream: None,
            transport: None,
            over_tls: false,
            protocol_locked: false,
            columns_frozen: false,
            nest_in: None,
            run_item: None,
        }
    }

    /// Records a protocol layer: its item (with a summary label), `frame.protocols`, and the Protocol column.
    ///
    /// Wireshark's dissectors hand the next layer the tree they were given, so protocols sit side by
    /// side at the top of the tree. Ours hand on their own protocol item; when `parent` is a protocol
    /// item, the new layer goes beside it (under its parent), unless the caller asked for it inside with
    /// [`Cx::within`] (an ICMP error's quoted datagram) or used [`Cx::push_sublayer`] (IPv6 extension
    /// headers). A field item as `parent` (an option that carries a packet) is kept.
    pub fn push_layer(
        &mut self,
        parent: ItemIdx,
        proto: FieldId,
        filter_name: &'static str,
        column: &'static str,
        offset: usize,
        len: usize,
    ) -> ItemIdx {
        let parent = self.layer_parent(parent);
        self.push_sublayer(parent, proto, filter_name, column, offset, len)
    }

    /// Where a protocol layer handed `given` goes (see [`Cx::push_layer`]), for dissectors that add
    /// their protocol item themselves.
    pub fn layer_parent(&mut self, given: ItemIdx) -> ItemIdx {
        match self.nest_in.take() {
            Some(inside) if inside == given => given,
            // Inside an ICMP error, Wireshark keeps the quoted IP and transport headers in the ICMP
            // tree but puts what UDP hands on (data, DNS ...) at the top of the tree; what TCP hands
            // on stays in the ICMP tree (zeek/smtp.pcap's quoted SMTP segments).
            _ if self.in_error > 0
                && given.is_stored()
                && self.tree.item(given).field == crate::protocols::udp::PROTOCOL_FIELD =>
            {
                ItemIdx::ROOT
            }
            _ if given.is_stored() && self.tree.item(given).field.is_protocol() => {
                ItemIdx(self.tree.item(given).parent)
            }
            _ => given,
        }
    }

    /// [`Cx::push_layer`] exactly under `parent`: for protocols that Wireshark shows inside another's
    /// tree (IPv6 extension headers inside IPv6).
    pub fn push_sublayer(
        &mut self,
        parent: ItemIdx,
        proto: FieldId,
        filter_name: &'static str,
        column: &'static str,
        offset: usize,
        len: usize,
    ) -> ItemIdx {
        self.tree.layers.push(filter_name);
        if !column.is_empty() {
            self.set_protocol(column);
        }
        self.tree.add(parent, proto, offset, len, Value::None)
    }

    /// Whether columns are wanted and may be written now.
    pub(crate) fn writes_columns(&self) -> bool {
        self.tree.wants_columns() && !self.columns_frozen
    }

    /// Runs `f` with every column read-only, as Wireshark's `col_set_writable(FALSE)`: for a packet a
    /// protocol quotes (the one an LCP Protocol-Reject sends back), whose dissection must not change the
    /// frame's columns.
    pub fn without_columns<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = std::mem::replace(&mut self.columns_frozen, true);
        let r = f(self);
        self.columns_frozen = saved;
        r
    }

    /// Runs `f`, whose first protocol layer goes inside `parent` rather than beside it: Wireshark's ICMP
    /// and ICMPv6 dissect the quoted datagram and their data in their own tree.
    pub fn within<R>(&mut self, parent: ItemIdx, f: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.nest_in.replace(parent);
        let r = f(self);
        self.nest_in = saved;
        r
    }

    /// Adds an unsigned field read from the packet (already masked/shifted by the caller if needed).
    #[inline]
    pub fn uint(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        offset: usize,
        len: usize,
        v: u64,
    ) -> ItemIdx {
        self.tree.add(parent, field, offset, len, Value::UInt(v))
    }

    /// Adds a string field over `data[offset..offset + len]` (`data` being the current source's
    /// bytes): its value ends at the first NUL, and bytes other than NUL after it get Wireshark's
    /// "Trailing stray characters" warning under the item.
    pub fn string(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        data: &[u8],
        offset: usize,
        len: usize,
    ) -> ItemIdx {
        let item = self.tree.add(parent, field, offset, len, Value::Str);
        self.trailing_stray(item, data.get(offset..offset + len).unwrap_or_default());
        item
    }

    /// Wireshark's "Trailing stray characters" warning under `item`, a string read from `bytes`,
    /// when a byte other than NUL follows its first NUL.
    pub fn trailing_stray(&mut self, item: ItemIdx, bytes: &[u8]) {
        if let Some(nul) = bytes.iter().position(|&b| b == 0)
            && bytes[nul..].iter().any(|&b| b != 0)
        {
            self.expert(
                item,
                crate::protocols::ws::TRAILING_STRAY_CHARACTERS,
                Severity::Warning,
                Group::Undecoded,
                format_args!("Trailing stray characters"),
            );
        }
    }

    /// Adds a bitmask sub-field of an integer at `offset..offset+len` whose whole value is `raw`:
    /// the stored value is `(raw & mask) >> shift`, as Wireshark stores it.
    #[inline]
    pub fn bits(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        offset: usize,
        len: usize,
        raw: u64,
    ) -> ItemIdx {
        if !self.tree.wants(field) {
            // Skipped, not the parent itself: a label set on the result must not land on the parent.
            return ItemIdx(parent.0 | ItemIdx::SKIPPED);
        }
        let def = crate::registry().field(field);
        let v = (raw & def.bitmask) >> def.shift();
        self.tree.add(parent, field, offset, len, Value::UInt(v))
    }

    /// Sets a custom label that keeps tshark's bit-pattern prefix: the bits of `mask` in a `width`-bit
    /// integer whose value is `raw`, then `text` (`0100 .... = Version: 4`). Does nothing for an item that
    /// was not stored, so callers need not check.
    pub fn set_bits_label(
        &mut self,
        item: ItemIdx,
        width: u32,
        mask: u64,
        raw: u64,
        text: std::fmt::Arguments<'_>,
    ) {
        if !item.is_stored() {
            return;
        }
        let mut label = String::new();
        fields::label::write_bit_pattern(&mut label, width, mask, raw);
        let _ = std::fmt::Write::write_fmt(&mut label, text);
        self.tree.set_label(item, format_args!("{label}"));
    }

    /// Adds an integer of flag bits and its bit fields, labelled as Wireshark's bitmask items with the
    /// names of the set bits appended: "Flags: 0x0a, Standby, Domain Master", or "Command: Name
    /// (0x01), Demote LMB" when the integer's field names its values. The label is cut to Wireshark's
    /// label buffer without a truncation mark, as appended text is.
    pub fn flag_bits(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        bits: &[FieldId],
        offset: usize,
        len: usize,
        v: u64,
    ) -> ItemIdx {
        let it = self.uint(parent, field, offset, len, v);
        if it.is_stored() {
            use std::fmt::Write as _;
            let reg = crate::registry();
            let def = reg.field(field);
            let mut label = format!("{}: ", def.name);
            let hex = format!("0x{v:0w$x}", w = len * 2);
            match def.strings {
                fields::Strings::None => label.push_str(&hex),
                strings => {
                    let name = strings.name_of(v).unwrap_or("Unknown");
                    let _ = write!(label, "{name} ({hex})");
                }
            }
            for &bit in bits {
                let b = reg.field(bit);
                if v & b.bitmask != 0 {
                    label.push_str(", ");
                    label.push_str(b.name);
                }
            }
            fields::label::cut_to_label_buffer(&mut label);
            self.tree.set_label(it, format_args!("{label}"));
        }
        for &bit in bits {
            self.bits(it, bit, offset, len, v);
        }
        it
    }

    /// Adds a text item (no field) with `label` over `offset..offset + len` of the current source:
    /// Wireshark's headings such as "Boot file name option overload". Returns it, to hold the items
    /// added under it, or `parent` itself when text items are not wanted.
    pub fn text_item(
        &mut self,
        parent: ItemIdx,
        offset: usize,
        len: usize,
        label: std::fmt::Arguments<'_>,
    ) -> ItemIdx {
        let source = self.tree.current_source();
        let it = self.tree.add_in(
            parent,
            crate::protocols::ws::TEXT,
            source,
            offset,
            len,
            Value::None,
            fields::tree::flags::TEXT,
        );
        if it.is_stored() {
            self.tree.set_label(it, label);
            it
        } else {
            parent
        }
    }

    /// The value of a string field Wireshark reads as ASCII (`ENC_ASCII`): the item's own bytes when
    /// they are ASCII, else the text with each byte past 0x7f a U+FFFD, as `-T fields` and filters see
    /// it (the value still ends at its first NUL).
    pub fn ascii_value(&mut self, bytes: &[u8]) -> Value {
        if bytes.is_ascii() {
            return Value::Str;
        }
        let text: String = bytes
            .iter()
            .map(|&b| if b.is_ascii() { b as char } else { '\u{fffd}' })
            .collect();
        self.tree.text_value(&text)
    }

    /// Sets the Protocol column.
    pub fn set_protocol(&mut self, name: &str) {
        if self.writes_columns() && !self.protocol_locked {
            self.tree.protocol_column.clear();
            self.tree.protocol_column.push_str(name);
        }
    }

    /// Sets the Source and Destination columns (a higher layer's addresses replace a lower layer's).
    pub fn set_addresses(&mut self, src: &dyn std::fmt::Display, dst: &dyn std::fmt::Display) {
        if self.writes_columns() {
            use std::fmt::Write as _;
            self.tree.src_column.clear();
            self.tree.dst_column.clear();
            let _ = write!(self.tree.src_column, "{src}");
            let _ = write!(self.tree.dst_column, "{dst}");
        }
    }

    /// [`Cx::set_addresses`] for IPv4 addresses, without going through `Display`.
    pub fn set_ipv4_addresses(&mut self, src: [u8; 4], dst: [u8; 4]) {
        if self.writes_columns() {
            self.tree.src_column.clear();
            self.tree.dst_column.clear();
            fields::format::push_ipv4(&mut self.tree.src_column, src);
            fields::format::push_ipv4(&mut self.tree.dst_column, dst);
        }
    }

    /// The source address column alone (a header cut short before its destination address).
    pub fn set_ipv4_source(&mut self, src: [u8; 4]) {
        if self.writes_columns() {
            self.tree.src_column.clear();
            fields::format::push_ipv4(&mut self.tree.src_column, src);
        }
    }

    /// [`Cx::set_addresses`] for IPv6 addresses, without going through `Display`.
    pub fn set_ipv6_addresses(&mut self, src: [u8; 16], dst: [u8; 16]) {
        if self.writes_columns() {
            self.tree.src_column.clear();
            self.tree.dst_column.clear();
            fields::format::push_ipv6(&mut self.tree.src_column, src);
            fields::format::push_ipv6(&mut self.tree.dst_column, dst);
        }
    }

    /// Starts the Info column afresh (a higher layer replaces what lower layers wrote).
    pub fn set_info(&mut self, args: std::fmt::Arguments<'_>) {
        if self.writes_columns() {
            self.tree.info.truncate(self.info_fence);
            let _ = std::fmt::Write::write_fmt(&mut self.tree.info, args);
        }
    }

    /// Fences the Info column as it stands: later [`Cx::set_info`] calls add to it (Wireshark's
    /// `col_set_fence`, used between PDUs of one frame).
    pub fn fence_info(&mut self) {
        self.info_fence = self.tree.info.len();
    }

    /// Appends to the Info column, after `sep` unless the column is empty (Wireshark's
    /// `col_append_sep_str`).
    pub fn append_info_sep(&mut self, sep: &str, args: std::fmt::Arguments<'_>) {
        if self.writes_columns() {
            if !self.tree.info.is_empty() {
                self.tree.info.push_str(sep);
            }
            let _ = std::fmt::Write::write_fmt(&mut self.tree.info, args);
        }
    }

    /// Appends to the Info column.
    pub fn append_info(&mut self, args: std::fmt::Arguments<'_>) {
        if self.writes_columns() {
            let _ = std::fmt::Write::write_fmt(&mut self.tree.info, args);
        }
    }

    /// Flags the packet as cut short by the snapshot length at `offset`: tshark's "[Packet size limited
    /// during capture]" (`_ws.short`). Use it instead of [`Cx::malformed`] when the bytes missing were on
    /// the wire but not captured.
    ///
    /// Like tshark's, the item sits at offset 0 with no length (PDML `pos="0" size="0"`): `offset`, where
    /// the bytes ran out, may lie past the end of the data, and no item may.
    pub fn short(&mut self, _offset: usize, what: &str) {
        if self.in_error > 0 {
            self.suppressed_errors += 1;
            return;
        }
        self.tree.layers.push("_ws.short");
        let item = self.tree.add(
            ItemIdx::ROOT,
            crate::protocols::ws::SHORT,
            0,
            0,
            Value::None,
        );
        self.tree.set_label(
            item,
            format_args!("[Packet size limited during capture: {what}]"),
        );
        self.append_info(format_args!("[Packet size limited during capture]"));
    }

    /// Whether bytes missing past the end of `data_len` bytes of the frame were lost to the snapshot length
    /// (the frame was captured short of its length on the wire, and `data` runs to the end of what was
    /// captured) rather than absent from the packet.
    pub fn lost_to_snaplen(&self, data_len: usize) -> bool {
        self.tree.current_source() == 0
            && (self.meta.original_len as usize) > self.captured
            && data_len >= self.captured
    }

    /// How many bytes the transport layer starting at `offset` of `data` has on the wire: what the IP
    /// header says when the frame was cut short by the snapshot length, else what `data` holds.
    pub fn reported_from(&self, data: &[u8], offset: usize) -> usize {
        let avail = data.len().saturating_sub(offset);
        match self.net {
            Some(net) if self.lost_to_snaplen(data.len()) => {
                net.reported_end.saturating_sub(offset)
            }
            _ => avail,
        }
    }

    /// Reports bytes missing at `offset` of a dissector's `data` (`data_len` long): [`Cx::short`] when they
    /// were lost to the snapshot length, [`Cx::malformed`] otherwise.
    ///
    /// `proto` is the short name of the protocol that ran out of bytes: tshark labels the first
    /// "[Packet size limited during capture: PROTO truncated]" and the second "[Malformed Packet:
    /// PROTO]".
    pub fn cut_short(&mut self, offset: usize, data_len: usize, proto: &'static str) {
        if self.lost_to_snaplen(data_len) {
            self.short(offset, &format!("{proto} truncated"));
        } else {
            self.malformed(offset, proto);
        }
    }

    /// Adds a hidden item (present for filters, not shown by `-V`) in the current source.
    pub fn hidden(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        offset: usize,
        len: usize,
        value: Value,
    ) -> ItemIdx {
        let source = self.tree.current_source();
        self.tree.add_in(
            parent,
            field,
            source,
            offset,
            len,
            value,
            fields::tree::flags::HIDDEN,
        )
    }

    /// Flags the packet as malformed at `offset`: tshark's "[Malformed Packet]" with an expert note. The
    /// dissector then stops; what was already added stays.
    ///
    /// Inside the datagram quoted by an ICMP error nothing is reported: Wireshark catches the exceptions
    /// raised there.
    ///
    /// The item sits at offset 0 with no length, as in [`Cx::short`].
    pub fn malformed(&mut self, _offset: usize, what: &'static str) {
        if self.in_error > 0 {
            self.suppressed_errors += 1;
            return;
        }
        self.tree.layers.push("_ws.malformed");
        let item = self.tree.add(
            ItemIdx::ROOT,
            crate::protocols::ws::MALFORMED,
            0,
            0,
            Value::None,
        );
        self.tree
            .set_label(item, format_args!("[Malformed Packet: {what}]"));
        // Wireshark notes every exception a dissector raises as an expert error under the item.
        self.expert(
            item,
            crate::protocols::ws::MALFORMED_EXPERT,
            Severity::Error,
            Group::Malformed,
            format_args!("Malformed Packet (Exception occurred)"),
        );
        self.append_info(format_args!("[Malformed Packet]"));
    }

    /// [`Cx::malformed`] for bytes read past the end of a part whose length runs past its container's
    /// (Wireshark's contained-bounds error): `what` labels the item, and Info says "[Malformed Packet:
    /// length of contained item exceeds length of containing item]".
    pub fn malformed_contained(&mut self, offset: usize, what: &'static str) {
        if self.in_error > 0 {
            self.suppressed_errors += 1;
            return;
        }
        self.malformed(offset, what);
        let plain = "[Malformed Packet]";
        if self.tree.info.ends_with(plain) {
            let keep = self.tree.info.len() - plain.len();
            self.tree.info.truncate(keep);
            self.append_info(format_args!(
                "[Malformed Packet: length of contained item exceeds length of containing item]"
            ));
        }
    }
}

impl Cx<'_, '_> {
    /// Adds a generated text item ("[Timestamps]") under `parent` to hold the items added under it; when
    /// text items are not wanted they attach to `parent` instead.
    pub fn generated_text(&mut self, parent: ItemIdx, label: std::fmt::Arguments<'_>) -> ItemIdx {
        let source = self.tree.current_source();
        let flags = fields::tree::flags::GENERATED | fields::tree::flags::TEXT;
        let it = self.tree.add_in(
            parent,
            crate::protocols::ws::TEXT,
            source,
            0,
            0,
            Value::None,
            flags,
        );
        if it.is_stored() {
            self.tree.set_label(it, label);
        }
        it
    }
}

/// Expert severities (`_ws.expert.severity`), as Wireshark numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Comment = 0x0010_0000,
    Chat = 0x0020_0000,
    Note = 0x0040_0000,
    Warning = 0x0060_0000,
    Error = 0x0080_0000,
}

/// Expert groups (`_ws.expert.group`), as Wireshark numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Checksum = 0x0100_0000,
    Sequence = 0x0200_0000,
    Undecoded = 0x0500_0000,
    Malformed = 0x0700_0000,
    Reassemble = 0x0600_0000,
    Protocol = 0x0900_0000,
    Security = 0x0a00_0000,
    Comment = 0x0b00_0000,
    Decryption = 0x0c00_0000,
    Deprecated = 0x0e00_0000,
}

impl Severity {
    fn name(self) -> &'static str {
        match self {
            Severity::Comment => "Comment",
            Severity::Chat => "Chat",
            Severity::Note => "Note",
            Severity::Warning => "Warning",
            Severity::Error => "Error",
        }
    }
}

impl Group {
    fn name(self) -> &'static str {
        match self {
            Group::Checksum => "Checksum",
            Group::Sequence => "Sequence",
            Group::Undecoded => "Undecoded",
            Group::Malformed => "Malformed",
            Group::Reassemble => "Reassemble",
            Group::Protocol => "Protocol",
            Group::Security => "Security",
            Group::Comment => "Comment",
            Group::Decryption => "Decryption",
            Group::Deprecated => "Deprecated",
        }
    }
}

impl Cx<'_, '_> {
    /// Wireshark's `proto_tree_add_expert`: a text item labelled with the message over
    /// `offset..offset + len`, holding the expert note (see [`Cx::expert`]).
    #[allow(clippy::too_many_arguments)]
    pub fn expert_item(
        &mut self,
        parent: ItemIdx,
        offset: usize,
        len: usize,
        field: FieldId,
        severity: Severity,
        group: Group,
        message: std::fmt::Arguments<'_>,
    ) {
        let text = message.to_string();
        let it = self.text_item(parent, offset, len, format_args!("{text}"));
        self.expert(it, field, severity, group, format_args!("{text}"));
    }

    /// Whether the run wants expert notes in general (`_ws.expert` and its fields): dissectors that skip
    /// work nobody asked for must still do what can raise a note.
    pub fn wants_experts(&self) -> bool {
        use crate::protocols::ws;
        [
            ws::EXPERT,
            ws::EXPERT_MESSAGE,
            ws::EXPERT_SEVERITY,
            ws::EXPERT_GROUP,
        ]
        .iter()
        .any(|&f| self.tree.wants(f))
    }

    /// Adds an expert note under `parent` as Wireshark does: an `_ws.expert` item ("Expert Info
    /// (Note/Sequence): message") holding the expert's own field (`field`, labelled with the message),
    /// the hidden `_ws.expert.message`, and the severity and group.
    pub fn expert(
        &mut self,
        parent: ItemIdx,
        field: FieldId,
        severity: Severity,
        group: Group,
        message: std::fmt::Arguments<'_>,
    ) {
        use crate::protocols::ws;
        let wanted = [
            ws::EXPERT,
            ws::EXPERT_MESSAGE,
            ws::EXPERT_SEVERITY,
            ws::EXPERT_GROUP,
            ws::MALFORMED,
            field,
        ];
        if !wanted.iter().any(|&f| self.tree.wants(f)) {
            return;
        }
        let mut text = message.to_string();
        // Wireshark formats the message into a label-sized buffer.
        fields::label::cut_to_label_buffer(&mut text);
        let source = self.tree.current_source();
        let generated = fields::tree::flags::GENERATED;
        let e = self
            .tree
            .add_in(parent, ws::EXPERT, source, 0, 0, Value::None, generated);
        if e.is_stored() {
            self.tree.set_label(
                e,
                format_args!("Expert Info ({}/{}): {text}", severity.name(), group.name()),
            );
        }
        let it = self
            .tree
            .add_in(e, field, source, 0, 0, Value::None, generated);
        if it.is_stored() {
            self.tree.set_label(it, format_args!("{text}"));
        }
        if self.tree.wants(ws::EXPERT_MESSAGE) {
            let v = self.tree.text_value(&text);
            let hidden = fields::tree::flags::HIDDEN;
            self.tree
                .add_in(e, ws::EXPERT_MESSAGE, source, 0, 0, v, hidden);
        }
        // tshark labels severity and group by name alone ("Severity level: Note").
        for (field, value, label, name) in [
            (
                ws::EXPERT_SEVERITY,
                severity as u64,
                "Severity level",
                severity.name(),
            ),
            (ws::EXPERT_GROUP, group as u64, "Group", group.name()),
        ] {
            let it = self
                .tree
                .add_in(e, field, source, 0, 0, Value::UInt(value), generated);
            if it.is_stored() {
                self.tree.set_label(it, format_args!("{label}: {name}"));
            }
        }
        // Wireshark marks every packet with a malformed-group note for the `_ws.malformed` filter: a
        // hidden item beside the note.
        if group == Group::Malformed {
            let hidden = fields::tree::flags::HIDDEN;
            self.tree
                .add_in(parent, ws::MALFORMED, source, 0, 0, Value::None, hidden);
        }
    }
}

/// Big-endian and little-endian reads that return `None` past the end instead of panicking.
pub mod read {
    /// The part of `len` bytes at `o` that `d` holds: the length Wireshark gives a protocol or `FT_NONE`
    /// item (an option, a record) whose declared size runs past the end of its data.
    #[inline]
    pub fn clamp(d: &[u8], o: usize, len: usize) -> usize {
        len.min(d.len().saturating_sub(o))
    }
    #[inline]
    pub fn u8(d: &[u8], o: usize) -> Option<u8> {
        d.get(o).copied()
    }
    #[inline]
    pub fn be16(d: &[u8], o: usize) -> Option<u16> {
        Some(u16::from_be_bytes(d.get(o..o + 2)?.try_into().ok()?))
    }
    #[inline]
    pub fn be24(d: &[u8], o: usize) -> Option<u32> {
        let b = d.get(o..o + 3)?;
        Some(u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }
    #[inline]
    pub fn be32(d: &[u8], o: usize) -> Option<u32> {
        Some(u32::from_be_bytes(d.get(o..o + 4)?.try_into().ok()?))
    }
    #[inline]
    pub fn be64(d: &[u8], o: usize) -> Option<u64> {
        Some(u64::from_be_bytes(d.get(o..o + 8)?.try_into().ok()?))
    }
    #[inline]
    pub fn le16(d: &[u8], o: usize) -> Option<u16> {
        Some(u16::from_le_bytes(d.get(o..o + 2)?.try_into().ok()?))
    }
    #[inline]
    pub fn le32(d: &[u8], o: usize) -> Option<u32> {
        Some(u32::from_le_bytes(d.get(o..o + 4)?.try_into().ok()?))
    }
    #[inline]
    pub fn array<const N: usize>(d: &[u8], o: usize) -> Option<[u8; N]> {
        d.get(o..o + N)?.try_into().ok()
    }

    /// The end of the line that starts at `at` (at the first CR or LF) and where the next line starts
    /// (past LF, CR or CR LF), as Wireshark's `tvb_find_line_end` finds it for a dissector that can ask
    /// for more data: `None` when no line end is at hand, or a CR ends the data (an LF may follow).
    pub fn line_end(d: &[u8], at: usize) -> Option<(usize, usize)> {
        let p = at
            + d.get(at..)?
                .iter()
                .position(|&b| b == b'\r' || b == b'\n')?;
        if d[p] == b'\n' {
            return Some((p, p + 1));
        }
        match d.get(p + 1) {
            None => None,
            Some(b'\n') => Some((p, p + 2)),
            Some(_) => Some((p, p + 1)),
        }
    }
}

/// A duration as Wireshark words it (`time_secs_to_str`, `time_msecs_to_str`): "1 day, 2 hours, 3
/// minutes, 4 seconds", with milliseconds after the seconds when there are any ("1 minute, 1.001
/// seconds"), "0 seconds" for none.
pub fn duration_words(secs: u64, millis: u32) -> String {
    use std::fmt::Write as _;
    if secs == 0 && millis == 0 {
        return "0 seconds".into();
    }
    let mut out = String::new();
    for (n, unit) in [
        (secs / 86400, "day"),
        (secs / 3600 % 24, "hour"),
        (secs / 60 % 60, "minute"),
    ] {
        if n != 0 {
            if !out.is_empty() {
                out.push_str(", ");
            }
            let _ = write!(out, "{n} {unit}{}", if n == 1 { "" } else { "s" });
        }
    }
    let s = secs % 60;
    if s != 0 || millis != 0 {
        if !out.is_empty() {
            out.push_str(", ");
        }
        if millis != 0 {
            let _ = write!(out, "{s}.{millis:03} seconds");
        } else {
            let _ = write!(out, "{s} second{}", if s == 1 { "" } else { "s" });
        }
    }
    out
}

/// "byte" or "bytes" for a count, as Wireshark's labels say it.
pub fn bytes_word(n: usize) -> &'static str {
    if n == 1 { "byte" } else { "bytes" }
}
