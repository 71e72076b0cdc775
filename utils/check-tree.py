#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""./iotsec check-tree: build and test iotsec inside an ns-3 source tree, as a researcher would.

usage: check-tree.py NS3_DIR [--profile P] [--jobs N] [--out DIR] [--no-build]
       check-tree.py --compare A B

Links this checkout into NS3_DIR/contrib/iotsec (a symbolic link; an existing contrib/iotsec
that is anything else is left alone and the check stops), configures ns-3 with only the modules
iotsec needs (--enable-modules=iotsec; ns-3 adds their dependencies) and with examples and
tests, builds the test runner and the module's examples, runs each of the module's test suites
through test.py, runs each example once through ./ns3 run with small arguments and once with
its default arguments (both with --results), and prints a summary. The summary, the results and
the logs are written to --out (default NS3_DIR/iotsec-check).

--compare A B compares the metrics of the default runs in two such --out directories (for
example an ns-3.48 tree against an ns-3.37 tree) and prints every metric that differs (numbers
by more than 1e-9 relative; wall-clock metrics are left out).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OLDEST = (3, 37)  # the floor: Debian 12's ns-3

# Small arguments for each example (a run of a few seconds at most). An example listed in
# CMakeLists.txt's iotsec_examples but missing here stops the check: add it.
SMALL_ARGS = {
    "floor-echo": ["--nodes=3", "--packets=3"],
    "handshake-loss": ["--sensors=2", "--hops=1"],
    "coap-floor": ["--nodes=3"],
    "building-topology": ["--floors=1", "--rooms=2", "--nodesPerRoom=2"],
    "building-automation": ["--floors=2", "--lightsPerFloor=4", "--commandFloors=2",
                            "--commands=1"],
    "health-care": ["--reads=1"],
    "e2e-security": ["--requests=2", "--lightsPerFloor=10", "--hops=1"],
    "border-router-attacks": ["--floors=2", "--commands=2", "--hops=1"],
    "oob-bootstrap": ["--nodes=3"],
    "secure-element-server": ["--rate=0.05", "--duration=120s", "--drain=60s"],
}


class CheckError(Exception):
    """A check that cannot go on, with the reason."""


def read_examples():
    """The example names of CMakeLists.txt's iotsec_examples list."""
    with open(os.path.join(TOP, "CMakeLists.txt")) as f:
        text = f.read()
    match = re.search(r"set\(iotsec_examples\s+([^)]*)\)", text)
    if not match:
        raise CheckError("CMakeLists.txt has no iotsec_examples list")
    return match.group(1).split()


def ns3_version(ns3_dir):
    """(major, minor) of the tree, from its VERSION file."""
    path = os.path.join(ns3_dir, "VERSION")
    if not os.path.isfile(os.path.join(ns3_dir, "ns3")) or not os.path.isfile(path):
        raise CheckError("%s is not an ns-3 source tree (no ns3 script or VERSION file)" % ns3_dir)
    with open(path) as f:
        text = f.read().strip()
    match = re.match(r"(?:ns-)?(\d+)\.(\d+)", text)
    if not match:
        raise CheckError("cannot read the ns-3 version from %s: %r" % (path, text))
    return (int(match.group(1)), int(match.group(2))), text


def link_module(ns3_dir):
    """contrib/iotsec -> this checkout; refuse to touch anything else."""
    link = os.path.join(ns3_dir, "contrib", "iotsec")
    if os.path.islink(link):
        if os.path.realpath(link) == os.path.realpath(TOP):
            return "existing link"
        raise CheckError("%s links to %s, not to this checkout (%s); remove it first"
                         % (link, os.path.realpath(link), TOP))
    if os.path.exists(link):
        raise CheckError("%s exists and is not a link to this checkout; move it away first" % link)
    os.makedirs(os.path.dirname(link), exist_ok=True)
    os.symlink(TOP, link)
    return "linked"


def run_logged(args, cwd, log, timeout=None):
    """Runs args, appending its output to log; returns (returncode, seconds, output)."""
    start = time.monotonic()
    try:
        proc = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=timeout)
        code, output = proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as e:
        code = -1
        output = (e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or ""))
        output += "\n[check-tree] timed out after %s s\n" % timeout
    seconds = time.monotonic() - start
    with open(log, "a") as f:
        f.write("$ %s\n%s\n[exit %d, %.1f s]\n\n" % (" ".join(args), output, code, seconds))
    return code, seconds, output


