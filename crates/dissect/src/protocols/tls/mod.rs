//! TLS (RFC 5246, RFC 8446) and SSLv2-compatible hellos over TCP, as tshark 4.0 shows them without
//! keys: the record layer, handshake messages with their extensions, ChangeCipherSpec, alerts,
//! heartbeats and (encrypted) application data.
//!
//! What tshark 4.0 does, and so what this does (checked with `-V` and `-T fields` on the corpus):
//! - TCP cuts the stream into records ([`STREAM`]); a record that spans segments is shown on the frame
//!   that completes it. `tls` is listed in `frame.protocols` once per run of records, and on a segment
//!   that starts a record it cannot finish (TLS was called and asked for more), not on segments that
//!   only continue one.
//! - Info lists each record's messages joined with ", ": "Client Hello", "Change Cipher Spec",
//!   "Encrypted Handshake Message" (a handshake record after the direction's ChangeCipherSpec),
//!   "Application Data", "Alert (Level: Fatal, Description: Handshake Failure)", "Encrypted Alert".
//!   Bytes that are not a record (after a gap) are "Continuation Data".
//! - The Protocol column names the version the server chose once its ServerHello was seen (a
//!   supported_versions extension overrides the legacy version), else the record's version.
//! - Once TLS 1.3 was chosen, application data records carry `tls.record.opaque_type` rather than
//!   `tls.record.content_type`.
//!
//! With a key log ([`State::add_key_log`]), protected records are decrypted (see [`decrypt`]) and their
//! plaintext, a new data source "Decrypted TLS", is dissected by the same code as records in the clear
//! ([`dissect_plaintext`]); decrypted application data goes to the protocol the ALPN or the server's
//! port names (tshark's `tls.port` table), its PDUs put together across records as TCP puts them
//! together across segments ("[TLS segment of a reassembled PDU]", `tls.segments`).

mod decrypt;
mod extensions;
mod fingerprint;
mod sct;
pub(crate) use sct::sct_list;
pub(crate) mod handshake;
pub mod names;
#[cfg(test)]
mod snaplen_tests;

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity, read};
use crate::flow::stream::{PduLength, StreamProtocol};

