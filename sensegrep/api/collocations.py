"""``collocates``: the words near a node, with association measures, split by sense
(issue 24, part 2). The counting is stats/collocates.py's; here the nodes are chosen
(a word's lines as ``search`` finds them, a pattern's matches, one sense's or one
label's), and each row gets what reproduces its lines: a ``search`` request with
``near`` (sensegrep/search/near.py).

A row's ``freq`` counts co-occurrences (a node with the collocate twice in its window
counts twice) and ``lines`` the nodes with it near: ``search`` with the row's
``search`` parameters shows ``lines`` lines. That request is given only where it
shows exactly those: collocates by lemma, a window as wide on both sides, no
``collocate_pos`` and no ``label`` (``search --label`` ranks by a label, it does not
filter by it); elsewhere ``search`` is None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.api.results import Table
from sensegrep.api.statistics import (
    pos_tag_ids,
    statistic_values,
    subcorpus_tokens,
    unspaced_phrases_notes,
)
from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.search.engine import Searcher, SearchRequest
    from sensegrep.senses.runs import SenseRun
    from sensegrep.stats.collocates import CollocateItems, Cooccurrences, Window
    from sensegrep.stats.corpus import CorpusTokens
    from sensegrep.storage import Index

DEFAULT_MEASURE = "logdice"
NODE_FILTERS = ("pos", "where", "doc", "sense")  # what an empty table names


@dataclass
class _Counting:
    """What every table of one call shares: the (sub)corpus, its items, which
    positions have a tag asked for (None: any may), the items' frequencies, the
    window."""

    tokens: CorpusTokens
    items: CollocateItems
    tagged: np.ndarray | None
    f2: np.ndarray
    window: Window

    def count(self, firsts: np.ndarray, lasts: np.ndarray) -> Cooccurrences:
        from sensegrep.stats.collocates import cooccurrences, window_positions

        node_of, places = window_positions(self.tokens, firsts, lasts, self.window)
        return cooccurrences(self.items, self.tagged, node_of, places, len(firsts))


def collocates(storage: Index, searcher: Searcher, **options: Any) -> Table:
    """The collocates of a word's (or a pattern's) nodes: see SenseIndex.collocates."""
    from sensegrep.api.statistics import min_freq_notes, no_nodes_notes
    from sensegrep.stats.collocates import Window, collocate_items, tagged_positions

    values = statistic_values("collocates", options)
    _check(storage, values)
    _check_word(storage, values, searcher.lang)
    measures = measure_names(values["measure"])
    window = Window(_side(values, "left"), _side(values, "right"))
    tokens = subcorpus_tokens(storage, values)
    items = collocate_items(tokens, values["by"])
    tagged = tagged_positions(tokens, _tag_ids(storage, values["collocate_pos"]))
    counting = _Counting(tokens, items, tagged, items.frequencies(tagged), window)
    by_sense = values["by_sense"]
    tables = _by_sense if by_sense else _one_table
    found = tables(storage, searcher, counting, values, measures)
    rows, run = found.rows, found.run
    # Each sense's nodes and window positions (its rows' f1 and R1): node_freq and
    # window_slots are all the senses' together, which no sense's measures are of.
    per_sense = (
        {"rows_per_sense": _rows_per_sense(rows, run), **found.per_sense} if by_sense else {}
    )
    table = Table.of(
        "collocates",
        _each_sense_paged(rows, values["offset"], values["k"]) if by_sense else rows,
        offset=0 if by_sense else values["offset"],
        k=None if by_sense else values["k"],
        tokens=tokens.size,
        corpus_tokens=storage.corpus_tokens(),
        by=values["by"],
        measures=measures,
        window=(window.left, window.right),
        sense_run=None if run is None else run.id,
        sense=None if by_sense else values["sense"],  # one sense's nodes: its repr says it
        node_freq=found.counted.nodes,
        window_slots=found.counted.slots,
        **per_sense,
    )
    if by_sense:
        table.rows, table.offset = len(rows), values["offset"]
    table.searched = found.searched
    table.notes = found.notes + (
        no_nodes_notes(values, found.counted.nodes, NODE_FILTERS, searcher)
        or min_freq_notes(len(rows), values["min_freq"], found.without_min_freq)
    )
    table.notes += _coarse_tag_notes(storage, values)
    slots = found.per_sense.get("sense_window_slots") if by_sense else None
    table.notes += _two_sided_notes(rows, measures, found.counted.slots, tokens.size, slots)
    if rows:  # (windows of phrases of unsegmented text, pass 37d)
        table.notes += unspaced_phrases_notes(storage)
    return table


def _two_sided_notes(
    rows: list[dict],
    measures: Sequence[str],
    window_slots: int,
    size: int,
    sense_slots: Mapping[int, int] | None,
) -> list[str]:
    """ll (G²) is two-sided: a collocate seen far less often near the node than
    expected scores as high as one seen far more (`collocates the --measure ll` ranked
    *a*, which avoids *the*, second), where t, z, mi and logratio fall below 0. Said,
    with how many rows (of all, before paging) are so and the first few, when ll is
    shown. E = R1 · f2 / N, R1 each sense's own with --by-sense."""
    if "ll" not in measures or not size:
        return []
    under = [
        _row_named(row)
        for row in rows
        if row["freq"]
        < (sense_slots or {}).get(row.get("sense"), window_slots) * row["collocate_freq"] / size
    ]
    if not under:
        return []
    shown = ", ".join(dict.fromkeys(under[:5])) + (" …" if len(under) > 5 else "")
    one = len(under) == 1
    return [
        "ll (G²) is two-sided: as large for a collocate seen less often near the node than "
        f"expected as for one seen more; {len(under):,} of the {len(rows):,} rows "
        f"{'is' if one else 'are'} seen less often ({shown}): the measures t, z, mi and "
        "logratio are below 0 for such a row"
    ]