def tree_commit(ns3_dir):
    """The tree's git commit, when it is a git checkout."""
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ns3_dir, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def check(args):
    ns3_dir = os.path.abspath(args.ns3_dir)
    version, version_text = ns3_version(ns3_dir)
    if version < OLDEST:
        raise CheckError("ns-%s is older than the oldest release iotsec supports (ns-%d.%d)"
                         % (version_text, *OLDEST))
    examples = read_examples()
    missing = [e for e in examples if e not in SMALL_ARGS]
    if missing:
        raise CheckError("no small arguments for example(s) %s: add them to SMALL_ARGS in %s"
                         % (", ".join(missing), os.path.relpath(__file__, TOP)))
    out = os.path.abspath(args.out or os.path.join(ns3_dir, "iotsec-check"))
    os.makedirs(os.path.join(out, "small"), exist_ok=True)
    os.makedirs(os.path.join(out, "default"), exist_ok=True)
    log = os.path.join(out, "check.log")
    open(log, "w").close()
    summary = {
        "ns3Dir": ns3_dir,
        "ns3Version": version_text,
        "ns3Commit": tree_commit(ns3_dir),
        "profile": args.profile,
        "module": subprocess.run(["git", "rev-parse", "HEAD"], cwd=TOP, capture_output=True,
                                 text=True).stdout.strip() or None,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "link": link_module(ns3_dir),
        "suites": {},
        "examples": {},
    }
    print("check-tree: ns-%s in %s (%s), profile %s, log %s"
          % (version_text, ns3_dir, summary["link"], args.profile, log), flush=True)
    ns3 = [sys.executable, "./ns3"]
    try:
        if not args.no_build:
            code, seconds, _ = run_logged(
                ns3 + ["configure", "-d", args.profile, "--enable-examples", "--enable-tests",
                       "--enable-modules=iotsec"], ns3_dir, log)
            summary["configureSeconds"] = round(seconds, 1)
            if code != 0:
                raise CheckError("./ns3 configure failed (see %s)" % log)
            print("configured in %.0f s" % seconds, flush=True)
            # The test runner (every enabled module's test library) and the module's examples;
            # the other modules' examples are not needed.
            # What ./ns3 build runs, but with --jobs: ./ns3 takes one job fewer than the cores
            # (one on 2 cores), and ns-3.37's ./ns3 ignores a larger -j
            code, seconds, _ = run_logged(["cmake", "--build", "cmake-cache", "-j", str(args.jobs),
                                           "--target", "test-runner"] + examples, ns3_dir, log)
            summary["buildSeconds"] = round(seconds, 1)
            if code != 0:
                raise CheckError("./ns3 build failed (see %s)" % log)
            print("built in %.0f s" % seconds, flush=True)

        # Test suites, one test.py call each
        code, _, listing = run_logged([sys.executable, "./test.py", "--no-build", "--list"],
                                      ns3_dir, log)
        suites = sorted(set(re.findall(r"\b(iotsec-[a-z0-9-]+)\b", listing)))
        if code != 0 or not suites:
            raise CheckError("test.py --list shows no iotsec suite (see %s)" % log)
        for suite in suites:
            code, seconds, output = run_logged(
                [sys.executable, "./test.py", "--no-build", "--suite=" + suite], ns3_dir, log,
                timeout=1800)
            plain = re.sub(r"\x1b\[[0-9;]*m", "", output)  # test.py colours its verdicts
            verdict = r"^\[1/1\] PASS: TestSuite %s$" % re.escape(suite)
            passed = code == 0 and re.search(verdict, plain, re.M)
            summary["suites"][suite] = {"passed": bool(passed), "seconds": round(seconds, 1)}
            print("  %-4s %-34s %6.1f s" % ("PASS" if passed else "FAIL", suite, seconds),
                  flush=True)

        # Examples: small arguments, then defaults
        for kind in ("small", "default"):
            for example in examples:
                result = os.path.join(out, kind, example + ".json")
                if os.path.exists(result):
                    os.remove(result)
                extra = SMALL_ARGS[example] if kind == "small" else []
                program = " ".join([example] + extra + ["--results=" + result])
                code, seconds, _ = run_logged(ns3 + ["run", "--no-build", program], ns3_dir, log,
                                              timeout=3600)
                ok = code == 0 and os.path.exists(result)
                summary["examples"]["%s %s" % (example, kind)] = {
                    "ran": ok, "seconds": round(seconds, 1), "args": extra}
                print("  %-4s %-34s %6.1f s" % ("RAN" if ok else "FAIL", example + " (" + kind +
                                                 ")", seconds), flush=True)
    finally:
        with open(os.path.join(out, "summary.json"), "w") as f:
            json.dump(summary, f, indent=2)
    suites_passed = sum(s["passed"] for s in summary["suites"].values())
    examples_ran = sum(e["ran"] for e in summary["examples"].values())
    print("check-tree: ns-%s: %d/%d suites passed, %d/%d example runs succeeded%s; summary %s"
          % (version_text, suites_passed, len(summary["suites"]), examples_ran,
             len(summary["examples"]),
             ", build %.0f s" % summary["buildSeconds"] if "buildSeconds" in summary else "",
             os.path.join(out, "summary.json")))
    return 0 if (suites_passed == len(summary["suites"]) and
                 examples_ran == len(summary["examples"])) else 1


