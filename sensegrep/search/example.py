"""Example sentences: ``"I paid it into the [[bank]] on Monday"`` → words + target position."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sensegrep.document import Token
from sensegrep.errors import QueryError
from sensegrep.text import analyse

_MARKER = re.compile(r"\[\[(.+?)\]\]")


@dataclass(frozen=True)
class Example:
    words: list[str]
    target: int  # index into words of the meant word

    @property
    def target_word(self) -> str:
        return self.words[self.target]


def parse_example(text: str, word: str, lang: str = "en") -> Example:
    """Tokenise an example and find the meant word: the ``[[ ]]``-marked one, or else the
    first token whose form or lemma is ``word``."""
    markers = list(_MARKER.finditer(text))
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
    for sentence in analyse(clean, lang):
        for i, token in enumerate(sentence.tokens):
            if _is_target(token, span, word):
                return Example(words=sentence.words, target=i)
    if span is not None:
        raise QueryError(f"no word inside [[ ]] in the example {text!r}")
    raise QueryError(
        f"{word!r} does not occur in the example {text!r}: mark the meant word as [[word]]"
    )


def _is_target(token: Token, span: tuple[int, int] | None, word: str) -> bool:
    if span is not None:
        return token.start < span[1] and span[0] < token.end
    key = word.lower()
    return token.form.lower() == key or (token.lemma or "").lower() == key
