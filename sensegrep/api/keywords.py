"""Keywords and key senses (``sensegrep keywords``, ``SenseIndex.keywords``, ``GET
/api/stats/keywords``): the focus is the ``where``/``doc`` subcorpus; the reference the
rest of the index, the ``reference_where`` subcorpus, or another index (``reference``, a
folder: the CLI and the library only). The measures are in sensegrep/stats/keywords.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.api.results import Table
from sensegrep.api.spelling import caller
from sensegrep.api.statistics import (
    check_ignore_punct,
    min_freq_notes,
    searched_notes,
    statistic_values,
    subcorpus_filters,
)
from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.senses.runs import SenseRun
    from sensegrep.stats.corpus import CorpusTokens
    from sensegrep.stats.keywords import Comparison, Selection
    from sensegrep.storage import Filters, Index


def keywords(storage: Index, *, lang: str = "en", **options: Any) -> Table:
    """Items (or, with ``key_senses``, senses) over-represented in the focus against
    the reference, with ``ll``, ``logratio`` and ``simple_maths``; see
    :meth:`SenseIndex.keywords`."""
    values = statistic_values("keywords", options)
    check_ignore_punct(values)
    selection = _selection(values)
    if values["key_senses"]:
        return _key_senses(storage, values, selection, lang)
    if values["senses_run"] is not None:
        raise QueryError("--senses RUN names the run that --key-senses WORD reads: give the word")
    from sensegrep.stats.keywords import keyword_rows

    notes: list[str] = []
    with ExitStack() as stack:
        comparison, leave_out = _comparison(storage, values, stack, notes)
        _check_sizes(values, comparison.focus_size, comparison.reference_size)
        rows = keyword_rows(comparison, selection, values["by"], leave_out)
    notes += _why_empty(
        len(rows),
        selection,
        lambda chosen: len(keyword_rows(comparison, chosen, values["by"], leave_out)),
    )
    table = _table("keywords", rows, values, storage, comparison.focus_size,
                   comparison.reference_size)  # fmt: skip
    table.notes = notes
    return table


def _why_empty(
    shown: int, selection: Selection, count: Callable[[Selection], int], unit: str = "items"
) -> list[str]:
    """Why a list is empty when its thresholds (--min-freq, --max-p, or both) emptied it
    or nothing is key in the direction asked: that is no mistake, but the empty list
    must say so (``count``: the rows another selection would show, counted only then;
    ``unit``: what the rows are, items or senses)."""
    from sensegrep.stats.keywords import critical_ll

    if shown:
        return []
    loose = count(replace(selection, min_freq=1, max_p=None))
    if not loose:
        return _direction_note(selection, count, unit)
    min_freq, max_p = selection.min_freq, selection.max_p
    if max_p is None:
        return min_freq_notes(0, min_freq, lambda: loose)
    significance = f"--max-p {max_p} (G2 >= {critical_ll(max_p):.2f})"
    if min_freq <= 1:
        return [f"no rows: none of the {loose:,} is significant at {significance}"]
    by_p_alone = count(replace(selection, min_freq=1))
    by_min_freq_alone = count(replace(selection, max_p=None))
    return [
        f"no rows: of the {loose:,} {unit.removesuffix('s') if loose == 1 else unit}, none "
        f"passes both --min-freq {min_freq} and "
        f"{significance}: {by_p_alone:,} pass --max-p alone, {by_min_freq_alone:,} "
        "--min-freq alone"
    ]


def _direction_note(
    selection: Selection, count: Callable[[Selection], int], unit: str
) -> list[str]:
    """No row of the direction asked, whatever the thresholds: say how many there are
    and which --direction lists them (both lists the equal ones too)."""
    if selection.direction == "both":
        return []
    loose = replace(selection, min_freq=1, max_p=None)
    every = count(replace(loose, direction="both"))
    if not every:
        return []
    other = "under" if selection.direction == "over" else "over"
    where = (
        "--direction both"
        if not count(replace(loose, direction=other))
        else (f"--direction {other} or both")
    )
    which = f"the one {unit[:-1]} is not" if every == 1 else f"none of the {every:,} {unit} is"
    return [
        f"no rows: {which} {selection.direction}-represented in the focus ({where} lists "
        f"{'it' if every == 1 else 'them'})"
    ]


def _selection(values: Mapping[str, Any]) -> Selection:
    from sensegrep.stats.keywords import Selection, check_smoothing, critical_ll

    check_smoothing(values["smoothing"])
    if values["max_p"] is not None:
        critical_ll(values["max_p"])  # checked here, before any counting
    return Selection(
        measure=values["measure"],
        direction=values["direction"],
        min_freq=values["min_freq"],
        smoothing=values["smoothing"],
        max_p=values["max_p"],
    )


def _comparison(
    storage: Index, values: Mapping[str, Any], stack: ExitStack, notes: list[str]
) -> tuple[Comparison, np.ndarray | None]:
    """The items' counts in the focus and in the reference, and which items are
    punctuation (to leave out) when asked; what the caller must say in ``notes``."""
    from sensegrep.stats.corpus import corpus_tokens, item_codes
    from sensegrep.stats.keywords import all_counts, one_index, two_indexes

    by, punctuation = values["by"], values["ignore_punct"]
    if values["reference"] is None:
        tokens = corpus_tokens(storage)
        items = item_codes(tokens, by)
        focus, reference = _sides(storage, tokens, values, notes)
        comparison = one_index(tokens, items, focus, reference)
        leave_out = items.punctuation() if punctuation else None
    else:
        other = stack.enter_context(_open_reference(values["reference"]))
        notes += _analysis_notes(storage, other, values["reference"])
        focus_tokens = corpus_tokens(storage, subcorpus_filters(values))
        focus_items = item_codes(focus_tokens, by)
        reference_tokens = corpus_tokens(other, _reference_filters(values))
        reference_items = item_codes(reference_tokens, by)
        comparison = two_indexes(
            all_counts(focus_tokens, focus_items), all_counts(reference_tokens, reference_items)
        )
        leave_out = _punctuation(comparison.names, by) if punctuation else None
    return comparison, leave_out


def _sides(
    storage: Index, tokens: CorpusTokens, values: Mapping[str, Any], notes: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Which of the index's sentences are the focus's, and which the reference's (the
    same ones are a mistake; some shared, a note)."""
    from sensegrep.stats.keywords import sentences_in

    focus_filters = subcorpus_filters(values)
    if not (focus_filters.where or focus_filters.docs) and not values["reference_where"]:
        raise QueryError(
            "keywords compare a focus with a reference: choose the focus with --where "
            "FIELD=VALUE (or --doc ID), and the reference is the rest of the index; or "
            f"give a reference ({_reference_choices()})"
        )
    focus = sentences_in(tokens, _documents(storage, focus_filters))
    if values["reference_where"]:
        try:
            kept = _documents(storage, _reference_filters(values))
        except QueryError as exc:  # named as the reference's, not as the focus's --where
            raise QueryError(f"--reference-where: {exc}") from None
        reference = sentences_in(tokens, kept)
        notes += _shared(tokens, focus, reference, values)
    else:
        reference = ~focus
    return focus, reference


