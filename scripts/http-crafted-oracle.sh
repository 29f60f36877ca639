#!/bin/sh
# Stores what tshark 4.0 shows for the crafted HTTP exchanges and images (crates/wiresift/tests/data/
# http-crafted, made by scripts/make-http-cases.py), for tests/http_crafted.rs; NAME.V2 is `-2 -V`.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
dir=crates/wiresift/tests/data/http-crafted
outputs_oracle $dir "frame.protocols http.request.line http.response.line http.unknown_header http.request.uri.path http.request.uri.query http.request.uri.query.parameter http.request_number http.response_number http.request_in http.response_in http.prev_request_in http.prev_response_in http.next_request_in http.next_response_in http.response_for.uri http.request.full_uri http.cookie_pair http.chunk_size http.chunk_data http.chunked_trailer_part urlencoded-form.key urlencoded-form.value png.chunk.type png.chunk.len png.ihdr.colour_type png.text.keyword png.gama.gamma image-gif.version image-gif.extension.label image-gif.image.code_size image-gif.data_block _ws.malformed _ws.col.Protocol _ws.col.Info"
for f in $dir/http-pairs.pcap; do TZ=UTC tshark -n -2 -r "$f" -V > "${f%.pcap}.V2" 2>/dev/null; done
# NAME.json is `-T json`, for the order of fields the trees do not show (a request's hidden flag).
for f in $dir/http-lines.pcap; do TZ=UTC tshark -n -r "$f" -T json > "${f%.pcap}.json" 2>/dev/null; done
# Every status code's description (crates/wiresift/tests/data/http-status): the fields alone.
f=crates/wiresift/tests/data/http-status/http-codes.pcap
TZ=UTC tshark -n -r "$f" -Y http.response -T fields -e http.response.code -e http.response.code.desc -e http.response.phrase > "${f%.pcap}.fields" 2>/dev/null
