"""Commands for induced word senses: ``senses`` (report, or a table by metadata) and
``plot`` (a 2-D map of a word's occurrences). Both read stored vectors only: no encoder
is loaded. The senses come from :meth:`SenseIndex.senses` and the API's senses module
(sensegrep/api/senses.py), which draws the map; this module only lays them out."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sensegrep.api.results import not_current_note, per_million
from sensegrep.choices import GROUPINGS
from sensegrep.commands.options import count_option, listing_format_option, output_option
from sensegrep.errors import SensegrepError
from sensegrep.output import figure_text, value_shown
from sensegrep.session import Session

if TYPE_CHECKING:
    from sensegrep.api import Hit, SenseRunInfo, Senses

EXAMPLES_SHOWN = 3
MOST_GOOD_EXAMPLES = 50


def _run_id(value: str) -> int | None:
    """``--use``'s value: a run id, or ``newest`` (no pin)."""
    if value.strip().lower() == "newest":
        return None
    text = value.strip().lstrip("#")
    if not text.isdecimal() or int(text) < 1:
        raise click.BadParameter(
            f"expected a run id (a whole number >= 1) or newest, got {value!r}"
        )
    return int(text)


@click.command()
@click.argument("word")
@click.option(
    "--n",
    "n",
    type=click.IntRange(min=1),
    help="Make a new run of N senses (default: show the current run; the first run "
    "chooses N, 1 to 8).",
)
@click.option(
    "--new",
    is_flag=True,
    help="Make a new run with k chosen (after adding documents, say); --n N sets k.",
)
@click.option(
    "--senses",
    "run",
    type=click.IntRange(min=1),
    metavar="RUN",
    help="Show stored run RUN instead of the current one.",
)
@click.option(
    "--use",
    "use",
    metavar="RUN",
    help="Pin run RUN as the word's current run (what --sense N means everywhere); "
    "`--use newest` unpins.",
)
@click.option(
    "--runs",
    "list_runs",
    is_flag=True,
    help="List the word's stored runs: the occurrences each was made from, and holds now.",
)
@click.option(
    "--by",
    "by_field",
    metavar="FIELD",
    help="Count the senses per value of a document metadata field (genre, year, decade…; "
    "meta:FIELD for the field itself where a name means something else, as decade).",
)
@click.option(
    "--bin-width",
    type=click.IntRange(min=1),
    metavar="N",
    help="With --by on a numeric field (year…): bins of N values, [start, start+N) with "
    "starts at multiples of N (1850..1859 for N=10).",
)
@click.option(
    "--plot",
    "plot_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.png",
    help="With --by: draw the table as a PNG, a stacked sense timeline (per million "
    "tokens) for a numeric field, grouped bars for a text one.",
)
@listing_format_option
@count_option("--examples", EXAMPLES_SHOWN, most=10, help="Examples shown per sense.")
@click.option(
    "--good-examples",
    "good_examples",
    type=click.IntRange(min=1, max=MOST_GOOD_EXAMPLES),
    metavar="N",
    help="Show each sense's N best dictionary examples among all its occurrences, by "
    "example quality (GDEX-like: typical of the sense, a whole sentence of moderate "
    "length, few rare words or names, no pronoun at the start), with their score; "
    "--format jsonl adds each one's quality_parts. Instead of --examples.",
)
@click.option("--width", type=click.IntRange(min=40), help="Line width (default: terminal).")
@click.pass_obj
def senses(
    session: Session,
    word: str,
    n: int | None,
    new: bool,
    run: int | None,
    use: str | None,
    list_runs: bool,
    by_field: str | None,
    bin_width: int | None,
    plot_file: Path | None,
    fmt: str,
    examples: int,
    good_examples: int | None,
    width: int | None,
) -> None:
    """The senses of WORD, induced by clustering its occurrences (by lemma).

    For each sense: its size, its most typical examples and its distinctive collocates
    (log-likelihood G² against the word's other senses). Each induction is a run kept
    in the index under an id (shown under the headline); the word's current run — the one
    pinned with --use, else the newest — is what `search --sense N`, `--count sense`,
    `export --by sense`, `plot` and the web app mean, unless given --senses RUN.
    Occurrences added later join the nearest sense of a run: its numbers never change.

    With --by FIELD, per value of that document metadata field (each bin of
    --bin-width values): each sense's occurrences, their share of the word's in that
    value, their frequency per million tokens of the value's documents (every token,
    punctuation included) and their dispersion (Gries' DP over those documents; per
    sense over the whole index in the last line); --plot draws it.
    """
    from sensegrep.api.senses import check_sense_field, not_drawn, plot_sense_table, sense_table

    if (bin_width or plot_file) and not by_field:
        raise click.UsageError("--bin-width and --plot go with --by FIELD")
    if plot_file is not None and plot_file.suffix.lower() != ".png":
        raise click.BadParameter(f"expected a .png file name, got {plot_file}", param_hint="--plot")
    index = session.index()
    if by_field:  # before a run is induced for the table: a mistyped field stores none
        check_sense_field(index, by_field, bin_width=bin_width)
    new = new or n is not None
    if sum(bool(x) for x in (new, run, use, list_runs)) > 1:
        raise click.UsageError("give one of --n/--new, --senses, --use and --runs")
    if list_runs:
        if by_field or good_examples is not None or _given("examples"):
            raise click.UsageError("--runs lists the word's runs, no senses: leave out "
                                   "--by, --examples and --good-examples")  # fmt: skip
        _echo_lines(_runs_lines(index.sense_runs(word), word, fmt))
        return
    if use is not None:
        # The run pinned before, named when this replaces or removes the pin (another
        # user's, perhaps): as `label --as` names a label it replaces.
        before, info = _pin_over_what_was_read(index, word, _run_id(use))
        pinned = "pinned" if info.pinned else "the newest; no run is pinned"
        said = f"{info.word}: current sense run is now {info.id} ({pinned})"
        if before is not None and not (info.pinned and info.id == before):
            said += (
                f"; sense run {before} was pinned before (`sensegrep senses "
                f"{shlex.quote(info.word)} --use {before}` pins it again)"
            )
        click.echo(said, err=True)
        run = info.id
    # A table by metadata shows no examples: none are read.
    if by_field and good_examples is not None:
        raise click.UsageError("--by shows a table without examples: leave out --good-examples")
    if by_field and _given("examples"):
        raise click.UsageError("--by shows a table without examples: leave out --examples")
    if good_examples is not None and _given("examples"):
        raise click.UsageError("--good-examples N shows each sense's N best examples "
                               "instead of its typical ones: leave out --examples")  # fmt: skip
    shown = 0 if by_field else examples
    before = _run_ids(index, word) if by_field or fmt == "jsonl" else None
    found = index.senses(word, n, shown, run=run, new=new, good_examples=good_examples)
    _notes(found, index.path, new)
    if before is not None and found.info.current and found.info.id not in before:
        # The text report's head says "current (the newest)"; a table or JSONL said only
        # "sense run 6", while the word's sense numbers had changed meaning.
        click.echo(
            f"note: made sense run {found.info.id} of {found.word!r}: {_k(found.info)}, now "
            f"its current run: the sense numbers of --sense, --count sense and the rest mean "
            f"it; `sensegrep senses {found.word} --runs` lists its runs",
            err=True,
        )
    _encoder_note(index)
    width = width or shutil.get_terminal_size((100, 24)).columns
    if by_field:
        table = sense_table(index, found, by_field, bin_width=bin_width)
        _echo_lines(_table_jsonl(found, table) if fmt == "jsonl" else _table_text(found, table))
        for note in getattr(table, "notes", []):  # tokens in no sense (no vector)
            click.echo(f"note: {note}", err=True)
        if plot_file is not None:
            plot_sense_table(table, plot_file)
            left_out = not_drawn(table)
            click.echo(f"wrote {plot_file}" + (f" ({left_out})" if left_out else ""), err=True)
        return
    if fmt == "jsonl":
        _echo_lines(_senses_jsonl(found))
    else:
        contexts = {c.id: c for c in index.contexts([e["id"] for e in _examples(found)])}
        lines = _senses_text(found, contexts, width, good_examples)
        _echo_lines(lines, color=sys.stdout.isatty())


