"""Pages: problem lists 问题清单 and the rectification board 整改台账.

- ``/rounds/<id>/problems/``: the city-wide board, one row per evaluated unit: its list (a draft,
  or issued on a date), its problems open, overdue, submitted and closed, and the closure rate;
  sortable by each column and exported to Excel. The office drafts the lists here.
- ``/rounds/<id>/problems/<code>/``: one unit's list and board: its problems as tasks, with their
  state, deadline and responsible department; the office adds problems to a draft and issues it;
  the unit sees what it was sent (reminders).

The task page is :mod:`dudao.web.pages.views.rectification_tasks`; the writes are
:mod:`dudao.store.rectification`. Who may do what is :mod:`dudao.web.access`
(:attr:`Do.SEE_PROBLEMS`, :attr:`Do.EDIT_PROBLEMS`, :attr:`Do.RECTIFY`). A unit sees its own list
once it is issued; a draft is the office's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dudao.engine.shortfalls import DEFAULT_SHARE
from dudao.store.accounts.models import Unit
from dudao.store.entry.services import EntryRefused
from dudao.store.rectification.board import Tally, sorted_tallies, tallies, total
from dudao.store.rectification.carry import apply_rectification
from dudao.store.rectification.lists import ProblemInput, add_problem, draft_lists, issue_list, list_of
from dudao.store.rectification.models import ProblemList, Reminder, Severity, TaskState
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round
from dudao.web.access import Do, can, guard, visible_entries
from dudao.web.pages.http import XLSX, address_of, download
from dudao.web.pages.sheets import Cell, Sheet, workbook

COLUMNS = (
    ("unit", gettext_lazy("单位")),
    ("problems", gettext_lazy("问题数")),
    ("open", gettext_lazy("未销号")),
    ("overdue", gettext_lazy("逾期")),
    ("closed", gettext_lazy("已销号")),
    ("rate", gettext_lazy("整改完成率")),
)


def _sample(round: Round) -> bool:
    return scheme_of(round.scheme).info.sample


def _rows(request: HttpRequest, round: Round) -> tuple[list[dict[str, Any]], Tally]:
    """Every evaluated unit the viewer may see, with its list and its tally (issued lists)."""
    entries = {e.unit_id: e.unit for e in visible_entries(request.user, round)}
    listed = ProblemList.objects.filter(round=round, unit_id__in=list(entries))
    lists = {p.unit_id: p for p in listed.annotate(count=Count("problems"))}
    office = can(request.user, Do.EDIT_PROBLEMS, round=round)
    found = {t.unit_code: t for t in tallies(round, list(entries))}
    ordered = sorted_tallies(list(found.values()), request.GET.get("sort", "unit"))
    keys = [t.unit_code for t in ordered] + sorted(code for code in entries if code not in found)
    rows = []
    for code in keys:
        problem_list = lists.get(code)
        if problem_list is not None and not problem_list.issued and not office:
            problem_list = None  # a draft is the office's
        rows.append({"unit": entries[code], "list": problem_list, "tally": found.get(code)})
    return rows, total(found.values())


def _board(
    request: HttpRequest,
    round: Round,
    *,
    share: Any = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows, summed = _rows(request, round)
    context = {
        "round": round,
        "rows": rows,
        "summed": summed,
        "columns": COLUMNS,
        "sort": request.GET.get("sort", "unit"),
        "may_edit": can(request.user, Do.EDIT_PROBLEMS, round=round),
        "closed": round.state == Round.State.CLOSED,
        "share": round_share(round) if share is None else share,
        "errors": errors or {},
        "sample": _sample(round),
        "next_rounds": list(round.next_rounds.defer("results")),
        "today": timezone.localdate(),
    }
    return render(request, "dudao/problems/board.html", context, status=status)


@guard(Do.SEE_PROBLEMS)
@require_GET
def problems_board(request: HttpRequest, round: Round) -> HttpResponse:
    """The city-wide rectification board, and the office's drafting of the lists."""
    return _board(request, round)


