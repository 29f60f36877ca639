//! Micro-benchmarks of the paths every frame of a run goes through: reading frames from a mapped capture,
//! dissecting Ethernet/IP/TCP, and formatting `-T fields` rows and summary lines.
//! `cargo bench -p wiresift --bench hot_paths` (divan; add `-- NAME` to run some). They measure, they
//! assert nothing: bench/compare-read.sh and bench/compare-dissect.sh time whole runs against tcpdump and
//! tshark.
//!
//! Input: the frames of the repository's fixture, tests/data/boot-and-browse.pcapng (DHCP, ARP, DNS, TCP,
//! HTTP on Ethernet), so the mix is real traffic and nothing needs to be generated or downloaded.

use std::io::Write as _;
use std::path::Path;

use capfile::CaptureReader;
use dissect::{Dissector, FrameMeta, Interest, PacketTree};
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use output::summary::FrameTimes;
use output::{FieldsOptions, FieldsPrinter, SummaryOptions, TimeFormat};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/boot-and-browse.pcapng"
);

fn main() {
    divan::main();
}

/// One frame of the fixture: its bytes and what the file says about it.
struct Sample {
    data: Vec<u8>,
    secs: i64,
    nanos: u32,
    original_len: u32,
    link_type: u32,
}

fn samples() -> Vec<Sample> {
    let mut reader = CaptureReader::open(Path::new(FIXTURE)).expect("the fixture opens");
    let mut out = Vec::new();
    while let Some(f) = reader.next_frame().expect("the fixture reads") {
        out.push(Sample {
            data: f.data.to_vec(),
            secs: f.timestamp.secs,
            nanos: f.timestamp.nanos,
            original_len: f.original_len,
            link_type: f.link_type.0,
        });
    }
    out
}

/// The fixture's TCP frames (Ethernet, IPv4 or IPv6, TCP), the bulk of a typical capture.
fn tcp_samples() -> Vec<Sample> {
    samples()
        .into_iter()
        .filter(|s| {
            let d = &s.data;
            d.len() > 54
                && ((d[12..14] == [0x08, 0x00] && d[23] == 6)
                    || (d[12..14] == [0x86, 0xdd] && d[20] == 6))
        })
        .collect()
}

fn meta(s: &Sample, number: u64) -> FrameMeta<'_> {
    FrameMeta {
        number,
        secs: s.secs,
        nanos: s.nanos,
        interface_id: None,
        section_number: None,
        link_type: s.link_type,
        original_len: s.original_len,
        comments: &[],
        interface_name: None,
        interface_description: None,
    }
}

