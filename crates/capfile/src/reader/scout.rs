//! A second thread that walks the record headers of a large pcap file further on while the reader's
//! own thread hands out the records before them.
//!
//! Walking pcap records is a chain: each header's length gives the next header's place, so one thread
//! waits for one header at a time (a cache miss on a file of small frames, a `pread` on a file of large
//! ones; see `source.rs`). The file is cut into segments of [`SEGMENT`] bytes. Each segment after the
//! first is walked by whichever thread takes it first (`Shared::next_claim`): the scout takes the next
//! one, again and again; the reader takes the one it has reached when nobody has, and the one after the
//! segment the scout is finishing while it waits. Either thread finds where a record starts in its
//! segment (a chain of plausible headers, [`find_record_start`]; the reader starts from its own position
//! when that is in the segment) and walks it with the reader's own record parser, several chains at once
//! ([`walk_chains`]), keeping the records. The reader hands out a walked segment only when its own walk
//! lands exactly on the segment's first record: from there the records are the ones it would have read
//! itself, since the parse is the same deterministic code from the same offset. A guess that was wrong
//! (the reader steps over it) is dropped, and so is any segment that could not be finished: the walk
//! stops at damage, leaving the record there to the reader, which reports it as it always does. Only
//! pcap is walked this way; pcapng blocks are read by the reader alone.
//!
//! Both threads walk as chains rather than the reader streaming every cache line of its own share: only
//! the lines holding headers are fetched, about a quarter of the file's bytes on a file of 300-byte
//! frames, so the two threads share less of the memory bus.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TryRecvError, sync_channel};
use std::time::Duration;

use super::{CaptureReader, PcapState, Rec};
use crate::bytes::u32_at;
use crate::source::{SPARSE_GAP, prefetch};

/// Bytes per segment. Large enough that finding a segment's first record and handing its records over
/// costs little beside walking it; small enough that the records kept for one (about 15,000 of 280 bytes,
/// 16 bytes each) stay near a quarter of a megabyte, within a core's cache. 4 MiB and 16 MiB read
/// bench/out/big.pcap equally fast (258 and 262 ms, before the fast path of `next_frame`), and so did
/// 4 and 8 MiB with the chains (medians 52.7 and 50.0 ms over 25 alternated runs).
pub(super) const SEGMENT: u64 = 4 << 20;

/// Files smaller than this are read by one thread: the scout would save a few milliseconds at most.
pub(super) const MIN_FILE: u64 = 4 * SEGMENT;

/// How many consecutive plausible headers make a record start.
const CHAIN: usize = 8;

/// Record chains walked at once in a segment ([`walk_chains`]): about as many header misses as one core
/// keeps in flight (a C probe on bench/out/big.pcap, bench/memory-bound.c `chains`: 8 chains 76 ms, 12
/// 55 ms, 16 and 24 49 ms).
const CHAINS: usize = 16;

/// How many consecutive plausible headers make the record start of a segment's region after the first:
/// each is a cache miss before the region's chain can begin, and a wrong guess costs only that region,
/// walked again as part of one chain.
const REGION_CHAIN: usize = 4;

/// Cache lines fetched ahead from each region's boundary, where its first record is looked for.
const BOUNDARY_LINES: u64 = 8;

/// How far into a segment its first record is looked for: well past the longest record.
const SCAN_LIMIT: usize = 1 << 20;

/// The longest plausible time between two consecutive records, in seconds: only for recognising
/// headers, so a capture with longer pauses is read correctly, just without the scout's help there.
const MAX_TS_STEP: i64 = 86_400;

/// The most records one segment hands over: a segment of tiny records (a file of 60-byte frames, or a
/// damaged one of empty records) keeps its memory bounded; the reader walks the rest of it alone.
const MAX_RECS: usize = 1 << 17;

/// The longest the reader waits for a segment the scout is still walking before it walks the segment
/// itself: about the time it takes to walk one (4 MiB of 300-byte records, 0.3-0.45 ms). A scout that
/// is nearly done is worth waiting for; one whose core the host has taken away is not (a reader that
/// always waited lost up to 24 ms in a run of 85 ms on a shared machine).
const WAIT_LIMIT: Duration = Duration::from_micros(500);

/// Scouted segments kept ready at once (bounds the memory when the consumer is slower than the scout).
const QUEUE: usize = 2;

/// A record as the scout hands it over: its header's four values (seconds, fraction, captured and
/// original length, as `PcapState::header` reads them), and nothing else. A segment's records follow
/// one another, so each one's place is where the one before ends, known to the reader as it hands them
/// out. 16 bytes, since every record the scout reads crosses from its core to the reader's (at 32 bytes,
/// with its place and its time made, handing a scouted record out cost about as much as reading one).
/// A plain tuple, so that a new list of [`MAX_RECS`] of them is zeroed memory the system gives lazily
/// (only the entries written are ever touched).
pub(super) type Scouted = (u32, u32, u32, u32);

/// A new record list: room for [`MAX_RECS`] records, written in place (each chain in its own share).
fn new_list() -> Vec<Scouted> {
    vec![(0, 0, 0, 0); MAX_RECS]
}

/// The runs of a segment's list that hold its records, in order: each chain that joined up keeps its
/// records in its own share of the list, so they are handed out from where they were written rather
/// than copied together first (the copy was a twentieth of the scout's time).
/// Run `k` begins at chain `k`'s share, `k * (MAX_RECS / CHAINS)`, and ends at `ends[k]` (the last
/// one may go on past its share); kept small, since the reader holds several of them in itself.
#[derive(Clone, Copy, Default)]
struct Runs {
    ends: [u32; CHAINS],
    count: usize,
}

