"""Corpus statistics: ``sensegrep freq`` … Each command's options are derived from its
declaration in sensegrep/request.py (``STATISTICS``), as ``search``'s are, so the CLI,
the web API and the library take the same parameters; the command calls the
SenseIndex method of the same name and prints its table."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from sensegrep import choices, output
from sensegrep.commands.options import raw_csv_option
from sensegrep.commands.search import request_option
from sensegrep.request import params_for, without_defaults
from sensegrep.session import Session


def statistic_options(command: str, option_of: Callable = request_option) -> Callable:
    """The statistic's declared parameters as options (each made by ``option_of(param,
    command)``), then --format and --raw-csv."""

    def decorate(func: Callable) -> Callable:
        fmt = click.option(
            "--format",
            "fmt",
            type=click.Choice(choices.TABLE_FORMATS),
            default="text",
            show_default=True,
            help="text (aligned columns), tsv, csv or jsonl (one row a line).",
        )
        options = [option_of(param, command) for param in params_for("cli", command)]

        @functools.wraps(func)
        def in_shell_format(*args: Any, **kwargs: Any) -> Any:
            kwargs["fmt"] = _table_format(kwargs["fmt"])
            return func(*args, **kwargs)

        decorated = in_shell_format
        for option in reversed([*options, fmt, raw_csv_option]):
            decorated = option(decorated)
        return decorated

    return decorate


def _table_format(fmt: str) -> str:
    """--format as typed, else the shell's ``:format`` (kwic is a table's text): it
    applied to search alone, and a statistic came out as text after ``:format jsonl``."""
    ctx = click.get_current_context()
    if ctx.get_parameter_source("fmt") is click.core.ParameterSource.COMMANDLINE:
        return fmt
    chosen = getattr(ctx.obj, "defaults", {}).get("format")
    chosen = "text" if chosen == "kwic" else chosen
    return chosen if chosen in choices.TABLE_FORMATS else fmt


def _print(
    session: Session, command: str, fmt: str, raw_csv: bool, options: dict[str, Any]
) -> None:
    index = session.index()
    table = getattr(index, command)(**without_defaults(options))
    output.write_table(table, fmt, options.get("word"), raw_csv)
    if getattr(table, "sense_run", None) is not None:  # what --sense N and --by-sense mean
        click.echo(f"sense run: {table.sense_run}", err=True)


@click.command()
@statistic_options("freq")
@click.pass_obj
def freq(session: Session, fmt: str, raw_csv: bool, **options: Any) -> None:
    """A frequency list of the index (or of a --where/--doc subcorpus): each item's
    frequency, frequency per million tokens, documents, and dispersion (Gries' DP over
    the documents; Juilland's D over --parts equal parts).

    Every token the index holds counts in its size, punctuation included (as CWB
    counts); per million is per million tokens of the (sub)corpus; lemmas compare
    case-folded. With --cql, the frequency breakdown of the pattern's matches (as
    CQPweb's): a row is a match's items joined by spaces."""
    _print(session, "freq", fmt, raw_csv, options)


@click.command()
@statistic_options("keywords")
@click.pass_obj
def keywords(session: Session, fmt: str, raw_csv: bool, **options: Any) -> None:
    """Keywords of a focus subcorpus (--where/--doc) against a reference: the rest of
    the index (default), another subcorpus (--reference-where) or another index
    (--reference DIR). Each item's frequency in both, per million tokens of each, and
    three measures: ll (log-likelihood G2 over the 2x2 table of the item and the other
    tokens), logratio (Hardie 2014: log2 of the ratio of relative frequencies; a zero
    frequency counts as 0.5) and simple_maths (Kilgarriff 2009: (focus per million + N)
    / (reference per million + N), N = --smoothing). Listed: the items over-represented
    in the focus (--direction), seen --min-freq times, sorted by --measure (ll, as
    CQPweb; logratio with --max-p 0.05 is CQPweb's filtered Log Ratio; simplemaths is
    Sketch Engine's).

    --key-senses WORD: the word's senses (its current sense run, made by `sensegrep
    senses WORD`, or --senses RUN) instead of items: which of them are over-represented
    in the focus."""
    table = session.index().keywords(**without_defaults(options))
    output.write_table(table, fmt, raw_csv=raw_csv)
    runs = getattr(table, "sense_runs", None)
    if runs:
        used = ", ".join(f"{word} run {run}" for word, run in runs.items())
        whose = "the run --senses named" if options.get("senses_run") else "each word's current run"
        click.echo(f"sense runs: {used} ({whose})", err=True)
    click.echo(f"reference: {table.reference_corpus}, {table.reference_tokens:,} tokens", err=True)
    click.echo(f"simple maths: N = {table.smoothing:g} (--smoothing)", err=True)


@click.command()
@statistic_options("collocates")
@click.pass_obj
def collocates(session: Session, fmt: str, raw_csv: bool, **options: Any) -> None:
    """The collocates of WORD (every token whose lemma it is, case-folded: the lines
    `search WORD` shows) or of a --cql pattern's matches: what occurs within --window
    tokens of a node, with an association measure.

    The window counts token positions inside the node's sentence (a sentence's edge
    cuts it); punctuation takes a position but is never a collocate; a token in the
    windows of two nodes counts once for each. Measures as in Evert's reference
    (collocations.de), from the table O (freq), R1 = the nodes' window positions,
    counted exactly (a window cut by a sentence's edge counts only the positions
    inside it), C1 = the collocate's frequency, N = the (sub)corpus's tokens: E = R1 ·
    C1 / N; logDice = 14 + log2(2 O / (f(node) + f(collocate))) (Rychlý 2008); Log
    Ratio takes a frequency of 0 outside the windows as 0.5. A row's `lines` is how many
    nodes have the collocate near (what `search WORD --near COLLOCATE --window N`
    shows), `freq` how many times it occurs near them.

    --sense N / --label L keep the nodes of one induced sense or one label;
    --by-sense gives a table per sense with `sense_diff`, the collocate's signed G²
    between this sense's windows and the other senses' (distinctive: above 3.84)."""
    _print(session, "collocates", fmt, raw_csv, options)


@click.command()
@statistic_options("sketch")
@click.pass_obj
def sketch(session: Session, fmt: str, raw_csv: bool, **options: Any) -> None:
    """The word sketch of WORD: its collocates grouped by grammatical relation, from
    the index's dependency relations (CoNLL-U files, or plain text and JSONL indexed
    with --tagger spacy --parse; Universal Dependencies' labels and spaCy's English
    ones): modifier (adjectives and nouns modifying WORD: amod, compound, advmod),
    modifies, object_of (the verbs WORD is the object of: obj/dobj, and the subject of
    a passive), subject_of, object, subject (of WORD as a verb), and/or (conj),
    particle, particle_of, pp_PREP (WORD PREP X: "bank of X") and pp_obj_PREP (X PREP
    WORD: "account at bank").

    Each row: freq = ||w,R,c|| (WORD's triples in relation R with the collocate),
    relation_freq = ||w,R,*||, collocate_freq = ||*,*,c|| (the collocate's triples in
    any relation, in the whole (sub)corpus), logdice = 14 + log2(2 ||w,R,c|| /
    (||w,R,*|| + ||*,*,c||)) as Sketch Engine's word sketches (Rychly 2008);
    occurrences: the ids of WORD's tokens in those triples (--format jsonl, tsv, csv).

    --sense N keeps the occurrences of one induced sense; --by-sense puts each sense's
    sketch side by side (the word's current sense run, or --senses RUN: `sensegrep
    senses WORD` makes one). Without dependencies, see `sensegrep collocates WORD`."""
    table = session.index().sketch(**without_defaults(options))
    output.write_table(table, fmt, options.get("word"), raw_csv)
    if table.sense_run is not None:
        click.echo(f"sense run: {table.word} run {table.sense_run}", err=True)


COMMANDS = [freq, collocates, keywords, sketch]
