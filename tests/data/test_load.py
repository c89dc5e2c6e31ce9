"""Bad data files are rejected whole, with every problem located at file:line:col."""

from __future__ import annotations

from pathlib import Path

from dudao.data import load_dataset

UNITS = """code,name,parent,level,school_type
500000,重庆市,,city,
500105,江北区,500000,district,
5001050001,江北区第一小学,500105,school,primary
"""


def write(folder: Path, units: str = UNITS, values: str = "unit,element,period,value\n") -> Path:
    (folder / "units.csv").write_text(units, encoding="utf-8")
    (folder / "values.csv").write_text(values, encoding="utf-8")
    return folder


def problems_of(folder: Path) -> list[tuple[str, int, int]]:
    dataset, problems = load_dataset(folder)
    assert dataset is None
    return [(p.code, p.location.line, p.location.column) for p in problems]


def test_a_good_folder_loads(tmp_path: Path) -> None:
    write(
        tmp_path,
        values="unit,element,period,value\n500105,pop_3_5,2021,25000\n"
        "5001050001,pupils,2021,１，２００\n500105,x,2020,\n",
    )
    dataset, problems = load_dataset(tmp_path)
    assert dataset is not None and problems == []
    assert dataset.wide(2021, "district").loc["500105", "pop_3_5"] == 25000
    assert dataset.wide(2021, "school").loc["5001050001", "pupils"] == 1200.0
    assert dataset.ancestor_at("5001050001", "district") == "500105"


def test_non_numeric_value(tmp_path: Path) -> None:
    write(
        tmp_path,
        values="unit,element,period,value\n500105,pop_3_5,2021,25000\n"
        '500105,budget,2021,"1,234"\n500105,rate,2021,85%\n500105,pupils,2021,是\n500105,funds,2021,15.67亿元\n',
    )
    # A data folder is read without its scheme: a yes/no word or a percent (which mean something
    # only for some elements) is refused, never stored as 1/0; 1,234 reads as in every format.
    assert sorted(problems_of(tmp_path), key=lambda p: p[1]) == [
        ("word-in-dataset", 4, 4),
        ("word-in-dataset", 5, 4),
        ("not-a-number", 6, 4),
    ]


def test_duplicate_row(tmp_path: Path) -> None:
    write(tmp_path, values="unit,element,period,value\n500105,pop,2021,1\n500105,pop,2021,2\n")
    dataset, problems = load_dataset(tmp_path)
    assert dataset is None
    [problem] = problems
    assert (problem.code, problem.location.line) == ("duplicate-row", 3)
    assert "first at line 2" in problem.message_en


def test_unknown_unit_and_bad_period(tmp_path: Path) -> None:
    write(tmp_path, values="unit,element,period,value\n500199,pop,2021,1\n500105,pop,二〇二一,1\n")
    assert problems_of(tmp_path) == [("bad-period", 3, 3), ("unknown-unit", 2, 1)]


def test_units_file_problems(tmp_path: Path) -> None:
    units = UNITS + "500105,重复,500000,district,\n5001059999,某校,500999,school,college\n"
    write(tmp_path, units=units)
    codes = sorted(code for code, _, _ in problems_of(tmp_path))
    assert codes == ["bad-choice", "duplicate-row", "unknown-unit"]


def test_missing_files_and_columns(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nowhere") == [("file-missing", 0, 0)]
    (tmp_path / "units.csv").write_text("code,name\n1,x\n", encoding="utf-8")
    codes = [code for code, _, _ in problems_of(tmp_path)]
    assert codes == ["csv-columns", "file-missing"]


def test_not_utf8(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "values.csv").write_bytes("unit,element,period,value\n江北,x,2021,1\n".encode("gbk"))
    assert [code for code, _, _ in problems_of(tmp_path)] == ["file-encoding"]


def test_written_sample_data_reads_back_and_scores_the_same(tmp_path: Path) -> None:
    """generate → write_dataset → load_dataset gives the same results as the in-memory data."""
    from dudao.engine import evaluate
    from dudao.samples import bundled_dataset, bundled_scheme_path
    from dudao.samples.generate import generate_chongqing, write_dataset
    from dudao.scheme import read_scheme

    write_dataset(generate_chongqing(), tmp_path)
    dataset, problems = load_dataset(tmp_path)
    assert dataset is not None and problems == []
    assert dataset.label == "示例数据" and dataset.reviews and dataset.bonus
    scheme = read_scheme(bundled_scheme_path())
    from_files = evaluate(scheme, dataset, backend="python").to_dict()
    in_memory = evaluate(scheme, bundled_dataset(), backend="python").to_dict()
    assert from_files["units"] == in_memory["units"]


def test_bad_review_and_bonus_rows(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "reviews.csv").write_text("unit,item,level,reviewer,note\n500199,A1,优,,\n", encoding="utf-8")
    (tmp_path / "bonus.csv").write_text(
        "unit,item,claimed,accepted,note\n500105,J1,两分,,\n", encoding="utf-8"
    )
    assert problems_of(tmp_path) == [("unknown-unit", 2, 1), ("not-a-number", 2, 3)]


def test_a_billion_laughs_in_dataset_yaml_is_refused_at_once(tmp_path: Path) -> None:
    """Issue #16: dataset.yaml is read with the bounded YAML reader, like a scheme."""
    write(tmp_path, values="unit,element,period,value\n500105,pop_3_5,2021,25000\n")
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    (tmp_path / "dataset.yaml").write_text("\n".join(lines) + "\ntitle: x\n", encoding="utf-8")
    assert [code for code, _, _ in problems_of(tmp_path)] == ["yaml-too-large"]


def test_a_manifest_value_yaml_cannot_build_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path)
    (tmp_path / "dataset.yaml").write_text("title: !!int 1x\n", encoding="utf-8")
    assert problems_of(tmp_path) == [("yaml-value", 1, 8)]


def test_infinite_or_not_a_number_periods_and_values_are_problems(tmp_path: Path) -> None:
    write(tmp_path, values="unit,element,period,value\n500105,x,-inf,3\n500105,y,2021,inf\n500105,z,2021,nan\n")
    assert problems_of(tmp_path) == [("not-a-number", 3, 4), ("not-a-number", 4, 4), ("bad-period", 2, 3)]


def test_units_that_are_not_ranked_are_read_from_unranked_csv(tmp_path: Path) -> None:
    write(tmp_path, values="unit,element,period,value\n500105,pop_3_5,2021,25000\n")
    (tmp_path / "unranked.csv").write_text("unit,reason\n500105,not_submitted\n", encoding="utf-8")
    dataset, problems = load_dataset(tmp_path)
    assert dataset is not None and problems == []
    assert dict(dataset.unranked) == {"500105": "not_submitted"}


def test_a_wrong_reason_or_unit_in_unranked_csv_is_located_and_nothing_loads(tmp_path: Path) -> None:
    write(tmp_path, values="unit,element,period,value\n500105,pop_3_5,2021,25000\n")
    (tmp_path / "unranked.csv").write_text("unit,reason\n500105,late\n500999,not_started\n", encoding="utf-8")
    assert problems_of(tmp_path) == [("bad-choice", 2, 2), ("unknown-unit", 3, 1)]
