//! X.509 certificates (RFC 5280) inside TLS Certificate messages, as tshark 4.0 shows them: the
//! certificate is first parsed with `x509-parser` (one that does not parse is left as bytes with an
//! expert note), then its DER is walked so that every item covers the bytes tshark's BER dissector
//! gives it.
//!
//! tshark's BER conventions, checked with `-T pdml` on the corpus: a SEQUENCE (`*_element`) covers its
//! whole encoding; a SEQUENCE OF / SET OF (a count) and an implicitly tagged value cover only the
//! content; a CHOICE covers its alternative's whole encoding; a primitive value covers its content.
//! Attribute values and extensions are dissected by the module that registered their identifier,
//! and that module is listed as a layer in `frame.protocols` each time (x509sat for attribute values,
//! x509ce for the `id-ce` extensions, pkix1implicit for authorityInfoAccess and user notices,
//! pkix1explicit for CPS qualifiers, pkcs-1 for EC key parameters).

pub(crate) mod der;
pub mod names;

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity};
use der::Tlv;

/// X.509 Authentication Framework: the certificate's own structure.
pub mod af {
    fields::declare_protocol! {
        proto X509AF = crate::protocols::ids::X509AF, "X.509 Authentication Framework", "X509AF", "x509af";
        SIGNED_CERTIFICATE: "x509af.signedCertificate_element", "signedCertificate", None, None;
        VERSION: "x509af.version", "version", Int32, Dec, values super::VERSIONS;
        SERIAL_NUMBER: "x509af.serialNumber", "serialNumber", Bytes, None, blurb "CertificateSerialNumber";
        SIGNATURE: "x509af.signature_element", "signature", None, None, blurb "AlgorithmIdentifier";
        ALGORITHM_ID: "x509af.algorithm.id", "Algorithm Id", Oid, None;
        ISSUER: "x509af.issuer", "issuer", UInt32, Dec, blurb "Name";
        RDN_SEQUENCE: "x509af.rdnSequence", "rdnSequence", UInt32, Dec;
        VALIDITY: "x509af.validity_element", "validity", None, None;
        NOT_BEFORE: "x509af.notBefore", "notBefore", UInt32, Dec, blurb "Time";
        NOT_AFTER: "x509af.notAfter", "notAfter", UInt32, Dec, blurb "Time";
        UTC_TIME: "x509af.utcTime", "utcTime", String, None;
        GENERALIZED_TIME: "x509af.generalizedTime", "generalizedTime", AbsoluteTime, AbsoluteTimeLocal;
        SUBJECT: "x509af.subject", "subject", UInt32, Dec, blurb "SubjectName";
        SUBJECT_PUBLIC_KEY_INFO: "x509af.subjectPublicKeyInfo_element", "subjectPublicKeyInfo", None, None;
        ALGORITHM: "x509af.algorithm_element", "algorithm", None, None, blurb "AlgorithmIdentifier";
        SUBJECT_PUBLIC_KEY: "x509af.subjectPublicKey", "subjectPublicKey", Bytes, None;
        EXTENSIONS: "x509af.extensions", "extensions", UInt32, Dec;
        EXTENSION: "x509af.Extension_element", "Extension", None, None;
        EXTENSION_ID: "x509af.extension.id", "Extension Id", Oid, None;
        CRITICAL: "x509af.critical", "critical", Boolean, Bits(0), blurb "BOOLEAN";
        ALGORITHM_IDENTIFIER: "x509af.algorithmIdentifier_element", "algorithmIdentifier", None, None;
        ENCRYPTED: "x509af.encrypted", "encrypted", Bytes, None, blurb "BIT_STRING";
    }
}

/// X.509 Information Framework: distinguished names.
pub mod xif {
    fields::declare_protocol! {
        proto X509IF = crate::protocols::ids::X509IF, "X.509 Information Framework", "X509IF", "x509if";
        RDN_SEQUENCE: "x509if.rdnSequence", "rdnSequence", UInt32, Dec;
        RDN_SEQUENCE_ITEM: "x509if.RDNSequence_item", "RDNSequence item", UInt32, Dec;
        RDN_ITEM: "x509if.RelativeDistinguishedName_item_element", "RelativeDistinguishedName item", None, None;
        OID: "x509if.oid", "Object Id", Oid, None, blurb "Object identifier Id";
    }
}

/// X.509 Selected Attribute Types: the values of name attributes.
pub mod sat {
    fields::declare_protocol! {
        proto X509SAT = crate::protocols::ids::X509SAT, "X.509 Selected Attribute Types", "X509SAT", "x509sat";
        DIRECTORY_STRING: "x509sat.DirectoryString", "DirectoryString", UInt32, Dec;
        TELETEX_STRING: "x509sat.teletexString", "teletexString", String, None;
        PRINTABLE_STRING: "x509sat.printableString", "printableString", String, None;
        UNIVERSAL_STRING: "x509sat.universalString", "universalString", String, None;
        BMP_STRING: "x509sat.bmpString", "bmpString", String, None;
        UTF8_STRING: "x509sat.uTF8String", "uTF8String", String, None;
        COUNTRY_NAME: "x509sat.CountryName", "CountryName", String, None;
        PRINTABLE: "x509sat.PrintableString", "PrintableString", String, None;
        IA5_STRING: "x509sat.IA5String", "IA5String", String, None;
    }
}

