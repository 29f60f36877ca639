//! `-z io,stat,INTERVAL[,COLUMN...]`: frames, bytes or a field's statistics per time interval, as
//! tshark 4.0 prints them.
//!
//! A column is a display filter (frames and bytes of the frames it matches, or of every frame when
//! empty), or `FRAMES`, `BYTES`, `COUNT(field)`, `SUM(field)`, `MIN(field)`, `MAX(field)`,
//! `AVG(field)` or `LOAD(field)` followed by a filter. As in tshark, a column's field only has values
//! when something in the run refers to it (a filter, a printed field): the report does not ask the
//! dissectors for it, it reads what the tree holds.

use fields::{FieldId, FieldType, Interest, PacketTree, Registry, Value};

use super::{Tap, TapError, TapFilter};
use crate::summary::FrameTimes;

/// What a column computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Calc {
    Frames,
    Bytes,
    FramesAndBytes,
    Count,
    Sum,
    Min,
    Max,
    Avg,
    Load,
}

/// tshark's table of functions, in the order it tries them.
const FUNCTIONS: [(&str, Calc); 9] = [
    ("FRAMES", Calc::Frames),
    ("BYTES", Calc::Bytes),
    ("FRAMES BYTES", Calc::FramesAndBytes),
    ("COUNT", Calc::Count),
    ("SUM", Calc::Sum),
    ("MIN", Calc::Min),
    ("MAX", Calc::Max),
    ("AVG", Calc::Avg),
    ("LOAD", Calc::Load),
];

impl Calc {
    fn name(self) -> &'static str {
        FUNCTIONS
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("", |f| f.0)
    }
}

/// How a field's values are added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unsigned,
    Signed,
    Float,
    Time,
    /// Only countable.
    Other,
}

fn kind_of(ty: FieldType) -> Kind {
    use FieldType::*;
    match ty {
        UInt8 | UInt16 | UInt24 | UInt32 | UInt64 => Kind::Unsigned,
        Int8 | Int16 | Int24 | Int32 | Int64 => Kind::Signed,
        Float | Double => Kind::Float,
        RelativeTime => Kind::Time,
        _ => Kind::Other,
    }
}

/// One cell: a column's statistic over one interval.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    frames: u64,
    /// Values added (for AVG).
    num: u64,
    /// Bytes, counts and integer statistics (signed ones as their two's complement), or nanoseconds.
    counter: u64,
    double: f64,
}

/// One column.
struct Column {
    /// The column as given, shown in the heading (`None`: an empty column, "Frames and bytes").
    text: Option<String>,
    calc: Calc,
    field: Option<(FieldId, Kind)>,
    filter: TapFilter,
    /// Cells from the first interval to the last one a frame fell in.
    cells: Vec<Cell>,
    max_vals: u64,
    max_frame: u64,
}

/// The most intervals a report keeps or prints: tshark lists every interval up to the last frame,
/// which a wild timestamp and a short interval make astronomically many.
const MAX_ROWS: u64 = 1_000_000;

/// `-z io,stat,INTERVAL[,COLUMN...]`.
pub struct IoStat {
    /// In microseconds; `u64::MAX` for "the whole capture".
    interval: u64,
    precision: u32,
    columns: Vec<Column>,
    /// The latest relative time of any frame (tshark's elapsed time), in nanoseconds.
    elapsed_ns: i128,
    last_relative_us: u64,
}

fn bad(arg: &str, message: impl Into<String>) -> TapError {
    TapError::BadArgument {
        arg: arg.to_string(),
        message: message.into(),
    }
}

/// The length of the longest prefix of `s` that C's `strtod` reads as a decimal number.
fn number_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let mut n = digits(&mut i);
    if i < b.len() && b[i] == b'.' {
        let mut j = i + 1;
        let frac = digits(&mut j);
        if n + frac > 0 {
            i = j;
            n += frac;
        }
    }
    if n == 0 {
        return 0;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if digits(&mut j) > 0 {
            i = j;
        }
    }
    i
}

