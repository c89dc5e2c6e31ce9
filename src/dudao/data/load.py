"""Load a dataset folder (units.csv, values.csv, reviews.csv, bonus.csv, unranked.csv, dataset.yaml), or a
snapshot folder (units.parquet and wide Parquet files, see :mod:`dudao.data.snapshot`).

``load_dataset`` returns the dataset and every problem, each at ``file:line:col``; nothing
is half-loaded: a dataset with errors is returned as None. ``read_dataset`` raises instead.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dudao.data.cell import Rejected, read_cell
from dudao.data.long_format import (
    extra_fields,
    read_value_column,
    too_many_fields,
    unique_header,
    with_spare_columns,
)
from dudao.data.snapshot import is_snapshot_folder, load_snapshot, read_manifest
from dudao.data.unranked import COLUMNS as UNRANKED_COLUMNS
from dudao.data.unranked import unranked_of
from dudao.engine.dataset import SCHOOL_LEVEL, SCHOOL_TYPES, BonusClaim, Dataset, Review, Unit
from dudao.errors import DataError, Location, Problem, has_errors

UNITS_COLUMNS = ("code", "name", "parent", "level", "school_type")
VALUES_COLUMNS = ("unit", "element", "period", "value")
REVIEWS_COLUMNS = ("unit", "item", "level", "reviewer", "note")
BONUS_COLUMNS = ("unit", "item", "claimed", "accepted", "note")


UNIT_CODE: dict[str, Any] = {"what_zh": "单位代码", "what_en": "unit code"}
ELEMENT_CODE: dict[str, Any] = {"what_zh": "数据项代码", "what_en": "element code"}


def load_dataset(folder: str | Path) -> tuple[Dataset | None, list[Problem]]:
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        return None, [Problem.of("file-missing", Location(str(folder)), variant="data-folder", file=folder)]
    if is_snapshot_folder(folder):
        return load_snapshot(folder)
    units_frame = _read_csv(folder / "units.csv", UNITS_COLUMNS, problems, required=True)
    values_frame = _read_csv(folder / "values.csv", VALUES_COLUMNS, problems, required=True)
    reviews_frame = _read_csv(folder / "reviews.csv", REVIEWS_COLUMNS, problems)
    bonus_frame = _read_csv(folder / "bonus.csv", BONUS_COLUMNS, problems)
    unranked_frame = _read_csv(folder / "unranked.csv", UNRANKED_COLUMNS, problems)
    if units_frame is None or values_frame is None or has_errors(problems):
        return None, problems
    units = _units(units_frame, str(folder / "units.csv"), problems)
    codes = {u.code for u in units}
    values = _values(values_frame, str(folder / "values.csv"), codes, problems)
    reviews = _reviews(reviews_frame, str(folder / "reviews.csv"), codes, problems)
    bonus = _bonus(bonus_frame, str(folder / "bonus.csv"), codes, problems)
    unranked_file = str(folder / "unranked.csv")
    unranked = {} if unranked_frame is None else unranked_of(unranked_frame, unranked_file, codes, problems)
    title, label = read_manifest(folder / "dataset.yaml", problems)
    if has_errors(problems):
        return None, problems
    dataset = Dataset(
        tuple(units),
        values,
        tuple(reviews),
        tuple(bonus),
        title,
        label,
        str(folder),
        values_file=str(folder / "values.csv"),
        unranked=unranked,
    )
    return dataset, problems


def read_dataset(folder: str | Path) -> Dataset:
    dataset, problems = load_dataset(folder)
    if dataset is None or has_errors(problems):
        raise DataError(problems, what=str(folder))
    return dataset


def _read_csv(
    path: Path, columns: tuple[str, ...], problems: list[Problem], required: bool = False
) -> pd.DataFrame | None:
    file = str(path)
    if not path.exists():
        if required:
            problems.append(Problem.of("file-missing", Location(file), variant="in-folder", file=path.name))
        return None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = unique_header([name.strip() for name in next(csv.reader(handle), [])])
        frame = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            header=None,
            skiprows=1,
            names=with_spare_columns(header),
            skip_blank_lines=True,
        )
    except UnicodeDecodeError:
        problems.append(Problem.of("file-encoding", Location(file), variant="csv"))
        return None
    except OSError as exc:
        problems.append(Problem.of("file-unreadable", Location(file), file=path.name, reason=exc.strerror))
        return None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem.of("csv-syntax", Location(file, 1, 1), detail=exc))
        return None
    frame = frame.fillna("")
    extra = extra_fields(frame, header)
    frame = frame[header]
    for position in extra.to_numpy().nonzero()[0]:
        problems.append(
            too_many_fields(file, int(position) + 2, len(header) + int(extra.iloc[position]), header)
        )
    missing = [c for c in columns if c not in frame.columns]
    optional = {"school_type", "reviewer", "note"}
    hard_missing = [c for c in missing if c not in optional]
    if hard_missing:
        problems.append(
            Problem.of(
                "csv-columns",
                Location(file, 1, 1),
                missing_zh="、".join(hard_missing),
                missing_en=", ".join(hard_missing),
                expected=",".join(columns),
            )
        )
        return None
    for column in missing:
        frame[column] = ""
    frame = frame.map(str.strip)
    frame["line"] = range(2, len(frame) + 2)
    frame.attrs["columns"] = {name: i + 1 for i, name in enumerate(frame.columns)}
    return frame


def _where(frame: pd.DataFrame, file: str, line: int, column: str) -> Location:
    return Location(file, int(line), int(frame.attrs["columns"].get(column, 0)), field=column)


def _units(frame: pd.DataFrame, file: str, problems: list[Problem]) -> list[Unit]:
    units: list[Unit] = []
    seen: dict[str, int] = {}
    for row in frame.itertuples(index=False):
        code, line = str(row.code), int(row.line)
        if not code:
            problems.append(
                Problem.of("required", _where(frame, file, line, "code"), variant="empty", **UNIT_CODE)
            )
            continue
        if code in seen:
            problems.append(
                Problem.of(
                    "duplicate-row",
                    _where(frame, file, line, "code"),
                    variant="unit-code",
                    code=code,
                    first=seen[code],
                )
            )
            continue
        seen[code] = line
        if row.level == SCHOOL_LEVEL and row.school_type not in SCHOOL_TYPES:
            problems.append(
                Problem.of(
                    "bad-choice",
                    _where(frame, file, line, "school_type"),
                    what_zh="学校类型",
                    what_en="school type",
                    value=row.school_type,
                    choices_zh="、".join(SCHOOL_TYPES),
                    choices_en=", ".join(SCHOOL_TYPES),
                )
            )
        units.append(Unit(code, str(row.name), str(row.parent), str(row.level), str(row.school_type)))
    codes = set(seen)
    for unit, row in zip(units, frame.itertuples(index=False), strict=False):
        if unit.parent and unit.parent not in codes:
            problems.append(
                Problem.of(
                    "unknown-unit",
                    _where(frame, file, seen[unit.code], "parent"),
                    variant="parent",
                    unit=unit.parent,
                    among_zh="单位表（units.csv）",
                    among_en="units.csv",
                )
            )
        del row
    return units


def _values(frame: pd.DataFrame, file: str, units: set[str], problems: list[Problem]) -> pd.DataFrame:
    def report(mask: pd.Series, code: str, column: str, field: str, variant: str = "", **fields: Any) -> None:
        """The problem ``code`` at each row of ``mask``, its cell of ``column`` given as ``field``."""
        for line, cell in frame.loc[mask, ["line", column]].itertuples(index=False):
            where = _where(frame, file, line, column)
            problems.append(Problem.of(code, where, variant=variant, **{field: cell}, **fields))

    numbers_read, conditional, refused = read_value_column(frame["value"])
    for position, rejected in refused.items():
        where = _where(frame, file, int(frame["line"].iloc[position]), "value")
        problems.append(rejected.problem(where))
    numbers = pd.Series(numbers_read, index=frame.index)
    report(pd.Series(conditional != "", index=frame.index), "word-in-dataset", "value", "text")
    periods = pd.to_numeric(frame["period"], errors="coerce")
    periods = periods.where(np.isfinite(periods))  # inf is a word, not a year
    report(periods.isna() | (periods % 1 != 0), "bad-period", "period", "period")
    report(
        ~frame["unit"].isin(units),
        "unknown-unit",
        "unit",
        "unit",
        among_zh="单位表（units.csv）",
        among_en="units.csv",
    )
    report(frame["element"] == "", "required", "element", "cell", variant="empty", **ELEMENT_CODE)
    key = ["unit", "element", "period"]
    duplicated = frame.duplicated(key, keep="first")
    if duplicated.any():
        first_line = frame.drop_duplicates(key).set_index(key)["line"]
        for row in frame[duplicated].itertuples(index=False):
            first = first_line.get((row.unit, row.element, row.period), 0)
            problems.append(
                Problem.of(
                    "duplicate-row",
                    _where(frame, file, row.line, "unit"),
                    variant="value",
                    unit=row.unit,
                    element=row.element,
                    period=row.period,
                    first=first,
                )
            )
    return pd.DataFrame(
        {
            "unit": frame["unit"],
            "element": frame["element"],
            "period": periods.fillna(0).astype("int64"),
            "value": numbers.astype("float64"),
            "line": frame["line"],
        }
    )


def _known_unit(row: Any, frame: pd.DataFrame, file: str, units: set[str], problems: list[Problem]) -> bool:
    if row.unit in units:
        return True
    problems.append(
        Problem.of(
            "unknown-unit",
            _where(frame, file, row.line, "unit"),
            unit=row.unit,
            among_zh="单位表（units.csv）",
            among_en="units.csv",
        )
    )
    return False


def _reviews(frame: pd.DataFrame | None, file: str, units: set[str], problems: list[Problem]) -> list[Review]:
    if frame is None:
        return []
    reviews = []
    for row in frame.itertuples(index=False):
        if not _known_unit(row, frame, file, units, problems):
            continue
        reviews.append(Review(row.unit, row.item, row.level, row.reviewer, row.note))
    return reviews


def _bonus(
    frame: pd.DataFrame | None, file: str, units: set[str], problems: list[Problem]
) -> list[BonusClaim]:
    if frame is None:
        return []
    claims = []
    for row in frame.itertuples(index=False):
        if not _known_unit(row, frame, file, units, problems):
            continue
        amounts: list[float | None] = []
        for column in ("claimed", "accepted"):
            text = getattr(row, column)
            amount = read_cell(None, text)
            if isinstance(amount, Rejected):
                where = _where(frame, file, row.line, column)
                problems.append(amount.problem(where))
                amount = None
            amounts.append(amount)
        claims.append(BonusClaim(row.unit, row.item, amounts[0] or 0.0, amounts[1], row.note))
    return claims
