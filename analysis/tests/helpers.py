# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""What the analysis tests share: checks that count failures, running cli.py, stand-in builds.

A stand-in build is a directory laid out like build/ (examples/<name>, generated/iotsec-git.h)
whose examples are fake_example.py: it logs every invocation, can wait, can run the real
example and rewrite the module commit in its results (a second build at another commit), or
make up plausible results for examples that do not exist yet.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
ANALYSIS = os.path.dirname(TESTS)
TOP = os.path.dirname(ANALYSIS)
CLI = os.path.join(ANALYSIS, "cli.py")
PYTHON = "/usr/bin/python3"
sys.path.insert(0, ANALYSIS)

failures = []


def check(condition, message):
    """Record a failed check (and print it) unless `condition` holds."""
    if not condition:
        failures.append(message)
        print("FAIL:", message, flush=True)
    return condition


def finish(name):
    """Print the verdict and return the exit status for sys.exit()."""
    if failures:
        print("%s: %d check(s) failed" % (name, len(failures)))
        return 1
    print("%s: all checks passed" % name)
    return 0


def cli(*args, timeout=300, env=None):
    """Run analysis/cli.py with `args`; return the CompletedProcess (text output)."""
    return subprocess.run([PYTHON, CLI, *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def fresh_dir(path):
    """An empty directory at `path`."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def write(path, text):
    """Write `text` to `path`; return the path."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def stand_in_build(path, commit, examples, real_build=None, sleep_s=0.0, report_commit=None,
                   fail_params=None):
    """Make a stand-in build directory at `path` whose module commit is `commit`.

    Each of `examples` runs fake_example.py: the real program from `real_build` when given
    (its results then report `report_commit`, default `commit`), else made-up results. Every
    invocation is appended to <path>/calls.log. `fail_params` ({name: value}) makes runs with
    that value fail.
    """
    fresh_dir(path)
    os.makedirs(os.path.join(path, "examples"))
    os.makedirs(os.path.join(path, "generated"))
    write(os.path.join(path, "generated", "iotsec-git.h"),
          '#define IOTSEC_GIT_COMMIT "%s"\n' % commit)
    for example in examples:
        config = {
            "example": example, "log": os.path.join(path, "calls.log"), "sleep_s": sleep_s,
            "commit": report_commit or commit, "fail_params": fail_params or {},
            "real": os.path.abspath(os.path.join(real_build, "examples", example))
            if real_build else None,
        }
        write(os.path.join(path, "examples", example + ".json"), json.dumps(config))
        script = os.path.join(path, "examples", example)
        write(script, "#!/bin/sh\nexec %s %s %s \"$@\"\n"
              % (PYTHON, os.path.join(TESTS, "fake_example.py"), script + ".json"))
        os.chmod(script, 0o755)
    return path


def calls(build):
    """How many times the stand-in build's examples were started."""
    try:
        with open(os.path.join(build, "calls.log"), encoding="utf-8") as f:
            return sum(1 for _ in f)
    except OSError:
        return 0


def rows(db, where="1"):
    """The runs table as a list of dicts (ordered by id)."""
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM runs WHERE %s ORDER BY id" % where)]
    finally:
        con.close()


def real_commit(build):
    """The module commit of a real build directory."""
    import runner
    return runner.module_commit(build)