/// A classic pcap holding the fixture's frames repeated to at least `size` bytes, with its frame count
/// and captured bytes.
fn pcap_bytes(size: usize) -> (Vec<u8>, u64, u64) {
    let frames = samples();
    let mut buf = Vec::with_capacity(size + (1 << 20));
    // Little-endian microsecond pcap 2.4, snaplen 262144, Ethernet.
    buf.extend_from_slice(&[0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
    buf.extend_from_slice(&[0; 8]);
    buf.extend_from_slice(&262_144u32.to_le_bytes());
    buf.extend_from_slice(&1u32.to_le_bytes());
    let (mut count, mut bytes) = (0u64, 0u64);
    while buf.len() < size {
        for f in &frames {
            buf.extend_from_slice(&(f.secs as u32).to_le_bytes());
            buf.extend_from_slice(&(f.nanos / 1000).to_le_bytes());
            buf.extend_from_slice(&(f.data.len() as u32).to_le_bytes());
            buf.extend_from_slice(&f.original_len.to_le_bytes());
            buf.extend_from_slice(&f.data);
            count += 1;
            bytes += f.data.len() as u64;
        }
    }
    (buf, count, bytes)
}

/// [`pcap_bytes`] of about 16 MB in a temporary file, for the mapped reader (the path `wiresift -r FILE`
/// takes for a plain file).
fn big_pcap() -> (tempfile::NamedTempFile, u64, u64) {
    let (buf, count, bytes) = pcap_bytes(16 << 20);
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    file.write_all(&buf).expect("writing the temporary pcap");
    file.flush().expect("flushing the temporary pcap");
    (file, count, bytes)
}

/// Reading every frame of a pcap small enough to stay in a core's cache (about 256 KB, in memory): the
/// reader's own work per frame, without the memory waits that dominate a large file.
#[divan::bench(sample_count = 200)]
fn iterate_cached_pcap(bencher: Bencher) {
    let (buf, count, bytes) = pcap_bytes(256 << 10);
    bencher
        .counter(ItemsCount::new(count))
        .counter(BytesCount::new(bytes))
        .with_inputs(|| CaptureReader::from_bytes(buf.clone()).expect("the pcap opens"))
        .bench_local_values(|mut reader| {
            let mut n = 0u64;
            while let Some(f) = reader.next_frame().expect("the pcap reads") {
                n += f.data.len() as u64;
            }
            // Returned, so that freeing its buffer is not timed.
            (n, reader)
        });
}

/// [`iterate_cached_pcap`] with [`CaptureReader::for_each_frame`] instead of a loop of `next_frame`.
#[divan::bench(sample_count = 200)]
fn iterate_cached_pcap_for_each(bencher: Bencher) {
    let (buf, count, bytes) = pcap_bytes(256 << 10);
    bencher
        .counter(ItemsCount::new(count))
        .counter(BytesCount::new(bytes))
        .with_inputs(|| CaptureReader::from_bytes(buf.clone()).expect("the pcap opens"))
        .bench_local_values(|mut reader| {
            let mut n = 0u64;
            reader
                .for_each_frame(|f| {
                    n += f.data.len() as u64;
                    std::ops::ControlFlow::Continue(())
                })
                .expect("the pcap reads");
            // Returned, so that freeing its buffer is not timed.
            (n, reader)
        });
}

/// Opening a mapped pcap and reading every frame, as `wiresift -r FILE -q` and `wiresift info` do.
#[divan::bench(sample_count = 30)]
fn iterate_mapped_pcap(bencher: Bencher) {
    let (file, count, bytes) = big_pcap();
    bencher
        .counter(ItemsCount::new(count))
        .counter(BytesCount::new(bytes))
        .bench(|| {
            let mut reader = CaptureReader::open(file.path()).expect("the temporary pcap opens");
            let mut n = 0u64;
            while let Some(f) = reader.next_frame().expect("the temporary pcap reads") {
                n += f.data.len() as u64;
            }
            n
        });
}

/// Dissects the fixture's TCP frames with the interest of `-T fields -e ip.src -e tcp.dstport`.
#[divan::bench]
fn dissect_tcp_for_two_fields(bencher: Bencher) {
    let frames = tcp_samples();
    let registry = dissect::registry();
    let printer = two_field_printer();
    let mut interest = Interest::nothing(registry);
    printer.add_interest(&mut interest);
    let mut tree = PacketTree::new(interest);
    let mut dissector = Dissector::new();
    bencher
        .counter(ItemsCount::new(frames.len()))
        .bench_local(|| {
            for (i, s) in frames.iter().enumerate() {
                dissector.dissect(&meta(s, i as u64 + 1), &s.data, &mut tree);
            }
            tree.items().len()
        });
}

/// Dissects the fixture's TCP frames for the summary listing (Protocol, Source, Destination and Info
/// columns, no fields).
#[divan::bench]
fn dissect_tcp_for_columns(bencher: Bencher) {
    let frames = tcp_samples();
    let mut interest = Interest::nothing(dissect::registry());
    interest.columns = true;
    let mut tree = PacketTree::new(interest);
    let mut dissector = Dissector::new();
    bencher
        .counter(ItemsCount::new(frames.len()))
        .bench_local(|| {
            for (i, s) in frames.iter().enumerate() {
                dissector.dissect(&meta(s, i as u64 + 1), &s.data, &mut tree);
            }
            tree.info.len()
        });
}

/// Dissects the fixture's TCP frames wanting every field, as `-V` and JSON do.
#[divan::bench]
fn dissect_tcp_everything(bencher: Bencher) {
    let frames = tcp_samples();
    let mut tree = PacketTree::new(Interest::everything(dissect::registry()));
    let mut dissector = Dissector::new();
    bencher
        .counter(ItemsCount::new(frames.len()))
        .bench_local(|| {
            for (i, s) in frames.iter().enumerate() {
                dissector.dissect(&meta(s, i as u64 + 1), &s.data, &mut tree);
            }
            tree.items().len()
        });
}

fn two_field_printer() -> FieldsPrinter {
    let names = ["ip.src".to_string(), "tcp.dstport".to_string()];
    FieldsPrinter::new(dissect::registry(), &names, FieldsOptions::default()).expect("known fields")
}

/// Formats `-T fields -e ip.src -e tcp.dstport` rows from trees dissected beforehand.
#[divan::bench]
fn format_fields_rows(bencher: Bencher) {
    let frames = tcp_samples();
    let registry = dissect::registry();
    let mut printer = two_field_printer();
    let mut interest = Interest::nothing(registry);
    printer.add_interest(&mut interest);
    let mut dissector = Dissector::new();
    let trees: Vec<PacketTree> = frames
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut tree = PacketTree::new(interest.clone());
            dissector.dissect(&meta(s, i as u64 + 1), &s.data, &mut tree);
            tree
        })
        .collect();
    let mut line = String::with_capacity(1 << 16);
    bencher
        .counter(ItemsCount::new(trees.len()))
        .bench_local(|| {
            line.clear();
            for (tree, s) in trees.iter().zip(&frames) {
                printer.write_row(registry, tree, &s.data, &mut line);
            }
            line.len()
        });
}

/// Formats summary lines (`    1   0.000000 10.0.0.1 → 10.0.0.2 TCP 66 Info`) from trees dissected
/// beforehand.
#[divan::bench]
fn format_summary_lines(bencher: Bencher) {
    let frames = tcp_samples();
    let mut interest = Interest::nothing(dissect::registry());
    interest.columns = true;
    let mut dissector = Dissector::new();
    let trees: Vec<PacketTree> = frames
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut tree = PacketTree::new(interest.clone());
            dissector.dissect(&meta(s, i as u64 + 1), &s.data, &mut tree);
            tree
        })
        .collect();
    let options = SummaryOptions {
        time_format: TimeFormat::Relative,
        precision: 9,
    };
    let first = frames.first().map_or(0, |s| s.secs);
    let mut line = String::with_capacity(1 << 16);
    bencher
        .counter(ItemsCount::new(trees.len()))
        .bench_local(|| {
            line.clear();
            for (i, (tree, s)) in trees.iter().zip(&frames).enumerate() {
                let times = FrameTimes {
                    number: i as u64 + 1,
                    epoch_secs: s.secs,
                    epoch_nanos: s.nanos,
                    relative_ns: (s.secs - first) as i128 * 1_000_000_000 + s.nanos as i128,
                    delta_ns: 1_000,
                    delta_displayed_ns: 1_000,
                    cap_len: s.data.len(),
                    wire_len: s.original_len,
                };
                output::write_summary(&mut line, tree, &times, &options);
            }
            line.len()
        });
}
