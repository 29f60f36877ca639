//! DNS (RFC 1035 and its successors), mDNS (RFC 6762) and LLMNR (RFC 4795): header and flags, the four
//! sections with compressed names, the common record types, EDNS0 options, and query/response matching.
//!
//! One dissector serves the three protocols: they share the message format and Wireshark shows all their
//! fields as `dns.*`; only the protocol item (and so `frame.protocols`, the Protocol column and the `dns`
//! filter) and a few flag bits differ. Over TCP each message has a two-byte length prefix and the stream
//! reassembly ([`TCP_STREAM`]) cuts the byte stream into messages.
//!
//! Names are read with a budget: every byte read, through any number of compression pointers, counts, and
//! once a name has read as many bytes as the message holds it is declared looping (tshark's "<Name
//! contains a pointer that loops>"), so no name can hang the dissector.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::net::IpAddr;

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity, read};
use crate::flow::stream::{PduLength, StreamProtocol};

mod values;

fields::declare_protocol! {
    proto DNS = super::ids::DNS, "Domain Name System", "DNS", "dns";
    LENGTH: "dns.length", "Length", UInt16, Dec;
    ID: "dns.id", "Transaction ID", UInt16, Hex;
    FLAGS: "dns.flags", "Flags", UInt16, Hex;
    FLAGS_RESPONSE: "dns.flags.response", "Response", Boolean, Bits(16), mask 0x8000, tf ("Message is a response", "Message is a query");
    FLAGS_OPCODE: "dns.flags.opcode", "Opcode", UInt16, Dec, mask 0x7800, values values::OPCODE;
    FLAGS_AUTHORITATIVE: "dns.flags.authoritative", "Authoritative", Boolean, Bits(16), mask 0x0400, tf ("Server is an authority for domain", "Server is not an authority for domain");
    FLAGS_CONFLICT: "dns.flags.conflict", "Conflict", Boolean, Bits(16), mask 0x0400, tf ("The name is not considered unique", "The name is considered unique");
    FLAGS_TRUNCATED: "dns.flags.truncated", "Truncated", Boolean, Bits(16), mask 0x0200, tf ("Message is truncated", "Message is not truncated");
    FLAGS_RECDESIRED: "dns.flags.recdesired", "Recursion desired", Boolean, Bits(16), mask 0x0100, tf ("Do query recursively", "Don't do query recursively");
    FLAGS_TENTATIVE: "dns.flags.tentative", "Tentative", Boolean, Bits(16), mask 0x0100, tf ("Tentative", "Not tentative");
    FLAGS_RECAVAIL: "dns.flags.recavail", "Recursion available", Boolean, Bits(16), mask 0x0080, tf ("Server can do recursive queries", "Server can't do recursive queries");
    FLAGS_Z: "dns.flags.z", "Z", Boolean, Bits(16), mask 0x0040, tf ("reserved - incorrect!", "reserved (0)");
    FLAGS_AUTHENTICATED: "dns.flags.authenticated", "Answer authenticated", Boolean, Bits(16), mask 0x0020, tf ("Answer/authority portion was authenticated by the server", "Answer/authority portion was not authenticated by the server");
    FLAGS_CHECKDISABLE: "dns.flags.checkdisable", "Non-authenticated data", Boolean, Bits(16), mask 0x0010, tf ("Acceptable", "Unacceptable");
    FLAGS_RCODE: "dns.flags.rcode", "Reply code", UInt16, Dec, mask 0x000f, values values::RCODE;
    COUNT_QUERIES: "dns.count.queries", "Questions", UInt16, Dec;
    COUNT_ZONES: "dns.count.zones", "Zones", UInt16, Dec;
    COUNT_ANSWERS: "dns.count.answers", "Answer RRs", UInt16, Dec;
    COUNT_PREREQUISITES: "dns.count.prerequisites", "Prerequisites", UInt16, Dec;
    COUNT_AUTH_RR: "dns.count.auth_rr", "Authority RRs", UInt16, Dec;
    COUNT_UPDATES: "dns.count.updates", "Updates", UInt16, Dec;
    COUNT_ADD_RR: "dns.count.add_rr", "Additional RRs", UInt16, Dec;
    QRY_NAME: "dns.qry.name", "Name", String, None;
    QRY_NAME_LEN: "dns.qry.name.len", "Name Length", UInt16, Dec;
    COUNT_LABELS: "dns.count.labels", "Label Count", UInt16, Dec;
    QRY_TYPE: "dns.qry.type", "Type", UInt16, Dec, values values::TYPE;
    QRY_CLASS: "dns.qry.class", "Class", UInt16, Hex, values values::CLASS;
    QRY_QU: "dns.qry.qu", "\"QU\" question", Boolean, Bits(16), mask 0x8000, tf ("True", "False");
    RESP_NAME: "dns.resp.name", "Name", String, None;
    RESP_TYPE: "dns.resp.type", "Type", UInt16, Dec, values values::TYPE;
    RESP_CLASS: "dns.resp.class", "Class", UInt16, Hex, values values::CLASS;
    RESP_CACHE_FLUSH: "dns.resp.cache_flush", "Cache flush", Boolean, Bits(16), mask 0x8000, tf ("True", "False");
    RESP_EXT_RCODE: "dns.resp.ext_rcode", "Higher bits in extended RCODE", UInt8, Hex;
    RESP_EDNS0_VERSION: "dns.resp.edns0_version", "EDNS0 version", UInt8, Dec;
    RESP_Z: "dns.resp.z", "Z", UInt16, Hex;
    RESP_Z_DO: "dns.resp.z.do", "DO bit", Boolean, Bits(16), mask 0x8000, tf ("Accepts DNSSEC security RRs", "Cannot handle DNSSEC security RRs");
    RESP_Z_RESERVED: "dns.resp.z.reserved", "Reserved", UInt16, Hex, mask 0x7fff;
    RESP_TTL: "dns.resp.ttl", "Time to live", UInt32, Dec;
    RESP_LEN: "dns.resp.len", "Data length", UInt16, Dec;
    UDP_PAYLOAD_SIZE: "dns.rr.udp_payload_size", "UDP payload size", UInt16, Dec;
    SRV_SERVICE: "dns.srv.service", "Service", String, None;
    SRV_PROTO: "dns.srv.proto", "Protocol", String, None;
    SRV_NAME: "dns.srv.name", "Name", String, None;
    SRV_PRIORITY: "dns.srv.priority", "Priority", UInt16, Dec;
    SRV_WEIGHT: "dns.srv.weight", "Weight", UInt16, Dec;
    SRV_PORT: "dns.srv.port", "Port", UInt16, Dec;
    SRV_TARGET: "dns.srv.target", "Target", String, None;
    NAPTR_ORDER: "dns.naptr.order", "Order", UInt16, Dec;
    NAPTR_PREFERENCE: "dns.naptr.preference", "Preference", UInt16, Dec;
    NAPTR_FLAGS_LENGTH: "dns.naptr.flags_length", "Flags Length", UInt8, Dec;
    NAPTR_FLAGS: "dns.naptr.flags", "Flags", String, None;
    NAPTR_SERVICE_LENGTH: "dns.naptr.service_length", "Service Length", UInt8, Dec;
    NAPTR_SERVICE: "dns.naptr.service", "Service", String, None;
    NAPTR_REGEX_LENGTH: "dns.naptr.regex_length", "Regex Length", UInt8, Dec;
    NAPTR_REGEX: "dns.naptr.regex", "Regex", String, None;
    NAPTR_REPLACEMENT_LENGTH: "dns.naptr.replacement_length", "Replacement Length", UInt8, Dec;
    NAPTR_REPLACEMENT: "dns.naptr.replacement", "Replacement", String, None;
    A: "dns.a", "Address", Ipv4, None;
    AAAA: "dns.aaaa", "AAAA Address", Ipv6, None;
    CNAME: "dns.cname", "CNAME", String, None;
    NS: "dns.ns", "Name Server", String, None;
    DNAME: "dns.dname", "Dname", String, None;
    PTR_DOMAIN_NAME: "dns.ptr.domain_name", "Domain Name", String, None;
    SOA_MNAME: "dns.soa.mname", "Primary name server", String, None;
    SOA_RNAME: "dns.soa.rname", "Responsible authority's mailbox", String, None;
    SOA_SERIAL: "dns.soa.serial_number", "Serial Number", UInt32, Dec;
    SOA_REFRESH: "dns.soa.refresh_interval", "Refresh Interval", UInt32, Dec;
    SOA_RETRY: "dns.soa.retry_interval", "Retry Interval", UInt32, Dec;
    SOA_EXPIRE: "dns.soa.expire_limit", "Expire limit", UInt32, Dec;
    SOA_MINIMUM: "dns.soa.minimum_ttl", "Minimum TTL", UInt32, Dec;
    HINFO_CPU_LENGTH: "dns.hinfo.cpu_length", "CPU Length", UInt8, Dec;
    HINFO_CPU: "dns.hinfo.cpu", "CPU", String, None;
    HINFO_OS_LENGTH: "dns.hinfo.os_length", "OS Length", UInt8, Dec;
    HINFO_OS: "dns.hinfo.os", "OS", String, None;
    MX_PREFERENCE: "dns.mx.preference", "Preference", UInt16, Dec;
    MX_MAIL_EXCHANGE: "dns.mx.mail_exchange", "Mail Exchange", String, None;
    TXT_LENGTH: "dns.txt.length", "TXT Length", UInt8, Dec;
    TXT: "dns.txt", "TXT", String, None;
    SVCB_PRIORITY: "dns.svcb.svcpriority", "SvcPriority", UInt16, Dec;
    SVCB_TARGET: "dns.svcb.targetname", "TargetName", String, None;
    SVCB_PARAM_KEY: "dns.svcb.svcparam.key", "SvcParamKey", UInt16, Dec, values values::SVC_KEY;
    SVCB_PARAM_LENGTH: "dns.svcb.svcparam.value.length", "SvcParamValue length", UInt16, Dec;
    SVCB_PARAM_VALUE: "dns.svcb.svcparam.value", "SvcParamValue", Bytes, None;
    SVCB_PARAM: "dns.svcb.svcparam", "SvcParam", None, None;
    SVCB_MANDATORY_KEY: "dns.svcb.svcparam.mandatory.key", "Mandatory key", UInt16, Dec, values values::SVC_KEY;
    SVCB_ALPN_LENGTH: "dns.svcb.svcparam.alpn.length", "ALPN length", UInt8, Dec;
    SVCB_ALPN: "dns.svcb.svcparam.alpn", "ALPN", String, None;
    SVCB_PORT: "dns.svcb.svcparam.port", "Port", UInt16, Dec;
    SVCB_IPV4HINT: "dns.svcb.svcparam.ipv4hint.ip", "IP", Ipv4, None;
    SVCB_ECHCONFIG: "dns.svcb.svcparam.echconfig", "ECHConfig", Bytes, None;
    SVCB_IPV6HINT: "dns.svcb.svcparam.ipv6hint.ip", "IP", Ipv6, None;
    SVCB_ODOHCONFIG: "dns.svcb.svcparam.odohconfig", "ODoHConfig", Bytes, None;
    RRSIG_TYPE_COVERED: "dns.rrsig.type_covered", "Type Covered", UInt16, Dec, values values::TYPE;
    RRSIG_ALGORITHM: "dns.rrsig.algorithm", "Algorithm", UInt8, Dec, values values::ALGORITHM;
    RRSIG_LABELS: "dns.rrsig.labels", "Labels", UInt8, Dec;
    RRSIG_ORIGINAL_TTL: "dns.rrsig.original_ttl", "Original TTL", UInt32, Dec;
    RRSIG_EXPIRATION: "dns.rrsig.signature_expiration", "Signature Expiration", AbsoluteTime, AbsoluteTimeUtc;
    RRSIG_INCEPTION: "dns.rrsig.signature_inception", "Signature Inception", AbsoluteTime, AbsoluteTimeUtc;
    RRSIG_KEY_TAG: "dns.rrsig.key_tag", "Key Tag", UInt16, Dec;
    RRSIG_SIGNERS_NAME: "dns.rrsig.signers_name", "Signer's name", String, None;
    RRSIG_SIGNATURE: "dns.rrsig.signature", "Signature", Bytes, None;
    TKEY_ALGO_NAME: "dns.tkey.algo_name", "Algorithm name", String, None;
    TKEY_INCEPTION: "dns.tkey.signature_inception", "Signature Inception", AbsoluteTime, AbsoluteTimeUtc, blurb "Specify a validity period for the signature";
    TKEY_EXPIRATION: "dns.tkey.signature_expiration", "Signature Expiration", AbsoluteTime, AbsoluteTimeUtc, blurb "Specify a validity period for the signature";
    TKEY_MODE: "dns.tkey.mode", "Mode", UInt16, Dec, values TKEY_MODES;
    TKEY_ERROR: "dns.tkey.error", "Error", UInt16, Dec, values values::RCODE;
    TKEY_KEY_SIZE: "dns.tkey.key_size", "Key Size", UInt16, Dec;
    TKEY_KEY_DATA: "dns.tkey.key_data", "Key Data", Bytes, None;
    TKEY_OTHER_SIZE: "dns.tkey.other_size", "Other Size", UInt16, Dec;
    TKEY_OTHER_DATA: "dns.tkey.other_data", "Other Data", Bytes, None;
    TSIG_ALGORITHM_NAME: "dns.tsig.algorithm_name", "Algorithm Name", String, None, blurb "Name of algorithm used for the MAC";
    TSIG_TIME_SIGNED: "dns.tsig.time_signed", "Time Signed", AbsoluteTime, AbsoluteTimeUtc;
    TSIG_FUDGE: "dns.tsig.fudge", "Fudge", UInt16, Dec, blurb "Number of bytes for the MAC";
    TSIG_MAC_SIZE: "dns.tsig.mac_size", "MAC Size", UInt16, Dec, blurb "Number of bytes for the MAC";
    TSIG_MAC: "dns.tsig.mac", "MAC", None, None;
    TSIG_ORIGINAL_ID: "dns.tsig.original_id", "Original Id", UInt16, Dec;
    TSIG_ERROR: "dns.tsig.error", "Error", UInt16, Dec, values values::RCODE, blurb "Expanded RCODE for TSIG";
    TSIG_OTHER_LEN: "dns.tsig.other_len", "Other Len", UInt16, Dec, blurb "Number of bytes for Other Data";
    TSIG_OTHER_DATA: "dns.tsig.other_data", "Other Data", Bytes, None;
    TSIG_NOALG: "dns.tsig.noalg", "No dissector for algorithm", None, None;
    DNSKEY_FLAGS: "dns.dnskey.flags", "Flags", UInt16, Hex;
    DNSKEY_ZONE_KEY: "dns.dnskey.flags.zone_key", "Zone Key", Boolean, Bits(16), mask 0x0100, tf ("This is the zone key for specified zone", "This it not a zone key");
    DNSKEY_REVOKED: "dns.dnskey.flags.key_revoked", "Key Revoked", Boolean, Bits(16), mask 0x0080, tf ("Yes", "No");
    DNSKEY_SEP: "dns.dnskey.flags.secure_entry_point", "Key Signing Key", Boolean, Bits(16), mask 0x0001, tf ("Yes", "No");
    DNSKEY_RESERVED: "dns.dnskey.flags.reserved", "Key Signing Key", UInt16, Hex, mask 0xfe7e;
    DNSKEY_PROTOCOL: "dns.dnskey.protocol", "Protocol", UInt8, Dec;
    DNSKEY_ALGORITHM: "dns.dnskey.algorithm", "Algorithm", UInt8, Dec, values values::ALGORITHM;
    DNSKEY_KEY_ID: "dns.dnskey.key_id", "Key id", UInt16, Dec;
    DNSKEY_PUBLIC_KEY: "dns.dnskey.public_key", "Public Key", Bytes, None;
    NSEC_NEXT: "dns.nsec.next_domain_name", "Next Domain Name", String, None;
    NSEC3_ALGO: "dns.nsec3.algo", "Hash algorithm", UInt8, Dec, values values::NSEC3_ALGO;
    NSEC3_FLAGS: "dns.nsec3.flags", "NSEC3 flags", UInt8, Dec;
    NSEC3_OPT_OUT: "dns.nsec3.flags.opt_out", "NSEC3 Opt-out flag", Boolean, Bits(8), mask 0x01, tf ("Additional insecure delegations allowed", "Additional insecure delegations forbidden");
    NSEC3_ITERATIONS: "dns.nsec3.iterations", "NSEC3 iterations", UInt16, Dec;
    NSEC3_SALT_LENGTH: "dns.nsec3.salt_length", "Salt length", UInt8, Dec;
    NSEC3_SALT_VALUE: "dns.nsec3.salt_value", "Salt value", Bytes, None;
    NSEC3_HASH_LENGTH: "dns.nsec3.hash_length", "Hash length", UInt8, Dec;
    NSEC3_HASH_VALUE: "dns.nsec3.hash_value", "Next hashed owner", String, None;
    DS_KEY_ID: "dns.ds.key_id", "Key id", UInt16, Hex;
    DS_ALGORITHM: "dns.ds.algorithm", "Algorithm", UInt8, Dec, values values::ALGORITHM;
    DS_DIGEST_TYPE: "dns.ds.digest_type", "Digest Type", UInt8, Dec, values values::DS_DIGEST;
    DS_DIGEST: "dns.ds.digest", "Digest", Bytes, None;
    TLSA_USAGE: "dns.tlsa.certificate_usage", "Certificate Usage", UInt8, Dec, values values::TLSA_USAGE;
    TLSA_SELECTOR: "dns.tlsa.selector", "Selector", UInt8, Dec, values values::TLSA_SELECTOR;
    TLSA_MATCHING: "dns.tlsa.matching_type", "Matching Type", UInt8, Dec, values values::TLSA_MATCHING;
    TLSA_DATA: "dns.tlsa.certificate_association_data", "Certificate Association Data", Bytes, None;
    SSHFP_ALGORITHM: "dns.sshfp.algorithm", "Algorithm", UInt8, Dec, values values::SSHFP_ALGO;
    SSHFP_TYPE: "dns.sshfp.fingerprint.type", "Fingerprint type", UInt8, Dec, values values::SSHFP_TYPE;
    SSHFP_FINGERPRINT: "dns.sshfp.fingerprint", "Fingerprint", Bytes, None;
    CAA_FLAGS: "dns.caa.flags", "CAA Flags", UInt8, Hex;
    CAA_CRITICAL: "dns.caa.flags.issuer_critical", "Issuer Critical", Boolean, Bits(8), mask 0x80, tf ("Critical", "Not critical");
    CAA_ISSUE: "dns.caa.issue", "Issue", String, None;
    CAA_ISSUEWILD: "dns.caa.issuewild", "Issue Wildcard", String, None;
    CAA_IODEF: "dns.caa.iodef", "Report URL", String, None;
    CAA_UNKNOWN: "dns.caa.unknown", "Unknown tag", String, None;
    CAA_TAG_LENGTH: "dns.caa.tag_length", "Tag length", UInt8, Dec;
    CAA_TAG: "dns.caa.tag", "Tag", String, None;
    CAA_VALUE: "dns.caa.value", "Value", String, None;
    OPT: "dns.opt", "Option", None, None;
    OPT_CODE: "dns.opt.code", "Option Code", UInt16, Dec, values values::OPT_CODE;
    OPT_LEN: "dns.opt.len", "Option Length", UInt16, Dec;
    OPT_DATA: "dns.opt.data", "Option Data", Bytes, None;
    OPT_DAU: "dns.opt.dau", "DAU", UInt8, Dec, values values::OPT_DAU;
    OPT_DHU: "dns.opt.dhu", "DHU", UInt8, Dec, values values::OPT_DHU;
    OPT_N3U: "dns.opt.n3u", "N3U", UInt8, Dec, values values::OPT_N3U;
    OPT_CLIENT_FAMILY: "dns.opt.client.family", "Family", UInt16, Dec, values values::OPT_FAMILY;
    OPT_CLIENT_NETMASK: "dns.opt.client.netmask", "Source Netmask", UInt8, Dec;
    OPT_CLIENT_SCOPE: "dns.opt.client.scope", "Scope Netmask", UInt8, Dec;
    OPT_CLIENT_ADDR: "dns.opt.client.addr", "Client Subnet", Bytes, None;
    OPT_CLIENT_ADDR4: "dns.opt.client.addr4", "Client Subnet", Ipv4, None;
    OPT_CLIENT_ADDR6: "dns.opt.client.addr6", "Client Subnet", Ipv6, None;
    OPT_COOKIE_CLIENT: "dns.opt.cookie.client", "Client Cookie", Bytes, None;
    OPT_COOKIE_SERVER: "dns.opt.cookie.server", "Server Cookie", Bytes, None;
    OPT_KEEPALIVE_TIMEOUT: "dns.opt.edns_tcp_keepalive.timeout", "Timeout", UInt16, Dec;
    OPT_PADDING: "dns.opt.padding", "Padding", Bytes, None;
    OPT_CHAIN_FQDN: "dns.opt.chain.fqdn", "Closest Trust Point", String, None;
    OPT_EXT_ERROR_CODE: "dns.opt.ext_error.info_code", "Info Code", UInt16, Dec, values values::EXT_ERROR;
    OPT_EXT_ERROR_TEXT: "dns.opt.ext_error.extra_text", "Extra Text", String, None;
    DATA: "dns.data", "Data", Bytes, None;
    EXTRANEOUS: "dns.extraneous", "Extraneous data", None, None;
    EXTRANEOUS_DATA: "dns.extraneous.data", "Extraneous Data Bytes", Bytes, None;
    EXTRANEOUS_LENGTH: "dns.extraneous.length", "Extraneous Data Length", Int32, Dec;
    RESPONSE_IN: "dns.response_in", "Response In", FrameNum, None, blurb "The response to this DNS query is in this frame";
    RESPONSE_TO: "dns.response_to", "Request In", FrameNum, None, blurb "This is a response to the DNS query in this frame";
    RETRANSMISSION: "dns.retransmission", "Retransmission", Boolean, Bits(0), blurb "This is a retransmission";
    RETRANSMIT_REQUEST_IN: "dns.retransmit_request_in", "Retransmitted request. Original request in", FrameNum, None;
    RETRANSMIT_RESPONSE_IN: "dns.retransmit_response_in", "Retransmitted response. Original response in", FrameNum, None;
    TIME: "dns.time", "Time", RelativeTime, None, blurb "The time between the Query and the Response";
    UNSOLICITED: "dns.unsolicited", "Unsolicited", Boolean, Bits(0), blurb "This is an unsolicited response";
    RETRANSMIT_REQUEST: "dns.retransmit_request", "DNS query retransmission", None, None;
    RETRANSMIT_RESPONSE: "dns.retransmit_response", "DNS response retransmission", None, None;
}