fields::declare_protocol! {
    proto TLS = super::ids::TLS, "Transport Layer Security", "TLS", "tls";
    RECORD: "tls.record", "Record Layer", None, None;
    RECORD_CONTENT_TYPE: "tls.record.content_type", "Content Type", UInt8, Dec, values names::CONTENT_TYPES;
    RECORD_OPAQUE_TYPE: "tls.record.opaque_type", "Opaque Type", UInt8, Dec, values names::CONTENT_TYPES, blurb "Always set to value 23, actual content type is known after decryption";
    RECORD_VERSION: "tls.record.version", "Version", UInt16, Hex, values names::VERSIONS, blurb "Record layer version";
    RECORD_LENGTH: "tls.record.length", "Length", UInt16, Dec, blurb "Length of TLS record data";
    APP_DATA: "tls.app_data", "Encrypted Application Data", Bytes, None, blurb "Payload is encrypted application data";
    APP_DATA_PROTO: "tls.app_data_proto", "Application Data Protocol", String, None;
    SEGMENT_DATA: "tls.segment.data", "TLS segment data", Bytes, None, blurb "A segment of a PDU reassembled from several records";
    SEGMENT_OVERLAP: "tls.segment.overlap", "Segment overlap", Boolean, Bits(0);
    SEGMENT_OVERLAP_CONFLICT: "tls.segment.overlap.conflict", "Conflicting data in segment overlap", Boolean, Bits(0);
    SEGMENT_MULTIPLETAILS: "tls.segment.multipletails", "Multiple tail segments found", Boolean, Bits(0);
    SEGMENT_TOOLONGFRAGMENT: "tls.segment.toolongfragment", "Segment too long", Boolean, Bits(0);
    SEGMENT_ERROR: "tls.segment.error", "Reassembling error", FrameNum, None;
    SEGMENT_COUNT: "tls.segment.count", "Segment count", UInt32, Dec;
    SEGMENT: "tls.segment", "TLS segment", FrameNum, None;
    SEGMENTS: "tls.segments", "Reassembled TLS segments", None, None;
    REASSEMBLED_IN: "tls.reassembled_in", "Reassembled PDU in frame", FrameNum, None;
    REASSEMBLED_LENGTH: "tls.reassembled.length", "Reassembled PDU length", UInt32, Dec;
    REASSEMBLED_DATA: "tls.reassembled.data", "Reassembled PDU data", Bytes, None;
    NOT_DECRYPTED: "tls.not_decrypted", "Record not decrypted", None, None, blurb "A key log was given but this connection's protected records could not be decrypted";
    CHANGE_CIPHER_SPEC: "tls.change_cipher_spec", "Change Cipher Spec Message", None, None, blurb "Signals a change in cipher specifications";
    ALERT_MESSAGE: "tls.alert_message", "Alert Message", None, None;
    ALERT_MESSAGE_LEVEL: "tls.alert_message.level", "Level", UInt8, Dec, values names::ALERT_LEVELS, blurb "Alert message level";
    ALERT_MESSAGE_DESC: "tls.alert_message.desc", "Description", UInt8, Dec, values names::ALERT_DESCRIPTIONS, blurb "Alert message description";
    HEARTBEAT_MESSAGE: "tls.heartbeat_message", "Heartbeat Message", None, None;
    HEARTBEAT_MESSAGE_TYPE: "tls.heartbeat_message.type", "Type", UInt8, Dec, values names::HEARTBEAT_TYPES, blurb "Heartbeat message type";
    HEARTBEAT_MESSAGE_PAYLOAD_LENGTH: "tls.heartbeat_message.payload_length", "Payload Length", UInt16, Dec;
    HEARTBEAT_MESSAGE_PAYLOAD: "tls.heartbeat_message.payload", "Payload Length", Bytes, None;
    HEARTBEAT_MESSAGE_PADDING: "tls.heartbeat_message.padding", "Payload Length", Bytes, None;
    HANDSHAKE: "tls.handshake", "Handshake Protocol", None, None, blurb "Handshake protocol message";
    HS_TYPE: "tls.handshake.type", "Handshake Type", UInt8, Dec, values names::HANDSHAKE_TYPES, blurb "Type of handshake message";
    HS_LENGTH: "tls.handshake.length", "Length", UInt24, Dec, blurb "Length of handshake message";
    HS_VERSION: "tls.handshake.version", "Version", UInt16, Hex, values names::VERSIONS, blurb "Maximum version supported by client";
    HS_RANDOM: "tls.handshake.random", "Random", Bytes, None, blurb "Random values used for deriving keys";
    HS_RANDOM_TIME: "tls.handshake.random_time", "GMT Unix Time", AbsoluteTime, AbsoluteTimeLocal, blurb "Unix time field of random structure";
    HS_RANDOM_BYTES: "tls.handshake.random_bytes", "Random Bytes", Bytes, None, blurb "Random values used for deriving keys";
    HS_SESSION_ID_LENGTH: "tls.handshake.session_id_length", "Session ID Length", UInt8, Dec, blurb "Length of session ID field";
    HS_SESSION_ID: "tls.handshake.session_id", "Session ID", Bytes, None, blurb "Identifies the SSL session, allowing later resumption";
    HS_CIPHER_SUITES_LENGTH: "tls.handshake.cipher_suites_length", "Cipher Suites Length", UInt16, Dec, blurb "Length of cipher suites field";
    HS_CIPHERSUITES: "tls.handshake.ciphersuites", "Cipher Suites", None, None, blurb "List of cipher suites supported by client";
    HS_CIPHERSUITE: "tls.handshake.ciphersuite", "Cipher Suite", UInt16, Hex, values names::CIPHER_SUITES;
    HS_COMP_METHODS_LENGTH: "tls.handshake.comp_methods_length", "Compression Methods Length", UInt8, Dec, blurb "Length of compression methods field";
    HS_COMP_METHODS: "tls.handshake.comp_methods", "Compression Methods", None, None, blurb "List of compression methods supported by client";
    HS_COMP_METHOD: "tls.handshake.comp_method", "Compression Method", UInt8, Dec, values names::COMPRESSION_METHODS;
    EXT_LENGTH: "tls.handshake.extensions_length", "Extensions Length", UInt16, Dec, blurb "Length of hello extensions";
    EXT_TYPE: "tls.handshake.extension.type", "Type", UInt16, Dec, values names::EXTENSION_TYPES, blurb "Hello extension type";
    EXT_LEN: "tls.handshake.extension.len", "Length", UInt16, Dec, blurb "Length of a hello extension";
    EXT_DATA: "tls.handshake.extension.data", "Data", Bytes, None, blurb "Hello Extension data";
    EXT_SERVER_NAME_LIST_LEN: "tls.handshake.extensions_server_name_list_len", "Server Name list length", UInt16, Dec, blurb "Length of server name list";
    EXT_SERVER_NAME_TYPE: "tls.handshake.extensions_server_name_type", "Server Name Type", UInt8, Dec, values names::SERVER_NAME_TYPES;
    EXT_SERVER_NAME_LEN: "tls.handshake.extensions_server_name_len", "Server Name length", UInt16, Dec, blurb "Length of server name string";
    EXT_SERVER_NAME: "tls.handshake.extensions_server_name", "Server Name", String, None;
    EXT_SUPPORTED_GROUPS_LENGTH: "tls.handshake.extensions_supported_groups_length", "Supported Groups List Length", UInt16, Dec;
    EXT_SUPPORTED_GROUPS: "tls.handshake.extensions_supported_groups", "Supported Groups List", None, None, blurb "List of supported groups (formerly Supported Elliptic Curves)";
    EXT_SUPPORTED_GROUP: "tls.handshake.extensions_supported_group", "Supported Group", UInt16, Hex, values names::GROUPS;
    EXT_EC_POINT_FORMATS_LENGTH: "tls.handshake.extensions_ec_point_formats_length", "EC point formats Length", UInt8, Dec, blurb "Length of elliptic curves point formats field";
    EXT_EC_POINT_FORMATS: "tls.handshake.extensions_ec_point_formats", "EC point formats", None, None, blurb "List of elliptic curves point format";
    EXT_EC_POINT_FORMAT: "tls.handshake.extensions_ec_point_format", "EC point format", UInt8, Dec, values names::EC_POINT_FORMATS, blurb "Elliptic curves point format";
    HS_SIG_HASH_ALG_LEN: "tls.handshake.sig_hash_alg_len", "Signature Hash Algorithms Length", UInt16, Dec, blurb "Length of Signature Hash Algorithms";
    HS_SIG_HASH_ALGS: "tls.handshake.sig_hash_algs", "Signature Algorithms", None, None, blurb "List of supported Signature Algorithms";
    HS_SIG_HASH_ALG: "tls.handshake.sig_hash_alg", "Signature Algorithm", UInt16, Hex, values names::SIGNATURE_SCHEMES;
    HS_SIG_HASH_HASH: "tls.handshake.sig_hash_hash", "Signature Hash Algorithm Hash", UInt8, Dec, values names::HASH_ALGORITHMS, blurb "Hash algorithm (TLS 1.2)";
    HS_SIG_HASH_SIG: "tls.handshake.sig_hash_sig", "Signature Hash Algorithm Signature", UInt8, Dec, values names::SIGNATURE_ALGORITHMS, blurb "Signature algorithm (TLS 1.2)";
    EXT_ALPN_LEN: "tls.handshake.extensions_alpn_len", "ALPN Extension Length", UInt16, Dec, blurb "Length of the ALPN Extension";
    EXT_ALPN_LIST: "tls.handshake.extensions_alpn_list", "ALPN Protocol", None, None;
    EXT_ALPN_STR_LEN: "tls.handshake.extensions_alpn_str_len", "ALPN string length", UInt8, Dec, blurb "Length of ALPN string";
    EXT_ALPN_STR: "tls.handshake.extensions_alpn_str", "ALPN Next Protocol", String, None;
    EXT_SUPPORTED_VERSIONS_LEN: "tls.handshake.extensions.supported_versions_len", "Supported Versions length", UInt8, Dec;
    EXT_SUPPORTED_VERSION: "tls.handshake.extensions.supported_version", "Supported Version", UInt16, Hex, values names::VERSIONS;
    EXT_KEY_SHARE_CLIENT_LENGTH: "tls.handshake.extensions_key_share_client_length", "Client Key Share Length", UInt16, Dec;
    EXT_KEY_SHARE_GROUP: "tls.handshake.extensions_key_share_group", "Group", UInt16, Dec, values names::GROUPS;
    EXT_KEY_SHARE_KEY_EXCHANGE_LENGTH: "tls.handshake.extensions_key_share_key_exchange_length", "Key Exchange Length", UInt16, Dec;
    EXT_KEY_SHARE_KEY_EXCHANGE: "tls.handshake.extensions_key_share_key_exchange", "Key Exchange", Bytes, None;
    EXT_KEY_SHARE_SELECTED_GROUP: "tls.handshake.extensions_key_share_selected_group", "Selected Group", UInt16, Dec, values names::GROUPS;
    EXT_PSK_KE_MODES_LENGTH: "tls.extension.psk_ke_modes_length", "PSK Key Exchange Modes Length", UInt8, Dec;
    EXT_PSK_KE_MODE: "tls.extension.psk_ke_mode", "PSK Key Exchange Mode", UInt8, Dec, values names::PSK_KE_MODES, blurb "Key exchange modes where the client supports use of PSKs";
    EXT_PSK_IDENTITIES_LENGTH: "tls.handshake.extensions.psk.identities.length", "Identities Length", UInt16, Dec;
    EXT_PSK_IDENTITY_LENGTH: "tls.handshake.extensions.psk.identity.identity_length", "Identity Length", UInt16, Dec;
    EXT_PSK_IDENTITY: "tls.handshake.extensions.psk.identity.identity", "Identity", Bytes, None;
    EXT_PSK_TICKET_AGE: "tls.handshake.extensions.psk.identity.obfuscated_ticket_age", "Obfuscated Ticket Age", UInt32, Dec;
    EXT_PSK_BINDERS_LEN: "tls.handshake.extensions.psk.binders_len", "PSK Binders length", UInt16, Dec;
    EXT_PSK_BINDERS: "tls.handshake.extensions.psk.binders", "PSK Binders", None, None;
    EXT_PSK_SELECTED: "tls.handshake.extensions.psk.identity.selected", "Selected Identity", UInt16, Dec;
    EARLY_DATA_MAX_SIZE: "tls.early_data.max_early_data_size", "Maximum Early Data Size", UInt32, Dec, blurb "Maximum amount of 0-RTT data that the client may send";
    EXT_COOKIE_LEN: "tls.handshake.extensions.cookie_len", "Cookie length", UInt16, Dec;
    EXT_COOKIE: "tls.handshake.extensions.cookie", "Cookie", Bytes, None;
    EXT_RENEG_INFO_LEN: "tls.handshake.extensions_reneg_info_len", "Renegotiation info extension length", UInt8, Dec;
    EXT_RENEG_INFO: "tls.handshake.extensions_reneg_info", "Renegotiation info", Bytes, None;
    EXT_ALPS_LEN: "tls.handshake.extensions_alps_len", "ALPS Extension Length", UInt16, Dec, blurb "Length of the ALPS Extension";
    EXT_ALPS_ALPN_LIST: "tls.handshake.extensions_alps_alpn_list", "Supported ALPN List", None, None, blurb "List of supported ALPN by ALPS";
    EXT_ALPS_ALPN_STR_LEN: "tls.handshake.extensions_alps_alpn_str_len", "Supported ALPN Length", UInt8, Dec, blurb "Length of ALPN string";
    EXT_ALPS_ALPN_STR: "tls.handshake.extensions_alps_alpn_str", "Supported ALPN", String, None, blurb "ALPN supported by ALPS";
    EXT_ALPS_SETTINGS: "tls.handshake.extensions_alps.settings", "ALPN Opaque Settings", Bytes, None, blurb "ALPN Opaque Settings";
    COMPRESS_CERTIFICATE_ALGORITHMS_LENGTH: "tls.compress_certificate.algorithms_length", "Algorithms Length", UInt8, Dec;
    COMPRESS_CERTIFICATE_ALGORITHM: "tls.compress_certificate.algorithm", "Algorithm", UInt16, Dec, values names::CERTIFICATE_COMPRESSION_ALGORITHMS;
    SCT_SCTS_LENGTH: "tls.sct.scts_length", "Serialized SCT List Length", UInt16, Dec;
    SCT_SCT_LENGTH: "tls.sct.sct_length", "Serialized SCT Length", UInt16, Dec;
    SCT_SCT_VERSION: "tls.sct.sct_version", "SCT Version", UInt8, Dec, blurb "SCT Protocol version (v1 (0) is defined in RFC 6962)";
    SCT_SCT_LOGID: "tls.sct.sct_logid", "Log ID", Bytes, None, blurb "SHA-256 hash of log's public key";
    SCT_SCT_TIMESTAMP: "tls.sct.sct_timestamp", "Timestamp", AbsoluteTime, AbsoluteTimeUtc, blurb "Timestamp of issuance";
    SCT_SCT_EXTENSIONS_LENGTH: "tls.sct.sct_extensions_length", "Extensions length", UInt16, Dec, blurb "Length of future extensions to this protocol (currently none)";
    SCT_SCT_EXTENSIONS: "tls.sct.sct_extensions", "Extensions", None, None, blurb "Future extensions to this protocol (currently none)";
    SCT_SCT_SIGNATURE_LENGTH: "tls.sct.sct_signature_length", "Signature Length", UInt16, Dec;
    SCT_SCT_SIGNATURE: "tls.sct.sct_signature", "Signature", Bytes, None;
    EXT_STATUS_REQUEST_LIST_LEN: "tls.handshake.extensions_status_request_list_len", "Certificate Status List Length", UInt16, Dec, blurb "CertificateStatusRequestItemV2 list length";
    EXT_STATUS_REQUEST_LEN: "tls.handshake.extensions_status_request_len", "Certificate Status Length", UInt16, Dec;
    EXT_STATUS_REQUEST_TYPE: "tls.handshake.extensions_status_request_type", "Certificate Status Type", UInt8, Dec, values names::STATUS_REQUEST_TYPES;
    EXT_STATUS_REQUEST_RESPONDER_IDS_LEN: "tls.handshake.extensions_status_request_responder_ids_len", "Responder ID list Length", UInt16, Dec;
    EXT_STATUS_REQUEST_EXTS_LEN: "tls.handshake.extensions_status_request_exts_len", "Request Extensions Length", UInt16, Dec;
    EXT_PADDING_DATA: "tls.handshake.extensions_padding_data", "Padding Data", Bytes, None, blurb "Must be zero";
    RECORD_SIZE_LIMIT: "tls.record_size_limit", "Record Size Limit", UInt16, Dec, blurb "Maximum record size that an endpoint is willing to receive";
    EXT_HEARTBEAT_MODE: "tls.handshake.extension.heartbeat.mode", "Mode", UInt8, Dec, values names::HEARTBEAT_MODES, blurb "Heartbeat extension mode";
    HS_TICKET_LIFETIME_HINT: "tls.handshake.session_ticket_lifetime_hint", "Session Ticket Lifetime Hint", UInt32, Dec, blurb "New Session Ticket Lifetime Hint";
    HS_TICKET_AGE_ADD: "tls.handshake.session_ticket_age_add", "Session Ticket Age Add", UInt32, Dec, blurb "Random 32-bit value to obscure age of ticket";
    HS_TICKET_NONCE_LENGTH: "tls.handshake.session_ticket_nonce_length", "Session Ticket Nonce Length", UInt8, Dec;
    HS_TICKET_NONCE: "tls.handshake.session_ticket_nonce", "Session Ticket Nonce", Bytes, None, blurb "A unique per-ticket value";
    HS_TICKET_LENGTH: "tls.handshake.session_ticket_length", "Session Ticket Length", UInt16, Dec, blurb "New Session Ticket Length";
    HS_TICKET: "tls.handshake.session_ticket", "Session Ticket", Bytes, None, blurb "New Session Ticket";
    HS_CERTIFICATES_LENGTH: "tls.handshake.certificates_length", "Certificates Length", UInt24, Dec, blurb "Length of certificates field";
    HS_CERTIFICATES: "tls.handshake.certificates", "Certificates", None, None, blurb "List of certificates";
    HS_CERTIFICATE_LENGTH: "tls.handshake.certificate_length", "Certificate Length", UInt24, Dec, blurb "Length of certificate";
    HS_CERTIFICATE: "tls.handshake.certificate", "Certificate", Bytes, None;
    HS_CERT_REQUEST_CONTEXT_LENGTH: "tls.handshake.certificate_request_context_length", "Certificate Request Context Length", UInt8, Dec;
    HS_CERT_REQUEST_CONTEXT: "tls.handshake.certificate_request_context", "Certificate Request Context", Bytes, None, blurb "Value from CertificateRequest or empty for server auth";
    HS_SERVER_CURVE_TYPE: "tls.handshake.server_curve_type", "Curve Type", UInt8, Hex, values names::CURVE_TYPES, blurb "Server curve_type";
    HS_SERVER_NAMED_CURVE: "tls.handshake.server_named_curve", "Named Curve", UInt16, Hex, values names::GROUPS, blurb "Server named_curve";
    HS_SERVER_POINT_LEN: "tls.handshake.server_point_len", "Pubkey Length", UInt8, Dec, blurb "Length of server's EC Diffie-Hellman public key";
    HS_SERVER_POINT: "tls.handshake.server_point", "Pubkey", Bytes, None, blurb "EC Diffie-Hellman server pubkey";
    HS_YC_LEN: "tls.handshake.yc_len", "Pubkey Length", UInt16, Dec, blurb "Length of client's Diffie-Hellman public key";
    HS_YC: "tls.handshake.yc", "Pubkey", Bytes, None, blurb "Diffie-Hellman client pubkey";
    HS_CLIENT_POINT_LEN: "tls.handshake.client_point_len", "Pubkey Length", UInt8, Dec, blurb "Length of client's EC Diffie-Hellman public key";
    HS_CLIENT_POINT: "tls.handshake.client_point", "Pubkey", Bytes, None, blurb "EC Diffie-Hellman client pubkey";
    HS_EPMS_LEN: "tls.handshake.epms_len", "Encrypted PreMaster length", UInt16, Dec, blurb "Length of encrypted PreMaster secret";
    HS_EPMS: "tls.handshake.epms", "Encrypted PreMaster", Bytes, None, blurb "Encrypted PreMaster secret";
    HS_SIG_LEN: "tls.handshake.sig_len", "Signature Length", UInt16, Dec, blurb "Length of Signature";
    HS_SIG: "tls.handshake.sig", "Signature", Bytes, None, blurb "Diffie-Hellman server signature";
    HS_P_LEN: "tls.handshake.p_len", "p Length", UInt16, Dec, blurb "Length of p";
    HS_G_LEN: "tls.handshake.g_len", "g Length", UInt16, Dec, blurb "Length of g";
    HS_MODULUS_LEN: "tls.handshake.modulus_len", "Modulus Length", UInt16, Dec, blurb "Length of RSA-EXPORT modulus";
    HS_MODULUS: "tls.handshake.modulus", "Modulus", Bytes, None, blurb "RSA-EXPORT modulus";
    HS_EXPONENT_LEN: "tls.handshake.exponent_len", "Exponent Length", UInt16, Dec, blurb "Length of RSA-EXPORT exponent";
    HS_EXPONENT: "tls.handshake.exponent", "Exponent", Bytes, None, blurb "RSA-EXPORT exponent";
    HS_YS_LEN: "tls.handshake.ys_len", "Pubkey Length", UInt16, Dec, blurb "Length of server's Diffie-Hellman public key";
    HS_P: "tls.handshake.p", "p", Bytes, None, blurb "Diffie-Hellman p";
    HS_G: "tls.handshake.g", "g", Bytes, None, blurb "Diffie-Hellman g";
    HS_YS: "tls.handshake.ys", "Pubkey", Bytes, None, blurb "Diffie-Hellman server pubkey";
    HS_CERT_TYPES_COUNT: "tls.handshake.cert_types_count", "Certificate types count", UInt8, Dec, blurb "Count of certificate types";
    HS_CERT_TYPES: "tls.handshake.cert_types", "Certificate types", None, None, blurb "List of certificate types";
    HS_CERT_TYPE: "tls.handshake.cert_type", "Certificate Type", UInt8, Dec, values names::CERTIFICATE_TYPES;
    HS_DNAMES_LEN: "tls.handshake.dnames_len", "Distinguished Names Length", UInt16, Dec, blurb "Length of list of CAs that server trusts";
    HS_DNAMES: "tls.handshake.dnames", "Distinguished Names", None, None, blurb "List of CAs that server trusts";
    HS_DNAME_LEN: "tls.handshake.dname_len", "Distinguished Name Length", UInt16, Dec, blurb "Length of distinguished name";
    HS_DNAME: "tls.handshake.dname", "Distinguished Name", None, None, blurb "Distinguished name of a CA that server trusts";
    HS_VERIFY_DATA: "tls.handshake.verify_data", "Verify Data", None, None, blurb "Opaque verification data";
    HS_CERT_VERIFY_SIG_LEN: "tls.handshake.client_cert_vrfy.sig_len", "Signature length", UInt16, Dec, blurb "Length of CertificateVerify's signature";
    HS_CERT_VERIFY_SIG: "tls.handshake.client_cert_vrfy.sig", "Signature", Bytes, None, blurb "CertificateVerify's signature";
    HS_JA3_FULL: "tls.handshake.ja3_full", "JA3 Fullstring", String, None;
    HS_JA3: "tls.handshake.ja3", "JA3", String, None;
    HS_JA3S_FULL: "tls.handshake.ja3s_full", "JA3S Fullstring", String, None;
    HS_JA3S: "tls.handshake.ja3s", "JA3S", String, None;
    HS_JA4: "tls.handshake.ja4", "JA4", String, None;
    HS_JA4_R: "tls.handshake.ja4_r", "JA4_r", String, None;
    HS_CHALLENGE_LENGTH: "tls.handshake.challenge_length", "Challenge Length", UInt16, Dec, blurb "Length of challenge field";
    HS_CIPHER_SPEC_LEN: "tls.handshake.cipher_spec_len", "Cipher Spec Length", UInt16, Dec, blurb "Length of cipher specs field";
    HS_CHALLENGE: "tls.handshake.challenge", "Challenge", None, None, blurb "Challenge data used to authenticate server";
    HS_CIPHERSPEC: "tls.handshake.cipherspec", "Cipher Spec", UInt24, Hex, blurb "Cipher specification";
    HS_SESSION_ID_HIT: "tls.handshake.session_id_hit", "Session ID Hit", Boolean, None, blurb "Did the server find the client's Session ID?";
    HS_CONNECTION_ID_LENGTH: "tls.handshake.connection_id_length", "Connection ID Length", UInt16, Dec, blurb "Length of connection ID";
    HS_CONNECTION_ID: "tls.handshake.connection_id", "Connection ID", None, None, blurb "Server's challenge to client";
    HS_CLEAR_KEY_LENGTH: "tls.handshake.clear_key_length", "Clear Key Data Length", UInt16, Dec, blurb "Length of clear key data";
    HS_ENCRYPTED_KEY_LENGTH: "tls.handshake.encrypted_key_length", "Encrypted Key Data Length", UInt16, Dec, blurb "Length of encrypted key data";
    HS_KEY_ARG_LENGTH: "tls.handshake.key_arg_length", "Key Argument Length", UInt16, Dec, blurb "Length of key argument";
    HS_CLEAR_KEY_DATA: "tls.handshake.clear_key_data", "Clear Key Data", None, None, blurb "Clear portion of MASTER-KEY";
    HS_ENCRYPTED_KEY: "tls.handshake.encrypted_key", "Encrypted Key", None, None, blurb "Secret portion of MASTER-KEY encrypted to server";
    HS_KEY_ARG: "tls.handshake.key_arg", "Key Argument", None, None, blurb "Key Argument (e.g., Initialization Vector)";
    MALFORMED_BUFFER_TOO_SMALL: "tls.malformed.buffer_too_small", "Malformed message, not enough data is available", None, None;
    MALFORMED_VECTOR_LENGTH: "tls.malformed.vector_length", "Variable vector length is outside the permitted range", None, None;
}