impl Runs {
    /// Run `k` as a range of the list.
    fn run(&self, k: usize) -> (usize, usize) {
        (k * (MAX_RECS / CHAINS), self.ends[k] as usize)
    }

    fn records(&self) -> usize {
        (0..self.count)
            .map(|k| {
                let (from, to) = self.run(k);
                to - from
            })
            .sum()
    }
}

/// The records of segment `index`, from the one at `start` (`u64::MAX`: no record start found).
pub(super) struct Segment {
    index: u64,
    start: u64,
    /// A list from [`new_list`], its records in `runs`.
    recs: Vec<Scouted>,
    runs: Runs,
    /// Walked by the reader's own thread (its list goes back to the reader's spares, not the scout's).
    mine: bool,
}

/// What the two threads tell each other without waiting.
struct Shared {
    /// Where the reader was when it last looked for a segment: the scout skips segments it has passed.
    reader_pos: AtomicU64,
    /// The first segment neither thread has taken yet. Each thread takes segments by moving it on: the
    /// scout one at a time, the reader past every segment up to the one it takes.
    next_claim: AtomicU64,
}

/// How many segments past the one it waits for the reader walks ahead itself (one, kept in
/// `Link::ahead`), so that it works while the scout finishes the segment it waits for.
const LEAD: u64 = 2;

/// Record lists the reader keeps for the segments it walks itself.
const OWN_LISTS: usize = 3;

/// The reader's end of the scout.
pub(super) struct Link {
    rx: Receiver<Segment>,
    shared: Arc<Shared>,
    segment: u64,
    /// The index of the segment the reader looks for next.
    expected: u64,
    /// A scouted segment whose first record the reader has not reached yet.
    pending: Option<Segment>,
    /// The records of the segment being handed out, in `current_runs`: the one at `next` (which
    /// starts at `at`) up to `run_end`, then the runs after run `run`.
    current: Vec<Scouted>,
    current_runs: Runs,
    run: usize,
    run_end: usize,
    /// Whether `current` was walked by the reader's thread.
    current_mine: bool,
    next: usize,
    at: u64,
    /// Where record lists go back to the scout once handed out, to be filled again: a fresh list for
    /// every segment cost a megabyte of new pages and its regrowth each time (a fifth of the time on
    /// bench/out/big.pcap).
    spare: SyncSender<Vec<Scouted>>,
    /// The file's record header length and byte order, for turning a [`Scouted`] back into a [`Rec`].
    pcap: PcapState,
    /// Records handed over so far, walked by either thread.
    handed: u64,
    /// Of those, the records the scout's thread walked (tests check that it was used).
    scouted: u64,
    /// Wait for every segment the scout takes and take none itself (tests, so that what the scout walks
    /// does not depend on how the threads are scheduled).
    patient: bool,
    /// The reader's own walker: another view of the same map, for the segments the reader walks as
    /// chains itself ([`walk`]), with its spare record lists.
    walker: Box<CaptureReader>,
    lists: Vec<Vec<Scouted>>,
    /// A segment the reader walked ahead while the scout finished the one before it.
    ahead: Option<Segment>,
    /// A segment from the scout that came before the reader wanted it (the scout skipped the one
    /// wanted).
    early: Option<Segment>,
    /// The scout's thread has finished (or could not start): the reader walks every segment left.
    gone: bool,
    /// The file's length: no segment starts at or past it.
    len: u64,
}

/// What [`Link::step`] found at the reader's position.
pub(super) enum Step {
    /// The record at the position, read by the scout.
    Record(Rec),
    /// Nothing scouted here: read on alone, and ask again at this offset.
    ReadOn(u64),
    /// The scout has gone (it finished the file or could not go on): read alone from now on.
    Gone,
}

impl Link {
    /// Starts a scout reading the file of `reader` (pcap, memory-mapped) in segments of `segment`
    /// bytes. `None` when the thread or the views of the file cannot be had.
    pub(super) fn start(reader: &CaptureReader, segment: u64) -> Option<Link> {
        Link::start_with(reader, segment, true)
    }

    /// As [`Link::start`]; without `thread` (tests) no scout runs, and the reader walks every segment
    /// as chains itself.
    fn start_with(reader: &CaptureReader, segment: u64, thread: bool) -> Option<Link> {
        let len = reader.input.mapped_bytes()?.len() as u64;
        let mut scout = walker_of(reader)?;
        let walker = Box::new(walker_of(reader)?);
        let shared = Arc::new(Shared {
            reader_pos: AtomicU64::new(reader.pos),
            next_claim: AtomicU64::new(1),
        });
        let (tx, rx) = sync_channel(QUEUE);
        let (spare, spares) = sync_channel(QUEUE + 2);
        let theirs = Arc::clone(&shared);
        if thread {
            std::thread::Builder::new()
                .name("capfile-scout".into())
                .spawn(move || run(&mut scout, segment, len, &tx, &spares, &theirs))
                .ok()?;
        }
        Some(Link {
            rx,
            shared,
            segment,
            expected: 1,
            pending: None,
            // A full list like every other, since it goes back to be filled once handed out.
            current: new_list(),
            current_runs: Runs::default(),
            run: 0,
            run_end: 0,
            current_mine: true,
            next: 0,
            at: 0,
            spare,
            pcap: reader.pcap,
            handed: 0,
            scouted: 0,
            patient: false,
            walker,
            lists: Vec::new(),
            ahead: None,
            early: None,
            gone: !thread,
            len,
        })
    }
}

/// A reader of the same map as `reader`, for walking segments (the scout's, or the reader's own walker).
fn walker_of(reader: &CaptureReader) -> Option<CaptureReader> {
    let mut walker = CaptureReader::unread(reader.input.another_view()?, reader.compression);
    walker.format = reader.format;
    walker.pcap = reader.pcap;
    walker.scout_segment = reader.scout_segment;
    Some(walker)
}

