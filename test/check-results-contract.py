#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-results-contract: an example run through the results contract, end to end.

usage: check-results-contract.py <example binary> <scratch dir>

Checks that --results writes JSON that follows the contract, that params hold every
command-line value the program declares (read from its --PrintHelp), that RngRun and values
given on the command line are recorded, that an unwritable --results path fails at once with
a clear message, and that without --results a readable summary is printed.
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "analysis"))
import iotsec_results  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(args, timeout=300, cwd=None):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=cwd)


def main():
    binary, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)

    # The options the program declares, from ns-3's own help output
    helptext = run([binary, "--PrintHelp"]).stdout
    program = helptext.split("Program Options:", 1)[-1].split("General Arguments:", 1)[0]
    options = set(re.findall(r"^\s+--([A-Za-z0-9_]+):", program, re.M))
    options.discard("results")
    check(len(options) >= 3, "could not read the program's options from --PrintHelp")

    path = os.path.join(scratch, "r.json")
    if os.path.exists(path):
        os.remove(path)
    proc = run([binary, "--nodes=3", "--packets=3", "--RngRun=4", "--results=" + path])
    check(proc.returncode == 0, "run with --results failed: %s" % proc.stderr[-2000:])
    try:
        result = iotsec_results.load_result(path)
    except iotsec_results.ContractError as e:
        check(False, str(e))
        result = None
    if result is not None:
        missing = sorted(options - set(result["params"]))
        check(not missing, "params lack command-line values: %s" % missing)
        check(result["params"].get("nodes") == 3, "params.nodes is not the value given (3)")
        check(result["rngRun"] == 4, "rngRun is not the value given (4)")
        check(result["events"] > 0, "no simulator events recorded")
        check(result["ns3Version"].startswith("3."), "ns3Version: %r" % result["ns3Version"])
        check(re.fullmatch(r"([0-9a-f]{40}(-dirty)?|unknown)", result["module"]["git"]) is not None,
              "module.git is not a commit: %r" % result["module"]["git"])
        check(result["metrics"].get("echoSent") == 3, "metrics.echoSent != 3")
    check(not any(f.startswith("r.json.tmp") for f in os.listdir(scratch)),
          "a temporary file was left behind")

    # An unwritable path fails loudly before the simulation runs: with --pcap=1 a run that went
    # ahead would leave pcap files in its working directory.
    bad = "/nonexistent-iotsec-dir/sub/r.json"
    cwd = os.path.join(scratch, "unwritable")
    os.makedirs(cwd, exist_ok=True)
    for f in os.listdir(cwd):
        os.remove(os.path.join(cwd, f))
    proc = run([binary, "--pcap=1", "--results=" + bad], cwd=cwd)
    check(proc.returncode != 0, "an unwritable --results path did not fail the run")
    check("cannot write results" in proc.stderr and bad in proc.stderr,
          "no clear message for an unwritable path: %r" % proc.stderr)
    check(not os.listdir(cwd), "the run went ahead despite the unwritable path: %s"
          % os.listdir(cwd))

    # Without --results: a readable summary
    proc = run([binary, "--nodes=2", "--packets=1"])
    check(proc.returncode == 0, "run without --results failed")
    check("metrics:" in proc.stdout and "parameters:" in proc.stdout,
          "no readable summary without --results")

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("results contract: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
