"""HTTP helpers every page uses: downloads with their file names, and the client's address.

Views import these; a view never imports another view.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_disposition(name: str, fallback: str) -> str:
    """``attachment`` with the UTF-8 file name (RFC 5987 ``filename*``) and an ASCII fallback.

    >>> content_disposition("江北.docx", "500105.docx")
    'attachment; filename="500105.docx"; filename*=UTF-8\\'\\'%E6%B1%9F%E5%8C%97.docx'
    """
    plain = fallback.replace("\\", "_").replace('"', "_")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(data: bytes, content_type: str, name: str, fallback: str) -> HttpResponse:
    """``data`` as a file named ``name`` (``fallback`` for clients without UTF-8 names), kept out
    of shared caches: it is one person's."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, fallback)
    response["Cache-Control"] = "private, no-cache"
    return response


def as_download(response: HttpResponse, name: str, fallback: str) -> HttpResponse:
    """``response`` (a file already) as a download named ``name``, kept out of shared caches."""
    response["Content-Disposition"] = content_disposition(name, fallback)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def address_of(request: HttpRequest) -> str:
    """The client's address as the server saw it, for the audit log (``X-Forwarded-For`` is not
    trusted)."""
    return str(request.META.get("REMOTE_ADDR", "") or "")
