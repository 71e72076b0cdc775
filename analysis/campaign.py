# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Campaign files: which example to run, over which parameter grid, how many runs per point.

A campaign is a TOML file (one per paper figure in analysis/campaigns/; its name is the file
name without .toml):

    example = "floor-echo"              # required: an example from scenarios.py
    description = "RTT against nodes"   # optional, shown when the campaign is swept
    runs = 10                           # required: RngRun 1..10, or a list [1, 2, 7],
                                        #   or a table {first = 11, count = 10}
    rngSeed = 1                         # optional (default 1): ns-3's RngSeed for every run
    timeout_s = 600                     # optional: a run taking longer is killed, and failed

    [fixed]                             # optional: one value per parameter
    packets = 20

    [grid]                              # optional: one axis per parameter; every combination
    nodes = [2, 4, 6]                   #   a list of values
    spacing = {start = 20, stop = 60, step = 10}  # a range; stop is included
    maxLossDb = {start = 80, stop = 100, num = 5}  # `num` evenly spaced values, ends included

    [[zip]]                             # optional, repeatable: axes that advance together
    size = [16, 80]                     #   (equal lengths); combined with the grid like one
    interval = [0.5, 1.0]               #   axis: (16, 0.5) and (80, 1.0)

The points are the Cartesian product of the grid axes (in file order) and the zip groups, each
merged with the fixed parameters. Runs are ordered run-major: every point with the first
RngRun, then every point with the second, so that an interrupted sweep already covers the whole
grid with fewer runs.
"""

import itertools
import json
import math
import os
import tomllib
from dataclasses import dataclass

from errors import UserError
from scenarios import get_example

CAMPAIGN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "campaigns")

TOP_KEYS = {"example", "description", "runs", "rngSeed", "timeout_s", "fixed", "grid", "zip"}


@dataclass(frozen=True)
class Run:
    """One execution of an example: a grid point with one RngSeed/RngRun.

    The run's identity in the results store is (example, point_key, rng_seed, rng_run) plus
    the module commit of the binary that runs it.
    """

    campaign: str
    example: str
    point: dict
    rng_seed: int
    rng_run: int

    @property
    def point_key(self):
        """The point as canonical JSON: the parameters the campaign sets, sorted by name."""
        return point_key(self.point)

    @property
    def key(self):
        """(point_key, rng_seed, rng_run): the run's identity within an example and commit."""
        return (self.point_key, self.rng_seed, self.rng_run)

    def argv(self, binary, results_path):
        """The command line that runs this point through the results contract."""
        example = get_example(self.example)
        args = [binary]
        for name, value in self.point.items():
            args.append("--%s=%s" % (name, example.params[name].to_cli(value)))
        args += ["--RngSeed=%d" % self.rng_seed, "--RngRun=%d" % self.rng_run,
                 "--results=" + results_path]
        return args


