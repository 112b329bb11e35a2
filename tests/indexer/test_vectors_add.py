"""``vectors add`` on a text-only index (the fake embedder: storage and plumbing; the real
encoder's equivalence is tests/indexer/test_vectors_add_model.py): the vectors added
equal an all-at-once index's, a killed or failed add is finished by running it again,
words without vectors behave as on a text-only index, and what needs vectors is
refused in one line that names the word and the fix."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import sensegrep
from sensegrep import api, failpoints
from sensegrep.embedder.fake import FakeEmbedder
from sensegrep.errors import IndexMismatchError, NoVectorsError, QueryError, SensegrepError
from sensegrep.storage import Index
from sensegrep.storage.manifest import read_manifest

from ..helpers import REPO, conllu, run, write_jsonl

EXAMPLES = REPO / "examples" / "corpus.jsonl"
WORDS = ["bank", "spring", "crane", "water"]
USAGE = "we sat on the grassy [[{}]] by the river"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example corpus indexed all at once (fake:16, f16) and text-only."""
    folder = tmp_path_factory.mktemp("vectors")
    sensegrep.add(folder / "full", EXAMPLES, model="fake:16", vectors="f16", tagger="none")
    sensegrep.add(folder / "text", EXAMPLES, vectors_for="none", tagger="none")
    return folder / "full", folder / "text"


@pytest.fixture
def text(built: tuple[Path, Path], tmp_path: Path) -> Path:
    """A fresh copy of the text-only index."""
    return Path(shutil.copytree(built[1], tmp_path / "text"))


@pytest.fixture
def full(built: tuple[Path, Path]) -> Iterator[sensegrep.SenseIndex]:
    with sensegrep.open(built[0]) as idx:
        yield idx


def ranked(idx: sensegrep.SenseIndex, word: str) -> list[tuple[int, float]]:
    hits = idx.search(word, example=USAGE.format(word))
    return [(h.id, round(h.score, 5)) for h in hits]


def add(path: Path, *words: str, **options) -> object:
    return api.add_vectors(path, list(words), model="fake:16", vectors="f16", **options)


def test_added_vectors_equal_an_all_at_once_index(text: Path, full: sensegrep.SenseIndex):
    report = add(text, "bank", "springs", batch_vectors=7)  # a form stands for its lemma
    assert sorted(report.lemmas) == ["bank", "spring"] and report.batches > 2
    with sensegrep.open(text) as idx:
        for word in ("bank", "spring"):
            assert ranked(idx, word) == ranked(full, word)
        assert idx.search("bank", k=3).ids == full.search("bank", k=3).ids
        status = idx.vector_status()
        assert idx.check() == []
    assert status["vectors_for"] == "chosen" and status["lemmas_with_vectors"] == 2
    listed = [(e["occurrences"], e["lemma"]) for e in status["top_lemmas"]]
    assert sorted(listed, reverse=True) == listed and {lemma for _n, lemma in listed} == {
        "bank",
        "spring",
    }
    assert status["occurrences"] == report.tokens
    assert 0 < status["embedded_share"] < 0.1
    manifest = read_manifest(text)
    assert manifest.embedder == full.storage.embedder_config and manifest.all_tokens is False


def test_half_the_lemmas_then_the_rest_equal_a_full_index(text: Path, full: sensegrep.SenseIndex):
    add(text, "bank", "crane")
    add(text, every=True, batch_vectors=500)
    with sensegrep.open(text) as idx:
        info, full_info = idx.info(), full.info()
        assert info["occurrences"] == full_info["occurrences"]
        for word in WORDS:
            assert ranked(idx, word) == ranked(full, word)
        assert (
            idx.search_any(USAGE.format("bank"), k=10).ids
            == full.search_any(USAGE.format("bank"), k=10).ids
        )


