"""Bundled samples 示例: two schemes and the generated Chongqing dataset (示例数据).

Only Jiangbei's (500105) figures come from a real report; every other value is generated
deterministically and labelled 示例数据 wherever it is shown.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: naming a bundled scheme should not load pandas
    from dudao.engine.dataset import Dataset

BUNDLED_SCHEMES = {
    "cq-district-2022": "cq_district_2022.yaml",
    "cq-balanced-2022": "balanced_2022.yaml",
}
DEFAULT_SCHEME = "cq-district-2022"


def bundled_scheme_path(code: str | None = None) -> Path:
    """The file of a bundled scheme (the Chongqing district scheme by default)."""
    name = BUNDLED_SCHEMES[code or DEFAULT_SCHEME]
    return Path(str(files("dudao.samples").joinpath("schemes", name)))


def bundled_prose_path() -> Path:
    """Jiangbei's own words from its 2022 report: narratives per area and two plans."""
    return Path(str(files("dudao.samples").joinpath("chongqing", "jiangbei_prose.yaml")))


def bundled_report_path() -> Path:
    """Jiangbei's 2022 self-evaluation report as published on the web (the seed), as text."""
    return Path(str(files("dudao.samples").joinpath("chongqing", "jiangbei_2022_report.txt")))


def bundled_dhis2_mapping_path() -> Path:
    """A DHIS2 mapping for the bundled district scheme and units (made-up DHIS2 UIDs; docs/dhis2.md)."""
    return Path(str(files("dudao.samples").joinpath("dhis2", "cq_district_mapping.yaml")))


@cache
def bundled_dataset(seed: int = 2022) -> Dataset:
    """The 38 Chongqing districts with ~1,500 schools, for 2020 and 2021 (示例数据)."""
    from dudao.samples.generate import generate_chongqing

    return to_dataset(generate_chongqing(seed), source="<内置示例数据 bundled sample>")


def to_dataset(data: object, source: str) -> Dataset:
    """Turn generated rows into a :class:`Dataset` without going through files."""
    import pandas as pd

    from dudao.engine.dataset import BonusClaim, Dataset, Review, Unit
    from dudao.samples.generate import GeneratedData

    assert isinstance(data, GeneratedData)
    values = pd.DataFrame(
        {
            "unit": [v.unit for v in data.values],
            "element": [v.element for v in data.values],
            "period": pd.array([v.period for v in data.values], dtype="int64"),
            "value": pd.array([v.value for v in data.values], dtype="float64"),
        }
    )
    values["line"] = range(2, len(values) + 2)
    return Dataset(
        units=tuple(Unit(u.code, u.name, u.parent, u.level, u.school_type) for u in data.units),
        values=values,
        reviews=tuple(Review(r.unit, r.item, r.level, r.reviewer, r.note) for r in data.reviews),
        bonus=tuple(BonusClaim(b.unit, b.item, b.claimed, b.accepted, b.note) for b in data.bonus),
        title=data.title,
        label=data.label,
        source=source,
    )


def bundled_survey_path() -> Path:
    """The example satisfaction questionnaire (示例问卷), in the national survey's structure, scoring
    the district scheme's satisfaction items (A9)."""
    return Path(str(files("dudao.samples").joinpath("surveys", "national_example.yaml")))
