#!/bin/sh
# Captures real `ip -j` / `bridge -j` output from a throw-away network namespace laid out like a
# small Proxmox host (two bridges, a tap and a veth port, a default route, a policy rule), and
# saves it under test/golden/iproute/ so unit tests can parse real iproute2 JSON without root.
# Only the namespace is touched; the host's own interfaces are never changed.
# Usage (as root): scripts/capture-iproute.sh [output-dir]
set -eu

out_dir=${1:-"$(dirname "$0")/../test/golden/iproute"}
ns="pdtest-capture-$$"
# A second namespace plays the container, so the veth port shows its peer as `@ifN` as on a real host.
guest_ns="pdtest-capture-$$-ct101"

if [ "$(id -u)" -ne 0 ]; then
	echo "capture-iproute: needs root (ip netns add)" >&2
	exit 1
fi

cleanup() {
	ip netns del "$guest_ns" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

ip netns add "$ns"
ip netns add "$guest_ns"
in_ns() { ip -n "$ns" "$@"; }

in_ns link set lo up
in_ns link add vmbr0 type bridge
in_ns link add vmbr1 type bridge
in_ns addr add 192.168.0.2/24 dev vmbr0
in_ns tuntap add tap200i0 mode tap
in_ns link set tap200i0 master vmbr0
in_ns link add veth101i0 type veth peer name eth0c101
in_ns link set veth101i0 master vmbr1
in_ns link set vmbr0 up
in_ns link set vmbr1 up
in_ns link set tap200i0 up
in_ns link set veth101i0 up
in_ns link set eth0c101 netns "$guest_ns"
ip -n "$guest_ns" link set eth0c101 up
in_ns addr add 10.10.10.1/24 dev vmbr1
in_ns route add default via 192.168.0.1 dev vmbr0
in_ns rule add from 10.10.10.0/24 table 100
in_ns route add 172.16.0.0/16 via 192.168.0.254 dev vmbr0 table 100

mkdir -p "$out_dir"
in_ns -j addr show >"$out_dir/ip-addr.json"
in_ns -j -details addr show >"$out_dir/ip-details-addr.json"
in_ns -j link show >"$out_dir/ip-link.json"
in_ns -j route show table all >"$out_dir/ip-route-table-all.json"
in_ns -j rule show >"$out_dir/ip-rule.json"
bridge -n "$ns" -j link show >"$out_dir/bridge-link.json"
echo "capture-iproute: wrote $(ls "$out_dir" | wc -l) files to $out_dir"
