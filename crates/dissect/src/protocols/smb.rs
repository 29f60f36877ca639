//! SMB (CIFS, the first version of the protocol) as tshark 4.0 shows it where it travels in NetBIOS
//! datagrams: the 32-byte header (command, DOS error class and code or NT status, flags, flags2, ids),
//! and the Trans request that carries mailslot messages: its parameter words, its transaction name,
//! and the setup words and data handed to the mailslot protocol when the name is a mailslot's.
//!
//! Not done: the other commands' words and bytes (SMB over TCP sessions, port 139 and 445, is not
//! dissected at all), Trans responses, Unicode strings (flags2 bit 15), and NT status names. A header
//! or request cut short shows what was read, then "[Malformed Packet: SMB]" (or the snapshot length's
//! mark); a header shorter than 32 bytes leaves no SMB tree, as in tshark.

use fields::{FieldId, ItemIdx, Value};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto SMB = super::ids::SMB, "SMB (Server Message Block Protocol)", "SMB", "smb";
    SERVER_COMPONENT: "smb.server_component", "Server Component", UInt32, Hex;
    CMD: "smb.cmd", "SMB Command", UInt8, Hex, values COMMANDS;
    ERROR_CLASS: "smb.error_class", "Error Class", UInt8, Hex, values ERROR_CLASSES, blurb "DOS Error Class";
    RESERVED: "smb.reserved", "Reserved", Bytes, None, blurb "Reserved bytes, must be zero";
    ERROR_CODE: "smb.error_code", "Error Code", UInt16, Hex, blurb "DOS Error Code";
    NT_STATUS: "smb.nt_status", "NT Status", UInt32, Hex;
    FLAGS: "smb.flags", "Flags", UInt8, Hex;
    FLAGS_RESPONSE: "smb.flags.response", "Request/Response", Boolean, Bits(8), mask 0x80, tf ("Message is a response to the client/redirector", "Message is a request to the server"), blurb "Is this a request or a response?";
    FLAGS_NOTIFY: "smb.flags.notify", "Notify", Boolean, Bits(8), mask 0x40, tf ("Notify client on all modifications", "Notify client only on open"), blurb "Notify on open or all?";
    FLAGS_OPLOCK: "smb.flags.oplock", "Oplocks", Boolean, Bits(8), mask 0x20, tf ("OpLock requested/granted", "OpLock not requested/granted"), blurb "Is an oplock requested/granted?";
    FLAGS_CANON: "smb.flags.canon", "Canonicalized Pathnames", Boolean, Bits(8), mask 0x10, tf ("Pathnames are canonicalized", "Pathnames are not canonicalized"), blurb "Are pathnames canonicalized?";
    FLAGS_CASELESS: "smb.flags.caseless", "Case Sensitivity", Boolean, Bits(8), mask 0x08, tf ("Path names are caseless", "Path names are case sensitive"), blurb "Are pathnames caseless or casesensitive?";
    FLAGS_RECEIVE_BUFFER: "smb.flags.receive_buffer", "Receive Buffer Posted", Boolean, Bits(8), mask 0x02, tf ("Receive buffer has been posted", "Receive buffer has not been posted"), blurb "Have receive buffers been reported?";
    FLAGS_LOCK: "smb.flags.lock", "Lock and Read", Boolean, Bits(8), mask 0x01, tf ("Lock&Read, Write&Unlock are supported", "Lock&Read, Write&Unlock are not supported"), blurb "Are Lock&Read and Write&Unlock operations supported?";
    FLAGS2: "smb.flags2", "Flags2", UInt16, Hex;
    FLAGS2_STRING: "smb.flags2.string", "Unicode Strings", Boolean, Bits(16), mask 0x8000, tf ("Strings are Unicode", "Strings are ASCII"), blurb "Are strings ASCII or Unicode?";
    FLAGS2_NT_ERROR: "smb.flags2.nt_error", "Error Code Type", Boolean, Bits(16), mask 0x4000, tf ("Error codes are NT error codes", "Error codes are DOS error codes"), blurb "Are error codes NT or DOS format?";
    FLAGS2_ROE: "smb.flags2.roe", "Execute-only Reads", Boolean, Bits(16), mask 0x2000, tf ("Permit reads if execute-only", "Don't permit reads if execute-only"), blurb "Will reads be allowed for execute-only files?";
    FLAGS2_DFS: "smb.flags2.dfs", "Dfs", Boolean, Bits(16), mask 0x1000, tf ("Resolve pathnames with Dfs", "Don't resolve pathnames with Dfs"), blurb "Can pathnames be resolved using Dfs?";
    FLAGS2_ESN: "smb.flags2.esn", "Extended Security Negotiation", Boolean, Bits(16), mask 0x0800, tf ("Extended security negotiation is supported", "Extended security negotiation is not supported"), blurb "Is extended security negotiation supported?";
    FLAGS2_REPARSE_PATH: "smb.flags2.reparse_path", "Reparse Path", Boolean, Bits(16), mask 0x0400, tf ("The request uses a @GMT reparse path", "The request does not use a @GMT reparse path");
    FLAGS2_LONG_NAMES_USED: "smb.flags2.long_names_used", "Long Names Used", Boolean, Bits(16), mask 0x0040, tf ("Path names in request are long file names", "Path names in request are not long file names"), blurb "Are pathnames in this request long file names?";
    FLAGS2_SEC_SIG_REQUIRED: "smb.flags2.sec_sig_required", "Security Signatures Required", Boolean, Bits(16), mask 0x0010, tf ("Security signatures are required", "Security signatures are not required"), blurb "Are security signatures required?";
    FLAGS2_COMPRESSED: "smb.flags2.compressed", "Compressed", Boolean, Bits(16), mask 0x0008, tf ("Compression is requested", "Compression is not requested"), blurb "Is compression requested?";
    FLAGS2_SEC_SIG: "smb.flags2.sec_sig", "Security Signatures", Boolean, Bits(16), mask 0x0004, tf ("Security signatures are supported", "Security signatures are not supported"), blurb "Are security signatures supported?";
    FLAGS2_EA: "smb.flags2.ea", "Extended Attributes", Boolean, Bits(16), mask 0x0002, tf ("Extended attributes are supported", "Extended attributes are not supported"), blurb "Are extended attributes supported?";
    FLAGS2_LONG_NAMES_ALLOWED: "smb.flags2.long_names_allowed", "Long Names Allowed", Boolean, Bits(16), mask 0x0001, tf ("Long file names are allowed in the response", "Long file names are not allowed in the response"), blurb "Are long file names allowed in the response?";
    PID_HIGH: "smb.pid.high", "Process ID High", UInt16, Dec, blurb "Process ID High Bytes";
    SIGNATURE_FIELD: "smb.signature", "Signature", Bytes, None, blurb "Signature bytes";
    TID: "smb.tid", "Tree ID", UInt16, Dec;
    PID: "smb.pid", "Process ID", UInt16, Dec;
    UID: "smb.uid", "User ID", UInt16, Dec;
    MID: "smb.mid", "Multiplex ID", UInt16, Dec;
    WCT: "smb.wct", "Word Count (WCT)", UInt8, Dec, blurb "Word Count, count of parameter words";
    TPC: "smb.tpc", "Total Parameter Count", UInt32, Dec, blurb "Total number of parameter bytes";
    TDC: "smb.tdc", "Total Data Count", UInt32, Dec, blurb "Total number of data bytes";
    MPC: "smb.mpc", "Max Parameter Count", UInt32, Dec, blurb "Maximum number of parameter bytes to return";
    MDC: "smb.mdc", "Max Data Count", UInt32, Dec, blurb "Maximum number of data bytes to return";
    MSC: "smb.msc", "Max Setup Count", UInt8, Dec, blurb "Maximum number of setup words to return";
    TRANS_FLAGS: "smb.transaction.flags", "Flags", UInt16, Hex;
    TRANS_FLAGS_OWT: "smb.transaction.flags.owt", "One Way Transaction", Boolean, Bits(16), mask 0x0002, tf ("One Way Transaction (NO RESPONSE)", "Two way transaction"), blurb "One Way Transaction (no response)?";
    TRANS_FLAGS_DTID: "smb.transaction.flags.dtid", "Disconnect TID", Boolean, Bits(16), mask 0x0001, tf ("Also DISCONNECT TID", "Do NOT disconnect TID"), blurb "Disconnect TID?";
    TIMEOUT: "smb.timeout", "Timeout", UInt32, Dec, blurb "Timeout in milliseconds";
    PC: "smb.pc", "Parameter Count", UInt16, Dec, blurb "Number of parameter bytes in this buffer";
    PO: "smb.po", "Parameter Offset", UInt16, Dec, blurb "Offset (from header start) to parameters";
    DC: "smb.dc", "Data Count", UInt16, Dec, blurb "Number of data bytes in this buffer";
    DATA_OFFSET: "smb.data_offset", "Data Offset", UInt16, Dec;
    SC: "smb.sc", "Setup Count", UInt8, Dec, blurb "Number of setup words in this buffer";
    BCC: "smb.bcc", "Byte Count (BCC)", UInt16, Dec, blurb "Byte Count, count of data bytes";
    TRANS_NAME: "smb.trans_name", "Transaction Name", String, None, blurb "Name of transaction";
    PADDING: "smb.padding", "Padding", Bytes, None, blurb "Padding or unknown data";
}

