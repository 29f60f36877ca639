//! DTLS (RFC 4347 DTLS 1.0, RFC 6347 DTLS 1.2) over UDP, as tshark 4.0 shows it without keys.
//!
//! The record layer and the handshake framing are DTLS's own (epoch, sequence number, message
//! sequence, fragment offset and length); the handshake messages themselves, their extensions,
//! certificates, alerts and ChangeCipherSpec are read by the TLS code ([`crate::protocols::tls`]),
//! whose `tls.*` items come out as `dtls.*` through a [`FieldRedirect`] set on the tree while a
//! datagram is dissected. TLS fields DTLS does not register (JA4, TLS's segment reassembly) are left
//! out, as tshark has nothing to show them as.
//!
//! What tshark 4.0 does, and so what this does (probed with crafted datagrams):
//! - UDP ports 853, 2221, 5684 and 5868 are DTLS's; elsewhere a heuristic takes a datagram whose
//!   records, read one after the other by their lengths, end exactly where the datagram does, each
//!   with a content type from 20 to 25 and version DTLS 1.0, 1.2 or OpenSSL's pre-standard 0x0100
//!   ([`looks_like_dtls`]). Bytes not captured are not held against it.
//! - A record's label names the association's version as known before the record ("DTLS Record
//!   Layer" before any); any record but a ClientHello or a handshake of no known type tells the
//!   version. The Protocol column is the version known when a record's body is reached (and as a
//!   ServerHello sets it), else "DTLS".
//! - Without keys, content is read by its shape whatever the epoch: a handshake record whose first
//!   message has no known type or runs past the record is one plain "Handshake Protocol" item (the
//!   record keeps its plain "Record Layer" label, Info "Encrypted Handshake Message"); an alert of
//!   other than two bytes is "Encrypted Alert".
//! - A handshake message cut into fragments is put together from its fragments, across records and
//!   datagrams, in the frame whose last fragment finds all the others there ("Client Hello
//!   (Reassembled)", earlier ones "(Fragment)"; a hole filled after the last fragment completes
//!   nothing); its body is read from the data source "Reassembled DTLS".
//! - Bytes missing are reported where tshark meets them: a record header or handshake header not
//!   captured, a message body not captured (its header shown), a record running past its datagram
//!   ("[Malformed Packet: DTLS]") or the capture ("DTLS truncated"); encrypted items, which read
//!   nothing, meet none.

use std::sync::OnceLock;

use fields::{FieldRedirect, ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity, read};
use crate::flow::{ConversationKey, Endpoint};
use crate::protocols::tls::{self, names};

