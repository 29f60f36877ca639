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
    let mut reader = match capfile::CaptureReader::open(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("iterate: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let mut frames = 0u64;
    let mut bytes = 0u64;
    let mut status = ExitCode::SUCCESS;
    loop {
        match reader.next_frame() {
            Ok(Some(frame)) => {
                frames += 1;
                bytes += frame.data.len() as u64;
            }
            Ok(None) => break,
            Err(e) => {
                eprintln!("iterate: {}: {e}", path.display());
                status = ExitCode::from(1);
                break;
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "frames {frames} bytes {bytes} seconds {seconds:.6} frames/s {:.0} MB/s {:.1}",
        frames as f64 / seconds,
        bytes as f64 / seconds / 1e6
    );
    status
}
