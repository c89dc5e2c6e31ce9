"""Review pages: the office assigns reviewers; a reviewer reviews an assigned unit item by item;
the office reconciles the reviewers and sets the final scores (认定).

Every form posts back to its page; a refusal (:class:`ReviewRefused`) is shown at the top of the
page with the item it concerns, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from dudao.scheme.model import Rubric
from dudao.store.accounts.models import Role, Unit
from dudao.store.entry.models import BonusRecord, ReturnedField
from dudao.store.review import services
from dudao.store.review.conflicts import (
    assign_reviewer,
    declare_conflict,
    unassign_reviewer,
    withdraw_conflict,
)
from dudao.store.review.layers import score_layers
from dudao.store.review.models import BonusDecision, ConflictOfInterest, ItemReview
from dudao.store.review.refusals import ReviewRefused
from dudao.store.review.scores import round_scheme
from dudao.store.rounds.models import ReviewerAssignment, Round, RoundUnit
from dudao.web.access import Do, guard, visible_entries


def _number(text: str | None) -> float | None:
    try:
        return float((text or "").strip())
    except ValueError:
        return None


def _attempt(request: HttpRequest, done: str, write: Callable[[], Any]) -> bool:
    """Run one write; say what was done, or show the refusal (located, Chinese first)."""
    try:
        write()
    except ReviewRefused as refused:
        for problem in refused.problems:
            messages.error(request, f"{problem.location.field}：{problem.message_zh}")
        return False
    messages.success(request, done)
    return True


# -- the office assigns reviewers --------------------------------------------------------------


@guard(Do.RUN_ROUNDS)
def assignments(request: HttpRequest, round: Round) -> HttpResponse:
    """Who reviews which unit in the round; assign and take away, conflicts refused."""
    reviewers = (
        get_user_model().objects.filter(profile__role=Role.REVIEWER, is_active=True).order_by("username")
    )
    if request.method == "POST":
        reviewer = reviewers.filter(pk=int(_number(request.POST.get("reviewer")) or 0)).first()
        code = request.POST.get("unit", "")
        if request.POST.get("action") in ("declare", "withdraw"):
            _conflict_post(request, reviewer, code)
        elif reviewer is None or not RoundUnit.objects.filter(round=round, unit_id=code).exists():
            messages.error(request, _("请选择评审专家和本轮次的被评价单位"))
        elif request.POST.get("action") == "remove":
            unassign_reviewer(round, reviewer, code, by=request.user)
            messages.success(request, _("已取消分配"))
        else:
            _attempt(
                request,
                _("已分配"),
                lambda: assign_reviewer(round, reviewer, code, by=request.user, address=_address(request)),
            )
        return redirect("review_assignments", round_id=round.pk)
    context = {
        "round": round,
        "reviewers": reviewers,
        "entries": RoundUnit.objects.filter(round=round).select_related("unit"),
        "assigned": ReviewerAssignment.objects.filter(round=round)
        .select_related("reviewer", "unit")
        .order_by("unit_id", "reviewer__username"),
        "conflicts": ConflictOfInterest.objects.filter(reviewer__in=reviewers)
        .select_related("reviewer", "unit")
        .order_by("reviewer__username", "unit_id"),
    }
    return render(request, "dudao/review/assignments.html", context)


def _conflict_post(request: HttpRequest, reviewer: Any, code: str) -> None:
    """Declare a reviewer's conflict with a unit (回避), ending their assignments to it, or withdraw one."""
    where = _address(request)
    if request.POST.get("action") == "withdraw":
        found = ConflictOfInterest.objects.filter(pk=int(_number(request.POST.get("conflict")) or 0)).first()
        if found is None:
            messages.error(request, _("没有这项回避声明，可能已被撤销"))
        else:
            withdraw_conflict(found, by=request.user, address=where)
            messages.success(request, _("已撤销回避声明"))
        return
    if reviewer is None or not Unit.objects.filter(code=code).exists():
        messages.error(request, _("请选择评审专家和须回避的单位"))
        return
    ended: list[ReviewerAssignment] = []

    def declare() -> None:
        reason = request.POST.get("reason", "")
        ended.extend(declare_conflict(reviewer, code, reason=reason, by=request.user, address=where)[1])

    if _attempt(request, _("已记录回避声明"), declare) and ended:
        names = "、".join(f"{a.round.name} · {a.unit.name}" for a in ended)
        messages.info(request, _("已取消该专家对回避单位的分配：%(names)s") % {"names": names})


# -- a reviewer's queue and review page --------------------------------------------------------


@guard(Do.REVIEW_UNIT)
def queue(request: HttpRequest, round: Round) -> HttpResponse:
    """The units assigned to the reviewer, each with how many items they have reviewed."""
    leaves = len(round_scheme(round).leaves)
    rows = []
    for entry in visible_entries(request.user, round):
        done = ItemReview.objects.filter(
            round=round, unit=entry.unit, reviewer=request.user.pk, points__isnull=False
        ).count()
        rows.append({"entry": entry, "done": done, "of": leaves})
    return render(request, "dudao/review/queue.html", {"round": round, "rows": rows})


