//! [`LiveCapture`]: one thread per interface reads libpcap and feeds one bounded channel; the caller
//! takes frames from it one at a time, as from a file.
//!
//! The threads hand packets over in batches (what one `pcap_dispatch` returned, at most
//! [`BATCH_PACKETS`]), copied into one buffer that comes back to the thread to be filled again: one
//! channel message per batch and no allocation per packet. At 200,000 packets/s the per-packet copy
//! into its own `Vec`, freed on the other thread, was a fifth of the capture's CPU time, and CPU time
//! is what a loaded machine lacks when the kernel's buffer overflows.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use capfile::{Frame, Interface, InterfaceStats, LinkType, Timestamp};

use crate::error::{is_permission_error, pcap_detail};
use crate::{CaptureError, InterfaceInfo};

/// tshark's and tcpdump's default snapshot length: whole packets.
pub const DEFAULT_SNAPLEN: u32 = 262_144;

/// Packets a capture thread takes from libpcap at most in one batch.
const BATCH_PACKETS: usize = 256;

/// Batches held between the capture threads and the consumer. Past this the threads wait and libpcap's
/// kernel buffer (`-B`) absorbs bursts, then drops, and the drop is counted by the kernel: memory stays
/// bounded (at most this many batches of [`BATCH_PACKETS`] frames of at most the snapshot length, plus
/// the one being filled and the one being read, for each interface) and every loss is reported.
const QUEUE_BATCHES: usize = 16;

/// How long a capture thread waits in libpcap before it looks at the stop flag again, and how long
/// libpcap may hold packets before delivering them outside immediate mode.
const READ_TIMEOUT_MS: i32 = 100;

/// How the interfaces are opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveOptions {
    /// Bytes kept of each packet (`-s`); 0 means [`DEFAULT_SNAPLEN`].
    pub snaplen: u32,
    /// Promiscuous mode (on unless `-p`).
    pub promiscuous: bool,
    /// The kernel buffer in bytes (`-B`, given in MiB); libpcap's default (2 MiB) when `None`.
    pub buffer_bytes: Option<u32>,
    /// Deliver each packet as it arrives instead of in batches (lower latency, more wake-ups).
    pub immediate: bool,
    /// A capture filter in libpcap's syntax (`-f`), compiled by libpcap for each interface.
    pub filter: Option<String>,
    /// The link type to ask libpcap for instead of the interface's default (tcpdump asks for
    /// LINUX_SLL2 on Linux's `any`, where libpcap's default is LINUX_SLL).
    pub link_type: Option<u32>,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            snaplen: DEFAULT_SNAPLEN,
            promiscuous: true,
            buffer_bytes: None,
            immediate: false,
            filter: None,
            link_type: None,
        }
    }
}

/// What one interface counted, read from libpcap when the capture stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveStats {
    /// The interface's display name ("Loopback: lo").
    pub interface: String,
    /// Packets the kernel saw that passed the filter (`ps_recv`).
    pub received: u64,
    /// Packets the kernel dropped for lack of buffer space (`ps_drop`).
    pub dropped_by_os: u64,
    /// Packets the interface or its driver dropped (`ps_ifdrop`).
    pub dropped_by_interface: u64,
    /// Packets handed to the caller by [`LiveCapture::next_frame`].
    pub delivered: u64,
    pub started: Timestamp,
    pub ended: Timestamp,
}

impl LiveStats {
    /// Every packet lost before it reached us: kernel and interface drops.
    pub fn dropped(&self) -> u64 {
        self.dropped_by_os + self.dropped_by_interface
    }

    /// The counters as a pcapng Interface Statistics Block holds them.
    pub fn to_isb(&self) -> InterfaceStats {
        InterfaceStats {
            timestamp: self.ended,
            received: Some(self.received),
            dropped_by_interface: Some(self.dropped_by_interface),
            accepted_by_filter: None,
            dropped_by_os: Some(self.dropped_by_os),
            delivered_to_user: Some(self.delivered),
        }
    }
}

/// One packet of a [`Batch`]: its bytes are `data[start..start + len]`.
struct Meta {
    timestamp: Timestamp,
    original_len: u32,
    start: usize,
    len: usize,
}

/// Packets of one interface, in order of arrival, their bytes one after the other in `data`.
#[derive(Default)]
struct Batch {
    interface: u32,
    data: Vec<u8>,
    packets: Vec<Meta>,
}

