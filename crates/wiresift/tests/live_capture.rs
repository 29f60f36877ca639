//! Live capture (`-i`) end to end, in network namespaces each test makes for itself: a veth pair between
//! a server namespace and a client namespace, real clients (curl, ping) and a real server (python3's
//! http.server), wiresift capturing in the client namespace. The files are checked with tshark when it
//! is installed (scripts/test.sh installs it), else with wiresift's own reader.
//!
//! Creating namespaces needs root: as another user each test prints a notice and passes. No timing is
//! asserted; waits are bounded so that a broken capture fails instead of hanging.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_wiresift");
const SERVER_ADDR: &str = "10.213.7.1";
const CLIENT_ADDR: &str = "10.213.7.2";
/// The veth ends; each namespace has its own, so every test uses the same names.
const SERVER_IF: &str = "wslive-s";
const CLIENT_IF: &str = "wslive-c";

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Why the tests cannot run here, if they cannot.
fn missing_prerequisite() -> Option<String> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Some("not root (network namespaces need it)".into());
    }
    ["ip", "ping", "curl", "python3"]
        .iter()
        .find(|p| !have(p))
        .map(|p| format!("{p} is not installed"))
}

macro_rules! require_netns {
    () => {
        if let Some(why) = missing_prerequisite() {
            eprintln!("notice: live capture test skipped: {why}");
            return;
        }
    };
}

