//! TCP: `Flags [S.], cksum 0x.... (correct), seq A:B, ack N, win N, urg N, options [...], length N`,
//! sequence numbers relative to the first acknowledging packet of a conversation unless `-S`, then the
//! payload's first line for the protocols tcpdump knows by port.

use crate::ip::IpInfo;
use crate::{Cx, Get, MAX_TCP_CONVERSATIONS, R, TcpKey, Trunc, cksum_shouldbe, dns, out, text};

fn option_name(opt: u8) -> Option<&'static str> {
    Some(match opt {
        0 => "eol",
        1 => "nop",
        2 => "mss",
        3 => "wscale",
        4 => "sackOK",
        5 => "sack",
        6 => "echo",
        7 => "echoreply",
        8 => "TS",
        11 => "cc",
        12 => "ccnew",
        13 => "",
        19 => "md5",
        20 => "scps",
        28 => "uto",
        29 => "tcp-ao",
        30 => "mptcp",
        34 => "tfo",
        254 => "exp",
        _ => return None,
    })
}

const FLAGS: [(u8, char); 8] = [
    (0x01, 'F'),
    (0x02, 'S'),
    (0x04, 'R'),
    (0x08, 'P'),
    (0x10, '.'),
    (0x20, 'U'),
    (0x40, 'E'),
    (0x80, 'W'),
];

/// Why the options could not all be printed.
enum OptErr {
    /// An option's length disagrees with the header (`[bad opt]`).
    Bad,
    /// The capture ends inside the options.
    Trunc,
}

/// tcpdump's LENCHECK: `n` more bytes must be within the options and captured.
fn lencheck(n: usize, hlen: usize, cp: usize, captured: usize) -> Result<(), OptErr> {
    if n > hlen {
        Err(OptErr::Bad)
    } else if cp + n > captured {
        Err(OptErr::Trunc)
    } else {
        Ok(())
    }
}

/// The options between `[` and `]`: `total` bytes of them in the header, `o` the part captured.
fn options(
    cx: &mut Cx,
    o: &[u8],
    total: usize,
    rev: bool,
    thseq: u32,
    thack: u32,
) -> Result<(), OptErr> {
    let mut hlen = total;
    let mut cp = 0usize;
    let mut first = true;
    while hlen > 0 {
        if !first {
            out!(cx, ",");
        }
        first = false;
        let Some(&opt) = o.get(cp) else {
            return Err(OptErr::Trunc);
        };
        cp += 1;
        let zero_len = opt == 0 || opt == 1;
        let len = if zero_len {
            1
        } else {
            let Some(&l) = o.get(cp) else {
                return Err(OptErr::Trunc);
            };
            cp += 1;
            let l = usize::from(l);
            if l < 2 || l > hlen {
                return Err(OptErr::Bad);
            }
            hlen -= 1;
            l
        };
        hlen -= 1;
        match option_name(opt) {
            Some(n) => out!(cx, "{n}"),
            None => out!(cx, "unknown-{opt}"),
        }
        let captured = o.len();
        let datalen = match opt {
            2 => {
                lencheck(2, hlen, cp, captured)?;
                out!(cx, " {}", u16::from_be_bytes([o[cp], o[cp + 1]]));
                2
            }
            3 => {
                lencheck(1, hlen, cp, captured)?;
                out!(cx, " {}", o[cp]);
                1
            }
            5 => {
                let datalen = len - 2;
                if !datalen.is_multiple_of(8) {
                    out!(cx, " invalid sack");
                } else {
                    out!(cx, " {} ", datalen / 8);
                    for i in (0..datalen).step_by(8) {
                        lencheck(i + 8, hlen, cp, captured)?;
                        let mut s = o.be32(cp + i).unwrap_or(0);
                        let mut e = o.be32(cp + i + 4).unwrap_or(0);
                        let base = if rev { thseq } else { thack };
                        s = s.wrapping_sub(base);
                        e = e.wrapping_sub(base);
                        out!(cx, "{{{s}:{e}}}");
                    }
                }
                datalen
            }
            6 | 7 | 11 | 12 | 13 => {
                lencheck(4, hlen, cp, captured)?;
                out!(cx, " {}", o.be32(cp).unwrap_or(0));
                4
            }
            8 => {
                lencheck(8, hlen, cp, captured)?;
                out!(
                    cx,
                    " val {} ecr {}",
                    o.be32(cp).unwrap_or(0),
                    o.be32(cp + 4).unwrap_or(0)
                );
                8
            }
            19 => {
                lencheck(16, hlen, cp, captured)?;
                out!(cx, " ");
                for b in &o[cp..cp + 16] {
                    out!(cx, "{b:02x}");
                }
                16
            }
            4 | 0 | 1 => 0,
            28 => {
                lencheck(2, hlen, cp, captured)?;
                let mut v = u32::from(u16::from_be_bytes([o[cp], o[cp + 1]]));
                out!(cx, " 0x{v:x}");
                v = if v & 1 != 0 { (v >> 1) * 60 } else { v >> 1 };
                out!(cx, " {v}");
                2
            }
            _ => {
                let datalen = len.saturating_sub(2);
                if datalen > 0 {
                    out!(cx, " 0x");
                }
                for i in 0..datalen {
                    lencheck(i + 1, hlen, cp, captured)?;
                    out!(cx, "{:02x}", o[cp + i]);
                }
                datalen
            }
        };
        cp += datalen;
        hlen -= datalen.min(hlen);
        let spec = datalen + 1 + usize::from(!zero_len);
        if spec != len {
            out!(cx, "[len {len}]");
        }
        if opt == 0 {
            break;
        }
    }
    Ok(())
}

