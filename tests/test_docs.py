"""The docs are tested: doctests run, and every function, rule type and command is documented."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

import dudao
from dudao.cli.app import COMMANDS
from dudao.expr.functions import FUNCTIONS
from dudao.scheme.model import ROUND_RULE_TYPES, RULE_TYPES

ROOT = Path(__file__).parent.parent
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(dudao.__path__, "dudao.")
    if ".cli" not in m.name and "__main__" not in m.name
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    with _default_language(name):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


@contextmanager
def _default_language(name: str) -> Iterator[None]:
    """The web's and the store's doctests show the default language, whatever an earlier test in
    this worker left active."""
    if not name.startswith(("dudao.web", "dudao.store")):
        yield
        return
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def test_every_function_is_documented() -> None:
    text = (ROOT / "docs" / "formula-language.md").read_text(encoding="utf-8")
    missing = [name for name in FUNCTIONS if f"`{name}(" not in text]
    assert missing == []


def test_every_rule_type_is_documented() -> None:
    text = (ROOT / "docs" / "scheme-format.md").read_text(encoding="utf-8")
    assert [t for t in (*RULE_TYPES, *ROUND_RULE_TYPES) if f"`{t}`" not in text] == []


def test_yaml_examples_in_the_format_doc_parse() -> None:
    text = (ROOT / "docs" / "scheme-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert len(blocks) >= 5
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict)


def test_readme_opens_with_the_two_commands_and_lists_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert first_block is not None
    lines = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert lines == ["./dev demo", "./dev test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./dev test" in ci
    assert len(COMMANDS) > 10
    for command in COMMANDS:
        assert f"dudao {command.name}" in readme
