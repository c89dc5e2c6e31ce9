"""Drawing schools to visit: a pure, documented, deterministic function of the schools and a seed.

The algorithm, so that anyone can redo a draw by hand or in another language:

1. the schools are sorted by code (never by the database's order);
2. a stratified draw groups them into strata (``school_type``, and the value of a second field such
   as urban/rural where one is given), taken in the order of their keys; a simple draw has one
   stratum holding every school;
3. the sample size is shared among the strata in proportion to their sizes (the largest
   remainders get the rest; equal remainders go to the stratum whose key sorts first), with at
   least one school for every non-empty stratum and never more than a stratum has;
4. one generator ``random.Random(seed)`` draws every stratum in that order by a partial
   Fisher–Yates shuffle of its sorted codes, each step taking ``j = i + int(rng.random() * (n - i))``.
   ``random()`` is the part of Python's generator whose sequence for a given integer seed the
   language guarantees not to change, so the same seed gives the same schools on every version.

>>> schools = [School("s3", "primary"), School("s1", "primary"), School("s2", "junior")]
>>> [s.code for s in draw(schools, 2, seed=7, stratified=False)]
['s1', 's2']
>>> [(s.code, s.stratum) for s in draw(schools, 2, seed=7, stratified=True)]
[('s2', 'junior'), ('s1', 'primary')]
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SEED_LIMIT = 2**63  # a seed is an integer 0 … 2⁶³−1 (it fits the database's big integer)


@dataclass(frozen=True)
class School:
    """A school that may be drawn: its code, its type and, where the draw uses one, its second stratum."""

    code: str
    school_type: str
    second: str = ""

    def stratum(self, stratified: bool) -> str:
        if not stratified:
            return ""
        return f"{self.school_type or '—'}·{self.second}" if self.second else (self.school_type or "—")


@dataclass(frozen=True)
class Drawn:
    """A school drawn, the stratum it came from and its place in the draw (from 1)."""

    code: str
    stratum: str
    position: int


def allocate(sizes: Mapping[str, int], n: int) -> dict[str, int]:
    """How many schools each stratum gives: proportional to ``sizes``, at least one per non-empty
    stratum, at most its size (so the total may differ from ``n``: see the module docstring).

    >>> allocate({"a": 90, "b": 9, "c": 1}, 10)
    {'a': 8, 'b': 1, 'c': 1}
    >>> allocate({"a": 3, "b": 3}, 1)
    {'a': 1, 'b': 1}
    """
    strata = sorted(k for k, size in sizes.items() if size > 0)
    total = sum(sizes[k] for k in strata)
    if not strata:
        return {}
    n = min(n, total)
    quota = {k: n * sizes[k] / total for k in strata}
    shares = {k: min(sizes[k], max(1, math.floor(quota[k]))) for k in strata}
    while sum(shares.values()) < n:  # largest remainder first, then the key that sorts first
        open_ = [k for k in strata if shares[k] < sizes[k]]
        best = max(open_, key=lambda k: (quota[k] - shares[k], -strata.index(k)))
        shares[best] += 1
    while sum(shares.values()) > n:  # the minimum of one pushed it over: take from the most over
        over = [k for k in strata if shares[k] > 1]
        if not over:
            break
        worst = max(over, key=lambda k: (shares[k] - quota[k], strata.index(k)))
        shares[worst] -= 1
    return shares


def draw(schools: Iterable[School], n: int, *, seed: int, stratified: bool) -> list[Drawn]:
    """The schools drawn from ``schools``: ``n`` in all (see :func:`allocate` for strata), by ``seed``."""
    ordered = sorted(schools, key=lambda s: s.code)
    strata: dict[str, list[str]] = {}
    for school in ordered:
        strata.setdefault(school.stratum(stratified), []).append(school.code)
    shares = allocate({k: len(v) for k, v in strata.items()}, n)
    rng = random.Random(seed)
    chosen: list[Drawn] = []
    for key in sorted(shares):
        codes = list(strata[key])
        for i in range(shares[key]):
            j = i + int(rng.random() * (len(codes) - i))
            codes[i], codes[j] = codes[j], codes[i]
            chosen.append(Drawn(codes[i], key, len(chosen) + 1))
    return chosen
