//! The Lightweight Directory Access Protocol (RFC 4511) as tshark 4.0 shows it: BER-encoded
//! LDAPMessages over TCP ports 389 and 3268, each shown as its own "Lightweight Directory Access
//! Protocol" tree with every component's bytes.
//!
//! What tshark 4.0 does, and so what this does (checked on a real slapd exchange,
//! scripts/record-ldap-fixture.sh, zeek/ldap/modify-request.pcapng and the crafted messages of
//! scripts/make-ldap-cases.py):
//! - A PDU is one LDAPMessage, framed by its outer BER length (a segment may hold several, and one
//!   may span segments); a segment whose first byte is not a SEQUENCE tag, or whose length is under
//!   2, is not LDAP and gets no tree.
//! - Items cover what Wireshark's BER dissector gives them: a universal SEQUENCE its whole TLV, a
//!   SEQUENCE OF, an implicitly tagged value or a primitive one its content only, a CHOICE
//!   alternative of the protocol operation its whole TLV, one of a filter its content.
//! - The Info column and the LDAPMessage item get "op(messageID)", the DN in quotes ("<ROOT>" when
//!   empty), a search's scope, a bind's authentication, a result's code and error message; several
//!   messages in a frame are joined by " | "; a search's entries are counted per connection and the
//!   count shown on each entry and with the searchResDone.
//! - A search filter is rendered as Wireshark renders it: an `and` or `or` of n items nests pairs,
//!   "(&(&(a)(b))(c))".
//! - Responses name the request with the same messageID on the connection ("Response To", "Time").

use std::collections::HashMap;

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::flow::stream::{Expected, PduLength, StreamProtocol};
use crate::protocols::x509::der::{self, Header};

fields::declare_protocol! {
    proto LDAP = super::ids::LDAP, "Lightweight Directory Access Protocol", "LDAP", "ldap";
    SASL_BUFFER_LENGTH: "ldap.sasl_buffer_length", "SASL Buffer Length", UInt32, Dec;
    RESPONSE_IN: "ldap.response_in", "Response In", FrameNum, None, blurb "The response to this LDAP request is in this frame";
    RESPONSE_TO: "ldap.response_to", "Response To", FrameNum, None, blurb "This is a response to the LDAP request in this frame";
    TIME: "ldap.time", "Time", RelativeTime, None, blurb "The time between the Call and the Reply";
    LDAPMESSAGE: "ldap.LDAPMessage_element", "LDAPMessage", None, None;
    OID: "ldap.oid", "OID", String, None;
    SEARCH_CONTROL_VALUE: "ldap.SearchControlValue_element", "SearchControlValue", None, None;
    MESSAGE_ID: "ldap.messageID", "messageID", UInt32, Dec;
    PROTOCOL_OP: "ldap.protocolOp", "protocolOp", UInt32, Dec, values PROTOCOL_OP_NAMES;
    CONTROLS: "ldap.controls", "controls", UInt32, Dec;
    BIND_REQUEST: "ldap.bindRequest_element", "bindRequest", None, None;
    BIND_RESPONSE: "ldap.bindResponse_element", "bindResponse", None, None;
    UNBIND_REQUEST: "ldap.unbindRequest_element", "unbindRequest", None, None;
    SEARCH_REQUEST: "ldap.searchRequest_element", "searchRequest", None, None;
    SEARCH_RES_ENTRY: "ldap.searchResEntry_element", "searchResEntry", None, None, blurb "SearchResultEntry";
    SEARCH_RES_DONE: "ldap.searchResDone_element", "searchResDone", None, None, blurb "SearchResultDone";
    SEARCH_RES_REF: "ldap.searchResRef", "searchResRef", UInt32, Dec, blurb "SearchResultReference";
    MODIFY_REQUEST: "ldap.modifyRequest_element", "modifyRequest", None, None;
    MODIFY_RESPONSE: "ldap.modifyResponse_element", "modifyResponse", None, None;
    ADD_REQUEST: "ldap.addRequest_element", "addRequest", None, None;
    ADD_RESPONSE: "ldap.addResponse_element", "addResponse", None, None;
    DEL_REQUEST: "ldap.delRequest", "delRequest", String, None;
    DEL_RESPONSE: "ldap.delResponse_element", "delResponse", None, None;
    MOD_DN_REQUEST: "ldap.modDNRequest_element", "modDNRequest", None, None, blurb "ModifyDNRequest";
    MOD_DN_RESPONSE: "ldap.modDNResponse_element", "modDNResponse", None, None, blurb "ModifyDNResponse";
    COMPARE_REQUEST: "ldap.compareRequest_element", "compareRequest", None, None;
    COMPARE_RESPONSE: "ldap.compareResponse_element", "compareResponse", None, None;
    ABANDON_REQUEST: "ldap.abandonRequest", "abandonRequest", UInt32, Dec;
    EXTENDED_REQ: "ldap.extendedReq_element", "extendedReq", None, None, blurb "ExtendedRequest";
    EXTENDED_RESP: "ldap.extendedResp_element", "extendedResp", None, None, blurb "ExtendedResponse";
    INTERMEDIATE_RESPONSE: "ldap.intermediateResponse_element", "intermediateResponse", None, None;
    ATTRIBUTE_DESCRIPTION: "ldap.AttributeDescription", "AttributeDescription", String, None;
    ATTRIBUTE_DESC: "ldap.attributeDesc", "attributeDesc", String, None, blurb "AttributeDescription";
    ASSERTION_VALUE: "ldap.assertionValue", "assertionValue", String, None;
    TYPE: "ldap.type", "type", String, None, blurb "AttributeDescription";
    VALS: "ldap.vals", "vals", UInt32, Dec, blurb "SET_OF_AttributeValue";
    ATTRIBUTE_VALUE: "ldap.AttributeValue", "AttributeValue", Bytes, None;
    RESULT_CODE: "ldap.resultCode", "resultCode", UInt32, Dec, values RESULT_CODE_NAMES;
    MATCHED_DN: "ldap.matchedDN", "matchedDN", String, None, blurb "LDAPDN";
    ERROR_MESSAGE: "ldap.errorMessage", "errorMessage", String, None;
    REFERRAL: "ldap.referral", "referral", UInt32, Dec;
    LDAPURL: "ldap.LDAPURL", "LDAPURL", String, None;
    CONTROL: "ldap.Control_element", "Control", None, None;
    CONTROL_TYPE: "ldap.controlType", "controlType", String, None;
    CRITICALITY: "ldap.criticality", "criticality", Boolean, Bits(0), blurb "BOOLEAN";
    CONTROL_VALUE: "ldap.controlValue", "controlValue", Bytes, None;
    VERSION: "ldap.version", "version", UInt32, Dec, blurb "INTEGER_1_127";
    NAME: "ldap.name", "name", String, None, blurb "LDAPDN";
    AUTHENTICATION: "ldap.authentication", "authentication", UInt32, Dec, values AUTH_NAMES, blurb "AuthenticationChoice";
    SIMPLE: "ldap.simple", "simple", String, None;
    SASL: "ldap.sasl_element", "sasl", None, None, blurb "SaslCredentials";
    MECHANISM: "ldap.mechanism", "mechanism", String, None;
    CREDENTIALS: "ldap.credentials", "credentials", Bytes, None;
    SERVER_SASL_CREDS: "ldap.serverSaslCreds", "serverSaslCreds", Bytes, None;
    BASE_OBJECT: "ldap.baseObject", "baseObject", String, None, blurb "LDAPDN";
    SCOPE: "ldap.scope", "scope", UInt32, Dec, values SCOPE_NAMES;
    DEREF_ALIASES: "ldap.derefAliases", "derefAliases", UInt32, Dec, values DEREF_NAMES;
    SIZE_LIMIT: "ldap.sizeLimit", "sizeLimit", UInt32, Dec, blurb "INTEGER_0_maxInt";
    TIME_LIMIT: "ldap.timeLimit", "timeLimit", UInt32, Dec, blurb "INTEGER_0_maxInt";
    TYPES_ONLY: "ldap.typesOnly", "typesOnly", Boolean, Bits(0), blurb "BOOLEAN";
    FILTER: "ldap.filter", "filter", UInt32, Dec, values FILTER_NAMES;
    ATTRIBUTES: "ldap.attributes", "attributes", UInt32, Dec, blurb "AttributeDescriptionList";
    AND: "ldap.and", "and", UInt32, Dec;
    AND_ITEM: "ldap.and_item", "and item", UInt32, Dec, values FILTER_NAMES;
    OR: "ldap.or", "or", UInt32, Dec;
    OR_ITEM: "ldap.or_item", "or item", UInt32, Dec, values FILTER_NAMES;
    NOT: "ldap.not", "not", UInt32, Dec, values FILTER_NAMES;
    EQUALITY_MATCH: "ldap.equalityMatch_element", "equalityMatch", None, None;
    SUBSTRINGS_ELEMENT: "ldap.substrings_element", "substrings", None, None, blurb "SubstringFilter";
    GREATER_OR_EQUAL: "ldap.greaterOrEqual_element", "greaterOrEqual", None, None;
    LESS_OR_EQUAL: "ldap.lessOrEqual_element", "lessOrEqual", None, None;
    PRESENT: "ldap.present", "present", String, None;
    APPROX_MATCH: "ldap.approxMatch_element", "approxMatch", None, None;
    EXTENSIBLE_MATCH: "ldap.extensibleMatch_element", "extensibleMatch", None, None;
    SUBSTRINGS: "ldap.substrings", "substrings", UInt32, Dec, blurb "T_substringFilter_substrings";
    SUBSTRINGS_ITEM: "ldap.substrings_item", "substrings item", UInt32, Dec, values SUBSTRING_NAMES, blurb "T_substringFilter_substrings_item";
    INITIAL: "ldap.initial", "initial", String, None, blurb "LDAPString";
    ANY: "ldap.any", "any", String, None, blurb "LDAPString";
    FINAL: "ldap.final", "final", String, None, blurb "LDAPString";
    MATCHING_RULE: "ldap.matchingRule", "matchingRule", String, None, blurb "MatchingRuleId";
    MATCH_VALUE: "ldap.matchValue", "matchValue", String, None, blurb "AssertionValue";
    DN_ATTRIBUTES: "ldap.dnAttributes", "dnAttributes", Boolean, Bits(0);
    OBJECT_NAME: "ldap.objectName", "objectName", String, None, blurb "LDAPDN";
    PARTIAL_ATTRIBUTE_LIST_ITEM: "ldap.PartialAttributeList_item_element", "PartialAttributeList item", None, None;
    OBJECT: "ldap.object", "object", String, None, blurb "LDAPDN";
    MODIFICATION: "ldap.modification", "modification", UInt32, Dec, blurb "ModifyRequest_modification";
    MODIFICATION_ITEM: "ldap.modification_item_element", "modification item", None, None, blurb "T_modifyRequest_modification_item";
    OPERATION: "ldap.operation", "operation", UInt32, Dec, values OPERATION_NAMES;
    MODIFICATION_ELEMENT: "ldap.modification_element", "modification", None, None, blurb "AttributeTypeAndValues";
    ENTRY: "ldap.entry", "entry", String, None, blurb "LDAPDN";
    ATTRIBUTE_LIST_ITEM: "ldap.AttributeList_item_element", "AttributeList item", None, None;
    NEWRDN: "ldap.newrdn", "newrdn", String, None, blurb "RelativeLDAPDN";
    DELETEOLDRDN: "ldap.deleteoldrdn", "deleteoldrdn", Boolean, Bits(0), blurb "BOOLEAN";
    NEW_SUPERIOR: "ldap.newSuperior", "newSuperior", String, None, blurb "LDAPDN";
    AVA: "ldap.ava_element", "ava", None, None, blurb "AttributeValueAssertion";
    REQUEST_NAME: "ldap.requestName", "requestName", String, None, blurb "LDAPOID";
    REQUEST_VALUE: "ldap.requestValue", "requestValue", Bytes, None;
    RESPONSE_NAME: "ldap.responseName", "responseName", String, None;
    RESPONSE: "ldap.response", "response", Bytes, None, blurb "OCTET_STRING";
    RESPONSE_VALUE: "ldap.responseValue", "responseValue", Bytes, None, blurb "T_intermediateResponse_responseValue";
    SIZE: "ldap.size", "size", Int32, Dec, blurb "INTEGER";
    COOKIE: "ldap.cookie", "cookie", Bytes, None, blurb "OCTET_STRING";
    TOO_MANY_FILTER_ELEMENTS: "ldap.too_many_filter_elements", "Found more than %%u filter elements. Giving up.", None, None;
}