/// mDNS: DNS messages on UDP port 5353, shown as their own protocol with `dns.*` fields.
pub mod mdns {
    fields::declare_protocol! {
        proto MDNS = super::super::ids::MDNS, "Multicast Domain Name System", "mDNS", "mdns";
    }
}

/// LLMNR: DNS-like messages on UDP port 5355, shown as their own protocol with `dns.*` fields.
pub mod llmnr {
    fields::declare_protocol! {
        proto LLMNR = super::super::ids::LLMNR, "Link-local Multicast Name Resolution", "LLMNR", "llmnr";
    }
}

/// Which of the three protocols a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Dns,
    Mdns,
    Llmnr,
}

const F_RESPONSE: u16 = 0x8000;
const OPCODE_UPDATE: u16 = 5;

const T_A: u16 = 1;
const T_NS: u16 = 2;
const T_CNAME: u16 = 5;
const T_SOA: u16 = 6;
const T_PTR: u16 = 12;
const T_HINFO: u16 = 13;
const T_MX: u16 = 15;
const T_TXT: u16 = 16;
const T_AAAA: u16 = 28;
const T_SRV: u16 = 33;
const T_NAPTR: u16 = 35;
const T_DNAME: u16 = 39;
const T_OPT: u16 = 41;
const T_DS: u16 = 43;
const T_SSHFP: u16 = 44;
const T_RRSIG: u16 = 46;
const T_NSEC: u16 = 47;
const T_DNSKEY: u16 = 48;
const T_NSEC3: u16 = 50;
const T_NSEC3PARAM: u16 = 51;
const T_TLSA: u16 = 52;
const T_CDS: u16 = 59;
const T_CDNSKEY: u16 = 60;
const T_SVCB: u16 = 64;
const T_HTTPS: u16 = 65;
const T_SPF: u16 = 99;
const T_CAA: u16 = 257;
const T_TKEY: u16 = 249;
const T_TSIG: u16 = 250;

