//! The Microsoft Windows browser protocol ([MS-BRWS]) on the `\MAILSLOT\BROWSE` mailslot, as tshark
//! 4.0 shows it: host, local master and domain announcements (update count, period, name, Windows
//! version, server type bits, comment or master browser), announcement requests, elections (criteria,
//! uptime, name), backup list requests and responses, promotions to backup browser, master
//! announcements and browser state resets. Info names the command and, for announcements, the host
//! and the kinds of server it is, in the longer words tshark's Info uses.
//!
//! Strings run to their NUL; one that runs past the message raises tshark's exception: "[Malformed
//! Packet: BROWSER]", or the contained-item one when the message's own length (the transaction's data
//! count) runs past the datagram, or the snapshot length's mark.

use fields::{FieldId, ItemIdx};

use crate::Cx;
use crate::cx::read;

fields::declare_protocol! {
    proto BROWSER = super::ids::BROWSER, "Microsoft Windows Browser Protocol", "BROWSER", "browser";
    COMMAND: "browser.command", "Command", UInt8, Hex, values COMMANDS, blurb "Browse command opcode";
    UPDATE_COUNT: "browser.update_count", "Update Count", UInt8, Dec, blurb "Browse Update Count";
    PERIOD: "browser.period", "Update Periodicity", UInt32, Dec, blurb "Update Periodicity in ms";
    SERVER: "browser.server", "Server Name", String, None, blurb "BROWSE Server Name";
    MB_SERVER: "browser.mb_server", "Master Browser Server Name", String, None, blurb "BROWSE Master Browser Server Name";
    RESET_CMD: "browser.reset_cmd", "ResetBrowserState Command", UInt8, Hex, values RESET_COMMANDS;
    RESET_CMD_DEMOTE: "browser.reset_cmd.demote", "Demote LMB", Boolean, Bits(8), mask 0x01, tf ("Demote an LMB to a Backup Browser", "Do not demote an LMB to a Backup Browser");
    RESET_CMD_FLUSH: "browser.reset_cmd.flush", "Flush Browse List", Boolean, Bits(8), mask 0x02, tf ("Flush the Browse List", "Do not Flush the Browse List");
    RESET_CMD_STOP_LMB: "browser.reset_cmd.stop_lmb", "Stop Being LMB", Boolean, Bits(8), mask 0x04, tf ("Stop Being a Local Master Browser", "Do not Stop Being a Local Master Browser");
    OS_MAJOR: "browser.os_major", "OS Major Version", UInt8, Dec, blurb "Operating System Major Version";
    OS_MINOR: "browser.os_minor", "OS Minor Version", UInt8, Dec, blurb "Operating System Minor Version";
    SERVER_TYPE: "browser.server_type", "Server Type", UInt32, Hex, blurb "Server Type Flags";
    ST_WORKSTATION: "browser.server_type.workstation", "Workstation", Boolean, Bits(32), mask 0x1, tf ("This is a Workstation", "This is NOT a Workstation"), blurb "Is This A Workstation?";
    ST_SERVER: "browser.server_type.server", "Server", Boolean, Bits(32), mask 0x2, tf ("This is a Server", "This is NOT a Server"), blurb "Is This A Server?";
    ST_SQL: "browser.server_type.sql", "SQL", Boolean, Bits(32), mask 0x4, tf ("This is an SQL server", "This is NOT an SQL server"), blurb "Is This A SQL Server?";
    ST_DOMAIN_CONTROLLER: "browser.server_type.domain_controller", "Domain Controller", Boolean, Bits(32), mask 0x8, tf ("This is a Domain Controller", "This is NOT a Domain Controller"), blurb "Is This A Domain Controller?";
    ST_BACKUP_CONTROLLER: "browser.server_type.backup_controller", "Backup Controller", Boolean, Bits(32), mask 0x10, tf ("This is a Backup Controller", "This is NOT a Backup Controller"), blurb "Is This A Backup Domain Controller?";
    ST_TIME: "browser.server_type.time", "Time Source", Boolean, Bits(32), mask 0x20, tf ("This is a Time Source", "This is NOT a Time Source"), blurb "Is This A Time Source?";
    ST_APPLE: "browser.server_type.apple", "Apple", Boolean, Bits(32), mask 0x40, tf ("This is an Apple host", "This is NOT an Apple host"), blurb "Is This An Apple Server ?";
    ST_NOVELL: "browser.server_type.novell", "Novell", Boolean, Bits(32), mask 0x80, tf ("This is a Novell server", "This is NOT a Novell server"), blurb "Is This A Novell Server?";
    ST_MEMBER: "browser.server_type.member", "Member", Boolean, Bits(32), mask 0x100, tf ("This is a Domain Member server", "This is NOT a Domain Member server"), blurb "Is This A Domain Member Server?";
    ST_PRINT: "browser.server_type.print", "Print", Boolean, Bits(32), mask 0x200, tf ("This is a Print Queue server", "This is NOT a Print Queue server"), blurb "Is This A Print Server?";
    ST_DIALIN: "browser.server_type.dialin", "Dialin", Boolean, Bits(32), mask 0x400, tf ("This is a Dialin server", "This is NOT a Dialin server"), blurb "Is This A Dialin Server?";
    ST_XENIX: "browser.server_type.xenix", "Xenix", Boolean, Bits(32), mask 0x800, tf ("This is a Xenix server", "This is NOT a Xenix server"), blurb "Is This A Xenix Server?";
    ST_NTW: "browser.server_type.ntw", "NT Workstation", Boolean, Bits(32), mask 0x1000, tf ("This is an NT Workstation", "This is NOT an NT Workstation"), blurb "Is This A NT Workstation?";
    ST_WFW: "browser.server_type.wfw", "WfW", Boolean, Bits(32), mask 0x2000, tf ("This is a WfW host", "This is NOT a WfW host"), blurb "Is This A Windows For Workgroups Server?";
    ST_NTS: "browser.server_type.nts", "NT Server", Boolean, Bits(32), mask 0x8000, tf ("This is an NT Server", "This is NOT an NT Server"), blurb "Is This A NT Server?";
    ST_POTENTIAL: "browser.server_type.browser.potential", "Potential Browser", Boolean, Bits(32), mask 0x10000, tf ("This is a Potential Browser", "This is NOT a Potential Browser"), blurb "Is This A Potential Browser?";
    ST_BACKUP: "browser.server_type.browser.backup", "Backup Browser", Boolean, Bits(32), mask 0x20000, tf ("This is a Backup Browser", "This is NOT a Backup Browser"), blurb "Is This A Backup Browser?";
    ST_MASTER: "browser.server_type.browser.master", "Master Browser", Boolean, Bits(32), mask 0x40000, tf ("This is a Master Browser", "This is NOT a Master Browser"), blurb "Is This A Master Browser?";
    ST_DOMAIN_MASTER: "browser.server_type.browser.domain_master", "Domain Master Browser", Boolean, Bits(32), mask 0x80000, tf ("This is a Domain Master Browser", "This is NOT a Domain Master Browser"), blurb "Is This A Domain Master Browser?";
    ST_OSF: "browser.server_type.osf", "OSF", Boolean, Bits(32), mask 0x100000, tf ("This is an OSF host", "This is NOT an OSF host"), blurb "Is This An OSF server ?";
    ST_VMS: "browser.server_type.vms", "VMS", Boolean, Bits(32), mask 0x200000, tf ("This is a VMS host", "This is NOT a VMS host"), blurb "Is This A VMS Server?";
    ST_W95: "browser.server_type.w95", "Windows 95+", Boolean, Bits(32), mask 0x400000, tf ("This is a Windows 95 or above host", "This is NOT a Windows 95 or above host"), blurb "Is This A Windows 95 or above server?";
    ST_DFS: "browser.server_type.dfs", "DFS", Boolean, Bits(32), mask 0x800000, tf ("This is a DFS server", "THis is NOT a DFS server"), blurb "Is This A DFS server?";
    ST_LOCAL: "browser.server_type.local", "Local", Boolean, Bits(32), mask 0x40000000, tf ("This is a local list only request", "This is NOT a local list only request"), blurb "Is This A Local List Only request?";
    ST_DOMAINENUM: "browser.server_type.domainenum", "Domain Enum", Boolean, Bits(32), mask 0x80000000, tf ("This is a Domain Enum request", "This is NOT a Domain Enum request"), blurb "Is This A Domain Enum request?";
    ELECTION_VERSION: "browser.election.version", "Election Version", UInt8, Dec;
    PROTO_MAJOR: "browser.proto_major", "Browser Protocol Major Version", UInt8, Dec;
    PROTO_MINOR: "browser.proto_minor", "Browser Protocol Minor Version", UInt8, Dec;
    SIG: "browser.sig", "Signature", UInt16, Hex, blurb "Signature Constant";
    COMMENT: "browser.comment", "Host Comment", StringZ, None, blurb "Server Comment";
    UNUSED: "browser.unused", "Unused flags", UInt8, Hex, blurb "Unused/unknown flags";
    RESPONSE_COMPUTER_NAME: "browser.response_computer_name", "Response Computer Name", StringZ, None;
    ELECTION_CRITERIA: "browser.election.criteria", "Election Criteria", UInt32, Hex;
    ELECTION_DESIRE: "browser.election.desire", "Election Desire", UInt8, Hex;
    DESIRE_BACKUP: "browser.election.desire.backup", "Backup", Boolean, Bits(8), mask 0x01, tf ("Backup Browse Server", "NOT Backup Browse Server"), blurb "Is this a backup server";
    DESIRE_STANDBY: "browser.election.desire.standby", "Standby", Boolean, Bits(8), mask 0x02, tf ("Standby Browse Server", "NOT Standby Browse Server"), blurb "Is this a standby server?";
    DESIRE_MASTER: "browser.election.desire.master", "Master", Boolean, Bits(8), mask 0x04, tf ("Master Browser", "NOT Master Browser"), blurb "Is this a master server";
    DESIRE_DOMAIN_MASTER: "browser.election.desire.domain_master", "Domain Master", Boolean, Bits(8), mask 0x08, tf ("Domain Master Browse Server", "NOT Domain Master Browse Server"), blurb "Is this a domain master";
    DESIRE_WINS: "browser.election.desire.wins", "WINS", Boolean, Bits(8), mask 0x20, tf ("WINS Client", "NOT WINS Client"), blurb "Is this a WINS server";
    DESIRE_NT: "browser.election.desire.nt", "NT", Boolean, Bits(8), mask 0x80, tf ("Windows NT Advanced Server", "NOT Windows NT Advanced Server"), blurb "Is this a NT server";
    ELECTION_OS: "browser.election.os", "Election OS", UInt8, Hex;
    OS_WFW: "browser.election.os.wfw", "WfW", Boolean, Bits(8), mask 0x01, tf ("Windows for Workgroups", "Not Windows for Workgroups"), blurb "Is this a WfW host?";
    OS_NTW: "browser.election.os.ntw", "NT Workstation", Boolean, Bits(8), mask 0x10, tf ("Windows NT Workstation", "Not Windows NT Workstation"), blurb "Is this a NT Workstation?";
    OS_NTS: "browser.election.os.nts", "NT Server", Boolean, Bits(8), mask 0x20, tf ("Windows NT Server", "Not Windows NT Server"), blurb "Is this a NT Server?";
    UPTIME: "browser.uptime", "Uptime", UInt32, Dec, blurb "Server uptime in ms";
    BACKUP_COUNT: "browser.backup.count", "Backup List Requested Count", UInt8, Dec;
    BACKUP_TOKEN: "browser.backup.token", "Backup Request Token", UInt32, Dec, blurb "Backup requested/response token";
    BACKUP_SERVER: "browser.backup.server", "Backup Server", String, None, blurb "Backup Server Name";
    BROWSER_TO_PROMOTE: "browser.browser_to_promote", "Browser to Promote", StringZ, None;
    WINDOWS_VERSION: "browser.windows_version", "Windows version", String, None;
}

