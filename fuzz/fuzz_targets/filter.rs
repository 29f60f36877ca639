//! Display filter text through the parser (and the error renderer).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::parse_filter(data));