/// TKEY modes (RFC 2930).
static TKEY_MODES: &[(u64, &str)] = &[
    (0, "Reserved"),
    (1, "Server assignment"),
    (2, "Diffie Hellman"),
    (3, "GSSAPI"),
    (4, "Resolver assignment"),
    (5, "Delete"),
];

/// UDP port 53.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    message(cx, data, offset, data.len(), parent, Flavor::Dns, None)
}

/// UDP port 5353.
pub fn dissect_mdns(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    message(cx, data, offset, data.len(), parent, Flavor::Mdns, None)
}

/// UDP port 5355.
pub fn dissect_llmnr(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    message(cx, data, offset, data.len(), parent, Flavor::Llmnr, None)
}

/// DNS over TCP: the messages of a byte stream, each after a two-byte length.
pub static TCP_STREAM: StreamProtocol = StreamProtocol {
    name: "dns",
    proto: DNS,
    pdu_length: |bytes, _| tcp_pdu_length(bytes),
    pdu_found: None,
    dissect: dissect_tcp_pdu,
    held: None,
    called_on_start: false,
    // tshark shows "[PDU Size]" on each length-prefixed message.
    pdu_size: true,
    layer_per_run: false,
    item_per_run: false,
    hands_over_to: &[],
};

fn tcp_pdu_length(bytes: &[u8]) -> PduLength {
    match read::be16(bytes, 0) {
        Some(n) => PduLength::Known(2 + n as usize),
        None => PduLength::NeedMore,
    }
}

/// One length-prefixed message (the PDU runs from `offset` to the end of `data`).
fn dissect_tcp_pdu(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let Some(len) = read::be16(data, offset) else {
        return 0;
    };
    let end = (offset + 2 + len as usize).min(data.len());
    message(cx, data, offset + 2, end, parent, Flavor::Dns, Some(len))
}

/// The strings the Info column and labels use for a type: its mnemonic.
fn type_name(t: u16) -> std::borrow::Cow<'static, str> {
    match t {
        10 => "NULL".into(),
        255 => "ANY".into(),
        _ => match values::TYPE.iter().find(|(v, _)| *v == t as u64) {
            Some((_, d)) => d.split(" (").next().unwrap_or(d).into(),
            None => format!("Unknown ({t})").into(),
        },
    }
}

fn type_description(t: u32) -> std::borrow::Cow<'static, str> {
    match values::TYPE.iter().find(|(v, _)| *v == t as u64) {
        Some((_, d)) => (*d).into(),
        None => format!("Unknown ({t})").into(),
    }
}

fn class_name(c: u16) -> std::borrow::Cow<'static, str> {
    match values::CLASS.iter().find(|(v, _)| *v == c as u64) {
        Some((_, d)) => (*d).into(),
        None => format!("Unknown ({c})").into(),
    }
}

fn name_of(table: &'static [(u64, &'static str)], v: u64, unknown: &str) -> String {
    match known_name(table, v) {
        Some(d) => d.to_string(),
        None => format!("{unknown} ({v})"),
    }
}

/// The name `table` gives `v`, if any.
fn known_name(table: &'static [(u64, &'static str)], v: u64) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == v).map(|(_, d)| *d)
}

/// Why a message could not be read to its end.
#[derive(Debug, Clone, Copy)]
struct CutShort(usize);

/// A name read from a message.
struct Name {
    text: String,
    /// The name's length as tshark counts it (`dns.qry.name.len`): its characters before escaping.
    raw_len: usize,
    /// Bytes the name takes where it stands (up to and including its first pointer).
    len: usize,
}

/// Reads the name at `start` of `msg`. Bytes that run out end it with `Err` (a malformed message);
/// pointers that go round forever end it with tshark's words for a loop.
fn read_name(msg: &[u8], start: usize) -> Result<Name, CutShort> {
    let mut text = String::new();
    let mut raw_len = 0usize;
    let mut at = start;
    let mut in_place: Option<usize> = None;
    // Every byte read counts, through pointers too: past the message's size, the pointers loop.
    let mut processed = 0usize;
    loop {
        let b = *msg.get(at).ok_or(CutShort(at))?;
        at += 1;
        processed += 1;
        match b & 0xc0 {
            0x00 => {
                if b == 0 {
                    break;
                }
                let label = msg.get(at..at + b as usize).ok_or(CutShort(at))?;
                if !text.is_empty() {
                    text.push('.');
                    raw_len += 1;
                }
                push_label(&mut text, label);
                raw_len += label.len();
                at += b as usize;
                processed += b as usize;
            }
            0xc0 => {
                let low = *msg.get(at).ok_or(CutShort(at))?;
                at += 1;
                processed += 1;
                if in_place.is_none() {
                    in_place = Some(at - start);
                }
                if processed >= msg.len() {
                    let text = "<Name contains a pointer that loops>";
                    return Ok(Name {
                        text: text.into(),
                        raw_len: text.len(),
                        len: in_place.unwrap_or_else(|| at - start),
                    });
                }
                at = (((b & 0x3f) as usize) << 8) | low as usize;
            }
            _ => {
                // Extended (0x40) and reserved (0x80) label types: nothing after them can be read.
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str("<Unknown extended label>");
                raw_len = text.len();
                break;
            }
        }
    }
    if text.is_empty() {
        text.push_str("<Root>");
        raw_len = text.len();
    }
    Ok(Name {
        text,
        raw_len,
        len: in_place.unwrap_or_else(|| at - start),
    })
}

/// A label's bytes as tshark shows them: printable ASCII as is, C escapes for the control characters
/// that have one, three octal digits for other bytes.
fn push_label(out: &mut String, label: &[u8]) {
    for &c in label {
        match c {
            0x20..=0x7e => out.push(c as char),
            7 => out.push_str("\\a"),
            8 => out.push_str("\\b"),
            9 => out.push_str("\\t"),
            10 => out.push_str("\\n"),
            11 => out.push_str("\\v"),
            12 => out.push_str("\\f"),
            13 => out.push_str("\\r"),
            _ => {
                let _ = write!(out, "\\{c:03o}");
            }
        }
    }
}

/// `dns.count.labels` as tshark counts them: dots plus one, none for an empty name.
fn label_count(name: &str) -> u64 {
    if name.len() > 1 {
        name.bytes().filter(|&b| b == b'.').count() as u64 + 1
    } else {
        0
    }
}

/// A duration in seconds as tshark words it: "1 day, 2 hours, 3 minutes, 4 seconds".
fn time_words(secs: u32) -> String {
    crate::cx::duration_words(secs as u64, 0)
}

/// What the message dissector shares with its helpers.
struct Msg<'d> {
    /// The message, from its header on.
    bytes: &'d [u8],
    /// Where the message starts in the dissector's data (item offsets are `base + offset`).
    base: usize,
    /// The dissector's data up to the message's end (`source[base..] == bytes`), for readers that
    /// take offsets in it (GSS-API tokens).
    source: &'d [u8],
    flavor: Flavor,
    /// Text is built for the Info column and labels.
    columns: bool,
}

/// Dissects the message in `data[offset..end]`; `tcp_len` is the length prefix of a message over TCP.
fn message(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    end: usize,
    parent: ItemIdx,
    flavor: Flavor,
    tcp_len: Option<u16>,
) -> usize {
    let start = if tcp_len.is_some() {
        offset - 2
    } else {
        offset
    };
    let end = end.max(offset).min(data.len());
    let bytes = &data[offset..end];
    let (proto, filter, column) = match flavor {
        Flavor::Dns => (PROTOCOL_FIELD, "dns", "DNS"),
        Flavor::Mdns => (mdns::PROTOCOL_FIELD, "mdns", "MDNS"),
        Flavor::Llmnr => (llmnr::PROTOCOL_FIELD, "llmnr", "LLMNR"),
    };
    if bytes.len() < 4 {
        // tshark reads the identifier and flags before it adds the protocol item: the layer is in
        // `frame.protocols` and the columns, but the tree has no `dns` item.
        cx.tree.layers.push(filter);
        cx.set_protocol(column);
        cx.set_info(format_args!(""));
        cx.cut_short(offset + bytes.len(), data.len(), "DNS");
        return end - start;
    }
    let top = cx.push_layer(parent, proto, filter, column, start, end - start);
    let flags = read::be16(bytes, 2);
    if top.is_stored() {
        let long = match flavor {
            Flavor::Dns => "Domain Name System",
            Flavor::Mdns => "Multicast Domain Name System",
            Flavor::Llmnr => "Link-local Multicast Name Resolution",
        };
        match flags {
            Some(f) if f & F_RESPONSE != 0 => {
                cx.tree.set_label(top, format_args!("{long} (response)"))
            }
            Some(_) => cx.tree.set_label(top, format_args!("{long} (query)")),
            None => cx.tree.set_label(top, format_args!("{long}")),
        }
    }
    if let Some(len) = tcp_len {
        cx.uint(top, LENGTH, start, 2, len as u64);
    }
    let m = Msg {
        bytes,
        base: offset,
        source: &data[..offset + bytes.len()],
        flavor,
        columns: cx.tree.wants_columns(),
    };
    if let Err(CutShort(at)) = body(cx, &m, top) {
        cx.cut_short(m.base + at, data.len(), "DNS");
    }
    end - start
}