def _row_named(row: Mapping[str, Any]) -> str:
    """A row as a note names it: its collocate, and by sense its sense too (the rows of
    *the* in senses 1 and 4 were named "(the)" once, under "2 of the 33 rows")."""
    sense = row.get("sense")
    return row["collocate"] if sense is None else f"{row['collocate']} (sense {sense})"


def _coarse_tag_notes(storage: Index, values: Mapping[str, Any]) -> list[str]:
    """What --pos (the nodes') and --collocate-pos miss in an index whose documents were
    tagged in UPOS and in a coarser tag set (querying.tags_missed): collocates of be
    --pos AUX, or --collocate-pos PROPN, of the UPOS documents alone, unsaid."""
    from sensegrep.api.querying import pattern_tags_left_out, tags_missed

    asked = {"--pos": values.get("pos") or (), "--collocate-pos": values.get("collocate_pos") or ()}
    if not any(asked.values()) and "pos" not in (values.get("cql") or ""):
        return []
    documents = storage.coarse_pos_documents(mixed=True)
    if not documents:
        return []  # none, or only such documents: no other tags to mix with
    notes = pattern_tags_left_out(values.get("cql"), documents)
    for option, tags in asked.items():
        tags = [str(t).upper() for t in tags]
        notes += tags_missed(option, tags, tags, documents)
    return notes


@dataclass
class _Found:
    """A collocates table before paging: its rows, the sense run they are of, the
    co-occurrences counted, what the word was searched as (``Hits.searched``), and
    how many rows there would be with --min-freq 1 (counted when asked)."""

    rows: list[dict]
    run: SenseRun | None
    counted: Cooccurrences
    searched: str | None
    without_min_freq: Callable[[], int]
    notes: list[str] = field(default_factory=list)  # what choosing the nodes says
    per_sense: dict[str, dict[int, int]] = field(default_factory=dict)  # by sense: f1, R1


def _rows_per_sense(rows: list[dict], run: SenseRun | None) -> dict[int, int]:
    """How many rows each sense of the run has before paging (0 for a sense with none)."""
    per_sense = dict.fromkeys(range(1, (run.k if run else 0) + 1), 0)
    for row in rows:
        per_sense[row["sense"]] = per_sense.get(row["sense"], 0) + 1
    return per_sense


def _each_sense_paged(rows: list[dict], offset: int, k: int | None) -> list[dict]:
    """Rows ``offset`` to ``offset + k`` of each sense's table."""
    end = None if k is None else offset + k
    senses: dict[int, list[dict]] = {}
    for row in rows:
        senses.setdefault(row["sense"], []).append(row)
    return [row for table in senses.values() for row in table[offset:end]]


