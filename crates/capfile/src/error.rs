use std::path::PathBuf;

/// Everything that can go wrong while reading or writing a capture file.
///
/// Messages are written for the person running the command: they say what was found and, where it helps,
/// where in the file.
#[derive(Debug, thiserror::Error)]
pub enum CapfileError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("read error: {0}")]
    Io(#[from] std::io::Error),
    /// The file ended inside a record; every frame before `frame_number` was delivered.
    #[error("the capture file appears to be cut short in the middle of packet {frame_number}")]
    CutShort { frame_number: u64 },
    /// A record or block claims a length no real capture has (tshark's limit is 262144 bytes per packet).
    #[error(
        "packet {frame_number} at byte offset {offset} claims a length of {length} bytes, bigger than the maximum of {max}; the file is damaged from there on"
    )]
    AbsurdLength {
        frame_number: u64,
        offset: u64,
        length: u64,
        max: u64,
    },
    /// The input is neither pcap nor pcapng (after decompression).
    ///
    /// `first_bytes` shows up to 16 leading bytes in hex (empty for an empty file); `looks_like` is a guess at
    /// what the file is instead (`text: "GET / HTTP"`, `a ZIP archive`, `the file is empty`).
    #[error("{}", not_a_capture_message(first_bytes, looks_like.as_deref()))]
    NotACapture {
        first_bytes: String,
        looks_like: Option<String>,
    },
    /// A structurally invalid block or header (as opposed to a cut-short file).
    #[error("damaged capture file at byte offset {offset}: {what}")]
    Malformed { offset: u64, what: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Unsupported(String),
}

fn not_a_capture_message(first_bytes: &str, looks_like: Option<&str>) -> String {
    match (first_bytes.is_empty(), looks_like) {
        (true, Some(l)) => format!("not a capture file: {l}"),
        (true, None) => "not a capture file: the file is empty".to_string(),
        (false, Some(l)) => {
            format!("not a capture file: it starts with {first_bytes}, which looks like {l}")
        }
        (false, None) => format!("not a capture file: it starts with {first_bytes}"),
    }
}
