"""Evaluations on public sense-annotated data (``sensegrep eval``): WiC, CoarseWSD-20
retrieval and all-words WSD. Each returns its result with a markdown table of it beside
the published anchors, which :func:`append_report` adds to a file with the date and git
commit. The tasks themselves are in sensegrep/evaluate/.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.choices import DEFAULT_VECTOR_CODEC
from sensegrep.errors import SensegrepError

if TYPE_CHECKING:
    from sensegrep.evaluate.retrieval import RetrievalResult
    from sensegrep.evaluate.wic import WicResult
    from sensegrep.evaluate.wsd import WsdResult

Log = Callable[[str], None]


@dataclass(frozen=True)
class Evaluation:
    """An evaluation's result (the task's own record) and its markdown table; ``notes``:
    what the figures mean otherwise than the table says (the data the sense projection
    was trained on; --train and --test the same data; ``eval wsd --index`` on an index
    that holds the test file, or not the train file; ``eval retrieval`` words with
    fewer than 10 indexed occurrences)."""

    result: WicResult | RetrievalResult | WsdResult
    table: str
    notes: tuple[str, ...] = ()


def append_report(path: Path, table: str, notes: Sequence[str] = ()) -> None:
    """Append an evaluation's table to a markdown file, with its ``notes``
    (``Evaluation.notes``: what the figures mean otherwise than the table says), the
    command line, the date and the git commit it was measured at."""
    from sensegrep.evaluate.report import append

    text = table + "".join(f"\n\nNote: {note}" for note in notes)
    append(path, text)


def evaluate_wic(train: Path, test: Path, **encoder: Any) -> Evaluation:
    """Same sense or not: the cosine of the two targets of a WiC pair, its threshold
    fitted on ``train`` only, accuracy reported on ``test`` (a WiC folder or
    *.data.txt, gold beside it). ``encoder``: the settings of :func:`load_encoder`."""
    from sensegrep.api.embedding import load_encoder
    from sensegrep.evaluate import wic
    from sensegrep.evaluate.report import describe, pct, table

    embedder = load_encoder(**encoder)
    started = time.perf_counter()
    got = wic.evaluate(embedder, train, test)
    text = table(
        "WiC",
        {
            "model": describe(embedder.config),
            "train": f"{train} ({got.train_pairs} pairs)",
            "test": f"{test} ({got.test_pairs} pairs)",
            "threshold (fitted on train)": f"{got.threshold:.4f}",
            "seconds": f"{time.perf_counter() - started:.0f}",
        },
        [
            (
                "accuracy on test",
                pct(got.test_accuracy),
                "BERT-large 65.5, context2vec 59.3, ELMo 57.7 (WiC test)",
            ),
            ("accuracy on train", pct(got.train_accuracy), ""),
        ],
    )
    why = "the threshold was fitted on the pairs it is scored on"
    notes = _trained_on_notes(embedder.config.projection, "--test", "add --projection none")
    return Evaluation(got, text, notes + _same_split(train, test, why))


def _trained_on_notes(projection: str, test: str, plain: str) -> tuple[str, ...]:
    """What the sense projection the vectors went through was trained on, whenever one
    did (the presets' default does: SemCor): its labels shaped the vector space, so a
    ``test`` drawn from that data is not unseen, whatever its file. ``plain``: how to
    score without it."""
    from sensegrep.embedder.projection import trained_on

    if not projection:
        return ()
    return (
        f"the vectors went through the sense projection {projection}, trained on "
        f"{trained_on(projection)}: a {test} drawn from that data is not unseen data (its "
        f"labels shaped the vector space); to score without it, {plain}",
    )


def _same_split(train: Path, test: Path, why: str) -> tuple[str, ...]:
    """A note when ``train`` and ``test`` are one file: the figures are then no measure
    of quality (WSD F1 100.0 beside the published anchors, without a word)."""
    if _data_file(train) != _data_file(test):
        return ()
    return (
        f"--train and --test are the same data ({test}): {why}, so these figures say "
        "nothing of how well it does on unseen data",
    )


def _data_file(path: Path) -> Path:
    """A split's data file: a folder's one *.data.txt (WiC), else the file itself."""
    path = Path(path)
    found = sorted(path.glob("*.data.txt")) if path.is_dir() else []
    return (found[0] if len(found) == 1 else path).resolve()


def evaluate_retrieval(
    data: Path,
    *,
    per_sense: int = 100,
    seed: int = 0,
    expand: int = 0,
    vectors: str | None = None,
    scoring: str = "centred",
    log: Log | None = None,
    **encoder: Any,
) -> Evaluation:
    """P@10 of sense search on CoarseWSD-20 (``data``: its folder, or one word's): at
    most ``per_sense`` occurrences per sense, half indexed into a temporary index
    (vector codec ``vectors``), half run as queries through :meth:`SenseIndex.search`
    (``expand``: relevance feedback; ``scoring``: as search's); macro over senses, then
    words. ``log`` gets a line per word as it is done. ``encoder``: the settings of
    :func:`load_encoder`."""
    from sensegrep.api.embedding import load_encoder
    from sensegrep.evaluate import retrieval
    from sensegrep.evaluate.report import describe, pct, table

    embedder = load_encoder(**encoder)
    started = time.perf_counter()

    say = log or _quiet

    def progress(word: retrieval.WordResult) -> None:
        say(
            f"{word.word}: P@10 {pct(word.precision)}, 1-NN {pct(word.one_nn)}, "
            f"random {pct(word.random)} ({word.queries} queries)"
        )

    got = retrieval.evaluate(embedder, data, per_sense, seed, progress, expand, vectors, scoring)
    queries = sum(w.queries for w in got.words)
    text = table(
        "CoarseWSD-20 retrieval",
        {
            "model": describe(embedder.config),
            "data": f"{data} ({len(got.words)} words)",
            "split": f"per sense at most {per_sense} occurrences, half indexed, half queried "
            f"(seed {seed}); {sum(w.indexed for w in got.words)} indexed, {queries} queries",
            "path": "each query run through Searcher.search(SearchRequest(word, example=[[…]], "
            f"k=10, expand={expand}, scoring={scoring})) on a temporary index",
            "vectors": _codec_of(vectors, sum(w.indexed for w in got.words)),
            "averaging": "over the queries of a sense, then senses, then words",
            "seconds": f"{time.perf_counter() - started:.0f}",
        },
        [
            ("P@10", pct(got.mean("precision")), ""),
            ("1-NN accuracy (macro)", pct(got.mean("one_nn")), ""),
            (
                "1-NN accuracy (micro within word, mean of words)",
                pct(got.mean("one_nn_micro")),
                "BERT-base 95.7, BERT-large 96.7; MFS 73.4 (full test split, not balanced)",
            ),
            ("random ranking, expected P@10", pct(got.mean("random")), ""),
        ],
    )
    # A word with fewer indexed occurrences than the 10 ranked returns all of them to
    # every query: its P@10 is then the random baseline whatever the ranking.
    notes = _trained_on_notes(embedder.config.projection, "--data", "add --projection none")
    notes += tuple(
        f"{w.word}: only {w.indexed} indexed occurrences, fewer than the {retrieval.K} "
        "ranked, so every query gets all of them and its P@10 equals the random baseline "
        "whatever the ranking; raise --per-sense"
        for w in got.words
        if w.indexed < retrieval.K
    )
    return Evaluation(got, text, notes)


def evaluate_wsd(
    train: Path,
    test: Path,
    wordnet: Path,
    *,
    index: Path | None = None,
    model: str | None = None,
    log: Log | None = None,
    methods: Sequence[str] = ("propagated",),
    sense_vectors: Path | None = None,
    gloss_weight: float | None = None,
) -> Evaluation:
    """All-words WSD, scored as the Raganato framework does: ``test`` (Raganato XML,
    gold key beside it) labelled from ``train``'s labelled occurrences. ``methods``
    (``choices.WSD_METHODS``, default propagated alone): ``knn`` as ``classify FILE`` (the
    nearest labelled occurrences; WordNet's first sense where a lemma and POS has none),
    the others by the nearest WordNet sense vector of the lemma and POS
    (labels/sense_vectors.py: ``sense_vectors`` a file made by ``wordnet build``, else
    the index's cached ones, built on first use; ``gloss_weight`` the glosses' share in
    ``lmms``). Several methods give one table, a row each. ``index``: one already built
    from ``train``, else a temporary one is built with ``model``; ``log`` gets what
    takes long."""
    from sensegrep.api.comparing import _index_has_vectors
    from sensegrep.choices import WSD_METHODS
    from sensegrep.evaluate import wsd

    unknown = [m for m in methods if m not in WSD_METHODS]
    if unknown or not methods:
        raise SensegrepError(
            f"unknown WSD method {', '.join(unknown) or '(none)'}; "
            f"expected {', '.join(WSD_METHODS)}"
        )
    _index_has_vectors(index, "evaluate wsd on the index")
    started = time.perf_counter()
    got = wsd.evaluate(
        train, test, wordnet, index, model, log or _quiet, methods, sense_vectors, gloss_weight
    )
    seconds = time.perf_counter() - started
    plain = "index --train with --projection none and give that --index"
    notes = _trained_on_notes(got.projection, "--test", plain)
    if index is None:
        same = _same_split(train, test, "each test instance is labelled from itself")
        notes += same or _held_notes(got, "the temporary index of --train")
    else:
        notes += _index_notes(index, train, test, got)
    if got.labelled == 0:
        where = f"--train {train}" if index is None else f"--index {index}"
        notes += (
            f"{where} holds no labelled occurrence (no gold key file beside it?): every "
            "answer is WordNet's first sense or none, whatever the method",
        )
    notes += _gold_notes(got, test) + _unanswered_notes(got)
    if list(methods) == ["knn"]:
        return Evaluation(got, _knn_table(got, train, test, index, seconds), notes)
    return Evaluation(got, _methods_table(got, train, test, index, seconds, gloss_weight), notes)


def _gold_notes(got: WsdResult, test: Path) -> tuple[str, ...]:
    """What the scores leave out unseen: instances of ``test`` without a gold key (the
    framework scores only keyed ones, though the table counts them as answered), and
    keys of ids not in ``test`` (in R's total, never answered)."""
    notes = []
    if got.no_gold:
        keyed = got.instances - got.no_gold
        over = (
            f"P is over the other {keyed}, R and F1 over the {keyed + got.gold_only} ids of "
            "its gold key file"
            if got.gold_only
            else f"P, R and F1 are over the other {keyed}"
        )
        notes.append(
            f"{got.no_gold} of the {got.instances} --test instances have no gold key: they "
            f"are not scored ({over}), though the table counts them as answered"
        )
    if got.not_in_wordnet:
        notes.append(
            f"{got.not_in_wordnet} of the {got.instances - got.no_gold} scored --test "
            "instances have no gold key among WordNet's senses of their lemma and POS (labels "
            "that are no WordNet sense keys): WordNet's first sense and the sense-vector "
            "methods cannot answer them right, so its baseline row is no baseline for them; "
            "compare with --method knn and the most frequent label's row"
        )
    if got.gold_only:
        notes.append(
            f"the gold key file of {test} has {got.gold_only} id(s) that are not instances "
            "of it: counted unanswered in R's total"
        )
    return tuple(notes)


def _unanswered_notes(got: WsdResult) -> tuple[str, ...]:
    """Instances no answer was found for, and their POS: a --test whose pos attributes
    are not the index's tags (``N``, or none) matches no labelled occurrence, and F1 0.0
    said nothing of why."""
    left = sum(got.unanswered_pos.values())
    if not left:
        return ()
    tags = ", ".join(
        f"{pos or '(none)'} ({count})"
        for pos, count in sorted(got.unanswered_pos.items(), key=lambda item: -item[1])
    )
    return (
        f"{left} of the {got.instances} --test instances got no answer (wrong in R and F1 "
        "where they have a gold key): "
        "neither a labelled occurrence of their lemma with their POS nor a WordNet sense; "
        f"their POS as read from --test: {tags} (labelled occurrences are matched by lemma "
        "and Universal POS, NOUN, VERB, ADJ, ADV…, as the index tags them)",
    )


def _held_notes(got: WsdResult, where: str) -> tuple[str, ...]:
    """Test instances whose sentences the index holds labelled, from another file (a
    document cut from the training data, or a sentence common to both, as "I looked at
    my watch ." is to SemCor and SemEval-2007): each is labelled from itself."""
    if not got.held:
        return ()
    return (
        f"{got.held} of the {got.instances} --test instances stand in sentences that "
        f"{where} holds word for word, the same word labelled there: each is labelled "
        "from itself, so for them these figures are not of unseen data; hold those "
        "sentences out",
    )


def _index_notes(index: Path, train: Path, test: Path, got: WsdResult) -> tuple[str, ...]:
    """What an index given to ``eval wsd`` holds otherwise than its table says: the
    test file itself (each instance then labelled from itself), or its sentences from
    another file, or not the train file (the labelled occurrences are the index's own;
    ``train`` is not read)."""
    from sensegrep.indexer.pipeline import content_digests
    from sensegrep.storage import Index

    def held(path: Path) -> bool | None:
        try:
            return any(stored.has_file(sha) for sha in content_digests(path))
        except OSError:
            return None

    with Index.open(index, lease=False) as stored:
        has_test, has_train = held(test), held(train)
        projection = stored.embedder_config.projection
    notes = list(_projection_notes(projection, test))
    if has_test:
        notes.append(
            f"--index {index} holds --test {test} itself: each test instance is labelled "
            "from itself, so these figures say nothing of how well it does on unseen data"
        )
    else:
        notes += _held_notes(got, f"--index {index}")
    if has_train is False:
        notes.append(
            f"--index {index} was not built from --train {train} (none of its files has that "
            "content): the instances were labelled from the index's own labelled "
            "occurrences; --train is not read when --index is given"
        )
    return tuple(notes)


def _projection_notes(projection: str, test: Path) -> tuple[str, ...]:
    """Whether the index's projection, a file of the user's from ``tune``, was tuned on
    an index that holds the ``test`` file, or its instances' sentences with the same
    words labelled (labels held out but left in that index): its labels then shaped the
    vector space."""
    from sensegrep.embedder.projection import BUILTIN, Projection
    from sensegrep.evaluate.wsd import held_instances
    from sensegrep.indexer.pipeline import content_digests
    from sensegrep.labels.classify import read_instances
    from sensegrep.storage import Index

    if not projection or projection in BUILTIN or not Path(projection).is_file():
        return ()
    held = instances = 0
    try:
        tuned_on = Projection.load(Path(projection)).details.get("index")
        if not tuned_on or not Path(tuned_on).is_dir():
            return ()
        with Index.open(Path(tuned_on), lease=False) as source:
            holds_test = any(source.has_file(sha) for sha in content_digests(test))
            if not holds_test:  # its sentences labelled there, from another file or by hand
                found, sentences = read_instances(test)
                held, instances = held_instances(source, found, sentences)[0], len(found)
    except (OSError, SensegrepError):
        return ()
    if holds_test:
        return (
            f"the index's projection {projection} was tuned on the index {tuned_on}, which "
            f"holds --test {test}: its labels shaped the vector space, so these figures are "
            "not of unseen data; tune on an index without the test file",
        )
    if held:
        return (
            f"{held} of the {instances} --test instances stand in sentences that the index "
            f"{tuned_on}, on which the index's projection {projection} was tuned, holds word "
            "for word with the same word labelled (tune learns from every labelled occurrence "
            "of its index): labelled there when tune ran, their labels shaped the vector "
            "space, so for them these figures are not of unseen data; tune on an index "
            "without those labels",
        )
    return ()


def _knn_table(got: WsdResult, train: Path, test: Path, index: Path | None, seconds: float) -> str:
    from sensegrep.api.labelling import classify_settings
    from sensegrep.evaluate.report import pct, table

    k, weighting = classify_settings()
    return table(
        "All-words WSD",
        {
            "model": got.model,
            "train": f"{train}" + (f" (index {index})" if index else " (temporary index)"),
            "test": str(test),
            "classify": f"k={k}, {weighting}; WordNet first sense when the "
            f"lemma+POS has no labelled occurrence ({got.from_neighbours} from neighbours, "
            f"{got.from_wordnet} from WordNet)",
            "seconds": f"{seconds:.0f}",
        },
        [
            ("P", pct(got.score.precision), ""),
            ("R", pct(got.score.recall), ""),
            ("F1", pct(got.score.f1), _WSD_ANCHOR),
            *_first_sense_row(got),
        ],
    )


_WSD_ANCHOR = "SemEval-2007: first sense 55.2, LMMS (BERT-large 1-NN) 66.4, ELMo 62.2"
_METHOD_HELP = {
    "knn": "k-NN over labelled occurrences (classify's default vote) + first sense",
    "centroids": "1-NN: centroids of labelled senses only + first sense",
    "synset": "1-NN: + synset propagation",
    "hypernym": "1-NN: + hypernym propagation",
    "propagated": "1-NN: + lexname propagation (every sense has a vector)",
    "glosses": "1-NN: gloss vectors alone",
    "lmms": "1-NN: propagated + glosses (LMMS)",
}


def _methods_table(
    got: WsdResult,
    train: Path,
    test: Path,
    index: Path | None,
    seconds: float,
    gloss_weight: float | None,
) -> str:
    from sensegrep.api.labelling import classify_settings
    from sensegrep.evaluate.report import pct
    from sensegrep.labels.sense_vectors import DEFAULT_GLOSS_WEIGHT

    k, weighting = classify_settings()
    levels = ", ".join(f"{name} {count:,}" for name, count in got.sense_vectors.items())
    weight = DEFAULT_GLOSS_WEIGHT if gloss_weight is None else gloss_weight
    settings = {
        "model": got.model,
        "train": f"{train}" + (f" (index {index})" if index else " (temporary index)"),
        "test": str(test),
        "knn": f"k={k}, {weighting}",
        "sense vectors by level": levels or "not used",
        "gloss weight (lmms)": f"{weight:g}; {got.glosses:,} gloss vectors embedded",
        "seconds": f"{seconds:.0f}",
    }
    lines = ["### All-words WSD: methods", ""]
    lines += [f"- {name}: {value}" for name, value in settings.items()]
    lines += [
        "",
        "| method | P | R | F1 | answered by the method / first sense / none |",
        "|---|---|---|---|---|",
    ]
    for row in got.methods:
        own = row.sources.get("neighbours", 0) + row.sources.get("sense_vectors", 0)
        answered = f"{own} / {row.sources.get('wordnet', 0)} / {row.sources.get(None, 0)}"
        lines.append(
            f"| `{row.method}`: {_METHOD_HELP[row.method]} | {pct(row.score.precision)} | "
            f"{pct(row.score.recall)} | {pct(row.score.f1)} | {answered} |"
        )
    for name, baseline in ((_FIRST_SENSE, got.first_sense), (_MOST_FREQUENT, got.most_frequent)):
        if baseline is not None:
            lines.append(
                f"| {name} | {pct(baseline.precision)} | {pct(baseline.recall)} | "
                f"{pct(baseline.f1)} | |"
            )
    return "\n".join(lines)


def _first_sense_row(got: WsdResult) -> list[tuple[str, str, str]]:
    """WordNet's first sense alone, and the labelled data's most frequent label, scored
    on the same instances (the anchor's 55.2 is of the whole SemEval-2007 set, whatever
    --test is)."""
    from sensegrep.evaluate.report import pct

    rows = []
    if got.first_sense is not None:
        rows.append((f"F1, {_FIRST_SENSE}", pct(got.first_sense.f1), ""))
    if got.most_frequent is not None:
        rows.append((f"F1, {_MOST_FREQUENT}", pct(got.most_frequent.f1), ""))
    return rows


_FIRST_SENSE = "WordNet's first sense alone (baseline, on these instances)"
_MOST_FREQUENT = (
    "the lemma's most frequent label among the labelled occurrences, WordNet's first "
    "sense where it has none (baseline, on these instances)"
)


def _quiet(_message: str) -> None:
    pass


def _codec_of(asked: str | None, indexed: int | None = None) -> str:
    """The temporary index's vector codec: the one asked for (or a new index's), or f16
    where it held too few ``indexed`` vectors to train that one."""
    from sensegrep.storage.vectors import TRAIN_MIN

    codec = asked or DEFAULT_VECTOR_CODEC
    if codec == "f16":
        return "f16"
    if indexed is not None and indexed < TRAIN_MIN[codec]:
        return (
            f"f16: the temporary index held {indexed:,} vectors, fewer than the "
            f"{TRAIN_MIN[codec]:,} {codec} is trained on"
        )
    return f"{codec} (trained once the index holds {TRAIN_MIN[codec]:,} vectors; f16 before)"
