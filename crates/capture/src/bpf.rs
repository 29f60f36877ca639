//! [`BpfFilter`]: a capture-filter expression compiled by libpcap for one link type, applied to frames
//! read from files as tcpdump applies its expression to a saved capture.

use std::io::Write as _;

use crate::CaptureError;
use crate::error::pcap_detail;

/// A compiled capture filter (libpcap's language: `host 10.0.0.1 and port 80`, `vlan and ip`, ...).
pub struct BpfFilter {
    program: pcap::BpfProgram,
}

/// libpcap's DLT_ value for a LINKTYPE_ value: equal except for raw IP, whose DLT differs by system.
fn dlt_of(link_type: u32) -> u32 {
    match link_type {
        101 => 12,
        n => n,
    }
}

/// The packet header libpcap's filter reads (`struct pcap_pkthdr`).
#[repr(C)]
struct PcapPkthdr {
    ts: libc::timeval,
    caplen: u32,
    len: u32,
}

#[allow(unsafe_code)]
unsafe extern "C" {
    fn pcap_offline_filter(
        program: *const libc::c_void,
        header: *const PcapPkthdr,
        data: *const u8,
    ) -> libc::c_int;
}

impl BpfFilter {
    /// Compiles `expr` for frames of `link_type` (a LINKTYPE_ value), optimised as tcpdump compiles it.
    ///
    /// libpcap compiles some expressions differently for saved captures than for live ones (on BSD
    /// loopback, `ip6` accepts every system's AF_INET6 value only in a saved capture), so the
    /// expression is compiled on a saved capture of this link type: an empty pcap file written for it.
    pub fn compile(link_type: u32, expr: &str) -> Result<Self, CaptureError> {
        let bad = |detail: String| CaptureError::BadFilter {
            filter: expr.to_string(),
            interface: format!("link-type {link_type}"),
            detail,
        };
        let mut file = tempfile::Builder::new()
            .prefix("wiresift-bpf")
            .suffix(".pcap")
            .tempfile()
            .map_err(|e| bad(format!("cannot write a temporary file: {e}")))?;
        let mut header = Vec::with_capacity(24);
        header.extend_from_slice(&0xa1b2_c3d4u32.to_ne_bytes());
        header.extend_from_slice(&2u16.to_ne_bytes());
        header.extend_from_slice(&4u16.to_ne_bytes());
        header.extend_from_slice(&[0; 8]);
        header.extend_from_slice(&262_144u32.to_ne_bytes());
        header.extend_from_slice(&dlt_of(link_type).to_ne_bytes());
        file.write_all(&header)
            .and_then(|()| file.flush())
            .map_err(|e| bad(format!("cannot write a temporary file: {e}")))?;
        let saved = pcap::Capture::from_file(file.path()).map_err(|e| bad(pcap_detail(&e)))?;
        let program = saved
            .compile(expr, true)
            .map_err(|e| bad(pcap_detail(&e)))?;
        Ok(BpfFilter { program })
    }

    /// Whether a frame matches: `data` its captured bytes, `wire_len` its length on the wire (what
    /// `len`, `greater` and `less` compare).
    pub fn matches(&self, data: &[u8], wire_len: u32) -> bool {
        let header = PcapPkthdr {
            ts: libc::timeval {
                tv_sec: 0,
                tv_usec: 0,
            },
            caplen: u32::try_from(data.len()).unwrap_or(u32::MAX),
            len: wire_len,
        };
        // `pcap::BpfProgram` is a transparent wrapper of libpcap's `struct bpf_program`, so a pointer
        // to it is a pointer to the program libpcap compiled; the header and the bytes outlive the
        // call, and libpcap reads at most `caplen` bytes of `data`.
        #[allow(unsafe_code)]
        let r = unsafe {
            pcap_offline_filter(
                std::ptr::from_ref(&self.program).cast(),
                &header,
                data.as_ptr(),
            )
        };
        r > 0
    }
}
