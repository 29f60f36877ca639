#!/usr/bin/env bash
# Records crates/wiresift/tests/data/ldap/ldap-exchange.pcap: OpenLDAP's slapd and its command line
# clients, in two network namespaces joined by a veth pair (nothing touches the outside network).
# A throwaway slapd.conf and MDB database in a temporary directory; the clients then add entries
# (one with a description larger than a TCP segment, so that its search result entry spans several),
# search with a filter combining &, |, !, a substring, >= and a presence test, modify, rename,
# compare, delete, ask "who am I" (an extended operation), bind with a wrong password and search a
# base that does not exist. Then scripts/ldap-fixture-oracle.sh writes tshark's answers.
# Needs root, tcpdump, slapd and ldap-utils (apt-get install slapd ldap-utils tcpdump).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
source scripts/lib/netns.sh
out=crates/wiresift/tests/data/ldap
mkdir -p "$out"
for t in slapd ldapadd ldapsearch ldapmodify ldapmodrdn ldapcompare ldapdelete ldapwhoami tcpdump; do
  command -v $t >/dev/null || { echo "$t is needed (apt-get install slapd ldap-utils tcpdump)" >&2; exit 1; }
done
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'netns_remove; rm -rf "$tmp"' EXIT
netns_make ld-c ld-s
netns_link ld-c 10.84.0.1/24 ld-s 10.84.0.2/24
mkdir -p "$tmp/db"
cat >"$tmp/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $tmp/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
suffix "dc=example,dc=com"
rootdn "cn=admin,dc=example,dc=com"
rootpw secret
directory $tmp/db
maxsize 10485760
CONF
ip netns exec ld-s tcpdump -Z root -s 0 -U -i veth-ld-s -w "$tmp/ldap.pcap" tcp port 389 2>"$tmp/tcpdump.log" &
tp=$!
for _ in $(seq 1 100); do grep -qs "listening on" "$tmp/tcpdump.log" && break; sleep 0.05; done
sleep 0.5
ip netns exec ld-s slapd -f "$tmp/slapd.conf" -h ldap://10.84.0.2/ -u root -g root -d 0 >"$tmp/slapd.log" 2>&1 &
for _ in $(seq 1 100); do ip netns exec ld-s ss -ltn | grep -q ':389 ' && break; sleep 0.05; done
c() { ip netns exec ld-c "$@"; }
H=ldap://10.84.0.2
A=(-x -H $H -D cn=admin,dc=example,dc=com -w secret)
{
  printf 'dn: dc=example,dc=com\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n'
  printf 'dn: ou=people,dc=example,dc=com\nobjectClass: organizationalUnit\nou: people\n\n'
  for i in 1 2 3 4 5 6; do
    printf 'dn: uid=user%s,ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nuid: user%s\ncn: User %s\nsn: Surname%s\nmail: user%s@example.com\n' "$i" "$i" "$i" "$(printf '%s' "$i" | tr 1-6 A-F)" "$i"
    # user3 carries a description longer than a segment.
    if [ "$i" = 3 ]; then printf 'description: %s\n' "$(head -c 3000 /dev/zero | tr '\0' 'x')"; fi
    printf '\n'
  done
} >"$tmp/add.ldif"
c ldapadd "${A[@]}" -f "$tmp/add.ldif" >/dev/null
c ldapsearch "${A[@]}" -b ou=people,dc=example,dc=com \
  '(&(objectClass=inetOrgPerson)(|(cn=User*3)(cn=*er 1)(createTimestamp>=20000101000000Z))(!(uid=user5))(mail=*))' \
  cn sn mail description >/dev/null
printf 'dn: uid=user1,ou=people,dc=example,dc=com\nchangetype: modify\nreplace: mail\nmail: first@example.com\n-\nadd: description\ndescription: the first\n-\ndelete: sn\nsn: SurnameA\n-\nadd: sn\nsn: Renamed\n' >"$tmp/mod.ldif"
c ldapmodify "${A[@]}" -f "$tmp/mod.ldif" >/dev/null
c ldapmodrdn "${A[@]}" -r uid=user2,ou=people,dc=example,dc=com uid=user22 >/dev/null
c ldapcompare "${A[@]}" uid=user1,ou=people,dc=example,dc=com mail:first@example.com >/dev/null || true
c ldapdelete "${A[@]}" uid=user6,ou=people,dc=example,dc=com >/dev/null
c ldapwhoami "${A[@]}" >/dev/null
c ldapwhoami -x -H $H -D cn=admin,dc=example,dc=com -w wrong >/dev/null 2>&1 || true
c ldapsearch "${A[@]}" -b ou=missing,dc=example,dc=com -s one '(cn~=nobody)' >/dev/null 2>&1 || true
sleep 0.5
kill -INT $tp
wait $tp 2>/dev/null || true
cp "$tmp/ldap.pcap" "$out/ldap-exchange.pcap"
echo "ldap: $(tcpdump -r "$out/ldap-exchange.pcap" 2>/dev/null | wc -l) frames"
