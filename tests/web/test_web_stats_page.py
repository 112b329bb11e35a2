"""The statistics page in Chromium: each statistic's form drawn from its declaration
(GET /api/stats), its rows those of /api/stats/NAME, sorting a column, paging, the
downloads, an error's one line, the word sketch's grid, the rows by sense side by side,
and each count's link to its lines: the search page opened from a row shows as many
lines as the row's count says. On a small generated CoNLL-U corpus with dependency
relations, text-only (and once with the fake embedder, for the by-sense views). The
expected figures come from the JSON API and from the search page, not from the page's
own code. The page runs under the app's Content-Security-Policy (not bypassed)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from ..helpers import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")

import sensegrep
from sensegrep import request
from sensegrep.web import create_app
from sensegrep.web.server import background_server

# (form, lemma, UPOS, head, deprel) per token: bank as a subject, an object, modified,
# with a prepositional phrase; a sentence without it.
SENTENCES = [
    [("The", "the", "DET", 2, "det"), ("bank", "bank", "NOUN", 3, "nsubj"),
     ("raised", "raise", "VERB", 0, "root"), ("rates", "rate", "NOUN", 3, "obj"),
     (".", ".", "PUNCT", 3, "punct")],
    [("They", "they", "PRON", 2, "nsubj"), ("robbed", "rob", "VERB", 0, "root"),
     ("the", "the", "DET", 5, "det"), ("central", "central", "ADJ", 5, "amod"),
     ("bank", "bank", "NOUN", 2, "obj"), (".", ".", "PUNCT", 2, "punct")],
    [("The", "the", "DET", 3, "det"), ("river", "river", "NOUN", 3, "compound"),
     ("bank", "bank", "NOUN", 4, "nsubj"), ("flooded", "flood", "VERB", 0, "root"),
     (".", ".", "PUNCT", 4, "punct")],
    [("We", "we", "PRON", 2, "nsubj"), ("sat", "sit", "VERB", 0, "root"),
     ("on", "on", "ADP", 5, "case"), ("the", "the", "DET", 5, "det"),
     ("bank", "bank", "NOUN", 2, "obl"), ("of", "of", "ADP", 8, "case"),
     ("the", "the", "DET", 8, "det"), ("river", "river", "NOUN", 5, "nmod"),
     (".", ".", "PUNCT", 2, "punct")],
    [("Rain", "rain", "NOUN", 2, "nsubj"), ("fell", "fall", "VERB", 0, "root"),
     ("all", "all", "DET", 4, "det"), ("day", "day", "NOUN", 2, "obl"),
     (".", ".", "PUNCT", 2, "punct")],
]  # fmt: skip
GENRES = ("news", "fiction", "letters")
MONTHS = ("January", "March", "May", "July", "September", "November", "Monday", "Friday")


def conllu(documents: int = 30) -> str:
    """2 to 5 of the sentences per document, and a word of its own in one more (so the
    lists have rows to page through)."""
    lines = []
    for n in range(documents):
        lines += [f"# newdoc id = d{n:02d}", f"# newdoc genre = {GENRES[n % 3]}"]
        month = MONTHS[n % len(MONTHS)]
        own = [("It", "it", "PRON", 2, "nsubj"), ("rained", "rain", "VERB", 0, "root"),
               ("in", "in", "ADP", 4, "case"), (month, month, "PROPN", 2, "obl"),
               (".", ".", "PUNCT", 2, "punct")]  # fmt: skip
        for s in range(n % 4 + 2):
            lines += _sentence(SENTENCES[(n + s) % len(SENTENCES)])
        lines += _sentence(own)
    return "\n".join(lines) + "\n"


def _sentence(tokens: list[tuple[str, str, str, int, str]]) -> list[str]:
    rows = [f"{i}\t{f}\t{lem}\t{pos}\t_\t_\t{h}\t{rel}\t_\t_"
            for i, (f, lem, pos, h, rel) in enumerate(tokens, start=1)]  # fmt: skip
    return [*rows, ""]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats-page") / "corpus.conllu"
    path.write_text(conllu(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(corpus: Path) -> Iterator[str]:
    folder = corpus.parent / "idx"
    sensegrep.build(folder, corpus, vectors_for="none").close()
    with background_server(create_app(folder)) as url:
        yield url


@pytest.fixture(scope="module")
def sense_server(corpus: Path) -> Iterator[str]:
    """The corpus with the fake embedder's vectors, and a stored sense run of "bank"
    (a GET never makes one: the by-sense sketch reads the stored run)."""
    folder = corpus.parent / "vectors"
    with sensegrep.build(folder, corpus, model="fake:16") as index:
        index.senses("bank", 2)
    with background_server(create_app(folder)) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page under the app's Content-Security-Policy (the conftest's page bypasses
    it): a script error, a dialog or a refused inline style or script fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert problems == []


def api(page: Any, url: str, name: str, **params: Any) -> dict[str, Any]:
    response = page.request.get(f"{url}/api/stats/{name}?{urlencode(params, doseq=True)}")
    assert response.ok, response.text()
    return response.json()


def open_stats(page: Any, address: str) -> None:
    """A statistics page whose address holds a query, once its answer is drawn."""
    page.goto(address)
    page.wait_for_function(
        "() => { const s = document.querySelector('#status').textContent;"
        " return s && s !== 'Counting…'; }"
    )


def status(page: Any) -> str:
    return page.text_content("#status")


def column(page: Any, name: str) -> list[str]:
    return page.eval_on_selector_all(
        f'#stat-rows td[data-column="{name}"]', "cells => cells.map(c => c.textContent)"
    )


def search_total(page: Any, href: str) -> int:
    """How many lines the search page says the address has."""
    page.goto(href)
    page.wait_for_function(
        "() => /^(lines|no lines)/.test(document.querySelector('#status').textContent)"
    )
    found = re.search(r"lines \d[\d,]*–\d[\d,]* of ([\d,]+) ", status(page))
    return int(found.group(1).replace(",", "")) if found else 0


# -- the forms ---------------------------------------------------------------------------


def test_the_statistics_and_their_parameters_are_listed_as_declared(page, server):
    listed = page.request.get(server + "/api/stats").json()["statistics"]
    assert [s["name"] for s in listed] == list(request.STATISTICS)
    for statistic in listed:
        declared = request.params_for("http", statistic["name"])
        assert [p["name"] for p in statistic["params"]] == [p.name for p in declared]
        for shown, param in zip(statistic["params"], declared, strict=True):
            assert shown["kind"] == param.kind and shown["repeat"] == param.repeat
            assert shown["choices"] == list(param.choices) and shown["help"] == param.help
            assert shown["default"] == param.default and shown["most"] == param.web.most
        assert statistic["summary"]


@pytest.mark.parametrize("name", list(request.STATISTICS))
def test_each_form_is_drawn_from_the_declaration(page, server, name):
    page.goto(f"{server}/stats/{name}")
    page.wait_for_selector("#stat-fields label")
    declared = request.params_for("http", name)
    paged = any(p.name == "offset" for p in declared)
    fields = page.eval_on_selector_all(
        "#stat-fields [name]", "xs => xs.map(x => [x.name, x.tagName, x.type])"
    )
    expected = [p for p in declared if not (paged and p.name == "offset")]
    assert [f[0] for f in fields] == [p.name for p in expected]
    for (field, tag, kind), param in zip(fields, expected, strict=True):
        if param.kind == "bool":
            assert kind == "checkbox", field
        elif param.choices and not param.repeat and not param.separator:
            options = page.eval_on_selector_all(
                f"#f-{field} option", "os => os.map(o => o.value).filter(Boolean)"
            )
            assert tag == "SELECT" and options == list(param.choices), field
            assert page.input_value(f"#f-{field}") == (param.default or "")
        elif param.kind in ("int", "float"):
            assert kind == "number", field
        # Every field has its name as its label, and its help as its description.
        named = param.name.replace("_", " ")
        label = page.locator(f"label[for='f-{field}']").text_content()
        assert named in label or (field == "k" and "rows per page" in label)
        described = page.text_content(f"#help-{field}")
        assert described.startswith(param.help)
    assert page.get_attribute(f"#tab-{name}", "aria-selected") == "true"
    assert page.text_content("nav a[aria-current='page']") == "Statistics"


# -- a query, its rows, their order and pages ------------------------------------------


def test_a_query_typed_in_the_form_shows_the_rows_of_the_api(page, server):
    """Enter in a field submits; the rows are the API's, in its order."""
    page.goto(server + "/stats/freq")
    page.wait_for_selector("#f-by")
    page.fill("#f-by", "form")
    page.fill("#f-k", "5")
    page.press("#f-k", "Enter")
    page.wait_for_selector("#stat-rows tr")
    expected = api(page, server, "freq", by="form", k=5)
    assert column(page, "item") == [row["item"] for row in expected["table"]]
    assert column(page, "freq") == [f"{row['freq']:,}" for row in expected["table"]]
    total = f"{expected['rows']:,}"
    assert status(page) == f"rows 1–5 of {total}; counted in {expected['tokens']:,} tokens"
    assert "/stats/freq?by=form&k=5" in page.url
    # The chart draws the page's rows by their count, best first.
    bars = page.eval_on_selector_all("#chart-svg g.bar", "gs => gs.map(g => g.dataset.label)")
    assert bars == [row["item"] for row in expected["table"]]


