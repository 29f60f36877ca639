//! Bytes no dissector claimed, shown as tshark shows them ("data", `data.data`, `data.len`).

use fields::{ItemIdx, Value};

use crate::Cx;

fields::declare_protocol! {
    proto DATA = super::ids::DATA, "Data", "Data", "data";
    DATA_BYTES: "data.data", "Data", Bytes, None;
    TEXT: "data.text", "Text", String, None;
    LEN: "data.len", "Length", Int32, Dec;
}

/// Claims `data[offset..]` as undissected data.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) {
    if offset >= data.len() {
        return;
    }
    let len = data.len() - offset;
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "data", "", offset, len);
    let unit = if len == 1 { "byte" } else { "bytes" };
    cx.tree.set_label(top, format_args!("Data ({len} {unit})"));
    cx.tree.add(top, DATA_BYTES, offset, len, Value::Bytes);
    cx.tree
        .add_generated(top, LEN, offset, 0, Value::Int(len as i64));
}
