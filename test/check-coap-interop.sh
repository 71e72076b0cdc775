#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-coap-interop-{client,server}: the iotsec CoAP engine (utils/coap-probe, the host
# binding of the same engine the simulations use) against libcoap 4.3 on loopback; with
# `coaps`, ctest iotsec-coaps-interop-{client,server}: CoAP over the DTLS engine (DTLS 1.2, PSK,
# TLS_PSK_WITH_AES_128_CCM_8) against libcoap built with OpenSSL.
#
# usage: check-coap-interop.sh client|server <coap-probe> <scratch dir> [coap|coaps]
#   client: coap-probe as a client of libcoap's coap-server-notls (coap-server-openssl, whose
#           coaps port is its port + 1): discovery, GET, Observe (>= 2 notifications), Block1
#           PUT of 1536 bytes and its Block2 GET back in 64-byte blocks. coaps: all of it in ONE
#           DTLS session, seen from both ends (the probe completes exactly one full handshake,
#           libcoap logs exactly one new DTLS session, closed by the probe's close_notify); then
#           a wrong PSK fails the handshake, and an unreachable server and malformed options
#           are reported with a non-zero status.
#   server: libcoap's coap-client-notls (coap-client-openssl) against coap-probe's server: the
#           same operations and three GETs in one run (-G 3). coap-client makes one request (or
#           one repeated request, one observation, one block-wise transfer) per run, and opens a
#           DTLS session per run: coaps asserts that every run costs the probe exactly one full
#           handshake (never one per request or per block), and that a wrong PSK is refused.
# libcoap takes the PSK as text, the probe in hex: the same key is given both ways. libcoap's
# OpenSSL back end asks for the cipher list "PSK:!NULL", which with OpenSSL 3.0 contains
# PSK-AES128-CCM8, the one suite the DTLS engine offers: nothing needs configuring.
# Real processes on 127.0.0.1 with unique ports; every command is bounded in time; background
# processes are killed on any exit.
set -uo pipefail

