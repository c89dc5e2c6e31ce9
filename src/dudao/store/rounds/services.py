"""Running rounds: store scheme versions, create rounds, load data, open, close and publish.

Closing and publishing are guarded (:mod:`dudao.store.rounds.guards`): closing takes the round's
name typed by the person who closes it, publishing implausible results takes an explicit
confirmation with a reason, and published results can be withdrawn with a reason; each is audited
with what it was told.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dudao.engine.dataset import Dataset
from dudao.errors import Location, Problem, Severity
from dudao.scheme import load_scheme_text
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.models import DataValue
from dudao.store.review.freeze import refrozen
from dudao.store.rounds import engine, publication
from dudao.store.rounds.guards import findings
from dudao.store.rounds.models import Publication, Round, RoundUnit, SchemeVersion


class RoundRefused(Exception):
    """A round action that cannot be taken; ``errors`` maps field → message."""

    def __init__(self, errors: dict[str, str], problems: Iterable[Problem] = ()) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
        self.problems = list(problems)


def store_scheme(user: Any, text: str, source: str) -> SchemeVersion:
    """Check a scheme's YAML and store it as its code and version.

    The same code and version may be replaced only while no opened round uses it.
    """
    scheme, problems = load_scheme_text(text, source)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if scheme is None or errors:
        first = errors[0] if errors else None
        raise RoundRefused(
            {"scheme": _("方案有 %(n)d 处错误，首处：%(first)s") % {"n": len(errors), "first": first}}, errors
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    info = scheme.info
    with transaction.atomic():
        existing = (
            SchemeVersion.objects.select_for_update().filter(code=info.code, version=info.version).first()
        )
        if existing is not None:
            if existing.digest == digest:
                return existing
            if existing.frozen:
                raise RoundRefused(
                    {
                        "scheme": _(
                            "方案 %(code)s 第 %(v)d 版已被开放过的轮次使用，不能修改；"
                            "请把 version 改为 %(next)d 后再上传"
                        )
                        % {"code": info.code, "v": info.version, "next": info.version + 1}
                    }
                )
            before = existing.digest
            existing.text, existing.digest, existing.title, existing.source = text, digest, info.title, source
            existing.save()
            record(
                user,
                Action.SCHEME,
                target=f"{info.code}@{info.version}",
                before={"digest": before},
                after={"digest": digest},
            )
            return existing
        version = SchemeVersion.objects.create(
            code=info.code,
            version=info.version,
            title=info.title,
            text=text,
            digest=digest,
            source=source,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        )
        record(user, Action.SCHEME, target=f"{info.code}@{info.version}", after={"digest": digest})
    return version


def create_round(
    user: Any,
    *,
    name: str,
    scheme: SchemeVersion,
    scope: Unit,
    deadline: date,
    period: int | None = None,
    review_deadline: date | None = None,
) -> Round:
    """A new round (not yet open) over the units at the scheme's evaluated level under ``scope``
    that exist on the day it starts (today): a district merged or split away before then is not
    evaluated again, the units it became are."""
    parsed = engine.scheme_of(scheme)
    evaluates = parsed.info.evaluates
    under = Unit.objects.filter(path__startswith=scope.path, level=evaluates)
    evaluated = list(under.existing_on(timezone.localdate()))
    if not evaluated:
        raise RoundRefused(
            {"scope": _("%(scope)s 之下没有“%(level)s”层级的单位") % {"scope": scope, "level": evaluates}}
        )
    if not name.strip():
        raise RoundRefused({"name": _("请填写轮次名称")})
    with transaction.atomic():
        round = Round.objects.create(
            name=name.strip(),
            scheme=scheme,
            period=period or parsed.info.period,
            scope=scope,
            evaluates=evaluates,
            deadline=deadline,
            review_deadline=review_deadline,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        RoundUnit.objects.bulk_create(RoundUnit(round=round, unit=u) for u in evaluated)
        record(
            user,
            Action.ROUND,
            round=round,
            target=round.name,
            after={"state": round.state, "scheme": str(scheme), "units": len(evaluated)},
        )
    return round


def load_values(round: Round, dataset: Dataset, periods: Iterable[int]) -> int:
    """Store ``dataset``'s values of ``periods`` for the round's units and the elements of its
    scheme (a bulk load, not audited per value); returns how many were stored."""

    known = set(Unit.objects.filter(path__startswith=round.scope.path).values_list("code", flat=True))
    wanted = set(periods)
    elements = set(engine.scheme_of(round.scheme).element_by_code)
    frame = dataset.values
    rows = frame[frame["period"].isin(wanted) & frame["unit"].isin(known) & frame["element"].isin(elements)]
    values = [
        DataValue(round=round, unit_id=u, element=e, period=int(p), value=None if math.isnan(v) else float(v))
        for u, e, p, v in zip(rows["unit"], rows["element"], rows["period"], rows["value"], strict=True)
    ]
    with transaction.atomic():
        DataValue.objects.filter(round=round, period__in=wanted).delete()
        DataValue.objects.bulk_create(values, batch_size=2000)
    engine.forget(round)
    return len(values)


def set_state(user: Any, round: Round, state: str) -> Round:
    """Open a round (closing is :func:`close_round`, with its confirmation)."""
    if state not in Round.State.values:
        raise RoundRefused({"state": _("无效的状态：%(s)s") % {"s": state}})
    if state == Round.State.CLOSED:
        raise RoundRefused({"state": _("关闭轮次请在“关闭轮次”页核对将被冻结的内容，并输入轮次名称确认")})
    return _change_state(user, round, state)


def close_round(user: Any, round: Round, *, confirmation: str) -> Round:
    """Close the round and freeze its results, once ``confirmation`` is the round's name typed in
    full; a closed round does not reopen."""
    if confirmation.strip() != round.name.strip():
        raise RoundRefused(
            {
                "confirm": _("请输入轮次名称“%(name)s”以确认关闭（关闭后结果冻结，不能重新开放）")
                % {"name": round.name}
            }
        )
    return _change_state(user, round, Round.State.CLOSED)


def _change_state(user: Any, round: Round, state: str) -> Round:
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        before = locked.state
        if before == Round.State.CLOSED:
            raise RoundRefused({"state": _("轮次已关闭，结果已冻结，不能再更改状态")})
        if state == before:
            return locked
        if state == Round.State.CLOSED:
            locked.results = engine.current_results(locked).to_dict()
            locked.closed_at = timezone.now()
        locked.state = state
        locked.save()
        record(
            user,
            Action.ROUND,
            round=locked,
            target=locked.name,
            before={"state": before},
            after={"state": state},
        )
    return locked


def publish(
    user: Any,
    round: Round,
    *,
    choice: publication.Choice | None = None,
    confirmed: bool = False,
    reason: str = "",
) -> Round:
    """Publish the frozen results as ``choice`` says (what is shown, and the page's metadata;
    :func:`~.publication.defaults` when not given).

    Refused while the round is not closed, while any evaluated unit's item has no final score
    (:func:`~.publication.unfinished_final_scores`), and while ``choice`` has problems. Results
    that look implausible (:func:`~.guards.findings` that block) are refused unless ``confirmed``
    with a ``reason``, which the audit log keeps with the choice."""

    if round.state != Round.State.CLOSED:
        raise _refused(
            [
                Problem.of(
                    "publication-round-not-closed",
                    Location(field="published"),
                    round=round.name,
                    state=round.get_state_display(),
                )
            ],
            "published",
        )
    missing = publication.unfinished_final_scores(round)
    if missing:
        raise _refused(publication.final_score_problems(round, missing), "final_scores")
    round = refrozen(round)  # what is published is the final layer as it stands
    choice = choice or publication.defaults(round)
    problems = publication.check(round, choice)
    if problems:
        raise _refused(problems)
    found = findings(round, round.results or {})
    blocking = [f for f in found if f.blocking]
    reason = reason.strip()
    if blocking and not (confirmed and reason):
        raise RoundRefused(
            {
                "published": _("结果看起来不合理：%(what)s。请核实；如确认无误仍要公开，请勾选确认并写明理由")
                % {"what": _("；").join(f.message for f in blocking)}
            }
        )
    written, published_on = choice.dates()
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.published:
            return locked
        Publication.objects.update_or_create(
            round=locked,
            defaults={
                "show_grades": choice.show_grades,
                "show_scores": choice.show_scores,
                "show_ranking": choice.show_ranking,
                "documents": list(choice.documents),
                "index_number": choice.index_number.strip(),
                "publisher": choice.publisher.strip(),
                "written_on": written,
                "published_on": published_on,
                "topic": choice.topic.strip(),
                "published_by": user if getattr(user, "is_authenticated", False) else None,
                "published_at": timezone.now(),
            },
        )
        locked.published = True
        locked.save(update_fields=["published"])
        after: dict[str, object] = {"published": True, "publication": choice.as_dict()}
        if reason:
            after["reason"] = reason
        if found:
            after["findings"] = [f.message for f in found]
        record(user, Action.ROUND, round=locked, target=locked.name, before={"published": False}, after=after)
    return locked


def _refused(problems: list[Problem], field: str = "") -> RoundRefused:
    """A refusal of ``problems``, their messages grouped by field (``field`` for all, if given)."""
    errors: dict[str, str] = {}
    for problem in problems:
        key = field or problem.location.field or "published"
        message = problem.message_zh if (get_language() or "zh-hans").startswith("zh") else problem.message_en
        errors[key] = _("；").join(filter(None, [errors.get(key, ""), message]))
    return RoundRefused(errors, problems)


def withdraw(user: Any, round: Round, *, reason: str) -> Round:
    """Take published results off the public page, with a reason (audited); they can be published again."""
    reason = reason.strip()
    if not reason:
        raise RoundRefused({"reason": _("请写明撤回公开的理由")})
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if not locked.published:
            raise RoundRefused({"published": _("本轮次的结果尚未公开，无需撤回")})
        locked.published = False
        locked.save(update_fields=["published"])
        record(
            user,
            Action.ROUND,
            round=locked,
            target=locked.name,
            before={"published": True},
            after={"published": False, "reason": reason},
        )
    return locked
