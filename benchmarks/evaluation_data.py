"""The evaluation data the benchmarks read (/work/shared/data style: ../shared/data next
to the checkout, or SENSEGREP_SHARED_DATA), and the readings that several benchmarks
share.

CoarseWSD-20 is read here as the benchmarks' recorded figures were made: a sentence is
split on single spaces and the gold labels are the class ids. The library's reader
(sensegrep.evaluate.retrieval.read_word) splits on any whitespace and names the classes,
which changes four train sentences (empty tokens around doubled spaces).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# One occurrence of a target word: the sentence's words, the target's index, its gold label.
Occurrence = tuple[list[str], int, str]


def shared_data() -> Path:
    return Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))


def coarsewsd_train(root: Path) -> dict[str, list[Occurrence]]:
    """Every CoarseWSD-20 train occurrence, per word (in folder order), in file order."""
    by_word = {}
    for folder in sorted(p for p in (root / "coarsewsd20").iterdir() if p.is_dir()):
        lines = (folder / "train.data.txt").read_text(encoding="utf-8").splitlines()
        gold = (folder / "train.gold.txt").read_text(encoding="utf-8").split()
        occurrences = []
        for line, label in zip(lines, gold, strict=True):
            index, sentence = line.split("\t")
            occurrences.append((sentence.split(" "), int(index), label))
        by_word[folder.name] = occurrences
    return by_word


def as_columns(occurrences: list[Occurrence]) -> tuple[list[list[str]], list[int], list[str]]:
    """The sentences, the target indexes and the labels, as three aligned lists."""
    return [o[0] for o in occurrences], [o[1] for o in occurrences], [o[2] for o in occurrences]
