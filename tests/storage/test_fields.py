"""Document metadata by value (storage/fields.py; issue 23): what a --where value asks for
(alternatives, ranges, escapes), the documents it takes on both database backends and
from the documents table of an index whose fields table does not cover them, the
one-line reasons a condition matches nothing, and the description `info` gives."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

import sensegrep
from sensegrep.errors import QueryError
from sensegrep.storage import Index
from sensegrep.storage.fields import Alternative, field_name, nearest_values, wanted
from sensegrep.storage.manifest import read_manifest

from ..helpers import SUBCORPUS, write_jsonl


def test_a_value_is_read_as_alternatives_and_ranges():
    assert wanted("news").alternatives == (Alternative("news"),)
    assert wanted("news, fiction").alternatives == (Alternative("news"), Alternative("fiction"))
    assert wanted("1900..1949").alternatives == (Alternative("1900..1949", "1900", "1949", True),)
    assert wanted("1900..").alternatives == (Alternative("1900..", "1900", None, True),)
    assert wanted(" ..1949").alternatives == (Alternative("..1949", None, "1949", True),)
    assert [a.text for a in wanted("a,1..2,..x").alternatives] == ["a", "1..2", "..x"]
    assert wanted("").alternatives == (Alternative(""),)  # key= : the empty value
    # A backslash makes a comma, a dot or itself plain; any other backslash is itself.
    assert wanted("Hello\\, world").alternatives == (Alternative("Hello, world"),)
    assert wanted("a\\.\\.b").alternatives == (Alternative("a..b"),)
    assert wanted("C:\\dir\\\\x").alternatives == (Alternative("C:\\dir\\x"),)
    assert wanted("1.5..2.5").alternatives == (Alternative("1.5..2.5", "1.5", "2.5", True),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("..", "needs a bound"),
        (" .. ", "needs a bound"),
        ("a,,b", "empty alternative"),
        ("a,", "empty alternative"),
        ("10..9", "the range 10..9 is empty"),
        ("b..a", "the range b..a is empty"),
        # as decades in order, as text the other way round: it said "empty"
        ("950s..1100s", "compared as text, a digit at a time, which orders"),
        ("1100s..950s", "otherwise than their numbers"),
    ],
)
def test_a_value_written_wrong_is_refused(text, message):
    with pytest.raises(QueryError, match=message):
        wanted(text)


@pytest.mark.parametrize(
    ("range_text", "taken", "left"),
    [
        ("1900..1949", ["1900", "1920", "1949", "1949.0", "1.9e3"], ["1899", "1950", "19000"]),
        ("9..10", ["9", "9.5", "10"], ["11", "100", "8"]),  # as numbers, not text ("100")
        ("..1949", ["-5", "1949"], ["1950"]),
        ("1900..", ["1900", "2024"], ["1899.9"]),
        # A date against year bounds is compared as text; the upper bound takes every
        # value it begins.
        ("1900..1949", ["1900-01-01", "1949-12-31T23:59"], ["1899-12-31", "1950-01-01"]),
        ("1949-06..1950", ["1949-06", "1949-06-01", "1950-12-31"], ["1949-05-31", "1951"]),
        ("b..d", ["b", "c", "czz", "d", "dog"], ["a", "e"]),
    ],
)
def test_ranges_compare_numbers_as_numbers_and_the_rest_as_text(range_text, taken, left):
    asked = wanted(range_text)
    assert [v for v in taken + left if asked.accepts(v)] == taken


@pytest.mark.parametrize(
    ("range_text", "taken", "left"),
    [
        # As text, "950s" came after 1500 and "1100s" before 999 (a digit at a time).
        ("..1499", ["950s", "1100s", "1499-12-31"], ["1500s", "c. 1300"]),
        ("1500..", ["1500s", "1999/2000"], ["950s", "1100s", "n.d."]),
        # "500 BC": words after the number count it back, so no number (pass 37h)
        ("..999", ["950s", "-5/-4"], ["1100s", "1999/2000", "500 BC", "-5 BC"]),
        ("1000..1199", ["1100s", "1000-01-01"], ["950s", "999-12-31", "1200s"]),
    ],
)
def test_a_range_of_numbers_places_a_value_by_the_number_it_begins_with(range_text, taken, left):
    asked = wanted(range_text)
    assert [v for v in taken + left if asked.accepts(v)] == taken


def test_meta_prefix_and_nearest_values():
    assert field_name("meta:sense") == "sense" and field_name("sense") == "sense"
    assert field_name("meta:meta:x") == "meta:x"
    values = ["News", "fiction", "letters", "news"]
    assert nearest_values("NEWS", values) == ["News", "news"]
    assert nearest_values("fictoin", values) == ["fiction"]
    assert nearest_values("zzz", values) == []
    # a value matched as written is named so, before another of its case (pass 39g:
    # `fielld` beside field and Field was said near Field)
    assert nearest_values("fielld", ["field", "Field"], n=1) == ["field"]
    assert nearest_values("FIELLD", ["field", "Field"], n=1) == ["field"]


def test_two_letters_the_wrong_way_round_come_first():
    """`search bnak` suggested 'bask' before 'bank' (difflib ranks them alike)."""
    assert nearest_values("bnak", ["bask", "bank", "bark"])[0] == "bank"
    assert nearest_values("Bnak", ["bask", "Bank"])[0] == "Bank"


A, B, C, D = [2, 7, 14], [18], [23, 27], [31, 36]


def test_ranges_and_reasons_on_both_backends(tmp_path: Path, backend: str):
    corpus = write_jsonl(tmp_path / "s.jsonl", SUBCORPUS)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        _ranges_and_reasons(idx)
        fields = idx.info()["metadata"]
        assert {name: f["type"] for name, f in fields.items()} == {
            "date": "date",
            "genre": "text",
            "pos": "text",
            "sense": "text",
            "title": "text",
            "year": "number",
        }
        assert fields["year"]["min"] == "1900" and fields["sense"]["documents"] == 3


def test_an_index_whose_fields_table_lags_reads_the_documents(tmp_path: Path):
    """An older index opened read-only: its fields are read from the documents' JSON, with
    the same answers."""
    corpus = write_jsonl(tmp_path / "s.jsonl", SUBCORPUS)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none").close()
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:
        db.execute("DELETE FROM document_fields WHERE doc_id > 1")
    with sensegrep.open(tmp_path / "idx") as idx:
        _ranges_and_reasons(idx)
        assert idx.info()["metadata"]["year"]["values"] == ["1900", "1949", "1950", "2001"]
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:  # still lagging
        assert db.execute("SELECT max(doc_id) FROM document_fields").fetchone() == (1,)


def _ranges_and_reasons(idx: sensegrep.SenseIndex) -> None:
    search = lambda *where: [h.id for h in idx.search("bank", where=list(where))]  # noqa: E731
    assert search("year=1900..1949") == A + B
    assert search("date=1949..1950") == B + C
    assert search("genre=news,News") == A + D
    assert search("meta:sense=x", "year=1950..") == C
    with pytest.raises(QueryError, match="0 documents have genre 'NEWS' \\(nearest: 'News'"):
        search("genre=NEWS")
    with pytest.raises(QueryError, match="its values run from 1900 to 2001"):
        search("year=2002..")
    with pytest.raises(QueryError, match="no document has a metadata field 'gnre'"):
        search("gnre=x")


def test_numbers_are_near_by_distance_and_a_range_bound_must_be_one(subcorpus_index: Path):
    # 1900 is near 1880 and 1949, not near 1990 as spelt.
    assert nearest_values("1900", ["1990", "1949", "1880", "2020"]) == ["1880", "1949", "1990"]
    with sensegrep.open(subcorpus_index) as idx:
        with pytest.raises(QueryError, match="year's values are numbers and 'x' is not one"):
            idx.search("bank", where={"year": "1900..x"})
        assert idx.search("bank", where={"year": "1900.."}).total >= 1


BOOLEANS = [
    {"id": "t1", "text": "The bank was closed.", "translated": True, "tags": ["café", 1]},
    {"id": "t2", "text": "The river bank flooded.", "translated": False, "tags": {"b": 2}},
    {"id": "t3", "text": "A bank loan.", "translated": True},
]


def test_boolean_values_read_true_and_false_on_both_backends(tmp_path: Path, backend: str):
    """A JSON boolean is `true` or `false` to --where, a count by the field and info alike,
    on SQLite (whose json_each gives 1 and 0) as on PostgreSQL."""
    corpus = write_jsonl(tmp_path / "b.jsonl", BOOLEANS)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        _booleans_read_as_written(idx)


def _booleans_read_as_written(idx: sensegrep.SenseIndex) -> None:
    assert [h.doc for h in idx.search("bank", where=["translated=true"])] == ["t1", "t3"]
    assert [h.doc for h in idx.search("bank", where=["translated=false"])] == ["t2"]
    assert [h.doc for h in idx.search("bank", where=["translated=true,false"])] == [
        "t1",
        "t2",
        "t3",
    ]
    with pytest.raises(QueryError, match="its values: 'false', 'true'"):
        idx.search("bank", where=["translated=1"])
    counted = {row["value"]: row["count"] for row in idx.count("bank", "translated")}
    assert counted == {"true": 2, "false": 1}
    assert idx.info()["metadata"]["translated"]["type"] == "text"
    # Lists and objects: what a count shows, --where takes, on both backends (a list's
    # items each; the whole list, written with \, as a comma separates alternatives).
    shown = {row["value"] for row in idx.count("bank", "tags")} - {"(none)"}
    assert shown == {"café", "1", '{"b":2}'}
    for value in [*shown, '["café",1]']:
        assert idx.search("bank", where={"tags": value.replace(",", "\\,")}).total == 1


LISTS = [
    {
        "id": "a",
        "text": "The bank was busy. A bank.",
        "genre": ["news", "sport"],
        "years": [1990, 1995],
        "topics": ["money", "rivers"],
    },
    {"id": "b", "text": "The bank was closed.", "genre": "sport", "years": 2001},
    {
        "id": "c",
        "text": "A river bank.",
        "genre": ["fiction"],
        "years": [1980],
        "topics": ["rivers"],
    },
    {"id": "d", "text": "No bank here at all today.", "genre": "news"},
]


def test_a_field_of_several_values_has_each_of_them(tmp_path: Path, backend: str):
    """A JSONL field given as a list (genre ["news","sport"]) has each of its values:
    --where, a pattern's test and within take a document by any of them (it took none:
    genre=sport left out the document of news and sport, silently), a count by the
    field counts its lines under each (with the tokens of each value's documents),
    saying the shares add up to more than 100%. Expected figures counted by hand."""
    corpus = write_jsonl(tmp_path / "l.jsonl", LISTS)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        docs = lambda **kw: [h.doc for h in idx.search("bank", **kw)]  # noqa: E731
        assert docs(where={"genre": "sport"}) == ["a", "a", "b"]
        assert docs(where={"genre": "news"}) == ["a", "a", "d"]
        assert docs(where={"genre": "fiction,sport"}) == ["a", "a", "b", "c"]
        assert docs(where={"years": "1991..2000"}) == ["a", "a"]  # 1995 of [1990,1995]
        assert docs(where={"years": "..1985"}) == ["c"]
        with pytest.raises(QueryError, match="0 documents have genre 'poetry'"):
            idx.search("bank", where={"genre": "poetry"})
        pattern = idx.search(cql='[lemma="bank" & genre="sport"]')
        assert [h.doc for h in pattern] == ["a", "a", "b"]
        assert [h.doc for h in idx.search(cql='[lemma="bank"] within genre="fiction"')] == ["c"]
        assert [h.doc for h in idx.search(cql='[lemma="bank" & genre!="news"]')] == ["b", "c"]
        counted = idx.count("bank", "genre")
        rows = {row["value"]: row for row in counted}
        assert {v: r["count"] for v, r in rows.items()} == {"sport": 3, "news": 3, "fiction": 1}
        # Tokens: a 8 (The bank was busy . A bank .), b 5, c 4, d 7.
        assert {v: r["value_tokens"] for v, r in rows.items()} == {
            "sport": 13,
            "news": 15,
            "fiction": 4,
        }
        assert rows["sport"]["share"] == round(3 / 5, 4)  # of the 5 lines counted
        assert any("add up to more than 100%" in note for note in counted.notes)

        # The values the web app offers (filters, columns, chart): each list's items, in
        # order; "topics" was not offered at all, as its values are all lists.
        values = idx.metadata_values()
        assert values["genre"] == ["fiction", "news", "sport"]
        assert values["years"] == ["1980", "1990", "1995", "2001"]
        assert values["topics"] == ["money", "rivers"]
        # A value no document has suggests the items, as --where takes them (it suggested
        # whole lists, '["finance"]' for Finance, and listed '["news","sport"]' as a genre).
        with pytest.raises(QueryError, match=r"nearest: 'money'\)"):
            idx.search("bank", where={"topics": "Money"})
        with pytest.raises(QueryError, match=r"its values: 'fiction', 'news', 'sport'\)"):
            idx.search("bank", where={"genre": "poetry"})
        # info counts the items too: genre has 3 values in 4 documents (it said 4 values,
        # two of them '["news","sport"]' and '["fiction"]'), years numbers.
        fields = idx.info()["metadata"]
        assert fields["genre"]["distinct"] == 3 and fields["genre"]["documents"] == 4
        assert fields["genre"]["values"] == ["news", "sport", "fiction"]  # 2, 2, 1 documents
        assert fields["years"]["type"] == "number" and fields["years"]["distinct"] == 4
        assert fields["topics"]["values"] == ["rivers", "money"]
        assert fields["topics"]["documents"] == 2


EMPTY_LISTS = [
    {"id": "a", "text": "The bank was busy.", "genre": "news"},
    {"id": "b", "text": "A bank and a bank.", "genre": []},
    {"id": "c", "text": "The river bank flooded today.", "year": 1990},
]


def _empty_list_read_as_none(idx: sensegrep.SenseIndex) -> None:
    counted = {row["value"]: row for row in idx.count("bank", "genre")}
    # Tokens: a 5 (The bank was busy .), b 6, c 6; (none): b and c, 3 lines, 12 tokens.
    assert {v: (r["count"], r["value_tokens"]) for v, r in counted.items()} == {
        "(none)": (3, 12),
        "news": (1, 5),
    }
    genre = idx.info()["metadata"]["genre"]
    assert (genre["documents"], genre["distinct"], genre["values"]) == (1, 1, ["news"])
    freq = {row["item"]: row["freq"] for row in idx.freq(by="genre")}
    assert freq == {"news": 5, "(none)": 12}
    assert [h.doc for h in idx.search(cql='[lemma="bank" & genre!="news"]')] == ["b", "b", "c"]


def test_a_field_holding_an_empty_list_has_no_value(tmp_path: Path, backend: str):
    """A JSONL field given as [] was counted under a value "[]" by a count by the field,
    and info counted it among genre's values and documents, where a missing field
    counts under (none) and is no value (pass 40d). An empty list is no value, as a
    missing field; an older index's "[]" is forgotten on its next open for writing."""
    corpus = write_jsonl(tmp_path / "e.jsonl", EMPTY_LISTS)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        _empty_list_read_as_none(idx)
    if backend != "sqlite":
        return
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:
        (doc,) = db.execute("SELECT id FROM documents WHERE ext_id = 'b'").fetchone()
        db.execute("DELETE FROM document_fields WHERE doc_id = ?", (doc,))
        db.execute(
            "INSERT INTO document_fields (doc_id, field, value) VALUES (?, 'genre', '[]')", (doc,)
        )
    Index.open_for_writing(tmp_path / "idx", read_manifest(tmp_path / "idx").embedder).close()
    with sensegrep.open(tmp_path / "idx") as idx:
        _empty_list_read_as_none(idx)
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:
        held = db.execute("SELECT field, value FROM document_fields WHERE doc_id = ?", (doc,))
        assert held.fetchall() == [("", None)]  # no field, as one indexed without any


def test_an_item_twice_in_one_list_counts_its_document_once(tmp_path: Path, backend: str):
    """Pass 34b: a document whose list has one item twice (["farm", "farm"], or
    "Genève" written composed and not) had its lines counted twice under it by
    --count, with its tokens twice in value_tokens: 44 lines of farm where
    --where topics=farm lists 35. Counted by hand: a has 2 lines and 8 tokens."""
    records = [
        {"id": "a", "text": "The bank was busy . A bank .", "topics": ["farm", "farm"]},
        {"id": "b", "text": "The bank is steep .", "topics": ["Genève", "Gene\u0300ve"]},
        {"id": "c", "text": "The bank paid .", "topics": ["farm", "tech"]},
    ]
    corpus = write_jsonl(tmp_path / "t.jsonl", records)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        rows = {row["value"]: row for row in idx.count("bank", "topics")}
        assert {v: (r["count"], r["value_tokens"]) for v, r in rows.items()} == {
            "farm": (3, 12),
            "Genève": (1, 5),
            "tech": (1, 4),
        }
        for value, row in rows.items():
            assert row["count"] == idx.search("bank", where={"topics": value}).total
        freq = {row["item"]: row["freq"] for row in idx.freq(by="topics")}
        assert freq == {"farm": 12, "Genève": 5, "tech": 4}


def test_an_older_sqlite_index_gets_its_boolean_values_rewritten(tmp_path: Path):
    """An index made when SQLite wrote booleans as 1 and 0: its next open for writing
    rewrites them (migrations.m008), and --where translated=true takes them."""
    corpus = write_jsonl(tmp_path / "b.jsonl", BOOLEANS)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none").close()
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:
        db.execute(
            "UPDATE document_fields SET value = CASE value WHEN 'true' THEN '1' ELSE '0' END"
            " WHERE field = 'translated'"
        )
        db.execute(  # as SQLite's json_each wrote an array: non-ASCII escaped
            "UPDATE document_fields SET value = '[\"caf\\u00e9\",1]' WHERE field = 'tags'"
            " AND value LIKE '[%'"
        )
    Index.open_for_writing(tmp_path / "idx", read_manifest(tmp_path / "idx").embedder).close()
    with sensegrep.open(tmp_path / "idx") as idx:
        _booleans_read_as_written(idx)
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:
        values = db.execute("SELECT DISTINCT value FROM document_fields WHERE field = 'translated'")
        assert sorted(v for (v,) in values) == ["false", "true"]


WHOLE_FLOATS = [
    {"id": "y1", "text": "The bank was closed.", "year": 1999},
    {"id": "y2", "text": "The river bank flooded.", "year": 1999.0},  # pandas with gaps
    {"id": "y3", "text": "A bank loan.", "year": "1999.0"},  # a string stays as written
    {"id": "y4", "text": "The bank rose.", "year": 2000.5},
]


def _whole_floats_read_as_numbers(idx: sensegrep.SenseIndex) -> None:
    assert [h.doc for h in idx.search("bank", where={"year": "1999"})] == ["y1", "y2"]
    assert [h.doc for h in idx.search("bank", where={"year": "1999.0"})] == ["y3"]
    counted = {row["value"]: row["count"] for row in idx.count("bank", "year")}
    assert counted == {"1999": 2, "1999.0": 1, "2000.5": 1}
    assert [h.doc for h in idx.search(cql='[lemma="bank" & year="1999"]')] == ["y1", "y2"]
    assert [h.meta["year"] for h in idx.search("bank")][:2] == [1999, 1999.0]  # as given


def test_a_whole_number_written_with_a_fraction_is_that_number(tmp_path: Path, backend: str):
    """JSON does not tell 1999.0 from 1999 (pandas writes a year column with gaps as
    1999.0): --where year=1999 took one and missed the other, and a count by year had
    two rows for the year."""
    corpus = write_jsonl(tmp_path / "y.jsonl", WHOLE_FLOATS)
    with sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none") as idx:
        _whole_floats_read_as_numbers(idx)


def test_an_older_index_gets_its_whole_floats_rewritten(tmp_path: Path):
    """An index made when 1999.0 was stored as written: its next open for writing
    rewrites it (migrations.m009), and leaves the string "1999.0" alone."""
    corpus = write_jsonl(tmp_path / "y.jsonl", WHOLE_FLOATS)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none").close()
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:
        db.execute(
            "UPDATE document_fields SET value = '1999.0' WHERE field = 'year' AND doc_id ="
            " (SELECT id FROM documents WHERE ext_id = 'y2')"
        )
    Index.open_for_writing(tmp_path / "idx", read_manifest(tmp_path / "idx").embedder).close()
    with sensegrep.open(tmp_path / "idx") as idx:
        _whole_floats_read_as_numbers(idx)


def test_a_range_of_numbers_that_takes_nothing_says_where_the_numbers_run(tmp_path: Path):
    """With one undated document ('c. 1952') among years, a range of years that took
    nothing said the values ran 'from '1950' to 'c. 1952'' (text order): as if the corpus
    ended in 1952, while its years run to 2021."""
    records = [
        {"id": "a", "text": "The bank was steep.", "year": 1950},
        {"id": "b", "text": "The bank paid well.", "year": 2021},
        {"id": "c", "text": "The old bank held.", "year": "c. 1952"},
    ]
    corpus = write_jsonl(tmp_path / "y.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        year = idx.info()["metadata"]["year"]
        with pytest.raises(QueryError) as caught:
            idx.search("bank", where={"year": "2030.."})
    message = str(caught.value)
    assert "its values run from 1950 to 2021" in message
    assert "'c. 1952'" in message  # named apart, as no number
    # info gave such a field no range at all: it is text, yet its years run 1950..2021.
    assert (year["type"], year["min"], year["max"]) == ("text", "1950", "2021")
    assert year["not_numbers"] == ["c. 1952"]


def test_a_value_beginning_with_a_number_is_not_said_to_be_in_no_range(tmp_path: Path):
    """A season year "1999/2000" begins with a number: ..1999 takes it, as text. The
    error of a range that took nothing named it among the values "that no range of
    numbers takes", so a user told so was not told that ..1999 counts it."""
    records = [
        {"id": "a", "text": "The bank was steep.", "year": 1998},
        {"id": "b", "text": "The bank paid well.", "year": "1999/2000"},
        {"id": "c", "text": "The old bank held.", "year": "n.d."},
    ]
    corpus = write_jsonl(tmp_path / "y.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        assert [h.doc for h in idx.search("bank", where={"year": "..1999"})] == ["a", "b"]
        with pytest.raises(QueryError) as caught:
            idx.search("bank", where={"year": "2030.."})
    message = str(caught.value)
    assert "1 value that no range of numbers takes: 'n.d.'" in message
    assert "1 value placed by the number it begins with: '1999/2000'" in message


def test_a_range_of_years_takes_a_decade_written_with_fewer_digits(tmp_path: Path):
    """A historical corpus's "950s" and "1100s" begin with their year: ..1499 took
    "1100s" but left out "950s", and 1500.. took "950s", compared as text a digit at a
    time, with no note; a timeline by decade places them by their number."""
    records = [
        {"id": "a", "text": "The bank was steep.", "year": "950s"},
        {"id": "b", "text": "The bank was low.", "year": "1100s"},
        {"id": "c", "text": "The bank held.", "year": 1600},
    ]
    corpus = write_jsonl(tmp_path / "y.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        assert [h.doc for h in idx.search("bank", where={"year": "..1499"})] == ["a", "b"]
        assert [h.doc for h in idx.search("bank", where={"year": "1500.."})] == ["c"]
        assert [h.doc for h in idx.search("bank", where={"year": "..999"})] == ["a"]
        # where the values run, as the range places them: it said from '1100s' to '950s'
        with pytest.raises(QueryError, match=r"its values run from 950 to 1600, and 2 values"):
            idx.search("bank", where={"year": "2030.."})


def test_a_range_with_a_decade_for_a_bound_is_refused_on_a_field_of_numbers(tmp_path: Path):
    """Years with one undated document ('n.d.'): year=1950s..1960s was compared as text,
    a digit at a time, and took 1951 but not 1950 or 1965, and 1980s.. took 'n.d.' and
    not 1980, with no note; where every value is a number it was refused already."""
    records = [
        {"id": "a", "text": "The bank was steep.", "year": 1950},
        {"id": "b", "text": "The bank paid well.", "year": 1951},
        {"id": "c", "text": "The old bank held.", "year": 1965},
        {"id": "d", "text": "A bank of fog.", "year": "n.d."},
        {"id": "e", "text": "The bank's rates rose.", "year": 1980},
    ]
    corpus = write_jsonl(tmp_path / "y.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        for text in ("1950s..1960s", "1980s..", "..1960s"):
            with pytest.raises(QueryError, match=r"begins with a number but is none.*1950\.\.1969"):
                idx.search("bank", where={"year": text})
        assert [h.doc for h in idx.search("bank", where={"year": "1950..1969"})] == ["a", "b", "c"]


def test_a_range_with_a_word_for_a_bound_is_refused_on_a_field_mostly_of_numbers(
    tmp_path: Path,
):
    """Years with one undated document ('n.d.'): year=1950..present was compared as text
    and took 'n.d.' (n comes before p) beside 1975 and 2005, with no note; where every
    value is a number it was refused, and x..1990 as an empty range."""
    records = [
        {"id": "a", "text": "The bank was steep.", "year": 1920},
        {"id": "b", "text": "The bank paid well.", "year": 1975},
        {"id": "c", "text": "The old bank held.", "year": 2005},
        {"id": "d", "text": "A bank of fog.", "year": "n.d."},
    ]
    corpus = write_jsonl(tmp_path / "y.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        for text in ("1950..present", "1950..x", "..present"):
            with pytest.raises(QueryError, match=r"'n\.d\.'.*takes 'n\.d\.'.*\(1950\.\.\)"):
                idx.search("bank", where={"year": text})
        assert [h.doc for h in idx.search("bank", where={"year": "1950.."})] == ["b", "c"]
        # a range of words over it stays a range of text
        assert [h.doc for h in idx.search("bank", where={"year": "a..z"})] == ["d"]


def test_a_range_of_a_date_and_a_word_is_refused_on_a_field_of_dates_beside_a_text(
    tmp_path: Path,
):
    """Dates with one undated document ('n.d.'): date=2020-05..present was compared as
    text and took 'n.d.' (n comes before p) beside 2021-01, with no note, where
    date=2020..present and date=..present were refused (pass 37o)."""
    records = [
        {"id": "a", "text": "The bank was steep.", "date": "2019-12-31"},
        {"id": "b", "text": "The bank paid well.", "date": "2020-05-03"},
        {"id": "c", "text": "The old bank held.", "date": "2021-01"},
        {"id": "d", "text": "A bank of fog.", "date": "n.d."},
    ]
    corpus = write_jsonl(tmp_path / "d.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        for text in ("2020-05..present", "2020-05-01..present", "..present"):
            with pytest.raises(QueryError, match=r"are dates but for 'n\.d\.'.*takes 'n\.d\.'"):
                idx.search("bank", where={"date": text})
        assert [h.doc for h in idx.search("bank", where={"date": "2020-05..2021-12"})] == ["b", "c"]


def test_a_range_with_a_number_for_a_bound_is_refused_on_a_field_of_words(
    tmp_path: Path,
):
    """A field of words alone (early, late): era=1950..present was compared as text, 1950
    before every letter, and took 'early' and 'late' unsaid, as a field of numbers refuses
    1950..present (pass 37o). A range of words over it stays one of text."""
    records = [
        {"id": "a", "text": "The bank was steep.", "era": "early"},
        {"id": "b", "text": "The bank paid well.", "era": "late"},
        {"id": "c", "text": "The old bank held.", "era": "x"},
    ]
    corpus = write_jsonl(tmp_path / "e.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        for text in ("1950..present", "2000..z"):
            with pytest.raises(QueryError, match=r"era's values are no numbers.*takes 'early'"):
                idx.search("bank", where={"era": text})
        assert [h.doc for h in idx.search("bank", where={"era": "a..m"})] == ["a", "b"]


def test_a_range_written_as_other_tools_write_it_is_shown_as_a_range(subcorpus_index: Path):
    """`--where year=1900-1949` (or 1900:1949, 1900–1949) is a value no document has: the
    error listed the nearest years by spelling and never said how a range is written."""
    with sensegrep.open(subcorpus_index) as idx:
        for text in ("1900-1949", "1900 – 1949", "1900:1949"):
            with pytest.raises(QueryError, match=r"; a range is LOW\.\.HIGH: year=1900\.\.1949$"):
                idx.search("bank", where=[f"year={text}"])
        with pytest.raises(QueryError, match=r"both ends included: year=1950\.\.$"):
            idx.search("bank", where={"year": ">1949"})  # a --queries file's comparison
        # A list's item is one plain value: the range it looks like was never said.
        with pytest.raises(QueryError, match=r"or a range write year=1900\.\.1949"):
            idx.search("bank", where={"year": ["1900..1949"]})
        with pytest.raises(QueryError) as caught:  # a month, not a range
            idx.search("bank", where=["year=1999-04"])
        assert "a range is" not in str(caught.value)


def test_a_value_written_composed_and_decomposed_has_the_size_of_both(tmp_path):
    """A count by a field takes "Genève" composed (NFC) and decomposed (NFD) as one
    value; its ``value_tokens`` (and so ``per_million_value``) were of one spelling's
    documents alone: 4 matches per million of 13 tokens where --where city=Genève
    counts 28."""
    import json
    import unicodedata

    import sensegrep

    nfd = unicodedata.normalize("NFD", "Genève")
    records = [
        {"id": "a", "text": "Le café est ouvert. Un café noir.", "city": "Genève"},
        {"id": "b", "text": "Un café crème, le café froid et le thé.", "city": nfd},
        {"id": "c", "text": "Le café de Zürich.", "city": "Zürich"},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    with sensegrep.build(tmp_path / "idx", path, lang="fr", vectors_for="none") as index:
        rows = {row["value"]: row for row in index.count("café", "city")}
        subcorpus = index.search("café", where={"city": "Genève"})
    assert set(rows) == {"Genève", "Zürich"} and rows["Genève"]["count"] == 4
    assert rows["Genève"]["value_tokens"] == subcorpus.subcorpus_tokens == 20


def test_nearest_values_name_a_value_once_whatever_its_composition():
    """ "0 documents have city 'geneve' (nearest: 'Genève', 'Genève')": the value stored
    composed and decomposed was named twice, two values to the eye that are one."""
    import unicodedata

    from sensegrep.storage.fields import nearest_values

    values = ["Genève", unicodedata.normalize("NFD", "Genève"), "Zürich"]
    assert nearest_values("geneve", values) == ["Genève"]


def test_a_number_is_one_value_in_any_script_s_digits(tmp_path: Path) -> None:
    """A year written in Arabic-Indic digits (٢٠٠٢) was in the range 2001..2002, which
    reads it as a number, but `--where year=2002` said "0 documents have year '2002'"
    (and year=٢٠٠٢ missed a 2002): equal numbers are one value to an exact filter too,
    in any script's digits, as written in the document or in the query."""
    records = [
        {"id": "a", "text": "One.", "year": "٢٠٠٢"},
        {"id": "b", "text": "Two.", "year": 2002},
        {"id": "c", "text": "Three.", "year": "۲۰۰۳"},
        {"id": "d", "text": "Four.", "year": "20021"},
    ]
    path = write_jsonl(tmp_path / "digits.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:

        def docs(where: str) -> list[str]:
            return sorted({hit.doc for hit in index.search(cql="[]", where=where)})

        assert docs("year=2002") == ["a", "b"]
        assert docs("year=٢٠٠٢") == ["a", "b"]
        assert docs("year=2003,2004..") == ["c", "d"]
        assert docs("year=२००३") == ["c"]  # Devanagari digits
        assert docs("year=2001..2002") == ["a", "b"]


def test_a_value_in_another_case_is_told_as_its_language_pairs_i(tmp_path: Path) -> None:
    """`--where yer=izmir` said nothing of 'İZMİR' (casefold makes its İ an i and a dot),
    and on a Turkish index `yer=kir` called 'KIR' the same in another case, where Turkish
    reads it kır (and `yer=kır` left it out unsaid)."""
    records = [
        {"id": "a", "text": "Bir.", "yer": "KIR"},
        {"id": "b", "text": "İki.", "yer": "kir"},
        {"id": "c", "text": "Üç.", "yer": "kır"},
        {"id": "d", "text": "Dört.", "yer": "İZMİR"},
        {"id": "e", "text": "Beş.", "yer": "izmir"},
    ]
    path = write_jsonl(tmp_path / "tr.jsonl", records)
    for lang, kir, kir_dotless in (("tr", None, "'KIR'"), ("en", "'KIR'", None)):
        with sensegrep.build(tmp_path / lang, path, vectors_for="none", lang=lang) as index:

            def told(where: str) -> str | None:
                notes = [n for n in index.search(cql="[]", where=where).notes if "case" in n]
                return notes[0].split("whose yer is ")[1].split(",")[0] if notes else None

            assert told("yer=izmir") == "'İZMİR'"
            assert told("yer=kir") == kir
            assert told("yer=kır") == kir_dotless


def test_a_field_named_in_capitals_is_hinted_as_turkish_pairs_i() -> None:
    """`--where YIL=2001` listed the fields without the hint `YEAR` gets: Unicode
    lower-cases YIL to yil, where the field is yıl; İ is i, as ŞEHİR is şehir."""
    from sensegrep.storage.fields import case_hint

    assert case_hint("YIL", ["Bölge", "yıl"]) == "; field names are case-sensitive: yıl"
    assert case_hint("ŞEHİR", ["şehir"]) == "; field names are case-sensitive: şehir"
    assert case_hint("YEAR", ["year"]) == "; field names are case-sensitive: year"
    assert case_hint("genre", ["year"]) == ""


def test_the_newest_documents_removed_while_fields_are_read_leave_the_others_fields(
    tmp_path: Path, monkeypatch
):
    """Pass 29a: whether the fields table covers every document was read in two
    statements (the last document, then the last one with fields); a removal of the
    newest documents committed between them made the table look behind, and a field's
    values came back empty: `senses bat --by year` said "no document has a metadata field
    'year' (fields in this index: genre, year)" while another process removed documents.
    Both are now read in one statement."""
    from sensegrep.storage import fields

    records = [{"id": f"d{i}", "text": "the bank", "year": 2000 + i} for i in range(3)]
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    folder = tmp_path / "idx"
    sensegrep.build(folder, corpus, model="fake:16", tagger="none").close()
    counting = fields.covered_until

    def meanwhile(conn):  # another process removes the newest document, once
        monkeypatch.setattr(fields, "covered_until", counting)
        with sensegrep.open(folder) as other:
            other.remove(docs=["d2"])
        return counting(conn)

    with Index.open(folder) as idx:
        monkeypatch.setattr(fields, "covered_until", meanwhile)
        values = idx.document_field_values("year")
    assert sorted(values.values()) in (["2000", "2001"], ["2000", "2001", "2002"])


def test_the_values_offered_of_a_field_whose_values_tie_are_the_first_in_order(tmp_path):
    """60 years, one document each: the 50 offered (/api/info's fields, the search page's
    suggestions) were 1960-2009, the 1950s left out as if the corpus began in 1960, the
    tie broken by SQL's order, not by the text its comment said (issue 23, pass 31k)."""
    docs = [
        {"id": f"d{i}", "text": "The bank was open.", "year": 1950 + (i * 7) % 60}
        for i in range(60)
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        assert idx.metadata_values()["year"] == [str(y) for y in range(1950, 2000)]


def test_a_value_with_spaces_around_it_is_asked_for_and_told(tmp_path: Path) -> None:
    """Metadata from several sources writes 'news', ' news' and 'news ', and a year
    1999 beside a text '1999.0': `--where genre=news` left the other two out unsaid (a
    count by genre showed three rows 'news'), `--where "genre=news "` (and a count row's
    link to its lines) read as news, so the 'news ' documents could not be asked for,
    and `year=1999` left '1999.0' out unsaid."""
    from sensegrep.request import split_where
    from sensegrep.storage.fields import plain_value

    assert wanted("news\\ ").alternatives == (Alternative("news "),)
    assert wanted("\\ news , fiction").alternatives == (
        Alternative(" news"),
        Alternative("fiction"),
    )
    assert split_where("genre=news\\ ") == ("genre", "news\\ ")
    for value in ("news ", " news", " ", "a, b.", "plain"):
        assert [a.text for a in wanted(plain_value(value)).alternatives] == [value]
    records = [
        {"id": "a", "text": "A bank.", "genre": "news", "year": 1999},
        {"id": "b", "text": "A bank.", "genre": " news", "year": "1999.0"},
        {"id": "c", "text": "A bank.", "genre": "news ", "year": "2000"},
    ]
    path = write_jsonl(tmp_path / "m.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        assert [h.doc for h in index.search("bank", where="genre=news\\ ")] == ["c"]
        assert [h.doc for h in index.search("bank", where={"genre": ["news "]})] == ["c"]
        found = index.search("bank", where="genre=news")
        assert [h.doc for h in found] == ["a"]
        assert any(
            "leaves out 2 documents whose genre is ' news', 'news ', the same but for the "
            "spaces around it"
            in note
            and "genre=news,\\ news,news\\  takes them too" in note
            for note in found.notes
        ), found.notes
        found = index.search("bank", where="genre=\\ news")
        assert [h.doc for h in found] == ["b"]
        assert not any("number" in note for note in found.notes), found.notes
        found = index.search("bank", where="year=1999")
        assert [h.doc for h in found] == ["a"]
        assert any(
            "whose year is '1999.0', the same number written otherwise" in note
            for note in found.notes
        ), found.notes


def test_a_value_with_a_tab_around_it_is_asked_for_as_the_note_says(tmp_path: Path) -> None:
    """A genre '\\tnews' beside news: the note said `genre=news,<tab>news takes it too`,
    which took news alone (the tab was left out as a space is, and `\\<tab>` was no
    escape), so that document could not be asked for at all."""
    from sensegrep.storage.fields import plain_value

    for value in ("\tnews", "news\t", "\t", " \u3000news"):
        assert [a.text for a in wanted(plain_value(value)).alternatives] == [value]
    records = [
        {"id": "a", "text": "A bank.", "genre": "news"},
        {"id": "b", "text": "A bank.", "genre": "\tnews"},
    ]
    path = write_jsonl(tmp_path / "m.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        assert [h.doc for h in index.search("bank", where="genre=\\\tnews")] == ["b"]
        found = index.search("bank", where="genre=news")
        said = [n for n in found.notes if "takes it too" in n]
        assert said, found.notes
        condition = said[0].split(": where ")[-1].removesuffix(" takes it too")
        assert [h.doc for h in index.search("bank", where=condition)] == ["a", "b"]


def test_the_condition_an_other_case_note_offers_takes_what_it_says(tmp_path: Path) -> None:
    """A genre 'Press, the' beside 'press, the': the other-case note offered
    `genre=press\\, the,Press, the`, whose unescaped comma cut 'Press, the' in two, so
    the condition took 'press, the' alone: its values are escaped as the other notes'."""
    records = [
        {"id": "a", "text": "A bank.", "genre": "press, the"},
        {"id": "b", "text": "A bank.", "genre": "Press, the"},
    ]
    path = write_jsonl(tmp_path / "m.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        found = index.search("bank", where="genre=press\\, the")
        assert [h.doc for h in found] == ["a"]
        said = [n for n in found.notes if "another case" in n and "takes it too" in n]
        assert said, found.notes
        condition = said[0].split(": where ")[-1].removesuffix(" takes it too")
        assert [h.doc for h in index.search("bank", where=condition)] == ["a", "b"]


def test_a_range_of_dates_names_the_values_it_compares_as_text(tmp_path: Path) -> None:
    """`--where date=2020-01-01..2020-12-31` left out a date '2020' or 'May 2020' and
    `date=2020-05..` took 'May 2020' (as text, a letter comes after every digit), unsaid,
    where a range of numbers names the values it cannot place."""
    records = [
        {"id": "a", "text": "A bank.", "date": "2020-05-01"},
        {"id": "b", "text": "A bank.", "date": "2020"},
        {"id": "c", "text": "A bank.", "date": "May 2020"},
        {"id": "d", "text": "A bank.", "date": "2019-12-31"},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        found = index.search("bank", where="date=2020-01-01..2020-12-31")
        assert [h.doc for h in found] == ["a"]
        assert any(
            "leaves out 2 documents whose date is no date written YYYY-MM or YYYY-MM-DD "
            "('2020', 'May 2020')" in note
            for note in found.notes
        ), found.notes
        found = index.search("bank", where="date=2020-05..")
        assert [h.doc for h in found] == ["a", "c"]
        assert any("takes 1 document whose date is no date" in n for n in found.notes)
        assert any("leaves out 1 document whose date is no date" in n for n in found.notes)


def test_a_value_no_document_has_lists_a_composed_and_decomposed_value_once(tmp_path):
    """`--where genre=xyz` listed the field's values with 'Nëws' twice (NFC and NFD),
    which read as two values where --where and --count take one."""
    import unicodedata

    records = [
        {"id": "a", "text": "A bank.", "genre": unicodedata.normalize("NFC", "Nëws")},
        {"id": "b", "text": "A bank.", "genre": unicodedata.normalize("NFD", "Nëws")},
    ]
    path = write_jsonl(tmp_path / "n.jsonl", records)
    with (
        sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index,
        pytest.raises(QueryError) as raised,
    ):
        index.search("bank", where="genre=xyz")
    assert "(its values: 'Nëws')" in str(raised.value)


def test_a_year_or_month_asked_for_exactly_says_the_dates_within_it(tmp_path: Path):
    """--where date=2020-05 took the one document dated '2020-05' and left out, unsaid,
    those dated 2020-05-14 (values are matched as written); date=2020, which no document
    has, listed the nearest value alone. Both say which dates are within, and the range
    that takes them; the range does."""
    records = [
        {"id": "a", "text": "A bank.", "date": "2020-05-14"},
        {"id": "b", "text": "A bank.", "date": "2020-06-01"},
        {"id": "c", "text": "A bank.", "date": "2020-05"},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        found = index.search("bank", where="date=2020-05")
        assert [h.doc for h in found] == ["c"]
        assert (
            "where date=2020-05 leaves out 1 document whose date is '2020-05-14', a date "
            "within the year or month asked for (values are matched as written): a range, "
            "where date=2020-05..2020-05, takes every date within it"
        ) in found.notes
        assert [h.doc for h in index.search("bank", where="date=2020-05..2020-05")] == ["a", "c"]
        with pytest.raises(QueryError) as refused:
            index.search("bank", where="date=2020")
        assert str(refused.value).endswith(
            "dates within it ('2020-05', '2020-05-14', '2020-06-01') are other values: a "
            "range takes them, date=2020..2020"
        )
        assert not any("within" in n for n in index.search("bank", where="date=2020-06-01").notes)


def test_the_condition_a_note_offers_takes_every_document_it_counts(tmp_path: Path) -> None:
    """Four genres 'News', 'NEWS', 'nEws', 'NeWs' beside news: the note said it left out
    4 documents and that `genre=news,News,NEWS,nEws takes them too` (its first three
    values), which left 'NeWs' out; the spaces note cut its condition so as well."""
    records = (
        [{"id": "a", "text": "A bank.", "genre": "news"}]
        + [
            {"id": f"c{i}", "text": "A bank.", "genre": genre}
            for i, genre in enumerate(["News", "NEWS", "nEws", "NeWs"])
        ]
        + [
            {"id": f"s{i}", "text": "A bank.", "genre": genre}
            for i, genre in enumerate([" news", "news ", "news\t", "\tnews"])
        ]
    )
    path = write_jsonl(tmp_path / "m.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        found = index.search("bank", where="genre=news")
        said = [n for n in found.notes if "takes them too" in n]
        assert len(said) == 2, found.notes
        for note in said:
            left_out = int(note.split(" leaves out ")[1].split()[0])
            condition = note.split(": where ")[-1].removesuffix(" takes them too")
            assert len(index.search("bank", where=condition)) == 1 + left_out, note


def test_an_other_case_note_names_a_value_written_composed_and_decomposed_once(
    tmp_path: Path,
) -> None:
    """A city 'Zürich' written composed in some records and decomposed in others beside
    'zürich': `--where city=zürich` said it left out documents whose city is 'Zürich',
    'Zürich' (one value to --where, listed twice) and offered both in its condition."""
    import unicodedata

    nfc, nfd = (unicodedata.normalize(form, "Zürich") for form in ("NFC", "NFD"))
    records = [
        {"id": "a", "text": "A bank.", "city": nfc},
        {"id": "b", "text": "A bank.", "city": nfd},
        {"id": "c", "text": "A bank.", "city": "zürich"},
    ]
    path = write_jsonl(tmp_path / "m.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        found = index.search("bank", where="city=zürich")
        said = [n for n in found.notes if "another case" in n]
        assert len(said) == 1, found.notes
        assert f"leaves out 2 documents whose city is {nfc!r}, the same in another" in said[0]
        condition = said[0].split(": where ")[-1].removesuffix(" takes them too")
        assert condition == f"city=zürich,{nfc}", condition
        assert len(index.search("bank", where=condition)) == 3


def test_a_number_written_in_two_scripts_is_one_value_in_every_count(tmp_path: Path):
    """Pass 33a: `--count year` and `freq --by year` gave 2002 (6 lines) and ٢٠٠٢ (4)
    separate rows, and the timeline separate bins, while --where year=2002 takes both
    (10): a row's where gave more than its count. One value now, as --where takes it."""
    records = [
        {"id": f"l{i}", "text": "The bank stood by the river. The bank is old.",
         "year": 2002 if i < 3 else 2003}
        for i in range(6)
    ]  # fmt: skip
    records += [{"id": f"a{i}", "text": "The bank lent money.", "year": "٢٠٠٢"} for i in range(4)]
    path = write_jsonl(tmp_path / "d.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, model="fake:16") as index:
        taken = index.search("bank", where="year=2002")
        assert taken.total == 10 and taken.documents == 7
        counts = index.count("bank", "year")
        rows = {r["value"]: (r["count"], r["value_tokens"]) for r in counts.to_dicts()}
        assert rows == {"2002": (10, 56), "2003": (6, 36)}
        freq = {r["item"]: r["freq"] for r in index.freq(by="year")}
        assert freq == {"2002": 56, "2003": 36}
        table = index.senses_by("bank", "year", n=2)
        assert list(zip(table.values, table.tokens, strict=True)) == [("2002", 56), ("2003", 36)]
        assert index.metadata_values()["year"] == ["2002", "2003"]


def test_a_range_of_dates_takes_a_date_written_in_any_script(tmp_path: Path):
    """Pass 33m: date=2020-05..2020-05 (the range the note on date=2020-05 offers) took
    the dates written 0-9 alone, and date=٢٠٢٠-٠٥-٠١..٢٠٢٠-٠٥-٣١ the Arabic-Indic ones
    alone: compared as text, while date=٢٠٢٠-٠٥-١٤ exactly is 2020-05-14."""
    records = [
        {"id": "l", "text": "The bank is old.", "date": "2020-05-14"},
        {"id": "a", "text": "The bank is old.", "date": "٢٠٢٠-٠٥-١٤"},
        {"id": "p", "text": "The bank is old.", "date": "۲۰۲۰-۰۵-۰۲"},
        {"id": "d", "text": "The bank is old.", "date": "२०२०-०५-३१"},
        {"id": "o", "text": "The bank is old.", "date": "٢٠٢٠-٠٦-٠١"},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        for where in ("date=2020-05..2020-05", "date=٢٠٢٠-٠٥-٠١..٢٠٢٠-٠٥-٣١", "date=..2020-05"):
            assert index.search("bank", where=where).documents == 4, where
        assert index.search("bank", where="date=2020-06..").documents == 1
        with pytest.raises(QueryError, match=re.escape("date=2020-05..2020-05")) as said:
            index.search("bank", where="date=2020-05")
        assert "'٢٠٢٠-٠٥-١٤'" in str(said.value), said.value  # a date within it


def test_info_describes_a_number_written_in_two_scripts_as_one_value(tmp_path: Path):
    """Pass 33m: info said year had 4 values, 1990..٢٠٢٠, its commonest ٢٠٢٠ (2
    documents), where --where, a count and a timeline take 2 values: 2020 (3) and 1990."""
    records = [
        {"id": "a", "text": "The bank.", "year": "٢٠٢٠", "date": "٢٠٢٠-٠٥-١٤"},
        {"id": "b", "text": "The bank.", "year": "٢٠٢٠", "date": "२०२०-०५-१४"},
        {"id": "c", "text": "The bank.", "year": 2020, "date": "2020-05-14"},
        {"id": "d", "text": "The bank.", "year": "1990", "date": "1990-01-02"},
        {"id": "e", "text": "The bank.", "year": "१९९०", "date": "१९९०-०१-०१"},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        fields = index.info()["metadata"]
        year, date = fields["year"], fields["date"]
        assert (year["distinct"], year["min"], year["max"]) == (2, "1990", "2020"), year
        assert year["values"] == ["2020", "1990"], year
        assert (date["distinct"], date["min"], date["max"]) == (3, "1990-01-01", "2020-05-14")
        assert date["values"][0] == "2020-05-14", date


def test_a_range_no_date_is_in_says_where_dates_in_any_script_run(tmp_path: Path):
    """Pass 33m: date=2030..2031 said the dates ran from '2020-05-14' to '٢٠١٩-٠١-٠١'
    (text order, Arabic-Indic digits after 0-9): they run from 2019-01-01 to 2020-05-14."""
    records = [
        {"id": "l", "text": "The bank is old.", "date": "2020-05-14"},
        {"id": "a", "text": "The bank is old.", "date": "٢٠١٩-٠١-٠١"},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", records)
    said = "run from '2019-01-01' to '2020-05-14'"
    with (
        sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index,
        pytest.raises(QueryError, match=said),
    ):
        index.search("bank", where="date=2030-01..2031-01")


def test_a_month_asked_for_names_the_dates_within_it_in_any_script(tmp_path: Path):
    """Pass 33m: where date=2020-05 (a document has that value) named the 0-9 dates
    within the month alone as left out, not ۲۰۲۰-۰۵-۱۴, which its range takes too."""
    records = [
        {"id": "m", "text": "The bank.", "date": "٢٠٢٠-٠٥"},
        {"id": "n", "text": "The bank.", "date": "۲۰۲۰-۰۵-۱۴"},
        {"id": "o", "text": "The bank.", "date": "2020-05-02"},
    ]
    path = write_jsonl(tmp_path / "d.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        hits = index.search("bank", where="date=2020-05")
        assert hits.documents == 1
        said = [n for n in hits.notes if "a date within the year or month" in n]
        assert len(said) == 1 and "leaves out 2 documents" in said[0], hits.notes
        assert index.search("bank", where="date=2020-05..2020-05").documents == 3


def test_the_values_offered_count_a_year_written_in_several_scripts_as_one(tmp_path):
    """Pass 33m: the 50 values offered (/api/info's fields, the search page's suggestions)
    were the 50 commonest spellings, then merged: 2002 written four ways, 4 documents,
    ranked as four values of one document each and left out beside 50 years of 2 (on a
    corpus of 55 dates, 47 were offered)."""
    docs = [{"id": f"d{i}", "text": "The bank.", "year": 1900 + i // 2} for i in range(100)]
    docs += [
        {"id": f"y{i}", "text": "The bank.", "year": y}
        for i, y in enumerate(["2002", "٢٠٠٢", "۲۰۰۲", "२००२"])
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        offered = idx.metadata_values()["year"]
        assert len(offered) == 50 and "2002" in offered, offered


def test_the_values_offered_write_a_whole_float_as_where_takes_it(tmp_path, backend: str):
    """Pass 33o: a year given as 1999.0 (a JSON float) was offered as year=1999.0, which
    where refuses ("0 documents have year '1999.0'"); where, a count and info take it as
    1999, so it is offered once, as 1999. Pass 34b: on PostgreSQL it still was (its text
    of the JSON number is 1999.0), and beside a string "1999.0" the year 1999 was not
    offered at all."""
    docs = [
        {"id": "a", "text": "The bank.", "year": 1999.0},
        {"id": "b", "text": "The bank.", "year": 1999},
        {"id": "c", "text": "The bank.", "year": 2.5},
        {"id": "d", "text": "The bank.", "pages": 1000.0},
        {"id": "e", "text": "The bank.", "pages": "1000.0"},
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", docs)
    with sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none") as idx:
        offered = idx.metadata_values()
        assert offered["year"] == ["2.5", "1999"], offered
        assert offered["pages"] == ["1000", "1000.0"], offered  # the number, the string
        for value in offered["year"]:
            assert idx.search("bank", where=f"year={value}").total
        for value in offered["pages"]:
            escaped = value.replace(".", "\\.")
            assert idx.search("bank", where=f"pages={escaped}").total == 1


def test_nearest_values_name_a_word_equal_but_for_diacritics_first() -> None:
    """`search lodz` on Polish text suggested 'od' alone, and `"zolwie"` 'zolw' before
    'żółwie': a word typed without its diacritics (ł a stroke, not a mark) is named
    first, after its other cases (pass 35d)."""
    assert nearest_values("lodz", ["od", "łódź", "ludzi"])[0] == "łódź"
    assert nearest_values("zolwie", ["zolw", "zdalnie", "żółwie"])[0] == "żółwie"
    assert nearest_values("Wisniewski", ["Kowalska", "Wiśniewski"]) == ["Wiśniewski"]


def test_a_range_with_a_decade_for_a_bound_over_a_field_of_decades_is_not_read_as_text(
    tmp_path: Path,
):
    """A field of decades written as text alone ('950s', '1100s', 'n.d.'), with no number
    among them: decade=950s.. was compared as text, a digit at a time, and took 'n.d.'
    but not '1100s' or '1950s', and ..1960s left '950s' out, unsaid (pass 37h). Such a
    range is refused where text order and the values' numbers disagree, asking for the
    numbers that place each value by the number it begins with; one where they agree
    (1100s..1950s) is answered as before."""
    records = [
        {"id": "a", "text": "The bank was steep.", "decade": "950s"},
        {"id": "b", "text": "The bank was low.", "decade": "1100s"},
        {"id": "c", "text": "The bank held.", "decade": "1950s"},
        {"id": "d", "text": "A bank of fog.", "decade": "n.d."},
    ]
    corpus = write_jsonl(tmp_path / "d.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        with pytest.raises(QueryError, match=r"takes 'n\.d\.' and leaves out '1100s'.*950\.\."):
            idx.search("bank", where={"decade": "950s.."})
        with pytest.raises(QueryError, match=r"leaves out '950s'.*\.\.1960"):
            idx.search("bank", where={"decade": "..1960s"})
        assert [h.doc for h in idx.search("bank", where={"decade": "1100s..1950s"})] == ["b", "c"]
        assert [h.doc for h in idx.search("bank", where={"decade": "950.."})] == ["a", "b", "c"]


def test_a_year_with_words_after_its_number_is_placed_by_no_range_of_numbers(
    tmp_path: Path,
) -> None:
    """'500 BC' and '44 BCE' were placed by the number they begin with, as '1950s' is:
    year=400..600 took 500 BC, ..0 left both out and 0.. took them, with no note, and
    '12 May 2020' was a year 12 (pass 37h). A number with words after it apart is no
    number a range places: left out, and said so, as 'c. 1952' is."""
    records = [
        {"id": "a", "text": "The bank was there.", "year": "500 BC"},
        {"id": "b", "text": "The bank was there.", "year": "44 BCE"},
        {"id": "c", "text": "The bank was there.", "year": -300},
        {"id": "d", "text": "The bank was there.", "year": "1950s"},
        {"id": "e", "text": "The bank was there.", "year": "12 May 2020"},
    ]
    corpus = write_jsonl(tmp_path / "y.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        hits = idx.search("bank", where={"year": "0.."})
        assert [h.doc for h in hits] == ["d"]
        assert any(
            "leaves out 3 documents whose year is no number ('12 May 2020', '44 BCE', "
            "'500 BC')" in note
            for note in hits.notes
        ), hits.notes
        assert [h.doc for h in idx.search("bank", where={"year": "..0"})] == ["c"]


def test_a_range_of_dates_written_with_slashes_is_compared_as_text(tmp_path: Path) -> None:
    """date=2020/05..2020/12 over dates written 2020/01/14, 2020/06/01: text order is
    theirs, as ISO dates' is, and leaves out the January date, which the numbers the
    bounds begin with (2020..2020) would take: answered, not refused (pass 37h)."""
    records = [
        {"id": "a", "text": "The bank was there.", "date": "2020/01/14"},
        {"id": "b", "text": "The bank was there.", "date": "2020/06/01"},
        {"id": "c", "text": "The bank was there.", "date": "2021/02/01"},
    ]
    corpus = write_jsonl(tmp_path / "d.jsonl", records)
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        assert [h.doc for h in idx.search("bank", where={"date": "2020/05..2020/12"})] == ["b"]


def test_a_range_of_texts_tells_a_value_it_takes_in_another_case(tmp_path: Path) -> None:
    """Pass 38k: `--where genre=a..z` took 'news' and 'nature' and left out 'News' (a
    capital comes before a, compared as text) unsaid, where `genre=news` names it: a
    range of texts now says so too, with the condition that takes it."""
    records = [
        {"id": "a", "text": "One.", "genre": "news"},
        {"id": "b", "text": "Two.", "genre": "News"},
        {"id": "c", "text": "Three.", "genre": "nature"},
        {"id": "d", "text": "Four.", "genre": "Fiction"},
    ]
    path = write_jsonl(tmp_path / "genres.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none") as index:
        found = index.search(cql="[]", where="genre=a..z")
        assert sorted({hit.doc for hit in found}) == ["a", "c"]
        # (and 'Fiction', which a..z takes as fiction though no document has it so)
        assert [n for n in found.notes if "another case" in n] == [
            "where genre=a..z leaves out 2 documents whose genre is 'Fiction', 'News', the "
            "same in another case (values are matched as written): where "
            "genre=a..z,Fiction,News takes them too"
        ]
        # 'Fiction', the one value A..G takes, is in no other case: nothing to say
        assert not [n for n in index.search(cql="[]", where="genre=A..G").notes if "case" in n]


def test_a_range_of_texts_tells_a_value_only_in_another_case(tmp_path: Path) -> None:
    """Pass 38n: `--where src=a..z` over 'web' and 'Print' took 'web' and left out
    'Print' unsaid (no document has 'print', which a..z takes); a value the range takes
    in another case is named, a value no case of which it takes (web, zoo for A..Q) not."""
    records = [
        {"id": "a", "text": "One.", "src": "web"},
        {"id": "b", "text": "Two.", "src": "Print"},
        {"id": "c", "text": "Three.", "src": "zoo"},
    ]
    path = write_jsonl(tmp_path / "src.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        found = index.search(cql="[]", where="src=a..z")
        assert sorted({hit.doc for hit in found}) == ["a", "c"]
        assert [n for n in found.notes if "another case" in n] == [
            "where src=a..z leaves out 1 document whose src is 'Print', the same in another "
            "case (values are matched as written): where src=a..z,Print takes it too"
        ]
        assert not [n for n in index.search(cql="[]", where="src=A..Q").notes if "case" in n]


def test_a_number_no_document_has_as_written_names_the_number_as_stored(tmp_path: Path):
    """Pass 40b: reviews rated 1.0 and 4.0 in the JSONL file (JSON numbers) are stored as
    1 and 4, so `--where rating=1.0`, the value as the file writes it, said "0 documents
    have rating '1.0'" with 1 merely among the nearest values: now it says that the same
    number is written otherwise, and the condition that takes it."""
    records = [
        {"id": "a", "text": "One.", "rating": 1.0},
        {"id": "b", "text": "Two.", "rating": 4.0},
        {"id": "c", "text": "Three.", "rating": 2.5},
        {"id": "d", "text": "Four.", "rating": 1.1},
    ]
    path = write_jsonl(tmp_path / "r.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        with pytest.raises(QueryError) as raised:
            index.search(cql="[]", where="rating=1.0")
        assert str(raised.value) == (
            "where rating=1.0: 0 documents have rating '1.0' (nearest: '1', '1.1', '2.5'); "
            "values are matched as written, and rating has the same number written "
            "otherwise ('1' for '1.0'): rating=1"
        )
        with pytest.raises(QueryError) as raised:
            index.search(cql="[]", where="rating=1.0,2.50,3..4")
        assert str(raised.value).endswith("('1' for '1.0', '2.5' for '2.50'): rating=1,2.5,3..4")
        assert sorted({h.doc for h in index.search(cql="[]", where="rating=1,2.5,3..4")}) == [
            "a", "b", "c"
        ]  # fmt: skip
        # a number no document has in any writing: only the nearest values, as before
        with pytest.raises(QueryError) as raised:
            index.search(cql="[]", where="rating=3.0")
        assert "same number" not in str(raised.value)


RATINGS = {"a": 2.5, "b": 3, "c": 3.5, "d": 4}
COMPARED = {
    ">3": lambda r: r > 3,
    "<3": lambda r: r < 3,
    ">=3": lambda r: r >= 3,
    "<=3": lambda r: r <= 3,
}


def test_a_comparison_on_a_field_of_fractions_is_never_hinted_as_a_whole_number_range(
    tmp_path: Path,
):
    """Pass 40b: ratings 1.0 to 4.9; `--where rating=>3` (or {"rating": ">3"}) was
    hinted as rating=4.., which leaves out 3.1 to 3.9, and `<3` as ..2, which leaves
    out 2.1 to 2.9: the hint gives the nearest value beyond the bound the field has; a
    field of whole numbers keeps year=1950.. for >1949."""
    years = {"a": 1940, "b": 1949, "c": 1960, "d": 1970}
    records = [{"id": d, "text": "One.", "rating": RATINGS[d], "year": years[d]} for d in years]
    path = write_jsonl(tmp_path / "r.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        for text, written in [
            (">3", "rating=3.5.."),
            ("<3", "rating=..2.5"),
            (">=3", "rating=3.."),
            ("<=3", "rating=..3"),
        ]:
            with pytest.raises(QueryError) as raised:
                index.search(cql="[]", where={"rating": text})
            assert str(raised.value).endswith(f"both ends included: {written}"), text
            hinted = written.partition("=")[2]
            taken = sorted({h.doc for h in index.search(cql="[]", where={"rating": hinted})})
            assert taken == [d for d, r in RATINGS.items() if COMPARED[text](r)], text
        with pytest.raises(QueryError, match=r"both ends included: year=1950\.\.$"):
            index.search(cql="[]", where={"year": ">1949"})  # whole numbers: one more
