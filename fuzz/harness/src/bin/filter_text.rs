//! `fuzz-filter-text INPUT...`: prints the display filter each filter-target input stands for (the text
//! itself, or the filter its recipe generates), one a line, so that a crash can be replayed with
//! `wiresift filter check` or `tshark -Y`. With `--check`, also runs each through the target's checks.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut check = false;
    let mut status = ExitCode::SUCCESS;
    for arg in std::env::args_os().skip(1) {
        if arg == "--check" {
            check = true;
            continue;
        }
        match std::fs::read(&arg) {
            Ok(bytes) => {
                let text = match bytes.split_first() {
                    Some((&harness::GENERATED, recipe)) => harness::generate(recipe),
                    _ => String::from_utf8_lossy(&bytes).into_owned(),
                };
                println!("{text}");
                if check {
                    harness::check_text(&text);
                }
            }
            Err(e) => {
                eprintln!("fuzz-filter-text: {}: {e}", arg.to_string_lossy());
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
