"""``dudao units``: the units tree across years 区划调整与历年评价, on the web database.

- ``dudao units merge --into CODE --name NAME --on DATE OLD1 OLD2 …``: merge districts into a new
  one (or into one that exists: leave ``--name`` out); one unit into a new code is a rename;
- ``dudao units split --into CODE=NAME --into CODE=NAME --on DATE OLD [--move SCHOOL=CODE …]``;
- ``dudao units history CODE``: what the unit came from and became, and its totals and grades by
  year, and its predecessors', from the results closed rounds froze.

A refused change exits 1 with the reason (a catalogued problem, Chinese / English); nothing is
changed then. Each change is audited, under ``--by`` (an account) when given.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from dudao.cli.common import Exit, err, out
from dudao.cli.rounds import DataDirOption, database_errors, open_store
from dudao.errors import Location, Problem

if TYPE_CHECKING:
    from dudao.store.accounts.models import Unit
    from dudao.store.accounts.succession import Change, Link
    from dudao.store.rounds.history import YearResult

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

OnOption = Annotated[
    str, typer.Option("--on", help="调整生效日期（年-月-日），如 2023-01-01 / the day the change took effect")
]
NoteOption = Annotated[
    str, typer.Option("--note", help="说明，如批复文号 / a note, e.g. the approval's number")
]
ByOption = Annotated[
    str | None, typer.Option("--by", help="记入审计日志的账号 / the account the audit log names")
]


@app.callback()
def units() -> None:
    """区划调整与历年评价：合并、拆分、单位沿革 / the units tree across years: merge, split, history."""


@app.command()
def merge(
    old: Annotated[list[str], typer.Argument(help="被合并的单位代码 / the codes of the units merged")],
    into: Annotated[str, typer.Option("--into", help="合并后的单位代码 / the code of the unit they become")],
    on: OnOption,
    name: Annotated[
        str, typer.Option("--name", help="新单位的名称（并入已有单位时省略）/ the new unit's name")
    ] = "",
    note: NoteOption = "",
    by: ByOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """合并单位（一个单位并入新代码即更名）/ merge units into a new or an existing one."""
    day = _date(on)
    open_store(data_dir)
    from dudao.store.accounts.succession import merge_units

    with database_errors(data_dir), _refusals():
        change = merge_units(_user(by), old, into, on=day, name=name, note=note)
    _print_change(change)


@app.command()
def split(
    old: Annotated[str, typer.Argument(help="被拆分的单位代码 / the code of the unit split")],
    into: Annotated[
        list[str],
        typer.Option("--into", help="拆分出的新单位 代码=名称，每个一次 / each new unit as CODE=NAME"),
    ],
    on: OnOption,
    move: Annotated[
        list[str] | None,
        typer.Option(
            "--move", help="随拆分划转的下级单位 代码=新单位代码 / a unit under it moving: CODE=NEW"
        ),
    ] = None,
    note: NoteOption = "",
    by: ByOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """拆分单位 / split a unit into new ones."""
    day = _date(on)
    successors = [_pair(text, "--into") for text in into]
    children = dict(_pair(text, "--move") for text in move or [])
    open_store(data_dir)
    from dudao.store.accounts.succession import split_unit

    with database_errors(data_dir), _refusals():
        change = split_unit(_user(by), old, successors, on=day, children=children, note=note)
    _print_change(change)


@app.command()
def history(
    code: Annotated[str, typer.Argument(help="单位代码 / the unit's code")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / print JSON")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """单位沿革与历年评价结果 / a unit's lineage and its results by year."""
    open_store(data_dir)
    from dudao.store.accounts.models import Unit
    from dudao.store.accounts.succession import lineage
    from dudao.store.rounds.history import years_of

    with database_errors(data_dir):
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            _fail(Problem.of("units-unknown", Location(field="code"), code=code))
        found = lineage(unit)
        years = years_of([unit.code, *(u.code for u in found.predecessors)])
    if as_json:
        document = {
            "unit": _unit_dict(unit),
            "earlier": [_link_dict(link) for link in found.earlier],
            "later": [_link_dict(link) for link in found.later],
            "years": {code: [y.to_dict() for y in rows] for code, rows in years.items()},
        }
        out.print_json(json.dumps(document, ensure_ascii=False))
        return
    out.print(f"[bold]{escape(str(unit))}[/bold]{_span(unit)}")
    for link in found.earlier:
        out.print(f"  {link.on} {escape(str(link.before))} {link.kind_label}→ {escape(str(link.after))}")
    for link in found.later:
        out.print(f"  {link.on} {escape(str(link.before))} {link.kind_label}→ {escape(str(link.after))}")
    for listed in [unit, *found.predecessors]:
        out.print(_years_table(listed, years[listed.code]))


