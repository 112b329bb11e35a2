"""The sense timeline page (/senses/WORD/timeline, static/timeline.js) in Chromium: its
bars are the figures of GET /api/senses/WORD?by=FIELD (stacked per bin of a numeric
field, grouped per value of a text one), hovering a bar shows that row's exact figures,
clicking one opens the search page with as many lines as the bar's count; the two
groups of a `change` row are marked and counted, and change's rows link here. On the
seeded clusters of tests/senses/seeded.py (fake vectors, years and genres), with a
stored sense run of "bank" (and once without one). The expected figures come from the
JSON API and the search page, not from the page's own code; the page runs under the
app's Content-Security-Policy."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from ..helpers import CHROMIUM

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")

import sensegrep
from sensegrep.storage import Index
from sensegrep.web import create_app
from sensegrep.web.server import background_server

from ..senses.seeded import CONFIG, add_documents, group_centres, make_doc, seeded_index

BINNED = "/senses/bank/timeline?by=year&bin_width=10"

SLOW_FETCH = """(part) => { const f = window.fetch; window.fetch = async (u, o) => {
  const r = await f(u, o);
  if (String(u).includes(part)) await new Promise(ok => setTimeout(ok, 1500));
  return r; }; }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeded index with a stored sense run of "bank" (its links name that run)."""
    folder = tmp_path_factory.mktemp("timeline") / "idx"
    seeded_index(folder)
    with sensegrep.open(folder) as index:
        index.senses("bank")
    with background_server(create_app(folder)) as url:
        yield url


@pytest.fixture(scope="module")
def unstored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same index without a sense run (a GET induces one for itself only), and two
    documents without a year, whose bar no search can list."""
    folder = tmp_path_factory.mktemp("timeline-unstored") / "idx"
    seeded_index(folder)
    river = group_centres()["river"]
    undated = [(make_doc(f"undated{i}", ["the", "bank", "river"], {}), river) for i in range(2)]
    with Index.open_for_writing(folder, CONFIG) as index:
        add_documents(index, undated, seed=2, tag="undated")
    with background_server(create_app(folder)) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page under the app's Content-Security-Policy: a script error, a dialog
    or a refused inline style or script fails the test."""
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


def by_api(page: Any, url: str, **params: Any) -> dict[str, Any]:
    response = page.request.get(f"{url}/api/senses/bank?{urlencode(params)}")
    assert response.ok, response.text()
    return response.json()["by"]


def bank_by_genre(tmp_path: Any, genres: list[Any]) -> Any:
    """An index of one document "the bank river" (river sense) per genre given, with a
    stored sense run of bank: the timeline's genre rows to read."""
    centres = group_centres()
    docs = [
        (make_doc(f"d{n}", ["the", "bank", "river"], {"genre": g}), centres["river"])
        for n, g in enumerate(genres)
    ]
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as index:
        add_documents(index, docs, seed=2)
    with sensegrep.open(folder) as index:
        index.senses("bank", n=1)
    return folder


def genre_counts_followed(page: Any, url: str) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Each count link of the timeline by genre shown, as (its count, the total of the
    search it opens) by row, and the rows of the senses page's By genre table."""
    links = page.eval_on_selector_all(
        "#timeline-table a.count",
        "as => as.map(a => [a.closest('tr').firstElementChild.textContent,"
        " Number(a.textContent), a.getAttribute('href')])",
    )
    totals = {}
    for value, count, href in links:
        page.goto(url + href)
        totals[value] = (count, search_total(page))
    page.goto(url + "/senses/bank?by=genre")
    rows = page.eval_on_selector_all(
        "#by-table tbody tr", "rs => rs.map(r => r.firstElementChild.textContent)"
    )
    return totals, rows


def open_timeline(page: Any, address: str) -> None:
    page.goto(address)
    page.wait_for_function(
        "() => { const s = document.querySelector('#status').textContent;"
        " return s && s !== 'Counting…'; }"
    )


def bars(page: Any) -> list[dict[str, Any]]:
    """Each drawn bar: its row, sense, count, link and rectangle."""
    return page.eval_on_selector_all(
        "#timeline-svg [data-sense]",
        """ns => ns.map(n => { const r = n.querySelector('rect');
            return {row: Number(n.dataset.row), sense: Number(n.dataset.sense),
                    value: n.dataset.value, count: Number(n.dataset.count),
                    href: n.getAttribute('href'), x: Number(r.getAttribute('x')),
                    height: Number(r.getAttribute('height'))}; })""",
    )