impl IoStat {
    /// Parses `io,stat,INTERVAL[,COLUMN...]` as tshark does.
    pub fn parse(arg: &str, registry: &Registry) -> Result<IoStat, TapError> {
        const USAGE: &str = "invalid \"-z io,stat,<interval>[,<filter>][,<filter>]...\" argument";
        let spec = &arg["io,stat,".len()..];
        let n = number_prefix(spec);
        if arg.ends_with(',') || n == 0 {
            return Err(bad(arg, USAGE));
        }
        let seconds: f64 = spec[..n].parse().map_err(|_| bad(arg, USAGE))?;
        let rest = &spec[n..];
        if !(rest.is_empty() || rest.starts_with(',')) {
            return Err(bad(arg, USAGE));
        }
        let (interval, precision) = if seconds == 0.0 {
            (u64::MAX, 0)
        } else {
            let interval = (seconds * 1_000_000.0 + 0.5) as u64;
            // As many decimals as the interval needs, or as the user wrote for a whole number.
            let mut precision = 6u32;
            let mut i = 10u64;
            while i < 10_000_000 {
                if !interval.is_multiple_of(i) {
                    break;
                }
                precision -= 1;
                i *= 10;
            }
            if precision == 0
                && let Some(dot) = spec[..n].find('.')
            {
                let written = n - dot - 1;
                if written > 0 {
                    precision = written.min(6) as u32;
                }
            }
            (interval, precision)
        };
        if interval < 1 || seconds < 0.0 {
            return Err(bad(
                arg,
                "\"-z\" interval must be >=0.000001 seconds or \"0\" for the entire capture duration.",
            ));
        }
        let mut columns = Vec::new();
        match rest.strip_prefix(',') {
            None => columns.push(Column::parse(None, registry)?),
            Some(list) => {
                for piece in list.split(',') {
                    let text = (!piece.is_empty()).then(|| piece.trim());
                    columns.push(Column::parse(text, registry)?);
                }
            }
        }
        Ok(IoStat {
            interval,
            precision,
            columns,
            elapsed_ns: 0,
            last_relative_us: 0,
        })
    }
}

impl Column {
    fn parse(text: Option<&str>, registry: &Registry) -> Result<Column, TapError> {
        let err = |message: String| TapError::BadArgument {
            arg: text.unwrap_or("").to_string(),
            message,
        };
        let mut calc = Calc::FramesAndBytes;
        let mut filter = text;
        let mut field = None;
        if let Some(t) = text {
            // tshark compares each function name as a prefix; FRAMES and BYTES without parentheses
            // count every frame.
            for (name, c) in FUNCTIONS {
                if !t.starts_with(name) {
                    if matches!(calc, Calc::Frames | Calc::Bytes) {
                        filter = Some("");
                    }
                    continue;
                }
                calc = c;
                let Some(inside) = t[name.len()..].strip_prefix('(') else {
                    continue;
                };
                let close = inside.find(')').ok_or_else(|| {
                    err("Closing parenthesis missing from calculated expression.".to_string())
                })?;
                let name_in = &inside[..close];
                filter = Some(&inside[close + 1..]);
                if matches!(c, Calc::Frames | Calc::Bytes) {
                    if !name_in.is_empty() {
                        return Err(err(format!(
                            "{name} does not require or allow a field name within the parens."
                        )));
                    }
                    break;
                }
                if name_in.is_empty() {
                    return Err(err(format!(
                        "You didn't specify a field name for {name}(*)."
                    )));
                }
                let id = registry
                    .lookup(name_in)
                    .ok_or_else(|| err(format!("There is no field named '{name_in}'.")))?;
                let kind = kind_of(registry.field(id).ty);
                let allowed = match kind {
                    Kind::Unsigned | Kind::Signed => c != Calc::Load,
                    Kind::Float => c != Calc::Load,
                    Kind::Time => true,
                    Kind::Other => c == Calc::Count,
                };
                if !allowed {
                    let what = match kind {
                        Kind::Float => format!(
                            "{name_in} is a float field, so {name}(*) calculations are not supported on it."
                        ),
                        Kind::Time => format!(
                            "{name_in} is a relative-time field, so {name}(*) calculations are not supported on it."
                        ),
                        _ => format!(
                            "{name_in} doesn't have integral values, so {name}(*) calculations are not supported on it."
                        ),
                    };
                    return Err(err(what));
                }
                field = Some((id, kind));
                break;
            }
        }
        let filter = TapFilter::compile(filter, registry, "io,stat")?;
        Ok(Column {
            text: text.map(str::to_string),
            calc,
            field,
            filter,
            cells: vec![Cell::default()],
            max_vals: 0,
            max_frame: 0,
        })
    }

