"""Earlier years' data 上年数据 of a round: which items read it, and whether the round holds it.

Items scored on a change (``growth``, ``pp_change``, ``prev``) read the years before the
round's. A round without those values still scores: the items that read them are missing
(数据缺失, 0 points), as the formula semantics say, and the pages say so where it matters
(the unit's entry page, the office's board and results).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from dudao.engine.plan import Plan, build_plan
from dudao.expr import ir
from dudao.scheme.model import Item
from dudao.store.accounts.models import Unit
from dudao.store.entry.models import DataValue
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round


@dataclass(frozen=True)
class PriorGap:
    """Years before the round's that items read and the round (or one unit) has no value of."""

    years: tuple[int, ...]
    items: tuple[Item, ...]  # the items scored from those years' values

    @property
    def years_text(self) -> str:
        """
        >>> PriorGap((2020, 2021), ()).years_text
        '2020、2021'
        """
        return _("、").join(str(y) for y in self.years)

    @property
    def examples(self) -> str:
        """The first few items, for a one-line note."""
        shown = _("、").join(f"{i.code} {i.name}" for i in self.items[:3])
        return shown + ("…" if len(self.items) > 3 else "")


def _offsets(plan: Plan) -> dict[str, set[int]]:
    """Every computed column of the plan → the period offsets of the inputs it reads, through
    the indicators and school aggregates it uses."""
    nodes: dict[str, ir.Node] = {**dict(plan.school_columns), **dict(plan.unit_columns)}
    nodes.update((name, node) for name, node in plan.aggregates)
    found: dict[str, set[int]] = {}

    def of(name: str) -> set[int]:
        if name not in found:
            found[name] = set()  # a column never reads itself; this only stops a loop
            offsets: set[int] = set()
            for part in ir.walk(nodes[name]):
                if isinstance(part, ir.Input):
                    offsets.add(part.offset)
                elif isinstance(part, ir.Column) and part.name in nodes:
                    offsets |= of(part.name)
            found[name] = offsets
        return found[name]

    for name in nodes:
        of(name)
    return found


@lru_cache(maxsize=32)
def _prior_offsets(plan: Plan) -> tuple[tuple[str, tuple[int, ...]], ...]:
    offsets = _offsets(plan)
    return tuple(
        (leaf.item, tuple(sorted(o for o in offsets.get(leaf.raw, ()) if o < 0))) for leaf in plan.leaves
    )


def prior_gap(round: Round, unit: Unit | None = None) -> PriorGap | None:
    """The earlier years the round's items read and the round (or ``unit``'s part of the units
    tree) holds no value of; None when nothing is lacking."""

    scheme = scheme_of(round.scheme)
    reading = [(code, offsets) for code, offsets in _prior_offsets(build_plan(scheme)) if offsets]
    wanted = sorted({round.period + o for _code, offsets in reading for o in offsets})
    if not wanted:
        return None
    values = DataValue.objects.filter(round=round, value__isnull=False)
    if unit is not None:
        values = values.filter(unit__path__startswith=unit.path)
    # one EXISTS a year stops at the first value: a DISTINCT over the periods read every value
    # of the round (0.4 s a page at a province's million values)
    lacking = tuple(year for year in wanted if not values.filter(period=year).exists())
    if not lacking:
        return None
    items = tuple(
        scheme.item_by_code[code]
        for code, offsets in reading
        if any(round.period + o in lacking for o in offsets)
    )
    return PriorGap(lacking, items)
