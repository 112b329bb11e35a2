"""The library API (`import sensegrep`): cheap to import, and it answers exactly what the
CLI answers — the same hits with the JSONL contract's fields, senses, labels, exports."""

from __future__ import annotations

import json

import pytest

import sensegrep
from sensegrep.errors import QueryError

from ..helpers import EXAMPLES, RIVER, RIVER_DOCS, heavy_modules_on, hits, run, write_jsonl


def test_importing_sensegrep_loads_no_numpy_sqlalchemy_or_torch():
    assert heavy_modules_on("import sensegrep") == []
    assert set(sensegrep.__all__) >= {"open", "build", "compare", "SenseIndex", "Hits"}


def test_search_gives_the_cli_jsonl_records(built, runner):
    example = "the [[bank]] of the river"
    got = built.search("bank", example=example, k=3, where={"genre": "fiction"})
    code, out, err = run(
        runner, built.path, "search", "bank", "-e", example, "-k", "3",
        "--where", "genre=fiction", "--format", "jsonl",
    )  # fmt: skip
    assert code == 0, err
    assert got.to_dicts() == hits(out)
    assert [h.doc for h in got] == [r["doc"] for r in hits(out)] and len(got) == 2
    assert list(got[0].to_dict()) == list(hits(out)[0])  # the contract's fields, in order


def test_hits_to_pandas_has_the_contract_columns(built):
    pd = pytest.importorskip("pandas")
    frame = built.search("bank").to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == 4 and list(frame.columns)[:4] == ["query", "word", "rank", "score"]


def test_counts_and_statistics_to_pandas_have_their_rows(built):
    """A notebook user's next step after `count` or `freq`: the same rows as a frame."""
    pytest.importorskip("pandas")
    counts = built.count("bank", "form")
    frame = counts.to_pandas()
    assert frame.to_dict("records") == list(counts) and list(frame.columns)[:2] == [
        "value",
        "count",
    ]
    table = built.freq(k=3)
    assert table.to_pandas().to_dict("records") == list(table) and len(table) == 3


def test_senses_and_neighbours_to_pandas_have_their_rows(built):
    """A notebook's next step after `senses` or `neighbours`, as after a search: a frame
    (they had no to_pandas, while Hits, Counts and every table had)."""
    pytest.importorskip("pandas")
    found = built.senses("bank", n=2)
    frame = found.to_pandas()
    assert frame.to_dict("records") == found.to_dicts() and len(frame) == 2
    near = built.neighbours("we sat on the [[bank]] of the river", n=4, with_word=True)
    assert near.to_pandas().to_dict("records") == near.to_dicts() and len(near)
    assert list(near.to_pandas().columns)[:2] == ["lemma", "count"]


def test_a_notebook_shows_neighbours_with_their_notes(built):
    """neighbours returns a list with .notes; a notebook showed the list alone, so an
    empty one was "[]" without the note saying why (pass 36j)."""
    from html import escape

    found = built.neighbours("we sat on the [[bank]] of the river", n=4, with_word=True)
    said = found._repr_html_()
    first = found[0]
    assert said.count("<tr>") == 1 + len(found) and f"<td>{first.lemma}</td>" in said
    assert (
        f"Neighbours: {len(found)} lemma{'' if len(found) == 1 else 's'}, share of the "
        f"{first.counted} of the {first.nearest} nearest occurrences counted"
    ) in said
    none = built.neighbours("we sat on the [[bank]] of the river", n=1)
    assert none == [] and none.notes  # its one nearest is bank itself
    said = none._repr_html_()
    assert "Neighbours: 0 lemmas" in said and "<table>" not in said
    assert all(escape(note) in said for note in none.notes)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"k": 0}, "k must be"), ({"sample": -1}, "sample must be"), ({"k": "5"}, "k must be")],
)
def test_bad_options_are_query_errors(built, options, message):
    with pytest.raises(QueryError, match=message):
        built.search("bank", **options)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda idx: idx.label("12", "x"), "ids must be an occurrence id or a list"),
        (lambda idx: idx.label(b"12", "x"), "ids must be an occurrence id or a list"),
        (lambda idx: idx.label([1.5], "x"), "is not an occurrence id"),
        (lambda idx: idx.label([True], "x"), "is not an occurrence id"),
        (lambda idx: idx.label([2**70], "x"), "is not an occurrence id"),
        (lambda idx: idx.label([1], 5), "label must be text"),
        (lambda idx: idx.search("bank", like="12"), "like must be an occurrence id"),
        (lambda idx: idx.search("bank", like=["a"]), "like: 'a' is not an occurrence id"),
        (lambda idx: idx.contexts("12"), "ids must be an occurrence id"),
    ],
)
def test_an_id_argument_is_never_read_as_a_sequence_of_digits(built, call, message):
    """label("12") once labelled occurrences 1 and 2: a string is refused, and nothing
    is written."""
    with pytest.raises(QueryError, match=message):
        call(built)
    assert built.labels("bank") == {}


