"""Every number in every generated document comes from the results.

Two checks, each independent of the builders' own arithmetic:

1. every :class:`Figure` a builder records is resolved here, from its source, against the
   results (and last year's), and the text must state that value at its precision;
2. the DOCX is read back with python-docx, and every number left in its text, once the words of
   the scheme, the units' own prose and the unit names are taken out, must be one of those
   checked figures (or the data year, the date, a list number or an item code).
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from statistics import fmean

import docx
import pytest

from dudao.documents import build, render
from dudao.documents.context import ReportContext
from dudao.documents.model import Document, Figure, Source
from dudao.documents.phrasing import chinese_date
from dudao.documents.sentences import short_name_of
from dudao.engine.results import MISSING, UNMET, Results

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
ITEM_CODE = re.compile(r"[A-Z]\d+(?:\.\d+)*")
DOCUMENTS = [
    ("self-evaluation", "500105"),
    ("self-evaluation", "500103"),
    ("feedback", "500105"),
    ("feedback", "500242"),
    ("summary", ""),
]


def _results(ctx: ReportContext, period: int) -> Results:
    if period == ctx.results.period:
        return ctx.results
    assert ctx.previous is not None and ctx.previous.period == period
    return ctx.previous


def _item_value(ctx: ReportContext, source: Source, period: int) -> float:
    value = _results(ctx, period).unit(source.unit).item(source.code).value
    assert isinstance(value, int | float) and not isinstance(value, bool), source
    return float(value)


def _problem_units(ctx: ReportContext, code: str) -> int:
    """Units with the item below standard (a quantitative item) or scored under 60 %."""
    count = 0
    for unit in ctx.results.units:
        item = unit.item(code)
        rule = ctx.scheme.item_by_code[code].rule
        below = (
            item.status == UNMET
            and item.points < item.max_points
            and rule is not None
            and rule.type != "rubric"
        )
        low = item.max_points > 0 and item.points < 0.6 * item.max_points and item.status != MISSING
        count += below or low
    return count


def _quantitative(ctx: ReportContext, unit: str) -> list[tuple[str, str]]:
    out = []
    for item in ctx.results.unit(unit).items:
        rule = ctx.scheme.item_by_code[item.code].rule
        numeric = isinstance(item.value, int | float) and not isinstance(item.value, bool)
        if numeric and rule is not None and rule.type not in ("boolean", "rubric", "per_incident"):
            out.append((item.code, item.status))
    return out


def resolve(ctx: ReportContext, source: Source) -> float:
    """The value a source names, read off the results without the builders' help."""
    kind, code, unit, period = source.kind, source.code, source.unit, source.period
    results = ctx.results
    if kind in ("item", "incidents"):
        return _item_value(ctx, source, period)
    if kind == "change":
        return _item_value(ctx, source, period) - _item_value(ctx, source, period - 1)
    if kind == "growth":
        return (_item_value(ctx, source, period) / _item_value(ctx, source, period - 1) - 1) * 100
    if kind == "element":
        for item in results.unit(unit).items:
            for value in item.explanation.inputs:
                if value.code == code and value.period == period:
                    return float(value.value)  # type: ignore[arg-type]
        raise AssertionError(f"no input {code}@{period} for {unit}")
    if kind in ("points", "max_points"):
        owner = results.unit(unit) if unit else results.units[0]
        for area in owner.areas:
            if area.code == code:
                return area.points if kind == "points" else area.max_points
        item = owner.item(code)
        return item.points if kind == "points" else item.max_points
    if kind in ("total", "bonus", "base_total", "rank"):
        return float(getattr(results.unit(unit), kind))
    if kind == "statistic":
        if code == "mean":
            return fmean(u.total for u in results.units)
        how, area = code.split(":")
        points = [next(a.points for a in u.areas if a.code == area) for u in results.units]
        return {"mean": fmean, "max": max, "min": min}[how](points)
    if kind == "count":
        if code == "units":
            return len(results.units)
        if code == "ranked":
            return sum(u.rank is not None for u in results.units)
        if code.startswith("grade:"):
            return sum(u.grade == code[6:] for u in results.units)
        if code.startswith("missed:"):
            return _problem_units(ctx, code[7:])
        if code == "quantitative":
            return len(_quantitative(ctx, unit))
        if code == "quantitative_met":
            return sum(status == "达标" for _, status in _quantitative(ctx, unit))
    if kind == "date" and code == "deadline":
        return ctx.settings.due.toordinal()
    raise AssertionError(f"a source this test cannot resolve: {source}")


def _stated(text: str) -> tuple[float, int, bool]:
    """The number a figure's text states, its decimals, and whether it is in 亿."""
    match = NUMBER.search(text)
    assert match, text
    digits = len(match.group().split(".")[1]) if "." in match.group() else 0
    return float(match.group()), digits, "亿" in text


