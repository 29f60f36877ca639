#!/bin/sh
# Stores what tshark 4.0 shows for the crafted mail messages (crates/wiresift/tests/data/imf-crafted,
# made by scripts/make-imf-cases.py), for tests/imf_crafted.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
dir=crates/wiresift/tests/data/imf-crafted
outputs_oracle $dir "frame.protocols imf.from imf.to imf.cc imf.sender imf.subject imf.delivery_date imf.content.type imf.content.type.type imf.content.type.parameters imf.address_list.item imf.mailbox_list.item imf.display_name imf.address imf.extension imf.extension.type imf.extension.value imf.message_text pop.request pop.response pop.response.data smtp.data.fragment _ws.malformed _ws.col.Protocol _ws.col.Info"
