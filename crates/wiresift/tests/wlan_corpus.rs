//! IEEE 802.11 against tshark 4.0 on the corpus's 802.11 captures (`../shared/captures/ppa`: WEP and WPA
//! authentications, failed and successful, behind a radiotap header; a plain beacon): the packet
//! list, the whole `-V` tree, and 152 radiotap, wlan_radio, wlan (HT elements included), WPS, LLC and
//! EAPOL fields as tshark printed them (`tests/data/wlan`, stored by scripts/wlan-corpus-oracle.sh),
//! and display filters on those fields selecting the frames tshark selected. Skips with a notice when
//! `../shared` is absent.

mod common;

const CAPTURES: &[&str] = &[
    "3e80211_wepauth",
    "3e80211_wepauthfail",
    "3e80211_wpaauth",
    "3e80211_wpaauthfail",
    "80211beacon",
];

fn capture(shared: &std::path::Path, name: &str) -> String {
    shared
        .join("captures/ppa")
        .join(format!("{name}.pcapng"))
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn packet_lists_and_fields_match_tshark() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("notice: ../shared is absent; 802.11 corpus comparison skipped");
        return;
    };
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/wlan");
    let fields = std::fs::read_to_string(data.join("fields.list")).unwrap();
    for name in CAPTURES {
        let file = capture(&shared, name);
        let expected =
            |ext: &str| std::fs::read_to_string(data.join(format!("{name}.{ext}"))).unwrap();
        common::assert_same_lines(
            &format!("{name} summary"),
            &common::stdout(&["-n", "-r", &file]),
            &expected("summary"),
            "tshark",
        );
        let mut args = vec!["-n", "-r", &file, "-T", "fields", "-E", "occurrence=a"];
        for f in fields.split_whitespace() {
            args.extend(["-e", f]);
        }
        common::assert_same_lines(
            &format!("{name} -V"),
            &common::stdout(&["-n", "-r", &file, "-V"]),
            &expected("V"),
            "tshark",
        );
        common::assert_same_lines(
            &format!("{name} fields"),
            &common::stdout(&args),
            &expected("fields"),
            "tshark",
        );
    }
}

/// Filters on 802.11 and EAPOL fields, with the frames tshark 4.0 selects (`tshark -n -r F -Y X`).
#[test]
fn filters_select_what_tshark_selects() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("notice: ../shared is absent; 802.11 filter comparison skipped");
        return;
    };
    let cases: &[(&str, &str, &str)] = &[
        ("3e80211_wpaauth", "wlan.fc.type_subtype == 8", "1"),
        (
            "3e80211_wpaauth",
            "wlan.bssid == 28:c6:8e:ab:96:16",
            "1,3,4,5,6,7,8,9,10,11,12",
        ),
        ("3e80211_wpaauth", "wlan.addr == 33:33:00:00:00:02", "12"),
        (
            "3e80211_wpaauth",
            "wlan_rsna_eapol.keydes.key_info.key_mic == 1",
            "9,10,11",
        ),
        ("3e80211_wpaauth", "wlan_rsna_eapol.keydes.msgnr == 2", "9"),
        ("3e80211_wpaauth", "wlan.tkip.extiv", "12"),
        ("3e80211_wpaauth", "wlan.fc.tods == 1", "9,11"),
        ("3e80211_wpaauth", "wlan_radio.phy == 6", "8,10"),
        ("3e80211_wpaauth", "eapol.len == 95", "8,11"),
        (
            "3e80211_wpaauth",
            "wlan.wfa.ie.wpa.version == 1",
            "1,3,6,9,10",
        ),
        ("3e80211_wepauth", "wlan.wep.iv", "4"),
        ("3e80211_wepauth", "wlan.fixed.auth.alg == 1", "2,3,5"),
        ("3e80211_wepauth", "wlan.ssid == \"DENVEROFFICE\"", "1,6"),
        ("3e80211_wepauth", "wlan.mgt", "1,2,3,5,6,7"),
        ("3e80211_wpaauthfail", "wlan.fixed.reason_code == 6", "16"),
        (
            "3e80211_wpaauthfail",
            "radiotap.dbm_antsignal < -17",
            "1,2,4,5,6,8,9,10,11,12,13,14,15",
        ),
        ("80211beacon", "wlan.fcs.status == 2", ""),
    ];
    for (name, filter, want) in cases {
        let file = capture(&shared, name);
        let got = common::stdout(&[
            "-n",
            "-r",
            &file,
            "-Y",
            filter,
            "-T",
            "fields",
            "-e",
            "frame.number",
        ]);
        let got: Vec<&str> = got.lines().collect();
        assert_eq!(got.join(","), *want, "{name}: -Y {filter}");
    }
}