include!("smb_tables.rs");

/// What every SMB message starts with.
pub const SIGNATURE: &[u8] = b"\xffSMB";

/// The Trans command, which carries mailslot writes.
const TRANS: u8 = 0x25;

static ERROR_CLASSES: &[(u64, &str)] = &[
    (0, "Success"),
    (1, "DOS Error"),
    (2, "Server Error"),
    (3, "Hardware Error"),
    (4, "Command Error - Not an SMB format command"),
];

/// The header's flag fields, highest bit first, as the Flags label lists the set ones.
const FLAG_FIELDS: [FieldId; 7] = [
    FLAGS_RESPONSE,
    FLAGS_NOTIFY,
    FLAGS_OPLOCK,
    FLAGS_CANON,
    FLAGS_CASELESS,
    FLAGS_RECEIVE_BUFFER,
    FLAGS_LOCK,
];

const FLAGS2_FIELDS: [FieldId; 12] = [
    FLAGS2_STRING,
    FLAGS2_NT_ERROR,
    FLAGS2_ROE,
    FLAGS2_DFS,
    FLAGS2_ESN,
    FLAGS2_REPARSE_PATH,
    FLAGS2_LONG_NAMES_USED,
    FLAGS2_SEC_SIG_REQUIRED,
    FLAGS2_COMPRESSED,
    FLAGS2_SEC_SIG,
    FLAGS2_EA,
    FLAGS2_LONG_NAMES_ALLOWED,
];

