#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-analysis-failures: failed runs are recorded, and retried only on request.

usage: test_failures.py <build dir> <scratch dir>

floor-echo exits 2 with a message for --nodes=1. A sweep over nodes = [1, 2] must record those
runs as failed with their exit status, stderr and command line, exit non-zero and say so; a
second sweep must not start them again; --retry-failed must start exactly them again. A retry
that succeeds replaces the failed row. A run past the campaign's timeout_s, and a run whose
results report another module commit than its build, are failures with a reason.
"""

import json
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
nodes = [1, 2]
"""


def main():
    real_build, scratch = sys.argv[1], fresh_dir(sys.argv[2])
    commit = real_commit(real_build)
    build = stand_in_build(os.path.join(scratch, "build"), commit, ["floor-echo"],
                           real_build=real_build)
    campaign = write(os.path.join(scratch, "fail.toml"), CAMPAIGN)
    db = os.path.join(scratch, "results.sqlite")
    args = ["sweep", campaign, "--db", db, "--build-dir", build, "-j", "2", "--no-progress"]

    proc = cli(*args)
    check(proc.returncode == 1, "a sweep with failed runs exited %d" % proc.returncode)
    check("2 failed" in proc.stdout and "--retry-failed" in proc.stdout,
          "the sweep did not report its failures: %r" % proc.stdout)
    failed = rows(db, "status = 'failed'")
    ok = rows(db, "status = 'ok'")
    check(len(failed) == 2 and len(ok) == 2, "%d failed and %d ok rows, not 2 and 2"
          % (len(failed), len(ok)))
    for r in failed:
        check(r["exit_code"] == 2 and r["error"] == "exit status 2",
              "failed row: exit_code %r, error %r" % (r["exit_code"], r["error"]))
        check("need nodes >= 2" in (r["stderr_tail"] or ""),
              "failed row lacks the program's stderr: %r" % r["stderr_tail"])
        check("--nodes=1" in json.loads(r["command"]), "failed row's command: %s" % r["command"])
        check(r["metrics"] is None and r["module_commit"] == commit,
              "failed row: metrics %r, commit %r" % (r["metrics"], r["module_commit"]))
    check(all(r["stderr_tail"] is None and json.loads(r["metrics"])["echoSent"] == 2
              for r in ok), "successful rows: %r" % ok)

    before = calls(build)
    proc = cli(*args)
    check(calls(build) == before, "failed runs were started again without --retry-failed")
    check(proc.returncode == 1 and "not run again without --retry-failed" in proc.stdout,
          "a sweep with failures left: exit %d, %r" % (proc.returncode, proc.stdout))

    proc = cli(*args, "--retry-failed")
    check(calls(build) == before + 2, "--retry-failed started %d runs, not the 2 failed"
          % (calls(build) - before))
    check(all(r["attempts"] == 2 for r in rows(db, "status = 'failed'")),
          "retried rows do not count their attempts")
    check(rows(db, "status = 'ok'") == ok, "--retry-failed touched successful rows")

    # A retry that succeeds replaces the failed row: the same runs fail when nodes=2 is
    # refused by the stand-in, then succeed with the real program
    flaky = stand_in_build(os.path.join(scratch, "flaky"), commit, ["floor-echo"],
                           real_build=real_build, fail_params={"nodes": 2})
    db2 = os.path.join(scratch, "retry.sqlite")
    cli("sweep", campaign, "--db", db2, "--build-dir", flaky, "--no-progress")
    check(len(rows(db2, "status = 'failed'")) == 4, "the stand-in did not fail 4 runs")
    proc = cli("sweep", campaign, "--db", db2, "--build-dir", build, "--retry-failed",
               "--no-progress")
    retried = rows(db2, "json_extract(params, '$.nodes') = 2")
    check(len(retried) == 2 and all(r["status"] == "ok" and r["attempts"] == 2 and
                                    r["stderr_tail"] is None for r in retried),
          "a successful retry did not replace the failed rows: %r" % retried)

    # A run past timeout_s is killed and failed
    slow = stand_in_build(os.path.join(scratch, "slow"), commit, ["floor-echo"],
                          real_build=real_build, sleep_s=5)
    quick = write(os.path.join(scratch, "timeout.toml"),
                  'example = "floor-echo"\nruns = 1\ntimeout_s = 0.5\n')
    proc = cli("sweep", quick, "--db", db, "--build-dir", slow, "--no-progress")
    timed_out = rows(db, "campaign = 'timeout'")
    check(proc.returncode == 1 and len(timed_out) == 1 and
          "timeout_s of 0.5 s" in (timed_out[0]["error"] or ""),
          "a run past timeout_s: exit %d, rows %r" % (proc.returncode, timed_out))

    # Results that report another commit than the build are refused
    # (with the default timeout: the real run may take longer than 0.5 s on a loaded machine)
    liar = stand_in_build(os.path.join(scratch, "liar"), "c" * 40, ["floor-echo"],
                          real_build=real_build, report_commit="d" * 40)
    mismatch = write(os.path.join(scratch, "mismatch.toml"), 'example = "floor-echo"\nruns = 1\n')
    proc = cli("sweep", mismatch, "--db", db, "--build-dir", liar, "--no-progress")
    wrong = rows(db, "module_commit = '%s'" % ("c" * 40))
    check(len(wrong) == 1 and wrong[0]["status"] == "failed" and
          "reports module commit " + "d" * 40 in wrong[0]["error"] and
          "rebuild" in wrong[0]["error"], "a commit mismatch was not a failure: %r" % wrong)
    return finish("failures")


if __name__ == "__main__":
    sys.exit(main())
