"""The result records are lists, and their list methods must not pass for sensegrep's
words (issue 23): ``hits.sort`` is the keys the lines are sorted by, never a sort by
KWIC keys that would silently order only this page; ``hits.count()`` is not HTTP's
``count``. List behaviour (``len``, ``count(x)``, ``sort(key=…)``) stays."""

from __future__ import annotations

import pytest

from sensegrep.api.remote import decode, encode
from sensegrep.errors import SensegrepError


def test_hits_sort_names_the_keys_and_a_sort_by_keys_points_to_search(built):
    found = built.search("bank", sort="doc")
    assert found.sort == "doc" and isinstance(found.sort, str)
    with pytest.raises(SensegrepError, match=r"pass sort='right1,left1' to search\(\)"):
        found.sort("right1,left1")
    assert built.search("bank").sort == ""


def test_hits_sort_with_a_key_function_sorts_these_lines_as_a_list_does(built):
    found = built.search("bank")
    found.sort(key=lambda hit: hit.id, reverse=True)
    assert found.ids == sorted(found.ids, reverse=True)
    assert found.sort == ""  # no longer in the order of any sort keys


def test_hits_count_without_a_value_says_where_the_numbers_are(built):
    found = built.search("bank", k=2)
    with pytest.raises(SensegrepError, match=r"len\(hits\).*hits\.total"):
        found.count()
    assert found.count(found[0]) == 1 and len(found) == 2 and found.total == 4
    table = built.count("bank", "doc")
    with pytest.raises(SensegrepError, match=r"len\(counts\).*counts\.counted"):
        table.count()
    assert table.count(table[0]) == 1


def test_a_servers_hits_keep_their_sort_keys(built):
    found = decode("search", encode(built.search("bank", sort="doc")))
    assert found.sort == "doc"
    with pytest.raises(SensegrepError, match="pass sort="):
        found.sort("doc")
