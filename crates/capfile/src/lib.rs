//! Reading and writing capture files: pcap and pcapng, plain, gzip- or zstd-compressed, from a file or a pipe.
//!
//! [`CaptureReader`] yields [`Frame`]s in file order. A plain file is memory-mapped and its frames borrow the
//! map (zero copy); compressed input and pipes go through a streaming path whose frames borrow an internal
//! buffer. Either way a frame is valid until the next call to [`CaptureReader::next_frame`].
//!
//! [`CaptureWriter`] writes pcap or pcapng to a temporary file beside the target and renames it into place
//! only in [`CaptureWriter::finish`], so an interrupted run never leaves a damaged file under the final name.
// The one exception is the memory map in `source::map_file`, allowed there with its safety argument.
#![deny(unsafe_code)]

mod bytes;
mod error;
mod reader;
mod source;
mod types;
mod writer;

pub use error::CapfileError;
pub use reader::{CaptureReader, MAX_BLOCK_LEN, MAX_PACKET_LEN, PacketIndex, max_packet_len};
pub use source::SparseHeaders;
pub use types::*;
pub use writer::{CaptureWriter, OutputFormat};
