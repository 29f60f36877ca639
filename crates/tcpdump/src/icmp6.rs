//! ICMPv6 and neighbour discovery: `ICMP6, echo request, id N, seq N, length N`, `neighbor
//! solicitation, who has A`, ...; with `-v` the checksum verdict, the ND flags and options, and with
//! `-vv` each option's bytes in hex.

use std::fmt::Write as _;

use crate::ip::IpInfo;
use crate::{Cx, Get, R, Trunc, cksum_shouldbe, ipv6, mac, out};

fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "destination unreachable",
        2 => "packet too big",
        3 => "time exceeded",
        4 => "parameter problem",
        128 => "echo request",
        129 => "echo reply",
        130 => "multicast listener query",
        131 => "multicast listener report",
        132 => "multicast listener done",
        133 => "router solicitation",
        134 => "router advertisement",
        135 => "neighbor solicitation",
        136 => "neighbor advertisement",
        137 => "redirect",
        138 => "router renumbering",
        139 => "node information query",
        140 => "node information reply",
        141 => "inverse neighbor solicitation",
        142 => "inverse neighbor advertisement",
        143 => "multicast listener report v2",
        144 => "ha discovery request",
        145 => "ha discovery reply",
        146 => "mobile router solicitation",
        147 => "mobile router advertisement",
        151 => "multicast router advertisement",
        152 => "multicast router solicitation",
        153 => "multicast router termination",
        155 => "RPL",
        _ => return None,
    })
}

fn flags(out: &mut String, v: u32, table: &[(u32, &str)]) {
    let names: Vec<&str> = table
        .iter()
        .filter(|(b, _)| v & b != 0)
        .map(|(_, n)| *n)
        .collect();
    if names.is_empty() {
        out.push_str("none");
    } else {
        out.push_str(&names.join(", "));
    }
}

fn addr6(d: &[u8], off: usize) -> Result<String, Trunc> {
    let mut s = String::new();
    ipv6(&mut s, d.bytes(off, 16)?);
    Ok(s)
}

fn lifetime(v: u32) -> String {
    if v == u32::MAX {
        "infinity".into()
    } else {
        format!("{v}s")
    }
}

/// `print_unknown_data`: hex words under an indentation.
fn unknown_data(cx: &mut Cx, ident: &str, d: &[u8]) {
    for (n, line) in d.chunks(16).enumerate() {
        out!(cx, "{ident}0x{:04x}: ", n * 16);
        for pair in line.chunks(2) {
            cx.out.push(' ');
            for b in pair {
                let _ = write!(cx.out, "{b:02x}");
            }
        }
    }
}

fn opt_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "source link-address",
        2 => "destination link-address",
        3 => "prefix info",
        4 => "redirected header",
        5 => "mtu",
        25 => "rdnss",
        31 => "dnssl",
        7 => "advertisement interval",
        8 => "homeagent information",
        24 => "route info",
        _ => return None,
    })
}

fn nd_options(cx: &mut Cx, d: &[u8]) -> R {
    let mut cp = 0usize;
    while cp < d.len() {
        let t = d.u8at(cp)?;
        let l = usize::from(d.u8at(cp + 1)?);
        let bytes = l << 3;
        out!(
            cx,
            "\n\t  {} option ({t}), length {bytes} ({l}): ",
            opt_name(t).unwrap_or("unknown")
        );
        if l == 0 {
            return Err(Trunc);
        }
        let o = d.bytes(cp, bytes)?;
        let body = &o[2..];
        match t {
            1 | 2 => mac(&mut cx.out, body),
            3 if o.len() >= 32 => {
                let _ = write!(
                    cx.out,
                    "{}/{}{}, Flags [",
                    addr6(o, 16)?,
                    o[2],
                    if l != 4 { "badlen" } else { "" }
                );
                flags(
                    &mut cx.out,
                    u32::from(o[3]),
                    &[(0x80, "onlink"), (0x40, "auto"), (0x20, "router")],
                );
                out!(
                    cx,
                    "], valid time {}, pref. time {}",
                    lifetime(o.be32(4)?),
                    lifetime(o.be32(8)?)
                );
            }
            5 => out!(cx, " {}", o.be32(4)?),
            7 => out!(cx, " {}ms", o.be32(4)?),
            25 => {
                out!(cx, " lifetime {},", lifetime(o.be32(4)?));
                let mut i = 8;
                while i + 16 <= o.len() {
                    out!(cx, " addr: {}", addr6(o, i)?);
                    i += 16;
                }
            }
            _ => {
                if cx.opts.verbose <= 1 {
                    unknown_data(cx, "\n\t  ", body);
                    return Ok(());
                }
            }
        }
        if cx.opts.verbose > 1 {
            unknown_data(cx, "\n\t    ", body);
        }
        cp += bytes;
    }
    Ok(())
}

pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32, info: &IpInfo) -> R {
    cx.proto = "icmp6";
    let t = d.u8at(0)?;
    let code = d.u8at(1)?;
    let v = cx.opts.verbose > 0;
    if v && !info.fragmented && d.len() >= length as usize {
        let field = d.be16(2)?;
        let sum = info.pseudo_cksum(58, &d[..length as usize]);
        if sum != 0 {
            out!(
                cx,
                "[bad icmp6 cksum 0x{field:04x} -> 0x{:04x}!] ",
                cksum_shouldbe(field, sum)
            );
        } else {
            out!(cx, "[icmp6 sum ok] ");
        }
    }
    match type_name(t) {
        Some(n) => out!(cx, "ICMP6, {n}"),
        None => out!(cx, "ICMP6, unknown icmp6 type ({t})"),
    }
    let nd = matches!(t, 133..=137 | 145 | 147);
    if v && nd {
        out!(cx, ", length {length}");
    }
    match t {
        1 => {
            let dst = addr6(d, 8 + 24)?;
            match code {
                0 => out!(cx, ", unreachable route {dst}"),
                1 => out!(cx, ", unreachable prohibited {dst}"),
                2 => out!(
                    cx,
                    ", beyond scope {dst}, source address {}",
                    addr6(d, 8 + 8)?
                ),
                3 => out!(cx, ", unreachable address {dst}"),
                4 => {
                    // The transport header right after the quoted IPv6 header.
                    let nh = d.u8at(8 + 6)?;
                    let dport = d.be16(8 + 40 + 2)?;
                    match nh {
                        6 => out!(cx, ", unreachable port, {dst} tcp port {dport}"),
                        17 => out!(cx, ", unreachable port, {dst} udp port {dport}"),
                        _ => out!(
                            cx,
                            ", unreachable port, {dst} protocol {nh} port {dport} unreachable"
                        ),
                    }
                }
                c => out!(cx, ", unknown unreach code ({c})"),
            }
        }
        2 => out!(cx, ", mtu {}", d.be32(4)?),
        3 => match code {
            0 => out!(cx, " in-transit for {}", addr6(d, 8 + 24)?),
            1 => out!(cx, " (reassembly)"),
            c => out!(cx, ", unknown code ({c})"),
        },
        4 => {
            let p = d.be32(4)?;
            match code {
                0 => out!(cx, ", erroneous - octet {p}"),
                1 => out!(cx, ", next header - octet {p}"),
                2 => out!(cx, ", option - octet {p}"),
                3 => out!(cx, ", incomplete header chain - octet {p}"),
                c => out!(cx, ", code-#{c}"),
            }
        }
        128 | 129 => out!(cx, ", id {}, seq {}", d.be16(4)?, d.be16(6)?),
        131 | 132 => {
            out!(cx, "max resp delay: {} addr: {}", d.be16(4)?, addr6(d, 8)?);
        }
        133 if v => nd_options(cx, d.from(8))?,
        134 if v => {
            let f = d.u8at(5)?;
            out!(cx, "\n\thop limit {}, Flags [", d.u8at(4)?);
            flags(
                &mut cx.out,
                u32::from(f),
                &[
                    (0x80, "managed"),
                    (0x40, "other stateful"),
                    (0x20, "home agent"),
                ],
            );
            let pref = match (f >> 3) & 3 {
                0 => "medium",
                1 => "high",
                2 => "rsv",
                _ => "low",
            };
            out!(
                cx,
                "], pref {pref}, router lifetime {}s, reachable time {}ms, retrans timer {}ms",
                d.be16(6)?,
                d.be32(8)?,
                d.be32(12)?
            );
            nd_options(cx, d.from(16))?;
        }
        135 => {
            out!(cx, ", who has {}", addr6(d, 8)?);
            if v {
                nd_options(cx, d.from(24))?;
            }
        }
        136 => {
            out!(cx, ", tgt is {}", addr6(d, 8)?);
            if v {
                out!(cx, ", Flags [");
                flags(
                    &mut cx.out,
                    d.be32(4)?,
                    &[
                        (0x8000_0000, "router"),
                        (0x4000_0000, "solicited"),
                        (0x2000_0000, "override"),
                    ],
                );
                out!(cx, "]");
                nd_options(cx, d.from(24))?;
            }
        }
        143 => out!(cx, ", {} group record(s)", d.be16(6)?),
        _ => {}
    }
    if !v {
        out!(cx, ", length {length}");
    }
    Ok(())
}
