//! [`RingWriter`]: the `-w` file of a live capture, or a ring of files (`-b`) named as tshark names them.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use capfile::{CaptureWriter, Frame, Interface, OutputFormat, Section};

use crate::{CaptureError, LiveStats};

/// When to start the next file of a ring buffer (`-b`), and how many to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RingOptions {
    /// `-b filesize:KB`: a file that reached this many kilobytes (1000 bytes) is closed.
    pub filesize_kb: Option<u64>,
    /// `-b duration:S`: a file is closed this long after it was opened, with or without packets (as
    /// dumpcap does: an idle interface leaves a file of headers every S seconds), when the capture
    /// calls [`RingWriter::rotate_if_due`] or at the next packet.
    pub duration: Option<Duration>,
    /// `-b packets:N`: a file holds at most N packets.
    pub packets: Option<u64>,
    /// `-b files:N`: only the newest N files are kept; older ones are removed.
    pub files: Option<usize>,
}

impl RingOptions {
    /// Whether any condition starts a new file (`files` alone does not).
    pub fn rotates(&self) -> bool {
        self.filesize_kb.is_some() || self.duration.is_some() || self.packets.is_some()
    }
}

/// Writes the frames of a live capture to one file, or to a ring of files when given [`RingOptions`]
/// that rotate.
///
/// Every file starts with a Section Header Block and the Interface Description Blocks of all interfaces
/// (pcapng), so that each stands alone. Ring files are named `STEM_NNNNN_YYYYmmddHHMMSS.EXT` from the
/// `-w` name, the number counting from 00001 and the time (local) the file was opened, as tshark names
/// them. Each file is written under a temporary name and appears under its own when it is complete.
pub struct RingWriter {
    base: PathBuf,
    format: OutputFormat,
    section: Section,
    interfaces: Vec<Interface>,
    ring: Option<RingOptions>,
    current: Option<CaptureWriter>,
    current_path: PathBuf,
    opened: Instant,
    frames_in_file: u64,
    file_number: u32,
    kept: VecDeque<PathBuf>,
}

impl RingWriter {
    /// Opens the first file. `ring` is `None` (or does not rotate) for a single file at `path`.
    pub fn create(
        path: &Path,
        format: OutputFormat,
        section: Section,
        interfaces: &[Interface],
        ring: Option<RingOptions>,
    ) -> Result<RingWriter, CaptureError> {
        let ring = ring.filter(RingOptions::rotates);
        let mut w = RingWriter {
            base: path.to_path_buf(),
            format,
            section,
            interfaces: interfaces.to_vec(),
            ring,
            current: None,
            current_path: PathBuf::new(),
            opened: Instant::now(),
            frames_in_file: 0,
            file_number: 0,
            kept: VecDeque::new(),
        };
        w.open_next()?;
        Ok(w)
    }

    /// The name of ring file `number` opened at local time `stamp` (`YYYYmmddHHMMSS`).
    pub fn ring_file_name(base: &Path, number: u32, stamp: &str) -> PathBuf {
        let file = base
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (stem, ext) = match file.rfind('.') {
            Some(dot) if dot > 0 => (&file[..dot], &file[dot..]),
            _ => (file.as_str(), ""),
        };
        base.with_file_name(format!("{stem}_{number:05}_{stamp}{ext}"))
    }

    fn open_next(&mut self) -> Result<(), CaptureError> {
        self.file_number += 1;
        let path = if self.ring.is_some() {
            let stamp = chrono::Local::now().format("%Y%m%d%H%M%S").to_string();
            Self::ring_file_name(&self.base, self.file_number, &stamp)
        } else {
            self.base.clone()
        };
        let mut w = CaptureWriter::create(&path, self.format, Some(&self.section))?;
        w.write_interfaces(&self.interfaces)?;
        if let Some(first) = self.interfaces.first() {
            w.set_default_interface(first);
        }
        self.current = Some(w);
        self.current_path = path;
        self.opened = Instant::now();
        self.frames_in_file = 0;
        Ok(())
    }

