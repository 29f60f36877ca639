//! UDP: `src.port > dst.port: ` then DNS, BOOTP/DHCP or NTP by port, or `UDP, length N`; with `-vv`
//! (IPv4) or `-v` (IPv6) the checksum verdict first.

use crate::ip::IpInfo;
use crate::{Cx, Get, R, Trunc, bootp, cksum_shouldbe, dns, ntp, out};

pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32, info: &IpInfo) -> R {
    cx.proto = "udp";
    let (Ok(sport), Ok(dport)) = (d.be16(0), d.be16(2)) else {
        info.addr(cx, true);
        out!(cx, " > ");
        info.addr(cx, false);
        out!(cx, ": ");
        return Err(Trunc);
    };
    if length < 8 {
        info.addrs_ports(cx, sport, dport);
        out!(cx, "truncated-udp {length}");
        return Ok(());
    }
    let Ok(ulen) = d.be16(4) else {
        info.addrs_ports(cx, sport, dport);
        return Err(Trunc);
    };
    let mut ulen = u32::from(ulen);
    if ulen == 0 && length > 65535 {
        ulen = length;
    }
    if ulen < 8 {
        info.addrs_ports(cx, sport, dport);
        out!(cx, "truncated-udplength {ulen}");
        return Ok(());
    }
    ulen -= 8;
    let mut length = length - 8;
    if ulen < length {
        length = ulen;
    }
    if d.len() < 8 {
        info.addrs_ports(cx, sport, dport);
        return Err(Trunc);
    }
    let payload = &d[8..];
    info.addrs_ports(cx, sport, dport);
    if cx.opts.verbose > 0 && !info.fragmented {
        let field = d.be16(6)?;
        let seg_len = length as usize + 8;
        if !info.v6 && cx.opts.verbose > 1 {
            if field == 0 {
                out!(cx, "[no cksum] ");
            } else if d.len() >= seg_len {
                let sum = info.pseudo_cksum(17, &d[..seg_len]);
                if sum != 0 {
                    out!(
                        cx,
                        "[bad udp cksum 0x{field:04x} -> 0x{:04x}!] ",
                        cksum_shouldbe(field, sum)
                    );
                } else {
                    out!(cx, "[udp sum ok] ");
                }
            }
        } else if info.v6 && d.len() >= seg_len {
            let sum = info.pseudo_cksum(17, &d[..seg_len]);
            if sum != 0 {
                out!(
                    cx,
                    "[bad udp cksum 0x{field:04x} -> 0x{:04x}!] ",
                    cksum_shouldbe(field, sum)
                );
            } else {
                out!(cx, "[udp sum ok] ");
            }
        }
    }
    let payload = &payload[..payload.len().min(length as usize)];
    let port = |p: u16| sport == p || dport == p;
    if !cx.opts.quiet {
        if port(53) {
            return dns::print(cx, payload, length, false);
        }
        if port(67) || port(68) {
            return bootp::print(cx, payload, length);
        }
        if port(123) {
            return ntp::print(cx, payload, length);
        }
        if port(5353) {
            return dns::print(cx, payload, length, true);
        }
    }
    if ulen > length && !info.fragmented {
        out!(cx, "UDP, bad length {ulen} > {length}");
    } else {
        out!(cx, "UDP, length {ulen}");
    }
    Ok(())
}