    fn add(&mut self, tree: &PacketTree, interval: u64, relative_us: u64, bytes: u64) {
        // Frames earlier than the last interval seen are counted in it, as tshark counts them.
        let index = if interval == u64::MAX {
            0
        } else {
            (relative_us / interval).min(MAX_ROWS)
        };
        let index = (index as usize).max(self.cells.len() - 1);
        if index >= self.cells.len() {
            self.cells.resize(index + 1, Cell::default());
        }
        let calc = self.calc;
        let field = self.field;
        let cell = &mut self.cells[index];
        cell.frames += 1;
        let first_frame = cell.frames == 1;
        match (calc, field) {
            (Calc::Frames | Calc::Bytes | Calc::FramesAndBytes, _) => cell.counter += bytes,
            (Calc::Count, Some((id, _))) => cell.counter += tree.occurrences(id).count() as u64,
            (_, Some((id, kind))) => {
                for (i, item) in tree.occurrences(id).enumerate() {
                    let first = first_frame && i == 0;
                    accumulate(cell, calc, kind, &item.value, first, interval);
                }
            }
            _ => {}
        }
        let cell = *cell;
        self.max_frame = self.max_frame.max(cell.frames);
        let kind = field.map(|f| f.1);
        let v = match calc {
            Calc::Frames => return,
            Calc::FramesAndBytes | Calc::Bytes | Calc::Count | Calc::Load => cell.counter,
            Calc::Sum | Calc::Min | Calc::Max => match kind {
                Some(Kind::Float) => (cell.double + 0.5) as u64,
                _ => cell.counter,
            },
            Calc::Avg => {
                if cell.num == 0 {
                    return;
                }
                match kind {
                    Some(Kind::Float) => cell.double as u64 / cell.num,
                    Some(Kind::Time) => (cell.counter / cell.num + 500_000_000) / 1_000_000_000,
                    _ => cell.counter / cell.num,
                }
            }
        };
        self.max_vals = self.max_vals.max(v);
    }
}

/// Adds one value of a column's field to its cell.
fn accumulate(cell: &mut Cell, calc: Calc, kind: Kind, value: &Value, first: bool, interval: u64) {
    let (int, float) = match *value {
        Value::UInt(v) => (v, v as f64),
        Value::Int(v) => (v as u64, v as f64),
        Value::Double(v) => (v as u64, v),
        Value::RelTime(ns) => (ns as u64, ns as f64),
        _ => return,
    };
    match calc {
        Calc::Sum => match kind {
            Kind::Float => cell.double += float,
            _ => cell.counter = cell.counter.wrapping_add(int),
        },
        Calc::Avg => {
            cell.num += 1;
            match kind {
                Kind::Float => cell.double += float,
                _ => cell.counter = cell.counter.wrapping_add(int),
            }
        }
        Calc::Min => match kind {
            Kind::Float if first || float < cell.double => cell.double = float,
            Kind::Signed if first || (int as i64) < (cell.counter as i64) => cell.counter = int,
            Kind::Unsigned | Kind::Time if first || int < cell.counter => cell.counter = int,
            _ => {}
        },
        Calc::Max => match kind {
            Kind::Float if float > cell.double => cell.double = float,
            Kind::Signed if (int as i64) > (cell.counter as i64) => cell.counter = int,
            Kind::Unsigned | Kind::Time if int > cell.counter => cell.counter = int,
            _ => {}
        },
        Calc::Load => {
            // The time (in µs) counts in this interval, and what exceeds it in the ones before;
            // tshark spreads it back interval by interval, here it stays in this cell (no history).
            let us = int / 1000;
            cell.counter += if interval == u64::MAX {
                us
            } else {
                us % interval
            };
        }
        _ => {}
    }
}

