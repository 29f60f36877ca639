//! `fuzz-dict OUT_FILE`: writes the libFuzzer dictionary of the filter target (the registry's field names
//! and value names, the filter language's operators and functions). Run by `fuzz/seed.sh`; generated, never
//! committed, so it follows the registry as dissectors are added.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: fuzz-dict OUT_FILE");
        return ExitCode::from(2);
    };
    let dict = harness::dictionary();
    if let Err(e) = std::fs::write(&out, &dict) {
        eprintln!("fuzz-dict: cannot write {}: {e}", out.to_string_lossy());
        return ExitCode::FAILURE;
    }
    println!(
        "fuzz-dict: {} entries in {}",
        dict.lines().count(),
        out.to_string_lossy()
    );
    ExitCode::SUCCESS
}