/// X.509 Certificate Extensions.
pub mod ce {
    fields::declare_protocol! {
        proto X509CE = crate::protocols::ids::X509CE, "X.509 Certificate Extensions", "X509CE", "x509ce";
        SUBJECT_KEY_IDENTIFIER: "x509ce.SubjectKeyIdentifier", "SubjectKeyIdentifier", Bytes, None;
        AUTHORITY_KEY_IDENTIFIER: "x509ce.AuthorityKeyIdentifier_element", "AuthorityKeyIdentifier", None, None;
        KEY_IDENTIFIER: "x509ce.keyIdentifier", "keyIdentifier", Bytes, None;
        AUTHORITY_CERT_ISSUER: "x509ce.authorityCertIssuer", "authorityCertIssuer", UInt32, Dec, blurb "GeneralNames";
        AUTHORITY_CERT_SERIAL_NUMBER: "x509ce.authorityCertSerialNumber", "authorityCertSerialNumber", Bytes, None, blurb "CertificateSerialNumber";
        BASIC_CONSTRAINTS: "x509ce.BasicConstraintsSyntax_element", "BasicConstraintsSyntax", None, None;
        CA: "x509ce.cA", "cA", Boolean, Bits(0), blurb "BOOLEAN";
        PATH_LEN_CONSTRAINT: "x509ce.pathLenConstraint", "pathLenConstraint", UInt64, Dec, blurb "INTEGER_0_MAX";
        GENERAL_NAMES: "x509ce.GeneralNames", "GeneralNames", UInt32, Dec;
        GENERAL_NAME: "x509ce.GeneralName", "GeneralName", UInt32, Dec;
        RFC822_NAME: "x509ce.rfc822Name", "rfc822Name", String, None, blurb "IA5String";
        DNS_NAME: "x509ce.dNSName", "dNSName", String, None, blurb "IA5String";
        DIRECTORY_NAME: "x509ce.directoryName", "directoryName", UInt32, Dec, blurb "Name";
        URI: "x509ce.uniformResourceIdentifier", "uniformResourceIdentifier", String, None;
        IP_ADDRESS: "x509ce.iPAddress", "iPAddress", Bytes, None;
        REGISTERED_ID: "x509ce.registeredID", "registeredID", Oid, None, blurb "OBJECT_IDENTIFIER";
        KEY_USAGE: "x509ce.KeyUsage", "KeyUsage", Bytes, None;
        KU_DIGITAL_SIGNATURE: "x509ce.KeyUsage.digitalSignature", "digitalSignature", Boolean, Bits(8), mask 0x80, tf ("True", "False");
        KU_CONTENT_COMMITMENT: "x509ce.KeyUsage.contentCommitment", "contentCommitment", Boolean, Bits(8), mask 0x40, tf ("True", "False");
        KU_KEY_ENCIPHERMENT: "x509ce.KeyUsage.keyEncipherment", "keyEncipherment", Boolean, Bits(8), mask 0x20, tf ("True", "False");
        KU_DATA_ENCIPHERMENT: "x509ce.KeyUsage.dataEncipherment", "dataEncipherment", Boolean, Bits(8), mask 0x10, tf ("True", "False");
        KU_KEY_AGREEMENT: "x509ce.KeyUsage.keyAgreement", "keyAgreement", Boolean, Bits(8), mask 0x08, tf ("True", "False");
        KU_KEY_CERT_SIGN: "x509ce.KeyUsage.keyCertSign", "keyCertSign", Boolean, Bits(8), mask 0x04, tf ("True", "False");
        KU_CRL_SIGN: "x509ce.KeyUsage.cRLSign", "cRLSign", Boolean, Bits(8), mask 0x02, tf ("True", "False");
        KU_ENCIPHER_ONLY: "x509ce.KeyUsage.encipherOnly", "encipherOnly", Boolean, Bits(8), mask 0x01, tf ("True", "False");
        KU_DECIPHER_ONLY: "x509ce.KeyUsage.decipherOnly", "decipherOnly", Boolean, Bits(8), mask 0x80, tf ("True", "False");
        KEY_PURPOSE_IDS: "x509ce.KeyPurposeIDs", "KeyPurposeIDs", UInt32, Dec;
        KEY_PURPOSE_ID: "x509ce.KeyPurposeId", "KeyPurposeId", Oid, None;
        CERTIFICATE_POLICIES: "x509ce.CertificatePoliciesSyntax", "CertificatePoliciesSyntax", UInt32, Dec;
        POLICY_INFORMATION: "x509ce.PolicyInformation_element", "PolicyInformation", None, None;
        POLICY_IDENTIFIER: "x509ce.policyIdentifier", "policyIdentifier", Oid, None, blurb "CertPolicyId";
        POLICY_QUALIFIERS: "x509ce.policyQualifiers", "policyQualifiers", UInt32, Dec, blurb "SEQUENCE_SIZE_1_MAX_OF_PolicyQualifierInfo";
        POLICY_QUALIFIER_INFO: "x509ce.PolicyQualifierInfo_element", "PolicyQualifierInfo", None, None;
        ID: "x509ce.id", "Id", Oid, None, blurb "Object identifier Id";
        CRL_DIST_POINTS: "x509ce.CRLDistPointsSyntax", "CRLDistPointsSyntax", UInt32, Dec;
        DISTRIBUTION_POINT_ELEMENT: "x509ce.DistributionPoint_element", "DistributionPoint", None, None;
        DISTRIBUTION_POINT: "x509ce.distributionPoint", "distributionPoint", UInt32, Dec, blurb "DistributionPointName";
        FULL_NAME: "x509ce.fullName", "fullName", UInt32, Dec, blurb "GeneralNames";
    }
}

/// PKCS#1: RSA public keys and EC parameters.
pub mod pkcs1 {
    fields::declare_protocol! {
        proto PKCS1 = crate::protocols::ids::PKCS1, "PKCS#1", "PKCS-1", "pkcs-1";
        MODULUS: "pkcs1.modulus", "modulus", Bytes, None, blurb "INTEGER";
        PUBLIC_EXPONENT: "pkcs1.publicExponent", "publicExponent", Int32, Dec, blurb "INTEGER";
        EC_PARAMETERS: "pkcs1.ECParameters", "ECParameters", UInt32, Dec;
        NAMED_CURVE: "pkcs1.namedCurve", "namedCurve", Oid, None, blurb "OBJECT_IDENTIFIER";
    }
}

/// PKIX1Implicit: authority information access and user notices.
pub mod pkix1implicit {
    fields::declare_protocol! {
        proto PKIX1IMPLICIT = crate::protocols::ids::PKIX1IMPLICIT, "PKIX1Implitit", "PKIX1IMPLICIT", "pkix1implicit";
        AUTHORITY_INFO_ACCESS: "pkix1implicit.AuthorityInfoAccessSyntax", "AuthorityInfoAccessSyntax", UInt32, Dec;
        ACCESS_DESCRIPTION: "pkix1implicit.AccessDescription_element", "AccessDescription", None, None;
        ACCESS_METHOD: "pkix1implicit.accessMethod", "accessMethod", Oid, None, blurb "OBJECT_IDENTIFIER";
        ACCESS_LOCATION: "pkix1implicit.accessLocation", "accessLocation", UInt32, Dec, blurb "GeneralName";
        USER_NOTICE: "pkix1implicit.UserNotice_element", "UserNotice", None, None;
        NOTICE_REF: "pkix1implicit.noticeRef_element", "noticeRef", None, None, blurb "NoticeReference";
        ORGANIZATION: "pkix1implicit.organization", "organization", UInt32, Dec, blurb "DisplayText";
        NOTICE_NUMBERS: "pkix1implicit.noticeNumbers", "noticeNumbers", UInt32, Dec;
        NOTICE_NUMBERS_ITEM: "pkix1implicit.noticeNumbers_item", "noticeNumbers item", Int32, Dec, blurb "INTEGER";
        EXPLICIT_TEXT: "pkix1implicit.explicitText", "explicitText", UInt32, Dec, blurb "DisplayText";
        IA5_STRING: "pkix1implicit.ia5String", "ia5String", String, None;
        VISIBLE_STRING: "pkix1implicit.visibleString", "visibleString", String, None;
        BMP_STRING: "pkix1implicit.bmpString", "bmpString", String, None;
        UTF8_STRING: "pkix1implicit.utf8String", "utf8String", String, None;
    }
}

