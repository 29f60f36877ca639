//! FTP (RFC 959, with RFC 2428's EPRT and EPSV) and the data connections it sets up (FTP-DATA), as
//! tshark 4.0 shows them.
//!
//! What tshark 4.0 does, and so what this does (checked on ppa/tickedoffdeveloper and the recorded
//! fixture tests/data/ftp):
//! - each segment of the control connection is dissected on its own (no reassembly): its first line is
//!   the request (client to port 21) or the response, split into command and argument or code and
//!   argument; later lines are text items;
//! - the current working directory follows a CWD (or CDUP) answered with 250 and the name a 257
//!   response quotes, and is shown on every FTP and FTP-DATA frame as an item at the top of the tree
//!   beside the protocol (so `-z io,phs` lists it one level under `ftp`);
//! - a PASV (227) or EPSV (229) response announces a data connection to the server's address and
//!   port: its segments are FTP-DATA, showing the frame that set it up, how, the first command sent
//!   after the setup (the one the data answers, often a TYPE) and the directory then, also at the top
//!   of the tree, then the bytes as line-based text when they are all text. An active connection
//!   (PORT, EPRT) is parsed but, as tshark 4.0 shows on the fixture, its data connection is not
//!   recognised; TCP port 20 is FTP-DATA by port.
//!
//! State is kept per control connection (bounded by [`MAX_CONVERSATIONS`]) and per announced data
//! connection (bounded by [`MAX_DATA_CONVERSATIONS`], the oldest forgotten first); the texts kept are
//! cut at [`MAX_TEXT`] bytes.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

use fields::{ItemIdx, Value};

use crate::Cx;

fields::declare_protocol! {
    proto FTP = super::ids::FTP, "File Transfer Protocol (FTP)", "FTP", "ftp";
    CURRENT_WORKING_DIRECTORY: "ftp.current-working-directory", "Current working directory", String, None;
    RESPONSE: "ftp.response", "Response", Boolean, Bits(0), blurb "TRUE if FTP response";
    REQUEST: "ftp.request", "Request", Boolean, Bits(0), blurb "TRUE if FTP request";
    REQUEST_COMMAND: "ftp.request.command", "Request command", String, None;
    REQUEST_ARG: "ftp.request.arg", "Request arg", String, None;
    RESPONSE_CODE: "ftp.response.code", "Response code", UInt32, Dec, values RESPONSE_CODES;
    RESPONSE_ARG: "ftp.response.arg", "Response arg", String, None;
    PASSIVE_IP: "ftp.passive.ip", "Passive IP address", Ipv4, None, blurb "Passive IP address (check NAT)";
    PASSIVE_PORT: "ftp.passive.port", "Passive port", UInt16, Dec, blurb "Passive FTP server port";
    PASSIVE_NAT: "ftp.passive.nat", "Passive IP NAT", Boolean, Bits(0), blurb "NAT is active SIP and passive IP different";
    ACTIVE_CIP: "ftp.active.cip", "Active IP address", Ipv4, None, blurb "Active FTP client IP address";
    ACTIVE_PORT: "ftp.active.port", "Active port", UInt16, Dec, blurb "Active FTP client port";
    ACTIVE_NAT: "ftp.active.nat", "Active IP NAT", Boolean, Bits(0), blurb "NAT is active";
    EPRT_AF: "ftp.eprt.af", "Extended active address family", UInt8, Dec, values EPRT_FAMILIES;
    EPRT_IP: "ftp.eprt.ip", "Extended active IP address", Ipv4, None, blurb "Extended active FTP client IPv4 address";
    EPRT_IPV6: "ftp.eprt.ipv6", "Extended active IPv6 address", Ipv6, None, blurb "Extended active FTP client IPv6 address";
    EPRT_PORT: "ftp.eprt.port", "Extended active port", UInt16, Dec, blurb "Extended active FTP client listener port";
    EPSV_IP: "ftp.epsv.ip", "Extended passive IPv4 address", Ipv4, None, blurb "Extended passive FTP server IPv4 address";
    EPSV_IPV6: "ftp.epsv.ipv6", "Extended passive IPv6 address", Ipv6, None, blurb "Extended passive FTP server IPv6 address";
    EPSV_PORT: "ftp.epsv.port", "Extended passive port", UInt16, Dec, blurb "Extended passive FTP server port";
    DATA_SETUP_FRAME: "ftp-data.setup-frame", "Setup frame", FrameNum, None, blurb "Where ftp-data conversation was signalled";
    DATA_SETUP_METHOD: "ftp-data.setup-method", "Setup method", String, None, blurb "Method used to set up data conversation";
    DATA_COMMAND: "ftp-data.command", "Command", String, None, blurb "Command that this data stream answers";
    DATA_COMMAND_FRAME: "ftp-data.command-frame", "Command frame", FrameNum, None, blurb "Where command for this data was seen";
    DATA_CURRENT_WORKING_DIRECTORY: "ftp-data.current-working-directory", "Current working directory", String, None, blurb "Current working directory at time of command";
    EPRT_ARGS_INVALID: "ftp.eprt.args_invalid", "EPRT arguments must have the form: |<family>|<addr>|<port>|", None, None;
    EPSV_ARGS_INVALID: "ftp.epsv.args_invalid", "EPSV arguments must have the form (|||<port>|)", None, None;
}

