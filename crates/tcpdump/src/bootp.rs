//! BOOTP/DHCP: `BOOTP/DHCP, Request from M, length N`; with `-v` the header's interesting fields and
//! the RFC 1048 options one a line, each in the format tcpdump gives its tag.

use crate::{Cx, Get, R, Trunc, ipv4, mac, out, print_char};

/// tcpdump's name for an option tag and the format of its value: `i` addresses, `l` 32-bit numbers,
/// `L` signed ones, `s` 16-bit ones, `b` bytes, `B` booleans, `a` text, `p` address pairs, `$` its own
/// format, ` ` none.
fn tag(t: u8) -> Option<(char, &'static str)> {
    Some(match t {
        0 => (' ', "PAD"),
        1 => ('i', "Subnet-Mask"),
        2 => ('L', "Time-Zone"),
        3 => ('i', "Default-Gateway"),
        4 => ('i', "Time-Server"),
        5 => ('i', "IEN-Name-Server"),
        6 => ('i', "Domain-Name-Server"),
        7 => ('i', "LOG"),
        8 => ('i', "CS"),
        9 => ('i', "LPR-Server"),
        10 => ('i', "IM"),
        11 => ('i', "RL"),
        12 => ('a', "Hostname"),
        13 => ('s', "BS"),
        255 => (' ', "END"),
        14 => ('a', "DP"),
        15 => ('a', "Domain-Name"),
        16 => ('i', "SS"),
        17 => ('a', "RP"),
        18 => ('a', "EP"),
        19 => ('B', "IPF"),
        20 => ('B', "SRT"),
        21 => ('p', "PF"),
        22 => ('s', "RSZ"),
        23 => ('b', "TTL"),
        24 => ('l', "MTU-Timeout"),
        25 => ('s', "MTU-Table"),
        26 => ('s', "MTU"),
        27 => ('B', "LSN"),
        28 => ('i', "BR"),
        29 => ('B', "MD"),
        30 => ('B', "MS"),
        31 => ('B', "Router-Discovery"),
        32 => ('i', "RSA"),
        33 => ('p', "Static-Route"),
        34 => ('B', "UT"),
        35 => ('l', "AT"),
        36 => ('B', "IE"),
        37 => ('b', "TT"),
        38 => ('l', "KI"),
        39 => ('B', "KG"),
        40 => ('a', "YD"),
        41 => ('i', "YS"),
        42 => ('i', "NTP"),
        43 => ('b', "Vendor-Option"),
        44 => ('i', "Netbios-Name-Server"),
        45 => ('i', "WDD"),
        46 => ('$', "Netbios-Node"),
        47 => ('a', "Netbios-Scope"),
        48 => ('i', "XFS"),
        49 => ('i', "XDM"),
        64 => ('s', "N+D"),
        65 => ('i', "N+S"),
        68 => ('i', "MH"),
        69 => ('i', "SMTP"),
        70 => ('i', "POP3"),
        71 => ('i', "NNTP"),
        72 => ('i', "WWW"),
        73 => ('i', "FG"),
        74 => ('i', "IRC"),
        75 => ('i', "STS"),
        76 => ('i', "STDA"),
        50 => ('i', "Requested-IP"),
        51 => ('l', "Lease-Time"),
        52 => ('$', "OO"),
        66 => ('a', "TFTP"),
        67 => ('a', "BF"),
        53 => (' ', "DHCP-Message"),
        54 => ('i', "Server-ID"),
        55 => ('b', "Parameter-Request"),
        56 => ('a', "MSG"),
        57 => ('s', "MSZ"),
        58 => ('l', "RN"),
        59 => ('l', "RB"),
        60 => ('a', "Vendor-Class"),
        61 => ('$', "Client-ID"),
        98 => ('a', "UAP"),
        116 => ('B', "NOAUTO"),
        78 => ('b', "SLP-DA"),
        79 => ('b', "SLP-SCOPE"),
        117 => ('s', "NSSEARCH"),
        77 => ('$', "User-Class"),
        118 => ('i', "SUBNET"),
        121 => ('$', "Classless-Static-Route"),
        249 => ('$', "Classless-Static-Route-Microsoft"),
        150 => ('i', "TFTP-Server-Address"),
        80 => ('a', "SLP-NA"),
        81 => ('$', "FQDN"),
        82 => ('$', "Agent-Information"),
        88 => ('b', "ARMT"),
        90 => ('b', "AUTH"),
        93 => ('s', "ARCH"),
        94 => ('b', "NDI"),
        97 => ('b', "GUID"),
        95 => ('a', "LDAP"),
        100 => ('a', "POSIX-TZ"),
        101 => ('a', "TZ-Name"),
        112 => ('i', "NI"),
        113 => ('a', "NITAG"),
        114 => ('a', "URL"),
        161 => ('a', "MUD-URL"),
        _ => return None,
    })
}

