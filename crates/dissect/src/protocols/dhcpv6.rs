//! DHCPv6 (RFC 8415; UDP ports 546 and 547): client/server messages and relay messages with the messages
//! they carry, and the common options (identifiers with every DUID type, IA_NA/IA_TA/IA_PD with their
//! addresses and prefixes, status codes, DNS and NTP servers, domain lists, the client FQDN), with
//! Wireshark's field names, tshark's labels and its Info column.

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::read;
use crate::protocols::arp::HARDWARE_TYPE_NAMES;
use crate::protocols::dhcp::{add_string, bytes_or_missing, link_layer};

fields::declare_protocol! {
    proto DHCPV6 = super::ids::DHCPV6, "DHCPv6", "DHCPv6", "dhcpv6";
    MSGTYPE: "dhcpv6.msgtype", "Message type", UInt8, Dec, values MSG_TYPE_NAMES;
    HOPCOUNT: "dhcpv6.hopcount", "Hopcount", UInt8, Dec;
    XID: "dhcpv6.xid", "Transaction ID", UInt24, Hex;
    LINKADDR: "dhcpv6.linkaddr", "Link address", Ipv6, None;
    PEERADDR: "dhcpv6.peeraddr", "Peer address", Ipv6, None;
    OPTION_TYPE: "dhcpv6.option.type", "Option", UInt16, Dec, values OPTION_TYPE_NAMES;
    OPTION_LENGTH: "dhcpv6.option.length", "Length", UInt16, Dec;
    OPTION_TYPE_STR: "dhcpv6.option.type_str", "Option", String, None;
    CLIENT_FQDN_FLAGS: "dhcpv6.client_fqdn_flags", "Flags", UInt8, Hex;
    CLIENTFQDN_CLIENT_S: "dhcpv6.clientfqdn.client.s", "S bit", Boolean, Bits(8), mask 0x01, tf ("Server SHOULD perform AAAA RR updates", "Server SHOULD NOT perform AAAA RR updates");
    CLIENTFQDN_CLIENT_N: "dhcpv6.clientfqdn.client.n", "N bit", Boolean, Bits(8), mask 0x04, tf ("Server SHOULD NOT perform any DNS updates", "Server SHOULD perform PTR RR updates");
    CLIENTFQDN_SERVER_S: "dhcpv6.clientfqdn.server.s", "S bit", Boolean, Bits(8), mask 0x01, tf ("Server SHOULD perform AAAA RR updates", "Server SHOULD NOT perform AAAA RR updates");
    CLIENTFQDN_SERVER_O: "dhcpv6.clientfqdn.server.o", "O bit", Boolean, Bits(8), mask 0x02, tf ("Server HAS overridden client's S bit preference", "Server has NOT overridden client's S bit preference");
    CLIENTFQDN_SERVER_N: "dhcpv6.clientfqdn.server.n", "N bit", Boolean, Bits(8), mask 0x04, tf ("Server SHOULD NOT perform any DNS updates", "Server SHOULD perform PTR RR updates");
    DUID_BYTES: "dhcpv6.duid.bytes", "DUID", Bytes, None;
    DUID_TYPE: "dhcpv6.duid.type", "DUID Type", UInt16, Dec, values DUID_TYPE_NAMES;
    DUIDLLT_TIME: "dhcpv6.duidllt.time", "DUID Time", AbsoluteTime, AbsoluteTimeLocal;
    DUIDLLT_LINK_LAYER_ADDR: "dhcpv6.duidllt.link_layer_addr", "Link-layer address", String, None;
    DUIDLLT_HWTYPE: "dhcpv6.duidllt.hwtype", "Hardware type", UInt16, Dec, values HARDWARE_TYPE_NAMES;
    DUIDLL_HWTYPE: "dhcpv6.duidll.hwtype", "Hardware type", UInt16, Dec, values HARDWARE_TYPE_NAMES;
    DUIDEN_ENTERPRISE: "dhcpv6.duiden.enterprise", "Enterprise ID", UInt32, Custom;
    DUIDEN_IDENTIFIER: "dhcpv6.duiden.identifier", "Identifier", Bytes, None;
    DUIDLL_LINK_LAYER_ADDR: "dhcpv6.duidll.link_layer_addr", "Link-layer address", String, None;
    DUIDUUID_BYTES: "dhcpv6.duiduuid.bytes", "UUID", Bytes, None;
    IAID: "dhcpv6.iaid", "IAID", String, None;
    IAID_T1: "dhcpv6.iaid.t1", "T1", UInt32, Dec;
    IAID_T2: "dhcpv6.iaid.t2", "T2", UInt32, Dec;
    IATA: "dhcpv6.iata", "IATA", String, None;
    IAADDR_IP: "dhcpv6.iaaddr.ip", "IPv6 address", Ipv6, None;
    IAADDR_PREF_LIFETIME: "dhcpv6.iaaddr.pref_lifetime", "Preferred lifetime", UInt32, Dec;
    IAADDR_VALID_LIFETIME: "dhcpv6.iaaddr.valid_lifetime", "Valid lifetime", UInt32, Dec;
    REQUESTED_OPTION_CODE: "dhcpv6.requested_option_code", "Requested Option code", UInt16, Dec, values OPTION_TYPE_NAMES;
    OPTION_PREFERENCE: "dhcpv6.option_preference", "Pref-value", UInt8, Dec;
    ELAPSED_TIME: "dhcpv6.elapsed_time", "Elapsed time", UInt16, Dec;
    UNICAST: "dhcpv6.unicast", "IPv6 address", Ipv6, None;
    STATUS_CODE: "dhcpv6.status_code", "Status Code", UInt16, Dec, values STATUS_CODE_NAMES;
    STATUS_MSG: "dhcpv6.status_msg", "Status Message", String, None;
    INTERFACE_ID: "dhcpv6.interface_id", "Interface-ID", Bytes, None;
    RECONF_MSG: "dhcpv6.reconf_msg", "Reconfigure message type", UInt8, Dec, values MSG_TYPE_NAMES;
    SIP_SERVER_A: "dhcpv6.sip_server_a", "SIP server address", Ipv6, None;
    DNS_SERVER: "dhcpv6.dns_server", "DNS server address", Ipv6, None;
    SEARCH_LIST_ENTRY: "dhcpv6.search_list_entry", "List entry", String, None;
    NIS_SERVER: "dhcpv6.nis_server", "NIS server address", Ipv6, None;
    NISP_SERVER: "dhcpv6.nisp_server", "NISP server address", Ipv6, None;
    SNTP_SERVER: "dhcpv6.sntp_server", "SNTP server address", Ipv6, None;
    LIFETIME: "dhcpv6.lifetime", "Lifetime", UInt32, Dec;
    CLIENT_DOMAIN: "dhcpv6.client_domain", "Client Domain Name", String, None;
    IAPREFIX_PREF_LIFETIME: "dhcpv6.iaprefix.pref_lifetime", "Preferred lifetime", UInt32, Dec;
    IAPREFIX_VALID_LIFETIME: "dhcpv6.iaprefix.valid_lifetime", "Valid lifetime", UInt32, Dec;
    IAPREFIX_PREF_LEN: "dhcpv6.iaprefix.pref_len", "Prefix length", UInt8, Dec;
    IAPREFIX_PREF_ADDR: "dhcpv6.iaprefix.pref_addr", "Prefix address", Ipv6, None;
    MUDURL: "dhcpv6.mudurl", "MUDURL", String, None;
    CLIENTFQDN_BAD_MSGTYPE: "dhcpv6.clientfqdn.bad_msgtype", "Illegal Message Type", UInt8, Hex;
    BAD_MSGTYPE: "dhcpv6.bad_msgtype", "This message type is not permitted to use OPTION_CLIENT_FQDN", None, None;
}