/// The TCP ports tshark 4.0 takes for LDAP (`tshark -G decodes`: 389, and 3268 the global catalog).
pub const TCP_PORTS: [u16; 2] = [389, 3268];

static PROTOCOL_OP_NAMES: &[(u64, &str)] = &[
    (0, "bindRequest"),
    (1, "bindResponse"),
    (2, "unbindRequest"),
    (3, "searchRequest"),
    (4, "searchResEntry"),
    (5, "searchResDone"),
    (19, "searchResRef"),
    (6, "modifyRequest"),
    (7, "modifyResponse"),
    (8, "addRequest"),
    (9, "addResponse"),
    (10, "delRequest"),
    (11, "delResponse"),
    (12, "modDNRequest"),
    (13, "modDNResponse"),
    (14, "compareRequest"),
    (15, "compareResponse"),
    (16, "abandonRequest"),
    (23, "extendedReq"),
    (24, "extendedResp"),
    (25, "intermediateResponse"),
];

static AUTH_NAMES: &[(u64, &str)] = &[
    (0, "simple"),
    (3, "sasl"),
    (10, "ntlmsspNegotiate"),
    (11, "ntlmsspAuth"),
];

static SCOPE_NAMES: &[(u64, &str)] = &[(0, "baseObject"), (1, "singleLevel"), (2, "wholeSubtree")];

static DEREF_NAMES: &[(u64, &str)] = &[
    (0, "neverDerefAliases"),
    (1, "derefInSearching"),
    (2, "derefFindingBaseObj"),
    (3, "derefAlways"),
];

static FILTER_NAMES: &[(u64, &str)] = &[
    (0, "and"),
    (1, "or"),
    (2, "not"),
    (3, "equalityMatch"),
    (4, "substrings"),
    (5, "greaterOrEqual"),
    (6, "lessOrEqual"),
    (7, "present"),
    (8, "approxMatch"),
    (9, "extensibleMatch"),
];

static SUBSTRING_NAMES: &[(u64, &str)] = &[(0, "initial"), (1, "any"), (2, "final")];

static OPERATION_NAMES: &[(u64, &str)] =
    &[(0, "add"), (1, "delete"), (2, "replace"), (3, "increment")];

static RESULT_CODE_NAMES: &[(u64, &str)] = &[
    (0, "success"),
    (1, "operationsError"),
    (2, "protocolError"),
    (3, "timeLimitExceeded"),
    (4, "sizeLimitExceeded"),
    (5, "compareFalse"),
    (6, "compareTrue"),
    (7, "authMethodNotSupported"),
    (8, "strongAuthRequired"),
    (10, "referral"),
    (11, "adminLimitExceeded"),
    (12, "unavailableCriticalExtension"),
    (13, "confidentialityRequired"),
    (14, "saslBindInProgress"),
    (16, "noSuchAttribute"),
    (17, "undefinedAttributeType"),
    (18, "inappropriateMatching"),
    (19, "constraintViolation"),
    (20, "attributeOrValueExists"),
    (21, "invalidAttributeSyntax"),
    (32, "noSuchObject"),
    (33, "aliasProblem"),
    (34, "invalidDNSyntax"),
    (36, "aliasDereferencingProblem"),
    (48, "inappropriateAuthentication"),
    (49, "invalidCredentials"),
    (50, "insufficientAccessRights"),
    (51, "busy"),
    (52, "unavailable"),
    (53, "unwillingToPerform"),
    (54, "loopDetect"),
    (64, "namingViolation"),
    (65, "objectClassViolation"),
    (66, "notAllowedOnNonLeaf"),
    (67, "notAllowedOnRDN"),
    (68, "entryAlreadyExists"),
    (69, "objectClassModsProhibited"),
    (71, "affectsMultipleDSAs"),
    (80, "other"),
    (118, "canceled"),
    (119, "noSuchOperation"),
    (120, "tooLate"),
    (121, "cannotCancel"),
];

/// Object identifiers LDAP names (controls, extended operations, features and Active Directory
/// capabilities), as tshark 4.0 names them (probed: a search entry listing candidate OIDs).
static OID_NAMES: &[(&str, &str)] = &[
    // The GSS-API mechanisms SASL binds negotiate.
    ("1.3.6.1.5.5.2", "SPNEGO - Simple Protected Negotiation"),
    ("1.2.840.48018.1.2.2", "MS KRB5 - Microsoft Kerberos 5"),
    ("1.2.840.113554.1.2.2", "KRB5 - Kerberos 5"),
    (
        "1.3.6.1.4.1.311.2.2.30",
        "NEGOEX - SPNEGO Extended Negotiation Security Mechanism",
    ),
    (
        "1.3.6.1.4.1.311.2.2.10",
        "NTLMSSP - Microsoft NTLM Security Support Provider",
    ),
    ("1.2.840.113556.1.4.319", "pagedResultsControl"),
    ("1.2.840.113556.1.4.417", "LDAP_SERVER_SHOW_DELETED_OID"),
    ("1.2.840.113556.1.4.473", "sortKeyList"),
    ("1.2.840.113556.1.4.474", "sortResult"),
    (
        "1.2.840.113556.1.4.521",
        "LDAP_SERVER_CROSSDOM_MOVE_TARGET_OID",
    ),
    ("1.2.840.113556.1.4.528", "LDAP_SERVER_NOTIFICATION_OID"),
    ("1.2.840.113556.1.4.529", "LDAP_SERVER_EXTENDED_DN_OID"),
    ("1.2.840.113556.1.4.582", "meetingAdvertiseScope"),
    ("1.2.840.113556.1.4.619", "LDAP_SERVER_LAZY_COMMIT_OID"),
    ("1.2.840.113556.1.4.650", "mhsORAddress"),
    ("1.2.840.113556.1.4.654", "managedObjects"),
    ("1.2.840.113556.1.4.800", "LDAP_CAP_ACTIVE_DIRECTORY_OID"),
    ("1.2.840.113556.1.4.801", "LDAP_SERVER_SD_FLAGS_OID"),
    ("1.2.840.113556.1.4.802", "LDAP_SERVER_RANGE_OPTION_OID"),
    ("1.2.840.113556.1.4.804", "LDAP_OID_COMPARATOR_OR"),
    ("1.2.840.113556.1.4.805", "LDAP_SERVER_TREE_DELETE_OID"),
    ("1.2.840.113556.1.4.841", "dirsync"),
    ("1.2.840.113556.1.4.970", "LDAP_SERVER_GET_STATS_OID"),
    ("1.2.840.113556.1.4.1338", "LDAP_SERVER_VERIFY_NAME_OID"),
    ("1.2.840.113556.1.4.1339", "LDAP_SERVER_DOMAIN_SCOPE_OID"),
    ("1.2.840.113556.1.4.1340", "LDAP_SERVER_SEARCH_OPTIONS_OID"),
    ("1.2.840.113556.1.4.1341", "LDAP_SERVER_RODC_DCPROMO_OID"),
    (
        "1.2.840.113556.1.4.1413",
        "LDAP_SERVER_PERMISSIVE_MODIFY_OID",
    ),
    ("1.2.840.113556.1.4.1504", "LDAP_SERVER_ASQ_OID"),
    (
        "1.2.840.113556.1.4.1670",
        "LDAP_CAP_ACTIVE_DIRECTORY_V51_OID",
    ),
    ("1.2.840.113556.1.4.1711", "msDS-SDReferenceDomain"),
    ("1.2.840.113556.1.4.1717", "msDS-AdditionalDnsHostName"),
    ("1.2.840.113556.1.4.1781", "LDAP_SERVER_FAST_BIND_OID"),
    (
        "1.2.840.113556.1.4.1791",
        "LDAP_CAP_ACTIVE_DIRECTORY_LDAP_INTEG_OID",
    ),
    ("1.2.840.113556.1.4.1840", "msDS-ObjectReference"),
    ("1.2.840.113556.1.4.1848", "msDS-QuotaEffective"),
    (
        "1.2.840.113556.1.4.1851",
        "LDAP_CAP_ACTIVE_DIRECTORY_ADAM_OID",
    ),
    ("1.2.840.113556.1.4.1852", "LDAP_SERVER_QUOTA_CONTROL_OID"),
    ("1.2.840.113556.1.4.1860", "msDS-PortSSL"),
    ("1.2.840.113556.1.4.1907", "LDAP_SERVER_SHUTDOWN_NOTIFY_OID"),
    (
        "1.2.840.113556.1.4.1948",
        "LDAP_SERVER_RANGE_RETRIEVAL_NOERR_OID",
    ),
    ("1.2.840.113556.1.4.1960", "msDS-isRODC"),
    ("1.2.840.113556.1.4.1974", "LDAP_SERVER_FORCE_UPDATE_OID"),
    ("1.2.840.113556.1.4.2026", "LDAP_SERVER_DN_INPUT_OID"),
    ("1.2.840.113556.1.4.2064", "LDAP_SERVER_SHOW_RECYCLED_OID"),
    (
        "1.2.840.113556.1.4.2065",
        "LDAP_SERVER_SHOW_DEACTIVATED_LINK_OID",
    ),
    (
        "1.2.840.113556.1.4.2066",
        "LDAP_SERVER_POLICY_HINTS_DEPRECATED_OID",
    ),
    ("1.2.840.113556.1.4.2090", "LDAP_SERVER_DIRSYNC_EX_OID"),
    ("1.2.840.113556.1.4.2204", "LDAP_SERVER_TREE_DELETE_EX_OID"),
    ("1.2.840.113556.1.4.2205", "LDAP_SERVER_UPDATE_STATS_OID"),
    ("1.2.840.113556.1.4.2206", "LDAP_SERVER_SEARCH_HINTS_OID"),
    (
        "1.2.840.113556.1.4.2211",
        "LDAP_SERVER_EXPECTED_ENTRY_COUNT_OID",
    ),
    ("1.2.840.113556.1.4.2239", "LDAP_SERVER_POLICY_HINTS_OID"),
    ("1.2.840.113556.1.4.2255", "LDAP_SERVER_SET_OWNER_OID"),
    ("1.2.840.113556.1.4.2256", "LDAP_SERVER_BYPASS_QUOTA_OID"),
    ("1.2.840.113556.1.4.2309", "LDAP_SERVER_LINK_TTL_OID"),
    (
        "1.2.840.113556.1.4.2330",
        "LDAP_SERVER_SET_CORRELATION_ID_OID",
    ),
    (
        "1.2.840.113556.1.4.2354",
        "LDAP_SERVER_THREAD_TRACE_OVERRIDE_OID",
    ),
    ("1.3.6.1.4.1.4203.1.11.1", "passwdModifyOID"),
    ("1.3.6.1.4.1.1466.20037", "LDAP_START_TLS_OID"),
    ("1.3.6.1.4.1.1466.101.119.1", "DYNAMIC_REFRESH"),
    ("2.16.840.1.113730.3.4.2", "Manage DSA IT LDAPv3 control"),
    (
        "2.16.840.1.113730.3.4.3",
        "Persistent Search LDAPv3 control",
    ),
    (
        "2.16.840.1.113730.3.4.4",
        "Netscape Password Expired LDAPv3 control",
    ),
    (
        "2.16.840.1.113730.3.4.5",
        "Netscape Password Expiring LDAPv3 control",
    ),
    (
        "2.16.840.1.113730.3.4.6",
        "Netscape NT Synchronization Client LDAPv3 control",
    ),
    (
        "2.16.840.1.113730.3.4.7",
        "Entry Change Notification LDAPv3 control",
    ),
    ("2.16.840.1.113730.3.4.8", "Transaction ID Request Control"),
    ("2.16.840.1.113730.3.4.9", "VLV Request LDAPv3 control"),
    ("2.16.840.1.113730.3.4.10", "VLV Response LDAPv3 control"),
    (
        "2.16.840.1.113730.3.4.11",
        "Transaction ID Response Control",
    ),
    (
        "2.16.840.1.113730.3.4.12",
        "Proxied Authorization (version 1) control",
    ),
    (
        "2.16.840.1.113730.3.4.13",
        "iPlanet Directory Server Replication Update Information Control",
    ),
    (
        "2.16.840.1.113730.3.4.14",
        "iPlanet Directory Server search on specific backend control",
    ),
    (
        "2.16.840.1.113730.3.4.15",
        "Authentication Response Control",
    ),
    ("2.16.840.1.113730.3.4.16", "Authentication Request Control"),
    (
        "2.16.840.1.113730.3.4.17",
        "Real Attributes Only Request Control",
    ),
    (
        "2.16.840.1.113730.3.4.18",
        "Proxied Authorization (version 2) Control",
    ),
    ("2.16.840.1.113730.3.4.19", "Chaining loop detection"),
    ("1.3.6.1.1.8", "cancelRequestOID"),
    ("1.3.6.1.1.8.0", "cancelRequestOID.0"),
    ("1.3.6.1.1.8.1", "cancelRequestOID.1"),
    ("1.3.6.1.1.8.2", "cancelRequestOID.2"),
    ("1.3.6.1.1.8.3", "cancelRequestOID.3"),
    ("1.3.6.1.1.8.4", "cancelRequestOID.4"),
    ("1.3.6.1.1.8.5", "cancelRequestOID.5"),
    ("1.3.6.1.1.16.4", "entryUUID"),
    ("1.3.6.1.4.1.42.2.27.8.5.1", "passwordPolicy"),
];

