"""How many threads an encoder's forward passes use.

FAISS and torch share one OpenMP runtime, and storage keeps FAISS's OpenMP at one
thread (decoding a word's rows is small work): torch then ran its forward passes on
one thread too (issue 22). Encoders set their own count around each forward pass and
restore the caller's after, so FAISS stays at one thread where it decodes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_chosen: int | None = None


def set_encoder_threads(threads: int | None) -> None:
    """Threads for every encoder of this process (None: the default, all usable cores);
    a Ray actor gives its share of the cores here."""
    global _chosen
    _chosen = None if threads is None else max(1, int(threads))


def encoder_threads() -> int:
    """The count set above, else OMP_NUM_THREADS when the user set it, else the cores
    this process may run on."""
    if _chosen is not None:
        return _chosen
    asked = os.environ.get("OMP_NUM_THREADS", "").strip()
    if asked.isdigit() and int(asked) > 0:
        return int(asked)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def torch_threads(torch: Any, threads: int) -> Iterator[None]:
    """torch (and so OpenMP) at ``threads`` inside, the caller's count restored after."""
    before = torch.get_num_threads()
    if before != threads:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        if torch.get_num_threads() != before:
            torch.set_num_threads(before)