/// The header, the sections and the matching; `Err` where the bytes ran out.
fn body(cx: &mut Cx, m: &Msg, top: ItemIdx) -> Result<(), CutShort> {
    let b = m.bytes;
    // tshark clears the Info column, then reads the identifier and flags before anything else.
    let (Some(id), Some(flags)) = (read::be16(b, 0), read::be16(b, 2)) else {
        cx.set_info(format_args!(""));
        return Err(CutShort(b.len()));
    };
    let response = flags & F_RESPONSE != 0;
    // tshark matches queries and responses only once their whole 12-byte header has been read: a
    // message cut inside it neither matches nor counts as a retransmission.
    let matched = if b.len() >= 12 {
        track(cx, m, id, response)
    } else {
        None
    };
    let idi = cx.uint(top, ID, m.base, 2, id as u64);
    retransmission_note(cx, idi, response, matched);
    let opcode = (flags >> 11) & 0xf;
    let rcode = flags & 0xf;
    let opname = name_of(values::OPCODE, opcode as u64, "Unknown operation");
    if m.columns {
        let rc = if response && rcode != 0 {
            format!(" {}", name_of(values::RCODE, rcode as u64, "Unknown error"))
        } else {
            String::new()
        };
        cx.set_info(format_args!(
            "{opname}{} 0x{id:04x}{rc}",
            if response { " response" } else { "" }
        ));
    }
    header_flags(cx, m, top, flags);
    let update = opcode == OPCODE_UPDATE;
    let count_fields = if update {
        [
            COUNT_ZONES,
            COUNT_PREREQUISITES,
            COUNT_UPDATES,
            COUNT_ADD_RR,
        ]
    } else {
        [COUNT_QUERIES, COUNT_ANSWERS, COUNT_AUTH_RR, COUNT_ADD_RR]
    };
    // Each count as far as the bytes go, as tshark shows them before the header's end cuts it short.
    let mut counts = [0u16; 4];
    for (i, &f) in count_fields.iter().enumerate() {
        let n = read::be16(b, 4 + 2 * i).ok_or(CutShort(b.len()))?;
        cx.uint(top, f, m.base + 4 + 2 * i, 2, n as u64);
        counts[i] = n;
    }
    let mut at = 12;
    if counts[0] > 0 {
        let label = if update { "Zone" } else { "Queries" };
        // A section runs to the message's end: with no byte left there is none to show (tshark's
        // section item fails there before it is added).
        if at >= b.len() {
            return Err(CutShort(at));
        }
        let sec = section_item(cx, m, top, at, label);
        for _ in 0..counts[0] {
            at = question(cx, m, sec, at)?;
        }
    }
    let labels = if update {
        ["Prerequisites", "Updates", "Additional records"]
    } else {
        ["Answers", "Authoritative nameservers", "Additional records"]
    };
    for (i, label) in labels.iter().enumerate() {
        let n = counts[i + 1];
        if n == 0 {
            continue;
        }
        if at >= b.len() {
            return Err(CutShort(at));
        }
        let sec = section_item(cx, m, top, at, label);
        for _ in 0..n {
            at = record(cx, m, sec, at)?;
        }
    }
    if at < b.len() {
        let n = b.len() - at;
        let ei = cx.tree.add(top, EXTRANEOUS, m.base + at, n, Value::None);
        if ei.is_stored() {
            cx.tree
                .set_label(ei, format_args!("Extraneous Data ({n} bytes)"));
        }
        cx.tree
            .add(ei, EXTRANEOUS_DATA, m.base + at, n, Value::Bytes);
        cx.tree
            .add_generated(ei, EXTRANEOUS_LENGTH, m.base + at, n, Value::Int(n as i64));
    }
    show_matching(cx, m, top, response, matched);
    Ok(())
}

/// A section's text item ("Queries", "Answers" ...).
fn section_item(cx: &mut Cx, _m: &Msg, top: ItemIdx, _at: usize, label: &str) -> ItemIdx {
    let source = cx.tree.current_source();
    let it = cx.tree.add_in(
        top,
        crate::protocols::ws::TEXT,
        source,
        0,
        0,
        Value::None,
        fields::tree::flags::TEXT,
    );
    if it.is_stored() {
        cx.tree.set_label(it, format_args!("{label}"));
    }
    it
}

/// The flags and their bits. The flags' label names an unknown operation or error without its number
/// (the Info column gives it), as tshark's does.
fn header_flags(cx: &mut Cx, m: &Msg, top: ItemIdx, flags: u16) {
    let response = flags & F_RESPONSE != 0;
    let fi = cx.uint(top, FLAGS, m.base + 2, 2, flags as u64);
    if fi.is_stored() {
        let opcode = u64::from((flags >> 11) & 0xf);
        let mut label = format!(
            "Flags: 0x{flags:04x} {}",
            known_name(values::OPCODE, opcode).unwrap_or("Unknown operation")
        );
        if response {
            label.push_str(" response, ");
            let rcode = u64::from(flags & 0xf);
            label.push_str(known_name(values::RCODE, rcode).unwrap_or("Unknown error"));
        }
        cx.tree.set_label(fi, format_args!("{label}"));
    }
    let at = m.base + 2;
    let raw = flags as u64;
    cx.bits(fi, FLAGS_RESPONSE, at, 2, raw);
    cx.bits(fi, FLAGS_OPCODE, at, 2, raw);
    if m.flavor == Flavor::Llmnr {
        let c = cx.bits(fi, FLAGS_CONFLICT, at, 2, raw);
        if !response {
            let text = if flags & 0x400 != 0 {
                "The sender received multiple responses"
            } else {
                "None"
            };
            cx.set_bits_label(c, 16, 0x400, raw, format_args!("Conflict: {text}"));
        }
        cx.bits(fi, FLAGS_TRUNCATED, at, 2, raw);
        cx.bits(fi, FLAGS_TENTATIVE, at, 2, raw);
        if response {
            cx.bits(fi, FLAGS_RCODE, at, 2, raw);
        }
        return;
    }
    if response {
        cx.bits(fi, FLAGS_AUTHORITATIVE, at, 2, raw);
    }
    cx.bits(fi, FLAGS_TRUNCATED, at, 2, raw);
    cx.bits(fi, FLAGS_RECDESIRED, at, 2, raw);
    if response {
        cx.bits(fi, FLAGS_RECAVAIL, at, 2, raw);
    }
    cx.bits(fi, FLAGS_Z, at, 2, raw);
    if response {
        cx.bits(fi, FLAGS_AUTHENTICATED, at, 2, raw);
    } else if flags & 0x20 != 0 {
        let it = cx.bits(fi, FLAGS_AUTHENTICATED, at, 2, raw);
        cx.set_bits_label(it, 16, 0x20, raw, format_args!("AD bit: Set"));
    }
    cx.bits(fi, FLAGS_CHECKDISABLE, at, 2, raw);
    if response {
        cx.bits(fi, FLAGS_RCODE, at, 2, raw);
    }
}

/// Adds a name read at `at` as `field`; returns the name and where what follows it starts.
fn name_item(
    cx: &mut Cx,
    m: &Msg,
    parent: ItemIdx,
    field: FieldId,
    at: usize,
) -> Result<(Name, usize), CutShort> {
    let name = read_name(m.bytes, at)?;
    if cx.tree.wants(field) {
        let v = cx.tree.text_value(&name.text);
        cx.tree.add(parent, field, m.base + at, name.len, v);
    }
    let next = at + name.len;
    Ok((name, next))
}

/// One question; returns where the next one starts.
fn question(cx: &mut Cx, m: &Msg, sec: ItemIdx, at: usize) -> Result<usize, CutShort> {
    let b = m.bytes;
    let name = read_name(b, at)?;
    let o = at + name.len;
    let qtype = read::be16(b, o).ok_or(CutShort(o))?;
    let qclass_raw = read::be16(b, o + 2).ok_or(CutShort(o + 2))?;
    let mdns = m.flavor == Flavor::Mdns;
    let qclass = if mdns {
        qclass_raw & 0x7fff
    } else {
        qclass_raw
    };
    let qu = mdns && qclass_raw & 0x8000 != 0;
    let tname = type_name(qtype);
    let qu_text = if qu {
        "\"QU\" question"
    } else {
        "\"QM\" question"
    };
    if m.columns {
        cx.append_info(format_args!(" {tname} {}", name.text));
        if mdns {
            cx.append_info(format_args!(", {qu_text}"));
        }
    }
    let source = cx.tree.current_source();
    let q = cx.tree.add_in(
        sec,
        crate::protocols::ws::TEXT,
        source,
        m.base + at,
        o + 4 - at,
        Value::None,
        fields::tree::flags::TEXT,
    );
    if q.is_stored() {
        let extra = if mdns {
            format!(", {qu_text}")
        } else {
            String::new()
        };
        cx.tree.set_label(
            q,
            format_args!(
                "{}: type {tname}, class {}{extra}",
                name.text,
                class_name(qclass)
            ),
        );
    }
    if cx.tree.wants(QRY_NAME) {
        let v = cx.tree.text_value(&name.text);
        cx.tree.add(q, QRY_NAME, m.base + at, name.len, v);
    }
    cx.tree.add_generated(
        q,
        QRY_NAME_LEN,
        m.base + at,
        name.len,
        Value::UInt(name.raw_len as u64),
    );
    cx.tree.add_generated(
        q,
        COUNT_LABELS,
        m.base + at,
        name.len,
        Value::UInt(label_count(&name.text)),
    );
    cx.uint(q, QRY_TYPE, m.base + o, 2, qtype as u64);
    let ci = cx.uint(q, QRY_CLASS, m.base + o + 2, 2, qclass as u64);
    if mdns {
        cx.set_bits_label(
            ci,
            16,
            0x7fff,
            qclass_raw as u64,
            format_args!("Class: {} (0x{qclass:04x})", class_name(qclass)),
        );
        cx.bits(q, QRY_QU, m.base + o + 2, 2, qclass_raw as u64);
    }
    Ok(o + 4)
}