fn sh(args: &[&str]) -> Output {
    let out = Command::new(args[0])
        .args(&args[1..])
        .output()
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A server and a client namespace joined by a veth pair, removed (with every process in them) on drop,
/// however the test ends.
struct Pair {
    server: String,
    client: String,
}

impl Pair {
    fn new(tag: &str) -> Pair {
        let pid = std::process::id();
        let pair = Pair {
            server: format!("wslive-{pid}-{tag}-s"),
            client: format!("wslive-{pid}-{tag}-c"),
        };
        pair.remove();
        for ns in [&pair.server, &pair.client] {
            sh(&["ip", "netns", "add", ns]);
            sh(&["ip", "-n", ns, "link", "set", "lo", "up"]);
            // No IPv6: its autoconfiguration would add packets no test asks for.
            sh(&[
                "ip",
                "netns",
                "exec",
                ns,
                "sysctl",
                "-qw",
                "net.ipv6.conf.all.disable_ipv6=1",
            ]);
        }
        sh(&[
            "ip",
            "link",
            "add",
            SERVER_IF,
            "netns",
            &pair.server,
            "type",
            "veth",
            "peer",
            "name",
            CLIENT_IF,
            "netns",
            &pair.client,
        ]);
        for (ns, dev, addr) in [
            (&pair.server, SERVER_IF, SERVER_ADDR),
            (&pair.client, CLIENT_IF, CLIENT_ADDR),
        ] {
            sh(&[
                "ip",
                "-n",
                ns,
                "addr",
                "add",
                &format!("{addr}/24"),
                "dev",
                dev,
            ]);
            sh(&["ip", "-n", ns, "link", "set", dev, "up"]);
        }
        pair
    }

    fn exec(&self, ns: &str, args: &[&str]) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", ns]).args(args);
        c
    }

    fn remove(&self) {
        for ns in [&self.server, &self.client] {
            if let Ok(out) = Command::new("ip").args(["netns", "pids", ns]).output() {
                for pid in String::from_utf8_lossy(&out.stdout).split_whitespace() {
                    let _ = Command::new("kill").args(["-KILL", pid]).status();
                }
            }
            let _ = Command::new("ip")
                .args(["netns", "del", ns])
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A wiresift capture running in a namespace; its standard error is collected by a thread.
struct Capture {
    child: Child,
    stderr: mpsc::Receiver<String>,
}

impl Capture {
    /// Starts `wiresift ARGS` in `ns` and waits until it says it is capturing.
    fn start(pair: &Pair, ns: &str, args: &[&str]) -> Capture {
        Capture::start_program(pair, ns, BIN, args)
    }

    /// Starts `PROGRAM ARGS` (wiresift, or tcpdump to compare with) in `ns` and waits until it says it
    /// is capturing (tshark's "Capturing on", tcpdump's "listening on").
    fn start_program(pair: &Pair, ns: &str, program: &str, args: &[&str]) -> Capture {
        let mut cmd = pair.exec(ns, &[program]);
        cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("wiresift starts");
        let err = child.stderr.take().expect("stderr");
        let (ready_tx, ready_rx) = mpsc::channel();
        let (all_tx, all_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut all = String::new();
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if line.starts_with("Capturing on") || line.contains("listening on ") {
                    let _ = ready_tx.send(());
                }
                all.push_str(&line);
                all.push('\n');
            }
            let _ = all_tx.send(all);
        });
        if ready_rx.recv_timeout(Duration::from_secs(20)).is_err() {
            let _ = child.kill();
            let _ = child.wait();
            let text = all_rx
                .recv_timeout(Duration::from_secs(5))
                .unwrap_or_default();
            panic!("{program} {args:?} did not start capturing: {text}");
        }
        Capture {
            child,
            stderr: all_rx,
        }
    }

    /// Sends SIGINT and waits for the program to end: its exit status, standard output and error.
    fn interrupt(self) -> (std::process::ExitStatus, String, String) {
        sh(&["kill", "-INT", &self.child.id().to_string()]);
        self.wait()
    }

    /// Waits (at most 30 s) for the program to end by itself.
    fn wait(mut self) -> (std::process::ExitStatus, String, String) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("waiting for wiresift") {
                break s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("wiresift did not stop");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut out = String::new();
        if let Some(mut o) = self.child.stdout.take() {
            use std::io::Read;
            let _ = o.read_to_string(&mut out);
        }
        let err = self
            .stderr
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_default();
        (status, out, err)
    }
}

/// A server process, ended and reaped on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// python3's HTTP server in the server namespace, serving `dir`, reachable once this returns.
fn http_server(pair: &Pair, dir: &Path) -> Server {
    let server = pair
        .exec(
            &pair.server,
            &[
                "python3",
                "-m",
                "http.server",
                "8000",
                "--bind",
                SERVER_ADDR,
                "--directory",
                dir.to_str().expect("UTF-8 path"),
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(Server)
        .expect("python3 starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let ok = pair
            .exec(
                &pair.client,
                &[
                    "curl",
                    "-s",
                    "-o",
                    "/dev/null",
                    &format!("http://{SERVER_ADDR}:8000/"),
                ],
            )
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the HTTP server did not come up");
}

fn ping(pair: &Pair, count: u32) {
    let out = pair
        .exec(
            &pair.client,
            &[
                "ping",
                "-c",
                &count.to_string(),
                "-i",
                "0.05",
                "-W",
                "2",
                SERVER_ADDR,
            ],
        )
        .output()
        .expect("ping runs");
    assert!(
        out.status.success(),
        "ping: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// How many frames of `file` match the display filter `filter` (tshark's count, or wiresift's).
fn count_matching(file: &Path, filter: &str) -> usize {
    let file = file.to_str().expect("UTF-8 path");
    let out = if have("tshark") {
        Command::new("tshark")
            .args([
                "-r",
                file,
                "-Y",
                filter,
                "-T",
                "fields",
                "-e",
                "frame.number",
            ])
            .output()
            .expect("tshark runs")
    } else {
        Command::new(BIN)
            .args([
                "-r",
                file,
                "-Y",
                filter,
                "-T",
                "fields",
                "-e",
                "frame.number",
            ])
            .output()
            .expect("wiresift runs")
    };
    assert!(
        out.status.success(),
        "reading {file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).lines().count()
}

fn frames_in(file: &Path) -> usize {
    count_matching(file, "frame")
}

/// The frame count in "N packets captured".
fn captured_count(stderr: &str) -> usize {
    stderr
        .lines()
        .find_map(|l| {
            l.strip_suffix(" packets captured")
                .or_else(|| l.strip_suffix(" packet captured"))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no packet count in: {stderr}"))
}

#[test]
fn http_exchange_is_captured_and_sigint_leaves_a_complete_file() {
    require_netns!();
    let pair = Pair::new("http");
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("hello.txt"), "hello from the server\n").unwrap();
    let _server = http_server(&pair, dir.path());
    let file = dir.path().join("http.pcapng");
    let cap = Capture::start(
        &pair,
        &pair.client,
        &["-i", CLIENT_IF, "-w", file.to_str().unwrap()],
    );
    let curl = pair
        .exec(
            &pair.client,
            &[
                "curl",
                "-s",
                &format!("http://{SERVER_ADDR}:8000/hello.txt"),
            ],
        )
        .output()
        .expect("curl runs");
    assert_eq!(
        String::from_utf8_lossy(&curl.stdout),
        "hello from the server\n"
    );
    // The exchange is over on the wire once curl has its answer; the FINs follow at once.
    std::thread::sleep(Duration::from_millis(300));
    let (status, _, stderr) = cap.interrupt();
    assert!(status.success(), "wiresift after SIGINT: {status} {stderr}");
    assert!(
        stderr.contains(&format!("Capturing on '{CLIENT_IF}'")),
        "{stderr}"
    );
    let frames = frames_in(&file);
    assert_eq!(
        captured_count(&stderr),
        frames,
        "the count printed is the count written"
    );
    let syn = "tcp.port == 8000 && tcp.flags.syn == 1 && tcp.flags.ack == 0";
    let syn_ack = "tcp.port == 8000 && tcp.flags.syn == 1 && tcp.flags.ack == 1";
    assert_eq!(count_matching(&file, syn), 1, "the SYN");
    assert_eq!(count_matching(&file, syn_ack), 1, "the SYN-ACK");
    let get = "http.request.method == \"GET\" && http.request.uri == \"/hello.txt\"";
    assert_eq!(count_matching(&file, get), 1, "the request");
    assert_eq!(
        count_matching(&file, "http.response.code == 200"),
        1,
        "the response"
    );
    // The file was closed cleanly: the statistics block written on stop is there, with the kernel's counts.
    let mut reader = capfile::CaptureReader::open(&file).expect("the file opens");
    let mut n = 0;
    while reader.next_frame().expect("no damage").is_some() {
        n += 1;
    }
    assert_eq!(n, frames);
    let iface = &reader.interfaces()[0];
    assert_eq!(iface.name.as_deref(), Some(CLIENT_IF));
    let stats = iface.stats.as_ref().expect("an Interface Statistics Block");
    assert_eq!(stats.delivered_to_user, Some(frames as u64));
    assert!(
        stats.received.is_some_and(|r| r >= frames as u64),
        "{stats:?}"
    );
    assert_eq!(stats.dropped_by_os, Some(0));
}

#[test]
fn capture_filter_is_applied_by_libpcap() {
    require_netns!();
    let pair = Pair::new("filter");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let _server = http_server(&pair, dir.path());
    let file = dir.path().join("icmp.pcap");
    let cap = Capture::start(
        &pair,
        &pair.client,
        &[
            "-i",
            CLIENT_IF,
            "-f",
            "icmp",
            "-w",
            file.to_str().unwrap(),
            "-F",
            "pcap",
        ],
    );
    let _ = pair
        .exec(
            &pair.client,
            &[
                "curl",
                "-s",
                "-o",
                "/dev/null",
                &format!("http://{SERVER_ADDR}:8000/"),
            ],
        )
        .status();
    ping(&pair, 3);
    let (status, _, stderr) = cap.interrupt();
    assert!(status.success(), "{stderr}");
    assert_eq!(
        frames_in(&file),
        6,
        "three echo requests and three replies, nothing else"
    );
    assert_eq!(count_matching(&file, "icmp"), 6);
    assert_eq!(count_matching(&file, "tcp"), 0);
    // tshark's message for a filter libpcap cannot compile, and no capture.
    let out = pair
        .exec(
            &pair.client,
            &[BIN, "-i", CLIENT_IF, "-f", "icmp and port", "-c", "1"],
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "Invalid capture filter \"icmp and port\" for interface '{CLIENT_IF}'"
        )) && err.contains("That string isn't a valid capture filter ("),
        "{err}"
    );
}

#[test]
fn ring_buffer_rotates_and_keeps_the_newest_files() {
    require_netns!();
    let pair = Pair::new("ring");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let base = dir.path().join("ring.pcapng");
    // 23 ICMP packets, 5 a file: files 1 to 5 (5, 5, 5, 5, 3), of which the newest 3 are kept.
    let cap = Capture::start(
        &pair,
        &pair.client,
        &[
            "-i",
            CLIENT_IF,
            "-f",
            "icmp",
            "-q",
            "-c",
            "23",
            "-b",
            "packets:5",
            "-b",
            "files:3",
            "-w",
            base.to_str().unwrap(),
        ],
    );
    ping(&pair, 14);
    let (status, _, stderr) = cap.wait();
    assert!(status.success(), "{stderr}");
    assert_eq!(captured_count(&stderr), 23);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    for (name, number) in names.iter().zip(["00003", "00004", "00005"]) {
        // ring_00003_YYYYmmddHHMMSS.pcapng
        let rest = name
            .strip_prefix(&format!("ring_{number}_"))
            .and_then(|r| r.strip_suffix(".pcapng"))
            .unwrap_or_else(|| panic!("{name} is not named as tshark names ring files"));
        assert!(
            rest.len() == 14 && rest.bytes().all(|b| b.is_ascii_digit()),
            "{name}"
        );
    }
    let counts: Vec<usize> = names
        .iter()
        .map(|n| frames_in(&dir.path().join(n)))
        .collect();
    assert_eq!(counts, vec![5, 5, 3]);
}

#[test]
fn ring_buffer_rotates_by_duration_while_idle() {
    require_netns!();
    let pair = Pair::new("idle");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let base = dir.path().join("idle.pcapng");
    // Nothing passes the filter. dumpcap (and so tshark) closes a ring file when its duration ends,
    // packets or not: `dumpcap -b duration:1 -a duration:3.5` on an idle interface leaves four files
    // of headers, opened at 0, 1, 2 and 3 s.
    let cap = Capture::start(
        &pair,
        &pair.client,
        &[
            "-i",
            CLIENT_IF,
            "-f",
            "udp port 9",
            "-b",
            "duration:1",
            "-a",
            "duration:3.5",
            "-w",
            base.to_str().unwrap(),
        ],
    );
    let (status, _, stderr) = cap.wait();
    assert!(status.success(), "{stderr}");
    assert_eq!(captured_count(&stderr), 0);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let numbers: Vec<&str> = names.iter().map(|n| &n[5..10]).collect();
    assert_eq!(numbers, ["00001", "00002", "00003", "00004"], "{names:?}");
    for name in &names {
        let file = dir.path().join(name);
        assert_eq!(frames_in(&file), 0, "{name}");
    }
}

#[test]
fn count_on_loopback_and_live_display_filter() {
    require_netns!();
    let pair = Pair::new("lo");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("x.pcapng");
    // The acceptance run: -c 100 on lo while traffic runs, then tshark reads 100 packets.
    let cap = Capture::start(
        &pair,
        &pair.client,
        &["-i", "lo", "-c", "100", "-w", file.to_str().unwrap()],
    );
    let flood = pair
        .exec(
            &pair.client,
            &["ping", "-c", "200", "-i", "0.002", "127.0.0.1"],
        )
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (status, _, stderr) = cap.wait();
    let _ = flood.wait_with_output();
    assert!(status.success(), "{stderr}");
    assert_eq!(captured_count(&stderr), 100);
    assert_eq!(frames_in(&file), 100);
    // Packets printed as they come, through a display filter, in -T fields.
    let cap = Capture::start(
        &pair,
        &pair.client,
        &[
            "-i",
            CLIENT_IF,
            "-Y",
            "icmp.type == 8",
            "-T",
            "fields",
            "-e",
            "icmp.seq",
            "-e",
            "frame.interface_name",
        ],
    );
    ping(&pair, 3);
    let (status, out, stderr) = cap.interrupt();
    assert!(status.success(), "{stderr}");
    assert_eq!(
        out,
        format!("1\t{CLIENT_IF}\n2\t{CLIENT_IF}\n3\t{CLIENT_IF}\n")
    );
}

#[test]
fn two_interfaces_in_one_file() {
    require_netns!();
    let pair = Pair::new("multi");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("two.pcapng");
    let cap = Capture::start(
        &pair,
        &pair.client,
        &[
            "-i",
            "lo",
            "-i",
            CLIENT_IF,
            "-f",
            "icmp",
            "-w",
            file.to_str().unwrap(),
        ],
    );
    assert!(cap.child.id() > 0);
    ping(&pair, 2);
    let out = pair
        .exec(
            &pair.client,
            &["ping", "-c", "2", "-i", "0.05", "127.0.0.1"],
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let (status, _, stderr) = cap.interrupt();
    assert!(status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("Capturing on 'Loopback: lo' and '{CLIENT_IF}'")),
        "{stderr}"
    );
    assert_eq!(count_matching(&file, "frame.interface_id == 0 && icmp"), 4);
    assert_eq!(count_matching(&file, "frame.interface_id == 1 && icmp"), 4);
    assert_eq!(count_matching(&file, "frame.interface_name == \"lo\""), 4);
}

#[test]
fn interface_list_is_tsharks() {
    let ours = Command::new(BIN).arg("-D").output().expect("wiresift runs");
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let ours = String::from_utf8_lossy(&ours.stdout).into_owned();
    assert!(
        ours.lines().any(|l| l.ends_with(". lo (Loopback)")),
        "{ours}"
    );
    if !have("tshark") {
        eprintln!("notice: tshark is not installed; -D compared with nothing");
        return;
    }
    let theirs = Command::new("tshark")
        .arg("-D")
        .output()
        .expect("tshark runs");
    let theirs = String::from_utf8_lossy(&theirs.stdout).into_owned();
    // tshark lists its extcap programs (sshdump, randpkt, ...) after libpcap's interfaces.
    assert!(
        theirs.starts_with(&ours),
        "ours:\n{ours}\ntshark's:\n{theirs}"
    );
}

#[test]
fn without_permission_the_message_says_what_to_do() {
    require_netns!();
    if !have("setpriv") {
        eprintln!("notice: setpriv is not installed; permission test skipped");
        return;
    }
    // Root without any capability is refused as an ordinary user is.
    let out = Command::new("setpriv")
        .args([
            "--inh-caps=-all",
            "--bounding-set=-all",
            BIN,
            "-i",
            "lo",
            "-c",
            "1",
        ])
        .output()
        .expect("setpriv runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("permission to capture on 'Loopback: lo'"),
        "{err}"
    );
    assert!(
        err.contains("setcap cap_net_raw,cap_net_admin=eip "),
        "{err}"
    );
}

/// The lines of `text` from the first that starts with `prefix`.
fn line_starting<'t>(text: &'t str, prefix: &str) -> &'t str {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in: {text}"))
}

#[test]
fn tcpdump_mode_captures_live_as_tcpdump_does() {
    require_netns!();
    if !have("tcpdump") {
        eprintln!("notice: tcpdump is not installed; tcpdump-mode live test skipped");
        return;
    }
    let pair = Pair::new("td");
    // wiresift and tcpdump side by side on one interface, with the same filter, count and verbosity:
    // the same six packets (three pings and their replies), printed alike, timestamps included (both
    // read the kernel's time stamp of each packet).
    let args = ["-i", CLIENT_IF, "-nn", "-v", "-c", "6", "icmp"];
    let mut ours_args = vec!["tcpdump"];
    ours_args.extend(args);
    let ours = Capture::start(&pair, &pair.client, &ours_args);
    let theirs = Capture::start_program(&pair, &pair.client, "tcpdump", &args);
    // Traffic the filter leaves out, before and between the pings.
    let _ = pair
        .exec(
            &pair.client,
            &["curl", "-s", "-m", "1", &format!("http://{SERVER_ADDR}:9/")],
        )
        .output();
    ping(&pair, 3);
    let (status, out, err) = ours.wait();
    assert!(status.success(), "{err}");
    let (t_status, t_out, t_err) = theirs.wait();
    assert!(t_status.success(), "{t_err}");
    assert_eq!(
        out.lines().filter(|l| l.contains(" ICMP echo ")).count(),
        6,
        "{out}"
    );
    assert_eq!(out, t_out);
    for prefix in [
        "tcpdump: listening on ",
        "6 packets captured",
        "0 packets dropped by kernel",
    ] {
        assert_eq!(line_starting(&err, prefix), line_starting(&t_err, prefix));
    }
    // -w: a pcap file tcpdump reads, of the matching packets only; nothing on standard output.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("td.pcap");
    let cap = Capture::start(
        &pair,
        &pair.client,
        &[
            "tcpdump",
            "-i",
            CLIENT_IF,
            "-c",
            "4",
            "-s",
            "96",
            "-w",
            file.to_str().unwrap(),
            "icmp[icmptype] == icmp-echo or icmp[icmptype] == icmp-echoreply",
        ],
    );
    ping(&pair, 2);
    let (status, out, err) = cap.wait();
    assert!(status.success(), "{err}");
    assert_eq!(out, "");
    assert_eq!(
        line_starting(&err, "tcpdump: listening on "),
        format!(
            "tcpdump: listening on {CLIENT_IF}, link-type EN10MB (Ethernet), snapshot length 96 bytes"
        )
    );
    let read = Command::new("tcpdump")
        .args(["-nn", "-r", file.to_str().unwrap()])
        .output()
        .expect("tcpdump runs");
    let text = String::from_utf8_lossy(&read.stdout);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert_eq!(text.matches("ICMP echo request").count(), 2, "{text}");
    assert!(
        String::from_utf8_lossy(&read.stderr).contains("snapshot length 96"),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    // -D as tcpdump lists the namespace's interfaces.
    let ours = pair
        .exec(&pair.client, &[BIN, "tcpdump", "-D"])
        .output()
        .unwrap();
    let theirs = pair
        .exec(&pair.client, &["tcpdump", "-D"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&theirs.stdout)
    );
}
