//! SMTP on port 25 with the mail it carries: commands, replies, AUTH, the DATA phase reassembled and
//! dissected as IMF and MIME multipart (see `harness::smtp_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::smtp_input(data));
