"""Pages: rounds — the office's side: the rounds list, a new round, schemes, the progress board,
the results so far, and the audit log (opening, closing and publishing: ``round_states``).

Every page states its rule with :func:`~dudao.web.access.guard`; what a page lists comes from
:func:`~dudao.web.access.visible_rounds` and :func:`~dudao.web.access.visible_entries`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.store.accounts.models import Role
from dudao.store.accounts.throttle import SCOPE_LABELS
from dudao.store.audit.models import AuditEntry
from dudao.store.entry.models import ReturnedField
from dudao.store.entry.services import EntryRefused, missing_by_entry
from dudao.store.rectification.carry import create_next_round
from dudao.store.rectification.models import ProblemList
from dudao.store.rounds import services
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round, RoundUnit, SchemeVersion, Status
from dudao.store.rounds.prior import prior_gap
from dudao.store.rounds.services import RoundRefused
from dudao.web.access import Do, can, guard, unit_of, visible_entries, visible_rounds
from dudao.web.pages.http import XLSX, download
from dudao.web.pages.office_forms import (
    AuditFilter,
    RoundForm,
    SchemeText,
    SchemeUploadForm,
    problem_messages,
)
from dudao.web.pages.sheets import Sheet, workbook

AUDIT_PAGE_SIZE = 50
LATE = "late"


# -- the rounds list ---------------------------------------------------------------------------


# SEE_PUBLISHED is the rule every role passes: the list itself reveals nothing, and what it
# shows is ``visible_rounds(user)``. (SEE_ROUND without a round would refuse the public role,
# who then could not reach the link to the published results from the menu.)
@guard(Do.SEE_PUBLISHED)
def rounds(request: HttpRequest) -> HttpResponse:
    """The rounds the user may open, with state, deadline and the units' statuses."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    listed = list(visible_rounds(request.user).order_by("-created_at"))
    for round in listed:
        grouped = visible_entries(request.user, round).order_by().values("status").annotate(n=Count("id"))
        counts = {g["status"]: g["n"] for g in grouped}
        round.status_counts = [(s, s.label, counts.get(s.value, 0)) for s in Status]  # type: ignore[attr-defined]
        round.unit_count = sum(counts.values())  # type: ignore[attr-defined]
    return render(request, "dudao/rounds/list.html", {"rounds": listed})


