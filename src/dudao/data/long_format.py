"""The long layout: one value per row, ``unit, element, period, value``, as CSV or JSON.

CSV is read in chunks, so a file of a million rows streams with a progress callback, and each
row that cannot be read is a problem at its ``line:column``. JSON is a list of objects (or an
object whose ``values`` is that list); its problems are located by their path.

>>> import io, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> text = "unit,element,period,value\\n500105,pupils,2021,1200\\n500105,public,2021,是\\n"
>>> _ = (folder / "v.csv").write_text(text + "500105,budget,20x1,3.5万\\n", encoding="utf-8")
>>> batch = read_long_csv(folder / "v.csv")
>>> batch.values[["unit", "element", "period", "value"]].values.tolist()
[['500105', 'pupils', 2021, 1200.0], ['500105', 'public', 2021, 1.0]]
>>> for problem in batch.problems:
...     print(problem.location.line, problem.location.column, problem.location.field, problem.message_zh)
4 3 period 年度“20x1”应为年份整数，如 2021
4 4 value “3.5万”带有单位或约数字样，请只填数字（单位见数据项说明）
>>> write_long_json(batch.values, folder / "v.json")
>>> read_long_json(folder / "v.json").values["value"].tolist()
[1.0, 1200.0]
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dudao.data.cell import MAX_CELL_CHARS, PLAIN_NUMBER, Reading, Rejected, cell_text, parse_cell, read_cell
from dudao.data.records import FRAME_COLUMNS, Row, ValueBatch, frame_of, typed_frame
from dudao.errors import Location, Problem
from dudao.limits import limit, too_large

LONG_COLUMNS = ("unit", "element", "period", "value")
CHUNK_ROWS = 200_000
Progress = Callable[[int, int], None]  # (bytes read, bytes in all)
MAX_PERIOD = 9999  # a period is a year


def read_long_csv(path: str | Path, progress: Progress | None = None) -> ValueBatch:
    """Every row of a long CSV file (UTF-8, with or without BOM), read in chunks."""
    path = Path(path)
    file = str(path)
    try:
        total = path.stat().st_size
        handle = path.open("rb")
    except OSError as error:
        return _unreadable(file, error)
    with handle:
        header = _header(handle, file)
        if isinstance(header, Problem):
            return _batch([], [header], file)
        columns = {name: i + 1 for i, name in enumerate(header)}
        frames: list[pd.DataFrame] = []
        problems: list[Problem] = []
        try:
            for chunk, first_line in _chunks(handle, header):
                frame, found = _read_chunk(chunk, first_line, file, columns)
                frames.append(frame)
                problems.extend(found)
                if progress:
                    progress(handle.tell(), total)
        except UnicodeDecodeError:
            return _encoding_problem(file)
        except pd.errors.ParserError as error:
            return _batch([], [_parser_problem(path, file, header, error)], file)
    values = pd.concat(frames, ignore_index=True) if frames else typed_frame(_empty())
    return ValueBatch(values, tuple(problems), file, columns)


def _parser_problem(path: Path, file: str, header: list[str], error: Exception) -> Problem:
    """Where pandas gave up: the first row with far too many fields, found again with csv."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for row in reader:
            if len(row) > len(header) + SPARE_COLUMNS:
                return too_many_fields(file, reader.line_num, len(row), header)
    return Problem.of("csv-syntax", Location(file), detail=error)


def _header(handle: Any, file: str) -> list[str] | Problem:
    raw = handle.readline()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _encoding_problem(file).problems[0]
    try:
        names = [name.strip() for name in next(csv.reader([text]), [])]
    except csv.Error as error:  # a bare carriage return inside the first line
        return Problem.of("csv-syntax", Location(file, 1, 1), variant="header", detail=error)
    repeated = [name for i, name in enumerate(names) if name in LONG_COLUMNS and name in names[:i]]
    if repeated:
        column = len(names) - names[::-1].index(repeated[0])
        return Problem.of(
            "csv-columns", Location(file, 1, column), variant="repeated", name=repeated[0], column=column
        )
    header = unique_header(names)
    missing = [c for c in LONG_COLUMNS if c not in header]
    if missing:
        return Problem.of(
            "csv-columns",
            Location(file, 1, 1),
            variant="header",
            missing_zh="、".join(missing),
            missing_en=", ".join(missing),
            expected=",".join(LONG_COLUMNS),
        )
    return header


