"""A text-only index (``index --vectors-for none``): the manifest records the choice, no
vectors are stored, and everything that needs no vector answers as on a full index (a
concordance and its total then cover every token of the word, function words included);
what needs vectors is refused in one line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import IndexMismatchError, NoVectorsError, QueryError
from sensegrep.storage import Index
from sensegrep.storage.manifest import MANIFEST_NAME, read_manifest, recorded_vectors_for
from sensegrep.storage.occurrences import text_only_token_ids

from ..helpers import REPO, conllu, write_jsonl

EXAMPLES = REPO / "examples" / "corpus.jsonl"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The example corpus indexed twice: with the fake embedder, and text-only."""
    folder = tmp_path_factory.mktemp("pair")
    sensegrep.add(folder / "full", EXAMPLES, model="fake:16")
    sensegrep.add(folder / "text", EXAMPLES, vectors_for="none")
    yield folder / "full", folder / "text"


@pytest.fixture
def opened(pair: tuple[Path, Path]) -> Iterator[tuple[sensegrep.SenseIndex, sensegrep.SenseIndex]]:
    with sensegrep.open(pair[0]) as full, sensegrep.open(pair[1]) as text:
        yield full, text


def _lines(hits: sensegrep.Hits) -> list[tuple]:
    return [(h.id, h.doc, h.left, h.form, h.right, h.lemma) for h in hits]


def test_manifest_records_the_choice(pair: tuple[Path, Path]) -> None:
    full, text = pair
    assert read_manifest(text).vectors_for == "none"
    assert read_manifest(full).vectors_for == "all"
    assert json.loads((text / MANIFEST_NAME).read_text())["vectors_for"] == "none"
    assert recorded_vectors_for(text) == "none" and recorded_vectors_for(text / "x") is None
    with Index.open(text) as index:
        stats = index.info()
    assert stats["vectors_for"] == "none"
    assert stats["occurrences"] == 0 and stats["shards"] == 0 and stats["tokens"] > 6000
    assert stats["lemmas"] == 1786  # distinct lemma keys of all (spaCy) tokens: no lemma runs
    assert not any((text / "vectors").glob("*.faiss"))


def test_info_counts_the_same_lemmas_with_or_without_vectors(opened) -> None:
    """The same corpus had 1,639 lemmas indexed with vectors and 1,786 without (a full
    index counted only its occurrences' lemmas): ``lemmas`` is every token's, as ``freq``
    lists them, and a full index adds ``lemmas_with_vectors``, those of its content words,
    the tokens that get vectors (issue 23, new-user pass)."""
    full, text = opened
    listed = full.freq(k=1).rows
    assert full.info()["lemmas"] == text.info()["lemmas"] == listed == text.freq(k=1).rows
    content = {"NOUN", "PROPN", "VERB", "ADJ", "ADV"}
    pairs = [row["item"].rsplit("/", 1) for row in text.freq(by="lemma_pos")]
    with_vectors = {lemma for lemma, pos in pairs if pos in content}
    assert full.info()["lemmas_with_vectors"] == len(with_vectors) < listed
    assert "lemmas_with_vectors" not in text.info()
    assert full.vector_status()["lemmas"] == listed


def test_an_older_manifest_means_all(tmp_path: Path, corpus: Path) -> None:
    sensegrep.add(tmp_path / "idx", corpus, model="fake:16")
    path = tmp_path / "idx" / MANIFEST_NAME
    data = json.loads(path.read_text())
    del data["vectors_for"]
    path.write_text(json.dumps(data))
    assert read_manifest(tmp_path / "idx").vectors_for == "all"
    with sensegrep.open(tmp_path / "idx") as idx:
        assert idx.info()["vectors_for"] == "all"


def test_patterns_and_counts_as_on_a_full_index(opened) -> None:
    full, text = opened
    for cql in (
        '[lemma="the"] [word=".*"]',
        '[word="a"] @[word=".*ing"]',
        '[lemma="be"] []{0,2} [word="to"]',
        '[word=".*"]',
    ):
        assert _lines(text.search(cql=cql)) == _lines(full.search(cql=cql))
        for by in ("form", "lemma", "right1", "left2", "genre"):
            assert text.count("", by=by, cql=cql) == full.count("", by=by, cql=cql)
    filtered = {"cql": '[lemma="the"] [word=".*"]', "where": {"genre": "cooking"}, "k": 7}
    assert _lines(text.search(**filtered)) == _lines(full.search(**filtered))
    assert _lines(text.search(sort="right1", **filtered)) == _lines(
        full.search(sort="right1", **filtered)
    )


