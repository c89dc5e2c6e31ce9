"""What the fuzzer feeds each reader of user input, and what it accepts back.

Each target is a Hypothesis strategy of inputs and a function that hands one input to a reader
of dudao, as a user would: a formula typed into a scheme, a scheme file, a data file of each
import format, a narrative report. A reader passes a case when it returns (its problems, if any,
each located in the file) or raises a :class:`~dudao.errors.DudaoError` with a message; any other
exception is a crash. ``tests/fuzz/run.py`` runs a target and counts.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from dudao.errors import DudaoError, InputError, Problem

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "dudao" / "samples"
SCHEME_FILE = SAMPLES / "schemes" / "cq_district_2022.yaml"
MAPPING_FILE = SAMPLES / "dhis2" / "cq_district_mapping.yaml"


class NotLocated(AssertionError):
    """A reader reported a problem without saying in which file it is."""


@dataclass(frozen=True)
class Target:
    name: str
    inputs: st.SearchStrategy[Any]
    feed: Callable[[Any, Path], object]


# -- pieces users type: cell texts, names, numbers ----------------------------------------------

CELL_TEXTS = [
    "",
    " ",
    "0",
    "1",
    "-1",
    "12",
    "88",
    "88%",
    "88.5%",
    "0.88",
    "1,234",
    "１２３４",
    "12.",
    ".5",
    "1e3",
    "1e400",
    "-1e400",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1" * 400,
    "9" * 30 + ".5",
    "0x1F",
    "15.67亿元",
    "6000余",
    "—",
    "-",
    "/",
    "无",
    "有",
    "是",
    "否",
    "yes",
    "no",
    "true",
    "false",
    "TRUE",
    "=A1*2",
    "#DIV/0!",
    "'123",
    "500105.0",
    "5.00105E+05",
    "44197",
    "2021-01-01",
    "２０２１",
    "\t7\t",
    "7\n",
    "\x00",
    "\ufeff3",
    "٣",
    "½",
    "①",
    "Ⅻ",
    "三",
    "百分之八十",
    "=1/0",
    '"1"',
    "1;2",
]
NAMES = ["500105", "500000", "500105001", "X", "江北区", "", "unit", "北碚区", "0", "5001050010001"]
ELEMENTS = [
    "学校数",
    "在校生数",
    "专任教师数",
    "巩固率",
    "毛入园率",
    "element",
    "",
    "A.1",
    "1.10",
    "on",
    "null",
    "公办园在园幼儿数",
    "x" * 200,
]
PERIODS = ["2021", "2022", "2020", "0", "-1", "99999", "2021.0", "二〇二一", "", "2021Q1", "202101", "2021W1"]

cell = st.one_of(st.sampled_from(CELL_TEXTS), st.text(max_size=20))
name = st.one_of(st.sampled_from(NAMES), st.text(max_size=12))
element = st.one_of(st.sampled_from(ELEMENTS), st.text(max_size=12))
period = st.one_of(st.sampled_from(PERIODS), st.text(max_size=8))
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(CELL_TEXTS),
    st.text(max_size=10),
)
json_value = st.recursive(
    json_scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def _records(fields: Iterable[str]) -> st.SearchStrategy[list[dict[str, Any]]]:
    choices = {"unit": name, "element": element, "period": period, "value": cell}
    row = st.fixed_dictionaries({f: choices.get(f, cell) for f in fields})
    return st.lists(row, max_size=12)


# -- formulas ------------------------------------------------------------------------------------

FORMULA_TOKENS = [
    "1",
    "0",
    "2.5",
    "100",
    "1e400",
    "9" * 400,
    "(",
    ")",
    "+",
    "-",
    "*",
    "/",
    "^",
    "%",
    ",",
    "==",
    ">=",
    "<",
    "!=",
    "and",
    "or",
    "not",
    "if",
    "then",
    "else",
    "且",
    "或",
    "非",
    "如果",
    "sum",
    "avg",
    "count",
    "min",
    "max",
    "cv",
    "prev",
    "growth",
    "pp_change",
    "ratio",
    "学校数",
    "在校生数",
    "专任教师数",
    "x",
    "school.",
    "学校.",
    "[",
    "]",
    '"a"',
    "'",
    "\n",
    " ",
    "　",
    "（",
    "）",
    "，",
    "＞＝",
    "null",
    "true",
    "，",
]
formula = st.one_of(
    st.lists(st.sampled_from(FORMULA_TOKENS), max_size=30).map(" ".join),
    st.lists(st.sampled_from(FORMULA_TOKENS), max_size=30).map("".join),
    st.text(max_size=60),
    st.builds(lambda n, op: op * n + "1", st.integers(0, 3000), st.sampled_from(["-", "not ", "非", "("])),
    st.builds(lambda n: "(" * n + "1" + ")" * n, st.integers(0, 3000)),
    st.builds(lambda n: "1" + "+1" * n, st.integers(0, 20000)),
    st.builds(lambda n: "9" * n, st.integers(300, 100000)),
)


def feed_formula(text: str, folder: Path) -> object:
    from dudao.expr.parse import parse

    return parse(text)


# -- schemes: the bundled one, changed a little or a lot ----------------------------------------


@cache
def scheme_lines() -> tuple[str, ...]:
    return tuple(SCHEME_FILE.read_text(encoding="utf-8").splitlines())


YAML_SNIPPETS = [
    "code: 1.10",
    "code: on",
    "points: !!float abc",
    "points: !!int 1x",
    "x: !!python/name:os.system",
    "x: !!binary AAAA",
    "a: &a [1]\nb: *a",
    "formula: 学校数 / 0",
    "formula: ((((",
    "points: -5",
    "points: 1e400",
    "veto: [",
    "- - - -",
    "\t",
    "code: 1.1\ncode: 1.1",
    "name: ''",
    "points: .inf",
    "children: {}",
    "children: 5",
    "kind: unknown",
    "? [1, 2]\n: x",
    "%YAML 1.1",
    "--- \n---",
    "&a a: *a",
]


@st.composite
def scheme_text(draw: st.DrawFn) -> str:
    lines = list(scheme_lines())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "replace", "insert", "value", "indent"]))
        if how == "drop":
            del lines[at]
        elif how == "replace":
            lines[at] = draw(st.one_of(st.sampled_from(YAML_SNIPPETS), st.text(max_size=30)))
        elif how == "insert":
            indent = " " * draw(st.integers(0, 8))
            lines.insert(at, indent + draw(st.sampled_from(YAML_SNIPPETS)))
        elif how == "value" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            lines[at] = (
                key
                + ": "
                + draw(st.one_of(st.sampled_from(CELL_TEXTS), formula.filter(lambda f: len(f) < 200)))
            )
        else:
            lines[at] = " " * draw(st.integers(0, 3)) + lines[at]
        if not lines:
            break
    return "\n".join(lines)


schemes = st.one_of(
    scheme_text(),
    st.text(max_size=200),
    st.builds(lambda n: "a: " + "[" * n + "]" * n, st.integers(0, 5000)),
    st.builds(lambda n: "a: " + "{x: " * n + "1" + "}" * n, st.integers(0, 3000)),
    st.builds(
        lambda n: (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                for i in range(n)
            )
        ),
        st.integers(0, 12),
    ),
)


def feed_scheme(text: str, folder: Path) -> object:
    from dudao.scheme.load import load_scheme

    path = folder / "scheme.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _scheme_built, problems = load_scheme(path)
    return _located(problems, "scheme")


# -- import formats ------------------------------------------------------------------------------


def _csv_text(rows: list[list[str]], header: list[str]) -> str:
    return "\n".join(",".join(row) for row in [header, *rows]) + "\n"


csv_files = st.one_of(
    st.builds(
        lambda header, rows: _csv_text(rows, header),
        st.one_of(
            st.just(["unit", "element", "period", "value"]),
            st.lists(
                st.sampled_from(
                    ["unit", "element", "period", "value", "comment", "", "单位", "指标", "Unit", "unit "]
                ),
                max_size=6,
            ),
        ),
        st.lists(st.lists(st.one_of(cell, name, element, period), max_size=6), max_size=12),
    ),
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)


def feed_csv(text: str, folder: Path) -> object:
    return _read(folder / "values.csv", text.encode("utf-8", "surrogatepass"), "csv")


json_files = st.one_of(
    _records(["unit", "element", "period", "value"]).map(json.dumps),
    st.builds(lambda v: json.dumps(v, allow_nan=True), json_value),
    st.builds(
        lambda rows: json.dumps({"values": rows}),
        st.lists(
            st.dictionaries(
                st.sampled_from(["unit", "element", "period", "value", "x"]), json_scalar, max_size=5
            ),
            max_size=8,
        ),
    ),
    st.just('[{"unit": "500105", "element": "学校数", "period": 2021, "value": 1e400}]'),
    st.builds(lambda n: "[" * n + "]" * n, st.integers(0, 100000)),
    st.text(max_size=200),
)


def feed_json(text: str, folder: Path) -> object:
    return _read(folder / "values.json", text.encode("utf-8", "surrogatepass"), "json")


dhis2_files = st.one_of(
    st.builds(
        lambda values, extra: json.dumps({"dataValues": values, **extra}),
        st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "dataElement",
                        "period",
                        "orgUnit",
                        "value",
                        "categoryOptionCombo",
                        "attributeOptionCombo",
                        "comment",
                        "followup",
                    ]
                ),
                json_scalar,
                max_size=8,
            ),
            max_size=8,
        ),
        st.dictionaries(
            st.sampled_from(
                [
                    "dataSet",
                    "period",
                    "orgUnit",
                    "attributeOptionCombo",
                    "attributeCategoryOptions",
                    "completeDate",
                ]
            ),
            json_value,
            max_size=3,
        ),
    ),
    st.builds(lambda v: json.dumps({"dataValues": v}), json_value),
    st.text(max_size=100).map(lambda t: '{"dataValues": ' + t),
)


def feed_dhis2(text: str, folder: Path) -> object:
    from dudao.data import dhis2

    path = folder / "values.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return _located(dhis2.read_value_sets(path, _mapping()).problems, "dhis2")


@cache
def _mapping() -> Any:
    """The bundled mapping, read once: reading it is the slow part of a case, and not what is fuzzed."""
    from dudao.data import dhis2

    mapping, problems = dhis2.load_mapping(MAPPING_FILE)
    assert mapping is not None, problems
    return mapping


ADX_PARTS = [
    '<adx xmlns="urn:ihe:qrph:adx:2015">',
    "</adx>",
    '<group orgUnit="{}" period="{}" dataSet="{}">',
    "</group>",
    '<dataValue dataElement="{}" value="{}"/>',
    '<dataValue dataElement="{}" value="{}"><annotation>{}</annotation></dataValue>',
    '<!DOCTYPE adx [<!ENTITY a "aaaaaaaaaa">]>',
    "&a;",
    '<?xml version="1.0"?>',
    "<x>",
    "</x>",
]


@st.composite
def adx_files(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(ADX_PARTS), max_size=12))
    filled = []
    for part in parts:
        values = [
            draw(st.one_of(cell, name, element, period)).replace('"', "'").replace("<", "")
            for _ in range(part.count("{}"))
        ]
        filled.append(part.format(*values))
    return "".join(filled)


def feed_adx(text: str, folder: Path) -> object:
    from dudao.data import dhis2

    path = folder / "values.adx.xml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return _located(dhis2.read_adx(path, _mapping()).problems, "adx")


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """A template workbook of the bundled scheme with cells overwritten, or a damaged zip."""
    kind = draw(st.sampled_from(["cells", "cells", "cells", "zip", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=400))
    if kind == "zip":
        import io

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in draw(
                st.lists(
                    st.sampled_from(
                        [
                            "[Content_Types].xml",
                            "xl/workbook.xml",
                            "xl/worksheets/sheet1.xml",
                            "xl/sharedStrings.xml",
                            "xl/styles.xml",
                            "_rels/.rels",
                            "xl/_rels/workbook.xml.rels",
                        ]
                    ),
                    max_size=5,
                    unique=True,
                )
            ):
                archive.writestr(
                    entry,
                    draw(
                        st.sampled_from(
                            [
                                "",
                                "<x/>",
                                '<worksheet><dimension ref="A1:XFD1048576"/></worksheet>',
                                "not xml",
                                "0" * 2000,
                            ]
                        )
                    ),
                )
        return buffer.getvalue()
    return _edited_template(
        draw(
            st.lists(
                st.tuples(
                    st.integers(0, 2),
                    st.integers(1, 60),
                    st.integers(1, 30),
                    st.one_of(cell, st.integers(), st.floats()),
                ),
                max_size=15,
            )
        )
    )


def _edited_template(edits: list[tuple[int, int, int, object]]) -> bytes:
    import io

    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell

    book = openpyxl.load_workbook(io.BytesIO(_template()))
    sheets = book.worksheets
    for sheet_index, row, column, value in edits:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # what a workbook cannot hold at all
        target = sheets[sheet_index % len(sheets)].cell(row=row, column=column)
        if not isinstance(target, MergedCell):  # a merged cell's value is its first cell's
            target.value = value  # type: ignore[arg-type]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@cache
def _template() -> bytes:
    import tempfile

    from dudao.data.workbook import write_template
    from dudao.samples import bundled_dataset
    from dudao.scheme.load import read_scheme

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.xlsx"
        write_template(_scheme(read_scheme), bundled_dataset(), 2021, path, unit="500105")
        return path.read_bytes()


def feed_workbook(content: bytes, folder: Path) -> object:
    from dudao.scheme.load import read_scheme

    return _read(folder / "values.xlsx", content, "xlsx", scheme=_scheme(read_scheme))


@cache
def _scheme(read: Callable[[Path], Any]) -> Any:
    return read(SCHEME_FILE)


# -- the dataset folder of `dudao evaluate` ------------------------------------------------------

dataset_folders = st.fixed_dictionaries(
    {
        "units.csv": st.builds(
            lambda rows: _csv_text(rows, ["code", "name", "level", "parent"]),
            st.lists(st.lists(st.one_of(name, cell), min_size=0, max_size=5), max_size=6),
        ),
        "values.csv": st.builds(
            lambda rows: _csv_text(rows, ["unit", "element", "period", "value"]),
            st.lists(st.lists(st.one_of(name, element, period, cell), max_size=5), max_size=8),
        ),
        "dataset.yaml": st.one_of(
            st.just("title: t\n"), st.sampled_from(YAML_SNIPPETS), st.text(max_size=40)
        ),
    }
)


def feed_dataset(files: dict[str, str], folder: Path) -> object:
    from dudao.data.load import load_dataset

    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8", errors="surrogatepass")
    _dataset, problems = load_dataset(folder)
    return _located(problems, "dataset")


# -- narrative reports ---------------------------------------------------------------------------

REPORT_PIECES = [
    "全区",
    "共有",
    "学校",
    "所",
    "12",
    "3.5",
    "万",
    "亿元",
    "%",
    "个百分点",
    "比上年增长",
    "全部清零",
    "全覆盖",
    "翻一番",
    "三分之二",
    "八成",
    "十余所",
    "之一",
    "达到",
    "以上",
    "不低于",
    "2021年",
    "二〇二一年",
    "第",
    "名",
    "。",
    "，",
    "\n",
    "一、",
    "（一）",
    "1.",
    "巩固率",
    "毛入园率",
    "专任教师",
    "生均",
    "元",
    "人",
    "亩",
    "平方米",
    "①",
    "１２",
    "—",
    "约",
]
reports = st.one_of(
    st.lists(st.sampled_from(REPORT_PIECES), max_size=80).map("".join),
    st.text(max_size=300),
    st.builds(lambda n: "一" * n + "所", st.integers(0, 20000)),
    st.builds(lambda n: "1" * n + "%", st.integers(0, 5000)),
)


def feed_report(text: str, folder: Path) -> object:
    from dudao.reader import read_report
    from dudao.scheme.load import read_scheme

    return read_report(text, scheme=_scheme(read_scheme))


report_files = st.tuples(
    st.sampled_from([".txt", ".html", ".docx", ".pdf", ".htm", ".doc", ""]),
    st.one_of(
        st.binary(max_size=300),
        reports.map(lambda t: t.encode("utf-8", "surrogatepass")),
        reports.map(lambda t: t.encode("gb18030", "replace")),
        st.builds(lambda n: ("<div>" * n + "x" + "</div>" * n).encode(), st.integers(0, 5000)),
    ),
)


def feed_report_file(case: tuple[str, bytes], folder: Path) -> object:
    from dudao.reader import read_report

    suffix, content = case
    path = folder / f"report{suffix}"
    path.write_bytes(content)
    return read_report(path)


# -- shared ---------------------------------------------------------------------------------------


def _read(path: Path, content: bytes, format: str, **options: Any) -> object:
    from dudao.data.exchange import read_values

    path.write_bytes(content)
    batch = read_values(path, format=format, **options)
    return _located(batch.problems, format)


def _located(problems: Iterable[Problem], what: str) -> int:
    problems = list(problems)
    for problem in problems:
        if not problem.location.file or not problem.message_zh or not problem.message_en:
            raise NotLocated(f"{what}: a problem that does not say where or what: {problem!r}")
    return len(problems)


def accepted(error: BaseException) -> bool:
    """An error a reader may raise on bad input: one of dudao's, with a message."""
    if isinstance(error, InputError):
        _located(error.problems, type(error).__name__)
        return bool(error.problems)
    return isinstance(error, DudaoError) and bool(str(error).strip())


TARGETS = {
    target.name: target
    for target in [
        Target("formula", formula, feed_formula),
        Target("scheme", schemes, feed_scheme),
        Target("csv", csv_files, feed_csv),
        Target("json", json_files, feed_json),
        Target("dhis2", dhis2_files, feed_dhis2),
        Target("adx", adx_files(), feed_adx),
        Target("workbook", workbooks(), feed_workbook),
        Target("dataset", dataset_folders, feed_dataset),
        Target("report", reports, feed_report),
        Target("report-file", report_files, feed_report_file),
    ]
}
