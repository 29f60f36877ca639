//! DNS (and mDNS): tcpdump's compact form, `ID+ A? name. (len)` for queries and `ID*- 1/0/0 A addr
//! (len)` for responses; `-vv` adds the question and the authority and additional sections, `-vvv`
//! the TTLs.

use crate::{Cx, Get, R, Trunc, ipv4, ipv6, out, print_char};

fn type_name(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "A",
        2 => "NS",
        3 => "MD",
        4 => "MF",
        5 => "CNAME",
        6 => "SOA",
        7 => "MB",
        8 => "MG",
        9 => "MR",
        10 => "NULL",
        11 => "WKS",
        12 => "PTR",
        13 => "HINFO",
        14 => "MINFO",
        15 => "MX",
        16 => "TXT",
        17 => "RP",
        18 => "AFSDB",
        19 => "X25",
        20 => "ISDN",
        21 => "RT",
        22 => "NSAP",
        23 => "NSAP_PTR",
        24 => "SIG",
        25 => "KEY",
        26 => "PX",
        27 => "GPOS",
        28 => "AAAA",
        29 => "LOC",
        30 => "NXT",
        31 => "EID",
        32 => "NIMLOC",
        33 => "SRV",
        34 => "ATMA",
        35 => "NAPTR",
        36 => "KX",
        37 => "CERT",
        38 => "A6",
        39 => "DNAME",
        40 => "SINK",
        41 => "OPT",
        42 => "APL",
        43 => "DS",
        44 => "SSHFP",
        45 => "IPSECKEY",
        46 => "RRSIG",
        47 => "NSEC",
        48 => "DNSKEY",
        49 => "DHCID",
        50 => "NSEC3",
        51 => "NSEC3PARAM",
        99 => "SPF",
        100 => "UINFO",
        101 => "UID",
        102 => "GID",
        103 => "UNSPEC",
        104 => "NID",
        105 => "L32",
        106 => "L64",
        107 => "LP",
        108 => "EUI48",
        109 => "EUI64",
        249 => "TKEY",
        250 => "TSIG",
        251 => "IXFR",
        252 => "AXFR",
        253 => "MAILB",
        254 => "MAILA",
        255 => "ANY",
        32768 => "TA",
        32769 => "DLV",
        _ => return None,
    })
}

fn class_name(c: u16) -> Option<&'static str> {
    Some(match c {
        1 => "IN",
        3 => "CHAOS",
        4 => "HS",
        255 => "ANY",
        _ => return None,
    })
}

const OPS: [&str; 16] = [
    "",
    " inv_q",
    " stat",
    " op3",
    " notify",
    " update",
    " op6",
    " op7",
    " op8",
    " updateA",
    " updateD",
    " updateDA",
    " updateM",
    " updateMA",
    " zoneInit",
    " zoneRef",
];

const RCODES: [&str; 24] = [
    "",
    " FormErr",
    " ServFail",
    " NXDomain",
    " NotImp",
    " Refused",
    " YXDomain",
    " YXRRSet",
    " NXRRSet",
    " NotAuth",
    " NotZone",
    " Resp11",
    " Resp12",
    " Resp13",
    " Resp14",
    " NoChange",
    " BadVers",
    " BadKey",
    " BadTime",
    " BadMode",
    " BadName",
    " BadAlg",
    " BadTruncation",
    " BadCookie",
];

/// The offset just past the name at `off`.
fn skip_name(m: &[u8], mut off: usize) -> Result<usize, Trunc> {
    loop {
        let l = m.u8at(off)?;
        match l & 0xc0 {
            0xc0 => return Ok(off + 2),
            0x00 => {
                if l == 0 {
                    return Ok(off + 1);
                }
                off += 1 + usize::from(l);
            }
            // EDNS0 extended label types: tcpdump gives up on the name.
            _ => return Err(Trunc),
        }
    }
}

