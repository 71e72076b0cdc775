#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-coap-interop-{client,server}: the iotsec CoAP engine (utils/coap-probe, the host
# binding of the same engine the simulations use) against libcoap 4.3 on loopback.
#
# usage: check-coap-interop.sh client|server <coap-probe> <scratch dir>
#   client: coap-probe as a client of libcoap's coap-server-notls: discovery, GET, PUT,
#           Observe (>= 2 notifications), Block1 PUT of 1536 bytes and its Block2 GET back in
#           64-byte blocks
#   server: libcoap's coap-client-notls against coap-probe's server: the same operations
# Real processes on 127.0.0.1 with unique ports; every command is bounded in time; background
# processes are killed on any exit.
set -uo pipefail

direction=${1:?usage: check-coap-interop.sh client|server PROBE SCRATCH}
probe=${2:?coap-probe path}
scratch=${3:?scratch dir}
mkdir -p "$scratch"
work=$(mktemp -d "$scratch/interop-$direction.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
    echo "iotsec-coap-interop-$direction: FAILED: $*" >&2
    for f in "$work"/*.log; do
        [ -f "$f" ] && { echo "--- $f"; tail -n 40 "$f"; } >&2
    done
    exit 1
}

for tool in coap-server-notls coap-client-notls; do
    command -v "$tool" >/dev/null || fail "$tool not found (Debian package libcoap3-bin; ./iotsec setup installs it)"
done
[ -x "$probe" ] || fail "no probe at $probe"

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port) || fail "no free UDP port"
url="coap://127.0.0.1:$port"
client() { timeout 15 coap-client-notls -B 10 "$@"; }

case "$direction" in
client)
    coap-server-notls -A 127.0.0.1 -p "$port" -v 3 >"$work/libcoap-server.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
        client -m get "$url/" >/dev/null 2>&1 && break
        sleep 0.1
    done
    out="$work/probe.log"
    timeout 60 "$probe" client --server "127.0.0.1:$port" --timeout 50 \
        discover get /time put /example_data @1536/x getblock /example_data 64 expect @1536 \
        get /example_data expect @1536 observe /time 3 >"$out" 2>&1
    status=$?
    cat "$out"
    [ "$status" = 0 ] || fail "coap-probe exited with $status"
    grep -q '^OK discover code=2.05' "$out" || fail "discovery"
    grep -q '^LINK /time obs$' "$out" || fail "/time not discovered as observable"
    grep -q '^OK get /time code=2.05' "$out" || fail "GET /time"
    grep -Eq '^OK put /example_data code=2.0[14] .*blocks=2 ' "$out" || fail "Block1 PUT of 1536 bytes in 2 blocks"
    grep -q '^OK getblock /example_data code=2.05 bytes=1536 blocks=24 ' "$out" ||
        fail "Block2 GET of 1536 bytes in 24 blocks of 64"
    [ "$(grep -c '^EXPECT ok' "$out")" = 2 ] || fail "representation read back"
    [ "$(grep -c '^NOTIFY observe /time' "$out")" -ge 2 ] || fail "fewer than 2 notifications"
    grep -q '^OK observe /time code=2.05 .*notifications=[3-9]' "$out" || fail "observe/deregister"
    ;;
server)
    "$probe" server --address 127.0.0.1 --port "$port" --duration 60 --period 0.5 -v \
        >"$work/probe-server.log" 2>"$work/probe-events.log" &
    pids+=($!)
    for _ in $(seq 50); do
        grep -q LISTENING "$work/probe-server.log" 2>/dev/null && break
        sleep 0.1
    done
    core=$(client -m get "$url/.well-known/core") || fail "discovery request"
    echo "discovery: $core"
    [[ "$core" == *'</temp>;ct=0;rt="temperature";obs'* ]] || fail "discovery: $core"
    hello=$(client -m get "$url/hello") || fail "GET /hello"
    [ "$hello" = "Hello from iotsec" ] || fail "GET /hello returned '$hello'"
    client -m put -e on "$url/lights/3" || fail "PUT /lights/3"
    light=$(client -m get "$url/lights/3") || fail "GET /lights/3"
    [ "$light" = "on" ] || fail "GET /lights/3 returned '$light' after PUT on"
    notes=$(timeout 15 coap-client-notls -s 3 -m get "$url/temp") || fail "observe /temp"
    echo "observe: $notes"
    [ "$(grep -o ' C' <<<"$notes" | wc -l)" -ge 2 ] || fail "fewer than 2 notifications: $notes"
    before=$(grep -c 'REQUEST_RECEIVED .* /large' "$work/probe-events.log")
    client -b 64 -m get "$url/large" >"$work/large-64.txt" || fail "Block2 GET"
    after=$(grep -c 'REQUEST_RECEIVED .* /large' "$work/probe-events.log")
    size=$(tr -d '\n' <"$work/large-64.txt" | wc -c)
    [ "$size" = 1500 ] || fail "Block2 GET returned $size bytes, not 1500"
    [ $((after - before)) = 24 ] || fail "Block2 GET took $((after - before)) requests, not 24"
    client -m get "$url/large" >"$work/large.txt" || fail "GET /large"
    cmp -s "$work/large.txt" "$work/large-64.txt" || fail "64-byte blocks and 1024-byte blocks differ"
    head -c 1200 /dev/urandom | base64 -w0 | head -c 1600 >"$work/upload.txt"
    client -m put -b 128 -f "$work/upload.txt" "$url/large" || fail "Block1 PUT"
    grep -q '^PUT /large bytes=1600$' "$work/probe-server.log" || fail "server did not reassemble 1600 bytes"
    client -m get "$url/large" | tr -d '\n' >"$work/back.txt" || fail "GET after PUT"
    cmp -s "$work/upload.txt" "$work/back.txt" || fail "PUT then GET: representation differs"
    ;;
*)
    fail "unknown direction $direction"
    ;;
esac
echo "iotsec-coap-interop-$direction: passed"
