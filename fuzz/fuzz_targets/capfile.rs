//! Bytes opened as a capture file: every frame read, dissected and read again by its offset.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::read_capture(data));
