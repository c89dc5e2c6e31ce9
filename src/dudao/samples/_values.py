"""The value generator of the sample data: draws the schools of each district and every
element value of schools and districts, for the current and the previous period.

It follows the generation spec (:mod:`dudao.samples._spec`) and applies real figures where
they are given; :mod:`dudao.samples.generate` turns the result into dataset rows.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from dudao.samples._numeric import (
    apportion,
    chinese_numeral,
    clip,
    draw_poisson,
    or_zero,
    round_value,
    shift_probability,
)
from dudao.samples._spec import ElementSpec, fallback_spec, load_scheme_facts

CURRENT, PREVIOUS = 0, 1  # positions in the [current period, previous period] value pairs
Pair = list[float | None]


@dataclass
class School:
    """A school being generated; ``values`` maps element codes to [current, previous]."""

    code: str
    name: str
    type: str
    rural: bool
    resource: float  # the school's resource level, in multiples of the 优质均衡 standards
    inclusive: bool  # a private kindergarten that is 普惠性
    values: dict[str, Pair] = field(default_factory=dict)


@dataclass
class District:
    """A district (or county) being generated, with its schools and its own element values."""

    code: str
    name: str
    parent: str
    region: str
    perf: float  # the district's performance level, about N(0, 1)
    clean: bool  # no round rule may fire (Jiangbei)
    schools: list[School] = field(default_factory=list)
    values: dict[str, Pair] = field(default_factory=dict)


class ValueGenerator:
    """Draws the schools and all element values of a set of districts, following generation.yaml.

    One :class:`random.Random` (``rng``) serves every draw, so the order of the calls is part
    of the output: a seed gives the same data only if the calls come in the same order.
    """

    def __init__(self, spec: dict[str, Any], seed: int) -> None:
        self.spec, self.rng = spec, random.Random(seed)
        self.current, self.previous = int(spec["period"]), int(spec["previous"])
        self.facts = load_scheme_facts(spec["schemes"])
        groups = spec["groups"]
        self.school_specs = [ElementSpec.parse(c, r, groups) for c, r in spec["school_elements"].items()]
        self.unit_specs = [ElementSpec.parse(c, r, groups) for c, r in spec["unit_elements"].items()]
        known = {s.code for s in self.school_specs + self.unit_specs}
        for code, element in self.facts.elements.items():
            if code not in known:
                specs = self.school_specs if element.get("level") == "school" else self.unit_specs
                specs.append(fallback_spec(code, element))
        self.by_code = {s.code: s for s in self.school_specs + self.unit_specs}
        self.rule_elements = self.facts.rule_elements
        self.districts: list[District] = []

    # -- schools ------------------------------------------------------------------------------
    def type_counts(self, n: int) -> dict[str, int]:
        """Split ``n`` schools among the school types by their shares and minimums."""
        types = self.spec["school_types"]
        mins = {t: int(v["min"]) for t, v in types.items()}
        if n < sum(mins.values()):
            mins = dict.fromkeys(types, 0)
        extra = apportion(
            [float(v["share"]) for v in types.values()], n - sum(mins.values()), [math.inf] * len(types)
        )
        return {t: mins[t] + e for t, e in zip(types, extra, strict=True)}

    def add_district(self, district: District, counts: dict[str, int]) -> None:
        """Add ``district`` with ``counts`` schools of each type, drawing their names and sizes."""
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
                school = School(
                    f"{district.code}{len(district.schools) + 1:04d}",
                    self._school_name(district.name, school_type, used),
                    school_type,
                    rural,
                    resource,
                    rng.random() < self.spec["private_inclusive"],
                )
                scale = math.exp(rng.gauss(0.0, kind["sigma"])) * region["size"]
                scale *= kind["rural"] if rural else 1.0
                for base, median in kind["bases"].items():
                    low, high = self.spec["base_limits"][base]
                    size = clip(median * scale * rng.gauss(1.0, 0.08), (low, high))
                    school.values[base] = [round_value(size, 0), None]
                district.schools.append(school)
        self.districts.append(district)

    def _school_name(self, district: str, school_type: str, used: set[str]) -> str:
        """A school name not yet in ``used`` (it is added): 江北区第三小学, 江北区<place>中学校…"""
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
                    name = f"{district}第{chinese_numeral(count)}{suffix}"
                else:
                    tail = "职业中学" if school_type == "vocational" else suffix
                    name = f"{district}{self.rng.choice(places)}{tail}"
                if name not in used:
                    break
        used.add(name)
        return name

    # -- school values ------------------------------------------------------------------------
    def school_bools(self, district: District, exact: dict[tuple[str, str], int]) -> None:
        """Draw the yes/no school elements; ``exact`` fixes how many schools of a type say yes."""
        for spec in self.school_specs:
            if spec.kind != "bool":
                continue
            schools = [s for s in district.schools if spec.types is None or s.type in spec.types]
            for school in schools:
                p = spec.p_by_type.get(school.type, spec.p)
                school.values[spec.code] = [
                    float(self.rng.random() < shift_probability(p, spec.perf * district.perf)),
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

    def hit_base_sums(self, district: District, targets: dict[str, float]) -> None:
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
            group = [s for s in district.schools if base in s.values and self._receives_copy(spec, s)]
            jobs.append((len(group), code, base, group, target))
        fixed: dict[str, set[str]] = {}
        for _, code, base, group, target in sorted(jobs, key=lambda job: (job[0], job[1])):
            done = fixed.setdefault(base, set())
            free = [s for s in group if s.code not in done]
            need = round(target - sum(or_zero(s.values[base][CURRENT]) for s in group if s.code in done))
            if not free and need:
                raise ValueError(f"{district.code}: no school left to make {code} sum to {target}")
            shares = apportion([or_zero(s.values[base][CURRENT]) for s in free], need, [math.inf] * len(free))
            for school, value in zip(free, shares, strict=True):
                school.values[base][CURRENT] = float(value)
            done.update(s.code for s in group)

    def _receives_copy(self, spec: ElementSpec, school: School) -> bool:
        """Whether ``school`` gets ``spec``'s values: a copy element covers public schools only
        (``when: public``) or public and 普惠性 ones; any other element covers every school."""
        if spec.kind != "copy":
            return True
        private = bool(school.values["is_private"][CURRENT])
        return not private if spec.when == "public" else (not private or school.inclusive)

    def school_values(self, district: District) -> None:
        """Previous-period sizes, then every other school element, both periods."""
        growth = self.spec["growth"]
        for school in district.schools:
            for base, pair in school.values.items():
                if self.by_code[base].kind == "base":
                    mean, sd = growth[base]
                    pair[PREVIOUS] = max(
                        1.0, round_value(or_zero(pair[CURRENT]) / (1 + self.rng.gauss(mean, sd)), 0)
                    )
        for spec in self.school_specs:
            if spec.kind in ("base", "bool", "percent"):
                continue
            for school in district.schools:
                if spec.types is None or school.type in spec.types:
                    school.values[spec.code] = self._draw_pair(spec, district, school, school.values)

    def hit_derived_sums(self, district: District, targets: dict[str, float]) -> None:
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
                        sum(or_zero(school.values.get(n, [0.0])[CURRENT]) * c for n, c in spec.of)
                        * spec.clip[1]
                    )
                if spec.cap:
                    room = min(room, or_zero(school.values[spec.cap][CURRENT]))
                upper.append(room / unit)
            weights = [or_zero(s.values[code][CURRENT]) for s in group]
            for school, value in zip(group, apportion(weights, round(target / unit), upper), strict=True):
                school.values[code][CURRENT] = round_value(value * unit, spec.decimals)

    def school_shares(self) -> None:
        """Shares a school reports beside their counts (kind ``percent``, ``of: [numerator,
        denominator]``), worked out last from the final counts, as the school's own ratio × 100."""
        for spec in (s for s in self.school_specs if s.kind == "percent"):
            (numerator, _), (denominator, _) = spec.of
            for district in self.districts:
                for school in district.schools:
                    if spec.types is not None and school.type not in spec.types:
                        continue
                    pair: Pair = []
                    for k in (CURRENT, PREVIOUS):
                        top = school.values.get(numerator, [None, None])[k]
                        bottom = school.values.get(denominator, [None, None])[k]
                        share = None if top is None or not bottom else 100.0 * top / bottom
                        pair.append(None if share is None else round_value(share, spec.decimals))
                    school.values[spec.code] = pair

    # -- one value pair -----------------------------------------------------------------------
    def _draw_pair(
        self, spec: ElementSpec, district: District, school: School | None, context: dict[str, Pair]
    ) -> Pair:
        rng, wealth = self.rng, self.spec["regions"][district.region]["wealth"]
        rural = school is not None and school.rural
        if spec.kind in ("base", "sum", "copy"):
            if spec.kind == "copy" and school is not None and not self._receives_copy(spec, school):
                return [0.0, 0.0]
            return [sum(or_zero(context.get(n, [0.0, 0.0])[k]) * c for n, c in spec.of) for k in (0, 1)]
        if spec.kind == "count":
            p = spec.p * (spec.rural if rural else 1.0)
            return [
                self._draw_count(spec, p, spec.poisson),
                self._draw_count(spec, p, spec.prev_poisson or spec.poisson),
            ]
        if spec.kind == "bool":
            now = float(rng.random() < shift_probability(spec.p, spec.perf * district.perf))
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
                        and or_zero(s.values.get(name, [0.0, 0.0])[k]) > spec.above[s.type]
                    )
                )
                for k in (0, 1)
            ]
        # ratio: Σ of × coefficient × factor
        mean = spec.by_type.get(school.type if school else "", spec.by_region.get(district.region, spec.mean))
        now = clip(mean + spec.sd * (rng.gauss(0.0, 1.0) + spec.perf * district.perf), spec.clip)
        before = clip(now / (1.0 + spec.drift + rng.gauss(0.0, spec.drift_sd)), spec.clip)
        if spec.resource and district.clean:  # every school of a clean unit meets the standards
            now, before = max(now, 1.0), max(before, 1.0)
        scale = wealth**spec.wealth * (spec.rural if rural else 1.0)
        scale *= school.resource if spec.resource and school is not None else 1.0
        pair: Pair = []
        for k, factor in enumerate((now, before)):
            value = factor * scale
            if spec.of:
                value *= sum(or_zero(context.get(n, [0.0, 0.0])[k]) * c for n, c in spec.of)
            if spec.cap:
                value = min(value, or_zero(context[spec.cap][k]))
            pair.append(round_value(max(value, 0.0), spec.decimals, spec.ceil))
        return pair

    def _draw_count(self, spec: ElementSpec, p: float, mean: float | None) -> float:
        events = draw_poisson(self.rng, mean) if mean is not None else int(self.rng.random() < p)
        if events and spec.amount is not None:
            return round_value(self.rng.uniform(*spec.amount), spec.decimals)
        if events and mean is None and spec.max > 1:
            return float(self.rng.randint(1, spec.max))
        return float(events)

    # -- district values ----------------------------------------------------------------------
    def unit_values(self, district: District, overrides: dict[tuple[str, int], float]) -> None:
        """District elements, in spec order; ``overrides`` (real figures) replace drawn values."""
        context: dict[str, Pair] = {"schools": [float(len(district.schools))] * 2}
        for school in district.schools:
            for code, pair in school.values.items():
                total = context.setdefault(code, [0.0, 0.0])
                total[CURRENT] = or_zero(total[CURRENT]) + or_zero(pair[CURRENT])
                total[PREVIOUS] = or_zero(total[PREVIOUS]) + or_zero(pair[PREVIOUS])
            count = context.setdefault(f"count_{school.type}", [0.0, 0.0])
            count[CURRENT] = count[PREVIOUS] = or_zero(count[CURRENT]) + 1.0
        for spec in self.unit_specs:
            pair = self._draw_pair(spec, district, None, context)
            drawn = list(pair)
            for k in (CURRENT, PREVIOUS):
                if (spec.code, k) in overrides:
                    pair[k] = overrides[spec.code, k]
            real_now = (spec.code, CURRENT) in overrides
            if real_now and (spec.code, PREVIOUS) not in overrides and not spec.of and drawn[CURRENT]:
                # keep the drawn change from the previous year around the real value
                pair[PREVIOUS] = round_value(
                    or_zero(pair[CURRENT]) * or_zero(drawn[PREVIOUS]) / or_zero(drawn[CURRENT]), spec.decimals
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
                    or any(or_zero(d.values[c][CURRENT]) for rule in rules for c in rule for d in others)
                ):
                    continue
                code = self.rng.choice(self.rng.choice(rules))
                pool = [d for d in others if d.code not in taken] or others
                district = self.rng.choice(pool)
                taken.add(district.code)
                spec = self.by_code[code]
                district.values[code][CURRENT] = self._draw_count(spec, 1.0, None) if spec.amount else 1.0
        for spec in (s for s in self.unit_specs if s.at_least):
            for district in self.districts:
                for k in (CURRENT, PREVIOUS):
                    floor = sum(or_zero(district.values[c][k]) for c in spec.at_least)
                    district.values[spec.code][k] = max(or_zero(district.values[spec.code][k]), floor)

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
