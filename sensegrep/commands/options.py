"""Options that several commands share, declared once."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sensegrep.choices import LISTING_FORMATS, PRECISIONS, RUNTIMES, chosen_words

MODEL_HELP = "Encoder: mpnet (default), minilm, a model folder or cached hub name."
PROJECTION_HELP = (
    "Learned sense projection (from `sensegrep tune`): a file, a builtin, or none; "
    "default: the preset's (mpnet: mpnet-semcor, minilm: minilm-semcor)."
)
PRECISION_HELP = (
    "Number format the encoder runs in; default: the preset's (mpnet: fp32 on onnx, bf16 "
    "on torch; others fp32). "
    "Recorded in the index, which then refuses any other."
)
RUNTIME_HELP = (
    "What runs the encoder: torch, or onnx (ONNX Runtime on an exported copy, cached); "
    "default: the preset's (mpnet: onnx, others torch). Recorded in the index."
)
ADAPTER_HELP = "LoRA adapter from `sensegrep tune --adapter` (a file or builtin), or none."


class FiniteFloatRange(click.FloatRange):
    """click's FloatRange, refusing nan and inf as the usage error it gives a number out
    of range: click lets them through its bounds, and they failed deep inside (`index
    --cpus-per-worker nan` was a traceback)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


class VectorsForChoice(click.Choice):
    """``--vectors-for all|none``; a list of words (``bank,spring``), which the name reads
    as taking, is refused with the way to give vectors to chosen words: a text-only index,
    then ``vectors add`` (click's "is not one of 'all', 'none'" left that unsaid)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            words = chosen_words(value, self.choices)
            if not words:
                raise
            self.fail(
                f"{value!r} is not one of 'all', 'none'. For vectors of chosen words, "
                "index with --vectors-for none, then add theirs: `sensegrep vectors add "
                f"{' '.join(words)}`",
                param,
                ctx,
            )


def encoder_options(func: Callable) -> Callable:
    """--model, --projection, --precision, --runtime and --adapter, passed as keyword arguments
    (those of sensegrep.api.load_encoder)."""
    options = [
        click.option("--model", help=MODEL_HELP),
        click.option("--projection", metavar="FILE|NAME|none", help=PROJECTION_HELP),
        click.option("--precision", type=click.Choice(PRECISIONS), help=PRECISION_HELP),
        click.option("--runtime", type=click.Choice(RUNTIMES), help=RUNTIME_HELP),
        click.option("--adapter", metavar="FILE|NAME|none", help=ADAPTER_HELP),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def output_option(
    help: str, *, required: bool = True, folder: bool = False, short: bool = True
) -> Callable:
    """``-o/--output``: a file (or, ``folder``, a folder) the command writes. ``-``
    is standard output where the command writes there without ``-o`` (not
    ``required``), as in most Unix tools; elsewhere it is refused, never a file named
    "-" written unsaid."""
    names = ["-o", "--output"] if short else ["--output"]
    kind = click.Path(path_type=Path, dir_okay=folder, file_okay=not folder)

    def dash(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is None or str(value) != "-":
            return value
        if not required:
            return None
        what = "a folder" if folder else "a file"
        raise click.BadParameter(f"writes {what}, not standard output: give its name")

    return click.option(*names, type=kind, required=required, help=help, callback=dash)


def count_option(
    name: str, default: int, *, least: int = 1, most: int | None = None, help: str | None = None
) -> Callable:
    """A whole-number option from ``least`` (to ``most``), its default shown."""
    kind = click.IntRange(min=least, max=most)
    return click.option(name, type=kind, default=default, show_default=True, help=help)


def seed_option(func: Callable) -> Callable:
    """--seed of a random choice (0 unless given)."""
    return click.option("--seed", type=int, default=0, show_default=True)(func)


def listing_format_option(func: Callable) -> Callable:
    """--format of a plain listing: text (default) or jsonl."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(LISTING_FORMATS),
        default="text",
        show_default=True,
        help="text: a table to read; jsonl: one JSON object a row, for scripts.",
    )(func)


# CSV and TSV output: a text cell a spreadsheet would run as a formula is quoted
# (sensegrep/cells.py); this writes every cell as it is.
raw_csv_option = click.option(
    "--raw-csv",
    "raw_csv",
    is_flag=True,
    help="CSV/TSV: write text cells as they are. By default a cell beginning with = + - @ "
    "(or a tab or carriage return) gets a leading ' so that a spreadsheet shows it as "
    "text instead of running it as a formula; numbers are never changed.",
)