/// `browser.command` (`tshark -G values`).
static COMMANDS: &[(u64, &str)] = &[
    (0x01, "Host Announcement"),
    (0x02, "Request Announcement"),
    (0x08, "Browser Election Request"),
    (0x09, "Get Backup List Request"),
    (0x0a, "Get Backup List Response"),
    (0x0b, "Become Backup Browser"),
    (0x0c, "Domain/Workgroup Announcement"),
    (0x0d, "Master Announcement"),
    (0x0e, "Reset Browser State Announcement"),
    (0x0f, "Local Master Announcement"),
];

static RESET_COMMANDS: &[(u64, &str)] = &[
    (
        0x1,
        "Stop being a master browser and become a backup browser",
    ),
    (
        0x2,
        "Discard browse lists, stop being a master browser, and try again",
    ),
    (0x4, "Stop being a master browser for ever"),
];

/// The server type bits with a field, in bit order (the label lists the set ones).
const SERVER_TYPE_BITS: [FieldId; 25] = [
    ST_WORKSTATION,
    ST_SERVER,
    ST_SQL,
    ST_DOMAIN_CONTROLLER,
    ST_BACKUP_CONTROLLER,
    ST_TIME,
    ST_APPLE,
    ST_NOVELL,
    ST_MEMBER,
    ST_PRINT,
    ST_DIALIN,
    ST_XENIX,
    ST_NTW,
    ST_WFW,
    ST_NTS,
    ST_POTENTIAL,
    ST_BACKUP,
    ST_MASTER,
    ST_DOMAIN_MASTER,
    ST_OSF,
    ST_VMS,
    ST_W95,
    ST_DFS,
    ST_LOCAL,
    ST_DOMAINENUM,
];

