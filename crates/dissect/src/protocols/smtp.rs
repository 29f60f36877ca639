//! SMTP (RFC 5321) as tshark 4.0 shows it: command lines, replies (multi-line ones too), AUTH LOGIN
//! exchanges and the DATA phase, whose segments are put together up to the line holding a lone "."
//! and handed to IMF.
//!
//! What tshark 4.0 does, and so what this does (checked on the corpus captures):
//! - A segment to the server port is a request, one from it a response; each line is shown.
//! - A command is the line's first four bytes and its parameter starts at the sixth ("STARTTLS" is
//!   command "STAR", parameter "TLS"), whatever the line says.
//! - A reply's code is shown once per reply (on its first line), every line's text as a parameter.
//! - After the client's DATA and the server's 354, each client segment is a "DATA fragment" shown as
//!   text, until the line "."; the frame holding it shows the reassembled message as IMF.
//! - After AUTH LOGIN the client's lines are the base64 user name and password (Info "User:" and
//!   "Pass:"), flagged by an expert note as credentials.
//! - After STARTTLS and a 220 reply the rest of the connection is TLS: TCP hands it to TLS.
//!
//! Bounds: the state of at most [`MAX_CONVERSATIONS`] connections is kept (oldest dropped), a message
//! in reassembly holds at most [`MAX_MESSAGE`] bytes (past it the message is given up, with a note).
//! Lines cut across segments are shown per segment (tshark puts them together with TCP's reassembly).

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity};
use crate::reassembly::{FragmentFields, FragmentInfo, Reassembled};

fields::declare_protocol! {
    proto SMTP = super::ids::SMTP, "Simple Mail Transfer Protocol", "SMTP", "smtp";
    REQ: "smtp.req", "Request", Boolean, None;
    RSP: "smtp.rsp", "Response", Boolean, None;
    MESSAGE: "smtp.message", "Message", String, None;
    COMMAND_LINE: "smtp.command_line", "Command Line", String, None;
    REQ_COMMAND: "smtp.req.command", "Command", String, None;
    REQ_PARAMETER: "smtp.req.parameter", "Request parameter", String, None;
    RESPONSE: "smtp.response", "Response", String, None;
    RESPONSE_CODE: "smtp.response.code", "Response code", UInt32, Dec, values REPLY_CODES;
    RSP_PARAMETER: "smtp.rsp.parameter", "Response parameter", String, None;
    AUTH_USERNAME: "smtp.auth.username", "Username", String, None;
    AUTH_PASSWORD: "smtp.auth.password", "Password", String, None;
    AUTH_USERNAME_PASSWORD: "smtp.auth.username_password", "Username/Password", String, None;
    EOM: "smtp.eom", "EOM", None, None;
    DATA_FRAGMENTS: "smtp.data.fragments", "DATA fragments", None, None, blurb "Message fragments";
    DATA_FRAGMENT: "smtp.data.fragment", "DATA fragment", FrameNum, None, blurb "Message fragment";
    DATA_FRAGMENT_OVERLAP: "smtp.data.fragment.overlap", "DATA fragment overlap", Boolean, Bits(0), blurb "Message fragment overlap";
    DATA_FRAGMENT_OVERLAP_CONFLICTS: "smtp.data.fragment.overlap.conflicts", "DATA fragment overlapping with conflicting data", Boolean, Bits(0), blurb "Message fragment overlapping with conflicting data";
    DATA_FRAGMENT_MULTIPLE_TAILS: "smtp.data.fragment.multiple_tails", "DATA has multiple tail fragments", Boolean, Bits(0), blurb "Message has multiple tail fragments";
    DATA_FRAGMENT_TOO_LONG: "smtp.data.fragment.too_long_fragment", "DATA fragment too long", Boolean, Bits(0), blurb "Message fragment too long";
    DATA_FRAGMENT_ERROR: "smtp.data.fragment.error", "DATA defragmentation error", FrameNum, None, blurb "Message defragmentation error";
    DATA_FRAGMENT_COUNT: "smtp.data.fragment.count", "DATA fragment count", UInt32, Dec;
    DATA_REASSEMBLED_IN: "smtp.data.reassembled.in", "Reassembled DATA in frame", FrameNum, None, blurb "This DATA fragment is reassembled in this frame";
    DATA_REASSEMBLED_LENGTH: "smtp.data.reassembled.length", "Reassembled DATA length", UInt32, Dec, blurb "The total length of the reassembled payload";
    BASE64_DECODE: "smtp.base64_decode", "base64 decode failed or is not enabled (check SMTP preferences)", None, None;
    RESPONSE_CODE_UNEXPECTED: "smtp.response.code.unexpected", "Unexpected response code in multiline response", None, None;
}

