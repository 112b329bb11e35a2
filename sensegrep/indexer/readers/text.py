"""Plain text: one file is one document, analysed offline by spaCy (English) or
simplemma (see sensegrep/tagger.py: ``index --tagger``).

The document id is the file's name (its display name, or the name the same file got
when it was first indexed by another path: indexer/pipeline.py) and ``Document.text``
is the file's text exactly as written (only a leading byte-order mark is dropped), so
offsets point into the original.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sensegrep.document import Document
from sensegrep.errors import InputError
from sensegrep.indexer.readers import _common
from sensegrep.tagger import Analyser, analyser


def read(
    path: Path, name: str, lang: str, analyse: Analyser | None = None
) -> Iterator[Document | InputError]:
    analyse = analyse or analyser(lang)
    parts: list[str] = []
    for number, line in _common.iter_lines(path, name):
        if line is None:
            raise _common.long_line_error(name, number, fatal=True)
        parts.append(line)
    text = "".join(parts)
    if not text.strip():
        raise InputError(name, "empty file")
    yield Document(id=name, text=text, sentences=analyse([text])[0])
