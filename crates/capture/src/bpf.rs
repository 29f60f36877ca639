//! [`BpfFilter`]: a capture-filter expression compiled by libpcap for one link type, applied to frames
//! read from files as tcpdump applies its expression to a saved capture.

use crate::CaptureError;
use crate::error::pcap_detail;

/// A compiled capture filter (libpcap's language: `host 10.0.0.1 and port 80`, `vlan and ip`, ...).
pub struct BpfFilter {
    program: pcap::BpfProgram,
}

/// libpcap's DLT_ value for a LINKTYPE_ value: equal except for raw IP, whose DLT differs by system.
fn dlt_of(link_type: u32) -> i32 {
    match link_type {
        101 => 12,
        n => n as i32,
    }
}

impl BpfFilter {
    /// Compiles `expr` for frames of `link_type` (a LINKTYPE_ value), optimised as tcpdump compiles it.
    /// An empty expression matches every frame.
    pub fn compile(link_type: u32, expr: &str) -> Result<Self, CaptureError> {
        let bad = |detail: String| CaptureError::BadFilter {
            filter: expr.to_string(),
            interface: format!("link-type {link_type}"),
            detail,
        };
        let dead = pcap::Capture::dead_with_precision(
            pcap::Linktype(dlt_of(link_type)),
            pcap::Precision::Nano,
        )
        .map_err(|e| bad(pcap_detail(&e)))?;
        let program = dead.compile(expr, true).map_err(|e| bad(pcap_detail(&e)))?;
        Ok(BpfFilter { program })
    }

    /// Whether the frame's captured bytes match. libpcap is told the frame's wire length equals its
    /// captured length, so `len`/`greater`/`less` see the captured length of a truncated frame.
    pub fn matches(&self, data: &[u8]) -> bool {
        self.program.filter(data)
    }
}
