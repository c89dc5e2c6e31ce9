"""Checks within a report: a breakdown that exceeds its total, a share that does not match its counts.

Both look at one sentence with a total, then 其中, then its parts: parts of the same unit must
not add up to more than the total; a share stated right after a single part (其中女教师1500人,
占75%) must match part ÷ total.

>>> from dudao.reader.claims import extract_claims
>>> text = "全区共有学校50所,其中小学30所、初中25所。全区教师2000人,其中女教师1500人,占80%。"
>>> [(f.kind, f.ok, f.stated, round(f.expected, 1)) for f in consistency_findings(text, extract_claims(text))]
[('sum', False, 55.0, 50.0), ('ratio', False, 80.0, 75.0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dudao.reader.checks import allowed
from dudao.reader.claims import Claim

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_SHARE_LEAD = re.compile(r"(占|占比|比例为?|比例达|达)$")


@dataclass(frozen=True)
class Finding:
    """A result of a check within the report, over the claims at ``claims`` (indices)."""

    kind: str  # sum | ratio
    claims: tuple[int, ...]
    stated: float
    expected: float
    ok: bool
    message_zh: str
    message_en: str

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "claims": list(self.claims),
            "stated": self.stated,
            "expected": round(self.expected, 4),
            "ok": self.ok,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


def consistency_findings(text: str, claims: list[Claim]) -> list[Finding]:
    findings: list[Finding] = []
    for group in _sentences(text, claims):
        where = text.find("其中", claims[group[0]].start, claims[group[-1]].start)
        if where < 0:
            continue
        before = [i for i in group if claims[i].end <= where and claims[i].kind in ("count", "amount")]
        if not before:
            continue
        total = before[-1]
        parts = [i for i in group if claims[i].start > where and _same_unit(claims[i], claims[total])]
        if len(parts) >= 2:
            findings.append(_sum(claims, total, parts))
        if len(parts) == 1:
            shares = [
                i
                for i in group
                if claims[i].start > claims[parts[0]].end
                and claims[i].kind == "share"
                and _SHARE_LEAD.search(claims[i].lead.strip())
            ]
            if shares:
                findings.append(_ratio(claims, total, parts[0], shares[0]))
    return findings


def _sentences(text: str, claims: list[Claim]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for index, claim in enumerate(claims):
        stop = _SENTENCE_END.search(text, claim.end)
        groups.setdefault(stop.start() if stop else len(text), []).append(index)
    return list(groups.values())


def _same_unit(a: Claim, b: Claim) -> bool:
    return a.unit == b.unit or {a.unit, b.unit} <= {"人", "名"}


def _sum(claims: list[Claim], total: int, parts: list[int]) -> Finding:
    stated = sum(claims[i].magnitude for i in parts)
    whole = claims[total]
    scale = whole.magnitude / whole.value if whole.value else 1.0
    ceiling = allowed(whole)[1] * scale
    ok = stated <= ceiling * (1 + 1e-9)
    names = "、".join(claims[i].text for i in parts)
    return Finding(
        "sum",
        (total, *parts),
        stated,
        whole.magnitude,
        ok,
        f"分项 {names} 合计 {stated:g}，{'未超过' if ok else '超过'}总数 {whole.text}",
        f"the parts {names} add up to {stated:g}, {'within' if ok else 'more than'} the total {whole.text}",
    )


def _ratio(claims: list[Claim], total: int, part: int, share: int) -> Finding:
    whole, piece, stated = claims[total], claims[part], claims[share]
    expected = piece.magnitude / whole.magnitude * 100 if whole.magnitude else float("nan")
    approximate = any(c.qualifier not in (None, "达") for c in (whole, piece))
    low, high = allowed(stated)
    slack = 5.0 if approximate else 0.05
    ok = low - slack <= expected <= high + slack
    return Finding(
        "ratio",
        (total, part, share),
        stated.value,
        expected,
        ok,
        f"{piece.text} ÷ {whole.text} = {expected:.2f}%，报告写 {stated.text}",
        f"{piece.text} / {whole.text} = {expected:.2f}%, the report says {stated.text}",
    )
