"""Who may do what: the one place every page and API call goes through.

A user has one role (:class:`~dudao.store.accounts.models.Role`) and, for unit roles, one unit.
A unit role reaches its unit and everything under it in the units tree; a school editor only
their school; a reviewer only the units assigned to them in a round.

Official documents 公文 (:mod:`dudao.documents`, served by ``pages/views/documents.py``):

- a unit's **self-evaluation report** (自评报告, a draft from the data as saved): the office, the
  unit's own editor and approver, and the reviewers assigned to the unit (to read). Not a school
  editor: a school is not an evaluated unit and has no report of its own;
- a unit's **feedback letter** (督导意见书): the office always (it drafts it); the unit's editor and
  approver only once the round is closed (the letter is issued on the frozen results). Not
  reviewers, nor school editors;
- the **city summary** (汇总报告), the documents page listing every unit, and the zips of all
  units: the office only.

A system administrator may do everything, documents included. Reading a document is not
audited: the audit log records changes, and a download changes nothing.

What a unit learns about the others before publication 结果公开前 (:func:`sees_ranking`):

- a unit role (unit editor, approver, school editor) and a reviewer learn **nothing derived from
  other units' figures** until the office publishes the results: no rank or position among
  peers, no other unit's total, grade or points, no average over units. Only the office and the
  system administrator (:attr:`Do.SEE_RESULTS`) see the ranking while a round is open or
  closed-but-unpublished; once published, everyone does (``/public/``);
- whoever may see an evaluated unit (:attr:`Do.SEE_UNIT` on it) sees that unit's own score: its
  total, base and bonus points, grade and points per area, with unsaved values in the score
  preview too. All of it is computed from the unit's own data and the levels given to it, so
  bisecting a hypothetical value teaches nothing about anyone else;
- a school editor may see only their school, not the district it belongs to: the preview on a
  school's page shows the school's own values and the scheme's checks on them, never the
  district's total, grade or rank (the API's preview answers the same);
- the one exception is the feedback letter 督导意见书: closing the round issues it to the unit
  (above), and it states the unit's rank and the mean points per area on the frozen results, as
  the office's own letter to that unit.

The satisfaction survey 满意度调查 (``pages/views/survey*.py``): its public form is open to
anyone with a unit's link, signed in or not (:func:`public`), while the round is open; its rates,
answers, exclusions, QR codes and posters are the office's (:attr:`Do.SEE_RESULTS` to read, the
rates compare units; :attr:`Do.RUN_ROUNDS` to set the questionnaire, decide on an answer or write
the rates into the round's data).

Field verification 实地核查 (``pages/views/verification.py``): the office draws the schools to
visit in each evaluated unit (:attr:`Do.DRAW_SCHOOLS`, the office only); the office and the
reviewers assigned to a unit see its draws and findings and record findings there
(:attr:`Do.SEE_VERIFICATION`, :attr:`Do.RECORD_FINDING`). The evaluated units themselves do not
see the draw (visits are unannounced, 四不两直) nor the findings before they reach a score.

A unit's results across years 历年评价 (``pages/views/units.py``, :attr:`Do.SEE_UNIT_HISTORY`):
the office everywhere; a unit role on the units it reaches (a school editor, their school), and on
the units those came from by a merge, split or rename (:func:`dudao.store.accounts.succession.lineage`):
a district made of two old ones reads both old districts' results, as its own history. Reviewers,
whose reach is one round's assignment, and the public, who read the published results on
``/public/``, do not. The page shows closed rounds' frozen results only (:func:`sees_in_history`),
ranks as :func:`sees_ranking` allows.

Problem lists and rectification 问题整改 (``pages/views/problems.py``, ``rectification_tasks.py``):
the office drafts, edits and issues the lists and closes or returns tasks (:attr:`Do.EDIT_PROBLEMS`);
a unit's editor and approver see their unit's issued list and answer its tasks (:attr:`Do.RECTIFY`);
a reviewer sees the lists of the units assigned to them (:attr:`Do.SEE_PROBLEMS`). A draft list is
the office's alone.

Pages declare their rule with :func:`guard`; :class:`AccessMiddleware` refuses any page that
declares none, so a forgotten check is a 403, never a leak. API endpoints call
:func:`authorize` through the same rules (``dudao.web.api``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _

from dudao.store.accounts.models import Role, Unit
from dudao.store.accounts.succession import lineage
from dudao.store.rounds.models import ReviewerAssignment, Round, RoundUnit
from dudao.web.session import signed_out


class Do(StrEnum):
    """The actions the rules know."""

    SEE_ROUND = "see_round"  # the round's page, scheme and the units one may see in it
    RUN_ROUNDS = "run_rounds"  # create, open, close, publish; upload schemes; assign reviewers
    SEE_BOARD = "see_board"  # the progress board of all units
    SEE_UNIT = "see_unit"  # a unit's values, narratives, evidence, score preview
    EDIT_UNIT = "edit_unit"  # enter values, narratives, self-scores, evidence
    SUBMIT_UNIT = "submit_unit"
    RETURN_UNIT = "return_unit"
    SEE_RESULTS = "see_results"  # every unit's scores and ranks so far
    SEE_AUDIT = "see_audit"
    SEE_PUBLISHED = "see_published"
    MANAGE_USERS = "manage_users"
    SEE_SELF_EVALUATION = "see_self_evaluation"  # a unit's self-evaluation report (draft)
    SEE_FEEDBACK = "see_feedback"  # a unit's feedback letter; unit roles once the round is closed
    SEE_DOCUMENTS = "see_documents"  # the documents page, the city summary, every unit's as a zip
    EXCHANGE_DATA = "exchange_data"  # the round's templates, imports for any unit, exports
    SEE_QUALITY = "see_quality"  # the data-quality report: checks, outliers, completeness, signals
    UNLOCK_LOGINS = "unlock_logins"  # see the accounts and addresses locked out of logging in; unlock them
    REVIEW_UNIT = "review_unit"  # a reviewer's levels, scores, bonus decisions, flags, evidence requests
    FINALIZE_SCORES = "finalize_scores"  # the office's reconciliation and final scores (认定)
    SEE_VERIFICATION = "see_verification"  # a unit's draws of schools to visit and the findings there
    DRAW_SCHOOLS = "draw_schools"  # draw (and redraw) the schools to visit in a unit: the office's
    RECORD_FINDING = "record_finding"  # record a field finding, with photos, on a unit or a drawn school
    SEE_PROBLEMS = "see_problems"  # problem lists and the rectification board (a unit: its own, issued)
    EDIT_PROBLEMS = "edit_problems"  # draft, edit, issue problem lists; close or return tasks; remind
    RECTIFY = "rectify"  # a unit's plan, progress and request for closure of its tasks
    SEE_UNIT_HISTORY = "see_unit_history"  # a unit's frozen results across years, its predecessors' too
    USE_API = (
        "use_api"  # issue API tokens: every role but the public (who reads published results without one)
    )


UNIT_ROLES = {Role.UNIT_EDITOR, Role.UNIT_APPROVER, Role.SCHOOL_EDITOR}
# The office runs rounds and sees everything; entering and submitting a unit's data is the unit's.
_OFFICE_ACTIONS = set(Do) - {Do.MANAGE_USERS, Do.EDIT_UNIT, Do.SUBMIT_UNIT, Do.REVIEW_UNIT, Do.RECTIFY}
_UNIT_DOCUMENTS = {Do.SEE_SELF_EVALUATION, Do.SEE_FEEDBACK}
_UNIT_ACTIONS = {
    Role.UNIT_EDITOR: {
        Do.SEE_ROUND,
        Do.SEE_UNIT,
        Do.EDIT_UNIT,
        Do.SEE_PUBLISHED,
        Do.USE_API,
        Do.SEE_UNIT_HISTORY,
        Do.SEE_PROBLEMS,
        Do.RECTIFY,
        *_UNIT_DOCUMENTS,
    },
    Role.UNIT_APPROVER: {
        Do.SEE_ROUND,
        Do.SEE_UNIT,
        Do.SUBMIT_UNIT,
        Do.SEE_PUBLISHED,
        Do.USE_API,
        Do.SEE_UNIT_HISTORY,
        Do.SEE_PROBLEMS,
        Do.RECTIFY,
        *_UNIT_DOCUMENTS,
    },
    Role.SCHOOL_EDITOR: {
        Do.SEE_ROUND,
        Do.SEE_UNIT,
        Do.EDIT_UNIT,
        Do.SEE_PUBLISHED,
        Do.USE_API,
        Do.SEE_UNIT_HISTORY,
    },
    # A reviewer inspects the units assigned to them: sees their draws and records findings there.
    Role.REVIEWER: {
        Do.SEE_ROUND,
        Do.SEE_UNIT,
        Do.SEE_PUBLISHED,
        Do.SEE_SELF_EVALUATION,
        Do.USE_API,
        Do.REVIEW_UNIT,
        Do.SEE_VERIFICATION,
        Do.RECORD_FINDING,
        Do.SEE_PROBLEMS,
    },
}
# Which rule reads which of a unit's documents (a ``kind`` of :mod:`dudao.documents`); the city
# summary is the office's (SEE_DOCUMENTS).
UNIT_DOCUMENT_RULES = {"self-evaluation": Do.SEE_SELF_EVALUATION, "feedback": Do.SEE_FEEDBACK}


class AccessDenied(PermissionDenied):
    """Refused, with a message that says which rule refused."""


def role_of(user: Any) -> Role:
    if not getattr(user, "is_authenticated", False):
        return Role.PUBLIC
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return Role(profile.role) if profile is not None else Role.PUBLIC


def unit_of(user: Any) -> Unit | None:
    profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
    return profile.unit if profile is not None else None


def can(user: Any, action: Do, *, round: Round | None = None, unit: Unit | None = None) -> bool:
    """Whether ``user`` may do ``action`` (on ``unit`` in ``round``, where given)."""
    role = role_of(user)
    if role is Role.ADMIN:
        return True
    if role is Role.OFFICE:
        return action in _OFFICE_ACTIONS
    if role is Role.PUBLIC:
        return action is Do.SEE_PUBLISHED
    if action not in _UNIT_ACTIONS[role]:
        return False
    if action is Do.SEE_PUBLISHED:
        return True
    if action is Do.SEE_UNIT_HISTORY:
        return unit is not None and _reaches_history(role, unit_of(user), unit)
    if round is None:
        return unit is None
    if action is Do.SEE_FEEDBACK and round.state != Round.State.CLOSED:
        return False  # the letter is the office's draft until the round closes
    if role is Role.REVIEWER:
        assigned = ReviewerAssignment.objects.filter(round=round, reviewer=user)
        if unit is None:
            return assigned.exists()
        return any(unit.is_within(a.unit) for a in assigned.select_related("unit"))
    own = unit_of(user)
    if own is None:
        return False
    if unit is None:  # the round itself: one's own unit takes part in it
        return _takes_part(round, own)
    if not _takes_part(round, own):
        return False
    if role is Role.SCHOOL_EDITOR:
        return unit.code == own.code
    return unit.is_within(own)


def _takes_part(round: Round, own: Unit) -> bool:
    """``own`` is an evaluated unit of the round, or lies under one (a school)."""
    ancestors = [code for code in own.path.strip("/").split("/") if code]
    return RoundUnit.objects.filter(round=round, unit__code__in=ancestors).exists()


def _reaches_history(role: Role, own: Unit | None, unit: Unit) -> bool:
    """``unit`` is one a unit role reaches, or one that became (part of) such a unit."""
    if own is None:
        return False

    def reaches(other: Unit) -> bool:
        return other.code == own.code if role is Role.SCHOOL_EDITOR else other.is_within(own)

    return reaches(unit) or any(reaches(later) for later in lineage(unit).successors)


def sees_in_history(user: Any, round: Round, unit: Unit) -> bool:
    """Whether ``user`` sees ``unit``'s frozen result of ``round`` on a history page: the round is
    closed, and the user sees the unit in it, or the unit's history is theirs
    (:attr:`Do.SEE_UNIT_HISTORY`, a unit role's own units and those they came from)."""
    if round.state != Round.State.CLOSED:
        return False
    if can(user, Do.SEE_UNIT, round=round, unit=unit):
        return True
    return role_of(user) in UNIT_ROLES and can(user, Do.SEE_UNIT_HISTORY, unit=unit)


def sees_ranking(user: Any, round: Round) -> bool:
    """Whether ``user`` may learn ranks, or anything else derived from other units' figures, in
    ``round``: the office's (:attr:`Do.SEE_RESULTS`) before the results are published, everyone's
    after."""
    return round.published or can(user, Do.SEE_RESULTS, round=round)


def authorize(user: Any, action: Do, *, round: Round | None = None, unit: Unit | None = None) -> None:
    """Raise :class:`AccessDenied` unless :func:`can` allows it."""
    if not can(user, action, round=round, unit=unit):
        if unit is None:
            raise AccessDenied(_("无权执行此操作"))
        raise AccessDenied(_("无权执行此操作：%(unit)s（%(code)s）") % {"unit": unit.name, "code": unit.code})


def visible_rounds(user: Any) -> QuerySet[Round]:
    """The rounds ``user`` may open."""
    role = role_of(user)
    rounds = Round.objects.select_related("scheme", "scope").defer("results")
    if role in (Role.ADMIN, Role.OFFICE):
        return rounds.all()
    if role is Role.REVIEWER:
        return rounds.filter(assignments__reviewer=user).distinct()
    own = unit_of(user)
    if role in UNIT_ROLES and own is not None:
        ancestors = [code for code in own.path.strip("/").split("/") if code]
        return rounds.filter(entries__unit__code__in=ancestors).exclude(state=Round.State.DRAFT).distinct()
    return rounds.none()


def visible_entries(user: Any, round: Round) -> QuerySet[RoundUnit]:
    """The evaluated units of ``round`` that ``user`` may see."""
    entries = RoundUnit.objects.filter(round=round).select_related("unit")
    role = role_of(user)
    if role in (Role.ADMIN, Role.OFFICE):
        return entries
    if role is Role.REVIEWER:
        return entries.filter(
            unit__in=ReviewerAssignment.objects.filter(round=round, reviewer=user).values("unit")
        )
    own = unit_of(user)
    if role in UNIT_ROLES and own is not None:
        ancestors = [code for code in own.path.strip("/").split("/") if code]
        return entries.filter(Q(unit__code__in=ancestors) | Q(unit__path__startswith=own.path))
    return entries.none()


# -- pages ----------------------------------------------------------------------------------

View = Callable[..., HttpResponse]
# A page's rule: one action, or a function of the URL's arguments naming the action (one URL for
# documents of several kinds, :func:`unit_document_rule`).
Rule = Do | Callable[[Mapping[str, Any]], Do]


def guard(rule: Rule) -> Callable[[View], View]:
    """Declare a page's rule. ``round_id`` and ``code`` in the URL name the round and unit.

    The view receives ``round`` and ``unit`` (loaded, 404 when unknown) instead of the ids.
    A visitor who is not logged in (or whose session expired) and is refused is sent to the login
    page, or, when a page's script asked, told so (:func:`dudao.web.session.signed_out`).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            action = rule if isinstance(rule, Do) else rule(kwargs)
            round = unit = None
            if "round_id" in kwargs:
                round = _get(Round.objects.select_related("scheme", "scope"), pk=kwargs.pop("round_id"))
                kwargs["round"] = round
            if "code" in kwargs:
                unit = _get(Unit.objects.all(), code=kwargs.pop("code"))
                kwargs["unit"] = unit
            if not request.user.is_authenticated and not can(request.user, action, round=round, unit=unit):
                return signed_out(request)
            authorize(request.user, action, round=round, unit=unit)
            return view(request, *args, **kwargs)

        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded

    return decorate


def unit_document_rule(kwargs: Mapping[str, Any]) -> Do:
    """The rule for the unit document a URL names by its ``kind``; 404 for a kind there is none of.

    >>> unit_document_rule({"kind": "feedback"})
    <Do.SEE_FEEDBACK: 'see_feedback'>
    """
    kind = str(kwargs.get("kind", ""))
    if kind not in UNIT_DOCUMENT_RULES:
        raise Http404(
            _("没有这种单位文书：“%(kind)s”。可选：%(choices)s")
            % {"kind": kind, "choices": ", ".join(UNIT_DOCUMENT_RULES)}
        )
    return UNIT_DOCUMENT_RULES[kind]


def public(view: View) -> View:
    """Declare a page open to everyone (login, the published results)."""
    view.access_rule = "public"  # type: ignore[attr-defined]
    return view


def signed_in(view: View) -> View:
    """Declare a page open to every signed-in user, whatever their role (the API's documentation)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return signed_out(request)
        return view(request, *args, **kwargs)

    guarded.access_rule = "signed_in"  # type: ignore[attr-defined]
    return guarded


def _get(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as error:
        raise Http404(_("不存在：%(what)s") % {"what": ", ".join(str(v) for v in lookup.values())}) from error


# Views that are not ours and guard themselves: the admin (its own login and permission
# checks, limited to system administrators below), static files, the language switch, the API
# (every endpoint authenticates and calls authorize itself).
_SELF_GUARDED_MODULES = ("django.contrib.admin", "django.views.static", "django.views.i18n", "ninja")


class AccessMiddleware:
    """Refuse every page that has not declared its access rule."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if hasattr(view, "access_rule"):
            return None
        module = getattr(view, "__module__", "") or ""
        if module.startswith(_SELF_GUARDED_MODULES):
            return None
        return HttpResponseForbidden(_("此页面未声明访问规则，已拒绝。"))


def context(request: HttpRequest) -> dict[str, object]:
    """Template context: the user's role and unit, and the actions the rules allow."""
    user = request.user
    return {
        "role": role_of(user),
        "role_unit": unit_of(user),
        "may_run_rounds": can(user, Do.RUN_ROUNDS),
        "may_see_audit": can(user, Do.SEE_AUDIT),
        "may_manage_users": can(user, Do.MANAGE_USERS),
        "may_unlock_logins": can(user, Do.UNLOCK_LOGINS),
    }
