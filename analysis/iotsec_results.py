# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""The iotsec results contract: what one run's JSON must hold (doc/iotsec.rst, "Results").

Every analysis tool reads runs through load_result(), so that a file that breaks the contract
is reported with the reason instead of silently producing a wrong plot.
"""

import json
import numbers

# key -> accepted Python types
CONTRACT = {
    "scenario": (str,),
    "params": (dict,),
    "rngSeed": (int,),
    "rngRun": (int,),
    "ns3Version": (str,),
    "module": (dict,),
    "metrics": (dict,),
    "wallClock_s": (int, float),
    "events": (int,),
}


class ContractError(ValueError):
    """A results file that does not follow the contract."""


def problems(result):
    """Return a list of the ways `result` (a parsed JSON object) breaks the contract."""
    found = []
    if not isinstance(result, dict):
        return ["the result is not a JSON object"]
    for key, types in CONTRACT.items():
        if key not in result:
            found.append("missing key '%s'" % key)
        elif isinstance(result[key], bool) or not isinstance(result[key], types):
            found.append("'%s' has type %s" % (key, type(result[key]).__name__))
    if isinstance(result.get("module"), dict) and not isinstance(result["module"].get("git"), str):
        found.append("'module.git' is missing or not a string")
    if isinstance(result.get("scenario"), str) and not result["scenario"]:
        found.append("'scenario' is empty")
    for name in ("rngSeed", "rngRun", "events"):
        if isinstance(result.get(name), int) and result[name] < 0:
            found.append("'%s' is negative" % name)
    if isinstance(result.get("wallClock_s"), numbers.Real) and result["wallClock_s"] < 0:
        found.append("'wallClock_s' is negative")
    metrics = result.get("metrics")
    if isinstance(metrics, dict):
        for name, value in metrics.items():
            if not name or not isinstance(name, str):
                found.append("a metric has an empty name")
            if isinstance(value, dict):
                found.append("metric '%s' is an object (metrics are scalars or arrays)" % name)
    return found


def load_result(path):
    """Read and check one results file; raise ContractError with every problem found."""
    try:
        with open(path, encoding="utf-8") as f:
            result = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise ContractError("%s: %s" % (path, e)) from e
    found = problems(result)
    if found:
        raise ContractError("%s breaks the results contract: %s" % (path, "; ".join(found)))
    return result
