//! IPv4: `IP src > dst: ...`, with `-v` the `(tos ..., ttl ..., id ..., offset ..., flags [...], proto
//! NAME (N), length N)` header line and the header checksum; and the demultiplexer to the transport
//! printers, which IPv6 shares.

use crate::names::ipproto_name;
use crate::{Cx, Get, R, cksum_add, cksum_fold, cksum_shouldbe, icmp, icmp6, ip6, ipv4, ipv6, out};
use crate::{tcp, udp};

/// What the transport printers need of the IP header they came in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IpInfo<'a> {
    pub v6: bool,
    pub src: &'a [u8],
    pub dst: &'a [u8],
    /// The fixed header's protocol / next header field equals the transport's: the addresses are
    /// printed with the ports (IPv6 with extension headers prints the ports alone, as tcpdump does).
    pub direct: bool,
    /// A fragment (or, for IPv6, behind a fragment header): no checksum is verified.
    pub fragmented: bool,
}

impl IpInfo<'_> {
    pub(crate) fn addr(&self, cx: &mut Cx, src: bool) {
        let a = if src { self.src } else { self.dst };
        if self.v6 {
            ipv6(&mut cx.out, a);
        } else {
            ipv4(&mut cx.out, a);
        }
    }

    /// `src > dst: `
    pub(crate) fn addrs(&self, cx: &mut Cx) {
        self.addr(cx, true);
        out!(cx, " > ");
        self.addr(cx, false);
        out!(cx, ": ");
    }

    /// `src.sport > dst.dport: `, or the ports alone when the addresses are not the transport's own.
    pub(crate) fn addrs_ports(&self, cx: &mut Cx, sport: u16, dport: u16) {
        if self.direct {
            self.addr(cx, true);
            out!(cx, ".{sport} > ");
            self.addr(cx, false);
            out!(cx, ".{dport}: ");
        } else {
            out!(cx, "{sport} > {dport}: ");
        }
    }

    /// The transport checksum over the pseudo-header and `seg` (0 when correct).
    pub(crate) fn pseudo_cksum(&self, proto: u8, seg: &[u8]) -> u16 {
        let mut sum = cksum_add(0, self.src);
        sum = cksum_add(sum, self.dst);
        let len = seg.len() as u32;
        sum = sum.wrapping_add(len >> 16).wrapping_add(len & 0xffff);
        sum = sum.wrapping_add(u32::from(proto));
        cksum_fold(cksum_add(sum, seg))
    }
}

fn ip_option_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0 => "EOL",
        1 => "NOP",
        68 => "timestamp",
        130 => "security",
        7 => "RR",
        137 => "SSRR",
        131 => "LSRR",
        148 => "RA",
        82 => "traceroute",
        _ => return None,
    })
}

fn options(cx: &mut Cx, mut o: &[u8]) {
    let mut first = true;
    while !o.is_empty() {
        if !first {
            out!(cx, ",");
        }
        first = false;
        let code = o[0];
        match ip_option_name(code) {
            Some(n) => out!(cx, "{n}"),
            None => out!(cx, "unknown {code}"),
        }
        let len = if code <= 1 {
            1
        } else {
            match o.get(1) {
                Some(&l) if l >= 2 => usize::from(l),
                Some(&l) => {
                    out!(cx, " [bad length {l}]");
                    return;
                }
                None => return,
            }
        };
        if len > o.len() {
            out!(cx, " [bad length {len}]");
            return;
        }
        if code == 0 {
            return;
        }
        if code == 148 {
            if len < 4 {
                out!(cx, " [bad length {len}]");
            } else {
                let v = u16::from_be_bytes([o[2], o[3]]);
                if v != 0 {
                    out!(cx, " value {v}");
                }
            }
        }
        o = &o[len..];
    }
}