def test_a_failed_add_is_finished_by_running_it_again(
    text: Path, full: sensegrep.SenseIndex, monkeypatch: pytest.MonkeyPatch
):
    seen = {"n": 0}

    def fail_third(name: str) -> None:
        if name == "vectors:before-commit":
            seen["n"] += 1
            if seen["n"] == 3:
                raise KeyboardInterrupt  # as a Ctrl-C would, mid-transaction

    monkeypatch.setattr(failpoints, "reach", fail_third)
    with pytest.raises(KeyboardInterrupt):
        add(text, "bank", "spring", batch_vectors=5)
    monkeypatch.undo()
    with sensegrep.open(text) as idx:
        half = idx.vector_status()
        assert idx.check() == []
    assert half["occurrences"] == 10 and half["in_progress"]  # two batches kept
    again = add(text, "bank", "spring", batch_vectors=5)
    assert again.tokens == sum(len(full.search(w)) for w in ("bank", "spring")) - 10
    with sensegrep.open(text) as idx:
        assert ranked(idx, "bank") == ranked(full, "bank")
        assert idx.vector_status()["in_progress"] == [] and idx.check() == []


def test_a_word_without_vectors_behaves_as_on_a_text_only_index(text: Path, built):
    add(text, "bank")
    with sensegrep.open(text) as idx, sensegrep.open(built[1]) as plain:
        # Every token of it (function words too), as text-only: concordance, total, labels.
        for word in ("water", "the"):
            assert idx.search(word).ids == plain.search(word).ids
            assert idx.total(word) == plain.total(word)
        first = idx.search("water", k=1).ids[0]
        assert idx.label([first], "liquid") == 1 and idx.labels("water") == {"liquid": 1}
        assert idx.paragraph(first)
        for call, what in [
            (lambda: idx.search("water", example=USAGE.format("water")), "ranking by example"),
            (lambda: idx.search("water", sense=1), "sense needs them"),
            (
                lambda: idx.search(cql='[lemma="water"]', example=USAGE.format("water")),
                "ranking by example",
            ),
            (lambda: idx.senses("water"), "inducing senses"),
            (lambda: idx.classify("water"), "classify"),
            (lambda: idx.count("waters", "sense"), "inducing senses"),
        ]:
            with pytest.raises(NoVectorsError) as refused:
                call()
            message = str(refused.value)
            assert "'water' has no vectors yet" in message and what in message
            assert "`sensegrep vectors add water`" in message and "\n" not in message
        # Its queue is in corpus order; the word with vectors is ranked as on a full index.
        assert idx.annotation_queue("water")["order"].startswith("corpus order")
        assert len(idx.senses("bank").senses) >= 1


def test_liking_a_token_without_a_vector_does_not_say_it_cannot_be_labelled(text: Path):
    """On an index with vectors for chosen words, like=[a token of 'water'] said "only an
    occurrence with a vector can be liked, unliked or labelled", yet label() labels that
    token, as on a text-only index: the message says what is refused, and that labels go
    on any token there."""
    add(text, "bank")
    with sensegrep.open(text) as idx:
        water = idx.search("water", k=1).ids[0]
        with pytest.raises(QueryError) as refused:
            idx.search("bank", like=[water])
        message = str(refused.value)
        assert "can be liked or unliked" in message and "or labelled" not in message
        assert "a label goes on any token of this index" in message
        assert idx.label([water], "liquid") == 1


def test_liking_a_function_word_advises_no_vectors_add_that_adds_none(tmp_path: Path):
    """like=[the token of "!"] said "`sensegrep vectors add !` gives a word's tokens
    theirs", a command that adds none (only content words get vectors): the advice
    names the content words among the tokens alone (pass 38b)."""
    sentences = [([], "The/the/DET bank/bank/NOUN flooded/flood/VERB !/!/PUNCT")]
    path = tmp_path / "c.conllu"
    path.write_text(conllu(*sentences), encoding="utf-8")
    sensegrep.add(tmp_path / "idx", path, vectors_for="none")
    add(tmp_path / "idx", "flood")
    with sensegrep.open(tmp_path / "idx") as idx:
        the, bank, _flooded, stop = idx.search(cql="[]").ids
        for tokens in ([the], [stop], [the, stop]):
            with pytest.raises(QueryError) as refused:
                idx.search("flood", like=tokens)
            message = str(refused.value)
            assert "vectors add" not in message and "punctuation get none" in message, message
        with pytest.raises(QueryError) as refused:
            idx.search("flood", like=[stop, bank])
        assert "`sensegrep vectors add bank` gives a word's tokens theirs" in str(refused.value)


