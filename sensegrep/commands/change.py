"""``sensegrep change``: words ranked by semantic change between two groups of
documents. Its options are derived from its declaration in sensegrep/request.py
(``STATISTICS["change"]``) as every statistic's are, except that ``--between`` takes
its two groups in one option (``--between ..1899 1900..``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from sensegrep import output
from sensegrep.commands.search import request_option
from sensegrep.commands.statistics import statistic_options
from sensegrep.request import Param, without_defaults
from sensegrep.session import Session


def _option(param: Param, command: str) -> Callable:
    if param.name != "between":
        return request_option(param, command)
    return click.option(
        "--between", "between", nargs=2, metavar="A B", default=None, help=param.help
    )


change_options = statistic_options("change", _option)


@click.command()
@change_options
@click.pass_obj
def change(session: Session, fmt: str, raw_csv: bool, **options: Any) -> None:
    """Words ranked by semantic change between two groups of documents: --by a
    metadata field, --between A B two of its values or ranges (as --where writes them:
    --between ..1899 1900..).

    Two measures, those of SemEval-2020 Task 1 (graded change): apd, the average cosine
    distance between the word's occurrence vectors in A and in B (every pair of at most
    --apd-sample occurrences a group, a seeded sample); jsd, the Jensen–Shannon
    divergence (base 2, 0 to 1) of its sense distributions in A and in B, in its current
    sense run (`sensegrep senses WORD`). A word without a run has no jsd unless
    --induce makes one (stored). where_a and where_b are the --where conditions that
    list each group's lines (`sensegrep search WORD --where …`); `sensegrep senses WORD
    --by FIELD` shows its timeline."""
    options["between"] = list(options["between"] or ())
    source = click.get_current_context().get_parameter_source("min_freq")
    if source is not click.core.ParameterSource.COMMANDLINE:
        options.pop("min_freq", None)  # its default: --words with it is no mistake
    index = session.index()
    table = index.change(**without_defaults(options))
    # And its notes: words without a run, runs --induce made.
    output.write_table(table, fmt, raw_csv=raw_csv)
    # Each group as its tokens were counted: by=A and the --where beside it (the line
    # said "A (year=..1899)" over a count of --where genre=news's part of it alone).
    a, b = (" & ".join(where) for where in (table.where_a, table.where_b))
    docs = f" & --doc {','.join(options['doc'])}" if options.get("doc") else ""
    click.echo(
        f"groups: A ({a}{docs}) {table.tokens_a:,} tokens, B ({b}{docs}) "
        f"{table.tokens_b:,} tokens: what per_million_a and per_million_b are of",
        err=True,
    )


COMMANDS = [change]