/// tshark 4.0's TLS TCP ports (`tshark -G decodes | grep -w tls`).
pub const TCP_PORTS: &[u16] = &[
    324, 443, 465, 636, 802, 853, 993, 995, 1300, 2221, 2443, 3249, 3250, 3251, 3252, 3496, 5061,
    5671, 5684, 5868, 8883, 11207, 19999, 27017,
];

/// Conversations whose TLS state is kept; the oldest is dropped past this.
const MAX_CONVERSATIONS: usize = 4096;

/// TLS over TCP: records cut from the byte stream.
pub static STREAM: StreamProtocol = StreamProtocol {
    name: "tls",
    proto: TLS,
    pdu_length: |bytes, _| pdu_length(bytes),
    pdu_found: None,
    dissect,
    held: Some(held),
    called_on_start: true,
    pdu_size: false,
    layer_per_run: true,
    item_per_run: true,
    // What decrypted application data may go to: a run that wants only HTTP (export objects) still
    // needs the records.
    hands_over_to: &[
        super::ids::HTTP,
        super::ids::DNS,
        super::ids::SMTP,
        super::ids::IMAP,
        super::ids::POP,
    ],
};

const CHANGE_CIPHER_SPEC_TYPE: u8 = 20;
const ALERT_TYPE: u8 = 21;
const HANDSHAKE_TYPE: u8 = 22;
const APPLICATION_DATA_TYPE: u8 = 23;
const HEARTBEAT_TYPE: u8 = 24;