def _chunks(handle: Any, header: list[str]) -> Iterator[tuple[pd.DataFrame, int]]:
    reader = pd.read_csv(
        handle,
        names=with_spare_columns(header),
        header=None,
        dtype=str,
        keep_default_na=False,
        encoding="utf-8",
        chunksize=CHUNK_ROWS,
        skip_blank_lines=False,
    )
    # A short row leaves its last fields NaN; they read as empty text.
    line = 2
    for chunk in reader:
        yield chunk.fillna(""), line
        line += len(chunk)


SPARE_COLUMNS = 2  # more than two extra fields stops the parser, and the row is found again by csv


def unique_header(names: list[str]) -> list[str]:
    """The header's names, a blank or repeated one (``a,b,,``) renamed so that pandas takes it."""
    seen: set[str] = set()
    unique = []
    for index, name in enumerate(names):
        unique.append(name if name and name not in seen else f"\0column{index + 1}")
        seen.add(name)
    return unique


def with_spare_columns(header: list[str]) -> list[str]:
    """The header and spare columns, so that a row with more fields than the header (an unquoted
    ``1,234``) is read as it is, found and reported, instead of shifting its columns."""
    return [*header, *(f"\0spare{i}" for i in range(SPARE_COLUMNS))]


def extra_fields(frame: pd.DataFrame, header: list[str]) -> pd.Series:
    """How many non-empty fields each row has beyond the header (a trailing comma adds none)."""
    spare = [c for c in frame.columns if c not in header]
    count = pd.Series(0, index=frame.index)
    for column in spare:
        values = frame[column]
        filled = values.notna() & (values != "")
        if filled.any():  # rare: most files have no field beyond the header
            count += (filled & (values.astype(str).str.strip() != "")).astype(int)
    return count


def too_many_fields(file: str, line: int, fields: int, header: list[str]) -> Problem:
    """A row with more fields than the header: its columns would shift."""
    names = ",".join(name for name in header if not name.startswith("\0"))
    return Problem.of(
        "csv-extra-fields",
        Location(file, line, len(header) + 1),
        line=line,
        fields=fields,
        columns=len(header),
        names=names,
    )


def read_value_column(texts: pd.Series) -> tuple[np.ndarray, np.ndarray, dict[int, Rejected]]:
    """Each text of a value column read by :func:`dudao.data.cell.read_cell`: the numbers (NaN
    where empty or refused), the texts to read again once the element is known ("" for most),
    and the refusals by position. Plain numbers take a vectorised path that gives the same."""
    count = len(texts)
    numbers = np.full(count, np.nan)
    kept = np.full(count, "", dtype=object)
    refused: dict[int, Rejected] = {}
    plain = texts.str.fullmatch(PLAIN_NUMBER).fillna(False).to_numpy(dtype=bool)
    if plain.any():
        numbers[plain] = texts[plain].to_numpy(dtype=object).astype("float64")
    slow = (texts != "").to_numpy() & ~(plain & np.isfinite(numbers))
    for position in np.flatnonzero(slow):
        text = texts.iloc[position]
        reading = parse_cell(text)
        if isinstance(reading, Reading):
            numbers[position] = reading.number
            kept[position] = cell_text(text) if reading.conditional else ""
            continue
        numbers[position] = np.nan
        result = read_cell(None, text)
        if isinstance(result, Rejected):
            refused[int(position)] = result
    return numbers, kept, refused


