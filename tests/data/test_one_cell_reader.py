"""The same cell text gives the same outcome in every import format (issue #13, item 3).

Each text of :data:`TEXTS` is written into a number field, a percent field and a yes/no field, in
a long CSV file, a long JSON file, a filled Excel template, a DHIS2 dataValueSets file, an ADX
message and the web entry form; every format must store the same number, leave the value empty,
or refuse it with the same problem code.
"""

from __future__ import annotations

import csv
import json
import math
import re
from xml.sax.saxutils import quoteattr

import pytest
from openpyxl import load_workbook

from dudao.data.cell import read_cell
from dudao.data.dhis2 import Dhis2Mapping, read_adx, read_value_sets
from dudao.data.dhis2.mapping import ElementMap, OrgUnitMap, Ref
from dudao.data.long_format import read_long_csv, read_long_json
from dudao.data.records import check_batch
from dudao.data.workbook import read_workbook, write_template
from dudao.data.workbook.layout import CODE_ROW, FIRST_ROW, column_letter
from dudao.data.workbook.schools import SHEET
from dudao.errors import Severity
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import Scheme, load_scheme
from dudao.scheme.model import Element

PERIOD = 2021
NUMBER, PERCENT, YES_NO = (
    "equipment_value",
    "school_fitness_rate",
    "has_party_org",
)  # 万元 0–20000; % 0–100; bool
FIELDS = (NUMBER, PERCENT, YES_NO)

TEXTS = [
    "1234",
    "12.5",
    "-3",
    "0",
    "1,234",
    "12,345.5",
    "1,2",
    "１２３４",
    "１，２３４",
    " 1234 ",
    "1 234",
    "88%",
    "８８％",
    "88 %",
    "150%",
    "15.67亿元",
    "6000余",
    "3.5万",
    "12人",
    "约100",
    "—",
    "-",
    "/",
    "／",
    "N/A",
    "nan",
    "inf",
    "1e400",
    "1_000",
    "无",
    "有",
    "是",
    "否",
    "yes",
    "No",
    "TRUE",
    "false",
    "√",
    "×",
    "1",
    "2",
    "",
    "   ",
    "=A1*2",
    "=SUM(B2:B9)",
    "2021-09-01",
    "2021/9/1",
    "44440",
    "500105.0",
    "5.00105E+05",
    "1.5e3",
    "'1234",
    "'是",
    "(123)",
    "12.",
    ".5",
    "+7",
    "0x1F",
    "一千",
    "1" * 500,
]


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    loaded, problems = load_scheme(bundled_scheme_path())
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="module")
def outcomes(
    tmp_path_factory: pytest.TempPathFactory, scheme: Scheme
) -> dict[str, dict[tuple[str, str], object]]:
    """Format → (text, element) → what is stored or refused."""
    folder = tmp_path_factory.mktemp("formats")
    template = folder / "template.xlsx"
    write_template(scheme, bundled_dataset(), PERIOD, template, unit="500105", schools=True)
    book = load_workbook(template)
    sheet = book[SHEET]
    codes = {str(sheet.cell(CODE_ROW, c).value): c for c in range(1, sheet.max_column + 1)}
    schools = [str(sheet.cell(r, 1).value) for r in range(FIRST_ROW, FIRST_ROW + len(TEXTS))]
    assert len(set(schools)) == len(TEXTS) and all(schools), "the template has a row per text"
    rows = [(schools[i], code, text) for i, text in enumerate(TEXTS) for code in FIELDS]
    for i, text in enumerate(TEXTS):
        for code in FIELDS:
            cell = sheet.cell(FIRST_ROW + i, codes[code])
            cell.value = text
            cell.data_type = "s"  # typed as text, as a person typing "=A1*2" after an apostrophe
    book.save(folder / "filled.xlsx")

    csv_path = folder / "values.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "element", "period", "value"])
        writer.writerows([school, code, PERIOD, text] for school, code, text in rows)
    json_path = folder / "values.json"
    json_path.write_text(
        json.dumps({"values": [{"unit": s, "element": c, "period": PERIOD, "value": t} for s, c, t in rows]}),
        encoding="utf-8",
    )
    mapping = Dhis2Mapping(
        (
            ElementMap(NUMBER, Ref(code="EQUIPMENT")),
            ElementMap(PERCENT, Ref(code="FITNESS")),
            ElementMap(YES_NO, Ref(code="PARTY"), value_type="BOOLEAN"),
        ),
        tuple(OrgUnitMap(school, code=f"OU{school}") for school in schools),
    )
    dhis2_codes = {NUMBER: "EQUIPMENT", PERCENT: "FITNESS", YES_NO: "PARTY"}
    dvs_path = folder / "dvs.json"
    dvs_path.write_text(
        json.dumps(
            {
                "dataValues": [
                    {"dataElement": dhis2_codes[c], "orgUnit": f"OU{s}", "period": str(PERIOD), "value": t}
                    for s, c, t in rows
                ]
            }
        ),
        encoding="utf-8",
    )
    adx_path = folder / "values.adx.xml"
    groups = "".join(
        f'<group orgUnit="OU{s}" period="{PERIOD}-01-01/P1Y">'
        f"<dataValue dataElement={quoteattr(dhis2_codes[c])} value={quoteattr(t)}/></group>"
        for s, c, t in rows
    )
    adx_path.write_text(f'<adx xmlns="urn:ihe:qrph:adx:2015">{groups}</adx>', encoding="utf-8")

    batches = {
        "csv": read_long_csv(csv_path),
        "json": read_long_json(json_path),
        "xlsx": read_workbook(folder / "filled.xlsx", scheme),
        "dhis2": read_value_sets(dvs_path, mapping),
        "adx": read_adx(adx_path, mapping),
    }
    column_code = {column_letter(c - 1): code for code, c in codes.items()}

    def place(name: str, line: int, where: str) -> tuple[str, str]:
        """The (text, element) a row or a problem is about, from its line, cell or path."""
        if name == "csv":
            _, code, text = rows[line - 2]
            return text, code
        if name == "xlsx":
            found = re.search(r"!([A-Z]+)(\d+)$", where)
            assert found, where
            return TEXTS[int(found.group(2)) - FIRST_ROW], column_code[found.group(1)]
        pattern = {"json": r"values\[(\d+)\]", "dhis2": r"dataValues\[(\d+)\]", "adx": r"group\[(\d+)\]"}[
            name
        ]
        found = re.search(pattern, where)
        assert found, where
        _, code, text = rows[int(found.group(1)) - (1 if name == "adx" else 0)]
        return text, code

    found: dict[str, dict[tuple[str, str], object]] = {}
    for name, batch in batches.items():
        checked = check_batch(batch, scheme.elements, dict.fromkeys(schools, "school"))
        result: dict[tuple[str, str], object] = {}
        for row in checked.values.itertuples(index=False):
            value = float(row.value)
            result[place(name, int(row.line), str(row.cell))] = "empty" if math.isnan(value) else value
        for problem in checked.problems:
            if problem.severity is Severity.ERROR:
                key = place(name, problem.location.line, problem.location.field)
                assert key not in result, (name, key, problem)
                result[key] = problem.code
        found[name] = result
    found["form"] = {
        (text, code): _form(scheme.element_by_code[code], text) for text in TEXTS for code in FIELDS
    }
    return found


