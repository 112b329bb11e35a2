"""The search request is declared once (sensegrep/request.py): every front end offers the
declared parameters under every declared spelling, and answers the same request with the
same hits."""

from __future__ import annotations

import inspect
import json

import pytest

from sensegrep import request
from sensegrep.api import SenseIndex
from sensegrep.commands.search import search as search_command
from sensegrep.errors import QueryError

from .helpers import hits, run

RIVER = "the [[bank]] of the river"


def _client(built):
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from sensegrep.web import create_app

    built.close()  # the app opens the folder itself
    return TestClient(create_app(built.path))


def test_each_front_end_offers_exactly_the_declared_parameters(built):
    cli_options = {p.name for p in search_command.params}
    declared = {p.name for p in request.params_for("cli")}
    output_options = {"queries", "fmt", "width", "server", "no_server", "raw_csv", "columns"}
    assert cli_options - output_options == declared
    flags = {f for p in search_command.params for f in getattr(p, "opts", ())}
    assert {"--docs", "--doc", "--unlike-examples", "--unlike-example", "-e", "-k"} <= flags

    signature = inspect.signature(SenseIndex.search)
    assert set(signature.parameters) - {"self", "query"} == {
        p.name for p in request.params_for("api")
    }

    with _client(built) as client:
        described = client.get("/openapi.json").json()["paths"]["/api/search"]["get"]
        names = {p["name"] for p in described["parameters"]}
    # What a download is written as (its format, raw cells, metadata columns): not search.
    assert names - {"format", "raw_csv", "columns"} == {p.name for p in request.params_for("http")}


@pytest.mark.parametrize(("canonical", "alias"), [("doc", "docs")])
def test_every_spelling_works_everywhere(built, runner, tmp_path, canonical, alias):
    """The API's docs= and the CLI's --doc name one parameter in every front end."""
    expected = [h["id"] for h in built.search("bank", doc=["r1", "m2"]).to_dicts()]
    assert len(expected) == 2
    assert [h.id for h in built.search("bank", docs=["r1", "m2"])] == expected

    for flag in (f"--{canonical}", f"--{alias}"):
        code, out, err = run(
            runner, built.path, "search", "bank", flag, "r1", flag, "m2", "--format", "jsonl"
        )
        assert code == 0, err
        assert [h["id"] for h in hits(out)] == expected

    queries = tmp_path / "q.jsonl"
    lines = [{"word": "bank", name: ["r1", "m2"]} for name in (canonical, alias)]
    queries.write_text("".join(json.dumps(q) + "\n" for q in lines), encoding="utf-8")
    code, out, err = run(
        runner, built.path, "search", "--queries", str(queries), "--format", "jsonl"
    )
    assert code == 0, err
    assert [h["id"] for h in hits(out)] == expected * 2

    with _client(built) as client:
        for name in (canonical, alias):
            params = [("word", "bank"), (name, "r1"), (name, "m2")]
            assert [h["id"] for h in client.get("/api/search", params=params).json()["hits"]] == (
                expected
            )


def test_the_unlike_example_spellings_rank_alike(built):
    a = built.search("bank", example=RIVER, unlike_example=["the [[bank]] raised rates"])
    b = built.search("bank", example=RIVER, unlike_examples=["the [[bank]] raised rates"])
    assert a.to_dicts() == b.to_dicts() and len(a) == 4


def test_the_unlike_example_spellings_rank_alike_in_every_front_end(built, runner, tmp_path):
    unlike = "the [[bank]] raised rates"
    expected = built.search("bank", example=RIVER, unlike_example=[unlike]).ids
    for flag in ("--unlike-example", "--unlike-examples"):
        code, out, err = run(
            runner, built.path, "search", "bank", "-e", RIVER, flag, unlike, "--format", "jsonl"
        )
        assert code == 0, err
        assert [h["id"] for h in hits(out)] == expected
    queries = tmp_path / "q.jsonl"
    lines = [{"word": "bank", "example": RIVER, name: unlike} for name in ("unlike_example",
             "unlike_examples")]  # fmt: skip
    queries.write_text("".join(json.dumps(q) + "\n" for q in lines), encoding="utf-8")
    code, out, err = run(
        runner, built.path, "search", "--queries", str(queries), "--format", "jsonl"
    )
    assert code == 0, err
    assert [h["id"] for h in hits(out)] == expected * 2
    with _client(built) as client:
        for name in ("unlike_example", "unlike_examples"):
            params = [("word", "bank"), ("example", RIVER), (name, unlike)]
            found = client.get("/api/search", params=params).json()["hits"]
            assert [h["id"] for h in found] == expected