def test_concordance_of_a_content_word_as_on_a_full_index(opened) -> None:
    full, text = opened
    words = [r["value"] for r in full.count("", by="lemma", cql='[word="[a-z]+"]')]
    checked = 0
    for word in words[:400]:
        try:
            expected = full.search(word)
        except QueryError:  # a function word: no occurrence with a vector
            continue
        if full.total(word) != full.total(cql=f'[lemma="{re.escape(word)}"%c]'):
            continue  # some of its tokens have no vector (tagged as function words)
        assert _lines(text.search(word)) == _lines(expected), word
        assert text.count(word, by="form") == full.count(word, by="form")
        checked += 1
    assert checked > 100
    for options in ({"form": True}, {"where": {"genre": "science"}}, {"sort": "left1"}):
        assert _lines(text.search("match", **options)) == _lines(full.search("match", **options))
    assert _lines(text.search("matches", sample=2, seed=3)) == _lines(
        full.search("matches", sample=2, seed=3)
    )


def test_function_words_have_a_concordance(opened, tmp_path: Path) -> None:
    full, text = opened
    # A plain concordance on the full index lists them too (issue 23: it refused them,
    # and counted only the tokens with a vector), the same lines; ranking them is refused.
    assert _lines(full.search(".")) == _lines(text.search("."))
    assert _lines(full.search("the", k=50)) == _lines(text.search("the", k=50))
    with pytest.raises(QueryError, match="with a sense vector"):
        full.search(".", like=full.search("match", k=1).ids)
    hits = text.search("the")
    assert len(hits) == 594 and {h.form.lower() for h in hits} == {"the"}
    # Every "." token, as a pattern over the full index (the same tokens) counts them.
    assert len(text.search(".")) == full.total(cql='"\\."') > 300
    assert text.count("the", by="right1")[0]["count"] > 1
    assert len(text.search("The", form=True)) == 594  # --form: case-folded, as always
    with Index.open(text.path) as index:
        ids = text_only_token_ids(index, "the")
        assert len(ids) == 594 and list(ids) == sorted(ids)
        assert len(text_only_token_ids(index, "The", by_form=True)) == 594
        assert len(text_only_token_ids(index, "no-such-word")) == 0
    # Tagged input: determiners and prepositions have no vector in a full index.
    tagged = tmp_path / "tagged.conllu"
    tagged.write_text(
        conllu(
            (
                ["sent_id = 1", "text = The bank of the river"],
                "The/the/DET bank/bank/NOUN of/of/ADP the/the/DET river/river/NOUN",
            ),
        )
    )
    sensegrep.add(tmp_path / "full", tagged, model="fake:16")
    sensegrep.add(tmp_path / "text", tagged, vectors_for="none")
    with sensegrep.open(tmp_path / "full") as f, sensegrep.open(tmp_path / "text") as t:
        with pytest.raises(QueryError, match="with a sense vector"):
            f.search("the", like=f.search("bank").ids)
        assert [h.form for h in f.search("the")] == ["The", "the"]
        assert [h.form for h in t.search("the")] == ["The", "the"]
        assert _lines(t.search("bank")) == _lines(f.search("bank"))
        assert t.search("of", pos=["ADP"])[0].pos == "ADP"
        assert _lines(t.search(cql='[pos="DET"] [pos="NOUN"]')) == _lines(
            f.search(cql='[pos="DET"] [pos="NOUN"]')
        )


