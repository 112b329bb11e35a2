"""A search of a Persian or Urdu word says how many more matches write its yeh or kaf
with Arabic's code point (ي, ك for ی, ک), or a zero-width non-joiner where it has none
or none where it has one (کتاب‌ها, کتابها): text typed on an Arabic keyboard or without
the joiner mixes them, a search takes each spelling as another word, and `search شیراز
--form` found 1 of 2 with no word of the other (pass 38e)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sensegrep

from ..helpers import run

ZWNJ = "\u200c"
TEXTS = [
    f"او به شیراز رفت و کتاب{ZWNJ}ها را خواند.",
    "ما در شيراز بودیم و کتابها را دیدیم.",
    f"من کتاب{ZWNJ}ها را دوست دارم.",
    "شیراز زیباست.",
    "در سال ۱۴۰۲ بیش از ٣٠ نفر و ۳۰ کودک آمدند.",
    f"من می{ZWNJ}روم و تو هم می روم.",
]


def _index(tmp_path: Path) -> Path:
    path = tmp_path / "fa.jsonl"
    lines = [
        json.dumps({"id": f"f{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(TEXTS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    idx = tmp_path / "idx"
    sensegrep.build(idx, path, lang="fa", vectors_for="none", tagger="none").close()
    return idx


def test_yeh_and_kaf_written_as_arabic_are_counted_in_a_note(runner, tmp_path: Path) -> None:
    idx = _index(tmp_path)
    with sensegrep.open(idx) as index:
        persian = index.search("شیراز", form=True)
        arabic = index.search("شيراز", form=True)
        only_f1 = index.search("شيراز", form=True, doc=["f0"])
    assert persian.total == 2 and arabic.total == 1
    assert any("1 more match writes 'شیراز'" in n and "شيراز" in n for n in persian.notes)
    assert any("2 more matches write 'شيراز'" in n for n in arabic.notes), arabic.notes
    # counted under the search's own filters: f0 has 1 شیراز
    assert only_f1.total == 0 and any("1 more match writes" in n for n in only_f1.notes)
    with sensegrep.open(idx) as index:
        by_lemma = index.search("شیراز")
    # by lemma, Persian text's lemmas read ي as ی: all three, and nothing to say
    assert by_lemma.total == 3
    assert not [n for n in by_lemma.notes if "another way" in n], by_lemma.notes
    code, _out, err = run(runner, idx, "search", "شیراز", "--form")
    assert code == 0 and '[word="شيراز"%c] lists it (--cql)' in err, err


def test_a_joiner_written_or_left_out_is_counted_in_a_note(runner, tmp_path: Path) -> None:
    idx = _index(tmp_path)
    with sensegrep.open(idx) as index:
        joined = index.search(f"کتاب{ZWNJ}ها", form=True)
        unjoined = index.search("کتابها", form=True)
        listed = index.search(cql='[word="کتاب\\u200cها"%c]')
    assert joined.total == 2 and unjoined.total == 1 and listed.total == 2
    assert any(
        "1 more match writes 'کتاب\\u200cها' another way (کتابها: 1), with a zero-width non-joiner"
        in n
        for n in joined.notes
    ), joined.notes
    assert any(
        "2 more matches write" in n and '[word="کتاب\\u200cها"%c] lists them' in n
        for n in unjoined.notes
    ), unjoined.notes


def test_a_number_in_another_scripts_digits_is_counted_in_a_note(tmp_path: Path) -> None:
    """Arabic-Indic ٣٠ and Persian ۳۰ look alike and a text mixes them (and ASCII 30):
    `search 1402` said no occurrences alone where the text writes ۱۴۰۲."""
    idx = _index(tmp_path)
    with sensegrep.open(idx) as index:
        persian = index.search("۳۰", form=True)
        with pytest.raises(sensegrep.SensegrepError) as raised:
            index.search("1402")
    assert persian.total == 1
    # said once, by the note of other digits (both notes said it: 2 more for 1, pass 38g)
    said = [n for n in persian.notes if "٣٠" in n]
    assert said == [
        "1 more match writes '۳۰' in another script's digits (٣٠), which a search takes as "
        'another word: the pattern [word="٣٠"] (cql) lists it'
    ], persian.notes
    assert str(raised.value).count("۱۴۰۲") == 2  # the note's list and its pattern
    assert "1 more match writes '1402' in another script's digits (۱۴۰۲)" in str(raised.value)


def test_a_joiner_written_as_a_space_is_counted_in_a_note(tmp_path: Path) -> None:
    """Persian text typed without the joiner writes می روم, two tokens, which a search
    of می‌روم (or میروم) left out unsaid."""
    idx = _index(tmp_path)
    with sensegrep.open(idx) as index:
        joined = index.search(f"می{ZWNJ}روم", form=True)
    assert joined.total == 1
    assert any(
        "1 more match writes 'می\\u200cروم' as 'می روم', with a space" in n
        and '[word="می"%c] [word="روم"%c] lists it' in n
        for n in joined.notes
    ), joined.notes


def test_by_lemma_the_note_counts_the_lemmas_so_written(tmp_path: Path) -> None:
    """Text lemmatised as another language than Persian (Urdu, which simplemma has no
    dictionary of, indexed as English) keeps each spelling as its own lemma."""
    path = tmp_path / "ur.jsonl"
    records = [{"id": f"u{i}", "text": t} for i, t in enumerate(["یہ کتاب ہے۔", "وہ كتاب ہے۔"])]
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        hits = index.search("کتاب")
    assert hits.total == 1
    assert any(
        "1 more match writes 'کتاب' another way (كتاب: 1)" in n and '[lemma="كتاب"%c]' in n
        for n in hits.notes
    ), hits.notes


def test_arabic_yeh_and_alef_maksura_are_letters_apart(tmp_path: Path) -> None:
    """Arabic writes على (on) and علي (Ali), إلى (to) and إلي (to me): two words, which
    Persian's ی reads alike. `search علي --form` said its 2 على were Ali "written another
    way" (pass 38g); a word written with Persian's ی or ک is still said."""
    path = tmp_path / "ar.jsonl"
    texts = ["ذهب علي إلى البيت.", "الكتاب على الطاولة.", "جلس على الكرسي.", "قال علی ذلك."]
    records = [{"id": f"a{i}", "text": t} for i, t in enumerate(texts)]
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        ali = index.search("علي", form=True)
        on = index.search("على", form=True)
    assert ali.total == 1 and on.total == 2
    # Persian's ی (final, as ى is drawn) may stand for either: said to each
    (note,) = [n for n in ali.notes if "another way" in n]
    assert note.startswith("1 more match writes 'علي' another way (علی: 1), with"), note
    (note,) = [n for n in on.notes if "another way" in n]
    assert note.startswith("1 more match writes 'على' another way (علی: 1), with"), note


