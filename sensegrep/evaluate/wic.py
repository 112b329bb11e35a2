"""WiC: are two occurrences of a word the same sense? Cosine of the two target
vectors, with the threshold that maximises accuracy on the training pairs only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sensegrep.errors import SensegrepError

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder


@dataclass(frozen=True)
class Pair:
    word: str
    pos: str
    words1: list[str]
    target1: int
    words2: list[str]
    target2: int


@dataclass
class WicResult:
    threshold: float
    train_accuracy: float
    test_accuracy: float
    train_pairs: int
    test_pairs: int


def data_files(path: Path) -> tuple[Path, Path]:
    """The ``*.data.txt`` and ``*.gold.txt`` of a WiC split: a folder or its data file."""
    if path.is_dir():
        found = sorted(path.glob("*.data.txt"))
        if len(found) != 1:
            raise SensegrepError(f"{path}: expected one *.data.txt file, found {len(found)}")
        data = found[0]
    else:
        data = path
    if not data.is_file():
        raise SensegrepError(f"{data}: no such file")
    if not data.name.endswith(".data.txt"):
        raise SensegrepError(f"{data}: a WiC data file is named *.data.txt")
    gold = data.with_name(data.name[: -len(".data.txt")] + ".gold.txt")
    if not gold.is_file():
        raise SensegrepError(f"{gold}: no such file (the gold labels of {data.name})")
    return data, gold


def read_wic(path: Path) -> tuple[list[Pair], np.ndarray]:
    """Pairs and gold labels (True = same sense) of a WiC split."""
    data, gold = data_files(path)
    pairs = []
    for number, line in enumerate(data.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        pairs.append(_parse_pair(data, number, line))
    labels = []
    for number, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
        value = line.strip()
        if not value:
            continue
        if value not in ("T", "F"):
            raise SensegrepError(f"{gold}:{number}: expected T or F, got {value!r}")
        labels.append(value == "T")
    if len(labels) != len(pairs):
        raise SensegrepError(f"{gold}: {len(labels)} labels for {len(pairs)} pairs in {data}")
    if not pairs:
        raise SensegrepError(f"{data}: no pairs")
    return pairs, np.array(labels, dtype=bool)


def _parse_pair(path: Path, number: int, line: str) -> Pair:
    fields = line.split("\t")
    if len(fields) != 5:
        raise SensegrepError(f"{path}:{number}: expected 5 tab-separated fields, got {len(fields)}")
    word, pos, span, first, second = fields
    try:
        i, j = (int(part) for part in span.split("-"))
    except ValueError:
        raise SensegrepError(
            f"{path}:{number}: expected target indices i-j, got {span!r}"
        ) from None
    words1, words2 = first.split(), second.split()
    if not (0 <= i < len(words1) and 0 <= j < len(words2)):
        raise SensegrepError(f"{path}:{number}: target index {span} outside the sentences")
    return Pair(word, pos, words1, i, words2, j)


def cosines(embedder: Embedder, pairs: list[Pair]) -> np.ndarray:
    """Cosine of the two targets of each pair; all sentences embedded in one call."""
    sentences = [p.words1 for p in pairs] + [p.words2 for p in pairs]
    embedded = embedder.embed(sentences)
    n = len(pairs)
    a = np.stack([embedded[k][p.target1] for k, p in enumerate(pairs)])
    b = np.stack([embedded[n + k][p.target2] for k, p in enumerate(pairs)])
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return np.einsum("ij,ij->i", a, b)


def fit_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """The threshold (same sense when cosine >= it) with the best accuracy; the lowest
    of equally good ones. Candidates lie midway between consecutive distinct scores."""
    values = np.unique(scores)
    candidates = np.concatenate(
        [[values[0] - 1.0], (values[:-1] + values[1:]) / 2, [values[-1] + 1.0]]
    )
    pos_sorted = np.sort(scores[gold])
    neg_sorted = np.sort(scores[~gold])
    # same-sense pairs at or above t, different-sense pairs below t
    tp = len(pos_sorted) - np.searchsorted(pos_sorted, candidates, side="left")
    tn = np.searchsorted(neg_sorted, candidates, side="left")
    return float(candidates[int(np.argmax(tp + tn))])


def accuracy(scores: np.ndarray, gold: np.ndarray, threshold: float) -> float:
    return float(np.mean((scores >= threshold) == gold))


def evaluate(embedder: Embedder, train: Path, test: Path) -> WicResult:
    train_pairs, train_gold = read_wic(train)
    test_pairs, test_gold = read_wic(test)
    train_scores = cosines(embedder, train_pairs)
    threshold = fit_threshold(train_scores, train_gold)
    test_scores = cosines(embedder, test_pairs)
    return WicResult(
        threshold,
        accuracy(train_scores, train_gold, threshold),
        accuracy(test_scores, test_gold, threshold),
        len(train_pairs),
        len(test_pairs),
    )
