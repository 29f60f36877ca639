//! SSH on port 22: version exchange, binary packets, key exchange and encrypted packets (see
//! `harness::ssh_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::ssh_input(data));
