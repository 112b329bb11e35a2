"""``sensegrep search`` and ``neighbours``. The search options are derived from the
request definition (sensegrep/request.py): each parameter there is an option here, a
``--queries`` key, a web API parameter and a keyword of ``SenseIndex.search``."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sensegrep import choices, output
from sensegrep.commands.options import raw_csv_option
from sensegrep.errors import QueryError, SensegrepError
from sensegrep.request import (
    Param,
    comparison_hint,
    params_for,
    parse,
    parse_value,
    read_queries,
    split_where,
    without_defaults,
)
from sensegrep.session import Session


def _parse_where(_ctx: click.Context, _param: click.Parameter, values: Any) -> Any:
    pairs = []
    for value in values:
        try:
            pairs.append(split_where(value))
        except QueryError:
            hint = comparison_hint(value)
            raise click.BadParameter(f"expected key=value, got {value!r}{hint}") from None
    return tuple(pairs)


def _choice_list(param: Param, command: str = "search") -> Callable:
    """Checks a list of choices (``--sort right1,left1``) as click checks one."""

    def check(_ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return parse({param.name: value}, "http", "cli", command=command).get(param.name)
        except QueryError as exc:
            raise click.BadParameter(str(exc).partition(": ")[2] or str(exc)) from None

    return check


def _click_type(param: Param) -> Any:
    if param.choices and param.separator:
        return None  # checked by _choice_list
    if param.choices:
        return click.Choice(param.choices)
    if param.kind == "id":
        return click.INT
    if param.kind == "int":
        return click.IntRange(min=param.least, max=param.most)
    if param.kind == "float":
        return click.FloatRange(min=param.least) if param.least is not None else click.FLOAT
    return None


def _option(param: Param, command: str = "search") -> Callable:
    """The click option (or argument, for the word) of one request parameter (of
    ``command``: search, or a statistic)."""
    if param.name == "word":
        return click.argument("word", required=False)
    if param.kind == "bool":
        return click.option(*param.cli_flags, param.name, is_flag=True, help=param.help)
    shown = param.show_default
    return click.option(
        *param.cli_flags,
        param.name,
        type=_click_type(param),
        multiple=param.repeat,
        metavar=param.metavar,
        callback=_parse_where
        if param.kind == "where"
        else _choice_list(param, command)
        if param.separator
        else None,
        default=param.default if shown else None,
        show_default=shown,
        help=param.help,
    )


request_option = _option  # a statistic's options are made the same way (statistics.py)


OUTPUT_OPTIONS = (
    click.option(
        "--queries", type=click.Path(path_type=Path, dir_okay=False), help="JSONL batch of queries."
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice(choices.OUTPUT_FORMATS),
        help="Output format (default: kwic on a terminal, else jsonl).",
    ),
    click.option(
        "--width", type=click.IntRange(min=40), help="KWIC line width (default: terminal)."
    ),
    click.option(
        "--server",
        metavar="URL",
        help="Answer through the `sensegrep serve` at URL (the address it printed, with "
        "its ?token=) instead of loading the index and encoder here; the output is the "
        "same. Default: the server running over this --index, if any.",
    ),
    click.option(
        "--no-server", is_flag=True, help="Search in this process even when a server runs."
    ),
    raw_csv_option,
    click.option(
        "--columns",
        "columns",
        multiple=True,
        metavar="FIELD",
        help="CSV/TSV: document metadata fields added as columns after the table's "
        "(repeatable, or separated by ','; meta:FIELD heads one named like a column); "
        "JSONL has every field in each hit's meta.",
    ),
)


def search_options(func: Callable) -> Callable:
    """The request's parameters as options, then --queries, --format and --width."""
    for option in reversed([*map(_option, params_for("cli")), *OUTPUT_OPTIONS]):
        func = option(func)
    return func


def _count_key(given: str | None) -> str | None:
    """--count's key, checked as the request declares it: an empty one (an unset shell
    variable) was taken as no --count, and the lines came out instead of a table."""
    if given is None:
        return None
    param = next(p for p in params_for("cli") if p.name == "count")
    return parse_value(param, given.strip(), "cli")