static REPLY_CODES: &[(u64, &str)] = &[
    (211, "System status, or system help reply"),
    (214, "Help message"),
    (220, "<domain> Service ready"),
    (221, "<domain> Service closing transmission channel"),
    (235, "Authentication successful"),
    (250, "Requested mail action okay, completed"),
    (251, "User not local; will forward to <forward-path>"),
    (
        252,
        "Cannot VRFY user, but will accept message and attempt delivery",
    ),
    (334, "AUTH input"),
    (354, "Start mail input; end with <CRLF>.<CRLF>"),
    (
        421,
        "<domain> Service not available, closing transmission channel",
    ),
    (432, "A password transition is needed"),
    (450, "Requested mail action not taken: mailbox unavailable"),
    (451, "Requested action aborted: local error in processing"),
    (
        452,
        "Requested action not taken: insufficient system storage",
    ),
    (454, "Temporary authenticaion failure"),
    (500, "Syntax error, command unrecognized"),
    (501, "Syntax error in parameters or arguments"),
    (502, "Command not implemented"),
    (503, "Bad sequence of commands"),
    (504, "Command parameter not implemented"),
    (530, "Authentication required"),
    (534, "Authentication mechanism is too weak"),
    (535, "Authentication credentials invalid"),
    (
        538,
        "Encryption required for requested authentication mechanism",
    ),
    (550, "Requested action not taken: mailbox unavailable"),
    (551, "User not local; please try <forward-path>"),
    (
        552,
        "Requested mail action aborted: exceeded storage allocation",
    ),
    (553, "Requested action not taken: mailbox name not allowed"),
    (554, "Transaction failed"),
];

static FRAGMENT_FIELDS: FragmentFields = FragmentFields {
    name: "DATA",
    noun: "fragments",
    source_name: "Reassembled SMTP",
    fragments: DATA_FRAGMENTS,
    fragments_are_bytes: false,
    fragment: DATA_FRAGMENT,
    error: DATA_FRAGMENT_ERROR,
    overlap: DATA_FRAGMENT_OVERLAP,
    overlap_conflict: DATA_FRAGMENT_OVERLAP_CONFLICTS,
    multiple_tails: DATA_FRAGMENT_MULTIPLE_TAILS,
    too_long: DATA_FRAGMENT_TOO_LONG,
    count: DATA_FRAGMENT_COUNT,
    reassembled_length: DATA_REASSEMBLED_LENGTH,
    reassembled_data: None,
};

/// The TCP ports tshark 4.0 takes for SMTP by default.
pub const PORTS: &[u16] = &[25, 587];

/// Connections whose state is kept; the oldest are dropped past this.
pub const MAX_CONVERSATIONS: usize = 1024;

/// Bytes one message in the DATA phase may hold while it is put together.
pub const MAX_MESSAGE: usize = 16 << 20;

/// Where a connection is in the session (Wireshark's states, which a line of the client moves on).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Phase {
    #[default]
    Commands,
    /// After DATA (not waiting for the 354): client lines are the message, up to a line ".".
    Data,
    /// The client sent STARTTLS; the next reply, if 220, starts TLS.
    StartTlsAsked,
    /// TLS from the next frame on.
    Tls,
}

