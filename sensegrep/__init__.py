"""sensegrep: word-sense concordance search.

    import sensegrep

    with sensegrep.open("demo-index") as idx:
        idx.search("bank", example="we sat on the [[bank]] of the river", k=5).to_pandas()

Data flows text → indexer → embedder → storage; search reads storage and embedder. The
CLI, the shell, the web app and notebooks are thin layers over this API (``sensegrep.api``).
Importing sensegrep is cheap: numpy, SQLite and the encoder load when first needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sensegrep.version import __version__

__all__ = [
    "Hit",
    "Hits",
    "Neighbour",
    "QueryError",
    "Sense",
    "SenseIndex",
    "SensegrepError",
    "Senses",
    "Table",
    "__version__",
    "add",
    "build",
    "compare",
    "open",
]

if TYPE_CHECKING:
    from sensegrep.api import (
        Hit,
        Hits,
        Neighbour,
        Sense,
        SenseIndex,
        Senses,
        Table,
        add,
        build,
        compare,
        open,
    )
    from sensegrep.errors import QueryError, SensegrepError


def __getattr__(name: str) -> Any:
    # PEP 562: the API module (and what it imports) loads on first use, not on import.
    if name in ("QueryError", "SensegrepError"):
        from sensegrep import errors

        return getattr(errors, name)
    if name in __all__:
        from sensegrep import api

        return getattr(api, name)
    raise AttributeError(f"module 'sensegrep' has no attribute {name!r}")
