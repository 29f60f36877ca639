//! [`CaptureError`]: what can go wrong opening or reading an interface, said so that the user knows what
//! to do next.

use capfile::CapfileError;

/// An error of live capture.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// libpcap could not list the interfaces.
    #[error("cannot list the capture interfaces: {0}")]
    List(String),
    /// `-i` named an interface that does not exist (or a number past the end of the list).
    #[error(
        "there is no capture interface \"{0}\": give a name or a number from the list `wiresift -D` prints"
    )]
    NoSuchInterface(String),
    /// The process may not capture: not root and without the capabilities.
    #[error(
        "you do not have permission to capture on '{interface}' ({detail}).\n\
         Capturing needs root, or the capabilities CAP_NET_RAW and CAP_NET_ADMIN: run as root (sudo), or give \
         the program them once with\n    sudo setcap cap_net_raw,cap_net_admin=eip {program}"
    )]
    PermissionDenied {
        interface: String,
        detail: String,
        /// The path of the running program, for the setcap command.
        program: String,
    },
    /// libpcap rejected the capture filter; `detail` is its message.
    #[error(
        "Invalid capture filter \"{filter}\" for interface '{interface}'.\n\n\
         That string isn't a valid capture filter ({detail}).\n\
         See the User's Guide for a description of the capture filter syntax."
    )]
    BadFilter {
        filter: String,
        interface: String,
        detail: String,
    },
    /// The interface could not be opened (down, gone, not a capture device).
    #[error("cannot capture on '{interface}': {detail}")]
    Open { interface: String, detail: String },
    /// Reading from an open interface failed (it went away).
    #[error("the capture on '{interface}' stopped: {detail}")]
    Read { interface: String, detail: String },
    /// Writing the capture file failed.
    #[error(transparent)]
    File(#[from] CapfileError),
    /// A ring-buffer file could not be created or removed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// libpcap's own text of an error, without the pcap crate's "libpcap error: " prefix.
pub(crate) fn pcap_detail(err: &pcap::Error) -> String {
    match err {
        pcap::Error::PcapError(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether libpcap's message says the OS refused for lack of privilege (it returns
/// PCAP_ERROR_PERM_DENIED, which the pcap crate passes on as text only).
pub(crate) fn is_permission_error(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    d.contains("operation not permitted")
        || d.contains("permission denied")
        || d.contains("don't have permission")
        || d.contains("cap_net_raw")
}
