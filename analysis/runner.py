# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Running examples through the results contract, one run at a time or a pool of them.

execute() runs one Run as a child process (`--results=FILE --RngSeed=S --RngRun=R`), checks
the JSON it writes against the contract (iotsec_results.py), the module commit and the
parameters the campaign asked for, and returns its outcome: a row for the store. run_local()
is the local backend: a pool of `jobs` child processes, a progress bar with ETA, and every
outcome recorded the moment it arrives, so a sweep killed at any point loses no finished run.
"""

import concurrent.futures
import contextlib
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from tqdm import tqdm

import iotsec_results
from errors import UserError

STDERR_TAIL_CHARS = 4000


def utc_now():
    """The current time as ISO 8601 UTC text (what the store records)."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


def module_commit(build_dir):
    """The module commit the examples in `build_dir` were built from (cmake writes it)."""
    header = os.path.join(build_dir, "generated", "iotsec-git.h")
    try:
        with open(header, encoding="utf-8") as f:
            match = re.search(r'IOTSEC_GIT_COMMIT "([^"]*)"', f.read())
    except OSError:
        raise UserError("%s is not an iotsec build directory (no generated/iotsec-git.h): "
                        "build first with ./iotsec build" % build_dir) from None
    if not match:
        raise UserError("%s does not name a commit" % header)
    return match.group(1)


def example_binary(build_dir, example):
    """The path of an example's program in `build_dir`; UserError if it is not built."""
    path = os.path.join(build_dir, "examples", example)
    if not os.access(path, os.X_OK):
        raise UserError("example '%s' is not built (no %s): it may not exist yet in this "
                        "checkout (./iotsec run lists the examples)" % (example, path))
    return os.path.abspath(path)


def check_parameters(binary, names):
    """Refuse (UserError) parameter `names` that the program does not declare.

    The program's own --PrintHelp (ns-3's CommandLine) is the truth; scenarios.py is what the
    analysis tools expect. A disagreement is found here, before any run, rather than as a
    sweep of identical failures.
    """
    try:
        proc = subprocess.run([binary, "--PrintHelp"], capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise UserError("cannot run %s --PrintHelp: %s" % (binary, e)) from None
    parts = proc.stdout.split("Program Options:", 1)
    if proc.returncode != 0 or len(parts) < 2:
        raise UserError("%s --PrintHelp lists no program options (exit status %d)"
                        % (binary, proc.returncode))
    options = parts[1].split("General Arguments:", 1)[0]
    declared = set(re.findall(r"^\s+--([A-Za-z0-9_]+):", options, re.M))
    unknown = sorted(set(names) - declared)
    if unknown:
        raise UserError("%s does not accept %s (it declares: %s): the example and "
                        "analysis/scenarios.py disagree"
                        % (binary, ", ".join("--" + n for n in unknown),
                           ", ".join(sorted(declared - {"results"}))))


def short(commit):
    """A commit as people read it: 10 hex digits, plus -dirty when the tree was."""
    return re.sub(r"^([0-9a-f]{10})[0-9a-f]{30}", r"\1", commit)


def _tail(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - STDERR_TAIL_CHARS))
            return f.read()
    except OSError:
        return ""


def _check_result(run, result, commit):
    """Problems of a contract-valid result against what the sweep asked for, as a list."""
    found = []
    if result["scenario"] != run.example:
        found.append("scenario is '%s', not '%s'" % (result["scenario"], run.example))
    if result["module"]["git"] != commit:
        found.append("the program reports module commit %s but its build directory says %s: "
                     "rebuild (./iotsec build)" % (result["module"]["git"], commit))
    if (result["rngSeed"], result["rngRun"]) != (run.rng_seed, run.rng_run):
        found.append("rngSeed/rngRun are %s/%s, not %s/%s" % (
            result["rngSeed"], result["rngRun"], run.rng_seed, run.rng_run))
    for name, value in run.point.items():
        if name not in result["params"]:
            found.append("params lack '%s'" % name)
        elif result["params"][name] != value:
            found.append("params.%s is %r, not %r" % (name, result["params"][name], value))
    return found


