#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-oscore-pcap: the OSCORE that coap-floor --security=object puts on the 802.15.4
# air is real OSCORE (RFC 8613). Runs coap-floor with object security and --pcap=1, then has
# tshark dissect the captures:
#  * without keys: every request is a POST or FETCH and every success a 2.04 or 2.05 carrying
#    the OSCORE option; no Uri-Path is visible;
#  * with the OSCORE context given to Wireshark (its "oscore_contexts" table), Wireshark's own
#    AES-CCM decrypts and verifies the messages: the inner methods, paths and codes are the
#    script's, the Observe notifications decrypt, and no packet is malformed or draws an
#    expert warning or error, but one known exception: Wireshark 4.0 binds an OSCORE response
#    to the FIRST request that used its token, so the response to an Observe deregistration
#    (which must reuse the registration's token, RFC 7641 section 3.6) fails its tag check in
#    Wireshark only; the run's own verification (securedResponses) covers it.
#
# usage: check-oscore-pcap.sh <coap-floor binary> <scratch dir>
set -uo pipefail

example=${1:?usage: check-oscore-pcap.sh COAP_FLOOR SCRATCH}
scratch=${2:?scratch dir}
mkdir -p "$scratch"
work=$(mktemp -d "$scratch/oscore-pcap.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
    echo "iotsec-oscore-pcap: FAILED: $*" >&2
    exit 1
}
command -v tshark >/dev/null || fail "tshark not found (./iotsec setup installs it)"

nodes=4
psk=8899aabbccddeeff0011223344556677
timeout 120 "$example" --nodes=$nodes --pcap=1 --pcapPrefix="$work/cf" --security=object --psk=$psk \
    --script="GET /.well-known/core; PUT /lights/3 on; GET /lights/3; OBSERVE /temp 25s; GET /large; PUT /large @200" \
    --results="$work/run.json" || fail "coap-floor failed"
/usr/bin/python3 - "$work/run.json" <<'PY' || fail "not every OSCORE request of the run succeeded and verified"
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
print("coap-floor object: %d of %d requests succeeded, %d responses verified, %d AES-CCM operations, "
      "%d rejected, codes %s" % (m["requestsSucceeded"], m["requests"], m["securedResponses"],
                                 m["aesCcmOps"], m["securityRejected"], m["stepCodes"]))
ok = (m["requests"] == 6 and m["requestsSucceeded"] == 6 and m["securedResponses"] == 6
      and m["securityRejected"] == 0 and m["aesCcmOps"] > 0)
sys.exit(0 if ok else 1)
PY
client="$work/cf-0-1.pcap"
server="$work/cf-$((nodes - 1))-1.pcap"
[ -s "$client" ] && [ -s "$server" ] || fail "no pcap written"

# Wireshark's OSCORE context, seen from the client: Sender ID "", Recipient ID 01
uat="uat:oscore_contexts:\"\",\"01\",\"$psk\",\"\",\"\",\"AES-CCM-16-64-128 (CCM*)\""
own='ipv6.hlim == 64' # frames the capturing node originated (relays decrement the hop limit)
count() { tshark -r "$1" -Y "$2" 2>/dev/null | wc -l; }

# Without keys: only outer codes, the OSCORE option and ciphertext
requests=$(count "$client" "coap && $own && coap.code >= 1 && coap.code <= 31")
[ "$requests" -ge 20 ] || fail "only $requests requests in the client's capture"
[ "$(count "$client" "coap && $own && coap.code >= 1 && coap.code <= 31 && coap.opt.name contains \"OSCORE\"")" = "$requests" ] ||
    fail "a request without OSCORE option"
[ "$(count "$client" "coap && $own && coap.code >= 1 && coap.code <= 31 && coap.code != 2 && coap.code != 5")" = 0 ] ||
    fail "an outer request code other than POST and FETCH"
successes=$(count "$server" "coap && $own && coap.code >= 64 && coap.code < 96")
[ "$(count "$server" "coap && $own && coap.code >= 64 && coap.code < 96 && coap.opt.name contains \"OSCORE\"")" = "$successes" ] ||
    fail "a success response without OSCORE option"
[ "$(count "$server" "coap && $own && coap.code >= 64 && coap.code < 96 && coap.code != 68 && coap.code != 69")" = 0 ] ||
    fail "an outer response code other than 2.04 and 2.05"
for pcap in "$work"/cf-*.pcap; do
    [ "$(count "$pcap" "coap.opt.uri_path")" = 0 ] || fail "a Uri-Path in clear in $(basename "$pcap")"
done

# With keys: Wireshark decrypts the script (inner code, Uri-Path)
inner=$(tshark -r "$client" -o "$uat" -Y "oscore && $own && coap.code <= 31" -T fields -E separator=' ' \
    -e oscore.code -e oscore.opt.uri_path 2>/dev/null | sort | uniq -c)
echo "client's requests decrypted by Wireshark (count, inner code, Uri-Path):"
echo "$inner"
has() { grep -Eq -- "$2" <<<"$1" || fail "$3 (no line matching '$2')"; }
has "$inner" " 1 \.well-known,core$" "discovery GET"
has "$inner" " 3 lights,3$" "PUT /lights/3"
has "$inner" " 1 lights,3$" "GET /lights/3"
has "$inner" " 1 temp$" "GET /temp (Observe)"
has "$inner" " 1 large$" "GET /large (Block2, each block protected)"
has "$inner" " 3 large$" "PUT /large (Block1, each block protected)"
codes=$(tshark -r "$server" -o "$uat" -Y "oscore && $own && coap.code >= 64" -T fields -E separator=' ' \
    -e coap.code -e oscore.code 2>/dev/null | sort | uniq -c)
echo "server's responses decrypted by Wireshark (count, outer code, inner code):"
echo "$codes"
has "$codes" " 68 69$" "2.05 Content inside 2.04"
has "$codes" " 68 68$" "2.04 Changed inside 2.04"
has "$codes" " 69 69$" "notifications: 2.05 inside 2.05 with Observe"

# No malformed packet; expert warnings only for the known Wireshark limitation
for pcap in "$work"/cf-*.pcap; do
    [ "$(count "$pcap" "_ws.malformed")" = 0 ] || fail "malformed packets in $(basename "$pcap")"
    [ "$(tshark -r "$pcap" -o "$uat" -Y "_ws.expert.severity >= 8388608" 2>/dev/null | wc -l)" = 0 ] ||
        fail "expert errors in $(basename "$pcap")"
    observe_tokens=$(tshark -r "$pcap" -Y "coap.code == 5" -T fields -e coap.token 2>/dev/null | sort -u)
    warned=$(tshark -r "$pcap" -o "$uat" -Y "_ws.expert.severity >= 6291456" -T fields -E separator=' ' \
        -e frame.number -e coap.code -e coap.token -e _ws.expert.message 2>/dev/null)
    while read -r frame code token message; do
        [ -n "$frame" ] || continue
        if [ "$code" = 68 ] && [ "$message" = "Authentication tag check failed" ] &&
            grep -qx -- "$token" <<<"$observe_tokens"; then
            echo "$(basename "$pcap") frame $frame: Observe deregistration response (Wireshark binds it to the registration)"
            continue
        fi
        fail "expert warning in $(basename "$pcap") frame $frame: code $code token $token: $message"
    done <<<"$warned"
done
echo "iotsec-oscore-pcap: passed"
