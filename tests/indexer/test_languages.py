"""What indexing text in another language than English tells its user (issue 23: a
result must not silently mean something else than the user thinks).

- Chinese or Japanese plain text is cut by simplemma only at spaces and punctuation:
  its tokens are phrases ("我去银行取钱"), so "search 银行" finds nothing and every count
  and per-million figure is of phrases. Indexing said nothing; it now names the files.
- The shipped encoders were trained on English: German text got sense vectors and
  ranked searches without a word that they were never measured on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sensegrep
from sensegrep.text import analyse, unspaced_phrase

from ..helpers import run


def write(path: Path, records: list[dict]) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_text_without_spaces_is_said_to_be_cut_in_phrases(runner, tmp_path: Path) -> None:
    unspaced = write(
        tmp_path / "zh.jsonl",
        [
            {"id": "z1", "text": "我去银行取钱。河岸上有很多人。", "year": 2016},
            {"id": "z2", "text": "他在银行工作。", "year": 2017},
        ],
    )
    spaced = write(tmp_path / "seg.jsonl", [{"id": "s1", "text": "我 去 银行 取 钱 。"}])
    english = write(tmp_path / "en.jsonl", [{"id": "e1", "text": "The bank was closed."}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, idx, *args, str(unspaced), str(spaced), str(english))
    assert code == 0, err
    notes = [line for line in err.splitlines() if "without spaces between words" in line]
    assert len(notes) == 1, err
    assert "zh.jsonl ('我去银行取钱')" in notes[0] and "CoNLL-U or VRT" in notes[0]
    assert "seg.jsonl" not in notes[0] and "en.jsonl" not in notes[0]
    # What the note says: the word is no token in the unspaced text, one in the spaced.
    with sensegrep.open(idx) as index:
        assert {hit.doc for hit in index.search("银行", form=True)} == {"s1"}


def test_counts_over_phrases_of_unspaced_text_say_so(tmp_path: Path) -> None:
    """`index` said once that unsegmented Chinese is indexed in phrases; `freq` and a
    pattern's matches of it then gave counts and per-million figures of phrases
    (`[word=".*银行.*"]`: 2 matches, 250,000 per million tokens of 8), unsaid (pass 37d).
    Segmented text of the same words says nothing."""
    text = "我去银行取钱。他在银行工作了三年！"  # phrases 我去银行取钱, 他在银行工作了三年
    unspaced = write(tmp_path / "zh.jsonl", [{"id": "z", "text": text}])
    spaced = write(tmp_path / "seg.jsonl", [{"id": "s", "text": "我 去 银行 取 钱 。"}])
    with sensegrep.build(tmp_path / "a", unspaced, vectors_for="none", tagger="none") as index:
        found = index.search(cql='[word=".*银行.*"]')
        table = index.freq()
        counted = index.count("", "form", cql='[word=".*银行.*"]')
    assert found.total == 2 and table.tokens == 4
    for notes in (found.notes, table.notes, counted.notes):
        assert any("in phrases (such as" in note and "2 distinct ones" in note for note in notes)
    with sensegrep.build(tmp_path / "b", spaced, vectors_for="none", tagger="none") as index:
        assert not any("phrases" in note for note in index.search("银行", form=True).notes)
        assert not any("phrases" in note for note in index.freq().notes)
        assert not any("phrases" in note for note in index.collocates("银行").notes)
    # collocates of phrases (written a space apart) say it too
    apart = write(
        tmp_path / "apart.jsonl", [{"id": "p", "text": "我去银行取钱 好 他在银行工作了三年"}]
    )
    with sensegrep.build(tmp_path / "c", apart, vectors_for="none", tagger="none") as index:
        table = index.collocates(cql='[word=".*银行.*"]', min_freq=1)
    assert len(table) == 3 and any("in phrases (such as" in note for note in table.notes)


def test_a_word_of_unspaced_text_not_found_says_why(runner, tmp_path: Path) -> None:
    """A search of a word that is only inside phrases said "no occurrences" alone, as if
    the text never used it: it names the pattern that finds it inside them."""
    unspaced = write(tmp_path / "zh.jsonl", [{"id": "z1", "text": "我去银行取钱。"}])
    idx = tmp_path / "idx"
    code, _out, err = run(runner, idx, "index", "--vectors-for", "none", str(unspaced))
    assert code == 0, err
    code, _out, err = run(runner, idx, "search", "银行")
    assert code == 1 and "indexed in phrases" in err and """--cql '[word=".*银行.*"]'""" in err
    with sensegrep.open(idx) as index:
        assert index.search(cql='[word=".*银行.*"]').total == 1


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("german")
    return write(
        folder / "de.jsonl",
        [
            {"id": "d1", "text": "Er ging zur Bank, um Geld abzuheben."},
            {"id": "d2", "text": "Wir saßen auf einer Bank im Park."},
            {"id": "d3", "text": "Die Bank erhöhte die Zinsen."},
        ],
    )


def test_a_shipped_english_encoder_on_german_text_is_said(runner, german, tmp_path) -> None:
    idx = tmp_path / "idx"
    code, _out, err = run(runner, idx, "index", "--lang", "de", "--model", "minilm", str(german))
    assert code == 0 and "the minilm encoder was trained on English" in err, err
    assert "--lang de text were never measured" in err
    with sensegrep.open(idx) as index:
        ranked = index.search("Bank", example="Wir saßen auf einer [[Bank]] im Park.")
        plain = index.search("Bank")
    assert ranked.total == plain.total == 3
    assert any("trained on English" in note for note in ranked.notes)
    assert not any("trained on English" in note for note in plain.notes)
    code, _out, err = run(runner, idx, "search", "Bank", "--example", "Wir saßen auf der [[Bank]]")
    assert code == 0 and "note: the minilm encoder was trained on English" in err, err


def test_english_text_with_the_same_encoder_says_nothing(runner, tmp_path: Path) -> None:
    corpus = write(tmp_path / "en.jsonl", [{"id": "e1", "text": "We sat on the bank."}])
    code, _out, err = run(runner, tmp_path / "idx", "index", "--model", "minilm", str(corpus))
    assert code == 0 and "trained on English" not in err, err


def test_senses_and_change_of_german_text_say_the_encoder_is_english(
    runner, german, tmp_path
) -> None:
    """Senses and semantic change rest on the same vectors as a ranked search: they say
    so too (they said nothing, while the index's note names senses first)."""
    dated = write(
        tmp_path / "dated.jsonl",
        [{**json.loads(line), "year": 1950 + 30 * i} for i, line in
         enumerate(german.read_text(encoding="utf-8").splitlines())],
    )  # fmt: skip
    idx = tmp_path / "idx"
    code, _out, err = run(runner, idx, "index", "--lang", "de", "--model", "minilm", str(dated))
    assert code == 0, err
    code, _out, err = run(runner, idx, "senses", "Bank")
    assert code == 0 and "note: the minilm encoder was trained on English" in err, err
    with sensegrep.open(idx) as index:
        table = index.change(by="year", between=["..1980", "1981.."], words=["Bank"])
    assert any("trained on English" in note for note in table.notes)


def test_parse_on_german_text_says_why_and_makes_no_index(runner, tmp_path: Path) -> None:
    """`index --lang de --parse` said "(English, not --tagger none)" of a run that gave no
    --tagger, and left an empty index folder that `info` then showed."""
    corpus = write(tmp_path / "de.jsonl", [{"id": "a", "text": "Das ist ein Haus."}])
    folder = tmp_path / "idx"
    code, _out, err = run(
        runner, folder, "index", str(corpus), "--lang", "de", "--parse", "--vectors-for", "none"
    )
    assert code == 1
    assert "--lang de text is tagged by simplemma" in err and "--tagger none" not in err
    assert not folder.exists()
    code, _out, err = run(runner, folder, "index", str(corpus), "--tagger", "none", "--parse")
    assert code == 1 and "--tagger none leaves it out" in err


CONLLU = """# newdoc id = j1
# text = 東京に行きました。
1	東京	東京	PROPN	_	_	3	obl	_	SpaceAfter=No
2	に	に	ADP	_	_	1	case	_	SpaceAfter=No
3	行き	行く	VERB	_	_	0	root	_	SpaceAfter=No
4	ました	ます	AUX	_	_	3	aux	_	SpaceAfter=No
5	。	。	PUNCT	_	_	3	punct	_	SpaceAfter=No

"""


def test_a_tokenised_file_is_not_said_to_be_in_phrases(tmp_path: Path) -> None:
    """A word of a tokenised Japanese file (CoNLL-U) not found by lemma, 行き (lemma 行く),
    or absent, was said to be "indexed in phrases, whose words are no tokens", where it
    is a token (--form finds it) or in no phrase either."""
    from sensegrep.errors import QueryError

    path = tmp_path / "ja.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        for word, cql in (("行き", None), ("京都", None), ("", '[word="京都"]')):
            with pytest.raises(QueryError) as raised:
                index.search(word, cql=cql)
            assert "phrases" not in str(raised.value), str(raised.value)
        assert index.search("行き", form=True).total == 1


def test_thai_cut_into_words_is_not_said_to_be_in_phrases(runner, tmp_path: Path) -> None:
    """Thai whose words a zero-width space marks apart is cut into its words; a word of
    seven letters and a vowel sign (โรงเรียน, school) was taken for a phrase and the file
    said to be cut in phrases. A clause written without any break still is."""
    zw = "\u200b"
    marked = write(
        tmp_path / "marked.jsonl",
        [{"id": "m", "text": zw.join(["ผม", "ไป", "โรงเรียน", "ทุก", "วัน"]) + " ผม" + zw + "ชอบ"}],
    )
    unmarked = write(tmp_path / "unmarked.jsonl", [{"id": "u", "text": "ภาษาไทยไม่มีช่องว่างระหว่างคำ"}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, idx, *args, str(marked), str(unmarked))
    assert code == 0, err
    notes = [line for line in err.splitlines() if "without spaces between words" in line]
    assert len(notes) == 1 and "unmarked.jsonl" in notes[0] and "/marked.jsonl (" not in notes[0]
    with sensegrep.open(idx) as index:
        assert index.search("โรงเรียน", form=True).total == 1


def test_text_in_another_script_than_its_language_s_is_told(runner, tmp_path: Path) -> None:
    """Greek or Russian text indexed without --lang was tokenised, lemmatised and tagged
    as English (lemmas as written, English POS on Greek words) without a word."""
    greek = write(tmp_path / "el.jsonl", [{"id": "g", "text": "Ο λόγος είναι δύναμη."}])
    mixed = write(tmp_path / "mix.jsonl", [{"id": "m", "text": "The word λόγος means word."}])
    code, _out, err = run(runner, tmp_path / "en", "index", "--vectors-for", "none", str(greek))
    assert code == 0, err
    assert "another script than the Latin letters of --lang en" in err and "el.jsonl (Greek)" in err
    args = ["index", "--vectors-for", "none", "--lang", "el", str(greek)]
    code, _out, err = run(runner, tmp_path / "el", *args)
    assert code == 0 and "another script" not in err, err
    code, _out, err = run(runner, tmp_path / "mix", "index", "--vectors-for", "none", str(mixed))
    assert code == 0 and "another script" not in err, err


def test_text_in_another_script_indexed_untagged_is_not_said_tagged(runner, tmp_path) -> None:
    """With --tagger none English text is not tagged, but the note said it was (pass 36p)."""
    greek = write(tmp_path / "el.jsonl", [{"id": "g", "text": "Ο λόγος είναι δύναμη."}])
    args = ["index", "--vectors-for", "none", "--tagger", "none", str(greek)]
    code, _out, err = run(runner, tmp_path / "en", *args)
    assert code == 0 and "was tokenised, lemmatised as en:" in err, err
    assert "tagged" not in err


def test_text_in_a_script_no_lang_names_is_not_told_to_give_its_lang(runner, tmp_path) -> None:
    """Segmented Chinese indexed as English was told to "give its language with
    --lang", which `--lang zh` refuses (simplemma has no Chinese dictionary); Hebrew,
    which --lang he names, is still told so (pass 37d)."""
    chinese = write(tmp_path / "zh.jsonl", [{"id": "z", "text": "我 去 银行 取 钱 。"}])
    hebrew = write(tmp_path / "he.jsonl", [{"id": "h", "text": "הילד הלך לבית הספר."}])
    args = ["index", "--vectors-for", "none", str(chinese), str(hebrew)]
    code, _out, err = run(runner, tmp_path / "idx", *args)
    assert code == 0, err
    notes = [line for line in err.splitlines() if "another script" in line]
    assert len(notes) == 2, err
    hebrew_note, chinese_note = sorted(notes, key=lambda line: "zh.jsonl" in line)
    assert "give its language with --lang" in hebrew_note and "(Hebrew)" in hebrew_note
    assert "give its language with --lang" not in chinese_note and "(Cjk)" in chinese_note
    assert "no --lang names its language" in chinese_note
    assert "--tagger none (no POS)" in chinese_note


def test_a_refused_lang_makes_no_index_and_tokenised_files_take_any(runner, tmp_path) -> None:
    """`index zh.txt --lang zh` was refused when the file was read, after the index
    folder was made: an empty index was left, whose settings the next run had to
    match (pass 37d). A CoNLL-U file, read in any language, still takes --lang zh."""
    text = tmp_path / "zh.txt"
    text.write_text("我 去 银行 。\n", encoding="utf-8")
    code, _out, err = run(runner, tmp_path / "idx", "index", "--vectors-for", "none",
                          "--lang", "zh", str(text))  # fmt: skip
    assert code != 0 and "no dictionary for 'zh'" in err, err
    assert not (tmp_path / "idx").exists()
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.conllu").write_text("1\t我\t我\tPRON\t_\t_\t0\troot\t_\t_\n\n")
    (folder / "b.txt").write_text("我 去 。\n", encoding="utf-8")
    code, _out, err = run(runner, tmp_path / "idx2", "index", "--vectors-for", "none",
                          "--lang", "zh", str(folder))  # fmt: skip
    assert code != 0 and "no dictionary for 'zh'" in err and not (tmp_path / "idx2").exists()
    (folder / "b.txt").unlink()
    code, _out, err = run(runner, tmp_path / "idx3", "index", "--vectors-for", "none",
                          "--lang", "zh", str(folder))  # fmt: skip
    assert code == 0, err
    with sensegrep.open(tmp_path / "idx3") as index:
        assert index.search("我", form=True).total == 1


def test_a_word_written_only_with_its_article_on_says_so(tmp_path: Path) -> None:
    """Arabic writes the article on its word (المدرسة, the school) and simplemma may not
    take it off: `search مدرسة` said "no occurrences" alone, read as "not in the text"."""
    from sensegrep.errors import QueryError

    path = write(tmp_path / "ar.jsonl", [{"id": "a", "text": "ذهب الولد إلى المدرسة."}])
    with sensegrep.build(tmp_path / "idx", path, lang="ar", vectors_for="none") as index:
        with pytest.raises(QueryError) as raised:
            index.search("مدرسة")
        assert """1 longer word holds it ('المدرسة'): cql '[word=".*مدرسة.*"]'""" in str(
            raised.value
        )
        assert index.search(cql='[word=".*مدرسة.*"]').total == 1


def test_longer_words_written_decomposed_are_counted_and_listed(tmp_path: Path) -> None:
    """A word that only longer words hold names them, but one a file wrote decomposed
    (NFD: u and a combining diaeresis, as text from macOS may be) was left out of the
    count and the list, which said "1 longer word" where the pattern finds 2 (pass 37c)."""
    import unicodedata

    from sensegrep.errors import QueryError

    records = [
        {"id": "a", "text": "Die Müllabfuhr kommt heute."},
        {"id": "b", "text": unicodedata.normalize("NFD", "Die Mülltonne ist voll.")},
    ]
    path = write(tmp_path / "de.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, lang="de", vectors_for="none") as index:
        with pytest.raises(QueryError) as raised:
            index.search("Müll")
        assert "2 longer words hold it ('Müllabfuhr', 'Mülltonne')" in str(raised.value)
        assert index.search(cql='[word=".*Müll.*"]').total == 2


def test_neighbours_and_compare_of_german_text_say_the_encoder_is_english(
    runner, german, tmp_path
) -> None:
    """`neighbours` rests on the same vectors as --any-word, whose API notes said the
    encoder was English, but the command printed none of its notes: a thesaurus of
    German words by an English encoder, unsaid; `compare` gave German usages a
    probability fitted on English pairs, and `--count sense`, `collocates --by-sense`
    and `export --balanced` grouped by those vectors' senses, unsaid (pass 32d)."""
    idx = tmp_path / "idx"
    code, _out, err = run(runner, idx, "index", "--lang", "de", "--model", "minilm", str(german))
    assert code == 0, err
    code, _out, err = run(runner, idx, "neighbours", "--example", "Wir saßen auf der [[Bank]]")
    assert code == 0, err
    assert err.count("note: the minilm encoder was trained on English") == 1, err
    usages = ["Wir saßen auf der [[Bank]] im Park.", "Die [[Bank]] erhöhte die Zinsen."]
    code, _out, err = run(runner, idx, "compare", *usages)
    assert code == 0 and "same sense:" in err, err
    assert "note: the minilm encoder was trained on English" in err, err
    assert "probability was fitted on English pairs" in err, err
    with sensegrep.open(idx) as index:
        assert any("trained on English" in note for note in index.compare(*usages).notes)
        # A count by sense (or of a ranking) rests on the vectors too; one by form not.
        by_sense, by_form = index.count("Bank", "sense"), index.count("Bank", "form")
        by_senses = index.collocates("Bank", by_sense=True, min_freq=1)
        plain = index.collocates("Bank", min_freq=1)
        balanced = index.annotation_items("Bank", "csv", balanced=1)
    assert any("trained on English" in note for note in by_sense.notes), by_sense.notes
    assert not any("trained on English" in note for note in by_form.notes)
    assert any("trained on English" in note for note in by_senses.notes), by_senses.notes
    assert not any("trained on English" in note for note in plain.notes)
    assert any("trained on English" in note for note in balanced.notes), balanced.notes


def test_text_in_another_latin_language_than_its_lang_s_is_told(runner, tmp_path: Path) -> None:
    """German text indexed without --lang was tokenised, lemmatised and tagged as
    English (Die a VERB, Männer a PROPN with the lemma männer) without a word, its
    letters being Latin (pass 34h): `index` now names the file, how few of its words
    are English ones and the language most of them are words of."""
    german = (
        "Der Mann geht mit seiner Frau zum Bahnhof. Die Männer warten auf dem Bahnsteig, "
        "weil der Zug heute später kommt. Die Kinder spielen im Garten, während die "
        "Eltern in der Küche kochen. Am Abend lesen sie gemeinsam die Zeitung."
    )
    english = (
        "The man walks with his wife to the station. The men wait on the platform, "
        "because the train comes later today. The children play in the garden while "
        "their parents cook in the kitchen. In the evening they read the paper."
    )
    de = write(tmp_path / "de.jsonl", [{"id": "d", "text": german}])
    en = write(tmp_path / "en.jsonl", [{"id": "e", "text": english}])
    short = write(tmp_path / "short.jsonl", [{"id": "s", "text": "Der Mann geht."}])
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, tmp_path / "en", *args, str(de), str(en), str(short))
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if "mostly no en words" in line]
    assert "de.jsonl (" in note and ", most de)" in note
    assert "en.jsonl" not in note and "short.jsonl" not in note  # too few words to tell
    code, _out, err = run(runner, tmp_path / "de", *args, "--lang", "de", str(de))
    assert code == 0 and "mostly no" not in err, err


def test_a_records_own_language_field_is_the_language_the_note_names(
    runner, tmp_path: Path
) -> None:
    """Galician JSONL with a `lang` field indexed without --lang was said to be "most
    es", Spanish's dictionary holding most of its words, though its own field said gl
    (pass 36d): the field's language is tried first, and named where most words are
    of it."""
    galician = (
        "O neno leu o libro vello na cidade. A nena mercou o pan novo na aldea onte. "
        "Xoán viu a montaña desde a casa. A mestra escribiu unha carta á súa irmá. "
        "Mañá imos á praia se non chove, dixo o avó."
    )
    gl = write(tmp_path / "gl.jsonl", [{"id": "g", "text": galician, "lang": "gl"}])
    bare = write(tmp_path / "bare.jsonl", [{"id": "b", "text": galician}])
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, tmp_path / "en", *args, str(gl), str(bare))
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if "mostly no en words" in line]
    assert "gl.jsonl (" in note and ", most gl)" in note, note
    assert "bare.jsonl (" in note and ", most gl)" not in note.split("bare.jsonl")[1]


