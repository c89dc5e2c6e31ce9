"""The browser tests' shared setup: the demo server on a free port, Debian's Chromium, logging in.

The server is the README's demo command (``dudao demo``) with its own data directory, one per
test module: a module may change the round (submit, close, publish) without disturbing another.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

PASSWORD = "dudao-demo-2022"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server; one still busy after 30 s is killed, so no process outlives its tests."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo served for one module; the module's ``SERVER_ENV`` (a dict), if any, adds to its
    environment."""
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium must be installed in CI (./dev test installs it)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    data_dir = tmp_path_factory.mktemp("demo-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}
    env.update(getattr(request.module, "SERVER_ENV", {}))
    dudao = str(Path(sys.executable).parent / "dudao")
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(
        [dudao, "demo", "--port", str(port), "--data-dir", str(data_dir)], env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            try:
                if httpx.get(f"{base}/login/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.time() > deadline:
                log.flush()
                pytest.fail(
                    "dudao demo did not serve:\n" + (data_dir / "server.log").read_text(errors="replace")
                )
            time.sleep(0.5)
        yield base
    finally:
        _stop(process)
        log.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--lang=zh-CN"])
        yield chromium
        chromium.close()


def log_in(browser: Any, base: str, username: str, **context: Any) -> Any:
    """A new browser context logged in as ``username`` (a demo account); its page, on the landing page.

    ``context`` overrides the context's options (a viewport, a device scale factor)."""
    options = {"viewport": {"width": 1440, "height": 900}, "locale": "zh-CN", **context}
    page = browser.new_context(**options).new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def confirm_final_scores(page: Any, base: str, round_id: int = 1) -> int:
    """The office (``page`` logged in as it) confirms the final scores 认定分 of every submitted unit
    on each unit's final-score page, as it does before closing; how many units it confirmed."""
    page.goto(f"{base}/rounds/{round_id}/")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    answer = page.request.get(f"{base}/api/rounds/{round_id}/units")
    submitted = [u["code"] for u in answer.json() if u["status"] == "submitted"]
    for code in submitted:
        done = page.request.post(
            f"{base}/rounds/{round_id}/final/{code}/",
            form={"csrfmiddlewaretoken": token, "action": "confirm", "item": ""},
            headers={"Referer": f"{base}/rounds/{round_id}/final/{code}/"},
        )
        assert done.ok, (code, done.status)
    return len(submitted)


def close_demo_round(page: Any, base: str) -> None:
    """The office (``page`` logged in as it) confirms the final scores and closes the demo round on
    its close page, typing the round's name as the page asks."""
    import re

    confirm_final_scores(page, base)
    page.goto(f"{base}/rounds/1/close/")
    name = re.search(r"“(.+)”", page.inner_text("#close-confirm label"))
    assert name is not None
    page.fill("#confirm", name.group(1))
    page.click("#close-confirm button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已关闭" in page.inner_text("main")
