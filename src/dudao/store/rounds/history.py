"""A unit's results across years 历年评价: its total, grade and rank in each closed round, read from
the results the round froze when it closed (``Round.results``), never recomputed.

Only closed rounds count: an open round's scores still move, and a round closes once. Who may see
which of these rows is the web's business (``dudao.web.access``); this module reads them all.

>>> year = YearResult(3, "2022年评价", 2021, "cq-district-2022", 2, "500105", "江北区", 88.5, "良好", 4,
...                   published=False)
>>> year.scheme_label, year.total_text
('cq-district-2022 第2版', '88.50')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dudao.store.rounds.models import Round


@dataclass(frozen=True)
class YearResult:
    """One unit's frozen result in one closed round."""

    round_id: int
    round_name: str
    period: int  # the data year 数据年度
    scheme_code: str
    scheme_version: int
    unit: str  # the unit's code
    name: str  # the unit's name as the round froze it
    total: float | None
    grade: str
    rank: int | None  # None: not ranked (see ``unranked``)
    published: bool
    unranked: str = ""  # why it was not ranked, in Chinese, when it was not

    @property
    def scheme_label(self) -> str:
        return f"{self.scheme_code} 第{self.scheme_version}版"

    @property
    def total_text(self) -> str:
        return "—" if self.total is None else f"{self.total:.2f}"

    def to_dict(self, *, with_rank: bool = True) -> dict[str, object]:
        """For ``--json``; the rank left out unless ``with_rank``."""
        found: dict[str, object] = {
            "round": self.round_id,
            "round_name": self.round_name,
            "period": self.period,
            "scheme": {"code": self.scheme_code, "version": self.scheme_version},
            "unit": self.unit,
            "name": self.name,
            "total": self.total,
            "grade": self.grade,
            "published": self.published,
        }
        if with_rank:
            found["rank"] = self.rank
            found["unranked"] = self.unranked or None
        return found


def closed_rounds_of(codes: Iterable[str]) -> list[Round]:
    """The closed rounds that evaluated any of ``codes``, by data year, then by closing time."""
    return list(
        Round.objects.filter(state=Round.State.CLOSED, entries__unit__code__in=list(codes))
        .select_related("scheme")
        .distinct()
        .order_by("period", "closed_at", "pk")
    )


def years_of(codes: Iterable[str], rounds: Iterable[Round] | None = None) -> dict[str, list[YearResult]]:
    """Each of ``codes``' frozen results in ``rounds`` (default: every closed round that evaluated
    one of them), by data year; a unit a round did not evaluate has no row of that round."""
    wanted = list(dict.fromkeys(codes))
    found: dict[str, list[YearResult]] = {code: [] for code in wanted}
    for round in closed_rounds_of(wanted) if rounds is None else rounds:
        for row in (round.results or {}).get("units", []):
            if row.get("code") in found:
                found[row["code"]].append(_year(round, row))
    for rows in found.values():
        rows.sort(key=lambda r: r.period)  # stable: rounds of one year stay in closing order
    return found


def _year(round: Round, row: dict[str, object]) -> YearResult:
    total = row.get("total")
    rank = row.get("rank")
    return YearResult(
        round_id=round.pk,
        round_name=round.name,
        period=round.period,
        scheme_code=round.scheme.code,
        scheme_version=round.scheme.version,
        unit=str(row["code"]),
        name=str(row.get("name") or ""),
        total=float(total) if isinstance(total, int | float) else None,
        grade=str(row.get("grade") or ""),
        rank=rank if isinstance(rank, int) else None,
        published=round.published,
        unranked=str(row.get("unranked_zh") or ""),
    )
