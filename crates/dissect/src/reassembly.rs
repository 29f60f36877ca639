//! IP fragment reassembly, with the results Wireshark's default (single-pass) reassembly gives: fragments
//! are kept per datagram until the one that completes it arrives; that frame gets the whole payload, and
//! the datagram is forgotten (a later fragment with the same key starts a new datagram).
//!
//! Memory is bounded: each datagram holds at most [`Limits::max_fragments`] fragments and
//! [`Limits::max_datagram_bytes`] bytes, and the table at most [`Limits::max_datagrams`] datagrams and
//! [`Limits::max_total_bytes`] bytes; past a limit the oldest datagrams are dropped (their fragments then
//! never reassemble, as if they had not been captured).

use std::collections::{HashMap, VecDeque};

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;

/// What identifies the fragments of one datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FragKey {
    /// IPv4: source, destination, identification, protocol.
    V4 {
        src: [u8; 4],
        dst: [u8; 4],
        id: u16,
        proto: u8,
    },
    /// IPv6: source, destination, fragment header identification.
    V6 {
        src: [u8; 16],
        dst: [u8; 16],
        id: u32,
    },
    /// A message a protocol puts together from a TCP stream's segments itself (SMTP's DATA): the
    /// protocol's filter name and the stream.
    Stream { protocol: &'static str, stream: u32 },
    /// A message a protocol cuts into fragments of its own (DTLS's handshake messages): the
    /// protocol's filter name, its association and the message's identity within it.
    Message {
        protocol: &'static str,
        stream: u32,
        id: u64,
    },
}

/// After a frame completed `key`'s datagram: its fragments' frames are the frame's dependent frames, and
/// the first pass of a two-pass run records where each fragment was reassembled.
pub(crate) fn completed(cx: &mut Cx, key: FragKey, r: &Reassembled) {
    let whole = cx.meta.number;
    for f in r.fragments.iter().filter(|f| f.frame != whole) {
        if !cx.state.dependent_frames.contains(&f.frame) {
            cx.state.dependent_frames.push(f.frame);
        }
        if let crate::Pass::First(l) = &mut cx.state.pass {
            l.record_reassembly(key, f.frame, whole);
        }
    }
}

/// In the second pass of a two-pass run, the later frame that reassembled the datagram this frame's
/// fragment belongs to (Wireshark's "Reassembled in"); `None` otherwise.
pub(crate) fn reassembled_later(cx: &Cx, key: FragKey) -> Option<u64> {
    match &cx.state.pass {
        crate::Pass::Second(l) => l
            .reassembled_in
            .get(&(key, cx.meta.number))
            .copied()
            .filter(|&n| n != cx.meta.number),
        _ => None,
    }
}

/// The bounds on what the table keeps.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Fragments kept per datagram; further fragments of it are not kept.
    pub max_fragments: usize,
    /// Payload bytes kept per datagram; a fragment that would exceed it is not kept.
    pub max_datagram_bytes: usize,
    /// Datagrams in progress; the oldest is dropped to make room.
    pub max_datagrams: usize,
    /// Payload bytes kept in all; the oldest datagrams are dropped to make room.
    pub max_total_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_fragments: 1024,
            // An IPv4 fragment may start at 65528 and carry up to 65515 bytes.
            max_datagram_bytes: 256 * 1024,
            max_datagrams: 4096,
            max_total_bytes: 64 * 1024 * 1024,
        }
    }
}

/// One fragment as reported after reassembly, in the order Wireshark lists them (by offset, then arrival).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentInfo {
    /// Frame number the fragment came in.
    pub frame: u64,
    /// Offset of its payload in the datagram.
    pub offset: usize,
    /// Its payload length.
    pub len: usize,
    /// It overlaps data of fragments listed before it.
    pub overlap: bool,
    /// ... with different bytes.
    pub overlap_conflict: bool,
    /// It is a tail whose end differs from the first tail seen.
    pub multiple_tails: bool,
    /// It reaches past the end of the datagram.
    pub too_long: bool,
}

