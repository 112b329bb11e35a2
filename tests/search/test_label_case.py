"""A label is matched as written: `labels` and `search --count label` count money and
Money apart, so `search --label Money` and `collocates --label Money` take the
occurrences labelled Money alone. SQLite's LIKE, which found them, ignores the case of
ASCII letters, so `--label Money` also took every occurrence labelled money, and
`--label MONEY`, which no occurrence has, ranked by money's centroid unsaid (pass 37f)."""

from __future__ import annotations

import pytest

import sensegrep
from sensegrep.errors import QueryError


def _label_two_ways(built: sensegrep.SenseIndex) -> tuple[int, int]:
    """One occurrence labelled money, another Money; their ids."""
    ids = built.search("bank", k=4).ids
    built.label([ids[0]], "money")
    built.label([ids[1]], "Money")
    return ids[0], ids[1]


def test_a_label_of_other_case_is_another_label(built: sensegrep.SenseIndex) -> None:
    _, upper = _label_two_ways(built)
    assert built.labels("bank") == {"money": 1, "Money": 1}
    assert built.collocates("bank", label="Money", min_freq=1).node_freq == 1
    assert built.collocates("bank", label="money", min_freq=1).node_freq == 1
    # Ranked by the one occurrence labelled Money: it is its own nearest (cosine 1).
    ranked = built.search("bank", label="Money", k=4)
    assert ranked.ids[0] == upper
    assert ranked[0].score == pytest.approx(1.0, abs=1e-3)


def test_a_label_no_occurrence_has_in_that_case_is_an_error(
    built: sensegrep.SenseIndex,
) -> None:
    _label_two_ways(built)
    with pytest.raises(QueryError, match="no occurrence of 'bank' has that label"):
        built.search("bank", label="MONEY", k=4)
    with pytest.raises(QueryError, match="MONEY"):
        built.collocates("bank", label="MONEY", min_freq=1)


def test_a_label_text_of_two_labels_takes_the_occurrences_with_both(
    built: sensegrep.SenseIndex,
) -> None:
    ids = built.search("bank", k=4).ids
    built.label(ids[:2], "river side", notes=False)
    built.label([ids[2]], "river")
    assert built.collocates("bank", label="river side", min_freq=1).node_freq == 2
    assert built.collocates("bank", label="river", min_freq=1).node_freq == 3
    assert built.collocates("bank", label="side", min_freq=1).node_freq == 2
    with pytest.raises(QueryError, match="River"):
        built.collocates("bank", label="River side", min_freq=1)


def test_two_labels_are_found_in_either_order(built: sensegrep.SenseIndex) -> None:
    """An occurrence's labels are a set (`labels` counts each apart): --label "side
    river" took only the occurrences whose labels were written in that order, one of
    the three holding both here, and "river side" the other two (pass 37l)."""
    ids = built.search("bank", k=4).ids
    built.label(ids[:2], "river side", notes=False)
    built.label([ids[2]], "side river", notes=False)
    assert built.collocates("bank", label="river side", min_freq=1).node_freq == 3
    assert built.collocates("bank", label="side river", min_freq=1).node_freq == 3
