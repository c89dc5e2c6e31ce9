"""Fixtures of the store's tests."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.db import connection

from dudao.store.backup.restore import _MADE_BY_MIGRATE
from dudao.store.backup.rows import backed_up_models, empty, label_of

# The migration that makes the audit log append-only holds its triggers' SQL.
_APPEND_ONLY = importlib.import_module("dudao.store.audit.migrations.0005_append_only")


@pytest.fixture
def sequences_kept(db: None) -> Iterator[None]:
    """PostgreSQL's key sequences as they were before the test, after it.

    A restore sets every sequence after the rows it restored; a sequence change outlives the
    rollback of the test's transaction. Left so, the next test in the same process would be handed
    keys that rows committed for the whole session (the web's demo round) already hold.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")
        before = cursor.fetchall()
    yield
    with connection.cursor() as cursor:
        for name, last in before:
            if last is None:  # never used: the next key is its start
                cursor.execute("SELECT setval(%s, 1, false)", [name])
            else:
                cursor.execute("SELECT setval(%s, %s, true)", [name, last])


@pytest.fixture
def empty_store(db: None) -> None:
    """Every table of the store emptied inside this test's transaction, which is rolled back after it.

    Other tests in the same process may have filled the database for the whole session (the web's
    tests load the demo round once, in ``tests/web/conftest.py``); a test of what happens to an
    empty database asks for this. The audit log's triggers refuse any DELETE, so they are dropped,
    the rows deleted and the triggers made again, all in the same transaction.
    """
    with connection.cursor() as cursor:
        for statement in _APPEND_ONLY._REVERSE[connection.vendor]:
            cursor.execute(statement)
        empty(m for m in backed_up_models() if label_of(m) not in _MADE_BY_MIGRATE)
        for statement in _APPEND_ONLY._FORWARD[connection.vendor]:
            cursor.execute(statement)
