"""Search across words (`search --any-word`, `neighbours`): an ANN file over every
occurrence, kept up to date as documents come and go, close to exact search."""

from __future__ import annotations

import numpy as np
import pytest

import sensegrep
from sensegrep.document import Document, Sentence, Token
from sensegrep.embedder.base import EmbedderConfig
from sensegrep.storage import Index, PreparedDocument
from sensegrep.storage import any_word as ann_module

from ..helpers import EXAMPLES, hits, run, write_jsonl

DIM = 64
CONFIG = EmbedderConfig(model="fake:64", layers=(0,), pooling="mean", dim=DIM)
RIVER = "we had a picnic on the grassy [[bank]] of the river"
MONEY = "she opened a savings account at the [[bank]]"


def clustered_batch(start: int, n: int, rng: np.random.Generator, centres: np.ndarray):
    """``n`` one-word documents; word i is lemma w{i % 30}; vectors = one of the centres
    plus noise (senses shared across words, as real vectors have)."""
    docs, labels = [], rng.integers(0, len(centres), n)
    for i in range(start, start + n):
        word = f"w{i % 30}"
        doc = Document(f"d{i}", word, [Sentence([Token(word, 0, len(word), lemma=word)])])
        docs.append(PreparedDocument(doc, f"sha{i}", "gen", [[i - start]]))
    vectors = centres[labels] + 0.35 * rng.standard_normal((n, DIM))
    return docs, vectors.astype(np.float32)


def exact(index: Index, query: np.ndarray, k: int) -> np.ndarray:
    found = index.existing(np.arange(1, 100_000))
    vectors = index.vectors_of(found)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return found.ids[np.argsort(-(vectors @ (query / np.linalg.norm(query))))[:k]]


def test_the_ann_file_finds_what_exact_search_finds_and_follows_edits(tmp_path, monkeypatch):
    monkeypatch.setattr(ann_module, "MIN_TRAIN", 3_000)
    monkeypatch.setattr(ann_module, "TAIL_MAX", 500)
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((40, DIM)).astype(np.float32)
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as index:
        docs, vectors = clustered_batch(0, 2_000, rng, centres)
        index.add_batch(docs, vectors)
        assert index.update_ann() is None  # too small: queries are exact
        docs, vectors = clustered_batch(2_000, 4_000, rng, centres)
        index.add_batch(docs, vectors)
        assert index.update_ann() == "built"

        queries = centres[:20] + 0.35 * rng.standard_normal((20, DIM)).astype(np.float32)
        recall = np.mean(
            [len(set(index.nearest(q, 10)[0]) & set(exact(index, q, 10))) / 10 for q in queries]
        )
        assert recall >= 0.95, recall

        # New occurrences are searched exactly until they join the file.
        docs, vectors = clustered_batch(6_000, 400, rng, centres)
        index.add_batch(docs, vectors)
        assert index.update_ann() is None  # 400 ≤ TAIL_MAX
        newest = index.candidates("w0").ids[-1]
        own = index.vectors_of(index.candidates_by_id([newest]))[0]
        assert index.nearest(own, 1)[0][0] == newest
        docs, vectors = clustered_batch(6_400, 200, rng, centres)
        index.add_batch(docs, vectors)
        assert index.update_ann() == "extended"

        # Removed occurrences are never returned, and their share triggers a rebuild.
        index.remove(docs=[f"d{i}" for i in range(0, 6_600, 2)])
        assert ann_module.state(index).count == 3_300
        assert not set(index.nearest(own, 50)[0]) - set(index.existing(np.arange(1, 7_000)).ids)
        assert index.check() == []


