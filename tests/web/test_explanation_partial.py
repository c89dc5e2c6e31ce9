"""The explanation partial 计分说明 shows what an explanation holds to check a score by hand, in
Chinese first and in English: the schools behind an aggregate with the extremes and a link to
every school value, a step rule's gap and part step, a rubric awaiting review, what is missing."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from dudao.engine import evaluate
from tests.engine.test_explain_detail import _round


def _explanations() -> dict[str, dict[str, Any]]:
    scheme, dataset = _round()
    own = replace(dataset, self_levels={("500101", "A5"): "良"})
    results = evaluate(scheme, own, backend="python")
    first, second = results.unit("500101"), results.unit("500102")
    return {
        "cv": first.item("A1").to_dict()["explanation"],  # type: ignore[dict-item]
        "count": first.item("A2").to_dict()["explanation"],  # type: ignore[dict-item]
        "step": first.item("A3").to_dict()["explanation"],  # type: ignore[dict-item]
        "ceil": first.item("A4").to_dict()["explanation"],  # type: ignore[dict-item]
        "rubric": first.item("A5").to_dict()["explanation"],  # type: ignore[dict-item]
        "missing": second.item("A6").to_dict()["explanation"],  # type: ignore[dict-item]
        "schools_missing": second.item("A1").to_dict()["explanation"],  # type: ignore[dict-item]
    }


def _render(explanation: dict[str, Any], language: str) -> str:
    with translation.override(language):
        html = render_to_string(
            "dudao/rounds/_explanation.html", {"explanation": explanation, "round": SimpleNamespace(pk=7)}
        )
    return " ".join(html.split())


def test_the_partial_in_chinese() -> None:
    shown = {kind: _render(e, "zh-hans") for kind, e in _explanations().items()}
    assert "2021年计入 3 所学校（范围内 4 所，3 所有数据）" in shown["cv"]
    assert "第一小学 5" in shown["cv"] and "第二小学 10" in shown["cv"]
    assert 'href="/api/rounds/7/units/500101/items/A1/schools"' in shown["cv"]
    assert "计入 4 所学校，其中 3 所符合条件" in shown["count"]
    assert "差 3.2 个百分点（标准 ≥ 95，实际 91.8）" in shown["step"]
    assert "不足一步的部分不扣（按整步计）；计 3 步，扣 1.5 分" in shown["step"]
    assert "不足一步的部分按一步扣；计 4 步，扣 2 分" in shown["ceil"]
    assert "待评审</span> 尚无评审等级（自评等级：良）" in shown["rubric"]
    assert "数据缺失：上年（2020年）的“乙数”" in shown["missing"]
    assert "数据缺失：所辖学校的“图书册数”（2021年），1 所中 1 所缺失" in shown["schools_missing"]


def test_the_partial_in_english() -> None:
    shown = {kind: _render(e, "en") for kind, e in _explanations().items()}
    assert "2021: 3 schools counted (of 4 in scope, 3 with data)" in shown["cv"]
    assert "Lowest" in shown["cv"] and "Every school's value" in shown["cv"]
    assert ", 3 of them meeting the condition" in shown["count"]
    assert "3.2 percentage points short (standard ≥ 95, actual 91.8)" in shown["step"]
    assert "a part step does not count (whole steps only); 3 steps, 1.5 points off" in shown["step"]
    assert "Awaiting review</span> no reviewed level yet (self-assessed: 良)" in shown["rubric"]
    assert "Data missing: “乙数” for the previous year (2020)" in shown["missing"]
    assert "missing for 1 of 1" in shown["schools_missing"]