fields::declare_protocol! {
    proto DTLS = super::ids::DTLS, "Datagram Transport Layer Security", "DTLS", "dtls";
    RECORD_EPOCH: "dtls.record.epoch", "Epoch", UInt16, Dec;
    RECORD_SEQUENCE_NUMBER: "dtls.record.sequence_number", "Sequence Number", UInt64, Dec;
    RECORD_SPECIAL_TYPE: "dtls.record.special_type", "Special Type", UInt8, Dec, values names::CONTENT_TYPES, blurb "Always set to value 25, actual content type is known after decryption";
    RECORD_CONNECTION_ID: "dtls.record.connection_id", "Connection ID", Bytes, None;
    ENC_CONTENT: "dtls.enc_content", "Encrypted Record Content", Bytes, None;
    HS_MESSAGE_SEQ: "dtls.handshake.message_seq", "Message Sequence", UInt16, Dec, blurb "Message sequence of handshake message";
    HS_FRAGMENT_OFFSET: "dtls.handshake.fragment_offset", "Fragment Offset", UInt24, Dec, blurb "Fragment offset of handshake message";
    HS_FRAGMENT_LENGTH: "dtls.handshake.fragment_length", "Fragment Length", UInt24, Dec, blurb "Fragment length of handshake message";
    HS_COOKIE_LENGTH: "dtls.handshake.cookie_length", "Cookie Length", UInt8, Dec, blurb "Length of the cookie field";
    HS_COOKIE: "dtls.handshake.cookie", "Cookie", Bytes, None;
    FRAGMENTS: "dtls.fragments", "Message fragments", None, None;
    FRAGMENT: "dtls.fragment", "Message fragment", FrameNum, None;
    FRAGMENT_OVERLAP: "dtls.fragment.overlap", "Message fragment overlap", Boolean, Bits(0);
    FRAGMENT_OVERLAP_CONFLICTS: "dtls.fragment.overlap.conflicts", "Message fragment overlapping with conflicting data", Boolean, Bits(0);
    FRAGMENT_MULTIPLE_TAILS: "dtls.fragment.multiple_tails", "Message has multiple tail fragments", Boolean, Bits(0);
    FRAGMENT_TOO_LONG_FRAGMENT: "dtls.fragment.too_long_fragment", "Message fragment too long", Boolean, Bits(0);
    FRAGMENT_ERROR: "dtls.fragment.error", "Message defragmentation error", FrameNum, None;
    FRAGMENT_COUNT: "dtls.fragment.count", "Message fragment count", UInt32, Dec;
    REASSEMBLED_IN: "dtls.reassembled.in", "Reassembled in", FrameNum, None;
    FRAGMENT_PAST_END_MSG: "dtls.handshake.fragment_past_end_msg", "Fragment runs past the end of the message", None, None;
    // The fields TLS's code adds, under DTLS's names (see `redirect`).
    RECORD: "dtls.record", "Record Layer", None, None;
    RECORD_CONTENT_TYPE: "dtls.record.content_type", "Content Type", UInt8, Dec, values names::CONTENT_TYPES;
    RECORD_VERSION: "dtls.record.version", "Version", UInt16, Hex, values names::VERSIONS, blurb "Record layer version";
    RECORD_LENGTH: "dtls.record.length", "Length", UInt16, Dec, blurb "Length of DTLS record data";
    APP_DATA: "dtls.app_data", "Encrypted Application Data", Bytes, None, blurb "Payload is encrypted application data";
    APP_DATA_PROTO: "dtls.app_data_proto", "Application Data Protocol", String, None;
    REASSEMBLED_LENGTH: "dtls.reassembled.length", "Reassembled DTLS length", UInt32, Dec;
    CHANGE_CIPHER_SPEC: "dtls.change_cipher_spec", "Change Cipher Spec Message", None, None, blurb "Signals a change in cipher specifications";
    ALERT_MESSAGE: "dtls.alert_message", "Alert Message", None, None;
    ALERT_MESSAGE_LEVEL: "dtls.alert_message.level", "Level", UInt8, Dec, values names::ALERT_LEVELS, blurb "Alert message level";
    ALERT_MESSAGE_DESC: "dtls.alert_message.desc", "Description", UInt8, Dec, values names::ALERT_DESCRIPTIONS, blurb "Alert message description";
    HEARTBEAT_MESSAGE: "dtls.heartbeat_message", "Heartbeat Message", None, None;
    HEARTBEAT_MESSAGE_TYPE: "dtls.heartbeat_message.type", "Type", UInt8, Dec, values names::HEARTBEAT_TYPES, blurb "Heartbeat message type";
    HEARTBEAT_MESSAGE_PAYLOAD_LENGTH: "dtls.heartbeat_message.payload_length", "Payload Length", UInt16, Dec;
    HEARTBEAT_MESSAGE_PAYLOAD: "dtls.heartbeat_message.payload", "Payload Length", Bytes, None;
    HEARTBEAT_MESSAGE_PADDING: "dtls.heartbeat_message.padding", "Payload Length", Bytes, None;
    HANDSHAKE: "dtls.handshake", "Handshake Protocol", None, None, blurb "Handshake protocol message";
    HS_TYPE: "dtls.handshake.type", "Handshake Type", UInt8, Dec, values names::HANDSHAKE_TYPES, blurb "Type of handshake message";
    HS_LENGTH: "dtls.handshake.length", "Length", UInt24, Dec, blurb "Length of handshake message";
    HS_VERSION: "dtls.handshake.version", "Version", UInt16, Hex, values names::VERSIONS, blurb "Maximum version supported by client";
    HS_RANDOM: "dtls.handshake.random", "Random", Bytes, None, blurb "Random values used for deriving keys";
    HS_RANDOM_TIME: "dtls.handshake.random_time", "GMT Unix Time", AbsoluteTime, AbsoluteTimeLocal, blurb "Unix time field of random structure";
    HS_RANDOM_BYTES: "dtls.handshake.random_bytes", "Random Bytes", Bytes, None, blurb "Random values used for deriving keys";
    HS_SESSION_ID_LENGTH: "dtls.handshake.session_id_length", "Session ID Length", UInt8, Dec, blurb "Length of Session ID field";
    HS_SESSION_ID: "dtls.handshake.session_id", "Session ID", Bytes, None, blurb "Identifies the SSL session, allowing later resumption";
    HS_CIPHER_SUITES_LENGTH: "dtls.handshake.cipher_suites_length", "Cipher Suites Length", UInt16, Dec, blurb "Length of cipher suites field";
    HS_CIPHERSUITES: "dtls.handshake.ciphersuites", "Cipher Suites", None, None, blurb "List of cipher suites supported by client";
    HS_CIPHERSUITE: "dtls.handshake.ciphersuite", "Cipher Suite", UInt16, Hex, values names::CIPHER_SUITES;
    HS_COMP_METHODS_LENGTH: "dtls.handshake.comp_methods_length", "Compression Methods Length", UInt8, Dec, blurb "Length of compression methods field";
    HS_COMP_METHODS: "dtls.handshake.comp_methods", "Compression Methods", None, None, blurb "List of compression methods supported by client";
    HS_COMP_METHOD: "dtls.handshake.comp_method", "Compression Method", UInt8, Dec, values names::COMPRESSION_METHODS;
    EXT_LENGTH: "dtls.handshake.extensions_length", "Extensions Length", UInt16, Dec, blurb "Length of hello extensions";
    EXT_TYPE: "dtls.handshake.extension.type", "Type", UInt16, Dec, values names::EXTENSION_TYPES, blurb "Hello extension type";
    EXT_LEN: "dtls.handshake.extension.len", "Length", UInt16, Dec, blurb "Length of a hello extension";
    EXT_DATA: "dtls.handshake.extension.data", "Data", Bytes, None, blurb "Hello Extension data";
    EXT_SERVER_NAME_LIST_LEN: "dtls.handshake.extensions_server_name_list_len", "Server Name list length", UInt16, Dec, blurb "Length of server name list";
    EXT_SERVER_NAME_TYPE: "dtls.handshake.extensions_server_name_type", "Server Name Type", UInt8, Dec, values names::SERVER_NAME_TYPES;
    EXT_SERVER_NAME_LEN: "dtls.handshake.extensions_server_name_len", "Server Name length", UInt16, Dec, blurb "Length of server name string";
    EXT_SERVER_NAME: "dtls.handshake.extensions_server_name", "Server Name", String, None;
    EXT_SUPPORTED_GROUPS_LENGTH: "dtls.handshake.extensions_supported_groups_length", "Supported Groups List Length", UInt16, Dec;
    EXT_SUPPORTED_GROUPS: "dtls.handshake.extensions_supported_groups", "Supported Groups List", None, None, blurb "List of supported groups (formerly Supported Elliptic Curves)";
    EXT_SUPPORTED_GROUP: "dtls.handshake.extensions_supported_group", "Supported Group", UInt16, Hex, values names::GROUPS;
    EXT_EC_POINT_FORMATS_LENGTH: "dtls.handshake.extensions_ec_point_formats_length", "EC point formats Length", UInt8, Dec, blurb "Length of elliptic curves point formats field";
    EXT_EC_POINT_FORMATS: "dtls.handshake.extensions_ec_point_formats", "EC point formats", None, None, blurb "List of elliptic curves point format";
    EXT_EC_POINT_FORMAT: "dtls.handshake.extensions_ec_point_format", "EC point format", UInt8, Dec, values names::EC_POINT_FORMATS, blurb "Elliptic curves point format";
    HS_SIG_HASH_ALG_LEN: "dtls.handshake.sig_hash_alg_len", "Signature Hash Algorithms Length", UInt16, Dec, blurb "Length of Signature Hash Algorithms";
    HS_SIG_HASH_ALGS: "dtls.handshake.sig_hash_algs", "Signature Algorithms", None, None, blurb "List of supported Signature Algorithms";
    HS_SIG_HASH_ALG: "dtls.handshake.sig_hash_alg", "Signature Algorithm", UInt16, Hex, values names::SIGNATURE_SCHEMES;
    HS_SIG_HASH_HASH: "dtls.handshake.sig_hash_hash", "Signature Hash Algorithm Hash", UInt8, Dec, values names::HASH_ALGORITHMS, blurb "Hash algorithm (TLS 1.2)";
    HS_SIG_HASH_SIG: "dtls.handshake.sig_hash_sig", "Signature Hash Algorithm Signature", UInt8, Dec, values names::SIGNATURE_ALGORITHMS, blurb "Signature algorithm (TLS 1.2)";
    EXT_ALPN_LEN: "dtls.handshake.extensions_alpn_len", "ALPN Extension Length", UInt16, Dec, blurb "Length of the ALPN Extension";
    EXT_ALPN_LIST: "dtls.handshake.extensions_alpn_list", "ALPN Protocol", None, None;
    EXT_ALPN_STR_LEN: "dtls.handshake.extensions_alpn_str_len", "ALPN string length", UInt8, Dec, blurb "Length of ALPN string";
    EXT_ALPN_STR: "dtls.handshake.extensions_alpn_str", "ALPN Next Protocol", String, None;
    EXT_SUPPORTED_VERSIONS_LEN: "dtls.handshake.extensions.supported_versions_len", "Supported Versions length", UInt8, Dec;
    EXT_SUPPORTED_VERSION: "dtls.handshake.extensions.supported_version", "Supported Version", UInt16, Hex, values names::VERSIONS;
    EXT_KEY_SHARE_CLIENT_LENGTH: "dtls.handshake.extensions_key_share_client_length", "Client Key Share Length", UInt16, Dec;
    EXT_KEY_SHARE_GROUP: "dtls.handshake.extensions_key_share_group", "Group", UInt16, Dec, values names::GROUPS;
    EXT_KEY_SHARE_KEY_EXCHANGE_LENGTH: "dtls.handshake.extensions_key_share_key_exchange_length", "Key Exchange Length", UInt16, Dec;
    EXT_KEY_SHARE_KEY_EXCHANGE: "dtls.handshake.extensions_key_share_key_exchange", "Key Exchange", Bytes, None;
    EXT_KEY_SHARE_SELECTED_GROUP: "dtls.handshake.extensions_key_share_selected_group", "Selected Group", UInt16, Dec, values names::GROUPS;
    EXT_PSK_KE_MODES_LENGTH: "dtls.extension.psk_ke_modes_length", "PSK Key Exchange Modes Length", UInt8, Dec;
    EXT_PSK_KE_MODE: "dtls.extension.psk_ke_mode", "PSK Key Exchange Mode", UInt8, Dec, values names::PSK_KE_MODES, blurb "Key exchange modes where the client supports use of PSKs";
    EXT_PSK_IDENTITIES_LENGTH: "dtls.handshake.extensions.psk.identities.length", "Identities Length", UInt16, Dec;
    EXT_PSK_IDENTITY_LENGTH: "dtls.handshake.extensions.psk.identity.identity_length", "Identity Length", UInt16, Dec;
    EXT_PSK_IDENTITY: "dtls.handshake.extensions.psk.identity.identity", "Identity", Bytes, None;
    EXT_PSK_TICKET_AGE: "dtls.handshake.extensions.psk.identity.obfuscated_ticket_age", "Obfuscated Ticket Age", UInt32, Dec;
    EXT_PSK_BINDERS_LEN: "dtls.handshake.extensions.psk.binders_len", "PSK Binders length", UInt16, Dec;
    EXT_PSK_BINDERS: "dtls.handshake.extensions.psk.binders", "PSK Binders", None, None;
    EXT_PSK_SELECTED: "dtls.handshake.extensions.psk.identity.selected", "Selected Identity", UInt16, Dec;
    EARLY_DATA_MAX_SIZE: "dtls.early_data.max_early_data_size", "Maximum Early Data Size", UInt32, Dec, blurb "Maximum amount of 0-RTT data that the client may send";
    EXT_COOKIE_LEN: "dtls.handshake.extensions.cookie_len", "Cookie length", UInt16, Dec;
    EXT_COOKIE: "dtls.handshake.extensions.cookie", "Cookie", Bytes, None;
    EXT_RENEG_INFO_LEN: "dtls.handshake.extensions_reneg_info_len", "Renegotiation info extension length", UInt8, Dec;
    EXT_RENEG_INFO: "dtls.handshake.extensions_reneg_info", "Renegotiation info", Bytes, None;
    EXT_ALPS_LEN: "dtls.handshake.extensions_alps_len", "ALPS Extension Length", UInt16, Dec, blurb "Length of the ALPS Extension";
    EXT_ALPS_ALPN_LIST: "dtls.handshake.extensions_alps_alpn_list", "Supported ALPN List", None, None, blurb "List of supported ALPN by ALPS";
    EXT_ALPS_ALPN_STR_LEN: "dtls.handshake.extensions_alps_alpn_str_len", "Supported ALPN Length", UInt8, Dec, blurb "Length of ALPN string";
    EXT_ALPS_ALPN_STR: "dtls.handshake.extensions_alps_alpn_str", "Supported ALPN", String, None, blurb "ALPN supported by ALPS";
    EXT_ALPS_SETTINGS: "dtls.handshake.extensions_alps.settings", "ALPN Opaque Settings", Bytes, None, blurb "ALPN Opaque Settings";
    COMPRESS_CERTIFICATE_ALGORITHMS_LENGTH: "dtls.compress_certificate.algorithms_length", "Algorithms Length", UInt8, Dec;
    COMPRESS_CERTIFICATE_ALGORITHM: "dtls.compress_certificate.algorithm", "Algorithm", UInt16, Dec, values crate::protocols::tls::names::CERTIFICATE_COMPRESSION_ALGORITHMS;
    SCT_SCTS_LENGTH: "dtls.sct.scts_length", "Serialized SCT List Length", UInt16, Dec;
    SCT_SCT_LENGTH: "dtls.sct.sct_length", "Serialized SCT Length", UInt16, Dec;
    SCT_SCT_VERSION: "dtls.sct.sct_version", "SCT Version", UInt8, Dec, blurb "SCT Protocol version (v1 (0) is defined in RFC 6962)";
    SCT_SCT_LOGID: "dtls.sct.sct_logid", "Log ID", Bytes, None, blurb "SHA-256 hash of log's public key";
    SCT_SCT_TIMESTAMP: "dtls.sct.sct_timestamp", "Timestamp", AbsoluteTime, AbsoluteTimeUtc, blurb "Timestamp of issuance";
    SCT_SCT_EXTENSIONS_LENGTH: "dtls.sct.sct_extensions_length", "Extensions length", UInt16, Dec, blurb "Length of future extensions to this protocol (currently none)";
    SCT_SCT_EXTENSIONS: "dtls.sct.sct_extensions", "Extensions", None, None, blurb "Future extensions to this protocol (currently none)";
    SCT_SCT_SIGNATURE_LENGTH: "dtls.sct.sct_signature_length", "Signature Length", UInt16, Dec;
    SCT_SCT_SIGNATURE: "dtls.sct.sct_signature", "Signature", Bytes, None;
    EXT_STATUS_REQUEST_LIST_LEN: "dtls.handshake.extensions_status_request_list_len", "Certificate Status List Length", UInt16, Dec, blurb "CertificateStatusRequestItemV2 list length";
    EXT_STATUS_REQUEST_LEN: "dtls.handshake.extensions_status_request_len", "Certificate Status Length", UInt16, Dec;
    EXT_STATUS_REQUEST_TYPE: "dtls.handshake.extensions_status_request_type", "Certificate Status Type", UInt8, Dec, values names::STATUS_REQUEST_TYPES;
    EXT_STATUS_REQUEST_RESPONDER_IDS_LEN: "dtls.handshake.extensions_status_request_responder_ids_len", "Responder ID list Length", UInt16, Dec;
    EXT_STATUS_REQUEST_EXTS_LEN: "dtls.handshake.extensions_status_request_exts_len", "Request Extensions Length", UInt16, Dec;
    EXT_PADDING_DATA: "dtls.handshake.extensions_padding_data", "Padding Data", Bytes, None, blurb "Must be zero";
    RECORD_SIZE_LIMIT: "dtls.record_size_limit", "Record Size Limit", UInt16, Dec, blurb "Maximum record size that an endpoint is willing to receive";
    EXT_HEARTBEAT_MODE: "dtls.handshake.extension.heartbeat.mode", "Mode", UInt8, Dec, values names::HEARTBEAT_MODES, blurb "Heartbeat extension mode";
    HS_TICKET_LIFETIME_HINT: "dtls.handshake.session_ticket_lifetime_hint", "Session Ticket Lifetime Hint", UInt32, Dec, blurb "New Session Ticket Lifetime Hint";
    HS_TICKET_AGE_ADD: "dtls.handshake.session_ticket_age_add", "Session Ticket Age Add", UInt32, Dec, blurb "Random 32-bit value to obscure age of ticket";
    HS_TICKET_NONCE_LENGTH: "dtls.handshake.session_ticket_nonce_length", "Session Ticket Nonce Length", UInt8, Dec;
    HS_TICKET_NONCE: "dtls.handshake.session_ticket_nonce", "Session Ticket Nonce", Bytes, None, blurb "A unique per-ticket value";
    HS_TICKET_LENGTH: "dtls.handshake.session_ticket_length", "Session Ticket Length", UInt16, Dec, blurb "New Session Ticket Length";
    HS_TICKET: "dtls.handshake.session_ticket", "Session Ticket", Bytes, None, blurb "New Session Ticket";
    HS_CERTIFICATES_LENGTH: "dtls.handshake.certificates_length", "Certificates Length", UInt24, Dec, blurb "Length of certificates field";
    HS_CERTIFICATES: "dtls.handshake.certificates", "Certificates", None, None, blurb "List of certificates";
    HS_CERTIFICATE_LENGTH: "dtls.handshake.certificate_length", "Certificate Length", UInt24, Dec, blurb "Length of certificate";
    HS_CERTIFICATE: "dtls.handshake.certificate", "Certificate", Bytes, None;
    HS_CERT_REQUEST_CONTEXT_LENGTH: "dtls.handshake.certificate_request_context_length", "Certificate Request Context Length", UInt8, Dec;
    HS_CERT_REQUEST_CONTEXT: "dtls.handshake.certificate_request_context", "Certificate Request Context", Bytes, None, blurb "Value from CertificateRequest or empty for server auth";
    HS_SERVER_CURVE_TYPE: "dtls.handshake.server_curve_type", "Curve Type", UInt8, Hex, values names::CURVE_TYPES, blurb "Server curve_type";
    HS_SERVER_NAMED_CURVE: "dtls.handshake.server_named_curve", "Named Curve", UInt16, Hex, values names::GROUPS, blurb "Server named_curve";
    HS_SERVER_POINT_LEN: "dtls.handshake.server_point_len", "Pubkey Length", UInt8, Dec, blurb "Length of server's EC Diffie-Hellman public key";
    HS_SERVER_POINT: "dtls.handshake.server_point", "Pubkey", Bytes, None, blurb "EC Diffie-Hellman server pubkey";
    HS_CLIENT_POINT_LEN: "dtls.handshake.client_point_len", "Pubkey Length", UInt8, Dec, blurb "Length of client's EC Diffie-Hellman public key";
    HS_CLIENT_POINT: "dtls.handshake.client_point", "Pubkey", Bytes, None, blurb "EC Diffie-Hellman client pubkey";
    HS_EPMS_LEN: "dtls.handshake.epms_len", "Encrypted PreMaster length", UInt16, Dec, blurb "Length of encrypted PreMaster secret";
    HS_EPMS: "dtls.handshake.epms", "Encrypted PreMaster", Bytes, None, blurb "Encrypted PreMaster secret";
    HS_SIG_LEN: "dtls.handshake.sig_len", "Signature Length", UInt16, Dec, blurb "Length of Signature";
    HS_SIG: "dtls.handshake.sig", "Signature", Bytes, None, blurb "Diffie-Hellman server signature";
    HS_P_LEN: "dtls.handshake.p_len", "p Length", UInt16, Dec, blurb "Length of p";
    HS_G_LEN: "dtls.handshake.g_len", "g Length", UInt16, Dec, blurb "Length of g";
    HS_YS_LEN: "dtls.handshake.ys_len", "Pubkey Length", UInt16, Dec, blurb "Length of server's Diffie-Hellman public key";
    HS_P: "dtls.handshake.p", "p", Bytes, None, blurb "Diffie-Hellman p";
    HS_G: "dtls.handshake.g", "g", Bytes, None, blurb "Diffie-Hellman g";
    HS_YS: "dtls.handshake.ys", "Pubkey", Bytes, None, blurb "Diffie-Hellman server pubkey";
    HS_CERT_TYPES_COUNT: "dtls.handshake.cert_types_count", "Certificate types count", UInt8, Dec, blurb "Count of certificate types";
    HS_CERT_TYPES: "dtls.handshake.cert_types", "Certificate types", None, None, blurb "List of certificate types";
    HS_CERT_TYPE: "dtls.handshake.cert_type", "Certificate type", UInt8, Dec, values names::CERTIFICATE_TYPES;
    HS_DNAMES_LEN: "dtls.handshake.dnames_len", "Distinguished Names Length", UInt16, Dec, blurb "Length of list of CAs that server trusts";
    HS_DNAMES: "dtls.handshake.dnames", "Distinguished Names", None, None, blurb "List of CAs that server trusts";
    HS_DNAME_LEN: "dtls.handshake.dname_len", "Distinguished Name Length", UInt16, Dec, blurb "Length of distinguished name";
    HS_DNAME: "dtls.handshake.dname", "Distinguished Name", None, None, blurb "Distinguished name of a CA that server trusts";
    HS_VERIFY_DATA: "dtls.handshake.verify_data", "Verify Data", None, None, blurb "Opaque verification data";
    HS_CERT_VERIFY_SIG_LEN: "dtls.handshake.client_cert_vrfy.sig_len", "Signature length", UInt16, Dec, blurb "Length of CertificateVerify's signature";
    HS_CERT_VERIFY_SIG: "dtls.handshake.client_cert_vrfy.sig", "Signature", Bytes, None, blurb "CertificateVerify's signature";
    HS_JA3_FULL: "dtls.handshake.ja3_full", "JA3 Fullstring", String, None;
    HS_JA3: "dtls.handshake.ja3", "JA3", String, None;
    HS_JA3S_FULL: "dtls.handshake.ja3s_full", "JA3S Fullstring", String, None;
    HS_JA3S: "dtls.handshake.ja3s", "JA3S", String, None;
    MALFORMED_BUFFER_TOO_SMALL: "dtls.malformed.buffer_too_small", "Malformed message, not enough data is available", None, None;
    MALFORMED_VECTOR_LENGTH: "dtls.malformed.vector_length", "Variable vector length is outside the permitted range", None, None;
}

