//! Helpers shared by the differential tests.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use capfile::CaptureReader;
use dissect::{Dissector, Interest, PacketTree};
use output::{FieldsOptions, FieldsPrinter};

/// What the dissectors are told of a frame read with capfile, as the binary tells them: only pcapng
/// files have interface ids.
#[allow(dead_code)]
pub fn frame_meta<'a>(frame: &'a capfile::Frame<'a>, is_pcapng: bool) -> dissect::FrameMeta<'a> {
    dissect::FrameMeta {
        number: frame.number,
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

/// `../shared` (the corpus and tshark's answers for it) beside the repository, if it is there.
#[allow(dead_code)]
pub fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    dir.join("oracle").is_dir().then_some(dir)
}

/// A capture `../shared/captures/MANIFEST.tsv` lists (not one of the auxiliary files beside them, whose
/// link type is "-"): its path under `captures/` and the manifest's notes on it.
#[allow(dead_code)]
pub struct CorpusCapture {
    pub path: String,
    pub notes: String,
}

/// Every capture of the corpus, in the manifest's order.
#[allow(dead_code)]
pub fn corpus_captures(shared: &Path) -> Vec<CorpusCapture> {
    let manifest =
        std::fs::read_to_string(shared.join("captures/MANIFEST.tsv")).expect("MANIFEST.tsv");
    manifest
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() > 6 && cols[6] != "-").then(|| CorpusCapture {
                path: cols[0].to_string(),
                notes: cols.get(9).copied().unwrap_or("").to_string(),
            })
        })
        .collect()
}

/// Runs the wiresift binary built for these tests with `args`, in UTC: the stored tshark answers that
/// print absolute times were made with `TZ=UTC`.
#[allow(dead_code)]
pub fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_wiresift"))
        .args(args)
        .env("TZ", "UTC")
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

/// The fixtures `tests/data/<dir>/<name>.pcap` against what tshark printed for them (stored by an
/// oracle script beside them): `-V` in `<name>.V`, the packet list in `<name>.summary`, and in
/// `<name>.fields` the fields `<dir>/fields.list` names (`-T fields -E occurrence=a`).
#[allow(dead_code)]
pub fn assert_outputs_match_tshark(dir: &str, names: &[&str]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir);
    let fields = std::fs::read_to_string(dir.join("fields.list")).unwrap();
    for name in names {
        let capture = dir.join(format!("{name}.pcap"));
        let capture = capture.to_str().unwrap();
        let expected =
            |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        let field_args = fields_args(capture, &fields);
        let runs: [(&str, Vec<&str>); 3] = [
            ("V", vec!["-n", "-r", capture, "-V"]),
            ("summary", vec!["-n", "-r", capture]),
            ("fields", field_args),
        ];
        for (ext, args) in runs {
            assert_same_lines(
                &format!("{name} {ext}"),
                &stdout(&args),
                &expected(ext),
                "tshark",
            );
        }
    }
}

/// The command line that prints `fields` (space-separated names, as a fixture's `fields.list` keeps them)
/// of `capture`, every occurrence, as the oracle scripts ask tshark for them.
#[allow(dead_code)]
pub fn fields_args<'a>(capture: &'a str, fields: &'a str) -> Vec<&'a str> {
    let mut args = vec!["-n", "-r", capture, "-T", "fields", "-E", "occurrence=a"];
    for f in fields.split_whitespace() {
        args.extend(["-e", f]);
    }
    args
}

/// Each display filter of `cases` selects on `tests/data/<capture>` the frames tshark selected there
/// (their numbers, joined by commas).
#[allow(dead_code)]
pub fn assert_filters_select(capture: &str, cases: &[(&str, &str)]) {
    let capture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(capture);
    let capture = capture.to_str().unwrap();
    for (filter, want) in cases {
        let got = stdout(&[
            "-n",
            "-r",
            capture,
            "-Y",
            filter,
            "-T",
            "fields",
            "-e",
            "frame.number",
        ]);
        let got: Vec<&str> = got.lines().collect();
        assert_eq!(got.join(","), *want, "-Y {filter}");
    }
}

