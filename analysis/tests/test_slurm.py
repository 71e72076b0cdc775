#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-analysis-slurm: a sweep through a real SLURM job array.

usage: test_slurm.py <build dir> <scratch dir>

When a SLURM cluster already answers (sinfo with the environment's configuration), the test
uses it and starts nothing. Otherwise it starts a one-node cluster on this machine, as root:
munged, slurmctld and slurmd in the foreground as its own children, with a fresh munge key,
slurm.conf, state, spool, logs and munge socket in the scratch directory, and TCP ports that
were free at the time (so it never touches a system SLURM or another test's cluster). A tiny
floor-echo campaign (2 points x 2 runs) then runs with --backend slurm --wait, passing
--partition, --time, --mem, --cpus-per-task and a % throttle through to sbatch. Checks: the
database holds exactly 4 successful rows that ran as array tasks of one job; the job had the
options asked for; --collect and a further sweep find nothing left to do. The daemons the test
started are stopped by PID on every exit (also on failure, SIGTERM or SIGINT), and the whole
test is bounded in time.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time

from helpers import check, cli, failures, finish, fresh_dir, rows, write

DEADLINE_S = 150  # ctest's TIMEOUT for this test is larger, so cleanup always runs
START = time.monotonic()

CAMPAIGN = """
example = "floor-echo"
runs = 2
[fixed]
packets = 2
[grid]
nodes = [2, 3]
"""


def left_s():
    """Seconds left before the test's deadline."""
    return max(1.0, DEADLINE_S - (time.monotonic() - START))


def tool(name):
    """The path of a SLURM or munge program, or None."""
    return shutil.which(name) or next(
        (p for p in ("/usr/sbin/" + name, "/usr/bin/" + name) if os.access(p, os.X_OK)), None)


def slurm_answers(env):
    """Partitions (name, state) of the SLURM that `env` points at, or None if none answers."""
    try:
        proc = subprocess.run(["sinfo", "-h", "-o", "%R %a %T"], env=env, capture_output=True,
                              text=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    return [line.split() for line in proc.stdout.splitlines()]


def free_port():
    """A TCP port that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("", 0))
        return s.getsockname()[1]


class OneNodeCluster:
    """munged + slurmctld + slurmd for this machine, in `directory`, stopped by stop()."""

    def __init__(self, directory):
        self.dir = fresh_dir(directory)
        self.processes = []  # (name, Popen), in start order
        self.host = socket.gethostname().split(".")[0]
        self.partition = "iotsec"
        sock_dir = os.path.join(self.dir, "munge")
        if len(sock_dir) > 90:  # Unix socket paths are limited to 107 bytes
            sock_dir = os.path.join("/tmp", "iotsec-munge-%d" % os.getpid())
            fresh_dir(sock_dir)
            self.extra_dir = sock_dir
        else:
            os.makedirs(sock_dir)
            self.extra_dir = None
        os.chmod(sock_dir, 0o755)
        self.socket = os.path.join(sock_dir, "munge.socket")
        for sub in ("state", "spool", "log"):
            os.makedirs(os.path.join(self.dir, sub))
        self.key = os.path.join(self.dir, "munge.key")
        with open(os.open(self.key, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
            f.write(secrets.token_bytes(1024))
        self.conf = os.path.join(self.dir, "slurm.conf")
        with open("/proc/meminfo", encoding="utf-8") as f:
            mem_mb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1)) // 1024
        d = self.dir
        write(self.conf, "\n".join([
            "# one-node cluster of the iotsec SLURM test (generated)",
            "ClusterName=iotsectest",
            "SlurmctldHost=" + self.host,
            "SlurmctldPort=%d" % free_port(),
            "SlurmdPort=%d" % free_port(),
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            "CredType=cred/munge",
            "AuthInfo=socket=" + self.socket,
            "StateSaveLocation=%s/state" % d,
            "SlurmdSpoolDir=%s/spool" % d,
            "SlurmctldPidFile=%s/slurmctld.pid" % d,
            "SlurmdPidFile=%s/slurmd.pid" % d,
            "SlurmctldLogFile=%s/log/slurmctld.log" % d,
            "SlurmdLogFile=%s/log/slurmd.log" % d,
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_CPU_Memory",
            "SchedulerType=sched/builtin",
            "MpiDefault=none",
            "SwitchType=switch/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "JobCompType=jobcomp/none",
            "ReturnToService=2",
            "NodeName=%s CPUs=%d RealMemory=%d State=UNKNOWN"
            % (self.host, os.cpu_count() or 1, max(256, mem_mb // 2)),
            "PartitionName=%s Nodes=ALL Default=YES MaxTime=60 State=UP" % self.partition,
            ""]))
        self.env = dict(os.environ, SLURM_CONF=self.conf)

    def _start(self, name, argv):
        log = open(os.path.join(self.dir, "log", name + ".out"), "wb")
        self.processes.append((name, subprocess.Popen(argv, env=self.env, stdout=log,
                                                      stderr=subprocess.STDOUT,
                                                      stdin=subprocess.DEVNULL)))
        log.close()

    def start(self):
        """Start the daemons; return once the node is idle (raise RuntimeError if it is not)."""
        d = self.dir
        self._start("munged", [tool("munged"), "--foreground", "--force",
                               "--socket=" + self.socket, "--key-file=" + self.key,
                               "--pid-file=%s/munged.pid" % d, "--log-file=%s/log/munged.log" % d,
                               "--seed-file=%s/munged.seed" % d])
        self._wait(lambda: os.path.exists(self.socket), 15, "munged to create its socket")
        self._start("slurmctld", [tool("slurmctld"), "-D", "-i"])
        self._start("slurmd", [tool("slurmd"), "-D"])
        self._wait(lambda: any(state == "idle" for _, _, state in
                               slurm_answers(self.env) or []), 45, "the node to be idle")

    def _wait(self, condition, timeout_s, what):
        end = time.monotonic() + min(timeout_s, left_s())
        while time.monotonic() < end:
            for name, p in self.processes:
                if p.poll() is not None:
                    raise RuntimeError("%s exited with status %d" % (name, p.returncode))
            if condition():
                return
            time.sleep(0.3)
        raise RuntimeError("timed out waiting for " + what)

    def stop(self):
        """Cancel what still runs on the cluster, then stop our daemons by PID."""
        if any(name == "slurmctld" and p.poll() is None for name, p in self.processes):
            subprocess.run(["scancel", "--full", "--user=" + str(os.getuid())], env=self.env,
                           capture_output=True, timeout=15)
            end = time.monotonic() + 10
            while time.monotonic() < end and subprocess.run(
                    ["squeue", "-h"], env=self.env, capture_output=True, text=True,
                    timeout=15).stdout.strip():
                time.sleep(0.5)
        for name, p in reversed(self.processes):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if self.extra_dir:
            shutil.rmtree(self.extra_dir, ignore_errors=True)

    def logs(self):
        """The tail of every daemon log, for a failure report."""
        text = []
        for name in sorted(os.listdir(os.path.join(self.dir, "log"))):
            with open(os.path.join(self.dir, "log", name), errors="replace") as f:
                text.append("--- %s\n%s" % (name, f.read()[-3000:]))
        return "\n".join(text)


def on_signal(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds through the finally that stops the daemons


def run_campaign(build, scratch, env, partition):
    """Sweep the tiny campaign through SLURM and check the results."""
    campaign = write(os.path.join(scratch, "slurm-tiny.toml"), CAMPAIGN)
    db = os.path.join(scratch, "results.sqlite")
    shared = os.path.join(scratch, "shared")
    args = ["sweep", campaign, "--db", db, "--build-dir", build, "--shared-dir", shared]
    options = ["--time=5", "--cpus-per-task=1", "--throttle=2", "--runs-per-task=1"]
    if partition:  # our own cluster: every pass-through option
        options += ["--partition=" + partition, "--mem=200M"]
    proc = cli(*args, "--backend", "slurm", "--wait", "--no-progress", *options,
               timeout=left_s(), env=env)
    print(proc.stdout, proc.stderr, sep="\n")
    check(proc.returncode == 0, "the SLURM sweep failed (exit %d)" % proc.returncode)
    match = re.search(r"submitted SLURM job array (\d+): 4 task\(s\)", proc.stdout)
    check(match is not None, "no job array of 4 tasks was submitted")
    recorded = rows(db)
    check(len(recorded) == 4, "the database holds %d rows, not 4" % len(recorded))
    check(all(r["status"] == "ok" and r["backend"] == "slurm" for r in recorded),
          "rows: %r" % [(r["status"], r["backend"], r["error"]) for r in recorded])
    if match:
        tasks = sorted(r["slurm_job"] for r in recorded)
        check(tasks == ["%s_%d" % (match.group(1), i) for i in range(4)],
              "rows did not come from the 4 array tasks of job %s: %s"
              % (match.group(1), tasks))
        if partition:
            show = subprocess.run(["scontrol", "show", "job", match.group(1)], env=env,
                                  capture_output=True, text=True, timeout=15).stdout
            for field in ("Partition=" + partition, "TimeLimit=00:05:00", "MinMemoryNode=200M",
                          "ArrayTaskThrottle=2"):
                check(field in show, "the job was not submitted with %s:\n%s"
                      % (field, show[:1500]))
    proc = cli(*args, "--collect", env=env)
    check(proc.returncode == 0 and "collected 0 run outcome(s)" in proc.stdout,
          "--collect after --wait: exit %d, %r" % (proc.returncode, proc.stdout))
    proc = cli(*args, "--backend", "slurm", "--dry-run", env=env)
    check("4 done, 0 failed, 0 to run" in proc.stdout,
          "a further sweep has work left: %r" % proc.stdout)
    check(len(rows(db)) == 4, "rows changed after --collect")


def main():
    build, scratch = sys.argv[1], fresh_dir(sys.argv[2])
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    missing = [t for t in ("sbatch", "squeue", "sinfo", "scontrol", "scancel", "slurmctld",
                           "slurmd", "munged") if not tool(t)]
    if missing:
        check(False, "SLURM is not installed (missing %s): run ./iotsec setup"
              % ", ".join(missing))
        return finish("slurm")

    existing = slurm_answers(dict(os.environ))
    if existing:
        print("using the SLURM cluster that is already running: partitions %s" % existing)
        run_campaign(build, scratch, dict(os.environ), None)
        return finish("slurm")
    if os.getuid() != 0:
        check(False, "no SLURM answers, and starting one needs root")
        return finish("slurm")
    if not os.path.exists("/sys/fs/cgroup/cgroup.controllers") and \
            not os.path.isdir("/sys/fs/cgroup/cpu"):
        # slurmd (22.05) initializes its cgroup plugin even with task/none and
        # proctrack/linuxproc; a booted machine always has cgroups mounted, a bare chroot not
        check(False, "no cgroup file system at /sys/fs/cgroup: slurmd cannot start here "
              "(in a chroot, mount --rbind /sys/fs/cgroup)")
        return finish("slurm")

    cluster = OneNodeCluster(os.path.join(scratch, "cluster"))
    try:
        cluster.start()
        print("started a one-node SLURM cluster: munged %d, slurmctld %d, slurmd %d (%s)"
              % (*(p.pid for _, p in cluster.processes), cluster.conf))
        run_campaign(build, scratch, cluster.env, cluster.partition)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        check(False, "the cluster: %s" % e)
    finally:
        if failures or sys.exc_info()[0] is not None:
            print(cluster.logs())
        cluster.stop()
    check(all(p.poll() is not None for _, p in cluster.processes),
          "a daemon the test started is still running")
    return finish("slurm")


if __name__ == "__main__":
    sys.exit(main())
