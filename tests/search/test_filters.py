"""Filters that say why they match nothing, and the subcorpus a search is restricted to
(issue 23, items 2, 7 and 11): --where ranges and alternatives, meta:FIELD, --max-per-doc,
the checks of --pos, --doc and a CQL pattern's attributes. On helpers.SUBCORPUS ("bank"
at tokens 2, 7, 14 of document a; 18 of b; 23, 27 of c; 31, 36 of d) and helpers.DOCS
indexed without tags, both with the fake embedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError

from ..helpers import write_jsonl

A, B, C, D = [2, 7, 14], [18], [23, 27], [31, 36]
EXAMPLE = "the steep [[bank]] of the river"


@pytest.fixture(scope="module")
def idx(subcorpus_index: Path):
    with sensegrep.open(subcorpus_index) as opened:
        yield opened


@pytest.fixture(scope="module")
def untagged(untagged_index: Path):
    with sensegrep.open(untagged_index) as opened:
        yield opened


def ids(hits) -> list[int]:
    return [h.id for h in hits]


# -- item 2: a filter that matches nothing because of how it is written ------------------


def test_an_unknown_field_is_named_with_the_fields_the_index_has(idx):
    with pytest.raises(QueryError) as refused:
        idx.search("bank", where={"gnre": "news"})
    assert str(refused.value) == (
        "where gnre=news: no document has a metadata field 'gnre' "
        "(its fields: date, genre, pos, sense, title, year)"
    )


def test_a_field_in_the_wrong_case_is_pointed_at(idx):
    with pytest.raises(QueryError, match=r"field names are case-sensitive: genre$"):
        idx.search("bank", where={"Genre": "news"})


def test_every_unknown_field_in_the_wrong_case_is_pointed_at(subcorpus_index, tmp_path):
    """--count, freq --by and senses --by said only "no document has a field 'Genre'"
    where --where pointed at genre (pass 24i). A copy: senses --by stores a sense run."""
    with sensegrep.open(shutil.copytree(subcorpus_index, tmp_path / "idx")) as idx:
        for asked in (
            lambda: idx.count("bank", "Genre"),
            lambda: idx.freq(by="Genre"),
            lambda: idx.senses_by("bank", "Genre"),
        ):
            with pytest.raises(QueryError, match=r"field names are case-sensitive: genre$"):
                asked()


def test_a_value_no_document_has_lists_the_nearest_values(idx):
    with pytest.raises(QueryError) as refused:
        idx.search("bank", where={"genre": "NEWS"})
    assert str(refused.value) == (
        "where genre=NEWS: 0 documents have genre 'NEWS' (nearest: 'News', 'news')"
    )
    with pytest.raises(QueryError, match=r"genre 'fictoin' \(nearest: 'fiction'\)"):
        idx.search("bank", where={"genre": "fictoin"})
    with pytest.raises(QueryError, match=r"'poetry' \(its values: 'News', 'fiction', 'letters'"):
        idx.search("bank", where={"genre": "poetry"})


@pytest.mark.parametrize(
    "written", ["news;letters", "news | letters", "news or letters", "news OR letters"]
)
def test_alternatives_written_as_other_tools_write_them_say_how_to_write_them(idx, written):
    """A value no document has whose parts are values, separated as other tools (and the
    search page's Other filters box, by ;) separate alternatives: the message said only
    "(nearest: 'letters')" (pass 36c, polish); it says the comma."""
    with pytest.raises(QueryError) as refused:
        idx.search("bank", where=[f"genre={written}"])
    assert str(refused.value).endswith("; alternatives are separated by commas: genre=news,letters")
    assert ids(idx.search("bank", where=["genre=news,letters"])) == A + C


@pytest.mark.parametrize(
    "asked,named,regex,hint",
    [
        ({"cql": '"bank" within genre="n.*"'}, 'within genre="n.*"', "n.*", 'within genre="news"'),
        ({"where": ["genre=(news|letters)"]}, "where genre=(news|letters)", "(news|letters)",
         "genre=letters,news"),
    ],
)  # fmt: skip
def test_a_value_written_as_a_regular_expression_says_what_it_takes(idx, asked, named, regex, hint):
    """Pass 38i: `within genre="n.*"`, as a CQP user writes a token's [genre="n.*"], said
    only that no document has genre 'n.*', as if none began with n; it says the values
    such a regular expression takes, written as within (or --where) takes them."""
    with pytest.raises(QueryError) as refused:
        idx.search("" if "cql" in asked else "bank", **asked)
    said = str(refused.value)
    assert said.startswith(f"{named}: 0 documents have genre"), said
    assert said.endswith(
        "; a value is matched as written, not as a regular expression (as "
        f'[genre="{regex}"] on a token is): the '
        f"documents that one takes are {hint}"
    ), said
    with pytest.raises(QueryError) as plain:
        idx.search("bank", where=["genre=x.*"])
    assert "regular expression" not in str(plain.value)


def test_parts_that_are_no_values_get_no_alternatives_hint(idx):
    with pytest.raises(QueryError) as refused:
        idx.search("bank", where=["genre=news;poetry"])
    assert "alternatives" not in str(refused.value)


def test_every_alternative_must_match_some_document(idx):
    with pytest.raises(QueryError, match="0 documents have genre 'fictoin'"):
        idx.search("bank", where={"genre": "news,fictoin"})


def test_a_range_no_value_falls_in_says_where_the_values_run(idx):
    with pytest.raises(QueryError) as refused:
        idx.search("bank", where={"year": "1800..1850"})
    assert str(refused.value) == (
        "where year=1800..1850: 0 documents have year in 1800..1850 "
        "(its values run from 1900 to 2001)"
    )


def test_a_value_read_as_alternatives_says_how_to_write_it_plain(idx):
    with pytest.raises(
        QueryError,
        match=r"'Hello, world' is a value of title, but this reads as the alternatives 'Hello', "
        r"'world' .*: write title=Hello\\, world for it",
    ):
        idx.search("bank", where=["title=Hello, world"])
    assert ids(idx.search("bank", where=["title=Hello\\, world"])) == A
    assert ids(idx.search("bank", where={"title": ["Hello, world"]})) == A  # a list: plain


def test_where_syntax_mistakes_are_one_line_errors(idx):
    for text, message in [
        ("year=..", "needs a bound"),
        ("year=2000..1900", "the range 2000..1900 is empty"),
        ("genre=news,,fiction", "empty alternative"),
        ("year=1900...1949", "a range is LOW..HIGH with two dots"),  # was "is empty"
        ("year=1900....1949", "a range is LOW..HIGH with two dots"),
        ("year>=1950", r"expected key=value, .*: year=1950\.\.$"),  # was field 'year>'
        ("year<=1949", r"expected key=value, .*: year=\.\.1949$"),
    ]:
        with pytest.raises(QueryError, match=message):
            idx.search("bank", where=[text])


def test_pos_on_an_index_without_pos_says_so(untagged):
    with pytest.raises(QueryError, match=r"^pos needs POS tags and .* has none"):
        untagged.search("bank", pos=["NOUN"])


def test_a_pos_no_token_has_lists_the_tags_there_are(idx):
    with pytest.raises(QueryError, match=r"^pos='NN': no token of .* \(its tags: ADJ, .*NOUN"):
        idx.search("bank", pos=["NN"])
    assert ids(idx.search("bank", pos=["noun"])) == A + B + C + D  # case aside, as ever


def test_an_unknown_document_id_is_refused(idx):
    with pytest.raises(QueryError, match=r"^doc='z': no document of .* has that id"):
        idx.search("bank", doc=["a", "z"])


def test_an_unknown_document_id_names_the_ids_that_contain_it(idx):
    """A plain-text document's id is its file's path (letters/letter04.txt): an id typed
    without its extension, or in another case, was refused without a hint."""
    with pytest.raises(QueryError, match=r"^doc='A': .*; ids that contain it: 'a'\)$"):
        idx.search("bank", doc=["A"])
    with pytest.raises(QueryError, match=r"the doc column of search output\)$"):
        idx.search("bank", doc=["%"])  # a LIKE wildcard is a plain character


def test_several_ids_written_as_one_doc_say_to_give_each_its_own(idx):
    """Pass 39c: the search page's Document box takes ids separated by ';', which one
    doc (--doc, the API's doc=) read as one id, refused with no word of why."""
    together = r"; it is 2 ids of the index written together: one doc takes one id, so"
    with pytest.raises(QueryError, match=r"^doc='a; b': no document .*" + together):
        idx.search("bank", doc=["a; b"])
    with pytest.raises(QueryError, match=together):
        idx.search("bank", doc=["b,a"])
    with pytest.raises(QueryError, match=r"the doc column of search output\)$"):
        idx.search("bank", doc=["a;zz"])  # not ids of the index, each of them


def test_right_filters_that_leave_no_hit_give_an_empty_result(idx):
    # genre=letters and year=1900 each match a document, never the same one.
    where = {"genre": "letters", "year": "1900"}
    assert list(idx.search("bank", where=where)) == []
    assert list(idx.search("bank", example=EXAMPLE, where=where)) == []
    assert list(idx.search("", cql='[lemma="bank"]', where=where)) == []
    assert list(idx.search("", EXAMPLE, cql='[lemma="bank"]', where=where)) == []
    assert idx.total("bank", where=where) == 0
    assert idx.count("bank", "genre", where=where) == []
    with pytest.raises(QueryError, match="no occurrences of 'zebra'"):  # the word, not the filter
        idx.search("zebra", where=where)


# -- item 7: patterns on what the index does not have ------------------------------------


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ('[pos="NOUN"]', "a pattern on pos needs POS tags"),
        ('[tag="NN"]', "a pattern on tag needs fine-grained tags"),
        ('"bank" [deprel!="nsubj"]', "a pattern on deprel needs dependency relations"),
    ],
)
def test_a_pattern_on_absent_tags_is_refused(untagged, pattern, message):
    with pytest.raises(QueryError, match=message):
        untagged.search("", cql=pattern)
    with pytest.raises(QueryError, match=message):
        untagged.total("", cql=pattern)