@click.command()
@search_options
@click.pass_obj
def search(
    session: Session,
    word: str | None,
    queries: Path | None,
    fmt: str | None,
    width: int | None,
    server: str | None,
    no_server: bool,
    raw_csv: bool,
    columns: tuple[str, ...],
    **options: Any,
) -> None:
    """Occurrences of WORD (or the matches of a --cql pattern), ranked by sense when
    given --example or --like; without them the plain concordance in corpus order.

    While `sensegrep serve` runs over the same index, the search is answered there (no
    start-up cost, the same output); --no-server searches here."""
    index = _searched_index(session, server, no_server)
    fmt = fmt or session.defaults.get("format") or ("kwic" if sys.stdout.isatty() else "jsonl")
    given = without_defaults(options)
    count = _count_key(given.pop("count", None))
    meta = _meta_columns(index, columns, fmt, count)
    writer = output.HitWriter(
        fmt, width=width, color=sys.stdout.isatty(), raw_csv=raw_csv, meta=meta
    )
    if "k" not in given and session.defaults.get("k") and not count:
        # The shell's :k N is how many concordance lines to show; a --count table counts
        # every match as on the command line (-k typed on the line still selects lines).
        given["k"] = session.defaults["k"]
    if queries is None:
        if not word and not given.get("any_word") and given.get("cql") is None:
            raise click.UsageError("give a WORD to search for, a --cql pattern, or --queries FILE")
        asked = word if given.get("cql") is None else None  # a pattern is searched as typed
        if count:
            rows = index.count(word or "", count, **given)
            output.write_counts(rows, count, fmt, asked, raw_csv)
            _say_index_changed(session, word, {**given, "count": count}, rows)
            # The summary said a page past the end ("none after 100"), but not an
            # --any-word one, which has no total ("0 lines counted").
            said = getattr(rows, "past_the_end", None) if rows.total is not None else None
            _say_notes(rows, said)
            _say_why_empty(rows)
            return
        found = index.search(word or "", **given)
        _say_totals(found, fmt, asked=asked, sense=given.get("sense"))
        _say_index_changed(session, word, given, found)
        writer.write(found)
        _say_why_empty(found)
        return  # (an --any-word search's notes say how much of the corpus it searched)
    if count:
        raise click.UsageError("--count tabulates one query: leave out --queries")
    _answer_queries(index, queries, word, given, writer)


def _meta_columns(index: Any, columns: tuple[str, ...], fmt: str, count: str | None) -> list[str]:
    """The metadata fields --columns names (each one some document has), for a CSV or
    TSV of lines: the web app's ``columns=`` (a CSV of a search had no metadata, its
    JSONL every field)."""
    # meta:FIELD, as --where and --count name a field called like a column: FIELD
    named = list(
        dict.fromkeys(
            f.strip().removeprefix("meta:") for given in columns for f in given.split(",")
        )
    )
    named = [field for field in named if field]
    if not named:
        return []
    if count or fmt not in ("csv", "tsv"):
        raise click.UsageError(
            "--columns names the metadata columns of --format csv or tsv lines (jsonl has "
            "every field in each hit's meta; a --count table has none)"
        )
    known = list(index.info().get("metadata") or {})
    for field in named:
        if field not in known:
            raise QueryError(
                f"--columns {field}: no document has a metadata field {field!r} (its "
                f"fields: {', '.join(known) or 'none'})"
            )
    return named


