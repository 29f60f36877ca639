//! `fuzz-seed OUT_DIR [--filters FILE] [--filter-tests DIR] CAPTURE_OR_DIR...`: writes seed corpora for the fuzz targets from
//! real captures, so the fuzzers start from frames that reach deep into the dissectors instead of from
//! nothing. Run by `fuzz/seed.sh`; the corpora are generated, never committed.
//!
//! - `OUT_DIR/dissect/`: for each capture, its first frames one by one, and runs of consecutive frames
//!   (several frames in one input, so fragments meet the rest of their datagram), in the record format of
//!   `harness::records`. Frames of link types the target cannot choose are skipped.
//! - `OUT_DIR/capfile/`: each capture file itself, cut to its first [`CAPFILE_MAX`] bytes.
//! - `OUT_DIR/filter/`: each line of the `--filters` file, the filters of the table-driven tests in the
//!   `--filter-tests` directory (`crates/filter/tests`), and [`GENERATED_SEEDS`] recipes for generated
//!   filters (`harness::generate`).
//!
//! Files are named by a hash of their content, so identical seeds are written once.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Single-frame seeds per capture.
const SINGLES: usize = 32;
/// Multi-frame seeds per capture, and the size each is filled up to.
const RUNS: usize = 8;
const RUN_BYTES: usize = 4096;
/// The largest capfile seed (and the `-max_len` docs/fuzzing.md gives for that target).
const CAPFILE_MAX: usize = 16384;
/// Recipes for generated filters, and their length (after the marker byte).
const GENERATED_SEEDS: u64 = 64;
const RECIPE_BYTES: usize = 48;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!(
            "usage: fuzz-seed OUT_DIR [--filters FILE] [--filter-tests DIR] CAPTURE_OR_DIR..."
        );
        return ExitCode::from(2);
    };
    let mut inputs = Vec::new();
    let mut filters = None;
    let mut filter_tests = None;
    while let Some(a) = args.next() {
        if a == "--filters" {
            filters = args.next().map(PathBuf::from);
        } else if a == "--filter-tests" {
            filter_tests = args.next().map(PathBuf::from);
        } else {
            inputs.push(PathBuf::from(a));
        }
    }
    let mut files = Vec::new();
    for input in &inputs {
        collect(input, &mut files);
    }
    files.sort();
    let mut counts = [0usize; 3];
    for dir in ["dissect", "capfile", "filter"] {
        if let Err(e) = std::fs::create_dir_all(out.join(dir)) {
            eprintln!("fuzz-seed: cannot create {}: {e}", out.join(dir).display());
            return ExitCode::FAILURE;
        }
    }
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        let Ok(mut reader) = capfile::CaptureReader::from_bytes(bytes.clone()) else {
            // Not a capture (key logs, expected outputs): no seeds from it.
            continue;
        };
        counts[1] += write_seed(&out.join("capfile"), &bytes[..bytes.len().min(CAPFILE_MAX)]);
        let mut singles = 0;
        let mut runs = 0;
        let mut run = Vec::new();
        let mut previous_secs = None;
        while let Ok(Some(frame)) = reader.next_frame() {
            if singles >= SINGLES && runs >= RUNS {
                break;
            }
            let step = previous_secs
                .map_or(0, |p: i64| frame.timestamp.secs.saturating_sub(p))
                .clamp(i8::MIN as i64, i8::MAX as i64) as i8;
            previous_secs = Some(frame.timestamp.secs);
            let link = frame.link_type.0;
            if singles < SINGLES {
                let mut one = Vec::new();
                if harness::push_record(&mut one, link, frame.original_len, 0, frame.data).is_some()
                {
                    counts[0] += write_seed(&out.join("dissect"), &one);
                    singles += 1;
                }
            }
            if runs < RUNS
                && harness::push_record(&mut run, link, frame.original_len, step, frame.data)
                    .is_some()
                && run.len() >= RUN_BYTES
            {
                counts[0] += write_seed(&out.join("dissect"), &run);
                run.clear();
                runs += 1;
            }
        }
        if runs < RUNS && harness::records(&run).count() > 1 {
            counts[0] += write_seed(&out.join("dissect"), &run);
        }
    }
    if let Some(path) = filters {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    counts[2] += write_seed(&out.join("filter"), line.as_bytes());
                }
            }
            Err(e) => eprintln!("fuzz-seed: cannot read {}: {e}", path.display()),
        }
    }
    if let Some(dir) = filter_tests {
        let mut sources = Vec::new();
        collect(&dir, &mut sources);
        sources.sort();
        for source in sources
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        {
            let Ok(text) = std::fs::read_to_string(source) else {
                continue;
            };
            for f in harness::test_filters(&text) {
                counts[2] += write_seed(&out.join("filter"), f.as_bytes());
            }
        }
    }
    // Recipes: the marker and bytes from a fixed xorshift sequence, so the seeds are the same each time.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..GENERATED_SEEDS {
        let mut recipe = vec![harness::GENERATED];
        for _ in 0..RECIPE_BYTES {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            recipe.push(state as u8);
        }
        counts[2] += write_seed(&out.join("filter"), &recipe);
    }
    println!(
        "fuzz-seed: {} files read; {} dissect, {} capfile, {} filter seeds in {}",
        files.len(),
        counts[0],
        counts[1],
        counts[2],
        out.display()
    );
    ExitCode::SUCCESS
}

/// Regular files under `path` (or `path` itself), recursively.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    match std::fs::read_dir(path) {
        Ok(entries) => {
            for entry in entries.flatten() {
                collect(&entry.path(), files);
            }
        }
        Err(_) if path.is_file() => files.push(path.to_path_buf()),
        Err(e) => eprintln!("fuzz-seed: skipping {}: {e}", path.display()),
    }
}

/// Writes one seed named by its hash; 1 if it is new.
fn write_seed(dir: &Path, bytes: &[u8]) -> usize {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    let path = dir.join(format!("seed-{:016x}", h.finish()));
    if path.exists() {
        return 0;
    }
    match std::fs::write(&path, bytes) {
        Ok(()) => 1,
        Err(e) => {
            eprintln!("fuzz-seed: cannot write {}: {e}", path.display());
            0
        }
    }
}
