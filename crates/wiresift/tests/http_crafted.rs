//! HTTP's tree, numbering and bodies against tshark 4.0 on crafted exchanges (scripts/make-http-cases.py,
//! tshark's answers stored beside them by scripts/http-crafted-oracle.sh): text that is no request or
//! response on port 80, header lines of every kind, heads that end at a line without a colon, URI
//! queries, requests and responses numbered together (pipelining, unanswered responses, 100 Continue)
//! in one pass and with `-2`, chunked bodies with trailers, cookies, url-encoded forms, UTF-8 oddities
//! in labels and ASCII-read values, several messages in one segment, image types that do not match
//! their bodies, request lines without a version or with more words (HTTP/0.9's "GET /page"), odd
//! status lines and every status code's description, and PNG and GIF images.

mod common;

#[test]
fn crafted_exchanges_match_tshark() {
    common::assert_outputs_match_tshark(
        "http-crafted",
        &[
            "http-heads",
            "http-pairs",
            "http-bodies",
            "http-runs",
            "http-media",
            "http-lines",
            "images-png",
            "images-gif",
        ],
    );
}

/// The second pass knows each entry's totals and the links to later frames.
#[test]
fn two_pass_numbering_matches_tshark() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/http-crafted");
    let capture = dir.join("http-pairs.pcap");
    let want = std::fs::read_to_string(dir.join("http-pairs.V2")).unwrap();
    let got = common::stdout(&["-n", "-2", "-r", capture.to_str().unwrap(), "-V"]);
    common::assert_same_lines("http-pairs -2 -V", &got, &want, "tshark");
}

/// `-T json` keeps tshark's order of fields the trees do not show: a request's hidden `http.request`
/// flag after its full URI.
#[test]
fn json_of_request_lines_matches_tshark() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/http-crafted");
    let capture = dir.join("http-lines.pcap");
    let want = std::fs::read_to_string(dir.join("http-lines.json")).unwrap();
    let got = common::stdout(&["-n", "-r", capture.to_str().unwrap(), "-T", "json"]);
    common::assert_same_lines("http-lines -T json", &got, &want, "tshark");
}

/// Every status code from 100 to 599 gets tshark's description (the registry's name, a class's
/// "Others" for x99, "Unknown (N)").
#[test]
fn status_code_descriptions_match_tshark() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/http-status");
    let capture = dir.join("http-codes.pcap");
    let want = std::fs::read_to_string(dir.join("http-codes.fields")).unwrap();
    let got = common::stdout(&[
        "-n",
        "-r",
        capture.to_str().unwrap(),
        "-Y",
        "http.response",
        "-T",
        "fields",
        "-e",
        "http.response.code",
        "-e",
        "http.response.code.desc",
        "-e",
        "http.response.phrase",
    ]);
    common::assert_same_lines("http-codes fields", &got, &want, "tshark");
}

/// Filters on the new fields select the frames tshark selects.
#[test]
fn filters_on_http_fields() {
    let cases: &[(&str, &str)] = &[
        (
            "http.unknown_header",
            "4,11,18,25,32,39,46,53,60,67,74,81,88,95,102",
        ),
        ("http.request.uri.query.parameter == \"y=\"", "144"),
        ("http.next_request_in", ""),
        ("http.request_number == 2", ""),
        ("_ws.malformed", "4,18,39,74,88,95"),
    ];
    common::assert_filters_select("http-crafted/http-heads.pcap", cases);
    let pairs: &[(&str, &str)] = &[
        ("http.response_number == 3", "7,20,32"),
        ("http.prev_response_in == 6", "7"),
        ("http.request_in", "6,9,20,22,30"),
        ("http.response_for.uri == \"http://h/x\"", "22,30,31,32"),
    ];
    common::assert_filters_select("http-crafted/http-pairs.pcap", pairs);
    let images: &[(&str, &str)] = &[
        ("png.ihdr.colour_type == 4", "29"),
        ("png.chunk.type == \"tEXt\"", "29"),
        ("png.gama.gamma > 0.4", "13"),
    ];
    common::assert_filters_select("http-crafted/images-png.pcap", images);
}
