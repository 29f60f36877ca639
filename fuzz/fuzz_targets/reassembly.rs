//! TCP stream reassembly fed random segments (see `harness::reassembly_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::reassembly_input(data));
