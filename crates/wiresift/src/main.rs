//! The `wiresift` command: parses the command line and wires capture files, dissection, filters and printers.
//!
//! The binary holds no protocol or file-format logic of its own; each subcommand lives in `commands/`.
#![forbid(unsafe_code)]

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("wiresift: {err:#}");
            ExitCode::from(commands::exit_status_for(&err))
        }
    }
}
