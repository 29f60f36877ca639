//! NTP (UDP port 123), as tcpdump 4.99 prints it: `NTPv4, Client, length 48`; with `-v` the leap
//! indicator, then for time messages (modes 0-5) stratum, poll, precision, root delay and dispersion,
//! the reference id, the four timestamps with their UTC dates, the originator's differences and the
//! key id and digest; for control messages (mode 6) the header words. Private (mode 7) messages show no
//! more than the leap indicator. Every value and layout was checked against Debian's tcpdump 4.99.3
//! (tests below and `tests/data/tcpdump/ntp-*`).

use chrono::{DateTime, Utc};

use crate::{Cx, Get, R, out, print_char};

/// RFC 5905's header without extension fields or MAC.
const TIME_MESSAGE_LEN: u32 = 48;
/// The control message header (RFC 1305 appendix B).
const CONTROL_HEADER_LEN: u32 = 12;
/// Seconds from the NTP epoch (1900) to the Unix epoch (1970).
const JAN_1970: i64 = 2_208_988_800;
/// 2^32, the fraction's scale.
const FRACTION_SCALE: f64 = 4_294_967_296.0;

const MODES: [&str; 8] = [
    "unspecified",
    "symmetric active",
    "symmetric passive",
    "Client",
    "Server",
    "Broadcast",
    "Control Message",
    "Reserved",
];

pub(crate) fn print(cx: &mut Cx, d: &[u8], length: u32) -> R {
    cx.proto = "ntp";
    let status = d.u8at(0)?;
    let version = (status >> 3) & 0x07;
    let mode = status & 0x07;
    out!(
        cx,
        "NTPv{version}, {}, length {length}",
        MODES[mode as usize]
    );
    if cx.opts.verbose == 0 {
        return Ok(());
    }
    // The leap indicator is shown as its bits stand in the first byte, not shifted.
    let leap = status & 0xc0;
    let leap_name = match leap {
        0x40 => "+1s",
        0x80 => "-1s",
        0xc0 => "clock unsynchronized",
        _ => "",
    };
    out!(cx, "\n\tLeap indicator: {leap_name} ({leap})");
    match mode {
        0..=5 => time_message(cx, d, length),
        6 => control_message(cx, d, length),
        _ => Ok(()),
    }
}

fn time_message(cx: &mut Cx, d: &[u8], length: u32) -> R {
    if length < TIME_MESSAGE_LEN {
        out!(cx, " (invalid)");
        return Ok(());
    }
    let stratum = d.u8at(1)?;
    let stratum_name = match stratum {
        0 => "unspecified",
        1 => "primary reference",
        2..=15 => "secondary reference",
        _ => "reserved",
    };
    out!(cx, ", Stratum {stratum} ({stratum_name})");
    let poll = d.u8at(2)? as i8;
    out!(cx, ", poll {poll}");
    // The interval 2^poll seconds, when it fits a 32-bit count (or its reciprocal does).
    if (-31..=31).contains(&poll) {
        if poll >= 0 {
            out!(cx, " ({}s)", 1u32 << poll);
        } else {
            out!(cx, " (1/{}s)", 1u32 << -poll);
        }
    }
    out!(cx, ", precision {}", d.u8at(3)? as i8);
    short_fixed(cx, d, "\n\tRoot Delay: ", 4)?;
    short_fixed(cx, d, ", Root dispersion: ", 8)?;
    d.bytes(12, 4)?;
    out!(cx, ", Reference-ID: ");
    match stratum {
        0 => out!(cx, "(unspec)"),
        // A primary server's reference is four ASCII characters naming its clock ("GPS", "PPS").
        1 => {
            for &c in d.bytes(12, 4)? {
                print_char(&mut cx.out, c);
            }
        }
        // ntpd's mode-7 era queries and replies put an address there and nothing follows.
        62 | 63 => {
            let a = d.bytes(12, 4)?;
            let kind = if stratum == 62 {
                "INFO_QUERY"
            } else {
                "INFO_REPLY"
            };
            out!(cx, "{}.{}.{}.{} {kind}", a[0], a[1], a[2], a[3]);
            return Ok(());
        }
        _ => out!(cx, "0x{:08x}", d.be32(12)?),
    }
    timestamp(cx, d, "Reference Timestamp:  ", 16)?;
    let origin = timestamp(cx, d, "Originator Timestamp: ", 24)?;
    let receive = timestamp(cx, d, "Receive Timestamp:    ", 32)?;
    let transmit = timestamp(cx, d, "Transmit Timestamp:   ", 40)?;
    out!(cx, "\n\t    Originator - Receive Timestamp:  ");
    difference(cx, origin, receive);
    out!(cx, "\n\t    Originator - Transmit Timestamp: ");
    difference(cx, origin, transmit);
    // What follows the header is told by its length alone: a key id, a key id and an MD5 or SHA-1
    // digest, or bytes (extension fields) left unread.
    match length - TIME_MESSAGE_LEN {
        0 => {}
        4 => out!(cx, "\n\tKey id: {}", d.be32(48)?),
        n @ (20 | 24) => {
            out!(cx, "\n\tKey id: {}", d.be32(48)?);
            let digest = d.bytes(52, n as usize - 4)?;
            out!(cx, "\n\tAuthentication: ");
            for b in digest {
                out!(cx, "{b:02x}");
            }
        }
        n => out!(cx, "\n\t({n} more bytes after the header)"),
    }
    Ok(())
}

