"""What every SQL engine's compiler changes so that SQL means what the reference means.

Mixed into Ibis's per-engine SQL compilers (DuckDB, PostgreSQL):
- a float constant is a double: engines read ``0.1`` as an exact decimal, which would make
  ``0.1 + 0.2 == 0.3`` true;
- FLOOR and CEIL stay doubles: Ibis casts them to BIGINT, which overflows past 9.2e18.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.datatypes as dt
import sqlglot.expressions as sge


class DoubleConstants:
    __slots__ = ()

    def visit_NonNullLiteral(self: Any, op: Any, *, value: Any, dtype: dt.DataType) -> Any:
        if dtype.is_floating() and isinstance(value, (int, float)):
            literal = self.visit_DefaultLiteral(op, value=value, dtype=dtype)
            return literal if isinstance(literal, sge.Cast) else self.cast(literal, dt.float64)
        return super().visit_NonNullLiteral(op, value=value, dtype=dtype)  # type: ignore[misc]

    def visit_Floor(self: Any, op: Any, *, arg: Any) -> Any:
        return self.cast(self.f.floor(arg), dt.float64)

    def visit_Ceil(self: Any, op: Any, *, arg: Any) -> Any:
        return self.cast(self.f.ceil(arg), dt.float64)
