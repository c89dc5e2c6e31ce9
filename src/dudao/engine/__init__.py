"""The engine: the dataset it evaluates, the plan, the backends, results and explanations.

The names below are imported when first used, so that importing a light part of the engine
(such as the backend table, :mod:`dudao.engine.backends`) does not load pandas and the rest.
(For the same reason the pipeline lives in :mod:`dudao.engine.pipeline`: a submodule named
``evaluate`` would shadow the function once imported.)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dudao.engine.backends import BACKENDS
    from dudao.engine.pipeline import evaluate
    from dudao.engine.plan import Plan, build_plan
    from dudao.engine.results import Results, UnitResult

_HOMES = {
    "BACKENDS": "dudao.engine.backends",
    "evaluate": "dudao.engine.pipeline",
    "Plan": "dudao.engine.plan",
    "build_plan": "dudao.engine.plan",
    "Results": "dudao.engine.results",
    "UnitResult": "dudao.engine.results",
}

__all__ = ["BACKENDS", "Plan", "Results", "UnitResult", "build_plan", "evaluate"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
