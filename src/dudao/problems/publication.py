"""The catalogue's problems of publishing a round's results 结果公开 (``dudao.store.rounds.publication``).

Each is located at the form's field (or at the unit and item concerned) and says what would be
accepted.
"""

from __future__ import annotations

from dudao.problems.kinds import WEB, ProblemType

TYPES = (
    ProblemType(
        "publication-round-not-closed",
        WEB,
        "轮次“{round}”尚未关闭（当前：{state}）：只有已关闭、结果已冻结的轮次才能公开",
        "round {round!r} is not closed (it is {state}): "
        "only a closed round, its results frozen, can be published",
    ),
    ProblemType(
        "publication-final-score-missing",
        WEB,
        "{unit}（{code}）的指标 {item} 尚无认定分：请先在认定页设定最终得分，再公开",
        "{unit} ({code}), item {item}, has no final score: set the final scores before publishing",
        variants=(
            (
                "more",
                "另有 {count} 处尚无认定分（共 {total} 处）",
                "{count} more have no final score ({total} in all)",
            ),
        ),
    ),
    ProblemType(
        "publication-required",
        WEB,
        "请填写{label}",
        "{label_en} is required",
    ),
    ProblemType(
        "publication-too-long",
        WEB,
        "{label}最多 {limit} 个字符，现为 {length} 个",
        "{label_en} takes at most {limit} characters, not {length}",
    ),
    ProblemType(
        "publication-index-number",
        WEB,
        "索引号“{value}”不符合格式，应如“{example}”（格式：{pattern}）",
        "index number {value!r} does not match the format, e.g. {example!r} (pattern {pattern})",
        variants=(
            (
                "taken",
                "索引号“{value}”已用于轮次“{other}”：每份公开信息的索引号不能重复",
                "index number {value!r} is already used by round {other!r}: each has its own",
            ),
        ),
    ),
    ProblemType(
        "publication-date",
        WEB,
        "{label}“{value}”不是有效日期，应为 YYYY-MM-DD，如 {example}",
        "{label_en} {value!r} is not a date; use YYYY-MM-DD, e.g. {example}",
        variants=(
            (
                "future",
                "{label}{value}晚于今天（{today}）：公开信息的日期不能在将来",
                "{label_en} {value} is after today ({today}): it cannot be in the future",
            ),
            (
                "before-written",
                "发布日期 {value} 早于成文日期 {written}：应在成文日期当天或之后",
                "publication date {value} is before the date written, {written}",
            ),
            (
                "before-closed",
                "成文日期 {value} 早于轮次关闭、结果冻结的日期 {closed}：应在其当天或之后",
                "date written {value} is before the round closed and its results froze, {closed}",
            ),
        ),
    ),
    ProblemType(
        "publication-topic",
        WEB,
        "主题分类“{value}”不在可选的分类中：{choices}",
        "topic {value!r} is not one of {choices}",
    ),
    ProblemType(
        "publication-nothing-chosen",
        WEB,
        "请至少选择公开一项：等级、得分、排名或文书",
        "choose at least one thing to publish: grades, scores, the ranking or documents",
    ),
    ProblemType(
        "publication-document",
        WEB,
        "没有这种可公开的文书：“{value}”，可选：{choices}",
        "no such document to publish: {value!r}; choose from {choices}",
    ),
)
