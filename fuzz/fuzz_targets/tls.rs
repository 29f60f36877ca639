//! TLS on port 443: records, handshake messages, extensions, SSLv2 hellos (see `harness::tls_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::tls_input(data));
