# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""What the analysis tools know about each example program: its parameters and its metrics.

This table is the contract between the scenario programs (examples/<name>.cc) and the sweep
and plot tools: a campaign may only set parameters listed here, and a figure may only draw
metrics listed here. When an example changes a name, change it here (one place) and the
campaign and figure checks (analysis/tests/test_campaign.py) show what else must follow.

Parameter kinds, and how a campaign value of that kind reaches the program's command line:
  int     TOML integer                      --name=3
  float   TOML number                       --name=0.25
  time    TOML number, in seconds           --name=0.5s   (the results record seconds)
  bool    TOML boolean                      --name=true
  choice  TOML string, one of `choices`     --name=ssm
  str     TOML string (no spaces)           --name=1,3
"""

from dataclasses import dataclass

from errors import UserError


@dataclass(frozen=True)
class Param:
    """One command-line value of an example."""

    kind: str
    doc: str
    choices: tuple = ()

    def coerce(self, name, value):
        """Return `value` (from a campaign) as this parameter's canonical Python value.

        Raises UserError when the value has the wrong type or is not one of the choices.
        """
        def bad(expected):
            return UserError("parameter '%s': %r is not %s" % (name, value, expected))

        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise bad("an integer")
            return value
        if self.kind in ("float", "time"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise bad("a number" + (" of seconds" if self.kind == "time" else ""))
            return float(value)
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise bad("true or false")
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise bad("one of: " + ", ".join(self.choices))
            return value
        if self.kind == "str":
            if not isinstance(value, str) or not value or any(c.isspace() for c in value):
                raise bad("a non-empty string without spaces")
            return value
        raise AssertionError("unknown parameter kind " + self.kind)

    def to_cli(self, value):
        """Format a canonical value for ns-3's CommandLine (`--name=<this>`)."""
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "time":
            return repr(value) + "s"
        if self.kind == "float":
            return repr(value)
        return str(value)


@dataclass(frozen=True)
class Metric:
    """One metric an example reports; `unit` is the SI unit its name ends with ('' for none)."""

    unit: str
    doc: str


@dataclass(frozen=True)
class Example:
    """An example program as the analysis tools see it."""

    name: str
    doc: str
    params: dict
    metrics: dict

    def param(self, name):
        """Return the Param called `name`; UserError (listing the known ones) if none."""
        try:
            return self.params[name]
        except KeyError:
            raise UserError("example '%s' has no parameter '%s' (it has: %s)"
                            % (self.name, name, ", ".join(self.params))) from None


