"""Django settings for dudao's web application.

Everything a deployment changes comes from the environment:

``DUDAO_DATA_DIR``
    the data directory: the SQLite database, uploaded evidence (``media/``) and the secret key
    (default ``./dudao-data``);
``DATABASE_URL``
    a PostgreSQL URL for multi-user deployments (default: SQLite in the data directory);
``DUDAO_SECRET_KEY``
    the secret key (default: generated once and kept in the data directory);
``DUDAO_DEBUG``
    ``1`` for development pages with tracebacks (never in production);
``DUDAO_ALLOWED_HOSTS``
    comma-separated host names (default: any, for the embedded server);
``DUDAO_MAX_UPLOAD_MB``
    the largest evidence file accepted (default 20).
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir() -> Path:
    if "DUDAO_DATA_DIR" in os.environ:
        return Path(os.environ["DUDAO_DATA_DIR"]).resolve()
    if "pytest" in sys.modules:  # a test run never writes into a real data directory
        return Path(tempfile.mkdtemp(prefix="dudao-test-"))
    return Path("dudao-data").resolve()


DATA_DIR = _data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("DUDAO_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DUDAO_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("DUDAO_ALLOWED_HOSTS", "*").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "ninja",  # serves its bundled Swagger UI for /api/docs (no CDN)
    "dudao.web.accounts",
    "dudao.web.rounds",
    "dudao.web.entry",
    "dudao.web.audit",
    "dudao.web.pages",
    "dudao.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dudao.web.security.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dudao.web.access.AccessMiddleware",
]

ROOT_URLCONF = "dudao.web.urls"
WSGI_APPLICATION = "dudao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dudao.web.access.context",
            ],
            "string_if_invalid": "",
        },
    }
]


def _databases() -> dict[str, dict[str, object]]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        if str(config.get("ENGINE", "")).endswith("postgresql"):
            config.setdefault("TEST", {"NAME": os.environ.get("DUDAO_TEST_DATABASE", "test_dudao")})
        return {"default": config}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "dudao.sqlite3",
            # Write-ahead logging lets readers go on while one writer commits; IMMEDIATE
            # transactions take the write lock up front instead of failing half-way.
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if "pytest" in sys.modules:
    # The tests log in hundreds of times; PBKDF2 (about 0.6 s a hash on a small server) guards
    # nothing there. Real servers, and the browser tests' `dudao demo`, keep Django's default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

MAX_UPLOAD_BYTES = int(float(os.environ.get("DUDAO_MAX_UPLOAD_MB", "20")) * 1024 * 1024)
# Requests may carry one file up to the limit plus the form around it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Logins (dudao.web.accounts.throttle): within the window, this many failures of one account from
# one address lock it there; of one account from anywhere lock it everywhere; from one address over
# many accounts stop that address retrying the accounts it failed on.
LOGIN_FAILURE_LIMIT = int(os.environ.get("DUDAO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("DUDAO_LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DUDAO_LOGIN_ADDRESS_FAILURE_LIMIT", "100"))
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The page's script reads the token from this cookie (logging in again in another tab changes it).
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "dudao.web.pages.views.errors.csrf_failure"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
