#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-analysis-commits: runs of different module commits are kept apart.

usage: test_commits.py <build dir> <scratch dir>

The same campaign (8 runs) is swept with the real build (commit A) and with a stand-in build
at commit B that runs the real program and reports B. Checks: the sweep at B reuses nothing of A and
says that A's runs are kept apart; A's rows are untouched; going back to A runs nothing; plot
draws one commit at a time (the current build's by default, saying that the other exists;
--commit chooses; an unknown --commit is an error), and the CSV names the commit drawn.
"""

import csv
import os
import sys

from helpers import (calls, check, cli, finish, fresh_dir, real_commit, rows, stand_in_build,
                     write)

CAMPAIGN = """
example = "floor-echo"
runs = 2
[fixed]
packets = 2
[grid]
nodes = [2, 3]
size = [16, 32]
"""


def csv_commits(path):
    """The commits a figure's CSV names (none when there is no CSV)."""
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        commits = {r["module_commit"] for r in csv.DictReader(f)}
    os.remove(path)
    return commits


def main():
    real_build, scratch = sys.argv[1], fresh_dir(sys.argv[2])
    commit_a, commit_b = real_commit(real_build), "b" * 40
    build_b = stand_in_build(os.path.join(scratch, "build-b"), commit_b, ["floor-echo"],
                             real_build=real_build)
    campaign = write(os.path.join(scratch, "floor-echo-rtt.toml"), CAMPAIGN)
    db = os.path.join(scratch, "results.sqlite")

    def sweep(build):
        return cli("sweep", campaign, "--db", db, "--build-dir", build, "--no-progress")

    proc = sweep(real_build)
    check(proc.returncode == 0, "sweep at A failed: %s" % proc.stderr[-500:])
    rows_a = rows(db)
    check(len(rows_a) == 8 and {r["module_commit"] for r in rows_a} == {commit_a},
          "after the sweep at A: %d rows" % len(rows_a))

    proc = sweep(build_b)
    check(proc.returncode == 0, "sweep at B failed: %s" % proc.stderr[-500:])
    check(calls(build_b) == 8, "the sweep at B ran %d runs, not 8 (it reused A's?)"
          % calls(build_b))
    check("kept apart" in proc.stdout and commit_a[:10] in proc.stdout,
          "the sweep at B did not say that A's runs are kept apart: %r" % proc.stdout)
    all_rows = rows(db)
    check(len(all_rows) == 16 and sum(r["module_commit"] == commit_b for r in all_rows) == 8,
          "after the sweep at B: %d rows" % len(all_rows))
    check(all_rows[:8] == rows_a, "A's rows changed when B ran")

    proc = sweep(real_build)
    check(proc.returncode == 0 and "8 done, 0 failed, 0 to run" in proc.stdout and
          commit_b[:10] in proc.stdout and len(rows(db)) == 16,
          "back at A: %r" % proc.stdout)

    # plot: the figure floor-echo-rtt, drawn from this small campaign
    out = os.path.join(scratch, "figures")
    base = ["plot", "floor-echo-rtt", "--db", db, "--campaign", campaign, "--out", out]
    target = os.path.join(out, "floor-echo-rtt.csv")
    proc = cli(*base, "--build-dir", real_build)
    check(proc.returncode == 0 and csv_commits(target) == {commit_a},
          "default plot at A drew %s" % csv_commits(target))
    check("--commit" in proc.stderr and commit_b[:10] in proc.stderr,
          "plot did not say that another commit has runs: %r" % proc.stderr)
    proc = cli(*base, "--build-dir", build_b)
    check(proc.returncode == 0 and csv_commits(target) == {commit_b},
          "default plot at B drew %s" % csv_commits(target))
    proc = cli(*base, "--commit", commit_a[:8], "--build-dir", build_b)
    check(proc.returncode == 0 and csv_commits(target) == {commit_a},
          "plot --commit A drew %s" % csv_commits(target))
    proc = cli(*base, "--commit", "0123abc")
    check(proc.returncode == 1 and "matches nothing" in proc.stderr,
          "plot --commit with no runs: exit %d, %r" % (proc.returncode, proc.stderr))
    return finish("commits")


if __name__ == "__main__":
    sys.exit(main())