CONLLU_ES = (
    "# newdoc id = d1\n"
    "1\tNos\tnosotros\tPRON\t_\t_\t2\tnsubj\t_\t_\n"
    "2\tdijeron\tdecir\tVERB\t_\t_\t0\troot\t_\t_\n"
    "3\tque\tque\tSCONJ\t_\t_\t4\tmark\t_\t_\n"
    "4\tno\tno\tADV\t_\t_\t2\tobj\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n"
)


def test_lang_for_a_tokenised_file_alone_says_it_was_used_for_none(runner, tmp_path) -> None:
    """`index es.conllu --lang es` recorded no language (only plain text and JSONL
    do), so the index read its queries as English, `search nos` the lemma *no*, and
    nothing said --lang had done nothing (pass 35c)."""
    conllu = tmp_path / "es.conllu"
    conllu.write_text(CONLLU_ES, encoding="utf-8")
    idx = tmp_path / "idx"
    code, _out, err = run(
        runner, idx, "index", "--vectors-for", "none", "--lang", "es", str(conllu)
    )
    assert code == 0, err
    assert "note: --lang es was used for no file: CoNLL-U, VRT and Raganato files" in err
    assert "reads its queries' words as en" in err
    # without --lang, or with plain text of that language in the run: nothing to say
    text = tmp_path / "es.txt"
    text.write_text("Nos dijeron que no.\n", encoding="utf-8")
    for args, folder in (
        ([str(conllu)], "plain"),
        (["--lang", "es", str(text), str(conllu)], "both"),
    ):
        code, _out, err = run(runner, tmp_path / folder, "index", "--vectors-for", "none", *args)
        assert code == 0 and "was used for no file" not in err, err
    report = sensegrep.build(tmp_path / "api", conllu, vectors_for="none", lang="it")
    with report:
        assert report.last_report.lang_note.startswith("--lang it was used for no file")


