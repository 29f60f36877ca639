//! Live capture from network interfaces through libpcap, and the ring-buffer writer.
//!
//! [`interfaces`] lists what can be captured on, in libpcap's order (the numbers `-D` shows and `-i`
//! takes). [`LiveCapture`] opens one or more interfaces, runs one thread per interface and hands the
//! frames to the caller as [`capfile::Frame`]s, numbered in order of arrival, so that everything above
//! (dissection, filters, printers, the file writer) treats a live capture exactly as a file.
//! [`RingWriter`] writes those frames to one file or to a ring of files named as tshark names them.
// libpcap is reached through the `pcap` crate, which holds the unsafe code; the one exception is the
// call that hands libpcap a packet's wire length with its bytes (bpf.rs), which the crate does not offer.
#![deny(unsafe_code)]

mod bpf;
mod device;
mod error;
mod live;
mod ring;

pub use bpf::BpfFilter;
pub use device::{Connection, InterfaceInfo, Status, interfaces, resolve_interface};
pub use error::CaptureError;
pub use live::{DEFAULT_SNAPLEN, LiveCapture, LiveOptions, LiveStats};
pub use ring::{RingOptions, RingWriter};