def round_share(evaluation: Round) -> float:
    """The share the round's lists were drafted with, in percent (the default before any)."""
    drafted = ProblemList.objects.filter(round=evaluation).values_list("share", flat=True).first()
    return float(f"{100 * (drafted if drafted is not None else DEFAULT_SHARE):g}")


@guard(Do.SEE_PROBLEMS)
@require_GET
def problems_board_xlsx(request: HttpRequest, round: Round) -> HttpResponse:
    rows, summed = _rows(request, round)
    sheet_rows: list[tuple[Cell, ...]] = []
    for row in rows:
        tally, problem_list = row["tally"], row["list"]
        issued = f"{problem_list.issued_on:%Y-%m-%d}" if problem_list and problem_list.issued else ""
        if tally is None:
            sheet_rows.append(
                (row["unit"].name, row["unit"].code, issued, None, None, None, None, None, None)
            )
            continue
        sheet_rows.append(
            (
                row["unit"].name,
                row["unit"].code,
                issued,
                tally.problems,
                tally.open,
                tally.overdue,
                tally.submitted,
                tally.closed,
                tally.closure_rate,
            )
        )
    sheet_rows.append(
        (
            _("合计"),
            "",
            "",
            summed.problems,
            summed.open,
            summed.overdue,
            summed.submitted,
            summed.closed,
            summed.closure_rate,
        )
    )
    headers = (
        "单位",
        "代码",
        "下达日期",
        "问题数",
        "未销号",
        "逾期",
        "申请销号",
        "已销号",
        "整改完成率（%）",
    )
    data = workbook(
        [Sheet("整改台账", headers, sheet_rows)],
        caption=_("%(round)s 整改台账（截至 %(day)s）") % {"round": round.name, "day": timezone.localdate()},
        sample=_sample(round),
    )
    return download(data, XLSX, f"{round.name}整改台账.xlsx", f"rectification-{round.pk}.xlsx")


@guard(Do.EDIT_PROBLEMS)
@require_POST
def problems_draft(request: HttpRequest, round: Round) -> HttpResponse:
    """Draft (again) every list not yet issued, under the share entered."""
    try:
        drafted = draft_lists(
            request.user, round, share=request.POST.get("share"), address=address_of(request)
        )
    except EntryRefused as refused:
        return _board(request, round, share=request.POST.get("share", ""), errors=refused.errors, status=400)
    return redirect(reverse("problems_board", args=[round.pk]) + f"?drafted={len(drafted)}")


@guard(Do.EDIT_PROBLEMS)
@require_POST
def problems_apply(request: HttpRequest, round: Round) -> HttpResponse:
    """Write the previous round's rectification records into this round's data (计入评价数据)."""
    try:
        written = apply_rectification(request.user, round, address=address_of(request))
    except EntryRefused as refused:
        return render(
            request, "dudao/problems/refused.html", {"round": round, "errors": refused.errors}, status=409
        )
    return redirect(reverse("round", args=[round.pk]) + f"?rectification={len(written)}")


# -- one unit's list --------------------------------------------------------------------------