/// A duration in milliseconds as Wireshark words it (`time_msecs_to_str`): "1 minute, 1.001 seconds".
/// Wireshark takes the value as signed and shows a negative one without its sign.
pub fn msecs_words(ms: u32) -> String {
    let ms = (ms as i32).unsigned_abs();
    crate::cx::duration_words((ms / 1000) as u64, ms % 1000)
}

/// Dissects the SMB message `data[offset..]`, which starts with [`SIGNATURE`].
pub fn dissect(cx: &mut Cx, data: &[u8], offset: usize, parent: ItemIdx) -> usize {
    let total = data.len().saturating_sub(offset);
    cx.set_protocol("SMB");
    cx.set_info(format_args!(""));
    if total < 32 {
        // Wireshark reads the whole header before it adds the protocol's item.
        cx.tree.layers.push("smb");
        cx.cut_short(data.len(), data.len(), "SMB");
        return total;
    }
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "smb", "SMB", offset, total);
    let cmd = data[offset + 4];
    let flags = data[offset + 9];
    let response = flags & 0x80 != 0;
    cx.set_info(format_args!(
        "{} {}",
        fields::Strings::Values(COMMANDS)
            .name_of(cmd as u64)
            .unwrap_or("Unknown"),
        if response { "Response" } else { "Request" }
    ));
    let flags2 = read::le16(data, offset + 10).unwrap_or(0);
    header(cx, data, offset, top, cmd, flags, flags2);
    if cmd == TRANS
        && !response
        && flags2 & 0x8000 == 0
        && let Err(at) = trans_request(cx, data, offset, top)
    {
        if cx.lost_to_snaplen(data.len()) {
            cx.short(at, "SMB truncated");
        } else {
            cx.malformed(at, "SMB");
        }
    }
    total
}

