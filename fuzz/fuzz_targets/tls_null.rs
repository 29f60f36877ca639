//! TLS 1.2 with a NULL suite on port 443: records after the handshake go through the decrypted path
//! (see `harness::tls_null_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::tls_null_input(data));
