"""Per-word centring of search scores (search/centring.py): the math against values
worked out by hand, and the ranking it gives through the Searcher."""

from __future__ import annotations

import numpy as np
import pytest

from sensegrep.search.centring import (
    PLAIN,
    UNLIKE_WEIGHT,
    Scoring,
    centred_lengths,
    centred_rows,
    scoring_for,
    word_centre,
)

# Three occurrences in 2-d: east, north, west. Their mean is (0, 1/3).
OCCURRENCES = np.array([[2.0, 0.0], [0.0, 1.0], [-1.0, 0.0]], dtype=np.float32)
IDS = np.array([10, 11, 12])


def test_the_centre_is_the_mean_of_the_unit_vectors_with_each_centred_length():
    centre = word_centre(IDS, OCCURRENCES)  # (2, 0) counts as the unit (1, 0)
    assert centre.mean == pytest.approx([0.0, 1 / 3])
    # |(1, -1/3)| = sqrt(10)/3, |(0, 2/3)| = 2/3, |(-1, -1/3)| = sqrt(10)/3
    assert centre.lengths == pytest.approx([np.sqrt(10) / 3, 2 / 3, np.sqrt(10) / 3])
    pieces = word_centre(IDS, [OCCURRENCES[:2], OCCURRENCES[2:]])  # decoded in chunks
    assert pieces.mean == pytest.approx(centre.mean)
    assert pieces.lengths == pytest.approx(centre.lengths)


def test_a_zero_vector_counts_as_zero_in_the_mean_and_has_the_means_length():
    # Its unit row stays zero: the mean of (1, 0), (0, 1) and 0 is (1/3, 1/3), and its
    # centred length is |μ| = sqrt(2)/3.
    vectors = np.array([[3.0, 0.0], [0.0, 0.5], [0.0, 0.0]], dtype=np.float32)
    centre = word_centre(IDS, vectors)
    assert centre.mean == pytest.approx([1 / 3, 1 / 3])
    assert centre.lengths[2] == pytest.approx(np.sqrt(2) / 3)
    assert centre.lengths[0] == pytest.approx(np.linalg.norm([2 / 3, -1 / 3]))


def test_centred_lengths_equal_the_length_of_the_difference():
    rng = np.random.default_rng(0)
    units = centred_rows(rng.standard_normal((5, 4)), np.zeros(4))
    mean = rng.standard_normal(4).astype(np.float32) / 3
    assert centred_lengths(units, mean) == pytest.approx(np.linalg.norm(units - mean, axis=1))


def _scores(positive: list[float], negative: list[float] | None = None) -> np.ndarray:
    centre = word_centre(IDS, OCCURRENCES)
    direction = centred_rows(np.array([positive]), centre.mean)[0]
    if negative is not None:
        direction = direction - UNLIKE_WEIGHT * centred_rows(np.array([negative]), centre.mean)[0]
    scoring = scoring_for(centre.of(IDS), direction)
    units = centred_rows(OCCURRENCES, np.zeros(2))
    return scoring(units @ direction)


def test_a_centred_score_is_the_cosine_after_subtracting_the_mean():
    # Positive (1, 1)/√2: centred (0.70711, 0.37377), length 0.79982 → d = (0.88409, 0.46732).
    # East centred and scaled: (0.94868, -0.31623) → 0.83872 - 0.14778 = 0.69094;
    # north: (0, 1) → 0.46732; west: (-0.94868, -0.31623) → -0.98650.
    assert _scores([1.0, 1.0]) == pytest.approx([0.69094, 0.46732, -0.98650], abs=1e-4)
    # By plain cosine east and north tie (0.70711 each): centring tells them apart.
    plain = centred_rows(OCCURRENCES, np.zeros(2)) @ centred_rows(np.array([[1.0, 1.0]]),
                                                                  np.zeros(2))[0]  # fmt: skip
    assert plain[0] == pytest.approx(plain[1])


def test_an_unlike_usage_counts_half():
    # Negative north: centred (0, 2/3) → (0, 1); east's score 0.69094 − 0.5 · (−0.31623)
    # = 0.84906, north's 0.46732 − 0.5 · 1 = −0.03268, west's −0.98650 + 0.15811 = −0.82839.
    assert UNLIKE_WEIGHT == 0.5
    assert _scores([1.0, 1.0], [0.0, 3.0]) == pytest.approx([0.84906, -0.03268, -0.82839], abs=1e-4)


def test_an_occurrence_at_the_mean_scores_zero_and_strangers_have_no_centre():
    centre = word_centre(np.array([1, 2]), np.array([[1.0, 0.0], [1.0, 0.0]]))
    assert centre.lengths == pytest.approx([0.0, 0.0])
    scoring = scoring_for(centre.of(np.array([1, 2])), np.array([0.0, 1.0]))
    assert scoring(np.array([0.3, 0.3])).tolist() == [0.0, 0.0]
    assert centre.of(np.array([1, 3])) is None
    assert scoring_for(None, np.array([0.0, 1.0])) is PLAIN
    assert PLAIN(np.array([0.25])).tolist() == [0.25]


def test_some_candidates_take_their_own_lengths():
    centre = word_centre(IDS, OCCURRENCES)
    some = centre.of(np.array([10, 12]))
    assert some is not None
    assert some.inverse_lengths == pytest.approx([3 / np.sqrt(10), 3 / np.sqrt(10)])
    every = centre.of(IDS)
    assert every is not None and every.inverse_lengths == pytest.approx(
        [3 / np.sqrt(10), 1.5, 3 / np.sqrt(10)]
    )
    # (cosine − 0.2) · 1/length for candidates 0 (east, cosine 0.5) and 2 (west, 0.7).
    scoring = Scoring(0.2, every.inverse_lengths)
    assert scoring(np.array([0.5, 0.7]), np.array([0, 2])) == pytest.approx(
        [0.3 * 3 / np.sqrt(10), 0.5 * 3 / np.sqrt(10)]
    )
    assert scoring.centred
