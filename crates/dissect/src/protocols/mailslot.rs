//! The SMB mailslot protocol as tshark 4.0 shows it: a mailslot write is an SMB Trans request whose
//! setup words hold the opcode, priority and class, followed by the byte count (the size) and the
//! mailslot's name; the message is the transaction's data. The Windows browser's mailslot
//! (`\MAILSLOT\BROWSE`) goes to the browser protocol; other mailslots' messages are data.
//!
//! Wireshark calls this dissector directly rather than through a handle, so `frame.protocols` does not
//! list it, though its item stands at the top of the tree (and so in the protocol hierarchy). A
//! write with no data is shown as tshark shows it: no tree, "Interim reply" in Info.

use std::ops::Range;

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto MAILSLOT = super::ids::MAILSLOT, "SMB MailSlot Protocol", "SMB Mailslot", "mailslot";
    OPCODE: "mailslot.opcode", "Opcode", UInt16, Dec, values OPCODES, blurb "MAILSLOT OpCode";
    PRIORITY: "mailslot.priority", "Priority", UInt16, Dec, blurb "MAILSLOT Priority of transaction";
    CLASS: "mailslot.class", "Class", UInt16, Dec, values CLASSES, blurb "MAILSLOT Class of transaction";
    SIZE: "mailslot.size", "Size", UInt16, Dec, blurb "MAILSLOT Total size of mail data";
    NAME: "mailslot.name", "Mailslot Name", String, None, blurb "MAILSLOT Name of mailslot";
}

static OPCODES: &[(u64, &str)] = &[(1, "Write Mail Slot")];

static CLASSES: &[(u64, &str)] = &[(1, "Reliable"), (2, "Unreliable & Broadcast")];

/// Where the parts of a mailslot write lie in the SMB message's bytes.
pub struct Write {
    /// The Trans request's setup words (then its byte count, the mailslot's size).
    pub setup: Range<usize>,
    /// The mailslot's name, its NUL included.
    pub name: Range<usize>,
    /// The message's bytes in the datagram.
    pub payload: Range<usize>,
    /// Where the transaction's data count says the message ends (past the datagram when it is cut).
    pub declared_end: usize,
}

/// Dissects the mailslot write `write` of `data`; `parent` is SMB's item.
pub fn dissect(cx: &mut Cx, data: &[u8], write: Write, parent: ItemIdx) {
    cx.set_protocol("SMB Mailslot");
    if write.payload.is_empty() {
        cx.set_info(format_args!("Interim reply"));
        return;
    }
    let at = write.setup.start;
    let outer = cx.layer_parent(parent);
    let top = cx
        .tree
        .add(outer, PROTOCOL_FIELD, at, write.name.end - at, Value::None);
    let word = |i: usize| read::le16(data, at + 2 * i).unwrap_or(0) as u64;
    let opcode = word(0);
    // The setup words are three; the fourth word read is the request's byte count.
    for (i, field) in [OPCODE, PRIORITY, CLASS, SIZE].into_iter().enumerate() {
        cx.uint(top, field, at + 2 * i, 2, word(i));
    }
    cx.string(top, NAME, data, write.name.start, write.name.len());
    cx.set_info(format_args!(
        "{}",
        fields::Strings::Values(OPCODES)
            .name_of(opcode)
            .unwrap_or("Unknown")
    ));
    let name = &data[write.name.start..write.name.end - 1];
    let payload = &data[..write.payload.end];
    if name.eq_ignore_ascii_case(b"\\MAILSLOT\\BROWSE") {
        crate::protocols::browser::dissect(
            cx,
            payload,
            write.payload.start,
            write.declared_end,
            top,
        );
    } else {
        crate::protocols::data::dissect(cx, payload, write.payload.start, top);
    }
}
