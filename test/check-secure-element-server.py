#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-secure-element-server: TLS (DTLS) in a secure element against TLS (DTLS) on
the host.

usage: check-secure-element-server.py <secure-element-server binary> <scratch dir>

Checked, for each transport (https: HTTP over TLS; coaps: CoAP over DTLS), on two short runs
of the example (under a second of wall clock each):
- a low rate (0.05/s for 600 s, about 30 clients): no card refuses a connection and each
  of the three servers (record, export, software) answers every client that arrived; the
  handshake in a card (record, export) takes longer than on the host (software), by the
  median; exporting the session after the handshake gives a higher record throughput than
  sending every record through the card;
- a high rate (2/s for 120 s, backlog 5): the record server's card refuses connections
  (ClientHellos) and its backlog reaches 5; export still has the higher throughput; the
  software server's handshakes stay under 50 ms (95th percentile): the cards' sessions do
  not hold the host's CPU;
- with coaps, the card's full handshake (record, by the median) lies in the paper's 1 to
  10 s, and exporting the session lets the export card serve the same clients in less
  time than the record card (utilisation);
- bad parameters (an unknown protocol, F/D pair or transport, an F or D outside ISO 7816-3,
  a rate <= 0) end with exit status 2 and a message naming them.
"""

import json
import os
import subprocess
import sys

failures = []
SERVERS = ("record", "export", "software")


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def run(binary, scratch, name, args):
    """Run the example; return its metrics (None if it failed)."""
    out = os.path.join(scratch, name + ".json")
    proc = subprocess.run([binary, "--results=" + out] + args,
                          capture_output=True, text=True, timeout=300, cwd=scratch)
    if not check(proc.returncode == 0, "%s: exit status %d: %s"
                 % (name, proc.returncode, proc.stderr[-600:])):
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)["metrics"]


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)

    for transport in ("https", "coaps"):
        check_transport(binary, scratch, transport)

    for args, word in ((["--protocol=T2"], "protocol"), (["--fd=100/3"], "fd"),
                       (["--rate=0"], "rate"), (["--rate=-1"], "rate"),
                       (["--F=1", "--D=1"], "ISO 7816-3"), (["--transport=coap"], "transport")):
        proc = subprocess.run([binary] + args, capture_output=True, text=True, timeout=60,
                              cwd=scratch)
        check(proc.returncode == 2 and word in proc.stderr,
              "%s: exit status %d, stderr %r" % (" ".join(args), proc.returncode,
                                                 proc.stderr[-300:]))

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("secure-element-server: all checks passed")
    return 0


def check_transport(binary, scratch, transport):
    """The low-rate and high-rate runs of one transport."""
    low = transport + " low"
    m = run(binary, scratch, transport + "-low",
            ["--transport=" + transport, "--rate=0.05", "--duration=600s", "--drain=60s"])
    if m:
        n = m["arrivals"]
        check(n > 0, low + ": no client arrived")
        for s in SERVERS:
            check(m[s + ".arrivals"] == n, low + ": %s got %d arrivals, not %d"
                  % (s, m[s + ".arrivals"], n))
            check(m[s + ".refused"] == 0, low + ": %s refused %d" % (s, m[s + ".refused"]))
            check(m[s + ".completed"] == n and m[s + ".failed"] == 0,
                  low + ": %s completed %d of %d (%d failed)"
                  % (s, m[s + ".completed"], n, m[s + ".failed"]))
        for s in ("record", "export"):
            check(m[s + ".handshake_p50_s"] > m["software.handshake_p50_s"],
                  low + ": %s handshake median %.4f s is not above software's %.4f s"
                  % (s, m[s + ".handshake_p50_s"], m["software.handshake_p50_s"]))
        check(m["export.throughput_p50_Bps"] > m["record.throughput_p50_Bps"],
              low + ": export throughput %.1f B/s is not above record's %.1f B/s"
              % (m["export.throughput_p50_Bps"], m["record.throughput_p50_Bps"]))
        check(0 < m["record.utilisation"] < 1 and 0 < m["export.utilisation"]
              < m["record.utilisation"],
              low + ": utilisation record %.3f, export %.3f"
              % (m["record.utilisation"], m["export.utilisation"]))

        if transport == "coaps":
            check(1.0 <= m["record.handshake_p50_s"] <= 10.0,
                  low + ": the card's full DTLS handshake, median %.3f s, is not in 1..10 s"
                  % m["record.handshake_p50_s"])
            # every client closed its association (close_notify), so each one had the card
            # for its own session
            check(m["record.sessions"] == n and m["export.sessions"] == n,
                  low + ": sessions record %d, export %d, not %d"
                  % (m["record.sessions"], m["export.sessions"], n))

    high = transport + " high"
    m = run(binary, scratch, transport + "-high",
            ["--transport=" + transport, "--rate=2", "--backlog=5", "--duration=120s",
             "--drain=60s"])
    if m:
        check(m["record.refused"] > 0, high + ": record refused no connection")
        check(m["record.queue_max"] == 5, high + ": record's backlog peaked at %d, not 5"
              % m["record.queue_max"])
        check(m["software.refused"] == 0, high + ": software refused %d"
              % m["software.refused"])
        # the cards' sessions do not hold the host's CPU: the software server's handshakes
        # (about a millisecond) stay fast under load
        check(m["software.handshake_p95_s"] < 0.05, high + ": software handshake p95 %.4f s"
              % m["software.handshake_p95_s"])
        check(m["export.throughput_p50_Bps"] > m["record.throughput_p50_Bps"],
              high + ": export throughput %.1f B/s is not above record's %.1f B/s"
              % (m["export.throughput_p50_Bps"], m["record.throughput_p50_Bps"]))

if __name__ == "__main__":
    sys.exit(main())
