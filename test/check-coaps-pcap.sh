#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-coaps-pcap: coaps:// across the border router. building-automation in mode
# dtls-1n on one floor of two lights: a client on the Internet side runs a DTLS handshake with
# each 802.15.4 light and sends its CoAP PUTs as DTLS application data. tshark must dissect,
# in the 802.15.4 pcap, the PSK handshake and application-data records (content type 23) in
# both directions between the client (outside the LLN's prefix, so through the 6LBR) and
# each light, no CoAP in plaintext, valid FCS, and nothing malformed.
#
# usage: check-coaps-pcap.sh <building-automation binary> <scratch dir>
set -u
example=$1
scratch=$2
command -v tshark >/dev/null || { echo "tshark not found (./iotsec setup installs it)"; exit 1; }
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 1
"$example" --mode=dtls-1n --floors=1 --lightsPerFloor=2 --commandFloors=1 --commands=2 \
    --duration=40s --pcap=1 --results=r.json >run.out 2>&1 ||
    { echo "FAIL: the example failed"; cat run.out; exit 1; }
pcap=$(ls -S building-automation-dtls-1n-*.pcap 2>/dev/null | head -1) # the busiest node
[ -n "$pcap" ] && [ -s "$pcap" ] || { echo "FAIL: no pcap"; ls; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

types=$(tshark -r "$pcap" -Y dtls -T fields -e dtls.handshake.type 2>/dev/null | tr ',\n' '  ')
for t in 1 3 2 14 16; do
    echo " $types " | grep -q " $t " || fail "handshake type $t not dissected"
done

# Application data between the client and each light, both ways
lights=$(tshark -r "$pcap" -Y "dtls.record.content_type == 23" -T fields -e ipv6.src -e ipv6.dst \
    2>/dev/null | sort -u)
echo "application-data flows:"
echo "$lights"
client=$(tshark -r "$pcap" -Y "dtls.handshake.type == 1" -T fields -e ipv6.src 2>/dev/null | head -1)
[ -n "$client" ] || fail "no ClientHello source"
llnPrefix=$(tshark -r "$pcap" -Y "dtls.handshake.type == 3" -T fields -e ipv6.src 2>/dev/null |
    head -1 | cut -d: -f1-2)
case "$client" in
"$llnPrefix":*) fail "the client $client is inside the LLN prefix $llnPrefix::" ;;
esac
n=0
for light in $(tshark -r "$pcap" -Y "dtls.handshake.type == 3" -T fields -e ipv6.src 2>/dev/null | sort -u); do
    n=$((n + 1))
    echo "$lights" | grep -q "^$client	$light$" || fail "no application data from the client to $light"
    echo "$lights" | grep -q "^$light	$client$" || fail "no application data from $light to the client"
done
[ "$n" = 2 ] || fail "expected handshakes with 2 lights, saw $n"

coap=$(tshark -r "$pcap" -Y coap 2>/dev/null | wc -l)
[ "$coap" = 0 ] || fail "$coap frames carry CoAP in plaintext"
ports=$(tshark -r "$pcap" -Y dtls -T fields -e udp.dstport -e udp.srcport 2>/dev/null | tr '\t' '\n' |
    grep -c '^5684$')
[ "$ports" -gt 0 ] || fail "no DTLS on port 5684"
fcs=$(tshark -r "$pcap" -T fields -e wpan.fcs_ok 2>/dev/null | sort -u | tr '\n' ' ')
[ "$fcs" = "1 " ] || fail "802.15.4 FCS not all valid: '$fcs'"
bad=$(tshark -r "$pcap" -Y "_ws.malformed || _ws.expert.severity >= 0x00600000" 2>/dev/null) ||
    fail "tshark rejected the malformed-frame filter"
bad=$(printf '%s' "$bad" | grep -c .)
[ "$bad" = 0 ] || { fail "$bad frames are malformed, carry expert warnings or a bad FCS";
    tshark -r "$pcap" -q -z expert 2>/dev/null | head -30; }

if [ "$failures" -gt 0 ]; then
    tshark -r "$pcap" 2>/dev/null | head -40
    exit 1
fi
echo "coaps wire check: $pcap, handshakes and application data with $n lights across the 6LBR"
