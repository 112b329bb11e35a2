"""A pattern's metadata tests (`[FIELD="…"]`) read a value as `--where`, `within` and a
count by the field show it: true and false for booleans, compact JSON for lists and
objects, JSON null as no value. They read Python's text (True, ['a', 'b'], None)
before, so the value a count showed matched nothing, silently."""

from __future__ import annotations

import pytest

import sensegrep
from sensegrep.errors import QueryError

from ..helpers import write_jsonl

RECORDS = [
    {
        "id": "b1",
        "text": "The bank of the river was steep.",
        "reviewed": True,
        "tags": ["river", "nature"],
        "src": {"site": "a"},
        "note": None,
    },
    {
        "id": "b2",
        "text": "The bank raised its rates.",
        "reviewed": False,
        "tags": ["money"],
        "src": {"site": "b"},
        "note": "x",
    },
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> sensegrep.SenseIndex:
    folder = tmp_path_factory.mktemp("metadata_text")
    corpus = write_jsonl(folder / "meta.jsonl", RECORDS)
    built = sensegrep.build(folder / "idx", corpus, vectors_for="none", tagger="none")
    yield built
    built.close()


def docs(index: sensegrep.SenseIndex, cql: str) -> list[str]:
    return [hit.doc for hit in index.search("", cql=cql, k=10)]


@pytest.mark.parametrize("field", ["reviewed", "tags", "src"])
def test_each_counted_value_finds_its_documents(index: sensegrep.SenseIndex, field: str) -> None:
    """Every value `--count FIELD` shows, written in a pattern as that text (escaped as
    a regular expression), finds the lines the count counted, as `within` does."""
    counts = index.count("", field, cql='[lemma="bank"]')
    assert len(counts) == (3 if field == "tags" else 2)  # a list counts under each item
    for row in counts:
        value = str(row["value"])
        escaped = "".join("\\" + ch if ch in '[]{}".' else ch for ch in value)
        found = docs(index, f'[lemma="bank" & {field}="{escaped}"]')
        assert len(found) == row["count"] == 1
        if field == "reviewed":  # a list's JSON holds commas, which --where splits at
            assert found == docs(index, f'[lemma="bank"] within {field}="{value}"')


def test_booleans_read_as_true_and_false(index: sensegrep.SenseIndex) -> None:
    assert docs(index, '[lemma="bank" & reviewed="true"]') == ["b1"]
    assert docs(index, '[lemma="bank" & reviewed="false"]') == ["b2"]
    assert docs(index, '[lemma="bank" & reviewed!="true"]') == ["b2"]
    with pytest.raises(QueryError, match="nearest: 'true'; %c ignores case"):
        index.search("", cql='[lemma="bank" & reviewed="True"]')
    assert docs(index, '[lemma="bank" & reviewed="True"%c]') == ["b1"]


def test_null_is_no_value(index: sensegrep.SenseIndex) -> None:
    """A null note is no value, as a count's (none) and --where say: ".*" needs one."""
    assert docs(index, '[lemma="bank" & note=".*"]') == ["b2"]
    assert docs(index, '[lemma="bank" & note!="x"]') == ["b1"]


def test_a_list_value_is_each_of_its_items(index: sensegrep.SenseIndex) -> None:
    """A list's items are values, as `within` and `--where` read them (tags="river" was
    refused: only the list's JSON was a value); its JSON matches still; an item no list
    has is refused in one line (it gave 0 matches with exit 0 before that)."""
    assert docs(index, '[lemma="bank" & tags="river"]') == ["b1"]
    assert docs(index, '[lemma="bank" & tags="money"]') == ["b2"]
    assert docs(index, '[lemma="bank" & tags!="river"]') == ["b2"]
    assert docs(index, '[lemma="bank"] within tags="nature"') == ["b1"]
    assert docs(index, '[lemma="bank" & tags=".*\\"river\\".*"]') == ["b1"]
    with pytest.raises(QueryError, match=r"""tags="forest": 0 documents"""):
        index.search("", cql='[lemma="bank" & tags="forest"]')


def test_the_sentence_matcher_reads_the_same_text(index: sensegrep.SenseIndex) -> None:
    """The matcher of one sentence (an older index opened read-only) tests the same
    text as the token store's."""
    from sensegrep.document import Token
    from sensegrep.search import cql

    token = Token("bank", 0, 4, lemma="bank")
    for query, metadata in [
        ('[reviewed="true"]', {"reviewed": True}),
        ("[tags='\\[\"money\"\\]']", {"tags": ["money"]}),
        ('[note!="None"]', {"note": None}),
    ]:
        element = cql.parse(query).elements[0]
        assert element.matches(token, metadata), query


def test_the_hits_keep_the_metadata_as_given(index: sensegrep.SenseIndex) -> None:
    """The hits' meta is the JSON as given (the value text is only what tests read)."""
    hit = index.search("", cql='[lemma="bank" & reviewed="true"]', k=1)[0]
    assert hit.meta["reviewed"] is True and hit.meta["tags"] == ["river", "nature"]


@pytest.fixture(scope="module")
def ranged(tmp_path_factory: pytest.TempPathFactory) -> sensegrep.SenseIndex:
    folder = tmp_path_factory.mktemp("ranged")
    records = [
        {"id": "n1", "text": "The bank was open.", "genre": "news"},
        {"id": "n2", "text": "The bank was shut.", "genre": "news..old"},
        {"id": "n3", "text": "The bank was new.", "genre": "poetry"},
    ]
    corpus = write_jsonl(folder / "ranged.jsonl", records)
    built = sensegrep.build(folder / "idx", corpus, vectors_for="none", tagger="none")
    yield built
    built.close()


def test_a_value_that_also_reads_as_a_range_is_refused(ranged: sensegrep.SenseIndex) -> None:
    """genre="news..old", itself a genre, read as the range news..old took the genre
    news besides, silently (within and --where alike); each reading has its spelling."""
    for ask in (
        {"cql": '[lemma="bank"] within genre="news..old"'},
        {"cql": '[lemma="bank"]', "where": "genre=news..old"},
    ):
        with pytest.raises(QueryError) as refused:
            ranged.search("", **ask)
        message = str(refused.value)
        assert "'news..old' is a value of genre, but this reads as the range news..old" in message
        assert "\n" not in message
    plain = ranged.search("", cql='[lemma="bank"] within genre="news\\.\\.old"')
    assert [hit.doc for hit in plain] == ["n2"]
    spaced = ranged.search("", cql='[lemma="bank"] within genre="news .. old"')
    assert [hit.doc for hit in spaced] == ["n1", "n2"]
    assert [hit.doc for hit in ranged.search("bank", where="genre=news,poetry")] == ["n1", "n3"]


def test_a_range_in_a_token_test_points_to_within(ranged: sensegrep.SenseIndex) -> None:
    """[genre="news,poetry"] is a regular expression that no genre matches whole; the
    refusal says that within (or --where) reads alternatives and ranges."""
    with pytest.raises(QueryError) as refused:
        ranged.search("", cql='[lemma="bank" & genre="news,poetry"]')
    assert 'write within genre="news,poetry" for where\'s ranges and alternatives' in str(
        refused.value
    )
    within = ranged.search("", cql='[lemma="bank"] within genre="news,poetry"')
    assert [hit.doc for hit in within] == ["n1", "n3"]


def test_within_a_quoted_value_keeps_the_spaces_around_it(tmp_path) -> None:
    """`within genre=" news"` took the documents of news (the spaces left out, as --where
    leaves them), where `[genre=" news"]` took those of ' news': two readings of one
    quoted value."""
    docs = [
        {"id": "a", "text": "A bank.", "genre": "news"},
        {"id": "b", "text": "A bank.", "genre": " news"},
        {"id": "c", "text": "A bank.", "genre": "fiction"},
    ]
    path = write_jsonl(tmp_path / "w.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        within = index.search(cql='[lemma="bank"] within genre=" news"')
        token = index.search(cql='[lemma="bank" & genre=" news"]')
        assert [h.doc for h in within] == [h.doc for h in token] == ["b"]
        both = index.search(cql='[lemma="bank"] within genre="news, fiction"')
        assert [h.doc for h in both] == ["a", "c"]  # alternatives: spaces between left out


def test_a_token_test_of_a_number_written_otherwise_names_it_as_stored(tmp_path) -> None:
    """Pass 40b: a review rated 1.0 in the JSONL file (a JSON number, stored as 1):
    `[lemma="one" & rating="1.0"]` said only that 0 documents have a rating that matches
    it; it now names the number as stored, as --where's refusal does."""
    docs = [
        {"id": "a", "text": "One.", "rating": 1.0},
        {"id": "b", "text": "One.", "rating": 1.5},
    ]
    path = write_jsonl(tmp_path / "r.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        with pytest.raises(QueryError) as refused:
            index.search(cql='[lemma="one" & rating="1.0"]')
        assert str(refused.value) == (
            "rating=\"1.0\": 0 documents have a rating that matches it (nearest: '1', "
            "'1.5'; rating has the same number written otherwise ('1' for '1.0'): "
            'rating="1")'
        )
        assert [h.doc for h in index.search(cql='[lemma="one" & rating="1"]')] == ["a"]


def test_a_token_test_of_a_number_says_the_documents_writing_it_otherwise(tmp_path) -> None:
    """Pass 40h: reviews rated 1.0 in the JSONL file (stored as 1), "1.0" as a string and
    +2: `[lemma="one" & rating="1.0"]` took the string's document and left out the two
    stored as 1, unsaid, where --where and within say it; and the test a refusal
    offered for rating="2", rating="+2", was refused as a regular expression. The note
    names them and a test that takes them, which does; the offered test is escaped."""
    docs = [
        {"id": "a", "text": "One.", "rating": 1.0},
        {"id": "b", "text": "One.", "rating": 1},
        {"id": "c", "text": "One.", "rating": "1.0"},
        {"id": "d", "text": "One.", "rating": "+2"},
    ]
    path = write_jsonl(tmp_path / "r.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        found = index.search(cql='[lemma="one" & rating="1.0"]')
        assert [h.doc for h in found] == ["c"]
        assert found.notes == [
            "rating=\"1.0\" leaves out 2 documents whose rating is '1', the same number "
            'written otherwise (values are matched as written): rating="1.0|1" takes them too'
        ]
        taken = index.search(cql='[lemma="one" & rating="1.0|1"]')
        assert sorted(h.doc for h in taken) == ["a", "b", "c"]
        assert index.search(cql='[lemma="one" & rating="1"]').notes == [
            "rating=\"1\" leaves out 1 document whose rating is '1.0', the same number "
            'written otherwise (values are matched as written): rating="1|1\\.0" takes it too'
        ]
        with pytest.raises(QueryError) as refused:
            index.search(cql='[lemma="one" & rating="2"]')
        assert str(refused.value).endswith("""('+2' for '2'): rating="\\+2")""")
        assert [h.doc for h in index.search(cql='[lemma="one" & rating="\\+2"]')] == ["d"]


def test_a_token_test_of_a_number_counts_among_the_documents_the_filters_keep(tmp_path) -> None:
    """Pass 40k: `[lemma="one" & rating="1.0"]` beside `--where genre=letter` said it
    left out the documents rating 1 of the whole index (3, two of them news), of which
    the search could take one; it counts those --where, within and --doc keep, and says
    nothing when they keep none, as a --where note does (pass 40i)."""
    docs = [
        {"id": "a", "text": "One.", "rating": 1, "genre": "letter"},
        {"id": "b", "text": "One.", "rating": 1, "genre": "news"},
        {"id": "c", "text": "One.", "rating": 1, "genre": "news"},
        {"id": "d", "text": "One.", "rating": "1.0", "genre": "letter"},
        {"id": "e", "text": "One.", "rating": "1.0", "genre": "news"},
    ]
    path = write_jsonl(tmp_path / "r.jsonl", docs)
    said = (
        "rating=\"1.0\" leaves out {} document{} whose rating is '1', the same number "
        'written otherwise (values are matched as written): rating="1.0|1" takes {} too'
    )
    cql = '[lemma="one" & rating="1.0"]'
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        letters = index.search(cql=cql, where=["genre=letter"])
        assert [h.doc for h in letters] == ["d"]
        assert letters.notes == [said.format(1, "", "it")]
        taken = index.search(cql='[lemma="one" & rating="1.0|1"]', where=["genre=letter"])
        assert sorted(h.doc for h in taken) == ["a", "d"]
        within = index.search(cql=f'{cql} within genre="news"')
        assert within.notes == [said.format(2, "s", "them")]
        assert index.search(cql=cql, doc=["d", "e"]).notes == []
        assert index.search(cql=cql, doc=["a", "d"]).notes == [said.format(1, "", "it")]
        table = index.freq(cql=cql, where=["genre=letter"])
        assert said.format(1, "", "it") in table.notes


# The note of 'Letter' documents a `where genre=letter` leaves out: {count, "s" or "",
# "it" or "them"}.
_LEFT_OUT_LETTERS = (
    "where genre=letter leaves out {} document{} whose genre is 'Letter', the same in "
    "another case (values are matched as written): where genre=letter,Letter takes {} too"
)


def test_a_where_note_counts_among_the_documents_a_token_test_keeps(tmp_path) -> None:
    """Pass 40k: `--where genre=letter` beside `[lemma="one" & rating="2"]` said it left
    out the 'Letter' documents of every rating (3), of which the pattern could match in
    one; a note counts those its tests of metadata keep too, as it does those of
    within (pass 40i), and says nothing when they keep none."""
    docs = [
        {"id": "a", "text": "One.", "rating": 2, "genre": "letter"},
        {"id": "b", "text": "One.", "rating": 2, "genre": "Letter"},
        {"id": "c", "text": "One.", "rating": 3, "genre": "Letter"},
        {"id": "d", "text": "One.", "rating": 3, "genre": "Letter"},
        {"id": "e", "text": "One.", "rating": 4, "genre": "letter"},
    ]
    path = write_jsonl(tmp_path / "r.jsonl", docs)
    said = _LEFT_OUT_LETTERS
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        found = index.search(cql='[lemma="one" & rating="2"]', where=["genre=letter"])
        assert [h.doc for h in found] == ["a"]
        assert found.notes == [said.format(1, "", "it")]
        taken = index.search(cql='[lemma="one" & rating="2"]', where=["genre=letter,Letter"])
        assert sorted(h.doc for h in taken) == ["a", "b"]
        threes = index.search(cql='[lemma="one" & rating="3|4"]', where=["genre=letter"])
        assert threes.notes == [said.format(2, "s", "them")]
        fours = index.search(cql='[lemma="one" & rating="4"]', where=["genre=letter"])
        assert fours.notes == []
        table = index.freq(cql='[lemma="one" & rating="2"]', where=["genre=letter"])
        assert said.format(1, "", "it") in table.notes


def test_a_where_note_counts_among_the_documents_a_negated_or_list_test_keeps(tmp_path) -> None:
    """Pass 40n: beside `[lemma="one" & rating!="2"]` a --where note counted the
    'Letter' documents of every rating, those rating 2 that the pattern leaves out
    among them (3 where it could match in 1), and beside `[... & tags="x"]` it counted
    only the documents whose tags are "x" alone, not a list holding x, which the search
    takes (1 where 2): it counts those the test keeps, as the search reads it."""
    docs = [
        {"id": "a", "text": "One.", "rating": 2, "genre": "letter", "tags": ["x", "y"]},
        {"id": "b", "text": "One.", "rating": 2, "genre": "Letter", "tags": ["x", "y"]},
        {"id": "c", "text": "One.", "rating": 2, "genre": "Letter", "tags": "x"},
        {"id": "d", "text": "One.", "rating": 3, "genre": "Letter", "tags": "y"},
        {"id": "e", "text": "One.", "rating": 4, "genre": "letter"},
    ]
    path = write_jsonl(tmp_path / "r.jsonl", docs)
    said = _LEFT_OUT_LETTERS
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        cql = '[lemma="one" & rating!="2"]'
        taken = index.search(cql=cql, where=["genre=letter,Letter"])
        assert sorted(h.doc for h in taken) == ["d", "e"]
        assert index.search(cql=cql, where=["genre=letter"]).notes == [said.format(1, "", "it")]
        cql = '[lemma="one" & tags="x"]'
        taken = index.search(cql=cql, where=["genre=letter,Letter"])
        assert sorted(h.doc for h in taken) == ["a", "b", "c"]
        found = index.search(cql=cql, where=["genre=letter"])
        assert found.notes == [said.format(2, "s", "them")]
        cql = '[lemma="one" & tags!="x"]'  # (e has no tags: != takes it)
        assert index.search(cql=cql, where=["genre=letter"]).notes == [said.format(1, "", "it")]
        cql = '[lemma="one" & tags!="x|y"]'
        assert index.search(cql=cql, where=["genre=letter"]).notes == []
