"""Input readers: every format on small files, every kind of bad input, real WSD data."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sensegrep.document import Document
from sensegrep.errors import InputError, SensegrepError
from sensegrep.indexer.readers import (
    FORMATS,
    detect_format,
    iter_files,
    read_documents,
)
from sensegrep.indexer.readers._common import to_upos
from sensegrep.text import analyse

from ..helpers import write_jsonl

EXTENSIONS = {"txt": "txt", "jsonl": "jsonl", "conllu": "conllu", "vrt": "vrt", "raganato": "xml"}
TEN_MB_LINE = "a" * 10_000_001


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read(path: Path, fmt: str | None = None, **kwargs: str) -> list[Document | InputError]:
    items = list(read_documents(path, fmt or detect_format(path), **kwargs))
    for item in items:
        if isinstance(item, Document):
            assert_offsets(item)
    return items


def docs_of(items: list[Document | InputError]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors_of(items: list[Document | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def assert_offsets(doc: Document) -> None:
    previous_end = 0
    for sentence in doc.sentences:
        assert sentence.tokens
        for token in sentence.tokens:
            assert doc.text[token.start : token.end] == token.form
            assert token.form
            assert token.start >= previous_end
            previous_end = token.end


def only_fatal(items: list[Document | InputError]) -> InputError:
    """A fatal error must come alone: no document of the file before (or after) it."""
    assert len(items) == 1, items
    error = items[0]
    assert isinstance(error, InputError)
    assert error.fatal
    assert "\n" not in str(error)
    return error


def forms(doc: Document) -> list[list[str]]:
    return [sentence.words for sentence in doc.sentences]


# --------------------------------------------------------------------------- txt


TXT = (
    "The Banks said Mr. Smith left early.\r\nHe sat on the river bank!\n"
    "\n"
    "A paragraph without a full stop\n  \n"
    "Another one, with an emoji 😀 and café.\n"
)


def test_txt_is_one_document_with_sentences_lemmas_and_offsets(tmp_path: Path) -> None:
    # simplemma's analysis (--tagger none): no POS; spaCy's is tested below.
    text = TXT
    path = write(tmp_path, "a.txt", text)
    [doc] = read(path, name="corpus/a.txt", tagger="none")
    assert doc.id == "corpus/a.txt"
    assert doc.text == text
    assert doc.metadata == {}
    words = forms(doc)
    assert words[0][:3] == ["The", "Banks", "said"]
    assert "Smith" in words[0]  # "Mr." does not end the sentence
    assert words[1][0] == "He"
    assert words[2] == ["A", "paragraph", "without", "a", "full", "stop"]  # blank line ends it
    assert words[3][-2:] == ["café", "."]
    lemmas = {t.form: t.lemma for s in doc.sentences for t in s.tokens}
    assert lemmas["Banks"] == "bank"
    assert lemmas["said"] == "say"
    assert lemmas["The"] == "the"
    assert all(t.pos is None for s in doc.sentences for t in s.tokens)


def test_txt_with_spacy_has_its_sentences_lemmas_and_pos(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", TXT)
    [doc] = read(path, name="corpus/a.txt")  # spaCy is the default for English
    assert doc.text == TXT
    words = forms(doc)
    assert words[0] == ["The", "Banks", "said", "Mr.", "Smith", "left", "early", "."]
    assert words[1] == ["He", "sat", "on", "the", "river", "bank", "!"]
    assert words[2] == ["A", "paragraph", "without", "a", "full", "stop"]  # blank line ends it
    assert words[3][-2:] == ["café", "."]
    tokens = {t.form: t for s in doc.sentences for t in s.tokens}
    assert (tokens["said"].lemma, tokens["said"].pos, tokens["said"].tag) == ("say", "VERB", "VBD")
    assert (tokens["bank"].pos, tokens["bank"].tag) == ("NOUN", "NN")
    assert tokens["The"].lemma == "the"  # lower-cased, as simplemma's
    assert all(t.head is None and t.deprel is None for t in tokens.values())  # no parser


def test_spacy_splits_clitics_and_possessives_with_exact_offsets(tmp_path: Path) -> None:
    text = "I don't think John's banks can't lend.  They'll see.\n\nWe're  here."
    path = write(tmp_path, "c.txt", text)
    [doc] = read(path)
    for sentence in doc.sentences:
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.form
    assert forms(doc) == [
        ["I", "do", "n't", "think", "John", "'s", "banks", "ca", "n't", "lend", "."],
        ["They", "'ll", "see", "."],
        ["We", "'re", "here", "."],
    ]
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert [(t.form, t.lemma, t.pos) for t in tokens[:3]] == [
        ("I", "i", "PRON"),
        ("do", "do", "AUX"),
        ("n't", "not", "PART"),
    ]
    assert (tokens[5].tag, tokens[6].lemma, tokens[6].pos) == ("POS", "bank", "NOUN")


def test_spacy_parser_gives_heads_and_relations(tmp_path: Path) -> None:
    path = write(tmp_path, "p.txt", "The bank raised its rates. She left.")
    [doc] = read(path, parse=True)
    first = doc.sentences[0].tokens
    assert [t.form for t in first] == ["The", "bank", "raised", "its", "rates", "."]
    assert [t.head for t in first] == [1, 2, None, 4, 2, 2]  # 0-based, None for the root
    assert [t.deprel for t in first] == ["det", "nsubj", "ROOT", "poss", "dobj", "punct"]
    assert [t.head for t in doc.sentences[1].tokens] == [1, None, 1]


def test_spacy_is_english_only_and_parse_needs_it(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Die Banken sind geschlossen.")
    with pytest.raises(SensegrepError, match="English only"):
        list(read_documents(path, "txt", lang="de", tagger="spacy"))
    [doc] = read(path, lang="de")  # other languages: simplemma, whatever the default
    assert forms(doc) == [["Die", "Banken", "sind", "geschlossen", "."]]
    assert all(t.pos is None for s in doc.sentences for t in s.tokens)
    with pytest.raises(SensegrepError, match="--parse"):
        list(read_documents(path, "txt", tagger="none", parse=True))


def test_jsonl_with_spacy_is_tagged_and_keeps_record_order(tmp_path: Path) -> None:
    records = [{"id": "a", "text": "The bank's rates rose."}, {"nope": 1}] + [
        {"id": f"r{n}", "text": f"Record {n} is here."} for n in range(70)
    ]
    items = read(write_jsonl(tmp_path / "r.jsonl", records))
    assert isinstance(items[1], InputError) and items[1].line == 2
    docs = docs_of(items)
    assert [d.id for d in docs] == ["a"] + [f"r{n}" for n in range(70)]
    assert forms(docs[0]) == [["The", "bank", "'s", "rates", "rose", "."]]
    assert [t.pos for t in docs[0].sentences[0].tokens] == [
        "DET", "NOUN", "PART", "NOUN", "VERB", "PUNCT"
    ]  # fmt: skip
    assert forms(docs[-1]) == [["Record", "69", "is", "here", "."]]


def test_txt_default_name_is_the_path(tmp_path: Path) -> None:
    path = write(tmp_path, "b.txt", "\ufeffHello world.")
    [doc] = read(path)
    assert doc.id == str(path)
    assert doc.text == "Hello world."  # the byte-order mark is not text


def test_unsupported_language_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Hello.")
    with pytest.raises(SensegrepError, match="language"):
        list(read_documents(path, "txt", lang="xx"))


def test_a_language_without_a_lemmatiser_says_how_to_give_its_text(tmp_path: Path) -> None:
    """--lang zh said "use an ISO 639-1 code such as 'en'", though zh is one: simplemma
    has no Chinese dictionary, and tokenised input (CoNLL-U, VRT) is the way in."""
    path = write(tmp_path, "a.txt", "我去银行取钱。")
    with pytest.raises(SensegrepError) as caught:
        list(read_documents(path, "txt", lang="zh"))
    message = str(caught.value)
    assert "ISO 639-1 code such as" not in message and "'zh'" in message
    assert "CoNLL-U or VRT" in message and " de, " in message
    conllu = write(tmp_path, "z.conllu", "1\t银行\t银行\tNOUN\t_\t_\t0\troot\t_\t_\n\n")
    (document,) = [d for d in read_documents(conllu, "conllu", lang="zh") if d is not None]
    assert [t.form for s in document.sentences for t in s.tokens] == ["银行"]


_TRICKY = "aBé1 .!?\n\r\t'\"-😀,\u00a0\u2028"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.text(alphabet=_TRICKY, max_size=300)))
def test_txt_offsets_hold_for_any_text(text: str) -> None:
    doc = Document("x", text, analyse(text, "en"))
    assert_offsets(doc)


# --------------------------------------------------------------------------- jsonl


def test_jsonl_records_ids_and_metadata(tmp_path: Path) -> None:
    lines = [
        '{"id": "n1", "text": "I sat on the bank.", "genre": "fiction",'
        ' "labels": {"bank": "river"}}',
        "",
        '{"text": "Money in the bank.", "year": 2020}',
        '{"id": 42, "text": "Numbers are ids too."}',
        "   ",
    ]
    path = write(tmp_path, "c.jsonl", "\n".join(lines) + "\n")
    docs = docs_of(read(path, name="c.jsonl"))
    assert [d.id for d in docs] == ["n1", "c.jsonl:3", "42"]
    assert [d.line for d in docs] == [1, 3, 4]
    assert docs[0].metadata == {"genre": "fiction"}  # labels is reserved, not metadata
    assert docs[1].metadata == {"year": 2020}
    assert docs[0].text == "I sat on the bank."
    assert forms(docs[0]) == [["I", "sat", "on", "the", "bank", "."]]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object, got an array"),
        ('"text"', "expected a JSON object, got a string"),
        ('{"id": "x"}', 'expected "text" to be a string, got nothing'),
        ('{"text": 5}', 'expected "text" to be a string, got a number'),
        ('{"text": null}', 'expected "text" to be a string, got null'),
        # An empty text was indexed as an empty document, unsaid (issue 23).
        ('{"id": "e", "text": ""}', '"text" is empty: expected the document\'s text'),
        ('{"id": "e", "text": " \\n\\t "}', '"text" is empty'),
        ('{"id": [1], "text": "t"}', 'expected "id"'),
        (
            '{"id": true, "text": "t"}',
            'expected "id" to be a non-empty string or a number, got true',
        ),
        ('{"id": "", "text": "t"}', 'expected "id"'),
        # The line end made it "Invalid control character at at column 22".
        ('{"text": "unterminated', "not valid JSON (Unterminated string starting at column 10)"),
        ('{"text": "t", "score": NaN}', "NaN is not a number JSON allows"),
        ('{"text": "t", "score": -Infinity}', "-Infinity is not a number"),
        ('{"text": "t", "score": 1e400}', "too large for a 64-bit float"),
        ('{"text": "caf\\ud800"}', "lone surrogate \\ud800"),
        ('{"text": "t", "m\\udfff": 1}', "lone surrogate \\udfff"),
        ('{"text": "a\\u0000b"}', "NUL character"),
        ('{"text": "t", "deep": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested more than"),
    ],
)
def test_jsonl_bad_record_skips_only_that_record(tmp_path: Path, line: str, expected: str) -> None:
    content = f'{{"id": "a", "text": "One."}}\n{line}\n{{"id": "b", "text": "Two."}}\n'
    items = read(write(tmp_path, "d.jsonl", content), name="d.jsonl")
    [error] = errors_of(items)
    assert not error.fatal
    assert error.line == 2
    assert expected in error.message
    assert str(error).startswith("d.jsonl:2: ")
    assert [d.id for d in docs_of(items)] == ["a", "b"]


def test_jsonl_ten_megabyte_line_skips_only_that_record(tmp_path: Path) -> None:
    content = f'{{"text": "One."}}\n{{"text": "{TEN_MB_LINE}"}}\n{{"text": "Two."}}\n'
    items = read(write(tmp_path, "e.jsonl", content), name="e.jsonl")
    [error] = errors_of(items)
    assert (error.line, error.fatal) == (2, False)
    assert "longer than 1,000,000 characters" in error.message
    assert [d.id for d in docs_of(items)] == ["e.jsonl:1", "e.jsonl:3"]


# --------------------------------------------------------------------------- conllu

CONLLU = """\
# newdoc id = d1
# newdoc genre = news
# meta::author = Ann
# sent_id = 1
# text = Del banco.
1-2\tDel\t_\t_\t_\t_\t_\t_\t_\t_
1\tDe\tde\tADP\t_\t_\t3\tcase\t_\t_
2\tel\tel\tDET\t_\t_\t3\tdet\t_\t_
3\tbanco\tbanco\tNOUN\t_\t_\t0\troot\t_\tSense=bank%1:14:00::|SpaceAfter=No
3.1\tfue\t_\t_\t_\t_\t_\t_\t3:conj\t_
4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_

