"""All-words WSD by the nearest labelled occurrences (``classify_file``), scored like
the framework of Raganato et al. (2017): an answer counts when it is one of the
instance's gold keys (several answered keys share the credit); P = correct / answered,
R = correct / all instances, F1 = 2PR / (P + R)."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    if not path.is_file():
        raise SensegrepError(
            f"{name}: no such file; --test needs its gold key file beside it "
            "(instance_id key [key…] lines)"
        )
    return {k: v.split() for k, v in read_keys(path, name).items()}


@dataclass(frozen=True)
class MethodScore:
    """One method's score and where its answers came from (source → count)."""

    method: str
    score: Score
    sources: dict[str | None, int]


@dataclass
class WsdResult:
    score: Score
    from_neighbours: int
    from_wordnet: int
    model: str
    methods: list[MethodScore] = field(default_factory=list)  # in the order asked
    sense_vectors: dict[str, int] = field(default_factory=dict)  # senses per level
    glosses: int = 0  # gloss vectors made for this run
    instances: int = 0  # the --test file's instances
    no_gold: int = 0  # of them, those without a gold key: answered but never scored
    gold_only: int = 0  # gold keys of ids not in the --test file: unanswered, in R's total
    first_sense: Score | None = None  # WordNet's first sense alone, on these instances
    projection: str = ""  # the index's sense projection (a builtin name or a file), if any
    # of the instances, those whose sentence the index holds word for word, the same word
    # labelled there: each is labelled (in part) from its own labelled occurrence
    held: int = 0
    labelled: int = -1  # the index's labelled occurrences (not classify --apply guesses)
    # of the scored instances, those with no gold key among WordNet's senses of their
    # lemma and POS (labels of one's own, say): no WordNet answer can be right for them
    not_in_wordnet: int = 0
    # the most frequent label of each lemma and POS among the index's labelled
    # occurrences (WordNet's first sense where it has none), on these instances
    most_frequent: Score | None = None
    # the instances the first method left unanswered (no labelled occurrence of their
    # lemma and POS, and no WordNet sense), counted by their POS as read (None: none)
    unanswered_pos: dict[str | None, int] = field(default_factory=dict)


def evaluate(
    train: Path,
    test: Path,
    wordnet_dir: Path,
    index_dir: Path | None = None,
    model: str | None = None,
    log: Callable[[str], None] = lambda _m: None,
    methods: Sequence[str] = ("knn",),
    sense_vectors: Path | None = None,
    gloss_weight: float | None = None,
) -> WsdResult:
    """Score each of ``methods`` (:data:`sensegrep.choices.WSD_METHODS`) on ``test``:
    knn by classify's vote among ``train``'s labelled occurrences, the others by the
    nearest WordNet sense vector (``sense_vectors``: a file; else the index's cached
    ones, built once). The test sentences are embedded once for all of them."""
    from sensegrep.embedder import embedder_for
    from sensegrep.evaluate.report import describe
    from sensegrep.storage import Index
    from sensegrep.wordnet import WordNet

    wordnet = WordNet.open(wordnet_dir)
    gold = gold_of(test)
    with tempfile.TemporaryDirectory(prefix="sensegrep-wsd-") as tmp:
        if index_dir is None:
            index_dir = _temporary_index(train, Path(tmp) / "index", model, log)
        with Index.open(index_dir) as index:
            if model and index.embedder_config.model != model:
                raise SensegrepError(
                    f"--index {index_dir} was built with {index.embedder_config.model!r}, "
                    f"not --model {model!r}"
                )
            embedder = embedder_for(index.embedder_config)
            got = _score_methods(
                index, test, embedder, wordnet, gold, methods, sense_vectors, gloss_weight, log
            )
            used = describe(index.embedder_config)
            projection = index.embedder_config.projection
    first = got.methods[0]
    got.score = first.score
    got.from_neighbours = first.sources.get("neighbours", 0) + first.sources.get("sense_vectors", 0)
    got.from_wordnet = first.sources.get("wordnet", 0)
    got.model = used
    got.projection = projection
    return got


def _temporary_index(
    train: Path, folder: Path, model: str | None, log: Callable[[str], None]
) -> Path:
    from sensegrep.embedder import embedder_for
    from sensegrep.indexer.pipeline import Indexer, IndexOptions
    from sensegrep.storage import Index

    embedder = embedder_for(None, model)
    log(f"indexing {train} into a temporary index (SemCor takes ~10 min)")
    with Index.open_for_writing(folder, embedder.config) as writing:
        report = Indexer(writing, embedder, IndexOptions(format="raganato")).run([train])
    if report.errors:
        raise SensegrepError(str(report.errors[0]))
    return folder


