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
"""

import csv
import os
import re
import struct
import sys

from helpers import check, cli, finish, fresh_dir, stand_in_build, write

import campaign as campaigns
import figures


def png_size(path):
    """(width, height) in pixels of a PNG file."""
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


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
            # for two panels, 1600 for three
            panels = len(figure.panels)
            check(300 < height < 500 + 550 * panels, "%s: PNG height %d px for %d panel(s)"
                  % (figure.name, height, panels))
            with open(os.path.join(out, figure.name + ".csv"), encoding="utf-8") as f:
                table = list(csv.DictReader(f))
            expected = len(figure.metrics()) * len(camp.points)
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
