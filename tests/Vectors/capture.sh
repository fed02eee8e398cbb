#!/usr/bin/env bash
# Records real FRR <-> GoBGP L2VPN/EVPN sessions in throw-away network namespaces and turns
# them into tests/Vectors/*.hex (one BGP message per line, see README.md).
#
# Developer tool, not run by CI. Needs root, frr 8.4 (zebra, bgpd, vtysh), gobgpd/gobgp 3.x,
# tshark, iproute2, python3. Everything it creates (namespaces, daemons, temp dir) is removed
# on exit, also on failure.
#
# usage: sudo tests/Vectors/capture.sh [OUTDIR]   (default: the directory of this script)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$HERE}"
P="evc-$$"
NSF="$P-f"      # FRR leaf, AS 65001, VTEP 10.255.0.1
NSG="$P-g"      # GoBGP, AS 65002, VTEP 10.255.0.2
NSH="$P-h"      # a host behind FRR's bridge
NAME="$P"       # FRR pathspace (-N)
DIR="/tmp/$P"
PIDS=()

log() { printf '[capture %s] %s\n' "$(date +%T)" "$*" >&2; }

cleanup() {
    set +e
    [ -n "${HOLD_ON_EXIT:-}" ] && { log "holding $HOLD_ON_EXIT s for inspection"; sleep "$HOLD_ON_EXIT"; }
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for f in "$DIR"/zebra.pid "$DIR"/bgpd.pid; do
        [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    sleep 1
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    for f in "$DIR"/zebra.pid "$DIR"/bgpd.pid; do
        [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
    done
    for ns in "$NSF" "$NSG" "$NSH"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "/etc/frr/$NAME" "/var/run/frr/$NAME"
    [ -n "${KEEP_TMP:-}" ] || rm -rf "$DIR"
}
trap cleanup EXIT

# Polls a command until it succeeds (no fixed sleeps as synchronisation).
wait_for() {
    local what="$1" deadline=$((SECONDS + $2)); shift 2
    until "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then log "timeout waiting for $what"; return 1; fi
        sleep 0.5
    done
}

mkdir -p "$DIR" "/etc/frr/$NAME"
touch "/etc/frr/$NAME/vtysh.conf"
chown -R frr:frr "$DIR"

# ---------------------------------------------------------------- topology
for ns in "$NSF" "$NSG" "$NSH"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip link add ul0 netns "$NSF" type veth peer name ul1 netns "$NSG"
ip link add hp0 netns "$NSF" type veth peer name hp1 netns "$NSH"

# underlay: 10.0.0.0/24 + fd00::/64 for the good sessions, 10.0.1/24 and 10.0.2/24 for the
# wrong-AS sessions (so that each session is its own TCP stream between its own addresses).
ip -n "$NSF" addr add 10.0.0.1/24 dev ul0
ip -n "$NSF" addr add 10.0.1.1/24 dev ul0
ip -n "$NSF" addr add 10.0.2.1/24 dev ul0
ip -n "$NSF" addr add fd00::1/64 dev ul0 nodad
ip -n "$NSF" link set ul0 up
ip -n "$NSG" addr add 10.0.0.2/24 dev ul1
ip -n "$NSG" addr add 10.0.1.2/24 dev ul1
ip -n "$NSG" addr add 10.0.2.2/24 dev ul1
ip -n "$NSG" addr add fd00::2/64 dev ul1 nodad
ip -n "$NSG" link set ul1 up
ip -n "$NSF" addr add 10.255.0.1/32 dev lo
ip -n "$NSF" addr add fd00:255::1/128 dev lo
ip -n "$NSG" addr add 10.255.0.2/32 dev lo
ip -n "$NSG" addr add fd00:255::2/128 dev lo
# FRR marks a received EVPN route valid only when the next hop (GoBGP's VTEP) is reachable.
ip -n "$NSF" route add 10.255.0.2/32 via 10.0.0.2
ip -n "$NSF" -6 route add fd00:255::2/128 via fd00::2

# FRR's VNI 100: bridge + VXLAN device + SVI + a host port.
ip -n "$NSF" link add br100 type bridge
ip -n "$NSF" link set br100 addr 02:00:00:00:b1:00
ip -n "$NSF" link add vxlan100 type vxlan id 100 dstport 4789 local 10.255.0.1 nolearning
ip -n "$NSF" link set vxlan100 master br100
ip -n "$NSF" link set hp0 master br100
ip -n "$NSF" addr add 192.168.100.1/24 dev br100
ip -n "$NSF" addr add fd10::1/64 dev br100 nodad
for l in vxlan100 hp0 br100; do ip -n "$NSF" link set "$l" up; done
ip -n "$NSH" link set hp1 addr 02:00:00:00:aa:01
ip -n "$NSH" addr add 192.168.100.10/24 dev hp1
ip -n "$NSH" addr add fd10::10/64 dev hp1 nodad
ip -n "$NSH" link set hp1 up

# ---------------------------------------------------------------- capture
mkdir -p "$DIR/cap" && chmod 777 "$DIR/cap"   # dumpcap drops root's privileges
PCAP="$DIR/cap/bgp.pcap"
ip netns exec "$NSF" tshark -q -i ul0 -f 'tcp port 179' -w "$PCAP" 2>"$DIR/tshark.err" &
PIDS+=($!)
TSHARK=$!
wait_for "tshark to start capturing" 20 test -s "$PCAP"

# ---------------------------------------------------------------- FRR
cat >"$DIR/frr.conf" <<EOF
frr defaults datacenter
hostname frr-$P
log file $DIR/frr.log
!
router bgp 65001
 bgp router-id 10.255.0.1
 no bgp default ipv4-unicast
 neighbor 10.0.0.2 remote-as 65002
 neighbor fd00::2 remote-as 65002
 ! GoBGP is 65002: FRR must answer its OPEN with NOTIFICATION 2/2 (Bad Peer AS)
 neighbor 10.0.1.2 remote-as 65099
 ! GoBGP expects 65098 here and answers FRR's OPEN with 2/2
 neighbor 10.0.2.2 remote-as 65002
 address-family l2vpn evpn
  neighbor 10.0.0.2 activate
  neighbor fd00::2 activate
  neighbor 10.0.1.2 activate
  neighbor 10.0.2.2 activate
  advertise-all-vni
  advertise-default-gw
 exit-address-family
!
EOF
chown frr:frr "$DIR/frr.conf"
ip netns exec "$NSF" /usr/lib/frr/zebra -d -N "$NAME" -i "$DIR/zebra.pid" -z "$DIR/zserv.api" \
    --vty_socket "$DIR" -s 33554432 -f "$DIR/frr.conf"
ip netns exec "$NSF" /usr/lib/frr/bgpd -d -N "$NAME" -i "$DIR/bgpd.pid" -z "$DIR/zserv.api" \
    --vty_socket "$DIR" -f "$DIR/frr.conf"
vty() { ip netns exec "$NSF" vtysh --vty_socket "$DIR" -c "$*"; }

# ---------------------------------------------------------------- GoBGP
cat >"$DIR/gobgp.toml" <<EOF
[global.config]
  as = 65002
  router-id = "10.255.0.2"

[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.0.1"
    peer-as = 65001
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"

[[neighbors]]
  [neighbors.config]
    neighbor-address = "fd00::1"
    peer-as = 65001
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"

[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.1.1"
    peer-as = 65001
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"

[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.0.2.1"
    peer-as = 65098
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "l2vpn-evpn"
EOF
ip netns exec "$NSG" gobgpd -f "$DIR/gobgp.toml" --api-hosts 127.0.0.1:50051 >"$DIR/gobgpd.log" 2>&1 &
PIDS+=($!)
GOBGPD=$!
gb() { ip netns exec "$NSG" gobgp -u 127.0.0.1 -p 50051 "$@"; }

established() { gb neighbor "$1" | grep -qi "BGP state = established"; }
wait_for "IPv4 session" 60 established 10.0.0.1
wait_for "IPv6 session" 60 established fd00::1
log "sessions established"

# ---------------------------------------------------------------- GoBGP announcements
RD=10.255.0.2:100
RT=65002:100
NH=10.255.0.2
# GoBGP's CLI takes the argument list loosely: "nexthop X" must come before the route keyword
# and flag words (default-gateway, all-active) must not follow "encap" or end the line.
# GoBGP wants "nexthop X" before the route keyword (after "encap" it is taken as an encap argument)
A="gb global rib -a evpn add nexthop $NH"
$A macadv 02:00:00:00:bb:01 0.0.0.0 etag 0 label 100 rd $RD rt $RT encap vxlan
$A macadv 02:00:00:00:bb:02 192.168.100.30 etag 0 label 100 rd $RD rt $RT encap vxlan
$A macadv 02:00:00:00:bb:03 fd10::30 etag 0 label 100 rd $RD rt $RT encap vxlan
$A macadv 02:00:00:00:bb:04 192.168.100.40 etag 0 label 100,4000 rd $RD rt $RT encap vxlan \
    router-mac 02:00:00:00:cc:02
$A macadv 02:00:00:00:bb:05 192.168.100.254 etag 0 label 100 rd $RD rt $RT default-gateway \
    encap vxlan
$A multicast 10.255.0.2 etag 0 rd $RD rt $RT encap vxlan pmsi ingress-repl 100 10.255.0.2
$A prefix 192.168.200.0/24 gw 0.0.0.0 etag 0 label 4000 rd 10.255.0.2:4000 rt 65002:4000 encap vxlan \
    router-mac 02:00:00:00:cc:02
$A prefix 2001:db8:200::/64 gw :: etag 0 label 4000 rd 10.255.0.2:4000 rt 65002:4000 encap vxlan \
    router-mac 02:00:00:00:cc:02
$A a-d esi LACP 02:00:00:00:dd:01 1 etag 4294967295 label 0 rd $RD rt $RT esi-label 100 \
    encap vxlan
$A esi 10.255.0.2 esi LACP 02:00:00:00:dd:01 1 rd $RD encap vxlan

# ---------------------------------------------------------------- FRR local MACs
# a dynamic MAC (learned from traffic), its ARP and ND entries, and a static MAC + neighbours
ip netns exec "$NSH" ping -c 2 -W 1 192.168.100.1 >/dev/null || true
ip netns exec "$NSH" ping -6 -c 2 -W 1 fd10::1 >/dev/null || true
ip -n "$NSF" neigh replace 192.168.100.10 lladdr 02:00:00:00:aa:01 dev br100 nud reachable || true
ip -n "$NSF" neigh replace fd10::10 lladdr 02:00:00:00:aa:01 dev br100 nud reachable || true
bridge -n "$NSF" fdb add 02:00:00:00:aa:02 dev hp0 master static
ip -n "$NSF" neigh add 192.168.100.20 lladdr 02:00:00:00:aa:02 dev br100 nud permanent
ip -n "$NSF" neigh add fd10::20 lladdr 02:00:00:00:aa:02 dev br100 router nud permanent

frr_has() { vty "show bgp l2vpn evpn route type macip" | grep -q "$1"; }
wait_for "FRR local MAC+IPv4" 30 frr_has "02:00:00:00:aa:01\]:\[32\]"
wait_for "FRR local MAC+IPv6" 30 frr_has "02:00:00:00:aa:01\]:\[128\]"
wait_for "FRR static MAC+IPv4" 30 frr_has "02:00:00:00:aa:02\]:\[32\]"
gb_has() { gb global rib -a evpn | grep -q "$1"; }
wait_for "GoBGP to receive FRR's MAC" 30 gb_has "02:00:00:00:aa:02"
wait_for "FRR to receive GoBGP's MAC+IP with two labels" 30 frr_has "02:00:00:00:bb:04"

# ---------------------------------------------------------------- withdrawals
gb global rib -a evpn del macadv 02:00:00:00:bb:02 192.168.100.30 etag 0 label 100 rd $RD
bridge -n "$NSF" fdb del 02:00:00:00:aa:02 dev hp0 master static
gone() { ! frr_has "02:00:00:00:bb:02"; }
wait_for "FRR to see GoBGP's withdrawal" 30 gone
gb_gone() { ! gb_has "02:00:00:00:aa:02"; }
wait_for "GoBGP to see FRR's withdrawal" 30 gb_gone

# ---------------------------------------------------------------- MAC mobility (RFC 7432 s15)
# GoBGP claims FRR's host MAC; when the host talks again FRR re-learns it locally and must
# advertise it with a MAC Mobility community, sequence 1.
$A macadv 02:00:00:00:aa:01 0.0.0.0 etag 0 label 100 rd $RD rt $RT encap vxlan
frr_remote() { vty "show evpn mac vni 100 mac 02:00:00:00:aa:01" | grep -q "Remote VTEP"; }
wait_for "FRR to see the MAC move away" 20 frr_remote || true
ip netns exec "$NSH" ping -c 2 -W 1 192.168.100.1 >/dev/null || true
frr_mm() { vty "show bgp l2vpn evpn route type macip" | grep -q "MM:1"; }
wait_for "FRR to advertise MAC mobility seq 1" 20 frr_mm || log "no MAC mobility sequence seen"

# ---------------------------------------------------------------- wrong-AS sessions
nfy_frr() { grep -q "Bad Peer AS" <(vty "show bgp neighbors 10.0.1.2"); }
wait_for "FRR's NOTIFICATION 2/2" 60 nfy_frr || true
nfy_gb() { grep -q "as number mismatch" "$DIR/gobgpd.log"; }
wait_for "GoBGP's NOTIFICATION 2/2" 60 nfy_gb || true

vty "show bgp l2vpn evpn" >"$DIR/frr-evpn.txt" || true
gb global rib -a evpn >"$DIR/gobgp-evpn.txt" || true

# ---------------------------------------------------------------- what FRR 8.4 cannot take
# Both of these are valid (RFC 7432 s7.3 allows a 128-bit originator; RFC 6514 s5 an IPv6
# tunnel id), but FRR 8.4 resets the session for each, so they come last, one at a time.
# 1. Type-3 with an IPv6 originating router: "Rx EVPN Type-3 NLRI with unsupported IP address
#    length 128" -> NOTIFICATION 3/9.
$A multicast fd00:255::2 etag 0 rd 10.255.0.2:101 rt 65002:101 encap vxlan \
    pmsi ingress-repl 101 10.255.0.2
rejected() { grep -q "$1" "$DIR/frr.log"; }
wait_for "FRR to reject the IPv6 originator" 30 rejected "unsupported IP address length 128" || true
gb global rib -a evpn del multicast fd00:255::2 etag 0 rd 10.255.0.2:101
wait_for "IPv4 session again" 60 established 10.0.0.1
# 2. PMSI tunnel id = IPv6 VTEP: "Bad PMSI tunnel attribute length 21 for IR" -> NOTIFICATION 3/1.
$A multicast 10.255.0.2 etag 0 rd 10.255.0.2:102 rt 65002:102 encap vxlan \
    pmsi ingress-repl 102 fd00:255::2
wait_for "FRR to reject the IPv6 PMSI tunnel id" 30 rejected "Bad PMSI tunnel attribute length" || true
# dumpcap writes in blocks: wait until the last NOTIFICATION (3/1) is in the file before stopping it
in_pcap() { tshark -r "$PCAP" -Y "bgp.notify.major_error == 3 && bgp.notify.minor_error_update == 1" 2>/dev/null | grep -q .; }
wait_for "the 3/1 NOTIFICATION in the pcap" 30 in_pcap || true

# orderly stop: GoBGP sends NOTIFICATION Cease on its way out
kill "$GOBGPD"
wait "$GOBGPD" || true
kill -INT "$TSHARK"
wait "$TSHARK" || true
log "capture done: $PCAP"

python3 "$HERE/split_bgp.py" "$PCAP" "$OUT" 10.0.0.1 fd00::1 10.0.1.1 10.0.2.1
cp "$DIR/frr-evpn.txt" "$OUT/frr-evpn.txt" 2>/dev/null || true
cp "$DIR/gobgp-evpn.txt" "$OUT/gobgp-evpn.txt" 2>/dev/null || true
log "vectors written to $OUT"
