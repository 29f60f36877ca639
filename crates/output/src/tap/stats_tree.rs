//! The statistics tree behind tshark's `-z <name>,tree` reports (`dns,tree`, and later `http,tree`,
//! `http_req,tree`, `http_srv,tree`): nodes counted per tapped message, optionally averaging a value, laid
//! out as tshark 4.0 prints them with its default preferences.
//!
//! What tshark shows per node: the count; for nodes that average a value, its average (two decimals),
//! minimum and maximum; the rate (count per millisecond between the first and the latest tapped message);
//! the share of the parent's count; and the burst rate: the most ticks within any 100 ms window (in 5 ms
//! buckets) per millisecond, with the time that window started. Children are listed by count, then by
//! name, both descending; the top level keeps the order the report created its nodes in.

use std::collections::VecDeque;
use std::fmt::Write as _;

/// Width of tshark's burst buckets and window, in milliseconds (its defaults).
const BURST_BUCKET_MS: f64 = 5.0;
const BURST_WINDOW_MS: f64 = 100.0;

/// A node's index in its tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeId(usize);

/// What a node shows besides its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A count only.
    Count,
    /// Average, minimum and maximum of whole numbers.
    AverageInt,
    /// Average, minimum and maximum of fractional numbers (printed with six decimals).
    AverageFloat,
}

#[derive(Debug)]
struct Node {
    name: String,
    kind: NodeKind,
    parent: Option<NodeId>,
    children: Vec<NodeId>,
    count: u64,
    total: f64,
    min: f64,
    max: f64,
    burst: Burst,
}

/// The sliding window of one node's ticks. Like tshark's, it starts with an empty bucket at time 0, so
/// a burst within the capture's first 100 ms starts at 0.
#[derive(Debug)]
struct Burst {
    /// (bucket number, ticks in it, time of its first tick in ms), oldest first.
    buckets: VecDeque<(i64, u64, f64)>,
    in_window: u64,
    max: u64,
    max_start_ms: f64,
}

impl Default for Burst {
    fn default() -> Burst {
        Burst {
            buckets: VecDeque::from([(0, 0, 0.0)]),
            in_window: 0,
            max: 0,
            max_start_ms: 0.0,
        }
    }
}

impl Burst {
    fn tick(&mut self, now_ms: f64) {
        let bucket = (now_ms / BURST_BUCKET_MS).floor() as i64;
        let window = (BURST_WINDOW_MS / BURST_BUCKET_MS) as i64;
        match self.buckets.back_mut() {
            Some(last) if last.0 == bucket => last.1 += 1,
            // A tick earlier than the latest one (frames out of time order) counts in its bucket
            // when that bucket is still in the window.
            Some(last) if bucket < last.0 => {
                if last.0 - bucket >= window {
                    return;
                }
                match self.buckets.iter_mut().find(|b| b.0 == bucket) {
                    Some(b) => b.1 += 1,
                    None => {
                        let at = self.buckets.partition_point(|b| b.0 < bucket);
                        self.buckets.insert(at, (bucket, 1, now_ms));
                    }
                }
            }
            _ => {
                self.buckets.push_back((bucket, 1, now_ms));
                while self
                    .buckets
                    .front()
                    .is_some_and(|&(b, _, _)| bucket - b >= window)
                {
                    let (_, n, _) = self.buckets.pop_front().expect("checked");
                    self.in_window -= n;
                }
            }
        }
        self.in_window += 1;
        if self.in_window > self.max {
            self.max = self.in_window;
            self.max_start_ms = self.buckets.front().map_or(now_ms, |b| b.2);
        }
    }
}

/// One statistics tree: its nodes and the times of the messages tapped so far.
#[derive(Debug)]
pub struct StatsTree {
    title: String,
    nodes: Vec<Node>,
    top: Vec<NodeId>,
    first_ms: Option<f64>,
    now_ms: f64,
}

impl StatsTree {
    /// An empty tree; `title` heads the report ("DNS" prints "DNS:").
    pub fn new(title: &str) -> StatsTree {
        StatsTree {
            title: title.to_string(),
            nodes: Vec::new(),
            top: Vec::new(),
            first_ms: None,
            now_ms: 0.0,
        }
    }

    /// Adds a node under `parent` (the top level for `None`).
    pub fn add(&mut self, parent: Option<NodeId>, name: &str, kind: NodeKind) -> NodeId {
        let id = NodeId(self.nodes.len());
        self.nodes.push(Node {
            name: name.to_string(),
            kind,
            parent,
            children: Vec::new(),
            count: 0,
            total: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            burst: Burst::default(),
        });
        match parent {
            Some(p) => self.nodes[p.0].children.push(id),
            None => self.top.push(id),
        }
        id
    }

    /// Starts a tapped message at `relative_ns` (the frame's time since the capture's first frame).
    pub fn message_at(&mut self, relative_ns: i128) {
        let now = relative_ns as f64 / 1_000_000.0;
        self.first_ms.get_or_insert(now);
        self.now_ms = now;
    }

