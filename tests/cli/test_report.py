"""``dudao report`` as a user runs it: one document, every unit's, and each mistake they can make."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from dudao.cli.app import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_jiangbeis_draft_as_docx(tmp_path: Path) -> None:
    target = tmp_path / "江北.docx"
    code, output = run(
        "report", "self-evaluation", "--unit", "500105", "--date", "2022-12-13", "--out", str(target)
    )
    assert code == 0, output
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "学前三年毛入园率达124.6%" in text and "较上年增长12.75%" in text
    assert "二、存在问题" in text and "2022年12月13日" in text
    assert "超过自评报告不超过 5000 字的规定" in output  # the author is told the draft is too long
    assert f"written: {target}" in output


def test_every_units_letter_into_a_folder_and_a_zip(tmp_path: Path) -> None:
    folder = tmp_path / "意见书"
    code, output = run("report", "feedback", "--format", "html", "--out", str(folder), "--workers", "1")
    assert code == 0, output
    files = sorted(folder.glob("*.html"))
    assert len(files) == 38 and files[0].name == "500101万州区督导意见书.html"
    with zipfile.ZipFile(tmp_path / "意见书.zip") as bundle:
        assert len(bundle.namelist()) == 38
    assert "written 38 files" in output


@pytest.mark.slow
def test_the_summary_as_pdf(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    code, output = run("report", "summary", "--format", "pdf", "--out", str(target))
    assert code == 0, output
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["report", "letters"], 2, "未知的文书“letters”，可选：self-evaluation、feedback、summary"),
        (["report", "feedback", "--format", "odt"], 2, "未知的格式“odt”，可选：docx、pdf、html"),
        (["report", "feedback", "--date", "13/12/2022"], 2, "应为 YYYY-MM-DD"),
        (["report", "feedback", "--unit", "999999"], 1, "没有被评价单位“999999”"),
        (["report", "feedback", "--backend", "excel"], 2, "“excel”不是可选的值"),
    ],
)
def test_mistakes_get_a_clear_message(args: list[str], exit_code: int, message: str) -> None:
    code, output = run(*args)
    assert code == exit_code and message in output


def test_a_prose_file_with_errors_writes_nothing(tmp_path: Path) -> None:
    prose = tmp_path / "prose.yaml"
    prose.write_text('"500105":\n  narrative:\n    A1: 做法\n', encoding="utf-8")
    target = tmp_path / "draft.docx"
    code, output = run(
        "report", "self-evaluation", "--unit", "500105", "--prose", str(prose), "--out", str(target)
    )
    assert code == 1 and f"{prose}:3:5" in output and "narratives、plans" in output
    assert "nothing was written" in output and not target.exists()


def test_a_file_is_not_a_folder_for_every_unit(tmp_path: Path) -> None:
    existing = tmp_path / "letters"
    existing.write_text("x", encoding="utf-8")
    code, output = run("report", "feedback", "--out", str(existing))
    assert code == 2 and "--out 应为文件夹" in output