def test_new_documents_get_vectors_for_the_words_that_have_them(text: Path, tmp_path: Path):
    add(text, "bank")
    more = write_jsonl(
        tmp_path / "more.jsonl", [{"id": "new1", "text": "The bank by the water was steep."}]
    )
    sensegrep.add(text, more, tagger="none")
    with sensegrep.open(text) as idx:
        status = idx.vector_status()
        assert status["lemmas_with_vectors"] == 1 and status["in_progress"] == []
        assert "new1" in {h.doc for h in idx.search("bank", example=USAGE.format("bank"))}
        with pytest.raises(NoVectorsError):
            idx.search("water", example=USAGE.format("water"))
        assert idx.check() == []


def test_new_documents_are_committed_in_batches_bounded_by_tokens(
    text: Path, tmp_path: Path, monkeypatch
):
    """Few tokens of new documents get vectors on an index of chosen words: batches are
    bounded by tokens too, not held until 20,000 occurrences (the whole input)."""
    from sensegrep.indexer import pipeline

    add(text, "bank")
    docs = [{"id": f"n{i}", "text": "The dog by the water slept. The cat sat."} for i in range(9)]
    more = write_jsonl(tmp_path / "more.jsonl", docs)
    monkeypatch.setattr(pipeline, "BATCH_TOKENS", 25)
    batches: list[int] = []
    add_batch = Index.add_batch
    monkeypatch.setattr(
        Index, "add_batch", lambda self, *a, **k: batches.append(1) or add_batch(self, *a, **k)
    )
    sensegrep.add(text, more, tagger="none")
    assert len(batches) >= 4  # 9 documents of 11 tokens, none with a "bank"


def test_another_encoder_is_refused_and_the_manifest_stays_readable(text: Path):
    add(text, "bank")
    with pytest.raises(IndexMismatchError):
        api.add_vectors(text, ["spring"], model="fake:8")
    with pytest.raises(IndexMismatchError):
        api.add_vectors(text, ["spring"], vectors="sq8")
    with Index.open(text) as index:
        assert index.manifest.chosen and index.word_has_vectors("bank")
        assert not index.word_has_vectors("spring")


def test_selection_by_count(text: Path):
    report = add(text, min_count=25)
    with sensegrep.open(text) as idx:
        counts = {e["lemma"]: e["occurrences"] for e in idx.vector_status(top=100)["top_lemmas"]}
        assert set(report.lemmas) == set(counts) and "bank" in counts
        assert "." in report.without_tokens  # punctuation gets no vector
        for lemma in counts:
            assert idx.total(lemma) >= 25


def test_the_any_word_search_says_nothing_has_vectors_yet(text: Path):
    report = api.add_vectors(text, ["zzzz-not-a-word"], model="fake:16")
    assert report.unknown == ["zzzz-not-a-word"] and read_manifest(text).vectors_for == "none"
    with Index.open_for_writing(text, read_manifest(text).embedder) as index:
        index.take_encoder(FakeEmbedder(16).config)  # an encoder, no vectors (as after a kill)
    with sensegrep.open(text) as idx:
        with pytest.raises(NoVectorsError, match="vectors add"):
            idx.search_any(USAGE.format("bank"))
        assert idx.vector_coverage() == {
            "occurrences": 0,
            "tokens": idx.info()["tokens"],
            "embedded_share": 0.0,
            "lemmas_with_vectors": 0,
            "lemmas_in_progress": 0,
        }


def test_each_sentence_is_embedded_once(tmp_path: Path, fake_embedder):
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "a", "text": "The bank by the spring paid the bank. The dog slept."}],
    )
    sensegrep.add(tmp_path / "idx", corpus, vectors_for="none", tagger="none")
    calls: list[list[list[str]]] = []
    embed = fake_embedder.embed
    fake_embedder.embed = lambda sentences: calls.append(sentences) or embed(sentences)
    report = api.add_vectors(tmp_path / "idx", ["bank", "spring"], embedder=fake_embedder)
    assert (report.tokens, report.sentences) == (3, 1)
    assert calls == [[["The", "bank", "by", "the", "spring", "paid", "the", "bank", "."]]]


