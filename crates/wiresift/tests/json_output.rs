//! `-T json`, `-T ek` and `-e` selections checked against TShark 4.0's own output.
//!
//! The capture is made here from two frames of the repo's fixture (`tests/data/boot-and-browse.pcapng`):
//! frame 5 (an ARP request) and frame 7 (a UDP datagram, its ports moved to 40000 and 40001 and its payload
//! replaced with text, so that no dissector claims it). Its one interface has a name and a description full of characters
//! JSON must escape. The expected texts are what `tshark -n -r FILE -T ...` printed for that file.

use std::path::{Path, PathBuf};

use capfile::CaptureReader;

mod common;
use common::stdout as wiresift;

const NAME: &str = "eth\"0\\ </x>\t\n\u{1}é";
const DESCRIPTION: &str = "<tag>/</script> a.b";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/boot-and-browse.pcapng")
}

/// A pcapng block: type, body padded to 32 bits, lengths.
fn block(kind: u32, body: &[u8]) -> Vec<u8> {
    let padded = body.len().div_ceil(4) * 4;
    let total = (12 + padded) as u32;
    let mut b = Vec::with_capacity(total as usize);
    b.extend_from_slice(&kind.to_le_bytes());
    b.extend_from_slice(&total.to_le_bytes());
    b.extend_from_slice(body);
    b.resize(8 + padded, 0);
    b.extend_from_slice(&total.to_le_bytes());
    b
}

fn option(code: u16, value: &[u8]) -> Vec<u8> {
    let mut o = Vec::new();
    o.extend_from_slice(&code.to_le_bytes());
    o.extend_from_slice(&(value.len() as u16).to_le_bytes());
    o.extend_from_slice(value);
    o.resize(4 + value.len().div_ceil(4) * 4, 0);
    o
}

/// Writes the test capture into `dir` and returns its path.
fn make_capture(dir: &Path) -> PathBuf {
    write_capture(dir, true)
}

/// The test capture, or (`with_frames` false) the same file with no packets in it.
fn write_capture(dir: &Path, with_frames: bool) -> PathBuf {
    let mut reader = CaptureReader::open(&fixture()).expect("fixture opens");
    let mut frames = Vec::new();
    while let Some(frame) = reader.next_frame().expect("fixture reads") {
        if frame.number == 5 || frame.number == 7 {
            let ns = frame.timestamp.secs as u64 * 1_000_000_000 + frame.timestamp.nanos as u64;
            let mut data = frame.data.to_vec();
            if frame.number == 7 {
                // UDP source and destination ports (Ethernet 14 + IPv4 20 bytes in).
                data[34..36].copy_from_slice(&40000u16.to_be_bytes());
                data[36..38].copy_from_slice(&40001u16.to_be_bytes());
                // A payload that no heuristic dissector (DNS's among them) takes.
                let payload = b"wiresift \"json\" test payload..";
                data[42..42 + payload.len()].copy_from_slice(payload);
            }
            frames.push((ns, data));
        }
    }
    let mut file = Vec::new();
    let mut shb = Vec::new();
    shb.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes());
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&u64::MAX.to_le_bytes());
    file.extend(block(0x0a0d_0d0a, &shb));
    let mut idb = Vec::new();
    idb.extend_from_slice(&1u16.to_le_bytes()); // Ethernet
    idb.extend_from_slice(&0u16.to_le_bytes());
    idb.extend_from_slice(&262_144u32.to_le_bytes());
    idb.extend(option(2, NAME.as_bytes()));
    idb.extend(option(3, DESCRIPTION.as_bytes()));
    idb.extend(option(9, &[9])); // nanosecond timestamps
    idb.extend(option(0, &[]));
    file.extend(block(1, &idb));
    if !with_frames {
        frames.clear();
    }
    for (ns, data) in &frames {
        let mut epb = Vec::new();
        epb.extend_from_slice(&0u32.to_le_bytes());
        epb.extend_from_slice(&((ns >> 32) as u32).to_le_bytes());
        epb.extend_from_slice(&(*ns as u32).to_le_bytes());
        epb.extend_from_slice(&(data.len() as u32).to_le_bytes());
        epb.extend_from_slice(&(data.len() as u32).to_le_bytes());
        epb.extend_from_slice(data);
        epb.resize(20 + data.len().div_ceil(4) * 4, 0);
        file.extend(block(6, &epb));
    }
    let path = dir.join("json-escapes.pcapng");
    std::fs::write(&path, file).unwrap();
    path
}