/// tshark's `magnitude`: the number of decimal digits of `v`, at most `max`.
fn magnitude(mut v: u64, max: u32) -> u32 {
    let mut m = 0;
    for _ in 0..max {
        m += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    m
}

/// tshark's `printcenter`: a function name centred in a column `width` wide, then the border.
fn push_centered(out: &mut String, label: &str, width: i64) {
    const SPACES: &str = "      ";
    let lenlab = label.len() as i64;
    let len = 6 - ((width - lenlab) / 2 + 1);
    if len > 0 && len < 6 {
        let pad = &SPACES[len as usize..];
        if (width - lenlab) % 2 == 0 {
            out.push_str(pad);
        } else {
            out.push(' ');
            out.push_str(pad);
        }
        out.push_str(label);
        out.push_str(pad);
        out.push('|');
    } else if len > 0 && len <= 15 {
        out.push_str(label);
        out.push('|');
    }
}

fn spaces(out: &mut String, n: i64) {
    for _ in 0..n.max(0) {
        out.push(' ');
    }
}

/// printf's `%*s` of `s` with a width that may be negative (left-justified then).
fn push_width(out: &mut String, width: i64, s: &str) {
    let w = width.unsigned_abs() as usize;
    if width < 0 {
        out.push_str(s);
        spaces(out, w as i64 - s.len() as i64);
    } else {
        spaces(out, w as i64 - s.len() as i64);
        out.push_str(s);
    }
}

/// `secs.fraction` of a number of microseconds, with `precision` decimals (truncated).
fn push_time(out: &mut String, us: u64, precision: u32) {
    let secs = us / 1_000_000;
    let s = if precision == 0 {
        secs.to_string()
    } else {
        let dv = 10u64.pow(6 - precision);
        format!(
            "{secs}.{:0p$}",
            (us % 1_000_000) / dv,
            p = precision as usize
        )
    };
    out.push_str(&s);
}

/// Rounds nanoseconds to `precision` decimals of a second, and prints them so. tshark 4.0 pads the
/// six-digit fraction it shows for whole-second intervals with spaces, not zeros ("2. 47482").
fn rounded_seconds(ns: i128, precision: u32, space_padded: bool) -> String {
    let unit = 10i128.pow(9 - precision);
    let r = (ns + unit / 2).div_euclid(unit);
    let per_sec = 10i128.pow(precision);
    if precision == 0 {
        format!("{r}")
    } else if space_padded {
        format!("{}.{:6}", r.div_euclid(per_sec), r.rem_euclid(per_sec))
    } else {
        format!(
            "{}.{:0p$}",
            r.div_euclid(per_sec),
            r.rem_euclid(per_sec),
            p = precision as usize
        )
    }
}

impl Tap for IoStat {
    fn add_interest(&self, _registry: &Registry, interest: &mut Interest) {
        for c in &self.columns {
            c.filter.add_interest(interest);
        }
    }

    fn frame(&mut self, _registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        self.elapsed_ns = self.elapsed_ns.max(times.relative_ns);
        // A frame before the first one counts at the time of the frame before it.
        let relative_us = if times.relative_ns >= 0 {
            let ns = times.relative_ns;
            let us = (ns / 1_000_000_000) as u64 * 1_000_000
                + ((ns % 1_000_000_000) as u64 + 500) / 1000;
            self.last_relative_us = us;
            us
        } else {
            self.last_relative_us
        };
        let bytes = times.wire_len as u64;
        for c in &mut self.columns {
            if c.filter.matches(tree, data) {
                c.add(tree, self.interval, relative_us, bytes);
            }
        }
    }

    fn finish(&mut self, _registry: &Registry, out: &mut String) {
        let elapsed = self.elapsed_ns.max(0);
        let mut duration = (elapsed / 1_000_000_000) as u64 * 1_000_000
            + ((elapsed % 1_000_000_000) as u64 + 500) / 1000;
        let whole = self.interval == u64::MAX || self.interval > duration;
        let mut interval = if whole { duration } else { self.interval };
        let mut dur_mag = magnitude(duration / 1_000_000, 5);
        let invl_mag = magnitude(interval / 1_000_000, 5);
        let precision;
        let mut borderlen: i64;
        if whole {
            precision = if dur_mag >= 2 {
                1
            } else if dur_mag == 1 {
                3
            } else {
                6
            };
            borderlen = 30 + dur_mag as i64 + precision as i64 + 1;
        } else {
            precision = self.precision;
            borderlen = 25
                + invl_mag.max(dur_mag) as i64
                + if precision == 0 {
                    0
                } else {
                    precision as i64 + 1
                };
        }
        let dv = 10u64.pow(6 - precision);
        if duration % dv > 5 * (dv / 10) {
            duration += 5 * (dv / 10);
            duration = duration / dv * dv;
            dur_mag = magnitude(duration / 1_000_000, 5);
        }
        if whole {
            interval = duration;
        }
        let mut invl_col_w: i64 = if precision == 0 {
            2 * dur_mag as i64 + 8
        } else {
            2 * dur_mag as i64 + 2 * precision as i64 + 10
        };
        invl_col_w = invl_col_w.max(12);

        // Column widths and formats.
        struct Width {
            fr: i64,
            val: i64,
        }
        let mut widths = Vec::new();
        let mut tabrow_w = invl_col_w;
        for c in &mut self.columns {
            let namelen = match c.calc {
                Calc::FramesAndBytes => 5,
                other => other.name().len() as u32,
            };
            let mut w = Width { fr: 0, val: 0 };
            match c.calc {
                Calc::Frames | Calc::FramesAndBytes => {
                    w.fr = magnitude(c.max_frame, 15).max(6) as i64;
                    tabrow_w += w.fr + 3;
                    if c.calc == Calc::FramesAndBytes {
                        w.val = magnitude(c.max_vals, 15).max(5) as i64;
                        tabrow_w += w.val + 3;
                    }
                    widths.push(w);
                    continue;
                }
                Calc::Bytes | Calc::Count => w.val = magnitude(c.max_vals, 15).max(5) as i64,
                _ => match c.field.map(|f| f.1) {
                    Some(Kind::Float) => w.val = magnitude(c.max_vals, 15) as i64 + 7,
                    Some(Kind::Time) => {
                        if c.calc == Calc::Load {
                            c.max_vals /= interval.max(1);
                        } else if c.calc != Calc::Avg {
                            c.max_vals = (c.max_vals + 500_000_000) / 1_000_000_000;
                        }
                        w.val = magnitude(c.max_vals, 15) as i64 + 7;
                    }
                    _ => w.val = magnitude(c.max_vals, 15).max(namelen) as i64,
                },
            }
            tabrow_w += w.val + 3;
            widths.push(w);
        }
        borderlen = borderlen.max(tabrow_w);
        let maxfltr_w = self
            .columns
            .iter()
            .map(|c| c.text.as_ref().map_or(26, |t| t.len() as i64 + 11))
            .max()
            .unwrap_or(0);
        if maxfltr_w > borderlen && borderlen < 102 {
            borderlen = maxfltr_w.min(102);
        }
        if borderlen - tabrow_w == 1 {
            borderlen += 1;
        }

        // The heading.
        out.push('\n');
        out.push_str(&"=".repeat(borderlen as usize));
        out.push_str("\n| IO Statistics");
        spaces(out, borderlen - 16);
        out.push_str("|\n|");
        spaces(out, borderlen - 2);
        out.push_str("|\n");
        // The duration shows microseconds when the interval is whole seconds.
        let dur_prec = if precision == 0 { 6 } else { precision };
        let dur_heading_mag = magnitude((elapsed / 1_000_000_000) as u64, 5) as i64;
        let dur_w = dur_heading_mag + dur_prec as i64 + 1;
        let invl_w = dur_heading_mag
            + if precision == 0 {
                0
            } else {
                precision as i64 + 1
            };
        out.push_str("| Duration: ");
        push_width(
            out,
            dur_w,
            &rounded_seconds(elapsed, dur_prec, precision == 0),
        );
        out.push_str(" secs");
        push_width(out, borderlen - (dur_w + 18) + 1, "|");
        out.push('\n');
        out.push_str("| Interval: ");
        let mut iv = String::new();
        push_time(&mut iv, interval, precision);
        push_width(out, invl_w, &iv);
        out.push_str(" secs");
        push_width(out, borderlen - (invl_w + 18) + 1, "|");
        out.push_str("\n|");
        spaces(out, borderlen - 2);
        out.push_str("|\n");
        for (j, c) in self.columns.iter().enumerate() {
            let mut line = if j == 0 {
                format!("| Col{:2}: ", j + 1)
            } else {
                format!("|    {:2}: ", j + 1)
            };
            match &c.text {
                None => line.push_str("Frames and bytes"),
                Some(text) => {
                    let max_w = (borderlen - 11).max(1) as usize;
                    let mut rest = text.as_str();
                    while rest.len() > max_w {
                        let mut cut = max_w;
                        while !rest.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        let (len, next) = match rest[..cut].rfind(' ') {
                            Some(space) => (space, space + 1),
                            None => (cut, cut),
                        };
                        line.push_str(&rest[..len]);
                        let w = borderlen - line.len() as i64;
                        push_width(&mut line, w, "|");
                        out.push_str(&line);
                        out.push('\n');
                        line = "|        ".to_string();
                        rest = &rest[next..];
                    }
                    line.push_str(rest);
                }
            }
            let w = borderlen - line.len() as i64;
            push_width(&mut line, w, "|");
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str("|-");
        out.push_str(&"-".repeat((borderlen - 3).max(0) as usize));
        out.push_str("|\n");

        // The column headings.
        let filler = if tabrow_w < borderlen {
            let mut f = String::new();
            push_width(&mut f, borderlen - tabrow_w, "|");
            f
        } else {
            String::new()
        };
        out.push('|');
        push_width(out, invl_col_w - 1, "|");
        for (j, c) in self.columns.iter().enumerate() {
            let w = &widths[j];
            let padding = match c.calc {
                Calc::FramesAndBytes => w.fr + w.val + 3,
                Calc::Frames => w.fr,
                _ => w.val,
            };
            let number = format!("{:<2}", j + 1);
            out.push_str(&number);
            spaces(out, padding);
            out.push('|');
        }
        out.push_str(&filler);
        out.push('\n');
        out.push_str("| Interval");
        push_width(out, invl_col_w - 10, "|");
        for (j, c) in self.columns.iter().enumerate() {
            let w = &widths[j];
            match c.calc {
                Calc::Frames => push_centered(out, "FRAMES", w.fr),
                Calc::FramesAndBytes => {
                    push_centered(out, "Frames", w.fr);
                    push_centered(out, "Bytes", w.val);
                }
                other => push_centered(out, other.name(), w.val),
            }
        }
        out.push_str(&filler);
        out.push_str("\n|-");
        out.push_str(&"-".repeat((tabrow_w - 3).max(0) as usize));
        out.push('|');
        out.push_str(&filler);
        out.push('\n');

        // The rows.
        let dm = dur_mag as usize;
        let mut t = 0u64;
        let mut row = 0usize;
        while t < duration && (row as u64) < MAX_ROWS {
            let mut end = t.saturating_add(interval);
            let last = end >= duration;
            if last {
                end = duration;
            }
            if precision == 0 {
                let pad = if dur_mag == 1 { " " } else { "" };
                if last {
                    let maxw = if dur_mag >= 3 {
                        dur_mag as usize + 1
                    } else {
                        3
                    };
                    out.push_str(&format!(
                        "| {pad}{:>dm$} <> {:<maxw$}|",
                        t / 1_000_000,
                        "Dur"
                    ));
                } else {
                    out.push_str(&format!(
                        "| {pad}{:>dm$} <> {:>dm$} {pad}|",
                        t / 1_000_000,
                        end / 1_000_000
                    ));
                }
            } else {
                let p = precision as usize;
                out.push_str(&format!(
                    "| {:>dm$}.{:0p$} <> {:>dm$}.{:0p$} |",
                    t / 1_000_000,
                    (t % 1_000_000) / dv,
                    end / 1_000_000,
                    (end % 1_000_000) / dv
                ));
            }
            for (j, c) in self.columns.iter().enumerate() {
                let cell = c.cells.get(row).copied().unwrap_or_default();
                write_cell(out, c, &widths[j], &cell, interval, end - t, last);
            }
            out.push_str(&filler);
            out.push('\n');
            t = end;
            row += 1;
        }
        out.push_str(&"=".repeat(borderlen as usize));
        out.push('\n');

        fn write_cell(
            out: &mut String,
            c: &Column,
            w: &Width,
            cell: &Cell,
            interval: u64,
            span: u64,
            last: bool,
        ) {
            let num = |v: u64, width: i64, out: &mut String| {
                out.push(' ');
                push_width(out, width, &v.to_string());
                out.push_str(" |");
            };
            let time = |ns: u64, width: i64, out: &mut String| {
                let us = (ns + 500) / 1000;
                out.push(' ');
                push_width(out, width - 7, &(us / 1_000_000).to_string());
                out.push_str(&format!(".{:06} |", us % 1_000_000));
            };
            let kind = c.field.map(|f| f.1);
            match c.calc {
                Calc::Frames => num(cell.frames, w.fr, out),
                Calc::FramesAndBytes => {
                    num(cell.frames, w.fr, out);
                    num(cell.counter, w.val, out);
                }
                Calc::Bytes | Calc::Count => num(cell.counter, w.val, out),
                Calc::Sum | Calc::Min | Calc::Max | Calc::Avg => {
                    let n = if c.calc == Calc::Avg {
                        cell.num.max(1)
                    } else {
                        1
                    };
                    match kind {
                        Some(Kind::Float) => {
                            out.push(' ');
                            push_width(out, w.val - 7, &format!("{:.6}", cell.double / n as f64));
                            out.push_str(" |");
                        }
                        Some(Kind::Time) => time(cell.counter / n, w.val, out),
                        Some(Kind::Signed) => {
                            out.push(' ');
                            let v = (cell.counter as i64) / n as i64;
                            push_width(out, w.val, &v.to_string());
                            out.push_str(" |");
                        }
                        _ => num(cell.counter / n, w.val, out),
                    }
                }
                Calc::Load => {
                    let span = if last { span.max(1) } else { interval.max(1) };
                    out.push(' ');
                    push_width(out, w.val - 7, &(cell.counter / span).to_string());
                    out.push_str(&format!(
                        ".{:06} |",
                        (cell.counter % span) * 1_000_000 / span
                    ));
                }
            }
        }
    }
}
