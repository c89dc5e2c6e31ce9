"""The meaning of every IR operation, in plain Python: the specification backends follow.

Rules (see docs/formula-language.md):
- a missing value (None) propagates through arithmetic, comparisons and functions;
- division by zero gives missing;
- ``and`` / ``or`` are three-valued (Kleene): ``false and missing`` is false,
  ``true or missing`` is true;
- ``if`` with a missing condition is missing;
- ``round`` rounds half away from zero;
- aggregates skip schools whose value is missing (``count`` counts values);
  ``cv`` is pupil-weighted with the population standard deviation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from dudao.expr.ir import Value

Number = float | None


def _numbers(args: Sequence[Value]) -> list[float] | None:
    if any(a is None for a in args):
        return None
    return [float(a) for a in args]  # type: ignore[arg-type]


def div(a: Value, b: Value) -> Number:
    values = _numbers((a, b))
    if values is None or values[1] == 0:
        return None
    return values[0] / values[1]


def round_half_away(x: Value, digits: Value = 0.0) -> Number:
    """Round half away from zero, as SQL engines do: round(2.5) == 3, round(-2.5) == -3."""
    if x is None or digits is None:
        return None
    scale = 10.0 ** int(digits)
    y = float(x) * scale
    if math.isinf(y) or math.isnan(y):
        return float(x)
    whole = float(math.trunc(y))
    if abs(y - whole) >= 0.5:
        whole += math.copysign(1.0, y)
    return whole / scale


def kleene_and(args: Sequence[Value]) -> bool | None:
    if any(a is False for a in args):
        return False
    return None if any(a is None for a in args) else True


def kleene_or(args: Sequence[Value]) -> bool | None:
    if any(a is True for a in args):
        return True
    return None if any(a is None for a in args) else False


def _strict(function: Callable[..., Value]) -> Callable[[Sequence[Value]], Value]:
    def apply(args: Sequence[Value]) -> Value:
        if any(a is None for a in args):
            return None
        return function(*args)

    return apply


SCALAR: dict[str, Callable[[Sequence[Value]], Value]] = {
    "add": _strict(lambda a, b: a + b),
    "sub": _strict(lambda a, b: a - b),
    "mul": _strict(lambda a, b: a * b),
    "div": lambda args: div(args[0], args[1]),
    "neg": _strict(lambda a: -a),
    "eq": _strict(lambda a, b: a == b),
    "ne": _strict(lambda a, b: a != b),
    "lt": _strict(lambda a, b: a < b),
    "le": _strict(lambda a, b: a <= b),
    "gt": _strict(lambda a, b: a > b),
    "ge": _strict(lambda a, b: a >= b),
    "and": kleene_and,
    "or": kleene_or,
    "not": _strict(lambda a: not a),
    "min": _strict(lambda *a: float(min(a))),
    "max": _strict(lambda *a: float(max(a))),
    "abs": _strict(lambda a: abs(float(a))),
    "round": lambda args: round_half_away(*args),
    "floor": _strict(lambda a: float(math.floor(a))),
    "ceil": _strict(lambda a: float(math.ceil(a))),
    "coalesce": lambda args: next((a for a in args if a is not None), None),
    "is_missing": lambda args: args[0] is None,
    "count_true": _strict(lambda *a: float(sum(1 for x in a if x))),
}


def if_(condition: Value, then: Callable[[], Value], otherwise: Callable[[], Value]) -> Value:
    if condition is None:
        return None
    return then() if condition else otherwise()


def aggregate(function: str, rows: Sequence[tuple[Value, ...]]) -> Number:
    """Aggregate the argument tuples of the schools that passed the ``where`` filter."""
    if function == "cv":
        return weighted_cv([(r[0], r[1]) for r in rows])
    values = [r[0] for r in rows]
    present = [v for v in values if v is not None]
    if function == "count":
        return float(len(present))
    if function == "count_if":
        return float(sum(1 for v in present if v))
    if function == "share_if":
        return 100.0 * sum(1 for v in present if v) / len(present) if present else None
    if not present:
        return None
    numbers = [float(v) for v in present]
    if function == "sum":
        return math.fsum(numbers)
    if function == "avg":
        return math.fsum(numbers) / len(numbers)
    if function == "min":
        return min(numbers)
    if function == "max":
        return max(numbers)
    raise AssertionError(f"unknown aggregate {function}")


def weighted_cv(pairs: Sequence[tuple[Value, Value]]) -> Number:
    """差异系数: √(Σ wᵢ/W · (xᵢ − m)²) ÷ m, with m = Σ wᵢxᵢ / W (the pooled ratio).

    >>> books = [(279/45, 45), (137/37, 37), (935/89, 89), (160/76, 76), (402/55, 55)]
    >>> round(weighted_cv(books), 2)
    0.52
    """
    complete = [(float(x), float(w)) for x, w in pairs if x is not None and w is not None]
    total_weight = math.fsum(w for _, w in complete)
    if total_weight == 0:
        return None
    mean = math.fsum(w * x for x, w in complete) / total_weight
    if mean == 0:
        return None
    variance = math.fsum(w * (x - mean) ** 2 for x, w in complete) / total_weight
    return math.sqrt(variance) / mean
