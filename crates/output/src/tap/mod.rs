//! Reports computed over a whole capture and printed after the last frame, as tshark's `-z` options
//! print them (tshark calls the listeners behind them "taps"): follow stream, conversations,
//! endpoints, protocol hierarchy, I/O statistics, expert information.
//!
//! A report reads the fields it needs from each frame's packet tree, like any other printer, so it adds
//! them to the run's interest set first; the dissectors know nothing of reports.

use fields::{Interest, PacketTree, Registry};

use crate::summary::FrameTimes;

pub mod follow;

/// One `-z` report.
pub trait Tap {
    /// Adds the fields (and protocols) this report reads to the run's interest set, so that the
    /// dissectors produce them.
    fn add_interest(&self, registry: &Registry, interest: &mut Interest);
    /// Takes one dissected frame: its tree, its bytes and its times. Called for every frame the run
    /// dissects, in frame order, whether or not it passes the display filter (-Y), as tshark's taps
    /// see them (with -2, the frames the read filter -R kept).
    fn frame(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes);
    /// Appends the finished report, in tshark's text format, after the last frame.
    fn finish(&mut self, registry: &Registry, out: &mut String);
}

/// A `-z` argument that names no report wiresift has, or whose parameters are wrong.
#[derive(Debug, thiserror::Error)]
pub enum TapError {
    /// The report's name is not one wiresift knows.
    #[error("invalid -z argument \"{0}\"; wiresift knows: {KNOWN}")]
    Unknown(String),
    /// The report exists but its parameters are wrong; the message says what is expected.
    #[error("-z {arg}: {message}")]
    BadArgument { arg: String, message: String },
}

/// The reports `-z` accepts, as listed in [`TapError::Unknown`]'s message.
const KNOWN: &str = "follow,tcp|udp,ascii|hex|raw|yaml,STREAM";

/// Builds the report a `-z` argument asks for (tshark's syntax, e.g. `conv,tcp` or
/// `follow,tcp,ascii,0`).
pub fn parse(arg: &str, registry: &Registry) -> Result<Box<dyn Tap>, TapError> {
    let (name, params) = arg.split_once(',').unwrap_or((arg, ""));
    match name {
        "follow" => follow::parse(arg, params, registry),
        _ => Err(TapError::Unknown(arg.to_string())),
    }
}
