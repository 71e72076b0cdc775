#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-border-router-attacks: the attack study, filter off and on (border-router-attacks).

usage: check-border-router-attacks.py <border-router-attacks binary> <scratch dir>

Each run simulates the building without attack (baseline), with the attack and the 6LBRs'
filter counting only (off), and with it dropping (on). Checked:
- the default run (a request flood of bad DTLS records at 10/s on the 10 x 10 building) prints
  its table; the attacker sends exactly rate x (attackStop - attackStart) datagrams (one every
  1/rate from the start, none at the stop); with the filter off every one enters the LLN and
  the target rejects at least 90% of them (a few may be lost in the LLN), and the target, the
  relays on its path and the other lights lose energy; with it on, authenticated back-ends
  only, each one is dropped as unauthenticated, none enters, every command succeeds, the LLN
  carries the baseline's frames within 2% and nobody loses more than 5% of what they lost
  with the filter off; per light, the energy lost adds up to the three groups';
- without authentication the destination's token bucket (20/s, burst 40) is the limit: a
  flood of 50/s from 100 spoofed sources (each under its own 10/s) to one light for 100 s
  lets through at most 40 + 20 x 100 of the attacker's datagrams (the back-end's commands
  spend tokens of the same bucket too) and at least 20 x 100 - 20, and drops the rest;
- a handshake flood without cookies refuses the back-end (the target's association table
  fills with half-open attackers) unless the filter stops the flood; with cookies nothing is
  refused and each ClientHello that arrives gets a HelloVerifyRequest;
- replays of the back-end's coaps datagrams are rejected by the target's replay window with
  the filter off and dropped at the 6LBR with it on (every one recognised by the filter in
  both runs); replays of NoSec CoAP commands within the exchange lifetime are caught by
  CoAP's deduplication at the target (the light executes each command once), and dropped at
  the 6LBR with the filter on;