def test_a_pattern_on_relations_of_an_unparsed_index_is_refused(idx):
    assert ids(idx.search("", cql='[tag="NN" & lemma="bank"]')) == A + B + C + D
    with pytest.raises(QueryError, match="--tagger spacy --parse"):
        idx.search("", cql='[deprel="nsubj"]')


def test_a_pattern_tag_no_token_has_lists_the_tags_there_are(idx):
    """As --pos NN: a tag is one of a closed set, so [pos="noun"] or [tag="NNZ"] is a
    slip (an empty result with exit 0 before), unless the match can do without it."""
    with pytest.raises(QueryError, match=r'^pos="noun": no token has a part of speech .*'
                       r"\(its values: ADJ, .*NOUN.*; %c ignores case\)$"):  # fmt: skip
        idx.search("", cql='"bank" [pos="noun"]')
    with pytest.raises(QueryError, match=r'^tag="NNZ": no token has a fine tag'):
        idx.total("", cql='[tag="NNZ" & lemma="bank"]')
    assert ids(idx.search("", cql='[pos="noun"%c & lemma="bank"]')) == A + B + C + D
    # A tag of the other set: a Penn tag given as pos, a universal one given as tag.
    with pytest.raises(QueryError, match=r'\[tag="NN"\] tests the fine tags, which have it\)$'):
        idx.search("", cql='[pos="NN"]')
    with pytest.raises(QueryError, match=r'\[pos="NOUN"\] tests the parts of speech, which'):
        idx.total("", cql='[tag="NOUN"]')
    assert ids(idx.search("", cql='[lemma="bank" & pos="N.*"]')) == A + B + C + D
    # Not needed by every match: under "or", negated, or optional.
    assert ids(idx.search("", cql='[pos="XX" | lemma="bank"]')) == A + B + C + D
    assert ids(idx.search("", cql='[lemma="bank" & pos!="XX"]')) == A + B + C + D
    assert ids(idx.search("", cql='[lemma="bank"] [pos="XX"]?')) == A + B + C + D


