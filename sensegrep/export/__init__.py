"""Choosing occurrences for annotators: a random sample, or N per sense or label; or,
given each occurrence's example quality (``--good-examples``), the best instead."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from sensegrep.errors import QueryError
from sensegrep.export.formats import (
    FORMATS,
    ExportItem,
    LabelRecord,
    read_label_records,
    read_labels,
    write,
    write_chunks,
)
from sensegrep.labels.labelling import (
    PREDICTED,
    PREDICTED_APART,
    PREDICTED_MARK,
    grouped_labels_of,
    occurrence_labels,
)
from sensegrep.storage import Filters, Index
from sensegrep.storage.occurrences import occurrences_of
from sensegrep.text import composed

__all__ = [
    "FORMATS",
    "ExportChoice",
    "ExportItem",
    "LabelRecord",
    "balanced",
    "choose_export",
    "export_items",
    "read_label_records",
    "read_labels",
    "write",
    "write_chunks",
]


class Scored(Protocol):
    """Each occurrence's example quality (stats/examples.py's ``Quality``), aligned
    with the ids it was computed for: ``score``, and ``record(at)`` its score and parts
    as shown."""

    score: np.ndarray
    notes: list[str]  # what was left out, and why ("typicality left out for ...")

    def record(self, at: int) -> tuple[float, dict[str, float]]: ...


def balanced(
    ids: np.ndarray,
    groups: dict[int, tuple[str, ...]],
    per_group: int,
    rng: np.random.Generator,
    scores: np.ndarray | None = None,
    short: dict[str, int] | None = None,
    every: Sequence[str] = (),
    pick: DistinctBest | None = None,
    repeated: dict[str, int] | None = None,
) -> np.ndarray:
    """Up to ``per_group`` ids of each group (a sense or a label), drawn at random (the
    best by ``scores``, aligned with ``ids``, when given); ids in no group are left
    out. An id in several groups (an occurrence labelled "river side") counts for each:
    the smaller groups are drawn first, and a group already holding ids drawn for
    another draws only the rest, so that "river side" drawn for side is river's one.
    Returned in corpus order. ``short`` gets each group with fewer than ``per_group``
    occurrences, and how many it has (all of them taken), 0 for a group of ``groups``
    (or of ``every``, the groups there are: a run's senses) none of ``ids`` is in.
    ``pick``: the best by ``scores`` whose sentences no earlier pick has; ``repeated``
    gets each group it left with fewer than ``per_group`` though it has as many
    occurrences (their sentences repeated), and how many it holds."""
    members: dict[str, list[int]] = {}
    for at, i in enumerate(ids.tolist()):
        for group in groups.get(int(i), ()):
            members.setdefault(group, []).append(at)
    if short is not None:
        short.update((g, len(m)) for g, m in members.items() if len(m) < per_group)
        # A group none of ``ids`` is in (a sense with no occurrence in the --where
        # subcorpus) is the shortest of all: said too, not left out unsaid (pass 25x).
        short.update((g, 0) for named in groups.values() for g in named if g not in members)
        # A sense that lost every occurrence (its documents removed) is in no group.
        short.update((g, 0) for g in every if g not in members)
    taken = np.zeros(len(ids), dtype=bool)
    for group in sorted(members, key=lambda g: (len(members[g]), g)):
        inside = np.asarray(members[group], dtype=np.int64)
        free = inside[~taken[inside]]
        take = max(0, min(per_group - int(taken[inside].sum()), len(free)))
        if scores is None:
            picked = rng.choice(free, size=take, replace=False)
        elif pick is None:
            picked = free[best_first(scores[free])[:take]]
        else:
            picked = pick(ids, scores, free, take)
        taken[picked] = True
        held = int(taken[inside].sum())
        if repeated is not None and held < per_group <= len(inside):
            repeated[group] = held
    return np.sort(ids[taken])


_SHOWN_GROUPS = 8  # short groups named in the note before "and N more"


def _short_groups(per_group: int, short: dict[str, int], of: str = "occurrences") -> str:
    """The note on the groups with fewer than ``per_group`` occurrences (or distinct
    sentences, ``of``), fewest first."""
    ordered = sorted(short.items(), key=lambda item: (item[1], item[0]))
    named = ", ".join(f"{group} ({n:,})" for group, n in ordered[:_SHOWN_GROUPS])
    more = len(ordered) - _SHOWN_GROUPS
    named += f" and {more:,} more" if more > 0 else ""
    fewer = (
        "fewer occurrences, all of them exported"
        if of == "occurrences"
        else f"fewer {of} (each sentence is exported once)"
    )
    return (
        f"--balanced {per_group}: {len(short):,} group(s) have {fewer}, so the groups are not "
        f"the same size: {named}"
    )


def _sampled_groups(
    sample: int,
    chose: int,
    per_group: int,
    groups: dict[int, tuple[str, ...]],
    every: Sequence[str],
    ids: np.ndarray,
) -> str:
    """The note on a ``sample`` drawn from the ``chose`` occurrences that ``--balanced
    per_group`` chose: each group's size among ``ids``, the ones drawn, fewest first."""
    sizes = dict.fromkeys([*every, *(g for named in groups.values() for g in named)], 0)
    for i in ids.tolist():
        for group in groups.get(int(i), ()):
            sizes[group] += 1
    said = f"--sample {sample} drew from the {chose:,} occurrence(s) --balanced {per_group} chose"
    if len(set(sizes.values())) <= 1:
        return f"{said}: {next(iter(sizes.values()), 0):,} of each group"
    ordered = sorted(sizes.items(), key=lambda item: (item[1], item[0]))
    named = ", ".join(f"{group} ({n:,})" for group, n in ordered[:_SHOWN_GROUPS])
    more = len(ordered) - _SHOWN_GROUPS
    named += f" and {more:,} more" if more > 0 else ""
    return f"{said}, so the groups are not the same size: {named}"


class DistinctBest:
    """Best-first picks by score that pass over an occurrence whose sentence repeats
    one picked before (spacing and case aside): --good-examples exported a corpus's
    repeated sentence as two of its best examples. ``skipped``: how many were passed
    over. Sentences are read a batch at a time, as far down as the picks need."""

    def __init__(self, index: Index) -> None:
        self.index, self.seen, self.skipped = index, set[str](), 0

    def __call__(
        self, ids: np.ndarray, scores: np.ndarray, positions: np.ndarray, take: int
    ) -> np.ndarray:
        """Up to ``take`` of ``positions`` (into ``ids`` and ``scores``), best first."""
        from sensegrep.stats.examples import sentence_key

        order = positions[best_first(scores[positions])]
        chosen: list[int] = []
        start, size = 0, max(2 * take, 8)
        while len(chosen) < take and start < len(order):
            batch = order[start : start + size].tolist()
            contexts = self.index.contexts([int(ids[at]) for at in batch])
            for at in batch:
                context = contexts.get(int(ids[at]))
                key = None if context is None else sentence_key(context.sentence)
                if key in self.seen:
                    self.skipped += 1
                    continue
                if key is not None:
                    self.seen.add(key)
                chosen.append(at)
                if len(chosen) == take:
                    break
            start, size = start + size, size * 2
        return np.asarray(chosen, dtype=np.int64)


def best_first(scores: np.ndarray) -> np.ndarray:
    """Positions by descending score, ties in corpus order."""
    return np.lexsort((np.arange(len(scores)), -np.asarray(scores)))


# Occurrences whose sentences are read at once while an export is written: a sentence's
# tokens take ~200 KB of objects at 444 tokens a sentence (30,016 occurrences of "the"
# passed 6 GB read whole), so a chunk of 500 keeps a writer near 100 MB at any size.
EXPORT_CHUNK = 500


@dataclass
class ExportChoice:
    """The occurrences an export takes (``ids``, ascending) and what each of its items
    carries; their sentences are read by :meth:`items` a chunk at a time, so that an
    export of any size is written in bounded memory."""

    ids: np.ndarray
    options: tuple[tuple[str, str], ...] = ()
    quality: Scored | None = None
    scored_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    senses: dict[int, int] = field(default_factory=dict)
    sense_run: int | None = None
    # Chosen occurrences :meth:`items` found gone (their document removed meanwhile).
    left_out: int = 0

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def columns(self) -> tuple[bool, bool]:
        """Whether its items carry a quality (--good-examples) and a sense (--balanced N
        --by sense): a CSV's columns, known before the first item is read."""
        return self.quality is not None and len(self) > 0, bool(self.senses) and len(self) > 0

    def items(self, index: Index, chunk: int | None = None) -> Iterator[ExportItem]:
        """Its items in corpus order, each with its sentence's tokens, read ``chunk``
        (default ``EXPORT_CHUNK``) occurrences at a time; one whose document is gone is
        left out and counted."""
        chunk = chunk or EXPORT_CHUNK
        for start in range(0, len(self.ids), chunk):
            part = [int(i) for i in self.ids[start : start + chunk]]
            contexts, tokens = index.contexts(part), index.sentence_tokens(part)
            for i in part:
                if i not in contexts or i not in tokens:  # removed by a concurrent run
                    self.left_out += 1
                    continue
                yield ExportItem(
                    contexts[i],
                    tokens[i],
                    self.options,
                    *_quality_of(self.quality, self.scored_ids, i),
                    sense=self.senses.get(i),
                    sense_run=self.sense_run if self.senses else None,
                )


def export_items(index: Index, word: str, **choice: Any) -> list[ExportItem]:
    """The occurrences of ``word`` to annotate, with their sentences' tokens, chosen as
    :func:`choose_export` does, read whole."""
    return list(choose_export(index, word, **choice).items(index))


def choose_export(
    index: Index,
    word: str,
    *,
    filters: Filters | None = None,
    by_form: bool = False,
    sample: int | None = None,
    per_group: int | None = None,
    group_of: Callable[[np.ndarray], dict[int, tuple[str, ...]]] | None = None,
    options: Sequence[tuple[str, str]] = (),
    seed: int = 0,
    rank_by: Callable[[np.ndarray], Scored] | None = None,
    notes: list[str] | None = None,
) -> ExportChoice:
    """The occurrences of ``word`` to annotate. The
    balanced or sampled ones are drawn at random, or are the best by ``rank_by``'s
    scores of the word's occurrences when given (their example quality, which each
    item then carries). ``notes`` gets a line when a group of ``per_group``, or the
    ``sample``, has fewer occurrences than asked: a "balanced" file that is not, or a
    sample that is everything, is said (issue 23, pass 24h)."""
    ids = occurrences_of(index, word, by_form=by_form, filters=filters, form_choice=True)[1].ids
    if notes is not None:  # search counts them: "wrote 54" beside its 56 was unexplained
        tokens = occurrences_of(
            index, word, by_form=by_form, filters=filters, form_choice=True, every_token=True
        )[1]
        if len(tokens) > len(ids):
            notes.append(
                f"{len(tokens) - len(ids):,} token(s) of {word!r} that search counts have no "
                "sense vector (an auxiliary, a function word): left out, as they take no label"
            )
    rng = np.random.default_rng(seed)
    quality = None if rank_by is None or not (per_group or sample) else rank_by(ids)
    if quality is not None and notes is not None:
        notes.extend(quality.notes)
    scored_ids = ids  # what ``quality`` is aligned with (ascending)
    scores = None if quality is None else quality.score
    pick = None if quality is None else DistinctBest(index)
    groups: dict[int, tuple[str, ...]] = {}
    every: Sequence[str] = ()
    if per_group is not None:
        if group_of is None:
            raise QueryError("--balanced needs senses or labels to balance over")
        short: dict[str, int] = {}
        repeated: dict[str, int] = {}  # short of distinct sentences (--good-examples)
        groups = group_of(ids)
        every = getattr(group_of, "every", ())  # every sense or label, held here or not
        kept = balanced(ids, groups, per_group, rng, scores, short, every, pick, repeated)
        scores = None if scores is None else scores[np.searchsorted(ids, kept)]
        ids = kept
        if short and notes is not None:
            # "sense 7 (1)" beside a run of 6 senses the user had looked at: which run's
            # numbers these are (the current run may be a newer one), as the file's
            # sense_run column says.
            run = (
                f" (senses of sense run {group_of.run})"
                if isinstance(group_of, SenseGroups)
                else ""
            )
            notes.append(_short_groups(per_group, short) + run)
        if repeated and notes is not None:
            notes.append(_short_groups(per_group, repeated, "distinct sentences"))
    if sample is not None and sample >= len(ids) and notes is not None:
        notes.append(
            f"--sample {sample}: only {len(ids):,} occurrence(s) to draw from, all of them "
            "exported (nothing was drawn)"
        )
    if sample is not None and sample < len(ids):
        chose = len(ids)
        if scores is None:
            ids = np.sort(rng.choice(ids, size=sample, replace=False))
        elif per_group is not None:  # drawn from the balanced ones: distinct already
            ids = np.sort(ids[best_first(scores)[:sample]])
        else:
            assert pick is not None  # scores come with their picker
            ids = np.sort(ids[pick(ids, scores, np.arange(len(ids)), sample)])
        if per_group is not None and notes is not None:
            # A sample of the balanced choice is balanced no more: "--balanced 2
            # --sample 3" gave 2, 1 and 0 of three senses, unsaid (pass 33d).
            notes.append(_sampled_groups(sample, chose, per_group, groups, every, ids))
    if pick is not None and pick.skipped and notes is not None:
        notes.append(
            f"{pick.skipped:,} occurrence(s) passed over for repeating the sentence of a "
            "better example (spacing and case aside): each sentence is exported once"
        )
    senses = group_of.senses if isinstance(group_of, SenseGroups) and per_group else {}
    return ExportChoice(
        ids,
        tuple(options),
        quality,
        scored_ids,
        senses,
        group_of.run if senses else None,  # type: ignore[union-attr]
    )


def _quality_of(
    quality: Scored | None, scored_ids: np.ndarray, occurrence: int
) -> tuple[float | None, dict[str, float] | None]:
    """The occurrence's score and parts when chosen by quality, else (None, None)."""
    if quality is None:
        return None, None
    return quality.record(int(np.searchsorted(scored_ids, occurrence)))


def labels_of(index: Index, ids: np.ndarray) -> dict[int, str]:
    """The stored label of each labelled occurrence among ``ids`` (labels only: no
    sentences are cut from document text for this)."""
    found = occurrence_labels(index, ids)
    return {int(i): label for i, label in zip(found.ids, found.labels, strict=True) if label}


def grouped_labels(index: Index, ids: np.ndarray) -> dict[int, tuple[str, ...]]:
    """The labels of each labelled occurrence among ``ids`` as a balanced export
    groups it: one classify --apply predicted is a group of its own, and an occurrence
    labelled "river side" is in the groups river and side (as ``labels WORD`` counts)."""
    found = occurrence_labels(index, ids)
    rows = zip(found.ids, found.labels, found.sources, strict=True)
    return {
        int(i): grouped_labels_of(label, source == PREDICTED) for i, label, source in rows if label
    }


def word_label_choices(index: Index, word: str) -> list[str]:
    """The labels of the word's occurrences, each a choice of its own ("river side" would
    come back as river and side): what a Prodigy export offers by default."""
    ids = occurrences_of(index, word)[1].ids  # the same occurrences export_items takes
    return sorted({part for both in labels_of(index, ids).values() for part in both.split()})


def annotation_choices(
    index: Index, word: str, given: Sequence[str] | None = None, senses_run: int | None = None
) -> list[tuple[str, str]]:
    """Choices offered to the annotator (Prodigy): ``given``, else the word's labels, else
    its induced senses (its current sense run, or stored run ``senses_run``) shown with
    their top collocates."""
    if given:
        # Composed, as labels are stored: a choice typed decomposed ("cafe" + a combining
        # accent) was not the id of the label the occurrences hold, so none showed ticked.
        typed = dict.fromkeys(composed(o.strip()) for o in given if o.strip())
        return [(o, o) for o in typed]
    labels = word_label_choices(index, word)
    if labels:
        return [(label, label) for label in labels]
    from sensegrep.senses import with_current_collocates, word_senses

    # Said as what was asked (a Prodigy export), with the choice that needs no vectors.
    index.require_vectors(
        "a Prodigy export without --options a,b,c (the word has no labels, so its choices "
        "would be its induced senses)",
        word,
    )
    # Collocates of the occurrences each sense holds now (documents added or removed).
    run = with_current_collocates(index, word_senses(index, word, run=senses_run))
    # The id becomes the label on import, where a space separates labels: "sense 1"
    # came back as two labels, sense and 1 (issue 23). The text keeps the space. It names
    # the run: files exported from two runs both offered "sense_1", which read back as
    # one label though each run's sense 1 is another sense (a new run renumbers).
    of_run = "" if run.id is None else f" run {run.id}"  # None: a run not stored
    return [
        (
            f"sense {s.number}{of_run}".replace(" ", "_"),
            f"sense {s.number}{of_run}: " + ", ".join(w for w, _ in s.collocates[:4]),
        )
        for s in run.clusters
    ]


def grouping(
    index: Index,
    word: str,
    by: str,
    senses_run: int | None = None,
    notes: list[str] | None = None,
) -> Callable[[np.ndarray], dict[int, tuple[str, ...]]]:
    """What ``--balanced`` balances over: each occurrence's label (a predicted one as a
    group of its own, ``LABEL (predicted)``, said in ``notes``), or its induced sense
    (in the word's current sense run, or stored run ``senses_run``)."""
    if by == "label":
        return LabelGroups(index, word, notes)
    return SenseGroups(index, word, senses_run)


class LabelGroups:
    """``--balanced`` by label: each occurrence's labels as its groups (a predicted one
    apart, ``LABEL (predicted)``, said in ``notes``). ``every``: the groups of all the
    word's occurrences, so that a label with none in a ``--where`` subcorpus is named
    with 0, as a sense is (it was left out unsaid)."""

    def __init__(self, index: Index, word: str, notes: list[str] | None) -> None:
        self.index, self.word, self.notes = index, word, notes
        self.every: tuple[str, ...] = ()

    def __call__(self, ids: np.ndarray) -> dict[int, tuple[str, ...]]:
        found = grouped_labels(self.index, ids)
        every = grouped_labels(self.index, occurrences_of(self.index, self.word)[1].ids)
        if not found and not every:  # else a file of only a header, exit 0 (issue 23)
            raise QueryError(
                f"no labelled occurrences of {self.word!r} to balance by label: label some "
                "first, or use --by sense"
            )
        if not found and len(ids):
            # The word's labels are all outside the subcorpus: "no labelled occurrences
            # of 'bank'" of a word with labels read as the labels lost (pass 33d).
            raise QueryError(
                f"none of the {len(ids):,} occurrence(s) of {self.word!r} that the filters "
                f"keep (--where, --pos, --form) holds a label; {len(every):,} of its "
                "occurrences outside them do: label some of these first, widen the "
                "filters, or use --by sense"
            )
        if self.notes is not None and any(
            g.endswith(PREDICTED_MARK) for named in found.values() for g in named
        ):
            self.notes.append(PREDICTED_APART.format(what="balanced"))
        # An empty subcorpus names each label at 0, as each sense (and why it is empty).
        self.every = tuple(sorted({g for named in every.values() for g in named}))
        return found


class SenseGroups:
    """``--balanced`` by sense: each occurrence's induced sense (in the word's current
    run, or stored run ``senses_run``) as its group, ``sense N``. The sense and run
    read are kept, so that each exported occurrence carries them as search's CSV does:
    an annotator of a file balanced by sense was not shown which sense it was drawn
    for (issue 23)."""

    def __init__(self, index: Index, word: str, senses_run: int | None) -> None:
        self.index, self.word, self.senses_run = index, word, senses_run
        self.senses: dict[int, int] = {}
        self.run: int | None = None
        self.every: tuple[str, ...] = ()  # every sense of the run, held or not

    def __call__(self, ids: np.ndarray) -> dict[int, tuple[str, ...]]:
        from sensegrep.senses import word_senses

        found = word_senses(self.index, self.word, run=self.senses_run)
        self.run = found.id
        self.every = tuple(f"sense {c.number}" for c in found.clusters)
        self.senses = {int(i): int(s) for i, s in zip(found.ids, found.senses, strict=True)}
        return {i: (f"sense {s}",) for i, s in self.senses.items()}
