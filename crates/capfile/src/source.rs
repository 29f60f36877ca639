//! Where the bytes come from: a memory map or a vector holding the whole (decompressed) file, or a stream
//! read into a growable buffer. Both are addressed by absolute byte offsets into the decompressed stream.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use memmap2::Mmap;

use crate::Compression;

/// Smallest read issued on a stream.
const READ_CHUNK: usize = 64 * 1024;

/// How far ahead of the reader the page tables of a mapped file are filled in (a multiple of the page
/// size): a chunk is faulted in at once, by reading a byte every [`TOUCH_STEP`], before the reader's
/// hints reach it (a hint to a page without page tables is dropped).
const POPULATE_CHUNK: usize = 2 << 20;

/// How far apart the bytes are that [`Mapped::populate_to`] reads to fault the pages in.
const TOUCH_STEP: usize = 64 << 10;

/// How far ahead of the bytes asked for the CPU is told to fetch a mapped file into its cache. Reading the
/// records of a large file from memory is bound by memory latency (each record header is in a line no cache
/// holds yet); fetching ahead overlaps those misses. Every cache line up to this distance is fetched, not
/// one line per record: the hardware prefetchers then see a plain sequential stream, and a header is never
/// in a line that the hint skipped (one line per record, 8 KiB ahead, walked bench/out/big.pcap in 150 ms;
/// every line, 75 ms; docs/performance.md, "A fast path for dense files, and every
/// cache line fetched ahead").
const PREFETCH_AHEAD: usize = 8 << 10;

/// The cache line size assumed by the prefetch hints (64 bytes on every x86_64 and most other CPUs; a
/// wrong guess only makes the hints less useful).
const CACHE_LINE: usize = 64;

/// When headers lie this far apart on average, the file is read as one of large records: each header is
/// read through the map while page faults are cheap, and with a system call while they are dear (see
/// [`SparseHeaders`]). Once records are larger than the kernel's fault-around (it maps 16 pages, 64 KiB,
/// per page fault) nearly every header of a file cached in small folios costs a fault, and a `pread` of a
/// header costs a third of one (bench/out/bulk.pcap of `bench/make-bulk-capture.sh`, 23,749 records of
/// 45 KiB on average: 55 ms through the map without population, 80-130 ms with it, 15-16 ms by
/// `pread`). A file cached in 2 MiB folios takes one fault per folio: 24,178 records of 45 KiB, 6-7 ms
/// through the map (5.4 ms with [`Mapped::prefetch_likely_next`]), 15-25 ms by `pread`
/// (docs/performance.md, "Large records: the map when its faults are cheap").
pub(crate) const SPARSE_GAP: usize = 16 << 10;

/// What one `pread` of a header is taken to cost, in nanoseconds, until the reader has timed some
/// (0.7-0.9 us on the machine of docs/performance.md).
const PREAD_NANOS_GUESS: u64 = 1000;

/// How far a file of large records is read by `pread` after a chunk was found dear, before the map is
/// tried again: at first [`POPULATE_CHUNK`] times this, doubled after each dear chunk in a row up to
/// [`PREAD_STRETCH_MAX`] chunks. A try costs one chunk's faults, 50-80 us on 4 KiB pages, against
/// some 50 `pread`s of 45 KiB records per chunk: short stretches find a file's runs of 2 MiB folios
/// soon, long ones keep a file of small folios from paying for tries.
const PREAD_STRETCH_MIN: usize = 2;
const PREAD_STRETCH_MAX: usize = 32;

/// Every how many chunks of a file of large records populated through the map one is timed.
const TIME_CHUNK_EVERY: u32 = 8;

/// How many record lengths [`Mapped::prefetch_likely_next`] guesses from (a prefetch each).
const RECENT_GAPS: usize = 4;

/// Every how many `pread`s of headers one is timed.
const TIME_PREAD_EVERY: u32 = 8;

