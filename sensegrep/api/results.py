"""The records the API answers with: a concordance line (:class:`Hit`), the hits of a
query (:class:`Hits`), induced senses (:class:`Sense`, :class:`Senses`, and the run
they are of, :class:`SenseRunInfo`) and the lemmas
used in a sense (:class:`Neighbour`); and how an engine's result becomes a Hit."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sensegrep.cells import figure_text
from sensegrep.cells import per_million as shown_per_million
from sensegrep.choices import punctuation_skipped
from sensegrep.errors import SensegrepError

if TYPE_CHECKING:
    from sensegrep.export import ExportChoice, ExportItem
    from sensegrep.search.arrange import CountRow
    from sensegrep.senses.runs import SenseRun


@dataclass(frozen=True)
class Hit:
    """One concordance line: exactly the fields of the JSONL contract of ``search``."""

    query: int
    word: str
    rank: int
    score: float | None
    id: int
    doc: str
    start: int
    end: int
    form: str
    lemma: str
    pos: str | None
    left: str
    right: str
    sentence: str
    label: str | None
    meta: dict[str, Any] = field(default_factory=dict)
    # The matched words: the word itself, or a CQL pattern's whole match (``start`` and
    # ``end`` then span it; ``id``, ``form``, ``lemma`` and ``pos`` are its target's).
    match: list[str] = field(default_factory=list)
    # The occurrence's induced sense, and the id of the stored sense run that number is
    # of (``sensegrep senses WORD --runs``): the run named with ``senses_run``, else the
    # word's current run. Both None when the word has no stored run (nothing is induced
    # for this); ``sense_run`` None beside a sense: a run induced for this request only.
    sense: int | None = None
    sense_run: int | None = None
    # How good a dictionary example the line makes (0 to 1, best 1) and the parts of
    # that score (stats/examples.py), when asked for (``sort="quality"``); else None.
    quality: float | None = None
    quality_parts: dict[str, float] | None = None
    # Whether ``label`` was predicted by ``classify --apply`` (its k nearest labelled
    # occurrences voted) rather than given with the input or by hand; False unlabelled.
    label_predicted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSONL record, a copy the caller may change. What dataclasses.asdict
        gives, built directly: asdict took 29 µs a hit, three quarters of what writing
        a concordance line costs (its fields are flat but for ``meta``, ``match`` and
        ``quality_parts``)."""
        parts = None if self.quality_parts is None else dict(self.quality_parts)
        return {
            **self.__dict__,
            "meta": copy.deepcopy(self.meta),
            "match": list(self.match),
            "quality_parts": parts,
        }


class Totalled:
    """What all the matches of a query amount to, beside the page of them a result
    holds: ``total`` matches (those that pass the filters; a ranked search orders them
    all, it drops none) in ``documents`` documents, ``per_million`` tokens of the index
    (``tokens``) and ``per_million_subcorpus`` of the documents a where/doc filter keeps
    (``subcorpus_tokens``; None without one). Every token counts, punctuation included,
    as in CWB. All None where there is no total (``--any-word`` finds the k nearest
    usages, and a result made from ids has none).

    ``searched``: what these are the matches of when it is not the word as asked
    (None: the word itself, by lemma, or by form with ``form=True``; or the pattern):
    the lemma a word was resolved to (``lemma "bank"`` for "banks"), the token
    sequence a word the analyser cuts was searched as (``[word="mole"%c]
    [word="'s"%c]`` for "mole's"), or the form ``form=True`` searched: in any case
    (``[word="The"%c]``, said for a word with capitals) or, with ``match_case=True``,
    exactly as written (``[word="The"]``).

    A plain concordance's ``total`` is every token of the word (or every match of the
    pattern). A ranked search (example, like, label, gloss) and ``sense`` can only take
    the occurrences with a sense vector: their ``total`` counts those, and
    ``matches_without_vectors`` the matches that pass the filters without one (function
    words, "have" as an auxiliary…), left out; 0 when none was.

    ``lines_available``: how many lines the pages go through: ``total``, or fewer with
    ``max_per_doc`` (at most that many of a document, also set here) or ``sample``.

    ``why_empty``: for a query with no match at all, why, in one line (also the last of
    its ``notes``): what was searched, the filters that left nothing and how many
    matches there are without them ("0 matches for 'bank' with where='genre=letters';
    8 without them"); None otherwise.

    ``sense`` and ``sense_run``: the sense the query kept (``sense=N``) and the stored
    run that number is of (None: senses induced for one request), so that a total of
    one sense is never read as the word's; both None without ``sense``.

    ``index_state``: a key of the index's state the result was read at
    (``SenseIndex.state_key``): two pages of one search with two keys were read at two
    states (another process added or removed documents in between), and lines may have
    moved from one page to the next; None where it was not read (a result made from ids,
    an older server's)."""

    total: int | None = None
    documents: int | None = None
    tokens: int | None = None
    subcorpus_tokens: int | None = None
    searched: str | None = None
    matches_without_vectors: int | None = None
    lines_available: int | None = None
    max_per_doc: int | None = None
    why_empty: str | None = None
    sense: int | None = None
    sense_run: int | None = None
    index_state: str | None = None

    def set_totals(self, totals: Any) -> None:
        """Take the engine's totals (``sensegrep.search.engine.Totals``)."""
        if totals is not None:
            self.total, self.documents = totals.matches, totals.documents
            self.tokens, self.subcorpus_tokens = totals.tokens, totals.subcorpus_tokens
            self.searched = totals.searched
            self.matches_without_vectors = totals.without_vectors
            self.lines_available = totals.lines_available

    @property
    def per_million(self) -> float | None:
        return per_million(self.total, self.tokens)

    @property
    def per_million_subcorpus(self) -> float | None:
        return per_million(self.total, self.subcorpus_tokens)

    def frequency_text(self) -> str | None:
        """The matches per million tokens, as the CLI's header says it (``18,101.21 per
        million tokens (27,291 tokens); 28,571.43 per million in the filtered subcorpus
        (9,240 tokens)``); None without a total or tokens."""
        if self.total is None or not self.tokens:
            return None
        said = f"{figure_text(self.per_million)} per million tokens ({self.tokens:,} tokens)"
        if self.subcorpus_tokens is not None and self.per_million_subcorpus is not None:
            said += (
                f"; {figure_text(self.per_million_subcorpus)} per million in the filtered "
                "subcorpus "
                f"({self.subcorpus_tokens:,} tokens)"
            )
        return said

    def totals(self) -> dict[str, Any]:
        """The totals as the web API's fields."""
        return {
            "total": self.total,
            "documents": self.documents,
            "per_million": self.per_million,
            "per_million_subcorpus": self.per_million_subcorpus,
            "tokens": self.tokens,
            "subcorpus_tokens": self.subcorpus_tokens,
            "searched": self.searched,
            "matches_without_vectors": self.matches_without_vectors,
            "lines_available": self.lines_available,
            "sense": self.sense,
            "sense_run": self.sense_run,
        }


