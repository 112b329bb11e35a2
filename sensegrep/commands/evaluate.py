"""``sensegrep eval``: measure the vectors and the search on public sense-annotated data
(WiC, CoarseWSD-20, all-words WSD). Data paths are options; each task prints a markdown
table beside the published anchors, and ``--append FILE`` adds it to a markdown file
with the date and git commit.

Each task is one call of sensegrep/api/evaluation.py, imported by its command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from sensegrep.choices import SEARCH_SCORINGS, VECTOR_CODECS, WSD_METHODS
from sensegrep.commands.options import (
    MODEL_HELP,
    FiniteFloatRange,
    count_option,
    encoder_options,
    seed_option,
)

APPEND_HELP = "Also append the table (with date and git commit) to this markdown file."
append_option = click.option(
    "--append", "append_to", type=click.Path(path_type=Path, dir_okay=False), help=APPEND_HELP
)


def _given_path(name: str, help: str, *, file_okay: bool = True, dir_okay: bool = True) -> Callable:
    """A required option naming a file or folder that exists."""
    kind = click.Path(path_type=Path, exists=True, file_okay=file_okay, dir_okay=dir_okay)
    return click.option(name, type=kind, required=True, help=help)


def _emit(table: str, append_to: Path | None, notes: tuple[str, ...] = ()) -> None:
    """The table on stdout; with ``append_to``, it and its notes added to that file."""
    from sensegrep.api.evaluation import append_report

    click.echo(table)
    if append_to is not None:
        append_report(append_to, table, notes)
        click.echo(f"appended to {append_to}", err=True)


def _log(message: str) -> None:
    click.echo(message, err=True)


def _notes(notes: tuple[str, ...]) -> None:
    """An evaluation's notes on stderr (``Evaluation.notes``: --train and --test the
    same data, an index given that holds the test file)."""
    for note in notes:
        _log(f"note: {note}")


@click.group("eval")
def eval_group() -> None:
    """Evaluate sense vectors and search on WiC, CoarseWSD-20 and all-words WSD."""


@eval_group.command("wic")
@_given_path("--train", "WiC training split: folder or *.data.txt (gold beside it).")
@_given_path("--test", "WiC split to report: folder or *.data.txt.")
@encoder_options
@append_option
def wic(
    train: Path,
    test: Path,
    append_to: Path | None,
    **encoder: str | None,
) -> None:
    """Same sense or not: cosine of the two targets, threshold fitted on --train only."""
    from sensegrep.api.evaluation import evaluate_wic

    got = evaluate_wic(train, test, **encoder)
    _emit(got.table, append_to, got.notes)
    _notes(got.notes)


@eval_group.command("retrieval")
@_given_path(
    "--data", "CoarseWSD-20 folder (<word>/train.data.txt …) or one word's.", file_okay=False
)
@encoder_options
@count_option(
    "--per-sense",
    100,
    least=2,
    help="At most this many occurrences per sense, half indexed, half queried.",
)
@seed_option
@count_option("--expand", 0, least=0, help="Relevance feedback, as search --expand M.")
@click.option(
    "--scoring",
    type=click.Choice(SEARCH_SCORINGS),
    default=SEARCH_SCORINGS[0],
    show_default=True,
    help="How hits are scored, as search --scoring.",
)
@click.option(
    "--vectors",
    type=click.Choice(VECTOR_CODECS),
    help="Vector codec of the temporary index (default: a new index's).",
)
@append_option
def retrieval(
    data: Path,
    per_sense: int,
    seed: int,
    expand: int,
    scoring: str,
    vectors: str | None,
    append_to: Path | None,
    **encoder: str | None,
) -> None:
    """P@10 of sense search: each query sentence through Searcher.search against an
    index of the other half; macro over senses, then words."""
    from sensegrep.api.evaluation import evaluate_retrieval

    got = evaluate_retrieval(
        data,
        per_sense=per_sense,
        seed=seed,
        expand=expand,
        scoring=scoring,
        vectors=vectors,
        log=_log,
        **encoder,
    )
    _emit(got.table, append_to, got.notes)
    _notes(got.notes)


@eval_group.command("wsd")
@_given_path("--train", "Labelled Raganato XML (e.g. semcor.data.xml).", dir_okay=False)
@_given_path("--test", "Raganato XML to label (gold key beside it).", dir_okay=False)
@_given_path("--wordnet", "WordNet 3.0 dict folder: first-sense fallback.", file_okay=False)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="An index already built from --train (otherwise a temporary one).",
)
@click.option("--model", help=MODEL_HELP + " Only when --index is not given.")
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(WSD_METHODS),
    help="How a sense is chosen (repeat it for one table of several): the nearest WordNet "
    "sense vector, propagated (default: every sense has one), centroids (labelled senses "
    "only), synset, hypernym, glosses, lmms (propagated and glosses); or knn (the nearest "
    "labelled occurrences vote, as classify does).",
)
@click.option(
    "--sense-vectors",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="WordNet sense vectors made by `wordnet build` (default: the index's cached "
    "ones, built on first use).",
)
@click.option(
    "--gloss-weight",
    type=FiniteFloatRange(0, 1),
    help="The glosses' share of an lmms score (default 0.1, chosen on SemEval-2007; "
    "LMMS's concatenation is 0.5).",
)
@append_option
def wsd(
    train: Path,
    test: Path,
    wordnet: Path,
    index_dir: Path | None,
    model: str | None,
    methods: tuple[str, ...],
    sense_vectors: Path | None,
    gloss_weight: float | None,
    append_to: Path | None,
) -> None:
    """All-words WSD by nearest labelled occurrence (classify) or nearest WordNet sense
    vector, framework scoring."""
    from sensegrep.api.evaluation import evaluate_wsd

    got = evaluate_wsd(
        train,
        test,
        wordnet,
        index=index_dir,
        model=model,
        log=_log,
        methods=methods or ("propagated",),
        sense_vectors=sense_vectors,
        gloss_weight=gloss_weight,
    )
    _emit(got.table, append_to, got.notes)
    _notes(got.notes)


COMMANDS = [eval_group]
