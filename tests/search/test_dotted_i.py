"""A capital dotted İ (Turkish İstanbul) is one word with its i and I spellings: Unicode
lower-cases İ to i and a combining dot, so "search istanbul" found istanbul, Istanbul and
ISTANBUL but never İstanbul or İSTANBUL, and "search İstanbul" only those two (issue 23,
pass R). On a Turkish index, where I is the capital of ı, a case-insensitive search that
pairs I with i says which spellings it counted or left out that Turkish reads otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import sensegrep

from ..helpers import run

SPELLINGS = ["İstanbul", "Istanbul", "istanbul", "ISTANBUL", "İSTANBUL"]


def _jsonl(path: Path, texts: list[str]) -> Path:
    lines = [
        json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_spelling_of_a_dotted_capital_finds_all_five(runner, tmp_path: Path) -> None:
    texts = [f"We flew to {s} in May." for s in SPELLINGS] + ["The inn was quiet."]
    corpus = _jsonl(tmp_path / "en.jsonl", texts)
    idx = tmp_path / "idx"
    with sensegrep.build(idx, corpus, vectors_for="none") as index:
        for spelling in SPELLINGS:
            for form in (False, True):
                hits = index.search(spelling, form=form)
                assert hits.total == 5, (spelling, form, hits.total)
                assert sorted(h.form for h in hits) == sorted(SPELLINGS)
        rows = index.count("istanbul", "form")
        assert len(rows) == 1 and rows[0]["count"] == 5  # one word, by its commonest spelling
        assert index.search(cql='[word="istanbul"%c]').total == 5
        assert index.search(cql='[word="İst.*"%c]').total == 5
        assert index.search(cql='[word="İstanbul"]').total == 1  # exact: as written
        assert index.search("inn").total == 1  # an i with no dotted spelling: itself
    code, out, err = run(runner, idx, "search", "İSTANBUL", "--format", "tsv")
    assert code == 0 and "5 matches" in err, err
    assert len(out.strip().splitlines()) == 6  # the header and five lines


def test_a_dotted_capital_with_vectors_is_found_by_its_runs(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "en.jsonl", [f"They loved {s} at night." for s in SPELLINGS])
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16") as index:
        assert index.search("istanbul", example="they loved [[istanbul]]").total == 5
        assert index.search("İstanbul", example="they loved [[İstanbul]]").total == 5


def test_a_turkish_index_says_the_spellings_turkish_reads_otherwise(runner, tmp_path) -> None:
    texts = [
        "Kır evleri güzeldir.",
        "Kir temizlendi.",
        "KIR yolunda yürüdük.",
        "Işık yandı.",
        "ışık söndü.",
        "IŞIK geldi.",
        "Bir ışık daha.",
    ]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    idx = tmp_path / "idx"
    with sensegrep.build(idx, corpus, lang="tr", vectors_for="none") as index:
        kir = index.search("kir", form=True)
        kir_dotless = index.search("kır", form=True)
        light = index.search("ışık", form=True)
        bir = index.search("bir", form=True)
    # Unicode pairs KIR with kir: 2 matches, one of which Turkish reads as kır.
    assert kir.total == 2 and sorted(h.form for h in kir) == ["KIR", "Kir"]
    assert (
        "1 of these matches is spelt KIR (1), which Turkish reads as 'kır', not as the word "
        "searched, 'kir'" in kir.notes[-1]
    )
    assert kir_dotless.total == 1
    assert (
        "1 more match is spelt KIR (1), which Turkish reads as 'kır': left out"
        in (kir_dotless.notes[-1])
    )
    # ışık (2: ışık söndü, bir ışık) leaves out Işık and IŞIK, lower-cased işık, işik.
    assert light.total == 2
    assert "2 more matches are spelt IŞIK (1), Işık (1)" in light.notes[-1]
    assert not any("Turkish" in note for note in bir.notes)  # nothing spelt otherwise
    code, _out, err = run(runner, idx, "search", "kır", "--form")
    assert code == 0 and "left out, since a case-insensitive search pairs I with i" in err, err


def test_an_english_index_says_nothing_of_turkish_case(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "en.jsonl", ["KIR was there.", "Kir was here."])
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none") as index:
        hits = index.search("kir")
    assert hits.total == 2 and not any("Turkish" in note for note in hits.notes)


def test_a_turkish_frequency_list_says_lemmas_of_a_capital_i_are_unicode_s(tmp_path) -> None:
    """freq by lemma of a Turkish index put KIR (kır, countryside) in one row with kir
    (dirt), as Unicode lower-cases I, and said nothing, where a search says so."""
    texts = ["Kır evleri.", "Kir temizlendi.", "KIR yolunda.", "Bir ışık."]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        by_lemma = index.freq(by="lemma", k=100)
        by_form = index.freq(by="form", k=100)
    rows = {row["item"]: row["freq"] for row in by_lemma}
    assert rows["kir"] == 2  # Kir and KIR, as Unicode lower-cases it
    (note,) = [n for n in by_lemma.notes if "capital I" in n]
    assert note.startswith("1 token is written with a capital I (KIR)") and "ı (kır)" in note
    assert not any("capital I" in n for n in by_form.notes)  # forms are as written


def test_a_turkish_search_in_capitals_is_not_told_its_dotted_i_reads_as_dotless(
    tmp_path: Path,
) -> None:
    """`search ISTANBUL` said its match İSTANBUL was "spelt İSTANBUL, which Turkish reads
    with ı": İ is the capital of i; it is the word searched, ISTANBUL, that Turkish reads
    with ı (pass 35d)."""
    corpus = _jsonl(tmp_path / "tr.jsonl", ["İSTANBUL güzel.", "Hava ılık."])
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        hits = index.search("ISTANBUL", form=True)
    assert hits.total == 1
    (note,) = [n for n in hits.notes if "Turkish" in n]
    assert "reads with ı" not in note
    assert "spelt İSTANBUL (1), which Turkish reads as 'istanbul'" in note
    assert "not as the word searched, 'ıstanbul'" in note


def test_a_lemma_of_a_dotted_capital_is_matched_by_its_plain_i(tmp_path: Path) -> None:
    """Lemmas are lower-cased, and İ lower-cases to i and a combining dot: *İstanbul'da*
    had the lemma "i̇stanbul", so `[lemma="istanbul"]`, with `%c` too, was refused as no
    token's lemma (nearest: 'i̇stanbul', which looks the same) while `search istanbul`
    found it, and `--count lemma` showed the dot (pass 35d)."""
    texts = ["İstanbul'da bahar.", "İSTANBUL güzel.", "İzmir'den geldi."]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        assert index.search(cql='[lemma="istanbul"]').total == 2
        assert index.search(cql='[lemma="istanbul"%c]').total == 2
        assert index.search("istanbul").total == 2
        lemmas = {h.lemma for h in index.search(cql='[lemma="i.*"]')}
    assert lemmas and all("\u0307" not in lemma for lemma in lemmas), lemmas
    english = _jsonl(tmp_path / "en.jsonl", ["We flew to İstanbul in May."])
    with sensegrep.build(tmp_path / "en", english, vectors_for="none") as index:
        assert index.search(cql='[lemma="istanbul"]').total == 1  # spaCy's lemma too


def test_turkish_collocates_say_the_nodes_spelt_with_a_capital_i_they_leave_out(
    tmp_path: Path,
) -> None:
    """`collocates ılık` counted the 2 nodes `search ılık` lists, and said nothing of
    *Ilık* and *ILIK* (lemma ilık), which the search names as left out (pass 35d)."""
    texts = ["Hava ılık bugün.", "Ilık bir akşam.", "ILIK bir yağmur.", "Su ılık değil."]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        table = index.collocates("ılık", min_freq=1)
    assert table.node_freq == 2
    assert any("2 more matches are spelt ILIK (1), Ilık (1)" in n for n in table.notes), table.notes


def test_a_turkish_name_s_suffixes_after_an_apostrophe_are_no_part_of_its_lemma(
    tmp_path: Path,
) -> None:
    """simplemma took some suffixes off (İstanbul'da: istanbul) and kept others
    (İzmir'den: izmir'den), so `search İzmir` found nothing and `freq` listed izmir'de
    and izmir'den as two lemmas (pass 35d)."""
    texts = ["İzmir'den geldi.", "Fuar İzmir'de yapıldı.", "İstanbul'da bahar.", "İzmir güzel."]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        assert index.search("İzmir").total == 3
        assert index.search(cql='[lemma="izmir"]').total == 3
        rows = {row["item"]: row["freq"] for row in index.freq(by="lemma", k=100)}
    assert rows["izmir"] == 3 and "izmir'den" not in rows


def test_a_turkish_word_whose_apostrophe_is_part_of_a_name_keeps_it_in_its_lemma(
    tmp_path: Path,
) -> None:
    """Pass 35i: a name's suffixes come after its last apostrophe, in lower case; the
    lemma cut every word at its first, so O'Neill'ın (and O'Neill) had the lemma o, the
    pronoun's: `search O'Neill` listed every o, and d'Artagnan had the lemma d."""
    texts = ["O'Neill'ın evi.", "O geldi.", "O'Neill güzel.", "d'Artagnan geldi.", "İzmir'den."]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        assert index.search("O'Neill").total == 2
        assert index.search("o").total == 1
        assert index.search(cql='[lemma="d\'artagnan"]').total == 1
        assert index.search(cql='[lemma="izmir"]').total == 1


def test_a_turkish_word_written_only_with_a_capital_i_is_no_bare_no_occurrences(
    tmp_path: Path,
) -> None:
    """`search ışık` on text that writes it only IŞIK and Işık raised "no occurrences"
    (nearest: 'işık') and nothing of the two spellings Turkish reads as ışık, which a
    search that found one ışık said in a note (pass 35m)."""
    import pytest

    from sensegrep.errors import QueryError

    corpus = _jsonl(tmp_path / "tr.jsonl", ["IŞIK geldi.", "Işık yandı.", "Su soğuk."])
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        for form in (False, True):
            with pytest.raises(QueryError) as raised:
                index.search("ışık", form=form)
            said = str(raised.value)
            assert said.startswith("no occurrences of 'ışık'")
            assert "2 more matches are spelt IŞIK (1), Işık (1), which Turkish reads as 'ışık'" in (
                said
            )


def test_a_turkish_word_s_form_with_a_capital_i_is_said_left_out(tmp_path: Path) -> None:
    """*Işıklar* (ışık's plural) opening its sentences: lower-cased as Unicode does,
    işıklar, simplemma gave it that lemma, and `search ışık` found the one *ışıklar*,
    saying nothing of the two *Işıklar* (the notes named forms spelt IŞIK or Işık alone);
    on text with no other, "no occurrences" (pass 37g)."""
    import pytest

    from sensegrep.errors import QueryError

    texts = ["Işıklar kapandı.", "Işıklar yandı.", "Evde ışıklar var.", "Kır çiçekleri."]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        hits = index.search("ışık")
        assert hits.total == 1
        (note,) = [n for n in hits.notes if "written with a capital I" in n]
        assert note.startswith("2 more tokens hold a form of 'ışık' written with a capital I")
        assert "(Işıklar: 2)" in note
        pattern = '[word="işıklar"%c & lemma!="ışık"%c]'
        assert pattern in note and index.search(cql=pattern).total == 2
        assert not [n for n in index.search("kır").notes if "written with a capital I" in n]
    only = _jsonl(tmp_path / "only.jsonl", ["Işıklar kapandı.", "Su soğuk."])
    with sensegrep.build(tmp_path / "idx2", only, lang="tr", vectors_for="none") as index:
        with pytest.raises(QueryError) as raised:
            index.search("ışık")
        assert "1 more token holds a form of 'ışık' written with a capital I" in str(raised.value)


def test_a_turkish_frequency_list_names_the_text_s_own_forms_with_a_capital_i(
    tmp_path: Path,
) -> None:
    """The note of freq by lemma named KIR, kir and kır whatever the text held: of a
    text whose such tokens are *Işıklar*, it said "(KIR)" (pass 37g, polish)."""
    texts = ["Işıklar kapandı.", "Işıklar yandı.", "Su soğuk."]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        (note,) = [n for n in index.freq(by="lemma", k=100).notes if "capital I" in n]
    assert note.startswith("2 tokens are written with a capital I (Işıklar)"), note
    assert "(I as i: işıklar)" in note and "ı (ışıklar)" in note


def test_a_turkish_frequency_list_of_some_documents_names_their_forms_with_a_capital_i(
    tmp_path: Path,
) -> None:
    """`freq(doc="d1")` of a document whose one such token is *KIR* said "3 tokens are
    written with a capital I (Işıklar)", another document's (the note read the id as its
    letters), and `freq(where="genre=news")` raised a ValueError (pass 37k)."""
    records = [
        {"id": "d0", "genre": "story", "text": "Işıklar yandı. Işıklar söndü. Işıklar yandı."},
        {"id": "d1", "genre": "news", "text": "Bu KIR çok güzel."},
    ]
    corpus = tmp_path / "tr.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        for table in (index.freq(by="lemma", doc="d1"), index.freq(where="genre=news")):
            (note,) = [n for n in table.notes if "capital I" in n]
            assert note.startswith("1 token is written with a capital I (KIR),"), note
            assert "(I as i: kir)" in note and "ı (kır)" in note


def test_the_capital_i_note_takes_its_example_from_a_word_not_a_quoted_english_i(
    tmp_path: Path,
) -> None:
    """Turkish quoting English ("I love you") has I as its commonest such form: the note
    read "(I as i: i), where Turkish reads I as ı (ı)", its example of no word (pass 37k,
    polish); it takes the commonest form of two letters or more."""
    texts = ['Şarkı "I love you" idi.', 'O "I am here" dedi.', "Işıklar yandı."]
    corpus = _jsonl(tmp_path / "tr.jsonl", texts)
    with sensegrep.build(tmp_path / "idx", corpus, lang="tr", vectors_for="none") as index:
        (note,) = [n for n in index.freq(by="lemma", k=100).notes if "capital I" in n]
    assert note.startswith("3 tokens are written with a capital I (I, Işıklar)"), note
    assert "(I as i: işıklar)" in note and "ı (ışıklar)" in note