impl Batch {
    fn push(&mut self, p: &pcap::Packet) {
        let start = self.data.len();
        self.data.extend_from_slice(p.data);
        self.packets.push(Meta {
            timestamp: Timestamp {
                secs: p.header.ts.tv_sec,
                // Nanoseconds: the handle was opened with nanosecond precision.
                nanos: (p.header.ts.tv_usec as u32).min(999_999_999),
            },
            original_len: p.header.len,
            start,
            len: p.data.len(),
        });
    }

    fn clear(&mut self) {
        self.data.clear();
        self.packets.clear();
    }
}

enum Message {
    Packets(Batch),
    Failed { interface: u32, detail: String },
}

/// A live capture on one or more interfaces.
///
/// Frames come in order of arrival across interfaces, numbered from 1; each frame's `interface_id` is the
/// position of its interface in the list given to [`LiveCapture::open`], and [`LiveCapture::interfaces`]
/// describes them as pcapng Interface Description Blocks would (nanosecond timestamps, snapshot length,
/// capture filter, OS). Dropping the capture stops its threads.
pub struct LiveCapture {
    interfaces: Vec<Interface>,
    names: Vec<String>,
    rx: Option<Receiver<Message>>,
    /// Where each interface's emptied batches go back to its thread, indexed by interface.
    recycle: Vec<Sender<Batch>>,
    threads: Vec<JoinHandle<Result<pcap::Stat, String>>>,
    /// Wake a thread blocked in libpcap: outside immediate mode on Linux, libpcap waits for a full
    /// block of packets without a timeout, so an idle interface would never let its thread see the
    /// stop flag.
    breakers: Vec<pcap::BreakLoop>,
    stop: Arc<AtomicBool>,
    peeked: Option<Message>,
    /// The batch frames are being taken from, and the index of the next one.
    current: Option<(Batch, usize)>,
    frames: u64,
    delivered: Vec<u64>,
    started: Timestamp,
    stopping: bool,
}

fn now() -> Timestamp {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp {
        secs: d.as_secs() as i64,
        nanos: d.subsec_nanos(),
    }
}

/// "Linux 6.1.0-17-amd64", as capture programs record the OS in pcapng.
fn os_name() -> Option<String> {
    let read = |p: &str| {
        std::fs::read_to_string(p)
            .ok()
            .map(|s| s.trim().to_string())
    };
    match (
        read("/proc/sys/kernel/ostype"),
        read("/proc/sys/kernel/osrelease"),
    ) {
        (Some(t), Some(r)) => Some(format!("{t} {r}")),
        (Some(t), None) => Some(t),
        _ => None,
    }
}

/// LINKTYPE_ value of a DLT_ value libpcap reports: equal except for the raw-IP DLTs whose number
/// differs between systems.
fn linktype_of(dlt: i32) -> LinkType {
    match dlt {
        12 | 14 => LinkType::RAW,
        n => LinkType(n as u32),
    }
}

fn open_one(
    info: &InterfaceInfo,
    options: &LiveOptions,
) -> Result<pcap::Capture<pcap::Active>, CaptureError> {
    let name = info.display_name();
    let open_err = |e: pcap::Error| {
        let detail = pcap_detail(&e);
        if is_permission_error(&detail) {
            CaptureError::PermissionDenied {
                interface: name.clone(),
                detail,
                program: std::env::current_exe()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| "wiresift".to_string()),
            }
        } else {
            CaptureError::Open {
                interface: name.clone(),
                detail,
            }
        }
    };
    let snaplen = if options.snaplen == 0 {
        DEFAULT_SNAPLEN
    } else {
        options.snaplen
    };
    let mut inactive = pcap::Capture::from_device(info.name.as_str())
        .map_err(open_err)?
        .snaplen(i32::try_from(snaplen).unwrap_or(i32::MAX))
        .promisc(options.promiscuous)
        .timeout(READ_TIMEOUT_MS)
        .immediate_mode(options.immediate)
        .precision(pcap::Precision::Nano);
    if let Some(b) = options.buffer_bytes {
        inactive = inactive.buffer_size(i32::try_from(b).unwrap_or(i32::MAX));
    }
    let mut cap = inactive.open().map_err(open_err)?;
    if let Some(lt) = options.link_type {
        // Before the filter: libpcap compiles it for the link type in force.
        cap.set_datalink(pcap::Linktype(lt as i32))
            .map_err(|e| CaptureError::Open {
                interface: name.clone(),
                detail: format!("link type {lt}: {}", pcap_detail(&e)),
            })?;
    }
    if let Some(f) = &options.filter {
        cap.filter(f, true).map_err(|e| CaptureError::BadFilter {
            filter: f.clone(),
            interface: info.name.clone(),
            detail: pcap_detail(&e),
        })?;
    }
    Ok(cap)
}