MODES = ("dtls-1n", "ssm", "nosec")
E2E_MODES = ("trusted-proxy", "mapping", "tunnel", "coap-e2e")
TAMPER = ("None", "ClientRandom", "ServerRandom", "FinishedSequence")
RDC = ("none", "lpl")
LOSS_RECOVERY = ("RetransmitFlight", "RestartHandshake")
ATTACKS = ("none", "handshake-flood", "request-flood", "replay", "amplification")
FILTER_RUNS = ("compare", "off", "on")
FLOOD_PAYLOADS = ("auto", "coap", "coap-non", "dtls-record")
OOB_CHANNELS = ("nfc", "qr", "audio", "light")
OOB_SCHEMES = ("oob", "inband", "jennings")
# border-router-attacks writes each of these as "<run>.<name>", run baseline, off or on
ATTACK_METRICS = {
    "commands": ("", "commands the back-end was asked to send"),
    "commandsOk": ("", "commands answered"),
    "successRatio": ("", "commands answered / asked for"),
    "latency_mean_s": ("s", "command round trip, mean"),
    "latency_p95_s": ("s", "command round trip, 95th percentile"),
    "attackPackets": ("", "datagrams the attacker sent"),
    "attackBytes": ("bytes", "their UDP payload bytes"),
    "attackEntered": ("", "attack datagrams a 6LBR let into the LLN"),
    "lln_frames": ("", "802.15.4 frames on the air"),
    "llnFramesAdded": ("", "802.15.4 frames more than in the baseline"),
    "relayFrames": ("", "frames sent by the relays on the targets' paths"),
    "targetEnergyLost_J": ("J", "energy the targets lost to the attack"),
    "relayEnergyLost_J": ("J", "energy the relays lost to the attack"),
    "otherEnergyLost_J": ("J", "energy every other light lost to the attack"),
    "recordsRejected": ("", "DTLS records the targets rejected"),
    "replaysRejected": ("", "DTLS records the targets rejected as replays"),
    "associations_max": ("", "DTLS associations at a target, peak"),
    "ram_max_bytes": ("bytes", "DTLS RAM at a target, peak"),
    "sessionsRefused": ("", "associations the targets refused"),
    "helloVerifyRequests": ("", "HelloVerifyRequests the targets sent"),
    "lightCommands": ("", "/light requests the targets handled (replays included)"),
    "victimBytes": ("bytes", "UDP payload bytes the victim received"),
    "amplification": ("", "victim's bytes / attacker's bytes"),
    "eavesInternetReadable_bytes": ("bytes", "application bytes an eavesdropper on the "
                                    "Internet side's LAN could read"),
    "eavesInternetProtected_bytes": ("bytes", "bytes it saw under DTLS or OSCORE protection"),
    "eavesLlnReadable_bytes": ("bytes", "application bytes an 802.15.4 sniffer next to the "
                               "target could read"),
    "eavesLlnProtected_bytes": ("bytes", "bytes it saw under DTLS or OSCORE protection"),
    "drops_DROP_UNAUTHENTICATED": ("", "6LBR drops: unauthenticated source"),
    "drops_DROP_SOURCE_RATE": ("", "6LBR drops: source rate"),
    "drops_DROP_DESTINATION_RATE": ("", "6LBR drops: destination rate"),
    "drops_DROP_REPLAY": ("", "6LBR drops: replay"),
    "drops_DROP_AMPLIFICATION": ("", "6LBR drops: amplification budget"),
    "drops_DROP_FRAGMENTS": ("", "6LBR drops: fragments per answer"),
    "backEndAdmissions": ("", "6LBRs that admitted the back-end by its PSK handshake"),
    "guardState_max_bytes": ("bytes", "the largest 6LBR filter state"),
}
# secure-element-server: its three servers, and the metrics it writes for each as
# "<server>.<name>"
SE_SERVERS = ("record", "export", "software")
SE_PROTOCOLS = ("T0", "T1")
SE_FD_PAIRS = ("372/1", "372/2", "372/4", "372/8", "372/12", "372/16", "512/8", "512/16",
               "512/32")
SE_SERVER_METRICS = {
    "arrivals": ("", "clients that arrived"),
    "completed": ("", "responses received"),
    "failed": ("", "clients whose connection failed or closed without a response"),
    "pending": ("", "clients neither answered nor failed at the end"),
    "refused": ("", "connections the card refused (SYNs or ClientHellos dropped, or TLS "
                "connections closed without rdv); 0 for software"),
    "sessions": ("", "sessions that got the card (software: connections accepted, or DTLS "
                 "handshakes completed)"),
    **{"%s_%s%s" % (sample, stat, "" if stat == "n" else "_" + unit):
       ("" if stat == "n" else unit, "%s, %s" % (doc, what))
       for sample, unit, doc in (
           ("handshake", "s", "start to TLS (DTLS) established"),
           ("responseTime", "s", "start to the response"),
           ("wait", "s", "wait for the card (0 for software)"),
           ("throughput", "Bps", "objectBytes / (response time - handshake) [bytes/s]"))
       for stat, what in (("n", "sample size"), ("mean", "mean"), ("p50", "median"),
                          ("p95", "95th percentile"), ("max", "largest"))},
    "queue_mean": ("", "card backlog, time-averaged over [0, duration]"),
    "queue_max": ("", "card backlog, largest"),
    "seLinkTime_s": ("s", "the card's APDU link time, total"),
    "seCpuTime_s": ("s", "the card's CPU time, total"),
}
# Class0Mote is left out: a Class 0 device cannot run DTLS, and the program stops with an error
PROFILES = ("TelosB", "CC2538", "RaspberryPi3", "BorderRouter", "Unconstrained")
# Body sensors may be Class 0: the SSM's policy then reaches them without security
SENSOR_PROFILES = ("Class0Mote",) + PROFILES