def test_text_of_a_second_language_says_the_queries_are_read_as_english_now(
    runner, tmp_path: Path
) -> None:
    """An index of Spanish text read its queries in Spanish (`search meses`: mes); after
    `index it/ --lang it` into it, as English (`search meses`: Italian mese), and
    nothing said so (pass 35c)."""
    es = write(tmp_path / "es.jsonl", [{"id": "e1", "text": "Pasaron tres meses."}])
    it = write(tmp_path / "it.jsonl", [{"id": "i1", "text": "Sono passati tre mesi."}])
    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Trois mois ont passé."}])
    idx = tmp_path / "idx"
    code, _out, err = run(runner, idx, "index", "--vectors-for", "none", "--lang", "es", str(es))
    assert code == 0 and "from now on" not in err, err
    code, _out, err = run(runner, idx, "index", "--vectors-for", "none", "--lang", "it", str(it))
    assert code == 0, err
    assert (
        "note: this index now holds text in es, it, so its queries' words are read as en "
        "from now on, no longer as es"
    ) in err
    code, _out, err = run(runner, idx, "index", "--vectors-for", "none", "--lang", "fr", str(fr))
    assert code == 0 and "from now on" not in err, err  # already read as English


def test_lang_given_to_tagged_files_alone_says_it_changed_nothing(runner, tmp_path: Path) -> None:
    """`index tr.vrt --lang tr` took --lang without a word, though it tokenises plain text
    only: the index read its queries as English, and the Turkish notes on I and ı that
    the README promises an index built with --lang tr never came (pass 35d)."""
    vrt = tmp_path / "tr.vrt"
    vrt.write_text(
        '<text id="t1">\n<s>\nIlık\tADJ\tılık\nhava\tNOUN\thava\n.\tPUNCT\t.\n</s>\n</text>\n',
        encoding="utf-8",
    )
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none", "--lang", "tr"]
    code, _out, err = run(runner, idx, *args, str(vrt))
    assert code == 0
    (note,) = [line for line in err.splitlines() if "--lang tr" in line]
    assert "was used for no file" in note and "reads its queries' words as en" in note
    # Turkish plain text in the same index: its queries are Turkish, nothing to say.
    text = write(tmp_path / "tr.jsonl", [{"id": "t2", "text": "Hava bugün ılık."}])
    assert "--lang tr" not in run(runner, idx, *args, str(text))[2]
    more = tmp_path / "more.vrt"
    more.write_text('<text id="t3">\n<s>\nsu\tNOUN\tsu\n</s>\n</text>\n', encoding="utf-8")
    assert "--lang tr" not in run(runner, idx, *args, str(more))[2]
    # English, the default, given or not, says nothing.
    code, _out, err = run(runner, tmp_path / "en", "index", "--vectors-for", "none", str(vrt))
    assert code == 0 and "--lang" not in err


def test_a_language_whose_text_is_all_replaced_is_no_longer_recorded(
    runner, tmp_path: Path
) -> None:
    """A French file indexed, then its text replaced by German and indexed again with
    --lang de: the index still said "holds text in de, fr" and read its queries as
    English (`search Katzen` found no lemma katzen), though no French text was left
    (stop 46's note)."""
    doc = write(tmp_path / "a.jsonl", [{"id": "a1", "text": "Les chats mangent les souris."}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none"]
    assert run(runner, idx, *args, "--lang", "fr", str(doc))[0] == 0
    write(doc, [{"id": "a1", "text": "Die Katzen fressen die Mäuse."}])
    code, _out, err = run(runner, idx, *args, "--lang", "de", str(doc))
    assert code == 0, err
    assert (
        "note: this index now holds text in de alone (its fr text was replaced or removed), "
        "so its queries' words are read as de from now on, no longer as fr"
    ) in err
    with sensegrep.open(idx) as index:
        assert list(index.storage.manifest.text_analysis) == ["de"]
        assert index.lang == "de"
        assert [h.lemma for h in index.search("Katzen")] == ["katze"]


def test_removing_a_language_s_last_text_says_how_queries_are_read_now(
    runner, tmp_path: Path
) -> None:
    """`remove --source fr.jsonl` took an index's last French text: it went on saying
    "text in de, fr" and reading queries as English; now it records German alone, reads
    them as German, and says so. A shell's open index sees it too."""
    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats mangent les souris."}])
    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Katzen fressen die Mäuse."}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none"]
    assert run(runner, idx, *args, "--lang", "fr", str(fr))[0] == 0
    assert run(runner, idx, *args, "--lang", "de", str(de))[0] == 0
    with sensegrep.open(idx) as index:
        assert index.lang == "en"
        removal = index.remove(sources=[str(fr)])
        assert removal.languages_gone == ["fr"] and removal.reading == ("en", "de")
        assert [h.lemma for h in index.search("Katzen")] == ["katze"] and index.lang == "de"
    assert run(runner, idx, *args, "--lang", "fr", str(fr))[0] == 0
    code, _out, err = run(runner, idx, "remove", "--source", str(fr))
    assert code == 0, err
    assert (
        "note: no fr text is left in this index, so its queries' words are read as de from "
        "now on, no longer as en"
    ) in err


def test_an_older_index_keeps_the_languages_it_recorded(runner, tmp_path: Path) -> None:
    """An index made before each document's language was kept cannot tell which of
    its documents were French: removing one file keeps every language recorded."""
    import sqlite3

    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats mangent les souris."}])
    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Katzen fressen die Mäuse."}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none"]
    assert run(runner, idx, *args, "--lang", "fr", str(fr))[0] == 0
    assert run(runner, idx, *args, "--lang", "de", str(de))[0] == 0
    with sqlite3.connect(idx / "index.sqlite") as conn:
        conn.execute("ALTER TABLE documents DROP COLUMN lang")
    code, _out, err = run(runner, idx, "remove", "--source", str(fr))
    assert code == 0 and "no longer" not in err, err
    with sensegrep.open(idx) as index:
        assert sorted(index.storage.manifest.text_analysis) == ["de", "fr"]


