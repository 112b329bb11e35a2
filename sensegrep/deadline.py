"""A time limit on one request's work, and its cancellation when the caller has gone.

Python cannot stop a thread from outside, and a query's work is Python loops and numpy
calls in the thread that answers it. So the work stops itself: the loops that can run
long whatever the corpus (the CQL automaton, both pattern matchers, the statistics'
per-item loops) call ``check()``, which raises once the limit set around them has
passed (``TimeLimitError``) or its caller has gone (``RequestCancelled``). The web app
sets one per request (``serve --time-limit``, and the client's connection); the command
line and the library set none, and then a check costs one context-variable lookup.

The limit is a context variable: a worker thread that answers a request (Starlette's
thread pool copies the context into it) sees the limit of that request only.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sensegrep.errors import RequestCancelled, TimeLimitError


@dataclass(frozen=True)
class _Limit:
    seconds: float  # as set (math.inf: none), for the message
    ends: float  # time.monotonic() past which work stops
    gone: threading.Event | None  # set when the caller has gone


_CURRENT: ContextVar[_Limit | None] = ContextVar("sensegrep_time_limit", default=None)


@contextmanager
def time_limit(seconds: float | None, gone: threading.Event | None = None) -> Iterator[None]:
    """Inside, the work that checks stops with ``TimeLimitError`` once ``seconds`` have
    passed (None: no limit), or with ``RequestCancelled`` once ``gone`` is set. Inside
    another limit, the earlier end holds."""
    now = time.monotonic()
    ends = math.inf if seconds is None else now + seconds
    outer = _CURRENT.get()
    if outer is not None and outer.ends < ends:
        seconds, ends = outer.seconds, outer.ends
    token = _CURRENT.set(_Limit(math.inf if seconds is None else seconds, ends, gone))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def check() -> None:
    """Raise if the work in progress must stop (see the module's docstring)."""
    limit = _CURRENT.get()
    if limit is None:
        return
    if limit.gone is not None and limit.gone.is_set():
        raise RequestCancelled("the request was cancelled: its client has gone")
    if time.monotonic() > limit.ends:
        raise TimeLimitError(
            f"the query ran past the time limit of {limit.seconds:g} s and was stopped: "
            "narrow it (a literal word or lemma in the pattern, fewer or shorter "
            "repetitions, a where filter) or run it with the command line",
            limit.seconds,
        )
