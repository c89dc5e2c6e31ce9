"""The generation spec of the sample generator: how each element's values are made, and
what the bundled schemes it lists declare (elements, rubric and bonus items, round rules).

The spec is ``chongqing/generation.yaml``; its keys are documented in that file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import yaml

_STAGED_SCHOOL_TYPES = ("primary", "junior", "nine_year", "complete_middle", "twelve_year", "senior")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def read_sample_yaml(relative: str) -> Any:
    """The YAML file at ``relative`` inside the ``dudao.samples`` package."""
    return yaml.safe_load(files("dudao.samples").joinpath(relative).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ElementSpec:
    """How one element's values are made (the keys are documented in generation.yaml)."""

    code: str
    kind: str
    types: frozenset[str] | None  # school types it applies to; None for district elements
    of: tuple[tuple[str, float], ...] = ()
    mean: float = 1.0
    sd: float = 0.0
    clip: tuple[float, float] | None = None
    wealth: float = 0.0
    rural: float = 1.0
    resource: bool = False
    perf: float = 0.0
    decimals: int = 0
    ceil: bool = False
    drift: float = 0.0
    drift_sd: float = 0.01
    cap: str = ""
    by_type: dict[str, float] = field(default_factory=dict)
    by_region: dict[str, float] = field(default_factory=dict)
    p: float = 0.0
    p_by_type: dict[str, float] = field(default_factory=dict)
    keep: float = 0.95
    poisson: float | None = None
    prev_poisson: float | None = None
    max: int = 1
    amount: tuple[float, float] | None = None
    at_least: tuple[str, ...] = ()
    weights: tuple[tuple[float, float], ...] = ()
    when: str = ""
    above: dict[str, float] = field(default_factory=dict)
    required: bool = False

    @classmethod
    def parse(cls, code: str, raw: dict[str, Any], groups: dict[str, list[str]]) -> ElementSpec:
        """The spec of element ``code`` from its generation.yaml mapping; ``groups`` names type lists."""
        raw = dict(raw)
        types = raw.pop("types", None)
        if isinstance(types, str):
            types = groups[types]
        of = raw.pop("of", ())
        if isinstance(of, str):
            of = [of]
        pairs = tuple(of.items()) if isinstance(of, dict) else tuple((name, 1.0) for name in of)
        kind = raw.pop("kind")
        options: dict[str, Any] = {k: tuple(raw.pop(k)) for k in ("clip", "amount", "at_least") if k in raw}
        options["weights"] = tuple((float(k), float(v)) for k, v in raw.pop("weights", {}).items())
        options["ceil"] = raw.pop("rounding", "round") == "ceil"
        options["required"] = raw.pop("required", kind in ("base", "sum", "copy"))
        frozen = frozenset(types) if types is not None else None
        return cls(code, kind, frozen, pairs, **options, **raw)


def fallback_spec(code: str, element: dict[str, Any]) -> ElementSpec:
    """An element the spec does not know yet: a rough default, so nothing is left empty."""
    if element.get("level") == "school":
        return ElementSpec(code, "ratio", frozenset(_STAGED_SCHOOL_TYPES), (("pupils", 0.05),), sd=0.1)
    if element.get("type") == "bool":
        return ElementSpec(code, "bool", None, p=0.9)
    low, high = float(element.get("min", 0)), float(element.get("max", 100))
    return ElementSpec(code, "ratio", None, mean=(low + high) / 2, sd=(high - low) / 8, clip=(low, high))


@dataclass(frozen=True)
class SchemeFacts:
    """What the generator needs from the schemes."""

    elements: dict[str, dict[str, Any]]  # code -> the element's YAML mapping, in scheme order
    rubrics: tuple[tuple[str, tuple[str, ...]], ...]  # (item code, levels best first)
    bonus: tuple[tuple[str, float], ...]  # (bonus item code, points)
    # per scheme, per rule type: the element codes each rule reads (rules on elements only)
    rules: tuple[dict[str, list[tuple[str, ...]]], ...]

    @property
    def rule_elements(self) -> set[str]:
        """Every element that some round rule reads."""
        return {c for scheme in self.rules for rules in scheme.values() for r in rules for c in r}


def load_scheme_facts(paths: Sequence[str]) -> SchemeFacts:
    """Read the schemes at ``paths`` (inside ``dudao.samples``) for what the generator needs."""
    elements: dict[str, dict[str, Any]] = {}
    rubrics: list[tuple[str, tuple[str, ...]]] = []
    bonus: list[tuple[str, float]] = []
    rules: list[dict[str, list[tuple[str, ...]]]] = []

    def leaves(items: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        for item in items:
            yield from leaves(item["children"]) if "children" in item else [item]

    for path in paths:
        scheme = read_sample_yaml(path)
        for element in scheme["elements"]:
            elements.setdefault(element["code"], element)
        for leaf in leaves(scheme["items"]):
            if leaf["rule"]["type"] == "rubric":
                rubrics.append((leaf["code"], tuple(lv["level"] for lv in leaf["rule"]["levels"])))
        bonus.extend((b["code"], float(b["points"])) for b in scheme.get("bonus", []))
        codes = {e["code"] for e in scheme["elements"]}
        indicators = {i["code"] for i in scheme["indicators"]}
        by_type: dict[str, list[tuple[str, ...]]] = {}
        for rule in scheme.get("rules", []):
            names = set(_IDENTIFIER.findall(rule["when"])) - {"and", "or", "not", "true", "false"}
            if names and not names & indicators and names <= codes:
                by_type.setdefault(rule["type"], []).append(tuple(sorted(names)))
        rules.append(by_type)
    return SchemeFacts(elements, tuple(rubrics), tuple(bonus), tuple(rules))
