//! The default packet list of the binary, checked against lines tshark 4.0 printed for the repo's fixture
//! (`tshark -n -r tests/data/boot-and-browse.pcapng -t FORMAT`): column widths, time formats, relative
//! TCP numbers and the scaled window in the Info column.

use std::process::Command;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/data/boot-and-browse.pcapng"
);

/// Lines 11, 13 and 20 of the listing with `-t time_format`.
fn lines(time_format: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_wiresift"))
        .args(["-n", "-r", FIXTURE, "-t", time_format])
        .output()
        .expect("wiresift runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let all: Vec<&str> = text.lines().collect();
    [10, 12, 19].iter().map(|&i| all[i].to_string()).collect()
}

#[test]
fn relative_times_and_tcp_info_as_tshark() {
    assert_eq!(
        lines("r"),
        [
            "   11 0.029621616  192.0.2.162 → 192.0.2.1    TCP 74 54022 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=3884263217 TSecr=0 WS=1024",
            "   13 0.029661341  192.0.2.162 → 192.0.2.1    TCP 66 54022 → 80 [ACK] Seq=1 Ack=1 Win=64512 Len=0 TSval=3884263217 TSecr=2050259858",
            "   20 0.037166550  192.0.2.162 → 192.0.2.1    TCP 66 54022 → 80 [FIN, ACK] Seq=81 Ack=324 Win=64512 Len=0 TSval=3884263224 TSecr=2050259865",
        ]
    );
}

#[test]
fn utc_and_epoch_time_formats_as_tshark() {
    let first = |f: &str| lines(f).remove(0);
    let tail = "  192.0.2.162 → 192.0.2.1    TCP 74 54022 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=3884263217 TSecr=0 WS=1024";
    assert_eq!(
        first("ud"),
        format!("   11 2026-11-22 21:38:48.982518390{tail}")
    );
    assert_eq!(
        first("udoy"),
        format!("   11 2026/326 21:38:48.982518390{tail}")
    );
    assert_eq!(first("u"), format!("   11 21:38:48.982518390{tail}"));
    assert_eq!(first("e"), format!("   11 1795383528.982518390{tail}"));
}

/// A protocol asked for alone (`-e tcp`) prints its tree line, with the relative numbers the conversation
/// gives, and a bit field beside it stays off that line (tshark: `-T fields -e frame.number -e tcp -e
/// ip.flags -Y tcp`, first two lines).
#[test]
fn protocol_fields_print_their_tree_line_as_tshark() {
    let out = Command::new(env!("CARGO_BIN_EXE_wiresift"))
        .args([
            "-n",
            "-r",
            FIXTURE,
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "tcp",
            "-e",
            "ip.flags",
            "-Y",
            "tcp",
            "-c",
            "12",
        ])
        .output()
        .expect("wiresift runs");
    let text = String::from_utf8(out.stdout).unwrap();
    let first: Vec<&str> = text.lines().take(2).collect();
    assert_eq!(
        first,
        [
            "11\tTransmission Control Protocol, Src Port: 54022, Dst Port: 80, Seq: 0, Len: 0\t0x02",
            "12\tTransmission Control Protocol, Src Port: 80, Dst Port: 54022, Seq: 0, Ack: 1, Len: 0\t0x02",
        ]
    );
}
