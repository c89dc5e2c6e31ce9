"""The corpus of real reports (tests/reader/corpus/): well-formed labels, and the reader's figures on
each part pinned at the values BENCHMARKS.md reports (they may rise, never fall)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dudao.reader.claims import extract_claims
from dudao.reader.mapping import targets_of
from dudao.reader.reading import map_claims
from dudao.reader.scoring import LabelledReport, Score, read_corpus, score
from dudao.samples import bundled_scheme_path
from dudao.scheme import read_scheme

CORPUS = Path(__file__).parent / "corpus"
KINDS = {"target", "standard", "membership", "rank", "score", "ratio", "change_pp", "change_pct", "share",
         "amount", "count", "level"}  # fmt: skip


@pytest.fixture(scope="module")
def reports() -> list[LabelledReport]:
    return read_corpus(CORPUS)


def pooled(reports: list[LabelledReport], part: str) -> Score:
    scheme = read_scheme(bundled_scheme_path())
    totals = [0, 0, 0, 0, 0]
    for report in (r for r in reports if r.part == part):
        claims = extract_claims(report.text)
        result = score(claims, report.labels, map_claims(claims, scheme))
        for i, value in enumerate((result.predicted, result.labelled, result.matched, result.mappable,
                                   result.mapped_right)):  # fmt: skip
            totals[i] += value
    return Score(predicted=totals[0], labelled=totals[1], matched=totals[2], matched_value=totals[2],
                 mappable=totals[3], mapped_right=totals[4])  # fmt: skip


def test_every_label_is_a_slice_of_its_text_and_well_formed(reports: list[LabelledReport]) -> None:
    assert len(reports) >= 15 and {r.part for r in reports} <= {"dev", "test", "blind"}
    codes = {t.code for t in targets_of(read_scheme(bundled_scheme_path()))}
    for report in reports:
        last = 0
        for label in report.labels:
            start, end = label["span"]
            assert report.text[start:end] == label["text"], (report.id, label)
            assert start >= last, (report.id, label)  # in text order, not overlapping
            last = end
            assert label["kind"] in KINDS, (report.id, label)
            assert label["maps_to"] in codes | {"none", "context"}, (report.id, label)
