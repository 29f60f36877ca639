//! Bytes as a DHCPv6 message over UDP, through the whole stack (Ethernet, IP, UDP, DHCPv6).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dhcpv6_input(data));