/// A datagram made whole by the frame just added.
#[derive(Debug, Clone)]
pub struct Reassembled {
    /// The payload, as long as the first tail fragment says.
    pub data: Vec<u8>,
    pub fragments: Vec<FragmentInfo>,
}

#[derive(Debug)]
struct Fragment {
    frame: u64,
    offset: usize,
    data: Vec<u8>,
    multiple_tails: bool,
}

#[derive(Debug)]
struct Datagram {
    /// Sorted by offset; equal offsets in arrival order.
    fragments: Vec<Fragment>,
    /// Set by the first fragment without "more fragments".
    length: Option<usize>,
    bytes: usize,
    /// Position in the table's age order, to tell a live entry of `order` from a stale one.
    serial: u64,
}

/// Fragments waiting for the rest of their datagram.
#[derive(Debug, Default)]
pub struct FragmentTable {
    limits: Limits,
    datagrams: HashMap<FragKey, Datagram>,
    /// Keys in the order their datagrams were started (may hold stale entries, skipped by serial).
    order: VecDeque<(FragKey, u64)>,
    next_serial: u64,
    total_bytes: usize,
}

impl FragmentTable {
    /// An empty table keeping within `limits`.
    pub fn new(limits: Limits) -> FragmentTable {
        FragmentTable {
            limits,
            ..FragmentTable::default()
        }
    }

    /// Datagrams in progress.
    pub fn pending(&self) -> usize {
        self.datagrams.len()
    }

    /// Payload bytes held.
    pub fn held_bytes(&self) -> usize {
        self.total_bytes
    }

    /// Adds a fragment of `key`'s datagram: `payload` at `offset`, the last one when `more` is false.
    /// Returns the datagram when this fragment completes it.
    pub fn add(
        &mut self,
        key: FragKey,
        frame: u64,
        offset: usize,
        payload: &[u8],
        more: bool,
    ) -> Option<Reassembled> {
        self.add_checked(key, frame, offset, payload, more, true)
    }

    /// [`FragmentTable::add`] for protocols whose messages are complete only when their last fragment
    /// arrives to find every byte before it there (DTLS, as tshark reassembles it): a fragment that
    /// fills a hole after the last one came completes nothing.
    pub fn add_completing_at_tail(
        &mut self,
        key: FragKey,
        frame: u64,
        offset: usize,
        payload: &[u8],
        more: bool,
    ) -> Option<Reassembled> {
        self.add_checked(key, frame, offset, payload, more, !more)
    }

    fn add_checked(
        &mut self,
        key: FragKey,
        frame: u64,
        offset: usize,
        payload: &[u8],
        more: bool,
        may_complete: bool,
    ) -> Option<Reassembled> {
        if self.limits.max_datagram_bytes == 0 || payload.len() > self.limits.max_datagram_bytes {
            return None;
        }
        if !self.datagrams.contains_key(&key) {
            self.make_room_for_datagram();
            let serial = self.next_serial;
            self.next_serial += 1;
            self.datagrams.insert(
                key,
                Datagram {
                    fragments: Vec::new(),
                    length: None,
                    bytes: 0,
                    serial,
                },
            );
            self.order.push_back((key, serial));
        }
        let entry = self.datagrams.get(&key).expect("inserted above");
        if entry.fragments.len() >= self.limits.max_fragments
            || entry.bytes + payload.len() > self.limits.max_datagram_bytes
        {
            return None;
        }
        self.make_room_for_bytes(payload.len(), key);
        if self.total_bytes + payload.len() > self.limits.max_total_bytes {
            return None;
        }
        let entry = self.datagrams.get_mut(&key)?;
        let end = offset + payload.len();
        let mut multiple_tails = false;
        if !more {
            match entry.length {
                Some(len) if len != end => multiple_tails = true,
                Some(_) => {}
                None => entry.length = Some(end),
            }
        }
        let at = entry.fragments.partition_point(|f| f.offset <= offset);
        entry.fragments.insert(
            at,
            Fragment {
                frame,
                offset,
                data: payload.to_vec(),
                multiple_tails,
            },
        );
        entry.bytes += payload.len();
        self.total_bytes += payload.len();

        let length = entry.length?;
        if !may_complete {
            return None;
        }
        // Complete when the fragments cover [0, length) without a hole.
        let mut covered = 0;
        for f in &entry.fragments {
            if f.offset <= covered && f.offset + f.data.len() > covered {
                covered = f.offset + f.data.len();
            }
        }
        if covered < length {
            return None;
        }
        let entry = self.datagrams.remove(&key)?;
        self.total_bytes -= entry.bytes;
        self.compact();
        Some(defragment(entry, length))
    }

