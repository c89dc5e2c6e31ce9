"""Tables as JSON lines and back: every column of every row, the same from SQLite and PostgreSQL.

Django's ``python`` serializer gives each row's primary key and fields; times keep their
microseconds (Django's JSON encoder would drop them), decimals are text, a JSON column's keys keep
their order (SQLite stores the text as written). Rows are inserted back
as they were (``raw``: no ``auto_now``, no history records, no signals' side effects), in batches.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, models
from django.utils.duration import duration_iso_string

BATCH = 500


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own (many-to-many tables included), in a stable order."""
    found = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    return sorted(found, key=label_of)


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _columns(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.local_concrete_fields if not f.primary_key]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def dump(model: type[models.Model], out: IO[str]) -> int:
    """Write ``model``'s rows to ``out``, one JSON object a line, in primary-key order; the count."""
    rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
    count = 0
    for record in serializers.serialize("python", rows, fields=_columns(model)):
        out.write(json.dumps(record, default=_plain, ensure_ascii=False, allow_nan=False) + "\n")
        count += 1
    return count


def load(model: type[models.Model], records: Iterable[dict[str, Any]]) -> int:
    """Insert ``records`` (as :func:`dump` wrote them) into ``model``'s table as they are; the count."""
    fields = list(model._meta.local_concrete_fields)
    count = 0
    for batch in _batches(serializers.deserialize("python", records, ignorenonexistent=False), BATCH):
        model._base_manager._insert(  # type: ignore[attr-defined]
            [d.object for d in batch], fields=fields, using=connection.alias, raw=True
        )
        count += len(batch)
    return count


def empty(models_: Iterable[type[models.Model]]) -> None:
    """Delete every row of these tables (foreign keys are checked when the transaction commits);
    a table already empty is left alone (the audit log's triggers refuse any DELETE on it)."""
    with connection.cursor() as cursor:
        for model in models_:
            if model._base_manager.exists():
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def after_load(models_: list[type[models.Model]]) -> None:
    """Let new rows get keys after the restored ones, and check foreign keys where the database
    would only at commit."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(statement)
    connection.check_constraints(table_names=[m._meta.db_table for m in models_])


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
