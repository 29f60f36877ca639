#!/bin/sh
# Stores what tshark 4.0 shows for the corpus's 802.11 captures (../shared/captures/ppa: four with a
# radiotap header, one plain beacon), for tests/wlan_corpus.rs: the packet list in NAME.summary, the
# detail tree in NAME.V and the fields of fields.list in NAME.fields, under
# crates/wiresift/tests/data/wlan. The captures stay in
# ../shared; only tshark's output is kept.
set -eu
cd "$(dirname "$0")/.."
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
out=crates/wiresift/tests/data/wlan
fields="frame.protocols radiotap.length radiotap.present.word radiotap.flags radiotap.flags.fcs radiotap.datarate radiotap.channel.freq radiotap.channel.flags radiotap.dbm_antsignal radiotap.dbm_antnoise radiotap.quality radiotap.antenna radiotap.db_antsignal wlan_radio.phy wlan_radio.short_preamble wlan_radio.11g.mode wlan_radio.data_rate wlan_radio.channel wlan_radio.frequency wlan_radio.signal_dbm wlan_radio.noise_dbm wlan_radio.snr wlan_radio.duration wlan_radio.preamble wlan.fc.type_subtype wlan.fc wlan.flags wlan.fc.ds wlan.fc.tods wlan.fc.fromds wlan.fc.protected wlan.duration wlan.ra wlan.ta wlan.da wlan.sa wlan.bssid wlan.staa wlan.addr wlan.frag wlan.seq wlan.fcs wlan.fcs.status wlan.qos wlan.qos.tid wlan.qos.priority wlan.qos.eosp wlan.qos.bit4 wlan.qos.ack wlan.qos.txop_dur_req wlan.qos.ps_buf_state wlan.wep.iv wlan.wep.key wlan.wep.icv wlan.tkip.extiv wlan.fixed.timestamp wlan.fixed.beacon wlan.fixed.capabilities wlan.fixed.capabilities.privacy wlan.fixed.listen_ival wlan.fixed.auth.alg wlan.fixed.auth_seq wlan.fixed.status_code wlan.fixed.aid wlan.fixed.reason_code wlan.tag.number wlan.tag.length wlan.ssid wlan.supported_rates wlan.extended_supported_rates wlan.ds.current_channel wlan.tim.dtim_count wlan.tim.dtim_period wlan.tim.bmapctl wlan.tim.partial_virtual_bitmap wlan.country_info.code wlan.country_info.environment wlan.country_info.fnm.fcn wlan.country_info.fnm.nc wlan.country_info.fnm.mtpl wlan.erp_info wlan.powercap.min wlan.powercap.max wlan.supchan.first wlan.supchan.range wlan.tag.challenge_text wlan.tag.oui wlan.tag.vendor.oui.type wlan.wfa.ie.type wlan.wfa.ie.wpa.version wlan.wfa.ie.wpa.mcs wlan.wfa.ie.wpa.ucs wlan.wfa.ie.wpa.akms wlan.wfa.ie.wpa.type wlan.wfa.ie.wme.subtype wlan.wfa.ie.wme.qos_info wlan.wfa.ie.wme.acp.aci wlan.wfa.ie.wme.acp.aifsn wlan.wfa.ie.wme.acp.cw.max wlan.wfa.ie.wme.acp.txop_limit wlan.ht.capabilities wlan.vs.ht.capabilities wlan.ht.capabilities.width wlan.ht.capabilities.sm wlan.ht.ampduparam wlan.ht.ampduparam.mpdudensity wlan.ht.mcsset.rxbitmask.0to7 wlan.ht.mcsset.rxbitmask.8to15 wlan.ht.mcsset.txmaxss wlan.htex.capabilities wlan.txbf wlan.asel wlan.ht.info.primarychannel wlan.ht.info.delim1 wlan.ht.info.delim2 wlan.ht.info.ht_protection wlan.ht.info.delim3 wlan.vs.pren.type wlan.hta.control_channel wlan.hta.capabilities.operating_mode wps.type wps.length wps.version wps.wifi_protected_setup_state wps.uuid_e wps.device_name wps.config_methods wps.config_methods.pushbutton wps.primary_device_type.category wps.rf_bands llc.oui llc.type eapol.version eapol.type eapol.len eapol.keydes.type wlan_rsna_eapol.keydes.msgnr wlan_rsna_eapol.keydes.key_info wlan_rsna_eapol.keydes.key_info.keydes_version wlan_rsna_eapol.keydes.key_info.key_type wlan_rsna_eapol.keydes.key_info.install wlan_rsna_eapol.keydes.key_info.key_mic eapol.keydes.key_len eapol.keydes.replay_counter wlan_rsna_eapol.keydes.nonce eapol.keydes.key_iv wlan_rsna_eapol.keydes.rsc wlan_rsna_eapol.keydes.id wlan_rsna_eapol.keydes.mic wlan_rsna_eapol.keydes.data_len wlan_rsna_eapol.keydes.data data.len"
echo "$fields" > "$out/fields.list"
args=""
for x in $fields; do args="$args -e $x"; done
for name in 3e80211_wepauth 3e80211_wepauthfail 3e80211_wpaauth 3e80211_wpaauthfail 80211beacon; do
    f=../shared/captures/ppa/$name.pcapng
    TZ=UTC tshark -n -r "$f" > "$out/$name.summary" 2>/dev/null
    TZ=UTC tshark -n -r "$f" -V > "$out/$name.V" 2>/dev/null
    # shellcheck disable=SC2086 # one argument per word
    TZ=UTC tshark -n -r "$f" -T fields -E occurrence=a $args > "$out/$name.fields" 2>/dev/null
done
