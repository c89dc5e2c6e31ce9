"""The bundled Chongqing round: Jiangbei's real figures come out of its elements, on both backends."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pytest
import yaml

from dudao.engine import evaluate
from dudao.engine.backends import backend_runner
from dudao.engine.backends.reference import evaluate_reference
from dudao.engine.plan import build_plan
from dudao.engine.prepare import prepare
from dudao.engine.results import Results
from dudao.samples import BUNDLED_SCHEMES, bundled_dataset, bundled_scheme_path
from dudao.scheme import read_scheme
from tests.engine.equivalence import differences

JIANGBEI = "500105"


@cache
def results(backend: str, code: str = "cq-district-2022") -> Results:
    return evaluate(read_scheme(bundled_scheme_path(code)), bundled_dataset(), backend=backend)


def jiangbei_checks() -> list[dict[str, object]]:
    text = files("dudao.samples").joinpath("chongqing", "jiangbei_2021.yaml").read_text(encoding="utf-8")
    checks: list[dict[str, object]] = yaml.safe_load(text)["checks"]
    return checks


@pytest.mark.parametrize("backend", ["python", "duckdb"])
@pytest.mark.parametrize("check", jiangbei_checks(), ids=lambda c: str(c["indicator"]))
def test_jiangbei_reproduces_the_seed(backend: str, check: dict[str, object]) -> None:
    value = results(backend).unit(JIANGBEI).indicators[str(check["indicator"])]
    assert isinstance(value, float)
    assert round(value, int(check["decimals"])) == check["expect"]  # type: ignore[call-overload]


@pytest.mark.parametrize("backend", ["python", "duckdb"])
def test_jiangbei_items_show_the_figures_and_their_inputs(backend: str) -> None:
    unit = results(backend).unit(JIANGBEI)
    by_indicator = {}
    for item in unit.items:
        by_indicator[item.explanation.formula.split(" = ")[0]] = item
    enrolment = by_indicator["学前三年毛入园率"]
    assert round(float(enrolment.value), 1) == 124.6  # type: ignore[arg-type]
    assert enrolment.status == "达标"
    inputs = {i.name: i.value for i in enrolment.explanation.inputs}
    assert inputs == {"sum(在园幼儿数)": 31150.0, "3至5岁常住人口数": 25000.0}
    inclusive = by_indicator["普惠性幼儿园在园幼儿占比"]
    assert round(float(inclusive.value)) == 88  # type: ignore[arg-type]
    growth = by_indicator["一般公共预算教育经费增长率"]
    assert round(float(growth.value), 2) == 12.75  # type: ignore[arg-type]
    periods = {(i.name, i.period): i.value for i in growth.explanation.inputs}
    assert periods == {("一般公共预算教育经费", 2021): 156700.0, ("一般公共预算教育经费", 2020): 138980.0}
    assert "12.75" in growth.explanation.text and "138980" in growth.explanation.text


def test_the_round_ranks_38_districts_with_grades_and_rules() -> None:
    ranked = results("duckdb").ranked()
    assert len(ranked) == 38
    assert [u.rank for u in ranked] == sorted(u.rank for u in ranked)
    assert {r.type for u in ranked for r in u.fired_rules} == {"veto", "downgrade", "cannot_be_excellent"}
    assert not [r for r in results("duckdb").unit(JIANGBEI).fired_rules]
    assert results("duckdb").data_label == "示例数据"


@pytest.mark.parametrize("code", sorted(BUNDLED_SCHEMES))
def test_backends_agree_on_the_bundled_round(code: str, compiled_backend: str) -> None:
    plan = build_plan(read_scheme(bundled_scheme_path(code)))
    prepared, _ = prepare(plan, bundled_dataset(), 2021)
    compiled = backend_runner(compiled_backend)(plan, prepared)
    assert differences(plan, evaluate_reference(plan, prepared), compiled) == []


def test_balanced_scheme_scores_every_district_from_school_data() -> None:
    balanced = results("duckdb", "cq-balanced-2022")
    assert len(balanced.units) == 38
    jiangbei = balanced.unit(JIANGBEI)
    cv_items = [i for i in jiangbei.items if "cv(" in i.explanation.formula]
    assert len(cv_items) == 14
    assert all(i.value is not None for i in cv_items)
