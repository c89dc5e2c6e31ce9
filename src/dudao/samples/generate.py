"""Generate the bundled sample data 示例数据: Chongqing's 38 districts, or a synthetic province.

The generator reads YAML files under ``dudao/samples``:

- ``chongqing/generation.yaml``: the districts, school types and sizes, and one rule per
  element saying how its values are made;
- the bundled schemes it lists: which elements exist, which items are reviewed (rubric) or
  claimed (bonus), and which elements the round rules (否决、降等、不得评为优秀) read;
- ``chongqing/jiangbei_2021.yaml``: Jiangbei's real figures, from its 2022 self-evaluation
  report. They are applied exactly: district values verbatim, school sums to the unit.

Everything else is illustrative. It is drawn from :class:`random.Random` (not numpy), so a seed
gives the same data on every platform and numpy version.

>>> data = generate_chongqing()
>>> sum(u.level == "district" for u in data.units), data.label
(38, '示例数据')
"""

from __future__ import annotations

import csv
import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "BonusRow",
    "GeneratedData",
    "ReviewRow",
    "UnitRow",
    "ValueRow",
    "generate_chongqing",
    "generate_province",
    "write_dataset",
]

CURRENT, PREVIOUS = 0, 1  # positions in the [current period, previous period] value pairs
Pair = list[float | None]


# ---------------------------------------------------------------------------------------------
# The generated rows (the columns of the dataset files, see docs/scheme-format.md)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit of the tree: city, district or school. ``school_type`` is "" for non-schools."""

    code: str
    name: str
    parent: str
    level: str
    school_type: str


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One data value. ``None`` is a missing value; booleans are 1.0 / 0.0."""

    unit: str
    element: str
    period: int
    value: float | None


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A reviewer's level (评审等级) for a rubric item."""

    unit: str
    item: str
    level: str
    reviewer: str
    note: str


@dataclass(frozen=True, slots=True)
class BonusRow:
    """A bonus claim (加分申请). ``accepted`` is None while the reviewers have not decided."""

    unit: str
    item: str
    claimed: float
    accepted: float | None
    note: str


@dataclass(frozen=True)
class GeneratedData:
    """A whole dataset, ready for :func:`write_dataset`."""

    title: str
    label: str
    units: tuple[UnitRow, ...]
    values: tuple[ValueRow, ...]
    reviews: tuple[ReviewRow, ...]
    bonus: tuple[BonusRow, ...]


