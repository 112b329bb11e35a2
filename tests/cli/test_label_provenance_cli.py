"""The command line tells a predicted label from a hand one (issue 23): ``search``'s
JSONL and CSV carry ``label_predicted``; ``--count label`` and ``export --by label``
count and balance predicted labels apart, saying so on stderr."""

from __future__ import annotations

import csv
import io
import json

import pytest

import sensegrep

from ..api.test_label_provenance import labelled_then_classified
from ..helpers import hits, run


def test_search_output_says_which_labels_are_predicted(built, runner):
    predicted = labelled_then_classified(built)
    code, out, _ = run(runner, built.path, "search", "bank", "--format", "jsonl")
    assert code == 0
    assert {h["doc"]: h["label_predicted"] for h in hits(out)} == {
        doc: doc in predicted for doc in ("r1", "m1", "r2", "m2")
    }
    _code, out, _ = run(runner, built.path, "search", "bank", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["doc"]: r["label_predicted"] for r in rows} == {
        doc: str(doc in predicted) for doc in ("r1", "m1", "r2", "m2")
    }


def test_count_by_label_rows_predicted_labels_apart(built, runner):
    predicted = labelled_then_classified(built)
    code, out, err = run(runner, built.path, "search", "bank", "--count", "label",
                         "--format", "jsonl")  # fmt: skip
    assert code == 0
    counted = {r["value"]: r["count"] for r in hits(out)}
    assert counted.get("river") == 1 and counted.get("money") == 1
    assert sum(n for v, n in counted.items() if v.endswith(" (predicted)")) == len(predicted)
    assert "note: labels predicted by classify --apply are counted apart" in err


def test_export_balanced_by_label_balances_predicted_labels_apart(built, runner):
    predicted = labelled_then_classified(built)
    code, out, err = run(runner, built.path, "export", "bank", "--to", "csv",
                         "--balanced", "1", "--by", "label")  # fmt: skip
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 2 + len(set(predicted.values()))
    assert "note: labels predicted by classify --apply are balanced apart" in err


