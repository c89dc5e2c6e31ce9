"""``dudao synth`` and ``dudao snapshot``: write compute snapshots (wide Parquet).

``synth`` draws synthetic data at city, province or nation scale; ``snapshot`` turns a
dataset folder of long CSV values into the snapshot that evaluation reads at scale.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from dudao.cli.common import Exit, err, open_dataset, out, progress_bar
from dudao.data.snapshot import is_snapshot_folder, write_snapshot
from dudao.errors import DudaoError
from dudao.samples.synth import SCALES, synthesize

OutOption = Annotated[
    Path, typer.Option("--out", "-o", help="输出目录（须为新的或空的目录） / output folder")
]


def synth(
    out_folder: OutOption,
    scale: Annotated[str, typer.Option("--scale", help=f"规模 / scale: {' | '.join(SCALES)}")] = "city",
    seed: Annotated[int, typer.Option("--seed", help="随机种子 / random seed")] = 1,
    schools: Annotated[
        int | None, typer.Option("--schools", help="学校数（县数随之按比例）/ number of schools")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="并行进程数；默认为 CPU 核数 / processes")
    ] = None,
) -> None:
    """生成合成数据（Parquet 快照）/ write synthetic data as a Parquet snapshot."""
    start = time.perf_counter()
    with progress_bar("生成合成数据 / drawing provinces") as progress:
        task = progress.add_task("synth", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            summary = synthesize(
                scale, out_folder, seed=seed, schools=schools, workers=workers, progress=advance
            )
        except DudaoError as error:
            err.print(f"[red]{error}[/red]")
            raise Exit(2) from error
    out.print(
        f"已写入 {summary.folder}：{summary.provinces} 个省、{summary.counties} 个县（区）、"
        f"{summary.schools} 所学校，{summary.values:,} 个数据值，{summary.files} 个分区文件，"
        f"用时 {time.perf_counter() - start:.1f} 秒（示例数据）"
    )
    out.print(f"评价 / evaluate: dudao evaluate --data {summary.folder} --scheme cq-balanced-2022")


def snapshot(
    data: Annotated[Path, typer.Argument(help="数据目录（units.csv、values.csv …）/ data folder")],
    out_folder: OutOption,
) -> None:
    """由长表数据生成计算快照（宽表 Parquet）/ build the wide Parquet snapshot of a dataset."""
    if is_snapshot_folder(data):
        err.print(f"[red]{data} 已是快照目录 / {data} is already a snapshot[/red]")
        raise Exit(2)
    if out_folder.exists() and (not out_folder.is_dir() or any(out_folder.iterdir())):
        err.print(
            f"[red]输出目录 {out_folder} 不为空或不是目录，请指定新的或空的目录[/red] / "
            f"the output folder {out_folder} is not empty (or is a file)"
        )
        raise Exit(2)
    dataset = open_dataset(data)
    start = time.perf_counter()
    files = write_snapshot(dataset, out_folder)
    out.print(
        f"已写入快照 {out_folder}：{len(dataset.units)} 个单位，{len(dataset.periods)} 个年度，"
        f"{len(files)} 个分区文件，用时 {time.perf_counter() - start:.2f} 秒"
    )