# -- creating rounds and storing schemes -----------------------------------------------------------


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    """A form's data and files: bound on POST (even when empty), unbound otherwise."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _chosen_scheme(user: Any, form: RoundForm) -> SchemeVersion:
    """The scheme the form names: an uploaded text, a bundled sample, or a stored version."""
    data = form.cleaned_data
    upload: SchemeText | None = data.get("scheme_file")
    if upload is not None:
        return services.store_scheme(user, upload.text, upload.source)
    kind, _sep, value = data["scheme"].partition(":")
    if kind == "bundled":
        text = bundled_scheme_path(value).read_text(encoding="utf-8")
        return services.store_scheme(user, text, f"bundled:{value}")
    return SchemeVersion.objects.get(pk=int(value))


def _refusal_to_form(form: Any, refused: RoundRefused, scheme_field: str) -> None:
    """Put a refusal's messages on the form's fields (scheme problems with line and column)."""
    for field, message in refused.errors.items():
        target = scheme_field if field == "scheme" else field
        if refused.problems and field == "scheme":
            form.add_error(target, problem_messages(refused.problems))
        else:
            form.add_error(target if target in form.fields else None, message)


@guard(Do.RUN_ROUNDS)
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        uploaded = "scheme_file" if data.get("scheme_file") else "scheme"
        try:
            with transaction.atomic():
                scheme = _chosen_scheme(request.user, form)
                fields = {
                    "name": data["name"],
                    "scheme": scheme,
                    "scope": data["scope"],
                    "deadline": data["deadline"],
                    "period": data.get("period"),
                    "review_deadline": data.get("review_deadline"),
                }
                carried = 0
                if data.get("previous"):
                    round, carried = create_next_round(request.user, data["previous"], **fields)
                else:
                    round = services.create_round(request.user, **fields)
                loaded = 0
                if data.get("load_prior"):
                    loaded = services.load_values(round, bundled_dataset(), [round.period - 1])
        except RoundRefused as refused:
            _refusal_to_form(form, refused, uploaded)
        except EntryRefused as refused:  # the previous round chosen cannot be followed
            for field, message in refused.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("已创建轮次“%(name)s”（未开放），共 %(n)d 个被评价单位；载入上年数据 %(v)d 条。")
                % {"name": round.name, "n": round.entries.count(), "v": loaded},
            )
            if carried:
                messages.info(
                    request,
                    _("上一轮未完成整改的 %(n)d 个问题已转入本轮的问题清单。") % {"n": carried},
                )
            return redirect("round", round_id=round.pk)
    return render(request, "dudao/rounds/create.html", {"form": form}, status=400 if form.errors else 200)


@guard(Do.RUN_ROUNDS)
def schemes(request: HttpRequest) -> HttpResponse:
    """The stored scheme versions, and uploading a new one."""
    form = SchemeUploadForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        upload: SchemeText = form.cleaned_data["scheme_file"]
        try:
            version = services.store_scheme(request.user, upload.text, upload.source)
        except RoundRefused as refused:
            _refusal_to_form(form, refused, "scheme_file")
        else:
            messages.success(request, _("已保存方案：%(v)s") % {"v": version})
            return redirect("schemes")
    versions = (
        SchemeVersion.objects.select_related("uploaded_by")
        .annotate(round_count=Count("rounds"))
        .order_by("code", "-version")
    )
    opened = set(
        SchemeVersion.objects.filter(rounds__state__in=[Round.State.OPEN, Round.State.CLOSED]).values_list(
            "pk", flat=True
        )
    )
    by_code: dict[str, list[SchemeVersion]] = {}
    for v in versions:  # newest first within a code
        by_code.setdefault(v.code, []).append(v)
    previous = {later.pk: earlier.pk for listed in by_code.values() for later, earlier in pairwise(listed)}
    rows = [(v, v.pk in opened, previous.get(v.pk)) for v in versions]
    context = {"form": form, "rows": rows}
    return render(request, "dudao/rounds/schemes.html", context, status=400 if form.errors else 200)


# -- the progress board ------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    entry: RoundUnit
    returned: int
    missing: int
    late: bool


def _board_rows(round: Round, entries: QuerySet[RoundUnit]) -> list[BoardRow]:
    open_returns = ReturnedField.objects.filter(entry__round=round, resolved_at__isnull=True).order_by()
    returned = {g["entry"]: g["n"] for g in open_returns.values("entry").annotate(n=Count("id"))}
    listed = list(entries.select_related("unit", "round", "submitted_by").defer("round__results"))
    missing = missing_by_entry(round, listed)
    return [BoardRow(e, returned.get(e.pk, 0), len(missing[e.pk]), e.is_late()) for e in listed]


def _summary(rows: list[BoardRow]) -> list[tuple[str, str, int]]:
    counts = Counter(r.entry.status for r in rows)
    summary = [(s.value, str(s.label), counts.get(s.value, 0)) for s in Status]
    return [*summary, (LATE, _("逾期未提交"), sum(r.late for r in rows))]


# The board's columns one may sort by: the URL's word → (header, the row's key).
_SORTS: dict[str, tuple[Any, Any]] = {
    "code": (gettext_lazy("单位代码"), lambda r: r.entry.unit.code),
    "name": (gettext_lazy("单位名称"), lambda r: r.entry.unit.name),
    "status": (gettext_lazy("状态"), lambda r: [s.value for s in Status].index(r.entry.status)),
    "started": (gettext_lazy("开始填报"), lambda r: (r.entry.started_at is None, r.entry.started_at)),
    "submitted": (gettext_lazy("提交时间"), lambda r: (r.entry.submitted_at is None, r.entry.submitted_at)),
    "returned": (gettext_lazy("退回项"), lambda r: r.returned),
    "missing": (gettext_lazy("缺少数据"), lambda r: r.missing),
}


@dataclass(frozen=True)
class BoardView:
    """The board's rows as asked: filtered by status, searched, sorted."""

    rows: list[BoardRow]
    summary: list[tuple[str, str, int]]
    total: int
    status: str
    query: str
    sort: str  # a key of _SORTS, "-" in front for descending; "" for the units' order


