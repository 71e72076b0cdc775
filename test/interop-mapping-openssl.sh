#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-interop-mapping-openssl: the TLS<->DTLS mapping of Brachmann et al. across real
# implementations on loopback. utils/mapping-proxy is the border router's TlsDtlsMapper on a
# TCP and a UDP socket; utils/dtls-probe is the node's DTLS server engine with the paper's
# extension (--accept-mapped-tls, no cookie exchange):
#   1. openssl s_client -tls1_2 -> mapping-proxy -> node: the handshake completes by the
#      node's second Finished check (TLS peer); data both ways
#   2. openssl s_client -dtls1_2 -> node directly: the first Finished check (DTLS peer)
#   3. a tampering proxy (ClientHello random changed, so the two sides derive different keys):
#      the client's Finished record authenticates under neither protocol's numbers, the node
#      reports an attack and sends a fatal bad_record_mac alert, which s_client reports
#
# usage: interop-mapping-openssl.sh <dtls-probe> <mapping-proxy> <scratch dir>
set -u
probe=$1
proxy=$2
scratch=$3
mkdir -p "$scratch"
command -v openssl >/dev/null || { echo "openssl not found (./iotsec setup installs it)"; exit 1; }

psk=00112233445566778899aabbccddeeff
identity=Client_identity
cipher=PSK-AES128-CCM8
pids=()
failures=0

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
}
trap cleanup EXIT INT TERM

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# Wait until a server's output says it is listening (up to 20 s: under the sanitizers and a
# loaded machine a probe takes a while to start), instead of sleeping a fixed second
ready() {
    for _ in $(seq 200); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

node_server() { # port, expect, output
    timeout 15 "$probe" --role=server --port="$1" --identity="$identity" --psk="$psk" \
        --hint=iotsec --once --no-cookie --accept-mapped-tls ${2:+--expect=$2} --timeout=12 \
        >"$3" 2>&1 &
}

# 1. TLS client through the mapping proxy
node_port=$(free_port)
proxy_port=$(free_port)
node_server "$node_port" ping-through "$scratch/1-node.out"
node_pid=$!
pids+=($node_pid)
timeout 15 "$proxy" --listen="$proxy_port" --node="127.0.0.1:$node_port" --once --timeout=12 \
    >"$scratch/1-proxy.out" 2>&1 &
proxy_pid=$!
pids+=($proxy_pid)
ready "$scratch/1-proxy.out" "TCP port" || fail "1: proxy did not start"
ready "$scratch/1-node.out" "listening on" || fail "1: node did not start"
(sleep 2; echo "ping-through"; sleep 3) |
    timeout 10 openssl s_client -tls1_2 -psk "$psk" -psk_identity "$identity" -cipher "$cipher" \
        -connect "127.0.0.1:$proxy_port" >"$scratch/1-client.out" 2>&1
wait "$node_pid"
rc=$?
wait "$proxy_pid"
proxy_rc=$?
[ "$rc" = 0 ] || fail "1: the node did not complete with s_client through the proxy (exit $rc)"
[ "$proxy_rc" = 0 ] || fail "1: the proxy reported a mapping failure (exit $proxy_rc)"
grep -q "handshake complete, 4 flights, 2 Finished checks (TLS peer)" "$scratch/1-node.out" ||
    fail "1: the node did not complete by the second Finished check"
grep -q "data from .*: ping-through" "$scratch/1-node.out" || fail "1: the node got no data"
grep -q "Cipher is PSK-AES128-CCM8" "$scratch/1-client.out" || fail "1: s_client did not complete"
grep -q "echo:ping-through" "$scratch/1-client.out" || fail "1: s_client got no reply"
grep -q "header state" "$scratch/1-proxy.out" || fail "1: the proxy did not report its state"

# 2. DTLS client straight to the node
node_port=$(free_port)
node_server "$node_port" ping-direct "$scratch/2-node.out"
node_pid=$!
pids+=($node_pid)
ready "$scratch/2-node.out" "listening on" || fail "2: node did not start"
(sleep 2; echo "ping-direct"; sleep 3) |
    timeout 10 openssl s_client -dtls1_2 -psk "$psk" -psk_identity "$identity" -cipher "$cipher" \
        -connect "127.0.0.1:$node_port" >"$scratch/2-client.out" 2>&1
wait "$node_pid"
rc=$?
[ "$rc" = 0 ] || fail "2: the node did not complete with s_client -dtls1_2 (exit $rc)"
grep -q "handshake complete, 4 flights, 1 Finished check (DTLS peer)" "$scratch/2-node.out" ||
    fail "2: the node did not complete by the first Finished check"
grep -q "echo:ping-direct" "$scratch/2-client.out" || fail "2: s_client got no reply"

# 3. a tampering proxy
node_port=$(free_port)
proxy_port=$(free_port)
node_server "$node_port" "" "$scratch/3-node.out"
node_pid=$!
pids+=($node_pid)
timeout 15 "$proxy" --listen="$proxy_port" --node="127.0.0.1:$node_port" --once --timeout=10 \
    --tamper=ClientRandom >"$scratch/3-proxy.out" 2>&1 &
pids+=($!)
ready "$scratch/3-proxy.out" "TCP port" || fail "3: proxy did not start"
ready "$scratch/3-node.out" "listening on" || fail "3: node did not start"
(sleep 3) | timeout 8 openssl s_client -tls1_2 -psk "$psk" -psk_identity "$identity" \
    -cipher "$cipher" -connect "127.0.0.1:$proxy_port" >"$scratch/3-client.out" 2>&1
client_rc=$?
wait "$node_pid"
rc=$?
[ "$rc" = 1 ] || fail "3: the node did not fail the tampered handshake (exit $rc)"
grep -q "attack detected" "$scratch/3-node.out" || fail "3: the node reported no attack"
grep -q "alert sent" "$scratch/3-node.out" || fail "3: the node sent no alert"
[ "$client_rc" != 0 ] || fail "3: s_client completed through a tampering proxy"
grep -qi "alert bad record mac" "$scratch/3-client.out" || fail "3: s_client did not see the alert"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed; outputs in $scratch"
    for f in "$scratch"/*.out; do echo "== $f"; tail -n 20 "$f"; done
    exit 1
fi
echo "TLS<->DTLS mapping across OpenSSL: all checks passed"
