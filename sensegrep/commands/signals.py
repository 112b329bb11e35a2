"""A signal that unwinds a command as Ctrl-C does: its ``finally`` blocks run (a server's
announcement withdrawn, an export's FILE.part removed), where the default action ended
the process at once."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def exiting_on(signum: int) -> Iterator[None]:
    """While inside, ``signum`` raises SystemExit (status 128 + signum) in the main
    thread; the handler it replaced is put back after. Outside the main thread, where
    no handler can be set, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(number: int, _frame: Any) -> None:
        raise SystemExit(128 + number)

    previous = signal.signal(signum, leave)
    try:
        yield
    finally:
        signal.signal(signum, previous)