def _read_chunk(
    chunk: pd.DataFrame, first_line: int, file: str, columns: dict[str, int]
) -> tuple[pd.DataFrame, list[Problem]]:
    lines = np.arange(first_line, first_line + len(chunk), dtype=np.int64)
    header = list(columns)
    extra = extra_fields(chunk, header).to_numpy()
    shifted = extra > 0
    unit = chunk["unit"].str.strip()
    element = chunk["element"].str.strip()
    period_text = chunk["period"].str.strip()
    value_text = chunk["value"].str.strip()
    blank = (unit == "") & (element == "") & (period_text == "") & (value_text == "")
    period = pd.to_numeric(period_text, errors="coerce")
    bad_period = period.isna() | (period % 1 != 0) | (period < 1) | (period > MAX_PERIOD)
    value, text, refused = read_value_column(value_text)
    bad_value = np.zeros(len(chunk), dtype=bool)
    bad_value[list(refused)] = True
    bad_unit = unit == ""
    bad_element = element == ""
    problems: list[Problem] = []

    def report(
        mask: pd.Series, code: str, field: str, texts: pd.Series, variant: str = "", **fields: Any
    ) -> None:
        """The problem ``code`` at each row of ``mask``, the row's text given as the field ``field``."""
        for line, cell in zip(lines[mask.to_numpy()], texts[mask], strict=True):
            where = Location(file, int(line), columns.get(field, 0), field=field)
            problems.append(Problem.of(code, where, variant=variant, **{field: cell}, **fields))

    for position in np.flatnonzero(shifted):
        problems.append(
            too_many_fields(file, int(lines[position]), len(header) + int(extra[position]), header)
        )
    blank = blank | pd.Series(shifted, index=chunk.index)  # reported once, as a whole row
    live = ~blank
    report(
        live & bad_unit, "required", "unit", unit, variant="empty", what_zh="单位代码", what_en="unit code"
    )
    report(
        live & bad_element,
        "required",
        "element",
        element,
        variant="empty",
        what_zh="数据项代码",
        what_en="element code",
    )
    report(live & bad_period, "bad-period", "period", period_text)
    live_rows = live.to_numpy()
    for at, rejected in refused.items():
        if live_rows[at]:
            where = Location(file, int(lines[at]), columns.get("value", 0), field="value")
            problems.append(rejected.problem(where))
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    good = (live & ~(bad_unit | bad_element | bad_period)).to_numpy() & ~bad_value
    frame = pd.DataFrame(
        {
            "unit": unit[good],
            "element": element[good],
            "period": period[good].astype("int64"),
            "value": value[good].astype("float64"),
            "line": lines[good],
            "cell": "",
            "text": text[good],
        }
    )
    return frame.reset_index(drop=True), problems


def read_long_json(path: str | Path) -> ValueBatch:
    """A JSON list of ``{unit, element, period, value}`` objects, or ``{"values": [...]}``."""
    path = Path(path)
    file = str(path)
    try:
        size = path.stat().st_size
        if size > limit("MAX_JSON_BYTES"):
            return _batch([], [_json_too_large(file, size)], file)
        data = json.loads(path.read_bytes().decode("utf-8-sig"), parse_int=_json_int)
    except OSError as error:
        return _unreadable(file, error)
    except UnicodeDecodeError:
        return _encoding_problem(file)
    except json.JSONDecodeError as error:
        return _batch(
            [],
            [Problem.of("json-syntax", Location(file, error.lineno, error.colno), detail=error.msg)],
            file,
        )
    except RecursionError:
        return _batch([], [Problem.of("json-shape", Location(file), variant="too-deep")], file)
    rows, prefix = (data.get("values"), "values") if isinstance(data, dict) else (data, "")
    if not isinstance(rows, list):
        return _batch(
            [],
            [Problem.of("json-shape", Location(file), variant="values")],
            file,
        )
    good: list[Row] = []
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        where = f"{prefix}[{index}]"
        parsed = _json_row(row, file, where, problems)
        if parsed is not None:
            unit, element, period, number, text = parsed
            good.append((unit, element, period, number, 0, where, text))
    return _batch(good, problems, file)


def _json_int(text: str) -> int | float:
    """A JSON integer; one of hundreds of digits becomes a float (infinite: refused at its place)
    instead of Python's ValueError for integers of more than 4,300 digits."""
    return int(text) if len(text) <= 18 else float(text)


