"""Query pieces shared by the storage modules."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlalchemy import func, select, text


def id_list(ids: Iterable[int] | np.ndarray) -> Any:
    """A subquery over many ids, passed as one JSON parameter (no bound-variable limit)."""
    values = ids.tolist() if isinstance(ids, np.ndarray) else [int(i) for i in ids]
    return select(text("value")).select_from(func.json_each(json.dumps(values)))