/// tshark 4.0's DTLS UDP ports (`tshark -G decodes | grep -w dtls`).
pub const UDP_PORTS: &[u16] = &[853, 2221, 5684, 5868];

/// What tshark names the protocol of application data on each DTLS port (`dtls.port`), shown
/// though the data stays encrypted.
const APP_PROTOCOLS: &[(u16, &str)] = &[
    (853, "Domain Name System"),
    (2221, "Common Industrial Protocol, I/O"),
    (5684, "Constrained Application Protocol"),
    (5868, "Diameter Protocol"),
];

/// Associations whose state is kept; past this the table starts afresh.
const MAX_ASSOCIATIONS: usize = 4096;

/// The TLS conversation table is keyed by TCP stream; DTLS associations take keys with this bit set.
const KEY_BIT: u32 = 0x8000_0000;

const HANDSHAKE_TYPE: u8 = 22;
const CONNECTION_ID: u8 = 25;

/// DTLS state of the run: a number per UDP association (the key of its TLS state).
#[derive(Debug, Default)]
pub struct State {
    associations: std::collections::HashMap<ConversationKey, u32>,
    next: u32,
}

/// The TLS version a DTLS version is based on (RFC 6347 §4.1), by which the shared handshake code
/// reads the messages.
pub fn tls_version_of(v: u16) -> u16 {
    match v {
        0xfeff | 0x0100 => 0x0302,
        0xfefd => 0x0303,
        0xfefc => 0x0304,
        other => other,
    }
}