/// TLS state of the run, per TCP stream.
#[derive(Debug, Default)]
pub struct State {
    conversations: crate::flow::StreamTable<Conversation>,
    /// The frame whose Info column TLS last started: the first record of a frame clears it.
    info_frame: Option<u64>,
    /// TCP streams whose client asked a mail protocol for TLS (IMAP's STARTTLS, POP's STLS), with the
    /// command's tag, until the server answers.
    starttls: std::collections::HashMap<u32, Vec<u8>>,
    /// Secrets from `-o tls.keylog_file:` and the capture's Decryption Secrets Blocks.
    keylog: tlscrypt::KeyLog,
    /// Decryption state per TCP stream (kept only when there are secrets).
    sessions: crate::flow::StreamTable<decrypt::Session>,
    /// Bytes held by all sessions for application PDUs not complete yet.
    app_held: usize,
    /// The handshake message being read met a vector longer than the message (see
    /// `handshake::message_body`).
    pub(crate) vector_stopped: bool,
    /// DTLS is dissecting with this code: it reports a message cut short itself, as tshark's DTLS
    /// does (one "[Malformed Packet: DTLS]", no "not enough data" note).
    pub(crate) in_dtls: bool,
}

impl State {
    /// Adds the secrets of an NSS key log (a file's text, or a pcapng Decryption Secrets Block's) for
    /// the connections dissected from now on; returns what was wrong with lines that were skipped.
    pub fn add_key_log(&mut self, text: &[u8]) -> Vec<tlscrypt::Warning> {
        self.keylog.add(text)
    }
}

/// Streams waiting for the answer to a STARTTLS; past it, the requests are forgotten.
const MAX_STARTTLS: usize = 4096;

/// Notes that the client of `stream` asked for TLS with a command tagged `tag` (IMAP; POP has none).
pub fn starttls_asked(cx: &mut Cx, stream: u32, tag: &[u8]) {
    let waiting = &mut cx.state.tls.starttls;
    if waiting.len() >= MAX_STARTTLS {
        waiting.clear();
    }
    waiting.insert(stream, tag.to_vec());
}

/// Takes the server's answer on `stream` to a request for TLS tagged `tag`: whether TLS starts now
/// (`ok`, and a request was waiting).
pub fn starttls_answered(cx: &mut Cx, stream: u32, tag: &[u8], ok: bool) -> bool {
    let waiting = &mut cx.state.tls.starttls;
    match waiting.get(&stream) {
        Some(t) if t.as_slice() == tag => {
            waiting.remove(&stream);
            ok
        }
        _ => false,
    }
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Conversation {
    /// The version the server chose in its ServerHello.
    pub(crate) version: Option<u16>,
    /// The port the ClientHello came from: the client's side.
    pub(crate) client_port: Option<u16>,
    /// A direction (0 client to server, 1 server to client) sent ChangeCipherSpec: its later
    /// handshake records and alerts are encrypted (TLS 1.2 and earlier).
    ccs: [bool; 2],
    /// The cipher suite the ServerHello chose (the key exchange messages read by it).
    pub(crate) suite: Option<u16>,
    /// The client's hello was SSLv2's: the connection's records are SSLv2's.
    sslv2: bool,
    /// A DTLS association (see [`crate::protocols::dtls`]): ClientHellos carry a cookie, and
    /// `version` holds the TLS version a DTLS one stands for.
    pub(crate) dtls: bool,
    /// The DTLS version itself, for the names of the Protocol column and the records.
    pub(crate) dtls_version: Option<u16>,
}

impl State {
    /// The TLS state of `stream` (a TCP stream, or a DTLS association's key), made fresh when new.
    pub(crate) fn conversation(&mut self, stream: u32) -> &mut Conversation {
        self.conversations.entry(stream, MAX_CONVERSATIONS).0
    }
}

/// Whether `b` could start a TLS record: a known content type and major version 3.
fn looks_like_record(b: &[u8]) -> bool {
    matches!(b, [20..=24, 3, 0..=4, ..])
}

/// Whether `b` could start an SSLv2 record holding a ClientHello (two-byte header, message type 1,
/// a version of SSL 2 or 3.x).
fn looks_like_sslv2_hello(b: &[u8]) -> bool {
    matches!(b, [h, _, 1, 0, 2, ..] | [h, _, 1, 3, 0..=4, ..] if h & 0x80 != 0)
}

/// Length of the record at the start of `bytes`: a TLS record's five-byte header and body, an SSLv2
/// record's two-byte header and body, or, for bytes that are no record, all of them.
fn pdu_length(bytes: &[u8]) -> PduLength {
    match bytes {
        [t, ..] if (20..=24).contains(t) => match bytes {
            [_, _, _, a, b, ..] if looks_like_record(bytes) => {
                PduLength::Known(5 + u16::from_be_bytes([*a, *b]) as usize)
            }
            [_, _, _, _, _, ..] => PduLength::Known(bytes.len()),
            _ => PduLength::NeedMore,
        },
        [h, l, ..] if h & 0x80 != 0 => {
            PduLength::Known(2 + (u16::from_be_bytes([h & 0x7f, *l]) as usize))
        }
        [_] if bytes[0] & 0x80 != 0 => PduLength::NeedMore,
        _ => PduLength::Known(bytes.len().max(1)),
    }
}

/// Whether a TCP payload on a port without a protocol looks like the start of TLS, as tshark 4.0's
/// heuristic takes it: a handshake or application data record header of SSL 3.0 to TLS 1.2 with a
/// length from 1 to below 18432 bytes (2^14 plus 2048, the most a ciphertext may add), or an SSLv2
/// ClientHello. Found by asking tshark about crafted segments: alerts, change cipher spec and
/// heartbeat records, version 0x0304 and a length of 0 or 0x4800 are not taken; any handshake message,
/// application data mid-stream, and a header without its body are.
pub fn looks_like_tls(payload: &[u8]) -> bool {
    match payload {
        [22 | 23, 3, 0..=3, hi, lo, ..] => (1..0x4800).contains(&u16::from_be_bytes([*hi, *lo])),
        _ => looks_like_sslv2_hello(payload),
    }
}

/// Whether the first payload of a connection on a TLS port starts a TLS record or an SSLv2 hello:
/// tshark's TLS refuses a connection that does not.
pub fn starts_like_tls(payload: &[u8]) -> bool {
    looks_like_record(payload) || looks_like_sslv2_hello(payload) || payload.len() < 3
}

/// Called with the first bytes of a record that later segments complete: tshark's TLS clears the
/// Info column before asking TCP for more.
fn held(cx: &mut Cx, _bytes: &[u8]) {
    start_info(cx);
}

/// Clears the Info column on the frame's first record (later records add to it).
pub(crate) fn start_info(cx: &mut Cx) {
    let frame = cx.meta.number;
    if cx.state.tls.info_frame != Some(frame) {
        cx.state.tls.info_frame = Some(frame);
        cx.set_info(format_args!(""));
    }
}

/// Adds `text` to the Info column after ", " when it holds something.
pub(crate) fn append_info(cx: &mut Cx, text: std::fmt::Arguments<'_>) {
    if !cx.tree.info.is_empty() {
        cx.append_info(format_args!(", "));
    }
    cx.append_info(text);
}

/// The short name tshark gives a version in the Protocol column and record labels.
pub fn version_short_name(v: u16) -> &'static str {
    match v {
        0x0002 => "SSLv2",
        0x0300 => "SSLv3",
        0x0301 => "TLSv1",
        0x0302 => "TLSv1.1",
        0x0303 => "TLSv1.2",
        0x0304 => "TLSv1.3",
        0xfeff => "DTLSv1.0",
        0xfefd => "DTLSv1.2",
        _ => "TLS",
    }
}

