# Stores what tshark (4.0) shows for crafted or recorded fixtures, for common::assert_outputs_match_tshark
# (source it from sh or bash):
#
#   outputs_oracle DIR FIELDS   for every DIR/NAME.pcap: NAME.V is `tshark -n -V`, NAME.summary the
#                               packet list, NAME.fields the fields FIELDS names (space-separated), one
#                               line per frame; DIR/fields.list keeps FIELDS
outputs_oracle() {
    dir=$1 fields=$2
    command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
    for f in "$dir"/*.pcap; do
        base=${f%.pcap}
        TZ=UTC tshark -n -r "$f" -V > "$base.V" 2>/dev/null
        TZ=UTC tshark -n -r "$f" > "$base.summary" 2>/dev/null
        args=""
        for x in $fields; do args="$args -e $x"; done
        # shellcheck disable=SC2086 # one argument per word
        TZ=UTC tshark -n -r "$f" -T fields -E occurrence=a $args > "$base.fields" 2>/dev/null
    done
    echo "$fields" > "$dir/fields.list"
}