/// PKIX1Explicit: CPS pointer qualifiers.
pub mod pkix1explicit {
    fields::declare_protocol! {
        proto PKIX1EXPLICIT = crate::protocols::ids::PKIX1EXPLICIT, "PKIX1Explicit", "PKIX1EXPLICIT", "pkix1explicit";
        DIRECTORY_STRING: "pkix1explicit.DirectoryString", "DirectoryString", String, None;
    }
}

/// Netscape certificate extensions (2.16.840.1.113730.1.*), which older certificates still carry: the
/// certificate type bits and a few strings.
pub mod ns_cert_exts {
    fields::declare_protocol! {
        proto NS_CERT_EXTS = crate::protocols::ids::NS_CERT_EXTS, "NetScape Certificate Extensions", "NS_CERT_EXTS", "ns_cert_exts";
        BASE_URL: "ns_cert_exts.BaseUrl", "BaseUrl", String, None;
        REVOCATION_URL: "ns_cert_exts.RevocationUrl", "RevocationUrl", String, None;
        CA_REVOCATION_URL: "ns_cert_exts.CaRevocationUrl", "CaRevocationUrl", String, None;
        CA_POLICY_URL: "ns_cert_exts.CaPolicyUrl", "CaPolicyUrl", String, None;
        COMMENT: "ns_cert_exts.Comment", "Comment", String, None;
        SSL_SERVER_NAME: "ns_cert_exts.SslServerName", "SslServerName", String, None;
        CERT_RENEWAL_URL: "ns_cert_exts.CertRenewalUrl", "CertRenewalUrl", String, None;
        CERT_TYPE: "ns_cert_exts.CertType", "CertType", Bytes, None;
        SSL_CLIENT: "ns.cert.exts.CertType.ssl.client", "ssl-client", Boolean, Bits(8), mask 0x80, tf ("True", "False");
        SSL_SERVER: "ns.cert.exts.CertType.ssl.server", "ssl-server", Boolean, Bits(8), mask 0x40, tf ("True", "False");
        SMIME: "ns.cert.exts.CertType.smime", "smime", Boolean, Bits(8), mask 0x20, tf ("True", "False");
        OBJECT_SIGNING: "ns.cert.exts.CertType.object.signing", "object-signing", Boolean, Bits(8), mask 0x10, tf ("True", "False");
        RESERVED: "ns.cert.exts.CertType.reserved.for.future.use", "reserved-for-future-use", Boolean, Bits(8), mask 0x08, tf ("True", "False");
        SSL_CA: "ns.cert.exts.CertType.ssl.ca", "ssl-ca", Boolean, Bits(8), mask 0x04, tf ("True", "False");
        SMIME_CA: "ns.cert.exts.CertType.smime.ca", "smime-ca", Boolean, Bits(8), mask 0x02, tf ("True", "False");
        OBJECT_SIGNING_CA: "ns.cert.exts.CertType.object.signing.ca", "object-signing-ca", Boolean, Bits(8), mask 0x01, tf ("True", "False");
    }
}

/// Basic Encoding Rules: the unused-bits count of bit strings, and the note on what does not parse.
pub mod ber {
    fields::declare_protocol! {
        proto BER = crate::protocols::ids::BER, "Basic Encoding Rules (ASN.1 X.690)", "BER", "ber";
        BITSTRING_PADDING: "ber.bitstring.padding", "Padding", UInt8, Dec, blurb "Number of unused bits in the last octet of the bitstring";
        ERROR: "ber.error", "BER Error", None, None;
        ERROR_LENGTH: "ber.error.length", "BER Error: length is not valid", None, None;
    }
}

/// `x509af.version`.
static VERSIONS: &[(u64, &str)] = &[(0, "v1"), (1, "v2"), (2, "v3")];

/// Dissects the certificate `d[at..at + len]` under its `tls.handshake.certificate` item `cert`,
/// and gives that item tshark's label: the bytes, then the subject.
///
/// Returns false when a length inside the certificate runs past what holds it: tshark's BER dissector
/// raises an exception there, so the item covers only the outer value's encoding and the packet is
/// malformed; the caller stops.
pub fn certificate(cx: &mut Cx, d: &[u8], at: usize, len: usize, cert: ItemIdx) -> bool {
    let bytes = &d[at..at + len];
    if let Some(o) = der::first_overrun(d, at, at + len) {
        // The item covers the outer value as far as it fits.
        if o > at
            && let Some(outer) = der::read(d, at, at + len)
        {
            cx.tree.set_len(cert, outer.whole());
        }
        if cert.is_stored() {
            let shown = cx.tree.item(cert).len as usize;
            let mut label = String::from("Certificate: ");
            hex_label(&mut label, &d[at..at + shown.min(len)]);
            set_cut_label(cx, cert, label);
        }
        cx.malformed(o, "TLS");
        return false;
    }
    if let Err(e) = x509_parser::parse_x509_certificate(bytes) {
        cx.expert(
            cert,
            ber::ERROR,
            Severity::Warning,
            Group::Malformed,
            format_args!("Certificate does not parse: {e}"),
        );
        return true;
    }
    let Some(top) = der::read(d, at, at + len) else {
        return true;
    };
    let subject = walk(cx, d, top, cert).unwrap_or_default();
    if cert.is_stored() {
        let mut label = String::from("Certificate: ");
        hex_label(&mut label, bytes);
        if !subject.is_empty() {
            label.push_str(" (");
            label.push_str(&subject);
            label.push(')');
        }
        set_cut_label(cx, cert, label);
    }
    true
}

/// Sets a label as tshark holds it: at most 239 bytes, text past that cut.
fn set_cut_label(cx: &mut Cx, it: ItemIdx, mut label: String) {
    if !it.is_stored() {
        return;
    }
    fields::label::cut_to_label_buffer(&mut label);
    cx.tree.set_label(it, format_args!("{label}"));
}

/// Bytes as tshark's byte labels show them: hex, cut after 36 bytes with "…".
pub(crate) fn hex_label(out: &mut String, b: &[u8]) {
    use std::fmt::Write as _;
    for x in b.iter().take(36) {
        let _ = write!(out, "{x:02x}");
    }
    if b.len() > 36 {
        out.push('…');
    }
}

/// "1 item" / "N items".
fn items(n: usize) -> &'static str {
    if n == 1 { "item" } else { "items" }
}