/// The 32-byte header (all there) under an "SMB Header" item.
fn header(cx: &mut Cx, data: &[u8], o: usize, top: ItemIdx, cmd: u8, flags: u8, flags2: u16) {
    let h = cx.text_item(top, o, 32, format_args!("SMB Header"));
    let le16 = |at: usize| read::le16(data, o + at).unwrap_or(0) as u64;
    let it = cx.uint(
        h,
        SERVER_COMPONENT,
        o,
        4,
        read::le32(data, o).unwrap_or(0) as u64,
    );
    cx.tree.set_label(it, format_args!("Server Component: SMB"));
    cx.uint(h, CMD, o + 4, 1, cmd as u64);
    if flags2 & 0x4000 != 0 {
        let status = read::le32(data, o + 5).unwrap_or(0);
        let it = cx.uint(h, NT_STATUS, o + 5, 4, status as u64);
        cx.tree
            .set_label(it, format_args!("NT Status: Unknown (0x{status:08x})"));
    } else {
        let class = data[o + 5];
        cx.uint(h, ERROR_CLASS, o + 5, 1, class as u64);
        cx.tree.add(h, RESERVED, o + 6, 1, Value::Bytes);
        let code = le16(7);
        let it = cx.uint(h, ERROR_CODE, o + 7, 2, code);
        if it.is_stored() {
            let (table, kind) = match class {
                1 => (DOS_ERRORS, "DOS"),
                2 => (SERVER_ERRORS, "SRV"),
                3 => (HARDWARE_ERRORS, "HRD"),
                _ => (&[][..], ""),
            };
            match (class, fields::Strings::Values(table).name_of(code)) {
                (0, _) => cx.tree.set_label(it, format_args!("Error Code: No Error")),
                (1..=3, Some(name)) => cx.tree.set_label(it, format_args!("Error Code: {name}")),
                (1..=3, None) => cx.tree.set_label(
                    it,
                    format_args!("Error Code: Unknown {kind} error ({code:x})"),
                ),
                _ => cx
                    .tree
                    .set_label(it, format_args!("Error Code: Unknown error class!")),
            }
        }
    }
    cx.flag_bits(h, FLAGS, &FLAG_FIELDS, o + 9, 1, flags as u64);
    cx.flag_bits(h, FLAGS2, &FLAGS2_FIELDS, o + 10, 2, flags2 as u64);
    cx.uint(h, PID_HIGH, o + 12, 2, le16(12));
    cx.tree.add(h, SIGNATURE_FIELD, o + 14, 8, Value::Bytes);
    cx.tree.add(h, RESERVED, o + 22, 2, Value::Bytes);
    cx.uint(h, TID, o + 24, 2, le16(24));
    cx.uint(h, PID, o + 26, 2, le16(26));
    cx.uint(h, UID, o + 28, 2, le16(28));
    cx.uint(h, MID, o + 30, 2, le16(30));
}

