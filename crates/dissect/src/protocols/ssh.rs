//! SSH (RFC 4253) on TCP port 22 and 29418, as tshark 4.0 shows it without keys.
//!
//! What tshark 4.0 does, and so what this does (checked with `-V` and PDML on the corpus):
//! - Each segment is dissected on its own (the corpus shows no `tcp.reassembled_in` for SSH): the
//!   version line when the direction has not sent one yet, then binary packets up to the segment's end.
//! - Info is "Client: " or "Server: " followed by the segment's messages joined with ", ". The side
//!   whose port is the SSH port is the server.
//! - The Protocol column is "SSHv2" once the client's version line said 2.x, in frames after it.
//! - After a direction's NEWKEYS its packets are encrypted. When the chosen cipher is one tshark 4.0 can
//!   decrypt (chacha20-poly1305, AES-GCM) it shows the rest of the segment as one item
//!   "SSH Version 2 (encryption:... compression:...)" and adds nothing to Info; otherwise an item with
//!   `ssh.packet_length_encrypted` and `ssh.encrypted_packet`, Info "Encrypted packet (len=N)".
//! - The algorithms each side will use are worked out by RFC 4253's first-match rule when both KEXINITs
//!   were seen; tshark 4.0 has no fields for them, so they are hidden fields `ssh.chosen.*` of ours.

use fields::{ItemIdx, Value};

use crate::Cx;
use crate::cx::{Group, Severity, read};

