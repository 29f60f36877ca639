//! `-z expert[,error|warn|note|chat|comment][,FILTER]`: the expert notes of the capture, grouped by
//! severity and counted by (protocol, message), as tshark 4.0 prints them.
//!
//! Each `_ws.expert` item of a frame's tree is one note. Its protocol is the one whose layer holds it
//! (tshark names the dissector that raised it, the layer being dissected), by its short name ("TCP").

use fields::{FieldId, Interest, ItemIdx, PacketTree, Registry, Value};

use super::{Tap, TapError, TapFilter};
use crate::summary::FrameTimes;

/// Severities, least first, with the value `_ws.expert.severity` holds and the heading tshark gives.
const SEVERITIES: [(u64, &str); 5] = [
    (0x0010_0000, "Comments"),
    (0x0020_0000, "Chats"),
    (0x0040_0000, "Notes"),
    (0x0060_0000, "Warns"),
    (0x0080_0000, "Errors"),
];

/// One line of the report.
struct Entry {
    group: u64,
    protocol: &'static str,
    summary: String,
    frequency: u64,
}

/// `-z expert[,LEVEL][,FILTER]`.
pub struct Expert {
    filter: TapFilter,
    /// Index into [`SEVERITIES`] of the least severity reported.
    lowest: usize,
    /// Entries per severity, in order of first appearance.
    entries: [Vec<Entry>; 5],
    expert: Option<FieldId>,
    message: Option<FieldId>,
    severity: Option<FieldId>,
    group: Option<FieldId>,
}

impl Expert {
    /// Parses `expert[,error|warn|note|chat|comment][,FILTER]`. As in tshark, the level is matched as a
    /// prefix, case-insensitively, and a filter follows only after a comma.
    pub fn parse(arg: &str, registry: &Registry) -> Result<Expert, TapError> {
        let mut rest = arg.strip_prefix("expert").unwrap_or("");
        let mut lowest = 0;
        for (level, name) in [
            (4, ",error"),
            (3, ",warn"),
            (2, ",note"),
            (1, ",chat"),
            (0, ",comment"),
        ] {
            if rest.len() >= name.len()
                && rest.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            {
                lowest = level;
                rest = &rest[name.len()..];
                break;
            }
        }
        let filter = TapFilter::compile(rest.strip_prefix(','), registry, "expert")?;
        let f = |name: &str| registry.lookup(name);
        Ok(Expert {
            filter,
            lowest,
            entries: Default::default(),
            expert: f("_ws.expert"),
            message: f("_ws.expert.message"),
            severity: f("_ws.expert.severity"),
            group: f("_ws.expert.group"),
        })
    }

    fn add(&mut self, severity: usize, group: u64, protocol: &'static str, summary: &str) {
        let entries = &mut self.entries[severity];
        match entries
            .iter_mut()
            .find(|e| e.protocol == protocol && e.summary == summary)
        {
            Some(e) => e.frequency += 1,
            None => entries.push(Entry {
                group,
                protocol,
                summary: summary.to_string(),
                frequency: 1,
            }),
        }
    }
}

impl Tap for Expert {
    fn add_interest(&self, registry: &Registry, interest: &mut Interest) {
        for id in [self.expert, self.message, self.severity, self.group]
            .into_iter()
            .flatten()
        {
            interest.add_field(id);
        }
        // Every protocol's item, so that a note sits inside the layer that raised it.
        for p in registry.protocols() {
            interest.add_field(FieldId::protocol(p.id));
        }
        self.filter.add_interest(interest);
    }

    fn frame(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], _times: &FrameTimes) {
        let Some(expert) = self.expert else { return };
        if !self.filter.matches(tree, data) {
            return;
        }
        let items = tree.items();
        for (i, item) in items.iter().enumerate() {
            if item.field != expert {
                continue;
            }
            let (mut message, mut severity, mut group) = (None, None, 0);
            for child in items[i + 1..].iter().filter(|c| c.parent == i as u32) {
                let field = Some(child.field);
                if field == self.message {
                    if let Value::Text { start, len } = child.value {
                        message = Some(String::from_utf8_lossy(tree.arena_slice(start, len)));
                    }
                } else if field == self.severity {
                    if let Value::UInt(v) = child.value {
                        severity = SEVERITIES.iter().position(|(s, _)| *s == v);
                    }
                } else if field == self.group
                    && let Value::UInt(v) = child.value
                {
                    group = v;
                }
            }
            let (Some(message), Some(severity)) = (message, severity) else {
                continue;
            };
            if severity < self.lowest {
                continue;
            }
            let mut up = item.parent;
            let mut protocol = "";
            while up != ItemIdx::ROOT.0 {
                let a = tree.item(ItemIdx(up));
                if a.field.is_protocol() {
                    let p = registry.protocol(a.field.proto);
                    // The packet comments' notes are raised by Wireshark's frame dissector, which
                    // builds that tree before its own: tshark reports them as the Frame's.
                    protocol = if p.filter_name == "pkt_comment" {
                        registry
                            .lookup("frame")
                            .map_or(p.short_name, |f| registry.protocol(f.proto).short_name)
                    } else {
                        p.short_name
                    };
                    break;
                }
                up = a.parent;
            }
            let message = message.into_owned();
            self.add(severity, group, protocol, &message);
        }
    }

    fn finish(&mut self, registry: &Registry, out: &mut String) {
        let groups = self.group.map(|g| &registry.field(g).strings);
        for (level, (_, heading)) in SEVERITIES.iter().enumerate().rev() {
            let entries = &self.entries[level];
            if entries.is_empty() {
                continue;
            }
            let total: u64 = entries.iter().map(|e| e.frequency).sum();
            out.push_str(&format!("\n{heading} ({total})\n=============\n"));
            out.push_str("   Frequency      Group           Protocol  Summary\n");
            for e in entries {
                let group = match groups.and_then(|s| s.name_of(e.group)) {
                    Some(name) => name.to_string(),
                    None => format!("Unknown ({})", e.group),
                };
                out.push_str(&format!(
                    "{:>12} {:>10} {:>18}  {}\n",
                    e.frequency, group, e.protocol, e.summary
                ));
            }
        }
    }
}
