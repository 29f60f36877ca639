//! tshark's three HTTP statistics trees, each HTTP message counted once (a frame can carry several):
//! - `-z http,tree` ("HTTP/Packet Counter"): messages by request method, and responses by status class
//!   and code;
//! - `-z http_req,tree` ("HTTP/Requests"): requests by Host header, then request URI;
//! - `-z http_srv,tree` ("HTTP/Load Distribution"): requests by server address then Host, and by Host
//!   then server address; responses by server address, then "OK" (codes 101 to 399) or "KO".
//!
//! The server address is the frame's network destination for a request and its source for a response
//! (the innermost IP layer before the message), as tshark takes it from the packet's addresses.

use fields::tree::Item;
use fields::{FieldId, Interest, PacketTree, Registry};

use super::stats_tree::{NodeId, NodeKind, StatsTree};
use super::{Tap, TapError, TapFilter};
use crate::summary::FrameTimes;

/// Which of the three trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `http,tree`.
    Packets,
    /// `http_req,tree`.
    Requests,
    /// `http_srv,tree`.
    Servers,
}

impl Kind {
    /// The `-z` name, before ",tree".
    fn name(self) -> &'static str {
        match self {
            Kind::Packets => "http,tree",
            Kind::Requests => "http_req,tree",
            Kind::Servers => "http_srv,tree",
        }
    }
}

/// The fields a message's counts read, in [`Message`]'s slot order.
const FIELDS: [&str; 5] = [
    "http.request.method",
    "http.request.uri",
    "http.host",
    "http.response.code",
    "http.response.code.desc",
];
const METHOD: usize = 0;
const URI: usize = 1;
const HOST: usize = 2;
const CODE: usize = 3;
const CODE_DESC: usize = 4;

/// Network-layer address fields: source, destination for IPv4 then IPv6.
const ADDRESSES: [&str; 4] = ["ip.src", "ip.dst", "ipv6.src", "ipv6.dst"];

/// One HTTP message's values, as text.
#[derive(Default)]
struct Message {
    values: [Option<String>; 5],
    /// The network source and destination of the frame at the message.
    src: String,
    dst: String,
}

/// The nodes each tree makes before the first message.
enum Nodes {
    Packets {
        total: NodeId,
        requests: NodeId,
        responses: NodeId,
        /// "???: broken", then 1xx to 5xx.
        classes: [NodeId; 6],
        other: NodeId,
    },
    Requests {
        by_host: NodeId,
    },
    Servers {
        requests: NodeId,
        by_address: NodeId,
        by_host: NodeId,
        responses: NodeId,
    },
}

/// `-z http,tree`, `-z http_req,tree` or `-z http_srv,tree`, each with an optional filter.
pub struct HttpTree {
    filter: TapFilter,
    protocol: Option<FieldId>,
    fields: [Option<FieldId>; 5],
    addresses: [Option<FieldId>; 4],
    tree: StatsTree,
    nodes: Nodes,
    text: String,
}

impl HttpTree {
    /// Parses `http,tree[,FILTER]`, `http_req,tree[,FILTER]` or `http_srv,tree[,FILTER]`.
    pub fn parse(kind: Kind, arg: &str, registry: &Registry) -> Result<HttpTree, TapError> {
        let rest = arg.strip_prefix(kind.name()).unwrap_or("");
        let filter = TapFilter::compile(rest.strip_prefix(','), registry, kind.name())?;
        let count = NodeKind::Count;
        let (tree, nodes) = match kind {
            Kind::Packets => {
                let mut tree = StatsTree::new("HTTP/Packet Counter");
                let total = tree.add(None, "Total HTTP Packets", count);
                let requests = tree.add(Some(total), "HTTP Request Packets", count);
                let responses = tree.add(Some(total), "HTTP Response Packets", count);
                let classes = [
                    "???: broken",
                    "1xx: Informational",
                    "2xx: Success",
                    "3xx: Redirection",
                    "4xx: Client Error",
                    "5xx: Server Error",
                ]
                .map(|name| tree.add(Some(responses), name, count));
                let other = tree.add(Some(total), "Other HTTP Packets", count);
                let nodes = Nodes::Packets {
                    total,
                    requests,
                    responses,
                    classes,
                    other,
                };
                (tree, nodes)
            }
            Kind::Requests => {
                let mut tree = StatsTree::new("HTTP/Requests");
                let by_host = tree.add(None, "HTTP Requests by HTTP Host", count);
                (tree, Nodes::Requests { by_host })
            }
            Kind::Servers => {
                let mut tree = StatsTree::new("HTTP/Load Distribution");
                let requests = tree.add(None, "HTTP Requests by Server", count);
                let by_address = tree.add(Some(requests), "HTTP Requests by Server Address", count);
                let by_host = tree.add(Some(requests), "HTTP Requests by HTTP Host", count);
                let responses = tree.add(None, "HTTP Responses by Server Address", count);
                let nodes = Nodes::Servers {
                    requests,
                    by_address,
                    by_host,
                    responses,
                };
                (tree, nodes)
            }
        };
        Ok(HttpTree {
            filter,
            protocol: registry.lookup("http"),
            fields: FIELDS.map(|f| registry.lookup(f)),
            addresses: ADDRESSES.map(|f| registry.lookup(f)),
            tree,
            nodes,
            text: String::new(),
        })
    }

