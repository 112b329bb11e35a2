"""Issue 23's new-user pass: the library's errors name parameters as its keywords
(``form=True``, ``pos='XYZ'``, ``label=None``), where the layers below write the command
line's flags, which the command line (and a server answering it) keeps. The web app's
spellings are in tests/web/test_web_messages.py."""

from __future__ import annotations

import json

import pytest

import sensegrep
from sensegrep.api.remote import answer
from sensegrep.api.spelling import SEARCH, Spelling, as_text, respell, spoken_by
from sensegrep.errors import QueryError

DOCS = [{"id": f"d{n}", "text": "The bank of the river. The bank raised rates."} for n in range(2)]


@pytest.fixture(scope="module")
def idx(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("spelling")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    with sensegrep.build(folder / "idx", corpus, model="fake:16", tagger="none") as built:
        yield built


def said(message: str, style: str = "python", **given) -> str:
    return as_text(respell(message, SEARCH, style, given))  # type: ignore[arg-type]


def test_only_real_flags_outside_quotes_are_respelt():
    assert said("try --form for an exact form") == "try form=True for an exact form"
    assert said("try --form for an exact form", "query") == "try form=true for an exact form"
    assert (
        said("--sense 2 and --senses 3 and --senses") == "sense 2 and senses_run 3 and senses_run"
    )
    assert said("--formal, --tagger spacy, x--form") == "--formal, --tagger spacy, x--form"
    assert said("no occurrences of '--form'; `sensegrep search --form`") == (
        "no occurrences of '--form'; `sensegrep search --form`"
    )
    assert said('pattern "a --like b" then --like') == 'pattern "a --like b" then like'
    # The value written after a flag: a placeholder, or one the caller gave.
    assert said("--pos XYZ: none", pos=["XYZ"]) == "pos='XYZ': none"
    assert said("--pos XYZ: none", "query", pos=["XYZ"]) == "pos=XYZ: none"
    assert said("--doc nope: none", doc=["no"]) == "doc nope: none"  # not the value given
    assert said("give --sense N") == "give sense=N"
    removal = {"--remove": Spelling("label", value=None)}
    assert as_text(respell("use --remove", removal, "json")) == 'use "label": null'
    assert as_text(respell("use --remove", removal, "python")) == "use label=None"


def test_the_library_names_its_keywords(idx):
    for call, words in [
        (lambda: idx.search(cql='"bank"', form=True), "leave out form=True"),
        (lambda: idx.search("bank", doc=["d0", "nope"]), "doc='nope': no document of "),
        (lambda: idx.count("bank", "genr"), "by takes form, node, lemma"),
        (lambda: idx.search("bank", unlike=[1]), "unlike needs something to be like: add "
                                                  "example, like, label or gloss"),
        (lambda: idx.label([1], ""), "a label cannot be empty; use label=None to clear labels"),
        (lambda: idx.compare("a bank", "the bank"), "(or pass word): 'a bank'"),
        (lambda: idx.senses("bank", n=2, run=1), "give n=N or new=True (a new run) or run=1"),
    ]:  # fmt: skip
        with pytest.raises(QueryError) as refused:
            call()
        assert words in str(refused.value), str(refused.value)


def test_statistics_errors_name_their_keywords(idx):
    """Issue 23: the statistics' errors, not only their notes, in the library's
    keywords (one helper, in_keywords, for both); the command line keeps its flags."""
    for call, words in [
        (lambda: idx.collocates("bank", sense=1, by_sense=True),
         "give sense=N (one sense's table) or by_sense=True (all), not both"),
        (lambda: idx.sketch("bank", sense=1, by_sense=True), "or by_sense=True (all)"),
        (lambda: idx.keywords(where="id=d0", max_p=2.0), "max_p must be a probability"),
        (lambda: idx.freq(by="nofield"), "by='nofield': expected lemma, form"),
        (lambda: idx.change(by="id", between=["d0", "d1"], words=["bank"], min_freq=3),
         "min_freq chooses the words when words names none"),
    ]:  # fmt: skip
        with pytest.raises(QueryError) as refused:
            call()
        assert words in str(refused.value) and "--" not in str(refused.value), refused.value
    with spoken_by("cli"), pytest.raises(QueryError, match=r"^--max-p must be"):
        idx.keywords(where="id=d0", max_p=2.0)


def test_the_command_line_and_a_server_answering_it_keep_the_flags(idx):
    with spoken_by("cli"), pytest.raises(QueryError, match="leave out --form"):
        idx.search(cql='"bank"', form=True)
    call = {"method": "search", "args": [], "kwargs": {"cql": '"bank"', "form": True}}
    status, body = answer(idx, call)
    assert status == 400 and "leave out --form" in body["error"]
    with pytest.raises(QueryError, match="leave out form=True"):  # the library's again after
        idx.search(cql='"bank"', form=True)


def test_an_error_is_respelt_once(idx):
    """count calls search's machinery; a message that went through two decorated calls
    is not respelt twice (form=True would not be read as a flag, but a value might)."""
    with pytest.raises(QueryError) as refused:
        idx.count("", "form", cql='"bank"', form=True)
    assert str(refused.value).count("form=True") == 1


def test_a_misspelt_keyword_of_senses_is_refused_as_searchs_are(idx):
    # senses(k=2) (the repr says k=8; the keyword is n) was Python's TypeError from the
    # decorator, where search(kk=2) is one QueryError naming the keywords it takes.
    for call in (lambda: idx.senses("bank", k=2), lambda: idx.senses_by("bank", "x", bin=5)):
        with pytest.raises(QueryError, match=r"unknown parameter '(k|bin)'; expected one of "):
            call()
    with pytest.raises(QueryError, match=r"expected one of .*good_examples, n, new"):
        idx.senses("bank", kk=2)


def test_classify_and_add_vectors_name_their_keywords(tmp_path):
    """classify's errors said "-k must be at least 1" and add_vectors' "(or --all, --pos,
    --min-count)": neither method respelt its messages as the others do (pass 36j)."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as built:
        with pytest.raises(QueryError) as caught:
            built.add_vectors(model="fake:16")
        assert str(caught.value) == (
            "name the words to give vectors (or every=True, pos, min_count)"
        )
        with pytest.raises(QueryError) as caught:
            built.add_vectors(["bank"], every=True, model="fake:16")
        assert str(caught.value) == (
            "every=True gives every lemma vectors: leave out the words, pos and min_count"
        )
        # a word not in the index was only in report.unknown; the CLI says it an error
        report = built.add_vectors(["bank", "bnak"], model="fake:16")
        assert (report.lemmas, report.unknown) == (["bank"], ["bnak"])
        assert report.notes == ["not in the index, so given no vectors: 'bnak'"]
        with pytest.raises(QueryError) as caught:
            built.classify("bank", k=0)
        assert str(caught.value) == "k must be at least 1, got 0"
        with pytest.raises(QueryError, match=r"^unknown parameter 'kk'"):  # was a TypeError
            built.classify("bank", kk=3)


def test_add_vectors_notes_a_word_whose_tokens_get_none(tmp_path):
    """``add_vectors(["the"])`` gave no vector and its report's notes were empty (only
    its without_tokens field said so), where the CLI says why in a note (pass 36o)."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="spacy") as built:
        report = built.add_vectors(["the", "bank"], model="fake:16")
        assert (report.lemmas, report.without_tokens) == (["bank"], ["the"])
        assert report.notes == [
            "no token of the gets a vector (only content words do; all_tokens=True on a new "
            "index gives every token one)"
        ]