fn dhcp_msg(m: u8) -> Option<&'static str> {
    Some(match m {
        1 => "Discover",
        2 => "Offer",
        3 => "Request",
        4 => "Decline",
        5 => "ACK",
        6 => "NACK",
        7 => "Release",
        8 => "Inform",
        9 => "Force Renew",
        10 => "Lease Query",
        11 => "Lease Unassigned",
        12 => "Lease Unknown",
        13 => "Lease Active",
        _ => return None,
    })
}

fn text(cx: &mut Cx, b: &[u8]) {
    for &c in b {
        print_char(&mut cx.out, c);
    }
}

pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32) -> R {
    cx.proto = "bootp";
    out!(cx, "BOOTP/DHCP");
    let op = d.u8at(0)?;
    match op {
        1 => {
            out!(cx, ", Request");
            if d.u8at(1)? == 1 && d.u8at(2)? == 6 {
                out!(cx, " from ");
                mac(&mut cx.out, d.bytes(28, 6)?);
            }
        }
        2 => out!(cx, ", Reply"),
        _ => out!(cx, ", op-#{op}"),
    }
    out!(cx, ", length {length}");
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    d.bytes(0, 10)?;
    let (htype, hlen) = (d[1], d[2]);
    if htype != 1 {
        out!(cx, ", htype {htype}");
    }
    if htype != 1 || hlen != 6 {
        out!(cx, ", hlen {hlen}");
    }
    if d[3] != 0 {
        out!(cx, ", hops {}", d[3]);
    }
    let xid = d.be32(4)?;
    if xid != 0 {
        out!(cx, ", xid 0x{xid:x}");
    }
    let secs = d.be16(8)?;
    if secs != 0 {
        out!(cx, ", secs {secs}");
    }
    let flags = d.be16(10)?;
    out!(
        cx,
        ", Flags [{}]",
        if flags & 0x8000 != 0 {
            "Broadcast"
        } else {
            "none"
        }
    );
    if cx.opts.verbose > 1 {
        out!(cx, " (0x{flags:04x})");
    }
    for (off, label) in [
        (12, "Client-IP"),
        (16, "Your-IP"),
        (20, "Server-IP"),
        (24, "Gateway-IP"),
    ] {
        let a = d.bytes(off, 4)?;
        if a != [0, 0, 0, 0] {
            out!(cx, "\n\t  {label} ");
            ipv4(&mut cx.out, a);
        }
    }
    if htype == 1 && hlen == 6 {
        out!(cx, "\n\t  Client-Ethernet-Address ");
        mac(&mut cx.out, d.bytes(28, 6)?);
    }
    for (off, size, label) in [(44usize, 64usize, "sname"), (108, 128, "file")] {
        if d.u8at(off)? != 0 {
            out!(cx, "\n\t  {label} \"");
            let field = d.from(off);
            let field = &field[..field.len().min(size)];
            let end = field.iter().position(|&b| b == 0);
            text(cx, &field[..end.unwrap_or(field.len())]);
            out!(cx, "\"");
            if end.is_none() && field.len() < size {
                return Err(Trunc);
            }
        }
    }
    let vend = d.bytes(236, 4)?;
    if vend == [99, 130, 83, 99] {
        rfc1048(cx, d.from(236))
    } else {
        let v = u32::from_be_bytes([vend[0], vend[1], vend[2], vend[3]]);
        if v != 0 {
            out!(cx, "\n\t  Vend-#0x{v:x}");
        }
        Ok(())
    }
}