/// Fails with the first line where `ours` and `theirs` (what `who` printed) differ, unless they are equal.
#[allow(dead_code)]
pub fn assert_same_lines(what: &str, ours: &str, theirs: &str, who: &str) {
    if ours == theirs {
        return;
    }
    let line = ours
        .lines()
        .zip(theirs.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| ours.lines().count().min(theirs.lines().count()));
    panic!(
        "{what}: line {} differs:\n ours:   {:?}\n {who}: {:?}",
        line + 1,
        ours.lines().nth(line),
        theirs.lines().nth(line)
    );
}

/// Agreement of one field (or column) with tshark.
#[derive(Default)]
pub struct Tally {
    pub agree: u64,
    pub total: u64,
    /// The first few disagreements, for the report.
    pub examples: Vec<String>,
}

/// Per-field tallies over several captures: wiresift's `-T fields` output against tshark's.
///
/// Counting: a (frame, field) pair counts when tshark or wiresift has a value for it; pairs where both
/// are empty would only inflate the figure. Fields whose value depends on the protocols above
/// (`frame.protocols`, the columns, `data.*`, expert items) are compared only on frames whose protocols
/// (per tshark's `frame.protocols`, when the table has it) are all implemented here; `frame.protocols`
/// also not on TCP segments whose payload tshark handed to an upper layer's reassembly.
#[derive(Default)]
#[allow(dead_code)]
pub struct Comparison {
    pub tallies: BTreeMap<String, Tally>,
    /// Captures read.
    pub files: usize,
    /// Columns (`_ws.col.*`) compared besides the fields; `_ws.col.Protocol` when empty.
    pub columns: Vec<&'static str>,
    /// Header names that are neither registered fields nor compared columns, with the capture's label.
    pub unknown: Vec<String>,
    /// How many disagreements per field are kept as examples (3 when 0).
    pub max_examples: usize,
    /// Compare `frame.protocols` and `data.*` on TCP segments with payload too (captures whose payloads
    /// need no upper layer's reassembly).
    pub whole_stack: bool,
    /// When set, `_ws.col.Info` is compared only on frames with one of these protocols in tshark's
    /// `frame.protocols` (the protocols whose Info is implemented); else wherever it is a column.
    pub info_protocols: Option<&'static [&'static str]>,
    /// Decode-as rules (`tcp.port==N,PROTO`, tshark's `-d`) for the next capture added: the oracle
    /// of captures on ports tshark does not know was made with them.
    pub decode_as: Vec<String>,
    /// A TLS key log (`-o tls.keylog_file:`) for the next capture added.
    pub key_log: Option<std::path::PathBuf>,
}

/// Gives the dissector the TLS key logs of the file's Decryption Secrets Blocks read since the last
/// call (`fed` counts them), as tshark uses them without being asked.
#[allow(dead_code)]
pub fn feed_secrets(reader: &CaptureReader, dissector: &mut Dissector, fed: &mut usize) {
    for s in reader.secrets().iter().skip(*fed) {
        if s.secrets_type == capfile::DecryptionSecrets::TLS_KEY_LOG {
            dissector.add_tls_key_log(&s.data);
        }
    }
    *fed = reader.secrets().len();
}

/// Names of the protocols wiresift dissects, as they appear in `frame.protocols`.
pub fn implemented_protocols() -> HashSet<&'static str> {
    dissect::registry()
        .protocols()
        .map(|p| p.filter_name)
        .chain(["ethertype"])
        .collect()
}

