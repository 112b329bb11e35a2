"""Good examples in the web app (issue 24, item 6) in Chromium: the senses page's "best
dictionary examples" (good_examples=N) lists, per sense, the ids GET
/api/senses/WORD?good_examples=N gives, in its order, each with its example quality and
its parts on hover; the search page's "best examples first" (sort=quality) lists the
lines /api/search?sort=quality gives, with a quality column. Every other parameter stays
in the address; a bad value is the page's one-line error. On the seeded clusters of
tests/senses/seeded.py (fake vectors, genres and years) with a stored run of "bank"; the
expected ids come from the JSON API, not from the pages' code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

import pytest

from ..helpers import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")

import sensegrep
from sensegrep.web import create_app
from sensegrep.web.server import background_server

from ..senses.seeded import seeded_index


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The seeded index with a stored sense run of "bank"; its URL and the run's id."""
    folder = tmp_path_factory.mktemp("good-examples") / "idx"
    seeded_index(folder)
    with sensegrep.open(folder) as index:
        run = index.senses("bank").info.id
    with background_server(create_app(folder)) as url:
        yield url, run


def api(page: Any, url: str, path: str, **params: Any) -> dict[str, Any]:
    response = page.request.get(f"{url}{path}?{urlencode(params)}")
    assert response.ok, response.text()
    return response.json()


def query(page: Any) -> dict[str, str]:
    return dict(parse_qsl(urlparse(page.url).query))


def shown_examples(page: Any) -> dict[int, list[dict[str, Any]]]:
    """Each sense's listed examples: id, the quality shown and its tooltip."""
    return page.eval_on_selector_all(
        "article.sense",
        """ss => Object.fromEntries(ss.map(s => [s.id.replace('sense-', ''),
             [...s.querySelectorAll('ul.examples li')].map(li => {
               const q = li.querySelector('.quality');
               return {id: Number(li.dataset.id), quality: q ? Number(q.dataset.quality) : null,
                       title: q ? q.title : ''}; })]))""",
    )


def api_examples(page: Any, url: str, **params: Any) -> dict[str, list[int]]:
    found = api(page, url, "/api/senses/bank", **params)
    return {str(s["sense"]): [e["id"] for e in s["examples"]] for s in found["senses"]}


def test_the_senses_page_lists_the_api_s_best_examples_keeping_the_address(page, server):
    url, run = server
    page.goto(f"{url}/senses/bank?by=genre&senses={run}")
    assert all(e["quality"] is None for ex in shown_examples(page).values() for e in ex)
    page.click("#good-examples-link")
    page.wait_for_selector("#typical-examples")
    asked = query(page)
    assert asked == {"by": "genre", "senses": str(run), "good_examples": "5"}
    shown = shown_examples(page)
    assert {s: [e["id"] for e in ex] for s, ex in shown.items()} == api_examples(
        page, url, senses=run, good_examples=5
    )
    best = api(page, url, "/api/senses/bank", senses=run, good_examples=5)["senses"][0]
    first = shown[str(best["sense"])][0]
    assert first["quality"] == best["examples"][0]["quality"]
    assert all(f"{name} " in first["title"] for name in best["examples"][0]["quality_parts"])
    assert page.get_attribute("#json-link", "href").endswith("good_examples=5")
    # Pass 28g: "the 5 best" over a sense of one sentence repeated showed one, unsaid.
    assert "one per distinct sentence" in page.text_content("#example-views")
    page.click("#typical-examples")  # back: the same address without good_examples
    page.wait_for_selector("#good-examples-link")
    assert query(page) == {"by": "genre", "senses": str(run)}