/// What Info calls each server type bit (tshark 4.0, read on a crafted announcement with every bit
/// set); `None` for the bits it calls "Unknown server type:N".
const SERVER_TYPE_INFO: [Option<&str>; 32] = [
    Some("Workstation"),
    Some("Server"),
    Some("SQL Server"),
    Some("Domain Controller"),
    Some("Backup Controller"),
    Some("Time Source"),
    Some("Apple Server"),
    Some("Novell Server"),
    Some("Domain Member Server"),
    Some("Print Queue Server"),
    Some("Dialin Server"),
    Some("Xenix Server"),
    Some("NT Workstation"),
    Some("Windows for Workgroups"),
    None,
    Some("NT Server"),
    Some("Potential Browser"),
    Some("Backup Browser"),
    Some("Master Browser"),
    Some("Domain Master Browser"),
    Some("OSF"),
    Some("VMS"),
    Some("Windows 95 or above"),
    Some("DFS server"),
    None,
    None,
    None,
    None,
    None,
    None,
    Some("Local List Only"),
    Some("Domain Enum"),
];

/// The Windows versions tshark 4.0 names by OS major and minor version (found by asking it for every
/// pair from 0.0 to 15.15); other pairs get an empty name.
fn windows_version(major: u8, minor: u8) -> &'static str {
    match (major, minor) {
        (5, 0) => "Windows 2000",
        (5, 1) => "Windows XP",
        (5, 2) => "Windows Server 2003 R2 or Windows Server 2003",
        (6, 0) => "Windows Vista or Windows Server 2008",
        (6, 1) => "Windows 7 or Windows Server 2008 R2",
        _ => "",
    }
}

