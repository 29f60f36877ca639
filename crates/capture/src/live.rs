//! [`LiveCapture`]: one thread per interface reads libpcap and feeds one bounded channel; the caller
//! takes frames from it one at a time, as from a file.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use capfile::{Frame, Interface, InterfaceStats, LinkType, Timestamp};

use crate::error::{is_permission_error, pcap_detail};
use crate::{CaptureError, InterfaceInfo};

/// tshark's and tcpdump's default snapshot length: whole packets.
pub const DEFAULT_SNAPLEN: u32 = 262_144;

/// Frames held between the capture threads and the consumer. Past this the threads wait and libpcap's
/// kernel buffer (`-B`) absorbs bursts, then drops, and the drop is counted by the kernel: memory stays
/// bounded (at most this many frames of at most the snapshot length) and every loss is reported.
const QUEUE_FRAMES: usize = 4096;

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
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            snaplen: DEFAULT_SNAPLEN,
            promiscuous: true,
            buffer_bytes: None,
            immediate: false,
            filter: None,
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

struct Captured {
    interface: u32,
    timestamp: Timestamp,
    original_len: u32,
    data: Vec<u8>,
}

enum Message {
    Packet(Captured),
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
    threads: Vec<JoinHandle<Result<pcap::Stat, String>>>,
    /// Wake a thread blocked in libpcap: outside immediate mode on Linux, libpcap waits for a full
    /// block of packets without a timeout, so an idle interface would never let its thread see the
    /// stop flag.
    breakers: Vec<pcap::BreakLoop>,
    stop: Arc<AtomicBool>,
    peeked: Option<Message>,
    current: Option<Captured>,
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
    if let Some(f) = &options.filter {
        cap.filter(f, true).map_err(|e| CaptureError::BadFilter {
            filter: f.clone(),
            interface: info.name.clone(),
            detail: pcap_detail(&e),
        })?;
    }
    Ok(cap)
}

fn captured(p: &pcap::Packet, interface: u32) -> Message {
    Message::Packet(Captured {
        interface,
        timestamp: Timestamp {
            secs: p.header.ts.tv_sec,
            // Nanoseconds: the handle was opened with nanosecond precision.
            nanos: (p.header.ts.tv_usec as u32).min(999_999_999),
        },
        original_len: p.header.len,
        data: p.data.to_vec(),
    })
}

fn capture_thread(
    mut cap: pcap::Capture<pcap::Active>,
    interface: u32,
    tx: SyncSender<Message>,
    stop: Arc<AtomicBool>,
) -> Result<pcap::Stat, String> {
    while !stop.load(Ordering::Relaxed) {
        match cap.next_packet() {
            Ok(p) => {
                if tx.send(captured(&p, interface)).is_err() {
                    return cap.stats().map_err(|e| pcap_detail(&e));
                }
            }
            Err(pcap::Error::TimeoutExpired) => {}
            // pcap_breakloop was called: the capture is stopping.
            Err(pcap::Error::NoMorePackets) => break,
            Err(e) => {
                let _ = tx.send(Message::Failed {
                    interface,
                    detail: pcap_detail(&e),
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
        match cap.next_packet() {
            Ok(p) => {
                if tx.send(captured(&p, interface)).is_err() {
                    break;
                }
            }
            // When the loop above ended on the stop flag, the pcap_breakloop that followed it is still
            // pending and libpcap reports it at the next read, once; the packets left in the current
            // block come after it (a prompt stop lost the last packet of a ping without this).
            Err(pcap::Error::NoMorePackets) if break_pending => break_pending = false,
            // Nothing more is ready (a non-blocking read), or the capture failed.
            Err(_) => break,
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
        let (tx, rx) = std::sync::mpsc::sync_channel(QUEUE_FRAMES);
        let started = now();
        let mut threads = Vec::with_capacity(caps.len());
        let mut breakers = Vec::with_capacity(caps.len());
        for (i, mut cap) in caps.into_iter().enumerate() {
            breakers.push(cap.breakloop_handle());
            let tx = tx.clone();
            let stop = Arc::clone(&stop);
            let handle = std::thread::Builder::new()
                .name(format!("capture {}", list[i].name))
                .spawn(move || capture_thread(cap, i as u32, tx, stop))
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
        if self.peeked.is_some() {
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

    /// The next frame, waiting for one. `None` once the capture has stopped (the stop flag was set, or
    /// `deadline` passed, or every interface ended) and every frame captured before was delivered. The
    /// frame borrows the capture until the next call.
    pub fn next_frame(
        &mut self,
        deadline: Option<Instant>,
    ) -> Result<Option<Frame<'_>>, CaptureError> {
        let message = loop {
            if let Some(m) = self.peeked.take() {
                break m;
            }
            if self.rx.is_none() {
                return Ok(None);
            }
            if !self.stopping
                && (self.stop.load(Ordering::Relaxed)
                    || deadline.is_some_and(|d| Instant::now() >= d))
            {
                self.request_stop();
            }
            let mut wait = Duration::from_millis(READ_TIMEOUT_MS as u64);
            if let Some(d) = deadline
                && !self.stopping
            {
                wait = wait.min(d.saturating_duration_since(Instant::now()));
            }
            let Some(rx) = &self.rx else { return Ok(None) };
            match rx.recv_timeout(wait) {
                Ok(m) => break m,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
            }
        };
        match message {
            Message::Packet(c) => {
                self.frames += 1;
                self.delivered[c.interface as usize] += 1;
                let c = self.current.insert(c);
                Ok(Some(Frame {
                    number: self.frames,
                    timestamp: c.timestamp,
                    has_timestamp: true,
                    interface_id: c.interface,
                    interface: &self.interfaces[c.interface as usize],
                    link_type: self.interfaces[c.interface as usize].link_type,
                    data: &c.data,
                    original_len: c.original_len,
                    file_offset: 0,
                    comments: Vec::<Cow<str>>::new(),
                    flags: None,
                }))
            }
            Message::Failed { interface, detail } => Err(CaptureError::Read {
                interface: self.names[interface as usize].clone(),
                detail,
            }),
        }
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
