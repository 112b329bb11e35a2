"""A word, a pattern value and a metadata value find their text however Unicode composes
its accented letters: "Zürich" with one "ü" (NFC, as most keyboards type it) or with u
and a combining diaeresis (NFD, as macOS file names and some converters write it) look
the same, and a user counts them as one word. Text is stored as the file wrote it; the
query, the filters and the counts treat both spellings as one (issue 23: a search that
silently found half the occurrences of a word, a --where that took half its documents,
a count with two identical-looking rows)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

import sensegrep

NFC = "Zürich"
NFD = unicodedata.normalize("NFD", NFC)


# Both metadata backends: the lookups of a word's spellings and of a value's are SQL.
pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def mixed_index(tmp_path: Path) -> Path:
    """Four German documents: two write Zürich composed, one decomposed (its city too),
    one not at all."""
    folder = tmp_path
    records = [
        ("z1", f"Der Bürgermeister von {NFC} sprach.", NFC),
        ("z2", f"Die Bürger von {NFD} saßen auf der Bank.", NFD),
        ("z3", f"Wir fuhren nach {NFC} und dann weiter.", NFC),
        ("k1", "Die Bank in Köln war geschlossen.", "Köln"),
    ]
    path = folder / "de.jsonl"
    lines = [json.dumps({"id": i, "text": t, "city": c}, ensure_ascii=False) for i, t, c in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sensegrep.build(folder / "idx", path, lang="de", vectors_for="none").close()
    return folder / "idx"


def expected_documents() -> set[str]:
    return {"z1", "z2", "z3"}


@pytest.mark.parametrize("typed", [NFC, NFD], ids=["typed-nfc", "typed-nfd"])
def test_form_and_pattern_find_both_compositions(mixed_index: Path, typed: str) -> None:
    with sensegrep.open(mixed_index) as index:
        searches = {
            "form": index.search(typed, form=True, k=10),
            "form, match case": index.search(typed, form=True, match_case=True, k=10),
            "word": index.search(cql=f'[word="{typed}"]', k=10),
            "regex": index.search(cql='[word="Z.rich"]', k=10),
            "lemma": index.search(typed, k=10),
        }
    for what, hits in searches.items():
        assert (hits.total, hits.documents) == (3, 3), what
        assert {hit.doc for hit in hits} == expected_documents(), what


@pytest.mark.parametrize("typed", [NFC, NFD], ids=["typed-nfc", "typed-nfd"])
def test_where_and_within_take_both_compositions(mixed_index: Path, typed: str) -> None:
    with sensegrep.open(mixed_index) as index:
        where = index.search(cql='[word="von|nach"]', where={"city": typed}, k=10)
        within = index.search(cql=f'[word="von|nach"] within city="{typed}"', k=10)
        field = index.search(cql=f'[word="von|nach" & city="{typed}"]', k=10)
    for what, hits in {"where": where, "within": within, "field": field}.items():
        assert (hits.total, hits.documents) == (3, 3), what
        assert {hit.doc for hit in hits} == expected_documents(), what


def test_counts_and_frequency_lists_have_one_row_per_word(mixed_index: Path) -> None:
    with sensegrep.open(mixed_index) as index:
        by_form = {row["value"]: row["count"] for row in index.count("", "form", cql='"Z.*"')}
        by_city = {row["value"]: row["count"] for row in index.count("Bank", "city")}
        by_left = {row["value"]: row["count"] for row in index.count("", "right1", cql='"von"')}
        forms = {row["item"]: row["freq"] for row in index.freq(by="form")}
        cities = {row["item"]: row["freq"] for row in index.freq(by="city")}
    assert by_form == {NFC: 3}
    assert by_city == {NFC: 1, "Köln": 1}
    assert by_left == {NFC: 2}
    assert forms[NFC] == 3 and NFD not in forms
    # Tokens of its documents, full stops included: z1 6, z2 9, z3 8.
    assert cities[NFC] == 6 + 9 + 8 and NFD not in cities


def test_info_lists_a_value_once_whatever_its_composition(mixed_index: Path) -> None:
    """info said "city: 3 values, commonest: Zürich, Köln, Zürich"."""
    with sensegrep.open(mixed_index) as index:
        city = index.info()["metadata"]["city"]
    assert (city["documents"], city["distinct"]) == (4, 2)
    assert city["values"] == [NFC, "Köln"]


def test_sorting_puts_both_compositions_together(tmp_path: Path) -> None:
    """--sort right1 ordered a decomposed "Zürich" as "Zu…" (between "Zug" and
    "Zypern") and the composed one after "Zypern": one word in two places."""
    texts = [f"nach {NFC} heute.", "nach Zypern heute.", f"nach {NFD} heute.", "nach Zug heute."]
    path = tmp_path / "sort.jsonl"
    lines = [
        json.dumps({"id": f"s{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", path, lang="de", vectors_for="none") as index:
        hits = index.search(cql='"nach"', sort="right1", k=10)
    # Zug < Zypern < Zürich (ü after y, as code points order them), ties in corpus order.
    assert [hit.doc for hit in hits] == ["s3", "s1", "s0", "s2"]


@pytest.mark.parametrize("typed", [NFC, NFD], ids=["typed-nfc", "typed-nfd"])
def test_a_label_is_found_however_it_is_typed(built: sensegrep.SenseIndex, typed: str) -> None:
    """A label is stored composed; one typed decomposed (a combining accent, as macOS
    may send it) ranks by and counts the same occurrences: it said "no occurrence of
    'bank' has that label (their labels: 'Zürich')"."""
    ids = built.search("bank", k=2).ids
    built.label(ids, NFD)
    ranked = built.search("bank", label=typed, k=10)
    assert ranked.total == 4
    assert set(ids) <= set(ranked.ids)
    near = built.collocates("bank", label=typed, min_freq=1)
    assert near.node_freq == 2