/// One resource record; returns where the next one starts.
fn record(cx: &mut Cx, m: &Msg, sec: ItemIdx, at: usize) -> Result<usize, CutShort> {
    let b = m.bytes;
    let name = read_name(b, at)?;
    let o = at + name.len;
    let rtype = read::be16(b, o).ok_or(CutShort(o))?;
    let class_raw = read::be16(b, o + 2).ok_or(CutShort(o + 2))?;
    let ttl = read::be32(b, o + 4).ok_or(CutShort(o + 4))?;
    let rdlen = read::be16(b, o + 8).ok_or(CutShort(o + 8))? as usize;
    let rd = o + 10;
    let mdns = m.flavor == Flavor::Mdns;
    let flush = mdns && rtype != T_OPT && class_raw & 0x8000 != 0;
    let class = if mdns && rtype != T_OPT {
        class_raw & 0x7fff
    } else {
        class_raw
    };
    let tname = type_name(rtype);
    if m.columns {
        cx.append_info(format_args!(" {tname}"));
        if flush {
            cx.append_info(format_args!(", cache flush"));
        }
    }
    if rd + rdlen > b.len() && !cx.lost_to_snaplen(m.base + b.len()) {
        // Record data past the message's end on the wire: tshark's item for the record throws before
        // it is added, so the record is not shown at all. (Cut by the snapshot length, it is shown.)
        return Err(CutShort(b.len()));
    }
    let source = cx.tree.current_source();
    let rr_len = (rd + rdlen).min(b.len()) - at;
    let rr = cx.tree.add_in(
        sec,
        crate::protocols::ws::TEXT,
        source,
        m.base + at,
        rr_len,
        Value::None,
        fields::tree::flags::TEXT,
    );
    let mut label = String::new();
    if rr.is_stored() {
        if rtype == T_OPT {
            let _ = write!(label, "{}: type {tname}", name.text);
        } else {
            let _ = write!(
                label,
                "{}: type {tname}, class {}",
                name.text,
                class_name(class)
            );
            if flush {
                label.push_str(", cache flush");
            }
        }
    }
    // SRV owners `_service._proto.name` are shown in their parts instead of as a name.
    let srv_parts = (rtype == T_SRV).then(|| srv_owner(&name.text)).flatten();
    match srv_parts {
        Some((service, proto, rest)) => {
            for (f, text) in [(SRV_SERVICE, service), (SRV_PROTO, proto), (SRV_NAME, rest)] {
                if cx.tree.wants(f) {
                    let v = cx.tree.text_value(text);
                    cx.tree.add(rr, f, m.base + at, name.len, v);
                }
            }
        }
        None => {
            if cx.tree.wants(RESP_NAME) {
                let v = cx.tree.text_value(&name.text);
                cx.tree.add(rr, RESP_NAME, m.base + at, name.len, v);
            }
        }
    }
    let ti = cx.uint(rr, RESP_TYPE, m.base + o, 2, rtype as u64);
    if ti.is_stored() {
        cx.tree.set_label(
            ti,
            format_args!("Type: {} ({rtype})", type_description(rtype.into())),
        );
    }
    if rtype == T_OPT {
        cx.uint(rr, UDP_PAYLOAD_SIZE, m.base + o + 2, 2, class_raw as u64);
        cx.uint(rr, RESP_EXT_RCODE, m.base + o + 4, 1, (ttl >> 24) as u64);
        cx.uint(
            rr,
            RESP_EDNS0_VERSION,
            m.base + o + 5,
            1,
            ((ttl >> 16) & 0xff) as u64,
        );
        let z = (ttl & 0xffff) as u64;
        let zi = cx.uint(rr, RESP_Z, m.base + o + 6, 2, z);
        cx.bits(zi, RESP_Z_DO, m.base + o + 6, 2, z);
        cx.bits(zi, RESP_Z_RESERVED, m.base + o + 6, 2, z);
    } else {
        let ci = cx.uint(rr, RESP_CLASS, m.base + o + 2, 2, class as u64);
        if mdns {
            cx.set_bits_label(
                ci,
                16,
                0x7fff,
                class_raw as u64,
                format_args!("Class: {} (0x{class:04x})", class_name(class)),
            );
            let fi = cx.bits(rr, RESP_CACHE_FLUSH, m.base + o + 2, 2, class_raw as u64);
            cx.set_bits_label(
                fi,
                16,
                0x8000,
                class_raw as u64,
                format_args!("Cache flush: {}", if flush { "True" } else { "False" }),
            );
        }
        let tti = cx.uint(rr, RESP_TTL, m.base + o + 4, 4, ttl as u64);
        if tti.is_stored() {
            cx.tree.set_label(
                tti,
                format_args!("Time to live: {ttl} ({})", time_words(ttl)),
            );
        }
    }
    cx.uint(rr, RESP_LEN, m.base + o + 8, 2, rdlen as u64);
    let end = rd + rdlen;
    if end > b.len() {
        // The record data runs past the message.
        if rr.is_stored() {
            cx.tree.set_label(rr, format_args!("{label}"));
        }
        return Err(CutShort(b.len()));
    }
    if rdlen > 0 {
        rdata(cx, m, rr, rtype, &name.text, rd, end, &mut label)?;
    }
    if rr.is_stored() {
        cx.tree.set_label(rr, format_args!("{label}"));
    }
    Ok(end)
}

/// `_service._proto.rest` split, when the owner name has that shape.
fn srv_owner(name: &str) -> Option<(&str, &str, &str)> {
    let (service, rest) = name.split_once('.')?;
    let (proto, rest) = rest.split_once('.')?;
    (service.starts_with('_') && proto.starts_with('_')).then_some((service, proto, rest))
}

/// A character string (length byte, then text) at `at`: its length item, its text item, the text and
/// where the next byte is.
fn char_string(
    cx: &mut Cx,
    m: &Msg,
    parent: ItemIdx,
    len_field: Option<FieldId>,
    field: FieldId,
    at: usize,
    end: usize,
) -> Result<(String, usize), CutShort> {
    let n = *m.bytes.get(at).ok_or(CutShort(at))? as usize;
    if at + 1 + n > end {
        return Err(CutShort(end));
    }
    if let Some(lf) = len_field {
        cx.uint(parent, lf, m.base + at, 1, n as u64);
    }
    let raw = &m.bytes[at + 1..at + 1 + n];
    let text = String::from_utf8_lossy(raw).into_owned();
    if cx.tree.wants(field) {
        let v = cx.tree.text_value(&text);
        cx.tree.add(parent, field, m.base + at + 1, n, v);
    }
    Ok((text, at + 1 + n))
}

