"""Field verification on a phone: the office draws the schools to visit, then a reviewer on a
375 px wide phone records a finding at a drawn school with a photo and puts its proposed score
into the review score; the pages pass axe-core's
WCAG 2.0 A and AA rules with no serious or critical violation, and nothing scrolls sideways."""

from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest

from tests.e2e.axe import axe_violations, blocking, describe
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YUZHONG = "500103"  # assigned to the demo reviewer
PHONE = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def _png(width: int = 32, height: int = 24) -> bytes:
    """A real (if plain) PNG, as a phone's camera might send: a red-to-blue gradient."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + bytes(c for x in range(width) for c in (255 - 8 * x % 256, 60, 8 * x % 256))
        for _ in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _check(page: Any, where: str) -> None:
    found = blocking(axe_violations(page))
    assert found == [], describe(where, found)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"{where}: the page is {width} px wide on a 375 px phone"


def test_a_reviewer_records_a_finding_with_a_photo_on_a_phone(server: str, browser: Any) -> None:
    office = log_in(browser, server, "office")
    office.goto(f"{server}/rounds/1/units/{YUZHONG}/verification/")
    office.check("input[name=method][value=simple]")
    office.fill("#draw-size", "3")
    office.fill("#draw-seed", "20221213")
    office.click("#draw-form button")
    office.wait_for_load_state("networkidle")
    drawn = office.locator("#current-draw ol.drawn li").all_inner_texts()
    assert len(drawn) == 3 and "20221213" in office.inner_text("#current-draw")

    phone = log_in(browser, server, "reviewer", **PHONE)
    phone.goto(f"{server}/rounds/1/verification/")
    _check(phone, "verification index (phone)")
    phone.click(f"a[href$='/units/{YUZHONG}/verification/']")
    phone.wait_for_load_state("networkidle")
    _check(phone, "verification unit page (phone)")
    assert phone.locator("#draw-form").count() == 0  # a reviewer does not draw

    # A mistake first: no note. The message is at the field, and the summary links to it.
    school = phone.locator("#finding-school option").nth(1)
    school_name = school.inner_text()
    phone.select_option("#finding-school", school.get_attribute("value"))
    phone.select_option("#finding-item", "A6.1.1")
    phone.check("input[name=severity][value=major]")
    phone.click("#finding-form button")
    phone.wait_for_load_state("networkidle")
    assert "请填写核查记录" in phone.inner_text("#finding-note-error")
    assert phone.get_attribute("#finding-note", "aria-invalid") == "true"
    _check(phone, "verification refusal (phone)")

    phone.fill("#finding-note", "抽查三个班，其中一个班 58 人，超过 45 人的标准")
    phone.set_input_files(
        "#finding-photos", files=[{"name": "班额.png", "mimeType": "image/png", "buffer": _png()}]
    )
    assert phone.get_attribute("#finding-photos", "accept") == "image/*"
    assert phone.get_attribute("#finding-photos", "capture") is not None
    phone.click("#finding-form summary")
    phone.fill("#finding-points", "0.5")
    phone.fill("#finding-score_reason", "现场班额与报表不符")
    phone.click("#finding-form button")
    phone.wait_for_load_state("networkidle")
    finding = phone.locator("article.finding").first
    assert school_name in finding.inner_text() and "58 人" in finding.inner_text()
    image = finding.locator("ul.photos img")
    assert image.get_attribute("alt") == "核查照片：班额.png"
    assert image.evaluate("(img) => img.complete && img.naturalWidth") == 32  # the photo is served and shown
    _check(phone, "verification finding recorded (phone)")

    # The proposed score goes into Yuzhong's review score (it has submitted, then was returned).
    finding.locator("form button").click()
    phone.wait_for_load_state("networkidle")
    assert "已计入评审得分" in phone.locator("article.finding").first.inner_text()
    _check(phone, "verification score applied (phone)")