    fn close_current(&mut self) -> Result<(), CaptureError> {
        if let Some(w) = self.current.take() {
            w.finish()?;
            self.kept.push_back(self.current_path.clone());
            let keep = self
                .ring
                .as_ref()
                .and_then(|r| r.files)
                .unwrap_or(usize::MAX);
            while self.kept.len() > keep.max(1) {
                if let Some(old) = self.kept.pop_front() {
                    std::fs::remove_file(&old).map_err(|e| CaptureError::Io {
                        context: format!("removing the old ring-buffer file {}", old.display()),
                        source: e,
                    })?;
                }
            }
        }
        Ok(())
    }

    /// When the current file's `-b duration` ends, if one was given: the caller waiting for packets
    /// calls [`RingWriter::rotate_if_due`] then.
    pub fn next_rotation(&self) -> Option<Instant> {
        self.ring.as_ref()?.duration.map(|d| self.opened + d)
    }

    /// Moves to the next file if the current one's `-b duration` has ended, packets or not.
    pub fn rotate_if_due(&mut self) -> Result<(), CaptureError> {
        if self.next_rotation().is_some_and(|at| Instant::now() >= at) {
            self.close_current()?;
            self.open_next()?;
        }
        Ok(())
    }

    /// Appends a frame, first moving to the next file if the current one is full or old enough.
    pub fn write_frame(&mut self, frame: &Frame) -> Result<(), CaptureError> {
        self.rotate_if_due()?;
        if let Some(r) = &self.ring {
            // Only a file that holds packets is full: a size limit below the headers' size would
            // otherwise open a new file before every packet.
            let full = r
                .filesize_kb
                .is_some_and(|kb| self.bytes_written() >= kb * 1000)
                || r.packets.is_some_and(|n| self.frames_in_file >= n);
            if full && self.frames_in_file > 0 {
                self.close_current()?;
                self.open_next()?;
            }
        }
        if let Some(w) = self.current.as_mut() {
            w.write_frame(frame, frame.interface)?;
            self.frames_in_file += 1;
        }
        Ok(())
    }

    /// Bytes in the current file so far.
    pub fn bytes_written(&self) -> u64 {
        self.current
            .as_ref()
            .map_or(0, CaptureWriter::bytes_written)
    }

    /// Files opened so far (1 without a ring).
    pub fn files_opened(&self) -> u32 {
        self.file_number
    }

    /// The file being written.
    pub fn current_path(&self) -> &Path {
        &self.current_path
    }