impl Comparison {
    /// Dissects `capture` and compares each of the oracle's columns that wiresift registers (and the
    /// Protocol column) with tshark's value in `oracle` (a `-T fields -E header=y` table).
    #[allow(dead_code)]
    pub fn add_capture(&mut self, label: &str, capture: &Path, oracle: &str) {
        let registry = dissect::registry();
        let implemented = implemented_protocols();
        let mut lines = oracle.lines();
        let Some(header) = lines.next() else { return };
        let header: Vec<&str> = header.split('\t').collect();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let proto_col = col("frame.protocols");
        if self.columns.is_empty() {
            self.columns.push("_ws.col.Protocol");
        }
        let columns = self.columns.clone();
        for h in &header {
            if registry.lookup(h).is_none() && !columns.contains(h) {
                let name = h.to_string();
                if !self.unknown.contains(&name) {
                    self.unknown.push(name);
                }
            }
        }
        let max_examples = if self.max_examples == 0 {
            3
        } else {
            self.max_examples
        };
        let tcp_len_col = col("tcp.len");
        let (srcport_col, dstport_col) = (col("tcp.srcport"), col("tcp.dstport"));
        let compared: Vec<String> = header
            .iter()
            .filter(|f| registry.lookup(f).is_some() || columns.contains(f))
            .map(|f| f.to_string())
            .collect();
        // Fields whose value depends on which protocols sit above: compared only on frames whose
        // protocols (per tshark) are all implemented here. `data.*` shows bytes that tshark hands to an
        // upper protocol we may not dissect yet; expert items come from every layer.
        let stack_dependent = |name: &str| {
            name == "frame.protocols"
                || name.starts_with("_ws.col.")
                || name.starts_with("data.")
                || name.starts_with("_ws.expert")
        };

        let mut printer =
            FieldsPrinter::new(registry, &compared, FieldsOptions::default()).unwrap();
        let mut interest = Interest::nothing(registry);
        printer.add_interest(&mut interest);
        let mut tree = PacketTree::new(interest);
        let mut dissector = Dissector::new();
        for rule in &self.decode_as {
            dissector
                .decode_as
                .add_rule(rule)
                .unwrap_or_else(|e| panic!("{label}: {e}"));
        }
        if let Some(path) = &self.key_log {
            let text = std::fs::read(path).unwrap_or_else(|e| panic!("{label}: {e}"));
            dissector.add_tls_key_log(&text);
        }
        let Ok(mut reader) = CaptureReader::open(capture) else {
            return;
        };
        self.files += 1;
        // tshark decrypts with the secrets a pcapng file carries, without being asked.
        let mut secrets_fed = 0;
        let is_pcapng = matches!(reader.format(), capfile::FileFormat::Pcapng);
        let mut index = 0;
        let mut line = String::new();
        loop {
            feed_secrets(&reader, &mut dissector, &mut secrets_fed);
            let Ok(Some(frame)) = reader.next_frame() else {
                break;
            };
            let Some(row) = rows.get(index) else { break };
            index += 1;
            let meta = frame_meta(&frame, is_pcapng);
            dissector.dissect(&meta, frame.data, &mut tree);
            dissector.mark_displayed(&meta);
            line.clear();
            printer.write_row(registry, &tree, frame.data, &mut line);
            let ours: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
            let stack = proto_col.and_then(|c| row.get(c)).copied().unwrap_or("");
            // A TCP payload that tshark shows without a protocol above `tcp` went into an upper
            // layer's reassembly (a TLS record or HTTP body continued), which needs TCP stream
            // reassembly (the TCP issue) and that upper protocol to tell apart from `data`.
            let reassembled_payload = !self.whole_stack
                && stack.ends_with(":tcp")
                && tcp_len_col
                    .and_then(|c| row.get(c))
                    .is_some_and(|len| !len.is_empty() && *len != "0");
            let stack_known =
                proto_col.is_none() || stack.split(':').all(|p| implemented.contains(p));
            // tshark reassembles a TCP stream only for an upper protocol that asks for it (HTTP, TLS,
            // DNS ...): its segment and reassembly fields are compared only where wiresift has that
            // stream protocol for the ports too.
            let port = |c: Option<usize>| c.and_then(|c| row.get(c)?.parse::<u16>().ok());
            let stream_known = match (port(srcport_col), port(dstport_col)) {
                (Some(a), Some(b)) => dissect::dispatch::stream_by_ports(a, b).is_some(),
                _ => true,
            };
            let reassembly_field = |name: &str| {
                name.starts_with("tcp.segment")
                    || name.starts_with("tcp.reassembled")
                    || name == "tcp.pdu.size"
            };
            for (i, name) in compared.iter().enumerate() {
                let Some(c) = col(name) else { continue };
                if stack_dependent(name) && !stack_known {
                    continue;
                }
                if name == "_ws.col.Info"
                    && self
                        .info_protocols
                        .is_some_and(|ps| !ps.iter().any(|p| stack.split(':').any(|s| s == *p)))
                {
                    continue;
                }
                if reassembly_field(name) && !stream_known {
                    continue;
                }
                if (name == "frame.protocols" || name.starts_with("data.")) && reassembled_payload {
                    continue;
                }
                let expected = row.get(c).copied().unwrap_or("");
                let got = ours.get(i).copied().unwrap_or("");
                if expected.is_empty() && got.is_empty() {
                    continue;
                }
                let t = self.tallies.entry(name.clone()).or_default();
                t.total += 1;
                if expected == got {
                    t.agree += 1;
                } else if t.examples.len() < max_examples {
                    t.examples.push(format!(
                        "{label} frame {}: tshark {expected:?}, wiresift {got:?}",
                        frame.number
                    ));
                }
            }
        }
    }

