"""Property tests: any text can be read, and every claim's span holds its number as written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dudao.reader import read_report, render_html
from dudao.reader.claims import extract_claims

REPORTISH = st.text(
    alphabet=st.sampled_from(
        list(
            "0123456789.,%余多万亿元所人名个次近约超过达以上左右百分之一二两三十点年第“”《》，。；\n（）、其中占"
        )
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), REPORTISH))
def test_any_text_is_read_without_crashing_and_spans_hold_their_numbers(text: str) -> None:
    for claim in extract_claims(text):
        assert text[claim.start : claim.end] == claim.text
        assert claim.number in claim.text
        assert claim.start < claim.end


@settings(max_examples=100, deadline=None)
@given(REPORTISH)
def test_any_text_reads_and_renders(text: str) -> None:
    reading = read_report(text)
    page = render_html(reading)
    assert "<script" not in page.replace("<style>", "")