def _json_too_large(file: str, size: int) -> Problem:
    return too_large(file, size, "MAX_JSON_BYTES", what_zh="文件", what_en="the file")


def _json_row(
    row: object, file: str, where: str, problems: list[Problem]
) -> tuple[str, str, int, float, str] | None:
    if not isinstance(row, dict):
        problems.append(Problem.of("json-shape", Location(file, field=where), variant="entry"))
        return None
    missing = [key for key in LONG_COLUMNS if key not in row]
    if missing:
        problems.append(
            Problem.of(
                "required",
                Location(file, field=where),
                variant="keys",
                keys_zh="、".join(missing),
                keys_en=", ".join(missing),
            )
        )
        return None
    unit, element, period, value = (row[key] for key in LONG_COLUMNS)
    number = _json_number(value)
    if not isinstance(period, int) or isinstance(period, bool) or not 1 <= period <= MAX_PERIOD:
        text = str(period)[:MAX_CELL_CHARS]
        stripped = text.strip()
        if not (
            isinstance(period, str)
            and stripped.isascii()
            and stripped.isdigit()
            and 1 <= int(stripped) <= MAX_PERIOD
        ):
            problems.append(Problem.of("bad-period", Location(file, field=f"{where}.period"), period=text))
            return None
        period = int(text)
    if isinstance(number, Rejected):
        where_value = Location(file, field=f"{where}.value")
        problems.append(number.problem(where_value))
        return None
    if not str(unit).strip() or not str(element).strip():
        problems.append(
            Problem.of(
                "required",
                Location(file, field=where),
                variant="empty",
                what_zh="单位代码或数据项代码",
                what_en="unit or element code",
            )
        )
        return None
    return str(unit).strip(), str(element).strip(), period, number[0], number[1]


def _json_number(value: object) -> tuple[float, str] | Rejected:
    """The number of a JSON value (NaN for null or "") and the text to read again once the
    element is known (a yes/no word, a percent), or why it is refused."""
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)[: MAX_CELL_CHARS + 1]
    reading = parse_cell(value)
    if reading is None:
        return math.nan, ""
    if isinstance(reading, Reading):
        return reading.number, cell_text(value) if reading.conditional else ""
    result = read_cell(None, value)
    assert isinstance(result, Rejected)
    return result


def write_long_csv(values: pd.DataFrame, path: str | Path) -> None:
    """The values as long CSV (UTF-8 with BOM, so Excel opens it in Chinese); empty = missing."""
    frame = _export_frame(values)
    text = io.StringIO()
    frame.to_csv(text, index=False, float_format="%.15g", lineterminator="\n")
    _write_atomic(Path(path), text.getvalue().encode("utf-8-sig"))


def write_long_json(values: pd.DataFrame, path: str | Path) -> None:
    frame = _export_frame(values)
    rows = [
        {"unit": u, "element": e, "period": int(p), "value": None if math.isnan(v) else _plain(v)}
        for u, e, p, v in zip(frame["unit"], frame["element"], frame["period"], frame["value"], strict=True)
    ]
    _write_atomic(Path(path), json.dumps({"values": rows}, ensure_ascii=False, indent=1).encode("utf-8"))


def _plain(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _export_frame(values: pd.DataFrame) -> pd.DataFrame:
    frame = values[list(LONG_COLUMNS)].sort_values(["unit", "period", "element"], kind="stable")
    return frame.reset_index(drop=True)


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({name: [] for name in FRAME_COLUMNS})


def _batch(rows: list[Row], problems: list[Problem], file: str) -> ValueBatch:
    return ValueBatch(frame_of(rows) if rows else typed_frame(_empty()), tuple(problems), file)


def _unreadable(file: str, error: OSError) -> ValueBatch:
    reason = error.strerror or type(error).__name__
    return _batch(
        [],
        [Problem.of("file-unreadable", Location(file), file=file, reason=reason)],
        file,
    )


def _encoding_problem(file: str) -> ValueBatch:
    return _batch(
        [],
        [Problem.of("file-encoding", Location(file), variant="excel-csv")],
        file,
    )