def _board_view(request: HttpRequest, round: Round) -> BoardView:
    rows = _board_rows(round, visible_entries(request.user, round))
    summary = _summary(rows)
    wanted = request.GET.get("status", "")
    known = {key for key, _label, _n in summary}
    if wanted and wanted not in known:
        messages.error(request, _("未知的状态筛选“%(s)s”，已显示全部单位") % {"s": wanted})
        wanted = ""
    shown = [r for r in rows if not wanted or (r.late if wanted == LATE else r.entry.status == wanted)]
    query = request.GET.get("q", "").strip()[:100]
    if query:
        shown = [r for r in shown if query in r.entry.unit.code or query.lower() in r.entry.unit.name.lower()]
    sort = request.GET.get("sort", "")
    if sort and sort.lstrip("-") not in _SORTS:
        messages.error(request, _("未知的排序“%(s)s”，已按单位顺序显示") % {"s": sort})
        sort = ""
    if sort:
        shown.sort(key=_SORTS[sort.lstrip("-")][1], reverse=sort.startswith("-"))
    return BoardView(shown, summary, len(rows), wanted, query, sort)


@guard(Do.SEE_ROUND)
def round_board(request: HttpRequest, round: Round) -> HttpResponse:
    """The office's progress board; a unit user goes to their unit, a reviewer sees their units."""
    user = request.user
    if not can(user, Do.SEE_BOARD, round=round):
        own = unit_of(user)
        if own is not None and can(user, Do.SEE_UNIT, round=round, unit=own):
            return redirect("unit", round_id=round.pk, code=own.code)
        entries = visible_entries(user, round).select_related("unit")
        readable = {e.unit_id for e in entries if can(user, Do.SEE_SELF_EVALUATION, round=round, unit=e.unit)}
        context = {
            "round": round,
            "entries": entries,
            "readable": readable,
            "may_verify": can(user, Do.SEE_VERIFICATION, round=round),
            "issued": set(
                ProblemList.objects.filter(round=round, issued_at__isnull=False).values_list(
                    "unit_id", flat=True
                )
            ),
        }
        return render(request, "dudao/rounds/assigned.html", context)
    board = _board_view(request, round)
    summary = board.summary
    chart = {
        "labels": [label for _k, label, _n in summary[:-1]],
        "values": [n for *_x, n in summary[:-1]],
        "tooltip": _("{b}：{c}（{d}%）"),  # ECharts: {b} the status, {c} the count, {d} the percentage
    }
    sorts = [
        (key, label, "-" + key if board.sort == key else key, _aria_sort(board.sort, key))
        for key, (label, _k) in _SORTS.items()
    ]
    context = {
        "round": round,
        "rows": board.rows,
        "total": board.total,
        "summary": summary,
        "status": board.status,
        "query": board.query,
        "sort": board.sort,
        "sorts": {key: (label, link, aria) for key, label, link, aria in sorts},
        "chart": chart,
        "days_left": round.days_to_deadline(),
        "may_run": can(user, Do.RUN_ROUNDS, round=round),
        "may_see_results": can(user, Do.SEE_RESULTS, round=round),
        "may_see_documents": can(user, Do.SEE_DOCUMENTS, round=round),
        "may_exchange": can(user, Do.EXCHANGE_DATA, round=round),
        "may_see_quality": can(user, Do.SEE_QUALITY, round=round),
        "may_verify": can(user, Do.SEE_VERIFICATION, round=round),
        "may_edit_problems": can(user, Do.EDIT_PROBLEMS, round=round),
        "gap": prior_gap(round),
        "exchange_url": _exchange_url(user, round),
    }
    return render(request, "dudao/rounds/board.html", context)


def _aria_sort(sort: str, key: str) -> str:
    """
    >>> _aria_sort("-code", "code"), _aria_sort("code", "code"), _aria_sort("code", "name")
    ('descending', 'ascending', 'none')
    """
    if sort.lstrip("-") != key:
        return "none"
    return "descending" if sort.startswith("-") else "ascending"