/// What a capture thread reads with: the channel to the consumer, and the batches coming back.
struct Feed {
    interface: u32,
    tx: SyncSender<Message>,
    recycle: Receiver<Batch>,
}

impl Feed {
    /// An empty batch: one that came back, or a new one.
    fn empty(&self) -> Batch {
        let mut b = self.recycle.try_recv().unwrap_or_default();
        b.clear();
        b.interface = self.interface;
        b
    }
}

/// Reads what libpcap has ready, at most [`BATCH_PACKETS`] packets, into `batch`. `Ok(false)`: a
/// pcap_breakloop ended the read (libpcap says only "an error", so a read that fails once the stop
/// flag is set is taken for the break).
fn read_batch(
    cap: &mut pcap::Capture<pcap::Active>,
    batch: &mut Batch,
    stop: &AtomicBool,
) -> Result<bool, String> {
    match cap.dispatch(Some(BATCH_PACKETS), |p| batch.push(&p)) {
        Ok(_) => Ok(true),
        Err(_) if stop.load(Ordering::Relaxed) => Ok(false),
        Err(e) => Err(pcap_detail(&e)),
    }
}

fn capture_thread(
    mut cap: pcap::Capture<pcap::Active>,
    feed: Feed,
    stop: Arc<AtomicBool>,
) -> Result<pcap::Stat, String> {
    let mut batch = feed.empty();
    while !stop.load(Ordering::Relaxed) {
        match read_batch(&mut cap, &mut batch, &stop) {
            Ok(true) => {
                if batch.packets.is_empty() {
                    continue;
                }
                let full = std::mem::replace(&mut batch, feed.empty());
                if feed.tx.send(Message::Packets(full)).is_err() {
                    return cap.stats().map_err(|e| pcap_detail(&e));
                }
            }
            // pcap_breakloop was called: the capture is stopping.
            Ok(false) => break,
            Err(detail) => {
                let _ = feed.tx.send(Message::Failed {
                    interface: feed.interface,
                    detail,
                });
                return cap.stats().map_err(|e| pcap_detail(&e));
            }
        }
    }
    // Packets that arrived before the stop may sit in a block of libpcap's ring that the kernel hands
    // over only when its timer (the read timeout) fires, and the kernel closes a block only at the
    // second tick it finds it active: wait two timeouts, then read what is there without blocking, for
    // a bounded time (traffic may go on).
    std::thread::sleep(Duration::from_millis(2 * READ_TIMEOUT_MS as u64 + 50));
    let mut cap = cap.setnonblock().map_err(|e| pcap_detail(&e))?;
    let until = Instant::now() + Duration::from_millis(250);
    let mut break_pending = true;
    while Instant::now() < until {
        match read_batch(&mut cap, &mut batch, &stop) {
            Ok(true) => {
                // Nothing more is ready (a non-blocking read).
                if batch.packets.is_empty() {
                    break;
                }
                let full = std::mem::replace(&mut batch, feed.empty());
                if feed.tx.send(Message::Packets(full)).is_err() {
                    break;
                }
            }
            // When the loop above ended on the stop flag, the pcap_breakloop that followed it is still
            // pending and libpcap reports it at the next read, once; the packets left in the current
            // block come after it (a prompt stop lost the last packet of a ping without this).
            Ok(false) if break_pending => break_pending = false,
            Ok(false) | Err(_) => break,
        }
    }
    cap.stats().map_err(|e| pcap_detail(&e))
}

