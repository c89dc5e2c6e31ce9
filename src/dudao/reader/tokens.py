"""Words of a phrase for matching a claim to the scheme: jieba's segmentation, without filler.

The same tokenizer cuts the scheme's names and the words around a claim, so both sides split the
same way; a few education terms are added to its dictionary so that 毛入园率 or 随迁子女 stay whole.
Digits, punctuation, function words and the words every sentence of a report has (全区, 其中,
达到 …) are dropped: they say nothing about which quantity is meant.

>>> words("全区学前三年教育毛入园率达124.6%")
('学前三年', '教育', '毛入园率')
>>> normalised("清理抽调老师")
'清理抽调教师'
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache

import jieba

# Education terms jieba's general dictionary splits in ways that differ between a scheme's name
# and a report's sentence (公办/园在园 beside 公办/幼儿园/在园).
_TERMS = (
    "在园幼儿", "公办园", "民办园", "普惠性", "普惠园", "毛入园率", "毛入学率", "入园率", "入学率", "巩固率",
    "随迁子女", "专任教师", "在校生", "教职工", "学前三年", "中职", "生均", "大班额", "课后服务", "参与率",
    "覆盖率", "达标率", "满意度", "教育经费", "抽调", "借用", "培训机构", "学科类", "党组织", "文明校园",
)  # fmt: skip
# Two ways of saying the same thing; the right-hand side is what the scheme's names use.
_SYNONYMS = (
    ("老师", "教师"), ("在校学生", "在校生"), ("公办幼儿园", "公办园"), ("民办幼儿园", "民办园"),
    ("普通高中", "高中"), ("党的组织", "党组织"),
)  # fmt: skip
_FILLER = frozenset(
    (
        "的", "和", "与", "及", "或", "在", "等", "之", "对", "为", "是", "了", "共", "计", "有", "达",
        "到", "至", "中", "其中", "全区", "全县", "全市", "全省", "全州", "辖区", "我区", "我县", "我市",
        "我省", "本区", "本县", "现有", "共有", "达到", "分别", "以上", "以下", "左右", "已", "均", "各",
        "所", "个", "人", "名", "数", "人数", "总数", "情况", "是否", "年", "度", "以来", "一年", "来",
        "上年", "同比", "较", "比", "比例", "占", "占比", "率",
    )
)  # fmt: skip
_DROP = re.compile(r"^[\W\d_a-zA-Z０-９]+$")


@cache
def _tokenizer() -> jieba.Tokenizer:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for term in _TERMS:
        tokenizer.add_word(term, freq=100_000)
    return tokenizer


def normalised(text: str) -> str:
    """The text with synonyms replaced by the scheme's words (老师 → 教师)."""
    for said, meant in _SYNONYMS:
        text = text.replace(said, meant)
    return text


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The content words of ``text`` (after :func:`normalised`), in order."""
    cut = _tokenizer().lcut(normalised(text), HMM=False)
    return tuple(w for w in cut if w.strip() and w not in _FILLER and not _DROP.match(w))
