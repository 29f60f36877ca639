#!/usr/bin/env python3
"""Compares `wiresift -V` with `tshark -n -r FILE -V` line by line.

tshark's lines are named by field through its PDML output (the same tree, hidden items marked), ours through
`--show-fields`. Lines of fields wiresift does not declare (protocols not implemented yet, such as DHCP or DNS),
and of what a later issue brings (TCP conversation analysis, relative sequence numbers, stream indexes), are
left out with everything under them, on both sides; so is our `data` layer where tshark dissected the bytes.
The rest is aligned packet by packet (difflib), and a line agrees when its text, indent included, is the same.

usage: compare-detail.py [-v] [--wiresift PATH] FILE...
"""

import argparse
import difflib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

# Fields (and their subtrees) that belong to later issues: TCP conversation state and analysis, stream indexes.
LATER = (
    "tcp.analysis",
    "tcp.seq",
    "tcp.nxtseq",
    "tcp.ack",
    "tcp.stream",
    "tcp.time_",
    "tcp.window_size",
    "tcp.window_size_scalefactor",
    "tcp.segment",
    "tcp.reassembled",
    "tcp.pdu",
    "tcp.connection",
    "udp.stream",
    "udp.time_",
    # Expert notes: wiresift has the notes, not yet tshark's "Expert Info (Severity/Group)" wrapper.
    "_ws.expert",
)


def later(name):
    return any(name == p or name.startswith(p if p.endswith("_") else p + ".") for p in LATER) or name in LATER


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout


def packets_of(text):
    """Splits -V output into packets (each starts with its Frame line). Blank lines and the hex dumps that
    tshark prints under `data` layers are left out: PDML, which names the lines, has neither."""
    packets = []
    for line in text.split("\n"):
        if re.match(r"^Frame \d+: ", line):
            packets.append([])
        if line == "" or re.match(r"^[0-9a-f]{4,}  ", line) or not packets:
            continue
        packets[-1].append(line)
    return packets


def pdml_names(path):
    """For each packet, the field names of the lines -V prints, in order, with their depth."""
    out = []
    xml = run(["tshark", "-n", "-r", path, "-T", "pdml"])
    root = ET.fromstring(xml)
    for packet in root.iter("packet"):
        names = []

        def walk(el, depth):
            for child in el:
                if child.tag not in ("proto", "field"):
                    continue
                if child.get("name") == "geninfo":
                    continue
                if child.get("hide") == "yes":
                    continue
                # tshark wraps loose items in a pseudo-protocol that -V does not print.
                if child.get("name") == "fake-field-wrapper":
                    walk(child, depth)
                    continue
                names.append((depth, child.get("name") or ""))
                walk(child, depth + 1)

        walk(packet, 0)
        out.append(names)
    return out


def normalize(line, name):
    """What of tshark's line wiresift can have now: the TCP summary without the relative sequence and
    acknowledgment numbers, which come with TCP conversation analysis (a later issue)."""
    if name == "tcp" and line.startswith("Transmission Control Protocol"):
        return re.sub(r", Seq: \d+(, Ack: \d+)?", "", line)
    return line


def select(lines, names, known, drop_names):
    """The lines to compare: drops subtrees of unknown or later fields, and of the fields in drop_names."""
    kept, skip_below = [], None
    for line, name in zip(lines, names):
        line = normalize(line, name)
        depth = (len(line) - len(line.lstrip(" "))) // 4
        if skip_below is not None and depth > skip_below:
            continue
        skip_below = None
        drop = name is None or name == "" or name not in known or later(name) or name in drop_names
        if drop:
            skip_below = depth
            continue
        kept.append(line)
    return kept


def unimplemented_layers(lines, names, known):
    """Whether tshark's protocol list names a protocol wiresift does not dissect yet."""
    for line, name in zip(lines, names):
        if name == "frame.protocols":
            layers = line.split(": ", 1)[-1].rstrip("]").split(":")
            return any(p not in known for p in layers)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--wiresift", default="target/release/wiresift")
    ap.add_argument("-v", action="store_true", help="print the lines that differ")
    args = ap.parse_args()
    known = set()
    for line in run([args.wiresift, "-G", "fields"]).splitlines():
        cols = line.split("\t")
        if cols[0] == "P":
            known.add(cols[2])
        elif cols[0] == "F":
            known.add(cols[2])
    total_theirs = total_match = total_ours = 0
    for path in args.files:
        theirs = packets_of(run(["tshark", "-n", "-r", path, "-V"]))
        names = pdml_names(path)
        ours_raw = packets_of(run([args.wiresift, "-n", "-r", path, "-V", "--show-fields"]))
        f_theirs = f_match = f_ours = 0
        for n, t_lines in enumerate(theirs):
            t_names = [nm for _, nm in names[n]] if n < len(names) else []
            if len(t_names) != len(t_lines):
                print(f"{path}: frame {n + 1}: PDML has {len(t_names)} lines, -V {len(t_lines)}", file=sys.stderr)
                t_names = [None] * len(t_lines)
            o_lines, o_names = [], []
            for line in ours_raw[n] if n < len(ours_raw) else []:
                m = re.match(r"^(.*)   \[([^\]\[]*)\]$", line)
                o_lines.append(m.group(1) if m else line)
                o_names.append(m.group(2) if m else None)
            drop = set()
            if unimplemented_layers(t_lines, t_names, known):
                drop.add("frame.protocols")
            t_kept = select(t_lines, t_names, known, drop)
            if "data" not in t_names:
                drop.add("data")
            o_kept = select(o_lines, o_names, known, drop)
            sm = difflib.SequenceMatcher(a=t_kept, b=o_kept, autojunk=False)
            match = sum(b.size for b in sm.get_matching_blocks())
            f_theirs += len(t_kept)
            f_ours += len(o_kept)
            f_match += match
            if args.v and (match != len(t_kept) or match != len(o_kept)):
                print(f"--- {path} frame {n + 1}")
                for line in difflib.unified_diff(t_kept, o_kept, "tshark", "wiresift", n=0, lineterm=""):
                    if not line.startswith(("---", "+++")):
                        print(line)
        pct = 100.0 * f_match / f_theirs if f_theirs else 100.0
        print(f"{path}\ttshark {f_theirs}\twiresift {f_ours}\tagree {f_match}\t{pct:.2f}%")
        total_theirs += f_theirs
        total_match += f_match
        total_ours += f_ours
    if len(args.files) > 1:
        pct = 100.0 * total_match / total_theirs if total_theirs else 100.0
        print(f"TOTAL\ttshark {total_theirs}\twiresift {total_ours}\tagree {total_match}\t{pct:.2f}%")


if __name__ == "__main__":
    main()
