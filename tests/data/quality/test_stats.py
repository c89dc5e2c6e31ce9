"""The statistics: modified z-scores (with the MeanAD fallback), χ² and Poisson tails."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dudao.data.quality.stats import MAD_FACTOR, MEAN_AD_FACTOR, chi_square_sf, poisson_sf, robust_scores


def test_modified_z_score_is_iglewicz_hoaglin() -> None:
    x = np.array([2.0, 3, 3, 4, 5, 6, 30])
    median, mad = 4.0, 1.0  # |x − 4| = 2 1 1 0 1 2 26 → median 1
    assert robust_scores(x) == pytest.approx(MAD_FACTOR * (x - median) / mad)
    assert abs(robust_scores(x)[-1]) > 3.5 > abs(robust_scores(x)[:-1]).max()


def test_mad_zero_falls_back_to_the_mean_absolute_deviation_then_to_zero() -> None:
    x = np.array([7.0, 7, 7, 7, 7, 8, 20])  # more than half equal: MAD = 0
    mean_ad = np.abs(x - 7).mean()
    assert robust_scores(x) == pytest.approx((x - 7) / (MEAN_AD_FACTOR * mean_ad))
    assert robust_scores([5.0, 5, 5]).tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("x", "df", "p"),
    [
        (16.919, 9, 0.05),
        (21.666, 9, 0.01),
        (27.877, 9, 0.001),
        (3.841, 1, 0.05),
        (9.21, 2, 0.01),
        (18.307, 10, 0.05),
    ],
)
def test_chi_square_tail_matches_the_tables(x: float, df: int, p: float) -> None:
    assert chi_square_sf(x, df) == pytest.approx(p, rel=2e-3)
    assert chi_square_sf(0.0, df) == 1.0


def test_poisson_tail_is_exact_on_both_sides() -> None:
    def direct(count: int, mean: float) -> float:
        return 1 - sum(math.exp(-mean) * mean**j / math.factorial(j) for j in range(count))

    for count, mean in [(1, 0.5), (3, 2.0), (6, 6.5), (2, 10.0)]:
        assert poisson_sf(count, mean) == pytest.approx(direct(count, mean))
    tiny = poisson_sf(6, 0.01)  # 1 − Σ would be 0 here; the tail sum is not
    assert tiny == pytest.approx(math.exp(-0.01) * 0.01**6 / 720, rel=1e-3)
    assert poisson_sf(0, 1.0) == 1.0 and poisson_sf(2, 0.0) == 0.0
