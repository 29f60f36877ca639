//! Printers for dissected packets, in tshark's formats: the one-line summary, `-T fields`, and (in later
//! steps) the detail tree, hex dump, JSON and EK.
#![forbid(unsafe_code)]

pub mod fields_printer;
pub mod summary;

pub use fields_printer::{FieldsOptions, FieldsPrinter, Occurrence, Quote};
pub use summary::{SummaryOptions, TimeFormat, write_summary};