/// Prints the name at `off` (following compression pointers, each at most once) and returns the
/// offset past it in the record.
fn name(cx: &mut Cx, m: &[u8], mut off: usize) -> Result<usize, Trunc> {
    let mut end = None;
    let mut jumps = 0;
    let mut printed = false;
    loop {
        let l = m.u8at(off)?;
        match l & 0xc0 {
            0xc0 => {
                let p = usize::from(u16::from_be_bytes([l, m.u8at(off + 1)?]) & 0x3fff);
                if end.is_none() {
                    end = Some(off + 2);
                }
                jumps += 1;
                if jumps > 128 || p >= m.len() {
                    out!(cx, "<LOOP>");
                    return end.ok_or(Trunc);
                }
                off = p;
            }
            0x00 => {
                if l == 0 {
                    if !printed {
                        out!(cx, ".");
                    }
                    return Ok(end.unwrap_or(off + 1));
                }
                let label = m.bytes(off + 1, usize::from(l))?;
                for &b in label {
                    print_char(&mut cx.out, b);
                }
                out!(cx, ".");
                printed = true;
                off += 1 + usize::from(l);
            }
            _ => {
                out!(cx, "<ELT {}>", l & 0x3f);
                return Err(Trunc);
            }
        }
    }
}

fn qprint(cx: &mut Cx, m: &[u8], off: usize, mdns: bool) -> Result<usize, Trunc> {
    let after = skip_name(m, off)?;
    let t = m.be16(after)?;
    let c = m.be16(after + 2)?;
    match type_name(t) {
        Some(n) => out!(cx, " {n}"),
        None => out!(cx, " Type{t}"),
    }
    let class = if mdns { c & 0x7fff } else { c };
    if class != 1 {
        match class_name(class) {
            Some(n) => out!(cx, " {n}"),
            None => out!(cx, " (Class {class})"),
        }
    }
    if mdns {
        out!(cx, "{}", if c & 0x8000 != 0 { " (QU)" } else { " (QM)" });
    }
    out!(cx, "? ");
    name(cx, m, off)?;
    Ok(after + 4)
}

fn relts(cx: &mut Cx, mut secs: u32) {
    if secs == 0 {
        out!(cx, "0s");
        return;
    }
    for (unit, s) in [
        ("y", 31_536_000u32),
        ("w", 604_800),
        ("d", 86_400),
        ("h", 3600),
        ("m", 60),
        ("s", 1),
    ] {
        if secs >= s {
            out!(cx, "{}{unit}", secs / s);
            secs %= s;
        }
    }
}

fn edns_opt_name(code: u16) -> Option<&'static str> {
    Some(match code {
        1 => "LLQ",
        2 => "UL",
        3 => "NSID",
        5 => "DAU",
        6 => "DHU",
        7 => "N3U",
        8 => "ECS",
        9 => "EXPIRE",
        10 => "COOKIE",
        11 => "KEEPALIVE",
        12 => "PADDING",
        13 => "CHAIN",
        14 => "KEY-TAG",
        16 => "CLIENT-TAG",
        17 => "SERVER-TAG",
        _ => return None,
    })
}

/// The value of one EDNS option, as tcpdump shows each kind.
fn edns_option(cx: &mut Cx, code: u16, od: &[u8]) {
    let n = od.len();
    match code {
        8 => ecs(cx, od),
        10 => {
            if n < 8 || (n > 8 && n < 16) || n > 40 {
                out!(cx, " (invalid)");
            } else {
                for (i, b) in od.iter().enumerate() {
                    if i == 8 {
                        out!(cx, " ");
                    }
                    out!(cx, "{b:02x}");
                }
            }
        }
        11 => {
            if n != 2 {
                out!(cx, " (invalid)");
            } else {
                // In units of 100 ms.
                out!(
                    cx,
                    "{:.1} sec",
                    f64::from(u16::from_be_bytes([od[0], od[1]])) / 10.0
                );
            }
        }
        9 => {
            if n != 4 {
                out!(cx, " (invalid)");
            } else {
                out!(
                    cx,
                    "{} sec",
                    u32::from_be_bytes([od[0], od[1], od[2], od[3]])
                );
            }
        }
        12 => out!(cx, "({n})"),
        14 => {
            if !n.is_multiple_of(2) {
                out!(cx, " (invalid)");
            } else {
                for (i, c) in od.chunks(2).enumerate() {
                    if i > 0 {
                        out!(cx, " ");
                    }
                    out!(cx, "{}", u16::from_be_bytes([c[0], c[1]]));
                }
            }
        }
        5..=7 => {
            for (i, &b) in od.iter().enumerate() {
                if i > 0 {
                    out!(cx, " ");
                }
                let name = match code {
                    5 => dnssec_alg_name(b),
                    6 => ds_hash_name(b),
                    _ => (b == 1).then_some("SHA-1"),
                };
                match name {
                    Some(n) => out!(cx, "{n}"),
                    None => out!(cx, "{b}"),
                }
            }
        }
        13 => {
            // CHAIN: the closest trust point, a domain name.
            if name(cx, od, 0).is_err() {
                out!(cx, " (invalid)");
            }
        }
        _ => {
            for b in od {
                out!(cx, "{b:02x}");
            }
        }
    }
}

