"""Options that several commands share, declared once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from sensegrep.embedder.base import PRECISIONS

MODEL_HELP = "Encoder: mpnet (default), minilm, a model folder or cached hub name."
PROJECTION_HELP = (
    "Learned sense projection (from `sensegrep tune`): a file, a builtin, or none; "
    "default: the preset's (mpnet: mpnet-semcor, minilm: minilm-semcor)."
)
PRECISION_HELP = (
    "Number format the encoder runs in; default: the preset's (mpnet: bf16, others fp32). "
    "Recorded in the index, which then refuses any other."
)
ADAPTER_HELP = "LoRA adapter from `sensegrep tune --adapter` (a file or builtin), or none."


def encoder_options(func: Callable) -> Callable:
    """--model, --projection, --precision and --adapter, passed as keyword arguments."""
    options = [
        click.option("--model", help=MODEL_HELP),
        click.option("--projection", metavar="FILE|NAME|none", help=PROJECTION_HELP),
        click.option("--precision", type=click.Choice(PRECISIONS), help=PRECISION_HELP),
        click.option("--adapter", metavar="FILE|NAME|none", help=ADAPTER_HELP),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def load_encoder(
    model: str | None,
    projection: str | None = None,
    precision: str | None = None,
    adapter: str | None = None,
    **plain: Any,
) -> Any:
    """The embedder these options ask for (``plain``: layers, pooling), whatever index."""
    from sensegrep.embedder import embedder_for

    return embedder_for(
        None, model, projection=projection, precision=precision, adapter=adapter, **plain
    )