/// Where an AUTH LOGIN exchange is.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Auth {
    #[default]
    None,
    /// AUTH LOGIN sent; the server's 334 asks for the user name.
    Start,
    UserAsked,
    UserSent,
    PasswordAsked,
    PasswordSent,
}

#[derive(Debug, Default)]
struct Conversation {
    phase: Phase,
    auth: Auth,
    /// A DATA command was seen: lines that are no command are message lines.
    data_seen: bool,
    /// The client's last segment in the DATA phase ended a line with CR LF.
    crlf_seen: bool,
    message: Vec<u8>,
    fragments: Vec<FragmentInfo>,
    /// The message passed [`MAX_MESSAGE`]: the rest of it is shown but not kept.
    given_up: bool,
    /// BDAT (RFC 3030): the bytes the chunks announced so far, and those read; the last chunk was
    /// announced.
    chunks_total: u64,
    chunks_read: u64,
    last_chunk: bool,
}

/// What a client segment is, as Wireshark classes it from its lines (the last line decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pdu {
    Command,
    /// Message bytes, all of the segment.
    Message,
    /// The message ends at the line starting at this offset.
    Eom(usize),
    User,
    Password,
    /// Message bytes, all of the segment, ending the last BDAT chunk: the message is complete.
    LastChunk,
}

/// The commands Wireshark knows (a line starting with one of them is a command, whatever the state).
static COMMANDS: &[&[u8]] = &[
    b"HELO",
    b"EHLO",
    b"MAIL",
    b"RCPT",
    b"DATA",
    b"RSET",
    b"SEND",
    b"SOML",
    b"SAML",
    b"VRFY",
    b"EXPN",
    b"HELP",
    b"NOOP",
    b"QUIT",
    b"TURN",
    b"ATRN",
    b"AUTH",
    b"BDAT",
    b"ETRN",
    b"STARTTLS",
    b"X-EXPS",
    b"X-LINK2STATE",
    b"XEXCH50",
];

/// SMTP state of the run, per TCP stream.
#[derive(Debug, Default)]
pub struct State {
    conversations: crate::flow::StreamTable<Conversation>,
}

impl State {
    fn conversation(&mut self, stream: u32) -> &mut Conversation {
        self.conversations.entry(stream, MAX_CONVERSATIONS).0
    }
}

/// Splits `data[from..]` into lines, each with its end (past the LF, or the data's end) and the end of
/// its text (before CR LF or LF).
fn lines(data: &[u8], from: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut at = from;
    while at < data.len() {
        let end = data[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |p| at + p + 1);
        let mut text_end = end;
        if text_end > at && data[text_end - 1] == b'\n' {
            text_end -= 1;
        }
        if text_end > at && data[text_end - 1] == b'\r' {
            text_end -= 1;
        }
        out.push((at, text_end, end));
        at = end;
    }
    out
}

/// Dissects a TCP payload `data[offset..]` on an SMTP port.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    if offset >= data.len() {
        return 0;
    }
    let (sport, dport) = cx.transport.map_or((0, 0), |(s, d, _)| (s, d));
    let is_request = PORTS.contains(&dport) && !(PORTS.contains(&sport) && sport < dport);
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    let mut phase = cx.state.smtp.conversation(stream).phase;
    if phase == Phase::Tls && cx.over_tls {
        // What TLS decrypted after the STARTTLS: the session starts again with commands.
        phase = Phase::Commands;
        cx.state.smtp.conversation(stream).phase = phase;
    }
    if phase == Phase::Tls {
        // TCP hands the connection to TLS after the 220; a segment that still comes here (one TCP
        // could not reassemble) is data, as tshark lists no SMTP on it.
        crate::protocols::data::dissect(cx, data, offset, parent);
        return data.len() - offset;
    }
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "smtp",
        "SMTP",
        offset,
        data.len() - offset,
    );
    if is_request {
        request(cx, data, offset, top, stream);
    } else {
        let src = cx.tree.current_source();
        cx.tree.add_in(
            top,
            RSP,
            src,
            offset,
            0,
            Value::UInt(1),
            fields::tree::flags::HIDDEN,
        );
        replies(cx, data, offset, top, stream);
    }
    data.len() - offset
}