@guard(Do.REVIEW_UNIT)
def review_unit(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """One unit's items for the reviewer: data, self-score, computed score and explanation;
    forms for the level, review score, flag, evidence request and bonus decisions."""
    entry = get_object_or_404(RoundUnit, round=round, unit=unit)
    if request.method == "POST":
        _review_post(request, round, unit)
        anchor = request.POST.get("item", "")
        if not anchor:
            return redirect(request.path)
        return redirect(f"{request.path}?{urlencode({'saved': anchor})}#item-{anchor}")
    scheme = round_scheme(round)
    layers = score_layers(round, unit.code)
    mine = {r.item: r for r in ItemReview.objects.filter(round=round, unit=unit, reviewer=request.user.pk)}
    rows = [
        {
            "layers": layers[leaf.code],
            "levels": [lv.level for lv in leaf.rule.levels] if isinstance(leaf.rule, Rubric) else [],
            "mine": mine.get(leaf.code),
        }
        for leaf in scheme.leaves
    ]
    decisions = {
        d.item: d for d in BonusDecision.objects.filter(round=round, unit=unit, reviewer=request.user.pk)
    }
    claimed = list(BonusRecord.objects.filter(round=round, unit=unit))
    claims = [{"claim": c, "mine": decisions.get(c.item)} for c in claimed]
    returned = ReturnedField.objects.filter(entry=entry, resolved_at__isnull=True)
    saved = request.GET.get("saved", "")
    shown_here = saved in {leaf.code for leaf in scheme.leaves} | {c.item for c in claimed}
    context = {
        "round": round,
        "unit": unit,
        "entry": entry,
        "rows": rows,
        "claims": claims,
        "returned": returned,
        # What a save said, shown (and focused) in the item it saved rather than far above it.
        "saved": saved if shown_here else "",
        "notes": list(messages.get_messages(request)) if shown_here else [],
    }
    if shown_here:
        context["messages"] = []  # said in the item, not again at the top
    return render(request, "dudao/review/unit.html", context)


def _review_post(request: HttpRequest, round: Round, unit: Unit) -> None:
    data, by, where = request.POST, request.user, _address(request)
    item, action, reason = data.get("item", ""), data.get("action", ""), data.get("reason", "")
    if action == "score":
        points = _number(data.get("points"))
        level = data.get("level") or None
        if points is None and level:
            _attempt(
                request,
                _("已记录评审等级"),
                lambda: services.set_level(
                    round, unit.code, item, by=by, level=level, reason=reason, address=where
                ),
            )
        elif points is None:
            messages.error(request, _("%(item)s：请填写评审得分（数字）或选择等级") % {"item": item})
        else:
            _attempt(
                request,
                _("已记录评审得分"),
                lambda: services.set_review_score(
                    round, unit.code, item, by=by, points=points, reason=reason, level=level, address=where
                ),
            )
    elif action == "flag":
        _attempt(
            request,
            _("已标记存疑"),
            lambda: services.flag_item(
                round, unit.code, item, by=by, note=data.get("note", ""), address=where
            ),
        )
    elif action == "return":
        _attempt(
            request,
            _("已要求补充佐证材料，单位可修改后重新提交"),
            lambda: services.request_evidence(round, unit.code, item, by=by, reason=reason, address=where),
        )
    elif action == "bonus":
        accepted = _number(data.get("accepted"))
        if accepted is None:
            messages.error(request, _("%(item)s：请填写认定分值（数字）") % {"item": item})
        else:
            _attempt(
                request,
                _("已记录加分认定"),
                lambda: services.decide_bonus(
                    round, unit.code, item, by=by, accepted=accepted, reason=reason, address=where
                ),
            )
    else:
        messages.error(request, _("未知的操作"))


# -- the office reconciles and sets final scores -----------------------------------------------


@guard(Do.FINALIZE_SCORES)
def final_scores(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """The three layers of each item side by side; reconcile the reviewers, set the final score."""
    get_object_or_404(RoundUnit, round=round, unit=unit)
    if request.method == "POST":
        _final_post(request, round, unit)
        anchor = request.POST.get("item", "")
        if not anchor:
            return redirect(request.path)
        return redirect(f"{request.path}?{urlencode({'saved': anchor})}#item-{anchor}")
    layers = score_layers(round, unit.code)
    missing = {i for u, i in services.missing_final_scores(round) if u == unit.code}
    context = {"round": round, "unit": unit, "layers": list(layers.values()), "missing": len(missing)}
    return render(request, "dudao/review/final.html", context)


def _final_post(request: HttpRequest, round: Round, unit: Unit) -> None:
    data, by, where = request.POST, request.user, _address(request)
    item, action, reason = data.get("item", ""), data.get("action", ""), data.get("reason", "")
    if action == "reconcile":
        chosen = get_user_model().objects.filter(username=data.get("reviewer", "")).first()
        method = "chosen" if chosen is not None else "mean"
        _attempt(
            request,
            _("已合议"),
            lambda: services.reconcile(
                round, unit.code, item, by=by, method=method, reason=reason, reviewer=chosen, address=where
            ),
        )
    elif action == "final":
        points = _number(data.get("points"))
        if points is None:
            messages.error(request, _("%(item)s：请填写认定得分（数字）") % {"item": item})
            return
        _attempt(
            request,
            _("已认定"),
            lambda: services.set_final_score(
                round, unit.code, item, by=by, points=points, reason=reason, address=where
            ),
        )
    elif action == "confirm":
        _attempt(
            request,
            _("其余指标已按评审（或计算）得分认定"),
            lambda: services.confirm_final_scores(round, unit.code, by=by, address=where),
        )
    else:
        messages.error(request, _("未知的操作"))


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


urlpatterns: list[URLPattern] = [
    path("rounds/<int:round_id>/reviewers/", assignments, name="review_assignments"),
    path("rounds/<int:round_id>/review/", queue, name="review_queue"),
    path("rounds/<int:round_id>/review/<str:code>/", review_unit, name="review_unit"),
    path("rounds/<int:round_id>/final/<str:code>/", final_scores, name="final_scores"),
]