def test_pos_and_min_count_choose_lemmas_and_content_words_get_vectors(tmp_path: Path):
    sentences = [
        ([], "The/the/DET bank/bank/NOUN banks/bank/VERB on/on/ADP it/it/PRON !/!/PUNCT"),
        ([], "A/a/DET bank/bank/NOUN and/and/CCONJ a/a/DET crane/crane/NOUN !/!/PUNCT"),
        ([], "Cranes/crane/NOUN fly/fly/VERB !/!/PUNCT"),
    ]
    path = tmp_path / "c.conllu"
    path.write_text(conllu(*sentences), encoding="utf-8")
    sensegrep.add(tmp_path / "text", path, vectors_for="none")
    sensegrep.add(tmp_path / "full", path, model="fake:16", vectors="f16")
    report = add(tmp_path / "text", pos=["noun"], min_count=2)
    # Nouns with 2 tokens: bank and crane; every content-word token of theirs (the verb
    # "banks" too), as an all-at-once index gives them; "a" is asked for, gets none.
    assert sorted(report.lemmas) == ["bank", "crane"] and report.tokens == 5
    assert add(tmp_path / "text", "a").without_tokens == ["a"]
    with sensegrep.open(tmp_path / "text") as text, sensegrep.open(tmp_path / "full") as full:
        for word in ("bank", "crane"):
            assert ranked(text, word) == ranked(full, word)
        assert text.search("a").ids == [7, 10]  # no vectors: every token, as text-only


def test_on_both_backends(backend: str, tmp_path: Path, corpus: Path):
    """The batch's SQL (bulk update, runs, vector_lemmas, ANN pending) on SQLite and
    PostgreSQL alike."""
    sensegrep.add(tmp_path / "full", corpus, model="fake:16", vectors="f16", tagger="none")
    sensegrep.add(tmp_path / "text", corpus, vectors_for="none", tagger="none")
    add(tmp_path / "text", "bank", batch_vectors=2)
    add(tmp_path / "text", "river")
    with sensegrep.open(tmp_path / "text") as text, sensegrep.open(tmp_path / "full") as full:
        for word in ("bank", "river"):
            assert ranked(text, word) == ranked(full, word)
        assert text.vector_status()["lemmas_with_vectors"] == 2 and text.check() == []
        assert text.search("water").ids == [h.id for h in full.search("water")]


def test_vectors_added_below_the_ann_file_are_searched_across_words(
    text: Path, monkeypatch: pytest.MonkeyPatch
):
    """Vectors added to older tokens than the ANN file covers are scored exactly until
    the file is extended with them (any_word.pend), then held by it."""
    from sensegrep.storage import any_word

    monkeypatch.setattr(any_word, "MIN_TRAIN", 10)
    monkeypatch.setattr(any_word, "TAIL_MAX", 10_000)  # keep them pending
    add(text, "the", "bank")  # 624 occurrences (PQ trains on 256): an ANN file over them
    add(text, "water")  # tokens all over the corpus, mostly below the file's last id
    with sensegrep.open(text) as idx:
        pending = any_word._pending_ids(idx.storage)
        water = set(idx.search("water").ids)
        assert len(pending) > 0 and set(pending) <= water
        found = set(idx.search_any(USAGE.format("water"), k=1_000).ids)
        assert water <= found  # the exact tail holds them
    monkeypatch.setattr(any_word, "TAIL_MAX", 0)  # the next upkeep extends the file
    add(text, "river")
    with sensegrep.open(text) as idx:
        assert len(any_word._pending_ids(idx.storage)) == 0
        assert any_word.state(idx.storage).count == idx.info()["occurrences"]


def test_pending_vectors_of_a_removed_document_are_not_counted_as_searched(
    text: Path, monkeypatch: pytest.MonkeyPatch
):
    """A removed document's vectors added below the ANN file stay pending but are gone:
    `info` counted them among the occurrences searched exactly (and took as many from
    those the file holds), on SemCor 526 of them after one `remove`."""
    from sensegrep.storage import any_word

    monkeypatch.setattr(any_word, "MIN_TRAIN", 10)
    monkeypatch.setattr(any_word, "TAIL_MAX", 10_000)  # keep them pending
    add(text, "the", "bank")  # an ANN file over them
    add(text, "water")  # pending, mostly
    with sensegrep.open(text) as idx:
        pending = set(any_word._pending_ids(idx.storage))
        gone = next(h.doc for h in idx.search("water") if h.id in pending)
        idx.remove(docs=[gone])
        upto = any_word.state(idx.storage).upto
        live = pending & set(idx.search("water").ids)
        assert any_word._pending_ids(idx.storage).size > len(live)  # still recorded
        after = len(any_word.locations(idx.storage, upto))
        covered = idx.info()["any_word_search"]
        assert covered["exact"] == after + len(live)
        assert covered["approximate"] + covered["exact"] == idx.info()["occurrences"]


