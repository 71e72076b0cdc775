# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The SLURM backend: one job array per sweep; SLURM does all the scheduling.

submit() writes a job directory in a directory shared by the login and compute nodes:

  <shared>/<campaign>-<time>-<n>/manifest.json   the runs, the binary, the module commit
                                 job.sh          the batch script (runs `cli.py slurm-task`)
                                 logs/%A_%a.out  each array task's output
                                 out/<i>.json    the outcome of run i (a store row), written
                                                 atomically by the task that ran it

and submits it with `sbatch --array=0-<tasks-1>[%throttle]`; array task t runs the slice
[t*K, (t+1)*K) of the runs (K = runs per task) with SLURM_CPUS_PER_TASK runs at once.
collect() moves finished outcomes into the store (renaming out/<i>.json to
out/<i>.recorded.json), and once the job has left the queue records every run that has no
outcome as failed, with the tail of its task's log. Until then those runs are "in flight" and
no new sweep submits them again.
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import time

from tqdm import tqdm

import runner
from campaign import Run
from errors import UserError

ANALYSIS_DIR = os.path.dirname(os.path.abspath(__file__))
MAX_ARRAY_TASKS = 1000  # SLURM's default MaxArraySize is 1001


def _write_json_atomic(path, data):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, sort_keys=True)
    os.replace(tmp, path)


def _outcome_path(job_dir, index, recorded=False):
    return os.path.join(job_dir, "out", "%d%s.json" % (index, ".recorded" if recorded else ""))


def submit(store, campaign, runs, binary, commit, shared_dir, options):
    """Submit `runs` as one SLURM job array; return (job id, job directory, array tasks,
    runs per task).

    `options` holds partition, time, mem, cpus_per_task, throttle (None when not given) and
    runs_per_task (None: as few per task as MaxArraySize allows).
    """
    per_task = options["runs_per_task"] or math.ceil(len(runs) / MAX_ARRAY_TASKS)
    tasks = math.ceil(len(runs) / per_task)
    if tasks > MAX_ARRAY_TASKS:
        raise UserError("%d array tasks exceed SLURM's usual limit of %d: raise "
                        "--runs-per-task" % (tasks, MAX_ARRAY_TASKS))
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    try:
        os.makedirs(shared_dir, exist_ok=True)
        job_dir = tempfile.mkdtemp(prefix="%s-%s-" % (campaign.name, stamp), dir=shared_dir)
        os.makedirs(os.path.join(job_dir, "logs"))
        os.makedirs(os.path.join(job_dir, "out"))
    except OSError as e:
        raise UserError("cannot create a job directory in %s: %s"
                        % (shared_dir, e.strerror)) from None
    manifest = {
        "campaign": campaign.name, "example": campaign.example, "commit": commit,
        "binary": binary, "timeout_s": campaign.timeout_s, "runs_per_task": per_task,
        "runs": [{"point": r.point, "rng_seed": r.rng_seed, "rng_run": r.rng_run}
                 for r in runs],
    }
    _write_json_atomic(os.path.join(job_dir, "manifest.json"), manifest)
    script = os.path.join(job_dir, "job.sh")
    with open(script, "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\n# iotsec sweep of campaign %s: one SLURM array task\n"
                'exec %s %s slurm-task %s "$SLURM_ARRAY_TASK_ID"\n'
                % (campaign.name, sys.executable, os.path.join(ANALYSIS_DIR, "cli.py"),
                   job_dir))
    os.chmod(script, 0o755)

    array = "0-%d" % (tasks - 1)
    if options["throttle"]:
        array += "%%%d" % options["throttle"]
    argv = ["sbatch", "--parsable", "--job-name=iotsec-" + campaign.name, "--array=" + array,
            "--output=" + os.path.join(job_dir, "logs", "%A_%a.out")]
    for name in ("partition", "time", "mem", "cpus_per_task"):
        if options[name] is not None:
            argv.append("--%s=%s" % (name.replace("_", "-"), options[name]))
    argv.append(script)
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise UserError("sbatch not found: --backend slurm needs SLURM's client commands "
                        "(run on the cluster's login node)") from None
    if proc.returncode != 0:
        raise UserError("sbatch failed: %s" % (proc.stderr.strip() or proc.stdout.strip()))
    job_id = proc.stdout.strip().split(";")[0]
    store.add_slurm_job(job_id, campaign.name, campaign.example, commit, job_dir, len(runs),
                        runner.utc_now())
    return job_id, job_dir, tasks, per_task