def test_a_count_answered_after_a_later_one_never_draws_its_rows(browser, server):
    """Pass 27b: a count by form asked, then one by lemma before the first answer came:
    the first answer, last to come, drew its rows under the address and form of the
    second. Only the newest count draws."""
    context = browser.new_context(bypass_csp=True)  # the slow fetch is a script of ours
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_stats(page, server + "/stats/freq?k=5")
        page.evaluate(SLOW_FETCH, "by=form")
        page.fill("#f-by", "form")
        page.press("#f-k", "Enter")
        page.fill("#f-by", "lemma")
        page.press("#f-k", "Enter")
        page.wait_for_timeout(2500)  # the count by form has come by now
        expected = api(page, server, "freq", by="lemma", k=5)
        by_form = api(page, server, "freq", by="form", k=5)
        assert expected["table"] != by_form["table"]  # else the test could not tell
        assert column(page, "item") == [row["item"] for row in expected["table"]]
        assert "by=form" not in page.url
    finally:
        context.close()


SLOW_FETCH = """(part) => { const f = window.fetch; window.fetch = async (u, o) => {
  const r = await f(u, o);
  if (String(u).includes(part)) await new Promise(ok => setTimeout(ok, 1500));
  return r; }; }"""


def test_a_box_typed_in_while_a_count_comes_keeps_its_letters(browser, server):
    """Pass 28a: a count answered while the next query was being typed took the focus
    out of the box, and the letters typed after it went nowhere."""
    context = browser.new_context(bypass_csp=True)  # the slow fetch is a script of ours
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_stats(page, server + "/stats/freq?k=5")
        page.evaluate(SLOW_FETCH, "k=4")
        page.fill("#f-k", "4")
        page.press("#f-k", "Enter")
        page.fill("#f-min_freq", "")
        page.keyboard.type("1")
        page.wait_for_selector("#status:has-text('rows 1–4 ')")
        page.keyboard.type("0")
        assert page.input_value("#f-min_freq") == "10"
    finally:
        context.close()


def test_the_form_shows_the_query_paged_not_an_edit_not_counted(page, server):
    """Pass 27b: by "form" typed but not counted, then Next: the next page of the
    lemmas came under a form saying by form, with another page size."""
    open_stats(page, server + "/stats/freq?k=5")
    page.fill("#f-by", "form")
    page.fill("#f-k", "3")
    page.click("#next-page")
    page.wait_for_selector("#status:has-text('rows 6–10 ')")  # (the CSP allows no eval)
    assert page.input_value("#f-by") in ("", "lemma") and page.input_value("#f-k") == "5"


