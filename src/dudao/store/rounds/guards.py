"""Safeguards 把关 before a round is closed or its results published.

Closing freezes the results for good and publishing shows them to everyone, so neither happens in
one click on results nobody looked at (all 38 districts at 1.00 不合格 were once published so).

- :func:`closing_summary` says what closing will freeze: the units that have not submitted, the
  values still missing, and the :func:`findings` on the results as they stand. Closing then asks
  for the round's name, typed (``services.close_round``).
- :func:`findings` looks for results no evaluation should end with: every unit in the lowest
  grade, units scored on mostly missing data, every unit on the same total (each refuses
  publishing unless the office confirms with a reason, ``services.publish``), and units far below
  the others (shown, not refusing: a weak unit can be real).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from django.utils.translation import gettext as _

from dudao.engine.results import MISSING
from dudao.store.entry.services import missing_by_entry
from dudao.store.rounds.engine import current_results, scheme_of
from dudao.store.rounds.models import Round, RoundUnit, Status

MOSTLY_MISSING = 0.5  # share of a unit's items without data that makes its score meaningless
FAR_BELOW = -3.5  # modified z-score of a total far below the others (as the quality report's outliers)
SHOWN_UNITS = 8


@dataclass(frozen=True)
class Finding:
    """Something implausible in a round's results; ``blocking`` ones refuse publishing unless the
    office confirms with a reason."""

    code: str
    message: str
    units: tuple[str, ...] = ()  # the units' names concerned
    blocking: bool = True

    @property
    def units_text(self) -> str:
        shown = _("、").join(self.units[:SHOWN_UNITS])
        return shown + (_("等") if len(self.units) > SHOWN_UNITS else "")


def findings(round: Round, results: Mapping[str, Any]) -> list[Finding]:
    """What looks wrong in ``results`` (``Results.to_dict()``, live or frozen) of ``round``."""
    units: Sequence[Mapping[str, Any]] = results.get("units", [])
    if not units:
        return [Finding("no-units", _("结果中没有任何被评价单位"))]
    found = []
    grades = scheme_of(round.scheme).info.grades
    lowest = min(grades, key=lambda g: g.minimum).name if grades else ""
    if lowest and all(u.get("grade") == lowest for u in units):
        found.append(
            Finding(
                "all-lowest-grade",
                _("全部 %(n)d 个单位都是最低等级“%(grade)s”") % {"n": len(units), "grade": lowest},
            )
        )
    hollow = [u["name"] for u in units if _missing_share(u) >= MOSTLY_MISSING]
    if hollow:
        found.append(
            Finding(
                "mostly-missing",
                _("%(n)d 个单位半数以上的指标数据缺失，其得分不能说明情况") % {"n": len(hollow)},
                tuple(hollow),
            )
        )
    totals = [float(u.get("total", 0.0)) for u in units]
    if len(units) > 1 and max(totals) - min(totals) < 1e-9:
        found.append(Finding("same-total", _("全部单位得分相同（%(total).2f 分）") % {"total": totals[0]}))
    low = [
        u["name"] for u, z in zip(units, _modified_z(totals), strict=True) if z is not None and z < FAR_BELOW
    ]
    if low:
        found.append(
            Finding(
                "far-below",
                _("%(n)d 个单位得分远低于其他单位，请核实其数据") % {"n": len(low)},
                tuple(low),
                blocking=False,
            )
        )
    return found


def _missing_share(unit: Mapping[str, Any]) -> float:
    items = unit.get("items", [])
    return sum(1 for i in items if i.get("status") == MISSING) / len(items) if items else 0.0


def _modified_z(values: list[float]) -> list[float | None]:
    """Iglewicz and Hoaglin's modified z-scores; None for all when the spread is nil.

    >>> [round(z, 1) for z in _modified_z([80.0, 81.0, 82.0, 83.0, 10.0])]
    [-0.7, 0.0, 0.7, 1.3, -47.9]
    """
    middle = median(values)
    spread = median(abs(v - middle) for v in values)
    if spread == 0:
        return [None] * len(values)
    return [0.6745 * (v - middle) / spread for v in values]


@dataclass(frozen=True)
class Pending:
    """An evaluated unit that has not submitted, with the values it still owes."""

    entry: RoundUnit
    missing: int


@dataclass(frozen=True)
class ClosingSummary:
    """What closing the round will freeze."""

    units: int
    pending: list[Pending] = field(default_factory=list)  # not submitted
    missing: int = 0  # values still missing, over every unit
    findings: list[Finding] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return self.units - len(self.pending)


def closing_summary(round: Round) -> ClosingSummary:
    """The units not submitted, the values missing and the findings on the results as they stand."""

    entries = list(RoundUnit.objects.filter(round=round).select_related("unit").order_by("unit__code"))
    missing = missing_by_entry(round, entries)
    pending = [Pending(e, len(missing[e.pk])) for e in entries if e.status != Status.SUBMITTED]
    return ClosingSummary(
        units=len(entries),
        pending=pending,
        missing=sum(len(m) for m in missing.values()),
        findings=findings(round, current_results(round).to_dict()),
    )
