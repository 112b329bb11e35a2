"""api/vectors.py: what `vectors add` says of the tokens it left without vectors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sensegrep.api.vectors import _written_otherwise


def test_the_command_a_written_otherwise_note_offers_names_every_lemma_it_counts() -> None:
    """A form tagged with four other lemmas still without vectors: the note counted the
    tokens of all four but its `sensegrep vectors add` named the first three, which
    left the fourth's tokens without vectors though it said it "gives them theirs"."""
    written = {"saw": {"see": 3, "saw": 2, "sawe": 1, "seen": 1}}
    (note,) = _written_otherwise(written, complete=set())
    assert note.startswith("7 more tokens are written 'saw' with another lemma"), note
    assert "`sensegrep vectors add see saw sawe seen` gives them theirs" in note, note


def test_build_with_words_as_vectors_for_names_add_vectors(tmp_path: Path) -> None:
    """``vectors_for="bank,spring"`` (or a list of words) said only that it takes all or
    none; it now says how chosen words get vectors; a mistyped choice is told alone."""
    from sensegrep import QueryError, build

    corpus = tmp_path / "c.txt"
    corpus.write_text("The bank of the river.\n", encoding="utf-8")
    for asked in ("bank,spring", ["bank", "spring"]):
        with pytest.raises(QueryError) as caught:
            build(tmp_path / "idx", corpus, vectors_for=asked)
        assert str(caught.value).endswith(
            ": for vectors of chosen words, build with vectors_for='none', then add "
            "theirs: idx.add_vectors(['bank', 'spring'])"
        ), caught.value
    with pytest.raises(QueryError) as caught:
        build(tmp_path / "idx", corpus, vectors_for="nnone")
    assert str(caught.value) == "vectors_for takes one of all, none, not 'nnone'"
    assert not (tmp_path / "idx").exists()


def test_add_vectors_takes_one_pos_written_as_text(tmp_path: Path) -> None:
    """``add_vectors(pos="NOUN")`` took the text's letters for four tags (N, O, U, N),
    none a tag: no lemma got vectors, no note said why (pass 36o); it is the one tag."""
    from sensegrep import build

    corpus = tmp_path / "c.txt"
    corpus.write_text("The bank of the river was wide.\n", encoding="utf-8")
    with build(tmp_path / "idx", corpus, vectors_for="none", tagger="spacy") as built:
        report = built.add_vectors(pos="NOUN", model="fake:16")
        assert sorted(report.lemmas) == ["bank", "river"]


def test_a_misspelt_add_vectors_keyword_is_named_as_a_keyword(tmp_path: Path) -> None:
    """``add_vectors(min_cout=3)`` said "unknown encoder option(s): min_cout", neither
    that it is no keyword of add_vectors nor which are (pass 36o)."""
    from sensegrep import QueryError
    from sensegrep.api.vectors import add_vectors

    with pytest.raises(QueryError) as caught:
        add_vectors(tmp_path, ["bank"], min_cout=3)
    said = str(caught.value)
    assert said.startswith("unknown parameter 'min_cout'; expected one of "), said
    assert {"every", "min_count", "pos", "model", "layers"} <= set(said.split("of ")[1].split(", "))


def test_a_choice_by_pos_and_min_count_of_no_lemma_says_so(tmp_path: Path) -> None:
    """`vectors add --pos VERB --min-count 2` where each verb has one token said
    "vectors for 0 lemma(s)" and nothing of why, exit 0 (pass 36q): a note says that no
    lemma has 2 tokens so tagged, on a text-only index and on one with vectors."""
    from sensegrep import build

    corpus = tmp_path / "c.txt"
    corpus.write_text("The bank of the river was wide. The bank closed.\n", encoding="utf-8")
    said = (
        "no lemma has 2 or more tokens tagged VERB that get a vector (pos='VERB' "
        "min_count=2), so none was chosen"
    )
    with build(tmp_path / "idx", corpus, vectors_for="none", tagger="spacy") as built:
        first = built.add_vectors(pos="VERB", min_count=2, model="fake:16")
        assert (first.lemmas, first.notes) == ([], [said])
        assert built.add_vectors(pos="NOUN", min_count=2, model="fake:16").lemmas == ["bank"]
        again = built.add_vectors(pos="VERB", min_count=2)
        assert (again.lemmas, again.notes) == ([], [said])
        assert built.add_vectors(pos="NOUN", min_count=2).notes == []