def measure_names(given: Sequence[str]) -> list[str]:
    """The measures asked for, each once, in order (texts may join several by commas);
    logdice when none is."""
    names = [name.strip() for text in given for name in text.split(",") if name.strip()]
    return list(dict.fromkeys(names)) or [DEFAULT_MEASURE]


def _side(values: Mapping[str, Any], side: str) -> int:
    given = values[side]
    return int(values["window"] if given is None else given)


def _check(storage: Index, values: Mapping[str, Any]) -> None:
    word, cql = values["word"], values["cql"]
    if not word and cql is None:
        raise QueryError("collocates needs a WORD (or --cql PATTERN): the node to count around")
    if word and cql is not None:
        raise QueryError("give WORD or --cql PATTERN, not both (a pattern names its words)")
    if _side(values, "left") + _side(values, "right") == 0:
        raise QueryError("--left 0 --right 0 leaves no window: give one side at least 1")
    asked = [name for name in ("sense", "by_sense") if values[name]]
    if values["label"] and asked:
        raise QueryError(f"give --label or --{asked[0].replace('_', '-')}, not both")
    if len(asked) == 2:
        raise QueryError("give --sense N (one sense's table) or --by-sense (all), not both")
    if values["senses_run"] is not None and not asked:  # else silently unused
        raise QueryError(
            "--senses RUN names the run that --sense N or --by-sense reads: give one of them"
        )
    needing = asked + (["senses"] if values["senses_run"] is not None else [])
    if needing:
        # One line on a text-only index (storage's message names the option).
        option = "--" + needing[0].replace("_", "-")
        storage.require_vectors(f"collocates {option}", word or None)


def _tag_ids(storage: Index, wanted: Sequence[str]) -> np.ndarray | None:
    """The POS ids of ``--collocate-pos`` tags (None: not given)."""
    if not wanted:
        return None
    return np.asarray(pos_tag_ids(storage, wanted, "--collocate-pos"), np.int64)


# -- the nodes --------------------------------------------------------------------------


def _nodes(
    storage: Index,
    searcher: Searcher,
    tokens: CorpusTokens,
    values: Mapping[str, Any],
    sense: int | None = None,
    said: list[str] | None = None,
) -> tuple[SearchRequest, np.ndarray, np.ndarray]:
    """(the request as search answered it: its ``word``, a pattern's target lemma, and
    ``searched``; the nodes' first and last positions in the (sub)corpus): the lines
    ``search`` shows for the word or pattern with the node filters (pos, where, doc;
    the sense; the label)."""
    from sensegrep.api.querying import search_request

    request = search_request(
        word=values["word"] or "",
        cql=values["cql"],
        pos=values["pos"],
        where=values["where"],
        doc=values["doc"],
        sense=sense,
        senses_run=values["senses_run"],
    )
    answered, selection = searcher.matched(request)
    nodes = selection.nodes
    if sense is not None and said is not None and selection.without_vectors is not None:
        said += _in_no_sense(answered, values, selection.without_vectors())
    if values["label"] and len(selection):
        occurrences = selection.found.ids
        labelled = np.isin(occurrences, storage.labelled(occurrences, values["label"]))
        if not labelled.any():
            raise QueryError(
                f"no occurrence of {answered.word or values['cql']!r} is labelled "
                f"{values['label']!r}" + (" in the subcorpus" if values["where"] else "")
            )
        nodes = nodes.take(np.flatnonzero(labelled))
        if said is not None:
            said += _predicted_nodes(storage, occurrences[labelled], values["label"])
    firsts = tokens.positions_of(nodes.firsts)
    lasts = tokens.positions_of(nodes.lasts)
    return answered, firsts, lasts


