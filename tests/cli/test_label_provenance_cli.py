"""The command line tells a predicted label from a hand one (issue 23): ``search``'s
JSONL and CSV carry ``label_predicted``; ``--count label`` and ``export --by label``
count and balance predicted labels apart, saying so on stderr."""

from __future__ import annotations

import csv
import io

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
