"""Pages: a round's data-quality report 数据质量 — city-wide, or for one unit and its schools —
and the same report as a workbook.

The report (:func:`dudao.data.quality.quality_report`) is worked out from the round's stored
values each time it is asked for: the scheme's consistency checks and ranges, changes from last
year beyond an element's ``max_change``, outliers against peers and history, completeness per
unit and area, and signals of fabricated data. Signals are leads for the office, never verdicts:
the page says so above them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dudao.store.accounts.models import Unit
from dudao.store.rounds.engine import round_dataset, scheme_of
from dudao.store.rounds.models import Round
from dudao.web.access import Do, guard
from dudao.web.pages.http import XLSX, download

SHOWN = 200  # findings listed per kind on the page; the workbook has them all
SIGNAL_KINDS = {
    "identical": gettext_lazy("多校数值相同"),
    "digits": gettext_lazy("末位数字偏好"),
    "jump": gettext_lazy("与上年相比异常跳变"),
    "percentage": gettext_lazy("比率与计数不符"),
    "claims": gettext_lazy("报告表述与数据不符"),
}
FAILURE_KINDS = {
    "check": gettext_lazy("校验规则"),
    "range": gettext_lazy("超出合理范围"),
    "change": gettext_lazy("与上年不一致"),
}
AGAINST = {"peers": gettext_lazy("同类单位"), "history": gettext_lazy("本单位历年")}


@dataclass(frozen=True)
class Finding:
    kind: str
    units: str
    elements: str
    text: str
    severity: str = "warning"


def _report(round: Round, unit: Unit | None) -> Any:
    """The report, with the fifth signal over the evaluated units' uploaded narrative reports."""
    from dudao.data.quality import quality_report
    from dudao.data.quality.fabrication import FABRICATION_SIGNALS
    from dudao.reader.signal import claims_signal

    scheme = scheme_of(round.scheme)
    dataset = round_dataset(round)
    signals = (*FABRICATION_SIGNALS, claims_signal(_readings(round, unit, dataset)))
    return quality_report(scheme, dataset, round.period, unit=unit.code if unit else None, signals=signals)


def _readings(round: Round, unit: Unit | None, dataset: Any) -> dict[str, Any]:
    """The newest uploaded report of each unit in scope, read against the stored data."""
    from dudao.reader import ReportError
    from dudao.store.entry.models import NarrativeReport
    from dudao.store.entry.reports import read_stored

    reports = NarrativeReport.objects.filter(round=round).select_related("round", "round__scheme", "blob")
    if unit is not None:
        reports = reports.filter(unit__path__startswith=unit.path)
    newest: dict[str, Any] = {}
    for report in reports:  # newest first (the model's ordering)
        newest.setdefault(report.unit_id, report)
    readings = {}
    for code, report in newest.items():
        try:
            readings[code] = read_stored(report, dataset)
        except ReportError:
            continue  # an unreadable file is said on the unit's report page
    return readings


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _findings(report: Any) -> dict[str, list[Finding]]:
    english = _english()

    def units(codes: tuple[str, ...]) -> str:
        shown = "{} ({})" if english else "{}（{}）"
        names = [shown.format(report.unit_name(c), c) for c in codes[:6]]
        more = len(codes) - len(names)
        return _("、").join(names) + (_("等 %(n)s 个") % {"n": len(codes)} if more > 0 else "")

    def elements(codes: tuple[str, ...]) -> str:
        return _("、").join(report.element_name(c) for c in codes)

    signals = [
        Finding(
            str(SIGNAL_KINDS.get(s.kind, s.kind)),
            units(s.units),
            elements(s.elements),
            s.seen_en if english else s.seen_zh,
        )
        for s in sorted(report.signals, key=lambda s: (s.kind, -s.strength))[:SHOWN]
    ]
    failures = [
        Finding(
            str(FAILURE_KINDS.get(f.kind, f.kind)),
            units((f.unit,)),
            elements(f.elements),
            f.message_en if english else f.message_zh,
            f.severity,
        )
        for f in sorted(report.failures, key=lambda f: (f.severity != "error", f.unit))[:SHOWN]
    ]
    outliers = [
        Finding(
            str(AGAINST.get(o.against, o.against)),
            units((o.unit,)),
            elements((o.element,)),
            o.message_en if english else o.message_zh,
        )
        for o in sorted(report.outliers, key=lambda o: -abs(o.score))[:SHOWN]
    ]
    return {"signals": signals, "failures": failures, "outliers": outliers}


def _scope(round: Round, request: HttpRequest) -> Unit | None:
    code = request.GET.get("unit", "").strip()
    if not code:
        return None
    unit = Unit.objects.filter(code=code, path__startswith=round.scope.path).first()
    if unit is None:
        raise Http404(_("本轮次没有代码为 %(code)s 的单位。") % {"code": code})
    return unit


@guard(Do.SEE_QUALITY)
@require_GET
def quality_page(request: HttpRequest, round: Round) -> HttpResponse:
    """The report city-wide, or ``?unit=CODE`` for one unit and the units below it."""
    unit = _scope(round, request)
    report = _report(round, unit)
    evaluated = [line for line in report.units if line.level == round.evaluates]
    total = report.completeness.row("", "")
    areas = [(name, report.completeness.row("", code)) for code, name in report.area_names]
    context = {
        "round": round,
        "unit": unit,
        "report": report,
        "counts": report.counts,
        "total": total,
        "areas": [(name, row) for name, row in areas if row.expected],
        "lines": evaluated
        if unit is None
        else [line for line in report.units if line.unit != unit.code][:SHOWN],
        "own": next((line for line in report.units if unit and line.unit == unit.code), None),
        "findings": _findings(report),
        "shown": SHOWN,
        "workbook_url": reverse("quality_workbook", args=[round.pk]) + (f"?unit={unit.code}" if unit else ""),
    }
    return render(request, "dudao/quality/page.html", context)


@guard(Do.SEE_QUALITY)
@require_GET
def quality_workbook(request: HttpRequest, round: Round) -> HttpResponse:
    """The same report as an Excel workbook: a summary sheet and one sheet per kind of finding."""
    import io

    from dudao.data.quality.xlsx import write_workbook

    unit = _scope(round, request)
    buffer = io.BytesIO()
    write_workbook(_report(round, unit), buffer)
    who = unit.name if unit else round.scope.name
    fallback = f"{round.period}-quality{'-' + unit.code if unit else ''}.xlsx"
    return download(buffer.getvalue(), XLSX, f"{round.period}年{who}数据质量报告.xlsx", fallback)


_ROUND = "rounds/<int:round_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{_ROUND}quality/", quality_page, name="quality"),
    path(f"{_ROUND}quality/report.xlsx", quality_workbook, name="quality_workbook"),
]
