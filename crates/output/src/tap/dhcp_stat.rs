//! `-z dhcp,stat[,FILTER]`: DHCP messages counted by message type, as tshark 4.0 prints its "DHCP
//! (BOOTP) Statistics" (tshark 4.0 names it `dhcp,stat`; the older `bootp,stat` is accepted too).
//!
//! A frame counts once, by its DHCP message type option (`dhcp.option.dhcp`, the last one when it is
//! repeated, as the DHCP dissector reads it); frames without one count nowhere. Every type the
//! message type field names is listed, in value order, with zero counts too.

use fields::{FieldId, Interest, PacketTree, Registry, Strings, Value};

use super::{Tap, TapError, TapFilter};
use crate::summary::FrameTimes;

/// `-z dhcp,stat[,FILTER]`.
pub struct DhcpStat {
    filter: TapFilter,
    message_type: Option<FieldId>,
    /// (value, name, count) for each message type name, in the field's order.
    counts: Vec<(u64, &'static str, u64)>,
}

impl DhcpStat {
    /// Parses `dhcp,stat[,FILTER]` (or `bootp,stat[,FILTER]`): what follows a comma is the filter.
    pub fn parse(arg: &str, registry: &Registry) -> Result<DhcpStat, TapError> {
        let rest = arg
            .strip_prefix("dhcp,stat")
            .or_else(|| arg.strip_prefix("bootp,stat"))
            .unwrap_or("");
        let filter = TapFilter::compile(rest.strip_prefix(','), registry, "dhcp,stat")?;
        let message_type = registry.lookup("dhcp.option.dhcp");
        let counts = match message_type.map(|f| registry.field(f).strings) {
            Some(Strings::Values(names)) => names.iter().map(|&(v, n)| (v, n, 0)).collect(),
            _ => Vec::new(),
        };
        Ok(DhcpStat {
            filter,
            message_type,
            counts,
        })
    }
}

impl Tap for DhcpStat {
    fn add_interest(&self, _registry: &Registry, interest: &mut Interest) {
        if let Some(f) = self.message_type {
            interest.add_field(f);
        }
        self.filter.add_interest(interest);
    }

    fn frame(&mut self, _registry: &Registry, tree: &PacketTree, data: &[u8], _times: &FrameTimes) {
        let Some(field) = self.message_type else {
            return;
        };
        let last = tree.occurrences(field).filter_map(|i| match i.value {
            Value::UInt(v) => Some(v),
            _ => None,
        });
        let Some(t) = last.last() else { return };
        if !self.filter.matches(tree, data) {
            return;
        }
        if let Some(c) = self.counts.iter_mut().find(|c| c.0 == t) {
            c.2 += 1;
        }
    }

    fn finish(&mut self, _registry: &Registry, out: &mut String) {
        use std::fmt::Write as _;
        let rule = "=".repeat(101);
        let _ = writeln!(out, "\n{rule}");
        out.push_str("DHCP (BOOTP) Statistics:\n");
        let _ = writeln!(
            out,
            "Filter for statistics: {}",
            self.filter.text.as_deref().unwrap_or("")
        );
        out.push_str("DHCP Message Type |Packets |\nDHCP Statistics\n");
        for &(_, name, count) in &self.counts {
            let _ = writeln!(out, "{name:<26}|{count} |");
        }
        let _ = writeln!(out, "{rule}");
    }
}