def flatten(value, prefix=""):
    """{"a": {"b": 1}} -> {"a.b": 1}; lists by index."""
    items = {}
    if isinstance(value, dict):
        for key, sub in value.items():
            items.update(flatten(sub, prefix + key + "."))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            items.update(flatten(sub, prefix + str(i) + "."))
    else:
        items[prefix[:-1]] = value
    return items


def same(x, y):
    """Equal, or numbers equal to 1e-9 relative (the same sum in another order)."""
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and x is not None:
        return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-300)
    return x == y


def compare(a, b):
    """Prints the metrics of the default runs that differ between two --out directories."""
    for directory in (a, b):
        if not os.path.isdir(os.path.join(directory, "default")):
            raise CheckError("%s has no default/ results (run check-tree with --out first)"
                             % directory)
    names = sorted(set(os.listdir(os.path.join(a, "default"))) |
                   set(os.listdir(os.path.join(b, "default"))))
    for name in names:
        runs = []
        for directory in (a, b):
            path = os.path.join(directory, "default", name)
            if not os.path.exists(path):
                print("%s: only in %s" % (name, a if directory == b else b))
                break
            with open(path) as f:
                runs.append(json.load(f))
        if len(runs) != 2:
            continue
        left, right = (flatten(r.get("metrics", {})) for r in runs)
        rows = [(k, left.get(k), right.get(k)) for k in sorted(set(left) | set(right))
                if "WallClock" not in k and not same(left.get(k), right.get(k))]
        events = (runs[0].get("events"), runs[1].get("events"))
        print("%s: %d metrics, %d differ; events %s vs %s"
              % (name[:-5], len(set(left) | set(right)), len(rows), *events))
        for key, x, y in rows:
            print("    %-60s %-20s %s" % (key, x, y))
    return 0


def main():
    parser = argparse.ArgumentParser(
        prog="./iotsec check-tree", description=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ns3_dir", nargs="?", metavar="NS3_DIR", help="an ns-3 source tree")
    parser.add_argument("--profile", default="release", choices=["release", "default", "debug",
                                                                 "optimized"],
                        help="ns-3 build profile (default: release)")
    parser.add_argument("--out", help="directory for the summary, results and logs "
                        "(default: NS3_DIR/iotsec-check)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="parallel build jobs (default: the number of cores)")
    parser.add_argument("--no-build", action="store_true",
                        help="do not configure or build (the tree is already built)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                        help="compare the default runs of two --out directories")
    args = parser.parse_args()
    try:
        if args.compare:
            return compare(*args.compare)
        if not args.ns3_dir:
            parser.error("NS3_DIR is required")
        return check(args)
    except CheckError as e:
        print("check-tree: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
