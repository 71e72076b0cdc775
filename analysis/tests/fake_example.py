#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""A stand-in for an example program in the analysis tests (see helpers.stand_in_build).

usage: fake_example.py CONFIG.json [--name=value ...] --RngRun=N --results=FILE

It answers --PrintHelp like the program would. Otherwise it appends its command line to the
configured log, waits `sleep_s`, then either runs the real example and rewrites `module.git`
in its results to the configured commit (a build at another commit), or writes made-up but plausible results of the configured example through the
results contract (for examples that do not exist yet). Runs whose parameters match
`fail_params` fail with exit status 3 and a message on stderr.
"""

import json
import math
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from scenarios import ATTACK_METRICS, get_example  # noqa: E402


def parse_args(example, args):
    """{name: canonical value} of the example's parameters, and the other options."""
    params, options = {}, {}
    for arg in args:
        name, _, value = arg[2:].partition("=")
        if name in example.params:
            kind = example.params[name].kind
            if kind == "int":
                params[name] = int(value)
            elif kind in ("float", "time"):
                params[name] = float(value[:-1] if kind == "time" else value)
            elif kind == "bool":
                params[name] = value == "true"
            else:
                params[name] = value
        else:
            options[name] = value
    return params, options


def made_up_metrics(name, p, rng):
    """Plausible metrics of `name` for parameters `p` (defaults filled in)."""
    def noisy(x, rel=0.05):
        return x * (1 + rng.gauss(0, rel))

    if name == "building-automation":
        mode, lights, clients = p["mode"], p["lightsPerFloor"], p["clients"]
        commands, loss = p["commands"], p["frameLoss"]
        per_light = {"dtls-1n": clients, "ssm": 1, "nosec": 0}[mode]
        refused = max(0, clients - 2) * lights if mode == "dtls-1n" else 0
        first = {"dtls-1n": 0.35 * lights, "ssm": 0.9 + 0.05 * lights,
                 "nosec": 0.05 + 0.02 * lights}[mode]
        repeat = {"dtls-1n": 0.04 * lights, "ssm": 0.15 + 0.01 * lights,
                  "nosec": 0.03 + 0.01 * lights}[mode]
        energy = 0.4e-3 * min(per_light, 2) + 0.12e-3 * commands
        duty = 1.0 if p["rdc"] == "none" else 0.005 + 0.0005 * commands
        return {
            "clientHandshakes": clients * (lights if mode == "dtls-1n" else 1),
            "llnHandshakes": lights if mode == "ssm" else 0,
            "firstCommandLatency_s": noisy(first), "repeatCommandLatency_s": noisy(repeat),
            "lln_frames": int(noisy(lights * (30 * min(per_light, 2) + 4 * commands))),
            "lln_bytes": int(noisy(lights * (1500 * min(per_light, 2) + 160 * commands))),
            "energyPerLight_mean_J": noisy(energy), "energyPerLight_max_J": noisy(energy * 1.4),
            "energy_total_J": noisy(energy * lights * 1.2),
            "activeEnergyPerLight_mean_J": noisy(energy * 0.1),
            "activeEnergyPerLight_max_J": noisy(energy * 0.15),
            "clientRam_bytes": 300 * (lights if mode == "dtls-1n" else 1),
            "sensorRam_max_bytes": 300 * min(per_light, 2),
            "refusedSessions": refused, "successRatio": max(0.0, 1 - loss * rng.random()),
            "dutyCyclePerLight_mean": noisy(duty, 0.01),
        }
    if name == "handshake-loss":
        loss, hops = p["frameLoss"], p["hops"]
        flight_ok = (1 - loss) ** (2 * hops)
        if p["lossRecovery"] == "RetransmitFlight":
            expected = (1 - (1 - flight_ok) ** 4) ** 4
        else:
            expected = 1 - (1 - flight_ok ** 4) ** 3
        success = min(1.0, max(0.0, expected + rng.gauss(0, 0.03)))
        time_s = noisy(0.6 * hops * (1 + 6 * loss * (2 if expected < 0.9 else 1)))
        return {
            "handshakeSuccessRatio": success, "handshakeTime_mean_s": time_s,
            "handshakeTime_p50_s": time_s * 0.9, "handshakeTime_p95_s": time_s * 1.8,
            "retransmissions": int(p["sensors"] * loss * 20), "lln_frames": 400,
            "lln_bytes": 30000, "expectedSuccessRatio": expected,
            "roundModelSuccessRatio": expected * 0.95,
        }
    if name == "health-care":
        period, dtls = p["vitalsPeriod"], p["policy"].endswith(":dtls")
        age = rng.uniform(0.3, 0.7) * period
        per_value = 0.45e-3 if dtls else 0.3e-3
        return {
            "fig3StepsOk": 3, "freshness_mean_s": age, "freshness_p95_s": age * 1.8,
            "expectedFreshness_s": period / 2,
            "heartRateActiveEnergy_J": noisy((1.5e-3 if dtls else 0) + per_value * 160 / period),
            "heartRateEnergy_J": noisy((9.6 if p["rdc"] == "none" else 0.06) + per_value * 160
                                       / period),
        }
    if name == "e2e-security":
        mode, loss, hops = p["mode"], p["frameLoss"], p["hops"]
        per_request = {"trusted-proxy": 600, "mapping": 780, "tunnel": 600, "coap-e2e": 600}
        success = 1.0 if mode != "mapping" else (1 - loss) ** (4 * hops)
        return {
            "successRatio": max(0.0, min(1.0, success + rng.gauss(0, 0.02))),
            "firstResponse_s": noisy(0.2 * hops * (1 + 5 * loss)),
            "llnBytesPerRequest": noisy(per_request[mode] * hops / 2 * (1 + loss)),
            "nodeActiveEnergy_J": noisy(0.0135 * (1.2 if mode == "mapping" else 1)),
        }
    if name == "border-router-attacks":
        return made_up_attack(p, rng)
    if name == "oob-bootstrap":
        reach = {"nfc": 0.1, "qr": 0.8, "audio": 3.0, "light": 1.5}[p["channel"]]
        exposed = p["scheme"] in ("inband", "jennings") or p["channel"] == "qr"
        learned = 1.0 if exposed else max(0.0, min(1.0, 1.5 - p["attackerDistance"] / reach))
        ok = 1.0 if p["oobReach"] <= 1.5 else 0.0
        airtime = {"nfc": 0.05, "qr": 1.5, "audio": 0.6, "light": 4.3}[p["channel"]]
        return {
            "bootstrapTime_p50_s": noisy(airtime), "successRatio": ok,
            "attackerSuccessRatio": learned,
        }
    if name == "secure-element-server":
        metrics = {}
        for server, service, handshake in (("record", 3.0, 0.6), ("export", 0.7, 0.6),
                                           ("software", 0.01, 0.01)):
            load = min(p["rate"] * service, 0.95)
            wait = service * load / (1 - load)
            metrics[server + ".handshake_p50_s"] = noisy(handshake + wait)
            metrics[server + ".handshake_p95_s"] = noisy(handshake + 3 * wait)
            metrics[server + ".refused"] = (max(0, int(600 * (p["rate"] - 1 / service)))
                                            if server != "software" else 0)
            metrics[server + ".throughput_p50_Bps"] = noisy(400.0 if server == "record"
                                                            else 5e5)
        return metrics
    raise SystemExit("fake_example: no made-up results for " + name)


