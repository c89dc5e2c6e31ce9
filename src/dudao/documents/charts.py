"""Charts for documents, drawn with matplotlib: a PNG (200 dpi) for DOCX and PDF, an SVG for HTML.

Three kinds: :func:`bar_chart` (totals per unit, with the grade thresholds), :func:`radar_chart`
(scores per area, as % of the area's points) and :func:`heat_map` (share of points lost, per unit
and area). Figures are made with :class:`matplotlib.figure.Figure` directly (no pyplot), under a
temporary style (:func:`matplotlib.rc_context`, behind a lock, so no setting outlives a call).
Text is drawn in a Chinese font (:func:`.fonts.chart_font`), and the SVG stores glyphs as paths,
so it shows the same without that font on the reader's machine.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.projections.polar import PolarAxes
from matplotlib.ticker import PercentFormatter
from matplotlib.typing import RcKeyType

from dudao.documents.fonts import chart_font, require_cjk_font
from dudao.documents.model import Chart

DPI = 200
MM = 1 / 25.4  # inches per millimetre
INK, MUTED, GRID = "#333333", "#6b6b6b", "#dddddd"
BAR, HIGHLIGHT = "#8aa1b8", "#b5473a"
SERIES = ("#3d5a80", "#c8553d", "#5b8e7d", "#d8a03d", "#6d597a", "#8c8c8c")
LOSS_MAP = LinearSegmentedColormap.from_list("loss", ["#f7f5f0", "#f0c9a8", "#d9774e", "#9e2a22"])
_LOCK = threading.Lock()


@contextmanager
def _style(caption: str) -> Iterator[None]:
    require_cjk_font()
    style: dict[RcKeyType, Any] = {
        "font.family": [chart_font().family],
        "font.size": 9,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "svg.hashsalt": caption,  # stable ids, distinct between the charts of one page
    }
    with _LOCK, matplotlib.rc_context(style):
        yield


def _chart(figure: Figure, caption: str, width_mm: float, height_mm: float) -> Chart:
    png, svg = io.BytesIO(), io.StringIO()
    figure.savefig(png, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return Chart(caption, png.getvalue(), svg.getvalue(), width_mm=width_mm, height_mm=height_mm)


def _note(figure: Figure, label: str) -> None:
    """The document's label (示例数据) in the chart's top-right corner, so a copied chart keeps it."""
    if label:
        figure.suptitle(label, x=0.995, ha="right", fontsize=8, color=HIGHLIGHT)


def bar_chart(
    caption: str,
    labels: Sequence[str],
    values: Sequence[float],
    highlight: Sequence[str] = (),
    reference_lines: Mapping[str, float] | None = None,
    label: str = "",
) -> Chart:
    """Horizontal bars, highest on top; ``highlight`` units in an accent colour; reference lines
    (e.g. grade thresholds ``{"优秀": 90}``) as dashed lines named at the top."""
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
    order = sorted(range(len(values)), key=lambda i: -values[i])
    names, numbers = [labels[i] for i in order], [values[i] for i in order]
    marked = set(highlight)
    width_mm, height_mm = 150.0, max(60.0, 22.0 + 4.2 * len(names))
    with _style(caption):
        figure = Figure(figsize=(width_mm * MM, height_mm * MM), layout="constrained")
        ax = figure.add_subplot()
        y = list(range(len(names)))
        colours = [HIGHLIGHT if name in marked else BAR for name in names]
        ax.barh(y, numbers, height=0.68, color=colours, zorder=3)
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0, pad=4)
        for tick, name in zip(ax.get_yticklabels(), names, strict=True):
            if name in marked:
                tick.set_color(HIGHLIGHT)
        top = max([*numbers, *(reference_lines or {}).values(), 0.0]) or 1.0
        start = _axis_start([*numbers, *(reference_lines or {}).values()])
        ax.set_xlim(start, top * 1.05)
        span = top - start
        ax.grid(axis="x", color=GRID, linewidth=0.6, zorder=0)
        ax.spines["left"].set_visible(False)
        for yi, value in zip(y, numbers, strict=True):  # inside the bar's end: clear of the lines
            inside = value - start > span * 0.12
            ax.text(
                value - span * 0.008 if inside else value + span * 0.008,
                yi,
                _number(value),
                va="center",
                ha="right" if inside else "left",
                fontsize=7,
                color="white" if inside else MUTED,
                zorder=4,
            )
        previous, raised = -math.inf, 0
        for name, value in sorted((reference_lines or {}).items(), key=lambda item: item[1]):
            # Behind the bars, so it shows in the gaps without crossing a number.
            ax.axvline(value, color=INK, linewidth=0.8, linestyle=(0, (4, 3)), zorder=2)
            raised = raised + 1 if value - previous < span * 0.09 else 0
            previous = value
            ax.annotate(
                f"{name} {_number(value)}", (value, 1.0), xycoords=("data", "axes fraction"),
                xytext=(0, 3 + 11 * (raised % 2)), textcoords="offset points", ha="center", va="bottom",
                fontsize=8, color=INK,
            )  # fmt: skip
        _note(figure, label)
        return _chart(figure, caption, width_mm, height_mm)


def _axis_start(values: Sequence[float]) -> float:
    """Where the value axis starts: 0, or a round ten below the lowest value when all values
    sit high (totals of 65-98 compare better on an axis from 50 than from 0).

    >>> _axis_start([69.97, 96.38, 65]), _axis_start([12, 80]), _axis_start([])
    (50.0, 0.0, 0.0)
    """
    low = min(values, default=0.0)
    if low <= 40:
        return 0.0
    return float(math.floor(low / 10) * 10 - 10)


def radar_chart(
    caption: str, axes: Sequence[str], series: Mapping[str, Sequence[float]], label: str = ""
) -> Chart:
    """Scores per area as % of the area's points (0-100), one closed line per series."""
    if len(axes) < 3:
        raise ValueError(f"a radar chart needs at least 3 axes, got {len(axes)}")
    for name, values in series.items():
        if len(values) != len(axes):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(axes)} axes")
    angles = [2 * math.pi * i / len(axes) for i in range(len(axes))]
    width_mm, height_mm = 150.0, 110.0
    with _style(caption):
        figure = Figure(figsize=(width_mm * MM, height_mm * MM), layout="constrained")
        ax = figure.add_subplot(projection="polar")
        assert isinstance(ax, PolarAxes)
        ax.set_theta_offset(math.pi / 2)  # the first area on top, the others clockwise
        ax.set_theta_direction(-1)
        for i, (name, values) in enumerate(series.items()):
            colour = SERIES[i % len(SERIES)]
            closed_a, closed_v = [*angles, angles[0]], [*values, values[0]]
            ax.plot(closed_a, closed_v, color=colour, linewidth=1.6, label=name, zorder=3)
            ax.fill(closed_a, closed_v, color=colour, alpha=0.12, zorder=2)
        ax.set_ylim(0, 100)
        ax.set_yticks([20, 40, 60, 80, 100], ["20", "40", "60", "80", "100%"], fontsize=7, color=MUTED)
        ax.set_rlabel_position(180 / len(axes))
        ax.set_xticks(angles, [_wrap(a, 7) for a in axes], fontsize=9)
        ax.tick_params(axis="x", pad=8)
        ax.grid(color=GRID, linewidth=0.6)
        ax.spines["polar"].set_color(GRID)
        if len(series) > 1:
            figure.legend(loc="outside lower center", ncols=min(len(series), 4), frameon=False, fontsize=8.5)
        _note(figure, label)
        return _chart(figure, caption, width_mm, height_mm)