    /// Counts one for `node`.
    pub fn tick(&mut self, node: NodeId) {
        let now = self.now_ms;
        let n = &mut self.nodes[node.0];
        n.count += 1;
        n.burst.tick(now);
    }

    /// Counts one for `pivot` and for its child `name`, which is made on first use.
    pub fn tick_pivot(&mut self, pivot: NodeId, name: &str) {
        self.tick(pivot);
        self.tick_child(pivot, name);
    }

    /// Counts one for the child `name` of `parent` (made on first use; the parent is not counted) and
    /// returns it, as tshark's `tick_stat_node` does.
    pub fn tick_child(&mut self, parent: NodeId, name: &str) -> NodeId {
        let child = self.nodes[parent.0]
            .children
            .iter()
            .copied()
            .find(|c| self.nodes[c.0].name == name);
        let child = child.unwrap_or_else(|| self.add(Some(parent), name, NodeKind::Count));
        self.tick(child);
        child
    }

    /// Counts one for the averaging `node` and adds `value` to its average, minimum and maximum.
    pub fn add_value(&mut self, node: NodeId, value: f64) {
        self.tick(node);
        let n = &mut self.nodes[node.0];
        n.total += value;
        n.min = n.min.min(value);
        n.max = n.max.max(value);
    }

    /// The report, as tshark prints it at the end of the run.
    pub fn render(&self, out: &mut String) {
        let mut rows = Vec::new();
        for &id in &self.top {
            self.collect(id, 0, &mut rows);
        }
        let name_width = rows
            .iter()
            .map(|&(id, depth)| depth + self.nodes[id.0].name.chars().count())
            .chain(std::iter::once("Topic / Item".len()))
            .max()
            .unwrap_or(0)
            + 1;
        let width = name_width + 8 * 14;
        let _ = writeln!(out, "\n{}", "=".repeat(width));
        let _ = writeln!(out, "{}:", self.title);
        let header = [
            "Count",
            "Average",
            "Min Val",
            "Max Val",
            "Rate (ms)",
            "Percent",
            "Burst Rate",
            "Burst Start",
        ];
        self.write_row(out, name_width, "Topic / Item", &header.map(String::from));
        let _ = writeln!(out, "{}", "-".repeat(width));
        let elapsed = self.first_ms.map_or(0.0, |f| self.now_ms - f);
        for (id, depth) in rows {
            let n = &self.nodes[id.0];
            let averaging = n.kind != NodeKind::Count && n.count > 0;
            let bound = |v: f64| match n.kind {
                NodeKind::AverageFloat => format!("{v:.6}"),
                _ => format!("{}", v as i64),
            };
            let percent = match n.parent {
                None => "100%".to_string(),
                Some(p) if self.nodes[p.0].count > 0 => {
                    format!(
                        "{:.2}%",
                        100.0 * n.count as f64 / self.nodes[p.0].count as f64
                    )
                }
                Some(_) => String::new(),
            };
            let (burst_rate, burst_start) = if n.count > 0 {
                (
                    format!("{:.4}", n.burst.max as f64 / BURST_WINDOW_MS),
                    format!("{:.3}", n.burst.max_start_ms / 1000.0),
                )
            } else {
                ("-".to_string(), "-".to_string())
            };
            let columns = [
                n.count.to_string(),
                if averaging {
                    format!("{:.2}", n.total / n.count as f64)
                } else {
                    String::new()
                },
                if averaging {
                    bound(n.min)
                } else {
                    String::new()
                },
                if averaging {
                    bound(n.max)
                } else {
                    String::new()
                },
                // No rate before a second message has come at a later time.
                if elapsed > 0.0 {
                    format!("{:.4}", n.count as f64 / elapsed)
                } else {
                    String::new()
                },
                percent,
                burst_rate,
                burst_start,
            ];
            let name = format!("{:depth$}{}", "", n.name);
            self.write_row(out, name_width, &name, &columns);
        }
        let _ = writeln!(out, "\n{}", "-".repeat(width));
    }

    fn write_row(&self, out: &mut String, name_width: usize, name: &str, columns: &[String; 8]) {
        let _ = write!(out, "{name:<name_width$}");
        for c in columns {
            let _ = write!(out, " {c:<13}");
        }
        out.push('\n');
    }

    /// `id` and, below it, its children by count then name, descending.
    fn collect(&self, id: NodeId, depth: usize, rows: &mut Vec<(NodeId, usize)>) {
        rows.push((id, depth));
        let mut children = self.nodes[id.0].children.clone();
        children.sort_by(|a, b| {
            let (a, b) = (&self.nodes[a.0], &self.nodes[b.0]);
            b.count.cmp(&a.count).then_with(|| b.name.cmp(&a.name))
        });
        for c in children {
            self.collect(c, depth + 1, rows);
        }
    }
}
