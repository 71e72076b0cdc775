#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""./iotsec bench: how fast, how big, and what security costs the simulator.

Runs building-automation once per case and repeat, each as a process of its own with
--results=FILE: every (building size, channel, mode) with the lights' radios always on
(--rdc=none), and every (building size, mode) with low-power listening (--rdc=lpl) on the first
of the channels only. It measures from outside:

  wall_s       elapsed time of the process (time.monotonic() around fork and wait),
               the median over --repeat runs
  cpu_s        user + system CPU time of the process (os.wait4() rusage), the median
  peak_rss     largest resident set of the process: ru_maxrss of os.wait4()'s rusage
               (Linux: KiB), the largest over the repeats
and takes from the run's results (the results contract):
  events       simulator events (identical over repeats: the runs are deterministic)
  program_wall_s  the program's own wallClock_s (from after argument parsing to the end)

events_per_s is events / wall_s, and wall_per_frame_us is wall_s per 802.15.4 frame of the run
(its lln_frames metric), so that modes are compared per unit of work. For each size, channel
and rdc, every secure mode's wall_s, cpu_s, events, peak_rss and wall_per_frame_us are divided
by those of nosec measured in the same bench run; for each size and mode, ns-3's stock channel
(SingleModel) is divided by iotsec's NeighborList, and lpl's wall_s, events, peak_rss and
lln_frames by those of rdc=none (on the first channel).

A size is FLOORSxLIGHTS (one building) or BUILDINGSxFLOORSxLIGHTS (a campus).

The attack case: for each --attack-sizes building (FLOORSxLIGHTS only; default 10x100; none:
no attack case), border-router-attacks --attack=request-flood --rate=10 --filter=off and the
same with --filter=on (--hops=2, or 1 on a floor of fewer than 7 lights, where no light is 2
hops from its 6LBR; --RngSeed=1 --RngRun=1). Each process simulates the baseline building
(no attack) and then the attacked one. The attack runs come after all the building-automation
runs; for each attack size and repeat, filter off then on. They are measured like the others
(wall_s, cpu_s, peak_rss, events, program_wall_s: of the whole process), and from their
metrics ("<run>.<name>") come the attacked run's 802.15.4 frames (off.lln_frames or
on.lln_frames), the baseline's (baseline.lln_frames), and the attack datagrams sent and
entered into the LLN (off/on.attackPackets, off/on.attackEntered). For each attack size,
filter on's wall_s, events, peak_rss and attacked-run frames are divided by filter off's.

The bench is written as JSON (results/bench/bench-<UTC>-<commit10>.json by default) and a
later bench can be compared with it: --compare OLD runs the bench (by default with OLD's
sizes, channels, modes, rdcs, attack sizes and repeat count; an OLD before format 4 has no
attack cases) and prints old against new per case and per attack case, naming the cases only
one of them has; with --against NEW it compares two saved benches and runs nothing.