def search_total(page: Any) -> int:
    """How many lines the search page (just opened) says it has."""
    page.wait_for_function(
        "() => /^(lines|no lines)/.test(document.querySelector('#status').textContent)"
    )
    found = re.search(r"lines \d[\d,]*–\d[\d,]* of ([\d,]+) ", page.text_content("#status"))
    return int(found.group(1).replace(",", "")) if found else 0


# -- what it draws -----------------------------------------------------------------------


def test_a_numeric_field_is_a_stacked_bar_per_bin_of_the_api_s_counts(page, server):
    open_timeline(page, server + BINNED)
    by = by_api(page, server, by="year", bin_width=10)
    assert by["values"] == ["1950..1959", "1960..1969", "1970..1979", "1980..1989"]
    drawn = bars(page)
    expected = [
        (r, s + 1, count)
        for r, counts in enumerate(by["counts"])
        for s, count in enumerate(counts)
        if count
    ]
    assert [(b["row"], b["sense"], b["count"]) for b in drawn] == expected
    assert all(b["value"] == by["values"][b["row"]] for b in drawn)
    # Stacked: a bin's senses share one x; shares fill the bar's height.
    for r in range(len(by["values"])):
        own = [b for b in drawn if b["row"] == r]
        assert len({b["x"] for b in own}) == 1
        heights = [b["height"] for b in own]
        for b, share in zip(own, [by["share"][r][b["sense"] - 1] for b in own], strict=True):
            assert b["height"] / sum(heights) == pytest.approx(share, abs=0.002)
    assert page.get_attribute("#timeline-svg", "aria-label").startswith("stacked bar chart")
    # The legend: each sense's name and the run its numbers are of.
    legend = page.eval_on_selector_all(
        "#timeline-legend li", "ls => ls.map(l => [Number(l.dataset.sense), l.textContent])"
    )
    assert [sense for sense, _text in legend] == [s["sense"] for s in by["senses"]]
    for (_sense, text), sense in zip(legend, by["senses"], strict=True):
        assert text.startswith(f" {sense['name']} ") and f"run {by['run']}" in text
    assert page.get_attribute("#timeline-run", "data-run") == str(by["run"])
    assert page.text_content("#headline") == "bank by year: 54 occurrences, 3 senses"


def test_hovering_a_bar_shows_the_api_s_figures_of_its_row(page, server):
    open_timeline(page, server + BINNED)
    every = by_api(page, server, by="year", bin_width=10)["rows"]
    rows = {(r["value"], r["sense"]): r for r in every}
    for n in (0, 4, 7):
        bar = page.locator("#timeline-svg a.seg-link").nth(n)
        bar.hover()
        page.wait_for_selector("#timeline-tip:not([hidden])")
        value, sense = bar.get_attribute("data-value"), int(bar.get_attribute("data-sense"))
        row = rows[(value, sense)]
        figures = page.eval_on_selector_all(
            "#timeline-tip dd",
            "ds => Object.fromEntries(ds.map(d => [d.dataset.field, d.dataset.value]))",
        )
        assert figures == {
            name: "" if row[name] is None else str(row[name])
            for name in ("count", "share", "per_million", "dp", "docs")
        }
        shown = page.text_content("#timeline-tip")
        assert f"year {value} · sense {sense}" in shown
        assert f"{row['count']} of {row['total']}" in shown
        assert f"{row['per_million']:,} (of {row['tokens']} tokens)" in shown
        assert f"click: these {row['count']} line" in shown
    page.mouse.move(5, 5)
    page.wait_for_selector("#timeline-tip", state="hidden")


def test_clicking_a_bar_opens_as_many_lines_as_its_count(page, server):
    open_timeline(page, server + BINNED)
    chosen = [b for b in bars(page) if b["row"] == 1][1]  # 1960..1969, its second sense
    search = parse_qs(urlparse(chosen["href"]).query)
    assert search == {
        "word": ["bank"],
        "sense": [str(chosen["sense"])],
        "senses_run": [page.get_attribute("#timeline-run", "data-run")],
        "where": ["year=1960..1969"],
    }
    page.click(f"#timeline-svg a.seg-link[data-row='1'][data-sense='{chosen['sense']}']")
    page.wait_for_url("**/?word=bank*")
    assert search_total(page) == chosen["count"] > 0