def test_the_senses_form_asks_for_n_good_examples_and_keeps_its_run(page, server):
    url, run = server
    page.goto(f"{url}/senses/bank?by=year&senses={run}")
    page.fill("input[name=good_examples]", "2")
    page.click("form.query button[type=submit]")  # the Senses box is left empty
    page.wait_for_selector("#typical-examples")
    assert urlparse(page.url).path == "/senses/bank"
    assert query(page) == {"by": "year", "senses": str(run), "good_examples": "2"}
    shown = shown_examples(page)
    assert {s: [e["id"] for e in ex] for s, ex in shown.items()} == api_examples(
        page, url, senses=run, good_examples=2
    )


def test_the_example_views_keep_the_run_shown_when_another_is_made(page, server):
    """/senses/bank shows the word's current run; a run made since (another tab, the
    command line) made "best dictionary examples" the senses of that other run, another
    numbering (pass 25y). Both views name the run shown."""
    url, run = server
    page.goto(f"{url}/senses/bank")
    assert f"(sense run {run})" in page.text_content("#headline")
    made = page.request.post(f"{url}/api/senses/bank", data={"n": 2})
    assert made.ok and made.json()["run"]["id"] != run
    try:
        page.click("#good-examples-link")
        page.wait_for_selector("#typical-examples")
        assert f"(sense run {run})" in page.text_content("#headline")
        assert query(page) == {"senses": str(run), "good_examples": "5"}
    finally:  # the module's other tests mean the first run by the word's current one
        assert page.request.post(f"{url}/api/senses/bank/use", data={"run": run}).ok


@pytest.mark.parametrize("value", ["0", "two", "51"])
def test_a_bad_number_of_good_examples_is_the_page_s_one_line_error(page, server, value):
    url, _run = server
    response = page.goto(f"{url}/senses/bank?by=genre&good_examples={value}")
    assert response.status == 400
    message = page.text_content("#error-message")
    assert "good_examples" in message and "\n" not in message.strip()


def kwic(page: Any) -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        "#hits tr.hit",
        """trs => trs.map(tr => { const q = tr.querySelector('td.quality');
             return {id: Number(tr.dataset.id), quality: q ? q.textContent : null,
                     title: q ? q.title : null}; })""",
    )


def searched(page: Any, act: Any) -> None:
    """Run ``act`` and wait for the search it starts to be drawn."""
    page.evaluate(
        "() => { const s = document.querySelector('#status'); if (s) s.textContent = ''; }"
    )
    act()
    page.wait_for_function(
        "() => /^(lines|no lines)/.test(document.querySelector('#status').textContent)"
    )


def test_the_search_page_sorts_by_example_quality_as_the_api(page, server):
    url, _run = server
    address = {"word": "bank", "k": "8", "where": "genre=fiction", "offset": "8"}
    searched(page, lambda: page.goto(f"{url}/?{urlencode(address)}"))
    assert page.query_selector("th.quality-head") is None  # no quality without the sort
    searched(page, lambda: page.click("#quality-sort"))
    # A new order starts from its first line; everything else stays in the address.
    assert query(page) == {"word": "bank", "k": "8", "where": "genre=fiction", "sort": "quality"}
    lines = kwic(page)
    expected = api(
        page, url, "/api/search", word="bank", k=8, where="genre=fiction", sort="quality"
    )
    assert [line["id"] for line in lines] == [hit["id"] for hit in expected["hits"]]
    assert lines[0]["quality"] == f"{expected['hits'][0]['quality']:.2f}"
    assert "typicality" in lines[0]["title"] and page.is_visible("th.quality-head")
    assert page.get_attribute("#quality-sort", "aria-pressed") == "true"
    assert "best dictionary examples first" in page.text_content("#status")
    searched(page, lambda: page.click("#next-page"))
    assert query(page)["sort"] == "quality" and query(page)["offset"] == "8"
    page_two = api(
        page, url, "/api/search", word="bank", k=8, where="genre=fiction", sort="quality", offset=8
    )
    assert [line["id"] for line in kwic(page)] == [hit["id"] for hit in page_two["hits"]]
    searched(page, lambda: page.click("#quality-sort"))  # pressed again: the query's order
    assert "sort" not in query(page) and page.query_selector("th.quality-head") is None