@guard(Do.SEE_BOARD)
def round_board_xlsx(request: HttpRequest, round: Round) -> HttpResponse:
    """The board as shown (status filter, search and order kept) as a workbook."""
    board = _board_view(request, round)
    headers = (
        _("单位代码"),
        _("单位名称"),
        _("状态"),
        _("开始填报"),
        _("提交时间"),
        _("提交人"),
        _("退回项"),
        _("缺少数据"),
        _("逾期"),
    )
    rows = [
        (
            r.entry.unit.code,
            r.entry.unit.name,
            str(r.entry.get_status_display()),
            _when(r.entry.started_at),
            _when(r.entry.submitted_at),
            r.entry.submitted_by.username if r.entry.submitted_by else "",
            r.returned,
            r.missing,
            _("逾期") if r.late else "",
        )
        for r in board.rows
    ]
    what = _("填报进度")
    if board.status or board.query:
        what += _("（筛选：%(f)s）") % {"f": " ".join(x for x in (board.status, board.query) if x)}
    caption = _("%(round)s · %(year)s年 · %(what)s") % {
        "round": round.name,
        "year": round.period,
        "what": what,
    }
    sample = scheme_of(round.scheme).info.sample
    data = workbook([Sheet(_("填报进度"), headers, rows)], caption=caption, sample=sample)
    return download(data, XLSX, f"{round.period}年填报进度.xlsx", f"{round.period}-board.xlsx")


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _exchange_url(user: Any, round: Round) -> str:
    """Where the office loads data (last year's included), for those who may."""
    return reverse("exchange", args=[round.pk]) if can(user, Do.EXCHANGE_DATA, round=round) else ""


# -- the audit log -----------------------------------------------------------------------------


# What the audit entries' keys mean, and the coded values shown by their labels.
_KEYS = {
    "state": gettext_lazy("状态"),
    "status": gettext_lazy("状态"),
    "published": gettext_lazy("结果公开"),
    "role": gettext_lazy("角色"),
    "unit": gettext_lazy("单位"),
    "value": gettext_lazy("数值"),
    "comment": gettext_lazy("说明"),
    "level": gettext_lazy("等级"),
    "text": gettext_lazy("内容"),
    "scheme": gettext_lazy("方案"),
    "units": gettext_lazy("单位数"),
    "digest": gettext_lazy("摘要"),
    "failures": gettext_lazy("失败次数"),
    "username": gettext_lazy("用户名"),
    "address": gettext_lazy("地址"),
    "is_active": gettext_lazy("启用"),
    "is_superuser": gettext_lazy("超级用户"),
    "is_staff": gettext_lazy("后台人员"),
    "scope": gettext_lazy("范围"),
    "addresses": gettext_lazy("地址"),
}
_LABELS: dict[str, Mapping[str, object]] = {
    "state": dict(Round.State.choices),
    "status": dict(Status.choices),
    "role": dict(Role.choices),
    "scope": SCOPE_LABELS,
}


def _changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """The entry's before → after as (what, before, after) lines, only what changed.

    >>> _changes(AuditEntry(before={"units": 37}, after={"units": 38, "digest": "ab"}))
    [('单位数', '37', '38'), ('摘要', '—', 'ab')]
    >>> _changes(AuditEntry(before=None, after=12.5))
    [('', '—', '12.5')]
    """
    before, after = entry.before, entry.after
    if isinstance(before, dict) or isinstance(after, dict):
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        keys = [*old, *(k for k in new if k not in old)]
        return [
            (str(_KEYS.get(k, k)), _shown(k, old.get(k)), _shown(k, new.get(k)))
            for k in keys
            if old.get(k) != new.get(k)
        ]
    return [("", _shown("", before), _shown("", after))]


def _shown(key: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(_LABELS.get(key, {}).get(str(value), value))


@guard(Do.SEE_AUDIT)
def audit(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, filtered by round, unit, user, action and dates."""
    form = AuditFilter(request.GET or None)
    entries = AuditEntry.objects.select_related("round", "unit").defer("round__results")
    if form.is_bound:
        form.is_valid()
        data: dict[str, Any] = getattr(form, "cleaned_data", {})
        if data.get("round"):
            entries = entries.filter(round=data["round"])
        if data.get("unit"):
            entries = entries.filter(unit__path__contains=f"/{data['unit']}/")
        if data.get("user"):
            entries = entries.filter(username__icontains=data["user"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("date_from"):
            entries = entries.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(at__date__lte=data["date_to"])
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [(e, _changes(e)) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "lines": lines, "query": query.urlencode()}
    return render(request, "dudao/rounds/audit.html", context)


urlpatterns: list[URLPattern] = [
    path("rounds/", rounds, name="rounds"),
    path("rounds/new/", round_create, name="round_create"),
    path("rounds/<int:round_id>/", round_board, name="round"),
    path("rounds/<int:round_id>/board.xlsx", round_board_xlsx, name="round_board_xlsx"),
    path("schemes/", schemes, name="schemes"),
    path("audit/", audit, name="audit"),
]