/// An OID item over `t`'s content, labelled "`label`: 1.2.3 (name)"; returns the dotted form.
fn oid_item(
    cx: &mut Cx,
    d: &[u8],
    parent: ItemIdx,
    field: fields::FieldId,
    label: &str,
    t: Tlv,
) -> Option<String> {
    let oid = der::oid_string(t.bytes(d))?;
    let value = cx.tree.text_value(&oid);
    let it = cx.tree.add(parent, field, t.content, t.len(), value);
    if it.is_stored() {
        cx.tree.set_label(
            it,
            format_args!("{label}: {oid} ({})", names::resolved(&oid)),
        );
    }
    Some(oid)
}

/// Walks Certificate ::= SEQUENCE { signedCertificate, algorithmIdentifier, encrypted }; returns the
/// subject as the certificate's label shows it.
fn walk(cx: &mut Cx, d: &[u8], top: Tlv, cert: ItemIdx) -> Option<String> {
    let mut parts = top.children();
    let tbs = parts.next(d)?;
    let subject = signed_certificate(cx, d, tbs, cert);
    if let Some(alg) = parts.next(d) {
        algorithm(
            cx,
            d,
            alg,
            cert,
            af::ALGORITHM_IDENTIFIER,
            "algorithmIdentifier",
        );
    }
    if let Some(sig) = parts.next_if(d, 0x03) {
        bit_string(cx, d, sig, cert, af::ENCRYPTED);
    }
    subject
}

/// A BIT STRING: the padding byte, then the bits as `field`.
fn bit_string(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx, field: fields::FieldId) -> ItemIdx {
    if t.len() == 0 {
        return parent;
    }
    cx.uint(
        parent,
        ber::BITSTRING_PADDING,
        t.content,
        1,
        d[t.content] as u64,
    );
    cx.tree
        .add(parent, field, t.content + 1, t.len() - 1, Value::Bytes)
}

fn signed_certificate(cx: &mut Cx, d: &[u8], tbs: Tlv, parent: ItemIdx) -> Option<String> {
    let sc = cx.tree.add(
        parent,
        af::SIGNED_CERTIFICATE,
        tbs.start,
        tbs.whole(),
        Value::None,
    );
    let mut f = tbs.children();
    if let Some(v) = f.next_if(d, 0xa0)
        && let Some(i) = v.children().next_if(d, 0x02)
    {
        let n = der::int_value(i.bytes(d)).unwrap_or(0);
        cx.tree
            .add(sc, af::VERSION, i.content, i.len(), Value::Int(n));
    }
    let serial = f.next_if(d, 0x02)?;
    let it = cx.tree.add(
        sc,
        af::SERIAL_NUMBER,
        serial.content,
        serial.len(),
        Value::Bytes,
    );
    integer_bytes_label(cx, d, it, "serialNumber", serial);
    let sig = f.next(d)?;
    algorithm(cx, d, sig, sc, af::SIGNATURE, "signature");
    let issuer = f.next(d)?;
    name(cx, d, issuer, sc, af::ISSUER, "issuer", xif::RDN_SEQUENCE);
    let validity = f.next(d)?;
    let vi = cx.tree.add(
        sc,
        af::VALIDITY,
        validity.start,
        validity.whole(),
        Value::None,
    );
    let mut times = validity.children();
    for (field, label) in [(af::NOT_BEFORE, "notBefore"), (af::NOT_AFTER, "notAfter")] {
        if let Some(t) = times.next(d) {
            time(cx, d, t, vi, field, label);
        }
    }
    let subject_tlv = f.next(d)?;
    let subject = name(
        cx,
        d,
        subject_tlv,
        sc,
        af::SUBJECT,
        "subject",
        af::RDN_SEQUENCE,
    );
    if let Some(spki) = f.next(d) {
        public_key_info(cx, d, spki, sc);
    }
    // issuerUniqueID [1] and subjectUniqueID [2] are skipped; extensions are [3].
    while let Some(t) = f.next(d) {
        if t.tag == 0xa3
            && let Some(list) = t.children().next_if(d, 0x30)
        {
            extensions(cx, d, list, sc);
        }
    }
    Some(subject)
}

/// A label "`name`: 0x…" for an INTEGER shown as bytes.
fn integer_bytes_label(cx: &mut Cx, d: &[u8], it: ItemIdx, name: &str, t: Tlv) {
    if it.is_stored() {
        let mut label = format!("{name}: 0x");
        hex_label(&mut label, t.bytes(d));
        cx.tree.set_label(it, format_args!("{label}"));
    }
}

/// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }, labelled with the
/// algorithm's name. Returns the algorithm.
fn algorithm(
    cx: &mut Cx,
    d: &[u8],
    t: Tlv,
    parent: ItemIdx,
    field: fields::FieldId,
    label: &str,
) -> Option<String> {
    let it = cx.tree.add(parent, field, t.start, t.whole(), Value::None);
    let mut f = t.children();
    let oid_tlv = f.next_if(d, 0x06)?;
    let oid = oid_item(cx, d, it, af::ALGORITHM_ID, "Algorithm Id", oid_tlv)?;
    if it.is_stored() {
        cx.tree
            .set_label(it, format_args!("{label} ({})", names::resolved(&oid)));
    }
    if let Some(params) = f.next(d)
        && oid == "1.2.840.10045.2.1"
    {
        ec_parameters(cx, d, params, it);
    }
    Some(oid)
}

/// ECParameters ::= CHOICE { ecParameters SEQUENCE, namedCurve OID, implicitlyCA NULL } (pkcs-1).
fn ec_parameters(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx) {
    let (index, alt) = match t.tag {
        0x30 => (0, "ecParameters"),
        0x06 => (1, "namedCurve"),
        0x05 => (2, "implicitlyCA"),
        _ => return,
    };
    cx.tree.layers.push("pkcs-1");
    let it = cx.uint(parent, pkcs1::EC_PARAMETERS, t.start, t.whole(), index);
    cx.tree
        .set_label(it, format_args!("ECParameters: {alt} ({index})"));
    if index == 1 {
        oid_item(cx, d, it, pkcs1::NAMED_CURVE, "namedCurve", t);
    }
}

