#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-lpl-handshake: DTLS handshakes with TelosB servers over three duty-cycled hops.

usage: check-lpl-handshake.py <handshake-loss binary> <scratch dir>

With low-power listening (--rdc=lpl) every flight waits, on each hop, for the receiver's next
channel check: uniform over the wake-up interval T when the sender starts, so T/2 on average
(a flight's 6LoWPAN fragments follow as a burst, without new waits). Without loss, the mean
handshake therefore lasts the always-on handshake plus flights x hops x T/2: six flights with
the cookie exchange, three hops, T = 125 ms: +1.125 s. Over 20 handshakes the sum of 18
independent uniform waits has a standard deviation of sqrt(18) x T / sqrt(12) = 153 ms per
handshake, 34 ms for the mean of 20; the check allows four of those and 10 ms for the guard
a phase-locked strobe starts with. The duty-cycled sensors' energy must fall by more than an
order of magnitude, and their radio duty cycle stay within a few times ContikiMAC's idle
0.512%. With T = 500 ms, where every hop's wait (250 ms on average) makes a flight outlast
DTLS's first 1 s retransmission timer, the handshake lasts what Vucinic et al. (PIMRC 2015)
measured: a handful of seconds to several tens of seconds.
"""

import json
import math
import os
import subprocess
import sys

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(binary, scratch, name, args):
    out = os.path.join(scratch, name + ".json")
    proc = subprocess.run([binary, "--hops=3", "--frameLoss=0", "--sensors=20",
                           "--profile=TelosB", "--results=" + out] + args,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr)
        check(False, "%s: exit status %d" % (name, proc.returncode))
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)["metrics"]


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    on = run(binary, scratch, "always-on", ["--rdc=none"])
    lpl = run(binary, scratch, "lpl", ["--rdc=lpl"])
    # handshakes far apart: at T = 500 ms a flight's hops outlast DTLS's first 1 s timer, and
    # the retransmissions of overlapping handshakes would load the channel
    slow = run(binary, scratch, "lpl-500ms",
               ["--rdc=lpl", "--wakeupInterval=500ms", "--sensors=5", "--stagger=100s"])
    if not (on and lpl and slow):
        return 1
    for name, m, n in (("always-on", on, 20), ("lpl", lpl, 20), ("lpl 500 ms", slow, 5)):
        check(m["handshakesSucceeded"] == n, "%s: every handshake succeeds (%s of %d)"
              % (name, m["handshakesSucceeded"], n))
    interval, flights, hops = 0.125, 6, 3
    predicted = on["handshakeTime_mean_s"] + flights * hops * interval / 2
    sigma = math.sqrt(flights * hops) * interval / math.sqrt(12) / math.sqrt(20)
    got = lpl["handshakeTime_mean_s"]
    print("always-on %.3f s; lpl %.3f s; predicted %.3f s (sigma of the mean %.3f s)"
          % (on["handshakeTime_mean_s"], got, predicted, sigma))
    check(abs(got - predicted) <= 4 * sigma + 0.010,
          "lpl mean handshake %.3f s is not always-on + 18 x T/2 = %.3f s" % (got, predicted))
    print("sensor energy: always-on %.3f J, lpl %.4f J; duty cycle lpl %.5f"
          % (on["sensorEnergy_mean_J"], lpl["sensorEnergy_mean_J"], lpl["sensorDutyCycle_mean"]))
    check(lpl["sensorEnergy_mean_J"] * 20 < on["sensorEnergy_mean_J"],
          "duty cycling cuts a sensor's energy by more than 20x")
    check(on["sensorDutyCycle_mean"] > 0.999, "always-on radios are on")
    check(0.00512 <= lpl["sensorDutyCycle_mean"] < 0.03,
          "lpl duty cycle %.5f: above the idle 0.512%%, within a few %%"
          % lpl["sensorDutyCycle_mean"])
    print("lpl, T = 500 ms: %.2f s" % slow["handshakeTime_mean_s"])
    check(5 <= slow["handshakeTime_mean_s"] <= 60,
          "T = 500 ms: a handful of seconds to several tens (%.2f s)"
          % slow["handshakeTime_mean_s"])
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
