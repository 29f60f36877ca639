//! Where the bytes come from: a memory map or a vector holding the whole (decompressed) file, or a stream
//! read into a growable buffer. Both are addressed by absolute byte offsets into the decompressed stream.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use memmap2::Mmap;

use crate::Compression;

/// Smallest read issued on a stream.
const READ_CHUNK: usize = 64 * 1024;

/// How far ahead of the reader the page tables of a mapped file are filled in (a multiple of the page
/// size). Without it every 64 KB of the file costs a page fault (the kernel maps 16 pages around each
/// fault); with it, one `madvise(MADV_POPULATE_READ)` call maps 2 MB at a time.
const POPULATE_CHUNK: usize = 2 << 20;

/// How far ahead of the bytes asked for the CPU is told to fetch a mapped file into its cache. Reading the
/// records of a large file from memory is bound by memory latency (each record header is in a line no cache
/// holds yet); fetching a few pages ahead overlaps those misses.
const PREFETCH_AHEAD: usize = 8 << 10;

/// Memory-maps `file` read-only.
#[allow(unsafe_code)]
pub(crate) fn map_file(file: &File) -> io::Result<Mapped> {
    // SAFETY: the map is read-only and lives as long as the reader. Another process may modify or truncate
    // the file while it is mapped; we accept that, as every mmap-based capture reader does: a concurrent
    // change can show inconsistent bytes (which the parser treats like any damaged input) and a truncation
    // can raise SIGBUS, the same as for tcpdump or Wireshark reading a file that is being rewritten.
    let map = unsafe { Mmap::map(file) }?;
    #[cfg(unix)]
    {
        // Only a hint (more read-ahead from disk); failure changes nothing.
        let _ = map.advise(memmap2::Advice::Sequential);
    }
    Ok(Mapped { map, populated: 0 })
}

/// A mapped file and how much of it has had its page tables filled in ahead of the reader.
pub(crate) struct Mapped {
    map: Mmap,
    /// Populating has been asked for up to here (or given up on, if the kernel cannot do it). Bytes before
    /// may still fault in normally, after a jump ahead (random access).
    populated: usize,
}

impl Mapped {
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
        // (aligned as madvise needs, for any page size up to 2 MB), not from the start of the file.
        let start = if start > self.populated.saturating_add(POPULATE_CHUNK) {
            start & !(POPULATE_CHUNK - 1)
        } else {
            self.populated
        };
        // Up to a chunk boundary past `end`, so the next call starts aligned.
        let stop = (end.saturating_add(POPULATE_CHUNK) & !(POPULATE_CHUNK - 1)).min(len);
        #[cfg(target_os = "linux")]
        {
            // Only a hint: on kernels before 5.14 (EINVAL) or any failure, pages fault in as usual.
            if self
                .map
                .advise_range(memmap2::Advice::PopulateRead, start, stop - start)
                .is_err()
            {
                self.populated = len;
                return;
            }
        }
        let _ = start;
        self.populated = stop;
    }
}

/// Tells the CPU that the bytes at `p` will be read soon. Never faults, never changes what is read.
#[inline(always)]
fn prefetch(p: &[u8]) {
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
            Whole::Map(m) => &m.map,
            Whole::Vec(v) => v,
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
                if let Whole::Map(m) = w {
                    m.populate_to(start, end);
                    if let Some(ahead) = m.map.get(end.saturating_add(PREFETCH_AHEAD)..) {
                        prefetch(ahead);
                    }
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