/// FTP-DATA: its protocol item only (the fields it shows are FTP's, as in Wireshark).
pub mod data {
    fields::declare_protocol! {
        proto FTP_DATA = super::super::ids::FTP_DATA, "FTP Data", "FTP-DATA", "ftp-data";
    }
}

/// The TCP port of the control connection.
pub const PORT: u16 = 21;
/// The TCP port tshark 4.0 takes for FTP-DATA whatever the control connection said.
pub const DATA_PORT: u16 = 20;

/// Control connections whose state is kept; past it the oldest is forgotten.
pub const MAX_CONVERSATIONS: usize = 4096;
/// Announced data connections kept; past it the oldest is forgotten.
pub const MAX_DATA_CONVERSATIONS: usize = 4096;
/// Longest directory or command kept, in bytes (longer ones are cut).
pub const MAX_TEXT: usize = 1024;

/// `ftp.response.code`'s names, as tshark 4.0 has them (`tshark -G values`).
static RESPONSE_CODES: &[(u64, &str)] = &[
    (110, "Restart marker reply"),
    (120, "Service ready in nnn minutes"),
    (125, "Data connection already open; transfer starting"),
    (150, "File status okay; about to open data connection"),
    (200, "Command okay"),
    (202, "Command not implemented, superfluous at this site"),
    (211, "System status, or system help reply"),
    (212, "Directory status"),
    (213, "File status"),
    (214, "Help message"),
    (215, "NAME system type"),
    (220, "Service ready for new user"),
    (221, "Service closing control connection"),
    (225, "Data connection open; no transfer in progress"),
    (226, "Closing data connection"),
    (227, "Entering Passive Mode"),
    (229, "Entering Extended Passive Mode"),
    (230, "User logged in, proceed"),
    (232, "User logged in, authorized by security data exchange"),
    (234, "Security data exchange complete"),
    (235, "Security data exchange completed successfully"),
    (250, "Requested file action okay, completed"),
    (257, "PATHNAME created"),
    (331, "User name okay, need password"),
    (332, "Need account for login"),
    (334, "Requested security mechanism is ok"),
    (335, "Security data is acceptable, more is required"),
    (336, "Username okay, need password. Challenge is ..."),
    (350, "Requested file action pending further information"),
    (421, "Service not available, closing control connection"),
    (425, "Can't open data connection"),
    (426, "Connection closed; transfer aborted"),
    (431, "Need some unavailable resource to process security"),
    (450, "Requested file action not taken"),
    (451, "Requested action aborted: local error in processing"),
    (
        452,
        "Requested action not taken. Insufficient storage space in system",
    ),
    (500, "Syntax error, command unrecognized"),
    (501, "Syntax error in parameters or arguments"),
    (502, "Command not implemented"),
    (503, "Bad sequence of commands"),
    (504, "Command not implemented for that parameter"),
    (522, "Network protocol not supported"),
    (530, "Not logged in"),
    (532, "Need account for storing files"),
    (533, "Command protection level denied for policy reasons"),
    (534, "Request denied for policy reasons"),
    (535, "Failed security check (hash, sequence, etc)"),
    (536, "Requested PROT level not supported by mechanism"),
    (
        537,
        "Command protection level not supported by security mechanism",
    ),
    (550, "Requested action not taken: File unavailable"),
    (551, "Requested action aborted: page type unknown"),
    (
        552,
        "Requested file action aborted: Exceeded storage allocation",
    ),
    (553, "Requested action not taken: File name not allowed"),
    (631, "Integrity protected reply"),
    (632, "Confidentiality and integrity protected reply"),
    (633, "Confidentiality protected reply"),
];