/// The name tshark gives a DTLS version in the Protocol column and the record labels.
pub(crate) fn short_name(v: u16) -> &'static str {
    match v {
        0xfeff => "DTLSv1.0",
        0xfefd => "DTLSv1.2",
        0x0100 => "DTLS 1.0 (OpenSSL pre 0.9.8f)",
        _ => "DTLS",
    }
}

fn known_version(v: u16) -> bool {
    matches!(v, 0xfeff | 0xfefd | 0x0100)
}

/// The map from TLS's fields to DTLS's, built once from both tables by name (`tls.X` → `dtls.X`).
fn redirect() -> &'static FieldRedirect {
    static MAP: OnceLock<FieldRedirect> = OnceLock::new();
    MAP.get_or_init(|| {
        let to = tls::PROTOCOL
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if i == 0 {
                    return Some(PROTOCOL_FIELD);
                }
                let name = f.abbrev.strip_prefix("tls.")?;
                PROTOCOL
                    .fields
                    .iter()
                    .position(|d| d.abbrev.strip_prefix("dtls.") == Some(name))
                    .map(|j| fields::FieldId::new(DTLS, j as u16))
            })
            .collect();
        FieldRedirect { from: tls::TLS, to }
    })
}

/// Whether a UDP payload looks like DTLS to tshark 4.0's heuristic: records that follow one another
/// by their lengths to exactly `reported` bytes (the datagram's payload as sent), each of a content
/// type from 20 to 25 and a DTLS version. `payload` holds the bytes captured: a record header
/// the capture cut is taken on what was captured of it (at least the first record's type and
/// version).
pub fn looks_like_dtls(payload: &[u8], reported: usize) -> bool {
    let valid =
        |b: &[u8]| (20..=25).contains(&b[0]) && known_version(u16::from_be_bytes([b[1], b[2]]));
    // The first record's type and version must have been captured; past them, a header the
    // capture cut is taken on trust, one the datagram cuts is not.
    if payload.len() < 3 || reported < 13 || !valid(payload) {
        return false;
    }
    let mut at = 0;
    while at < reported {
        if at >= payload.len() {
            return true;
        }
        if reported - at < 13 {
            return false;
        }
        let Some(rest) = payload.get(at..).filter(|r| r.len() >= 13) else {
            return true;
        };
        if !valid(rest) {
            return false;
        }
        at += 13 + u16::from_be_bytes([rest[11], rest[12]]) as usize;
    }
    at == reported
}