/// Why a message could not be read to its end: where the bytes ran out.
struct Cut(usize);

/// Reading one browser message: its bytes end at `data.len()`.
struct Msg<'a, 'c, 'p, 'd> {
    cx: &'a mut Cx<'c, 'p>,
    data: &'d [u8],
    top: ItemIdx,
}

impl Msg<'_, '_, '_, '_> {
    fn u8(&mut self, field: FieldId, at: usize) -> Result<(ItemIdx, u8), Cut> {
        let v = read::u8(self.data, at).ok_or(Cut(at))?;
        Ok((self.cx.uint(self.top, field, at, 1, v as u64), v))
    }

    fn le32(&mut self, field: FieldId, at: usize) -> Result<(ItemIdx, u32), Cut> {
        let v = read::le32(self.data, at).ok_or(Cut(at))?;
        Ok((self.cx.uint(self.top, field, at, 4, v as u64), v))
    }

    /// A duration in milliseconds, worded as Wireshark words it.
    fn msecs(&mut self, field: FieldId, at: usize) -> Result<(), Cut> {
        let (it, ms) = self.le32(field, at)?;
        if it.is_stored() {
            let name = crate::registry().field(field).name;
            let words = crate::protocols::smb::msecs_words(ms);
            self.cx.tree.set_label(it, format_args!("{name}: {words}"));
        }
        Ok(())
    }

    /// A NUL-terminated string at `at`; returns where it ends (after the NUL).
    fn stringz(&mut self, field: FieldId, at: usize) -> Result<(usize, &[u8]), Cut> {
        let data = self.data;
        let nul = data
            .get(at..)
            .and_then(|b| b.iter().position(|&c| c == 0))
            .ok_or(Cut(data.len()))?;
        self.cx.string(self.top, field, data, at, nul + 1);
        Ok((at + nul + 1, &data[at..at + nul]))
    }
}