def count_record(
    row: CountRow,
    tokens: int | None,
    subcorpus_tokens: int | None,
    value_sizes: dict[str | None, int] | None = None,
    complete: bool = False,
) -> dict[str, Any]:
    """A frequency table's row as :class:`Counts` holds it, per million of ``tokens``
    and ``subcorpus_tokens`` (None: not given). A sense: its number as ``value``, its
    word and sense run beside it. By a metadata field (``value_sizes``: the tokens of
    each value's documents), ``value_tokens`` (that subcorpus's size) and, when
    ``complete``, ``per_million_value``: per million tokens of the documents with that
    value, not of the whole index. Not dataclasses.asdict: 100 µs a row, seconds for
    the words after a frequent one."""
    from sensegrep.search.arrange import NONE, SenseValue

    value = row.value
    record = {
        "value": value.sense if isinstance(value, SenseValue) else value,
        "count": row.count,
        "share": row.share,
        "per_million": per_million(row.count, tokens),
        "per_million_subcorpus": per_million(row.count, subcorpus_tokens),
    }
    if isinstance(value, SenseValue):
        record.update(lemma=value.lemma, sense_run=value.run)
    if value_sizes is not None:
        size = value_sizes.get(value)
        if value == NONE:  # documents without the value, and any with it written "(none)"
            size = value_sizes.get(None, 0) + value_sizes.get(NONE, 0)
        record["per_million_value"] = per_million(row.count, size) if complete else None
        record["value_tokens"] = size
    return record


def per_million(count: int | None, tokens: int | None) -> float | None:
    """``count`` per million ``tokens``, as shown (sensegrep/cells.py's ``figure``)."""
    if count is None or tokens is None:
        return None
    return shown_per_million(count, tokens)


class SortKeys(str):
    """``Hits.sort``: the sort keys a page's lines are in (``"right1,left1"``; ``""``:
    none), a text. Called as list.sort is, with ``key=`` and ``reverse=``, it sorts
    these lines in place; called with keys, it refuses: sorting a page by KWIC keys
    would order only its lines, where ``search(sort=…)`` sorts ALL the matches."""

    hits: Hits

    def __new__(cls, keys: str, hits: Hits) -> SortKeys:
        made = super().__new__(cls, keys)
        made.hits = hits
        return made

    def __call__(self, *keys: Any, key: Any = None, reverse: bool = False) -> None:
        if keys:
            asked = keys[0] if isinstance(keys[0], str) else "right1,left1"
            raise SensegrepError(
                f"hits.sort is the keys these lines are in ({str(self) or 'none'}), not a "
                f"sort of this page: pass sort={asked!r} to search(), which sorts ALL the "
                "matches before taking k (hits.sort(key=...) orders these lines as a list)"
            )
        list.sort(self.hits, key=key, reverse=reverse)
        self.hits.sorted_by = ""  # in no sort keys' order now


def no_count_of_nothing(name: str, lines: str) -> SensegrepError:
    """What ``count()`` without a value says: list's count(x) is kept, and the numbers a
    user may mean are elsewhere (HTTP's ``count`` is the lines returned)."""
    return SensegrepError(
        f"{name}.count(x) is a list's count of items equal to x; how many {lines}: "
        f"len({name}) (HTTP's count), "
        + (
            "lines counted: counts.counted, all the matches: counts.total"
            if name == "counts"
            else "all the matches: hits.total, a frequency table: index.count(word, by)"
        )
    )