direction=${1:?usage: check-coap-interop.sh client|server PROBE SCRATCH [coap|coaps]}
probe=${2:?coap-probe path}
scratch=${3:?scratch dir}
scheme=${4:-coap}
name=iotsec-$scheme-interop-$direction
mkdir -p "$scratch"
work=$(mktemp -d "$scratch/$scheme-interop-$direction.XXXXXX")
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
    echo "$name: FAILED: $*" >&2
    for f in "$work"/*.log; do
        [ -f "$f" ] && { echo "--- $f"; tail -n 40 "$f"; } >&2
    done
    exit 1
}

identity=iotsec-probe
key=iotsec-coaps-key
hex() { printf %s "$1" | od -An -tx1 | tr -d ' \n'; }
case "$scheme" in
coap) tls=notls probe_args=() ;;
coaps) tls=openssl probe_args=(--coaps --identity "$identity" --key "$(hex "$key")") ;;
*) fail "unknown scheme $scheme" ;;
esac
for tool in coap-server-$tls coap-client-$tls coap-client-notls; do
    command -v "$tool" >/dev/null || fail "$tool not found (Debian package libcoap3-bin; ./iotsec setup installs it)"
done
[ -x "$probe" ] || fail "no probe at $probe"

# A UDP port whose successor is free too, for UDP and TCP (libcoap's servers listen on PORT for
# coap and coap+tcp and, with (D)TLS, on PORT+1 for coaps and coaps+tcp)
free_port() {
    /usr/bin/python3 - <<'EOF'
import socket
for _ in range(200):
    first = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    first.bind(("127.0.0.1", 0))
    port = first.getsockname()[1]
    held = [first]
    try:
        for p, kind in ((port, socket.SOCK_STREAM), (port + 1, socket.SOCK_DGRAM),
                        (port + 1, socket.SOCK_STREAM)):
            s = socket.socket(socket.AF_INET, kind)
            held.append(s)
            s.bind(("127.0.0.1", p))
        print(port)
        break
    except (OSError, OverflowError):
        continue
    finally:
        for s in held:
            s.close()
EOF
}
port=$(free_port)
[ -n "$port" ] || fail "no free UDP port"

case "$direction" in
client)
    if [ "$scheme" = coaps ]; then
        coap-server-openssl -A 127.0.0.1 -p "$port" -k "$key" -h iotsec -v 7 \
            >"$work/libcoap-server.log" 2>&1 &
        target=127.0.0.1:$((port + 1))
    else
        coap-server-notls -A 127.0.0.1 -p "$port" -v 3 >"$work/libcoap-server.log" 2>&1 &
        target=127.0.0.1:$port
    fi
    pids+=($!)
    # Ready when it answers plain CoAP on PORT (a coaps request would add a DTLS session)
    for _ in $(seq 50); do
        timeout 5 coap-client-notls -B 2 -m get "coap://127.0.0.1:$port/" >/dev/null 2>&1 && break
        sleep 0.1
    done
    out="$work/probe.log"
    timeout 60 "$probe" client "${probe_args[@]}" --server "$target" --timeout 50 \
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
    if [ "$scheme" = coaps ]; then
        # One DTLS session for all of it, seen from both ends
        handshakes=$(grep -c '^DTLS handshake full ' "$out")
        [ "$handshakes" = 1 ] || fail "the probe completed $handshakes full DTLS handshakes, not 1"
        grep -q '^DTLS handshakes full=1 resumed=0$' "$out" || fail "the probe's count is not full=1 resumed=0"
        sessions=$(grep -c 'DTLS: session .*new incoming session' "$work/libcoap-server.log")
        [ "$sessions" = 1 ] || fail "coap-server-openssl saw $sessions DTLS sessions, not 1"
        grep -q 'alert read:warning:close notify' "$work/libcoap-server.log" ||
            fail "coap-server-openssl got no close_notify from the probe"
        # A wrong PSK: OpenSSL drops the Finished it cannot authenticate, the probe gives up
        timeout 20 "$probe" client --coaps --identity "$identity" --key "$(hex not-the-key)" \
            --server "$target" --timeout 2 get /time >"$work/wrong-key.log" 2>&1
        status=$?
        [ "$status" = 1 ] || fail "a wrong PSK: coap-probe exited with $status, not 1"
        grep -q '^FAILED dtls-handshake: ' "$work/wrong-key.log" || fail "a wrong PSK: no handshake failure reported"
        grep -q '^DTLS handshake full ' "$work/wrong-key.log" && fail "a wrong PSK completed a handshake"
        # Nobody on the port: the ICMP error ends the handshake at once
        timeout 20 "$probe" client "${probe_args[@]}" --server "127.0.0.1:$(free_port)" \
            --timeout 10 get /time >"$work/unreachable.log" 2>&1
        status=$?
        [ "$status" = 1 ] || fail "an unreachable server: coap-probe exited with $status, not 1"
        grep -q '^FAILED dtls-handshake: .*unreachable' "$work/unreachable.log" ||
            fail "an unreachable server is not reported as unreachable"
        # Malformed options: usage errors (status 2) with a message
        for bad in "--key xyz" "--identity"; do
            # shellcheck disable=SC2086 # the option and its value are meant to split
            timeout 5 "$probe" client "${probe_args[@]}" --server "$target" get /time $bad \
                >"$work/usage.log" 2>&1
            status=$?
            [ "$status" = 2 ] || fail "'$bad': coap-probe exited with $status, not 2"
            grep -q '^coap-probe: ' "$work/usage.log" || fail "'$bad': no error message"
        done
    fi
    ;;
server)
    "$probe" server "${probe_args[@]}" --address 127.0.0.1 --port "$port" --duration 60 \
        --period 0.5 -v >"$work/probe-server.log" 2>"$work/probe-events.log" &
    pids+=($!)
    for _ in $(seq 50); do
        grep -q "^LISTENING $scheme " "$work/probe-server.log" 2>/dev/null && break
        sleep 0.1
    done
    url="$scheme://127.0.0.1:$port"
    handshakes() { grep -c '^DTLS handshake full ' "$work/probe-server.log"; }
    # One run of libcoap's client; with coaps, it must cost exactly one full handshake
    client() {
        local before after
        if [ "$scheme" = coap ]; then
            timeout 15 coap-client-notls -B 10 "$@"
            return
        fi
        before=$(handshakes)
        timeout 15 coap-client-openssl -B 10 -k "$key" -u "$identity" "$@" || return 1
        after=$(handshakes)
        [ $((after - before)) = 1 ] || {
            echo "$name: coap-client-openssl $* cost $((after - before)) full DTLS handshakes, not 1" >&2
            return 1
        }
    }
    requests() { grep -c "REQUEST_RECEIVED .* $1" "$work/probe-events.log"; }
    core=$(client -m get "$url/.well-known/core") || fail "discovery request"
    echo "discovery: $core"
    [[ "$core" == *'</temp>;ct=0;rt="temperature";obs'* ]] || fail "discovery: $core"
    before=$(requests /hello)
    hello=$(client -G 3 -m get "$url/hello") || fail "GET /hello"
    [ "$hello" = "Hello from iotsecHello from iotsecHello from iotsec" ] ||
        fail "three GET /hello returned '$hello'"
    [ $(($(requests /hello) - before)) = 3 ] || fail "the server did not get three GET /hello"
    client -m put -e on "$url/lights/3" || fail "PUT /lights/3"
    light=$(client -m get "$url/lights/3") || fail "GET /lights/3"
    [ "$light" = "on" ] || fail "GET /lights/3 returned '$light' after PUT on"
    notes=$(client -s 3 -m get "$url/temp") || fail "observe /temp"
    echo "observe: $notes"
    [ "$(grep -o ' C' <<<"$notes" | wc -l)" -ge 2 ] || fail "fewer than 2 notifications: $notes"
    before=$(requests /large)
    client -b 64 -m get "$url/large" >"$work/large-64.txt" || fail "Block2 GET"
    after=$(requests /large)
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
    if [ "$scheme" = coaps ]; then
        grep -q '^DTLS handshake resumed ' "$work/probe-server.log" && fail "a handshake was resumed"
        # A wrong PSK: the probe fails the handshake (bad_record_mac) and serves nothing
        before=$(handshakes)
        reply=$(timeout 15 coap-client-openssl -B 5 -k not-the-key -u "$identity" -m get \
            "$url/hello" 2>&1)
        [[ "$reply" == *"Hello from iotsec"* ]] && fail "a wrong PSK got an answer"
        [ "$(handshakes)" = "$before" ] || fail "a wrong PSK completed a handshake"
        grep -q '^DTLS handshake failed peer=' "$work/probe-server.log" ||
            fail "a wrong PSK: no handshake failure reported"
    fi
    ;;
*)
    fail "unknown direction $direction"
    ;;
esac
echo "$name: passed"