fn control_message(cx: &mut Cx, d: &[u8], length: u32) -> R {
    if length < CONTROL_HEADER_LEN {
        out!(cx, " (invalid)");
        return Ok(());
    }
    let control = d.u8at(1)?;
    out!(
        cx,
        // The line break belongs to this line: a message cut before its sequence number still has it.
        ", {}, {}, {}, OpCode={}\n",
        if control & 0x80 != 0 {
            "Response"
        } else {
            "Request"
        },
        if control & 0x40 != 0 { "Error" } else { "OK" },
        if control & 0x20 != 0 { "More" } else { "Last" },
        control & 0x1f
    );
    out!(cx, "\tSequence={}", d.be16(2)?);
    let status = d.be16(4)?;
    if status == 0 {
        out!(cx, ", Status=0");
    } else {
        out!(cx, ", Status={status:#x}");
    }
    out!(cx, ", Assoc.={}", d.be16(6)?);
    out!(cx, ", Offset={}", d.be16(8)?);
    let count = d.be16(10)?;
    out!(cx, ", Count={count}");
    if CONTROL_HEADER_LEN + u32::from(count) > length {
        out!(cx, " (invalid)");
        return Ok(());
    }
    if count != 0 {
        d.bytes(12, count as usize)?;
        out!(cx, "\n\tTO-BE-DONE: data not interpreted");
    }
    Ok(())
}

/// `label` and the 16.16 fixed-point number of seconds at `at` (read before the label is written, as
/// tcpdump checks it), the fraction in whole microseconds (truncated).
fn short_fixed(cx: &mut Cx, d: &[u8], label: &str, at: usize) -> R {
    let int = d.be16(at)?;
    let frac = d.be16(at + 2)?;
    let micros = (f64::from(frac) / 65536.0 * 1_000_000.0) as u32;
    out!(cx, "{label}{int}.{micros:06}");
    Ok(())
}

/// A line of its own with `label` and the 32.32 timestamp at `at` (read before the label is written,
/// as tcpdump checks it): seconds since 1900 and the fraction in nanoseconds (truncated), then its UTC
/// date unless the seconds are zero (an unset timestamp). Returns the raw value for the differences.
fn timestamp(cx: &mut Cx, d: &[u8], label: &str, at: usize) -> Result<(u32, u32), crate::Trunc> {
    let secs = d.be32(at)?;
    let frac = d.be32(at + 4)?;
    out!(cx, "\n\t  {label}");
    write_timestamp(cx, secs, frac);
    Ok((secs, frac))
}

fn write_timestamp(cx: &mut Cx, secs: u32, frac: u32) {
    out!(cx, "{secs}.{:09}", nanos(frac));
    if secs != 0 {
        match DateTime::<Utc>::from_timestamp(i64::from(secs) - JAN_1970, 0) {
            Some(t) => out!(cx, " ({})", t.format("%Y-%m-%dT%H:%M:%SZ")),
            None => out!(cx, " ([Error converting time])"),
        }
    }
}

fn nanos(frac: u32) -> u32 {
    (f64::from(frac) / FRACTION_SCALE * 1_000_000_000.0) as u32
}

/// `later - origin` with its sign, in seconds and nanoseconds; an unset origin shows `later` itself.
fn difference(cx: &mut Cx, origin: (u32, u32), later: (u32, u32)) {
    let ((o_secs, o_frac), (secs, frac)) = (origin, later);
    if o_secs == 0 && o_frac == 0 {
        write_timestamp(cx, secs, frac);
        return;
    }
    // The seconds subtract as signed 64-bit numbers: no wrap at NTP's era boundary, as tcpdump shows it.
    let mut whole = i64::from(secs) - i64::from(o_secs);
    let (negative, fraction) = if whole > 0 {
        if o_frac > frac {
            whole -= 1;
        }
        (false, frac.wrapping_sub(o_frac))
    } else if whole < 0 {
        if frac > o_frac {
            whole += 1;
        }
        whole = -whole;
        (true, o_frac.wrapping_sub(frac))
    } else if frac > o_frac {
        (false, frac - o_frac)
    } else {
        (true, o_frac - frac)
    };
    let sign = if negative { '-' } else { '+' };
    out!(cx, "{sign}{whole}.{:09}", nanos(fraction));
}