def test_a_subcorpus_says_what_it_is_counted_in(page, server):
    open_stats(page, server + "/stats/keywords?where=genre%3Dnews&min_freq=1")
    expected = api(page, server, "keywords", where="genre=news", min_freq=1)
    assert f"counted in {expected['tokens']:,} tokens (a subcorpus of the index's " in status(page)
    about = page.text_content("#about")
    assert f"reference tokens: {expected['reference_tokens']:,}" in about
    assert column(page, "item") == [row["item"] for row in expected["table"]]
    # Its chart is by the measure the rows are sorted by (ll).
    assert page.text_content("#chart-caption").endswith("by ll")


def test_a_bar_of_an_under_represented_item_says_so(page, server):
    """Keywords in both directions ranked by G² (which has no sign): the chart drew the
    reference's items (direction under) as bars like the focus's keywords, so the best bar
    of "The best rows by ll" could be a word the focus uses less. Each under row's bar says
    so, in its label and title, and is drawn as a negative one; the over rows' are not."""
    address = "/stats/keywords?where=genre%3Dnews&direction=both&min_freq=1&k=12"
    open_stats(page, server + address)
    rows = api(page, server, "keywords", where="genre=news", direction="both", min_freq=1, k=12)
    direction = {row["item"]: row["direction"] for row in rows["table"]}
    assert {"over", "under"} <= set(direction.values()), direction  # the test needs both
    bars = page.eval_on_selector_all(
        "#chart-svg g.bar",
        """gs => gs.map(g => [g.dataset.label, g.querySelector('.bar-label').textContent,
            g.querySelector('title').textContent,
            g.querySelector('rect').classList.contains('negative')])""",
    )
    assert {name for name, *_ in bars} == set(direction), bars
    for name, shown, title, negative in bars:
        under = direction[name] == "under"
        assert shown.endswith("(under)") == under and negative == under, (name, shown)
        assert ("under-represented in the focus" in title) == under, title


def test_clicking_a_column_sorts_this_page_of_rows(page, server):
    open_stats(page, server + "/stats/freq?k=6")
    expected = api(page, server, "freq", k=6)["table"]
    page.click("#stat-head button[data-column='item']")
    assert column(page, "item") == sorted((r["item"] for r in expected), key=str.lower)
    assert page.get_attribute("#stat-head th:has(button[data-column='item'])", "aria-sort") == (
        "ascending"
    )
    assert "within this page of 6 rows" in page.text_content("#sort-note")
    page.click("#stat-head button[data-column='item']")
    assert column(page, "item") == sorted((r["item"] for r in expected), key=str.lower)[::-1]
    page.click("#stat-head button[data-column='dp']")  # numbers: largest first
    by_dp = sorted(expected, key=lambda r: -r["dp"])
    assert [float(v) for v in column(page, "dp")] == [r["dp"] for r in by_dp]
    assert page.text_content("#chart-caption").endswith("by dp")


def test_the_pages_reach_the_last_row(page, server):
    open_stats(page, server + "/stats/freq?by=form&k=7")
    every = api(page, server, "freq", by="form")["table"]
    assert page.text_content("#page-indicator") == f"page 1 of {-(-len(every) // 7)}"
    assert page.is_disabled("#prev-page")
    seen = column(page, "item")
    while not page.is_disabled("#next-page"):
        first = len(seen) + 1
        page.click("#next-page")
        page.wait_for_selector(f"#status:has-text('rows {first}–')")
        assert f"offset={first - 1}" in page.url
        seen += column(page, "item")
    assert seen == [row["item"] for row in every]
    assert status(page).startswith(f"rows {len(every) - len(every) % 7 + 1}–{len(every)} of ")
    page.go_back()  # the address holds the page
    page.wait_for_selector(f"#status:has-text('rows {len(every) - len(every) % 7 - 6}–')")