/// Runs wiresift on a fresh copy of the test capture with `args`.
fn run(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let capture = make_capture(dir.path());
    let mut all = vec!["-n", "-r", capture.to_str().unwrap()];
    all.extend_from_slice(args);
    wiresift(&all)
}

const SELECTION: &[&str] = &[
    "-e",
    "frame.interface_name",
    "-e",
    "ip.addr",
    "-e",
    "udp.port",
    "-e",
    "udp.payload",
    "-e",
    "eth.addr",
    "-e",
    "arp.opcode",
    "-e",
    "_ws.col.Protocol",
    "-e",
    "frame.time",
];

#[test]
fn json_matches_tshark() {
    assert_eq!(run(&["-T", "json"]), TSHARK_JSON);
}

#[test]
fn ek_matches_tshark() {
    assert_eq!(run(&["-T", "ek"]), TSHARK_EK);
}

#[test]
fn jsonraw_matches_tshark() {
    assert_eq!(run(&["-T", "jsonraw", "-c", "1"]), TSHARK_JSONRAW_FIRST);
}

#[test]
fn json_selection_matches_tshark() {
    let mut args = vec!["-T", "json"];
    args.extend_from_slice(SELECTION);
    assert_eq!(run(&args), TSHARK_JSON_SELECTION);
}

#[test]
fn ek_selection_with_first_occurrences_matches_tshark() {
    let mut args = vec!["-T", "ek", "-E", "occurrence=f"];
    args.extend_from_slice(SELECTION);
    assert_eq!(run(&args), TSHARK_EK_SELECTION);
}

#[test]
fn empty_capture_is_an_empty_array() {
    let dir = tempfile::tempdir().unwrap();
    let capture = write_capture(dir.path(), false);
    let path = capture.to_str().unwrap();
    // tshark prints "[]" and a newline for a capture without packets, and nothing at all for EK.
    assert_eq!(wiresift(&["-r", path, "-T", "json"]), "[]\n");
    assert_eq!(wiresift(&["-r", path, "-T", "ek"]), "");
}

