"""A word written with AntConc's wildcards (``bank*``, ``*ing``) is searched as written:
its "no occurrences" says that * wildcards nothing and gives the pattern that does, and
that pattern finds the forms."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError


def test_a_wildcard_word_says_which_pattern_finds_it(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Banks and bankers were banking on the bank.\n")
    with sensegrep.build(tmp_path / "idx", tmp_path / "t.txt", vectors_for="none",
                         tagger="none") as idx:  # fmt: skip
        for word, pattern in (("bank*", '[word="bank.*" %c]'), ("*ing", '[word=".*ing" %c]')):
            with pytest.raises(QueryError) as raised:
                idx.search(word)
            assert "no wildcards" in str(raised.value)
            assert f"cql '{pattern}'" in str(raised.value)  # the API's spelling of --cql
        assert [h.form for h in idx.search(cql='[word="bank.*" %c]')] == [
            "Banks", "bankers", "banking", "bank",
        ]  # fmt: skip
        assert [h.form for h in idx.search(cql='[word=".*ing" %c]')] == ["banking"]
