"""Example sentences: ``"I paid it into the [[bank]] on Monday"`` → words + target position.

A marker may span several words of one sentence (``"along the [[river bank]] at dusk"``):
the usage's vector is then the mean of their vectors (:meth:`Example.vector`)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from sensegrep.document import Token
from sensegrep.errors import QueryError
from sensegrep.search.cql.regex import compile_value
from sensegrep.search.query import infix_pieces
from sensegrep.text import analyse

# The punctuation that ends (or starts) the piece of a token left beside the marker.
_EDGE_PUNCT_END = re.compile(r"[^\w\s]+$")
_EDGE_PUNCT_START = re.compile(r"^[^\w\s]+")


@functools.cache
def _marker() -> Any:
    """``[[word]]``, in RE2: Python's ``re`` takes quadratic time to find no marker in
    a text of many ``[[`` (100,000 characters: 74 s), and a usage is a user's text."""
    return compile_value(r"\[\[(.+?)\]\]")


@dataclass(frozen=True)
class Example:
    words: list[str]
    target: int  # index into words of the meant word (the first of a marked span)
    end: int | None = None  # one past the span's last word; None: the target word alone

    @property
    def span(self) -> tuple[int, int]:
        """(first, one past the last) index of the meant words."""
        return self.target, self.target + 1 if self.end is None else self.end

    @property
    def target_word(self) -> str:
        """The meant word, or the span's words joined by spaces."""
        start, end = self.span
        return " ".join(self.words[start:end])

    def vector(self, embedded: np.ndarray) -> np.ndarray:
        """The usage's vector from the embedded sentence (words × dim): the target word's
        row, or the mean of the span's rows."""
        start, end = self.span
        if end - start == 1:
            return embedded[start]
        return embedded[start:end].mean(axis=0, dtype=np.float64).astype(embedded.dtype)


def with_infixes_cut(example: Example) -> Example:
    """The example's words cut at the hyphens and slashes between letters, as spaCy cut
    the text of the index it is compared with ("well-known" is well - known there, and
    simplemma, which cut the example, keeps it whole): a sentence copied from such an
    index is then the words its occurrences were embedded in (with ELMo, whose vectors
    are of whole words, it scored 0.985 against itself, below other sentences). The
    marked words stay as marked."""
    first, last = example.span
    words: list[str] = []
    target = end = 0
    for i, word in enumerate(example.words):
        if i == first:
            target = len(words)
        words.extend([word] if first <= i < last else infix_pieces(word) or [word])
        if i == last - 1:
            end = len(words)
    return Example(words=words, target=target, end=end if end - target > 1 else None)


def parse_example(text: str, word: str, lang: str = "en") -> Example:
    """Tokenise an example and find the meant word: the ``[[ ]]``-marked words (all the
    tokens the marker overlaps, in one sentence), or else the first token whose form or
    lemma is ``word``."""
    markers = list(_marker().finditer(text))
    if len(markers) > 1:
        raise QueryError(f"the example marks {len(markers)} words with [[ ]]; mark one: {text!r}")
    if not markers and ("[[" in text or "]]" in text):
        raise QueryError(f"unbalanced [[ ]] in the example {text!r}: write it as [[word]]")
    span = None
    if markers:
        m = markers[0]
        clean = text[: m.start()] + m.group(1) + text[m.end() :]
        span = (m.start(), m.start() + len(m.group(1)))
    else:
        clean = text
    found: list[Example] = []
    # A marked word is found by its offsets: its lemmas are not needed.
    for sentence in analyse(clean, lang, lemmas=span is None):
        marked = [i for i, token in enumerate(sentence.tokens) if _is_target(token, span, word)]
        if not marked:
            continue
        if span is None:  # the first occurrence of the word
            return Example(words=sentence.words, target=marked[0])
        found.append(_marked_example(sentence.tokens, span, clean))
    if len(found) > 1:
        raise QueryError(
            f"the [[ ]] span crosses a sentence boundary in the example {text!r}: "
            "mark words of one sentence"
        )
    if found:
        return found[0]
    if span is not None:
        raise QueryError(f"no word inside [[ ]] in the example {text!r}")
    if not word.strip():  # search across words (--any-word, neighbours) names none
        raise QueryError(f"the example {text!r} marks no word: mark the meant word as [[word]]")
    raise QueryError(
        f"{word!r} does not occur in the example {text!r}: mark the meant word as [[word]]"
    )


def _marked_example(tokens: list[Token], span: tuple[int, int], text: str) -> Example:
    """The example with the marked words as tokens of their own. The analyser keeps a
    hyphenated compound whole ("river-bank") where the index's tagger splits it ("river"
    "-" "bank"): a token the marker covers only in part is cut at the marker's edges, so
    that "the river-[[bank]]" means bank, not the compound."""
    words: list[str] = []
    marked: list[int] = []
    for token in tokens:
        if not (token.start < span[1] and span[0] < token.end):
            words.append(token.form)
            continue
        start = span[0] if _between_words(text, span[0], token) else token.start
        end = span[1] if _between_words(text, span[1], token) else token.end
        words.extend(_cut_edge(text[token.start : start], at_end=True))
        marked.append(len(words))
        words.append(text[start:end] if (start, end) != (token.start, token.end) else token.form)
        words.extend(_cut_edge(text[end : token.end], at_end=False))
    last = marked[-1] + 1 if len(marked) > 1 else None
    return Example(words=words, target=marked[0], end=last)


def _between_words(text: str, cut: int, token: Token) -> bool:
    """Whether a marker's edge at ``cut`` falls inside ``token`` at punctuation
    ("river-|bank"); one between two letters ("[[ban]]k") keeps the whole word."""
    if not token.start < cut < token.end:
        return False
    return not (text[cut - 1].isalnum() and text[cut].isalnum())


def _cut_edge(piece: str, at_end: bool) -> list[str]:
    """What is left of a token cut at the marker: its punctuation at the cut ("river-"
    → "river" "-"), as a token of its own as the tagger's infix rules make it."""
    if not piece:
        return []
    found = _EDGE_PUNCT_END.search(piece) if at_end else _EDGE_PUNCT_START.search(piece)
    if not found:
        return [piece]
    cut = found.start() if at_end else found.end()
    parts = [piece[:cut], piece[cut:]]
    return [part for part in parts if part]


def _is_target(token: Token, span: tuple[int, int] | None, word: str) -> bool:
    if span is not None:
        return token.start < span[1] and span[0] < token.end
    key = word.lower()
    return token.form.lower() == key or (token.lemma or "").lower() == key


def count_in(text: str, word: str, lang: str = "en") -> int:
    """How many tokens of an unmarked ``text`` are ``word`` (by form or lemma): the ones
    :func:`parse_example` would choose the first of."""
    return sum(
        1
        for sentence in analyse(text, lang)
        for token in sentence.tokens
        if _is_target(token, None, word)
    )