def _searched_index(session: Session, server: str | None, no_server: bool) -> Any:
    """What answers the search: the server at --server; else a server announced in the
    index folder (sensegrep/api/remote.py), this process's index when it is gone; else
    (--no-server, or the shell with its index loaded) this process's index."""
    if server is not None and no_server:
        raise click.UsageError("give --server URL or --no-server, not both")
    if server is not None:
        from sensegrep.api.remote import RemoteIndex, announced_stopped, parse_server

        if session.index_given and not session.index_dir.is_dir():
            # A mistyped --index would otherwise be answered from the server's own index.
            raise click.ClickException(
                f"--index {session.index_dir}: no such folder; leave out --index to search "
                "the server's own index"
            )

        named = parse_server(server)
        if session.index_dir.is_dir() and announced_stopped(session.index_dir, named):
            raise click.ClickException(
                f"the server at {named.url} is stopped (Ctrl-Z in its terminal) and would "
                "answer nothing until resumed: `fg` in that terminal resumes it, or "
                "--no-server searches here"
            )
        # An --index folder here must be the one the server searches (an answer from
        # another index would read as this one's); none here: the server's own index.
        return RemoteIndex(named, session.index_dir, check_index=session.index_dir.is_dir())
    if no_server or session.opened:
        return session.index()
    from sensegrep.api.remote import FallbackIndex, RemoteIndex, running_server

    found = running_server(session.index_dir, session.db)
    if found is None:
        return session.index()
    return FallbackIndex(RemoteIndex(found, session.index_dir, same_index=True), session.index)


def _say_totals(
    found: Any, fmt: str, query: int | None = None, asked: str | None = None, sense: Any = None
) -> None:
    """The header (:func:`_header`): the KWIC's first line on stdout, else on stderr
    (JSONL, CSV and TSV stay one line per hit); and the result's notes (--sort met a
    ranking…), ``query N:`` before each for a --queries file."""
    line = _header(found, asked, sense)
    prefix = "" if query is None else f"query {query}: "
    said = None
    if line is not None:
        if fmt == "kwic":
            click.echo(f"# {prefix}{line}")
        else:
            click.echo(prefix + line, err=True)
        # The header's "no line after 40" says what the library's note says.
        said = getattr(found, "past_the_end", None)
    # (how --sort, --ignore-punct, --match-case were taken among them)
    _say_notes(found, said, prefix)


def _header(found: Any, asked: str | None, sense: Any) -> str | None:
    """The totals of all the matches, naming what was searched when it is not the word
    ``asked`` and the sense run of a --sense N; an --any-word search's k nearest usages,
    which have no total; None for no match at all (the no-hits note says why)."""
    line = output.totals_line(found, asked)
    if line is None:
        if not len(found):
            return None
        shown = f"{len(found):,} usage{'' if len(found) == 1 else 's'}"
        offset = getattr(found, "offset", 0) or 0
        if offset:  # a next page: not the nearest, but those after the first `offset`
            last = offset + len(found)
            shown = f"usage {last:,}" if last == offset + 1 else f"usages {offset + 1:,}-{last:,}"
            return f"{shown} of any word nearest the query (--any-word: the k nearest, no total)"
        return f"the {shown} of any word nearest the query (--any-word: the k nearest, no total)"
    if not found.total:
        return None
    said = output.sense_prefix(found)  # a page without lines names its run too
    if said:
        return said + line
    runs = {hit.sense_run for hit in found if hit.sense_run is not None}  # an older server
    if sense is not None and len(runs) == 1:  # which clustering the number is of
        return f"sense {sense} of sense run {runs.pop()}: {line}"
    return line


_CHANGED = (
    "note: the index changed since this search's previous page ({what}): lines may have "
    "moved from one page to the next, so some may be skipped or shown twice; search again "
    "from the first page (--offset 0)"
)
INDEX_CHANGED = _CHANGED.format(what="documents were added or removed")
# A search ranked by --label reads the word's labels too: its state changes when they do
# (one set in the same shell), which is no document added or removed.
LABELS_CHANGED = _CHANGED.format(
    what="documents were added or removed, or labels of the word that its --label "
    "ranking reads were set or removed"
)


