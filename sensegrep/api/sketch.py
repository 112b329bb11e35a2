"""Word sketches (``sensegrep sketch WORD``, ``SenseIndex.sketch``, ``GET
/api/stats/sketch``): the word's collocates by grammatical relation with logDice, for
all its occurrences, one induced sense's (``sense``) or each sense's side by side
(``by_sense``). The grammar and the counting are in sensegrep/stats/sketch.py.

Senses are read, never made: the word's current stored run (or the run ``senses_run``
names); a word without one is a one-line error naming ``sensegrep senses WORD``.

A row's lines: ``occurrences``, the ids of the word's tokens in its triples, are
exactly its lines (``SenseIndex.contexts(row["occurrences"])`` shows them). No search
expresses a dependency between two tokens; ``search``, the parameters of ``search
WORD --near COLLOCATE --window N`` with N the farthest the collocate is from the word in
the row's triples (and the sketch's pos, where, doc, sense), is an approximation that
shows every one of those lines and may show more (the collocate near in another
relation, or in none).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.api.results import Table
from sensegrep.api.statistics import (
    min_freq_notes,
    no_nodes_notes,
    pos_tag_ids,
    searched_as,
    statistic_values,
    subcorpus_filters,
)
from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.senses.runs import SenseRun
    from sensegrep.stats.corpus import CorpusTokens
    from sensegrep.stats.sketch import Shown, Triples
    from sensegrep.storage import Index


@dataclass
class _Corpus:
    """What every sketch of one call shares: the (sub)corpus, each position's lemma
    code, the lemmas' names, the triples and ||*,*,c||."""

    tokens: CorpusTokens
    lemmas: np.ndarray
    names: list[str]
    triples: Triples
    collocate_freq: np.ndarray


def sketch(storage: Index, *, lang: str = "en", **options: Any) -> Table:
    """The word sketch of ``word``: see :meth:`SenseIndex.sketch`."""
    from sensegrep.stats.sketch import Shown, wanted_relations

    values = statistic_values("sketch", options)
    word = _check(values)
    shown = Shown(values["min_freq"], wanted_relations(values["relations"]), values["k"])
    _require_dependencies(storage, word)
    corpus = _corpus(storage, values)
    lemma, nodes = _nodes(storage, corpus, word, values, lang)
    nodes = _with_pos(storage, corpus.tokens, nodes, values["pos"])
    run, groups = None, {None: nodes}
    if values["sense"] is not None or values["by_sense"]:
        run = _run(storage, word, values, lang)
        groups = _sense_groups(corpus.tokens, nodes, run, values["sense"])
    rows = _rows(corpus, groups, shown, values, lemma, run)
    table = Table.of(
        "sketch",
        rows,
        tokens=corpus.tokens.size,
        corpus_tokens=storage.corpus_tokens(),
        by="lemma",
        word=lemma,
        node_freq=int(nodes.sum()),
        triples=len(corpus.triples),
        sense_run=None if run is None else run.id,
        sense=values["sense"],  # one sense's nodes: its repr says it
        sense_node_freq=None if run is None else {s: int(g.sum()) for s, g in groups.items()},
        rows_in_all=_rows_in_all(
            len(rows),
            shown,
            lambda: _rows(corpus, groups, replace(shown, k=None), values, lemma, run),
        ),
    )
    table.searched = searched_as(word, lemma)
    every = replace(shown, min_freq=1)

    def without_min_freq() -> int:
        return len(_rows(corpus, groups, every, values, lemma, run))

    table.notes = (
        no_nodes_notes(values, table.node_freq, ("pos", "where", "doc"))
        or min_freq_notes(len(rows), shown.min_freq, without_min_freq)
        or ([] if rows else _no_triple_notes(corpus, groups, shown, lemma))
    )
    table.notes += _unparsed(storage, corpus.tokens, nodes, lemma)
    if run is not None:
        table.notes += _in_no_sense(corpus.tokens, nodes, run, lemma)
    return table


def _unparsed(storage: Index, tokens: CorpusTokens, nodes: np.ndarray, word: str) -> list[str]:
    """A note when some of the word's tokens have no dependency relation (an index of
    parsed CoNLL-U beside text indexed without --parse): no row counts them, and a
    sketch read as the word's whole usage would be of a part of it."""
    empty = [code for code, text in enumerate(storage.tag_texts()) if not text]
    unparsed = int((nodes & np.isin(tokens.column("deprel"), empty)).sum()) if empty else 0
    if not unparsed:
        return []
    total = int(nodes.sum())
    one = unparsed == 1
    return [
        f"{unparsed:,} of the {total:,} tokens of {word!r} counted ha{'s' if one else 've'} "
        "no dependency relation (text indexed without --parse, or CoNLL-U without HEAD and "
        f"DEPREL): no row counts {'it' if one else 'them'}; the sketch is of the other "
        f"{total - unparsed:,}"
    ]