def _list_page(
    request: HttpRequest,
    round: Round,
    unit: Unit,
    *,
    errors: dict[str, str] | None = None,
    entered: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_edit = can(request.user, Do.EDIT_PROBLEMS, round=round, unit=unit)
    problem_list = ProblemList.objects.filter(round=round, unit=unit).select_related("issued_by").first()
    visible = problem_list is not None and (problem_list.issued or may_edit)
    problems = list(problem_list.problems.order_by("position")) if visible and problem_list else []
    today = timezone.localdate()
    tally = Tally(unit.code, unit.name)
    for problem in problems:
        problem.overdue = problem.is_overdue(today)  # type: ignore[attr-defined]
        if problem.state != TaskState.DRAFT:
            tally.add(problem, today)
    context = {
        "round": round,
        "unit": unit,
        "list": problem_list if visible else None,
        "problems": problems,
        "tally": tally,
        "today": today,
        "may_edit": may_edit,
        "closed": round.state == Round.State.CLOSED,
        "reminders": list(Reminder.objects.filter(round=round, unit=unit).select_related("problem")[:50]),
        "severities": Severity.choices,
        "errors": errors or {},
        "entered": entered or {},
        "sample": _sample(round),
    }
    return render(request, "dudao/problems/list.html", context, status=status)


@guard(Do.SEE_PROBLEMS)
@require_GET
def problem_list(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    return _list_page(request, round, unit)


@guard(Do.SEE_PROBLEMS)
@require_GET
def problem_list_xlsx(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """The unit's issued list with each task's plan and state (a draft is the office's)."""
    may_edit = can(request.user, Do.EDIT_PROBLEMS, round=round, unit=unit)
    found = ProblemList.objects.filter(round=round, unit=unit).first()
    problems = list(found.problems.all()) if found and (found.issued or may_edit) else []
    today = timezone.localdate()
    rows = [
        (
            p.position,
            p.item,
            p.title,
            p.get_severity_display(),
            p.get_source_display(),
            p.get_state_display() + (_("（逾期）") if p.is_overdue(today) else ""),
            p.measures,
            p.department,
            p.owner,
            f"{p.deadline:%Y-%m-%d}" if p.deadline else "",
            f"{p.closed_on:%Y-%m-%d}" if p.closed_on else "",
            p.evidence,
        )
        for p in problems
    ]
    headers = (
        "序号",
        "指标或规则",
        "问题",
        "问题程度",
        "来源",
        "整改状态",
        "整改措施",
        "责任单位",
        "责任人",
        "完成时限",
        "销号日期",
        "依据",
    )
    data = workbook(
        [Sheet("问题清单", headers, rows)],
        caption=_("%(unit)s 问题清单（%(round)s，截至 %(day)s）")
        % {"unit": unit.name, "round": round.name, "day": today},
        sample=_sample(round),
    )
    return download(data, XLSX, f"{unit.name}问题清单.xlsx", f"problems-{round.pk}-{unit.code}.xlsx")


@guard(Do.EDIT_PROBLEMS)
@require_POST
def problem_add(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    form = request.POST
    entered = ProblemInput(form.get("title"), form.get("severity"), form.get("item"), form.get("evidence"))
    try:
        problem = add_problem(request.user, list_of(round, unit), entered, address=address_of(request))
    except EntryRefused as refused:
        return _list_page(request, round, unit, errors=refused.errors, entered=dict(form.items()), status=400)
    return redirect(reverse("problem_list", args=[round.pk, unit.code]) + f"#problem-{problem.position}")


@guard(Do.EDIT_PROBLEMS)
@require_POST
def problem_issue(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    raw = request.POST.get("issued_on", "").strip()
    try:
        try:
            on = date.fromisoformat(raw) if raw else None
        except ValueError:
            raise EntryRefused(
                {"issued_on": _("下达日期“%(value)s”不是有效日期；请按 YYYY-MM-DD 填写") % {"value": raw}}
            ) from None
        issue_list(request.user, list_of(round, unit), on=on, address=address_of(request))
    except EntryRefused as refused:
        return _list_page(
            request, round, unit, errors=refused.errors, entered=dict(request.POST.items()), status=400
        )
    return redirect(reverse("problem_list", args=[round.pk, unit.code]) + "?issued=1")


_ROUND = "rounds/<int:round_id>/problems/"
_LIST = f"{_ROUND}<str:code>/"

urlpatterns: list[URLPattern] = [
    path(_ROUND, problems_board, name="problems_board"),
    path(f"{_ROUND}board.xlsx", problems_board_xlsx, name="problems_board_xlsx"),
    path(f"{_ROUND}draft", problems_draft, name="problems_draft"),
    path(f"{_ROUND}apply", problems_apply, name="problems_apply"),
    path(_LIST, problem_list, name="problem_list"),
    path(f"{_LIST}problems.xlsx", problem_list_xlsx, name="problem_list_xlsx"),
    path(f"{_LIST}add", problem_add, name="problem_add"),
    path(f"{_LIST}issue", problem_issue, name="problem_issue"),
]