    fn make_room_for_datagram(&mut self) {
        while self.datagrams.len() >= self.limits.max_datagrams.max(1) {
            if !self.drop_oldest(None) {
                break;
            }
        }
    }

    fn make_room_for_bytes(&mut self, more: usize, keep: FragKey) {
        while self.total_bytes + more > self.limits.max_total_bytes {
            if !self.drop_oldest(Some(keep)) {
                break;
            }
        }
    }

    /// Drops the oldest datagram other than `keep`; false when there is none.
    fn drop_oldest(&mut self, keep: Option<FragKey>) -> bool {
        let mut kept = None;
        let mut dropped = false;
        while let Some((key, serial)) = self.order.pop_front() {
            let live = self.datagrams.get(&key).is_some_and(|d| d.serial == serial);
            if !live {
                continue;
            }
            if Some(key) == keep {
                kept = Some((key, serial));
                continue;
            }
            if let Some(d) = self.datagrams.remove(&key) {
                self.total_bytes -= d.bytes;
            }
            dropped = true;
            break;
        }
        if let Some(k) = kept {
            self.order.push_front(k);
        }
        dropped
    }

    /// Completed datagrams leave stale entries in the age queue; drops them before the queue outgrows
    /// the table (amortised: the queue must grow by the table's size again before the next pass).
    fn compact(&mut self) {
        if self.order.len() > 2 * self.datagrams.len() + 64 {
            let datagrams = &self.datagrams;
            self.order
                .retain(|(k, s)| datagrams.get(k).is_some_and(|d| d.serial == *s));
        }
    }
}

/// Builds the payload from fragments sorted by offset: bytes already placed win over later fragments that
/// overlap them (noted as overlaps, conflicting when the bytes differ), and nothing past `length` is kept.
fn defragment(d: Datagram, length: usize) -> Reassembled {
    let mut data = vec![0u8; length];
    let mut placed = 0usize;
    let mut fragments = Vec::with_capacity(d.fragments.len());
    for f in &d.fragments {
        let mut info = FragmentInfo {
            frame: f.frame,
            offset: f.offset,
            len: f.data.len(),
            overlap: false,
            overlap_conflict: false,
            multiple_tails: f.multiple_tails,
            too_long: false,
        };
        if !f.data.is_empty() {
            let end = f.offset + f.data.len();
            if f.offset >= length {
                info.too_long = true;
            } else if f.offset <= placed {
                if end > length {
                    info.too_long = true;
                }
                let usable_end = end.min(length);
                if f.offset < placed {
                    info.overlap = true;
                    let cmp_end = placed.min(usable_end);
                    if data[f.offset..cmp_end] != f.data[..cmp_end - f.offset] {
                        info.overlap_conflict = true;
                    }
                }
                if usable_end > placed {
                    data[placed..usable_end]
                        .copy_from_slice(&f.data[placed - f.offset..usable_end - f.offset]);
                    placed = usable_end;
                }
            }
        }
        fragments.push(info);
    }
    Reassembled { data, fragments }
}