def _shared(
    tokens: CorpusTokens, focus: np.ndarray, reference: np.ndarray, values: Mapping[str, Any]
) -> list[str]:
    """A QueryError when the focus and the reference are the same sentences (every item
    would be equally frequent in both: an empty list that means nothing); a note when
    they share some (counted on both sides, which weakens every measure)."""
    both = focus & reference
    if not both.any():
        return []
    shared = int(np.diff(tokens.sentence_starts)[both].sum())
    if np.array_equal(focus, reference):
        raise QueryError(
            f"the focus ({_described_focus(values)}) and the reference "
            f"({_described_reference(values)}) are the same {shared:,} tokens, so nothing "
            "can be key: give a reference that differs, or leave out --reference-where "
            "to compare with the rest of the index"
        )
    return [
        f"the focus and the reference share {shared:,} tokens, counted on both sides "
        "(a reference without the focus's documents shows the difference more sharply)"
    ]


def _documents(storage: Index, filters: Filters) -> np.ndarray | None:
    """The documents a where/doc filter keeps (checked first: a field or value no
    document has is an error); None when it keeps all."""
    storage.check_filters(filters)
    return storage.subcorpus_documents(filters)


def _reference_filters(values: Mapping[str, Any]) -> Filters:
    from sensegrep.storage import Filters

    return Filters(where=values["reference_where"] or ())


def _open_reference(folder: str) -> Index:
    from sensegrep.storage import Index

    path = Path(folder)
    if "=" in folder and not path.exists():  # a subcorpus meant: genre=sport
        raise QueryError(
            f"--reference {folder}: no index folder of that name; --reference names "
            f"another index, --reference-where {folder} the documents of this one"
        )
    # Only its token store is read, which needs no lease (storage/leases.py): a
    # `serve --read-only` request writes nothing into this folder either.
    return Index.open(path, lease=False)


