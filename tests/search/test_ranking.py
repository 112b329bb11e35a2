"""Ranking arithmetic, with seeded synthetic scores."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sensegrep.search.engine import _top


@given(st.lists(st.integers(0, 5), min_size=1, max_size=60), st.integers(1, 70))
def test_top_k_is_the_prefix_of_a_stable_descending_sort(values, k):
    scores = np.asarray(values, dtype=np.float32)
    full = np.argsort(-scores, kind="stable")
    assert list(_top(scores, None)) == list(full)
    top = _top(scores, k)
    assert len(top) == min(k, len(scores))
    # Same scores as the full sort's prefix; ties inside the top keep corpus order.
    assert list(scores[top]) == list(scores[full[: len(top)]])
    for a, b in pairwise(top):
        assert scores[a] > scores[b] or (scores[a] == scores[b] and a < b)


@given(st.lists(st.integers(0, 3), min_size=2, max_size=60), st.integers(1, 70))
def test_top_k_keeps_the_earliest_of_the_scores_tied_at_its_edge(values, k):
    """Pages of a ranked search are prefixes of one order: the top k is exactly the
    first k of the stable full sort, so a tie straddling the k-th line keeps corpus
    order (else the page of offset 5 showed lines the page of k=5 had, and missed others)."""
    scores = np.asarray(values, dtype=np.float32)
    full = np.argsort(-scores, kind="stable")
    assert list(_top(scores, k)) == list(full[:k])
