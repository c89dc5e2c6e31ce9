"""One of several editors saving the same field of the same unit at the same moment.

``python -m tests.reliability.concurrent_driver DATABASE_URL DATA_DIR FOLDER NUMBER ROUNDS``: for
each round ``r`` it waits for ``FOLDER/go-r`` (which holds the value every editor's form showed),
then saves ``teacher_avg_pay`` of 江北区 through the store's service with that original and a value
of its own, and writes what happened to ``FOLDER/r-NUMBER``: ``saved VALUE``, or ``stale``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ELEMENT = "teacher_avg_pay"
UNIT = "500105"


def main(database_url: str, data_dir: str, folder: Path, number: int, rounds: int) -> None:
    from dudao import store

    store.setup(database_url, data_dir=data_dir)
    store.migrate()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from dudao.store.accounts.models import Unit
    from dudao.store.entry.services import EntryRefused, FieldInput, save_values
    from dudao.store.rounds.models import Round

    round = Round.objects.get(pk=1)
    unit = Unit.objects.get(code=UNIT)
    user = get_user_model().objects.get(username="jiangbei")
    for r in range(rounds):
        go = folder / f"go-{r}"
        while not go.exists():
            time.sleep(0.001)
        shown = go.read_text().strip()
        original = None if shown == "" else float(shown)
        value = 100_000 + r * 100 + number
        try:
            save_values(user, round, unit, [FieldInput(ELEMENT, str(value), original=original)])
            outcome = f"saved {value}"
        except EntryRefused as refused:
            outcome = refused.code
        except Exception as error:  # the test fails saying what it was
            outcome = f"{type(error).__name__}: {error}"
        connection.close()
        (folder / f"{r}-{number}.part").write_text(outcome)
        (folder / f"{r}-{number}.part").rename(folder / f"{r}-{number}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
