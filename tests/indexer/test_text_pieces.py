"""A plain-text file read a piece at a time (a text-only index's run: memory a piece's,
not the whole file's) has the sentences, tokens and offsets of the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sensegrep.indexer.readers import read_documents, text


def _rows(sentences) -> list[list[tuple]]:
    return [
        [(t.form, t.start, t.end, t.lemma, t.pos, t.tag, t.head, t.deprel) for t in s.tokens]
        for s in sentences
    ]


def _both(path: Path, size: int, **options) -> tuple[list, list, int]:
    (whole,) = read_documents(path, "txt", **options)
    old, text.PIECE_CHARS = text.PIECE_CHARS, size
    try:
        (streamed,) = read_documents(path, "txt", streamed=True, **options)
        if len(whole.text) <= size:  # short: analysed with its document
            assert streamed == whole
            return _rows(whole.sentences), _rows(streamed.sentences), 1
        assert isinstance(streamed, text.StreamedDocument)
        assert (streamed.id, streamed.text, streamed.sentences) == (whole.id, whole.text, [])
        pieces = list(streamed.pieces())
    finally:
        text.PIECE_CHARS = old
    return _rows(whole.sentences), [row for piece in pieces for row in _rows(piece)], len(pieces)


PARAGRAPHS = [
    "“Don’t go,” she said — it’s the mole’s tunnel.\r\nJohn's bank can't lend.",
    "The river bank. It was wide\nand deep!  mr. Smith came . Then left",
    "\fPage two starts here.\x0bA line.\rOld Mac line.\r\rAnother one.",
    "Ünïcödé té\u0301xt, a soft\u00adhyphen and a tab\there.",
]
SEPARATORS = ["\n\n", "\r\n\r\n", "\n \t\n\n  ", "\r\r", "\n\f\n", "\n\u2028\n "]


@pytest.mark.parametrize("tagger", ["none", "spacy"])
def test_pieces_are_the_whole_texts_sentences(tmp_path: Path, tagger: str) -> None:
    body = "".join(
        PARAGRAPHS[i % len(PARAGRAPHS)] + SEPARATORS[i % len(SEPARATORS)] for i in range(40)
    )
    path = tmp_path / "novel.txt"
    path.write_bytes(("\ufeff" + body + "The end, no final newline").encode("utf-8"))
    whole, pieced, pieces = _both(path, 150, tagger=tagger)
    assert pieces > 10
    assert pieced == whole


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab .'’\u0301!?\r\t\f-Xé", max_size=30),
            st.sampled_from(["", "\n", "\r", "\n\n", "\r\n\r\n", " \n \n\t", "\r\r", "\n\f\n"]),
        ),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=40),
)
def test_any_text_cut_anywhere_gives_the_same_sentences(parts, size) -> None:
    import tempfile

    body = "".join(a + b for a, b in parts)
    if not body.strip():
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.txt"
        path.write_bytes(body.encode("utf-8"))
        whole, pieced, _ = _both(path, size, tagger="none")
    assert pieced == whole


def _tables(folder: Path) -> dict[str, list]:
    """What an index holds of its documents, sentences and tokens, as text (vocabulary
    ids are a batch's choice)."""
    import sqlite3

    with sqlite3.connect(folder / "index.sqlite") as conn:
        return {
            "documents": conn.execute(
                "SELECT id, ext_id, source, sha256, text, meta FROM documents ORDER BY id"
            ).fetchall(),
            "sentences": conn.execute(
                "SELECT id, doc_id, position, char_start, char_end, first_token, n_tokens"
                " FROM sentences ORDER BY id"
            ).fetchall(),
            "tokens": conn.execute(
                "SELECT t.id, t.doc_id, t.sentence_id, t.char_start, t.char_end, f.text,"
                " l.text FROM tokens t JOIN vocab f ON f.id = t.form_id"
                " LEFT JOIN vocab l ON l.id = t.lemma_id ORDER BY t.id"
            ).fetchall(),
        }


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text("A short bank note.\n", encoding="utf-8")
    body = "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(30))
    (folder / "b.txt").write_bytes(("\ufeff" + body.replace("\n", "\r\n")).encode("utf-8"))
    (folder / "c.txt").write_text("The river bank, at last.", encoding="utf-8")
    return folder


def _search(folder: Path) -> list:
    import sensegrep

    with sensegrep.open(folder) as index:
        return [
            (hit.doc, hit.start, hit.end, hit.sentence)
            for hit in index.search(cql='[lemma="bank" | word="line"%c]', k=100)
        ]


def test_a_text_file_stored_a_piece_at_a_time_is_the_one_stored_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text-only index of a large plain-text file stores it a piece at a time (its
    tokens in memory were the whole file's, ~0.6 GB a million): the same documents,
    sentences, tokens and offsets, in the same rows, beside files stored in batches."""
    import sensegrep

    corpus = _corpus(tmp_path / "corpus")
    options = {"vectors_for": "none", "tagger": "none"}
    sensegrep.add(tmp_path / "whole", corpus, **options)
    monkeypatch.setattr(text, "PIECE_CHARS", 100)
    report = sensegrep.add(tmp_path / "pieces", corpus, **options)
    assert (report.documents, report.files_indexed) == (3, 3)
    assert len(list((tmp_path / "pieces" / "tokens").iterdir())) >= 1
    whole, pieces = _tables(tmp_path / "whole"), _tables(tmp_path / "pieces")
    assert pieces == whole
    assert report.tokens == len(whole["tokens"])
    assert _search(tmp_path / "pieces") == _search(tmp_path / "whole")
    with sensegrep.open(tmp_path / "pieces") as index:
        assert index.check() == []


def test_a_run_stopped_while_storing_a_text_in_pieces_stores_none_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its pieces are one transaction: a run stopped before it commits leaves no piece
    of the document (which the next run would take for the whole: the same content) and
    no token segment; the next run stores it whole."""
    import sensegrep
    from sensegrep import failpoints

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(30))
    (corpus / "b.txt").write_text(body, encoding="utf-8")
    options = {"vectors_for": "none", "tagger": "none"}
    sensegrep.add(tmp_path / "whole", corpus, **options)
    monkeypatch.setattr(text, "PIECE_CHARS", 100)
    reach = failpoints.reach

    def stop(name: str) -> None:
        if name == "batch:before-commit":
            raise KeyboardInterrupt
        reach(name)

    monkeypatch.setattr(failpoints, "reach", stop)
    with pytest.raises(KeyboardInterrupt):
        sensegrep.add(tmp_path / "idx", corpus, **options)
    assert _tables(tmp_path / "idx") == {"documents": [], "sentences": [], "tokens": []}
    assert not list((tmp_path / "idx" / "tokens").iterdir())
    monkeypatch.setattr(failpoints, "reach", reach)
    sensegrep.add(tmp_path / "idx", corpus, **options)
    assert _tables(tmp_path / "idx") == _tables(tmp_path / "whole")


def test_an_edited_text_file_stored_in_pieces_replaces_its_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sensegrep

    corpus = _corpus(tmp_path / "corpus")
    options = {"vectors_for": "none", "tagger": "none"}
    monkeypatch.setattr(text, "PIECE_CHARS", 100)
    sensegrep.add(tmp_path / "idx", corpus, **options)
    with (corpus / "b.txt").open("a", encoding="utf-8") as handle:
        handle.write("\r\n\r\nA new bank at the end.")
    report = sensegrep.add(tmp_path / "idx", corpus, **options)
    assert (report.documents, report.documents_replaced) == (1, 1)
    monkeypatch.setattr(text, "PIECE_CHARS", 10**9)
    sensegrep.add(tmp_path / "fresh", corpus, **options)
    with sensegrep.open(tmp_path / "idx") as index:
        assert index.check() == []
    # a new version is stored after the others (as in a batch): the same hits, reordered
    assert sorted(_search(tmp_path / "idx")) == sorted(_search(tmp_path / "fresh"))
    stored = _tables(tmp_path / "idx")
    fresh = _tables(tmp_path / "fresh")
    assert sorted(d[1:] for d in stored["documents"]) == sorted(d[1:] for d in fresh["documents"])
    assert len(stored["tokens"]) == len(fresh["tokens"])


def test_the_progress_bar_moves_as_a_text_is_stored_in_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain-text file's bar stayed at 0% until the whole file was stored (minutes for
    a novel collection); stored a piece at a time, it moves with each piece."""
    import sensegrep
    from sensegrep.indexer import progress

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(30))
    (corpus / "b.txt").write_text(body, encoding="utf-8")
    monkeypatch.setattr(text, "PIECE_CHARS", 300)
    seen: list[float] = []
    reached = progress.Progress.reached

    def record(self, fraction: float) -> None:
        seen.append(fraction)
        reached(self, fraction)

    monkeypatch.setattr(progress.Progress, "reached", record)
    sensegrep.add(tmp_path / "idx", corpus, vectors_for="none", tagger="none", progress=True)
    assert len(seen) > 3 and seen == sorted(seen) and seen[0] > 0 and seen[-1] <= 1


def test_a_text_stored_in_pieces_on_postgresql_is_the_one_stored_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, postgres_url: str
) -> None:
    """The pieces' one transaction on PostgreSQL (its ids from sequences, its
    savepoints): the same lines, totals and check as the file stored whole in SQLite."""
    import sensegrep

    corpus = _corpus(tmp_path / "corpus")
    options = {"vectors_for": "none", "tagger": "none"}
    sensegrep.add(tmp_path / "whole", corpus, **options)
    monkeypatch.setattr(text, "PIECE_CHARS", 100)
    monkeypatch.setenv("SENSEGREP_DB", postgres_url)
    report = sensegrep.add(tmp_path / "pieces", corpus, **options)
    assert (report.documents, report.files_indexed) == (3, 3)
    assert _search(tmp_path / "pieces") == _search(tmp_path / "whole")
    with sensegrep.open(tmp_path / "pieces") as pieces, sensegrep.open(tmp_path / "whole") as whole:
        assert pieces.check() == []
        assert pieces.info()["tokens"] == whole.info()["tokens"] == report.tokens
        sentences = [h.sentence for h in pieces.search("bank", k=200)]
        assert sentences == [h.sentence for h in whole.search("bank", k=200)]


# A numbered list whose items are paragraphs of their own, and one whose first item ends a
# paragraph (`Steps:⏎1. Open it.⏎⏎2. …`): whether a line's number opens a list's item
# depends on the numbered lines near it, across blank lines, so a piece cut before or
# after an item is analysed with the text around it.
LISTS = (
    "The steps follow.\n\n1. Open the box now.\n\n2. Remove the lid now.\n\n3. Close it again.\n\n"
    "Then we wrote this\n1. Lift the gate.\n\n2. Cross the bridge.\n\nThe end came soon.\n\n"
)


@pytest.mark.parametrize("tagger", ["none", "spacy"])
def test_a_piece_cut_at_a_numbered_lists_item_keeps_the_items_sentences(
    tmp_path: Path, tagger: str
) -> None:
    path = tmp_path / "manual.txt"
    path.write_text(LISTS * 6, encoding="utf-8")
    for size in range(1, 60, 7):
        whole, pieced, pieces = _both(path, size, tagger=tagger)
        assert pieces > 10
        assert pieced == whole, size
    sentences = [" ".join(t[0] for t in s) for s in whole[:8]]
    assert sentences[:4] == [
        "The steps follow .", "1 . Open the box now .", "2 . Remove the lid now .",
        "3 . Close it again .",
    ]  # fmt: skip