/// The name tshark gives `oid` in parentheses ("*** Malformed OID ***" when the text is not a dotted
/// identifier); `None` for an empty one.
pub(crate) fn oid_resolved(oid: &str) -> Option<String> {
    if oid.is_empty() {
        return None;
    }
    let valid = !oid.is_empty()
        && oid
            .split('.')
            .all(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()));
    if !valid {
        return Some("*** Malformed OID ***".to_owned());
    }
    if let Some((_, n)) = OID_NAMES.iter().find(|(o, _)| *o == oid) {
        return Some((*n).to_owned());
    }
    Some(crate::protocols::x509::names::resolved(oid))
}

/// LDAP over TCP: one LDAPMessage per PDU.
pub static STREAM: StreamProtocol = StreamProtocol {
    name: "ldap",
    proto: LDAP,
    pdu_length,
    pdu_found: Some(pdu_found),
    dissect,
    held: None,
    // Wireshark's LDAP asks TCP for the rest of a message without adding anything.
    called_on_start: false,
    pdu_size: true,
    layer_per_run: true,
    // StartTLS hands the connection to TLS.
    hands_over_to: &[super::ids::TLS],
    item_per_run: false,
};

/// The length of the LDAPMessage at the start of `bytes`: its BER header and declared length. Fewer
/// than 7 bytes (the smallest message) wait for more, as Wireshark's framing asks for them.
fn pdu_length(bytes: &[u8], expected: &Expected) -> PduLength {
    // After a SASL bind that set up a security layer, a PDU is a 4-byte length and that many bytes
    // when the length is one Wireshark takes for a SASL buffer.
    if expected.next() == Some(SASL_ON) {
        match crate::cx::read::be32(bytes, 0) {
            None => return PduLength::NeedMore,
            Some(n) if (2..=SASL_MAX_BUF).contains(&n) => return PduLength::Known(4 + n as usize),
            Some(_) => {}
        }
    }
    if bytes.len() < 7 {
        return PduLength::NeedMore;
    }
    if bytes.first() != Some(&0x30) {
        // Not an LDAPMessage: the rest is given to the dissector, which shows nothing.
        return PduLength::Known(bytes.len());
    }
    match der::header(bytes, 0) {
        Some(Header {
            len: Some(len),
            content,
            ..
        }) if len >= 2 => match usize::try_from(len)
            .ok()
            .and_then(|l| l.checked_add(content))
        {
            Some(n) => PduLength::Known(n),
            None => PduLength::Known(bytes.len()),
        },
        _ => PduLength::Known(bytes.len()),
    }
}

/// The StartTLS extended operation (RFC 4511 4.14).
const START_TLS_OID: &str = "1.3.6.1.4.1.1466.20037";

/// The largest SASL buffer Wireshark's LDAP takes (`LDAP_SASL_MAX_BUF`).
const SASL_MAX_BUF: u32 = 1024 * 1024;

/// The tag a direction's [`Expected`] queue holds while the connection's SASL security layer is on.
const SASL_ON: u8 = 1;

/// Notes the binds that turn the SASL security layer on (a bind response carrying server SASL
/// credentials) and off (a new SASL bind request), for both directions' framing.
fn pdu_found(pdu: &[u8], own: &mut Expected, peer: &mut Expected) {
    let Some((op, content, end)) = peek_op(pdu) else {
        return;
    };
    let mut children = Vec::new();
    let mut at = content;
    while at < end && children.len() < 8 {
        let Some(h) = der::header(&pdu[..end], at) else {
            break;
        };
        let Some(e) = h.end().filter(|&e| e <= end) else {
            break;
        };
        children.push(h);
        at = e;
    }
    let set = |q: &mut Expected, on: bool| {
        if (q.next() == Some(SASL_ON)) != on {
            if on {
                q.push(SASL_ON);
            } else {
                q.pop();
            }
        }
    };
    match op {
        0 if children
            .get(2)
            .is_some_and(|h| h.class == CONTEXT && h.tag == 3) =>
        {
            set(own, false);
            set(peer, false);
        }
        1 if children.iter().any(|h| h.class == CONTEXT && h.tag == 7) => {
            set(own, true);
            set(peer, true);
        }
        _ => {}
    }
}

/// The protocol operation of the LDAPMessage `pdu`: its tag, and where its content starts and ends.
fn peek_op(pdu: &[u8]) -> Option<(u32, usize, usize)> {
    let m = der::header(pdu, 0)?;
    if m.class != UNIVERSAL || m.tag != 16 {
        return None;
    }
    let id = der::header(pdu, m.content)?;
    let after = id.content.checked_add(usize::try_from(id.len?).ok()?)?;
    let op = der::header(pdu, after)?;
    if op.class != APPLICATION {
        return None;
    }
    let end = op
        .content
        .checked_add(usize::try_from(op.len?).ok()?)?
        .min(pdu.len());
    Some((op.tag, op.content, end))
}

/// The most TCP streams whose requests are remembered, and requests per stream.
const MAX_STREAMS: usize = 1024;
const MAX_REQUESTS: usize = 4096;

/// LDAP state of the run.
#[derive(Debug, Default)]
pub struct State {
    /// Per TCP stream: the frame and time of the latest request with each messageID, and the count
    /// of search entries since the last searchResDone.
    streams: HashMap<u32, Conversation, foldhash::fast::RandomState>,
    /// The frame whose messages are being dissected, and how many were.
    frame: u64,
    in_frame: u32,
}

#[derive(Debug, Default)]
struct Conversation {
    requests: HashMap<u32, (u64, i128), foldhash::fast::RandomState>,
    results: u32,
    /// The last bind was a SASL one.
    sasl: bool,
    /// The frame from which the SASL security layer is on (0: not on).
    sasl_from: u64,
    /// The SASL mechanism of the last bind that named one.
    mechanism: Option<String>,
    /// A StartTLS extended request waits for its response.
    start_tls_pending: bool,
}

