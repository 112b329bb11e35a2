"""Issue 23, what totals cost: a page in corpus order lists only its own lines, the totals
of all the matches are counted apart (from the token store, without listing them) and
kept per query and index state, so that paging through a query counts them once. Kept
totals go when the index changes, and every total is the exact one.

The corpus is helpers.PUNCTUATED (32 tokens; "bank" 5 times in d1, d2, d3; d1 and d3
news), indexed with vectors and text-only."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
from sensegrep.search import engine
from sensegrep.search.cache import StateCache
from sensegrep.storage import Index, occurrences, token_store

from ..helpers import PUNCTUATED, conllu

COUNTING = ("candidate_totals", "document_count", "corpus_tokens", "subcorpus_tokens")
MORE_BANK = (["newdoc id = d5", "newdoc genre = news"], "Bank/bank/NOUN rose/rise/VERB ././PUNCT")


def _build(folder: Path, sentences, text_only: bool) -> None:
    corpus = folder.parent / f"{folder.name}-{len(sentences)}.conllu"
    corpus.write_text(conllu(*sentences), encoding="utf-8")
    options = {"vectors_for": "none"} if text_only else {"model": "fake:16"}
    sensegrep.add(folder, corpus, **options)


@pytest.fixture(scope="module", params=["vectors", "text-only"])
def indexes(request, tmp_path_factory) -> dict[str, Path]:
    """The corpus indexed (with vectors, or text-only) whole, and with d1 removed, its
    tokens left in the store's segments (no compaction). Read them only."""
    base = tmp_path_factory.mktemp(request.param)
    for name in ("all", "d1-removed"):
        _build(base / name, PUNCTUATED, request.param == "text-only")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(token_store, "compact", lambda handles: False)
        with sensegrep.open(base / "d1-removed") as index:
            index.remove(docs=["d1"])
    return {"all": base / "all", "d1-removed": base / "d1-removed"}


@pytest.fixture(params=["vectors", "text-only"])
def folder(request, tmp_path) -> Path:
    """The corpus indexed afresh, to write to."""
    _build(tmp_path / "idx", PUNCTUATED, request.param == "text-only")
    return tmp_path / "idx"


def _counting_calls(monkeypatch) -> dict[str, int]:
    """How many times the index is asked for a count (or a size) behind the totals."""
    calls = dict.fromkeys(COUNTING, 0)
    for name in COUNTING:
        original = getattr(Index, name, None)
        if original is None:
            continue

        def counted(self, *args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Index, name, counted)
    return calls


@pytest.mark.parametrize(
    "word, options",
    [
        ("bank", {}),
        ("bank", {"where": {"genre": "news"}}),
        ("bank", {"sort": "right1"}),
        ("", {"cql": '[lemma="bank"] [pos="PUNCT"]'}),
        ("", {"cql": '[pos="ADJ"] [pos="NOUN"]'}),
    ],
)
def test_paging_counts_the_totals_once(indexes, monkeypatch, word, options):
    calls = _counting_calls(monkeypatch)
    with sensegrep.open(indexes["all"]) as index:
        first = index.search(word, k=1, **options)
        counted = sum(calls.values())
        assert counted > 0
        pages = [index.search(word, k=1, offset=offset, **options) for offset in (1, 2)]
        assert sum(calls.values()) == counted  # kept from the first page
        assert {page.total for page in pages} == {first.total}
        assert {page.documents for page in pages} == {first.documents}
        assert index.total(word, **options) == first.total
        assert sum(calls.values()) == counted


def test_a_first_page_lists_only_its_own_lines(tmp_path, monkeypatch):
    """The page's candidates (a text-only word's) or matches (a pattern's) are only
    offset+k: the totals of the others are counted without listing them."""
    _build(tmp_path / "idx", PUNCTUATED, text_only=True)
    listed: list[int] = []
    candidates, match_spans = occurrences.candidates, engine.match_spans

    def listing(*args, **kwargs):
        found = candidates(*args, **kwargs)
        listed.append(len(found))
        return found

    def spans(index, pattern, limit=None):
        found = match_spans(index, pattern, limit)
        listed.append(len(found))
        return found

    monkeypatch.setattr(occurrences, "candidates", listing)
    monkeypatch.setattr(engine, "match_spans", spans)
    with sensegrep.open(tmp_path / "idx") as index:
        page = index.search("bank", k=2)
        assert (page.ids, page.total, page.documents) == ([2, 8], 5, 3)
        assert max(listed) == 2
        listed.clear()
        page = index.search("", cql='[pos="NOUN"]', k=2)
        assert (len(page), page.total, page.documents) == (2, 11, 4)
        assert max(listed) == 2


