"""The corpus of real reports (tests/reader/corpus/): well-formed labels, and the reader's figures on
each part pinned at the values BENCHMARKS.md reports (they may rise, never fall)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dudao.reader.claims import extract_claims
from dudao.reader.mapping import targets_of
from dudao.reader.reading import map_claims
from dudao.reader.scoring import LabelledReport, read_corpus, score
from dudao.samples import bundled_scheme_path
from dudao.scheme import read_scheme

CORPUS = Path(__file__).parent / "corpus"
KINDS = {"target", "standard", "membership", "rank", "score", "ratio", "change_pp", "change_pct", "share",
         "amount", "count", "level"}  # fmt: skip


@pytest.fixture(scope="module")
def reports() -> list[LabelledReport]:
    return read_corpus(CORPUS)


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


# part → (strict precision, strict recall, labels mapped right, labels with a scheme code, wrongly mapped)
PINNED = {
    "dev": (1.0, 1.0, 3, 4, 0),
    "test": (1.0, 1.0, 13, 14, 0),
    "blind": (1.0, 1.0, 5, 5, 0),
}


@pytest.mark.parametrize("part", sorted(PINNED))
def test_each_part_reads_at_least_as_well_as_reported(reports: list[LabelledReport], part: str) -> None:
    scheme = read_scheme(bundled_scheme_path())
    totals = {"predicted": 0, "labelled": 0, "matched": 0, "mappable": 0, "right": 0, "wrong": 0}
    missed, spurious = [], []
    for report in (r for r in reports if r.part == part):
        claims = extract_claims(report.text)
        result = score(claims, report.labels, map_claims(claims, scheme))
        totals["predicted"] += result.predicted
        totals["labelled"] += result.labelled
        totals["matched"] += result.matched
        totals["mappable"] += result.mappable
        totals["right"] += result.mapped_right
        totals["wrong"] += result.mapped_wrongly
        missed += [(report.id, label["text"]) for label in result.missed]
        spurious += [(report.id, claim.text) for claim in result.spurious]
    precision, recall, right, mappable, wrong = PINNED[part]
    assert totals["matched"] / totals["predicted"] >= precision, spurious
    assert totals["matched"] / totals["labelled"] >= recall, missed
    assert totals["mappable"] == mappable
    assert totals["right"] >= right and totals["wrong"] <= wrong