/// How the record headers of a file of large records are read, when it is mapped (a file whose
/// headers lie 16 KiB or more apart on average; other files are always read through the map).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SparseHeaders {
    /// Through the map while its page faults are cheap, by `pread` while they are dear. The reader
    /// times how long filling in a 2 MiB chunk's page tables takes, and finds the chunk dear when
    /// that is longer than half of what reading the headers in it by `pread` would take, at the time
    /// it measured for a `pread` (reading headers through the map costs a TLB miss each besides). A chunk of a file cached in 2 MiB folios takes one fault and is cheap; one of 4
    /// KiB folios takes 32 and is dear, and so is any chunk whose faults are slow for another reason
    /// (on a busy virtual machine a fault can take 100 us).
    #[default]
    Measured,
    /// Always through the map, faulting in the page tables ahead of the reader.
    Map,
    /// Always by `pread`, which leaves the pages of the records' data untouched.
    Pread,
}

/// How many bytes one [`Input::dense_run`] prepares: the reader's fast path then reads the records
/// starting in them with no per-record upkeep. Small, so that the prefetch hints go out in short
/// bursts: runs of 4 KiB (64 hints at once) made the reader a fifth slower than runs of 1 KiB.
const DENSE_RUN: usize = 1024;

/// The longest window read by [`Mapped::sparse_header`]: record and block headers.
const HEADER_MAX: usize = 32;

/// How many bytes [`Mapped::sparse_header`] reads at a time.
const HEADER_READ: usize = 512;

/// Memory-maps `file` read-only.
#[allow(unsafe_code)]
pub(crate) fn map_file(file: File) -> io::Result<Mapped> {
    // SAFETY: the map is read-only and lives as long as the reader. Another process may modify or truncate
    // the file while it is mapped; we accept that, as every mmap-based capture reader does: a concurrent
    // change can show inconsistent bytes (which the parser treats like any damaged input) and a truncation
    // can raise SIGBUS, the same as for tcpdump or Wireshark reading a file that is being rewritten.
    let map = unsafe { Mmap::map(&file) }?;
    #[cfg(unix)]
    {
        // Only a hint (more read-ahead from disk); failure changes nothing.
        let _ = map.advise(memmap2::Advice::Sequential);
    }
    Ok(Mapped {
        map: Arc::new(map),
        file,
        populated: 0,
        last_header: 0,
        header_gap: 0,
        sparse: false,
        header: Box::new([0; HEADER_READ]),
        header_at: 0,
        header_len: 0,
        prefetched: 0,
        headers_by: SparseHeaders::Measured,
        pread_until: 0,
        chunks_to_time: 0,
        pread_stretch: PREAD_STRETCH_MIN,
        pread_nanos: PREAD_NANOS_GUESS,
        preads_to_time: 0,
        headers_noted: 0,
        headers_at_timing: 0,
        timed_at: 0,
        recent_gaps: [0; RECENT_GAPS],
    })
}

/// A mapped file and how much of it has had its page tables filled in ahead of the reader.
pub(crate) struct Mapped {
    /// Shared with the reader's scout thread (`reader::scout`), which reads headers further on.
    map: Arc<Mmap>,
    /// The file mapped, for the headers of sparse records ([`Mapped::sparse_header`]).
    file: File,
    /// Where the last header-sized window started.
    last_header: usize,
    /// The average distance between the last headers (an exponential average).
    header_gap: usize,
    /// Whether headers are read by `pread` ([`Mapped::sparse_header`]).
    sparse: bool,
    /// The bytes of the last read of [`Mapped::sparse_header`]: `header_len` of them, from file offset
    /// `header_at`.
    header: Box<[u8; HEADER_READ]>,
    header_at: usize,
    header_len: usize,
    /// Populating has been asked for up to here (or given up on, if the kernel cannot do it). Bytes before
    /// may still fault in normally, after a jump ahead (random access).
    populated: usize,
    /// The prefetch hints have covered every cache line up to here.
    prefetched: usize,
    /// How the headers of a file of large records are read.
    headers_by: SparseHeaders,
    /// With [`SparseHeaders::Measured`], headers of large records before this offset are read by
    /// `pread`: the last chunk timed was dear.
    pread_until: usize,
    /// With [`SparseHeaders::Measured`], how many chunks are populated before one is timed again.
    chunks_to_time: u32,
    /// With [`SparseHeaders::Measured`], how many chunks are read by `pread` after the next dear one.
    pread_stretch: usize,
    /// What a `pread` of a header took, in nanoseconds (an exponential average of those timed).
    pread_nanos: u64,
    /// How many `pread`s of headers are issued before one is timed again.
    preads_to_time: u32,
    /// How many headers [`Mapped::note_header`] has counted.
    headers_noted: u64,
    /// `headers_noted` and the chunk's start when a chunk was last timed.
    headers_at_timing: u64,
    timed_at: usize,
    /// The last few distinct distances between headers of large records, the latest first
    /// ([`Mapped::prefetch_likely_next`]).
    recent_gaps: [usize; RECENT_GAPS],
}