    /// Prints the per-field table and returns (agreeing pairs, pairs).
    #[allow(dead_code)]
    pub fn report(&self) -> (u64, u64) {
        let (mut agree, mut total) = (0, 0);
        println!("{:<40} {:>9} {:>9} {:>8}", "field", "agree", "pairs", "%");
        for (name, t) in &self.tallies {
            agree += t.agree;
            total += t.total;
            println!(
                "{name:<40} {:>9} {:>9} {:>7.2}%",
                t.agree,
                t.total,
                100.0 * t.agree as f64 / t.total.max(1) as f64
            );
            for e in &t.examples {
                println!("    {e}");
            }
        }
        (agree, total)
    }
}

#[allow(dead_code)]
fn fixture_captures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
        .collect();
    v.sort();
    v
}

#[allow(dead_code)]
/// Runs wiresift on `capture` with the oracle's columns and compares its output with the oracle line by
/// line; returns the lines that differ.
fn compare_with_oracle(capture: &Path, oracle: &Path, two_pass: bool, keys: bool) -> Vec<String> {
    let expected = std::fs::read_to_string(oracle).unwrap();
    let header = expected.lines().next().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wiresift"));
    cmd.arg("-n").arg("-r").arg(capture);
    if two_pass {
        cmd.arg("-2");
    }
    if keys {
        let log = capture.with_extension("keys");
        cmd.arg("-o")
            .arg(format!("tls.keylog_file:{}", log.display()));
    }
    cmd.args(["-T", "fields", "-E", "header=y", "-E", "separator=/t"]);
    cmd.args(["-E", "occurrence=a", "-E", "aggregator=,"]);
    for f in header.split('\t') {
        cmd.arg("-e").arg(f);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = header.split('\t').collect();
    let mut diffs = Vec::new();
    let (theirs_lines, ours_lines): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), ours.lines().collect());
    assert_eq!(
        theirs_lines.len(),
        ours_lines.len(),
        "{}: frame count",
        capture.display()
    );
    for (n, (t, o)) in theirs_lines.iter().zip(&ours_lines).enumerate().skip(1) {
        for (i, (tv, ov)) in t.split('\t').zip(o.split('\t')).enumerate() {
            if tv != ov {
                diffs.push(format!(
                    "{} frame {n} {}: tshark {tv:?}, wiresift {ov:?}",
                    capture.file_name().unwrap().to_string_lossy(),
                    names[i]
                ));
            }
        }
    }
    diffs
}

/// Every recorded fixture `tests/data/<dir>/*.pcap` (at least `at_least` of them) against tshark's
/// answers in `<capture><suffix>`, in one pass or two: every value of every frame must be tshark's.
#[allow(dead_code)]
pub fn assert_fixtures_agree(dir: &str, at_least: usize, suffix: &str, two_pass: bool) {
    assert_fixtures_agree_as(dir, at_least, suffix, two_pass, false);
}

/// [`assert_fixtures_agree`] with each capture's TLS key log (`<name>.keys` beside `<name>.pcap`) given
/// as `-o tls.keylog_file:`, as tshark was given it for the answers.
#[allow(dead_code)]
pub fn assert_fixtures_agree_with_keys(dir: &str, at_least: usize, suffix: &str, two_pass: bool) {
    assert_fixtures_agree_as(dir, at_least, suffix, two_pass, true);
}

fn assert_fixtures_agree_as(dir: &str, at_least: usize, suffix: &str, two_pass: bool, keys: bool) {
    let captures = fixture_captures(dir);
    assert!(captures.len() >= at_least, "{dir} fixtures are missing");
    let mut diffs = Vec::new();
    for c in &captures {
        let expected = PathBuf::from(format!("{}{suffix}", c.display()));
        diffs.extend(compare_with_oracle(c, &expected, two_pass, keys));
    }
    for d in diffs.iter().take(40) {
        println!("{d}");
    }
    assert!(
        diffs.is_empty(),
        "{} values differ from tshark's",
        diffs.len()
    );
}