# sent_id = 2
1-2\tVámonos\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
1\tVamos\tir\tVERB\t_\t_\t0\troot\t_\t_
2\tnos\tnosotros\tPRON\t_\t_\t1\tobj\t_\t_
3\t!\t!\tPUNCT\t_\t_\t1\tpunct\t_\t_

# newdoc id = d2
# sent_id = 3
1\t_\t_\tSYM\t_\t_\t0\troot\t_\t_
2\tHola\t_\t_\t_\t_\t1\tdep\t_\t_
"""


def test_conllu_documents_tokens_and_rebuilt_text(tmp_path: Path) -> None:
    docs = docs_of(read(write(tmp_path, "f.conllu", CONLLU)))
    assert [d.id for d in docs] == ["d1", "d2"]
    first, second = docs
    assert first.metadata == {"genre": "news", "author": "Ann"}
    assert first.line == 1
    assert first.text == "De el banco. Vamos nos!"
    assert forms(first) == [["De", "el", "banco", "."], ["Vamos", "nos", "!"]]
    banco = first.sentences[0].tokens[2]
    assert (banco.lemma, banco.pos, banco.label) == ("banco", "NOUN", "bank%1:14:00::")
    assert first.sentences[0].tokens[0].label is None
    assert [t.lemma for t in second.sentences[0].tokens] == ["_", None]  # form "_" keeps "_"
    assert [t.pos for t in second.sentences[0].tokens] == ["SYM", None]


def test_conllu_comments_read_as_no_metadata_are_said(tmp_path: Path, runner) -> None:
    """Pass 27a: `# genre = news` and `# year = 1999` (not `# newdoc genre` nor
    `# meta::genre`) were dropped unsaid, and `--where genre=news` then said no document
    has a field genre. The reader keeps their keys and `index` names them in a note; a
    sentence's id, text, translation and paragraph comments are none."""
    from sensegrep.cli import cli

    content = (
        "# newdoc id = g1\n# genre = news\n# year = 1999\n# newpar id = p1\n# sent_id = 1\n"
        "# text = The bank.\n# text_de = Die Bank.\n"
        "1\tThe\tthe\tDET\t_\t_\t2\tdet\t_\t_\n2\tbank\tbank\tNOUN\t_\t_\t0\troot\t_\t_\n\n"
    )
    path = write(tmp_path, "g.conllu", content)
    assert [d.unread for d in docs_of(read(path))] == [("genre", "year")]
    assert docs_of(read(write(tmp_path, "f.conllu", CONLLU)))[0].unread == ()
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(path),
                                 "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "note: comments read as no document metadata" in result.stderr
    assert "g.conllu (# genre = …, # year = …)" in result.stderr


def test_conllu_multiword_tokens_read_as_their_words_are_said(tmp_path: Path, runner) -> None:
    """Pass 32d: a UD treebank's contractions (German `zum`, French `du`) were read as
    their syntactic words, so the text, the KWIC line and `[word="zum"]` said `zu dem`
    where the file wrote `zum`, unsaid (`search zum --form` then counted only the plain
    text's). The reader counts them and `index` names them in a note."""
    from sensegrep.cli import cli

    content = (
        "# newdoc id = u1\n# text = Sie geht zum Rathaus.\n"
        "1\tSie\tsie\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tgeht\tgehen\tVERB\t_\t_\t0\troot\t_\t_\n"
        "3-4\tzum\t_\t_\t_\t_\t_\t_\t_\t_\n3\tzu\tzu\tADP\t_\t_\t5\tcase\t_\t_\n"
        "4\tdem\tder\tDET\t_\t_\t5\tdet\t_\t_\n"
        "5\tRathaus\tRathaus\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No\n"
        "6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n"
    )
    path = write(tmp_path, "u.conllu", content)
    [doc] = docs_of(read(path))
    assert doc.text == "Sie geht zu dem Rathaus."  # the words, as before
    assert (doc.multiword, doc.multiword_count) == (("zum (zu dem)",), 1)
    spanish = docs_of(read(write(tmp_path, "f.conllu", CONLLU)))[0]
    assert spanish.multiword == ("Del (De el)", "Vámonos (Vamos nos)")
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(path),
                                 "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "note: CoNLL-U multiword tokens were read as their syntactic words" in result.stderr
    assert "u.conllu (1: zum (zu dem))" in result.stderr


def test_conllu_compound_joints_marked_in_a_lemma_are_left_out(tmp_path: Path) -> None:
    """UD's Finnish treebanks mark a compound's joints in its LEMMA with #: the lemma
    pää#kaupunki was kept so, which `search pääkaupunki` (the lemma plain text gets)
    left out, pääkaupungissa too, and freq counted apart (pass 36h). The token # keeps
    its own lemma, as a lemma a word is written with a # in does."""
    path = write(tmp_path, "fi.conllu", (
        "# newdoc id = fi1\n1\tpääkaupungissa\tpää#kaupunki\tNOUN\t_\t_\t0\troot\t_\t_\n"
        "2\tEU-maiden\tEU-#maa\tNOUN\t_\t_\t1\tnmod\t_\t_\n"
        "3\t#\t#\tSYM\t_\t_\t1\tdep\t_\t_\n4\tC#\tC#\tPROPN\t_\t_\t1\tdep\t_\t_\n\n"
    ))  # fmt: skip
    (document,) = docs_of(read(path))
    lemmas = [t.lemma for s in document.sentences for t in s.tokens]
    assert lemmas == ["pääkaupunki", "EU-maa", "#", "C#"]


def test_tokens_without_a_lemma_in_the_file_are_said(tmp_path: Path, runner) -> None:
    """Pass 33c: a CoNLL-U LEMMA `_`, a VRT line without its lemma column (or with
    TreeTagger's `<unknown>`) and a Raganato `<wf>` without `lemma=` gave the token its
    form as its lemma, unsaid: `search bank` (by lemma) then missed *Banks*, and `freq`
    by lemma listed *banks* beside *bank*, as if the file had lemmatised them so. The
    readers count such tokens and `index` names each file with how many it has."""
    from sensegrep.cli import cli

    conllu = write(tmp_path, "n.conllu", (
        "# newdoc id = n1\n1\tBanks\t_\tNOUN\t_\t_\t2\tnsubj\t_\t_\n"
        "2\tfell\tfall\tVERB\t_\t_\t0\troot\t_\t_\n3\t_\t_\tSYM\t_\t_\t2\tdep\t_\t_\n\n"
    ))  # fmt: skip
    vrt = write(tmp_path, "n.vrt", (
        '<text id="v1">\n<s>\nBanks\tNNS\nfell\tVBD\tfall\nXyz\tNN\t<unknown>\n'
        ".\tSENT\t.\n</s>\n</text>\n"
    ))  # fmt: skip
    raganato = write(tmp_path, "n.data.xml", (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<corpus lang="en" source="t">\n'
        '<text id="r1">\n<sentence id="r1.s0">\n<wf pos="NOUN">Banks</wf>\n'
        '<wf lemma="fall" pos="VERB">fell</wf>\n</sentence>\n</text>\n</corpus>\n'
    ))  # fmt: skip
    assert [d.lemmas_missing for d in docs_of(read(conllu))] == [1]  # `_` as a form is one
    assert [d.lemmas_missing for d in docs_of(read(vrt))] == [2]
    assert [d.lemmas_missing for d in docs_of(read(raganato))] == [1]
    assert docs_of(read(write(tmp_path, "f.conllu", CONLLU)))[0].lemmas_missing == 0
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(conllu),
                                 str(vrt), str(raganato), "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "note: tokens without a lemma in the file took their form as their lemma" in (
        result.stderr
    )
    assert "n.conllu (1 of 3 tokens)" in result.stderr
    assert "n.vrt (2 of 4 tokens)" in result.stderr
    assert "n.data.xml (1 of 2 tokens)" in result.stderr


def test_pos_tags_of_an_unknown_tag_set_are_said_to_be_read_as_x(tmp_path: Path, runner) -> None:
    """Pass 35d: a VRT file in Polish NKJP tags (subst, fin, interp) or Dutch CGN tags
    (N, WW, LET) had every token's part of speech X, unsaid: `freq --by pos` listed X
    alone and, with vectors, no noun or verb got one. The reader counts the tags it
    knows no mapping of (not Penn's FW, X by meaning) and `index` names each file."""
    from sensegrep.cli import cli

    vrt = write(tmp_path, "pl.vrt", (
        '<text id="p1">\n<s>\nKobiety\tsubst\tkobieta\npracują\tfin\tpracować\n'
        "dobre\tadj\tdobry\n.\tinterp\t.\n</s>\n</text>\n"
    ))  # fmt: skip
    penn = write(tmp_path, "en.vrt", (
        '<text id="e1">\n<s>\nBanks\tNNS\tbank\nvia\tFW\tvia\n.\tSENT\t.\n</s>\n</text>\n'
    ))  # fmt: skip
    assert [d.tags_unknown for d in docs_of(read(vrt))] == [{"subst": 1, "fin": 1, "interp": 1}]
    assert [d.tags_unknown for d in docs_of(read(penn))] == [{}]
    conllu = write(tmp_path, "pl.conllu", (
        "# newdoc id = c1\n1\tKobiety\tkobieta\tsubst\t_\t_\t_\t_\t_\t_\n"
        "2\tśpią\tspać\tVERB\t_\t_\t_\t_\t_\t_\n\n"
    ))  # fmt: skip
    assert [d.tags_unknown for d in docs_of(read(conllu))] == [{"subst": 1}]
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(vrt),
                                 str(penn), "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (note,) = [line for line in result.stderr.splitlines() if "were read as the part of" in line]
    assert "pl.vrt (3 of 4 tokens: " in note and "subst" in note and '[tag="…"]' in note
    assert "en.vrt" not in note


