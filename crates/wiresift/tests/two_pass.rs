//! `-2` and `-R` (tshark's two passes), with tshark 4.0.17's literal answers: for the repo's fixture
//! (`tshark -n -r tests/data/boot-and-browse.pcapng -2 ...`) and, when `../shared` is present, for corpus
//! captures with echo exchanges and fragments.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{run as wiresift, stdout};

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/boot-and-browse.pcapng")
        .to_str()
        .unwrap()
        .to_string()
}

fn shared_capture(rel: &str) -> Option<String> {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/captures")
        .join(rel);
    if p.exists() {
        Some(p.to_str().unwrap().to_string())
    } else {
        eprintln!("notice: {} is absent; test skipped", p.display());
        None
    }
}

const TIMES_AND_TCP: &[&str] = &[
    "-T",
    "fields",
    "-e",
    "frame.number",
    "-e",
    "frame.time_delta_displayed",
    "-e",
    "frame.time_relative",
    "-e",
    "frame.time_delta",
    "-e",
    "tcp.stream",
    "-e",
    "tcp.seq",
    "-e",
    "tcp.analysis.acks_frame",
];

fn fields(filters: &[&str]) -> String {
    let f = fixture();
    let mut args = vec!["-n", "-r", &f, "-2"];
    args.extend_from_slice(filters);
    args.extend_from_slice(TIMES_AND_TCP);
    stdout(&args)
}

/// Kept frames are numbered anew; frame 1 keeps the file's first frame's time for the frames that measure
/// from it (frame 2's deltas equal its relative time); relative sequence numbers come from the dropped
/// SYNs; and a data segment shares the analysis of the dropped pure ACK that had its number, sequence and
/// acknowledgement numbers in the first pass (acks_frame 1).
#[test]
fn read_filter_renumbers_and_keeps_the_first_pass_state() {
    assert_eq!(
        fields(&["-R", "tcp.len>0"]),
        "1\t0.000000000\t0.029722135\t0.000000000\t0\t1\t1\n\
         2\t0.036902955\t0.036902955\t0.036902955\t0\t1\t1\n\
         3\t0.000073147\t0.036976102\t0.000073147\t0\t174\t\n"
    );
    assert_eq!(
        fields(&["-R", "arp || tcp.flags.fin==1"]),
        "1\t0.000000000\t0.028932634\t0.000000000\t\t\t\n\
         2\t0.028953152\t0.028953152\t0.028953152\t\t\t\n\
         3\t0.008213398\t0.037166550\t0.008213398\t0\t81\t3\n\
         4\t0.000084839\t0.037251389\t0.000084839\t0\t324\t3\n"
    );
}

/// -Y in the second pass picks among the renumbered frames; the displayed delta counts displayed frames.
#[test]
fn display_filter_applies_to_the_kept_frames() {
    assert_eq!(
        fields(&["-R", "tcp", "-Y", "tcp.len>0"]),
        "4\t0.000000000\t0.029722135\t0.000060794\t0\t1\t\n\
         6\t0.007180820\t0.036902955\t0.007170641\t0\t1\t\n\
         8\t0.000073147\t0.036976102\t0.000052919\t0\t174\t\n"
    );
}

#[test]
fn summary_lines_of_kept_frames() {
    let f = fixture();
    assert_eq!(
        stdout(&["-n", "-r", &f, "-2", "-R", "tcp.flags.syn==1 || arp"]),
        "    1 0.028932634 02:00:00:00:02:02 → ff:ff:ff:ff:ff:ff ARP 42 Who has 192.0.2.1? Tell 192.0.2.162\n\
         \x20   2 0.028953152 02:00:00:00:01:01 → 02:00:00:00:02:02 ARP 42 192.0.2.1 is at 02:00:00:00:01:01\n\
         \x20   3 0.029621616  192.0.2.162 → 192.0.2.1    TCP 74 54022 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=3884263217 TSecr=0 WS=1024\n\
         \x20   4 0.029644229    192.0.2.1 → 192.0.2.162  TCP 74 80 → 54022 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM TSval=2050259858 TSecr=3884263217 WS=1024\n"
    );
}

