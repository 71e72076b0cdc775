#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-analysis-cli: ./iotsec sweep and plot, end to end, and their user errors.

usage: test_cli.py <build dir> <scratch dir>

Checks that ./iotsec --help lists sweep and plot and that both have --help; that --dry-run
lists every run and runs nothing; that the shipped floor-echo-rtt campaign sweeps with -j 2
and plots to PDF, PNG and CSV; and that each kind of bad input ends with one clear error line
and a non-zero exit status, never a Python traceback.
"""

import os
import subprocess
import sys

from helpers import TOP, check, cli, finish, fresh_dir, rows, stand_in_build, write

import campaign as campaigns
from store import Store


def expect_error(proc, fragment, what):
    """`proc` must have failed with `fragment` in its error line and no traceback."""
    check(proc.returncode not in (0, None), "%s: exit status 0" % what)
    check("Traceback" not in proc.stderr, "%s: Python traceback:\n%s" % (what, proc.stderr))
    check(fragment in proc.stderr, "%s: %r lacks %r" % (what, proc.stderr.strip(), fragment))


def driver(*args):
    return subprocess.run([os.path.join(TOP, "iotsec"), *args], capture_output=True,
                          text=True, timeout=60)


def main():
    build, scratch = sys.argv[1], fresh_dir(sys.argv[2])
    db = os.path.join(scratch, "results.sqlite")
    out = os.path.join(scratch, "figures")

    # help
    proc = driver("--help")
    check(proc.returncode == 0 and "sweep CAMPAIGN" in proc.stdout and
          "plot FIGURE" in proc.stdout, "./iotsec --help does not list sweep and plot")
    for command in ("sweep", "plot"):
        proc = driver(command, "--help")
        check(proc.returncode == 0 and proc.stdout.startswith("usage: ./iotsec " + command),
              "./iotsec %s --help: %r" % (command, proc.stdout[:200] + proc.stderr[:200]))
    proc = cli("plot", "--list", "--build-dir", build)
    check(proc.returncode == 0 and "campaign: analysis/campaigns/floor-echo-rtt.toml"
          in proc.stdout and "BROKEN" not in proc.stdout, "plot --list: %r" % proc.stdout)

    # dry run: lists, runs nothing
    camp = campaigns.load("floor-echo-rtt")
    sweep = ["sweep", "floor-echo-rtt", "--db", db, "--build-dir", build]
    proc = cli(*sweep, "--dry-run")
    listed = [line for line in proc.stdout.splitlines() if "would run:" in line]
    check(proc.returncode == 0 and len(listed) == len(camp.runs()),
          "--dry-run listed %d runs, not %d" % (len(listed), len(camp.runs())))
    check("--RngRun=1" in listed[0] and "--results=" in listed[0], "dry run line: %r"
          % listed[:1])
    check(not rows(db), "--dry-run recorded runs")

    # the demonstration: sweep the shipped campaign, plot its figure
    proc = cli(*sweep, "-j", "2", "--no-progress")
    check(proc.returncode == 0, "sweep floor-echo-rtt failed: %s" % proc.stderr[-800:])
    check(len(rows(db, "status = 'ok'")) == len(camp.runs()), "not every run succeeded")
    proc = cli("plot", "floor-echo-rtt", "--db", db, "--out", out, "--build-dir", build)
    check(proc.returncode == 0, "plot floor-echo-rtt failed: %s" % proc.stderr[-800:])
    for ext in ("pdf", "png", "csv"):
        path = os.path.join(out, "floor-echo-rtt." + ext)
        check(os.path.exists(path) and os.path.getsize(path) > 1000 if ext != "csv" else
              os.path.exists(path), "no %s" % path)

    # bad input
    bad_toml = write(os.path.join(scratch, "bad.toml"), "example = \n")
    unknown_param = write(os.path.join(scratch, "param.toml"),
                          'example = "floor-echo"\nruns = 1\n[grid]\nnodez = [2]\n')
    not_built = write(os.path.join(scratch, "ba.toml"),
                      'example = "building-automation"\nruns = 1\n')
    not_db = write(os.path.join(scratch, "not.sqlite"), "this is not a database\n" * 100)
    empty_db = os.path.join(scratch, "empty.sqlite")
    Store(empty_db).close()

    common = ["--db", db, "--build-dir", build]
    expect_error(cli("sweep", bad_toml, *common), "is not valid TOML", "malformed TOML")
    expect_error(cli("sweep", unknown_param, *common), "has no parameter 'nodez'",
                 "unknown parameter")
    expect_error(cli("sweep", os.path.join(scratch, "none.toml"), *common),
                 "cannot read campaign", "missing campaign file")
    expect_error(cli("sweep", "no-such-campaign", *common), "cannot read campaign",
                 "unknown campaign name")
    bare = stand_in_build(os.path.join(scratch, "bare"), "f" * 40, [])  # builds no example
    expect_error(cli("sweep", not_built, "--db", db, "--build-dir", bare), "is not built",
                 "example not built")
    expect_error(cli("sweep", "floor-echo-rtt", "--db", db, "--build-dir", scratch),
                 "not an iotsec build directory", "not a build directory")
    expect_error(cli("sweep", "floor-echo-rtt", "--db", not_db, "--build-dir", build),
                 "is not an iotsec results database", "not a database")
    expect_error(cli("sweep", "floor-echo-rtt", *common, "-j", "0"), "at least 1", "-j 0")
    expect_error(cli("sweep", "floor-echo-rtt", *common, "--backend", "nope"),
                 "invalid choice", "unknown backend")
    expect_error(cli("sweep", "floor-echo-rtt", "--db", os.path.join(scratch, "s.sqlite"),
                     "--build-dir", build, "--backend", "slurm",
                     env=dict(os.environ, PATH="/nonexistent")),
                 "sbatch not found", "slurm backend without SLURM")
    # a program whose options disagree with scenarios.py: refused before any run
    odd = stand_in_build(os.path.join(scratch, "odd"), "e" * 40, [])
    write(os.path.join(odd, "examples", "building-automation"),
          "#!/bin/sh\nprintf 'Program Options:\\n    --mode:  m\\n'\n")
    os.chmod(os.path.join(odd, "examples", "building-automation"), 0o755)
    lights = write(os.path.join(scratch, "lights.toml"), 'example = "building-automation"\n'
                   'runs = 1\n[grid]\nlightsPerFloor = [5]\nmode = ["ssm"]\n')
    expect_error(cli("sweep", lights, "--db", db, "--build-dir", odd),
                 "does not accept --lightsPerFloor", "parameter the program does not declare")
    expect_error(cli("plot", "no-such-figure", "--db", db), "unknown figure 'no-such-figure'",
                 "unknown figure")
    expect_error(cli("plot", "--db", db), "which figure?", "no figure")
    expect_error(cli("plot", "floor-echo-rtt", "--db", os.path.join(scratch, "none.sqlite")),
                 "no results database at", "missing database")
    expect_error(cli("plot", "floor-echo-rtt", "--db", empty_db), "has no runs of campaign",
                 "database without the campaign's runs")
    expect_error(cli("plot", "floor-echo-rtt", "--db", db, "--commit", "zzz"),
                 "matches nothing", "unknown commit")
    expect_error(cli("plot", "floor-echo-rtt", "--db", db, "--campaign", unknown_param),
                 "has no parameter 'nodez'", "plot with a bad campaign")
    return finish("cli")


if __name__ == "__main__":
    sys.exit(main())
