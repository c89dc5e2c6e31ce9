"""Numbers in explanations 计分说明 as the engine shows them: 91.8 not 91.8000, 3 not 3.0."""

from __future__ import annotations

from django import template

from dudao.engine.explanation import fmt

register = template.Library()


@register.filter
def shown(value: object, digits: int = 4) -> str:
    """A number as explanations show it, to ``digits`` decimals without trailing zeros.

    >>> shown(91.8), shown(3.0), shown(2470.61751), shown(None)
    ('91.8', '3', '2470.6175', '—')
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return fmt(value, int(digits))
    return str(value)