/// Dissects the LDAPMessage of `data[offset..]` (one PDU). TCP lists the layer.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let end = data.len();
    let sasl = is_sasl_buffer(cx, data, offset);
    // Wireshark's framing hands on only what starts as an LDAPMessage with a length of 2 or more.
    let looks = sasl.is_some()
        || data[offset] == 0x30
            && der::header(data, offset).is_some_and(|h| h.len.is_none_or(|l| l >= 2));
    if !looks {
        return end - offset;
    }
    cx.set_protocol("LDAP");
    let number = cx.meta.number;
    let first = {
        let st = &mut cx.state.ldap;
        if st.frame != number {
            st.frame = number;
            st.in_frame = 0;
        }
        st.in_frame += 1;
        st.in_frame == 1
    };
    if first {
        cx.set_info(format_args!(""));
    } else {
        cx.append_info(format_args!(" | "));
    }
    let outer = cx.layer_parent(parent);
    let top = cx
        .tree
        .add(outer, PROTOCOL_FIELD, offset, end - offset, Value::None);
    if let Some(n) = sasl {
        sasl_buffer(cx, data, offset, n, top);
        return end - offset;
    }
    let mut m = Msg::new(data);
    m.message(cx, offset, end, top);
    end - offset
}

/// Whether the PDU at `data[offset..]` is a SASL buffer: the conversation's SASL security layer is
/// on since an earlier frame, and the PDU starts with a length Wireshark takes for one.
fn is_sasl_buffer(cx: &Cx, data: &[u8], offset: usize) -> Option<u32> {
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    let conv = cx.state.ldap.streams.get(&stream)?;
    let n = crate::cx::read::be32(data, offset)?;
    (conv.sasl
        && conv.sasl_from != 0
        && cx.meta.number >= conv.sasl_from
        && (2..=SASL_MAX_BUF).contains(&n))
    .then_some(n)
}

/// A SASL buffer: its length, and the GSS-API wrap token with the LDAPMessages it carries.
fn sasl_buffer(cx: &mut Cx, data: &[u8], offset: usize, n: u32, top: ItemIdx) {
    let end = data.len();
    cx.uint(top, SASL_BUFFER_LENGTH, offset, 4, n as u64);
    let at = offset + 4;
    let buf_end = (at + n as usize).min(end);
    let buf = cx.text_item(top, at, buf_end - at, format_args!("SASL Buffer"));
    if !crate::protocols::gssapi::is_cfx_wrap(data, at, buf_end) {
        return;
    }
    let w = crate::protocols::gssapi::cfx_wrap(cx, data, at, buf_end, buf);
    if w.sealed {
        return;
    }
    cx.append_info(format_args!("SASL GSS-API Integrity: "));
    let len = buf_end - w.payload;
    let p = cx.text_item(
        buf,
        w.payload,
        len,
        format_args!("GSS-API payload ({len} bytes)"),
    );
    let d = &data[..buf_end];
    let mut at = w.payload;
    while at < buf_end {
        let Some(h) = der::header(d, at) else { break };
        let e = h.end().map_or(buf_end, |e| e.min(buf_end));
        let mut m = Msg::new(&d[..e]);
        m.message(cx, at, e, p);
        if m.stopped || e <= at {
            break;
        }
        at = e;
    }
}

/// Reading stopped: Wireshark's dissector raised an exception (the frame is marked malformed).
struct Stop;

type R<T> = Result<T, Stop>;

/// A value read in a container: its header, and where its content ends.
#[derive(Debug, Clone, Copy)]
struct Tlv {
    h: Header,
    end: usize,
}

impl Tlv {
    fn start(&self) -> usize {
        self.h.start
    }
    fn content(&self) -> usize {
        self.h.content
    }
    fn len(&self) -> usize {
        self.end - self.h.content
    }
    fn whole(&self) -> usize {
        self.end - self.h.start
    }
    fn is(&self, class: u8, tag: u32) -> bool {
        self.h.class == class && self.h.tag == tag
    }
}

/// The most filter elements and nesting levels read, as Wireshark gives up on longer filters.
const MAX_FILTER_ELEMENTS: u32 = 200;

/// How deep filters nest before Wireshark's tree depth limit stops the dissection (probed: 124
/// nested filters are shown, the next trips the limit).
const MAX_FILTER_DEPTH: u32 = 124;

/// The assertion Wireshark's depth limit fails, as its dissector bug report quotes it.
const DEPTH_ASSERTION: &str = "./epan/packet.c:3798: failed assertion \"pinfo->dissection_depth < (int)prefs.gui_max_tree_depth\"";

/// One LDAPMessage being dissected, with what Wireshark's dissector keeps while it runs.
struct Msg<'d> {
    d: &'d [u8],
    message_id: u32,
    op: u32,
    /// The protocol operation's "op(id)" is still to be written.
    do_protocolop: bool,
    /// The LDAPMessage item and its label so far.
    ldm: ItemIdx,
    ldm_label: String,
    /// The item whose label the messageID's text goes to (an abandonRequest's own id).
    filter_string: Option<String>,
    attributedesc: Option<String>,
    ldapvalue: Option<String>,
    attr_type: Option<String>,
    filter_elements: u32,
    filter_depth: u32,
    stopped: bool,
    /// A value was read only up to the end of the bytes captured.
    cut: bool,
}

const UNIVERSAL: u8 = 0;
const APPLICATION: u8 = 1;
const CONTEXT: u8 = 2;

impl<'d> Msg<'d> {
    fn new(d: &'d [u8]) -> Self {
        Msg {
            d,
            message_id: 0,
            op: 0,
            do_protocolop: false,
            ldm: ItemIdx::ROOT,
            ldm_label: String::from("LDAPMessage"),
            filter_string: None,
            attributedesc: None,
            ldapvalue: None,
            attr_type: None,
            filter_elements: 0,
            filter_depth: 0,
            stopped: false,
            cut: false,
        }
    }

    /// Reads the value at `at` inside a container ending at `end`; a header or length running past
    /// it raises the exception.
    fn tlv(&mut self, cx: &mut Cx, at: usize, end: usize) -> R<Tlv> {
        let h = match der::header(&self.d[..end], at) {
            Some(h) => h,
            None => return Err(self.fail(cx)),
        };
        let len = match h.len {
            Some(l) => l,
            // LDAP never uses the indefinite form; Wireshark's reading of it here runs to the end.
            None => (end - h.content) as u64,
        };
        match usize::try_from(len)
            .ok()
            .and_then(|l| l.checked_add(h.content))
        {
            Some(e) if e <= end => Ok(Tlv { h, end: e }),
            // A constructed value the capture cut: Wireshark reads its components up to the end
            // of the bytes captured, then raises the exception.
            _ if h.constructed && end == self.d.len() && cx.lost_to_snaplen(end) => {
                self.cut = true;
                Ok(Tlv { h, end })
            }
            _ => Err(self.fail(cx)),
        }
    }

    /// Reads a CHOICE alternative at `at`: as [`Msg::tlv`], but a primitive one whose length runs
    /// past `end` is given back as its header (`Err`), for the caller to add the choice's item and
    /// [`Msg::length_error`] under it, as Wireshark's BER dissector shows it.
    fn choice_tlv(&mut self, cx: &mut Cx, at: usize, end: usize) -> R<Result<Tlv, Header>> {
        if let Some(h) = der::header(&self.d[..end], at)
            && !h.constructed
            && let Some(len) = h.len
            && len > (end - h.content) as u64
        {
            return Ok(Err(h));
        }
        self.tlv(cx, at, end).map(Ok)
    }

    /// "BER Error: length N longer than tvb_reported_length_remaining: M" over the length bytes of
    /// `h`, under `parent`, then the exception.
    fn length_error(&mut self, cx: &mut Cx, h: &Header, end: usize, parent: ItemIdx) -> Stop {
        let len = h.len.unwrap_or(0);
        let remaining = end - h.content;
        let id_len = if h.tag >= 0x1f {
            1 + (32 - h.tag.leading_zeros()).div_ceil(7) as usize
        } else {
            1
        };
        let at = h.start + id_len;
        let text = cx.text_item(
            parent,
            at,
            h.content - at,
            format_args!(
                "BER Error: length {len} longer than tvb_reported_length_remaining: {remaining}"
            ),
        );
        cx.expert(
            text,
            crate::protocols::x509::ber::ERROR_LENGTH,
            crate::cx::Severity::Warning,
            crate::cx::Group::Malformed,
            format_args!(
                "BER Error: length {len} longer than tvb_reported_length_remaining: {remaining}"
            ),
        );
        self.fail(cx)
    }

    /// Raises the exception: "[Packet size limited during capture]" when the capture cut the
    /// message's bytes, else a malformed packet.
    fn fail(&mut self, cx: &mut Cx) -> Stop {
        if !self.stopped {
            self.stopped = true;
            cx.cut_short(self.d.len(), self.d.len(), "LDAP");
        }
        Stop
    }

    /// Wireshark's report of a failed assertion: an error item at the top of the tree, as for a
    /// malformed packet, and the Info column's note.
    fn dissector_bug(&mut self, cx: &mut Cx) -> Stop {
        if !self.stopped {
            self.stopped = true;
            use crate::protocols::ws;
            cx.tree.layers.push("_ws.malformed");
            let item = cx.tree.add(ItemIdx::ROOT, ws::MALFORMED, 0, 0, Value::None);
            cx.tree.set_label(
                item,
                format_args!("[Dissector bug, protocol LDAP: {DEPTH_ASSERTION}]"),
            );
            cx.expert(
                item,
                ws::MALFORMED_DISSECTOR_BUG,
                crate::cx::Severity::Error,
                crate::cx::Group::Malformed,
                format_args!("{DEPTH_ASSERTION}"),
            );
            cx.append_info(format_args!(
                "[Dissector bug, protocol LDAP: {DEPTH_ASSERTION}]"
            ));
        }
        Stop
    }

    fn text(&self, t: &Tlv) -> String {
        String::from_utf8_lossy(&self.d[t.content()..t.end]).into_owned()
    }

    fn set_ldm_label(&mut self, cx: &mut Cx) {
        if self.ldm.is_stored() {
            let l = std::mem::take(&mut self.ldm_label);
            cx.tree.set_label(self.ldm, format_args!("{l}"));
            self.ldm_label = l;
        }
    }

    /// Writes "op(id) " to the Info column and the LDAPMessage label, once per message.
    fn protocolop(&mut self, cx: &mut Cx) {
        if self.do_protocolop {
            self.do_protocolop = false;
            let name = op_name(self.op);
            cx.append_info(format_args!("{name}({}) ", self.message_id));
            use std::fmt::Write as _;
            let _ = write!(self.ldm_label, " {name}({})", self.message_id);
        }
    }

    fn message(&mut self, cx: &mut Cx, offset: usize, end: usize, top: ItemIdx) {
        let _ = self.message_inner(cx, offset, end, top);
        if self.cut {
            self.fail(cx);
        }
        self.set_ldm_label(cx);
    }

