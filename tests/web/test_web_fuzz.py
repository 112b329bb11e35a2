"""Issue 26, items 2-3: every HTTP route of the web app, sent arbitrary path values,
query parameters and JSON bodies (hypothesis), answers with a result or a one-line 4xx
error — never a 500 (``/api/context/<huge id>`` was one, and ``search --sample 5 --seed
-5``). On a small index made with the fake embedder, in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sensegrep
from sensegrep import request
from sensegrep.web import create_app, endpoints, pages

from ..helpers import write_jsonl

DOCS = [
    {"id": "r1", "text": "We sat on the grassy bank of the river.", "year": 1990},
    {"id": "r2", "text": "The river burst its bank after the storm.", "year": 2001},
    {"id": "m1", "text": "She paid the cheque into the bank on Monday.", "year": 2001},
    {"id": "m2", "text": "The bank raised its interest rates again.", "year": 2010},
]
ROUTES = sorted(
    (method, route.path)
    for route in [*endpoints.router.routes, *pages.router.routes]
    for method in route.methods
)
# Every parameter name a route reads: the search's, the statistics', the routes' own.
NAMES = sorted(
    {
        *request.spellings_for("http"),
        *(n for name in request.STATISTICS for n in request.spellings_for("http", name)),
        *("format", "raw_csv", "sentences", "n", "examples", "senses", "bin_width"),
        *("good_examples", "points", "limit", "review", "top", "senses_word", "columns"),
    }
)
TEXTS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        ["bank", "river", "1", "0", "-5", "2", "true", "no", "genre=news", "year=2001",
         "year=..2000", "the [[bank]] of the river", "[[bank]]", "", " ", "csv", "jsonl",
         "sense", "doc", "lemma", "right1,left1", '[word="bank"]', '[foo="bank"]',
         "(a|a)*b", "99999999999999999999999", "9223372036854775808", "1e308", "nan",
         "%00", "\x00", "../../etc/passwd", "//evil.com"]
    ),
)  # fmt: skip
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**63, 10**30, -1]),
    st.floats(allow_nan=False),
    TEXTS,
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "ids",
                    "label",
                    "n",
                    "run",
                    "a",
                    "b",
                    "word",
                    "words",
                    "model",
                    "method",
                    "args",
                    "kwargs",
                    "contract",
                    "index",
                ]
            )
            | st.text(max_size=4),
            inner,
            max_size=4,
        )
    ),
    max_leaves=6,
)
CLI_CALLS = st.fixed_dictionaries(
    {
        "method": st.sampled_from(["search", "search_any", "count", "total", "vector_coverage"]),
        "args": st.lists(JSON_SCALARS, max_size=3),
        "kwargs": st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=4), JSON, max_size=3),
    }
)
EXAMPLES = int(os.environ.get("SENSEGREP_FUZZ_EXAMPLES", 20))  # per route


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("web-fuzz")
    corpus = write_jsonl(folder / "c.jsonl", DOCS)
    sensegrep.build(folder / "built", corpus, model="fake:16").close()
    index_dir = Path(shutil.copytree(folder / "built", folder / "idx"))
    app = create_app(index_dir)
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as c:
        yield c


def address(route: str, draw: Any) -> str:
    """The route with each {parameter} an arbitrary value, and arbitrary query pairs."""
    path = route
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        value = draw(st.one_of(TEXTS, st.integers().map(str)))
        path = path[:start] + quote(value, safe="") + path[end + 1 :]
    pairs = draw(st.lists(st.tuples(st.sampled_from(NAMES) | st.text(max_size=4), TEXTS),
                          max_size=4))  # fmt: skip
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    return path + (f"?{query}" if query else "")


@pytest.mark.parametrize(("method", "route"), ROUTES)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_route_answers_or_refuses_anything(client: TestClient, method, route, data):
    url = address(route, data.draw)
    if method == "GET":
        response = client.get(url)
    else:
        body = data.draw(CLI_CALLS if route == "/api/cli" else JSON)
        response = client.request(method, url, content=json.dumps(body),
                                  headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code < 500, (method, url, response.text[:300])
    if response.status_code >= 400 and response.headers["content-type"].startswith("application"):
        error = response.json()["error"]
        assert error.strip() and "\n" not in error and "Traceback" not in error


@pytest.mark.parametrize(
    "url",
    [
        "/api/context/99999999999999999999999",
        "/api/context/9223372036854775808",
        "/api/search?word=bank&sample=5&seed=-5",
        "/api/search?word=bank&like=99999999999999999999999",
        "/api/senses/bank?senses=99999999999999999999999",
    ],
)
def test_the_listed_requests_are_4xx(client: TestClient, url: str):
    """The requests the audit listed: each a 400 with a one-line error, no 500."""
    response = client.get(url)
    assert response.status_code == 400 and "\n" not in response.json()["error"]


@pytest.mark.parametrize(
    "body",
    [
        {"method": "search", "args": [None], "kwargs": {"word": None}},  # found by the fuzz
        {"method": "count", "args": ["bank"], "kwargs": {"word": "bank"}},
    ],
)
def test_a_command_line_call_naming_an_argument_twice_is_a_400(client: TestClient, body):
    """An argument given by position and by keyword (Python's 'got multiple values')
    is refused before the method runs, as a one-line error naming it."""
    response = client.post("/api/cli", content=json.dumps(body),
                           headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code == 400
    assert (
        response.json()["error"] == f"{body['method']}: word given both by position and by keyword"
    )
