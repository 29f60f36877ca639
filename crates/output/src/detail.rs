//! `-V`: the packet detail tree as `tshark -V` prints it: one line per item, four spaces of indent per level,
//! generated items in brackets, hidden items (and what hangs under them) left out, a blank line after the
//! packet.

/// The deepest indentation `tshark -V` prints, in levels of four spaces; deeper items line up there.
const MAX_INDENT_LEVELS: usize = 40;

use fields::{PacketTree, Registry};

/// Options of the detail printer.
#[derive(Debug, Clone, Copy, Default)]
pub struct DetailOptions {
    /// wiresift's `--show-fields`: each line ends with the filter name of its field (`   [ip.ttl]`), so a
    /// reader learns which display filter matches it.
    pub show_fields: bool,
    /// Dump the bytes of each `data` layer in hex under its line, as tshark -V does unless -x is given.
    pub hex_for_data: bool,
}

/// Prints detail trees; keeps its work buffers from one packet to the next.
#[derive(Debug, Default)]
pub struct DetailPrinter {
    options: DetailOptions,
    first_child: Vec<u32>,
    last_child: Vec<u32>,
    next_sibling: Vec<u32>,
    stack: Vec<(u32, usize)>,
}

const NONE: u32 = u32::MAX;

impl DetailPrinter {
    pub fn new(options: DetailOptions) -> DetailPrinter {
        DetailPrinter {
            options,
            ..DetailPrinter::default()
        }
    }

    /// Appends the detail tree of one packet, and the blank line that ends it, to `out`. The frame's bytes
    /// are needed for the values of byte and string fields.
    pub fn write_packet(
        &mut self,
        registry: &Registry,
        tree: &PacketTree,
        frame: &[u8],
        out: &mut String,
    ) {
        let items = tree.items();
        let n = items.len();
        // Children in the order they were added, whatever was added elsewhere in between.
        self.first_child.clear();
        self.first_child.resize(n + 1, NONE);
        self.last_child.clear();
        self.last_child.resize(n + 1, NONE);
        self.next_sibling.clear();
        self.next_sibling.resize(n, NONE);
        for (i, item) in items.iter().enumerate() {
            // The root's children are kept in the extra slot at index n. A parent index that does not
            // precede its child cannot come from the tree's API; such an item is shown at the top.
            let p = if (item.parent as usize) < i {
                item.parent as usize
            } else {
                n
            };
            let i = i as u32;
            if self.last_child[p] == NONE {
                self.first_child[p] = i;
            } else {
                self.next_sibling[self.last_child[p] as usize] = i;
            }
            self.last_child[p] = i;
        }
        self.stack.clear();
        if self.first_child[n] != NONE {
            self.stack.push((self.first_child[n], 0));
        }
        while let Some((idx, depth)) = self.stack.pop() {
            let item = &items[idx as usize];
            if self.next_sibling[idx as usize] != NONE {
                self.stack.push((self.next_sibling[idx as usize], depth));
            }
            if item.flags & fields::tree::flags::HIDDEN != 0 {
                continue;
            }
            // tshark's text printer indents no deeper than 40 levels (160 spaces).
            for _ in 0..depth.min(MAX_INDENT_LEVELS) {
                out.push_str("    ");
            }
            let generated = item.flags & fields::tree::flags::GENERATED != 0;
            if generated {
                out.push('[');
            }
            fields::label::write_label(registry, tree, frame, item, out);
            if generated {
                out.push(']');
            }
            if self.options.show_fields {
                out.push_str("   [");
                out.push_str(registry.field(item.field).abbrev);
                out.push(']');
            }
            out.push('\n');
            if self.options.hex_for_data
                && item.field.is_protocol()
                && registry.protocol(item.field.proto).filter_name == "data"
            {
                out.push('\n');
                crate::hex::write_hex_dump(out, tree.item_bytes(frame, item));
            }
            if self.first_child[idx as usize] != NONE {
                self.stack.push((self.first_child[idx as usize], depth + 1));
            }
        }
        out.push('\n');
    }
}
