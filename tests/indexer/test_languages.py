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
