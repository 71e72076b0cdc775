#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-coap-pcap: the CoAP that coap-floor puts on the 802.15.4 air is real CoAP.
# Runs coap-floor with --pcap=1 and has tshark dissect the client's and the server's captures
# (802.15.4 with FCS, 6LoWPAN, IPv6, UDP, CoAP): the requests carry the right methods and
# Uri-Path, the responses the right codes, and tshark reports no malformed packet and no
# expert warning or error (bad FCS, bad UDP checksum, ...).
#
# usage: check-coap-pcap.sh <coap-floor binary> <scratch dir>
set -uo pipefail

example=${1:?usage: check-coap-pcap.sh COAP_FLOOR SCRATCH}
scratch=${2:?scratch dir}
mkdir -p "$scratch"
work=$(mktemp -d "$scratch/coap-pcap.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
    echo "iotsec-coap-pcap: FAILED: $*" >&2
    exit 1
}
command -v tshark >/dev/null || fail "tshark not found (./iotsec setup installs it)"

nodes=4
timeout 120 "$example" --nodes=$nodes --pcap=1 --pcapPrefix="$work/cf" \
    --script="GET /.well-known/core; PUT /lights/3 on; GET /lights/3; OBSERVE /temp 25s; GET /large; PUT /large @200" \
    --results="$work/run.json" || fail "coap-floor failed"
/usr/bin/python3 - "$work/run.json" <<'PY' || fail "not every CoAP request of the run succeeded"
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
print("coap-floor: %d of %d requests succeeded, codes %s" % (m["requestsSucceeded"], m["requests"], m["stepCodes"]))
sys.exit(0 if m["requests"] == 6 and m["requestsSucceeded"] == m["requests"] else 1)
PY
client="$work/cf-0-1.pcap"
server="$work/cf-$((nodes - 1))-1.pcap"
[ -s "$client" ] && [ -s "$server" ] || fail "no pcap written"

# A node's capture holds every frame it hears (LlnHelper::EnablePcap is promiscuous); frames
# the node itself originated still carry the initial hop limit 64 (relays decrement it).
own='ipv6.hlim == 64'
fields() {
    tshark -r "$1" -Y "coap && $own" -T fields -E separator=' ' -e coap.type -e coap.code -e coap.opt.uri_path \
        2>/dev/null | sed 's/ *$//'
}
requests=$(fields "$client") || fail "tshark could not read $client"
responses=$(fields "$server") || fail "tshark could not read $server"
echo "client capture (type code uri-path):"
echo "$requests" | sort | uniq -c
echo "server capture (type code):"
echo "$responses" | sort | uniq -c

# CoAP types: 0 CON, 2 ACK; codes: 1 GET, 3 PUT, 68 2.04, 69 2.05
has() { grep -qx -- "$2" <<<"$1" || fail "$3 (no line '$2')"; }
has "$requests" "0 1 .well-known,core" "discovery GET"
has "$requests" "0 3 lights,3" "PUT /lights/3"
has "$requests" "0 1 lights,3" "GET /lights/3"
has "$requests" "0 1 temp" "GET /temp (Observe registration and deregistration)"
has "$requests" "0 1 large" "GET /large (Block2)"
has "$responses" "2 68" "2.04 Changed piggybacked in an ACK"
has "$responses" "2 69" "2.05 Content piggybacked in an ACK"
has "$responses" "0 69" "confirmable Observe notifications (2.05 in CON)"
# The server's Observe values (registration response, then notifications) strictly increase
observe=$(tshark -r "$server" -Y "coap.code == 69 && coap.opt.observe && $own" -T fields -e coap.opt.observe \
    2>/dev/null)
[ "$(wc -l <<<"$observe")" -ge 3 ] || fail "fewer than 3 responses with an Observe option"
awk 'NR > 1 && $1 <= prev { bad = 1 } { prev = $1 } END { exit bad }' <<<"$observe" ||
    fail "Observe values do not increase: $(tr '\n' ' ' <<<"$observe")"
block2=$(tshark -r "$server" -Y "coap.opt.block_number && coap.code == 69 && $own" 2>/dev/null |
    wc -l)
[ "$block2" -ge 16 ] || fail "only $block2 Block2 responses for 1024 bytes in 64-byte blocks"

# The Block1 PUT of 200 bytes: 4 blocks of 64, the first with Size1 200 (options 27 and 60
# use the extended delta forms)
block1=$(tshark -r "$client" -Y "coap.code == 3 && coap.opt.block_number && $own" 2>/dev/null |
    wc -l)
[ "$block1" -ge 4 ] || fail "only $block1 Block1 PUT messages for 200 bytes in 64-byte blocks"
size1=$(tshark -r "$client" -Y "coap.code == 3 && coap.opt.size1 == 200 && $own" 2>/dev/null |
    wc -l)
[ "$size1" -ge 1 ] || fail "no Block1 PUT with Size1 200"
has "$requests" "0 3 large" "PUT /large (Block1)"

for pcap in "$work"/cf-*.pcap; do
    expert=$(tshark -r "$pcap" -q -z expert 2>/dev/null) || fail "tshark -z expert on $pcap"
    if grep -Eq '^(Errors|Warns) \(' <<<"$expert"; then
        echo "$expert" >&2
        fail "tshark reports errors or warnings in $(basename "$pcap")"
    fi
    malformed=$(tshark -r "$pcap" -Y '_ws.malformed' 2>/dev/null | wc -l)
    [ "$malformed" = 0 ] || fail "$malformed malformed packets in $(basename "$pcap")"
done
echo "iotsec-coap-pcap: passed"
