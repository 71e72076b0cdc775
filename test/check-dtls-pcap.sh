#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-wire-dtls: a simulated DTLS handshake written as pcap (handshake-loss, one
# sensor, one hop, no loss) must be dissected by tshark as DTLS 1.2: every handshake message
# type of the full PSK handshake with cookie, ChangeCipherSpec in both directions, DTLS 1.2
# record versions (DTLS 1.0 on the HelloVerifyRequest, as RFC 6347 asks), valid 802.15.4 FCS
# and no malformed packet or expert warning.
#
# usage: check-dtls-pcap.sh <handshake-loss binary> <scratch dir>
set -u
example=$1
scratch=$2
command -v tshark >/dev/null || { echo "tshark not found (./iotsec setup installs it)"; exit 1; }
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 1
"$example" --sensors=1 --hops=1 --frameLoss=0 --pcap=1 --results=r.json >run.out 2>&1 ||
    { echo "FAIL: the example failed"; cat run.out; exit 1; }
pcap=handshake-loss-0-1.pcap # the client's lr-wpan device: it hears both directions
[ -s "$pcap" ] || { echo "FAIL: no $pcap"; ls; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

types=$(tshark -r "$pcap" -Y dtls -T fields -e dtls.handshake.type 2>/dev/null | tr ',\n' '  ')
echo "handshake types: $types"
for t in 1 3 2 12 14 16; do
    echo " $types " | grep -q " $t " || fail "handshake type $t not dissected"
done
[ "$(echo " $types " | grep -o ' 1 ' | wc -l)" -ge 2 ] || fail "expected two ClientHellos"

content=$(tshark -r "$pcap" -Y dtls -T fields -e dtls.record.content_type 2>/dev/null | tr ',\n' '  ')
[ "$(echo " $content " | grep -o ' 20 ' | wc -l)" -ge 2 ] ||
    fail "ChangeCipherSpec not seen in both directions: $content"

versions=$(tshark -r "$pcap" -Y dtls -T fields -e dtls.record.version 2>/dev/null | tr ',\n' '  ')
for v in $versions; do
    [ "$v" = 0xfefd ] || [ "$v" = 0xfeff ] || fail "record version $v is not DTLS"
done
hvr=$(tshark -r "$pcap" -Y "dtls.handshake.type == 3" -T fields -e dtls.handshake.version 2>/dev/null)
[ "$hvr" = 0xfeff ] || fail "HelloVerifyRequest server_version $hvr, not DTLS 1.0 (0xfeff)"
suite=$(tshark -r "$pcap" -Y "dtls.handshake.type == 2" -T fields -e dtls.handshake.ciphersuite 2>/dev/null)
[ "$suite" = 0xc0a8 ] || fail "ServerHello cipher suite $suite, not TLS_PSK_WITH_AES_128_CCM_8"

frames=$(tshark -r "$pcap" 2>/dev/null | wc -l)
[ "$frames" -ge 12 ] || fail "only $frames frames in the capture"
bad=$(tshark -r "$pcap" -Y "_ws.malformed || _ws.expert.severity >= 0x00600000" 2>/dev/null | wc -l)
[ "$bad" = 0 ] || { fail "$bad frames are malformed or carry expert warnings";
    tshark -r "$pcap" -q -z expert 2>/dev/null | head -30; }

if [ "$failures" -gt 0 ]; then
    tshark -r "$pcap" 2>/dev/null | head -40
    exit 1
fi
echo "DTLS wire check: $frames frames, all dissected cleanly"
