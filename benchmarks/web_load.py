"""Data entry under load: 50 simulated users saving values and asking for the score preview.

    .venv/bin/python benchmarks/web_load.py [--users 50] [--rounds 20] [--databases sqlite,postgres]

For each database it loads the demo round into a fresh data directory (and, for PostgreSQL, a
fresh database), starts ``dudao serve`` (gunicorn, 2 workers × 8 threads) on loopback, and
runs ``--users`` clients at once. Each client is a different account with its own unit (38
district editors, then school editors) and does ``--rounds`` rounds of: save one value
(``PUT …/values``), ask for the preview (``POST …/preview``), and read the round
(``GET /api/rounds/{id}``: the baseline, a cheap authenticated read measured under the same
load). The test stops by itself when every client has done its rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, write_section

DUDAO = str(Path(PYTHON).parent / "dudao")
POSTGRES = os.environ.get("DUDAO_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")

# Run inside the server's environment: accounts for the simulated users, every unit editable.
SETUP = r"""
import json, sys
from dudao.web.server import setup
setup()
from django.contrib.auth.models import User
from dudao.store.accounts.models import ApiToken, Profile, Role, Unit
from dudao.store.rounds.models import Round, RoundUnit, Status
users = int(sys.argv[1])
round = Round.objects.get()
RoundUnit.objects.filter(round=round).update(status=Status.IN_PROGRESS)
districts = list(Unit.objects.filter(level="district").order_by("code"))
schools = [Unit.objects.filter(parent=d, level="school").order_by("code").first() for d in districts]
targets = [(d, Role.UNIT_EDITOR) for d in districts] + [(s, Role.SCHOOL_EDITOR) for s in schools if s]
clients = []
for i, (unit, role) in enumerate(targets[:users]):
    user, _ = User.objects.get_or_create(username=f"load{i:02d}")
    Profile.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
    _, key = ApiToken.issue(user, "load test")
    clients.append({"token": key, "unit": unit.code, "school": role == Role.SCHOOL_EDITOR})