def _in_no_sense(tokens: CorpusTokens, nodes: np.ndarray, run: SenseRun, word: str) -> list[str]:
    """A note when some of the word's tokens have no sense vector ("have" as an
    auxiliary): in no sense, so no sense's sketch counts their triples, and the senses'
    sketches do not add up to the word's (``sketch WORD`` without --sense counts them)."""
    left_out = int((nodes & (_senses_at(tokens, run) == 0)).sum())
    if not left_out:
        return []
    one = left_out == 1
    return [
        f"{left_out:,} of the {int(nodes.sum()):,} tokens of {word!r} counted "
        f"ha{'s' if one else 've'} no sense vector, so {'it is' if one else 'they are'} in "
        f"no sense; `sensegrep sketch {word}` counts {'its' if one else 'their'} triples too"
    ]


def _senses_at(tokens: CorpusTokens, run: SenseRun) -> np.ndarray:
    """Each position's sense in ``run`` (0: in none)."""
    from sensegrep.stats.sketch import kept_positions

    sense_at = np.zeros(tokens.size, dtype=np.int32)
    kept, positions = kept_positions(tokens, run.ids)
    sense_at[positions] = run.senses[kept]
    return sense_at


def _no_triple_notes(
    corpus: _Corpus, groups: Mapping[int | None, np.ndarray], shown: Shown, word: str
) -> list[str]:
    """Why a sketch with nodes and no row below --min-freq is empty: the nodes (of the
    sense asked) have no triple in the relations asked (and which they have), or in
    any relation the grammar reads. An empty table must say why, as every statistic's."""
    from sensegrep.stats.sketch import count, relation_kept, relation_order, relation_totals

    nodes = sum(int(group.sum()) for group in groups.values())
    (only, *more) = groups  # --sense N: one group, that sense's nodes
    of = f"{nodes:,} occurrence{'' if nodes == 1 else 's'} of {word!r}"
    of += f" in sense {only}" if only is not None and not more else ""
    if not nodes:
        return [f"no rows: {of} with these filters"]
    totals: dict[str, int] = {}
    for group in groups.values():
        counted = count(corpus.triples, group, corpus.lemmas, corpus.names)
        for name, total in relation_totals(counted).items():
            totals[name] = totals.get(name, 0) + total
    if not totals:
        takes = "takes" if nodes == 1 else "take"
        return [f"no rows: the {of} {takes} part in no dependency the sketch grammar reads"]
    if shown.wanted is None or any(relation_kept(name, shown.wanted) for name in totals):
        return []
    have = ", ".join(f"{name} {totals[name]:,}" for name in relation_order(totals))
    have_no = "has no" if nodes == 1 else "have no"
    return [f"no rows: the {of} {have_no} triple in --relations "
            f"{','.join(sorted(shown.wanted))}; their relations: {have}"]  # fmt: skip


def _rows_in_all(
    listed: int, shown: Shown, every: Callable[[], list[dict[str, Any]]]
) -> int | None:
    """The rows before -k kept the best of each relation, when it left some out (None
    otherwise): "11 rows" once read as the whole sketch when -k 1 had cut it from 14."""
    if shown.k is None:
        return None
    total = len(every())
    return total if total > listed else None


def _check(values: Mapping[str, Any]) -> str:
    word = (values["word"] or "").strip()
    if not word:
        raise QueryError("sketch needs a WORD: the word whose relations to count")
    if values["sense"] is not None and values["by_sense"]:
        raise QueryError("give --sense N (one sense's sketch) or --by-sense (all), not both")
    if values["senses_run"] is not None and values["sense"] is None and not values["by_sense"]:
        raise QueryError(
            "--senses RUN names the run that --sense N or --by-sense reads: give one of them"
        )
    return word


def _require_dependencies(storage: Index, word: str) -> None:
    """A one-line error on an index without dependency relations (or with none the
    grammar reads), offering window collocates instead."""
    from sensegrep.stats.sketch import label_kind

    present = storage.tags_in("deprel")
    offer = f"or see its window collocates: `sensegrep collocates {word}`"
    if present == []:
        raise QueryError(
            f"a word sketch needs dependency relations and {storage.folder} has none: index "
            "plain text or JSONL with `--tagger spacy --parse`, or CoNLL-U with HEAD and "
            f"DEPREL, into a new --index; {offer}"
        )
    if present and not any(label_kind(label) for label in present):
        raise QueryError(
            f"none of the dependency relations of {storage.folder} ({', '.join(present[:20])}) "
            "is one a sketch reads (Universal Dependencies' or spaCy's English labels); "
            f"{offer}"
        )


