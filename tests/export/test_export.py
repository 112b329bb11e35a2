"""Export for annotators and reading their labels back: every format round-trips."""

from __future__ import annotations

import csv
import io
import json

import conllu
import pytest
from click.testing import CliRunner

from sensegrep.export import read_labels
from sensegrep.storage import Index
from sensegrep.storage.sql import run as run_sql

from ..helpers import DOCS, hits, run, write_jsonl

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL


@pytest.fixture
def labelled_idx(tmp_path):
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    found = hits(run(runner, idx, "search", "bank", "--format", "jsonl")[1])
    ids = {h["doc"]: h["id"] for h in found}
    with Index.open(idx) as index, index.engine.begin() as conn:
        run_sql(conn, "UPDATE tokens SET label = 'river' WHERE id = ?", (ids["r1"],))
        run_sql(conn, "UPDATE tokens SET label = 'money' WHERE id = ?", (ids["m1"],))
    return idx, ids


def export(idx, *args):
    code, out, err = run(CliRunner(), idx, "export", "bank", *args)
    assert code == 0, err
    return out


def annotate(fmt: str, text: str, occ_id: int, label: str) -> str:
    """What an annotator's tool writes back after labelling occurrence ``occ_id``."""
    if fmt in ("prodigy", "doccano"):
        records = [json.loads(line) for line in text.splitlines()]
        for r in records:
            if fmt == "prodigy" and r["meta"]["id"] == occ_id:
                r.update(accept=[label], answer="accept")
            if fmt == "doccano" and r["sensegrep_id"] == occ_id:
                r["label"] = [[*r["target"], label]]
        return "".join(json.dumps(r) + "\n" for r in records)
    if fmt == "conllu":
        return text.replace(f"SensegrepId={occ_id}", f"SensegrepId={occ_id}|Sense={label}")
    if fmt == "webanno":
        return text.replace(f"*\t{occ_id}\n", f"{label}\t{occ_id}\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if int(row["id"]) == occ_id:
            row["label"] = label
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conllu", "webanno", "csv"])
def test_labels_round_trip(labelled_idx, tmp_path, fmt):
    idx, ids = labelled_idx
    text = export(idx, "--to", fmt, "--options", "river,money")
    labelled = tmp_path / f"back.{fmt}"
    labelled.write_text(annotate(fmt, text, ids["r2"], "river"), encoding="utf-8")
    back = dict(read_labels(fmt, labelled))
    # The two stored labels travel out and back, and so does the new one.
    assert back == {ids["r1"]: "river", ids["m1"]: "money", ids["r2"]: "river"}


def test_prodigy_offers_the_options_and_marks_the_word(labelled_idx):
    idx, _ = labelled_idx
    records = [json.loads(line) for line in export(idx, "--to", "prodigy").splitlines()]
    assert len(records) == 4
    assert [o["id"] for o in records[0]["options"]] == ["money", "river"]  # existing labels
    span = records[0]["spans"][0]
    assert records[0]["text"][span["start"] : span["end"]] == "bank"


def test_conllu_export_is_valid_conllu(labelled_idx):
    idx, _ = labelled_idx
    sentences = conllu.parse(export(idx, "--to", "conllu"))
    assert len(sentences) == 4
    target = [t for t in sentences[0] if t["misc"] and "SensegrepId" in t["misc"]]
    assert len(target) == 1 and target[0]["form"] == "bank"
    assert target[0]["misc"]["Sense"] == "river"
    assert sentences[0].metadata["text"] == "We sat on the bank of the river."


def test_webanno_offsets_point_at_the_tokens(labelled_idx):
    idx, _ = labelled_idx
    text = export(idx, "--to", "webanno")
    assert text.startswith("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Sense|label|occurrence")
    sentences = [line[len("#Text=") :] for line in text.splitlines() if line.startswith("#Text=")]
    joined = "\n".join(sentences)
    for line in text.splitlines():
        if line and not line.startswith("#"):
            span, form = line.split("\t")[1:3]
            start, end = map(int, span.split("-"))
            assert joined[start:end] == form.replace("\\", "")


def test_balanced_by_label_and_sample(labelled_idx):
    idx, _ = labelled_idx
    rows = list(
        csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--balanced", "1", "--by", "label")))
    )
    assert sorted(r["label"] for r in rows) == ["money", "river"]
    sampled = list(
        csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--sample", "3", "--seed", "4")))
    )
    again = list(
        csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--sample", "3", "--seed", "4")))
    )
    assert len(sampled) == 3 and sampled == again


def test_prodigy_offers_induced_senses_when_nothing_is_labelled(tmp_path):
    runner = CliRunner()
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", DOCS)
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    code, out, err = run(runner, idx, "export", "bank", "--to", "prodigy")
    assert code == 0, err
    options = json.loads(out.splitlines()[0])["options"]
    assert options and all(o["id"].startswith("sense ") for o in options)
    assert all(o["text"].startswith(o["id"] + ":") for o in options)


def test_bad_lines_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "back.jsonl"
    path.write_text(
        '{"meta": {"id": 5}, "accept": ["x"], "answer": "accept"}\nnot json\n', encoding="utf-8"
    )
    items = list(read_labels("prodigy", path))
    assert items[0] == (5, "x")
    assert "back.jsonl:2" in str(items[1])


def test_a_record_whose_id_is_no_occurrence_id_says_what_it_found(tmp_path):
    """A corpus file read back as labels: its "id" is a document's, and the message
    says so (it said "no id" of a record that has one)."""
    path = write_jsonl(tmp_path / "corpus.jsonl", [{"id": "d00", "text": "A bank."}, {"x": 1}])
    first, second = read_labels("jsonl", path)
    assert 'corpus.jsonl:1: "id" must be an occurrence id' in str(first)
    assert 'got "d00"' in str(first)
    assert "corpus.jsonl:2: no id" in str(second)


def test_import_applies_labels_and_reports_bad_lines(labelled_idx, tmp_path):
    idx, ids = labelled_idx
    text = export(idx, "--to", "conllu")
    annotated = annotate("conllu", text, ids["r2"], "river")
    annotated += "1\tbroken line\n"  # a line an editor mangled
    path = tmp_path / "back.conllu"
    path.write_text(annotated, encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and "back.conllu:" in err and "applied 3 label(s)" in err
    code, out, _ = run(CliRunner(), idx, "search", "bank", "--format", "jsonl")
    assert {h["doc"]: h["label"] for h in hits(out)}["r2"] == "river"


def test_import_tells_every_export_format_from_its_first_lines(labelled_idx, tmp_path):
    """No --format, and an extension that names nothing: each export is recognised by
    its content, and one line says what it was read as."""
    idx, ids = labelled_idx
    names = {"prodigy": "Prodigy", "doccano": "doccano", "conllu": "CoNLL-U",
             "webanno": "WebAnno", "csv": "CSV"}  # fmt: skip
    for fmt, name in names.items():
        path = tmp_path / f"{fmt}-back.txt"
        text = annotate(fmt, export(idx, "--to", fmt), ids["r2"], f"river-{fmt}")
        path.write_text(text, encoding="utf-8")
        code, _, err = run(CliRunner(), idx, "import", str(path))
        assert code == 0, err
        assert f"read as {name}" in err.splitlines()[0] and "applied 3 label(s)" in err
    code, out, _ = run(CliRunner(), idx, "search", "bank", "--format", "jsonl")
    assert {h["doc"]: h["label"] for h in hits(out)}["r2"] == "river-csv"


def test_search_output_with_labels_filled_in_reads_back(labelled_idx, tmp_path):
    """search --format jsonl, csv or tsv, a label filled in, read back by import and by
    label --from, told by the first lines (lines left unlabelled are no error for
    import)."""
    idx, ids = labelled_idx
    for fmt in ("jsonl", "csv", "tsv"):
        code, out, err = run(CliRunner(), idx, "search", "bank", "--format", fmt)
        assert code == 0, err
        path = tmp_path / f"hits-{fmt}.txt"
        path.write_text(_fill_label(fmt, out, ids["r2"], f"shore-{fmt}"), encoding="utf-8")
        code, _, err = run(CliRunner(), idx, "import", str(path))
        assert code == 0, err
        assert f"read as {fmt.upper()}" in err and "applied 3 label(s)" in err
    code, out, _ = run(CliRunner(), idx, "search", "bank", "--format", "jsonl")
    assert {h["doc"]: h["label"] for h in hits(out)}["r2"] == "shore-tsv"
    table = tmp_path / "one.csv"  # a TSV whatever its name says
    table.write_text(f"id\tlabel\n{ids['m2']}\tmoney\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "label", "--from", str(table))
    assert code == 0, err
    assert "read as TSV" in err and "labelled 1 occurrence(s)" in err


def _fill_label(fmt: str, text: str, occ_id: int, label: str) -> str:
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        for record in records:
            if record["id"] == occ_id:
                record["label"] = label
        return "".join(json.dumps(r) + "\n" for r in records)
    delimiter = "," if fmt == "csv" else "\t"
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    for row in rows:
        if int(row["id"]) == occ_id:
            row["label"] = label
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_a_file_nothing_tells_is_one_line_naming_the_formats(labelled_idx, tmp_path):
    idx, _ = labelled_idx
    path = tmp_path / "notes.txt"
    path.write_text("river bank, money bank\n", encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "prodigy, doccano, conllu, webanno, csv, tsv, jsonl" in err and "--format" in err
    prodigy = tmp_path / "p.jsonl"
    prodigy.write_text(export(idx, "--to", "prodigy"), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "label", "--from", str(prodigy))
    assert code == 1 and "Prodigy" in err and f"sensegrep import {prodigy}" in err


def test_balanced_by_induced_sense(labelled_idx):
    idx, _ = labelled_idx
    rows = list(csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--balanced", "1"))))
    senses = json.loads(
        run(CliRunner(), idx, "senses", "bank", "--format", "jsonl")[1].splitlines()[0]
    )
    assert senses["sense"] == 1
    n_senses = len(run(CliRunner(), idx, "senses", "bank", "--format", "jsonl")[1].splitlines())
    assert len(rows) == n_senses  # one occurrence per induced sense
