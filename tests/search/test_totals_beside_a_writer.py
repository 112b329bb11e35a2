"""Issue 23, a shared index: a search's totals and its lines are of one state of the
index, even when another process commits a batch (or removes a document) while the
search reads. A search reads in several statements (the state its kept totals are keyed
by, the page's lines, the totals counted apart, the corpus's size); a write committed
between two of them once gave "40 matches in 24 documents" over 47 lines in 27.

The writes are made at the very point between two reads, in this process (another
writer's commit is the same to the reader: a new state of the files and tables)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import sensegrep
from sensegrep.search import engine

from ..helpers import conllu

BASE = [
    (["newdoc id = d1", "newdoc year = 1990"], "The/the/DET bank/bank/NOUN lends/lend/VERB "
     "././PUNCT"),
    ([], "A/a/DET river/river/NOUN bank/bank/NOUN ././PUNCT"),
    (["newdoc id = d2", "newdoc year = 1991"], "Old/old/ADJ bank/bank/NOUN ././PUNCT"),
]  # fmt: skip
# Another writer's document: "bank" twice more, in a third document.
ADDED = [
    (["newdoc id = d3", "newdoc year = 1992"], "Bank/bank/NOUN and/and/CCONJ bank/bank/NOUN "
     "././PUNCT"),
]  # fmt: skip


def _add(folder: Path, sentences, name: str, text_only: bool) -> None:
    corpus = folder.parent / name
    corpus.write_text(conllu(*sentences), encoding="utf-8")
    sensegrep.add(
        folder, corpus, **({"vectors_for": "none"} if text_only else {"model": "fake:16"})
    )


@pytest.fixture(params=["vectors", "text-only"])
def folder(request, tmp_path: Path) -> Path:
    _add(tmp_path / "idx", BASE, "base.conllu", request.param == "text-only")
    return tmp_path / "idx"


def _written_once(monkeypatch, name: str, write) -> None:
    """Make ``write`` happen once, just before the Searcher's method ``name`` reads."""
    original, done = getattr(engine.Searcher, name), []

    def wrapped(self, *args, **kwargs):
        if not done:
            done.append(True)
            write()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(engine.Searcher, name, wrapped)


def _consistent(hits) -> None:
    """The totals are those of the lines listed (every match is on this one page)."""
    per_doc = Counter(hit.doc for hit in hits)
    assert (hits.total, hits.documents) == (len(hits), len(per_doc))


@pytest.mark.parametrize(
    ("kept", "between"),
    [(True, "_selection"), (False, "_selection"), (False, "_sizes")],
)
def test_an_add_between_two_reads_gives_totals_of_the_lines_shown(
    folder, monkeypatch, kept, between
):
    """``kept``: the query was asked before, so its totals are kept for this state."""
    with sensegrep.open(folder) as index:
        text_only = not index.storage.has_vectors
        if kept:
            first = index.search("bank", k=100)
            assert (first.total, first.documents, first.tokens) == (3, 2, 11)
        _written_once(monkeypatch, between, lambda: _add(folder, ADDED, "d3.conllu", text_only))
        for where in (None, {"year": "1990..1999"}):
            hits = index.search("bank", k=100, where=where)
            _consistent(hits)
            assert (hits.total, hits.documents, hits.tokens) == (5, 3, 15)


@pytest.mark.parametrize(("k", "between"), [(100, "_selection"), (2, "_count_apart")])
def test_a_removal_between_two_reads_gives_totals_of_the_lines_shown(
    folder, monkeypatch, k, between
):
    """``k`` 2: a first page of 2 lines of the 3 matches, its totals counted apart."""
    with sensegrep.open(folder) as index, sensegrep.open(folder) as other:
        _written_once(monkeypatch, between, lambda: other.remove(docs=["d1"]))
        hits = index.search("bank", k=k)
        assert (hits.total, hits.documents, hits.tokens, [h.doc for h in hits]) == (1, 1, 3, ["d2"])


def test_a_count_table_counts_the_lines_of_its_totals(folder, monkeypatch):
    """`--count`'s table: its rows add up to the total it says it counted."""
    with sensegrep.open(folder) as index:
        text_only = not index.storage.has_vectors
        assert index.count("bank", "doc").total == 3
        _written_once(
            monkeypatch, "_selection", lambda: _add(folder, ADDED, "d3.conllu", text_only)
        )
        counts = index.count("bank", "doc")
        assert counts.total == sum(row["count"] for row in counts) == 5