static EPRT_FAMILIES: &[(u64, &str)] = &[(1, "IPv4"), (2, "IPv6")];

/// One control connection.
#[derive(Debug, Default)]
struct Control {
    cwd: String,
    /// The last request line (without its line end), for the 250 that answers a CWD.
    last_command: String,
    /// The data connection announced last and still waiting for the command it answers.
    pending_data: Option<DataKey>,
}

/// An announced data connection: the server's address and port, and the client's address (its port
/// is not known in advance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct DataKey {
    server: IpAddr,
    port: u16,
    client: IpAddr,
}

/// What an FTP-DATA frame shows of the control connection that announced it.
#[derive(Debug, Clone)]
struct DataConversation {
    setup_frame: u64,
    method: &'static str,
    /// The first request after the setup, its frame, and the directory then.
    command: Option<(String, u64, String)>,
}

/// FTP's state across frames.
#[derive(Debug, Default)]
pub struct State {
    control: crate::flow::StreamTable<Control>,
    data: HashMap<DataKey, DataConversation, foldhash::fast::RandomState>,
    data_order: VecDeque<DataKey>,
}

impl State {
    fn announce(&mut self, key: DataKey, conversation: DataConversation) {
        if !self.data.contains_key(&key) {
            if self.data_order.len() >= MAX_DATA_CONVERSATIONS
                && let Some(old) = self.data_order.pop_front()
            {
                self.data.remove(&old);
            }
            self.data_order.push_back(key);
        }
        self.data.insert(key, conversation);
    }

    /// The announced data connection a segment between these endpoints belongs to, if any.
    fn data_key(&self, src: IpAddr, sport: u16, dst: IpAddr, dport: u16) -> Option<DataKey> {
        if self.data.is_empty() {
            return None;
        }
        [
            DataKey {
                server: src,
                port: sport,
                client: dst,
            },
            DataKey {
                server: dst,
                port: dport,
                client: src,
            },
        ]
        .into_iter()
        .find(|k| self.data.contains_key(k))
    }

    /// Whether a TCP segment between these endpoints belongs to a data connection an FTP control
    /// connection announced (TCP then hands its payload to [`dissect_data`] whatever the ports say).
    pub fn is_data_connection(&self, src: IpAddr, sport: u16, dst: IpAddr, dport: u16) -> bool {
        self.data_key(src, sport, dst, dport).is_some()
    }
}

/// Cuts `text` to at most [`MAX_TEXT`] bytes at a character boundary.
fn bounded(mut text: String) -> String {
    if text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// A line as Wireshark's format_text shows it in a label: CR, LF and tab escaped.
fn escaped(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// The end of the line starting at `at` (past its LF, or `data.len()`) and the end of its text
/// (before CR LF or LF).
fn line_at(data: &[u8], at: usize) -> (usize, usize) {
    let end = data
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(data.len(), |p| at + p + 1);
    let mut text_end = end;
    if text_end > at && data[text_end - 1] == b'\n' {
        text_end -= 1;
    }
    if text_end > at && data[text_end - 1] == b'\r' {
        text_end -= 1;
    }
    (end, text_end)
}

/// Dissects a TCP payload `data[offset..]` of a control connection.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let dport = cx.transport.map_or(0, |(_, d, _)| d);
    let request = dport == PORT;
    // Wireshark's protocols sit side by side at the top of the tree; so do the items FTP puts there.
    let level = cx.layer_parent(parent);
    let top = cx.push_sublayer(
        level,
        PROTOCOL_FIELD,
        "ftp",
        "FTP",
        offset,
        data.len() - offset,
    );
    cx.hidden(top, REQUEST, offset, 0, Value::UInt(request as u64));
    cx.hidden(top, RESPONSE, offset, 0, Value::UInt(!request as u64));
    let (line_end, text_end) = line_at(data, offset);
    let line = &data[offset..text_end];
    cx.set_info(format_args!(
        "{}: {}",
        if request { "Request" } else { "Response" },
        escaped(line)
    ));
    let line_item = cx.text_item(
        top,
        offset,
        line_end - offset,
        format_args!("{}", escaped(&data[offset..line_end])),
    );
    let stream = cx.tcp_stream;
    if request {
        self::request(cx, data, offset, text_end, line_item, stream);
    } else {
        response(cx, data, offset, text_end, line_item, stream);
    }
    let mut at = line_end;
    while at < data.len() {
        let (end, _) = line_at(data, at);
        cx.text_item(
            top,
            at,
            end - at,
            format_args!("{}", escaped(&data[at..end])),
        );
        at = end;
    }
    let cwd = stream
        .and_then(|s| cx.state.ftp.control.get(s))
        .map(|c| c.cwd.clone())
        .unwrap_or_default();
    let value = cx.tree.text_value(&cwd);
    cx.tree
        .add_generated(level, CURRENT_WORKING_DIRECTORY, offset, 0, value);
    data.len() - offset
}

/// The control connection's state, when the segment has a stream and is not quoted in an error.
fn control<'c>(cx: &'c mut Cx, stream: Option<u32>) -> Option<&'c mut Control> {
    if cx.in_error > 0 {
        return None;
    }
    let stream = stream?;
    Some(cx.state.ftp.control.entry(stream, MAX_CONVERSATIONS).0)
}