def test_any_word_needs_a_usage(tmp_path, runner):
    idx = tmp_path / "idx"
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "The bank of the river."}])
    assert run(runner, idx, "index", str(corpus), "--model", "fake:16")[0] == 0
    code, _, err = run(runner, idx, "search", "--any-word")
    assert code == 1 and "--any-word needs a usage" in err
    code, out, err = run(runner, idx, "search", "--any-word", "-e", "the [[bank]] here", "-k", "2")
    assert code == 0, err
    assert [h["word"] for h in hits(out)] == ["bank", "bank"] and len(hits(out)) == 2
    # It has no total, and says why, where a word's search says its totals (it said
    # nothing: a KWIC of 2 lines read as all the matches).
    assert err.startswith("the 2 usages of any word nearest the query (--any-word: the k ")
    code, out, _ = run(runner, idx, "search", "--any-word", "-e", "the [[bank]] here", "-k", "1",
                       "--format", "kwic")  # fmt: skip
    assert out.startswith("# the 1 usage of any word nearest the query (--any-word: ")
    # A next page's line is not "the 1 nearest": it said so of the second.
    code, out, _ = run(runner, idx, "search", "--any-word", "-e", "the [[bank]] here", "-k", "1",
                       "--offset", "1", "--format", "kwic")  # fmt: skip
    assert out.startswith("# usage 2 of any word nearest the query (--any-word: "), out


def test_any_word_pages_follow_one_another(built):
    """``offset`` pages through the nearest usages: page 2 goes on where page 1 stopped
    (the offset was ignored, so every page repeated the first)."""
    everything = built.search_any(RIVER, k=12)
    pages = [built.search_any(RIVER, k=4, offset=offset) for offset in (0, 4, 8)]
    assert [h.id for page in pages for h in page] == everything.ids
    assert [h.rank for page in pages for h in page] == list(range(1, 13))
    assert pages[1].offset == 4


def test_any_word_sorts_its_page(built):
    """``sort`` orders the page of nearest usages, as a ranked search's page (it was
    ignored while the CLI's note said it sorted)."""
    nearest = built.search_any(RIVER, k=8)
    by_doc = built.search_any(RIVER, k=8, sort="doc,left1")
    assert sorted(by_doc.ids) == sorted(nearest.ids)
    docs = [h.doc for h in by_doc]
    assert docs == sorted(docs) and docs != [h.doc for h in nearest]
    assert [h.rank for h in by_doc] == list(range(1, 9))
    # Issue 23: each page was sorted apart without a word, as if the nearest were all
    # sorted (a ranked search's page says so).
    assert (
        "any_word=True keeps the nearest usages: sort orders only this page, each page apart "
        "(ask k for all the lines at once to sort them together)"
    ) in by_doc.notes
    assert not [n for n in nearest.notes if "sort" in n]


def test_any_word_says_it_leaves_the_liked_occurrences_out(built, runner):
    """Issue 23: --like's occurrence, the nearest to itself, is left out of any-word's
    lines as of a word's search, and said so, in the lines, the count and the CLI."""
    liked = built.search("bank", docs=["m1"]).ids
    found = built.search_any(like=liked, k=20)
    assert liked[0] not in found.ids and len(found) > 0
    assert found.notes == ["the 1 occurrence given by like is left out of the lines"]
    counts = built.count("", "lemma", any_word=True, like=liked)
    assert "the 1 occurrence given by like is left out of the lines" in counts.notes
    assert sum(row["count"] for row in counts) == len(built.search_any(like=liked))
    code, out, err = run(runner, built.path, "search", "--any-word", "--like", str(liked[0]),
                         "--format", "jsonl")  # fmt: skip
    assert code == 0 and liked[0] not in [h["id"] for h in hits(out)]
    assert "note: the 1 occurrence given by --like is left out of the lines" in err


def test_any_word_refuses_expand_it_would_drop(built, runner):
    """--expand re-ranks a word's candidates; any-word's nearest usages were returned
    without it, silently (issue 23)."""
    with pytest.raises(sensegrep.QueryError, match=r"^any_word=True works with .*expand\)"):
        built.search_any(RIVER, expand=3)  # in the library's keywords
    code, _, err = run(runner, built.path, "search", "--any-word", "-e", RIVER, "--expand", "3")
    assert code == 1 and "--expand" in err and len(err.strip().splitlines()) == 1


