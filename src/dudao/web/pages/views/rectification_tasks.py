"""Page: one problem of a list and its rectification task 整改任务.

While the list is a draft, the office edits or removes the problem here. Once issued, the unit
makes its plan (measures, 责任单位, owner, deadline, milestones), reports progress with evidence
files and asks for closure; the office closes the task or returns it with a reason. The page
shows the task's history (every step, who and when), its evidence and the reminders sent about it.
A refused form comes back with what was entered and the message at its field.
"""

from __future__ import annotations

from typing import Any, BinaryIO, cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dudao.store.accounts.models import Unit
from dudao.store.entry.evidence import blob_path
from dudao.store.entry.services import EntryRefused
from dudao.store.rectification import tasks
from dudao.store.rectification.lists import ProblemInput, edit_problem, remove_problem
from dudao.store.rectification.models import Problem, ProgressFile, Severity, TaskState
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round
from dudao.web.access import Do, can, guard
from dudao.web.pages.http import address_of
from dudao.web.pages.rectification import problem_of


def _visible(request: HttpRequest, problem: Problem) -> None:
    """A draft list's problem is the office's: anyone else is told there is none (404)."""
    if problem.state == TaskState.DRAFT and not can(
        request.user, Do.EDIT_PROBLEMS, round=problem.problem_list.round
    ):
        raise Http404(_("问题清单尚未下达"))