def test_hits_given_for_ids_are_told_their_ids(built):
    """idx.label(hits, "x"), a notebook's natural slip, said "ids: Hit(query=0, …) is not
    an occurrence id" and no more: the message says where the ids are (pass 38b)."""
    hits = built.search("bank", k=2)
    for call in (
        lambda: built.label(hits, "x"),
        lambda: built.label(hits[0], "x"),
        lambda: built.search("bank", like=hits),
        lambda: built.search("bank", like=hits[0]),
    ):
        with pytest.raises(
            QueryError, match=r"a search hit: its id is hit\.id, a page's hits\.ids"
        ):
            call()
    assert built.labels("bank") == {}


def test_labels_say_which_counts_classify_predicted(built):
    """idx.labels("bank") gave {'money': 3, 'shore': 1} after classify --apply, read as
    hand labels, where `sensegrep labels bank` says "(1 predicted)" beside each: the
    dict keeps its counts and says the predicted ones in .predicted and in its repr."""
    river = built.search("bank", docs=["r1", "r2"]).ids
    money = built.search("bank", docs=["m1"]).ids
    try:
        built.label(river, "shore")
        built.label(money, "money")
        assert built.labels("bank").predicted == {}
        assert repr(built.labels("bank")) == "{'shore': 2, 'money': 1}"
        [proposal] = built.classify("bank", apply=True).proposals
        labels = built.labels("bank")
        assert labels == {"shore": 2, "money": 1, proposal.label: labels[proposal.label]}
        assert sum(labels.values()) == 4
        assert labels.predicted == {proposal.label: 1}
        assert repr(labels).endswith(f" (of which classify --apply predicted: {proposal.label} 1)")
    finally:
        built.label([*river, *money, *built.search("bank").ids], None)


def test_label_of_no_ids_changes_nothing(built):
    assert built.label([], "x") == 0 and built.label([], None) == 0


def test_senses_labels_classify_and_export_match_the_cli(built, runner):
    senses = built.senses("bank")
    code, out, _ = run(runner, built.path, "senses", "bank", "--format", "jsonl")
    assert senses.to_dicts() == hits(out)
    assert sum(s.size for s in senses.senses) == senses.occurrences == 4

    river = built.search("bank", docs=["r1", "r2"]).ids
    assert built.label(river, "shore") == 2
    assert built.labels("bank") == {"shore": 2}
    code, out, _ = run(runner, built.path, "labels", "bank", "--format", "jsonl")
    assert code == 0
    assert {r["label"]: r["count"] for r in hits(out)} == {"shore": 2}
    with pytest.raises(QueryError, match="needs at least two different labels"):
        built.classify("bank", apply=True)  # one label tells no sense from another
    assert built.labels("bank") == {"shore": 2}
    money = built.search("bank", docs=["m1"]).ids
    assert built.label(money, "money") == 1
    proposals = built.classify("bank", apply=True).proposals
    assert len(proposals) == 1 and sum(built.labels("bank").values()) == 4
    assert built.label([*river, *money, proposals[0].id], None) == 4

    _code, out, _ = run(runner, built.path, "export", "bank", "--to", "csv")
    assert built.export("bank", "csv") == out