/// A record's data (`rd..end` of the message, its owner `owner`), with the record's label and the Info
/// column.
#[allow(clippy::too_many_arguments)]
fn rdata(
    cx: &mut Cx,
    m: &Msg,
    rr: ItemIdx,
    rtype: u16,
    owner: &str,
    rd: usize,
    end: usize,
    label: &mut String,
) -> Result<(), CutShort> {
    let b = m.bytes;
    let data = &b[rd..end];
    let info = |cx: &mut Cx, args: std::fmt::Arguments<'_>| {
        if m.columns {
            cx.append_info(args);
        }
    };
    match rtype {
        T_A if data.len() >= 4 => {
            let a = read::array::<4>(b, rd).ok_or(CutShort(rd))?;
            let text = std::net::Ipv4Addr::from(a).to_string();
            cx.tree.add(rr, A, m.base + rd, 4, Value::Ipv4(a));
            let _ = write!(label, ", addr {text}");
            info(cx, format_args!(" {text}"));
        }
        T_AAAA if data.len() >= 16 => {
            let a = read::array::<16>(b, rd).ok_or(CutShort(rd))?;
            let text = std::net::Ipv6Addr::from(a).to_string();
            cx.tree.add(rr, AAAA, m.base + rd, 16, Value::Ipv6(a));
            let _ = write!(label, ", addr {text}");
            info(cx, format_args!(" {text}"));
        }
        T_NS | T_CNAME | T_PTR | T_DNAME => {
            let (field, word) = match rtype {
                T_NS => (NS, ", ns "),
                T_CNAME => (CNAME, ", cname "),
                T_PTR => (PTR_DOMAIN_NAME, ", "),
                _ => (DNAME, ", dname "),
            };
            let (name, _) = name_item(cx, m, rr, field, rd)?;
            let _ = write!(label, "{word}{}", name.text);
            info(cx, format_args!(" {}", name.text));
        }
        T_SOA => {
            let (mname, o) = name_item(cx, m, rr, SOA_MNAME, rd)?;
            let (_, o) = name_item(cx, m, rr, SOA_RNAME, o)?;
            let _ = write!(label, ", mname {}", mname.text);
            info(cx, format_args!(" {}", mname.text));
            let fields = [SOA_SERIAL, SOA_REFRESH, SOA_RETRY, SOA_EXPIRE, SOA_MINIMUM];
            for (i, f) in fields.iter().enumerate() {
                let v = read::be32(b, o + 4 * i).ok_or(CutShort(o + 4 * i))?;
                let it = cx.uint(rr, *f, m.base + o + 4 * i, 4, v as u64);
                if i > 0 && it.is_stored() {
                    let name = crate::registry().field(*f).name;
                    cx.tree
                        .set_label(it, format_args!("{name}: {v} ({})", time_words(v)));
                }
            }
        }
        T_MX => {
            let pref = read::be16(b, rd).ok_or(CutShort(rd))?;
            cx.uint(rr, MX_PREFERENCE, m.base + rd, 2, pref as u64);
            let (name, _) = name_item(cx, m, rr, MX_MAIL_EXCHANGE, rd + 2)?;
            let _ = write!(label, ", preference {pref}, mx {}", name.text);
            info(cx, format_args!(" {pref} {}", name.text));
        }
        T_TXT | T_SPF => {
            let mut o = rd;
            while o < end {
                let (_, next) = char_string(cx, m, rr, Some(TXT_LENGTH), TXT, o, end)?;
                o = next;
            }
        }
        T_HINFO => {
            let (cpu, o) = char_string(cx, m, rr, Some(HINFO_CPU_LENGTH), HINFO_CPU, rd, end)?;
            let (os, _) = char_string(cx, m, rr, Some(HINFO_OS_LENGTH), HINFO_OS, o, end)?;
            let _ = write!(label, ", CPU {cpu}, OS {os}");
            info(cx, format_args!(" {cpu} {os}"));
        }
        T_SRV => {
            let p = read::be16(b, rd).ok_or(CutShort(rd))?;
            let w = read::be16(b, rd + 2).ok_or(CutShort(rd + 2))?;
            let port = read::be16(b, rd + 4).ok_or(CutShort(rd + 4))?;
            cx.uint(rr, SRV_PRIORITY, m.base + rd, 2, p as u64);
            cx.uint(rr, SRV_WEIGHT, m.base + rd + 2, 2, w as u64);
            cx.uint(rr, SRV_PORT, m.base + rd + 4, 2, port as u64);
            let (target, _) = name_item(cx, m, rr, SRV_TARGET, rd + 6)?;
            let _ = write!(
                label,
                ", priority {p}, weight {w}, port {port}, target {}",
                target.text
            );
            info(cx, format_args!(" {p} {w} {port} {}", target.text));
        }
        T_NAPTR => {
            let order = read::be16(b, rd).ok_or(CutShort(rd))?;
            let pref = read::be16(b, rd + 2).ok_or(CutShort(rd + 2))?;
            cx.uint(rr, NAPTR_ORDER, m.base + rd, 2, order as u64);
            cx.uint(rr, NAPTR_PREFERENCE, m.base + rd + 2, 2, pref as u64);
            let (flags, o) = char_string(
                cx,
                m,
                rr,
                Some(NAPTR_FLAGS_LENGTH),
                NAPTR_FLAGS,
                rd + 4,
                end,
            )?;
            let (_, o) = char_string(cx, m, rr, Some(NAPTR_SERVICE_LENGTH), NAPTR_SERVICE, o, end)?;
            let (_, o) = char_string(cx, m, rr, Some(NAPTR_REGEX_LENGTH), NAPTR_REGEX, o, end)?;
            let repl = read_name(b, o)?;
            cx.tree.add_generated(
                rr,
                NAPTR_REPLACEMENT_LENGTH,
                m.base + o,
                0,
                Value::UInt(repl.text.len() as u64),
            );
            if cx.tree.wants(NAPTR_REPLACEMENT) {
                let v = cx.tree.text_value(&repl.text);
                cx.tree.add(rr, NAPTR_REPLACEMENT, m.base + o, repl.len, v);
            }
            let _ = write!(label, ", order {order}, preference {pref}, flags {flags}");
            info(cx, format_args!(" {order} {pref} {flags}"));
        }
        T_OPT => options(cx, m, rr, rd, end)?,
        T_DS | T_CDS => {
            let key = read::be16(b, rd).ok_or(CutShort(rd))?;
            cx.uint(rr, DS_KEY_ID, m.base + rd, 2, key as u64);
            let alg = *b.get(rd + 2).ok_or(CutShort(rd + 2))?;
            cx.uint(rr, DS_ALGORITHM, m.base + rd + 2, 1, alg as u64);
            let dt = *b.get(rd + 3).ok_or(CutShort(rd + 3))?;
            cx.uint(rr, DS_DIGEST_TYPE, m.base + rd + 3, 1, dt as u64);
            if end > rd + 4 {
                cx.tree
                    .add(rr, DS_DIGEST, m.base + rd + 4, end - rd - 4, Value::Bytes);
            }
        }
        T_DNSKEY | T_CDNSKEY => {
            let flags = read::be16(b, rd).ok_or(CutShort(rd))?;
            let fi = cx.uint(rr, DNSKEY_FLAGS, m.base + rd, 2, flags as u64);
            for f in [DNSKEY_ZONE_KEY, DNSKEY_REVOKED, DNSKEY_SEP, DNSKEY_RESERVED] {
                cx.bits(fi, f, m.base + rd, 2, flags as u64);
            }
            let proto = *b.get(rd + 2).ok_or(CutShort(rd + 2))?;
            cx.uint(rr, DNSKEY_PROTOCOL, m.base + rd + 2, 1, proto as u64);
            let alg = *b.get(rd + 3).ok_or(CutShort(rd + 3))?;
            cx.uint(rr, DNSKEY_ALGORITHM, m.base + rd + 3, 1, alg as u64);
            cx.tree.add_generated(
                rr,
                DNSKEY_KEY_ID,
                m.base + rd,
                0,
                Value::UInt(key_tag(data, alg) as u64),
            );
            if end > rd + 4 {
                cx.tree.add(
                    rr,
                    DNSKEY_PUBLIC_KEY,
                    m.base + rd + 4,
                    end - rd - 4,
                    Value::Bytes,
                );
            }
        }
        T_RRSIG => {
            let covered = read::be16(b, rd).ok_or(CutShort(rd))?;
            cx.uint(rr, RRSIG_TYPE_COVERED, m.base + rd, 2, covered as u64);
            let alg = *b.get(rd + 2).ok_or(CutShort(rd + 2))?;
            cx.uint(rr, RRSIG_ALGORITHM, m.base + rd + 2, 1, alg as u64);
            let labels = *b.get(rd + 3).ok_or(CutShort(rd + 3))?;
            cx.uint(rr, RRSIG_LABELS, m.base + rd + 3, 1, labels as u64);
            let ottl = read::be32(b, rd + 4).ok_or(CutShort(rd + 4))?;
            let it = cx.uint(rr, RRSIG_ORIGINAL_TTL, m.base + rd + 4, 4, ottl as u64);
            if it.is_stored() {
                cx.tree.set_label(
                    it,
                    format_args!("Original TTL: {ottl} ({})", time_words(ottl)),
                );
            }
            for (i, f) in [RRSIG_EXPIRATION, RRSIG_INCEPTION].iter().enumerate() {
                let t = read::be32(b, rd + 8 + 4 * i).ok_or(CutShort(rd + 8 + 4 * i))?;
                cx.tree.add(
                    rr,
                    *f,
                    m.base + rd + 8 + 4 * i,
                    4,
                    Value::AbsTime {
                        secs: t as i64,
                        nanos: 0,
                    },
                );
            }
            let tag = read::be16(b, rd + 16).ok_or(CutShort(rd + 16))?;
            cx.uint(rr, RRSIG_KEY_TAG, m.base + rd + 16, 2, tag as u64);
            let (_, o) = name_item(cx, m, rr, RRSIG_SIGNERS_NAME, rd + 18)?;
            if end > o {
                cx.tree
                    .add(rr, RRSIG_SIGNATURE, m.base + o, end - o, Value::Bytes);
            }
        }
        T_TKEY => {
            let (_, o) = name_item(cx, m, rr, TKEY_ALGO_NAME, rd)?;
            for (i, f) in [TKEY_INCEPTION, TKEY_EXPIRATION].iter().enumerate() {
                let t = read::be32(b, o + 4 * i).ok_or(CutShort(o + 4 * i))?;
                let v = Value::AbsTime {
                    secs: t as i64,
                    nanos: 0,
                };
                cx.tree.add(rr, *f, m.base + o + 4 * i, 4, v);
            }
            let mode = read::be16(b, o + 8).ok_or(CutShort(o + 8))?;
            cx.uint(rr, TKEY_MODE, m.base + o + 8, 2, mode as u64);
            let error = read::be16(b, o + 10).ok_or(CutShort(o + 10))?;
            cx.uint(rr, TKEY_ERROR, m.base + o + 10, 2, error as u64);
            let size = read::be16(b, o + 12).ok_or(CutShort(o + 12))? as usize;
            cx.uint(rr, TKEY_KEY_SIZE, m.base + o + 12, 2, size as u64);
            let k = o + 14;
            if size > 0 {
                b.get(k..k + size).ok_or(CutShort(k))?;
                let it = cx
                    .tree
                    .add(rr, TKEY_KEY_DATA, m.base + k, size, Value::Bytes);
                if mode == 3 {
                    // GSS-API's token, as tshark dissects it (SPNEGO, Kerberos).
                    let (at, to) = (m.base + k, m.base + k + size);
                    crate::protocols::gssapi::token_or_continuation(cx, m.source, at, to, it);
                }
            }
            let o = k + size;
            let other = read::be16(b, o).ok_or(CutShort(o))? as usize;
            cx.uint(rr, TKEY_OTHER_SIZE, m.base + o, 2, other as u64);
            if other > 0 {
                b.get(o + 2..o + 2 + other).ok_or(CutShort(o + 2))?;
                cx.tree
                    .add(rr, TKEY_OTHER_DATA, m.base + o + 2, other, Value::Bytes);
            }
        }
        T_TSIG => {
            let (algorithm, o) = name_item(cx, m, rr, TSIG_ALGORITHM_NAME, rd)?;
            // Time Signed is 48 bits of seconds.
            let hi = read::be16(b, o).ok_or(CutShort(o))? as i64;
            let lo = read::be32(b, o + 2).ok_or(CutShort(o + 2))? as i64;
            let v = Value::AbsTime {
                secs: (hi << 32) | lo,
                nanos: 0,
            };
            let it = cx.tree.add(rr, TSIG_TIME_SIGNED, m.base + o, 6, v);
            if hi != 0 && it.is_stored() {
                // tshark notes a time past 32 bits after the date.
                let mut label = String::new();
                fields::label::write_label(
                    crate::registry(),
                    cx.tree,
                    b"",
                    cx.tree.item(it),
                    &mut label,
                );
                cx.tree
                    .set_label(it, format_args!("{label} (high bits set)"));
            }
            let fudge = read::be16(b, o + 6).ok_or(CutShort(o + 6))?;
            cx.uint(rr, TSIG_FUDGE, m.base + o + 6, 2, fudge as u64);
            let mac = read::be16(b, o + 8).ok_or(CutShort(o + 8))? as usize;
            cx.uint(rr, TSIG_MAC_SIZE, m.base + o + 8, 2, mac as u64);
            let k = o + 10;
            b.get(k..k + mac).ok_or(CutShort(k))?;
            let it = cx.tree.add(rr, TSIG_MAC, m.base + k, mac, Value::None);
            // tshark has no MAC dissector for any algorithm.
            cx.expert(
                it,
                TSIG_NOALG,
                Severity::Warning,
                Group::Undecoded,
                format_args!("No dissector for algorithm:{}", algorithm.text),
            );
            let o = k + mac;
            let id = read::be16(b, o).ok_or(CutShort(o))?;
            cx.uint(rr, TSIG_ORIGINAL_ID, m.base + o, 2, id as u64);
            let error = read::be16(b, o + 2).ok_or(CutShort(o + 2))?;
            cx.uint(rr, TSIG_ERROR, m.base + o + 2, 2, error as u64);
            let other = read::be16(b, o + 4).ok_or(CutShort(o + 4))? as usize;
            cx.uint(rr, TSIG_OTHER_LEN, m.base + o + 4, 2, other as u64);
            if other > 0 {
                b.get(o + 6..o + 6 + other).ok_or(CutShort(o + 6))?;
                cx.tree
                    .add(rr, TSIG_OTHER_DATA, m.base + o + 6, other, Value::Bytes);
            }
        }
        T_NSEC => {
            let (next, o) = name_item(cx, m, rr, NSEC_NEXT, rd)?;
            info(cx, format_args!(" {}", next.text));
            type_bitmap(cx, m, rr, o, end)?;
        }
        T_NSEC3PARAM => {
            // tshark names the owner in the Info column, as for TLSA.
            info(cx, format_args!(" {}", owner));
            let alg = *b.get(rd).ok_or(CutShort(rd))?;
            cx.uint(rr, NSEC3_ALGO, m.base + rd, 1, alg as u64);
            let flags = *b.get(rd + 1).ok_or(CutShort(rd + 1))?;
            cx.uint(rr, NSEC3_FLAGS, m.base + rd + 1, 1, flags as u64);
            let it = read::be16(b, rd + 2).ok_or(CutShort(rd + 2))?;
            cx.uint(rr, NSEC3_ITERATIONS, m.base + rd + 2, 2, it as u64);
            let sl = *b.get(rd + 4).ok_or(CutShort(rd + 4))? as usize;
            cx.uint(rr, NSEC3_SALT_LENGTH, m.base + rd + 4, 1, sl as u64);
            if rd + 5 + sl > end {
                return Err(CutShort(end));
            }
            cx.tree
                .add(rr, NSEC3_SALT_VALUE, m.base + rd + 5, sl, Value::Bytes);
        }
        T_NSEC3 => {
            let alg = *b.get(rd).ok_or(CutShort(rd))?;
            cx.uint(rr, NSEC3_ALGO, m.base + rd, 1, alg as u64);
            let flags = *b.get(rd + 1).ok_or(CutShort(rd + 1))?;
            let fi = cx.uint(rr, NSEC3_FLAGS, m.base + rd + 1, 1, flags as u64);
            cx.bits(fi, NSEC3_OPT_OUT, m.base + rd + 1, 1, flags as u64);
            let it = read::be16(b, rd + 2).ok_or(CutShort(rd + 2))?;
            cx.uint(rr, NSEC3_ITERATIONS, m.base + rd + 2, 2, it as u64);
            let sl = *b.get(rd + 4).ok_or(CutShort(rd + 4))? as usize;
            cx.uint(rr, NSEC3_SALT_LENGTH, m.base + rd + 4, 1, sl as u64);
            if rd + 5 + sl > end {
                return Err(CutShort(end));
            }
            if sl > 0 {
                cx.tree
                    .add(rr, NSEC3_SALT_VALUE, m.base + rd + 5, sl, Value::Bytes);
            }
            let o = rd + 5 + sl;
            let hl = *b.get(o).ok_or(CutShort(o))? as usize;
            cx.uint(rr, NSEC3_HASH_LENGTH, m.base + o, 1, hl as u64);
            if o + 1 + hl > end {
                return Err(CutShort(end));
            }
            if cx.tree.wants(NSEC3_HASH_VALUE) {
                let text = base32hex(&b[o + 1..o + 1 + hl]);
                let v = cx.tree.text_value(&text);
                cx.tree
                    .add_generated(rr, NSEC3_HASH_VALUE, m.base + o + 1, hl, v);
            }
            type_bitmap(cx, m, rr, o + 1 + hl, end)?;
        }
        T_TLSA if data.len() >= 3 => {
            info(cx, format_args!(" {}", owner));
            cx.uint(rr, TLSA_USAGE, m.base + rd, 1, data[0] as u64);
            cx.uint(rr, TLSA_SELECTOR, m.base + rd + 1, 1, data[1] as u64);
            cx.uint(rr, TLSA_MATCHING, m.base + rd + 2, 1, data[2] as u64);
            if data.len() > 3 {
                cx.tree
                    .add(rr, TLSA_DATA, m.base + rd + 3, data.len() - 3, Value::Bytes);
            }
        }
        T_SSHFP if data.len() >= 2 => {
            cx.uint(rr, SSHFP_ALGORITHM, m.base + rd, 1, data[0] as u64);
            cx.uint(rr, SSHFP_TYPE, m.base + rd + 1, 1, data[1] as u64);
            if data.len() > 2 {
                cx.tree.add(
                    rr,
                    SSHFP_FINGERPRINT,
                    m.base + rd + 2,
                    data.len() - 2,
                    Value::Bytes,
                );
            }
        }
        T_CAA if data.len() >= 2 => {
            let fi = cx.uint(rr, CAA_FLAGS, m.base + rd, 1, data[0] as u64);
            cx.bits(fi, CAA_CRITICAL, m.base + rd, 1, data[0] as u64);
            let tl = data[1] as usize;
            if 2 + tl > data.len() {
                return Err(CutShort(end));
            }
            let tag = String::from_utf8_lossy(&data[2..2 + tl]).into_owned();
            let vo = rd + 2 + tl;
            let value = String::from_utf8_lossy(&b[vo..end]).into_owned();
            let field = match tag.as_str() {
                "issue" => CAA_ISSUE,
                "issuewild" => CAA_ISSUEWILD,
                "iodef" => CAA_IODEF,
                _ => CAA_UNKNOWN,
            };
            // The property is an item of its own holding tag length, tag and value.
            let v = cx.tree.text_value(&value);
            let pi = cx.tree.add(rr, field, m.base + rd + 1, end - rd - 1, v);
            if field == CAA_UNKNOWN && pi.is_stored() {
                cx.tree
                    .set_label(pi, format_args!("Unknown tag: {tag}={value}"));
            }
            cx.uint(pi, CAA_TAG_LENGTH, m.base + rd + 1, 1, tl as u64);
            if cx.tree.wants(CAA_TAG) {
                let v = cx.tree.text_value(&tag);
                cx.tree.add(pi, CAA_TAG, m.base + rd + 2, tl, v);
            }
            if cx.tree.wants(CAA_VALUE) {
                let v = cx.tree.text_value(&value);
                cx.tree.add(pi, CAA_VALUE, m.base + vo, end - vo, v);
            }
        }
        T_SVCB | T_HTTPS => svcb(cx, m, rr, rd, end)?,
        _ => {
            cx.tree.add(rr, DATA, m.base + rd, end - rd, Value::Bytes);
        }
    }
    Ok(())
}

