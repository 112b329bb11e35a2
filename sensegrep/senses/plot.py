"""The 2-D map of a word's occurrences (``sensegrep plot``): PCA of their stored vectors,
grouped by induced sense or stored label, with a few occurrences quoted.

:func:`plot_data` computes what the figure shows (coordinates, groups, legend, notes)
with numpy only, so other front ends can draw it their own way; :func:`draw` renders
it as a PNG with matplotlib, imported only there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.errors import QueryError, SensegrepError
from sensegrep.senses.induce import prepare

if TYPE_CHECKING:
    from sensegrep.senses.runs import Sense, SenseRun
    from sensegrep.storage import Index, OccurrenceContext

MAX_POINTS = 3000  # occurrences plotted by default (a seeded sample beyond that)
SNIPPET_WORDS = 4  # words either side of the word in a note
MAX_NOTES = 8  # senses whose typical examples are quoted on the plot


@dataclass
class PlotData:
    """What the figure shows: 2-D points (``xy``), a group per point (``groups``, an
    index into ``names``, the legend), quoted occurrences (``notes``: x, y, text, group),
    where to write each sense's number (``centres``; none when coloured by label), the
    share of variance of the two axes, and the line under the title (``subtitle``: it
    says when the points are a sample of the occurrences the title counts)."""

    xy: np.ndarray
    groups: np.ndarray
    names: list[str]
    notes: list[tuple[float, float, str, int]]
    centres: list[tuple[float, float]]
    explained: tuple[float, float]
    points: int
    title: str
    subtitle: str = "2-D map of the occurrence vectors (PCA); ringed points are quoted"


def plot_data(
    index: Index, run: SenseRun, color_by: str = "sense", max_points: int = MAX_POINTS
) -> PlotData:
    """The 2-D map of ``run``'s occurrences (a seeded sample of at most ``max_points``,
    plus the quoted ones), grouped by induced sense (``color_by="sense"``) or by stored
    label (``"label"``; a QueryError when the word has none)."""
    keep, annotated = _sample(run, max_points)
    ids = run.ids[keep]
    found = index.candidates_by_id(ids.tolist())
    xy, explained = pca(prepare(index.vectors_of(found)))
    if color_by == "label":
        groups, names = _label_groups(index, run, ids)
    else:
        groups = run.senses[keep] - 1
        names = [_sense_name(s, len(run.ids)) for s in run.clusters]
    return PlotData(
        xy=xy,
        groups=groups,
        names=names,
        notes=_notes(index, annotated, ids, xy, groups),
        centres=_group_centres(xy, groups, len(names)) if color_by == "sense" else [],
        explained=explained,
        points=len(ids),
        title=_plot_title(run, color_by, len(names)),
        subtitle=_subtitle(len(ids), len(run.ids)),
    )


def _subtitle(points: int, occurrences: int) -> str:
    """The line under the title; when only a sample is drawn it says so, as the title
    counts every occurrence of the run (the figure showed 25 points under '87
    occurrences' and nothing said they were a sample: issue 23)."""
    line = "2-D map of the occurrence vectors (PCA); ringed points are quoted"
    if points < occurrences:
        line += f"\na seeded sample drawn: {points:,} of the {occurrences:,} occurrences"
    return line


def _sample(run: SenseRun, max_points: int) -> tuple[np.ndarray, list[int]]:
    """Positions in ``run.ids`` to plot (sorted), and the ids of the occurrences to quote:
    the first typical examples of the biggest senses."""
    rng = np.random.default_rng(0)
    keep = np.arange(len(run.ids))
    per_sense = 2 if run.k <= 3 else 1
    annotated = [i for s in run.clusters[:MAX_NOTES] for i in s.examples[:per_sense]]
    if len(keep) > max_points:
        # The annotated examples are always drawn, and count among the max_points (the
        # sample drawn beside them once made `--max-points 10` draw 12).
        quoted = np.flatnonzero(np.isin(run.ids, annotated))
        others = np.setdiff1d(keep, quoted)
        room = min(max(max_points - len(quoted), 0), len(others))
        keep = np.union1d(quoted, rng.choice(others, size=room, replace=False))
    return keep, annotated


def _notes(
    index: Index, annotated: list[int], ids: np.ndarray, xy: np.ndarray, groups: np.ndarray
) -> list[tuple[float, float, str, int]]:
    """(x, y, snippet, group) of each quoted occurrence."""
    contexts = index.contexts(annotated)
    position = {int(i): p for p, i in enumerate(ids)}
    return [
        (*xy[position[i]], _snippet(contexts[i]), int(groups[position[i]]))
        for i in annotated
        if i in contexts
    ]


def pca(x: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """The first two principal components, and the share of variance each explains."""
    centred = x - x.mean(axis=0)
    if len(centred) < 2:
        return np.zeros((len(x), 2)), (0.0, 0.0)
    _u, s, vt = np.linalg.svd(centred, full_matrices=False)
    var = s**2 / max(float((s**2).sum()), 1e-12)
    xy = centred @ vt[:2].T
    if xy.shape[1] < 2:
        xy = np.column_stack([xy, np.zeros(len(xy))])
    return xy, (float(var[0]), float(var[1]) if len(var) > 1 else 0.0)


# As labels/labelling.py names a prediction's group (a feature package of its own row,
# which this one may not import).
_PREDICTED_MARK = " (predicted)"


def _label_groups(index: Index, run: SenseRun, ids: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Group per point by stored sense label: the 9 commonest labels, then "other". A
    label classify --apply predicted is a group of its own, ``LABEL (predicted)``, as
    ``--count label`` counts it (the legend's "closure (18)" held 13 guesses)."""
    found = index.occurrence_labels(ids.tolist())  # id -> (pos, label, source)

    def value(i: int) -> str:
        _pos, label, source = found.get(i, (None, None, None))
        # Several labels on one occurrence (space-separated): the first, as WSD scoring does.
        first = ((label or "").split() or ["(no label)"])[0]
        return first + _PREDICTED_MARK if label and source == "predicted" else first

    values = [value(int(i)) for i in ids]
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


def _group_centres(xy: np.ndarray, groups: np.ndarray, n: int) -> list[tuple[float, float]]:
    """Where to write each sense's number: the median of its points."""
    return [
        tuple(np.median(xy[groups == g], axis=0)) if (groups == g).any() else (np.nan, np.nan)
        for g in range(n)
    ]


def _sense_name(sense: Sense, total: int) -> str:
    words = ", ".join(w for w, _score in sense.collocates[:3])
    words = f": {words}" if words else ""
    return f"{sense.number}{words}  ({sense.size:,}, {sense.size / total:.0%})"


def _plot_title(run: SenseRun, color_by: str, groups: int) -> str:
    senses = f"{run.k} induced sense{'s' if run.k != 1 else ''}"
    senses += f" (run {run.id})" if run.id is not None else ""
    what = senses if color_by == "sense" else f"{groups} groups by stored label; {senses}"
    return f"“{run.lemma}”: {len(run.ids):,} occurrences, {what}"


def _snippet(ctx: OccurrenceContext) -> str:
    """A few words either side of the word: "…the grassy BANK above the ford…"."""
    left_words, right_words = ctx.left.split(), ctx.right.split()
    left = " ".join(left_words[-SNIPPET_WORDS:]) + (" " if ctx.left[-1:].isspace() else "")
    right = (" " if ctx.right[:1].isspace() else "") + " ".join(right_words[:SNIPPET_WORDS])
    more_left = "…" if len(left_words) > SNIPPET_WORDS else ""
    more_right = "…" if len(right_words) > SNIPPET_WORDS else ""
    return f"{more_left}{left}{ctx.form.upper()}{right}{more_right}"


def draw(data: PlotData, output: Path) -> None:
    """Write ``data`` as a PNG; a SensegrepError when ``output`` cannot be written.
    Object-oriented matplotlib on the Agg canvas: no display, no global state."""
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
        raise SensegrepError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _decorate(fig: Any, ax: Any, data: PlotData) -> None:
    fig.suptitle(data.title, fontsize=15, x=0.01, ha="left")
    ax.set_title(
        data.subtitle,
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


def _annotate(ax: Any, data: PlotData, palette: list) -> None:
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


def _number_centres(ax: Any, data: PlotData, palette: list) -> None:
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
    """A colour per group, no two alike, as the web pages colour senses (choices.py's
    sense_colour: tab10 was cycled, so sense 11 took sense 1's colour on the map and in
    the legend, issue 23; and its third was green where the pages' is red)."""
    from sensegrep.choices import sense_rgb

    return [sense_rgb(i) for i in range(max(n, 1))]


def _marker_size(points: int) -> float:
    return 60.0 if points < 200 else 25.0 if points < 1500 else 10.0


# -- the map as data (the web app draws it) ------------------------------------------


@dataclass
class SenseMap:
    """Occurrences on the first two principal components of their vectors, scaled to
    0…1, with their induced sense (from 1) in sense run ``run`` (None: not stored)."""

    word: str
    k: int
    occurrences: int
    ids: list[int]
    xy: list[tuple[float, float]]
    senses: list[int]
    explained: tuple[float, float]
    run: int | None = None
    # A sense run made for the map because the word had none, or one of n=N stored but
    # not current (SenseIndex.sense_map): what plot's notes say.
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "k": self.k,
            "run": self.run,
            "stored": self.run is not None,
            "occurrences": self.occurrences,
            "explained": list(self.explained),
            "notes": list(self.notes),
            "points": [
                {"id": i, "x": round(x, 5), "y": round(y, 5), "sense": s}
                for i, (x, y), s in zip(self.ids, self.xy, self.senses, strict=True)
            ],
        }


def sense_map(index: Index, run: SenseRun, max_points: int = 2000) -> SenseMap:
    """PCA of the stored vectors of a sense run's occurrences (a seeded sample of at most
    ``max_points``), prepared as sense induction prepares them, scaled into 0…1."""
    keep = np.arange(len(run.ids))
    if len(keep) > max_points:
        keep = np.sort(np.random.default_rng(0).choice(len(keep), max_points, replace=False))
    ids = run.ids[keep]
    vectors = index.vectors_of(index.candidates_by_id(ids.tolist()))
    xy, (first, second) = pca(prepare(vectors))
    return SenseMap(
        word=run.lemma,
        k=run.k,
        occurrences=len(run.ids),
        ids=[int(i) for i in ids],
        xy=[(float(x), float(y)) for x, y in _unit_square(xy)],
        senses=[int(s) for s in run.senses[keep]],
        explained=(round(first, 4), round(second, 4)),
        run=run.id,
    )


def _unit_square(xy: np.ndarray) -> np.ndarray:
    """Both axes scaled by the same factor into 0…1 (distances keep their meaning)."""
    if not len(xy):
        return xy
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = float((high - low).max()) or 1.0
    return (xy - low) / span + (1 - (high - low) / span) / 2