/// tshark's first pass numbers a frame one more than the frames kept so far, so `frame.number == 5`
/// never matches; and it checks -c only after a kept frame.
#[test]
fn first_pass_numbering_and_count() {
    let f = fixture();
    assert_eq!(
        stdout(&["-n", "-r", &f, "-2", "-R", "frame.number == 5"]),
        ""
    );
    assert_eq!(
        stdout(&["-n", "-r", &f, "-2", "-R", "tcp", "-c", "5"]),
        "    1 0.029621616  192.0.2.162 → 192.0.2.1    TCP 74 54022 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=3884263217 TSecr=0 WS=1024\n"
    );
}

/// Without -R the two passes show the fixture as one pass does (its dissectors look at no later frame),
/// except where tshark's second pass knows more: the segment holding the start of the HTTP response
/// gets no HTTP Info, as the second pass does not hand HTTP the bytes of a PDU it knows continues.
#[test]
fn two_passes_alone_match_one_pass_here() {
    let f = fixture();
    let one_pass = stdout(&["-n", "-r", &f]).replace(
        "TCP 239 HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]",
        "TCP 239 80 → 54022 [PSH, ACK] Seq=1 Ack=81 Win=65536 Len=173 TSval=2050259865 \
         TSecr=3884263217 [TCP segment of a reassembled PDU]",
    );
    assert_eq!(stdout(&["-n", "-r", &f, "-2"]), one_pass);
    let mut two = vec!["-n", "-r", &f, "-2"];
    two.extend_from_slice(TIMES_AND_TCP);
    let mut one = vec!["-n", "-r", &f];
    one.extend_from_slice(TIMES_AND_TCP);
    assert_eq!(stdout(&two), stdout(&one));
}

