"""Bookkeeping between words, sub-word pieces, model windows and batches. No torch here.

A sentence is a flat array of piece ids plus ``offsets`` (n_words + 1): word ``i`` owns
pieces ``offsets[i]:offsets[i + 1]``, always at least one. A sentence longer than the
model's window is cut into overlapping windows of whole words; every piece takes its
vector from the window where its word sits farthest from an artificial window edge.
Nothing is truncated: a single word longer than a window is cut into window-sized
units, and its vector is still the mean over all of its pieces.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np


def word_pieces(
    piece_ids: Sequence[int], word_ids: Sequence[int | None], n_words: int, unk_id: int
) -> tuple[np.ndarray, np.ndarray]:
    """Group a tokeniser's pieces by word: (flat piece ids in word order, offsets).

    ``word_ids[k]`` is the word piece ``k`` came from (None for special tokens, which
    are dropped). A word that tokenised to nothing (an empty string, a zero-width
    space) gets the unknown token, exactly as if it had been replaced by it before
    tokenising, so every word gets a vector.
    """
    per_word: list[list[int]] = [[] for _ in range(n_words)]
    for piece, word in zip(piece_ids, word_ids, strict=True):
        if word is not None:
            per_word[word].append(int(piece))
    for pieces in per_word:
        if not pieces:
            pieces.append(unk_id)
    offsets = np.zeros(n_words + 1, dtype=np.int64)
    np.cumsum([len(p) for p in per_word], out=offsets[1:])
    ids = np.fromiter(chain.from_iterable(per_word), dtype=np.int64, count=int(offsets[-1]))
    return ids, offsets


def pool_pieces(vectors: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Mean of each word's pieces: (..., n_pieces, dim) -> (..., n_words, dim), float32."""
    counts = np.diff(offsets)
    if counts.size == 0:
        return np.zeros((*vectors.shape[:-2], 0, vectors.shape[-1]), dtype=np.float32)
    if (counts <= 0).any():
        raise ValueError("every word needs at least one piece")
    if vectors.shape[-2] != offsets[-1]:
        raise ValueError(f"{vectors.shape[-2]} piece vectors for {offsets[-1]} pieces")
    sums = np.add.reduceat(vectors, offsets[:-1], axis=-2)
    return (sums / counts[:, None]).astype(np.float32, copy=False)


@dataclass(frozen=True)
class WindowPlan:
    """Windows as piece ranges ``[start, end)``; ``source[p]`` = the window piece p is read from."""

    windows: list[tuple[int, int]]
    source: np.ndarray


def plan_windows(offsets: np.ndarray, limit: int) -> WindowPlan:
    """Overlapping windows of at most ``limit`` pieces covering every piece of a sentence."""
    if limit < 1:
        raise ValueError("a window must hold at least one piece")
    n_pieces = int(offsets[-1])
    if n_pieces <= limit:
        return WindowPlan([(0, n_pieces)], np.zeros(n_pieces, dtype=np.int64))
    units = _units(offsets, limit)
    spans = _unit_windows(units, limit)
    windows = [(units[first][0], units[last - 1][1]) for first, last in spans]
    source = np.empty(n_pieces, dtype=np.int64)
    for u, (start, end) in enumerate(units):
        source[start:end] = _most_central(u, units, spans, windows, n_pieces)
    return WindowPlan(windows, source)


def _units(offsets: np.ndarray, limit: int) -> list[tuple[int, int]]:
    """Words as piece ranges; a word longer than a window becomes several window-sized units."""
    units = []
    for start, end in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True):
        units.extend((s, min(s + limit, end)) for s in range(start, end, limit))
    return units


def _unit_windows(units: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Greedy windows of whole units ``[first, last)``, each starting about half a window on."""
    starts = [start for start, _ in units]
    spans = []
    first = 0
    while True:
        last = first + 1  # a unit never exceeds the limit, so a window holds at least one
        while last < len(units) and units[last][1] - units[first][0] <= limit:
            last += 1
        spans.append((first, last))
        if last == len(units):
            return spans
        # Start the next window half a window on, so a word near this window's end sits
        # near the middle of the next; never past `last`, so no unit is left uncovered.
        target = units[first][0] + limit // 2
        first = max(first + 1, bisect.bisect_left(starts, target, first + 1, last))


def _most_central(
    u: int,
    units: list[tuple[int, int]],
    spans: list[tuple[int, int]],
    windows: list[tuple[int, int]],
    n_pieces: int,
) -> int:
    """The window where unit u has the most context on its nearer artificial side.

    The sentence's own start and end are not artificial: context there is complete.
    """
    centre = (units[u][0] + units[u][1]) / 2
    best, best_margin = -1, -1.0
    for k, (first, last) in enumerate(spans):
        if not first <= u < last:
            continue
        start, end = windows[k]
        left = centre - start if start > 0 else float("inf")
        right = end - centre if end < n_pieces else float("inf")
        margin = min(left, right)
        if margin > best_margin:
            best, best_margin = k, margin
    return best


def gather_pieces(window_vectors: Sequence[np.ndarray], plan: WindowPlan) -> np.ndarray:
    """One vector per piece, each from its source window: (..., window_len, dim) each ->
    (..., n_pieces, dim)."""
    if len(plan.windows) == 1:
        return window_vectors[0]
    first = window_vectors[0]
    out = np.empty((*first.shape[:-2], len(plan.source), first.shape[-1]), dtype=first.dtype)
    for k, (start, end) in enumerate(plan.windows):
        local = np.flatnonzero(plan.source[start:end] == k)
        out[..., start + local, :] = window_vectors[k][..., local, :]
    return out


def length_batches(
    lengths: Sequence[int], token_budget: int, max_batch: int | None = None
) -> list[list[int]]:
    """Indices grouped into batches of similar length.

    Sorting by length keeps padding small; a batch's padded size (rows x longest row)
    stays within ``token_budget`` unless one item alone is longer. Results come back in
    the caller's order through the indices (see ``in_input_order``).
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        full = max_batch is not None and len(current) >= max_batch
        if current and (full or (len(current) + 1) * lengths[i] > token_budget):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def in_input_order(batches: Sequence[Sequence[int]], outputs: Sequence[Sequence]) -> list:
    """Undo ``length_batches``: outputs[b][j] belongs to input batches[b][j]."""
    result: list = [None] * sum(len(b) for b in batches)
    for batch, batch_out in zip(batches, outputs, strict=True):
        for i, value in zip(batch, batch_out, strict=True):
            result[i] = value
    return result
