"""Commands for induced word senses: ``senses`` (report, or a table by metadata) and
``plot`` (a 2-D map of a word's occurrences). Both read stored vectors only: no encoder
is loaded. numpy and matplotlib are imported inside the commands."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from sensegrep.session import Session

EXAMPLES_SHOWN = 3
SNIPPET_WORDS = 4  # words either side of the word in a plot annotation
MAX_NOTES = 8  # senses whose typical examples are quoted on the plot


@click.command()
@click.argument("word")
@click.option(
    "--n", "n", type=click.IntRange(min=1), help="Make N senses (default: chosen, 1 to 8)."
)
@click.option(
    "--by",
    "by_field",
    metavar="FIELD",
    help="Count the senses per value of a document metadata field (genre, year, decade…).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True
)
@click.option(
    "--examples",
    type=click.IntRange(1, 10),
    default=EXAMPLES_SHOWN,
    show_default=True,
    help="Examples shown per sense.",
)
@click.option("--width", type=click.IntRange(min=40), help="Line width (default: terminal).")
@click.pass_obj
def senses(
    session: Session,
    word: str,
    n: int | None,
    by_field: str | None,
    fmt: str,
    examples: int,
    width: int | None,
) -> None:
    """The senses of WORD, induced by clustering its occurrences (by lemma).

    For each sense: its size, its most typical examples and its distinctive collocates
    (log-likelihood G² against the word's other senses). The result is kept in the index
    and reused until the word's occurrences change.
    """
    from sensegrep.senses import counts_by, word_senses

    index = session.searcher().index
    run = word_senses(index, word, n, session.lang)
    if not run.stored:
        click.echo(f"note: could not keep the senses in {index.folder} (not writable)", err=True)
    width = width or shutil.get_terminal_size((100, 24)).columns
    if by_field:
        table = counts_by(index, run, by_field)
        _echo_lines(_table_jsonl(run, table) if fmt == "jsonl" else _table_text(run, table))
        return
    contexts = index.contexts([i for s in run.clusters for i in s.examples[:examples]])
    if fmt == "jsonl":
        _echo_lines(_senses_jsonl(run, contexts, examples))
    else:
        _echo_lines(_senses_text(run, contexts, examples, width), color=sys.stdout.isatty())


def _echo_lines(lines: list[str], color: bool = False) -> None:
    for line in lines:
        click.echo(line, color=color)


# -- sense report ---------------------------------------------------------------------


def _senses_jsonl(run: Any, contexts: dict, examples: int) -> list[str]:
    total = len(run.ids)
    records = []
    for sense in run.clusters:
        shown = [contexts[i] for i in sense.examples[:examples] if i in contexts]
        record = {
            "word": run.lemma,
            "sense": sense.number,
            "k": run.k,
            "size": sense.size,
            "share": round(sense.size / total, 4),
            "examples": [{"id": c.id, "doc": c.doc, "sentence": c.sentence} for c in shown],
            "collocates": [{"word": w, "score": s} for w, s in sense.collocates],
        }
        records.append(json.dumps(record, ensure_ascii=False))
    return records


def _senses_text(run: Any, contexts: dict, examples: int, width: int) -> list[str]:
    total = len(run.ids)
    lines = [_headline(run), ""]
    for sense in run.clusters:
        lines.append(
            click.style(f"Sense {sense.number}", bold=True)
            + f"  {sense.size:,} of {total:,} occurrences ({sense.size / total:.0%})"
        )
        if sense.collocates:
            words = ", ".join(f"{w} {s:.1f}" for w, s in sense.collocates)
            lines.extend(_wrap(f"collocates (G²): {words}", width, "  ", "    "))
        for occ_id in sense.examples[:examples]:
            if occ_id in contexts:
                lines.extend(_example_lines(contexts[occ_id], width))
        lines.append("")
    return lines


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=max(width, 40), initial_indent=first, subsequent_indent=rest)


def _headline(run: Any) -> str:
    k, total = run.k, len(run.ids)
    head = f"{run.lemma}: {total:,} occurrences, {k} sense{'s' if k != 1 else ''}"
    silhouettes = {int(key): v for key, v in run.details.get("silhouettes", {}).items()}
    if run.requested is not None:
        return f"{head} (--n {run.requested})"
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


def _example_lines(ctx: Any, width: int) -> list[str]:
    """``id doc`` then the whole sentence, wrapped under it, the word in bold."""
    import textwrap

    prefix = f"  {ctx.id:>7}  {ctx.doc}  "
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


def _table_text(run: Any, table: Any) -> list[str]:
    senses = [f"sense {s.number}" for s in run.clusters]
    legend = [
        f"  sense {s.number}: " + (", ".join(w for w, _ in s.collocates[:4]) or "-")
        for s in run.clusters
    ]
    rows = [[value, *_cells(counts), f"{sum(counts):,}"] for value, counts in _rows(table)]
    header = [table.field, *senses, "total"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = [f"{run.lemma} by {table.field}: occurrences of each sense (share of the row)"]
    out += [*legend, ""]
    for j, row in enumerate([header, *rows]):
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        out.append("  ".join(cells).rstrip())
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def _rows(table: Any) -> list[tuple[str, list[int]]]:
    totals = [sum(column) for column in zip(*table.counts, strict=True)]
    return [*zip(table.values, table.counts, strict=True), ("total", totals)]


def _cells(counts: list[int]) -> list[str]:
    total = sum(counts)
    return [f"{c:,} ({c / total:.0%})" if total else "0" for c in counts]


def _table_jsonl(run: Any, table: Any) -> list[str]:
    records = []
    for value, counts in _rows(table):
        total = sum(counts)
        record = {
            "word": run.lemma,
            "field": table.field,
            "value": value,
            "total": total,
            "senses": [
                {"sense": s + 1, "count": c, "share": round(c / total, 4) if total else 0.0}
                for s, c in enumerate(counts)
            ],
        }
        records.append(json.dumps(record, ensure_ascii=False))
    return records


# -- plot ------------------------------------------------------------------------------


@click.command()
@click.argument("word")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="PNG file to write.",
)
@click.option(
    "--by",
    "color_by",
    type=click.Choice(["sense", "label"]),
    default="sense",
    show_default=True,
    help="Colour by induced sense or by the stored sense label.",
)
@click.option(
    "--method", type=click.Choice(["pca"]), default="pca", show_default=True, help="2-D map."
)
@click.option("--n", "n", type=click.IntRange(min=1), help="Make N senses (default: chosen).")
@click.option(
    "--max-points",
    type=click.IntRange(min=10),
    default=3000,
    show_default=True,
    help="Plot a seeded sample of at most this many occurrences.",
)
@click.pass_obj
def plot(
    session: Session,
    word: str,
    output: Path,
    color_by: str,
    method: str,
    n: int | None,
    max_points: int,
) -> None:
    """A 2-D map (PCA) of WORD's occurrences, coloured by induced sense or stored label,
    with a few occurrences annotated: a PNG."""
    from sensegrep.senses import word_senses

    if output.suffix.lower() != ".png":
        raise click.BadParameter(f"expected a .png file name, got {output}", param_hint="-o")
    index = session.searcher().index
    run = word_senses(index, word, n, session.lang)
    data = _plot_data(index, run, color_by, max_points)
    _draw(data, output)
    click.echo(f"wrote {output} ({data.points} of {len(run.ids):,} occurrences)", err=True)


@dataclass
class _PlotData:
    """What the figure shows: 2-D points (``xy``), a group per point (``groups``, an
    index into ``names``, the legend), quoted occurrences (``notes``: x, y, text, group),
    where to write each sense's number (``centres``; none when coloured by label), and
    the share of variance of the two axes."""

    xy: Any
    groups: Any
    names: list[str]
    notes: list[tuple[float, float, str, int]]
    centres: list[tuple[float, float]]
    explained: tuple[float, float]
    points: int
    title: str


def _plot_data(index: Any, run: Any, color_by: str, max_points: int) -> _PlotData:
    import numpy as np

    from sensegrep.senses.induce import prepare

    rng = np.random.default_rng(0)
    keep = np.arange(len(run.ids))
    if len(keep) > max_points:
        keep = np.sort(rng.choice(len(keep), size=max_points, replace=False))
    # The annotated examples are always drawn, even when the sample missed them.
    per_sense = 2 if run.k <= 3 else 1
    annotated = [i for s in run.clusters[:MAX_NOTES] for i in s.examples[:per_sense]]
    keep = np.union1d(keep, np.flatnonzero(np.isin(run.ids, annotated)))
    ids = run.ids[keep]
    # The run was just checked against these occurrences: same ids, same order.
    found = index.candidates(run.lemma).take(keep)
    xy, explained = _pca(prepare(index.vectors_of(found)))
    if color_by == "label":
        groups, names = _label_groups(index, run, ids)
    else:
        groups = run.senses[keep] - 1
        names = [_sense_name(s, len(run.ids)) for s in run.clusters]
    centres = _group_centres(xy, groups, len(names)) if color_by == "sense" else []
    contexts = index.contexts(annotated)
    position = {int(i): p for p, i in enumerate(ids)}
    notes = [
        (*xy[position[i]], _snippet(contexts[i]), int(groups[position[i]]))
        for i in annotated
        if i in contexts
    ]
    return _PlotData(
        xy=xy,
        groups=groups,
        names=names,
        notes=notes,
        centres=centres,
        explained=explained,
        points=len(ids),
        title=_plot_title(run, color_by, len(names)),
    )


def _pca(x: Any) -> tuple[Any, tuple[float, float]]:
    """The first two principal components, and the share of variance each explains."""
    import numpy as np

    centred = x - x.mean(axis=0)
    if len(centred) < 2:
        return np.zeros((len(x), 2)), (0.0, 0.0)
    _u, s, vt = np.linalg.svd(centred, full_matrices=False)
    var = s**2 / max(float((s**2).sum()), 1e-12)
    xy = centred @ vt[:2].T
    if xy.shape[1] < 2:
        xy = np.column_stack([xy, np.zeros(len(xy))])
    return xy, (float(var[0]), float(var[1]) if len(var) > 1 else 0.0)


def _label_groups(index: Any, run: Any, ids: Any) -> tuple[Any, list[str]]:
    """Group per point by stored sense label: the 9 commonest labels, then "other"."""
    import numpy as np

    from sensegrep.errors import QueryError
    from sensegrep.senses.store import token_labels

    labels = token_labels(index, ids.tolist())
    # Several labels on one occurrence (space-separated): the first, as WSD scoring does.
    values = [((labels.get(int(i)) or "").split() or ["(no label)"])[0] for i in ids]
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    if set(counts) == {"(no label)"}:
        raise QueryError(
            f"no occurrence of {run.lemma!r} has a stored sense label "
            "(labels come from the input, e.g. CoNLL-U Sense= or Raganato keys); "
            "use --by sense"
        )
    top = sorted(counts, key=lambda v: (-counts[v], v))[:9]
    names = [f"{v} ({counts[v]:,})" for v in top]
    if len(counts) > len(top):
        rest = sum(c for v, c in counts.items() if v not in top)
        names.append(f"other ({rest:,})")
    group_of = {v: g for g, v in enumerate(top)}
    return np.array([group_of.get(v, len(top)) for v in values]), names


def _group_centres(xy: Any, groups: Any, n: int) -> list[tuple[float, float]]:
    """Where to write each sense's number: the median of its points."""
    import numpy as np

    return [
        tuple(np.median(xy[groups == g], axis=0)) if (groups == g).any() else (np.nan, np.nan)
        for g in range(n)
    ]


def _sense_name(sense: Any, total: int) -> str:
    words = ", ".join(w for w, _score in sense.collocates[:3])
    words = f": {words}" if words else ""
    return f"{sense.number}{words}  ({sense.size:,}, {sense.size / total:.0%})"


def _plot_title(run: Any, color_by: str, groups: int) -> str:
    senses = f"{run.k} induced sense{'s' if run.k != 1 else ''}"
    what = senses if color_by == "sense" else f"{groups} stored labels ({senses})"
    return f"“{run.lemma}”: {len(run.ids):,} occurrences, {what}"


def _snippet(ctx: Any) -> str:
    """A few words either side of the word: "…the grassy BANK above the ford…"."""
    left_words, right_words = ctx.left.split(), ctx.right.split()
    left = " ".join(left_words[-SNIPPET_WORDS:]) + (" " if ctx.left[-1:].isspace() else "")
    right = (" " if ctx.right[:1].isspace() else "") + " ".join(right_words[:SNIPPET_WORDS])
    more_left = "…" if len(left_words) > SNIPPET_WORDS else ""
    more_right = "…" if len(right_words) > SNIPPET_WORDS else ""
    return f"{more_left}{left}{ctx.form.upper()}{right}{more_right}"


def _draw(data: _PlotData, output: Path) -> None:
    """Object-oriented matplotlib on the Agg canvas: no display, no global state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 7.5), dpi=120, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    palette = _palette(len(data.names))
    for g, name in enumerate(data.names):
        mask = data.groups == g
        ax.scatter(
            data.xy[mask, 0],
            data.xy[mask, 1],
            s=_marker_size(len(data.xy)),
            color=palette[g],
            alpha=0.75,
            linewidths=0.4,
            edgecolors="white",
            label=name,
            zorder=2,
        )
    _number_centres(ax, data, palette)
    _decorate(fig, ax, data)
    # Lay the figure out once and freeze it: the notes are placed in screen space.
    fig.canvas.draw()
    fig.set_layout_engine("none")
    _annotate(ax, data, palette)
    try:
        fig.savefig(output, format="png")
    except OSError as exc:
        from sensegrep.errors import SensegrepError

        raise SensegrepError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _decorate(fig: Any, ax: Any, data: _PlotData) -> None:
    fig.suptitle(data.title, fontsize=15, x=0.01, ha="left")
    ax.set_title(
        "2-D map of the occurrence vectors (PCA); ringed points are quoted",
        fontsize=10,
        loc="left",
        color="0.35",
    )
    ax.set_xlabel(f"1st principal component ({data.explained[0]:.0%} of variance)")
    ax.set_ylabel(f"2nd principal component ({data.explained[1]:.0%} of variance)")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.margins(x=0.08, y=0.25)
    title = "sense: top collocates (occurrences, share)" if data.centres else "stored label"
    legend = ax.legend(loc="best", frameon=True, framealpha=0.9, fontsize=10, title=title)
    for handle in legend.legend_handles:
        handle.set_sizes([60.0])  # the same legible marker whatever the point size


def _annotate(ax: Any, data: _PlotData, palette: list) -> None:
    """Quote each note beside its point: away from the middle of the cloud vertically,
    towards it horizontally, moved further out (alternating sides) until it lies
    inside the axes and covers neither the legend nor an earlier note."""
    from matplotlib.text import Text

    renderer = ax.figure.canvas.get_renderer()
    inside = ax.get_window_extent(renderer)
    legend = ax.get_legend()
    # Keep clear of the legend and the big sense numbers too.
    placed = [t.get_window_extent(renderer) for t in ax.texts]
    placed += [legend.get_window_extent(renderer)] if legend is not None else []
    placed += [_around(ax, x, y) for x, y, _text, _group in data.notes]  # the ringed points
    mid = (data.xy.min(axis=0) + data.xy.max(axis=0)) / 2
    # Outermost points first: they take the slots nearest them, and the notes of
    # points further in go past them on the other side instead of crossing their lines.
    for x, y, text, group in sorted(data.notes, key=lambda note: -abs(note[1] - mid[1])):
        right, up = x > mid[0], y > mid[1]
        for step in range(16):
            side = (1 if up else -1) * (1 if step % 2 == 0 else -1)
            note = ax.annotate(
                text,
                xy=(x, y),
                xytext=(-12 if right else 12, side * (20 + 16 * (step // 2))),
                textcoords="offset points",
                fontsize=9,
                ha="right" if right else "left",
                va="bottom" if side > 0 else "top",
                bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": palette[group]},
                arrowprops={"arrowstyle": "-", "color": palette[group], "lw": 1.0},
                annotation_clip=False,
                zorder=4,
            )
            # The text's own extent (an Annotation's includes its connecting line),
            # once the offset is resolved to screen coordinates.
            note.update_positions(renderer)
            box = Text.get_window_extent(note, renderer).expanded(1.06, 1.5)
            fits = inside.x0 <= box.x0 and box.x1 <= inside.x1
            fits = fits and inside.y0 <= box.y0 and box.y1 <= inside.y1
            if fits and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            note.remove()
        ax.scatter([x], [y], s=90, facecolors="none", edgecolors="black", linewidths=1.2, zorder=3)


def _around(ax: Any, x: float, y: float, pixels: float = 9.0) -> Any:
    """A small screen-space box around a data point."""
    from matplotlib.transforms import Bbox

    px, py = ax.transData.transform((x, y))
    return Bbox([[px - pixels, py - pixels], [px + pixels, py + pixels]])


def _number_centres(ax: Any, data: _PlotData, palette: list) -> None:
    """Each sense's number over the middle of its points, outlined to stay legible."""
    from matplotlib import patheffects

    outline = [patheffects.withStroke(linewidth=4, foreground="white")]
    for g, (x, y) in enumerate(data.centres):
        if x == x:  # not NaN: the sense has points in the plotted sample
            ax.text(
                x,
                y,
                str(g + 1),
                fontsize=24,
                fontweight="bold",
                color=palette[g],
                ha="center",
                va="center",
                path_effects=outline,
                zorder=3,
            )


def _palette(n: int) -> list:
    from matplotlib import colormaps

    colors = colormaps["tab10"].colors
    return [colors[i % len(colors)] for i in range(max(n, 1))]


def _marker_size(points: int) -> float:
    return 60.0 if points < 200 else 25.0 if points < 1500 else 10.0


COMMANDS: list[click.Command] = [senses, plot]