def task_main(job_dir, index):
    """Run array task `index` of the job in `job_dir` (inside SLURM, via cli.py slurm-task)."""
    with open(os.path.join(job_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    per_task = manifest["runs_per_task"]
    first = index * per_task
    job = "%s_%d" % (os.environ.get("SLURM_ARRAY_JOB_ID", "?"), index)
    todo = []
    for i, spec in enumerate(manifest["runs"][first:first + per_task], start=first):
        if os.path.exists(_outcome_path(job_dir, i)) or \
                os.path.exists(_outcome_path(job_dir, i, recorded=True)):
            continue  # a requeued task: this run already has its outcome
        todo.append((i, Run(manifest["campaign"], manifest["example"], spec["point"],
                            spec["rng_seed"], spec["rng_run"])))
    jobs = int(os.environ.get("SLURM_CPUS_PER_TASK", "1"))
    workdir = tempfile.mkdtemp(prefix="iotsec-task-")
    outcomes = runner.Pool(jobs).map(
        [run for _, run in todo], binary=manifest["binary"], commit=manifest["commit"],
        workdir=workdir, timeout_s=manifest["timeout_s"], backend="slurm", slurm_job=job)
    failed = 0
    for position, outcome in outcomes:
        i = todo[position][0]
        _write_json_atomic(_outcome_path(job_dir, i), outcome)
        failed += outcome["status"] != "ok"
        print("run %d: %s%s" % (i, outcome["status"],
                                " (%s)" % outcome["error"] if outcome["error"] else ""))
    os.rmdir(workdir)
    print("array task %d: %d runs, %d failed" % (index, len(todo), failed))
    return 0


def job_state(job_id):
    """'active' while `job_id` is queued or running, 'ended' once it left the queue, and
    'unknown' when SLURM cannot be asked (no squeue here, or no controller)."""
    try:
        proc = subprocess.run(["squeue", "-h", "-j", str(job_id), "-o", "%T"],
                              capture_output=True, text=True, timeout=60)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return "unknown"
    if proc.returncode == 0:
        return "active" if proc.stdout.strip() else "ended"
    if "Invalid job id" in proc.stderr:
        return "ended"
    return "unknown"


def _log_tail(job_dir, job_id, index):
    path = os.path.join(job_dir, "logs", "%s_%d.out" % (job_id, index))
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()[-runner.STDERR_TAIL_CHARS:]
    except OSError:
        return "(no log at %s)" % path


def collect(store, campaign=None, say=print):
    """Move the outcomes of submitted job arrays (all, or one campaign's) into the store.

    Returns (outcomes recorded, in flight): in flight maps (example, commit) to the run
    identities (point_key, rng_seed, rng_run) of jobs that have not ended yet.
    """
    recorded = 0
    in_flight = {}
    for job in store.uncollected_slurm_jobs(campaign):
        job_dir, job_id = job["job_dir"], job["job_id"]
        try:
            with open(os.path.join(job_dir, "manifest.json"), encoding="utf-8") as f:
                manifest = json.load(f)
        except (OSError, ValueError) as e:
            say("SLURM job %s: cannot read its job directory (%s); its runs will run again"
                % (job_id, e))
            store.mark_collected(job_id, runner.utc_now())
            continue
        state = job_state(job_id)  # before reading outcomes: no run can end unseen
        missing = []
        for i, spec in enumerate(manifest["runs"]):
            path = _outcome_path(job_dir, i)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    store.record(json.load(f))
                os.replace(path, _outcome_path(job_dir, i, recorded=True))
                recorded += 1
            elif not os.path.exists(_outcome_path(job_dir, i, recorded=True)):
                missing.append((i, spec))
        if state == "ended":
            for i, spec in missing:
                run = Run(manifest["campaign"], manifest["example"], spec["point"],
                          spec["rng_seed"], spec["rng_run"])
                task = i // manifest["runs_per_task"]
                now = runner.utc_now()
                store.record(dict(
                    example=run.example, campaign=run.campaign, point_key=run.point_key,
                    params=json.dumps(run.point, sort_keys=True), metrics=None, result=None,
                    rng_seed=run.rng_seed, rng_run=run.rng_run,
                    module_commit=manifest["commit"], ns3_version=None, status="failed",
                    exit_code=None,
                    error="SLURM array task %s_%d ended without a result for this run (time or "
                          "memory limit, or node failure?)" % (job_id, task),
                    stderr_tail=_log_tail(job_dir, job_id, task), command=json.dumps(
                        run.argv(manifest["binary"], "<results>")),
                    wall_s=None, events=None, host=None, backend="slurm",
                    slurm_job="%s_%d" % (job_id, task), started_at=now, finished_at=now))
                recorded += 1
            if missing:
                say("SLURM job %s: %d run(s) had no result; recorded as failed"
                    % (job_id, len(missing)))
            store.mark_collected(job_id, runner.utc_now())
        elif missing:
            if state == "unknown":
                say("SLURM job %s: cannot ask SLURM whether it still runs (squeue failed); "
                    "its %d unfinished run(s) are left to a later --collect"
                    % (job_id, len(missing)))
            key = (manifest["example"], manifest["commit"])
            in_flight.setdefault(key, set()).update(
                (Run(manifest["campaign"], manifest["example"], s["point"], s["rng_seed"],
                     s["rng_run"]).point_key, s["rng_seed"], s["rng_run"]) for _, s in missing)
        else:
            store.mark_collected(job_id, runner.utc_now())
    return recorded, in_flight


def wait(job_id, job_dir, total, progress=True, poll_s=2.0):
    """Wait, with a progress bar, until job `job_id` leaves the queue."""
    out = os.path.join(job_dir, "out")
    bar = tqdm(total=total, desc="SLURM job " + job_id, unit="run", disable=not progress,
               dynamic_ncols=True)
    try:
        while True:
            state = job_state(job_id)
            done = sum(1 for name in os.listdir(out) if not name.endswith(".tmp") and
                       ".tmp." not in name)
            bar.update(done - bar.n)
            if state == "ended":
                return
            if state == "unknown":
                raise UserError("cannot ask SLURM about job %s (squeue failed); collect its "
                                "results later with --collect" % job_id)
            time.sleep(poll_s)
    finally:
        bar.close()
