"""The web app in a real browser (Debian's Chromium driven by Playwright) against a real
uvicorn server: a sense search typed and marked by clicking, sorting, "more like this",
labelling with the keyboard, and corpus markup that stays inert.

One server and one browser per module. The example corpus is indexed once with the
real default encoder (about a minute on 2 cores); the other servers use the fake one."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..helpers import CHROMIUM, RIVER_DOCS

if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")

import sensegrep
from sensegrep.web import create_app
from sensegrep.web.security import LOOPBACK_NAMES
from sensegrep.web.server import background_server

RIVER = "we had a picnic on the grassy bank of the river"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def real_index(default_example_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-real") / "idx"
    return Path(shutil.copytree(default_example_index, folder))


@pytest.fixture(scope="module")
def real_server(real_index: Path) -> Iterator[str]:
    app = create_app(real_index, hosts=LOOPBACK_NAMES, preload=True)
    with background_server(app) as url:
        yield url


def rows(page: Any) -> list[dict[str, str]]:
    """The KWIC lines as shown: id, left, word, right, doc."""
    return page.eval_on_selector_all(
        "#hits tr.hit",
        """trs => trs.map(tr => ({
            id: tr.dataset.id,
            left: tr.querySelector('td.left').textContent,
            node: tr.querySelector('td.node').textContent,
            right: tr.querySelector('td.right').textContent,
            doc: tr.querySelector('td.doc').textContent,
        }))""",
    )


def search_done(page: Any, action: Any) -> None:
    with page.expect_response(re.compile(r"/api/search\?")) as response:
        action()
    assert response.value.ok, response.value.text()
    page.wait_for_function("document.querySelector('#status').textContent.includes('line')")


# -- the sense search ------------------------------------------------------------------------


@pytest.mark.model
def test_a_typed_example_marked_by_click_finds_river_banks_first(page, real_server):
    page.goto(real_server + "/")
    page.fill("#word", "bank")
    example = page.locator("#examples input.usage-input").first
    example.fill(RIVER)
    page.locator("#examples .marker .w", has_text=re.compile(r"^bank$")).click()
    assert example.input_value() == "we had a picnic on the grassy [[bank]] of the river"
    search_done(page, lambda: page.click("#search-button"))
    lines = rows(page)
    assert len(lines) == 30  # every "bank" of the corpus (k=50), best first
    assert all(line["doc"] in RIVER_DOCS for line in lines[:10]), lines[:10]
    assert "example=" in page.url and "%5B%5Bbank%5D%5D" in page.url

    # Sort by left context: the words nearest the node, leftwards, punctuation skipped
    # (on the server: every match is sorted, not only the lines of the page).
    search_done(page, lambda: page.click("button.sort[data-sort^=left1]"))
    assert "sort=left1%2Cleft2" in page.url and "ignore_punct=true" in page.url
    nearest = [_nearest_left(line["left"]) for line in rows(page)]
    assert nearest == sorted(nearest) and len(set(nearest)) > 5

    # Expand a line to its paragraph.
    page.locator("#hits tr.hit").first.locator("button[title='show the paragraph']").click()
    detail = page.locator("#hits tr.detail .para").first
    detail.wait_for()
    assert "bank" in detail.text_content()

    # "More like this" re-runs the query with that occurrence among --like.
    chosen = rows(page)[3]["id"]
    row = page.locator(f"#hits tr.hit[data-id='{chosen}']")
    search_done(page, lambda: row.locator("button[title='more like this']").click())
    assert f"like={chosen}" in page.url and page.input_value("#like") == chosen
    after = rows(page)
    assert chosen not in [line["id"] for line in after]  # a --like occurrence is no hit
    assert len(after) == 29
    csv_link = page.get_attribute("#download-csv", "href")
    assert "format=csv" in csv_link and f"like={chosen}" in csv_link


def _nearest_left(left: str) -> str:
    words = re.findall(r"[^\W_][\w'’-]*", left.lower())
    return " ".join(reversed(words[-2:]))


@pytest.mark.model
def test_senses_page_shows_senses_map_and_table(page, real_server):
    page.goto(real_server + "/senses/bank")
    assert page.text_content("#headline").startswith("bank: 30 occurrences")
    assert page.locator("#sense-map circle").count() == 30
    assert page.locator("#by-table tbody tr").count() >= 2  # genre (the first field)


@pytest.mark.model
def test_compare_page(page, real_server):
    page.goto(real_server + "/compare")
    inputs = page.locator("input.usage-input")
    inputs.nth(0).fill("we sat on the bank of the river")
    inputs.nth(1).fill("she paid the money into the bank")
    for n in (0, 1):
        page.locator(".usage").nth(n).locator(".marker .w", has_text=re.compile("^bank$")).click()
    page.click("#compare-form button[type=submit]")
    page.locator("#score").wait_for()
    shown = page.text_content("#score")  # the default encoder has a calibration
    assert re.fullmatch(r"same sense: [01]\.\d{2} \(cosine -?\d\.\d{3}\)", shown), shown


# -- annotation ----------------------------------------------------------------------------


def current_id(page: Any) -> str:
    return re.search(r"occurrence (\d+)", page.text_content("#item-meta")).group(1)


def wait_session(page: Any, n: int) -> None:
    page.wait_for_function(
        f"document.querySelector('#progress').textContent.includes('· {n} this session')"
    )


@pytest.mark.model
def test_labels_set_with_the_keyboard_persist(page, real_server, real_index, runner):
    page.goto(real_server + "/annotate/bank")
    page.wait_for_function("document.querySelector('#progress').textContent.includes('0 of 30')")
    labelled = {}
    for n, label in enumerate(("money", "river"), start=1):  # new labels, typed
        labelled[current_id(page)] = label
        page.fill("#new-label", label)
        page.press("#new-label", "Enter")
        wait_session(page, n)
    third = current_id(page)
    page.keyboard.press("1")  # the first label offered: money
    wait_session(page, 3)
    page.keyboard.press("u")  # undo: only that occurrence's label goes
    wait_session(page, 2)
    assert current_id(page) == third
    page.keyboard.press("s")  # skip it: it goes to the end of the queue
    page.wait_for_function(
        f"!document.querySelector('#item-meta').textContent.startsWith('occurrence {third} ')"
    )
    page.keyboard.press("2")  # river
    wait_session(page, 3)
    labelled[_previous_item(page)] = "river"

    page.reload()
    page.wait_for_function("document.querySelector('#progress').textContent.includes('3 of 30')")
    shown = page.eval_on_selector_all(
        "#labelled tbody tr", "trs => trs.map(tr => [tr.dataset.id, tr.children[1].textContent])"
    )
    assert dict(shown) == labelled
    counts = page.eval_on_selector_all("#label-counts li", "lis => lis.map(li => li.textContent)")
    assert counts == ["river: 2", "money: 1"]
    with sensegrep.open(real_index) as idx:
        assert idx.labels("bank") == {"river": 2, "money": 1}
    from sensegrep.cli import cli

    out = runner.invoke(cli, ["--index", str(real_index), "labels", "bank"]).stdout
    assert re.search(r"2\s+river", out) and re.search(r"1\s+money", out)
    with sensegrep.open(real_index) as idx:  # leave the shared index as it was
        idx.label([int(i) for i in labelled], None)


def _previous_item(page: Any) -> str:
    return page.get_attribute("#labelled tbody tr:first-child", "data-id")


# -- markup in the corpus, and the token --------------------------------------------------


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-fake")
    docs = [
        {"id": "x1", "text": f"{SCRIPT} The bank of the canal.", "genre": SCRIPT},
        {"id": IMG, "text": f"The {IMG} bank closed early.", "genre": "news"},
        {"id": "ok", "text": "The river bank was muddy.", "genre": "news"},
    ]
    corpus = folder / "xss.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    sensegrep.build(folder / "idx", corpus, model="fake:16").close()
    return folder / "idx"


def test_corpus_markup_renders_as_text(page, fake_index):
    with background_server(create_app(fake_index)) as url:
        page.goto(url + "/?word=bank")
        page.wait_for_function("document.querySelectorAll('#hits tr.hit').length === 3")
        shown = page.text_content("#hits")
        assert SCRIPT in shown and IMG in shown
        page.locator("#hits tr.hit").first.locator("button[title='show the paragraph']").click()
        page.wait_for_function(
            "document.querySelector('#hits tr.detail .para').textContent.includes('canal')"
        )
        for path in ("/senses/bank", "/annotate/bank"):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            assert SCRIPT in page.text_content("main") or IMG in page.text_content("main")
        page.goto(url + "/senses/bank")
        assert SCRIPT in page.text_content("#by-table")
        assert page.locator("img").count() == 0 and page.locator("main script").count() == 0
    # The page fixture fails the test if any dialog opened or any script failed.


def test_a_typed_pattern_shows_whole_matches_and_survives_a_reload(page, fake_index):
    with background_server(create_app(fake_index)) as url:
        page.goto(url + "/")
        page.fill("#cql", '"river" [lemma="bank"]')
        search_done(page, lambda: page.click("#search-button"))
        [line] = rows(page)
        assert line["node"] == "river bank" and line["doc"] == "ok"
        assert "cql=" in page.url
        page.reload()
        page.wait_for_function("document.querySelectorAll('#hits tr.hit').length === 1")
        assert page.input_value("#cql") == '"river" [lemma="bank"]'
        page.fill("#cql", '[lemma="bank"')
        page.click("#search-button")
        page.wait_for_function("document.querySelector('#status').textContent.includes('column')")
        assert "expected ] at column 14" in page.text_content("#status")


def test_a_write_without_the_token_is_refused_beyond_loopback(page, fake_index, tmp_path):
    index = Path(shutil.copytree(fake_index, tmp_path / "idx"))
    app = create_app(index, token="s3cret-token")
    with background_server(app, host="0.0.0.0") as url:
        first = page.goto(url + "/")
        assert first.status == 403 and "access token" in page.text_content("body")
        post = """async () => (await fetch('/api/label', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({ids: [1], label: 'x'})})).status"""
        assert page.evaluate(post) == 403
        page.goto(url + "/?token=s3cret-token&word=bank")
        assert page.url == url + "/?word=bank"  # the token left the address bar
        page.wait_for_function("document.querySelectorAll('#hits tr.hit').length === 3")
        first_id = int(page.get_attribute("#hits tr.hit", "data-id"))
        assert page.evaluate(post.replace("[1]", f"[{first_id}]")) == 200
    with sensegrep.open(index) as idx:
        assert idx.labels("bank") == {"x": 1}


def test_a_typed_label_with_a_space_is_stored_and_shown_as_two_labels(page, fake_index, tmp_path):
    """Issue 23: the box turned "river side" into river_side, which no other front end
    does; a space separates labels everywhere, and the page names the labels stored."""
    index = Path(shutil.copytree(fake_index, tmp_path / "idx"))
    with background_server(create_app(index)) as url:
        page.goto(url + "/annotate/bank")
        page.wait_for_function("document.querySelector('#progress').textContent.includes('0 of 3')")
        # The word's labels heading was followed by nothing at all while none was set.
        assert _label_counts(page) == ["no labels yet"]
        labelled = current_id(page)
        page.fill("#new-label", "river  side")
        page.press("#new-label", "Enter")
        wait_session(page, 1)
        shown = page.text_content("#message")
        assert f"{labelled} labelled with 2 labels: “river”, “side”" in shown
        assert "river_side is one label" in shown
        buttons = page.eval_on_selector_all(
            "#label-buttons button", "bs => bs.map(b => b.dataset.label)"
        )
        assert buttons == ["river", "side"]
        page.wait_for_function("document.querySelectorAll('#label-counts li').length === 2")
        assert _label_counts(page) == ["river: 1", "side: 1"]
    with sensegrep.open(index) as idx:
        assert idx.labels("bank") == {"river": 1, "side": 1}


def test_a_typed_label_spelt_nearly_as_one_the_word_has_is_noted(page, fake_index, tmp_path):
    """`sensegrep label --as Money` beside money notes a second label; typed on the
    annotate page it was made with nothing said but the confirmation (pass 37l)."""
    index = Path(shutil.copytree(fake_index, tmp_path / "idx"))
    with sensegrep.open(index) as idx:
        idx.label(idx.search("bank", k=1).ids, "money")
    with background_server(create_app(index)) as url:
        page.goto(url + "/annotate/bank")
        page.wait_for_function("document.querySelector('#progress').textContent.includes('1 of 3')")
        page.fill("#new-label", "Money")
        page.press("#new-label", "Enter")
        wait_session(page, 1)
        assert "Note: Money is new to 'bank', which has money (1)" in page.text_content("#message")


def _label_counts(page: Any) -> list[str]:
    return page.eval_on_selector_all("#label-counts li", "lis => lis.map(li => li.textContent)")


def test_the_senses_pages_annotate_link_keeps_the_run_it_showed(page, fake_index, tmp_path):
    """The senses page of run 1 (not the current one) linked /annotate/bank, whose queue
    takes its senses in turn from the current run: another clustering than the one
    looked at (issue 23: one sense numbering)."""
    index = Path(shutil.copytree(fake_index, tmp_path / "idx"))
    with sensegrep.open(index) as opened:
        first = opened.senses("bank", 2, new=True).info.id
        current = opened.senses("bank", 3, new=True).info.id
    assert first != current
    with background_server(create_app(index)) as url:
        page.goto(url + f"/senses/bank?senses={first}")
        assert page.get_attribute("#annotate-link", "href") == f"/annotate/bank?senses={first}"
        with page.expect_request(lambda r: "/api/annotate/bank" in r.url) as queued:
            page.click("#annotate-link")
        assert f"senses={first}" in queued.value.url
        page.wait_for_function(
            "!document.querySelector('#progress').textContent.startsWith('loading')"
        )
        assert f"(senses of sense run {first})" in page.text_content("h1")
        page.goto(url + "/senses/bank")  # the current run's page names it too
        assert page.get_attribute("#annotate-link", "href") == f"/annotate/bank?senses={current}"
        page.goto(url + "/annotate/bank?senses=99")
        page.wait_for_function("document.querySelector('#message').textContent !== ''")
        assert "no sense run 99" in page.text_content("#message")
