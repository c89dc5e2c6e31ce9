"""A write to a stored round, in a process of its own, for a test to kill with SIGKILL.

``python -m tests.reliability.kill_driver import DATABASE_URL DATA_DIR FILE`` runs ``dudao import
FILE --round 1 --partial``; ``… close DATABASE_URL DATA_DIR`` closes round 1 through the store's
service (:func:`dudao.store.rounds.services.close_round`), as the office's page does.

The clock is fixed (every ``timezone.now()`` gives the same moment), so that two runs to the end
write the same rows, times included; and when the work reaches its transaction (the import's
storing, the close's freezing of results), the driver creates the file named by
``DUDAO_KILL_MARKER``, so that the test knows its SIGKILL lands inside it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

FIXED_NOW = dt.datetime(2026, 6, 30, 8, 0, 0, 123456, tzinfo=dt.UTC)


def _freeze_clock() -> None:
    from django.utils import timezone

    timezone.now = lambda: FIXED_NOW  # read as ``timezone.now()`` by Django, the store and simple_history


def _mark_when_called(module: Any, name: str) -> None:
    original = getattr(module, name)

    def marked(*args: Any, **kwargs: Any) -> Any:
        Path(os.environ["DUDAO_KILL_MARKER"]).touch()
        return original(*args, **kwargs)

    setattr(module, name, marked)


def run_import(file: str, data_dir: str) -> None:
    from dudao import store
    from dudao.cli.app import main

    store.setup(data_dir=data_dir)  # as the command will, so that the store's modules can be patched
    from dudao.store.entry import imports

    _mark_when_called(imports, "_store")
    sys.argv = ["dudao", "import", file, "--round", "1", "--partial", "--data-dir", data_dir]
    main()


def run_close(data_dir: str) -> None:
    from django.contrib.auth import get_user_model

    from dudao import store

    store.setup(data_dir=data_dir)
    store.migrate()
    from dudao.store.rounds import engine
    from dudao.store.rounds.models import Round
    from dudao.store.rounds.services import close_round

    _mark_when_called(engine, "current_results")
    round = Round.objects.get(pk=1)
    office = get_user_model().objects.get(username="office")
    close_round(office, round, confirmation=round.name)


if __name__ == "__main__":
    action, database_url, data_dir = sys.argv[1:4]
    os.environ["DATABASE_URL"] = database_url
    import django.utils.timezone  # noqa: F401 - patched before any store module reads it

    _freeze_clock()
    if action == "import":
        run_import(sys.argv[4], data_dir)
    else:
        run_close(data_dir)