/// Time ::= CHOICE { utcTime, generalizedTime }.
fn time(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx, field: fields::FieldId, label: &str) {
    let (index, alt) = match t.tag {
        0x17 => (0, "utcTime"),
        0x18 => (1, "generalizedTime"),
        _ => return,
    };
    let it = cx.uint(parent, field, t.start, t.whole(), index);
    cx.tree
        .set_label(it, format_args!("{label}: {alt} ({index})"));
    let s = t.bytes(d);
    if index == 0 {
        // tshark's form of YYMMDDHHMMSSZ: the century from the year (RFC 5280 §4.1.2.5.1).
        let text = match s {
            [y0, y1, mo0, mo1, d0, d1, h0, h1, mi0, mi1, s0, s1, b'Z'] => {
                let century = if *y0 < b'5' { "20" } else { "19" };
                let c = |a: &u8, b: &u8| format!("{}{}", *a as char, *b as char);
                format!(
                    "{century}{}-{}-{} {}:{}:{} (UTC)",
                    c(y0, y1),
                    c(mo0, mo1),
                    c(d0, d1),
                    c(h0, h1),
                    c(mi0, mi1),
                    c(s0, s1)
                )
            }
            _ => String::from_utf8_lossy(s).into_owned(),
        };
        let value = cx.tree.text_value(&text);
        cx.tree.add(it, af::UTC_TIME, t.content, t.len(), value);
    } else if let Some(secs) = generalized_time(s) {
        cx.tree.add(
            it,
            af::GENERALIZED_TIME,
            t.content,
            t.len(),
            Value::AbsTime { secs, nanos: 0 },
        );
    }
}

/// YYYYMMDDHHMMSSZ as seconds since the epoch.
fn generalized_time(s: &[u8]) -> Option<i64> {
    if s.len() != 15 || s[14] != b'Z' || !s[..14].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |a: usize, b: usize| -> i64 {
        s[a..b]
            .iter()
            .fold(0i64, |v, &c| v * 10 + (c - b'0') as i64)
    };
    let (y, m, day) = (n(0, 4), n(4, 6), n(6, 8));
    // Days from the civil date (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(days * 86400 + n(8, 10) * 3600 + n(10, 12) * 60 + n(12, 14))
}

/// Name ::= CHOICE { rdnSequence }: the RDNs, with each attribute value by its module. Returns the
/// name as tshark writes it in labels: the attributes last to first, "type=value" joined by ",".
#[allow(clippy::too_many_arguments)]
fn name(
    cx: &mut Cx,
    d: &[u8],
    t: Tlv,
    parent: ItemIdx,
    field: fields::FieldId,
    label: &str,
    seq_field: fields::FieldId,
) -> String {
    let it = cx.uint(parent, field, t.start, t.whole(), 0);
    cx.tree
        .set_label(it, format_args!("{label}: rdnSequence (0)"));
    let rdns = t.children().all(d);
    let seq = cx.uint(it, seq_field, t.content, t.len(), rdns.len() as u64);
    let mut shown = Vec::new();
    for rdn in &rdns {
        let attrs = rdn.children().all(d);
        let ri = cx.uint(
            seq,
            xif::RDN_SEQUENCE_ITEM,
            rdn.content,
            rdn.len(),
            attrs.len() as u64,
        );
        let mut rdn_text = Vec::new();
        for a in &attrs {
            let ai = cx
                .tree
                .add(ri, xif::RDN_ITEM, a.start, a.whole(), Value::None);
            let mut f = a.children();
            let Some(oid_tlv) = f.next_if(d, 0x06) else {
                continue;
            };
            let Some(oid) = oid_item(cx, d, ai, xif::OID, "Object Id", oid_tlv) else {
                continue;
            };
            let value = f
                .next(d)
                .and_then(|v| attribute_value(cx, d, &oid, v, ai))
                .unwrap_or_default();
            let text = format!("{}={value}", names::resolved(&oid));
            set_cut_label(cx, ai, format!("RelativeDistinguishedName item ({text})"));
            rdn_text.push(text);
        }
        let joined = rdn_text.join("+");
        set_cut_label(
            cx,
            ri,
            format!(
                "RDNSequence item: {} {} ({joined})",
                attrs.len(),
                items(attrs.len())
            ),
        );
        shown.push(joined);
    }
    shown.reverse();
    let all = shown.join(",");
    set_cut_label(
        cx,
        seq,
        format!("rdnSequence: {} {} ({all})", rdns.len(), items(rdns.len())),
    );
    all
}

/// Text of a string value: UTF-16 for BMPString, UTF-32 for UniversalString, else the bytes.
fn string_text(tag: u8, b: &[u8]) -> String {
    match tag {
        0x1e => char::decode_utf16(b.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])))
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
        0x1c => b
            .chunks_exact(4)
            .map(|c| {
                char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
        _ => String::from_utf8_lossy(b).into_owned(),
    }
}

/// A string item over `t`'s content (decoded when it is not a byte string).
fn string_item(cx: &mut Cx, d: &[u8], parent: ItemIdx, field: fields::FieldId, t: Tlv) -> String {
    let text = string_text(t.tag, t.bytes(d));
    let value = if matches!(t.tag, 0x1e | 0x1c) {
        cx.tree.text_value(&text)
    } else {
        Value::Str
    };
    cx.tree.add(parent, field, t.content, t.len(), value);
    text
}

/// How x509sat reads the value of an attribute type it registered.
enum Syntax {
    DirectoryString,
    Country,
    Printable,
    Ia5,
}

fn attribute_syntax(oid: &str) -> Option<Syntax> {
    Some(match oid {
        "2.5.4.6" => Syntax::Country,
        "2.5.4.5" | "2.5.4.46" => Syntax::Printable,
        "1.2.840.113549.1.9.1" | "0.9.2342.19200300.100.1.25" => Syntax::Ia5,
        _ if oid.starts_with("2.5.4.") => Syntax::DirectoryString,
        _ => return None,
    })
}

/// An attribute value (x509sat, listed as a layer); returns its text for the labels.
fn attribute_value(cx: &mut Cx, d: &[u8], oid: &str, v: Tlv, parent: ItemIdx) -> Option<String> {
    let syntax = attribute_syntax(oid)?;
    cx.tree.layers.push("x509sat");
    Some(match syntax {
        Syntax::Country => string_item(cx, d, parent, sat::COUNTRY_NAME, v),
        Syntax::Printable => string_item(cx, d, parent, sat::PRINTABLE, v),
        Syntax::Ia5 => string_item(cx, d, parent, sat::IA5_STRING, v),
        Syntax::DirectoryString => {
            let (index, alt, field) = match v.tag {
                0x14 => (0, "teletexString", sat::TELETEX_STRING),
                0x13 => (1, "printableString", sat::PRINTABLE_STRING),
                0x1c => (2, "universalString", sat::UNIVERSAL_STRING),
                0x1e => (3, "bmpString", sat::BMP_STRING),
                0x0c => (4, "uTF8String", sat::UTF8_STRING),
                _ => return None,
            };
            let it = cx.uint(parent, sat::DIRECTORY_STRING, v.start, v.whole(), index);
            cx.tree
                .set_label(it, format_args!("DirectoryString: {alt} ({index})"));
            string_item(cx, d, it, field, v)
        }
    })
}

/// SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING }; an RSA key is shown
/// as its modulus and exponent (PKCS#1, without the padding byte).
fn public_key_info(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx) {
    let it = cx.tree.add(
        parent,
        af::SUBJECT_PUBLIC_KEY_INFO,
        t.start,
        t.whole(),
        Value::None,
    );
    let mut f = t.children();
    let Some(alg) = f.next(d) else { return };
    let oid = algorithm(cx, d, alg, it, af::ALGORITHM, "algorithm");
    let Some(key) = f.next_if(d, 0x03) else {
        return;
    };
    if key.len() == 0 {
        return;
    }
    let rsa = oid.as_deref() == Some("1.2.840.113549.1.1.1")
        && der::read(d, key.content + 1, key.end).is_some_and(|s| s.tag == 0x30);
    if !rsa {
        bit_string(cx, d, key, it, af::SUBJECT_PUBLIC_KEY);
        return;
    }
    let ki = cx.tree.add(
        it,
        af::SUBJECT_PUBLIC_KEY,
        key.content + 1,
        key.len() - 1,
        Value::Bytes,
    );
    let Some(seq) = der::read(d, key.content + 1, key.end) else {
        return;
    };
    let mut parts = seq.children();
    if let Some(m) = parts.next_if(d, 0x02) {
        let mi = cx
            .tree
            .add(ki, pkcs1::MODULUS, m.content, m.len(), Value::Bytes);
        integer_bytes_label(cx, d, mi, "modulus", m);
    }
    if let Some(e) = parts.next_if(d, 0x02)
        && let Some(v) = der::int_value(e.bytes(d))
    {
        cx.tree.add(
            ki,
            pkcs1::PUBLIC_EXPONENT,
            e.content,
            e.len(),
            Value::Int(v),
        );
    }
}

/// Extensions ::= SEQUENCE OF Extension.
fn extensions(cx: &mut Cx, d: &[u8], list: Tlv, parent: ItemIdx) {
    let exts = list.children().all(d);
    let it = cx.uint(
        parent,
        af::EXTENSIONS,
        list.content,
        list.len(),
        exts.len() as u64,
    );
    cx.tree.set_label(
        it,
        format_args!("extensions: {} {}", exts.len(), items(exts.len())),
    );
    for e in exts {
        extension(cx, d, e, it);
    }
}

/// Extension ::= SEQUENCE { extnId OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING },
/// the value dissected by the module that registered the identifier.
fn extension(cx: &mut Cx, d: &[u8], e: Tlv, parent: ItemIdx) {
    let it = cx
        .tree
        .add(parent, af::EXTENSION, e.start, e.whole(), Value::None);
    let mut f = e.children();
    let Some(id_tlv) = f.next_if(d, 0x06) else {
        return;
    };
    let Some(oid) = oid_item(cx, d, it, af::EXTENSION_ID, "Extension Id", id_tlv) else {
        return;
    };
    cx.tree
        .set_label(it, format_args!("Extension ({})", names::resolved(&oid)));
    if let Some(c) = f.next_if(d, 0x01) {
        let v = c.bytes(d).first().copied().unwrap_or(0);
        cx.uint(it, af::CRITICAL, c.content, c.len(), u64::from(v != 0));
    }
    let Some(value) = f.next_if(d, 0x04) else {
        return;
    };
    let inner = der::read(d, value.content, value.end);
    match oid.as_str() {
        "1.3.6.1.5.5.7.1.1" => {
            cx.tree.layers.push("pkix1implicit");
            if let Some(t) = inner {
                authority_info_access(cx, d, t, it);
            }
        }
        // Signed certificate timestamps (RFC 6962 §3.3): an OCTET STRING holding TLS's
        // SignedCertificateTimestampList, dissected with TLS's fields as tshark does.
        "1.3.6.1.4.1.11129.2.4.2" => {
            cx.tree.layers.push("tls");
            if let Some(t) = inner.filter(|t| t.tag == 0x04) {
                crate::protocols::tls::sct_list(cx, d, t.content, t.end, it);
                // A list too long for its OCTET STRING ends the list, not the certificate.
                cx.state.tls.vector_stopped = false;
            }
        }
        _ if oid.starts_with("2.16.840.1.113730.1.") => {
            cx.tree.layers.push("ns_cert_exts");
            if let Some(t) = inner {
                netscape_value(cx, d, &oid, t, it);
            }
        }
        _ if oid.starts_with("2.5.29.") => {
            cx.tree.layers.push("x509ce");
            if let Some(t) = inner {
                ce_value(cx, d, &oid, t, it);
            }
        }
        _ => {}
    }
}

/// The value of an `id-ce` extension (x509ce).
fn ce_value(cx: &mut Cx, d: &[u8], oid: &str, t: Tlv, parent: ItemIdx) {
    match oid {
        "2.5.29.14" if t.tag == 0x04 => {
            cx.tree.add(
                parent,
                ce::SUBJECT_KEY_IDENTIFIER,
                t.content,
                t.len(),
                Value::Bytes,
            );
        }
        "2.5.29.15" if t.tag == 0x03 => key_usage(cx, d, t, parent),
        "2.5.29.17" | "2.5.29.18" if t.tag == 0x30 => {
            general_names(cx, d, t, parent, ce::GENERAL_NAMES, "GeneralNames");
        }
        "2.5.29.19" if t.tag == 0x30 => {
            let it = cx.tree.add(
                parent,
                ce::BASIC_CONSTRAINTS,
                t.start,
                t.whole(),
                Value::None,
            );
            if t.len() == 0 && it.is_stored() {
                cx.tree
                    .set_label(it, format_args!("BasicConstraintsSyntax [0 length]"));
            }
            let mut f = t.children();
            if let Some(c) = f.next_if(d, 0x01) {
                let v = c.bytes(d).first().copied().unwrap_or(0);
                cx.uint(it, ce::CA, c.content, c.len(), u64::from(v != 0));
            }
            if let Some(n) = f.next_if(d, 0x02)
                && let Some(v) = der::int_value(n.bytes(d))
            {
                cx.uint(
                    it,
                    ce::PATH_LEN_CONSTRAINT,
                    n.content,
                    n.len(),
                    v.max(0) as u64,
                );
            }
        }
        "2.5.29.31" if t.tag == 0x30 => crl_distribution_points(cx, d, t, parent),
        "2.5.29.32" if t.tag == 0x30 => certificate_policies(cx, d, t, parent),
        "2.5.29.35" if t.tag == 0x30 => {
            let it = cx.tree.add(
                parent,
                ce::AUTHORITY_KEY_IDENTIFIER,
                t.start,
                t.whole(),
                Value::None,
            );
            let mut f = t.children();
            while let Some(p) = f.next(d) {
                match p.tag {
                    0x80 => {
                        cx.tree
                            .add(it, ce::KEY_IDENTIFIER, p.content, p.len(), Value::Bytes);
                    }
                    0xa1 => {
                        general_names(
                            cx,
                            d,
                            p,
                            it,
                            ce::AUTHORITY_CERT_ISSUER,
                            "authorityCertIssuer",
                        );
                    }
                    0x82 => {
                        let si = cx.tree.add(
                            it,
                            ce::AUTHORITY_CERT_SERIAL_NUMBER,
                            p.content,
                            p.len(),
                            Value::Bytes,
                        );
                        integer_bytes_label(cx, d, si, "authorityCertSerialNumber", p);
                    }
                    _ => {}
                }
            }
        }
        "2.5.29.37" if t.tag == 0x30 => {
            let ids = t.children().all(d);
            let it = cx.uint(
                parent,
                ce::KEY_PURPOSE_IDS,
                t.content,
                t.len(),
                ids.len() as u64,
            );
            cx.tree.set_label(
                it,
                format_args!("KeyPurposeIDs: {} {}", ids.len(), items(ids.len())),
            );
            for k in ids.into_iter().filter(|k| k.tag == 0x06) {
                oid_item(cx, d, it, ce::KEY_PURPOSE_ID, "KeyPurposeId", k);
            }
        }
        _ => {}
    }
}

