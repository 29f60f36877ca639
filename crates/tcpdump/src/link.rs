//! Link layers: Ethernet with 802.1Q/QinQ tags, Linux cooked (SLL and SLL2), BSD NULL and OpenBSD
//! loopback, raw IP, NFLOG. With `-e` each prints its header first; the payload goes to the printer
//! of its EtherType or address family, and a payload none knows is dumped in hex and ASCII.

use std::collections::HashMap;

use crate::names::ethertype_name;
use crate::{Cx, FrameIn, Get, R, Trunc, arp, hexdump, ip, ip6, mac, out};

/// What a link printer returns: the link header's length (what `-x` leaves out), also on truncation.
pub(crate) type LinkResult = Result<usize, (Trunc, usize)>;

pub(crate) fn print(cx: &mut Cx, frame: &FrameIn) -> LinkResult {
    let d = frame.data;
    let length = frame.original_len;
    match frame.link_type {
        1 => ether(cx, d, length),
        0 => null(cx, d, length, false),
        108 => null(cx, d, length, true),
        12 | 14 | 101 | 228 | 229 => {
            cx.proto = "raw";
            if cx.opts.link_header {
                out!(cx, "ip: ");
            }
            ip_n(cx, d, length).map(|()| 0).map_err(|t| (t, 0))
        }
        113 => sll(cx, d, length),
        276 => sll2(cx, d, length),
        239 => nflog(cx, d, length),
        other => {
            out!(cx, "unknown link-type {other}, length {length}");
            Ok(0)
        }
    }
}

/// tcpdump's name for a link type, and its description.
pub(crate) fn link_type_name(link_type: u32) -> String {
    match link_type {
        0 => "NULL (BSD loopback)".into(),
        1 => "EN10MB (Ethernet)".into(),
        101 | 12 | 14 => "RAW (Raw IP)".into(),
        108 => "LOOP (OpenBSD loopback)".into(),
        113 => "LINUX_SLL (Linux cooked v1)".into(),
        228 => "IPV4 (Raw IPv4)".into(),
        229 => "IPV6 (Raw IPv6)".into(),
        239 => "NFLOG (Linux netfilter log messages)".into(),
        276 => "LINUX_SLL2 (Linux cooked v2)".into(),
        n => format!("{n}"),
    }
}

/// An IP packet of either version, told by its first nibble.
pub(crate) fn ip_n(cx: &mut Cx, d: &[u8], length: u32) -> R {
    if length < 1 {
        out!(cx, "truncated-ip {length}");
        return Ok(());
    }
    match d.u8at(0)? & 0xf0 {
        0x40 => ip::print(cx, d, length),
        0x60 => ip6::print(cx, d, length),
        v => {
            out!(cx, "unknown ip {}", v >> 4);
            Ok(())
        }
    }
}

/// Hands the payload to the printer of its EtherType; `None` when no printer knows it.
pub(crate) fn ethertype(cx: &mut Cx, et: u16, d: &[u8], length: u32) -> Option<R> {
    match et {
        0x0800 => Some(ip::print(cx, d, length)),
        0x86dd => Some(ip6::print(cx, d, length)),
        0x0806 | 0x8035 => Some(arp::print(cx, d, length)),
        _ => None,
    }
}

/// tcpdump's default print of a payload it cannot decode: the hex and ASCII dump, unless a dump
/// was asked for anyway.
pub(crate) fn default_print(cx: &mut Cx, d: &[u8]) {
    if cx.opts.dump == crate::Dump::None {
        hexdump::hex_ascii(&mut cx.out, d);
    }
}

fn ethertype_field(cx: &mut Cx, et: u16) {
    out!(
        cx,
        "ethertype {} (0x{et:04x})",
        ethertype_name(et).unwrap_or("Unknown")
    );
}

fn ether_header(cx: &mut Cx, d: &[u8], et: u16, length: u32) {
    mac(&mut cx.out, &d[6..12]);
    out!(cx, " > ");
    mac(&mut cx.out, &d[0..6]);
    if et <= 1500 {
        out!(cx, ", 802.3");
    } else if cx.opts.quiet {
        match ethertype_name(et) {
            Some(n) => out!(cx, ", {n}"),
            None => out!(cx, ", Unknown Ethertype (0x{et:04x})"),
        }
    } else {
        out!(cx, ", ");
        ethertype_field(cx, et);
    }
    out!(cx, ", length {length}: ");
}

fn is_vlan(et: u16) -> bool {
    matches!(et, 0x8100 | 0x88a8 | 0x9100 | 0x9200)
}

