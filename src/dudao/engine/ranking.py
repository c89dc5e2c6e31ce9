"""Ranking 排名: ties share the best rank ("1224"), a missing value ranks last."""

from __future__ import annotations

from collections import defaultdict


def rank_values(keyed: list[tuple[str, float | None]]) -> list[int]:
    """Rank each ``(group, value)`` within its group, highest value first.

    >>> rank_values([("a", 90.0), ("a", 95.0), ("a", 90.0), ("a", None), ("b", 10.0)])
    [2, 1, 2, 4, 1]
    """
    groups: dict[str, list[float | None]] = defaultdict(list)
    for group, value in keyed:
        groups[group].append(value)
    ranks = []
    for group, value in keyed:
        values = groups[group]
        if value is None:
            ranks.append(sum(1 for v in values if v is not None) + 1)
        else:
            ranks.append(sum(1 for v in values if v is not None and v > value) + 1)
    return ranks
