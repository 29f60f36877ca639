//! Helpers shared by the differential tests.

/// What the dissectors are told of a frame read with capfile, as the binary tells them: only pcapng
/// files have interface ids.
#[allow(dead_code)]
pub fn frame_meta<'a>(frame: &'a capfile::Frame<'a>, is_pcapng: bool) -> dissect::FrameMeta<'a> {
    dissect::FrameMeta {
        number: frame.number,
        secs: frame.timestamp.secs,
        nanos: frame.timestamp.nanos,
        interface_id: is_pcapng.then_some(frame.interface_id),
        link_type: frame.link_type.0,
        original_len: frame.original_len,
        comments: &frame.comments,
        interface_name: frame.interface.name.as_deref(),
        interface_description: frame.interface.description.as_deref(),
    }
}

/// `../shared` (the corpus and tshark's answers for it) beside the repository, if it is there.
#[allow(dead_code)]
pub fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.join("oracle").is_dir().then_some(dir)
}

/// Runs the wiresift binary built for these tests with `args`.
#[allow(dead_code)]
pub fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_wiresift"))
        .args(args)
        .output()
        .expect("wiresift runs")
}

/// What wiresift writes to standard output for `args`; the run must succeed.
#[allow(dead_code)]
pub fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "wiresift {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}