def test_neighbours_share_is_of_the_occurrences_it_counts(built, runner):
    """The share divides by the nearest occurrences less the marked word's own (which
    are left out), and the header says that number: read as of all -n, it was too big."""
    nearest = [h.lemma.lower() for h in built.search_any(RIVER, k=30)]
    others = [lemma for lemma in nearest if lemma != "bank"]
    assert 0 < len(others) < 30  # some of the nearest are "bank"'s own: the case at stake
    found = built.neighbours(RIVER, n=30, k=100)
    assert sum(n.count for n in found) == len(others)
    assert {n.counted for n in found} == {len(others)}
    code, out, err = run(runner, built.path, "neighbours", "-e", RIVER, "-n", "30", "-k", "100")
    assert code == 0
    # The fixture has fewer than 30 occurrences: the header says how many it looked through.
    assert f"share: of the {len(others)} of the {len(nearest)} nearest occurrences" in err
    for line, n in zip(out.splitlines(), found, strict=True):
        assert line.split()[:2] == [str(n.count), f"{n.count / len(others):.1%}"]


def test_any_word_filter_finds_a_document_far_from_the_usage(tmp_path, runner):
    """A filter applies after the search: a document none of whose occurrences was among
    the first k × 10 nearest answered "0 matches … with --doc", though it has some."""
    words = ["shore", "lender", "fountain", "hoist", "heron", "meadow", "ledger", "quarry"]
    records = [
        {"id": f"d{i}", "text": f"The {words[i % 8]} near the {words[(i * 3 + 1) % 8]} stood."}
        for i in range(40)
    ]
    corpus = write_jsonl(tmp_path / "far.jsonl", records)
    built = sensegrep.build(tmp_path / "far", corpus, model="fake:16")
    every = built.search_any(RIVER, k=100_000)
    best: dict[str, int] = {}
    for hit in every:
        best.setdefault(hit.doc, hit.id)
    far = [hit.doc for hit in every if hit.rank > 10 and best[hit.doc] == hit.id]
    assert far, "the case at stake: a document whose best occurrence ranks past 10"
    found = built.search_any(RIVER, k=1, doc=[far[-1]])
    assert [h.id for h in found] == [best[far[-1]]]
    code, out, _ = run(runner, built.path, "search", "--any-word", "-e", RIVER, "--doc",
                       far[-1], "-k", "1", "--format", "jsonl")  # fmt: skip
    assert code == 0 and [h["id"] for h in hits(out)] == [best[far[-1]]]
    built.close()


def test_neighbours_with_none_counted_says_of_how_many(built, runner):
    """-n 1 (the usage's own word nearest): "no other word is used in this sense among
    the nearest occurrences" read as a finding about the corpus."""
    assert built.search_any(RIVER, k=1)[0].lemma == "bank"  # the case at stake
    code, out, err = run(runner, built.path, "neighbours", "-e", RIVER, "-n", "1")
    assert code == 0 and not out
    assert "among the 1 nearest occurrences (-n): all are of the marked word's own" in err


def test_any_word_empty_under_a_filter_says_only_tokens_with_vectors_are_searched(built, runner):
    """--pos DET: "0 matches for any word used in that sense with --pos DET" read as
    no determiner being used so, though determiners are never searched (no vectors)."""
    assert built.search("the", pos="DET")  # the index has determiners
    code, out, err = run(runner, built.path, "search", "--any-word", "-e", RIVER, "--pos", "DET")
    assert code == 0 and not out
    assert "searches the tokens with a sense vector only" in err, err


def test_any_word_refuses_a_marked_word_whose_tokens_have_no_vector(built, runner):
    """A marked function word ("the", whose tokens get no vector): the lines were content
    words and neighbours ranked them, exit 0, though no word of its kind can be found;
    a ranked search of it is refused in one line, and so is this (issue 23)."""
    usage = "we had a picnic on [[the]] grassy bank of the river"
    with pytest.raises(sensegrep.QueryError, match=r"no token of 'the' .* has a sense vector"):
        built.search_any(usage)
    with pytest.raises(sensegrep.QueryError, match=r"no token of 'the' .* has a sense vector"):
        built.neighbours(usage)
    for args in (("search", "--any-word", "-e", usage), ("neighbours", "-e", usage)):
        code, out, err = run(runner, built.path, *args)
        assert code == 1 and not out and len(err.strip().splitlines()) == 1, err
    assert built.search_any("we sat on the grassy [[riverside]]", k=3)  # not in the index: asked


