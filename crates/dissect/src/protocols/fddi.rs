//! FDDI (LINKTYPE_FDDI, 10): frame control, destination and source, then LLC for LLC frames. Capture
//! files hold the addresses with each byte's bits in FDDI's transmission order; Wireshark shows them in
//! canonical (Ethernet) order, so each byte is bit-reversed.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::protocols;

fields::declare_protocol! {
    proto FDDI = super::ids::FDDI, "Fiber Distributed Data Interface", "FDDI", "fddi";
    FC: "fddi.fc", "Frame Control", UInt8, Hex;
    FC_CLF: "fddi.fc.clf", "Class/Length/Format", UInt8, Hex, mask 0xf0, values CLF_NAMES;
    FC_PRIO: "fddi.fc.prio", "Priority", UInt8, Dec, mask 0x07;
    DST: "fddi.dst", "Destination", Ether, None, blurb "Destination Hardware Address";
    SRC: "fddi.src", "Source", Ether, None;
    ADDR: "fddi.addr", "Source or Destination Address", Ether, None, blurb "Source or Destination Hardware Address";
}

/// Frame classes by the upper nibble of the frame control byte.
static CLF_NAMES: &[(u64, &str)] = &[
    (0x5, "Async LLC"),
    (0xd, "Sync LLC"),
    (0x6, "Implementor"),
    (0xe, "Implementor"),
];

/// An address as Wireshark shows it: each byte's bit order reversed.
fn canonical(bytes: [u8; 6]) -> [u8; 6] {
    bytes.map(u8::reverse_bits)
}

/// What the frame control byte says the frame is, as the heading, the Frame Control item and Info
/// name it.
fn frame_kind(fc: u8) -> &'static str {
    match fc & 0xf8 {
        0x50 => "Async LLC frame",
        0xd0 => "Sync LLC frame",
        _ => "Frame",
    }
}

pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "fddi",
        "FDDI",
        offset,
        avail.min(13),
    );
    let Some(fc) = read::u8(data, offset) else {
        cx.malformed(offset, "FDDI header cut short");
        return avail;
    };
    let llc = matches!(fc & 0xf8, 0x50 | 0xd0);
    let kind = frame_kind(fc);
    if cx.tree.wants_columns() || cx.tree.wants(PROTOCOL_FIELD) {
        cx.tree.set_label(
            top,
            format_args!(
                "Fiber Distributed Data Interface, {kind}, priority {}",
                fc & 0x07
            ),
        );
        cx.set_info(format_args!("{kind}"));
    }
    let f = cx.uint(top, FC, offset, 1, fc as u64);
    if f.is_stored() {
        cx.tree.set_label(
            f,
            format_args!("Frame Control: 0x{fc:02x} ({kind}, priority {})", fc & 0x07),
        );
    }
    cx.bits(f, FC_CLF, offset, 1, fc as u64);
    cx.bits(f, FC_PRIO, offset, 1, fc as u64);
    let (Some(dst), Some(src)) = (
        read::array::<6>(data, offset + 1),
        read::array::<6>(data, offset + 7),
    ) else {
        cx.malformed(offset, "FDDI header cut short");
        return avail;
    };
    let (dst, src) = (canonical(dst), canonical(src));
    cx.tree.add(top, DST, offset + 1, 6, Value::Ether(dst));
    cx.tree.add_in(
        top,
        ADDR,
        0,
        offset + 1,
        6,
        Value::Ether(dst),
        fields::tree::flags::HIDDEN,
    );
    cx.tree.add(top, SRC, offset + 7, 6, Value::Ether(src));
    cx.tree.add_in(
        top,
        ADDR,
        0,
        offset + 7,
        6,
        Value::Ether(src),
        fields::tree::flags::HIDDEN,
    );
    if cx.tree.wants_columns() {
        cx.set_addresses(&protocols::Mac(src), &protocols::Mac(dst));
    }
    let payload = offset + 13;
    if llc {
        protocols::llc::dissect(cx, data, payload, top);
    } else if payload < data.len() {
        protocols::data::dissect(cx, data, payload, top);
    }
    avail
}

#[cfg(test)]
mod tests {
    use crate::testutil::dissect;

    /// zeek/dns-inverse-query.pcap frame 1 (an LLC/SNAP IPv4 TCP SYN), values as tshark 4.0 shows them.
    #[test]
    fn llc_snap_ipv4() {
        let frame = "50aa00040083a7aa00040082a7aaaa030000000800 \
                     4500002ce37600003306e146d4b42a6483f34003 61a8003500000000000000006002200000000000020405b4";
        let t = dissect(10, frame);
        assert_eq!(t.protocols(), "fddi:llc:ip:tcp");
        assert_eq!(t.field("fddi.dst"), "55:00:20:00:c1:e5");
        assert_eq!(t.field("fddi.src"), "55:00:20:00:41:e5");
        assert_eq!(t.field("fddi.fc"), "0x50");
        assert_eq!(t.field("fddi.fc.clf"), "0x05");
        assert_eq!(t.field("ip.src"), "212.180.42.100");
        for cut in (0..frame.len()).step_by(2) {
            let digits: String = frame.split_whitespace().collect();
            let _ = dissect(10, &digits[..cut.min(digits.len())]);
        }
    }
}
