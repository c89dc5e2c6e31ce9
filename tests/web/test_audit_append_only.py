"""The audit log is append-only (issue #16, part 2, item 3): the ORM refuses every change or
delete of an entry, the database's triggers refuse raw SQL too, and nothing deleted elsewhere
(a round, an account) takes entries with it.

Runs on SQLite, and on PostgreSQL with ``DATABASE_URL`` set (``./dev test`` does). The scan of the
code for changes to the log is ``tests/store/test_no_code_changes_the_audit_log.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from dudao.errors import AppendOnlyError
from dudao.store.audit.models import Action, AuditEntry, record
from dudao.store.rounds.models import Round
from dudao.web.demo import DEMO_PASSWORD
from tests.web.conftest import login

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def entry(db: None, user: Any) -> AuditEntry:
    return record(user("office"), Action.ROUND, target="审计测试", before={"a": 1}, after={"a": 2})


def _unchanged(entry: AuditEntry) -> None:
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.username, stored.target, stored.before, stored.after) == (
        "office",
        "审计测试",
        {"a": 1},
        {"a": 2},
    )


ORM_CHANGES: dict[str, Callable[[AuditEntry], object]] = {
    "save() of a stored entry": lambda e: (setattr(e, "target", "改过"), e.save()),
    "save(update_fields=…)": lambda e: e.save(update_fields=["target"]),
    "delete() of an entry": lambda e: e.delete(),
    "queryset update()": lambda e: AuditEntry.objects.filter(pk=e.pk).update(target="改过"),
    "manager update()": lambda e: AuditEntry.objects.update(target="改过"),
    "queryset delete()": lambda e: AuditEntry.objects.filter(pk=e.pk).delete(),
    "manager all().delete()": lambda e: AuditEntry.objects.all().delete(),
    "bulk_update()": lambda e: AuditEntry.objects.bulk_update([e], ["target"]),
    "update_or_create()": lambda e: AuditEntry.objects.update_or_create(pk=e.pk, defaults={"target": "改过"}),
    "bulk_create(update_conflicts)": lambda e: AuditEntry.objects.bulk_create(
        [AuditEntry(pk=e.pk, username="x", action=Action.ROUND)],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["username"],
    ),
    "base manager (Django's internal lookups)": lambda e: AuditEntry._base_manager.filter(pk=e.pk).delete(),
}


@pytest.mark.parametrize("change", ORM_CHANGES.values(), ids=ORM_CHANGES.keys())
def test_the_orm_refuses_every_change_and_delete(
    entry: AuditEntry, change: Callable[[AuditEntry], object]
) -> None:
    with pytest.raises(AppendOnlyError, match="append-only"):
        change(entry)
    _unchanged(entry)


def test_new_entries_are_still_written(entry: AuditEntry) -> None:
    AuditEntry.objects.bulk_create([AuditEntry(username="office", action=Action.ROUND, target="批量")])
    assert AuditEntry.objects.filter(target__in=["审计测试", "批量"]).count() == 2


def _raw_statements() -> dict[str, str]:
    statements = {
        "UPDATE": f"UPDATE {TABLE} SET target = 'changed' WHERE id = %s",
        "UPDATE of every row": f"UPDATE {TABLE} SET username = 'nobody'",
        "DELETE": f"DELETE FROM {TABLE} WHERE id = %s",
        "DELETE of every row": f"DELETE FROM {TABLE}",
    }
    if connection.vendor == "postgresql":
        statements["TRUNCATE"] = f"TRUNCATE {TABLE} CASCADE"
    return statements


def test_the_database_refuses_raw_updates_and_deletes(entry: AuditEntry) -> None:
    if connection.vendor == "postgresql":  # TRUNCATE waits for no deferred foreign-key check of the insert
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    refused = []
    for name, sql in _raw_statements().items():
        with pytest.raises(DatabaseError) as raised, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk] if "%s" in sql else None)
        assert "audit log is append-only" in str(raised.value), name
        refused.append(name)
        _unchanged(entry)
    assert len(refused) == (5 if connection.vendor == "postgresql" else 4)


def test_the_triggers_are_installed(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            assert {row[0] for row in cursor.fetchall()} == {f"{TABLE}_no_update", f"{TABLE}_no_delete"}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE]
            )
            assert {row[0] for row in cursor.fetchall()} == {f"{TABLE}_no_change", f"{TABLE}_no_truncate"}


def test_deleting_a_round_does_not_take_its_entries(demo_round: Round) -> None:
    entries = AuditEntry.objects.filter(round=demo_round).count()
    assert entries > 0
    with pytest.raises(ProtectedError), transaction.atomic():
        demo_round.delete()
    assert AuditEntry.objects.filter(round=demo_round).count() == entries


def test_an_account_that_acted_is_kept_not_deleted(entry: AuditEntry, user: Any) -> None:
    with pytest.raises(ProtectedError), transaction.atomic():
        user("office").delete()
    _unchanged(entry)
    assert AuditEntry.objects.get(pk=entry.pk).user == user("office")


def test_the_admin_offers_deactivation_for_an_audited_account(entry: AuditEntry, user: Any) -> None:
    office = user("office")
    admin = login("admin")
    url = f"/admin/auth/user/{office.pk}/delete/"
    page = admin.get(url).content.decode()
    assert "office：审计日志中有" in page and "请在账户页取消“有效”以停用" in page
    assert "审计记录: " not in page  # one line per account, not one per entry
    admin.post(url, {"post": "yes"})
    assert get_user_model().objects.filter(pk=office.pk).exists()
    _unchanged(entry)


def test_the_admin_deletes_an_account_that_never_acted(db: None) -> None:
    idle = get_user_model().objects.create_user("idle", password=DEMO_PASSWORD)
    response = login("admin").post(f"/admin/auth/user/{idle.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=idle.pk).exists()