/// Dissects a DTLS datagram's payload, `data[offset..]` (a UDP port's or the heuristic's).
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let end = data.len();
    if offset >= end {
        return 0;
    }
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "dtls", "DTLS", offset, end - offset);
    cx.set_info(format_args!(""));
    let key = association(cx);
    // The second pass starts from the version the first pass ended with, as tshark's session
    // (kept across its passes) does.
    let known = match &cx.state.pass {
        crate::Pass::Second(l) => l.tls_versions.get(&key).copied(),
        _ => None,
    };
    {
        let conv = cx.state.tls.conversation(key);
        conv.dtls = true;
        if conv.dtls_version.is_none()
            && let Some(v) = known
        {
            conv.dtls_version = Some(v);
            conv.version = Some(tls_version_of(v));
        }
    }
    let dir = direction(cx, key);
    let previous = cx.tree.set_redirect(Some(redirect()));
    let was_in_dtls = std::mem::replace(&mut cx.state.tls.in_dtls, true);
    let mut at = offset;
    while at < end {
        let rest = &data[at..];
        let header_ok = rest.len() >= 3
            && (20..=25).contains(&rest[0])
            && known_version(u16::from_be_bytes([rest[1], rest[2]]));
        if rest.len() < 3 && cx.lost_to_snaplen(end) {
            // A header of which too little was captured to tell whether it is one.
            cut(cx, end);
            break;
        }
        if !header_ok {
            cx.set_protocol("DTLS");
            tls::append_info(cx, format_args!("Continuation Data"));
            break;
        }
        match record(cx, data, at, top, key, dir) {
            Some(next) => at = next,
            None => break,
        }
        if at == end && cx.lost_to_snaplen(end) && cx.reported_from(data, offset) > end - offset {
            // The next record's header was sent but not captured.
            cut(cx, end);
        }
    }
    cx.tree.set_redirect(previous);
    cx.state.tls.in_dtls = was_in_dtls;
    end - offset
}