def point_key(point):
    """Canonical JSON of a point (a dict of canonical parameter values)."""
    return json.dumps(point, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Campaign:
    """A parsed, checked campaign file."""

    name: str
    path: str
    example: str
    description: str
    axes: tuple          # names of the parameters that vary across points, in grid order
    points: tuple        # dicts: parameter name -> canonical value
    rng_runs: tuple
    rng_seed: int
    timeout_s: float

    def runs(self):
        """Every run of the campaign, run-major (see the module docstring)."""
        return [Run(self.name, self.example, point, self.rng_seed, rng_run)
                for rng_run in self.rng_runs for point in self.points]


def _range_values(name, spec):
    """Expand a range table {start, stop, step} or {start, stop, num}; stop is included."""
    unknown = set(spec) - {"start", "stop", "step", "num"}
    if unknown:
        raise UserError("axis '%s': unknown range key(s) %s (use start, stop and step or num)"
                        % (name, ", ".join(sorted(unknown))))
    if "start" not in spec or "stop" not in spec or ("step" in spec) == ("num" in spec):
        raise UserError("axis '%s': a range needs start, stop and exactly one of step or num"
                        % name)
    start, stop = spec["start"], spec["stop"]
    for key in ("start", "stop", "step"):
        value = spec.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UserError("axis '%s': range %s must be a number" % (name, key))
    if "num" in spec:
        num = spec["num"]
        if isinstance(num, bool) or not isinstance(num, int) or num < 1:
            raise UserError("axis '%s': range num must be a positive integer" % name)
        if num == 1:
            return [start]
        values = [start + (stop - start) * i / (num - 1) for i in range(num)]
        if all(isinstance(v, int) for v in (start, stop)) and all(
                v == int(v) for v in values):
            return [int(v) for v in values]
        return [round(v, 12) for v in values]
    step = spec["step"]
    if step == 0 or (stop - start) * step < 0:
        raise UserError("axis '%s': step %r never goes from %r to %r" % (name, step, start, stop))
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > 100000:
        raise UserError("axis '%s': range has %d values" % (name, count))
    if all(isinstance(v, int) for v in (start, stop, step)):
        return [start + i * step for i in range(count)]
    return [round(start + i * step, 12) for i in range(count)]


def _axis_values(example, name, spec):
    """Canonical values of one grid or zip axis (a list or a range table)."""
    if isinstance(spec, dict):
        values = _range_values(name, spec)
    elif isinstance(spec, list):
        values = spec
    else:
        raise UserError("axis '%s': expected a list of values or a range table, got %r"
                        % (name, spec))
    if not values:
        raise UserError("axis '%s' has no values" % name)
    param = example.param(name)
    values = [param.coerce(name, v) for v in values]
    if len(set(map(json.dumps, values))) != len(values):
        raise UserError("axis '%s' repeats a value: %r" % (name, values))
    return values


def _rng_runs(spec):
    """The RngRun values from the `runs` key."""
    if isinstance(spec, bool):
        spec = None
    if isinstance(spec, int):
        if spec < 1:
            raise UserError("'runs' must be at least 1")
        return tuple(range(1, spec + 1))
    if isinstance(spec, list):
        if not spec or any(isinstance(r, bool) or not isinstance(r, int) or r < 1 for r in spec):
            raise UserError("'runs' as a list must hold RngRun values (integers >= 1)")
        if len(set(spec)) != len(spec):
            raise UserError("'runs' repeats an RngRun value: %r" % spec)
        return tuple(spec)
    if isinstance(spec, dict):
        if set(spec) != {"first", "count"}:
            raise UserError("'runs' as a table needs exactly 'first' and 'count'")
        first, count = spec["first"], spec["count"]
        if any(isinstance(v, bool) or not isinstance(v, int) for v in (first, count)) \
                or first < 1 or count < 1:
            raise UserError("'runs': first and count must be integers >= 1")
        return tuple(range(first, first + count))
    raise UserError("'runs' is required: a count, a list of RngRun values, or {first, count}")


def parse(text, name, path="<string>"):
    """Parse and check campaign TOML text; return a Campaign or raise UserError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError("campaign %s is not valid TOML: %s" % (path, e)) from None
    try:
        return _build(data, name, path)
    except UserError as e:
        raise UserError("campaign %s: %s" % (path, e)) from None


def _build(data, name, path):
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise UserError("unknown key(s) %s (known: %s)"
                        % (", ".join(sorted(unknown)), ", ".join(sorted(TOP_KEYS))))
    if not isinstance(data.get("example"), str):
        raise UserError("'example' (the example program's name) is required")
    example = get_example(data["example"])
    description = data.get("description", "")
    if not isinstance(description, str):
        raise UserError("'description' must be a string")
    rng_seed = data.get("rngSeed", 1)
    if isinstance(rng_seed, bool) or not isinstance(rng_seed, int) or rng_seed < 1:
        raise UserError("'rngSeed' must be an integer >= 1")
    timeout_s = data.get("timeout_s", 0)
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, (int, float)) or timeout_s < 0:
        raise UserError("'timeout_s' must be a number of seconds (0: no limit)")

    for table in ("fixed", "grid"):
        if not isinstance(data.get(table, {}), dict):
            raise UserError("'%s' must be a table" % table)
    zips = data.get("zip", [])
    if not isinstance(zips, list) or not all(isinstance(z, dict) for z in zips):
        raise UserError("'zip' must be an array of tables ([[zip]])")

    seen = {}

    def claim(param_name, where):
        if param_name in seen:
            raise UserError("parameter '%s' is set in both %s and %s"
                            % (param_name, seen[param_name], where))
        seen[param_name] = where

    fixed = {}
    for param_name, value in data.get("fixed", {}).items():
        claim(param_name, "[fixed]")
        fixed[param_name] = example.param(param_name).coerce(param_name, value)

    axes = []   # each: list of dicts (one per step along the axis)
    for param_name, spec in data.get("grid", {}).items():
        claim(param_name, "[grid]")
        axes.append([{param_name: v} for v in _axis_values(example, param_name, spec)])
    for i, group in enumerate(zips):
        if not group:
            raise UserError("[[zip]] group %d is empty" % (i + 1))
        columns = {}
        for param_name, spec in group.items():
            claim(param_name, "[[zip]] group %d" % (i + 1))
            columns[param_name] = _axis_values(example, param_name, spec)
        lengths = {n: len(v) for n, v in columns.items()}
        if len(set(lengths.values())) != 1:
            raise UserError("[[zip]] group %d: axes of different lengths %s"
                            % (i + 1, ", ".join("%s=%d" % kv for kv in lengths.items())))
        axes.append([dict(zip(columns, values)) for values in zip(*columns.values())])

    points = []
    for combination in itertools.product(*axes):
        point = dict(fixed)
        for part in combination:
            point.update(part)
        points.append(point)
    varying = tuple(n for axis in axes for n in axis[0] if len(axis) > 1)
    return Campaign(name=name, path=path, example=example.name, description=description,
                    axes=varying, points=tuple(points), rng_runs=_rng_runs(data.get("runs")),
                    rng_seed=rng_seed, timeout_s=float(timeout_s))


def load(path_or_name):
    """Load a campaign from a path, or by name from analysis/campaigns/."""
    path = path_or_name
    if not os.path.exists(path) and os.sep not in path and not path.endswith(".toml"):
        path = os.path.join(CAMPAIGN_DIR, path + ".toml")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise UserError("cannot read campaign %s: %s" % (path_or_name, e.strerror)) from None
    name = os.path.splitext(os.path.basename(path))[0]
    return parse(text, name, path)
