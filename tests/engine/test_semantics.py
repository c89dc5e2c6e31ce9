from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dudao.engine import semantics
from dudao.engine.ranking import rank_values


def test_cv_worked_example_from_the_official_explanation() -> None:
    """DOMAIN §4b: books per pupil in five primary schools; CV ≈ 0.52 (golden)."""
    schools = [(45, 279), (37, 137), (89, 935), (76, 160), (55, 402)]
    pairs = [(books / pupils, pupils) for pupils, books in schools]
    mean = sum(b for _, b in schools) / sum(p for p, _ in schools)
    assert round(mean, 2) == 6.33
    contributions = [p / 302 * (b / p - mean) ** 2 for p, b in schools]
    assert [round(c, 2) for c in contributions] == [0.0, 0.85, 5.13, 4.5, 0.17]
    assert round(sum(contributions), 2) == 10.65
    assert round(semantics.weighted_cv(pairs), 2) == 0.52  # type: ignore[arg-type]


def test_cv_is_weighted_not_the_naive_coefficient() -> None:
    pairs = [(10.0, 1000.0), (2.0, 1.0)]
    naive = (((10 - 6) ** 2 + (2 - 6) ** 2) / 2) ** 0.5 / 6
    assert semantics.weighted_cv(pairs) < 0.1 < naive


def test_cv_skips_missing_and_refuses_zero_weight_or_mean() -> None:
    assert semantics.weighted_cv([(None, 5.0), (3.0, None)]) is None
    assert semantics.weighted_cv([(0.0, 5.0), (0.0, 5.0)]) is None
    assert semantics.weighted_cv([(4.0, 5.0), (None, 5.0), (4.0, 1.0)]) == 0.0


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(2.5, 0, 3.0), (-2.5, 0, -3.0), (0.125, 2, 0.13), (1.005, 2, 1.0), (124.6, 1, 124.6)],
)
def test_round_half_away_from_zero(value: float, digits: int, expected: float) -> None:
    assert semantics.round_half_away(value, digits) == expected


def test_division_by_zero_and_missing_give_missing() -> None:
    assert semantics.div(1.0, 0.0) is None
    assert semantics.div(None, 2.0) is None
    assert semantics.div(1.0, 4.0) == 0.25


def test_three_valued_logic() -> None:
    assert semantics.kleene_and([False, None]) is False
    assert semantics.kleene_and([True, None]) is None
    assert semantics.kleene_or([True, None]) is True
    assert semantics.kleene_or([False, None]) is None


def test_aggregates_skip_missing_values() -> None:
    rows = [(1.0,), (None,), (3.0,)]
    assert semantics.aggregate("sum", rows) == 4.0
    assert semantics.aggregate("avg", rows) == 2.0
    assert semantics.aggregate("count", rows) == 2.0
    assert semantics.aggregate("sum", [(None,)]) is None
    assert semantics.aggregate("count_if", [(True,), (False,), (None,)]) == 1.0
    assert semantics.aggregate("share_if", [(True,), (False,), (None,)]) == 50.0
    assert semantics.aggregate("share_if", []) is None


def test_ties_share_a_rank_and_an_unranked_unit_has_none() -> None:
    ranked = rank_values([("c", (80.0,)), ("c", (95.0,)), ("c", (95.0,)), ("c", None), ("c", (70.0,))])
    assert ranked == [3, 1, 1, None, 4]


_KEY = st.tuples(st.integers(-3, 0).map(float), st.integers(0, 5).map(float))  # (-grade, total)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ab"), st.one_of(st.none(), _KEY)), max_size=30))
def test_rank_is_one_more_than_the_number_of_better_keys(
    keyed: list[tuple[str, tuple[float, float] | None]],
) -> None:
    for (group, key), rank in zip(keyed, rank_values(keyed), strict=True):
        peers = [k for g, k in keyed if g == group and k is not None]
        expected = None if key is None else sum(1 for k in peers if k > key) + 1
        assert rank == expected
