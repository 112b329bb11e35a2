"""What commands share: the index folder, and the index once opened."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sensegrep.api import SenseIndex


@dataclass
class Session:
    """What commands share: the index folder, and the index once opened (the shell
    keeps it, with its encoder, across queries)."""

    index_dir: Path
    db: str | None = None  # a PostgreSQL URL (--db); None: SENSEGREP_DB or the manifest's
    lang: str | None = None  # queries' language (None: the index's own, else English)
    defaults: dict[str, Any] = field(default_factory=dict)
    index_given: bool = False  # --index or SENSEGREP_INDEX named it (not the default)
    # The index state each search was last answered at, and the sense run of its
    # --sense, by the search without its offset: the shell says when a later page of
    # one was read at another state, or of another run.
    page_states: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    _index: SenseIndex | None = None

    def index(self) -> SenseIndex:
        """The index, opened through the library API on first use."""
        if self._index is None:
            from sensegrep import api

            self._index = api.open(self.index_dir, lang=self.lang, db=self.db)
        return self._index

    @property
    def opened(self) -> bool:
        """Whether the index is open in this process (the shell's, with its encoder)."""
        return self._index is not None

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