print(json.dumps({"round": round.pk, "clients": clients}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(database: str, data_dir: Path) -> tuple[dict[str, str], str | None]:
    env = dict(os.environ, DUDAO_DATA_DIR=str(data_dir))
    database_name = None
    if database == "postgres":
        import psycopg

        database_name = f"dudao_load_{os.getpid()}"
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {database_name}")
            con.execute(f"CREATE DATABASE {database_name}")
        env["DATABASE_URL"] = f"{POSTGRES}/{database_name}"
    subprocess.run(
        [DUDAO, "demo", "--no-serve", "--data-dir", str(data_dir)], env=env, check=True, capture_output=True
    )
    return env, database_name


def drop(database_name: str | None) -> None:
    if database_name is None:
        return
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {database_name} WITH (FORCE)")


async def client(
    base: str,
    round_id: int,
    spec: dict[str, object],
    rounds: int,
    think: float,
    timings: dict[str, list[float]],
) -> int:
    headers = {"Authorization": f"Bearer {spec['token']}"}
    unit = spec["unit"]
    element = "classes" if spec["school"] else "edu_budget"
    failures = 0
    rng = random.Random(str(unit))
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as http:
        values = f"/api/rounds/{round_id}/units/{unit}/values"
        current = (await http.get(values)).json()
        start = (
            next((v["value"] for v in current.get("values", []) if v["element"] == element), None) or 100.0
        )
        for i in range(rounds):
            value = round(float(start) * (1 + rng.uniform(-0.05, 0.05)), 1)
            for name, call in (
                (
                    "save",
                    lambda v=value: http.put(values, json={"values": [{"element": element, "value": v}]}),
                ),
                (
                    "preview",
                    lambda v=value: http.post(
                        f"/api/rounds/{round_id}/units/{unit}/preview",
                        json={"values": [{"element": element, "value": v + 1}]},
                    ),
                ),
                ("baseline", lambda: http.get(f"/api/rounds/{round_id}")),
            ):
                began = time.perf_counter()
                try:
                    response = await call()
                except httpx.HTTPError as error:  # a dropped connection counts as a failure
                    failures += 1
                    print(f"  {unit} {name}: {error!r}", file=sys.stderr)
                    continue
                elapsed = time.perf_counter() - began
                if response.status_code != 200:
                    failures += 1
                    if failures <= 3:
                        print(
                            f"  {unit} {name}: {response.status_code} {response.text[:200]}", file=sys.stderr
                        )
                elif i > 0:  # the first round warms each worker's copy of the round
                    timings[name].append(elapsed)
            if think:
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
    return failures


def run_load(database: str, users: int, rounds: int, think: float) -> dict[str, object]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"dudao-load-{database}-"))
    env, database_name = prepare(database, data_dir)
    server = None
    try:
        setup = subprocess.run(
            [PYTHON, "-c", SETUP, str(users)], env=env, check=True, capture_output=True, text=True
        )
        plan = json.loads(setup.stdout.strip().splitlines()[-1])
        port = free_port()
        log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - closed with the server
        server = subprocess.Popen(
            [DUDAO, "serve", "--port", str(port), "--data-dir", str(data_dir)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{base}/login/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        timings: dict[str, list[float]] = {"save": [], "preview": [], "baseline": []}

        async def everyone() -> list[int]:
            return await asyncio.gather(
                *(client(base, plan["round"], c, rounds, think, timings) for c in plan["clients"])
            )

        began = time.perf_counter()
        failures = sum(asyncio.run(everyone()))
        wall = time.perf_counter() - began
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop(database_name)
        server_log = data_dir / "server.log"
        if server_log.exists() and b"Traceback" in server_log.read_bytes():
            print(server_log.read_text(encoding="utf-8", errors="replace")[-3000:], file=sys.stderr)
        shutil.rmtree(data_dir, ignore_errors=True)
    summary: dict[str, object] = {
        "database": database,
        "users": len(plan["clients"]),
        "rounds": rounds,
        "think": think,
        "wall": wall,
        "failures": failures,
    }
    for name, values in timings.items():
        ordered = sorted(values)
        summary[name] = {
            "n": len(ordered),
            "p50": statistics.median(ordered),
            "p95": ordered[int(0.95 * (len(ordered) - 1))],
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--think", default="0,5", help="seconds each user pauses between rounds (±50%%), per run"
    )
    args = parser.parse_args()
    rows = []
    for think in [float(t) for t in args.think.split(",")]:
        for database in args.databases.split(","):
            result = run_load(database, args.users, args.rounds, think)
            print(json.dumps(result), flush=True)
            rows.append(result)
    lines = [
        "## Data entry under load (web part 1)",
        "",
        f"`.venv/bin/python benchmarks/web_load.py --users {args.users} --rounds {args.rounds}`: "
        f"{args.users} simulated users at once on loopback, each its own account and unit, each doing "
        f"{args.rounds} rounds of save → preview → baseline read, then pausing (think time, ±50%); "
        "`dudao serve` with 2 gunicorn workers × 8 threads on this 2-core machine, the load generator on the "
        "same cores. The first round per user is a warm-up and not counted. The baseline is "
        "`GET /api/rounds/{id}` (an authenticated read) under the same load. With no think time every user "
        "fires back to back: the server is saturated and the times are mostly queueing.",
        "",
        "| database | think time | operation | requests | p50 | p95 | p50 ÷ baseline p50 | failures | wall |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        base = row["baseline"]["p50"]  # type: ignore[index]
        for name, label in (
            ("save", "save a value (PUT values)"),
            ("preview", "score preview (POST preview)"),
            ("baseline", "baseline read"),
        ):
            t = row[name]  # type: ignore[index]
            lines.append(
                f"| {row['database']} | {row['think']:g} s | {label} | {t['n']} "
                f"| {t['p50'] * 1000:.0f} ms | {t['p95'] * 1000:.0f} ms "
                f"| {t['p50'] / base:.1f} | {row['failures']} | {row['wall']:.0f} s |"
            )
    write_section("web-load", lines)


if __name__ == "__main__":
    main()
