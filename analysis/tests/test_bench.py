#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-bench-tiny: ./iotsec bench on a 2 x 3 building, its JSON, --compare, errors.

usage: test_bench.py <build dir> <scratch dir>

Runs analysis/bench.py (what ./iotsec bench runs after building) with --sizes 2x3
--attack-sizes 2x3 --repeat 1 against the real building-automation and border-router-attacks,
and checks the JSON it writes: the machine, the module commit (the build's), the ns-3 version,
one case per channel, mode and rdc (lpl on the first channel only) with the measured figures,
events equal to those of the same run made directly, and the ratios to nosec, stock channel /
neighbour list and lpl / none recomputed here from the cases; two attack cases (filter off and
on) with the measured figures, events and frames equal to those of the same runs made directly
(the attacked run's frames from off.lln_frames or on.lln_frames, the baseline's from
baseline.lln_frames), and the on / off ratios recomputed from them. With a stand-in build (made-up
results, in a few tenths of a second, and no border-router-attacks: --attack-sizes none) it
checks that --repeat 3 records three runs and takes their median, that each run is given the
case's --rdc, that --compare prints old against new for every case and attack case (and
--against compares two saved files, also with a format-2 bench that predates rdc and a
format-3 bench that predates the attack cases), and that each kind of bad input ends with one
clear error line and a non-zero exit status, never a traceback, and writes nothing.

Nothing here asserts how fast anything is: speed is measured by the bench, not tested.
"""

import json
import os
import statistics
import subprocess
import sys

from helpers import (ANALYSIS, PYTHON, TOP, calls, check, finish, fresh_dir, real_commit,
                     stand_in_build, write)

import bench as bench_py  # noqa: E402 (helpers puts analysis/ on the path)

BENCH = os.path.join(ANALYSIS, "bench.py")
MODES = ("ssm", "dtls-1n", "nosec")
CHANNELS = ("NeighborList", "SingleModel")
RDCS = ("none", "lpl")
ATTACK_QUANTITIES = ("wall_s", "events", "peak_rss_kib", "lln_frames")
ATTACK_ARGS = ("--attack=request-flood", "--rate=10", "--RngSeed=1", "--RngRun=1")


def expected_cases(sizes, channels, modes, rdcs):
    """(size, channel, mode, rdc) of a bench, in order: rdc=none on every channel, lpl on the
    first channel only."""
    return [(s, ch, mo, rd) for s in sizes for rd in rdcs
            for ch in (channels if rd == "none" else channels[:1]) for mo in modes]


def run_lines(build):
    """The command lines a stand-in build's example was started with."""
    try:
        with open(os.path.join(build, "calls.log"), encoding="utf-8") as f:
            return [line.split() for line in f]
    except OSError:
        return []


def check_rdc_argv(build, channels, rdcs, runs, what):
    """Every run got one --rdc, of `rdcs`, and lpl only with the first channel."""
    lines = run_lines(build)
    check(len(lines) == runs, "%s: %d runs, not %d" % (what, len(lines), runs))
    for argv in lines:
        rdc = [a[len("--rdc="):] for a in argv if a.startswith("--rdc=")]
        channel = [a[len("--IotsecLlnChannel="):] for a in argv
                   if a.startswith("--IotsecLlnChannel=")]
        check(len(rdc) == 1 and rdc[0] in rdcs and len(channel) == 1 and
              (rdc[0] == "none" or channel[0] == channels[0]),
              "%s: a run's command line %r" % (what, " ".join(argv)))
    for rdc in rdcs:
        check(any("--rdc=" + rdc in argv for argv in lines), "%s: no run with --rdc=%s"
              % (what, rdc))