/// The RFC 4034 appendix B key tag of a DNSKEY's data.
fn key_tag(data: &[u8], alg: u8) -> u16 {
    if alg == 1 {
        // RSA/MD5: the middle bytes of the modulus.
        let n = data.len();
        return if n >= 4 {
            u16::from_be_bytes([data[n - 3], data[n - 2]])
        } else {
            0
        };
    }
    let mut ac: u32 = 0;
    for (i, &b) in data.iter().enumerate() {
        ac += if i & 1 == 0 {
            (b as u32) << 8
        } else {
            b as u32
        };
    }
    ac += (ac >> 16) & 0xffff;
    (ac & 0xffff) as u16
}

/// Base32 with the extended hex alphabet (RFC 4648), lower case and unpadded, as NSEC3 hashes are shown.
fn base32hex(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let mut acc: u64 = 0;
    let mut bits = 0;
    for &b in bytes {
        acc = (acc << 8) | b as u64;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// An NSEC or NSEC3 type bit map: one text line per type.
fn type_bitmap(
    cx: &mut Cx,
    m: &Msg,
    rr: ItemIdx,
    mut o: usize,
    end: usize,
) -> Result<(), CutShort> {
    // tshark lists the types as `dns.resp.type` items with their own label.
    let wanted = cx.tree.wants(RESP_TYPE);
    while o + 2 <= end {
        // In 32 bits: RFC 4034 caps a window's bitmap at 32 bytes, a malformed one runs past 65535.
        let window = m.bytes[o] as u32;
        let len = m.bytes[o + 1] as usize;
        if o + 2 + len > end {
            return Err(CutShort(end));
        }
        if wanted {
            for (i, &byte) in m.bytes[o + 2..o + 2 + len].iter().enumerate() {
                for bit in 0..8u32 {
                    if byte & (0x80 >> bit) != 0 {
                        let t = window * 256 + (i as u32) * 8 + bit;
                        let it = cx.uint(rr, RESP_TYPE, m.base + o + 2 + i, 1, t as u64);
                        if it.is_stored() {
                            cx.tree.set_label(
                                it,
                                format_args!("RR type in bit map: {}", type_description(t)),
                            );
                        }
                    }
                }
            }
        }
        o += 2 + len;
    }
    Ok(())
}

/// EDNS0 options of an OPT record.
fn options(cx: &mut Cx, m: &Msg, rr: ItemIdx, mut o: usize, end: usize) -> Result<(), CutShort> {
    let b = m.bytes;
    while o < end {
        let code = read::be16(b, o).ok_or(CutShort(o))?;
        let len = read::be16(b, o + 2).ok_or(CutShort(o + 2))? as usize;
        let d = o + 4;
        let oi = cx
            .tree
            .add(rr, OPT, m.base + o, (4 + len).min(end - o), Value::None);
        if oi.is_stored() {
            cx.tree.set_label(
                oi,
                format_args!(
                    "Option: {}",
                    name_of(values::OPT_CODE, code as u64, "Unknown")
                ),
            );
        }
        cx.uint(oi, OPT_CODE, m.base + o, 2, code as u64);
        cx.uint(oi, OPT_LEN, m.base + o + 2, 2, len as u64);
        if d + len > end {
            return Err(CutShort(end));
        }
        let di = cx.tree.add(oi, OPT_DATA, m.base + d, len, Value::Bytes);
        if len == 0 && di.is_stored() {
            cx.tree
                .set_label(di, format_args!("Option Data: <MISSING>"));
        }
        let od = &b[d..d + len];
        match code {
            5..=7 => {
                let f = [OPT_DAU, OPT_DHU, OPT_N3U][(code - 5) as usize];
                for (i, &v) in od.iter().enumerate() {
                    cx.uint(oi, f, m.base + d + i, 1, v as u64);
                }
            }
            8 | 20730 if len >= 4 => {
                let family = u16::from_be_bytes([od[0], od[1]]);
                cx.uint(oi, OPT_CLIENT_FAMILY, m.base + d, 2, family as u64);
                cx.uint(oi, OPT_CLIENT_NETMASK, m.base + d + 2, 1, od[2] as u64);
                cx.uint(oi, OPT_CLIENT_SCOPE, m.base + d + 3, 1, od[3] as u64);
                let addr = &od[4..];
                match family {
                    1 if addr.len() <= 4 => {
                        let mut a = [0u8; 4];
                        a[..addr.len()].copy_from_slice(addr);
                        cx.tree.add(
                            oi,
                            OPT_CLIENT_ADDR4,
                            m.base + d + 4,
                            addr.len(),
                            Value::Ipv4(a),
                        );
                    }
                    2 if addr.len() <= 16 => {
                        let mut a = [0u8; 16];
                        a[..addr.len()].copy_from_slice(addr);
                        cx.tree.add(
                            oi,
                            OPT_CLIENT_ADDR6,
                            m.base + d + 4,
                            addr.len(),
                            Value::Ipv6(a),
                        );
                    }
                    _ => {
                        cx.tree.add(
                            oi,
                            OPT_CLIENT_ADDR,
                            m.base + d + 4,
                            addr.len(),
                            Value::Bytes,
                        );
                    }
                }
            }
            10 if len >= 8 => {
                cx.tree
                    .add(oi, OPT_COOKIE_CLIENT, m.base + d, 8, Value::Bytes);
                if len > 8 {
                    cx.tree
                        .add(oi, OPT_COOKIE_SERVER, m.base + d + 8, len - 8, Value::Bytes);
                } else {
                    let it = cx
                        .tree
                        .add(oi, OPT_COOKIE_SERVER, m.base + d + 8, 0, Value::Bytes);
                    if it.is_stored() {
                        cx.tree
                            .set_label(it, format_args!("Server Cookie: <MISSING>"));
                    }
                }
            }
            11 if len == 2 => {
                let t = u16::from_be_bytes([od[0], od[1]]);
                cx.uint(oi, OPT_KEEPALIVE_TIMEOUT, m.base + d, 2, t as u64);
            }
            12 if len > 0 => {
                cx.tree.add(oi, OPT_PADDING, m.base + d, len, Value::Bytes);
            }
            13 if len > 0 => {
                // tshark shows the name as its raw bytes, length octets and all.
                cx.tree.add(oi, OPT_CHAIN_FQDN, m.base + d, len, Value::Str);
            }
            15 if len >= 2 => {
                let c = u16::from_be_bytes([od[0], od[1]]);
                cx.uint(oi, OPT_EXT_ERROR_CODE, m.base + d, 2, c as u64);
                if len > 2 && cx.tree.wants(OPT_EXT_ERROR_TEXT) {
                    let text = String::from_utf8_lossy(&od[2..]).into_owned();
                    let v = cx.tree.text_value(&text);
                    cx.tree
                        .add(oi, OPT_EXT_ERROR_TEXT, m.base + d + 2, len - 2, v);
                }
            }
            _ => {}
        }
        o = d + len;
    }
    Ok(())
}

/// SVCB and HTTPS records (RFC 9460).
fn svcb(cx: &mut Cx, m: &Msg, rr: ItemIdx, rd: usize, end: usize) -> Result<(), CutShort> {
    let b = m.bytes;
    let prio = read::be16(b, rd).ok_or(CutShort(rd))?;
    cx.uint(rr, SVCB_PRIORITY, m.base + rd, 2, prio as u64);
    let (_, mut o) = name_item(cx, m, rr, SVCB_TARGET, rd + 2)?;
    while o < end {
        let key = read::be16(b, o).ok_or(CutShort(o))?;
        let len = read::be16(b, o + 2).ok_or(CutShort(o + 2))? as usize;
        let d = o + 4;
        if d + len > end {
            return Err(CutShort(end));
        }
        let pi = cx
            .tree
            .add(rr, SVCB_PARAM, m.base + o, 4 + len, Value::None);
        cx.uint(pi, SVCB_PARAM_KEY, m.base + o, 2, key as u64);
        cx.uint(pi, SVCB_PARAM_LENGTH, m.base + o + 2, 2, len as u64);
        let v = &b[d..d + len];
        if pi.is_stored() {
            // tshark appends the values to the item's label, which cuts them at its buffer's size
            // without the " [truncated]" mark.
            let mut label = format!("SvcParam: {}", svc_param_label(key, v));
            fields::label::cut_to_label_buffer(&mut label);
            cx.tree.set_label(pi, format_args!("{label}"));
        }
        match key {
            0 => {
                for (i, k) in v.chunks_exact(2).enumerate() {
                    let k = u16::from_be_bytes([k[0], k[1]]);
                    cx.uint(pi, SVCB_MANDATORY_KEY, m.base + d + 2 * i, 2, k as u64);
                }
            }
            1 => {
                let mut i = 0;
                while i < len {
                    let (_, next) =
                        char_string(cx, m, pi, Some(SVCB_ALPN_LENGTH), SVCB_ALPN, d + i, d + len)?;
                    i = next - d;
                }
            }
            3 if len == 2 => {
                cx.uint(
                    pi,
                    SVCB_PORT,
                    m.base + d,
                    2,
                    u16::from_be_bytes([v[0], v[1]]) as u64,
                );
            }
            4 => {
                for (i, a) in v.chunks_exact(4).enumerate() {
                    let a: [u8; 4] = a.try_into().unwrap_or_default();
                    cx.tree
                        .add(pi, SVCB_IPV4HINT, m.base + d + 4 * i, 4, Value::Ipv4(a));
                }
            }
            5 => {
                // The bytes, shown in base64 as tshark shows them.
                let ech = cx
                    .tree
                    .add(pi, SVCB_ECHCONFIG, m.base + d, len, Value::Bytes);
                if ech.is_stored() {
                    cx.tree
                        .set_label(ech, format_args!("ECHConfig: {}", base64(v)));
                }
            }
            6 => {
                for (i, a) in v.chunks_exact(16).enumerate() {
                    let a: [u8; 16] = a.try_into().unwrap_or_default();
                    cx.tree
                        .add(pi, SVCB_IPV6HINT, m.base + d + 16 * i, 16, Value::Ipv6(a));
                }
            }
            32769 => {
                cx.tree
                    .add(pi, SVCB_ODOHCONFIG, m.base + d, len, Value::Bytes);
            }
            _ if len > 0 => {
                cx.tree
                    .add(pi, SVCB_PARAM_VALUE, m.base + d, len, Value::Bytes);
            }
            _ => {}
        }
        o = d + len;
    }
    Ok(())
}

/// A SvcParam as tshark sums it up: `key=value,value`.
fn svc_param_label(key: u16, v: &[u8]) -> String {
    let key_name = |k: u16| {
        name_of(values::SVC_KEY, k as u64, "key")
            .replace("key (", "key")
            .replace(')', "")
    };
    let mut out = key_name(key);
    let mut items: Vec<String> = Vec::new();
    match key {
        0 => items.extend(
            v.chunks_exact(2)
                .map(|k| key_name(u16::from_be_bytes([k[0], k[1]]))),
        ),
        1 => {
            let mut i = 0;
            while i < v.len() {
                let n = v[i] as usize;
                let s = v.get(i + 1..i + 1 + n).unwrap_or(&v[i + 1..]);
                items.push(String::from_utf8_lossy(s).into_owned());
                i += 1 + n;
            }
        }
        3 if v.len() == 2 => items.push(u16::from_be_bytes([v[0], v[1]]).to_string()),
        4 => items.extend(
            v.chunks_exact(4)
                .map(|a| std::net::Ipv4Addr::new(a[0], a[1], a[2], a[3]).to_string()),
        ),
        6 => items.extend(v.chunks_exact(16).map(|a| {
            let a: [u8; 16] = a.try_into().unwrap_or_default();
            std::net::Ipv6Addr::from(a).to_string()
        })),
        5 | 32769 => items.push(base64(v)),
        _ => {}
    }
    if !items.is_empty() {
        out.push('=');
        out.push_str(&items.join(","));
    }
    out
}

/// Standard base64 with padding (RFC 4648), as tshark shows ECH configurations.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (chunk.get(1).copied().unwrap_or(0) as u32) << 8
            | chunk.get(2).copied().unwrap_or(0) as u32;
        for i in 0..4 {
            if i <= n {
                out.push(ALPHABET[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Query/response matching.

/// Which transaction a message belongs to: its conversation (both endpoints, either order, and the
/// transport) and its identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransactionKey {
    low: (IpAddr, u16),
    high: (IpAddr, u16),
    tcp: bool,
    id: u16,
}

#[derive(Debug, Clone, Copy)]
struct Transaction {
    request_frame: u64,
    response_frame: u64,
    request_ns: i128,
}

/// The latest transaction of each (conversation, identifier), as Wireshark keeps them. Bounded: past
/// [`Transactions::MAX`] the oldest are forgotten.
#[derive(Debug, Default)]
pub struct Transactions {
    table: HashMap<TransactionKey, Transaction, foldhash::fast::RandomState>,
    order: VecDeque<(TransactionKey, u64)>,
}

impl Transactions {
    /// Transactions remembered at most.
    pub const MAX: usize = 1 << 16;

    fn insert(&mut self, key: TransactionKey, t: Transaction) {
        if self.table.len() >= Self::MAX && !self.table.contains_key(&key) {
            while let Some((k, f)) = self.order.pop_front() {
                if self.table.get(&k).is_some_and(|t| t.request_frame == f) {
                    self.table.remove(&k);
                    break;
                }
            }
        }
        self.table.insert(key, t);
        self.order.push_back((key, t.request_frame));
        if self.order.len() > 2 * self.table.len() + 64 {
            let table = &self.table;
            self.order
                .retain(|(k, f)| table.get(k).is_some_and(|t| t.request_frame == *f));
        }
    }
}

/// What matching says of a message.
#[derive(Debug, Clone, Copy)]
struct Matched {
    /// The transaction's request frame (0 when none: an unsolicited response).
    request_frame: u64,
    /// Its response frame as far as known (in a second pass, from the first).
    response_frame: u64,
    request_ns: i128,
    retransmission: bool,
}

/// A request older than this (seconds) with the same identifier is a new transaction, not a
/// retransmission (Wireshark's `dns.retransmission_timer` default).
const RETRANSMISSION_SECS: i128 = 5;

fn track(cx: &mut Cx, m: &Msg, id: u16, response: bool) -> Option<Matched> {
    if cx.in_error > 0 {
        return None;
    }
    let net = cx.net?;
    let (sport, dport, tcp) = cx.transport?;
    let a = (net.src, sport);
    let z = (net.dst, dport);
    let (low, high) = if a <= z { (a, z) } else { (z, a) };
    let key = TransactionKey { low, high, tcp, id };
    let _ = m;
    let now = crate::protocols::icmp::frame_time_ns(cx);
    let frame = cx.meta.number;
    let table = &mut cx.state.dns;
    let mut retransmission = false;
    let t = if !response {
        let existing = table.table.get(&key).copied();
        let t = match existing {
            Some(t)
                if t.response_frame == 0
                    && now - t.request_ns < RETRANSMISSION_SECS * 1_000_000_000 =>
            {
                retransmission = true;
                t
            }
            _ => {
                let t = Transaction {
                    request_frame: frame,
                    response_frame: 0,
                    request_ns: now,
                };
                table.insert(key, t);
                t
            }
        };
        Some(t)
    } else {
        match table.table.get_mut(&key) {
            Some(t) => {
                if t.response_frame == 0 {
                    t.response_frame = frame;
                } else {
                    retransmission = true;
                }
                let t = *t;
                if let crate::Pass::First(l) = &mut cx.state.pass
                    && t.response_frame == frame
                {
                    l.record_dns_response(key, t.request_frame, frame);
                }
                Some(t)
            }
            None => None,
        }
    };
    let mut matched = match t {
        Some(t) => Matched {
            request_frame: t.request_frame,
            response_frame: t.response_frame,
            request_ns: t.request_ns,
            retransmission,
        },
        None => Matched {
            request_frame: 0,
            response_frame: 0,
            request_ns: now,
            retransmission: false,
        },
    };
    // The second pass shows the response on the original request only, not on its retransmissions.
    if let crate::Pass::Second(l) = &cx.state.pass
        && matched.request_frame != 0
        && !matched.retransmission
        && let Some(&r) = l.dns_responses.get(&(key, matched.request_frame))
    {
        matched.response_frame = r;
    }
    Some(matched)
}

/// The expert note on a retransmission, which tshark puts under the transaction ID.
fn retransmission_note(cx: &mut Cx, id_item: ItemIdx, response: bool, matched: Option<Matched>) {
    let Some(t) = matched.filter(|t| t.retransmission) else {
        return;
    };
    if response {
        cx.expert(
            id_item,
            RETRANSMIT_RESPONSE,
            Severity::Warning,
            Group::Protocol,
            format_args!(
                "DNS response retransmission. Original response in frame {}",
                t.response_frame
            ),
        );
    } else {
        cx.expert(
            id_item,
            RETRANSMIT_REQUEST,
            Severity::Warning,
            Group::Protocol,
            format_args!(
                "DNS query retransmission. Original request in frame {}",
                t.request_frame
            ),
        );
    }
}

/// The matching items at the end of the message, as tshark places them.
fn show_matching(cx: &mut Cx, _m: &Msg, top: ItemIdx, response: bool, matched: Option<Matched>) {
    let Some(t) = matched else { return };
    let frame = cx.meta.number;
    if !response {
        if t.response_frame != 0 && t.response_frame != frame {
            cx.tree
                .add_generated(top, RESPONSE_IN, 0, 0, Value::UInt(t.response_frame));
        }
        if t.retransmission {
            cx.tree.add_generated(
                top,
                RETRANSMIT_REQUEST_IN,
                0,
                0,
                Value::UInt(t.request_frame),
            );
            cx.tree
                .add_generated(top, RETRANSMISSION, 0, 0, Value::UInt(1));
        }
        return;
    }
    if t.retransmission {
        cx.tree.add_generated(
            top,
            RETRANSMIT_RESPONSE_IN,
            0,
            0,
            Value::UInt(t.response_frame),
        );
        cx.tree
            .add_generated(top, RETRANSMISSION, 0, 0, Value::UInt(1));
        return;
    }
    if t.request_frame == 0 {
        let it = cx
            .tree
            .add_generated(top, UNSOLICITED, 0, 0, Value::UInt(1));
        if it.is_stored() {
            cx.tree.set_label(it, format_args!("Unsolicited: True"));
        }
        return;
    }
    cx.tree
        .add_generated(top, RESPONSE_TO, 0, 0, Value::UInt(t.request_frame));
    let now = crate::protocols::icmp::frame_time_ns(cx);
    cx.tree
        .add_generated(top, TIME, 0, 0, Value::RelTime((now - t.request_ns) as i64));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_pointers_and_loops() {
        // 12 header bytes, then "a.b" at 12, a pointer to it at 17, and a pointer to itself at 19.
        let mut msg = vec![0u8; 12];
        msg.extend_from_slice(&[1, b'a', 1, b'b', 0, 0xc0, 12, 0xc0, 19]);
        let n = read_name(&msg, 12).unwrap();
        assert_eq!((n.text.as_str(), n.len), ("a.b", 5));
        let p = read_name(&msg, 17).unwrap();
        assert_eq!((p.text.as_str(), p.len), ("a.b", 2));
        let l = read_name(&msg, 19).unwrap();
        assert_eq!(l.text, "<Name contains a pointer that loops>");
        assert_eq!(l.len, 2);
        assert!(read_name(&[3, b'a'], 0).is_err());
        assert_eq!(read_name(&[0], 0).unwrap().text, "<Root>");
    }

    #[test]
    fn durations_as_tshark_words_them() {
        assert_eq!(time_words(225), "3 minutes, 45 seconds");
        assert_eq!(time_words(86400), "1 day");
        assert_eq!(time_words(2419200), "28 days");
        assert_eq!(time_words(0), "0 seconds");
    }

    #[test]
    fn nsec3_hash_in_base32hex() {
        // RFC 4648 test vector "foobar" → CPNMUOJ1E8 (lower case, unpadded).
        assert_eq!(base32hex(b"foobar"), "cpnmuoj1e8");
    }

    #[test]
    fn srv_owner_parts() {
        assert_eq!(
            srv_owner("_ldap._tcp.example.com"),
            Some(("_ldap", "_tcp", "example.com"))
        );
        assert_eq!(srv_owner("www.example.com"), None);
    }
}
