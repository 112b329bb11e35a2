"""Plain text: one file is one document, analysed offline with simplemma.

The document id is the file's display name and ``Document.text`` is the file's text
exactly as written (only a leading byte-order mark is dropped), so offsets point into
the original. simplemma splits sentences (paragraph breaks, i.e. blank lines, always
end one) and tokens; every token it returns is a slice of its sentence, which is a
slice of the text, so offsets are found by searching forward from a cursor. Characters
simplemma does not tokenise (emoji, other symbols) simply belong to no token.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import simplemma

from sensegrep.document import Document, Sentence, Token
from sensegrep.errors import InputError, SensegrepError
from sensegrep.indexer.readers import _common


def check_language(lang: str) -> None:
    """Fail early, once, for a language simplemma has no dictionary for."""
    try:
        simplemma.lemmatize("test", lang=lang)
    except ValueError:
        raise SensegrepError(
            f"unsupported language {lang!r} for lemmatisation; use an ISO 639-1 code "
            "such as 'en', 'de' or 'fr'"
        ) from None


@lru_cache(maxsize=1 << 16)
def lemma_of(form: str, lang: str) -> str:
    """simplemma's lemma, lower-cased for words ("Banks" → "bank"); others unchanged."""
    if not any(ch.isalpha() for ch in form):
        return form
    return simplemma.lemmatize(form, lang=lang).lower()


def analyse(text: str, lang: str) -> list[Sentence]:
    """Split ``text`` into sentences of tokens whose offsets index ``text`` exactly."""
    sentences: list[Sentence] = []
    cursor = 0
    for chunk in simplemma.split_sentences(text, lang=lang):
        start = text.find(chunk, cursor)
        if start < 0:  # cannot happen (chunks are slices), but never emit bad offsets
            continue
        cursor = start + len(chunk)
        tokens = _tokens(text, start, cursor, lang)
        if tokens:
            sentences.append(Sentence(tokens))
    return sentences


def _tokens(text: str, start: int, end: int, lang: str) -> list[Token]:
    tokens: list[Token] = []
    cursor = start
    for form in simplemma.simple_tokenizer(text[start:end]):
        begin = text.find(form, cursor, end)
        if begin < 0:
            continue
        cursor = begin + len(form)
        tokens.append(Token(form, begin, cursor, lemma=lemma_of(form, lang)))
    return tokens


def read(path: Path, name: str, lang: str) -> Iterator[Document | InputError]:
    check_language(lang)
    parts: list[str] = []
    for number, line in _common.iter_lines(path, name):
        if line is None:
            raise _common.long_line_error(name, number, fatal=True)
        parts.append(line)
    text = "".join(parts)
    if not text.strip():
        raise InputError(name, "empty file")
    yield Document(id=name, text=text, sentences=analyse(text, lang))