/// The decode-as rules tshark's oracle used for a capture: the `-d` options of
/// `oracle/decrypted/options/R.txt` (never the key log), or those the manifest's notes name.
#[allow(dead_code)]
pub fn decode_as(shared: &Path, rel: &str) -> Vec<String> {
    let mut text = std::fs::read_to_string(
        shared
            .join("oracle/decrypted/options")
            .join(format!("{rel}.txt")),
    )
    .unwrap_or_default();
    let manifest =
        std::fs::read_to_string(shared.join("captures/MANIFEST.tsv")).unwrap_or_default();
    if let Some(line) = manifest.lines().find(|l| l.split('\t').next() == Some(rel)) {
        text.push(' ');
        text.push_str(line);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut rules: Vec<String> = words
        .windows(2)
        .filter(|w| w[0] == "-d")
        .map(|w| w[1].trim_end_matches([';', '.']).to_string())
        .collect();
    rules.dedup();
    rules
}

/// sha256 of bytes, by `sha256sum` (coreutils), as the hash files were made.
#[allow(dead_code)]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sha256sum (coreutils)");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// `-V` text with the trees of the frame, link, IP, TCP and UDP layers folded to their top line, as
/// `detail_oracle` in scripts/lib/fixture-oracle.sh folds tshark's: what is left is the detail of the
/// protocols above them.
#[allow(dead_code)]
pub fn detail_outline(text: &str) -> String {
    const FOLDED: [&str; 4] = [
        "Ethernet II",
        "Internet Protocol",
        "Transmission Control Protocol",
        "User Datagram Protocol",
    ];
    let frame_line = |line: &str| {
        line.strip_prefix("Frame ")
            .and_then(|r| r.split_once(": "))
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut out = String::new();
    let mut keep = true;
    for line in text.lines() {
        if line.starts_with(' ') {
            if !keep {
                continue;
            }
        } else if !line.is_empty() {
            keep = !frame_line(line) && !FOLDED.iter().any(|p| line.starts_with(p));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every `tests/data/<dir>/*.pcap` (at least `at_least` of them): wiresift's `-V`, folded by
/// [`detail_outline`], must be tshark's in `<capture>.tshark-V.txt` line for line.
#[allow(dead_code)]
pub fn assert_detail_outlines_agree(dir: &str, at_least: usize) {
    let captures = fixture_captures(dir);
    assert!(captures.len() >= at_least, "{dir} fixtures are missing");
    for c in &captures {
        let expected =
            std::fs::read_to_string(format!("{}.tshark-V.txt", c.display())).expect("oracle");
        let ours = detail_outline(&stdout(&["-n", "-r", c.to_str().unwrap(), "-V"]));
        if ours != expected {
            let line = ours
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| ours.lines().count().min(expected.lines().count()));
            panic!(
                "{}: -V differs from tshark's at line {}:\n ours:   {:?}\n tshark: {:?}",
                c.display(),
                line + 1,
                ours.lines().nth(line),
                expected.lines().nth(line)
            );
        }
    }
}

#[allow(dead_code)]
/// The (field, offset, length) of every wanted item in `-T jsonraw` text, in order: each item is a
/// `"NAME_raw": [` line, then lines with its hex, offset and length.
pub fn raw_items(json: &str, wanted: impl Fn(&str) -> bool) -> Vec<(String, u64, u64)> {
    let mut items = Vec::new();
    let mut name: Option<String> = None;
    let mut numbers = Vec::new();
    let mut hex_seen = false;
    for line in json.lines().map(str::trim) {
        if let Some(n) = line
            .strip_suffix("_raw\": [")
            .and_then(|l| l.strip_prefix('"'))
        {
            name = wanted(n).then(|| n.to_owned());
            numbers.clear();
            hex_seen = false;
            continue;
        }
        let Some(n) = &name else { continue };
        if !hex_seen {
            hex_seen = line.starts_with('"') && line.ends_with("\",");
            continue;
        }
        match line.strip_suffix(',').and_then(|l| l.parse::<u64>().ok()) {
            Some(v) => numbers.push(v),
            None => {
                hex_seen = false;
                numbers.clear();
                continue;
            }
        }
        if numbers.len() == 2 {
            items.push((n.clone(), numbers[0], numbers[1]));
            numbers.clear();
            hex_seen = false;
        }
    }
    items
}