def test_search_output_read_back_keeps_its_predictions_predicted(built, runner, tmp_path):
    """search's CSV (and JSONL) read back by import or label --from: an unchanged line
    whose label_predicted is true stays classify's prediction (it was applied as the
    file's label, a prediction turned into a hand label without a word); a changed one
    is the annotator's correction and is applied."""
    predicted = labelled_then_classified(built)
    _code, out, _ = run(runner, built.path, "search", "bank", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    corrected = next(r for r in rows if r["label_predicted"] == "True")
    corrected["label"] = "shore"
    path = tmp_path / "hits.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    code, _, err = run(runner, built.path, "import", str(path))
    assert code == 0, err
    unchanged = len(predicted) - 1
    assert f"{unchanged} unchanged prediction(s) left as predicted" in err
    found = {h.doc: (h.label, h.label_predicted) for h in built.search("bank")}
    assert found[corrected["doc"]] == ("shore", False)
    assert sum(flag for _label, flag in found.values()) == unchanged

    _code, out, _ = run(runner, built.path, "search", "bank", "--format", "jsonl")
    lines = [h for h in hits(out) if h["label_predicted"]]
    jsonl = tmp_path / "predicted.jsonl"
    jsonl.write_text("".join(json.dumps(h) + "\n" for h in lines), encoding="utf-8")
    code, _, err = run(runner, built.path, "label", "--from", str(jsonl))
    assert code == 0, err
    assert f"labelled 0 occurrence(s) from {jsonl}" in err
    assert f"{unchanged} unchanged prediction(s) left as predicted" in err
    assert sum(h.label_predicted for h in built.search("bank")) == unchanged


def test_a_csv_export_says_which_labels_are_predicted(built, runner):
    predicted = labelled_then_classified(built)
    _code, out, _ = run(runner, built.path, "export", "bank", "--to", "csv")
    rows = {r["doc"]: r["label_predicted"] for r in csv.DictReader(io.StringIO(out))}
    assert rows == {doc: str(doc in predicted) for doc in ("r1", "m1", "r2", "m2")}


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conllu", "webanno", "csv"])
def test_an_export_read_back_unchanged_keeps_its_predictions(built, runner, tmp_path, fmt):
    """An exported prediction (a pre-annotation) read back as nobody changed it stays
    classify's: it was re-stamped as the file's label, so predictions became hand
    labels without a word (issue 23). WebAnno has no place to say so: there a label
    equal to the occurrence's stored prediction is that prediction (they became hand
    labels, voting in classify and trained on by tune)."""
    predicted = labelled_then_classified(built)
    _code, out, _ = run(runner, built.path, "export", "bank", "--to", fmt)
    path = tmp_path / f"back.{fmt}"
    path.write_text(out, encoding="utf-8")
    code, _, err = run(runner, built.path, "import", str(path))
    assert code == 0, err
    assert f"{len(predicted)} unchanged prediction(s) left as predicted" in err
    found = {h.doc: h.label_predicted for h in built.search("bank")}
    assert found == {doc: doc in predicted for doc in ("r1", "m1", "r2", "m2")}


def test_a_prodigy_answer_confirms_a_prediction(built, runner, tmp_path):
    """An item the annotator accepted is the annotator's label, the same as predicted
    or not."""
    predicted = labelled_then_classified(built)
    exported = run(runner, built.path, "export", "bank", "--to", "prodigy")[1]
    records = [json.loads(line) for line in exported.splitlines()]
    confirmed = next(r for r in records if r["meta"].get("label_predicted"))
    confirmed["answer"] = "accept"
    path = tmp_path / "answered.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = run(runner, built.path, "import", str(path))
    assert code == 0 and f"{len(predicted) - 1} unchanged prediction(s)" in err
    found = {h.id: h.label_predicted for h in built.search("bank")}
    assert found[confirmed["meta"]["id"]] is False


def test_unchanged_predictions_read_back_are_not_called_repeated_ids(built, runner, tmp_path):
    """An export read back with its predictions untouched listed each id once, yet the
    summary said "N repeat an earlier id (the later label won)" for the N predictions
    left alone (it took labelled − applied for the repeats). Only a line of an id an
    earlier line labelled is a repeat."""
    predicted = labelled_then_classified(built)
    _code, out, _ = run(runner, built.path, "export", "bank", "--to", "csv")
    path = tmp_path / "back.csv"
    path.write_text(out, encoding="utf-8")
    code, _, err = run(runner, built.path, "import", str(path))
    assert code == 0, err
    assert f"{len(predicted)} unchanged prediction(s) left as predicted" in err
    assert "repeat an earlier id" not in err
    lines = out.splitlines()
    path.write_text("\n".join([*lines, lines[-1]]) + "\n", encoding="utf-8")  # one id twice
    code, _, err = run(runner, built.path, "import", str(path))
    assert code == 0 and "; 1 repeat an earlier id (the later label won)" in err


@pytest.mark.parametrize("fmt", ["prodigy", "csv"])
def test_predictions_imported_into_another_index_stay_predicted(
    built, runner, tmp_path, corpus, fmt
):
    """An export read into an index built again from the same corpus (same ids, no
    labels) turned every prediction into a hand label without a word: the predictions
    then voted in classify and made --label's centroid as checked labels. A line marked
    label_predicted whose occurrence holds no label is stored as a prediction, and the
    summary says so; search output read by label --from likewise."""
    predicted = labelled_then_classified(built)
    _code, out, _ = run(runner, built.path, "export", "bank", "--to", fmt)
    path = tmp_path / f"back.{fmt}"
    path.write_text(out, encoding="utf-8")
    with sensegrep.build(tmp_path / "again", corpus, model="fake:16") as again:
        code, _, err = run(runner, again.path, "import", str(path))
        assert code == 0, err
        assert f"{len(predicted)} marked label_predicted stored as predicted" in err
        assert "left as predicted" not in err
        found = {h.doc: (h.label, h.label_predicted) for h in again.search("bank")}
        mine = {h.doc: (h.label, h.label_predicted) for h in built.search("bank")}
        assert found == mine
    _code, out, _ = run(runner, built.path, "search", "bank", "--format", "jsonl")
    hits_file = tmp_path / "hits.jsonl"
    hits_file.write_text(out, encoding="utf-8")
    with sensegrep.build(tmp_path / "third", corpus, model="fake:16") as third:
        code, _, err = run(runner, third.path, "label", "--from", str(hits_file))
        assert code == 0 and f"{len(predicted)} marked label_predicted stored" in err, err
        assert sum(h.label_predicted for h in third.search("bank")) == len(predicted)


@pytest.mark.parametrize(("command", "fmt"), [("import", "prodigy"), ("import", "csv"),
                                              ("label --from", "csv")])  # fmt: skip
def test_an_export_read_back_after_a_correction_keeps_the_correction(
    built, runner, tmp_path, command, fmt
):
    """Export, correct a prediction by hand (`label --as`), read the export back: the
    stale prediction replaced the correction, and as a hand label, without a word
    (issue 23). A line marked label_predicted never replaces a checked label; it is left
    alone and counted."""
    predicted = labelled_then_classified(built)
    _code, out, _ = run(runner, built.path, "export", "bank", "--to", fmt)
    path = tmp_path / f"back.{fmt}"
    path.write_text(out, encoding="utf-8")
    doc = sorted(predicted)[0]
    [corrected] = built.search("bank", docs=[doc]).ids
    other = "money" if predicted[doc] == "river" else "river"
    assert run(runner, built.path, "label", str(corrected), "--as", other)[0] == 0
    code, _, err = run(runner, built.path, *command.split(), str(path))
    assert code == 0, err
    assert "1 marked label_predicted left alone (the index holds a label given by hand" in err
    assert f"{len(predicted) - 1} unchanged prediction(s) left as predicted" in err
    found = {h.doc: (h.label, h.label_predicted) for h in built.search("bank")}
    assert found[doc] == (other, False)
    assert sum(1 for _label, is_predicted in found.values() if is_predicted) == len(predicted) - 1


def test_a_webanno_label_changed_or_added_is_the_annotators(built, runner, tmp_path):
    """WebAnno TSV says no label_predicted: a prediction the annotator changed in
    INCEpTION, and a label on an occurrence that had none, are theirs (hand labels);
    only a label equal to the stored prediction stays one."""
    predicted = labelled_then_classified(built)
    exported = run(runner, built.path, "export", "bank", "--to", "webanno")[1]
    changed = sorted(predicted)[0]
    [changed_id] = built.search("bank", docs=[changed]).ids
    other = "money" if predicted[changed] == "river" else "river"
    text = exported.replace(f"{predicted[changed]}\t{changed_id}\n", f"{other}\t{changed_id}\n")
    assert text != exported
    path = tmp_path / "back.tsv"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(runner, built.path, "import", str(path))
    assert code == 0, err
    assert f"{len(predicted) - 1} unchanged prediction(s) left as predicted" in err
    found = {h.doc: (h.label, h.label_predicted) for h in built.search("bank")}
    assert found[changed] == (other, False)
    assert sum(flag for _label, flag in found.values()) == len(predicted) - 1
