"""sensegrep/arrays.py: distinct values as np.unique gives them, by a sort."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sensegrep.arrays import distinct


@given(st.lists(st.integers(min_value=-5, max_value=40), max_size=60), st.booleans())
def test_distinct_is_np_unique(values, ascending):
    array = np.asarray(sorted(values) if ascending else values, dtype=np.int64)
    found = distinct(array)
    assert found.dtype == array.dtype
    assert found.tolist() == np.unique(array).tolist()
    assert found is not array  # a new array, as np.unique's
