"""Ranking 排名 as the scheme says (``scheme.rank_by``), ties sharing the best rank ("1224").

- ``grade`` (the default): a better grade ranks above every unit of a lower one, whatever the
  totals, so a unit vetoed to the lowest grade ranks below every unit of a higher grade; within
  a grade, the higher total ranks first.
- ``total``: by the total alone.

Units are ranked within their group (their parent, or all: ``scheme.rank_within``). A unit the
dataset marks as not ranked (it has not started or not submitted, or it has no data for the
period, see :data:`dudao.engine.dataset.NOT_RANKED`) gets no rank and is shown apart.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence

from dudao.engine.plan import Plan
from dudao.expr.ir import Value
from dudao.scheme.model import Scheme

RankKey = tuple[float, ...]  # larger ranks higher


def rank_values(keyed: Sequence[tuple[str, RankKey | None]]) -> list[int | None]:
    """Rank each ``(group, key)`` within its group, the largest key first; None is not ranked.

    >>> rank_values([("a", (90.0,)), ("a", (95.0,)), ("a", (90.0,)), ("a", None), ("b", (10.0,))])
    [2, 1, 2, None, 1]
    >>> rank_values([("a", (-1.0, 99.0)), ("a", (0.0, 80.0)), ("a", (0.0, 85.0))])  # (-grade, total)
    [3, 2, 1]
    """
    groups: dict[str, list[RankKey]] = defaultdict(list)
    for group, key in keyed:
        if key is not None:
            groups[group].append(key)
    ordered = {group: sorted(keys) for group, keys in groups.items()}
    ranks: list[int | None] = []
    for group, key in keyed:
        if key is None:
            ranks.append(None)
        else:  # one more than the number of larger keys
            keys = ordered[group]
            ranks.append(len(keys) - bisect_right(keys, key) + 1)
    return ranks


def rank_key(plan: Plan, row: dict[str, Value]) -> RankKey | None:
    """What a unit's row is ranked by, or None when it is not ranked."""
    if row.get(plan.unranked):
        return None
    return key_of(plan.scheme, row.get(plan.grade), row.get(plan.total))


def key_of(scheme: Scheme, grade_index: Value, total: Value) -> RankKey:
    """What a ranked unit is ranked by, from its grade's place in ``scheme.info.grades`` (0, the
    best) and its total: the one key for the ranking and for anything that places a unit beside
    it (the entry page's preview).

    >>> from types import SimpleNamespace as S
    >>> key_of(S(info=S(rank_by="grade")), 1, 92.5), key_of(S(info=S(rank_by="total")), 1, 92.5)
    ((-1.0, 92.5), (92.5,))
    """
    if scheme.info.rank_by == "total":
        return (_number(total),)
    return (-_number(grade_index), _number(total))


def rank_rows(plan: Plan, rows: list[dict[str, Value]]) -> None:
    """Set the rank column of every row (the reference's ranking; SQL backends use a window)."""
    keyed = [(str(row["parent"]), rank_key(plan, row)) for row in rows]
    for row, rank in zip(rows, rank_values(keyed), strict=True):
        row[plan.rank] = None if rank is None else float(rank)


def _number(value: Value) -> float:
    """A missing number ranks below every other, as SQL's ``NULLS LAST`` on a descending order."""
    return float("-inf") if value is None else float(value)