def test_the_bars_show_per_million_or_counts_and_the_address_says_which(page, server):
    open_timeline(page, server + BINNED)
    page.check("input[name=measure][value=per_million]")
    assert "measure=per_million" in page.url
    by = by_api(page, server, by="year", bin_width=10)
    drawn = bars(page)
    first = [b for b in drawn if b["row"] == 0]
    # Heights in proportion to the senses' per million (of one bin: the same tokens).
    ratio = first[0]["height"] / first[1]["height"]
    assert ratio == pytest.approx(by["per_million"][0][0] / by["per_million"][0][1], rel=0.01)
    assert "per million tokens" in page.text_content("#timeline-caption")
    page.reload()  # the address keeps it
    page.wait_for_selector("#timeline-svg a.seg-link", state="attached")
    assert page.is_checked("input[name=measure][value=per_million]")
    page.check("input[name=measure][value=count]")
    tallest = max(bars(page), key=lambda b: b["height"])
    assert tallest["count"] == max(max(c) for c in by["counts"])


def test_a_text_field_is_grouped_bars_per_value(page, server):
    open_timeline(page, server + "/senses/bank/timeline?by=genre")
    by = by_api(page, server, by="genre")
    assert by["numeric"] is False
    drawn = bars(page)
    expected = [
        (r, s + 1, c) for r, counts in enumerate(by["counts"]) for s, c in enumerate(counts) if c
    ]
    assert [(b["row"], b["sense"], b["count"]) for b in drawn] == expected
    assert page.get_attribute("#timeline-svg", "aria-label").startswith("grouped bar chart")
    # Each sense has its own place in a value's group: sense 1 left of 2, left of 3.
    slot = page.eval_on_selector("#timeline-svg .slot-area", "r => Number(r.getAttribute('width'))")
    offsets = {b["sense"]: b["x"] - b["row"] * slot for b in drawn}
    assert offsets[1] < offsets[2] < offsets[3]
    page.click("#timeline-svg a.seg-link[data-value='news']")
    page.wait_for_url("**/?word=bank*")
    assert search_total(page) == by["counts"][by["values"].index("news")][1]


def test_the_table_lists_every_figure_and_links_each_count(page, server):
    open_timeline(page, server + BINNED)
    by = by_api(page, server, by="year", bin_width=10)
    cells = page.eval_on_selector_all(
        "#timeline-rows tr",
        "trs => trs.map(tr => [tr.dataset.value, tr.cells[1].textContent,"
        " [...tr.querySelectorAll('td[data-sense] a')].map(a => a.textContent)])",
    )
    assert [c[0] for c in cells] == by["values"]
    assert [c[1] for c in cells] == [f"{t:,}" for t in by["tokens"]]
    assert [c[2] for c in cells] == [[str(n) for n in counts if n] for counts in by["counts"]]


def _year_timeline(page, tmp_path, docs, senses: int) -> tuple[dict, list[str], list[str]]:
    """``docs`` indexed, bank's senses induced (``senses`` of them), its timeline by year
    opened: the API's figures, the table's share cells and the legend's shares."""
    folder = tmp_path / "idx"
    with Index.open_for_writing(folder, CONFIG) as index:
        add_documents(index, docs, seed=2)
    with sensegrep.open(folder) as index:
        index.senses("bank", n=senses)
    with background_server(create_app(folder)) as url:
        open_timeline(page, url + "/senses/bank/timeline?by=year")
        by = by_api(page, url, by="year")
        shares = page.eval_on_selector_all(
            "#timeline-rows tr td[data-sense] + td", "tds => tds.map(td => td.textContent)"
        )
        legend = page.eval_on_selector_all(
            "#timeline-legend li span.muted", "ss => ss.map(s => s.textContent)"
        )
    return by, shares, legend


