//! WebSocket frames after an HTTP upgrade (see `harness::websocket_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::websocket_input(data));
