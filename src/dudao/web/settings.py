"""Django settings for dudao's web application: the store's (:mod:`dudao.store.settings`: the
data directory, ``DATABASE_URL``, evidence limits, login limits), plus pages, the API and security.

Besides the store's, a deployment changes these from the environment:

``DUDAO_SECRET_KEY``
    the secret key (default: generated once and kept in the data directory);
``DUDAO_DEBUG``
    ``1`` for development pages with tracebacks (never in production);
``DUDAO_ALLOWED_HOSTS``
    comma-separated host names (default: any, for the embedded server);
``DUDAO_HTTPS``
    ``1`` when the site is served over HTTPS (behind a TLS proxy that sets ``X-Forwarded-Proto``):
    cookies are sent only over HTTPS, plain HTTP is redirected, and browsers are told (HSTS) to
    use HTTPS for a year. ``DUDAO_DEBUG=1`` is refused with it: a served site never shows tracebacks.

The secret key, when generated, is kept in the data directory.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from dudao.store import settings as store_settings
from dudao.store.settings import (
    DATA_DIR,
    DATABASES,
    DEFAULT_AUTO_FIELD,
    INDEX_NUMBER_EXAMPLE,
    INDEX_NUMBER_PATTERN,
    LANGUAGE_CODE,
    LOGIN_ACCOUNT_FAILURE_LIMIT,
    LOGIN_ADDRESS_FAILURE_LIMIT,
    LOGIN_FAILURE_LIMIT,
    LOGIN_FAILURE_WINDOW_SECONDS,
    MAX_UPLOAD_BYTES,
    MEDIA_ROOT,
    PUBLICATION_TOPICS,
    STORE_APPS,
    TIME_ZONE,
    USE_I18N,
    USE_TZ,
)

__all__ = [  # the store's settings, used here unchanged
    "DATABASES",
    "DEFAULT_AUTO_FIELD",
    "INDEX_NUMBER_EXAMPLE",
    "INDEX_NUMBER_PATTERN",
    "LANGUAGE_CODE",
    "LOGIN_ACCOUNT_FAILURE_LIMIT",
    "LOGIN_ADDRESS_FAILURE_LIMIT",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_FAILURE_WINDOW_SECONDS",
    "MAX_UPLOAD_BYTES",
    "MEDIA_ROOT",
    "PUBLICATION_TOPICS",
    "TIME_ZONE",
    "USE_I18N",
    "USE_TZ",
]
# reminders and their e-mail (dudao.store.rectification.reminders), as the store set them
globals().update({name: getattr(store_settings, name) for name in store_settings.REMINDER_SETTINGS})

PACKAGE_DIR = Path(__file__).resolve().parent


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
    *STORE_APPS,
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
    "dudao.web.nul.RefuseNul",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
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

LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

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
# Requests may carry one file up to the limit plus the form around it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The page's script reads the token from this cookie (logging in again in another tab changes it).
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "dudao.web.pages.views.errors.csrf_failure"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

HTTPS = os.environ.get("DUDAO_HTTPS") == "1"
if HTTPS:
    if DEBUG:
        raise ImproperlyConfigured("DUDAO_DEBUG=1 与 DUDAO_HTTPS=1 不能同时设置 / a served site never debugs")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    X_FRAME_OPTIONS = "DENY"
    # dudao usually runs on a host name of the office's or bureau's domain (jyj.example.gov.cn):
    # HSTS for every other site of that domain, or a place on the browsers' preload list, is the
    # domain owner's decision, not one a site under it may take.
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