- an amplification attack (GETs of /.well-known/core from the victim's address, the filter
  without authentication) amplifies more than 3 times with the filter off, and at most 3
  times with it on (RFC 9175's budget, which it enforces);
- the 10 x 100 building runs;
- bad parameters end with exit status 2 and a message naming them.
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
    return condition


def run(binary, scratch, name, args):
    """Run the example; return ({run: {metric: value}}, top-level metrics, stdout)."""
    out = os.path.join(scratch, name + ".json")
    proc = subprocess.run([binary, "--results=" + out] + args,
                          capture_output=True, text=True, timeout=600, cwd=scratch)
    if not check(proc.returncode == 0, "%s: exit status %d: %s"
                 % (name, proc.returncode, proc.stderr[-600:])):
        return None, None, None
    with open(out, encoding="utf-8") as f:
        metrics = json.load(f)["metrics"]
    runs = {}
    top = {}
    for key, value in metrics.items():
        run_name, dot, metric = key.partition(".")
        if dot and run_name in ("baseline", "off", "on"):
            runs.setdefault(run_name, {})[metric] = value
        else:
            top[key] = value
    return runs, top, proc.stdout


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    small = ["--floors=2"]

    # The default: a flood of bad DTLS records at 10/s for 100 s on the 10 x 10 building
    r, top, stdout = run(binary, scratch, "default", [])
    if r:
        check("border-router-attacks: request-flood" in stdout and "baseline" in stdout,
              "the default run prints its table")
        off, on, base = r["off"], r["on"], r["baseline"]
        sent = 10 * (120 - 20)
        check(off["attackPackets"] == sent and on["attackPackets"] == sent,
              "the attacker sends rate x duration = %d datagrams (off %s, on %s)"
              % (sent, off["attackPackets"], on["attackPackets"]))
        check(off["attackEntered"] == sent, "filter off: all enter the LLN (%s)"
              % off["attackEntered"])
        check(0.9 * sent <= off["recordsRejected"] <= sent,
              "filter off: the target rejects the bad records (%s of %d)"
              % (off["recordsRejected"], sent))
        check(min(off["targetEnergyLost_J"], off["relayEnergyLost_J"],
                  off["otherEnergyLost_J"]) > 0, "filter off: everyone loses energy")
        check(on["drops_DROP_UNAUTHENTICATED"] == sent and on["attackEntered"] == 0,
              "filter on: every datagram dropped as unauthenticated, none enters (%s, %s)"
              % (on["drops_DROP_UNAUTHENTICATED"], on["attackEntered"]))
        check(off["drops_DROP_UNAUTHENTICATED"] == sent,
              "filter off: the filter counts what it would drop (%s)"
              % off["drops_DROP_UNAUTHENTICATED"])
        check(on["successRatio"] == 1 and base["successRatio"] == 1,
              "every command succeeds without attack and with the filter on")
        check(off["successRatio"] < 1, "the flood costs commands with the filter off (%s)"
              % off["successRatio"])
        check(abs(on["llnFramesAdded"]) <= 0.02 * base["lln_frames"],
              "filter on: the LLN carries the baseline's frames (%s more than %s)"
              % (on["llnFramesAdded"], base["lln_frames"]))
        for group in ("target", "relay", "other"):
            name = group + "EnergyLost_J"
            check(abs(on[name]) <= 0.05 * off[name], "filter on: %s within 5%% of off's %s"
                  % (name, off[name]))
        for run_name in ("off", "on"):
            lost = r[run_name].get("lightEnergyLost_J")
            if check(isinstance(lost, list) and len(lost) == 100,
                     "%s: 100 lights in the energy array" % run_name):
                total = r[run_name]["targetEnergyLost_J"] + r[run_name]["relayEnergyLost_J"] \
                    + r[run_name]["otherEnergyLost_J"]
                check(abs(sum(lost) - total) <= 1e-9 + 1e-9 * abs(total),
                      "%s: the lights' losses add up to the groups' (%s, %s)"
                      % (run_name, sum(lost), total))
        check(len(top.get("light_x_m", [])) == 100 and len(top.get("light_floor", [])) == 100,
              "every light's position")

    # Without authentication: the destination's token bucket
    r, _, _ = run(binary, scratch, "unauthenticated",
                  small + ["--authenticate=0", "--rate=50", "--filter=on"])
    if r:
        on = r["on"]
        entered = on["attackEntered"]
        check(on["attackPackets"] == 5000, "5000 datagrams sent (%s)" % on["attackPackets"])
        check(on["drops_DROP_SOURCE_RATE"] == 0, "no source exceeds its own rate")
        check(20 * 100 - 20 <= entered <= 40 + 20 * 100,
              "the destination's bucket lets 20/s through, after a burst of 40 (%s)" % entered)
        # the back-end's datagrams to the light spend the same bucket: some of them are
        # dropped too
        check(on["drops_DROP_DESTINATION_RATE"] >= 5000 - entered,
              "the rest dropped for the destination's rate (%s)"
              % on["drops_DROP_DESTINATION_RATE"])

    # Handshake floods, without and with cookies
    r, _, _ = run(binary, scratch, "handshake-no-cookie",
                  small + ["--attack=handshake-flood", "--rate=2", "--cookie=0"])
    if r:
        off, on = r["off"], r["on"]
        check(off["sessionsRefused"] > 0 and off["successRatio"] < 1,
              "without cookies the flood fills the target's table: refusals %s, success %s"
              % (off["sessionsRefused"], off["successRatio"]))
        check(on["sessionsRefused"] == 0 and on["successRatio"] == 1,
              "the filter keeps the table for the back-end")
    r, _, _ = run(binary, scratch, "handshake-cookie",
                  small + ["--attack=handshake-flood", "--rate=2", "--cookie=1"])
    if r:
        off = r["off"]
        check(off["sessionsRefused"] == 0, "with cookies nothing is refused")
        check(0.9 * off["attackEntered"] <= off["helloVerifyRequests"]
              <= off["attackEntered"] + 10,
              "a HelloVerifyRequest per ClientHello that arrives (%s for %s)"
              % (off["helloVerifyRequests"], off["attackEntered"]))

    # Replays
    r, _, _ = run(binary, scratch, "replay", small + ["--attack=replay"])
    if r:
        off, on = r["off"], r["on"]
        check(off["attackPackets"] > 0, "the tap replayed datagrams (%s)" % off["attackPackets"])
        check(off["replaysRejected"] >= off["attackEntered"] > 0,
              "filter off: the target's replay window rejects them (%s for %s)"
              % (off["replaysRejected"], off["attackEntered"]))
        check(off["drops_DROP_REPLAY"] == off["attackPackets"],
              "filter off: the filter recognises every replay")
        check(on["drops_DROP_REPLAY"] == on["attackPackets"] and on["replaysRejected"] == 0,
              "filter on: dropped at the 6LBR, nothing reaches the target")
        check(off["successRatio"] == 1 and on["successRatio"] == 1,
              "replays do not hurt the commands")
    r, _, _ = run(binary, scratch, "replay-nosec",
                  small + ["--attack=replay", "--security=nosec"])
    if r:
        off, on = r["off"], r["on"]
        check(off["lightCommands"] == off["commands"],
              "NoSec replays within the exchange lifetime: executed once (%s of %s)"
              % (off["lightCommands"], off["commands"]))
        check(on["drops_DROP_REPLAY"] == on["attackPackets"] > 0, "dropped at the 6LBR")

    # Amplification, the filter without authentication
    r, _, _ = run(binary, scratch, "amplification",
                  small + ["--attack=amplification", "--authenticate=0", "--rate=1"])
    if r:
        off, on = r["off"], r["on"]
        check(off["amplification"] > 3, "filter off: more than 3 (%s)" % off["amplification"])
        check(on["victimBytes"] <= 3 * on["attackBytes"] and on["amplification"] <= 3,
              "filter on: at most 3 (%s)" % on["amplification"])
        check(on["drops_DROP_AMPLIFICATION"] > 0, "answers dropped for the budget")

    # The 10 x 100 building
    run(binary, scratch, "10x100", ["--lightsPerFloor=100", "--filter=on", "--commands=3"])

    # Bad parameters
    for args, word in ((["--attack=smurf"], "attack"), (["--filter=maybe"], "filter"),
                       (["--security=tls"], "security"), (["--rate=0"], "rate"),
                       (["--attackStop=200s"], "attackStop"), (["--hops=9"], "hops"),
                       (["--floodPayload=x"], "floodPayload")):
        proc = subprocess.run([binary] + args, capture_output=True, text=True, timeout=120,
                              cwd=scratch)
        check(proc.returncode == 2 and word in proc.stderr,
              "%s: exit 2 naming %s (got %d: %s)" % (args, word, proc.returncode,
                                                     proc.stderr.strip()[-200:]))

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("border-router-attacks: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
