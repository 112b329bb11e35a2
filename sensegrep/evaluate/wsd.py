"""All-words WSD by the nearest labelled occurrences (``classify_file``), scored like
the framework of Raganato et al. (2017): an answer counts when it is one of the
instance's gold keys (several answered keys share the credit); P = correct / answered,
R = correct / all instances, F1 = 2PR / (P + R)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sensegrep.errors import SensegrepError


@dataclass(frozen=True)
class Score:
    answered: int
    total: int
    correct: float

    @property
    def precision(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (
            f"P={100 * self.precision:.1f} R={100 * self.recall:.1f} F1={100 * self.f1:.1f} "
            f"({self.answered}/{self.total} answered, {self.correct:g} correct)"
        )


def read_key_lines(path: Path) -> dict[str, list[str]]:
    """``instance_id key [key…]`` lines → id → keys (a repeated id adds keys)."""
    keys: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            keys.setdefault(fields[0], []).extend(fields[1:])
    return keys


def score(answers: dict[str, list[str]], gold: dict[str, list[str]]) -> Score:
    """The framework's scorer: each answered key in the gold set earns its share."""
    correct = 0.0
    answered = 0
    for instance, keys in answers.items():
        if instance not in gold or not keys:
            continue
        answered += 1
        correct += sum(k in gold[instance] for k in keys) / len(keys)
    return Score(answered, len(gold), correct)


def gold_of(data: Path) -> dict[str, list[str]]:
    from sensegrep.indexer.readers.raganato import key_file, read_keys

    path, name = key_file(data, str(data))
    return {k: v.split() for k, v in read_keys(path, name).items()}


@dataclass
class WsdResult:
    score: Score
    from_neighbours: int
    from_wordnet: int
    model: str


def evaluate(
    train: Path,
    test: Path,
    wordnet_dir: Path,
    index_dir: Path | None = None,
    model: str | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> WsdResult:
    from sensegrep.embedder import embedder_for
    from sensegrep.evaluate.report import describe
    from sensegrep.labels.classify import classify_file
    from sensegrep.storage import Index
    from sensegrep.wordnet import WordNet

    wordnet = WordNet.open(wordnet_dir)
    gold = gold_of(test)
    with tempfile.TemporaryDirectory(prefix="sensegrep-wsd-") as tmp:
        if index_dir is None:
            from sensegrep.indexer.pipeline import Indexer, IndexOptions

            index_dir = Path(tmp) / "index"
            embedder = embedder_for(None, model)
            log(f"indexing {train} into a temporary index (SemCor takes ~10 min)")
            with Index.open_for_writing(index_dir, embedder.config) as writing:
                report = Indexer(writing, embedder, IndexOptions(format="raganato")).run([train])
            if report.errors:
                raise SensegrepError(str(report.errors[0]))
        with Index.open(index_dir) as index:
            if model and index.embedder_config.model != model:
                raise SensegrepError(
                    f"--index {index_dir} was built with {index.embedder_config.model!r}, "
                    f"not --model {model!r}"
                )
            embedder = embedder_for(index.embedder_config)
            answers = classify_file(index, test, embedder, wordnet=wordnet)
            used = describe(index.embedder_config)
    keyed = {a.instance_id: [a.label] for a in answers if a.label}
    return WsdResult(
        score(keyed, gold),
        sum(a.source == "neighbours" for a in answers),
        sum(a.source == "wordnet" for a in answers),
        used,
    )
