#!/bin/sh
# Stores what tshark 4.0 shows for the YMSG fixture (crates/wiresift/tests/data/ymsg, made by
# scripts/make-ymsg-cases.py), for tests/ymsg_fixtures.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/ymsg "frame.protocols tcp.reassembled_in ymsg.version ymsg.vendor ymsg.len ymsg.service ymsg.status ymsg.session_id ymsg.content ymsg.content-line ymsg.content-line.key ymsg.content-line.value _ws.malformed _ws.col.Protocol _ws.col.Info"
