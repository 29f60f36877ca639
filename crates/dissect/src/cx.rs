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
    /// Errors (malformed or short) raised inside quoted datagrams and not reported, as Wireshark catches
    /// them; a dissector can compare the count before and after dissecting a quoted datagram.
    pub suppressed_errors: u32,
}

/// What the network layer tells the layers above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetInfo {
    pub src: std::net::IpAddr,
    pub dst: std::net::IpAddr,
    /// IPv4 time to live or IPv6 hop limit.
    pub ttl: u8,
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
            suppressed_errors: 0,
        }
    }

    /// Records a protocol layer: its item (with a summary label), `frame.protocols`, and the Protocol column.
    pub fn push_layer(
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
            return parent;
        }
        let def = crate::registry().field(field);
        let v = (raw & def.bitmask) >> def.shift();
        self.tree.add(parent, field, offset, len, Value::UInt(v))
    }

    /// Sets the Protocol column.
    pub fn set_protocol(&mut self, name: &str) {
        if self.tree.wants_columns() {
            self.tree.protocol_column.clear();
            self.tree.protocol_column.push_str(name);
        }
    }

    /// Sets the Source and Destination columns (a higher layer's addresses replace a lower layer's).
    pub fn set_addresses(&mut self, src: &dyn std::fmt::Display, dst: &dyn std::fmt::Display) {
        if self.tree.wants_columns() {
            use std::fmt::Write as _;
            self.tree.src_column.clear();
            self.tree.dst_column.clear();
            let _ = write!(self.tree.src_column, "{src}");
            let _ = write!(self.tree.dst_column, "{dst}");
        }
    }

    /// [`Cx::set_addresses`] for IPv4 addresses, without going through `Display`.
    pub fn set_ipv4_addresses(&mut self, src: [u8; 4], dst: [u8; 4]) {
        if self.tree.wants_columns() {
            self.tree.src_column.clear();
            self.tree.dst_column.clear();
            fields::format::push_ipv4(&mut self.tree.src_column, src);
            fields::format::push_ipv4(&mut self.tree.dst_column, dst);
        }
    }

    /// [`Cx::set_addresses`] for IPv6 addresses, without going through `Display`.
    pub fn set_ipv6_addresses(&mut self, src: [u8; 16], dst: [u8; 16]) {
        if self.tree.wants_columns() {
            self.tree.src_column.clear();
            self.tree.dst_column.clear();
            fields::format::push_ipv6(&mut self.tree.src_column, src);
            fields::format::push_ipv6(&mut self.tree.dst_column, dst);
        }
    }

    /// Starts the Info column afresh (a higher layer replaces what lower layers wrote).
    pub fn set_info(&mut self, args: std::fmt::Arguments<'_>) {
        if self.tree.wants_columns() {
            self.tree.info.clear();
            let _ = std::fmt::Write::write_fmt(&mut self.tree.info, args);
        }
    }

    /// Appends to the Info column.
    pub fn append_info(&mut self, args: std::fmt::Arguments<'_>) {
        if self.tree.wants_columns() {
            let _ = std::fmt::Write::write_fmt(&mut self.tree.info, args);
        }
    }

    /// Flags the packet as cut short by the snapshot length at `offset`: tshark's "[Packet size limited
    /// during capture]" (`_ws.short`). Use it instead of [`Cx::malformed`] when the bytes missing were on
    /// the wire but not captured.
    pub fn short(&mut self, offset: usize, what: &'static str) {
        if self.in_error > 0 {
            self.suppressed_errors += 1;
            return;
        }
        self.tree.layers.push("_ws.short");
        let item = self.tree.add(
            ItemIdx::ROOT,
            crate::protocols::ws::SHORT,
            offset,
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

    /// Reports bytes missing at `offset` of a dissector's `data` (`data_len` long): [`Cx::short`] when they
    /// were lost to the snapshot length, [`Cx::malformed`] otherwise.
    pub fn cut_short(&mut self, offset: usize, data_len: usize, what: &'static str) {
        if self.lost_to_snaplen(data_len) {
            self.short(offset, what);
        } else {
            self.malformed(offset, what);
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
    pub fn malformed(&mut self, offset: usize, what: &'static str) {
        if self.in_error > 0 {
            self.suppressed_errors += 1;
            return;
        }
        self.tree.layers.push("_ws.malformed");
        let item = self.tree.add(
            ItemIdx::ROOT,
            crate::protocols::ws::MALFORMED,
            offset,
            0,
            Value::None,
        );
        self.tree
            .set_label(item, format_args!("[Malformed Packet: {what}]"));
        self.append_info(format_args!("[Malformed Packet]"));
    }
}

/// Big-endian and little-endian reads that return `None` past the end instead of panicking.
pub mod read {
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
}
