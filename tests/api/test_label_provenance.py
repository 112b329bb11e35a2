"""A hit's label says whether classify --apply predicted it (issue 23): ``label_predicted``
on every hit, and counts and balanced exports by label keep predicted labels apart from
input and hand labels, as ``LABEL (predicted)``, saying so in a note."""

from __future__ import annotations

import warnings

from sensegrep.errors import SensegrepNote

from ..helpers import DOCS


def labelled_then_classified(idx) -> dict[str, str]:
    """r1 'river' and m1 'money' by hand, the rest by classify --apply: each document's
    predicted label."""
    assert idx.label(idx.search("bank", docs=["r1"]).ids, "river") == 1
    assert idx.label(idx.search("bank", docs=["m1"]).ids, "money") == 1
    proposals = idx.classify("bank", apply=True).proposals
    by_id = {p.id: p.label for p in proposals}
    return {h.doc: by_id[h.id] for h in idx.search("bank") if h.id in by_id}


def test_each_hit_says_whether_its_label_is_predicted(built):
    predicted = labelled_then_classified(built)
    assert set(predicted) == {d["id"] for d in DOCS} - {"r1", "m1"}
    found = built.search("bank")
    assert {h.doc: h.label_predicted for h in found} == {
        d["id"]: d["id"] in predicted for d in DOCS
    }
    assert all(h.to_dict()["label_predicted"] is h.label_predicted for h in found)
    built.label(found.ids, None)
    assert not any(h.label_predicted for h in built.search("bank"))  # unlabelled: False


def test_a_count_by_label_keeps_predicted_labels_apart_and_says_so(built):
    predicted = labelled_then_classified(built)
    counts = built.count("bank", "label")
    expected: dict[str, int] = {"river": 1, "money": 1}
    for label in predicted.values():
        key = f"{label} (predicted)"
        expected[key] = expected.get(key, 0) + 1
    assert {row["value"]: row["count"] for row in counts} == expected
    assert any("predicted by classify --apply are counted apart" in n for n in counts.notes)
    hand_only = built.count("bank", "label", docs=["r1", "m1"])
    assert not any("predicted" in n for n in hand_only.notes)  # nothing to tell apart


def test_a_balanced_export_by_label_balances_predicted_labels_apart(built):
    predicted = labelled_then_classified(built)
    items = built.annotation_items("bank", "csv", balanced=1, by="label")
    # One per hand label (river, money) and one per predicted label: main drew one
    # per label, a prediction standing in for a hand label.
    assert len(items) == 2 + len(set(predicted.values()))
    assert any("balanced apart" in note for note in items.notes)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built.export("bank", "csv", balanced=1, by="label")
    assert any(issubclass(w.category, SensegrepNote) for w in caught)


def test_a_plot_by_label_draws_predicted_labels_apart(built):
    """`plot --by label` merged classify --apply's guesses into the hand labels' groups,
    its legend reading "closure (18)" for 5 checked and 13 predicted (issue 23, pass
    24h); it keeps them apart, as --count label and export --by label do."""
    from sensegrep.senses import word_senses
    from sensegrep.senses.plot import plot_data

    predicted = labelled_then_classified(built)
    data = plot_data(built.storage, word_senses(built.storage, "bank"), "label")
    expected: dict[str, int] = {"river": 1, "money": 1}
    for label in predicted.values():
        expected[f"{label} (predicted)"] = expected.get(f"{label} (predicted)", 0) + 1
    assert sorted(data.names) == sorted(f"{name} ({n})" for name, n in expected.items())
