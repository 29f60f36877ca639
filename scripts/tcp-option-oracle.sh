#!/bin/sh
# Stores what tshark 4.0 shows for the crafted TCP option lists (crates/wiresift/tests/data/tcp-options,
# made by scripts/make-tcp-option-cases.py), for tests/tcp_options.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/tcp-options "frame.protocols tcp.options tcp.option_kind tcp.option_len tcp.options.mss_val tcp.nop tcp.options.mss.absent tcp.options.mss.present tcp.option.len.invalid _ws.expert.message _ws.col.Info"
