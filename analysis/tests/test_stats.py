#!/usr/bin/python3
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""ctest iotsec-analysis-stats: the confidence intervals the figures draw.

usage: test_stats.py

stats.mean_ci() must match scipy.stats.t.interval on known samples, and values computed by
hand from a printed t table; one run has no interval; missing values are left out.
"""

import math
import sys

from helpers import check, finish
from scipy import stats as sps

import stats


def close(a, b, tol):
    return abs(a - b) <= tol


def main():
    # By hand: x = 1..5, mean 3, s^2 = 10/4, s/sqrt(5) = 0.707107, t(0.975, 4) = 2.776 (table)
    s = stats.mean_ci([1, 2, 3, 4, 5])
    half = 2.776 * math.sqrt(2.5) / math.sqrt(5)  # 1.96293
    check(s.n == 5 and s.mean == 3.0, "n/mean of 1..5: %r" % (s,))
    check(close(s.std, math.sqrt(2.5), 1e-12), "std of 1..5: %r" % s.std)
    check(close(s.low, 3 - half, 1e-3) and close(s.high, 3 + half, 1e-3),
          "95%% CI of 1..5 is (%.5f, %.5f), by hand (%.5f, %.5f)"
          % (s.low, s.high, 3 - half, 3 + half))
    # By hand: x = 2, 4: mean 3, s = sqrt(2), s/sqrt(2) = 1, t(0.975, 1) = 12.706 (table)
    s = stats.mean_ci([2.0, 4.0])
    check(close(s.low, 3 - 12.706, 1e-3) and close(s.high, 3 + 12.706, 1e-3),
          "95%% CI of (2, 4) is (%.4f, %.4f), by hand (-9.706, 15.706)" % (s.low, s.high))

    samples = [
        [0.0453, 0.0461, 0.0449, 0.0470, 0.0458, 0.0455, 0.0466, 0.0451, 0.0462, 0.0459],
        [12, 15, 11, 19, 14, 13],
        [1e6 + 0.1, 1e6 + 0.3, 1e6 + 0.2],
    ]
    for sample in samples:
        for confidence in (0.95, 0.99, 0.9):
            n = len(sample)
            mean = sum(sample) / n
            sem = sps.sem(sample)
            low, high = sps.t.interval(confidence, n - 1, loc=mean, scale=sem)
            s = stats.mean_ci(sample, confidence)
            tol = 1e-9 * max(1.0, abs(mean))
            check(close(s.low, low, tol) and close(s.high, high, tol),
                  "%g%% CI of %r: (%r, %r), scipy (%r, %r)"
                  % (confidence * 100, sample, s.low, s.high, low, high))
            check(close(s.half_width, (high - low) / 2, tol), "half width of %r" % sample)

    s = stats.mean_ci([4.2])
    check(s.n == 1 and s.mean == 4.2 and math.isnan(s.low) and math.isnan(s.high),
          "one run: mean without interval, got %r" % (s,))
    s = stats.mean_ci([])
    check(s.n == 0 and math.isnan(s.mean), "no runs: %r" % (s,))
    s = stats.mean_ci([1, None, 2, float("nan"), 3])
    ref = stats.mean_ci([1, 2, 3])
    check(s == ref, "missing values are not left out: %r vs %r" % (s, ref))
    return finish("stats")


if __name__ == "__main__":
    sys.exit(main())
