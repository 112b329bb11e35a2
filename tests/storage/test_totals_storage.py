"""The sizes behind a concordance's totals (storage/totals.py): tokens of the index and
of a where/doc subcorpus, and the documents a set of tokens falls in, from the token
store and from the tables alike, a removed document's tokens never counted.
helpers.PUNCTUATED: 32 tokens; d1 11 (ids 1-11), d2 9 (12-20), d3 9 (21-29), d4 3
(30-32); news = d1 + d3 = 20 tokens."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

import sensegrep
from sensegrep.storage import Filters, Index, token_store

from ..helpers import PUNCTUATED, conllu


@pytest.fixture(params=["store", "tables"])
def storage(request, punctuated, monkeypatch):
    """The index through its token store, or as an older index without one is read."""
    if request.param == "tables":
        monkeypatch.setattr(token_store, "covers_all", lambda handles: False)
    with Index.open(punctuated) as index:
        yield index


def test_tokens_of_the_index_and_of_a_subcorpus(storage):
    assert storage.corpus_tokens() == 32
    assert storage.subcorpus_tokens(Filters(where=[("genre", "news")])) == 20
    assert storage.subcorpus_tokens(Filters(docs=["d2", "d4"])) == 12
    assert storage.subcorpus_tokens(Filters(where=[("genre", "news")], docs=["d2"])) == 0
    assert storage.subcorpus_tokens(Filters(pos=["NOUN"])) is None  # tokens, not documents


def test_the_documents_of_tokens(storage):
    every = np.arange(1, 33)
    assert storage.document_count(every) == 4  # more tokens than sentences
    assert storage.document_count(np.asarray([22, 2, 8])) == 2  # fewer, any order
    assert storage.document_count(np.zeros(0, dtype=np.int64)) == 0
    rows = storage.document_rows(np.asarray([31, 1, 14]))
    names = storage.document_names(rows)
    assert [names[int(r)] for r in rows] == ["d4", "d1", "d2"]


def test_a_removed_document_is_not_counted(punctuated, tmp_path, monkeypatch):
    """Until the store is compacted, a removed document's sentences stay in its
    segments (as while a removal and a read run at once): they are skipped."""
    monkeypatch.setattr(token_store, "compact", lambda handles: False)
    folder = shutil.copytree(punctuated, tmp_path / "idx")
    with sensegrep.open(folder) as index:
        index.remove(docs=["d4"])
        assert index.search("bank").total == 5
    with Index.open(folder) as storage:
        assert len(storage.token_snapshot().removed) == 1  # still in the store's segments
        assert storage.corpus_tokens() == 29
        assert storage.subcorpus_tokens(Filters(where=[("genre", "fiction")])) == 9
        assert storage.document_count(np.arange(1, 30)) == 3


@pytest.mark.parametrize("store", [True, False], ids=["store", "tables"])
def test_totals_on_both_backends(backend, tmp_path, monkeypatch, store):
    corpus = tmp_path / "corpus.conllu"
    corpus.write_text(conllu(*PUNCTUATED), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16").close()
    if not store:
        monkeypatch.setattr(token_store, "covers_all", lambda handles: False)
    with sensegrep.open(tmp_path / "idx") as index:
        found = index.search("bank", where={"genre": "news"}, sort="doc", k=2)
        assert found.ids == [2, 8]
        assert (found.total, found.documents, found.tokens, found.subcorpus_tokens) == (
            3, 2, 32, 20
        )  # fmt: skip


def test_a_text_only_word_is_counted_without_listing_it(tmp_path):
    """candidate_totals gives what listing the word's occurrences gives (how many, in
    how many documents), under every filter; None for a word with vectors, whose
    occurrences are the tokens that have one."""
    corpus = tmp_path / "corpus.conllu"
    corpus.write_text(conllu(*PUNCTUATED), encoding="utf-8")
    sensegrep.add(tmp_path / "text", corpus, vectors_for="none")
    filters = [
        Filters(),
        Filters(pos=["NOUN"]),
        Filters(pos=["VERB"]),
        Filters(where=[("genre", "news")]),
        Filters(docs=["d2", "d4"]),
        Filters(where=[("genre", "fiction")], pos=["NOUN"]),
    ]
    with Index.open(tmp_path / "text") as storage:
        for word, by_form in [("bank", False), ("Bank", True), ("lend", False), ("zzz", False)]:
            for chosen in filters:
                listed = storage.candidates(word, by_form, chosen).ids
                expected = (len(listed), storage.document_count(listed))
                assert storage.candidate_totals(word, by_form, chosen) == expected
        assert storage.candidate_totals("bank") == (5, 3)


def test_a_word_with_vectors_is_not_counted_from_the_store(punctuated):
    with Index.open(punctuated) as storage:
        assert storage.candidate_totals("bank") is None


def test_the_index_state_changes_with_every_write(punctuated, tmp_path):
    folder = shutil.copytree(punctuated, tmp_path / "idx")
    with Index.open(folder) as storage:
        states = [storage.index_state(), storage.index_state()]
    assert states[0] == states[1]  # reading changes nothing
    more = tmp_path / "more.conllu"
    more.write_text(conllu((["newdoc id = d5"], "Bank/bank/NOUN ././PUNCT")), encoding="utf-8")
    sensegrep.add(folder, more, model="fake:16")
    with sensegrep.open(folder) as index:
        states.append(index.storage.index_state())
        index.remove(docs=["d2"])
        states.append(index.storage.index_state())
        index.compact()
        states.append(index.storage.index_state())
    assert len(set(states)) == 4  # the two first alike, then an add, a removal, a compaction


def test_a_doc_id_written_decomposed_is_found_typed_composed(tmp_path):
    """A file named "café.txt" on macOS has a decomposed (NFD) name, so its id is; the
    doc column shows "café.txt", and --doc café.txt typed composed was refused as no
    document's id."""
    import unicodedata

    import sensegrep

    folder = tmp_path / "c"
    folder.mkdir()
    (folder / (unicodedata.normalize("NFD", "café") + ".txt")).write_text(
        "Un café noir.\n", "utf-8"
    )
    (folder / "thé.txt").write_text("Un thé et un café.\n", "utf-8")
    with sensegrep.build(tmp_path / "idx", folder, lang="fr", vectors_for="none") as index:
        found = index.search("café", doc="café.txt")
        both = index.search("café", doc=["café.txt", "thé.txt"])
    assert found.total == 1 and found.subcorpus_tokens == 4
    assert both.total == 2