def test_case_flag_after_a_space_inside_brackets(idx):
    assert ids(idx.search("", cql='[word="BANK" %c]')) == A + B + C + D
    assert ids(idx.search("", cql='"BANK" %c')) == ids(idx.search("", cql='"BANK"%c'))


def test_the_nearest_values_of_one_spelt_in_another_case_come_commonest_first(
    tmp_path: Path,
):
    """`--where genre=NEWS` on 3 documents of news and 1 of News suggested 'News'
    first, in text order (pass 40d): the user took the rare spelling. The values equal
    but for case come commonest first, in --where and a pattern's test alike."""
    docs = [{"id": f"n{i}", "text": "The bank is open.", "genre": "news"} for i in range(3)]
    docs.append({"id": "c", "text": "The bank is shut.", "genre": "News"})
    with sensegrep.build(
        tmp_path / "idx", write_jsonl(tmp_path / "c.jsonl", docs), vectors_for="none"
    ) as built:
        with pytest.raises(QueryError, match=r"\(nearest: 'news', 'News'\)$"):
            built.search("bank", where={"genre": "NEWS"})
        with pytest.raises(QueryError, match=r"\(nearest: 'news', 'News'; %c ignores case\)$"):
            built.search("", cql='[lemma="bank" & genre="NEWS"]')


def test_a_pattern_on_an_unknown_field_or_a_value_no_document_has_is_refused(idx):
    with pytest.raises(
        QueryError, match=r"^gnre=\"news\": no document has a metadata field 'gnre'"
    ):
        idx.search("", cql='[lemma="bank" & gnre="news"]')
    with pytest.raises(QueryError) as refused:
        idx.search("", cql='[lemma="bank" & genre="NEWS"]')
    assert str(refused.value) == (
        'genre="NEWS": 0 documents have a genre that matches it '
        "(nearest: 'News', 'news'; %c ignores case)"
    )
    # Under "or", or negated, a value no document has is no mistake of the whole.
    assert ids(idx.search("", cql='[lemma="bank" & (genre="poetry" | year="1949")]')) == B
    assert ids(idx.search("", cql='[lemma="bank" & genre!="poetry"]')) == A + B + C + D
    assert ids(idx.search("", cql='[lemma="bank" & genre="News" %c]')) == A + D


# -- item 11: ranges, alternatives, meta:FIELD, --max-per-doc ----------------------------


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("year=1900..1949", A + B),  # numbers, both ends inclusive
        ("year=1950..", C + D),
        ("year=..1949", A + B),
        ("year=1949..1949", B),
        ("year=1900,1950", A + C),
        ("date=..1949", A + B),  # text: ..1949 takes 1949-12-31
        ("date=1949..1950", B + C),
        ("date=1950-01..", C + D),
        ("genre=news,fiction", A + B),  # exact values: "News" is another one
        ("genre=news, News", A + D),
        ("sense=x", A + C),  # --where names metadata fields only
        ("meta:sense=x", A + C),
        ("meta:pos=long", D),
    ],
)
def test_where_ranges_and_alternatives(idx, where, expected):
    assert ids(idx.search("bank", where=[where])) == expected
    assert idx.total("bank", where=[where]) == len(expected)
    assert ids(idx.search("", cql='[lemma="bank"]', where=[where])) == expected