/// The value of a Netscape extension: CertType ::= BIT STRING of eight named bits, the others an
/// IA5String.
fn netscape_value(cx: &mut Cx, d: &[u8], oid: &str, t: Tlv, parent: ItemIdx) {
    use ns_cert_exts as ns;
    let string_field = match oid {
        "2.16.840.1.113730.1.1" if t.tag == 0x03 => {
            let it = bit_string(cx, d, t, parent, ns::CERT_TYPE);
            let Some(&bits) = d.get(t.content + 1).filter(|_| t.len() > 1) else {
                return;
            };
            for field in [
                ns::SSL_CLIENT,
                ns::SSL_SERVER,
                ns::SMIME,
                ns::OBJECT_SIGNING,
                ns::RESERVED,
                ns::SSL_CA,
                ns::SMIME_CA,
                ns::OBJECT_SIGNING_CA,
            ] {
                let mask = crate::registry().field(field).bitmask;
                cx.uint(
                    it,
                    field,
                    t.content + 1,
                    1,
                    u64::from(u64::from(bits) & mask != 0),
                );
            }
            return;
        }
        "2.16.840.1.113730.1.2" => ns::BASE_URL,
        "2.16.840.1.113730.1.3" => ns::REVOCATION_URL,
        "2.16.840.1.113730.1.4" => ns::CA_REVOCATION_URL,
        "2.16.840.1.113730.1.7" => ns::CERT_RENEWAL_URL,
        "2.16.840.1.113730.1.8" => ns::CA_POLICY_URL,
        "2.16.840.1.113730.1.12" => ns::SSL_SERVER_NAME,
        "2.16.840.1.113730.1.13" => ns::COMMENT,
        _ => return,
    };
    if t.tag == 0x16 {
        cx.tree
            .add(parent, string_field, t.content, t.len(), Value::Str);
    }
}

/// KeyUsage ::= BIT STRING, its nine named bits.
fn key_usage(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx) {
    let ki = bit_string(cx, d, t, parent, ce::KEY_USAGE);
    let bits = &d[(t.content + 1).min(t.end)..t.end];
    let first = bits.first().copied().unwrap_or(0) as u64;
    let at = t.content + 1;
    let len = usize::from(!bits.is_empty());
    for (field, mask) in [
        (ce::KU_DIGITAL_SIGNATURE, 0x80),
        (ce::KU_CONTENT_COMMITMENT, 0x40),
        (ce::KU_KEY_ENCIPHERMENT, 0x20),
        (ce::KU_DATA_ENCIPHERMENT, 0x10),
        (ce::KU_KEY_AGREEMENT, 0x08),
        (ce::KU_KEY_CERT_SIGN, 0x04),
        (ce::KU_CRL_SIGN, 0x02),
        (ce::KU_ENCIPHER_ONLY, 0x01),
    ] {
        cx.uint(ki, field, at, len, u64::from(first & mask != 0));
    }
    let second = bits.get(1).copied().unwrap_or(0);
    let (at2, len2) = if bits.len() > 1 {
        (at + 1, 1)
    } else {
        (at, len)
    };
    cx.uint(
        ki,
        ce::KU_DECIPHER_ONLY,
        at2,
        len2,
        u64::from(second & 0x80 != 0),
    );
}

/// GeneralNames ::= SEQUENCE OF GeneralName, as `field` (a count) over the content.
fn general_names(
    cx: &mut Cx,
    d: &[u8],
    t: Tlv,
    parent: ItemIdx,
    field: fields::FieldId,
    label: &str,
) {
    let names = t.children().all(d);
    let it = cx.uint(parent, field, t.content, t.len(), names.len() as u64);
    cx.tree.set_label(
        it,
        format_args!("{label}: {} {}", names.len(), items(names.len())),
    );
    for n in names {
        general_name(cx, d, n, it, ce::GENERAL_NAME, "GeneralName");
    }
}

/// GeneralName ::= CHOICE, its alternatives implicitly tagged [0]..[8].
fn general_name(
    cx: &mut Cx,
    d: &[u8],
    t: Tlv,
    parent: ItemIdx,
    field: fields::FieldId,
    label: &str,
) {
    let index = (t.tag & 0x1f) as u64;
    let alt = match index {
        0 => "otherName",
        1 => "rfc822Name",
        2 => "dNSName",
        3 => "x400Address",
        4 => "directoryName",
        5 => "ediPartyName",
        6 => "uniformResourceIdentifier",
        7 => "iPAddress",
        8 => "registeredID",
        _ => return,
    };
    let it = cx.uint(parent, field, t.content, t.len(), index);
    if field == ce::GENERAL_NAME {
        cx.tree
            .set_label(it, format_args!("{label}: {alt} ({index})"));
    }
    match index {
        1 => {
            cx.tree
                .add(it, ce::RFC822_NAME, t.content, t.len(), Value::Str);
        }
        2 => {
            cx.tree
                .add(it, ce::DNS_NAME, t.content, t.len(), Value::Str);
        }
        6 => {
            cx.tree.add(it, ce::URI, t.content, t.len(), Value::Str);
        }
        7 => {
            cx.tree
                .add(it, ce::IP_ADDRESS, t.content, t.len(), Value::Bytes);
        }
        8 => {
            let inner = Tlv { tag: 0x06, ..t };
            oid_item(cx, d, it, ce::REGISTERED_ID, "registeredID", inner);
        }
        4 => {
            if let Some(n) = t.children().next_if(d, 0x30) {
                name(
                    cx,
                    d,
                    n,
                    it,
                    ce::DIRECTORY_NAME,
                    "directoryName",
                    xif::RDN_SEQUENCE,
                );
            }
        }
        _ => {}
    }
}

