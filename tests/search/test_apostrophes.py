"""A form search for a word with an apostrophe says how many more matches write the
apostrophe the other way: French and Italian text mixes the straight ' and the
typographic ’ (one file of a corpus typed, another typeset), a form is matched as
written, and "search l'homme --form" gave 1 match with no word of the 2 others."""

from __future__ import annotations

import json
from pathlib import Path

import sensegrep

from ..helpers import run


def test_the_other_apostrophe_is_counted_in_a_note(runner, tmp_path: Path) -> None:
    texts = ["L'homme est là.", "L’homme est parti.", "Il voit l’homme.", "Un homme."]
    path = tmp_path / "fr.jsonl"
    lines = [
        json.dumps({"id": f"f{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    idx = tmp_path / "idx"
    with sensegrep.build(idx, path, lang="fr", vectors_for="none") as index:
        straight = index.search("l'homme", form=True)
        curly = index.search("l’homme", form=True)
        lemma = index.search("l'homme")
    assert straight.total == 1 and curly.total == 2
    assert "2 more matches write the apostrophe as ’ (typographic)" in straight.notes[-1]
    assert "1 more match writes the apostrophe as ' (straight)" in curly.notes[-1]
    assert lemma.total == 4 and not any("apostrophe" in n for n in lemma.notes)
    code, _out, err = run(runner, idx, "search", "l'homme", "--form")
    assert code == 0 and "search 'l’homme' --form finds them" in err, err


def test_a_word_cut_into_tokens_counts_the_other_apostrophe(tmp_path: Path) -> None:
    """English "don't" is cut into do n't and searched as those forms without --form
    too: its 0 matches said nothing of the "don’t" typeset beside it."""
    texts = ["I don’t know.", "They don’t care.", "We didn't go."]
    path = tmp_path / "en.jsonl"
    lines = [
        json.dumps({"id": f"e{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    idx = tmp_path / "idx"
    with sensegrep.build(idx, path, vectors_for="none", tagger="none") as index:
        straight = index.search("don't")
        curly = index.search("don’t")
    assert straight.total == 0 and curly.total == 2
    assert any(
        "2 more matches write the apostrophe as ’ (typographic): search 'don’t' finds" in n
        for n in straight.notes
    ), straight.notes
    assert not any("apostrophe" in n for n in curly.notes)


def test_the_modifier_letter_apostrophe_is_counted_in_a_note(runner, tmp_path: Path) -> None:
    """Ukrainian text is typeset with the modifier letter apostrophe U+02BC as well as
    the straight and typographic ones: `search м'ясо --form` found the 2 written with ',
    and neither said the мʼясо nor the м’ясо beside them (pass 38e)."""
    texts = ["Я люблю м'ясо.", "Мʼясо дороге.", "Він їсть мʼясо.", "Де м’ясо?", "М'ясо тут."]
    path = tmp_path / "uk.jsonl"
    lines = [
        json.dumps({"id": f"u{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    idx = tmp_path / "idx"
    with sensegrep.build(idx, path, lang="uk", vectors_for="none", tagger="none") as index:
        straight = index.search("м'ясо", form=True)
        letter = index.search("мʼясо", form=True)
    assert straight.total == 2 and letter.total == 2
    assert any(
        "2 more matches write the apostrophe as ʼ (the letter U+02BC): search 'мʼясо' form=True"
        in n
        for n in straight.notes
    ), straight.notes
    assert any("1 more match writes the apostrophe as ’ (typographic)" in n for n in straight.notes)
    assert any(
        "2 more matches write the apostrophe as ' (straight): search \"м'ясо\" form=True" in n
        for n in letter.notes
    ), letter.notes
    code, _out, err = run(runner, idx, "search", "м'ясо", "--form")
    assert code == 0 and "search 'мʼясо' --form finds them" in err, err


def test_a_count_says_the_other_apostrophe_as_the_search_does(tmp_path: Path) -> None:
    """`search l'homme --form --count doc` counted the straight spelling alone, and its
    notes said nothing of the typographic one that the search's did (pass 38e)."""
    texts = ["L'homme est là.", "L’homme est parti.", "Il voit l’homme."]
    path = tmp_path / "fr.jsonl"
    lines = [
        json.dumps({"id": f"f{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", path, lang="fr", vectors_for="none") as index:
        counts = index.count("l'homme", "doc", form=True)
    assert [row["count"] for row in counts] == [1]
    assert any("2 more matches write the apostrophe as ’ (typographic)" in n for n in counts.notes)
