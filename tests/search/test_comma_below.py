"""Romanian ș and ț, and the ş and ţ with a cedilla that older fonts and keyboards write
for them: one letter to a Romanian reader, and real files mix them. simplemma's
dictionary knows some words in one spelling and some in the other (şcoala kept as
itself, școala: școală), so `search școală` counted the comma-below half alone and
`search şcoală` found nothing, unsaid (pass 36d). Romanian lemmas now read the cedilla
as the comma; a search by form, which matches as written, says what it leaves out."""

from __future__ import annotations

import json
from pathlib import Path

import sensegrep
from sensegrep.text import lemma_of

TEXTS = [
    "Şcoala noastră e veche.",
    "Am văzut şcoala din oraş.",
    "Școala din sat s-a închis.",
    "Copiii merg la școală în oraș.",
]


def _index(tmp_path: Path) -> Path:
    path = tmp_path / "ro.jsonl"
    lines = [
        json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(TEXTS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    idx = tmp_path / "idx"
    sensegrep.build(idx, path, lang="ro", vectors_for="none").close()
    return idx


def test_romanian_lemmas_read_a_cedilla_as_the_comma_below() -> None:
    assert lemma_of("Şcoala", "ro") == lemma_of("Școala", "ro") == "școală"
    assert lemma_of("oraş", "ro") == lemma_of("oraș", "ro") == "oraș"
    assert lemma_of("ştiut", "ro") == lemma_of("știut", "ro")
    # Turkish writes ş with a cedilla alone: read as written there
    assert "ș" not in lemma_of("şehirde", "tr")


def test_a_search_by_lemma_finds_both_spellings_of_s_and_t(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as index:
        comma = index.search("școală")
        cedilla = index.search("şcoală")
        town = index.search("oraș")
        rows = {row["item"]: row["freq"] for row in index.freq(by="lemma", k=100)}
    # şcoala ×2, Școala, școală; oraş, oraș
    assert comma.total == 4 and cedilla.total == 4 and town.total == 2
    assert rows["școală"] == 4 and "şcoala" not in rows and rows["oraș"] == 2


def test_a_search_by_form_says_what_it_leaves_out_for_the_other_letter(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path)) as index:
        comma = index.search("școala", form=True)
        cedilla = index.search("şcoala", form=True)
        town = index.search("oraș", form=True, doc="d3")
    assert comma.total == 1 and cedilla.total == 2
    assert any(
        "2 more matches write 'școala'" in n and '[word="[șş]coala"%c & word!="școala"%c]' in n
        for n in comma.notes
    ), comma.notes
    assert any("1 more match writes 'şcoala'" in n for n in cedilla.notes), cedilla.notes
    assert not any("cedilla" in n for n in town.notes), town.notes  # (d3: none other)


def test_a_romanian_search_says_what_it_leaves_out_written_without_diacritics(
    tmp_path: Path,
) -> None:
    """Romanian text is often typed without its diacritics (școala as scoala, țară as
    tara): `search școală` found the one written with them and said nothing of the
    others (pass 36d). It says how many tokens may write the word's forms without any,
    and a word whose only tokens are written so is no bare "no occurrences"."""
    import pytest

    from sensegrep.errors import QueryError

    texts = ["Am mers la scoala din sat.", "Scoala e veche.", "Școala e nouă.", "Fața mea."]
    texts += ["Fata citește."]  # fata: fată's, a word of its own, not față without marks
    path = tmp_path / "ro.jsonl"
    lines = [
        json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sensegrep.build(tmp_path / "idx", path, lang="ro", vectors_for="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        hits = index.search("școală")
        form = index.search("școala", form=True)
        face = index.search("față")  # fața: written with its diacritics, no other
        with pytest.raises(QueryError) as raised:
            index.search("țară")
    assert hits.total == 1 and form.total == 1
    (note,) = [n for n in hits.notes if "without its diacritics" in n]
    assert note.startswith("2 more tokens may write 'școală' without its diacritics (scoala: 2)")
    assert '[word="scoala"%c]' in note
    assert any("2 more tokens may write 'școala'" in n for n in form.notes), form.notes
    assert not any("diacritics" in n for n in face.notes), face.notes
    assert "without its diacritics" not in str(raised.value)  # no tara in the text


def test_other_languages_say_nothing_of_words_without_diacritics(tmp_path: Path) -> None:
    path = tmp_path / "es.jsonl"
    texts = ["Esta casa está lejos.", "Esta es mía."]
    lines = [
        json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sensegrep.build(tmp_path / "idx", path, lang="es", vectors_for="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        hits = index.search("está", form=True)
    assert not any("diacritics" in n for n in hits.notes), hits.notes
