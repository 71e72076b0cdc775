# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
"""Statistics over independent runs: means with Student-t confidence intervals.

For n runs with mean m and sample standard deviation s (n-1 in the denominator), the
two-sided confidence interval at level c is

    m +- t_{(1+c)/2, n-1} * s / sqrt(n)

where t_{q, k} is the q-quantile of Student's t distribution with k degrees of freedom. With
one run there is no interval (NaN bounds); values that are missing (None or NaN: a metric a
run could not measure) are left out, and n counts only the values used.
"""

import math
from dataclasses import dataclass

from scipy.stats import t as student_t


@dataclass(frozen=True)
class Summary:
    """Mean and confidence interval of one sample."""

    n: int
    mean: float
    std: float
    low: float
    high: float

    @property
    def half_width(self):
        """Half the interval's width (NaN when there is no interval)."""
        return (self.high - self.low) / 2


def mean_ci(values, confidence=0.95):
    """Summarize `values` (numbers; None or NaN are left out) as a Summary."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be in (0, 1)")
    xs = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    n = len(xs)
    nan = float("nan")
    if n == 0:
        return Summary(0, nan, nan, nan, nan)
    mean = math.fsum(xs) / n
    if n == 1:
        return Summary(1, mean, nan, nan, nan)
    std = math.sqrt(math.fsum((x - mean) ** 2 for x in xs) / (n - 1))
    half = student_t.ppf((1 + confidence) / 2, n - 1) * std / math.sqrt(n)
    return Summary(n, mean, std, mean - half, mean + half)