/// Classes a client segment `data[offset..]` line by line, moving the conversation's state on.
fn classify(conv: &mut Conversation, data: &[u8], offset: usize) -> Pdu {
    let mut pdu = Pdu::Command;
    let ends_crlf = data.ends_with(b"\r\n");
    for (start, text_end, _) in lines(data, offset) {
        let rest = &data[start..];
        if conv.phase == Phase::Data {
            let eom =
                (conv.crlf_seen && rest.starts_with(b".\r\n")) || rest.starts_with(b"\r\n.\r\n");
            conv.crlf_seen = ends_crlf;
            if eom {
                conv.phase = Phase::Commands;
                return Pdu::Eom(start);
            }
            pdu = Pdu::Message;
            if conv.chunks_total > 0 {
                // A BDAT chunk: it ends after the bytes BDAT announced, commands follow.
                conv.chunks_read += (data.len() - start) as u64;
                if conv.chunks_read == conv.chunks_total {
                    conv.phase = Phase::Commands;
                    if conv.last_chunk {
                        return Pdu::LastChunk;
                    }
                    return pdu;
                }
            }
            continue;
        }
        let line = &data[start..text_end];
        let cmd_len = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
        let cmd = &line[..cmd_len];
        if COMMANDS.iter().any(|c| c.eq_ignore_ascii_case(cmd)) {
            pdu = Pdu::Command;
            let upper = line.to_ascii_uppercase();
            if upper.starts_with(b"BDAT") {
                let n: u64 = std::str::from_utf8(line.get(5..).unwrap_or(&[]))
                    .ok()
                    .and_then(|t| t.split(' ').next())
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(0);
                conv.data_seen = true;
                conv.chunks_total = conv.chunks_total.saturating_add(n);
                conv.phase = if n == 0 { Phase::Commands } else { Phase::Data };
                conv.last_chunk = upper.ends_with(b"LAST");
            } else if upper.starts_with(b"DATA") {
                conv.phase = Phase::Data;
                conv.data_seen = true;
            } else if upper.starts_with(b"AUTH LOGIN") && line.len() <= 11 {
                conv.auth = Auth::Start;
            } else if upper.starts_with(b"AUTH LOGIN") {
                conv.auth = Auth::UserSent;
            } else if upper.starts_with(b"STARTTLS") {
                conv.phase = Phase::StartTlsAsked;
            }
        } else if conv.auth == Auth::UserAsked {
            conv.auth = Auth::UserSent;
            pdu = Pdu::User;
        } else if conv.auth == Auth::PasswordAsked {
            conv.auth = Auth::PasswordSent;
            pdu = Pdu::Password;
        } else {
            pdu = if conv.data_seen {
                Pdu::Message
            } else {
                Pdu::Command
            };
        }
    }
    pdu
}

