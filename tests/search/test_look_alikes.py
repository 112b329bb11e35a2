"""A search of a Cyrillic or Greek word says how many more matches write it with Latin
letters that look like some of its own: text typed with two keyboard layouts, or read by
OCR, writes Ukrainian Дiти with a Latin i, which a reader cannot tell from Діти, and
`search діти` left it out unsaid (pass 38e)."""

from __future__ import annotations

from pathlib import Path

import sensegrep

from ..helpers import run, write_jsonl


def _index(tmp_path: Path) -> Path:
    write_jsonl(
        tmp_path / "uk.jsonl",
        [
            {"id": "u1", "text": "Діти ходять до школи. Дiти грають у дворі."},
            {"id": "u2", "text": "Наші діти вчаться добре. Το σπίτι, τo σπίτι."},
        ],
    )
    folder = tmp_path / "idx"
    sensegrep.build(
        folder, tmp_path / "uk.jsonl", lang="uk", vectors_for="none", tagger="none"
    ).close()
    return folder


def test_latin_look_alikes_in_a_cyrillic_word_are_counted_in_a_note(tmp_path, runner) -> None:
    folder = _index(tmp_path)
    with sensegrep.open(folder) as idx:
        form = idx.search("діти", form=True)
        in_u2 = idx.search("діти", form=True, doc=["u2"])
        counts = idx.count("діти", "doc", form=True)
    assert form.total == 2 and in_u2.total == 1
    said = [n for n in form.notes if "Latin letters" in n]
    assert len(said) == 1, form.notes
    assert said[0].startswith(
        "1 more match writes 'діти' another way (Дiти: 1), with Latin letters (i)"
    )
    assert '[word="дiти"%c]' in said[0]
    assert not [n for n in in_u2.notes if "Latin letters" in n]  # (under the same filters)
    assert any("Latin letters (i)" in n for n in counts.notes)
    code, _out, err = run(runner, folder, "search", "діти", "--form", "--format", "kwic")
    assert code == 0 and "lists it (--cql)" in err, err


def test_a_latin_o_in_a_greek_text_is_counted_in_a_note(tmp_path) -> None:
    folder = _index(tmp_path)
    with sensegrep.open(folder) as idx:
        article = idx.search("το", form=True)
    assert article.total == 1
    assert any(
        "1 more match writes 'το' another way (τo: 1), with Latin letters (o) for the Greek" in n
        for n in article.notes
    ), article.notes