impl Mapped {
    /// A second view of the same map for another thread: the map is shared, the file descriptor
    /// duplicated (for `pread`), and the header-reading state starts from this one's, so a file already
    /// known to be sparse is read as such at once.
    fn another_view(&self) -> io::Result<Mapped> {
        Ok(Mapped {
            map: Arc::clone(&self.map),
            file: self.file.try_clone()?,
            last_header: self.last_header,
            header_gap: self.header_gap,
            sparse: self.sparse,
            header: Box::new([0; HEADER_READ]),
            header_at: 0,
            header_len: 0,
            populated: 0,
            prefetched: 0,
            headers_by: self.headers_by,
            pread_until: self.pread_until,
            chunks_to_time: 0,
            pread_stretch: self.pread_stretch,
            pread_nanos: self.pread_nanos,
            preads_to_time: 0,
            headers_noted: 0,
            headers_at_timing: 0,
            timed_at: 0,
            recent_gaps: self.recent_gaps,
        })
    }

    /// Counts a header at `start` in the average distance between headers, which decides whether
    /// headers are read by `pread` ([`Mapped::sparse_header`]). The last header counted is not counted
    /// again (the reader's fast path counts a header and may then leave its record to the slow path).
    #[inline(always)]
    fn note_header(&mut self, start: usize) {
        if start == self.last_header {
            return;
        }
        let previous = std::mem::replace(&mut self.last_header, start);
        self.headers_noted += 1;
        // The distance between headers, averaged over the last few (small records, such as the
        // acknowledgements between a bulk transfer's segments, do not make a file dense).
        let gap = start.saturating_sub(previous);
        self.header_gap = self.header_gap - self.header_gap / 8 + gap / 8;
        // With some hysteresis, so that a burst of small records in a file of large ones (a handshake,
        // a run of acknowledgements) does not populate chunks of the map nobody reads.
        if self.sparse {
            self.sparse = self.header_gap >= SPARSE_GAP / 4;
            // The distances most recently seen first, each once.
            let seen = self.recent_gaps.iter().position(|&g| g == gap);
            let last = seen.unwrap_or(RECENT_GAPS - 1);
            self.recent_gaps.copy_within(0..last, 1);
            self.recent_gaps[0] = gap;
        } else {
            self.sparse = self.header_gap >= SPARSE_GAP;
        }
    }

    /// Asks the CPU for the lines where the header after the one at `start` would be if its record
    /// were as long as one of the last few (a bulk transfer repeats a few lengths: full segments and
    /// acknowledgements). Reading headers of large records is a chain of cache misses, each header
    /// giving the next one's place; a right guess overlaps the next miss with this one.
    #[inline(always)]
    fn prefetch_likely_next(&self, start: usize) {
        for gap in self.recent_gaps {
            if gap != 0
                && let Some(line) = self.map.get(start.saturating_add(gap)..)
            {
                prefetch(line);
            }
        }
    }

