"""Accents, stress marks and vowel points a text writes here and there: Greek capitals
drop their accents (ΛΟΓΟΣ is λόγος), Russian marks stress (замо́к) and Arabic or Hebrew
their vowels (كَتَبَ, שָׁלוֹם) only at times, and a search (case-insensitive) took each
spelling as another word without a word: `search λόγος` said 1 match where the text has
3. It says how many it leaves out so, and the %d pattern that lists them; a letter of
its own written with a mark (Russian й) is not among them."""

from __future__ import annotations

import json
from pathlib import Path

import sensegrep

RECORDS = [
    {"id": "el1", "text": "Ο λόγος μετρά. ΛΟΓΟΣ ΚΑΙ ΠΡΑΞΗ.", "genre": "a"},
    {"id": "el2", "text": "Ο λόγος πάλι.", "genre": "b"},
    {"id": "ru1", "text": "Старый замо\u0301к и новый замок. Мой дом, мои дома.", "genre": "a"},
    {"id": "ru2", "text": "Ёлка и елка.", "genre": "a"},
    {"id": "ar1", "text": "كَتَبَ الولد. كتب الطالب.", "genre": "a"},
]


def _index(tmp_path: Path, lang: str) -> Path:
    path = tmp_path / "marks.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    idx = tmp_path / f"idx-{lang}"
    sensegrep.build(idx, path, lang=lang, vectors_for="none").close()
    return idx


def _marks_notes(result) -> list[str]:
    return [n for n in result.notes if "with other accents or marks" in n]


def test_a_search_says_what_it_leaves_out_for_other_accents_or_marks(tmp_path: Path) -> None:
    with sensegrep.open(_index(tmp_path, "el")) as index:
        lower = index.search("λόγος", form=True)
        upper = index.search("ΛΟΓΟΣ")
        filtered = index.search("λόγος", form=True, where="genre=b")
        counted = index.count("λόγος", "form", form=True)
        listed = index.search(cql='[word="λογος"%cd]')
    assert lower.total == 2 and listed.total == 3
    (note,) = _marks_notes(lower)
    assert note.startswith("1 more match writes 'λόγος' with other accents or marks, or none")
    assert "(ΛΟΓΟΣ: 1)" in note and '[word="λογος"%cd]' in note
    assert any("(λόγος: 2)" in n for n in _marks_notes(upper)), upper.notes
    assert not _marks_notes(filtered)  # ΛΟΓΟΣ is in another genre
    assert _marks_notes(counted) == _marks_notes(lower)


def test_stress_marks_and_vowel_points_are_noted_and_letters_of_their_own_not(
    tmp_path: Path,
) -> None:
    with sensegrep.open(_index(tmp_path, "ru")) as index:
        castle = index.search("замок", form=True)
        mine = index.search("мой", form=True)
        wrote = index.search("كتب", form=True)
        english = index.search("дом", form=True)
        fir = index.search("ёлка", form=True)
    assert castle.total == 1
    assert any("1 more match writes 'замок'" in n and "замо\u0301к: 1" in n for n in castle.notes)
    assert not _marks_notes(mine)  # мои is another word: й is a letter, not и + a mark
    assert any("(كَتَبَ: 1)" in n for n in _marks_notes(wrote)), wrote.notes
    assert not _marks_notes(english)
    assert any("(елка: 1)" in n for n in _marks_notes(fir)), fir.notes  # ё written е


