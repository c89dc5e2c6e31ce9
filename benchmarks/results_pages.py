"""The results pages' server time: the ranking and a unit's results, beside an authenticated baseline.

    .venv/bin/python benchmarks/results_pages.py [--requests 40] [--schools 20000]

It loads the demo round (the bundled city: 38 districts) into a fresh data directory (SQLite),
adds a generated province round of 150 counties (``--schools`` schools, last year's values too,
every county submitted), and, as the office, asks each page ``--requests`` times in turn inside
the server's process (Django's test client: middleware, access rules, scoring, templates; no
network): the rounds list (the baseline: a cheap authenticated page), the ranking, and the unit
page of the first ranked unit. The first request of each page (scoring the round and last year
once per process) is reported apart; p50 and p95 are over the others. The engine is the web
default (DuckDB).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, write_section

DUDAO = str(Path(PYTHON).parent / "dudao")

# Run inside a process with Django set up on the data directory: add the province round.
PROVINCE = r"""
import sys
from datetime import date
from dudao.web.server import setup
setup()
from django.contrib.auth.models import User
from dudao.engine.dataset import Dataset
from dudao.samples import to_dataset
from dudao.samples.generate import generate_province
from dudao.store.accounts.models import Unit
from dudao.store.rounds import services
from dudao.store.rounds.models import Round, RoundUnit, Status
from dudao.web.demo import load_units
schools = int(sys.argv[1])
dataset = to_dataset(generate_province(n_schools=schools, n_counties=150, seed=1), source="benchmark")
load_units(dataset.units)
office = User.objects.get(username="office")
scheme = Round.objects.get().scheme
round = services.create_round(office, name="示例省150个县（区）评价（基准测试）", scheme=scheme,
                              scope=Unit.objects.get(code="990000"), deadline=date(2099, 1, 1))
periods = sorted(dataset.periods)[-2:]
services.load_values(round, dataset, periods)
RoundUnit.objects.filter(round=round).update(status=Status.SUBMITTED)
round.state = Round.State.OPEN
round.save(update_fields=["state"])
print(round.pk, round.entries.count(), dataset.values.shape[0])
"""

# Run inside the same kind of process: time the pages.
MEASURE = r"""
import json, sys, time
from dudao.web.server import setup
setup()
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from dudao.store.rounds.engine import current_results
from dudao.store.rounds.models import Round
requests = int(sys.argv[1])
client = Client()
client.force_login(User.objects.get(username="office"))
found = {}
for round in Round.objects.order_by("pk"):
    first = current_results(round).ranked()[0].code
    pages = {
        "baseline": reverse("rounds"),
        "ranking": reverse("round_results", args=[round.pk]),
        "unit": reverse("unit_results", args=[round.pk, first]),
    }
    times = {name: [] for name in pages}
    cold = {}
    for name, url in pages.items():
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        cold[name] = time.perf_counter() - start
    for _ in range(requests):
        for name, url in pages.items():
            start = time.perf_counter()
            response = client.get(url)
            times[name].append(time.perf_counter() - start)
            assert response.status_code == 200, url
    found[round.name] = {"units": round.entries.count(), "cold": cold, "times": times}
print(json.dumps(found, ensure_ascii=False))
"""


def _run(code: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "-c", code, *args], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--schools", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dudao-results-bench-") as folder:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DUDAO_DATA_DIR=folder, DUDAO_WEB_BACKEND=env.get("DUDAO_WEB_BACKEND", "duckdb"))
        subprocess.run(
            [DUDAO, "demo", "--no-serve", "--data-dir", folder], env=env, check=True, capture_output=True
        )
        start = time.perf_counter()
        province = _run(PROVINCE, env, str(args.schools))
        loaded = time.perf_counter() - start
        found = json.loads(_run(MEASURE, env, str(args.requests)))
    lines = [
        "## Results pages (web part 2)",
        "",
        f"`python benchmarks/results_pages.py --requests {args.requests} --schools {args.schools}`: "
        "server time of one request as the office, inside the server's process (Django's test client: "
        "access rules, "
        "scoring, templates; no network), SQLite, DuckDB engine. Each round's pages are asked in turn "
        f"{args.requests} times after a first request (reported apart: it scores the round and last year "
        "once per process). The baseline is the rounds list, a cheap authenticated page, measured in the "
        "same run. The ranking page shows every unit with last year's total and rank and every area; "
        "the unit page shows the radar, every item's chain from data to final points and last year's "
        "points.",
        "",
        "| round | units | page | first request | p50 | p95 |",
        "|---|---:|---|---:|---:|---:|",
    ]
    labels = {"baseline": "baseline: rounds list", "ranking": "ranking", "unit": "unit page"}
    for name, measured in found.items():
        for page, label in labels.items():
            times = measured["times"][page]
            lines.append(
                f"| {name} | {measured['units']} | {label} | {_ms(measured['cold'][page])} "
                f"| {_ms(_p(times, 50))} | {_ms(_p(times, 95))} |"
            )
    _round, units, values = province.split()
    lines += [
        "",
        f"The province round ({units} counties, {args.schools:,} schools, {int(values):,} values over two "
        f"years) took {loaded:.0f} s to generate and load.",
    ]
    write_section("results-pages", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