# Greek ό three ways: composed (U+03CC, as a Greek keyboard types it), decomposed, and
# with the oxia of polytonic text (U+1F79), which Unicode takes as the same letter but
# which is neither composed nor decomposed; and the Greek question mark (U+037E), which
# is ";" to Unicode.
TONOS = "λόγος"
OXIA = "λ\u1f79γος"
QUESTION = "\u037e"


@pytest.fixture
def greek_index(tmp_path: Path) -> Path:
    rows = [
        ("d1", [(TONOS, TONOS), ("είναι", "είμαι"), (QUESTION, QUESTION)]),
        ("d2", [(OXIA, OXIA), ("είναι", "είμαι"), (";", ";")]),
        ("d3", [(unicodedata.normalize("NFD", TONOS), TONOS), (".", ".")]),
    ]
    lines = []
    for doc, tokens in rows:
        lines += [f"# newdoc id = {doc}", f"# text = {' '.join(f for f, _ in tokens)}"]
        lines += [
            f"{i}\t{f}\t{lemma}\t_\t_\t_\t_\t_\t_\t_" for i, (f, lemma) in enumerate(tokens, 1)
        ]
        lines.append("")
    path = tmp_path / "el.conllu"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sensegrep.build(tmp_path / "idx", path, vectors_for="none").close()
    return tmp_path / "idx"


@pytest.mark.parametrize("typed", [TONOS, OXIA], ids=["typed-tonos", "typed-oxia"])
def test_a_letter_written_as_its_canonical_twin_is_found_as_the_letter(
    greek_index: Path, typed: str
) -> None:
    """`search λόγος --form` and `[word="λόγος"]` found 2 of its 3 tokens (the oxia one
    left out, unsaid), and `[word=";"]` 1 of 2, while `freq --by form` counted 3 and 2."""
    with sensegrep.open(greek_index) as index:
        totals = {
            "form": index.search(typed, form=True).total,
            "form, match case": index.search(typed, form=True, match_case=True).total,
            "word": index.search(cql=f'[word="{typed}"]').total,
            "lemma": index.search(typed).total,
            "pattern lemma": index.search(cql=f'[lemma="{typed}"]').total,
            "mark": index.search(cql='[word=";"]').total,
        }
        forms = {row["item"]: row["freq"] for row in index.freq(by="form")}
    assert totals == dict.fromkeys(totals, 3) | {"mark": 2}
    assert forms == {TONOS: 3, "είναι": 2, ";": 2, ".": 1}


def test_info_counts_a_lemma_once_however_it_is_written(greek_index: Path) -> None:
    """info said 6 lemmas where freq --by lemma listed 4: λόγος written three ways and
    ";" two ways counted apart."""
    with sensegrep.open(greek_index) as index:
        listed = len(index.freq(by="lemma"))
        lemmas = index.info()["lemmas"]
    assert (lemmas, listed) == (4, 4)


def test_a_value_written_by_its_codes_is_composed_as_the_text_is(greek_index: Path) -> None:
    """`[word="\\u037e"]` was refused, "no token … has a form that matches it", where
    two do (one written so), and `[word="λο\\u0301γος"]` (ό decomposed, by its code)
    likewise: the value was matched as written against the composed words."""
    with sensegrep.open(greek_index) as index:
        mark = index.search(cql='[word="\\u037e"]').total
        decomposed = index.search(cql='[word="λο\\u0301γος"]').total
        oxia = index.search(cql='[word="λ\\u1f79γος"]').total
    assert (mark, decomposed, oxia) == (2, 3, 3)


# A CJK compatibility ideograph (U+F900) and the ideograph it is the same as (U+8C48),
# as an input method types it.
COMPAT, UNIFIED = "\uf900", "\u8c48"


@pytest.mark.parametrize("typed", [UNIFIED, COMPAT], ids=["typed-unified", "typed-compat"])
def test_a_compatibility_ideograph_is_found_as_its_ideograph(tmp_path: Path, typed: str) -> None:
    """`search 豈 --form` found 1 of 2 where a file wrote one as U+F900, which freq --by
    form counted with it; typed as U+F900 with --match-case, it found the other alone
    (pass 36m)."""
    path = tmp_path / "zh.txt"
    path.write_text(f"The word {COMPAT} is here. The word {UNIFIED} is there.\n", "utf-8")
    sensegrep.build(tmp_path / "idx", path, tagger="none", vectors_for="none").close()
    with sensegrep.open(tmp_path / "idx") as index:
        totals = {
            "form": index.search(typed, form=True).total,
            "form, match case": index.search(typed, form=True, match_case=True).total,
            "word": index.search(cql=f'[word="{typed}"]').total,
            "lemma": index.search(typed).total,
        }
        forms = {row["item"]: row["freq"] for row in index.freq(by="form")}
    assert totals == dict.fromkeys(totals, 2)
    assert forms[UNIFIED] == 2
