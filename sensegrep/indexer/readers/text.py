"""Plain text: one file is one document, analysed offline by spaCy (English) or
simplemma (see sensegrep/tagger.py: ``index --tagger``).

The document id is the file's name (its display name, or the name the same file got
when it was first indexed by another path: indexer/pipeline.py) and ``Document.text``
is the file's text exactly as written (only a leading byte-order mark is dropped), so
offsets point into the original.

Read ``streamed`` (a text-only index's run: indexer/pipeline.py), a text longer than
PIECE_CHARS is not analysed with its document: :meth:`StreamedDocument.pieces` analyses the text a
piece at a time, cut only after a blank line, where either analyser ends a sentence and
starts anew, so that its sentences, tokens and offsets are those of the whole text while
the memory they take is a piece's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sensegrep.document import Document, Sentence
from sensegrep.errors import InputError
from sensegrep.indexer.readers import _common
from sensegrep.tagger import Analyser, analyser, line_ends
from sensegrep.text import ITEM_WINDOW

# Characters of text analysed at a time by StreamedDocument.pieces, at least (a piece
# ends at the first blank line after it; text without one is a piece); a shorter text
# is analysed with its document, and stored in a batch with others.
PIECE_CHARS = 1_000_000

# A blank line (after lone carriage returns are read as line ends, as the analysers read
# them) and the whitespace after it: tagger.py's paragraph break, at whose end
# simplemma's paragraph ends too.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass
class StreamedDocument(Document):
    """A plain-text document whose ``sentences`` are left empty: ``pieces()`` yields
    them, a piece of the text at a time."""

    analyse: Analyser | None = None

    def pieces(self) -> Iterator[list[Sentence]]:
        """The document's sentences, in order, a list for each piece of its text: the
        sentences ``analyse([text])`` gives, with the same tokens and offsets."""
        assert self.analyse is not None
        for start, end in blank_line_pieces(self.text, PIECE_CHARS):
            # With the text around it, whose sentences are dropped: whether a line's
            # number opens a list's item depends on the numbered lines near it, across
            # blank lines (cut off, `1. Open it.` at a piece's start was two sentences).
            before = max(0, start - ITEM_WINDOW)
            after = min(len(self.text), end + ITEM_WINDOW)
            sentences = [
                sentence
                for sentence in self.analyse([self.text[before:after]])[0]
                if start <= sentence.tokens[0].start + before < end
            ]
            if before:
                for sentence in sentences:
                    for token in sentence.tokens:
                        token.start += before
                        token.end += before
            if sentences:
                yield sentences


def blank_line_pieces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text`` that cover it, each of at least
    ``size`` characters but the last, cut only at the end of a blank line's whitespace."""
    lines = line_ends(text)
    start = 0
    while len(text) - start > size:
        match = _BLANK_LINE.search(lines, start + size)
        if match is None:
            break
        yield start, match.end()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def read(
    path: Path, name: str, lang: str, analyse: Analyser | None = None, streamed: bool = False
) -> Iterator[Document | InputError]:
    analyse = analyse or analyser(lang)
    parts: list[str] = []
    for number, line in _common.iter_lines(path, name):
        if line is None:
            raise _common.long_line_error(name, number, fatal=True)
        parts.append(line)
    text = "".join(parts)
    del parts
    if not text.strip():
        raise InputError(name, "empty file")
    if streamed and len(text) > PIECE_CHARS:
        yield StreamedDocument(id=name, text=text, sentences=[], analyse=analyse)
    else:
        yield Document(id=name, text=text, sentences=analyse([text])[0])
