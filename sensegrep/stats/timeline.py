"""A word's senses per value of a document metadata field (``senses WORD --by FIELD``):
the sense timeline of a numeric field such as year, the senses per genre of a text one.

For each value (or bin of values), each sense's occurrences, their share of the word's
occurrences in that value, their frequency per million tokens of that value's subcorpus
(every token of the documents with that value, punctuation included, as ``freq``
counts), and Gries' DP of the sense's occurrences over those documents; for each sense
over the whole index, the same figures, its DP over all the documents (the DP code of
``freq``: stats/frequency.py).

Values are the documents' field values as ``--where`` reads them (text), so each row
carries the ``--where`` condition that selects exactly its documents (``where``), and
the search parameters that give its lines (``search``). A numeric field's values are
ordered as numbers and may be binned (``bin_width`` N: ``[start, start + N)``, starts at
multiples of N: 1850, 1860… for N = 10); ``decade`` is derived from a numeric ``year``
when no document has a ``decade`` field (bins of 10 years named 1950s…). A numeric
field lists every value (or bin) some document has — a timeline has no holes where the
word is absent — a text field only the values the word occurs with; documents without
the field are one more row, ``(none)``, when the word occurs in them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.cells import per_million
from sensegrep.document import list_items
from sensegrep.errors import QueryError
from sensegrep.senses import NO_VALUE, SenseTable, decade_of
from sensegrep.stats.corpus import CorpusTokens, Shape
from sensegrep.stats.frequency import dispersion
from sensegrep.storage.fields import case_hint, field_name, placeable, value_key

if TYPE_CHECKING:
    from sensegrep.senses.runs import SenseRun
    from sensegrep.storage import Index

LEGEND_WORDS = 4  # collocates naming a sense in a legend


@dataclass(frozen=True)
class SenseTotal:
    """One sense over the whole index: its occurrences, their share of the word's,
    per million tokens of the index, documents, and DP over all the documents."""

    sense: int
    count: int
    share: float
    per_million: float
    dp: float | None
    docs: int
    name: str


@dataclass
class SenseTimeline(SenseTable):
    """:class:`SenseTable` (``values``, ``counts[r][s]``) with, per value ``r``: the
    tokens and documents of its subcorpus (``tokens[r]``, ``documents[r]``), each
    sense's ``shares``, ``per_million`` (of ``tokens[r]``), ``dp`` (over the value's
    documents) and ``docs`` (documents it occurs in), the ``where`` condition that
    selects the value's documents (``FIELD=VALUE``; None for ``(none)``) and, when
    binned, the bin ``[start, end)``; per sense over the index, ``totals``."""

    word: str = ""
    run: int | None = None
    numeric: bool = False
    bin_width: int | None = None
    corpus_tokens: int = 0
    corpus_documents: int = 0
    tokens: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    # None in a row without the word: no occurrence there to share (a 0.0 read as "the
    # sense fell to 0%" in a timeline of shares).
    share: list[list[float | None]] = field(default_factory=list)
    per_million: list[list[float | None]] = field(default_factory=list)
    dp: list[list[float | None]] = field(default_factory=list)
    docs: list[list[int]] = field(default_factory=list)
    # Per value, every token of the word, with a sense vector or not: the lines `search
    # WORD --where` lists there, and what its per_million is of ("have" as an auxiliary
    # has no vector, so no sense: counts leave it out).
    matches: list[int] = field(default_factory=list)
    where: list[str | None] = field(default_factory=list)
    bins: list[tuple[float, float] | None] = field(default_factory=list)
    totals: list[SenseTotal] = field(default_factory=list)
    # Every token of the word once (its rows' matches count a document of several values
    # under each), and whether a row holds one another row holds too.
    word_tokens: int | None = None
    several_values: bool = False
    # Whether some documents' value is written "(none)": they are in the (none) row;
    # the field it is written in (year, for decade derived from it).
    none_written: bool = False
    none_field: str | None = None
    # By decade derived from year: the years that begin with no number (n.d.), in (none).
    undated: list[str] = field(default_factory=list)
    # A text field's values that documents have but the word does not (no row), and
    # its values that are no number (why a field of years is a text field).
    absent: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    # The bins between the first and the last that no document falls in (no row), the
    # first few of them, and how many there are.
    empty_bins: list[str] = field(default_factory=list)
    empty_bin_count: int = 0
    # What reading the senses did: a run made because the word had none, or a new run
    # stored but not current (SenseIndex.senses_by), said first.
    run_notes: list[str] = field(default_factory=list)

    @property
    def k(self) -> int:
        return len(self.totals)

    @property
    def word_matches(self) -> int:
        """Every token of the word in the values listed, with a sense vector or not."""
        if self.word_tokens is not None:
            return self.word_tokens
        return sum(self.matches) if self.matches else sum(t.count for t in self.totals)

    @property
    def notes(self) -> list[str]:
        """What the counts leave out: tokens of the word without a sense vector ("have"
        as an auxiliary), in no sense, which ``matches`` and ``per_million`` count."""
        occurrences = sum(t.count for t in self.totals)
        without = self.word_matches - occurrences
        several = [
            f"a document whose {self.field.removeprefix('meta:')} is a list of values is in "
            "the row of each of them, so the rows add up to more than the word's occurrences"
        ] if self.several_values else []  # fmt: skip
        said = [
            *self.run_notes, *several, *self._none_note(), *self._undated_note(),
            *self._absent_note(), *self._empty_bins_note(), *self._case_note(),
        ]  # fmt: skip
        if without <= 0:
            return said
        return [
            *said,
            f"{self.word!r}: {occurrences:,} occurrence{'' if occurrences == 1 else 's'} with "
            f"a sense vector (the senses' counts and total), {without:,} more "
            f"token{'' if without == 1 else 's'} {'has' if without == 1 else 'have'} none (in "
            "no sense; matches and the per-million figures of each value count every token)",
        ]

    def _case_note(self) -> list[str]:
        """Rows of a text field whose values differ only in case (law, Law), counted
        apart, said (search/arrange.case_variants_note)."""
        if self.bins and any(b is not None for b in self.bins):
            return []
        from sensegrep.search.arrange import case_variants_note

        return case_variants_note(self.field.removeprefix("meta:"), self.values)

    def _none_note(self) -> list[str]:
        """The (none) row counts the documents whose value is written "(none)" with those
        without the field, as ``search --count`` and ``freq --by`` do: it was two rows
        both labelled (none), the first of the former, read as the documents without it."""
        if not self.none_written or NO_VALUE not in self.values:
            return []
        from sensegrep.search.arrange import none_written_note

        return [none_written_note((self.none_field or self.field).removeprefix("meta:"))]

    def _undated_note(self) -> list[str]:
        """By decade, the (none) row also holds the documents whose year begins with no
        number: named, as the note on a year written "(none)" read as all it holds."""
        if not self.undated or NO_VALUE not in self.values:
            return []
        shown = ", ".join(map(repr, self.undated[:5])) + (" …" if len(self.undated) > 5 else "")
        return [
            f"the (none) row also counts the documents whose year begins with no number "
            f"({shown}): no decade takes them"
        ]

    def _absent_note(self) -> list[str]:
        """The values of a text field with documents and no row (the word is absent
        there), named: a table of years with one text value ("n.d.") left those years
        out without a word, where a numeric field's has a row for each."""
        if not self.absent:
            return []
        name, n = self.field.removeprefix("meta:"), len(self.absent)
        shown = ", ".join(self.absent[:10]) + (" …" if n > 10 else "")
        why = ""
        if self.texts:
            texts = ", ".join(map(repr, self.texts[:3])) + (" …" if len(self.texts) > 3 else "")
            why = f"; {name} is read as text for its values that are not numbers, {texts}"
        return [
            f"{n:,} value{'' if n == 1 else 's'} of {name} that documents have "
            f"{'is not a row' if n == 1 else 'are not rows'}, {self.word!r} being absent "
            f"there: {shown} (a text field lists only the values the word occurs with{why})"
        ]

    def _empty_bins_note(self) -> list[str]:
        """The bins inside the timeline's span that no document falls in: not rows (a
        bin is one when some document has it), so the 1860s row stood next to the 1880s
        with nothing to say that the 1870s have no text at all."""
        n = self.empty_bin_count
        if not n:
            return []
        shown = ", ".join(self.empty_bins) + (" …" if n > len(self.empty_bins) else "")
        name = self.field.removeprefix("meta:")
        unit = "decade" if name == "decade" else f"bin{'' if n == 1 else 's'} of {name}"
        if name == "decade" and n > 1:
            unit = "decades"
        return [
            f"{n:,} {unit} between the first row and the last {'has' if n == 1 else 'have'} "
            f"no document, so no row: {shown}"
        ]

    def __repr__(self) -> str:
        """One line, as the API's other results say what they are (the dataclass's repr
        was every list of figures on one line): ``<SenseTimeline of 'bank' by year (bins
        of 20): 5 rows, 2 senses of sense run 1; 30 occurrences in 6,608 tokens>``."""
        bins = f" (bins of {self.bin_width})" if self.bin_width and self.field != "decade" else ""
        rows = len(self.values)
        run = "not stored" if self.run is None else str(self.run)
        occurrences = sum(t.count for t in self.totals)
        return (
            f"<SenseTimeline of {self.word!r} by {self.field}{bins}: {rows:,} "
            f"row{'' if rows == 1 else 's'}, {self.k} sense{'' if self.k == 1 else 's'} of "
            f"sense run {run}; {occurrences:,} occurrence{'' if occurrences == 1 else 's'} "
            f"in {self.corpus_tokens:,} tokens>"
        )

    def _repr_html_(self) -> str:
        """A notebook's view, as the CLI's tables: a row per value (its tokens, each
        sense's occurrences and share, each sense's and the word's per million of the
        value's tokens), the total row, then the notes."""
        from sensegrep.api.display import cell, column_cells, result_html

        senses = [t.name for t in self.totals]
        columns = [self.field, "tokens", *senses, "total"]
        columns += [f"sense {t.sense} per million (DP)" for t in self.totals]
        columns += ["word per million (all tokens)"]
        # Each per-million column with one number of decimals, its total row's included,
        # as the CLI's tables write them (28,800 beside 17,766.5 read as less precise).
        figures = [
            [*[self.per_million[r][s] for r in range(len(self.values))], t.per_million]
            for s, t in enumerate(self.totals)
        ]
        figures.append(
            [
                *[self.value_record(r)["per_million"] for r in range(len(self.values))],
                _per_million(self.word_matches, self.corpus_tokens),
            ]
        )
        shown = [column_cells(column) for column in figures]
        # Each sense's DP over the value's documents beside its per million, as the CLI's
        # table has it (0 even, 1 all in one document; "-" where the sense is absent).
        dps = [
            [*[self.dp[r][s] for r in range(len(self.values))], t.dp]
            for s, t in enumerate(self.totals)
        ]
        for column, dp in zip(shown, dps, strict=False):
            column[:] = [
                f"{text} ({'-' if d is None else f'{d:.4f}'})"
                for text, d in zip(column, dp, strict=True)
            ]
        rows = []
        for r in range(len(self.values)):
            record = self.value_record(r)
            rows.append(
                [
                    cell(self.values[r]),
                    cell(self.tokens[r]),
                    *[
                        _count_cell(c, x)
                        for c, x in zip(self.counts[r], self.share[r], strict=True)
                    ],
                    cell(record["total"]),
                    *[column[r] for column in shown],
                ]
            )
        total = [
            [
                "total",
                cell(self.corpus_tokens),
                *[_count_cell(t.count, t.share) for t in self.totals],
                cell(sum(t.count for t in self.totals)),
                *[column[-1] for column in shown],
            ]
        ]
        # The total row is shown under however many value rows a long timeline cuts.
        return result_html(
            repr(self)[1:-1], columns, rows, self.notes, last=total, whole="rows() or to_dict()"
        )

    def value_record(self, r: int) -> dict[str, Any]:
        """Row ``r``'s value: its subcorpus, the word's occurrences and frequency there."""
        total = sum(self.counts[r])
        matches = self.matches[r] if self.matches else total
        start, end = self.bins[r] or (None, None)
        return {
            "value": self.values[r],
            "total": total,
            "matches": matches,
            "tokens": self.tokens[r],
            "documents": self.documents[r],
            "per_million": _per_million(matches, self.tokens[r]),
            "bin_start": _number_shown(start),
            "bin_end": _number_shown(end),
            "where": self.where[r],
        }

    def cell(self, r: int, s: int) -> dict[str, Any]:
        """Sense ``s`` (from 0) in row ``r``: its figures and the search that lists its
        occurrences there (None for ``(none)``, which no --where selects)."""
        where = self.where[r]
        search = None
        if where is not None:
            search = {"word": self.word, "sense": s + 1, "senses_run": self.run, "where": [where]}
        return {
            "sense": s + 1,
            "count": self.counts[r][s],
            "share": self.share[r][s],
            "per_million": self.per_million[r][s],
            "dp": self.dp[r][s],
            "docs": self.docs[r][s],
            "search": search,
        }

    def rows(self) -> list[dict[str, Any]]:
        """One flat record per (value, sense), in value order then sense order: the
        table a chart or a data frame reads."""
        out = []
        for r in range(len(self.values)):
            about = self.value_record(r)
            for s in range(self.k):
                one = self.cell(r, s)
                out.append(
                    {
                        "word": self.word,
                        "field": self.field,
                        "value": about["value"],
                        **{k: v for k, v in one.items() if k != "search"},
                        "total": about["total"],
                        "matches": about["matches"],
                        "tokens": about["tokens"],
                        "documents": about["documents"],
                        "bin_start": about["bin_start"],
                        "bin_end": about["bin_end"],
                        "where": about["where"],
                        "search": one["search"],
                    }
                )
        return out

    def to_pandas(self) -> Any:
        """:meth:`rows` as a pandas DataFrame, as the other statistics' tables give theirs
        (needs pandas)."""
        from sensegrep.api.results import data_frame

        return data_frame(self.rows())

    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain JSON (the web API's ``by``): the old ``values`` and
        ``counts``, the per-value and per-sense figures, and ``rows`` (:meth:`rows`)."""
        return {
            "field": self.field,
            "values": self.values,
            "counts": self.counts,
            "word": self.word,
            "run": self.run,
            "numeric": self.numeric,
            "bin_width": self.bin_width,
            "corpus_tokens": self.corpus_tokens,
            "corpus_documents": self.corpus_documents,
            "tokens": self.tokens,
            "documents": self.documents,
            "share": self.share,
            "per_million": self.per_million,
            "dp": self.dp,
            "docs": self.docs,
            "matches": [self.value_record(r)["matches"] for r in range(len(self.values))],
            "where": self.where,
            "bins": [None if b is None else [_number_shown(x) for x in b] for b in self.bins],
            "senses": [vars(t).copy() for t in self.totals],
            "rows": self.rows(),
            "notes": self.notes,
        }


def _count_cell(count: int, share: float | None) -> str:
    return f"{count:,}" if share is None else f"{count:,} ({share:.0%})"


def index_timeline(
    index: Index, run: SenseRun, by: str, *, bin_width: int | None = None
) -> SenseTimeline:
    """:func:`sense_timeline` over every token of the index; ``bin_width`` checked."""
    from sensegrep.stats.corpus import corpus_tokens

    if bin_width is not None and (
        isinstance(bin_width, bool) or not isinstance(bin_width, int) or bin_width < 1
    ):
        raise QueryError(f"bin_width: expected a whole number >= 1, got {bin_width!r}")
    tokens = corpus_tokens(index)
    every = index.candidates(run.lemma, every_token=True).ids  # vector or not
    return sense_timeline(tokens, run, by, bin_width=bin_width, every_token=every)


def sense_timeline(
    tokens: CorpusTokens,
    run: SenseRun,
    by: str,
    *,
    bin_width: int | None = None,
    every_token: np.ndarray | None = None,
) -> SenseTimeline:
    """The senses of ``run`` per value of the field ``by`` names over ``tokens`` (the
    whole index), binned by ``bin_width`` for a numeric field; ``every_token``: the ids
    of every token of the word, vector or not, counted per value as ``matches`` (None:
    the run's occurrences). QueryError: a field no document has, no occurrence with
    it, a bin width for a text field."""
    index = tokens.index
    shape = tokens.shape()
    groups = _grouping(index, run, by, shape, bin_width)
    occurrence_docs = _documents_of(tokens, run.ids)
    senses = run.senses.astype(np.int64) - 1
    # An occurrence is in the row of each value of its document (a list has several).
    which, occurrence_group = groups.rows_of(np.searchsorted(shape.documents, occurrence_docs))
    k, n = run.k, len(groups.groups)
    if not (occurrence_group < groups.none_code).any():
        raise _no_occurrence_with(index, run.lemma, groups.name)
    counts = np.bincount(occurrence_group * k + senses[which], minlength=n * k).reshape(n, k)
    pair_shape = Shape(
        shape.size, shape.documents[groups.pair_docs], shape.document_sizes[groups.pair_docs]
    )
    sizes = np.bincount(groups.codes, weights=pair_shape.document_sizes, minlength=n)
    sizes = sizes.astype(np.int64)
    documents = np.bincount(groups.codes, minlength=n)
    matches = counts.sum(axis=1)
    word_tokens = len(senses)
    # Whether a row holds an occurrence another row holds too (its document's value is
    # a list): only then do the rows add up to more.
    several = len(occurrence_group) > len(senses)
    if every_token is not None:
        _, every_group = groups.rows_of(
            np.searchsorted(shape.documents, _documents_of(tokens, every_token))
        )
        matches = np.bincount(every_group, minlength=n)
        word_tokens = len(every_token)
        several = several or len(every_group) > word_tokens
    shown = [g for g in range(n) if matches[g] or (groups.numeric and g != groups.none_code)]
    absent = [
        groups.groups[g].label
        for g in range(n)
        if g not in shown and g != groups.none_code and documents[g]
    ]
    empty, empty_count = _empty_bins(groups)
    spread = _spread_by_group(
        groups.codes, pair_shape, occurrence_group, senses[which], occurrence_docs[which], k
    )
    overall_docs, overall_dp = dispersion(senses, occurrence_docs, k, shape)
    total = len(senses)
    per_sense = np.bincount(senses, minlength=k)
    totals = [
        SenseTotal(
            sense=s + 1,
            count=int(per_sense[s]),
            share=round(int(per_sense[s]) / total, 4) if total else 0.0,
            per_million=_per_million(int(per_sense[s]), shape.size) or 0.0,
            dp=_rounded(overall_dp[s]),
            docs=int(overall_docs[s]),
            name=_legend(run, s),
        )
        for s in range(k)
    ]
    return SenseTimeline(
        field=by,
        values=[groups.groups[g].label for g in shown],
        counts=[[int(c) for c in counts[g]] for g in shown],
        word=run.lemma,
        run=run.id,
        numeric=groups.numeric,
        bin_width=groups.width,
        corpus_tokens=shape.size,
        corpus_documents=len(shape.documents),
        tokens=[int(sizes[g]) for g in shown],
        documents=[int(documents[g]) for g in shown],
        share=[_shares(counts[g]) for g in shown],
        per_million=[[_per_million(int(c), int(sizes[g])) for c in counts[g]] for g in shown],
        dp=[[_rounded(x) for x in spread[g][1]] for g in shown],
        docs=[[int(x) for x in spread[g][0]] for g in shown],
        matches=[int(matches[g]) for g in shown],
        where=[groups.where(g) for g in shown],
        bins=[groups.groups[g].bounds for g in shown],
        totals=totals,
        word_tokens=word_tokens,
        several_values=several,
        absent=absent,
        empty_bins=empty,
        empty_bin_count=empty_count,
        texts=[] if groups.numeric else groups.texts,
        none_written=groups.none_written,
        none_field=groups.where_key,
        undated=groups.undated,
    )


# -- documents and their values ------------------------------------------------------------


def _documents_of(tokens: CorpusTokens, token_ids: np.ndarray) -> np.ndarray:
    """The document (row id) of each token id: its sentence's, found by binary search
    among the sentences (never a column as long as the corpus)."""
    ids = np.asarray(token_ids, dtype=np.int64)
    sentence = np.searchsorted(tokens.sentence_tokens, ids, side="right") - 1
    return tokens.sentence_documents[np.maximum(sentence, 0)]


@dataclass
class _Group:
    """A row: a value, a bin or a decade, with the documents' values it takes."""

    label: str
    order: tuple[int, float, str]
    members: set[str] = field(default_factory=set)
    bounds: tuple[float, float] | None = None  # a bin's [start, end)


@dataclass
class _Grouping:
    """Each document's row (``codes``, beside ``shape.documents``) and the rows; the
    ``(none)`` row (documents without the field) is the last code."""

    name: str  # the field read
    where_key: str  # how a --where condition names it
    codes: np.ndarray  # each pair's row
    groups: list[_Group]
    numeric: bool
    width: int | None
    # Each pair's document (its place in shape.documents, ascending): one pair for each
    # row a document is in, several for a document whose value is a list of several.
    pair_docs: np.ndarray
    # A field of numbers but for these values (sorted): why it is read as text.
    texts: list[str] = field(default_factory=list)
    decades: bool = False  # derived from year: rows named 1950s…
    none_written: bool = False  # some documents' value is written "(none)"
    undated: list[str] = field(default_factory=list)  # decade: years with no number

    @property
    def none_code(self) -> int:
        return len(self.groups) - 1

    def rows_of(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For documents ``at`` (places in shape.documents): which of them each pair
        is of, and its row; a document of several rows is there once for each."""
        first = np.searchsorted(self.pair_docs, at, side="left")
        many = np.searchsorted(self.pair_docs, at, side="right") - first
        which = np.repeat(np.arange(len(at)), many)
        within = np.arange(len(which)) - np.repeat(np.cumsum(many) - many, many)
        return which, self.codes[first[which] + within]

    def where(self, g: int) -> str | None:
        """The --where condition that selects exactly the documents of row ``g``."""
        group = self.groups[g]
        if g == self.none_code:
            return None
        members = sorted(group.members)
        if group.bounds is not None and all(_is_whole(m) for m in members):
            low, high = int(group.bounds[0]), int(group.bounds[1]) - 1
            return f"{self.where_key}={low}..{high}"
        return f"{self.where_key}=" + ",".join(_plain(m) for m in members)


def check_field(index: Any, by: str, bin_width: int | None = None) -> None:
    """A QueryError for a --by field no document has (or decade binned): checked before
    a sense run is induced for the table, so that a mistyped field stores no run (a new
    run, the newest, becomes the word's current one and renumbers its senses)."""
    name, values, derived = _field_values(index, by, bin_width)
    if bin_width is not None and not derived:
        # each value as a row takes it: a list's items, ٢٠٢٠-٠٥-١٤ as 2020-05-14, one
        # written "(none)" in the (none) row (no text value), as _grouping reads them
        items = {t for v in set(values.values()) for t in _items(v)} - {NO_VALUE}
        _binnable(name, {t: _number(t) for t in items})


def _field_values(index: Any, by: str, width: int | None) -> tuple[str, dict[int, Any], bool]:
    """(the field's name, each document's value, whether derived: decade from year)."""
    name = field_name(by)
    values = index.document_field_values(name)
    derived = by == "decade" and not values
    if derived:  # the decades of a numeric year, as counts_by derives them
        values = index.document_field_values("year")
        if width is not None:
            raise QueryError(
                "--bin-width bins a numeric field, and decade is derived from year: "
                "give year as --by with --bin-width N"
            )
    if not values:
        fields = index.field_names()
        known = ", ".join(fields) or "none"
        raise QueryError(
            f"--by {by}: no document has a metadata field {name!r} (fields in this index: "
            f"{known}){case_hint(name, fields)}"
        )
    return name, values, derived


def _binnable(name: str, numbers: dict[Any, float | None]) -> None:
    """A QueryError when a value (text: its number) is not a number: --bin-width needs one."""
    texts = sorted(t for t, x in numbers.items() if x is None)  # the same ones each run
    if texts:
        shown = ", ".join(map(repr, texts[:3])) + (" …" if len(texts) > 3 else "")
        decades = (
            "; --by decade bins years by decade (a year without a number in (none))"
            if name == "year"
            else ""
        )
        raise QueryError(
            f"--bin-width needs a field whose values are numbers; {name!r} has "
            f"{len(texts):,} text value{'' if len(texts) == 1 else 's'}: {shown}{decades}"
        )


def _grouping(index: Any, run: SenseRun, by: str, shape: Shape, width: int | None) -> _Grouping:
    name, values, derived = _field_values(index, by, width)
    # A value that is a JSON list is each of its items, as --where and --count take it:
    # a row's where then selects exactly its documents (genre=news takes [news, sport]).
    texts = [_items(values.get(int(d))) for d in shape.documents.tolist()]
    numbers = {t: _number(t) for one in texts for t in one if t != NO_VALUE}
    numeric = all(x is not None for x in numbers.values())
    if derived:
        width = 10
    elif width is not None:
        _binnable(name, numbers)
    by_key: dict[Any, _Group] = {}
    keys: list[list[Any]] = []
    written = False
    undated: set[str] = set()  # derived decades: a year with no number is in (none)
    for one in texts:
        mine: list[Any] = []
        for text in one:
            # Written "(none)": in the (none) row, as search --count and freq --by take it
            # (not a row of its own labelled (none) too).
            key = None if text == NO_VALUE else _group_key(text, numbers, width, derived)
            written = written or text == NO_VALUE
            if key is None:
                if text == NO_VALUE and None not in mine:
                    mine.append(None)
                continue
            if key not in by_key:
                by_key[key] = _new_group(key, text, numbers, width, derived)
            by_key[key].members.add(text)
            if key not in mine:  # two items in one bin: the document is in it once
                mine.append(key)
        if derived and not mine:  # in (none) for a year with no number, not "(none)"
            undated.update(t for t in one if t is not None and t != NO_VALUE)
        keys.append(mine or [None])
    ordered = sorted(by_key, key=lambda key: by_key[key].order)
    code_of = {key: c for c, key in enumerate(ordered)}
    none = len(ordered)
    lengths = np.fromiter(map(len, keys), np.int64, len(keys))
    codes = np.fromiter(
        (code_of.get(key, none) for mine in keys for key in mine), np.int64, int(lengths.sum())
    )
    pair_docs = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
    groups = [by_key[key] for key in ordered] + [_Group(NO_VALUE, (2, 0.0, ""))]
    where_key = "year" if derived else by
    texts = sorted(t for t, x in numbers.items() if x is None)
    mixed = texts if len(texts) < len(numbers) else []  # some values are numbers
    return _Grouping(
        name,
        where_key,
        codes,
        groups,
        numeric or derived,
        width,
        pair_docs,
        mixed,
        derived,
        written,
        sorted(undated),
    )


def _items(text: str | None) -> tuple[str, ...]:
    """A document's value as the values it has: none, one, or a list's items, composed
    (an NFD "Nëws" is the NFC one, as --where and --count take it: one row, not two
    that looked alike and whose where each selected both)."""
    if text is None:
        return ()
    return tuple(value_key(item) for item in list_items(text) or (text,))


def _group_key(
    text: str | None, numbers: dict[str, float | None], width: int | None, derived: bool
) -> Any:
    if text is None:
        return None
    if derived:
        return _decade(text)  # None for a year that begins with no number: (none)
    if width is not None:
        return math.floor(numbers[text] / width) * width  # type: ignore[operator]
    return text


# A year's leading whole number ("1999/2000", "1950s", "1949-12-31").
_LEADING_NUMBER = re.compile(r"[+-]?\d+")


def _decade(year: str) -> str | None:
    """A decade row's key: a year's decade, a text beginning with a number's by that
    number, as the row's where (year=1990..1999, compared as text) takes "1999/2000"; it
    was in (none), and the 1990s row counted one document less than its where gives."""
    found = decade_of(year)
    if found is not None:
        return found
    leading = _LEADING_NUMBER.match(year)
    if leading is None or not placeable(year):  # "500 BC", as the row's where (pass 37h)
        return None
    return f"{int(leading.group()) // 10 * 10}s"


def _new_group(
    key: Any, text: str | None, numbers: dict[str, float | None], width: int | None, derived: bool
) -> _Group:
    if derived:
        start = float(key[:-1])
        return _Group(key, (0, start, key), bounds=(start, start + 10))
    if width is not None:
        start = float(key)
        return _Group(_bin_label(start, width), (0, start, ""), bounds=(start, start + width))
    number = numbers.get(text) if text is not None else None
    if number is not None:
        return _Group(key, (0, number, key))
    # A text that begins with a number (a date 1949-12-31, 2020-05) among those numbers,
    # so that a timeline by date runs 1949-12-31, 2020, 2020-05, 2021 (it ran 2020, 2021,
    # then the dates from 1949); others ('', May 2020) after them, as text.
    leading = _LEADING_NUMBER.match(text or "")
    if leading is not None:
        return _Group(key, (0, float(leading.group()), key))
    return _Group(key, (1, 0.0, key))


def _empty_bins(groups: _Grouping) -> tuple[list[str], int]:
    """The bins between the first bin and the last that no document falls in: the
    labels of the first few (a decade's: ``1870s``), and how many there are."""
    width = groups.width
    starts = sorted(g.bounds[0] for g in groups.groups if g.bounds is not None)
    if width is None or not starts:
        return [], 0
    count = round((starts[-1] - starts[0]) / width) + 1 - len(starts)
    present, out, at = set(starts), [], starts[0]
    while at < starts[-1] and len(out) < min(count, 10):  # len(starts) + 10 steps at most
        if at not in present:
            out.append(f"{int(at)}s" if groups.decades else _bin_label(at, width))
        at += width
    return out, count


def _bin_label(start: float, width: int) -> str:
    """``1850..1859`` (the --where range of whole numbers it takes), ``1850`` for a bin
    of one; a bin of other numbers is ``[1850.5, 1860.5)``."""
    low = _number_shown(start)
    if width == 1:
        return str(low)
    if isinstance(low, int):
        return f"{low}..{low + width - 1}"
    return f"[{low}, {_number_shown(start + width)})"


def _no_occurrence_with(index: Any, lemma: str, name: str) -> QueryError:
    known = ", ".join(index.field_names()) or "none"
    return QueryError(
        f"no document with {lemma!r} has the metadata field {name!r} "
        f"(fields in this index: {known})"
    )


# -- the figures -------------------------------------------------------------------------


def _spread_by_group(
    doc_codes: np.ndarray,
    shape: Shape,
    occurrence_group: np.ndarray,
    senses: np.ndarray,
    occurrence_docs: np.ndarray,
    k: int,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per row: each sense's documents and DP over the row's documents (its subcorpus).
    Documents and occurrences are sorted by row once; each row is a slice."""
    n = int(doc_codes.max()) + 1 if len(doc_codes) else 0
    n = max(n, int(occurrence_group.max()) + 1 if len(occurrence_group) else 0)
    doc_order = np.argsort(doc_codes, kind="stable")  # documents stay ascending in a row
    doc_cut = np.concatenate([[0], np.cumsum(np.bincount(doc_codes, minlength=n))])
    occ_order = np.argsort(occurrence_group, kind="stable")
    occ_cut = np.concatenate([[0], np.cumsum(np.bincount(occurrence_group, minlength=n))])
    out = []
    for g in range(n):
        docs = doc_order[doc_cut[g] : doc_cut[g + 1]]
        sizes = shape.document_sizes[docs]
        part = Shape(int(sizes.sum()), shape.documents[docs], sizes)
        occ = occ_order[occ_cut[g] : occ_cut[g + 1]]
        out.append(dispersion(senses[occ], occurrence_docs[occ], k, part))
    return out


def _shares(counts: np.ndarray) -> list[float | None]:
    """Each sense's share of the row's occurrences; None for each where there are none."""
    total = int(counts.sum())
    return [round(int(c) / total, 4) if total else None for c in counts]


def _per_million(count: int, tokens: int) -> float | None:
    return per_million(count, tokens) if tokens else None


def _rounded(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


def _legend(run: SenseRun, s: int) -> str:
    """``sense 1: river, water, fishing``: a sense named by its top collocates."""
    words = [c[0] for c in run.clusters[s].collocates[:LEGEND_WORDS]] if run.clusters else []
    return f"sense {s + 1}" + (f": {', '.join(words)}" if words else "")


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _is_whole(text: str) -> bool:
    number = _number(text)
    return number is not None and number == int(number) and "e" not in text.lower()


def _number_shown(value: float | None) -> int | float | None:
    """A bound as JSON shows it: 1850, not 1850.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _plain(value: str) -> str:
    """A value as --where reads it literally: commas, dots and backslashes escaped, and
    the spaces around it."""
    from sensegrep.storage.fields import plain_value

    return plain_value(value)