def most_frequent(references: Any) -> str | None:
    """The most frequent label of labelled occurrences (an occurrence with several
    labels splits its count among them; ties to the first met), None for none."""
    if references is None:
        return None
    counts: dict[str, float] = {}
    for parts in references.labels:
        for part in parts:
            counts[part] = counts.get(part, 0.0) + 1 / len(parts)
    return max(counts, key=lambda label: counts[label]) if counts else None


def held_instances(
    index: Any, instances: Sequence[Any], sentences: Sequence[Sequence[str]]
) -> tuple[int, int]:
    """How many ``instances`` stand in a sentence that the index holds word for word,
    with the same word at the same place labelled (at indexing or by hand): a --test
    cut from the labelled data, in another file, is then labelled from itself. Also:
    how many labelled occurrences the index holds."""
    from sensegrep.labels.labelling import PREDICTED

    wanted = {(i.lemma.lower(), i.position) for i in instances}
    found: dict[int, set[int]] = {}  # sentence id → positions of its labelled words asked for
    labelled = 0
    for sentence_id, position, lemma, _pos, label, source in index.labelled_occurrences():
        if source != PREDICTED and label and label.strip():
            labelled += 1
            if (str(lemma).lower(), position) in wanted:
                found.setdefault(sentence_id, set()).add(position)
    if not found:
        return 0, labelled
    held = {
        (tuple(words), position)
        for sentence_id, words in index.sentence_words(sorted(found)).items()
        for position in found[sentence_id]
    }
    return sum((tuple(sentences[i.sentence]), i.position) in held for i in instances), labelled


def _score_methods(
    index: Any,
    test: Path,
    embedder: Any,
    wordnet: Any,
    gold: dict[str, list[str]],
    methods: Sequence[str],
    vectors_path: Path | None,
    gloss_weight: float | None,
    log: Callable[[str], None],
) -> WsdResult:
    from sensegrep.labels import sense_vectors as sv
    from sensegrep.labels.classify import (
        ReferenceCache,
        answer_instances,
        embed_instances,
        read_instances,
    )

    instances, sentences = read_instances(test)
    ids = {i.id for i in instances}
    if not ids & set(gold):
        raise SensegrepError(
            f"{test}: none of its {len(ids)} instance(s) has a key in its gold key file "
            f"({len(gold)} key line(s)); expected the *.gold.key.txt of this file"
        )
    queries = embed_instances(embedder, instances, sentences)
    result = WsdResult(Score(0, 0, 0), 0, 0, "")
    result.held, result.labelled = held_instances(index, instances, sentences)
    result.instances = len(ids)
    result.no_gold = len(ids - set(gold))
    result.gold_only = len(set(gold) - ids)
    firsts = {i.id: wordnet.first_sense(i.lemma, i.pos or "") for i in instances}
    result.not_in_wordnet = sum(
        1
        for i in instances
        if i.id in gold and not set(gold[i.id]) & set(wordnet.senses(i.lemma, i.pos or ""))
    )
    result.first_sense = score({k: [v] for k, v in firsts.items() if v}, gold)
    references = ReferenceCache(index)
    frequent = {
        i.id: most_frequent(references.get(i.lemma, i.pos)) or firsts[i.id] for i in instances
    }
    result.most_frequent = score({k: [v] for k, v in frequent.items() if v}, gold)
    vectors = None
    weight = sv.DEFAULT_GLOSS_WEIGHT if gloss_weight is None else gloss_weight
    for name in methods:
        if name == "knn":
            answers = answer_instances(references, instances, queries, wordnet=wordnet)
        else:
            how = sv.method(name, weight)
            if vectors is None:
                vectors = sv.for_index(index, wordnet, vectors_path, log)
                result.sense_vectors = vectors.counts()
            if how.uses_glosses:
                keys = sv.keys_of_lemmas(wordnet, {(i.lemma, i.pos) for i in instances})
                result.glosses += sv.add_glosses(vectors, embedder, wordnet, keys, log=log)
            answers = sv.answer_instances(vectors, wordnet, instances, queries, how)
        keyed = {a.instance_id: [a.label] for a in answers if a.label}
        sources = Counter(a.source for a in answers)
        if not result.methods:
            pos_of = {i.id: i.pos for i in instances}
            result.unanswered_pos = dict(
                Counter(pos_of[a.instance_id] for a in answers if not a.label)
            )
        result.methods.append(MethodScore(name, score(keyed, gold), dict(sources)))
    if vectors is not None and vectors_path is None and result.glosses:
        sv.save(vectors, sv.default_path(index, wordnet))  # the glosses, for the next run
    return result