@pytest.mark.parametrize(
    "word, options",
    [
        ("bank", {}),
        ("bank", {"form": True}),
        ("Bank", {"form": True}),
        ("bank", {"pos": ["NOUN"]}),
        ("bank", {"where": {"genre": "news"}}),
        ("bank", {"doc": ["d2"]}),
        ("bank", {"where": {"genre": "news"}, "pos": ["NOUN"]}),
        ("bank", {"max_per_doc": 1}),
        ("bank", {"sort": "left1"}),
        ("", {"cql": '[lemma="bank"] [pos="PUNCT"]'}),
        ("", {"cql": '[pos="ADJ"] [pos="NOUN"]'}),
        ("", {"cql": '[pos="NOUN"]'}),
        ("", {"cql": '[word="[Bb]ank|river"] []'}),
        ("", {"cql": '[pos="ADJ"]? [lemma="bank"]'}),
        ("", {"cql": '[pos="NOUN"] [pos="NOUN|VERB"]{1,2}'}),
        ("", {"cql": '[pos="NOUN"]', "where": {"genre": "fiction"}}),
    ],
)
@pytest.mark.parametrize("which", ["all", "d1-removed"])
def test_totals_are_those_of_every_match(indexes, which, word, options):
    """Whatever a page reads, its totals are those of listing every match: the number
    of lines and the documents they are in; a removed document (its tokens still in
    the store's segments until a compaction) counts for nothing. --max-per-doc chooses
    the lines, not the matches: ``lines_available`` counts its lines."""
    matching = {name: value for name, value in options.items() if name != "max_per_doc"}
    with sensegrep.open(indexes[which]) as index:
        every = index.search(word, **matching)
        lines = index.search(word, **options)
        page = index.search(word, k=1, offset=1, **options)
        assert page.total == len(every)
        assert page.documents == len({hit.doc for hit in every})
        assert (page.tokens, page.subcorpus_tokens) == (every.tokens, every.subcorpus_tokens)
        assert page.lines_available == len(lines)
        assert index.total(word, **options) == len(every)


def test_kept_totals_go_when_the_index_changes(folder):
    """An add (by another writer, as `sensegrep index` in another process), a removal
    and a compaction each change the index's state: the next page counts again."""
    with sensegrep.open(folder) as index:
        text_only = not index.storage.has_vectors
        first = index.search("bank", k=2)
        assert (first.total, first.documents, first.tokens) == (5, 3, 32)
        _build(folder, [MORE_BANK], text_only)
        added = index.search("bank", k=2, offset=2)
        assert (added.total, added.documents, added.tokens) == (6, 4, 35)
        index.remove(docs=["d2"])
        removed = index.search("bank", k=2, offset=2)
        assert (removed.total, removed.documents, removed.tokens) == (4, 3, 26)
        index.compact()
        compacted = index.search("bank", k=2, offset=2)
        assert (compacted.total, compacted.documents, compacted.tokens) == (4, 3, 26)
        assert index.search("", cql='[lemma="bank"]', k=1).total == 4


def test_a_sense_total_is_never_kept(tmp_path):
    """--sense follows the word's sense runs, which the index state does not: its
    totals are counted for every page."""
    assert engine._totals_key(engine.SearchRequest("bank", sense=1)) is None
    key = engine._totals_key(engine.SearchRequest("bank", k=5, offset=10, sort=("right1",)))
    assert key == engine._totals_key(engine.SearchRequest("bank"))
    assert key != engine._totals_key(engine.SearchRequest("bank", form=True))


def test_the_cache_keeps_a_few_values_of_one_state():
    cache: StateCache[int] = StateCache(entries=2)
    cache.put("s1", "a", 1)
    cache.put("s1", "b", 2)
    assert cache.get("s1", "a") == 1  # now the most recently used
    cache.put("s1", "c", 3)
    assert (cache.get("s1", "a"), cache.get("s1", "b"), cache.get("s1", "c")) == (1, None, 3)
    assert cache.get("s2", "a") is None  # another state: nothing of the old one
    cache.put("s2", "a", 4)
    assert len(cache) == 1 and cache.get("s1", "c") is None
