"""What a search's options do not do as the user may think, said once in its notes.

An option that changes nothing was silently ignored (issue 23): ``--match-case`` on a
search by lemma (a lemma is matched in any case) looked like a case-sensitive search,
``--ignore-punct`` without a key beside the node looked applied. Others do less than
their name says: ``--sort`` on a ranked search orders only its best lines, and ``--sort
score`` has no score to order a plain concordance by. The notes name the options as the
command line does; the library and the web app respell them (api/spelling.py), so the
CLI, the API, HTTP and the web page say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sensegrep.choices import SEARCH_SCORINGS
from sensegrep.search.positions import POSITIONS


class SearchRequest(Protocol):
    """What the notes read of search/engine.py's request (which imports this module)."""

    @property
    def sort(self) -> Sequence[str]: ...
    @property
    def ranked(self) -> bool: ...
    @property
    def any_word(self) -> bool: ...
    @property
    def ignore_punct(self) -> bool: ...
    @property
    def match_case(self) -> bool: ...
    @property
    def form(self) -> bool: ...
    @property
    def scoring(self) -> str: ...


# The keys whose values are words: --match-case tells their upper from lower case.
WORD_KEYS = frozenset({"form", "node", "lemma", *POSITIONS})

RANKED_SORT = (
    "a ranked search keeps its best lines: --sort orders only this page "
    "(leave out --example/--like/--label/--gloss to sort all the matches)"
)
ANY_WORD_SORT = (
    "--any-word keeps the nearest usages: --sort orders only this page, each page apart "
    "(ask -k for all the lines at once to sort them together)"
)
SCORE_SORT = (
    "a plain concordance has no scores: --sort score keeps its lines in corpus order (no "
    "key after it is reached); score orders a ranked search (--example, --like, --label, "
    "--gloss)"
)
IGNORE_PUNCT = (
    "--ignore-punct changes nothing here: it skips punctuation only in a sort or a count by "
    "the words beside the node (left1 … right2)"
)
MATCH_CASE = (
    "--match-case changes nothing here: it tells upper from lower case only with --form and "
    "in a sort or a count by words (form, node, lemma, left1 … right2); a lemma is matched "
    "in any case"
)

SCORING = (
    "--scoring cosine changes nothing here: it says how a ranked search (--example, --like, "
    "--label, --gloss) scores its lines, and a plain concordance has no scores"
)
CENTRED = SEARCH_SCORINGS[0]  # the default scoring, which a note never names


def option_notes(request: SearchRequest, count_by: str | None = None) -> list[str]:
    """The notes on ``request``'s options: of its lines' order (a search), and of
    ``--ignore-punct`` and ``--match-case`` given where no key of ``--sort`` (for the
    lines a count takes) or of ``count_by`` (a count's key) uses them."""
    notes = []
    sort = [key for key in request.sort if key]
    if count_by is None and request.any_word and any(key != "score" for key in sort):
        notes.append(ANY_WORD_SORT)  # (it sorted each page without a word: issue 23)
    elif count_by is None and request.ranked and any(key != "score" for key in sort):
        notes.append(RANKED_SORT)
    if count_by is None and not request.ranked and not request.any_word and sort[:1] == ["score"]:
        notes.append(SCORE_SORT)
    if not request.ranked and request.scoring != CENTRED:
        notes.append(SCORING)
    keys = {*sort, *((count_by,) if count_by else ())}
    if request.ignore_punct and not keys & set(POSITIONS):
        notes.append(IGNORE_PUNCT)
    if request.match_case and not request.form and not keys & WORD_KEYS:
        notes.append(MATCH_CASE)
    return notes
