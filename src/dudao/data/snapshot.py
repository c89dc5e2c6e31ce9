"""Compute snapshots on disk: wide Parquet files, partitioned by period, unit level and province.

A snapshot folder is what evaluation reads at scale; it is never pivoted at run time::

    DIR/dataset.yaml                                      title, label, format: snapshot
    DIR/units.parquet                                     code, name, parent, level, school_type
    DIR/reviews.parquet, DIR/bonus.parquet                (optional) as reviews.csv / bonus.csv
    DIR/unranked.parquet                                  (optional) as unranked.csv: unit, reason
    DIR/snapshot/period=2021/level=school/province=11.parquet
                                                          unit, then one float64 column per element

Each partition file holds the units of one province (the tree's root where there is no
province level). :func:`write_snapshot` with ``units=`` rewrites only the files that hold those
units, so a change to one district rewrites one province's file, not the nation. Every write
goes to a temporary file first and replaces the old one atomically.

>>> import tempfile
>>> from dudao.samples import bundled_dataset
>>> with tempfile.TemporaryDirectory() as folder:
...     files = write_snapshot(bundled_dataset(), folder)
...     again = read_snapshot(folder)
...     print(files[0].relative_to(folder).as_posix())
...     again.wide(2021, "school").equals(bundled_dataset().wide(2021, "school"))
snapshot/period=2020/level=district/province=500000.parquet
True
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from dudao.data.unranked import COLUMNS as UNRANKED_COLUMNS
from dudao.data.unranked import unranked_frame, unranked_of
from dudao.engine.dataset import UNIT_COLUMNS, BonusClaim, Dataset, Review, Unit
from dudao.errors import DataError, Location, Problem, has_errors
from dudao.scheme.yaml_source import YNode, read_yaml

SNAPSHOT_DIR = "snapshot"
PARTITION_LEVEL = "province"
_PERIOD = re.compile(r"^period=(\d{4})$")
_LEVEL = re.compile(r"^level=([A-Za-z_][A-Za-z0-9_]*)$")


def is_snapshot_folder(folder: str | Path) -> bool:
    """True when ``folder`` holds a snapshot (``units.parquet``) rather than CSV files."""
    return (Path(folder) / "units.parquet").exists()


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
def write_snapshot(dataset: Dataset, folder: str | Path, units: Iterable[str] | None = None) -> list[Path]:
    """Write ``dataset``'s snapshot to ``folder``; return the partition files written.

    With ``units``, only the partition files holding those units are rewritten (the row
    rebuild after a change); otherwise the whole folder is written, units and claims included.
    """
    folder = Path(folder)
    if units is None:
        write_manifest(folder, dataset.title, dataset.label)
        write_table(dataset.unit_frame.reset_index(drop=True)[list(UNIT_COLUMNS)], folder / "units.parquet")
        write_claims(dataset.reviews, dataset.bonus, folder)
        write_table(unranked_frame(dataset.unranked), folder / "unranked.parquet")
    return write_partitions(dataset, folder, units)


def snapshot_writer(folder: str | Path) -> Callable[[Dataset, Iterable[str]], None]:
    """A listener that rewrites ``folder``'s partition files holding the units that changed.

    Pass it as ``on_change`` to :class:`~dudao.engine.incremental.LiveRound` to keep a snapshot
    folder in step with a round scored live.
    """
    target = Path(folder)

    def write_changed(dataset: Dataset, units: Iterable[str]) -> None:
        write_snapshot(dataset, target, units=units)

    return write_changed


def write_partitions(dataset: Dataset, folder: str | Path, units: Iterable[str] | None = None) -> list[Path]:
    """Write the wide partition files of ``dataset`` (only those holding ``units``, if given)."""
    folder = Path(folder)
    partition = partitions(dataset)
    wanted = None if units is None else set(partition.reindex(list(units)).dropna())
    written = []
    for period, level in dataset.snapshot_keys():
        frame = dataset.wide(period, level)
        keys = partition.reindex(frame.index).fillna("").to_numpy()
        for key in sorted(set(keys)):
            if wanted is not None and key not in wanted:
                continue
            part = frame[keys == key].dropna(axis=1, how="all")
            path = (
                folder
                / SNAPSHOT_DIR
                / f"period={period}"
                / f"level={level}"
                / f"{PARTITION_LEVEL}={key}.parquet"
            )
            write_table(part.rename_axis("unit").reset_index(), path)
            written.append(path)
    return written


def write_manifest(folder: Path, title: str, label: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(
        {"title": title, "label": label, "format": "snapshot"}, allow_unicode=True, sort_keys=False
    )
    temporary = folder / ".dataset.yaml.tmp"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, folder / "dataset.yaml")


def partitions(dataset: Dataset) -> pd.Series:
    """The partition of every unit (code → province code, or the root's code without provinces)."""
    frame = dataset.unit_frame
    province = dataset.ancestors_at(frame.index, PARTITION_LEVEL)
    root = frame.index.to_numpy(dtype=object).copy()
    parent_of = frame["parent"]
    for _ in range(64):
        parents = parent_of.reindex(root).fillna("").to_numpy(dtype=object)
        climbing = parents != ""
        if not climbing.any():
            break
        root[climbing] = parents[climbing]
    return pd.Series(np.where(province != "", province, root), index=frame.index, dtype=object)


def write_claims(reviews: Iterable[Review], bonus: Iterable[BonusClaim], folder: Path) -> None:
    """Write reviewers' levels and bonus claims as ``reviews.parquet`` and ``bonus.parquet``."""
    review_frame = pd.DataFrame(
        [(r.unit, r.item, r.level, r.reviewer, r.note) for r in reviews],
        columns=["unit", "item", "level", "reviewer", "note"],
        dtype=str,
    )
    bonus_frame = pd.DataFrame(
        [(b.unit, b.item, b.claimed, b.accepted, b.note) for b in bonus],
        columns=["unit", "item", "claimed", "accepted", "note"],
    ).astype({"unit": str, "item": str, "claimed": "float64", "accepted": "float64", "note": str})
    write_table(review_frame, folder / "reviews.parquet")
    write_table(bonus_frame, folder / "bonus.parquet")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` as Parquet, atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def load_snapshot(folder: str | Path) -> tuple[Dataset | None, list[Problem]]:
    """Read a snapshot folder; every problem is located (file, column, row)."""
    folder = Path(folder)
    problems: list[Problem] = []
    units = _read(folder / "units.parquet", problems)
    if units is None:
        return None, problems
    missing = [c for c in UNIT_COLUMNS if c not in units.columns]
    if missing:
        problems.append(_missing_column(folder / "units.parquet", missing[0]))
        return None, problems
    units = units[list(UNIT_COLUMNS)].fillna("").astype(str).astype(object)
    codes = units["code"]
    duplicated = codes[codes.duplicated()]
    for row in duplicated.index[:20]:
        problems.append(
            Problem.of(
                "duplicate-row",
                Location(str(folder / "units.parquet"), row + 1, 1, field="code"),
                variant="unit-code-again",
                code=codes[row],
                row=row + 1,
            )
        )
    known = pd.Index(codes.unique(), dtype=object)  # duplicates are errors, reported above
    frames: dict[tuple[int, str], pd.DataFrame] = {}
    root = folder / SNAPSHOT_DIR
    for period_dir in sorted(root.iterdir()) if root.is_dir() else []:
        period = _PERIOD.match(period_dir.name)
        if period is None or not period_dir.is_dir():
            problems.append(_bad_name(period_dir, "period=2021"))
            continue
        for level_dir in sorted(period_dir.iterdir()):
            level = _LEVEL.match(level_dir.name)
            if level is None or not level_dir.is_dir():
                problems.append(_bad_name(level_dir, "level=school"))
                continue
            parts = [_read_partition(path, known, problems) for path in sorted(level_dir.glob("*.parquet"))]
            found = [p for p in parts if p is not None]
            if found:
                frames[(int(period.group(1)), level.group(1))] = pd.concat(found).astype("float64")
    claims = _claims(folder, set(known), problems)
    unranked = _unranked(folder / "unranked.parquet", set(known), problems)
    title, label = read_manifest(folder / "dataset.yaml", problems)
    if has_errors(problems):
        return None, problems
    dataset = Dataset(
        tuple(map(Unit._make, units.itertuples(index=False, name=None))),
        pd.DataFrame(
            {
                "unit": pd.Series(dtype=object),
                "element": pd.Series(dtype=object),
                "period": pd.Series(dtype="int64"),
                "value": pd.Series(dtype="float64"),
                "line": pd.Series(dtype="int64"),
            }
        ),
        *claims,
        title=title,
        label=label,
        source=str(folder),
        unranked=unranked,
    )
    dataset.__dict__["unit_frame"] = units.set_index("code", drop=False)
    dataset._wide_cache.update(frames)
    dataset._built.update(period for period, _ in frames)
    return dataset, problems


def read_snapshot(folder: str | Path) -> Dataset:
    """:func:`load_snapshot`, raising :class:`DataError` on problems."""
    dataset, problems = load_snapshot(folder)
    if dataset is None:
        raise DataError(problems, what=str(folder))
    return dataset


def _read(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    if not path.exists():
        problems.append(Problem.of("file-missing", Location(str(path)), variant="in-folder", file=path.name))
        return None
    try:
        return pq.read_table(path).to_pandas()
    except (pa.ArrowException, OSError) as error:
        problems.append(Problem.of("not-parquet", Location(str(path)), file=path.name, detail=error))
        return None


def _read_partition(path: Path, known: pd.Index, problems: list[Problem]) -> pd.DataFrame | None:
    frame = _read(path, problems)
    if frame is None:
        return None
    if "unit" not in frame.columns:
        problems.append(_missing_column(path, "unit"))
        return None
    for column in frame.columns.drop("unit"):
        if not (pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column])):
            problems.append(
                Problem.of(
                    "not-a-number",
                    Location(str(path), field=column),
                    variant="column",
                    file=path.name,
                    column=column,
                    dtype=frame[column].dtype,
                )
            )
            return None
    frame["unit"] = frame["unit"].astype(str).astype(object)
    unknown = known.get_indexer(pd.Index(frame["unit"], dtype=object)) < 0
    for row in np.flatnonzero(unknown)[:20]:
        problems.append(
            Problem.of(
                "unknown-unit",
                Location(str(path), int(row) + 1, 1, field="unit"),
                unit=frame["unit"].iat[row],
                **_UNITS,
            )
        )
    return frame.set_index("unit")


def _unranked(path: Path, known: set[str], problems: list[Problem]) -> dict[str, str]:
    frame = _read(path, problems) if path.exists() else None
    if frame is None:
        return {}
    absent = [c for c in UNRANKED_COLUMNS if c not in frame.columns]
    if absent:
        problems.append(_missing_column(path, absent[0]))
        return {}
    return unranked_of(frame, str(path), known, problems)


def _claims(
    folder: Path, known: set[str], problems: list[Problem]
) -> tuple[tuple[Review, ...], tuple[BonusClaim, ...]]:
    reviews: list[Review] = []
    bonus: list[BonusClaim] = []
    for name in ("reviews.parquet", "bonus.parquet"):
        path = folder / name
        frame = _read(path, problems) if path.exists() else None
        if frame is None:
            continue
        columns = (
            ["unit", "item", "level", "reviewer", "note"]
            if name == "reviews.parquet"
            else ["unit", "item", "claimed", "accepted", "note"]
        )
        absent = [c for c in columns if c not in frame.columns]
        if absent:
            problems.append(_missing_column(path, absent[0]))
            continue
        for row, record in enumerate(frame[columns].itertuples(index=False, name=None), start=1):
            unit = str(record[0])
            if unit not in known:
                problems.append(
                    Problem.of("unknown-unit", Location(str(path), row, 1, field="unit"), unit=unit, **_UNITS)
                )
            elif name == "reviews.parquet":
                reviews.append(Review(*(str(v) for v in record)))
            else:
                accepted = None if pd.isna(record[3]) else float(record[3])
                bonus.append(BonusClaim(unit, str(record[1]), float(record[2]), accepted, str(record[4])))
    return tuple(reviews), tuple(bonus)


def read_manifest(path: Path, problems: list[Problem]) -> tuple[str, str]:
    """The ``title`` and ``label`` of a folder's dataset.yaml ("" when absent), read with the
    scheme loader's bounded YAML reader (no aliases expanding without end, no tags)."""
    if not path.exists():
        return "", ""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem.of("yaml-syntax", Location(str(path)), variant="dataset", detail=error))
        return "", ""
    root, found = read_yaml(text, str(path))
    if root is None:
        problems.extend(p for p in found if p.code != "yaml-empty")
        return "", ""
    problems.extend(found)
    title, label = (_text(root.get(key)) for key in ("title", "label"))
    return title, label


def _text(node: YNode | None) -> str:
    return "" if node is None or node.value is None else node.text or str(node.value)


def _missing_column(path: Path, column: str) -> Problem:
    return Problem.of("missing-column", Location(str(path), field=column), file=path.name, column=column)


def _bad_name(path: Path, example: str) -> Problem:
    return Problem.of("bad-snapshot-layout", Location(str(path)), name=path.name, example=example)


# The units a snapshot's values and records must be among.
_UNITS: dict[str, Any] = {"among_zh": "单位表（units.parquet）", "among_en": "units.parquet"}