    /// The header at `start..end` read with `pread` when headers lie far apart (the records are large)
    /// and faults of the map are dear ([`SparseHeaders`]): the pages of the records between them are
    /// then never touched unless a consumer reads their bytes, so iterating a file of large frames (a
    /// capture of bulk transfers on loopback, up to 64 KiB each) pages in only what is read. Returns
    /// where the bytes are in `header` (fewer than asked at the end of the file), or `None` to read
    /// through the map as usual: a dense file (small records), cheap faults, a window longer than a
    /// header, or a failed read.
    ///
    /// One read takes [`HEADER_READ`] bytes, so that the header after a small record (an
    /// acknowledgement between two segments) comes from the same read.
    #[cfg(unix)]
    #[inline(always)]
    fn sparse_header(&mut self, start: usize, end: usize) -> Option<(usize, usize)> {
        use std::os::unix::fs::FileExt;
        let len = end - start;
        self.note_header(start);
        if len == 0 || len > HEADER_MAX || !self.sparse || self.headers_through_map(start) {
            return None;
        }
        if start >= self.header_at && end <= self.header_at + self.header_len {
            let at = start - self.header_at;
            return Some((at, at + len));
        }
        // The map's length is the file's: a concurrent truncation shows as a short read, which the
        // reader treats as a cut file, as it would through the map.
        let want = HEADER_READ.min(self.map.len() - start);
        let started = (self.preads_to_time == 0).then(std::time::Instant::now);
        let mut filled = 0;
        while filled < len.min(want) {
            match self
                .file
                .read_at(&mut self.header[filled..want], (start + filled) as u64)
            {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        if let Some(started) = started {
            let took = nanos_since(started);
            self.pread_nanos = self.pread_nanos - self.pread_nanos / 4 + took / 4;
            self.preads_to_time = TIME_PREAD_EVERY;
        } else {
            self.preads_to_time -= 1;
        }
        self.header_at = start;
        self.header_len = filled;
        Some((0, len.min(filled)))
    }

    #[cfg(not(unix))]
    fn sparse_header(&mut self, _start: usize, _end: usize) -> Option<(usize, usize)> {
        None
    }

    /// Whether the header of a large record at `start` is read through the map.
    #[inline(always)]
    fn headers_through_map(&self, start: usize) -> bool {
        match self.headers_by {
            SparseHeaders::Measured => start >= self.pread_until,
            SparseHeaders::Map => true,
            SparseHeaders::Pread => false,
        }
    }

    /// Fills in the page tables up to a chunk past `end`, so that reading there takes no page faults. The
    /// whole file is not populated at once: a run that stops early (`-c 10` on a huge file) must not read it
    /// all from disk.
    #[inline]
    fn populate_to(&mut self, start: usize, end: usize) {
        if end <= self.populated {
            return;
        }
        self.populate_slow(start, end);
    }

    #[cold]
    fn populate_slow(&mut self, start: usize, end: usize) {
        let len = self.map.len();
        // Reading on from where the last chunk ended, or a jump: then from the chunk boundary before it
        // (aligned, so that each read falls on the same place of a page), not from the start of the file.
        let start = if start > self.populated.saturating_add(POPULATE_CHUNK) {
            start & !(POPULATE_CHUNK - 1)
        } else {
            self.populated
        };
        // Up to a chunk boundary past `end`, so the next call starts aligned.
        let stop = (end.saturating_add(POPULATE_CHUNK) & !(POPULATE_CHUNK - 1)).min(len);
        // A byte read every TOUCH_STEP: each read fault maps the pages around it (the kernel maps 16
        // pages, 64 KiB, around a fault) or the whole folio when it is 2 MiB. MADV_POPULATE_READ maps
        // each 4 KiB page through the kernel's page-walking loop, which costs about as much again
        // when the file is cached in small folios, as a file just written is (C probe over a copy of
        // bench/out/big.pcap: 76-82 ms with it, 44-48 ms with one read per page, one thread).
        let measured = self.sparse && self.headers_by == SparseHeaders::Measured;
        let timed = measured && self.chunks_to_time == 0;
        if measured && !timed {
            // Only the chunks timed are populated for large records: the reader sends no prefetch
            // hints for them, so a header can as well fault its page in when it is read. In a file
            // cached in 2 MiB folios, one fault maps the chunk; the other 31 reads would be wasted.
            self.populated = stop;
            self.chunks_to_time -= 1;
            return;
        }
        let started = timed.then(std::time::Instant::now);
        let bytes: &[u8] = &self.map;
        let mut sum = 0u8;
        for at in (start..stop).step_by(TOUCH_STEP) {
            sum = sum.wrapping_add(bytes[at]);
        }
        std::hint::black_box(sum);
        self.populated = stop;
        let Some(started) = started else {
            return;
        };
        let took = nanos_since(started);
        self.chunks_to_time = TIME_CHUNK_EVERY;
        // The headers in the bytes populated, at the average distance between the headers read since
        // the last chunk timed (the last few headers' distance swings with a bulk transfer's mix of
        // segments and acknowledgements).
        let read =
            self.headers_noted - std::mem::replace(&mut self.headers_at_timing, self.headers_noted);
        let since = start.saturating_sub(std::mem::replace(&mut self.timed_at, start));
        let gap = if read >= 16 {
            since / read as usize
        } else {
            self.header_gap
        };
        let headers = (stop.saturating_sub(start) / gap.max(1)).max(1) as u64;
        // The map only while it takes at most half the time: reading the headers through the map
        // costs more than the faults (a TLB miss each, on small pages).
        if took.saturating_mul(2) > headers.saturating_mul(self.pread_nanos) {
            self.pread_until = stop.saturating_add(self.pread_stretch * POPULATE_CHUNK);
            self.pread_stretch = (self.pread_stretch * 2).min(PREAD_STRETCH_MAX);
            // Timed again on the first chunk read through the map after the stretch.
            self.chunks_to_time = 0;
        } else {
            self.pread_stretch = PREAD_STRETCH_MIN;
        }
    }
}

/// Nanoseconds since `started`, saturated.
fn nanos_since(started: std::time::Instant) -> u64 {
    u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

impl Mapped {
    /// Hints every cache line from where the last hint stopped to [`PREFETCH_AHEAD`] past `end`.
    #[inline(always)]
    fn prefetch_to(&mut self, end: usize) {
        let target = end.saturating_add(PREFETCH_AHEAD).min(self.map.len());
        if target <= self.prefetched {
            return;
        }
        // After a jump ahead (random access), from `end` on: the lines skipped are not going to be read.
        let mut at = self.prefetched.max(end);
        while at < target {
            prefetch(&self.map[at..]);
            at += CACHE_LINE;
        }
        self.prefetched = at;
    }
}

/// Tells the CPU that the bytes at `p` will be read soon. Never faults, never changes what is read.
#[inline(always)]
pub(crate) fn prefetch(p: &[u8]) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unsafe_code)]
    // SAFETY: PREFETCHT0 is a hint: it reads nothing into the program and cannot fault, whatever the
    // address; `p` points into the map anyway. SSE is part of the x86_64 baseline.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.as_ptr().cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The whole input in memory (mapped or owned).
pub(crate) enum Whole {
    Map(Mapped),
    Vec(Vec<u8>),
}

impl Whole {
    #[inline]
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Whole::Map(m) => &m.map[..],
            Whole::Vec(v) => v,
        }
    }

    /// Bytes `from..to` of what [`Mapped::sparse_header`] read (none for a file held in memory).
    fn sparse_header_read(&self, (from, to): (usize, usize)) -> &[u8] {
        match self {
            Whole::Map(m) => &m.header[from..to],
            Whole::Vec(_) => &[],
        }
    }
}