def bench(*args, timeout=300):
    return subprocess.run([PYTHON, BENCH, *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def expect_error(proc, fragment, what):
    """`proc` must have failed with `fragment` in its error output and no traceback."""
    check(proc.returncode not in (0, None), "%s: exit status 0" % what)
    check("Traceback" not in proc.stderr, "%s: Python traceback:\n%s" % (what, proc.stderr))
    check(fragment in proc.stderr, "%s: %r lacks %r" % (what, proc.stderr.strip()[-600:],
                                                        fragment))


def close(a, b, rel=1e-3):
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
        abs(a - b) <= rel * max(abs(a), abs(b), 1e-9)


def check_structure(data, commit, sizes, modes, repeat, what, channels=CHANNELS, rdcs=RDCS,
                    attack_sizes=()):
    """The bench JSON's structure, and its derived figures recomputed from its measurements."""
    for key in ("bench", "format", "example", "date", "machine", "module", "ns3Version",
                "settings", "method", "cases", "ratios", "channel_ratios", "rdc_ratios",
                "attack_cases", "attack_ratios"):
        check(key in data, "%s: no '%s'" % (what, key))
    check(data.get("format") == 4, "%s: format %r, not 4" % (what, data.get("format")))
    m = data.get("machine", {})
    check(isinstance(m.get("hostname"), str) and m["hostname"], "%s: machine.hostname" % what)
    check(isinstance(m.get("cpu_model"), str) and m["cpu_model"], "%s: machine.cpu_model" % what)
    check(isinstance(m.get("cores"), int) and m["cores"] >= 1, "%s: machine.cores" % what)
    check(data.get("module", {}).get("commit") == commit,
          "%s: module.commit %r is not the build's %r" % (what, data.get("module"), commit))
    check(data.get("date", "").endswith("Z") and data["date"][:2] == "20", "%s: date %r"
          % (what, data.get("date")))
    check(data.get("settings", {}).get("sizes") == sizes and
          data["settings"].get("modes") == list(modes) and
          data["settings"].get("channels") == list(channels) and
          data["settings"].get("rdcs") == list(rdcs) and
          data["settings"].get("lpl_channel") == channels[0] and
          "first channel only (%s)" % channels[0] in data["settings"].get("rdc_rule", "") and
          data["settings"].get("attack_sizes") == list(attack_sizes) and
          data["settings"].get("repeat") == repeat, "%s: settings %r" % (what,
                                                                       data.get("settings")))
    for key in ("attack_cases", "attack_lln_frames", "attack_baseline_lln_frames",
                "attack_packets", "attack_entered", "attack_ratios"):
        check(key in data.get("method", {}), "%s: method has no '%s'" % (what, key))
    check_attack_cases(data, attack_sizes, repeat, what)
    cases = data.get("cases", [])
    got = [(c.get("size"), c.get("channel"), c.get("mode"), c.get("rdc")) for c in cases]
    check(got == expected_cases(sizes, channels, modes, rdcs), "%s: cases %r" % (what, got))
    for c in cases:
        name = "%s: case %s %s %s %s" % (what, c.get("size"), c.get("channel"), c.get("mode"),
                                         c.get("rdc"))
        runs = c.get("runs", [])
        check(len(runs) == repeat, "%s: %d runs, not %d" % (name, len(runs), repeat))
        if not runs:
            continue
        numbers = [int(x) for x in c["size"].split("x")]
        buildings, floors, lights = numbers if len(numbers) == 3 else [1] + numbers
        check(c.get("buildings") == buildings and c.get("floors") == floors and
              c.get("lightsPerFloor") == lights, "%s: buildings/floors/lightsPerFloor" % name)
        check(c.get("params", {}).get("mode") == c["mode"] and
              c["params"].get("IotsecLlnChannel") == c["channel"] and
              c["params"].get("rdc") == c["rdc"] and
              c["params"].get("buildings") == buildings and
              c["params"].get("floors") == floors and
              c["params"].get("lightsPerFloor") == lights and
              c["params"].get("clients") == 1 and c["params"].get("commands") == 2 and
              c["params"].get("commandFloors") == str(min(3, floors)),
              "%s: the run's params %r" % (name, c.get("params")))
        for r in runs:
            check(all(isinstance(r.get(k), (int, float)) and r[k] > 0 for k in
                      ("wall_s", "cpu_s", "peak_rss_kib", "program_wall_s", "events")),
                  "%s: a run lacks a positive figure: %r" % (name, r))
        if not all(isinstance(r.get("wall_s"), (int, float)) for r in runs):
            continue
        check(close(c.get("wall_s"), statistics.median(r["wall_s"] for r in runs)),
              "%s: wall_s %r is not the median of %r" % (name, c.get("wall_s"), runs))
        check(close(c.get("cpu_s"), statistics.median(r["cpu_s"] for r in runs)),
              "%s: cpu_s is not the median" % name)
        check(c.get("peak_rss_kib") == max(r["peak_rss_kib"] for r in runs),
              "%s: peak_rss_kib is not the largest" % name)
        check(isinstance(c.get("events"), int) and c["events"] == runs[0]["events"],
              "%s: events" % name)
        check(close(c.get("events_per_s"), c["events"] / c["wall_s"], rel=1e-2),
              "%s: events_per_s %r is not events / wall_s" % (name, c.get("events_per_s")))
        check(isinstance(c.get("lln_frames"), int) and c["lln_frames"] > 0 and
              close(c.get("wall_per_frame_us"), 1e6 * c["wall_s"] / c["lln_frames"],
                    rel=1e-2),
              "%s: wall_per_frame_us %r is not wall_s / lln_frames %r"
              % (name, c.get("wall_per_frame_us"), c.get("lln_frames")))
    # the ratios, recomputed from the cases (each among the cases of one rdc)
    quantities = ("wall_s", "cpu_s", "events", "peak_rss_kib")
    by_key = {(c.get("size"), c.get("channel"), c.get("rdc"), c.get("mode")): c for c in cases}
    expected = []
    for c in cases:
        base = by_key.get((c.get("size"), c.get("channel"), c.get("rdc"), "nosec"))
        if c.get("mode") != "nosec" and base:
            expected.append({"size": c["size"], "channel": c["channel"], "mode": c["mode"],
                             "rdc": c["rdc"], **{k: c[k] / base[k] for k in
                                                 quantities + ("wall_per_frame_us",)}})
    got = data.get("ratios", [])
    check(len(got) == len(expected), "%s: %d ratios, not %d" % (what, len(got), len(expected)))
    for e, g in zip(expected, got):
        check(g.get("size") == e["size"] and g.get("mode") == e["mode"] and
              g.get("channel") == e["channel"] and g.get("rdc") == e["rdc"] and
              g.get("baseline") == "nosec", "%s: ratio row %r" % (what, g))
        for k in quantities + ("wall_per_frame_us",):
            check(close(g.get(k), e[k]), "%s: ratio %s %s %s is %r, the cases give %r"
                  % (what, e["size"], e["mode"], k, g.get(k), e[k]))
    # stock channel / neighbour list, recomputed from the cases
    expected = []
    for c in cases:
        base = by_key.get((c.get("size"), "NeighborList", c.get("rdc"), c.get("mode")))
        if c.get("channel") == "SingleModel" and base:
            expected.append({"size": c["size"], "mode": c["mode"],
                             **{k: c[k] / base[k] for k in quantities}})
    got = data.get("channel_ratios", [])
    check(len(got) == len(expected), "%s: %d channel ratios, not %d"
          % (what, len(got), len(expected)))
    for e, g in zip(expected, got):
        check(g.get("size") == e["size"] and g.get("mode") == e["mode"] and
              g.get("baseline") == "NeighborList", "%s: channel ratio row %r" % (what, g))
        for k in quantities:
            check(close(g.get(k), e[k]), "%s: channel ratio %s %s %s is %r, the cases give %r"
                  % (what, e["size"], e["mode"], k, g.get(k), e[k]))
    # lpl / none on the first channel, recomputed from the cases
    rdc_quantities = ("wall_s", "events", "peak_rss_kib", "lln_frames")
    expected = []
    for c in cases:
        base = by_key.get((c.get("size"), channels[0], "none", c.get("mode")))
        if c.get("rdc") == "lpl" and c.get("channel") == channels[0] and base:
            expected.append({"size": c["size"], "mode": c["mode"],
                             **{k: c[k] / base[k] for k in rdc_quantities}})
    got = data.get("rdc_ratios", [])
    check(len(got) == len(expected), "%s: %d rdc ratios, not %d"
          % (what, len(got), len(expected)))
    for e, g in zip(expected, got):
        check(g.get("size") == e["size"] and g.get("mode") == e["mode"] and
              g.get("channel") == channels[0] and g.get("rdc") == "lpl" and
              g.get("baseline") == "none", "%s: rdc ratio row %r" % (what, g))
        for k in rdc_quantities:
            check(close(g.get(k), e[k]), "%s: rdc ratio %s %s %s is %r, the cases give %r"
                  % (what, e["size"], e["mode"], k, g.get(k), e[k]))


def check_attack_cases(data, attack_sizes, repeat, what):
    """The attack cases: filter off and on per attack size, the measured figures, the counts
    from the metrics, and the on / off ratios recomputed from the cases."""
    cases = data.get("attack_cases", [])
    got = [(c.get("size"), c.get("filter")) for c in cases]
    check(got == [(s, f) for s in attack_sizes for f in ("off", "on")],
          "%s: attack cases %r" % (what, got))
    for c in cases:
        name = "%s: attack case %s filter=%s" % (what, c.get("size"), c.get("filter"))
        floors, lights = [int(x) for x in c["size"].split("x")]
        params = c.get("params", {})
        check(c.get("example") == "border-router-attacks" and
              c.get("attack") == "request-flood" and c.get("rate") == 10 and
              c.get("floors") == floors and c.get("lightsPerFloor") == lights and
              params.get("attack") == "request-flood" and params.get("rate") == 10 and
              params.get("filter") == c.get("filter") and params.get("floors") == floors and
              params.get("lightsPerFloor") == lights and
              params.get("hops") == c.get("hops") == (2 if lights >= 7 else 1),
              "%s: its settings and the run's params %r" % (name, params))
        runs = c.get("runs", [])
        check(len(runs) == repeat, "%s: %d runs, not %d" % (name, len(runs), repeat))
        for r in runs:
            check(all(isinstance(r.get(k), (int, float)) and r[k] > 0 for k in
                      ("wall_s", "cpu_s", "peak_rss_kib", "program_wall_s", "events")),
                  "%s: a run lacks a positive figure: %r" % (name, r))
        if not runs or not all(isinstance(r.get("wall_s"), (int, float)) for r in runs):
            continue
        check(close(c.get("wall_s"), statistics.median(r["wall_s"] for r in runs)),
              "%s: wall_s %r is not the median of %r" % (name, c.get("wall_s"), runs))
        check(close(c.get("cpu_s"), statistics.median(r["cpu_s"] for r in runs)),
              "%s: cpu_s is not the median" % name)
        check(close(c.get("program_wall_s"),
                    statistics.median(r["program_wall_s"] for r in runs)),
              "%s: program_wall_s is not the median" % name)
        check(c.get("peak_rss_kib") == max(r["peak_rss_kib"] for r in runs),
              "%s: peak_rss_kib is not the largest" % name)
        check(isinstance(c.get("events"), int) and c["events"] == runs[0]["events"],
              "%s: events" % name)
        check(close(c.get("events_per_s"), c["events"] / c["wall_s"], rel=1e-2),
              "%s: events_per_s %r is not events / wall_s" % (name, c.get("events_per_s")))
        check(all(isinstance(c.get(k), int) and c[k] >= 0 for k in
                  ("lln_frames", "baseline_lln_frames", "attack_packets", "attack_entered")) and
              c["lln_frames"] > 0 and c["baseline_lln_frames"] > 0 and
              c["attack_packets"] > 0 and c["attack_entered"] <= c["attack_packets"],
              "%s: frames and attack datagrams %r" % (name, {k: c.get(k) for k in (
                  "lln_frames", "baseline_lln_frames", "attack_packets", "attack_entered")}))
    by_key = {(c.get("size"), c.get("filter")): c for c in cases}
    expected = []
    for c in cases:
        base = by_key.get((c.get("size"), "off"))
        if c.get("filter") == "on" and base:
            expected.append({"size": c["size"], **{k: c[k] / base[k] for k in
                                                   ATTACK_QUANTITIES}})
    got = data.get("attack_ratios", [])
    check(len(got) == len(expected), "%s: %d attack ratios, not %d"
          % (what, len(got), len(expected)))
    for e, g in zip(expected, got):
        check(g.get("size") == e["size"] and g.get("filter") == "on" and
              g.get("baseline") == "off" and g.get("attack") == "request-flood",
              "%s: attack ratio row %r" % (what, g))
        for k in ATTACK_QUANTITIES:
            check(close(g.get(k), e[k]), "%s: attack ratio %s %s is %r, the cases give %r"
                  % (what, e["size"], k, g.get(k), e[k]))


def main_table(stdout):
    """The lines of the bench's first table (before its attack table)."""
    return stdout.split("\nborder-router-attacks: ")[0].splitlines()


def compare_sections(stdout):
    """A comparison's output: the cases' part, and the attack cases' part ('' without)."""
    cases, _, attack = stdout.partition("\nborder-router-attacks, old against new\n")
    return cases, attack


def format2(data):
    """`data` as a format-2 bench (before rdc): its rdc=none cases, and no rdc anywhere."""
    old = json.loads(json.dumps(data))
    old["format"] = 2
    for key in ("rdcs", "lpl_channel", "rdc_rule"):
        old["settings"].pop(key, None)
    old.pop("rdc_ratios", None)
    old["method"].pop("rdc_ratios", None)
    for key in ("cases", "ratios", "channel_ratios"):
        old[key] = [row for row in old[key] if row.pop("rdc", "none") == "none"]
    return format3(old, 2)


def format3(data, number=3):
    """`data` as a format-3 bench (before the attack cases): no attack anywhere."""
    old = json.loads(json.dumps(data))
    old["format"] = number
    for key in ("attack_sizes", "attack"):
        old["settings"].pop(key, None)
    for key in ("attack_cases", "attack_ratios"):
        old.pop(key, None)
    old["method"] = {k: v for k, v in old["method"].items() if not k.startswith("attack")}
    return old


def main():
    build, scratch = os.path.abspath(sys.argv[1]), fresh_dir(sys.argv[2])
    commit = real_commit(build)

    # help, through the driver (help needs no build)
    proc = subprocess.run([os.path.join(TOP, "iotsec"), "--help"], capture_output=True,
                          text=True, timeout=60)
    check(proc.returncode == 0 and "\n  bench " in proc.stdout, "./iotsec --help lacks bench")
    proc = subprocess.run([os.path.join(TOP, "iotsec"), "bench", "--help"],
                          capture_output=True, text=True, timeout=60)
    check(proc.returncode == 0 and proc.stdout.startswith("usage: ./iotsec bench") and
          "--compare" in proc.stdout and "--repeat" in proc.stdout,
          "./iotsec bench --help: %r" % (proc.stdout[:200] + proc.stderr[:200]))

    # the real examples, 2 floors x 3 lights, every mode once, and the attack case on 2 x 3
    real = os.path.join(scratch, "real.json")
    proc = bench("--build-dir", build, "--sizes", "2x3", "--attack-sizes", "2x3", "--repeat",
                 "1", "--out", real)
    check(proc.returncode == 0, "bench 2x3 failed: %s" % (proc.stdout[-1500:] +
                                                          proc.stderr[-1500:]))
    check("Traceback" not in proc.stderr, "bench 2x3: traceback")
    table = [line.split()[1:4] for line in main_table(proc.stdout) if line.startswith("2x3")
             and len(line.split()) > 10]
    check(table == [[ch, mo, rd] for _, ch, mo, rd in
                    expected_cases(["2x3"], CHANNELS, MODES, RDCS)],
          "bench 2x3: the table's channel, mode and rdc columns %r:\n%s" % (table, proc.stdout))
    check("ns-3's stock channel / neighbour list" in proc.stdout,
          "bench 2x3: no channel comparison:\n%s" % proc.stdout)
    check("low-power listening / always-on radios (NeighborList)" in proc.stdout,
          "bench 2x3: no rdc comparison:\n%s" % proc.stdout)
    attack_table = proc.stdout.partition("\nborder-router-attacks: request-flood at 10")[2]
    attack_rows = [line.split()[:2] for line in attack_table.splitlines()
                   if line.startswith("2x3")]
    check(attack_rows == [["2x3", "off"], ["2x3", "on"], ["2x3", "on"]] and
          "filter on / off: wall clock, events, RSS, frames" in attack_table,
          "bench 2x3: the attack table (two cases, then the ratio) %r:\n%s"
          % (attack_rows, proc.stdout))
    try:
        with open(real, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        check(False, "bench 2x3 wrote no JSON: %s" % e)
        return finish("bench")
    check_structure(data, commit, ["2x3"], MODES, 1, "bench 2x3", attack_sizes=["2x3"])
    check(data.get("ns3Version") not in (None, "", "unknown"), "ns3Version %r"
          % data.get("ns3Version"))
    # the attack cases' events and counts are the example's own: the same runs made directly
    # (no light of a 3-light floor is 2 hops from its 6LBR: the bench asks for --hops=1)
    for attack_filter in ("off", "on"):
        direct_attack = os.path.join(scratch, "direct-attack-%s.json" % attack_filter)
        proc = subprocess.run([os.path.join(build, "examples", "border-router-attacks"),
                               "--floors=2", "--lightsPerFloor=3", "--hops=1",
                               "--filter=" + attack_filter, *ATTACK_ARGS,
                               "--results=" + direct_attack],
                              capture_output=True, text=True, timeout=120)
        check(proc.returncode == 0, "border-router-attacks 2x3 --filter=%s failed: %s"
              % (attack_filter, proc.stderr[-800:]))
        if proc.returncode != 0:
            continue
        with open(direct_attack, encoding="utf-8") as f:
            result = json.load(f)
        metrics = result["metrics"]
        case = [c for c in data.get("attack_cases", []) if c.get("filter") == attack_filter]
        check(len(case) == 1 and case[0].get("events") == result["events"],
              "bench attack 2x3 filter=%s events %r, the run: %r"
              % (attack_filter, [c.get("events") for c in case], result["events"]))
        if len(case) != 1:
            continue
        expected = {"lln_frames": metrics[attack_filter + ".lln_frames"],
                    "baseline_lln_frames": metrics["baseline.lln_frames"],
                    "attack_packets": metrics[attack_filter + ".attackPackets"],
                    "attack_entered": metrics[attack_filter + ".attackEntered"]}
        check(all(case[0].get(k) == v for k, v in expected.items()),
              "bench attack 2x3 filter=%s: %r, the run's metrics give %r"
              % (attack_filter, {k: case[0].get(k) for k in expected}, expected))
        # the attacked run's frames are not the baseline's (the flood enters with the filter
        # off, and with the filter on only the baseline's traffic remains)
        check((case[0].get("lln_frames") > case[0].get("baseline_lln_frames"))
              == (attack_filter == "off") and
              (case[0].get("attack_entered") > 0) == (attack_filter == "off"),
              "bench attack 2x3 filter=%s: frames %r, baseline's %r, entered %r"
              % (attack_filter, case[0].get("lln_frames"), case[0].get("baseline_lln_frames"),
                 case[0].get("attack_entered")))
    # the events are the example's own: the same run made directly reports the same number
    direct = os.path.join(scratch, "direct.json")
    proc = subprocess.run([os.path.join(build, "examples", "building-automation"),
                           "--mode=ssm", "--floors=2", "--lightsPerFloor=3", "--commandFloors=2",
                           "--clients=1", "--commands=2", "--results=" + direct],
                          capture_output=True, text=True, timeout=120)
    check(proc.returncode == 0, "building-automation 2x3 ssm failed: %s" % proc.stderr[-800:])
    if proc.returncode == 0:
        with open(direct, encoding="utf-8") as f:
            events = json.load(f)["events"]
        ssm = [c for c in data.get("cases", []) if c.get("mode") == "ssm" and
               c.get("rdc") == "none"]
        check(len(ssm) == 2 and all(c.get("events") == events for c in ssm),
              "bench ssm events %r (both channels), the run: %r"
              % ([c.get("events") for c in ssm], events))
        lpl = [c for c in data.get("cases", []) if c.get("rdc") == "lpl"]
        check(lpl and all(c.get("events") != events for c in lpl if c["mode"] == "ssm"),
              "bench ssm rdc=lpl has the events of rdc=none: --rdc did not reach the example")

    # a stand-in build: --repeat 3 and the median, --compare, --against
    fake_commit = "c0ffee" * 6 + "c0ff"
    fake = stand_in_build(os.path.join(scratch, "fake"), fake_commit, ["building-automation"])
    three = os.path.join(scratch, "three.json")
    proc = bench("--build-dir", fake, "--sizes", "2x3,3x4x2", "--modes", "ssm,nosec",
                 "--attack-sizes", "none", "--repeat", "3", "--out", three)
    check(proc.returncode == 0, "stand-in bench failed: %s" % proc.stderr[-1500:])
    check_rdc_argv(fake, CHANNELS, RDCS, 2 * 3 * (2 * 2 + 2), "stand-in bench")
    if proc.returncode == 0:
        with open(three, encoding="utf-8") as f:
            check_structure(json.load(f), fake_commit, ["2x3", "3x4x2"], ("ssm", "nosec"), 3,
                            "stand-in bench")
    one = os.path.join(scratch, "one-channel.json")
    proc = bench("--build-dir", fake, "--sizes", "3x4x2", "--channels", "NeighborList",
                 "--attack-sizes", "none", "--repeat", "1", "--out", one)
    check(proc.returncode == 0, "stand-in bench, one channel, failed: %s" % proc.stderr[-1500:])
    if proc.returncode == 0:
        with open(one, encoding="utf-8") as f:
            check_structure(json.load(f), fake_commit, ["3x4x2"], MODES, 1,
                            "stand-in bench, one channel", channels=("NeighborList",))
    # --rdcs: parsed like --modes, and lpl on the first channel, whichever that is
    check(bench_py.rdc_list("lpl, none,lpl") == ["lpl", "none"],
          "--rdcs 'lpl, none,lpl' gives %r" % bench_py.rdc_list("lpl, none,lpl"))
    check(bench_py.case_keys([(1, 2, 3)], ["SingleModel", "NeighborList"], ["ssm"],
                             ["none", "lpl"]) ==
          [((1, 2, 3), "SingleModel", "ssm", "none"), ((1, 2, 3), "NeighborList", "ssm", "none"),
           ((1, 2, 3), "SingleModel", "ssm", "lpl")], "case_keys: lpl not on the first channel")
    rdc_build = stand_in_build(os.path.join(scratch, "rdc"), fake_commit, ["building-automation"])
    lpl_first = os.path.join(scratch, "lpl-first.json")
    proc = bench("--build-dir", rdc_build, "--sizes", "2x3", "--channels",
                 "SingleModel,NeighborList", "--modes", "nosec,ssm", "--rdcs", "lpl, none,lpl",
                 "--attack-sizes", "none", "--repeat", "1", "--out", lpl_first)
    check(proc.returncode == 0, "stand-in bench --rdcs lpl,none failed: %s" % proc.stderr[-1500:])
    check_rdc_argv(rdc_build, ("SingleModel", "NeighborList"), RDCS, 2 * 2 + 2,
                   "stand-in bench --rdcs lpl,none")
    if proc.returncode == 0:
        with open(lpl_first, encoding="utf-8") as f:
            check_structure(json.load(f), fake_commit, ["2x3"], ("nosec", "ssm"), 1,
                            "stand-in bench --rdcs lpl,none",
                            channels=("SingleModel", "NeighborList"), rdcs=("lpl", "none"))
    proc = bench("--build-dir", build, "--compare", real, "--out",
                 os.path.join(scratch, "again.json"))
    check(proc.returncode == 0, "--compare failed: %s" % proc.stderr[-1500:])
    check("are those of" in proc.stdout, "--compare: does not say it took OLD's settings")
    cases_part, attack_part = compare_sections(proc.stdout)
    rows = [line for line in cases_part.splitlines() if line.startswith("2x3") and "%" in line]
    check(len(rows) == 9, "--compare: %d old/new rows, not 9:\n%s" % (len(rows), proc.stdout))
    rows = [line.split()[:3] for line in attack_part.splitlines()
            if line.startswith("2x3") and "%" in line]
    check(rows == [["2x3", "request-flood", "off"], ["2x3", "request-flood", "on"]] and
          "no attack cases" not in proc.stdout,
          "--compare: old/new attack rows %r:\n%s" % (rows, proc.stdout))
    check("old: " in proc.stdout and "new: " in proc.stdout, "--compare: no old/new lines")
    with open(os.path.join(scratch, "again.json"), encoding="utf-8") as f:
        check_structure(json.load(f), commit, ["2x3"], MODES, 1, "bench --compare",
                        attack_sizes=["2x3"])
    proc = bench("--compare", real, "--against", three)
    check(proc.returncode == 0, "--against failed: %s" % proc.stderr[-800:])
    check("only in the old bench" in proc.stdout and "only in the new bench" in proc.stdout,
          "--against: cases of one bench only are not named:\n%s" % proc.stdout)
    check(any(line.split()[:3] == ["2x3", "NeighborList", "ssm"]
              for line in proc.stdout.splitlines()),
          "--against: no 2x3 NeighborList ssm row:\n%s" % proc.stdout)
    # the old bench's attack cases, and that the new one ran none
    cases_part, attack_part = compare_sections(proc.stdout)
    rows = [line.split() for line in attack_part.splitlines() if line.startswith("2x3")]
    check(rows == [["2x3", "request-flood", f, "only", "in", "the", "old", "bench"]
                   for f in ("off", "on")] and
          "the new bench has no attack cases (run with --attack-sizes none)" in attack_part,
          "--against a bench run with --attack-sizes none: attack rows %r:\n%s"
          % (rows, proc.stdout))
    # a format-3 bench (before the attack cases) against the bench it was made from: the
    # cases compare as before, the attack cases are named as the new bench's only
    old3 = write(os.path.join(scratch, "format3.json"), json.dumps(format3(data)))
    proc = bench("--compare", old3, "--against", real)
    check(proc.returncode == 0, "--against a format-3 bench failed: %s" % proc.stderr[-800:])
    cases_part, attack_part = compare_sections(proc.stdout)
    rows = [line for line in cases_part.splitlines() if line.startswith("2x3") and "%" in line]
    attack_rows = [line.split() for line in attack_part.splitlines() if line.startswith("2x3")]
    check(len(rows) == 9 and "only in the" not in cases_part and
          "the old bench has no attack cases (format 3, before format 4)" in attack_part and
          attack_rows == [["2x3", "request-flood", f, "only", "in", "the", "new", "bench"]
                          for f in ("off", "on")],
          "--compare format 3 --against format 4: %d rows, attack rows %r:\n%s"
          % (len(rows), attack_rows, proc.stdout))
    proc = bench("--compare", real, "--against", old3)
    cases_part, attack_part = compare_sections(proc.stdout)
    check(proc.returncode == 0 and
          "the new bench has no attack cases (format 3, before format 4)" in attack_part and
          len([line for line in attack_part.splitlines()
               if line.endswith("only in the old bench")]) == 2,
          "--compare format 4 --against format 3:\n%s" % (proc.stdout + proc.stderr[-800:]))
    # a format-2 bench (no rdc): its cases are rdc=none, and a bench compared with it too
    if os.path.exists(three):
        with open(three, encoding="utf-8") as f:
            old2 = write(os.path.join(scratch, "format2.json"), json.dumps(format2(json.load(f))))
        proc = bench("--compare", old2, "--against", three)
        check(proc.returncode == 0, "--against a format-2 bench failed: %s" % proc.stderr[-800:])
        lines = [line.split() for line in proc.stdout.splitlines()]
        matched = [w[:4] for w in lines if len(w) > 10 and w[0] in ("2x3", "3x4x2")]
        only_new = [w[:4] for w in lines if w[4:] == ["only", "in", "the", "new", "bench"]]
        check(sorted(matched) == sorted([[s, ch, mo, "none"] for s in ("2x3", "3x4x2")
                                         for ch in CHANNELS for mo in ("ssm", "nosec")]) and
              sorted(only_new) == sorted([[s, "NeighborList", mo, "lpl"] for s in
                                          ("2x3", "3x4x2") for mo in ("ssm", "nosec")]) and
              "only in the old bench" not in proc.stdout,
              "--compare format 2 --against format 4: rows %r, only new %r:\n%s"
              % (matched, only_new, proc.stdout))
        again2 = os.path.join(scratch, "again-format2.json")
        proc = bench("--build-dir", fake, "--compare", old2, "--repeat", "1", "--out", again2)
        check(proc.returncode == 0, "--compare a format-2 bench failed: %s"
              % proc.stderr[-1500:])
        rows = [line.split()[:4] for line in proc.stdout.splitlines()
                if line.startswith(("2x3 ", "3x4x2 ")) and "%" in line]
        check(len(rows) == 8 and all(r[3] == "none" for r in rows) and
              "only in the" not in proc.stdout,
              "--compare a format-2 bench: rows %r:\n%s" % (rows, proc.stdout))
        if proc.returncode == 0:
            with open(again2, encoding="utf-8") as f:
                check_structure(json.load(f), fake_commit, ["2x3", "3x4x2"], ("ssm", "nosec"),
                                1, "bench --compare format 2", rdcs=("none",))

    # bad input: one error line, non-zero status, no traceback, nothing written
    out = os.path.join(scratch, "never.json")
    base = ["--build-dir", build, "--out", out]
    expect_error(bench(*base, "--modes", "ssm,tls"), "unknown mode 'tls'", "unknown mode")
    expect_error(bench(*base, "--channels", "Stock"), "unknown channel 'Stock'",
                 "unknown channel")
    expect_error(bench(*base, "--rdcs", "none,duty"), "unknown rdc 'duty' (rdcs: none, lpl)",
                 "unknown rdc")
    for size in ("2x", "2*3", "0x3", "x", "2x3,", "2x3x", "0x2x3", "1x2x3x4"):
        expect_error(bench(*base, "--sizes", size), "malformed size", "size %r" % size)
    # --attack-sizes: one building each; exit status 2 (argparse's) and one error line
    for size, fragment in (
            ("2x3x4", "campus size '2x3x4': border-router-attacks has no buildings parameter"),
            ("0x3", "malformed attack size '0x3': attack sizes are FLOORSxLIGHTS"),
            ("foo", "malformed attack size 'foo'"), ("2x3,", "malformed attack size ''")):
        proc = bench(*base, "--attack-sizes", size)
        expect_error(proc, fragment, "--attack-sizes %s" % size)
        errors = [line for line in proc.stderr.splitlines() if "error" in line]
        check(proc.returncode == 2 and len(errors) == 1 and
              errors[0].startswith("./iotsec bench: error: argument --attack-sizes: ") and
              not proc.stdout, "--attack-sizes %s: exit status %r, error lines %r, stdout %r"
              % (size, proc.returncode, errors, proc.stdout[:300]))
    check(bench_py.attack_size_list(" None") == [] and
          bench_py.attack_size_list("10x100, 2X3,10x100") == [(1, 10, 100), (1, 2, 3)],
          "attack_size_list: 'none' or '10x100, 2X3,10x100'")
    check([bench_py.attack_hops(n) for n in (1, 6, 7, 100)] == [1, 1, 2, 2],
          "attack_hops: 2 from 7 lights per floor on")
    # the default attack size needs border-router-attacks: a build without it fails before
    # any run
    no_attack = stand_in_build(os.path.join(scratch, "no-attack"), fake_commit,
                               ["building-automation"])
    proc = bench("--build-dir", no_attack, "--sizes", "2x3", "--repeat", "1", "--out", out)
    expect_error(proc, "example 'border-router-attacks' is not built", "no border-router-attacks")
    check(calls(no_attack) == 0, "no border-router-attacks: %d runs before the error"
          % calls(no_attack))
    expect_error(bench(*base, "--repeat", "0"), "at least 1", "--repeat 0")
    expect_error(bench(*base, "--compare", os.path.join(scratch, "none.json")),
                 "cannot read --compare file", "missing --compare file")
    expect_error(bench(*base, "--compare", direct), "is not an iotsec bench file",
                 "--compare with a results file")
    expect_error(bench(*base, "--compare", write(os.path.join(scratch, "junk.json"), "{")),
                 "is not JSON", "--compare with a broken file")
    expect_error(bench(*base, "--against", real), "--against needs --compare",
                 "--against alone")
    expect_error(bench("--build-dir", scratch, "--sizes", "2x3", "--out", out),
                 "not an iotsec build directory", "not a build directory")
    failing = stand_in_build(os.path.join(scratch, "failing"), fake_commit,
                             ["building-automation"], fail_params={"mode": "nosec"})
    proc = bench("--build-dir", failing, "--sizes", "2x3", "--attack-sizes", "none", "--repeat",
                 "1", "--out", out)
    expect_error(proc, "2x3 NeighborList nosec", "a failing run")
    expect_error(proc, "failed: exit status 3", "a failing run")
    expect_error(proc, "failing as asked", "a failing run (its stderr)")
    check(not os.path.exists(out), "a failed bench wrote %s" % out)
    return finish("bench")


if __name__ == "__main__":
    sys.exit(main())
