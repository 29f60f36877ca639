//! Printers for dissected packets, in tshark's formats: the one-line summary, `-T fields`, `-T json`,
//! `-T ek` and `-T jsonraw`, and (in later steps) the detail tree and hex dump.
#![forbid(unsafe_code)]

pub mod detail;
pub mod fields_printer;
pub mod hex;
pub mod json;
pub mod objects;
pub mod summary;
pub mod tap;

pub use detail::{DetailOptions, DetailPrinter};
pub use fields_printer::{FieldsOptions, FieldsPrinter, Occurrence, Quote};
pub use json::{JsonKind, JsonPrinter, PacketTime};
pub use summary::{FrameTimes, SummaryOptions, TimeFormat, write_summary};
pub use tap::{Tap, TapError};
