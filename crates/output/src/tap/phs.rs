//! `-z io,phs[,FILTER]`: the protocol hierarchy, as tshark 4.0 prints it.
//!
//! tshark walks the top level of each frame's tree: every item there (protocols side by side, and the
//! few other items dissectors put at the top, such as `tcp.segments`) is one level deeper than the one
//! before it, and a level lists its protocols in order of first appearance. The frame's own item is at
//! the top only when something in the run refers to a `frame` field (a filter, a printed field), and
//! so is NFLOG's ([`ITEMS_ONLY_WHEN_REFERENCED`]): Wireshark leaves them out of a tree nobody reads,
//! and so this report wants every field except theirs, leaving those items to whoever else wants them.
//!
//! One item counts out of display order: TCP adds its reassembled-segments item (`tcp.segments`) after
//! dissecting the PDU and moves it in front of that PDU only for display, so tshark's hierarchy has it
//! one level below the PDU's protocol; our tree holds it in display order, and the report swaps it back.
//! A PDU that a FIN ended is the exception: TCP adds its segments item before dissecting it, and the
//! item is marked [`fields::tree::flags::IN_PLACE`].

use fields::{FieldId, Interest, ItemIdx, PacketTree, Registry};

use super::{Tap, TapFilter};
use crate::summary::FrameTimes;

/// Protocols whose item Wireshark adds to a frame's tree only when the tree is shown or one of their
/// fields is referenced (the frame's own item; NFLOG, whose dissector asks whether its protocol is
/// referenced before adding it), so that the hierarchy, which refers to no field, never lists them.
/// This report leaves their fields out of its interest, so that they are left out of its tree the
/// same way.
const ITEMS_ONLY_WHEN_REFERENCED: &[&str] = &["frame", "nflog"];

/// One node of the hierarchy.
struct Node {
    field: FieldId,
    frames: u64,
    bytes: u64,
    children: Vec<usize>,
}

/// `-z io,phs[,FILTER]`.
pub struct Hierarchy {
    filter: TapFilter,
    nodes: Vec<Node>,
    /// The top level's nodes.
    roots: Vec<usize>,
    tcp_segments: Option<FieldId>,
    /// The frame's top-level items (field, data source, flags), in the order the report counts them.
    order: Vec<(FieldId, u16, u8)>,
}

impl Hierarchy {
    pub fn new(filter: TapFilter, registry: &Registry) -> Hierarchy {
        Hierarchy {
            filter,
            nodes: Vec::new(),
            roots: Vec::new(),
            tcp_segments: registry.lookup("tcp.segments"),
            order: Vec::new(),
        }
    }

    fn write_level(&self, registry: &Registry, level: &[usize], depth: usize, out: &mut String) {
        for &n in level {
            let node = &self.nodes[n];
            // Wireshark builds the name in an 80-byte buffer, and stops indenting past 16 levels.
            let mut name = String::new();
            for i in 0..depth {
                if i > 15 {
                    name.push_str("...");
                    break;
                }
                name.push_str("  ");
            }
            name.push_str(registry.field(node.field).abbrev);
            truncate_to(&mut name, 79);
            out.push_str(&name);
            for _ in name.len()..40 {
                out.push(' ');
            }
            out.push_str(" frames:");
            fields::format::push_decimal(out, node.frames);
            out.push_str(" bytes:");
            fields::format::push_decimal(out, node.bytes);
            out.push('\n');
            self.write_level(registry, &node.children, depth + 1, out);
        }
    }
}

/// Cuts `s` to at most `max` bytes, on a character boundary.
fn truncate_to(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

impl Tap for Hierarchy {
    fn add_interest(&self, registry: &Registry, interest: &mut Interest) {
        let unreferenced: Vec<_> = ITEMS_ONLY_WHEN_REFERENCED
            .iter()
            .filter_map(|name| registry.lookup(name).map(|f| f.proto))
            .collect();
        for (id, _) in registry.fields() {
            if !unreferenced.contains(&id.proto) {
                interest.add_field(id);
            }
        }
        self.filter.add_interest(interest);
    }

    fn frame(&mut self, _registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        if !self.filter.matches(tree, data) {
            return;
        }
        let bytes = times.wire_len as u64;
        // Kept between frames, so that the report allocates nothing per frame.
        let mut order = std::mem::take(&mut self.order);
        order.clear();
        order.extend(
            tree.items()
                .iter()
                .filter(|i| i.parent == ItemIdx::ROOT.0)
                .map(|i| (i.field, i.source, i.flags)),
        );
        if let Some(segments) = self.tcp_segments {
            // The PDU's protocols are the top-level items dissected from its reassembled bytes and the
            // sources made from them (a de-chunked or decompressed body): those after the segments
            // item that are not in the frame's own bytes.
            let mut i = 0;
            while i + 1 < order.len() {
                let in_place = order[i].2 & fields::tree::flags::IN_PLACE != 0;
                if order[i].0 == segments && !in_place && order[i + 1].1 != 0 {
                    let mut end = i + 1;
                    while end + 1 < order.len() && order[end + 1].1 != 0 {
                        end += 1;
                    }
                    order[i..=end].rotate_left(1);
                    i = end;
                }
                i += 1;
            }
        }
        let mut parent: Option<usize> = None;
        for &(field, _, _) in &order {
            let level = match parent {
                None => &self.roots,
                Some(p) => &self.nodes[p].children,
            };
            let found = level
                .iter()
                .copied()
                .find(|&n| self.nodes[n].field == field);
            let n = match found {
                Some(n) => n,
                None => {
                    self.nodes.push(Node {
                        field,
                        frames: 0,
                        bytes: 0,
                        children: Vec::new(),
                    });
                    let n = self.nodes.len() - 1;
                    match parent {
                        None => self.roots.push(n),
                        Some(p) => self.nodes[p].children.push(n),
                    }
                    n
                }
            };
            self.nodes[n].frames += 1;
            self.nodes[n].bytes += bytes;
            parent = Some(n);
        }
        self.order = order;
    }

    fn finish(&mut self, registry: &Registry, out: &mut String) {
        out.push_str("\n===================================================================\n");
        out.push_str("Protocol Hierarchy Statistics\nFilter: ");
        out.push_str(self.filter.text.as_deref().unwrap_or(""));
        out.push_str("\n\n");
        let roots = std::mem::take(&mut self.roots);
        self.write_level(registry, &roots, 0, out);
        self.roots = roots;
        out.push_str("===================================================================\n");
    }
}