def test_neighbours_says_how_many_it_looked_through_when_n_is_more(built, runner):
    """-n above the occurrences the index has: the header said "of the 1,000 nearest",
    though fewer were there to look through (issue 23)."""
    every = built.search_any(RIVER, k=100_000)
    found = built.neighbours(RIVER, n=len(every) + 500, k=3)
    assert {n.nearest for n in found} == {len(every)}
    code, _, err = run(runner, built.path, "neighbours", "-e", RIVER, "-n",
                       str(len(every) + 500), "-k", "3")  # fmt: skip
    assert code == 0 and f"of the {len(every) + 500:,} nearest" not in err
    assert f"of the {len(every):,} nearest occurrences (all the index has with vectors" in err


@pytest.mark.model
def test_a_planted_synonym_is_a_neighbour_of_its_sense_only(tmp_path, minilm_embedder):
    planted = write_jsonl(
        tmp_path / "planted.jsonl",
        [
            {"id": "p1", "text": "Reeds grew thickly along the riverbank below the mill."},
            {"id": "p2", "text": "The heron stood motionless on the riverbank all morning."},
        ],
    )
    corpus = [EXAMPLES / "corpus.jsonl", planted]
    with sensegrep.build(tmp_path / "i", corpus, embedder=minilm_embedder) as idx:
        river = {n.lemma: n for n in idx.neighbours(RIVER, n=60, k=10)}
        money = {n.lemma: n for n in idx.neighbours(MONEY, n=200, k=1_000)}
        found = [h.lemma for h in idx.search_any(RIVER, k=40) if h.lemma != "bank"]
    assert "riverbank" in list(river)[:3], list(river)
    assert river["riverbank"].best > money["riverbank"].best + 0.1
    assert found[0] == "riverbank", found[:5]


def test_the_ann_file_gives_as_many_as_asked_when_the_index_holds_them(tmp_path, monkeypatch):
    """A query for more occurrences than the lists it visits hold: it came back short
    (neighbours -n 400 on 475 occurrences looked through 231, "all the index has with
    vectors"); more lists are visited until the asked number is found."""
    monkeypatch.setattr(ann_module, "MIN_TRAIN", 3_000)
    rng = np.random.default_rng(1)
    centres = rng.standard_normal((40, DIM)).astype(np.float32)
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as index:
        docs, vectors = clustered_batch(0, 4_000, rng, centres)
        index.add_batch(docs, vectors)
        assert index.update_ann() == "built"
        live = len(index.existing(np.arange(1, 10_000)).ids)
        for k in (300, 3_000, live, live + 100):
            assert len(index.nearest(centres[0], k)[0]) == min(k, live), k


@pytest.mark.parametrize("harm", ["deleted", "damaged"])
def test_a_missing_or_damaged_ann_file_is_named_checked_and_rebuilt_by_compact(
    tmp_path, monkeypatch, runner, harm
):
    """The ANN file gone (a copy that left it out, a deletion): every query said "the
    file kept changing while being read: try again", `check` said ok, and the damaged
    file's advice, `sensegrep compact`, did not rebuild it."""
    monkeypatch.setattr(ann_module, "MIN_TRAIN", 1_000)
    rng = np.random.default_rng(2)
    centres = rng.standard_normal((40, DIM)).astype(np.float32)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as index:
        docs, vectors = clustered_batch(0, 1_500, rng, centres)
        index.add_batch(docs, vectors)
        assert index.update_ann() == "built"
        path = folder / "vectors" / ann_module.state(index).file
    if harm == "deleted":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes()[:100])
    with Index.open(folder) as index:
        with pytest.raises(sensegrep.SensegrepError, match=r"`sensegrep compact` rebuilds it"):
            index.nearest(centres[0], 5)
        assert [p for p in index.check() if "search-across-words file" in p], index.check()
    code, _, err = run(runner, folder, "check")
    assert code == 1 and str(path) in err
    code, _, err = run(runner, folder, "compact")
    assert code == 0, err
    with Index.open(folder) as index:
        assert len(index.nearest(centres[0], 5)[0]) == 5
        assert index.check() == []
        assert ann_module.state(index).count == 1_500


