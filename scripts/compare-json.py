#!/usr/bin/env python3
"""Compares wiresift's -T json / -T ek output with tshark 4.0's on capture files.

Both outputs are parsed as JSON (keeping repeated keys) and flattened into (path, value) pairs per packet,
a path being the chain of keys from the layer down (EK arrays give one pair per element). Pairs are
compared as multisets per packet; a pair counts once when either tool has it.

Two figures are printed:
  layers  - every pair under a top-level layer wiresift implements, less the fields that later issues
            bring (TCP analysis, stream numbers, relative sequence numbers, timestamps, expert info) and
            names that need the manufacturer database.
  fields  - only pairs whose every key is a field wiresift registers: how faithfully the printer renders
            what the dissectors produce.

Usage: scripts/compare-json.py [--format json|ek] [--count N] [--wiresift PATH] CAPTURE...
Needs tshark on PATH.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Fields and subtrees from later issues, or that need data wiresift does not have (matched against
# each key of a path, EK names with underscores for dots).
LATER = re.compile(
    r"^(tcp[._]analysis|tcp[._](tcp[._])?(stream|completeness|seq|ack|nxtseq|time_relative|time_delta"
    r"|window_size|window_size_scalefactor|bytes_in_flight|push_bytes_sent)$"
    r"|udp[._](udp[._])?(stream|time_relative|time_delta)$|Timestamps$|text$|_ws[._]expert|(tcp[._])?tcp[._](analysis|segment)"
    r"|.*oui_resolved$|pkt_comment$)"
)


def pairs_hook(items):
    return items  # keep every (key, value), repeated keys included


def flatten(node, path, out):
    if isinstance(node, list) and node and all(isinstance(x, tuple) for x in node):
        for k, v in node:
            flatten(v, path + (k,), out)
    elif isinstance(node, list):
        if not node:
            out.append((path, "{}"))
        for v in node:
            flatten(v, path, out)
    else:
        out.append((path, json.dumps(node)))


def packets(text, fmt):
    if fmt == "json":
        doc = json.loads(text, object_pairs_hook=pairs_hook)
        for packet in doc:
            source = dict(packet)["_source"]
            yield dict(source)["layers"]
    else:
        for line in text.splitlines():
            if not line.strip():
                continue
            obj = json.loads(line, object_pairs_hook=pairs_hook)
            d = dict(obj)
            if "layers" in d:
                yield d["layers"]


def registered():
    out = subprocess.run(
        [WIRESIFT, "-G", "fields"], capture_output=True, text=True, check=True
    ).stdout
    fields, protocols = {}, set()
    for line in out.splitlines():
        cols = line.split("\t")
        if cols[0] == "P":
            protocols.add(cols[2])
        elif cols[0] == "F":
            fields[cols[2]] = cols[4]
    return fields, protocols


def main():
    global WIRESIFT, EK_NAMES
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", default="json", choices=["json", "ek"])
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--wiresift", default=os.path.join(ROOT, "target/release/wiresift"))
    ap.add_argument("--show", type=int, default=8, help="disagreeing keys to list per capture")
    ap.add_argument("captures", nargs="+")
    args = ap.parse_args()
    WIRESIFT = args.wiresift
    fields, protocols = registered()
    names = set(fields) | protocols
    # EK keys: "<protocol>_<field>" or "<protocol>", dots as underscores.
    EK_NAMES = {}
    for f, proto in fields.items():
        EK_NAMES[(proto + "_" + f).replace(".", "_")] = f
    for p in protocols:
        EK_NAMES[p.replace(".", "_")] = p
    totals = collections.Counter()
    for cap in args.captures:
        extra = ["-c", str(args.count)] if args.count else []
        ts = subprocess.run(
            ["tshark", "-n", "-r", cap, "-T", args.format] + extra,
            capture_output=True, text=True, errors="surrogateescape",
        ).stdout
        ws = subprocess.run(
            [WIRESIFT, "-n", "-r", cap, "-T", args.format] + extra,
            capture_output=True, text=True, errors="surrogateescape",
        ).stdout
        t_packets = list(packets(ts, args.format))
        w_packets = list(packets(ws, args.format))
        tally = collections.Counter()
        bad = collections.Counter()
        for t_layers, w_layers in zip(t_packets, w_packets):
            t, w = [], []
            flatten(t_layers, (), t)
            flatten(w_layers, (), w)

            def key_name(k):
                if args.format == "ek":
                    return EK_NAMES.get(k)
                k = k[:-5] if k.endswith("_tree") else k
                return k if k in names else None

            def in_layers(p):
                top = p[0]
                top = EK_NAMES.get(top, top) if args.format == "ek" else top
                return top in protocols and not any(LATER.match(k) for k in p)

            def in_fields(p):
                return in_layers(p) and all(key_name(k) is not None for k in p)

            # A frame whose upper layers wiresift does not dissect yet shows them as data; tshark's
            # frame.protocols then differs too. Neither is counted.
            t_tops = {EK_NAMES.get(k, k) if args.format == "ek" else k for k, _ in t_layers}
            if not t_tops <= protocols:
                drop = {"data", "frame.protocols", "frame_frame_protocols"}
                t = [x for x in t if not drop & set(x[0])]
                w = [x for x in w if not drop & set(x[0])]

            for label, keep in (("layers", in_layers), ("fields", in_fields)):
                tc = collections.Counter(x for x in t if keep(x[0]))
                wc = collections.Counter(x for x in w if keep(x[0]))
                agree = sum((tc & wc).values())
                union = sum((tc | wc).values())
                tally[label + "_agree"] += agree
                tally[label + "_total"] += union
                if label == "layers":
                    for (p, v), n in (tc - wc).items():
                        bad["-" + "/".join(p[-2:])] += n
                    for (p, v), n in (wc - tc).items():
                        bad["+" + "/".join(p[-2:])] += n
        if len(t_packets) != len(w_packets):
            print(f"  {cap}: packet counts differ: tshark {len(t_packets)}, wiresift {len(w_packets)}")
        la, lt = tally["layers_agree"], tally["layers_total"]
        fa, ft = tally["fields_agree"], tally["fields_total"]
        print(
            f"{os.path.relpath(cap)}: layers {la}/{lt} ({100 * la / max(lt, 1):.2f}%), "
            f"fields {fa}/{ft} ({100 * fa / max(ft, 1):.2f}%)"
        )
        for k, n in bad.most_common(args.show):
            print(f"    {n:6d} {k}")
        totals.update(tally)
    la, lt = totals["layers_agree"], totals["layers_total"]
    fa, ft = totals["fields_agree"], totals["fields_total"]
    print(
        f"TOTAL {args.format}: layers {la}/{lt} ({100 * la / max(lt, 1):.3f}%), "
        f"fields {fa}/{ft} ({100 * fa / max(ft, 1):.3f}%)"
    )


if __name__ == "__main__":
    main()
