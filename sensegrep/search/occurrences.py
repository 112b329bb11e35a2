"""Which occurrences a word means, shared by search, senses, labels and export."""

from __future__ import annotations

from sensegrep.errors import QueryError
from sensegrep.storage import Candidates, Filters, Index
from sensegrep.text import lemma_of


def occurrences_of(
    index: Index,
    word: str,
    *,
    lang: str = "en",
    by_form: bool = False,
    filters: Filters | None = None,
) -> tuple[str, Candidates]:
    """(the lemma or form matched, its occurrences in corpus order).

    By lemma, an inflected word ("banks") falls back to the lemma the indexer would have
    given it. No occurrences is a QueryError: every caller would report it the same way.
    """
    key = word.strip().lower()
    found = index.candidates(key, by_form, filters)
    if not len(found) and not by_form:
        lemma = lemma_of(key, lang).lower()
        if lemma != key:
            key, found = lemma, index.candidates(lemma, False, filters)
    if not len(found):
        how = "word form" if by_form else "lemma"
        raise QueryError(
            f"no occurrences of {word!r} (by {how}) in {index.folder}"
            + ("" if by_form else "; try --form for an exact word form")
        )
    return key, found