def _years_table(unit: Unit, rows: list[YearResult]) -> Table:
    table = Table(title=f"{unit}{_span(unit)}", title_justify="left")
    for header in ("数据年度 year", "轮次 round", "方案 scheme", "总分 total", "等级 grade", "排名 rank"):
        table.add_column(header, justify="right" if header.startswith(("总分", "排名")) else "left")
    for row in rows:
        rank = str(row.rank) if row.rank is not None else (row.unranked or "—")
        table.add_row(
            str(row.period), row.round_name, row.scheme_label, row.total_text, row.grade or "—", rank
        )
    if not rows:
        table.add_row("—", "没有已关闭轮次的结果 / no closed round evaluated it", "", "", "", "")
    return table


def _span(unit: Unit) -> str:
    if unit.valid_from is None and unit.valid_to is None:
        return ""
    return f"（{unit.valid_from or '…'} 至 {unit.valid_to or '今'}）"


def _unit_dict(unit: Unit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
    }


def _link_dict(link: Link) -> dict[str, Any]:
    return {"from": link.before.code, "to": link.after.code, "on": link.on.isoformat(), "kind": link.kind}


def _print_change(change: Change) -> None:
    old = "、".join(str(u) for u in change.ended)
    new = "、".join(str(u) for u in change.successors)
    out.print(f"{change.on}：{escape(old)} → {escape(new)}（{change.kind}）")
    out.print(
        f"原单位有效期止 {change.ended[0].valid_to}；{len(change.moved)} 个下级单位随之划转 / "
        f"{len(change.moved)} units under them moved"
    )
    if change.left:
        listed = "、".join(change.left)
        err.print(
            f"[yellow]{len(change.left)} 个下级单位未指定去向，仍在原单位之下：{escape(listed)}"
            "（用 --move 指定）[/yellow] / units left under the old unit"
        )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        _fail(Problem.of("units-date", Location(field="--on"), value=text), code=2)


def _pair(text: str, option: str) -> tuple[str, str]:
    code, sep, value = text.partition("=")
    if not sep or not code.strip() or not value.strip():
        err.print(f"[red]{option} 须写成 代码=值：“{escape(text)}”[/red] / {option} takes CODE=VALUE")
        raise Exit(2)
    return code.strip(), value.strip()


def _user(username: str | None) -> Any:
    if username is None:
        return None
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        err.print(f"[red]没有账号“{escape(username)}”[/red] / no account {username!r}")
        raise Exit(2)
    return found


@contextmanager
def _refusals() -> Iterator[None]:
    from dudao.store.accounts.succession import UnitsRefused

    try:
        yield
    except UnitsRefused as refused:
        for problem in refused.problems[1:]:
            _say(problem)
        _fail(refused.problems[0])


def _say(problem: Problem) -> None:
    err.print(f"[red]{escape(problem.message_zh)}[/red] / {escape(problem.message_en)}")


def _fail(problem: Problem, *, code: int = 1) -> NoReturn:
    """Say ``problem`` and stop with ``code`` (1: refused; 2: the command line is wrong)."""
    _say(problem)
    raise Exit(code)
