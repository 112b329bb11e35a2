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


def test_import_of_jsonl_needs_a_format(labelled_idx, tmp_path):
    idx, _ = labelled_idx
    path = tmp_path / "back.jsonl"
    path.write_text(export(idx, "--to", "doccano"), encoding="utf-8")
    code, _, err = run(CliRunner(), idx, "import", str(path))
    assert code == 2 and "--format" in err
    assert run(CliRunner(), idx, "import", str(path), "--format", "doccano")[0] == 0


def test_balanced_by_induced_sense(labelled_idx):
    idx, _ = labelled_idx
    rows = list(csv.DictReader(io.StringIO(export(idx, "--to", "csv", "--balanced", "1"))))
    senses = json.loads(
        run(CliRunner(), idx, "senses", "bank", "--format", "jsonl")[1].splitlines()[0]
    )
    assert senses["sense"] == 1
    n_senses = len(run(CliRunner(), idx, "senses", "bank", "--format", "jsonl")[1].splitlines())
    assert len(rows) == n_senses  # one occurrence per induced sense