# ---------------------------------------------------------------------------------------------
# Reading the specification
# ---------------------------------------------------------------------------------------------
def _read(relative: str) -> Any:
    return yaml.safe_load(files("dudao.samples").joinpath(relative).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class _Spec:
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
    def parse(cls, code: str, raw: dict[str, Any], groups: dict[str, list[str]]) -> _Spec:
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


def _fallback(code: str, element: dict[str, Any]) -> _Spec:
    """An element the spec does not know yet: a rough default, so nothing is left empty."""
    if element.get("level") == "school":
        return _Spec(code, "ratio", frozenset(_STAGED), (("pupils", 0.05),), sd=0.1)
    if element.get("type") == "bool":
        return _Spec(code, "bool", None, p=0.9)
    low, high = float(element.get("min", 0)), float(element.get("max", 100))
    return _Spec(code, "ratio", None, mean=(low + high) / 2, sd=(high - low) / 8, clip=(low, high))


_STAGED = ("primary", "junior", "nine_year", "complete_middle", "twelve_year", "senior")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class _Facts:
    """What the generator needs from the schemes."""

    elements: dict[str, dict[str, Any]]  # code -> the element's YAML mapping, in scheme order
    rubrics: tuple[tuple[str, tuple[str, ...]], ...]  # (item code, levels best first)
    bonus: tuple[tuple[str, float], ...]  # (bonus item code, points)
    # per scheme, per rule type: the element codes each rule reads (rules on elements only)
    rules: tuple[dict[str, list[tuple[str, ...]]], ...]

    @property
    def rule_elements(self) -> set[str]:
        return {c for scheme in self.rules for rules in scheme.values() for r in rules for c in r}


def _load_facts(paths: Sequence[str]) -> _Facts:
    elements: dict[str, dict[str, Any]] = {}
    rubrics: list[tuple[str, tuple[str, ...]]] = []
    bonus: list[tuple[str, float]] = []
    rules: list[dict[str, list[tuple[str, ...]]]] = []

    def leaves(items: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        for item in items:
            yield from leaves(item["children"]) if "children" in item else [item]

    for path in paths:
        scheme = _read(path)
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
            names = set(_NAME.findall(rule["when"])) - {"and", "or", "not", "true", "false"}
            if names and not names & indicators and names <= codes:
                by_type.setdefault(rule["type"], []).append(tuple(sorted(names)))
        rules.append(by_type)
    return _Facts(elements, tuple(rubrics), tuple(bonus), tuple(rules))


# ---------------------------------------------------------------------------------------------
# Small numeric helpers
# ---------------------------------------------------------------------------------------------
def _round(value: float, decimals: int, ceil: bool = False) -> float:
    if ceil:
        return float(math.ceil(value - 1e-9))
    scale = 10.0**decimals
    return math.floor(value * scale + 0.5) / scale


def _clip(value: float, bounds: tuple[float, float] | None) -> float:
    return value if bounds is None else min(max(value, bounds[0]), bounds[1])


def _poisson(rng: random.Random, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _chance(p: float, shift: float) -> float:
    """``p`` moved on the logit scale by ``shift`` (0 and 1 stay put)."""
    if p <= 0.0 or p >= 1.0 or shift == 0.0:
        return p
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1.0 - p)) + shift)))


def _apportion(weights: Sequence[float], target: int, upper: Sequence[float]) -> list[int]:
    """Integers proportional to ``weights``, each ≤ its ``upper``, summing exactly to ``target``.

    >>> _apportion([1.0, 1.0, 2.0], 10, [9, 9, 9])
    [3, 2, 5]
    """
    caps = [target if math.isinf(u) else math.floor(u + 1e-9) for u in upper]
    if target < 0 or target > sum(caps):
        raise ValueError(f"cannot share {target} among {len(caps)} schools (room {sum(caps)})")
    result, active, remaining = [0] * len(caps), set(range(len(caps))), target
    while remaining > 0:
        share_of = {i: max(weights[i], 0.0) for i in active}
        total = sum(share_of.values())
        if total <= 0.0:
            share_of, total = dict.fromkeys(active, 1.0), float(len(active))
        shares = {i: remaining * share_of[i] / total for i in active}
        full = [i for i in sorted(active) if shares[i] >= caps[i] - result[i]]
        if full:  # these reach their cap: fill them, then share the rest again
            for i in full:
                remaining -= caps[i] - result[i]
                result[i] = caps[i]
                active.discard(i)
            continue
        floors = {i: math.floor(shares[i]) for i in active}
        for i in sorted(active, key=lambda i: (floors[i] - shares[i], i))[: remaining - sum(floors.values())]:
            floors[i] += 1
        for i, extra in floors.items():
            result[i] += extra
        remaining = 0
    return result


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------
@dataclass
class _School:
    code: str
    name: str
    type: str
    rural: bool
    resource: float  # the school's resource level, in multiples of the 优质均衡 standards
    inclusive: bool  # a private kindergarten that is 普惠性
    values: dict[str, Pair] = field(default_factory=dict)


@dataclass
class _District:
    code: str
    name: str
    parent: str
    region: str
    perf: float  # the district's performance level, about N(0, 1)
    clean: bool  # no round rule may fire (Jiangbei)
    schools: list[_School] = field(default_factory=list)
    values: dict[str, Pair] = field(default_factory=dict)