/// Which way the bytes go: 0 client to server, 1 server to client.
fn direction(cx: &Cx, conv: &Conversation) -> usize {
    let Some((sport, dport, _)) = cx.transport else {
        return 0;
    };
    match conv.client_port {
        Some(c) if c == sport && c != dport => 0,
        Some(c) if c == dport && c != sport => 1,
        // Before the hello: the side on a TLS port is the server.
        _ => usize::from(TCP_PORTS.contains(&sport) && !TCP_PORTS.contains(&dport)),
    }
}

/// Dissects one record, `data[offset..]` (or bytes that are no record), as the PDU TCP cut.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let end = data.len();
    if offset >= end {
        return 0;
    }
    start_info(cx);
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    // The second pass starts from the version the first pass ended with, as tshark's session
    // (kept across its passes) does.
    let known = match &cx.state.pass {
        crate::Pass::Second(l) => l.tls_versions.get(&stream).copied(),
        _ => None,
    };
    let conv = cx.state.tls.conversation(stream);
    if conv.version.is_none() {
        conv.version = known;
    }
    let conv = conv.clone();
    let dir = direction(cx, &conv);
    let top = tls_item(cx, parent, offset, end - offset);
    let bytes = &data[offset..];
    if looks_like_record(bytes) {
        // A PDU TCP cut holds one record; a segment cut by the snapshot length, which TCP does not
        // reassemble, is read record after record as far as its captured bytes go.
        let mut at = offset;
        while at < end {
            let conv = cx.state.tls.conversation(stream).clone();
            match record(cx, data, at, top, stream, dir, &conv) {
                Some(next) if looks_like_record(&data[next.min(end)..]) => at = next,
                _ => break,
            }
        }
    } else if bytes.len() >= 2
        && bytes[0] & 0x80 != 0
        && (conv.sslv2 || looks_like_sslv2_hello(bytes))
    {
        sslv2_record(cx, data, offset, top, stream, 2);
    } else if conv.sslv2 && bytes.len() >= 3 {
        // SSLv2's three-byte header (high bit clear: a padding length follows the length), which
        // tshark reads once the connection is SSLv2's.
        sslv2_record(cx, data, offset, top, stream, 3);
    } else {
        // tshark's TLS names the column "SSL" before it knows a version.
        if conv.version.is_none() {
            cx.set_protocol("SSL");
        }
        set_protocol(cx, &conv, None);
        append_info(cx, format_args!("Continuation Data"));
    }
    end - offset
}

/// A segment of a connection on a TLS port that did not start as TLS, handed to TLS on its own (no
/// reassembly, the connection not taken): tshark's TLS takes any segment whose first four bytes are
/// not all printable text, as bytes that are no record, "Continuation Data".
pub fn dissect_segment(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    cx.tree.layers.push("tls");
    dissect(cx, data, offset, parent)
}

/// Whether tshark's TLS refuses a segment that starts with `payload`: more than four bytes whose first
/// four are printable ASCII, text rather than TLS.
pub fn refuses(payload: &[u8]) -> bool {
    payload.len() > 4 && payload[..4].iter().all(|b| (0x20..0x7f).contains(b))
}

/// The "Transport Layer Security" item: the one TCP added for the run of records (listed once per
/// run, as tshark's one per call), or, for bytes handed over without reassembly, one of its own.
fn tls_item(cx: &mut Cx, parent: ItemIdx, offset: usize, len: usize) -> ItemIdx {
    if let Some(item) = cx.run_item {
        return item;
    }
    let parent = cx.layer_parent(parent);
    cx.tree
        .add(parent, PROTOCOL_FIELD, offset, len, Value::None)
}

fn set_protocol(cx: &mut Cx, conv: &Conversation, record_version: Option<u16>) {
    if let Some(v) = conv.version.or(record_version) {
        cx.set_protocol(version_short_name(v));
    }
}

/// A TLS record at `offset` (its header is there, `looks_like_record`). Returns where the next record
/// starts, or `None` when the record used up the bytes or ended the dissection.
fn record(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    top: ItemIdx,
    stream: u32,
    dir: usize,
    conv: &Conversation,
) -> Option<usize> {
    let end = data.len();
    let content_type = data[offset];
    let version = read::be16(data, offset + 1).unwrap_or(0);
    let length = read::be16(data, offset + 3).unwrap_or(0) as usize;
    let body = offset + 5;
    let body_end = (body + length).min(end);
    let cut_by_snaplen = body + length > end && cx.lost_to_snaplen(end);
    // A record running on into the next segment, in a segment cut by the snapshot length: tshark asks
    // TCP for the rest, which it cannot give, and shows nothing of the record.
    if cut_by_snaplen && body + length > offset + cx.reported_from(data, offset) {
        return None;
    }
    let rec = cx
        .tree
        .add(top, RECORD, offset, body_end - offset, Value::None);
    let tls13 = conv.version == Some(0x0304);
    if content_type == APPLICATION_DATA_TYPE && tls13 {
        cx.uint(rec, RECORD_OPAQUE_TYPE, offset, 1, content_type as u64);
    } else {
        cx.uint(rec, RECORD_CONTENT_TYPE, offset, 1, content_type as u64);
    }
    cx.uint(rec, RECORD_VERSION, offset + 1, 2, version as u64);
    cx.uint(rec, RECORD_LENGTH, offset + 3, 2, length as u64);
    // Until a version is known, one from a record that only a server (or a client past its hello)
    // sends is taken for the session's, as tshark does.
    if conv.version.is_none()
        && let Some(&next) = data.get(body)
        && authoritative(content_type, next)
        && (0x0300..=0x0304).contains(&version)
    {
        set_version(cx, stream, version);
    }
    // tshark names the record by the version known before its content is read: a TLS 1.3
    // ServerHello's record is "TLSv1.2" (its supported_versions changes the session's afterwards).
    let shown = cx.state.tls.conversation(stream).version.unwrap_or(version);
    // tshark's first pass gives every record it might decrypt (all of them before TLS 1.3, then the
    // application data) to its decryption, which first keeps the record's last bytes (the next CBC
    // IV): when the snapshot length cut those off, the record shows its header alone.
    let decryptable = length > 0 && (!tls13 || content_type == APPLICATION_DATA_TYPE);
    if cut_by_snaplen && decryptable && !matches!(cx.state.pass, crate::Pass::Second(_)) {
        set_protocol(cx, conv, Some(version));
        cx.short(end, "TLS truncated");
        return None;
    }
    let encrypted = conv.ccs[dir] && !tls13;
    // Every whole record goes through the connection's key schedule: with secrets, or with a NULL
    // cipher, its protected records are read.
    let outcome = if body + length <= end {
        let tls = &mut cx.state.tls;
        let session = tls.sessions.entry(stream, MAX_CONVERSATIONS).0;
        Some(session.record(
            &tls.keylog,
            dir,
            content_type,
            version,
            &data[body..body + length],
        ))
    } else {
        None
    };
    // Whether a protocol above TLS took the record's decrypted content (and so the columns).
    let mut handed_on = false;
    let summary = match outcome {
        Some(decrypt::Outcome::Decrypted(plain)) => {
            let (summary, handed) =
                decrypted(cx, data, offset, rec, top, tls13, plain, stream, dir);
            handed_on = handed;
            summary
        }
        Some(decrypt::Outcome::Undecryptable { why, first }) => {
            // Without a key log, encrypted records are what is expected: no note.
            if first && !cx.state.tls.keylog.is_empty() {
                cx.expert(
                    rec,
                    NOT_DECRYPTED,
                    Severity::Warning,
                    Group::Decryption,
                    format_args!("Record not decrypted: {why}"),
                );
            }
            dissect_plaintext(
                cx,
                &data[..body_end],
                body,
                body + length,
                rec,
                content_type,
                encrypted,
                stream,
                dir,
            )
        }
        _ => dissect_plaintext(
            cx,
            &data[..body_end],
            body,
            body + length,
            rec,
            content_type,
            encrypted,
            stream,
            dir,
        ),
    };
    // The version the ServerHello chose names the protocol from this record on.
    let conv_now = cx.state.tls.conversation(stream).clone();
    if !handed_on {
        set_protocol(cx, &conv_now, Some(version));
    }
    if rec.is_stored() {
        cx.tree.set_label(
            rec,
            format_args!("{} Record Layer: {summary}", version_short_name(shown)),
        );
    }
    if body + length > end {
        if cut_by_snaplen {
            cx.short(end, "TLS truncated");
        } else {
            cx.cut_short(end, end, "TLS");
        }
        return None;
    }
    Some(body + length)
}