def test_treetagger_do_forms_and_ontonotes_penn_tags_are_no_unknown_tag_set(
    tmp_path: Path,
) -> None:
    """Pass 35i: TreeTagger's English tags do as VD, VDD, VDZ (BNC's CLAWS too) and
    OntoNotes' Penn (spaCy's English tagger) has ADD, AFX, GW, XX: a file in those tag
    sets was told its tags were of no tag set sensegrep maps (the note naming
    TreeTagger's English among those it maps), did a part of speech X."""
    vrt = write(tmp_path, "tt.vrt", (
        '<text id="t1">\n<s>\nI\tPP\tI\ndid\tVDD\tdo\nnot\tRB\tnot\ndo\tVV\tdo\n'
        "it\tPP\tit\n,\t,\t,\ndoes\tVDZ\tdo\ndone\tVDN\tdo\nmail\tVV\tmail\n"
        "a@b.com\tADD\ta@b.com\nanti\tAFX\tanti\nfoo\tXX\tfoo\n.\tSENT\t.\n</s>\n</text>\n"
    ))  # fmt: skip
    (doc,) = docs_of(read(vrt))
    assert doc.tags_unknown == {}
    pos = {t.form: t.pos for s in doc.sentences for t in s.tokens}
    assert pos["did"] == pos["does"] == pos["done"] == "VERB"
    assert (pos["a@b.com"], pos["anti"], pos["foo"]) == ("X", "ADJ", "X")


def test_stts_tags_are_mapped_whole(tmp_path: Path) -> None:
    """Pass 35i: of STTS (German TreeTagger's tags) a few were mapped, so a German VRT
    file's pronouns, auxiliaries and conjunctions (PPER, VAFIN, KON) were X, named as
    tags of no tag set sensegrep maps, the note saying STTS is mapped."""
    vrt = write(tmp_path, "de.vrt", (
        '<text id="d1">\n<s>\nEr\tPPER\ter\nhat\tVAFIN\thaben\ndie\tART\tdie\n'
        "Bank\tNN\tBank\nund\tKON\tund\nnicht\tPTKNEG\tnicht\ngesehen\tVVPP\tsehen\n"
        ".\t$.\t.\n</s>\n</text>\n"
    ))  # fmt: skip
    (doc,) = docs_of(read(vrt))
    assert doc.tags_unknown == {}
    pos = [t.pos for s in doc.sentences for t in s.tokens]
    assert pos == ["PRON", "AUX", "DET", "NOUN", "CCONJ", "PART", "VERB", "PUNCT"]


def test_french_treetagger_tags_are_mapped_by_the_file_not_the_word(tmp_path: Path, runner) -> None:
    """Pass 35t: a VRT file in French TreeTagger's tags had its prepositions (PRP) read
    as Penn's pronoun PRON, its KON by STTS, and NOM, VER:pres, DET:ART, PUN, SENT … as
    X, named as tags of no tag set sensegrep maps. A file whose tags are French
    TreeTagger's (VER:pres, PRO:PER, PRP:det, or NOM with PUN) is read by that tag set as
    a whole, as UD's French treebanks tag; a Penn file's PRP stays PRON."""
    from sensegrep.cli import cli

    fr = write(tmp_path, "fr.vrt", (
        '<text id="f1">\n<s>\nIl\tPRO:PER\til\nva\tVER:pres\taller\nau\tPRP:det\tau\n'
        "marché\tNOM\tmarché\nde\tPRP\tde\nParis\tNAM\tParis\net\tKON\tet\n"
        "la\tDET:ART\tle\nsa\tDET:POS\tson\ngrande\tADJ\tgrand\nbien\tADV\tbien\n"
        "trois\tNUM\ttrois\netc\tABR\tetc\nah\tINT\tah\n,\tPUN\t,\n"
        "«\tPUN:cit\t«\n%\tSYM\t%\nmangé\tVER:pper\tmanger\n.\tSENT\t.\n</s>\n</text>\n"
    ))  # fmt: skip
    (doc,) = docs_of(read(fr))
    assert doc.tags_unknown == {}
    pos = [t.pos for s in doc.sentences for t in s.tokens]
    assert pos == [
        "PRON", "VERB", "ADP", "NOUN", "ADP", "PROPN", "CCONJ", "DET", "DET", "ADJ", "ADV",
        "NUM", "X", "INTJ", "PUNCT", "PUNCT", "SYM", "VERB", "PUNCT",
    ]  # fmt: skip
    assert [t.tag for t in doc.sentences[0].tokens][:3] == ["PRO:PER", "VER:pres", "PRP:det"]
    assert doc.pos_tags == "treetagger-fr"
    penn = write(tmp_path, "en.vrt", (
        '<text id="e1">\n<s>\nShe\tPRP\tshe\nsaw\tVBD\tsee\nit\tPRP\tit\n'
        "and\tCC\tand\nleft\tVBD\tleave\n.\tSENT\t.\n</s>\n</text>\n"
    ))  # fmt: skip
    (en,) = docs_of(read(penn))
    assert [t.pos for s in en.sentences for t in s.tokens] == [
        "PRON", "VERB", "PRON", "CCONJ", "VERB", "PUNCT",
    ]  # fmt: skip
    assert en.pos_tags == "penn"
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(fr),
                                 str(penn), "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "were read as the part of" not in result.stderr


def test_a_vrt_file_of_a_german_and_a_french_text_reads_each_by_its_own_tags(
    tmp_path: Path,
) -> None:
    """Pass 36f: French TreeTagger's tags were told by the file as a whole, so a file of a
    German text in STTS and a French one in French TreeTagger's tags read the German
    text by the French table: its NN, ART, VAFIN, $. all X (and named as tags of no tag
    set sensegrep maps), the text said to lack AUX. Each <text> is told by its own."""
    vrt = write(tmp_path, "mixed.vrt", (
        '<text id="de">\nEr\tPPER\ter\nhat\tVAFIN\thaben\ndie\tART\tdie\n'
        "Bank\tNN\tBank\nund\tKON\tund\n.\t$.\t.\n</text>\n"
        '<text id="fr">\nIl\tPRO:PER\til\nest\tVER:pres\têtre\nà\tPRP\tà\n'
        "Paris\tNAM\tParis\n.\tSENT\t.\n</text>\n"
    ))  # fmt: skip
    de, fr = docs_of(read(vrt))
    assert de.tags_unknown == {} and fr.tags_unknown == {}
    assert [t.pos for s in de.sentences for t in s.tokens] == [
        "PRON", "AUX", "DET", "NOUN", "CCONJ", "PUNCT",
    ]  # fmt: skip
    assert [t.pos for s in fr.sentences for t in s.tokens] == [
        "PRON", "VERB", "ADP", "PROPN", "PUNCT",
    ]  # fmt: skip
    assert (de.pos_tags, fr.pos_tags) == ("stts", "treetagger-fr")
    # A <text> too short to tell its tag set by its own tags is read as its file is.
    tweets = write(tmp_path, "tweets.vrt", (
        '<text id="t1">\nIl\tPRO:PER\til\nva\tVER:pres\taller\nau\tPRP:det\tau\n'
        "marché\tNOM\tmarché\n.\tSENT\t.\n</text>\n"
        '<text id="t2">\nMerci\tINT\tmerci\n!\tSENT\t!\n</text>\n'
    ))  # fmt: skip
    _, short = docs_of(read(tweets))
    assert [t.pos for s in short.sentences for t in s.tokens] == ["INTJ", "PUNCT"]
    assert short.tags_unknown == {} and short.pos_tags == "treetagger-fr"


def test_stts_colon_and_semicolon_end_no_sentence(tmp_path: Path) -> None:
    """Pass 36f: STTS tags : and ; $. with . ! ?, and a VRT file without <s> ended a
    sentence after every $., so German TreeTagger's `Er sagte : Das ist gut .` was two
    sentences (info, within s, a hit's sentence) where a reader reads one."""
    vrt = write(tmp_path, "de.vrt", (
        '<text id="d1">\nEr\tPPER\ter\nsagte\tVVFIN\tsagen\n:\t$.\t:\nDas\tPDS\tdie\n'
        "ist\tVAFIN\tsein\ngut\tADJD\tgut\n;\t$.\t;\nja\tPTKANT\tja\n.\t$.\t.\n"
        "Wer\tPWS\twer\nkam\tVVFIN\tkommen\n?\t$.\t?\nIch\tPPER\tich\n!\t$.\t!\n</text>\n"
    ))  # fmt: skip
    (doc,) = docs_of(read(vrt))
    assert [" ".join(t.form for t in s.tokens) for s in doc.sentences] == [
        "Er sagte : Das ist gut ; ja .",
        "Wer kam ?",
        "Ich !",
    ]


def test_a_treetagger_unknown_lemma_is_the_word_as_written(tmp_path: Path) -> None:
    """Pass 36f: a VRT token whose lemma is TreeTagger's <unknown> took its form
    lower-cased as its lemma, so a German noun TreeTagger did not know (Flurbereinigungsamt)
    had the lemma flurbereinigungsamt beside the file's Stimme, and [lemma="Flurbereinigungsamt"]
    (or [lemma="Stimme|Flurbereinigungsamt"], silently) missed it, where the README
    says it takes its form as its lemma, as a CoNLL-U `_` does."""
    vrt = write(tmp_path, "de.vrt", (
        '<text id="d1">\nDas\tART\tdie\nFlurbereinigungsamt\tNN\t<unknown>\nhat\tVAFIN\thaben\n'
        "Stimmen\tNN\tStimme\n.\t$.\t.\n</text>\n"
    ))  # fmt: skip
    (doc,) = docs_of(read(vrt))
    lemmas = [t.lemma for s in doc.sentences for t in s.tokens]
    assert lemmas == ["die", "Flurbereinigungsamt", "haben", "Stimme", "."]
    assert doc.lemmas_missing == 1


def test_vrt_columns_in_another_order_are_said(tmp_path: Path, runner) -> None:
    """Pass 35d: a VRT file whose columns are word, lemma, tag (a CWB corpus declares its
    order in its registry) was read as word, tag, lemma without a word: every lemma a
    tag (`info`: 3 lemmas), every tag a lemma. Tags that are the word itself say so."""
    from sensegrep.cli import cli

    words = ["kobieta", "pracuje", "w", "domu", "i", "pisze", "list", "do", "matki", "dziś"]
    tags = ["subst" if i % 2 else "fin" for i in range(len(words))]
    swapped_lines = "".join(f"{w}\t{w}\t{t}\n" for w, t in zip(words, tags, strict=True))
    right_lines = "".join(f"{w}\t{t}\t{w}\n" for w, t in zip(words, tags, strict=True))
    head, tail = '<text id="{}">\n<s>\n', ".\t.\tinterp\n</s>\n</text>\n"
    swapped = write(tmp_path, "sw.vrt", head.format("s1") + swapped_lines + tail)
    right = write(tmp_path, "ok.vrt", head.format("o1") + right_lines + tail)
    assert docs_of(read(swapped))[0].tags_as_words == 10
    assert docs_of(read(right))[0].tags_as_words == 0
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(swapped),
                                 str(right), "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (note,) = [line for line in result.stderr.splitlines() if "second column" in line]
    assert "sw.vrt (10 of 11 tokens)" in note and "ok.vrt" not in note
    assert "word, POS, lemma" in note