def heat_map(
    caption: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    label: str = "",
) -> Chart:
    """Share of points lost (0..1) per row (unit) and column (area); None cells grey and hatched."""
    if not rows or not columns:
        raise ValueError("a heat map needs at least one row and one column")
    if len(values) != len(rows) or any(len(row) != len(columns) for row in values):
        raise ValueError(f"values must be {len(rows)} rows of {len(columns)} columns")
    grid = np.ma.masked_invalid(
        np.array([[np.nan if v is None else v for v in row] for row in values], float)
    )
    width_mm = 150.0
    height_mm = max(50.0, 30.0 + 5.2 * len(rows))
    annotate = len(columns) <= 12
    with _style(caption):
        figure = Figure(figsize=(width_mm * MM, height_mm * MM), layout="constrained")
        ax = figure.add_subplot()
        image = ax.imshow(grid, cmap=LOSS_MAP, vmin=0.0, vmax=1.0, aspect="auto", interpolation="nearest")
        per_line = max(2, int(105 / len(columns) / 3.1))  # characters that fit a column (8.5 pt ≈ 3.1 mm)
        ax.set_xticks(range(len(columns)), [_wrap(c, per_line) for c in columns], fontsize=8.5)
        ax.set_yticks(range(len(rows)), rows, fontsize=8.5)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xticks(np.arange(len(columns) + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(len(rows) + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="white", linewidth=1.2)
        ax.tick_params(which="minor", length=0)
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                if value is None:
                    ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="#e6e6e6", edgecolor="#b0b0b0",
                                           hatch="////", linewidth=0))  # fmt: skip
                elif annotate:
                    colour = "white" if value > 0.55 else INK
                    ax.text(c, r, f"{value:.0%}", ha="center", va="center", fontsize=7, color=colour)
        bar = figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, aspect=30)
        bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        bar.ax.tick_params(labelsize=7.5, length=2)
        bar.outline.set_visible(False)
        bar.set_label("失分比例", fontsize=8.5)
        if any(v is None for row in values for v in row):
            figure.supxlabel("灰色斜线：无数据", x=0.01, ha="left", fontsize=7.5, color=MUTED)
        _note(figure, label)
        return _chart(figure, caption, width_mm, height_mm)


def _number(value: float) -> str:
    """
    >>> _number(92.0), _number(87.456)
    ('92', '87.46')
    """
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _wrap(text: str, width: int) -> str:
    """Break a long Chinese label into lines of at most ``width`` characters, of even length.

    >>> _wrap("教育发展水平与办学条件", 6), _wrap("教育治理与保障", 6), _wrap("党的领导", 6)
    ('教育发展水平\\n与办学条件', '教育治理\\n与保障', '党的领导')
    """
    size = math.ceil(len(text) / math.ceil(len(text) / width)) if text else 1
    return "\n".join(text[i : i + size] for i in range(0, len(text), size))