fn frag_flags(off: u16) -> String {
    let mut parts = Vec::new();
    if off & 0x2000 != 0 {
        parts.push("+");
    }
    if off & 0x4000 != 0 {
        parts.push("DF");
    }
    if off & 0x8000 != 0 {
        parts.push("rsvd");
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

/// An IPv4 packet; `length` is what the layer below says it carries.
pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32) -> R {
    cx.proto = "ip";
    if !cx.opts.link_header {
        out!(cx, "IP ");
    }
    let vhl = d.u8at(0)?;
    if vhl >> 4 != 4 {
        out!(cx, " [version {} != 4]", vhl >> 4);
        out!(cx, " (invalid)");
        return Ok(());
    }
    let hlen = usize::from(vhl & 0x0f) * 4;
    if hlen < 20 {
        out!(cx, "bad-hlen {hlen}");
        return Ok(());
    }
    let len = u32::from(d.be16(2)?);
    if len > length {
        out!(cx, "[total length {len} > length {length}] (invalid) ");
    }
    if len < hlen as u32 {
        out!(cx, "bad-len {len}");
        return Ok(());
    }
    d.bytes(0, 20)?;
    let off = d.be16(6)?;
    let proto = d[9];
    // Everything past the IP total length is padding of the link layer.
    let d = &d[..d.len().min(len as usize)];
    let fragmented = off & 0x3fff != 0;
    if cx.opts.verbose > 0 {
        let tos = d[1];
        out!(cx, "(tos 0x{tos:x}");
        match tos & 3 {
            1 => out!(cx, ",ECT(1)"),
            2 => out!(cx, ",ECT(0)"),
            3 => out!(cx, ",CE"),
            _ => {}
        }
        if d[8] >= 1 {
            out!(cx, ", ttl {}", d[8]);
        }
        out!(
            cx,
            ", id {}, offset {}, flags [{}], proto {} ({proto})",
            u16::from_be_bytes([d[4], d[5]]),
            (off & 0x1fff) * 8,
            frag_flags(off),
            ipproto_name(proto).unwrap_or("unknown")
        );
        out!(cx, ", length {len}");
        if hlen > 20 {
            out!(cx, ", options (");
            options(cx, &d[20..d.len().min(hlen)]);
            out!(cx, ")");
        }
        if d.len() >= hlen {
            let sum = cksum_fold(cksum_add(0, &d[..hlen]));
            if sum != 0 {
                let field = u16::from_be_bytes([d[10], d[11]]);
                out!(
                    cx,
                    ", bad cksum {field:x} (->{:x})!",
                    cksum_shouldbe(field, sum)
                );
            }
        }
        out!(cx, ")\n    ");
    }
    let info = IpInfo {
        v6: false,
        src: d.bytes(12, 4)?,
        dst: d.bytes(16, 4)?,
        direct: true,
        fragmented,
    };
    let payload_len = len - hlen as u32;
    if off & 0x1fff == 0 {
        if !matches!(proto, 6 | 17 | 132 | 33) {
            info.addrs(cx);
        }
        let payload = d.from(hlen);
        demux(cx, proto, payload, payload_len, &info)
    } else {
        info.addr(cx, true);
        out!(cx, " > ");
        info.addr(cx, false);
        out!(cx, ": ip-proto-{proto}");
        Ok(())
    }
}

/// The transport after an IP header (or the last IPv6 extension header).
pub(crate) fn demux(cx: &mut Cx, proto: u8, d: &[u8], length: u32, info: &IpInfo) -> R {
    match proto {
        6 => tcp::print(cx, d, length, info),
        17 => udp::print(cx, d, length, info),
        1 if !info.v6 => icmp::print(cx, d, length, info),
        58 if info.v6 => icmp6::print(cx, d, length, info),
        1 | 58 => {
            out!(
                cx,
                "[{} requires IPv{}] (invalid)",
                ipproto_name(proto).unwrap_or("unknown"),
                if proto == 1 { 4 } else { 6 }
            );
            Ok(())
        }
        2 if !info.v6 => icmp::igmp(cx, d, length),
        4 => print(cx, d, length),
        41 => ip6::print(cx, d, length),
        59 => {
            out!(cx, "no next header");
            Ok(())
        }
        _ => {
            out!(cx, " ip-proto-{proto} {length}");
            Ok(())
        }
    }
}