/// Whether a record of `content_type` whose body starts with `next` tells the session's version:
/// any record but a handshake one, and a handshake one holding a message other than ClientHello.
fn authoritative(content_type: u8, next: u8) -> bool {
    if content_type == HANDSHAKE_TYPE {
        next != 1 && next != 3 && !name_or(names::HANDSHAKE_TYPES, next as u64, "").is_empty()
    } else {
        (20..=24).contains(&content_type)
    }
}

/// Sets the version of `stream`'s session; the first pass of `-2` remembers it for the second.
pub(crate) fn set_version(cx: &mut Cx, stream: u32, version: u16) {
    let conv = cx.state.tls.conversation(stream);
    if conv.dtls {
        // The shared handshake code reads messages by the TLS version a DTLS one is based on.
        conv.dtls_version = Some(version);
        conv.version = Some(crate::protocols::dtls::tls_version_of(version));
        // tshark's DTLS names the protocol by the version as soon as it learns it.
        cx.set_protocol(crate::protocols::dtls::short_name(version));
    } else {
        conv.version = Some(version);
    }
    if let crate::Pass::First(l) = &mut cx.state.pass
        && (l.tls_versions.len() < crate::Lookahead::MAX_ENTRIES
            || l.tls_versions.contains_key(&stream))
    {
        l.tls_versions.insert(stream, version);
    }
}

/// What a connection's decrypted application data is handed to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AppProtocol {
    /// A protocol whose PDUs are put together across records (HTTP, DNS).
    Stream(&'static StreamProtocol),
    /// A line protocol that keeps its own state (SMTP, IMAP, POP after STARTTLS or on their TLS ports):
    /// each record's bytes as they come.
    Lines(crate::dispatch::DissectFn, fields::ProtoId),
    /// A protocol tshark names (by ALPN) that wiresift does not dissect (HTTP/2): its records are
    /// labelled with tshark's name for it, and their decrypted bytes are shown as data.
    Undissected(&'static str),
}

impl AppProtocol {
    /// The protocol's name, as the record's label and `tls.app_data_proto` give it.
    fn name(self) -> &'static str {
        match self {
            AppProtocol::Stream(p) => crate::registry().protocol(p.proto).name,
            AppProtocol::Lines(_, id) => crate::registry().protocol(id).name,
            AppProtocol::Undissected(name) => name,
        }
    }
}

/// The server's port of the segment being dissected, whose direction is `dir` (0 when unknown).
fn server_port(cx: &Cx, dir: usize) -> u16 {
    match cx.transport {
        Some((_, dport, _)) if dir == 0 => dport,
        Some((sport, _, _)) => sport,
        None => 0,
    }
}

/// The protocol a connection's application data is named for (tshark's application handle): the one
/// STARTTLS started TLS from, else the one the ALPN names, else the server port's in tshark's
/// `tls.port` table. One found by content (`decrypt::Session::by_content`) is not named.
fn app_protocol(session: &decrypt::Session, server_port: u16) -> Option<AppProtocol> {
    use crate::protocols::{dns, http, imap, pop, smtp};
    if let Some(p) = session.starttls_from {
        return Some(p);
    }
    match session.alpn.as_deref() {
        Some(b"http/1.1" | b"http/1.0") => return Some(AppProtocol::Stream(&http::STREAM)),
        // HTTP/2 is not dissected: its records carry tshark's name, its frames are shown as data.
        Some(b"h2") => return Some(AppProtocol::Undissected("HyperText Transfer Protocol 2")),
        _ => {}
    }
    Some(match server_port {
        443 => AppProtocol::Stream(&http::STREAM),
        853 => AppProtocol::Stream(&dns::TCP_STREAM),
        465 => AppProtocol::Lines(smtp::dissect, smtp::SMTP),
        993 => AppProtocol::Lines(imap::dissect, imap::IMAP),
        995 => AppProtocol::Lines(pop::dissect, pop::POP),
        _ => return None,
    })
}

/// Notes that the TLS the connection of the segment being dissected starts now was asked for by a
/// mail protocol (STARTTLS): its decrypted application data goes back to `protocol`.
pub fn started_from(cx: &mut Cx, protocol: crate::dispatch::DissectFn, proto: fields::ProtoId) {
    let Some(stream) = cx.tcp_stream else {
        return;
    };
    let session = cx.state.tls.sessions.entry(stream, MAX_CONVERSATIONS).0;
    session.starttls_from = Some(AppProtocol::Lines(protocol, proto));
}

/// [`started_from`] for a protocol whose PDUs are put together across records (LDAP's StartTLS).
pub fn started_from_stream(cx: &mut Cx, protocol: &'static StreamProtocol) {
    let Some(stream) = cx.tcp_stream else {
        return;
    };
    let session = cx.state.tls.sessions.entry(stream, MAX_CONVERSATIONS).0;
    session.starttls_from = Some(AppProtocol::Stream(protocol));
}

/// TLS's fields for PDUs put together from several records' decrypted application data.
static SEGMENT_FIELDS: crate::reassembly::FragmentFields = crate::reassembly::FragmentFields {
    name: "Reassembled TLS",
    noun: "segments",
    source_name: "Reassembled TLS",
    fragments: SEGMENTS,
    fragments_are_bytes: false,
    fragment: SEGMENT,
    error: SEGMENT_ERROR,
    overlap: SEGMENT_OVERLAP,
    overlap_conflict: SEGMENT_OVERLAP_CONFLICT,
    multiple_tails: SEGMENT_MULTIPLETAILS,
    too_long: SEGMENT_TOOLONGFRAGMENT,
    count: SEGMENT_COUNT,
    reassembled_length: REASSEMBLED_LENGTH,
    reassembled_data: Some(REASSEMBLED_DATA),
};

/// Shows a decrypted record: its plaintext becomes the data source "Decrypted TLS", dissected as a
/// record in the clear would be, application data by its protocol. Returns the record's summary and
/// whether a protocol above TLS took the content.
#[allow(clippy::too_many_arguments)]
fn decrypted(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    rec: ItemIdx,
    top: ItemIdx,
    tls13: bool,
    plain: tlscrypt::Plaintext,
    stream: u32,
    dir: usize,
) -> (String, bool) {
    let body = offset + 5;
    if tls13 {
        // TLS 1.3 hides the real type inside the encryption: tshark shows it beside the opaque one.
        cx.tree.add_generated(
            rec,
            RECORD_CONTENT_TYPE,
            offset,
            0,
            Value::UInt(plain.content_type as u64),
        );
    }
    if plain.content_type != APPLICATION_DATA_TYPE {
        let source = cx.tree.add_source("Decrypted TLS", &plain.bytes);
        let previous = cx.tree.set_current_source(source);
        let summary = dissect_plaintext(
            cx,
            &plain.bytes,
            0,
            plain.bytes.len(),
            rec,
            plain.content_type,
            false,
            stream,
            dir,
        );
        cx.tree.set_current_source(previous);
        return (summary, false);
    }
    cx.tree
        .add(rec, APP_DATA, body, data.len() - body, Value::Bytes);
    let server_port = server_port(cx, dir);
    let session = cx.state.tls.sessions.get(stream);
    let named = session.and_then(|s| app_protocol(s, server_port));
    let mut app = named.or(session.and_then(|s| s.by_content));
    // No protocol named: tshark's heuristics on TLS content (HTTP's "http_tls"); a match holds for the
    // rest of the connection, but names nothing (the record stays "Application Data", with no
    // tls.app_data_proto), as tshark's heuristic sets no application handle.
    if app.is_none() && crate::protocols::http::looks_like_http(&plain.bytes) {
        let session = cx.state.tls.sessions.entry(stream, MAX_CONVERSATIONS).0;
        session.by_content = Some(AppProtocol::Stream(&crate::protocols::http::STREAM));
        app = session.by_content;
    }
    let Some(app) = app else {
        append_info(cx, format_args!("Application Data"));
        if !plain.bytes.is_empty() {
            let source = cx.tree.add_source("Decrypted TLS", &plain.bytes);
            cx.tree.mark_payload(source, TLS);
            let previous = cx.tree.set_current_source(source);
            crate::protocols::data::dissect(cx, &plain.bytes, 0, top);
            cx.tree.set_current_source(previous);
        }
        return (
            "Application Data Protocol: Application Data".to_owned(),
            false,
        );
    };
    let name = named.map_or("Application Data", |n| n.name());
    if named.is_some() && cx.tree.wants(APP_DATA_PROTO) {
        // At the record's header, as tshark puts it.
        let value = cx.tree.text_value(name);
        cx.tree.add_generated(rec, APP_DATA_PROTO, offset, 0, value);
    }
    let dissected =
        !plain.bytes.is_empty() && application_data(cx, top, app, &plain.bytes, stream, dir);
    (format!("Application Data Protocol: {name}"), dissected)
}

