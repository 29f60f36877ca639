//! `fuzz-to-pcapng INPUT OUTPUT.pcapng`: writes the frames of a dissect-target input (a crash artifact, a
//! corpus entry) as a capture file, one interface per link type, with the same numbers, timestamps and
//! lengths the target gives them, so that tshark and wiresift can be run on exactly what the fuzzer ran.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use capfile::{CaptureWriter, Frame, Interface, LinkType, OutputFormat, Timestamp};

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, output] = &args[..] else {
        eprintln!("usage: fuzz-to-pcapng INPUT OUTPUT.pcapng");
        return ExitCode::from(2);
    };
    match run(input, output) {
        Ok(n) => {
            println!("{n} frames written to {}", output.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fuzz-to-pcapng: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &Path, output: &Path) -> Result<u64, Box<dyn std::error::Error>> {
    let bytes = std::fs::read(input)?;
    let interfaces: Vec<Interface> = harness::LINK_TYPES
        .iter()
        .map(|&l| Interface {
            ts_units_per_sec: 1_000_000_000,
            ..Interface::new(LinkType(l))
        })
        .collect();
    let mut writer = CaptureWriter::create(output, OutputFormat::Pcapng, None)?;
    for frame in harness::frames(&bytes) {
        let id = harness::LINK_TYPES
            .iter()
            .position(|&l| l == frame.link_type)
            .expect("frames() picks link types from LINK_TYPES");
        let interface = &interfaces[id];
        let record = Frame {
            number: frame.number,
            timestamp: Timestamp {
                secs: frame.secs,
                nanos: frame.nanos,
            },
            has_timestamp: true,
            interface_id: id as u32,
            interface,
            link_type: interface.link_type,
            data: frame.data,
            original_len: frame.original_len,
            file_offset: 0,
            comments: Vec::new(),
            flags: None,
        };
        writer.write_frame(&record, interface)?;
    }
    let n = writer.frames_written();
    writer.finish()?;
    Ok(n)
}