    fn message_inner(&mut self, cx: &mut Cx, offset: usize, end: usize, top: ItemIdx) -> R<()> {
        let t = self.tlv(cx, offset, end)?;
        let ldm = cx
            .tree
            .add(top, LDAPMESSAGE, t.start(), t.whole(), Value::None);
        self.ldm = ldm;
        let mut at = t.content();
        let id = self.tlv(cx, at, t.end)?;
        let mid = int_u32(self.d, &id);
        cx.uint(ldm, MESSAGE_ID, id.content(), id.len(), mid as u64);
        self.message_id = mid;
        at = id.end;
        if at >= t.end {
            return Ok(());
        }
        let op = match self.choice_tlv(cx, at, t.end)? {
            Ok(op) => op,
            Err(h) => {
                if h.class == APPLICATION
                    && PROTOCOL_OP_NAMES.iter().any(|(v, _)| *v == h.tag as u64)
                {
                    let whole = (t.end - h.start).min(t.end - h.start);
                    let item = cx.uint(ldm, PROTOCOL_OP, h.start, whole, h.tag as u64);
                    return Err(self.length_error(cx, &h, t.end, item));
                }
                return Ok(());
            }
        };
        at = op.end;
        let tag = op.h.tag;
        // An operation Wireshark's CHOICE does not know gets no item and ends the message.
        if op.h.class != APPLICATION || PROTOCOL_OP_NAMES.iter().all(|(v, _)| *v != tag as u64) {
            return Ok(());
        }
        let op_item = cx.uint(ldm, PROTOCOL_OP, op.start(), op.whole(), tag as u64);
        self.op = tag;
        self.do_protocolop = true;
        self.protocol_op(cx, &op, op_item)?;
        // An intermediate response writes its "op(id)" only with its name.
        if tag != 25 {
            self.protocolop(cx);
        }
        self.after_op(cx, ldm, at);
        if at < t.end {
            let c = self.tlv(cx, at, t.end)?;
            if c.is(CONTEXT, 0) {
                self.controls(cx, &c, ldm)?;
            }
        }
        Ok(())
    }