/// The key of the datagram's association in the TLS conversation table.
fn association(cx: &mut Cx) -> u32 {
    let (Some(net), Some((sport, dport, _))) = (cx.net, cx.transport) else {
        return KEY_BIT;
    };
    let (key, _) = ConversationKey::of(
        Endpoint {
            addr: net.src,
            port: sport,
        },
        Endpoint {
            addr: net.dst,
            port: dport,
        },
    );
    let state = &mut cx.state.dtls;
    if state.associations.len() >= MAX_ASSOCIATIONS && !state.associations.contains_key(&key) {
        state.associations.clear();
    }
    let next = &mut state.next;
    let n = *state.associations.entry(key).or_insert_with(|| {
        let n = *next;
        *next = next.wrapping_add(1) & !KEY_BIT;
        n
    });
    KEY_BIT | n
}

/// 0 from client to server, 1 back: the side a ClientHello came from is the client's; before one,
/// the side on a DTLS port is the server's.
fn direction(cx: &mut Cx, key: u32) -> usize {
    let Some((sport, dport, _)) = cx.transport else {
        return 0;
    };
    match cx.state.tls.conversation(key).client_port {
        Some(c) if c == sport && c != dport => 0,
        Some(c) if c == dport && c != sport => 1,
        _ => usize::from(UDP_PORTS.contains(&sport) && !UDP_PORTS.contains(&dport)),
    }
}

/// Reports bytes missing where the dissection stopped: lost to the snapshot length, or absent.
fn cut(cx: &mut Cx, end: usize) {
    if cx.lost_to_snaplen(end) {
        cx.short(end, "DTLS truncated");
    } else {
        cx.malformed(end, "DTLS");
    }
}

/// One record at `offset` (its type and version are DTLS's). Returns where the next one starts, or
/// `None` when the dissection ends here.
fn record(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    top: ItemIdx,
    key: u32,
    dir: usize,
) -> Option<usize> {
    let end = data.len();
    // tshark reads the whole header before it shows any of it.
    let (Some(epoch), Some(seq_hi), Some(seq_lo), Some(length)) = (
        read::be16(data, offset + 3),
        read::be16(data, offset + 5),
        read::be32(data, offset + 7),
        read::be16(data, offset + 11),
    ) else {
        cut(cx, end);
        return None;
    };
    let content_type = data[offset];
    let version = u16::from_be_bytes([data[offset + 1], data[offset + 2]]);
    let seq = ((seq_hi as u64) << 32) | seq_lo as u64;
    let length = length as usize;
    let body = offset + 13;
    let sent_end = body + length;
    let body_end = sent_end.min(end);
    let rec = cx
        .tree
        .add(top, tls::RECORD, offset, body_end - offset, Value::None);
    if content_type == CONNECTION_ID {
        cx.uint(rec, RECORD_SPECIAL_TYPE, offset, 1, content_type as u64);
    } else {
        cx.uint(
            rec,
            tls::RECORD_CONTENT_TYPE,
            offset,
            1,
            content_type as u64,
        );
    }
    cx.uint(rec, tls::RECORD_VERSION, offset + 1, 2, version as u64);
    cx.uint(rec, RECORD_EPOCH, offset + 3, 2, epoch as u64);
    cx.uint(rec, RECORD_SEQUENCE_NUMBER, offset + 5, 6, seq);
    if content_type == CONNECTION_ID {
        // Without the negotiated connection id's length, tshark reads none.
        let it = cx
            .tree
            .add(rec, RECORD_CONNECTION_ID, offset + 11, 0, Value::Bytes);
        cx.tree
            .set_label(it, format_args!("Connection ID: <MISSING>"));
    }
    cx.uint(rec, tls::RECORD_LENGTH, offset + 11, 2, length as u64);
    // tshark cuts the record's body out before reading it: a body of which nothing was captured,
    // or an empty one at the end of the datagram, ends the dissection there.
    if body >= end {
        cut(cx, end);
        return None;
    }
    // Until a version is known, any record but a ClientHello tells it.
    if cx.state.tls.conversation(key).dtls_version.is_none()
        && (content_type != HANDSHAKE_TYPE
            || data.get(body).is_some_and(|&t| {
                t != 1 && !tls::name_or(names::HANDSHAKE_TYPES, t as u64, "").is_empty()
            }))
    {
        tls::set_version(cx, key, version);
    }
    let shown = cx.state.tls.conversation(key).dtls_version;
    // tshark names the protocol by the version known when it starts on a record's body.
    cx.set_protocol(shown.map_or("DTLS", short_name));
    // Encrypted content is shown as one item that reads none of its bytes, and so meets no byte
    // the capture cut.
    let mut reads = true;
    let mut stopped = false;
    let summary = match content_type {
        HANDSHAKE_TYPE => {
            let (summary, cut_reported) = handshake(cx, data, body, sent_end, rec, key, dir);
            stopped = cut_reported;
            reads = summary.is_some();
            summary
        }
        23 => Some(application_data(cx, data, body, sent_end, rec, dir)),
        24 => Some(heartbeat(cx, data, body, body_end, rec)),
        CONNECTION_ID => {
            tls::append_info(cx, format_args!("Connection ID"));
            cx.tree
                .add(rec, ENC_CONTENT, body, body_end - body, Value::Bytes);
            Some("Connection ID".to_owned())
        }
        21 if length != 2 && body + 2 > end => {
            // tshark reads an alert's first two bytes before it tells it is encrypted.
            cx.tree
                .add(rec, tls::ALERT_MESSAGE, body, body_end - body, Value::None);
            stopped = true;
            cut(cx, end);
            None
        }
        _ => Some(tls::dissect_plaintext(
            cx,
            &data[..body_end],
            body,
            sent_end,
            rec,
            content_type,
            // Without keys, tshark reads what a record's content looks like (an alert of other
            // than two bytes is an encrypted one), whatever its epoch.
            false,
            key,
            dir,
        )),
    };
    if let Some(summary) = &summary
        && rec.is_stored()
    {
        let name = shown.map_or("DTLS", short_name);
        cx.tree
            .set_label(rec, format_args!("{name} Record Layer: {summary}"));
    }
    if stopped {
        return None;
    }
    if sent_end > end {
        if reads && (content_type != 21 || length == 2) {
            cut(cx, end);
        }
        return None;
    }
    Some(sent_end)
}