fn rfc1048(cx: &mut Cx, d: &[u8]) -> R {
    out!(cx, "\n\t  Vendor-rfc1048 Extensions");
    out!(cx, "\n\t    Magic Cookie 0x{:08x}", d.be32(0)?);
    let v3 = cx.opts.verbose > 2;
    let mut bp = 4usize;
    while bp < d.len() {
        let t = d[bp];
        bp += 1;
        if t == 0 && !v3 {
            continue;
        }
        if t == 255 && !v3 {
            return Ok(());
        }
        let (mut fmt, name) = tag(t).unwrap_or(('?', "Unknown"));
        let mut len = if t == 0 || t == 255 {
            0
        } else {
            let l = usize::from(d.u8at(bp)?);
            bp += 1;
            l
        };
        out!(
            cx,
            "\n\t    {name} ({t}), length {len}{}",
            if len > 0 { ": " } else { "" }
        );
        if t == 0 {
            let mut n = 1;
            while d.get(bp) == Some(&0) {
                bp += 1;
                n += 1;
            }
            if n > 1 {
                out!(cx, ", occurs {n}");
            }
        }
        let v = d.bytes(bp, len)?;
        if t == 53 && len == 1 {
            match dhcp_msg(v[0]) {
                Some(n) => out!(cx, "{n}"),
                None => out!(cx, "Unknown ({})", v[0]),
            }
            bp += 1;
            continue;
        }
        if t == 55 {
            for (i, &inner) in v.iter().enumerate() {
                out!(cx, "{}", if i % 4 == 0 { "\n\t      " } else { ", " });
                out!(cx, "{} ({inner})", tag(inner).map_or("Unknown", |(_, n)| n));
            }
            bp += len;
            continue;
        }
        if fmt == '?' {
            fmt = if len & 1 != 0 {
                'b'
            } else if len & 2 != 0 {
                's'
            } else {
                'l'
            };
        }
        let mut p = 0usize;
        let mut first = true;
        match fmt {
            'a' => {
                out!(cx, "\"");
                text(cx, v);
                out!(cx, "\"");
                p = len;
            }
            'i' | 'l' | 'L' => {
                while len - p >= 4 {
                    if !first {
                        out!(cx, ",");
                    }
                    let w = &v[p..p + 4];
                    match fmt {
                        'i' => ipv4(&mut cx.out, w),
                        'L' => out!(cx, "{}", i32::from_be_bytes([w[0], w[1], w[2], w[3]])),
                        _ => out!(cx, "{}", u32::from_be_bytes([w[0], w[1], w[2], w[3]])),
                    }
                    p += 4;
                    first = false;
                }
            }
            'p' => {
                while len - p >= 8 {
                    if !first {
                        out!(cx, ",");
                    }
                    out!(cx, "(");
                    ipv4(&mut cx.out, &v[p..p + 4]);
                    out!(cx, ":");
                    ipv4(&mut cx.out, &v[p + 4..p + 8]);
                    out!(cx, ")");
                    p += 8;
                    first = false;
                }
            }
            's' => {
                while len - p >= 2 {
                    if !first {
                        out!(cx, ",");
                    }
                    out!(cx, "{}", u16::from_be_bytes([v[p], v[p + 1]]));
                    p += 2;
                    first = false;
                }
            }
            'B' => {
                while p < len {
                    if !first {
                        out!(cx, ",");
                    }
                    match v[p] {
                        0 => out!(cx, "N"),
                        1 => out!(cx, "Y"),
                        b => out!(cx, "{b}?"),
                    }
                    p += 1;
                    first = false;
                }
            }
            '$' => {
                special(cx, t, v);
                p = len;
            }
            _ => {
                while p < len {
                    if !first {
                        out!(cx, ".");
                    }
                    out!(cx, "{}", v[p]);
                    p += 1;
                    first = false;
                }
            }
        }
        if p < len {
            out!(cx, "\n\t  trailing data length {}", len - p);
        }
        bp += len;
        len = 0;
        let _ = len;
    }
    Ok(())
}