_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 → 一, 12 → 十二, 45 → 四十五 (numbers from 100 stay in Arabic digits)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens = "" if n < 20 else _DIGITS[n // 10]
        return tens + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


class _Generator:
    """Makes all values of a set of districts, following generation.yaml."""

    def __init__(self, spec: dict[str, Any], seed: int) -> None:
        self.spec, self.rng = spec, random.Random(seed)
        self.current, self.previous = int(spec["period"]), int(spec["previous"])
        self.facts = _load_facts(spec["schemes"])
        groups = spec["groups"]
        self.school_specs = [_Spec.parse(c, r, groups) for c, r in spec["school_elements"].items()]
        self.unit_specs = [_Spec.parse(c, r, groups) for c, r in spec["unit_elements"].items()]
        known = {s.code for s in self.school_specs + self.unit_specs}
        for code, element in self.facts.elements.items():
            if code not in known:
                specs = self.school_specs if element.get("level") == "school" else self.unit_specs
                specs.append(_fallback(code, element))
        self.by_code = {s.code: s for s in self.school_specs + self.unit_specs}
        self.rule_elements = self.facts.rule_elements
        self.districts: list[_District] = []

    # -- schools ------------------------------------------------------------------------------
    def type_counts(self, n: int) -> dict[str, int]:
        """Split ``n`` schools among the school types by their shares and minimums."""
        types = self.spec["school_types"]
        mins = {t: int(v["min"]) for t, v in types.items()}
        if n < sum(mins.values()):
            mins = dict.fromkeys(types, 0)
        extra = _apportion(
            [float(v["share"]) for v in types.values()], n - sum(mins.values()), [math.inf] * len(types)
        )
        return {t: mins[t] + e for t, e in zip(types, extra, strict=True)}

    def add_district(self, district: _District, counts: dict[str, int]) -> None:
        rng, res = self.rng, self.spec["resources"]
        region = self.spec["regions"][district.region]
        mean = rng.gauss(res["mean"], res["mean_sd"])
        spread = res["unequal"] if rng.random() < res["unequal_share"] else res["spread"]
        if district.clean:
            mean, spread = max(mean, res["mean"]), min(spread, res["spread"])
        used: set[str] = set()
        for school_type, n in counts.items():
            kind = self.spec["school_types"][school_type]
            for _ in range(n):
                rural = rng.random() < region["rural"]
                resource = rng.gauss(mean, spread)
                if district.clean:
                    resource = max(resource, res["clean_floor"])
                school = _School(
                    f"{district.code}{len(district.schools) + 1:04d}",
                    self._name(district.name, school_type, used),
                    school_type,
                    rural,
                    resource,
                    rng.random() < self.spec["private_inclusive"],
                )
                scale = math.exp(rng.gauss(0.0, kind["sigma"])) * region["size"]
                scale *= kind["rural"] if rural else 1.0
                for base, median in kind["bases"].items():
                    low, high = self.spec["base_limits"][base]
                    size = _clip(median * scale * rng.gauss(1.0, 0.08), (low, high))
                    school.values[base] = [_round(size, 0), None]
                district.schools.append(school)
        self.districts.append(district)

    def _name(self, district: str, school_type: str, used: set[str]) -> str:
        suffix = self.spec["names"]["suffix"][school_type]
        places: list[str] = self.spec["names"]["places"]
        first = {"vocational": f"{district}{suffix}", "special": f"{district}{suffix}"}
        if school_type in first and first[school_type] not in used:
            name = first[school_type]
        else:
            name = ""
            for attempt in range(40):
                numbered = attempt >= 20 or self.rng.random() < 0.3
                if numbered and school_type not in ("nine_year", "twelve_year", "vocational", "special"):
                    count = sum(1 for u in used if u.endswith(suffix) and "第" in u) + 1
                    name = f"{district}第{_chinese(count)}{suffix}"
                else:
                    tail = "职业中学" if school_type == "vocational" else suffix
                    name = f"{district}{self.rng.choice(places)}{tail}"
                if name not in used:
                    break
        used.add(name)
        return name

    # -- school values ------------------------------------------------------------------------
    def school_bools(self, district: _District, exact: dict[tuple[str, str], int]) -> None:
        """Draw the yes/no school elements; ``exact`` fixes how many schools of a type say yes."""
        for spec in self.school_specs:
            if spec.kind != "bool":
                continue
            schools = [s for s in district.schools if spec.types is None or s.type in spec.types]
            for school in schools:
                p = spec.p_by_type.get(school.type, spec.p)
                school.values[spec.code] = [
                    float(self.rng.random() < _chance(p, spec.perf * district.perf)),
                    None,
                ]
            for school_type in dict.fromkeys(s.type for s in schools):  # (a set would not be stable)
                if (school_type, spec.code) in exact:
                    group = [s for s in schools if s.type == school_type]
                    chosen = set(map(id, self.rng.sample(group, exact[school_type, spec.code])))
                    for school in group:
                        school.values[spec.code][CURRENT] = float(id(school) in chosen)
            for school in schools:
                pair = school.values[spec.code]
                pair[PREVIOUS] = pair[CURRENT] if self.rng.random() < spec.keep else 0.0

    def hit_base_sums(self, district: _District, targets: dict[str, float]) -> None:
        """Rescale the sizes (bases) of a district's schools so that their sums are exact.

        A target on a copy (公办园在园幼儿数 copies 在园幼儿数 for public kindergartens) fixes
        its own group of schools; the smallest groups are fixed first, so nested groups work.
        """
        jobs = []
        for code, target in targets.items():
            spec = self.by_code[code]
            if spec.kind not in ("base", "copy"):
                continue
            base = spec.of[0][0] if spec.kind == "copy" else code
            group = [s for s in district.schools if base in s.values and self._copies(spec, s)]
            jobs.append((len(group), code, base, group, target))
        fixed: dict[str, set[str]] = {}
        for _, code, base, group, target in sorted(jobs, key=lambda job: (job[0], job[1])):
            done = fixed.setdefault(base, set())
            free = [s for s in group if s.code not in done]
            need = round(target - sum(_num(s.values[base][CURRENT]) for s in group if s.code in done))
            if not free and need:
                raise ValueError(f"{district.code}: no school left to make {code} sum to {target}")
            shares = _apportion([_num(s.values[base][CURRENT]) for s in free], need, [math.inf] * len(free))
            for school, value in zip(free, shares, strict=True):
                school.values[base][CURRENT] = float(value)
            done.update(s.code for s in group)

    def _copies(self, spec: _Spec, school: _School) -> bool:
        if spec.kind != "copy":
            return True
        private = bool(school.values["is_private"][CURRENT])
        return not private if spec.when == "public" else (not private or school.inclusive)

    def school_values(self, district: _District) -> None:
        """Previous-period sizes, then every other school element, both periods."""
        growth = self.spec["growth"]
        for school in district.schools:
            for base, pair in school.values.items():
                if self.by_code[base].kind == "base":
                    mean, sd = growth[base]
                    pair[PREVIOUS] = max(1.0, _round(_num(pair[CURRENT]) / (1 + self.rng.gauss(mean, sd)), 0))
        for spec in self.school_specs:
            if spec.kind in ("base", "bool"):
                continue
            for school in district.schools:
                if spec.types is None or school.type in spec.types:
                    school.values[spec.code] = self._pair(spec, district, school, school.values)

    def hit_derived_sums(self, district: _District, targets: dict[str, float]) -> None:
        """Make computed school elements (课后服务参与人数…) sum exactly, within their bounds."""
        for code, target in targets.items():
            spec = self.by_code[code]
            if spec.kind in ("base", "copy"):
                continue
            group = [s for s in district.schools if code in s.values]
            unit = 10.0**-spec.decimals
            upper = []
            for school in group:
                room = math.inf
                if spec.of and spec.clip is not None:
                    room = (
                        sum(_num(school.values.get(n, [0.0])[CURRENT]) * c for n, c in spec.of) * spec.clip[1]
                    )
                if spec.cap:
                    room = min(room, _num(school.values[spec.cap][CURRENT]))
                upper.append(room / unit)
            weights = [_num(s.values[code][CURRENT]) for s in group]
            for school, value in zip(group, _apportion(weights, round(target / unit), upper), strict=True):
                school.values[code][CURRENT] = _round(value * unit, spec.decimals)

    # -- one value pair -----------------------------------------------------------------------
    def _pair(
        self, spec: _Spec, district: _District, school: _School | None, context: dict[str, Pair]
    ) -> Pair:
        rng, wealth = self.rng, self.spec["regions"][district.region]["wealth"]
        rural = school is not None and school.rural
        if spec.kind in ("base", "sum", "copy"):
            if spec.kind == "copy" and school is not None and not self._copies(spec, school):
                return [0.0, 0.0]
            return [sum(_num(context.get(n, [0.0, 0.0])[k]) * c for n, c in spec.of) for k in (0, 1)]
        if spec.kind == "count":
            p = spec.p * (spec.rural if rural else 1.0)
            return [
                self._count(spec, p, spec.poisson),
                self._count(spec, p, spec.prev_poisson or spec.poisson),
            ]
        if spec.kind == "bool":
            now = float(rng.random() < _chance(spec.p, spec.perf * district.perf))
            return [now, now if rng.random() < spec.keep else 0.0]
        if spec.kind == "choice":
            keys, weights = zip(*spec.weights, strict=True)
            now = rng.choices(keys, weights)[0]
            return [now, now if rng.random() < 0.8 else rng.choices(keys, weights)[0]]
        if spec.kind == "count_schools":
            name = spec.of[0][0]
            return [
                float(
                    sum(
                        1
                        for s in district.schools
                        if s.type in spec.above
                        and _num(s.values.get(name, [0.0, 0.0])[k]) > spec.above[s.type]
                    )
                )
                for k in (0, 1)
            ]
        # ratio: Σ of × coefficient × factor
        mean = spec.by_type.get(school.type if school else "", spec.by_region.get(district.region, spec.mean))
        now = _clip(mean + spec.sd * (rng.gauss(0.0, 1.0) + spec.perf * district.perf), spec.clip)
        before = _clip(now / (1.0 + spec.drift + rng.gauss(0.0, spec.drift_sd)), spec.clip)
        if spec.resource and district.clean:  # every school of a clean unit meets the standards
            now, before = max(now, 1.0), max(before, 1.0)
        scale = wealth**spec.wealth * (spec.rural if rural else 1.0)
        scale *= school.resource if spec.resource and school is not None else 1.0
        pair: Pair = []
        for k, factor in enumerate((now, before)):
            value = factor * scale
            if spec.of:
                value *= sum(_num(context.get(n, [0.0, 0.0])[k]) * c for n, c in spec.of)
            if spec.cap:
                value = min(value, _num(context[spec.cap][k]))
            pair.append(_round(max(value, 0.0), spec.decimals, spec.ceil))
        return pair

    def _count(self, spec: _Spec, p: float, mean: float | None) -> float:
        events = _poisson(self.rng, mean) if mean is not None else int(self.rng.random() < p)
        if events and spec.amount is not None:
            return _round(self.rng.uniform(*spec.amount), spec.decimals)
        if events and mean is None and spec.max > 1:
            return float(self.rng.randint(1, spec.max))
        return float(events)

    # -- district values ----------------------------------------------------------------------
    def unit_values(self, district: _District, overrides: dict[tuple[str, int], float]) -> None:
        """District elements, in spec order; ``overrides`` (real figures) replace drawn values."""
        context: dict[str, Pair] = {"schools": [float(len(district.schools))] * 2}
        for school in district.schools:
            for code, pair in school.values.items():
                total = context.setdefault(code, [0.0, 0.0])
                total[CURRENT] = _num(total[CURRENT]) + _num(pair[CURRENT])
                total[PREVIOUS] = _num(total[PREVIOUS]) + _num(pair[PREVIOUS])
            count = context.setdefault(f"count_{school.type}", [0.0, 0.0])
            count[CURRENT] = count[PREVIOUS] = _num(count[CURRENT]) + 1.0
        for spec in self.unit_specs:
            pair = self._pair(spec, district, None, context)
            drawn = list(pair)
            for k in (CURRENT, PREVIOUS):
                if (spec.code, k) in overrides:
                    pair[k] = overrides[spec.code, k]
            real_now = (spec.code, CURRENT) in overrides
            if real_now and (spec.code, PREVIOUS) not in overrides and not spec.of and drawn[CURRENT]:
                # keep the drawn change from the previous year around the real value
                pair[PREVIOUS] = _round(
                    _num(pair[CURRENT]) * _num(drawn[PREVIOUS]) / _num(drawn[CURRENT]), spec.decimals
                )
            district.values[spec.code] = context[spec.code] = pair

    def settle_rules(self) -> None:
        """Clean units fire no rule; each rule type fires somewhere; then the at_least links."""
        for district in self.districts:
            if district.clean:
                for code in self.rule_elements & district.values.keys():
                    district.values[code] = [0.0, 0.0]
        others = [d for d in self.districts if not d.clean]
        taken: set[str] = set()
        for by_type in self.facts.rules:
            for rule_type in ("veto", "downgrade", "cannot_be_excellent"):
                rules = by_type.get(rule_type, [])
                if (
                    not rules
                    or not others
                    or any(_num(d.values[c][CURRENT]) for rule in rules for c in rule for d in others)
                ):
                    continue
                code = self.rng.choice(self.rng.choice(rules))
                pool = [d for d in others if d.code not in taken] or others
                district = self.rng.choice(pool)
                taken.add(district.code)
                spec = self.by_code[code]
                district.values[code][CURRENT] = self._count(spec, 1.0, None) if spec.amount else 1.0
        for spec in (s for s in self.unit_specs if s.at_least):
            for district in self.districts:
                for k in (CURRENT, PREVIOUS):
                    floor = sum(_num(district.values[c][k]) for c in spec.at_least)
                    district.values[spec.code][k] = max(_num(district.values[spec.code][k]), floor)

    def drop_some(self) -> None:
        """Make a few values missing (never in clean units, sizes, or what rules read)."""
        rates = self.spec["missing_rate"]
        # a missing school value would skew the district's ratios (a numerator without its
        # denominator), so only school elements that stand alone may go missing
        linked = {n for s in self.school_specs for n, _ in s.of} | {s.cap for s in self.school_specs}
        alone = {s.code for s in self.school_specs if not s.of and s.code not in linked}
        for district in self.districts:
            if district.clean:
                continue
            for holder, specs, rate in [(district.values, self.unit_specs, rates["unit"])] + [
                (s.values, self.school_specs, rates["school"]) for s in district.schools
            ]:
                for spec in specs:
                    if spec.code not in holder or spec.required or spec.code in self.rule_elements:
                        continue
                    if holder is district.values or spec.code in alone:
                        for k in (CURRENT, PREVIOUS):
                            if self.rng.random() < rate:
                                holder[spec.code][k] = None

    # -- reviews and bonus claims -------------------------------------------------------------
    def reviews(self) -> list[ReviewRow]:
        conf, rows = self.spec["reviews"], []
        for district in self.districts:
            reviewer = f"督学{self.rng.choice(conf['surnames'])}某"
            for item, levels in self.facts.rubrics:
                weights = [w * math.exp(-0.7 * district.perf * i) for i, w in enumerate(conf["weights"])]
                i = self.rng.choices(range(len(levels)), weights[: len(levels)])[0]
                rows.append(ReviewRow(district.code, item, levels[i], reviewer, conf["notes"][min(i, 3)]))
        return rows

    def bonus(self, real: Sequence[Sequence[str]]) -> list[BonusRow]:
        conf, rows = self.spec["bonus"], []
        points = dict(self.facts.bonus)
        outcomes = list(conf["outcomes"])
        for district in self.districts:
            claims = [(item, note) for unit, item, note in real if unit == district.code and item in points]
            for item, note in claims:
                rows.append(BonusRow(district.code, item, points[item], points[item], note))
            if claims or district.clean:
                continue
            for item, most in self.facts.bonus:
                if self.rng.random() < _chance(conf["claim_rate"], 0.6 * district.perf):
                    claimed = most / 2 if most >= 2 and self.rng.random() < 0.3 else most
                    outcome = self.rng.choices(outcomes, list(conf["outcomes"].values()))[0]
                    accepted = {"accepted": claimed, "rejected": 0.0}.get(outcome)
                    rows.append(BonusRow(district.code, item, claimed, accepted, conf["notes"][outcome]))
        return rows

    # -- rows ---------------------------------------------------------------------------------
    def data(self, title: str, top: UnitRow, middle: Sequence[UnitRow], real: Sequence[Any]) -> GeneratedData:
        reviews, bonus = self.reviews(), self.bonus(real)
        units = [top, *middle]
        values: list[ValueRow] = []
        periods = (self.current, self.previous)
        declared = self.facts.elements
        for district in self.districts:
            units.append(UnitRow(district.code, district.name, district.parent, "district", ""))
            values.extend(
                ValueRow(district.code, s.code, periods[k], district.values[s.code][k])
                for s in self.unit_specs
                if s.code in declared
                for k in (CURRENT, PREVIOUS)
            )
        for district in self.districts:
            for school in district.schools:
                units.append(UnitRow(school.code, school.name, district.code, "school", school.type))
                values.extend(
                    ValueRow(school.code, s.code, periods[k], school.values[s.code][k])
                    for s in self.school_specs
                    if s.code in school.values and s.code in declared
                    for k in (CURRENT, PREVIOUS)
                )
        return GeneratedData(
            title, self.spec["label"], tuple(units), tuple(values), tuple(reviews), tuple(bonus)
        )


def _num(value: float | None) -> float:
    return 0.0 if value is None else value


# ---------------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------------
def generate_chongqing(seed: int = 2022) -> GeneratedData:
    """Chongqing (500000), its 38 districts and about 1,500 schools, for 2021 and 2020.

    Jiangbei (500105) carries the real figures of ``jiangbei_2021.yaml``: its district values
    verbatim, its school counts, and its school sums exactly. The rest is 示例数据.
    """
    spec = _read("chongqing/generation.yaml")
    real = _read(spec["real_data"])
    generator = _Generator(spec, seed)
    current = generator.current
    real_counts = {r["school_type"]: int(r["count"]) for r in real["school_counts"] if r["period"] == current}
    exact = {
        (r["school_type"], k): int(v)
        for r in real["school_counts"]
        if r["period"] == current
        for k, v in r.items()
        if k not in ("school_type", "period", "count", "quote")
    }
    sums = {}
    for row in real["school_sums"]:
        if row["period"] != current:
            raise ValueError(f"school_sums: only period {current} is supported, not {row['period']}")
        sums[row["element"]] = float(row["value"])
    overrides = {
        (r["element"], CURRENT if r["period"] == current else PREVIOUS): float(r["value"])
        for r in real["unit_values"]
    }
    city = spec["city"]
    rows = [(str(c), n, float(pop), region) for c, n, pop, region in spec["districts"]]
    others = [r for r in rows if r[0] != real["unit"]]
    sizes = _apportion(
        [pop * spec["regions"][region]["density"] for _, _, pop, region in others],
        int(spec["schools_total"]) - sum(real_counts.values()),
        [math.inf] * len(others),
    )
    size_of = {r[0]: n for r, n in zip(others, sizes, strict=True)}
    clean = set(spec["clean_units"])
    for code, name, _, region in rows:
        perf = spec["performance"].get(code, _clip(generator.rng.gauss(0.0, 1.0), (-2.2, 2.2)))
        district = _District(code, name, str(city["code"]), region, perf, code in clean)
        is_real = code == real["unit"]
        generator.add_district(district, real_counts if is_real else generator.type_counts(size_of[code]))
        generator.school_bools(district, exact if is_real else {})
        if is_real:
            generator.hit_base_sums(district, sums)
        generator.school_values(district)
        if is_real:
            generator.hit_derived_sums(district, sums)
        generator.unit_values(district, overrides if is_real else {})
    return _finish(
        generator,
        spec["title"],
        UnitRow(str(city["code"]), city["name"], "", "city", ""),
        [],
        spec["bonus"]["real_claims"],
    )


def generate_province(n_schools: int = 20000, n_counties: int = 150, seed: int = 1) -> GeneratedData:
    """A synthetic province for benchmarks: province → cities → counties → schools.

    About ten counties per city; ``n_schools`` schools shared among the counties by a drawn
    population. Counties have level ``district``, so the bundled schemes run on them unchanged.
    """
    spec = _read("chongqing/generation.yaml")
    generator = _Generator(spec, seed)
    rng, places = generator.rng, list(spec["names"]["places"])
    n_cities = max(1, round(n_counties / 10))
    names: set[str] = set()

    def fresh(suffix: str) -> str:
        while True:
            name = "".join(rng.sample(places, 2)) + suffix
            if name not in names:
                names.add(name)
                return name

    cities = [UnitRow(f"99{i + 1:02d}00", fresh("市"), "990000", "city", "") for i in range(n_cities)]
    regions = list(spec["regions"])
    plan = []
    for j in range(n_counties):
        city = cities[j % n_cities]
        serial = j // n_cities + 1
        region = rng.choices(regions, [1, 3, 3, 2][: len(regions)])[0]
        population = math.exp(rng.gauss(math.log(50), 0.5))
        plan.append(
            (
                f"{city.code[:4]}{serial:02d}",
                fresh("区" if serial <= 2 else "县"),
                city.code,
                region,
                population * spec["regions"][region]["density"],
            )
        )
    plan.sort()
    sizes = _apportion([p[4] for p in plan], n_schools, [math.inf] * len(plan))
    for (code, name, parent, region, _), size in zip(plan, sizes, strict=True):
        district = _District(code, name, parent, region, _clip(rng.gauss(0.0, 1.0), (-2.2, 2.2)), False)
        generator.add_district(district, generator.type_counts(size))
        generator.school_bools(district, {})
        generator.school_values(district)
        generator.unit_values(district, {})
    title = f"示例省{n_counties}个县（区）{n_schools}所学校教育督导评价合成数据（基准测试用示例数据）"
    return _finish(generator, title, UnitRow("990000", "示例省", "", "province", ""), cities, [])


def _finish(
    generator: _Generator, title: str, top: UnitRow, middle: Sequence[UnitRow], real_claims: Sequence[Any]
) -> GeneratedData:
    generator.settle_rules()
    generator.drop_some()
    return generator.data(title, top, middle, real_claims)


def write_dataset(data: GeneratedData, folder: Path) -> None:
    """Write the dataset files of docs/scheme-format.md ("Data files") into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, tuple[list[str], Iterable[Sequence[object]]]] = {
        "units.csv": (
            ["code", "name", "parent", "level", "school_type"],
            ((u.code, u.name, u.parent, u.level, u.school_type) for u in data.units),
        ),
        "values.csv": (
            ["unit", "element", "period", "value"],
            ((v.unit, v.element, v.period, _text(v.value)) for v in data.values),
        ),
        "reviews.csv": (
            ["unit", "item", "level", "reviewer", "note"],
            ((r.unit, r.item, r.level, r.reviewer, r.note) for r in data.reviews),
        ),
        "bonus.csv": (
            ["unit", "item", "claimed", "accepted", "note"],
            ((b.unit, b.item, _text(b.claimed), _text(b.accepted), b.note) for b in data.bonus),
        ),
    }
    for name, (header, rows) in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    text = yaml.safe_dump({"title": data.title, "label": data.label}, allow_unicode=True, sort_keys=False)
    (folder / "dataset.yaml").write_text(text, encoding="utf-8")


def _text(value: float | None) -> str:
    """A value as CSV text: empty when missing, no trailing ``.0`` on whole numbers."""
    if value is None:
        return ""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.12g}"
