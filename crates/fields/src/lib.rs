//! The one field table that dissection, display filters, printers and `-G fields` share.
//!
//! * [`def`]: what a field is (Wireshark's abbreviation, type, display base, value names, bitmask) and the
//!   [`declare_protocol!`] macro with which each protocol module declares its fields once.
//! * [`registry`]: every declared protocol and field, looked up by id or by name.
//! * [`tree`]: the packet field tree, a flat vector of items reused from packet to packet.
//! * [`interest`]: which fields a run needs, so dissectors skip the rest.
//! * [`format`]: values rendered exactly as `tshark -T fields` renders them.
//! * [`label`]: detail-tree labels (`-V`) made from the registry.
//!
//! This crate has no dependencies so that `dissect`, `filter` and `output` can build on it in parallel.
#![forbid(unsafe_code)]

pub mod def;
pub mod format;
pub mod interest;
pub mod label;
pub mod registry;
pub mod tree;

pub use def::{Base, FieldDef, FieldId, FieldType, ProtoId, ProtocolDef, Strings};
pub use interest::Interest;
pub use registry::Registry;
pub use tree::{FieldRedirect, ItemIdx, PacketTree, Value};