@pytest.mark.skipif(shutil.which("awk") is None, reason="the note's command is awk's")
def test_the_command_a_vrt_columns_note_gives_puts_them_in_order(tmp_path: Path, runner) -> None:
    """Pass 35i: the note's awk command swapped the columns of a line of three alone: a
    file of word and lemma (2 columns) or of word, lemma, tag and more came out as it
    went in, indexed again to the same note. The command the note gives, run on them,
    gives word, POS, lemma: no note, every lemma a lemma."""
    from sensegrep.cli import cli

    words = ["banks", "fell", "and", "the", "river", "rose", "over", "its", "old", "walls"] * 2
    lemma = {"banks": "bank", "fell": "fall", "rose": "rise", "walls": "wall"}
    head, tail = '<text id="{}">\n<s>\n', "</s>\n</text>\n"
    two = write(tmp_path, "two.vrt", head.format("a") + "".join(
        f"{w}\t{lemma.get(w, w)}\n" for w in words) + tail)  # fmt: skip
    four = write(tmp_path, "four.vrt", head.format("b") + "".join(
        f"{w}\t{lemma.get(w, w)}\tzz\t_\n" for w in words) + tail)  # fmt: skip
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(two),
                                 str(four), "--vectors-for", "none"])  # fmt: skip
    (note,) = [line for line in result.stderr.splitlines() if "second column" in line]
    assert "two.vrt (12 of 20 tokens)" in note and "four.vrt (12 of 20 tokens)" in note
    command = shlex.split(note[note.index("(awk ") + 1 : note.index(" IN > OUT)")])
    for path in (two, four):
        fixed = subprocess.run([*command, str(path)], capture_output=True, check=True)
        path.write_bytes(fixed.stdout)
        (doc,) = docs_of(read(path))
        assert doc.tags_as_words == 0
        assert [t.lemma for s in doc.sentences for t in s.tokens][:3] == ["bank", "fall", "and"]


def test_conllu_sense_values_separated_by_commas_are_several_labels(tmp_path: Path) -> None:
    """`Sense=a,b` is two labels, as `import` of the same CoNLL-U reads it (and as MISC
    and FEATS separate several values); an escaped comma stays inside its label (the
    indexer read "a,b" as one label, import as two)."""
    from sensegrep.export.formats import read_labels

    content = (
        "# newdoc id = d1\n# text = x\n"
        "1\tbank\tbank\tNOUN\t_\t_\t0\troot\t_\tSense=river,money\n"
        "2\tseal\tseal\tNOUN\t_\t_\t1\tdep\t_\tSense=x\\,y\n\n"
    )
    tokens = docs_of(read(write(tmp_path, "f.conllu", content)))[0].sentences[0].tokens
    assert [t.label for t in tokens] == ["river money", "x,y"]
    exported = (
        "# sent_id = sensegrep-7\n"
        "1\tbank\tbank\tNOUN\t_\t_\t0\troot\t_\tSensegrepId=7|Sense=river,money\n\n"
    )
    assert list(read_labels("conllu", write(tmp_path, "e.conllu", exported))) == [
        (7, "river money")
    ]


def test_conllu_sense_keys_in_any_case_are_read(tmp_path: Path) -> None:
    """A lowercase `sense=river` (or `sensegrepid=`) was no label: the indexer gave the
    token none and `import` counted an annotator's labels "not annotated yet", unsaid.
    A MISC key is read in any case, as written by hand."""
    from sensegrep.export.formats import read_labels

    content = "# newdoc id = d1\n# text = x\n1\tbank\tbank\tNOUN\t_\t_\t0\troot\t_\tsense=river\n\n"
    tokens = docs_of(read(write(tmp_path, "f.conllu", content)))[0].sentences[0].tokens
    assert [t.label for t in tokens] == ["river"]
    exported = (
        "# sent_id = sensegrep-7\n"
        "1\tbank\tbank\tNOUN\t_\t_\t0\troot\t_\tsensegrepid=7|SENSE=river,money\n\n"
    )
    assert list(read_labels("conllu", write(tmp_path, "e.conllu", exported))) == [
        (7, "river money")
    ]


def test_conllu_keeps_heads_relations_and_xpos(tmp_path: Path) -> None:
    content = (
        "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
        "2\tbank\tbank\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
        "3\tfell\tfall\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
        "4\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_\n"
    )
    [doc] = docs_of(read(write(tmp_path, "x.conllu", content)))
    tokens = doc.sentences[0].tokens
    assert [t.head for t in tokens] == [1, 2, None, None]  # HEAD - 1; root and _ are None
    assert [t.deprel for t in tokens] == ["det", "nsubj", "root", None]
    assert [t.tag for t in tokens] == ["DT", "NN", "VBD", None]
    assert [t.pos for t in tokens] == ["DET", "NOUN", "VERB", "PUNCT"]
    # Multiword tokens and empty nodes are skipped: heads still index the words.
    [first, _] = docs_of(read(write(tmp_path, "f.conllu", CONLLU)))
    assert [(t.head, t.deprel) for t in first.sentences[0].tokens] == [
        (2, "case"), (2, "det"), (None, "root"), (2, "punct")
    ]  # fmt: skip


def test_conllu_without_newdoc_is_one_document_named_after_the_file(tmp_path: Path) -> None:
    content = (
        "1\tHello\thello\tINTJ\t_\t_\t0\troot\t_\t_\n\n1\tBye\tbye\tINTJ\t_\t_\t0\troot\t_\t_\n"
    )
    [doc] = docs_of(read(write(tmp_path, "g.conllu", content), name="g.conllu"))
    assert doc.id == "g.conllu"
    assert doc.text == "Hello Bye"


def test_conllu_sentences_before_the_first_newdoc(tmp_path: Path) -> None:
    content = (
        "1\tHello\thello\tINTJ\t_\t_\t0\troot\t_\t_\n\n"
        "# newdoc\n1\tBye\tbye\tINTJ\t_\t_\t0\troot\t_\t_\n"
    )
    docs = docs_of(read(write(tmp_path, "h.conllu", content), name="h.conllu"))
    assert [(d.id, d.text) for d in docs] == [("h.conllu:1", "Hello"), ("h.conllu:3", "Bye")]


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ("2\tword\tword\tNOUN", "expected 10 tab-separated columns, got 4"),
        ("2\tword\tword\tNOUN\t_\t_\t1\tdep\t_\t_\textra", "got 11"),
        ("two\tword\tword\tNOUN\t_\t_\t1\tdep\t_\t_", "expected an integer ID"),
        ("2\t\tword\tNOUN\t_\t_\t1\tdep\t_\t_", "expected a FORM"),
        ("2\tword\tword\tNOUN\t_\t_\tone\tdep\t_\t_", "head"),
        # pass 38l: HEAD is read as a position in the sentence, so a word ID out of the
        # run 1, 2, 3… or a HEAD past its last word gave a word another's head, or one of
        # the next sentence (a word sketch's subject_of the next sentence's article)
        ("3\tword\tword\tNOUN\t_\t_\t1\tdep\t_\t_", "expected word ID 2, got 3"),
        ("1\tword\tword\tNOUN\t_\t_\t1\tdep\t_\t_", "expected word ID 2, got 1"),
        ("2\tword\tword\tNOUN\t_\t_\t3\tdep\t_\t_", "HEAD 3 points to no word of this"),
    ],
)
def test_conllu_bad_sentence_is_skipped_alone(tmp_path: Path, bad: str, expected: str) -> None:
    good = "1\tGood\tgood\tADJ\t_\t_\t0\troot\t_\t_"
    content = f"{good}\n\n# sent_id = 2\n{good}\n{bad}\n\n{good}\n"
    items = read(write(tmp_path, "i.conllu", content), name="i.conllu")
    [error] = errors_of(items)
    assert (error.line, error.fatal) == (5, False)
    assert expected in error.message
    [doc] = docs_of(items)
    assert doc.text == "Good Good"


def test_conllu_document_without_a_token_is_a_bad_record_naming_its_line(
    tmp_path: Path,
) -> None:
    """As an empty JSONL "text" or VRT <text>: a # newdoc with no sentence, or whose
    only sentence was bad, is skipped with an error naming the line it opens on (it was
    dropped without a word); a block of comments alone is no document; the rest is read."""
    good = "1\tGood\tgood\tADJ\t_\t_\t0\troot\t_\t_"
    content = (
        "# global.note = a comment block alone\n\n"  # lines 1-2
        f"# newdoc id = a\n{good}\n\n"  # 3-5
        "# newdoc id = empty\n\n"  # 6-7
        "# newdoc id = bad\n1\tBad\n\n"  # 8-10
        f"# newdoc id = d\n{good}\n"  # 11-12
    )
    items = read(write(tmp_path, "e.conllu", content), name="e.conllu")
    errors = errors_of(items)
    assert [(e.line, e.fatal) for e in errors] == [(6, False), (9, False), (8, False)]
    assert str(errors[0]).endswith(
        "e.conllu:6: this document has no token: expected token lines (record skipped)"
    )
    assert [d.id for d in docs_of(items)] == ["a", "d"]


def test_conllu_document_whose_sentences_had_a_bad_line_says_so(tmp_path: Path) -> None:
    """Its good lines were there: "has no token: expected token lines" said it had none."""
    good = "1\tGood\tgood\tADJ\t_\t_\t0\troot\t_\t_"
    content = f"# newdoc id = c\n{good}\n2\tBad\tbad\n\n# newdoc id = d\n{good}\n"
    items = read(write(tmp_path, "e.conllu", content), name="e.conllu")
    errors = errors_of(items)
    assert [e.line for e in errors] == [3, 1]
    assert "this document is left out: each of its 1 sentence(s) had a bad line" in str(errors[1])
    assert "has no token" not in str(errors[1])
    assert [d.id for d in docs_of(items)] == ["d"]


def test_conllu_file_that_is_not_conllu_is_skipped(tmp_path: Path) -> None:
    error = only_fatal(read(write(tmp_path, "j.conllu", "Just some text.\nMore.\n")))
    assert "10 tab-separated columns" in error.message


# --------------------------------------------------------------------------- vrt

VRT = """\
<?xml version="1.0" encoding="UTF-8"?>
<corpus>
<text id="t1" genre="news &amp; views" year='1999'>
<p>
<s>
The\tDT\tthe
Banks\tNNS\tbank
fell\tVBD\tfall
</s>
</p>
<s>
AT&amp;T\tNNP\tAT&amp;T
rose\tVVD\t<unknown>
.\tSENT\t.
quickly\tRB
</s>
</text>
<text genre="none">
Bass\tNOUN\tbass
swim\tVERB\tswim
.\tPUNCT\t.
Fish\tNN\tfish
!\t.\t!
Extra\tUNKNOWNTAG\textra\tcolumn\tignored
</text>
</corpus>
"""


