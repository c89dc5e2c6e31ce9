"""Django settings for the store alone: the database, the data directory and the store's apps.

:func:`dudao.store.setup` uses this module, so that a command working on a stored round needs no
pages, URLs or middleware; the web's settings (:mod:`dudao.web.settings`) start from these values
and add the rest. Everything a deployment changes comes from the environment:

``DUDAO_DATA_DIR``
    the data directory: the SQLite database and uploaded evidence (``media/``)
    (default ``./dudao-data``);
``DATABASE_URL``
    a PostgreSQL URL for multi-user deployments (default: SQLite in the data directory);
``DUDAO_MAX_UPLOAD_MB``
    the largest evidence file accepted (default 20);
``DUDAO_INDEX_NUMBER_PATTERN``, ``DUDAO_INDEX_NUMBER_EXAMPLE``
    the format (a regular expression) of a published round's 索引号 and an example of it (default
    ``机构代码/年份-五位序号``, e.g. ``500000/2026-00001``);
``DUDAO_PUBLICATION_TOPICS``
    the 主题分类 a published round may be filed under, separated by ``;``;
``DUDAO_SMTP_HOST``, ``DUDAO_SMTP_PORT``, ``DUDAO_SMTP_USER``, ``DUDAO_SMTP_PASSWORD``,
``DUDAO_SMTP_TLS``, ``DUDAO_MAIL_FROM``
    the mail server reminders are sent through (none: reminders are shown in the app only);
``DUDAO_MAIL_DIR``
    without a mail server, a folder each mail is written to as a file (for a relay to pick up);
``DUDAO_REMINDER_DAYS_BEFORE``, ``DUDAO_OVERDUE_REMINDER_EVERY_DAYS``
    when reminders start before a deadline (default 3 days) and how often an overdue task is
    reminded of again (default every 7 days).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url


def _data_dir() -> Path:
    if "DUDAO_DATA_DIR" in os.environ:
        return Path(os.environ["DUDAO_DATA_DIR"]).resolve()
    if "pytest" in sys.modules:  # a test run never writes into a real data directory
        return Path(tempfile.mkdtemp(prefix="dudao-test-"))
    return Path("dudao-data").resolve()


DATA_DIR = _data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# The store's apps keep the labels (and so the tables and migration history) they had when they
# lived in the web package.
STORE_APPS = [
    "dudao.store.accounts",
    "dudao.store.rounds",
    "dudao.store.entry",
    "dudao.store.audit",
    "dudao.store.survey",
    "dudao.store.review",
    "dudao.store.verification",
    "dudao.store.rectification",
]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "simple_history",
    *STORE_APPS,
]


# Write-ahead logging lets readers go on while one writer commits; IMMEDIATE transactions take the
# write lock up front, so that two writers wait for each other instead of one failing half-way
# ("database is locked") when it turns from reading to writing.
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def _databases() -> dict[str, dict[str, object]]:
    url = os.environ.get("DATABASE_URL")
    if url:
        # A kept connection is checked before reuse: one cut while idle (the server restarted) is
        # replaced instead of failing the next request (dudao.web.unavailable answers 503 meanwhile).
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        if str(config.get("ENGINE", "")).endswith("postgresql"):
            config.setdefault("TEST", {"NAME": os.environ.get("DUDAO_TEST_DATABASE", "test_dudao")})
        if str(config.get("ENGINE", "")).endswith("sqlite3"):  # a sqlite:/// URL: the same as the default
            config["OPTIONS"] = dict(SQLITE_OPTIONS)
        return {"default": config}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "dudao.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = DATA_DIR / "media"
MAX_UPLOAD_BYTES = int(float(os.environ.get("DUDAO_MAX_UPLOAD_MB", "20")) * 1024 * 1024)

# Logins (dudao.store.accounts.throttle): within the window, this many failures of one account from
# one address lock it there; of one account from anywhere lock it everywhere; from one address over
# many accounts stop that address retrying the accounts it failed on.
LOGIN_FAILURE_LIMIT = int(os.environ.get("DUDAO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("DUDAO_LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DUDAO_LOGIN_ADDRESS_FAILURE_LIMIT", "100"))
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60

# Publishing a round's results (dudao.store.rounds.publication): the government information-disclosure
# metadata. An index number 索引号 is the publishing body's code, the year and a serial number.
INDEX_NUMBER_PATTERN = os.environ.get("DUDAO_INDEX_NUMBER_PATTERN", r"^[0-9A-Z]{6,18}/\d{4}-\d{5}$")
INDEX_NUMBER_EXAMPLE = os.environ.get("DUDAO_INDEX_NUMBER_EXAMPLE", "500000/2026-00001")
PUBLICATION_TOPICS = [
    t.strip()
    for t in os.environ.get(
        "DUDAO_PUBLICATION_TOPICS", "教育/教育督导;教育/基础教育;教育/学前教育;教育/职业教育;教育/其他"
    ).split(";")
    if t.strip()
]

# Reminders (dudao.store.rectification.reminders): in the app always, by e-mail once SMTP is set.
REMINDER_DAYS_BEFORE = int(os.environ.get("DUDAO_REMINDER_DAYS_BEFORE", "3"))
OVERDUE_REMINDER_EVERY_DAYS = int(os.environ.get("DUDAO_OVERDUE_REMINDER_EVERY_DAYS", "7"))
EMAIL_HOST = os.environ.get("DUDAO_SMTP_HOST", "")
EMAIL_FILE_PATH = os.environ.get("DUDAO_MAIL_DIR", "")  # mails written as files, for a relay to pick up
REMINDER_EMAIL = bool(EMAIL_HOST or EMAIL_FILE_PATH)
if EMAIL_FILE_PATH and not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("DUDAO_SMTP_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("DUDAO_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DUDAO_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("DUDAO_SMTP_TLS", "") in ("1", "true", "yes")
    EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DUDAO_MAIL_FROM", "dudao@localhost")
# what the web's settings take over as they are (the e-mail ones exist only once SMTP is set)
REMINDER_SETTINGS = tuple(
    name
    for name in (
        "REMINDER_DAYS_BEFORE",
        "OVERDUE_REMINDER_EVERY_DAYS",
        "REMINDER_EMAIL",
        "DEFAULT_FROM_EMAIL",
        "EMAIL_HOST",
        "EMAIL_BACKEND",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "EMAIL_TIMEOUT",
        "EMAIL_FILE_PATH",
    )
    if name in globals()
)
