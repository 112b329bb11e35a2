"""Named points where the kill-test harness (tests/storage/test_kill_harness.py) stops the
process with a real SIGKILL, to prove that an index survives a kill at any step.

Set ``SENSEGREP_KILL_AT=NAME:N`` and the process kills itself the N-th time it reaches
``NAME``; unset (always, outside that test) ``reach`` costs one dictionary lookup.

``SENSEGREP_KILL_ONCE=NAME=MARKER`` kills the first process that reaches ``NAME``, once
across all processes: that process creates the file ``MARKER`` first, and a process that
finds it there goes on. It is for workers that get restarted (Ray actors), which a
per-process count would kill again on every restart.
"""

from __future__ import annotations

import os
import signal

_ENV = "SENSEGREP_KILL_AT"
_ONCE_ENV = "SENSEGREP_KILL_ONCE"
_hits: dict[str, int] = {}


def reach(name: str) -> None:
    once = os.environ.get(_ONCE_ENV)
    if once:
        _kill_once(name, once)
    target = os.environ.get(_ENV)
    if not target:
        return
    point, _, count = target.rpartition(":")
    if point != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if str(_hits[name]) == count:
        os.kill(os.getpid(), signal.SIGKILL)


def environment() -> dict[str, str]:
    """The failpoint settings a worker process must be given to honour them."""
    value = os.environ.get(_ONCE_ENV)
    return {_ONCE_ENV: value} if value else {}


def _kill_once(name: str, spec: str) -> None:
    point, _, marker = spec.partition("=")
    if point != name:
        return
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return
    os.kill(os.getpid(), signal.SIGKILL)
