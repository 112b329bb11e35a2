"""The chart of ``senses WORD --by FIELD --plot FILE.png``: for a numeric field (year,
decade, bins of ``--bin-width``) a stacked sense timeline — at each value or bin, a bar
of the word's frequency per million tokens of that value's documents, cut into its
senses — and for a text field, grouped bars (one bar per sense per value). Drawn with
matplotlib on the Agg canvas, imported only here (as senses/plot.py draws its map).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.errors import QueryError, SensegrepError

if TYPE_CHECKING:
    from sensegrep.stats.timeline import SenseTimeline

MAX_TICK_LABELS = 40  # bins named under their bars; more are left to the number axis


@dataclass(frozen=True)
class Stacks:
    """A stacked timeline's bars: left edges ``x`` and ``widths``, and per sense its
    segment's ``bottoms`` and ``heights`` (per million), one column per bar."""

    labels: list[str]
    x: np.ndarray
    widths: np.ndarray
    bottoms: np.ndarray  # (senses, bars)
    heights: np.ndarray  # (senses, bars)


def _drawn(table: SenseTimeline, r: int) -> bool:
    """Whether row ``r`` of a numeric field's timeline has a place on the axis (a number
    or a bin; not ``(none)``) and tokens."""
    return bool(table.tokens[r]) and (
        table.bins[r] is not None or _number(table.values[r]) is not None
    )


def not_drawn(table: SenseTimeline) -> str | None:
    """What a numeric timeline's chart leaves out, in words (None: nothing): the
    occurrences of values with no place on its axis, ``(none)`` (documents without the
    field) or a text value. The table lists them; the chart said nothing of them, so
    its bars summed to fewer occurrences than the word has (issue 23)."""
    if not table.numeric:
        return None
    rows = [r for r in range(len(table.values)) if not _drawn(table, r)]
    count = sum(sum(table.counts[r]) for r in rows)
    if not count:
        return None
    occurrences = f"{count:,} occurrence{'' if count == 1 else 's'}"
    return f"{occurrences} in documents without a numeric {table.field} not drawn"


def stacks(table: SenseTimeline) -> Stacks:
    """The bars of a numeric field's timeline: every row with a place on the axis (a
    number or a bin; not ``(none)``) and tokens, at its value or bin start, as wide as
    its bin (without bins: 80 % of the closest gap between values)."""
    keep = [r for r in range(len(table.values)) if _drawn(table, r)]
    if not keep:
        raise QueryError(f"nothing to draw: no value of {table.field} is a number")
    if table.bins[keep[0]] is not None:
        x = np.array([table.bins[r][0] for r in keep], dtype=float)  # type: ignore[index]
        widths = np.array([table.bins[r][1] - table.bins[r][0] for r in keep], dtype=float)  # type: ignore[index]
    else:
        x = np.array([_number(table.values[r]) for r in keep], dtype=float)
        gaps = np.diff(np.unique(x))
        step = float(gaps.min()) if len(gaps) else 1.0
        widths = np.full(len(x), step)
        x = x - step / 2  # a bar centred on its value
    heights = np.array([[table.per_million[r][s] or 0.0 for r in keep] for s in range(table.k)])
    bottoms = np.vstack([np.zeros(len(keep)), np.cumsum(heights, axis=0)[:-1]])
    return Stacks([table.values[r] for r in keep], x, widths, bottoms, heights)


def draw(table: SenseTimeline, output: Path) -> None:
    """Write ``table``'s chart as a PNG; a SensegrepError when ``output`` cannot be
    written. Object-oriented matplotlib on the Agg canvas: no display, no global state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 6), dpi=120, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    colours = _colours(table.k)
    if table.numeric:
        _draw_stacks(ax, stacks(table), table, colours)
    else:
        _draw_groups(ax, table, colours)
    run = "not stored" if table.run is None else str(table.run)
    fig.suptitle(f"{table.word}: its senses by {table.field}", x=0.01, ha="left")
    left_out = not_drawn(table)
    ax.set_title(
        f"occurrences per million tokens of each value's documents; sense run {run}"
        + (f"\n{left_out}" if left_out else ""),
        fontsize=10,
        loc="left",
        color="0.35",
    )
    ax.set_ylabel("per million tokens")
    binned = f" (bins of {table.bin_width})" if table.bin_width else ""
    ax.set_xlabel(f"{table.field}{binned}")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    try:
        fig.savefig(output, format="png")
    except OSError as exc:
        raise SensegrepError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _draw_stacks(ax: Any, bars: Stacks, table: SenseTimeline, colours: list[Any]) -> None:
    for s in range(table.k):
        ax.bar(
            bars.x,
            bars.heights[s],
            width=bars.widths * 0.9,
            bottom=bars.bottoms[s],
            align="edge",
            color=colours[s],
            label=table.totals[s].name,
        )
    if table.bin_width is not None and len(bars.x) <= MAX_TICK_LABELS:  # else numbers
        ax.set_xticks(bars.x + bars.widths * 0.45, bars.labels, rotation=45, ha="right")


def _draw_groups(ax: Any, table: SenseTimeline, colours: list[Any]) -> None:
    x = np.arange(len(table.values), dtype=float)
    width = 0.8 / max(table.k, 1)
    for s in range(table.k):
        heights = [table.per_million[r][s] or 0.0 for r in range(len(table.values))]
        ax.bar(x + s * width, heights, width=width, align="edge", color=colours[s],
               label=table.totals[s].name)  # fmt: skip
    ax.set_xticks(x + 0.4, table.values, rotation=30 if len(x) > 6 else 0, ha="right")


def _colours(k: int) -> list[Any]:
    """A colour per sense, no two alike: tab10, tab20 beyond 10 senses, and k hues
    evenly spaced beyond 20 (tab20 was cycled: sense 21 took sense 1's colour)."""
    from matplotlib import colormaps

    if k <= 20:
        palette = colormaps["tab10" if k <= 10 else "tab20"]
        return [palette(i) for i in range(k)]
    return [colormaps["hsv"](i / k) for i in range(k)]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
