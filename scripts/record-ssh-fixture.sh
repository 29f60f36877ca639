#!/usr/bin/env bash
# Records crates/wiresift/tests/data/ssh/*.pcap: OpenSSH's client logging in with a generated key to
# sshd and running two commands, between two namespaces (ssh-client 10.78.0.1, ssh-server 10.78.0.2),
# once per variant of key exchange and cipher (curve25519 with chacha20-poly1305, ecdh-nistp256 with
# aes128-ctr and hmac-sha2-256, diffie-hellman-group14 with aes256-ctr and hmac-sha2-512-etm, DH group exchange with
# aes128-ctr and hmac-sha1). AES-GCM is left out: tshark 4.0 "decrypts" it without keys and shows the
# garbage as messages. Then run scripts/ssh-fixture-oracle.sh.
#
# usage: sudo scripts/record-ssh-fixture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/netns.sh
. scripts/lib/netns.sh
out=crates/wiresift/tests/data/ssh
mkdir -p "$out"
for tool in sshd ssh ssh-keygen tcpdump; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (openssh-server, openssh-client, tcpdump)" >&2; exit 1; }
done

netns_make ssh-client ssh-server
netns_link ssh-client 10.78.0.1/24 ssh-server 10.78.0.2/24

work=$(mktemp -d)
trap 'netns_remove; rm -rf "$work"' EXIT
chmod 700 "$work"
ssh-keygen -q -t ed25519 -N '' -f "$work/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$work/client"
cp "$work/client.pub" "$work/authorized_keys"
mkdir -p /run/sshd
cat >"$work/sshd_config" <<CFG
ListenAddress 10.78.0.2
Port 22
HostKey $work/host_ed25519
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $work/sshd.pid
# Every method the variants ask for.
KexAlgorithms +diffie-hellman-group14-sha256,diffie-hellman-group-exchange-sha256
CFG

ip netns exec ssh-server /usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
sleep 1

record() {
  local name=$1
  shift
  ip netns exec ssh-server tcpdump -i veth-ssh-server -s 0 -U -w "$out/$name.pcap" tcp port 22 2>/dev/null &
  local capture=$!
  sleep 1
  ip netns exec ssh-client ssh -F none -i "$work/client" -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR "$@" root@10.78.0.2 \
    'echo first command; echo second command' >/dev/null
  sleep 1
  kill "$capture"
  wait "$capture" 2>/dev/null || true
  echo "recorded $out/$name.pcap ($(stat -c %s "$out/$name.pcap") bytes)"
}

record curve25519-chacha20 -o KexAlgorithms=curve25519-sha256 -c chacha20-poly1305@openssh.com
record nistp256-aes128ctr -o KexAlgorithms=ecdh-sha2-nistp256 -c aes128-ctr -m hmac-sha2-256
record group14-aes256ctr -o KexAlgorithms=diffie-hellman-group14-sha256 -c aes256-ctr -m hmac-sha2-512-etm@openssh.com
record gex-aes128ctr -o KexAlgorithms=diffie-hellman-group-exchange-sha256 -c aes128-ctr -m hmac-sha1