fn ether(cx: &mut Cx, d: &[u8], length: u32) -> LinkResult {
    cx.proto = "ether";
    if d.len() < 14 || length < 14 {
        return Err((Trunc, d.len().min(14)));
    }
    let mut et = u16::from_be_bytes([d[12], d[13]]);
    if cx.opts.link_header {
        ether_header(cx, d, et, length);
    }
    let mut hdr = 14usize;
    let mut len = length - 14;
    while is_vlan(et) {
        cx.proto = "vlan";
        let Ok(tag) = d.bytes(hdr, 4) else {
            return Err((Trunc, d.len()));
        };
        let tci = u16::from_be_bytes([tag[0], tag[1]]);
        et = u16::from_be_bytes([tag[2], tag[3]]);
        if cx.opts.link_header {
            out!(
                cx,
                "vlan {}, p {}{}, ",
                tci & 0xfff,
                tci >> 13,
                if tci & 0x1000 != 0 { ", DEI" } else { "" }
            );
            if et > 1500 {
                ethertype_field(cx, et);
                out!(cx, ", ");
            }
        }
        hdr += 4;
        len = len.saturating_sub(4);
    }
    let payload = d.from(hdr);
    if et <= 1500 {
        // 802.3 with an LLC header: not decoded yet, shown as tcpdump shows unknown data.
        if !cx.opts.link_header {
            ether_header(cx, d, et, length);
        }
        default_print(cx, payload);
        return Ok(hdr);
    }
    match ethertype(cx, et, payload, len) {
        Some(r) => r.map(|()| hdr).map_err(|t| (t, hdr)),
        None => {
            if !cx.opts.link_header {
                ether_header(cx, d, et, length);
            }
            default_print(cx, payload);
            Ok(hdr)
        }
    }
}

fn bsd_af_name(family: u32) -> Option<&'static str> {
    Some(match family {
        2 => "IPv4",
        7 => "OSI",
        16 => "Appletalk",
        23 => "IPX",
        24 | 28 | 30 => "IPv6",
        _ => return None,
    })
}

fn null(cx: &mut Cx, d: &[u8], length: u32, network_order: bool) -> LinkResult {
    cx.proto = if network_order { "loop" } else { "null" };
    let Ok(b) = d.bytes(0, 4) else {
        return Err((Trunc, d.len()));
    };
    let mut family = if network_order {
        u32::from_be_bytes([b[0], b[1], b[2], b[3]])
    } else {
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    };
    if !network_order && family & 0xffff_0000 != 0 {
        family = family.swap_bytes();
    }
    let header = |cx: &mut Cx| {
        if cx.opts.quiet {
            match bsd_af_name(family) {
                Some(n) => out!(cx, "{n}"),
                None => out!(cx, "Unknown AF {family}"),
            }
        } else {
            out!(
                cx,
                "AF {} ({family})",
                bsd_af_name(family).unwrap_or("Unknown")
            );
        }
        out!(cx, ", length {length}: ");
    };
    if cx.opts.link_header {
        header(cx);
    }
    let payload = d.from(4);
    let len = length.saturating_sub(4);
    let r = match family {
        2 => ip::print(cx, payload, len),
        24 | 28 | 30 => ip6::print(cx, payload, len),
        _ => {
            if !cx.opts.link_header {
                header(cx);
            }
            default_print(cx, payload);
            Ok(())
        }
    };
    r.map(|()| 4).map_err(|t| (t, 4))
}

fn sll_pkttype(t: u16) -> &'static str {
    match t {
        0 => "In",
        1 => "B",
        2 => "M",
        3 => "P",
        4 => "Out",
        _ => "?",
    }
}

fn sll_protocol(cx: &mut Cx, et: u16) {
    if cx.opts.quiet {
        return;
    }
    if et <= 1500 {
        match et {
            1 => out!(cx, "802.3"),
            4 => out!(cx, "802.2"),
            _ => out!(cx, "ethertype Unknown (0x{et:04x})"),
        }
    } else {
        ethertype_field(cx, et);
    }
}

fn sll(cx: &mut Cx, d: &[u8], length: u32) -> LinkResult {
    cx.proto = "sll";
    if d.len() < 16 || length < 16 {
        return Err((Trunc, d.len().min(16)));
    }
    let header = |cx: &mut Cx| {
        out!(cx, "{:>3} ", sll_pkttype(u16::from_be_bytes([d[0], d[1]])));
        if u16::from_be_bytes([d[4], d[5]]) == 6 {
            mac(&mut cx.out, &d[6..12]);
            out!(cx, " ");
        }
        sll_protocol(cx, u16::from_be_bytes([d[14], d[15]]));
        out!(cx, ", length {length}: ");
    };
    if cx.opts.link_header {
        header(cx);
    }
    let et = u16::from_be_bytes([d[14], d[15]]);
    sll_payload(cx, et, d, 16, length, header)
}