def test_the_search_page_names_every_parameter_as_its_form_does(built):
    """A link with ?docs= or ?unlike_examples= is sent on as ?doc= and ?unlike_example=,
    the names of the page's fields: its filter is then shown in the form and kept when
    the form is sent again (before, the page searched with it but showed no filter)."""
    with _client(built) as client:
        page = client.get(
            "/",
            params=[("word", "bank"), ("docs", "r1"), ("unlike_examples", RIVER), ("k", "5")],
            follow_redirects=False,
        )
        assert page.status_code == 307
        assert page.headers["location"] == (
            "/?word=bank&doc=r1&unlike_example=the+%5B%5Bbank%5D%5D+of+the+river&k=5"
        )
        assert client.get("/", params=[("word", "bank"), ("doc", "r1")]).status_code == 200


def test_the_web_app_caps_what_the_cli_and_the_api_do_not(built):
    assert request.parse({"k": 5000}, "api", "api")["k"] == 5000
    with pytest.raises(QueryError, match="k: 5000 is not in the range 1<=x<=1000"):
        request.parse([("k", "5000")], "http", "http", limited=True)


@pytest.mark.parametrize(
    ("values", "source", "message"),
    [
        ({"k": "5"}, "api", "k must be a whole number >= 1"),
        ({"k": "five"}, "json", "\"k\": 'five' is not a valid integer"),
        ({"form": "yes"}, "json", '"form": expected true or false'),
        ({"sort": "size"}, "json", "\"sort\": 'size' is not one of"),
        ({"colour": "red"}, "json", "unknown key(s) colour"),
        ({"like": "27"}, "api", "like must be an occurrence id or a list of ids"),
        ({"where": "genre"}, "api", "where: expected key=value"),
    ],
)
def test_bad_values_name_the_parameter(values, source, message):
    front = "api" if source == "api" else "queries"
    with pytest.raises(QueryError) as caught:
        request.parse(values, source, front)
    assert message in str(caught.value)


def test_values_from_every_source_become_one_canonical_form():
    from_api = request.parse(
        {"example": RIVER, "docs": "r1", "where": {"genre": "news"}, "like": 3}, "api", "api"
    )
    from_json = request.parse(
        {"example": [RIVER], "doc": "r1", "where": "genre=news", "like": "3"}, "json", "queries"
    )
    from_http = request.parse(
        [("example", RIVER), ("doc", "r1"), ("where", "genre=news"), ("like", "3")],
        "http",
        "http",
    )
    expected = {"example": [RIVER], "doc": ["r1"], "where": [("genre", "news")], "like": [3]}
    assert from_api == from_json == from_http == expected


def test_sort_keys_may_be_a_list_from_python_and_queries():
    """``sort=["right1", "left1"]`` is the multi-key sort "right1,left1" (it was refused
    as "sort must be text" from Python, though where and doc take lists there)."""
    for source, front in (("api", "api"), ("json", "queries")):
        assert request.parse({"sort": ["right1", "left1"]}, source, front)["sort"] == "right1,left1"
    with pytest.raises(QueryError, match="'size'"):
        request.parse({"sort": ["right1", "size"]}, "api", "api")
    # A query string repeats it instead: every key counts, in order.
    assert request.parse([("sort", "right1"), ("sort", "left1")], "http", "http") == {
        "sort": "right1,left1"
    }


def test_a_query_string_may_repeat_a_single_parameter_the_last_one_wins():
    assert request.parse([("k", "1"), ("k", "2")], "http", "http")["k"] == 2


def test_ids_from_python_may_be_digits_in_a_list_but_never_a_bare_string():
    assert request.parse({"like": ["272", 3.0, 4]}, "api", "api")["like"] == [272, 3, 4]
    with pytest.raises(QueryError, match="like must be an occurrence id or a list"):
        request.parse({"like": "272"}, "api", "api")


def test_a_negative_seed_is_a_one_line_error_everywhere(built, runner):
    """numpy refuses a negative seed: it once escaped as a traceback (CLI) and a 500."""
    code, _out, err = run(runner, built.path, "search", "bank", "--sample", "2", "--seed", "-5")
    assert code == 2 and "Traceback" not in err and "--seed" in err
    with pytest.raises(QueryError, match="seed must be a whole number >= 0"):
        built.search("bank", sample=2, seed=-5)
    with _client(built) as client:
        answer = client.get("/api/search", params={"word": "bank", "sample": 2, "seed": -1})
    assert answer.status_code == 400 and "seed" in answer.json()["error"]


