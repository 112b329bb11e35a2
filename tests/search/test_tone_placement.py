"""Vietnamese writes the tone mark of a syllable ending in oa, oe or uy on either vowel:
the older placement (*hoà*, *khoẻ*, *thuý*) and the newer (*hòa*, *khỏe*, *thúy*) are one
word to a reader, and texts mix them, so `search "hòa bình"` found the half of the
corpus written so, unsaid (pass 37g). The result now counts the other spelling's matches
under the same filters and gives the pattern that takes both."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError

RECORDS = [
    {"id": "d1", "genre": "news", "text": "Người dân muốn hòa bình. Học sinh khỏe."},
    {"id": "d2", "genre": "news", "text": "Chính phủ bảo vệ hoà bình và hoà bình."},
    # decomposed, as text copied from some sources is: still the older placement
    {"id": "d3", "genre": "forum", "text": unicodedata.normalize("NFD", "Hoà bình là quý.")},
]


def _index(tmp_path: Path) -> Path:
    path = tmp_path / "vi.jsonl"
    lines = (json.dumps(r, ensure_ascii=False) for r in RECORDS)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, path, vectors_for="none", tagger="none").close()
    return folder


def _said(notes: list[str]) -> list[str]:
    return [n for n in notes if "tone mark on the other vowel" in n]


def test_a_search_says_the_matches_written_with_the_other_tone_placement(
    tmp_path: Path,
) -> None:
    with sensegrep.open(_index(tmp_path)) as idx:
        hits = idx.search("hòa bình")
        assert hits.total == 1
        (note,) = _said(hits.notes)
        assert note.startswith("3 more matches write a tone mark on the other vowel"), note
        pattern = '[word="hòa|hoà"%c] [word="bình"%c]'
        assert "(hoà for hòa:" in note and pattern in note
        assert idx.search("", cql=pattern).total == 4
        (note,) = _said(idx.search("hoà bình", where="genre=news").notes)
        assert note.startswith("1 more match writes"), note  # d1's hòa bình
        # a syllable with a final consonant or quy (one placement), a word without one
        for quiet in (idx.search("bình"), idx.search("quý"), idx.search("dân")):
            assert not _said(quiet.notes)


def test_a_search_of_the_other_spelling_alone_says_it_in_its_error(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as idx, pytest.raises(QueryError) as raised:
        idx.search("khoẻ")
    assert "1 more match writes a tone mark on the other vowel" in str(raised.value)
