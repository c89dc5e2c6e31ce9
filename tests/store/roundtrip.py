"""A database made by main's migrations before the store moved, filled, then migrated to today's.

Run as ``python -m tests.store.roundtrip DATABASE_URL DATA_DIR`` on an empty database: it applies
the migration plan up to the migrations main had at 9f735a0 (when the round's state still lived
in ``dudao.web``), puts rows into every table, migrates to the newest migrations, and prints one
JSON object: every table's rows before and after (the columns it had before), the migrations
recorded, and what ``makemigrations`` would still write. Django runs in this process with the
web's settings, as a deployment's ``dudao serve`` would, so every table of an existing site is
there.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import sys
import uuid
from collections.abc import Iterable
from typing import Any

# The leaf migration of each app on main at 9f735a0: the layout existing databases have.
OLD_LAYOUT = {
    "accounts": "0001_initial",
    "rounds": "0001_initial",
    "entry": "0002_narrative_report",
    "audit": "0004_login_unlocked_action",
    "admin": "0003_logentry_add_action_flag_choices",
    "auth": "0012_alter_user_first_name_max_length",
    "contenttypes": "0002_remove_content_type_name",
    "sessions": "0001_initial",
}
ROWS = 2  # per table, so that a row mixed up with another shows


def _value(field: Any, model: Any, i: int, made: dict[Any, list[Any]]) -> Any:
    """A value for ``field`` in the ``i``-th row, distinct per row, Chinese where text."""
    if field.is_relation:
        target = field.related_model
        rows = made[target._meta.label_lower]
        if target._meta.label_lower == model._meta.label_lower:  # a tree: the second row under the first
            return rows[0] if i else None
        return rows[i % len(rows)]
    if field.choices:
        return list(field.flatchoices)[i % len(field.flatchoices)][0]
    kind = field.get_internal_type()
    name = f"{model._meta.model_name}.{field.name}"
    if kind in ("CharField", "TextField", "SlugField", "FileField", "ImageField", "FilePathField"):
        text = f"{i}-{name}" if kind == "SlugField" else f"{i}-{name}-中文"
        return text[: field.max_length] if field.max_length else text
    if kind == "EmailField":
        return f"user{i}@example.org"
    if kind == "GenericIPAddressField":
        return f"10.0.0.{i + 1}"
    if kind in ("IntegerField", "BigIntegerField", "SmallIntegerField"):
        return -3 - i
    if kind in ("PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField"):
        return 3 + i
    if kind == "FloatField":
        return 1234.5678 + i
    if kind == "DecimalField":
        return decimal.Decimal(1 + i).scaleb(-field.decimal_places)
    if kind == "BooleanField":
        return i % 2 == 0
    if kind == "DateTimeField":
        return dt.datetime(2022, 12, 13, 9, 30 + i, 15, 123456, tzinfo=dt.UTC)
    if kind == "DateField":
        return dt.date(2022, 12, 13 + i)
    if kind == "TimeField":
        return dt.time(9, 30 + i)
    if kind == "DurationField":
        return dt.timedelta(days=i, seconds=7)
    if kind == "JSONField":
        return {"值": [i, 1.5, None, "江北"], "ok": True}
    if kind == "UUIDField":
        return uuid.UUID(int=i + 1)
    if kind == "BinaryField":
        return bytes([i, 0, 255])
    raise TypeError(f"no test value for {name} ({kind}); teach roundtrip.py this field type")


def _in_order(models: Iterable[Any]) -> list[Any]:
    """Models ordered so that each comes after the models its required foreign keys point to."""
    pending = {m._meta.label_lower: m for m in models}
    ordered: list[Any] = []
    while pending:
        ready = [
            label
            for label, model in pending.items()
            if all(
                f.related_model._meta.label_lower not in pending or f.related_model is model
                for f in model._meta.concrete_fields
                if f.is_relation
            )
        ]
        if not ready:
            raise RuntimeError(f"foreign keys in a circle: {sorted(pending)}")
        for label in sorted(ready):
            ordered.append(pending.pop(label))
    return ordered


def fill(apps: Any) -> None:
    """``ROWS`` rows in every table the historical ``apps`` have, many-to-many tables included."""
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    made: dict[Any, list[Any]] = {}
    for model in _in_order(models):
        made[model._meta.label_lower] = []
        for i in range(ROWS):
            values = {
                f.name: _value(f, model, i, made)
                for f in model._meta.concrete_fields
                if not (f.primary_key and f.get_internal_type().endswith("AutoField"))
            }
            made[model._meta.label_lower].append(model.objects.create(**values))


def rows(connection: Any, tables: dict[str, list[str]] | None = None) -> dict[str, dict[str, Any]]:
    """Each table's columns and rows (sorted, as JSON-able text), or of ``tables``' columns."""
    found: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        names = sorted(tables) if tables is not None else sorted(connection.introspection.table_names(cursor))
        for table in names:
            if tables is not None:
                columns = tables[table]
            else:
                columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            found[table] = {
                "columns": columns,
                "rows": sorted(
                    json.dumps([_plain(v) for v in row], ensure_ascii=False) for row in cursor.fetchall()
                ),
            }
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta | decimal.Decimal | uuid.UUID):
        return f"{type(value).__name__}:{value}"
    return value


def main(database_url: str, data_dir: str) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DUDAO_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "dudao.web.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    leaves = dict(executor.loader.graph.leaf_nodes())
    unknown = set(OLD_LAYOUT) - set(leaves)
    if unknown:
        raise SystemExit(f"apps of the old layout missing today: {sorted(unknown)}")
    old = [(app, OLD_LAYOUT.get(app, name)) for app, name in sorted(leaves.items())]
    executor.migrate(old)
    with transaction.atomic():
        fill(executor.loader.project_state(old).apps)
    before = rows(connection)
    recorded_before = sorted(executor.recorder.applied_migrations())

    executor = MigrationExecutor(connection)
    executor.migrate(sorted(executor.loader.graph.leaf_nodes()))
    after = rows(connection, {table: found["columns"] for table, found in before.items()})
    recorded_after = sorted(MigrationExecutor(connection).recorder.applied_migrations())
    latest = MigrationExecutor(connection)
    unapplied = [str(migration) for migration, _ in latest.migration_plan(latest.loader.graph.leaf_nodes())]
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
        pending_changes = False
    except SystemExit:
        pending_changes = True
    connection.close()
    return {
        "old_layout": [list(node) for node in old],
        "before": before,
        "after": after,
        "recorded_before": [list(k) for k in recorded_before],
        "recorded_after": [list(k) for k in recorded_after],
        "unapplied": unapplied,
        "pending_model_changes": pending_changes,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2]), ensure_ascii=False))
