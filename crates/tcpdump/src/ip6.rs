//! IPv6: `IP6 src > dst: ...`, with `-v` the `(flowlabel ..., hlim N, next-header NAME (N) payload
//! length: N)` prefix; hop-by-hop, destination options and fragment headers.

use crate::ip::{IpInfo, demux};
use crate::names::ipproto_name;
use crate::{Cx, Get, R, out};

fn opt_print(cx: &mut Cx, mut o: &[u8]) -> R {
    while !o.is_empty() {
        let t = o[0];
        if t == 0 {
            out!(cx, "(pad1)");
            o = &o[1..];
            continue;
        }
        let len = usize::from(o.u8at(1)?) + 2;
        if o.len() < len {
            out!(cx, "[trunc]");
            return Ok(());
        }
        match t {
            1 => out!(cx, "(padn)"),
            5 => {
                if len != 4 {
                    out!(cx, "(rtalert: invalid len {})", len - 2);
                } else {
                    out!(cx, "(rtalert: 0x{:04x}) ", u16::from_be_bytes([o[2], o[3]]));
                }
            }
            0xc2 => {
                if len != 6 {
                    out!(cx, "(jumbo: invalid len {})", len - 2);
                } else {
                    out!(
                        cx,
                        "(jumbo: {}) ",
                        u32::from_be_bytes([o[2], o[3], o[4], o[5]])
                    );
                }
            }
            _ => out!(cx, "(opt_type 0x{t:02x}: len={})", len - 2),
        }
        o = &o[len..];
    }
    Ok(())
}

/// An IPv6 packet; `length` is what the layer below says it carries.
pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32) -> R {
    cx.proto = "ip6";
    d.u8at(0)?;
    if length < 40 {
        out!(cx, "truncated-ip6 {length}");
        return Ok(());
    }
    if !cx.opts.link_header {
        out!(cx, "IP6 ");
    }
    let version = d[0] >> 4;
    if version != 6 {
        out!(cx, "version error: {version} != 6");
        return Ok(());
    }
    let plen = u32::from(d.be16(4)?);
    let mut len = if plen != 0 {
        let l = plen + 40;
        if length < l {
            out!(cx, "truncated-ip6 - {} bytes missing!", l - length);
        }
        l
    } else {
        length
    };
    let first_nh = d.u8at(6)?;
    if cx.opts.verbose > 0 {
        let flow = d.be32(0)?;
        out!(cx, "(");
        if flow & 0x0ff0_0000 != 0 {
            out!(cx, "class 0x{:02x}, ", (flow & 0x0ff0_0000) >> 20);
        }
        if flow & 0x000f_ffff != 0 {
            out!(cx, "flowlabel 0x{:05x}, ", flow & 0x000f_ffff);
        }
        out!(
            cx,
            "hlim {}, next-header {} ({first_nh}) payload length: {plen}) ",
            d.u8at(7)?,
            ipproto_name(first_nh).unwrap_or("unknown"),
        );
    }
    let d = &d[..d.len().min(len as usize)];
    let mut info = IpInfo {
        v6: true,
        src: d.bytes(8, 16)?,
        dst: d.bytes(24, 16)?,
        direct: true,
        fragmented: false,
    };
    let mut nh = first_nh;
    let mut off = 0usize;
    let mut advance = 40usize;
    while off < d.len() {
        if (len as usize) < advance {
            return Err(crate::Trunc);
        }
        off += advance;
        len -= advance as u32;
        if off == 40 && !matches!(nh, 6 | 17 | 33 | 132) {
            info.addrs(cx);
        }
        let h = d.from(off);
        match nh {
            0 | 60 => {
                let hl = (usize::from(h.u8at(1)?) + 1) * 8;
                let hdr = h.bytes(0, hl)?;
                out!(cx, "{}", if nh == 0 { "HBH " } else { "DSTOPT " });
                if cx.opts.verbose > 0 {
                    opt_print(cx, &hdr[2..])?;
                    out!(cx, " ");
                }
                nh = hdr[0];
                advance = hl;
            }
            44 => {
                let f = h.bytes(0, 8)?;
                let offlg = u16::from_be_bytes([f[2], f[3]]);
                let rest = (40 + plen as usize).saturating_sub(off + 8);
                if cx.opts.verbose > 0 {
                    out!(
                        cx,
                        "frag (0x{:08x}:{}|{rest})",
                        u32::from_be_bytes([f[4], f[5], f[6], f[7]]),
                        offlg & 0xfff8
                    );
                } else {
                    out!(cx, "frag ({}|{rest})", offlg & 0xfff8);
                }
                if offlg & 0xfff8 != 0 {
                    return Ok(());
                }
                out!(cx, " ");
                nh = f[0];
                info.fragmented = true;
                advance = 8;
                if off + advance >= d.len() {
                    return Ok(());
                }
            }
            _ => {
                info.direct = first_nh == nh;
                return demux(cx, nh, h, len, &info);
            }
        }
    }
    Ok(())
}
