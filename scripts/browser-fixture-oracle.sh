#!/bin/sh
# Stores what tshark 4.0 shows for the NetBIOS datagram / SMB mailslot / browser fixtures
# (crates/wiresift/tests/data/browser, made by scripts/record-browser-fixture.sh and
# scripts/make-browser-cases.py), for tests/browser_fixtures.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/browser "frame.protocols nbdgm.type nbdgm.flags nbdgm.next nbdgm.first nbdgm.node_type nbdgm.dgram_id nbdgm.src.ip nbdgm.src.port nbdgm.dgram_len nbdgm.pkt_offset nbdgm.error_code nbdgm.source_name nbdgm.destination_name smb.server_component smb.cmd smb.error_class smb.error_code smb.flags smb.flags.response smb.flags2 smb.flags2.string smb.signature smb.tid smb.pid smb.uid smb.mid smb.wct smb.tpc smb.tdc smb.mdc smb.transaction.flags.owt smb.timeout smb.pc smb.dc smb.data_offset smb.sc smb.bcc smb.trans_name mailslot.opcode mailslot.priority mailslot.class mailslot.size mailslot.name browser.command browser.update_count browser.period browser.server browser.windows_version browser.os_major browser.os_minor browser.server_type browser.server_type.nts browser.server_type.browser.master browser.proto_major browser.sig browser.comment browser.unused browser.response_computer_name browser.election.criteria browser.election.desire browser.election.desire.nt browser.election.os browser.uptime browser.backup.count browser.backup.token browser.backup.server browser.browser_to_promote browser.mb_server browser.reset_cmd browser.reset_cmd.flush _ws.malformed _ws.short _ws.col.Protocol _ws.col.Info"