def _say_index_changed(
    session: Session, word: str | None, given: dict[str, Any], found: Any
) -> None:
    """In the shell, where one session pages through a search: a later page read at
    another state of the index than the search's page before it, said (each page on
    the command line is a search of its own, whose totals are those of its state)."""
    state = getattr(found, "index_state", None)
    if state is None:  # an older server's answer
        return
    paged = {name: value for name, value in given.items() if name != "offset"}
    key = json.dumps([word, paged], sort_keys=True, default=str)
    # A --sense N without --senses is of the word's current run, which a `senses` run
    # made between two pages replaces: the page after it is of another clustering.
    run = getattr(found, "sense_run", None) if given.get("sense") is not None else None
    run = run if isinstance(run, int) else None  # (a count's: by sense, of any run)
    before = session.page_states.get(key)
    session.page_states[key] = (state, run)
    if not given.get("offset") or before is None:
        return
    state_before, run_before = before
    if state_before != state:
        click.echo(LABELS_CHANGED if given.get("label") else INDEX_CHANGED, err=True)
    if run_before is not None and run is not None and run_before != run:
        click.echo(
            f"note: sense {given['sense']} on this page is of sense run {run}, the word's "
            f"current run now, not of sense run {run_before} as on this search's previous "
            f"page: its lines are of another clustering; add --senses {run_before} to page "
            "on through the one before",
            err=True,
        )


def _say_notes(found: Any, said: str | None = None, prefix: str = "") -> None:
    """What the result says once (--near's lemma, what --like left out, what --sort
    quality left out…), one "note:" line each, but for ``said`` (already said in the
    header); why an empty one is empty comes after its lines (:func:`_say_why_empty`).
    ``prefix``: which query of a --queries file it is of ("query 2: ")."""
    why_empty = getattr(found, "why_empty", None)
    for note in getattr(found, "notes", None) or ():  # (an older server's: none)
        if note not in (why_empty, said):
            click.echo(f"note: {prefix}{note}", err=True)


def _say_why_empty(found: Any, prefix: str = "") -> None:
    """One line on stderr for a result with no match at all, so that it is not mistaken
    for a failure to run: the library's ``why_empty`` (api/querying.py), which names
    the filters that left nothing and how many matches there are without them."""
    why_empty = getattr(found, "why_empty", None)
    if why_empty:
        click.echo(f"{prefix}{why_empty}", err=True)


def _coverage_note(index: Any) -> None:
    """On an index with vectors for chosen words: how much of it a search across words
    (--any-word, neighbours) looked through."""
    from sensegrep.api.notes import coverage_note

    note = coverage_note(index.vector_coverage())
    if note is not None:
        click.echo(f"note: {note}", err=True)


def _answer_queries(
    index: Any, queries: Path, word: str | None, given: dict[str, Any], writer: Any
) -> None:
    """Each line of a --queries file answered with the command line's options as
    defaults (a line's own value replaces one, but --where conditions add up, as
    repeated --where do); a bad line is reported with its number and skipped."""
    failures = 0
    for line_no, values in read_queries(queries):
        try:
            if isinstance(values, SensegrepError):
                raise values
            merged = {**given, **values}
            line_word = word
            if values.get("cql") is not None or values.get("word"):
                # The line's own query replaces the command line's, a word its pattern and
                # a pattern its word, as a line's value replaces an option's: one of each
                # was refused as "give WORD or --cql PATTERN, not both".
                line_word = None
                if values.get("cql") is None:
                    merged.pop("cql", None)
            if given.get("where") and values.get("where"):
                # Every --where holds, the command line's and the line's: the line's once
                # replaced the command line's, silently widening the subcorpus.
                merged["where"] = [*given["where"], *values["where"]]
            query_word = merged.pop("word", None) or line_word or ""
            if not query_word and not merged.get("any_word") and not merged.get("cql"):
                raise SensegrepError('the query has no "word" (nor "cql")')
            found = index.search(query_word, query=line_no, **merged)
            asked = query_word if merged.get("cql") is None else None
            _say_totals(found, writer.fmt, line_no, asked, merged.get("sense"))
            writer.write(found)
            _say_why_empty(found, f"query {line_no}: ")  # as a single search says it
        except SensegrepError as exc:
            failures += 1
            # "query N" as the headers and the hits' "query" number it (0-based).
            click.echo(
                f"error: {queries}:{line_no + 1}: {exc} (query {line_no} skipped)",
                err=True,
            )
    if failures:
        raise click.ClickException(f"{failures} quer{'y' if failures == 1 else 'ies'} failed")