def _form(element: Element, text: str) -> object:
    """What the web entry form stores: dudao.web.entry.validation reads through read_cell."""
    read = read_cell(element, text)
    if read is None:
        return "empty"
    return read if isinstance(read, float) else read.code


def test_the_table_holds_at_least_fifty_texts() -> None:
    assert len(set(TEXTS)) == len(TEXTS) >= 50


@pytest.mark.parametrize("name", ["csv", "json", "xlsx", "dhis2", "adx"])
def test_every_format_reads_every_text_as_the_web_form_does(
    outcomes: dict[str, dict[tuple[str, str], object]], name: str
) -> None:
    expected = outcomes["form"]
    got = outcomes[name]
    if name == "xlsx":  # an empty cell of a template is skipped, never imported as missing
        got = {
            **got,
            **{key: "empty" for key, value in expected.items() if value == "empty" and key not in got},
        }
    differing = {
        key: (got.get(key, "(nothing)"), value) for key, value in expected.items() if got.get(key) != value
    }
    assert differing == {}, f"{name} differs from the form (format's, form's): {differing}"


@pytest.mark.parametrize(
    ("text", "field", "outcome"),
    [
        ("1,234", NUMBER, 1234.0),
        ("１２３４", NUMBER, 1234.0),
        ("'1234", NUMBER, 1234.0),
        ("5.00105E+05", NUMBER, "out-of-range"),
        ("88%", PERCENT, 88.0),
        ("88%", NUMBER, "percent-unit"),
        ("150%", PERCENT, "out-of-range"),
        ("无", NUMBER, "yes-no-in-number"),
        ("是", NUMBER, "yes-no-in-number"),
        ("yes", PERCENT, "yes-no-in-number"),
        ("无", YES_NO, 0.0),
        ("有", YES_NO, 1.0),
        ("TRUE", YES_NO, 1.0),
        ("2", YES_NO, "bad-choice"),
        ("15.67亿元", NUMBER, "not-a-number"),
        ("6000余", NUMBER, "not-a-number"),
        ("—", NUMBER, "not-a-number"),
        ("/", NUMBER, "not-a-number"),
        ("=A1*2", NUMBER, "formula-text"),
        ("1,2", NUMBER, "not-a-number"),
        ("1e400", NUMBER, "not-finite"),
        ("", NUMBER, "empty"),
    ],
)
def test_what_a_text_means(
    outcomes: dict[str, dict[tuple[str, str], object]], text: str, field: str, outcome: object
) -> None:
    assert outcomes["form"][(text, field)] == outcome