def test_a_numeric_range_never_takes_a_value_without_a_number(tmp_path):
    """`year=1950..` took the documents dated "unknown", "n.d." or "c. 1952": compared as
    text, a value beginning with a letter comes after every number (pass 24i). A date or
    a number with more after it (1949-12-31, 1950s) still falls in as text."""
    years = [1950, "1955", "1950s", "c. 1952", "unknown", "1949-12-31", 1970]
    docs = [
        {"id": f"y{i}", "text": "The bank held.", "year": y, "genre": "x" if i % 2 else "z"}
        for i, y in enumerate(years)
    ]
    corpus = write_jsonl(tmp_path / "years.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:

        def docs_in(where: str) -> list[str]:
            return [h.doc for h in idx.search("bank", where=[where])]

        assert docs_in("year=1950..") == ["y0", "y1", "y2", "y6"]
        assert docs_in("year=..1949") == ["y5"]
        assert docs_in("year=1940..1960") == ["y0", "y1", "y2", "y5"]
        assert docs_in("year=a..z") == ["y3", "y4"]  # a range of texts compares as text
        assert idx.count("bank", "year", where=["year=1950.."]).total == 4
        # Left out without a word, "c. 1952" read as before 1985 by any reader: the search
        # and the count say which documents no range of numbers takes.
        note = (
            "where year=..1985 leaves out 2 documents whose year is no number "
            "('c. 1952', 'unknown'): no range of numbers takes them"
        )
        assert note in idx.search("bank", where=["year=..1985"]).notes
        assert note in idx.count("bank", "year", where=["year=..1985"]).notes
        assert not any("no number" in n for n in idx.search("bank", where=["year=a..z"]).notes)
        assert not any("no number" in n for n in idx.search("bank").notes)
        # And the statistics of such a subcorpus say it, as the search does.
        assert note in idx.freq(where=["year=..1985"]).notes
        assert note in idx.collocates("bank", where=["year=..1985"]).notes
        keywords = idx.keywords(where=["genre=x"], reference_where=["year=..1985"])
        # named as the reference's condition (it read as of the focus's where)
        assert f"reference_where: {note}" in keywords.notes
        assert not any("no number" in n for n in idx.freq(where=["year=a..z"]).notes)
        # A pattern's within clause is the same filter, and left them out unsaid.
        within = note.replace("where year=..1985", 'within year="..1985"')
        pattern = '[lemma="bank"] within year="..1985"'
        assert within in idx.search("", cql=pattern).notes
        assert within in idx.count("", "year", cql=pattern).notes
        assert within in idx.freq(cql=pattern).notes
        assert within in idx.collocates(cql=pattern, min_freq=1).notes
        # An export of such a subcorpus said nothing of them either.
        assert note in idx.annotation_items("bank", where=["year=..1985"]).notes


def test_a_list_of_numbers_is_no_value_without_a_number_to_the_note(tmp_path):
    """Pass 34a: `year=..1899` said it "leaves out 1 document whose year is no number
    ('["1920","1930"]'): no range of numbers takes them", though `year=1900..1949` takes
    that document by its items: the note read a list as one value. A list is named only
    when none of its items is a number."""
    docs = [
        {"id": "a", "text": "The bank held.", "year": 1890},
        {"id": "b", "text": "The bank held.", "year": ["1920", "1930"]},
        {"id": "c", "text": "The bank held.", "year": ["n.d.", "unknown"]},
    ]
    corpus = write_jsonl(tmp_path / "years.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        assert [h.doc for h in idx.search("bank", where=["year=1900..1949"])] == ["b"]
        found = idx.search("bank", where=["year=..1899"])
        assert [h.doc for h in found] == ["a"]
        (note,) = [n for n in found.notes if "no number" in n]
        assert "1 document whose year is no number" in note and "n.d." in note, note
        assert "1920" not in note, note


def test_a_list_of_dates_is_no_value_compared_as_text_to_the_note(tmp_path):
    """Pass 34a: `date=2002-05..2002-05` said it "takes 1 document whose date is no date
    written YYYY-MM or YYYY-MM-DD ('["2002-05-20","2003-01-01"]'): a range of dates
    compares it as text", though the range compares its items, dates, as dates."""
    docs = [
        {"id": "a", "text": "The bank held.", "date": "2002-05-14"},
        {"id": "b", "text": "The bank held.", "date": ["2002-05-20", "2003-01-01"]},
        {"id": "c", "text": "The bank held.", "date": "May 2002"},
    ]
    corpus = write_jsonl(tmp_path / "dates.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        found = idx.search("bank", where=["date=2002-05..2002-05"])
        assert [h.doc for h in found] == ["a", "b"]
        said = [n for n in found.notes if "no date" in n]
        assert len(said) == 1 and "leaves out 1 document" in said[0], said
        assert "May 2002" in said[0] and "2002-05-20" not in said[0], said


def test_a_list_taken_by_one_of_its_dates_is_not_said_taken_as_text(tmp_path):
    """Pass 34k: `date=2020-02..` said it "takes 1 document whose date is no date written
    YYYY-MM or YYYY-MM-DD ('["2020","2020-02-02"]'): a range of dates compares it as
    text", though its item 2020-02-02, a date, puts it in the range as a date: a list
    with one odd item was named for the whole. Named taken only when no date of it is
    in the range; one the range leaves out is still named."""
    docs = [
        {"id": "a", "text": "The bank held.", "date": ["2020", "2020-02-02"]},
        {"id": "b", "text": "The bank held.", "date": "May 2020"},
        {"id": "c", "text": "The bank held.", "date": ["2020", "2019-01-01"]},
    ]
    corpus = write_jsonl(tmp_path / "dates.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        found = idx.search("bank", where=["date=2020-02.."])
        assert [h.doc for h in found] == ["a", "b"]
        (taken,) = [n for n in found.notes if " takes " in n]
        assert "takes 1 document" in taken and "May 2020" in taken, taken
        assert "2020-02-02" not in taken, taken
        (left,) = [n for n in found.notes if "leaves out" in n]
        assert "leaves out 1 document" in left and "2019-01-01" in left, left


def test_a_number_with_a_space_before_it_is_a_number_to_the_note_as_to_the_range(tmp_path):
    """Pass 27a: `year=1990..1991` took the document dated " 1991" (a number, as the
    range reads it), and `year=1992..1999` said it "leaves out 1 document whose year is
    no number (' 1991')": the note read numbers otherwise than the filter."""
    docs = [
        {"id": "a", "text": "The bank held.", "year": 1990},
        {"id": "b", "text": "The bank held.", "year": " 1991"},
        {"id": "c", "text": "The bank held.", "year": "n.d."},
        {"id": "d", "text": "The bank held.", "year": 1995},
    ]
    corpus = write_jsonl(tmp_path / "years.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        assert [h.doc for h in idx.search("bank", where=["year=1990..1991"])] == ["a", "b"]
        notes = idx.search("bank", where=["year=1992..1999"]).notes
        assert [n for n in notes if "no number" in n] == [
            "where year=1992..1999 leaves out 1 document whose year is no number ('n.d.'): "
            "no range of numbers takes it"
        ]


def test_several_where_conditions_must_all_hold(idx):
    assert ids(idx.search("bank", where=["year=1900..1950", "genre=letters,fiction"])) == B + C


def test_documents_named_that_the_where_conditions_leave_out_are_said(idx):
    """--doc a --doc b --where year=1900..1920 searched a alone, unsaid: b (1949) was
    named and left out (stop 48's left misleads; the note is pass 38a's)."""
    hits = idx.search("bank", doc=["a", "b"], where="year=1900..1920")
    assert ids(hits) == A
    said = "leaves out doc='b': every filter must hold, so it is not in the subcorpus searched"
    assert [note for note in hits.notes if "leaves out doc=" in note] == [
        f"where year=1900..1920 {said}"
    ]
    counts = idx.count("bank", by="doc", doc=["a", "b", "c"], where="genre=news")
    assert [r["value"] for r in counts] == ["a"]
    assert "where genre=news leaves out doc='b', doc='c': every filter must hold" in " ".join(
        counts.notes
    )
    table = idx.freq(doc=["a", "b"], where="year=1900..1920", k=1)
    assert sum(1 for note in table.notes if "leaves out doc='b'" in note) == 1
    pattern = idx.search(cql='[lemma="bank"] within year="1940..1960"', doc=["a", "b"])
    assert ids(pattern) == B
    assert any(
        note.startswith("within year=\"1940..1960\" leaves out doc='a'") for note in pattern.notes
    )


def test_documents_named_that_every_condition_keeps_get_no_note(idx):
    for hits in (
        idx.search("bank", doc=["a", "b"], where="year=1900..1950"),
        idx.search("bank", doc=["a", "b"]),
        idx.search("bank", where="year=1900..1920"),
    ):
        assert not any("leaves out doc=" in note for note in hits.notes)


def test_meta_prefix_reaches_fields_named_like_built_in_keys(idx, subcorpus_index, tmp_path):
    counts = {row["value"]: row["count"] for row in idx.count("bank", "meta:sense")}
    assert counts == {"x": 5, "y": 1, "(none)": 2}
    assert ids(idx.search("", cql='[lemma="bank" & meta:pos="long"]')) == D
    assert ids(idx.search("", cql='[lemma="bank" & pos="NOUN"]')) == A + B + C + D  # the tag
    with sensegrep.open(shutil.copytree(subcorpus_index, tmp_path / "idx")) as copy:
        table = copy.senses_by("bank", "meta:sense", n=2)  # senses are stored: a copy
    assert table.values == ["x", "y", "(none)"] and [sum(row) for row in table.counts] == [5, 1, 2]


def test_count_by_a_field_no_document_has_names_the_fields(idx):
    with pytest.raises(QueryError, match=r"no document has a field 'gnre' \(fields: date, genre"):
        idx.count("bank", "gnre")


def test_max_per_doc_keeps_the_first_lines_of_each_document_in_corpus_order(idx):
    assert ids(idx.search("bank", max_per_doc=1)) == [2, 18, 23, 31]
    assert ids(idx.search("bank", max_per_doc=2)) == [2, 7, 18, 23, 27, 31, 36]
    assert ids(idx.search("bank", max_per_doc=2, k=3)) == [2, 7, 18]
    assert ids(idx.search("", cql='[lemma="bank"]', max_per_doc=1)) == [2, 18, 23, 31]
    # The cap chooses the lines, not the matches (issue 23): all 8 "bank" stay the total.
    assert idx.total("bank", max_per_doc=2) == 8
    assert idx.search("bank", max_per_doc=2).lines_available == 7
    assert idx.total("", cql='[lemma="bank"]', max_per_doc=1) == 8
    assert idx.search("", cql='[lemma="bank"]', max_per_doc=1, k=1).lines_available == 4
    assert ids(idx.search("bank", max_per_doc=1, where=["year=..1949"])) == [2, 18]


def test_max_per_doc_keeps_the_best_lines_of_each_document_when_ranked(idx):
    ranked = idx.search("bank", example=EXAMPLE)
    best: dict[str, list[int]] = {}
    for hit in ranked:  # the ranking, the first of each document kept
        best.setdefault(hit.doc, []).append(hit.id)
    first_each = [h.id for h in ranked if best[h.doc][0] == h.id]
    capped = idx.search("bank", example=EXAMPLE, max_per_doc=1)
    assert ids(capped) == first_each and len(capped) == 4
    assert [h.score for h in capped] == [h.score for h in ranked if h.id in first_each]
    assert ids(idx.search("bank", example=EXAMPLE, max_per_doc=1, k=2)) == first_each[:2]
    assert ids(idx.search("", EXAMPLE, cql='[lemma="bank"]', max_per_doc=1)) == first_each


def test_max_per_doc_chooses_the_same_lines_whatever_the_sort(idx):
    """A sort orders the lines a cap chose in corpus order, never chooses them: sorted
    by right1, a's first "bank" (right1 "was") stays, not its last ("held") (issue 23:
    the lines a sort showed changed with the sort)."""
    first_each = [A[0], B[0], C[0], D[0]]
    for sort in ("right1", "left1", "right1,left1", "node", "doc"):
        sorted_lines = idx.search("bank", max_per_doc=1, sort=sort)
        assert sorted(ids(sorted_lines)) == first_each, sort
        assert sorted_lines.lines_available == 4
    # Sorted by right1 ("closed" < "here" < "paid" < "was"), then paged: every line once.
    pages = [ids(idx.search("bank", max_per_doc=1, sort="right1", k=3, offset=o)) for o in (0, 3)]
    assert pages == [[C[0], D[0], B[0]], [A[0]]]
    counted = idx.count("bank", "right1", max_per_doc=1, sort="right1")
    assert {row["value"]: row["count"] for row in counted} == {
        "was": 1, "paid": 1, "closed": 1, "here": 1
    }  # fmt: skip


def test_max_per_doc_is_checked_as_a_search_parameter(idx):
    with pytest.raises(QueryError, match="max_per_doc must be a whole number >= 1"):
        idx.search("bank", max_per_doc=0)


# -- info ---------------------------------------------------------------------------------


def test_info_describes_the_metadata_fields(idx):
    fields = idx.info()["metadata"]
    assert list(fields) == ["date", "genre", "pos", "sense", "title", "year"]
    assert fields["year"] == {
        "type": "number",
        "documents": 4,
        "distinct": 4,
        "min": "1900",
        "max": "2001",
        "values": ["1900", "1949", "1950", "2001"],
    }
    assert fields["date"]["type"] == "date" and fields["date"]["max"] == "2001"
    assert fields["genre"]["type"] == "text" and fields["genre"]["documents"] == 4
    assert fields["sense"] == {
        "type": "text",
        "documents": 3,
        "distinct": 2,
        "values": ["x", "y"],  # commonest first
    }


def test_a_structured_value_is_counted_as_where_takes_it(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "m.jsonl", [
        {"id": "a", "text": "The bank was open.", "meta": {"a": 1}, "tags": [1, 2], "ok": True},
        {"id": "b", "text": "A bank of fog.", "meta": {"a": 2}, "tags": [3], "ok": False},
    ])  # fmt: skip
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        shown = {row["value"] for row in idx.count("bank", "meta")}
        assert shown == {'{"a":1}', '{"a":2}'}
        assert {row["value"] for row in idx.count("bank", "ok")} == {"true", "false"}
        for value in shown:  # what a count shows, --where takes
            assert idx.search("bank", where={"meta": value}).total == 1
        assert idx.search("bank", where={"ok": "true"}).total == 1


# -- a pattern's within clause is named as the pattern writes it (issue 23) -----------------


@pytest.mark.parametrize(
    ("cql", "message"),
    [
        ('"bank" within gnre="news"', 'within gnre="news": no document has a metadata field '
         "'gnre' (its fields: date, genre, pos, sense, title, year)"),
        ('"bank" within genre="NEWS"', "within genre=\"NEWS\": 0 documents have genre 'NEWS' "
         "(nearest: 'News', 'news')"),
        ('"bank" within year="1950..1900"', 'within year="1950..1900": the range 1950..1900 '
         "is empty: its low bound comes first"),
        ('"bank" within year="1900..x"', "within year=\"1900..x\": year's values are numbers "
         "and 'x' is not one"),
        # A bound that is no number was once said to make the range "empty".
        ('"bank" within year="x..2000"', "within year=\"x..2000\": the range x..2000: 'x' is "
         "not a number, and 2000 is: write both bounds as numbers (1900..1949), or leave one "
         "side open (..2000)"),
    ],
)  # fmt: skip
def test_a_within_clause_written_wrong_names_the_clause(idx, cql, message):
    with pytest.raises(QueryError) as refused:
        idx.search(cql=cql)
    assert str(refused.value).startswith(message)
    # The statistics of a pattern name it as search does (they once said "where").
    for statistic in (idx.freq, idx.collocates):
        with pytest.raises(QueryError) as refused:
            statistic(cql=cql)
        assert str(refused.value).startswith(message), statistic
    # The same condition as --where still names --where (the library's where=).
    key, _, quoted = cql.partition(" within ")[2].partition("=")
    value = quoted.strip('"')
    with pytest.raises(QueryError) as refused:
        idx.search("bank", where={key: value})
    assert str(refused.value).startswith(f"where {key}={value}: ")


def test_pos_alternatives_are_told_to_repeat_the_option(idx):
    with pytest.raises(QueryError, match=r"part of speech \(its tags: .*\); several tags: repeat"):
        idx.search("bank", pos=["NOUN,VERB"])
    assert idx.search("bank", pos=["NOUN", "VERB"]).total == idx.search("bank").total


def test_a_fine_grained_tag_given_to_pos_names_the_pattern_that_reads_it(tmp_path: Path):
    """A VRT's Penn tags are the tokens' fine tags (XPOS), their UPOS mapped from them:
    `--pos VBZ` matches nothing, and the refusal says which attribute holds VBZ."""
    vrt = (
        '<text id="v1">\n<s>\nThe\tDT\tthe\nbank\tNN\tbank\nfailed\tVBD\tfail\n</s>\n</text>\n'
        '<text id="v2">\n<s>\nShe\tPP\tshe\nbanks\tVBZ\tbank\non\tIN\ton\n</s>\n</text>\n'
    )
    (tmp_path / "c.vrt").write_text(vrt, encoding="utf-8")
    with sensegrep.build(tmp_path / "idx", tmp_path / "c.vrt", model="fake:16") as idx:
        with pytest.raises(QueryError) as refused:
            idx.search("bank", pos=["vbz"])
        assert "VBZ is a fine-grained tag (XPOS)" in str(refused.value)
        assert '[tag="VBZ"] in a cql pattern matches it' in str(refused.value)
        assert [h.doc for h in idx.search(cql='[lemma="bank" & tag="VBZ"]')] == ["v2"]
        with pytest.raises(QueryError) as refused:  # a tag no token has: no hint
            idx.search("bank", pos=["XYZ"])
        assert "fine-grained" not in str(refused.value)


def test_pos_says_how_many_matches_have_no_tag_in_an_index_of_mixed_sources(tmp_path: Path):
    """A CoNLL-U file with tagged and untagged sentences: --pos NOUN cannot match the
    untagged "bank"s, and the result says how many it left out for that (2 here: one
    in each of two sentences), with and without a match, as a search and as a count."""
    from ..helpers import conllu, text_only_index

    text = conllu(
        (["sent_id = 1"], "The/the/DET bank/bank/NOUN failed/fail/VERB"),
        (["sent_id = 2"], "A/_/_ river/_/_ bank/_/_ flooded/_/_"),
        (["sent_id = 3"], "One/_/_ bank/_/_ closed/_/_"),
    )
    with sensegrep.open(text_only_index(tmp_path, text)) as idx:
        hits = idx.search("bank", pos=["NOUN"])
        assert hits.total == 1
        assert "pos leaves out 2 matches with no POS tag at all" in " ".join(hits.notes)
        counted = idx.count("bank", "form", pos=["NOUN"])
        assert "pos leaves out 2 matches" in " ".join(counted.notes)
        empty = idx.search("river", pos=["NOUN"])
        assert empty.total == 0
        assert "pos leaves out 1 match with no POS tag" in " ".join(empty.notes)
        assert empty.why_empty == "0 matches for 'river' with pos='NOUN'; 1 without them"
        assert not any("no POS tag" in n for n in idx.search("failed", pos=["VERB"]).notes)
        assert not any("no POS tag" in n for n in idx.search("bank").notes)


def test_a_pattern_on_relations_says_how_many_tokens_have_none(tmp_path: Path):
    """Pass 28e: text added without --parse to parsed text has no relations, so
    `[deprel="nsubj"]` (search, count, freq --cql) counted the parsed text's alone and
    said nothing; it now says how many tokens it cannot match (4 here), as --pos does.
    An index whose every token has one says nothing."""
    from ..helpers import text_only_index

    parsed = "\t".join
    text = (
        "# sent_id = 1\n"
        + parsed(["1", "The", "the", "DET", "_", "_", "2", "det", "_", "_"]) + "\n"
        + parsed(["2", "bank", "bank", "NOUN", "_", "_", "3", "nsubj", "_", "_"]) + "\n"
        + parsed(["3", "failed", "fail", "VERB", "_", "_", "0", "root", "_", "_"]) + "\n\n"
        "# sent_id = 2\n"
        + parsed(["1", "A", "a", "_", "_", "_", "_", "_", "_", "_"]) + "\n"
        + parsed(["2", "bank", "bank", "_", "_", "_", "_", "_", "_", "_"]) + "\n"
        + parsed(["3", "closed", "close", "_", "_", "_", "_", "_", "_", "_"]) + "\n"
        + parsed(["4", "today", "today", "_", "_", "_", "_", "_", "_", "_"]) + "\n"
    )  # fmt: skip
    with sensegrep.open(text_only_index(tmp_path, text)) as idx:
        said = "matches only tokens with a dependency relation: 4 of the index's tokens have none"
        hits = idx.search(cql='[deprel="nsubj"]')
        assert hits.total == 1 and any(said in note for note in hits.notes)
        counted = idx.count("", "form", cql='[deprel="nsubj"]')
        assert any(said in note for note in counted.notes)
        assert any(said in note for note in idx.freq(cql='[deprel="nsubj"]').notes)
        pos = idx.search(cql='[pos="NOUN"]').notes
        assert any("with a part of speech: 4 of the index's tokens have none" in n for n in pos)
        assert not any("matches only tokens" in n for n in idx.search(cql='"bank"').notes)
        negated = idx.search(cql='[deprel!="nsubj"]').notes
        assert not any("matches only tokens" in n for n in negated)
    whole = text.split("\n\n")[0] + "\n"
    with sensegrep.open(text_only_index(tmp_path / "whole", whole)) as idx:
        assert not any("matches only tokens" in n for n in idx.search(cql='[deprel="nsubj"]').notes)


def test_doc_naming_a_metadata_value_says_which_field_holds_it(tmp_path):
    """Pass 27a: a JSONL record keyed "ID" (not "id") gets the id FILE:LINE and keeps ID
    as metadata; `--doc x1` then said only "no document has that id". It names the
    field holding x1 and the --where that takes it."""
    records = [{"ID": "x1", "text": "The bank held.", "author": "Smith"}]
    corpus = write_jsonl(tmp_path / "k.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        with pytest.raises(
            QueryError,
            match=r"metadata field 'ID' \(of document '.*k.jsonl:1', "
            r"a JSONL record's id being its key \"id\"\): where=ID=x1 takes it",
        ):
            idx.search("bank", doc=["x1"])
        with pytest.raises(QueryError, match=r"field 'author' \(of document '.*k.jsonl:1'\): "):
            idx.search("bank", doc=["Smith"])


def test_where_says_what_documents_write_the_value_in_another_case(tmp_path):
    """Pass 28c: JSONL with genre "news" beside a source that wrote "News": `--where
    genre=news` left the "News" document out unsaid (values are matched as written), in
    a search, a statistic and a pattern's within alike. A note names the value, how many
    documents have it, and the --where that takes both."""
    records = [
        {"id": "a", "text": "The bank held.", "genre": "news"},
        {"id": "b", "text": "The bank fell.", "genre": "News"},
        {"id": "c", "text": "The bank rose.", "genre": "fiction"},
    ]
    corpus = write_jsonl(tmp_path / "g.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        hits = idx.search("bank", where=["genre=news"])
        assert hits.total == 1
        note = (
            "where genre=news leaves out 1 document whose genre is 'News', the same in "
            "another case (values are matched as written): where genre=news,News takes it too"
        )
        assert note in hits.notes
        assert idx.search("bank", where=["genre=news,News"]).total == 2
        assert not any(
            "another case" in n for n in idx.search("bank", where=["genre=news,News"]).notes
        )
        assert note in idx.freq(where=["genre=news"]).notes
        within = idx.search(cql='[lemma="bank"] within genre="news"')
        assert any(
            "within genre=\"news\" leaves out 1 document whose genre is 'News'" in n
            for n in within.notes
        )
        assert not any(
            "another case" in n for n in idx.search("bank", where=["genre=fiction"]).notes
        )


def test_a_pattern_refusing_a_tag_written_in_another_case_is_refused(idx):
    """[pos!="noun"] refused no token (tags are upper case, %c not given), so it took
    every noun it was written to leave out, unsaid (pass 37h); [pos="noun"] was an
    error already. A tag no token has in any case ([pos!="XX"]) still refuses none."""
    with pytest.raises(QueryError, match=r'^pos!="noun": no token has a part of speech '
                       r"that matches it, so it refuses none \(its values: ADJ, .*NOUN.*; "
                       r"%c ignores case\)$"):  # fmt: skip
        idx.search("", cql='[lemma="bank" & pos!="noun"]')
    assert not ids(idx.search("", cql='[lemma="bank" & pos!="noun"%c]'))
    assert ids(idx.search("", cql='[lemma="bank" & pos!="XX"]')) == A + B + C + D


def test_a_document_path_typed_whole_names_the_id_it_ends_with(tmp_path, monkeypatch):
    """A plain-text document's id is its file's path as `index` was given it
    (corpus/court_diary.txt): the same file's whole path typed for --doc
    (/home/me/corpus/court_diary.txt) was refused with no hint (pass 39a)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "court_diary.txt").write_text("The court sat late.\n")
    idx = sensegrep.build(tmp_path / "idx", ["corpus/court_diary.txt"], vectors_for="none")
    whole = str(tmp_path / "corpus" / "court_diary.txt")
    with pytest.raises(QueryError, match=r"; ids it ends with: 'corpus/court_diary.txt'\)$"):
        idx.search("court", doc=[whole])
    assert [h.doc for h in idx.search("court", doc=["corpus/court_diary.txt"])] == [
        "corpus/court_diary.txt"
    ]
    idx.close()


def test_a_comparison_refused_before_the_index_is_read_is_hinted_truly(idx):
    """Pass 40b: `--where rating>3` was hinted as rating=4.., which leaves out 3.5 on a
    field of fractions; refused before any value is read, the hint says which range is
    which (the whole-number one, and the one that takes the bound too)."""
    for text, message in [
        ("rating>3", r"rating=4\.\. if its values are whole numbers, else rating=3\.\., "
                     r"which takes 3 too$"),
        ("rating<3", r"rating=\.\.2 if its values are whole numbers, else rating=\.\.3, "
                     r"which takes 3 too$"),
    ]:  # fmt: skip
        with pytest.raises(QueryError, match=message):
            idx.search("bank", where=[text])
