"""How much of a name a phrase contains: the share of the name's character pairs found in it.

Chinese names are compared by character bigrams, which needs no word segmentation and
tolerates inserted words (学前三年教育毛入园率 still contains most of 学前三年毛入园率).

>>> round(coverage("学前三年毛入园率", "学前三年教育毛入园率达"), 2)
0.86
>>> coverage("", "任何文字"), coverage("加强教师队伍建设", "加强教师队伍建设。")
(0.0, 1.0)
"""

from __future__ import annotations

import re
from functools import lru_cache

_NOISE = re.compile(r"[\s\d“”\"'‘’《》（）()、，,。；;：:！？!?·\-—…%％.]+")
# Words every education name shares; they say nothing about which one is meant.
_GENERIC = ("数", "情况", "工作", "是否")


@lru_cache(maxsize=4096)
def bigrams(text: str) -> frozenset[str]:
    cleaned = _NOISE.sub("|", text)
    return frozenset(cleaned[i : i + 2] for i in range(len(cleaned) - 1) if "|" not in cleaned[i : i + 2])


def name_key(name: str) -> str:
    """A name without its generic ending: 新增普惠性幼儿园数 → 新增普惠性幼儿园."""
    for ending in _GENERIC:
        if name.endswith(ending) and len(name) > len(ending) + 2:
            return name[: -len(ending)]
    return name


def coverage(name: str, phrase: str) -> float:
    """The share of ``name``'s bigrams that occur in ``phrase`` (0 … 1)."""
    wanted = bigrams(name_key(name))
    if not wanted:
        return 0.0
    return len(wanted & bigrams(phrase)) / len(wanted)