def test_selections_that_cannot_mean_what_they_say_are_refused(text: Path, built):
    with pytest.raises(QueryError, match="not both"):
        add(text, "bank", min_count=1000)  # the words are not filtered by the count
    with pytest.raises(SensegrepError, match="POS tags"):
        add(text, pos=["NOUN"])  # --tagger none: no token has a POS
    with pytest.raises(IndexMismatchError, match="all-tokens"):
        api.add_vectors(built[0], ["bank"], all_tokens=True)  # built with content words
    assert read_manifest(text).vectors_for == "none"


def test_a_run_after_a_kill_past_the_last_commit_brings_the_ann_file_up_to_date(
    text: Path, monkeypatch: pytest.MonkeyPatch
):
    updates: list[int] = []
    monkeypatch.setattr(Index, "update_ann", lambda self: updates.append(1))
    add(text, "bank")
    assert add(text, "bank").tokens == 0 and len(updates) == 2  # nothing added: still run


def test_an_interrupt_after_the_commit_keeps_the_shard(text: Path, monkeypatch):
    def interrupt_after_commit(name: str) -> None:
        if name == "vectors:committed":
            raise KeyboardInterrupt  # a Ctrl-C just after the batch committed

    monkeypatch.setattr(failpoints, "reach", interrupt_after_commit)
    with pytest.raises(KeyboardInterrupt):
        add(text, "bank")
    monkeypatch.undo()
    with sensegrep.open(text) as idx:
        assert idx.check() == []
        assert idx.search("bank", example=USAGE.format("bank"))


def test_the_coverage_counts_a_lemma_begun_but_not_finished(
    text: Path, monkeypatch: pytest.MonkeyPatch
):
    """A killed add leaves a lemma part embedded: its tokens with vectors are searched
    across words, and the note said "(…, 0 lemmas)" beside them."""

    def fail_second(name: str, seen={"n": 0}) -> None:  # noqa: B006 (a counter)
        if name == "vectors:before-commit":
            seen["n"] += 1
            if seen["n"] == 2:
                raise KeyboardInterrupt

    monkeypatch.setattr(failpoints, "reach", fail_second)
    with pytest.raises(KeyboardInterrupt):
        add(text, "bank", batch_vectors=5)
    monkeypatch.undo()
    with sensegrep.open(text) as idx:
        coverage = idx.vector_coverage()
        assert coverage["occurrences"] == 5 and coverage["lemmas_with_vectors"] == 0
        assert coverage["lemmas_in_progress"] == 1
    code, _out, err = run(CliRunner(), text, "search", "--any-word", "-e", USAGE.format("bank"))
    assert code == 0 and "note: searched the 5 tokens with vectors" in err
    assert "0 lemmas, and part of 1 more: `sensegrep vectors add` finishes it)" in err, err


def test_a_pos_no_token_has_is_refused_naming_the_tags(tmp_path: Path):
    """`vectors add --pos NOUNN` (a typo) chose no lemma: "vectors for 0 lemma(s)", exit
    0, as if no noun were frequent enough; it is refused as a search's --pos is (pass 36o)."""
    sentences = [([], "The/the/DET bank/bank/NOUN banks/bank/VERB !/!/PUNCT")]
    path = tmp_path / "c.conllu"
    path.write_text(conllu(*sentences), encoding="utf-8")
    sensegrep.add(tmp_path / "text", path, vectors_for="none")
    with pytest.raises(QueryError) as caught:
        add(tmp_path / "text", pos=["NOUN", "NOUNN"])
    assert str(caught.value).startswith(
        f"--pos NOUNN: no token of {tmp_path / 'text'} has that part of speech (its tags: "
        "DET, NOUN, PUNCT, VERB)"
    )
    assert add(tmp_path / "text", pos=["noun"]).lemmas == ["bank"]
