#!/usr/bin/env bash
# Round trip through wiresift's writer, judged by tshark: for every capture of the shared corpus
# (../shared/captures/MANIFEST.tsv), `wiresift -r X -w Y -F pcap` and `-F pcapng`, then tshark reads X and
# Y and the two must agree frame by frame on
#   - the frame's bytes (a SHA-256 of `frame_raw`, tshark's own copy of the record data: no editcap, no
#     wiresift reader involved in the comparison),
#   - frame.time_epoch (to the nanosecond), frame.len, frame.cap_len and frame.encap_type,
#   - for pcapng output also frame.interface_id and the packet comments (pcap cannot carry them),
# and Y must hold exactly as many frames as tshark reads from X.
#
# Captures tshark itself rejects (it reads no frame of them and fails) are listed and left out; an empty
# capture is compared like any other (its copies must be empty captures tshark opens). A capture tshark
# reads only partly (damaged or cut short) is compared on the frames it does read: wiresift writes every
# frame before the damage too. A pcapng capture with interfaces of several link types cannot be pcap:
# wiresift refuses it (as editcap does), which is counted apart, not as a mismatch.
#
# usage: scripts/roundtrip-tshark.sh [CAPTURES_DIR]   (default ../shared/captures beside the repository,
#                                                      else /work/shared/captures)
# Environment: WIRESIFT (default target/release/wiresift; built when missing), JOBS (parallel captures,
#              default 2), ONLY (a regular expression on the capture paths), VERBOSE=1 (print every
#              capture's result).
# Exit status: 0 when every comparable capture matches in both formats, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
CAPTURES=${1:-}
if [ -z "$CAPTURES" ]; then
  if [ -d ../shared/captures ]; then CAPTURES=../shared/captures; else CAPTURES=/work/shared/captures; fi
fi
WIRESIFT=${WIRESIFT:-target/release/wiresift}
JOBS=${JOBS:-2}
ONLY=${ONLY:-.}

[ -r "$CAPTURES/MANIFEST.tsv" ] || {
  echo "roundtrip-tshark.sh: no $CAPTURES/MANIFEST.tsv" >&2
  exit 2
}
command -v tshark >/dev/null || {
  echo "installing tshark"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark
}
[ -x "$WIRESIFT" ] || cargo build --release -p wiresift

