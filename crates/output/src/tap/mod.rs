//! Reports computed over a whole capture and printed after the last frame, as tshark's `-z` options
//! print them (tshark calls the listeners behind them "taps"): follow stream, conversations,
//! endpoints, protocol hierarchy, I/O statistics, expert information.
//!
//! A report reads the fields it needs from each frame's packet tree, like any other printer, so it adds
//! them to the run's interest set first; the dissectors know nothing of reports.

pub mod conv;
pub mod dhcp_stat;
pub mod dns_tree;
pub mod expert;
pub mod http_tree;
pub mod io_stat;
pub mod phs;
pub mod stats_tree;

use fields::{Interest, PacketTree, Registry};

use crate::summary::FrameTimes;

pub mod follow;

/// One `-z` report.
pub trait Tap {
    /// Adds the fields (and protocols) this report reads to the run's interest set, so that the
    /// dissectors produce them.
    fn add_interest(&self, registry: &Registry, interest: &mut Interest);
    /// Takes one dissected frame: its tree, its bytes and its times. Called for every frame the run
    /// dissects and keeps (the read filter `-R` of a two-pass run drops frames; the display filter `-Y`
    /// does not, as in tshark, whose taps see every frame), in frame order.
    fn frame(&mut self, registry: &Registry, tree: &PacketTree, data: &[u8], times: &FrameTimes);
    /// Appends the finished report, in tshark's text format, after the last frame.
    fn finish(&mut self, registry: &Registry, out: &mut String);
    /// What went wrong outside the report's text (a file it could not write), once the run is over;
    /// the run then fails with it.
    fn take_error(&mut self) -> Option<TapFailure> {
        None
    }
}

/// An error a report met, for [`Tap::take_error`].
pub type TapFailure = Box<dyn std::error::Error + Send + Sync>;

/// A `-z` argument that names no report wiresift has, or whose parameters are wrong.
#[derive(Debug, thiserror::Error)]
pub enum TapError {
    /// The report's name is not one wiresift knows.
    #[error("invalid -z argument \"{0}\"; wiresift knows: {KNOWN}")]
    Unknown(String),
    /// The report exists but its parameters are wrong; the message says what is expected.
    #[error("-z {arg}: {message}")]
    BadArgument { arg: String, message: String },
    /// The report's own display filter does not compile; worded as tshark words it.
    #[error("Couldn't register {report} tap: Filter \"{filter}\" is invalid - {message}")]
    BadFilter {
        report: &'static str,
        filter: String,
        message: String,
    },
}

/// The reports `-z` accepts, as listed in [`TapError::Unknown`]'s message.
const KNOWN: &str = "conv,eth|ip|ipv6|tcp|udp[,FILTER] endpoints,eth|ip|ipv6|tcp|udp[,FILTER] \
                     io,phs[,FILTER] io,stat,INTERVAL[,COLUMN...] dhcp,stat[,FILTER] dns,tree[,FILTER] \
                     http,tree[,FILTER] http_req,tree[,FILTER] http_srv,tree[,FILTER] \
                     expert[,error|warn|note|chat|comment][,FILTER] \
                     follow,tcp|udp|tls,ascii|hex|raw|yaml,STREAM";

