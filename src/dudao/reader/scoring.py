"""Scoring extracted claims against hand labels: precision, recall and per-field accuracy.

A predicted claim matches a labelled one when their spans overlap and their value, unit and
multiplier agree. Kind, qualifier and period are scored over the matched pairs.

>>> from dudao.reader.claims import extract_claims
>>> labels = [{"span": [0, 4], "value": 12, "unit": "所", "multiplier": None, "kind": "count",
...            "qualifier": None, "period": None}]
>>> score(extract_claims("12所学校,增长5%。"), labels).precision
0.5
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dudao.reader.claims import Claim

FIELDS = ("kind", "qualifier", "period")


@dataclass(frozen=True)
class Score:
    predicted: int
    labelled: int
    matched: int
    accuracy: dict[str, float] = field(default_factory=dict)  # field → share of matched pairs
    kind_accuracy: dict[str, float] = field(default_factory=dict)  # labelled kind → share right
    missed: tuple[Mapping[str, Any], ...] = ()
    spurious: tuple[Claim, ...] = ()

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0


def score(predicted: Sequence[Claim], labelled: Sequence[Mapping[str, Any]]) -> Score:
    used: set[int] = set()
    pairs: list[tuple[Claim, Mapping[str, Any]]] = []
    for label in labelled:
        start, end = label["span"]
        for index, claim in enumerate(predicted):
            if index not in used and claim.start < end and start < claim.end and _agrees(claim, label):
                used.add(index)
                pairs.append((claim, label))
                break
    accuracy = {
        name: sum(getattr(c, name) == label.get(name) for c, label in pairs) / len(pairs) if pairs else 0.0
        for name in FIELDS
    }
    kinds: dict[str, list[bool]] = {}
    for claim, label in pairs:
        kinds.setdefault(str(label["kind"]), []).append(claim.kind == label["kind"])
    matched_labels = {id(label) for _, label in pairs}
    return Score(
        predicted=len(predicted),
        labelled=len(labelled),
        matched=len(pairs),
        accuracy=accuracy,
        kind_accuracy={kind: sum(right) / len(right) for kind, right in sorted(kinds.items())},
        missed=tuple(label for label in labelled if id(label) not in matched_labels),
        spurious=tuple(c for i, c in enumerate(predicted) if i not in used),
    )


def _agrees(claim: Claim, label: Mapping[str, Any]) -> bool:
    return (
        abs(claim.value - float(label["value"])) < 1e-9
        and claim.unit == label.get("unit")
        and claim.multiplier == label.get("multiplier")
    )
