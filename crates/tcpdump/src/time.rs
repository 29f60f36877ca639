//! Time stamps: `-t` (none), `-tt` (epoch seconds), `-ttt` (delta to the previous packet), `-tttt`
//! (date and time of day), `-ttttt` (delta to the first packet), and the default time of day, in the
//! local time zone (TZ) with six fraction digits, or nine with `--nano`.

use chrono::{DateTime, Local, TimeZone, Utc};

use crate::{Cx, out};

/// The reference time stamp of `-ttt` and `-ttttt`.
#[derive(Debug, Default)]
pub(crate) struct TimeState {
    reference: Option<(i64, u32)>,
}

impl TimeState {
    pub(crate) fn print(&mut self, cx: &mut Cx, secs: i64, nanos: u32) {
        let nano = cx.opts.nano;
        // tcpdump reads micro-second time stamps unless --nano: the fraction is cut, not rounded.
        let frac = if nano { nanos } else { nanos / 1000 };
        match cx.opts.time {
            1 => {}
            2 => {
                if error_time(secs) {
                    out!(cx, "[Error converting time] ");
                    return;
                }
                out!(cx, "{secs}");
                frac_print(cx, frac);
                out!(cx, " ");
            }
            3 | 5 => {
                let now = (secs, frac);
                let reference = *self.reference.get_or_insert(now);
                let unit: i64 = if nano { 1_000_000_000 } else { 1_000_000 };
                let t = i128::from(now.0) * i128::from(unit) + i128::from(now.1);
                let r = i128::from(reference.0) * i128::from(unit) + i128::from(reference.1);
                let d = t - r;
                out!(cx, "{}", if d < 0 { "-" } else { " " });
                let d = d.unsigned_abs();
                let (s, f) = (d / unit as u128, (d % unit as u128) as u32);
                hms(cx, i64::try_from(s).unwrap_or(i64::MAX), f, false, false);
                out!(cx, " ");
                if cx.opts.time == 3 {
                    self.reference = Some(now);
                }
            }
            4 => {
                hms(cx, secs, frac, true, true);
                out!(cx, " ");
            }
            _ => {
                hms(cx, secs, frac, false, true);
                out!(cx, " ");
            }
        }
    }
}

/// tcpdump refuses time stamps whose 32-bit value has the sign bit set.
fn error_time(secs: i64) -> bool {
    secs as u32 & 0x8000_0000 != 0 || !(0..=u32::MAX as i64).contains(&secs)
}

fn frac_print(cx: &mut Cx, frac: u32) {
    if cx.opts.nano {
        out!(cx, ".{frac:09}");
    } else {
        out!(cx, ".{frac:06}");
    }
}

fn hms(cx: &mut Cx, secs: i64, frac: u32, date: bool, local: bool) {
    if error_time(secs) {
        out!(cx, "[Error converting time]");
        return;
    }
    let fmt = if date {
        "%Y-%m-%d %H:%M:%S"
    } else {
        "%H:%M:%S"
    };
    let Some(utc) = DateTime::<Utc>::from_timestamp(secs, 0) else {
        out!(cx, "[Error converting time]");
        return;
    };
    if local {
        let t = Local.from_utc_datetime(&utc.naive_utc());
        out!(cx, "{}", t.format(fmt));
    } else {
        out!(cx, "{}", utc.format(fmt));
    }
    frac_print(cx, frac);
}
