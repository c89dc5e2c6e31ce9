"""Scoring a reading against hand labels (docs/reader-labelling.md): precision, recall, field and
mapping accuracy, and the labelled corpora the scores are taken on.

A predicted claim pairs with a labelled one when their spans overlap and the number as written
agrees (``value``): the **value-only** measures count those pairs. A pair counts for the **strict**
measures when multiplier, unit and qualifier agree too. Kind, qualifier, unit and period are
scored over the value pairs; mapping over the labels that carry a scheme code.

>>> from dudao.reader.claims import extract_claims
>>> labels = [{"span": [0, 4], "value": 12, "unit": "所", "multiplier": None, "kind": "count",
...            "qualifier": None, "period": None}]
>>> result = score(extract_claims("12所学校,增长5%。"), labels)
>>> result.precision, result.recall
(0.5, 1.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dudao.reader.claims import Claim

if TYPE_CHECKING:
    from dudao.reader.reading import ClaimReading

FIELDS = ("kind", "qualifier", "unit", "period")
NOT_IN_SCHEME = ("none", "context")


@dataclass(frozen=True)
class Score:
    """How a list of predicted claims (and their mapping) compares with the labels."""

    predicted: int
    labelled: int
    matched: int  # strict: value, multiplier, unit and qualifier agree
    matched_value: int  # the number as written agrees
    accuracy: dict[str, float] = field(default_factory=dict)  # field → share of value pairs
    kind_accuracy: dict[str, float] = field(default_factory=dict)  # labelled kind → share right
    mappable: int = 0  # labels with a scheme code
    mapped_right: int = 0
    not_in_scheme: int = 0  # value-paired labels the scheme does not hold (none, context)
    mapped_wrongly: int = 0  # of those, mapped to something anyway
    context: tuple[int, int, int] = (0, 0, 0)  # context told right, said wrongly, missed
    missed: tuple[Mapping[str, Any], ...] = ()
    spurious: tuple[Claim, ...] = ()

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def value_precision(self) -> float:
        return self.matched_value / self.predicted if self.predicted else 1.0

    @property
    def value_recall(self) -> float:
        return self.matched_value / self.labelled if self.labelled else 1.0

    @property
    def mapping_accuracy(self) -> float:
        return self.mapped_right / self.mappable if self.mappable else 1.0


def score(
    predicted: Sequence[Claim],
    labelled: Sequence[Mapping[str, Any]],
    readings: Sequence[ClaimReading] | None = None,
) -> Score:
    """Compare ``predicted`` claims (with their ``readings``, in the same order, for mapping)."""
    pairs = _pairs(predicted, labelled)
    strict = [(i, label) for i, label in pairs if _strict(predicted[i], label)]
    accuracy = {
        name: sum(getattr(predicted[i], name) == label.get(name) for i, label in pairs) / len(pairs)
        if pairs
        else 0.0
        for name in FIELDS
    }
    kinds: dict[str, list[bool]] = {}
    for i, label in pairs:
        kinds.setdefault(str(label["kind"]), []).append(predicted[i].kind == label["kind"])
    strict_labels = {id(label) for _, label in strict}
    strict_indices = {i for i, _ in strict}
    mapping = _mapping(pairs, labelled, readings) if readings is not None else {}
    return Score(
        predicted=len(predicted),
        labelled=len(labelled),
        matched=len(strict),
        matched_value=len(pairs),
        accuracy=accuracy,
        kind_accuracy={kind: sum(right) / len(right) for kind, right in sorted(kinds.items())},
        missed=tuple(label for label in labelled if id(label) not in strict_labels),
        spurious=tuple(c for i, c in enumerate(predicted) if i not in strict_indices),
        **mapping,
    )


def baseline_score(numbers: Sequence[tuple[int, int, float]], labelled: Sequence[Mapping[str, Any]]) -> Score:
    """Value-only score of bare numbers (start, end, value), such as a regular expression finds."""
    used: set[int] = set()
    matched = 0
    for label in labelled:
        start, end = label["span"]
        for index, (s, e, value) in enumerate(numbers):
            if index not in used and s < end and start < e and abs(value - float(label["value"])) < 1e-9:
                used.add(index)
                matched += 1
                break
    return Score(predicted=len(numbers), labelled=len(labelled), matched=0, matched_value=matched)


def _pairs(
    predicted: Sequence[Claim], labelled: Sequence[Mapping[str, Any]]
) -> list[tuple[int, Mapping[str, Any]]]:
    used: set[int] = set()
    pairs = []
    for label in labelled:
        start, end = label["span"]
        candidates = [
            i
            for i, claim in enumerate(predicted)
            if i not in used and claim.start < end and start < claim.end and _same_value(claim, label)
        ]
        if candidates:
            best = next((i for i in candidates if _strict(predicted[i], label)), candidates[0])
            used.add(best)
            pairs.append((best, label))
    return pairs


def _same_value(claim: Claim, label: Mapping[str, Any]) -> bool:
    return abs(claim.value - float(label["value"])) < 1e-9


def _strict(claim: Claim, label: Mapping[str, Any]) -> bool:
    return (
        _same_value(claim, label)
        and claim.multiplier == label.get("multiplier")
        and claim.unit == label.get("unit")
        and claim.qualifier == label.get("qualifier")
    )


def _mapping(
    pairs: list[tuple[int, Mapping[str, Any]]],
    labelled: Sequence[Mapping[str, Any]],
    readings: Sequence[ClaimReading],
) -> dict[str, Any]:
    by_label = {id(label): readings[i] for i, label in pairs}
    mappable = [label for label in labelled if label.get("maps_to", "none") not in NOT_IN_SCHEME]
    right = sum(
        1
        for label in mappable
        if (reading := by_label.get(id(label))) and reading.target and reading.target.code == label["maps_to"]
    )
    outside = [(label, by_label[id(label)]) for label in labelled
               if label.get("maps_to", "none") in NOT_IN_SCHEME and id(label) in by_label]  # fmt: skip
    told = sum(1 for label, r in outside if label["maps_to"] == "context" and r.about == "context")
    said = sum(1 for label, r in outside if label["maps_to"] != "context" and r.about == "context")
    missed = sum(1 for label, r in outside if label["maps_to"] == "context" and r.about != "context")
    return {
        "mappable": len(mappable),
        "mapped_right": right,
        "not_in_scheme": len(outside),
        "mapped_wrongly": sum(1 for _, r in outside if r.target is not None),
        "context": (told, said, missed),
    }


@dataclass(frozen=True)
class LabelledReport:
    """A report's text with its hand labels and where it comes from."""

    id: str
    part: str  # seed | dev | test
    text: str
    start: int  # the part of the text the labels cover (the body of a saved web page)
    end: int
    labels: tuple[Mapping[str, Any], ...]
    meta: Mapping[str, Any]


def read_labelled(fixture: Path, root: Path, part: str = "seed") -> LabelledReport:
    """A report labelled in one file (``source``: its path under ``root``; ``claims``), as the seed.

    The labels cover the report's body (:func:`dudao.reader.text.text_of`), not the page around it.
    """
    from dudao.reader.text import text_of

    labels = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    report = text_of(root / labels["source"])
    return LabelledReport(fixture.stem, part, report.text, report.start, report.end,
                          tuple(labels["claims"]), {"source": labels["source"]})  # fmt: skip


def read_corpus(directory: Path) -> list[LabelledReport]:
    """The reports of a labelled corpus: ``corpus.yaml`` with ``texts/<id>.txt`` and ``labels/<id>.yaml``."""
    index = yaml.safe_load((directory / "corpus.yaml").read_text(encoding="utf-8"))
    reports = []
    for entry in index["reports"]:
        text = (directory / "texts" / f"{entry['id']}.txt").read_text(encoding="utf-8")
        labels = yaml.safe_load((directory / "labels" / f"{entry['id']}.yaml").read_text(encoding="utf-8"))
        reports.append(
            LabelledReport(entry["id"], entry["part"], text, 0, len(text), tuple(labels["claims"]), entry)
        )
    return reports
