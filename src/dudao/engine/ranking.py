"""Ranking 排名: ties share the best rank ("1224"), a missing value ranks last."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict


def rank_values(keyed: list[tuple[str, float | None]]) -> list[int]:
    """Rank each ``(group, value)`` within its group, highest value first.

    >>> rank_values([("a", 90.0), ("a", 95.0), ("a", 90.0), ("a", None), ("b", 10.0)])
    [2, 1, 2, 4, 1]
    """
    groups: dict[str, list[float]] = defaultdict(list)
    for group, value in keyed:
        if value is not None:
            groups[group].append(value)
    ordered = {group: sorted(values) for group, values in groups.items()}
    ranks = []
    for group, value in keyed:
        values = ordered.get(group, [])
        if value is None:
            ranks.append(len(values) + 1)
        else:  # one more than the number of larger values
            ranks.append(len(values) - bisect_right(values, value) + 1)
    return ranks
