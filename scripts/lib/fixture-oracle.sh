# Writes tshark's answers beside recorded fixtures (source it from bash, from the repo's root):
#
#   fixture_oracle DIR REGEX EXTRA...   for every DIR/*.pcap, DIR/CAPTURE.tshark.tsv and (with -2)
#                                       .tshark-2.tsv: what tshark (4.0, as in ../shared/oracle) prints, in
#                                       the oracle's format, for the EXTRA fields, then every field wiresift
#                                       registers whose name matches REGEX (an awk regex) and tshark also
#                                       knows, then the Protocol and Info columns; with FIXTURE_KEYS set,
#                                       tshark decrypts with each capture's key log CAPTURE-STEM.keys
#
# The fixture tests (common::assert_fixtures_agree) require wiresift to print exactly that.
fixture_oracle() {
  local dir=$1 regex=$2
  shift 2
  command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
  tshark --version | head -1
  cargo build --release --locked -q -p wiresift
  local ours theirs
  ours=$(mktemp)
  theirs=$(mktemp)
  ./target/release/wiresift -G fields | awk -F'\t' -v re="$regex" '$1 == "F" && $3 ~ re { print $3 }' | sort -u >"$ours"
  tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" { print $3 }' | sort -u >"$theirs"
  local fields
  mapfile -t fields < <(comm -12 "$ours" "$theirs")
  rm -f "$ours" "$theirs"
  local args=() f capture pass suffix two keys
  for f in "$@" "${fields[@]}" _ws.col.Protocol _ws.col.Info; do args+=(-e "$f"); done
  for capture in "$dir"/*.pcap; do
    for pass in 1 2; do
      suffix=.tshark.tsv; two=()
      [ $pass = 2 ] && { suffix=.tshark-2.tsv; two=(-2); }
      keys=()
      [ -n "${FIXTURE_KEYS:-}" ] && keys=(-o "tls.keylog_file:${capture%.pcap}.keys")
      tshark -n -r "$capture" "${two[@]}" "${keys[@]}" -T fields -E header=y -E separator=/t -E occurrence=a \
        -E aggregator=, "${args[@]}" >"$capture$suffix" 2>/dev/null
    done
    echo "$capture: $(($(wc -l <"$capture.tshark.tsv") - 1)) frames, ${#fields[@]} fields matching $regex"
  done
}

# detail_oracle DIR                     for every DIR/*.pcap, DIR/CAPTURE.tshark-V.txt: tshark's -V with the
#                                       trees of the frame, link, IP, TCP and UDP layers folded to their
#                                       top line (common::detail_outline in the tests folds ours the same
#                                       way and requires it to be identical)
detail_oracle() {
  local dir=$1 capture
  for capture in "$dir"/*.pcap; do
    tshark -n -r "$capture" -V 2>/dev/null | awk '
      /^[^ ]/ { keep = !($0 ~ /^(Frame [0-9]+: |Ethernet II|Internet Protocol|Transmission Control Protocol|User Datagram Protocol)/); print; next }
      /^ / { if (keep) print; next }
      { print }' >"$capture.tshark-V.txt"
    echo "$capture: $(wc -l <"$capture.tshark-V.txt") lines of -V outline"
  done
}
