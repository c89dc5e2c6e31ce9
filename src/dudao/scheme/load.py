"""Build a :class:`~dudao.scheme.model.Scheme` from a YAML file, collecting problems.

``load_scheme`` never raises on bad input: it returns the scheme (or None) and every
problem found, each located at ``file:line:col``. ``read_scheme`` is the strict variant.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

from dudao.errors import Location, Problem, SchemeError, has_errors
from dudao.expr.ir import Level, Type
from dudao.limits import limit, too_large
from dudao.scheme import model
from dudao.scheme.check import check_scheme
from dudao.scheme.yaml_source import YNode, read_yaml

_AGGREGATES = ("sum", "avg", "min", "max", "count")
_OPS = (">=", ">", "<=", "<", "==", "!=")


def load_scheme(path: str | Path) -> tuple[model.Scheme | None, list[Problem]]:
    """Load and check a scheme file. The scheme is None when it could not be built."""
    path = Path(path)
    file = str(path)
    try:
        if path.is_file() and path.stat().st_size > limit("MAX_SCHEME_BYTES"):
            return None, [_too_large(file, path.stat().st_size)]
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem.of("file-missing", Location(file), file=file)]
    except IsADirectoryError:
        return None, [
            Problem.of(
                "file-missing",
                Location(file),
                variant="folder",
                file=file,
                expected_zh="方案文件",
                expected_en="scheme file",
            )
        ]
    except OSError as exc:
        return None, [Problem.of("file-unreadable", Location(file), file=file, reason=exc.strerror)]
    except UnicodeDecodeError as exc:
        return None, [Problem.of("file-encoding", Location(file, field=f"byte {exc.start}"))]
    return load_scheme_text(text, file)


def _too_large(file: str, size: int) -> Problem:
    return too_large(file, size, "MAX_SCHEME_BYTES", what_zh="方案文件", what_en="the scheme file")


def load_scheme_text(text: str, file: str = "<scheme>") -> tuple[model.Scheme | None, list[Problem]]:
    root, problems = read_yaml(text, file)
    if root is None:
        return None, problems
    builder = _Builder(file)
    scheme = builder.scheme(root, text)
    problems.extend(builder.problems)
    if scheme is None:
        return None, problems
    # A structural error does not hide the others: codes and formulas are checked all the same
    # (a problem the builder has already reported at the same place is not reported twice).
    reported = {(p.code, p.location) for p in problems}
    checked = check_scheme(scheme, complete=not has_errors(problems))
    problems.extend(p for p in checked if (p.code, p.location) not in reported)
    return scheme, problems


def read_scheme(path: str | Path) -> model.Scheme:
    """Load a scheme and raise :class:`SchemeError` listing every error if it has any."""
    scheme, problems = load_scheme(path)
    if scheme is None or has_errors(problems):
        raise SchemeError(problems, what=str(path))
    return scheme


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    # -- helpers ---------------------------------------------------------------------
    def problem(self, where: Location, code: str, /, variant: str = "", **fields: Any) -> None:
        self.problems.append(Problem.of(code, where, variant=variant, **fields))

    def wrong_type(self, where: Location, what: tuple[str, str], expected: tuple[str, str]) -> None:
        """A value of the wrong YAML type: ``what`` and ``expected`` in Chinese and English."""
        self.problem(
            where,
            "yaml-type",
            what_zh=what[0],
            what_en=what[1],
            expected_zh=expected[0],
            expected_en=expected[1],
        )

    def missing(self, where: Location, what: tuple[str, str]) -> None:
        """A required field or section is missing."""
        self.problem(where, "missing-field", what_zh=what[0], what_en=what[1])

    def needs(self, where: Location, whose: tuple[str, str], what: tuple[str, str]) -> None:
        """``whose`` (a band, a rubric) lacks the field or fields ``what``."""
        self.problems.append(
            Problem.of(
                "missing-field",
                where,
                variant="needs",
                whose_zh=whose[0],
                whose_en=whose[1],
                what_zh=what[0],
                what_en=what[1],
            )
        )

    def mapping(self, node: YNode | None, what: str) -> dict[str, YNode]:
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            self.wrong_type(node.location, (what, what), ("键值映射", "a mapping"))
            return {}
        return node.value

    def sequence(self, node: YNode | None, what: str) -> list[YNode]:
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.wrong_type(node.location, (what, what), ("列表", "a list"))
            return []
        return node.value

    def text(self, parent: YNode, key: str, required: bool = True, default: str = "") -> str:
        node = parent.get(key)
        if node is None or node.value is None:
            if required:
                self.missing(parent.location, (f"字段“{key}”", f"field {key!r}"))
            return default
        if isinstance(node.value, (dict, list)):
            self.wrong_type(node.location, (f"字段“{key}”", repr(key)), ("文本", "text"))
            return default
        if not isinstance(node.value, str) and node.text:
            return node.text  # as written: code 1.10 stays "1.10", code on stays "on"
        return str(node.value)

    def number(self, parent: YNode, key: str, default: float | None = None) -> float | None:
        node = parent.get(key)
        if node is None or node.value is None:
            if default is None:
                self.missing(parent.location, (f"数值字段“{key}”", f"number field {key!r}"))
            return default
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.wrong_type(
                node.location,
                (f"字段“{key}”", repr(key)),
                (f"数值，得到“{node.value}”", f"a number, got {node.value!r}"),
            )
            return default
        try:
            number = float(node.value)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            self.wrong_type(
                node.location,
                (f"字段“{key}”", repr(key)),
                (f"有限的数值，得到“{node.text}”", f"a finite number, got {node.text!r}"),
            )
            return default
        return number

    def choice(self, parent: YNode, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(parent, key, required=False, default=default)
        if value not in options:
            node = parent.get(key)
            self.problem(
                node.location if node else parent.location,
                "bad-choice",
                what_zh=f"字段“{key}”的值",
                what_en=f"{key!r}:",
                value=value,
                choices_zh="、".join(options),
                choices_en=", ".join(options),
            )
            return default
        return value

    def strings(self, parent: YNode, key: str) -> tuple[str, ...]:
        node = parent.get(key)
        if node is None or node.value is None:
            return ()
        if isinstance(node.value, str):
            return (node.value,)
        return tuple(str(child.value) for child in self.sequence(node, key))

    def formula(self, parent: YNode, key: str) -> model.Formula:
        node = parent.get(key)
        if node is None or node.value is None:
            self.missing(parent.location, (f"公式字段“{key}”", f"formula field {key!r}"))
            return model.Formula("", parent.location)
        if isinstance(node.value, (dict, list, bool)):
            self.wrong_type(node.location, (f"字段“{key}”", repr(key)), ("公式文本", "formula text"))
            return model.Formula("", node.location)
        shift = 1 if node.style in ("'", '"') else 0
        return model.Formula(str(node.value), node.location, column_shift=shift)

    # -- sections --------------------------------------------------------------------
    def scheme(self, root: YNode, text: str) -> model.Scheme | None:
        top = self.mapping(root, "方案文件 / the scheme file")
        for key, node in top.items():
            if key not in ("scheme", "elements", "indicators", "items", "bonus", "rules", "checks"):
                self.problem(
                    root.key_locations.get(key, node.location),
                    "unknown-key",
                    key=key,
                    what_zh="顶层键",
                    what_en="top-level key",
                )
        head = top.get("scheme")
        if head is None:
            self.missing(root.location, ("“scheme”部分", "'scheme' section"))
            return None
        info = self.info(head)
        elements = tuple(self.element(n) for n in self.sequence(top.get("elements"), "elements"))
        indicators = tuple(self.indicator(n) for n in self.sequence(top.get("indicators"), "indicators"))
        if "items" not in top:
            self.missing(root.location, ("“items”指标体系", "'items'"))
        items = tuple(self.item(n) for n in self.sequence(top.get("items"), "items"))
        bonus = tuple(self.bonus(n) for n in self.sequence(top.get("bonus"), "bonus"))
        rules = tuple(self.round_rule(n) for n in self.sequence(top.get("rules"), "rules"))
        checks = tuple(self.check(n) for n in self.sequence(top.get("checks"), "checks"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return model.Scheme(info, elements, indicators, items, bonus, rules, self.file, digest, checks)

    def info(self, node: YNode) -> model.SchemeInfo:
        self.mapping(node, "scheme")
        grades = []
        for grade in self.sequence(node.get("grades"), "grades"):
            grades.append(model.Grade(self.text(grade, "name"), self.number(grade, "min") or 0.0))
        split = node.get("school_split")
        return model.SchemeInfo(
            code=self.text(node, "code"),
            title=self.text(node, "title"),
            version=int(self.number(node, "version", 1.0) or 1),
            issuer=self.text(node, "issuer", required=False),
            year=int(self.number(node, "year", 0.0) or 0),
            period=int(self.number(node, "period") or 0),
            evaluates=self.text(node, "evaluates", required=False, default="district"),
            total=self.number(node, "total", 100.0) or 0.0,
            bonus_cap=self.number(node, "bonus_cap", 0.0) or 0.0,
            rank_within=self.choice(node, "rank_within", ("parent", "all"), "parent"),
            rank_by=self.choice(node, "rank_by", model.RANK_BY, "grade"),
            sample=self.flag(node, "sample"),
            grades=tuple(grades),
            downgrades_stack=self.flag(node, "downgrades_stack"),
            school_split=self.school_split(split) if split is not None else None,
        )

    def school_split(self, node: YNode) -> model.SchoolSplit:
        stages = self.mapping(node.get("pupils_by_stage"), "pupils_by_stage")
        weights = self.mapping(node.get("weights"), "weights")
        return model.SchoolSplit(
            pupils=self.text(node, "pupils"),
            pupils_by_stage=tuple((k, str(v.value)) for k, v in stages.items()),
            weights=tuple(
                (
                    school_type,
                    tuple(
                        (stage, float(w.value))
                        for stage, w in self.mapping(per_stage, f"weights.{school_type}").items()
                        if isinstance(w.value, (int, float))
                    ),
                )
                for school_type, per_stage in weights.items()
            ),
        )

    def element(self, node: YNode) -> model.Element:
        level = Level(self.choice(node, "level", ("unit", "school"), "unit"))
        default = "sum" if level is Level.SCHOOL else ""
        aggregate = self.text(node, "aggregate", required=False, default=default)
        if aggregate and aggregate not in _AGGREGATES:
            self.problem(
                (node.get("aggregate") or node).location,
                "bad-choice",
                what_zh="汇总方式",
                what_en="aggregate",
                value=aggregate,
                choices_zh="、".join(_AGGREGATES),
                choices_en=", ".join(_AGGREGATES),
            )
            aggregate = default
        return model.Element(
            code=self.text(node, "code"),
            name=self.text(node, "name"),
            unit=self.text(node, "unit", required=False),
            type=Type(self.choice(node, "type", ("number", "bool"), "number")),
            level=level,
            aggregate=aggregate or None,
            source=self.text(node, "source", required=False),
            aliases=self.strings(node, "aliases"),
            minimum=self._optional_number(node, "min"),
            maximum=self._optional_number(node, "max"),
            max_change=self._optional_number(node, "max_change"),
            ratio_of=self._ratio(node),
            location=node.location,
        )

    def _ratio(self, node: YNode) -> tuple[str, str] | None:
        """``ratio_of: "numerator / denominator"`` (two element codes) as a pair."""
        child = node.get("ratio_of")
        if child is None or child.value is None:
            return None
        parts = str(child.value).split("/") if isinstance(child.value, str) else []
        pair = tuple(part.strip() for part in parts)
        if len(pair) != 2 or not all(pair):
            self.problem(child.location, "yaml-type", variant="ratio_of", value=child.value)
            return None
        return pair[0], pair[1]

    def _optional_number(self, node: YNode, key: str) -> float | None:
        child = node.get(key)
        if child is None or child.value is None:
            return None
        return self.number(node, key)

    def flag(self, parent: YNode, key: str) -> bool:
        node = parent.get(key)
        if node is None or node.value is None:
            return False
        if not isinstance(node.value, bool):
            self.wrong_type(node.location, (f"字段“{key}”", repr(key)), ("true 或 false", "true or false"))
            return False
        return node.value

    def indicator(self, node: YNode) -> model.Indicator:
        return model.Indicator(
            code=self.text(node, "code"),
            name=self.text(node, "name"),
            formula=self.formula(node, "formula"),
            unit=self.text(node, "unit", required=False),
            level=Level(self.choice(node, "level", ("unit", "school"), "unit")),
            aliases=self.strings(node, "aliases"),
            location=node.location,
            minimum=self._optional_number(node, "min"),
            maximum=self._optional_number(node, "max"),
        )

    def item(self, node: YNode) -> model.Item:
        children = tuple(self.item(c) for c in self.sequence(node.get("children"), "children"))
        rule_node = node.get("rule")
        rule = None
        if rule_node is not None:
            rule = self.rule(rule_node)
            if children:
                self.problem(rule_node.location, "item-shape", variant="rule-and-children")
        elif not children:
            self.problem(node.location, "item-shape")
        return model.Item(
            code=self.text(node, "code"),
            name=self.text(node, "name"),
            points=self.number(node, "points") or 0.0,
            rule=rule,
            children=children,
            owner=self.text(node, "owner", required=False),
            evidence=self.strings(node, "evidence"),
            guidance=self.text(node, "guidance", required=False),
            location=node.location,
        )

    def rule(self, node: YNode) -> model.Rule | None:
        kind = self.choice(node, "type", model.RULE_TYPES, "")
        if not kind:
            return None
        if kind == "threshold":
            return model.Threshold(
                value=self.formula(node, "value"),
                op=self.choice(node, "op", _OPS, ">="),
                target=self.formula(node, "target"),
                else_points=self.number(node, "else", 0.0) or 0.0,
            )
        if kind == "linear":
            return model.Linear(
                value=self.formula(node, "value"),
                zero_at=self.number(node, "zero_at") or 0.0,
                full_at=self.number(node, "full_at") or 0.0,
            )
        if kind == "step":
            return model.Step(
                value=self.formula(node, "value"),
                target=self.number(node, "target") or 0.0,
                step=self.number(node, "step") or 0.0,
                deduct=self.number(node, "deduct") or 0.0,
                direction=self.choice(node, "direction", ("below", "above"), "below"),
                partial=self.choice(node, "partial", ("floor", "ceil"), "floor"),
            )
        if kind == "bands":
            bands = []
            for band in self.sequence(node.get("bands"), "bands"):
                bound = "min" if band.get("min") is not None else "max"
                if band.get("min") is None and band.get("max") is None:
                    self.needs(band.location, ("分档", "a band"), ("“min”或“max”", "'min' or 'max'"))
                bands.append(
                    model.Band(
                        bound,
                        self.number(band, bound, 0.0) or 0.0,
                        self.number(band, "points") or 0.0,
                    )
                )
            return model.Bands(
                self.formula(node, "value"), tuple(bands), self.number(node, "else", 0.0) or 0.0
            )
        if kind == "boolean":
            return model.BooleanRule(self.formula(node, "value"))
        if kind == "per_incident":
            return model.PerIncident(
                value=self.formula(node, "value"),
                deduct=self.number(node, "deduct") or 0.0,
                cap=self._optional_number(node, "cap"),
            )
        levels = []
        for level in self.sequence(node.get("levels"), "levels"):
            levels.append(
                model.RubricLevel(
                    self.text(level, "level"),
                    self.number(level, "fraction") or 0.0,
                    self.text(level, "description", required=False),
                )
            )
        if not levels:
            self.needs(node.location, ("评审规则", "a rubric"), ("“levels”等级列表", "'levels'"))
        return model.Rubric(tuple(levels))

    def bonus(self, node: YNode) -> model.BonusItem:
        computed = node.get("value") is not None
        each = node.get("each")
        if each is not None and not computed:
            self.problem(
                each.location,
                "bonus-parameter",
                code=self.text(node, "code", required=False),
                detail_zh="each（每项加分）只用于按数据计算的加分项，需同时给出 value",
                detail_en="'each' (points for each one) belongs to a computed item, which needs a 'value'",
            )
        return model.BonusItem(
            code=self.text(node, "code"),
            name=self.text(node, "name"),
            points=self.number(node, "points") or 0.0,
            evidence=self.strings(node, "evidence"),
            location=node.location,
            value=self.formula(node, "value") if computed else None,
            each=(self.number(node, "each", 1.0) or 0.0) if computed else 1.0,
        )

    def round_rule(self, node: YNode) -> model.RoundRule:
        return model.RoundRule(
            code=self.text(node, "code"),
            type=self.choice(node, "type", model.ROUND_RULE_TYPES, "veto"),
            when=self.formula(node, "when"),
            reason=self.text(node, "reason"),
            location=node.location,
        )

    def check(self, node: YNode) -> model.Check:
        return model.Check(
            code=self.text(node, "code"),
            level=Level(self.choice(node, "level", ("unit", "school"), "unit")),
            rule=self.formula(node, "rule"),
            message=self.text(node, "message"),
            severity=self.choice(node, "severity", model.CHECK_SEVERITIES, "error"),
            location=node.location,
        )