/// A client segment: classed, then shown as its class says.
fn request(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, stream: u32) {
    let pdu = classify(cx.state.smtp.conversation(stream), data, offset);
    // tshark marks command and credential lines as requests, not the message's bytes.
    if matches!(pdu, Pdu::Command | Pdu::User | Pdu::Password) {
        let src = cx.tree.current_source();
        cx.tree.add_in(
            top,
            REQ,
            src,
            offset,
            0,
            Value::UInt(1),
            fields::tree::flags::HIDDEN,
        );
    }
    match pdu {
        Pdu::Command => commands(cx, data, offset, top),
        Pdu::User | Pdu::Password => {
            let (start, text_end, _) = lines(data, offset)[0];
            let user = pdu == Pdu::User;
            let field = if user { AUTH_USERNAME } else { AUTH_PASSWORD };
            // No expert note here: tshark 4.0 notes credentials only on the AUTH command's line.
            cx.tree.add(top, field, start, text_end - start, Value::Str);
            let shown = String::from_utf8_lossy(&data[start..text_end]).into_owned();
            let what = if user { "User" } else { "Pass" };
            cx.set_info(format_args!("C: {what}: {shown}"));
        }
        Pdu::Message | Pdu::LastChunk => {
            let n = data.len() - offset;
            cx.set_info(format_args!(
                "C: DATA fragment, {n} byte{}",
                if n == 1 { "" } else { "s" }
            ));
            if pdu == Pdu::LastChunk {
                // tshark 4.0 shows no message put together from BDAT chunks: none is kept.
                let conv = cx.state.smtp.conversation(stream);
                conv.message = Vec::new();
                conv.fragments = Vec::new();
                conv.given_up = false;
                conv.chunks_total = 0;
                conv.chunks_read = 0;
            } else {
                add_fragment(cx, data, offset, data.len(), top, stream);
            }
            // tshark shows the text inside SMTP's tree, not beside it (io,phs lists no child).
            cx.within(top, |cx| {
                crate::protocols::http::lines(cx, data, offset, top, None)
            });
            if let Some(whole) = crate::reassembly::reassembled_later(cx, message_key(stream)) {
                let src = cx.tree.current_source();
                cx.tree.add_in(
                    top,
                    DATA_REASSEMBLED_IN,
                    src,
                    offset,
                    0,
                    Value::UInt(whole),
                    fields::tree::flags::GENERATED,
                );
            }
        }
        Pdu::Eom(at) => {
            cx.set_info(format_args!("C: ."));
            add_fragment(cx, data, offset, at, top, stream);
            let (_, text_end, _) = lines(data, at)[0];
            let eom = cx.tree.add(top, EOM, at, text_end - at, Value::None);
            cx.tree.set_label(eom, format_args!("C: ."));
            let conv = cx.state.smtp.conversation(stream);
            let given_up = std::mem::take(&mut conv.given_up);
            let message = Reassembled {
                data: std::mem::take(&mut conv.message),
                fragments: std::mem::take(&mut conv.fragments),
            };
            if !given_up && !message.data.is_empty() {
                crate::reassembly::completed(cx, message_key(stream), &message);
                let source = crate::reassembly::show(cx, top, &FRAGMENT_FIELDS, &message);
                let previous = cx.tree.current_source();
                cx.tree.set_current_source(source);
                crate::protocols::imf::dissect(cx, &message.data, 0, top);
                cx.set_protocol("SMTP/IMF");
                cx.tree.set_current_source(previous);
            }
        }
    }
}

/// What the first pass of a two-pass run records the frames of a stream's messages under.
fn message_key(stream: u32) -> crate::reassembly::FragKey {
    crate::reassembly::FragKey::Stream {
        protocol: "smtp",
        stream,
    }
}

/// Adds `data[from..to]` to the conversation's message (unless it was given up at the size cap).
fn add_fragment(cx: &mut Cx, data: &[u8], from: usize, to: usize, top: ItemIdx, stream: u32) {
    let frame = cx.meta.number;
    let conv = cx.state.smtp.conversation(stream);
    let piece = &data[from..to];
    if conv.given_up || piece.is_empty() {
        return;
    }
    if conv.message.len() + piece.len() > MAX_MESSAGE {
        conv.given_up = true;
        conv.message = Vec::new();
        conv.fragments = Vec::new();
        cx.expert(
            top,
            DATA_FRAGMENT_ERROR,
            Severity::Warning,
            Group::Malformed,
            format_args!("Message longer than {MAX_MESSAGE} bytes: not reassembled"),
        );
        return;
    }
    conv.fragments.push(FragmentInfo {
        frame,
        offset: conv.message.len(),
        len: piece.len(),
        overlap: false,
        overlap_conflict: false,
        multiple_tails: false,
        too_long: false,
    });
    conv.message.extend_from_slice(piece);
}