impl Link {
    /// The next record of the segment being handed out, if any is left: the reader's fast path, for a
    /// reader already handing out this segment (its position is that record's offset).
    #[inline(always)]
    pub(super) fn next_ready(&mut self) -> Option<Rec> {
        if self.next >= self.run_end && !self.next_run() {
            return None;
        }
        let s = *self.current.get(self.next)?;
        let rec = self.pcap.rec(self.at, s);
        self.next += 1;
        self.at = rec.data_start + u64::from(rec.caplen);
        self.handed += 1;
        Some(rec)
    }

    /// Moves on to the next run of the segment being handed out; false when there is none.
    fn next_run(&mut self) -> bool {
        if self.run + 1 >= self.current_runs.count {
            return false;
        }
        self.run += 1;
        (self.next, self.run_end) = self.current_runs.run(self.run);
        true
    }

    /// Hands a record list back to the thread that walked it, to be filled again (dropped if that
    /// thread has enough or the scout has gone).
    fn recycle(&mut self, seg: Segment) {
        if seg.mine {
            if self.lists.len() < OWN_LISTS {
                self.lists.push(seg.recs);
            }
        } else {
            let _ = self.spare.try_send(seg.recs);
        }
    }

    /// The record at `pos` if a segment walked as chains holds it, else where to ask next.
    pub(super) fn step(&mut self, pos: u64) -> Step {
        loop {
            if let Some(rec) = self.next_ready() {
                debug_assert_eq!(rec.offset, pos);
                return Step::Record(rec);
            }
            if let Some(mut seg) = self.pending.take() {
                if seg.start == pos {
                    self.expected = seg.index + 1;
                    if !seg.mine {
                        self.scouted += seg.runs.records() as u64;
                    }
                    // The list handed out before goes back to the thread that filled it.
                    std::mem::swap(&mut self.current, &mut seg.recs);
                    std::mem::swap(&mut self.current_mine, &mut seg.mine);
                    self.current_runs = seg.runs;
                    self.run = 0;
                    (self.next, self.run_end) = seg.runs.run(0);
                    self.at = pos;
                    self.recycle(seg);
                    continue;
                }
                if seg.start > pos && seg.start != u64::MAX {
                    let at = seg.start;
                    self.pending = Some(seg);
                    return Step::ReadOn(at);
                }
                // The reader stepped over the guessed start (the guess was not a record), or no
                // record start was found in the segment: the reader reads it alone.
                self.expected = seg.index + 1;
                self.recycle(seg);
            }
            // Segments the reader has passed whole have nothing left for it.
            self.expected = self.expected.max(pos / self.segment);
            let nominal = self.expected.saturating_mul(self.segment);
            if pos < nominal {
                return Step::ReadOn(nominal);
            }
            if nominal >= self.len {
                return Step::Gone;
            }
            self.shared.reader_pos.store(pos, Ordering::Relaxed);
            let seg = self.segment_for(self.expected, pos);
            self.pending = Some(seg);
        }
    }

    /// Segment `index` walked as chains from `pos` (a record start within it) or from its first record
    /// after that: the scout's if it has taken the segment and hands it over in time, else walked here.
    fn segment_for(&mut self, index: u64, pos: u64) -> Segment {
        loop {
            if let Some(seg) = self.ahead.take() {
                match seg.index.cmp(&index) {
                    std::cmp::Ordering::Equal => return seg,
                    std::cmp::Ordering::Less => self.recycle(seg),
                    std::cmp::Ordering::Greater => self.ahead = Some(seg),
                }
            }
            if let Some(seg) = self.early.take() {
                match seg.index.cmp(&index) {
                    std::cmp::Ordering::Equal => return seg,
                    std::cmp::Ordering::Less => self.recycle(seg),
                    std::cmp::Ordering::Greater => self.early = Some(seg),
                }
            }
            // What the scout has handed over already.
            while self.early.is_none() && !self.gone {
                match self.rx.try_recv() {
                    Ok(seg) if seg.index < index => self.recycle(seg),
                    Ok(seg) if seg.index == index => return seg,
                    Ok(seg) => self.early = Some(seg),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => self.gone = true,
                }
            }
            let claim = self.shared.next_claim.load(Ordering::Acquire);
            if claim <= index && !self.patient {
                // Nobody has taken this segment: the reader takes it (and gives up those before it,
                // which it has passed).
                if self.take(claim, index + 1) {
                    return self.walk_here(index, pos);
                }
                continue;
            }
            // The scout took it, but has gone without handing it over, or went on past it: the reader
            // walks it itself.
            if (self.gone || self.early.is_some()) && !self.patient {
                return self.walk_here(index, pos);
            }
            // The scout is walking it: meanwhile the reader walks the next segment nobody has taken.
            if self.ahead.is_none()
                && !self.patient
                && claim < index + LEAD
                && claim.saturating_mul(self.segment) < self.len
            {
                if self.take(claim, claim + 1) {
                    let seg = self.walk_here(claim, 0);
                    self.ahead = Some(seg);
                }
                continue;
            }
            let got = if self.patient {
                self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                self.rx.recv_timeout(WAIT_LIMIT)
            };
            match got {
                Ok(seg) if seg.index < index => self.recycle(seg),
                Ok(seg) if seg.index == index => return seg,
                Ok(seg) => self.early = Some(seg),
                // Too long (the host took the scout's core away): walked here, and the scout's records
                // for it, when they come, are dropped as passed.
                Err(RecvTimeoutError::Timeout) => return self.walk_here(index, pos),
                Err(RecvTimeoutError::Disconnected) => {
                    self.gone = true;
                    if self.patient {
                        return self.walk_here(index, pos);
                    }
                }
            }
        }
    }

