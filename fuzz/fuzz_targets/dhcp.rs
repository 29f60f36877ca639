//! Bytes as a DHCP message over UDP, through the whole stack (Ethernet, IP, UDP, DHCP).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dhcp_input(data));