    /// Writes each interface's counters as an Interface Statistics Block (pcapng) into the last file,
    /// completes it, and returns the files left on disk, oldest first.
    pub fn finish(mut self, stats: &[LiveStats]) -> Result<Vec<PathBuf>, CaptureError> {
        if let Some(w) = self.current.as_mut() {
            for (id, s) in stats.iter().enumerate() {
                if let Some(iface) = self.interfaces.get(id) {
                    w.write_interface_statistics(
                        id as u32,
                        iface,
                        &s.to_isb(),
                        Some(s.started),
                        Some("Counters provided by wiresift"),
                    )?;
                }
            }
        }
        self.close_current()?;
        Ok(self.kept.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use capfile::{CaptureReader, LinkType, Timestamp};

    #[test]
    fn ring_names_follow_tshark() {
        let p = RingWriter::ring_file_name(Path::new("/tmp/out.pcapng"), 3, "20261202161955");
        assert_eq!(p, Path::new("/tmp/out_00003_20261202161955.pcapng"));
        let p = RingWriter::ring_file_name(Path::new("cap"), 12, "20260101000000");
        assert_eq!(p, Path::new("cap_00012_20260101000000"));
    }

    fn frame<'a>(iface: &'a Interface, data: &'a [u8], n: u64) -> Frame<'a> {
        Frame {
            number: n,
            timestamp: Timestamp {
                secs: 1_700_000_000 + n as i64,
                nanos: 123_456_789,
            },
            has_timestamp: true,
            interface_id: 0,
            interface: iface,
            link_type: iface.link_type,
            data,
            original_len: data.len() as u32,
            file_offset: 0,
            comments: Vec::new(),
            flags: None,
        }
    }

    #[test]
    fn duration_closes_a_file_without_packets() {
        let dir = tempfile::tempdir().unwrap();
        let iface = Interface::new(LinkType::ETHERNET);
        let ring = RingOptions {
            duration: Some(Duration::from_millis(300)),
            ..RingOptions::default()
        };
        let mut w = RingWriter::create(
            &dir.path().join("d.pcapng"),
            OutputFormat::Pcapng,
            Section::default(),
            std::slice::from_ref(&iface),
            Some(ring),
        )
        .unwrap();
        let first_due = w.next_rotation().expect("a duration");
        w.rotate_if_due().unwrap();
        assert_eq!(w.files_opened(), 1, "not due yet");
        std::thread::sleep(first_due.saturating_duration_since(Instant::now()));
        w.rotate_if_due().unwrap();
        assert_eq!(w.files_opened(), 2);
        assert!(w.next_rotation().unwrap() >= first_due + Duration::from_millis(300));
        let files = w.finish(&[]).unwrap();
        assert_eq!(files.len(), 2);
        for f in &files {
            let mut r = CaptureReader::open(f).unwrap();
            assert!(r.next_frame().unwrap().is_none());
        }
    }

    #[test]
    fn rotates_by_packets_and_keeps_the_newest_files_with_statistics_in_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let mut iface = Interface::new(LinkType::ETHERNET);
        iface.name = Some("veth0".into());
        iface.ts_units_per_sec = 1_000_000_000;
        iface.tsresol_option = Some(9);
        let ring = RingOptions {
            packets: Some(3),
            files: Some(2),
            ..RingOptions::default()
        };
        let mut w = RingWriter::create(
            &dir.path().join("r.pcapng"),
            OutputFormat::Pcapng,
            Section::default(),
            std::slice::from_ref(&iface),
            Some(ring),
        )
        .unwrap();
        let data = [0u8; 60];
        for n in 1..=10 {
            w.write_frame(&frame(&iface, &data, n)).unwrap();
        }
        let stats = LiveStats {
            interface: "veth0".into(),
            received: 12,
            dropped_by_os: 2,
            dropped_by_interface: 0,
            delivered: 10,
            started: Timestamp {
                secs: 1_700_000_000,
                nanos: 0,
            },
            ended: Timestamp {
                secs: 1_700_000_011,
                nanos: 0,
            },
        };
        let files = w.finish(std::slice::from_ref(&stats)).unwrap();
        // 10 packets at 3 a file: four files, the two newest kept.
        assert_eq!(files.len(), 2);
        let names: Vec<String> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(
            names[0].starts_with("r_00003_") && names[0].ends_with(".pcapng"),
            "{names:?}"
        );
        assert!(names[1].starts_with("r_00004_"), "{names:?}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        let mut counts = Vec::new();
        for f in &files {
            let mut r = CaptureReader::open(f).unwrap();
            let mut n = 0;
            while let Some(fr) = r.next_frame().unwrap() {
                assert_eq!(fr.interface.name.as_deref(), Some("veth0"));
                n += 1;
            }
            counts.push(n);
            if f == files.last().unwrap() {
                let st = r.interfaces()[0]
                    .stats
                    .clone()
                    .expect("an ISB in the last file");
                assert_eq!(st.received, Some(12));
                assert_eq!(st.dropped_by_os, Some(2));
                assert_eq!(st.delivered_to_user, Some(10));
                assert_eq!(st.timestamp, stats.ended);
            } else {
                assert!(r.interfaces()[0].stats.is_none());
            }
        }
        assert_eq!(counts, vec![3, 1]);
    }
}
