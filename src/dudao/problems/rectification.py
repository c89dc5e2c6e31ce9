"""The catalogue's problems of problem lists and rectification 问题整改 (dudao.store.rectification).
Each names the field it is about and what would be accepted."""

from __future__ import annotations

from dudao.problems.kinds import RECTIFICATION, ProblemType

TYPES = (
    ProblemType(
        "rectification-round-state",
        RECTIFICATION,
        "轮次“{round}”尚未关闭：问题清单依据关闭时冻结的评价结果生成，请先关闭轮次",
        "the round “{round}” is not closed: problem lists start from the results frozen at closing; "
        "close the round first",
    ),
    ProblemType(
        "rectification-not-evaluated",
        RECTIFICATION,
        "“{unit}”不是轮次“{round}”的被评价单位，没有问题清单",
        "“{unit}” is not an evaluated unit of the round “{round}” and has no problem list",
    ),
    ProblemType(
        "rectification-share",
        RECTIFICATION,
        "得分率阈值“{value}”不是 0 至 100 之间的百分数（如 60 表示得分不足满分 60% 的指标列为问题）",
        "the share “{value}” is not a percentage from 0 to 100 (60: items scoring under 60 % of their "
        "points are listed)",
    ),
    ProblemType(
        "rectification-issued",
        RECTIFICATION,
        "“{unit}”的问题清单已于 {day} 下达，已冻结，不能再{what}",
        "the problem list of “{unit}” was issued on {day} and is frozen: cannot {what_en}",
    ),
    ProblemType(
        "rectification-empty-list",
        RECTIFICATION,
        "“{unit}”的问题清单没有问题，不能下达；如确无问题，请在督导意见书中说明",
        "the problem list of “{unit}” holds no problem and cannot be issued; if there is none, say so in "
        "the feedback letter",
    ),
    ProblemType(
        "rectification-text",
        RECTIFICATION,
        "“{label}”不能为空，且不超过 {limit} 个字",
        "“{label}” must not be empty and holds at most {limit} characters",
    ),
    ProblemType(
        "rectification-choice",
        RECTIFICATION,
        "“{value}”不是可选的{label}；可选：{choices}",
        "“{value}” is not an accepted {label}; choose one of {choices}",
    ),
    ProblemType(
        "rectification-item",
        RECTIFICATION,
        "“{value}”不是本轮次方案中的指标或规则代码；可填如 {example}，或留空",
        "“{value}” is not an item or rule code of the round's scheme: enter one such as {example}, or leave "
        "it empty",
    ),
    ProblemType(
        "rectification-date",
        RECTIFICATION,
        "{label}“{value}”不是有效日期；请按 YYYY-MM-DD 填写，且不早于 {earliest}",
        "{label} “{value}” is not a valid date: write YYYY-MM-DD, not before {earliest}",
    ),
    ProblemType(
        "rectification-milestone",
        RECTIFICATION,
        "整改节点第 {line} 行“{value}”无法识别；每行写一个节点：日期（YYYY-MM-DD）、空格、内容，"
        "日期不早于 {earliest}、不晚于完成时限 {deadline}",
        "milestone line {line} “{value}” is not understood: write one per line, a date (YYYY-MM-DD), a "
        "space and what is done, dated from {earliest} to the deadline {deadline}",
    ),
    ProblemType(
        "rectification-transition",
        RECTIFICATION,
        "问题 {number}（{state}）不能{what}；{hint}",
        "problem {number} ({state_en}) cannot be {what_en}: {hint_en}",
    ),
    ProblemType(
        "rectification-no-previous",
        RECTIFICATION,
        "轮次“{round}”没有登记上一轮，无法从整改台账计入评价数据；请在创建轮次时选择上一轮",
        "the round “{round}” names no previous round, so no rectification record can be scored: choose "
        "the previous round when creating it",
    ),
    ProblemType(
        "rectification-apply-state",
        RECTIFICATION,
        "轮次“{round}”已关闭，数据已冻结，不能再计入整改台账数据",
        "the round “{round}” is closed and its data frozen: rectification records can no longer be scored",
    ),
    ProblemType(
        "rectification-previous",
        RECTIFICATION,
        "上一轮“{previous}”不能作为本轮的上一轮：{reason}",
        "“{previous}” cannot be this round's previous round: {reason_en}",
    ),
)