def test_the_shares_shown_are_the_counts_over_the_row(page, tmp_path):
    """Pass 23i: the table, the hover box and the legend showed the API's share (rounded
    to 4 decimals) as a percentage, rounding it again: 4 of 21 (0.190476…) as 19.1%."""
    centres = group_centres()
    docs = [
        (make_doc(f"d{n:02d}", ["the", "bank", "river"], {"year": 1990}), centres["river"])
        for n in range(4)
    ] + [
        (make_doc(f"m{n:02d}", ["the", "bank", "money"], {"year": 1990}), centres["money"])
        for n in range(17)
    ]
    by, shares, legend = _year_timeline(page, tmp_path, docs, senses=2)
    assert sorted(by["counts"][0]) == [4, 17]
    # By hand: 4/21 = 0.190476 → 19%, 17/21 = 0.809524 → 81% (one decimal at most).
    expected = ["19%" if n == 4 else "81%" for n in by["counts"][0]]
    assert shares[:2] == expected
    assert [text.split("(")[1].split(")")[0] for text in legend] == expected


def test_a_row_without_the_word_shows_no_share(page, tmp_path):
    """A year with documents but no "bank" is a row of the timeline's table: its share
    cells said 0%, as if each sense had fallen to nothing there; there is no occurrence
    to share (the API's share is null), so they say "–"."""
    centres = group_centres()
    docs = [
        (make_doc(f"d{n:02d}", ["the", "bank", "river"], {"year": 1990}), centres["river"])
        for n in range(3)
    ] + [(make_doc("e00", ["the", "shore", "river"], {"year": 1995}), centres["river"])]
    by, shares, _ = _year_timeline(page, tmp_path, docs, senses=1)
    assert by["values"] == ["1990", "1995"] and by["share"] == [[1.0], [None]]
    assert shares == ["100%", "–"]


def test_a_list_value_is_in_each_item_s_row_and_the_word_counted_once(page, tmp_path):
    """Pass 25w: a document whose genre is a list ([news, sport]) is in the news row and
    in the sport row, as a search with where genre=news takes it: each count opens as
    many lines (the news row counted only the documents of news alone, its link more),
    the headline counts each occurrence once (not the rows' sum) and a note says why
    the rows add up to more; the senses page's table too. By hand: 3 news, 2 sport, one
    of news and sport, each with one "bank"."""
    folder = bank_by_genre(tmp_path, ["news"] * 3 + ["sport"] * 2 + [["news", "sport"]])
    with background_server(create_app(folder)) as url:
        open_timeline(page, url + "/senses/bank/timeline?by=genre")
        headline = page.text_content("#headline")
        status = page.text_content("#status")
        totals, rows = genre_counts_followed(page, url)
        notes = page.eval_on_selector_all(".by-note", "ns => ns.map(n => n.textContent)")
    assert totals == {"news": (4, 4), "sport": (3, 3)}
    assert headline.startswith("bank by genre: 6 occurrences")
    assert "list of values" in status
    assert rows == ["news", "sport"] and len(notes) == 1 and "list of values" in notes[0]


# -- two groups, and change's links -------------------------------------------------------


def test_the_two_groups_are_marked_and_counted_as_change_counts_them(page, server):
    groups = {"between": ["..1965", "1966.."]}
    open_timeline(page, server + BINNED + "&" + urlencode(groups, doseq=True))
    page.wait_for_selector("#groups .group-row")
    change = page.request.get(
        f"{server}/api/stats/change?by=year&words=bank&{urlencode(groups, doseq=True)}"
    ).json()["table"][0]
    totals = page.eval_on_selector_all(
        "#groups .group-row",
        "rs => rs.map(r => [...r.querySelectorAll('a.group-seg')]"
        ".reduce((n, a) => n + Number(a.dataset.count), 0))",
    )
    assert totals == [change["freq_a"], change["freq_b"]]
    assert page.text_content("#groups-jsd") == f"(Jensen–Shannon divergence {change['jsd']})"
    # Bins 1950..1959 and 1960..1969 are in A, 1960..1969 to 1980..1989 in B.
    marked = page.eval_on_selector_all(
        "#timeline-svg g.band", "gs => gs.map(g => g.querySelectorAll('rect').length)"
    )
    assert marked == [2, 3]
    href = page.get_attribute("#groups .group-row[data-group='B'] a.group-seg", "href")
    count = int(page.get_attribute("#groups .group-row[data-group='B'] a.group-seg", "data-count"))
    assert parse_qs(urlparse(href).query)["where"] == ["year=1966.."]
    page.goto(server + href)
    assert search_total(page) == count


