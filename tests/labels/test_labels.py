"""Sense labels: setting and listing them, label files, labels at indexing, and their
propagation (`classify` of a word and of a Raganato file, WordNet fallback and glosses).

CLI tests use the fake embedder (its vectors depend on a word and its two neighbours,
so two occurrences with the same neighbours have the same vector: the nearest labelled
neighbour is known by construction). The real encoder and real WordNet are tested at
the end (marked ``model`` / ``shared``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import sensegrep
from sensegrep.api.labelling import classify_file
from sensegrep.errors import SensegrepNote
from sensegrep.indexer.readers import read_documents
from sensegrep.labels.classify import vote
from sensegrep.wordnet import WordNet

from ..helpers import heavy_modules_after, raganato, run, write_jsonl

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL

# Same neighbours = same fake vector: r2's nearest labelled bank is r1, m2's is m1.
DOCS = [
    {"id": "r1", "text": "the river bank eroded", "labels": {"bank": "river"}},
    {"id": "m1", "text": "the savings bank failed",
     "labels": [{"start": 12, "end": 16, "label": "money"}]},
    {"id": "r2", "text": "a river bank eroded"},
    {"id": "m2", "text": "my savings bank failed"},
    {"id": "x1", "text": "the river bank failed"},
    {"id": "x2", "text": "my savings bank eroded"},
]  # fmt: skip


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def idx(tmp_path: Path, runner: CliRunner) -> Path:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", DOCS)
    folder = tmp_path / "idx"
    code, _, err = run(runner, folder, "index", str(corpus), "--model", "fake:16")
    assert code == 0, err
    return folder


def bank_ids(runner: CliRunner, idx: Path) -> dict[str, int]:
    """Occurrence id of 'bank' in each document."""
    code, out, err = run(runner, idx, "search", "bank", "--format", "jsonl")
    assert code == 0, err
    return {hit["doc"]: hit["id"] for hit in jsonl(out)}


def label_from(runner: CliRunner, idx: Path, path: Path, lines: list[str]) -> tuple[int, str]:
    """Write a label file of these lines and run `label --from` on it: (exit code, stderr)."""
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    code, _, err = run(runner, idx, "label", "--from", str(path))
    return code, err


def label_counts(runner: CliRunner, idx: Path, word: str = "bank") -> dict[str, int]:
    code, out, err = run(runner, idx, "labels", word, "--format", "jsonl")
    assert code == 0, err
    return {r["label"]: r["count"] for r in jsonl(out)}


# -- labels at indexing (JSONL) ---------------------------------------------------------


def test_jsonl_labels_by_word_and_by_span_reach_the_tokens(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a", "text": "Banks and the bank.", "labels": {"bank": "river"}},
            {"id": "b", "text": "The bank by the bank.", "labels": [
                {"start": 4, "end": 8, "label": "money  extra"}]},
        ],
    )  # fmt: skip
    docs = list(read_documents(path, "jsonl"))
    labelled = [[(t.form, t.label) for s in d.sentences for t in s.tokens if t.label] for d in docs]
    # by word: lemma or form, case-insensitive; by span: only the token inside it.
    assert labelled == [[("Banks", "river"), ("bank", "river")], [("bank", "money extra")]]
    assert all("labels" not in d.metadata for d in docs)


def test_jsonl_labels_by_word_go_on_its_lemma_not_another_lemma_of_that_form(
    tmp_path: Path,
) -> None:
    """{"saw": "tool"} on "I saw the old saw" labelled the verb (lemma see, form saw)
    too, with no word; the word's lemma is what it names, its form only when no token
    has it as lemma ("banks", "Saws")."""
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a", "text": "I saw the old saw.", "labels": {"saw": "tool"}},
            {"id": "b", "text": "Old saws rust.", "labels": {"saws": "tool"}},
        ],
    )
    docs = list(read_documents(path, "jsonl"))
    labelled = [
        [(t.form, t.lemma, t.label) for s in d.sentences for t in s.tokens if t.label] for d in docs
    ]
    assert labelled == [[("saw", "saw", "tool")], [("saws", "saw", "tool")]]


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({"nowhere": "x"}, '"nowhere", which is no word'),
        ({"bank": ""}, "non-empty string"),
        ([{"start": 0, "end": 99, "label": "x"}], "0 <= start < end"),
        ([{"start": 3, "end": 4, "label": "x"}], "hold no word"),
        ("river", "an object or an array"),
    ],
)
def test_bad_jsonl_labels_skip_only_that_record(tmp_path: Path, labels, message) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "ok", "text": "a bank"}, {"id": "bad", "text": "the bank", "labels": labels}],
    )
    items = list(read_documents(path, "jsonl"))
    assert getattr(items[0], "id", None) == "ok"
    error = items[1]
    assert f"{path}:2" in str(error) and message in str(error) and not error.fatal


def test_index_reports_bad_labels_and_keeps_the_rest(tmp_path: Path, runner: CliRunner) -> None:
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [*DOCS, {"id": "z", "text": "no such word", "labels": {"bank": "x"}}]
    )
    code, _, err = run(runner, tmp_path / "idx", "index", str(corpus), "--model", "fake:16")
    assert code == 1 and f"{corpus}:7" in err and "Traceback" not in err
    assert label_counts(runner, tmp_path / "idx") == {"money": 1, "river": 1}


# -- label / labels ------------------------------------------------------------------------


def test_label_set_list_and_remove(runner: CliRunner, idx: Path) -> None:
    ids = bank_ids(runner, idx)
    code, _, err = run(runner, idx, "label", str(ids["r2"]), str(ids["x1"]), "--as", "river")
    assert code == 0 and "labelled 2" in err
    code, out, err = run(runner, idx, "labels", "bank")
    assert code == 0
    assert out.split("\n")[0].split() == ["3", "river"] and "money" in out
    assert "2 unlabelled" in err
    code, out, _ = run(runner, idx, "search", "bank", "--doc", "r2", "--format", "jsonl")
    assert jsonl(out)[0]["label"] == "river"  # search sees it too
    code, _, err = run(runner, idx, "label", str(ids["r2"]), "--remove")
    assert code == 0 and "removed" in err
    assert label_counts(runner, idx) == {"river": 2, "money": 1}


def test_the_labels_dict_says_when_an_occurrence_with_two_labels_counts_twice(
    runner: CliRunner, idx: Path
) -> None:
    """idx.labels("bank") gave {'river': 2, 'money': 2} of 3 labelled occurrences with
    nothing said, where `sensegrep labels bank` notes it (pass 38b, polish)."""
    ids = bank_ids(runner, idx)
    with sensegrep.open(idx) as opened:
        assert opened.labels("bank").notes == []
        with pytest.warns(SensegrepNote):
            opened.label([ids["x1"]], "river money")
        found = opened.labels("bank")
        assert found == {"river": 2, "money": 2}
        note = (
            "an occurrence with several labels is counted under each of them, so the "
            "counts add up to 4, more than the 3 occurrence(s) labelled"
        )
        assert found.notes == [note] and repr(found).endswith(f"; note: {note}")


def test_the_labels_of_an_inflected_word_name_the_lemma_counted(
    runner: CliRunner, idx: Path
) -> None:
    """`labels banks` counted the 6 occurrences of bank (no token is "banks") and said
    "6 occurrence(s) of 'banks'", as the annotate page said "Annotate banks" over them
    (pass 38b): they name the lemma, as senses does."""
    from sensegrep.api.labelling import label_counts

    code, _, err = run(runner, idx, "labels", "banks")
    assert code == 0 and "6 occurrence(s) of 'bank': 2 labelled" in err, err
    with sensegrep.open(idx) as opened:
        assert label_counts(opened, "Banks").word == "bank"
        queue = opened.annotation_queue("banks")
        assert (queue["word"], queue["occurrences"]) == ("bank", 6)


def test_several_labels_are_counted_each(runner: CliRunner, idx: Path) -> None:
    ids = bank_ids(runner, idx)
    run(runner, idx, "label", str(ids["x1"]), "--as", "river   money")
    assert label_counts(runner, idx) == {"river": 2, "money": 2}
    # The summary counts occurrences and labels apart: 3 labelled (x1 with both labels)
    # + 3 unlabelled are the word's 6 occurrences, whatever the number of labels on each.
    code, _, err = run(runner, idx, "labels", "bank")
    assert code == 0
    assert "6 occurrence(s) of 'bank': 3 labelled (2 distinct label(s)), 3 unlabelled" in err
    # The counts (river 2, money 2) add up to 4 of 3 labelled occurrences: said, as
    # `search --count label` says it.
    assert "the counts add up to 4, more than the 3 occurrence(s) labelled" in err
    run(runner, idx, "label", str(ids["x1"]), "--as", "river")
    assert "add up to" not in run(runner, idx, "labels", "bank")[2]


def test_label_from_names_the_words_it_labelled(
    runner: CliRunner, idx: Path, tmp_path: Path
) -> None:
    """A file of bare ids says no word: a mistyped id labelled "river" as a sense of bank
    while the summary said only "labelled 2 occurrence(s)", where `label --as` names them."""
    ids = bank_ids(runner, idx)
    code, out, err = run(runner, idx, "search", "river", "--doc", "r2", "--format", "jsonl")
    assert code == 0, err
    river = jsonl(out)[0]["id"]
    code, err = label_from(
        runner, idx, tmp_path / "l.csv", ["id,label", f"{ids['r2']},x", f"{river},x"]
    )
    assert code == 0, err
    assert "labelled 2 occurrence(s) of " in err and "'bank' (1)" in err and "'river' (1)" in err, (
        err
    )


def test_the_summary_counts_predictions_apart_as_the_web_app_does(
    runner: CliRunner, idx: Path
) -> None:
    """After classify --apply the summary said "6 labelled, 0 unlabelled" where the
    annotate page (GET /api/labels/bank's `labelled`) says 2 of 6 are labelled."""
    assert run(runner, idx, "classify", "bank", "--apply")[0] == 0
    code, _, err = run(runner, idx, "labels", "bank")
    assert code == 0
    assert (
        "6 occurrence(s) of 'bank': 2 labelled (2 distinct label(s)), 4 with a label "
        "predicted by classify --apply, 0 unlabelled"
    ) in err, err
    with sensegrep.open(idx) as opened:
        from sensegrep.api.labelling import label_counts

        assert label_counts(opened, "bank").labelled == 2


def test_the_summary_counts_distinct_labels_of_the_labelled_not_of_predictions(
    runner: CliRunner, idx: Path
) -> None:
    """With money's one labelled occurrence cleared after classify --apply, the summary
    said "1 labelled (2 distinct label(s))": money was only a prediction, and classify
    then refused the word for having one label."""
    ids = bank_ids(runner, idx)
    assert run(runner, idx, "classify", "bank", "--apply")[0] == 0
    assert run(runner, idx, "label", str(ids["m1"]), "--remove")[0] == 0
    code, _, err = run(runner, idx, "labels", "bank")
    assert code == 0
    assert (
        "6 occurrence(s) of 'bank': 1 labelled (1 distinct label(s); 2 with the "
        "predictions), 4 with a label predicted by classify --apply, 1 unlabelled"
    ) in err, err
    with sensegrep.open(idx) as opened:
        from sensegrep.api.labelling import label_counts

        assert label_counts(opened, "bank").labelled_distinct == 1


def test_the_several_labels_note_counts_predictions_as_the_summary_does(
    runner: CliRunner, idx: Path
) -> None:
    """After classify --apply, a word with a "river money" occurrence said "2 labelled
    …" and then "the counts add up to 7, more than the 6 occurrence(s) labelled": 6
    there was the labelled and the predicted together (pass 33d)."""
    ids = bank_ids(runner, idx)
    run(runner, idx, "label", str(ids["x1"]), "--as", "river money")
    assert run(runner, idx, "classify", "bank", "--apply")[0] == 0
    code, _, err = run(runner, idx, "labels", "bank")
    assert code == 0 and "3 labelled" in err and "3 with a label predicted" in err, err
    assert "more than the 6 occurrence(s) labelled" not in err, err
    assert "more than the 6 occurrence(s) that hold a label (3 of them predicted)" in err, err


def test_the_summary_says_the_tokens_without_a_vector_that_search_counts(
    tmp_path: Path, runner: CliRunner
) -> None:
    """`labels have` counted the occurrences with a sense vector (36 unlabelled) where
    `search have --count label` counted every token, the auxiliaries too (38 in its
    (unlabelled) row), and nothing said why the figures differ."""
    rows = [
        ("They", "they", "PRON"),
        ("have", "have", "VERB"),
        ("dogs", "dog", "NOUN"),
        ("she", "she", "PRON"),
        ("has", "have", "AUX"),
        ("slept", "sleep", "VERB"),
    ]
    lines = ["# newdoc id = a", "# text = They have dogs she has slept"]
    lines += [f"{n}\t{f}\t{lemma}\t{pos}\t_\t_\t_\t_\t_\t_"
              for n, (f, lemma, pos) in enumerate(rows, start=1)]  # fmt: skip
    corpus = tmp_path / "c.conllu"
    corpus.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    folder = tmp_path / "have"
    code, _, err = run(runner, folder, "index", str(corpus), "--model", "fake:16")
    assert code == 0, err
    code, out, err = run(runner, folder, "search", "have", "--format", "jsonl")
    assert code == 0, err
    assert sorted(h["pos"] for h in jsonl(out)) == ["AUX", "VERB"]  # AUX: no vector
    code, _, err = run(runner, folder, "labels", "have")
    assert code == 0, err
    assert (
        "1 occurrence(s) of 'have': 0 labelled (0 distinct label(s)), 1 unlabelled; 1 more "
        "token(s) of it have no sense vector and take no label (search counts 2)"
    ) in err, err
    with sensegrep.open(folder) as opened:
        from sensegrep.api.labelling import label_counts

        assert label_counts(opened, "have").without_vector == 1
    # export wrote 1 line beside search's 2, unexplained: it says the one left out.
    code, out, err = run(runner, folder, "export", "have", "--to", "csv")
    assert code == 0 and len(out.strip().splitlines()) == 2, err  # header and one line
    assert (
        "note: 1 token(s) of 'have' that search counts have no sense vector (an auxiliary, "
        "a function word): left out, as they take no label"
    ) in err, err


def test_a_space_in_label_as_is_confirmed_as_the_labels_it_set(runner: CliRunner, idx: Path):
    """Issue 23: `--as "river side"` stored river and side but said "as river side"."""
    ids = bank_ids(runner, idx)
    code, _, err = run(runner, idx, "label", str(ids["x1"]), "--as", "river  side")
    assert code == 0 and "labelled 1 occurrence(s) of 'bank' with 2 labels: river, side" in err
    assert "a space separates labels" in err and "river_side" in err
    assert label_counts(runner, idx) == {"river": 2, "side": 1, "money": 1}
    code, _, err = run(runner, idx, "label", str(ids["x1"]), "--as", "river_side")
    assert code == 0 and err.startswith("labelled 1 occurrence(s) of 'bank' as river_side\n")


def test_label_says_which_words_it_labelled_and_what_remove_removed(
    runner: CliRunner, idx: Path
) -> None:
    """A mistyped id labels another word: "labelled 1 occurrence(s) as fish" did not say
    it was a "the"; and --remove of occurrences without a label said "removed the labels
    of 2 occurrence(s)" (issue 23, pass 24h)."""
    ids = bank_ids(runner, idx)
    other = jsonl(run(runner, idx, "search", "river", "--format", "jsonl")[1])[0]["id"]
    code, _, err = run(runner, idx, "label", str(ids["x1"]), str(other), "--as", "shore")
    assert (
        code == 0 and err.strip() == "labelled 2 occurrence(s) of 'bank' (1), 'river' (1) as shore"
    )
    code, _, err = run(runner, idx, "label", str(other), "--remove")
    assert code == 0 and err.splitlines()[0] == "removed the labels of 1 occurrence(s) of 'river'"
    code, _, err = run(runner, idx, "label", str(other), "--remove")
    assert (
        code == 0 and err.strip() == "no label to remove: the 1 occurrence(s) of 'river' had none"
    )
    code, _, err = run(runner, idx, "label", str(ids["x1"]), str(other), "--remove")
    assert err.splitlines()[0] == (
        "removed the labels of 1 occurrence(s) of 'bank'; 1 other(s) had none"
    )


def test_an_id_given_twice_is_one_occurrence_in_what_label_says(
    runner: CliRunner, idx: Path
) -> None:
    """An id given twice was read twice for the confirmation though labelled once:
    `label X X R --as shore` said "labelled 2 occurrence(s) of 'bank' (2), 'river' (1)",
    and `label X X --remove` of an unlabelled one "removed the labels of -1
    occurrence(s) of ; 2 other(s) had none" (pass 39g, misleads). Each is one occurrence."""
    ids = bank_ids(runner, idx)
    x1 = str(ids["x1"])
    other = str(jsonl(run(runner, idx, "search", "river", "--format", "jsonl")[1])[0]["id"])
    code, _, err = run(runner, idx, "label", x1, x1, other, "--as", "shore")
    assert (
        code == 0 and err.strip() == "labelled 2 occurrence(s) of 'bank' (1), 'river' (1) as shore"
    )
    code, _, err = run(runner, idx, "label", other, other, "--remove")
    assert code == 0 and err.splitlines()[0] == "removed the labels of 1 occurrence(s) of 'river'"
    code, _, err = run(runner, idx, "label", other, other, "--remove")
    assert err.strip() == "no label to remove: the 1 occurrence(s) of 'river' had none"


def test_label_remove_names_the_labels_it_removed(runner: CliRunner, idx: Path) -> None:
    """`label 59 60 --remove` said "removed the labels of 2 occurrence(s) of 'bank'": a
    mistyped id (or one another annotator has labelled since) lost a label given by hand
    unsaid, with no undo, where `label --as` names a label it replaces. It names them
    now, and how to put one back; a prediction of classify's removed is not named."""
    ids = bank_ids(runner, idx)
    code, _, err = run(runner, idx, "label", str(ids["r1"]), str(ids["x1"]), "--remove")
    assert code == 0 and err.splitlines() == [
        "removed the labels of 1 occurrence(s) of 'bank'; 1 other(s) had none",
        f"note: the label removed: {ids['r1']} river (`label {ids['r1']} --as river` puts it back)",
    ]
    assert run(runner, idx, "label", str(ids["r1"]), "--as", "river")[0] == 0
    assert run(runner, idx, "classify", "bank", "--apply")[0] == 0
    predicted = jsonl(run(runner, idx, "search", "bank", "--format", "jsonl")[1])
    guessed = next(h for h in predicted if h["label_predicted"])
    code, _, err = run(runner, idx, "label", str(guessed["id"]), "--remove")
    assert code == 0 and err.strip() == "removed the labels of 1 occurrence(s) of 'bank'"


def test_label_as_names_the_labels_it_replaced(runner: CliRunner, idx: Path) -> None:
    """`label 59 --as money` over an occurrence labelled river (a mistyped id in a long
    session) said "labelled 1 occurrence(s) of 'bank' as money": the earlier label was
    lost unsaid, with no undo, where `label --from`, `import` and the annotate page
    name a label they replace. The confirmation names it, and how to put it back."""
    ids = bank_ids(runner, idx)
    code, _, err = run(runner, idx, "label", str(ids["r1"]), str(ids["x1"]), "--as", "money")
    assert code == 0 and err.splitlines() == [
        "labelled 2 occurrence(s) of 'bank' as money",
        f"note: 1 of them held another label, now replaced: {ids['r1']} river → money "
        f"(`label {ids['r1']} --as river` puts it back)",
    ]
    code, _, err = run(runner, idx, "label", str(ids["x1"]), "--as", "money")  # the same label
    assert code == 0 and err.splitlines() == [  # (said unchanged: pass 40d)
        "labelled 1 occurrence(s) of 'bank' as money",
        f"note: occurrence {ids['x1']} held money already, given by hand: unchanged",
    ]
    # Correcting classify's predictions is what it is for: not named.
    assert run(runner, idx, "label", str(ids["r1"]), "--as", "river")[0] == 0
    assert run(runner, idx, "classify", "bank", "--apply")[0] == 0
    predicted = jsonl(run(runner, idx, "search", "bank", "--format", "jsonl")[1])
    guessed = next(h for h in predicted if h["label_predicted"])
    other = "money" if guessed["label"] == "river" else "river"
    code, _, err = run(runner, idx, "label", str(guessed["id"]), "--as", other)
    assert code == 0 and err.strip() == f"labelled 1 occurrence(s) of 'bank' as {other}"


def _another_annotator_after_the_read(monkeypatch, idx: Path, occurrence: int, label: str):
    """Make the command's first read of its occurrences (SenseIndex.contexts) be followed
    by another annotator's label on ``occurrence``, written through another handle, as
    another process does between the command's read and its write."""
    from sensegrep.api import SenseIndex

    reading, writes = SenseIndex.contexts, [occurrence]

    def meanwhile(self, *args, **kwargs):
        found = reading(self, *args, **kwargs)
        if writes:
            with sensegrep.open(idx) as other:
                other.label([writes.pop()], label)
        return found

    monkeypatch.setattr(SenseIndex, "contexts", meanwhile)
    return writes


def _another_annotator_before_the_write(monkeypatch, idx: Path, occurrence: int, label: str):
    """Make the command's write of its labels (labelling.set_labels) be preceded by
    another annotator's label on ``occurrence``, written through another handle, once:
    after the command's read (`label --from` reads in the same call)."""
    from sensegrep.labels import labelling

    writing, writes = labelling.set_labels, [occurrence]

    def meanwhile(*args, **kwargs):
        if writes:  # after the command's read, before its write
            with sensegrep.open(idx) as other:
                other.label([writes.pop()], label)
        return writing(*args, **kwargs)

    monkeypatch.setattr(labelling, "set_labels", meanwhile)
    return writes


def test_label_as_names_a_label_another_annotator_set_since_it_read(
    runner: CliRunner, idx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two annotators labelling one occurrence at once (pass 39i): `label --as` read
    what the occurrence held, then wrote; a label another process wrote in between was
    replaced unnamed (four `label 235 --as` at once on PostgreSQL: two said they
    replaced nothing, and the others named the first label, not the ones they replaced).
    The write is made only over what was read, else read again: the note names it."""
    x1 = bank_ids(runner, idx)["x1"]
    writes = _another_annotator_after_the_read(monkeypatch, idx, x1, "river")
    code, _, err = run(runner, idx, "label", str(x1), "--as", "money")
    assert not writes and code == 0, err
    assert err.splitlines() == [
        "labelled 1 occurrence(s) of 'bank' as money",
        f"note: 1 of them held another label, now replaced: {x1} river → money "
        f"(`label {x1} --as river` puts it back)",
    ]
    monkeypatch.undo()
    assert label_counts(runner, idx)["money"] == 2  # m1's and x1's


def test_label_remove_names_a_label_another_annotator_set_since_it_read(
    runner: CliRunner, idx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`label --remove` of an occurrence it read unlabelled, labelled by another
    annotator before its write, said "no label to remove" and removed that label."""
    x1 = bank_ids(runner, idx)["x1"]
    writes = _another_annotator_after_the_read(monkeypatch, idx, x1, "river")
    code, _, err = run(runner, idx, "label", str(x1), "--remove")
    assert not writes and code == 0, err
    assert err.splitlines() == [
        "removed the labels of 1 occurrence(s) of 'bank'",
        f"note: the label removed: {x1} river (`label {x1} --as river` puts it back)",
    ]


def test_label_from_names_a_label_another_annotator_set_since_it_read(
    runner: CliRunner, idx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`label --from` read the occurrences' labels, then wrote: one another annotator set
    in between was replaced unnamed, as with `label --as` (pass 39i)."""
    x1 = bank_ids(runner, idx)["x1"]
    writes = _another_annotator_before_the_write(monkeypatch, idx, x1, "river")
    code, err = label_from(runner, idx, tmp_path / "l.csv", ["id,label", f"{x1},money"])
    assert not writes and code == 0, err
    assert f"replaced one given by hand or with the input: {x1} river → money" in err


def test_label_expect_takes_each_occurrence_s_label(idx: Path, runner: CliRunner) -> None:
    """``expect`` as a dict of each id's label (an id left out: none): written only when
    each holds it, else LabelChangedError with what each holds now."""
    from sensegrep.errors import LabelChangedError

    ids = bank_ids(runner, idx)
    with sensegrep.open(idx) as index:
        with pytest.raises(LabelChangedError) as refused:
            index.label([ids["r1"], ids["x1"]], "money", expect={ids["x1"]: None})
        assert refused.value.current == {ids["r1"]: "river"}
        assert index.label([ids["r1"], ids["x1"]], "money", expect={ids["r1"]: "river"}) == 2
    assert label_counts(runner, idx)["money"] == 3


def test_label_as_names_a_prediction_another_annotator_gave_by_hand_since_it_read(
    runner: CliRunner, idx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`label --as` read a prediction; another annotator gave its very text by hand
    before the write: the write compared only the text, and that hand label was
    replaced unnamed, as a prediction is (pass 39n). Read again, the note names it."""
    x1 = bank_ids(runner, idx)["x1"]
    with sensegrep.open(idx) as index:
        index.label([x1], "river", predicted=True)
    writes = _another_annotator_after_the_read(monkeypatch, idx, x1, "river")
    code, _, err = run(runner, idx, "label", str(x1), "--as", "money")
    assert not writes and code == 0, err
    assert err.splitlines() == [
        "labelled 1 occurrence(s) of 'bank' as money",
        f"note: 1 of them held another label, now replaced: {x1} river → money "
        f"(`label {x1} --as river` puts it back)",
    ]


def test_label_from_names_a_prediction_another_annotator_gave_by_hand_since_it_read(
    runner: CliRunner, idx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`label --from` over a prediction given by hand (same text) between its read and
    its write replaced that hand label unnamed (pass 39n)."""
    x1 = bank_ids(runner, idx)["x1"]
    with sensegrep.open(idx) as index:
        index.label([x1], "river", predicted=True)
    writes = _another_annotator_before_the_write(monkeypatch, idx, x1, "river")
    code, err = label_from(runner, idx, tmp_path / "l.csv", ["id,label", f"{x1},money"])
    assert not writes and code == 0, err
    assert f"replaced one given by hand or with the input: {x1} river → money" in err


def test_label_as_says_it_tried_again_when_others_kept_labelling(
    runner: CliRunner, idx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another annotator labelling the occurrence between each of its 5 reads and writes:
    the error said only "not “other4” as expected", the command's own read taken for the
    user's expectation, and nothing about trying again (pass 39n)."""
    from sensegrep.api import SenseIndex

    x1 = bank_ids(runner, idx)["x1"]
    reading, written = SenseIndex.contexts, []

    def meanwhile(self, *args, **kwargs):
        found = reading(self, *args, **kwargs)
        with sensegrep.open(idx) as other:
            written.append(f"other{len(written)}")
            other.label([x1], written[-1], notes=False)
        return found

    monkeypatch.setattr(SenseIndex, "contexts", meanwhile)
    code, _, err = run(runner, idx, "label", str(x1), "--as", "money")
    assert code == 1 and len(written) == 5
    assert err.splitlines() == [
        f"Error: occurrence {x1} holds “other4” now, not “other3” as expected (another "
        "annotator labelled it since): nothing was changed; read again and tried 5 times, "
        "changed by someone else each time: run it again"
    ]


def test_label_expect_predicted_takes_each_occurrence_s_flag(idx: Path, runner: CliRunner) -> None:
    """With ``expect`` a dict, ``expect_predicted`` a dict of each id's flag (an id left
    out: a hand label): a prediction given by hand since, same text, changes nothing."""
    from sensegrep.errors import LabelChangedError, QueryError

    ids = bank_ids(runner, idx)
    r1, x1 = ids["r1"], ids["x1"]  # r1 holds river by hand
    with sensegrep.open(idx) as index:
        index.label([x1], "river", predicted=True)
        seen = {r1: "river", x1: "river"}
        index.label([x1], "river")  # another annotator's, by hand
        with pytest.raises(LabelChangedError) as refused:
            index.label([r1, x1], "money", expect=seen, expect_predicted={x1: True})
        assert refused.value.current == {x1: "river"}
        with pytest.raises(QueryError, match="expect_predicted as a dict needs expect"):
            index.label([x1], "money", expect="river", expect_predicted={x1: False})
        assert index.label([r1, x1], "money", expect=seen, expect_predicted={}) == 2
    assert label_counts(runner, idx)["money"] == 3


def test_a_space_in_a_label_file_or_import_is_named_in_the_summary(
    tmp_path: Path, runner: CliRunner, idx: Path
) -> None:
    """Issue 23: a CSV label "river side" set two labels and the summary named none."""
    ids = bank_ids(runner, idx)
    lines = ["id,label", f"{ids['x1']},river side", f"{ids['x2']},money"]
    code, err = label_from(runner, idx, tmp_path / "labels.csv", lines)
    assert code == 0 and "labels set: money (1), river (1), side (1)" in err
    assert "note: a space separates labels: 'river side' set 2 labels" in err
    assert label_counts(runner, idx) == {"money": 2, "river": 2, "side": 1}
    path = tmp_path / "back.csv"
    path.write_text(f"id,label\n{ids['r2']},shore bank\n", encoding="utf-8")
    code, _, err = run(runner, idx, "import", str(path))
    assert code == 0 and "labels set: bank (1), shore (1)" in err
    assert "'shore bank' set 2 labels, shore, bank" in err and "shore_bank" in err


def test_unknown_ids_are_listed_and_nothing_changes(runner: CliRunner, idx: Path) -> None:
    ids = bank_ids(runner, idx)
    code, _, err = run(runner, idx, "label", str(ids["r2"]), "9998", "9999", "--as", "x")
    assert code == 1 and "9998, 9999" in err and "Traceback" not in err
    assert "x" not in label_counts(runner, idx)
    code, _, err = run(runner, idx, "label", "9999", "--remove")
    assert code == 1 and "9999" in err


def test_label_needs_one_mode(runner: CliRunner, idx: Path) -> None:
    assert run(runner, idx, "label", "1")[0] == 2
    assert run(runner, idx, "label", "1", "--as", "x", "--remove")[0] == 2
    assert run(runner, idx, "label", "--as", "x")[0] == 2
    code, _, err = run(runner, idx, "label", "1", "--as", "  ")
    assert code == 1 and "empty" in err


def test_label_from_csv_reports_bad_lines_and_applies_the_rest(
    tmp_path: Path, runner: CliRunner, idx: Path
) -> None:
    ids = bank_ids(runner, idx)
    path = tmp_path / "labels.csv"
    lines = [
        "id,label",
        f"{ids['r2']},river",
        "abc,money",
        f"{ids['m2']},money",
        "9999,river",
        f"{ids['x1']},",
        f'"{ids["x2"]}","money"',
    ]
    code, err = label_from(runner, idx, path, lines)
    assert code == 1 and "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert [e.split(":")[2] for e in errors] == ["3", "5", "6"]  # in line order
    assert all(str(path) in e for e in errors) and "9999" in errors[1]
    assert "labelled 3 occurrence(s)" in err
    assert label_counts(runner, idx) == {"river": 2, "money": 3}


def test_label_from_a_csv_row_with_cells_past_its_header_is_a_bad_line(
    tmp_path: Path, runner: CliRunner, idx: Path
) -> None:
    """Pass 33f: a label typed with an unquoted comma ("river, shore") made a cell past
    the header, whose text was dropped unsaid and river set alone; a row whose cells
    past the label moved so (label_predicted holding " shore") likewise. Each is a bad
    line; empty cells past a header that ends with the label ("12,river,") still read."""
    ids = bank_ids(runner, idx)
    lines = [
        "id,label",
        f"{ids['r2']},river, shore",
        f"{ids['m2']},money,,",
    ]
    code, err = label_from(runner, idx, tmp_path / "labels.csv", lines)
    assert code == 1 and "labels.csv:2: a row of 3 cells where the header has 2" in err, err
    assert label_counts(runner, idx) == {"river": 1, "money": 2}
    lines = ["id,label,label_predicted", f"{ids['x1']},river, shore,"]
    code, err = label_from(runner, idx, tmp_path / "more.csv", lines)
    assert code == 1 and "more.csv:2: a row of 4 cells where the header has 3" in err, err
    assert label_counts(runner, idx) == {"river": 1, "money": 2}


def test_label_from_a_csv_cut_at_semicolons(tmp_path: Path, runner: CliRunner, idx: Path) -> None:
    """Pass 27a: Excel's CSV where the decimal mark is a comma has semicolons; `label
    --from` refused it ("expected a CSV header naming the columns id,label, got
    'id;label'"), as import did."""
    ids = bank_ids(runner, idx)
    lines = ["id;label", f"{ids['r2']};river", f"{ids['m2']};money"]
    code, err = label_from(runner, idx, tmp_path / "labels.csv", lines)
    assert code == 0, err
    assert label_counts(runner, idx) == {"river": 2, "money": 2}


def test_label_from_jsonl(tmp_path: Path, runner: CliRunner, idx: Path) -> None:
    ids = bank_ids(runner, idx)
    path = tmp_path / "labels.jsonl"
    lines = [
        f'{{"id": {ids["r2"]}, "label": "river"}}',
        "not json",
        "",
        f'{{"id": "{ids["m2"]}", "label": "money"}}',
        f'{{"id": {ids["x1"]}}}',
    ]
    code, err = label_from(runner, idx, path, lines)
    assert code == 1 and f"{path}:2" in err and f"{path}:5" in err
    # Said in the file's words: it read "expected a non-empty label, got None" (pass 24h).
    assert f"{path}:5: no label: each line of a file of labels to set needs one" in err
    assert "None" not in err
    assert label_counts(runner, idx) == {"river": 2, "money": 2}


def test_label_from_says_how_many_lines_it_read_and_names_unknown_ids(
    tmp_path: Path, runner: CliRunner, idx: Path
) -> None:
    """Issue 23: the summary counts the lines read and the bad ones by kind, and an
    unknown id is FILE:LINE like every other bad line."""
    ids = bank_ids(runner, idx)
    path = tmp_path / "labels.csv"
    lines = ["id,label", f"{ids['r2']},river", "abc,money", "", "9999,river", f"{ids['x1']},"]
    code, err = label_from(runner, idx, path, lines)
    assert code == 1
    assert f"error: {path}:5: unknown occurrence id 9999: " in err
    assert (
        f"labelled 1 occurrence(s) of 'bank' from {path}: 4 line(s) read, 3 bad (2 malformed, "
        "1 unknown occurrence id(s); listed above)"
    ) in err
    code, err = label_from(runner, idx, path, ["id,label"])  # nothing to set is no success
    assert code == 1 and len(err.strip().splitlines()) == 1 and "no line of labels" in err


def test_label_from_says_when_a_later_line_gave_an_id_again(
    tmp_path: Path, runner: CliRunner, idx: Path
) -> None:
    """A file that labels an occurrence twice ("r2,money" then "r2,river": two
    annotators' rows pasted together) keeps the later label, and the summary says how
    many lines repeated an earlier id, as import's does (it said nothing of the first)."""
    ids = bank_ids(runner, idx)
    path = tmp_path / "labels.csv"
    lines = ["id,label", f"{ids['r2']},money", f"{ids['m2']},money", f"{ids['r2']},river"]
    code, err = label_from(runner, idx, path, lines)
    assert code == 0, err
    assert (
        f"labelled 2 occurrence(s) of 'bank' from {path}: 3 line(s) read; "
        "1 repeat an earlier id (the later label won)"
    ) in err
    assert label_counts(runner, idx) == {"river": 2, "money": 2}
    done = sensegrep.api.labelling.label_from_file(sensegrep.open(idx), path)
    assert (done.labelled, done.rows, done.repeated) == (2, 3, 1)
    # Pass 31f: which ids a later line gave another label, and what it overruled.
    assert (
        f"note: 1 repeat(s) gave an id another label than an earlier line, and the later "
        f"won: {ids['r2']} money (line 2) → river (line 4)"
    ) in err
    assert done.overruled == ((ids["r2"], "money", 2, "river", 4),)


def test_label_file_without_header_is_refused(tmp_path: Path, runner: CliRunner, idx: Path):
    path = tmp_path / "labels.csv"
    code, err = label_from(runner, idx, path, ["1,river"])
    assert code == 1 and f"{path}:1" in err and "id,label" in err


# -- classify WORD -------------------------------------------------------------------------


def test_classify_word_follows_the_nearest_labelled_neighbour(runner: CliRunner, idx: Path):
    ids = bank_ids(runner, idx)
    code, out, err = run(runner, idx, "classify", "bank", "-k", "1", "--format", "jsonl")
    assert code == 0, err
    proposals = {p["id"]: p for p in jsonl(out)}
    assert set(proposals) == {ids["r2"], ids["m2"], ids["x1"], ids["x2"]}  # unlabelled only
    assert proposals[ids["r2"]]["label"] == "river"
    assert proposals[ids["r2"]]["neighbours"] == [ids["r1"]]
    assert proposals[ids["m2"]]["label"] == "money"
    assert proposals[ids["r2"]]["confidence"] == 1.0
    assert proposals[ids["r2"]]["sentence"] == "a river [[bank]] eroded"
    # With the default k and weighting the identical contexts still win.
    code, out, _ = run(runner, idx, "classify", "bank", "--format", "jsonl")
    default = {p["id"]: p["label"] for p in jsonl(out)}
    assert default[ids["r2"]] == "river" and default[ids["m2"]] == "money"


def test_classify_with_no_neighbours_is_refused_from_python(runner: CliRunner, idx: Path):
    """``classify(word, k=0)`` voted with the default 10 neighbours, silently (0 was
    read as "not given"); the command line refuses -k 0 (issue 23, new-user pass)."""
    bank_ids(runner, idx)
    with sensegrep.open(idx) as opened:
        with pytest.raises(sensegrep.QueryError, match="k must be at least 1, got 0"):
            opened.classify("bank", k=0)
        assert opened.classify("bank", k=1).proposals


def test_classify_text_output(runner: CliRunner, idx: Path) -> None:
    ids = bank_ids(runner, idx)
    code, out, err = run(runner, idx, "classify", "bank", "-k", "1")
    assert code == 0 and "4 proposal(s)" in err and "2 labelled" in err
    first = out.splitlines()[0].split(None, 3)
    assert first == [str(ids["r2"]), "river", "1.000", "a river [[bank]] eroded"]


def test_classify_apply_then_labels_shows_predictions(runner: CliRunner, idx: Path) -> None:
    ids = bank_ids(runner, idx)
    code, _, err = run(runner, idx, "classify", "bank", "-k", "1", "--apply")
    assert code == 0 and "4 label(s) written" in err
    code, out, _ = run(runner, idx, "labels", "bank", "--format", "jsonl")
    rows = {r["label"]: r for r in jsonl(out)}
    assert rows["river"]["count"] == 3 and rows["river"]["predicted"] == 2
    assert rows["money"]["count"] == 3 and rows["money"]["predicted"] == 2
    # Predictions never vote: after a hand label they are proposed again, from it.
    run(runner, idx, "label", str(ids["x2"]), "--as", "other")
    code, out, _ = run(runner, idx, "classify", "bank", "-k", "1", "--format", "jsonl")
    again = {p["id"] for p in jsonl(out)}
    assert again == {ids["r2"], ids["m2"], ids["x1"]}
    assert all(set(p["neighbours"]) <= {ids["r1"], ids["m1"], ids["x2"]} for p in jsonl(out))


def test_classify_apply_leaves_a_label_set_by_hand_since_it_read_the_labels(
    runner: CliRunner, idx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass 28g: an annotator labelled an occurrence by hand while `classify --apply`
    was running (between its read of the labels and its write): the prediction replaced
    the hand label, unsaid, and "4 label(s) written" counted it. The hand label stays,
    and the summary says so."""
    import sensegrep
    from sensegrep.labels import classify

    ids = bank_ids(runner, idx)
    read = classify.classify_word

    def annotator_meanwhile(*args, **kwargs):
        result = read(*args, **kwargs)
        with sensegrep.open(idx) as other:  # another process, as the annotate page
            other.label([ids["x1"]], "shore")
        return result

    monkeypatch.setattr(classify, "classify_word", annotator_meanwhile)
    code, _, err = run(runner, idx, "classify", "bank", "-k", "1", "--apply")
    assert code == 0, err
    assert "3 label(s) written" in err and "1 proposal(s) not written" in err, err
    with sensegrep.open(idx) as other:
        hit = other.contexts([ids["x1"]])[0]
        assert (hit.label, hit.label_predicted) == ("shore", False)
        assert other.contexts([ids["x2"]])[0].label_predicted


def test_classify_review_lists_least_confident_first(runner: CliRunner, idx: Path) -> None:
    ids = bank_ids(runner, idx)
    args = ("classify", "bank", "-k", "2", "--weighting", "inverse", "--format", "jsonl")
    everything = jsonl(run(runner, idx, *args)[1])
    code, out, _ = run(runner, idx, *args, "--review", "2")
    reviewed = jsonl(out)
    assert code == 0 and len(reviewed) == 2
    # Identical contexts are certain; the mixed ones (x1, x2) are the ones to review.
    assert {p["id"] for p in reviewed} == {ids["x1"], ids["x2"]}
    confidences = [p["confidence"] for p in reviewed]
    assert confidences == sorted(confidences) and max(confidences) < 1.0
    assert confidences[-1] <= min(p["confidence"] for p in everything if p not in reviewed)


def test_help_states_the_defaults(runner: CliRunner, idx: Path) -> None:
    from sensegrep.labels.classify import DEFAULT_K, DEFAULT_WEIGHTING

    code, out, _ = run(runner, idx, "classify", "--help")
    assert code == 0 and f"default {DEFAULT_K})" in out and f"default {DEFAULT_WEIGHTING})" in out


def test_classify_refuses_a_word_with_one_label(runner: CliRunner, idx: Path) -> None:
    """Issue 23: with one label every other occurrence got it at confidence 1.0, and
    --apply stored it: neighbours cannot tell senses apart with one label."""
    ids = bank_ids(runner, idx)
    run(runner, idx, "label", str(ids["m1"]), "--remove")
    run(runner, idx, "label", str(ids["r2"]), "--as", "river")
    code, out, err = run(runner, idx, "classify", "bank", "--apply")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "needs at least two different labels on 'bank'" in err
    assert "river (2 occurrence(s))" in err and "sensegrep label ID… --as LABEL" in err
    assert label_counts(runner, idx) == {"river": 2}  # nothing applied
    run(runner, idx, "label", str(ids["m2"]), "--as", "money")
    code, _, err = run(runner, idx, "classify", "bank", "--apply")
    assert code == 0 and "3 label(s) written" in err


def test_classify_refuses_a_label_every_labelled_occurrence_carries(
    runner: CliRunner, idx: Path
) -> None:
    """One occurrence labelled "river side" is two labels, but on the same occurrence:
    river won every vote (tied with side), so --apply stored river on every money bank
    at 0.5 with nothing said, where the one label alone is refused. A label on every
    labelled occurrence wins every vote whatever the sense: refused the same way."""
    ids = bank_ids(runner, idx)
    run(runner, idx, "label", str(ids["m1"]), "--remove")
    run(runner, idx, "label", str(ids["r1"]), "--as", "river side")
    code, out, err = run(runner, idx, "classify", "bank", "--apply")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "every labelled occurrence of 'bank' carries river (1 occurrence(s))" in err
    assert label_counts(runner, idx) == {"river": 1, "side": 1}  # nothing applied
    run(runner, idx, "label", str(ids["r2"]), "--as", "river")  # river still on each
    code, _, err = run(runner, idx, "classify", "bank", "--apply")
    assert code == 1 and "carries river (2 occurrence(s))" in err
    with sensegrep.open(idx) as index:  # the queue does not order by such votes
        assert index.annotation_queue("bank")["order"] == "balanced by induced sense"
    run(runner, idx, "label", str(ids["m2"]), "--as", "money")
    code, _, err = run(runner, idx, "classify", "bank", "--apply")
    assert code == 0 and "3 label(s) written" in err


def test_classify_word_errors(runner: CliRunner, idx: Path, tmp_path: Path) -> None:
    code, _, err = run(runner, idx, "classify", "eroded")
    assert code == 1 and "no labelled occurrences" in err
    code, _, err = run(runner, idx, "classify", "nothing")
    assert code == 1 and "no occurrences" in err
    code, _, err = run(runner, idx, "classify", "bank", "--weighting", "magic")
    assert code == 1 and "uniform" in err
    assert run(runner, idx, "classify", "bank", "--format", "raganato")[0] == 2


# -- classify FILE (Raganato) ---------------------------------------------------------------


TRAIN = raganato(
    "train",
    "t",
    [
        "the/the/DET river/river/NOUN [bank/bank/NOUN] eroded/erode/VERB",
        "the/the/DET savings/savings/NOUN [bank/bank/NOUN] failed/fail/VERB",
    ],
    instance="i",
)
TRAIN_KEYS = "t.s0.i0 bank%1:17:01::\nt.s1.i0 bank%1:14:00::\n"

TEST = raganato(
    "test",
    "d",
    [
        "a/a/DET savings/savings/NOUN [bank/bank/NOUN] failed/fail/VERB",
        "they/they/PRON [bank/bank/VERB] here/here/ADV",
        "my/my/PRON river/river/NOUN [bank/bank/NOUN] eroded/erode/VERB",
    ],
)


def make_wordnet(folder: Path, senses: list[tuple[str, int, str]]) -> Path:
    """A minimal WNdb ``dict`` folder: (sense key, sense number, gloss) per sense, each
    in a synset of its own, at true byte offsets of the data files."""
    folder.mkdir(parents=True)
    files = {name: b"  fake WordNet for tests\n" for name in ("noun", "verb", "adj", "adv")}
    types = {"1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj"}
    index_lines = []
    for key, number, gloss in senses:
        lemma, rest = key.split("%")
        name = types[rest[0]]
        offset = len(files[name])
        line = f"{offset:08d} 00 {name[0]} 01 {lemma} 0 000 | {gloss}  \n"
        files[name] += line.encode("utf-8")
        index_lines.append(f"{key} {offset:08d} {number} 0")
    for name, data in files.items():
        (folder / f"data.{name}").write_bytes(data)
    (folder / "index.sense").write_text("\n".join(sorted(index_lines)) + "\n")
    return folder


FAKE_SENSES = [
    ("bank%1:17:01::", 1, "sloping land beside a body of water"),
    ("bank%1:14:00::", 2, "a financial institution"),
    ("bank%2:40:00::", 2, "do business with a bank"),
    ("bank%2:38:00::", 1, "tip laterally"),
]


@pytest.fixture
def raganato_idx(tmp_path: Path, runner: CliRunner) -> Path:
    (tmp_path / "train.data.xml").write_text(TRAIN, encoding="utf-8")
    (tmp_path / "train.gold.key.txt").write_text(TRAIN_KEYS, encoding="utf-8")
    folder = tmp_path / "ridx"
    code, _, err = run(
        runner, folder, "index", str(tmp_path / "train.data.xml"), "--model", "fake:16"
    )
    assert code == 0, err
    return folder


@pytest.fixture
def test_file(tmp_path: Path) -> Path:
    path = tmp_path / "test.data.xml"
    path.write_text(TEST, encoding="utf-8")
    # The file's own gold keys, deliberately wrong: classify must never read them.
    (tmp_path / "test.gold.key.txt").write_text(
        "d.s0.t0 bank%1:17:01::\nd.s1.t0 bank%2:40:00::\nd.s2.t0 bank%1:14:00::\n"
    )
    return path


def test_a_raganato_file_without_its_gold_key_is_said(tmp_path: Path, runner: CliRunner):
    """A Raganato file indexed with no X.gold.key.txt beside it (named otherwise, or left
    behind) had its instances indexed without labels, and nothing said so."""
    (tmp_path / "train.data.xml").write_text(TRAIN, encoding="utf-8")
    code, _, err = run(
        runner, tmp_path / "a", "index", str(tmp_path / "train.data.xml"), "--model", "fake:16"
    )
    assert code == 0, err
    key = tmp_path / "train.gold.key.txt"
    assert (
        "note: no gold key file beside these Raganato files, so their instances were indexed "
        f"without sense labels: {tmp_path / 'train.data.xml'} (no {key})"
    ) in err, err
    key.write_text(TRAIN_KEYS, encoding="utf-8")
    code, _, err = run(
        runner, tmp_path / "b", "index", str(tmp_path / "train.data.xml"), "--model", "fake:16"
    )
    assert code == 0 and "no gold key file" not in err, err
    report = sensegrep.build(tmp_path / "c", [tmp_path / "train.data.xml"], model="fake:16")
    assert report.last_report.files_without_keys == []


def test_a_raganato_file_skipped_is_not_said_indexed_without_labels(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Pass 36a: a Raganato file skipped for an error (empty, malformed) was named in the
    note that its instances "were indexed without sense labels": none was indexed."""
    (tmp_path / "empty.data.xml").write_bytes(b"")
    (tmp_path / "bad.data.xml").write_text(TRAIN.replace("</corpus>", ""), encoding="utf-8")
    code, _, err = run(runner, tmp_path / "a", "index", str(tmp_path), "--model", "fake:16")
    assert code == 1 and "empty.data.xml: empty file" in err and "bad.data.xml:" in err, err
    assert "no gold key file" not in err, err


def test_classify_file_labels_instances_from_the_index(
    runner: CliRunner, raganato_idx: Path, test_file: Path
) -> None:
    code, out, err = run(
        runner, raganato_idx, "classify", str(test_file), "--format", "raganato", "-k", "1"
    )
    assert code == 0, err
    # The VERB instance has no labelled VERB occurrence and no fallback: no line.
    assert out.splitlines() == ["d.s0.t0 bank%1:14:00::", "d.s2.t0 bank%1:17:01::"]
    assert "1 unanswered" in err and "--wordnet" in err


def test_classify_file_falls_back_to_the_first_wordnet_sense(
    runner: CliRunner, raganato_idx: Path, test_file: Path, tmp_path: Path
) -> None:
    wordnet = make_wordnet(tmp_path / "dict", FAKE_SENSES)
    code, out, err = run(
        runner, raganato_idx, "classify", str(test_file), "--format", "raganato",
        "--wordnet", str(wordnet),
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == [
        "d.s0.t0 bank%1:14:00::",
        "d.s1.t0 bank%2:38:00::",  # first VERB sense: sense number 1
        "d.s2.t0 bank%1:17:01::",
    ]
    code, out, _ = run(
        runner, raganato_idx, "classify", str(test_file), "--format", "jsonl",
        "--wordnet", str(wordnet),
    )  # fmt: skip
    sources = [r["source"] for r in jsonl(out)]
    assert sources == ["neighbours", "wordnet", "neighbours"]


def test_classify_bad_file_is_one_line(runner: CliRunner, raganato_idx: Path, tmp_path: Path):
    bad = tmp_path / "bad.data.xml"
    bad.write_text("<corpus><text id='d'><sentence>\n", encoding="utf-8")
    code, out, err = run(runner, raganato_idx, "classify", str(bad))
    assert code == 1 and str(bad) in err and "Traceback" not in err and out == ""
    assert run(runner, raganato_idx, "classify", str(bad), "--apply")[0] == 2


def test_glosses_beside_labels(
    runner: CliRunner, raganato_idx: Path, tmp_path: Path, test_file: Path
) -> None:
    wordnet = make_wordnet(tmp_path / "dict", FAKE_SENSES)
    code, out, _ = run(runner, raganato_idx, "labels", "bank", "--wordnet", str(wordnet))
    assert code == 0
    assert "bank%1:17:01::  sloping land beside a body of water" in out
    code, out, _ = run(
        runner, raganato_idx, "labels", "bank", "--format", "jsonl", "--wordnet", str(wordnet)
    )
    assert {r["gloss"] for r in jsonl(out)} == {
        "sloping land beside a body of water",
        "a financial institution",
    }
    code, _, err = run(runner, raganato_idx, "labels", "bank", "--wordnet", str(tmp_path))
    assert code == 1 and "index.sense" in err


def test_wordnet_reader_on_the_fake_dict(tmp_path: Path) -> None:
    wordnet = WordNet.open(make_wordnet(tmp_path / "dict", FAKE_SENSES))
    assert wordnet.senses("Bank", "NOUN") == ["bank%1:17:01::", "bank%1:14:00::"]
    assert wordnet.first_sense("bank", "ADJ") is None
    assert wordnet.gloss("bank%2:40:00::") == "do business with a bank"
    assert wordnet.describe("river") is None


# -- voting --------------------------------------------------------------------------------


def test_vote_weights_and_ties() -> None:
    labels = [("a",), ("b",), ("b",)]
    sims = np.array([0.99, 0.5, 0.5])
    assert vote(labels, sims, "uniform") == ("b", pytest.approx(2 / 3))
    assert vote(labels, sims, "inverse")[0] == "a"  # a near-identical context outweighs
    assert vote([("a",), ("b",)], np.array([0.7, 0.7]), "uniform")[0] == "a"  # nearest first
    label, share = vote([("a", "b"), ("b",)], np.array([0.9, 0.9]), "cosine")
    assert (label, share) == ("b", pytest.approx(0.75))


def test_label_commands_do_not_import_torch(idx: Path) -> None:
    assert heavy_modules_after(idx, ["labels", "bank"], ["classify", "bank"]) == "False False"


# -- real data -------------------------------------------------------------------------------


@pytest.mark.shared
def test_wordnet_first_senses(shared_data: Path) -> None:
    wordnet = WordNet.open(shared_data / "wordnet30" / "dict")
    assert wordnet.first_sense("bank", "NOUN") == "bank%1:17:01::"
    assert wordnet.first_sense("dog", "NOUN") == "dog%1:05:00::"
    assert wordnet.first_sense("run", "VERB") == "run%2:38:00::"
    assert wordnet.first_sense("good", "ADJ") == "good%3:00:01::"
    assert wordnet.first_sense("point out", "VERB") == "point_out%2:32:01::"
    assert wordnet.senses("bank", "NOUN")[1] == "bank%1:14:00::"
    synset = wordnet.synset("bank%1:14:00::")
    assert synset is not None and synset.id == "08420278-n"
    assert "financial institution" in synset.gloss
    assert "depository financial institution" in synset.words


@pytest.mark.model
def test_real_encoder_propagates_river_and_money_senses(tmp_path: Path, runner: CliRunner):
    river = [
        "We pitched the tent on the grassy bank above the ford.",
        "The canoe drifted towards the muddy bank of the stream.",
        "Reeds grew thickly along the bank where the water was shallow.",
    ]
    money = [
        "She deposited her wages at the bank on Friday.",
        "The bank approved the mortgage after a long wait.",
        "He withdrew cash from the bank to pay the builder.",
    ]
    unlabelled = {
        "river": ["A heron stood motionless on the far bank of the river.",
                  "The flood washed away part of the bank near the old mill."],
        "money": ["The bank charged a fee for the overdraft.",
                  "Her savings account at the bank earns little interest."],
    }  # fmt: skip
    records = [
        {"id": f"{name[0]}{i}", "text": text, "labels": {"bank": name}}
        for name, texts in (("river", river), ("money", money))
        for i, text in enumerate(texts)
    ]
    records += [
        {"id": f"{sense}-{i}", "text": text}
        for sense, texts in unlabelled.items()
        for i, text in enumerate(texts)
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    folder = tmp_path / "idx"
    code, _, err = run(runner, folder, "index", str(corpus), "--model", "minilm")
    assert code == 0, err
    # Three references a sense: the nearest one decides (-k 1).
    code, out, err = run(runner, folder, "classify", "bank", "-k", "1", "--format", "jsonl")
    assert code == 0, err
    docs = bank_ids(runner, folder)
    by_id = {v: k for k, v in docs.items()}
    got = {by_id[p["id"]]: p["label"] for p in jsonl(out)}
    assert got == {"river-0": "river", "river-1": "river", "money-0": "money", "money-1": "money"}


def test_a_part_of_speech_with_one_label_is_capped_and_said(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Neighbours vote within one POS: a POS whose labelled occurrences carry one label
    gave each of its occurrences that label at confidence 1.0, from one neighbour, and
    --review listed them last (issue 23). Capped at 1/2 (the word has 2 labels), said."""
    docs = [
        {"id": "v1", "text": "they bank with us", "labels": {"bank": "money"}},
        {"id": "v2", "text": "we bank with them"},
        *DOCS[:4],
    ]
    folder = tmp_path / "idx"
    assert run(runner, folder, "index", str(write_jsonl(tmp_path / "c.jsonl", docs)),
               "--model", "fake:16")[0] == 0  # fmt: skip
    ids = bank_ids(runner, folder)
    code, out, err = run(runner, folder, "classify", "bank", "--format", "jsonl",
                         "--review", "1")  # fmt: skip
    [first] = jsonl(out)
    assert code == 0 and first["id"] == ids["v2"] and first["pos"] == "VERB"
    assert first["label"] == "money" and first["confidence"] == 0.5
    assert "note: the 1 VERB occurrence(s) all get money: the only label of their part" in err
    assert "capped at 0.500 (1/2 labels)" in err


def test_a_part_of_speech_whose_labelled_occurrences_share_a_label_is_capped(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The verb's one labelled occurrence holds "money side": two labels, so the cap
    above was not applied, yet money won every verb's vote at 0.5 whatever its sense."""
    docs = [
        {"id": "v1", "text": "they bank with us", "labels": {"bank": "money side"}},
        {"id": "v2", "text": "we bank with them"},
        *DOCS[:4],
    ]
    folder = tmp_path / "idx"
    assert run(runner, folder, "index", str(write_jsonl(tmp_path / "c.jsonl", docs)),
               "--model", "fake:16")[0] == 0  # fmt: skip
    ids = bank_ids(runner, folder)
    code, out, err = run(runner, folder, "classify", "bank", "--format", "jsonl",
                         "--review", "1")  # fmt: skip
    [first] = jsonl(out)
    assert code == 0 and first["id"] == ids["v2"] and first["label"] == "money"
    assert first["confidence"] == pytest.approx(1 / 3, abs=1e-3)
    assert "note: the 1 VERB occurrence(s) all get money: a label every labelled" in err
    assert "capped at 0.333 (1/3 labels)" in err


def test_search_label_ranks_by_input_and_hand_labels_only(runner: CliRunner, idx: Path) -> None:
    """Issue 23: --label X took classify --apply's predictions into its centroid too;
    classify never lets them vote, and neither does search now."""
    ids = bank_ids(runner, idx)
    args = ("search", "bank", "--label", "river", "--format", "jsonl")
    before = [(h["id"], h["score"]) for h in jsonl(run(runner, idx, *args)[1])]
    assert run(runner, idx, "classify", "bank", "-k", "1", "--apply")[0] == 0
    assert [(h["id"], h["score"]) for h in jsonl(run(runner, idx, *args)[1])] == before
    # A label held only as predictions is refused, saying so.
    from sensegrep.labels.labelling import PREDICTED, set_labels
    from sensegrep.storage import Index

    with Index.open(idx) as index:
        set_labels(index, {ids["x1"]: "shore"}, source=PREDICTED, confidence={ids["x1"]: 0.9})
    code, out, err = run(runner, idx, "search", "bank", "--label", "shore")
    assert code == 1 and not out and "classify --apply" in err and len(err.splitlines()) == 1


# -- what a label may hold (issue 26) ----------------------------------------------------

BAD_LABELS = [
    ("a\x00b", "control characters: '\\x00' at character 2"),
    ("river\x1b[31m", "control characters: '\\x1b' at character 6"),
    ("x" * 201, "at most 200 characters, got 201"),
    ("ok " + "y" * 300, "at most 200 characters, got 300"),
]


@pytest.mark.parametrize(("label", "message"), BAD_LABELS)
def test_a_control_character_or_an_over_long_label_is_refused_at_every_entry(
    tmp_path: Path, runner: CliRunner, idx: Path, label: str, message: str
) -> None:
    """Issue 26: a NUL in a label was stored, then written raw by `export --to csv` and
    `labels`. `label --as`, `label --from`, `import`, the library and indexing refuse
    it in one line naming the file and line, and keep the rest."""
    import sensegrep

    ids = bank_ids(runner, idx)
    # A NUL makes `label --from` refuse the whole file as binary (and a JSONL record as
    # a bad one): in files, a BEL.
    in_file, file_message = label.replace("\x00", "\x07"), message.replace("x00", "x07")
    before = label_counts(runner, idx)
    code, _, err = run(runner, idx, "label", str(ids["r2"]), "--as", label)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    for name, command in (("from.csv", ("label", "--from")), ("back.csv", ("import",))):
        path = tmp_path / name
        rows = [f"{ids['x1']},{in_file}", f"{ids['x2']},money"]
        path.write_text("id,label\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
        code, _, err = run(runner, idx, *command, str(path))
        assert code == 1 and "Traceback" not in err
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and f"{path}:2: a label" in errors[0]
        assert file_message in errors[0]
    assert label_counts(runner, idx) == {**before, "money": before["money"] + 1}
    with sensegrep.open(idx) as index:
        for ids_given in ([ids["r2"]], []):
            with pytest.raises(sensegrep.QueryError, match="a label"):
                index.label(ids_given, label)
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [{"id": "q", "text": "a bank", "labels": {"bank": in_file}}]
    )
    items = list(read_documents(corpus, "jsonl"))
    assert f"{corpus}:1" in str(items[0]) and file_message in str(items[0])
    code, out, _ = run(runner, idx, "export", "bank", "--to", "csv")
    assert code == 0 and "\x00" not in out and "\x1b" not in out


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_search_output_of_another_index_labels_no_other_word(
    runner: CliRunner, idx: Path, tmp_path: Path, fmt: str
) -> None:
    """The same texts indexed in another order give other words these ids: search
    output says each line's doc and form, so a line whose id is another document's or
    another word here is a bad line naming both, and nothing is labelled (issue 23:
    `label --from` of another index's hits labelled other words without a word)."""
    code, out, err = run(runner, idx, "search", "bank", "--format", fmt)
    assert code == 0, err
    if fmt == "jsonl":
        text = "".join(json.dumps({**hit, "label": "shore"}) + "\n" for hit in jsonl(out))
    else:
        header, *rows = out.splitlines()
        at = header.split(",").index("label")
        cells = [row.split(",") for row in rows]  # no comma in these lines
        text = "\n".join([header, *(",".join([*c[:at], "shore", *c[at + 1 :]]) for c in cells)])
    path = tmp_path / f"hits.{fmt}"
    path.write_text(text + ("" if fmt == "jsonl" else "\n"), encoding="utf-8")
    other = tmp_path / "other"
    corpus = write_jsonl(tmp_path / "reversed.jsonl", DOCS[::-1])
    assert run(runner, other, "index", str(corpus), "--model", "fake:16")[0] == 0
    before = label_counts(runner, other)
    code, _, err = run(runner, other, "label", "--from", str(path))
    assert code == 1 and "Traceback" not in err
    assert "here, not 'bank' in 'r1' as the line says" in err, err
    assert "6 id(s) of another word here than the file says" in err
    assert label_counts(runner, other) == before  # the input's labels only
    assert run(runner, idx, "label", "--from", str(path))[0] == 0
    assert label_counts(runner, idx) == {"shore": 6}


def test_the_annotation_queue_lists_labels_read_from_a_file_as_labelled_by_hand(
    tmp_path: Path, runner: CliRunner, idx: Path
) -> None:
    """An annotator's labels read back by `import` (source import:csv) were left out of
    the annotate page's "Labelled by hand" list, which shrank as its count grew (issue
    23, pass 24h); labels that came with the input stay out."""
    ids = bank_ids(runner, idx)
    assert run(runner, idx, "label", str(ids["r2"]), "--as", "river")[0] == 0
    back = tmp_path / "back.csv"
    back.write_text(f"id,label\n{ids['m2']},money\n", encoding="utf-8")
    code, _, err = run(runner, idx, "import", str(back))
    assert code == 0, err
    with sensegrep.open(idx) as index:
        queue = index.annotation_queue("bank")
    listed = {line["id"]: line["label"] for line in queue["hand_labelled"]}
    assert listed == {ids["r2"]: "river", ids["m2"]: "money"}  # not r1, m1: the input's


def test_annotators_who_saw_the_same_occurrences_at_once_store_one_label_each(
    runner: CliRunner, idx: Path
):
    """Four annotators (threads, each with its own connection, as four web requests)
    label the same unlabelled occurrences at once, each with ``expect=None`` (what they
    saw): for each occurrence exactly one is told its label was stored, and that label
    is the one stored; the others get LabelChangedError naming it. Checked before the
    write, all four were answered 200 and three labels were lost."""
    import threading

    from sensegrep.errors import LabelChangedError

    ids = [bank_ids(runner, idx)[doc] for doc in ("r2", "m2", "x1", "x2")]
    indexes = [sensegrep.open(idx) for _ in range(4)]
    stored: dict[int, list[str]] = {i: [] for i in ids}
    refused: dict[int, list[str | None]] = {i: [] for i in ids}
    for ident in ids:
        start = threading.Barrier(len(indexes))

        def annotate(index, label: str, ident: int = ident, start=start) -> None:
            start.wait()
            try:
                index.label([ident], label, expect=None)
                stored[ident].append(label)
            except LabelChangedError as changed:
                refused[ident].append(changed.current[ident])

        threads = [
            threading.Thread(target=annotate, args=(index, f"a{n}"))
            for n, index in enumerate(indexes)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    try:
        held = {line.id: line.label for line in indexes[0].contexts(ids)}
        for ident in ids:
            assert len(stored[ident]) == 1, (stored, refused)
            assert held[ident] == stored[ident][0] and refused[ident] == [held[ident]] * 3
    finally:
        for index in indexes:
            index.close()


def test_expect_names_what_was_seen(runner: CliRunner, idx: Path):
    from sensegrep.errors import LabelChangedError

    r1 = bank_ids(runner, idx)["r1"]  # labelled river with the input
    with sensegrep.open(idx) as index:
        with pytest.raises(LabelChangedError, match=f"occurrence {r1} holds “river” now"):
            index.label([r1], "shore", expect=None)
        assert index.labels("bank")["river"] == 1  # nothing changed
        assert index.label([r1], "shore", expect=" river ") == 1
        with pytest.raises(LabelChangedError, match="not “river” as expected"):
            index.label([r1], None, expect="river")
        assert index.label([r1], None, expect="shore") == 1
        with pytest.raises(sensegrep.QueryError, match="expect must be text or None"):
            index.label([r1], "x", expect=3)


def test_expect_typed_decomposed_is_the_label_stored_composed(runner: CliRunner, idx: Path):
    """A label is stored composed (NFC); ``expect`` typed decomposed (a combining
    accent) is that label: it was refused as "holds “café” set again since"."""
    r1 = bank_ids(runner, idx)["r1"]
    with sensegrep.open(idx) as index:
        index.label([r1], "cafe\u0301", expect="river")
        assert index.label([r1], "shore", expect="cafe\u0301") == 1
        assert index.label([r1], None, expect="shore") == 1


def test_an_undo_given_when_its_label_was_set_leaves_the_same_label_set_again(
    runner: CliRunner, idx: Path
):
    """Pass 28g: annotator B confirmed the label A had set (the same text, set again);
    A's undo, expecting that text, removed it: B's label gone unseen. Given when A's
    label was set (label_times), the undo is refused as a label set since; within the
    same second too (the times are to the microsecond)."""
    from sensegrep.errors import LabelChangedError

    r2 = bank_ids(runner, idx)["r2"]
    with sensegrep.open(idx) as index:
        assert index.label_times([r2]) == {r2: None}  # no label
        index.label([r2], "shore", expect=None)  # annotator A
        set_at = index.label_times(r2)[r2]
        assert set_at is not None
        index.label([r2], "shore", expect="shore")  # annotator B confirms it
        with pytest.raises(LabelChangedError, match=f"{r2} holds “shore” set again since"):
            index.label([r2], None, expect="shore", expect_set_at=set_at)
        assert index.labels("bank")["shore"] == 1  # B's label kept
        now = index.label_times([r2])[r2]
        assert now is not None and now != set_at
        assert index.label([r2], None, expect="shore", expect_set_at=now) == 1
        with pytest.raises(sensegrep.QueryError, match="expect_set_at needs expect"):
            index.label([r2], "x", expect_set_at=now)


def test_a_prediction_reviewed_by_hand_since_it_was_seen_is_a_label_set_since(
    runner: CliRunner, idx: Path
):
    """Pass 31a: annotator B confirmed by hand the prediction "shore" that A was shown;
    A, expecting "shore", replaced it unseen (the text was the one expected). Given
    that the label seen was a prediction (expect_predicted), the write is refused; the
    other way round too, and without it the text alone is compared, as before."""
    from sensegrep.errors import LabelChangedError

    r2 = bank_ids(runner, idx)["r2"]
    with sensegrep.open(idx) as index:
        index.label([r2], "shore", predicted=True)  # classify --apply
        index.label([r2], "shore", expect="shore")  # B reviews it: shore, by hand
        with pytest.raises(LabelChangedError, match=f"{r2} holds “shore”"):
            index.label([r2], "money", expect="shore", expect_predicted=True)  # A
        held = index.contexts([r2])[0]
        assert (held.label, held.label_predicted) == ("shore", False)  # B's hand label kept
        index.label([r2], "shore", predicted=True)
        with pytest.raises(LabelChangedError, match=f"{r2} holds “shore”"):
            index.label([r2], "money", expect="shore", expect_predicted=False)
        assert index.label([r2], "money", expect="shore", expect_predicted=True) == 1
        assert index.label([r2], "river", expect="money") == 1
        with pytest.raises(sensegrep.QueryError, match="expect_predicted needs expect"):
            index.label([r2], "x", expect_predicted=True)


def test_an_import_restores_a_prediction_only_where_no_one_labelled_since(
    runner: CliRunner, idx: Path
):
    """An import read r2 and m2 unlabelled and restores the file's predictions there;
    an annotator labelled r2 by hand between that read and the write: r2 keeps the hand
    label (it was overwritten by the prediction, unsaid) and m2 gets the prediction."""
    from sensegrep.labels.labelling import _restore_predictions
    from sensegrep.storage import Index

    ids = bank_ids(runner, idx)
    r2, m2 = ids["r2"], ids["m2"]
    with sensegrep.open(idx) as annotator:  # between the import's read and its write
        annotator.label([r2], "shore", expect=None)
    with Index.open(idx) as index:
        assert _restore_predictions(index, {r2: "river", m2: "money"}) == {r2}
    with sensegrep.open(idx) as index:
        held = {line.id: (line.label, line.label_predicted) for line in index.contexts([r2, m2])}
    assert held == {r2: ("shore", False), m2: ("money", True)}


def test_classify_file_the_index_holds_says_it_labels_from_itself(
    runner: CliRunner, raganato_idx: Path, test_file: Path
) -> None:
    """Classifying the file the index was built from labelled each instance from its own
    gold label (keys scored against that gold: F1 near 100), and nothing said so."""
    train = raganato_idx.parent / "train.data.xml"
    code, out, err = run(runner, raganato_idx, "classify", str(train), "-k", "1")
    assert code == 0 and out, err
    assert f"note: the index holds {train} itself: each instance is labelled" in err
    code, _out, err = run(runner, raganato_idx, "classify", str(test_file), "-k", "1")
    assert code == 0 and "the index holds" not in err
    with sensegrep.open(raganato_idx) as idx, pytest.warns(SensegrepNote, match="holds"):
        classify_file(idx, train, k=1)


def test_classify_a_bad_file_is_an_error_not_a_skipped_file(
    runner: CliRunner, idx: Path, tmp_path: Path
) -> None:
    """The error ended "(file skipped)", as if classify went on without it."""
    bad = tmp_path / "bad.data.xml"
    bad.write_text("<corpus><text id='d'><sentence", encoding="utf-8")
    code, out, err = run(runner, idx, "classify", str(bad))
    assert code == 1 and out == ""
    assert "malformed XML" in err and "skipped" not in err


def test_label_from_reads_ids_grouped_by_thousands_as_their_locale_wrote_them(
    tmp_path: Path,
) -> None:
    """Pass 31f: `label --from` read an id Excel saved as 12.000 (twelve thousand, in a
    CSV cut at semicolons) as 12, and set the label on another occurrence."""
    from sensegrep.labels.labelling import LabelRow, read_label_file

    path = tmp_path / "labels.csv"
    path.write_text("id;label\n12.000;river\n3,0;money\n", encoding="utf-8")
    rows = [row for row in read_label_file(path) if isinstance(row, LabelRow)]
    assert [(row.id, row.label) for row in rows] == [(12000, "river"), (3, "money")]
    path = tmp_path / "labels.tsv"
    path.write_text("id\tlabel\n12.000\triver\n1.136\tmoney\n", encoding="utf-8")
    rows = list(read_label_file(path))
    assert not isinstance(rows[0], LabelRow) and "12.000" in str(rows[0])
    assert isinstance(rows[1], LabelRow) and rows[1].id == 1136


def test_label_from_reads_a_cell_with_a_line_break_as_one_cell(
    tmp_path: Path, runner: CliRunner, idx: Path
) -> None:
    """Pass 31f: a spreadsheet's note typed with Alt+Enter is a quoted cell holding a
    line break. `label --from` read the file line by line: the note's second line,
    "<id>,fish is what I first thought", labelled that occurrence with six labels."""
    ids = bank_ids(runner, idx)
    lines = [
        "id,label,notes",
        f'{ids["r2"]},river,"hard one',
        f'{ids["x1"]},money is what I first thought"',
        f"{ids['m2']},money,",
    ]
    code, err = label_from(runner, idx, tmp_path / "labels.csv", lines)
    assert code == 0, err
    assert "labelled 2 occurrence(s)" in err and "thought" not in err
    assert label_counts(runner, idx) == {"river": 2, "money": 2}


def test_a_label_given_twice_is_stored_and_counted_once(
    tmp_path: Path, runner: CliRunner, idx: Path
) -> None:
    """Pass 31f: "river river" (a spreadsheet cell pasted twice, Sense=river,river) was
    stored as two labels, and `labels` counted its one occurrence twice under river:
    river 3 where 2 occurrences carry it."""
    ids = bank_ids(runner, idx)
    code, _, err = run(runner, idx, "label", str(ids["r2"]), "--as", "river river")
    assert code == 0 and "of 'bank' as river" in err and "river, river" not in err, err
    code, err = label_from(
        runner, idx, tmp_path / "l.csv", ["id,label", f"{ids['m2']},money  money"]
    )
    assert code == 0, err
    assert "labels set: money (1)" in err and "2 labels" not in err
    assert label_counts(runner, idx) == {"river": 2, "money": 2}
    out = run(runner, idx, "search", "bank", "--format", "jsonl")[1]
    found = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert {h["id"]: h["label"] for h in found}[ids["r2"]] == "river"


def test_a_label_on_an_occurrence_removed_since_its_check_is_refused_not_lost(
    runner: CliRunner, idx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass 32b: another process removed (or replaced) the document between `label`'s
    check of the ids and its write: the write reached no row, yet `label` said
    "labelled 1 occurrence(s)", and the new version of an unchanged sentence had no
    label. Now it is refused in one line, and nothing is written."""
    import sensegrep
    from sensegrep.labels import labelling

    ids = bank_ids(runner, idx)
    check = labelling._check_ids

    def removed_meanwhile(index, wanted):
        check(index, wanted)
        with sensegrep.open(idx) as other:  # another process, as `sensegrep remove`
            other.remove(docs=["r2"])

    monkeypatch.setattr(labelling, "_check_ids", removed_meanwhile)
    code, _, err = run(runner, idx, "label", str(ids["r2"]), "--as", "shore")
    assert code == 1, err
    assert f"occurrence {ids['r2']} was removed by another process" in err, err
    assert "nothing was changed" in err and len(err.strip().splitlines()) == 1, err
    monkeypatch.undo()
    assert "shore" not in label_counts(runner, idx)
