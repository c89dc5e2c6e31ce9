"""An on-disk cache of compiled plan SQL, keyed by scheme digest and library versions.

The folder is ``$DUDAO_CACHE_DIR``, else ``$XDG_CACHE_HOME/dudao/sql``, else
``~/.cache/dudao/sql``. Set ``DUDAO_CACHE_DIR=off`` to disable it. A cache that cannot be
read or written is skipped: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import weakref
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from dudao.engine.plan import Plan

_MEMORY: weakref.WeakKeyDictionary[Plan, dict[str, str]] = weakref.WeakKeyDictionary()


def cached(plan: Plan, signature: str, compile_sql: Callable[[], str]) -> str:
    """The plan's SQL for one engine and input shape (``signature``): from memory, else from
    disk (for a scheme with a digest), else compiled now and kept in both."""
    by_signature = _MEMORY.setdefault(plan, {})
    sql = by_signature.get(signature)
    if sql is None:
        cache_key = key(plan.scheme.digest, signature)
        sql = read(cache_key) if plan.scheme.digest else None
        if sql is None:
            sql = compile_sql()
            if plan.scheme.digest:
                write(cache_key, sql)
        by_signature[signature] = sql
    return sql


def folder() -> Path | None:
    configured = os.environ.get("DUDAO_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dudao" / "sql"


def key(digest: str, signature: str) -> str:
    """The cache key: the scheme, the input tables, the libraries, and the compiler's code."""
    versions = "|".join(_version(p) for p in ("dudao", "ibis-framework", "sqlglot", "duckdb"))
    return hashlib.sha256(f"{digest}|{signature}|{versions}|{_compiler_fingerprint()}".encode()).hexdigest()


@cache
def _compiler_fingerprint() -> str:
    """A hash of the modules that turn a scheme into SQL, so a changed compiler never reads
    SQL that an older one wrote."""
    digest = hashlib.sha256()
    package = Path(__file__).parent.parent.parent  # src/dudao
    for module in _COMPILER_MODULES:
        digest.update((package / module).read_bytes())
    return digest.hexdigest()


_COMPILER_MODULES = (
    "engine/plan.py",
    "engine/rules.py",
    "engine/sql/compile.py",
    "engine/sql/query.py",
    "engine/sql/semantics.py",
    "engine/backends/duckdb.py",
    "engine/backends/postgres.py",
    "engine/backends/spark.py",
    "expr/ir.py",
    "expr/lower.py",
)


def read(cache_key: str) -> str | None:
    where = folder()
    if where is None:
        return None
    try:
        return (where / f"{cache_key}.sql").read_text(encoding="utf-8")
    except OSError:
        return None


def write(cache_key: str, sql: str) -> None:
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(sql)
        os.replace(temporary, where / f"{cache_key}.sql")
    except OSError:
        return


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"
