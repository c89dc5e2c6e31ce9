"""Chinese fonts for documents: CSS font stacks for each 公文 role, and the font charts are drawn in.

GB/T 9704 sets the title in 方正小标宋简体, the body in 仿宋_GB2312, level-1 headings in 黑体 and
level-2 headings in 楷体_GB2312. Those fonts are commercial and rarely installed on a server, so
each stack names the official fonts first (a browser or WeasyPrint uses them when present) and
then free fonts from Debian: Noto Serif/Sans CJK SC (``fonts-noto-cjk``) and AR PL UKai CN
(``fonts-arphic-ukai``, a 楷体). Without any Chinese font a PDF or chart would show empty boxes,
so :func:`require_cjk_font` raises :class:`~dudao.errors.DocumentError` instead.

>>> css_stack("kai")
'"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC", serif'
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any, Literal

from dudao.errors import DocumentError

Role = Literal["title", "body", "hei", "kai", "song"]

# Official fonts first, then the free ones; the first installed font wins.
STACKS: dict[Role, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "Noto Serif CJK SC"),
    "body": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"),
    "hei": ("黑体", "SimHei", "Heiti SC", "STHeiti", "Noto Sans CJK SC", "WenQuanYi Micro Hei"),
    "kai": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"),
    "song": ("宋体", "SimSun", "STSong", "Noto Serif CJK SC"),
}
_GENERIC: dict[Role, str] = {
    "title": "serif",
    "body": "serif",
    "hei": "sans-serif",
    "kai": "serif",
    "song": "serif",
}

# Charts are labelled in a 黑体-like sans: it stays legible at small sizes.
CHART_FAMILIES = (
    "SimHei",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "AR PL UKai CN",
)

NO_CJK_FONT = (
    "未找到中文字体（Noto CJK）：请安装 Debian 软件包 fonts-noto-cjk（楷体另需 fonts-arphic-ukai）"
    " / no CJK font found: install the Debian package fonts-noto-cjk (and fonts-arphic-ukai for 楷体)"
)


def css_stack(role: Role) -> str:
    """The CSS ``font-family`` value for a role, official fonts first, ending in a generic family."""
    return ", ".join([*(f'"{name}"' for name in STACKS[role]), _GENERIC[role]])


@functools.cache
def installed_families() -> frozenset[str]:
    """Families of the installed fonts that cover Chinese, as fontconfig (and so WeasyPrint) sees them.

    Without fontconfig's ``fc-list``, the fonts matplotlib found stand in.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        try:
            out = subprocess.run(
                [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=True, timeout=30
            ).stdout
        except (OSError, subprocess.SubprocessError):
            pass
        else:
            # A font may list several names, e.g. "文泉驿微米黑,WenQuanYi Micro Hei".
            return frozenset(
                name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()
            )
    return frozenset(name for name in _matplotlib_families() if _looks_chinese(name))


def first_installed(role: Role) -> str | None:
    """The family a role's stack resolves to on this machine, or None when none of it is installed."""
    installed = installed_families()
    return next((name for name in STACKS[role] if name in installed), None)


def require_cjk_font() -> None:
    """Raise :class:`DocumentError` when no font on this machine can show Chinese."""
    if not installed_families():
        raise DocumentError(NO_CJK_FONT)


@dataclass(frozen=True)
class ChartFont:
    """The font charts are drawn in: its family name (for matplotlib) and its file."""

    family: str
    path: str


@functools.cache
def chart_font() -> ChartFont:
    """The first of :data:`CHART_FAMILIES` matplotlib knows; :class:`DocumentError` if none."""
    from matplotlib import font_manager

    found = _chart_font_in(font_manager.fontManager.ttflist)
    if found is None and installed_families():
        # matplotlib keeps its list of fonts in a cache made on its first run: a font installed
        # since (fonts-noto-cjk after a first try) is added from where fontconfig finds it.
        for path in _chinese_font_files():
            font_manager.fontManager.addfont(path)
        found = _chart_font_in(font_manager.fontManager.ttflist)
    if found is None:
        raise DocumentError(NO_CJK_FONT)
    return found


def _chinese_font_files() -> list[str]:
    """The files of the fonts fontconfig says cover Chinese (none without ``fc-list``)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.strip().rstrip(":") for line in out.splitlines() if line.strip()})


def _chart_font_in(fonts: list[Any]) -> ChartFont | None:
    by_name = {entry.name: entry.fname for entry in fonts}
    for family in CHART_FAMILIES:
        if family in by_name:
            return ChartFont(family, str(by_name[family]))
    # Any other Chinese font matplotlib found (a name in Chinese or a CJK family).
    for name, path in sorted(by_name.items()):
        if _looks_chinese(name):
            return ChartFont(name, str(path))
    return None


def _matplotlib_families() -> set[str]:
    from matplotlib import font_manager

    return {entry.name for entry in font_manager.fontManager.ttflist}


def _looks_chinese(name: str) -> bool:
    """Whether a family name says it is a Chinese font.

    >>> [_looks_chinese(n) for n in ("Noto Sans CJK SC", "仿宋", "SimHei", "DejaVu Sans")]
    [True, True, True, False]
    """
    known = {n.lower() for stack in STACKS.values() for n in stack} | {n.lower() for n in CHART_FAMILIES}
    return name.lower() in known or "cjk" in name.lower() or any("\u4e00" <= ch <= "\u9fff" for ch in name)
