//! The default one-line-per-packet listing: No., Time, Source, Destination, Protocol, Length, Info.

use std::fmt::Write as _;

use fields::PacketTree;
use fields::format::{push_decimal, push_decimal_zero_padded};

/// `-t` time formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeFormat {
    /// Seconds since the first frame (`r`, the default).
    #[default]
    Relative,
    /// Seconds since the previous captured frame (`d`).
    Delta,
    /// Seconds since the previous displayed frame (`dd`).
    DeltaDisplayed,
    /// Seconds since the epoch (`e`).
    Epoch,
    /// UTC date and time (`ud`) and UTC time of day (`u`).
    UtcDate,
    Utc,
}

/// Per-frame values the summary needs besides the tree.
#[derive(Debug, Clone, Copy)]
pub struct SummaryOptions {
    pub time_format: TimeFormat,
    /// Digits after the decimal point: the capture's timestamp precision (6 for µs, 9 for ns).
    pub precision: usize,
}

/// Times for one frame, in nanoseconds.
#[derive(Debug, Clone, Copy)]
pub struct FrameTimes {
    pub number: u64,
    pub epoch_secs: i64,
    pub epoch_nanos: u32,
    pub relative_ns: i64,
    pub delta_ns: i64,
    pub delta_displayed_ns: i64,
    pub cap_len: usize,
    pub wire_len: u32,
}

/// Appends tshark's summary line for a frame: `    1   0.000000 10.0.0.1 → 10.0.0.2 TCP 66 Info`.
pub fn write_summary(
    out: &mut String,
    tree: &PacketTree,
    times: &FrameTimes,
    opts: &SummaryOptions,
) {
    // Written piece by piece rather than with `write!`: this runs for every frame of a listing, and the
    // formatting machinery (and a temporary string for the time) cost more than the dissection.
    let start = out.len();
    push_decimal(out, times.number);
    right_align(out, start, 5);
    out.push(' ');
    let p = opts.precision.min(9);
    let start = out.len();
    match opts.time_format {
        TimeFormat::Relative => seconds(out, times.relative_ns, p),
        TimeFormat::Delta => seconds(out, times.delta_ns, p),
        TimeFormat::DeltaDisplayed => seconds(out, times.delta_displayed_ns, p),
        TimeFormat::Epoch => seconds(
            out,
            times.epoch_secs as i128 as i64 * 1_000_000_000 + times.epoch_nanos as i64,
            p,
        ),
        TimeFormat::UtcDate | TimeFormat::Utc => {
            let days = times.epoch_secs.div_euclid(86_400);
            let rem = times.epoch_secs.rem_euclid(86_400);
            if opts.time_format == TimeFormat::UtcDate {
                let (y, m, d) = fields::format::civil_from_days(days);
                let _ = write!(out, "{y:04}-{m:02}-{d:02} ");
            }
            let _ = write!(
                out,
                "{:02}:{:02}:{:02}",
                rem / 3600,
                rem / 60 % 60,
                rem % 60
            );
            if p > 0 {
                let frac = times.epoch_nanos / 10u32.pow(9 - p as u32);
                let _ = write!(out, ".{frac:0p$}");
            }
        }
    }
    right_align(out, start, 10);
    out.push(' ');
    if !tree.src_column.is_empty() || !tree.dst_column.is_empty() {
        out.push_str(&tree.src_column);
        out.push_str(" → ");
        out.push_str(&tree.dst_column);
        out.push(' ');
    } else {
        out.push_str("  →   ");
    }
    out.push_str(&tree.protocol_column);
    out.push(' ');
    push_decimal(out, times.wire_len as u64);
    out.push(' ');
    out.push_str(&tree.info);
    out.push('\n');
}

/// Pads what was written to `out` since `start` with spaces on the left to `width` characters (`{:>width}`
/// for ASCII text).
fn right_align(out: &mut String, start: usize, width: usize) {
    const SPACES: &str = "                    ";
    let len = out.len() - start;
    if len < width {
        out.insert_str(start, &SPACES[..(width - len).min(SPACES.len())]);
    }
}

fn seconds(out: &mut String, ns: i64, precision: usize) {
    if ns < 0 {
        out.push('-');
    }
    let abs = ns.unsigned_abs();
    push_decimal(out, abs / 1_000_000_000);
    if precision > 0 {
        let frac = (abs % 1_000_000_000) / 10u64.pow(9 - precision as u32);
        out.push('.');
        push_decimal_zero_padded(out, frac, precision);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(times: &FrameTimes, time_format: TimeFormat, precision: usize) -> String {
        let registry = fields::Registry::new(&[]).expect("an empty registry");
        let mut tree = PacketTree::new(fields::Interest::nothing(&registry));
        tree.protocol_column.push_str("ICMPv6");
        tree.info.push_str("Multicast Listener Report Message v2");
        let mut out = String::new();
        let opts = SummaryOptions {
            time_format,
            precision,
        };
        write_summary(&mut out, &tree, times, &opts);
        out
    }

    // Frames of tests/data/boot-and-browse.pcapng (nanosecond timestamps) and of a microsecond pcap; the
    // expected prefixes and suffixes are what `tshark -n -r FILE -t FORMAT` prints for them (TZ=UTC).
    #[test]
    fn number_and_time_columns_as_tshark() {
        let frame2 = FrameTimes {
            number: 2,
            epoch_secs: 1_795_383_528,
            epoch_nanos: 953_326_120,
            relative_ns: 429_346,
            delta_ns: 429_346,
            delta_displayed_ns: 429_346,
            cap_len: 110,
            wire_len: 110,
        };
        let cases = [
            (TimeFormat::Relative, "    2 0.000429346 "),
            (TimeFormat::Delta, "    2 0.000429346 "),
            (TimeFormat::Epoch, "    2 1795383528.953326120 "),
            (TimeFormat::UtcDate, "    2 2026-11-22 21:38:48.953326120 "),
            (TimeFormat::Utc, "    2 21:38:48.953326120 "),
        ];
        for (format, prefix) in cases {
            let l = line(&frame2, format, 9);
            assert!(l.starts_with(prefix), "{format:?}: {l:?}");
            assert!(
                l.ends_with(" ICMPv6 110 Multicast Listener Report Message v2\n"),
                "{l:?}"
            );
        }
        // Microseconds: the time is right-aligned in ten characters.
        let frame1 = FrameTimes {
            number: 1,
            relative_ns: 0,
            ..frame2
        };
        assert!(line(&frame1, TimeFormat::Relative, 6).starts_with("    1   0.000000 "));
        // Frames 123456 and 80872 of bench/make-big-capture.sh's capture (a frame stamped 5 µs before
        // the one captured before it, as tcpdump on a veth records some).
        let big = FrameTimes {
            number: 123_456,
            relative_ns: 6_078_848_000,
            ..frame2
        };
        assert!(line(&big, TimeFormat::Relative, 6).starts_with("123456   6.078848 "));
        let back = FrameTimes {
            number: 80_872,
            delta_ns: -5_000,
            ..frame2
        };
        assert!(line(&back, TimeFormat::Delta, 6).starts_with("80872  -0.000005 "));
    }
}
