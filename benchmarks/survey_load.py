"""The public survey form under load: 200 respondents submitting at once, beside a static page.

    .venv/bin/python benchmarks/survey_load.py [--respondents 200] [--databases sqlite,postgres]

For each database it loads the demo round into a fresh data directory, sets the bundled example
questionnaire (with its burst and rate bounds raised: every respondent here shares the loopback
address), starts ``dudao serve`` (gunicorn, 2 workers × 8 threads) and lets ``--respondents``
clients at once each open the form (a GET that sets the device and CSRF cookies), submit an answer
sheet (the POST measured) and fetch the form's stylesheet (the static baseline, measured in the
same run under the same load). Afterwards it counts the answer sheets stored: every submitted
sheet must be there (answers lost: 0).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, write_section
from web_load import DUDAO, drop, free_port, prepare

SETUP = r"""
import json
from dudao.web.server import setup
setup()
from django.contrib.auth.models import User
from dudao.samples import bundled_survey_path
from dudao.store.rounds.models import Round
from dudao.store.survey.services import set_questionnaire
round = Round.objects.get()
text = bundled_survey_path().read_text(encoding="utf-8")
text = text.replace("burst_count: 10", "burst_count: 100000").replace("rate_count: 60", "rate_count: 100000")
survey, problems = set_questionnaire(User.objects.get(username="office"), round, text, "load.yaml")
assert survey is not None, problems
print(json.dumps({"round": round.pk, "units": list(round.entries.values_list("unit_id", flat=True))}))
"""
COUNT = r"""
import json
from dudao.web.server import setup
setup()
from dudao.store.survey.models import Response
print(json.dumps({"stored": Response.objects.count(), "counted": Response.objects.filter(reason="").count()}))
"""
OPTIONS = ["非常满意", "比较满意", "一般", "不太满意", "很不满意", "不了解"]
LIKERT = ["p_fair1", "p_fair2", "p_qual1", "p_qual2", "p_gov1", "p_gov2", "p_all"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


async def respondent(base: str, round_id: int, unit: str, i: int, timings: dict[str, list[float]]) -> int:
    """One respondent; 1 when the answer was not accepted."""
    rng = random.Random(i)
    form = f"/s/{round_id}/{unit}/public/"
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        page = await http.get(form)
        token = CSRF.search(page.text)
        if page.status_code != 200 or token is None:
            print(f"  respondent {i}: form {page.status_code}", file=sys.stderr)
            return 1
        answers = {"csrfmiddlewaretoken": token.group(1), "q-role": "在读学生家长"}
        answers |= {f"q-{code}": rng.choice(OPTIONS[:5]) for code in LIKERT}
        answers["q-p_open"] = (
            f"第 {i} 位家长的建议：希望学校{rng.choice(['多开展体育活动', '改进课后服务', '加强家校沟通'])}"
        )
        began = time.perf_counter()
        try:
            posted = await http.post(form, data=answers)
        except httpx.HTTPError as error:
            print(f"  respondent {i}: {error!r}", file=sys.stderr)
            return 1
        timings["submit"].append(time.perf_counter() - began)
        began = time.perf_counter()
        static = await http.get("/static/dudao/survey.css")
        timings["static"].append(time.perf_counter() - began)
        if posted.status_code != 302 or static.status_code != 200:
            print(
                f"  respondent {i}: submit {posted.status_code} static {static.status_code}", file=sys.stderr
            )
            return 1
    return 0


def run_load(database: str, respondents: int) -> dict[str, object]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"dudao-survey-load-{database}-"))
    env, database_name = prepare(database, data_dir)
    server = None
    try:
        plan = json.loads(
            subprocess.run([PYTHON, "-c", SETUP], env=env, check=True, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
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
        timings: dict[str, list[float]] = {"submit": [], "static": []}
        units = plan["units"]

        async def everyone() -> list[int]:
            return await asyncio.gather(
                *(
                    respondent(base, plan["round"], units[i % len(units)], i, timings)
                    for i in range(respondents)
                )
            )

        began = time.perf_counter()
        failures = sum(asyncio.run(everyone()))
        wall = time.perf_counter() - began
        count = subprocess.run([PYTHON, "-c", COUNT], env=env, check=True, capture_output=True, text=True)
        stored = json.loads(count.stdout.strip().splitlines()[-1])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop(database_name)
        shutil.rmtree(data_dir, ignore_errors=True)
    summary: dict[str, object] = {
        "database": database,
        "respondents": respondents,
        "failures": failures,
        "stored": stored["stored"],
        "counted": stored["counted"],
        "lost": respondents - failures - stored["stored"],
        "wall": wall,
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
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    rows = []
    for database in args.databases.split(","):
        result = run_load(database, args.respondents)
        print(json.dumps(result), flush=True)
        rows.append(result)
    lines = [
        "## Satisfaction survey under load",
        "",
        f"`.venv/bin/python benchmarks/survey_load.py --respondents {args.respondents}`: "
        f"{args.respondents} respondents at once on loopback, each opening the public form (which sets its "
        "device and CSRF cookies), submitting an answer sheet of the bundled example questionnaire, then "
        "fetching the form's stylesheet (the static baseline, in the same run under the same load); "
        "`dudao serve` with 2 gunicorn workers × 8 threads on this 2-core machine, the load generator on the "
        "same cores. Submissions are judged one at a time per survey (a row lock), so that two answers "
        "from one device cannot both be first. Lost: submitted (answered 302) but not stored.",
        "",
        "| database | operation | requests | p50 | p95 | failures | stored | lost | wall |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for name, label in (
            ("submit", "submit an answer (POST)"),
            ("static", "static stylesheet (baseline)"),
        ):
            t = row[name]  # type: ignore[index]
            lines.append(
                f"| {row['database']} | {label} | {t['n']} "
                f"| {t['p50'] * 1000:.0f} ms | {t['p95'] * 1000:.0f} ms "
                f"| {row['failures']} | {row['stored']} | {row['lost']} | {row['wall']:.0f} s |"
            )
    write_section("survey-load", lines)


if __name__ == "__main__":
    main()
