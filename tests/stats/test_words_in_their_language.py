"""`collocates WORD` and `export WORD` read WORD in the index's language, as `search
WORD` does: on Spanish text `collocates dijo` said "no occurrences of 'dijo' (by lemma)",
reading it as English, where `search dijo` found decir's lines (pass 35c); its nodes
(and the lines exported) are now those lines."""

from __future__ import annotations

from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError

TEXT = "Ella dijo que no. Luego dijo que sí. Nadie dice nada. Decir la verdad cuesta.\n"


def test_collocates_of_an_inflected_form_are_its_lemma_s_as_search_finds(tmp_path: Path) -> None:
    (tmp_path / "es.txt").write_text(TEXT, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "es.txt", vectors_for="none", lang="es").close()
    with sensegrep.open(folder) as idx:
        assert idx.search("dijo").total == 4  # dijo, dijo, dice, Decir: lemma decir
        table = idx.collocates("dijo", min_freq=1)
        assert table.searched == 'lemma "decir"'
        rows = {row["collocate"]: row for row in table}
        assert rows["que"]["freq"] == 2 and rows["que"]["node_freq"] == 4
        with pytest.raises(QueryError, match="no occurrences of 'cantaron'"):
            idx.collocates("cantaron")  # no token of its lemma: still an error


def test_export_of_an_inflected_form_is_its_lemma_s_as_search_finds(tmp_path: Path) -> None:
    """`export dijo` on Spanish text said no occurrence had it, reading it as English,
    where `search dijo` found decir's lines (pass 35c)."""
    (tmp_path / "es.txt").write_text(TEXT, encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, tmp_path / "es.txt", vectors_for="none", lang="es").close()
    with sensegrep.open(folder) as idx:
        text = idx.export("dijo", "csv")
        assert len(text.strip().splitlines()) == 1 + 4  # the header, decir's 4 lines
        assert len(idx.export("dijo", "csv", form=True).strip().splitlines()) == 1 + 2
