"""Training material for ``sensegrep tune``: labelled occurrences, grouped by lemma."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sensegrep.embedder.base import Embedder
from sensegrep.errors import SensegrepError
from sensegrep.labels.labelling import PREDICTED
from sensegrep.storage import Index

_EMBED_CHUNK = 512  # sentences per embedder call: bounds the memory of all-layer outputs


@dataclass
class LabelledSet:
    """All-layer vectors (n, layers, dim; float16 to halve memory) of labelled occurrences,
    their lemma group and their sense (first label) as small integers."""

    vectors: np.ndarray
    group: np.ndarray
    sense: np.ndarray
    coarse: np.ndarray | None = None  # coarse sense codes (see ``coarse_label``), or None

    def contrastive_groups(self) -> list[np.ndarray]:
        """Rows of each lemma with at least two senses: only they teach anything."""
        order = np.argsort(self.group, kind="stable")
        bounds = np.flatnonzero(np.diff(self.group[order])) + 1
        groups = np.split(order, bounds)
        return [g for g in groups if len(np.unique(self.sense[g])) >= 2]


@dataclass(frozen=True)
class LabelledToken:
    sentence_id: int
    position: int
    lemma: str
    pos: str | None
    label: str


def labelled_tokens(index: Index) -> list[LabelledToken]:
    """Occurrences labelled at indexing or by hand (never ``classify --apply`` guesses)."""
    return [
        LabelledToken(sentence_id, position, lemma, pos, label.split()[0])
        for sentence_id, position, lemma, pos, label, source in index.labelled_occurrences()
        if source != PREDICTED and label.strip()
    ]


def predicted_labels(index: Index) -> int:
    """How many occurrences carry a ``classify --apply`` guess, which tune never learns from."""
    return sum(
        1
        for *_, label, source in index.labelled_occurrences()
        if source == PREDICTED and label.strip()
    )


def sentence_words(index: Index, sentence_ids: Sequence[int]) -> dict[int, list[str]]:
    """The word forms of each sentence, in order (what the embedder is given)."""
    return index.sentence_words(sentence_ids)


def gather(
    index: Index,
    tokens: Sequence[LabelledToken],
    embedder: Embedder,
    layers: Sequence[int],
    progress: Callable[[int], None] = lambda _n: None,
) -> LabelledSet:
    """Embed the sentences of ``tokens`` (from :func:`labelled_tokens`); keep their
    ``layers``. Progress is reported in sentences."""
    if not tokens:
        raise SensegrepError(
            f"{index.folder} has no labelled occurrences to learn from: index labelled data "
            f"(e.g. SemCor with --format raganato) or label some with `sensegrep label`"
        )
    by_sentence: dict[int, list[int]] = {}
    for row, token in enumerate(tokens):
        by_sentence.setdefault(token.sentence_id, []).append(row)
    sentence_ids = list(by_sentence)
    vectors: np.ndarray | None = None
    for start in range(0, len(sentence_ids), _EMBED_CHUNK):
        chunk = sentence_ids[start : start + _EMBED_CHUNK]
        words = sentence_words(index, chunk)
        embedded = embedder.embed_layers([words[s] for s in chunk])
        for sid, layered in zip(chunk, embedded, strict=True):
            rows = by_sentence[sid]
            picked = layered[list(layers)][:, [tokens[r].position for r in rows]]
            if vectors is None:
                vectors = np.zeros((len(tokens), len(layers), layered.shape[-1]), np.float16)
            vectors[rows] = picked.transpose(1, 0, 2)
        progress(len(chunk))
    assert vectors is not None
    return LabelledSet(vectors, *_codes(tokens))


def coarse_label(label: str) -> str:
    """A WordNet sense key's lexicographer class (``bass%1:13:02::`` → ``1:13``, the
    noun.food file), a coarse sense shared by related senses; other labels are their
    own coarse sense."""
    lemma, sep, rest = label.partition("%")
    parts = rest.split(":")
    if not (sep and lemma and len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit()):
        return label
    return f"{parts[0]}:{parts[1]}"


def _codes(tokens: Sequence[LabelledToken]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Small integer codes for (lemma, POS) groups, labels and coarse labels."""
    groups: dict[tuple[str, str | None], int] = {}
    senses: dict[str, int] = {}
    coarse: dict[str, int] = {}
    group = [groups.setdefault((t.lemma.lower(), t.pos), len(groups)) for t in tokens]
    sense = [senses.setdefault(t.label, len(senses)) for t in tokens]
    lexical = [coarse.setdefault(coarse_label(t.label), len(coarse)) for t in tokens]
    return (
        np.array(group, dtype=np.int64),
        np.array(sense, dtype=np.int64),
        np.array(lexical, dtype=np.int64),
    )
