//! HTTP messages over TCP segments (see `harness::http_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::http_input(data));