def test_pages_through_the_approximate_file_join_up(tmp_path, monkeypatch):
    """Issue 23: a deeper page was ranked among more of the file's candidates than the
    first (pool 10 a line up to its end), so pages of 100 repeated 65 of 400 lines of
    one query on SemCor and left out as many: the lines are one sequence whatever k and
    offset are, with or without a filter. Pages of 50: the first asked the file for its
    nearest 1,000, found in the lists it visits first; the second for 4,000, which
    visits more lists, and its nearest 1,000 differed (19 of 600 lines repeated)."""
    monkeypatch.setattr(ann_module, "MIN_TRAIN", 3_000)
    rng = np.random.default_rng(5)
    centres = rng.standard_normal((6_000, DIM)).astype(np.float32)  # no clusters: PQ errs
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as index:
        index.add_batch(*clustered_batch(0, 6_000, rng, centres))
        assert index.update_ann() == "built"
    with sensegrep.open(folder) as idx:
        third = [f"d{i}" for i in range(0, 6_000, 3)]
        for size, filters in ((100, {}), (150, {}), (50, {}), (50, {"doc": third})):
            pages = [
                idx.search_any(like=[1], k=size, offset=offset, **filters)
                for offset in range(0, 600, size)
            ]
            whole = idx.search_any(like=[1], k=600, **filters)
            assert [h.id for page in pages for h in page] == [h.id for h in whole]
            assert [h.rank for page in pages for h in page] == list(range(1, len(whole) + 1))


def test_any_word_and_info_say_when_the_nearest_came_from_the_approximate_file(
    tmp_path, monkeypatch, runner
):
    """Issue 23: once the index had an ANN file, --any-word said "the k nearest" of lines
    the file chose (on SemCor's nouns, its first page missed the exact nearest, *gowns*
    for a *dress*), and `info` said nothing of it: a note and an `info` row say how many
    occurrences were searched approximately, and how many exactly."""
    monkeypatch.setattr(ann_module, "MIN_TRAIN", 3_000)
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((40, DIM)).astype(np.float32)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as index:
        index.add_batch(*clustered_batch(0, 2_000, rng, centres))
        assert index.update_ann() is None  # too small: exact
    with sensegrep.open(folder) as idx:
        assert not [n for n in idx.search_any(like=[1], k=5).notes if "approximate" in n]
        assert idx.info()["any_word_search"]["exact"] == 2_000
        assert {n.approximate for n in idx.neighbours("the [[w1]] here", n=50)} == {0}
    with Index.open_for_writing(folder, CONFIG) as index:
        index.add_batch(*clustered_batch(2_000, 2_000, rng, centres))
        assert index.update_ann() == "built"
        index.add_batch(*clustered_batch(4_000, 100, rng, centres))
        assert index.update_ann() is None  # scored exactly until they join the file
    with sensegrep.open(folder) as idx:
        said = [n for n in idx.search_any(like=[1], k=5).notes if "approximate" in n]
        assert said == [
            "approximate: 4,000 occurrences were searched through the any-word file "
            "(IVF-PQ: the 8 (or more) of its 32 lists nearest the usage, then re-scored "
            "exactly), the other 100 (given vectors since it was built) exactly, so some "
            "of the exact nearest may be missing from the lines"
        ]
        assert idx.info()["any_word_search"] == {
            "approximate": 4_000, "exact": 100, "lists": 32, "probes": 8,
        }  # fmt: skip
    code, _, err = run(runner, folder, "search", "--any-word", "--like", "1", "--format", "jsonl")
    assert code == 0 and "note: approximate: 4,000 occurrences were searched" in err
    code, out, _ = run(runner, folder, "info")
    assert "approximate for 4,000 occurrences (an IVF-PQ file" in out
    with sensegrep.open(folder) as idx:  # neighbours count the nearest the file found
        assert {n.approximate for n in idx.neighbours("the [[w1]] here", n=50)} == {4_000}
    code, _, err = run(runner, folder, "neighbours", "-e", "the [[w1]] here", "-n", "50")
    assert code == 0 and "note: approximate: 4,000 occurrences were searched" in err
    assert err.count("note: approximate:") == 1, err  # it was said twice