fn request(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    text_end: usize,
    item: ItemIdx,
    stream: Option<u32>,
) {
    let line = &data[offset..text_end];
    let token = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
    if token > 0 {
        cx.tree
            .add(item, REQUEST_COMMAND, offset, token, Value::Str);
    }
    let arg_start = line[token..]
        .iter()
        .position(|&b| b != b' ')
        .map_or(line.len(), |p| token + p);
    let arg = &line[arg_start..];
    if !arg.is_empty() {
        cx.tree
            .add(item, REQUEST_ARG, offset + arg_start, arg.len(), Value::Str);
    }
    let command = &line[..token];
    let client = cx.net.map(|n| n.src);
    if command.eq_ignore_ascii_case(b"PORT") {
        if let Some((ip, ip_at, ip_len, port, port_at, port_len)) = parse_six(arg) {
            let base = offset + arg_start;
            cx.tree
                .add(item, ACTIVE_CIP, base + ip_at, ip_len, Value::Ipv4(ip));
            cx.tree.add(
                item,
                ACTIVE_PORT,
                base + port_at,
                port_len,
                Value::UInt(port as u64),
            );
            if client.is_some_and(|c| c != IpAddr::from(ip)) {
                cx.tree
                    .add_generated(item, ACTIVE_NAT, offset, 0, Value::UInt(1));
            }
        }
    } else if command.eq_ignore_ascii_case(b"EPRT") {
        eprt(cx, arg, offset + arg_start, item);
    }
    let frame = cx.meta.number;
    let Some(conversation) = control(cx, stream) else {
        return;
    };
    let text = bounded(String::from_utf8_lossy(line).into_owned());
    let cwd = conversation.cwd.clone();
    let pending = conversation.pending_data.take();
    conversation.last_command = text.clone();
    if let Some(key) = pending
        && let Some(d) = cx.state.ftp.data.get_mut(&key)
        && d.command.is_none()
    {
        d.command = Some((text, frame, cwd));
    }
}

/// EPRT's `|family|address|port|` (RFC 2428): the delimiter is the argument's first character.
fn eprt(cx: &mut Cx, arg: &[u8], base: usize, item: ItemIdx) {
    let parsed = (|| {
        let &delim = arg.first()?;
        let mut parts = Vec::with_capacity(3);
        let mut at = 1;
        for _ in 0..3 {
            let len = arg.get(at..)?.iter().position(|&b| b == delim)?;
            parts.push((at, len));
            at += len + 1;
        }
        Some(parts)
    })();
    let Some(parts) = parsed else {
        cx.tree
            .add(item, EPRT_ARGS_INVALID, base, arg.len(), Value::None);
        return;
    };
    let text = |(at, len): (usize, usize)| std::str::from_utf8(&arg[at..at + len]).ok();
    let family = text(parts[0]).and_then(|t| t.parse::<u8>().ok());
    if let Some(af) = family {
        cx.tree.add(
            item,
            EPRT_AF,
            base + parts[0].0,
            parts[0].1,
            Value::UInt(af as u64),
        );
    }
    let (ip_at, ip_len) = parts[1];
    match (family, text(parts[1])) {
        (Some(1), Some(t)) => {
            if let Ok(ip) = t.parse::<std::net::Ipv4Addr>() {
                cx.tree.add(
                    item,
                    EPRT_IP,
                    base + ip_at,
                    ip_len,
                    Value::Ipv4(ip.octets()),
                );
            }
        }
        (Some(2), Some(t)) => {
            if let Ok(ip) = t.parse::<std::net::Ipv6Addr>() {
                cx.tree.add(
                    item,
                    EPRT_IPV6,
                    base + ip_at,
                    ip_len,
                    Value::Ipv6(ip.octets()),
                );
            }
        }
        _ => {}
    }
    if let Some(port) = text(parts[2]).and_then(|t| t.parse::<u16>().ok()) {
        cx.tree.add(
            item,
            EPRT_PORT,
            base + parts[2].0,
            parts[2].1,
            Value::UInt(port as u64),
        );
    }
}

