"""PostgreSQL goes away under load and comes back: dudao answers 503 meanwhile and then recovers
by itself, in the same server process, with nothing half-written.

The site runs as ``dudao serve`` (gunicorn) on a private PostgreSQL server (postgres_cluster.py)
with the demo round; four clients keep asking for the round's results and saving a value while
the server is stopped with ``pg_ctl -m immediate`` (connections cut mid-request) and started again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.postgres_cluster import Cluster, free_port

pytestmark = pytest.mark.slow

SETUP = """
from dudao.web.server import setup, prepare_site
setup(); prepare_site()
from django.contrib.auth import get_user_model
from dudao.web.demo import load_demo
from dudao.store.accounts.models import ApiToken
round, _ = load_demo()
users = get_user_model().objects
_, reader = ApiToken.issue(users.get(username="office"), "restart test")
_, writer = ApiToken.issue(users.get(username="jiangbei"), "restart test")
print(round.pk, reader, writer)
"""


@dataclass
class Tally:
    answers: list[tuple[float, int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, code: str) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), status, code))


def ask(url: str, key: str, body: bytes | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, data=body, method="PUT" if body else "GET")
    request.add_header("Authorization", f"Bearer {key}")
    if body:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, "", dict(answer.headers)
    except urllib.error.HTTPError as error:
        payload = error.read()
        try:
            code = json.loads(payload)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = payload[:80].decode(errors="replace")
        return error.code, code, dict(error.headers)


def test_the_site_answers_503_while_postgresql_is_down_and_recovers_without_a_restart(tmp_path: Path) -> None:
    cluster = Cluster()
    cluster.start()
    env = {**os.environ, "DATABASE_URL": cluster.url, "DUDAO_DATA_DIR": str(tmp_path / "site")}
    env.pop("PYTEST_CURRENT_TEST", None)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=600
    )
    assert setup.returncode == 0, setup.stderr[-2000:]
    round_id, key, writer = setup.stdout.split()[-3:]
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "dudao", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/api/rounds/{round_id}"
    try:
        wait_until(lambda: ask(base, key)[0] == 200, 120)
        tally, stop = Tally(), threading.Event()
        save = json.dumps({"values": [{"element": "edu_group_meetings", "value": "9"}]}).encode()

        def client(write: bool) -> None:
            while not stop.is_set():
                if write:
                    status, code, headers = ask(f"{base}/units/500105/values", writer, save)
                else:
                    status, code, headers = ask(f"{base}/results", key)
                if status == 503:
                    assert headers.get("Retry-After"), headers
                tally.add(status, code)

        clients = [threading.Thread(target=client, args=(i == 0,)) for i in range(4)]
        for thread in clients:
            thread.start()
        time.sleep(3)
        down_at = time.monotonic()
        cluster.stop()
        time.sleep(4)
        cluster.start()
        up_at = time.monotonic()
        wait_until(
            lambda: any(t > up_at and s == 200 for t, s, _ in list(tally.answers)),
            60,
            lambda: f"{summary(tally, down_at, up_at)}\n{(tmp_path / 'server.log').read_text()[-3000:]}",
        )
        recovered_at = time.monotonic()
        time.sleep(5)
        stop.set()
        for thread in clients:
            thread.join(90)
        assert server.poll() is None, "the server process died"
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)
        log.close()
        cluster.remove()
    statuses = {(s, c) for _, s, c in tally.answers}
    assert statuses <= {(200, ""), (503, "database_unavailable")}, statuses
    assert any(s == 503 for t, s, _ in tally.answers if t > down_at), "no request saw the database gone"
    recovered = [s for t, s, _ in tally.answers if t > recovered_at + 1]
    assert recovered and set(recovered) == {200}, recovered


def summary(tally: Tally, down_at: float, up_at: float) -> str:
    phases = {"before": (0.0, down_at), "down": (down_at, up_at), "after": (up_at, float("inf"))}
    return "; ".join(
        f"{name}: " + ", ".join(sorted({f"{s} {c}" for t, s, c in tally.answers if start <= t < end}))
        for name, (start, end) in phases.items()
    )


def wait_until(condition: object, seconds: float, explain: object = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"not within {seconds} s" + (f": {explain()}" if explain else ""))  # type: ignore[operator]