/// The fields a protocol shows a reassembled datagram with (`ip.fragments`, `ipv6.fragments` ...).
#[derive(Debug)]
pub struct FragmentFields {
    /// "IPv4", "IPv6": the word in the summary "[2 IPv6 Fragments (1508 bytes): ...]".
    pub name: &'static str,
    /// "Fragments" for IP, "Segments" for TCP.
    pub noun: &'static str,
    /// Name of the data source holding the reassembled bytes.
    pub source_name: &'static str,
    pub fragments: FieldId,
    /// `ip.fragments` is FT_BYTES (its value is the reassembled payload), `ipv6.fragments` FT_NONE.
    pub fragments_are_bytes: bool,
    pub fragment: FieldId,
    /// Listed instead of `fragment` for a fragment in error (conflicting overlap, extra tail, too long).
    pub error: FieldId,
    pub overlap: FieldId,
    pub overlap_conflict: FieldId,
    pub multiple_tails: FieldId,
    pub too_long: FieldId,
    pub count: FieldId,
    pub reassembled_length: FieldId,
    /// The reassembled bytes as one field, for protocols that register one (WebSocket does not).
    pub reassembled_data: Option<FieldId>,
}

/// Adds the reassembled payload as a new data source and shows how it was put together under `parent`,
/// as Wireshark does in the frame that completes a datagram. Returns the new source's number, for the
/// dissection of the payload.
pub fn show(cx: &mut Cx, parent: ItemIdx, f: &FragmentFields, r: &Reassembled) -> u16 {
    let source = cx.tree.add_source(f.source_name, &r.data);
    show_in(cx, parent, f, r, source);
    source
}

