"""``sensegrep.open(path, lang=…)`` reads queries in that language: one simplemma has no
dictionary for (Azerbaijani's ``az``) opened the index, and its first search raised
simplemma's ``ValueError: Unsupported language: az``, a traceback (pass 37g). It is now
refused when the index is opened, saying what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import SensegrepError


def test_a_query_language_without_a_dictionary_is_refused_on_opening(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Kır çiçekleri açtı. Işıklar kapandı.\n", encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "t.txt", vectors_for="none", lang="tr").close()
    with pytest.raises(SensegrepError) as raised, sensegrep.open(folder, lang="az") as idx:
        idx.search("kır")
    said = str(raised.value)
    assert said.startswith("lang='az': simplemma") and "leave lang out" in said, said
    with sensegrep.open(folder, lang="tr") as idx:
        assert idx.search("kır").total == 1
