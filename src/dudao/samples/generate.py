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

This module holds the rows and the entry points; the work is done by private modules:
:mod:`dudao.samples._spec` reads the spec and the schemes, :mod:`dudao.samples._values` draws
the schools and values, and :mod:`dudao.samples._numeric` has the numeric helpers.

>>> data = generate_chongqing()
>>> sum(u.level == "district" for u in data.units), data.label
(38, '示例数据')
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dudao.samples._numeric import apportion, clip, shift_probability
from dudao.samples._spec import read_sample_yaml
from dudao.samples._values import CURRENT, PREVIOUS, District, ValueGenerator

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
# Public entry points
# ---------------------------------------------------------------------------------------------
def generate_chongqing(seed: int = 2022) -> GeneratedData:
    """Chongqing (500000), its 38 districts and about 1,500 schools, for 2021 and 2020.

    Jiangbei (500105) carries the real figures of ``jiangbei_2021.yaml``: its district values
    verbatim, its school counts, and its school sums exactly. The rest is 示例数据.
    """
    spec = read_sample_yaml("chongqing/generation.yaml")
    real = read_sample_yaml(spec["real_data"])
    generator = ValueGenerator(spec, seed)
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
    sizes = apportion(
        [pop * spec["regions"][region]["density"] for _, _, pop, region in others],
        int(spec["schools_total"]) - sum(real_counts.values()),
        [math.inf] * len(others),
    )
    size_of = {r[0]: n for r, n in zip(others, sizes, strict=True)}
    clean = set(spec["clean_units"])
    for code, name, _, region in rows:
        perf = spec["performance"].get(code, clip(generator.rng.gauss(0.0, 1.0), (-2.2, 2.2)))
        district = District(code, name, str(city["code"]), region, perf, code in clean)
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


def generate_province(
    n_schools: int = 20000,
    n_counties: int = 150,
    seed: int = 1,
    *,
    code: str = "990000",
    name: str = "示例省",
    n_cities: int | None = None,
) -> GeneratedData:
    """A synthetic province for benchmarks: province → cities → counties → schools.

    About ten counties per city unless ``n_cities`` is given; ``n_schools`` schools shared
    among the counties by a drawn population. Counties have level ``district``, so the bundled
    schemes run on them unchanged. ``code`` is the province's six-digit code (``11`` + ``0000``);
    its cities are ``11NN00`` and their counties ``11NNMM``.
    """
    spec = read_sample_yaml("chongqing/generation.yaml")
    generator = ValueGenerator(spec, seed)
    rng, places = generator.rng, list(spec["names"]["places"])
    n_cities = n_cities or max(1, round(n_counties / 10))
    names: set[str] = set()

    def fresh(suffix: str) -> str:
        while True:
            name = "".join(rng.sample(places, 2)) + suffix
            if name not in names:
                names.add(name)
                return name

    cities = [UnitRow(f"{code[:2]}{i + 1:02d}00", fresh("市"), code, "city", "") for i in range(n_cities)]
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
    sizes = apportion([p[4] for p in plan], n_schools, [math.inf] * len(plan))
    for (county, county_name, parent, region, _), size in zip(plan, sizes, strict=True):
        perf = clip(rng.gauss(0.0, 1.0), (-2.2, 2.2))
        district = District(county, county_name, parent, region, perf, False)
        generator.add_district(district, generator.type_counts(size))
        generator.school_bools(district, {})
        generator.school_values(district)
        generator.unit_values(district, {})
    title = f"{name}{n_counties}个县（区）{n_schools}所学校教育督导评价合成数据（基准测试用示例数据）"
    return _finish(generator, title, UnitRow(code, name, "", "province", ""), cities, [])


# ---------------------------------------------------------------------------------------------
# From drawn values to rows
# ---------------------------------------------------------------------------------------------
def _finish(
    generator: ValueGenerator, title: str, top: UnitRow, middle: Sequence[UnitRow], real_claims: Sequence[Any]
) -> GeneratedData:
    """Settle the round rules and missing values, draw reviews and bonus claims, make the rows."""
    generator.school_shares()
    generator.settle_rules()
    generator.drop_some()
    reviews, bonus = _review_rows(generator), _bonus_rows(generator, real_claims)
    units = [top, *middle]
    values: list[ValueRow] = []
    periods = (generator.current, generator.previous)
    declared = generator.facts.elements
    for district in generator.districts:
        units.append(UnitRow(district.code, district.name, district.parent, "district", ""))
        values.extend(
            ValueRow(district.code, s.code, periods[k], district.values[s.code][k])
            for s in generator.unit_specs
            if s.code in declared
            for k in (CURRENT, PREVIOUS)
        )
    for district in generator.districts:
        for school in district.schools:
            units.append(UnitRow(school.code, school.name, district.code, "school", school.type))
            values.extend(
                ValueRow(school.code, s.code, periods[k], school.values[s.code][k])
                for s in generator.school_specs
                if s.code in school.values and s.code in declared
                for k in (CURRENT, PREVIOUS)
            )
    return GeneratedData(
        title, generator.spec["label"], tuple(units), tuple(values), tuple(reviews), tuple(bonus)
    )


def _review_rows(generator: ValueGenerator) -> list[ReviewRow]:
    """A reviewer's level for every rubric item of every district; better districts fare better."""
    conf, rng, rows = generator.spec["reviews"], generator.rng, []
    for district in generator.districts:
        reviewer = f"督学{rng.choice(conf['surnames'])}某"
        for item, levels in generator.facts.rubrics:
            weights = [w * math.exp(-0.7 * district.perf * i) for i, w in enumerate(conf["weights"])]
            i = rng.choices(range(len(levels)), weights[: len(levels)])[0]
            rows.append(ReviewRow(district.code, item, levels[i], reviewer, conf["notes"][min(i, 3)]))
    return rows


def _bonus_rows(generator: ValueGenerator, real_claims: Sequence[Sequence[str]]) -> list[BonusRow]:
    """Bonus claims: a district's real claims (accepted in full) if it has any, else drawn ones."""
    conf, rng, rows = generator.spec["bonus"], generator.rng, []
    points = dict(generator.facts.bonus)
    outcomes = list(conf["outcomes"])
    for district in generator.districts:
        claims = [
            (item, note) for unit, item, note in real_claims if unit == district.code and item in points
        ]
        for item, note in claims:
            rows.append(BonusRow(district.code, item, points[item], points[item], note))
        if claims or district.clean:
            continue
        for item, most in generator.facts.bonus:
            if rng.random() < shift_probability(conf["claim_rate"], 0.6 * district.perf):
                claimed = most / 2 if most >= 2 and rng.random() < 0.3 else most
                outcome = rng.choices(outcomes, list(conf["outcomes"].values()))[0]
                accepted = {"accepted": claimed, "rejected": 0.0}.get(outcome)
                rows.append(BonusRow(district.code, item, claimed, accepted, conf["notes"][outcome]))
    return rows


# ---------------------------------------------------------------------------------------------
# Writing the dataset files
# ---------------------------------------------------------------------------------------------


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
