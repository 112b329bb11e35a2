"""CSV and TSV cells a spreadsheet opens as text (issue 26, item 4): every CSV and TSV
writer — search --format csv/tsv and its --count table, the web app's downloads, export
--to csv, the statistics' tables — writes a text cell beginning with = + - @ (or a tab
or carriage return) with a leading ', leaves numbers (a negative score) as they are,
and writes everything as it is with --raw-csv (raw_csv=true, raw_csv=True); import and
label --from read such a cell back as the text it was."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import sensegrep
from sensegrep.api import results
from sensegrep.cells import FORMULA_STARTS, cell_text, figure_text, per_million, spreadsheet_cell
from sensegrep.output import TABLE_FIELDS, table_row
from sensegrep.stats import keywords

from .helpers import run, write_jsonl

FORMULA_ID = '=HYPERLINK("http://evil.example","x")'
DOCS = [
    {"id": FORMULA_ID, "text": "+1 bank of the river.", "genre": "@news"},
    {"id": "d2", "text": "-5 percent at the bank today.", "genre": "news"},
    {"id": "d3", "text": "The grassy bank was wet = @home.", "genre": "news"},
]
RANKED = ["-e", "the [[bank]] of the river", "--unlike-example", "cash at the [[bank]]"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cells")
    corpus = write_jsonl(folder / "c.jsonl", DOCS)
    sensegrep.build(folder / "idx", corpus, model="fake:16").close()
    return folder / "idx"


def cells(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def formulas(rows: list[dict[str, str]]) -> list[str]:
    """The text cells a spreadsheet would run as a formula (a number is none)."""
    return [
        v
        for row in rows
        for v in row.values()
        if v and v.startswith(FORMULA_STARTS) and not is_number(v)
    ]


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@given(st.text(max_size=12))
def test_a_cell_reads_back_as_the_text_written(text: str):
    written = spreadsheet_cell(text)
    assert cell_text(written) == text
    assert not written.startswith(FORMULA_STARTS)
    assert spreadsheet_cell(text, raw=True) == text


def test_numbers_stay_numbers_and_text_is_quoted():
    record = {f: None for f in TABLE_FIELDS}
    record |= {"score": -0.5, "doc": "-5", "form": "@x", "lemma": "x", "pos": "X",
               "left": "=1+1", "right": "\tcmd", "sentence": "=1+1 @x cmd"}  # fmt: skip
    row = dict(zip(TABLE_FIELDS, table_row(record), strict=True))
    assert row["score"] == "-0.5"  # a number: no quote
    assert row["doc"] == "'-5" and row["form"] == "'@x" and row["left"] == "'=1+1"
    assert row["right"] == "'\tcmd"  # a cell is its text as it is: a leading tab is quoted
    assert table_row(record, raw=True)[TABLE_FIELDS.index("left")] == "=1+1"


def test_every_cli_csv_and_tsv_writer_quotes_formulas(index_dir: Path, runner: CliRunner):
    outputs = {
        "search csv": (["search", "bank", *RANKED, "--format", "csv"], ","),
        "search tsv": (["search", "bank", "--format", "tsv"], "\t"),
        "count csv": (["search", "bank", "--count", "doc", "--format", "csv"], ","),
        "count tsv": (["search", "bank", "--count", "genre", "--format", "tsv"], "\t"),
        "export csv": (["export", "bank", "--to", "csv"], ","),
        "freq csv": (["freq", "--format", "csv"], ","),
        "freq tsv": (["freq", "--by", "form", "--format", "tsv"], "\t"),
        "collocates csv": (["collocates", "bank", "--min-freq", "1", "--format", "csv"], ","),
    }
    for name, (args, delimiter) in outputs.items():
        code, out, err = run(runner, index_dir, *args)
        assert code == 0, (name, err)
        rows = cells(out, delimiter)
        assert formulas(rows) == [], name
        code, raw_out, err = run(runner, index_dir, *args, "--raw-csv")
        assert code == 0, (name, err)
        assert formulas(cells(raw_out, delimiter)), name  # written as they are
        # The quote is all that differs: each cell reads back as the raw one.
        raw_rows = cells(raw_out, delimiter)
        assert [{k: cell_text(v) for k, v in row.items()} for row in rows] == raw_rows, name
    code, out, _ = run(runner, index_dir, "search", "bank", *RANKED, "--format", "csv")
    scores = [row["score"] for row in cells(out)]
    assert all(is_number(s) for s in scores) and any(s.startswith("-") for s in scores)
    by_doc = {row["doc"]: row for row in cells(out)}
    assert by_doc["'" + FORMULA_ID]["left"].rstrip() == "'+1"  # spaces kept, as in the text


def test_the_web_downloads_quote_formulas(index_dir: Path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    with TestClient(create_app(index_dir, read_only=True)) as client:
        for address in (
            "/api/search?word=bank&format=csv",
            "/api/search?word=bank&count=doc&format=csv",
            "/api/stats/freq?format=csv",
        ):
            quoted = client.get(address)
            assert quoted.status_code == 200 and formulas(cells(quoted.text)) == [], address
            raw = client.get(address + "&raw_csv=true")
            assert raw.status_code == 200 and formulas(cells(raw.text)), address
        bad = client.get("/api/search?word=bank&format=csv&raw_csv=perhaps")
        assert bad.status_code == 400 and "raw_csv" in bad.json()["error"]


def test_the_api_export_quotes_unless_raw(index_dir: Path):
    with sensegrep.open(index_dir) as index:
        assert formulas(cells(index.export("bank", "csv"))) == []
        assert formulas(cells(index.export("bank", "csv", raw_csv=True)))


def test_a_quoted_label_imports_as_the_label_written(tmp_path: Path, runner: CliRunner):
    """A label a spreadsheet would run ("-1", "=x") is written quoted by export and
    search, and import and label --from read it back without the quote."""
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    with sensegrep.open(idx) as index:
        ids = [hit.id for hit in index.search("bank")]
        index.label(ids[:1], "-1")
        index.label(ids[1:2], "=x")
    code, exported, _ = run(runner, idx, "export", "bank", "--to", "csv")
    labels = {row["label"] for row in cells(exported)}
    assert {"'-1", "'=x"} <= labels
    code, searched, _ = run(runner, idx, "search", "bank", "--format", "tsv")
    with sensegrep.open(idx) as index:
        index.label(ids[:2], None)
    # Without the labels as exported (an export before them): a label read back as
    # exported whose removal the index records since stays removed (ac410e4).
    rows = list(csv.reader(io.StringIO(exported)))
    rows = [rows[0], *([*row[:-1], ""] for row in rows[1:])]
    with (tmp_path / "back.csv").open("w", encoding="utf-8", newline="") as back:
        csv.writer(back, lineterminator="\n").writerows(rows)
    code, _, err = run(runner, idx, "import", str(tmp_path / "back.csv"))
    assert code == 0, err
    with sensegrep.open(idx) as index:
        assert index.labels("bank") == {"-1": 1, "=x": 1}
        index.label(ids[:2], None)
    # The lines labelled (an unlabelled line is a bad line of a label file).
    lines = searched.splitlines()
    labelled = [lines[0], *(line for line in lines[1:] if "\t'" in line)]
    (tmp_path / "back.tsv").write_text("\n".join(labelled) + "\n", encoding="utf-8")
    code, _, err = run(runner, idx, "label", "--from", str(tmp_path / "back.tsv"))
    assert code == 0, err
    with sensegrep.open(idx) as index:
        assert index.labels("bank") == {"-1": 1, "=x": 1}


@pytest.mark.parametrize(
    ("count", "tokens", "value", "text"),
    [
        (454, 1_000_000, 454.0, "454.00"),
        (1, 3, 333_333.33, "333,333.33"),
        (3, 2_000_000_000, 0.0015, "0.0015"),  # was 0.00: read as a word absent
        (1, 250_000_000, 0.004, "0.0040"),
        (1, 200_000_000, 0.01, "0.01"),  # 0.005 and above: two decimals
        (1, 200_400_000, 0.005, "0.0050"),  # 0.00499: its two digits (was written 0.01)
        (0, 1_000, 0.0, "0.00"),
    ],
)
def test_a_frequency_per_million_is_never_shown_as_zero_when_it_is_not(
    count: int, tokens: int, value: float, text: str
):
    """Issue 23: per million rounded to two decimals showed a rare word of a large
    corpus as 0.00 per million, beside its count: below 0.005 it keeps two significant
    digits, in the JSON figure and in the text (the API's and the CLI's header), the
    text written from the figure as the CLI and the web page write it."""
    assert per_million(count, tokens) == value
    assert figure_text(per_million(count, tokens)) == text
    assert results.per_million(count, tokens) == value
    assert (
        keywords.measure_fields(count, 1, tokens, 10, _one_row(), 0)["focus_per_million"] == value
    )


def _one_row() -> keywords.Scores:
    one = np.ones(1)
    return keywords.Scores(ll=one, logratio=one, simple_maths=one, sign=np.ones(1, np.int8))
