"""Everything a document is built from: the scheme, this year's and last year's results, the
units' own words, and the dates and names the office gives.

The CLI builds one from files (:func:`dudao.cli.report`), the web from a stored round; the
builders see no difference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dudao.documents.facts import LOW_SCORE_SHARE, ItemFact, unit_facts
from dudao.documents.prose import Prose
from dudao.engine.results import Results, UnitResult
from dudao.scheme.model import Item, Scheme

# Days a unit has to report its rectification when the office gives no deadline.
RECTIFICATION_DAYS = 90
# The national rule: a self-evaluation report has at most this many characters.
REPORT_CHARACTER_LIMIT = 5000


@dataclass(frozen=True)
class Settings:
    """What the office decides, not the data: dates, names, limits."""

    issued: dt.date = field(default_factory=dt.date.today)
    deadline: dt.date | None = None  # rectification report due; default issued + RECTIFICATION_DAYS
    office: str = ""  # the issuing office; default the scheme's issuer
    region: str = ""  # what the units are part of, e.g. 全市; default 全市
    character_limit: int = REPORT_CHARACTER_LIMIT
    low_score_share: float = LOW_SCORE_SHARE

    @property
    def due(self) -> dt.date:
        return self.deadline or self.issued + dt.timedelta(days=RECTIFICATION_DAYS)


@dataclass(frozen=True)
class IssuedProblem:
    """One problem of a list the office issued (问题清单), as its letter's 附件 prints it."""

    number: int
    title: str
    item: str
    severity: str
    evidence: str


@dataclass(frozen=True)
class IssuedList:
    """A unit's issued problem list: frozen on the day it was issued."""

    issued: dt.date
    problems: tuple[IssuedProblem, ...]


@dataclass(frozen=True)
class ReportContext:
    scheme: Scheme
    results: Results
    previous: Results | None = None  # the same scheme over last year's data, where there is any
    prose: Prose = field(default_factory=Prose)
    settings: Settings = field(default_factory=Settings)
    issued_lists: dict[str, IssuedList] = field(default_factory=dict)  # by unit code

    @property
    def period(self) -> int:
        return self.results.period

    @property
    def office(self) -> str:
        return self.settings.office or self.scheme.info.issuer or "教育督导委员会办公室"

    @property
    def region(self) -> str:
        return self.settings.region or "全市"

    @property
    def label(self) -> str:
        """示例数据 on every page of documents from sample data; 示例 for a sample scheme's round."""
        return self.results.data_label or ("示例" if self.scheme.info.sample else "")

    @property
    def unit_noun(self) -> str:
        """What the evaluated units are called: 区县 for districts, 学校 for schools."""
        return {"district": "区县", "school": "学校", "city": "市州", "province": "省份"}.get(
            self.scheme.info.evaluates, "单位"
        )

    def unit(self, code: str) -> UnitResult:
        return self.results.unit(code)

    def facts(self, code: str) -> list[ItemFact]:
        return unit_facts(self.scheme, self.results, self.previous, code)

    def areas(self) -> tuple[Item, ...]:
        return self.scheme.items

    def recipient(self, unit: UnitResult) -> str:
        """主送机关: the evaluated government, or the school itself."""
        if self.scheme.info.evaluates in ("district", "city", "province"):
            return f"{unit.name}人民政府"
        return unit.name