/// `tshark -n -r json-escapes.pcapng -T json`
const TSHARK_JSON: &str = r#"[
  {
    "_index": "packets-2026-11-22",
    "_type": "doc",
    "_score": null,
    "_source": {
      "layers": {
        "frame": {
          "frame.section_number": "1",
          "frame.interface_id": "0",
          "frame.interface_id_tree": {
            "frame.interface_name": "eth\"0\\ <\/x>\t\n\u0001é",
            "frame.interface_description": "<tag>/<\/script> a.b"
          },
          "frame.encap_type": "1",
          "frame.time": "Nov 22, 2026 21:38:48.981829408 UTC",
          "frame.offset_shift": "0.000000000",
          "frame.time_epoch": "1795383528.981829408",
          "frame.time_delta": "0.000000000",
          "frame.time_delta_displayed": "0.000000000",
          "frame.time_relative": "0.000000000",
          "frame.number": "1",
          "frame.len": "42",
          "frame.cap_len": "42",
          "frame.marked": "0",
          "frame.ignored": "0",
          "frame.protocols": "eth:ethertype:arp"
        },
        "eth": {
          "eth.dst": "ff:ff:ff:ff:ff:ff",
          "eth.dst_tree": {
            "eth.dst_resolved": "ff:ff:ff:ff:ff:ff",
            "eth.dst.oui": "16777215",
            "eth.addr": "ff:ff:ff:ff:ff:ff",
            "eth.addr_resolved": "ff:ff:ff:ff:ff:ff",
            "eth.addr.oui": "16777215",
            "eth.dst.lg": "1",
            "eth.lg": "1",
            "eth.dst.ig": "1",
            "eth.ig": "1"
          },
          "eth.src": "02:00:00:00:02:02",
          "eth.src_tree": {
            "eth.src_resolved": "02:00:00:00:02:02",
            "eth.src.oui": "131072",
            "eth.addr": "02:00:00:00:02:02",
            "eth.addr_resolved": "02:00:00:00:02:02",
            "eth.addr.oui": "131072",
            "eth.src.lg": "1",
            "eth.lg": "1",
            "eth.src.ig": "0",
            "eth.ig": "0"
          },
          "eth.type": "0x0806"
        },
        "arp": {
          "arp.hw.type": "1",
          "arp.proto.type": "0x0800",
          "arp.hw.size": "6",
          "arp.proto.size": "4",
          "arp.opcode": "1",
          "arp.src.hw_mac": "02:00:00:00:02:02",
          "arp.src.proto_ipv4": "192.0.2.162",
          "arp.dst.hw_mac": "00:00:00:00:00:00",
          "arp.dst.proto_ipv4": "192.0.2.1"
        }
      }
    }
  },
  {
    "_index": "packets-2026-11-22",
    "_type": "doc",
    "_score": null,
    "_source": {
      "layers": {
        "frame": {
          "frame.section_number": "1",
          "frame.interface_id": "0",
          "frame.interface_id_tree": {
            "frame.interface_name": "eth\"0\\ <\/x>\t\n\u0001é",
            "frame.interface_description": "<tag>/<\/script> a.b"
          },
          "frame.encap_type": "1",
          "frame.time": "Nov 22, 2026 21:38:48.981854034 UTC",
          "frame.offset_shift": "0.000000000",
          "frame.time_epoch": "1795383528.981854034",
          "frame.time_delta": "0.000024626",
          "frame.time_delta_displayed": "0.000024626",
          "frame.time_relative": "0.000024626",
          "frame.number": "2",
          "frame.len": "76",
          "frame.cap_len": "76",
          "frame.marked": "0",
          "frame.ignored": "0",
          "frame.protocols": "eth:ethertype:ip:udp:data"
        },
        "eth": {
          "eth.dst": "02:00:00:00:01:01",
          "eth.dst_tree": {
            "eth.dst_resolved": "02:00:00:00:01:01",
            "eth.dst.oui": "131072",
            "eth.addr": "02:00:00:00:01:01",
            "eth.addr_resolved": "02:00:00:00:01:01",
            "eth.addr.oui": "131072",
            "eth.dst.lg": "1",
            "eth.lg": "1",
            "eth.dst.ig": "0",
            "eth.ig": "0"
          },
          "eth.src": "02:00:00:00:02:02",
          "eth.src_tree": {
            "eth.src_resolved": "02:00:00:00:02:02",
            "eth.src.oui": "131072",
            "eth.addr": "02:00:00:00:02:02",
            "eth.addr_resolved": "02:00:00:00:02:02",
            "eth.addr.oui": "131072",
            "eth.src.lg": "1",
            "eth.lg": "1",
            "eth.src.ig": "0",
            "eth.ig": "0"
          },
          "eth.type": "0x0800"
        },
        "ip": {
          "ip.version": "4",
          "ip.hdr_len": "20",
          "ip.dsfield": "0x00",
          "ip.dsfield_tree": {
            "ip.dsfield.dscp": "0",
            "ip.dsfield.ecn": "0"
          },
          "ip.len": "62",
          "ip.id": "0x358b",
          "ip.flags": "0x02",
          "ip.flags_tree": {
            "ip.flags.rb": "0",
            "ip.flags.df": "1",
            "ip.flags.mf": "0"
          },
          "ip.frag_offset": "0",
          "ip.ttl": "64",
          "ip.proto": "17",
          "ip.checksum": "0x8080",
          "ip.checksum.status": "2",
          "ip.src": "192.0.2.162",
          "ip.addr": "192.0.2.162",
          "ip.src_host": "192.0.2.162",
          "ip.host": "192.0.2.162",
          "ip.dst": "192.0.2.1",
          "ip.addr": "192.0.2.1",
          "ip.dst_host": "192.0.2.1",
          "ip.host": "192.0.2.1"
        },
        "udp": {
          "udp.srcport": "40000",
          "udp.dstport": "40001",
          "udp.port": "40000",
          "udp.port": "40001",
          "udp.length": "42",
          "udp.checksum": "0x2530",
          "udp.checksum.status": "2",
          "udp.stream": "0",
          "Timestamps": {
            "udp.time_relative": "0.000000000",
            "udp.time_delta": "0.000000000"
          },
          "udp.payload": "77:69:72:65:73:69:66:74:20:22:6a:73:6f:6e:22:20:74:65:73:74:20:70:61:79:6c:6f:61:64:2e:2e:00:01:00:01"
        },
        "data": {
          "data.data": "77:69:72:65:73:69:66:74:20:22:6a:73:6f:6e:22:20:74:65:73:74:20:70:61:79:6c:6f:61:64:2e:2e:00:01:00:01",
          "data.len": "34"
        }
      }
    }
  }
]
"#;

