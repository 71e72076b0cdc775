# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The results store: one SQLite database, one row per run.

A run's identity is (example, point_key, rng_seed, rng_run, module_commit): the same grid
point run by two campaigns is one row, and runs of different module commits are different
rows that never stand in for each other. A failed run is a row too (status 'failed', with its
exit status and the tail of its stderr); only a retry that succeeds replaces it, and nothing
ever replaces a successful row.

Table `runs` (parameters, metrics, the command and the whole result are JSON text, so that
queries can use json_extract(params, '$.nodes')):

  id, example, campaign, point_key, params, metrics, result, rng_seed, rng_run,
  module_commit, ns3_version, status ('ok' | 'failed'), exit_code, error, stderr_tail,
  command, wall_s (measured by the sweep), events, host, backend, slurm_job, attempts,
  started_at, finished_at (ISO 8601, UTC)

Table `slurm_jobs` remembers the SLURM job arrays a sweep submitted until they are collected.

Writes are one transaction per run, in WAL mode, so that a sweep killed at any moment keeps
every run recorded before, and plots can read while a sweep writes.
"""

import json
import os
import sqlite3

from errors import UserError

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    example TEXT NOT NULL,
    campaign TEXT NOT NULL,
    point_key TEXT NOT NULL,
    params TEXT NOT NULL,
    metrics TEXT,
    result TEXT,
    rng_seed INTEGER NOT NULL,
    rng_run INTEGER NOT NULL,
    module_commit TEXT NOT NULL,
    ns3_version TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    exit_code INTEGER,
    error TEXT,
    stderr_tail TEXT,
    command TEXT NOT NULL,
    wall_s REAL,
    events INTEGER,
    host TEXT,
    backend TEXT NOT NULL,
    slurm_job TEXT,
    attempts INTEGER NOT NULL DEFAULT 1,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    UNIQUE (example, point_key, rng_seed, rng_run, module_commit)
);
CREATE INDEX IF NOT EXISTS runs_by_commit ON runs (example, module_commit, status);
CREATE INDEX IF NOT EXISTS runs_by_campaign ON runs (campaign, module_commit);
CREATE TABLE IF NOT EXISTS slurm_jobs (
    job_id TEXT PRIMARY KEY,
    campaign TEXT NOT NULL,
    example TEXT NOT NULL,
    module_commit TEXT NOT NULL,
    job_dir TEXT NOT NULL,
    runs INTEGER NOT NULL,
    submitted_at TEXT NOT NULL,
    collected_at TEXT
);
"""

# Columns an Outcome fills (see runner.Outcome.row())
RUN_COLUMNS = ("example", "campaign", "point_key", "params", "metrics", "result", "rng_seed",
               "rng_run", "module_commit", "ns3_version", "status", "exit_code", "error",
               "stderr_tail", "command", "wall_s", "events", "host", "backend", "slurm_job",
               "started_at", "finished_at")