def _run_ids(index: Any, word: str) -> set[int] | None:
    """The ids of ``word``'s stored runs (None: it cannot have any; senses says why)."""
    try:
        return {info.id for info in index.sense_runs(word) if info.id is not None}
    except SensegrepError:
        return None


def _given(name: str) -> bool:
    """Whether the option ``name`` was given on the command line (not its default)."""
    source = click.get_current_context().get_parameter_source(name)
    return source is click.core.ParameterSource.COMMANDLINE


def _notes(found: Senses, path: Path, new: bool) -> None:
    """On stderr: a run that could not be kept, or a new run that is not current."""
    info = found.info
    if not info.stored:
        click.echo(
            f"note: could not keep the senses in {path}: it cannot be written now (a "
            "read-only folder, or another process writing to it: run the same command "
            "again when that is done)",
            err=True,
        )
    elif new and not info.current:
        click.echo(f"note: {not_current_note(info.word, info.id)}", err=True)


def _encoder_note(index: Any) -> None:
    """On stderr: senses induced from a shipped English encoder's vectors of another
    language's words (as a ranked search of such an index says)."""
    from sensegrep.api.indexing import english_encoder_note

    model = getattr(index.storage.manifest.embedder, "model", None)
    note = english_encoder_note(model, index.lang) if isinstance(model, str) else None
    if note:
        click.echo(f"note: {note}", err=True)


