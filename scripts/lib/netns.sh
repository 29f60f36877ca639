# Network namespaces for the fixture recorders (source it from bash): made at the start, removed with
# every process in them when the script exits, however it exits. No namespace gets a link outside the
# ones made here, so no recorded packet can leave the machine.
#
#   netns_make NAME...           make the namespaces (removing leftovers of an earlier run first), with
#                                loopback up, and remove them on exit
#   netns_link A ADDR_A B ADDR_B a veth pair between namespaces A and B with these addresses (CIDR)

NETNS_MADE=()

netns_remove() {
  local ns pids
  for ns in "${NETNS_MADE[@]}"; do
    ip netns list | awk '{print $1}' | grep -qx "$ns" || continue
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086 # one pid per word
    [ -z "$pids" ] || kill $pids 2>/dev/null || true
    sleep 0.3
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}

netns_make() {
  if [ "$(id -u)" != 0 ]; then
    echo "$0: must run as root (it creates network namespaces)" >&2
    exit 1
  fi
  NETNS_MADE+=("$@")
  netns_remove
  trap netns_remove EXIT
  local ns
  for ns in "$@"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
  done
}

netns_link() {
  local a=$1 addr_a=$2 b=$3 addr_b=$4
  ip link add "veth-$a" netns "$a" type veth peer name "veth-$b" netns "$b"
  ip -n "$a" addr add "$addr_a" dev "veth-$a"
  ip -n "$b" addr add "$addr_b" dev "veth-$b"
  ip -n "$a" link set "veth-$a" up
  ip -n "$b" link set "veth-$b" up
  # Offloads off, so that the capture holds the segments as sent on the wire, not merged.
  if command -v ethtool >/dev/null; then
    ip netns exec "$a" ethtool -K "veth-$a" tso off gso off gro off >/dev/null 2>&1 || true
    ip netns exec "$b" ethtool -K "veth-$b" tso off gso off gro off >/dev/null 2>&1 || true
  fi
}