def test_previous_from_past_the_last_row_goes_to_the_last_page(page, server):
    """An address past the end (offset=5000) said "page 715 of 5", and Previous went
    back one page at a time through empty pages (issue 23, a browser pass), as the
    search page once did."""
    rows = api(page, server, "freq", by="form")["rows"]
    pages = -(-rows // 7)
    open_stats(page, server + "/stats/freq?by=form&k=7&offset=5000")
    assert status(page).startswith(f"no rows from 5,001 ({rows:,} rows in all)")
    assert page.text_content("#page-indicator") == f"past the last page ({pages})"
    # Said once, in the page's words: not also as the API's note naming offset=.
    assert "offset=" not in page.text_content("#about")
    page.click("#prev-page")
    last = (pages - 1) * 7
    page.wait_for_selector(f"#status:has-text('rows {last + 1}–{rows} of ')")
    assert f"offset={last}" in page.url
    assert page.text_content("#page-indicator") == f"page {pages} of {pages}"


def test_a_page_that_starts_between_pages_is_counted_as_one(page, server):
    """Rows 4-10 (offset=3, k=7) said "page 1 of N", and so did rows 1-7 that Previous
    showed next: two pages the same number (issue 23, pass 23g). Rows 1-3 before it make
    a page, so it is page 2, and the rows after it make the rest."""
    rows = api(page, server, "freq", by="form")["rows"]
    open_stats(page, server + "/stats/freq?by=form&k=7&offset=3")
    assert status(page).startswith(f"rows 4–10 of {rows:,}")
    assert page.text_content("#page-indicator") == f"page 2 of {2 + -(-(rows - 10) // 7)}"
    page.click("#prev-page")
    page.wait_for_selector("#status:has-text('rows 1–7 of ')")
    assert page.text_content("#page-indicator") == f"page 1 of {-(-rows // 7)}"


def test_the_downloads_are_this_page_and_every_row(page, server):
    open_stats(page, server + "/stats/freq?k=5")
    rows = api(page, server, "freq")["rows"]
    one_page = page.request.get(server + page.get_attribute("#download-csv", "href")).text()
    every = page.request.get(server + page.get_attribute("#download-all-jsonl", "href")).text()
    assert len(one_page.strip().splitlines()) == 1 + 5  # a header line, then the rows
    assert len(every.strip().splitlines()) == rows
    assert page.text_content("#download-total") == f"{rows} rows"


def test_an_error_is_its_one_line(page, server):
    message = page.request.get(server + "/api/stats/freq?by=nope").json()["error"]
    open_stats(page, server + "/stats/freq?by=nope")
    # The page names its own control where the API says by=nope (web/spelling.py).
    label = page.eval_on_selector("[name=by]", "c => ownText(c.closest('label'))")
    assert message.startswith("by=nope: ") and label
    assert status(page) == message.replace("by=nope", f"“{label}” nope", 1)
    assert page.get_attribute("#status", "class") == "error"
    assert page.is_hidden("#stat-table") and page.is_hidden("#chart")


# -- from a count to its lines -----------------------------------------------------------


def count_links(page: Any, field: str) -> dict[str, tuple[int, str]]:
    """Each row's count and the link the count is, by the row's first cell."""
    return {
        cells[0]: (int(cells[1].replace(",", "")), cells[2])
        for cells in page.eval_on_selector_all(
            "#stat-rows tr",
            f"""trs => trs.map(tr => [tr.cells[0].textContent,
                tr.querySelector('td[data-column="{field}"]').textContent,
                (tr.querySelector('td[data-column="{field}"] a') || {{}}).href || ""])""",
        )
    }


@pytest.mark.parametrize(
    ("address", "field", "rows"),
    [
        ("/stats/collocates?word=bank&min_freq=1&k=3", "lines", ("the", "river", "central")),
        ("/stats/collocates?word=bank&window=2&pos=NOUN&where=genre%3Dfiction", "lines", ()),
        ("/stats/keywords?where=genre%3Dnews&min_freq=1&k=3", "focus_freq", ()),
        ("/stats/freq?k=4", "freq", ()),
        ("/stats/freq?by=form&cql=&k=4&doc=d01&doc=d02", "freq", ()),
        ("/stats/freq?by=pos&k=3", "freq", ()),
        ("/stats/freq?by=lemma_pos&k=3&where=genre%3Dletters", "freq", ()),
        ("/stats/freq?by=genre", "freq", ()),
    ],
)
def test_a_count_links_to_as_many_lines(page, server, address, field, rows):
    """The search page opened from a row's count says as many lines as the count."""
    open_stats(page, server + address)
    links = count_links(page, field)
    assert links and all(href for _count, href in links.values()), links
    assert not rows or list(links)[: len(rows)] == list(rows)
    for name, (count, href) in list(links.items())[:4]:
        assert search_total(page, href) == count, (name, href)


@pytest.mark.parametrize(
    ("address", "sort"),
    [
        ("/stats/collocates?word=bank&measure=freq&min_freq=1", None),
        ("/stats/collocates?word=bank&min_freq=1", "collocate_freq"),
        ("/stats/keywords?where=genre%3Dnews&min_freq=1", "reference_freq"),
        ("/stats/freq?k=6", "docs"),
    ],
)
def test_a_bar_of_a_count_opens_as_many_lines_or_none(page, server, address, sort):
    """A chart's bar is a link only to as many lines as its figure, when its figure is a
    count: collocates by freq drew "the: freq 102" (co-occurrences) opening the 82 lines
    of bank with "the" near; a bar of a measure (logDice) opens the row's lines, and says
    how many."""
    open_stats(page, server + address)
    if sort:
        page.click(f'#stat-head button.sort[data-column="{sort}"]')
    bars = page.eval_on_selector_all(
        "#chart-svg g.bar",
        """gs => gs.map(g => [g.dataset.label, Number(g.dataset.value),
            g.parentNode.tagName.toLowerCase() === 'a' ? g.parentNode.getAttribute('href') : '',
            g.querySelector('title').textContent])""",
    )
    assert len(bars) > 1, bars
    differs = 0
    for name, value, href, _title in bars[:6]:
        if href:
            assert search_total(page, server + href) == value, (name, value, href)
        else:
            differs += 1
    assert differs, bars  # the test corpus has such a bar in each
    linked = len(bars[:6]) - differs
    assert linked or sort, bars  # by freq, a collocate whose co-occurrences are its lines
    # The default chart (by logDice) links every bar, each saying how many lines it opens.
    open_stats(page, server + "/stats/collocates?word=bank&min_freq=1&k=3")
    titles = page.eval_on_selector_all(
        "#chart-svg a g.bar title", "ts => ts.map(t => t.textContent)"
    )
    lines = column(page, "lines")
    assert len(titles) == 3 and all(
        title.endswith(f"; opens its {n} lines") for title, n in zip(titles, lines, strict=True)
    ), (titles, lines)


def test_the_row_of_documents_without_the_field_links_to_no_error(page, tmp_path):
    """A frequency list by a field that some documents lack has a "(none)" row; its count
    linked to ``where=genre=(none)``, a search page saying "0 documents have genre
    '(none)'" under a count of its tokens (pass 25y). It is a count without a link."""
    corpus = tmp_path / "corpus.jsonl"
    docs = [{"id": "a", "text": "Rain fell.", "genre": "news"}, {"id": "b", "text": "Sun shone."}]
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with background_server(create_app(tmp_path / "idx")) as url:
        open_stats(page, url + "/stats/freq?by=genre")
        links = count_links(page, "freq")
        assert links["news"][0] == 3 and search_total(page, links["news"][1]) == 3
        assert links["(none)"] == (3, "")


def test_a_page_read_after_another_process_changed_the_index_says_so(page, tmp_path):
    """Pass 25y: the next page of a frequency list read after another process added a
    document said "rows 7-9 of 10" after "rows 4-6 of 9", its rows shifted, and nothing
    else; the search page's pages say it (index_state), and so does this one."""
    corpus = tmp_path / "corpus.jsonl"
    docs = [{"id": "a", "text": "Rain fell on the old town all day."}]
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    more = tmp_path / "more.txt"
    more.write_text("Snow fell.\n", encoding="utf-8")
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none", tagger="none").close()
    with background_server(create_app(tmp_path / "idx")) as url:
        open_stats(page, url + "/stats/freq?k=3")
        assert status(page).startswith("rows 1–3 of 9;")
        page.click("#next-page")
        page.wait_for_function(
            "() => /^rows 4/.test(document.querySelector('#status').textContent)"
        )
        assert "index changed" not in status(page)
        sensegrep.add(tmp_path / "idx", more, tagger="none")
        page.click("#next-page")
        page.wait_for_function(
            "() => /^rows 7/.test(document.querySelector('#status').textContent)"
        )
        assert "note: the index changed since the previous page" in status(page)
        assert "index_state" not in page.text_content("#about")


def test_a_link_keeps_several_parts_of_speech_and_documents(page, server):
    """The search page takes every pos and doc the address names (a link from a
    statistic asked with several)."""
    open_stats(page, server + "/stats/collocates?word=bank&pos=NOUN&pos=VERB&doc=d01&doc=d04")
    count, href = next(iter(count_links(page, "lines").values()))
    assert search_total(page, href) == count
    assert page.eval_on_selector_all("#pos option:checked", "os => os.map(o => o.value)") == [
        "NOUN",
        "VERB",
    ]
    assert page.input_value("#doc") == "d01; d04"


def test_a_sketch_is_a_grid_of_relations_and_a_count_shows_its_lines(page, server):
    open_stats(page, server + "/stats/sketch?word=bank&min_freq=1")
    expected = api(page, server, "sketch", word="bank", min_freq=1)["table"]
    relations = list(dict.fromkeys(row["relation"] for row in expected))
    shown = page.eval_on_selector_all(
        "#grid-view section.relation", "ss => ss.map(s => s.dataset.relation)"
    )
    assert shown == relations
    cell = "#grid-view section[data-relation='object_of'] td.label"
    assert page.text_content(cell) == "rob"
    row = next(r for r in expected if r["relation"] == "object_of")
    page.click("#grid-view section[data-relation='object_of'] button.count")
    page.wait_for_selector("#lines-body tr.line td.node")
    lines = page.eval_on_selector_all("#lines-body tr.line", "trs => trs.map(t => t.dataset.id)")
    assert [int(i) for i in lines] == row["occurrences"][:50]
    nodes = page.eval_on_selector_all("#lines-body td.node", "ns => ns.map(n => n.textContent)")
    assert set(nodes) == {"bank"}
    # The row's search (the word with the collocate near) shows those lines, maybe more.
    hrefs = page.eval_on_selector_all(
        "#stat-rows tr", "trs => trs.map(t => t.querySelector('td.lines-link a').href)"
    )
    assert search_total(page, hrefs[expected.index(row)]) >= len(row["occurrences"])


def test_a_sketch_cut_by_k_says_how_many_rows_the_download_of_all_holds(page, server):
    """With k (the best k of each relation) the page said "8 rows" and offered "all 8
    rows" as CSV and JSONL, whose files hold every row of the sketch, 32 (issue 23, pass
    32g): the page says how many of all it shows, and the files' true counts."""
    open_stats(page, server + "/stats/sketch?word=bank&min_freq=1&k=1")
    cut = api(page, server, "sketch", word="bank", min_freq=1, k=1)
    assert cut["rows"] < cut["rows_in_all"]
    assert status(page).startswith(f"{cut['rows']} of {cut['rows_in_all']} rows")
    every = page.request.get(server + page.get_attribute("#download-all-jsonl", "href")).text()
    assert len(every.strip().splitlines()) == cut["rows_in_all"]
    assert page.text_content("#download-total") == f"{cut['rows_in_all']} rows"
    shown = page.request.get(server + page.get_attribute("#download-jsonl", "href"))
    assert len(shown.text().strip().splitlines()) == cut["rows"]
    # X-Sensegrep-Total is every row, as a collocates page's download says it (it said
    # the rows of the file: 8, where the sketch has 32).
    assert shown.headers["x-sensegrep-total"] == str(cut["rows_in_all"])


def test_a_row_s_lines_come_under_its_own_title_when_another_was_asked_first(browser, server):
    """Pass 28a: a sketch row's lines clicked, then another row's before the first came:
    the first row's lines, last to come, were added under the second row's title."""
    context = browser.new_context(bypass_csp=True)  # the slow fetch is a script of ours
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_stats(page, server + "/stats/sketch?word=bank&min_freq=1")
        expected = api(page, server, "sketch", word="bank", min_freq=1)["table"]
        first, second = [r for r in expected if r["occurrences"]][:2]
        assert set(first["occurrences"]) != set(second["occurrences"])  # else no test
        page.evaluate(SLOW_FETCH, f"/api/context/{first['occurrences'][0]}?")
        counts = page.locator("#stat-rows button.count")
        counts.nth(expected.index(first)).click()
        counts.nth(expected.index(second)).click()
        page.wait_for_selector("#lines-body tr.line td.node")
        page.wait_for_timeout(2500)  # the first row's lines have come by now
        lines = page.eval_on_selector_all("#lines-body tr.line", "ts => ts.map(t => t.dataset.id)")
        assert [int(i) for i in lines] == second["occurrences"][:50]
        n = len(second["occurrences"])
        assert page.text_content("#lines-title").endswith(f": {n} line{'s' if n > 1 else ''}")
    finally:
        context.close()


def test_back_to_the_page_without_a_query_shows_no_rows_of_the_one_after(page, server):
    """Pass 28a: Back from the keywords of genre=news to the statistic's page without a
    query left those rows, their status and downloads under the emptied form."""
    page.goto(server + "/stats/keywords")
    page.wait_for_selector("#f-where")
    page.fill("#f-where", "genre=news")
    page.click("#stat-run")
    page.wait_for_selector("#stat-rows tr")
    assert "(a subcorpus of the index's " in status(page)
    page.go_back()
    page.wait_for_selector("#stat-table", state="hidden")
    assert page.input_value("#f-where") == "" and status(page) == ""
    assert page.is_hidden("#downloads") and page.is_hidden("#pager")
    page.go_forward()  # and Forward counts it again
    page.wait_for_selector("#stat-rows tr")
    assert "(a subcorpus of the index's " in status(page)


def test_a_word_without_occurrences_is_its_one_line(page, server):
    open_stats(page, server + "/stats/sketch?word=zebra")
    assert "no occurrences of 'zebra'" in status(page)


# -- by sense ------------------------------------------------------------------------------


def test_collocates_by_sense_are_side_by_side(page, sense_server):
    open_stats(page, sense_server + "/stats/collocates?word=bank&by_sense=true&min_freq=1&k=4")
    expected = api(page, sense_server, "collocates", word="bank", by_sense="true", min_freq=1, k=4)
    senses = sorted({row["sense"] for row in expected["table"]})
    shown = page.eval_on_selector_all("#grid-view table.mini", "ts => ts.map(t => t.dataset.sense)")
    assert [int(s) for s in shown] == senses and len(senses) == 2
    for sense in senses:
        own = [r["collocate"] for r in expected["table"] if r["sense"] == sense]
        labels = page.eval_on_selector_all(
            f"#grid-view table.mini[data-sense='{sense}'] td.label",
            "ls => ls.map(l => l.textContent)",
        )
        assert labels == own
    assert "of each sense" in status(page)
    # A sense's count opens its lines: the search with the sense and its run.
    count, href = page.eval_on_selector(
        "#grid-view table.mini[data-sense='2'] td.num a",
        "a => [Number(a.textContent.replace(/,/g, '')), a.href]",
    )
    assert "sense=2" in href and "senses_run=" in href
    assert search_total(page, href) == count


def test_the_last_page_by_sense_is_the_last_of_its_largest_sense(page, sense_server):
    """A page by sense that held the last rows of the largest sense offered Next, to an
    empty page said "page N of N" (counted from the rows of all the senses, as if in one
    list; pass 32g): the pages are those of the largest sense, and past them is said."""
    params = {"word": "bank", "by_sense": "true", "min_freq": 1}
    most = max(api(page, sense_server, "collocates", **params)["rows_per_sense"].values())
    address = f"{sense_server}/stats/collocates?{urlencode(params)}&k={most}"
    open_stats(page, address)
    assert page.text_content("#page-indicator") == "page 1 of 1"
    assert page.is_disabled("#next-page")
    open_stats(page, f"{address}&offset={most}")
    assert status(page).startswith(f"no rows from {most + 1}")
    assert page.text_content("#page-indicator") == "past the last page (1)"
    page.click("#prev-page")
    page.wait_for_selector("#status:has-text('rows 1–')")
    assert "offset=" not in page.url


def test_the_pages_by_sense_stay_in_the_run_of_the_first(page, corpus: Path):
    """Pass 28a: collocates by sense paged after another process made another run of
    the word current (senses --use): the next page was of that run, another clustering
    under "rows 3-4 of each sense", unsaid. The first page's run is kept in the address."""
    folder = corpus.parent / "runs"
    with sensegrep.build(folder, corpus, model="fake:16") as index:
        first = index.senses("bank", 2).info.id
        other = index.senses("bank", 3).info.id
        index.use_senses("bank", first)
    with background_server(create_app(folder)) as url:
        open_stats(page, url + "/stats/collocates?word=bank&by_sense=true&min_freq=1&k=2")
        assert f"senses_run={first}" in page.url
        assert page.input_value("#f-senses_run") == str(first)
        with sensegrep.open(folder) as index:  # as another process would
            index.use_senses("bank", other)
        page.click("#next-page")
        page.wait_for_selector("#status:has-text('rows 3–4 of each sense')")
        expected = api(
            page, url, "collocates", word="bank", by_sense="true", min_freq=1, k=2, offset=2,
            senses_run=first,
        )  # fmt: skip
        assert expected["sense_run"] == first
        shown = page.eval_on_selector_all("#grid-view td.label", "ls => ls.map(l => l.textContent)")
        assert shown == [row["collocate"] for row in expected["table"]]
        assert f"sense run: {first} " in page.text_content("#about") + " "


def test_the_pages_of_key_senses_stay_in_the_run_of_the_first(page, corpus: Path):
    """The key senses of one word paged after another process made another run of it
    current: the next page was of that run ("rows 3-3 of 3" after "rows 1-2 of 3", its
    sense 3 another clustering's), unsaid, as collocates by sense were before their run
    was kept. The first page's run is kept in the address (key senses name it in
    sense_runs)."""
    folder = corpus.parent / "key-runs"
    with sensegrep.build(folder, corpus, model="fake:16") as index:
        first = index.senses("bank", 3).info.id
        other = index.senses("bank", 2).info.id
        index.use_senses("bank", first)
        river = index.senses("river", 2).info.id
    with background_server(create_app(folder)) as url:
        query = {"where": "genre=news", "key_senses": "bank", "direction": "both", "min_freq": 1}
        open_stats(page, url + "/stats/keywords?" + urlencode(query) + "&k=2")
        assert f"senses_run={first}" in page.url
        assert page.input_value("#f-senses_run") == str(first)
        with sensegrep.open(folder) as index:  # as another process would
            index.use_senses("bank", other)
        page.click("#next-page")
        page.wait_for_selector("#status:has-text('rows 3–')")
        expected = api(page, url, "keywords", **query, k=2, offset=2, senses_run=first)
        assert expected["sense_runs"] == {"bank": first} and expected["table"]
        assert column(page, "sense_run") == [str(first)] * len(expected["table"])
        assert column(page, "sense") == [str(row["sense"]) for row in expected["table"]]
        # Another word typed in the form is counted in its own run, not refused with bank's.
        page.fill("#f-key_senses", "river")
        page.click("#stat-run")
        page.wait_for_selector("#status:has-text('rows 1–')")
        assert f"senses_run={river}" in page.url
        assert set(column(page, "sense_run")) == {str(river)}


def test_a_sketch_by_sense_puts_each_relation_s_senses_side_by_side(page, sense_server):
    open_stats(page, sense_server + "/stats/sketch?word=bank&by_sense=true&min_freq=1")
    expected = api(page, sense_server, "sketch", word="bank", by_sense="true", min_freq=1)
    for relation in dict.fromkeys(row["relation"] for row in expected["table"]):
        rows = [r for r in expected["table"] if r["relation"] == relation]
        senses = list(dict.fromkeys(r["sense"] for r in rows))
        shown = page.eval_on_selector_all(
            f"#grid-view section[data-relation='{relation}'] table.mini",
            "ts => ts.map(t => Number(t.dataset.sense))",
        )
        assert shown == senses, relation


def test_a_sketch_by_sense_cut_by_k_says_it_kept_the_best_of_each_relation_and_sense(
    page, sense_server
):
    """Pass 35e: `sketch --by-sense -k 1` says "(-k: the best of each relation and sense)";
    the page said "(k: the best of each relation)" above two rows of one relation."""
    open_stats(page, sense_server + "/stats/sketch?word=bank&by_sense=true&min_freq=1&k=1")
    cut = api(page, sense_server, "sketch", word="bank", by_sense="true", min_freq=1, k=1)
    assert cut["rows"] < cut["rows_in_all"]
    relations = [row["relation"] for row in cut["table"]]
    assert len(relations) > len(set(relations))  # a relation with a row of each sense
    assert status(page).startswith(
        f"{cut['rows']} of {cut['rows_in_all']} rows (k: the best of each relation and sense); "
    ), status(page)


def test_a_value_written_empty_is_named_in_a_frequency_list_by_its_field(page, tmp_path: Path):
    """Pass 35e: `freq --by genre` names the genre written empty '' (the search chart's bar
    too); the page's row and bar had a blank name, a row of nothing beside news."""
    corpus = tmp_path / "corpus.conllu"
    rows = ["1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_", "2\tbank\tbank\tNOUN\tNN\t_\t0\troot\t_\t_"]
    corpus.write_text(
        "".join(
            f"# newdoc id = {doc}\n# newdoc genre = {genre}\n# text = The bank\n"
            + "\n".join(rows)
            + "\n\n"
            for doc, genre in (("a", "news"), ("b", ""))
        ),
        encoding="utf-8",
    )
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none").close()
    with background_server(create_app(tmp_path / "idx")) as url:
        items = [r["item"] for r in api(page, url, "freq", by="genre")["table"]]
        assert sorted(items) == ["", "news"]
        open_stats(page, url + "/stats/freq?by=genre")
        names = page.eval_on_selector_all(
            "#stat-rows td[data-column='item']", "tds => tds.map(td => td.textContent)"
        )
        bars = page.eval_on_selector_all(
            "#chart-svg .bar-label", "ts => ts.map(t => t.textContent)"
        )
    shown = [item or "''" for item in items]
    assert names == shown and bars == shown


def test_the_script_builds_no_markup_and_loads_nothing_from_elsewhere(page, server):
    script = page.request.get(server + "/static/stats.js").text()
    assert "innerHTML" not in script and "http" not in script.replace("HTTP ", "")


def test_the_page_s_addresses(page, server):
    """/stats opens the first statistic (keeping a query); an unknown one is a 404 that
    names them; the page carries the app's Content-Security-Policy."""
    first = next(iter(request.STATISTICS))
    response = page.request.get(server + "/stats?k=5", max_redirects=0)
    assert response.status == 307 and response.headers["location"] == f"/stats/{first}?k=5"
    shown = page.request.get(server + f"/stats/{first}")
    assert shown.ok and "script-src 'self'" in shown.headers["content-security-policy"]
    missing = page.request.get(server + "/stats/nothing", headers={"accept": "text/html"})
    assert missing.status == 404 and all(name in missing.text() for name in request.STATISTICS)
    assert "/api/stats" in page.request.get(server + "/openapi.json").json()["paths"]


def test_key_senses_link_to_each_sense_s_lines_in_the_focus(page, sense_server):
    address = "/stats/keywords?where=genre%3Dnews&key_senses=bank&direction=both&min_freq=1"
    open_stats(page, sense_server + address)
    links = page.eval_on_selector_all(
        "#stat-rows td[data-column='focus_freq'] a",
        "as => as.map(a => [Number(a.textContent.replace(/,/g, '')), a.href])",
    )
    assert len(links) == 2  # the two senses of the stored run
    for count, href in links:
        assert "sense=" in href and "where=genre%3Dnews" in href
        assert search_total(page, href) == count


def test_the_tabs_are_links_the_arrow_keys_move_between(page, server):
    page.goto(server + "/stats/freq")
    page.wait_for_selector("#stat-fields label")
    page.focus("#tab-freq")
    page.keyboard.press("ArrowRight")
    second = list(request.STATISTICS)[1]
    assert page.evaluate("document.activeElement.id") == f"tab-{second}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/stats/{second}")
    page.wait_for_selector("#stat-fields label")
    assert page.get_attribute(f"#tab-{second}", "aria-selected") == "true"


