//! The default one-line-per-packet listing: No., Time, Source, Destination, Protocol, Length, Info.

use std::fmt::Write as _;

use fields::PacketTree;

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
    let _ = write!(out, "{:>5} ", times.number);
    let mut t = String::new();
    let p = opts.precision.min(9);
    match opts.time_format {
        TimeFormat::Relative => seconds(&mut t, times.relative_ns, p),
        TimeFormat::Delta => seconds(&mut t, times.delta_ns, p),
        TimeFormat::DeltaDisplayed => seconds(&mut t, times.delta_displayed_ns, p),
        TimeFormat::Epoch => seconds(
            &mut t,
            times.epoch_secs as i128 * 1_000_000_000 + times.epoch_nanos as i128,
            p,
        ),
        TimeFormat::UtcDate
        | TimeFormat::Utc
        | TimeFormat::UtcDoy
        | TimeFormat::AbsoluteDate
        | TimeFormat::Absolute
        | TimeFormat::AbsoluteDoy => wall_clock(&mut t, opts.time_format, times, p),
    }
    // tshark pads the number to 5, the time to 10 and the addresses to 12 characters (the source
    // right-aligned, the destination left-aligned); longer values push the rest of the line along.
    let _ = write!(
        out,
        "{t:>10} {:>12} → {:<12} ",
        tree.src_column, tree.dst_column
    );
    let _ = writeln!(
        out,
        "{} {} {}",
        tree.protocol_column, times.wire_len, tree.info
    );
}

fn seconds(out: &mut String, ns: i128, precision: usize) {
    let sign = if ns < 0 { "-" } else { "" };
    let abs = ns.unsigned_abs();
    let whole = abs / 1_000_000_000;
    if precision == 0 {
        let _ = write!(out, "{sign}{whole}");
    } else {
        let frac = (abs % 1_000_000_000) / 10u128.pow(9 - precision as u32);
        let _ = write!(out, "{sign}{whole}.{frac:0precision$}");
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
}