fn dnssec_alg_name(a: u8) -> Option<&'static str> {
    Some(match a {
        1 => "RSAMD5",
        2 => "DH",
        3 => "DSA",
        5 => "RSASHA1",
        6 => "DSA-NSEC3-SHA1",
        7 => "RSASHA1-NSEC3-SHA1",
        8 => "RSASHA256",
        10 => "RSASHA512",
        12 => "ECC-GOST",
        13 => "ECDSAP256SHA256",
        14 => "ECDSAP384SHA384",
        15 => "ED25519",
        16 => "ED448",
        252 => "INDIRECT",
        253 => "PRIVATEDNS",
        254 => "PRIVATEOID",
        _ => return None,
    })
}

fn ds_hash_name(h: u8) -> Option<&'static str> {
    Some(match h {
        1 => "SHA-1",
        2 => "SHA-256",
        3 => "GOST_R_34.11-94",
        4 => "SHA-384",
        _ => return None,
    })
}

/// EDNS Client Subnet: `address/source-prefix/scope-prefix`, the address padded with zeros.
fn ecs(cx: &mut Cx, od: &[u8]) {
    if od.len() < 4 {
        out!(cx, " (invalid)");
        return;
    }
    let family = u16::from_be_bytes([od[0], od[1]]);
    let (src, scope) = (usize::from(od[2]), usize::from(od[3]));
    let bits = match family {
        1 => 32,
        2 => 128,
        _ => {
            out!(cx, " (invalid)");
            return;
        }
    };
    let alen = od.len() - 4;
    if alen > bits / 8 || src > bits || scope > bits || src.div_ceil(8) != alen {
        out!(cx, " (invalid)");
        return;
    }
    let mut padded = [0u8; 16];
    padded[..alen].copy_from_slice(&od[4..]);
    if family == 1 {
        ipv4(&mut cx.out, &padded);
    } else {
        ipv6(&mut cx.out, &padded);
    }
    out!(cx, "/{src}/{scope}");
}