fields::declare_protocol! {
    proto SSH = super::ids::SSH, "SSH Protocol", "SSH", "ssh";
    PROTOCOL_LINE: "ssh.protocol", "Protocol", String, None;
    PACKET_LENGTH: "ssh.packet_length", "Packet Length", UInt32, Dec;
    PACKET_LENGTH_ENCRYPTED: "ssh.packet_length_encrypted", "Packet Length (encrypted)", Bytes, None;
    PADDING_LENGTH: "ssh.padding_length", "Padding Length", UInt8, Dec;
    PAYLOAD: "ssh.payload", "Payload", Bytes, None;
    ENCRYPTED_PACKET: "ssh.encrypted_packet", "Encrypted Packet", Bytes, None;
    PADDING_STRING: "ssh.padding_string", "Padding String", Bytes, None;
    SEQ_NUM: "ssh.seq_num", "Sequence number", UInt32, Dec;
    DIRECTION: "ssh.direction", "Direction", Boolean, Bits(0), tf ("server-to-client", "client-to-server"), blurb "Message direction";
    MESSAGE_CODE: "ssh.message_code", "Message Code", UInt8, Dec;
    COOKIE: "ssh.cookie", "Cookie", Bytes, None;
    KEX_ALGORITHMS: "ssh.kex_algorithms", "kex_algorithms string", String, None;
    SERVER_HOST_KEY_ALGORITHMS: "ssh.server_host_key_algorithms", "server_host_key_algorithms string", String, None;
    ENC_C2S: "ssh.encryption_algorithms_client_to_server", "encryption_algorithms_client_to_server string", String, None;
    ENC_S2C: "ssh.encryption_algorithms_server_to_client", "encryption_algorithms_server_to_client string", String, None;
    MAC_C2S: "ssh.mac_algorithms_client_to_server", "mac_algorithms_client_to_server string", String, None;
    MAC_S2C: "ssh.mac_algorithms_server_to_client", "mac_algorithms_server_to_client string", String, None;
    COMP_C2S: "ssh.compression_algorithms_client_to_server", "compression_algorithms_client_to_server string", String, None;
    COMP_S2C: "ssh.compression_algorithms_server_to_client", "compression_algorithms_server_to_client string", String, None;
    LANG_C2S: "ssh.languages_client_to_server", "languages_client_to_server string", String, None;
    LANG_S2C: "ssh.languages_server_to_client", "languages_server_to_client string", String, None;
    KEX_ALGORITHMS_LENGTH: "ssh.kex_algorithms_length", "kex_algorithms length", UInt32, Dec;
    SERVER_HOST_KEY_ALGORITHMS_LENGTH: "ssh.server_host_key_algorithms_length", "server_host_key_algorithms length", UInt32, Dec;
    ENC_C2S_LENGTH: "ssh.encryption_algorithms_client_to_server_length", "encryption_algorithms_client_to_server length", UInt32, Dec;
    ENC_S2C_LENGTH: "ssh.encryption_algorithms_server_to_client_length", "encryption_algorithms_server_to_client length", UInt32, Dec;
    MAC_C2S_LENGTH: "ssh.mac_algorithms_client_to_server_length", "mac_algorithms_client_to_server length", UInt32, Dec;
    MAC_S2C_LENGTH: "ssh.mac_algorithms_server_to_client_length", "mac_algorithms_server_to_client length", UInt32, Dec;
    COMP_C2S_LENGTH: "ssh.compression_algorithms_client_to_server_length", "compression_algorithms_client_to_server length", UInt32, Dec;
    COMP_S2C_LENGTH: "ssh.compression_algorithms_server_to_client_length", "compression_algorithms_server_to_client length", UInt32, Dec;
    LANG_C2S_LENGTH: "ssh.languages_client_to_server_length", "languages_client_to_server length", UInt32, Dec;
    LANG_S2C_LENGTH: "ssh.languages_server_to_client_length", "languages_server_to_client length", UInt32, Dec;
    FIRST_KEX_PACKET_FOLLOWS: "ssh.first_kex_packet_follows", "First KEX Packet Follows", UInt8, Dec;
    KEX_RESERVED: "ssh.kex.reserved", "Reserved", Bytes, None;
    HOST_KEY_LENGTH: "ssh.host_key.length", "Host key length", UInt32, Dec;
    HOST_KEY_TYPE_LENGTH: "ssh.host_key.type_length", "Host key type length", UInt32, Dec;
    HOST_KEY_TYPE: "ssh.host_key.type", "Host key type", String, None;
    HOST_KEY_DATA: "ssh.host_key.data", "Host key data", Bytes, None;
    HOST_SIG_LENGTH: "ssh.host_sig.length", "Host signature length", UInt32, Dec;
    HOST_SIG_TYPE_LENGTH: "ssh.host_sig.type_length", "Host signature type length", UInt32, Dec;
    HOST_SIG_TYPE: "ssh.host_sig.type", "Host signature type", String, None;
    HOST_SIG_DATA: "ssh.host_sig.data", "Host signature data", Bytes, None;
    DH_E: "ssh.dh.e", "DH client e", Bytes, None;
    DH_F: "ssh.dh.f", "DH server f", Bytes, None;
    DH_GEX_MIN: "ssh.dh_gex.min", "DH GEX Min", UInt32, Dec, blurb "Minimal acceptable group size";
    DH_GEX_NBITS: "ssh.dh_gex.nbits", "DH GEX Number of Bits", UInt32, Dec, blurb "Preferred group size";
    DH_GEX_MAX: "ssh.dh_gex.max", "DH GEX Max", UInt32, Dec, blurb "Maximal acceptable group size";
    DH_GEX_P: "ssh.dh_gex.p", "DH GEX modulus (P)", Bytes, None;
    DH_GEX_G: "ssh.dh_gex.g", "DH GEX base (G)", Bytes, None;
    ECDH_Q_C: "ssh.ecdh.q_c", "ECDH client's ephemeral public key (Q_C)", Bytes, None;
    ECDH_Q_C_LENGTH: "ssh.ecdh.q_c_length", "ECDH client's ephemeral public key length", UInt32, Dec;
    ECDH_Q_S: "ssh.ecdh.q_s", "ECDH server's ephemeral public key (Q_S)", Bytes, None;
    ECDH_Q_S_LENGTH: "ssh.ecdh.q_s_length", "ECDH server's ephemeral public key length", UInt32, Dec;
    MPINT_LENGTH: "ssh.mpint_length", "Multi Precision Integer Length", UInt32, Dec;
    RSA_N: "ssh.host_key.rsa.n", "RSA modulus (N)", Bytes, None;
    RSA_E: "ssh.host_key.rsa.e", "RSA public exponent (e)", Bytes, None;
    DSA_P: "ssh.host_key.dsa.p", "DSA prime modulus (p)", Bytes, None;
    DSA_Q: "ssh.host_key.dsa.q", "DSA prime divisor (q)", Bytes, None;
    DSA_G: "ssh.host_key.dsa.g", "DSA subgroup generator (g)", Bytes, None;
    DSA_Y: "ssh.host_key.dsa.y", "DSA public key (y)", Bytes, None;
    ECDSA_ID: "ssh.host_key.ecdsa.id", "ECDSA elliptic curve identifier", String, None;
    ECDSA_ID_LENGTH: "ssh.host_key.ecdsa.id_length", "ECDSA elliptic curve identifier length", UInt32, Dec;
    ECDSA_Q: "ssh.host_key.ecdsa.q", "ECDSA public key (Q)", Bytes, None;
    ECDSA_Q_LENGTH: "ssh.host_key.ecdsa.q_length", "ECDSA public key length", UInt32, Dec;
    EDDSA_KEY: "ssh.host_key.eddsa.key", "EdDSA public key", Bytes, None;
    EDDSA_KEY_LENGTH: "ssh.host_key.eddsa.key_length", "EdDSA public key length", UInt32, Dec;
    SIG_RSA: "ssh.host_sig.rsa", "RSA signature", Bytes, None;
    SIG_DSA: "ssh.host_sig.dsa", "DSA signature", Bytes, None;
    PACKET_DECODE_ERROR: "ssh.packet_decode.error", "Packet decoded length not equal to packet length", None, None;
    HASSH_ALGORITHMS: "ssh.kex.hassh_algorithms", "hasshAlgorithms", String, None;
    HASSH: "ssh.kex.hassh", "hassh", String, None;
    HASSHSERVER_ALGORITHMS: "ssh.kex.hasshserver_algorithms", "hasshServerAlgorithms", String, None;
    HASSHSERVER: "ssh.kex.hasshserver", "hasshServer", String, None;
    CHOSEN_KEX: "ssh.chosen.kex", "Chosen key exchange method", String, None;
    CHOSEN_HOST_KEY: "ssh.chosen.host_key", "Chosen host key algorithm", String, None;
    CHOSEN_ENC_C2S: "ssh.chosen.encryption_client_to_server", "Chosen cipher client to server", String, None;
    CHOSEN_ENC_S2C: "ssh.chosen.encryption_server_to_client", "Chosen cipher server to client", String, None;
    CHOSEN_MAC_C2S: "ssh.chosen.mac_client_to_server", "Chosen MAC client to server", String, None;
    CHOSEN_MAC_S2C: "ssh.chosen.mac_server_to_client", "Chosen MAC server to client", String, None;
    CHOSEN_COMP_C2S: "ssh.chosen.compression_client_to_server", "Chosen compression client to server", String, None;
    CHOSEN_COMP_S2C: "ssh.chosen.compression_server_to_client", "Chosen compression server to client", String, None;
}

