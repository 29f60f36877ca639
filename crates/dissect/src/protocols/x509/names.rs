//! The names tshark 4.0 gives object identifiers in certificates (its OID table), and the form it
//! falls back to for ones it does not know: the longest named prefix, then the remaining arcs.

/// Object identifiers with their names.
static OIDS: &[(&str, &str)] = &[
    // Signature and key algorithms.
    ("1.2.840.113549.1.1.1", "rsaEncryption"),
    ("1.2.840.113549.1.1.2", "md2WithRSAEncryption"),
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
    ("1.2.840.113549.1.1.10", "id-RSASSA-PSS"),
    ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
    ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
    ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
    ("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
    ("1.2.840.10045.2.1", "id-ecPublicKey"),
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
    ("1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
    ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
    ("1.2.840.10045.3.1.7", "secp256r1"),
    ("1.3.132.0.34", "secp384r1"),
    ("1.3.132.0.35", "secp521r1"),
    // Attribute types.
    ("2.5.4.3", "id-at-commonName"),
    ("2.5.4.4", "id-at-surname"),
    ("2.5.4.5", "id-at-serialNumber"),
    ("2.5.4.6", "id-at-countryName"),
    ("2.5.4.7", "id-at-localityName"),
    ("2.5.4.8", "id-at-stateOrProvinceName"),
    ("2.5.4.9", "id-at-streetAddress"),
    ("2.5.4.10", "id-at-organizationName"),
    ("2.5.4.11", "id-at-organizationalUnitName"),
    ("2.5.4.12", "id-at-title"),
    ("2.5.4.15", "id-at-businessCategory"),
    ("2.5.4.17", "id-at-postalCode"),
    ("2.5.4.42", "id-at-givenName"),
    ("2.5.4.46", "id-at-dnQualifier"),
    ("1.2.840.113549.1.9.1", "pkcs-9-at-emailAddress"),
    // Extensions.
    ("2.5.29.14", "id-ce-subjectKeyIdentifier"),
    ("2.5.29.15", "id-ce-keyUsage"),
    ("2.5.29.17", "id-ce-subjectAltName"),
    ("2.5.29.18", "id-ce-issuerAltName"),
    ("2.5.29.19", "id-ce-basicConstraints"),
    ("2.5.29.30", "id-ce-nameConstraints"),
    ("2.5.29.31", "id-ce-cRLDistributionPoints"),
    ("2.5.29.32", "id-ce-certificatePolicies"),
    ("2.5.29.32.0", "anyPolicy"),
    ("2.5.29.35", "id-ce-authorityKeyIdentifier"),
    ("2.5.29.36", "id-ce-policyConstraints"),
    ("2.5.29.37", "id-ce-extKeyUsage"),
    ("1.3.6.1.5.5.7.1.1", "id-pe-authorityInfoAccess"),
    ("1.3.6.1.4.1.11129.2.4.2", "SignedCertificateTimestampList"),
    ("1.3.6.1.5.5.7.3.1", "id-kp-serverAuth"),
    ("1.3.6.1.5.5.7.3.2", "id-kp-clientAuth"),
    ("1.3.6.1.5.5.7.3.3", "id-kp-codeSigning"),
    ("1.3.6.1.5.5.7.3.4", "id-kp-emailProtection"),
    ("1.3.6.1.5.5.7.3.8", "id-kp-timeStamping"),
    ("1.3.6.1.5.5.7.3.9", "id-kp-OCSPSigning"),
    ("1.3.6.1.5.5.7.48.1", "id-ad-ocsp"),
    ("1.3.6.1.5.5.7.48.2", "id-ad-caIssuers"),
    ("1.3.6.1.5.5.7.2.1", "id-qt-cps"),
    ("1.3.6.1.5.5.7.2.2", "id-qt-unotice"),
    ("2.16.840.1.113730.1.1", "ns_cert_exts.cert_type"),
    ("2.16.840.1.113730.1.13", "ns_cert_exts.comment"),
    ("2.16.840.1.113730.1.2", "ns_cert_exts.base_url"),
    ("2.16.840.1.113730.1.3", "ns_cert_exts.revocation-url"),
    ("2.16.840.1.113730.1.4", "ns_cert_exts.ca-revocation-url"),
    ("2.16.840.1.113730.1.7", "ns_cert_exts.cert-renewal-url"),
    ("2.16.840.1.113730.1.8", "ns_cert_exts.ca-policy-url"),
    ("2.16.840.1.113730.1.12", "ns_cert_exts.ssl-server-name"),
];

/// Named arcs that unknown identifiers below them are shown under.
static PREFIXES: &[(&str, &str)] = &[
    ("2.16.840.1", "US company arc"),
    ("1.2.840", "ISO assigned OIDs, USA"),
    ("0", "itu-t"),
    ("1", "iso"),
    ("2", "joint-iso-itu-t"),
];

/// The name of a known identifier.
pub fn known(oid: &str) -> Option<&'static str> {
    OIDS.iter().find(|(o, _)| *o == oid).map(|(_, n)| *n)
}

/// The name tshark shows for `oid` in parentheses: its own, or a named prefix and the rest.
pub fn resolved(oid: &str) -> String {
    if let Some(n) = known(oid) {
        return n.to_owned();
    }
    for (prefix, name) in PREFIXES {
        if let Some(rest) = oid.strip_prefix(prefix)
            && (rest.is_empty() || rest.starts_with('.'))
        {
            return format!("{name}{rest}");
        }
    }
    oid.to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_as_tshark_shows_them() {
        // Values seen in `tshark -V` on the corpus.
        assert_eq!(super::resolved("2.5.4.3"), "id-at-commonName");
        assert_eq!(
            super::resolved("2.23.140.1.2.1"),
            "joint-iso-itu-t.23.140.1.2.1"
        );
        assert_eq!(
            super::resolved("1.3.6.1.4.1.44947.1.1.1"),
            "iso.3.6.1.4.1.44947.1.1.1"
        );
        assert_eq!(
            super::resolved("2.16.840.1.114413.1.7.23.1"),
            "US company arc.114413.1.7.23.1"
        );
        assert_eq!(
            super::resolved("1.2.840.113635.100.5.11.4"),
            "ISO assigned OIDs, USA.113635.100.5.11.4"
        );
    }
}
