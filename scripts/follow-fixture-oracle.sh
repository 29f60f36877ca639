#!/bin/sh
# Writes crates/wiresift/tests/data/follow/NAME.txt: tshark's output (TShark 4.0) for each case of
# crates/wiresift/tests/data/follow/cases.tsv, which crates/wiresift/tests/oracle_follow.rs compares
# wiresift's with. Run from the repository root after scripts/make-follow-fixture.py. A case's other
# options (key logs, decode-as) are passed as they are, {repo} and {corpus} replaced by the paths.
set -eu
dir=crates/wiresift/tests/data/follow
shared=../shared/captures
grep -v '^#' "$dir/cases.tsv" | while IFS="$(printf '\t')" read -r name capture args options; do
    case "$capture" in
        repo:*) file=${capture#repo:} ;;
        corpus:*) file=$shared/${capture#corpus:} ;;
    esac
    z=""
    for a in $args; do z="$z -z $a"; done
    o=$(printf '%s' "$options" | sed -e "s|{repo}|$(pwd)|g" -e "s|{corpus}|$(pwd)/$shared|g")
    # shellcheck disable=SC2086
    tshark -n -r "$file" $o -q $z 2>/dev/null > "$dir/$name.txt"
done