/// `tshark -n -r json-escapes.pcapng -T ek`
const TSHARK_EK: &str = r#"{"index":{"_index":"packets-2026-11-22","_type":"doc"}}
{"timestamp":"1795383528981","layers":{"frame":{"frame_frame_section_number":"1","frame_frame_interface_id":"0","frame_frame_interface_name":"eth\"0\\ <\/x>\t\n\u0001é","frame_frame_interface_description":"<tag>/<\/script> a.b","frame_frame_encap_type":"1","frame_frame_time":"2026-11-22T21:38:48.981829408Z","frame_frame_offset_shift":"0.000000000","frame_frame_time_epoch":"1795383528.981829408","frame_frame_time_delta":"0.000000000","frame_frame_time_delta_displayed":"0.000000000","frame_frame_time_relative":"0.000000000","frame_frame_number":"1","frame_frame_len":"42","frame_frame_cap_len":"42","frame_frame_marked":false,"frame_frame_ignored":false,"frame_frame_protocols":"eth:ethertype:arp"},"eth":{"eth_eth_dst":"ff:ff:ff:ff:ff:ff","eth_eth_dst_resolved":"ff:ff:ff:ff:ff:ff","eth_eth_dst_oui":"16777215","eth_eth_addr":"ff:ff:ff:ff:ff:ff","eth_eth_addr_resolved":"ff:ff:ff:ff:ff:ff","eth_eth_addr_oui":"16777215","eth_eth_dst_lg":true,"eth_eth_lg":true,"eth_eth_dst_ig":true,"eth_eth_ig":true,"eth_eth_src":"02:00:00:00:02:02","eth_eth_src_resolved":"02:00:00:00:02:02","eth_eth_src_oui":"131072","eth_eth_addr":"02:00:00:00:02:02","eth_eth_addr_resolved":"02:00:00:00:02:02","eth_eth_addr_oui":"131072","eth_eth_src_lg":true,"eth_eth_lg":true,"eth_eth_src_ig":false,"eth_eth_ig":false,"eth_eth_type":"0x0806"},"arp":{"arp_arp_hw_type":"1","arp_arp_proto_type":"0x0800","arp_arp_hw_size":"6","arp_arp_proto_size":"4","arp_arp_opcode":"1","arp_arp_src_hw_mac":"02:00:00:00:02:02","arp_arp_src_proto_ipv4":"192.0.2.162","arp_arp_dst_hw_mac":"00:00:00:00:00:00","arp_arp_dst_proto_ipv4":"192.0.2.1"}}}
{"index":{"_index":"packets-2026-11-22","_type":"doc"}}
{"timestamp":"1795383528981","layers":{"frame":{"frame_frame_section_number":"1","frame_frame_interface_id":"0","frame_frame_interface_name":"eth\"0\\ <\/x>\t\n\u0001é","frame_frame_interface_description":"<tag>/<\/script> a.b","frame_frame_encap_type":"1","frame_frame_time":"2026-11-22T21:38:48.981854034Z","frame_frame_offset_shift":"0.000000000","frame_frame_time_epoch":"1795383528.981854034","frame_frame_time_delta":"0.000024626","frame_frame_time_delta_displayed":"0.000024626","frame_frame_time_relative":"0.000024626","frame_frame_number":"2","frame_frame_len":"76","frame_frame_cap_len":"76","frame_frame_marked":false,"frame_frame_ignored":false,"frame_frame_protocols":"eth:ethertype:ip:udp:data"},"eth":{"eth_eth_dst":"02:00:00:00:01:01","eth_eth_dst_resolved":"02:00:00:00:01:01","eth_eth_dst_oui":"131072","eth_eth_addr":"02:00:00:00:01:01","eth_eth_addr_resolved":"02:00:00:00:01:01","eth_eth_addr_oui":"131072","eth_eth_dst_lg":true,"eth_eth_lg":true,"eth_eth_dst_ig":false,"eth_eth_ig":false,"eth_eth_src":"02:00:00:00:02:02","eth_eth_src_resolved":"02:00:00:00:02:02","eth_eth_src_oui":"131072","eth_eth_addr":"02:00:00:00:02:02","eth_eth_addr_resolved":"02:00:00:00:02:02","eth_eth_addr_oui":"131072","eth_eth_src_lg":true,"eth_eth_lg":true,"eth_eth_src_ig":false,"eth_eth_ig":false,"eth_eth_type":"0x0800"},"ip":{"ip_ip_version":"4","ip_ip_hdr_len":"20","ip_ip_dsfield":"0x00","ip_ip_dsfield_dscp":"0","ip_ip_dsfield_ecn":"0","ip_ip_len":"62","ip_ip_id":"0x358b","ip_ip_flags":"0x02","ip_ip_flags_rb":false,"ip_ip_flags_df":true,"ip_ip_flags_mf":false,"ip_ip_frag_offset":"0","ip_ip_ttl":"64","ip_ip_proto":"17","ip_ip_checksum":"0x8080","ip_ip_checksum_status":"2","ip_ip_src":"192.0.2.162","ip_ip_addr":["192.0.2.162","192.0.2.1"],"ip_ip_src_host":"192.0.2.162","ip_ip_host":["192.0.2.162","192.0.2.1"],"ip_ip_dst":"192.0.2.1","ip_ip_dst_host":"192.0.2.1"},"udp":{"udp_udp_srcport":"40000","udp_udp_dstport":"40001","udp_udp_port":["40000","40001"],"udp_udp_length":"42","udp_udp_checksum":"0x2530","udp_udp_checksum_status":"2","udp_udp_stream":"0","text":"Timestamps","udp_udp_time_relative":"0.000000000","udp_udp_time_delta":"0.000000000","udp_udp_payload":"77:69:72:65:73:69:66:74:20:22:6a:73:6f:6e:22:20:74:65:73:74:20:70:61:79:6c:6f:61:64:2e:2e:00:01:00:01"},"data":{"data_data_data":"77:69:72:65:73:69:66:74:20:22:6a:73:6f:6e:22:20:74:65:73:74:20:70:61:79:6c:6f:61:64:2e:2e:00:01:00:01","data_data_len":"34"}}}
"#;

