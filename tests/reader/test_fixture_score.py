"""The hand-labelled seed: the extractor reads every claim exactly, and every claim the bundled
scheme holds maps to it (docs/reader.md lists the claims it does not hold)."""

from __future__ import annotations

from pathlib import Path

from dudao.reader.claims import extract_claims
from dudao.reader.reading import map_claims
from dudao.reader.scoring import read_labelled, score
from dudao.samples import bundled_scheme_path
from dudao.scheme import read_scheme

ROOT = Path(__file__).parent.parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "jiangbei_2022_claims.yaml"


def test_the_seed_is_read_exactly_and_mapped_wherever_the_scheme_can() -> None:
    seed = read_labelled(FIXTURE, ROOT)
    claims = extract_claims(seed.text, seed.start, seed.end)
    result = score(claims, seed.labels, map_claims(claims, read_scheme(bundled_scheme_path())))
    assert (result.precision, result.recall) == (1.0, 1.0), ([c.text for c in result.spurious], result.missed)
    assert result.accuracy == {"kind": 1.0, "qualifier": 1.0, "unit": 1.0, "period": 1.0}
    assert (result.mapped_right, result.mappable) == (23, 23)
    assert result.mapped_wrongly == 0


def test_the_labels_are_slices_of_the_source() -> None:
    seed = read_labelled(FIXTURE, ROOT)
    for claim in seed.labels:
        start, end = claim["span"]
        assert seed.text[start:end] == claim["text"]