def _analysis_notes(storage: Index, other: Index, folder: str) -> list[str]:
    """Say when the reference index's text was tokenised and lemmatised otherwise than
    this one's: an item can then be key only because the two taggers cut or lemmatise it
    differently (spaCy's *bank* for "banking", simplemma's *banking*)."""
    from sensegrep.storage.manifest import describe_analysis, unlike_analyses

    return [
        f"the reference index {folder}'s {lang!r} text was tokenised and lemmatised by "
        f"{describe_analysis(theirs)}{_clitics_said(theirs, ours)}, this index's by "
        f"{describe_analysis(ours)}{_clitics_said(ours, theirs)}: an item can be key only "
        "because the two cut or lemmatise it differently; index both with the same "
        "--tagger and sensegrep version to compare the corpora"
        for lang, ours, theirs in unlike_analyses(storage.manifest, other.manifest)
    ]


def _clitics_said(entry: dict[str, Any], other: dict[str, Any]) -> str:
    """Of simplemma's English text, whether its clitics were split (John 's) or not (an
    index made before they were: John's one token), where the other index's differ."""
    if {entry.get("tokenizer"), other.get("tokenizer")} != {"simplemma"}:
        return ""
    if entry.get("clitics") == other.get("clitics"):
        return ""
    return {"split": " (clitics split: John 's)", "mixed": ""}.get(
        entry.get("clitics"), " (clitics not split: John's one token)"
    )


def _punctuation(names: list[str], by: str) -> np.ndarray | None:
    from sensegrep.stats.corpus import punctuation_of

    return punctuation_of(names) if by in ("lemma", "form") else None


def _reference_choices() -> str:
    """The ways to give a reference the caller has: a web client names no folder of the
    server's (request.py: --reference is the CLI's and the library's only)."""
    if caller() == "web":
        return "--reference-where FIELD=VALUE"
    return "--reference-where FIELD=VALUE, --reference DIR"


def _check_sizes(values: Mapping[str, Any], focus: int, reference: int) -> None:
    """An empty side is a mistake to say, not a table of nothing."""
    if not focus:
        raise QueryError(f"the focus ({_described_focus(values)}) holds no tokens")
    if not reference:
        if values["reference"] is None and not values["reference_where"]:
            raise QueryError(
                f"the focus ({_described_focus(values)}) is the whole index, so the rest "
                f"of it is empty: give a reference ({_reference_choices()})"
            )
        raise QueryError("the reference holds no tokens")


def _described_focus(values: Mapping[str, Any]) -> str:
    parts = [f"--where {k}={v}" for k, v in values["where"] or ()]
    parts += [f"--doc {d}" for d in values["doc"] or ()]
    return " ".join(parts) or "the whole index"


def _described_reference(values: Mapping[str, Any]) -> str:
    """The reference in words: where its tokens come from."""
    where = " ".join(f"--reference-where {k}={v}" for k, v in values["reference_where"] or ())
    if values["reference"] is not None:
        return f"the index {values['reference']}" + (f" ({where})" if where else "")
    return where or "the rest of the index"


def _table(
    kind: str,
    rows: list[dict[str, Any]],
    values: Mapping[str, Any],
    storage: Index,
    focus: int,
    reference: int,
    **more: Any,
) -> Table:
    return Table.of(
        kind,
        rows,
        offset=values["offset"],
        k=values["k"],
        tokens=focus,
        corpus_tokens=storage.corpus_tokens(),
        reference_tokens=reference,
        reference_corpus=_described_reference(values),
        by=values["by"] if kind == "keywords" else "sense",
        measure=values["measure"],
        smoothing=values["smoothing"],  # simple maths' N: its figures mean nothing without it
        **more,
    )


# -- key senses ---------------------------------------------------------------------------


