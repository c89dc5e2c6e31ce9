"""The catalogue's problems of review and final scores (评审与认定): dudao.store.review."""

from __future__ import annotations

from dudao.problems.kinds import ProblemType

REVIEW = "评审 review"

TYPES = (
    ProblemType(
        "review-unknown-item",
        REVIEW,
        "“{item}”不是本轮方案的末级指标；可评审的指标如 {known}",
        "“{item}” is not a leaf item of this round's scheme; items that can be reviewed: {known}",
    ),
    ProblemType(
        "review-unknown-bonus",
        REVIEW,
        "单位 {unit} 没有申请加分项“{item}”，不能认定",
        "unit {unit} has not claimed the bonus item “{item}”: there is nothing to decide",
    ),
    ProblemType(
        "review-not-in-round",
        REVIEW,
        "单位 {unit} 不是本轮次的被评价单位",
        "unit {unit} is not evaluated in this round",
    ),
    ProblemType(
        "review-not-submitted",
        REVIEW,
        "单位 {unit} 尚未提交（当前：{status}），提交后才能评审",
        "unit {unit} has not submitted (now: {status}); it can be reviewed once submitted",
    ),
    ProblemType(
        "review-round-published",
        REVIEW,
        "轮次“{round}”的结果已公开，单位 {unit} 的评审和认定得分不能再更改；如需更正，请先撤回公开",
        "the results of round “{round}” are published: unit {unit}'s review and final scores can no "
        "longer change; withdraw the publication first to correct them",
    ),
    ProblemType(
        "review-points-range",
        REVIEW,
        "指标 {item} 的得分 {points} 超出范围：应在 0 到 {most} 分之间",
        "points {points} for item {item} are out of range: give between 0 and {most}",
    ),
    ProblemType(
        "review-reason-needed",
        REVIEW,
        "指标 {item} 的得分 {points} 与{other_zh}（{other}）不同，请写明理由",
        "points {points} for item {item} differ from the {other_en} ({other}): give the reason",
    ),
    ProblemType(
        "review-bad-level",
        REVIEW,
        "指标 {item} 没有等级“{level}”；可选等级：{levels}",
        "item {item} has no level “{level}”; its levels: {levels}",
    ),
    ProblemType(
        "review-not-rubric",
        REVIEW,
        "指标 {item} 按数据计分，没有评审等级；请给出评审得分",
        "item {item} is scored from the data and has no levels: give review points instead",
    ),
    ProblemType(
        "review-bonus-range",
        REVIEW,
        "加分项 {item} 的认定分值 {accepted} 超出范围：应在 0 到申请分值 {claimed} 之间",
        "accepted points {accepted} for bonus item {item} are out of range: give between 0 and the "
        "{claimed} claimed",
    ),
    ProblemType(
        "review-reason-empty",
        REVIEW,
        "请写明{what_zh}的理由",
        "give the reason for the {what_en}",
    ),
    ProblemType(
        "review-nothing-to-reconcile",
        REVIEW,
        "单位 {unit} 的指标 {item} 还没有专家给出评审得分，无法合议",
        "no reviewer has scored item {item} of unit {unit} yet: there is nothing to reconcile",
    ),
    ProblemType(
        "review-not-a-reviewer",
        REVIEW,
        "{reviewer} 没有评审单位 {unit} 的指标 {item}，不能采用其评分；已评审的专家：{known}",
        "{reviewer} has not reviewed item {item} of unit {unit}, so their score cannot be chosen; "
        "reviewers who did: {known}",
    ),
    ProblemType(
        "review-not-assigned",
        REVIEW,
        "{reviewer} 未被分配评审单位 {unit}",
        "{reviewer} is not assigned to review unit {unit}",
    ),
    ProblemType(
        "review-conflict-own-unit",
        REVIEW,
        "不能分配 {reviewer} 评审单位 {unit}：其所在单位 {own} 与该单位相同或存在隶属关系，须回避",
        "{reviewer} cannot review unit {unit}: their own unit {own} is that unit, above it or "
        "within it (conflict of interest)",
    ),
    ProblemType(
        "review-conflict-declared",
        REVIEW,
        "不能分配 {reviewer} 评审单位 {unit}：已声明回避（{reason}）",
        "{reviewer} cannot review unit {unit}: they declared a conflict of interest ({reason})",
    ),
    ProblemType(
        "review-not-a-reviewer-role",
        REVIEW,
        "{user} 不是评审专家账号，不能分配评审",
        "{user} is not a reviewer account and cannot be assigned",
    ),
    ProblemType(
        "review-already-assigned",
        REVIEW,
        "{reviewer} 已被分配评审单位 {unit}",
        "{reviewer} is already assigned to unit {unit}",
    ),
)
