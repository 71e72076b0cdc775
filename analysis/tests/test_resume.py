#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-analysis-resume: a sweep killed mid-way resumes without rerunning anything.

usage: test_resume.py <build dir> <scratch dir>

A 32-run floor-echo sweep (real runs, slowed down by a stand-in build that also counts every
start of the program) is stopped with SIGTERM after a few runs, resumed and killed with
SIGKILL, then resumed to the end. Checks: SIGTERM exits 143 and records no failure for the
runs it cut short; rows recorded before each kill are unchanged afterwards (same id, times,
metrics); the final resume starts the program exactly once per missing run; a further sweep
starts nothing.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from helpers import (CLI, PYTHON, calls, check, finish, fresh_dir, real_commit, rows,
                     stand_in_build, write)

CAMPAIGN = """
example = "floor-echo"
runs = 4
[fixed]
packets = 3
[grid]
nodes = [2, 3, 4, 5]
size = [16, 32]
"""
TOTAL = 32


def start_sweep(args, env):
    return subprocess.Popen([PYTHON, CLI, "sweep", *args, "--no-progress"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_rows(db, at_least, process, deadline_s=60):
    """Wait until `db` has at least `at_least` rows (False if the sweep ended first)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end and process.poll() is None:
        try:
            if os.path.exists(db) and len(rows(db)) >= at_least:
                return True
        except sqlite3.OperationalError:
            pass  # the sweep is still creating the database
        time.sleep(0.05)
    return False


def settle(build, quiet_s=1.0):
    """Wait until the killed sweep's orphaned children stop starting (calls.log still)."""
    last, since = calls(build), time.monotonic()
    while time.monotonic() - since < quiet_s:
        time.sleep(0.1)
        if calls(build) != last:
            last, since = calls(build), time.monotonic()


def snapshot(db):
    keys = ("id", "point_key", "rng_run", "status", "metrics", "started_at", "finished_at",
            "attempts")
    return {r["id"]: tuple(r[k] for k in keys) for r in rows(db)}


def main():
    real_build, scratch = sys.argv[1], fresh_dir(sys.argv[2])
    build = stand_in_build(os.path.join(scratch, "build"), real_commit(real_build),
                           ["floor-echo"], real_build=real_build, sleep_s=0.2)
    campaign = write(os.path.join(scratch, "resume.toml"), CAMPAIGN)
    db = os.path.join(scratch, "results.sqlite")
    env = dict(os.environ, TMPDIR=fresh_dir(os.path.join(scratch, "tmp")))
    args = [campaign, "--db", db, "--build-dir", build, "-j", "2"]

    # 1. SIGTERM after a few runs: a clean stop
    sweep = start_sweep(args, env)
    check(wait_rows(db, 4, sweep), "the sweep ended before 4 runs were recorded")
    sweep.send_signal(signal.SIGTERM)
    out, err = sweep.communicate(timeout=60)
    check(sweep.returncode == 128 + signal.SIGTERM,
          "SIGTERM: exit status %s, not 143: %s" % (sweep.returncode, err[-500:]))
    check("interrupted" in err, "SIGTERM: no message about the interruption: %r" % err[-500:])
    settle(build)
    first = snapshot(db)
    check(4 <= len(first) < TOTAL, "SIGTERM: %d rows recorded" % len(first))
    check(all(r[3] == "ok" for r in first.values()),
          "SIGTERM: runs cut short were recorded as failed")

    # 2. resume, then SIGKILL: no chance to clean up
    sweep = start_sweep(args, env)
    check(wait_rows(db, len(first) + 4, sweep), "the resumed sweep ended too early")
    sweep.kill()
    sweep.communicate(timeout=60)
    settle(build)
    second = snapshot(db)
    check(len(first) < len(second) < TOTAL, "SIGKILL: %d rows (before: %d)"
          % (len(second), len(first)))
    check(all(second.get(i) == row for i, row in first.items()),
          "rows recorded before the resume changed")

    # 3. resume to the end: only the missing runs start
    before = calls(build)
    proc = subprocess.run([PYTHON, CLI, "sweep", *args, "--no-progress"], env=env,
                          capture_output=True, text=True, timeout=120)
    check(proc.returncode == 0, "final resume failed: %s" % proc.stderr[-800:])
    check("%d done, 0 failed, %d to run" % (len(second), TOTAL - len(second)) in proc.stdout,
          "the resume did not announce what was left: %r" % proc.stdout)
    started = calls(build) - before
    check(started == TOTAL - len(second), "the resume started %d runs, %d were missing"
          % (started, TOTAL - len(second)))
    final = snapshot(db)
    check(len(final) == TOTAL and all(r[3] == "ok" for r in final.values()),
          "after the resume: %d rows, statuses %s" % (len(final),
                                                      {r[3] for r in final.values()}))
    check(all(final.get(i) == row for i, row in second.items()),
          "rows recorded before the final resume changed")
    check(all(r[7] == 1 for r in final.values()), "a run was attempted twice")

    # 4. nothing left: nothing starts
    before = calls(build)
    proc = subprocess.run([PYTHON, CLI, "sweep", *args], env=env, capture_output=True,
                          text=True, timeout=60)
    check(proc.returncode == 0 and calls(build) == before,
          "a complete campaign started runs again (exit %d)" % proc.returncode)
    return finish("resume")


if __name__ == "__main__":
    sys.exit(main())
