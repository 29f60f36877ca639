//! ICMP (`ICMP echo request, id N, seq N, length N`, the unreachables with the address and port they
//! name, and with `-v` the quoted IP header of an error) and IGMP.

use crate::ip::{self, IpInfo};
use crate::{Cx, Get, R, cksum_add, cksum_fold, cksum_shouldbe, ipv4, out};

fn inner_dst(d: &[u8]) -> Result<String, crate::Trunc> {
    let mut s = String::new();
    ipv4(&mut s, d.bytes(8 + 16, 4)?);
    Ok(s)
}

pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32, info: &IpInfo) -> R {
    cx.proto = "icmp";
    let t = d.u8at(0)?;
    let code = d.u8at(1)?;
    let mut buf = String::new();
    use std::fmt::Write as _;
    match t {
        0 | 8 => {
            let _ = write!(
                buf,
                "echo {}, id {}, seq {}",
                if t == 8 { "request" } else { "reply" },
                d.be16(4)?,
                d.be16(6)?
            );
        }
        3 => {
            let dst = inner_dst(d)?;
            match code {
                0 => {
                    let _ = write!(buf, "net {dst} unreachable");
                }
                1 => {
                    let _ = write!(buf, "host {dst} unreachable");
                }
                2 => {
                    let p = d.u8at(8 + 9)?;
                    let _ = write!(buf, "{dst} protocol {p} unreachable");
                }
                3 => {
                    let hl = usize::from(d.u8at(8)? & 0x0f) * 4;
                    let dport = d.be16(8 + hl + 2)?;
                    let p = d.u8at(8 + 9)?;
                    let _ = match p {
                        6 => write!(buf, "{dst} tcp port {dport} unreachable"),
                        17 => write!(buf, "{dst} udp port {dport} unreachable"),
                        _ => write!(buf, "{dst} protocol {p} port {dport} unreachable"),
                    };
                }
                4 => {
                    let mtu = d.be16(6)?;
                    let _ = if mtu != 0 {
                        write!(buf, "{dst} unreachable - need to frag (mtu {mtu})")
                    } else {
                        write!(buf, "{dst} unreachable - need to frag")
                    };
                }
                _ => {
                    let s = match code {
                        5 => format!("{dst} unreachable - source route failed"),
                        6 => format!("net {dst} unreachable - unknown"),
                        7 => format!("host {dst} unreachable - unknown"),
                        8 => format!("{dst} unreachable - source host isolated"),
                        9 => format!("net {dst} unreachable - admin prohibited"),
                        10 => format!("host {dst} unreachable - admin prohibited"),
                        11 => format!("net {dst} unreachable - tos prohibited"),
                        12 => format!("host {dst} unreachable - tos prohibited"),
                        13 => format!("host {dst} unreachable - admin prohibited filter"),
                        14 => format!("host {dst} unreachable - host precedence violation"),
                        15 => format!("host {dst} unreachable - precedence cutoff"),
                        c => format!("#{c} {dst} unreachable"),
                    };
                    buf.push_str(&s);
                }
            }
        }
        11 => {
            buf.push_str(&match code {
                0 => "time exceeded in-transit".to_string(),
                1 => "ip reassembly time exceeded".to_string(),
                c => format!("time exceeded-#{c}"),
            });
        }
        12 => {
            let _ = if code != 0 {
                write!(buf, "parameter problem - code {code}")
            } else {
                write!(buf, "parameter problem - octet {}", d.u8at(4)?)
            };
        }
        17 => buf.push_str("address mask request"),
        18 => {
            let _ = write!(buf, "address mask is 0x{:08x}", d.be32(8)?);
        }
        13 => {
            let _ = write!(buf, "time stamp query id {} seq {}", d.be16(4)?, d.be16(6)?);
        }
        _ => {
            let name = match t {
                4 => "source quench".to_string(),
                10 => "router solicitation".to_string(),
                9 => "router advertisement".to_string(),
                14 => "time stamp reply".to_string(),
                15 => "information request".to_string(),
                16 => "information reply".to_string(),
                5 => "redirect".to_string(),
                _ => format!("type-#{t}"),
            };
            buf.push_str(&name);
        }
    }
    out!(cx, "ICMP {buf}, length {length}");
    if cx.opts.verbose > 0 && !info.fragmented && d.len() >= length as usize {
        let sum = cksum_fold(cksum_add(0, &d[..length as usize]));
        if sum != 0 {
            let field = d.be16(2)?;
            out!(
                cx,
                " (wrong icmp cksum {field:x} (->{:x})!)",
                cksum_shouldbe(field, sum)
            );
        }
    }
    if cx.opts.verbose > 0 && matches!(t, 3 | 4 | 5 | 11 | 12) {
        let inner = d.from(8);
        if let Ok(ilen) = inner.be16(2) {
            out!(cx, "\n\t");
            let inner = &inner[..inner.len().min(usize::from(ilen))];
            let saved = cx.proto;
            ip::print(cx, inner, u32::from(ilen))?;
            cx.proto = saved;
        }
    }
    Ok(())
}

/// IGMP: queries, reports and leaves.
pub(crate) fn igmp(cx: &mut Cx, d: &[u8], length: u32) -> R {
    cx.proto = "igmp";
    let t = d.u8at(0)?;
    let group = |cx: &mut Cx| -> R {
        ipv4(&mut cx.out, d.bytes(4, 4)?);
        Ok(())
    };
    match t {
        0x11 => {
            let mrc = d.u8at(1)?;
            if length >= 12 {
                out!(cx, "igmp query v3");
                if mrc != 0 {
                    out!(cx, " [max resp time {mrc}]");
                }
                let g = d.be32(4)?;
                if g != 0 {
                    out!(cx, " [gaddr ");
                    group(cx)?;
                    out!(cx, "]");
                }
                return Ok(());
            }
            if mrc == 0 {
                out!(cx, "igmp query v1");
            } else {
                out!(cx, "igmp query v2");
                out!(cx, " [max resp time {mrc}]");
            }
            if d.be32(4)? != 0 {
                out!(cx, " [gaddr ");
                group(cx)?;
                out!(cx, "]");
            }
            if length != 8 {
                out!(cx, " [len {length}]");
            }
        }
        0x12 => {
            out!(cx, "igmp v1 report ");
            group(cx)?;
        }
        0x16 => {
            out!(cx, "igmp v2 report ");
            group(cx)?;
        }
        0x17 => {
            out!(cx, "igmp leave ");
            group(cx)?;
        }
        0x22 => {
            let n = d.be16(6)?;
            out!(cx, "igmp v3 report, {n} group record(s)");
        }
        _ => out!(cx, "igmp-{t}"),
    }
    Ok(())
}