def check_figure(ctx: ReportContext, figure: Figure) -> None:
    if figure.source.kind == "date":
        assert figure.text == chinese_date(ctx.settings.due)
        return
    if figure.source.kind == "standard":
        # the standard as the results state it for that item, e.g. "≥ 85" or "15 得 0 分至 5 得满分"
        standard = ctx.results.units[0].item(figure.source.code).standard
        assert _stated(figure.text)[0] in [float(n) for n in NUMBER.findall(standard)], (figure, standard)
        return
    expected = resolve(ctx, figure.source)
    stated, digits, yi = _stated(figure.text)
    if stated >= 0:  # a fall is stated as 下降 and its size; the word is checked below
        expected = abs(expected)
    tolerance = 0.5 * 10**-digits + 1e-9
    candidates = [stated * 10_000, stated * 100_000_000] if yi else [stated]
    assert any(abs(c - expected) <= tolerance * (c / stated if stated else 1) for c in candidates), (
        f"{figure.text!r} states {stated}, but {figure.source} is {expected}"
    )


@pytest.fixture(scope="module")
def documents(bundled_context: ReportContext) -> dict[tuple[str, str], Document]:
    return {(kind, unit): build(kind, bundled_context, unit) for kind, unit in DOCUMENTS}


@pytest.mark.parametrize(("kind", "unit"), DOCUMENTS)
def test_every_figure_is_the_value_its_source_holds(
    bundled_context: ReportContext, documents: dict[tuple[str, str], Document], kind: str, unit: str
) -> None:
    figures = list(documents[(kind, unit)].figures)
    assert len(figures) > 10
    for figure in figures:
        check_figure(bundled_context, figure)


@pytest.mark.parametrize(("kind", "unit"), DOCUMENTS)
def test_a_change_is_worded_the_way_it_went(
    documents: dict[tuple[str, str], Document], kind: str, unit: str
) -> None:
    for paragraph in documents[(kind, unit)].paragraphs:
        parts = paragraph.parts
        for before, part in itertools.pairwise(parts):
            if not (isinstance(part, Figure) and isinstance(before, str)):
                continue
            if part.source.kind in ("change", "growth"):
                word = "下降" if part.value < 0 else ("提高" if part.source.kind == "change" else "增长")
                assert before.endswith(word), (before, part)
            if before.endswith("下降"):
                assert part.value < 0, (before, part)
            if before.endswith(("提高", "增长")):
                assert part.value > 0, (before, part)


def _docx_text(document: Document) -> str:
    word = docx.Document(io.BytesIO(render(document, "docx")))
    texts = [p.text for p in word.paragraphs]
    for table in word.tables:
        numbered = table.rows[0].cells[0].text == "序号"  # row numbers, not figures
        texts += [cell.text for row in table.rows for cell in row.cells[1 if numbered else 0 :]]
    return "\n".join(texts)


def _words_not_ours(ctx: ReportContext, document: Document) -> list[str]:
    """Text the documents quote rather than compute: the scheme's words, the units' own, names."""
    scheme = ctx.scheme
    words = [scheme.label, scheme.info.title, ctx.office]
    words += [i.name for i in scheme.item_by_code.values()] + [
        i.guidance for i in scheme.item_by_code.values()
    ]
    words += [short_name_of(i.name) for i in scheme.item_by_code.values()]
    words += [e.name for e in scheme.elements] + [i.name for i in scheme.indicators]
    words += [r.reason for r in scheme.rules]
    words += [i.standard for i in ctx.results.units[0].items]  # the results' own wording of a standard
    words += [u.name for u in ctx.results.units]
    words += [t for areas in ctx.prose.narratives.values() for t in areas.values()]
    words += [t for items in ctx.prose.plans.values() for t in items.values()]
    words += [re.sub(r"^\d+\.", "", p.lead) for p in document.paragraphs if p.lead]
    return sorted({w for w in words if w}, key=len, reverse=True)


@pytest.mark.parametrize(("kind", "unit"), DOCUMENTS)
def test_every_number_in_the_docx_is_a_checked_figure(
    bundled_context: ReportContext, documents: dict[tuple[str, str], Document], kind: str, unit: str
) -> None:
    document = documents[(kind, unit)]
    text = _docx_text(document)
    figures = Counter(n for f in document.figures for n in NUMBER.findall(f.text))
    for figure in document.figures:  # each figure is stated in the file as the model holds it
        assert figure.text in text, figure
    for words in _words_not_ours(bundled_context, document):
        text = text.replace(words, " ")
    text = ITEM_CODE.sub(" ", text)
    text = text.replace(document.date, " ").replace(f"{bundled_context.period}年", " ")
    text = re.sub(r"(?m)^(【建议】|【说明】)?\d+\.(?!\d)", " ", text)  # list numbers: 1. 2.
    text = re.sub(r"[图表]\d+", " ", text)  # 图1, 表2: captions' numbering
    left = Counter(NUMBER.findall(text)) - figures
    assert not left, f"numbers in the {kind} that no figure accounts for: {sorted(left.elements())[:20]}"
    assert figures  # the document states numbers at all
