"""CoarseWSD-20 retrieval: how many of the top 10 hits of a sense search share the
query's sense.

Per word, each sense's occurrences (at most ``per_sense``, drawn with the seed) are
split in half: an index part, stored in a temporary sensegrep index through
``Index.add_batch`` with the embedder's vectors (the target token gets the word as its
lemma), and a query part, each run through ``SenseIndex.search`` (the library API) with
the sentence as the example and the target marked ``[[ ]]``. Scores are macro-averaged:
over the queries of a sense, then over the senses of a word, then over words.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sensegrep.errors import SensegrepError

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder

K = 10


@dataclass(frozen=True)
class Occurrence:
    words: list[str]
    target: int
    sense: str


@dataclass
class WordResult:
    word: str
    senses: int
    indexed: int
    queries: int
    precision: float  # P@10, macro over senses
    one_nn: float  # 1-NN accuracy, macro over senses
    one_nn_micro: float
    random: float  # expected P@10 of a random ranking, macro over senses


@dataclass
class RetrievalResult:
    words: list[WordResult] = field(default_factory=list)

    def mean(self, name: str) -> float:
        return float(np.mean([getattr(w, name) for w in self.words])) if self.words else 0.0


def read_word(folder: Path) -> list[Occurrence]:
    """The occurrences of one CoarseWSD-20 word folder, senses by name."""
    data, gold, classes = (
        folder / n for n in ("train.data.txt", "train.gold.txt", "classes_map.txt")
    )
    for path in (data, gold, classes):
        if not path.is_file():
            raise SensegrepError(f"{path}: no such file")
    try:
        names = {str(k): str(v) for k, v in json.loads(classes.read_text(encoding="utf-8")).items()}
    except (json.JSONDecodeError, AttributeError) as exc:
        raise SensegrepError(
            f"{classes}:1: expected a JSON object of class id → name ({exc})"
        ) from None
    ids = []
    for number, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        if line.strip() not in names:
            raise SensegrepError(f"{gold}:{number}: class {line.strip()!r} not in {classes.name}")
        ids.append(names[line.strip()])
    found = []
    for number, line in enumerate(data.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        index, _, sentence = line.partition("\t")
        words = sentence.split()
        try:
            target = int(index)
        except ValueError:
            raise SensegrepError(
                f"{data}:{number}: expected a target index, got {index!r}"
            ) from None
        if not 0 <= target < len(words):
            raise SensegrepError(f"{data}:{number}: target index {target} outside the sentence")
        if len(found) >= len(ids):
            raise SensegrepError(f"{data}:{number}: more sentences than labels in {gold.name}")
        found.append(Occurrence(words, target, ids[len(found)]))
    if len(found) != len(ids):
        raise SensegrepError(f"{gold}: {len(ids)} labels for {len(found)} sentences in {data.name}")
    return found


def word_folders(data: Path) -> list[Path]:
    if (data / "train.data.txt").is_file():
        return [data]
    folders = (
        sorted(p for p in data.iterdir() if (p / "train.data.txt").is_file())
        if data.is_dir()
        else []
    )
    if not folders:
        raise SensegrepError(f"{data}: no CoarseWSD-20 word folders (<word>/train.data.txt)")
    return folders


def split(
    occurrences: Sequence[Occurrence], per_sense: int | None, rng: np.random.Generator
) -> tuple[list[Occurrence], list[Occurrence]]:
    """(index part, query part): per sense, a seeded sample of at most ``per_sense``
    occurrences, the first half (rounded up) indexed; senses in sorted order."""
    index, queries = [], []
    for sense in sorted({o.sense for o in occurrences}):
        mine = [o for o in occurrences if o.sense == sense]
        picked = rng.permutation(len(mine))
        if per_sense is not None:
            picked = picked[:per_sense]
        half = (len(picked) + 1) // 2
        index += [mine[i] for i in sorted(picked[:half])]
        queries += [mine[i] for i in sorted(picked[half:])]
    return index, queries


def macro(values: Sequence[float], senses: Sequence[str]) -> float:
    """Mean over senses of the mean of their values."""
    by_sense: dict[str, list[float]] = {}
    for value, sense in zip(values, senses, strict=True):
        by_sense.setdefault(sense, []).append(value)
    return float(np.mean([np.mean(v) for v in by_sense.values()])) if by_sense else 0.0


def random_baseline(index_senses: Sequence[str], query_senses: Sequence[str]) -> float:
    """Expected P@k of a random ranking: each queried sense's share of the index part,
    averaged over the queried senses."""
    total = len(index_senses)
    queried = sorted(set(query_senses))
    return float(np.mean([index_senses.count(s) / total for s in queried])) if queried else 0.0


def marked(occurrence: Occurrence) -> str:
    words = list(occurrence.words)
    words[occurrence.target] = f"[[{words[occurrence.target]}]]"
    return " ".join(words)


def evaluate(
    embedder: Embedder,
    data: Path,
    per_sense: int | None = 100,
    seed: int = 0,
    on_word: Callable[[WordResult], None] | None = None,
    expand: int = 0,
    vectors: str | None = None,
    scoring: str = "centred",
) -> RetrievalResult:
    from sensegrep.search.engine import Searcher, SearchRequest
    from sensegrep.storage import Index

    rng = np.random.default_rng(seed)
    result = RetrievalResult()
    folders = word_folders(data)
    with tempfile.TemporaryDirectory(prefix="sensegrep-eval-") as tmp:
        index = Index.open_for_writing(Path(tmp) / "index", embedder.config, vectors)
        try:
            parts = []
            for folder in folders:
                word = folder.name
                index_part, queries = split(read_word(folder), per_sense, rng)
                _store(index, word, index_part, embedder)
                parts.append((word, index_part, queries))
            index.compact()  # as the indexer does after a run (trains the vector codec)
            # The engine the API's SenseIndex.search runs, with this encoder.
            searching = Searcher(index, lambda: embedder)
            for word, index_part, queries in parts:
                if not queries:
                    continue
                precisions, firsts = [], []
                for query in queries:
                    values = {"word": word, "example": [marked(query)], "k": K,
                              "expand": expand, "scoring": scoring}  # fmt: skip
                    hits = searching.search(SearchRequest.from_values(values))
                    docs = [h.occurrence.doc for h in hits]
                    got = [index_part[int(doc.rsplit("#", 1)[1])].sense for doc in docs]
                    precisions.append(sum(s == query.sense for s in got) / len(got))
                    firsts.append(float(got[0] == query.sense))
                senses = [q.sense for q in queries]
                found = WordResult(
                    word,
                    len(set(senses)),
                    len(index_part),
                    len(queries),
                    macro(precisions, senses),
                    macro(firsts, senses),
                    float(np.mean(firsts)),
                    random_baseline([o.sense for o in index_part], senses),
                )
                result.words.append(found)
                if on_word:
                    on_word(found)
        finally:
            index.close()
    return result


def _store(index: object, word: str, occurrences: Sequence[Occurrence], embedder: Embedder) -> None:
    """One document per sentence (id ``word#n``); only the target token gets a vector."""
    from sensegrep.document import Document, Sentence, Token
    from sensegrep.storage import PreparedDocument

    if not occurrences:
        return
    embedded = embedder.embed([o.words for o in occurrences])
    prepared = []
    for n, occ in enumerate(occurrences):
        tokens, start = [], 0
        for i, form in enumerate(occ.words):
            is_target = i == occ.target
            tokens.append(
                Token(
                    form,
                    start,
                    start + len(form),
                    word if is_target else None,
                    "NOUN" if is_target else "X",
                )
            )
            start += len(form) + 1
        document = Document(f"{word}#{n}", " ".join(occ.words), [Sentence(tokens)])
        rows = [-1] * len(tokens)
        rows[occ.target] = n
        prepared.append(PreparedDocument(document, f"{word}-{n}", "coarsewsd20", [rows]))
    vectors = np.stack([vecs[o.target] for vecs, o in zip(embedded, occurrences, strict=True)])
    index.add_batch(prepared, vectors.astype(np.float32))  # type: ignore[attr-defined]