/// Seconds from the Unix epoch to 2000-01-01 00:00 UTC, where DUID-LLT times start (RFC 8415 11.2).
const DUID_EPOCH: i64 = 946_684_800;
/// Relay messages nest; beyond this depth the rest is not dissected (Wireshark stops at 32 hops too).
const MAX_DEPTH: u8 = 32;

/// DHCPv6 in a UDP datagram. Covers the whole payload.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let avail = data.len().saturating_sub(offset);
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "dhcpv6", "DHCPv6", offset, avail);
    cx.set_info(format_args!(""));
    message(cx, data, offset, data.len(), top, 0);
    avail
}

fn name_of(table: &'static [(u64, &'static str)], v: u64) -> &'static str {
    fields::Strings::Values(table)
        .name_of(v)
        .unwrap_or("Unknown")
}

/// One message in `data[o..end]` under `top`.
fn message(cx: &mut Cx, data: &[u8], o: usize, end: usize, top: ItemIdx, depth: u8) {
    let Some(msgtype) = data.get(o).copied().filter(|_| o < end) else {
        cx.malformed(o, "DHCPv6");
        return;
    };
    cx.uint(top, MSGTYPE, o, 1, msgtype as u64);
    let name = name_of(MSG_TYPE_NAMES, msgtype as u64);
    if msgtype == 12 || msgtype == 13 {
        if o + 34 > end {
            cx.malformed(o, "DHCPv6");
            return;
        }
        cx.uint(top, HOPCOUNT, o + 1, 1, data[o + 1] as u64);
        let link: [u8; 16] = data[o + 2..o + 18].try_into().unwrap_or_default();
        let peer: [u8; 16] = data[o + 18..o + 34].try_into().unwrap_or_default();
        cx.tree.add(top, LINKADDR, o + 2, 16, Value::Ipv6(link));
        cx.tree.add(top, PEERADDR, o + 18, 16, Value::Ipv6(peer));
        cx.append_info(format_args!(
            "{name} L: {} ",
            std::net::Ipv6Addr::from(link)
        ));
        options(cx, data, o + 34, end, top, msgtype, depth);
        return;
    }
    let Some(xid) = read::be24(data, o + 1).filter(|_| o + 4 <= end) else {
        cx.malformed(o, "DHCPv6");
        return;
    };
    cx.uint(top, XID, o + 1, 3, xid as u64);
    cx.append_info(format_args!("{name} XID: 0x{xid:06x} "));
    options(cx, data, o + 4, end, top, msgtype, depth);
}