fn sll_payload(
    cx: &mut Cx,
    mut et: u16,
    d: &[u8],
    mut hdr: usize,
    length: u32,
    header: impl Fn(&mut Cx),
) -> LinkResult {
    let mut len = length.saturating_sub(hdr as u32);
    if et == 0x8100 {
        cx.proto = "vlan";
        let Ok(tag) = d.bytes(hdr, 4) else {
            return Err((Trunc, d.len()));
        };
        let tci = u16::from_be_bytes([tag[0], tag[1]]);
        et = u16::from_be_bytes([tag[2], tag[3]]);
        if cx.opts.link_header {
            out!(
                cx,
                "vlan {}, p {}{}, ",
                tci & 0xfff,
                tci >> 13,
                if tci & 0x1000 != 0 { ", DEI" } else { "" }
            );
            if et > 1500 {
                ethertype_field(cx, et);
                out!(cx, ", ");
            }
        }
        hdr += 4;
        len = len.saturating_sub(4);
    }
    let payload = d.from(hdr);
    let known = if et > 1500 {
        ethertype(cx, et, payload, len)
    } else {
        None
    };
    match known {
        Some(r) => r.map(|()| hdr).map_err(|t| (t, hdr)),
        None => {
            if !cx.opts.link_header {
                header(cx);
            }
            default_print(cx, payload);
            Ok(hdr)
        }
    }
}

/// Interface names by index, read from this machine as tcpdump asks the kernel (if_indextoname): an
/// SLL2 capture from elsewhere shows this machine's names, as tcpdump warns.
fn ifname(cx: &mut Cx, index: u32) -> String {
    let names = cx.ifnames.get_or_insert_with(|| {
        let mut m = HashMap::new();
        if let Ok(dir) = std::fs::read_dir("/sys/class/net") {
            for e in dir.flatten() {
                let idx = std::fs::read_to_string(e.path().join("ifindex"))
                    .ok()
                    .and_then(|s| s.trim().parse::<u32>().ok());
                if let Some(i) = idx {
                    m.insert(i, e.file_name().to_string_lossy().into_owned());
                }
            }
        }
        m
    });
    names.get(&index).cloned().unwrap_or_else(|| "?".into())
}

fn sll2(cx: &mut Cx, d: &[u8], length: u32) -> LinkResult {
    cx.proto = "sll2";
    if d.len() < 20 || length < 20 {
        return Err((Trunc, d.len().min(20)));
    }
    let index = u32::from_be_bytes([d[4], d[5], d[6], d[7]]);
    let name = ifname(cx, index);
    out!(cx, "{name:<5} ");
    out!(cx, "{:<3} ", sll_pkttype(u16::from(d[10])));
    let header = |cx: &mut Cx| {
        out!(cx, "ifindex {index} ");
        if d[11] == 6 {
            mac(&mut cx.out, &d[12..18]);
            out!(cx, " ");
        }
        sll_protocol(cx, u16::from_be_bytes([d[0], d[1]]));
        out!(cx, ", length {length}: ");
    };
    if cx.opts.link_header {
        header(cx);
    }
    let et = u16::from_be_bytes([d[0], d[1]]);
    sll_payload(cx, et, d, 20, length, header)
}

fn nflog(cx: &mut Cx, d: &[u8], length: u32) -> LinkResult {
    cx.proto = "nflog";
    if d.len() < 4 || length < 4 {
        return Err((Trunc, d.len().min(4)));
    }
    let family = d[0];
    if cx.opts.link_header {
        out!(
            cx,
            "version {}, resource ID {}",
            d[1],
            u16::from_be_bytes([d[2], d[3]])
        );
        let fname = match family {
            2 => Some("IPv4"),
            10 => Some("IPv6"),
            _ => None,
        };
        if cx.opts.quiet {
            out!(cx, ", {}", fname.unwrap_or("Unknown"));
        } else {
            out!(cx, ", family {} ({family})", fname.unwrap_or("Unknown"));
        }
        out!(cx, ", length {length}: ");
    }
    // TLVs in the capturing host's byte order (little-endian on the machines that write these files),
    // each padded to four bytes, until the payload (type 9).
    let mut off = 4usize;
    loop {
        let Ok(tlv) = d.bytes(off, 4) else {
            return Err((Trunc, d.len()));
        };
        let tlen = usize::from(u16::from_le_bytes([tlv[0], tlv[1]]));
        let ttype = u16::from_le_bytes([tlv[2], tlv[3]]) & 0x7fff;
        if tlen < 4 {
            return Err((Trunc, d.len()));
        }
        if ttype == 9 {
            let start = off + 4;
            let payload = d.from(start);
            let plen = (tlen - 4) as u32;
            let r = match family {
                2 => ip::print(cx, payload, plen),
                10 => ip6::print(cx, payload, plen),
                _ => {
                    out!(cx, "unknown family");
                    Ok(())
                }
            };
            return r.map(|()| start).map_err(|t| (t, start));
        }
        off += tlen.div_ceil(4) * 4;
    }
}
