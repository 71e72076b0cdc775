# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Paper figures: what each one draws (the FIGURES table), and how figures are drawn.

A figure reads the runs of one campaign (analysis/campaigns/<campaign>.toml) at one module
commit. Its x axis is one parameter of the campaign's grid, its series (colours and markers)
another, and each panel draws metrics as the mean over runs with a 95% Student-t confidence
interval (stats.py). A curve marked analytic is an expectation the example computes: it is
drawn as a plain line. Every figure is 3.5 in wide (one column), stacked panels sharing the x
axis, and is written as <name>.pdf, <name>.png and <name>.csv (the numbers drawn, in the
metrics' SI units).

A HeatMap is the other kind of figure: the floor plan of a building, one campaign point. Its
metrics are arrays with one element per light (the lights' floors and positions, and what
each map shows); each light is a square at its position, coloured by the mean over the runs,
one panel per (floor, map) with one colour scale for all.
"""

import csv
import os
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

import stats  # noqa: E402
from campaign import point_key  # noqa: E402
from errors import UserError  # noqa: E402
from scenarios import get_example  # noqa: E402


@dataclass(frozen=True)
class Curve:
    """One metric drawn in a panel, once per series."""

    metric: str
    label: str = ""        # what tells this curve from the others in its panel
    linestyle: str = "-"
    analytic: bool = False  # an expectation: a plain line, no markers or error bars


@dataclass(frozen=True)
class Panel:
    """One set of axes."""

    ylabel: str            # with the unit of the scaled values
    curves: tuple
    scale: float = 1.0     # factor from the metric's SI unit to the unit in ylabel
    ylim: tuple = None
    yscale: str = "linear"  # or "log"
    min_runs: int = 1      # points with values from fewer runs are not drawn
    reference: tuple = ()  # (value, label) pairs: constants drawn as dotted horizontal lines


@dataclass(frozen=True)
class Figure:
    """A paper figure and the campaign whose runs it draws."""

    name: str
    description: str
    campaign: str
    example: str
    x: str                 # a parameter the campaign varies
    xlabel: str            # with its unit
    panels: tuple
    series: object = None  # a parameter the campaign varies, or a tuple of them (one series
    #                        per combination); None: one series
    series_label: str = "{}"  # format of a series value in the legend
    xscale: float = 1.0
    xlog: bool = False     # a logarithmic x axis

    def metrics(self):
        """Every metric the figure draws."""
        return [c.metric for p in self.panels for c in p.curves]

    def series_params(self):
        """The parameters whose values make a series (possibly none)."""
        if self.series is None:
            return ()
        return tuple(self.series) if isinstance(self.series, tuple) else (self.series,)

    def series_of(self, point):
        """The series value of a campaign point: None, a value, or a text joining values."""
        if self.series is None:
            return None
        if isinstance(self.series, tuple):
            return ", ".join(str(point[p]) for p in self.series)
        return point[self.series]


@dataclass(frozen=True)
class HeatMap:
    """A floor-plan heat map: per-light array metrics of one campaign point, as squares at
    the lights' positions, rows of panels = floors, columns = maps, one colour scale."""

    name: str
    description: str
    campaign: str          # must have exactly one point
    example: str
    floors: tuple          # floor indices to draw (from 0), one row of panels each
    maps: tuple            # (metric, title) pairs, one column of panels each
    scale: float = 1.0     # factor from the metrics' SI unit to `unit`
    unit: str = ""         # of the scaled values, on the colour bar
    label: str = ""        # what the colour bar shows (before the unit)
    floor_metric: str = "light_floor"  # per light: its floor
    x_metric: str = "light_x_m"        # per light: its position [m]
    y_metric: str = "light_y_m"

    def metrics(self):
        """Every metric the figure reads: the maps' and the positions'."""
        return [m for m, _ in self.maps] + list(self.position_metrics())

    def position_metrics(self):
        """The metrics that place a light: floor, x, y."""
        return (self.floor_metric, self.x_metric, self.y_metric)


def filter_off_on(metric):
    """The two curves of a border-router-attacks metric: one run of the example reports it
    with the 6LBRs' filter off ("off.<metric>", dashed) and on ("on.<metric>", solid)."""
    return (Curve("off." + metric, "filter off", "--"), Curve("on." + metric, "filter on"))


def se_servers(metric, servers=("record", "export", "software")):
    """The curves of a secure-element-server metric, one per server: the TLS server in the
    card ("record.<metric>", solid), the session exported after the handshake
    ("export.<metric>", dashed) and the host's own TLS ("software.<metric>", dotted)."""
    styles = {"record": ("in the card", "-"), "export": ("exported (TLS-Tandem)", "--"),
              "software": ("on the host", ":")}
    return tuple(Curve(s + "." + metric, styles[s][0], styles[s][1]) for s in servers)


def secure_element_rate(suffix, server, host, clients, refused, refused_label):
    """The figure of a secure-element-rate campaign (`suffix` "" for HTTPS, "-coaps" for CoAP
    over DTLS): the words that differ between the two transports are the arguments."""
    return Figure(
        name="secure-element-rate" + suffix,
        description="%s in a secure element (T=0, 9600 bit/s, backlog 50), every record in the "
                    "card or the session exported after the handshake (TLS-Tandem), against "
                    "%s, under Poisson arrivals of %s that each GET 1 kB: the handshake "
                    "latency (median and 95th percentile), %s, and the record throughput "
                    "after the handshake, against the arrival rate"
                    % (server, host, clients, refused),
        campaign="secure-element-rate" + suffix, example="secure-element-server",
        x="rate", xlabel="Client arrival rate (1/s)", xlog=True,
        panels=(Panel("Handshake latency,\nmedian (s)", se_servers("handshake_p50_s"),
                      yscale="log"),
                Panel("Handshake latency,\n95th percentile (s)", se_servers("handshake_p95_s"),
                      yscale="log"),
                Panel(refused_label, se_servers("refused", ("record", "export"))),
                Panel("Record throughput,\nmedian (kB/s)", se_servers("throughput_p50_Bps"),
                      scale=1e-3, yscale="log")),
    )


def handshake_loss_building(suffix, radios):
    """The two figures of a handshake-loss-building campaign (`suffix` "" for always-on
    lights, "-lpl" for duty-cycled ones, whose `radios` the descriptions name)."""
    common = dict(campaign="handshake-loss-building" + suffix, example="building-automation",
                  x="frameLoss", xlabel="802.15.4 frame loss rate (%)", xscale=100,
                  series=("mode", "lossRecovery"))
    return (
        Figure(
            name="handshake-loss-building" + suffix,
            description="Handshake-loss recovery at building scale%s: group-command success "
                        "ratio and first-command latency against frame loss, for 1:N DTLS and "
                        "the SSM, each with RFC 6347 flight retransmission and with handshake "
                        "restart" % radios,
            **common,
            panels=(Panel("Command success ratio", (Curve("successRatio"),), ylim=(0, 1.05)),
                    Panel("First command\nlatency (s)", (Curve("firstCommandLatency_s"),),
                          yscale="log")),
        ),
        Figure(
            name="handshake-loss-building%s-cost" % suffix,
            description="What handshake-loss recovery costs the building%s: 802.15.4 bytes "
                        "and the energy of a light's frames and CPU against frame loss, for "
                        "1:N DTLS and the SSM, each with flight retransmission and with "
                        "restart" % radios,
            **common,
            panels=(Panel("802.15.4 bytes (kB)", (Curve("lln_bytes"),), scale=1e-3),
                    Panel("Frames and CPU\nper light (mJ)",
                          (Curve("activeEnergyPerLight_mean_J"),), scale=1e3)),
        ),
    )


FIGURES = {
    f.name: f
    for f in (
        Figure(
            name="floor-echo-rtt",
            description="UDP echo round-trip time and 802.15.4 frames against the number of "
                        "nodes in a line, for a payload that fits one frame and one that is "
                        "fragmented",
            campaign="floor-echo-rtt", example="floor-echo",
            x="nodes", xlabel="Nodes in the line (hops + 1)",
            series="size", series_label="{} B payload",
            panels=(Panel("Round-trip time (ms)", (Curve("rtt_mean_s"),), scale=1e3),
                    Panel("802.15.4 frames (thousands)", (Curve("lln_frames"),), scale=1e-3)),
        ),
        Figure(
            name="group-command",
            description="Group-command latency (first and repeated command) and 802.15.4 "
                        "bytes against lights per floor: DTLS 1:N, SSM and no security",
            campaign="group-command", example="building-automation",
            x="lightsPerFloor", xlabel="Lights per floor", series="mode",
            panels=(Panel("Group-command latency (s)",
                          (Curve("firstCommandLatency_s", "first command"),
                           Curve("repeatCommandLatency_s", "repeated command", "--"))),
                    Panel("802.15.4 traffic (kB)", (Curve("lln_bytes"),), scale=1e-3)),
        ),
        Figure(
            name="session-state",
            description="Per-sensor RAM held by security state, and refused DTLS sessions, "
                        "against the number of clients: DTLS 1:N and SSM",
            campaign="session-state", example="building-automation",
            x="clients", xlabel="CoAP clients", series="mode",
            panels=(Panel("Sensor RAM for security\nstate, max (bytes)",
                          (Curve("sensorRam_max_bytes"),)),
                    Panel("Refused DTLS sessions", (Curve("refusedSessions"),))),
        ),
        Figure(
            name="handshake-loss",
            description="DTLS handshake success ratio and completion time against frame loss: "
                        "flight retransmission (RFC 6347) against restarting the handshake, "
                        "with the model's success ratio (DtlsHandshakeLossModel)",
            campaign="handshake-loss", example="handshake-loss",
            x="frameLoss", xlabel="802.15.4 frame loss rate (%)", xscale=100,
            series="lossRecovery",
            panels=(Panel("Handshake success ratio",
                          (Curve("handshakeSuccessRatio", "simulated"),
                           Curve("expectedSuccessRatio", "model", analytic=True))),
                    Panel("Handshake time, median (s)", (Curve("handshakeTime_p50_s"),),
                          yscale="log", min_runs=3)),
        ),
        Figure(
            name="handshake-loss-1hop",
            description="DTLS handshake success ratio against frame loss where the loss "
                        "model's assumptions hold (one hop, no MAC retries): simulation and "
                        "the exact model, per loss recovery",
            campaign="handshake-loss-1hop", example="handshake-loss",
            x="frameLoss", xlabel="802.15.4 frame loss rate (%)", xscale=100,
            series="lossRecovery",
            panels=(Panel("Handshake success ratio",
                          (Curve("handshakeSuccessRatio", "simulated"),
                           Curve("expectedSuccessRatio", "model", analytic=True),
                           Curve("roundModelSuccessRatio", "round model", ":", analytic=True))),
                    Panel("Handshake time, median (s)", (Curve("handshakeTime_p50_s"),),
                          yscale="log", min_runs=3)),
        ),
        *handshake_loss_building("", ""),
        *handshake_loss_building("-lpl", ", the lights duty-cycled (low-power "
                                 "listening)"),
        Figure(
            name="light-energy",
            description="Energy a light spends (mean and maximum over the lights) against the "
                        "number of group commands: DTLS 1:N and SSM, with always-on radios "
                        "and with duty-cycled ones (low-power listening); in all, the part "
                        "that is its frames and its CPU, and the radio duty cycle",
            campaign="light-energy", example="building-automation",
            x="commands", xlabel="Group commands", series=("mode", "rdc"),
            panels=(Panel("Energy per light (J)",
                          (Curve("energyPerLight_mean_J", "mean"),
                           Curve("energyPerLight_max_J", "maximum", "--")), yscale="log"),
                    Panel("Frames and CPU\nper light (mJ)",
                          (Curve("activeEnergyPerLight_mean_J", "mean"),
                           Curve("activeEnergyPerLight_max_J", "maximum", "--")), scale=1e3),
                    Panel("Radio duty cycle\nper light (%)",
                          (Curve("dutyCyclePerLight_mean", "mean"),), scale=100,
                          yscale="log")),
        ),
        Figure(
            name="e2e-security-loss",
            description="End-to-end security through the 6LBR, the light three hops away: "
                        "request success ratio and time to the first response against frame "
                        "loss, for the trusted proxy, the TLS-DTLS mapping, DTLS in DTLS and "
                        "CoAP over DTLS end to end",
            campaign="e2e-security-loss", example="e2e-security",
            x="frameLoss", xlabel="802.15.4 frame loss rate (%)", xscale=100, series="mode",
            panels=(Panel("Request success ratio", (Curve("successRatio"),), ylim=(0, 1.05)),
                    Panel("First response (s)", (Curve("firstResponse_s"),), yscale="log",
                          min_runs=3)),
        ),
        Figure(
            name="e2e-security-loss-cost",
            description="What each way through the 6LBR costs the LLN, the light three hops "
                        "away: 802.15.4 bytes per request and the energy of the light's "
                        "frames and CPU against frame loss",
            campaign="e2e-security-loss", example="e2e-security",
            x="frameLoss", xlabel="802.15.4 frame loss rate (%)", xscale=100, series="mode",
            panels=(Panel("802.15.4 bytes\nper request (kB)", (Curve("llnBytesPerRequest"),),
                          scale=1e-3),
                    Panel("Light's frames\nand CPU (mJ)", (Curve("nodeActiveEnergy_J"),),
                          scale=1e3)),
        ),
        Figure(
            name="e2e-security-hops",
            description="End-to-end security through the 6LBR against the light's distance "
                        "from it (10% frame loss): time to the first response and 802.15.4 "
                        "bytes per request, per way through the 6LBR",
            campaign="e2e-security-hops", example="e2e-security",
            x="hops", xlabel="Hops from the light to its 6LBR", series="mode",
            panels=(Panel("First response (s)", (Curve("firstResponse_s"),)),
                    Panel("802.15.4 bytes\nper request (kB)", (Curve("llnBytesPerRequest"),),
                          scale=1e-3)),
        ),
        Figure(
            name="vitals",
            description="Health care: how old the heart rate the SSM serves is (mean, with the "
                        "analytic T/2, and 95th percentile), what the Class 1 heart-rate "
                        "sensor spends on frames and CPU and in all, against the sampling "
                        "period: object security (OSCORE) against DTLS on the back end, with "
                        "always-on and with duty-cycled sensors",
            campaign="vitals", example="health-care",
            x="vitalsPeriod", xlabel="Sampling period T (s)", series=("policy", "rdc"),
            panels=(Panel("Age of the served\nheart rate (s)",
                          (Curve("freshness_mean_s", "mean"),
                           Curve("freshness_p95_s", "95th percentile", "--"),
                           Curve("expectedFreshness_s", "T/2", ":", analytic=True))),
                    Panel("Heart-rate sensor,\nframes and CPU (mJ)",
                          (Curve("heartRateActiveEnergy_J"),), scale=1e3),
                    Panel("Heart-rate sensor,\nin all (J)",
                          (Curve("heartRateEnergy_J"),), yscale="log")),
        ),
        Figure(
            name="attack-flood-rate",
            description="A request flood from the Internet on a light two hops from its 6LBR "
                        "(coaps, 10 floors x 10 duty-cycled lights), the 6LBRs' filter off "
                        "and on, against the attack rate: command success ratio, energy the "
                        "relays on the target's path lost to the attack, and 802.15.4 frames "
                        "the attack added to the LLN",
            campaign="attack-flood-rate", example="border-router-attacks",
            x="rate", xlabel="Attack rate (datagrams/s)",
            panels=(Panel("Command success ratio", filter_off_on("successRatio"),
                          ylim=(0, 1.05)),
                    Panel("Relays' energy lost\nto the attack (mJ)",
                          filter_off_on("relayEnergyLost_J"), scale=1e3),
                    Panel("802.15.4 frames added\nby the attack",
                          filter_off_on("llnFramesAdded"))),
        ),
        Figure(
            name="attack-handshake-rate",
            description="A DTLS handshake flood (ClientHellos from spoofed sources) on a light "
                        "two hops from its 6LBR, with and without the light's cookie exchange, "
                        "the 6LBRs' filter off and on, against the attack rate: command "
                        "success ratio, DTLS associations the light refused, and the energy "
                        "it lost to the attack",
            campaign="attack-handshake-rate", example="border-router-attacks",
            x="rate", xlabel="Attack rate (datagrams/s)",
            series="cookie", series_label="cookie exchange {}",
            panels=(Panel("Command success ratio", filter_off_on("successRatio"),
                          ylim=(0, 1.05)),
                    Panel("Associations refused\nby the target", filter_off_on("sessionsRefused")),
                    Panel("Target's energy lost\nto the attack (mJ)",
                          filter_off_on("targetEnergyLost_J"), scale=1e3)),
        ),
        Figure(
            name="attack-amplification-rate",
            description="Amplification through a light two hops from its 6LBR (CoAP GETs of "
                        "/.well-known/core with the victim's address as source; the 6LBRs "
                        "admit unauthenticated sources), the filter off and on, against the "
                        "attack rate: the amplification factor (the filter's budget is 3), "
                        "the bytes the victim received, and the energy the relays lost",
            campaign="attack-amplification-rate", example="border-router-attacks",
            x="rate", xlabel="Attack rate (datagrams/s)",
            panels=(Panel("Amplification factor", filter_off_on("amplification"),
                          reference=((3, "filter budget"),)),
                    Panel("Bytes the victim\nreceived (kB)", filter_off_on("victimBytes"),
                          scale=1e-3),
                    Panel("Relays' energy lost\nto the attack (mJ)",
                          filter_off_on("relayEnergyLost_J"), scale=1e3)),
        ),
        Figure(
            name="attack-replay-hops",
            description="Replay of the back-end's coaps commands from the Internet against "
                        "the target's distance from its 6LBR, the filter off and on: DTLS "
                        "records the target rejected as replays, 802.15.4 frames the replays "
                        "added, and the energy the relays on its path lost",
            campaign="attack-replay-hops", example="border-router-attacks",
            x="hops", xlabel="Hops from the target to its 6LBR",
            panels=(Panel("Records rejected as\nreplays by the target",
                          filter_off_on("replaysRejected")),
                    Panel("802.15.4 frames added\nby the attack",
                          filter_off_on("llnFramesAdded")),
                    Panel("Relays' energy lost\nto the attack (mJ)",
                          filter_off_on("relayEnergyLost_J"), scale=1e3)),
        ),
        Figure(
            name="oob-bootstrap-time",
            description="Kang's PSK re-configuration (oob) and Jennings' enrolment (jennings) "
                        "over each out-of-band channel: the bootstrap time (flight 1 or the "
                        "label sent to the PSK installed) and the share of lights "
                        "bootstrapped, against the handheld's distance from the light as a "
                        "fraction of the channel's Range",
            campaign="oob-bootstrap-time", example="oob-bootstrap",
            x="oobReach", xlabel="Handheld to light (fraction of the channel's Range)",
            series=("channel", "scheme"),
            panels=(Panel("Bootstrap time,\nmedian (s)", (Curve("bootstrapTime_p50_s"),),
                          yscale="log"),
                    Panel("Lights bootstrapped", (Curve("successRatio"),), ylim=(0, 1.05))),
        ),
        Figure(
            name="oob-bootstrap-attacker",
            description="The installer's success against its distance from the light being "
                        "configured, per channel and scheme: the share of lights whose PSK_i "
                        "it derived from an overheard flight 4 (opened with IK_N)",
            campaign="oob-bootstrap-attacker", example="oob-bootstrap",
            x="attackerDistance", xlabel="Installer to the light (m)", xlog=True,
            series=("channel", "scheme"),
            panels=(Panel("Lights whose PSK\nthe installer learned", (Curve(
                "attackerSuccessRatio"),), ylim=(-0.05, 1.05)),),
        ),
        secure_element_rate("", "An HTTPS gateway (Raspberry Pi 3) whose TLS server runs",
                            "TLS on the host", "clients", "the connection attempts the card "
                            "refused (each SYN that TCP retries counts again)",
                            "Connection attempts\nrefused by the card"),
        secure_element_rate("-coaps", "The secure-element-rate study over CoAP over DTLS: a "
                            "gateway whose DTLS server runs", "DTLS on the host",
                            "CoAP clients", "the ClientHellos the card refused (each "
                            "retransmission counts again)",
                            "ClientHellos\nrefused by the card"),
        HeatMap(
            name="attack-heatmap",
            description="Where a request flood (5 datagrams/s) on a light of floor 0 costs "
                        "energy: each light of floors 0 and 1 at its place in the floor plan, "
                        "coloured by the energy it lost to the attack (mean over the runs), "
                        "the 6LBRs' filter off and on, on one colour scale",
            campaign="attack-heatmap", example="border-router-attacks",
            floors=(0, 1),
            maps=(("off.lightEnergyLost_J", "filter off"),
                  ("on.lightEnergyLost_J", "filter on")),
            scale=1e3, unit="mJ", label="Energy lost to the attack",
        ),
    )
}

# Consistent styles: one colour and marker per series value in every figure (Okabe-Ito
# colours, distinguishable with colour-vision deficiencies and in grey by their markers).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#999999")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
NAMED_SERIES = {
    "dtls-1n": ("DTLS 1:N", 0), "ssm": ("SSM", 1), "nosec": ("No security", 2),
    "1/high:object": ("OSCORE (object)", 0), "1/high:dtls": ("DTLS", 1),
    "1/high:object, none": ("OSCORE, always on", 0), "1/high:dtls, none": ("DTLS, always on", 1),
    "1/high:object, lpl": ("OSCORE, LPL", 2), "1/high:dtls, lpl": ("DTLS, LPL", 4),
    "RetransmitFlight": ("Retransmit flight", 0), "RestartHandshake": ("Restart handshake", 1),
    "dtls-1n, none": ("DTLS 1:N, always on", 0), "ssm, none": ("SSM, always on", 1),
    "dtls-1n, lpl": ("DTLS 1:N, LPL", 4), "ssm, lpl": ("SSM, LPL", 2),
    "trusted-proxy": ("Trusted proxy", 0), "mapping": ("TLS-DTLS mapping", 1),
    "tunnel": ("DTLS in DTLS", 2), "coap-e2e": ("CoAP/DTLS end to end", 3),
}

RC = {
    "font.size": 8, "axes.labelsize": 8, "axes.titlesize": 8, "legend.fontsize": 7,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "lines.linewidth": 1.2, "lines.markersize": 4,
    "errorbar.capsize": 2.5, "axes.grid": True, "grid.linewidth": 0.4, "grid.alpha": 0.4,
    "axes.linewidth": 0.6, "legend.frameon": False, "pdf.fonttype": 42, "ps.fonttype": 42,
    "savefig.dpi": 300,
}
WIDTH_IN = 3.5
PANEL_HEIGHT_IN = 1.6
LEGEND_HEIGHT_IN = 0.35


def get_figure(name):
    """Return the Figure called `name`; UserError (listing the known ones) if none."""
    try:
        return FIGURES[name]
    except KeyError:
        raise UserError("unknown figure '%s' (./iotsec plot --list describes them: %s)"
                        % (name, ", ".join(FIGURES))) from None


def check(figure, campaign):
    """Problems of `figure` (a Figure or a HeatMap) against its campaign and example, as a
    list of strings."""
    found = []
    example = get_example(figure.example)
    if campaign.example != figure.example:
        found.append("campaign %s runs '%s', not '%s'"
                     % (campaign.name, campaign.example, figure.example))
    for metric in figure.metrics():
        if metric not in example.metrics:
            found.append("'%s' is not a metric of %s" % (metric, figure.example))
    if isinstance(figure, HeatMap):
        return found + _check_heatmap(figure, campaign)
    for role, param in [("x", figure.x)] + [("series", p) for p in figure.series_params()]:
        if param not in campaign.axes:
            found.append("%s parameter '%s' is not an axis of campaign %s (its axes: %s)"
                         % (role, param, campaign.name, ", ".join(campaign.axes) or "none"))
    others = [a for a in campaign.axes if a != figure.x and a not in figure.series_params()]
    if others:
        found.append("campaign %s also varies %s, which the figure would average together"
                     % (campaign.name, ", ".join(others)))
    return found


def series_style(figure, value, index):
    """(label, colour, marker) of one series value (a boolean reads "on" or "off")."""
    name, slot = NAMED_SERIES.get(value, (None, index)) if isinstance(value, str) else (
        None, index)
    label = name or figure.series_label.format(
        ("on" if value else "off") if isinstance(value, bool) else value)
    return label, PALETTE[slot % len(PALETTE)], MARKERS[slot % len(MARKERS)]


def summarize(figure, campaign, runs):
    """The numbers a figure draws: one dict per (panel, curve, series value, x value).

    `runs` are the store's successful runs (dicts with point_key, params, metrics). Points
    follow the campaign's order. A HeatMap's rows are one per (map, light): see
    _summarize_heatmap.
    """
    if isinstance(figure, HeatMap):
        return _summarize_heatmap(figure, campaign, runs)
    by_point = {}
    for run in runs:
        by_point.setdefault(run["point_key"], []).append(run)
    rows = []
    for p, panel in enumerate(figure.panels):
        for curve in panel.curves:
            for point in campaign.points:
                point_runs = by_point.get(point_key(point), [])
                values = []
                for run in point_runs:
                    if curve.metric not in run["metrics"]:
                        raise UserError("the runs have no metric '%s' (they report: %s)" % (
                            curve.metric, ", ".join(sorted(run["metrics"]))))
                    value = run["metrics"][curve.metric]
                    if isinstance(value, list):
                        raise UserError("metric '%s' is an array, not a number" % curve.metric)
                    values.append(value)
                summary = stats.mean_ci(values)
                rows.append(dict(panel=p, metric=curve.metric, x=point[figure.x],
                                 series=figure.series_of(point),
                                 n=summary.n, mean=summary.mean, std=summary.std,
                                 low=summary.low, high=summary.high))
    return rows


def _series_values(figure, campaign):
    """The series values in the campaign's order ([None] without series)."""
    if figure.series is None:
        return [None]
    values = []
    for point in campaign.points:
        if figure.series_of(point) not in values:
            values.append(figure.series_of(point))
    return values


def empty_points(figure, rows):
    """What summarize()'s rows have no value for (n == 0), as sorted texts for a warning."""
    if isinstance(figure, HeatMap):
        return sorted({"%s of the light on floor %d at (%g, %g) m"
                       % (r["metric"], r["floor"], r["x"], r["y"]) for r in rows if r["n"] == 0})
    return sorted({str(r["x"]) + ("/" + str(r["series"]) if r["series"] else "")
                   for r in rows if r["n"] == 0})


def render(figure, campaign, rows, out_dir, commit):
    """Draw the figure from summarize()'s rows; write PDF, PNG and CSV; return their paths."""
    if isinstance(figure, HeatMap):
        return _render_heatmap(figure, rows, out_dir, commit)
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, figure.name)
    series = _series_values(figure, campaign)
    styles = {value: series_style(figure, value, i) for i, value in enumerate(series)}
    # Long series labels (combinations of parameters) go two to a row
    legend_cols = len(styles) if len(styles) <= 3 and all(
        len(v[0]) <= 16 for v in styles.values()) else 2
    legend_rows = -(-len(styles) // legend_cols) if figure.series else 0
    legend_h = LEGEND_HEIGHT_IN * (1 + 0.6 * (legend_rows - 1)) if figure.series else 0
    with plt.rc_context(RC):
        fig, axes = plt.subplots(
            len(figure.panels), 1, sharex=True, squeeze=False, layout="constrained",
            figsize=(WIDTH_IN, PANEL_HEIGHT_IN * len(figure.panels) + legend_h))
        for p, (panel, ax) in enumerate(zip(figure.panels, axes[:, 0])):
            # With an analytic curve in the panel, simulated values are markers with error
            # bars and the analytic expectation is the line through them.
            has_analytic = any(c.analytic for c in panel.curves)
            for curve in panel.curves:
                for value in series:
                    label, colour, marker = styles[value]
                    pts = sorted((r for r in rows if r["panel"] == p and
                                  r["metric"] == curve.metric and r["series"] == value and
                                  r["n"] >= max(1, panel.min_runs)), key=lambda r: r["x"])
                    xs = [r["x"] * figure.xscale for r in pts]
                    ys = [r["mean"] * panel.scale for r in pts]
                    if curve.analytic:
                        ax.plot(xs, ys, linestyle=curve.linestyle, color=colour, zorder=1)
                        continue
                    upper = [0.0 if r["n"] < 2 else (r["high"] - r["mean"]) * panel.scale
                             for r in pts]
                    lower = list(upper)
                    if panel.yscale == "log":
                        # a log axis cannot show an interval reaching zero: clip it just above
                        lower = [min(e, 0.99 * y) for e, y in zip(lower, ys)]
                    ax.errorbar(xs, ys, yerr=[lower, upper], color=colour, marker=marker,
                                linestyle="none" if has_analytic else curve.linestyle,
                                markerfacecolor="white" if curve.linestyle != "-" else colour,
                                markeredgewidth=0.9, zorder=2)
            for value, _ in panel.reference:
                ax.axhline(value * panel.scale, color="0.45", linestyle=":", linewidth=0.9,
                           zorder=0)
            ax.set_ylabel(panel.ylabel)
            if panel.yscale == "log":
                ax.set_yscale("log")
            if panel.ylim:
                ax.set_ylim(*panel.ylim)
            elif panel.yscale != "log" and all(r["low"] >= 0 or (r["n"] == 1 and r["mean"] >= 0)
                     for r in rows if r["panel"] == p and r["n"] > 0):
                # from zero, with headroom: autoscaling fitted the data's own range, which
                # is tight at the top when the values vary little
                ax.set_ylim(0, ax.get_ylim()[1] * 1.06)
            if len(panel.curves) > 1 or panel.reference:
                handles = [Line2D([], [], color="0.3",
                                  linestyle="none" if has_analytic and not c.analytic
                                  else c.linestyle,
                                  marker=None if c.analytic else "o",
                                  markerfacecolor="white" if c.linestyle != "-" else "0.3",
                                  label=c.label) for c in panel.curves if c.label]
                handles += [Line2D([], [], color="0.45", linestyle=":", linewidth=0.9,
                                   label=label) for _, label in panel.reference]
                # add_artist: the series legend added to the first panel below must not
                # replace this one
                ax.add_artist(ax.legend(handles=handles, loc="best", handlelength=2.4))
        axes[-1, 0].set_xlabel(figure.xlabel)
        if figure.xlog:
            for ax in axes.flat:
                ax.set_xscale("log")
        if get_example(figure.example).params[figure.x].kind == "int" and figure.xscale == 1:
            axes[-1, 0].xaxis.set_major_locator(MaxNLocator(integer=True))
        if figure.series:
            handles = [Line2D([], [], color=colour, marker=marker, label=label)
                       for label, colour, marker in styles.values()]
            axes[0, 0].legend(handles=handles, loc="lower center", ncol=legend_cols,
                              bbox_to_anchor=(0.5, 1.0), borderaxespad=0.4,
                              columnspacing=1.2, handlelength=1.8)
        paths = [base + ".pdf", base + ".png"]
        for path in paths:
            fig.savefig(path)
        plt.close(fig)
    _write_csv(base + ".csv", figure, rows, commit)
    return paths + [base + ".csv"]


def _write_csv(path, figure, rows, commit):
    """The numbers behind the figure, in the metrics' SI units."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["figure", "module_commit", "panel", "metric", figure.x,
                      "+".join(figure.series_params()) or "series", "n", "mean", "std",
                      "ci95_low", "ci95_high"])
        for r in rows:
            out.writerow([figure.name, commit, r["panel"] + 1, r["metric"], r["x"],
                          "" if r["series"] is None else r["series"], r["n"],
                          *("" if v != v else repr(v)
                            for v in (r["mean"], r["std"], r["low"], r["high"]))])


# ------------------------------------------------------------------------------------------
# Floor-plan heat maps
# ------------------------------------------------------------------------------------------

HEATMAP_COLORBAR_IN = 0.55   # the colour bar under the panels, with its label
HEATMAP_TITLE_IN = 0.25      # a panel's title
HEATMAP_XAXIS_IN = 0.3       # the x tick labels and label under the bottom row


def _check_heatmap(figure, campaign):
    """Problems of a HeatMap against its campaign, besides those check() finds for all."""
    found = []
    if len(campaign.points) != 1:
        found.append("campaign %s has %d points; a heat map draws exactly one (fix every "
                     "parameter in [fixed])" % (campaign.name, len(campaign.points)))
    if not figure.floors or not figure.maps:
        found.append("a heat map needs at least one floor and one map")
    floors = [point.get("floors") for point in campaign.points if "floors" in point]
    for f in figure.floors:
        if not isinstance(f, int) or f < 0 or any(f >= n for n in floors):
            found.append("floor %r is not a floor of the campaign's building (floors from 0%s)"
                         % (f, ", %d of them" % min(floors) if floors else ""))
    return found


def _light_arrays(figure, run):
    """{metric: list} of the arrays a heat map reads from one run, all of one length."""
    arrays = {}
    for metric in figure.metrics():
        if metric not in run["metrics"]:
            raise UserError("run RngRun=%d has no metric '%s' (it reports: %s)" % (
                run["rng_run"], metric, ", ".join(sorted(run["metrics"]))))
        value = run["metrics"][metric]
        if not isinstance(value, list):
            raise UserError("metric '%s' of run RngRun=%d is not an array with one value per "
                            "light" % (metric, run["rng_run"]))
        if metric in figure.position_metrics() and not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            raise UserError("metric '%s' of run RngRun=%d holds a value that is not a number"
                            % (metric, run["rng_run"]))
        arrays[metric] = value
    lengths = {m: len(a) for m, a in arrays.items()}
    if len(set(lengths.values())) != 1:
        raise UserError("run RngRun=%d: the per-light arrays differ in length (%s)" % (
            run["rng_run"], ", ".join("%s %d" % kv for kv in lengths.items())))
    return arrays


def _summarize_heatmap(figure, campaign, runs):
    """One row per (map, light on a drawn floor): the light's mean over the point's runs.

    Every run must place the same lights at the same places (the position arrays equal, as
    the example writes them for one building), or UserError. Rows have keys panel (the map's
    index), metric, light (its index in the arrays), floor, x, y, series (None), n, mean,
    std, low, high.
    """
    key = point_key(campaign.points[0])
    point_runs = sorted((r for r in runs if r["point_key"] == key),
                        key=lambda r: (r["rng_seed"], r["rng_run"]))
    if not point_runs:
        raise UserError("no successful runs of the point of campaign %s" % campaign.name)
    arrays = [_light_arrays(figure, run) for run in point_runs]
    first = arrays[0]
    for run, a in zip(point_runs[1:], arrays[1:]):
        for metric in figure.position_metrics():
            if len(a[metric]) != len(first[metric]):
                raise UserError("runs RngRun=%d and RngRun=%d have %d and %d lights: a heat "
                                "map needs the same building in every run" % (
                                    point_runs[0]["rng_run"], run["rng_run"],
                                    len(first[metric]), len(a[metric])))
            for i, (u, v) in enumerate(zip(first[metric], a[metric])):
                if u is None or v is None or abs(u - v) > 1e-9 * max(1.0, abs(u)):
                    raise UserError("runs RngRun=%d and RngRun=%d place light %d differently "
                                    "(%s %r and %r): a heat map needs the same building in "
                                    "every run" % (point_runs[0]["rng_run"], run["rng_run"],
                                                   i, metric, u, v))
    floors = [int(f) for f in first[figure.floor_metric]]
    missing = [f for f in figure.floors if f not in floors]
    if missing:
        raise UserError("the runs have no light on floor(s) %s (their floors: %s)" % (
            ", ".join(map(str, missing)), ", ".join(map(str, sorted(set(floors))))))
    rows = []
    for m, (metric, _) in enumerate(figure.maps):
        for i, floor in enumerate(floors):
            if floor not in figure.floors:
                continue
            summary = stats.mean_ci([a[metric][i] for a in arrays])
            rows.append(dict(panel=m, metric=metric, light=i, floor=floor,
                             x=first[figure.x_metric][i], y=first[figure.y_metric][i],
                             series=None, n=summary.n, mean=summary.mean, std=summary.std,
                             low=summary.low, high=summary.high))
    return rows


def _cell(values):
    """The size of a light's square along one axis: the smallest gap between two distinct
    positions (a room, with one light per room), 1 m when there is none."""
    distinct = sorted(set(values))
    gaps = [b - a for a, b in zip(distinct, distinct[1:]) if b - a > 1e-9]
    return min(gaps) if gaps else 1.0


def _render_heatmap(figure, rows, out_dir, commit):
    """Draw a HeatMap from _summarize_heatmap()'s rows; write PDF, PNG and CSV."""
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, figure.name)
    drawn = [r for r in rows if r["n"] > 0]
    xs = [r["x"] for r in rows]
    ys = [r["y"] for r in rows]
    dx, dy = _cell(xs), _cell(ys)
    x0, x1 = min(xs) - dx / 2, max(xs) + dx / 2
    y0, y1 = min(ys) - dy / 2, max(ys) + dy / 2
    # One colour scale for every panel, so that the maps compare: a sequential map from 0 (or
    # from a negative minimum that is small beside the maximum: a light may lose a little
    # less than in the baseline, noise); symmetric about 0 with a diverging map when the
    # negative values matter
    values = [r["mean"] * figure.scale for r in drawn]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if low >= -0.1 * max(high, 0.0):
        low, high = min(low, 0.0), max(high, 0.0)
        cmap, norm = "viridis", Normalize(low, high if high > low else low + 1.0)
    else:
        bound = max(abs(low), abs(high))
        cmap, norm = "RdBu_r", Normalize(-bound, bound)
    cmap = matplotlib.colormaps[cmap].with_extremes(bad="0.8")
    nrows, ncols = len(figure.floors), len(figure.maps)
    # panels keep the floor plan's aspect: their height follows from the width they get
    panel_w = (WIDTH_IN - 0.45) / ncols
    aspect = min(max((y1 - y0) / (x1 - x0), 0.25), 1.5)
    height = (nrows * (panel_w * aspect + HEATMAP_TITLE_IN) + HEATMAP_XAXIS_IN +
              HEATMAP_COLORBAR_IN)
    with plt.rc_context(dict(RC, **{"axes.grid": False})):
        fig, axes = plt.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False,
                                 layout="constrained", figsize=(WIDTH_IN, height))
        mappable = None
        for i, floor in enumerate(figure.floors):
            for m, (metric, title) in enumerate(figure.maps):
                ax = axes[i, m]
                cells = [r for r in rows if r["panel"] == m and r["floor"] == floor]
                squares = [Rectangle((r["x"] - dx / 2, r["y"] - dy / 2), dx, dy)
                           for r in cells]
                patches = PatchCollection(squares, cmap=cmap, norm=norm, edgecolor="white",
                                          linewidth=0.4)
                # a light without a value (n = 0) is drawn grey: masked
                patches.set_array([r["mean"] * figure.scale if r["n"] else float("nan")
                                   for r in cells])
                ax.add_collection(patches)
                mappable = patches
                ax.set_xlim(x0, x1)
                ax.set_ylim(y0, y1)
                ax.set_aspect("equal")
                ax.set_title("floor %d, %s" % (floor, title), pad=3)
                ax.tick_params(length=2, pad=1.5)
                ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
                ax.yaxis.set_major_locator(MaxNLocator(3, steps=[1, 2, 5, 10]))
                if i == nrows - 1:
                    ax.set_xlabel("x (m)")
                if m == 0:
                    ax.set_ylabel("y (m)")
        bar = fig.colorbar(mappable, ax=axes, location="bottom", shrink=0.8, aspect=30,
                           pad=0.02)
        bar.set_label("%s (%s)" % (figure.label, figure.unit) if figure.label and figure.unit
                      else figure.label or figure.unit)
        bar.ax.tick_params(length=2)
        paths = [base + ".pdf", base + ".png"]
        for path in paths:
            fig.savefig(path)
        plt.close(fig)
    _write_heatmap_csv(base + ".csv", figure, rows, commit)
    return paths + [base + ".csv"]


def _write_heatmap_csv(path, figure, rows, commit):
    """The numbers behind the heat map, one row per light and map, in SI units."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["figure", "module_commit", "metric", "floor", "x", "y", "n", "mean",
                      "std", "ci95_low", "ci95_high"])
        for r in rows:
            out.writerow([figure.name, commit, r["metric"], r["floor"], repr(r["x"]),
                          repr(r["y"]), r["n"],
                          *("" if v != v else repr(v)
                            for v in (r["mean"], r["std"], r["low"], r["high"]))])