/// Conversations whose SSH state is kept; the oldest is dropped past this.
const MAX_CONVERSATIONS: usize = 4096;

/// A KEXINIT name-list longer than this is not kept for the algorithm choice (real ones are < 2 KiB).
const MAX_NAME_LIST: usize = 8192;

/// SSH state of the run, per TCP stream.
#[derive(Debug, Default)]
pub struct State {
    conversations: crate::flow::StreamTable<Conversation>,
}

#[derive(Debug, Default)]
struct Conversation {
    /// Per direction, 0 client to server and 1 server to client.
    sides: [Side; 2],
    /// The client's version line said SSH 2 (the Protocol column says "SSHv2" from the next frame on).
    v2: bool,
    /// The key exchange method both sides chose, once both KEXINITs were seen.
    kex: Option<String>,
    /// The chosen ciphers and compressions, client to server then server to client.
    enc: [Option<String>; 2],
    comp: [Option<String>; 2],
    /// The server's key exchange reply was seen: tshark then labels packets with their cipher.
    keys: bool,
}

#[derive(Debug, Default)]
struct Side {
    version_seen: bool,
    newkeys: bool,
    seq: u32,
    /// The name-lists of this side's KEXINIT, in order.
    kexinit: Option<Vec<String>>,
}

impl State {
    fn conversation(&mut self, stream: u32) -> &mut Conversation {
        self.conversations.entry(stream, MAX_CONVERSATIONS).0
    }
}

/// The ciphers tshark 4.0 sets up decryption for: without keys it shows their packets with no fields.
/// (It does so after a DH or ECDH exchange, not after a DH group exchange; see [`Conversation::cipher`].)
fn decryptable(cipher: &str) -> bool {
    matches!(
        cipher,
        "chacha20-poly1305@openssh.com"
            | "aes128-gcm@openssh.com"
            | "aes256-gcm@openssh.com"
            | "aes128-ctr"
            | "aes192-ctr"
            | "aes256-ctr"
    )
}