def _runs_lines(runs: list[SenseRunInfo], word: str, fmt: str) -> list[str]:
    if fmt == "jsonl":
        return [json.dumps(r.to_dict(), ensure_ascii=False) for r in runs]
    if not runs:
        return [f"{word}: no stored sense run yet (`sensegrep senses {word}` makes one)"]
    lines = [f"{runs[0].word}: {len(runs)} sense run(s); * the current one"]
    for r in runs:
        mark = "*" if r.current else " "
        pinned = ", pinned" if r.pinned else ""
        lines.append(
            f"{mark} run {r.id:>4}  {_date(r.created)}  {_k(r)}, {_sizes(r)}{pinned}  [{r.method}]"
        )
    return lines


def _sizes(info: SenseRunInfo) -> str:
    """What a run was made from and what it holds now: "from 54 occurrences, 61 now (7
    assigned since)"; the first never changes, the second follows the index."""
    removed = info.induced + info.assigned - info.occurrences
    changes = [f"{info.assigned:,} assigned since"] if info.assigned else []
    changes += [f"{removed:,} removed"] if removed > 0 else []
    since = f" ({', '.join(changes)})" if changes else ""
    return f"from {info.induced:,} occurrences, {info.occurrences:,} now{since}"


def _k(info: SenseRunInfo) -> str:
    chosen = f"{info.k} sense{'s' if info.k != 1 else ''}"
    return (
        f"{chosen} ({_asked(info.requested, info.k)})" if info.requested else f"{chosen} (k chosen)"
    )


def _asked(requested: int, k: int) -> str:
    """``--n N`` as the run was asked, and why it has fewer senses when it has: its
    vectors had fewer distinct clusters (the same sentence many times over)."""
    if k >= requested:
        return f"--n {requested}"
    return f"--n {requested}, but the vectors form only {k} distinct cluster{'s' if k != 1 else ''}"


def _echo_lines(lines: list[str], color: bool = False) -> None:
    for line in lines:
        click.echo(line, color=color)


# -- sense report ---------------------------------------------------------------------


def _senses_jsonl(found: Senses) -> list[str]:
    # The records of Senses.to_dicts, with "sense" second as this output always had it
    # (a key given again keeps its first place).
    return [
        json.dumps({"word": r["word"], "sense": r["sense"], **r}, ensure_ascii=False)
        for r in found.to_dicts()
    ]