class Hits(Totalled, list[Hit]):
    """The hits of one query, best first (or in corpus order when nothing ranks them):
    one page of them, lines ``offset`` + 1 onwards, with the totals of all the matches
    (:class:`Totalled`). ``ranked``: ordered by sense (a ``sort`` then orders only the
    page the ranking chose). ``sorted_by`` (also read as ``sort``): the sort keys the
    lines are in. A list otherwise, but ``count()`` and ``sort("keys")`` refuse in one
    line (see :class:`SortKeys`): they would mean something else than HTTP's ``count``
    and ``search(sort=…)``."""

    offset: int = 0
    ranked: bool = False
    sample: int | None = None  # the lines are a random sample of this many matches
    sorted_by: str = ""  # the sort keys the lines are in, joined by commas ("": none)
    # ignore_punct: the words beside the node (left1 … right2) skip punctuation
    punctuation_skipped: bool = False

    @property  # type: ignore[override]
    def sort(self) -> SortKeys:
        return SortKeys(self.sorted_by, self)

    @sort.setter
    def sort(self, keys: str) -> None:  # an older server's "sort" attribute
        self.sorted_by = str(keys)

    def count(self, *value: Any) -> int:  # type: ignore[override]
        if len(value) != 1:
            raise no_count_of_nothing("hits", "lines")
        return list.count(self, value[0])

    # Said once about all the lines: a sense run made for them (a word had none), what
    # their example quality left out, and why.
    notes: Sequence[str] = ()
    # A page after the last line: that fact in the caller's words (also one of its
    # notes), for a front end that says it in its own (the CLI's "no line after 40");
    # None otherwise. As ``why_empty`` is for a result with no match at all.
    past_the_end: str | None = None
    # The word or pattern as asked, which a page past the last line names too (its lines
    # name it otherwise; the repr said "no line after 4 of 4 matches" of nothing, pass 40d)
    asked: str | None = None

    def totals(self) -> dict[str, Any]:
        return {**super().totals(), "offset": self.offset}

    def __repr__(self) -> str:
        """What these are in one line (a list's repr printed every line's fields, and
        no total): ``<Hits: lines 1-10 of 30 matches of lemma "bank" in 12 documents>``.
        The lines themselves: ``list(hits)``, ``hits.to_pandas()``."""
        shown = len(self)
        if shown:
            page = f"lines {self.offset + 1:,}-{self.offset + shown:,}{_chosen(self)}"
        else:
            page = f"no line after {self.offset:,}" if self.offset else "no line"
            # of which lines, as a page with lines says ("no line after 2 of 3 matches"
            # of 2 lines, at most 1 per document, promised a third, pass 40g)
            page += _chosen(self)
        # The word as asked (a pattern: its text, holding double quotes, in single ones).
        first = _quoted(self[0].word) if shown else _quoted(self.asked) if self.asked else None
        return f"<Hits: {page}{_of_matches(self, self.searched or first)}{self._sorted()}>"

    def _sorted(self) -> str:
        """The keys the lines are sorted by, as the CLI's header says them (``, sorted
        by quality``; a ranked search's page: ``, the 3 best, sorted by right1``); the
        notebook's table showed lines in quality order with nothing to say so."""
        keys = [key for key in self.sorted_by.split(",") if key]
        if "score" in keys:  # the lines' own order (ranking, or corpus order): no tie left
            # (a ranked page's ties broken by score: a key, as the CLI's header says it)
            keys = keys[: keys.index("score") + (1 if self.ranked and keys[0] != "score" else 0)]
        if not keys:
            return ", best first" if self.ranked and len(self) else ""
        by = ",".join(keys) + punctuation_skipped(self, keys)
        if self.ranked and len(self):
            # A later page holds ranks, not the best (as the CLI's header says them).
            first, last = self.offset + 1, self.offset + len(self)
            best = f"ranks {first:,}-{last:,}" if self.offset else f"the {len(self):,} best"
            return f", {best}, sorted by {by}"
        return f", sorted by {by}"

    def _repr_html_(self) -> str:
        """A notebook's view: the repr's line (the totals), the lines as a KWIC, notes."""
        from sensegrep.api.display import kwic_rows, result_html

        columns, rows = kwic_rows(self)
        return result_html(repr(self)[1:-1], columns, rows, self.notes, about=self.frequency_text())

    def to_dicts(self) -> list[dict[str, Any]]:
        return [hit.to_dict() for hit in self]

    def to_pandas(self) -> Any:
        """A DataFrame with one row per hit and the contract's columns (needs pandas)."""
        return data_frame(self.to_dicts(), list(Hit.__dataclass_fields__))

    @property
    def ids(self) -> list[int]:
        return [hit.id for hit in self]


