//! Display filters: Wireshark's filter language compiled against the field registry (issue 4).
#![forbid(unsafe_code)]