def test_a_persian_lemma_of_an_arabic_spelling_is_said_once(runner, tmp_path: Path) -> None:
    """Persian text's كتاب (Arabic's kaf) has the lemma کتاب: `search كتاب` on an index
    of Arabic and Persian text said it in two notes, "1 more token is written 'كتاب' with
    another lemma (کتاب: 1)" and "2 more matches write 'كتاب' another way (کتاب: 2)",
    which hold it both: 3 more for 2 (pass 38g). The note of its spellings says it."""
    ar = tmp_path / "ar.txt"
    ar.write_text("قرأ الطالب كتاب التاريخ. وجد كتاب الأدب.\n", encoding="utf-8")
    fa = tmp_path / "fa.txt"
    fa.write_text("من كتاب را خواندم. این کتاب خوب است.\n", encoding="utf-8")
    idx = tmp_path / "idx"
    for path, lang in ((ar, "ar"), (fa, "fa")):
        args = ("index", str(path), "--vectors-for", "none", "--tagger", "none", "--lang", lang)
        assert run(runner, idx, *args)[0] == 0
    with sensegrep.open(idx) as index:
        hits = index.search("كتاب", doc=[str(ar), str(fa)])
    assert hits.total == 2, hits.notes  # the Arabic text's
    said = [n for n in hits.notes if " more " in n]
    assert len(said) == 1 and said[0].startswith(
        "2 more matches write 'كتاب' another way (کتاب: 2)"
    ), hits.notes