/// The options whose values have a format of their own.
fn special(cx: &mut Cx, t: u8, v: &[u8]) {
    let len = v.len();
    match t {
        46 | 52 => {
            let Some(&b) = v.first() else {
                out!(cx, "[ERROR: length < 1 bytes]");
                return;
            };
            let name = if t == 46 {
                match b {
                    1 => "b-node",
                    2 => "p-node",
                    4 => "m-node",
                    8 => "h-node",
                    _ => "",
                }
            } else {
                match b {
                    1 => "file",
                    2 => "sname",
                    3 => "file+sname",
                    _ => "",
                }
            };
            out!(cx, "{name}");
        }
        81 => {
            if len < 3 {
                out!(cx, "[ERROR: length < 3 bytes]");
                return;
            }
            if v[0] & 0xf0 != 0 {
                out!(cx, "[ERROR: MBZ nibble 0x{:x} != 0] ", (v[0] & 0xf0) >> 4);
            }
            if v[0] & 0x0f != 0 {
                out!(cx, "[");
                for (bit, c) in [(1u8, 'S'), (2, 'O'), (4, 'E'), (8, 'N')] {
                    if v[0] & bit != 0 {
                        cx.out.push(c);
                    }
                }
                out!(cx, "] ");
            }
            if v[1] != 0 || v[2] != 0 {
                out!(cx, "{}/{} ", v[1], v[2]);
            }
            out!(cx, "\"");
            text(cx, &v[3..]);
            out!(cx, "\"");
        }
        61 => {
            let Some((&ty, rest)) = v.split_first() else {
                out!(cx, "[ERROR: length < 1 bytes]");
                return;
            };
            if ty == 0 {
                out!(cx, "\"");
                text(cx, rest);
                out!(cx, "\"");
            } else {
                match ty {
                    1 => out!(cx, "ether "),
                    6 => out!(cx, "IEEE802 "),
                    15 => out!(cx, "FrameRelay "),
                    23 => out!(cx, "STRIP "),
                    24 => out!(cx, "IEEE1394 "),
                    _ => out!(cx, "hardware-type {ty}, "),
                }
                mac(&mut cx.out, rest);
            }
        }
        82 => {
            let mut p = 0;
            while len - p >= 2 {
                let (sub, sl) = (v[p], usize::from(v[p + 1]));
                p += 2;
                let name = match sub {
                    1 => "Circuit-ID",
                    2 => "Remote-ID",
                    6 => "Subscriber-ID",
                    _ => "Unknown",
                };
                if sl > len - p {
                    out!(
                        cx,
                        "\n\t      {name} SubOption {sub}, length {sl}: length goes past end of option"
                    );
                    return;
                }
                out!(cx, "\n\t      {name} SubOption {sub}, length {sl}: ");
                let s = &v[p..p + sl];
                if matches!(sub, 1 | 2 | 6) {
                    text(cx, s);
                } else {
                    for (n, line) in s.chunks(16).enumerate() {
                        out!(cx, "\n\t\t0x{:04x}: ", n * 16);
                        for pair in line.chunks(2) {
                            out!(cx, " ");
                            for b in pair {
                                out!(cx, "{b:02x}");
                            }
                        }
                    }
                }
                p += sl;
            }
        }
        121 | 249 => {
            let mut p = 0;
            while p < len {
                let width = usize::from(v[p]);
                p += 1;
                if width > 32 {
                    out!(cx, "[ERROR: Mask width ({width}) > 32]");
                    return;
                }
                let sig = width.div_ceil(8);
                if len - p < sig + 4 {
                    out!(
                        cx,
                        "[ERROR: Remaining length ({}) < {} bytes]",
                        len - p,
                        sig + 4
                    );
                    return;
                }
                out!(cx, "(");
                if width == 0 {
                    out!(cx, "default");
                } else {
                    for i in 0..sig {
                        if i > 0 {
                            out!(cx, ".");
                        }
                        out!(cx, "{}", v[p + i]);
                    }
                    for _ in sig..4 {
                        out!(cx, ".0");
                    }
                    out!(cx, "/{width}");
                }
                p += sig;
                out!(cx, ":");
                ipv4(&mut cx.out, &v[p..p + 4]);
                out!(cx, ")");
                p += 4;
                if p < len {
                    out!(cx, ",");
                }
            }
        }
        77 => {
            if len < 2 {
                out!(cx, "[ERROR: length < 2 bytes]");
                return;
            }
            let mut p = 0;
            let mut n = 1;
            while p < len {
                let sl = usize::from(v[p]);
                p += 1;
                out!(cx, "\n\t      instance#{n}: ");
                if sl == 0 {
                    out!(cx, "[ERROR: suboption length must be non-zero]");
                    return;
                }
                if len - p < sl {
                    out!(cx, "[ERROR: invalid option]");
                    return;
                }
                out!(cx, "\"");
                text(cx, &v[p..p + sl]);
                out!(cx, "\", length {sl}");
                n += 1;
                p += sl;
            }
        }
        _ => out!(cx, "[unknown special tag {t}, size {len}]"),
    }
}