Mistakes a user can fix end with one "iotsec bench: error: ..." line and exit status 1
(argparse's usage errors: 2); never a traceback.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import iotsec_results
import runner
from errors import UserError

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BUILD = os.environ.get("IOTSEC_BUILD_DIR", os.path.join(TOP, "build"))
EXAMPLE = "building-automation"
MODES = ("ssm", "dtls-1n", "nosec")
BASELINE = "nosec"
CHANNELS = ("NeighborList", "SingleModel")  # IotsecLlnChannel: iotsec's, ns-3's stock
# The example's --rdc: the lights' radios always on, or ContikiMAC-style low-power listening.
# rdc=none runs on every channel; lpl on the first channel only (to keep the bench short).
RDCS = ("none", "lpl")
RDC_BASELINE = "none"
DEFAULT_SIZES = "10x10,10x100"
# Format 2 added channels and campus sizes; a format-1 bench ran on ns-3's stock channel
# Format 3: rdc added (radio duty cycling); a bench of format 1 or 2 ran with rdc=none
# Format 4: the attack cases (attack_cases, attack_ratios); a bench before format 4 has none
FORMAT = 4
# The attack case: border-router-attacks on one building, a request flood at ATTACK_RATE
# datagrams/s, with the 6LBRs' filter off (counting what it would drop) and on (dropping).
# Each process simulates the baseline building (no attack) and then the attacked one.
ATTACK_EXAMPLE = "border-router-attacks"
ATTACK = "request-flood"
ATTACK_RATE = 10
ATTACK_FILTERS = ("off", "on")
ATTACK_FILTER_BASELINE = "off"
DEFAULT_ATTACK_SIZES = "10x100"
# The target is ATTACK_HOPS hops from its 6LBR (the example's default), except on a floor of
# fewer than ATTACK_HOPS_MIN_LIGHTS lights, where no light is that far (the example refuses
# hops=2 there): the target is then 1 hop away.
ATTACK_HOPS = 2
ATTACK_HOPS_MIN_LIGHTS = 7
# The quantities of the attack ratios (filter on / filter off)
ATTACK_QUANTITIES = ("wall_s", "events", "peak_rss_kib", "lln_frames")
# What every case runs with besides floors, lightsPerFloor and mode: the example's defaults,
# written out so that a change of the example's defaults does not silently change the bench.
FIXED = {"clients": 1, "commands": 2}
COMMAND_FLOOR = 3  # commandFloors, or the top floor of a building with fewer floors
RNG_SEED, RNG_RUN = 1, 1
# The quantities that are compared (with nosec, and with an earlier bench)
QUANTITIES = (("wall_s", "wall clock s"), ("cpu_s", "CPU s"), ("events", "events"),
              ("peak_rss_kib", "peak RSS"))
# The quantities of the rdc ratios (lpl / none)
RDC_QUANTITIES = ("wall_s", "events", "peak_rss_kib", "lln_frames")

HELP = """\
Run building-automation at each building size on each LLN channel in each mode, one process
per run, and report for each case its wall clock (median of --repeat runs), CPU time,
simulator events, events per second, peak RSS, 802.15.4 frames and wall clock per frame; each
secure mode's ratio to nosec, ns-3's stock channel's ratio to iotsec's neighbour-list
channel, and low-power listening's ratio to always-on radios, in the same bench run. Each
size, channel and mode runs with the lights' radios always on (--rdc=none); low-power listening
(--rdc=lpl) runs for each size and mode on the first channel of --channels only (NeighborList
by default), to keep the bench short. Every case runs with --clients=1 --commands=2
--commandFloors=3 (the top floor of a building with fewer than 3 floors) --RngSeed=1
--RngRun=1. A size is FLOORSxLIGHTS or, for a campus, BUILDINGSxFLOORSxLIGHTS (10x10x100:
10,000 lights).

The attack case, after those runs: for each --attack-sizes building (FLOORSxLIGHTS; default
10x100), border-router-attacks --attack=request-flood --rate=10 --RngSeed=1 --RngRun=1 with
--filter=off (the 6LBRs count what they would drop) and with --filter=on (they drop it), the
target 2 hops from its 6LBR (1 on a floor of fewer than 7 lights). Each process simulates the
baseline building and then the attacked one; besides the measured figures it reports the
attacked run's and the baseline's 802.15.4 frames and the attack datagrams sent and entered
into the LLN, and filter on's ratio to filter off.

Wall clock and CPU time are measured from outside the process (time.monotonic() around it,
and os.wait4()'s rusage); peak RSS is that rusage's ru_maxrss; events come from the run's
results JSON. Timings depend on whatever else the machine is doing: the bench records the
load average before and after. Events are exact and repeatable; RSS nearly so.

The bench is saved as JSON (default: results/bench/bench-<UTC time>-<commit10>.json).

exit status: 0 on success; 1 on an error (a failed run, an unreadable --compare file, ...);
2 on bad options; 128+N when stopped by signal N (Ctrl-C: 130)."""


def size_list(text):
    """--sizes: 'FxL,BxFxL' -> [(buildings, floors, lightsPerFloor), ...] (argparse type)."""
    sizes = []
    for item in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*(?:[xX]\s*(\d+)\s*)?", item)
        numbers = [int(g) for g in match.groups() if g is not None] if match else []
        if not numbers or min(numbers) < 1:
            raise argparse.ArgumentTypeError(
                "malformed size %r: sizes are FLOORSxLIGHTS or BUILDINGSxFLOORSxLIGHTS, each "
                "at least 1, comma-separated (e.g. 10x10,10x100,10x10x100)" % item)
        size = tuple(numbers) if len(numbers) == 3 else (1, *numbers)
        if size not in sizes:
            sizes.append(size)
    return sizes


def attack_size_list(text):
    """--attack-sizes: 'FxL,...' -> [(1, floors, lightsPerFloor), ...], 'none' -> []
    (argparse type). Campus sizes are refused: border-router-attacks has one building."""
    if text.strip().lower() == "none":
        return []
    sizes = []
    for item in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", item)
        if match is None and re.fullmatch(r"\s*\d+\s*[xX]\s*\d+\s*[xX]\s*\d+\s*", item):
            raise argparse.ArgumentTypeError(
                "campus size %r: %s has no buildings parameter, so attack sizes are "
                "FLOORSxLIGHTS (one building)" % (item, ATTACK_EXAMPLE))
        numbers = [int(g) for g in match.groups()] if match else []
        if not numbers or min(numbers) < 1:
            raise argparse.ArgumentTypeError(
                "malformed attack size %r: attack sizes are FLOORSxLIGHTS, each at least 1, "
                "comma-separated (e.g. 10x100), or none" % item)
        size = (1, *numbers)
        if size not in sizes:
            sizes.append(size)
    return sizes


def choice_list(text, choices, what):
    """'a,b' -> ['a', 'b'], each one of `choices`, without repeats (for argparse types)."""
    chosen = []
    for item in text.split(","):
        item = item.strip()
        if item not in choices:
            raise argparse.ArgumentTypeError(
                "unknown %s %r (%ss: %s)" % (what, item, what, ", ".join(choices)))
        if item not in chosen:
            chosen.append(item)
    return chosen


def mode_list(text):
    """--modes: 'ssm,nosec' -> ['ssm', 'nosec'] (argparse type)."""
    return choice_list(text, MODES, "mode")


def channel_list(text):
    """--channels: 'NeighborList,SingleModel' -> [...] (argparse type)."""
    return choice_list(text, CHANNELS, "channel")


def rdc_list(text):
    """--rdcs: 'none,lpl' -> ['none', 'lpl'] (argparse type)."""
    return choice_list(text, RDCS, "rdc")


def positive_int(text):
    """--repeat: an integer >= 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("%r is not a whole number of at least 1" % text)
    return value


def parser():
    """The argument parser of ./iotsec bench."""
    p = argparse.ArgumentParser(prog="./iotsec bench", description=HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=size_list, metavar="[Bx]FxL,...",
                   help="building sizes, floors x lights per floor, or campus sizes, "
                        "buildings x floors x lights per floor (default: %s)" % DEFAULT_SIZES)
    p.add_argument("--channels", type=channel_list, metavar="CHANNEL,...",
                   help="LLN channels (IotsecLlnChannel; default: %s); the stock-channel "
                        "ratios need both" % ",".join(CHANNELS))
    p.add_argument("--modes", type=mode_list, metavar="MODE,...",
                   help="modes (default: %s); ratios need nosec" % ",".join(MODES))
    p.add_argument("--rdcs", type=rdc_list, metavar="RDC,...",
                   help="radio duty cycling of the lights, the example's --rdc (default: %s): "
                        "none runs on every channel, lpl on the first of --channels only; the "
                        "lpl/none ratios need both" % ",".join(RDCS))
    p.add_argument("--attack-sizes", type=attack_size_list, metavar="FxL,...|none",
                   help="buildings (floors x lights per floor) of the attack case, %s "
                        "--attack=%s --rate=%d with --filter=off and with --filter=on; none: "
                        "no attack case (default: %s)"
                        % (ATTACK_EXAMPLE, ATTACK, ATTACK_RATE, DEFAULT_ATTACK_SIZES))
    p.add_argument("--repeat", type=positive_int, metavar="N",
                   help="runs per case; wall clock and CPU time are their medians "
                        "(default: 3)")
    p.add_argument("--out", metavar="FILE",
                   help="where to write the bench JSON (default: "
                        "results/bench/bench-<UTC time>-<commit10>.json)")
    p.add_argument("--compare", metavar="OLD",
                   help="an earlier bench JSON: print old against new per case; sizes, "
                        "channels, modes, rdcs, attack sizes and repeat default to OLD's "
                        "(an OLD without attack cases: none)")
    p.add_argument("--against", metavar="NEW",
                   help="with --compare: compare OLD with this saved bench, run nothing")
    p.add_argument("--timeout", type=positive_int, default=3600, metavar="S",
                   help="kill a run after S seconds, and fail (default: 3600)")
    p.add_argument("--build-dir", default=DEFAULT_BUILD,
                   help="build directory holding examples/ (default: build/)")
    return p


# ------------------------------------------------------------------------------------------
# the machine
# ------------------------------------------------------------------------------------------

def cpu_model():
    """The CPU model named by /proc/cpuinfo ('unknown' when it names none)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() in ("model name", "Model", "cpu model") and value.strip():
                    return value.strip()
    except OSError:
        pass
    return "unknown"


def machine():
    """What the figures were measured on."""
    return {"hostname": socket.gethostname(), "cpu_model": cpu_model(),
            "cores": os.cpu_count() or 0}


def load_average():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# ------------------------------------------------------------------------------------------
# running
# ------------------------------------------------------------------------------------------

def size_name(size):
    return "%dx%d" % size[1:] if size[0] == 1 else "%dx%dx%d" % size


def case_keys(sizes, channels, modes, rdcs):
    """The cases, (size, channel, mode, rdc), in order: per size and rdc, rdc=none on every
    channel and any other rdc (lpl) on the first channel only."""
    return [(size, channel, mode, rdc) for size in sizes for rdc in rdcs
            for channel in (channels if rdc == RDC_BASELINE else channels[:1])
            for mode in modes]


def case_argv(binary, size, mode, channel, rdc):
    """The command line of one run (run_once adds --results=FILE)."""
    buildings, floors, lights = size
    return [binary, "--mode=%s" % mode, "--buildings=%d" % buildings, "--floors=%d" % floors,
            "--lightsPerFloor=%d" % lights, "--IotsecLlnChannel=%s" % channel,
            "--rdc=%s" % rdc, "--commandFloors=%d" % min(COMMAND_FLOOR, floors),
            *("--%s=%s" % kv for kv in FIXED.items()),
            "--RngSeed=%d" % RNG_SEED, "--RngRun=%d" % RNG_RUN]


def attack_hops(lights):
    """The target's hops from its 6LBR on a floor of `lights` lights."""
    return ATTACK_HOPS if lights >= ATTACK_HOPS_MIN_LIGHTS else 1


def attack_argv(binary, size, attack_filter):
    """The command line of one attack run (run_once adds --results=FILE)."""
    _, floors, lights = size
    return [binary, "--floors=%d" % floors, "--lightsPerFloor=%d" % lights,
            "--attack=%s" % ATTACK, "--rate=%d" % ATTACK_RATE, "--filter=%s" % attack_filter,
            "--hops=%d" % attack_hops(lights), "--RngSeed=%d" % RNG_SEED,
            "--RngRun=%d" % RNG_RUN]


class Interrupted(Exception):
    """SIGTERM or SIGINT: stop, kill the running example, save nothing."""

    def __init__(self, signum):
        super().__init__("signal %d" % signum)
        self.signum = signum


class Child:
    """The running example (so that an interrupt can kill it), and whether a progress line
    waits for its end."""
    process = None
    line_open = False


def end_line():
    """End an open progress line, so that an error starts on a line of its own."""
    if Child.line_open:
        print(flush=True)
        Child.line_open = False


def kill_child(process):
    """SIGKILL the example's process group (its own session: start_new_session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass


def _tail(path, lines=8):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()[-4000:]
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def run_once(argv, expected, label, commit, workdir, timeout_s):
    """Run `argv` plus --results=FILE once, in a directory of its own, and measure it.

    `expected` ({parameter: value}) is what the run's results must report as its params;
    `label` names the case in errors. Returns the measured figures and the run's metrics
    (UserError when the run fails or its results do not match)."""
    binary = argv[0]
    rundir = tempfile.mkdtemp(prefix="run-", dir=workdir)
    results_path = os.path.join(rundir, "result.json")
    stderr_path = os.path.join(rundir, "stderr.txt")
    what = "%s (%s)" % (label, " ".join([os.path.basename(binary), *argv[1:]]))
    argv = [*argv, "--results=%s" % results_path]
    try:
        with open(stderr_path, "wb") as err:
            t0 = time.monotonic()
            process = subprocess.Popen(argv, cwd=rundir, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=err,
                                       start_new_session=True)
    except OSError as e:
        raise UserError("cannot start %s: %s" % (binary, e.strerror)) from None
    Child.process = process
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        kill_child(process)

    timer = threading.Timer(timeout_s, kill)
    timer.daemon = True
    timer.start()
    try:
        # os.wait4: the child's own rusage (ru_maxrss is its peak RSS in KiB on Linux)
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    wall_s = time.monotonic() - t0
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
    Child.process = None
    code = process.returncode
    if timed_out.is_set():
        raise UserError("%s: killed after --timeout %d s" % (what, timeout_s))
    if code != 0:
        reason = "exit status %d" % code if code > 0 else "killed by signal %d" % -code
        tail = _tail(stderr_path)
        raise UserError("%s failed: %s%s" % (what, reason, ":\n" + tail if tail else ""))
    try:
        result = iotsec_results.load_result(results_path)
    except iotsec_results.ContractError as e:
        raise UserError("%s: %s" % (what, str(e).replace(results_path, "its results file"))) \
            from None
    if result["module"]["git"] != commit:
        raise UserError("%s reports module commit %s but its build directory says %s: rebuild "
                        "(./iotsec build)" % (what, result["module"]["git"], commit))
    params = result["params"]
    wrong = {k: params.get(k) for k, v in expected.items() if params.get(k) != v}
    if wrong:
        raise UserError("%s: its results say %s" % (what, wrong))
    return {
        "wall_s": round(wall_s, 4),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 4),
        "peak_rss_kib": int(usage.ru_maxrss),
        "program_wall_s": round(float(result["wallClock_s"]), 4),
        "events": result["events"],
        "simTime_s": result.get("simTime_s"),
        "ns3Version": result["ns3Version"],
        "params": params,
        "metrics": result["metrics"],
    }


def whole(value):
    """A count from a run's metrics (JSON numbers may be floats), or None."""
    return int(value) if isinstance(value, (int, float)) else None


def run_case(binary, size, mode, channel, rdc, commit, workdir, timeout_s):
    """Run one building-automation case once; return its measured figures and lln_frames."""
    r = run_once(case_argv(binary, size, mode, channel, rdc),
                 {"mode": mode, "buildings": size[0], "floors": size[1],
                  "lightsPerFloor": size[2], "IotsecLlnChannel": channel, "rdc": rdc},
                 "%s %s %s rdc=%s" % (size_name(size), channel, mode, rdc), commit, workdir,
                 timeout_s)
    r["lln_frames"] = whole(r["metrics"].get("lln_frames"))
    return r


def run_attack(binary, size, attack_filter, commit, workdir, timeout_s):
    """Run one attack case once; return its measured figures and, from its metrics
    ("<run>.<name>", run baseline and off or on), the attacked run's and the baseline's
    802.15.4 frames and the attack datagrams sent and entered into the LLN."""
    label = "%s %s filter=%s" % (size_name(size), ATTACK, attack_filter)
    r = run_once(attack_argv(binary, size, attack_filter),
                 {"attack": ATTACK, "filter": attack_filter, "floors": size[1],
                  "lightsPerFloor": size[2], "rate": ATTACK_RATE,
                  "hops": attack_hops(size[2])},
                 label, commit, workdir, timeout_s)
    names = {"lln_frames": attack_filter + ".lln_frames",
             "baseline_lln_frames": "baseline.lln_frames",
             "attack_packets": attack_filter + ".attackPackets",
             "attack_entered": attack_filter + ".attackEntered"}
    for key, name in names.items():
        r[key] = whole(r["metrics"].get(name))
    missing = [name for key, name in names.items() if r[key] is None]
    if missing:
        raise UserError("%s: its results lack the metric(s) %s" % (label, ", ".join(missing)))
    return r


def measured(runs):
    """The figures measured alike for every case, from its runs: wall_s, cpu_s and
    program_wall_s (medians), events (of the first run), events_per_s, peak_rss_kib (the
    largest), each run's figures, and a warning when the events differ between runs."""
    events = {r["events"] for r in runs}
    wall_s = statistics.median(r["wall_s"] for r in runs)
    figures = {
        "repeat": len(runs),
        "wall_s": round(wall_s, 4),
        "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 4),
        "program_wall_s": round(statistics.median(r["program_wall_s"] for r in runs), 4),
        "events": runs[0]["events"],
        "events_per_s": round(runs[0]["events"] / wall_s, 1) if wall_s > 0 else None,
        "peak_rss_kib": max(r["peak_rss_kib"] for r in runs),
        "simTime_s": runs[0]["simTime_s"],
        "runs": [{k: r[k] for k in ("wall_s", "cpu_s", "peak_rss_kib", "program_wall_s",
                                    "events")} for r in runs],
    }
    if len(events) > 1:
        figures["warning"] = "events differ between repeats: %s" % sorted(events)
    return figures


def summarize(size, mode, channel, rdc, runs):
    """One case's figures from its runs."""
    figures = measured(runs)
    warning = figures.pop("warning", None)
    frames = runs[0]["lln_frames"]
    case = {
        "size": size_name(size), "buildings": size[0], "floors": size[1],
        "lightsPerFloor": size[2], "mode": mode, "channel": channel, "rdc": rdc,
        "commandFloors": runs[0]["params"].get("commandFloors"),
        "params": runs[0]["params"],
        **figures,
        "lln_frames": frames,
        "wall_per_frame_us": round(1e6 * figures["wall_s"] / frames, 3) if frames else None,
    }
    if warning:
        case["warning"] = warning
    return case


def summarize_attack(size, attack_filter, runs):
    """One attack case's figures from its runs."""
    counts = ("lln_frames", "baseline_lln_frames", "attack_packets", "attack_entered")
    case = {
        "size": size_name(size), "floors": size[1], "lightsPerFloor": size[2],
        "example": ATTACK_EXAMPLE, "attack": ATTACK, "rate": ATTACK_RATE,
        "filter": attack_filter, "hops": runs[0]["params"].get("hops"),
        "params": runs[0]["params"],
        **measured(runs),
        **{k: runs[0][k] for k in counts},
    }
    differ = [k for k in counts if len({r[k] for r in runs}) > 1]
    if differ:
        case["warning"] = "; ".join(filter(None, [case.get("warning")] + [
            "%s differ between repeats: %s" % (k, sorted({r[k] for r in runs}))
            for k in differ]))
    return case


def ratio(a, b):
    return round(a / b, 4) if isinstance(a, (int, float)) and b else None


def case_channel(case):
    """A case's channel (format-1 benches ran on ns-3's stock channel and do not say)."""
    return case.get("channel", "SingleModel")


def case_rdc(case):
    """A case's rdc (benches before format 3 ran with always-on radios and do not say)."""
    return case.get("rdc", RDC_BASELINE)


def ratios(cases):
    """Each secure mode's figures divided by nosec's, per size, channel and rdc."""
    out = []
    by_key = {(c["size"], case_channel(c), case_rdc(c), c["mode"]): c for c in cases}
    for c in cases:
        base = by_key.get((c["size"], case_channel(c), case_rdc(c), BASELINE))
        if c["mode"] == BASELINE or base is None:
            continue
        row = {"size": c["size"], "channel": case_channel(c), "rdc": case_rdc(c),
               "mode": c["mode"], "baseline": BASELINE}
        for key, _ in QUANTITIES + (("wall_per_frame_us", ""),):
            row[key] = ratio(c.get(key), base.get(key))
        out.append(row)
    return out


def channel_ratios(cases):
    """ns-3's stock channel's figures divided by the neighbour-list channel's, per size, mode
    and rdc."""
    out = []
    by_key = {(c["size"], case_channel(c), case_rdc(c), c["mode"]): c for c in cases}
    for c in cases:
        base = by_key.get((c["size"], "NeighborList", case_rdc(c), c["mode"]))
        if case_channel(c) != "SingleModel" or base is None:
            continue
        row = {"size": c["size"], "mode": c["mode"], "rdc": case_rdc(c),
               "channel": "SingleModel", "baseline": "NeighborList"}
        for key, _ in QUANTITIES:
            row[key] = ratio(c[key], base[key])
        out.append(row)
    return out


def rdc_ratios(cases, channel):
    """Low-power listening's figures divided by those of always-on radios, per size and mode,
    on `channel` (the first channel: the only one lpl runs on)."""
    out = []
    by_key = {(c["size"], case_channel(c), case_rdc(c), c["mode"]): c for c in cases}
    for c in cases:
        base = by_key.get((c["size"], channel, RDC_BASELINE, c["mode"]))
        if case_channel(c) != channel or case_rdc(c) == RDC_BASELINE or base is None:
            continue
        row = {"size": c["size"], "mode": c["mode"], "channel": channel, "rdc": case_rdc(c),
               "baseline": RDC_BASELINE}
        for key in RDC_QUANTITIES:
            row[key] = ratio(c.get(key), base.get(key))
        out.append(row)
    return out


def attack_ratios(attack_cases):
    """Filter on's figures divided by filter off's, per attack size."""
    out = []
    by_key = {(c["size"], c["filter"]): c for c in attack_cases}
    for c in attack_cases:
        base = by_key.get((c["size"], ATTACK_FILTER_BASELINE))
        if c["filter"] == ATTACK_FILTER_BASELINE or base is None:
            continue
        row = {"size": c["size"], "attack": c.get("attack", ATTACK), "filter": c["filter"],
               "baseline": ATTACK_FILTER_BASELINE}
        for key in ATTACK_QUANTITIES:
            row[key] = ratio(c.get(key), base.get(key))
        out.append(row)
    return out


def run_bench(args, sizes, modes, channels, rdcs, repeat, attack_sizes):
    """Run every case `repeat` times, then every attack case `repeat` times; return the
    bench as a dict."""
    build_dir = os.path.abspath(args.build_dir)
    commit = runner.module_commit(build_dir)
    binary = runner.example_binary(build_dir, EXAMPLE)
    attack_binary = runner.example_binary(build_dir, ATTACK_EXAMPLE) if attack_sizes else None
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = load_average()
    keys = case_keys(sizes, channels, modes, rdcs)
    attack_keys = [(size, f) for size in attack_sizes for f in ATTACK_FILTERS]
    total = (len(keys) + len(attack_keys)) * repeat
    print("iotsec bench: %s, %d case(s)%s x %d run(s), module %s; %s"
          % (EXAMPLE, len(keys), ", %s, %d case(s)" % (ATTACK_EXAMPLE, len(attack_keys))
             if attack_keys else "", repeat, runner.short(commit),
             "load average %s" % " ".join(map(str, load_before)) if load_before else ""),
          flush=True)
    workdir = tempfile.mkdtemp(prefix="iotsec-bench-")
    runs = {}
    attack_runs = {}
    done = 0
    try:
        # Channels, rdcs and modes interleaved within each repeat of a size: a change of the
        # machine's load touches every case alike, and the ratios compare neighbours in time
        for size in sizes:
            for _ in range(repeat):
                for key in keys:
                    if key[0] != size:
                        continue
                    _, channel, mode, rdc = key
                    done += 1
                    print("  [%d/%d] %s %-12s %-7s %-4s ..."
                          % (done, total, size_name(size), channel, mode, rdc),
                          end="", flush=True)
                    Child.line_open = True
                    r = run_case(binary, size, mode, channel, rdc, commit, workdir,
                                 args.timeout)
                    Child.line_open = False
                    print(" %.2f s, %d events, %.1f MiB"
                          % (r["wall_s"], r["events"], r["peak_rss_kib"] / 1024),
                          flush=True)
                    runs.setdefault(key, []).append(r)
        # The attack cases after all the others; filter off and on interleaved within each
        # repeat of a size, so that their ratio compares neighbours in time
        for size in attack_sizes:
            for _ in range(repeat):
                for attack_filter in ATTACK_FILTERS:
                    done += 1
                    print("  [%d/%d] %s %s filter=%-3s ..."
                          % (done, total, size_name(size), ATTACK, attack_filter),
                          end="", flush=True)
                    Child.line_open = True
                    r = run_attack(attack_binary, size, attack_filter, commit, workdir,
                                   args.timeout)
                    Child.line_open = False
                    print(" %.2f s, %d events, %.1f MiB"
                          % (r["wall_s"], r["events"], r["peak_rss_kib"] / 1024),
                          flush=True)
                    attack_runs.setdefault((size, attack_filter), []).append(r)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    cases = [summarize(size, mode, channel, rdc, runs[(size, channel, mode, rdc)])
             for size, channel, mode, rdc in keys]
    attack_cases = [summarize_attack(size, f, attack_runs[(size, f)])
                    for size, f in attack_keys]
    ns3 = sorted({r["ns3Version"] for rs in (*runs.values(), *attack_runs.values())
                  for r in rs})
    return {
        "bench": "iotsec", "format": FORMAT, "example": EXAMPLE,
        "date": started.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "finished": datetime.datetime.now(datetime.timezone.utc)
        .isoformat(timespec="seconds").replace("+00:00", "Z"),
        "machine": dict(machine(), load_average_before=load_before,
                        load_average_after=load_average()),
        "module": {"commit": commit, "dirty": commit.endswith("-dirty")},
        "ns3Version": ns3[0] if len(ns3) == 1 else ns3,
        "settings": {
            "sizes": [size_name(s) for s in sizes], "channels": channels, "modes": modes,
            "rdcs": rdcs, "lpl_channel": channels[0],
            "rdc_rule": "rdc=none: every size, channel and mode; any other rdc (lpl): every "
                        "size and mode on the first channel only (%s)" % channels[0],
            "repeat": repeat,
            "fixed": dict(FIXED, commandFloors="%d (or the top floor)" % COMMAND_FLOOR,
                          RngSeed=RNG_SEED, RngRun=RNG_RUN),
            "timeout_s": args.timeout,
            "attack_sizes": [size_name(s) for s in attack_sizes],
            "attack": {
                "example": ATTACK_EXAMPLE, "attack": ATTACK, "rate": ATTACK_RATE,
                "filters": list(ATTACK_FILTERS),
                "hops": "%d (1 on a floor of fewer than %d lights)"
                        % (ATTACK_HOPS, ATTACK_HOPS_MIN_LIGHTS),
                "RngSeed": RNG_SEED, "RngRun": RNG_RUN,
                "order": "after the other cases; per attack size and repeat, filter off "
                         "then on",
            },
        },
        "method": {
            "wall_s": "elapsed time of the example process, time.monotonic() around it; "
                      "median over the repeats",
            "cpu_s": "ru_utime + ru_stime of the process from os.wait4(); median",
            "peak_rss_kib": "ru_maxrss (KiB) of the process from os.wait4(); largest over "
                            "the repeats",
            "events": "the run's results JSON, 'events'",
            "program_wall_s": "the run's results JSON, 'wallClock_s' (after argument "
                              "parsing to the end); median",
            "events_per_s": "events / wall_s",
            "lln_frames": "the run's results JSON, metrics.lln_frames (802.15.4 frames)",
            "wall_per_frame_us": "wall_s / lln_frames, in microseconds",
            "ratios": "secure mode / %s, same size, channel and rdc, same bench run"
                      % BASELINE,
            "channel_ratios": "SingleModel (ns-3's stock channel) / NeighborList, same size, "
                              "mode and rdc, same bench run",
            "rdc_ratios": "rdc=lpl / rdc=none of %s, same size and mode, on the first "
                          "channel (%s), same bench run" % (", ".join(RDC_QUANTITIES),
                                                            channels[0]),
            "attack_cases": "%s --attack=%s --rate=%d --filter=off and --filter=on per "
                            "attack size (settings.attack), measured as the cases: wall_s, "
                            "cpu_s, peak_rss_kib, events, program_wall_s and events_per_s "
                            "are those of the whole process, which simulates the baseline "
                            "building (no attack) and then the attacked one"
                            % (ATTACK_EXAMPLE, ATTACK, ATTACK_RATE),
            "attack_lln_frames": "the run's results JSON, metrics['<filter>.lln_frames']: "
                                 "802.15.4 frames of the attacked run (filter off or on)",
            "attack_baseline_lln_frames": "metrics['baseline.lln_frames']: 802.15.4 frames "
                                          "of the baseline run (no attack)",
            "attack_packets": "metrics['<filter>.attackPackets']: attack datagrams sent",
            "attack_entered": "metrics['<filter>.attackEntered']: attack datagrams that "
                              "entered the LLN (passed the 6LBRs)",
            "attack_ratios": "filter on / filter off of %s (lln_frames: the attacked run's), "
                             "same attack size, same bench run" % ", ".join(ATTACK_QUANTITIES),
        },
        "cases": cases,
        "ratios": ratios(cases),
        "channel_ratios": channel_ratios(cases),
        "rdc_ratios": rdc_ratios(cases, channels[0]),
        "attack_cases": attack_cases,
        "attack_ratios": attack_ratios(attack_cases),
    }


# ------------------------------------------------------------------------------------------
# printing, saving, comparing
# ------------------------------------------------------------------------------------------

def mib(kib):
    return kib / 1024.0


def fmt_ratio(x):
    return "%.2f" % x if isinstance(x, (int, float)) else "-"


def print_table(bench):
    """The bench as a table."""
    m = bench["machine"]
    print()
    print("%s: module %s, ns-3 %s, %s (%s, %d cores), %s, repeat %d"
          % (bench["example"], runner.short(bench["module"]["commit"]), bench["ns3Version"],
             m["hostname"], m["cpu_model"], m["cores"], bench["date"],
             bench["settings"]["repeat"]))
    header = ("%-9s %-12s %-8s %-4s %9s %9s %11s %10s %9s %9s %9s  %10s %11s %9s"
              % ("size", "channel", "mode", "rdc", "wall s", "CPU s", "events", "events/s",
                 "RSS MiB", "frames", "us/frame", "wall/nosec", "frame/nosec", "RSS/nosec"))
    print(header)
    print("-" * len(header))
    by_key = {(r["size"], r.get("channel"), case_rdc(r), r["mode"]): r for r in bench["ratios"]}
    for c in bench["cases"]:
        r = by_key.get((c["size"], c.get("channel"), case_rdc(c), c["mode"]))
        rel = ("  %10s %11s %9s" % (fmt_ratio(r["wall_s"]), fmt_ratio(r.get("wall_per_frame_us")),
                                    fmt_ratio(r["peak_rss_kib"])) if r else "")
        print("%-9s %-12s %-8s %-4s %9.3f %9.3f %11d %10.0f %9.1f %9s %9s%s"
              % (c["size"], c.get("channel", "-"), c["mode"], case_rdc(c), c["wall_s"],
                 c["cpu_s"], c["events"], c["events_per_s"] or 0, mib(c["peak_rss_kib"]),
                 c.get("lln_frames") if c.get("lln_frames") is not None else "-",
                 "%.1f" % c["wall_per_frame_us"] if c.get("wall_per_frame_us") else "-", rel))
        if c.get("warning"):
            print("        warning: " + c["warning"])
    if not bench["ratios"]:
        print("(no ratios to nosec: the bench ran no nosec case)")
    if bench.get("channel_ratios"):
        print()
        header = ("%-9s %-8s  %s" % ("size", "mode", "ns-3's stock channel / neighbour list: "
                                     "wall clock, CPU, events, RSS"))
        print(header)
        print("-" * len(header))
        for r in bench["channel_ratios"]:
            print("%-9s %-8s  %8s %8s %8s %8s"
                  % (r["size"], r["mode"], fmt_ratio(r["wall_s"]), fmt_ratio(r["cpu_s"]),
                     fmt_ratio(r["events"]), fmt_ratio(r["peak_rss_kib"])))
    if bench.get("rdc_ratios"):
        print()
        header = ("%-9s %-8s  %s" % ("size", "mode", "low-power listening / always-on radios "
                                     "(%s): wall clock, events, RSS, frames"
                                     % bench["rdc_ratios"][0]["channel"]))
        print(header)
        print("-" * len(header))
        for r in bench["rdc_ratios"]:
            print("%-9s %-8s  %8s %8s %8s %8s"
                  % (r["size"], r["mode"], fmt_ratio(r["wall_s"]), fmt_ratio(r["events"]),
                     fmt_ratio(r["peak_rss_kib"]), fmt_ratio(r["lln_frames"])))
    if bench.get("attack_cases"):
        print_attack_table(bench)
    load = m.get("load_average_before"), m.get("load_average_after")
    if all(load):
        print("load average before %s, after %s (1, 5, 15 min)"
              % (" ".join(map(str, load[0])), " ".join(map(str, load[1]))))


def print_attack_table(bench):
    """The attack cases and their filter on / off ratios."""
    print()
    print("%s: %s at %d datagrams/s; each run simulates the baseline building, then the "
          "attacked one" % (ATTACK_EXAMPLE, ATTACK, ATTACK_RATE))
    header = ("%-9s %-6s %4s %9s %9s %11s %10s %9s %9s %9s %9s %9s"
              % ("size", "filter", "hops", "wall s", "CPU s", "events", "events/s", "RSS MiB",
                 "frames", "base fr.", "sent", "entered"))
    print(header)
    print("-" * len(header))
    for c in bench["attack_cases"]:
        print("%-9s %-6s %4s %9.3f %9.3f %11d %10.0f %9.1f %9s %9s %9s %9s"
              % (c["size"], c["filter"], c.get("hops", "-"), c["wall_s"], c["cpu_s"],
                 c["events"], c["events_per_s"] or 0, mib(c["peak_rss_kib"]),
                 *("-" if c.get(k) is None else c[k]
                   for k in ("lln_frames", "baseline_lln_frames", "attack_packets",
                             "attack_entered"))))
        if c.get("warning"):
            print("        warning: " + c["warning"])
    print("(frames: 802.15.4 frames of the attacked run; base fr.: of the baseline run; sent, "
          "entered: attack datagrams sent, and entered into the LLN)")
    if bench.get("attack_ratios"):
        print()
        header = "%-9s %-6s  %s" % ("size", "filter", "filter on / off: wall clock, events, "
                                    "RSS, frames")
        print(header)
        print("-" * len(header))
        for r in bench["attack_ratios"]:
            print("%-9s %-6s  %8s %8s %8s %8s"
                  % (r["size"], r["filter"], fmt_ratio(r["wall_s"]), fmt_ratio(r["events"]),
                     fmt_ratio(r["peak_rss_kib"]), fmt_ratio(r["lln_frames"])))


def default_out(bench):
    stamp = bench["date"].replace("-", "").replace(":", "")
    return os.path.join(TOP, "results", "bench", "bench-%s-%s.json"
                        % (stamp, bench["module"]["commit"][:10]))


def save(bench, path):
    """Write the bench JSON atomically."""
    path = os.path.abspath(path)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(bench, f, indent=2)
            f.write("\n")
        os.replace(tmp, path)
    except OSError as e:
        raise UserError("cannot write %s: %s" % (path, e.strerror or e)) from None
    return path


def load_bench(path, what):
    """Read a saved bench; UserError when it is not one."""
    try:
        with open(path, encoding="utf-8") as f:
            bench = json.load(f)
    except OSError as e:
        raise UserError("cannot read %s %s: %s" % (what, path, e.strerror)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UserError("%s %s is not JSON: %s" % (what, path, e)) from None
    settings = bench.get("settings") if isinstance(bench, dict) else None
    ok = (isinstance(bench, dict) and bench.get("bench") == "iotsec" and
          isinstance(bench.get("cases"), list) and isinstance(settings, dict) and
          all(isinstance(settings.get(k), list) and
              all(isinstance(x, str) for x in settings[k]) for k in ("sizes", "modes")) and
          all(isinstance(settings.get(k, []), list) and
              all(isinstance(x, str) for x in settings.get(k, []))
              for k in ("channels", "rdcs", "attack_sizes")) and
          isinstance(bench.get("machine", {}), dict) and
          isinstance(bench.get("module", {}), dict) and
          isinstance(bench.get("ratios", []), list) and
          all(isinstance(r, dict) and isinstance(r.get("size"), str) and
              isinstance(r.get("mode"), str) and isinstance(case_rdc(r), str)
              for r in bench.get("ratios", [])) and
          all(isinstance(c, dict) and isinstance(c.get("size"), str) and
              isinstance(c.get("mode"), str) and isinstance(case_rdc(c), str) and
              all(isinstance(c.get(k), (int, float)) for k, _ in QUANTITIES)
              for c in bench["cases"]) and
          # attack cases: format 4 on
          isinstance(bench.get("attack_cases", []), list) and
          all(isinstance(c, dict) and isinstance(c.get("size"), str) and
              isinstance(c.get("filter"), str) and
              all(isinstance(c.get(k), (int, float)) for k, _ in QUANTITIES)
              for c in bench.get("attack_cases", [])) and
          isinstance(bench.get("attack_ratios", []), list) and
          all(isinstance(r, dict) and isinstance(r.get("size"), str) and
              isinstance(r.get("filter"), str) for r in bench.get("attack_ratios", [])))
    if not ok:
        raise UserError("%s %s is not an iotsec bench file (./iotsec bench writes them)"
                        % (what, path))
    return bench


def change(old, new):
    if not isinstance(old, (int, float)) or not isinstance(new, (int, float)) or not old:
        return "-"
    return "%+.1f%%" % (100.0 * (new - old) / old)


def print_comparison(old, new, old_path, new_path):
    """Old against new, per case: wall clock, events, peak RSS, ratios to nosec."""
    print()
    for label, bench, path in (("old", old, old_path), ("new", new, new_path)):
        m = bench.get("machine", {})
        print("%s: %s  module %s, %s, %s (%s cores), repeat %s"
              % (label, path or "(this run)", runner.short(bench.get("module", {})
                                                          .get("commit", "?")),
                 bench.get("date", "?"), m.get("hostname", "?"), m.get("cores", "?"),
                 bench.get("settings", {}).get("repeat", "?")))
    if old.get("machine", {}).get("hostname") != new.get("machine", {}).get("hostname") or \
            old.get("machine", {}).get("cpu_model") != new.get("machine", {}).get("cpu_model"):
        print("note: the two benches ran on different machines; timings do not compare")
    header = ("%-9s %-12s %-8s %-4s %8s %8s %7s  %10s %10s %7s  %7s %7s %7s  %10s"
              % ("size", "channel", "mode", "rdc", "wall old", "new", "change", "events old",
                 "new", "change", "RSS old", "new", "change", "wall/nosec"))
    print(header)
    print("-" * len(header))

    def key_of(row):
        return row["size"], case_channel(row), row["mode"], case_rdc(row)

    olds = {key_of(c): c for c in old["cases"]}
    news = {key_of(c): c for c in new["cases"]}
    old_r = {key_of(r): r for r in old.get("ratios", [])}
    new_r = {key_of(r): r for r in new.get("ratios", [])}
    keys = list(news) + [k for k in olds if k not in news]
    for key in keys:
        o, n = olds.get(key), news.get(key)
        if o is None or n is None:
            print("%-9s %-12s %-8s %-4s only in the %s bench"
                  % (*key, "new" if o is None else "old"))
            continue
        ro, rn = old_r.get(key, {}).get("wall_s"), new_r.get(key, {}).get("wall_s")
        print("%-9s %-12s %-8s %-4s %8.3f %8.3f %7s  %10d %10d %7s  %7.1f %7.1f %7s  %10s"
              % (*key, o["wall_s"], n["wall_s"],
                 change(o["wall_s"], n["wall_s"]),
                 o["events"], n["events"], change(o["events"], n["events"]),
                 mib(o["peak_rss_kib"]), mib(n["peak_rss_kib"]),
                 change(o["peak_rss_kib"], n["peak_rss_kib"]),
                 "%s->%s" % (fmt_ratio(ro), fmt_ratio(rn)) if ro or rn else "-"))
    print("(wall clock in s, RSS in MiB; change is (new - old) / old; a format-1 bench ran "
          "on ns-3's stock channel, SingleModel, and a bench before format 3 with rdc=none)")
    print_attack_comparison(old, new)


def print_attack_comparison(old, new):
    """Old against new, per attack case (size, attack, filter): what both have, and which
    cases only one has; nothing when neither has attack cases."""
    def key_of(row):
        return row["size"], row.get("attack", ATTACK), row["filter"]

    olds = {key_of(c): c for c in old.get("attack_cases", [])}
    news = {key_of(c): c for c in new.get("attack_cases", [])}
    if not olds and not news:
        return
    print()
    print("%s, old against new" % ATTACK_EXAMPLE)
    for label, cases, bench in (("old", olds, old), ("new", news, new)):
        if not cases:
            print("the %s bench has no attack cases (%s)"
                  % (label, "format %s, before format 4" % bench.get("format")
                     if not isinstance(bench.get("format"), int) or bench["format"] < 4
                     else "run with --attack-sizes none"))
    header = ("%-9s %-13s %-6s %8s %8s %7s  %10s %10s %7s  %7s %7s %7s  %8s %8s  %10s"
              % ("size", "attack", "filter", "wall old", "new", "change", "events old", "new",
                 "change", "RSS old", "new", "change", "fr. old", "new", "wall on/off"))
    print(header)
    print("-" * len(header))
    old_r = {(r["size"], r.get("attack", ATTACK), r["filter"]): r
             for r in old.get("attack_ratios", [])}
    new_r = {(r["size"], r.get("attack", ATTACK), r["filter"]): r
             for r in new.get("attack_ratios", [])}
    for key in list(news) + [k for k in olds if k not in news]:
        o, n = olds.get(key), news.get(key)
        if o is None or n is None:
            print("%-9s %-13s %-6s only in the %s bench" % (*key, "new" if o is None else "old"))
            continue
        ro, rn = old_r.get(key, {}).get("wall_s"), new_r.get(key, {}).get("wall_s")
        print("%-9s %-13s %-6s %8.3f %8.3f %7s  %10d %10d %7s  %7.1f %7.1f %7s  %8s %8s  %10s"
              % (*key, o["wall_s"], n["wall_s"], change(o["wall_s"], n["wall_s"]),
                 o["events"], n["events"], change(o["events"], n["events"]),
                 mib(o["peak_rss_kib"]), mib(n["peak_rss_kib"]),
                 change(o["peak_rss_kib"], n["peak_rss_kib"]),
                 o.get("lln_frames", "-"), n.get("lln_frames", "-"),
                 "%s->%s" % (fmt_ratio(ro), fmt_ratio(rn)) if ro or rn else "-"))
    print("(fr.: 802.15.4 frames of the attacked run; wall on/off: filter on's wall clock / "
          "filter off's, old->new)")


# ------------------------------------------------------------------------------------------

def cmd_bench(argv):
    args = parser().parse_args(argv)
    old = load_bench(args.compare, "--compare file") if args.compare else None
    if args.against:
        if not old:
            raise UserError("--against needs --compare OLD")
        new = load_bench(args.against, "--against file")
        print_comparison(old, new, args.compare, args.against)
        return 0
    settings = old["settings"] if old else {}
    try:
        sizes = args.sizes or size_list(",".join(settings.get("sizes", [])) or DEFAULT_SIZES)
        modes = args.modes or mode_list(",".join(settings.get("modes", [])) or ",".join(MODES))
        channels = args.channels or channel_list(
            ",".join(settings.get("channels", [])) or
            (",".join(CHANNELS) if not old else "SingleModel"))
        # a bench before format 3 ran with rdc=none only
        rdcs = args.rdcs or rdc_list(",".join(settings.get("rdcs", [])) or
                                     (",".join(RDCS) if not old else RDC_BASELINE))
        # a bench before format 4 (or with --attack-sizes none) ran no attack case
        attack_sizes = args.attack_sizes if args.attack_sizes is not None else \
            attack_size_list(",".join(settings.get("attack_sizes", [])) or
                             (DEFAULT_ATTACK_SIZES if not old else "none"))
    except argparse.ArgumentTypeError as e:
        raise UserError("--compare file %s: %s" % (args.compare, e)) from None
    repeat = args.repeat or (settings.get("repeat") if isinstance(settings.get("repeat"), int)
                             and settings["repeat"] >= 1 else 3)
    if old and not (args.sizes and args.modes and args.channels and args.rdcs and
                    args.attack_sizes is not None and args.repeat):
        print("iotsec bench: sizes, channels, modes, rdcs, attack sizes and repeat not given "
              "are those of %s" % args.compare)
    bench = run_bench(args, sizes, modes, channels, rdcs, repeat, attack_sizes)
    print_table(bench)
    path = save(bench, args.out or default_out(bench))
    print("saved %s" % os.path.relpath(path) if not os.path.relpath(path).startswith("..")
          else "saved %s" % path)
    if bench["module"]["dirty"]:
        print("iotsec bench: warning: the module has uncommitted changes (%s): commit before "
              "a bench you publish" % runner.short(bench["module"]["commit"]), file=sys.stderr)
    if old:
        print_comparison(old, bench, args.compare, None)
    return 0


def main(argv):
    def on_signal(signum, _frame):
        raise Interrupted(signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, on_signal)
    try:
        return cmd_bench(argv)
    except UserError as e:
        end_line()
        print("iotsec bench: error: %s" % e, file=sys.stderr)
        return 1
    except Interrupted as e:
        if Child.process is not None and Child.process.returncode is None:
            kill_child(Child.process)
            Child.process.wait()
        end_line()
        print("iotsec bench: interrupted by signal %d; nothing saved" % e.signum,
              file=sys.stderr)
        return 128 + e.signum
    except BrokenPipeError:
        sys.stderr.close()
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