def test_a_parameter_without_the_one_it_qualifies_is_refused_everywhere(built, runner, tmp_path):
    """--window without --near (and --seed without --sample) changed nothing, silently
    (issue 23): one line naming the option it needs, in every front end."""
    with pytest.raises(QueryError, match=r"^window only applies with near=LEMMA: add near"):
        built.search("bank", window=3)
    with pytest.raises(QueryError, match="seed only applies with sample=N"):
        built.search("bank", seed=3)
    assert built.search("bank", near="river", window=3).total == 1  # with it: as before
    code, out, err = run(runner, built.path, "search", "bank", "--window", "3")
    assert code == 1 and out == ""
    assert (
        err == "Error: --window only applies with --near LEMMA: add --near, or leave out --window\n"
    )
    assert run(runner, built.path, "search", "bank", "--seed", "3")[0] == 1
    assert run(runner, built.path, "search", "bank", "--sample", "1", "--seed", "3")[0] == 0
    # A --queries line is completed by the command line's options before it is checked.
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"word": "bank", "window": 3}\n{"word": "bank"}\n', encoding="utf-8")
    code, _out, err = run(runner, built.path, "search", "--queries", str(queries))
    assert code == 1 and f"{queries}:1: --window only applies with --near" in err
    code, out, err = run(runner, built.path, "search", "--queries", str(queries), "--near",
                         "river", "--format", "jsonl")  # fmt: skip
    assert code == 0 and [h["doc"] for h in hits(out)] == ["r1", "r1"], err
    with _client(built) as client:
        answer = client.get("/api/search", params={"word": "bank", "window": 3})
        assert answer.status_code == 400
        assert answer.json()["error"].startswith("window only applies with near=")
        near = client.get("/api/search", params={"word": "bank", "near": "", "window": 3})
        assert near.status_code == 400  # an empty near is none


def test_where_values_from_python_are_read_as_the_metadata_reads() -> None:
    """A library user's values: True was "True" (the metadata's JSON true is "true"),
    1999.0 (a pandas year column with gaps) "1999.0", and None, a range or a set were
    read as their repr ("None", "range(1", " 3)"); now as --where reads them, or refused."""
    parsed = request.parse(
        {"where": {"year": 2005.0, "translated": True, "genre": ["news", 1999.0]}}, "api", "api"
    )
    assert parsed["where"] == [("year", "2005"), ("translated", "true"), ("genre", "news,1999")]
    assert request.parse({"where": [("year", 1999.0)]}, "api", "api")["where"] == [("year", "1999")]
    for wrong in ({"year": None}, {"year": range(1990, 2000)}, {"year": {1990}}, [("year", None)]):
        with pytest.raises(QueryError, match="the value of 'year' must be text, a number or a"):
            request.parse({"where": wrong}, "api", "api")


def test_a_tuple_of_two_numbers_in_where_is_refused_as_a_range_or_a_choice() -> None:
    """`where={"year": (1990, 2005)}` searched 1990 and 2005 alone, the years between
    left out unsaid, where a Python user meant the range as often (pass 36j)."""
    for wrong in ({"year": (1950, 1980)}, [("year", (1950.0, 1980))]):
        with pytest.raises(QueryError) as caught:
            request.parse({"where": wrong}, "api", "api")
        assert str(caught.value) == (
            "where: the value of 'year' is a tuple of two numbers, "
            f"{dict(wrong)['year']!r}, which may mean a range or either value: write "
            '"1950..1980" for the range, or a list [1950, 1980] for either value'
        )
    # a list is the choice, as before; so are a tuple of texts and one of three numbers
    chosen = {"year": [1950, 1980], "genre": ("news", "fiction"), "n": (1, 2, 3)}
    assert request.parse({"where": chosen}, "api", "api")["where"] == [
        ("year", "1950,1980"),
        ("genre", "news,fiction"),
        ("n", "1,2,3"),
    ]


def test_a_queries_line_that_gives_an_option_twice_is_named_and_skipped(tmp_path):
    """`{"word": "bank", "k": 3, "k": 7}` ran with k=7, the 3 dropped unsaid (pass 32l)."""
    path = tmp_path / "q.jsonl"
    path.write_text('{"word": "bank", "k": 3, "k": 7}\n{"word": "bank", "k": 3}\n')
    (first, problem), (second, values) = request.read_queries(path)
    assert first == 0 and isinstance(problem, QueryError)
    assert 'the key "k" is given twice' in str(problem)
    assert second == 1 and values["k"] == 3


def test_an_escaped_tab_ending_a_where_value_is_a_tab(tmp_path) -> None:
    """`--where $'genre=news\\\\\\t'` (a backslash before a tab, which the README says
    keeps it) was read as `news\\ `: the value's end was stripped and a space put back, so
    the search took the documents whose genre is 'news ' and named them 'news\\t'."""
    import sensegrep

    from .helpers import write_jsonl

    assert request.split_where("genre=news\\\t") == ("genre", "news\\\t")
    assert request.split_where("genre=news\\\u3000 ") == ("genre", "news\\\u3000")
    assert request.split_where("genre=news\\  ") == ("genre", "news\\ ")
    records = [
        {"id": "space", "text": "A bank.", "genre": "news "},
        {"id": "tab", "text": "A bank.", "genre": "news\t"},
    ]
    path = write_jsonl(tmp_path / "m.jsonl", records)
    with sensegrep.build(tmp_path / "idx", path, vectors_for="none", tagger="none") as index:
        assert [h.doc for h in index.search("bank", where="genre=news\\\t")] == ["tab"]
        assert [h.doc for h in index.search("bank", where="genre=news\\ ")] == ["space"]