    /// The connection's state.
    fn conversation<'c>(&self, cx: &'c mut Cx) -> &'c mut Conversation {
        let stream = cx.tcp_stream.unwrap_or(u32::MAX);
        let st = &mut cx.state.ldap;
        if st.streams.len() >= MAX_STREAMS && !st.streams.contains_key(&stream) {
            st.streams.clear();
        }
        st.streams.entry(stream).or_default()
    }

    /// The request and response matching, and the search result count, after the operation.
    fn after_op(&mut self, cx: &mut Cx, ldm: ItemIdx, _at: usize) {
        let stream = cx.tcp_stream.unwrap_or(u32::MAX);
        let frame = cx.meta.number;
        let ns = cx.meta.secs as i128 * 1_000_000_000 + cx.meta.nanos as i128;
        let st = &mut cx.state.ldap;
        if st.streams.len() >= MAX_STREAMS && !st.streams.contains_key(&stream) {
            st.streams.clear();
        }
        let conv = st.streams.entry(stream).or_default();
        let mut matched = None;
        match self.op {
            0 | 3 | 6 | 8 | 10 | 12 | 14 | 23 => {
                if conv.requests.len() >= MAX_REQUESTS {
                    conv.requests.clear();
                }
                conv.requests.insert(self.message_id, (frame, ns));
            }
            1 | 4 | 5 | 7 | 9 | 11 | 13 | 15 | 19 | 24 | 25 => {
                matched = conv
                    .requests
                    .get(&self.message_id)
                    .filter(|(f, _)| *f <= frame)
                    .copied();
            }
            _ => {}
        }
        let mut results = None;
        match self.op {
            4 => {
                conv.results += 1;
                results = Some((conv.results, false));
            }
            5 => {
                results = Some((conv.results, true));
                conv.results = 0;
            }
            _ => {}
        }
        if let Some((n, info)) = results {
            let s = if n == 1 { "" } else { "s" };
            use std::fmt::Write as _;
            let _ = write!(self.ldm_label, " [{n} result{s}]");
            if info {
                cx.append_info(format_args!(" [{n} result{s}]"));
            }
        }
        if let Some((req, req_ns)) = matched {
            cx.tree
                .add_generated(ldm, RESPONSE_TO, 0, 0, Value::UInt(req));
            cx.tree
                .add_generated(ldm, TIME, 0, 0, Value::RelTime((ns - req_ns) as i64));
        }
    }

    fn protocol_op(&mut self, cx: &mut Cx, op: &Tlv, item: ItemIdx) -> R<()> {
        if op.h.class != APPLICATION {
            return Ok(());
        }
        let (at, end) = (op.content(), op.end);
        match op.h.tag {
            0 => {
                let e = cx.tree.add(item, BIND_REQUEST, at, end - at, Value::None);
                self.bind_request(cx, at, end, e)
            }
            1 => {
                let e = cx.tree.add(item, BIND_RESPONSE, at, end - at, Value::None);
                let at = self.result(cx, at, end, e)?;
                if at < end {
                    let c = self.tlv(cx, at, end)?;
                    if c.is(CONTEXT, 7) {
                        cx.tree
                            .add(e, SERVER_SASL_CREDS, c.content(), c.len(), Value::Bytes);
                        // The security layer is on from the next frame.
                        let frame = cx.meta.number;
                        let conv = self.conversation(cx);
                        if conv.sasl && conv.sasl_from == 0 {
                            conv.sasl_from = frame + 1;
                        }
                        let mech = if conv.sasl {
                            conv.mechanism.clone()
                        } else {
                            None
                        };
                        let (d, at, end) = (self.d, c.content(), c.end);
                        match mech.as_deref() {
                            Some("GSS-SPNEGO") if !d[at..end].starts_with(b"NTLMSSP") => {
                                crate::protocols::gssapi::spnego(cx, d, at, end, e);
                            }
                            Some("GSSAPI") if at < end && d[at] == 0x60 => {
                                crate::protocols::gssapi::gssapi_token(cx, d, at, end, e);
                            }
                            _ => {}
                        }
                    }
                }
                Ok(())
            }
            2 => {
                cx.tree.add(item, UNBIND_REQUEST, at, end - at, Value::None);
                Ok(())
            }
            3 => {
                let e = cx.tree.add(item, SEARCH_REQUEST, at, end - at, Value::None);
                self.search_request(cx, at, end, e)
            }
            4 => {
                let e = cx
                    .tree
                    .add(item, SEARCH_RES_ENTRY, at, end - at, Value::None);
                let t = self.tlv(cx, at, end)?;
                self.ldap_string(cx, &t, e, OBJECT_NAME);
                if t.end < end {
                    let l = self.tlv(cx, t.end, end)?;
                    self.attribute_list(cx, &l, e, ATTRIBUTES, PARTIAL_ATTRIBUTE_LIST_ITEM)?;
                }
                Ok(())
            }
            5 | 7 | 9 | 11 | 13 | 15 => {
                let field = match op.h.tag {
                    5 => SEARCH_RES_DONE,
                    7 => MODIFY_RESPONSE,
                    9 => ADD_RESPONSE,
                    11 => DEL_RESPONSE,
                    13 => MOD_DN_RESPONSE,
                    _ => COMPARE_RESPONSE,
                };
                let e = cx.tree.add(item, field, at, end - at, Value::None);
                self.result(cx, at, end, e).map(|_| ())
            }
            19 => {
                let e = self.list(cx, item, SEARCH_RES_REF, at, end);
                self.urls(cx, at, end, e)
            }
            6 => {
                let e = cx.tree.add(item, MODIFY_REQUEST, at, end - at, Value::None);
                let t = self.tlv(cx, at, end)?;
                self.ldap_string(cx, &t, e, OBJECT);
                if t.end < end {
                    let l = self.tlv(cx, t.end, end)?;
                    self.modifications(cx, &l, e)?;
                }
                Ok(())
            }
            8 => {
                let e = cx.tree.add(item, ADD_REQUEST, at, end - at, Value::None);
                let t = self.tlv(cx, at, end)?;
                self.ldap_string(cx, &t, e, ENTRY);
                if t.end < end {
                    let l = self.tlv(cx, t.end, end)?;
                    self.attribute_list(cx, &l, e, ATTRIBUTES, ATTRIBUTE_LIST_ITEM)?;
                }
                Ok(())
            }
            10 => {
                let t = Tlv { h: op.h, end };
                self.ldap_string(cx, &t, item, DEL_REQUEST);
                Ok(())
            }
            12 => {
                let e = cx.tree.add(item, MOD_DN_REQUEST, at, end - at, Value::None);
                let mut at = at;
                for (k, field) in [ENTRY, NEWRDN].into_iter().enumerate() {
                    let _ = k;
                    if at >= end {
                        return Ok(());
                    }
                    let t = self.tlv(cx, at, end)?;
                    self.ldap_string(cx, &t, e, field);
                    at = t.end;
                }
                if at < end {
                    let t = self.tlv(cx, at, end)?;
                    self.boolean(cx, &t, e, DELETEOLDRDN);
                    at = t.end;
                }
                if at < end {
                    let t = self.tlv(cx, at, end)?;
                    if t.is(CONTEXT, 0) {
                        self.ldap_string(cx, &t, e, NEW_SUPERIOR);
                    }
                }
                Ok(())
            }
            14 => {
                let e = cx
                    .tree
                    .add(item, COMPARE_REQUEST, at, end - at, Value::None);
                let t = self.tlv(cx, at, end)?;
                self.ldap_string(cx, &t, e, ENTRY);
                if t.end < end {
                    let a = self.tlv(cx, t.end, end)?;
                    let ava = cx.tree.add(e, AVA, a.start(), a.whole(), Value::None);
                    self.ava(cx, a.content(), a.end, ava)?;
                }
                Ok(())
            }
            16 => {
                // AbandonRequest is a MessageID: Wireshark's reading of it takes the id it names as
                // the message's, and its item for the "op(id)" text.
                let v = int_u32(self.d, &Tlv { h: op.h, end });
                cx.uint(item, ABANDON_REQUEST, at, end - at, v as u64);
                self.message_id = v;
                let name = op_name(self.op);
                if self.do_protocolop {
                    self.do_protocolop = false;
                    cx.append_info(format_args!("{name}({v}) "));
                    if item.is_stored() {
                        cx.tree.set_label(
                            item,
                            format_args!("protocolOp: {name} ({}) {name}({v})", self.op),
                        );
                    }
                }
                Ok(())
            }
            23 => {
                let e = cx.tree.add(item, EXTENDED_REQ, at, end - at, Value::None);
                let mut at = at;
                while at < end {
                    let t = self.tlv(cx, at, end)?;
                    match (t.h.class, t.h.tag) {
                        (CONTEXT, 0) => self.ldap_oid(cx, &t, e, REQUEST_NAME),
                        (CONTEXT, 1) => {
                            cx.tree
                                .add(e, REQUEST_VALUE, t.content(), t.len(), Value::Bytes);
                        }
                        _ => {}
                    }
                    at = t.end;
                }
                Ok(())
            }
            24 => {
                let e = cx.tree.add(item, EXTENDED_RESP, at, end - at, Value::None);
                let mut at = self.result(cx, at, end, e)?;
                while at < end {
                    let t = self.tlv(cx, at, end)?;
                    match (t.h.class, t.h.tag) {
                        (CONTEXT, 10) => self.ldap_oid(cx, &t, e, RESPONSE_NAME),
                        (CONTEXT, 11) => {
                            cx.tree.add(e, RESPONSE, t.content(), t.len(), Value::Bytes);
                        }
                        _ => {}
                    }
                    at = t.end;
                }
                Ok(())
            }
            25 => {
                let e = cx
                    .tree
                    .add(item, INTERMEDIATE_RESPONSE, at, end - at, Value::None);
                let mut at = at;
                while at < end {
                    let t = self.tlv(cx, at, end)?;
                    match (t.h.class, t.h.tag) {
                        (CONTEXT, 0) => {
                            self.ldap_oid(cx, &t, e, RESPONSE_NAME);
                            let oid = self.text(&t);
                            if let Some(name) = oid_resolved(&oid) {
                                self.ldm_label = format!("IntermediateResponse {oid} ({name})");
                            }
                        }
                        (CONTEXT, 1) => {
                            cx.tree
                                .add(e, RESPONSE_VALUE, t.content(), t.len(), Value::Bytes);
                        }
                        _ => {}
                    }
                    at = t.end;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A SEQUENCE OF's item: `field` over `at..end` with its count, labelled "name: n items".
    fn list(
        &self,
        cx: &mut Cx,
        parent: ItemIdx,
        field: fields::FieldId,
        at: usize,
        end: usize,
    ) -> ItemIdx {
        let n = self.count(at, end);
        let it = cx.uint(parent, field, at, end - at, n as u64);
        if it.is_stored() {
            let name = crate::registry().field(field).name;
            let s = if n == 1 { "" } else { "s" };
            cx.tree.set_label(it, format_args!("{name}: {n} item{s}"));
        }
        it
    }

    /// The number of values in `at..end`, as a SEQUENCE OF's item counts them (up to one that does
    /// not read).
    fn count(&self, at: usize, end: usize) -> u32 {
        let mut n = 0;
        let mut at = at;
        while at < end {
            let Some(h) = der::header(&self.d[..end], at) else {
                break;
            };
            let Some(e) = h.end().filter(|&e| e <= end) else {
                break;
            };
            n += 1;
            at = e;
        }
        n
    }

    fn urls(&mut self, cx: &mut Cx, at: usize, end: usize, parent: ItemIdx) -> R<()> {
        let mut at = at;
        while at < end {
            let t = self.tlv(cx, at, end)?;
            self.ldap_string(cx, &t, parent, LDAPURL);
            at = t.end;
        }
        Ok(())
    }

    /// An LDAPString or LDAPDN: its item, and the text Wireshark's dissector takes from it.
    fn ldap_string(&mut self, cx: &mut Cx, t: &Tlv, parent: ItemIdx, field: fields::FieldId) {
        cx.tree.add(parent, field, t.content(), t.len(), Value::Str);
        self.protocolop(cx);
        let s = self.text(t);
        if field == BASE_OBJECT
            || field == OBJECT_NAME
            || field == NAME
            || field == ENTRY
            || field == OBJECT
            || field == DEL_REQUEST
        {
            // The Info column shows the text escaped, the label as it is.
            let raw = if s.is_empty() { "<ROOT>" } else { s.as_str() };
            let shown = shown_text(raw);
            cx.append_info(format_args!("\"{shown}\" "));
            use std::fmt::Write as _;
            let _ = write!(self.ldm_label, " \"{raw}\"");
        } else if field == ERROR_MESSAGE && !s.is_empty() {
            let shown = shown_text(&s);
            cx.append_info(format_args!("({shown}) "));
            use std::fmt::Write as _;
            let _ = write!(self.ldm_label, " ({s})");
        } else if field == ATTRIBUTE_DESC {
            self.attributedesc = Some(s);
        } else if field == PRESENT {
            self.filter_string = Some(s);
        }
    }

    /// An LDAPOID: its item with the identifier's name, which a request or response name also
    /// writes to the Info column.
    fn ldap_oid(&mut self, cx: &mut Cx, t: &Tlv, parent: ItemIdx, field: fields::FieldId) {
        let it = cx.tree.add(parent, field, t.content(), t.len(), Value::Str);
        let oid = self.text(t);
        if let Some(name) = oid_resolved(&oid) {
            if it.is_stored() {
                let label = crate::registry().field(field).name;
                cx.tree
                    .set_label(it, format_args!("{label}: {} ({name})", shown_text(&oid)));
            }
            if field == REQUEST_NAME || field == RESPONSE_NAME {
                self.protocolop(cx);
                cx.append_info(format_args!("{name} "));
            }
            if field == REQUEST_NAME && oid == START_TLS_OID {
                self.conversation(cx).start_tls_pending = true;
            }
        }
    }

    fn boolean(&mut self, cx: &mut Cx, t: &Tlv, parent: ItemIdx, field: fields::FieldId) {
        let v = self.d[t.content()..t.end].first().is_some_and(|&b| b != 0);
        cx.uint(parent, field, t.content(), t.len(), v as u64);
    }

    fn enumerated(&mut self, cx: &mut Cx, t: &Tlv, parent: ItemIdx, field: fields::FieldId) -> u32 {
        let v = int_u32(self.d, t);
        cx.uint(parent, field, t.content(), t.len(), v as u64);
        v
    }

    /// An LDAPResult's components at `at..end`; returns where they end.
    fn result(&mut self, cx: &mut Cx, at: usize, end: usize, e: ItemIdx) -> R<usize> {
        let t = self.tlv(cx, at, end)?;
        let code = self.enumerated(cx, &t, e, RESULT_CODE);
        // An extended response's result code is its own component in Wireshark's dissector, which
        // writes nothing of it to the Info column; a success answering StartTLS starts TLS from the
        // next segment.
        if self.op == 24 {
            let conv = self.conversation(cx);
            if conv.start_tls_pending && code == 0 {
                conv.start_tls_pending = false;
                crate::protocols::tcp::start_tls_stream(cx, &STREAM);
            }
            return self.result_rest(cx, t.end, end, e);
        }
        self.protocolop(cx);
        let name = RESULT_CODE_NAMES
            .iter()
            .find(|(v, _)| *v == code as u64)
            .map(|(_, n)| (*n).to_owned())
            .unwrap_or_else(|| format!("Unknown result({code})"));
        cx.append_info(format_args!("{name} "));
        self.ldm_label.push(' ');
        self.ldm_label.push_str(&name);
        self.result_rest(cx, t.end, end, e)
    }

    /// An LDAPResult's components after the result code.
    fn result_rest(&mut self, cx: &mut Cx, at: usize, end: usize, e: ItemIdx) -> R<usize> {
        let mut at = at;
        for field in [MATCHED_DN, ERROR_MESSAGE] {
            if at >= end {
                return Ok(at);
            }
            let t = self.tlv(cx, at, end)?;
            self.ldap_string(cx, &t, e, field);
            at = t.end;
        }
        if at < end {
            let peek = der::header(&self.d[..end], at);
            if peek.is_some_and(|h| h.class == CONTEXT && h.tag == 3) {
                let t = self.tlv(cx, at, end)?;
                let r = self.list(cx, e, REFERRAL, t.content(), t.end);
                self.urls(cx, t.content(), t.end, r)?;
                at = t.end;
            }
        }
        Ok(at)
    }

    fn bind_request(&mut self, cx: &mut Cx, at: usize, end: usize, e: ItemIdx) -> R<()> {
        let v = self.tlv(cx, at, end)?;
        let version = int_u32(self.d, &v);
        cx.uint(e, VERSION, v.content(), v.len(), version as u64);
        if v.end >= end {
            return Ok(());
        }
        let n = self.tlv(cx, v.end, end)?;
        self.ldap_string(cx, &n, e, NAME);
        if n.end >= end {
            return Ok(());
        }
        let a = match self.choice_tlv(cx, n.end, end)? {
            Ok(a) => a,
            Err(h) => {
                let item = cx.uint(e, AUTHENTICATION, h.content, end - h.content, h.tag as u64);
                if h.tag == 0 {
                    self.protocolop(cx);
                    self.ldm_label.push_str(" simple");
                    cx.append_info(format_args!("simple "));
                }
                return Err(self.length_error(cx, &h, end, item));
            }
        };
        let auth = a.h.tag;
        let item = cx.uint(e, AUTHENTICATION, a.content(), a.len(), auth as u64);
        match auth {
            0 => {
                cx.tree.add(item, SIMPLE, a.content(), a.len(), Value::Str);
            }
            3 => {
                let conv = self.conversation(cx);
                conv.sasl = true;
                conv.sasl_from = 0;
                let s = cx.tree.add(item, SASL, a.content(), a.len(), Value::None);
                let mut at = a.content();
                if at < a.end {
                    let m = self.tlv(cx, at, a.end)?;
                    cx.tree.add(s, MECHANISM, m.content(), m.len(), Value::Str);
                    let mech = self.text(&m);
                    if !mech.is_empty() {
                        let mut mech = mech;
                        mech.truncate(64);
                        self.conversation(cx).mechanism = Some(mech);
                    }
                    at = m.end;
                }
                if at < a.end {
                    let c = self.tlv(cx, at, a.end)?;
                    cx.tree
                        .add(s, CREDENTIALS, c.content(), c.len(), Value::Bytes);
                    // A GSS-API token: SPNEGO's start with a context tag, raw GSS-API ones with
                    // an application tag.
                    let has_mech = self.conversation(cx).mechanism.is_some();
                    if has_mech && c.len() > 0 {
                        let (d, at, end) = (self.d, c.content(), c.end);
                        match d[at] >> 6 {
                            2 => crate::protocols::gssapi::spnego(cx, d, at, end, s),
                            1 => crate::protocols::gssapi::gssapi_token(cx, d, at, end, s),
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        self.protocolop(cx);
        let name = AUTH_NAMES
            .iter()
            .find(|(v, _)| *v == auth as u64)
            .map(|(_, n)| (*n).to_owned())
            .unwrap_or_else(|| format!("Unknown auth({auth})"));
        if auth != 10 && auth != 11 {
            cx.append_info(format_args!("{name} "));
        }
        self.ldm_label.push(' ');
        self.ldm_label.push_str(&name);
        Ok(())
    }

    fn search_request(&mut self, cx: &mut Cx, at: usize, end: usize, e: ItemIdx) -> R<()> {
        let b = self.tlv(cx, at, end)?;
        self.ldap_string(cx, &b, e, BASE_OBJECT);
        let mut at = b.end;
        // scope, derefAliases, sizeLimit, timeLimit, typesOnly
        let ints = [SCOPE, DEREF_ALIASES, SIZE_LIMIT, TIME_LIMIT];
        for field in ints {
            if at >= end {
                return Ok(());
            }
            let t = self.tlv(cx, at, end)?;
            let v = self.enumerated(cx, &t, e, field);
            if field == SCOPE {
                self.protocolop(cx);
                let name = SCOPE_NAMES
                    .iter()
                    .find(|(s, _)| *s == v as u64)
                    .map(|(_, n)| (*n).to_owned())
                    .unwrap_or_else(|| format!("Unknown scope({v})"));
                cx.append_info(format_args!("{name} "));
                self.ldm_label.push(' ');
                self.ldm_label.push_str(&name);
            }
            at = t.end;
        }
        if at >= end {
            return Ok(());
        }
        let t = self.tlv(cx, at, end)?;
        self.boolean(cx, &t, e, TYPES_ONLY);
        at = t.end;
        if at >= end {
            return Ok(());
        }
        let f = self.tlv(cx, at, end)?;
        self.filter_string = None;
        self.filter_elements = 0;
        self.filter(cx, &f, e, FILTER)?;
        self.filter_string = None;
        at = f.end;
        if at >= end {
            return Ok(());
        }
        let l = self.tlv(cx, at, end)?;
        let a = self.list(cx, e, ATTRIBUTES, l.content(), l.end);
        let mut at = l.content();
        while at < l.end {
            let t = self.tlv(cx, at, l.end)?;
            self.ldap_string(cx, &t, a, ATTRIBUTE_DESCRIPTION);
            at = t.end;
        }
        Ok(())
    }

    /// A Filter: the "Filter: ..." text item over its TLV, the choice item `field` over its content.
    fn filter(&mut self, cx: &mut Cx, f: &Tlv, parent: ItemIdx, field: fields::FieldId) -> R<()> {
        self.attributedesc = None;
        let seen = self.filter_elements;
        self.filter_elements += 1;
        if seen > MAX_FILTER_ELEMENTS {
            cx.expert(
                parent,
                TOO_MANY_FILTER_ELEMENTS,
                crate::cx::Severity::Error,
                crate::cx::Group::Undecoded,
                format_args!("Found more than {MAX_FILTER_ELEMENTS} filter elements. Giving up."),
            );
            return Err(self.fail(cx));
        }
        // Wireshark counts nested dissection against its tree depth limit; a filter nested deeper
        // trips its assertion, which it reports as a dissector bug.
        if self.filter_depth >= MAX_FILTER_DEPTH {
            return Err(self.dissector_bug(cx));
        }
        self.filter_depth += 1;
        let r = self.filter_inner(cx, f, parent, field);
        self.filter_depth -= 1;
        r
    }

    fn filter_inner(
        &mut self,
        cx: &mut Cx,
        f: &Tlv,
        parent: ItemIdx,
        field: fields::FieldId,
    ) -> R<()> {
        let text = cx.text_item(parent, f.start(), f.whole(), format_args!("Filter: "));
        let (at, end) = (f.content(), f.end);
        let item = cx.uint(text, field, at, end - at, f.h.tag as u64);
        self.filter_choice(cx, f, item)?;
        if text != parent
            && let Some(s) = &self.filter_string
        {
            cx.tree.set_label(text, format_args!("Filter: {s}"));
        }
        Ok(())
    }

    fn filter_choice(&mut self, cx: &mut Cx, f: &Tlv, item: ItemIdx) -> R<()> {
        let (at, end) = (f.content(), f.end);
        if f.h.class != CONTEXT {
            return Ok(());
        }
        match f.h.tag {
            0 | 1 => {
                let (sym, list, list_item, word) = if f.h.tag == 0 {
                    ('&', AND, AND_ITEM, "and")
                } else {
                    ('|', OR, OR_ITEM, "or")
                };
                let text = cx.text_item(item, at, end - at, format_args!("{word}: "));
                let l = self.list(cx, text, list, at, end);
                let mut combined: Option<String> = None;
                let mut p = at;
                let mut r = Ok(());
                while p < end {
                    let t = match self.tlv(cx, p, end) {
                        Ok(t) => t,
                        Err(e) => {
                            r = Err(e);
                            break;
                        }
                    };
                    if let Err(e) = self.filter(cx, &t, l, list_item) {
                        r = Err(e);
                        break;
                    }
                    let cur = self
                        .filter_string
                        .clone()
                        .unwrap_or_else(|| "(null)".into());
                    combined = Some(match combined {
                        Some(prev) => format!("({sym}{prev}{cur})"),
                        None => cur,
                    });
                    p = t.end;
                }
                r?;
                if let Some(c) = combined {
                    if text != item {
                        cx.tree.set_label(text, format_args!("{word}: {c}"));
                    }
                    self.filter_string = Some(c);
                }
                Ok(())
            }
            2 => {
                let t = self.tlv(cx, at, end)?;
                self.filter(cx, &t, item, NOT)?;
                if let Some(s) = &self.filter_string {
                    self.filter_string = Some(format!("(!{s})"));
                }
                Ok(())
            }
            3 | 5 | 6 | 8 => {
                let (field, op) = match f.h.tag {
                    3 => (EQUALITY_MATCH, "="),
                    5 => (GREATER_OR_EQUAL, ">="),
                    6 => (LESS_OR_EQUAL, "<="),
                    _ => (APPROX_MATCH, "~="),
                };
                let e = cx.tree.add(item, field, at, end - at, Value::None);
                self.ava(cx, at, end, e)?;
                self.filter_string = Some(format!(
                    "({}{op}{})",
                    self.attributedesc.as_deref().unwrap_or("(null)"),
                    self.ldapvalue.as_deref().unwrap_or("(null)")
                ));
                Ok(())
            }
            4 => self.substrings(cx, at, end, item),
            7 => {
                let t = Tlv { h: f.h, end };
                self.ldap_string(cx, &t, item, PRESENT);
                let s = self.filter_string.as_deref().unwrap_or("(null)");
                self.filter_string = Some(format!("({s}=*)"));
                Ok(())
            }
            9 => self.extensible(cx, at, end, item),
            _ => Ok(()),
        }
    }

    /// An AttributeValueAssertion's attributeDesc and assertionValue at `at..end`.
    fn ava(&mut self, cx: &mut Cx, at: usize, end: usize, e: ItemIdx) -> R<()> {
        let a = self.tlv(cx, at, end)?;
        self.ldap_string(cx, &a, e, ATTRIBUTE_DESC);
        if a.end < end {
            let v = self.tlv(cx, a.end, end)?;
            self.assertion_value(cx, &v, e, ASSERTION_VALUE);
        }
        Ok(())
    }

    /// An AssertionValue: text when every byte is printable ASCII, else its bytes in hex; an empty
    /// one gets no item.
    fn assertion_value(&mut self, cx: &mut Cx, v: &Tlv, e: ItemIdx, field: fields::FieldId) {
        let b = &self.d[v.content()..v.end];
        if b.is_empty() {
            return;
        }
        if b.iter().all(|&c| (0x20..0x7f).contains(&c)) {
            cx.tree.add(e, field, v.content(), v.len(), Value::Str);
            self.ldapvalue = Some(self.text(v));
        } else {
            let hex = b
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect::<Vec<_>>()
                .join(":");
            let val = cx.tree.text_value(&hex);
            cx.tree.add(e, field, v.content(), v.len(), val);
            self.ldapvalue = Some(hex);
        }
    }

    fn substrings(&mut self, cx: &mut Cx, at: usize, end: usize, item: ItemIdx) -> R<()> {
        self.attr_type = None;
        let text = cx.text_item(item, at, end - at, format_args!("substring: "));
        let e = cx
            .tree
            .add(text, SUBSTRINGS_ELEMENT, at, end - at, Value::None);
        let mut value: Option<String> = None;
        let r = (|| -> R<()> {
            let t = self.tlv(cx, at, end)?;
            cx.tree.add(e, TYPE, t.content(), t.len(), Value::Str);
            self.protocolop(cx);
            let ty = self.text(&t);
            if e.is_stored() {
                cx.tree.set_label(e, format_args!("substrings {ty}"));
            }
            self.attr_type = Some(ty);
            if t.end >= end {
                return Ok(());
            }
            let s = self.tlv(cx, t.end, end)?;
            let l = self.list(cx, e, SUBSTRINGS, s.content(), s.end);
            let (mut init, mut any, mut fin): (Option<String>, Option<String>, Option<String>) =
                (None, None, None);
            let mut p = s.content();
            while p < s.end {
                let i = self.tlv(cx, p, s.end)?;
                let tag = i.h.tag;
                let it = cx.uint(l, SUBSTRINGS_ITEM, i.content(), i.len(), tag as u64);
                let field = match tag {
                    0 => Some(INITIAL),
                    1 => Some(ANY),
                    2 => Some(FINAL),
                    _ => None,
                };
                if let Some(field) = field {
                    cx.tree.add(it, field, i.content(), i.len(), Value::Str);
                    let txt = self.text(&i);
                    match tag {
                        0 => init = Some(txt),
                        1 => any = Some(txt),
                        _ => fin = Some(txt),
                    }
                }
                if let Some(f) = &fin {
                    value = Some(format!("{}{f}", value.as_deref().unwrap_or("*")));
                } else if let Some(a) = &any {
                    value = Some(format!("{}{a}*", value.as_deref().unwrap_or("*")));
                } else if let Some(i) = &init {
                    value = Some(format!("{i}*"));
                }
                p = i.end;
            }
            Ok(())
        })();
        r?;
        let s = format!(
            "({}={})",
            self.attr_type.as_deref().unwrap_or("(null)"),
            value.as_deref().unwrap_or("(null)")
        );
        if text != item {
            cx.tree.set_label(text, format_args!("substring: {s}"));
        }
        self.filter_string = Some(s);
        Ok(())
    }

    fn extensible(&mut self, cx: &mut Cx, at: usize, end: usize, item: ItemIdx) -> R<()> {
        self.attr_type = None;
        self.ldapvalue = None;
        let e = cx
            .tree
            .add(item, EXTENSIBLE_MATCH, at, end - at, Value::None);
        let mut rule: Option<String> = None;
        let mut dn = false;
        let mut p = at;
        let mut r = Ok(());
        while p < end {
            let t = match self.tlv(cx, p, end) {
                Ok(t) => t,
                Err(s) => {
                    r = Err(s);
                    break;
                }
            };
            match t.h.tag {
                1 => {
                    cx.tree
                        .add(e, MATCHING_RULE, t.content(), t.len(), Value::Str);
                    self.protocolop(cx);
                    rule = Some(self.text(&t));
                }
                2 => {
                    cx.tree.add(e, TYPE, t.content(), t.len(), Value::Str);
                    self.protocolop(cx);
                    let ty = self.text(&t);
                    if e.is_stored() {
                        cx.tree.set_label(e, format_args!("extensibleMatch {ty}"));
                    }
                    self.attr_type = Some(ty);
                }
                3 => self.assertion_value(cx, &t, e, MATCH_VALUE),
                4 => {
                    self.boolean(cx, &t, e, DN_ATTRIBUTES);
                    dn = self.d[t.content()..t.end].first().is_some_and(|&b| b != 0);
                }
                _ => {}
            }
            p = t.end;
        }
        r?;
        self.filter_string = Some(format!(
            "({}:{}{}{}={})",
            self.attr_type.as_deref().unwrap_or(""),
            if dn { "dn:" } else { "" },
            rule.as_deref().unwrap_or(""),
            if rule.is_some() { ":" } else { "" },
            self.ldapvalue.as_deref().unwrap_or("(null)")
        ));
        Ok(())
    }

    /// A list of attributes with values (a search entry's, an add request's).
    fn attribute_list(
        &mut self,
        cx: &mut Cx,
        l: &Tlv,
        parent: ItemIdx,
        field: fields::FieldId,
        item_field: fields::FieldId,
    ) -> R<()> {
        let list = self.list(cx, parent, field, l.content(), l.end);
        let mut p = l.content();
        while p < l.end {
            let a = self.tlv(cx, p, l.end)?;
            let it = cx
                .tree
                .add(list, item_field, a.start(), a.whole(), Value::None);
            self.attribute(cx, &a, it, item_field)?;
            p = a.end;
        }
        Ok(())
    }

    /// An attribute's type (appended to `it`'s label) and its set of values.
    fn attribute(&mut self, cx: &mut Cx, a: &Tlv, it: ItemIdx, it_field: fields::FieldId) -> R<()> {
        if a.content() >= a.end {
            return Ok(());
        }
        let t = self.tlv(cx, a.content(), a.end)?;
        cx.tree.add(it, TYPE, t.content(), t.len(), Value::Str);
        self.protocolop(cx);
        let ty = self.text(&t);
        if it.is_stored() {
            let label = crate::registry().field(it_field).name;
            cx.tree.set_label(it, format_args!("{label} {ty}"));
        }
        let mut ty_key = ty.clone();
        if let Some(i) = ty_key.find(';')
            && &ty_key[i..] == ";binary"
        {
            ty_key.truncate(i);
        }
        self.attr_type = Some(ty_key);
        if t.end >= a.end {
            return Ok(());
        }
        let s = self.tlv(cx, t.end, a.end)?;
        let vals = self.list(cx, it, VALS, s.content(), s.end);
        let mut p = s.content();
        while p < s.end {
            let v = self.tlv(cx, p, s.end)?;
            self.attribute_value(cx, &v, vals);
            p = v.end;
        }
        Ok(())
    }

    /// An AttributeValue: OIDs of the attributes that list them are shown as "OID: ... (name)", other
    /// printable values as text, the rest as bytes.
    fn attribute_value(&mut self, cx: &mut Cx, v: &Tlv, parent: ItemIdx) {
        let oid_list = self.attr_type.as_deref().is_some_and(|t| {
            matches!(
                t,
                "supportedControl"
                    | "supportedExtension"
                    | "supportedFeatures"
                    | "supportedCapabilities"
            )
        });
        let b = &self.d[v.content()..v.end];
        if oid_list {
            let it = cx.tree.add(parent, OID, v.content(), v.len(), Value::Str);
            let oid = self.text(v);
            if let Some(name) = oid_resolved(&oid)
                && it.is_stored()
            {
                cx.tree
                    .set_label(it, format_args!("OID: {} ({name})", shown_text(&oid)));
            }
            return;
        }
        let it = cx
            .tree
            .add(parent, ATTRIBUTE_VALUE, v.content(), v.len(), Value::Bytes);
        if it.is_stored() && b.iter().all(|&c| (0x20..0x7f).contains(&c)) {
            let s = String::from_utf8_lossy(b);
            cx.tree.set_label(it, format_args!("AttributeValue: {s}"));
        }
    }

    fn modifications(&mut self, cx: &mut Cx, l: &Tlv, parent: ItemIdx) -> R<()> {
        let list = self.list(cx, parent, MODIFICATION, l.content(), l.end);
        let mut p = l.content();
        while p < l.end {
            let m = self.tlv(cx, p, l.end)?;
            let it = cx
                .tree
                .add(list, MODIFICATION_ITEM, m.start(), m.whole(), Value::None);
            if m.content() < m.end {
                let o = self.tlv(cx, m.content(), m.end)?;
                self.enumerated(cx, &o, it, OPERATION);
                if o.end < m.end {
                    let a = self.tlv(cx, o.end, m.end)?;
                    let e =
                        cx.tree
                            .add(it, MODIFICATION_ELEMENT, a.start(), a.whole(), Value::None);
                    self.attribute(cx, &a, e, MODIFICATION_ELEMENT)?;
                }
            }
            p = m.end;
        }
        Ok(())
    }

    fn controls(&mut self, cx: &mut Cx, c: &Tlv, parent: ItemIdx) -> R<()> {
        let list = self.list(cx, parent, CONTROLS, c.content(), c.end);
        let mut p = c.content();
        while p < c.end {
            let t = self.tlv(cx, p, c.end)?;
            let it = cx
                .tree
                .add(list, CONTROL, t.start(), t.whole(), Value::None);
            let mut q = t.content();
            let mut oid = String::new();
            while q < t.end {
                let x = self.tlv(cx, q, t.end)?;
                match (x.h.class, x.h.tag) {
                    (UNIVERSAL, 4) if q == t.content() => {
                        self.ldap_oid(cx, &x, it, CONTROL_TYPE);
                        oid = self.text(&x);
                    }
                    (UNIVERSAL, 1) => self.boolean(cx, &x, it, CRITICALITY),
                    (UNIVERSAL, 4) => self.control_value(cx, &x, it, &oid)?,
                    _ => {}
                }
                q = x.end;
            }
            p = t.end;
        }
        Ok(())
    }

    /// A control's value: dissected for the controls Wireshark knows the value of, else its bytes.
    fn control_value(&mut self, cx: &mut Cx, x: &Tlv, it: ItemIdx, oid: &str) -> R<()> {
        if oid == "1.2.840.113556.1.4.319"
            && let Some(h) = der::header(&self.d[..x.end], x.content())
            && h.class == UNIVERSAL
            && h.tag == 16
        {
            let s = self.tlv(cx, x.content(), x.end)?;
            // Wireshark hands the value to the dissector registered for the control's OID, which
            // lists LDAP again.
            cx.tree.layers.push("ldap");
            let e = cx
                .tree
                .add(it, SEARCH_CONTROL_VALUE, s.start(), s.whole(), Value::None);
            let mut p = s.content();
            if p < s.end {
                let n = self.tlv(cx, p, s.end)?;
                let v = der::int_value(&self.d[n.content()..n.end]).unwrap_or(0);
                cx.tree
                    .add(e, SIZE, n.content(), n.len(), Value::Int(v as i32 as i64));
                p = n.end;
            }
            if p < s.end {
                let k = self.tlv(cx, p, s.end)?;
                cx.tree.add(e, COOKIE, k.content(), k.len(), Value::Bytes);
            }
            return Ok(());
        }
        cx.tree
            .add(it, CONTROL_VALUE, x.content(), x.len(), Value::Bytes);
        Ok(())
    }
}

/// An INTEGER's content as Wireshark's 32-bit reading keeps it.
fn int_u32(d: &[u8], t: &Tlv) -> u32 {
    der::int_value(&d[t.content()..t.end]).unwrap_or(0) as u32
}

fn op_name(op: u32) -> String {
    PROTOCOL_OP_NAMES
        .iter()
        .find(|(v, _)| *v == op as u64)
        .map(|(_, n)| (*n).to_owned())
        .unwrap_or_else(|| format!("Unknown ({op})"))
}

/// Text as Wireshark's `format_text` shows it in a column or label: non-printable characters
/// escaped.
fn shown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testutil::tcp_segment;

    /// The TCP payloads of a classic pcap of Ethernet/IPv4 frames.
    fn payloads(pcap: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut at = 24;
        while at + 16 <= pcap.len() {
            let caplen = u32::from_le_bytes(pcap[at + 8..at + 12].try_into().unwrap()) as usize;
            let frame = &pcap[at + 16..(at + 16 + caplen).min(pcap.len())];
            at += 16 + caplen;
            if frame.len() < 54 || frame[23] != 6 {
                continue;
            }
            let ip_len = ((frame[14] & 0x0f) as usize) * 4;
            let tcp = 14 + ip_len;
            let Some(&off) = frame.get(tcp + 12) else {
                continue;
            };
            let start = tcp + ((off >> 4) as usize) * 4;
            if start < frame.len() {
                out.push(frame[start..].to_vec());
            }
        }
        out
    }

    fn fixtures() -> Vec<Vec<u8>> {
        let mut v = payloads(include_bytes!(
            "../../../wiresift/tests/data/ldap/ldap-crafted.pcap"
        ));
        v.extend(payloads(include_bytes!(
            "../../../wiresift/tests/data/ldap/ldap-exchange.pcap"
        )));
        v
    }

    #[test]
    fn messages_as_tshark_shows_them() {
        // A search request with an and of two filters (values tshark 4.0 shows for these bytes).
        let m = crate::testutil::hex(
            "30 3b 02 01 02 63 36 04 11 64 63 3d 65 78 61 6d 70 6c 65 2c 64 63 3d 63 6f 6d 0a 01 02 \
             0a 01 00 02 01 00 02 01 00 01 01 00 a0 12 a3 07 04 02 63 6e 04 01 78 87 07 6f 62 6a 65 \
             63 74 43 30 00",
        );
        let d = tcp_segment(40000, 389, &m);
        assert_eq!(d.protocol(), "LDAP");
        assert_eq!(
            d.info(),
            "searchRequest(2) \"dc=example,dc=com\" wholeSubtree "
        );
        assert_eq!(d.field("ldap.baseObject"), "dc=example,dc=com");
        assert_eq!(d.field("ldap.scope"), "2");
        assert_eq!(d.values("ldap.and_item"), ["3", "7"]);
        assert_eq!(d.field("ldap.present"), "objectC");
    }

    #[test]
    fn cut_and_damaged_messages_never_panic() {
        let all = fixtures();
        assert!(all.len() > 50);
        for p in &all {
            for cut in 0..=p.len() {
                tcp_segment(40000, 389, &p[..cut]);
            }
        }
        // Every byte of the shorter messages set to values that steer a BER reader.
        for p in all.iter().filter(|p| p.len() <= 300) {
            for at in 0..p.len() {
                for b in [0x00, 0x30, 0x7f, 0x80, 0x81, 0x84, 0x88, 0xa0, 0xff] {
                    let mut m = p.clone();
                    m[at] = b;
                    tcp_segment(40000, 389, &m);
                }
            }
        }
    }
}
