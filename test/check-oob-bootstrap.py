#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-oob-bootstrap: Kang's PSK re-configuration with the installer as the attacker.

usage: check-oob-bootstrap.py <oob-bootstrap binary> <scratch dir>

Checked, on the example's corridor of lights:
- NFC, Kang's scheme (the default): every light bootstraps, flights 1, 4 and 5 go out of
  band (3 per light) and flights 2 and 3 in band (2 per light); the installer 1 m away hears
  no flight 4 and learns nothing; each light's DTLS handshake afterwards succeeds with PSK_i
  and the installer's, with IK_N, fails;
- the in-band baseline: the installer learns every PSK and its handshakes succeed;
- QR (one way: the lights show codes, the handheld's camera reads them): flight 4 cannot go
  out of band, so it goes over the radio and the installer learns every PSK;
- audio against the model: the installer's chance to receive flight 4 is (1 - BER)^bits with
  BER = exp(-snr/2)/2 and snr = 65 - 20 log10(d) - 45 dB (AudioOobChannel's defaults) at its
  distance d from the handheld. Where that chance is 0.5, the share of lights whose PSK it
  learns lies within 4 sigma of 0.5 (40 lights); at 1 m it learns all, at 8 m none;
- the bootstrap time: out of band it is the airtime of flights 1 and 4 (setup latency plus
  bits over the rate, OobChannel) plus a part spent in band that does not depend on the
  channel: NFC and light give the same remainder;
- Jennings' enrolment (--scheme=jennings), the baseline: every light bootstraps with one
  out-of-band frame (its label) and six in-band messages; the installer, who read the labels,
  knows every PSK and its handshakes succeed; the bootstrap time is the label's airtime plus
  the DISCOVER round trip, the same on NFC and light; on QR every light bootstraps; with
  the labels out of the phone's reach no light enrols, none has a key to try, and the
  installer's labels open nothing;
- bad parameters end with exit status 2 and a message naming them.
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
    return condition


def run(binary, scratch, name, args):
    """Run the example; return its metrics (None if it failed)."""
    out = os.path.join(scratch, name + ".json")
    proc = subprocess.run([binary, "--results=" + out] + args,
                          capture_output=True, text=True, timeout=600, cwd=scratch)
    if not check(proc.returncode == 0, "%s: exit status %d: %s"
                 % (name, proc.returncode, proc.stderr[-600:])):
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)["metrics"]


# The example's geometry: lights at 2.8 m, the handheld oobReach x Range under the light, the
# installer at attackerDistance from the light, 45 degrees off its downward axis
def installer_to_handheld(d, hand_below, angle=45.0):
    a = math.radians(angle)
    return math.hypot(d * math.sin(a), hand_below - d * math.cos(a))


HEADER = 16            # OobFrameHeader
KEY_BYTES = 59         # flight 4
HELLO_BYTES = 2 + 1 + len("light-0") + 16


def audio_success(distance, overhead=4):
    snr_db = 65 - 20 * math.log10(distance) - 45
    ber = 0.5 * math.exp(-10 ** (snr_db / 10) / 2)
    return (1 - ber) ** ((KEY_BYTES + HEADER + overhead) * 8)


LABEL_BYTES = 2 + 1 + len("light-0") + 32


def label_airtime(setup, rate, overhead):
    return setup + (LABEL_BYTES + HEADER + overhead) * 8 / rate


def airtime(setup, rate, overhead):
    return sum(setup + (size + HEADER + overhead) * 8 / rate for size in (HELLO_BYTES, KEY_BYTES))


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)

    nfc_rest = None
    m = run(binary, scratch, "nfc-oob", [])
    if m:
        n = 10
        check(m["bootstrapped"] == n, "nfc: %d of %d lights bootstrapped" % (m["bootstrapped"], n))
        check(m["flightsOob"] == 3 * n and m["flightsInBand"] == 2 * n,
              "nfc: flights out of band %d (expected %d), in band %d (expected %d)"
              % (m["flightsOob"], 3 * n, m["flightsInBand"], 2 * n))
        check(m["attackerLearned"] == 0 and m["attackerOobFrames"] == 0,
              "nfc: the installer 1 m away heard %d OOB frames and learned %d PSKs"
              % (m["attackerOobFrames"], m["attackerLearned"]))
        check(m["lightHandshakesOk"] == n, "nfc: %d light handshakes with PSK_i succeeded"
              % m["lightHandshakesOk"])
        check(m["installerHandshakesOk"] == 0, "nfc: %d installer handshakes with IK_N succeeded"
              % m["installerHandshakesOk"])
        nfc_rest = m["bootstrapTime_mean_s"] - airtime(0.020, 106e3, 4)

    m = run(binary, scratch, "nfc-inband", ["--scheme=inband"])
    if m:
        check(m["bootstrapped"] == 10 and m["flightsOob"] == 0 and m["flightsInBand"] == 50,
              "inband: bootstrapped %d, flights OOB %d / in band %d"
              % (m["bootstrapped"], m["flightsOob"], m["flightsInBand"]))
        check(m["attackerLearned"] == 10 and m["installerHandshakesOk"] == 10,
              "inband: the installer learned %d PSKs, %d of its handshakes succeeded"
              % (m["attackerLearned"], m["installerHandshakesOk"]))

    m = run(binary, scratch, "qr", ["--channel=qr"])
    if m:
        check(m["bootstrapped"] == 10, "qr: %d lights bootstrapped" % m["bootstrapped"])
        check(m["attackerLearned"] == 10,
              "qr: flight 4 goes over the radio, yet the installer learned %d PSKs"
              % m["attackerLearned"])

    m = run(binary, scratch, "light", ["--channel=light"])
    if m and check(m["bootstrapped"] == 10, "light: %d bootstrapped" % m["bootstrapped"]):
        light_rest = m["bootstrapTime_mean_s"] - airtime(0.200, 250, 3)
        check(nfc_rest is not None and abs(light_rest - nfc_rest) < 1e-5 and nfc_rest > 0,
              "bootstrap time - OOB airtime: light %.6f s, nfc %s s (must be equal)"
              % (light_rest, nfc_rest))

    hand_below = 0.5 * 1.0  # oobReach 0.5 x the audio Range 1 m
    for d, expected in ((1.0, 10), (8.0, 0)):
        m = run(binary, scratch, "audio-%g" % d, ["--channel=audio", "--attackerDistance=%g" % d])
        if m:
            p = audio_success(installer_to_handheld(d, hand_below))
            check(m["attackerLearned"] == expected,
                  "audio at %g m (p = %.3g): the installer learned %d PSKs, expected %d"
                  % (d, p, m["attackerLearned"], expected))
    # where p = 0.5
    lo, hi = 1.0, 8.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if audio_success(installer_to_handheld(mid, hand_below)) > 0.5:
            lo = mid
        else:
            hi = mid
    n = 40
    m = run(binary, scratch, "audio-half", ["--channel=audio", "--nodes=%d" % n, "--dwell=5s",
                                            "--attackerDistance=%.6f" % lo])
    if m:
        p = audio_success(installer_to_handheld(lo, hand_below))
        sigma = math.sqrt(n * p * (1 - p))
        check(abs(m["attackerLearned"] - n * p) <= 4 * sigma,
              "audio at %.3f m: learned %d of %d, model %.1f +- %.1f"
              % (lo, m["attackerLearned"], n, n * p, 4 * sigma))

    jennings_rest = None
    for channel, setup, rate, overhead in (("nfc", 0.020, 106e3, 4), ("light", 0.200, 250, 3)):
        m = run(binary, scratch, "jennings-" + channel, ["--scheme=jennings",
                                                         "--channel=" + channel])
        if not m:
            continue
        check(m["bootstrapped"] == 10 and m["flightsOob"] == 10 and m["flightsInBand"] == 60,
              "jennings %s: bootstrapped %d, messages OOB %d (expected 10) / in band %d "
              "(expected 60)" % (channel, m["bootstrapped"], m["flightsOob"], m["flightsInBand"]))
        check(m["attackerLearned"] == 10 and m["installerHandshakesOk"] == 10
              and m["lightHandshakesOk"] == 10,
              "jennings %s: the installer learned %d PSKs, %d of its handshakes and %d of the "
              "lights' succeeded" % (channel, m["attackerLearned"], m["installerHandshakesOk"],
                                     m["lightHandshakesOk"]))
        rest = m["bootstrapTime_mean_s"] - label_airtime(setup, rate, overhead)
        if jennings_rest is None:
            check(rest > 0, "jennings nfc: bootstrap time - label airtime %.6f s" % rest)
            jennings_rest = rest
        else:
            check(abs(rest - jennings_rest) < 1e-5,
                  "jennings: bootstrap time - label airtime: light %.6f s, nfc %.6f s (must be "
                  "equal)" % (rest, jennings_rest))
    # NFC at 3 times its Range: no label is read, no light enrols or has a key to try, and
    # the installer's labels are worth nothing (the controller holds no secret)
    m = run(binary, scratch, "jennings-far", ["--scheme=jennings", "--oobReach=3"])
    if m:
        check(m["bootstrapped"] == 0 and m["lightHandshakesOk"] == 0
              and m["installerHandshakesOk"] == 0,
              "jennings, labels out of reach: bootstrapped %d, handshakes %d (lights) and %d "
              "(installer), expected none" % (m["bootstrapped"], m["lightHandshakesOk"],
                                              m["installerHandshakesOk"]))
    m = run(binary, scratch, "jennings-qr", ["--scheme=jennings", "--channel=qr"])
    if m:
        check(m["bootstrapped"] == 10 and m["flightsOob"] == 10,
              "jennings qr: bootstrapped %d, labels scanned %d" % (m["bootstrapped"],
                                                                   m["flightsOob"]))

    for args in (["--channel=smoke"], ["--scheme=both"], ["--nodes=0"], ["--oobReach=-1"]):
        proc = subprocess.run([binary] + args, capture_output=True, text=True, timeout=60,
                              cwd=scratch)
        check(proc.returncode == 2 and "oob-bootstrap: need" in proc.stderr,
              "%s: exit status %d, stderr %r" % (args, proc.returncode, proc.stderr[-200:]))

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("oob-bootstrap: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