def test_a_tatweel_is_no_letter_to_percent_d_and_is_noted(tmp_path: Path) -> None:
    """The Arabic tatweel (kashida, U+0640) stretches a word: المدرســة is المدرسة, which
    `%d` did not find nor a search say."""
    path = tmp_path / "ar.jsonl"
    text = "المدرسة كبيرة. المدرســة جديدة."
    path.write_text(json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\n")
    with sensegrep.build(tmp_path / "idx", path, lang="ar", vectors_for="none") as index:
        assert index.search(cql='[word="المدرسة"%d]').total == 2
        found = index.search("المدرسة", form=True)
    assert found.total == 1
    assert any("(المدرســة: 1)" in n for n in _marks_notes(found)), found.notes


def test_percent_d_takes_a_letter_with_a_stroke_as_its_bare_letter(tmp_path: Path) -> None:
    """Polish ł, Danish ø, Croatian đ: a diacritic that Unicode does not decompose, so
    `%d` kept it, and `"zolw"%d` found *zolw* but not *żółw* (nor `"lodz"%cd` *Łódź*)
    while `"zolw"%d` said it ignored diacritics."""
    path = tmp_path / "pl.jsonl"
    text = "Żółw z Łodzi. Słowo żółw bez liter to zolw. Łódź i Ørsted, Đorđe."
    path.write_text(json.dumps({"id": "p", "text": text}, ensure_ascii=False) + "\n")
    with sensegrep.build(tmp_path / "idx", path, lang="pl", vectors_for="none") as index:
        assert index.search(cql='[word="zolw"%d]').total == 2  # żółw, zolw
        assert index.search(cql='[word="żółw"%cd]').total == 3
        assert index.search(cql='"lodz.*"%cd').total == 2  # Łodzi, Łódź
        assert index.search(cql='[word="orsted"%cd] "," [word="dorde"%cd]').total == 1
        assert index.search(cql='[word="zolw"]').total == 1  # without %d: as written


def test_posix_classes_take_every_script_s_letters_as_cqp_does(tmp_path: Path) -> None:
    """RE2's `[[:upper:]]` is ASCII: `[word="[[:upper:]]\\w+"]` found *Kobiety* but not
    *Łódź* nor *Żółw*, unsaid, where CQP (PCRE with Unicode properties) takes them."""
    path = tmp_path / "pl.jsonl"
    text = "Kobiety i Łódź. Żółw śpi 12 razy."
    path.write_text(json.dumps({"id": "p", "text": text}, ensure_ascii=False) + "\n")
    with sensegrep.build(tmp_path / "idx", path, lang="pl", vectors_for="none") as index:
        upper = index.search(cql='[word="[[:upper:]]\\w+"]')
        assert sorted(h.form for h in upper) == ["Kobiety", "Łódź", "Żółw"]
        assert index.search(cql='[word="[[:lower:]]+"]').total == 3  # i, śpi, razy
        assert index.search(cql='[word="[[:alpha:]]+"]').total == 6
        assert index.search(cql='[word="[^[:alpha:][:digit:]]+"]').total == 2  # the dots


def test_posix_punct_takes_every_script_s_punctuation_as_cqp_does(tmp_path: Path) -> None:
    """Pass 35i: `[[:punct:]]` stayed RE2's ASCII class: `[word="[[:punct:]]"]` missed
    Polish „ and ” and a French «, unsaid, where CQP (PCRE with Unicode properties)
    takes every punctuation mark, and ASCII symbols as POSIX has them."""
    path = tmp_path / "pl.jsonl"
    text = "Ala ma „kota” i « psa » oraz 5 $ + 3."
    path.write_text(json.dumps({"id": "p", "text": text}, ensure_ascii=False) + "\n")
    with sensegrep.build(tmp_path / "idx", path, lang="pl", vectors_for="none") as index:
        punct = sorted(h.form for h in index.search(cql='[word="[[:punct:]]+"]'))
        assert punct == sorted(["„", "”", "«", "»", "$", "+", "."])


def test_a_search_by_lemma_notes_the_spellings_its_lemma_leaves_out_not_its_matches(
    tmp_path: Path,
) -> None:
    """simplemma gives всё the lemma весь, and a capitalised Всё or Все the lemma всё.
    `search всё` searches the lemma всё (the index has it) and found Все and Всё, while
    its note, reckoned from весь, said "2 more matches write 'всё' with other accents or
    marks (Все: 1, Всё: 1)": the very matches it listed, the one left out (всё) unsaid."""
    path = tmp_path / "ru.jsonl"
    text = "Всё было хорошо. Все пришли. Это всё."
    path.write_text(json.dumps({"id": "r", "text": text}, ensure_ascii=False) + "\n")
    with sensegrep.build(tmp_path / "idx", path, lang="ru", vectors_for="none") as index:
        found = index.search("всё")
        lemmas = {hit.form: hit.lemma for hit in index.search(cql='[word="вс[её]"%c]')}
    assert lemmas == {"Всё": "всё", "Все": "всё", "всё": "весь"}  # (simplemma's)
    assert sorted(hit.form for hit in found) == ["Все", "Всё"]
    assert not _marks_notes(found), found.notes
    (note,) = [n for n in found.notes if "with another lemma" in n]
    assert note.startswith("1 more token is written 'всё' with another lemma (весь: 1)")


def test_the_pattern_a_note_names_lists_the_matches_and_the_ones_left_out(
    tmp_path: Path,
) -> None:
    """By lemma, `search λόγος` lists λόγου too; its note named [word="λογος"%cd] as
    listing ΛΟΓΟΣ "with these", which lists the forms spelt λογος alone (2, not 3)."""
    import re

    path = tmp_path / "el.jsonl"
    text = "Ο λόγος μετρά. Του λόγου η αξία. ΛΟΓΟΣ ΚΑΙ ΠΡΑΞΗ."
    path.write_text(json.dumps({"id": "e", "text": text}, ensure_ascii=False) + "\n")
    with sensegrep.build(tmp_path / "idx", path, lang="el", vectors_for="none") as index:
        found = index.search("λόγος")
        (note,) = _marks_notes(found)
        pattern = re.search(r"the pattern (\[.*\]) \(cql\) lists it with these", note)
        assert pattern is not None, note
        listed = index.search(cql=pattern.group(1))
    assert sorted(hit.form for hit in found) == ["λόγος", "λόγου"]
    assert note.startswith("1 more match writes 'λόγος' with other accents or marks")
    assert sorted(hit.form for hit in listed) == ["ΛΟΓΟΣ", "λόγος", "λόγου"]


def test_a_search_by_lemma_says_the_tokens_whose_lemma_is_written_with_other_marks(
    tmp_path: Path,
) -> None:
    """simplemma writes ёлку's lemma елка, a CoNLL-U file ёлка: in an index of both,
    `search ёлка` listed the file's 2 and said nothing of the text's ёлку and елку."""
    text = tmp_path / "ru.jsonl"
    text.write_text(
        json.dumps({"id": "t", "text": "Я вижу ёлку. Я вижу елку."}, ensure_ascii=False) + "\n"
    )
    tree = tmp_path / "ru.conllu"
    rows = ["# newdoc id = c", "# text = ёлку ёлки"]
    rows += ["1\tёлку\tёлка\tNOUN\t_\t_\t_\t_\t_\t_", "2\tёлки\tёлка\tNOUN\t_\t_\t_\t_\t_\t_"]
    tree.write_text("\n".join(rows) + "\n\n", encoding="utf-8")
    folder = tmp_path / "idx"
    sensegrep.build(folder, text, lang="ru", vectors_for="none").close()
    sensegrep.add(folder, tree)
    with sensegrep.open(folder) as index:
        found = index.search("ёлка")
        either = index.search(cql='[lemma="елка"%cd]')
    assert found.total == 2 and either.total == 4
    (note,) = [n for n in found.notes if "have a lemma that writes" in n]
    assert note.startswith(
        "2 more tokens have a lemma that writes 'ёлка' with other accents or marks, or none "
        "(елка: 2)"
    ), note


def test_collocates_say_the_nodes_a_search_by_lemma_leaves_out_for_their_marks(
    tmp_path: Path,
) -> None:
    """collocates λόγος counted 2 nodes and said nothing of ΛΟΓΟΣ, which search λόγος
    says it leaves out (its nodes are that search's lines)."""
    with sensegrep.open(_index(tmp_path, "el")) as index:
        table = index.collocates("λόγος", min_freq=1)
        found = index.search("λόγος")
    assert {row["node_freq"] for row in table} == {2} and found.total == 2
    assert _marks_notes(table) == _marks_notes(found) != []


def test_a_collocates_note_of_another_lemma_names_the_search_that_lists_them(
    tmp_path: Path,
) -> None:
    """Pass 40n: `collocates всё` said its *всё* of весь were listed by --form, an
    option collocates has not; the note names `search всё --form`."""
    path = tmp_path / "ru.jsonl"
    text = "Всё было хорошо. Все пришли. Это всё."
    path.write_text(json.dumps({"id": "r", "text": text}, ensure_ascii=False) + "\n")
    with sensegrep.build(tmp_path / "idx", path, lang="ru", vectors_for="none") as index:
        table = index.collocates("всё")
        assert index.search("всё", form=True).total == 2  # Всё, всё
    (note,) = [n for n in table.notes if "with another lemma" in n]
    assert note.startswith("1 more token is written 'всё' with another lemma (весь: 1)")
    assert "`search всё --form` lists every token written so" in note
