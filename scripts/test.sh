#!/usr/bin/env bash
# Runs every check and test of wiresift. This is the README's test command and what CI runs (.ci/run).
# It installs what it needs when missing, so it works on a fresh Debian machine with only Rust on it.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages the build or the tests need (none are on a fresh machine).
need=()
command -v pkg-config >/dev/null || need+=(pkg-config)
[ -e /usr/include/pcap/pcap.h ] || need+=(libpcap-dev)
# The live-capture tests (crates/wiresift/tests/live_capture.rs): namespaces, real clients and server,
# and tshark to read the files they write.
command -v ip >/dev/null || need+=(iproute2)
command -v ping >/dev/null || need+=(iputils-ping)
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
command -v setpriv >/dev/null || need+=(util-linux)
command -v tshark >/dev/null || need+=(tshark)
command -v tcpdump >/dev/null || need+=(tcpdump)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy || true

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The corpus tests (../shared) print a notice and pass when the corpus is absent.
cargo test --workspace --locked --release
# The fuzz harness builds with the dissectors it drives (the targets themselves need nightly and
# cargo-fuzz; docs/fuzzing.md).
(cd fuzz && cargo check -p wiresift-fuzz-harness --locked)