def test_change_links_each_group_s_count_and_the_word_s_senses(page, sense_server):
    """A statistic merged after the page (change) has its tab and form from its
    declaration; each group's count (freq_a, freq_b: rows carry where_a, where_b) opens
    the word's lines in that group; the word links to its sense timeline (the groups
    marked: tests/web/test_web_timeline_page.py) and its senses page, in its run."""
    address = "/stats/change?by=genre&between=news&between=fiction&words=bank%2Criver"
    open_stats(page, sense_server + address)
    expected = api(page, sense_server, "change", by="genre", between=["news", "fiction"],
                   words="bank,river")  # fmt: skip
    assert column(page, "word") == [row["word"] for row in expected["table"]]
    links = page.eval_on_selector_all(
        "#stat-rows td[data-column='freq_a'] a, #stat-rows td[data-column='freq_b'] a, "
        "#stat-rows td[data-column='matches_a'] a, #stat-rows td[data-column='matches_b'] a",
        "as => as.map(a => [Number(a.textContent.replace(/,/g, '')), a.href])",
    )
    # Every token of these nouns has a vector: freq_a is matches_a, both linked.
    assert len(links) == 4 * len(expected["table"])
    senses = [r for r in expected["table"] if r["sense_run"] is not None]
    assert senses  # bank's stored run
    cell = f"#stat-rows tr:has(td[data-column='word']:text-is('{senses[0]['word']}')) td.lines-link"
    word, run = senses[0]["word"], senses[0]["sense_run"]
    timeline = page.get_attribute(f"{cell} a.timeline-link", "href")
    assert timeline == f"/senses/{word}/timeline?by=genre&senses={run}&between=news&between=fiction"
    href = page.get_attribute(f"{cell} a.examples-link", "href")
    assert href == f"/senses/{word}?senses={run}&by=genre"
    for count, link in links:
        assert search_total(page, link) == count
    page.goto(sense_server + href)
    assert page.text_content("#headline").startswith(f"{senses[0]['word']}: ")