def test_add_makes_new_documents_searchable_at_once(built, tmp_path):
    more = write_jsonl(tmp_path / "more.jsonl", [{"id": "n1", "text": "A new bank opened."}])
    report = built.add(more)
    assert report.documents == 1 and not report.errors
    assert "n1" in {h.doc for h in built.search("bank")}


# (the fake encoder takes any layers and pooling as its own: a setting it refuses instead)
@pytest.mark.parametrize("asked", [{"model": "fake:32"}, {"precision": "fp16"}])
def test_add_with_another_encoder_is_refused_not_ignored(built, tmp_path, asked):
    """idx.add(files, model="mpnet") into a minilm index embedded the files with the
    index's loaded encoder and said nothing (the CLI's `index --model mpnet` into it
    is an error): the encoder asked for is checked against the index's, as
    add_vectors checks it, and nothing is added."""
    more = write_jsonl(tmp_path / "more.jsonl", [{"id": "n1", "text": "A new bank opened."}])
    refused = "was built with the encoder|runs in fp32 only"
    with pytest.raises(sensegrep.SensegrepError, match=refused):
        built.add(more, **asked)
    assert "n1" not in {h.doc for h in built.search("bank")}


def test_an_exports_notes_are_warned_at_the_callers_line(built):
    """idx.export's notes (a sense run made to balance by) are SensegrepNote warnings;
    they were shown at sensegrep/api/spelling.py's wrapper, not the notebook's line."""
    import warnings

    from sensegrep.errors import SensegrepNote

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built.export("bank", "csv", balanced=1)
    notes = [w for w in caught if issubclass(w.category, SensegrepNote)]
    assert notes and {w.filename for w in notes} == {__file__}


def test_remove_of_a_source_name_with_a_nul_says_it_is_unknown(built):
    """The API fuzz test: remove(sources=["\x00"]) raised ValueError ("embedded null
    byte") while looking for a file indexed under another name; no file has that name."""
    removal = built.remove(sources=["\x00"])
    assert removal.unknown_sources == ["\x00"] and removal.documents == 0


def test_build_reports_bad_input_without_raising(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "The bank."}\n{not json}\n', encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", bad, model="fake:16") as idx:
        assert [e.line for e in idx.last_report.errors] == [2]
        assert idx.info()["documents"] == 1


def test_open_a_missing_index_is_a_one_line_error(tmp_path):
    with pytest.raises(sensegrep.SensegrepError, match="no sensegrep index"):
        sensegrep.open(tmp_path / "nothing")


@pytest.mark.model
def test_sense_search_through_the_api_puts_river_banks_first(tmp_path, minilm_embedder):
    corpus = EXAMPLES / "corpus.jsonl"
    with sensegrep.build(tmp_path / "idx", corpus, embedder=minilm_embedder) as idx:
        top = idx.search("bank", RIVER, k=3)
        assert {h.doc for h in top} <= RIVER_DOCS, [h.sentence for h in top]
        money = idx.compare(RIVER, "she opened a savings account at the [[bank]]")
        river = idx.compare(RIVER, "the boat drifted towards the muddy [[bank]]")
        assert river > money
    assert json.loads(json.dumps(top.to_dicts()))  # plain data, ready for JSON


def test_a_path_with_a_nul_character_is_refused_naming_its_argument(built, tmp_path):
    # export_to's clean-up of its temporary file raised the OS's "ValueError: embedded
    # null byte" over the request's own error (found by test_api_fuzz).
    for output in (str(tmp_path / "a\x00b.csv"), tmp_path / "a\x00b.csv"):
        with pytest.raises(sensegrep.SensegrepError, match=r"^output holds a NUL character"):
            built.export_to("bank", "csv", output)