def _in_no_sense(answered: SearchRequest, values: Mapping[str, Any], left_out: int) -> list[str]:
    """A note when some of the word's lines have no sense vector ("have" as an
    auxiliary): no sense's nodes hold them, so the senses' tables do not add up to the
    word's lines (``collocates WORD`` without --sense counts them)."""
    if not left_out:
        return []
    one = left_out == 1
    if values["cql"]:
        lines = f"{left_out:,} match{'' if one else 'es'} of the pattern whose target has"
        plain = "--cql without --sense counts"
    else:
        lines = (
            f"{left_out:,} line{'' if one else 's'} of {answered.word!r} ha{'s' if one else 've'}"
        )
        plain = f"`sensegrep collocates {answered.word}` counts"
    return [
        f"{lines} no sense vector, so {'it is' if one else 'they are'} in no sense and no "
        f"sense's nodes; {plain} {'it' if one else 'them'} too"
    ]


def _predicted_nodes(storage: Index, occurrences: np.ndarray, label: str) -> list[str]:
    """A note when some nodes carry ``label`` as classify --apply's prediction: they
    are counted with the hand and input labels, which a reader would take them for."""
    from sensegrep.labels.labelling import PREDICTED, occurrence_labels

    sources = occurrence_labels(storage, occurrences).sources
    predicted = sum(source == PREDICTED for source in sources)
    if not predicted:
        return []
    return [
        f"--label {label}: {predicted:,} of the {len(sources):,} nodes have it as a "
        "prediction of classify --apply (counted with the others)"
    ]


def _check_word(storage: Index, values: Mapping[str, Any], lang: str) -> None:
    """A word with no token at all is a one-line error in collocates' own words (the
    search's would offer --form, which collocates has not: --cql does it). The word is
    read in the queries' language, as search reads it (pass 35c: `collocates dijo` on
    Spanish text said no token had it, read as English, where `search dijo` found
    decir's 8)."""
    from sensegrep.api.statistics import statistic_word

    word = values["word"]
    if word and values["sense"] is None and not values["by_sense"]:
        form_instead = f"--cql '[word=\"{word.strip()}\"%c]'"
        statistic_word(storage, word, lang, form_instead=form_instead)


def _one_table(
    storage: Index,
    searcher: Searcher,
    counting: _Counting,
    values: Mapping[str, Any],
    measures: list[str],
) -> _Found:
    from sensegrep.stats.collocates import collocate_rows

    sense, run, chosen = values["sense"], None, values
    if sense is not None:  # the run first: the nodes are of its sense (none induced)
        word = values["word"] or _nodes(storage, searcher, counting.tokens, values)[0].word
        run = _run(storage, word, values, searcher.lang)
        chosen = {**values, "senses_run": run.id}
    said: list[str] = []
    answered, firsts, lasts = _nodes(storage, searcher, counting.tokens, chosen, sense, said)
    counts = counting.count(firsts, lasts)

    def rows_of(min_freq: int) -> list[dict]:
        return collocate_rows(counts, counting.items.names, counting.f2, counting.tokens.size,
                              measures, min_freq)  # fmt: skip

    rows = rows_of(values["min_freq"])
    link = _Link(values, counting.window, sense, run)
    for row in rows:
        row["search"] = link.of(row["collocate"])
    return _Found(rows, run, counts, answered.searched, lambda: len(rows_of(1)), said)


def _run(storage: Index, word: str, values: Mapping[str, Any], lang: str) -> SenseRun:
    """The stored run the senses come from: ``senses_run``, else the word's current
    one. Never induced: a statistic reads senses, it does not make them (a word
    without a run is a one-line error naming `sensegrep senses WORD`)."""
    if not word:
        raise QueryError(
            '--sense and --by-sense with --cql need a target with a literal lemma: @[lemma="bank"]'
        )
    what = "collocates by sense (--sense, --by-sense)"
    if not values["cql"]:
        return _stored_run(storage, word, values, what, f"`sensegrep collocates {word}`", lang)
    if "@" in values["cql"]:  # the user chose the target
        return _stored_run(storage, word, values, what, None, lang)
    try:  # the default target may not be the word meant
        return _stored_run(storage, word, values, what, None, lang)
    except QueryError as exc:
        raise QueryError(
            f"{exc}; {word!r} is the pattern's target (none is marked): mark the word "
            'whose senses to count with @, as in @[lemma="bank"]'
        ) from None