def test_a_where_the_bars_do_not_count_is_said_to_choose_the_groups_only(page, server):
    """A change row's timeline carries its where (the groups' subcorpus), but the bars
    and the table count the whole index: the page said only "… tokens in … documents"
    under an address reading where=year=1950..1969 (issue 23, pass 23g)."""
    where = {"where": "year=1950..1969", "between": ["..1959", "1960.."]}
    open_timeline(page, server + BINNED + "&" + urlencode(where, doseq=True))
    whole = by_api(page, server, by="year", bin_width=10)
    assert sum(map(sum, whole["counts"])) == sum(b["count"] for b in bars(page))
    assert page.text_content("#status").endswith(
        "(the whole index: where year=1950..1969 chooses the documents of the two groups only)"
    )
    open_timeline(page, server + BINNED)
    assert "the whole index" not in page.text_content("#status")


def test_a_change_row_links_to_its_timeline_and_its_examples(page, server):
    query = "by=year&between=..1965&between=1966..&words=bank"
    page.goto(f"{server}/stats/change?{query}")
    page.wait_for_selector("#stat-rows tr td.lines-link a")
    row = page.request.get(f"{server}/api/stats/change?{query}").json()["table"][0]
    timeline = page.get_attribute("#stat-rows td.lines-link a.timeline-link", "href")
    examples = page.get_attribute("#stat-rows td.lines-link a.examples-link", "href")
    run = row["sense_run"]
    assert timeline == f"/senses/bank/timeline?by=year&senses={run}&between=..1965&between=1966.."
    assert examples == f"/senses/bank?senses={run}&by=year"
    page.click("#stat-rows td.lines-link a.timeline-link")
    page.wait_for_selector("#groups a.group-seg")
    totals = page.eval_on_selector_all(
        "#groups .group-row",
        "rs => rs.map(r => [...r.querySelectorAll('a.group-seg')]"
        ".reduce((n, a) => n + Number(a.dataset.count), 0))",
    )
    assert totals == [row["freq_a"], row["freq_b"]]
    assert page.get_attribute("#timeline-run", "data-run") == str(run)
    page.goto(server + examples)
    assert page.text_content("#headline").startswith("bank: 54 occurrences")
    assert page.locator("#senses .examples li").count() > 0


# -- where it is reached from, and its address --------------------------------------------


def test_the_senses_page_links_to_the_timeline(page, server):
    page.goto(server + "/senses/bank?by=year")
    page.click("#timeline-link")
    page.wait_for_selector("#timeline-svg a.seg-link", state="attached")
    assert "/senses/bank/timeline?by=year&senses=" in page.url
    assert page.input_value("#t-by") == "year"


def test_the_form_keeps_everything_in_the_address(page, server):
    open_timeline(page, server + "/senses/bank/timeline?by=genre")
    run = page.get_attribute("#timeline-run", "data-run")  # the run drawn (pass 32a)
    page.select_option("#t-by", "year")
    page.fill("#t-bin-width", "20")
    page.fill("#t-group-a", "..1959")
    page.fill("#t-group-b", "1980..")
    page.click("#t-draw")
    page.wait_for_selector("#groups a.group-seg")
    assert page.url.endswith(
        f"/senses/bank/timeline?by=year&bin_width=20&between=..1959&between=1980..&senses={run}"
    )
    assert len({b["row"] for b in bars(page)}) == 3
    page.go_back()
    page.wait_for_function("document.querySelector('#t-by').value === 'genre'")
    page.wait_for_selector("#groups", state="hidden")


def test_a_drawing_answered_after_a_later_one_never_draws_its_bars(browser, server):
    """Pass 27b: bins of 20 asked, then bins of 10 before the first answer came: the
    first answer, last to come, drew its bars under the address and form of bins of 10.
    Only the newest drawing draws."""
    context = browser.new_context(bypass_csp=True)  # the slow fetch is a script of ours
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_timeline(page, server + BINNED)
        run = page.get_attribute("#timeline-run", "data-run")  # kept by Draw (pass 32a)
        page.evaluate(SLOW_FETCH, "bin_width=20")
        page.fill("#t-bin-width", "20")
        page.click("#t-draw")
        page.fill("#t-bin-width", "10")
        page.click("#t-draw")
        page.wait_for_timeout(2500)  # the bins of 20 have come by now
        assert page.url.endswith(f"{BINNED}&senses={run}")
        shown = {b["row"] for b in bars(page)}
        assert len(shown) == len(by_api(page, server, by="year", bin_width=10)["values"])
        assert "(bins of 10)" in page.text_content("#status")
    finally:
        context.close()