/// CRLDistributionPoints ::= SEQUENCE OF DistributionPoint.
fn crl_distribution_points(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx) {
    let points = t.children().all(d);
    let it = cx.uint(
        parent,
        ce::CRL_DIST_POINTS,
        t.content,
        t.len(),
        points.len() as u64,
    );
    cx.tree.set_label(
        it,
        format_args!(
            "CRLDistPointsSyntax: {} {}",
            points.len(),
            items(points.len())
        ),
    );
    for p in points {
        let pi = cx.tree.add(
            it,
            ce::DISTRIBUTION_POINT_ELEMENT,
            p.start,
            p.whole(),
            Value::None,
        );
        let mut f = p.children();
        // distributionPoint [0] DistributionPointName ::= CHOICE { fullName [0] GeneralNames, ... }.
        if let Some(dp) = f.next_if(d, 0xa0)
            && let Some(full) = dp.children().next_if(d, 0xa0)
        {
            let di = cx.uint(pi, ce::DISTRIBUTION_POINT, full.content, full.len(), 0);
            cx.tree
                .set_label(di, format_args!("distributionPoint: fullName (0)"));
            general_names(cx, d, full, di, ce::FULL_NAME, "fullName");
        }
    }
}

/// CertificatePolicies ::= SEQUENCE OF PolicyInformation { policyIdentifier, policyQualifiers }.
fn certificate_policies(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx) {
    let policies = t.children().all(d);
    let it = cx.uint(
        parent,
        ce::CERTIFICATE_POLICIES,
        t.content,
        t.len(),
        policies.len() as u64,
    );
    cx.tree.set_label(
        it,
        format_args!(
            "CertificatePoliciesSyntax: {} {}",
            policies.len(),
            items(policies.len())
        ),
    );
    for p in policies {
        let pi = cx
            .tree
            .add(it, ce::POLICY_INFORMATION, p.start, p.whole(), Value::None);
        let mut f = p.children();
        if let Some(id) = f.next_if(d, 0x06) {
            oid_item(cx, d, pi, ce::POLICY_IDENTIFIER, "policyIdentifier", id);
        }
        let Some(qs) = f.next_if(d, 0x30) else {
            continue;
        };
        let quals = qs.children().all(d);
        let qi = cx.uint(
            pi,
            ce::POLICY_QUALIFIERS,
            qs.content,
            qs.len(),
            quals.len() as u64,
        );
        cx.tree.set_label(
            qi,
            format_args!("policyQualifiers: {} {}", quals.len(), items(quals.len())),
        );
        for q in quals {
            let info = cx.tree.add(
                qi,
                ce::POLICY_QUALIFIER_INFO,
                q.start,
                q.whole(),
                Value::None,
            );
            let mut g = q.children();
            let Some(id) = g
                .next_if(d, 0x06)
                .and_then(|id| oid_item(cx, d, info, ce::ID, "Id", id))
            else {
                continue;
            };
            let Some(v) = g.next(d) else { continue };
            match id.as_str() {
                "1.3.6.1.5.5.7.2.1" => {
                    cx.tree.layers.push("pkix1explicit");
                    string_item(cx, d, info, pkix1explicit::DIRECTORY_STRING, v);
                }
                "1.3.6.1.5.5.7.2.2" => {
                    cx.tree.layers.push("pkix1implicit");
                    user_notice(cx, d, v, info);
                }
                _ => {}
            }
        }
    }
}

/// UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL }.
fn user_notice(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx) {
    use pkix1implicit as p;
    let it = cx
        .tree
        .add(parent, p::USER_NOTICE, t.start, t.whole(), Value::None);
    let mut f = t.children();
    while let Some(part) = f.next(d) {
        if part.tag == 0x30 {
            let ni = cx
                .tree
                .add(it, p::NOTICE_REF, part.start, part.whole(), Value::None);
            let mut g = part.children();
            if let Some(org) = g.next(d) {
                display_text(cx, d, org, ni, p::ORGANIZATION, "organization");
            }
            if let Some(nums) = g.next_if(d, 0x30) {
                let list = nums.children().all(d);
                let li = cx.uint(
                    ni,
                    p::NOTICE_NUMBERS,
                    nums.content,
                    nums.len(),
                    list.len() as u64,
                );
                cx.tree.set_label(
                    li,
                    format_args!("noticeNumbers: {} {}", list.len(), items(list.len())),
                );
                for n in list {
                    if let Some(v) = der::int_value(n.bytes(d)) {
                        cx.tree.add(
                            li,
                            p::NOTICE_NUMBERS_ITEM,
                            n.content,
                            n.len(),
                            Value::Int(v),
                        );
                    }
                }
            }
        } else {
            display_text(cx, d, part, it, p::EXPLICIT_TEXT, "explicitText");
        }
    }
}

/// DisplayText ::= CHOICE { ia5String, visibleString, bmpString, utf8String }.
fn display_text(
    cx: &mut Cx,
    d: &[u8],
    t: Tlv,
    parent: ItemIdx,
    field: fields::FieldId,
    label: &str,
) {
    use pkix1implicit as p;
    let (index, alt, inner) = match t.tag {
        0x16 => (0, "ia5String", p::IA5_STRING),
        0x1a => (1, "visibleString", p::VISIBLE_STRING),
        0x1e => (2, "bmpString", p::BMP_STRING),
        0x0c => (3, "utf8String", p::UTF8_STRING),
        _ => return,
    };
    let it = cx.uint(parent, field, t.start, t.whole(), index);
    cx.tree
        .set_label(it, format_args!("{label}: {alt} ({index})"));
    string_item(cx, d, it, inner, t);
}

/// AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod, accessLocation }.
fn authority_info_access(cx: &mut Cx, d: &[u8], t: Tlv, parent: ItemIdx) {
    use pkix1implicit as p;
    if t.tag != 0x30 {
        return;
    }
    let list = t.children().all(d);
    let it = cx.uint(
        parent,
        p::AUTHORITY_INFO_ACCESS,
        t.content,
        t.len(),
        list.len() as u64,
    );
    cx.tree.set_label(
        it,
        format_args!(
            "AuthorityInfoAccessSyntax: {} {}",
            list.len(),
            items(list.len())
        ),
    );
    for a in list {
        let ai = cx
            .tree
            .add(it, p::ACCESS_DESCRIPTION, a.start, a.whole(), Value::None);
        let mut f = a.children();
        if let Some(m) = f.next_if(d, 0x06) {
            oid_item(cx, d, ai, p::ACCESS_METHOD, "accessMethod", m);
        }
        if let Some(loc) = f.next(d) {
            general_name(cx, d, loc, ai, p::ACCESS_LOCATION, "accessLocation");
        }
    }
}
