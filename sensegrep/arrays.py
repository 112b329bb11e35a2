"""Array helpers that numpy offers at a cost a search cannot pay.

``np.unique`` of numpy 2.3 and later finds the distinct values of an integer array with
a hash table, which on a million token or document ids takes one to two seconds (a
sort and a comparison take ten milliseconds): ids are deduplicated here instead.
"""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (``np.unique``'s answer), by a sort; no sort at
    all when they ascend already (token ids in corpus order)."""
    values = np.asarray(values)
    if len(values) < 2:
        return values.copy()
    if not bool((values[1:] >= values[:-1]).all()):
        values = np.sort(values)
    new = np.empty(len(values), dtype=bool)
    new[0] = True
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return values[new]
