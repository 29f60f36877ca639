//! The one table of command-line flags. tshark's letters mean what they mean in tshark, so scripts written
//! for tshark keep working; wiresift's own commands are subcommands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  wiresift -r capture.pcapng                 list every frame
  wiresift -r capture.pcap.gz -c 10          the first ten frames of a compressed capture
  cat capture.pcap | wiresift -r -           read a pipe
  wiresift -r in.pcap -w out.pcapng          convert pcap to pcapng (pcapng is the default)
  wiresift -r in.pcapng -w out.pcap -F pcap  convert to classic pcap
  wiresift info a.pcap b.pcapng              capinfos-style summary of files
  wiresift follow tcp 0 capture.pcapng       the first TCP conversation as text
  wiresift -r capture.pcap -q -z follow,tcp,ascii,0   the same in tshark's report format";

/// Packet capture and protocol analyzer with tshark's command line.
#[derive(Debug, Parser)]
// `-V` is tshark's packet detail flag, so clap's automatic `-V` for the version gives way to `--version` alone.
#[command(name = "wiresift", version, disable_version_flag = true, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Print the version and exit.
    #[arg(long = "version", action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// wiresift's own subcommands (tshark has no equivalent flags for these).
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Summarise capture files in the manner of capinfos.
    Info {
        /// Capture files (pcap or pcapng, optionally gzip- or zstd-compressed).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print one TCP or UDP conversation as readable text: the payload in order, each side's turns
    /// under a heading, the two sides in different colours (red for the side that spoke first, blue for
    /// the other) when standard output is a terminal. TCP is put in order as tshark's `-z follow` puts
    /// it (retransmissions dropped, gaps the capture lost marked).
    #[command(after_help = FOLLOW_EXAMPLES)]
    Follow {
        /// The transport: tcp or udp.
        #[arg(value_enum)]
        transport: FollowTransport,
        /// The conversation: its stream index (tcp.stream / udp.stream, as `wiresift -T fields -e
        /// tcp.stream` shows it), or its two endpoints ADDR:PORT,ADDR:PORT (IPv6 in brackets).
        stream: String,
        /// The capture file (or give it with -r).
        file: Option<PathBuf>,
        /// The capture file ("-" for standard input).
        #[arg(short = 'r', value_name = "FILE")]
        read_file: Option<PathBuf>,
        /// When to colour the two sides.
        #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// List the files a capture carried (HTTP bodies, mail messages and their attachments): frame, host
    /// or sender, content type, size and the name `--export-objects PROTOCOL,DIR` saves each under.
    /// Short for `wiresift -r FILE -q --list-objects all`.
    Objects {
        /// The capture file.
        file: PathBuf,
    },
    /// Read a capture (or an interface) as tcpdump does: tcpdump's options, a capture-filter expression in
    /// libpcap's language, and tcpdump 4.99's output format.
    #[command(after_help = TCPDUMP_EXAMPLES)]
    Tcpdump(TcpdumpArgs),
    /// Display filter tools.
    Filter {
        #[command(subcommand)]
        action: FilterCommand,
    },
}

const FOLLOW_EXAMPLES: &str = "\
Examples:
  wiresift follow tcp 3 capture.pcapng
  wiresift follow tcp 10.0.0.1:5000,10.0.0.2:80 -r capture.pcap
  wiresift follow udp [2001:db8::1]:5353,[2001:db8::2]:53 capture.pcapng --color=never
Colours are left out when standard output is not a terminal or NO_COLOR is set (unless --color=always).";

const TCPDUMP_EXAMPLES: &str = "\
Examples:
  wiresift tcpdump -nn -r capture.pcap
  wiresift tcpdump -nn -vvv -e -r capture.pcap 'host 10.20.30.40 and port 80'
  wiresift tcpdump -# -n -tttt -X -r capture.pcapng arp
  wiresift tcpdump -r in.pcap -w out.pcap 'tcp[tcpflags] & tcp-syn != 0'
  wiresift tcpdump -i eth0 -nn -c 100 'host 10.20.30.40 and port 80'
Names are never resolved (as with -n): addresses and ports are shown as numbers.";

/// tcpdump's command line, letter for letter.
#[derive(Debug, Args)]
// tcpdump's -h is help too, but its -v is verbosity: no automatic version flag.
#[command(disable_version_flag = true)]
pub struct TcpdumpArgs {
    /// Read packets from FILE ("-" for standard input).
    #[arg(short = 'r', value_name = "FILE")]
    pub read_file: Option<PathBuf>,
    /// Write the matching packets to FILE (pcap) instead of printing them.
    #[arg(short = 'w', value_name = "FILE")]
    pub write_file: Option<PathBuf>,
    /// Capture live on this interface.
    #[arg(short = 'i', value_name = "IFACE")]
    pub interface: Option<String>,
    /// List the interfaces and exit.
    #[arg(short = 'D')]
    pub list_interfaces: bool,
    /// Stop after N packets.
    #[arg(short = 'c', value_name = "N")]
    pub count: Option<u64>,
    /// Snapshot length for live capture (0: whole packets).
    #[arg(short = 's', value_name = "SNAPLEN")]
    pub snaplen: Option<u32>,
    /// Do not put the interface into promiscuous mode.
    #[arg(short = 'p')]
    pub no_promiscuous: bool,
    /// Kernel capture buffer size in KiB.
    #[arg(short = 'B', value_name = "KIB")]
    pub buffer_kib: Option<u32>,
    /// Hand each packet over as it arrives instead of in batches.
    #[arg(long = "immediate-mode")]
    pub immediate_mode: bool,
    /// Do not resolve addresses (-nn: nor ports); wiresift never resolves, so these are accepted as they are.
    #[arg(short = 'n', action = clap::ArgAction::Count)]
    pub numeric: u8,
    /// Do not print domain names qualified (accepted; names are never resolved).
    #[arg(short = 'N')]
    pub no_domain: bool,
    /// Time stamps: -t none, -tt epoch seconds, -ttt delta to the previous packet, -tttt date and time,
    /// -ttttt delta to the first packet.
    #[arg(short = 't', action = clap::ArgAction::Count)]
    pub time: u8,
    /// Time stamps with nanoseconds.
    #[arg(long = "nano")]
    pub nano: bool,
    /// Print the link-level header.
    #[arg(short = 'e')]
    pub link_header: bool,
    /// More detail (-v, -vv, -vvv).
    #[arg(short = 'v', action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Less protocol information.
    #[arg(short = 'q')]
    pub quiet: bool,
    /// Absolute TCP sequence numbers.
    #[arg(short = 'S')]
    pub absolute_seq: bool,
    /// Hex dump of each packet after its line (-xx: with the link-level header).
    #[arg(short = 'x', action = clap::ArgAction::Count)]
    pub hex: u8,
    /// Hex and ASCII dump (-XX: with the link-level header).
    #[arg(short = 'X', action = clap::ArgAction::Count)]
    pub hex_ascii: u8,
    /// ASCII dump (-AA: with the link-level header).
    #[arg(short = 'A', action = clap::ArgAction::Count)]
    pub ascii: u8,
    /// Print the packet number first.
    #[arg(short = '#', long = "number")]
    pub number: bool,
    /// Flush standard output after each packet.
    #[arg(short = 'l')]
    pub line_buffered: bool,
    /// Read the filter expression from FILE (the expression on the command line is then ignored).
    #[arg(short = 'F', value_name = "FILE")]
    pub filter_file: Option<PathBuf>,
    /// The capture-filter expression, in libpcap's language (e.g. host 10.0.0.1 and port 80).
    #[arg(trailing_var_arg = true, value_name = "EXPRESSION")]
    pub expression: Vec<String>,
}

/// The transports `wiresift follow` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FollowTransport {
    Tcp,
    Udp,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// `wiresift filter ...`.
#[derive(Debug, Subcommand)]
pub enum FilterCommand {
    /// Check a display filter: print its canonical form and the fields it reads, or the error.
    Check {
        /// The filter, in Wireshark's display filter syntax.
        expr: String,
    },
}

/// tshark's flags for reading and writing captures, from a file or from network interfaces.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// List the interfaces that can be captured on, numbered for -i, and exit.
    #[arg(short = 'D')]
    pub list_interfaces: bool,
    /// Capture live from an interface: a name from -D, its number, or `any` (repeatable: one capture on
    /// several interfaces, each frame tagged with its interface).
    #[arg(short = 'i', value_name = "IFACE")]
    pub interfaces: Vec<String>,
    /// Capture filter in libpcap's syntax (as tcpdump takes), e.g. -f "udp port 53"; applied in the kernel.
    #[arg(short = 'f', value_name = "FILTER", allow_hyphen_values = true)]
    pub capture_filter: Option<String>,
    /// Bytes kept of each captured packet (0 or absent: 262144, whole packets).
    #[arg(short = 's', value_name = "SNAPLEN")]
    pub snaplen: Option<u32>,
    /// Do not put the interface into promiscuous mode.
    #[arg(short = 'p')]
    pub no_promiscuous: bool,
    /// Kernel capture buffer size in MiB (default 2).
    #[arg(short = 'B', value_name = "MiB")]
    pub buffer_mib: Option<u32>,
    /// Stop the capture: duration:SECONDS, filesize:KB (of the -w file), packets:N (repeatable; the first
    /// condition met stops).
    #[arg(short = 'a', value_name = "COND:VALUE")]
    pub autostop: Vec<String>,
    /// Ring buffer for -w: filesize:KB, duration:SECONDS or packets:N start the next file, files:N keeps
    /// the newest N (repeatable). Files are named FILE_00001_YYYYmmddHHMMSS.EXT as tshark names them.
    #[arg(short = 'b', value_name = "COND:VALUE")]
    pub ring_buffer: Vec<String>,
    /// Flush standard output after each packet (live capture).
    #[arg(short = 'l')]
    pub line_buffered: bool,
    /// Ask libpcap to deliver each packet at once rather than in blocks filled or timed out every 100 ms
    /// (as tcpdump's flag). Lower latency, but on Linux a much smaller ring: drops sooner under load.
    #[arg(long = "immediate-mode")]
    pub immediate_mode: bool,
    /// Read packets from FILE ("-" for standard input); pcap, pcapng, gzip or zstd compressed.
    #[arg(short = 'r', value_name = "FILE")]
    pub read_file: Option<PathBuf>,
    /// Stop after N packets.
    #[arg(short = 'c', value_name = "N")]
    pub count: Option<u64>,
    /// Write packets to FILE ("-" for standard output); written to a temporary file and renamed when complete.
    #[arg(short = 'w', value_name = "FILE")]
    pub write_file: Option<PathBuf>,
    /// Format of the file written with -w.
    #[arg(short = 'F', value_name = "FORMAT", value_enum, default_value_t = WriteFormat::Pcapng)]
    pub write_format: WriteFormat,
    /// Print the packet summary even when writing with -w, and before the detail (-V) or hex dump (-x).
    #[arg(short = 'P')]
    pub print_when_writing: bool,
    /// Print the packet detail tree (every field of every layer), as tshark -V does.
    #[arg(short = 'V')]
    pub details: bool,
    /// Print a hex and ASCII dump of each packet (and of reassembled data), as tshark -x does.
    #[arg(short = 'x')]
    pub hex: bool,
    /// With -V, end each line with the display filter field it shows, e.g. "Time to Live: 64   [ip.ttl]".
    #[arg(long = "show-fields")]
    pub show_fields: bool,
    /// Print no packet lines (statistics and errors only).
    #[arg(short = 'q')]
    pub quiet: bool,
    /// Disable name resolution. wiresift never resolves names; accepted so tshark command lines work.
    #[arg(short = 'n')]
    pub no_name_resolution: bool,
    /// Output format: `fields` prints the -e fields of each packet; `json`, `ek` (one line per packet for
    /// Elasticsearch) and `jsonraw` print the whole tree, or only the -e fields.
    #[arg(short = 'T', value_name = "FORMAT", value_enum)]
    pub output_format: Option<OutputKind>,
    /// A field to print with -T fields, json or ek (repeatable), e.g. -e ip.src -e tcp.dstport -e _ws.col.Info.
    #[arg(short = 'e', value_name = "FIELD")]
    pub fields: Vec<String>,
    /// -T fields options: header=y|n, separator=/t|/s|C, occurrence=f|l|a, aggregator=,|/s|C, quote=d|s|n.
    #[arg(short = 'E', value_name = "OPTION=VALUE")]
    pub field_options: Vec<String>,
    /// Time format of the summary: r (relative, default), d, dd, e, u, ud.
    #[arg(short = 't', value_name = "FORMAT", default_value = "r")]
    pub time_format: String,
    /// Set a preference, as name:value (ip.check_checksum:TRUE, tcp.check_checksum:TRUE, udp.check_checksum:TRUE).
    #[arg(short = 'o', value_name = "NAME:VALUE")]
    pub prefs: Vec<String>,
    /// Decode as: send a TCP port's payload to a protocol, as tshark's -d does, e.g. -d tcp.port==9000,tls
    /// (protocols: tls, http, dns, ssh, smtp, pop, imap).
    #[arg(short = 'd', value_name = "tcp.port==N,PROTOCOL")]
    pub decode_as: Vec<String>,
    /// Display filter: only frames that match are printed (and written with -w), e.g. -Y "tcp.port == 80".
    #[arg(short = 'Y', value_name = "FILTER", allow_hyphen_values = true)]
    pub display_filter: Option<String>,
    /// Two-pass analysis: read the file twice, so that frames can show what later frames tell (the reply
    /// to an echo request, where a fragment was reassembled), as tshark -2 does. Needs a file, not a pipe.
    #[arg(short = '2')]
    pub two_pass: bool,
    /// Read filter, with -2: only frames that match in the first pass are kept, and numbered anew, e.g.
    /// -2 -R "tcp.port == 80".
    #[arg(short = 'R', value_name = "FILTER", allow_hyphen_values = true)]
    pub read_filter: Option<String>,
    /// A report printed after the last frame, in tshark's -z format (repeatable), e.g. -z conv,tcp,
    /// -z io,phs, -z follow,tcp,ascii,0. Use -q to leave out the packet list.
    #[arg(short = 'z', value_name = "REPORT")]
    pub reports: Vec<String>,
    /// Save the objects a protocol carried as files in DIR, named as tshark names them: http (bodies),
    /// imf (mail as SUBJECT.eml, plus each attachment under its own name, decoded), e.g.
    /// --export-objects http,out (repeatable; DIR is made if missing).
    #[arg(long = "export-objects", value_name = "PROTOCOL,DIR")]
    pub export_objects: Vec<String>,
    /// List the objects --export-objects would save: frame, host, content type, size and file name
    /// (PROTOCOL http, imf, or all: every protocol that has any).
    #[arg(long = "list-objects", value_name = "PROTOCOL")]
    pub list_objects: Vec<String>,
    /// Print a glossary and exit: `fields` or `protocols`, in tshark's -G formats.
    #[arg(short = 'G', value_name = "REPORT")]
    pub glossary: Option<String>,
}

/// `-T` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputKind {
    Fields,
    Text,
    Json,
    Ek,
    Jsonraw,
}

/// Output file formats for `-F`, named as tshark names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WriteFormat {
    Pcap,
    Pcapng,
}