/// `tshark -n -r json-escapes.pcapng -T json -e frame.interface_name -e ip.addr -e udp.port -e udp.payload -e eth.addr -e arp.opcode -e _ws.col.Protocol -e frame.time`
const TSHARK_JSON_SELECTION: &str = r#"[
  {
    "_index": "packets-2026-11-22",
    "_type": "doc",
    "_score": null,
    "_source": {
      "layers": {
        "frame.interface_name": [
          "eth\"0\\ <\/x>\t\n\u0001é"
        ],
        "eth.addr": [
          "ff:ff:ff:ff:ff:ff",
          "02:00:00:00:02:02"
        ],
        "arp.opcode": [
          "1"
        ],
        "_ws.col.Protocol": [
          "ARP"
        ],
        "frame.time": [
          "Nov 22, 2026 21:38:48.981829408 UTC"
        ]
      }
    }
  },
  {
    "_index": "packets-2026-11-22",
    "_type": "doc",
    "_score": null,
    "_source": {
      "layers": {
        "frame.interface_name": [
          "eth\"0\\ <\/x>\t\n\u0001é"
        ],
        "ip.addr": [
          "192.0.2.162",
          "192.0.2.1"
        ],
        "udp.port": [
          "40000",
          "40001"
        ],
        "udp.payload": [
          "776972657369667420226a736f6e222074657374207061796c6f61642e2e00010001"
        ],
        "eth.addr": [
          "02:00:00:00:01:01",
          "02:00:00:00:02:02"
        ],
        "_ws.col.Protocol": [
          "UDP"
        ],
        "frame.time": [
          "Nov 22, 2026 21:38:48.981854034 UTC"
        ]
      }
    }
  }
]
"#;

