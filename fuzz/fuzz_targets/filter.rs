//! Display filters through the parser, the checker and the evaluator (text, or a recipe for a filter that
//! is likely to compile: see `harness::filter_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::filter_input(data));
