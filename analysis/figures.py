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
"""

import csv
import os
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
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
    )
}

# Consistent styles: one colour and marker per series value in every figure (Okabe-Ito
# colours, distinguishable with colour-vision deficiencies and in grey by their markers).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
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
    """Problems of `figure` against its campaign and example, as a list of strings."""
    found = []
    example = get_example(figure.example)
    if campaign.example != figure.example:
        found.append("campaign %s runs '%s', not '%s'"
                     % (campaign.name, campaign.example, figure.example))
    for metric in figure.metrics():
        if metric not in example.metrics:
            found.append("'%s' is not a metric of %s" % (metric, figure.example))
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
    """(label, colour, marker) of one series value."""
    name, slot = NAMED_SERIES.get(value, (None, index)) if isinstance(value, str) else (
        None, index)
    label = name or figure.series_label.format(value)
    return label, PALETTE[slot % len(PALETTE)], MARKERS[slot % len(MARKERS)]


def summarize(figure, campaign, runs):
    """The numbers a figure draws: one dict per (panel, curve, series value, x value).

    `runs` are the store's successful runs (dicts with point_key, params, metrics). Points
    follow the campaign's order.
    """
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


def render(figure, campaign, rows, out_dir, commit):
    """Draw the figure from summarize()'s rows; write PDF, PNG and CSV; return their paths."""
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
            if len(panel.curves) > 1:
                handles = [Line2D([], [], color="0.3",
                                  linestyle="none" if has_analytic and not c.analytic
                                  else c.linestyle,
                                  marker=None if c.analytic else "o",
                                  markerfacecolor="white" if c.linestyle != "-" else "0.3",
                                  label=c.label) for c in panel.curves]
                # add_artist: the series legend added to the first panel below must not
                # replace this one
                ax.add_artist(ax.legend(handles=handles, loc="best", handlelength=2.4))
        axes[-1, 0].set_xlabel(figure.xlabel)
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
