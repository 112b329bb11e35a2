"""The API's side of the search request (sensegrep/request.py): keywords checked into
the engine's request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sensegrep.search.engine import SearchRequest


def search_request(
    word: str = "", example: str | Sequence[str] | None = None, **options: Any
) -> SearchRequest:
    """A search request checked as the CLI checks its options (QueryError names the
    bad one); the keywords of :meth:`SenseIndex.search`, and ``any_word``."""
    return search_request_of(_request_values(word, example, options))


def _request_values(
    word: str, example: str | Sequence[str] | None, options: Mapping[str, Any]
) -> dict[str, Any]:
    from sensegrep import request

    return request.parse({"word": word, "example": example, **options}, "api", "api")


def search_request_of(values: Mapping[str, Any]) -> SearchRequest:
    """The engine's request for values checked by :func:`sensegrep.request.parse`."""
    from sensegrep.search.engine import SearchRequest

    return SearchRequest.from_values(values)


def split_within(cql: str) -> tuple[str, str]:
    """(a CQL pattern's token sequence, its ``within`` clauses as written, "" when it
    has none): what a front end searches to say how many matches a subcorpus left out."""
    from sensegrep.search.cql import split_within as split

    return split(cql)
