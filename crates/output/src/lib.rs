//! Printers for frames and fields in tshark's formats.
#![forbid(unsafe_code)]