/// Shows every line of `data[from..]` as a command line: the first four bytes the command, from the
/// sixth on the parameter.
fn commands(cx: &mut Cx, data: &[u8], from: usize, top: ItemIdx) {
    let mut info = String::new();
    for (start, text_end, end) in lines(data, from) {
        let text = &data[start..text_end];
        if !info.is_empty() {
            info.push_str(" | ");
        }
        info.push_str(&String::from_utf8_lossy(text));
        let line = cx
            .tree
            .add(top, COMMAND_LINE, start, end - start, Value::Str);
        let len = text_end - start;
        cx.tree
            .add(line, REQ_COMMAND, start, len.min(4), Value::Str);
        if len > 5 {
            cx.tree
                .add(line, REQ_PARAMETER, start + 5, len - 5, Value::Str);
        }
        let upper = text.to_ascii_uppercase();
        if upper.starts_with(b"AUTH PLAIN ") && len > 11 {
            // The initial response (RFC 4954) holds the credentials, base64.
            let it = cx.tree.add(
                line,
                AUTH_USERNAME_PASSWORD,
                start + 11,
                len - 11,
                Value::Str,
            );
            cx.expert(
                it,
                BASE64_DECODE,
                Severity::Warning,
                Group::Protocol,
                format_args!("Credentials sent in the clear (base64)"),
            );
        } else if upper.starts_with(b"AUTH LOGIN ") {
            cx.expert(
                line,
                AUTH_USERNAME_PASSWORD,
                Severity::Note,
                Group::Protocol,
                format_args!("Credentials sent in the clear (base64)"),
            );
        }
    }
    cx.set_info(format_args!("C: {info}"));
}

/// Reply lines: each reply (its first line) an item with the code, every line's text a parameter
/// under it.
fn replies(cx: &mut Cx, data: &[u8], offset: usize, top: ItemIdx, stream: u32) {
    let mut info = String::new();
    let mut continued = false;
    let mut reply = top;
    for (start, text_end, end) in lines(data, offset) {
        let text = &data[start..text_end];
        if !continued {
            reply = cx.tree.add(top, RESPONSE, start, end - start, Value::Str);
        }
        let line = reply;
        let code = (text.len() >= 3 && text[..3].iter().all(u8::is_ascii_digit)).then(|| {
            text[..3]
                .iter()
                .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
        });
        let shown_from = if continued { 4.min(text.len()) } else { 0 };
        if !info.is_empty() {
            info.push_str(" | ");
        }
        info.push_str(&String::from_utf8_lossy(&text[shown_from..]));
        if let Some(code) = code {
            if !continued {
                cx.tree
                    .add(line, RESPONSE_CODE, start, 3, Value::UInt(code.into()));
                let conv = cx.state.smtp.conversation(stream);
                let mut tls = false;
                if conv.phase == Phase::StartTlsAsked {
                    tls = code == 220;
                    conv.phase = if tls { Phase::Tls } else { Phase::Commands };
                }
                conv.auth = match (conv.auth, code) {
                    (Auth::Start, 334) => Auth::UserAsked,
                    (Auth::UserSent, 334) => Auth::PasswordAsked,
                    (Auth::PasswordSent, _) => Auth::None,
                    (a, _) => a,
                };
                if tls {
                    crate::protocols::tcp::start_tls(cx, dissect, SMTP);
                }
            }
            if text.len() > 4 {
                cx.tree
                    .add(line, RSP_PARAMETER, start + 4, text.len() - 4, Value::Str);
            }
            continued = text.get(3) == Some(&b'-');
        } else {
            continued = false;
        }
    }
    cx.set_info(format_args!("S: {info}"));
}