def test_vrt_documents_sentences_and_upos(tmp_path: Path) -> None:
    items = read(write(tmp_path, "k.vrt", VRT), name="k.vrt")
    assert not errors_of(items)
    first, second = docs_of(items)
    assert (first.id, first.line) == ("t1", 3)
    assert first.metadata == {"genre": "news & views", "year": "1999"}
    assert forms(first) == [["The", "Banks", "fell"], ["AT&T", "rose", ".", "quickly"]]
    tokens = [t for s in first.sentences for t in s.tokens]
    assert [t.pos for t in tokens] == ["DET", "NOUN", "VERB", "PROPN", "VERB", "PUNCT", "ADV"]
    assert [t.lemma for t in tokens] == ["the", "bank", "fall", "AT&T", "rose", ".", "quickly"]
    assert second.id == "k.vrt:18"
    assert second.metadata == {"genre": "none"}
    # no <s> here: sentences end at sentence-final punctuation
    assert forms(second) == [["Bass", "swim", "."], ["Fish", "!"], ["Extra"]]
    assert second.sentences[-1].tokens[0].pos == "X"
    assert [t.tag for t in tokens] == ["DT", "NNS", "VBD", "NNP", "VVD", "SENT", "RB"]
    assert second.sentences[-1].tokens[0].tag == "UNKNOWNTAG"


def test_vrt_without_text_tags_is_one_document(tmp_path: Path) -> None:
    content = "Hello\tUH\thello\nthere\tRB\tthere\n.\t.\t.\nBye\tUH\tbye\n"
    [doc] = docs_of(read(write(tmp_path, "l.vrt", content), name="l.vrt"))
    assert doc.id == "l.vrt"
    assert doc.text == "Hello there . Bye"
    assert len(doc.sentences) == 2


def test_vrt_without_s_ends_a_sentence_at_another_scripts_final_mark(tmp_path: Path) -> None:
    """A Chinese VRT without <s>, tagged as the Penn Chinese Treebank tags (PU, no UPOS),
    was one sentence a text: 。！？ and the Arabic ؟ end one, whatever their tag, as
    Penn's . does (pass 37d)."""
    rows = ["我\tPN", "去\tVV", "。\tPU", "你\tPN", "好\tVA", "！？\tPU", "他\tPN", "？\tPUNCT"]
    rows += ["هل\tPART", "ذهبت\tVERB", "؟\tPUNCT", "نعم\tINTJ"]
    [doc] = docs_of(read(write(tmp_path, "zh.vrt", "\n".join(rows) + "\n"), name="zh.vrt"))
    assert forms(doc) == [
        ["我", "去", "。"],
        ["你", "好", "！？"],
        ["他", "？"],
        ["هل", "ذهبت", "؟"],
        ["نعم"],
    ]


def test_vrt_without_s_ends_a_japanese_sentence_at_its_full_width_full_stop(
    tmp_path: Path,
) -> None:
    """Japanese written the official way ends its sentences with ． (U+FF0E), which a
    VRT of it without <s>, tagged 補助記号 or PU, kept from ending any: each text was one
    sentence, as plain text's was (pass 37j). A token ． alone is no decimal mark."""
    rows = ["これ\t代名詞", "は\t助詞", "ペン\t名詞", "．\t補助記号", "あれ\t代名詞", "．\tPU"]
    [doc] = docs_of(read(write(tmp_path, "ja.vrt", "\n".join(rows) + "\n"), name="ja.vrt"))
    assert forms(doc) == [["これ", "は", "ペン", "．"], ["あれ", "．"]]


def test_vrt_token_line_without_word_is_skipped_alone(tmp_path: Path) -> None:
    content = '<text id="a">\nOne\tCD\tone\n\tNN\tbank\nTwo\tCD\ttwo\n</text>\n'
    items = read(write(tmp_path, "m.vrt", content))
    [error] = errors_of(items)
    assert (error.line, error.fatal) == (3, False)
    assert docs_of(items)[0].text == "One Two"


def test_vrt_text_without_a_token_is_a_bad_record_naming_its_line(tmp_path: Path) -> None:
    """As an empty JSONL "text": a <text> with no token, or whose every token line was
    bad, is skipped with an error naming the line it opens on; the rest is read."""
    content = (
        '<text id="a">\nOne\tCD\tone\n</text>\n'
        '<text id="b">\n</text>\n'
        '<text id="c">\n\tNN\tbank\n</text>\n'
        '<text id="d">\nTwo\tCD\ttwo\n</text>\n'
    )
    items = read(write(tmp_path, "e.vrt", content))
    errors = errors_of(items)
    assert [(e.line, e.fatal) for e in errors] == [(4, False), (7, False), (6, False)]
    assert str(errors[0]).endswith(
        "e.vrt:4: this <text> has no token: expected token lines (record skipped)"
    )
    assert [d.id for d in docs_of(items)] == ["a", "d"]


def test_vrt_attributes_unquoted_or_holding_a_bracket_are_read(tmp_path: Path) -> None:
    """A quoted value may hold ">" (XML allows it) and a value may be unquoted (HTML
    allows it): either was lost without a word, the first making the tag line a token
    and the document's tokens part of the one before."""
    content = (
        '<text id="a" title="rates > 5%">\nOne\tCD\tone\n</text>\n'
        "<text id=b year=2001 genre='news'>\nTwo\tCD\ttwo\n</text>\n"
    )
    items = read(write(tmp_path, "q.vrt", content))
    assert not errors_of(items)
    first, second = docs_of(items)
    assert (first.id, first.metadata, first.text) == ("a", {"title": "rates > 5%"}, "One")
    assert (second.id, second.metadata) == ("b", {"year": "2001", "genre": "news"})
    assert second.text == "Two"


def test_vrt_text_attributes_without_a_value_are_said(tmp_path: Path) -> None:
    """Pass 34d: `<text title=The Old House>` was read as title "The", Old and House
    (bare names, as HTML reads them) dropped unsaid, and so was a bare `decade`: a
    non-fatal error names them and the attribute likely meant; the document is kept."""
    content = (
        "<text id=a title=The Old House year=1901>\nOne\tCD\tone\n</text>\n"
        '<text id="b" year="1902" decade>\nTwo\tCD\ttwo\n</text>\n'
        '<text id="c" title="The Old House">\nThree\tCD\tthree\n</text>\n'
    )
    items = read(write(tmp_path, "v.vrt", content))
    errors = errors_of(items)
    assert [(e.line, e.fatal, e.kept) for e in errors] == [(1, False, True), (4, False, True)]
    assert str(errors[0]).endswith(
        "v.vrt:1: <text> attributes without a value: Old, House; the document is indexed "
        'without them (an unquoted value ends at a space: write title="The Old House")'
    )
    assert "attributes without a value: decade;" in str(errors[1])
    first, second, third = docs_of(items)
    assert first.metadata == {"title": "The", "year": "1901"}
    assert second.metadata == {"year": "1902"}
    assert third.metadata == {"title": "The Old House"}


def test_vrt_comment_over_several_lines_has_no_token(tmp_path: Path) -> None:
    """Pass 34d: only a `<!…>` line was left out, so the lines inside an XML comment over
    several lines, and its `-->`, were indexed as tokens ("a comment", "-->"), unsaid."""
    content = (
        '<text id="a">\n<!--\na comment\n-->\n<s>\nThe\tDET\tthe\n<!-- one line -->\n'
        "man\tNOUN\tman\n<!-- two\nlines -->\n.\tPUNCT\t.\n</s>\n</text>\n"
    )
    items = read(write(tmp_path, "c.vrt", content))
    assert not errors_of(items)
    [doc] = docs_of(items)
    assert doc.text == "The man ."


def test_vrt_token_line_of_a_comment_opener_hides_no_document(tmp_path: Path) -> None:
    """Pass 34g: a token line whose word is `<!--` (a web page's text, its columns
    tab-separated) opened a comment over several lines, so every line to the next `-->`
    was skipped unsaid: here a whole document and half of another (10 tokens read as 3).
    A line with a tab is a token line's columns, no comment's start; a comment that never
    closes is said, naming the line that opened it."""
    content = (
        '<text id="h1">\n<s>\nClick\tVB\tclick\n<!--\tSYM\t<!--\nhere\tRB\there\n</s>\n'
        '</text>\n<text id="h2">\n<s>\nThe\tDT\tthe\nbank\tNN\tbank\n</s>\n</text>\n'
        '<text id="h3">\n<s>\nArrow\tNN\tarrow\n-->\tSYM\t-->\n</s>\n</text>\n'
    )
    items = read(write(tmp_path, "h.vrt", content))
    assert not errors_of(items)
    assert [doc.text for doc in docs_of(items)] == ["Click here", "The bank", "Arrow -->"]
    content = '<text id="a">\n<s>\nOne\tCD\tone\n<!-- never closed\n</s>\n</text>\n'
    items = read(write(tmp_path, "u.vrt", content))
    [error] = errors_of(items)
    assert (error.line, error.fatal, error.kept) == (4, False, False)  # in part
    assert error.message.startswith("an XML comment opened here has no -->: the 2 lines")
    assert [doc.text for doc in docs_of(items)] == ["One"]


def test_vrt_text_attribute_given_twice_is_said(tmp_path: Path) -> None:
    """Pass 34d: `<text year="1900" year="1901">` took the last value unsaid: a non-fatal
    error names the attribute; the document is kept with the last value."""
    content = '<text id="a" year="1900" genre="news" year="1901">\nOne\tCD\tone\n</text>\n'
    items = read(write(tmp_path, "y.vrt", content))
    [error] = errors_of(items)
    assert (error.line, error.fatal, error.kept) == (1, False, True)
    assert "<text> attributes given more than once: year;" in str(error)
    assert docs_of(items)[0].metadata == {"year": "1901", "genre": "news"}


def test_vrt_s_without_its_closing_tag_is_said(tmp_path: Path) -> None:
    """Pass 38l: an `<s>` whose `</s>` is missing was read without a word (exit 0). A
    non-fatal error names the `<s>`'s line and what ended it; its tokens are kept, the
    sentence ended there, as CWB ends a region opened again."""
    content = (
        '<text id="a">\n<s>\nEin\tART\tein\n<s>\nHaus\tNN\tHaus\n</s>\n'
        "<s>\nZwei\tCARD\tzwei\n</text>\n<s>\nDrei\tCARD\tdrei\n"
    )
    items = read(write(tmp_path, "s.vrt", content))
    errors = errors_of(items)
    assert [(e.line, e.fatal, e.kept) for e in errors] == [
        (2, False, True),
        (7, False, True),
        (10, False, True),
    ]
    assert "<s> has no </s>: its sentence was ended at the <s> of line 4" in str(errors[0])
    assert "ended at the </text> of line 9" in str(errors[1])
    assert "ended at the end of the file" in str(errors[2])
    docs = docs_of(items)
    assert [doc.text for doc in docs] == ["Ein Haus Zwei", "Drei"]
    assert [len(doc.sentences) for doc in docs] == [3, 1]


def test_vrt_s_without_its_closing_tag_names_the_p_that_ended_it(tmp_path: Path) -> None:
    """Pass 38n: an `<s>` left open over a `</p>` was said ended at the `</text>` after
    it, though the `</p>` ended its sentence (the words between were another sentence);
    the error names the `</p>`. An `<s>` around `<p>` and `</p>` is no error."""
    content = (
        '<text id="a">\n<p>\n<s>\nA\tDT\ta\nbank\tNN\tbank\n</p>\n<p>\nthe\tDT\tthe\n'
        'bank\tNN\tbank\n</p>\n</text>\n<text id="b">\n<s>\n<p>\nok\tJJ\tok\n</p>\n</s>\n'
        "</text>\n"
    )
    items = read(write(tmp_path, "p.vrt", content))
    errors = errors_of(items)
    assert [e.line for e in errors] == [3]
    assert "its sentence was ended at the </p> of line 6" in str(errors[0])
    assert [len(doc.sentences) for doc in docs_of(items)] == [2, 1]