/// An application data record: its bytes, and the protocol the server's port says they are.
fn application_data(
    cx: &mut Cx,
    data: &[u8],
    body: usize,
    sent_end: usize,
    rec: ItemIdx,
    dir: usize,
) -> String {
    tls::append_info(cx, format_args!("Application Data"));
    let server_port = cx.transport.map(|(s, d, _)| if dir == 0 { d } else { s });
    let app = APP_PROTOCOLS
        .iter()
        .find(|(p, _)| Some(*p) == server_port)
        .or_else(|| {
            // Before a ClientHello told the sides apart: the port that is DTLS's.
            let (s, d, _) = cx.transport?;
            APP_PROTOCOLS.iter().find(|(p, _)| *p == s || *p == d)
        })
        .map(|(_, n)| *n);
    let summary = format!(
        "Application Data Protocol: {}",
        app.unwrap_or("Application Data")
    );
    if sent_end <= data.len() {
        cx.tree
            .add(rec, tls::APP_DATA, body, sent_end - body, Value::Bytes);
        if let Some(name) = app
            && cx.tree.wants(tls::APP_DATA_PROTO)
        {
            let value = cx.tree.text_value(name);
            cx.tree
                .add_generated(rec, tls::APP_DATA_PROTO, body - 13, 0, value);
        }
    }
    summary
}

/// How DTLS shows a handshake message put together from its fragments.
static FRAGMENT_FIELDS: crate::reassembly::FragmentFields = crate::reassembly::FragmentFields {
    name: "Message",
    noun: "fragments",
    source_name: "Reassembled DTLS",
    fragments: FRAGMENTS,
    fragments_are_bytes: false,
    fragment: FRAGMENT,
    error: FRAGMENT_ERROR,
    overlap: FRAGMENT_OVERLAP,
    overlap_conflict: FRAGMENT_OVERLAP_CONFLICTS,
    multiple_tails: FRAGMENT_MULTIPLE_TAILS,
    too_long: FRAGMENT_TOO_LONG_FRAGMENT,
    count: FRAGMENT_COUNT,
    reassembled_length: REASSEMBLED_LENGTH,
    reassembled_data: None,
};

/// The handshake messages of a record body `data[body..]` (the record ends at `sent_end` as sent).
/// Returns the record's summary ("Handshake Protocol: Client Hello (Fragment)"), or `None` when the
/// record keeps tshark's plain label (encrypted content, a header not captured), and whether the
/// dissection stopped at bytes missing (reported already).
fn handshake(
    cx: &mut Cx,
    data: &[u8],
    body: usize,
    sent_end: usize,
    rec: ItemIdx,
    key: u32,
    dir: usize,
) -> (Option<String>, bool) {
    let end = data.len();
    let record_end = sent_end.min(end);
    let mut at = body;
    let mut names_seen: Vec<String> = Vec::new();
    let mut stopped = false;
    while at < record_end {
        let first = names_seen.is_empty();
        let kind = data[at];
        let name = tls::name_or(names::HANDSHAKE_TYPES, kind as u64, "");
        if !first && (name.is_empty() || at + 12 > sent_end) {
            break;
        }
        if at + 12 <= sent_end && at + 12 > end {
            // A header the capture cut: tshark reads it whole before anything else, and shows
            // the message's plain item, then the cut.
            cx.tree.add(rec, tls::HANDSHAKE, at, end - at, Value::None);
            cut(cx, end);
            stopped = true;
            break;
        }
        if name.is_empty() {
            encrypted(cx, rec, at, record_end);
            return (None, false);
        }
        if at + 12 > sent_end {
            // A header the record has no room for: the message's plain item, then the error.
            cx.tree
                .add(rec, tls::HANDSHAKE, at, record_end - at, Value::None);
            cut(cx, end);
            return (None, true);
        }
        let length = read::be24(data, at + 1).unwrap_or(0) as usize;
        let message_seq = read::be16(data, at + 4).unwrap_or(0);
        let frag_off = read::be24(data, at + 6).unwrap_or(0) as usize;
        let frag_len = read::be24(data, at + 9).unwrap_or(0) as usize;
        let frag_start = at + 12;
        let frag_end_sent = frag_start + frag_len;
        // A first message whose fragment runs past its record is taken for an encrypted one.
        if frag_end_sent > sent_end {
            if first {
                encrypted(cx, rec, at, record_end);
                return (None, false);
            }
            break;
        }
        let frag_end = frag_end_sent.min(end);
        let hs = cx
            .tree
            .add(rec, tls::HANDSHAKE, at, frag_end - at, Value::None);
        cx.uint(hs, tls::HS_TYPE, at, 1, kind as u64);
        cx.uint(hs, tls::HS_LENGTH, at + 1, 3, length as u64);
        cx.uint(hs, HS_MESSAGE_SEQ, at + 4, 2, message_seq as u64);
        cx.uint(hs, HS_FRAGMENT_OFFSET, at + 6, 3, frag_off as u64);
        let fl = cx.uint(hs, HS_FRAGMENT_LENGTH, at + 9, 3, frag_len as u64);
        let past_end = frag_off + frag_len > length;
        if past_end {
            cx.expert(
                fl,
                FRAGMENT_PAST_END_MSG,
                Severity::Error,
                Group::Protocol,
                format_args!("Fragment runs past the end of the message"),
            );
        }
        let fragmented = frag_off > 0 || frag_len < length;
        let mut shown = name.to_owned();
        if past_end {
            // Neither dissected nor kept for reassembly.
            cx.tree
                .set_label(hs, format_args!("Handshake Protocol: {shown}"));
            tls::append_info(cx, format_args!("{shown}"));
        } else if !fragmented {
            cx.tree
                .set_label(hs, format_args!("Handshake Protocol: {shown}"));
            tls::append_info(cx, format_args!("{shown}"));
            if frag_end < frag_end_sent {
                // tshark reads no part of a message the capture cut.
                names_seen.push(shown);
                cut(cx, end);
                stopped = true;
                break;
            }
            let mut r = tls::handshake::Reader {
                data,
                at: frag_start,
                end: frag_end_sent,
            };
            if tls::handshake::message_body(cx, kind, &mut r, hs, key, dir).is_none() {
                cut(cx, end);
                names_seen.push(shown);
                stopped = true;
                break;
            }
        } else {
            if frag_end < frag_end_sent {
                // The fragment's bytes are read before the message is named.
                tls::append_info(cx, format_args!("{shown}"));
                cut(cx, end);
                stopped = true;
                break;
            }
            let whole = {
                let frag_key = crate::reassembly::FragKey::Message {
                    protocol: "dtls",
                    stream: key,
                    id: ((dir as u64) << 32) | message_seq as u64,
                };
                let frame = cx.meta.number;
                let more = frag_off + frag_len < length;
                let r = cx.state.fragments.add_completing_at_tail(
                    frag_key,
                    frame,
                    frag_off,
                    &data[frag_start..frag_end],
                    more,
                );
                if let Some(r) = &r {
                    crate::reassembly::completed(cx, frag_key, r);
                }
                r
            };
            match whole {
                Some(whole) => {
                    shown.push_str(" (Reassembled)");
                    cx.tree
                        .set_label(hs, format_args!("Handshake Protocol: {shown}"));
                    tls::append_info(cx, format_args!("{shown}"));
                    let source = cx.tree.add_source("Reassembled DTLS", &whole.data);
                    let previous = cx.tree.set_current_source(source);
                    let mut r = tls::handshake::Reader {
                        data: &whole.data,
                        at: 0,
                        end: whole.data.len(),
                    };
                    let ok = tls::handshake::message_body(cx, kind, &mut r, hs, key, dir);
                    cx.tree.set_current_source(previous);
                    crate::reassembly::show_in(cx, rec, &FRAGMENT_FIELDS, &whole, source);
                    if ok.is_none() {
                        cx.malformed(end, "DTLS");
                        names_seen.push(shown);
                        stopped = true;
                        break;
                    }
                }
                None => {
                    shown.push_str(" (Fragment)");
                    cx.tree
                        .set_label(hs, format_args!("Handshake Protocol: {shown}"));
                    tls::append_info(cx, format_args!("{shown}"));
                }
            }
        }
        names_seen.push(shown);
        if frag_end < frag_end_sent {
            cut(cx, end);
            stopped = true;
            break;
        }
        at = frag_end_sent;
    }
    let summary = match names_seen.len() {
        0 => return (None, stopped),
        1 => names_seen.pop().unwrap_or_default(),
        _ => "Multiple Handshake Messages".to_owned(),
    };
    (Some(format!("Handshake Protocol: {summary}")), stopped)
}

