#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-interop-dtls-openssl: iotsec's DTLS engine (through utils/dtls-probe, its host
# binding) against OpenSSL's DTLS 1.2 on loopback, TLS_PSK_WITH_AES_128_CCM_8, both roles:
#   1. probe client  -> openssl s_server : handshake, data both ways
#   2. openssl s_client -> probe server  : handshake, data both ways
#   3. probe client  -> s_server, session resumption (s_server reports "Reused session-id")
#   4. wrong PSK, probe client -> s_server: the probe's handshake fails; s_server never
#      completes one (OpenSSL's DTLS server silently drops records that fail authentication,
#      so the client gives up after its retransmissions)
#   5. wrong PSK, s_client -> probe server: the probe sends a fatal bad_record_mac alert and
#      fails; s_client reports the alert
#
# usage: interop-dtls-openssl.sh <dtls-probe binary> <scratch dir>
set -u
probe=$1
scratch=$2
mkdir -p "$scratch"
command -v openssl >/dev/null || { echo "openssl not found (./iotsec setup installs it)"; exit 1; }

psk=00112233445566778899aabbccddeeff
bad=ffeeddccbbaa99887766554433221100
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
    /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# 1. probe client -> s_server
port=$(free_port)
(sleep 3; echo "hello-from-openssl"; sleep 6) |
    timeout 15 openssl s_server -dtls1_2 -nocert -psk "$psk" -psk_hint iotsec -cipher "$cipher" \
        -accept "$port" >"$scratch/1-server.out" 2>&1 &
pids+=($!)
ready "$scratch/1-server.out" "ACCEPT" || fail "1: server did not start"
timeout 20 "$probe" --role=client --port="$port" --identity="$identity" --psk="$psk" \
    --send=hello-from-iotsec --expect=hello-from-openssl --timeout=12 >"$scratch/1-probe.out" 2>&1
rc=$?
sleep 1
[ "$rc" = 0 ] || fail "1: the probe client did not complete against s_server (exit $rc)"
grep -q "handshake complete, 6 flights" "$scratch/1-probe.out" || fail "1: no 6-flight handshake"
grep -q "data: hello-from-openssl" "$scratch/1-probe.out" || fail "1: no data from s_server"
grep -q "CIPHER is PSK-AES128-CCM8" "$scratch/1-server.out" || fail "1: s_server did not complete"
grep -q "hello-from-iotsec" "$scratch/1-server.out" || fail "1: s_server got no data"

# 2. s_client -> probe server
port=$(free_port)
timeout 20 "$probe" --role=server --port="$port" --identity="$identity" --psk="$psk" \
    --hint=iotsec --once --expect=ping-from-openssl --timeout=12 >"$scratch/2-probe.out" 2>&1 &
probe_pid=$!
pids+=($probe_pid)
ready "$scratch/2-probe.out" "listening on" || fail "2: probe did not start"
(sleep 2; echo "ping-from-openssl"; sleep 3) |
    timeout 12 openssl s_client -dtls1_2 -psk "$psk" -psk_identity "$identity" -cipher "$cipher" \
        -connect "127.0.0.1:$port" >"$scratch/2-client.out" 2>&1
wait "$probe_pid"
rc=$?
[ "$rc" = 0 ] || fail "2: the probe server did not complete with s_client (exit $rc)"
grep -q "handshake complete, 6 flights" "$scratch/2-probe.out" || fail "2: no 6-flight handshake"
grep -q "data from .*: ping-from-openssl" "$scratch/2-probe.out" || fail "2: probe got no data"
grep -q "Cipher is PSK-AES128-CCM8" "$scratch/2-client.out" || fail "2: s_client did not complete"
grep -q "echo:ping-from-openssl" "$scratch/2-client.out" || fail "2: s_client got no reply"

# 3. session resumption against s_server
port=$(free_port)
(sleep 9) | timeout 12 openssl s_server -dtls1_2 -nocert -psk "$psk" -cipher "$cipher" \
    -accept "$port" >"$scratch/3-server.out" 2>&1 &
pids+=($!)
ready "$scratch/3-server.out" "ACCEPT" || fail "3: server did not start"
timeout 15 "$probe" --role=client --port="$port" --identity="$identity" --psk="$psk" --send=hi \
    --resume --timeout=8 >"$scratch/3-probe.out" 2>&1
rc=$?
sleep 1
[ "$rc" = 0 ] || fail "3: resumption against s_server failed (exit $rc)"
grep -q "handshake complete (resumed), 5 flights" "$scratch/3-probe.out" ||
    fail "3: the probe did not resume"
grep -q "Reused session-id" "$scratch/3-server.out" || fail "3: s_server did not resume"

# 4. wrong PSK: probe client -> s_server
port=$(free_port)
(sleep 12) | timeout 14 openssl s_server -dtls1_2 -nocert -psk "$psk" -cipher "$cipher" \
    -accept "$port" >"$scratch/4-server.out" 2>&1 &
pids+=($!)
ready "$scratch/4-server.out" "ACCEPT" || fail "4: server did not start"
timeout 15 "$probe" --role=client --port="$port" --identity="$identity" --psk="$bad" --send=x \
    --retransmissions=2 --timeout=12 >"$scratch/4-probe.out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "4: a wrong PSK did not fail the probe client (exit $rc)"
grep -q "handshake failed" "$scratch/4-probe.out" || fail "4: no handshake failure reported"
grep -q "CIPHER is" "$scratch/4-server.out" && fail "4: s_server completed with a wrong PSK"

# 5. wrong PSK: s_client -> probe server
port=$(free_port)
timeout 15 "$probe" --role=server --port="$port" --identity="$identity" --psk="$psk" --once \
    --timeout=10 >"$scratch/5-probe.out" 2>&1 &
probe_pid=$!
pids+=($probe_pid)
ready "$scratch/5-probe.out" "listening on" || fail "5: probe did not start"
(sleep 3) | timeout 8 openssl s_client -dtls1_2 -psk "$bad" -psk_identity "$identity" \
    -cipher "$cipher" -connect "127.0.0.1:$port" >"$scratch/5-client.out" 2>&1
client_rc=$?
wait "$probe_pid"
rc=$?
[ "$rc" = 1 ] || fail "5: a wrong PSK did not fail the probe server (exit $rc)"
grep -q "alert sent: bad_record_mac" "$scratch/5-probe.out" || fail "5: no bad_record_mac alert"
grep -q "handshake failed" "$scratch/5-probe.out" || fail "5: no handshake failure reported"
[ "$client_rc" != 0 ] || fail "5: s_client succeeded with a wrong PSK"
grep -qi "alert bad record mac" "$scratch/5-client.out" || fail "5: s_client did not see the alert"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed; outputs in $scratch"
    for f in "$scratch"/*.out; do echo "== $f"; tail -n 20 "$f"; done
    exit 1
fi
echo "OpenSSL DTLS 1.2 interop: all checks passed"