fn key(info: &IpInfo, sport: u16, dport: u16) -> (TcpKey, bool) {
    let mut src = [0u8; 16];
    let mut dst = [0u8; 16];
    let n = info.src.len().min(16);
    // Equal addresses (loopback) are ordered by port, so both directions share one entry.
    let rev = info.src > info.dst || (info.src == info.dst && sport > dport);
    let (a, b, ports) = if rev {
        (
            info.dst,
            info.src,
            (u32::from(dport) << 16) | u32::from(sport),
        )
    } else {
        (
            info.src,
            info.dst,
            (u32::from(sport) << 16) | u32::from(dport),
        )
    };
    src[..n].copy_from_slice(&a[..n]);
    dst[..n].copy_from_slice(&b[..n]);
    (
        TcpKey {
            src,
            dst,
            ports,
            v6: info.v6,
        },
        rev,
    )
}

pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32, info: &IpInfo) -> R {
    cx.proto = "tcp";
    if d.len() < 4 {
        info.addr(cx, true);
        out!(cx, " > ");
        info.addr(cx, false);
        out!(cx, ":");
        return Err(Trunc);
    }
    let sport = d.be16(0)?;
    let dport = d.be16(2)?;
    info.addrs_ports(cx, sport, dport);
    d.bytes(0, 20)?;
    let hlen = usize::from(d[12] >> 4) * 4;
    if hlen < 20 {
        out!(
            cx,
            " tcp {} [bad hdr length {hlen} - too short, < 20]",
            length.wrapping_sub(hlen as u32)
        );
        return Ok(());
    }
    let mut seq = d.be32(4)?;
    let mut ack = d.be32(8)?;
    let win = d.be16(14)?;
    let urp = d.be16(18)?;
    if cx.opts.quiet {
        out!(cx, "tcp {}", length.wrapping_sub(hlen as u32));
        if hlen as u32 > length {
            out!(cx, " [bad hdr length {hlen} - too long, > {length}]");
        }
        return Ok(());
    }
    let flags = d[13];
    out!(cx, "Flags [");
    if flags == 0 {
        out!(cx, "none");
    }
    for (bit, c) in FLAGS {
        if flags & bit != 0 {
            cx.out.push(c);
        }
    }
    out!(cx, "]");
    let (mut rev, mut thseq, mut thack) = (false, 0u32, 0u32);
    if !cx.opts.absolute_seq && flags & 0x10 != 0 {
        let (k, r) = key(info, sport, dport);
        rev = r;
        let entry = if flags & 0x02 != 0 {
            None
        } else {
            cx.tcp.get(&k).copied()
        };
        match entry {
            Some((s, a)) => {
                if rev {
                    seq = seq.wrapping_sub(a);
                    ack = ack.wrapping_sub(s);
                } else {
                    seq = seq.wrapping_sub(s);
                    ack = ack.wrapping_sub(a);
                }
                thseq = s;
                thack = a;
            }
            None => {
                let v = if rev {
                    (ack.wrapping_sub(1), seq)
                } else {
                    (seq, ack.wrapping_sub(1))
                };
                if cx.tcp.len() >= MAX_TCP_CONVERSATIONS {
                    cx.tcp.clear();
                }
                cx.tcp.insert(k, v);
                thseq = v.0;
                thack = v.1;
            }
        }
    }
    if hlen as u32 > length {
        out!(cx, " [bad hdr length {hlen} - too long, > {length}]");
        return Ok(());
    }
    let plen = length - hlen as u32;
    if cx.opts.verbose > 0 && !info.fragmented {
        let seg_len = length as usize;
        if d.len() >= seg_len {
            let sum = info.pseudo_cksum(6, &d[..seg_len]);
            let field = d.be16(16)?;
            out!(cx, ", cksum 0x{field:04x}");
            if sum != 0 {
                out!(cx, " (incorrect -> 0x{:04x})", cksum_shouldbe(field, sum));
            } else {
                out!(cx, " (correct)");
            }
        }
    }
    if cx.opts.verbose > 1 || plen > 0 || flags & 0x07 != 0 {
        out!(cx, ", seq {seq}");
        if plen > 0 {
            out!(cx, ":{}", seq.wrapping_add(plen));
        }
    }
    if flags & 0x10 != 0 {
        out!(cx, ", ack {ack}");
    }
    out!(cx, ", win {win}");
    if flags & 0x20 != 0 {
        out!(cx, ", urg {urp}");
    }
    if hlen > 20 {
        out!(cx, ", options [");
        let o = d.from(20);
        let o = &o[..o.len().min(hlen - 20)];
        match options(cx, o, hlen - 20, rev, thseq, thack) {
            Ok(()) => out!(cx, "]"),
            Err(OptErr::Trunc) => return Err(Trunc),
            Err(OptErr::Bad) => {
                out!(cx, "[bad opt]");
                return Ok(());
            }
        }
    }
    out!(cx, ", length {plen}");
    if plen == 0 {
        return Ok(());
    }
    let payload = d.from(hlen);
    let payload = &payload[..payload.len().min(plen as usize)];
    if flags & 0x04 != 0 && cx.opts.verbose > 0 {
        // At most 30 bytes of the reset's text are shown, a "+" saying there is more.
        out!(cx, " [RST");
        let mut shown = payload;
        if plen > 30 {
            out!(cx, "+");
            shown = &payload[..payload.len().min(30)];
        }
        out!(cx, " ");
        for &b in shown {
            crate::print_char(&mut cx.out, b);
        }
        out!(cx, "]");
        if shown.len() < plen.min(30) as usize {
            return Err(Trunc);
        }
        return Ok(());
    }
    let port = |p: u16| sport == p || dport == p;
    if port(22) {
        text::ssh(cx, payload);
    } else if port(25) {
        out!(cx, ": ");
        text::txt_proto(cx, payload, plen, "SMTP", text::Kind::Smtp);
    } else if port(21) {
        out!(cx, ": ");
        text::txt_proto(cx, payload, plen, "FTP", text::Kind::Ftp);
    } else if port(80) || port(8080) {
        out!(cx, ": ");
        text::txt_proto(cx, payload, plen, "HTTP", text::Kind::Http);
    } else if port(53) {
        cx.proto = "domain";
        // DNS over TCP: the two-byte length of the message, then the message.
        if plen < 2 {
            out!(cx, " [DNS over TCP: length {plen} < 2] (invalid)");
            return Ok(());
        }
        let l = u32::from(payload.be16(0)?);
        if l != plen - 2 {
            out!(
                cx,
                " [prefix length({l}) != length({})] (invalid)",
                plen - 2
            );
            return Ok(());
        }
        out!(cx, " ");
        return dns::print(cx, payload.from(2), l, false);
    }
    Ok(())
}