/// A stream read into a buffer that keeps everything from the last released offset on.
pub(crate) struct Stream {
    reader: Box<dyn Read + Send>,
    /// Stream bytes `base .. base + filled`; `buf[filled..]` is spare room.
    buf: Vec<u8>,
    base: u64,
    filled: usize,
    /// Bytes before `base + released` may be dropped.
    released: usize,
    eof: bool,
}

impl Stream {
    pub(crate) fn new(reader: Box<dyn Read + Send>) -> Self {
        Stream {
            reader,
            buf: Vec::new(),
            base: 0,
            filled: 0,
            released: 0,
            eof: false,
        }
    }

    /// Reads until the stream bytes before absolute offset `end` are in the buffer, or the stream ends.
    fn fill_to(&mut self, end: u64) -> io::Result<()> {
        while self.base + (self.filled as u64) < end && !self.eof {
            if self.filled == self.buf.len() {
                if self.released > 0 && self.released >= self.buf.len() / 2 {
                    self.buf.copy_within(self.released..self.filled, 0);
                    self.base += self.released as u64;
                    self.filled -= self.released;
                    self.released = 0;
                } else {
                    // Grow by doubling, so memory follows the data actually present, never a claimed length.
                    let new_len = (self.buf.len() * 2).max(READ_CHUNK);
                    self.buf.resize(new_len, 0);
                }
            }
            match self.reader.read(&mut self.buf[self.filled..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // A decompressor reports a truncated stream this way: treat it as the end of the input, so
                // the parser says where the capture was cut.
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => self.eof = true,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// The reader's input.
pub(crate) enum Input {
    Whole(Whole),
    Stream(Stream),
}

impl Input {
    /// Up to `len` bytes from absolute offset `off`: shorter only where the input ends.
    ///
    /// For a stream, `off` must not lie before the last [`Input::release`] point.
    #[inline]
    pub(crate) fn window(&mut self, off: u64, len: usize) -> io::Result<&[u8]> {
        match self {
            Input::Whole(w) => {
                let total = w.bytes().len();
                let start = (off.min(total as u64)) as usize;
                let end = start.saturating_add(len).min(total);
                if let Whole::Map(m) = w
                    && end - start <= HEADER_MAX
                {
                    // Headers lead the population of the page tables: in a dense file the chunk
                    // populated ahead of them covers the records' bytes too, while the bytes of large
                    // records are left to fault in only if someone reads them.
                    if let Some(range) = m.sparse_header(start, end) {
                        return Ok(w.sparse_header_read(range));
                    }
                    m.populate_to(start, end);
                    if m.sparse {
                        m.prefetch_likely_next(start);
                    }
                }
                // Not for large records: the lines ahead of their headers are data, and the next
                // header is further on than the hints reach.
                if let Whole::Map(m) = w
                    && !m.sparse
                {
                    m.prefetch_to(end);
                }
                Ok(&w.bytes()[start..end])
            }
            Input::Stream(s) => {
                if off < s.base + s.released as u64 {
                    return Err(io::Error::other(
                        "internal error: a stream cannot go back to data it has released",
                    ));
                }
                s.fill_to(off.saturating_add(len as u64))?;
                // fill_to may have moved the base.
                let rel = (off - s.base) as usize;
                let start = rel.min(s.filled);
                let end = rel.saturating_add(len).min(s.filled);
                Ok(&s.buf[start..end])
            }
        }
    }

    /// Bytes already made available by [`Input::window`]; panics if they are not (an internal bug).
    #[inline]
    pub(crate) fn loaded(&self, off: u64, len: usize) -> &[u8] {
        match self {
            Input::Whole(w) => &w.bytes()[off as usize..off as usize + len],
            Input::Stream(s) => {
                let rel = (off - s.base) as usize;
                &s.buf[rel..rel + len]
            }
        }
    }

    /// Data before `off` will not be asked for again.
    #[inline]
    pub(crate) fn release(&mut self, off: u64) {
        if let Input::Stream(s) = self {
            let rel = off.saturating_sub(s.base).min(s.filled as u64) as usize;
            if rel > s.released {
                s.released = rel;
            }
        }
    }

    pub(crate) fn is_whole(&self) -> bool {
        matches!(self, Input::Whole(_))
    }

    /// Fills in the page tables of a mapped input for `start..end` ahead of reading it without
    /// [`Input::dense_run`] (which does so as it goes); nothing for any other input.
    pub(crate) fn populate(&mut self, start: u64, end: u64) {
        if let Input::Whole(Whole::Map(m)) = self {
            let len = m.map.len();
            m.populate_to((start as usize).min(len), (end as usize).min(len));
        }
    }

    /// The whole input when it is a memory-mapped file (the only input a scout thread reads).
    pub(crate) fn mapped_bytes(&self) -> Option<&[u8]> {
        match self {
            Input::Whole(w @ Whole::Map(_)) => Some(w.bytes()),
            _ => None,
        }
    }

    /// Another input over the same mapped file, for a thread reading ahead; `None` for any other input.
    pub(crate) fn another_view(&self) -> Option<Input> {
        match self {
            Input::Whole(Whole::Map(m)) => {
                m.another_view().ok().map(|m| Input::Whole(Whole::Map(m)))
            }
            _ => None,
        }
    }

    /// Prepares a run of about [`DENSE_RUN`] bytes from `off` for the reader's fast path, as
    /// [`Input::window`] prepares each header (page tables filled in ahead, cache lines hinted), and
    /// returns where the run ends: records that start before it may be read from
    /// [`Input::whole_bytes`] directly. `None` for a stream and for a file whose headers are read by
    /// `pread` (large records).
    #[inline]
    pub(crate) fn dense_run(&mut self, off: u64) -> Option<u64> {
        match self {
            Input::Whole(Whole::Vec(_)) => Some(u64::MAX),
            Input::Whole(Whole::Map(m)) => {
                let start = usize::try_from(off).ok()?.min(m.map.len());
                // The run's first header stands for the run in the average distance between headers:
                // runs of small records keep it small, large records (one per run) make it large.
                m.note_header(start);
                if m.sparse {
                    return None;
                }
                let end = start.saturating_add(DENSE_RUN).min(m.map.len());
                m.populate_to(start, end);
                m.prefetch_to(end);
                Some(end as u64)
            }
            _ => None,
        }
    }

    /// All the bytes of a whole input (mapped or in memory); nothing for a stream.
    #[inline]
    pub(crate) fn whole_bytes(&self) -> &[u8] {
        match self {
            Input::Whole(w) => w.bytes(),
            Input::Stream(_) => &[],
        }
    }

    /// Whether record headers lie far apart (large records, see [`SparseHeaders`]) in a mapped file.
    pub(crate) fn reads_headers_sparsely(&self) -> bool {
        matches!(self, Input::Whole(Whole::Map(m)) if m.sparse)
    }

    /// How the headers of large records are read from here on, when the input is a mapped file.
    pub(crate) fn set_sparse_headers(&mut self, how: SparseHeaders) {
        if let Input::Whole(Whole::Map(m)) = self {
            m.headers_by = how;
            m.pread_until = 0;
            m.chunks_to_time = 0;
            m.pread_stretch = PREAD_STRETCH_MIN;
        }
    }

    /// The next header read is at `off`, after records this input did not read itself (a jump): the
    /// distance from the last header it read says nothing about how dense the file is.
    pub(crate) fn jumped_to(&mut self, off: u64) {
        if let Input::Whole(Whole::Map(m)) = self {
            m.last_header = off as usize;
        }
    }
}

/// How the input was wrapped, from its first bytes.
pub(crate) fn detect_compression(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// Wraps `raw` in the decompressor for `compression`.
pub(crate) fn decompressor(
    raw: Box<dyn Read + Send>,
    compression: Compression,
) -> Box<dyn Read + Send> {
    match compression {
        Compression::None => raw,
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
            256 * 1024,
            raw,
        ))),
        Compression::Zstd => Box::new(ZstdFrames {
            source: BufReader::with_capacity(256 * 1024, raw),
            decoder: ruzstd::decoding::FrameDecoder::new(),
            in_frame: false,
        }),
    }
}

/// Decodes every zstd frame of a stream in turn, skipping skippable frames.
struct ZstdFrames {
    source: BufReader<Box<dyn Read + Send>>,
    decoder: ruzstd::decoding::FrameDecoder,
    in_frame: bool,
}

impl ZstdFrames {
    /// Starts decoding the next frame; false at the end of the input.
    fn next_frame(&mut self) -> io::Result<bool> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        loop {
            if self.source.fill_buf()?.is_empty() {
                return Ok(false);
            }
            match self.decoder.reset(&mut self.source) {
                Ok(()) => return Ok(true),
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    let skipped =
                        io::copy(&mut (&mut self.source).take(length as u64), &mut io::sink())?;
                    if skipped < length as u64 {
                        return Err(io::ErrorKind::UnexpectedEof.into());
                    }
                }
                Err(e) => return Err(zstd_error(e)),
            }
        }
    }
}

/// A decoding error, as `UnexpectedEof` when the input ended too early.
fn zstd_error(e: impl std::error::Error + Send + Sync + 'static) -> io::Error {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<io::Error>()
            && io.kind() == io::ErrorKind::UnexpectedEof
        {
            return io::ErrorKind::UnexpectedEof.into();
        }
        source = err.source();
    }
    io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}"))
}

impl Read for ZstdFrames {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use ruzstd::decoding::BlockDecodingStrategy;
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.in_frame {
                let d = &mut self.decoder;
                while d.can_collect() < buf.len() && !d.is_finished() {
                    let more = buf.len() - d.can_collect();
                    d.decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBytes(more))
                        .map_err(zstd_error)?;
                }
                let n = d.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                if d.is_finished() && d.can_collect() == 0 {
                    self.in_frame = false;
                }
            }
            if !self.next_frame()? {
                return Ok(0);
            }
            self.in_frame = true;
        }
    }
}