def test_change_s_groups_are_asked_for_as_the_page_takes_them(page, sense_server):
    """Issue 23 (new-user pass): change's *between* box showed "A B; … (several)" and
    its error said “between” A B (“between” ..1899 1900..); typed so, as one value, the
    page sent one group and the error came back. The box shows A; B, and the message
    asks for the groups the way each caller gives them (the command line's two words
    after one --between; here, two values)."""
    page.goto(sense_server + "/stats/change")
    page.wait_for_selector("[name=between]")
    assert page.get_attribute("[name=between]", "placeholder") == "A; B"
    page.fill("[name=by]", "genre")
    page.fill("[name=between]", "news fiction")
    page.click("#stat-run")
    page.wait_for_selector("#status.error")
    message = status(page)
    assert "A B" not in message and "..1899 1900.." not in message
    assert "“between” twice" in message
    refused = page.request.get(sense_server + "/api/stats/change?by=genre&between=news")
    assert "between twice" in refused.json()["error"] and "A B" not in refused.json()["error"]
    page.fill("[name=between]", "news; fiction")
    page.click("#stat-run")
    page.wait_for_selector("#stat-table:not([hidden])")


def test_a_figure_too_small_for_four_decimals_keeps_two_digits(page, server):
    """The statistics and timeline pages wrote every figure to 4 decimals: one under
    0.00005 (a per million in a corpus of billions, a tiny p) showed as 0, a figure that
    is not 0 read as none. The pages' figures go through common.js's decimalText."""
    page.goto(f"{server}/stats/freq")
    shown = page.evaluate(
        "(xs) => xs.map(decimalText)", [0, 12345.6, 0.12345, 0.00005, 0.00003, -0.000012, 1.2e-9]
    )
    assert shown == ["0", "12,345.6", "0.1235", "0.0001", "0.000030", "-0.000012", "1.2e-9"]


