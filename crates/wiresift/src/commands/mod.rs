//! One module per command; `run` picks the one the command line asks for.

mod filter;
mod follow;
mod info;
mod live;
mod read;
mod tcpdump;
mod twopass;

use std::process::ExitCode;

use anyhow::bail;

use crate::cli::{Cli, Command, FilterCommand};

/// What the dissectors are told of a frame read from a capture file. `number` is the frame's number as
/// shown (two-pass mode renumbers); only pcapng files have interface ids (tshark shows
/// `frame.interface_id` for them alone).
fn frame_meta<'a>(
    frame: &'a capfile::Frame<'a>,
    number: u64,
    is_pcapng: bool,
) -> dissect::FrameMeta<'a> {
    dissect::FrameMeta {
        number,
        secs: frame.timestamp.secs,
        nanos: frame.timestamp.nanos,
        interface_id: is_pcapng.then_some(frame.interface_id),
        section_number: is_pcapng.then_some(frame.interface.section as u32 + 1),
        link_type: frame.link_type.0,
        original_len: frame.original_len,
        comments: &frame.comments,
        interface_name: frame.interface.name.as_deref(),
        interface_description: frame.interface.description.as_deref(),
    }
}

/// Hands the dissector the TLS key logs of the file's Decryption Secrets Blocks it has not had yet
/// (`fed` counts those given). Blocks before the first packet are read when the file is opened; one
/// between packets takes effect from the frame after the one it precedes.
fn feed_secrets(
    reader: &capfile::CaptureReader,
    dissector: &mut dissect::Dissector,
    fed: &mut usize,
) {
    for s in reader.secrets().iter().skip(*fed) {
        if s.secrets_type == capfile::DecryptionSecrets::TLS_KEY_LOG {
            for w in dissector.add_tls_key_log(&s.data) {
                eprintln!("wiresift: Decryption Secrets Block: {w}");
            }
        }
    }
    *fed = reader.secrets().len();
}

/// The next frame of `reader`, or `None` at the end of the capture or at damage, which is kept in
/// `read_error`: every command reads all it can, shows it, then reports what stopped it.
///
/// Inlined, so that the frame is built in the caller's registers rather than copied out through memory
/// (`wiresift info` on bench/out/big.pcap: 0.175 s out of line, against 0.085 s for capfile's own loop).
#[inline(always)]
fn next_frame<'r>(
    reader: &'r mut capfile::CaptureReader,
    read_error: &mut Option<capfile::CapfileError>,
) -> Option<capfile::Frame<'r>> {
    match reader.next_frame() {
        Ok(frame) => frame,
        Err(err) => {
            *read_error = Some(err);
            None
        }
    }
}

/// Runs the command line; the exit code is 0 on success.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Info { files }) => info::run(&files),
        Some(Command::Follow {
            transport,
            stream,
            file,
            read_file,
            color,
        }) => follow::run(transport, &stream, file, read_file, color),
        Some(Command::Objects { file }) => {
            // The read command with the listing as its one report, so that the objects are found
            // exactly as --export-objects finds them.
            let mut read = cli.read;
            read.quiet = true;
            read.list_objects = vec!["all".to_string()];
            read::run(read::Input::File(&file), &read)
        }
        Some(Command::Tcpdump(args)) => tcpdump::run(&args),
        Some(Command::Filter {
            action: FilterCommand::Check { expr },
        }) => filter::check(&expr),
        None if cli.read.glossary.is_some() => glossary(cli.read.glossary.as_deref().unwrap_or("")),
        None if cli.read.list_interfaces => live::list_interfaces(),
        None => match (
            cli.read.read_file.as_deref(),
            cli.read.interfaces.is_empty(),
        ) {
            (Some(_), false) => {
                bail!("-r and -i cannot be used together: read a file or capture live")
            }
            (Some(path), true) => read::run(read::Input::File(path), &cli.read),
            (None, false) => read::run(read::Input::Live, &cli.read),
            (None, true) => bail!(
                "no input: give a capture file with -r FILE (or -r - for standard input), or an interface to capture on with -i IFACE (wiresift -D lists them); see wiresift --help"
            ),
        },
    }
}

/// `-G fields` and `-G protocols`, in tshark's formats.
fn glossary(report: &str) -> anyhow::Result<ExitCode> {
    let registry = dissect::registry();
    let mut out = String::new();
    match report {
        "fields" => registry.write_g_fields(&mut out)?,
        "protocols" => registry.write_g_protocols(&mut out)?,
        other => bail!("unknown glossary report \"{other}\": use -G fields or -G protocols"),
    }
    use std::io::Write as _;
    std::io::stdout()
        .write_all(out.as_bytes())
        .or_else(read::ignore_broken_pipe)?;
    Ok(ExitCode::SUCCESS)
}

/// tshark exits with 2 when a capture file cannot be read (damaged, cut short, not a capture); so do we.
/// Other failures (bad arguments, cannot write) exit with 1.
pub fn exit_status_for(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<filter::BadFilter>().is_some() {
        return 2;
    }
    if err
        .downcast_ref::<capfile::CapfileError>()
        .is_some_and(|e| !matches!(e, capfile::CapfileError::Write { .. }))
    {
        2
    } else {
        1
    }
}
