"""The catalogue's problems of YAML."""

from __future__ import annotations

from dudao.problems.kinds import FILES, ProblemType

TYPES = (
    ProblemType(
        "yaml-syntax",
        FILES,
        "YAML 格式错误：{detail}",
        "malformed YAML: {detail}",
        variants=(("dataset", "dataset.yaml 无法读取：{detail}", "dataset.yaml cannot be read: {detail}"),),
    ),
    ProblemType("yaml-empty", FILES, "文件为空", "the file is empty"),
    ProblemType(
        "yaml-duplicate-key",
        FILES,
        "键“{key}”重复出现（首次在第 {line} 行）",
        "duplicate key {key!r} (first at line {line})",
    ),
    ProblemType(
        "yaml-type",
        FILES,
        "{what_zh}应为{expected_zh}",
        "{what_en} must be {expected_en}",
        variants=(
            (
                "ratio_of",
                "字段“ratio_of”应写作“分子 / 分母”（两个数据项代码），得到“{value}”",
                "'ratio_of' must read \"numerator / denominator\" (two element codes), got {value!r}",
            ),
        ),
    ),
    ProblemType(
        "unknown-key",
        FILES,
        "未知的{what_zh}“{key}”",
        "unknown {what_en} {key!r}",
        variants=(("known", "未知字段“{key}”，可用：{known_zh}", "unknown key {key!r} (known: {known_en})"),),
    ),
)
