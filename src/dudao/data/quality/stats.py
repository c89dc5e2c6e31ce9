"""The statistics behind the outlier tests and the signals, with no dependency beyond numpy.

- :func:`robust_scores`: the modified z-score of Iglewicz and Hoaglin (1993),
  ``M = 0.6745 (x − median) / MAD``. When the MAD is 0 (more than half the values are equal)
  the mean absolute deviation takes its place, ``M = (x − median) / (1.253314 · MeanAD)``
  (1.253314 ≈ √(π/2) makes it estimate the same σ for normal data); when that is 0 too every
  value equals the median and every score is 0.
- :func:`chi_square_sf`: the chance that a χ² variable with ``df`` degrees of freedom reaches ``x``.
- :func:`poisson_sf`: the chance that a Poisson count with mean ``mean`` reaches ``count``.

>>> robust_scores([10, 11, 12, 13, 50]).round(2).tolist()
[-1.35, -0.67, 0.0, 0.67, 25.63]
>>> robust_scores([5, 5, 5, 5, 9]).round(2).tolist()  # MAD 0: the mean absolute deviation serves
[0.0, 0.0, 0.0, 0.0, 3.99]
>>> round(chi_square_sf(16.919, 9), 4), round(chi_square_sf(3.841, 1), 4), round(chi_square_sf(5.991, 2), 4)
(0.05, 0.05, 0.05)
>>> f"{poisson_sf(5, 0.04):.2e}", poisson_sf(0, 3.0)
('8.25e-10', 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

MAD_FACTOR = 0.6745  # the 0.75 quantile of the standard normal: MAD / 0.6745 estimates σ
MEAN_AD_FACTOR = 1.253314  # √(π/2): MeanAD × 1.253314 estimates σ


def robust_scores(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """The modified z-score of every value against the median of them all."""
    x = np.asarray(values, dtype="float64")
    median = float(np.median(x))
    deviation = np.abs(x - median)
    return scores_from(
        x, np.full_like(x, median), np.full_like(x, np.median(deviation)), np.full_like(x, deviation.mean())
    )


def scores_from(x: np.ndarray, median: np.ndarray, mad: np.ndarray, mean_ad: np.ndarray) -> np.ndarray:
    """The modified z-score given each value's group median, MAD and mean absolute deviation."""
    with np.errstate(divide="ignore", invalid="ignore"):
        by_mad = MAD_FACTOR * (x - median) / mad
        by_mean = (x - median) / (MEAN_AD_FACTOR * mean_ad)
    scores = np.where(mad > 0, by_mad, np.where(mean_ad > 0, by_mean, 0.0))
    return np.asarray(scores, dtype="float64")


def chi_square_sf(x: float, df: int) -> float:
    """P(χ²(df) ≥ x) for a whole number of degrees of freedom (closed forms, no series cut-off)."""
    if x <= 0:
        return 1.0
    half = x / 2
    if df % 2 == 0:  # e^(−x/2) Σ_{j<df/2} (x/2)^j / j!
        term = total = 1.0
        for j in range(1, df // 2):
            term *= half / j
            total += term
        return min(1.0, math.exp(-half) * total)
    # odd: erfc(√(x/2)) + 2 φ(√x) Σ_{j=1}^{(df−1)/2} x^(j−½) / (2j−1)!!
    total, term = 0.0, math.sqrt(x)
    for j in range(1, (df - 1) // 2 + 1):
        if j > 1:
            term *= x / (2 * j - 1)
        total += term
    return min(1.0, math.erfc(math.sqrt(half)) + 2 * math.exp(-half) / math.sqrt(2 * math.pi) * total)


def poisson_sf(count: int, mean: float) -> float:
    """P(X ≥ count) for X ~ Poisson(mean), summed from the smaller side so tiny tails stay exact."""
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if count <= mean:  # the tail is large: 1 − P(X < count)
        term = total = math.exp(-mean)
        for j in range(1, count):
            term *= mean / j
            total += term
        return max(0.0, 1.0 - total)
    log_term = -mean + count * math.log(mean) - math.lgamma(count + 1)
    term, total, j = math.exp(log_term), 0.0, count
    while term > total * 1e-16 and j < count + 10_000:
        total += term
        j += 1
        term *= mean / j
    return min(1.0, total)
