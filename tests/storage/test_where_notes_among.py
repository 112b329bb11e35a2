"""A --where note of the documents a condition leaves out (another case, no number)
counts those the other conditions and --doc keep (pass 40i)."""

from __future__ import annotations

from pathlib import Path

import sensegrep

from ..helpers import write_jsonl


def test_a_note_of_another_case_counts_what_the_other_conditions_keep(tmp_path: Path) -> None:
    """Pass 40i: `--where genre=letter --where year=1850..1855` said it left out "30
    documents whose genre is 'Letter'" (every one in the index), though none of them was
    in 1850..1855: the search left none out. The note counts the documents the other
    conditions keep, and says nothing when they keep none; so does a range's note of
    the values that are no number."""
    records = [
        {"id": "a", "text": "The ward.", "genre": "letter", "year": 1852},
        {"id": "b", "text": "The ward.", "genre": "Letter", "year": 1860},
        {"id": "c", "text": "The ward.", "genre": "Letter", "year": 1870},
        {"id": "d", "text": "The ward.", "genre": "Letter", "year": 1871},
        {"id": "e", "text": "The ward.", "genre": "report", "year": "c. 1870"},
        {"id": "f", "text": "The ward.", "genre": "letter", "year": "c. 1880"},
    ]
    path = write_jsonl(tmp_path / "letters.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        alone = index.search("ward", where={"genre": "letter"}).notes
        assert [n for n in alone if "another case" in n] == [
            "where genre=letter leaves out 3 documents whose genre is 'Letter', the same "
            "in another case (values are matched as written): where genre=letter,Letter "
            "takes them too"
        ]
        early = index.search("ward", where={"genre": "letter", "year": "1850..1855"})
        assert [h.doc for h in early] == ["a"]
        assert not [n for n in early.notes if "another case" in n]
        later = index.search("ward", where={"genre": "letter", "year": "1850..1865"})
        assert [n for n in later.notes if "another case" in n] == [
            "where genre=letter leaves out 1 document whose genre is 'Letter', the same "
            "in another case (values are matched as written): where genre=letter,Letter "
            "takes it too"
        ]
        # 'c. 1870' is a report's year: a search of letters leaves out only 'c. 1880'
        dated = index.search("ward", where={"genre": "letter", "year": "1850..1900"})
        assert [n for n in dated.notes if "no number" in n] == [
            "where year=1850..1900 leaves out 1 document whose year is no number "
            "('c. 1880'): no range of numbers takes it"
        ]


def test_a_note_of_another_case_counts_only_the_documents_doc_keeps(tmp_path: Path) -> None:
    """Pass 40i: `--where genre=letter --doc a` (a letter) said it left out the 3
    'Letter' documents of the index, which --doc left out anyway: a search and a
    statistic say nothing then, and count those --doc keeps."""
    records = [
        {"id": "a", "text": "The ward.", "genre": "letter"},
        {"id": "b", "text": "The ward.", "genre": "Letter"},
        {"id": "c", "text": "The ward.", "genre": "Letter"},
        {"id": "d", "text": "The ward.", "genre": "Letter"},
    ]
    path = write_jsonl(tmp_path / "letters.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        found = index.search("ward", where={"genre": "letter"}, doc=["a"])
        assert [h.doc for h in found] == ["a"]
        assert not [n for n in found.notes if "another case" in n]
        assert not [
            n for n in index.freq(where={"genre": "letter"}, doc=["a"]).notes if "case" in n
        ]
        two = index.search("ward", where={"genre": "letter"}, doc=["a", "b"])
        assert [n for n in two.notes if "another case" in n] == [
            "where genre=letter leaves out 1 document whose genre is 'Letter', the same "
            "in another case (values are matched as written): where genre=letter,Letter "
            "takes it too"
        ]
