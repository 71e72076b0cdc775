#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-lpl-idle: 1,000 duty-cycled lights idle for 10 minutes cost no events.

usage: check-lpl-idle.py <building-automation binary> <scratch dir>

The bench's building (10 floors x 100 lights, a 6LBR per floor, one ssm command to floor 3)
runs for 1,200 s and for 1,800 s, with always-on radios and with low-power listening. Its
command is over long before 1,200 s, so the last 600 s are idle: 1,000 lights x 600 s x 8
checks per second would be 4.8 million wake-up events if checks were simulated. They are
counted in closed form instead, so the idle 600 s must cost exactly as many events with
duty-cycled lights as with always-on ones (the energy sources' periodic updates), put no
frame on the air, and keep the lights' radios on 2 x (12 + 8) symbols per 125 ms: the mean
duty cycle over those 600 s, from the two runs' means, is 0.512 %. And the closed form gives
the run that one event per check (IdleModel Explicit) gives: the same metrics (energies to
1e-9), for 4.8 million more events over the first 1,200 s.
"""

import json
import os
import subprocess
import sys

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(binary, scratch, rdc, duration, extra=()):
    out = os.path.join(scratch, "%s-%d%s.json" % (rdc, duration, "".join(extra)[-8:]))
    proc = subprocess.run([binary, "--mode=ssm", "--floors=10", "--lightsPerFloor=100",
                           "--commands=1", "--rdc=" + rdc, "--duration=%ds" % duration,
                           "--results=" + out, *extra],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr)
        check(False, "%s %d s: exit status %d" % (rdc, duration, proc.returncode))
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    runs = {(rdc, d): run(binary, scratch, rdc, d)
            for rdc in ("none", "lpl") for d in (1200, 1800)}
    if None in runs.values():
        return 1
    extra = {}
    for rdc in ("none", "lpl"):
        a, b = runs[(rdc, 1200)], runs[(rdc, 1800)]
        extra[rdc] = b["events"] - a["events"]
        check(a["metrics"]["lln_frames"] == b["metrics"]["lln_frames"],
              "%s: frames after 1,200 s (%d against %d)"
              % (rdc, a["metrics"]["lln_frames"], b["metrics"]["lln_frames"]))
        print("%s: %d events in the idle 600 s" % (rdc, extra[rdc]))
    check(extra["lpl"] == extra["none"],
          "the idle 600 s cost %d events with duty-cycled lights, %d always on"
          % (extra["lpl"], extra["none"]))
    check(extra["lpl"] < 4.8e6 / 4, "far fewer events than the checks (%d)" % extra["lpl"])
    a, b = runs[("lpl", 1200)]["metrics"], runs[("lpl", 1800)]["metrics"]
    idle = (b["dutyCyclePerLight_mean"] * 1800 - a["dutyCyclePerLight_mean"] * 1200) / 600
    print("duty cycle over the idle 600 s: %.5f %%" % (100 * idle))
    check(abs(idle - 0.00512) < 2e-6, "idle duty cycle %.6f is not 0.00512" % idle)
    # The closed form against the reference: one event per check (IdleModel Explicit) gives
    # the same run, 4.8 million more events for the 1,000 lights' 1,200 s of checks aside;
    # energies may differ in their last bits (summation order)
    explicit = run(binary, scratch, "lpl", 1200, ("--ns3::LplNetDevice::IdleModel=Explicit",))
    if explicit:
        analytic = runs[("lpl", 1200)]
        print("explicit: %d events, analytic %d" % (explicit["events"], analytic["events"]))
        check(explicit["events"] > analytic["events"] + 1000 * 1200 * 8 * 0.99,
              "the explicit model simulates every check")
        for name, value in analytic["metrics"].items():
            other = explicit["metrics"].get(name)
            if name.lower().find("energy") >= 0 or name.startswith("lifetime"):
                ok = other is not None and abs(other - value) <= 1e-9 * max(1.0, abs(value))
            else:
                ok = other == value
            check(ok, "%s: %r analytic, %r explicit" % (name, value, other))
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