class Counts(Totalled, list[dict[str, Any]]):
    """A frequency table of a query's matches (``SenseIndex.count``): rows of
    ``value``, ``count``, ``share`` (of the lines counted), ``per_million`` (tokens of
    the index) and ``per_million_subcorpus`` (of the filtered documents; None without a
    filter), most frequent first; with the totals of all the matches (:class:`Totalled`).
    By ``sense``, ``value`` is the sense number (None: a line without one), with
    ``lemma`` and ``sense_run`` beside it. By a metadata field, each row also has
    ``value_tokens`` (the tokens of the documents with that value, within the filters'
    subcorpus) and ``per_million_value`` (the count per million of those: how frequent
    the word is in each genre, say, where ``per_million`` divides by the whole index).

    The lines counted are those ``k`` and ``offset`` select, as ``search`` shows them:
    ``counted`` lines from line ``offset`` + 1, in ``sorted_by`` order (or best first
    when ``ranked``, or a random ``sample``). ``complete``: all the matches were counted;
    only then are the rows' ``per_million`` given (a page's count per million tokens
    would pass for the value's frequency)."""

    by: str = ""
    offset: int = 0
    counted: int = 0
    ranked: bool = False
    sample: int | None = None
    sorted_by: str = ""
    punctuation_skipped: bool = False  # as Hits's: by, or sorted by, left1 … right2
    # Said once about the table: how the request was read (--near's lemma), a sense run
    # made for it (a word had none).
    notes: Sequence[str] = ()
    # A page after the last line: that fact (also one of its notes), as Hits says it.
    past_the_end: str | None = None

    @property
    def complete(self) -> bool:
        return self.total is not None and self.offset == 0 and self.counted == self.total

    def count(self, *value: Any) -> int:  # type: ignore[override]
        if len(value) != 1:
            raise no_count_of_nothing("counts", "rows")
        return list.count(self, value[0])

    def totals(self) -> dict[str, Any]:
        return {
            **super().totals(),
            "offset": self.offset,
            "counted": self.counted,
            "complete": self.complete,
        }

    def to_dicts(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (copies), as ``hits.to_dicts()`` gives its records."""
        return [dict(row) for row in self]

    def to_pandas(self) -> Any:
        """A DataFrame with one row per row of the table (needs pandas)."""
        return data_frame(list(self))

    def __repr__(self) -> str:
        """What the table is in one line: ``<Counts by form: 2 rows, 30 lines counted of
        30 matches in 12 documents>`` (the rows: ``list(counts)``, ``to_pandas()``)."""
        rows = f"{len(self):,} row{'' if len(self) == 1 else 's'}"
        lines = f"{self.counted:,} line{'' if self.counted == 1 else 's'} counted"
        if self.offset:
            lines += f" from line {self.offset + 1:,}"
        lines += self._order()
        lines += _chosen(self)  # of a sample, of the lines a cap keeps
        by = self.by + punctuation_skipped(self, [self.by])
        return f"<Counts by {by}: {rows}, {lines}{_of_matches(self, self.searched)}>"

    def _order(self) -> str:
        """Which lines some of the matches are, as the CLI's header says it: the k best
        of a ranking (`` (best first)``) or the first in sort order (`` (sorted by
        right1)``); nothing for corpus order, or when every match was counted."""
        if self.complete or not self.counted:
            return ""
        if self.ranked:
            return " (best first)"
        keys = [key for key in self.sorted_by.split(",") if key and key != "score"]
        by = ",".join(keys) + punctuation_skipped(self, keys, bracketed=True)
        return f" (sorted by {by})" if keys else ""

    def _repr_html_(self) -> str:
        """A notebook's view: the repr's line (what was counted), the matches per
        million tokens, the rows, notes."""
        from sensegrep.api.display import record_rows, result_html

        columns, rows = record_rows(self)
        return result_html(repr(self)[1:-1], columns, rows, self.notes, about=self.frequency_text())


def _chosen(result: Any) -> str:
    """Which lines the pages go through when they are not every match, as the
    command line's header says it: `` of a random sample of 5``, `` of 39 lines (at
    most 1 per document)`` ("lines 1-5 of 48 matches" promised 43 more lines)."""
    total = result.total or 0
    chosen = []
    if result.sample is not None:
        if result.sample >= total and result.max_per_doc is None:
            return ""  # every match, in the result's order (never a random one)
        chosen.append(f"a random sample of {result.sample:,}")
    if result.max_per_doc is not None:
        chosen.append(f"at most {result.max_per_doc:,} per document")
    if not chosen:
        return ""
    if len(chosen) == 1 and result.sample is not None:
        return f" of {chosen[0]}"
    available = total if result.lines_available is None else result.lines_available
    return f" of {available:,} line{'' if available == 1 else 's'} ({', '.join(chosen)})"


def _quoted(text: str) -> str:
    return f"'{text}'" if '"' in text else f'"{text}"'


def _of_matches(result: Totalled, what: str | None) -> str:
    """`` of 30 matches of lemma "bank" in 12 documents`` for a repr (no total: an
    any-word search's k nearest, a result made from ids)."""
    if result.total is None:
        return ""
    of = f" of {what}" if what else ""
    if result.sense is not None:  # the total is the sense's, not the word's: say whose
        run = "" if result.sense_run is None else f" of sense run {result.sense_run}"
        of = f"{of}, sense {result.sense}{run}," if what else f" of sense {result.sense}{run}"
    without = result.matches_without_vectors or 0
    if without:  # a ranking or a sense takes only these: the others said, as the CLI does
        of += f" with a sense vector ({without:,} more {'has' if without == 1 else 'have'} none)"
    documents = result.documents or 0
    return (
        f" of {result.total:,} match{'' if result.total == 1 else 'es'}{of} in "
        f"{documents:,} document{'' if documents == 1 else 's'}"
    )


class ExportItems(list[Any]):
    """The occurrences :meth:`SenseIndex.annotation_items` chose (``ExportItem``s),
    with ``notes`` said once about them (a sense run made to balance them by) and, when
    none passes ``pos``/``where``, ``why_empty`` (also the last note), as
    :attr:`Hits.why_empty` says it."""

    notes: Sequence[str] = ()
    why_empty: str | None = None

    def __repr__(self) -> str:
        """How many were chosen and that there are notes, in one line (a list's repr
        printed every item's fields, and the notes were unsaid: a ``balanced=2`` choice
        whose groups are not the same size). The items: ``list(items)``."""
        n, said = len(self), len(self.notes)
        notes = f"; {said} note{'' if said == 1 else 's'} (.notes)" if said else ""
        return f"<ExportItems: {n:,} occurrence{'' if n == 1 else 's'} chosen{notes}>"

    def _repr_html_(self) -> str:
        """A notebook's view: the repr's line, a row per item, then each note."""
        from sensegrep.api.display import kwic_rows, result_html

        columns, rows = kwic_rows([_ItemLine(item) for item in self])
        return result_html(repr(self)[1:-1], columns, rows, self.notes)


class _ItemLine:
    """An export item as a concordance line (its occurrence, and its sense when chosen
    by sense), for the notebook's table."""

    def __init__(self, item: Any) -> None:
        occurrence = item.occurrence
        self.id, self.doc, self.form = occurrence.id, occurrence.doc, occurrence.form
        self.left, self.right = occurrence.left, occurrence.right
        self.label, self.score = occurrence.label, None
        self.label_predicted = getattr(occurrence, "label_predicted", False)
        self.sense = getattr(item, "sense", None)
        self.sense_run = getattr(item, "sense_run", None)
        self.quality = getattr(item, "quality", None)


@dataclass
class ChosenExport:
    """What an export takes (``choice``), its ``items`` when read whole, and what is
    said once about them: ``notes`` and, when none passes ``pos``/``where``,
    ``why_empty`` (also the last note)."""

    choice: ExportChoice
    items: list[ExportItem] | None
    notes: list[str]
    why_empty: str | None = None


class ExportText:
    """An export's text as pieces (iterate it once: each sentence is read as it is
    written, so memory holds a few hundred at any size). ``notes`` are said once about
    it, as :class:`ExportItems`' are; after the last piece, ``written`` is how many
    items it holds and ``changed`` whether occurrences it chose were gone when their
    sentences were read (another process removed their documents meanwhile: then its
    last note says how many). What another process added meanwhile changes nothing:
    the export is of the occurrences chosen, all of them there."""

    def __init__(
        self,
        pieces: Iterable[str],
        choice: ExportChoice,
        notes: Sequence[str],
        why_empty: str | None,
    ) -> None:
        self._pieces, self._choice = pieces, choice
        self.notes: list[str] = list(notes)
        self.why_empty = why_empty
        self.written = 0
        self.changed = False
        self._read = False

    def __iter__(self) -> Iterator[str]:
        yield from self._pieces
        self.written = len(self._choice) - self._choice.left_out
        self._read = True
        if self._choice.left_out:
            self.changed = True
            self.notes.append(
                f"{self._choice.left_out:,} occurrence(s) chosen for the export were in "
                "documents another process removed while it was read, and are left out; "
                "export again for a file of one state of the index"
            )

    def __repr__(self) -> str:
        """What was written and that there are notes (``idx.export_to`` in a notebook
        showed ``<…ExportText object at 0x…>``, its notes unsaid: a ``balanced=2``
        export whose groups are not the same size)."""
        done = f"{self.written:,} item{'' if self.written == 1 else 's'} written"
        state = done if self._read else "not written yet (iterate it)"
        n = len(self.notes)
        said = f"; {n} note{'' if n == 1 else 's'} (.notes)" if n else ""
        return f"<ExportText: {state}{said}>"

    def _repr_html_(self) -> str:
        """A notebook's view: the repr's line, then each note."""
        from sensegrep.api.display import result_html

        return result_html(repr(self)[1:-1], [], [], self.notes)


class Table(list[dict[str, Any]]):
    """A statistic's rows (:meth:`SenseIndex.freq` …), each a dict of the same fields,
    with what they were counted in: ``tokens`` of the (sub)corpus counted,
    ``corpus_tokens`` of the whole index, and ``rows``, how many there are before the
    page (``offset``, ``k``) was taken. ``kind`` names the statistic, ``by`` its items."""

    kind: str = ""
    by: str = ""
    tokens: int = 0
    corpus_tokens: int = 0
    rows: int = 0
    offset: int = 0
    more: Sequence[str] = ()
    # What the word asked for was counted as when it is not the word as typed (as
    # ``Hits.searched``: ``lemma "bank"`` for "banks"); None: the word itself.
    searched: str | None = None
    # Said once about the rows, one line each: why there are none (a --min-freq that
    # left none), words left without a figure, a sense run made for them.
    notes: Sequence[str] = ()
    # A page after the last row: that fact in the caller's words (also one of its notes),
    # for a front end that says it in its own (the CLI's "none after 100"); as Hits'.
    past_the_end: str | None = None

    @classmethod
    def of(
        cls,
        kind: str,
        rows: list[dict[str, Any]],
        *,
        offset: int = 0,
        k: int | None = None,
        **about: Any,
    ) -> Table:
        end = None if k is None else offset + k
        table = cls(rows[offset:end])
        table.kind, table.rows, table.offset = kind, len(rows), offset
        for name, value in about.items():
            setattr(table, name, value)
        # What a statistic adds (keywords: reference_tokens …) goes to about() too.
        table.more = [name for name in about if name not in _TABLE_ABOUT]
        return table

    def about(self) -> dict[str, Any]:
        """What the rows were counted in, as the web API's fields (``searched`` and
        ``notes`` where there are any)."""
        said = {"searched": self.searched} if self.searched else {}
        return {
            "kind": self.kind,
            "by": self.by,
            "tokens": self.tokens,
            "corpus_tokens": self.corpus_tokens,
            "rows": self.rows,
            "offset": self.offset,
            **{name: getattr(self, name) for name in self.more},
            **said,
            **({"notes": list(self.notes)} if self.notes else {}),
        }

    def to_dicts(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (copies), as ``hits.to_dicts()`` gives its records."""
        return [dict(row) for row in self]

    def to_pandas(self) -> Any:
        """A DataFrame with one row per row of the statistic (needs pandas)."""
        return data_frame(list(self))

    def __repr__(self) -> str:
        """What the table is in one line, as Hits and Counts say (a list's repr printed
        the page's rows and not how many there are): ``<Table freq by lemma: rows 1-5
        of 150; counted in 522 tokens (a subcorpus of the index's 1,177)>``. The rows:
        ``list(table)``, ``table.to_pandas()``."""
        by = f" by {self.by}" if self.by else ""
        counted = f"; counted in {self.tokens:,} tokens"
        if self.corpus_tokens and self.corpus_tokens != self.tokens:
            counted += f" (a subcorpus of the index's {self.corpus_tokens:,})"
        a, b = getattr(self, "tokens_a", None), getattr(self, "tokens_b", None)
        if a is not None and b is not None:  # change: each group's per million is of its own
            counted += (
                f"; groups A {a:,} tokens, B {b:,} tokens: what per_million_a and "
                "per_million_b are of"
            )
        # The run a sense number in the rows (or the sense asked: collocates' sense=3) is
        # of, as the CLI's "sense run: 1" says it: a notebook's table named no run.
        run, runs = getattr(self, "sense_run", None), getattr(self, "sense_runs", None)
        sense = getattr(self, "sense", None)
        if isinstance(run, int) and isinstance(sense, int):  # collocates(sense=2): that one
            counted += f"; sense {sense} of sense run {run}"
        elif isinstance(run, int):
            counted += f"; senses of sense run {run}"
        elif isinstance(runs, dict) and runs:
            counted += "; senses of " + ", ".join(f"{w}'s sense run {r}" for w, r in runs.items())
        reference = getattr(self, "reference_tokens", None)
        if reference is not None:  # keywords: the reference's figures are of the reference
            counted += (
                f"; reference: {getattr(self, 'reference_corpus', 'the reference')}, "
                f"{reference:,} tokens, what reference_per_million is of"
            )
        return f"<Table {self.kind or 'table'}{by}: {self._page()}{counted}>"

    def _page(self) -> str:
        shown, rows, offset = len(self), self.rows, self.offset
        in_all = getattr(self, "rows_in_all", None)
        if in_all:  # a sketch's k: the best of each relation
            return f"{shown:,} of {in_all:,} rows (the k best of each relation)"
        if getattr(self, "rows_per_sense", None):  # collocates by sense: k of each
            return f"{shown:,} of {rows:,} rows (from row {offset + 1:,} of each sense)"
        if shown == rows and not offset:
            return f"{rows:,} row{'' if rows == 1 else 's'}"
        if not shown:
            return f"no row after {offset:,} of {rows:,}"
        return f"rows {offset + 1:,}-{offset + shown:,} of {rows:,}"

    def _repr_html_(self) -> str:
        """A notebook's view: the repr's line (the page of how many rows), rows, notes."""
        from sensegrep.api.display import record_rows, result_html

        columns, rows = record_rows(self)
        return result_html(repr(self)[1:-1], columns, rows, self.notes)


_TABLE_ABOUT = ("kind", "by", "tokens", "corpus_tokens", "rows", "offset")


def data_frame(rows: list[dict[str, Any]], columns: list[str] | None = None) -> Any:
    """``rows`` as a pandas DataFrame (its columns: ``columns``, else the rows' keys)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise SensegrepError("to_pandas() needs pandas: pip install pandas") from exc
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class Sense:
    """One induced sense: number (from 1, biggest first), size, share of the word's
    occurrences, typical examples (id, doc, sentence) and distinctive collocates."""

    sense: int
    size: int
    share: float
    examples: list[dict[str, Any]]
    collocates: list[dict[str, Any]]


@dataclass(frozen=True)
class SenseRunInfo:
    """One sense run of a word: its id (what ``--senses RUN`` and ``--use RUN`` take;
    None: induced for one request, not stored), the k asked for (None: chosen) and
    made, the method and its settings, when it was made, the occurrences it was induced
    from (``induced``: fixed when it was made, removed ones still counted), those it
    holds now (``occurrences``: the induced ones still in the index and those assigned
    to its centroids since, ``assigned``), and whether it is the word's current run
    (pinned with ``--use``, else the newest)."""

    id: int | None
    word: str
    k: int
    requested: int | None
    method: str
    created: str | None
    induced: int
    assigned: int
    current: bool
    pinned: bool
    stored: bool
    occurrences: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_info(run: SenseRun) -> SenseRunInfo:
    return SenseRunInfo(
        id=run.id,
        word=run.lemma,
        k=int(run.details.get("k", run.k)),
        requested=run.requested,
        method=run.method,
        created=run.created_at,
        induced=run.induced,
        assigned=run.assigned,
        current=run.current,
        pinned=run.pinned,
        stored=run.stored,
        occurrences=run.size,
    )


@dataclass
class Senses:
    """The induced senses of a word; the records of ``sensegrep senses --format jsonl``
    (each with ``run``, the id of the sense run they are of)."""

    word: str
    k: int
    occurrences: int
    senses: list[Sense]
    run: SenseRun = field(repr=False)

    def to_dicts(self) -> list[dict[str, Any]]:
        # collocates_sample: the sentences the collocates' G² was counted in when a
        # sample of each big sense stood for them (None: all of them).
        sample = self.run.details.get("collocate_sample")
        return [
            {
                "word": self.word,
                "k": self.k,
                **asdict(s),
                "run": self.run.id,
                "collocates_sample": sample,
            }
            for s in self.senses
        ]

    def to_pandas(self) -> Any:
        """A DataFrame with one row per sense, the columns of :meth:`to_dicts` (needs
        pandas)."""
        return data_frame(self.to_dicts())

    def __repr__(self) -> str:
        # Sense numbers mean something only within their run: a notebook showing two
        # inventories of one word must say which run each is, as a sense search's repr does.
        # A stored run that is not the word's current one says so, as the notebook's
        # view does: sense=N elsewhere (search, count) means the current run's sense N.
        info = self.info
        current = ", current=False" if info.stored and not info.current else ""
        notes = f", notes={self.notes!r}" if self.notes else ""
        return (
            f"Senses(word={self.word!r}, run={self.run.id!r}{current}, k={self.k!r}, "
            f"occurrences={self.occurrences!r}{notes}, senses={self.senses!r})"
        )

    @property
    def notes(self) -> list[str]:
        """Why the run has fewer senses than ``n`` asked, when it has: its vectors form
        fewer distinct clusters (the same sentence many times over). The repr said k=1
        of senses(n=2) with no reason, where the CLI and the notebook's view say it
        (pass 40d)."""
        asked = self.run.requested
        if asked is None or self.k >= asked:
            return []
        clusters = f"{self.k} distinct cluster{'s' if self.k != 1 else ''}"
        senses = f"{self.k} sense{'s' if self.k != 1 else ''}"
        return [f"n={asked} asked, but the vectors form only {clusters}: {senses}"]

    def _repr_html_(self) -> str:
        """A notebook's view: which run of how many occurrences, then a row per sense
        (its collocates and typical examples), not the dataclass's one long line."""
        from html import escape

        from sensegrep.api.display import cell, column_cells, result_html

        # good_examples: each sense's best examples, each with its quality (as the CLI's
        # q=), not shown as if they were the typical ones
        best = any("quality" in e for s in self.senses for e in s.examples)

        def example(e: dict[str, Any]) -> str:
            quality = f"q={e['quality']:.2f}  " if e.get("quality") is not None else ""
            return escape(f"{quality}{e.get('sentence', '')}")

        columns = ["sense", "size", "share", "collocates", "best examples" if best else "examples"]
        shares = column_cells([s.share for s in self.senses])  # 0.17 beside 0.1579: 0.1700
        rows = [
            [
                cell(s.sense),
                cell(s.size),
                share,
                escape(", ".join(str(c["word"]) for c in s.collocates)),
                "<br>".join(example(e) for e in s.examples),
            ]
            for s, share in zip(self.senses, shares, strict=True)
        ]
        # "sense run None" named no run: these were induced for one call, not stored.
        run = "a sense run not stored" if self.run.id is None else f"sense run {self.run.id}"
        n = len(self.senses)
        summary = (
            f"Senses of {self.word!r}: {n} sense{'' if n == 1 else 's'}"
            f" ({_how_many(self.run, self.k)}) "
            f"of {self.occurrences:,} occurrences, {run}"
        )
        info = self.info
        if info.stored and not info.current:  # as the CLI's head says "not current"
            summary += (
                # (another run is current: a pinned one, or a newer one when none is)
                f" (not current: sense numbers elsewhere mean another run of {self.word!r}; "
                f"use_senses({self.word!r}, {info.id}) makes this one current)"
            )
        return result_html(summary, columns, rows, [], whole=".senses or .to_dicts()")

    @property
    def info(self) -> SenseRunInfo:
        """The run these senses are of."""
        return run_info(self.run)

    def sense_of(self) -> dict[int, int]:
        """Occurrence id → its sense number."""
        return {int(i): int(s) for i, s in zip(self.run.ids, self.run.senses, strict=True)}


def _how_many(run: Any, k: int) -> str:
    """How the number of senses came about, as the CLI's head says it: ``n=5`` as
    asked (``n=10, but the vectors form only 8 distinct clusters``: senses(n=10)
    showed 8 unsaid), or chosen by silhouette (``chosen by silhouette: 0.79 at k=8``)."""
    if run.requested is not None:
        if k >= run.requested:
            return f"n={run.requested}"
        return f"n={run.requested}, but the vectors form only {k} distinct cluster" + (
            "s" if k != 1 else ""
        )
    silhouettes = {int(key): v for key, v in run.details.get("silhouettes", {}).items()}
    if not silhouettes:
        return "too few occurrences to split"
    best = max(silhouettes, key=lambda key: silhouettes[key])
    if k == 1:
        return (
            f"no split is clear: best silhouette {silhouettes[best]:.2f} at k={best}, below "
            f"{run.details.get('min_silhouette')}"
        )
    return f"chosen by silhouette: {silhouettes[best]:.2f} at k={best}"


@dataclass(frozen=True)
class Neighbour:
    """A lemma used in the sense asked about: its occurrences among the nearest, their
    share of those counted (``counted``: the nearest occurrences, less the marked word's
    own lemma's when it is left out), and their best and mean cosine. ``nearest``: the
    nearest occurrences looked through (``n``, or all the index has with vectors when
    that is fewer). ``approximate``: how many occurrences were searched through the
    approximate any-word file (so the nearest may lack some of the exact nearest); 0
    when every one was scored exactly."""

    lemma: str
    count: int
    share: float
    best: float
    mean: float
    counted: int = 0
    nearest: int = 0
    approximate: int = 0


class Neighbours(list[Neighbour]):
    """:meth:`SenseIndex.neighbours`' lemmas, most first, with ``notes`` said once about
    them: how much of the corpus the nearest occurrences were looked for in (an index
    with vectors for chosen words) and, for none, why (all the nearest were the marked
    word's own: ``[]`` alone read as a finding about the corpus)."""

    notes: Sequence[str] = ()

    def to_dicts(self) -> list[dict[str, Any]]:
        return [asdict(n) for n in self]

    def to_pandas(self) -> Any:
        """A DataFrame with one row per lemma (needs pandas)."""
        return data_frame(self.to_dicts(), list(Neighbour.__dataclass_fields__))

    def _repr_html_(self) -> str:
        """A notebook's view: how many lemmas, a row per lemma, then the notes (a list's
        repr showed ``[]`` without why, and none of how little of the corpus was looked
        through, as other results' views say them)."""
        from sensegrep.api.display import record_rows, result_html

        n = len(self)
        summary = f"Neighbours: {n:,} lemma{'' if n == 1 else 's'}"
        if self:  # the share is of the occurrences counted, not of the nearest
            first = self[0]
            summary += (
                f", share of the {first.counted:,} of the {first.nearest:,} nearest "
                "occurrences counted"
            )
        columns, rows = record_rows(self.to_dicts())
        return result_html(summary, columns, rows, self.notes)


class WordLabels(dict[str, int]):
    """:meth:`SenseIndex.labels`: each label of a word's occurrences with how many carry
    it, hand labels and ``classify --apply``'s predictions together (an occurrence with
    several labels counts for each); ``predicted``: how many of each count were
    predicted, which the repr says, as ``sensegrep labels WORD`` says "(21 predicted)"
    beside a count (a plain dict read as checked labels when most were guesses)."""

    predicted: dict[str, int]
    # What `sensegrep labels` notes: an occurrence with several labels counted under each
    # (the counts' sum read as the occurrences labelled was more than them; pass 38b).
    notes: list[str]

    def __init__(
        self, counts: Iterable[tuple[str, int, int]] = (), notes: Iterable[str] = ()
    ) -> None:
        rows = list(counts)
        super().__init__((label, count) for label, count, _predicted in rows)
        self.predicted = {label: n for label, _count, n in rows if n}
        self.notes = list(notes)

    def __repr__(self) -> str:
        shown = super().__repr__()
        if self.predicted:
            said = ", ".join(f"{label} {n:,}" for label, n in self.predicted.items())
            shown += f" (of which classify --apply predicted: {said})"
        return shown + "".join(f"; note: {note}" for note in self.notes)


def neighbours_of(
    hits: Sequence[Hit], leave_out: Iterable[str] = (), approximate: int = 0
) -> list[Neighbour]:
    """Hits grouped by lemma, the lemmas with most hits first (ties: best score)."""
    left_out = set(leave_out)
    scores: dict[str, list[float]] = {}
    for hit in hits:
        if hit.lemma.lower() not in left_out:
            scores.setdefault(hit.lemma.lower(), []).append(hit.score or 0.0)
    total = sum(len(v) for v in scores.values())
    found = [
        Neighbour(lemma, len(v), round(len(v) / total, 4), round(max(v), 6),
                  round(sum(v) / len(v), 6), total, len(hits), approximate)
        for lemma, v in scores.items()
    ]  # fmt: skip
    return sorted(found, key=lambda n: (-n.count, -n.best, n.lemma))


def hit_record(hit: Any, query: int, word: str) -> dict[str, Any]:
    """An engine's ranked occurrence as the JSONL contract has it. A pattern match
    spans its words: ``start``, ``end``, ``left`` and ``right`` are the match's,
    ``match`` its words; ``id``, ``form``, ``lemma`` and ``pos`` stay its target's."""
    occ = hit.occurrence
    record = {
        "query": query,
        "word": word,
        "rank": hit.rank,
        "score": None if hit.score is None else round(hit.score, 6),
        "id": occ.id,
        "doc": occ.doc,
        "start": occ.start,
        "end": occ.end,
        "form": occ.form,
        "lemma": occ.lemma,
        "pos": occ.pos,
        "left": occ.left,
        "right": occ.right,
        "sentence": occ.sentence,
        "label": occ.label,
        "label_predicted": occ.label_predicted,
        "meta": occ.metadata,
        "match": [occ.form],
        "quality": getattr(hit, "quality", None),
        "quality_parts": getattr(hit, "quality_parts", None),
    }
    if hit.match is not None:
        sentence_start = occ.start - len(occ.left)  # the sentence's offset in the document
        before, after = hit.match.start - sentence_start, hit.match.end - sentence_start
        record.update(
            start=hit.match.start,
            end=hit.match.end,
            left=occ.sentence[:before],
            right=occ.sentence[after:],
            match=list(hit.match.words),
        )
    return record


def not_current_note(word: str, run_id: int) -> str:
    """One line saying that new run ``run_id`` of ``word`` was stored but is not the
    word's current run (another is pinned), so ``--sense N`` elsewhere means that one."""
    return (
        f"sense run {run_id} is stored but not current: {word!r} has a pinned run; "
        f"`sensegrep senses {word} --use {run_id}` makes it current"
    )
