#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-analysis-campaign: campaign files expand into exactly the runs they describe.

usage: test_campaign.py

Checks lists, ranges (step and num, integer and float), zipped axes, fixed parameters, the
three forms of `runs`, run-major order, parameter types and command lines; that malformed
campaigns are refused with a message naming the problem; and that every shipped campaign
loads and fits the figure that uses it.
"""

import os
import sys

from helpers import check, finish

import campaign as campaigns
import figures
from errors import UserError

GRID = """
example = "floor-echo"
runs = 2
rngSeed = 7

[fixed]
packets = 5
pcap = false

[grid]
nodes = {start = 2, stop = 6, step = 2}
spacing = [30, 40.5]

[[zip]]
size = [16, 80]
interval = [0.5, 2]
"""


def expect_error(text, fragment, what):
    """The campaign `text` must be refused with a message containing `fragment`."""
    try:
        campaigns.parse(text, "bad", "bad.toml")
    except UserError as e:
        check(fragment in str(e) and "bad.toml" in str(e),
              "%s: message %r lacks %r or the file name" % (what, str(e), fragment))
        return
    check(False, "%s: accepted" % what)


def test_grid():
    camp = campaigns.parse(GRID, "grid")
    check(camp.axes == ("nodes", "spacing", "size", "interval"), "axes: %r" % (camp.axes,))
    # 3 nodes x 2 spacings x 2 zipped (size, interval) pairs
    check(len(camp.points) == 12, "expected 12 points, got %d" % len(camp.points))
    expected = [dict(packets=5, pcap=False, nodes=n, spacing=s, size=z, interval=i)
                for n in (2, 4, 6) for s in (30.0, 40.5) for z, i in ((16, 0.5), (80, 2.0))]
    check(list(camp.points) == expected, "points differ:\n%r\n%r" % (camp.points, expected))
    check(all(type(p["spacing"]) is float and type(p["nodes"]) is int for p in camp.points),
          "parameter types are not canonical (int nodes, float spacing)")
    runs = camp.runs()
    check(len(runs) == 24, "expected 24 runs, got %d" % len(runs))
    check([r.rng_run for r in runs] == [1] * 12 + [2] * 12, "runs are not run-major")
    check(all(r.rng_seed == 7 for r in runs), "rngSeed not applied")
    check(len({r.key for r in runs}) == 24, "run identities are not unique")
    argv = runs[1].argv("/bin/fe", "/tmp/r.json")
    check(argv == ["/bin/fe", "--packets=5", "--pcap=false", "--nodes=2", "--spacing=30.0",
                   "--size=80", "--interval=2.0s", "--RngSeed=7", "--RngRun=1",
                   "--results=/tmp/r.json"], "command line: %r" % argv)
    check(runs[0].point_key == campaigns.point_key(dict(reversed(list(runs[0].point.items())))),
          "point key depends on the order of parameters")


def test_ranges_and_runs():
    def axis(spec):
        camp = campaigns.parse('example = "floor-echo"\nruns = 1\n[grid]\nspacing = %s\n'
                               % spec, "r")
        return [p["spacing"] for p in camp.points]

    check(axis("{start = 0.1, stop = 0.3, step = 0.1}") == [0.1, 0.2, 0.3],
          "float step range: %r" % axis("{start = 0.1, stop = 0.3, step = 0.1}"))
    check(axis("{start = 10, stop = 0, step = -5}") == [10.0, 5.0, 0.0], "descending range")
    check(axis("{start = 0, stop = 1, num = 5}") == [0.0, 0.25, 0.5, 0.75, 1.0], "num range")
    check(axis("{start = 1, stop = 4, step = 2}") == [1.0, 3.0], "stop not on a step")

    def rng_runs(spec):
        return campaigns.parse('example = "floor-echo"\nruns = %s\n' % spec, "r").rng_runs

    check(rng_runs("3") == (1, 2, 3), "runs = 3")
    check(rng_runs("[5, 2]") == (5, 2), "runs as a list")
    check(rng_runs("{first = 11, count = 2}") == (11, 12), "runs as {first, count}")
    camp = campaigns.parse('example = "floor-echo"\nruns = 2\n', "r")
    check(camp.points == ({},) and len(camp.runs()) == 2, "no grid: one point")


def test_errors():
    base = 'example = "floor-echo"\nruns = 2\n'
    expect_error("example = ", "not valid TOML", "TOML syntax error")
    expect_error("runs = 2\n", "'example'", "no example")
    expect_error('example = "nope"\nruns = 1\n', "unknown example 'nope'", "unknown example")
    expect_error(base + "[grid]\nnodez = [1]\n", "no parameter 'nodez'", "unknown parameter")
    expect_error(base + "[fixed]\nwho = 1\n", "no parameter 'who'", "unknown fixed parameter")
    expect_error(base + "colour = 1\n", "unknown key(s) colour", "unknown top-level key")
    expect_error('example = "floor-echo"\n', "'runs' is required", "no runs")
    expect_error(base.replace("2", "0"), "at least 1", "runs = 0")
    expect_error(base.replace("2", "[1, 1]"), "repeats", "repeated RngRun")
    expect_error(base + "[grid]\nnodes = [2.5]\n", "not an integer", "wrong type")
    expect_error(base + "[grid]\npcap = [1]\n", "not true or false", "wrong bool")
    expect_error(base + "[grid]\nnodes = []\n", "no values", "empty axis")
    expect_error(base + "[grid]\nnodes = [2, 2]\n", "repeats a value", "repeated value")
    expect_error(base + "[grid]\nnodes = 3\n", "expected a list", "scalar axis")
    expect_error(base + "[grid]\nnodes = {start = 1, stop = 5}\n", "exactly one of step",
                 "range without step")
    expect_error(base + "[grid]\nnodes = {start = 1, stop = 5, step = -1}\n", "never goes",
                 "range going the wrong way")
    expect_error(base + "[fixed]\nnodes = 3\n[grid]\nnodes = [2]\n", "both [fixed] and [grid]",
                 "parameter set twice")
    expect_error(base + "[[zip]]\nsize = [16, 80]\ninterval = [1]\n", "different lengths",
                 "zip of unequal lengths")
    try:
        campaigns.load("/nonexistent/c.toml")
        check(False, "a missing campaign file was accepted")
    except UserError as e:
        check("cannot read campaign" in str(e), "missing file message: %s" % e)


def test_shipped():
    names = sorted(f[:-5] for f in os.listdir(campaigns.CAMPAIGN_DIR) if f.endswith(".toml"))
    used = set()
    for figure in figures.FIGURES.values():
        used.add(figure.campaign)
        try:
            camp = campaigns.load(figure.campaign)
        except UserError as e:
            check(False, "figure %s: %s" % (figure.name, e))
            continue
        problems = figures.check(figure, camp)
        check(not problems, "figure %s: %s" % (figure.name, "; ".join(problems)))
    check(sorted(used) == names, "campaign files %s != campaigns the figures use %s"
          % (names, sorted(used)))


def main():
    test_grid()
    test_ranges_and_runs()
    test_errors()
    test_shipped()
    return finish("campaign")


if __name__ == "__main__":
    sys.exit(main())
