"""What commands share: the index folder, and the index and searcher once opened."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Session:
    """What commands share: the index folder, and the index and searcher once opened
    (the shell keeps them, with the encoder, across queries)."""

    index_dir: Path
    lang: str = "en"
    _searcher: Any = None
    defaults: dict[str, Any] = field(default_factory=dict)

    def searcher(self) -> Any:
        if self._searcher is None:
            from sensegrep.embedder import load_embedder_from_config
            from sensegrep.search.engine import Searcher
            from sensegrep.storage import Index

            index = Index.open(self.index_dir)
            self._searcher = Searcher(
                index, lambda: load_embedder_from_config(index.embedder_config), self.lang
            )
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.index.close()
            self._searcher = None
