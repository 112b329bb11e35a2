"""``sensegrep change``: words ranked by semantic change between two groups of documents
(two values or ranges of a metadata field), with APD and the Jensen–Shannon divergence
of their senses (sensegrep/stats/change.py). Its keywords are declared in
sensegrep/request.py (``STATISTICS["change"]``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sensegrep.api.results import Table
from sensegrep.api.spelling import caller
from sensegrep.api.statistics import searched_notes, statistic_values, subcorpus_filters
from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.senses.runs import SenseRun
    from sensegrep.stats.change import ChangeRow, Groups
    from sensegrep.storage import Candidates, Filters, Index


def change(storage: Index, lang: str = "en", **options: Any) -> Table:
    """The words of ``words`` (default: every word with vectors seen ``min_freq`` times
    in each group) with their occurrences in group A and B (``between``: two values of
    the field ``by``, each as ``where`` writes it), ``apd`` and ``jsd`` (of the
    word's current sense run, ``sense_run``; empty for a word without one unless
    ``induce``), highest ``sort`` first; ``where_a``/``where_b`` list each group's
    lines (``search(word, where=…)``); ``Table.tokens_a``/``tokens_b``: each group's
    tokens, what ``per_million_a``/``_b`` are of."""
    from sensegrep.senses import runs_made_noted
    from sensegrep.stats.change import ranked, word_change

    values = statistic_values("change", options)
    if options.get("words") is not None and not _word_list(values["words"]):
        # words="" (an empty variable) ranked no word and said nothing, and words=[]
        # every word, as if none were named (issue 23, a pass over the HTTP API)
        raise QueryError("--words names no word: give one (W1,W2…), or leave out --words")
    if values["words"] and options.get("min_freq") is not None:  # else silently unused
        raise QueryError(
            "--min-freq chooses the words when --words names none: give one or the other"
        )
    storage.require_vectors("change (it compares occurrence vectors)")
    groups, tokens, filters = _groups(storage, values)
    notes: list[str] = []
    if values["words"]:
        asked = _word_list(values["words"])
        given = [_given_word(storage, word, lang) for word in asked]
        words = list({lemma: (lemma, found) for lemma, found in given}.values())  # banks, bank
        notes += [n for w, (lemma, _f) in zip(asked, given, strict=True)
                  for n in searched_notes(w, lemma)]  # fmt: skip
    else:
        words = _frequent_words(storage, tokens, values["min_freq"])
        notes += _candidates_note(storage)
    with runs_made_noted(notes):  # --induce: the runs made, each said
        runs = _runs(storage, [lemma for lemma, _found in words], lang, values["induce"])
    rows = [
        word_change(
            storage,
            lemma,
            found,
            groups,
            runs.get(lemma),
            matches=_matches(storage, lemma, filters),
            sample=values["apd_sample"],
            seed=values["seed"],
        )
        for lemma, found in words
    ]
    if not values["words"]:  # tokens without a vector do not count: occurrences do
        rows = [r for r in rows if min(r.freq_a, r.freq_b) >= values["min_freq"]]
    subcorpus = storage.subcorpus_tokens(subcorpus_filters(values))
    rows = ranked(rows, values["sort"])
    table = Table.of(
        "change",
        [asdict(row) for row in rows],
        offset=values["offset"],
        k=values["k"],
        tokens=storage.corpus_tokens() if subcorpus is None else subcorpus,
        corpus_tokens=storage.corpus_tokens(),
        by=values["by"],
        # What per_million_a and _b are of (the summary gave the index's tokens alone).
        tokens_a=int(tokens[0].size),
        tokens_b=int(tokens[1].size),
        # The conditions those tokens are of: by=A and every --where beside it.
        where_a=groups.where[0],
        where_b=groups.where[1],
    )
    missing = [row.word for row in rows if row.sense_run is None]
    alone = [row.word for row in rows if not (row.freq_a and row.freq_b)]
    table.notes = [*notes, *_one_group_notes(alone, len(rows)),
                   *_without_run_notes(missing, len(rows))]  # fmt: skip
    table.notes += _without_vector_notes(rows)
    table.notes += _sampled_notes(rows, values["apd_sample"], values["seed"])
    if rows and not values["words"]:
        table.notes += _below_min_freq_notes(storage, rows, values["min_freq"])
    if not rows and not values["words"]:
        table.notes.append(
            f"no rows: no word with vectors occurs --min-freq {values['min_freq']} times in "
            "each group (lower it, or name --words)"
        )
    return table


def _candidates_note(storage: Index) -> list[str]:
    """On an index with vectors for chosen words: the words ranked are those alone (the
    others, however frequent, are no candidates), as neighbours says what it searched."""
    coverage = storage.vector_coverage()
    if coverage is None:
        return []
    lemmas = coverage["lemmas_with_vectors"]
    return [
        f"words: only the {lemmas:,} lemma{'' if lemmas == 1 else 's'} with vectors were "
        f"candidates ({coverage['embedded_share']:.2%} of the corpus's tokens); a word "
        "without them is not ranked however often it occurs: `sensegrep vectors add WORD`"
    ]


def _below_min_freq_notes(storage: Index, rows: list[ChangeRow], min_freq: int) -> list[str]:
    """On an index with vectors for chosen words, the candidates --min-freq left out:
    the note above names how many lemmas were candidates ("only the 5 lemmas with
    vectors"), and a table of one row of those 5 said nothing of the other 4, as if
    they had not changed. (On an index with vectors for every word, those below the
    threshold are most of its vocabulary, as in collocates: not named.)"""
    coverage = storage.vector_coverage()
    if coverage is None:
        return []
    status = storage.vector_status(coverage["lemmas_with_vectors"])
    ranked = {row.word.casefold() for row in rows}
    left = [
        item["lemma"] for item in status["top_lemmas"] if item["lemma"].casefold() not in ranked
    ]
    if not left:
        return []
    shown = ", ".join(left[:10]) + (f" and {len(left) - 10:,} more" if len(left) > 10 else "")
    return [
        f"{len(left):,} of the {coverage['lemmas_with_vectors']:,} candidates occur fewer than "
        f"--min-freq {min_freq} times with a vector in a group, and are not ranked: {shown} "
        "(lower --min-freq, or name them with --words)"
    ]


def _matches(storage: Index, lemma: str, filters: list[Filters]) -> tuple[int, int]:
    """Every token of the word in each group, with a sense vector or not: counted as a
    plain search of it counts its lines (``search(word, where=where_a)``)."""
    a, b = (storage.count_tokens(lemma, filters=group) for group in filters)
    return a, b


def _without_vector_notes(rows: list[ChangeRow]) -> list[str]:
    """The words (of every row) with tokens that have no sense vector ("have" as an
    auxiliary): freq_a/freq_b and the measures leave them out, matches_a/matches_b
    and the per-million figures count them, so the two must not read as one."""
    short = [r for r in rows if (r.matches_a, r.matches_b) != (r.freq_a, r.freq_b)]
    if len(short) == 1:
        row = short[0]
        vectors, without = row.freq_a + row.freq_b, row.matches_a + row.matches_b
        return [
            f"{row.word!r}: {vectors:,} occurrence{'' if vectors == 1 else 's'} with a sense "
            f"vector in the two groups (freq_a, freq_b: what apd and jsd compare), "
            f"{without - vectors:,} more token{'' if without - vectors == 1 else 's'} "
            "have none (in no sense; matches_a, matches_b and per million count every token)"
        ]
    if not short:
        return []
    shown = ", ".join(
        f"{r.word} {r.freq_a + r.freq_b:,} of {r.matches_a + r.matches_b:,}" for r in short[:5]
    ) + (" …" if len(short) > 5 else "")
    return [
        f"{len(short):,} of {len(rows):,} words have tokens without a sense vector (in no "
        f"sense), which freq_a, freq_b, apd and jsd leave out and matches_a, matches_b and "
        f"per million count: {shown}"
    ]


def _sampled_notes(rows: list[ChangeRow], sample: int, seed: int) -> list[str]:
    """The words (of every row) whose apd is an estimate: a group had more occurrences
    than ``sample``, so apd compared a seeded sample of them (another seed, another
    figure), while freq_a, freq_b and jsd count them all; unsaid, the row reads as
    every pair compared."""
    cut = [r for r in rows if r.apd is not None and max(r.freq_a, r.freq_b) > sample]
    if not cut:
        return []
    shown = ", ".join(f"{r.word} ({r.freq_a:,}, {r.freq_b:,})" for r in cut[:5]) + (
        " …" if len(cut) > 5 else ""
    )
    which = f"{cut[0].word!r}" if len(cut) == 1 else f"{len(cut):,} of {len(rows):,} words"
    return [
        f"apd of {which} is from a seeded sample of at most {sample:,} "
        f"occurrence{'' if sample == 1 else 's'} a group "
        f"(--apd-sample {sample}, --seed {seed}; freq_a, freq_b and jsd count every "
        f"occurrence), not every pair: {shown}"
    ]


def _one_group_notes(alone: list[str], rows: int) -> list[str]:
    """The words (of every row) whose occurrences with a sense vector lie in one group
    only (their tokens may be in both: matches_a/_b count those): nothing to compare,
    so neither apd nor jsd (an empty cell that must not read as "no change")."""
    if not alone:
        return []
    shown = ", ".join(alone[:5]) + (" …" if len(alone) > 5 else "")
    return [
        f"{len(alone):,} of {rows:,} word{'' if rows == 1 else 's'} "
        f"{'has' if len(alone) == 1 else 'have'} sense vectors in one group only, so no "
        f"apd or jsd ({shown})"
    ]


def _without_run_notes(missing: list[str], rows: int) -> list[str]:
    """What the rows without a jsd lack (every row's, not this page's): a sense run."""
    if not missing:
        return []
    from sensegrep.senses import where_storable

    shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
    # --induce is not over HTTP (a GET stores no run): a web client makes one per word.
    if caller() == "web":  # (a read-only server takes no POST: the command line)
        make = f"`sensegrep senses WORD`{where_storable()} makes one for a word (stored)"
    else:
        make = "--induce makes one for each (stored), or `sensegrep senses WORD`"
    return [
        f"{len(missing):,} of {rows:,} word{'' if rows == 1 else 's'} "
        f"{'has' if len(missing) == 1 else 'have'} no sense run, so no jsd ({shown}): {make}"
    ]


def _groups(storage: Index, values: Mapping[str, Any]) -> tuple[Groups, list[Any], list[Filters]]:
    """Group A and B: the subcorpora ``where`` + ``by=A`` and ``where`` + ``by=B`` (their
    tokens, and the filters that select them)."""
    from sensegrep.stats.change import Groups
    from sensegrep.stats.corpus import corpus_tokens
    from sensegrep.storage import Filters

    by, between = values["by"], values["between"]
    if not by or len(between) != 2:
        # The command line's --between takes both groups (nargs=2); elsewhere the groups
        # are two values of between (between=A&between=B, the page's "A; B"): "--between
        # A B" read there as one value "A B", the very mistake it answered (issue 23).
        if caller() == "cli":
            groups = "--between A B (two values or ranges of the field, as --where writes "
            example = "them: --between ..1899 1900..)"
        else:
            groups = "--between twice, group A then group B (values or ranges of the "
            example = "field, as --where writes them: ..1899, then 1900..)"
        raise QueryError(
            f"change needs --by FIELD and {groups}{example}; got {len(between)} group(s)"
        )
    if by == "decade" and "decade" not in storage.field_names():  # as senses --by decade
        by, between = "year", [_decade_years(group) for group in between]
    _check_field(storage, by)
    base = subcorpus_filters(values)
    filters = [Filters(where=[*base.where, (by, group)], docs=base.docs) for group in between]
    tokens = [corpus_tokens(storage, f) for f in filters]
    # A group empty in the --where/--doc subcorpus only is said so: "group B (year=1985..)
    # has no token in it" under --doc d001 read as the index having no such document.
    inside = " ".join([f"--where {k}={v}" for k, v in base.where]
                      + [f"--doc {d}" for d in base.docs or ()])  # fmt: skip
    for name, group, part in zip("AB", between, tokens, strict=True):
        if not part.size:
            within = f" within the subcorpus {inside}" if inside else ""
            raise QueryError(f"--between: group {name} ({by}={group}) has no token in it{within}")
    _check_apart(storage, by, between, filters)
    groups = Groups(tokens=(tokens[0], tokens[1]), where=(_where(filters[0]), _where(filters[1])))
    return groups, tokens, filters


def _decade_years(group: str) -> str:
    """A --between group of decades (``1960s``, ``1960s..1980s``, ``..1950s``,
    ``1950s,1970s``) as the years it holds (``year=1960..1969``): ``--by decade``
    derived from a numeric ``year`` when no document has a ``decade`` field."""
    import re

    def years(part: str) -> str:
        ends = part.split("..") if ".." in part else [part, part]
        if (
            part.strip() in ("", "..")
            or len(ends) != 2
            or not all(re.fullmatch(r"-?\d+0s|", end.strip()) for end in ends)
        ):
            raise QueryError(
                f"--by decade --between {group}: expected decades as senses --by decade names "
                "them (1960s, 1960s..1980s, ..1950s, 1950s,1970s)"
            )
        low, high = (end.strip()[:-1] for end in ends)
        return f"{low}..{int(high) + 9 if high else ''}"

    return ",".join(years(part) for part in group.split(","))


def _check_field(storage: Index, by: str) -> None:
    """A field no document has, named as --by (it was said as a where condition the
    user never wrote: "where Year=..1979: …")."""
    from sensegrep.storage.fields import case_hint, field_name

    known = storage.field_names()
    if field_name(by) not in known:
        raise QueryError(
            f"--by {by}: no document has a metadata field {field_name(by)!r} (its fields: "
            f"{', '.join(known) or 'none'}){case_hint(field_name(by), known)}"
        )


def _check_apart(storage: Index, by: str, between: list[str], filters: list[Filters]) -> None:
    """Two groups that share documents (the same group twice, overlapping ranges) would
    compare a word with itself: a one-line QueryError, not figures that look like a
    change."""
    import numpy as np

    a, b = (storage.subcorpus_documents(f) for f in filters)
    shared = len(np.intersect1d(a, b)) if a is not None and b is not None else 1
    if shared:
        same = "are the same" if between[0] == between[1] else "overlap"
        raise QueryError(
            f"--between {between[0]} {between[1]}: the groups {same} ({shared:,} document"
            f"{'' if shared == 1 else 's'} in both {by}={between[0]} and {by}={between[1]}): "
            "give two groups with no document in common (--between ..1899 1900..)"
        )


def _where(filters: Filters) -> list[str]:
    return [f"{key}={value}" for key, value in filters.where]


def _word_list(given: list[str]) -> list[str]:
    """``bank,plant`` and repeated values as one list, each word once."""
    words = [w.strip() for text in given for w in text.split(",")]
    return list(dict.fromkeys(w for w in words if w))


def _given_word(storage: Index, word: str, lang: str) -> tuple[str, Candidates]:
    """A word the user named: its lemma and occurrences with vectors (a one-line error
    when it has none)."""
    from sensegrep.api.statistics import statistic_word
    from sensegrep.storage.occurrences import occurrences_of

    # In change's own words: a word no token has, or none of whose tokens has a vector.
    lemma = statistic_word(storage, word, lang, vectors_for="change")
    return occurrences_of(storage, lemma, lang=lang)


def _frequent_words(
    storage: Index, tokens: list[Any], min_freq: int
) -> list[tuple[str, Candidates]]:
    """The lemmas seen ``min_freq`` times in each group that have vectors, with their
    occurrences."""
    import numpy as np

    from sensegrep.stats.change import frequent_lemmas

    words = []
    for lemma in frequent_lemmas(tokens[0], tokens[1], min_freq):
        found = storage.candidates(lemma)
        found = found.take(np.flatnonzero(found.shard_ids >= 0))  # words with vectors
        if len(found) >= 2 * min_freq:
            words.append((lemma, found))
    return words


def _runs(storage: Index, lemmas: list[str], lang: str, induce: bool) -> dict[str, SenseRun]:
    """Each word's current sense run; a word without one has none, unless ``induce``
    (then one is induced and stored, as ``senses WORD`` does)."""
    from sensegrep.senses import word_senses

    current = storage.current_sense_runs(lemmas)
    return {
        lemma: word_senses(storage, lemma, lang=lang)
        for lemma in lemmas
        if induce or lemma.lower() in current
    }