class Store:
    """The SQLite results database."""

    def __init__(self, path, create=True):
        """Open the database at `path`; create it when `create` (else UserError if missing)."""
        self.path = path
        if not os.path.exists(path):
            if not create:
                raise UserError("no results database at %s (run ./iotsec sweep first, or "
                                "give --db)" % path)
            directory = os.path.dirname(os.path.abspath(path))
            try:
                os.makedirs(directory, exist_ok=True)
            except OSError as e:
                raise UserError("cannot create %s: %s" % (directory, e.strerror)) from None
        try:
            self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(SCHEMA)
            version = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if version is None:
                self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif version[0] != str(SCHEMA_VERSION):
                raise UserError("%s has schema version %s; this tool reads version %d"
                                % (path, version[0], SCHEMA_VERSION))
        except sqlite3.DatabaseError as e:
            raise UserError("%s is not an iotsec results database: %s" % (path, e)) from None

    def close(self):
        """Close the connection."""
        self.db.close()

    # -- runs ---------------------------------------------------------------------------------

    def record(self, row):
        """Record one run (a dict with RUN_COLUMNS); return True if the store changed.

        A new identity is inserted. A failed row is replaced by the new outcome (a retry), and
        its attempt count goes up. A successful row is never replaced.
        """
        values = [row[c] for c in RUN_COLUMNS]
        placeholders = ", ".join("?" * len(RUN_COLUMNS))
        updates = ", ".join("%s = excluded.%s" % (c, c) for c in RUN_COLUMNS)
        cursor = self.db.execute(
            "INSERT INTO runs (%s) VALUES (%s) "
            "ON CONFLICT (example, point_key, rng_seed, rng_run, module_commit) DO UPDATE SET "
            "%s, attempts = runs.attempts + 1 WHERE runs.status = 'failed'"
            % (", ".join(RUN_COLUMNS), placeholders, updates), values)
        return cursor.rowcount > 0

    def statuses(self, example, commit):
        """{(point_key, rng_seed, rng_run): status} of the runs of `example` at `commit`."""
        rows = self.db.execute(
            "SELECT point_key, rng_seed, rng_run, status FROM runs "
            "WHERE example = ? AND module_commit = ?", (example, commit))
        return {(r["point_key"], r["rng_seed"], r["rng_run"]): r["status"] for r in rows}

    def commits(self, example, keys):
        """{commit: (ok runs, failed runs)} among the runs of `example` whose identity (within
        an example and commit) is in `keys`, newest commit first."""
        rows = self.db.execute(
            "SELECT module_commit, point_key, rng_seed, rng_run, status, finished_at FROM runs "
            "WHERE example = ?", (example,))
        found = {}
        newest = {}
        for r in rows:
            if (r["point_key"], r["rng_seed"], r["rng_run"]) not in keys:
                continue
            commit = r["module_commit"]
            ok, failed = found.get(commit, (0, 0))
            found[commit] = (ok + 1, failed) if r["status"] == "ok" else (ok, failed + 1)
            newest[commit] = max(newest.get(commit, ""), r["finished_at"])
        return dict(sorted(found.items(), key=lambda kv: newest[kv[0]], reverse=True))

    def ok_runs(self, example, commit, keys):
        """The successful runs of `example` at `commit` whose identity is in `keys`, as dicts
        with point_key, rng_seed, rng_run, params and metrics (both parsed)."""
        rows = self.db.execute(
            "SELECT point_key, rng_seed, rng_run, params, metrics FROM runs "
            "WHERE example = ? AND module_commit = ? AND status = 'ok'", (example, commit))
        return [dict(point_key=r["point_key"], rng_seed=r["rng_seed"], rng_run=r["rng_run"],
                     params=json.loads(r["params"]), metrics=json.loads(r["metrics"]))
                for r in rows if (r["point_key"], r["rng_seed"], r["rng_run"]) in keys]

    def failed_runs(self, example, commit, keys):
        """The failed runs among `keys`: dicts with point_key, rng_run, exit_code, error."""
        rows = self.db.execute(
            "SELECT point_key, rng_seed, rng_run, exit_code, error FROM runs "
            "WHERE example = ? AND module_commit = ? AND status = 'failed' ORDER BY id",
            (example, commit))
        return [dict(r) for r in rows if (r["point_key"], r["rng_seed"], r["rng_run"]) in keys]

    # -- SLURM jobs ---------------------------------------------------------------------------

    def add_slurm_job(self, job_id, campaign, example, commit, job_dir, runs, submitted_at):
        """Remember a submitted job array until it is collected."""
        self.db.execute("INSERT INTO slurm_jobs VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                        (job_id, campaign, example, commit, job_dir, runs, submitted_at))

    def uncollected_slurm_jobs(self, campaign=None):
        """Submitted job arrays not yet fully collected (all, or one campaign's)."""
        query = "SELECT * FROM slurm_jobs WHERE collected_at IS NULL"
        args = ()
        if campaign is not None:
            query += " AND campaign = ?"
            args = (campaign,)
        return [dict(r) for r in self.db.execute(query + " ORDER BY submitted_at", args)]

    def mark_collected(self, job_id, when):
        """Note that every run of a job array is in the store."""
        self.db.execute("UPDATE slurm_jobs SET collected_at = ? WHERE job_id = ?", (when, job_id))