def test_removals_that_leave_a_small_index_drop_the_ann_file(tmp_path, monkeypatch):
    """Removing most documents retrained the ANN file on what was left: on too few
    vectors (fewer than its lists) `remove` ended in a FAISS traceback after its commit,
    and a few thousand left were searched approximately, where an index that never grew
    as big is searched exactly: below MIN_TRAIN the file is dropped."""
    monkeypatch.setattr(ann_module, "MIN_TRAIN", 3_000)
    rng = np.random.default_rng(4)
    centres = rng.standard_normal((40, DIM)).astype(np.float32)
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as index:
        index.add_batch(*clustered_batch(0, 4_000, rng, centres))
        assert index.update_ann() == "built"
        index.remove(docs=[f"d{i}" for i in range(2_000)])
        assert ann_module.state(index) is None and index.ann_coverage() is None
        assert len(index.nearest(centres[0], 2_000)[0]) == 2_000  # every one, exactly
        index.remove(docs=[f"d{i}" for i in range(2_000, 3_995)])
        assert len(index.nearest(centres[0], 10)[0]) == 5
        assert index.check() == []


def test_neighbours_with_none_counted_says_the_index_has_fewer_than_n(tmp_path, runner):
    """A text-only index given vectors for one word: "no other word is used in this sense
    among the 200 nearest occurrences (-n) … a larger -n looks further", though it had
    looked through all 5 occurrences with vectors, and a larger -n finds no more."""
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": f"d{i}", "text": f"The {w} bank was steep."} for i, w in enumerate("abcde")],
    )
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none").close()
    sensegrep.api.add_vectors(tmp_path / "idx", ["bank"], model="fake:16")
    code, out, err = run(runner, tmp_path / "idx", "neighbours", "-e", RIVER)
    assert code == 0 and not out
    assert "among all 5 occurrences the index has with vectors (-n 200)" in err, err
    assert "a larger -n finds no more" in err and "looks further" not in err
    with sensegrep.open(tmp_path / "idx") as idx:  # the API said "a larger n looks further"
        (note,) = idx.neighbours(RIVER).notes[:1]
    assert "among all 5 occurrences the index has with vectors (n=200)" in note, note
    assert "a larger n finds no more" in note and "looks further" not in note


def test_a_first_page_whose_pool_was_removed_goes_on_to_the_next_block(tmp_path, monkeypatch):
    """Issue 23: the documents nearest a usage removed (a fifth of the index: the file is
    kept), the first 1,000 of the file's candidates were all gone, and a first page of 20
    said "0 matches" where pages of 100 found 100: the sequence goes on with the next
    block, so that every k finds the same first lines."""
    monkeypatch.setattr(ann_module, "MIN_TRAIN", 3_000)
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((40, DIM)).astype(np.float32)
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as index:
        docs, _ = clustered_batch(0, 6_000, rng, centres)
        near = np.arange(6_000) < 1_300  # one sense, the usage's, for 1,300 documents
        which = np.where(near, 0, 1 + np.arange(6_000) % 39)
        vectors = centres[which] + 0.35 * rng.standard_normal((6_000, DIM))
        index.add_batch(docs, vectors.astype(np.float32))
        assert index.update_ann() == "built"
        index.remove(docs=[f"d{i}" for i in range(1, 1_300)])
        assert index.update_ann() is None  # a fifth removed: the file is kept
    with sensegrep.open(folder) as idx:
        lines = {k: [h.id for h in idx.search_any(like=[1], k=k)] for k in (20, 100, 400)}
    assert len(lines[20]) == 20
    assert lines[20] == lines[100][:20] == lines[400][:20]


