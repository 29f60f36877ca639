#!/bin/sh
# Stores what tshark 4.0 shows for the crafted DHCP replies with vendor-specific information
# (crates/wiresift/tests/data/dhcp-vendor, made by scripts/make-dhcp-vendor-cases.py), for
# tests/dhcp_vendor.rs.
set -eu
cd "$(dirname "$0")/.."
. scripts/lib/outputs-oracle.sh
outputs_oracle crates/wiresift/tests/data/dhcp-vendor "dhcp.option.vendor.value dhcp.option.vendor.arubaap.controllerip dhcp.option.vendor.arubaiap dhcp.option.vendor.arubaiap.name_org dhcp.option.vendor.arubaiap.amp_ip dhcp.option.vendor.arubaiap.password frame.protocols"
