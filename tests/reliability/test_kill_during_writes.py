"""SIGKILL in the middle of a large import and of a round close: the database is exactly as before
or exactly as after, never in between. On SQLite, and on PostgreSQL with ``DATABASE_URL`` set
(the test makes and drops its own databases there).

The demo round (with evidence files) is the starting point; the import is a CSV of every stored
value of the round changed, and the same values two years earlier (new rows), which the store
takes in one transaction (``dudao import --partial``, through :mod:`tests.reliability.kill_driver`
with a fixed clock). One run goes to the end and gives the state "after"; the other runs are each
killed at a different moment after the work entered its transaction (and one before). Every table
is compared in full, row by row, with the states before and after.
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.sites import Sites, finish, postgres_url, python, site

pytestmark = pytest.mark.slow
# When each kill lands: before the work's transaction, then these fractions of the time the
# transaction took in the run that went to the end.
KILL_AT = (None, 0.0, 0.2, 0.4, 0.6, 0.8, 0.95)
IMPORT_VALUES = 12_000


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    if request.param == "postgresql":
        postgres_url()
    made = Sites(str(request.param), tmp_path_factory.mktemp(f"kill-{request.param}"), "kill")
    yield made
    made.drop()


def _large_import(sites: Sites, folder: Path) -> Path:
    """``IMPORT_VALUES`` stored values of the round, each changed, and the same two years earlier."""
    url, data_dir = sites.copy("export")
    exported = folder / "exported.csv"
    finish(
        python(
            "-m",
            "dudao",
            "export",
            "--round",
            "1",
            "--out",
            str(exported),
            "--data-dir",
            str(data_dir),
            DATABASE_URL=url,
        )
    )
    with exported.open(encoding="utf-8-sig", newline="") as source:
        rows = [r for r in csv.DictReader(source) if r["value"] not in ("", "0", "1")][:IMPORT_VALUES]
    large = folder / "large.csv"
    with large.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["unit", "element", "period", "value"])
        for row in rows:
            changed = repr(round(float(row["value"]) * 0.99, 6))
            writer.writerow([row["unit"], row["element"], row["period"], changed])
            writer.writerow([row["unit"], row["element"], int(row["period"]) - 2, changed])
    return large


def _run(
    sites: Sites, name: str, args: list[str], kill_after: float | None, work: float
) -> tuple[str, str, float]:
    """Run the driver on a fresh copy, killed ``kill_after`` × ``work`` seconds into its
    transaction (``None``: before it; ``inf``: never). How it ended, the state it left, and how
    long it ran after entering its transaction."""
    url, data_dir = sites.copy(name)
    marker = sites.folder / f"{name}.marker"
    process = python(
        "-m",
        "tests.reliability.kill_driver",
        args[0],
        url,
        str(data_dir),
        *args[1:],
        DUDAO_KILL_MARKER=str(marker),
    )
    if kill_after is None:
        time.sleep(0.5)
    else:
        while not marker.exists() and process.poll() is None:
            time.sleep(0.002)
    entered = time.monotonic()
    if kill_after is not None and kill_after != float("inf"):
        time.sleep(kill_after * work)
    if kill_after == float("inf"):
        finish(process)
        ended = "finished"
    else:
        ended = "finished" if process.poll() is not None else "killed"
        process.kill()
        process.communicate(timeout=60)
    inside = time.monotonic() - entered
    return ended, json.dumps(site("snapshot", url, data_dir), sort_keys=True), inside


def _kill_runs(sites: Sites, action: list[str]) -> dict[str, Any]:
    before = json.dumps(site("snapshot", sites.base_url, sites.base_dir), sort_keys=True)
    _, after, work = _run(sites, "complete", action, float("inf"), 0)
    assert after != before, "the run to the end changed nothing"
    outcomes: Counter[str] = Counter()
    for number, kill_after in enumerate(KILL_AT):
        ended, state, _ = _run(sites, f"killed-{number}", action, kill_after, work)
        assert state in (before, after), (
            f"killed at {kill_after}: the database is neither as before nor as after"
        )
        outcomes[f"{ended}, {'before' if state == before else 'after'}"] += 1
    figures = {
        "database": sites.kind,
        "action": action[0],
        "seconds in the transaction": round(work, 2),
        "runs": len(KILL_AT),
        "rows lost": 0,
        **outcomes,
    }
    print(json.dumps(figures, ensure_ascii=False))
    return figures


def test_a_killed_import_leaves_the_database_before_or_after(sites: Sites, tmp_path: Path) -> None:
    figures = _kill_runs(sites, ["import", str(_large_import(sites, tmp_path))])
    assert figures.get("killed, before", 0) >= 3, figures  # kills landed inside the transaction


def test_a_killed_close_leaves_the_database_before_or_after(sites: Sites) -> None:
    figures = _kill_runs(sites, ["close"])
    assert figures.get("killed, before", 0) >= 2, figures
