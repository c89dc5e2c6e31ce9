"""A file above a size bound is refused with one message, on one scale, whichever reader read it:
the DHIS2 reader floored to whole MB and the long-format JSON reader rounded, so one 1.6 MB
file was "1 MB" in one message and "2 MB" in the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from dudao.data.dhis2 import Dhis2Mapping, read_value_sets
from dudao.data.long_format import read_long_json
from dudao.scheme import load_scheme

from .dhis2.conftest import bundled_mapping


@pytest.fixture
def big_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DUDAO_MAX_JSON_BYTES", str(1 << 20))
    path = tmp_path / "values.json"
    path.write_bytes(b" " * int(1.6 * 2**20))
    return path


def test_both_json_readers_say_the_size_alike(big_json: Path) -> None:
    mapping: Dhis2Mapping = bundled_mapping()
    [dhis2] = read_value_sets(big_json, mapping).problems
    [long] = read_long_json(big_json).problems
    assert dhis2.code == long.code == "file-too-large"
    assert dhis2.message_zh == long.message_zh
    assert "1.6 MB" in dhis2.message_zh and "1.0 MB" in dhis2.message_zh
    assert "DUDAO_MAX_JSON_BYTES" in dhis2.message_en


def test_a_scheme_file_says_its_size_in_bytes_and_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUDAO_MAX_SCHEME_BYTES", "1000")
    path = tmp_path / "scheme.yaml"
    path.write_text("#" * 1500, encoding="utf-8")
    scheme, [problem] = load_scheme(path)
    assert scheme is None and problem.code == "file-too-large"
    assert "1,500 字节" in problem.message_zh and "1,000" in problem.message_zh
    assert "1,500 bytes" in problem.message_en and "DUDAO_MAX_SCHEME_BYTES" in problem.message_en