    fn count(&mut self, m: &Message) {
        let method = m.values[METHOD].as_deref();
        let host = m.values[HOST].as_deref();
        let code: u32 = m.values[CODE]
            .as_deref()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let t = &mut self.tree;
        match self.nodes {
            Nodes::Packets {
                total,
                requests,
                responses,
                classes,
                other,
            } => {
                t.tick(total);
                if code != 0 {
                    t.tick(responses);
                    let class = match code {
                        100..=599 => (code / 100) as usize,
                        _ => 0,
                    };
                    t.tick(classes[class]);
                    // tshark names the code by its own table, not by the server's phrase.
                    let name = match m.values[CODE_DESC].as_deref() {
                        Some(desc) if desc != "Unknown" => format!("{code} {desc}"),
                        _ => format!("{code} Unknown ({code})"),
                    };
                    t.tick_child(classes[class], &name);
                } else if let Some(method) = method {
                    t.tick_pivot(requests, method);
                } else {
                    t.tick(other);
                }
            }
            Nodes::Requests { by_host } => {
                if method.is_none() {
                    return;
                }
                t.tick(by_host);
                if let Some(host) = host {
                    let host_node = t.tick_child(by_host, host);
                    if let Some(uri) = m.values[URI].as_deref() {
                        t.tick_child(host_node, uri);
                    }
                }
            }
            Nodes::Servers {
                requests,
                by_address,
                by_host,
                responses,
            } => {
                if method.is_some() {
                    t.tick(requests);
                    t.tick(by_address);
                    t.tick(by_host);
                    let address_node = t.tick_child(by_address, &m.dst);
                    if let Some(host) = host {
                        let host_node = t.tick_child(by_host, host);
                        t.tick_child(host_node, &m.dst);
                        t.tick_child(address_node, host);
                    }
                } else if code != 0 {
                    t.tick(responses);
                    let address_node = t.tick_child(responses, &m.src);
                    let verdict = if (101..400).contains(&code) {
                        "OK"
                    } else {
                        "KO"
                    };
                    t.tick_child(address_node, verdict);
                }
            }
        }
    }
}

impl Tap for HttpTree {
    fn add_interest(&self, _registry: &Registry, interest: &mut Interest) {
        let fields = self.fields.iter().chain(&self.addresses).flatten();
        for f in self.protocol.iter().chain(fields) {
            interest.add_field(*f);
        }
        self.filter.add_interest(interest);
    }

    fn frame(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes) {
        let Some(protocol) = self.protocol else {
            return;
        };
        // A message quoted by an ICMP error is not counted.
        if !self.filter.matches(tree, data)
            || tree.layers.iter().any(|l| *l == "icmp" || *l == "icmpv6")
        {
            return;
        }
        // Items come in dissection order: the network layer's addresses precede the messages, and a
        // message's fields follow its protocol item and precede the next message's.
        let (mut src, mut dst) = (String::new(), String::new());
        let mut messages: Vec<Message> = Vec::new();
        for item in tree.items() {
            let Item { field, .. } = *item;
            let mut value = || {
                self.text.clear();
                fields::format::write_field_value(registry, tree, data, item, &mut self.text);
                self.text.clone()
            };
            if field == protocol {
                messages.push(Message {
                    src: src.clone(),
                    dst: dst.clone(),
                    ..Message::default()
                });
            } else if let Some(i) = self.addresses.iter().position(|f| *f == Some(field)) {
                if i % 2 == 0 {
                    src = value();
                } else {
                    dst = value();
                }
            } else if let Some(i) = self.fields.iter().position(|f| *f == Some(field))
                && let Some(m) = messages.last_mut()
                && m.values[i].is_none()
            {
                m.values[i] = Some(value());
            }
        }
        for m in &messages {
            self.tree.message_at(times.relative_ns);
            self.count(m);
        }
    }

    fn finish(&mut self, _registry: &Registry, out: &mut String) {
        self.tree.render(out);
    }
}