/// Hands a record's decrypted application data to `app`: a line protocol gets it as it is, a stream
/// protocol's PDUs are cut from the direction's decrypted bytes and put together across records.
/// Returns whether the protocol dissected something (and so set the columns).
fn application_data(
    cx: &mut Cx,
    top: ItemIdx,
    app: AppProtocol,
    plain: &[u8],
    stream: u32,
    dir: usize,
) -> bool {
    let mut dissected = false;
    use crate::flow::stream::Piece;
    let source = cx.tree.add_source("Decrypted TLS", plain);
    cx.tree.mark_payload(source, TLS);
    let previous = cx.tree.set_current_source(source);
    let was_over_tls = std::mem::replace(&mut cx.over_tls, true);
    match app {
        AppProtocol::Undissected(_) => crate::protocols::data::dissect(cx, plain, 0, top),
        AppProtocol::Lines(dissect, _) => {
            dissect(cx, plain, 0, top);
            dissected = true;
        }
        AppProtocol::Stream(p) => {
            let frame = cx.meta.number;
            let limits = cx.state.stream_limits;
            let mut pieces = Vec::new();
            {
                let tls = &mut cx.state.tls;
                let session = tls.sessions.entry(stream, MAX_CONVERSATIONS).0;
                let seq = session.app_seq[dir];
                session.app_seq[dir] = seq.wrapping_add(plain.len() as u32);
                let (direction, peer) = crate::flow::stream::split(&mut session.app, dir);
                direction.segment(
                    peer,
                    p,
                    frame,
                    seq,
                    plain,
                    false,
                    limits,
                    &mut tls.app_held,
                    &mut pieces,
                );
            }
            for piece in &pieces {
                match piece {
                    Piece::Pdu { start, len } => {
                        (p.dissect)(cx, &plain[..start + len], *start, top);
                        dissected = true;
                    }
                    Piece::Reassembled { pdu, start, len } => {
                        segment_data(cx, top, *start, *len);
                        let number = cx.meta.number;
                        if let crate::Pass::First(l) = &mut cx.state.pass {
                            for f in pdu.fragments.iter().filter(|f| f.frame != number) {
                                l.record_tls_reassembly(f.frame, number);
                            }
                        }
                        let whole =
                            crate::reassembly::show(cx, ItemIdx::ROOT, &SEGMENT_FIELDS, pdu);
                        cx.tree.set_current_source(whole);
                        (p.dissect)(cx, &pdu.data, 0, top);
                        cx.tree.set_current_source(source);
                        cx.fence_info();
                        dissected = true;
                    }
                    Piece::Held { start, len, .. } => {
                        segment_data(cx, top, *start, *len);
                        // The second pass of `-2` knows where the PDU was completed.
                        if let crate::Pass::Second(l) = &cx.state.pass
                            && let Some(&whole) = l.tls_reassembled_in.get(&cx.meta.number)
                        {
                            cx.tree
                                .add_generated(top, REASSEMBLED_IN, 0, 0, Value::UInt(whole));
                        }
                        // No fence: a PDU completed later in the same frame replaces the text, as
                        // tshark's does (a fence comes only from TCP, after a PDU it put together).
                        cx.set_info(format_args!("[TLS segment of a reassembled PDU]"));
                    }
                    Piece::Skipped { start, len, .. } => segment_data(cx, top, *start, *len),
                }
            }
        }
    }
    cx.over_tls = was_over_tls;
    cx.tree.set_current_source(previous);
    dissected
}

/// "TLS segment data (N bytes)": decrypted bytes that belong to a PDU put together across records.
fn segment_data(cx: &mut Cx, top: ItemIdx, at: usize, len: usize) {
    let it = cx.tree.add(top, SEGMENT_DATA, at, len, Value::Bytes);
    cx.tree.set_label(
        it,
        format_args!("TLS segment data ({len} {})", crate::cx::bytes_word(len)),
    );
}

/// Dissects the body of one record of `content_type`, `data[offset..]`, under `rec`: the plaintext
/// of a record read from the wire, or of one decrypted elsewhere (`encrypted` false). Returns the
/// record's summary for its label ("Handshake Protocol: Client Hello"). The Info column gets the
/// record's messages.
#[allow(clippy::too_many_arguments)]
pub fn dissect_plaintext(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    reported_end: usize,
    rec: ItemIdx,
    content_type: u8,
    encrypted: bool,
    stream: u32,
    dir: usize,
) -> String {
    let end = data.len();
    match content_type {
        CHANGE_CIPHER_SPEC_TYPE => {
            cx.tree
                .add(rec, CHANGE_CIPHER_SPEC, offset, end - offset, Value::None);
            cx.state.tls.conversation(stream).ccs[dir] = true;
            append_info(cx, format_args!("Change Cipher Spec"));
            "Change Cipher Spec Protocol: Change Cipher Spec".to_owned()
        }
        ALERT_TYPE => {
            if encrypted || end - offset != 2 {
                let al = cx
                    .tree
                    .add(rec, ALERT_MESSAGE, offset, end - offset, Value::None);
                cx.tree
                    .set_label(al, format_args!("Alert Message: Encrypted Alert"));
                append_info(cx, format_args!("Encrypted Alert"));
                return "Encrypted Alert".to_owned();
            }
            let level = data[offset];
            let desc = data[offset + 1];
            let al = cx.tree.add(rec, ALERT_MESSAGE, offset, 2, Value::None);
            cx.tree.set_label(al, format_args!("Alert Message"));
            cx.uint(al, ALERT_MESSAGE_LEVEL, offset, 1, level as u64);
            cx.uint(al, ALERT_MESSAGE_DESC, offset + 1, 1, desc as u64);
            let level_name = name_or(names::ALERT_LEVELS, level as u64, "Unknown");
            let desc_name = name_or(names::ALERT_DESCRIPTIONS, desc as u64, "Unknown");
            append_info(
                cx,
                format_args!("Alert (Level: {level_name}, Description: {desc_name})"),
            );
            format!("Alert (Level: {level_name}, Description: {desc_name})")
        }
        HANDSHAKE_TYPE => {
            if encrypted {
                handshake::encrypted(cx, rec, offset, end - offset);
                return "Handshake Protocol: Encrypted Handshake Message".to_owned();
            }
            let names = handshake::messages(cx, data, offset, reported_end, rec, stream, dir);
            format!("Handshake Protocol: {names}")
        }
        APPLICATION_DATA_TYPE => {
            cx.tree
                .add(rec, APP_DATA, offset, end - offset, Value::Bytes);
            append_info(cx, format_args!("Application Data"));
            // Undecrypted, the record is still labelled with the protocol the connection's data
            // would go to (ALPN, STARTTLS or the server's port), as tshark does; the generated item
            // sits at the record's header, five bytes before its body.
            let port = server_port(cx, dir);
            let app = cx
                .state
                .tls
                .sessions
                .get(stream)
                .and_then(|s| app_protocol(s, port));
            let Some(app) = app else {
                return "Application Data Protocol: Application Data".to_owned();
            };
            let name = app.name();
            if cx.tree.wants(APP_DATA_PROTO) {
                let value = cx.tree.text_value(name);
                cx.tree
                    .add_generated(rec, APP_DATA_PROTO, offset.saturating_sub(5), 0, value);
            }
            format!("Application Data Protocol: {name}")
        }
        HEARTBEAT_TYPE => {
            if encrypted {
                append_info(cx, format_args!("Encrypted Heartbeat"));
                return "Encrypted Heartbeat".to_owned();
            }
            heartbeat(cx, data, offset, rec);
            "Heartbeat".to_owned()
        }
        _ => {
            append_info(cx, format_args!("Ignored Unknown Record"));
            "Ignored Unknown Record".to_owned()
        }
    }
}

fn heartbeat(cx: &mut Cx, data: &[u8], offset: usize, rec: ItemIdx) {
    let end = data.len();
    let hb = cx
        .tree
        .add(rec, HEARTBEAT_MESSAGE, offset, end - offset, Value::None);
    let (Some(kind), Some(len)) = (read::u8(data, offset), read::be16(data, offset + 1)) else {
        cx.malformed(offset, "TLS heartbeat cut short");
        return;
    };
    cx.uint(hb, HEARTBEAT_MESSAGE_TYPE, offset, 1, kind as u64);
    cx.uint(
        hb,
        HEARTBEAT_MESSAGE_PAYLOAD_LENGTH,
        offset + 1,
        2,
        len as u64,
    );
    let p = offset + 3;
    let p_end = (p + len as usize).min(end);
    cx.tree
        .add(hb, HEARTBEAT_MESSAGE_PAYLOAD, p, p_end - p, Value::Bytes);
    if p_end < end {
        cx.tree.add(
            hb,
            HEARTBEAT_MESSAGE_PADDING,
            p_end,
            end - p_end,
            Value::Bytes,
        );
    }
    let name = name_or(names::HEARTBEAT_TYPES, kind as u64, "Unknown");
    append_info(cx, format_args!("Heartbeat {name}"));
}