def _examples(found: Senses) -> list[dict[str, Any]]:
    return [example for sense in found.senses for example in sense.examples]


def _senses_text(
    found: Senses, contexts: dict[int, Hit], width: int, good_examples: int | None = None
) -> list[str]:
    total = found.occurrences
    lines = [_headline(found), *_run_lines(found, width), ""]
    against = _collocates_against(len(found.senses)) + _collocate_sample(found.run.details)
    for sense in found.senses:
        lines.append(
            click.style(f"Sense {sense.sense}", bold=True)
            + f"  {sense.size:,} of {total:,} occurrences ({sense.size / total:.0%})"
        )
        if sense.collocates:
            words = ", ".join(f"{c['word']} {c['score']:.1f}" for c in sense.collocates)
            lines.extend(_wrap(f"collocates (G² {against}): {words}", width, "  ", "    "))
        for example in sense.examples:
            lines.extend(_example_lines(contexts[example["id"]], width, example.get("quality")))
        shown = len(sense.examples)
        if good_examples is not None and shown < min(good_examples, sense.size):
            # One example a distinct sentence: the same sentence many times is one.
            lines.append(f"  (only {shown:,} distinct sentence{'s' if shown != 1 else ''} "
                         f"among its {sense.size:,} occurrences)")  # fmt: skip
        lines.append("")
    return lines


def _collocates_against(senses: int) -> str:
    """What a sense's collocates are measured against: with one sense there is no
    other, and sensegrep/senses measures them against the rest of the corpus."""
    return "against the other senses" if senses > 1 else "against the rest of the corpus"


def _collocate_sample(details: dict) -> str:
    """How many of the word's sentences the collocates' G² was counted in, when a
    seeded sample of each big sense (see sensegrep/senses) stood for them all."""
    sample = details.get("collocate_sample")
    if not sample:
        return ""
    return (
        f", counted in a sample of at most {sample['per_sense']:,} sentences a sense: "
        f"{sample['sentences']:,} of {sample['of']:,}"
    )


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=max(width, 40), initial_indent=first, subsequent_indent=rest)


def _run_lines(found: Senses, width: int) -> list[str]:
    """Which run these senses are, with its parameters and whether it is current."""
    info = found.info
    if info.id is None:
        return _wrap(
            f"sense run not stored (induced for this command only) · {_k(info)}", width, "", "  "
        )
    status = (
        "current (pinned)"
        if info.pinned
        else "current (the newest)"
        if info.current
        else "not current (`--use` pins it)"
    )
    # As --runs says it: occurrences removed since were left unsaid here ("from 20
    # occurrences, 2 assigned since" over a headline of 17).
    changed = info.assigned or info.occurrences != info.induced
    sizes = _sizes(info) if changed else f"from {info.induced:,} occurrences"
    head = f"sense run {info.id} · {status} · made {_date(info.created)} · {_k(info)} · {sizes}"
    return [*_wrap(head, width, "", "  "), *_wrap(f"method: {info.method}", width, "  ", "    ")]


def _date(created: str | None) -> str:
    """``2026-12-03T11:35:40+00:00`` as ``2026-12-03 11:35 UTC``."""
    if not created:
        return "?"
    return created[:16].replace("T", " ") + (" UTC" if created.endswith("+00:00") else "")


def _headline(found: Senses) -> str:
    run, k, total = found.run, found.k, found.occurrences
    head = f"{found.word}: {total:,} occurrences, {k} sense{'s' if k != 1 else ''}"
    silhouettes = {int(key): v for key, v in run.details.get("silhouettes", {}).items()}
    if run.requested is not None:
        return f"{head} ({_asked(run.requested, k)})"
    if not silhouettes:
        return f"{head} (too few occurrences to split)"
    best = max(silhouettes, key=lambda key: silhouettes[key])
    threshold = run.details.get("min_silhouette")
    if k == 1:
        return (
            f"{head} (no split is clear: best silhouette {silhouettes[best]:.2f} at k={best}, "
            f"below {threshold})"
        )
    return f"{head} (chosen by silhouette: {silhouettes[best]:.2f} at k={best})"


