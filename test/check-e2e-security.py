#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-e2e-security: the four ways through the 6LBR, side by side (e2e-security).

usage: check-e2e-security.py <e2e-security binary> <scratch dir> [--no-model]

Without loss (the light two hops from its 6LBR, ten requests):
- every request of every mode succeeds, and the default run prints the four-way table;
- the light needs one Finished check for a DTLS peer and two for the mapped TLS client;
- only the trusted proxy handles plaintext: at least the bytes of the ten HTTP requests
  (request line, Host and, for a PUT, its body), a status line per response, and the CoAP
  requests and responses; the others none;
- the 6LBR's security state: none when it only routes (coap-e2e); in mapping less than any
  (D)TLS association can hold (190 bytes: state and flags 4, two randoms 64, master secret 48,
  two keys and IVs 40, sequence numbers 16, peer address 18), but at least the 41 bytes of
  header state; one association at least in tunnel; two at least in trusted-proxy (its TLS
  session with the back-end and its DTLS session with the light);
- the tunnel changes nothing in the LLN: it carries the same inner datagrams as coap-e2e,
  apart from the source address the 6LBR's relay socket gives them (within 5% of the bytes
  and frames);
- the first response comes after the light's handshake, and no attack is reported.

A tampering 6LBR (each of the three fields): the light detects the attack in mapping, tunnel
and coap-e2e, and no request succeeds there; the trusted proxy is the light's peer, so it
goes on (nothing it does can be seen).

With 30% of the frames erased, three hops: CoAP's retransmissions (trusted-proxy, tunnel,
coap-e2e) get every request through; in mapping a record lost past the 6LBR is lost for good
(TCP acknowledged it at the 6LBR, and DTLS does not retransmit application data), so the
HTTP client waits for an answer that never comes and fewer requests succeed.

