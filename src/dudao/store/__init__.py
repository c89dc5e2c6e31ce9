"""The store: the persistent state of rounds 评价轮次, and the services that change it.

It is Django's ORM without the web: the command line and the tests use it through
:func:`setup`, the web app (:mod:`dudao.web`) through its own settings, which include these apps.
One Django app per concern, each keeping the label (and so the tables and the migration history)
it had when it lived in the web package:

``accounts``
    the units tree, dated, with its merges and splits (:mod:`.accounts.succession`), users' roles
    and API tokens; login throttling (:mod:`.accounts.throttle`);
``rounds``
    scheme versions, rounds and each unit's status in a round; the live results of a round
    (:mod:`.rounds.engine`); opening, closing and publishing (:mod:`.rounds.services`) and the
    checks before them (:mod:`.rounds.guards`); earlier periods (:mod:`.rounds.prior`); the
    documents of a round (:mod:`.rounds.documents`); a unit's frozen results across years
    (:mod:`.rounds.history`);
``entry``
    data values with their history, narratives, self-scores, reviewed levels, bonus records,
    evidence and narrative reports; saving, submitting and returning (:mod:`.entry.services`,
    :mod:`.entry.form`); importing values (:mod:`.entry.imports`);
``audit``
    the audit log of every change.

Modules import one another in one direction, never back, not even inside a function:
``accounts.models``, ``audit.models`` → ``rounds.models`` → ``accounts.succession``,
``entry.models`` → ``rounds.engine`` → the ``entry`` services → the ``rounds`` services.
"""

from __future__ import annotations

import os
from pathlib import Path

SETTINGS_MODULE = "dudao.store.settings"


def setup(database_url: str | None = None, *, data_dir: str | Path | None = None) -> None:
    """Configure Django for the store alone (no pages, no URLs), once per process.

    ``database_url`` (a ``DATABASE_URL``, e.g. ``postgres://user@host/name``) and ``data_dir``
    (the folder of the SQLite database and the evidence files) override the environment's
    ``DATABASE_URL`` and ``DUDAO_DATA_DIR``. When Django is already set up in this process (the
    web app, or a test run), the store is already there and nothing changes.
    """
    from django.conf import settings

    if not settings.configured:
        if data_dir is not None:
            os.environ["DUDAO_DATA_DIR"] = str(data_dir)
        if database_url is not None:
            os.environ["DATABASE_URL"] = database_url
        # The store's own settings, even where the environment names the web's (a test run
        # does): a command on a stored round must not load the web app.
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    import django

    django.setup()


def migrate(*, quiet: bool = True) -> None:
    """Bring the database's tables up to date (does nothing when they are)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)
