"""Named points where the kill-test harness (tests/test_kill_harness.py) stops the
process with a real SIGKILL, to prove that an index survives a kill at any step.

Set ``SENSEGREP_KILL_AT=NAME:N`` and the process kills itself the N-th time it reaches
``NAME``; unset (always, outside that test) ``reach`` costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

_ENV = "SENSEGREP_KILL_AT"
_hits: dict[str, int] = {}


def reach(name: str) -> None:
    target = os.environ.get(_ENV)
    if not target:
        return
    point, _, count = target.rpartition(":")
    if point != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if str(_hits[name]) == count:
        os.kill(os.getpid(), signal.SIGKILL)
