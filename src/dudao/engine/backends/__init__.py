"""The evaluation backends (计算引擎), side by side, and the one table that names them.

- :mod:`.reference`: the pure-Python reference evaluator, the specification of the semantics;
- :mod:`.duckdb`: DuckDB, embedded, the default;
- :mod:`.postgres`: inside a PostgreSQL database;
- :mod:`.spark`: Apache Spark, for deployments beyond one machine.

The SQL backends share the query and its compilation (:mod:`dudao.engine.sql`). A backend's
module is imported when it is first used, so a missing optional engine costs nothing, and this
table is cheap to import: the command line builds its ``--backend`` choice and help from it.

>>> [backend.value for backend in Backend]
['python', 'duckdb', 'postgres', 'spark']
>>> Backend("duckdb").en
'DuckDB, embedded'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from importlib import import_module
from typing import Any, cast

from dudao.errors import BackendError

Runner = Callable[..., list[dict[str, Any]]]  # (plan, prepared, **options) -> a row per unit


class Backend(StrEnum):
    """A backend: its name, where its runner lives, and what it is in Chinese and English."""

    runner_path: str
    zh: str
    en: str

    PYTHON = ("python", "reference:evaluate_reference", "参考实现", "the reference, in pure Python")
    DUCKDB = ("duckdb", "duckdb:evaluate_duckdb", "内嵌 DuckDB", "DuckDB, embedded")
    POSTGRES = ("postgres", "postgres:evaluate_postgres", "PostgreSQL 数据库内", "inside PostgreSQL")
    SPARK = ("spark", "spark:evaluate_spark", "Spark 集群", "on an Apache Spark cluster")

    def __new__(cls, name: str, runner_path: str, zh: str, en: str) -> Backend:
        member = str.__new__(cls, name)
        member._value_ = name
        member.runner_path = f"{__name__}.{runner_path}"
        member.zh = zh
        member.en = en
        return member

    @property
    def module(self) -> str:
        return self.runner_path.split(":")[0]


BACKENDS: Mapping[str, Backend] = {backend.value: backend for backend in Backend}


def backend_named(name: str) -> Backend:
    """The backend called ``name``; :class:`BackendError` names the choices."""
    backend = BACKENDS.get(str(name))
    if backend is None:
        raise BackendError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return backend


def backend_runner(name: str) -> Runner:
    """The function that runs backend ``name``; :class:`BackendError` names the choices."""
    module, function = backend_named(name).runner_path.split(":")
    return cast(Runner, getattr(import_module(module), function))


def backend_unavailable(name: str, options: Mapping[str, str] | None = None) -> str | None:
    """Why backend ``name`` cannot run here (a missing package or service), or None."""
    module_name = backend_named(name).module
    try:
        module = import_module(module_name)
    except ImportError as error:
        return f"cannot import {module_name}: {error}"
    check = getattr(module, "unavailable", None)
    return None if check is None else cast(str | None, check(**dict(options or {})))


def backend_help() -> str:
    """The ``--backend`` help text: every backend with what it is, from the table."""
    return (
        "计算引擎："
        + "，".join(f"{b.value} {b.zh}" for b in Backend)
        + " / evaluation backend: "
        + (", ".join(f"{b.value} {b.en}" for b in Backend))
    )