def _corpus(storage: Index, values: Mapping[str, Any]) -> _Corpus:
    from sensegrep.stats.corpus import corpus_tokens, lemma_keys
    from sensegrep.stats.sketch import collocate_frequencies, label_kinds, triples

    tokens = corpus_tokens(storage, subcorpus_filters(values))
    codes, names = lemma_keys(storage)  # kept per vocabulary
    lemmas = codes[tokens.column("lemma")]
    found = triples(tokens, lemmas, label_kinds(storage.tag_texts()))
    return _Corpus(tokens, lemmas, names, found, collocate_frequencies(found, lemmas, len(names)))


def _nodes(storage: Index, corpus: _Corpus, word: str, values: Mapping[str, Any],
           lang: str) -> tuple[str, np.ndarray]:  # fmt: skip
    """(the lemma, which positions hold it): the word resolved as search resolves it
    (case-folded, else the lemma the indexer would have given it: "banks" is bank); a
    word no token has, or none in the (sub)corpus, is an error."""
    from sensegrep.api.statistics import statistic_word

    lemma = statistic_word(storage, word, lang)
    code = {name: code for code, name in enumerate(corpus.names)}.get(lemma)
    nodes = corpus.lemmas == code if code is not None else np.zeros(len(corpus.lemmas), bool)
    if nodes.any():
        return lemma, nodes
    where = " ".join([f"--where {k}={v}" for k, v in values["where"] or ()]
                     + [f"--doc {d}" for d in values["doc"] or ()])  # fmt: skip
    inside = f" (the subcorpus {where})" if where else ""
    raise QueryError(f"no occurrences of {word!r} (by lemma) in {storage.folder}{inside}")


def _with_pos(
    storage: Index, tokens: CorpusTokens, nodes: np.ndarray, wanted: list[str]
) -> np.ndarray:
    """The nodes with one of the parts of speech asked for (compared case-folded)."""
    if not wanted:
        return nodes
    return nodes & np.isin(tokens.column("pos"), pos_tag_ids(storage, wanted, "--pos"))


# -- rows ----------------------------------------------------------------------------------


def _rows(
    corpus: _Corpus,
    groups: Mapping[int | None, np.ndarray],
    shown: Shown,
    values: Mapping[str, Any],
    word: str,
    run: SenseRun | None = None,
) -> list[dict[str, Any]]:
    """The rows of each group of nodes (None: all of them; else a sense), relation by
    relation in sketch order, each relation's groups side by side."""
    from sensegrep.stats.sketch import count, relation_order, relation_totals, sketch_rows

    per_group, totals = {}, {}
    for group, nodes in groups.items():
        counted = count(corpus.triples, nodes, corpus.lemmas, corpus.names)
        link = _Link(values, word, group, run)
        per_group[group] = sketch_rows(counted, corpus.collocate_freq, corpus.names,
                                       corpus.tokens, shown, link.of)  # fmt: skip
        for name, total in relation_totals(counted).items():
            totals[name] = totals.get(name, 0) + total
    rows = []
    for relation in relation_order(totals):
        for group, tables in per_group.items():
            head = {} if group is None else {"sense": group, "sense_run": run and run.id}
            rows += [{**head, **row} for row in tables.get(relation, [])]
    return rows


class _Link:
    """A row's ``search``: the lines with the collocate within its reach of the word
    (see the module docstring), with the sketch's node filters."""

    def __init__(
        self, values: Mapping[str, Any], word: str, sense: int | None, run: SenseRun | None
    ) -> None:
        self.rest: dict[str, Any] = {}
        if values["pos"]:
            self.rest["pos"] = list(values["pos"])
        if values["where"]:
            self.rest["where"] = [f"{key}={value}" for key, value in values["where"]]
        if values["doc"]:
            self.rest["doc"] = list(values["doc"])
        if sense is not None and run is not None:
            self.rest.update(sense=sense, senses_run=run.id)
        self.word = word

    def of(self, collocate: str, reach: int) -> dict[str, Any]:
        return {"word": self.word, "near": collocate, "window": reach, **self.rest}


def _run(storage: Index, word: str, values: Mapping[str, Any], lang: str) -> SenseRun:
    """The stored run the senses come from (never induced: a statistic reads senses)."""
    from sensegrep.senses import stored_senses, word_senses

    what = "a sketch by sense (--sense, --by-sense)"
    if values["senses_run"] is not None:
        storage.require_vectors(what, word, lang)
        return word_senses(storage, word, lang=lang, run=values["senses_run"])
    return stored_senses(storage, word, lang, what=what)


def _sense_groups(
    tokens: CorpusTokens, nodes: np.ndarray, run: SenseRun, sense: int | None
) -> dict[int | None, np.ndarray]:
    """The nodes of one sense (``sense``), or of each sense of the run."""
    if sense is not None and sense > run.k:
        raise QueryError(
            f"{run.lemma!r} has {run.k} senses in run {run.id}: give --sense 1 to {run.k}"
        )
    sense_at = _senses_at(tokens, run)
    wanted = [sense] if sense is not None else range(1, run.k + 1)
    return {s: nodes & (sense_at == s) for s in wanted}
