"""Training text for the biLM: sentences read with sensegrep's readers, the held-out
split, the softmax vocabulary and the batches of one epoch. No torch here.

Every distinct word form is a *type*; a sentence is an array of type ids. The biLM reads
each type's characters (so an out-of-vocabulary word keeps its spelling on the input
side) and predicts vocabulary ids, where words outside the vocabulary are ``<UNK>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sensegrep.embedder.elmo.characters import BOS_TOKEN, EOS_TOKEN, word_to_char_ids
from sensegrep.errors import InputError, SensegrepError
from sensegrep.indexer.readers import detect_format, iter_files, read_documents

UNK_TOKEN = "<UNK>"
# bilm-tf's vocabulary files start with these three, in this order.
SPECIALS = (BOS_TOKEN, EOS_TOKEN, UNK_TOKEN)
BOS_TYPE, EOS_TYPE = 0, 1  # the markers are types 0 and 1 of every corpus
# Sentences are shuffled within pools of this many batches and then sorted by length,
# so a batch needs little padding while the epoch order stays random.
POOL_BATCHES = 50


@dataclass
class Corpus:
    """The sentences of the input files, as type ids (markers not included)."""

    types: list[str]  # type id → word form; 0 and 1 are <S> and </S>
    sentences: list[np.ndarray]
    files: list[str]
    digest: str  # sha256 of the token stream: the same text gives the same digest

    @property
    def tokens(self) -> int:
        return sum(len(s) for s in self.sentences)


def read_corpus(
    paths: Sequence[Path],
    fmt: str | None,
    max_length: int,
    on_error: Callable[[InputError], None],
) -> Corpus:
    """Every sentence of ``paths`` (files or folders), longer ones cut into pieces of at
    most ``max_length`` words. Bad input goes to ``on_error`` and is skipped."""
    types: dict[str, int] = {BOS_TOKEN: BOS_TYPE, EOS_TOKEN: EOS_TYPE}
    sentences: list[np.ndarray] = []
    files: list[str] = []
    digest = hashlib.sha256()
    for words in _sentences(paths, fmt, on_error, files):
        digest.update(("\x1f".join(words) + "\x1e").encode("utf-8", "surrogatepass"))
        ids = np.fromiter((types.setdefault(w, len(types)) for w in words), np.int32, len(words))
        # Pieces rather than truncation: every token is trained on, and the LSTM's
        # time steps (its cost) stay bounded.
        sentences.extend(ids[i : i + max_length] for i in range(0, len(ids), max_length))
    return Corpus(list(types), sentences, files, digest.hexdigest())


def _sentences(
    paths: Sequence[Path],
    fmt: str | None,
    on_error: Callable[[InputError], None],
    files: list[str],
) -> Iterator[list[str]]:
    for root in paths:
        if not root.exists():
            on_error(InputError(str(root), "no such file or folder"))
            continue
        for path, name in iter_files([root]):
            try:
                file_fmt = fmt or detect_format(path)
            except SensegrepError as exc:
                if not root.is_dir():  # a README inside a folder is no mistake
                    on_error(InputError(name, str(exc)))
                continue
            files.append(name)
            for item in read_documents(path, file_fmt, name=name):
                if isinstance(item, InputError):
                    on_error(item)
                    continue
                for sentence in item.sentences:
                    if sentence.tokens:
                        yield sentence.words


def split_heldout(n_sentences: int, fraction: float) -> int:
    """How many sentences, taken from the end, are held out (at least one when asked,
    as long as one is left to train on)."""
    if fraction <= 0 or n_sentences < 2:
        return 0
    return min(max(round(n_sentences * fraction), 1), n_sentences - 1)


# --- vocabulary ------------------------------------------------------------------------


@dataclass
class Vocabulary:
    """Softmax classes: the specials, then words by falling frequency (the order the
    log-uniform sampler assumes)."""

    words: list[str]

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def build(
        cls, types: list[str], sentences: Sequence[np.ndarray], min_count: int, max_size: int
    ) -> Vocabulary:
        counts = np.bincount(_concat(sentences), minlength=len(types))
        counts[[BOS_TYPE, EOS_TYPE]] = 0  # the markers are specials already
        # Ties broken by the word, so the vocabulary does not depend on reading order.
        ranked = sorted(
            (t for t in np.flatnonzero(counts >= min_count)), key=lambda t: (-counts[t], types[t])
        )
        keep = max(max_size - len(SPECIALS), 0)
        words = [w for w in (types[t] for t in ranked[:keep]) if w not in SPECIALS]
        return cls([*SPECIALS, *words])

    def ids_of_types(self, types: list[str]) -> np.ndarray:
        """Type id → vocabulary id (``<UNK>`` for words outside the vocabulary)."""
        index = {w: i for i, w in enumerate(self.words)}
        unk = index[UNK_TOKEN]
        return np.array([index.get(w, unk) for w in types], dtype=np.int64)

    def text(self) -> str:
        """bilm-tf's vocab file: one word per line."""
        return "".join(f"{w}\n" for w in self.words)


def _concat(sentences: Sequence[np.ndarray]) -> np.ndarray:
    return np.concatenate(list(sentences)) if sentences else np.zeros(0, np.int32)


def char_table(types: list[str], max_characters: int) -> np.ndarray:
    """(types, max_characters) character ids, looked up per batch instead of re-spelt."""
    table = np.zeros((len(types), max_characters), dtype=np.int16)
    for t, word in enumerate(types):
        table[t] = word_to_char_ids(word, max_characters)
    return table


# --- batches ---------------------------------------------------------------------------


@dataclass
class Batch:
    """``types``: (rows, steps) type ids with the markers, −1 past each row's end."""

    types: np.ndarray
    lengths: np.ndarray

    @property
    def predictions(self) -> int:
        """Targets in both directions: every token but the first (forward) or last."""
        return int(2 * (self.lengths - 1).sum())


def make_batch(sentences: Sequence[np.ndarray]) -> Batch:
    lengths = np.array([len(s) + 2 for s in sentences], dtype=np.int64)
    types = np.full((len(sentences), int(lengths.max())), -1, dtype=np.int64)
    for row, sentence in enumerate(sentences):
        types[row, 0] = BOS_TYPE
        types[row, 1 : len(sentence) + 1] = sentence
        types[row, len(sentence) + 1] = EOS_TYPE
    return Batch(types, lengths)


def epoch_batches(lengths: np.ndarray, batch_size: int, seed: int, epoch: int) -> list[np.ndarray]:
    """The sentence indices of each batch of ``epoch``, in training order.

    A function of (seed, epoch) alone, so a resumed run rebuilds the same order and
    only has to remember how many batches it has done.
    """
    rng = np.random.default_rng([seed, epoch])
    order = rng.permutation(len(lengths))
    pool = batch_size * POOL_BATCHES
    batches = []
    for start in range(0, len(order), pool):
        chunk = order[start : start + pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    return [batches[i] for i in rng.permutation(len(batches))]


def length_ordered_batches(lengths: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Held-out batches: sorted by length (little padding), no randomness."""
    order = np.argsort(lengths, kind="stable")
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
