"""Elements grouped by the area that uses them: each once, in scheme order, rules last."""

from __future__ import annotations

import pytest

from dudao.samples import BUNDLED_SCHEMES, bundled_scheme_path
from dudao.scheme import load_scheme
from dudao.scheme.groups import RULES_GROUP, RULES_GROUP_NAME, element_groups, element_readers


@pytest.mark.parametrize("code", sorted(BUNDLED_SCHEMES))
def test_every_element_is_in_exactly_one_group_in_scheme_order(code: str) -> None:
    scheme, _ = load_scheme(bundled_scheme_path(code))
    assert scheme is not None
    groups = element_groups(scheme)
    placed = [e.code for g in groups for e in g.elements]
    assert sorted(placed) == sorted(e.code for e in scheme.elements)
    assert [g.code for g in groups if g.code != RULES_GROUP] == [a.code for a in scheme.items]
    order = {e.code: n for n, e in enumerate(scheme.elements)}
    for group in groups:
        assert [order[e.code] for e in group.elements] == sorted(order[e.code] for e in group.elements)


def test_an_element_goes_to_the_first_area_that_reads_it_and_unread_ones_to_the_rules_group() -> None:
    scheme, _ = load_scheme(bundled_scheme_path())
    assert scheme is not None
    readers = element_readers(scheme)
    for group in element_groups(scheme):
        for element in group.elements:
            reading = readers.get(element.code, ())
            if group.code == RULES_GROUP:
                assert reading == () and group.name == RULES_GROUP_NAME
            else:
                first_area = next(a.code for a in scheme.items if any(i in a.walk() for i in reading))
                assert first_area == group.code


def test_the_web_form_uses_the_same_grouping() -> None:
    from dudao.store.entry.fields import form_groups

    scheme, _ = load_scheme(bundled_scheme_path())
    assert scheme is not None
    form = form_groups(scheme)
    assert [(g.code, g.name, [f.element for f in g.fields]) for g in form] == [
        (g.code, g.name, list(g.elements)) for g in element_groups(scheme)
    ]
