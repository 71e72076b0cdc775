#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-analysis-figures: every figure definition draws, end to end.

usage: test_figures.py <scratch dir>

The examples behind most figures do not exist yet, so a stand-in build makes up their results
(tests/fake_example.py) under the parameter and metric names of scenarios.py. Each figure's
own campaign, cut to 3 runs per point, is swept into a fresh database and plotted: the PDF,
PNG and CSV must appear, the PNG must be one column (3.5 in at 300 dpi) wide, and the CSV must
hold one row per panel curve and grid point, each a mean over 3 runs with its interval.

A heat map (figures.HeatMap) must write one CSV row per light of its floors and map, each
light's mean equal to the mean of its array element over the 3 runs in the database
(recomputed here from the runs' metrics); it must refuse a campaign of several points, and
runs that place the lights differently or lack an array.
"""

import copy
import csv
import json
import math
import os
import re
import struct
import sys

from helpers import check, cli, finish, fresh_dir, rows, stand_in_build, write

import campaign as campaigns
import figures
from campaign import point_key
from errors import UserError


def png_size(path):
    """(width, height) in pixels of a PNG file."""
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def check_heatmap_csv(figure, camp, db, table):
    """The heat map's CSV against means recomputed from the runs' arrays in the database."""
    key = point_key(camp.points[0])
    runs = [r for r in rows(db, "status = 'ok'") if r["example"] == figure.example
            and r["point_key"] == key and r["rng_run"] in camp.rng_runs]
    if not check(len(runs) == 3, "%s: %d runs of its point in the database, not 3"
                 % (figure.name, len(runs))):
        return
    metrics = [json.loads(r["metrics"]) for r in runs]
    floors, xs, ys = (metrics[0][m] for m in figure.position_metrics())
    lights = [i for i, f in enumerate(floors) if int(f) in figure.floors]
    check(len(lights) == len(figure.floors) * 10, "%s: %d lights on floors %s, not %d"
          % (figure.name, len(lights), figure.floors, len(figure.floors) * 10))
    expected = {}
    for metric, _ in figure.maps:
        for i in lights:
            expected[(metric, int(floors[i]), float(xs[i]), float(ys[i]))] = \
                math.fsum(m[metric][i] for m in metrics) / len(metrics)
    check(len(table) == len(expected), "%s: CSV has %d rows, not one per light and map (%d)"
          % (figure.name, len(table), len(expected)))
    got = {(r["metric"], int(r["floor"]), float(r["x"]), float(r["y"])): float(r["mean"])
           for r in table}
    check(set(got) == set(expected), "%s: CSV lights %s are not the runs' lights %s"
          % (figure.name, sorted(set(got) ^ set(expected))[:4], "(difference)"))
    wrong = [(k, got.get(k), v) for k, v in expected.items()
             if k not in got or abs(got[k] - v) > 1e-12 * max(1e-12, abs(v))]
    check(not wrong, "%s: %d CSV means differ from the runs' means, e.g. %s"
          % (figure.name, len(wrong), wrong[:2]))
    # one light spelled out: the target's neighbourhood on floor 0 lost the most with the
    # filter off, and more than with it on
    metric_off, metric_on = (m for m, _ in figure.maps)
    top = max(lights, key=lambda i: expected[(metric_off, int(floors[i]), xs[i], ys[i])])
    k_off = (metric_off, int(floors[top]), float(xs[top]), float(ys[top]))
    k_on = (metric_on,) + k_off[1:]
    check(int(floors[top]) == 0 and k_off in got and k_on in got and got[k_off] > got[k_on]
          and got[k_off] == expected[k_off],
          "%s: the light that lost most (filter off) is not on floor 0 or lost less than with "
          "the filter on: %s" % (figure.name, (k_off, got.get(k_off), got.get(k_on))))


def check_heatmap_refusals(figure, camp, db):
    """check() and summarize() refuse what a heat map cannot draw."""
    several = campaigns.load("attack-flood-rate")
    problems = figures.check(figure, several)
    check(any("exactly one" in p for p in problems),
          "%s: check() accepts a campaign of %d points: %s"
          % (figure.name, len(several.points), problems))
    key = point_key(camp.points[0])
    runs = [dict(point_key=r["point_key"], rng_seed=r["rng_seed"], rng_run=r["rng_run"],
                 params=json.loads(r["params"]), metrics=json.loads(r["metrics"]))
            for r in rows(db, "status = 'ok'") if r["example"] == figure.example
            and r["point_key"] == key and r["rng_run"] in camp.rng_runs]
    check(len(figures.summarize(figure, camp, runs)) > 0, "%s: no rows" % figure.name)
    moved = copy.deepcopy(runs)
    moved[-1]["metrics"][figure.x_metric][3] += 10.0
    lacking = copy.deepcopy(runs)
    del lacking[0]["metrics"][figure.maps[1][0]]
    shorter = copy.deepcopy(runs)
    shorter[1]["metrics"][figure.maps[0][0]].pop()
    for what, bad, message in (("moved a light", moved, "place light 3 differently"),
                               ("lacks a map", lacking, "has no metric"),
                               ("a short array", shorter, "differ in length")):
        try:
            figures.summarize(figure, camp, bad)
            check(False, "%s: summarize() accepted runs where one %s" % (figure.name, what))
        except UserError as e:
            check(message in str(e), "%s: %s: message %r lacks %r"
                  % (figure.name, what, str(e), message))


def main():
    scratch = fresh_dir(sys.argv[1])
    made_up = sorted({f.example for f in figures.FIGURES.values()} - {"floor-echo"})
    build = stand_in_build(os.path.join(scratch, "build"), "f" * 40, made_up)
    db = os.path.join(scratch, "results.sqlite")
    for figure in figures.FIGURES.values():
        if figure.example == "floor-echo":
            continue  # drawn from real runs by test_cli.py
        with open(os.path.join(campaigns.CAMPAIGN_DIR, figure.campaign + ".toml"),
                  encoding="utf-8") as f:
            text = re.sub(r"(?m)^runs = .*$", "runs = 3", f.read())
        quick = write(os.path.join(scratch, figure.campaign + ".toml"), text)
        camp = campaigns.load(quick)
        proc = cli("sweep", quick, "--db", db, "--build-dir", build, "-j", "2", "--no-progress")
        check(proc.returncode == 0, "%s: sweep failed: %s" % (figure.name, proc.stderr[-800:]))
        out = os.path.join(scratch, "figures")
        proc = cli("plot", figure.name, "--db", db, "--campaign", quick, "--out", out,
                   "--build-dir", build)
        check(proc.returncode == 0, "%s: plot failed: %s" % (figure.name, proc.stderr[-800:]))
        check("Traceback" not in proc.stderr, "%s: plot raised: %s" % (figure.name, proc.stderr))
        for ext in ("pdf", "png", "csv"):
            path = os.path.join(out, "%s.%s" % (figure.name, ext))
            if not check(os.path.getsize(path) > 0 if os.path.exists(path) else False,
                         "%s: no %s" % (figure.name, path)):
                break
        else:
            width, height = png_size(os.path.join(out, figure.name + ".png"))
            check(abs(width - 1050) <= 2, "%s: PNG is %d px wide, not 3.5 in at 300 dpi"
                  % (figure.name, width))
            # PANEL_HEIGHT_IN per panel at 300 dpi, the legend and the x axis: about 1100 px
            # for two panels, 1600 for three; a heat map: a row of panels per floor
            heatmap = isinstance(figure, figures.HeatMap)
            panels = len(figure.floors) if heatmap else len(figure.panels)
            check(300 < height < 500 + 550 * panels, "%s: PNG height %d px for %d panel(s)"
                  % (figure.name, height, panels))
            with open(os.path.join(out, figure.name + ".csv"), encoding="utf-8") as f:
                table = list(csv.DictReader(f))
            if heatmap:
                check_heatmap_csv(figure, camp, db, table)
                check_heatmap_refusals(figure, camp, db)
            expected = len(table) if heatmap else len(figure.metrics()) * len(camp.points)
            check(len(table) == expected, "%s: CSV has %d rows, not %d"
                  % (figure.name, len(table), expected))
            check(all(r["n"] == "3" and float(r["ci95_low"]) <= float(r["mean"])
                      <= float(r["ci95_high"]) for r in table),
                  "%s: CSV rows are not means over 3 runs inside their interval" % figure.name)
            check(all(r["module_commit"] == "f" * 40 for r in table),
                  "%s: CSV does not name the module commit" % figure.name)
    return finish("figures")


if __name__ == "__main__":
    sys.exit(main())
