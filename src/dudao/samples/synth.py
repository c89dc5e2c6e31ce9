"""Synthetic data at city, province or nation scale, written as a Parquet snapshot (合成数据).

The tree is nation → provinces → cities → counties → schools. Each province is drawn by
:func:`dudao.samples.generate.generate_province` (the same distributions as the bundled
Chongqing data: school types and sizes, rural schools, resource levels, a few percent
missing, zeros, ties, veto and downgrade cases) with its own seed, so provinces are drawn in
parallel processes and the result does not depend on how many there are. Each province's
values go straight to its partition files; only the units tree is gathered.

>>> SCALES["nation"].schools, SCALES["nation"].counties, len(PROVINCE_CODES)
(500000, 2850, 31)
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dudao.data.snapshot import write_claims, write_manifest, write_partitions, write_table
from dudao.engine.dataset import UNIT_COLUMNS, BonusClaim, Review
from dudao.errors import DudaoError
from dudao.samples import to_dataset
from dudao.samples._numeric import apportion
from dudao.samples.generate import generate_province

NATION = ("000000", "示例全国")
# The 31 province-level codes of GB/T 2260; the names and all data are synthetic.
PROVINCE_CODES = tuple(
    f"{code}" for code in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44)
) + tuple(f"{code}" for code in (45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65))


@dataclass(frozen=True)
class Scale:
    provinces: int
    counties: int
    schools: int
    cities: int | None = None  # per province; None: about ten counties per city


SCALES = {
    "city": Scale(provinces=1, counties=38, schools=1500, cities=1),
    "province": Scale(provinces=1, counties=150, schools=20000),
    "nation": Scale(provinces=31, counties=2850, schools=500000),
}


@dataclass(frozen=True)
class Summary:
    folder: Path
    provinces: int
    counties: int
    schools: int
    values: int
    files: int


@dataclass(frozen=True)
class _Province:
    code: str
    name: str
    counties: int
    schools: int
    cities: int | None
    seed: int


def synthesize(
    scale: str | Scale,
    folder: str | Path,
    *,
    seed: int = 1,
    schools: int | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Write a synthetic snapshot of ``scale`` (``city``, ``province``, ``nation``) to ``folder``.

    ``schools`` changes the number of schools (and the counties in proportion); ``progress``
    is called with (provinces done, provinces in all).
    """
    size = _scale(scale, schools)
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DudaoError(
            f"输出目录 {folder} 不为空或不是目录，请指定新的或空的目录 / "
            f"the output folder {folder} is not empty (or is a file); give a new or empty folder"
        )
    provinces = _plan(size, seed)
    jobs = [(p, str(folder)) for p in provinces]
    done: list[tuple[pd.DataFrame, list[Review], list[BonusClaim], int, int]] = []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        for job in jobs:
            done.append(_draw_province(job))
            if progress:
                progress(len(done), len(jobs))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(_draw_province, jobs):
                done.append(result)
                if progress:
                    progress(len(done), len(jobs))
    nation = pd.DataFrame([(NATION[0], NATION[1], "", "nation", "")], columns=list(UNIT_COLUMNS))
    units = pd.concat([nation, *(d[0] for d in done)], ignore_index=True)
    write_table(units, folder / "units.parquet")
    write_claims([r for d in done for r in d[1]], [b for d in done for b in d[2]], folder)
    title = (
        f"{NATION[1]}{len(provinces)}个省{size.counties}个县（区）{size.schools}所学校"
        "教育督导评价合成数据（示例数据，仅供测试与基准）"
    )
    write_manifest(folder, title, "示例数据")
    return Summary(
        folder,
        len(provinces),
        int((units["level"] == "district").sum()),
        int((units["level"] == "school").sum()),
        sum(d[3] for d in done),
        sum(d[4] for d in done),
    )


def _scale(scale: str | Scale, schools: int | None) -> Scale:
    if isinstance(scale, str):
        if scale not in SCALES:
            raise DudaoError(
                f"未知的规模“{scale}”，可选：{'、'.join(SCALES)} / "
                f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}"
            )
        scale = SCALES[scale]
    if schools is None:
        return scale
    if schools < 10:
        raise DudaoError(f"学校数 {schools} 太少（至少 10 所） / {schools} schools is too few (10 at least)")
    counties = max(scale.provinces, round(scale.counties * schools / scale.schools))
    provinces = min(scale.provinces, max(1, counties // 10)) if scale.provinces > 1 else 1
    return Scale(provinces, counties, schools, scale.cities)


def _plan(size: Scale, seed: int) -> list[_Province]:
    """Share the counties and schools among the provinces by a drawn size."""
    rng = random.Random(seed)
    count = min(size.provinces, len(PROVINCE_CODES))
    weights = [math.exp(rng.gauss(0.0, 0.5)) for _ in range(count)]
    counties = apportion(weights, size.counties - count, [math.inf] * count)
    counties = [c + 1 for c in counties]
    schools = apportion([float(c) for c in counties], size.schools, [math.inf] * count)
    return [
        _Province(
            f"{code}0000",
            f"示例{code}省",
            n_counties,
            n_schools,
            size.cities,
            seed * 1000 + i,
        )
        for i, (code, n_counties, n_schools) in enumerate(
            zip(PROVINCE_CODES, counties, schools, strict=False)
        )
    ]


def _draw_province(
    job: tuple[_Province, str],
) -> tuple[pd.DataFrame, list[Review], list[BonusClaim], int, int]:
    """Draw one province and write its partition files; return its units and claims."""
    province, folder = job
    data = generate_province(
        province.schools,
        province.counties,
        province.seed,
        code=province.code,
        name=province.name,
        n_cities=province.cities,
    )
    dataset = to_dataset(data, source=province.name)
    files = write_partitions(dataset, folder)
    units = dataset.unit_frame.reset_index(drop=True)[list(UNIT_COLUMNS)].copy()
    units.loc[units["code"] == province.code, "parent"] = NATION[0]
    return units, list(dataset.reviews), list(dataset.bonus), len(dataset.values), len(files)