    /// Moves the first segment not taken from `claim` to `to`, if no one moved it first.
    fn take(&self, claim: u64, to: u64) -> bool {
        self.shared
            .next_claim
            .compare_exchange(claim, to, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Walks segment `index` on the reader's thread, from `from` if that is past the segment's start.
    fn walk_here(&mut self, index: u64, from: u64) -> Segment {
        let nominal = index.saturating_mul(self.segment);
        let end = nominal.saturating_add(self.segment);
        let recs = self.lists.pop().unwrap_or_else(new_list);
        let mut seg = walk(&mut self.walker, index, nominal.max(from), end, recs);
        seg.mine = true;
        seg
    }
}

/// The scout's loop: the next segment neither thread has taken, as long as the reader has not passed
/// it, until the end of the file or until the reader is dropped.
fn run(
    scout: &mut CaptureReader,
    segment: u64,
    len: u64,
    tx: &SyncSender<Segment>,
    spares: &Receiver<Vec<Scouted>>,
    shared: &Shared,
) {
    loop {
        let index = shared.next_claim.fetch_add(1, Ordering::AcqRel);
        let nominal = index.saturating_mul(segment);
        if nominal >= len {
            return;
        }
        let end = nominal.saturating_add(segment);
        if shared.reader_pos.load(Ordering::Relaxed) >= end {
            continue;
        }
        let recs = spares.try_recv().unwrap_or_else(|_| new_list());
        let seg = walk(scout, index, nominal, end, recs);
        if tx.send(seg).is_err() {
            return;
        }
    }
}

/// The records starting in `from..end`, from the first record start found at or after `from`, kept in
/// `recs` (a list from [`new_list`]; what it held before is written over).
fn walk(
    scout: &mut CaptureReader,
    index: u64,
    from: u64,
    end: u64,
    mut recs: Vec<Scouted>,
) -> Segment {
    let start = scout
        .input
        .mapped_bytes()
        .and_then(|bytes| find_record_start(bytes, from as usize, &scout.pcap, CHAIN, None));
    let Some(start) = start else {
        return Segment {
            index,
            start: u64::MAX,
            recs,
            runs: Runs::default(),
            mine: false,
        };
    };
    let start = start as u64;
    // The chains read the map directly, not through `dense_run`, which fills in page tables as it goes.
    scout.input.populate(start, end);
    let mut runs = Runs {
        ends: [0; CHAINS],
        count: 1,
    };
    let resume = match scout.input.mapped_bytes() {
        Some(bytes) => walk_chains(bytes, &scout.pcap, start, end, &mut recs, &mut runs),
        None => start,
    };
    // The records read one at a time go on from the last run, over the shares of the chains that did
    // not join up.
    let mut written = runs.run(runs.count - 1).1;
    // From where the chains that joined up end, one record at a time: a region whose first record was
    // guessed wrong, a record the fast path leaves to the slow one (damage, a large record), the cap.
    scout.pos = resume;
    scout.input.jumped_to(resume);
    while scout.pos < end && written < recs.len() {
        // The reader's fast path first, as in `next_frame`; the slow way for what it leaves.
        let rec = match scout.pcap_record_dense(scout.pos) {
            Some(rec) => {
                scout.pos = rec.data_start + u64::from(rec.caplen);
                rec
            }
            None => match scout.next_pcap() {
                Ok(Some(rec)) => rec,
                // Damage or the end of the file: the reader reads that record itself.
                Ok(None) | Err(_) => break,
            },
        };
        // The header again as the fast path reads it: a record the slow path made otherwise (no such
        // record is known, but the two paths are separate code) ends the segment, and the reader reads
        // it itself.
        let header = scout
            .input
            .mapped_bytes()
            .and_then(|bytes| bytes.get(rec.offset as usize..rec.data_start as usize))
            .map(|h| scout.pcap.header(h));
        let Some(header) = header else { break };
        let again = scout.pcap.rec(rec.offset, header);
        if (again.ts, again.caplen, again.orig_len, again.data_start)
            != (rec.ts, rec.caplen, rec.orig_len, rec.data_start)
        {
            break;
        }
        recs[written] = header;
        written += 1;
    }
    // Within u32: the list holds MAX_RECS records.
    runs.ends[runs.count - 1] = written as u32;
    Segment {
        index,
        start,
        recs,
        runs,
        mine: false,
    }
}

/// Reads the records of `bytes` (a whole pcap file) from `start`, a record start, up to the first one
/// starting at or after `end`, into `recs` as one chain from `start` would, but as up to [`CHAINS`]
/// chains at once: the span is cut into regions, each region after the first starts at the first offset
/// where [`REGION_CHAIN`] plausible headers follow one another, and the chains are walked in turn, one
/// record each, each record's successor hinted to the cache as soon as its place is known. So up to
/// [`CHAINS`] header misses are in flight, and only the lines holding headers are fetched (a walk of
/// one chain either waits for every miss or fetches every line of the file ahead of it, bound by the
/// memory bus).
///
/// A region's records are the ones a single chain reads only if the chain before it ends exactly at the
/// region's first record: from there the parse is the same deterministic code. The regions are kept up
/// to the first where that fails (a guess inside a payload, a chain stopped by a record the fast path
/// refuses, or one that filled its share of [`MAX_RECS`]). Returns where the kept records end: the
/// caller reads on from there one record at a time. `chains`: room for the chains' records, kept from
/// segment to segment.
fn walk_chains(
    bytes: &[u8],
    st: &PcapState,
    start: u64,
    end: u64,
    recs: &mut [Scouted],
    runs: &mut Runs,
) -> u64 {
    let region = end.saturating_sub(start).div_ceil(CHAINS as u64).max(1);
    // Where each chain starts (its first record) and stops (a record at or after that belongs to the
    // next chain).
    let mut first = [0u64; CHAINS];
    let mut stop = [end; CHAINS];
    first[0] = start;
    // Every region's first lines at once: the scans below then wait for these misses together, not one
    // after another (a record start is found within a record's length of the boundary, ~300 bytes).
    for k in 1..CHAINS as u64 {
        let boundary = start + k * region;
        for line in 0..BOUNDARY_LINES {
            if let Some(at) = bytes.get((boundary + line * 64) as usize..) {
                prefetch(at);
            }
        }
    }
    // The segment's first record's time: the regions' first records are looked for near it.
    let near = bytes
        .get(start as usize..)
        .filter(|h| h.len() >= 4)
        .map(|h| u32_at(h, 0, st.be));
    let mut count = 1;
    while count < CHAINS {
        let boundary = start + count as u64 * region;
        if boundary >= end {
            break;
        }
        match find_record_start(bytes, boundary as usize, st, REGION_CHAIN, near) {
            Some(at) if (at as u64) < boundary + region && (at as u64) < end => {
                first[count] = at as u64;
                stop[count - 1] = at as u64;
            }
            // No record starts in this region (one record spans it, or damage): the chain before reads
            // on to the end.
            _ => break,
        }
        count += 1;
    }
    let cap = MAX_RECS / CHAINS;
    let mut pos = first;
    let mut kept = [0usize; CHAINS];
    if !st.be && !st.maybe_swapped && st.hdr_len == 16 {
        walk_in_turn::<true>(bytes, st, count, &mut pos, &stop, &mut kept, recs);
    } else {
        walk_in_turn::<false>(bytes, st, count, &mut pos, &stop, &mut kept, recs);
    }
    let mut joined = 1;
    while joined < count && pos[joined - 1] == first[joined] {
        joined += 1;
    }
    for (k, &n) in kept[..joined].iter().enumerate() {
        runs.ends[k] = (k * cap + n) as u32;
    }
    runs.count = joined;
    pos[joined - 1]
}

/// Walks the first `count` chains of [`walk_chains`] in turn, one record each, from `pos` (each
/// chain's next record, moved on as it is read) up to `stop`, chain `k` keeping its records in
/// `slots[k * cap..]` (`kept[k]` of them; `cap` is its share of [`MAX_RECS`]). `PLAIN`: the file is
/// little-endian with 16-byte headers and lengths in their place, read by [`plain_header`].
///
/// Each record's successor is hinted to the cache as soon as its place is known, so up to [`CHAINS`]
/// header misses are in flight, but only as many as the core's reorder window holds the work between
/// them: while the oldest chain waits for its header, the records of the chains after it are worked
/// out only as far as that window goes. Hence the few instructions per record (fixed slots rather than
/// a growing list per chain, one comparison for the length's limits, no byte-order choice).
#[inline(always)]
fn walk_in_turn<const PLAIN: bool>(
    bytes: &[u8],
    st: &PcapState,
    count: usize,
    pos: &mut [u64; CHAINS],
    stop: &[u64; CHAINS],
    kept: &mut [usize; CHAINS],
    slots: &mut [Scouted],
) {
    let cap = MAX_RECS / CHAINS;
    let hdr = u64::from(st.hdr_len);
    // A record whose captured length is above this leaves the chain (as `dense_header` decides).
    let longest = st.max_len.min(SPARSE_GAP as u32 - 1);
    // The chains still walking, one bit each.
    let mut walking: u32 = (1u32 << count) - 1;
    while walking != 0 {
        let mut left = walking;
        while left != 0 {
            // `count` is at most CHAINS, a power of two: the mask only tells the compiler so.
            let k = left.trailing_zeros() as usize & (CHAINS - 1);
            left &= left - 1;
            let at = pos[k];
            let header = if PLAIN {
                plain_header(bytes, at, longest)
            } else {
                st.dense_header(bytes, at)
            };
            let Some(header) = header else {
                // Damage, a cut, a large record: read on from here one record at a time.
                walking &= !(1 << k);
                continue;
            };
            // Within the slots: a chain stops when it has filled its share.
            let n = kept[k];
            slots[k * cap + n] = header;
            kept[k] = n + 1;
            let next = at + hdr + u64::from(header.2);
            pos[k] = next;
            if next >= stop[k] || n + 1 >= cap {
                walking &= !(1 << k);
            } else if let Some(line) = bytes.get(next as usize..) {
                // The next header's line now, and its second line when it crosses one.
                prefetch(line);
                if let Some(line) = line.get(hdr as usize - 1..) {
                    prefetch(line);
                }
            }
        }
    }
}

/// The header at `at` as [`PcapState::dense_header`] reads it in a little-endian file of 16-byte
/// headers whose lengths are never swapped, with `longest` the largest captured length it takes.
#[inline(always)]
fn plain_header(bytes: &[u8], at: u64, longest: u32) -> Option<(u32, u32, u32, u32)> {
    let at = usize::try_from(at).ok()?;
    let h: &[u8; 16] = bytes.get(at..at.checked_add(16)?)?.try_into().ok()?;
    let field = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
    let incl = field(8);
    if incl > longest || bytes.len() - (at + 16) < incl as usize {
        return None;
    }
    Some((field(0), field(4), incl, field(12)))
}

/// The first offset at or after `from` (within [`SCAN_LIMIT`]) where `chain` plausible record headers
/// follow one another, or fewer ending exactly at the end of the file. Plausible: a fraction of a
/// second below one second, a captured length within the link's maximum and not above the original
/// length, and each record's time within [`MAX_TS_STEP`] of the one before.
///
/// With `near` (the seconds of a record known to be close by), only offsets whose first header's time
/// is within [`MAX_TS_STEP`] of it are tried, found by a quick scan of the time alone: a region's first
/// record is about 500 bytes past its boundary on a file of 300-byte frames (the boundary falls in
/// long records more often), and checking every byte there as a whole header cost a tenth of the
/// threads' time on bench/out/big.pcap, most of it in branches that random bytes mispredict.
fn find_record_start(
    bytes: &[u8],
    from: usize,
    st: &PcapState,
    chain: usize,
    near: Option<u32>,
) -> Option<usize> {
    let hdr = st.hdr_len as usize;
    let frac_max = if st.nanos { 1_000_000_000 } else { 1_000_000 };
    let last = from.saturating_add(SCAN_LIMIT).min(bytes.len());
    let mut next = from;
    'candidate: while next < last {
        let at = match near {
            Some(near) => next_near_time(bytes, next, last, near, st.be)?,
            None => next,
        };
        next = at + 1;
        let mut p = at;
        let mut prev_ts: Option<i64> = None;
        for _ in 0..chain {
            if p == bytes.len() && prev_ts.is_some() {
                return Some(at);
            }
            let Some(h) = bytes.get(p..p + hdr) else {
                continue 'candidate;
            };
            let ts = i64::from(u32_at(h, 0, st.be));
            let frac = u32_at(h, 4, st.be);
            let mut incl = u32_at(h, 8, st.be);
            let mut orig = u32_at(h, 12, st.be);
            if st.maybe_swapped && incl > orig {
                std::mem::swap(&mut incl, &mut orig);
            }
            if frac >= frac_max || incl > st.max_len || incl > orig {
                continue 'candidate;
            }
            if prev_ts.is_some_and(|t| (ts - t).abs() > MAX_TS_STEP) {
                continue 'candidate;
            }
            prev_ts = Some(ts);
            p += hdr + incl as usize;
            if p > bytes.len() {
                continue 'candidate;
            }
        }
        return Some(at);
    }
    None
}

/// The first offset in `from..last` where four bytes read as a record's seconds are within
/// [`MAX_TS_STEP`] of `near`.
#[inline(always)]
fn next_near_time(bytes: &[u8], from: usize, last: usize, near: u32, be: bool) -> Option<usize> {
    let step = MAX_TS_STEP as u32;
    let low = near.saturating_sub(step);
    let span = near.saturating_add(step) - low;
    let window = bytes.get(from..last.saturating_add(3).min(bytes.len()))?;
    // One comparison per offset (the wrapped difference), and the byte order chosen outside the loop.
    let found = if be {
        first_in_window(window, low, span, u32::from_be_bytes)
    } else {
        first_in_window(window, low, span, u32::from_le_bytes)
    };
    found.map(|i| from + i)
}

/// The first index of `window` whose four bytes, read by `read`, lie in `low..=low + span`.
#[inline(always)]
fn first_in_window(
    window: &[u8],
    low: u32,
    span: u32,
    read: impl Fn([u8; 4]) -> u32,
) -> Option<usize> {
    window
        .windows(4)
        .position(|w| read([w[0], w[1], w[2], w[3]]).wrapping_sub(low) <= span)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Segment size for the tests: a file of a few hundred kilobytes has dozens of segments.
    const TEST_SEGMENT: u64 = 4096;

    /// A little-endian microsecond pcap file of `count` Ethernet records of pseudo-random lengths. Every
    /// third payload ends with a chain of [`CHAIN`] plausible empty record headers, so that the scout's
    /// guess of where a segment's first record starts is sometimes wrong.
    fn capture(count: usize) -> Vec<u8> {
        let mut file = Vec::new();
        file.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        file.extend_from_slice(&2u16.to_le_bytes());
        file.extend_from_slice(&4u16.to_le_bytes());
        file.extend_from_slice(&[0; 8]);
        file.extend_from_slice(&65535u32.to_le_bytes());
        file.extend_from_slice(&1u32.to_le_bytes());
        let mut seed = 0x2545_f491u32;
        for i in 0..count {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let len = (seed >> 8) as usize % 1400;
            let ts = 1_700_000_000 + i as u32 / 10;
            file.extend_from_slice(&ts.to_le_bytes());
            file.extend_from_slice(&((i as u32 * 7919) % 1_000_000).to_le_bytes());
            file.extend_from_slice(&(len as u32).to_le_bytes());
            file.extend_from_slice(&(len as u32 + 4).to_le_bytes());
            let mut payload: Vec<u8> = (0..len).map(|b| (b as u8) ^ (i as u8)).collect();
            if i % 3 == 0 && len >= 16 * CHAIN {
                // Implausible bytes, then the fake chain at the end: a scan from a segment boundary
                // inside this payload meets the chain before the next real record.
                payload.fill(0xff);
                let chain_at = len - 16 * CHAIN;
                for k in 0..CHAIN {
                    let at = chain_at + 16 * k;
                    payload[at..at + 4].copy_from_slice(&ts.to_le_bytes());
                    payload[at + 4..at + 16].fill(0);
                }
            }
            file.extend_from_slice(&payload);
        }
        file
    }

    /// Every frame as (offset, seconds, nanoseconds, original length, bytes), and the error that ended
    /// the reading, if any.
    type Frames = (Vec<(u64, i64, u32, u32, Vec<u8>)>, Option<String>);

    /// How a test reads a file.
    #[derive(Clone, Copy, Debug)]
    enum Mode {
        /// One record at a time, no segments walked as chains.
        Alone,
        /// The scout walks every segment after the first and the reader waits for each.
        Patient,
        /// As a reader does outside the tests: whichever thread takes a segment first walks it.
        Free,
        /// No scout thread: the reader walks every segment as chains itself.
        Solo,
    }
    use Mode::*;

    /// Reads `bytes` as a file (segments of [`TEST_SEGMENT`]); also returns how many records the scout's
    /// thread walked.
    fn read(bytes: &[u8], mode: Mode) -> (Frames, u64) {
        let by_next = read_by(bytes, mode, false);
        // Every reading gives the same frames through `for_each_frame` as through `next_frame`.
        let by_each = read_by(bytes, mode, true);
        assert_eq!(by_each.0, by_next.0, "for_each_frame and next_frame differ");
        by_next
    }

    /// A reader of `bytes`, written to a file in `dir`, reading as `mode` says.
    fn reader_of(dir: &tempfile::TempDir, bytes: &[u8], mode: Mode) -> CaptureReader {
        let path = dir.path().join("scout.pcap");
        std::fs::write(&path, bytes).unwrap();
        let mut reader = CaptureReader::open(&path).unwrap();
        reader.set_read_ahead_thread(false);
        if !matches!(mode, Alone) {
            reader.scout_segment = TEST_SEGMENT;
            let thread = !matches!(mode, Solo);
            let mut link = Link::start_with(&reader, TEST_SEGMENT, thread).expect("a scout thread");
            link.patient = matches!(mode, Patient);
            reader.scout = Some(Box::new(link));
            reader.scout_check = TEST_SEGMENT / 2;
        }
        reader
    }

    /// What the tests compare of a frame.
    fn kept(f: &crate::Frame<'_>) -> (u64, i64, u32, u32, Vec<u8>) {
        (
            f.file_offset,
            f.timestamp.secs,
            f.timestamp.nanos,
            f.original_len,
            f.data.to_vec(),
        )
    }

    /// The frames of `bytes` and the final error, read by `next_frame` or (`each`) `for_each_frame`,
    /// and how many records the scout's thread walked.
    fn read_by(bytes: &[u8], mode: Mode, each: bool) -> (Frames, u64) {
        let dir = tempfile::tempdir().unwrap();
        let mut reader = reader_of(&dir, bytes, mode);
        let mut frames = Vec::new();
        let mut error = None;
        if each {
            let r = reader.for_each_frame(|f| {
                frames.push(kept(f));
                std::ops::ControlFlow::Continue(())
            });
            error = r.err().map(|e| e.to_string());
            // Nothing more after the end or an error, as with `next_frame`.
            assert!(matches!(reader.next_frame(), Ok(None)));
        } else {
            loop {
                match reader.next_frame() {
                    Ok(Some(f)) => frames.push(kept(&f)),
                    Ok(None) => break,
                    Err(e) => {
                        error = Some(e.to_string());
                        break;
                    }
                }
            }
        }
        let scouted = reader.scout.as_ref().map_or(0, |l| l.scouted);
        ((frames, error), scouted)
    }

    /// `file` read with the scout (waited for, and as scheduled) gives `alone`, the frames read one
    /// record at a time, and most records after the first segment came from the scout (not all: some
    /// guesses fall on a fake chain of headers and are dropped).
    fn assert_scouted_as_alone(file: &[u8], alone: &Frames) {
        let (patient, scouted) = read(file, Patient);
        assert_eq!(&patient, alone);
        assert!(
            scouted > 400,
            "the scout handed over only {scouted} records"
        );
        assert_eq!(&read(file, Free).0, alone);
    }

    #[test]
    fn scouted_frames_are_the_frames_read_alone() {
        let file = capture(700);
        let alone = read(&file, Alone).0;
        assert_eq!(alone.0.len(), 700);
        assert_eq!(alone.1, None);
        assert_scouted_as_alone(&file, &alone);
        // With no scout the reader walks the segments as chains itself.
        let dir = tempfile::tempdir().unwrap();
        let mut reader = reader_of(&dir, &file, Solo);
        while reader.next_frame().unwrap().is_some() {}
        let link = reader.scout.as_ref().unwrap();
        assert!(
            link.handed > 400,
            "the reader walked only {} records",
            link.handed
        );
        assert_eq!(link.scouted, 0);
        assert_eq!(read(&file, Solo).0, alone);
    }

    /// `file` (a little-endian file from [`capture`]) written big-endian: the same frames, read by the
    /// chains' general path rather than the little-endian one.
    fn big_endian(file: &[u8]) -> Vec<u8> {
        let word = |at: usize| u32::from_le_bytes(file[at..at + 4].try_into().unwrap());
        let mut out = Vec::with_capacity(file.len());
        out.extend_from_slice(&word(0).to_be_bytes());
        out.extend_from_slice(&u16::from_le_bytes([file[4], file[5]]).to_be_bytes());
        out.extend_from_slice(&u16::from_le_bytes([file[6], file[7]]).to_be_bytes());
        for at in [8, 12, 16, 20] {
            out.extend_from_slice(&word(at).to_be_bytes());
        }
        let mut at = 24;
        while at + 16 <= file.len() {
            for field in 0..4 {
                out.extend_from_slice(&word(at + 4 * field).to_be_bytes());
            }
            let len = word(at + 8) as usize;
            out.extend_from_slice(&file[at + 16..at + 16 + len]);
            at += 16 + len;
        }
        out
    }

    #[test]
    fn a_big_endian_file_gives_the_same_frames() {
        let little = capture(700);
        let file = big_endian(&little);
        let alone = read(&file, Alone).0;
        assert_eq!(alone, read(&little, Alone).0);
        assert_scouted_as_alone(&file, &alone);
        assert_eq!(read(&file, Solo).0, alone);
    }

    #[test]
    fn a_guess_inside_a_payload_is_dropped() {
        let file = capture(700);
        // The fake chains are where a scan from a segment boundary would stop first, at least once.
        let st = CaptureReader::from_bytes(file.clone()).unwrap().pcap;
        let real = read(&file, Alone).0.0;
        let fakes = (1..file.len() as u64 / TEST_SEGMENT)
            .filter_map(|i| find_record_start(&file, (i * TEST_SEGMENT) as usize, &st, CHAIN, None))
            .filter(|&at| real.iter().all(|f| f.0 != at as u64))
            .count();
        assert!(fakes > 0, "no segment scan was misled by a fake chain");
    }

    #[test]
    fn a_region_guess_inside_a_payload_is_walked_again() {
        let file = capture(700);
        // Within the scout's segments the regions' first records are guessed on fewer headers, and the
        // fake chains mislead some of those guesses; the frames are the same all the same (checked by
        // the test above), so the records of a region whose chain did not join up were read again.
        let st = CaptureReader::from_bytes(file.clone()).unwrap().pcap;
        let real = read(&file, Alone).0.0;
        let region = TEST_SEGMENT / CHAINS as u64;
        let fakes = (1..file.len() as u64 / region)
            .filter_map(|i| {
                find_record_start(
                    &file,
                    (i * region) as usize,
                    &st,
                    REGION_CHAIN,
                    Some(1_700_000_000),
                )
            })
            .filter(|&at| real.iter().all(|f| f.0 != at as u64))
            .count();
        assert!(fakes > 0, "no region scan was misled by a fake chain");
    }

    #[test]
    fn the_time_scan_finds_what_a_plain_search_finds() {
        // Bytes with times near the ends of the range too, where the window is cut short.
        let mut seed = 0x9e37_79b9u32;
        let mut bytes: Vec<u8> = (0..4000)
            .map(|_| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (seed >> 24) as u8
            })
            .collect();
        // Two at the very edges of the window around 1_700_000_000.
        for (at, ts) in [
            (100usize, 5u32),
            (900, u32::MAX - 7),
            (2000, 1_700_086_400),
            (2500, 1_699_913_600),
        ] {
            bytes[at..at + 4].copy_from_slice(&ts.to_le_bytes());
            bytes[at + 1000..at + 1004].copy_from_slice(&ts.to_be_bytes());
        }
        for be in [false, true] {
            for near in [
                0,
                60,
                u32::MAX,
                u32::MAX - 100_000,
                1_700_000_000,
                1_700_090_000,
            ] {
                for from in [0, 99, 101, 1500, 2001, 3990, 3997, 4000] {
                    let last = (from + 2500).min(bytes.len());
                    let plain = (from..last).find(|&at| {
                        bytes.get(at..at + 4).is_some_and(|w| {
                            let v = u32_at(w, 0, be);
                            (i64::from(v) - i64::from(near)).abs() <= MAX_TS_STEP
                        })
                    });
                    assert_eq!(
                        next_near_time(&bytes, from, last, near, be),
                        plain,
                        "be {be} near {near} from {from}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_consumer_that_stops_goes_on_with_next_frame() {
        let file = capture(700);
        let alone = read(&file, Alone).0.0;
        for mode in [Alone, Patient, Free, Solo] {
            let dir = tempfile::tempdir().unwrap();
            let mut reader = reader_of(&dir, &file, mode);
            // Stops at every 97th frame, then takes one frame with `next_frame`, and goes on.
            let mut offsets = Vec::new();
            loop {
                let mut seen = 0;
                reader
                    .for_each_frame(|f| {
                        offsets.push(f.file_offset);
                        seen += 1;
                        if seen == 97 {
                            std::ops::ControlFlow::Break(())
                        } else {
                            std::ops::ControlFlow::Continue(())
                        }
                    })
                    .unwrap();
                match reader.next_frame().unwrap() {
                    Some(f) => offsets.push(f.file_offset),
                    None => break,
                }
            }
            let expected: Vec<u64> = alone.iter().map(|f| f.0).collect();
            assert_eq!(offsets, expected, "{mode:?}");
            assert_eq!(reader.frames_read(), 700);
        }
    }

    #[test]
    fn damage_is_reported_as_without_the_scout() {
        let file = capture(700);
        // Cut at many places: inside headers and data, in scouted and unscouted segments.
        for cut in (30_000..file.len()).step_by(9_973) {
            let cut_file = &file[..cut];
            let alone = read(cut_file, Alone).0;
            assert!(
                alone.1.as_deref().unwrap_or("").contains("cut short"),
                "{cut}"
            );
            for mode in [Patient, Free, Solo] {
                assert_eq!(read(cut_file, mode).0, alone, "cut at {cut}, {mode:?}");
            }
        }
        // An absurd length in the middle of a segment the scout reads.
        let mut absurd = file.clone();
        let alone = read(&file, Alone).0.0;
        let victim = alone
            .iter()
            .find(|f| f.0 > 5 * TEST_SEGMENT + 1000 && f.0 < 6 * TEST_SEGMENT - 1000)
            .map(|f| f.0 as usize)
            .unwrap();
        absurd[victim + 8..victim + 12].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
        let alone = read(&absurd, Alone).0;
        assert!(
            alone
                .1
                .as_deref()
                .unwrap_or("")
                .contains(&victim.to_string())
        );
        for mode in [Patient, Free, Solo] {
            assert_eq!(read(&absurd, mode).0, alone, "{mode:?}");
        }
    }
}
