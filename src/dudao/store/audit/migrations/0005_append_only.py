"""The audit log becomes append-only: its foreign keys protect it, and triggers refuse changes.

The round and the user an entry names are protected (a round with entries, or an account that
has acted, can no longer be deleted; until now deleting a round deleted its entries and deleting
an account rewrote them). Triggers on SQLite and PostgreSQL abort every ``UPDATE`` and ``DELETE``
of the table (and ``TRUNCATE`` on PostgreSQL), so no client can change the log, not only the ORM.

A later migration that rebuilds the table on SQLite (SQLite rebuilds a table for most column
changes) drops its triggers; ``tests/store/test_audit_append_only.py`` checks they are there.
"""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "audit_auditentry"
MESSAGE = "audit log is append-only: {operation} of audit_auditentry refused (审计日志只能追加，不能修改或删除)"

SQLITE = [
    f"CREATE TRIGGER {TABLE}_no_{operation.lower()} BEFORE {operation} ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE.format(operation=operation)}'); END"
    for operation in ("UPDATE", "DELETE")
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{operation}" for operation in ("update", "delete")]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE.format(operation="%")}', TG_OP;
END
$$""",
    f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()",
    f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]

_FORWARD = {"sqlite": SQLITE, "postgresql": POSTGRESQL}
_REVERSE = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}


def _run(statements: dict[str, list[str]], schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise RuntimeError(f"no append-only triggers for the {vendor} database; dudao supports SQLite and PostgreSQL")
    for statement in statements[vendor]:
        schema_editor.execute(statement, params=None)


def add_triggers(apps: Any, schema_editor: Any) -> None:
    _run(_FORWARD, schema_editor)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    _run(_REVERSE, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_login_unlocked_action"),
        ("rounds", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditentry",
            options={
                "base_manager_name": "objects",
                "ordering": ["-at", "-id"],
                "verbose_name": "审计记录",
                "verbose_name_plural": "审计记录",
            },
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="rounds.round",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