#[test]
fn writes_the_frames_the_second_pass_keeps() {
    let f = fixture();
    let dir = std::env::temp_dir().join(format!("wiresift-two-pass-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("kept.pcapng");
    let o = out.to_str().unwrap();
    stdout(&["-r", &f, "-2", "-R", "tcp", "-Y", "tcp.len>0", "-w", o]);
    let written = stdout(&["-r", o, "-T", "fields", "-e", "frame.time_epoch"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        written,
        "1795383528.982618909\n1795383528.989799729\n1795383528.989872876\n"
    );
}

#[test]
fn read_filter_needs_two_passes_and_a_file() {
    let f = fixture();
    let out = wiresift(&["-r", &f, "-R", "tcp"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "wiresift: -R without -2 is deprecated. For single-pass filtering use -Y.\n"
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_wiresift"))
        .args(["-2", "-r", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "wiresift: The standard input is a pipe or FIFO; wiresift can't read pipe or FIFO files in two-pass mode.\n"
    );
    let out = wiresift(&["-r", &f, "-2", "-R", "tcp.foo == 1"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The second pass shows where fragments were reassembled and which frame answered a request.
#[test]
fn fragments_and_echo_requests_look_ahead() {
    let Some(f) = shared_capture("ppa/ip_frag_source.pcapng") else {
        return;
    };
    assert_eq!(
        stdout(&["-n", "-r", &f, "-2"]),
        "    1   0.000000    10.10.0.3 → 192.168.0.128 IPv4 1514 Fragmented IP protocol (proto=ICMP 1, off=0, ID=7474) [Reassembled in #3]\n\
         \x20   2   0.000010    10.10.0.3 → 192.168.0.128 IPv4 1514 Fragmented IP protocol (proto=ICMP 1, off=1480, ID=7474) [Reassembled in #3]\n\
         \x20   3   0.000013    10.10.0.3 → 192.168.0.128 ICMP 582 Echo (ping) request  id=0x0001, seq=57/14592, ttl=128 (reply in 6)\n\
         \x20   4   0.003136 192.168.0.128 → 10.10.0.3    IPv4 1514 Fragmented IP protocol (proto=ICMP 1, off=0, ID=07f8) [Reassembled in #6]\n\
         \x20   5   0.003467 192.168.0.128 → 10.10.0.3    IPv4 1514 Fragmented IP protocol (proto=ICMP 1, off=1480, ID=07f8) [Reassembled in #6]\n\
         \x20   6   0.003469 192.168.0.128 → 10.10.0.3    ICMP 582 Echo (ping) reply    id=0x0001, seq=57/14592, ttl=127 (request in 3)\n"
    );
    let Some(f) = shared_capture("ppa/ipv6_fragments.pcapng") else {
        return;
    };
    let fields = [
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-e",
        "ipv6.reassembled.in",
        "-e",
        "icmpv6.resp_in",
        "-e",
        "icmpv6.resp_to",
    ];
    let mut args = vec!["-n", "-r", &f, "-2", "-c", "4"];
    args.extend_from_slice(&fields);
    assert_eq!(stdout(&args), "1\t2\t\t\n2\t\t4\t\n3\t4\t\t\n4\t\t\t2\n");
    // A request tshark finds no reply for, and (with -R keeping requests only) a reply that is "in" the
    // frame the dropped reply's number now belongs to.
    let Some(f) = shared_capture("ppa/icmp_traceroute.pcapng") else {
        return;
    };
    let info = [
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-e",
        "icmp.no_resp",
        "-e",
        "icmp.resp_not_found",
        "-e",
        "_ws.col.Info",
    ];
    let mut args = vec!["-n", "-r", &f, "-2", "-R", "icmp.type==8", "-c", "3"];
    args.extend_from_slice(&info);
    assert_eq!(
        stdout(&args),
        "1\t1\t1\tEcho (ping) request  id=0x0500, seq=14336/56, ttl=1 (no response found!)\n\
         2\t\t\tTime-to-live exceeded (Time to live exceeded in transit)\n\
         3\t1\t1\tEcho (ping) request  id=0x0500, seq=14592/57, ttl=1 (no response found!)\n"
    );
    let Some(f) = shared_capture("ppa/icmp_echo.pcapng") else {
        return;
    };
    let info = [
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-e",
        "icmp.resp_in",
        "-e",
        "_ws.col.Info",
    ];
    let mut args = vec!["-n", "-r", &f, "-2", "-R", "icmp.type==8"];
    args.extend_from_slice(&info);
    assert_eq!(
        stdout(&args),
        "1\t2\tEcho (ping) request  id=0x0500, seq=13312/52, ttl=128 (reply in 2)\n\
         2\t3\tEcho (ping) request  id=0x0500, seq=13568/53, ttl=128 (reply in 3)\n\
         3\t4\tEcho (ping) request  id=0x0500, seq=13824/54, ttl=128 (reply in 4)\n\
         4\t5\tEcho (ping) request  id=0x0500, seq=14080/55, ttl=128 (reply in 5)\n"
    );
}

/// Conversation state the second pass has in full: the handshake's RTT from the SYN+ACK on, and the
/// window scale an nmap probe's Window Scale option (outside any SYN) sets, for the segments before it too.
#[test]
fn tcp_conversation_state_from_the_whole_first_pass() {
    let Some(f) = shared_capture("ppa/tcp_handshake.pcapng") else {
        return;
    };
    let irtt = [
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-e",
        "tcp.analysis.initial_rtt",
    ];
    let mut args = vec!["-n", "-r", &f, "-2"];
    args.extend_from_slice(&irtt);
    assert_eq!(stdout(&args), "1\t\n2\t0.132768000\n3\t0.132768000\n");
    let Some(f) = shared_capture("ppa/activeosfingerprinting.pcapng") else {
        return;
    };
    let window = [
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-e",
        "tcp.window_size",
        "-e",
        "tcp.window_size_scalefactor",
    ];
    let mut args = vec!["-n", "-r", &f, "-2"];
    args.extend_from_slice(&window);
    let out = stdout(&args);
    let rows: Vec<&str> = out.lines().skip(19).take(6).collect();
    assert_eq!(
        rows,
        [
            "20\t131072\t1024",
            "21\t256\t",
            "22\t1048576\t1024",
            "23\t31337\t",
            "24\t33554432\t1024",
            "25\t1073725440\t16384"
        ]
    );
}