def execute(run, binary, commit, workdir, timeout_s=0, backend="local", slurm_job=None,
            started=None):
    """Run one Run in a fresh directory under `workdir`; return its outcome.

    `commit` is the module commit of the binary's build: the run is recorded under it, and a
    result that reports another commit is a failure. `started(process)`, when given, is called
    with the child process once it runs (so that the caller can kill it). The run directory
    is removed afterwards.
    """
    rundir = tempfile.mkdtemp(prefix="run-", dir=workdir)
    results_path = os.path.join(rundir, "result.json")
    stderr_path = os.path.join(rundir, "stderr.txt")
    argv = run.argv(binary, results_path)
    started_at = utc_now()
    t0 = time.monotonic()
    exit_code = None
    errors = []
    try:
        with open(stderr_path, "wb") as err:
            # A session of its own: a Ctrl-C on the terminal reaches the sweep, which stops
            # its children itself, and not the children (whose deaths would look like
            # failures)
            process = subprocess.Popen(argv, cwd=rundir, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=err,
                                       start_new_session=True)
            if started is not None:
                started(process)
            try:
                exit_code = process.wait(timeout=timeout_s or None)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                errors.append("killed after the campaign's timeout_s of %g s" % timeout_s)
    except OSError as e:
        errors.append("cannot start %s: %s" % (binary, e.strerror))
    wall_s = time.monotonic() - t0
    result = None
    if exit_code is not None and exit_code != 0:
        errors.append("exit status %d" % exit_code if exit_code > 0
                      else "killed by signal %d" % -exit_code)
    elif exit_code == 0:
        try:
            result = iotsec_results.load_result(results_path)
            errors += _check_result(run, result, commit)
        except iotsec_results.ContractError as e:
            errors.append(str(e).replace(results_path, "the results file"))
    stderr_tail = _tail(stderr_path)
    shutil.rmtree(rundir, ignore_errors=True)

    ok = not errors
    return dict(
        example=run.example, campaign=run.campaign, point_key=run.point_key,
        params=json.dumps(result["params"] if result else run.point, sort_keys=True),
        metrics=json.dumps(result["metrics"], sort_keys=True) if ok else None,
        result=json.dumps(result, sort_keys=True) if result else None,
        rng_seed=run.rng_seed, rng_run=run.rng_run, module_commit=commit,
        ns3_version=result["ns3Version"] if result else None,
        status="ok" if ok else "failed", exit_code=exit_code,
        error="; ".join(errors) or None, stderr_tail=None if ok else stderr_tail,
        command=json.dumps(argv), wall_s=round(wall_s, 6),
        events=result["events"] if result else None, host=socket.gethostname(),
        backend=backend, slurm_job=slurm_job, started_at=started_at, finished_at=utc_now())


class Interrupted(Exception):
    """SIGTERM or SIGINT arrived during a sweep."""

    def __init__(self, signum):
        super().__init__("interrupted by signal %d" % signum)
        self.signum = signum


class Pool:
    """Runs execute() on `jobs` child processes at once; stop() kills them all."""

    def __init__(self, jobs):
        self.jobs = jobs
        self.lock = threading.Lock()
        self.processes = set()
        self.stopping = threading.Event()

    def _started(self, process):
        with self.lock:
            self.processes.add(process)
            if self.stopping.is_set():
                process.kill()

    def _execute(self, index, run, kwargs):
        if self.stopping.is_set():
            return None
        return index, execute(run, started=self._started, **kwargs)

    def map(self, runs, **kwargs):
        """Yield (index in `runs`, outcome) for each run as it finishes; kwargs go to
        execute(). Closing the generator (or an exception in its consumer) stops the pool:
        the runs it kills are never yielded."""
        executor = concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs)
        try:
            futures = [executor.submit(self._execute, i, run, kwargs)
                       for i, run in enumerate(runs)]
            for future in concurrent.futures.as_completed(futures):
                done = future.result()
                if done is not None:
                    yield done
        finally:
            self.stop()
            executor.shutdown(wait=True, cancel_futures=True)

    def stop(self):
        """Kill every running child and start no more."""
        self.stopping.set()
        with self.lock:
            for process in self.processes:
                if process.poll() is None:
                    process.kill()


def run_local(store, runs, binary, commit, jobs, timeout_s, progress=True,
              description="sweep"):
    """The local backend: run `runs` on a pool of `jobs` processes, recording each outcome.

    Returns (ok, failed) counts. SIGTERM and SIGINT stop the sweep cleanly (running children
    are killed and not recorded) by raising Interrupted after the runs already finished are
    safely in the store.
    """
    def on_signal(signum, _frame):
        raise Interrupted(signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    workdir = tempfile.mkdtemp(prefix="iotsec-sweep-")
    sys.stdout.flush()  # what was printed comes before the progress bar
    counts = {"ok": 0, "failed": 0}
    bar = tqdm(total=len(runs), desc=description, unit="run", disable=not progress,
               dynamic_ncols=True)
    try:
        outcomes = Pool(jobs).map(runs, binary=binary, commit=commit, workdir=workdir,
                                  timeout_s=timeout_s)
        with contextlib.closing(outcomes):
            for _, outcome in outcomes:
                store.record(outcome)
                counts[outcome["status"]] += 1
                bar.set_postfix(failed=counts["failed"], refresh=False)
                bar.update(1)
    finally:
        bar.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
        shutil.rmtree(workdir, ignore_errors=True)
    return counts["ok"], counts["failed"]