@click.command()
@click.option(
    "--example",
    "-e",
    required=True,
    help='The usage, its word marked: "we sat on the grassy [[bank]]".',
)
@click.option(
    "-n",
    "nearest",
    type=click.IntRange(min=1, max=100_000),
    default=200,
    show_default=True,
    help="Occurrences of any word nearest to the usage looked through; those of the "
    "marked word's own lemma among them are not counted unless --with-word.",
)
@click.option(
    "-k", "k", type=click.IntRange(min=1), default=20, show_default=True, help="Lemmas shown."
)
@click.option("--with-word", is_flag=True, help="Count the marked word's own lemma too.")
@click.option("--format", "fmt", type=click.Choice(choices.LISTING_FORMATS), default="text")
@click.pass_obj
def neighbours(
    session: Session, example: str, nearest: int, k: int, with_word: bool, fmt: str
) -> None:
    """Which words are used in this sense: the lemmas with the most occurrences among the
    N nearest to the usage, across all words — a thesaurus by sense."""
    from sensegrep.api.notes import coverage_note

    found = session.index().neighbours(example, n=nearest, k=k, with_word=with_word)
    if found and fmt != "jsonl":
        click.echo(_share_of(found[0].counted, found[0].nearest, nearest, with_word), err=True)
    # The API's notes (an English encoder's vectors of German text …), but those said
    # below in the command's own words: why it is empty, and the coverage.
    said = coverage_note(session.index().vector_coverage())
    own_approximate = bool(found and found[0].approximate)  # said below, of those counted
    skipped = ("no other word is used in this sense", *(["approximate:"] * own_approximate))
    for note in found.notes:
        if note != said and not note.startswith(skipped):  # (approximate: was said twice)
            click.echo(f"note: {note}", err=True)
    if own_approximate:
        click.echo(
            f"note: approximate: {found[0].approximate:,} occurrences were searched through "
            "the any-word file, so some of the exact nearest may be missing from those "
            "counted (`sensegrep info`: any word search)",
            err=True,
        )
    for n in found:
        if fmt == "jsonl":
            click.echo(json.dumps(dataclasses.asdict(n), ensure_ascii=False))
        else:
            # From the count: the record's share is already rounded to 4 decimals.
            share = n.count / n.counted
            click.echo(f"{n.count:>5}  {share:>6.1%}  best {n.best:.3f}  {n.lemma}")
    if not found:
        # Of how many: fewer than -n where the index has fewer with vectors (a text-only
        # index given vectors for one word), and then a larger -n finds no more.
        with_vectors = session.index().vector_status(top=0)["occurrences"]
        if with_vectors < nearest:
            looked = f"all {with_vectors:,} occurrences the index has with vectors (-n {nearest:,})"
            further = "a larger -n finds no more"
        else:
            looked = f"the {nearest:,} nearest occurrences (-n)"
            further = "a larger -n looks further"
        click.echo(
            f"no other word is used in this sense among {looked}: all are of the marked "
            f"word's own lemma (left out; --with-word counts it); {further}",
            err=True,
        )
    _coverage_note(session.index())


def _share_of(counted: int, looked: int, asked: int, with_word: bool) -> str:
    """What neighbours' share divides by: the nearest occurrences looked through, less
    the marked word's own (read as a share of all -n, it would seem too big); fewer than
    -n when the index has fewer occurrences with vectors (said, not -n)."""
    if looked < asked:
        nearest = f"{looked:,} nearest occurrences (all the index has with vectors; -n {asked:,})"
    else:
        nearest = f"{asked:,} nearest occurrences"
    if with_word:
        if looked < asked:
            return f"share: of the {nearest}, all counted"
        return f"share: of the {counted:,} nearest occurrences (-n {asked:,}), all counted"
    return (
        f"share: of the {counted:,} of the {nearest} that are not of the "
        "marked word's own lemma (left out; --with-word counts it)"
    )


COMMANDS = [search, neighbours]