/// [`show`] for a payload already added as `source`: a protocol that shows how a message was put
/// together after the message's own fields (DTLS) dissects the source first.
pub fn show_in(cx: &mut Cx, parent: ItemIdx, f: &FragmentFields, r: &Reassembled, source: u16) {
    let total = r.data.len();
    let value = if f.fragments_are_bytes {
        Value::Bytes
    } else {
        Value::None
    };
    let top = cx.tree.add_in(
        parent,
        f.fragments,
        source,
        0,
        total,
        value,
        fields::tree::flags::GENERATED,
    );
    if top.is_stored() {
        use std::fmt::Write as _;
        // One fragment is named in the singular ("1 DATA fragment").
        let noun = match r.fragments.len() {
            1 => f.noun.strip_suffix('s').unwrap_or(f.noun),
            _ => f.noun,
        };
        let mut label = format!("{} {} {noun} ({total} bytes): ", r.fragments.len(), f.name,);
        for (i, frag) in r.fragments.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(label, "{sep}#{}({})", frag.frame, frag.len);
        }
        // Wireshark appends the list to the label, which stops silently at the buffer's end.
        fields::label::cut_to_label_buffer(&mut label);
        cx.tree.set_label(top, format_args!("{label}"));
    }
    let generated = fields::tree::flags::GENERATED;
    for frag in &r.fragments {
        // A fragment with a conflicting overlap, a second tail or data past the end is listed as a
        // defragmentation error; its flags are shown under it.
        let error = frag.overlap_conflict || frag.multiple_tails || frag.too_long;
        let field = if error { f.error } else { f.fragment };
        let it = cx.tree.add_in(
            top,
            field,
            source,
            frag.offset,
            frag.len,
            Value::UInt(frag.frame),
            generated,
        );
        if it.is_stored() {
            if frag.len == 0 {
                cx.tree
                    .set_label(it, format_args!("Frame: {} (no data)", frag.frame));
            } else {
                cx.tree.set_label(
                    it,
                    format_args!(
                        "Frame: {}, payload: {}-{} ({} {})",
                        frag.frame,
                        frag.offset,
                        frag.offset + frag.len - 1,
                        frag.len,
                        crate::cx::bytes_word(frag.len)
                    ),
                );
            }
        }
        for (set, flag) in [
            (frag.overlap, f.overlap),
            (frag.overlap_conflict, f.overlap_conflict),
            (frag.multiple_tails, f.multiple_tails),
            (frag.too_long, f.too_long),
        ] {
            if set {
                cx.tree
                    .add_in(it, flag, source, frag.offset, 0, Value::UInt(1), generated);
            }
        }
    }
    cx.tree.add_in(
        top,
        f.count,
        source,
        0,
        0,
        Value::UInt(r.fragments.len() as u64),
        generated,
    );
    cx.tree.add_in(
        top,
        f.reassembled_length,
        source,
        0,
        0,
        Value::UInt(total as u64),
        generated,
    );
    if let Some(data) = f.reassembled_data {
        cx.tree
            .add_in(top, data, source, 0, total, Value::Bytes, generated);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: u16) -> FragKey {
        FragKey::V4 {
            src: [10, 0, 0, 1],
            dst: [10, 0, 0, 2],
            id,
            proto: 17,
        }
    }

    #[test]
    fn in_order_and_out_of_order() {
        let mut t = FragmentTable::new(Limits::default());
        assert!(t.add(key(1), 1, 0, &[1; 8], true).is_none());
        let r = t.add(key(1), 2, 8, &[2; 4], false).expect("complete");
        assert_eq!(r.data, [[1u8; 8].as_slice(), &[2; 4]].concat());
        assert_eq!(r.fragments.len(), 2);
        assert_eq!(t.pending(), 0);
        assert_eq!(t.held_bytes(), 0);

        assert!(t.add(key(2), 3, 8, &[2; 4], false).is_none());
        let r = t.add(key(2), 4, 0, &[1; 8], true).expect("complete");
        assert_eq!(r.fragments[0].frame, 4);
        assert_eq!(r.fragments[1].frame, 3);
    }

    #[test]
    fn overlaps_keep_the_first_bytes() {
        // The shape of zeek/ipv4/fragmented-1.pcap: a short first fragment, a tail leaving a hole, then a
        // long first fragment that fills the hole and runs past the end.
        let mut t = FragmentTable::new(Limits::default());
        assert!(t.add(key(9), 1, 0, &[0xaa; 18], true).is_none());
        assert!(t.add(key(9), 2, 48, &[0xbb; 116], false).is_none());
        let r = t.add(key(9), 3, 0, &[0xcc; 304], true).expect("complete");
        assert_eq!(r.data.len(), 164);
        assert_eq!(&r.data[..18], &[0xaa; 18]);
        assert_eq!(&r.data[18..], &[0xcc; 146][..]);
        let frames: Vec<u64> = r.fragments.iter().map(|f| f.frame).collect();
        assert_eq!(frames, [1, 3, 2]);
        let f3 = &r.fragments[1];
        assert!(f3.overlap && f3.overlap_conflict && f3.too_long);
        let f2 = &r.fragments[2];
        assert!(f2.overlap && f2.overlap_conflict && !f2.too_long);
    }

    #[test]
    fn memory_stays_bounded() {
        let limits = Limits {
            max_fragments: 4,
            max_datagram_bytes: 1000,
            max_datagrams: 16,
            max_total_bytes: 4000,
        };
        let mut t = FragmentTable::new(limits);
        for i in 0..100_000u32 {
            // Never-completed datagrams, and many fragments of one datagram.
            assert!(
                t.add(key((i % 5000) as u16), i as u64, 0, &[0; 300], true)
                    .is_none()
            );
            assert!(t.add(key(60_000), i as u64, 8, &[0; 300], true).is_none());
            assert!(t.pending() <= 16);
            assert!(t.held_bytes() <= 4000);
            assert!(t.order.len() <= 2 * 16 + 64 + 1);
        }
        // Over-long fragments are refused outright.
        assert!(t.add(key(1), 1, 0, &[0; 2000], false).is_none());
        // Completed datagrams leave nothing behind.
        let mut t = FragmentTable::new(Limits::default());
        for i in 0..10_000u16 {
            assert!(t.add(key(i), 1, 0, &[0; 8], true).is_none());
            assert!(t.add(key(i), 2, 8, &[0; 8], false).is_some());
        }
        assert_eq!((t.pending(), t.held_bytes()), (0, 0));
        assert!(t.order.len() <= 65);
    }
}