def test_vrt_attributes_of_other_structures_are_said(tmp_path: Path, runner) -> None:
    """Pass 32k: a CWB corpus's `<div type="chapter">`, `<p lang="en">` and `<s id="…">`
    attributes were dropped unsaid (only `<text>`'s are metadata); `--where type=chapter`
    then said no document has a field type. The reader names them and `index` says so."""
    from sensegrep.cli import cli

    content = (
        '<text id="a" year="1999">\n<div type="chapter" n="1">\n<p lang="en">\n'
        '<s id="s1">\nOne\tCD\tone\n</s>\n<s id="s2">\nTwo\tCD\ttwo\n</s>\n</p>\n'
        "</div>\n</text>\n"
    )
    path = write(tmp_path, "d.vrt", content)
    (doc,) = docs_of(read(path))
    assert doc.metadata == {"year": "1999"}
    assert doc.unread_structures == ("<div type, n>", "<p lang>", "<s id>")
    plain = write(tmp_path, "plain.vrt", '<text id="b">\n<s>\nOne\tCD\tone\n</s>\n</text>\n')
    assert docs_of(read(plain))[0].unread_structures == ()
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(path),
                                 "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "note: attributes of VRT structures other than <text> are not read" in result.stderr
    assert "d.vrt (<div type, n>, <p lang>, <s id>)" in result.stderr


def test_vrt_token_lines_with_spaces_and_no_tab_are_said(tmp_path: Path, runner) -> None:
    """Pass 34d: a token line whose columns were split by spaces, `old ADJ old`, was one
    word "old ADJ old" without tag or lemma, and `index` blamed only the missing lemma
    (and `[pos=…]` files "indexed without tags"): a note names its file and lines."""
    from sensegrep.cli import cli

    content = (
        '<text id="a">\n<s>\nThe\tDET\tthe\nold ADJ old\nman\tNOUN\tman\n</s>\n</text>\n'
        '<text id="b">\n<s>\nNew York\n</s>\n</text>\n'
    )
    path = write(tmp_path, "w.vrt", content)
    first, second = docs_of(read(path))
    assert [t.form for s in first.sentences for t in s.tokens] == ["The", "old ADJ old", "man"]
    assert (first.spaced_lines, second.spaced_lines) == ((4,), (10,))
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(path),
                                 "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        "note: VRT token lines without a tab that hold spaces were each read as one word, "
        "without a tag or lemma (VRT columns are separated by tabs"
    ) in result.stderr
    assert "w.vrt (2: lines 4, 10)" in result.stderr