The mapping under loss against its analytic answer, where its assumptions hold: without MAC
retries (macRetries = 0), every frame crosses a hop with probability 1 - p and nothing else
is lost (with retries, the retransmissions after a lost acknowledgement overlap the next
hop's forwarding and collide, which no closed form here covers). An exchange of f frames per
hop (its request's 6LoWPAN frames and its response's) over h hops survives with
s = (1 - p)^(f h), and since nothing recovers a lost record, request k succeeds only if the
k exchanges up to it all survived: the expected success ratio of N requests is
(1/N) sum_{k=1..N} s^k. f comes from the simulation: two loss-free runs of 10 and 20
requests differ by 10 f h data frames and as many acknowledgements. Over 200 runs at
(h, p) = (1, 0.1) and (3, 0.05), the exchanges are Bernoulli trials until the first failure:
their survival rate (answered requests over exchanges tried) must lie within three binomial
standard errors of s (with f + 1 frames the check fails by about four), and the mean success
ratio near the model's; no handshake may fail (the 6LBR's timer and TCP recover its losses).
"""

import json
import os
import subprocess
import sys

MODES = ("trusted-proxy", "mapping", "tunnel", "coap-e2e")
failures = []

# the smallest state any (D)TLS association holds in the engine's layout (doc/iotsec.rst)
MIN_ASSOCIATION_BYTES = 4 + 2 * 32 + 48 + 2 * (16 + 4) + 16 + 18
MAPPER_HEADER_BYTES = 41


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def run(binary, scratch, name, args):
    """Run the comparison; return ({mode: metrics}, stdout) or (None, None)."""
    out = os.path.join(scratch, name + ".json")
    proc = subprocess.run([binary, "--results=" + out] + args,
                          capture_output=True, text=True, timeout=600, cwd=scratch)
    if not check(proc.returncode == 0, "%s: exit status %d: %s" % (name, proc.returncode,
                                                                   proc.stderr[-600:])):
        return None, None
    with open(out, encoding="utf-8") as f:
        metrics = json.load(f)["metrics"]
    by_mode = {m: {} for m in MODES}
    for key, value in metrics.items():
        mode, _, metric = key.partition(".")
        if mode in by_mode:
            by_mode[mode][metric] = value
    return by_mode, proc.stdout


def http_request_bytes(requests):
    """A lower bound of the bytes of the example's requests: GET, PUT on, GET, PUT off..."""
    total = 0
    for i in range(requests):
        put = i % 2 == 1
        body = ("on" if (i // 2) % 2 == 0 else "off") if put else ""
        total += len("%s /light HTTP/1.1\r\nHost: light\r\n\r\n" % ("PUT" if put else "GET"))
        total += len(body)
    return total


def mapping_runs(binary, scratch, name, args, runs):
    """Metrics of `runs` mapping runs (RngRun 1..runs)."""
    out = []
    for run_index in range(1, runs + 1):
        path = os.path.join(scratch, "%s-%d.json" % (name, run_index))
        proc = subprocess.run([binary, "--mode=mapping", "--RngRun=%d" % run_index,
                               "--results=" + path] + args,
                              capture_output=True, text=True, timeout=600, cwd=scratch)
        if not check(proc.returncode == 0, "%s run %d: exit status %d: %s"
                     % (name, run_index, proc.returncode, proc.stderr[-400:])):
            return None
        with open(path, encoding="utf-8") as f:
            out.append(json.load(f)["metrics"])
    return out


def check_mapping_model(binary, scratch):
    n = 10
    for hops, p in ((1, 0.1), (3, 0.05)):
        base = ["--hops=%d" % hops, "--macRetries=0"]
        short = mapping_runs(binary, scratch, "mapping-%d-10" % hops,
                             base + ["--frameLoss=0", "--requests=10"], 1)
        long = mapping_runs(binary, scratch, "mapping-%d-20" % hops,
                            base + ["--frameLoss=0", "--requests=20"], 1)
        if not (short and long):
            return
        extra = long[0]["lln_frames"] - short[0]["lln_frames"]
        f = extra / (10 * hops * 2)  # each data frame has its acknowledgement
        if not check(f == int(f) and f >= 2, "mapping: %s frames per exchange and hop" % f):
            return
        runs = mapping_runs(binary, scratch, "mapping-%d-p%g" % (hops, p),
                            base + ["--frameLoss=%g" % p, "--requests=%d" % n], 200)
        if not runs:
            return
        s = (1 - p) ** (f * hops)
        model = sum(s ** k for k in range(1, n + 1)) / n
        answered = sum(int(r["succeeded"]) for r in runs)
        tried = answered + sum(1 for r in runs if r["succeeded"] < n)
        rate = answered / tried
        se = (s * (1 - s) / tried) ** 0.5
        ratios = [r["successRatio"] for r in runs]
        mean = sum(ratios) / len(ratios)
        sd = (sum((x - mean) ** 2 for x in ratios) / (len(ratios) - 1)) ** 0.5
        print("mapping, %d hop(s), p = %g, f = %d: exchanges survive %.3f of %d (model %.3f, "
              "SE %.3f); success ratio %.3f over %d runs (model %.3f)"
              % (hops, p, f, rate, tried, s, se, mean, len(runs), model))
        check(abs(rate - s) <= 3 * se,
              "mapping, %d hop(s), p = %g: exchanges survive %.3f, model %.3f (SE %.3f)"
              % (hops, p, rate, s, se))
        check(abs(mean - model) <= 3 * sd / len(runs) ** 0.5,
              "mapping, %d hop(s), p = %g: success ratio %.3f, model %.3f"
              % (hops, p, mean, model))
        check(all(r["handshakeTime_s"] is not None for r in runs),
              "mapping, %d hop(s), p = %g: a handshake failed" % (hops, p))


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)

    # The default comparison, as README runs it
    proc = subprocess.run([binary], capture_output=True, text=True, timeout=600, cwd=scratch)
    header = [line for line in proc.stdout.splitlines() if line.startswith("metric")]
    check(proc.returncode == 0 and header and all(m in header[0] for m in MODES),
          "the default run prints the four modes side by side")

    r, _ = run(binary, scratch, "clean", ["--hops=2", "--requests=10"])
    if r:
        for m in MODES:
            check(r[m]["succeeded"] == 10 and r[m]["successRatio"] == 1.0,
                  "%s: %s of 10 requests succeeded" % (m, r[m]["succeeded"]))
            check(r[m]["attacksDetected"] == 0, "%s: an attack reported" % m)
            check(r[m]["recordsRejected"] == 0, "%s: records rejected" % m)
            check(r[m]["finishedChecks"] == (2 if m == "mapping" else 1),
                  "%s: %s Finished checks" % (m, r[m]["finishedChecks"]))
            check(0 < r[m]["handshakeTime_s"] < r[m]["firstResponse_s"],
                  "%s: the first response (%s s) before the light's handshake (%s s)"
                  % (m, r[m]["firstResponse_s"], r[m]["handshakeTime_s"]))
            check(r[m]["nodeCpuTime_s"] > 0 and
                  r[m]["nodeActiveEnergy_J"] > r[m]["nodeCpuEnergy_J"] > 0,
                  "%s: the light's CPU and energy not priced" % m)
        plaintext = r["trusted-proxy"]["brPlaintext_bytes"]
        # each exchange: its HTTP request, a response status line of 17 bytes at least
        # ("HTTP/1.1 200 OK\r\n"), a CoAP request of 10 (header 4, Uri-Path "light" 6) and a
        # CoAP response of 4
        least = http_request_bytes(10) + 10 * (17 + 10 + 4)
        check(plaintext >= least,
              "trusted-proxy: %s plaintext bytes, less than %d" % (plaintext, least))
        for m in ("mapping", "tunnel", "coap-e2e"):
            check(r[m]["brPlaintext_bytes"] == 0, "%s: the 6LBR saw plaintext" % m)
        state = {m: r[m]["brState_max_bytes"] for m in MODES}
        check(state["coap-e2e"] == 0, "coap-e2e: the 6LBR held %s bytes" % state["coap-e2e"])
        check(MAPPER_HEADER_BYTES <= state["mapping"] < MIN_ASSOCIATION_BYTES,
              "mapping: the 6LBR held %s bytes" % state["mapping"])
        check(state["tunnel"] >= MIN_ASSOCIATION_BYTES,
              "tunnel: the 6LBR held %s bytes, less than an association" % state["tunnel"])
        check(state["trusted-proxy"] >= 2 * MIN_ASSOCIATION_BYTES,
              "trusted-proxy: the 6LBR held %s bytes, less than two associations"
              % state["trusted-proxy"])
        for metric in ("lln_bytes", "lln_frames"):
            a, b = r["tunnel"][metric], r["coap-e2e"][metric]
            check(abs(a - b) <= 0.05 * b, "tunnel %s %s, coap-e2e %s" % (metric, a, b))

    for field in ("ClientRandom", "ServerRandom", "FinishedSequence"):
        r, _ = run(binary, scratch, "tamper-" + field, ["--tamper=" + field, "--requests=4"])
        if not r:
            continue
        for m in ("mapping", "tunnel", "coap-e2e"):
            check(r[m]["attacksDetected"] >= 1, "%s, %s: not detected" % (m, field))
            check(r[m]["succeeded"] == 0, "%s, %s: %s requests succeeded"
                  % (m, field, r[m]["succeeded"]))
            check(r[m]["finishedChecks"] is None,
                  "%s, %s: a handshake completed" % (m, field))
        check(r["trusted-proxy"]["succeeded"] == 4 and
              r["trusted-proxy"]["attacksDetected"] == 0,
              "trusted-proxy, %s: the trusted 6LBR is not tampered with" % field)

    r, _ = run(binary, scratch, "loss", ["--hops=3", "--frameLoss=0.3", "--requests=10"])
    if r:
        for m in ("trusted-proxy", "tunnel", "coap-e2e"):
            check(r[m]["successRatio"] == 1.0,
                  "%s at 30%% loss: success %s" % (m, r[m]["successRatio"]))
        check(r["mapping"]["successRatio"] < 1.0,
              "mapping at 30%% loss: success %s (records lost past the 6LBR are not recovered)"
              % r["mapping"]["successRatio"])

    if "--no-model" in sys.argv[3:]:
        print("the mapping's closed form: not checked (--no-model)")
    else:
        check_mapping_model(binary, scratch)

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("e2e-security: the four modes compare as the model says")
    return 0


if __name__ == "__main__":
    sys.exit(main())
