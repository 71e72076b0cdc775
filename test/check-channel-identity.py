#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-channel-identity: NeighborListSpectrumChannel gives the results of ns-3's stock
SingleModelSpectrumChannel.

usage: check-channel-identity.py <examples dir> <scratch dir>

Runs each case twice, once with the default channel (NeighborList) and once with
--IotsecLlnChannel=SingleModel, and requires the two results files to be byte-identical
once the wall clocks (wallClock_s, and metrics named *WallClock*) and the channel choice itself (params.IotsecLlnChannel) are
taken out. The cases: every example with its defaults, building-automation lossy on several
floors (frame erasure, log-normal shadowing, ETX routes) for several seeds, the 10-floor
building of the bench, a lossy campus of three buildings, health-care and floor-echo with
frame loss (health-care's sensors move with the patient), and building-automation and
handshake-loss with duty-cycled radios (--rdc=lpl).
That the NeighborList runs take the neighbour-list path (and not the stock path that would
make this check vacuous) is checked by the iotsec-neighbor-list-channel suite.
"""

import json
import os
import subprocess
import sys

CASES = [
    ("building-automation", []),
    ("building-topology", []),
    ("coap-floor", []),
    ("floor-echo", []),
    ("handshake-loss", []),
    ("health-care", []),
    ("health-care", ["--frameLoss=0.2"]),
    ("floor-echo", ["--frameLoss=0.2"]),
    ("building-automation", ["--mode=ssm", "--floors=10", "--lightsPerFloor=100"]),
]
# a campus: three buildings out of each other's range (their links are not priced), lossy
CASES.append(("building-automation", ["--mode=compare", "--buildings=3", "--floors=2",
                                      "--lightsPerFloor=10", "--commandFloors=2",
                                      "--frameLoss=0.1"]))
LOSSY = ["--mode=compare", "--floors=3", "--lightsPerFloor=12", "--frameLoss=0.15",
         "--ns3::BuildingTopologyHelper::ShadowSigma=4", "--commandFloors=1,3"]
for run in (1, 2, 3):
    CASES.append(("building-automation", LOSSY + ["--RngRun=%d" % run]))
# duty-cycled lights (low-power listening: strobes, and the medium that prices its own links)
CASES.append(("building-automation", LOSSY + ["--rdc=lpl"]))
CASES.append(("handshake-loss", ["--rdc=lpl"]))


def normalized(path):
    """The results file without the wall clock and the channel choice, as text."""
    with open(path) as f:
        result = json.load(f)
    result.pop("wallClock_s", None)
    result.get("params", {}).pop("IotsecLlnChannel", None)
    for name in [k for k in result.get("metrics", {}) if "WallClock" in k]:
        del result["metrics"][name]  # wall clocks of a phase (setupWallClock_s)
    return json.dumps(result, sort_keys=True, indent=1)


def main():
    examples, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    failures = []
    for n, (example, args) in enumerate(CASES):
        texts = {}
        for channel in ("NeighborList", "SingleModel"):
            path = os.path.join(scratch, "%d-%s-%s.json" % (n, example, channel))
            if os.path.exists(path):
                os.remove(path)
            argv = [os.path.join(examples, example)] + args + [
                "--IotsecLlnChannel=" + channel, "--results=" + path]
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                failures.append("%s failed (%d): %s" % (" ".join(argv), proc.returncode,
                                                        proc.stderr[-1500:]))
                break
            texts[channel] = normalized(path)
        if len(texts) < 2:
            continue
        label = " ".join([example] + args)
        if texts["NeighborList"] != texts["SingleModel"]:
            a = texts["NeighborList"].splitlines()
            b = texts["SingleModel"].splitlines()
            diff = [(x, y) for x, y in zip(a, b) if x != y][:8]
            failures.append("%s: results differ between the channels, first lines: %s"
                            % (label, diff))
        else:
            metrics = json.loads(texts["NeighborList"]).get("metrics", {})
            print("identical: %s (%d metrics, %s events)" % (
                label, len(metrics), json.loads(texts["NeighborList"]).get("events")))
    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print("all %d cases identical with either channel" % len(CASES))


if __name__ == "__main__":
    main()
