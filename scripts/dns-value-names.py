#!/usr/bin/env python3
"""Writes crates/dissect/src/protocols/dns/values.rs: the value names tshark 4.0 gives the DNS fields
(`tshark -G values`), so that -V labels and display filters name values as tshark does. Run when the
fields change; commit the file it writes."""
import subprocess, pathlib, collections

TABLES = {
    # Rust name: tshark field whose value_string it is
    "OPCODE": "dns.flags.opcode",
    "RCODE": "dns.flags.rcode",
    "TYPE": "dns.qry.type",
    "CLASS": "dns.qry.class",
    "ALGORITHM": "dns.dnskey.algorithm",
    "DS_DIGEST": "dns.ds.digest_type",
    "OPT_CODE": "dns.opt.code",
    "OPT_FAMILY": "dns.opt.client.family",
    "OPT_DAU": "dns.opt.dau",
    "OPT_DHU": "dns.opt.dhu",
    "OPT_N3U": "dns.opt.n3u",
    "EXT_ERROR": "dns.opt.ext_error.info_code",
    "SVC_KEY": "dns.svcb.svcparam.key",
    "NSEC3_ALGO": "dns.nsec3.algo",
    "TLSA_USAGE": "dns.tlsa.certificate_usage",
    "TLSA_SELECTOR": "dns.tlsa.selector",
    "TLSA_MATCHING": "dns.tlsa.matching_type",
    "SSHFP_ALGO": "dns.sshfp.algorithm",
    "SSHFP_TYPE": "dns.sshfp.fingerprint.type",
}
out = subprocess.run(["tshark", "-G", "values"], capture_output=True, text=True).stdout
vals = collections.defaultdict(list)
for line in out.splitlines():
    cols = line.split("\t")
    if cols[0] == "V" and len(cols) == 4:
        try:
            vals[cols[1]].append((int(cols[2], 0), cols[3]))
        except ValueError:
            pass
lines = ["//! Value names of the DNS fields, as `tshark -G values` (TShark 4.0) lists them.",
         "//! Written by scripts/dns-value-names.py; do not edit.", ""]
for name, field in TABLES.items():
    seen, rows = set(), []
    for v, s in vals[field]:
        if v in seen:
            continue
        seen.add(v)
        rows.append((v, s))
    rows.sort()
    lines.append(f"/// `{field}`.")
    lines.append(f"pub static {name}: &[(u64, &str)] = &[")
    for v, s in rows:
        esc = s.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'    ({v}, "{esc}"),')
    lines.append("];")
    lines.append("")
p = pathlib.Path(__file__).resolve().parent.parent / "crates/dissect/src/protocols/dns/values.rs"
p.write_text("\n".join(lines))
print(p, sum(1 for l in lines if l.startswith("    (")), "names")
