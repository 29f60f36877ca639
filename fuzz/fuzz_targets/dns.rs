//! DNS, mDNS and LLMNR messages over UDP and TCP segments (see `harness::dns_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dns_input(data));