/// A Trans request after the header at `o`; `Err` holds where the bytes ran out.
fn trans_request(cx: &mut Cx, data: &[u8], o: usize, top: ItemIdx) -> Result<(), usize> {
    let at = o + 32;
    let wct = read::u8(data, at).ok_or(at)?;
    let words_end = at + 1 + 2 * wct as usize;
    let bcc = read::le16(data, words_end).unwrap_or(0) as usize;
    let end = (words_end + 2 + bcc).min(data.len());
    let r = cx.text_item(
        top,
        at,
        end - at,
        format_args!("Trans Request (0x{TRANS:02x})"),
    );
    cx.uint(r, WCT, at, 1, wct as u64);
    let u16_at = |p: usize| read::le16(data, p).map(u64::from).ok_or(p);
    let mut p = at + 1;
    for field in [TPC, TDC, MPC, MDC] {
        let v = u16_at(p)?;
        cx.uint(r, field, p, 2, v);
        p += 2;
    }
    let msc = read::u8(data, p).ok_or(p)?;
    cx.uint(r, MSC, p, 1, msc as u64);
    read::u8(data, p + 1).ok_or(p + 1)?;
    cx.tree.add(r, RESERVED, p + 1, 1, Value::Bytes);
    p += 2;
    let tflags = u16_at(p)?;
    cx.flag_bits(
        r,
        TRANS_FLAGS,
        &[TRANS_FLAGS_OWT, TRANS_FLAGS_DTID],
        p,
        2,
        tflags,
    );
    p += 2;
    let timeout = read::le32(data, p).ok_or(p)?;
    let it = cx.uint(r, TIMEOUT, p, 4, timeout as u64);
    if it.is_stored() {
        match timeout {
            0 => cx
                .tree
                .set_label(it, format_args!("Timeout: Return immediately (0)")),
            u32::MAX => cx
                .tree
                .set_label(it, format_args!("Timeout: Wait indefinitely (-1)")),
            ms => cx
                .tree
                .set_label(it, format_args!("Timeout: {}", msecs_words(ms))),
        }
    }
    p += 4;
    u16_at(p)?;
    cx.tree.add(r, RESERVED, p, 2, Value::Bytes);
    p += 2;
    let mut counts = [0u64; 4];
    for (i, field) in [PC, PO, DC, DATA_OFFSET].into_iter().enumerate() {
        counts[i] = u16_at(p)?;
        cx.uint(r, field, p, 2, counts[i]);
        p += 2;
    }
    let sc = read::u8(data, p).ok_or(p)?;
    cx.uint(r, SC, p, 1, sc as u64);
    read::u8(data, p + 1).ok_or(p + 1)?;
    cx.tree.add(r, RESERVED, p + 1, 1, Value::Bytes);
    p += 2;
    let setup = p;
    let setup_end = setup + 2 * sc as usize;
    if setup_end > data.len() {
        return Err(data.len());
    }
    let bcc_at = words_end.max(setup_end);
    let bcc = u16_at(bcc_at)? as usize;
    cx.uint(r, BCC, bcc_at, 2, bcc as u64);
    if bcc == 0 {
        return Ok(());
    }
    let name_at = bcc_at + 2;
    let Some(nul) = data
        .get(name_at..)
        .and_then(|b| b.iter().position(|&c| c == 0))
    else {
        return Err(data.len());
    };
    let name_end = name_at + nul + 1;
    cx.string(r, TRANS_NAME, data, name_at, nul + 1);
    let data_at = o + counts[3] as usize;
    let data_len = counts[2] as usize;
    if data_at > name_end && data_at <= data.len() {
        cx.tree
            .add(r, PADDING, name_end, data_at - name_end, Value::Bytes);
    }
    let name = &data[name_at..name_at + nul];
    if name.len() >= 10 && name[..10].eq_ignore_ascii_case(b"\\MAILSLOT\\") {
        let payload_end = (data_at + data_len).min(data.len());
        let payload = data_at.min(payload_end)..payload_end;
        crate::protocols::mailslot::dissect(
            cx,
            data,
            crate::protocols::mailslot::Write {
                setup: setup..setup_end,
                name: name_at..name_end,
                payload,
                declared_end: data_at + data_len,
            },
            top,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::msecs_words;

    #[test]
    fn durations_as_wireshark_words_them() {
        // Values and texts from tshark 4.0's browser.period and smb.timeout labels.
        for (ms, text) in [
            (0, "0 seconds"),
            (1, "0.001 seconds"),
            (999, "0.999 seconds"),
            (1000, "1 second"),
            (1500, "1.500 seconds"),
            (60000, "1 minute"),
            (61000, "1 minute, 1 second"),
            (3_600_000, "1 hour"),
            (3_661_001, "1 hour, 1 minute, 1.001 seconds"),
            (90_061_001, "1 day, 1 hour, 1 minute, 1.001 seconds"),
            (u32::MAX, "0.001 seconds"),
        ] {
            assert_eq!(msecs_words(ms), text, "{ms} ms");
        }
    }
}
