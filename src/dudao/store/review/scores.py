"""The scores a review is compared with: the engine's computed points and the unit's self-score."""

from __future__ import annotations

from dudao.engine import evaluate
from dudao.engine.dataset import Dataset
from dudao.engine.results import UnitResult
from dudao.scheme.model import Item, Rubric, Scheme
from dudao.store.accounts.models import Unit as UnitRow
from dudao.store.entry.models import SelfScore
from dudao.store.rounds.engine import round_dataset, scheme_of
from dudao.store.rounds.models import Round

POINTS_DECIMALS = 6


def leaf(scheme: Scheme, code: str) -> Item | None:
    """The scheme's leaf item ``code``, or None."""
    item = scheme.item_by_code.get(code)
    return item if item is not None and item.is_leaf else None


def round_scheme(round: Round) -> Scheme:
    return scheme_of(round.scheme)


def level_points(item: Item, level: str) -> float | None:
    """The points a rubric level earns (fraction × the item's points); None if not a level."""
    if not isinstance(item.rule, Rubric):
        return None
    fraction = item.rule.fraction(level)
    return None if fraction is None else round(fraction * item.points, POINTS_DECIMALS)


def self_points(round: Round, unit_code: str, item: Item) -> tuple[str, float | None]:
    """The unit's self-assessed level of a rubric item and the points it would earn ("" / None)."""
    found = SelfScore.objects.filter(round=round, unit_id=unit_code, item=item.code).first()
    level = found.level if found else ""
    return level, (level_points(item, level) if level else None)


def unit_dataset(round: Round, unit_code: str) -> Dataset | None:
    """The round's data of one evaluated unit's subtree, every year it holds (None when the unit
    is not evaluated in the round)."""
    unit = UnitRow.objects.filter(code=unit_code).first()
    if unit is None or unit.level != round.evaluates:
        return None
    return round_dataset(round, under=unit)


def unit_result(
    round: Round, unit_code: str, period: int | None = None, dataset: Dataset | None = None
) -> UnitResult | None:
    """The engine's result of one evaluated unit as the round stands (None when it is not
    evaluated): its own subtree scored with the reference evaluator, as a preview is, so a
    review does not wait for the whole round to be scored again. With ``period``, the round's
    values of that year (last year's, held with the round) are scored instead; ``dataset`` is
    :func:`unit_dataset`'s, when the caller scores it for more than one year."""
    if dataset is None:
        dataset = unit_dataset(round, unit_code)
    if dataset is None:
        return None
    results = evaluate(
        scheme_of(round.scheme),
        dataset,
        period=round.period if period is None else period,
        backend="python",
        empty_period=True,
    )
    try:
        return results.unit(unit_code)
    except KeyError:
        return None


def computed_points(round: Round, unit_code: str, item_code: str) -> float | None:
    """The engine's points for the item before any final score (None when not scored)."""
    result = unit_result(round, unit_code)
    if result is None:
        return None
    try:
        found = result.item(item_code)
    except KeyError:
        return None
    return found.computed_points if found.computed_points is not None else found.points
