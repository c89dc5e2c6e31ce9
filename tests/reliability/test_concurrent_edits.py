"""Editors saving the same field at the same moment: one save wins, the others are refused as
stale, and no update is lost. On SQLite, and on PostgreSQL with ``DATABASE_URL`` set.

Each editor is a process of its own (:mod:`tests.reliability.concurrent_driver`) calling the
store's service, as the page and the API do; in every round all of them start from the value
their forms showed and save a different value at once. The sequential cases (a form left open
while another saves; comments, narratives, self-scores, the API) are in
``tests/web/test_stale_forms.py``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.sites import Sites, finish, postgres_url, python

pytestmark = pytest.mark.slow
EDITORS = 4
ROUNDS = 50

CHECK = """
import json, sys
from dudao import store
store.setup(sys.argv[1], data_dir=sys.argv[2])
from dudao.store.audit.models import AuditEntry
from dudao.store.entry.models import DataValue
from dudao.store.rounds.models import Round
period = Round.objects.get(pk=1).period
value = DataValue.objects.get(round_id=1, unit_id="500105", element="teacher_avg_pay", period=period)
history = value.history.count()
audit = AuditEntry.objects.filter(action="value", target="teacher_avg_pay").count()
print(json.dumps({"value": value.value, "history": history, "audit": audit}))
"""


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    if request.param == "postgresql":
        postgres_url()
    made = Sites(str(request.param), tmp_path_factory.mktemp(f"edits-{request.param}"), "edits")
    yield made
    made.drop()


def test_simultaneous_saves_lose_no_update(sites: Sites, tmp_path: Path) -> None:
    url, data_dir = sites.copy("edits")
    editors = [
        python(
            "-m",
            "tests.reliability.concurrent_driver",
            url,
            str(data_dir),
            str(tmp_path),
            str(n),
            str(ROUNDS),
        )
        for n in range(EDITORS)
    ]
    shown = ""  # the demo leaves teacher_avg_pay of 江北区 to fill
    saved: list[float] = []
    for r in range(ROUNDS):
        (tmp_path / f"go-{r}.part").write_text(shown)  # whole, before an editor sees it
        (tmp_path / f"go-{r}.part").rename(tmp_path / f"go-{r}")
        outcomes = {}
        deadline = time.monotonic() + 600
        while len(outcomes) < EDITORS:
            assert time.monotonic() < deadline, f"round {r}: editors did not answer"
            for n in range(EDITORS):
                answer = tmp_path / f"{r}-{n}"
                if n not in outcomes and answer.exists():
                    outcomes[n] = answer.read_text()
            time.sleep(0.002)
        winners = [o for o in outcomes.values() if o.startswith("saved ")]
        assert len(winners) == 1, f"round {r}: {outcomes}"
        assert sorted(o for o in outcomes.values() if not o.startswith("saved ")) == ["stale"] * (EDITORS - 1)
        shown = winners[0].removeprefix("saved ")
        saved.append(float(shown))
    for editor in editors:
        finish(editor)
    stored = json.loads(finish(python("-c", CHECK, url, str(data_dir))))
    assert stored["value"] == saved[-1]
    assert stored["history"] == ROUNDS  # one version per winning save, none overwritten unseen
    assert stored["audit"] == ROUNDS
    print(
        json.dumps(
            {
                "database": sites.kind,
                "editors": EDITORS,
                "rounds": ROUNDS,
                "saves": EDITORS * ROUNDS,
                "won": ROUNDS,
                "refused as stale": (EDITORS - 1) * ROUNDS,
                "lost updates": 0,
            }
        )
    )
