"""What-if: the bundled data scored under a second version of the district scheme (a changed
standard and a re-weighted area), from the engine and from ``dudao whatif``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.engine import evaluate
from dudao.engine.results import Results
from dudao.engine.whatif import compare
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import load_scheme_text, read_scheme
from tests.engine.test_scheme_diff import DISTRICT, second_version


@cache
def both() -> tuple[Results, Results]:
    new, problems = load_scheme_text(second_version(), "v2.yaml")
    assert new is not None, problems
    data = bundled_dataset()
    return evaluate(read_scheme(bundled_scheme_path(DISTRICT)), data), evaluate(new, data)


def test_the_same_scheme_moves_nobody() -> None:
    old, _ = both()
    moves = compare(old, old)
    assert len(moves) == len(old.units) and not [m for m in moves if m.moved]
    assert {m.sentence_zh for m in moves} == {"总分不变"}


def test_each_move_is_the_difference_of_the_items_that_changed() -> None:
    old, new = both()
    moves = {m.code: m for m in compare(old, new)}
    assert [m.code for m in compare(old, new)][:3] == [u.code for u in new.ranked()][:3]  # new order
    for unit in old.units:
        move = moves[unit.code]
        before, after = old.unit(unit.code), new.unit(unit.code)
        assert move.before is not None and move.after is not None
        assert (move.before.rank, move.after.rank) == (before.rank, after.rank)
        # Only the re-weighted and re-standardised items can move a total, by their own changes.
        assert {i.code for i in move.items} <= {"A1.1.1", "A2.2.1"}
        delta = sum(i.delta for i in move.items)
        assert abs((after.base_total - before.base_total) - delta) < 1e-6, unit.code
        for item in move.items:
            assert item.before == before.item(item.code).points and item.after == after.item(item.code).points
    moved = [m for m in moves.values() if m.moved]
    assert moved, "a changed standard and a re-weighted area move some district"
    fell = next(m for m in moved if m.before and m.after and m.after.total < m.before.total - 1.5)
    assert "A1.1.1" in fell.sentence_zh and "→ 0（-1）" in fell.sentence_zh  # 4 meetings held, 6 asked


def test_frozen_results_compare_as_live_ones() -> None:
    old, new = both()
    frozen = old.to_dict()
    live = [(m.code, m.sentence_zh) for m in compare(old, new)]
    assert [(m.code, m.sentence_zh) for m in compare(frozen, new)] == live


def test_the_command_lists_who_moves(tmp_path: Path) -> None:
    v2 = tmp_path / "v2.yaml"
    v2.write_text(second_version(), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["whatif", "--scheme", DISTRICT, "--against", str(v2), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    old, new = both()
    assert {r["code"] for r in rows} == {m.code for m in compare(old, new) if m.moved}
    assert all(r["moved"] and r["why_zh"] for r in rows)
    everyone = runner.invoke(app, ["whatif", "--against", str(v2), "--json", "--all"])
    assert len(json.loads(everyone.output)) == len(old.units)
    missing = runner.invoke(app, ["whatif", "--against", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 1 and "找不到文件" in missing.output