EXAMPLES = {
    e.name: e
    for e in (
        Example(
            name="floor-echo",
            doc="a line of 802.15.4 nodes; IPv6 UDP echo across several hops",
            params={
                "nodes": Param("int", "number of nodes in the line (at least 2)"),
                "spacing": Param("float", "distance between neighbours [m]"),
                "packets": Param("int", "echo requests to send"),
                "interval": Param("time", "time between echo requests [s]"),
                "size": Param("int", "echo request payload [bytes]"),
                "maxLossDb": Param("float", "loss beyond which a frame is never received [dB]"),
                "frameLoss": Param("float", "probability that an 802.15.4 frame is lost"),
                "pcap": Param("bool", "write pcap files"),
            },
            metrics={
                "hops": Metric("", "hops from the sender to the echo server"),
                "echoSent": Metric("", "echo requests sent"),
                "echoReceived": Metric("", "echoes received"),
                "deliveryRatio": Metric("", "echoes received / requests sent"),
                "rtt_n": Metric("", "round-trip times measured"),
                "rtt_mean_s": Metric("s", "mean round-trip time"),
                "rtt_p50_s": Metric("s", "median round-trip time"),
                "rtt_p95_s": Metric("s", "95th percentile round-trip time"),
                "rtt_max_s": Metric("s", "largest round-trip time"),
                "lln_frames": Metric("", "802.15.4 frames on the air"),
                "lln_bytes": Metric("bytes", "802.15.4 bytes on the air"),
            },
        ),
        Example(
            name="building-topology",
            doc="a building of 802.15.4 lights and 6LBRs routed by ETX trees; one echo per light",
            params={
                "floors": Param("int", "floors of the building"),
                "rooms": Param("int", "rooms per floor"),
                "nodesPerRoom": Param("int", "lights per room"),
                "borderRouters": Param("choice", "one 6LBR per floor or per building",
                                       ("PerFloor", "PerBuilding")),
                "backbone": Param("choice", "6LBRs to the core router",
                                  ("Csma", "PointToPoint")),
                "internetHosts": Param("int", "hosts on the Internet side"),
                "interval": Param("time", "time between two echo requests [s]"),
                "size": Param("int", "echo request payload [bytes]"),
            },
            metrics={
                "lights": Metric("", "lights in the building"),
                "borderRouters": Metric("", "6LBRs"),
                "radioLinks": Metric("", "links of the radio graph"),
                "hops_n": Metric("", "lights routed"),
                "hops_mean": Metric("", "mean hops from a light to its 6LBR"),
                "hops_p50": Metric("", "median hops from a light to its 6LBR"),
                "hops_p95": Metric("", "95th percentile of hops to the 6LBR"),
                "hops_max": Metric("", "largest hops to the 6LBR"),
                "pathEtx_n": Metric("", "lights routed"),
                "pathEtx_mean": Metric("", "mean ETX of a light's path to its 6LBR"),
                "pathEtx_p50": Metric("", "median path ETX"),
                "pathEtx_p95": Metric("", "95th percentile of the path ETX"),
                "pathEtx_max": Metric("", "largest path ETX"),
                "echoSent": Metric("", "echo requests sent (one per light)"),
                "echoReceived": Metric("", "echoes received"),
                "deliveryRatio": Metric("", "echoes received / requests sent"),
                "rtt_n": Metric("", "round-trip times measured"),
                "rtt_mean_s": Metric("s", "mean round-trip time, Internet host to light"),
                "rtt_p50_s": Metric("s", "median round-trip time"),
                "rtt_p95_s": Metric("s", "95th percentile round-trip time"),
                "rtt_max_s": Metric("s", "largest round-trip time"),
                "lln_frames": Metric("", "802.15.4 frames on the air"),
                "lln_bytes": Metric("bytes", "802.15.4 bytes on the air"),
                "setupWallClock_s": Metric("s", "wall clock to build and route the building"),
            },
        ),
        Example(
            name="building-automation",
            doc="group commands to a floor of lights: 1:N DTLS against SSM (Park & Kang)",
            params={
                "mode": Param("choice", "security design", MODES),
                "buildings": Param("int", "buildings of the campus"),
                "floors": Param("int", "floors in every building"),
                "lightsPerFloor": Param("int", "lights on each floor"),
                "borderRouters": Param("choice", "6LBR arrangement", ("PerFloor", "PerBuilding")),
                "classPattern": Param("str", "RFC 7228 classes of a floor's lights, repeated"),
                "policy": Param("str", "back-end policy changes, e.g. 1:dtls"),
                "direct": Param("bool", "the SSM reaches the lights without the app server"),
                "clients": Param("int", "CoAP clients commanding the lights"),
                "commandFloors": Param("str", "floors each command switches, e.g. 1,3"),
                "commands": Param("int", "group commands each client sends"),
                "roundInterval": Param("time", "pause between a client's commands"),
                "frameLoss": Param("float", "probability that an 802.15.4 frame is lost"),
                "lossRecovery": Param("choice", "DTLS handshake recovery", LOSS_RECOVERY),
                "keepSessions": Param("bool", "keep DTLS sessions between commands"),
                "duration": Param("time", "simulated time of each run"),
                "verbose": Param("bool", "log the Fig. 4 message sequence"),
                "pcap": Param("bool", "802.15.4 pcaps of every LLN node"),
                "rdc": Param("choice", "radio duty cycling of the lights", RDC),
                "wakeupInterval": Param("time", "lpl: the lights' channel-check interval"),
            },
            metrics={
                "lightsPerCommand": Metric("", "lights one round of commands addresses"),
                "clientHandshakes": Metric("", "DTLS handshakes the clients ran"),
                "llnHandshakes": Metric("", "DTLS handshakes inside the 802.15.4 network"),
                "backendHandshakes": Metric("", "DTLS handshakes from the SSM to the app server"),
                "firstCommandLatency_s": Metric("s", "time to complete the first group command"),
                "repeatCommandLatency_s": Metric("s", "time to complete a repeated command"),
                "lln_frames": Metric("", "802.15.4 frames on the air"),
                "lln_bytes": Metric("bytes", "802.15.4 bytes on the air"),
                "energyPerLight_mean_J": Metric("J", "energy a light spends, mean over lights"),
                "energyPerLight_max_J": Metric("J", "energy a light spends, largest"),
                "cpuEnergyPerLight_mean_J": Metric("J", "CPU energy a light spends, mean"),
                "activeEnergyPerLight_mean_J": Metric("J", "energy of a light's frames and CPU, "
                                                      "mean over lights"),
                "activeEnergyPerLight_max_J": Metric("J", "energy of a light's frames and CPU, "
                                                     "largest"),
                "energy_total_J": Metric("J", "energy all lights spend"),
                "dutyCyclePerLight_mean": Metric("", "radio-on time / simulated time, mean "
                                                 "over lights"),
                "dutyCyclePerLight_max": Metric("", "radio-on time / simulated time, largest"),
                "lifetime_min_days": Metric("days", "lifetime of the hungriest light on two AA "
                                            "cells (27 kJ) at its mean power"),
                "clientRam_bytes": Metric("bytes", "client RAM held by security state"),
                "clientSessions": Metric("", "DTLS sessions a client holds, largest"),
                "sensorRam_max_bytes": Metric("bytes", "sensor RAM held by security state, max"),
                "refusedSessions": Metric("", "DTLS sessions refused for lack of RAM"),
                "succeeded": Metric("", "light commands that succeeded"),
                "requested": Metric("", "light commands requested"),
                "successRatio": Metric("", "commands that reached their lights / commands"),
                "lights_dtls": Metric("", "lights reached over DTLS"),
                "lights_object": Metric("", "lights reached with object security"),
                "lights_none": Metric("", "lights reached without security"),
            },
        ),
        Example(
            name="health-care",
            doc="a phone as the SSM of a body area network: Fig. 3 and vitals freshness",
            params={
                "rdc": Param("choice", "radio duty cycling of the sensors", RDC),
                "wakeupInterval": Param("time", "lpl: the sensors' channel-check interval"),
                "hrProfile": Param("choice", "device preset of the heart-rate sensor",
                                   SENSOR_PROFILES),
                "bpProfile": Param("choice", "device preset of the blood-pressure sensor",
                                   SENSOR_PROFILES),
                "policy": Param("str", "back-end policy changes, e.g. 1/high:dtls"),
                "vitalsPeriod": Param("time", "time between two samples of a sensor"),
                "clientStart": Param("time", "when the client starts the Fig. 3 sequence"),
                "reads": Param("int", "heart-rate reads after message (3)"),
                "readInterval": Param("time", "pause before each of those reads"),
                "uplinkDelay": Param("time", "one-way delay of the phone's uplink"),
                "frameLoss": Param("float", "probability that an 802.15.4 frame is lost"),
                "duration": Param("time", "simulated time (0: until the client is done)"),
                "verbose": Param("bool", "log the Fig. 3 message sequence"),
            },
            metrics={
                "fig3StepsOk": Metric("", "Fig. 3 steps answered 2.05 (of 3)"),
                "wellKnownCoreLatency_s": Metric("s", "step (1), DTLS handshake included"),
                "hospitalLatency_s": Metric("s", "step (2)"),
                "heartRateLatency_s": Metric("s", "step (3)"),
                "clientHandshakes": Metric("", "DTLS handshakes the client ran"),
                "clientHandshake_s": Metric("s", "duration of the client's DTLS handshake"),
                "backendHandshakes": Metric("", "DTLS handshakes from the SSM to sensors"),
                "reads": Metric("", "heart-rate GETs sent, (3) included"),
                "readsSucceeded": Metric("", "of which answered 2.05"),
                "readLatency_n": Metric("", "heart-rate GETs timed"),
                "readLatency_mean_s": Metric("s", "heart-rate GET latency, mean"),
                "readLatency_p50_s": Metric("s", "heart-rate GET latency, median"),
                "readLatency_p95_s": Metric("s", "heart-rate GET latency, 95th pct."),
                "readLatency_max_s": Metric("s", "heart-rate GET latency, largest"),
                "freshness_n": Metric("", "vitals served by the SSM"),
                "freshness_mean_s": Metric("s", "age of a vital served (at the SSM), mean"),
                "freshness_p50_s": Metric("s", "age of a vital served, median"),
                "freshness_p95_s": Metric("s", "age of a vital served, 95th pct."),
                "freshness_max_s": Metric("s", "age of a vital served, largest"),
                "expectedFreshness_s": Metric("s", "analytic mean age: vitalsPeriod / 2"),
                "sampleAge_n": Metric("", "vitals served whose sample is known"),
                "sampleAge_mean_s": Metric("s", "time since the sensor measured it, mean"),
                "sampleAge_p50_s": Metric("s", "time since the sensor measured it, median"),
                "sampleAge_p95_s": Metric("s", "time since measured, 95th pct."),
                "sampleAge_max_s": Metric("s", "time since the sensor measured it, largest"),
                "notificationLatency_n": Metric("", "values the SSM received"),
                "notificationLatency_mean_s": Metric("s", "sample to arrival at the SSM, mean"),
                "notificationLatency_p50_s": Metric("s", "sample to SSM, median"),
                "notificationLatency_p95_s": Metric("s", "sample to SSM, 95th pct."),
                "notificationLatency_max_s": Metric("s", "sample to SSM, largest"),
                "heartRateNotifications": Metric("", "heart-rate values the SSM received"),
                "bloodPressureNotifications": Metric("", "blood-pressure values the SSM received"),
                "heartRateEnergy_J": Metric("J", "energy of the heart-rate sensor"),
                "bloodPressureEnergy_J": Metric("J", "energy of the blood-pressure sensor"),
                "heartRateActiveEnergy_J": Metric("J", "heart-rate sensor: frames and CPU"),
                "heartRateDutyCycle": Metric("", "heart-rate sensor: radio-on time / "
                                             "simulated time"),
                "bloodPressureDutyCycle": Metric("", "blood-pressure sensor: radio-on time / "
                                                 "simulated time"),
                "bloodPressureActiveEnergy_J": Metric("J",
                                                      "blood-pressure sensor: frames and CPU"),
                "sensorEnergy_mean_J": Metric("J", "energy a sensor spends, mean"),
                "sensorEnergy_max_J": Metric("J", "energy a sensor spends, largest"),
                "sensorRam_max_bytes": Metric("bytes", "sensor RAM held by security state, max"),
                "phoneEnergy_J": Metric("J", "energy of the phone (SSM)"),
                "phoneRadioEnergy_J": Metric("J", "energy of the phone's 802.15.4 radio"),
                "sensors_dtls": Metric("", "sensors reached over DTLS"),
                "sensors_object": Metric("", "sensors reached with object security"),
                "sensors_none": Metric("", "sensors reached without security"),
                "lln_frames": Metric("", "802.15.4 frames on the air"),
                "lln_bytes": Metric("bytes", "802.15.4 bytes on the air"),
                "patientDistance_m": Metric("m", "the patient's distance from the start"),
                "maxBodyDistance_m": Metric("m", "largest phone-sensor distance"),
            },
        ),
        Example(
            name="handshake-loss",
            doc="DTLS handshakes across lossy 802.15.4 hops: flight retransmission or restart",
            params={
                "lossRecovery": Param("choice", "DTLS handshake recovery", LOSS_RECOVERY),
                "frameLoss": Param("float", "probability that an 802.15.4 frame is lost"),
                "sensors": Param("int", "sensors each running one handshake"),
                "hops": Param("int", "802.15.4 hops between client and sensor"),
                "macRetries": Param("int", "802.15.4 MAC retries per unicast frame"),
                "maxRetransmissions": Param("int", "DTLS timer expiries before giving up"),
                "handshakeMtu": Param("int", "largest DTLS handshake datagram [bytes]"),
                "cookie": Param("bool", "server cookie exchange (HelloVerifyRequest)"),
                "spacing": Param("float", "distance between relays [m]"),
                "stagger": Param("time", "time between the starts of two handshakes [s]"),
                "pcap": Param("bool", "write pcap files"),
                "profile": Param("choice", "device profile of sensors and relays", PROFILES),
                "rdc": Param("choice", "radio duty cycling of every node", RDC),
                "wakeupInterval": Param("time", "lpl: the channel-check interval"),
            },
            metrics={
                "handshakeSuccessRatio": Metric("", "handshakes completed / started"),
                "handshakeTime_mean_s": Metric("s", "handshake completion time, mean"),
                "handshakeTime_p50_s": Metric("s", "handshake completion time, median"),
                "handshakeTime_p95_s": Metric("s", "handshake completion time, 95th pct."),
                "retransmissions": Metric("", "DTLS flights retransmitted"),
                "restarts": Metric("", "DTLS handshakes restarted"),
                "handshakesSucceeded": Metric("", "handshakes completed"),
                "lln_frames": Metric("", "802.15.4 frames on the air"),
                "lln_bytes": Metric("bytes", "802.15.4 bytes on the air"),
                "expectedSuccessRatio": Metric("", "success probability, DtlsHandshakeLossModel"),
                "roundModelSuccessRatio": Metric("", "closed form (restart) or round bound"),
                "sensorEnergy_mean_J": Metric("J", "energy a sensor spends, mean over sensors"),
                "sensorEnergy_max_J": Metric("J", "energy a sensor spends, largest"),
                "sensorRadioEnergy_mean_J": Metric("J", "sensor radio energy, mean"),
                "sensorCpuEnergy_mean_J": Metric("J", "sensor CPU energy, mean"),
                "sensorDutyCycle_mean": Metric("", "radio-on time / simulated time, mean over "
                                               "sensors"),
                "sensorDutyCycle_max": Metric("", "radio-on time / simulated time, largest"),
                "sensorLifetime_min_days": Metric("days", "lifetime of the hungriest sensor on two "
                                                  "AA cells (27 kJ) at its mean power"),
                "sensorRam_max_bytes": Metric("bytes", "sensor RAM held by security state, max"),
                "refusedSessions": Metric("", "DTLS sessions refused for lack of RAM"),
            },
        ),
        Example(
            name="e2e-security",
            doc="a back-end reaches a light through its 6LBR: trusted proxy, TLS-DTLS mapping, "
                "DTLS in DTLS, CoAP/DTLS end to end (Brachmann et al.)",
            params={
                "mode": Param("choice", "way through the 6LBR", E2E_MODES),
                "floors": Param("int", "floors of the building"),
                "lightsPerFloor": Param("int", "lights on each floor"),
                "hops": Param("int", "802.15.4 hops from the light to its 6LBR"),
                "requests": Param("int", "requests the back-end sends"),
                "frameLoss": Param("float", "probability that an 802.15.4 frame is lost"),
                "macRetries": Param("int", "802.15.4 MAC retries per unicast frame"),
                "cookie": Param("bool", "the light's DTLS cookie exchange (not in mapping)"),
                "tamper": Param("choice", "mapping: the field the 6LBR corrupts", TAMPER),
                "profile": Param("choice", "device profile of the lights", PROFILES),
                "duration": Param("time", "simulated time of each run"),
                "pcap": Param("bool", "write pcap files and the keys"),
            },
            metrics={
                "succeeded": Metric("", "requests answered with success"),
                "requested": Metric("", "requests the back-end was asked to send"),
                "successRatio": Metric("", "requests answered / sent"),
                "handshakeTime_s": Metric("s", "back-end start to the light's handshake done"),
                "firstResponse_s": Metric("s", "back-end start to the first response"),
                "requestLatency_mean_s": Metric("s", "latency of the later requests, mean"),
                "lln_frames": Metric("", "802.15.4 frames on the air"),
                "lln_bytes": Metric("bytes", "802.15.4 bytes on the air"),
                "llnFramesPerRequest": Metric("", "802.15.4 frames per request asked for"),
                "llnBytesPerRequest": Metric("", "802.15.4 bytes per request asked for"),
                "nodeCpuTime_s": Metric("s", "the light's CPU busy time"),
                "nodeEnergy_J": Metric("J", "the light's energy, radio and CPU"),
                "nodeActiveEnergy_J": Metric("J", "the light's frames and CPU"),
                "nodeCpuEnergy_J": Metric("J", "the light's CPU"),
                "nodeRam_max_bytes": Metric("bytes", "the light's security RAM, peak"),
                "finishedChecks": Metric("", "Finished checks the light needed (1 or 2)"),
                "attacksDetected": Metric("", "attacks the light detected (AttackDetected)"),
                "handshakesFailed": Metric("", "handshakes that failed at the light"),
                "recordsRejected": Metric("", "records the light rejected"),
                "brPlaintext_bytes": Metric("bytes", "application bytes the 6LBR handled in "
                                            "the clear"),
                "brState_max_bytes": Metric("bytes", "security state the 6LBR held for the "
                                            "connection, peak"),
                "brCpuTime_s": Metric("s", "the 6LBR's CPU busy time"),
            },
        ),
        Example(
            name="border-router-attacks",
            doc="attacks from the Internet on lights of the building, the 6LBRs' filter off "
                "and on (Brachmann et al., section IV)",
            params={
                "attack": Param("choice", "the attack", ATTACKS),
                "filter": Param("choice", "runs besides the baseline", FILTER_RUNS),
                "floors": Param("int", "floors of the building"),
                "lightsPerFloor": Param("int", "lights on each floor"),
                "rdc": Param("choice", "the lights' radio duty cycling", RDC),
                "hops": Param("int", "802.15.4 hops from each target to its 6LBR"),
                "targets": Param("int", "lights attacked and commanded"),
                "rate": Param("float", "attack datagrams per second"),
                "spoofed": Param("int", "floods: spoofed source addresses"),
                "floodPayload": Param("choice", "request-flood: what the datagrams carry",
                                      FLOOD_PAYLOADS),
                "cookie": Param("bool", "the targets' DTLS cookie exchange"),
                "authenticate": Param("bool", "the 6LBRs admit authenticated back-ends only"),
                "security": Param("choice", "the back-end's commands", ("coaps", "nosec")),
                "commands": Param("int", "commands per target"),
                "commandInterval": Param("time", "between a command's outcome and the next"),
                "attackStart": Param("time", "when the attack starts"),
                "attackStop": Param("time", "when it stops"),
                "replayDelay": Param("time", "replay: from capture to replay"),
                "duration": Param("time", "simulated time of each run"),
                "profile": Param("choice", "device profile of the lights", PROFILES),
            },
            metrics={
                **{"%s.%s" % (run, name): Metric(unit, "%s run: %s" % (run, doc))
                   for run in ("baseline", "off", "on")
                   for name, (unit, doc) in ATTACK_METRICS.items()},
                # arrays, one element per light (the same order in all four); the same
                # positions in every run of a building
                "light_floor": Metric("", "per light: its floor, from 0"),
                "light_x_m": Metric("m", "per light: its x position"),
                "light_y_m": Metric("m", "per light: its y position"),
                "off.lightEnergyLost_J": Metric("J", "per light: energy it lost to the attack, "
                                                "filter off (against the baseline)"),
                "on.lightEnergyLost_J": Metric("J", "per light: energy it lost to the attack, "
                                               "filter on (against the baseline)"),
            },
        ),
        Example(
            name="oob-bootstrap",
            doc="Kang's PSK re-configuration over an out-of-band channel (NFC, QR, audio, "
                "light) against the in-band and Jennings baselines, the installer as the "
                "attacker",
            params={
                "nodes": Param("int", "lights that join, one after another"),
                "spacing": Param("float", "distance between lights [m]"),
                "channel": Param("choice", "the out-of-band channel", OOB_CHANNELS),
                "scheme": Param("choice", "oob (Kang), inband or jennings (the baselines)",
                                OOB_SCHEMES),
                "oobReach": Param("float", "handheld to light, as a fraction of the "
                                  "channel's Range"),
                "oobDistance": Param("float", "handheld to light [m] (0: oobReach decides)"),
                "attackerDistance": Param("float", "installer to the light being configured "
                                          "[m]"),
                "attackerAngle": Param("float", "installer's angle off the light's axis [deg]"),
                "attackerGain": Param("float", "installer's OOB receiver gain [dB]"),
                "dwell": Param("time", "time the handheld stays at each light"),
                "walkSpeed": Param("float", "handheld's walking speed [m/s]"),
                "profile": Param("choice", "device profile of the lights", PROFILES),
            },
            metrics={
                "oobRange_m": Metric("m", "the channel's Range (QR: its decoding distance)"),
                "oobDistance_m": Metric("m", "handheld to light during bootstrapping"),
                "bootstrapped": Metric("", "lights that installed PSK_i"),
                "successRatio": Metric("", "lights bootstrapped / lights"),
                "bootstrapTime_n": Metric("", "lights with a bootstrap time"),
                "bootstrapTime_mean_s": Metric("s", "flight 1 sent to PSK_i installed, mean"),
                "bootstrapTime_p50_s": Metric("s", "bootstrap time, median"),
                "bootstrapTime_p95_s": Metric("s", "bootstrap time, 95th percentile"),
                "bootstrapTime_max_s": Metric("s", "bootstrap time, largest"),
                "flightsOob": Metric("", "flights sent out of band (all parties)"),
                "flightsInBand": Metric("", "flights sent in band (all parties)"),
                "controllerCompleted": Metric("", "flights 5 the controller verified"),
                "serverAnswered": Metric("", "flights 2 the server answered"),
                "serverRejected": Metric("", "flights 2 the server refused"),
                "attackerOobFrames": Metric("", "bootstrap frames the installer's OOB "
                                            "receiver got"),
                "attackerFlights4": Metric("", "flights 4 the installer opened with IK_N"),
                "attackerLearned": Metric("", "lights whose PSK_i the installer derived"),
                "attackerSuccessRatio": Metric("", "attackerLearned / lights"),
                "lightHandshakesOk": Metric("", "lights' DTLS handshakes with PSK_i that "
                                            "succeeded"),
                "installerHandshakesOk": Metric("", "installer's DTLS handshakes (PSK_i if "
                                                "learned, else IK_N) that succeeded"),
                "lightEnergy_n": Metric("", "lights in the energy summary"),
                "lightEnergy_mean_J": Metric("J", "energy of a light (radio, CPU, OOB), mean"),
                "lightEnergy_p50_J": Metric("J", "energy of a light, median"),
                "lightEnergy_p95_J": Metric("J", "energy of a light, 95th percentile"),
                "lightEnergy_max_J": Metric("J", "energy of a light, largest"),
                "lightOobEnergy_n": Metric("", "lights in the OOB energy summary"),
                "lightOobEnergy_mean_J": Metric("J", "a light's OOB device energy, mean"),
                "lightOobEnergy_p50_J": Metric("J", "a light's OOB device energy, median"),
                "lightOobEnergy_p95_J": Metric("J", "a light's OOB device energy, 95th pct."),
                "lightOobEnergy_max_J": Metric("J", "a light's OOB device energy, largest"),
                "lln_frames": Metric("", "802.15.4 frames on the air"),
                "lln_bytes": Metric("bytes", "802.15.4 bytes on the air"),
            },
        ),
        Example(
            name="secure-element-server",
            doc="HTTPS (or CoAP over DTLS) servers on a gateway under Poisson arrivals: TLS "
                "(DTLS) in a secure element (every record in the card, or the session exported "
                "after the handshake) against TLS (DTLS) on the host (Urien)",
            params={
                "transport": Param("choice", "https (HTTP over TLS) or coaps (CoAP over DTLS)",
                                   ("https", "coaps")),
                "rate": Param("float", "client arrivals per second (Poisson), per server"),
                "start": Param("time", "first possible arrival"),
                "duration": Param("time", "arrivals stop at this time"),
                "drain": Param("time", "simulated time after duration for the backlogs to "
                               "empty"),
                "objectBytes": Param("int", "size of the resource each client GETs [bytes]"),
                "backlog": Param("int", "connections that may wait for a card"),
                "rdv": Param("bool", "rendezvous: connections wait for the card (false: "
                             "refused at once)"),
                "protocol": Param("choice", "card link protocol", SE_PROTOCOLS),
                "fd": Param("choice", "card link F/D pair", SE_FD_PAIRS),
                "F": Param("int", "card link F (with D, overrides fd; 0: fd decides)"),
                "D": Param("int", "card link D (with F, overrides fd; 0: fd decides)"),
                "perApduOverhead": Param("time", "fixed cost per APDU of the reader"),
            },
            metrics={
                "arrivals": Metric("", "client arrivals (the same for each server)"),
                "hostCpuTime_s": Metric("s", "the gateway's CPU busy time"),
                **{"%s.%s" % (server, name): Metric(unit, "%s server: %s" % (server, doc))
                   for server in SE_SERVERS
                   for name, (unit, doc) in SE_SERVER_METRICS.items()},
                **{"%s.utilisation" % server: Metric("", "%s server: share of [0, duration] "
                                                     "the card was in use" % server)
                   for server in ("record", "export")},
            },
        ),
    )
}


def get_example(name):
    """Return the Example called `name`; UserError (listing the known ones) if none."""
    try:
        return EXAMPLES[name]
    except KeyError:
        raise UserError("unknown example '%s' (known: %s)"
                        % (name, ", ".join(EXAMPLES))) from None