/// A handshake record that cannot be read: one plain "Handshake Protocol" item over its bytes.
fn encrypted(cx: &mut Cx, rec: ItemIdx, at: usize, end: usize) {
    cx.tree.add(rec, tls::HANDSHAKE, at, end - at, Value::None);
    tls::append_info(cx, format_args!("Encrypted Handshake Message"));
}

/// A heartbeat message (RFC 6520) in the clear, with DTLS's labels: "Heartbeat Request", the
/// payload and the padding by their sizes.
fn heartbeat(cx: &mut Cx, data: &[u8], body: usize, end: usize, rec: ItemIdx) -> String {
    let hb = cx
        .tree
        .add(rec, tls::HEARTBEAT_MESSAGE, body, end - body, Value::None);
    let (Some(kind), Some(len)) = (
        read::u8(&data[..end], body),
        read::be16(&data[..end], body + 1),
    ) else {
        cx.malformed(end, "DTLS");
        return "Heartbeat".to_owned();
    };
    cx.uint(hb, tls::HEARTBEAT_MESSAGE_TYPE, body, 1, kind as u64);
    cx.uint(
        hb,
        tls::HEARTBEAT_MESSAGE_PAYLOAD_LENGTH,
        body + 1,
        2,
        len as u64,
    );
    let p = body + 3;
    let p_end = (p + len as usize).min(end);
    for (field, at, n, what) in [
        (tls::HEARTBEAT_MESSAGE_PAYLOAD, p, p_end - p, "Payload"),
        (
            tls::HEARTBEAT_MESSAGE_PADDING,
            p_end,
            end - p_end,
            "Padding and HMAC",
        ),
    ] {
        let it = cx.tree.add(hb, field, at, n, Value::Bytes);
        cx.tree.set_label(
            it,
            format_args!("{what} ({n} {})", crate::cx::bytes_word(n)),
        );
    }
    let name = tls::name_or(names::HEARTBEAT_TYPES, kind as u64, "Unknown");
    tls::append_info(cx, format_args!("Heartbeat {name}"));
    format!("Heartbeat {name}")
}

#[cfg(test)]
mod heuristic_tests {
    use super::looks_like_dtls;

    fn record(ct: u8, version: u16, len: u16, body: usize) -> Vec<u8> {
        let mut r = vec![ct];
        r.extend(version.to_be_bytes());
        r.extend([0, 1, 0, 0, 0, 0, 0, 0]);
        r.extend(len.to_be_bytes());
        r.extend(std::iter::repeat_n(b'x', body));
        r
    }

    /// tshark 4.0's answers for datagrams on a port no protocol takes (crafted, see
    /// scripts/make-dtls-cases.py): (payload, bytes captured of it, taken).
    #[test]
    fn datagrams_tshark_takes_for_dtls() {
        let app = record(23, 0xfefd, 20, 20);
        let two = [app.clone(), app.clone()].concat();
        let mut junk12 = app.clone();
        junk12.extend([0x17; 12]);
        let cases: Vec<(Vec<u8>, usize, bool)> = vec![
            (app.clone(), 33, true),
            (record(20, 0xfefd, 1, 1), 14, true),
            (record(25, 0xfefd, 3, 3), 16, true),
            (record(19, 0xfefd, 3, 3), 16, false),
            (record(23, 0xfeff, 20, 20), 33, true),
            (record(23, 0x0100, 20, 20), 33, true),
            (record(23, 0xfefc, 20, 20), 33, false),
            (record(23, 0x0303, 20, 20), 33, false),
            (record(23, 0xfefd, 30, 20), 33, false),
            (record(23, 0xfefd, 10, 20), 33, false),
            (record(23, 0xfefd, 0, 0), 13, true),
            (two.clone(), 66, true),
            (junk12, 45, false),
            (app[..10].to_vec(), 10, false),
            // Cut by the snapshot length: what was not captured is not held against it.
            (two.clone(), 38, true),
            (two.clone(), 34, true),
            (two.clone(), 13, true),
            (two.clone(), 5, true),
            (two.clone(), 2, false),
            (record(23, 0xfefd, 10, 20), 20, true),
            (record(23, 0xfefd, 30, 20), 20, false),
        ];
        for (payload, captured, taken) in cases {
            assert_eq!(
                looks_like_dtls(&payload[..captured], payload.len()),
                taken,
                "{payload:02x?} captured {captured}"
            );
        }
    }
}