/// Returns `None` when the record runs past the captured bytes (tcpdump then stops the section).
fn rprint(cx: &mut Cx, m: &[u8], off: usize, mdns: bool) -> Result<Option<usize>, Trunc> {
    let cp = if cx.opts.verbose > 0 {
        out!(cx, " ");
        name(cx, m, off)?
    } else {
        skip_name(m, off)?
    };
    if m.bytes(cp, 10).is_err() {
        return Ok(Some(m.len()));
    }
    let typ = m.be16(cp)?;
    let c = m.be16(cp + 2)?;
    let class = if mdns { c & 0x7fff } else { c };
    if class != 1 && typ != 41 {
        match class_name(class) {
            Some(n) => out!(cx, " {n}"),
            None => out!(cx, " (Class {class})"),
        }
    }
    if mdns && c & 0x8000 != 0 {
        out!(cx, " (Cache flush)");
    }
    let opt_flags = m.be16(cp + 6)?;
    if typ != 41 && cx.opts.verbose > 2 {
        out!(cx, " [");
        relts(cx, m.be32(cp + 4)?);
        out!(cx, "]");
    }
    let len = usize::from(m.be16(cp + 8)?);
    let data = cp + 10;
    let rp = data + len;
    match type_name(typ) {
        Some(n) => out!(cx, " {n}"),
        None => out!(cx, " Type{typ}"),
    }
    if rp > m.len() {
        return Ok(None);
    }
    let rd = &m[data..rp];
    match typ {
        1 => {
            let a = rd.bytes(0, 4)?;
            out!(cx, " ");
            ipv4(&mut cx.out, a);
        }
        2 | 5 | 12 | 39 => {
            out!(cx, " ");
            name(cx, m, data)?;
        }
        6 if cx.opts.verbose > 0 => {
            out!(cx, " ");
            let p = name(cx, m, data)?;
            out!(cx, " ");
            let p = name(cx, m, p)?;
            for i in 0..5 {
                out!(cx, " {}", m.be32(p + 4 * i)?);
            }
        }
        15 => {
            out!(cx, " ");
            name(cx, m, data + 2)?;
            out!(cx, " {}", m.be16(data)?);
        }
        16 => {
            let mut p = 0;
            while p < rd.len() {
                let l = usize::from(rd[p]);
                let s = rd.bytes(p + 1, l)?;
                out!(cx, " \"");
                for &b in s {
                    print_char(&mut cx.out, b);
                }
                out!(cx, "\"");
                p += 1 + l;
            }
        }
        33 => {
            out!(cx, " ");
            name(cx, m, data + 6)?;
            out!(
                cx,
                ":{} {} {}",
                m.be16(data + 4)?,
                m.be16(data)?,
                m.be16(data + 2)?
            );
        }
        28 => {
            let a = rd.bytes(0, 16)?;
            out!(cx, " ");
            ipv6(&mut cx.out, a);
        }
        41 => {
            out!(cx, " UDPsize={class}");
            if opt_flags & 0x8000 != 0 {
                out!(cx, " DO");
            }
            if !rd.is_empty() {
                out!(cx, " [");
                let mut p = 0;
                while p < rd.len() {
                    let code = rd.be16(p)?;
                    let l = usize::from(rd.be16(p + 2)?);
                    let od = rd.bytes(p + 4, l)?;
                    match edns_opt_name(code) {
                        Some(n) => out!(cx, "{n}"),
                        None => out!(cx, "Opt{code}"),
                    }
                    if !od.is_empty() {
                        out!(cx, " ");
                        edns_option(cx, code, od);
                    }
                    p += 4 + l;
                    if p < rd.len() {
                        out!(cx, ",");
                    }
                }
                out!(cx, "]");
            }
        }
        _ => {}
    }
    Ok(Some(rp))
}

/// Prints the records of one section; false when the section was cut short.
fn section(
    cx: &mut Cx,
    m: &[u8],
    cp: &mut usize,
    count: &mut u16,
    mdns: bool,
    label: &str,
) -> Result<bool, Trunc> {
    if *count == 0 || *cp >= m.len() {
        return Ok(*count == 0);
    }
    out!(cx, "{label}");
    let mut first = true;
    while *cp < m.len() && *count > 0 {
        if !first {
            out!(cx, ",");
        }
        first = false;
        match rprint(cx, m, *cp, mdns)? {
            Some(n) => *cp = n,
            None => return Err(Trunc),
        }
        *count -= 1;
    }
    Ok(*count == 0)
}