def _page(
    request: HttpRequest,
    round: Round,
    unit: Unit,
    problem: Problem,
    *,
    errors: dict[str, str] | None = None,
    entered: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    _visible(request, problem)
    user = request.user
    state = TaskState(problem.state)
    may_rectify = can(user, Do.RECTIFY, round=round, unit=unit)
    may_edit = can(user, Do.EDIT_PROBLEMS, round=round, unit=unit)
    milestones = "\n".join(f"{m.due:%Y-%m-%d} {m.text}" for m in problem.milestones.all())
    context = {
        "round": round,
        "unit": unit,
        "problem": problem,
        "today": timezone.localdate(),
        "overdue": problem.is_overdue(),
        "steps": list(problem.steps.select_related("by")),
        "progress": list(problem.progress.select_related("by").prefetch_related("files")),
        "reminders": list(problem.reminders.all()),
        "carried_from": problem.carried_from,
        "may_change": may_edit and state == TaskState.DRAFT,
        "may_plan": may_rectify and state in (TaskState.ISSUED, TaskState.PLANNED, TaskState.IN_PROGRESS),
        "may_report": may_rectify and state in (TaskState.PLANNED, TaskState.IN_PROGRESS),
        "may_submit": may_rectify and state == TaskState.IN_PROGRESS,
        "may_decide": may_edit and state == TaskState.SUBMITTED,
        "severities": Severity.choices,
        "milestones": milestones,
        "errors": errors or {},
        "entered": entered or {},
        "sample": scheme_of(round.scheme).info.sample,
        "max_files": tasks.MAX_FILES,
    }
    return render(request, "dudao/problems/task.html", context, status=status)


def _back(round: Round, unit: Unit, problem: Problem, anchor: str = "") -> HttpResponse:
    url = reverse("problem_task", args=[round.pk, unit.code, problem.position])
    return redirect(url + (f"?saved={anchor}#{anchor}" if anchor else ""))


@guard(Do.SEE_PROBLEMS)
@require_GET
def problem_task(request: HttpRequest, round: Round, unit: Unit, position: int) -> HttpResponse:
    return _page(request, round, unit, problem_of(round, unit, position))


def _refused(
    request: HttpRequest, round: Round, unit: Unit, problem: Problem, refused: EntryRefused
) -> HttpResponse:
    problem.refresh_from_db()
    status = 409 if refused.code in ("state", "issued", "round_closed") else 400
    return _page(
        request,
        round,
        unit,
        problem,
        errors=refused.errors,
        entered=dict(request.POST.items()),
        status=status,
    )


@guard(Do.EDIT_PROBLEMS)
@require_POST
def problem_edit(request: HttpRequest, round: Round, unit: Unit, position: int) -> HttpResponse:
    problem = problem_of(round, unit, position)
    form = request.POST
    entered = ProblemInput(form.get("title"), form.get("severity"), form.get("item"), form.get("evidence"))
    try:
        edit_problem(request.user, problem, entered, address=address_of(request))
    except EntryRefused as refused:
        return _refused(request, round, unit, problem, refused)
    return _back(round, unit, problem, "problem")


@guard(Do.EDIT_PROBLEMS)
@require_POST
def problem_remove(request: HttpRequest, round: Round, unit: Unit, position: int) -> HttpResponse:
    problem = problem_of(round, unit, position)
    try:
        remove_problem(request.user, problem, address=address_of(request))
    except EntryRefused as refused:
        return _refused(request, round, unit, problem, refused)
    return redirect(reverse("problem_list", args=[round.pk, unit.code]) + f"?removed={position}")


@guard(Do.RECTIFY)
@require_POST
def task_plan(request: HttpRequest, round: Round, unit: Unit, position: int) -> HttpResponse:
    problem = problem_of(round, unit, position)
    form = request.POST
    entered = tasks.PlanInput(
        form.get("measures"),
        form.get("department"),
        form.get("owner"),
        form.get("deadline"),
        form.get("milestones"),
    )
    try:
        tasks.plan(request.user, problem, entered, address=address_of(request))
    except EntryRefused as refused:
        return _refused(request, round, unit, problem, refused)
    return _back(round, unit, problem, "plan")


@guard(Do.RECTIFY)
@require_POST
def task_progress(request: HttpRequest, round: Round, unit: Unit, position: int) -> HttpResponse:
    problem = problem_of(round, unit, position)
    files = [
        tasks.Upload(f.name or "", cast(BinaryIO, f), f.size or 0)
        for f in request.FILES.getlist("files")
        if f.size or f.name
    ]
    try:
        tasks.report_progress(
            request.user, problem, request.POST.get("progress"), files, address=address_of(request)
        )
    except EntryRefused as refused:
        return _refused(request, round, unit, problem, refused)
    return _back(round, unit, problem, "progress")


@guard(Do.RECTIFY)
@require_POST
def task_submit(request: HttpRequest, round: Round, unit: Unit, position: int) -> HttpResponse:
    problem = problem_of(round, unit, position)
    try:
        tasks.submit_for_closure(request.user, problem, request.POST.get("note"), address=address_of(request))
    except EntryRefused as refused:
        return _refused(request, round, unit, problem, refused)
    return _back(round, unit, problem, "state")


@guard(Do.EDIT_PROBLEMS)
@require_POST
def task_decide(request: HttpRequest, round: Round, unit: Unit, position: int) -> HttpResponse:
    """The office's verdict: ``decision`` accept (销号) or return (退回, with a reason)."""
    problem = problem_of(round, unit, position)
    decision = request.POST.get("decision", "")
    try:
        if decision == "accept":
            tasks.accept(request.user, problem, request.POST.get("note"), address=address_of(request))
        elif decision == "return":
            tasks.return_task(request.user, problem, request.POST.get("reason"), address=address_of(request))
        else:
            raise EntryRefused(
                {"decision": _("请选择“销号”或“退回”（收到的是“%(value)s”）") % {"value": decision[:40]}}
            )
    except EntryRefused as refused:
        return _refused(request, round, unit, problem, refused)
    return _back(round, unit, problem, "state")


@guard(Do.SEE_PROBLEMS)
@require_GET
def task_file(request: HttpRequest, round: Round, unit: Unit, position: int, file_id: int) -> HttpResponse:
    """An evidence file of a progress report, downloaded."""
    problem = problem_of(round, unit, position)
    _visible(request, problem)
    found = ProgressFile.objects.select_related("blob").filter(pk=file_id, progress__problem=problem).first()
    if found is None:
        raise Http404(_("没有这份整改佐证材料：%(id)s") % {"id": file_id})
    stored = blob_path(found.blob)
    if not stored.exists():
        raise Http404(_("文件已不在存储中：%(name)s") % {"name": found.filename})
    response = FileResponse(
        stored.open("rb"), content_type=found.blob.content_type, filename=found.filename, as_attachment=True
    )
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


_TASK = "rounds/<int:round_id>/problems/<str:code>/<int:position>/"

urlpatterns: list[URLPattern] = [
    path(_TASK, problem_task, name="problem_task"),
    path(f"{_TASK}edit", problem_edit, name="problem_edit"),
    path(f"{_TASK}remove", problem_remove, name="problem_remove"),
    path(f"{_TASK}plan", task_plan, name="task_plan"),
    path(f"{_TASK}progress", task_progress, name="task_progress"),
    path(f"{_TASK}submit", task_submit, name="task_submit"),
    path(f"{_TASK}decide", task_decide, name="task_decide"),
    path(f"{_TASK}files/<int:file_id>", task_file, name="task_file"),
]