def test_vrt_tokens_outside_text_are_said(tmp_path: Path, runner) -> None:
    """Pass 32k: a `<text>` opened inside another ends it, so the tokens after the inner
    `</text>` were a document `FILE:LINE` without the outer one's metadata, unsaid:
    `--where year=1` left them out. `index` names such documents in a note."""
    from sensegrep.cli import cli

    content = (
        '<text id="a" year="1">\nOne\tCD\tone\n<text id="b" year="2">\nTwo\tCD\ttwo\n'
        "</text>\nThree\tCD\tthree\n</text>\n"
    )
    path = write(tmp_path, "n.vrt", content)
    docs = docs_of(read(path))
    assert [(d.id.rsplit("/", 1)[-1], d.outside_text) for d in docs] == [
        ("a", False), ("b", False), ("n.vrt:6", True)
    ]  # fmt: skip
    bare = write(tmp_path, "bare.vrt", "One\tCD\tone\n")
    assert [d.outside_text for d in docs_of(read(bare))] == [False]
    result = runner.invoke(cli, ["--index", str(tmp_path / "idx"), "index", str(path),
                                 "--vectors-for", "none"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "note: VRT tokens outside any <text>" in result.stderr
    assert "n.vrt (" in result.stderr and "n.vrt:6)" in result.stderr


def test_vrt_line_that_begins_like_a_tag_but_is_none_is_a_bad_line(tmp_path: Path) -> None:
    content = '<text id="a">\nOne\tCD\tone\n<text id="b>\nTwo\tCD\ttwo\n</text>\n'
    items = read(write(tmp_path, "m.vrt", content), name="m.vrt")
    [error] = errors_of(items)
    assert (error.line, error.fatal) == (3, False)
    assert "malformed tag '<text id=\"b>'" in str(error)
    [doc] = docs_of(items)
    assert doc.text == "One Two"  # no token made of the tag


def test_vrt_glue_tag_joins_words_without_a_space(tmp_path: Path) -> None:
    content = (
        '<text id="g">\n<s>\nHe\tPP\the\nsaid\tVVD\tsay\n<g/>\n,\t,\t,\nno\tUH\tno\n</s>\n</text>\n'
    )
    [doc] = docs_of(read(write(tmp_path, "g.vert", content)))
    assert doc.text == "He said, no"
    assert forms(doc) == [["He", "said", ",", "no"]]


# --------------------------------------------------------------------------- raganato

RAGANATO = """\
<?xml version="1.0" encoding="UTF-8" ?>
<corpus lang="en" source="test">
<text id="d000" source="br-a01">
<sentence id="d000.s000">
<wf lemma="the" pos="DET">The</wf>
<instance id="d000.s000.t000" lemma="group" pos="NOUN">Fulton County
  Grand Jury</instance>
<instance id="d000.s000.t001" lemma="say" pos="VERB">said</instance>
<wf lemma="&amp;" pos=".">&amp;</wf>
<wf lemma="&apos;s" pos="PRT">&apos;s</wf>
<wf lemma="&amp;amp;" pos="CONJ">&amp;amp;</wf>
<wf lemma="x" pos="X">a&nbsp;b</wf>
</sentence>
<sentence id="d000.s001">
<instance id="d000.s001.t000" lemma="bank" pos="NOUN">bank</instance>
<wf pos=".">.</wf>
</sentence>
</text>
<text>
<sentence id="d001.s000">
<instance id="d001.s000.t000" lemma="plant" pos="NOUN">Plant</instance>
</sentence>
</text>
</corpus>
"""
KEYS = """\
d000.s000.t000 group%1:03:00::
d000.s000.t001 say%2:32:00:: say%2:32:01::
d000.s001.t000 bank%1:17:01::
"""


def test_raganato_documents_instances_and_labels(tmp_path: Path) -> None:
    path = write(tmp_path, "toy.data.xml", RAGANATO)
    write(tmp_path, "toy.gold.key.txt", KEYS)
    items = read(path, name="toy.data.xml")
    assert not errors_of(items)
    first, second = docs_of(items)
    assert (first.id, first.line, first.metadata) == ("d000", 3, {"source": "br-a01"})
    assert forms(first) == [
        ["The", "Fulton County Grand Jury", "said", "&", "'s", "&", "a b"],  # &nbsp; is whitespace
        ["bank", "."],
    ]
    tokens = [t for s in first.sentences for t in s.tokens]
    assert [t.pos for t in tokens] == [
        "DET", "NOUN", "VERB", "PUNCT", "PART", "CCONJ", "X", "NOUN", "PUNCT"
    ]  # fmt: skip
    assert tokens[1].instance_id == "d000.s000.t000"
    assert tokens[1].label == "group%1:03:00::"
    assert tokens[2].label == "say%2:32:00:: say%2:32:01::"
    assert tokens[0].instance_id is None and tokens[0].label is None
    assert tokens[3].lemma == "&"
    assert tokens[-1].lemma == "."  # no lemma attribute: the form
    assert second.id == "toy.data.xml:19"
    assert second.sentences[0].tokens[0].instance_id == "d001.s000.t000"
    assert second.sentences[0].tokens[0].label is None  # not in the key file


def test_raganato_without_key_file_has_no_labels(tmp_path: Path) -> None:
    docs = docs_of(read(write(tmp_path, "nokeys.data.xml", RAGANATO)))
    assert len(docs) == 2
    assert all(t.label is None for d in docs for s in d.sentences for t in s.tokens)


def test_raganato_text_without_a_token_is_a_bad_record_naming_its_line(tmp_path: Path) -> None:
    """An empty <text> is skipped with an error naming its line, as an empty JSONL
    "text" or VRT <text> is; the other documents are read."""
    content = RAGANATO.replace("</corpus>", '<text id="empty">\n</text>\n</corpus>')
    items = read(write(tmp_path, "e.data.xml", content))
    [error] = errors_of(items)
    line = content.splitlines().index('<text id="empty">') + 1
    assert (error.line, error.fatal) == (line, False)
    assert "this <text> has no token: expected <wf> or <instance> elements" in str(error)
    assert len(docs_of(items)) == 2


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("</corpus>", "</corpos>", 24, "mismatched tag"),
        ('<wf lemma="the" pos="DET">The</wf>', "<wf>The<wf>", 5, "unexpected <wf> inside <wf>"),
        ('<wf lemma="the" pos="DET">The</wf>', "<wf>The</fw>", 5, "mismatched tag"),
        ("&amp;</wf>", "&</wf>", 9, "malformed XML"),
        ('<text>\n<sentence id="d001.s000">', "<text>\n<wf>x</wf>", 20, "unexpected <wf>"),
        ('<instance id="d001.s000.t000"', "<instance", 21, "expected an id attribute"),
        ("<corpus ", "<korpus ", 2, "as the root element"),
    ],
)
def test_raganato_malformed_xml_skips_the_file(
    tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    assert old in RAGANATO
    path = write(tmp_path, "bad.data.xml", RAGANATO.replace(old, new, 1))
    error = only_fatal(read(path))
    assert error.line == line
    assert expected in error.message


@pytest.mark.parametrize("end", ["\r\r\n", "\r", "\r\n"])
def test_raganato_errors_name_the_line_an_editor_shows_in_any_line_ends(
    tmp_path: Path, end: str
) -> None:
    """Pass 36a: expat, as XML reads line ends, counted a CR CR LF (a CRLF file saved once
    more in a text mode) as two, so an error in such a file named line 25 for line 13,
    while every other reader counts it as one line end, as editors show it."""
    bad = RAGANATO.replace('<wf lemma="the" pos="DET">The</wf>', "<wf>The</fw>", 1)
    error = only_fatal(read(write(tmp_path, "bad.data.xml", bad.replace("\n", end))))
    assert (error.line, "mismatched tag" in error.message) == (5, True)
    misplaced = RAGANATO.replace('<sentence id="d001.s000">', "<wf>x</wf>", 1)
    error = only_fatal(read(write(tmp_path, "bad.data.xml", misplaced.replace("\n", end))))
    assert (error.line, "unexpected <wf>" in error.message) == (20, True)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_raganato_text_without_id_is_named_by_its_line_in_cr_cr_lf_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Pass 36a: a <text> without an id is named FILE:LINE by the line an editor shows it
    on (19), not by expat's count of a CR CR LF as two line ends (37), wherever a read
    cuts a CR CR LF; its tokens are those of the same file with CRLF line ends."""
    from sensegrep.indexer.readers import raganato

    monkeypatch.setattr(raganato, "_CHUNK", chunk)
    doubled_path = _at(tmp_path, "a", "x.data.xml", RAGANATO.replace("\n", "\r\r\n"))
    doubled = docs_of(read(doubled_path, name="x.data.xml"))
    crlf = docs_of(read(_at(tmp_path, "b", "x.data.xml", RAGANATO.replace("\n", "\r\n"))))
    assert [(d.id, d.line) for d in doubled] == [("d000", 3), ("x.data.xml:19", 19)]
    assert [(d.text, d.metadata) for d in doubled] == [(d.text, d.metadata) for d in crlf]


def test_raganato_keys_that_name_no_instance_are_an_error_naming_the_line(
    tmp_path: Path,
) -> None:
    """A key file of other data (or other ids) labelled nothing, without a word: the
    documents are kept, and the first key line that names no instance is named."""
    path = write(tmp_path, "x.data.xml", RAGANATO)
    write(tmp_path, "x.gold.key.txt", KEYS + "d009.s000.t000 bank%1:17:01::\nzz.1 x%1:1::\n")
    items = read(path, name="x.data.xml")
    [error] = errors_of(items)
    assert (error.path, error.line, error.fatal, error.kept) == ("x.gold.key.txt", 4, False, True)
    assert "2 of its 5 instance id(s) name no <instance> of x.data.xml" in error.message
    assert "'d009.s000.t000'" in error.message
    assert len(docs_of(items)) == 2  # the documents and their labels are all there
    labelled = [t for d in docs_of(items) for s in d.sentences for t in s.tokens if t.label]
    assert len(labelled) == 3


def test_raganato_bad_key_file_skips_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "toy.data.xml", RAGANATO)
    write(tmp_path, "toy.gold.key.txt", KEYS + "lonely_instance_id\n")
    error = only_fatal(read(path, name="data/toy.data.xml"))
    assert error.path == "data/toy.gold.key.txt"
    assert error.line == 4


# --------------------------------------------------------------------------- bad input

# Per format: lines before and after the place where bad input is put; the part
# before holds a complete document, so a late fatal error must still come alone.
SAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "txt": (["First line.", ""], ["Last line."]),
    "jsonl": (['{"id": "a", "text": "One."}'], ['{"id": "b", "text": "Two."}']),
    "conllu": (
        ["# newdoc id = a", "1\tOne\tone\tNUM\t_\t_\t0\troot\t_\t_", ""],
        ["", "# newdoc id = b", "1\tTwo\ttwo\tNUM\t_\t_\t0\troot\t_\t_"],
    ),
    "vrt": (['<text id="a">', "One\tCD\tone", "</text>"], ['<text id="b">', "Two\tCD\ttwo"]),
    "raganato": (
        ["<corpus>", '<text id="a">', "<sentence>", '<wf pos="NUM">One</wf>', "</sentence>",
         "</text>"],
        ['<text id="b">', "<sentence>", '<wf pos="NUM">Two</wf>', "</sentence>", "</text>",
         "</corpus>"],
    ),
}  # fmt: skip


def sample(tmp_path: Path, fmt: str, middle: bytes) -> Path:
    head, tail = SAMPLES[fmt]
    content = "\n".join(head).encode() + b"\n" + middle + b"\n" + "\n".join(tail).encode()
    return write(tmp_path, f"sample.{EXTENSIONS[fmt]}", content + b"\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_samples_are_good_without_bad_input(tmp_path: Path, fmt: str) -> None:
    items = read(sample(tmp_path, fmt, b""), fmt)
    assert not errors_of(items)
    assert len(docs_of(items)) == (1 if fmt == "txt" else 2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_invalid_utf8_names_the_line(tmp_path: Path, fmt: str) -> None:
    middle = "caf\u00e9 latin-1".encode("latin-1")
    error = only_fatal(read(sample(tmp_path, fmt, middle), fmt, name="s"))
    assert error.line == len(SAMPLES[fmt][0]) + 1
    assert "invalid UTF-8 (byte 0xE9 at byte 4 of the line)" in error.message
    assert "save the file as UTF-8" in error.message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "\u201cquoted\u201d",
            "(byte 0x93 at byte 1 of the line), \u201c if the file is Windows-1252;",
        ),
        (
            "na\u00efve",
            "(byte 0xEF at byte 3 of the line), \u00ef if the file is Windows-1252 or Latin-1;",
        ),
        (
            "a\u00a0b",
            "(byte 0xA0 at byte 2 of the line), a no-break space if the file is Windows-1252 or ",
        ),
    ],
)
def test_invalid_utf8_says_what_the_byte_is_in_windows_1252(tmp_path: Path, text: str, said: str):
    """A Windows-1252 file (smart quotes, an accent) was "invalid UTF-8 (byte 0x93 …)",
    leaving the user to guess which encoding to convert from: the byte is read as it
    is there, said as a condition (a Mac Roman byte is another character)."""
    path = tmp_path / "w.txt"
    path.write_bytes(f"The first line.\n{text} here.\n".encode("cp1252"))
    error = only_fatal(read(path, "txt", name="w.txt"))
    assert error.line == 2 and said in error.message, error.message


@pytest.mark.parametrize("ext", ["jsonl", "txt"])
def test_a_file_cut_inside_its_last_character_is_said_to_be_cut(tmp_path: Path, ext: str):
    """Pass 29h: a UTF-8 file cut short inside a character (a copy or download stopped)
    was told to be saved as UTF-8, which it is; it is said to be cut short instead."""
    text = (
        '{"id": "a", "text": "Un café."}\n{"id": "b", "text": "Un café'
        if ext == "jsonl"
        else "Un café"
    )
    data = text.encode()[:-1]  # the last byte of é
    error = only_fatal(read(write(tmp_path, f"cut.{ext}", data), ext))
    assert "ends inside a character" in error.message, error.message
    assert "if it was cut short, copy or download it again whole" in error.message
    # cp1252 text whose one accented letter ends the file reads the same: both are said
    assert "save the file as UTF-8" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_utf16_text_is_said_to_be_utf16_with_what_to_do(tmp_path: Path, fmt: str) -> None:
    """A spreadsheet's "Unicode Text" (UTF-16, its NULs) read as "binary file"."""
    text = "\n".join(SAMPLES[fmt][0]) + "\n"
    error = only_fatal(read(write(tmp_path, f"u.{EXTENSIONS[fmt]}", text.encode("utf-16")), fmt))
    assert error.line == 1 and error.message.startswith("UTF-16 text"), error.message
    assert 'save the file as UTF-8 (a spreadsheet\'s "CSV UTF-8"' in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_binary_file_is_skipped(tmp_path: Path, fmt: str) -> None:
    error = only_fatal(read(sample(tmp_path, fmt, b"\x00\x01\x02binary"), fmt))
    assert "binary file" in error.message
    assert error.line == len(SAMPLES[fmt][0]) + 1


def test_nul_byte_after_the_first_block_is_found_too(tmp_path: Path) -> None:
    content = b"Some text.\n" * 2000 + b"more\x00\n"
    error = only_fatal(read(write(tmp_path, "late.txt", content)))
    assert "binary file" in error.message
    assert error.line == 2001


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "content", [b"", b"  \n\n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\r\n \r"]
)
def test_empty_file_is_skipped(tmp_path: Path, fmt: str, content: bytes) -> None:
    """Pass 36a: so is an empty file saved with a byte order mark (Notepad's UTF-8): its
    BOM alone was a line of text to every line format, so a JSONL or VRT file of nothing
    but a BOM was indexed whole with no document, nothing said, and an empty text file
    then skipped as its copy, "the same content as a file already in the index"."""
    path = write(tmp_path, f"empty.{EXTENSIONS[fmt]}", content)
    assert only_fatal(read(path, fmt)).message == "empty file"


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "jsonl"])
def test_ten_megabyte_line_skips_the_file(tmp_path: Path, fmt: str) -> None:
    error = only_fatal(read(sample(tmp_path, fmt, TEN_MB_LINE.encode()), fmt))
    assert error.line == len(SAMPLES[fmt][0]) + 1
    assert "longer than 1,000,000 characters" in error.message


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_file(tmp_path: Path, fmt: str) -> None:
    error = only_fatal(read(tmp_path / "nope.txt", fmt, name="nope.txt"))
    assert str(error) == "nope.txt: no such file (file skipped)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_folder_instead_of_file(tmp_path: Path, fmt: str) -> None:
    assert "folder" in only_fatal(read(tmp_path, fmt)).message


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "Hidden.")
    path.chmod(0)
    try:
        assert "permission denied" in only_fatal(read(path)).message
    finally:
        path.chmod(0o644)


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SensegrepError, match="unknown format"):
        list(read_documents(tmp_path / "a.txt", "docx"))


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("file_name", "fmt"),
    [
        ("a.txt", "txt"),
        ("A.TXT", "txt"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.conllu", "conllu"),
        ("a.vrt", "vrt"),
        ("a.vert", "vrt"),
        ("semcor.data.xml", "raganato"),
        ("a.xml", "raganato"),
    ],
)
def test_detect_format(file_name: str, fmt: str) -> None:
    assert detect_format(Path("dir") / file_name) == fmt


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        ('{"id": "d1", "text": "The bank."}\n', "jsonl"),
        ("# sent_id = 1\n1\tBanks\tbank\tNOUN\tNNS\t_\t0\troot\t_\t_\n", "conllu"),
        ('<text id="t1">\n<s>\nThe\tDT\tthe\nbank\tNN\tbank\n</s>\n</text>\n', "vrt"),
        (
            '<?xml version="1.0"?>\n<corpus lang="en">\n<text id="d0">\n<sentence id="s">\n'
            '<wf lemma="bank" pos="NOUN">bank</wf>\n</sentence>\n</text>\n</corpus>\n',
            "raganato",
        ),
    ],
)
def test_a_file_whose_extension_names_no_format_is_told_by_its_first_lines(
    tmp_path: Path, content: str, fmt: str
) -> None:
    for name in ("data", "data.conll", "data.json"):
        path = write(tmp_path, name, "\ufeff" + content)
        assert detect_format(path) == fmt
        items = read(path, tagger="none")
        assert items and all(isinstance(item, Document) for item in items)
    assert detect_format(write(tmp_path, "data.txt", content)) == "txt"  # the extension wins


@pytest.mark.parametrize(
    "content", ["The bank.\n", '{\n  "text": "pretty-printed JSON"\n}\n', '{"no": "text"}\n', ""]
)
def test_plain_text_and_other_json_are_never_guessed(tmp_path: Path, content: str) -> None:
    with pytest.raises(SensegrepError) as caught:
        detect_format(write(tmp_path, "notes", content))
    message = str(caught.value)
    assert "first lines" in message and "pass --format (one of txt, jsonl, conllu" in message


@pytest.mark.parametrize("file_name", ["a.docx", "README", "a.json"])
def test_detect_format_unknown_says_to_pass_format(file_name: str) -> None:
    with pytest.raises(SensegrepError, match="--format"):
        detect_format(Path(file_name))