def test_labels_on_a_text_only_index(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    with sensegrep.build(folder, EXAMPLES, vectors_for="none") as idx:
        the = [h.id for h in idx.search("the", k=3)]
        assert idx.label(the[:2], "DET") == 2
        assert idx.labels("the") == {"DET": 2}
        assert [h.label for h in idx.search("the", k=3)] == ["DET", "DET", None]
        first = idx.count("the", by="label", k=3)[0]
        assert (first["value"], first["count"], first["share"]) == ("DET", 2, 0.6667)
        assert idx.paragraph(the[0])["form"].lower() == "the"
        assert idx.label(the[:1], None) == 1
        assert idx.labels("the") == {"DET": 1}
        # Exported for annotation and read back.
        exported = idx.export("spring", "csv")
        assert "spring" in exported
        assert idx.annotation_items("the", sample=2)
        queue = idx.annotation_queue("the", limit=3)
        assert queue["order"].startswith("corpus order") and len(queue["queue"]) == 3
        assert queue["labelled"] == 1
        assert "DET" in idx.export("the", "csv", balanced=1, by="label")


def test_vector_needing_requests_are_refused(opened) -> None:
    _full, text = opened
    assert text.load_encoder() is None  # the shell preloads nothing
    some = text.search("match")[0].id
    asked = [
        lambda: text.search("match", example="a tight [[match]] of rugby"),
        lambda: text.search("match", like=[some]),
        lambda: text.search("match", label="x"),
        lambda: text.search("match", sense=1),
        lambda: text.search(cql='[lemma="match"]', sense=1),
        lambda: text.search_any("a tight [[match]] of rugby"),
        lambda: text.senses("match"),
        lambda: text.classify("match"),
        lambda: text.neighbours("a tight [[match]] of rugby"),
        lambda: text.compare("a [[match]]", "a [[game]]"),
        lambda: text.count("match", by="sense"),
        lambda: text.export("match", "csv", balanced=2),
    ]
    for ask in asked:
        with pytest.raises(NoVectorsError, match=r"no vectors .*--vectors-for none"):
            ask()


def test_neighbours_refusal_names_neighbours(opened) -> None:
    """neighbours on a text-only index said "--any-word needs them", an option the user
    never gave."""
    _full, text = opened
    with pytest.raises(NoVectorsError, match=r": neighbours needs them"):
        text.neighbours("a tight [[match]] of rugby")


def test_the_recorded_choice_is_kept_and_the_other_refused(tmp_path: Path, corpus: Path) -> None:
    more = write_jsonl(tmp_path / "more.jsonl", [{"id": "m1", "text": "The bank is open."}])
    text, full = tmp_path / "text", tmp_path / "full"
    sensegrep.add(text, corpus, vectors_for="none")
    report = sensegrep.add(text, more)  # no vectors_for: the index's own, no encoder
    assert report.documents == 1 and report.occurrences == 0
    assert read_manifest(text).vectors_for == "none"
    with pytest.raises(IndexMismatchError, match="text-only index"):
        sensegrep.add(text, more, vectors_for="all")
    with pytest.raises(QueryError, match="leave out model"):
        sensegrep.add(text, more, model="fake:16")
    with pytest.raises(QueryError, match="vectors_for takes"):
        sensegrep.add(text, more, vectors_for="some")
    sensegrep.add(full, corpus, model="fake:16")
    with pytest.raises(IndexMismatchError, match="has vectors"):
        sensegrep.add(full, more, vectors_for="none")
    with sensegrep.open(text) as idx:
        assert idx.add(write_jsonl(tmp_path / "m2.jsonl", [{"id": "m2", "text": "A bank."}]))
        assert len(idx.search("bank", doc=["m1", "m2"])) == 2


def test_remove_compact_check(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "idx"
    with sensegrep.build(folder, corpus, vectors_for="none") as idx:
        before = len(idx.search("the"))
        some = idx.search("the")[0]
        idx.label([some.id], "x")
        removal = idx.remove(docs=[some.doc])
        assert removal.unknown_docs == []
        after = idx.search("the")
        assert len(after) < before and some.doc not in {h.doc for h in after}
        idx.compact()
        assert idx.check() == []
        assert idx.info()["documents"] == 3
        assert len(idx.search("the")) == len(after)


def test_batches_are_sized_by_tokens(tmp_path: Path, corpus: Path) -> None:
    from sensegrep.indexer.pipeline import Indexer, IndexOptions

    with Index.open_for_writing(
        tmp_path / "idx", sensegrep_text_only_config(), vectors_for="none"
    ) as index:
        commits = []
        add = index.add_batch
        index.add_batch = lambda docs, vectors, *rest: (  # type: ignore[method-assign]
            commits.append((len(docs), len(vectors))),
            add(docs, vectors, *rest),
        )[1]  # add_batch's answer: what went besides (BatchWritten)
        Indexer(index, None, IndexOptions(batch_tokens=10, progress=False)).run([corpus])
    assert len(commits) >= 3 and all(n == 0 for _docs, n in commits)


def sensegrep_text_only_config():
    from sensegrep.storage.manifest import TEXT_ONLY_ENCODER

    return TEXT_ONLY_ENCODER


def test_a_hand_set_label_follows_a_replaced_document(tmp_path: Path) -> None:
    first = write_jsonl(
        tmp_path / "a.jsonl", [{"id": "d1", "text": "The bank of the river. It rained."}]
    )
    second = write_jsonl(
        tmp_path / "b.jsonl", [{"id": "d1", "text": "The bank of the river. It poured."}]
    )
    with sensegrep.build(tmp_path / "idx", first, vectors_for="none") as idx:
        of = idx.search("of")[0]
        idx.label([of.id], "PART")
        idx.add(second)
        [moved] = idx.search("of")
        assert moved.id != of.id and moved.label == "PART"
        assert idx.labels("of") == {"PART": 1}


def test_on_both_backends(backend: str, tmp_path: Path, corpus: Path) -> None:
    """The text-only reads and writes (token ids by word, labels, lemmas, removal) in
    index.sqlite and in a PostgreSQL schema."""
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none") as idx:
        the = idx.search("the")
        assert len(the) > 3 and idx.info()["lemmas"] > 5
        assert len(idx.search(cql='[lemma="the"] [word=".*"]')) == len(the)
        assert idx.label([the[0].id], "DET") == 1 and idx.labels("the") == {"DET": 1}
        idx.remove(docs=[the[-1].doc])
        assert len(idx.search("the")) < len(the) and idx.check() == []
