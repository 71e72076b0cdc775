#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-check-tree: ./iotsec check-tree's own logic, on fake ns-3 trees.

usage: check-check-tree.py <scratch dir>

A real check builds ns-3 (about 25 minutes), so CI runs the script against fake trees whose
./ns3 and test.py stand in for ns-3's: it must refuse a release older than 3.37 and a
contrib/iotsec it did not make, read test.py's coloured verdicts (one suite fails here), fail
when a suite or an example fails, and --compare must list exactly the metrics that differ.
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "utils", "check-tree.py")
failures = []

FAKE_NS3 = r'''#!/usr/bin/python3
import json, re, sys
args = sys.argv[1:]
with open("calls.log", "a") as f:
    f.write(" ".join(args) + "\n")
if args[0] == "run":
    program = args[-1].split()
    if program[0] == "coap-floor" and len(program) == 2:
        sys.exit(1)  # its default run crashes
    path = [a for a in program if a.startswith("--results=")][0].split("=", 1)[1]
    with open(path, "w") as f:
        json.dump({"metrics": {"x": 1}}, f)
'''

FAKE_TEST_PY = r'''#!/usr/bin/python3
import sys
if "--list" in sys.argv:
    print("Test Type    Test Name\n---------    ---------\nunit         iotsec-alpha\n"
          "unit         iotsec-beta\nunit         lr-wpan-mac\n")
    sys.exit(0)
suite = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--suite=")][0]
verdict = "FAIL" if suite == "iotsec-beta" else "PASS"
print("[1/1] \x1b[32m%s\x1b[0m: TestSuite %s" % (verdict, suite))
sys.exit(1 if verdict == "FAIL" else 0)
'''


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(args, path=None):
    env = dict(os.environ)
    if path:
        env["PATH"] = path + os.pathsep + env.get("PATH", "")
    return subprocess.run([sys.executable, SCRIPT] + args, capture_output=True, text=True,
                          timeout=120, env=env)


def fake_tree(root, version):
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "contrib"))
    with open(os.path.join(root, "VERSION"), "w") as f:
        f.write(version + "\n")
    for name, text in (("ns3", FAKE_NS3), ("test.py", FAKE_TEST_PY)):
        path = os.path.join(root, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)
    return root


def main():
    scratch = os.path.abspath(sys.argv[1])
    os.makedirs(scratch, exist_ok=True)

    # Too old: refused before anything is touched
    tree = fake_tree(os.path.join(scratch, "old"), "3.36")
    proc = run([tree])
    check(proc.returncode == 2 and "older than" in proc.stderr, "3.36 not refused: %r"
          % proc.stderr)
    check(not os.path.lexists(os.path.join(tree, "contrib", "iotsec")), "3.36: linked anyway")

    # Not an ns-3 tree
    proc = run([os.path.join(scratch, "nowhere")])
    check(proc.returncode == 2 and "not an ns-3 source tree" in proc.stderr,
          "a missing tree is not reported: %r" % proc.stderr)

    # A contrib/iotsec the check did not make is left alone
    tree = fake_tree(os.path.join(scratch, "taken"), "3.48")
    os.makedirs(os.path.join(tree, "contrib", "iotsec"))
    with open(os.path.join(tree, "contrib", "iotsec", "mine"), "w") as f:
        f.write("keep")
    proc = run([tree])
    check(proc.returncode == 2 and "is not a link" in proc.stderr,
          "an existing contrib/iotsec is not refused: %r" % proc.stderr)
    check(os.path.exists(os.path.join(tree, "contrib", "iotsec", "mine")), "it was touched")

    # A whole check: one suite fails (behind test.py's colours), one example run fails. The
    # build runs cmake (a stand-in on PATH here, which logs its arguments)
    tree = fake_tree(os.path.join(scratch, "tree"), "3.48")
    fakebin = os.path.join(scratch, "bin")
    os.makedirs(fakebin, exist_ok=True)
    with open(os.path.join(fakebin, "cmake"), "w") as f:
        f.write("#!/bin/sh\necho \"cmake $*\" >> calls.log\n")
    os.chmod(os.path.join(fakebin, "cmake"), 0o755)
    out = os.path.join(scratch, "out")
    proc = run([tree, "--out", out, "--jobs", "3"], path=fakebin)
    check(proc.returncode == 1, "a failed suite and run did not fail the check: %d\n%s"
          % (proc.returncode, proc.stdout + proc.stderr))
    check(os.path.realpath(os.path.join(tree, "contrib", "iotsec")) ==
          os.path.realpath(os.path.join(HERE, "..")), "contrib/iotsec is not this checkout")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    check(summary["suites"] == {"iotsec-alpha": summary["suites"].get("iotsec-alpha"),
                                "iotsec-beta": summary["suites"].get("iotsec-beta")},
          "the suites run are not the iotsec ones: %s" % sorted(summary["suites"]))
    check(summary["suites"]["iotsec-alpha"]["passed"], "a PASS verdict was not read")
    check(not summary["suites"]["iotsec-beta"]["passed"], "a FAIL verdict was read as a pass")
    failed = sorted(k for k, v in summary["examples"].items() if not v["ran"])
    check(failed == ["coap-floor default"], "example runs that failed: %s" % failed)
    with open(os.path.join(HERE, "..", "CMakeLists.txt"), encoding="utf-8") as f:
        cmake = f.read()
    examples = cmake.split("set(iotsec_examples", 1)[1].split(")", 1)[0].split()
    runs = 2 * len(examples)  # a small and a default run of every example
    check(runs >= 2 and "1/2 suites passed, %d/%d example runs" % (runs - 1, runs)
          in proc.stdout, "summary line: %r" % proc.stdout[-300:])
    with open(os.path.join(tree, "calls.log")) as f:
        calls = f.read()
    check("configure -d release --enable-examples --enable-tests --enable-modules=iotsec"
          in calls, "configure call: %r" % calls)
    check("cmake --build cmake-cache -j 3 --target test-runner floor-echo" in calls,
          "build call: %r" % calls)

    # --compare: exactly the metric that differs (not float noise, not wall clocks)
    for name, metrics in (("a", {"same": 1.0, "noise": 0.1 + 0.2, "moved": 2.0,
                                 "nested": {"k": 3}, "setupWallClock_s": 0.1}),
                          ("b", {"same": 1.0, "noise": 0.3, "moved": 2.5,
                                 "nested": {"k": 4}, "setupWallClock_s": 9.0})):
        os.makedirs(os.path.join(scratch, name, "default"), exist_ok=True)
        with open(os.path.join(scratch, name, "default", "ex.json"), "w") as f:
            json.dump({"metrics": metrics, "events": 10}, f)
    proc = run(["--compare", os.path.join(scratch, "a"), os.path.join(scratch, "b")])
    lines = proc.stdout.splitlines()
    check(proc.returncode == 0 and lines and lines[0].startswith("ex: 5 metrics, 2 differ"),
          "compare summary: %r" % proc.stdout)
    listed = sorted(line.split()[0] for line in lines[1:])
    check(listed == ["moved", "nested.k"], "compare listed %s" % listed)

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("check-tree: refusals, verdicts, summary and compare as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
