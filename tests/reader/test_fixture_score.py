"""Precision and recall of the extractor against the hand-labelled seed (both must be ≥ 0.95)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dudao.reader.claims import extract_claims
from dudao.reader.scoring import score
from dudao.reader.text import text_of

ROOT = Path(__file__).parent.parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "jiangbei_2022_claims.yaml"


@pytest.mark.skipif(not FIXTURE.exists(), reason="the hand labels are not there yet")
def test_precision_and_recall_on_the_labelled_seed() -> None:
    labels = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    report = text_of(ROOT / labels["source"])
    result = score(extract_claims(report.text, report.start, report.end), labels["claims"])
    assert result.precision >= 0.95, [c.text for c in result.spurious]
    assert result.recall >= 0.95, [m["text"] for m in result.missed]


@pytest.mark.skipif(not FIXTURE.exists(), reason="the hand labels are not there yet")
def test_the_labels_are_slices_of_the_source() -> None:
    labels = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    text = (ROOT / labels["source"]).read_text(encoding="utf-8")
    for claim in labels["claims"]:
        start, end = claim["span"]
        assert text[start:end] == claim["text"]