/// Options in `data[o..end]` under `parent`, in a message of type `msgtype`.
fn options(
    cx: &mut Cx,
    data: &[u8],
    mut o: usize,
    end: usize,
    parent: ItemIdx,
    msgtype: u8,
    depth: u8,
) {
    while o < end {
        let (Some(code), Some(len)) = (read::be16(data, o), read::be16(data, o + 2)) else {
            cx.malformed(o, "DHCPv6");
            return;
        };
        if o + 4 > end {
            cx.malformed(o, "DHCPv6");
            return;
        }
        let len = len as usize;
        let name = name_of(OPTION_TYPE_NAMES, code as u64);
        let total = (4 + len).min(end - o);
        let value = if cx.tree.wants(OPTION_TYPE_STR) {
            cx.tree.text_value(name)
        } else {
            Value::None
        };
        let oi = cx.tree.add(parent, OPTION_TYPE_STR, o, total, value);
        if oi.is_stored() {
            cx.tree.set_label(oi, format_args!("{name}"));
        }
        let ti = cx.uint(oi, OPTION_TYPE, o, 2, code as u64);
        if ti.is_stored() {
            cx.tree
                .set_label(ti, format_args!("Option: {name} ({code})"));
        }
        cx.uint(oi, OPTION_LENGTH, o + 2, 2, len as u64);
        if o + 4 + len > end {
            cx.malformed(o, "DHCPv6");
            return;
        }
        option(cx, data, o + 4, len, code, oi, msgtype, depth);
        o += 4 + len;
    }
}

