//! tshark's two-pass mode (`-2`, with the read filter `-R`): the first pass reads and dissects every frame
//! and decides which are kept; the second pass reads the file again and prints (and writes) the kept ones.
//!
//! Nothing of a frame's bytes is kept between the passes: a bit per frame read (kept or not), a bit per kept
//! frame (written because a displayed frame was built from it), and what the first pass's dissector
//! learned from later frames ([`dissect::Lookahead`]). The second pass re-reads the file in order and
//! dissects every frame up to the last kept one again, dropped ones included, with a fresh dissector that
//! has the same numbering: TCP sequence analysis, stream numbers, reassembly and echo matching are then
//! exactly the first pass's (which is what tshark shows, having stored them per frame in its first pass),
//! and the lookahead adds what only a second look can show. A sequential re-read also works for
//! compressed files, which tshark reads twice as well.

use std::path::Path;

use anyhow::bail;
use capfile::{CapfileError, CaptureReader};
use dissect::{Dissector, FrameTimes, Lookahead, PacketTree};
use filter::Filter;

/// A growable bitset, one bit per frame.
#[derive(Debug, Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn set(&mut self, i: u64) {
        let (word, bit) = ((i / 64) as usize, i % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }
    fn get(&self, i: u64) -> bool {
        self.0
            .get((i / 64) as usize)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// Refuses input that cannot be read twice, with tshark's words: a pipe or FIFO (`-r -` from a pipe, or a
/// named FIFO), and standard input redirected from a file (which tshark cannot reopen either).
pub fn check_input(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let refuse = |msg: String| -> anyhow::Result<()> { Err(CapfileError::Unsupported(msg).into()) };
    if path.as_os_str() == "-" {
        use std::os::fd::AsFd;
        let fd = std::io::stdin().as_fd().try_clone_to_owned()?;
        let kind = std::fs::File::from(fd).metadata()?.file_type();
        if kind.is_fifo() || kind.is_socket() {
            return refuse(
                "The standard input is a pipe or FIFO; wiresift can't read pipe or FIFO files in \
                 two-pass mode."
                    .into(),
            );
        }
        return refuse(
            "The standard input could not be opened: The standard input cannot be opened for random \
             access."
                .into(),
        );
    }
    if let Ok(meta) = std::fs::metadata(path)
        && (meta.file_type().is_fifo() || meta.file_type().is_socket())
    {
        return refuse(format!(
            "The file \"{}\" is a pipe or FIFO; wiresift can't read pipe or FIFO files in two-pass mode.",
            path.display()
        ));
    }
    Ok(())
}

/// What the first pass found.
pub struct FirstPass {
    /// Kept frames, by position in the file (1-based).
    kept: Bits,
    /// Position of the last kept frame: the second pass reads no further.
    pub last_kept: u64,
    /// Kept frames (by their new number) that a frame matching the display filter was built from.
    dependent: Bits,
    /// What the dissector learned from later frames.
    pub lookahead: Lookahead,
    /// The error that ended the first pass early, reported after the second pass as tshark does.
    pub read_error: Option<CapfileError>,
}

/// The times tshark gives a frame in either pass, from the frames it remembers.
///
/// tshark finds the time of "frame n" by looking first at its reference frame, which is the first frame
/// read and keeps the number 1 it had then, even when `-R` drops it and another frame becomes frame 1. So
/// wherever the previous (or previous displayed) frame is frame 1, the time is measured from the file's
/// first frame, dropped or not: kept frame 2's `frame.time_delta` and `frame.time_delta_displayed` equal
/// its `frame.time_relative`. The oddity is tshark's, reproduced because scripts compare against it.
#[derive(Debug, Default)]
struct Clock {
    /// Time of the file's first frame.
    reference_ns: Option<i128>,
}

impl Clock {
    /// The time of the frame numbered `n` (0: none), given the time of the frame tshark holds for it.
    fn delta(&self, now: i128, n: u64, held_ns: Option<i128>) -> i128 {
        match n {
            0 => 0,
            1 => now - self.reference_ns.unwrap_or(now),
            _ => held_ns.map_or(0, |t| now - t),
        }
    }
    fn relative(&mut self, now: i128) -> i128 {
        now - *self.reference_ns.get_or_insert(now)
    }
}

/// The first pass: every frame is dissected (with the number tshark's first pass gives it: one more than
/// the frames kept so far, so that a dropped frame and the next one share a number, which is what later
/// frames and tables refer to) and `-R` decides whether it is kept. `-c N` stops at the first kept frame at
/// or after the N-th frame read, as tshark checks the count only for kept frames.
pub fn first_pass(
    path: &Path,
    count: Option<u64>,
    prefs: &dyn Fn(&mut Dissector) -> anyhow::Result<()>,
    tree: &mut PacketTree,
    mut read_filter: Option<&mut Filter>,
    mut display: Option<&mut Filter>,
    dissecting: bool,
) -> anyhow::Result<FirstPass> {
    let mut reader = CaptureReader::open(path)?;
    let mut dissector = Dissector::new();
    prefs(&mut dissector)?;
    dissector.record_lookahead();
    let is_pcapng = matches!(reader.format(), capfile::FileFormat::Pcapng);
    let mut kept = Bits::default();
    let mut dependent = Bits::default();
    let mut kept_count = 0u64;
    let mut last_kept = 0u64;
    let mut last_kept_ns = None;
    let mut clock = Clock::default();
    let mut read_error = None;
    let mut secrets_fed = 0;
    loop {
        super::feed_secrets(&reader, &mut dissector, &mut secrets_fed);
        let Some(frame) = super::next_frame(&mut reader, &mut read_error) else {
            break;
        };
        let ordinal = frame.number;
        let number = kept_count + 1;
        let now = frame.timestamp.as_nanos();
        let mut keep = true;
        if dissecting {
            // The previous frame tshark holds in its first pass is the last kept one, for the captured and
            // the displayed delta alike.
            let delta = clock.delta(now, kept_count, last_kept_ns);
            dissector.set_frame_times(FrameTimes {
                delta_ns: delta,
                delta_displayed_ns: delta,
                relative_ns: clock.relative(now),
            });
            let meta = super::frame_meta(&frame, number, is_pcapng);
            dissector.dissect(&meta, frame.data, tree);
            if let Some(f) = read_filter.as_deref_mut() {
                keep = f.matches(tree, frame.data);
            }
            if keep
                && let Some(f) = display.as_deref_mut()
                && f.matches(tree, frame.data)
            {
                for &n in dissector.dependent_frames() {
                    dependent.set(n);
                }
            }
        }
        if keep {
            kept_count += 1;
            kept.set(ordinal);
            last_kept = ordinal;
            last_kept_ns = Some(now);
            if count.is_some_and(|limit| ordinal >= limit) {
                break;
            }
        }
    }
    Ok(FirstPass {
        kept,
        last_kept,
        dependent,
        lookahead: dissector.take_lookahead(),
        read_error,
    })
}

/// What the second pass does with the frame at a position in the file.
pub enum Step {
    /// Past the last kept frame: stop reading.
    Stop,
    /// A frame `-R` dropped: dissected again only so that the dissector's state is the first pass's.
    Replay { number: u64 },
    /// A kept frame, with its new number.
    Keep { number: u64 },
}

/// The second pass's bookkeeping: numbers, times, and which frames are written.
pub struct SecondPass {
    first: FirstPass,
    kept_count: u64,
    clock: Clock,
    previous_kept_ns: Option<i128>,
    previous_displayed: Option<(u64, i128)>,
}

impl SecondPass {
    pub fn new(first: FirstPass) -> SecondPass {
        SecondPass {
            first,
            kept_count: 0,
            clock: Clock::default(),
            previous_kept_ns: None,
            previous_displayed: None,
        }
    }

    /// The lookahead for the second pass's dissector (taken once).
    pub fn take_lookahead(&mut self) -> Lookahead {
        std::mem::take(&mut self.first.lookahead)
    }

    /// The first pass's read error, if it stopped early.
    pub fn take_read_error(&mut self) -> Option<CapfileError> {
        self.first.read_error.take()
    }

    /// Classifies the frame at `ordinal` (1-based, in file order), read at `now_ns`.
    pub fn step(&mut self, ordinal: u64, now_ns: i128) -> Step {
        if ordinal > self.first.last_kept {
            return Step::Stop;
        }
        self.clock.reference_ns.get_or_insert(now_ns);
        if self.first.kept.get(ordinal) {
            self.kept_count += 1;
            Step::Keep {
                number: self.kept_count,
            }
        } else {
            Step::Replay {
                number: self.kept_count + 1,
            }
        }
    }

    /// The times of kept frame `number`, as tshark's second pass computes them: `frame.time_delta` from
    /// kept frame `number - 1`, `frame.time_delta_displayed` from the last frame displayed, and either from
    /// the file's first frame instead when that frame is numbered 1 (see [`Clock`]).
    pub fn times(&mut self, number: u64, now_ns: i128) -> FrameTimes {
        let delta_ns = self.clock.delta(now_ns, number - 1, self.previous_kept_ns);
        let (shown, shown_ns) = self.previous_displayed.unzip();
        let delta_displayed_ns = self.clock.delta(now_ns, shown.unwrap_or(0), shown_ns);
        self.previous_kept_ns = Some(now_ns);
        FrameTimes {
            delta_ns,
            delta_displayed_ns,
            relative_ns: self.clock.relative(now_ns),
        }
    }

    /// Kept frame `number` passed the display filter (or there is none) and was printed.
    pub fn displayed(&mut self, number: u64, now_ns: i128) {
        self.previous_displayed = Some((number, now_ns));
    }

    /// Whether kept frame `number` is written although the display filter rejects it: a frame the filter
    /// accepted in the first pass was built from it (tshark's "depended upon" frames).
    pub fn is_dependent(&self, number: u64) -> bool {
        self.first.dependent.get(number)
    }
}

/// `-R` without `-2`, as tshark 4.0 refuses it.
pub fn refuse_read_filter_alone() -> anyhow::Result<()> {
    bail!("-R without -2 is deprecated. For single-pass filtering use -Y.")
}