def _stored_run(
    storage: Index,
    word: str,
    values: Mapping[str, Any],
    what: str,
    plain: str | None,
    lang: str,
) -> SenseRun:
    from sensegrep.api.statistics import statistic_word
    from sensegrep.senses import stored_senses, word_senses

    statistic_word(storage, word, lang, vectors_for=what, plain=plain)
    if values["senses_run"] is not None:
        return word_senses(storage, word, lang=lang, run=values["senses_run"])
    return stored_senses(storage, word, lang, what=what)


def _by_sense(
    storage: Index,
    searcher: Searcher,
    counting: _Counting,
    values: Mapping[str, Any],
    measures: list[str],
) -> _Found:
    """Each induced sense's table, its rows with ``sense``, ``sense_run``,
    ``sense_diff`` (signed G² against the other senses' windows) and ``distinctive``;
    all of them (each sense's are paged by the caller)."""
    from sensegrep.stats.collocates import (
        DISTINCTIVE_G2,
        Cooccurrences,
        collocate_rows,
        rounded,
        sense_diff,
    )

    word = values["word"] or _nodes(storage, searcher, counting.tokens, values)[0].word
    run = _run(storage, word, values, searcher.lang)
    chosen = {**values, "senses_run": run.id}  # every sense of this very run
    counts, searched, said = [], None, []
    for sense in range(1, run.k + 1):
        answered, firsts, lasts = _nodes(storage, searcher, counting.tokens, chosen, sense,
                                         said if sense == 1 else None)  # fmt: skip
        counts.append(counting.count(firsts, lasts))
        searched = answered.searched
    every_freq = np.sum([c.freq for c in counts], axis=0)
    every_slots = sum(c.slots for c in counts)
    code_of = {name: code for code, name in enumerate(counting.items.names)}

    def rows_of(count: Cooccurrences, min_freq: int) -> list[dict]:
        return collocate_rows(count, counting.items.names, counting.f2, counting.tokens.size,
                              measures, min_freq)  # fmt: skip

    rows: list[dict] = []
    for sense, count in enumerate(counts, start=1):
        diff = sense_diff(count.freq, count.slots, every_freq - count.freq,
                          every_slots - count.slots)  # fmt: skip
        link = _Link(values, counting.window, sense, run)
        for row in rows_of(count, values["min_freq"]):
            score = rounded(diff[code_of[row["collocate"]]])
            lines = row.pop("lines")
            rows.append(
                {"sense": sense, "sense_run": run.id, **row, "sense_diff": score,
                 "distinctive": score is not None and score > DISTINCTIVE_G2,
                 "lines": lines, "search": link.of(row["collocate"])}
            )  # fmt: skip
    every = Cooccurrences(every_freq, np.zeros(0), every_slots, sum(c.nodes for c in counts))
    per_sense = {
        "sense_node_freq": {s: int(c.nodes) for s, c in enumerate(counts, start=1)},
        "sense_window_slots": {s: int(c.slots) for s, c in enumerate(counts, start=1)},
    }
    return _Found(rows, run, every, searched, lambda: sum(len(rows_of(c, 1)) for c in counts),
                  said, per_sense)  # fmt: skip


# -- the lines behind a row ------------------------------------------------------------


class _Link:
    """The ``search`` parameters that show a row's lines (None where no search shows
    exactly them: see the module docstring)."""

    def __init__(
        self, values: Mapping[str, Any], window: Window, sense: int | None, run: SenseRun | None
    ) -> None:
        exact = (
            values["by"] == "lemma"
            and window.symmetric
            and not values["collocate_pos"]
            and not values["label"]
        )
        self.head: dict[str, Any] | None = None
        self.rest: dict[str, Any] = {"window": window.left}
        if not exact:
            return
        self.head = {"word": values["word"]} if values["word"] else {"cql": values["cql"]}
        if values["pos"]:
            self.rest["pos"] = list(values["pos"])
        if values["where"]:
            self.rest["where"] = [f"{key}={value}" for key, value in values["where"]]
        if values["doc"]:
            self.rest["doc"] = list(values["doc"])
        if sense is not None:
            self.rest["sense"] = sense
            if run is not None and run.id is not None:
                self.rest["senses_run"] = run.id

    def of(self, collocate: str) -> dict[str, Any] | None:
        if self.head is None:
            return None
        return {**self.head, "near": collocate, **self.rest}
