"""What a search computed once, kept for the next pages of the same query: the totals of
all its matches (and the sizes they are measured against), so that paging (offset 20,
40 …) in the web app, the shell or the API does not count every match again.

Each entry is kept under the index state it was computed on (storage's
``index_state``: the token store's segments and removed documents, the vector shards,
the last ids), and every entry goes when that state changes: an add, a removal, a
compaction or ``vectors add``, by this process or another. A few entries at most, the
least recently used going first: a totals entry is a few numbers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")

ENTRIES = 32  # queries kept (a web app's recent searches, each paged through)


class StateCache(Generic[Value]):
    """A small LRU of values computed on one index state, emptied when it changes.
    Safe to share between threads (the web app answers requests in several)."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._state: Hashable | None = None
        self._lock = threading.Lock()

    def get(self, state: Hashable, key: Hashable) -> Value | None:
        """The value kept for ``key`` on ``state`` (None: none)."""
        with self._lock:
            if state != self._state:
                return None
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, state: Hashable, key: Hashable, value: Value) -> None:
        """Keep ``value`` for ``key``, computed on ``state`` (forgetting every value of
        another state, and the least recently used beyond ``entries``)."""
        with self._lock:
            if state != self._state:
                self._values.clear()
                self._state = state
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.entries:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._state = None

    def __len__(self) -> int:
        return len(self._values)