def _example_lines(ctx: Hit, width: int, quality: float | None = None) -> list[str]:
    """``id doc`` (and ``q=0.83``, its example quality, when scored) then the whole
    sentence, wrapped under it, the word in bold."""
    import textwrap

    scored = "" if quality is None else f"q={quality:.2f}  "
    prefix = f"  {ctx.id:>7}  {ctx.doc}  {scored}"
    # The word travels through textwrap as one unbreakable chunk between markers.
    marked = f"{ctx.left}\x01{ctx.form.replace(' ', chr(0xA0))}\x02{ctx.right}"
    lines = textwrap.wrap(
        " ".join(marked.split()),
        width=max(width, len(prefix) + 30),
        initial_indent=prefix,
        subsequent_indent=" " * len(prefix),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [_bold_marked(line) for line in lines]


def _bold_marked(line: str) -> str:
    start, end = line.find("\x01"), line.find("\x02")
    if start < 0 or end < start:
        return line
    word = line[start + 1 : end].replace(chr(0xA0), " ")
    return line[:start] + click.style(word, bold=True) + line[end + 1 :]


# -- senses by metadata -------------------------------------------------------------------


def _table_text(found: Senses, table: Any) -> list[str]:
    senses = [f"sense {s.sense}" for s in found.senses]
    legend = [f"  {total.name}" for total in table.totals]
    rows = [[value, *_cells(counts), f"{sum(counts):,}"] for value, counts in _rows(table)]
    run = "not stored" if found.info.id is None else str(found.info.id)
    out = [
        f"{found.word} by {table.field}: occurrences of each sense (share of the row); "
        f"sense run {run}"
    ]
    out += [*legend, ""]
    out += _aligned([table.field, *senses, "total"], rows)
    out += [
        "",
        "per million tokens of each value's documents (Gries' DP of the sense over them: "
        "0 even, 1 all in one document)",
        "",
    ]
    # The word's own column counts every token of it, in a sense or not (table.notes).
    header = [table.field, "tokens", *senses, "word (all tokens)"]
    return out + _aligned(header, _frequency_rows(table))


def _aligned(header: list[str], rows: list[list[str]]) -> list[str]:
    """The first column left-aligned, the others right-aligned, a rule under the header."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for j, row in enumerate([header, *rows]):
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        out.append("  ".join(cells).rstrip())
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _rows(table: Any) -> list[tuple[str, list[int]]]:
    # The word's occurrences in each sense, once: a document of several values (a list)
    # is in several rows, whose sum said 215 of bank's 108.
    totals = (
        [t.count for t in table.totals]
        if getattr(table, "totals", None)
        else [sum(column) for column in zip(*table.counts, strict=True)]
    )
    values = [value_shown(value) for value in table.values]  # '' and ' news' quoted
    return [*zip(values, table.counts, strict=True), ("total", totals)]


def _cells(counts: list[int]) -> list[str]:
    total = sum(counts)
    return [f"{c:,} ({c / total:.0%})" if total else "0" for c in counts]


def _frequency_rows(table: Any) -> list[list[str]]:
    rows = []
    for r, value in enumerate(table.values):
        about = table.value_record(r)
        cells = [_frequency_cell(table.per_million[r][s], table.dp[r][s]) for s in range(table.k)]
        shown = value_shown(value)
        rows.append([shown, f"{table.tokens[r]:,}", *cells, _per_million(about["per_million"])])
    word = table.word_matches * 1e6 / table.corpus_tokens  # every token of the word
    cells = [_frequency_cell(t.per_million, t.dp) for t in table.totals]
    return [*rows, ["total", f"{table.corpus_tokens:,}", *cells, _per_million(word)]]


def _frequency_cell(per_million: float | None, dp: float | None) -> str:
    # The figures at the precision the table holds them (per million to 2 decimals, DP
    # to 4), as JSONL and HTTP give them: rounding them again showed 15 per 1,807 tokens
    # (8,301.05) as 8,301.0 and a DP of 0.1250 (0.12503…) as 0.12.
    shown_dp = "-" if dp is None else f"{dp:.4f}"
    return f"{_per_million(per_million)} ({shown_dp})"


def _per_million(value: float | None) -> str:
    return "-" if value is None else figure_text(value)


def _table_jsonl(found: Senses, table: Any) -> list[str]:
    records = []
    for r in range(len(table.values)):
        about = table.value_record(r)
        record = {
            "word": found.word,
            "field": table.field,
            **about,
            "senses": [table.cell(r, s) for s in range(table.k)],
        }
        records.append(json.dumps(record, ensure_ascii=False))
    total = sum(t.count for t in table.totals)
    senses = [
        {**vars(t), "search": {"word": table.word, "sense": t.sense, "senses_run": table.run}}
        for t in table.totals
    ]
    record = {
        "word": found.word,
        "field": table.field,
        "value": "total",
        "total": total,
        "matches": table.word_matches,
        "tokens": table.corpus_tokens,
        "documents": table.corpus_documents,
        "per_million": per_million(table.word_matches, table.corpus_tokens),
        "senses": senses,
    }
    records.append(json.dumps(record, ensure_ascii=False))
    return records


# -- plot ------------------------------------------------------------------------------


@click.command()
@click.argument("word")
@output_option("PNG file to write.")
@click.option(
    "--by",
    "color_by",
    type=click.Choice(GROUPINGS),
    default="sense",
    show_default=True,
    help="Colour by induced sense or by the stored sense label.",
)
@click.option(
    "--method", type=click.Choice(["pca"]), default="pca", show_default=True, help="2-D map."
)
@click.option(
    "--n", "n", type=click.IntRange(min=1), help="Make a new sense run of N senses (as senses)."
)
@click.option(
    "--senses",
    "run",
    type=click.IntRange(min=1),
    metavar="RUN",
    help="Colour by stored sense run RUN (default: the word's current run).",
)
@count_option(
    "--max-points", 3000, least=10, help="Plot a seeded sample of at most this many occurrences."
)
@click.pass_obj
def plot(
    session: Session,
    word: str,
    output: Path,
    color_by: str,
    method: str,
    n: int | None,
    run: int | None,
    max_points: int,
) -> None:
    """A 2-D map (PCA) of WORD's occurrences, coloured by induced sense (the word's
    current sense run) or stored label, with a few occurrences annotated: a PNG."""
    from sensegrep.api.senses import plot_senses

    if output.suffix.lower() != ".png":
        raise click.BadParameter(f"expected a .png file name, got {output}", param_hint="-o")
    plotted = plot_senses(
        session.index(), word, output, by=color_by, n=n, max_points=max_points, run=run
    )
    of_run = "" if plotted.run is None else f", sense run {plotted.run}"
    click.echo(
        f"wrote {output} ({plotted.points} of {plotted.occurrences:,} occurrences{of_run})",
        err=True,
    )
    for note in plotted.notes:  # a run made for it (none stored), or a new one not current
        click.echo(f"note: {note}", err=True)


COMMANDS: list[click.Command] = [senses, plot]


# Tries of a pin that other users keep changing meanwhile.
_TRIES = 5


def _pin_over_what_was_read(index: Any, word: str, run: int | None) -> tuple[int | None, Any]:
    """Pin ``run`` (None: unpin) only over the pin read just before (else read again):
    the run pinned before, and the run current now. Read apart from the pin, another
    user's pin made in between was replaced unnamed (pass 39i)."""
    from sensegrep.errors import PinChangedError, tried_too_often

    for tried in range(1, _TRIES + 1):
        before = next((r.id for r in index.sense_runs(word) if r.pinned), None)
        try:
            return before, index.use_senses(word, run, expect=before)
        except PinChangedError as changed:
            if tried == _TRIES:
                raise tried_too_often(changed, _TRIES) from None
    raise AssertionError("unreachable")