impl LiveCapture {
    /// Opens every interface of `list` with `options` (all are opened, and the filter compiled for each,
    /// before any thread starts, so a bad filter or a missing permission is reported before capturing),
    /// then starts capturing. Setting `stop` (from a signal handler, say) ends the capture: frames already
    /// captured are still delivered, then [`LiveCapture::next_frame`] returns `None`.
    pub fn open(
        list: &[InterfaceInfo],
        options: &LiveOptions,
        stop: Arc<AtomicBool>,
    ) -> Result<LiveCapture, CaptureError> {
        let os = os_name();
        let mut caps = Vec::with_capacity(list.len());
        let mut interfaces = Vec::with_capacity(list.len());
        for info in list {
            let cap = open_one(info, options)?;
            let mut iface = Interface::new(linktype_of(cap.get_datalink().0));
            iface.snaplen = if options.snaplen == 0 {
                DEFAULT_SNAPLEN
            } else {
                options.snaplen
            };
            iface.name = Some(info.name.clone());
            iface.filter = options.filter.clone();
            iface.os = os.clone();
            iface.ts_units_per_sec = 1_000_000_000;
            iface.tsresol_option = Some(9);
            interfaces.push(iface);
            caps.push(cap);
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(QUEUE_BATCHES);
        let started = now();
        let mut threads = Vec::with_capacity(caps.len());
        let mut breakers = Vec::with_capacity(caps.len());
        let mut recycle = Vec::with_capacity(caps.len());
        for (i, mut cap) in caps.into_iter().enumerate() {
            breakers.push(cap.breakloop_handle());
            let (back, recycled) = std::sync::mpsc::channel();
            recycle.push(back);
            let feed = Feed {
                interface: i as u32,
                tx: tx.clone(),
                recycle: recycled,
            };
            let stop = Arc::clone(&stop);
            let handle = std::thread::Builder::new()
                .name(format!("capture {}", list[i].name))
                .spawn(move || capture_thread(cap, feed, stop))
                .map_err(|e| CaptureError::Io {
                    context: "starting a capture thread".into(),
                    source: e,
                })?;
            threads.push(handle);
        }
        Ok(LiveCapture {
            names: list.iter().map(InterfaceInfo::display_name).collect(),
            delivered: vec![0; interfaces.len()],
            interfaces,
            rx: Some(rx),
            recycle,
            threads,
            breakers,
            stop,
            peeked: None,
            current: None,
            frames: 0,
            started,
            stopping: false,
        })
    }

    /// The interfaces captured on, indexed by `interface_id`.
    pub fn interfaces(&self) -> &[Interface] {
        &self.interfaces
    }

    /// Their names as tshark shows them ("Loopback: lo"), indexed by `interface_id`.
    pub fn display_names(&self) -> &[String] {
        &self.names
    }

    /// Frames delivered so far.
    pub fn frames_read(&self) -> u64 {
        self.frames
    }

    /// Whether a frame is waiting, so that [`LiveCapture::next_frame`] would return at once: a consumer
    /// flushes its output when it is about to wait.
    pub fn has_queued(&mut self) -> bool {
        if self.peeked.is_some()
            || self
                .current
                .as_ref()
                .is_some_and(|(b, next)| *next < b.packets.len())
        {
            return true;
        }
        let Some(rx) = &self.rx else { return false };
        match rx.try_recv() {
            Ok(m) => {
                self.peeked = Some(m);
                true
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => false,
        }
    }

    /// Waits until a frame is ready, or the capture is stopping or has ended (`true`: call
    /// [`LiveCapture::next_frame`], which will not wait for long), or until `until` has passed with
    /// nothing to deliver (`false`): for work due while the interfaces are idle, such as closing a ring
    /// file by duration. `deadline` is the one [`LiveCapture::next_frame`] is given.
    pub fn wait(&mut self, until: Instant, deadline: Option<Instant>) -> bool {
        loop {
            if self.has_queued()
                || self.rx.is_none()
                || self.stopping
                || self.stop.load(Ordering::Relaxed)
            {
                return true;
            }
            let now = Instant::now();
            if deadline.is_some_and(|d| now >= d) {
                return true;
            }
            if now >= until {
                return false;
            }
            let mut wait = (until - now).min(Duration::from_millis(READ_TIMEOUT_MS as u64));
            if let Some(d) = deadline {
                wait = wait.min(d - now);
            }
            let Some(rx) = &self.rx else { return true };
            match rx.recv_timeout(wait) {
                Ok(m) => {
                    self.peeked = Some(m);
                    return true;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    self.rx = None;
                    return true;
                }
            }
        }
    }

    /// Asks the capture threads to stop; frames they already captured are still delivered.
    pub fn request_stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if !self.stopping {
            for b in &self.breakers {
                b.breakloop();
            }
        }
        self.stopping = true;
    }

    /// One message from the capture threads, waiting at most a read timeout (or until `deadline`);
    /// `None` when none came, and then `rx` is `None` if every thread has ended. Sets the stop going
    /// when the stop flag was raised or the deadline passed.
    fn receive(&mut self, deadline: Option<Instant>) -> Option<Message> {
        if !self.stopping
            && (self.stop.load(Ordering::Relaxed) || deadline.is_some_and(|d| Instant::now() >= d))
        {
            self.request_stop();
        }
        let mut wait = Duration::from_millis(READ_TIMEOUT_MS as u64);
        if let Some(d) = deadline
            && !self.stopping
        {
            wait = wait.min(d.saturating_duration_since(Instant::now()));
        }
        match self.rx.as_ref()?.recv_timeout(wait) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                self.rx = None;
                None
            }
        }
    }

    /// The next frame, waiting for one. `None` once the capture has stopped (the stop flag was set, or
    /// `deadline` passed, or every interface ended) and every frame captured before was delivered. The
    /// frame borrows the capture until the next call.
    pub fn next_frame(
        &mut self,
        deadline: Option<Instant>,
    ) -> Result<Option<Frame<'_>>, CaptureError> {
        let exhausted = self
            .current
            .as_ref()
            .is_none_or(|(b, next)| *next >= b.packets.len());
        if exhausted {
            if let Some((b, _)) = self.current.take() {
                // Back to its thread to be filled again; a thread that has ended no longer wants it.
                let _ = self.recycle[b.interface as usize].send(b);
            }
            let batch = loop {
                let message = match self.peeked.take() {
                    Some(m) => m,
                    None => match self.receive(deadline) {
                        Some(m) => m,
                        None if self.rx.is_none() => return Ok(None),
                        None => continue,
                    },
                };
                match message {
                    Message::Packets(b) if b.packets.is_empty() => {
                        let _ = self.recycle[b.interface as usize].send(b);
                    }
                    Message::Packets(b) => break b,
                    Message::Failed { interface, detail } => {
                        return Err(CaptureError::Read {
                            interface: self.names[interface as usize].clone(),
                            detail,
                        });
                    }
                }
            };
            self.current = Some((batch, 0));
        } else if !self.stopping && deadline.is_some_and(|d| Instant::now() >= d) {
            // A deadline stops the capture even while batches keep coming; what was captured is
            // still delivered.
            self.request_stop();
        }
        let Some((batch, next)) = self.current.as_mut() else {
            return Ok(None);
        };
        let Some(meta) = batch.packets.get(*next) else {
            return Ok(None);
        };
        *next += 1;
        self.frames += 1;
        let interface = batch.interface as usize;
        self.delivered[interface] += 1;
        Ok(Some(Frame {
            number: self.frames,
            timestamp: meta.timestamp,
            has_timestamp: true,
            interface_id: batch.interface,
            interface: &self.interfaces[interface],
            link_type: self.interfaces[interface].link_type,
            data: &batch.data[meta.start..meta.start + meta.len],
            original_len: meta.original_len,
            file_offset: 0,
            comments: Vec::<Cow<str>>::new(),
            flags: None,
        }))
    }

    /// Stops the capture (frames not yet delivered are discarded) and returns each interface's counters,
    /// indexed by `interface_id`.
    pub fn finish(mut self) -> Result<Vec<LiveStats>, CaptureError> {
        self.stop_threads()
    }

    fn stop_threads(&mut self) -> Result<Vec<LiveStats>, CaptureError> {
        self.request_stop();
        // Dropping the receiver wakes a thread waiting on a full queue.
        self.rx = None;
        self.peeked = None;
        self.current = None;
        let ended = now();
        let mut stats = Vec::with_capacity(self.threads.len());
        let mut first_error = None;
        for (i, handle) in self.threads.drain(..).enumerate() {
            let result = handle
                .join()
                .unwrap_or_else(|_| Err("the capture thread failed".to_string()));
            match result {
                Ok(s) => stats.push(LiveStats {
                    interface: self.names[i].clone(),
                    received: s.received as u64,
                    dropped_by_os: s.dropped as u64,
                    dropped_by_interface: s.if_dropped as u64,
                    delivered: self.delivered[i],
                    started: self.started,
                    ended,
                }),
                Err(detail) => {
                    first_error.get_or_insert(CaptureError::Read {
                        interface: self.names[i].clone(),
                        detail,
                    });
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(stats),
        }
    }
}

impl Drop for LiveCapture {
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            let _ = self.stop_threads();
        }
    }
}
