"""What a search means is what it says (issue 23's leftovers): a pattern's word or lemma
that no token has is an error naming the nearest ones, as `search WORD` is; a query word
the analyser cuts into several tokens ("mole's": mole 's) is searched as that sequence,
and every answer names what was searched when it is not the word as typed. On
helpers.MOLES indexed without tags (simplemma's lemmas; clitics split as spaCy splits
them) with the fake embedder."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError

from ..helpers import write_jsonl


@pytest.fixture(scope="module")
def idx(moles_index: Path):
    with sensegrep.open(moles_index) as opened:
        yield opened


# -- a pattern's word or lemma that no token has ------------------------------------------


@pytest.mark.parametrize(
    "pattern,message",
    [
        ('[lemma="bnak"]', "lemma=\"bnak\": no token of .* has a lemma that matches it "
                           r"\(nearest: 'bank'\)"),
        ('[word="bnak"] "under"', r"word=\"bnak\": .* has a form .*nearest: 'bank'"),
        ('[word="zz.*"]', r"word=\"zz\.\*\": no token of .* has a form that matches it$"),
        ('"the" [word="Bank"]', r"has a form that matches it \(nearest: 'bank'; %c ignores case\)"),
        ('[lemma="moles"]', r"lemma=\"moles\": .*nearest: 'mole'"),  # a form, no lemma
        ('[lemma="rates"]', r"lemma=\"rates\": .*nearest: 'rate'"),
    ],
)  # fmt: skip
def test_a_pattern_value_no_token_has_is_an_error_naming_the_nearest(idx, pattern, message):
    with pytest.raises(QueryError, match=message):
        idx.search(cql=pattern)
    with pytest.raises(QueryError, match=message):
        idx.count("", "form", cql=pattern)


def test_a_word_search_names_the_nearest_words_the_same_way(idx):
    with pytest.raises(
        QueryError, match=r"no occurrences of 'bnak' \(by lemma\) .*nearest: 'bank'"
    ):
        idx.search("bnak")
    with pytest.raises(
        QueryError, match=r"no occurrences of 'bnaks' \(by word form\) .*\(nearest: 'bank'\)$"
    ):
        idx.search("bnaks", form=True)


def test_words_that_each_occur_but_never_in_sequence_are_an_empty_result(idx):
    found = idx.search(cql='[word="mole"] [word="bank"]')
    assert (list(found), found.total, found.searched) == ([], 0, None)


def test_a_value_under_or_not_or_an_optional_element_is_not_checked(idx):
    assert idx.search(cql='[word="bnak" | word="bank"]').total == 3
    assert idx.search(cql='[word!="bnak"] [word="bank"]').total == 3
    assert idx.search(cql='[word="bnak"]? [word="bank"]').total == 3


def test_an_older_index_without_the_token_store_checks_its_vocabulary(tmp_path, moles_index):
    """Read sentence by sentence, an index made before the token store tells a value
    no word of its vocabulary spells; a form asked as a lemma finds nothing there."""
    folder = Path(shutil.copytree(moles_index, tmp_path / "old"))
    with sqlite3.connect(folder / "index.sqlite") as conn:  # as an older version made it
        for table in ("token_segments", "removed_documents", "document_fields"):
            conn.execute(f"DROP TABLE {table}")
    shutil.rmtree(folder / "tokens")
    with sensegrep.open(folder) as old:
        assert not old.storage.token_store_complete()
        with pytest.raises(QueryError, match=r"lemma=\"bnak\": .*nearest: 'bank'"):
            old.search(cql='[lemma="bnak"]')
        assert old.search(cql='[lemma="rates"]').total == 0  # the store's index refuses it
        assert old.search("mole's").total == 1


# -- a query word the analyser cuts, and naming what was searched ---------------------------


def test_a_word_of_several_tokens_is_searched_as_that_sequence(idx):
    found = idx.search("mole's")
    assert [(h.match, h.form, h.word) for h in found] == [(["mole", "'s"], "mole", "mole's")]
    assert (found.total, found.searched) == (1, '[word="mole"%c] [word="\'s"%c]')
    assert [h.match for h in idx.search("can't")] == [["ca", "n't"]]
    assert [h.match for h in idx.search("River Bank")] == [["river", "bank"]]
    counted = idx.count("mole's", "node")
    assert [(row["value"], row["count"]) for row in counted] == [("mole 's", 1)]
    assert counted.searched == found.searched


def test_a_word_of_several_tokens_ranks_by_its_first_token(idx):
    found = idx.search("mole's", example="a [[mole]] in the garden")
    assert [h.match for h in found] == [["mole", "'s"]] and found[0].score is not None


def test_a_piece_no_token_has_is_an_error_naming_the_word(idx):
    with pytest.raises(QueryError, match=r"no occurrences of \"xyz's\" .* searched as the tok"):
        idx.search("xyz's")


def test_the_answer_names_the_lemma_a_word_was_resolved_to(idx):
    assert idx.search("banks").searched == 'lemma "bank"'
    assert idx.search("bank").searched is None
    assert idx.search("Bank").searched is None  # a word is looked up in any case
    assert idx.search("bank", form=True).searched is None
    assert idx.search(cql='[lemma="bank"]').searched is None
    assert idx.search("banks").totals()["searched"] == 'lemma "bank"'


def test_words_written_with_a_space_are_searched_as_their_sequence(idx):
    """`search "river bank"` (as "New York"): the two words in sequence, any case, not a
    refusal to try --form."""
    found = idx.search("river bank")
    assert [h.match for h in found] == [["river", "bank"]] and found.total == 1
    assert found.searched == '[word="river"%c] [word="bank"%c]'
    assert [h.match for h in idx.search("the BANK")] == [["the", "bank"], ["The", "bank"]]


# -- --form and case (issue 23, new-user pass) ----------------------------------------------


def test_form_is_any_case_and_says_so_and_match_case_makes_it_exact(idx):
    """`search The --form` counted every "the" (its help said "the exact word form"),
    even with --match-case: now --form takes any case, as a lemma does, and says so when
    the word typed has capitals; --match-case takes the form exactly as written."""
    folded = idx.search("The", form=True)
    assert folded.total == 5 and folded.searched == '[word="The"%c]'
    exact = idx.search("The", form=True, match_case=True)  # after the folded one: not its totals
    assert exact.total == 2 and {h.form for h in exact} == {"The"}
    assert exact.searched == '[word="The"]' and exact.totals()["searched"] == '[word="The"]'
    assert idx.search("the", form=True, match_case=True).total == 3
    assert idx.total("The", form=True, match_case=True) == 2
    assert [r["value"] for r in idx.count("The", "form", form=True, match_case=True)] == ["The"]
    with pytest.raises(QueryError, match=r"searched as \[word=\"THE\"\]; .*%c ignores case"):
        idx.search("THE", form=True, match_case=True)
    assert idx.search("The", match_case=True).total == 5  # a lemma: any case, as always


def test_try_form_is_advised_only_when_a_token_has_that_form(tmp_path):
    """A word no token has was told "try --form to search the word form", which found
    nothing either; the advice stands where a token has the form under another lemma
    (here a CoNLL-U file's own lemmas: "wugs" is a form of "wug", "spoon" of nothing)."""
    from sensegrep.api.spelling import spoken_by

    from ..helpers import conllu, text_only_index

    folder = text_only_index(tmp_path, conllu(([], "Two/two/NUM wugs/wug/NOUN ran/run/VERB")))
    with sensegrep.open(folder) as idx, spoken_by("cli"):
        with pytest.raises(QueryError) as held:
            idx.search("wugs", form=False)  # as a lemma: "wugs" is no token's lemma
        assert str(held.value).endswith("; try --form to search the word form")
        assert idx.search("wugs", form=True).total == 1
        with pytest.raises(QueryError) as missing:
            idx.search("spoon")
        assert "try --form" not in str(missing.value)


@pytest.mark.parametrize(
    "pattern,sequence",
    [
        ('"mole\'s"', '[word="mole"] [word="\'s"]'),
        ('"The" [word="can\'t"%c]', '[word="ca"%c] [word="n\'t"%c]'),
        ('"river bank"', '[word="river"] [word="bank"]'),
    ],
)
def test_a_pattern_word_the_analyser_cuts_says_how_to_write_it(idx, pattern, sequence):
    """A quoted word the index holds as several tokens was refused with the nearest
    single words ("n't", 'crane' for can't): it says the tokens, as a sequence that
    matches what `search WORD` finds."""
    with pytest.raises(QueryError) as refused:
        idx.search(cql=pattern)
    message = str(refused.value)
    assert message.endswith(f"so write them in sequence: {sequence}")
    word = sequence.replace('[word="', "").replace('"%c]', "").replace('"]', "")
    assert idx.total(cql=sequence) == idx.total(word.replace(" 's", "'s").replace(" n't", "n't"))


HYPHENED = [
    {"id": "a", "text": "It is a well-known fact that the bank is open."},
    {"id": "b", "text": "A well known river bank is wide, and a well-known one too."},
]


def test_a_hyphened_word_is_searched_as_the_tokens_the_index_cut_it_into(tmp_path: Path):
    """On a spaCy-tagged index "well-known" is well - known (spaCy cuts at a hyphen
    between letters); the query word, cut by simplemma, stayed whole and was "no
    occurrences" (nearest: 'willow'). It is searched as those tokens, and a pattern's
    word names them; an index made with --tagger none, which holds it whole, finds it
    whole. Expected: the 2 hyphened spellings, not the spaced one."""
    corpus = write_jsonl(tmp_path / "h.jsonl", HYPHENED)
    with sensegrep.build(tmp_path / "spacy", corpus, vectors_for="none") as tagged:
        found = tagged.search("well-known")
        assert found.total == 2 and [h.doc for h in found] == ["a", "b"]
        assert [h.match for h in found] == [["well", "-", "known"]] * 2
        with pytest.raises(QueryError, match=r'\[word="well"\] \[word="-"\] \[word="known"\]'):
            tagged.search(cql='[word="well-known"]')
    with sensegrep.build(tmp_path / "none", corpus, vectors_for="none", tagger="none") as plain:
        found = plain.search("well-known")
        assert found.total == 2 and [h.form for h in found] == ["well-known"] * 2


def test_a_word_only_written_with_diacritics_says_d_ignores_them(tmp_path: Path) -> None:
    """[word="cafe"] where the text has only "café": the error says %d finds it (the
    nearest words by spelling need not include it), as %c is said for another case."""
    from ..helpers import conllu, text_only_index

    text = conllu((["sent_id = 1"], "The/the/DET café/café/NOUN opened/open/VERB"))
    with sensegrep.open(text_only_index(tmp_path, text)) as idx:
        with pytest.raises(
            QueryError, match=r"has a form that matches it \(.*%d ignores diacritics\)"
        ):
            idx.search(cql='[word="cafe"]')
        with pytest.raises(QueryError, match=r"lemma=\"cafe\": .*; %d ignores diacritics\)"):
            idx.count("", "form", cql='[lemma="cafe"]')
        assert idx.search(cql='[word="cafe"%d]').total == 1
        with pytest.raises(QueryError) as plain:
            idx.search(cql='[word="bnak"]')
        assert "%d" not in str(plain.value)


def test_a_hyphenated_word_held_by_its_lemma_alone_is_found(tmp_path: Path) -> None:
    """Text writing `ex‑presidente` with U+2011 holds the form ex‑presidente and the
    lemma expresidente: `search ex-presidente` (typed with -) was taken for a word the
    tagger cut, searched as ex - presidente, and said no occurrences (pass 37p)."""
    path = tmp_path / "es.txt"
    path.write_text("El ex\u2011presidente habló. El presidente calló.\n", encoding="utf-8")
    folder = tmp_path / "idx"
    with sensegrep.build(folder, path, vectors_for="none", tagger="none", lang="es") as index:
        assert index.search("ex-presidente").total == 1
        assert index.search("ex\u2011presidente").total == 1


def test_a_number_typed_with_plain_spaces_says_those_written_in_groups(tmp_path: Path) -> None:
    """`search "10 000"` is searched as the tokens 10 and 000, which a number written
    with a thin or no-break space between its groups (one token, lemma 10000) is not:
    the note counts those and says how to list them (stop 48's left misleads)."""
    path = tmp_path / "n.txt"
    path.write_text(
        "It cost 10\u2009000 euros. Then 10\u00a0000 more. Later 10 000 again.\n",
        encoding="utf-8",
    )
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        assert index.search("10000").total == 2
        assert index.search("10\u2009000").total == 2
        typed = index.search("10 000")
        assert typed.total == 1
        assert (
            "2 more matches of '10 000' (written with a no-break or thin space between its "
            "groups, one token, or without spaces: lemma 10000): `search 10000` lists them"
        ) in typed.notes
        assert not any("lemma 10000" in note for note in index.search("10000").notes)


def test_the_error_of_an_absent_word_names_its_flags_as_written(tmp_path: Path) -> None:
    """Pass 38i: `"Cafe"%c` over a text of café was refused as `word="Cafe": no token …`,
    as if %c had been dropped; the test is now named with its flags, as written."""
    from ..helpers import conllu, text_only_index

    text = conllu((["sent_id = 1"], "The/the/DET café/café/NOUN opened/open/VERB"))
    with sensegrep.open(text_only_index(tmp_path, text)) as idx:
        for pattern, named in (
            ('"Cafe"%c', 'word="Cafe"%c: no token'),
            ('[lemma="opn" %cd]', 'lemma="opn"%cd: no token'),
            ('[word="caffe"]', 'word="caffe": no token'),
        ):
            with pytest.raises(QueryError) as refused:
                idx.search(cql=pattern)
            assert str(refused.value).startswith(named), refused.value
        assert "%d ignores diacritics" in _refused(idx, '"Cafe"%c')


def _refused(idx: sensegrep.SenseIndex, pattern: str) -> str:
    with pytest.raises(QueryError) as refused:
        idx.search(cql=pattern)
    return str(refused.value)


UNITS = [
    {"id": "a", "text": "The seal weighs 300kg and the court sat at 10am."},
    {"id": "b", "text": "A 300 kg seal and 3rd prize."},
]


def test_a_number_and_its_unit_written_together_are_searched_as_the_index_cut_them(
    tmp_path: Path,
):
    """spaCy cut a number from the unit written against it (`300kg`: 300 kg, `10am`: 10
    am), while the query word, cut by simplemma, stayed whole: `search 300kg` said "no
    occurrences of '300kg'" of a text that has it (pass 39a). It is searched as those
    tokens (so the spaced `300 kg` too, as the index cannot tell them apart); a word
    spaCy keeps whole (3rd) is searched whole, and --tagger none holds each whole."""
    corpus = write_jsonl(tmp_path / "u.jsonl", UNITS)
    with sensegrep.build(tmp_path / "spacy", corpus, vectors_for="none") as tagged:
        found = tagged.search("300kg")
        assert found.total == 2 and [h.match for h in found] == [["300", "kg"]] * 2
        assert [h.match for h in tagged.search("10am")] == [["10", "am"]]
        assert [h.form for h in tagged.search("3rd")] == ["3rd"]
    with sensegrep.build(tmp_path / "none", corpus, vectors_for="none", tagger="none") as plain:
        assert [h.form for h in plain.search("300kg")] == ["300kg"]


CONTRACTIONS = [
    {"id": "a", "text": "We cannot stay, so we are gonna leave. Cannot they wait?"},
    {"id": "b", "text": "They can not agree."},
]


def test_a_word_spacys_rules_cut_is_searched_as_the_index_cut_it(tmp_path: Path):
    """spaCy's rules cut a word written without an apostrophe that is no contraction
    spelt so (cannot: can not, gonna: gon na), while the query word stayed whole: `search
    cannot` said "no occurrences of 'cannot'" of a text that wrote it twice (pass 39k).
    It is searched as those tokens (so the spaced `can not` too, as the index cannot
    tell them apart), said in what was searched; a typo is still an error."""
    corpus = write_jsonl(tmp_path / "c.jsonl", CONTRACTIONS)
    with sensegrep.build(tmp_path / "spacy", corpus, vectors_for="none") as tagged:
        found = tagged.search("cannot")
        assert found.total == 3
        assert [h.match for h in found] == [["can", "not"], ["Can", "not"], ["can", "not"]]
        assert [h.match for h in tagged.search("gonna")] == [["gon", "na"]]
        assert [h.form for h in tagged.search("can")] == ["can", "Can", "can"]
        with pytest.raises(QueryError, match="no occurrences of 'canot'"):
            tagged.search("canot")


def test_a_word_searched_as_its_tokens_says_how_many_matches_write_them_apart(
    tmp_path: Path,
):
    """`search cannot` counted the spaced `can not` as cannot, with nothing said: 3
    matches, `search "can not"` the same 3, where the text wrote cannot twice (pass
    39p). The total still takes both (spaCy's tokens are the same), and a note says
    how many of them write the tokens apart, counted over all matches, not the page's;
    a word none writes apart has no note."""
    corpus = write_jsonl(tmp_path / "c.jsonl", CONTRACTIONS)
    with sensegrep.build(tmp_path / "spacy", corpus, vectors_for="none") as tagged:
        found = tagged.search("cannot", k=1)
        assert found.total == 3
        said = [n for n in found.notes if "apart" in n]
        assert said == [
            "1 of the 3 matches of 'cannot' writes its tokens apart ('can not'), which the "
            "index holds as the same tokens: the total takes both"
        ]
        assert not [n for n in tagged.search("gonna").notes if "apart" in n]
        assert not [n for n in tagged.search("cannot", doc="a").notes if "apart" in n]


def test_a_word_typed_in_two_says_how_many_matches_write_it_as_one(tmp_path: Path):
    """`search "can not"` listed the 2 cannot that spaCy's rules hold as can not among
    its 3 matches, with nothing said, where `search cannot` said how many of its write
    them apart (pass 40d). A note says how many write the tokens as one word, counted
    over all matches, not the page's; under --doc, only those there; a phrase none
    writes as one (`we are`) has no note."""
    corpus = write_jsonl(tmp_path / "c.jsonl", CONTRACTIONS)
    with sensegrep.build(tmp_path / "spacy", corpus, vectors_for="none") as tagged:
        found = tagged.search("can not", k=1)
        assert found.total == 3
        assert [n for n in found.notes if "as one word" in n] == [
            "2 of the 3 matches of 'can not' write its tokens as one word ('cannot'), "
            "which the index holds as the same tokens: the total takes both"
        ]
        assert not [n for n in tagged.search("can not", doc="b").notes if "one word" in n]
        assert not [n for n in tagged.search("we are").notes if "one word" in n]
        counted = tagged.count("can not", "doc")
        assert [n for n in counted.notes if "as one word" in n] == [
            "2 of the 3 matches of 'can not' write its tokens as one word ('cannot'), "
            "which the index holds as the same tokens: the total takes both"
        ]


def test_a_phrase_of_more_words_says_how_many_matches_write_some_as_one(tmp_path: Path):
    """Pass 40g: `search "can not stay"` listed the one "cannot stay", and `search "we
    can not"` the one "We cannot", with nothing said, where `search "can not"` says how
    many of its matches write its tokens as one word: a longer phrase says it too (the
    tokens that some match writes as one need not be all of it); `can not agree`, which
    b writes apart, has no note."""
    corpus = write_jsonl(tmp_path / "c.jsonl", CONTRACTIONS)
    with sensegrep.build(tmp_path / "spacy", corpus, vectors_for="none") as tagged:
        for phrase in ("can not stay", "we can not"):
            found = tagged.search(phrase)
            assert found.total == 1
            assert [n for n in found.notes if "one word" in n] == [
                f"1 of the 1 matches of {phrase!r} writes some of its tokens as one word, "
                "with no space between them, which the index holds as the same tokens: "
                "the total takes both"
            ]
        assert not [n for n in tagged.search("can not agree").notes if "one word" in n]


def test_a_word_held_whole_in_capitals_says_the_matches_spacys_rules_cut(tmp_path: Path):
    """spaCy's rules cut cannot and gonna but keep CANNOT whole: with one CANNOT in the
    index, `search cannot` said 1 match and nothing of the two cannot held as can not
    (pass 39p). A note counts those written as one under the same documents, and those
    written apart (`can not`) that its pattern lists too; `in to` is no `into`."""
    shouted = [
        *CONTRACTIONS,
        {"id": "c", "text": "YOU CANNOT PARK HERE. Log in to it. Go into it."},
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", shouted)
    with sensegrep.build(tmp_path / "spacy", corpus, vectors_for="none") as tagged:
        found = tagged.search("cannot")
        assert [h.form for h in found] == ["CANNOT"]
        assert [n for n in found.notes if "several tokens" in n] == [
            "2 more matches of 'cannot' are cut into several tokens (as the tagger cut the "
            "text) and not among these, which are its whole tokens: the pattern "
            '[word="can"%c] [word="not"%c] lists them (cql), with 1 more that writes them '
            "apart ('can not')"
        ]
        one = [n for n in tagged.search("cannot", doc="c").notes if "several tokens" in n]
        assert one == []
        assert not [n for n in tagged.search("into").notes if "several tokens" in n]


def test_a_word_spacys_rules_cut_is_found_typed_in_capitals(tmp_path: Path):
    """spaCy's rules, written in lower case, keep CANNOT whole: on an index holding
    cannot only as can not, `search cannot` found the text's 3 and `search CANNOT`
    said "no occurrences of 'CANNOT'" (pass 39q). It is searched as the lower-case
    word's tokens, in any case as every word search is."""
    corpus = write_jsonl(tmp_path / "c.jsonl", CONTRACTIONS)
    with sensegrep.build(tmp_path / "spacy", corpus, vectors_for="none") as tagged:
        for typed in ("CANNOT", "Cannot", "GONNA"):
            lower = tagged.search(typed.lower())
            found = tagged.search(typed)
            assert found.total == lower.total and found.total == (1 if typed == "GONNA" else 3)
            assert [h.match for h in found] == [h.match for h in lower]
        with pytest.raises(QueryError, match="no occurrences of 'CANOT'"):
            tagged.search("CANOT")