/// `tshark -n -r json-escapes.pcapng -T ek -E occurrence=f` with the same `-e` fields
const TSHARK_EK_SELECTION: &str = r#"{"index":{"_index":"packets-2026-11-22","_type":"doc"}}
{"timestamp":"1795383528981","layers":{"frame_interface_name":["eth\"0\\ <\/x>\t\n\u0001é"],"eth_addr":["ff:ff:ff:ff:ff:ff"],"arp_opcode":["1"],"_ws_col_Protocol":["ARP"],"frame_time":["Nov 22, 2026 21:38:48.981829408 UTC"]}}
{"index":{"_index":"packets-2026-11-22","_type":"doc"}}
{"timestamp":"1795383528981","layers":{"frame_interface_name":["eth\"0\\ <\/x>\t\n\u0001é"],"ip_addr":["192.0.2.162"],"udp_port":["40000"],"udp_payload":["776972657369667420226a736f6e222074657374207061796c6f61642e2e00010001"],"eth_addr":["02:00:00:00:01:01"],"_ws_col_Protocol":["UDP"],"frame_time":["Nov 22, 2026 21:38:48.981854034 UTC"]}}
"#;

/// `tshark -n -r json-escapes.pcapng -T jsonraw -c 1` (the ARP frame)
const TSHARK_JSONRAW_FIRST: &str = r#"[
  {
    "_index": "packets-2026-11-22",
    "_type": "doc",
    "_score": null,
    "_source": {
      "layers": {
        "frame_raw": [
          "ffffffffffff02000000020208060001080006040001020000000202c00002a2000000000000c0000201",
          0,
          42,
          0,
          1
        ],
        "frame": {
          "frame.section_number_raw": [
            "",
            0,
            0,
            0,
            7
          ],
          "frame.interface_id_raw": [
            "",
            0,
            0,
            0,
            7
          ],
          "frame.interface_id_tree": {
            "frame.interface_name_raw": [
              "",
              0,
              0,
              0,
              26
            ],
            "frame.interface_description_raw": [
              "",
              0,
              0,
              0,
              26
            ]
          },
          "frame.encap_type_raw": [
            "",
            0,
            0,
            0,
            13
          ],
          "frame.time_raw": [
            "",
            0,
            0,
            0,
            24
          ],
          "frame.offset_shift_raw": [
            "",
            0,
            0,
            0,
            25
          ],
          "frame.time_epoch_raw": [
            "",
            0,
            0,
            0,
            25
          ],
          "frame.time_delta_raw": [
            "",
            0,
            0,
            0,
            25
          ],
          "frame.time_delta_displayed_raw": [
            "",
            0,
            0,
            0,
            25
          ],
          "frame.time_relative_raw": [
            "",
            0,
            0,
            0,
            25
          ],
          "frame.number_raw": [
            "",
            0,
            0,
            0,
            7
          ],
          "frame.len_raw": [
            "",
            0,
            0,
            0,
            7
          ],
          "frame.cap_len_raw": [
            "",
            0,
            0,
            0,
            7
          ],
          "frame.marked_raw": [
            "",
            0,
            0,
            0,
            2
          ],
          "frame.ignored_raw": [
            "",
            0,
            0,
            0,
            2
          ],
          "frame.protocols_raw": [
            "",
            0,
            0,
            0,
            26
          ]
        },
        "eth_raw": [
          "ffffffffffff0200000002020806",
          0,
          14,
          0,
          1
        ],
        "eth": {
          "eth.dst_raw": [
            "ffffffffffff",
            0,
            6,
            0,
            29
          ],
          "eth.dst_tree": {
            "eth.dst_resolved_raw": [
              "ffffffffffff",
              0,
              6,
              0,
              26
            ],
            "eth.dst.oui_raw": [
              "ffffff",
              0,
              3,
              0,
              6
            ],
            "eth.addr_raw": [
              "ffffffffffff",
              0,
              6,
              0,
              29
            ],
            "eth.addr_resolved_raw": [
              "ffffffffffff",
              0,
              6,
              0,
              26
            ],
            "eth.addr.oui_raw": [
              "ffffff",
              0,
              3,
              0,
              6
            ],
            "eth.dst.lg_raw": [
              "1",
              0,
              3,
              131072,
              2
            ],
            "eth.lg_raw": [
              "1",
              0,
              3,
              131072,
              2
            ],
            "eth.dst.ig_raw": [
              "1",
              0,
              3,
              65536,
              2
            ],
            "eth.ig_raw": [
              "1",
              0,
              3,
              65536,
              2
            ]
          },
          "eth.src_raw": [
            "020000000202",
            6,
            6,
            0,
            29
          ],
          "eth.src_tree": {
            "eth.src_resolved_raw": [
              "020000000202",
              6,
              6,
              0,
              26
            ],
            "eth.src.oui_raw": [
              "020000",
              6,
              3,
              0,
              6
            ],
            "eth.addr_raw": [
              "020000000202",
              6,
              6,
              0,
              29
            ],
            "eth.addr_resolved_raw": [
              "020000000202",
              6,
              6,
              0,
              26
            ],
            "eth.addr.oui_raw": [
              "020000",
              6,
              3,
              0,
              6
            ],
            "eth.src.lg_raw": [
              "1",
              6,
              3,
              131072,
              2
            ],
            "eth.lg_raw": [
              "1",
              6,
              3,
              131072,
              2
            ],
            "eth.src.ig_raw": [
              "0",
              6,
              3,
              65536,
              2
            ],
            "eth.ig_raw": [
              "0",
              6,
              3,
              65536,
              2
            ]
          },
          "eth.type_raw": [
            "0806",
            12,
            2,
            0,
            5
          ]
        },
        "arp_raw": [
          "0001080006040001020000000202c00002a2000000000000c0000201",
          14,
          28,
          0,
          1
        ],
        "arp": {
          "arp.hw.type_raw": [
            "0001",
            14,
            2,
            0,
            5
          ],
          "arp.proto.type_raw": [
            "0800",
            16,
            2,
            0,
            5
          ],
          "arp.hw.size_raw": [
            "06",
            18,
            1,
            0,
            4
          ],
          "arp.proto.size_raw": [
            "04",
            19,
            1,
            0,
            4
          ],
          "arp.opcode_raw": [
            "0001",
            20,
            2,
            0,
            5
          ],
          "arp.src.hw_mac_raw": [
            "020000000202",
            22,
            6,
            0,
            29
          ],
          "arp.src.proto_ipv4_raw": [
            "c00002a2",
            28,
            4,
            0,
            32
          ],
          "arp.dst.hw_mac_raw": [
            "000000000000",
            32,
            6,
            0,
            29
          ],
          "arp.dst.proto_ipv4_raw": [
            "c0000201",
            38,
            4,
            0,
            32
          ]
        }
      }
    }
  }
]
"#;
