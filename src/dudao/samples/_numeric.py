"""Numeric helpers of the sample generator: rounding, clipping, seeded draws, sharing out.

Everything here depends only on its arguments (a draw takes the :class:`random.Random` to use),
so the generated data are the same on every platform.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence


def round_value(value: float, decimals: int, ceil: bool = False) -> float:
    """``value`` rounded half up to ``decimals`` places, or up to a whole number if ``ceil``."""
    if ceil:
        return float(math.ceil(value - 1e-9))
    scale = 10.0**decimals
    return math.floor(value * scale + 0.5) / scale


def clip(value: float, bounds: tuple[float, float] | None) -> float:
    """``value`` kept within ``bounds`` (low, high); unchanged when there are none."""
    return value if bounds is None else min(max(value, bounds[0]), bounds[1])


def draw_poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw with the given ``mean`` (Knuth's method, so only ``rng.random`` is used)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def shift_probability(p: float, shift: float) -> float:
    """``p`` moved on the logit scale by ``shift`` (0 and 1 stay put)."""
    if p <= 0.0 or p >= 1.0 or shift == 0.0:
        return p
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1.0 - p)) + shift)))


def apportion(weights: Sequence[float], target: int, upper: Sequence[float]) -> list[int]:
    """Integers proportional to ``weights``, each ≤ its ``upper``, summing exactly to ``target``.

    >>> apportion([1.0, 1.0, 2.0], 10, [9, 9, 9])
    [3, 2, 5]
    """
    caps = [target if math.isinf(u) else math.floor(u + 1e-9) for u in upper]
    if target < 0 or target > sum(caps):
        raise ValueError(f"cannot share {target} among {len(caps)} schools (room {sum(caps)})")
    result, active, remaining = [0] * len(caps), set(range(len(caps))), target
    while remaining > 0:
        share_of = {i: max(weights[i], 0.0) for i in active}
        total = sum(share_of.values())
        if total <= 0.0:
            share_of, total = dict.fromkeys(active, 1.0), float(len(active))
        shares = {i: remaining * share_of[i] / total for i in active}
        full = [i for i in sorted(active) if shares[i] >= caps[i] - result[i]]
        if full:  # these reach their cap: fill them, then share the rest again
            for i in full:
                remaining -= caps[i] - result[i]
                result[i] = caps[i]
                active.discard(i)
            continue
        floors = {i: math.floor(shares[i]) for i in active}
        for i in sorted(active, key=lambda i: (floors[i] - shares[i], i))[: remaining - sum(floors.values())]:
            floors[i] += 1
        for i, extra in floors.items():
            result[i] += extra
        remaining = 0
    return result


def or_zero(value: float | None) -> float:
    """A value, with a missing one (``None``) counted as 0."""
    return 0.0 if value is None else value


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 45 → 四十五 (numbers from 100 stay in Arabic digits)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens = "" if n < 20 else _DIGITS[n // 10]
        return tens + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)