def test_iter_files_expands_folders_sorted_without_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for rel in [
        "b.txt",
        "a/z.jsonl",
        "a/b/c.conllu",
        ".hidden.txt",
        ".git/config",
        "sub/.secret/x.txt",
        "wsd/set.data.xml",
        "wsd/set.gold.key.txt",
        "notes.gold.key.txt",
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    single = tmp_path / "single.txt"
    single.write_text("x")
    found = list(iter_files([root, single]))
    assert [name for _, name in found] == [
        "a/b/c.conllu",
        "a/z.jsonl",
        "b.txt",
        "notes.gold.key.txt",  # no data file beside it: an ordinary text file
        "wsd/set.data.xml",
        str(single),
    ]
    assert found[0][0] == root / "a" / "b" / "c.conllu"


def test_to_upos() -> None:
    assert [to_upos(t) for t in ["NNS", "NNP", "VBZ", "JJR", "RBS", "MD", "noun", "NOUN"]] == [
        "NOUN", "PROPN", "VERB", "ADJ", "ADV", "AUX", "NOUN", "NOUN"
    ]  # fmt: skip
    assert [to_upos(t) for t in [".", "PRT", "CONJ", "VVFIN", "???", "_", None]] == [
        "PUNCT", "PART", "CCONJ", "VERB", "X", None, None
    ]  # fmt: skip


# --------------------------------------------------------------------------- real data
# ``shared_data`` (conftest.py) skips these when ../shared/data is absent.


def read_key_file(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {fields[0]: " ".join(fields[1:]) for fields in (ln.split() for ln in lines) if fields}


@pytest.mark.shared
def test_semcor_counts_exactly(shared_data: Path) -> None:
    path = shared_data / "semcor" / "semcor.data.xml"
    if not path.is_file():
        pytest.skip("SemCor absent")
    started = time.perf_counter()
    items = list(read_documents(path, "raganato", name="semcor.data.xml"))
    seconds = time.perf_counter() - started
    assert not errors_of(items)
    docs = docs_of(items)
    tokens = [t for d in docs for s in d.sentences for t in s.tokens]
    instances = [t for t in tokens if t.instance_id]
    assert len(docs) == 352
    assert sum(len(d.sentences) for d in docs) == 37_176
    assert len(tokens) == 802_443
    assert len(instances) == 226_036
    assert all(t.label for t in instances)
    for doc in docs:
        assert_offsets(doc)
    assert seconds < 60, f"reading SemCor took {seconds:.1f} s"


@pytest.mark.shared
def test_semeval2007_every_instance_has_its_gold_label(shared_data: Path) -> None:
    folder = shared_data / "wsd_eval" / "semeval2007"
    if not folder.is_dir():
        pytest.skip("SemEval-2007 absent")
    keys = read_key_file(folder / "semeval2007.gold.key.txt")
    docs = docs_of(read(folder / "semeval2007.data.xml"))
    instances = [t for d in docs for s in d.sentences for t in s.tokens if t.instance_id]
    assert len(instances) == 455
    assert {t.instance_id: t.label for t in instances} == keys


def test_a_field_name_written_decomposed_is_the_composed_field(tmp_path):
    """ "année" composed (NFC) in one record and decomposed (NFD) in another were two
    fields that look the same: --where année=… missed the other's documents, unsaid,
    and info listed "année" twice."""
    import json
    import unicodedata

    import sensegrep

    nfd = unicodedata.normalize("NFD", "année")
    lines = [
        {"id": "a", "text": "Le café est chaud.", "année": 1999},
        {"id": "b", "text": "Le café est froid.", nfd: 2001},
    ]
    path = tmp_path / "f.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    with sensegrep.build(tmp_path / "idx", path, lang="fr", vectors_for="none") as index:
        assert index.search("café", where={"année": "1999..2001"}).total == 2
        assert index.search("café", where={nfd: "2001"}).total == 1
        assert list(index.metadata_values()) == ["année"]


def test_lines_ending_in_a_lone_cr_are_lines_in_every_format(tmp_path: Path) -> None:
    """A file saved with old Mac line ends (a lone CR) was one line to every reader: a
    VRT file became one document of one garbage token (``<text id="w1"…> <s> The``, its
    lemma ``the\\rbank``) with nothing said, a JSONL file's records one bad record, a
    CoNLL-U file no token line (pass 33g). A lone CR ends a line as LF and CRLF do."""
    vrt = (
        '<text id="w1" year="2005">\n<s>\nThe\tDT\tthe\nbank\tNN\tbank\n.\tSENT\t.\n</s>\n</text>\n'
    )
    conllu = (
        "# newdoc id = c1\n1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
        "2\tbank\tbank\tNOUN\tNN\t_\t0\troot\t_\t_\n\n"
    )
    jsonl = '{"id": "j1", "text": "The bank."}\n{"id": "j2", "text": "A bank."}\n'
    for name, content in (("a.vrt", vrt), ("a.conllu", conllu), ("a.jsonl", jsonl)):
        as_lf = read(_at(tmp_path, "lf", name, content))
        as_cr = read(_at(tmp_path, "cr", name, content.replace("\n", "\r")))
        assert not errors_of(as_cr), (name, errors_of(as_cr))
        lf_docs, cr_docs = docs_of(as_lf), docs_of(as_cr)
        assert [d.id for d in cr_docs] == [d.id for d in lf_docs], name
        for lf_doc, cr_doc in zip(lf_docs, cr_docs, strict=True):
            assert [(t.form, t.lemma) for s in cr_doc.sentences for t in s.tokens] == [
                (t.form, t.lemma) for s in lf_doc.sentences for t in s.tokens
            ], name
            assert cr_doc.metadata == lf_doc.metadata, name
    bad = _at(
        tmp_path, "cr", "b.jsonl", '{"id": "j1", "text": "x"}\r{"id": \r{"id": "j3", "text": "y"}\r'
    )
    assert [e.line for e in errors_of(read(bad))] == [2]  # the line an editor shows


def _at(tmp_path: Path, folder: str, name: str, content: str) -> Path:
    (tmp_path / folder).mkdir(exist_ok=True)
    return write(tmp_path / folder, name, content)


def test_a_file_of_lone_cr_lines_longer_than_the_line_limit_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines are read in chunks of the line limit's bytes: a lone-CR file longer than one
    chunk is its lines, each short, not one over-long line (and a CRLF cut between two
    chunks stays one line end); a line over the limit is still one."""
    from sensegrep.indexer.readers import _common

    monkeypatch.setattr(_common, "MAX_LINE_CHARS", 10)  # chunks of 42 bytes
    records = [f'{{"id": "r{i}", "text": "b {i}."}}' for i in range(6)]
    path = _at(
        tmp_path, "cr", "many.jsonl", "\r".join(records[:3]) + "\r\n" + "\r".join(records[3:])
    )
    lines = list(_common._raw_lines(path.open("rb")))
    assert b"".join(raw for _n, raw in lines) == path.read_bytes()
    assert [n for n, _raw in lines] == [1, 2, 3, 4, 5, 6]
    long_line = _at(tmp_path, "cr", "long.txt", "a\r" + "b" * 100 + "\rc\r")
    assert [raw for _n, raw in _common._raw_lines(long_line.open("rb"))] == [b"a\r", None, b"c\r"]
    for after in ("\rc\nd\n", "\r\nc\nd\n", "\rc\rd\n", "\n" + "c\nd\n"):
        path = _at(tmp_path, "cr", "long2.txt", "a\n" + "b" * 100 + after)
        got = [raw for _n, raw in _common._raw_lines(path.open("rb"))]
        assert got == [b"a\n", None, *[line.encode() for line in after.splitlines(True)[1:]]]


def test_a_lone_cr_at_the_line_limit_ends_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 34a: a line that a lone CR ends exactly at the byte limit was taken for an
    over-long line whose CRLF was cut there, and the next line was skipped as its rest:
    lost unsaid, and every later line numbered one too low. Every line is read, each
    under its number; only one longer than the limit is None."""
    import io

    from sensegrep.indexer.readers import _common

    monkeypatch.setattr(_common, "_max_line_bytes", lambda: 4)
    cases = {
        b"bbb\rxx\nyy\n": [b"bbb\r", b"xx\n", b"yy\n"],
        b"ab\rbbb\rccc\r": [b"ab\r", b"bbb\r", b"ccc\r"],
        b"bbb\r\nxx\n": [None, b"xx\n"],  # a CRLF past the limit: over-long
        b"bbbbb\rxx\ryy\n": [None, b"xx\r", b"yy\n"],
    }
    for data, lines in cases.items():
        found = list(_common._raw_lines(io.BytesIO(data)))
        assert found == list(enumerate(lines, start=1)), data


def _reference_lines(data: bytes, limit: int) -> list[bytes | None]:
    """The lines of ``data`` cut at CR CR LF, CRLF, LF or a lone CR, byte by byte; None
    for one longer than ``limit`` bytes with its line end."""
    lines, start, at = [], 0, 0
    while at < len(data):
        for end in (b"\r\r\n", b"\r\n", b"\n", b"\r"):
            if data.startswith(end, at):
                at += len(end)
                lines.append(data[start:at])
                start = at
                break
        else:
            at += 1
    if start < len(data):
        lines.append(data[start:])
    return [line if len(line) <= limit else None for line in lines]


@given(
    data=st.binary(max_size=40).map(lambda b: bytes(b"ab\r\n\r\r"[x % 6] for x in b)),
    limit=st.integers(1, 8),
    block=st.sampled_from([1, 2, 3, 5, 1 << 16]),
)
@settings(max_examples=400, deadline=None)
def test_cr_cr_lf_is_one_line_end_wherever_a_read_cuts_it(
    data: bytes, limit: int, block: int
) -> None:
    """Pass 34a: a file whose lines end in CR CR LF (a CRLF file saved once more in a text
    mode) was read as one line end or two by where the 4 MB line-limit chunk fell; plain
    text as two everywhere (every line a paragraph). It is one line end, as editors show
    it, wherever a read or the limit cuts it; every other line end as before."""
    from unittest import mock

    from sensegrep.indexer.readers import _common

    with (
        mock.patch.object(_common, "_max_line_bytes", lambda: limit),
        mock.patch.object(_common, "_READ", block),
    ):
        found = list(_common._raw_lines(io.BytesIO(data)))
    assert [n for n, _line in found] == list(range(1, len(found) + 1))
    assert [line for _n, line in found] == _reference_lines(data, limit)


def test_lines_ending_in_cr_cr_lf_are_read_as_crlf_lines_in_every_format(
    tmp_path: Path,
) -> None:
    """A CRLF file saved once more in a text mode ends its lines in CR CR LF. Read as two
    line ends (a blank line after each), plain text's hard-wrapped sentences were cut at
    every line (`"was" "steep"` found nothing) and a CoNLL-U file gave one sentence per
    token. It reads as the same file with CRLF line ends."""
    conllu = (
        "# newdoc id = c1\n1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
        "2\tbank\tbank\tNOUN\tNN\t_\t0\troot\t_\t_\n\n"
    )
    vrt = '<text id="w1">\n<s>\nThe\tDT\tthe\nbank\tNN\tbank\n</s>\n</text>\n'
    text = "The river bank was\nsteep and wet.\n\nWe walked on.\n"
    for name, content in (("a.conllu", conllu), ("a.vrt", vrt), ("a.txt", text)):
        as_crlf = docs_of(read(_at(tmp_path, "crlf", name, content.replace("\n", "\r\n"))))
        doubled = read(_at(tmp_path, "crcrlf", name, content.replace("\n", "\r\r\n")))
        assert not errors_of(doubled), (name, errors_of(doubled))
        sentences = [[[t.form for t in s.tokens] for s in d.sentences] for d in docs_of(doubled)]
        assert sentences == [[[t.form for t in s.tokens] for s in d.sentences] for d in as_crlf], (
            name
        )
    assert len(sentences[0]) == 2, sentences  # the blank line alone ends a sentence
