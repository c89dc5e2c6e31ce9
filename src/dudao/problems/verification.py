"""The catalogue's problems of field verification 实地核查: draws of schools and findings
(dudao.store.verification). Each names the field it is about and what would be accepted."""

from __future__ import annotations

from dudao.problems.kinds import VERIFICATION, ProblemType

TYPES = (
    ProblemType(
        "verification-round-state",
        VERIFICATION,
        "轮次“{round}”{state}，不能{what}",
        "the round “{round}” is {state_en}: cannot {what_en}",
    ),
    ProblemType(
        "verification-not-evaluated",
        VERIFICATION,
        "“{unit}”不是轮次“{round}”的被评价单位；只能为被评价单位（如区县）抽样和记录核查发现",
        "“{unit}” is not an evaluated unit of the round “{round}”: draws and findings are made for "
        "evaluated units (such as districts)",
    ),
    ProblemType(
        "verification-no-schools",
        VERIFICATION,
        "“{unit}”下没有学校，无法抽样；请先导入该单位的学校",
        "“{unit}” has no schools to draw from: import its schools first",
    ),
    ProblemType(
        "verification-method",
        VERIFICATION,
        "抽样方式“{value}”不可用；可选：{choices}",
        "the method “{value}” is not available; choose one of {choices}",
    ),
    ProblemType(
        "verification-size",
        VERIFICATION,
        "样本量“{value}”不是 1 至 {limit} 之间的整数（“{unit}”共有 {limit} 所学校）",
        "the sample size “{value}” is not a whole number from 1 to {limit} (“{unit}” has {limit} schools)",
    ),
    ProblemType(
        "verification-seed",
        VERIFICATION,
        "随机种子“{value}”不是 0 至 {limit} 之间的整数；留空则由系统生成并记录",
        "the seed “{value}” is not a whole number from 0 to {limit}; leave it empty and one is made and "
        "recorded",
    ),
    ProblemType(
        "verification-seed-reused",
        VERIFICATION,
        "随机种子 {seed} 已在“{unit}”的抽样中用过；重新抽样须换一个新的种子（或留空由系统生成）",
        "the seed {seed} was already used for “{unit}”: a redraw needs a new seed (or leave it empty)",
    ),
    ProblemType(
        "verification-redraw-reason",
        VERIFICATION,
        "“{unit}”已有现行抽样（种子 {seed}）；重新抽样须写明原因，原抽样会保留",
        "“{unit}” already has a draw in force (seed {seed}): a redraw needs a reason; the old draw is kept",
    ),
    ProblemType(
        "verification-element",
        VERIFICATION,
        "分层数据项“{value}”不是本方案的学校级数据项；可选：{choices}",
        "the stratum element “{value}” is not a school-level element of the scheme; choose one of {choices}",
    ),
    ProblemType(
        "verification-item",
        VERIFICATION,
        "指标“{value}”不在本轮次的评价方案中；请选择方案中的指标代码（如 {example}）",
        "the item “{value}” is not in the round's scheme: choose an item code of the scheme "
        "(such as {example})",
    ),
    ProblemType(
        "verification-school",
        VERIFICATION,
        "学校“{value}”不在“{unit}”的现行抽样中；请选择抽中的学校，或留空记录为对区县本身的发现",
        "the school “{value}” is not in the draw in force for “{unit}”: choose a drawn school, or leave it "
        "empty for a finding on the unit itself",
    ),
    ProblemType(
        "verification-severity",
        VERIFICATION,
        "问题程度“{value}”不可用；可选：{choices}",
        "the severity “{value}” is not available; choose one of {choices}",
    ),
    ProblemType(
        "verification-note",
        VERIFICATION,
        "请填写核查记录（看到了什么、在哪里、依据什么），最多 {limit} 字",
        "write the note (what was seen, where, on what grounds), at most {limit} characters",
    ),
    ProblemType(
        "verification-points",
        VERIFICATION,
        "建议评审得分“{value}”不是 0 至 {limit} 之间的数（指标 {item} 满分 {limit} 分）",
        "the proposed review score “{value}” is not a number from 0 to {limit} "
        "(item {item} is worth {limit})",
    ),
    ProblemType(
        "verification-score-reason",
        VERIFICATION,
        "建议改变评审得分须写明理由（指标 {item}）",
        "a proposed change of the review score needs a reason (item {item})",
    ),
    ProblemType(
        "verification-photo-type",
        VERIFICATION,
        "照片“{name}”的内容不是可接受的图片；可上传 PNG、JPEG、GIF、WebP"
        "（手机拍照请选“兼容性最佳”或 JPEG 格式）",
        "the photo “{name}” is not an accepted image: upload PNG, JPEG, GIF or WebP (on a phone, choose the "
        "most compatible format, JPEG)",
    ),
    ProblemType(
        "verification-photo-extension",
        VERIFICATION,
        "照片“{name}”的扩展名与内容不符：内容是 {kind} 图片；请改用正确的扩展名",
        "the photo “{name}” has an extension that does not match its content ({kind}): rename it",
    ),
    ProblemType(
        "verification-photo-size",
        VERIFICATION,
        "照片“{name}”有 {size} MB，超过上限 {limit} MB；请压缩或降低分辨率后上传",
        "the photo “{name}” is {size} MB, over the limit of {limit} MB: shrink it and upload it again",
    ),
    ProblemType(
        "verification-photo-empty",
        VERIFICATION,
        "照片“{name}”是空文件；请重新拍照或选择图片",
        "the photo “{name}” is empty: take it again or choose another",
    ),
    ProblemType(
        "verification-photo-count",
        VERIFICATION,
        "一条核查发现最多附 {limit} 张照片，收到 {count} 张",
        "a finding takes at most {limit} photos; {count} were sent",
    ),
    ProblemType(
        "verification-no-score",
        VERIFICATION,
        "核查发现 #{finding} 没有建议评审得分，无可计入；请新记录一条带建议得分和理由的核查发现",
        "the finding #{finding} proposes no review score: record a new finding with points and a reason",
    ),
    ProblemType(
        "verification-score-applied",
        VERIFICATION,
        "核查发现 #{finding} 的建议得分已于 {when} 计入评审得分，不能重复计入",
        "the score the finding #{finding} proposes was put into the review score at {when}: not again",
    ),
)