impl Conversation {
    /// The cipher tshark 4.0 would decrypt `dir` with: a known one, chosen in a DH or ECDH exchange
    /// (after a group exchange it sets up none, and shows packets as "Encrypted packet").
    fn cipher(&self, dir: usize) -> Option<&str> {
        let c = self.enc[dir].as_deref()?;
        (decryptable(c) && kex_kind(self.kex.as_deref()) != KexKind::DhGex).then_some(c)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KexKind {
    Unknown,
    Dh,
    DhGex,
    Ecdh,
}

fn kex_kind(method: Option<&str>) -> KexKind {
    match method {
        Some(m) if m.starts_with("diffie-hellman-group-exchange") => KexKind::DhGex,
        Some(m) if m.starts_with("diffie-hellman-group") => KexKind::Dh,
        Some(m)
            if m.starts_with("ecdh-sha2-")
                || m.starts_with("curve25519-sha256")
                || m.starts_with("curve448-sha512")
                || m.starts_with("sntrup761x25519") =>
        {
            KexKind::Ecdh
        }
        _ => KexKind::Unknown,
    }
}

fn message_name(code: u8, kind: KexKind) -> Option<&'static str> {
    Some(match (code, kind) {
        (1, _) => "Disconnect",
        (2, _) => "Ignore",
        (3, _) => "Unimplemented",
        (4, _) => "Debug",
        (5, _) => "Service Request",
        (6, _) => "Service Accept",
        (7, _) => "Extension Info",
        (20, _) => "Key Exchange Init",
        (21, _) => "New Keys",
        (30, KexKind::Dh) => "Diffie-Hellman Key Exchange Init",
        (31, KexKind::Dh) => "Diffie-Hellman Key Exchange Reply",
        (30, KexKind::DhGex) => "Diffie-Hellman Group Exchange Request (Old)",
        (31, KexKind::DhGex) => "Diffie-Hellman Group Exchange Group",
        (32, KexKind::DhGex) => "Diffie-Hellman Group Exchange Init",
        (33, KexKind::DhGex) => "Diffie-Hellman Group Exchange Reply",
        (34, KexKind::DhGex) => "Diffie-Hellman Group Exchange Request",
        (30, KexKind::Ecdh) => "Elliptic Curve Diffie-Hellman Key Exchange Init",
        (31, KexKind::Ecdh) => "Elliptic Curve Diffie-Hellman Key Exchange Reply",
        (50, _) => "User Authentication Request",
        (51, _) => "User Authentication Failure",
        (52, _) => "User Authentication Success",
        (53, _) => "User Authentication Banner",
        (80, _) => "Global Request",
        (81, _) => "Request Success",
        (82, _) => "Request Failure",
        (90, _) => "Channel Open",
        (91, _) => "Channel Open Confirmation",
        (92, _) => "Channel Open Failure",
        (93, _) => "Window Adjust",
        (94, _) => "Channel Data",
        (95, _) => "Channel Extended Data",
        (96, _) => "Channel EOF",
        (97, _) => "Channel Close",
        (98, _) => "Channel Request",
        (99, _) => "Channel Success",
        (100, _) => "Channel Failure",
        _ => return None,
    })
}

/// RFC 4253's rule: the first algorithm of the client's list that the server's list also holds.
fn first_match(client: &str, server: &str) -> Option<String> {
    client
        .split(',')
        .find(|c| !c.is_empty() && server.split(',').any(|s| s == *c))
        .map(str::to_owned)
}

/// Dissects the SSH bytes of one TCP segment (`data[offset..]`); returns how many bytes it covers.
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let Some((sport, dport, _)) = cx.transport else {
        return 0;
    };
    let end = data.len();
    if offset >= end {
        return 0;
    }
    // tshark takes the side on the SSH port for the server.
    let server_port = |p: u16| p == 22 || p == 29418;
    let from_server =
        server_port(sport) && !server_port(dport) || (sport < dport && server_port(sport));
    let dir = usize::from(from_server);
    let stream = cx.tcp_stream.unwrap_or(u32::MAX);
    // The second pass knows the version from the first, as tshark's knows it from the conversation.
    let known_v2 = matches!(&cx.state.pass, crate::Pass::Second(l) if l.ssh_v2.contains(&stream));
    let v2 = cx.state.ssh.conversation(stream).v2 || known_v2;
    let top = cx.push_layer(
        parent,
        PROTOCOL_FIELD,
        "ssh",
        if v2 { "SSHv2" } else { "SSH" },
        offset,
        end - offset,
    );
    cx.set_info(format_args!(
        "{}: ",
        if from_server { "Server" } else { "Client" }
    ));
    let mut first_message = true;
    let mut at = offset;
    while at < end {
        let conv = cx.state.ssh.conversation(stream);
        if !conv.sides[dir].version_seen && data[at..].starts_with(b"SSH-") {
            conv.sides[dir].version_seen = true;
            let line_end = data[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(end, |p| at + p + 1);
            let mut text_end = line_end;
            while text_end > at && matches!(data[text_end - 1], b'\n' | b'\r') {
                text_end -= 1;
            }
            if !from_server && data[at..text_end].starts_with(b"SSH-2.") {
                conv.v2 = true;
                if let crate::Pass::First(l) = &mut cx.state.pass
                    && l.ssh_v2.len() < crate::Lookahead::MAX_ENTRIES
                {
                    l.ssh_v2.insert(stream);
                }
            }
            cx.tree
                .add(top, PROTOCOL_LINE, at, text_end - at, Value::Str);
            let line = String::from_utf8_lossy(&data[at..text_end]).into_owned();
            cx.append_info(format_args!("Protocol ({line})"));
            first_message = false;
            at = line_end;
            continue;
        }
        if conv.sides[dir].newkeys {
            let cipher = conv.cipher(dir).map(str::to_owned);
            let comp = conv.comp[dir].clone();
            encrypted(cx, data, at, top, cipher.as_deref(), comp.as_deref());
            if cipher.is_none() {
                if !first_message {
                    cx.append_info(format_args!(", "));
                }
                cx.append_info(format_args!("Encrypted packet (len={})", end - at));
            }
            break;
        }
        let n = packet(cx, data, at, top, stream, dir, &mut first_message);
        if n == 0 {
            break;
        }
        at += n;
    }
    let item = cx.tree.add_in(
        top,
        DIRECTION,
        cx.tree.current_source(),
        offset,
        0,
        Value::UInt(dir as u64),
        fields::tree::flags::GENERATED,
    );
    let _ = item;
    end - offset
}

/// The label suffix tshark gives packets once the keys were derived with a cipher it knows.
fn version_label(cipher: Option<&str>, comp: Option<&str>) -> String {
    match (cipher, comp) {
        (Some(c), Some(z)) => {
            format!("SSH Version 2 (encryption:{c} compression:{z})")
        }
        _ => "SSH Version 2".to_owned(),
    }
}

fn encrypted(
    cx: &mut Cx,
    data: &[u8],
    at: usize,
    top: ItemIdx,
    cipher: Option<&str>,
    comp: Option<&str>,
) {
    let end = data.len();
    let label = version_label(cipher, comp);
    let item = cx.text_item(top, at, end - at, format_args!("{label}"));
    if cipher.is_some() {
        return;
    }
    let len_end = (at + 4).min(end);
    cx.tree.add(
        item,
        PACKET_LENGTH_ENCRYPTED,
        at,
        len_end - at,
        Value::Bytes,
    );
    if len_end < end {
        cx.tree
            .add(item, ENCRYPTED_PACKET, len_end, end - len_end, Value::Bytes);
    }
}

/// Reads an SSH `string` (u32 length, bytes) at `at` of `data[..end]`.
fn string_at(data: &[u8], at: usize, end: usize) -> Option<(usize, usize)> {
    let len = read::be32(&data[..end], at)? as usize;
    let start = at + 4;
    (len <= end - start).then_some((start, len))
}

/// One binary packet at `at`; returns its length on the wire (0 when nothing could be read).
fn packet(
    cx: &mut Cx,
    data: &[u8],
    at: usize,
    top: ItemIdx,
    stream: u32,
    dir: usize,
    first_message: &mut bool,
) -> usize {
    let end = data.len();
    let conv = cx.state.ssh.conversation(stream);
    let label = if conv.keys {
        version_label(conv.cipher(dir), conv.comp[dir].as_deref())
    } else {
        "SSH Version 2".to_owned()
    };
    let kind = kex_kind(conv.kex.as_deref());
    let kex_label = conv.kex.clone();
    let seq = conv.sides[dir].seq;
    conv.sides[dir].seq = seq.wrapping_add(1);
    let Some(plen) = read::be32(data, at) else {
        let item = cx.text_item(top, at, end - at, format_args!("{label}"));
        cx.short(at, "SSH truncated");
        let _ = item;
        return 0;
    };
    let total = (plen as usize).saturating_add(4);
    let pend = at.saturating_add(total).min(end);
    let item = cx.text_item(top, at, pend - at, format_args!("{label}"));
    cx.tree
        .add(item, PACKET_LENGTH, at, 4, Value::UInt(u64::from(plen)));
    let Some(padlen) = read::u8(data, at + 4) else {
        return pend - at;
    };
    cx.tree.add(
        item,
        PADDING_LENGTH,
        at + 4,
        1,
        Value::UInt(u64::from(padlen)),
    );
    let body = at + 5;
    let body_end = pend.saturating_sub(usize::from(padlen)).max(body);
    if let Some(code) = read::u8(data, body)
        && body < body_end
    {
        let name = message_name(code, kind);
        let heading = match (code, &kex_label) {
            (20..=49, Some(m)) if code != 20 => format!("Key Exchange (method:{m})"),
            (20..=49, _) => "Key Exchange".to_owned(),
            (50..=79, _) => "User Authentication".to_owned(),
            (80..=127, _) => "Connection".to_owned(),
            _ => "Transport".to_owned(),
        };
        let msg = cx.text_item(item, body, body_end - body, format_args!("{heading}"));
        let code_item = cx
            .tree
            .add(msg, MESSAGE_CODE, body, 1, Value::UInt(u64::from(code)));
        if code_item.is_stored() {
            match name {
                Some(n) => cx
                    .tree
                    .set_label(code_item, format_args!("Message Code: {n} ({code})")),
                None => cx
                    .tree
                    .set_label(code_item, format_args!("Message Code: Unknown ({code})")),
            }
        }
        if !*first_message {
            cx.append_info(format_args!(", "));
        }
        *first_message = false;
        cx.append_info(format_args!("{}", name.unwrap_or("Unknown")));
        let payload = &data[..body_end];
        match code {
            20 => kexinit(cx, payload, body + 1, msg, stream, dir),
            21 => cx.state.ssh.conversation(stream).sides[dir].newkeys = true,
            30..=34 => kex_message(cx, payload, body + 1, msg, code, kind, stream),
            _ => {
                if body + 1 < body_end {
                    cx.tree
                        .add(msg, PAYLOAD, body + 1, body_end - body - 1, Value::Bytes);
                }
            }
        }
    }
    if body_end < pend {
        cx.tree.add(
            item,
            PADDING_STRING,
            body_end,
            pend - body_end,
            Value::Bytes,
        );
    }
    // tshark 4.0 numbers the key exchange messages of a DH or DH group exchange one higher than their
    // place in the direction (KEXINIT 0, then 2, 3 ..., NEWKEYS back in step), as its own count runs.
    let seq = match read::u8(data, body) {
        Some(30..=49) if matches!(kind, KexKind::Dh | KexKind::DhGex) => seq.wrapping_add(1),
        _ => seq,
    };
    // Not marked generated: tshark shows it as if it were read from the packet.
    cx.tree
        .add(item, SEQ_NUM, pend, 0, Value::UInt(u64::from(seq)));
    pend - at
}

/// The name-lists of a KEXINIT in order: length field, string field, the string field's label.
const NAME_LISTS: [(fields::FieldId, fields::FieldId, &str); 10] = [
    (
        KEX_ALGORITHMS_LENGTH,
        KEX_ALGORITHMS,
        "kex_algorithms string",
    ),
    (
        SERVER_HOST_KEY_ALGORITHMS_LENGTH,
        SERVER_HOST_KEY_ALGORITHMS,
        "server_host_key_algorithms string",
    ),
    (
        ENC_C2S_LENGTH,
        ENC_C2S,
        "encryption_algorithms_client_to_server string",
    ),
    (
        ENC_S2C_LENGTH,
        ENC_S2C,
        "encryption_algorithms_server_to_client string",
    ),
    (
        MAC_C2S_LENGTH,
        MAC_C2S,
        "mac_algorithms_client_to_server string",
    ),
    (
        MAC_S2C_LENGTH,
        MAC_S2C,
        "mac_algorithms_server_to_client string",
    ),
    (
        COMP_C2S_LENGTH,
        COMP_C2S,
        "compression_algorithms_client_to_server string",
    ),
    (
        COMP_S2C_LENGTH,
        COMP_S2C,
        "compression_algorithms_server_to_client string",
    ),
    (
        LANG_C2S_LENGTH,
        LANG_C2S,
        "languages_client_to_server string",
    ),
    (
        LANG_S2C_LENGTH,
        LANG_S2C,
        "languages_server_to_client string",
    ),
];

fn kexinit(cx: &mut Cx, data: &[u8], at: usize, msg: ItemIdx, stream: u32, dir: usize) {
    let end = data.len();
    let alg = cx.text_item(msg, at, end - at, format_args!("Algorithms"));
    if at + 16 > end {
        cx.malformed(at, "SSH KEXINIT cookie");
        return;
    }
    cx.tree.add(alg, COOKIE, at, 16, Value::Bytes);
    let mut o = at + 16;
    let mut lists = Vec::with_capacity(NAME_LISTS.len());
    let mut spans = Vec::with_capacity(NAME_LISTS.len());
    for (len_field, str_field, label) in NAME_LISTS {
        let Some((start, len)) = string_at(data, o, end) else {
            cx.malformed(o, "SSH name-list");
            return;
        };
        cx.tree.add(alg, len_field, o, 4, Value::UInt(len as u64));
        let it = cx.tree.add(alg, str_field, start, len, Value::Str);
        truncated_label(cx, it, label, &data[start..start + len]);
        let list = &data[start..start + len.min(MAX_NAME_LIST)];
        lists.push(String::from_utf8_lossy(list).into_owned());
        spans.push((start, len));
        o = start + len;
    }
    if let Some(b) = read::u8(data, o) {
        cx.tree.add(
            alg,
            FIRST_KEX_PACKET_FOLLOWS,
            o,
            1,
            Value::UInt(u64::from(b)),
        );
        if o + 5 <= end {
            cx.tree.add(alg, KEX_RESERVED, o + 1, 4, Value::Bytes);
        }
        hassh(cx, data, &spans, o + 5, alg, dir);
    }
    let conv = cx.state.ssh.conversation(stream);
    conv.sides[dir].kexinit = Some(lists);
    let (Some(client), Some(server)) = (&conv.sides[0].kexinit, &conv.sides[1].kexinit) else {
        return;
    };
    let chosen: Vec<Option<String>> = (0..8)
        .map(|i| first_match(&client[i], &server[i]))
        .collect();
    conv.kex = chosen[0].clone();
    conv.enc = [chosen[2].clone(), chosen[3].clone()];
    conv.comp = [chosen[6].clone(), chosen[7].clone()];
    let hidden = [
        CHOSEN_KEX,
        CHOSEN_HOST_KEY,
        CHOSEN_ENC_C2S,
        CHOSEN_ENC_S2C,
        CHOSEN_MAC_C2S,
        CHOSEN_MAC_S2C,
        CHOSEN_COMP_C2S,
        CHOSEN_COMP_S2C,
    ];
    for (field, value) in hidden.into_iter().zip(chosen) {
        if let Some(v) = value {
            let v = cx.tree.text_value(&v);
            cx.hidden(alg, field, at, 0, v);
        }
    }
}

/// HASSH (Salesforce's SSH fingerprint): the sender's key exchange, encryption, MAC and compression
/// lists for its own direction, joined with ';', and their MD5, as generated items after the KEXINIT
/// (`hassh` from the client, `hasshServer` from the server), as tshark 4.0 adds them.
fn hassh(cx: &mut Cx, data: &[u8], spans: &[(usize, usize)], at: usize, alg: ItemIdx, dir: usize) {
    use md5::Digest as _;
    // kex_algorithms, then the lists of this direction (client to server: 2, 4, 6).
    let picks = if dir == 0 { [0, 2, 4, 6] } else { [0, 3, 5, 7] };
    let mut text = Vec::new();
    for (i, &pick) in picks.iter().enumerate() {
        let Some(&(start, len)) = spans.get(pick) else {
            return;
        };
        if i > 0 {
            text.push(b';');
        }
        text.extend_from_slice(&data[start..start + len]);
    }
    let digest = md5::Md5::digest(&text);
    let hex = crate::protocols::hex(&digest);
    let (algorithms_field, hash_field, name) = if dir == 0 {
        (HASSH_ALGORITHMS, HASSH, "hasshAlgorithms")
    } else {
        (HASSHSERVER_ALGORITHMS, HASSHSERVER, "hasshServerAlgorithms")
    };
    let value = cx.tree.text_value(&String::from_utf8_lossy(&text));
    let it = cx.tree.add_generated(alg, algorithms_field, at, 0, value);
    truncated_label(cx, it, name, &text);
    let value = cx.tree.text_value(&hex);
    cx.tree.add_generated(alg, hash_field, at, 0, value);
}

/// A `string` field pair (length, value) at `o`; returns the offset after it.
fn string_field(
    cx: &mut Cx,
    data: &[u8],
    o: usize,
    parent: ItemIdx,
    len_field: fields::FieldId,
    field: fields::FieldId,
    value: Value,
) -> Option<usize> {
    let Some((start, len)) = string_at(data, o, data.len()) else {
        cx.malformed(o, "SSH string");
        return None;
    };
    cx.tree
        .add(parent, len_field, o, 4, Value::UInt(len as u64));
    let v = if matches!(value, Value::Str) {
        Value::Str
    } else {
        Value::Bytes
    };
    cx.tree.add(parent, field, start, len, v);
    Some(start + len)
}

/// An `mpint` shown as its length (`ssh.mpint_length`) and value.
fn mpint(
    cx: &mut Cx,
    data: &[u8],
    o: usize,
    parent: ItemIdx,
    field: fields::FieldId,
) -> Option<usize> {
    string_field(cx, data, o, parent, MPINT_LENGTH, field, Value::Bytes)
}

/// A host key: its length, type and the type's public values.
fn host_key(cx: &mut Cx, data: &[u8], o: usize, parent: ItemIdx) -> Option<usize> {
    let Some((start, len)) = string_at(data, o, data.len()) else {
        cx.malformed(o, "SSH host key");
        return None;
    };
    let blob_end = start + len;
    let ty = blob_type(data, start, blob_end);
    let item = cx.text_item(
        parent,
        o,
        4 + len,
        format_args!("KEX host key (type: {ty})"),
    );
    cx.tree
        .add(item, HOST_KEY_LENGTH, o, 4, Value::UInt(len as u64));
    let inner = &data[..blob_end];
    let after = string_field(
        cx,
        inner,
        start,
        item,
        HOST_KEY_TYPE_LENGTH,
        HOST_KEY_TYPE,
        Value::Str,
    )?;
    let _ = match ty.as_str() {
        "ssh-rsa" => {
            mpint(cx, inner, after, item, RSA_E).and_then(|o| mpint(cx, inner, o, item, RSA_N))
        }
        "ssh-dss" => mpint(cx, inner, after, item, DSA_P)
            .and_then(|o| mpint(cx, inner, o, item, DSA_Q))
            .and_then(|o| mpint(cx, inner, o, item, DSA_G))
            .and_then(|o| mpint(cx, inner, o, item, DSA_Y)),
        t if t.starts_with("ecdsa-sha2-") => string_field(
            cx,
            inner,
            after,
            item,
            ECDSA_ID_LENGTH,
            ECDSA_ID,
            Value::Str,
        )
        .and_then(|o| string_field(cx, inner, o, item, ECDSA_Q_LENGTH, ECDSA_Q, Value::Bytes)),
        // tshark reads the first string after the type of any EdDSA key type as the key, also for
        // OpenSSH's certificate types, where that string is the certificate's nonce.
        t if t.starts_with("ssh-ed25519") || t.starts_with("ssh-ed448") => string_field(
            cx,
            inner,
            after,
            item,
            EDDSA_KEY_LENGTH,
            EDDSA_KEY,
            Value::Bytes,
        ),
        _ => {
            if after < blob_end {
                cx.tree
                    .add(item, HOST_KEY_DATA, after, blob_end - after, Value::Bytes);
            }
            Some(blob_end)
        }
    };
    Some(blob_end)
}

/// The type name that starts a key or signature blob (empty when unreadable).
fn blob_type(data: &[u8], start: usize, end: usize) -> String {
    string_at(data, start, end)
        .map(|(s, l)| String::from_utf8_lossy(&data[s..s + l]).into_owned())
        .unwrap_or_default()
}

/// The host's signature: its length, type and, for the types tshark 4.0 knows, the signature. As
/// tshark, a type it does not take apart gets a warning that counts the type and 8 bytes as decoded.
fn host_sig(cx: &mut Cx, data: &[u8], o: usize, parent: ItemIdx) -> Option<usize> {
    let Some((start, len)) = string_at(data, o, data.len()) else {
        cx.malformed(o, "SSH host signature");
        return None;
    };
    let blob_end = start + len;
    let ty = blob_type(data, start, blob_end);
    let item = cx.text_item(
        parent,
        o,
        4 + len,
        format_args!("KEX host signature (type: {ty})"),
    );
    let len_item = cx
        .tree
        .add(item, HOST_SIG_LENGTH, o, 4, Value::UInt(len as u64));
    let inner = &data[..blob_end];
    let after = string_field(
        cx,
        inner,
        start,
        item,
        HOST_SIG_TYPE_LENGTH,
        HOST_SIG_TYPE,
        Value::Str,
    )?;
    let decoded = match ty.as_str() {
        "ssh-rsa" => mpint(cx, inner, after, item, SIG_RSA).map(|o| o - start),
        "ssh-dss" => mpint(cx, inner, after, item, SIG_DSA).map(|o| o - start),
        t => {
            if t.starts_with("rsa-sha2-") && after < blob_end {
                cx.tree
                    .add(item, HOST_SIG_DATA, after, blob_end - after, Value::Bytes);
            }
            Some(after - start + 4)
        }
    };
    if let Some(decoded) = decoded
        && decoded != len
    {
        cx.expert(
            len_item,
            PACKET_DECODE_ERROR,
            Severity::Warning,
            Group::Protocol,
            format_args!("Decoded {decoded} bytes, but packet legnth is {len} bytes"),
        );
    }
    Some(blob_end)
}

fn kex_message(
    cx: &mut Cx,
    data: &[u8],
    at: usize,
    msg: ItemIdx,
    code: u8,
    kind: KexKind,
    stream: u32,
) {
    let end = data.len();
    let _ = end;
    let reply = match (kind, code) {
        (KexKind::Ecdh, 30) => {
            string_field(cx, data, at, msg, ECDH_Q_C_LENGTH, ECDH_Q_C, Value::Bytes);
            false
        }
        (KexKind::Ecdh, 31) => {
            if let Some(o) = host_key(cx, data, at, msg)
                && let Some(o) =
                    string_field(cx, data, o, msg, ECDH_Q_S_LENGTH, ECDH_Q_S, Value::Bytes)
            {
                host_sig(cx, data, o, msg);
            }
            true
        }
        (KexKind::Dh, 30) | (KexKind::DhGex, 32) => {
            mpint(cx, data, at, msg, DH_E);
            false
        }
        (KexKind::Dh, 31) | (KexKind::DhGex, 33) => {
            if let Some(o) = host_key(cx, data, at, msg)
                && let Some(o) = mpint(cx, data, o, msg, DH_F)
            {
                host_sig(cx, data, o, msg);
            }
            true
        }
        (KexKind::DhGex, 31) => {
            if let Some(o) = mpint(cx, data, at, msg, DH_GEX_P) {
                mpint(cx, data, o, msg, DH_GEX_G);
            }
            false
        }
        (KexKind::DhGex, 34) => {
            for (i, f) in [DH_GEX_MIN, DH_GEX_NBITS, DH_GEX_MAX]
                .into_iter()
                .enumerate()
            {
                let o = at + 4 * i;
                match read::be32(data, o) {
                    Some(v) => {
                        cx.tree.add(msg, f, o, 4, Value::UInt(u64::from(v)));
                    }
                    None => {
                        cx.malformed(o, "SSH DH GEX request");
                        break;
                    }
                }
            }
            false
        }
        (KexKind::DhGex, 30) => {
            if let Some(v) = read::be32(data, at) {
                cx.tree
                    .add(msg, DH_GEX_NBITS, at, 4, Value::UInt(u64::from(v)));
            }
            false
        }
        _ => {
            if at < data.len() {
                cx.tree.add(msg, PAYLOAD, at, data.len() - at, Value::Bytes);
            }
            false
        }
    };
    if reply {
        cx.state.ssh.conversation(stream).keys = true;
    }
}

/// Wireshark cuts a label at 240 bytes and says so after the field's name ("kex_algorithms string
/// [truncated]: ..."); a name-list long enough gets that label here.
fn truncated_label(cx: &mut Cx, it: ItemIdx, name: &str, value: &[u8]) {
    const ITEM_LABEL_LENGTH: usize = 240;
    if !it.is_stored() {
        return;
    }
    if name.len() + 2 + value.len() < ITEM_LABEL_LENGTH {
        return;
    }
    let text = String::from_utf8_lossy(value);
    let prefix = format!("{name} [truncated]: ");
    // What is left after the marker, as tshark 4.0 cuts it (238 bytes in all).
    let mut cut = (ITEM_LABEL_LENGTH - 2)
        .saturating_sub(prefix.len())
        .min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    cx.tree
        .set_label(it, format_args!("{prefix}{}", &text[..cut]));
}