tmp=$(mktemp -d /tmp/roundtrip-tshark.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

python3 - "$CAPTURES" "$WIRESIFT" "$JOBS" "$ONLY" "$tmp" "${VERBOSE:-}" <<'EOF'
import concurrent.futures, hashlib, json, os, re, subprocess, sys

captures, wiresift, jobs, only, tmp, verbose = sys.argv[1:7]
wiresift = os.path.abspath(wiresift)
only = re.compile(only)

with open(os.path.join(captures, "MANIFEST.tsv")) as f:
    header = f.readline().rstrip("\n").split("\t")
    col = header.index("path")
    paths = [line.rstrip("\n").split("\t")[col] for line in f if line.strip()]
paths = [p for p in paths if only.search(p)]


def pairs(items):
    """tshark's JSON repeats a key for repeated layers (two packet comments): keep every value."""
    d = {}
    for k, v in items:
        if k in d:
            d[k] = (d[k] if isinstance(d[k], list) and k != "frame_raw" else [d[k]]) + [v]
        else:
            d[k] = v
    return d


def as_list(v):
    return v if isinstance(v, list) else [v]


def tshark_frames(path, with_pcapng_fields):
    """tshark's view of every frame: (exit status, stderr, [per-frame tuple])."""
    env = dict(os.environ, TZ="UTC")
    r = subprocess.run(
        ["tshark", "-n", "-r", path, "-T", "json", "-x", "-j", "frame pkt_comment"],
        capture_output=True, env=env,
    )
    frames = []
    out = r.stdout.decode("utf-8", "replace").strip()
    if out:
        try:
            packets = json.loads(out, object_pairs_hook=pairs)
        except json.JSONDecodeError:
            # tshark stopped mid-way (a damaged file): keep the complete packets.
            cut = out.rfind("\n  }\n")
            packets = json.loads(out[: cut + 4] + "\n]", object_pairs_hook=pairs) if cut > 0 else []
        for p in packets:
            layers = p["_source"]["layers"]
            fr = layers.get("frame", {})
            raw = layers.get("frame_raw")
            raw_hex = raw[0] if isinstance(raw, list) and raw and isinstance(raw[0], str) else ""
            t = (
                hashlib.sha256(raw_hex.encode()).hexdigest(),
                fr.get("frame.time_epoch"),
                fr.get("frame.len"),
                fr.get("frame.cap_len"),
                fr.get("frame.encap_type"),
            )
            if with_pcapng_fields:
                comments = [c.get("frame.comment") for c in as_list(layers.get("pkt_comment", []))]
                t += (fr.get("frame.interface_id"), tuple(comments))
            frames.append(t)
    return r.returncode, r.stderr.decode("utf-8", "replace"), frames


NAMES = ["bytes (sha256 of frame_raw)", "frame.time_epoch", "frame.len", "frame.cap_len",
         "frame.encap_type", "frame.interface_id", "frame.comment"]


def instant(text):
    """frame.time_epoch as an exact number of nanoseconds; tshark may print a fraction of 10 digits (a
    stored microsecond count of 1000000) or a negative time as -S.F meaning -(S + F)."""
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    ns = int(whole) * 10**9 + int(frac.ljust(9, "0")) if frac else int(whole) * 10**9
    return -ns if neg else ns


def first_difference(a, b):
    """None when the frames agree, else (kind, description) of the first difference."""
    if len(a) != len(b):
        return "mismatch", f"tshark reads {len(a)} frames from the original, {len(b)} from the copy"
    for n, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            i = next(i for i in range(len(x)) if x[i] != y[i])
            if i == 5 and x[i] is None:
                # pcap has no interfaces: a pcapng copy numbers its one interface 0, as it must.
                continue
            what = f"frame {n}: {NAMES[i]} {x[i]!r} became {y[i]!r}"
            if i == 1 and x[i] and y[i] and instant(x[i]) == instant(y[i]):
                return "same-instant", what
            return "mismatch", what
    return None


def one(rel):
    src = os.path.join(captures, rel)
    base = os.path.join(tmp, re.sub(r"[^A-Za-z0-9._-]", "_", rel))
    code_x, err_x, frames_x = tshark_frames(src, True)
    # An empty capture (no frame, no error) is compared too: the copy must be an empty capture.
    if not frames_x and code_x != 0:
        why = err_x.strip().splitlines()[-1] if err_x.strip() else f"exit status {code_x}"
        return rel, {"rejected": why}
    result = {"partial": code_x != 0}
    for fmt in ("pcap", "pcapng"):
        out = f"{base}.{fmt}"
        w = subprocess.run([wiresift, "-r", src, "-w", out, "-F", fmt], capture_output=True)
        err = w.stderr.decode("utf-8", "replace").strip()
        if not os.path.exists(out):
            if fmt == "pcap" and "pcap holds one link type" in err:
                result[fmt] = ("several-link-types", err.splitlines()[-1])
            elif "not a capture file" in err:
                # A format tshark reads and wiresift does not (wiretap knows dozens): the reader's
                # limit, not the writer's; listed apart.
                result[fmt] = ("unread", err.splitlines()[-1])
            else:
                result[fmt] = ("mismatch", f"wiresift wrote nothing (exit {w.returncode}): {err}")
            continue
        code_y, err_y, frames_y = tshark_frames(out, fmt == "pcapng")
        expected = frames_x if fmt == "pcapng" else [t[:5] for t in frames_x]
        diff = first_difference(expected, frames_y)
        if diff is None and code_y != 0 and not frames_y:
            diff = ("mismatch", "tshark reads no frame of the copy: " + err_y.strip())
        result[fmt] = ("match", "") if diff is None else diff
        os.unlink(out)
    return rel, result


results = {}
with concurrent.futures.ThreadPoolExecutor(max_workers=int(jobs)) as pool:
    for rel, r in pool.map(one, paths):
        results[rel] = r
        if verbose:
            print(rel, r, flush=True)

rejected = {p: r["rejected"] for p, r in results.items() if "rejected" in r}
compared = {p: r for p, r in results.items() if "rejected" not in r}
partial = sorted(p for p, r in compared.items() if r["partial"])
print(f"captures: {len(results)}; tshark rejects {len(rejected)}; compared {len(compared)}"
      f" ({len(partial)} of them damaged or cut short: compared on the frames tshark reads)")
failed = False
for fmt in ("pcap", "pcapng"):
    match = [p for p, r in compared.items() if r[fmt][0] == "match"]
    several = [p for p, r in compared.items() if r[fmt][0] == "several-link-types"]
    unread = {p: r[fmt][1] for p, r in compared.items() if r[fmt][0] == "unread"}
    instants = {p: r[fmt][1] for p, r in compared.items() if r[fmt][0] == "same-instant"}
    bad = {p: r[fmt][1] for p, r in compared.items() if r[fmt][0] == "mismatch"}
    line = f"-F {fmt}: {len(match)} of {len(compared)} match"
    if several:
        line += f"; {len(several)} refused (interfaces of several link types cannot be pcap)"
    if unread:
        line += f"; {len(unread)} in formats wiresift does not read"
    if instants:
        line += f"; {len(instants)} with a timestamp tshark shows unnormalised (same instant)"
    if bad:
        line += f"; {len(bad)} differ"
        failed = True
    print(line)
    for p, why in sorted(unread.items()):
        print(f"  not read by wiresift: {p}: {why}")
    for p, why in sorted(instants.items()):
        print(f"  same instant, other form: {p}: {why}")
    for p, why in sorted(bad.items()):
        print(f"  differs: {p}: {why}")
if rejected:
    print("rejected by tshark:")
    for p, why in sorted(rejected.items()):
        print(f"  {p}: {why}")
if partial:
    print("damaged or cut short (tshark reads part):")
    for p in partial:
        print(f"  {p}")
sys.exit(1 if failed else 0)
EOF
