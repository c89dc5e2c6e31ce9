"""The settings a served site runs with: Django's deployment check passes, cookies are secure,
HSTS is on, debug is off unless asked for in development and refused together with HTTPS."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def django(tmp_path: Path, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUDAO_") and k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="dudao.web.settings", DUDAO_DATA_DIR=str(tmp_path), **environment)
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run([sys.executable, *arguments], env=env, capture_output=True, text=True, timeout=120)


def setting(tmp_path: Path, name: str, **environment: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))"
    done = django(tmp_path, "-c", code, **environment)
    assert done.returncode == 0, done.stderr[-1500:]
    return done.stdout.strip()


def test_a_site_served_over_https_passes_djangos_deployment_check(tmp_path: Path) -> None:
    done = django(tmp_path, "-m", "django", "check", "--deploy", "--fail-level", "WARNING", DUDAO_HTTPS="1")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_over_https_cookies_are_secure_and_hsts_is_on(tmp_path: Path) -> None:
    assert setting(tmp_path, "SESSION_COOKIE_SECURE", DUDAO_HTTPS="1") == "True"
    assert setting(tmp_path, "CSRF_COOKIE_SECURE", DUDAO_HTTPS="1") == "True"
    assert int(setting(tmp_path, "SECURE_HSTS_SECONDS", DUDAO_HTTPS="1")) >= 365 * 24 * 3600


def test_debug_is_off_unless_asked_for_and_never_with_https(tmp_path: Path) -> None:
    assert setting(tmp_path, "DEBUG") == "False"
    assert setting(tmp_path, "DEBUG", DUDAO_DEBUG="1") == "True"
    refused = django(tmp_path, "-c", "import django; django.setup()", DUDAO_DEBUG="1", DUDAO_HTTPS="1")
    assert refused.returncode != 0 and "DUDAO_DEBUG=1" in refused.stderr


def test_passwords_follow_a_policy(tmp_path: Path) -> None:
    validators = setting(tmp_path, "AUTH_PASSWORD_VALIDATORS")
    for name in ("UserAttributeSimilarity", "MinimumLength", "CommonPassword", "NumericPassword"):
        assert name in validators