def _key_senses(
    storage: Index, values: Mapping[str, Any], selection: Selection, lang: str
) -> Table:
    """The senses of each word (its current stored run, or the run ``senses_run``
    names: never induced here) compared between the focus and the reference of the
    same index."""
    from sensegrep.stats.corpus import corpus_tokens
    from sensegrep.stats.keywords import WordSenses, key_sense_rows, occurrence_sentences

    if values["reference"] is not None:
        raise QueryError(
            "key senses compare the senses of one sense run, which belongs to one index: "
            "leave out --reference (choose the reference with --reference-where)"
        )
    if values["by"] != "lemma":  # else silently unused: the rows are senses, never items
        raise QueryError(
            f"--by {values['by']} chooses the items of a keyword list, and --key-senses lists "
            "senses: leave out --by"
        )
    chosen_words = list(dict.fromkeys(values["key_senses"]))
    if any(not word.strip() for word in chosen_words):
        # (it said storage's "give the word to search for (or a --cql pattern, or
        # --any-word with an --example)": another command's options)
        raise QueryError("--key-senses names an empty word: give a word, or leave it out")
    if values["senses_run"] is not None and len(chosen_words) > 1:
        raise QueryError(
            f"--senses {values['senses_run']} is one word's sense run: give one --key-senses "
            "WORD with it (the others' current runs: ask for them without --senses)"
        )
    tokens = corpus_tokens(storage)
    notes: list[str] = []
    focus, reference = _sides(storage, tokens, values, notes)
    sizes = np.diff(tokens.sentence_starts)
    n1, n2 = int(sizes[focus].sum()), int(sizes[reference].sum())
    _check_sizes(values, n1, n2)
    words = []
    for word in chosen_words:
        run = _word_run(storage, word, values["senses_run"], lang)
        notes += searched_notes(word, run.lemma)
        notes += _in_no_sense(storage, run)
        sentences = occurrence_sentences(tokens, run.ids)
        words.append(WordSenses(run.lemma, run.id, run.k, sentences, run.senses))
    rows = key_sense_rows(words, focus, reference, (n1, n2), selection)
    notes += _why_empty(
        len(rows),
        selection,
        lambda chosen: len(key_sense_rows(words, focus, reference, (n1, n2), chosen)),
        unit="senses",
    )
    notes += _senses_below_min_freq(rows, selection, words, focus, reference, (n1, n2))
    runs = {w.word: w.run for w in words}
    table = _table("key_senses", rows, values, storage, n1, n2, sense_runs=runs)
    table.notes = notes
    return table


def _senses_below_min_freq(
    rows: list[dict[str, Any]],
    selection: Selection,
    words: list[Any],
    focus: np.ndarray,
    reference: np.ndarray,
    sizes: tuple[int, int],
) -> list[str]:
    """A note naming the senses --min-freq left out of a list that has rows (an empty
    one says so already): a word's senses are few, and a sense missing from them read
    as one that is not key (3 of 7 left out unsaid, with --direction both)."""
    from sensegrep.stats.keywords import key_sense_rows

    if not rows or selection.min_freq <= 1:
        return []
    shown = {(row["word"], row["sense"]) for row in rows}
    loose = key_sense_rows(words, focus, reference, sizes, replace(selection, min_freq=1))
    order = {w.word: n for n, w in enumerate(words)}
    left_out = [r for r in loose if (r["word"], r["sense"]) not in shown]
    left_out.sort(key=lambda r: (order.get(r["word"], 0), r["sense"]))
    below = [f"{r['word']} {r['sense']}" for r in left_out]
    if not below:
        return []
    return [
        f"{len(below):,} sense{'' if len(below) == 1 else 's'} "
        f"({', '.join(below)}) {'is' if len(below) == 1 else 'are'} left out: seen fewer "
        f"than --min-freq {selection.min_freq} times where key (--min-freq 1 lists them)"
    ]


def _in_no_sense(storage: Index, run: SenseRun) -> list[str]:
    """A note when some tokens of the word have no sense vector ("have" as an
    auxiliary): no sense counts them, so a sense's focus_freq, reference_freq and
    shares are of the word's occurrences with one, not of all its lines (a sense with
    reference_freq 0 read as the word absent from the reference)."""
    every = storage.count_tokens(run.lemma)
    left_out = every - len(run.ids)
    if left_out <= 0:
        return []
    return [
        f"{run.lemma!r}: {left_out:,} of its {every:,} tokens have no sense vector, so they "
        f"are in no sense: the senses' counts and shares are of the {len(run.ids):,} with "
        "one, not of every token"
    ]


def _word_run(storage: Index, word: str, run_id: int | None, lang: str) -> SenseRun:
    """The stored run whose senses are counted: ``run_id`` (one of the word's), else the
    word's current one; never induced (a statistic reads senses)."""
    from sensegrep.senses import stored_senses, word_senses

    what = "--key-senses"
    if run_id is None:
        return stored_senses(storage, word, lang, what=what)
    storage.require_vectors(what, word, lang)
    return word_senses(storage, word, lang=lang, run=run_id)