@pytest.mark.parametrize(("source", "front"), [("api", "api"), ("json", "queries")])
def test_two_spellings_of_one_value_given_apart_are_refused(source, front):
    """search(sense=1, senses=1, senses_run=2) searched run 2 and dropped senses=1
    unsaid (idx.senses refuses run=1 with senses_run=2); a mapping cannot give one
    name twice, so two spellings of one single value that differ are refused."""
    with pytest.raises(QueryError, match="senses=1 and senses_run=2"):
        request.parse({"word": "bank", "sense": 1, "senses": 1, "senses_run": 2}, source, front)
    with pytest.raises(QueryError, match="senses=1 and senses_run=2"):
        request.parse(
            {"word": "bank", "senses": 1, "senses_run": 2}, source, front, command="collocates"
        )
    same = request.parse({"word": "bank", "sense": 1, "senses": 2, "senses_run": 2}, source, front)
    assert same["senses_run"] == 2
    # a repeated parameter's spellings add up (every value is used)
    both = request.parse({"word": "bank", "doc": ["a"], "docs": ["b"]}, source, front)
    assert both["doc"] == ["a", "b"]


def test_an_empty_list_of_sort_keys_is_said_empty_not_of_the_wrong_type():
    """sort=["right1", "left1"] is taken, yet sort=[] said "sort must be text, got list"."""
    assert request.parse({"word": "bank", "sort": ["right1", "left1"]}, "api", "api")["sort"] == (
        "right1,left1"
    )
    with pytest.raises(QueryError, match=r"^sort=\[\] is empty: give at least one key"):
        request.parse({"word": "bank", "sort": []}, "api", "api")
    with pytest.raises(QueryError, match=r"^sort must be text or a list of texts, got list"):
        request.parse({"word": "bank", "sort": ["right1", 3]}, "api", "api")


def test_a_tuple_of_two_numbers_written_as_text_in_where_is_refused_too() -> None:
    """`where={"year": ("1950", "1980")}` (a CSV's column gives numbers as text) and
    `(1950, "1980")` were searched as either year alone, the years between left out
    unsaid, where `(1950, 1980)` is refused as ambiguous (pass 36o)."""
    for wanted, written in [(("1950", "1980"), "1950..1980"), ((1950, " 1980"), "1950..1980"),
                            (("1950.5", 1980), "1950.5..1980")]:  # fmt: skip
        with pytest.raises(QueryError) as caught:
            request.parse({"where": {"year": wanted}}, "api", "api")
        assert f"is a tuple of two numbers, {wanted!r}" in str(caught.value)
        assert f'write "{written}" for the range' in str(caught.value)
    # texts that are no numbers stay a choice, as a list of numbers written as text does
    chosen = {"genre": ("news", "1980s"), "year": ["1950", "1980"]}
    assert request.parse({"where": chosen}, "api", "api")["where"] == [
        ("genre", "news,1980s"),
        ("year", "1950,1980"),
    ]


def test_a_tuple_of_numbers_ending_in_a_dot_is_refused_with_a_range_that_parses() -> None:
    """`where={"year": ("1950.", "1980")}` was refused with `write "1950...1980" for the
    range`, which where refuses in turn (a range has two dots); and `[1950., 1980]`
    (pass 36q)."""
    with pytest.raises(QueryError) as caught:
        request.parse({"where": {"year": ("1950.", "1980")}}, "api", "api")
    assert 'write "1950..1980" for the range, or a list [1950, 1980]' in str(caught.value)
    assert request.parse({"where": {"year": "1950..1980"}}, "api", "api")["where"] == [
        ("year", "1950..1980")
    ]


@pytest.mark.parametrize(
    "where", ["year=\ud800", "\ud800=1", {"year": "\ud800"}, [("\ud800", "x")]]
)
def test_a_lone_surrogate_in_a_where_condition_is_refused_as_in_any_text(where) -> None:
    """A where condition holding a lone surrogate reached the database, whose driver
    raised UnicodeEncodeError (a traceback from the library, `freq`, `change`, `search`):
    it is refused as a lone surrogate in any text is (the fuzz test of every API method
    found it through change's note on --doc, stop 49)."""
    with pytest.raises(QueryError, match=r"^where: a lone surrogate .* is no character"):
        request.parse({"where": where}, "api", "api", whole=False)
