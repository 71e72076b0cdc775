#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-handshake-loss-model: the simulated handshakes against the exact loss model.

usage: check-handshake-loss-model.py <handshake-loss binary> <scratch dir>

Where the model's assumptions hold exactly -- one hop, no MAC retries (a lost frame is lost),
independent erasures of every frame, handshakes far apart -- the success ratio that
handshake-loss measures over many handshakes must agree with the model's probability
(expectedSuccessRatio, DtlsHandshakeLossModel) within its 95% confidence interval, for both
loss recoveries, on a TelosB sensor (whose CPU delays every answer) as on an unconstrained one.
The runs have fixed seeds, so the outcome is the same every time for the same code; a change
that moves the random streams moves the sample, and a failure then needs a look before the
interval is blamed (5% of samples of a correct model fall outside it).
"""

import json
import math
import os
import subprocess
import sys

FRAME_LOSS = 0.35
RUNS = (1, 2, 3, 4)  # x 100 handshakes
Z95 = 1.959964

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    for recovery in ("RetransmitFlight", "RestartHandshake"):
        for profile in ("TelosB", "Unconstrained"):
            handshakes = succeeded = 0
            expected = []
            refused = 0
            for run in RUNS:
                out = os.path.join(scratch, "%s-%s-%d.json" % (recovery, profile, run))
                proc = subprocess.run(
                    [binary, "--hops=1", "--macRetries=0", "--frameLoss=%g" % FRAME_LOSS,
                     "--sensors=100", "--stagger=200s", "--lossRecovery=" + recovery,
                     "--profile=" + profile, "--RngRun=%d" % run, "--results=" + out],
                    capture_output=True, text=True, timeout=600)
                check(proc.returncode == 0,
                      "%s %s run %d: exit %d: %s" % (recovery, profile, run, proc.returncode,
                                                     proc.stderr[-500:]))
                if proc.returncode != 0:
                    continue
                metrics = json.load(open(out))["metrics"]
                handshakes += metrics["handshakes"]
                succeeded += metrics["handshakesSucceeded"]
                refused += metrics["refusedSessions"]
                expected.append(metrics["expectedSuccessRatio"])
            if not expected or None in expected:
                check(False, "%s %s: no model value" % (recovery, profile))
                continue
            # the model's value depends on the calibrated airtimes only through the order of
            # near-simultaneous events: the runs' values agree closely
            model = sum(expected) / len(expected)
            check(max(expected) - min(expected) < 0.01,
                  "%s %s: model values %r differ" % (recovery, profile, expected))
            ratio = succeeded / handshakes
            half = Z95 * math.sqrt(model * (1 - model) / handshakes)
            print("%-16s %-13s measured %.4f over %d handshakes, model %.4f, 95%% interval "
                  "[%.4f, %.4f], refused %d" % (recovery, profile, ratio, handshakes, model,
                                                model - half, model + half, refused))
            check(abs(ratio - model) <= half,
                  "%s %s: %.4f is outside the model's 95%% interval %.4f +- %.4f"
                  % (recovery, profile, ratio, model, half))
            check(refused == 0, "%s %s: %d sessions refused" % (recovery, profile, refused))
    if failures:
        print("handshake-loss-model: %d check(s) failed" % len(failures))
        return 1
    print("handshake-loss-model: the simulation agrees with the model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