def test_one_group_alone_is_said_never_dropped(page, server):
    """Pass 26ab: Group A typed and Group B left empty: the page drew the timeline with
    no groups and said nothing, the group asked for dropped. It says B is missing."""
    open_timeline(page, server + "/senses/bank/timeline?by=year")
    page.fill("#t-group-a", "..1959")
    page.click("#t-draw")
    page.wait_for_function("document.querySelector('#status').textContent.includes('Group B')")
    assert "Group B is empty" in page.text_content("#status")
    assert page.get_attribute("#status", "class") == "error"
    assert page.url.endswith("/senses/bank/timeline?by=year")  # nothing drawn for it


def test_a_mistake_is_one_line(page, server):
    open_timeline(page, server + "/senses/bank/timeline?by=nofield")
    assert "no document has a metadata field 'nofield'" in page.text_content("#status")
    assert page.get_attribute("#status", "class") == "error"
    assert page.is_hidden("#timeline")
    wrong = page.request.get(server + BINNED + "&colour=red", headers={"accept": "text/html"})
    assert wrong.status == 400 and "unknown parameter 'colour'" in unescape(wrong.text())
    measure = page.request.get(server + BINNED + "&measure=mean", headers={"accept": "text/html"})
    assert measure.status == 400 and "share, per_million, count" in unescape(measure.text())


def test_without_a_stored_run_no_bar_links_until_one_is_stored(page, unstored):
    open_timeline(page, unstored + BINNED)
    assert page.locator("#timeline-svg a.seg-link").count() == 0
    assert page.locator("#timeline-svg g.seg-plain").count() > 0
    assert "no stored sense run" in page.text_content("#store-text")
    page.click("#store-run")
    page.wait_for_selector("#timeline-svg a.seg-link", state="attached")
    assert "senses=1" in page.url
    assert page.is_hidden("#store-note")
    # The documents without a year: the last bar, which no search selects.
    undated = page.locator("#timeline-svg [data-sense][data-value='(none)']")
    assert undated.count() == 1 and undated.get_attribute("href") is None
    assert undated.get_attribute("data-count") == "2"
    undated.focus()
    assert "no search selects the documents without the field" in page.text_content("#timeline-tip")
    chosen = bars(page)[0]
    page.click("#timeline-svg a.seg-link >> nth=0")
    page.wait_for_url("**/?word=bank*")
    assert search_total(page) == chosen["count"]


def test_store_stores_the_senses_shown_not_a_number_typed_since(page, tmp_path):
    """Pass 27b: 4 typed in Senses, not drawn, then *Store this sense run* under the
    bars of the senses shown: it stored a run of 4 senses, not the ones it said to store."""
    seeded_index(tmp_path / "idx")
    with background_server(create_app(tmp_path / "idx")) as url:
        open_timeline(page, url + BINNED)
        shown = by_api(page, url, by="year", bin_width=10)
        page.fill("#t-n", "4")
        page.click("#store-run")
        page.wait_for_selector("#timeline-svg a.seg-link", state="attached")
        with sensegrep.open(tmp_path / "idx") as idx:
            stored = idx.senses("bank")
        assert stored.info.stored and stored.k == len(shown["senses"]) != 4
        assert "n=4" not in page.url


def test_a_measure_chosen_keeps_the_address_drawn_not_boxes_edited_since(page, tmp_path):
    """Pass 28a: 4 typed in Senses, not drawn, then "count" chosen: the address took n=4
    from the box, and *Store this sense run* then stored a run of 4 senses under the bars
    of the senses shown; the address also named a field and groups never drawn."""
    seeded_index(tmp_path / "idx")
    with background_server(create_app(tmp_path / "idx")) as url:
        open_timeline(page, url + BINNED)
        shown = by_api(page, url, by="year", bin_width=10)
        page.fill("#t-n", "4")
        page.fill("#t-bin-width", "20")
        page.fill("#t-group-a", "..1990")
        page.fill("#t-group-b", "1991..")
        page.check("input[name=measure][value=count]")
        assert "measure=count" in page.url
        assert not re.search(r"n=4|bin_width=20|between", page.url), page.url
        page.click("#store-run")
        page.wait_for_selector("#timeline-svg a.seg-link", state="attached")
        with sensegrep.open(tmp_path / "idx") as idx:
            stored = idx.senses("bank")
        assert stored.info.stored and stored.k == len(shown["senses"]) != 4
        assert "measure=count" in page.url and "n=4" not in page.url


