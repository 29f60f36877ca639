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
    /// UTC year, day of the year and time (`udoy`: `2010/197 03:39:32.730147`).
    UtcDoy,
    /// Local date and time (`ad`), time of day (`a`), and year/day-of-year form (`adoy`), in the
    /// machine's time zone as tshark shows them.
    AbsoluteDate,
    Absolute,
    AbsoluteDoy,
}

/// Per-frame values the summary needs besides the tree.
#[derive(Debug, Clone, Copy)]
pub struct SummaryOptions {
    pub time_format: TimeFormat,
    /// Digits after the decimal point: the capture's timestamp precision (6 for µs, 9 for ns).
    pub precision: usize,
}

/// Times for one frame, in nanoseconds. The differences are 128-bit because capture files can hold
/// timestamps whose nanoseconds do not fit 64 bits (pcapng's are 64-bit counts of any unit).
#[derive(Debug, Clone, Copy)]
pub struct FrameTimes {
    pub number: u64,
    pub epoch_secs: i64,
    pub epoch_nanos: u32,
    pub relative_ns: i128,
    pub delta_ns: i128,
    pub delta_displayed_ns: i128,
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
    pad(out, decimal_digits(times.number), 5);
    push_decimal(out, times.number);
    out.push(' ');
    let p = opts.precision.min(9);
    let seconds_ns = match opts.time_format {
        TimeFormat::Relative => Some(times.relative_ns),
        TimeFormat::Delta => Some(times.delta_ns),
        TimeFormat::DeltaDisplayed => Some(times.delta_displayed_ns),
        TimeFormat::Epoch => {
            Some(times.epoch_secs as i128 * 1_000_000_000 + times.epoch_nanos as i128)
        }
        _ => None,
    };
    match seconds_ns {
        // The width is known before writing, so the padding goes first (no insertion).
        Some(ns) => {
            let whole = ns.unsigned_abs() / 1_000_000_000;
            let width = usize::from(ns < 0)
                + u64::try_from(whole).map_or(20, decimal_digits)
                + if p > 0 { p + 1 } else { 0 };
            pad(out, width, 10);
            seconds(out, ns, p);
        }
        None => {
            let start = out.len();
            wall_clock(out, opts.time_format, times, p);
            right_align(out, start, 10);
        }
    }
    // tshark pads the number to 5, the time to 10 and the addresses to 12 characters (the source
    // right-aligned, the destination left-aligned); longer values push the rest of the line along.
    out.push(' ');
    pad(out, text_width(&tree.src_column), 12);
    out.push_str(&tree.src_column);
    out.push_str(" → ");
    out.push_str(&tree.dst_column);
    pad(out, text_width(&tree.dst_column), 12);
    out.push(' ');
    out.push_str(&tree.protocol_column);
    out.push(' ');
    push_decimal(out, times.wire_len as u64);
    out.push(' ');
    out.push_str(&tree.info);
    out.push('\n');
}

/// Appends the spaces that pad a value `len` characters wide to `width`.
fn pad(out: &mut String, len: usize, width: usize) {
    const SPACES: &str = "                    ";
    if len < width {
        out.push_str(&SPACES[..(width - len).min(SPACES.len())]);
    }
}

/// Characters in `s` (its length when ASCII, as addresses are).
fn text_width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Decimal digits of `v`.
fn decimal_digits(v: u64) -> usize {
    v.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// Pads what was written to `out` since `start` with spaces on the left to `width` characters.
fn right_align(out: &mut String, start: usize, width: usize) {
    const SPACES: &str = "                    ";
    let len = out[start..].chars().count();
    if len < width {
        out.insert_str(start, &SPACES[..(width - len).min(SPACES.len())]);
    }
}

fn seconds(out: &mut String, ns: i128, precision: usize) {
    if ns < 0 {
        out.push('-');
    }
    let abs = ns.unsigned_abs();
    let whole = abs / 1_000_000_000;
    match u64::try_from(whole) {
        Ok(w) => push_decimal(out, w),
        Err(_) => {
            let _ = write!(out, "{whole}");
        }
    }
    if precision > 0 {
        let frac = ((abs % 1_000_000_000) / 10u128.pow(9 - precision as u32)) as u64;
        out.push('.');
        push_decimal_zero_padded(out, frac, precision);
    }
}

/// Date and time of day, in UTC or in the local time zone, with `precision` digits of the second.
fn wall_clock(out: &mut String, format: TimeFormat, times: &FrameTimes, precision: usize) {
    use chrono::{Datelike, Local, TimeZone, Timelike, Utc};
    /// (year, month, day, day of year, hour, minute, second)
    fn parts(t: &(impl Datelike + Timelike)) -> (i32, u32, u32, u32, u32, u32, u32) {
        let (y, mo, d, doy) = (t.year(), t.month(), t.day(), t.ordinal());
        (y, mo, d, doy, t.hour(), t.minute(), t.second())
    }
    let utc = Utc
        .timestamp_opt(times.epoch_secs, 0)
        .single()
        .unwrap_or_default();
    let (y, mo, d, doy, h, m, s) = match format {
        TimeFormat::AbsoluteDate | TimeFormat::Absolute | TimeFormat::AbsoluteDoy => {
            parts(&utc.with_timezone(&Local))
        }
        _ => parts(&utc),
    };
    match format {
        TimeFormat::UtcDate | TimeFormat::AbsoluteDate => {
            let _ = write!(out, "{y:04}-{mo:02}-{d:02} ");
        }
        TimeFormat::UtcDoy | TimeFormat::AbsoluteDoy => {
            let _ = write!(out, "{y:04}/{doy:03} ");
        }
        _ => {}
    }
    let _ = write!(out, "{h:02}:{m:02}:{s:02}");
    if precision > 0 {
        let frac = times.epoch_nanos / 10u32.pow(9 - precision as u32);
        let _ = write!(out, ".{frac:0precision$}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `capfile` fuzz target: a pcapng timestamp of 73596793582 s overflowed 64-bit
    /// nanoseconds. tshark 4.0 (`-t e`, and `-t r` after a frame at 1539199544.286001) prints these.
    #[test]
    fn times_past_64_bit_nanoseconds() {
        let mut out = String::new();
        seconds(&mut out, 73_596_793_582_214_016_000, 6);
        assert_eq!(out, "73596793582.214016");
        out.clear();
        seconds(
            &mut out,
            73_596_793_582_214_016_000 - 1_539_199_544_286_001_000,
            9,
        );
        assert_eq!(out, "72057594037.928015000");
    }

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