/// The `h1,h2,h3,h4,p1,p2` of a PORT argument or a 227 response, starting at its first digit: the
/// address, where its text starts and how long it is, and the same for the port.
fn parse_six(text: &[u8]) -> Option<([u8; 4], usize, usize, u16, usize, usize)> {
    let mut from = 0;
    loop {
        let start = from + text.get(from..)?.iter().position(u8::is_ascii_digit)?;
        let mut numbers = [0u16; 6];
        let mut ends = [0usize; 6];
        let mut at = start;
        let mut ok = true;
        for i in 0..6 {
            let digits = text[at..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 || digits > 3 {
                ok = false;
                break;
            }
            let n: u16 = std::str::from_utf8(&text[at..at + digits])
                .ok()
                .and_then(|t| t.parse().ok())
                .unwrap_or(256);
            if n > 255 {
                ok = false;
                break;
            }
            numbers[i] = n;
            at += digits;
            ends[i] = at;
            if i < 5 {
                if text.get(at) != Some(&b',') {
                    ok = false;
                    break;
                }
                at += 1;
            }
        }
        if ok {
            let ip = [
                numbers[0] as u8,
                numbers[1] as u8,
                numbers[2] as u8,
                numbers[3] as u8,
            ];
            let port = numbers[4] << 8 | numbers[5];
            let port_at = ends[3] + 1;
            return Some((ip, start, ends[3] - start, port, port_at, ends[5] - port_at));
        }
        // Not six numbers here: look again after this run of digits.
        from = start
            + text[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
    }
}

/// EPSV's `(|||port|)` in a 229 response: the port, where its digits start and how many there are.
fn parse_epsv(text: &[u8]) -> Option<(u16, usize, usize)> {
    let open = text.iter().position(|&b| b == b'(')?;
    let &delim = text.get(open + 1)?;
    if text.get(open + 2) != Some(&delim) || text.get(open + 3) != Some(&delim) {
        return None;
    }
    let start = open + 4;
    let digits = text
        .get(start..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 || text.get(start + digits) != Some(&delim) {
        return None;
    }
    let port = std::str::from_utf8(&text[start..start + digits])
        .ok()?
        .parse()
        .ok()?;
    Some((port, start, digits))
}

/// The directory a 257 response quotes (`"name"`, with `""` standing for a quote).
fn quoted_directory(text: &[u8]) -> Option<String> {
    let open = text.iter().position(|&b| b == b'"')?;
    let mut out = Vec::new();
    let mut at = open + 1;
    loop {
        match text.get(at)? {
            b'"' if text.get(at + 1) == Some(&b'"') => {
                out.push(b'"');
                at += 2;
            }
            b'"' => break,
            &b => {
                out.push(b);
                at += 1;
            }
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The directory after a successful CWD to `arg` from `cwd`.
fn change_directory(cwd: &str, arg: &str) -> String {
    if arg.starts_with('/') {
        return arg.to_owned();
    }
    if arg == ".." {
        return parent_directory(cwd);
    }
    let mut out = cwd.to_owned();
    if !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(arg);
    out
}

/// `cwd` without its last component.
fn parent_directory(cwd: &str) -> String {
    let trimmed = cwd.trim_end_matches('/');
    match trimmed.rfind('/') {
        Some(0) => "/".to_owned(),
        Some(p) => trimmed[..p].to_owned(),
        None => cwd.to_owned(),
    }
}

fn response(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    text_end: usize,
    item: ItemIdx,
    stream: Option<u32>,
) {
    let line = &data[offset..text_end];
    let code = (line.len() >= 3 && line[..3].iter().all(u8::is_ascii_digit)).then(|| {
        line[..3]
            .iter()
            .fold(0u32, |n, &d| n * 10 + (d - b'0') as u32)
    });
    let Some(code) = code else {
        return;
    };
    cx.tree
        .add(item, RESPONSE_CODE, offset, 3, Value::UInt(code as u64));
    let arg = line.get(4..).unwrap_or(&[]);
    if !arg.is_empty() {
        cx.tree
            .add(item, RESPONSE_ARG, offset + 4, arg.len(), Value::Str);
    }
    let server = cx.net.map(|n| (n.src, n.dst));
    let frame = cx.meta.number;
    let mut announced = None;
    match code {
        227 => {
            if let Some((ip, ip_at, ip_len, port, port_at, port_len)) = parse_six(arg) {
                let base = offset + 4;
                cx.tree
                    .add(item, PASSIVE_IP, base + ip_at, ip_len, Value::Ipv4(ip));
                cx.tree.add(
                    item,
                    PASSIVE_PORT,
                    base + port_at,
                    port_len,
                    Value::UInt(port as u64),
                );
                if server.is_some_and(|(s, _)| s != IpAddr::from(ip)) {
                    cx.tree
                        .add_generated(item, PASSIVE_NAT, offset, 0, Value::UInt(1));
                }
                announced = Some((port, "PASV"));
            }
        }
        229 => match parse_epsv(arg) {
            Some((port, at, len)) => {
                match server {
                    Some((IpAddr::V4(s), _)) => {
                        cx.tree
                            .add_generated(item, EPSV_IP, offset, 0, Value::Ipv4(s.octets()));
                    }
                    Some((IpAddr::V6(s), _)) => {
                        cx.tree
                            .add_generated(item, EPSV_IPV6, offset, 0, Value::Ipv6(s.octets()));
                    }
                    None => {}
                }
                cx.tree.add(
                    item,
                    EPSV_PORT,
                    offset + 4 + at,
                    len,
                    Value::UInt(port as u64),
                );
                announced = Some((port, "EPASV"));
            }
            None => {
                cx.tree
                    .add(item, EPSV_ARGS_INVALID, offset + 4, arg.len(), Value::None);
            }
        },
        _ => {}
    }
    let Some(conversation) = control(cx, stream) else {
        return;
    };
    match code {
        250 => {
            let last = conversation.last_command.as_bytes();
            let verb = last
                .iter()
                .position(|&b| b == b' ')
                .map_or(last, |p| &last[..p]);
            if verb.eq_ignore_ascii_case(b"CWD") && last.len() > 4 {
                let arg = conversation.last_command[4..].trim_start().to_owned();
                conversation.cwd = bounded(change_directory(&conversation.cwd, &arg));
            } else if verb.eq_ignore_ascii_case(b"CDUP") {
                conversation.cwd = parent_directory(&conversation.cwd);
            }
        }
        257 => {
            if let Some(dir) = quoted_directory(arg) {
                conversation.cwd = bounded(dir);
            }
        }
        _ => {}
    }
    if let (Some((port, method)), Some((server, client))) = (announced, server) {
        let key = DataKey {
            server,
            port,
            client,
        };
        conversation.pending_data = Some(key);
        cx.state.ftp.announce(
            key,
            DataConversation {
                setup_frame: frame,
                method,
                command: None,
            },
        );
    }
}

/// Dissects a TCP payload `data[offset..]` of a data connection (one an FTP control connection
/// announced, or one on [`DATA_PORT`]).
pub fn dissect_data(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let len = data.len() - offset;
    let level = cx.layer_parent(parent);
    let top = cx.push_sublayer(
        level,
        data::PROTOCOL_FIELD,
        "ftp-data",
        "FTP-DATA",
        offset,
        len,
    );
    cx.tree
        .set_label(top, format_args!("FTP Data ({len} bytes data)"));
    let conversation = match (cx.net, cx.transport) {
        (Some(net), Some((sport, dport, _))) if cx.in_error == 0 => cx
            .state
            .ftp
            .data_key(net.src, sport, net.dst, dport)
            .and_then(|k| cx.state.ftp.data.get(&k))
            .cloned(),
        _ => None,
    };
    match &conversation {
        Some(c) => {
            let mut info = format!("FTP Data: {len} bytes ({})", c.method);
            if let Some((command, _, _)) = &c.command {
                info.push_str(&format!(" ({command})"));
            }
            cx.set_info(format_args!("{info}"));
            cx.tree.add_generated(
                level,
                DATA_SETUP_FRAME,
                offset,
                0,
                Value::UInt(c.setup_frame),
            );
            let method = cx.tree.text_value(c.method);
            cx.tree
                .add_generated(level, DATA_SETUP_METHOD, offset, 0, method);
            if let Some((command, frame, cwd)) = &c.command {
                let value = cx.tree.text_value(command);
                cx.tree.add_generated(level, DATA_COMMAND, offset, 0, value);
                // tshark 4.0 shows the command frame as a plain item, the others as generated.
                cx.tree
                    .add(level, DATA_COMMAND_FRAME, offset, 0, Value::UInt(*frame));
                let value = cx.tree.text_value(cwd);
                cx.tree
                    .add_generated(level, DATA_CURRENT_WORKING_DIRECTORY, offset, 0, value);
            }
        }
        None => cx.set_info(format_args!("FTP Data: {len} bytes")),
    }
    if data[offset..]
        .iter()
        .all(|&b| b.is_ascii_graphic() || matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
    {
        crate::protocols::http::lines(cx, data, offset, top, None);
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_numbers_of_pasv_and_port() {
        let arg = b"Entering Passive Mode (172,16,16,121,192,11)";
        let (ip, ip_at, ip_len, port, port_at, port_len) = parse_six(arg).unwrap();
        assert_eq!(ip, [172, 16, 16, 121]);
        assert_eq!((ip_at, ip_len), (23, 13));
        assert_eq!((port, port_at, port_len), (49163, 37, 6));
        // A number before the six is skipped.
        let (ip, _, _, port, _, _) = parse_six(b"227 mode 1 (10,81,0,2,160,145)").unwrap();
        assert_eq!((ip, port), ([10, 81, 0, 2], 41105));
        assert!(parse_six(b"10,81,0,2,160").is_none());
        assert!(parse_six(b"300,1,1,1,1,1").is_none());
        assert!(parse_six(b"").is_none());
    }

    #[test]
    fn epsv_port() {
        assert_eq!(
            parse_epsv(b"Entering extended passive mode (|||50005|)."),
            Some((50005, 35, 5))
        );
        assert_eq!(parse_epsv(b"(!!!21!)"), Some((21, 4, 2)));
        assert_eq!(parse_epsv(b"(||50005|)"), None);
        assert_eq!(parse_epsv(b"(|||"), None);
    }

    #[test]
    fn directories() {
        assert_eq!(change_directory("/", "pub"), "/pub");
        assert_eq!(change_directory("/pub", "docs"), "/pub/docs");
        assert_eq!(change_directory("/pub", "/backup/"), "/backup/");
        assert_eq!(change_directory("/pub/docs", ".."), "/pub");
        assert_eq!(parent_directory("/pub"), "/");
        assert_eq!(
            quoted_directory(br#""/a ""b""" is current"#).as_deref(),
            Some(r#"/a "b""#)
        );
        assert_eq!(quoted_directory(b"no quote"), None);
        assert_eq!(quoted_directory(b"\"unterminated"), None);
    }

    #[test]
    fn data_connections_are_bounded() {
        let mut state = State::default();
        let addr = |n: u8| IpAddr::from([10, 0, 0, n]);
        for port in 0..(MAX_DATA_CONVERSATIONS + 10) as u16 {
            state.announce(
                DataKey {
                    server: addr(1),
                    port,
                    client: addr(2),
                },
                DataConversation {
                    setup_frame: 1,
                    method: "PASV",
                    command: None,
                },
            );
        }
        assert_eq!(state.data.len(), MAX_DATA_CONVERSATIONS);
        assert!(!state.is_data_connection(addr(1), 5, addr(2), 4000));
        assert!(state.is_data_connection(addr(2), 4000, addr(1), 100));
        assert!(state.is_data_connection(addr(1), 100, addr(2), 4000));
        assert!(!state.is_data_connection(addr(3), 4000, addr(1), 20));
    }

    #[test]
    fn long_text_is_cut() {
        assert_eq!(bounded("é".repeat(MAX_TEXT)).len(), MAX_TEXT);
    }
}
