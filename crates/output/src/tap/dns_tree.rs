//! `-z dns,tree[,FILTER]`: tshark's DNS statistics tree. Each DNS, mDNS or LLMNR message counts once (a
//! TCP segment can carry several): its reply code, opcode, query or response, first question's type and
//! class and size; queries add their name's length and label count, responses their section counts and
//! response time, or count as unsolicited or retransmitted.

use fields::tree::Item;
use fields::{FieldId, Interest, PacketTree, Registry, Strings, Value};

use super::stats_tree::{NodeId, NodeKind, StatsTree};
use super::{Tap, TapError, TapFilter};
use crate::summary::FrameTimes;

/// The fields read, by name; a dynamic update's counts (zones, prerequisites, updates) stand in for the
/// questions, answers and authorities, as in tshark's tap.
const FIELDS: [&str; 17] = [
    "dns.flags.rcode",
    "dns.flags.opcode",
    "dns.flags.response",
    "dns.qry.type",
    "dns.qry.class",
    "dns.count.queries",
    "dns.count.answers",
    "dns.count.auth_rr",
    "dns.count.add_rr",
    "dns.qry.name.len",
    "dns.count.labels",
    "dns.time",
    "dns.unsolicited",
    "dns.retransmission",
    "dns.count.zones",
    "dns.count.prerequisites",
    "dns.count.updates",
];
/// Where each of [`FIELDS`] is kept in a [`Message`].
const SLOT: [usize; 17] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 5, 6, 7];
const RCODE: usize = 0;
const OPCODE: usize = 1;
const RESPONSE: usize = 2;
const QTYPE: usize = 3;
const QCLASS: usize = 4;
const QUESTIONS: usize = 5;
const ANSWERS: usize = 6;
const AUTHORITIES: usize = 7;
const ADDITIONALS: usize = 8;
const NAME_LEN: usize = 9;
const LABELS: usize = 10;
const TIME: usize = 11;
const UNSOLICITED: usize = 12;
const RETRANSMISSION: usize = 13;

/// The nodes tshark's DNS tree makes before the first message, in its order.
struct Nodes {
    packets: NodeId,
    rcode: NodeId,
    opcode: NodeId,
    query_response: NodeId,
    qtype: NodeId,
    qclass: NodeId,
    size: NodeId,
    name_len: NodeId,
    labels: [NodeId; 4],
    questions: NodeId,
    authorities: NodeId,
    answers: NodeId,
    additionals: NodeId,
    response_time: NodeId,
    unsolicited: NodeId,
    retransmissions: NodeId,
}

/// `-z dns,tree[,FILTER]`.
pub struct DnsTree {
    filter: TapFilter,
    protocols: Vec<FieldId>,
    fields: [Option<FieldId>; 17],
    /// `_ws.malformed` and `_ws.short`: tshark taps a message only when its dissection ran to the end.
    errors: Vec<FieldId>,
    tree: StatsTree,
    nodes: Nodes,
}

/// One message's values, gathered from the items under its protocol item.
#[derive(Default, Clone, Copy)]
struct Message {
    size: u64,
    broken: bool,
    values: [Option<Value>; 14],
}

impl DnsTree {
    /// Parses `dns,tree[,FILTER]`.
    pub fn parse(arg: &str, registry: &Registry) -> Result<DnsTree, TapError> {
        let rest = arg.strip_prefix("dns,tree").unwrap_or("");
        let filter = TapFilter::compile(rest.strip_prefix(','), registry, "dns,tree")?;
        let mut tree = StatsTree::new("DNS");
        let count = NodeKind::Count;
        let packets = tree.add(None, "Total Packets", count);
        let rcode = tree.add(Some(packets), "rcode", count);
        let opcode = tree.add(Some(packets), "opcodes", count);
        let query_response = tree.add(Some(packets), "Query/Response", count);
        let qtype = tree.add(Some(packets), "Query Type", count);
        let qclass = tree.add(Some(packets), "Class", count);
        let size = tree.add(None, "Payload size", NodeKind::AverageInt);
        let query_stats = tree.add(None, "Query Stats", count);
        let name_len = tree.add(Some(query_stats), "Qname Len", NodeKind::AverageInt);
        let label_stats = tree.add(Some(query_stats), "Label Stats", count);
        let labels = [
            tree.add(Some(label_stats), "4th Level or more", count),
            tree.add(Some(label_stats), "3rd Level", count),
            tree.add(Some(label_stats), "2nd Level", count),
            tree.add(Some(label_stats), "1st Level", count),
        ];
        let response_stats = tree.add(None, "Response Stats", count);
        let avg = NodeKind::AverageInt;
        let questions = tree.add(Some(response_stats), "no. of questions", avg);
        let authorities = tree.add(Some(response_stats), "no. of authorities", avg);
        let answers = tree.add(Some(response_stats), "no. of answers", avg);
        let additionals = tree.add(Some(response_stats), "no. of additionals", avg);
        let service = tree.add(None, "Service Stats", count);
        let response_time = tree.add(
            Some(service),
            "request-response time (msec)",
            NodeKind::AverageFloat,
        );
        let unsolicited = tree.add(Some(service), "no. of unsolicited responses", count);
        let retransmissions = tree.add(Some(service), "no. of retransmissions", count);
        Ok(DnsTree {
            filter,
            // mDNS and LLMNR messages are not counted, as in tshark.
            protocols: registry.lookup("dns").into_iter().collect(),
            fields: FIELDS.map(|f| registry.lookup(f)),
            errors: ["_ws.malformed", "_ws.short"]
                .iter()
                .filter_map(|f| registry.lookup(f))
                .collect(),
            tree,
            nodes: Nodes {
                packets,
                rcode,
                opcode,
                query_response,
                qtype,
                qclass,
                size,
                name_len,
                labels,
                questions,
                authorities,
                answers,
                additionals,
                response_time,
                unsolicited,
                retransmissions,
            },
        })
    }