/// Builds the report a `-z` argument asks for (tshark's syntax, e.g. `conv,tcp` or
/// `follow,tcp,ascii,0`).
///
/// tshark picks a report by the longest registered name the argument starts with (so `conv,tcpx` is
/// `conv,tcp`), and most reports take what follows their name and a comma as their filter.
pub fn parse(arg: &str, registry: &Registry) -> Result<Box<dyn Tap>, TapError> {
    if let Some(params) = arg
        .strip_prefix("follow,")
        .or((arg == "follow").then_some(""))
    {
        return follow::parse(arg, params, registry);
    }
    const NAMES: &[&str] = &[
        "conv,eth",
        "conv,ipv6",
        "conv,ip",
        "conv,tcp",
        "conv,udp",
        "endpoints,eth",
        "endpoints,ipv6",
        "endpoints,ip",
        "endpoints,tcp",
        "endpoints,udp",
        "io,phs",
        "io,stat,",
        "expert",
        "dhcp,stat",
        "bootp,stat",
        "dns,tree",
        "http,tree",
        "http_req,tree",
        "http_srv,tree",
    ];
    let name = NAMES
        .iter()
        .filter(|n| arg.starts_with(**n))
        .max_by_key(|n| n.len())
        .copied();
    // What follows "NAME," is the report's filter (none when nothing follows the name).
    let filter_after = |name: &str| arg[name.len()..].strip_prefix(',');
    match name {
        Some(n @ ("conv,eth" | "conv,ipv6" | "conv,ip" | "conv,tcp" | "conv,udp")) => {
            let kind = conv::Kind::from_name(&n[5..]).expect("listed kind");
            let filter = TapFilter::compile(filter_after(n), registry, "conversations")?;
            Ok(Box::new(conv::Conversations::new(kind, registry, filter)))
        }
        Some(
            n @ ("endpoints,eth" | "endpoints,ipv6" | "endpoints,ip" | "endpoints,tcp"
            | "endpoints,udp"),
        ) => {
            let kind = conv::Kind::from_name(&n[10..]).expect("listed kind");
            let filter = TapFilter::compile(filter_after(n), registry, "endpoint")?;
            Ok(Box::new(conv::Endpoints::new(kind, registry, filter)))
        }
        Some("io,phs") => {
            let rest = &arg["io,phs".len()..];
            let filter = match rest.strip_prefix(',') {
                Some(f) => Some(f),
                None if rest.is_empty() => None,
                None => {
                    return Err(TapError::BadArgument {
                        arg: arg.to_string(),
                        message: "invalid \"-z io,phs[,<filter>]\" argument".to_string(),
                    });
                }
            };
            let filter = TapFilter::compile(filter, registry, "io,phs")?;
            Ok(Box::new(phs::Hierarchy::new(filter, registry)))
        }
        Some("io,stat,") => Ok(Box::new(io_stat::IoStat::parse(arg, registry)?)),
        Some("expert") => Ok(Box::new(expert::Expert::parse(arg, registry)?)),
        Some("dhcp,stat" | "bootp,stat") => {
            Ok(Box::new(dhcp_stat::DhcpStat::parse(arg, registry)?))
        }
        Some("dns,tree") => Ok(Box::new(dns_tree::DnsTree::parse(arg, registry)?)),
        Some(n @ ("http,tree" | "http_req,tree" | "http_srv,tree")) => {
            let kind = match n {
                "http,tree" => http_tree::Kind::Packets,
                "http_req,tree" => http_tree::Kind::Requests,
                _ => http_tree::Kind::Servers,
            };
            Ok(Box::new(http_tree::HttpTree::parse(kind, arg, registry)?))
        }
        _ => Err(TapError::Unknown(arg.to_string())),
    }
}

/// A report's own display filter: its text as given (printed in the report's heading) and the
/// compiled filter, `None` for an empty one, which every frame passes.
pub struct TapFilter {
    /// The text after the report's name; `None` when the argument had no filter part at all.
    pub text: Option<String>,
    filter: Option<filter::Filter>,
}

impl TapFilter {
    /// Compiles `text`; `report` names the report in tshark's error message ("Couldn't register
    /// conversations tap: ...").
    pub fn compile(
        text: Option<&str>,
        registry: &Registry,
        report: &'static str,
    ) -> Result<TapFilter, TapError> {
        let filter = match text {
            Some(t) if !t.trim().is_empty() => Some(filter::Filter::compile(t, registry).map_err(
                |e| TapError::BadFilter {
                    report,
                    filter: t.to_string(),
                    message: e.message,
                },
            )?),
            _ => None,
        };
        Ok(TapFilter {
            text: text.map(str::to_string),
            filter,
        })
    }

    /// No filter: every frame passes.
    pub fn none() -> TapFilter {
        TapFilter {
            text: None,
            filter: None,
        }
    }

    /// Adds the fields the filter reads to the interest set.
    pub fn add_interest(&self, interest: &mut Interest) {
        if let Some(f) = &self.filter {
            f.add_interest(interest);
        }
    }

    /// Whether the frame passes the filter.
    pub fn matches(&mut self, tree: &PacketTree, data: &[u8]) -> bool {
        self.filter.as_mut().is_none_or(|f| f.matches(tree, data))
    }
}

/// A frame's time relative to the first frame as tshark turns it into seconds (`nstime_to_sec`): whole
/// seconds plus the nanoseconds over 10^9 in a double, both parts with the sign of the time.
pub(crate) fn seconds(relative_ns: i128) -> f64 {
    let secs = relative_ns / 1_000_000_000;
    let nanos = relative_ns % 1_000_000_000;
    secs as f64 + nanos as f64 / 1_000_000_000.0
}