def light_positions(floors, per_floor):
    """(floor, x, y) of every light, floor-major, as BuildingTopologyHelper places one light
    per 10 m x 10 m room: columns the divisor of per_floor nearest its square root from
    above."""
    columns = min(d for d in range(1, per_floor + 1)
                  if per_floor % d == 0 and d * d >= per_floor)
    return [(f, (k % columns + 0.5) * 10.0, (k // columns + 0.5) * 10.0)
            for f in range(floors) for k in range(per_floor)]


def made_up_attack(p, rng):
    """border-router-attacks: every metric of ATTACK_METRICS for its runs (baseline, and off
    and on as `filter` says), and the per-light arrays: the energy a light lost falls with
    its distance from the target (light 2 hops - 1 of floor 0); far less with the filter on."""
    def noisy(x, rel=0.05):
        return x * (1 + rng.gauss(0, rel))

    attack, rate, hops = p["attack"], p["rate"], p["hops"]
    commands = p["commands"] * p["targets"]
    runs = ["baseline"]
    if attack != "none":
        runs += [r for r in ("off", "on") if p["filter"] in ("compare", r)]
    sent = 0 if attack == "none" else (
        4 * commands if attack == "replay" else int(round(noisy(rate * 100.0, 0.02))))
    size = {"none": 0, "handshake-flood": 120, "request-flood": 40, "replay": 60,
            "amplification": 21}[attack]
    # what the filter lets in: the floods come from unauthenticated (spoofed) sources; the
    # amplification requests are rate-limited; replays hit the replay cache
    passed = {"none": 0.0, "handshake-flood": 0.02, "request-flood": 0.02, "replay": 0.0,
              "amplification": min(1.0, 1.0 / rate)}[attack]
    if not p["authenticate"] and attack in ("handshake-flood", "request-flood"):
        passed = min(1.0, 2.0 / rate)
    verdict = {"handshake-flood": "DROP_UNAUTHENTICATED", "request-flood": "DROP_UNAUTHENTICATED",
               "replay": "DROP_REPLAY", "amplification": "DROP_AMPLIFICATION"}.get(attack)
    hurt = {"none": 0.0, "handshake-flood": 2.0 if p["cookie"] else 10.0, "request-flood": 10.0,
            "replay": 1e9, "amplification": 20.0}[attack]
    positions = light_positions(p["floors"], p["lightsPerFloor"])
    target = positions[min(p["lightsPerFloor"] - 1, 2 * hops - 1)]
    metrics = {}
    lost = {}
    for run in runs:
        attacked = run != "baseline"
        entered = 0 if not attacked else int(round(sent * (passed if run == "on" else 1.0)))
        ratio = 1.0 if not attacked else (
            min(1.0, noisy(0.97, 0.02)) if run == "on" else 1.0 / (1.0 + rate / hurt))
        ok = int(round(commands * ratio))
        refused = max(0, entered - 4) if attack == "handshake-flood" and not p["cookie"] else 0
        attack_bytes = sent * size if attacked else 0
        victim = 0 if attack != "amplification" or not attacked else int(
            attack_bytes * (noisy(8.0) if run == "off" else noisy(2.7, 0.02)))
        values = {
            "commands": commands, "commandsOk": ok, "successRatio": ok / commands,
            "latency_mean_s": noisy(0.8 + (0 if run == "on" else 0.1 * entered / 100)),
            "latency_p95_s": noisy(1.6 + (0 if run == "on" else 0.2 * entered / 100)),
            "attackPackets": sent if attacked else 0, "attackBytes": attack_bytes,
            "attackEntered": entered,
            "lln_frames": int(noisy(5000 + 4 * hops * entered, 0.01)),
            "llnFramesAdded": int(noisy(4 * hops * entered + 20, 0.1)) if attacked else 0,
            "relayFrames": int(noisy(200 + 2 * (hops - 1) * entered, 0.05)),
            "targetEnergyLost_J": noisy(0.25e-3 * entered + 1e-5, 0.1) if attacked else 0.0,
            "relayEnergyLost_J": noisy(0.15e-3 * hops * entered + 1e-5, 0.1)
            if attacked else 0.0,
            "otherEnergyLost_J": noisy(0.5e-3 * entered + 1e-5, 0.1) if attacked else 0.0,
            "recordsRejected": entered if attack in ("request-flood", "replay") else 0,
            "replaysRejected": entered if attack == "replay" else 0,
            "associations_max": min(entered, 4) + 1 if attack == "handshake-flood"
            and not p["cookie"] else 1,
            "ram_max_bytes": 300 * (min(entered, 4) + 1) if attack == "handshake-flood"
            and not p["cookie"] else 300,
            "sessionsRefused": refused,
            "helloVerifyRequests": entered if attack == "handshake-flood" and p["cookie"] else 0,
            "lightCommands": ok + (entered if attack == "replay" else 0),
            "victimBytes": victim,
            "amplification": victim / attack_bytes if attack_bytes else 0.0,
            "backEndAdmissions": 10,
            "eavesInternetReadable_bytes": 75 if p["security"] == "nosec" else 0,
            "eavesInternetProtected_bytes": 0 if p["security"] == "nosec" else 1455,
            "eavesLlnReadable_bytes": 75 if p["security"] == "nosec" else 0,
            "eavesLlnProtected_bytes": 0 if p["security"] == "nosec" else 655,
            "guardState_max_bytes": 40 * min(p["spoofed"], sent) + 16 * (
                sent if attack == "replay" else 0) if attacked else 0,
        }
        for name in ATTACK_METRICS:
            if name.startswith("drops_"):
                values[name] = sent - int(round(sent * passed)) if attacked and \
                    name == "drops_" + str(verdict) else 0
        assert set(values) == set(ATTACK_METRICS), set(ATTACK_METRICS) ^ set(values)
        metrics.update({"%s.%s" % (run, k): v for k, v in values.items()})
        if attacked:
            lost[run] = [noisy(0.25e-3 * entered * math.exp(-math.dist(
                (x, y, 3.5 * f), (target[1], target[2], 3.5 * target[0])) / 12.0), 0.1)
                for f, x, y in positions]
    metrics["light_floor"] = [f for f, _, _ in positions]
    metrics["light_x_m"] = [x for _, x, _ in positions]
    metrics["light_y_m"] = [y for _, _, y in positions]
    metrics.update({"%s.lightEnergyLost_J" % run: v for run, v in lost.items()})
    return metrics


DEFAULTS = {
    "building-automation": {"mode": "ssm", "buildings": 1, "floors": 1, "lightsPerFloor": 10, "clients": 1,
                            "commands": 1, "frameLoss": 0.0, "lossRecovery": "RetransmitFlight",
                            "rdc": "none"},
    "health-care": {"vitalsPeriod": 5.0, "policy": "", "rdc": "none"},
    "handshake-loss": {"lossRecovery": "RetransmitFlight", "frameLoss": 0.0, "sensors": 10,
                       "hops": 3},
    "e2e-security": {"mode": "coap-e2e", "frameLoss": 0.0, "hops": 2},
    "oob-bootstrap": {"channel": "nfc", "scheme": "oob", "oobReach": 0.5,
                      "attackerDistance": 1.0},
    "secure-element-server": {"rate": 0.2, "duration": 600.0, "objectBytes": 1024,
                              "backlog": 50},
    "border-router-attacks": {"attack": "request-flood", "filter": "compare", "floors": 10,
                              "lightsPerFloor": 10, "rdc": "lpl", "hops": 2, "targets": 1,
                              "rate": 10.0, "spoofed": 100, "floodPayload": "auto",
                              "cookie": True, "authenticate": True, "security": "coaps",
                              "commands": 10},
}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        config = json.load(f)
    args = sys.argv[2:]
    example = get_example(config["example"])
    if args == ["--PrintHelp"]:
        if config["real"]:
            os.execv(config["real"], [config["real"], *args])
        print("Program Options:\n" + "".join("    --%s:  %s\n" % (name, param.doc)
                                            for name, param in example.params.items()))
        return 0
    with open(config["log"], "a", encoding="utf-8") as log:
        log.write(" ".join(args) + "\n")
    time.sleep(config["sleep_s"])
    params, options = parse_args(example, args)
    for name, value in config["fail_params"].items():
        if params.get(name) == value:
            print("fake_example: failing as asked for %s=%r" % (name, value), file=sys.stderr)
            return 3
    results = options["results"]
    if config["real"]:
        status = subprocess.run([config["real"], *args]).returncode
        if status == 0:
            with open(results, encoding="utf-8") as f:
                result = json.load(f)
            result["module"]["git"] = config["commit"]
            with open(results, "w", encoding="utf-8") as f:
                json.dump(result, f)
        return status
    seed, run = int(options.get("RngSeed", 1)), int(options.get("RngRun", 1))
    full = dict(DEFAULTS[example.name], **params)
    # global values given on the command line are recorded, as ResultsSink does
    full.update({k: v for k, v in options.items() if k == "IotsecLlnChannel"})
    rng = random.Random(seed * 100003 + run)
    result = {
        "scenario": example.name, "params": full, "rngSeed": seed, "rngRun": run,
        "ns3Version": "3.37", "module": {"git": config["commit"]},
        "metrics": made_up_metrics(example.name, full, rng), "simTime_s": 10.0,
        "wallClock_s": 0.01, "events": 1000,
    }
    assert all(not isinstance(v, float) or math.isfinite(v) for v in result["metrics"].values())
    with open(results + ".tmp", "w", encoding="utf-8") as f:
        json.dump(result, f)
    os.replace(results + ".tmp", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
