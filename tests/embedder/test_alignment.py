"""Property tests of the word / piece / window / batch bookkeeping (no model needed)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sensegrep.embedder.alignment import (
    gather_pieces,
    in_input_order,
    length_batches,
    plan_windows,
    pool_pieces,
    word_pieces,
)

UNK = 100

# Pieces per word: mostly short words, some that tokenise to nothing, some very long.
piece_counts = st.lists(st.one_of(st.integers(0, 4), st.integers(5, 80)), min_size=0, max_size=60)
limits = st.integers(1, 40)


def offsets_of(counts: list[int]) -> np.ndarray:
    """Offsets after word_pieces: a zero-piece word has become one unk piece."""
    return np.concatenate([[0], np.cumsum([max(c, 1) for c in counts])]).astype(np.int64)


def tokeniser_output(counts: list[int], n_specials: tuple[int, int]):
    """What a fast tokenizer returns: piece ids with word ids, specials marked None."""
    piece_ids, word_ids = [1] * n_specials[0], [None] * n_specials[0]
    for word, count in enumerate(counts):
        piece_ids += [1000 + 10 * word + k for k in range(count)]
        word_ids += [word] * count
    piece_ids += [2] * n_specials[1]
    word_ids += [None] * n_specials[1]
    return piece_ids, word_ids


@given(piece_counts, st.tuples(st.integers(0, 2), st.integers(0, 2)))
def test_word_pieces_gives_every_word_its_pieces_or_unk(counts, n_specials):
    piece_ids, word_ids = tokeniser_output(counts, n_specials)
    ids, offsets = word_pieces(piece_ids, word_ids, len(counts), UNK)
    assert len(offsets) == len(counts) + 1
    assert offsets[0] == 0 and offsets[-1] == len(ids)
    for word, count in enumerate(counts):
        mine = ids[offsets[word] : offsets[word + 1]].tolist()
        assert mine == ([1000 + 10 * word + k for k in range(count)] if count else [UNK])


@given(piece_counts, st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_pooled_vector_is_the_mean_of_its_pieces(counts, n_layers, seed):
    offsets = offsets_of(counts)
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n_layers, int(offsets[-1]), 5)).astype(np.float32)
    pooled = pool_pieces(vectors, offsets)
    assert pooled.shape == (n_layers, len(counts), 5)
    assert pooled.dtype == np.float32
    for word in range(len(counts)):
        expected = vectors[:, offsets[word] : offsets[word + 1]].mean(axis=1)
        np.testing.assert_allclose(pooled[:, word], expected, rtol=1e-5, atol=1e-5)


@given(piece_counts, limits)
def test_windows_fit_the_model_and_cover_every_piece(counts, limit):
    offsets = offsets_of(counts)
    n = int(offsets[-1])
    plan = plan_windows(offsets, limit)
    covered = np.zeros(n, dtype=bool)
    for start, end in plan.windows:
        assert 0 <= start <= end <= n
        assert end - start <= limit
        covered[start:end] = True
    assert covered.all()
    if n <= limit:
        assert plan.windows == [(0, n)]
    # consecutive windows overlap or touch: no gap, and they move forward
    for (s0, e0), (s1, _) in zip(plan.windows, plan.windows[1:], strict=False):
        assert s0 < s1 <= e0
    assert len(plan.source) == n
    for p, k in enumerate(plan.source.tolist()):
        start, end = plan.windows[k]
        assert start <= p < end


@given(piece_counts, limits)
def test_a_word_that_fits_is_read_whole_from_one_window(counts, limit):
    offsets = offsets_of(counts)
    plan = plan_windows(offsets, limit)
    for word in range(len(counts)):
        start, end = int(offsets[word]), int(offsets[word + 1])
        if end - start > limit:
            continue  # an over-long word is necessarily read from several windows
        sources = set(plan.source[start:end].tolist())
        assert len(sources) == 1
        w_start, w_end = plan.windows[sources.pop()]
        assert w_start <= start and end <= w_end


@given(st.lists(st.integers(1, 3), min_size=1, max_size=200), st.integers(24, 64))
def test_each_word_is_read_where_it_is_most_central(counts, limit):
    """With short words, every word keeps about a quarter window of context each side."""
    offsets = offsets_of(counts)
    n = int(offsets[-1])
    plan = plan_windows(offsets, limit)
    longest = max(counts)
    for word in range(len(counts)):
        start, end = int(offsets[word]), int(offsets[word + 1])
        w_start, w_end = plan.windows[int(plan.source[start])]
        centre = (start + end) / 2
        left = centre - w_start if w_start > 0 else np.inf
        right = w_end - centre if w_end < n else np.inf
        assert min(left, right) >= limit / 4 - longest


@given(piece_counts, limits, st.integers(0, 2**32 - 1))
def test_window_outputs_reassemble_to_one_vector_per_word(counts, limit, seed):
    """A context-free fake model: every piece has a fixed vector, whichever window it is
    read from, so reassembled words must equal the plain mean of their pieces."""
    offsets = offsets_of(counts)
    rng = np.random.default_rng(seed)
    table = rng.standard_normal((2, int(offsets[-1]), 3)).astype(np.float32)
    plan = plan_windows(offsets, limit)
    outputs = [table[:, start:end] for start, end in plan.windows]
    pieces = gather_pieces(outputs, plan)
    np.testing.assert_array_equal(pieces, table)
    words = pool_pieces(pieces, offsets)
    assert words.shape == (2, len(counts), 3)
    np.testing.assert_allclose(words, pool_pieces(table, offsets), rtol=1e-6)


@given(piece_counts, limits)
def test_context_dependent_vectors_come_from_the_assigned_window(counts, limit):
    offsets = offsets_of(counts)
    plan = plan_windows(offsets, limit)
    # window k stamps its own index on every piece it outputs
    outputs = [
        np.full((end - start, 1), k, dtype=np.float32)
        for k, (start, end) in enumerate(plan.windows)
    ]
    pieces = gather_pieces(outputs, plan)
    np.testing.assert_array_equal(pieces[:, 0], plan.source.astype(np.float32))


@settings(max_examples=200)
@given(
    st.lists(st.integers(1, 600), max_size=80),
    st.integers(1, 4096),
    st.one_of(st.none(), st.integers(1, 16)),
)
def test_length_batches_partition_and_respect_the_budget(lengths, budget, max_batch):
    batches = length_batches(lengths, budget, max_batch)
    flat = sorted(i for batch in batches for i in batch)
    assert flat == list(range(len(lengths)))
    for batch in batches:
        assert batch
        padded = len(batch) * max(lengths[i] for i in batch)
        assert padded <= budget or len(batch) == 1
        if max_batch is not None:
            assert len(batch) <= max_batch
    # results come back in input order
    outputs = [[f"out{i}" for i in batch] for batch in batches]
    assert in_input_order(batches, outputs) == [f"out{i}" for i in range(len(lengths))]


def test_length_batches_group_similar_lengths():
    lengths = [5, 100, 6, 101, 7, 99]
    batches = length_batches(lengths, token_budget=303)
    assert [sorted(b) for b in batches] == [[0, 2, 4], [1, 3, 5]]


def test_empty_sentence_has_no_pieces_and_one_empty_window():
    offsets = np.zeros(1, dtype=np.int64)
    plan = plan_windows(offsets, 8)
    assert plan.windows == [(0, 0)]
    assert pool_pieces(np.zeros((0, 4), np.float32), offsets).shape == (0, 4)
