//! ARP and RARP: `Request who-has A tell B`, `Reply A is-at M`; with `-v` the hardware and protocol
//! types and lengths first.

use crate::link::default_print;
use crate::names::ethertype_name;
use crate::{Cx, Get, R, ipv4, mac, out};

fn hrd_name(h: u16) -> Option<&'static str> {
    Some(match h {
        1 => "Ethernet",
        6 => "TokenRing",
        7 => "ArcNet",
        15 => "FrameRelay",
        19 => "ATM",
        24 => "IEEE1394",
        31 => "IPsec tunnel",
        32 => "InfiniBand",
        _ => return None,
    })
}

fn op_name(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "Request",
        2 => "Reply",
        3 => "Reverse Request",
        4 => "Reverse Reply",
        8 => "Inverse Request",
        9 => "Inverse Reply",
        10 => "NACK Reply",
        _ => return None,
    })
}

/// A hardware address: Ethernet's six bytes as a MAC address, other lengths as colon-joined hex.
fn linkaddr(cx: &mut Cx, b: &[u8]) {
    if b.is_empty() {
        out!(cx, "<empty>");
    } else {
        mac(&mut cx.out, b);
    }
}

pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32) -> R {
    cx.proto = "arp";
    if !cx.opts.link_header {
        out!(cx, "ARP, ");
    }
    let hrd = d.be16(0)?;
    let pro = d.be16(2)?;
    let hln = usize::from(d.u8at(4)?);
    let pln = usize::from(d.u8at(5)?);
    let op = d.be16(6)?;
    let sha = 8;
    let spa = sha + hln;
    let tha = spa + pln;
    let tpa = tha + hln;
    if d.bytes(tpa, pln).is_err() {
        out!(cx, " [|ARP]");
        default_print(cx, d);
        return Ok(());
    }
    let ip_proto = pro == 0x0800 || pro == 0x1000;
    let v = cx.opts.verbose > 0;
    if !ip_proto || pln != 4 || hln == 0 || v {
        match hrd_name(hrd) {
            Some(n) => out!(cx, "{n}"),
            None => out!(cx, "Unknown Hardware ({hrd})"),
        }
        out!(cx, " (len {hln}), ");
        match ethertype_name(pro) {
            Some(n) => out!(cx, "{n}"),
            None => out!(cx, "Unknown Protocol (0x{pro:04x})"),
        }
        out!(cx, " (len {pln})");
        if !v {
            out!(cx, ", length {length}");
            return Ok(());
        }
    }
    if v {
        out!(cx, ", ");
    }
    match op_name(op) {
        Some(n) => out!(cx, "{n} "),
        None => out!(cx, "Unknown ({op}) "),
    }
    let paddr = |cx: &mut Cx, off: usize| {
        if !ip_proto {
            out!(cx, "<wrong proto type>");
        } else if pln != 4 {
            out!(cx, "<wrong len>");
        } else {
            ipv4(&mut cx.out, &d[off..off + 4]);
        }
    };
    match op {
        1 => {
            out!(cx, "who-has ");
            paddr(cx, tpa);
            if d[tha..tha + hln].iter().any(|&b| b != 0) {
                out!(cx, " (");
                linkaddr(cx, &d[tha..tha + hln]);
                out!(cx, ")");
            }
            out!(cx, " tell ");
            paddr(cx, spa);
        }
        2 => {
            paddr(cx, spa);
            out!(cx, " is-at ");
            linkaddr(cx, &d[sha..sha + hln]);
        }
        3 | 8 => {
            out!(cx, "who-is ");
            linkaddr(cx, &d[tha..tha + hln]);
            out!(cx, " tell ");
            linkaddr(cx, &d[sha..sha + hln]);
        }
        4 => {
            linkaddr(cx, &d[tha..tha + hln]);
            out!(cx, " at ");
            paddr(cx, tpa);
        }
        9 => {
            linkaddr(cx, &d[sha..sha + hln]);
            out!(cx, " at ");
            paddr(cx, spa);
        }
        _ => {
            default_print(cx, d);
            return Ok(());
        }
    }
    out!(cx, ", length {length}");
    Ok(())
}
