#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The command-line front end of `./iotsec sweep` and `./iotsec plot`.

    cli.py sweep CAMPAIGN [options]     (./iotsec sweep --help)
    cli.py plot FIGURE [options]        (./iotsec plot --help)
    cli.py slurm-task JOB_DIR INDEX     (what a SLURM array task runs; not for people)

Mistakes a user can fix end with one "iotsec <command>: error: ..." line and exit status 1
(argparse's own usage errors: 2). A sweep stopped by SIGTERM or SIGINT exits 128+signal
after saving every finished run.
"""

import argparse
import os
import shlex
import sys
import textwrap

import campaign as campaigns
import runner
import slurm
from errors import UserError
from store import Store

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DB = os.environ.get("IOTSEC_DB", os.path.join(TOP, "results", "iotsec.sqlite"))
DEFAULT_BUILD = os.environ.get("IOTSEC_BUILD_DIR", os.path.join(TOP, "build"))


def warn(prog, message):
    """Print a warning on stderr (after what is already on stdout)."""
    sys.stdout.flush()
    print("%s: warning: %s" % (prog, message), file=sys.stderr)


# ------------------------------------------------------------------------------------------
# sweep
# ------------------------------------------------------------------------------------------

SWEEP_HELP = """\
Run every point and run of a campaign through the results contract and record each run in
the results database. Runs already recorded at the current module commit are not run again,
so a sweep that was stopped resumes where it was. Failed runs are recorded with their exit
status and stderr, and are run again only with --retry-failed. Runs of other module commits
are kept apart: they are never reused, and the sweep says that they are there.

CAMPAIGN is a campaign file, or the name of one in analysis/campaigns/ (the format: README.md,
"Sweeps and plots", and analysis/campaign.py).

backends:
  local  (default) up to -j runs at once on this machine, with a progress bar
  slurm  one SLURM job array (sbatch --array); each array task runs a slice of the runs and
         writes their outcomes to --shared-dir. They are collected into the database by
         --wait (when the array ends), by `sweep CAMPAIGN --collect`, or by the next sweep
         of the campaign.

exit status: 0 when every run of the campaign succeeded at this commit; 1 when some failed
or are still to run (or on an error); 128+N when stopped by signal N."""


def sweep_parser():
    """The argument parser of `./iotsec sweep`."""
    p = argparse.ArgumentParser(
        prog="./iotsec sweep", description=SWEEP_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("campaign", metavar="CAMPAIGN")
    p.add_argument("--db", default=DEFAULT_DB,
                   help="results database (default: results/iotsec.sqlite; $IOTSEC_DB)")
    p.add_argument("--build-dir", default=DEFAULT_BUILD,
                   help="build directory holding examples/ (default: build/)")
    p.add_argument("--backend", choices=("local", "slurm"), default="local")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   help="local backend: runs at once (default: number of cores)")
    p.add_argument("--retry-failed", action="store_true",
                   help="run the runs recorded as failed again")
    p.add_argument("--dry-run", action="store_true",
                   help="list what would run, and run nothing")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    s = p.add_argument_group("slurm backend")
    s.add_argument("--collect", action="store_true",
                   help="only collect the results of the campaign's submitted job arrays")
    s.add_argument("--wait", action="store_true",
                   help="wait for the job array to end, then collect its results")
    s.add_argument("--shared-dir", default=os.path.join(TOP, "results", "slurm"),
                   help="directory seen by the compute nodes for job files and outcomes "
                        "(default: results/slurm/)")
    s.add_argument("--partition", help="sbatch --partition")
    s.add_argument("--time", help="sbatch --time: limit per array task (e.g. 30, 2:00:00)")
    s.add_argument("--mem", help="sbatch --mem: memory per array task (e.g. 2G)")
    s.add_argument("--cpus-per-task", type=int,
                   help="sbatch --cpus-per-task; a task runs that many runs at once")
    s.add_argument("--throttle", type=int, metavar="N",
                   help="at most N array tasks at once (sbatch --array=...%%N)")
    s.add_argument("--runs-per-task", type=int, metavar="K",
                   help="runs per array task (default: 1, more when the array would "
                        "exceed 1000 tasks)")
    return p


def _describe(run):
    return " ".join(["RngRun=%d" % run.rng_run] +
                    ["%s=%s" % kv for kv in run.point.items()])


def _report(store, camp, commit):
    """Print the campaign's state at `commit`; return the exit status it deserves."""
    runs = camp.runs()
    statuses = store.statuses(camp.example, commit)
    ok = sum(statuses.get(r.key) == "ok" for r in runs)
    failed = store.failed_runs(camp.example, commit, {r.key for r in runs})
    todo = len(runs) - ok - len(failed)
    print("campaign %s at %s: %d of %d runs done, %d failed, %d not run"
          % (camp.name, runner.short(commit), ok, len(runs), len(failed), todo))
    for f in failed[:5]:
        print("  failed: RngRun=%d %s: %s" % (f["rng_run"], f["point_key"], f["error"]))
    if len(failed) > 5:
        print("  ... and %d more failed runs" % (len(failed) - 5))
    if failed:
        print("  (their stderr is in the database, column stderr_tail; run them again with "
              "--retry-failed)")
    return 0 if ok == len(runs) else 1


def cmd_sweep(argv):
    """./iotsec sweep."""
    prog = "iotsec sweep"
    args = sweep_parser().parse_args(argv)
    if args.jobs < 1:
        raise UserError("-j must be at least 1")
    camp = campaigns.load(args.campaign)
    store = Store(args.db)

    if args.collect:
        recorded, in_flight = slurm.collect(store, camp.name, lambda m: warn(prog, m))
        flying = sum(len(keys) for keys in in_flight.values())
        print("collected %d run outcome(s)%s" % (
            recorded, "; %d run(s) still in SLURM jobs" % flying if flying else ""))
        commits = store.commits(camp.example, {r.key for r in camp.runs()})
        for commit in commits:
            _report(store, camp, commit)
        return 0 if not flying and all(f == 0 for _, f in commits.values()) else 1

    commit = runner.module_commit(args.build_dir)
    binary = runner.example_binary(args.build_dir, camp.example)
    runner.check_parameters(binary, {name for point in camp.points for name in point})
    in_flight = {}
    if store.uncollected_slurm_jobs(camp.name):
        recorded, in_flight = slurm.collect(store, camp.name, lambda m: warn(prog, m))
        if recorded:
            print("collected %d run outcome(s) from earlier SLURM jobs" % recorded)

    runs = camp.runs()
    keys = {r.key for r in runs}
    statuses = store.statuses(camp.example, commit)
    flying = in_flight.get((camp.example, commit), set())
    done = sum(statuses.get(r.key) == "ok" for r in runs)
    failed = [r for r in runs if statuses.get(r.key) == "failed" and r.key not in flying]
    todo = [r for r in runs if r.key not in statuses and r.key not in flying]
    if args.retry_failed:
        todo = failed + todo

    print("campaign %s: %s, %d point(s) x %d run(s) = %d runs, module commit %s"
          % (camp.name, camp.example, len(camp.points), len(camp.rng_runs), len(runs),
             runner.short(commit)))
    if camp.description:
        print("  " + camp.description)
    print("  %d done, %d failed%s,%s %d to run"
          % (done, len(failed), "" if args.retry_failed or not failed
             else " (not run again without --retry-failed)",
             " %d in SLURM jobs still running," % len(flying & keys) if flying & keys else "",
             len(todo)))
    others = {c: n for c, n in store.commits(camp.example, keys).items() if c != commit}
    if others:
        print("  runs of other module commits in %s are kept apart and not reused: %s"
              % (args.db, ", ".join("%s (%d ok, %d failed)" % (runner.short(c), ok, bad)
                                    for c, (ok, bad) in others.items())))
    if commit.endswith("-dirty"):
        warn(prog, "the module has uncommitted changes (%s): runs of different uncommitted "
                   "states share this name and cannot be told apart; commit before a sweep "
                   "whose results you publish" % runner.short(commit))

    if args.dry_run:
        for run in todo:
            print("  would run: " + shlex.join(run.argv(binary, "<results.json>")))
        return 0
    if not todo:
        return _report(store, camp, commit)

    if args.backend == "slurm":
        options = dict(partition=args.partition, time=args.time, mem=args.mem,
                       cpus_per_task=args.cpus_per_task, throttle=args.throttle,
                       runs_per_task=args.runs_per_task)
        for name in ("cpus_per_task", "throttle", "runs_per_task"):
            if options[name] is not None and options[name] < 1:
                raise UserError("--%s must be at least 1" % name.replace("_", "-"))
        job_id, job_dir, tasks, per_task = slurm.submit(
            store, camp, todo, binary, commit, os.path.abspath(args.shared_dir), options)
        print("submitted SLURM job array %s: %d task(s) of up to %d run(s); job files in %s"
              % (job_id, tasks, per_task, job_dir))
        if not args.wait:
            print("collect its results with: ./iotsec sweep %s --collect (or use --wait)"
                  % args.campaign)
            return 0
        try:
            slurm.wait(job_id, job_dir, len(todo), progress=not args.no_progress)
        except KeyboardInterrupt:
            print("stopped waiting; job %s goes on: collect later with --collect" % job_id)
            return 130
        recorded, _ = slurm.collect(store, camp.name, lambda m: warn(prog, m))
        print("collected %d run outcome(s) from SLURM job %s" % (recorded, job_id))
        return _report(store, camp, commit)

    try:
        ok, bad = runner.run_local(store, todo, binary, commit, args.jobs, camp.timeout_s,
                                   progress=not args.no_progress, description=camp.name)
    except runner.Interrupted as e:
        print("interrupted by signal %d: every finished run is recorded in %s; run the same "
              "command again to resume" % (e.signum, args.db), file=sys.stderr)
        return 128 + e.signum
    print("recorded %d run(s): %d ok, %d failed, in %s" % (ok + bad, ok, bad, args.db))
    return _report(store, camp, commit)


# ------------------------------------------------------------------------------------------
# plot
# ------------------------------------------------------------------------------------------

PLOT_HELP = """\
Draw a paper figure from the results database: means over runs with 95% Student-t
confidence intervals, 3.5 in wide (one column), written as FIGURE.pdf, FIGURE.png and
FIGURE.csv (the numbers drawn) in --out. A figure draws the runs of its campaign at one
module commit: by default the current build's commit when the database has runs of it,
otherwise the newest one; --commit chooses. ./iotsec plot --list describes every figure and
the campaign it needs."""


def plot_parser():
    """The argument parser of `./iotsec plot`."""
    p = argparse.ArgumentParser(prog="./iotsec plot", description=PLOT_HELP)
    p.add_argument("figure", metavar="FIGURE", nargs="?")
    p.add_argument("--list", action="store_true", help="describe every figure and exit")
    p.add_argument("--db", default=DEFAULT_DB,
                   help="results database (default: results/iotsec.sqlite; $IOTSEC_DB)")
    p.add_argument("--out", default=os.path.join(TOP, "results", "figures"),
                   help="output directory (default: results/figures/)")
    p.add_argument("--commit", help="module commit (a prefix) whose runs to draw")
    p.add_argument("--campaign", metavar="FILE",
                   help="draw the runs of this campaign file instead of the figure's own "
                        "(for example a quick variant with fewer runs)")
    p.add_argument("--build-dir", default=DEFAULT_BUILD,
                   help="build directory, for the current commit (default: build/)")
    return p


def list_figures(build_dir):
    """Print every figure, its campaign and whether its example is built."""
    import figures  # matplotlib and scipy take most of a second to load: only for plot
    for figure in figures.FIGURES.values():
        print(figure.name)
        print(textwrap.fill(figure.description, width=92, initial_indent="    ",
                            subsequent_indent="    "))
        path = os.path.join(campaigns.CAMPAIGN_DIR, figure.campaign + ".toml")
        try:
            camp = campaigns.load(path)
            problems = figures.check(figure, camp)
            state = "%d points x %d runs" % (len(camp.points), len(camp.rng_runs))
            if problems:
                state += "; BROKEN: " + "; ".join(problems)
        except UserError as e:
            state = "BROKEN: %s" % e
        print("    campaign: %s (%s)" % (os.path.relpath(path, TOP), state))
        built = os.access(os.path.join(build_dir, "examples", figure.example), os.X_OK)
        print("    example: %s (%s)" % (figure.example, "built" if built else
                                         "not built: it may not exist yet"))
        print("    make it: ./iotsec sweep %s && ./iotsec plot %s"
              % (os.path.relpath(path, TOP), figure.name))


def _choose_commit(prog, commits, wanted, current):
    if wanted:
        matches = [c for c in commits if c.startswith(wanted)]
        if len(matches) != 1:
            raise UserError("--commit %s matches %s among the commits with runs: %s" % (
                wanted, "nothing" if not matches else "several", ", ".join(commits)))
        return matches[0]
    if current in commits:
        chosen = current
    else:
        chosen = next(iter(commits))
        if current:
            warn(prog, "no runs at the current build's commit %s; drawing the newest commit "
                       "with runs, %s" % (runner.short(current), runner.short(chosen)))
    if len(commits) > 1:
        warn(prog, "drawing module commit %s; the database also has runs of %s (choose with "
                   "--commit)" % (runner.short(chosen), ", ".join(
                       runner.short(c) for c in commits if c != chosen)))
    return chosen


def cmd_plot(argv):
    """./iotsec plot."""
    import figures  # matplotlib and scipy take most of a second to load: only for plot
    prog = "iotsec plot"
    args = plot_parser().parse_args(argv)
    if args.list:
        list_figures(args.build_dir)
        return 0
    if not args.figure:
        raise UserError("which figure? (./iotsec plot --list describes them)")
    figure = figures.get_figure(args.figure)
    camp = campaigns.load(args.campaign or
                          os.path.join(campaigns.CAMPAIGN_DIR, figure.campaign + ".toml"))
    problems = figures.check(figure, camp)
    if problems:
        raise UserError("figure %s does not fit its campaign: %s"
                        % (figure.name, "; ".join(problems)))
    store = Store(args.db, create=False)
    keys = {r.key for r in camp.runs()}
    commits = store.commits(camp.example, keys)
    if not commits:
        raise UserError("%s has no runs of campaign %s: run ./iotsec sweep %s first"
                        % (args.db, camp.name, os.path.relpath(camp.path, TOP)))
    try:
        current = runner.module_commit(args.build_dir)
    except UserError:
        current = None
    commit = _choose_commit(prog, commits, args.commit, current)
    runs = store.ok_runs(camp.example, commit, keys)
    if not runs:
        raise UserError("no successful runs of campaign %s at commit %s"
                        % (camp.name, runner.short(commit)))
    if len(runs) < len(keys):
        warn(prog, "%d of the campaign's %d runs are missing or failed at commit %s; the "
                   "means use the runs there are (./iotsec sweep %s completes them)"
             % (len(keys) - len(runs), len(keys), runner.short(commit),
                os.path.relpath(camp.path, TOP)))
    rows = figures.summarize(figure, camp, runs)
    empty = figures.empty_points(figure, rows)
    if empty:
        warn(prog, "no data for point(s) %s" % ", ".join(empty))
    for path in figures.render(figure, camp, rows, args.out, commit):
        print(path)
    return 0


# ------------------------------------------------------------------------------------------

def main(argv):
    """Dispatch to a command; turn UserError into one line and a non-zero exit."""
    commands = {"sweep": cmd_sweep, "plot": cmd_plot}
    if len(argv) == 3 and argv[0] == "slurm-task":
        return slurm.task_main(argv[1], int(argv[2]))
    if not argv or argv[0] not in commands:
        print("usage: cli.py {sweep,plot} ... (see ./iotsec --help)", file=sys.stderr)
        return 2
    try:
        return commands[argv[0]](argv[1:])
    except UserError as e:
        print("iotsec %s: error: %s" % (argv[0], e), file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into a program that stopped reading (head)
        sys.stderr.close()
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