def test_the_json_link_is_of_the_run_drawn_when_another_is_made_current(page, tmp_path):
    """Pass 28a: the JSON link named no run, so once another process made another run
    current (senses --use, a newer run) it gave another clustering than the bars."""
    seeded_index(tmp_path / "idx")
    with sensegrep.open(tmp_path / "idx") as idx:
        drawn = idx.senses("bank", n=2).info.id
    with background_server(create_app(tmp_path / "idx")) as url:
        open_timeline(page, url + BINNED)
        assert f"sense run {drawn} of bank" in page.text_content("main")
        with sensegrep.open(tmp_path / "idx") as idx:  # as another process would
            assert idx.senses("bank", n=3).info.id != drawn  # the newest: now current
        href = page.get_attribute("#link-json", "href")
        assert f"senses={drawn}" in href
        shown = page.request.get(url + href).json()["by"]
        assert shown["run"] == drawn
        assert shown == by_api(page, url, by="year", bin_width=10, senses=drawn)


def test_the_script_builds_no_markup_and_loads_nothing_from_elsewhere(page, server):
    script = page.request.get(server + "/static/timeline.js").text()
    assert "innerHTML" not in script and "http" not in script.replace("HTTP ", "")


def test_a_read_only_server_names_the_command_that_stores_these_senses(page, tmp_path):
    """Pass 30: on a read-only server the timeline of n senses no stored run has said
    ``sensegrep senses bank stores one``, which stores a run of the k it chooses, not
    these n senses: it says ``--n N`` with them."""
    folder = tmp_path / "idx"
    seeded_index(folder)
    with background_server(create_app(folder, read_only=True)) as url:
        open_timeline(page, url + BINNED + "&n=2")
        assert "(sensegrep senses bank --n 2 stores one)." in page.text_content("#store-text")
        open_timeline(page, url + BINNED)
        assert "(sensegrep senses bank stores one)." in page.text_content("#store-text")


def test_the_row_without_the_field_is_not_counted_as_a_bin(page, unstored):
    """Pass 32a: with two documents without a year, the status said "5 bins of year
    (bins of 10)" of 4 bins and the (none) row, which is no bin."""
    open_timeline(page, unstored + BINNED)
    status = page.text_content("#status")
    assert status.startswith(
        "4 bins of year (bins of 10) and (none), the documents without it; "
    ), status


def test_a_refused_drawing_leaves_no_headline_of_the_one_before(page, server):
    """Pass 32a: bins typed for a text field were refused under the headline of the
    drawing before ("bank by genre: 54 occurrences, 3 senses"), as if it answered them."""
    open_timeline(page, server + "/senses/bank/timeline?by=genre")
    assert page.text_content("#headline").startswith("bank by genre: ")
    page.fill("#t-bin-width", "10")
    page.click("#t-draw")
    page.wait_for_selector("#status.error")
    assert "needs a field whose values are numbers" in page.text_content("#status")
    assert page.text_content("#headline") == ""


def test_a_value_with_spaces_around_it_is_quoted_and_its_row_opens_its_lines(page, tmp_path):
    """Pass 32f: genres 'news', ' news' and 'news ' had three rows reading news (the
    table, the axis, the senses page's table), and the link of ' news' opened news's
    lines (where left the spaces out): each is quoted and opens its own lines."""
    folder = bank_by_genre(tmp_path, ["news", " news", " news", "news "])
    with background_server(create_app(folder)) as url:
        open_timeline(page, url + "/senses/bank/timeline?by=genre")
        totals, rows = genre_counts_followed(page, url)
    assert totals == {"' news'": (2, 2), "news": (1, 1), "'news '": (1, 1)}
    assert sorted(rows) == sorted(totals)