/// IPv6 addresses listed one after another, labelled ` 1 DNS server address: ...` as tshark does.
fn address_list(cx: &mut Cx, data: &[u8], v: usize, len: usize, oi: ItemIdx, field: FieldId) {
    let label = crate::registry().field(field).name;
    for (i, c) in data[v..v + len].chunks_exact(16).enumerate() {
        let a: [u8; 16] = c.try_into().unwrap_or_default();
        let it = cx.tree.add(oi, field, v + 16 * i, 16, Value::Ipv6(a));
        if it.is_stored() {
            cx.tree.set_label(
                it,
                format_args!("{:2} {label}: {}", i + 1, std::net::Ipv6Addr::from(a)),
            );
        }
    }
}

/// Four bytes shown as hex in a string field (IAIDs).
fn hex_string(cx: &mut Cx, parent: ItemIdx, field: FieldId, bytes: &[u8], at: usize) {
    if !cx.tree.wants(field) {
        return;
    }
    let mut s = String::new();
    fields::format::write_hex(bytes, &mut s);
    let value = cx.tree.text_value(&s);
    cx.tree.add(parent, field, at, bytes.len(), value);
}

/// DNS-encoded names one after another (no compression in DHCPv6, RFC 8415 10): a complete name ends
/// with a dot, a partial one (no root label) does not.
fn names(data: &[u8], v: usize, len: usize) -> Vec<(usize, usize, String, bool)> {
    let mut out = Vec::new();
    let mut o = v;
    let end = v + len;
    while o < end {
        let start = o;
        let mut name = String::new();
        let mut complete = false;
        while o < end {
            let l = data[o] as usize;
            if l == 0 {
                o += 1;
                complete = true;
                break;
            }
            if l > 63 || o + 1 + l > end {
                o = end;
                break;
            }
            fields::format::write_text(&data[o + 1..o + 1 + l], &mut name);
            name.push('.');
            o += 1 + l;
        }
        if !complete && name.ends_with('.') {
            name.pop();
        }
        out.push((start, o - start, name, complete));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn option(
    cx: &mut Cx,
    data: &[u8],
    v: usize,
    len: usize,
    code: u16,
    oi: ItemIdx,
    msgtype: u8,
    depth: u8,
) {
    let val = &data[v..v + len];
    let u32_at = |o: usize| read::be32(val, o).unwrap_or(0) as u64;
    match code {
        1 | 2 => {
            duid(cx, val, v, oi);
            if code == 1 && len > 0 && cx.tree.wants_columns() {
                let mut hex = String::new();
                fields::format::write_hex(val, &mut hex);
                cx.append_info(format_args!("CID: {hex} "));
            }
        }
        3 | 25 if len >= 12 => {
            hex_string(cx, oi, IAID, &val[..4], v);
            cx.uint(oi, IAID_T1, v + 4, 4, u32_at(4));
            cx.uint(oi, IAID_T2, v + 8, 4, u32_at(8));
            options(cx, data, v + 12, v + len, oi, msgtype, depth);
        }
        4 if len >= 4 => {
            hex_string(cx, oi, IATA, &val[..4], v);
            options(cx, data, v + 4, v + len, oi, msgtype, depth);
        }
        5 if len >= 24 => {
            let a: [u8; 16] = val[..16].try_into().unwrap_or_default();
            cx.tree.add(oi, IAADDR_IP, v, 16, Value::Ipv6(a));
            cx.uint(oi, IAADDR_PREF_LIFETIME, v + 16, 4, u32_at(16));
            cx.uint(oi, IAADDR_VALID_LIFETIME, v + 20, 4, u32_at(20));
            cx.append_info(format_args!("IAA: {} ", std::net::Ipv6Addr::from(a)));
            options(cx, data, v + 24, v + len, oi, msgtype, depth);
        }
        26 if len >= 25 => {
            cx.uint(oi, IAPREFIX_PREF_LIFETIME, v, 4, u32_at(0));
            cx.uint(oi, IAPREFIX_VALID_LIFETIME, v + 4, 4, u32_at(4));
            cx.uint(oi, IAPREFIX_PREF_LEN, v + 8, 1, val[8] as u64);
            let a: [u8; 16] = val[9..25].try_into().unwrap_or_default();
            cx.tree
                .add(oi, IAPREFIX_PREF_ADDR, v + 9, 16, Value::Ipv6(a));
            options(cx, data, v + 25, v + len, oi, msgtype, depth);
        }
        6 => {
            for (i, c) in val.chunks_exact(2).enumerate() {
                let n = u16::from_be_bytes([c[0], c[1]]);
                cx.uint(oi, REQUESTED_OPTION_CODE, v + 2 * i, 2, n as u64);
            }
        }
        7 if len >= 1 => {
            cx.uint(oi, OPTION_PREFERENCE, v, 1, val[0] as u64);
        }
        8 if len >= 2 => {
            let t = u16::from_be_bytes([val[0], val[1]]);
            // Sent in hundredths of a second; Wireshark's field holds milliseconds.
            let ms = t as u64 * 10;
            let it = cx.uint(oi, ELAPSED_TIME, v, 2, ms);
            if it.is_stored() {
                cx.tree.set_label(it, format_args!("Elapsed time: {ms}ms"));
            }
        }
        9 if len > 0 => {
            if depth >= MAX_DEPTH {
                return;
            }
            // The relayed message is a DHCPv6 protocol item of its own, inside this option; it adds
            // nothing to frame.protocols.
            let inner = cx.tree.add(oi, PROTOCOL_FIELD, v, len, Value::None);
            message(cx, data, v, v + len, inner, depth + 1);
        }
        12 if len >= 16 => {
            let a: [u8; 16] = val[..16].try_into().unwrap_or_default();
            cx.tree.add(oi, UNICAST, v, 16, Value::Ipv6(a));
        }
        13 if len >= 2 => {
            let s = u16::from_be_bytes([val[0], val[1]]);
            cx.uint(oi, STATUS_CODE, v, 2, s as u64);
            if len > 2 {
                add_string(cx, oi, STATUS_MSG, &val[2..], v + 2);
            }
        }
        18 => {
            let value = bytes_or_missing(cx, len);
            cx.tree.add(oi, INTERFACE_ID, v, len, value);
        }
        19 if len >= 1 => {
            cx.uint(oi, RECONF_MSG, v, 1, val[0] as u64);
        }
        22 => address_list(cx, data, v, len, oi, SIP_SERVER_A),
        23 => address_list(cx, data, v, len, oi, DNS_SERVER),
        27 => address_list(cx, data, v, len, oi, NIS_SERVER),
        28 => address_list(cx, data, v, len, oi, NISP_SERVER),
        31 => address_list(cx, data, v, len, oi, SNTP_SERVER),
        24 if len > 0 => {
            let source = cx.tree.current_source();
            let t = cx.tree.add_in(
                oi,
                crate::protocols::ws::TEXT,
                source,
                v,
                len,
                Value::None,
                fields::tree::flags::TEXT,
            );
            if t.is_stored() {
                cx.tree
                    .set_label(t, format_args!("Domain name suffix search list"));
            }
            for (at, l, name, _) in names(data, v, len) {
                let value = cx.tree.text_value(&name);
                let it = cx.tree.add(t, SEARCH_LIST_ENTRY, at, l, value);
                if it.is_stored() {
                    cx.tree.set_label(it, format_args!("List entry: {name}"));
                }
            }
        }
        32 if len >= 4 => {
            cx.uint(oi, LIFETIME, v, 4, u32_at(0));
        }
        // RFC 4704 5: only these messages may carry the client FQDN.
        39 if !matches!(msgtype, 1 | 2 | 3 | 5 | 6 | 7) => {
            let source = cx.tree.current_source();
            let t = cx.tree.add_in(
                oi,
                CLIENTFQDN_BAD_MSGTYPE,
                source,
                v,
                len,
                Value::UInt(msgtype as u64),
                0,
            );
            if t.is_stored() {
                cx.tree.set_label(
                    t,
                    format_args!(
                        "Only the following message types are permitted to use OPTION_CLIENT_FQDN:\nSOLICIT, REQUEST, RENEW, REBIND, ADVERTISE, and REPLY"
                    ),
                );
            }
            cx.expert(
                t,
                BAD_MSGTYPE,
                crate::cx::Severity::Error,
                crate::cx::Group::Protocol,
                format_args!("This message type is not permitted to use OPTION_CLIENT_FQDN"),
            );
        }
        39 if len >= 1 => {
            let flags = val[0];
            let fi = cx.uint(oi, CLIENT_FQDN_FLAGS, v, 1, flags as u64);
            // Clients' messages carry the client's bits, servers' (Advertise, Reply, Reconfigure) the
            // server's, which add O.
            let bits: &[FieldId] = if matches!(msgtype, 2 | 7 | 10) {
                &[
                    CLIENTFQDN_SERVER_N,
                    CLIENTFQDN_SERVER_O,
                    CLIENTFQDN_SERVER_S,
                ]
            } else {
                &[CLIENTFQDN_CLIENT_N, CLIENTFQDN_CLIENT_S]
            };
            for &f in bits {
                cx.bits(fi, f, v, 1, flags as u64);
            }
            for (at, l, name, complete) in names(data, v + 1, len - 1) {
                let value = cx.tree.text_value(&name);
                let it = cx.tree.add(oi, CLIENT_DOMAIN, at, l, value);
                if it.is_stored() {
                    let what = if complete {
                        "Client Domain Name"
                    } else {
                        "Partial domain name"
                    };
                    cx.tree.set_label(it, format_args!("{what}: {name}"));
                }
            }
        }
        112 if len > 0 => add_string(cx, oi, MUDURL, val, v),
        _ => {}
    }
}

/// A DUID (RFC 8415 11): its bytes, its type and the type's fields.
fn duid(cx: &mut Cx, val: &[u8], v: usize, oi: ItemIdx) {
    if val.is_empty() {
        return;
    }
    cx.tree.add(oi, DUID_BYTES, v, val.len(), Value::Bytes);
    let Some(t) = read::be16(val, 0) else { return };
    cx.uint(oi, DUID_TYPE, v, 2, t as u64);
    match t {
        1 if val.len() >= 8 => {
            let hw = read::be16(val, 2).unwrap_or(0);
            cx.uint(oi, DUIDLLT_HWTYPE, v + 2, 2, hw as u64);
            let secs = read::be32(val, 4).unwrap_or(0) as i64;
            cx.tree.add(
                oi,
                DUIDLLT_TIME,
                v + 4,
                4,
                Value::AbsTime {
                    secs: DUID_EPOCH + secs,
                    nanos: 0,
                },
            );
            link_layer(cx, oi, DUIDLLT_LINK_LAYER_ADDR, &val[8..], v + 8);
        }
        2 if val.len() >= 6 => {
            let e = read::be32(val, 2).unwrap_or(0);
            cx.uint(oi, DUIDEN_ENTERPRISE, v + 2, 4, e as u64);
            if val.len() > 6 {
                cx.tree
                    .add(oi, DUIDEN_IDENTIFIER, v + 6, val.len() - 6, Value::Bytes);
            }
        }
        3 if val.len() >= 4 => {
            let hw = read::be16(val, 2).unwrap_or(0);
            cx.uint(oi, DUIDLL_HWTYPE, v + 2, 2, hw as u64);
            link_layer(cx, oi, DUIDLL_LINK_LAYER_ADDR, &val[4..], v + 4);
        }
        4 if val.len() > 2 => {
            cx.tree
                .add(oi, DUIDUUID_BYTES, v + 2, val.len() - 2, Value::Bytes);
        }
        _ => {}
    }
}

pub(crate) static MSG_TYPE_NAMES: &[(u64, &str)] = &[
    (1, "Solicit"),
    (2, "Advertise"),
    (3, "Request"),
    (4, "Confirm"),
    (5, "Renew"),
    (6, "Rebind"),
    (7, "Reply"),
    (8, "Release"),
    (9, "Decline"),
    (10, "Reconfigure"),
    (11, "Information-request"),
    (12, "Relay-forw"),
    (13, "Relay-reply"),
    (14, "Leasequery"),
    (15, "Leasequery-reply"),
    (16, "Leasequery-done"),
    (17, "Leasequery-data"),
    (18, "Reconfigure-request"),
    (19, "Reconfigure-reply"),
];
pub(crate) static OPTION_TYPE_NAMES: &[(u64, &str)] = &[
    (1, "Client Identifier"),
    (2, "Server Identifier"),
    (3, "Identity Association for Non-temporary Address"),
    (4, "Identity Association for Temporary Address"),
    (5, "IA Address"),
    (6, "Option Request"),
    (7, "Preference"),
    (8, "Elapsed time"),
    (9, "Relay Message"),
    (11, "Authentication"),
    (12, "Server unicast"),
    (13, "Status code"),
    (14, "Rapid Commit"),
    (15, "User Class"),
    (16, "Vendor Class"),
    (17, "Vendor-specific Information"),
    (18, "Interface-Id"),
    (19, "Reconfigure Message"),
    (20, "Reconfigure Accept"),
    (21, "SIP Server Domain Name List"),
    (22, "SIP Servers IPv6 Address List"),
    (23, "DNS recursive name server"),
    (24, "Domain Search List"),
    (25, "Identity Association for Prefix Delegation"),
    (26, "IA Prefix"),
    (27, "Network Information Server"),
    (28, "Network Information Server V2"),
    (29, "Network Information Server Domain Name"),
    (30, "Network Information Server V2 Domain Name"),
    (31, "Simple Network Time Protocol Server"),
    (32, "Lifetime"),
    (33, "BCMCS Server Domain"),
    (34, "BCMCS Servers IPv6 Address List"),
    (36, "Geoconf Civic Address"),
    (37, "Remote Identifier"),
    (38, "Subscriber Identifier"),
    (39, "Client Fully Qualified Domain Name"),
    (40, "PANA Agents IPv6 Address List"),
    (41, "Time Zone"),
    (42, "Time Zone Database"),
    (43, "Echo Request Option"),
    (44, "Leasequery Query"),
    (45, "Leasequery Client Data"),
    (46, "Client Last Transaction Time"),
    (47, "Leasequery Relay Data"),
    (48, "Leasequery Client Link Address List"),
    (49, "Home Network Identifier FQDN"),
    (50, "Visited Home Network Information"),
    (51, "LoST Server"),
    (52, "CAPWAP Access Controllers"),
    (53, "Relay-ID"),
    (54, "MoS IPv6 Address"),
    (55, "MoS Domain Name List"),
    (56, "NTP Server"),
    (57, "Access Network Domain Name"),
    (58, "SIP User Agent Configuration Service Domains"),
    (59, "Boot File URL"),
    (60, "Boot File Parameters"),
    (61, "Client System Architecture Type"),
    (62, "Client Network Interface Identifier"),
    (63, "Geolocation"),
    (64, "Dual-Stack Lite AFTR Name"),
    (65, "ERP Local Domain Name"),
    (66, "Relay-Supplied Options"),
    (67, "Prefix Exclude"),
    (68, "Virtual Subnet Selection"),
    (69, "Identified Home Network Information"),
    (70, "Unrestricted Home Network Information"),
    (71, "Home Network Prefix"),
    (72, "Home Agent Address"),
    (73, "Home Agent FQDN"),
    (74, "RDNSS Selection"),
    (75, "Kerberos Principal Name"),
    (76, "Kerberos Realm Name"),
    (77, "Kerberos Default Realm Name"),
    (78, "Kerberos KDC"),
    (79, "Client Link-Layer Address"),
    (80, "Link Address"),
    (81, "RADIUS"),
    (82, "SOL_MAX_RT"),
    (83, "INF_MAX_RT"),
    (84, "Address Selection"),
    (85, "Address Selection table"),
    (86, "PCP Server"),
    (87, "DHCPv4 Message"),
    (88, "DHCP 4o6 Servers Address"),
    (89, "S46 Rule"),
    (90, "S46 BR"),
    (91, "S46 DMR"),
    (92, "S46 IPv4/IPv6 Address Binding"),
    (93, "S46 Port Parameters"),
    (94, "S46 MAP-E Container"),
    (95, "S46 MAP-T Container"),
    (96, "S46 Lightweight 4over6 Container"),
    (97, "4rd Options"),
    (98, "4rd Mapping Rule"),
    (99, "4rd Non-Mapping Rule"),
    (100, "LQ Server Base Time"),
    (101, "LQ Server Query Start Time"),
    (102, "LQ Server Query End Time"),
    (103, "Captive Portal"),
    (104, "MPL Parameter Configuration"),
    (105, "Access Technology Type"),
    (106, "Access Network Name"),
    (107, "Access Point Name"),
    (108, "Access Point BSSID"),
    (109, "Access Network Operator ID"),
    (110, "Access Network Operator Realm"),
    (111, "S46 Priority"),
    (112, "Manufacturer Usage Description"),
    (113, "IPv4/IPv6 Multicast Prefixes"),
    (114, "Failover Binding Status"),
    (115, "Failover Connect Flags"),
    (116, "Failover DNS Removal Info"),
    (117, "Failover DNS Hostname"),
    (118, "Failover DNS Zone Name"),
    (119, "Failover DNS Flags"),
    (120, "Failover Expiration Time"),
    (121, "Failover Maximum Number Unacked BNDUPD Messages"),
    (122, "Failover Maximum Client Lead Time (MCLT)"),
    (123, "Failover Partner Lifetime"),
    (124, "Failover Partner Lifetime Sent"),
    (125, "Failover Partner Down Time"),
    (126, "Failover Partner Raw Client Time"),
    (127, "Failover Protocol Version"),
    (128, "Failover Keepalive Time"),
    (129, "Failover Reconfigure Data"),
    (130, "Failover Relationship Name"),
    (131, "Failover Server Flags"),
    (132, "Failover Server State"),
    (133, "Failover Start Time of State"),
    (134, "Failover State Expiration Time"),
    (135, "Relay Source Port"),
    (136, "SZTP Redirect"),
    (137, "Softwire Source Binding Prefix Hint"),
    (143, "ANDSF IPv6 Address"),
    (165, "Mobile IPv6 Home Agent"),
    (166, "Mobile IPv6 Home Address"),
    (167, "Network Access Identifier"),
];
pub(crate) static DUID_TYPE_NAMES: &[(u64, &str)] = &[
    (1, "link-layer address plus time"),
    (2, "assigned by vendor based on Enterprise number"),
    (3, "link-layer address"),
    (4, "Universally Unique IDentifier (UUID)"),
];
pub(crate) static STATUS_CODE_NAMES: &[(u64, &str)] = &[
    (0, "Success"),
    (1, "UnspecFail"),
    (2, "NoAddrAvail"),
    (3, "NoBinding"),
    (4, "NotOnLink"),
    (5, "UseMulticast"),
    (6, "NoPrefixAvail"),
    (7, "UnknownQueryType"),
    (8, "MalformedQuery"),
    (9, "NotConfigured"),
    (10, "NotAllowed"),
    (11, "QueryTerminated"),
    (12, "DataMissing"),
    (13, "CatchUpComplete"),
    (14, "NotSupported"),
    (15, "TLSConnectionRefused"),
];
