"""``sensegrep compare``: the cosine of two usages of a word, for one pair or a file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from sensegrep.embedder.base import Embedder
from sensegrep.errors import InputError, QueryError, SensegrepError
from sensegrep.jsonlines import json_objects, text_lines
from sensegrep.search.engine import cosine
from sensegrep.search.example import Example, count_in, parse_example

# (line number, usage a, usage b, problem reading that line)
Pair = tuple[int, str, str, str | None]


def read_pairs(path: Path) -> list[Pair]:
    """Pairs from JSONL ``{"a": …, "b": …}``; a bad line keeps its place with a problem."""
    try:
        lines = text_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SensegrepError(f"cannot read --pairs {path}: {exc}") from exc
    pairs: list[Pair] = []
    for item in json_objects(path, lines, 'an object like {"a": "usage", "b": "usage"}'):
        if isinstance(item, InputError):
            pairs.append((item.line or 0, "", "", item.message))
            continue
        line_no, record = item
        if not (isinstance(record.get("a"), str) and isinstance(record.get("b"), str)):
            pairs.append((line_no, "", "", 'expected {"a": "usage", "b": "usage"}'))
            continue
        pairs.append((line_no, record["a"], record["b"], None))
    return pairs


def compare_pairs(
    embedder: Embedder, pairs: Sequence[Pair], word: str | None, lang: str = "en"
) -> Iterator[tuple[int, float | None, str | None]]:
    """(line number, cosine or None, problem or None) per pair, in order; all usages are
    embedded in one call so batches are filled."""
    parsed: list[tuple[int, Example, Example] | tuple[int, str]] = []
    for line_no, a, b, problem in pairs:
        if problem:
            parsed.append((line_no, problem))
            continue
        try:
            parsed.append((line_no, _usage(a, word, lang), _usage(b, word, lang)))
        except QueryError as exc:
            parsed.append((line_no, str(exc)))
    examples = [ex for item in parsed if len(item) == 3 for ex in item[1:]]
    vectors = iter(embedder.embed([ex.words for ex in examples]))
    for item in parsed:
        if len(item) == 2:
            yield item[0], None, item[1]
            continue
        line_no, ex_a, ex_b = item
        vec_a, vec_b = ex_a.vector(next(vectors)), ex_b.vector(next(vectors))
        yield line_no, cosine(vec_a, vec_b), None


def different_words(a: str, b: str, word: str | None, lang: str = "en") -> tuple[str, str] | None:
    """The two meant words' lemmas when they differ (``bank``, ``shore``), else None
    (also when a usage cannot be read: compare_pairs says why). compare's probability is
    calibrated on two uses of one word, so it means nothing for two words."""
    from sensegrep.text import lemma_of

    try:
        targets = [_usage(text, word, lang) for text in (a, b)]
    except QueryError:
        return None
    first, second = (
        " ".join(lemma_of(w, lang) for w in ex.words[slice(*ex.span)]) for ex in targets
    )
    return None if first.casefold() == second.casefold() else (first, second)


def _usage(text: str, word: str | None, lang: str) -> Example:
    if word is None and "[[" not in text:
        raise QueryError(f"mark the word to compare with [[ ]] (or pass --word): {text!r}")
    found = parse_example(text, word or "", lang)
    if word and "[[" in text:  # a word given is never dropped for the one marked
        _marked_is(found, word, text, lang)
    elif word and count_in(text, word, lang) > 1:  # nor one of several chosen unsaid
        raise QueryError(
            f"{word!r} occurs {count_in(text, word, lang)} times in the usage {text!r}: "
            "mark the one meant with [[ ]]"
        )
    return found


def _marked_is(found: Example, word: str, text: str, lang: str) -> None:
    """A QueryError unless the marked words are ``word`` (as written or by lemma)."""
    from sensegrep.text import lemma_of

    marked = found.target_word
    lemma = " ".join(lemma_of(w, lang) for w in found.words[slice(*found.span)])
    wanted = {word.casefold(), lemma_of(word, lang).casefold()}
    if not wanted & {marked.casefold(), lemma.casefold()}:
        raise QueryError(
            f"the usage {text!r} marks {marked!r} with [[ ]], not {word!r}, the --word "
            f"given: leave --word out, or mark {word!r}"
        )
