"""Reading a report 读自评报告: text → sections and areas → claims → mapping → checks.

>>> reading = read_report("一、加强教师队伍建设\\n2021年新增普惠性幼儿园12所,学前三年教育毛入园率达124.6%。")
>>> [(c.claim.text, c.status) for c in reading.claims]
[('12所', 'unmapped'), ('达124.6%', 'unmapped')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dudao.engine.dataset import Dataset
from dudao.engine.results import Results
from dudao.errors import Location, Problem
from dudao.reader.checks import NO_DATA, UNMAPPED, Comparison, compare, unit_values
from dudao.reader.claims import Claim, extract_claims
from dudao.reader.consistency import Finding, consistency_findings
from dudao.reader.mapping import Target, is_context, map_claim, targets_of
from dudao.reader.sections import Area, Section, areas_of, find_sections, map_sections
from dudao.reader.text import ReportError, ReportText, text_of
from dudao.scheme.model import Scheme


@dataclass(frozen=True)
class ClaimReading:
    """A claim, what it maps to (if anything), with what confidence, and how it compares.

    ``about`` is ``"context"`` for a claim that maps to nothing because it describes the unit's
    setting (its schools, pupils, staff, the group it belongs to) rather than a result.
    """

    claim: Claim
    target: Target | None = None
    confidence: float = 0.0
    comparison: Comparison = field(default_factory=lambda: Comparison(UNMAPPED))
    about: str | None = None

    @property
    def status(self) -> str:
        return self.comparison.status

    def to_dict(self) -> dict[str, object]:
        return {
            **self.claim.to_dict(),
            "target": self.target.code if self.target else None,
            "target_name": self.target.name if self.target else None,
            "target_source": self.target.source if self.target else None,
            "confidence": round(self.confidence, 3),
            "status": self.status,
            "data_value": self.comparison.data_value,
            "data_unit": self.comparison.data_unit or None,
            "allowed": None if self.comparison.low is None else [self.comparison.low, self.comparison.high],
            "reason": self.comparison.reason,
            "about": self.about,
        }


@dataclass(frozen=True)
class ReportReading:
    """What a report says: its sections, the areas it covers, its claims and their checks."""

    text: str
    kind: str  # text | txt | html | docx | pdf
    path: str
    offsets: str  # file: offsets index the original file; extracted: the extracted text
    body: tuple[int, int]
    sections: tuple[Section, ...]
    covered_areas: tuple[Area, ...]
    uncovered_areas: tuple[Area, ...]
    claims: tuple[ClaimReading, ...]
    findings: tuple[Finding, ...]
    unit: str | None = None
    period: int | None = None

    def counts(self) -> dict[str, int]:
        """How many claims have each status."""
        found: dict[str, int] = {}
        for claim in self.claims:
            found[claim.status] = found.get(claim.status, 0) + 1
        return found

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "kind": self.kind,
            "offsets": self.offsets,
            "body": list(self.body),
            "unit": self.unit,
            "period": self.period,
            "counts": self.counts(),
            "sections": [s.to_dict() for s in self.sections],
            "covered_areas": [{"code": a.code, "name": a.name} for a in self.covered_areas],
            "uncovered_areas": [{"code": a.code, "name": a.name} for a in self.uncovered_areas],
            "claims": [c.to_dict() for c in self.claims],
            "findings": [f.to_dict() for f in self.findings],
        }


def read_report(
    path_or_text: str | Path,
    *,
    scheme: Scheme | None = None,
    dataset: Dataset | None = None,
    unit: str | None = None,
    period: int | None = None,
    results: Results | None = None,
) -> ReportReading:
    """Read a report (a :class:`~pathlib.Path` is a file, a ``str`` its text) and check its claims.

    With a ``scheme`` the sections are mapped to its areas and the claims to its elements and
    indicators; with a ``dataset`` and a ``unit`` too, each mapped claim is compared with the
    unit's data for ``period`` (default: the scheme's). ``results`` (from
    :func:`dudao.engine.evaluate` of the same scheme and dataset) saves evaluating again.
    Raises :class:`~dudao.reader.text.ReportError` for a file that cannot be read or an unknown unit.
    """
    report = text_of(path_or_text)
    claims = extract_claims(report.text, report.start, report.end)
    sections = find_sections(report.text, report.start, report.end)
    readings = [_unmapped(c) for c in claims]
    covered: list[Area] = []
    uncovered: list[Area] = []
    year = period or (scheme.info.period if scheme else None)
    if scheme is not None:
        sections = map_sections(sections, scheme)
        named = {s.area.code for s in sections if s.area}
        covered = [a for a in areas_of(scheme) if a.code in named]
        uncovered = [a for a in areas_of(scheme) if a.code not in named]
        values = _values(report, scheme, dataset, unit, year, results)
        targets = targets_of(scheme)
        readings = [_check(c, targets, values, year) for c in claims]
    return ReportReading(
        text=report.text,
        kind=report.kind,
        path=report.path,
        offsets=report.offsets,
        body=(report.start, report.end),
        sections=tuple(sections),
        covered_areas=tuple(covered),
        uncovered_areas=tuple(uncovered),
        claims=tuple(readings),
        findings=tuple(consistency_findings(report.text, claims)),
        unit=unit,
        period=year if dataset is not None else None,
    )


def _values(
    report: ReportText,
    scheme: Scheme,
    dataset: Dataset | None,
    unit: str | None,
    year: int | None,
    results: Results | None,
) -> dict[str, float] | None:
    if dataset is None or unit is None or year is None:
        return None
    if unit not in dataset.unit_by_code:
        raise ReportError(
            [
                Problem.of(
                    "unknown-unit",
                    Location(report.path, field="unit"),
                    unit=unit,
                    among_zh="数据",
                    among_en="the data",
                )
            ],
            what=report.path or "report",
        )
    if results is None:
        from dudao.engine import evaluate

        results = evaluate(scheme, dataset, period=year)
    return unit_values(scheme, dataset, results, unit, year)


def _check(
    claim: Claim, targets: list[Target], values: dict[str, float] | None, year: int | None
) -> ClaimReading:
    mapped = map_claim(claim, targets)
    if mapped is None:
        return _unmapped(claim)
    target, confidence = mapped
    if values is None or year is None:
        return ClaimReading(claim, target, confidence, Comparison(NO_DATA, reason="未提供数据"))
    return ClaimReading(claim, target, confidence, compare(claim, target, values, year))


def map_claims(claims: list[Claim], scheme: Scheme) -> list[ClaimReading]:
    """The claims mapped to the scheme's elements and indicators, without data to compare with."""
    targets = targets_of(scheme)
    return [_check(c, targets, None, None) for c in claims]


def _unmapped(claim: Claim) -> ClaimReading:
    return ClaimReading(claim, about="context" if is_context(claim) else None)
