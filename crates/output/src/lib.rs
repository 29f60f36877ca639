//! Printers for dissected packets, in tshark's formats: the one-line summary, `-T fields`, the detail tree
//! (`-V`), the hex dump (`-x`), and (in later steps) JSON and EK.
#![forbid(unsafe_code)]

pub mod detail;
pub mod fields_printer;
pub mod hex;
pub mod summary;

pub use detail::{DetailOptions, DetailPrinter};
pub use fields_printer::{FieldsOptions, FieldsPrinter, Occurrence, Quote};
pub use summary::{SummaryOptions, TimeFormat, write_summary};
