"""The bundled round as a live web round: units, accounts per role, data in varied states.

The other 37 districts stand where a real round stands a week before its deadline: most have
submitted, some are still entering, two have not started and one was returned. Jiangbei
(500105) is in progress with a few district figures still to fill, so that a person can log in
as its editor, fill them, watch the score preview move, upload evidence and submit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from dudao.documents.prose import load_prose
from dudao.engine.dataset import Unit as DataUnit
from dudao.samples import bundled_dataset, bundled_prose_path, bundled_scheme_path
from dudao.store.accounts.models import Profile, Role, Unit
from dudao.store.entry.models import BonusRecord, DataValue, Narrative, ReturnedField, ReviewedLevel
from dudao.store.rounds import services
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import ReviewerAssignment, Round, RoundUnit, Status

DEMO_PASSWORD = "dudao-demo-2022"
ROUND_NAME = "重庆市2022年对区县人民政府履行教育职责评价（示例）"
JIANGBEI = "500105"
# Jiangbei's district figures left for the demo user to fill (the seed report has them).
LEFT_TO_FILL = ("edu_budget", "pop_3_5", "teacher_avg_pay")
NOT_STARTED = ("500118", "500119")
IN_PROGRESS = ("500101", "500102", "500110", "500151")
RETURNED = "500103"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    unit: str  # "" for roles without a unit
    note: str


def demo_accounts(school: str) -> tuple[DemoAccount, ...]:
    return (
        DemoAccount("admin", Role.ADMIN, "", "系统管理员"),
        DemoAccount("office", Role.OFFICE, "", "市政府教育督导室"),
        DemoAccount("reviewer", Role.REVIEWER, "", "评审专家：渝中区、大渡口区、沙坪坝区"),
        DemoAccount("jiangbei", Role.UNIT_EDITOR, JIANGBEI, "江北区教委填报员"),
        DemoAccount("jiangbei-approver", Role.UNIT_APPROVER, JIANGBEI, "江北区教委审核员（提交）"),
        DemoAccount("jiangbei-school", Role.SCHOOL_EDITOR, school, "江北区一所学校的填报员"),
        DemoAccount("yuzhong", Role.UNIT_EDITOR, "500103", "渝中区教委填报员（另一个区县）"),
        DemoAccount("public", Role.PUBLIC, "", "公众：只看已公开的结果"),
    )


def load_demo() -> tuple[Round, tuple[DemoAccount, ...]]:
    """Create the demo round once; later calls return it as it is (with its users' work)."""
    existing = Round.objects.filter(name=ROUND_NAME).first()
    school = _first_school()
    if existing is not None and school is not None:
        return existing, demo_accounts(school)
    dataset = bundled_dataset()
    with transaction.atomic():
        load_units(dataset.units)
        school = _first_school() or JIANGBEI
        accounts = demo_accounts(school)
        users = {a.username: _account(a) for a in accounts}
        text = bundled_scheme_path().read_text(encoding="utf-8")
        scheme = services.store_scheme(users["admin"], text, "bundled:cq-district-2022")
        today = timezone.localdate()
        round = services.create_round(
            users["office"],
            name=ROUND_NAME,
            scheme=scheme,
            scope=Unit.objects.get(code="500000"),
            deadline=today + timedelta(days=7),
            review_deadline=today + timedelta(days=30),
        )
        services.load_values(round, dataset, [round.period - 1, round.period])
        DataValue.objects.filter(
            round=round, period=round.period, unit_id=JIANGBEI, element__in=LEFT_TO_FILL
        ).delete()
        for code in NOT_STARTED:
            DataValue.objects.filter(
                round=round, period=round.period, unit__path__contains=f"/{code}/"
            ).delete()
        ReviewedLevel.objects.bulk_create(
            ReviewedLevel(
                round=round, unit_id=r.unit, item=r.item, level=r.level, reviewer=r.reviewer, note=r.note
            )
            for r in dataset.reviews
        )
        BonusRecord.objects.bulk_create(
            BonusRecord(
                round=round, unit_id=b.unit, item=b.item, claimed=b.claimed, accepted=b.accepted, note=b.note
            )
            for b in dataset.bonus
        )
        _narratives(round, users["jiangbei"])
        _statuses(round, users["office"])
        for code in ("500103", "500104", "500106"):
            ReviewerAssignment.objects.create(round=round, reviewer=users["reviewer"], unit_id=code)
        round = services.set_state(users["office"], round, Round.State.OPEN)
    return round, accounts


def _narratives(round: Round, author: User) -> None:
    """Jiangbei's own account of each area, from its 2022 report (the bundled prose file)."""
    scheme = scheme_of(round.scheme)
    prose, _ = load_prose(bundled_prose_path(), {a.code for a in scheme.items}, set(scheme.item_by_code))
    assert prose is not None, "the bundled prose file is checked by the tests"
    Narrative.objects.bulk_create(
        Narrative(round=round, unit_id=unit, area=area, text=text, updated_by=author)
        for unit, areas in prose.narratives.items()
        for area, text in areas.items()
    )


def load_units(units: Iterable[DataUnit]) -> None:
    """Store the units tree (parents first); units already stored are kept."""
    known = set(Unit.objects.values_list("code", flat=True))
    paths: dict[str, str] = dict(Unit.objects.values_list("code", "path"))
    new = []
    for unit in units:  # the dataset lists parents before children
        code, name, parent, level, school_type = unit
        path = (paths.get(parent, "/") if parent else "/") + f"{code}/"
        paths[code] = path
        if code not in known:
            new.append(
                Unit(
                    code=code,
                    name=name,
                    parent_id=parent or None,
                    level=level,
                    school_type=school_type or "",
                    path=path,
                )
            )
    Unit.objects.bulk_create(new, batch_size=2000)


def _first_school() -> str | None:
    return (
        Unit.objects.filter(path__startswith=f"/500000/{JIANGBEI}/", level="school")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )


def _account(account: DemoAccount) -> User:
    users = get_user_model()
    user, _created = users.objects.get_or_create(username=account.username)
    user.set_password(DEMO_PASSWORD)
    user.first_name = account.note
    # a demo address (example.org reaches no one), so that reminders show whom they would mail
    user.email = f"{account.username}@example.org" if account.unit else ""
    user.is_superuser = user.is_staff = account.role is Role.ADMIN
    user.save()
    Profile.objects.update_or_create(
        user=user, defaults={"role": account.role, "unit_id": account.unit or None}
    )
    return user


def _statuses(round: Round, office: User) -> None:
    now = timezone.now()
    for entry in RoundUnit.objects.filter(round=round):
        code = entry.unit_id
        if code in NOT_STARTED:
            continue
        if code == JIANGBEI or code in IN_PROGRESS:
            entry.status, entry.started_at = Status.IN_PROGRESS, now - timedelta(days=3)
        else:
            entry.status, entry.started_at = Status.SUBMITTED, now - timedelta(days=5)
            entry.submitted_at = now - timedelta(days=1)
        entry.save()
    returned = RoundUnit.objects.get(round=round, unit_id=RETURNED)
    returned.status = Status.RETURNED
    returned.save()
    ReturnedField.objects.create(
        entry=returned,
        field="edu_budget",
        returned_by=office,
        reason="一般公共预算教育经费与财政决算数不一致，请核对后重新填报",
    )
