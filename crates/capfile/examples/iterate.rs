//! Reads every frame of a capture and reports the throughput:
//! `cargo run --release -p capfile --example iterate -- FILE`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: iterate FILE");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    // ITERATE_STREAM=1 reads a plain file through the streaming path instead of mapping it.
    let opened = if std::env::var_os("ITERATE_STREAM").is_some() {
        std::fs::File::open(&path)
            .map_err(capfile::CapfileError::Io)
            .and_then(|f| capfile::CaptureReader::from_read(Box::new(f)))
    } else {
        capfile::CaptureReader::open(&path)
    };
    let mut reader = match opened {
        Ok(r) => r,
        Err(e) => {
            eprintln!("iterate: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    // ITERATE_ONE_THREAD=1 reads without the scout thread (for comparing the two).
    if std::env::var_os("ITERATE_ONE_THREAD").is_some() {
        reader.set_read_ahead_thread(false);
    }
    // ITERATE_SPARSE=map or pread reads the headers of a file of large records that way (default: the
    // map while its faults are cheap).
    match std::env::var("ITERATE_SPARSE").as_deref() {
        Ok("map") => reader.set_sparse_headers(capfile::SparseHeaders::Map),
        Ok("pread") => reader.set_sparse_headers(capfile::SparseHeaders::Pread),
        _ => {}
    }
    // ITERATE_CHECK=1 prints a digest of every frame's place, time and lengths (for comparing readers).
    let check = std::env::var_os("ITERATE_CHECK").is_some();
    let mut digest = 0xcbf2_9ce4_8422_2325u64;
    let mut frames = 0u64;
    let mut bytes = 0u64;
    let open_seconds = start.elapsed().as_secs_f64();
    // ITERATE_TIMES=1 also takes what a summary of the file needs of every frame (as `wiresift info`
    // or capinfos): its original length and its time (the latest one is printed). Without it only the
    // captured length is read, and a frame's other values are not even worked out.
    let times = std::env::var_os("ITERATE_TIMES").is_some();
    let mut wire_bytes = 0u64;
    let mut latest = capfile::Timestamp::default();
    let mut tally = |frame: &capfile::Frame<'_>| {
        frames += 1;
        bytes += frame.data.len() as u64;
        if times {
            wire_bytes += u64::from(frame.original_len);
            latest = latest.max(frame.timestamp);
        }
        if check {
            for v in [
                frame.file_offset,
                frame.timestamp.secs as u64,
                frame.timestamp.nanos as u64,
                frame.data.len() as u64,
                frame.original_len as u64,
                frame.data.first().copied().unwrap_or(0) as u64,
            ] {
                digest = (digest ^ v).wrapping_mul(0x100_0000_01b3);
            }
        }
    };
    // Every frame through `for_each_frame`; ITERATE_NEXT=1 calls `next_frame` in a loop instead.
    let result = if std::env::var_os("ITERATE_NEXT").is_some() {
        loop {
            match reader.next_frame() {
                Ok(Some(frame)) => tally(&frame),
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            }
        }
    } else {
        reader.for_each_frame(|frame| {
            tally(frame);
            std::ops::ControlFlow::Continue(())
        })
    };
    let status = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("iterate: {}: {e}", path.display());
            ExitCode::from(1)
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    if check {
        eprintln!("digest {digest:016x}");
    }
    if std::env::var_os("ITERATE_VERBOSE").is_some() {
        eprintln!("open {open_seconds:.6} s");
    }
    print!(
        "frames {frames} bytes {bytes} seconds {seconds:.6} frames/s {:.0} MB/s {:.1}",
        frames as f64 / seconds,
        bytes as f64 / seconds / 1e6,
    );
    if times {
        print!(
            " wire bytes {wire_bytes} latest {}.{:09}",
            latest.secs, latest.nanos
        );
    }
    println!();
    status
}
