//! Frames (link type chosen by the first byte of each record, see `harness::records`) through one
//! dissector, as `-V` and as the default summary would dissect them.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dissect_input(data));