/// An SSLv2 record (two-byte header): a ClientHello, ServerHello or ClientMasterKey before the keys,
/// encrypted data after them.
fn sslv2_record(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, stream: u32, header: usize) {
    let end = data.len();
    // A two-byte header's length has 15 bits; a three-byte one's 14 (the next bit is "escape").
    let mask = if header == 2 { 0x7f } else { 0x3f };
    let length = (u16::from_be_bytes([data[offset] & mask, data[offset + 1]])) as usize;
    let body = offset + header;
    let body_end = (body + length).min(end);
    let rec = cx
        .tree
        .add(top, RECORD, offset, body_end - offset, Value::None);
    // SSLv2 records carry no version: tshark shows the generated one first, for filters, and the
    // length only on records it can read.
    cx.tree
        .add_generated(rec, RECORD_VERSION, offset, 0, Value::UInt(0x0002));
    let conv = cx.state.tls.conversation(stream);
    conv.sslv2 = true;
    conv.version.get_or_insert(0x0002);
    let keyed = conv.ccs[0];
    cx.set_protocol("SSLv2");
    // The hellos and the ClientMasterKey are in the clear; after the key both sides encrypt.
    let kind = data
        .get(body)
        .copied()
        .filter(|k| !keyed && matches!(k, 1 | 2 | 4));
    let Some(kind) = kind else {
        append_info(cx, format_args!("Encrypted Data"));
        cx.tree
            .set_label(rec, format_args!("SSLv2 Record Layer: Encrypted Data"));
        return;
    };
    cx.uint(rec, RECORD_LENGTH, offset, header, length as u64);
    let name = name_or(names::SSL2_MESSAGE_TYPES, kind as u64, "Unknown");
    // SSLv2's message type shares tls.handshake.type with TLS's, under its own name and values.
    let it = cx.uint(rec, HS_TYPE, body, 1, kind as u64);
    cx.tree
        .set_label(it, format_args!("Handshake Message Type: {name} ({kind})"));
    cx.tree
        .set_label(rec, format_args!("SSLv2 Record Layer: {name}"));
    append_info(cx, format_args!("{name}"));
    if kind == 2 {
        cx.state.tls.conversation(stream).ccs = [true, true];
    }
    sslv2_message(cx, &data[..body_end], body + 1, rec, kind);
}

/// The fields of an SSLv2 ClientHello (1), ClientMasterKey (2) or ServerHello (4) after the message
/// type at `at - 1`, as far as `data` holds them.
fn sslv2_message(cx: &mut Cx, data: &[u8], at: usize, rec: ItemIdx, kind: u8) {
    let u16_at = |o: usize| read::be16(data, o).map(usize::from);
    let mut o = at;
    match kind {
        1 => {
            let (Some(version), Some(specs), Some(sid), Some(challenge)) =
                (u16_at(o), u16_at(o + 2), u16_at(o + 4), u16_at(o + 6))
            else {
                return;
            };
            cx.uint(rec, HS_VERSION, o, 2, version as u64);
            cx.uint(rec, HS_CIPHER_SPEC_LEN, o + 2, 2, specs as u64);
            cx.uint(rec, HS_SESSION_ID_LENGTH, o + 4, 2, sid as u64);
            cx.uint(rec, HS_CHALLENGE_LENGTH, o + 6, 2, challenge as u64);
            o += 8;
            o = sslv2_cipher_specs(cx, data, o, specs, rec);
            if sid > 0 && o + sid <= data.len() {
                let it = cx.tree.add(rec, HS_SESSION_ID, o, sid, Value::Bytes);
                cx.tree
                    .set_label(it, format_args!("Session ID ({sid} bytes)"));
            }
            o += sid;
            if o + challenge <= data.len() {
                cx.tree.add(rec, HS_CHALLENGE, o, challenge, Value::None);
            }
        }
        2 => {
            let Some(spec) = read::be24(data, o) else {
                return;
            };
            sslv2_cipher_spec(cx, rec, o, spec);
            let (Some(clear), Some(encrypted), Some(arg)) =
                (u16_at(o + 3), u16_at(o + 5), u16_at(o + 7))
            else {
                return;
            };
            cx.uint(rec, HS_CLEAR_KEY_LENGTH, o + 3, 2, clear as u64);
            cx.uint(rec, HS_ENCRYPTED_KEY_LENGTH, o + 5, 2, encrypted as u64);
            cx.uint(rec, HS_KEY_ARG_LENGTH, o + 7, 2, arg as u64);
            o += 9;
            for (field, n) in [
                (HS_CLEAR_KEY_DATA, clear),
                (HS_ENCRYPTED_KEY, encrypted),
                (HS_KEY_ARG, arg),
            ] {
                if n > 0 && o + n <= data.len() {
                    cx.tree.add(rec, field, o, n, Value::None);
                }
                o += n;
            }
        }
        4 => {
            let (Some(&hit), Some(&cert_type)) = (data.get(o), data.get(o + 1)) else {
                return;
            };
            let (Some(version), Some(cert), Some(specs), Some(conn)) =
                (u16_at(o + 2), u16_at(o + 4), u16_at(o + 6), u16_at(o + 8))
            else {
                return;
            };
            cx.tree.add(
                rec,
                HS_SESSION_ID_HIT,
                o,
                1,
                Value::UInt(u64::from(hit != 0)),
            );
            cx.uint(rec, HS_CERT_TYPE, o + 1, 1, cert_type as u64);
            cx.uint(rec, HS_VERSION, o + 2, 2, version as u64);
            cx.uint(rec, HS_CERTIFICATE_LENGTH, o + 4, 2, cert as u64);
            cx.uint(rec, HS_CIPHER_SPEC_LEN, o + 6, 2, specs as u64);
            cx.uint(rec, HS_CONNECTION_ID_LENGTH, o + 8, 2, conn as u64);
            o += 10;
            if cert > 0 && o + cert <= data.len() {
                let it = cx.tree.add(rec, HS_CERTIFICATE, o, cert, Value::Bytes);
                crate::protocols::x509::certificate(cx, data, o, cert, it);
            }
            o += cert;
            o = sslv2_cipher_specs(cx, data, o, specs, rec);
            if o + conn <= data.len() {
                cx.tree.add(rec, HS_CONNECTION_ID, o, conn, Value::None);
            }
        }
        _ => {}
    }
}

/// The "Cipher Specs (N specs)" list of `len` bytes at `at`; returns where it ends.
fn sslv2_cipher_specs(cx: &mut Cx, data: &[u8], at: usize, len: usize, rec: ItemIdx) -> usize {
    let end = (at + len).min(data.len());
    let list = cx.tree.add(rec, HS_CIPHERSUITES, at, end - at, Value::None);
    cx.tree
        .set_label(list, format_args!("Cipher Specs ({} specs)", len / 3));
    let mut o = at;
    while o + 3 <= end {
        if let Some(spec) = read::be24(data, o) {
            sslv2_cipher_spec(cx, list, o, spec);
        }
        o += 3;
    }
    at + len
}

/// One cipher spec: SSLv2's own kinds by name, a TLS suite (0x00XXXX) by its TLS name.
fn sslv2_cipher_spec(cx: &mut Cx, parent: ItemIdx, at: usize, spec: u32) {
    let it = cx.uint(parent, HS_CIPHERSPEC, at, 3, spec as u64);
    let name = match spec {
        0x01_0080 => "SSL2_RC4_128_WITH_MD5",
        0x02_0080 => "SSL2_RC4_128_EXPORT40_WITH_MD5",
        0x03_0080 => "SSL2_RC2_128_CBC_WITH_MD5",
        0x04_0080 => "SSL2_RC2_128_CBC_EXPORT40_WITH_MD5",
        0x05_0080 => "SSL2_IDEA_128_CBC_WITH_MD5",
        0x06_0040 => "SSL2_DES_64_CBC_WITH_MD5",
        0x07_00c0 => "SSL2_DES_192_EDE3_CBC_WITH_MD5",
        0x08_0080 => "SSL2_RC4_64_WITH_MD5",
        s if s >> 16 == 0 => name_or(names::CIPHER_SUITES, s as u64, "Unknown"),
        _ => "Unknown",
    };
    cx.tree
        .set_label(it, format_args!("Cipher Spec: {name} (0x{spec:06x})"));
}

/// The name `table` gives `v`, or `unknown`.
pub(crate) fn name_or(
    table: &'static [(u64, &'static str)],
    v: u64,
    unknown: &'static str,
) -> &'static str {
    table
        .iter()
        .find(|(k, _)| *k == v)
        .map_or(unknown, |(_, n)| *n)
}

/// Reports a vector or message that runs past its end: the Wireshark expert "not enough data".
pub(crate) fn too_small(cx: &mut Cx, parent: ItemIdx, offset: usize) {
    if cx.state.tls.in_dtls {
        return;
    }
    cx.expert(
        parent,
        MALFORMED_BUFFER_TOO_SMALL,
        Severity::Error,
        Group::Malformed,
        format_args!("Malformed message, not enough data is available"),
    );
    cx.malformed(offset, "TLS message cut short");
}

#[cfg(test)]
mod heuristic_tests {
    use super::looks_like_tls;

    /// tshark 4.0's answers for segments on ports no protocol takes (crafted conversations).
    #[test]
    fn record_headers_tshark_takes_for_tls() {
        for (payload, tls) in [
            (&b"\x17\x03\x01\x00\x05hello"[..], true),
            (b"\x17\x03\x00\x00\x05hello", true),
            (b"\x16\x03\x03\x00\x05\x0b\x00\x00\x01\x00", true),
            (b"\x16\x03\x03\x00\x05\x63\x00\x00\x01\x00", true),
            (b"\x17\x03\x01\x47\xff", true),
            (b"\x15\x03\x03\x00\x02\x01\x00", false),
            (b"\x14\x03\x03\x00\x01\x01", false),
            (b"\x18\x03\x03\x00\x03abc", false),
            (b"\x17\x03\x04\x00\x05hello", false),
            (b"\x17\x03\x01\x48\x00", false),
            (b"\x17\x03\x01\x00\x00", false),
            (b"\x17\x03\x01", false),
        ] {
            assert_eq!(looks_like_tls(payload), tls, "{payload:02x?}");
        }
    }
}
