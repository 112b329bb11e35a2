"""``sensegrep eval``: measure the vectors and the search on public sense-annotated data
(WiC, CoarseWSD-20, all-words WSD). Data paths are options; each task prints a markdown
table beside the published anchors, and ``--append FILE`` adds it to a markdown file
with the date and git commit.

Only click and the session are imported at module level.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from sensegrep.commands.options import MODEL_HELP, encoder_options, load_encoder

APPEND_HELP = "Also append the table (with date and git commit) to this markdown file."


def _emit(text: str, append_to: Path | None) -> None:
    from sensegrep.evaluate import report

    click.echo(text)
    if append_to is not None:
        report.append(append_to, text)
        click.echo(f"appended to {append_to}", err=True)


@click.group("eval")
def eval_group() -> None:
    """Evaluate sense vectors and search on WiC, CoarseWSD-20 and all-words WSD."""


@eval_group.command("wic")
@click.option(
    "--train",
    type=click.Path(path_type=Path, exists=True),
    required=True,
    help="WiC training split: folder or *.data.txt (gold beside it).",
)
@click.option(
    "--test",
    type=click.Path(path_type=Path, exists=True),
    required=True,
    help="WiC split to report: folder or *.data.txt.",
)
@encoder_options
@click.option(
    "--append", "append_to", type=click.Path(path_type=Path, dir_okay=False), help=APPEND_HELP
)
def wic(
    train: Path,
    test: Path,
    append_to: Path | None,
    **encoder: str | None,
) -> None:
    """Same sense or not: cosine of the two targets, threshold fitted on --train only."""
    from sensegrep.evaluate import wic as task
    from sensegrep.evaluate.report import describe, pct, table

    embedder = load_encoder(**encoder)
    started = time.perf_counter()
    got = task.evaluate(embedder, train, test)
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
    _emit(text, append_to)


@eval_group.command("retrieval")
@click.option(
    "--data",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    required=True,
    help="CoarseWSD-20 folder (<word>/train.data.txt …) or one word's.",
)
@encoder_options
@click.option(
    "--per-sense",
    type=click.IntRange(min=2),
    default=100,
    show_default=True,
    help="At most this many occurrences per sense, half indexed, half queried.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--expand",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Relevance feedback, as search --expand M.",
)
@click.option(
    "--vectors",
    type=click.Choice(["f16", "sq8", "sq4", "pq"]),
    help="Vector codec of the temporary index (default: a new index's).",
)
@click.option(
    "--append", "append_to", type=click.Path(path_type=Path, dir_okay=False), help=APPEND_HELP
)
def retrieval(
    data: Path,
    per_sense: int,
    seed: int,
    expand: int,
    vectors: str | None,
    append_to: Path | None,
    **encoder: str | None,
) -> None:
    """P@10 of sense search: each query sentence through Searcher.search against an
    index of the other half; macro over senses, then words."""
    from sensegrep.evaluate import retrieval as task
    from sensegrep.evaluate.report import describe, pct, table

    embedder = load_encoder(**encoder)
    started = time.perf_counter()

    def progress(word: task.WordResult) -> None:
        click.echo(
            f"{word.word}: P@10 {pct(word.precision)}, 1-NN {pct(word.one_nn)}, "
            f"random {pct(word.random)} ({word.queries} queries)",
            err=True,
        )

    got = task.evaluate(embedder, data, per_sense, seed, progress, expand, vectors)
    queries = sum(w.queries for w in got.words)
    text = table(
        "CoarseWSD-20 retrieval",
        {
            "model": describe(embedder.config),
            "data": f"{data} ({len(got.words)} words)",
            "split": f"per sense at most {per_sense} occurrences, half indexed, half queried "
            f"(seed {seed}); {sum(w.indexed for w in got.words)} indexed, {queries} queries",
            "path": "each query run through Searcher.search(SearchRequest(word, example=[[…]], "
            f"k=10, expand={expand})) on a temporary index",
            "vectors": _codec_of(vectors),
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
    _emit(text, append_to)


@eval_group.command("wsd")
@click.option(
    "--train",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    required=True,
    help="Labelled Raganato XML (e.g. semcor.data.xml).",
)
@click.option(
    "--test",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    required=True,
    help="Raganato XML to label (gold key beside it).",
)
@click.option(
    "--wordnet",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    required=True,
    help="WordNet 3.0 dict folder: first-sense fallback.",
)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="An index already built from --train (otherwise a temporary one).",
)
@click.option("--model", help=MODEL_HELP + " Only when --index is not given.")
@click.option(
    "--append", "append_to", type=click.Path(path_type=Path, dir_okay=False), help=APPEND_HELP
)
def wsd(
    train: Path,
    test: Path,
    wordnet: Path,
    index_dir: Path | None,
    model: str | None,
    append_to: Path | None,
) -> None:
    """All-words WSD by nearest labelled occurrence (classify), framework scoring."""
    from sensegrep.evaluate import wsd as task
    from sensegrep.evaluate.report import pct, table
    from sensegrep.labels.classify import DEFAULT_K, DEFAULT_WEIGHTING

    started = time.perf_counter()
    got = task.evaluate(train, test, wordnet, index_dir, model, lambda m: click.echo(m, err=True))
    text = table(
        "All-words WSD",
        {
            "model": got.model,
            "train": f"{train}" + (f" (index {index_dir})" if index_dir else " (temporary index)"),
            "test": str(test),
            "classify": f"k={DEFAULT_K}, {DEFAULT_WEIGHTING}; WordNet first sense when the "
            f"lemma+POS has no labelled occurrence ({got.from_neighbours} from neighbours, "
            f"{got.from_wordnet} from WordNet)",
            "seconds": f"{time.perf_counter() - started:.0f}",
        },
        [
            ("P", pct(got.score.precision), ""),
            ("R", pct(got.score.recall), ""),
            (
                "F1",
                pct(got.score.f1),
                "SemEval-2007: first sense 55.2, LMMS (BERT-large 1-NN) 66.4, ELMo 62.2",
            ),
        ],
    )
    _emit(text, append_to)


COMMANDS = [eval_group]


def _codec_of(asked: str | None) -> str:
    from sensegrep.storage.vectors import DEFAULT_CODEC, TRAIN_MIN

    codec = asked or DEFAULT_CODEC
    if codec == "f16":
        return "f16"
    return f"{codec} (trained once the index holds {TRAIN_MIN[codec]:,} vectors; f16 before)"
