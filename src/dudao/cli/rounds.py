"""Commands that work on a round stored in the web application's database (``--round``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dudao.cli.common import Exit, err
from dudao.cli.serve import start_site

if TYPE_CHECKING:
    from dudao.web.rounds.models import Round

RoundOption = Annotated[
    int | None,
    typer.Option(
        "--round",
        "-r",
        help="网页系统中的评价轮次编号（见轮次页面网址 /rounds/N/）/ the id of a round in the web app",
    ),
]


def open_round(round_id: int, data_dir: Path | None) -> Round:
    """The round ``round_id`` of the web database in ``data_dir``, or stop saying which exist."""
    start_site(data_dir)
    from dudao.web.rounds.models import Round

    round = Round.objects.select_related("scheme", "scope").filter(pk=round_id).first()
    if round is not None:
        return round
    known = [f"{r.pk}（{r.name}）" for r in Round.objects.order_by("pk")[:20]]
    listing = "、".join(known) if known else "无；dudao demo 可载入示例轮次 / none: dudao demo loads one"
    err.print(
        f"[red]没有编号为 {round_id} 的评价轮次 / no round {round_id}[/red]；现有轮次 / rounds: {listing}"
    )
    raise Exit(1)