def test_the_first_lines_are_the_same_however_many_are_asked(tmp_path, monkeypatch):
    """Issue 23: one search of the file for the last block's pool visited more lists
    when the nearest held fewer than that pool, which changed the first blocks' pools,
    so `-k 100` and the first 100 of `-k 400` differed and pages of 100 through SemCor's
    first 25 texts (30,466 occurrences) repeated and left out 38 of 800 lines: each
    block is ranked among its own search's candidates, whatever k is."""
    monkeypatch.setattr(ann_module, "MIN_TRAIN", 3_000)
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((12_000, DIM)).astype(np.float32)  # no clusters: PQ errs
    with Index.open_for_writing(tmp_path / "idx", CONFIG) as index:
        index.add_batch(*clustered_batch(0, 12_000, rng, centres))
        assert index.update_ann() == "built"
        for query in centres[:5]:
            whole = index.nearest(query, 1_700)[0]
            for k in (100, 400, 1_000):
                assert index.nearest(query, k)[0].tolist() == whole[:k].tolist(), k


def test_neighbours_say_a_marked_word_the_index_lacks(built, runner):
    """A typo ("[[bnak]]"): its neighbours were answered, "bank" among them, and "not of
    the marked word's own lemma (left out)" read as bank's occurrences left out, with no
    word that the word marked occurs nowhere in the index."""
    usage = "we had a picnic on the grassy [[bnak]] of the river"
    said = "'bnak' does not occur in the index"
    found = built.neighbours(usage, n=50, k=3)
    assert "bank" in [n.lemma for n in found]  # the case at stake
    assert any(said in note for note in found.notes), found.notes
    assert any(said in note for note in built.search_any(usage, k=3).notes)
    code, out, err = run(runner, built.path, "neighbours", "-e", usage, "-n", "50")
    assert code == 0 and out and said in err, err
    assert not any("does not occur" in note for note in built.neighbours(RIVER).notes)


def test_neighbours_say_a_marked_word_without_vectors_on_a_chosen_index(tmp_path, runner):
    """An index with vectors for chosen words, the marked word not among them: its
    neighbours were listed with only "searched the N tokens with vectors", and
    with_word=True gave no row of its own lemma, read as none of its occurrences being
    near, though none was searched."""
    records = [{"id": f"d{i}", "text": f"The lender and the bank {w}."} for i, w in
               enumerate(["agreed", "waited", "lent", "closed", "opened"])]  # fmt: skip
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none").close()
    sensegrep.api.add_vectors(tmp_path / "idx", ["bank"], model="fake:16")
    usage = "the [[lender]] approved the loan"
    with sensegrep.open(tmp_path / "idx") as idx:
        found = idx.neighbours(usage, with_word=True)
        assert [n.lemma for n in found] == ["bank"]  # the case at stake
        assert any("'lender' has no vectors yet" in note for note in found.notes), found.notes
        assert not any("no vectors yet" in n for n in idx.neighbours(MONEY).notes)
    code, _, err = run(runner, tmp_path / "idx", "neighbours", "-e", usage)
    assert code == 0 and "`sensegrep vectors add lender`" in err, err


def test_neighbours_leave_out_the_lemma_the_index_gave_the_marked_word(tmp_path, runner):
    """[[left]]: its own lemma was taken as the lemmatiser's "left", though the tagger gave
    its tokens "leave", so the word's own occurrences were its first neighbour (and a
    note said it did not occur in the index)."""
    texts = ["She left the bank early.", "He left the shore at dawn.", "They quit it."]
    records = [{"id": f"d{i}", "text": t} for i, t in enumerate(texts * 3)]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    usage = "she [[left]] the house early"
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as idx:
        assert {h.lemma for h in idx.search("left", form=True)} == {"leave"}  # the case
        found = idx.neighbours(usage, n=100)
        assert "leave" not in [n.lemma for n in found] and found
        assert not any("does not occur" in note for note in found.notes), found.notes
        assert "leave" in [n.lemma for n in idx.neighbours(usage, n=100, with_word=True)]
    code, out, err = run(runner, tmp_path / "idx", "neighbours", "-e", usage)
    assert code == 0 and "leave" not in out and "does not occur" not in err, err