    /// The name tshark's tree gives a value of field `i`, or its "Unknown ..." form.
    fn value_name(&self, registry: &Registry, i: usize, value: u64, unknown: &str) -> String {
        let names = self.fields[i].map(|f| registry.field(f).strings);
        if let Some(Strings::Values(names)) = names
            && let Some(&(_, name)) = names.iter().find(|&&(v, _)| v == value)
        {
            return name.to_string();
        }
        format!("{unknown} ({value})")
    }

    fn count(&mut self, registry: &Registry, m: &Message) {
        let uint = |i: usize| match m.values[i] {
            Some(Value::UInt(v)) => Some(v),
            Some(Value::Int(v)) => Some(v as u64),
            _ => None,
        };
        let n = &self.nodes;
        let (packets, rcode, opcode, qr, qtype, qclass) = (
            n.packets,
            n.rcode,
            n.opcode,
            n.query_response,
            n.qtype,
            n.qclass,
        );
        self.tree.tick(packets);
        let name = self.value_name(registry, RCODE, uint(RCODE).unwrap_or(0), "Unknown rcode");
        self.tree.tick_pivot(rcode, &name);
        let name = self.value_name(
            registry,
            OPCODE,
            uint(OPCODE).unwrap_or(0),
            "Unknown opcode",
        );
        self.tree.tick_pivot(opcode, &name);
        self.tree.add_value(self.nodes.size, m.size as f64);
        let response = uint(RESPONSE).unwrap_or(0) != 0;
        self.tree
            .tick_pivot(qr, if response { "Response" } else { "Query" });
        let name = self.value_name(
            registry,
            QTYPE,
            uint(QTYPE).unwrap_or(0),
            "Unknown packet type",
        );
        self.tree.tick_pivot(qtype, &name);
        let name = self.value_name(registry, QCLASS, uint(QCLASS).unwrap_or(0), "Unknown class");
        self.tree.tick_pivot(qclass, &name);
        let n = &self.nodes;
        let sections = [
            (QUESTIONS, n.questions),
            (ANSWERS, n.answers),
            (AUTHORITIES, n.authorities),
            (ADDITIONALS, n.additionals),
        ];
        // tshark 4.0 adds a response's section counts once, and once more when the response is not
        // unsolicited (its counts and burst times show it); queries add none.
        let times = match (response, m.values[UNSOLICITED].is_some()) {
            (false, _) => 0,
            (true, true) => 1,
            (true, false) => 2,
        };
        for _ in 0..times {
            for (i, node) in sections {
                self.tree.add_value(node, uint(i).unwrap_or(0) as f64);
            }
        }
        let n = &self.nodes;
        if !response {
            let (name_len, labels) = (n.name_len, n.labels);
            self.tree
                .add_value(name_len, uint(NAME_LEN).unwrap_or(0) as f64);
            let level = match uint(LABELS).unwrap_or(0) {
                1 => 3,
                2 => 2,
                3 => 1,
                _ => 0,
            };
            self.tree.tick(labels[level]);
        } else if m.values[UNSOLICITED].is_some() {
            self.tree.tick(n.unsolicited);
        } else if m.values[RETRANSMISSION].is_some() {
            self.tree.tick(n.retransmissions);
        } else {
            let ms = match m.values[TIME] {
                Some(Value::RelTime(ns)) => ns as f64 / 1_000_000.0,
                Some(Value::Double(s)) => s * 1000.0,
                _ => 0.0,
            };
            // tshark adds the time as a single-precision float.
            self.tree.add_value(n.response_time, ms as f32 as f64);
        }
    }
}

impl Tap for DnsTree {
    fn add_interest(&self, _registry: &Registry, interest: &mut Interest) {
        let fields = self.fields.iter().flatten();
        for f in self.protocols.iter().chain(fields).chain(&self.errors) {
            interest.add_field(*f);
        }
        self.filter.add_interest(interest);
    }

    fn frame(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        // A message quoted by an ICMP error is not counted.
        if !self.filter.matches(tree, data)
            || tree.layers.iter().any(|l| *l == "icmp" || *l == "icmpv6")
        {
            return;
        }
        // Items come in dissection order: a message's fields follow its protocol item and precede the
        // next message's.
        let mut messages: Vec<Message> = Vec::new();
        let mut first_question = [false; 2];
        for item in tree.items() {
            let Item { field, value, .. } = *item;
            if self.protocols.contains(&field) {
                messages.push(Message {
                    size: item.len as u64,
                    ..Message::default()
                });
                first_question = [false; 2];
                continue;
            }
            let Some(m) = messages.last_mut() else {
                continue;
            };
            if self.errors.contains(&field) {
                m.broken = true;
                continue;
            }
            let Some(i) = self.fields.iter().position(|f| *f == Some(field)) else {
                continue;
            };
            let i = SLOT[i];
            // The question's type, class, name length and labels: the first question's.
            let repeat = match i {
                QTYPE => std::mem::replace(&mut first_question[0], true),
                QCLASS => std::mem::replace(&mut first_question[1], true),
                NAME_LEN | LABELS => m.values[i].is_some(),
                _ => false,
            };
            if !repeat {
                m.values[i] = Some(value);
            }
        }
        for m in messages.iter().filter(|m| !m.broken) {
            self.tree.message_at(times.relative_ns);
            self.count(registry, m);
        }
    }

    fn finish(&mut self, _registry: &Registry, out: &mut String) {
        self.tree.render(out);
    }
}