def test_an_address_s_other_spelling_of_a_parameter_is_counted(page, server, corpus):
    """Pass 33o: /stats/freq?docs=d01 (docs, a spelling the route and the page's check
    take, as README says) counted the whole corpus, the address still saying docs=d01;
    and /stats/collocates?…&senses=1 (the senses page's spelling of a run) counted the
    current run, 2."""
    open_stats(page, server + "/stats/freq?docs=d01&k=100")
    expected = api(page, server, "freq", doc="d01", k=100)
    assert f"counted in {expected['tokens']:,} tokens (a subcorpus" in status(page)
    assert page.input_value("#f-doc") == "d01"
    folder = corpus.parent / "two-runs"
    with sensegrep.build(folder, corpus, model="fake:16") as index:
        index.senses("bank", 2)
        index.senses("bank", 3)  # run 2, the current one
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/stats/collocates" in r.url else None)
    with background_server(create_app(folder)) as url:
        open_stats(page, url + "/stats/collocates?word=bank&by_sense=true&senses=1")
        assert "senses_run=1" in asked[-1]
        assert page.input_value("#f-senses_run") == "1"


def test_a_pattern_by_a_field_says_what_its_value_columns_are_of(page, server):
    """freq by a metadata field with a pattern: per_million_value and value_tokens are of
    the documents with the row's value, which their headers say, as search --count does
    (bare, "per million value" read as of the index, or of the value typed)."""
    open_stats(page, server + "/stats/freq?by=genre&cql=%5Blemma%3D%22bank%22%5D")
    expected = api(page, server, "freq", by="genre", cql='[lemma="bank"]')
    heads = page.eval_on_selector_all("#stat-head th", "ths => ths.map(t => t.textContent)")
    assert "per million valueper million tokens of the documents with the row's genre" in heads
    assert "value tokenstokens of the documents with the row's genre" in heads
    shown = column(page, "value_tokens")
    assert shown == [f"{row['value_tokens']:,}" for row in expected["table"]]
    pattern = "/stats/freq?by=genre&cql=%5Blemma%3D%22bank%22%5D"
    open_stats(page, server + pattern + "&where=genre%3Dnews")
    heads = page.eval_on_selector_all("#stat-head th", "ths => ths.map(t => t.textContent)")
    assert any(h.endswith("with the row's genre in the subcorpus") for h in heads)