def test_an_any_word_page_past_the_last_line_says_so(built, runner):
    """A next page past the end of the nearest usages said "0 matches for any word used
    in that sense", read as no word being used so, where a word's search says "no line
    after 5,000 (the last is line 24)": it says the offset is past the last line."""
    every = built.search_any(RIVER, k=100_000)
    assert len(every)
    past = built.search_any(RIVER, k=10, offset=len(every) + 5)
    assert not len(past) and not past.why_empty, past.notes
    assert past.lines_available == len(every)
    assert past.past_the_end.endswith(
        f"{len(every) + 5} is past the last of the {len(every):,} lines: no line to show"
    )
    assert past.past_the_end in past.notes
    code, out, err = run(runner, built.path, "search", "--any-word", "-e", RIVER,
                         "--offset", str(len(every) + 5))  # fmt: skip
    assert code == 0 and not out
    assert "0 matches" not in err and "is past the last of the" in err, err


def test_an_any_word_count_past_the_last_line_says_so(built, runner):
    """`search --any-word --count doc --offset N` past the last usage said "0 matches
    for any word used in that sense" too: it says the offset is past the last line."""
    every = len(built.search_any(RIVER, k=100_000))
    past = str(every + 5)
    code, out, err = run(runner, built.path, "search", "--any-word", "-e", RIVER, "--count",
                         "doc", "-k", "10", "--offset", past)  # fmt: skip
    assert code == 0 and not out
    assert "0 matches" not in err, err
    assert f"no line counted: none after line {past} of {every:,}" in err, err
    counted = built.count("", "doc", any_word=True, example=RIVER, k=10, offset=every + 5)
    assert not counted.why_empty and counted.lines_available == every
    said = f"is past the last of the {every:,} lines: no line to count"
    assert counted.past_the_end.endswith(said), counted.notes


NOT_ITS = r"the word 'plant' is not the word of its usage"


def test_any_word_refuses_a_word_that_is_not_the_usage_s(built, runner, tmp_path):
    """A WORD beside --any-word is none of the search (any word's usages near the
    example are): one other than the example's marked word was silently dropped, and the
    search page said the lines were of the example of it ("(its “plant”)")."""
    with pytest.raises(sensegrep.QueryError, match=NOT_ITS):
        built.search("plant", example=RIVER, any_word=True, k=3)
    with pytest.raises(sensegrep.QueryError, match=NOT_ITS):
        built.count("plant", "lemma", example=RIVER, any_word=True, k=3)
    bank = built.search("bank", example=RIVER, k=1).ids
    with pytest.raises(sensegrep.QueryError, match=NOT_ITS):
        built.search("plant", like=bank, any_word=True, k=3)
    # The usage's own word (any case) is what it was.
    same = built.search("", example=RIVER, any_word=True, k=3).ids
    assert built.search("Bank", example=RIVER, any_word=True, k=3).ids == same
    assert len(built.search("bank", like=bank, any_word=True, k=3)) == 3


def test_a_page_past_the_last_nearest_usage_says_so_not_no_match(built, runner):
    """A page of any word's usages after the last of them said "0 matches for any word
    used in that sense" (why_empty), in the CLI, over HTTP and in a count, of a search
    whose first pages had lines; it says the offset is past the last of them."""
    assert len(built.search("", example=RIVER, any_word=True, k=3))
    past = built.search("", example=RIVER, any_word=True, k=3, offset=100_000)
    assert len(past) == 0 and past.why_empty is None, past.notes
    assert past.past_the_end and "100000 is past the last of the" in past.past_the_end
    assert not any(n.startswith("0 matches") for n in past.notes)
    counts = built.count("", "lemma", example=RIVER, any_word=True, k=3, offset=100_000)
    assert counts.why_empty is None and not any(n.startswith("0 matches") for n in counts.notes)
    assert any("100000 is past the last of the" in n for n in counts.notes)
    # The command line's count says it too (its summary, "0 lines counted", did not).
    code, _, err = run(runner, built.path, "search", "--any-word", "-e", RIVER, "-k", "3",
                       "--offset", "100000", "--count", "lemma")  # fmt: skip
    assert code == 0 and "note: --offset 100000 is past the last of the" in err, err
