"""The engine: plan, backends (reference Python, Ibis → DuckDB), results and explanations."""

from dudao.engine.evaluate import BACKENDS, evaluate
from dudao.engine.plan import Plan, build_plan
from dudao.engine.results import Results, UnitResult

__all__ = ["BACKENDS", "Plan", "Results", "UnitResult", "build_plan", "evaluate"]