/// A DNS message of `length` bytes (the UDP payload, or the TCP message after its length prefix).
pub(crate) fn print(cx: &mut Cx, m: &[u8], length: u32, mdns: bool) -> R {
    if length < 12 {
        out!(cx, "domain [length {length} < 12] (invalid)");
        return Ok(());
    }
    cx.proto = "domain";
    let m = &m[..m.len().min(length as usize)];
    let id = m.be16(0)?;
    let b2 = m.be16(2)?;
    let mut qd = m.be16(4)?;
    let mut an = m.be16(6)?;
    let mut ns = m.be16(8)?;
    let mut ar = m.be16(10)?;
    let qr = b2 & 0x8000 != 0;
    let opcode = usize::from((b2 >> 11) & 0xf);
    let mut rcode = u32::from(b2 & 0xf);
    // The extended rcode lives in the OPT record: find it first.
    'find: {
        let mut cp = 12usize;
        for _ in 0..qd {
            let Ok(n) = skip_name(m, cp) else { break 'find };
            cp = n + 4;
            if cp >= m.len() {
                break 'find;
            }
        }
        for _ in 0..u32::from(an) + u32::from(ns) {
            let Ok(n) = skip_name(m, cp) else { break 'find };
            cp = n + 8;
            let Ok(rdlen) = m.be16(cp) else { break 'find };
            cp += 2 + usize::from(rdlen);
            if cp >= m.len() {
                break 'find;
            }
        }
        for _ in 0..ar {
            let Ok(n) = skip_name(m, cp) else { break 'find };
            cp = n;
            let Ok(t) = m.be16(cp) else { break 'find };
            cp += 4;
            let Ok(ext) = m.u8at(cp) else { break 'find };
            if t == 41 {
                rcode |= u32::from(ext) << 4;
                break 'find;
            }
            cp += 4;
            let Ok(rdlen) = m.be16(cp) else { break 'find };
            cp += 2 + usize::from(rdlen);
            if cp >= m.len() {
                break 'find;
            }
        }
    }
    let v2 = cx.opts.verbose > 1;
    let mut cp = 12usize;
    if qr {
        out!(cx, "{id}{}", OPS[opcode]);
        match RCODES.get(rcode as usize) {
            Some(r) => out!(cx, "{r}"),
            None => out!(cx, " Resp{rcode}"),
        }
        out!(
            cx,
            "{}{}{}{}",
            if b2 & 0x0400 != 0 { "*" } else { "" },
            if b2 & 0x0080 != 0 { "" } else { "-" },
            if b2 & 0x0200 != 0 { "|" } else { "" },
            if b2 & 0x0020 != 0 { "$" } else { "" }
        );
        if qd != 1 {
            out!(cx, " [{qd}q]");
        }
        for i in 0..qd {
            if i != 0 {
                out!(cx, ",");
            }
            if v2 {
                out!(cx, " q:");
                cp = qprint(cx, m, cp, mdns)?;
            } else {
                cp = skip_name(m, cp)? + 4;
            }
        }
        out!(cx, " {an}/{ns}/{ar}");
        if an > 0 {
            match rprint(cx, m, cp, mdns)? {
                Some(n) => cp = n,
                None => return Err(Trunc),
            }
            an -= 1;
            while cp < m.len() && an > 0 {
                out!(cx, ",");
                match rprint(cx, m, cp, mdns)? {
                    Some(n) => cp = n,
                    None => return Err(Trunc),
                }
                an -= 1;
            }
        }
        if an > 0 {
            return Err(Trunc);
        }
        if v2 {
            if !section(cx, m, &mut cp, &mut ns, mdns, " ns:")? {
                return Err(Trunc);
            }
            if !section(cx, m, &mut cp, &mut ar, mdns, " ar:")? {
                return Err(Trunc);
            }
        }
    } else {
        out!(
            cx,
            "{id}{}{}{}",
            OPS[opcode],
            if b2 & 0x0100 != 0 { "+" } else { "" },
            if b2 & 0x0010 != 0 { "%" } else { "" }
        );
        if b2 & 0x6cf != 0 {
            out!(cx, " [b2&3=0x{b2:x}]");
        }
        if opcode == 1 {
            if qd != 0 {
                out!(cx, " [{qd}q]");
            }
            if an != 1 {
                out!(cx, " [{an}a]");
            }
        } else {
            if an != 0 {
                out!(cx, " [{an}a]");
            }
            if qd != 1 {
                out!(cx, " [{qd}q]");
            }
        }
        if ns != 0 {
            out!(cx, " [{ns}n]");
        }
        if ar != 0 {
            out!(cx, " [{ar}au]");
        }
        if qd > 0 {
            cp = qprint(cx, m, cp, mdns)?;
            qd -= 1;
            while cp < m.len() && qd > 0 {
                cp = qprint(cx, m, cp, mdns)?;
                qd -= 1;
            }
        }
        if qd > 0 {
            return Err(Trunc);
        }
        if v2 {
            if !section(cx, m, &mut cp, &mut an, mdns, " an:")? {
                return Err(Trunc);
            }
            if !section(cx, m, &mut cp, &mut ns, mdns, " ns:")? {
                return Err(Trunc);
            }
            if !section(cx, m, &mut cp, &mut ar, mdns, " ar:")? {
                return Err(Trunc);
            }
        }
    }
    out!(cx, " ({length})");
    Ok(())
}