def test_a_run_stopped_before_its_text_was_kept_records_no_language_of_it(
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run records its --lang before its first file: stopped (Ctrl-C) before any of
    that text was kept, it left an index of French text alone saying "text in fr, de"
    and reading queries as English, so `search chats` found no lemma chats, until some
    later run or removal (pass 36g). The stopped run settles the languages it holds."""
    from sensegrep.indexer import pipeline

    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats mangent les souris."}])
    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Katzen fressen die Mäuse."}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none"]
    assert run(runner, idx, *args, "--lang", "fr", str(fr))[0] == 0

    def stopped(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.Indexer, "_add_file", stopped)
    with pytest.raises(KeyboardInterrupt):
        sensegrep.build(idx, de, lang="de", vectors_for="none").close()
    monkeypatch.undo()
    with sensegrep.open(idx) as index:
        assert list(index.storage.manifest.text_analysis) == ["fr"]
        assert index.lang == "fr"
        assert [h.form for h in index.search("chats")] == ["chats"]


def test_a_run_killed_before_its_text_was_kept_leaves_no_language_of_it(
    runner, tmp_path: Path
) -> None:
    """A run killed (SIGKILL) before any of its German text was kept left the index of
    French text alone saying "text in fr, de" and reading its queries as English (`search
    chats` found no lemma chats) until a later run or removal: opening reads the
    languages of the text held; the next run records them."""
    from ..helpers import sensegrep as in_a_process

    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats mangent les souris."}])
    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Katzen fressen die Mäuse."}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none"]
    assert run(runner, idx, *args, "--lang", "fr", str(fr))[0] == 0
    killed = in_a_process(idx, *args, "--lang", "de", str(de), kill_at="batch:before-embed:1")
    assert killed.returncode == -9, killed.stderr
    with sensegrep.open(idx) as index:
        assert list(index.storage.manifest.text_analysis) == ["fr"]
        assert index.lang == "fr"
        assert [h.form for h in index.search("chats")] == ["chats"]
    code, _out, err = run(runner, idx, *args, "--lang", "fr", str(fr))
    assert code == 0 and "now holds text" not in err, err
    assert list(json.loads((idx / "manifest.json").read_text())["text_analysis"]) == ["fr"]


def test_a_later_record_naming_another_language_is_checked_too(runner, tmp_path: Path) -> None:
    """Only a file's first record was checked against --lang: a JSONL of English records,
    then French ones whose own `lang` field said fr, had its French lemmatised as English
    with no note (pass 36g). A later record naming another language is checked too."""
    en = (
        "The bank raised its rates again this year, and the people who borrowed money "
        "from it were not happy about the change at all, said the man."
    )
    fr = (
        "Les banques ont encore monté leurs taux cette année, et les gens qui leur ont "
        "emprunté de l'argent ne sont pas du tout contents de ce changement, dit l'homme."
    )
    records = [{"id": "e1", "text": en, "lang": "en"}, {"id": "f1", "text": fr, "lang": "fr"}]
    mixed = write(tmp_path / "mixed.jsonl", records)
    english = write(tmp_path / "en.jsonl", [{**records[0], "id": "e2"}, {**records[0], "id": "e3"}])
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, tmp_path / "idx", *args, str(mixed), str(english))
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if "mostly no en words" in line]
    assert "mixed.jsonl (" in note and "most fr)" in note and "en.jsonl" not in note, note


def test_info_of_an_index_whose_text_was_all_removed_says_it_holds_none(
    runner, tmp_path: Path
) -> None:
    """Once its last plain text was removed (its language no longer recorded), info said
    "tagger none used (no plain text or JSONL indexed)" of an index that had indexed
    some (pass 36g, polish): it says the index holds none."""
    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats mangent les souris."}])
    idx = tmp_path / "idx"
    assert run(runner, idx, "index", "--vectors-for", "none", "--lang", "fr", str(fr))[0] == 0
    assert run(runner, idx, "remove", "--source", str(fr))[0] == 0
    code, out, err = run(runner, idx, "info", "--json")
    assert code == 0, err
    assert json.loads(out)["tagger"] == "none (the index holds no plain text or JSONL)"


def test_a_short_record_naming_another_language_leaves_the_check_to_a_longer_one(
    runner, tmp_path: Path
) -> None:
    """The check of a later record naming another language was made once a file and
    language: a short first French record (a chapter's title, under the 20 words a
    language is told by) took it, and the French records after it were lemmatised as
    English with no note (pass 36k). The first record with words enough is checked."""
    en = (
        "The bank raised its rates again this year, and the people who borrowed money "
        "from it were not happy about the change at all, said the man."
    )
    fr = (
        "Les banques ont encore monté leurs taux cette année, et les gens qui leur ont "
        "emprunté de l'argent ne sont pas du tout contents de ce changement, dit l'homme."
    )
    records = [
        {"id": "e1", "text": en, "lang": "en"},
        {"id": "f0", "text": "Chapitre premier.", "lang": "fr"},
        {"id": "f1", "text": fr, "lang": "fr"},
    ]
    mixed = write(tmp_path / "mixed.jsonl", records)
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, tmp_path / "idx", *args, str(mixed))
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if "mostly no en words" in line]
    assert "mixed.jsonl (" in note and "most fr)" in note, note


def test_a_short_first_record_leaves_the_check_to_the_next(runner, tmp_path: Path) -> None:
    """A file was checked against --lang by its first record alone: a JSONL of French
    records whose first is a title (under the 20 words a language is told by) was
    lemmatised as English with no note (pass 36k). The first record with words enough
    is checked."""
    fr = (
        "Les banques ont encore monté leurs taux cette année, et les gens qui leur ont "
        "emprunté de l'argent ne sont pas du tout contents de ce changement, dit l'homme."
    )
    records = [{"id": "t", "text": "Chapitre premier."}, {"id": "f1", "text": fr}]
    french = write(tmp_path / "fr.jsonl", records)
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, tmp_path / "idx", *args, str(french))
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if "mostly no en words" in line]
    assert "fr.jsonl (" in note and "most fr)" in note, note


def test_a_later_record_in_another_language_without_a_lang_field_is_noted(
    runner, tmp_path: Path
) -> None:
    """A JSONL of English records, then French ones, none with a `lang` field, was
    checked by its first record alone: the French was lemmatised as English, unsaid. Its
    later records are sampled (the next 8, then every 16th): one in French is noted."""
    en = (
        "The bank raised its rates again this year, and the people who borrowed money "
        "from it were not happy about the change at all, said the man."
    )
    fr = (
        "Les banques ont encore monté leurs taux cette année, et les gens qui leur ont "
        "emprunté de l'argent ne sont pas du tout contents de ce changement, dit l'homme."
    )
    records = [{"id": f"e{i}", "text": en} for i in range(20)]
    records += [{"id": f"f{i}", "text": fr} for i in range(20)]
    mixed = write(tmp_path / "mixed.jsonl", records)
    english = write(tmp_path / "en.jsonl", [{"id": f"g{i}", "text": en} for i in range(40)])
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    code, _out, err = run(runner, tmp_path / "idx", *args, str(mixed), str(english))
    assert code == 0
    notes = [line for line in err.splitlines() if "mostly no en words" in line]
    assert len(notes) == 1 and "mixed.jsonl" in notes[0] and "most fr" in notes[0], err
    assert "en.jsonl (" not in notes[0]


def test_a_run_stopped_after_its_text_was_kept_says_how_queries_are_read(
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run adding French text to a German index, stopped (Ctrl-C) after some of it
    was kept, said only "index stopped …": the run that went on found the index holding
    de and fr already and said nothing, so no run said that its queries were read as
    English from then on (`search Häuser` no longer found Haus), as the README says one
    does (pass 37b)."""
    from sensegrep.storage import Index

    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Häuser stehen am Fluss."}])
    fr = write(
        tmp_path / "fr.jsonl",
        [{"id": f"f{n}", "text": f"Les chats dorment {n} fois."} for n in range(3)],
    )
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none"]
    assert run(runner, idx, *args, "--lang", "de", str(de))[0] == 0
    original = Index.add_batch

    def stopped_after_one_batch(self: Index, *batch: object, **kwargs: object) -> object:
        original(self, *batch, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(Index, "add_batch", stopped_after_one_batch)
    code, _out, err = run(runner, idx, *args, "--lang", "fr", str(fr))
    monkeypatch.undo()
    assert code == 130 and err.startswith("index stopped"), err
    assert (
        "note: this index now holds text in de, fr, so its queries' words are read as en "
        "from now on, no longer as de"
    ) in err
    with sensegrep.open(idx) as index:
        assert index.lang == "en" and index.info()["documents"] > 1


def test_an_open_index_adds_text_in_the_language_given(tmp_path: Path) -> None:
    """`idx.add(paths, lang="fr")`, as `sensegrep index` takes --lang, was a TypeError
    (lang given twice) on an open German index; without lang, the index's own is used
    (pass 37b)."""
    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Häuser stehen am Fluss."}])
    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats dorment sur le canapé."}])
    more = write(tmp_path / "more.jsonl", [{"id": "d2", "text": "Die Katzen schlafen."}])
    with sensegrep.build(tmp_path / "idx", de, lang="de", vectors_for="none") as index:
        assert index.add(more).documents == 1
        report = index.add(fr, lang="fr")
        assert report.documents == 1 and "no longer as de" in (report.lang_note or "")
        assert sorted(index.storage.manifest.text_analysis) == ["de", "fr"]
        assert [h.lemma for h in index.search("dorment", form=True)] == ["dormir"]


def test_an_unchanged_file_given_another_lang_says_it_keeps_its_own(runner, tmp_path: Path) -> None:
    """A French file indexed without --lang (as English), given again with --lang fr as
    the index's note advised, was "1 unchanged, skipped" and stayed English, nothing
    saying that --lang fr was not applied to it (pass 37b)."""
    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats dorment sur le canapé."}])
    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Katzen schlafen."}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    assert run(runner, idx, *args, str(fr))[0] == 0
    code, _out, err = run(runner, idx, *args, "--lang", "fr", str(fr))
    assert code == 0 and "(1 unchanged, skipped)" in err, err
    assert (
        "note: files and documents skipped as unchanged keep the language their text was "
        "analysed in, not --lang fr: "
    ) in err
    assert "fr.jsonl (en); to analyse one as fr, remove it" in err
    # Given again in its own language, or beside a new file of another: nothing to say.
    assert "keep the language" not in run(runner, idx, *args, str(fr))[2]
    code, _out, err = run(runner, idx, *args, "--lang", "de", str(de))
    assert code == 0 and "keep the language" not in err, err
    assert "keep the language" not in run(runner, idx, *args, "--lang", "de", str(de))[2]
    with sensegrep.open(idx) as index:
        assert [h.lemma for h in index.search("dorment", form=True)] == ["dorment"]
    # A record added to the file: read again with --lang fr, its first record skipped
    # as already indexed stays English, also unsaid.
    records = [*map(json.loads, fr.read_text(encoding="utf-8").splitlines())]
    write(fr, [*records, {"id": "f2", "text": "Les oiseaux chantent."}])
    code, _out, err = run(runner, idx, *args, "--lang", "fr", str(fr))
    assert code == 0 and "(1 already indexed)" in err, err
    assert "fr.jsonl (en); to analyse one as fr" in err


def test_an_older_index_of_one_language_lets_a_later_language_go(runner, tmp_path) -> None:
    """An index made before each document's language was kept, of German text alone,
    given French text, then its French file removed: it went on saying "text in de,
    fr" and reading queries as English (`search Häuser`: no lemma häuser) while any
    older German document was left (pass 37b). Its older documents are of the one
    language it recorded; those of an older index of tokenised files alone, of none."""
    import sqlite3

    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Häuser stehen am Fluss."}])
    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats dorment."}])
    vrt = tmp_path / "de.vrt"
    vrt.write_text('<text id="v1">\nHäuser\tNN\tHaus\n</text>\n', encoding="utf-8")
    args = ["index", "--vectors-for", "none"]
    held = {}
    for name, older in (("text", [de, vrt]), ("tokenised", [vrt])):
        idx = tmp_path / name
        assert run(runner, idx, *args, "--lang", "de", *map(str, older))[0] == 0
        with sqlite3.connect(idx / "index.sqlite") as conn:  # as an older sensegrep left it
            conn.execute("ALTER TABLE documents DROP COLUMN lang")
        # Given again unchanged with another --lang, the older text file is said to keep
        # its language; the VRT file, which has none, is not.
        code, _out, err = run(runner, idx, *args, "--lang", "fr", *map(str, older), str(fr))
        assert code == 0 and "de.vrt" not in err, err
        assert ("de.jsonl (de); to analyse one as fr" in err) == (de in older), err
        code, _out, err = run(runner, idx, "remove", "--source", str(fr))
        assert code == 0 and "note: no fr text is left in this index" in err, err
        with sensegrep.open(idx) as index:
            held[name] = (list(index.storage.manifest.text_analysis), index.lang)
            if de in older:
                assert "haus" in {h.lemma for h in index.search("Häuser")}
    assert held == {"text": (["de"], "de"), "tokenised": ([], "en")}


def test_build_s_index_reads_queries_as_its_note_says(tmp_path: Path) -> None:
    """`sensegrep.build(idx, "fr/", lang="fr")` into a German index noted "its queries'
    words are read as en from now on", but the index it returned read them as French
    (lang taken for the queries' language), so `search("Häuser")` said nothing of German
    Haus; so did one of CoNLL-U alone, noted to read them as en (pass 37b)."""
    de = write(tmp_path / "de.jsonl", [{"id": "d1", "text": "Die Häuser stehen am Fluss."}])
    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats dorment."}])
    sensegrep.build(tmp_path / "idx", de, lang="de", vectors_for="none").close()
    with sensegrep.build(tmp_path / "idx", fr, lang="fr") as index:
        assert "read as en from now on" in (index.last_report.lang_note or "")
        assert index.lang == "en"
    conllu = tmp_path / "es.conllu"
    conllu.write_text("# newdoc id = e1\n1\tmeses\tmes\tNOUN\t_\t_\t0\troot\t_\t_\n\n")
    with sensegrep.build(tmp_path / "es", conllu, lang="es", vectors_for="none") as index:
        assert "reads its queries' words as en" in (index.last_report.lang_note or "")
        assert index.lang == "en"
    with sensegrep.build(tmp_path / "de", de, lang="de", vectors_for="none") as index:
        assert index.lang == "de"


def test_text_given_to_an_index_of_tokenised_files_says_how_queries_are_read(
    runner, tmp_path: Path
) -> None:
    """An index of VRT files alone records no language and reads its queries as English;
    given a French text file, it read them as French from then on, and nothing said so,
    as the run adding a second language says (pass 37b)."""
    vrt = tmp_path / "de.vrt"
    vrt.write_text('<text id="v1">\nHäuser\tNN\tHaus\n</text>\n', encoding="utf-8")
    fr = write(tmp_path / "fr.jsonl", [{"id": "f1", "text": "Les chats dorment."}])
    en = write(tmp_path / "en.jsonl", [{"id": "e1", "text": "The cats sleep."}])
    args = ["index", "--vectors-for", "none"]
    for name, text, lang in (("fr", fr, "fr"), ("en", en, "en")):
        idx = tmp_path / name
        assert run(runner, idx, *args, str(vrt))[0] == 0
        code, _out, err = run(runner, idx, *args, "--lang", lang, str(text))
        assert code == 0, err
        said = (
            "note: this index now holds text in fr (its CoNLL-U, VRT and Raganato files "
            "record no language), so its queries' words are read as fr from now on, no "
            "longer as en"
        ) in err
        assert said == (lang == "fr"), err
    # A new index of French text alone: nothing changed, nothing to say.
    code, _out, err = run(runner, tmp_path / "new", *args, "--lang", "fr", str(fr))
    assert code == 0 and "from now on" not in err, err


def test_a_tagger_given_to_unchanged_files_alone_says_it_was_applied_to_none(
    runner, tmp_path: Path
) -> None:
    """`index FILE --tagger spacy` over a file indexed with --tagger none said "1
    unchanged, skipped" alone, the file keeping simplemma's tokens without POS, where a
    new file is refused for the index's other tokeniser (pass 37b)."""
    text = write(tmp_path / "en.jsonl", [{"id": "e1", "text": "The cats sleep."}])
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none"]
    assert run(runner, idx, *args, "--tagger", "none", str(text))[0] == 0
    code, _out, err = run(runner, idx, *args, "--tagger", "spacy", str(text))
    assert code == 0 and "(1 unchanged, skipped)" in err, err
    assert "note: --tagger spacy was applied to no file, each skipped as unchanged: " in err
    assert "tokenised by simplemma" in err
    code, _out, err = run(runner, idx, *args, "--tagger", "none", str(text))
    assert code == 0 and "applied to no file" not in err, err


def test_a_hebrew_word_written_with_gershayim_or_typed_quotes_says_the_other(
    tmp_path: Path,
) -> None:
    """Hebrew text mixes צה״ל (gershayim) and צה"ל (the " a keyboard types): a search of
    one left the other out, unsaid (pass 37d). By lemma, a spelling the lemma searched
    already holds (simplemma gives ג׳ירפה and ג'ירפה one lemma) is no other word."""
    text = "חייל צה\"ל עמד. חייל צה״ל עמד. קצין צה״ל הגיע. ג'ירפה גבוהה. ג׳ירפה גבוהה."
    path = write(tmp_path / "he.jsonl", [{"id": "h", "text": text}])
    with sensegrep.build(tmp_path / "idx", path, lang="he", vectors_for="none") as index:
        gershayim = index.search("צה״ל", form=True)
        typed = index.search('צה"ל', form=True)
        by_lemma = index.search("צה״ל")
        giraffe = index.search("ג׳ירפה")
    assert (gershayim.total, typed.total, by_lemma.total, giraffe.total) == (2, 1, 2, 2)
    [note] = [n for n in gershayim.notes if "typed for" in n]
    assert note.startswith("1 more match writes 'צה״ל' with ' and \" typed for ׳ and ״")
    assert "search 'צה\"ל'" in note and note.endswith("finds it")
    assert any(n.startswith("2 more matches write 'צה\"ל' with ׳ and ״") for n in typed.notes)
    assert any('lemma!="צה״ל"%c]' in n and n.endswith("lists it") for n in by_lemma.notes)
    assert not any("typed for" in n or "for ' and" in n for n in giraffe.notes)


def test_a_word_written_in_other_widths_or_with_a_ligature_is_said(tmp_path: Path) -> None:
    """Japanese text writes katakana half width (ｶﾀｶﾅ) and digits full width (２０２３)
    as often as not, and PDFs extract ﬁ ligatures: `search カタカナ` and `search 2023`
    said no occurrences alone, and `search final` left out ﬁnal, unsaid (pass 37d)."""
    text = "ｶﾀｶﾅ の テスト 。 カタカナ です 。 ２０２３ 年 。 2023 年 。 ﬁnal final 。"
    path = write(tmp_path / "ja.jsonl", [{"id": "j", "text": text}])
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        kana = index.search("カタカナ", form=True)
        year = index.search("2023", form=True)
        final = index.search("final", form=True)
        typed = index.search("ｶﾀｶﾅ", form=True)
    assert (kana.total, year.total, final.total, typed.total) == (1, 1, 1, 1)
    said = {
        "kana": [n for n in kana.notes if "other widths" in n],
        "year": [n for n in year.notes if "other widths" in n],
        "final": [n for n in final.notes if "other widths" in n],
        "typed": [n for n in typed.notes if "other widths" in n],
    }
    assert said["kana"] == [
        "1 more match writes 'カタカナ' in other widths, with a ligature or in presentation "
        "forms (ｶﾀｶﾅ), which a search takes as other characters (NFKC reads them alike): "
        "the pattern "
        '[word="ｶﾀｶﾅ"%c] (cql) lists it'
    ]
    assert "(２０２３)" in said["year"][0] and "(ﬁnal)" in said["final"][0]
    assert "(カタカナ)" in said["typed"][0]
    # Arabic presentation forms, as a PDF's text holds them
    arabic = write(tmp_path / "ar.jsonl", [{"id": "a", "text": "كتب الولد. ﻛﺘﺐ الولد."}])
    with sensegrep.build(tmp_path / "ar", arabic, vectors_for="none", lang="ar") as index:
        notes = index.search("كتب", form=True).notes
    assert any("(ﻛﺘﺐ)" in note and note.startswith("1 more match") for note in notes)


def test_info_says_how_many_word_forms_are_phrases_of_unspaced_text(runner, tmp_path) -> None:
    """`info` gave the tokens of unsegmented Chinese as a count of words (pass 37d)."""
    unspaced = write(
        tmp_path / "zh.jsonl", [{"id": "z", "text": "我去银行取钱。他在银行工作了三年！"}]
    )
    spaced = write(tmp_path / "seg.jsonl", [{"id": "s", "text": "我 去 银行 。"}])
    for name, path, said in (("a", unspaced, 2), ("b", spaced, None)):
        run(
            runner, tmp_path / name, "index", "--vectors-for", "none", "--tagger", "none", str(path)
        )
        code, out, err = run(runner, tmp_path / name, "info")
        assert code == 0, err
        with sensegrep.open(tmp_path / name) as index:
            assert index.info().get("unspaced_phrases") == said
        assert ("2 distinct word forms are phrases" in out) == (said is not None), out
        if said:
            lines = out.splitlines()
            assert lines[[line.split()[0] for line in lines].index("tokens") + 1].startswith(
                "unspaced phrases   2 distinct"
            )


def test_info_and_freq_say_one_phrase_in_the_singular(runner, tmp_path) -> None:
    """One phrase was "1 distinct word forms are phrases" and "1 distinct ones"."""
    path = write(tmp_path / "zh.jsonl", [{"id": "z", "text": "「你好！」她说。我去银行取钱。"}])
    run(runner, tmp_path / "a", "index", "--vectors-for", "none", "--tagger", "none", str(path))
    code, out, err = run(runner, tmp_path / "a", "info")
    assert code == 0 and "1 distinct word form is a phrase of text" in out, out
    code, out, err = run(runner, tmp_path / "a", "freq")
    assert "(such as '我去银行取钱'; 1 distinct one)" in err, err


def test_a_long_word_of_a_segmented_treebank_is_no_phrase(tmp_path: Path) -> None:
    """CoNLL-U segments Chinese into words, some of six characters or more (中华人民共和国):
    no note calls them phrases, as none did of such an index before (pass 37d)."""
    path = tmp_path / "ctb.conllu"
    rows = [("中华人民共和国", "PROPN"), ("成立", "VERB"), ("了", "PART"), ("。", "PUNCT")]
    lines = [f"{n}\t{w}\t{w}\t{p}\t_\t_\t0\t_\t_\t_" for n, (w, p) in enumerate(rows, 1)]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        notes = [*index.freq().notes, *index.search("中华人民共和国").notes]
        assert "unspaced_phrases" not in index.info()
    assert not any("phrases" in note for note in notes)


VIETNAMESE = (
    "Học sinh đang học văn hoá Việt Nam ở trường. Các học sinh đã đến thư viện "
    "của thành phố. Giáo viên muốn xây dựng một cây cầu mới cho người dân."
)
VIETNAMESE_CONLLU = """# text = Học sinh đang học.
1\tHọc sinh\thọc sinh\tNOUN\t_\t_\t3\tnsubj\t_\t_
2\tđang\tđang\tADV\t_\t_\t3\tadvmod\t_\t_
3\thọc\thọc\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_

"""


def test_vietnamese_text_is_said_to_be_counted_in_syllables(runner, tmp_path: Path) -> None:
    """Vietnamese writes a space between syllables: *học sinh* (pupil) is two tokens, and
    `freq` counted *học* of it as a word of its own (3 *học*, where the text has one verb
    *học* and two *học sinh*), with nothing said but that the text was no English (pass
    37g). The note says its tokens and counts are of syllables; a file segmented into
    words (CoNLL-U), English or Romanian text (ă) get none."""
    vietnamese = write(tmp_path / "vi.jsonl", [{"id": "v1", "text": VIETNAMESE}])
    conllu = tmp_path / "vi.conllu"
    conllu.write_text(VIETNAMESE_CONLLU, encoding="utf-8")
    english = write(tmp_path / "en.jsonl", [{"id": "e1", "text": "The bank was closed. " * 5}])
    romanian = write(
        tmp_path / "ro.jsonl",
        [{"id": "r1", "text": "Fata își făcea temele în bucătărie, pe masă, lângă mamă. " * 3}],
    )
    # Igbo writes ị, ọ, ụ, as Vietnamese does, and no other of its letters
    igbo = write(
        tmp_path / "ig.jsonl",
        [{"id": "i1", "text": "Ọ bụ ezigbo mmadụ. Anyị na-aga ahịa taa n'ụtụtụ. " * 4}],
    )
    idx = tmp_path / "idx"
    args = ["index", "--vectors-for", "none", "--tagger", "none"]
    files = (str(vietnamese), str(english), str(romanian), str(igbo))
    code, _out, err = run(runner, idx, *args, *files)
    assert code == 0, err
    notes = [line for line in err.splitlines() if "between syllables" in line]
    assert len(notes) == 1, err
    assert "tokens are syllables" in notes[0] and "vi.jsonl ('Việt')" in notes[0]
    for other in ("en.jsonl", "ro.jsonl", "ig.jsonl"):
        assert other not in notes[0]
    with sensegrep.open(idx) as index:  # what it says: học sinh is two tokens
        assert index.search("học", form=True).total == 3
        assert index.search("học sinh", form=True).total == 2
    code, _out, err = run(
        runner, tmp_path / "conllu", "index", "--vectors-for", "none", str(conllu)
    )
    assert code == 0 and "between syllables" not in err, err


def test_vietnamese_text_is_not_told_to_be_given_a_lang(runner, tmp_path: Path) -> None:
    """Vietnamese text indexed as English was told "give its language with --lang" beside
    the note that simplemma has no Vietnamese, where --lang vi is refused: the note of
    syllables, which says what to do, is its only note."""
    vietnamese = write(tmp_path / "vi.jsonl", [{"id": "v1", "text": VIETNAMESE}])
    german = write(
        tmp_path / "de.jsonl",
        [{"id": "d1", "text": "Die Männer gehen heute mit ihren Kindern in den Wald. " * 3}],
    )
    args = ["index", "--vectors-for", "none", "--tagger", "none", str(vietnamese), str(german)]
    code, _out, err = run(runner, tmp_path / "idx", *args)
    assert code == 0, err
    told = [line for line in err.splitlines() if "give its language with --lang" in line]
    assert len(told) == 1 and "de.jsonl" in told[0] and "vi.jsonl" not in told[0], err
    assert "vi.jsonl ('Việt')" in err


LONGER_VIETNAMESE = (
    "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam. Học sinh ở trường "
    "mới đọc những quyển sách về lịch sử và địa lý. Người dân muốn xây dựng một cây cầu "
    "lớn trên sông Hồng. Các nhà nghiên cứu đã phát hiện nhiều điều thú vị trong rừng. "
    "Mùa thu năm ngoái, chúng tôi đi du lịch ở miền Trung với gia đình. Cửa hàng bán "
    "nhiều đồ ăn ngon và rẻ. Tiếng Việt có sáu thanh điệu khác nhau."
)


def test_freq_and_collocates_of_vietnamese_in_syllables_say_so(tmp_path: Path) -> None:
    """`freq`, `collocates` and `keywords` of Vietnamese plain text counted its syllables as words
    (học of học sinh), said at indexing alone (pass 37g); they say so now, and of the
    same text segmented into words (CoNLL-U, a word's syllables parted by a space)
    nothing."""
    records = [
        {"id": "v1", "genre": "news", "text": LONGER_VIETNAMESE},
        {"id": "v2", "genre": "forum", "text": "Tôi thích đọc sách ở thư viện mỗi ngày."},
    ]
    vietnamese = write(tmp_path / "vi.jsonl", records)
    with sensegrep.build(tmp_path / "idx", vietnamese, vectors_for="none", tagger="none") as idx:
        table = idx.freq(by="lemma", k=10)
        rows = {row["item"]: row["freq"] for row in table}
        assert rows["nhiều"] == 2 and rows["việt"] == 2  # syllables, one row each
        assert [n for n in table.notes if "its tokens are syllables" in n], table.notes
        said = idx.collocates("nhiều", min_freq=1).notes
        assert [n for n in said if "its tokens are syllables" in n], said
        said = idx.keywords(where="genre=news", min_freq=1).notes
        assert [n for n in said if "its tokens are syllables" in n], said
        assert not [n for n in idx.freq(by="genre").notes if "syllables" in n]
    conllu = tmp_path / "vi.conllu"
    conllu.write_text(VIETNAMESE_CONLLU, encoding="utf-8")
    with sensegrep.build(tmp_path / "idx2", conllu, vectors_for="none") as idx:
        assert not [n for n in idx.freq(by="lemma", k=10).notes if "syllables" in n]


def test_half_width_katakana_is_of_a_script_written_without_spaces(tmp_path: Path) -> None:
    """Half-width katakana (ｶﾀｶﾅ) is Japanese as カタカナ is: `search カタカナ` said that
    the index holds phrases, `search ｶﾀｶﾅ` found 2 of its 3 (one inside ｶﾀｶﾅﾃﾞﾓｶｸ) and
    said nothing of them, nor counted a phrase of half-width letters alone (pass 37j)."""
    text = "ｶﾀｶﾅ 書く ｶﾀｶﾅ。ｶﾀｶﾅﾃﾞﾓｶｸ。"  # one phrase, ｶﾀｶﾅﾃﾞﾓｶｸ: 8 letters, 2 marks
    path = write(tmp_path / "ja.jsonl", [{"id": "j", "text": text}])
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        found = index.search("ｶﾀｶﾅ", form=True)
        pattern = index.search(cql='[word="ｶﾀｶﾅ"%c]')
        assert index.info().get("unspaced_phrases") == 1
    assert found.total == 2 and pattern.total == 2
    for notes in (found.notes, pattern.notes):
        assert any("in phrases (such as 'ｶﾀｶﾅﾃﾞﾓｶｸ'; 1 distinct one)" in n for n in notes)
    # three letters with their voicing marks are no phrase of six
    assert unspaced_phrase(analyse("ｶﾞｷﾞｸﾞ。", "en")) is None


def test_a_hebrew_word_typed_with_a_final_apostrophe_says_the_geresh_one(
    tmp_path: Path,
) -> None:
    """ג'ורג' (George, its final geresh typed ') is two tokens, ג'ורג and ', where
    ג׳ורג׳ is one: a search of either said nothing of the other, each left out unsaid
    (pass 37j), though צה״ל said צה"ל."""
    text = "ג׳ורג׳ בא. ג'ורג' הלך. ג'ורג' ישב. שלום."
    path = write(tmp_path / "he.jsonl", [{"id": "h", "text": text}])
    with sensegrep.build(tmp_path / "idx", path, lang="he", vectors_for="none") as index:
        geresh = index.search("ג׳ורג׳")
        typed = index.search("ג'ורג'")
    assert (geresh.total, typed.total) == (1, 2)
    said = [n for n in geresh.notes if "typed for" in n]
    assert said and said[0].startswith("2 more matches write 'ג׳ורג׳' with ' and \" typed")
    assert "search \"ג'ורג'\"" in said[0] and said[0].endswith("finds them")
    assert any(n.startswith("1 more match writes \"ג'ורג'\" with ׳ and ״") for n in typed.notes)


def test_a_search_by_lemma_says_its_forms_written_with_a_ligature(tmp_path: Path) -> None:
    """A PDF's text writes Auﬂagen with the ﬂ ligature: `search Auflage`, by lemma, left
    that plural out and said only of a form written Auﬂage, none here (pass 37j); by
    form, only the form searched is another's spelling."""
    text = "Die Auﬂagen waren klein. Die Auflage ist neu. Die Auﬂagen sind alt."
    path = write(tmp_path / "de.jsonl", [{"id": "d", "text": text}])
    with sensegrep.build(tmp_path / "idx", path, lang="de", vectors_for="none") as index:
        by_lemma = index.search("Auflage")
        by_form = index.search("Auflage", form=True)
    assert by_lemma.total == 1 and by_form.total == 1
    [note] = [n for n in by_lemma.notes if "ligature" in n]
    assert note.startswith("2 more matches write 'Auflage' or another form of its lemma")
    assert '[(word="Auﬂagen"%c) & lemma!="auflage"%c]' in note
    assert not any("ligature" in n for n in by_form.notes)


def test_a_sign_nfkc_writes_in_letters_or_digits_is_no_other_width(tmp_path: Path) -> None:
    """NFKC writes ™ as TM, ¹ as 1 and ² as 2: `search ™` said that 2 more matches
    write ™ in other widths (the word TM, twice), `search ¹` that the cat's 1 was a
    footnote's mark written otherwise (pass 37j). A ligature typed is still said."""
    text = "Brand™ is a TM, TM again. Footnote ¹ and 1 cat. The code ﬁ and fi."
    path = write(tmp_path / "en.jsonl", [{"id": "e", "text": text}])
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        results = [index.search(sign) for sign in ("™", "¹", "ﬁ")]
    assert [found.total for found in results] == [1, 1, 1]
    said = [[n for n in found.notes if "other widths" in n] for found in results]
    assert said[0] == [] and said[1] == []
    assert said[2] and said[2][0].startswith("1 more match writes 'ﬁ' in other widths")


def test_a_table_of_the_other_text_of_an_index_with_vietnamese_says_no_syllables(
    tmp_path: Path,
) -> None:
    """A parallel corpus, Vietnamese and English: `freq --where lang=en`, `collocates
    bank` and `keywords --where lang=en` said their rows and counts were of syllables,
    of English words alone (pass 37k); a table holding Vietnamese still says so."""
    records = [
        {"id": "v1", "lang": "vi", "text": LONGER_VIETNAMESE},
        {"id": "e1", "lang": "en", "text": "The bank raised its rates. The bank closed."},
        {"id": "e2", "lang": "en", "text": "She sat on the river bank and read a book."},
    ]
    corpus = write(tmp_path / "par.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        said = [
            *idx.freq(by="lemma", where="lang=en").notes,
            *idx.collocates("bank", min_freq=1).notes,
            *idx.keywords(where="lang=en", min_freq=1).notes,
        ]
        assert not [n for n in said if "syllables" in n], said
        said = [*idx.freq(by="lemma", where="lang=vi").notes, *idx.freq(by="lemma").notes]
        said += idx.freq(by="lemma", k=1).notes  # its one row: "." (of syllables' counts)
        assert len([n for n in said if "its tokens are syllables" in n]) == 3, said


@pytest.mark.parametrize("tagger", ["none", "spacy"])
def test_a_word_with_a_footnote_mark_against_it_is_said(tmp_path: Path, tagger: str) -> None:
    """Text copied from a PDF or a web page writes a footnote's mark against its word
    (bank¹), one token that is no form of bank: `search bank` found 2 of the 3 banks
    here, unsaid (pass 37m). The note counts it under the search's filters."""
    text = "The river bank is wide (see 1.) and the bank¹ is old². The bank was built."
    other = "The Bank³ closed."
    records = [{"id": "a", "text": text}, {"id": "b", "text": other}]
    path = write(tmp_path / "en.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger=tagger) as index:
        found = index.search("bank")
        in_a = index.search("bank", doc=["a"])
        marked = index.search("bank¹")
    assert found.total == 2 and marked.total == 1
    [note] = [n for n in found.notes if "footnote" in n]
    assert note.startswith("2 more matches write 'bank' with a superscript digit")
    assert sorted(note.split("(")[1].split(")")[0].split(", ")) == ["Bank³", "bank¹"]
    [note] = [n for n in in_a.notes if "footnote" in n]
    assert note.startswith("1 more match writes 'bank' with a superscript digit")
    assert not any("footnote" in n for n in marked.notes)


def test_a_form_of_the_lemma_with_a_footnote_mark_is_counted(tmp_path: Path) -> None:
    """`search bank` searches the lemma, banks among its forms, but its note on footnote
    marks counted bank¹ alone: the banks² it also left out went unsaid, and `search
    banks` (lemma bank) told of banks² and not of bank¹ (pass 37o)."""
    text = "The bank¹ is old. Two banks² closed. A bank stood. The banks were wide."
    path = write(tmp_path / "en.jsonl", [{"id": "a", "text": text}])
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        found = index.search("bank")
        plural = index.search("banks")
        form = index.search("bank", form=True)
    assert found.total == 2 and plural.total == 2
    for result in (found, plural):
        [note] = [n for n in result.notes if "footnote" in n]
        assert note.startswith("2 more matches write '"), note
        assert "another form of its lemma" in note
    [note] = [n for n in form.notes if "footnote" in n]  # a form searched: bank¹ alone
    assert note.startswith("1 more match writes 'bank' with a superscript digit"), note


def test_text_in_its_languages_own_script_is_not_said_to_be_another_language(
    runner, tmp_path: Path
) -> None:
    """simplemma's Hindi dictionary knows under half of the words of Hindi news text, which
    `index --lang hi` said were "mostly no hi words", telling the user to give its language
    with --lang, which they had (pass 38d): the note now says what the share means, and
    text in Latin letters read as Hindi is still said to be another language."""
    hindi = (
        "भारत सरकार ने नई शिक्षा नीति की घोषणा की। प्रधानमंत्री ने कहा कि शिक्षा हमारी "
        "सबसे बड़ी ताक़त है। विशेषज्ञों का मानना है कि अभी कहना जल्दबाज़ी होगी। मुंबई में "
        "भारी बारिश के कारण ट्रेनें रुक गईं। मौसम विभाग ने चेतावनी जारी की।"
    )
    english = (
        "The man walks with his wife to the station. The men wait on the platform, "
        "because the train comes later today. The children play in the garden while "
        "their parents cook in the kitchen."
    )
    hi = write(tmp_path / "hi.jsonl", [{"id": "h", "text": hindi}])
    en = write(tmp_path / "en.jsonl", [{"id": "e", "text": english}])
    args = ["index", "--vectors-for", "none", "--lang", "hi"]
    code, _out, err = run(runner, tmp_path / "hi", *args, str(hi), str(en))
    assert code == 0, err
    (other,) = [line for line in err.splitlines() if "mostly no hi words" in line]
    assert "en.jsonl (" in other and "most en)" in other and "hi.jsonl" not in other, err
    (few,) = [line for line in err.splitlines() if "knows under half" in line]
    assert few.startswith("note: simplemma's hi dictionary, which lemmatised the text"), few
    assert "hi.jsonl (" in few and "en.jsonl" not in few, few


def test_spaced_text_no_lang_names_is_not_told_to_write_spaces(runner, tmp_path) -> None:
    """Korean and Bengali text, written with spaces and in no language --lang names, was
    told to be indexed "with a space between words", as if it had none; the note now
    says so of Chinese, Japanese or Thai alone, and what no dictionary means (pass 38d)."""
    korean = write(tmp_path / "ko.jsonl", [{"id": "k", "text": "서울시는 새로운 정책을 발표했다."}])
    code, _out, err = run(runner, tmp_path / "idx", "index", "--vectors-for", "none", str(korean))
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if "another script" in line]
    assert "so each word is its own lemma" in note and "(Hangul)" in note, note
    assert "(Chinese, Japanese or Thai with a space between words)" in note, note


def test_greek_typed_with_combining_accents_is_no_other_language(runner, tmp_path) -> None:
    """Polytonic Greek typed decomposed (NFD: breathings and accents as combining marks)
    was noted "text whose words are mostly no grc words … (35% grc)": its words were
    looked up as typed, where its tokens are composed before their lemmas are (pass 38e)."""
    import unicodedata

    text = (
        "Ὁ βασιλεὺς Ἰουστινιανὸς τὴν Ἁγίαν Σοφίαν ᾠκοδόμησεν. Ὁ λόγος τοῦ βασιλέως ἦν σοφός. "
        "Πόσους ἔτη ἐβασίλευσεν; Οἱ Ἀθηναῖοι τὸν Σωκράτην ἀπέκτειναν. Ἐν ἀρχῇ ἦν ὁ λόγος, "
        "καὶ ὁ λόγος ἦν πρὸς τὸν θεόν."
    )
    path = write(tmp_path / "grc.jsonl", [{"id": "g", "text": unicodedata.normalize("NFD", text)}])
    args = ["index", "--vectors-for", "none", "--tagger", "none", "--lang", "grc", str(path)]
    code, _out, err = run(runner, tmp_path / "idx", *args)
    assert code == 0 and "mostly no" not in err, err


def test_a_file_of_records_in_several_scripts_names_each(runner, tmp_path) -> None:
    """A JSONL of Persian, Greek and Ukrainian records, each with its `lang`, indexed
    without --lang was noted as "(Arabic)" alone, its first record's script (pass 38e)."""
    records = [
        {"id": "f", "lang": "fa", "text": "من هر روز به کتابخانه می‌روم و دو ساعت کتاب می‌خوانم."},
        {"id": "f2", "lang": "fa", "text": "کتاب‌ها را روی میز گذاشتم و به خانه برگشتم."},
        {"id": "g", "lang": "el", "text": "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και μεγαλώνει."},
        {"id": "u", "lang": "uk", "text": "Моя сім'я живе у Львові вже п'ятнадцять років."},
        {"id": "e", "lang": "en", "text": "The bank of the river was green."},
    ]
    path = write(tmp_path / "mixed.jsonl", records)
    args = ["index", "--vectors-for", "none", "--tagger", "none", str(path)]
    code, _out, err = run(runner, tmp_path / "idx", *args)
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if "another script" in line]
    assert note.endswith("mixed.jsonl (Arabic, Greek, Cyrillic)"), note


def test_text_in_its_own_script_with_some_english_is_not_said_to_be_english(
    runner, tmp_path: Path
) -> None:
    """Hindi text with a few English sentences, its words mostly Devanagari: the English
    words outnumber the Hindi ones simplemma's dictionary knows, and the note said it
    was "mostly no hi words (…, most en)", to be given its language with --lang, which it
    had been (pass 38g); it is said to be text whose words the dictionary knows few of."""
    hindi = (
        "भारत सरकार ने नई शिक्षा नीति की घोषणा की। प्रधानमंत्री ने कहा कि शिक्षा हमारी "
        "सबसे बड़ी ताक़त है। The report came out in 2020 and the minister spoke. "
        "विशेषज्ञों का मानना है कि अभी कहना जल्दबाज़ी होगी। He said, I agree with them. "
        "मुंबई में भारी बारिश के कारण ट्रेनें रुक गईं। मौसम विभाग ने चेतावनी जारी की।"
    )
    hi = write(tmp_path / "hi.jsonl", [{"id": "h", "text": hindi}])
    args = ["index", "--vectors-for", "none", "--lang", "hi"]
    code, _out, err = run(runner, tmp_path / "hi", *args, str(hi))
    assert code == 0, err
    assert "mostly no hi words" not in err, err
    (few,) = [line for line in err.splitlines() if "knows under half" in line]
    assert "hi.jsonl (" in few, few