/// Dissects the browser message `data[offset..]`; `declared_end` is where the transaction's data
/// count says it ends (past `data.len()` when the datagram is shorter). `parent` is the mailslot's
/// item.
pub fn dissect(
    cx: &mut Cx,
    data: &[u8],
    offset: usize,
    declared_end: usize,
    parent: ItemIdx,
) -> usize {
    let total = data.len().saturating_sub(offset);
    let top = cx.push_layer(parent, PROTOCOL_FIELD, "browser", "BROWSER", offset, total);
    let mut m = Msg { cx, data, top };
    if let Err(Cut(at)) = message(&mut m, offset) {
        if cx.lost_to_snaplen(data.len()) {
            cx.short(at, "BROWSER truncated");
        } else if declared_end > data.len() {
            cx.malformed_contained(
                at,
                "BROWSER: length of contained item exceeds length of containing item",
            );
        } else {
            cx.malformed(at, "BROWSER");
        }
    }
    total
}

fn message(m: &mut Msg, o: usize) -> Result<(), Cut> {
    let (_, cmd) = m.u8(COMMAND, o)?;
    let name = fields::Strings::Values(COMMANDS).name_of(cmd as u64);
    match name {
        Some(name) => m.cx.set_info(format_args!("{name}")),
        None => m.cx.set_info(format_args!("Unknown command:0x{cmd:02x}")),
    }
    let at = o + 1;
    match cmd {
        0x01 | 0x0c | 0x0f => announcement(m, at, cmd),
        0x02 => {
            m.u8(UNUSED, at)?;
            let (_, who) = m.stringz(RESPONSE_COMPUTER_NAME, at + 1)?;
            let who = String::from_utf8_lossy(who).into_owned();
            m.cx.append_info(format_args!(" {who}"));
            Ok(())
        }
        0x08 => election(m, at),
        0x09 | 0x0a => {
            let (_, count) = m.u8(BACKUP_COUNT, at)?;
            m.le32(BACKUP_TOKEN, at + 1)?;
            let mut p = at + 5;
            if cmd == 0x0a {
                for _ in 0..count {
                    p = m.stringz(BACKUP_SERVER, p)?.0;
                }
            }
            Ok(())
        }
        0x0b => m.stringz(BROWSER_TO_PROMOTE, at).map(drop),
        0x0d => m.stringz(MB_SERVER, at).map(drop),
        0x0e => {
            let v = read::u8(m.data, at).ok_or(Cut(at))?;
            let top = m.top;
            m.cx.flag_bits(
                top,
                RESET_CMD,
                &[RESET_CMD_DEMOTE, RESET_CMD_FLUSH, RESET_CMD_STOP_LMB],
                at,
                1,
                v as u64,
            );
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Host, domain and local master announcements, after the command byte.
fn announcement(m: &mut Msg, at: usize, cmd: u8) -> Result<(), Cut> {
    m.u8(UPDATE_COUNT, at)?;
    m.msecs(PERIOD, at + 1)?;
    let name_at = at + 5;
    let raw = m.data.get(name_at..name_at + 16).ok_or(Cut(m.data.len()))?;
    let shown = raw.iter().position(|&c| c == 0).unwrap_or(16);
    let host = String::from_utf8_lossy(&raw[..shown]).into_owned();
    let it = m.cx.string(m.top, SERVER, m.data, name_at, 16);
    let what = if cmd == 0x0c {
        "Domain/Workgroup"
    } else {
        "Host Name"
    };
    if it.is_stored() {
        let mut label = format!("{what}: ");
        fields::format::write_label_string(&raw[..shown], &mut label);
        m.cx.tree.set_label(it, format_args!("{label}"));
    }
    m.cx.append_info(format_args!(" {host}"));
    let v = name_at + 16;
    let major = read::u8(m.data, v).ok_or(Cut(v))?;
    let minor = read::u8(m.data, v + 1).ok_or(Cut(v + 1))?;
    let version = m.cx.tree.text_value(windows_version(major, minor));
    m.cx.tree.add(m.top, WINDOWS_VERSION, v, 2, version);
    m.u8(OS_MAJOR, v)?;
    m.u8(OS_MINOR, v + 1)?;
    let t = v + 2;
    let stype = read::le32(m.data, t).ok_or(Cut(t))?;
    let top = m.top;
    m.cx.flag_bits(top, SERVER_TYPE, &SERVER_TYPE_BITS, t, 4, stype as u64);
    for (bit, name) in SERVER_TYPE_INFO.iter().enumerate() {
        if stype & (1 << bit) != 0 {
            match name {
                Some(name) => m.cx.append_info(format_args!(", {name}")),
                None => {
                    m.cx.append_info(format_args!(", Unknown server type:{bit}"))
                }
            }
        }
    }
    let p = t + 4;
    m.u8(PROTO_MAJOR, p)?;
    m.u8(PROTO_MINOR, p + 1)?;
    let sig = read::le16(m.data, p + 2).ok_or(Cut(p + 2))?;
    m.cx.uint(m.top, SIG, p + 2, 2, sig as u64);
    let tail = if cmd == 0x0c { MB_SERVER } else { COMMENT };
    m.stringz(tail, p + 4).map(drop)
}

/// An election request, after the command byte.
fn election(m: &mut Msg, at: usize) -> Result<(), Cut> {
    m.u8(ELECTION_VERSION, at)?;
    let c = at + 1;
    let criteria = read::le32(m.data, c).ok_or(Cut(c))?;
    let top = m.top;
    let it = m.cx.uint(top, ELECTION_CRITERIA, c, 4, criteria as u64);
    let [desire, major, minor, os] = criteria.to_le_bytes();
    m.cx.flag_bits(
        it,
        ELECTION_DESIRE,
        &[
            DESIRE_BACKUP,
            DESIRE_STANDBY,
            DESIRE_MASTER,
            DESIRE_DOMAIN_MASTER,
            DESIRE_WINS,
            DESIRE_NT,
        ],
        c,
        1,
        desire as u64,
    );
    m.cx.uint(it, PROTO_MAJOR, c + 1, 1, major as u64);
    m.cx.uint(it, PROTO_MINOR, c + 2, 1, minor as u64);
    m.cx.flag_bits(
        it,
        ELECTION_OS,
        &[OS_WFW, OS_NTW, OS_NTS],
        c + 3,
        1,
        os as u64,
    );
    m.msecs(UPTIME, c + 4)?;
    // Four unused bytes, which tshark shows nothing for, then the server's name.
    let name_at = c + 12;
    if name_at > m.data.len() {
        return Err(Cut(m.data.len()));
    }
    m.stringz(SERVER, name_at).map(drop)
}

#[cfg(test)]
mod tests {
    use crate::testutil::{Frame, dissect, dissect_all};

    /// Frame 1 of tests/data/browser/browser-election.pcap: nmbd's host announcement for BRAVO.
    const HOST_ANNOUNCEMENT: &str = "\
        ffffffffffff5adfecdb13460800450000f2e5be400040113e960a5300020a5300ff008a008a00de1696110a7cf60a53\
        0002008a00c8000020454346434542464745504341434143414341434143414341434143414341414100204547454a46\
        49464546464643454646484548434143414341434143414341424e00ff534d4225000000000000000000000000000000\
        0000000000000000000000001100002e000000000000000000000000000000000000002e00560003000100010002003f\
        005c4d41494c534c4f545c42524f57534500010060ea0000425241564f00000000000000000000000601039a81000f01\
        55aa4669787475726520425241564f00";

    #[test]
    fn host_announcement_as_tshark_shows_it() {
        let d = dissect(1, HOST_ANNOUNCEMENT);
        assert_eq!(d.protocols(), "eth:ethertype:ip:udp:nbdgm:smb:browser");
        assert_eq!(
            d.info(),
            "Host Announcement BRAVO, Workstation, Server, Print Queue Server, Xenix Server, \
             NT Workstation, NT Server, Potential Browser, DFS server"
        );
        assert_eq!(d.field("nbdgm.source_name"), "BRAVO<00>");
        assert_eq!(d.field("nbdgm.destination_name"), "FIXTUREWG<1d>");
        assert_eq!(d.field("mailslot.name"), "\\MAILSLOT\\BROWSE");
        assert_eq!(d.field("browser.period"), "60000");
        assert_eq!(d.field("browser.server_type"), "0x00819a03");
        assert_eq!(
            d.field("browser.windows_version"),
            "Windows 7 or Windows Server 2008 R2"
        );
        assert_eq!(d.field("browser.comment"), "Fixture BRAVO");
    }

    /// Cut anywhere, by the datagram's end or by the snapshot length, the frame never panics, and
    /// a cut inside the browser message is marked.
    #[test]
    fn cut_datagrams_never_panic() {
        let whole = HOST_ANNOUNCEMENT.len() / 2;
        for cut in 0..whole {
            let hex = &HOST_ANNOUNCEMENT[..cut * 2];
            dissect(1, hex);
            let d = dissect_all(&[Frame {
                link_type: 1,
                hex,
                original_len: Some(whole as u32),
            }])
            .pop()
            .unwrap();
            if cut > 211 {
                assert!(d.has("_ws.short"), "cut at {cut}");
            }
        }
    }
}
