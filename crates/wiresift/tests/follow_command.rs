//! `wiresift follow`: the readable conversation, checked against what the crafted capture
//! `tests/data/follow-edges.pcap` (`scripts/make-follow-fixture.py`) sent.

use std::path::Path;

mod common;
use common::{run as wiresift, stdout};

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/follow-edges.pcap")
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_conversation_reads_in_order_and_plain_when_piped() {
    let f = fixture();
    // Held segments arrive in reverse order and a retransmission overlaps them; the script sent
    // "aaaaa" + "BBBBBBBBBB" (new part of the overlap) + "bbbbb" (new part) + "cccccccccc".
    let text = stdout(&["follow", "tcp", "2", &f]);
    assert_eq!(
        text,
        "tcp stream 2: 10.0.0.1:40002 ⇄ 10.0.0.2:82\n\
         \n\
         ── 10.0.0.2:82 → 10.0.0.1:40002 · frames 22-25 · 30 bytes\n\
         aaaaaBBBBBBBBBBbbbbbcccccccccc\n\
         \n\
         ── 10.0.0.1:40002 → 10.0.0.2:82 · frame 26 · 6 bytes\n\
         thanks\n\
         \n\
         10.0.0.1:40002 sent 6 bytes; 10.0.0.2:82 sent 30 bytes.\n"
    );
    assert!(!text.contains('\x1b'));
}

#[test]
fn gaps_are_marked_and_colours_can_be_forced() {
    let f = fixture();
    let text = stdout(&["follow", "tcp", "0", "-r", &f, "--color=always"]);
    assert!(text.contains("\x1b[33m[10 bytes missing in capture file]\x1b[0m\n"));
    assert!(text.contains("\x1b[31mGET /aHTTP/1.1\x1b[0m\n"));
    assert!(text.contains("\x1b[34m0123456789WORLD.....\x1b[0m\n"));
    assert!(text.ends_with("10.0.0.2:80 sent 84 bytes (10 more missing from the capture).\n"));
}

#[test]
fn udp_by_endpoints_and_errors() {
    let f = fixture();
    let text = stdout(&["follow", "udp", "[2001:db8::2]:7000,[2001:db8::1]:6000", &f]);
    assert!(text.starts_with("udp: [2001:db8::1]:6000 ⇄ [2001:db8::2]:7000\n"));
    assert!(text.contains("\nhello over ipv6\n"));
    assert!(text.contains("\nand back\n"));

    let out = wiresift(&["follow", "tcp", "99", &f]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no tcp stream 99"));
    let out = wiresift(&["follow", "tcp", "x:1", &f]);
    assert!(!out.status.success());
    let out = wiresift(&["-r", &f, "-q", "-z", "follow,tcp,ebcdic,0"]);
    assert!(!out.status.success());
}

/// tshark's reports see every frame, whatever -Y prints (checked with tshark 4.0: `-Y` leaves
/// `-z follow` and `-z io,phs` unchanged).
#[test]
fn reports_ignore_the_display_filter() {
    let f = fixture();
    let all = stdout(&["-r", &f, "-q", "-z", "follow,tcp,hex,0"]);
    let filtered = stdout(&[
        "-r",
        &f,
        "-q",
        "-Y",
        "frame.number == 4",
        "-z",
        "follow,tcp,hex,0",
    ]);
    assert_eq!(all, filtered);
    assert!(all.contains("\t00000000  30 31 32 33"));
}
