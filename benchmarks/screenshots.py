"""`make screenshots`: PNGs of the web app's search (a ranked query; a plain concordance
paged, with metadata columns and a chart; best dictionary examples first), senses (and
each sense's best dictionary examples) and annotate pages, of its
statistics page (a frequency list, collocates by sense, keywords, semantic change, word
sketches) and of a sense timeline, for the README. The example corpus is indexed with
the default encoder into a temporary folder, served by ``sensegrep serve``'s app in
this process, and photographed with Debian's Chromium (headless, no network). The word
sketches need dependencies: a second index of the corpus, parsed by spaCy
(``--parse``), text-only but for *bank*'s vectors.

    .venv/bin/python benchmarks/screenshots.py --out docs
    .venv/bin/python benchmarks/screenshots.py --out docs --only stats-timeline stats-change
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import sensegrep  # noqa: E402
from sensegrep.web import create_app  # noqa: E402
from sensegrep.web.server import CHROMIUM_ARGS, background_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
RIVER = "we had a picnic on the grassy bank of the river"
VIEWPORT = {"width": 1280, "height": 820}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="only these pictures (stats-timeline …)"
    )
    args = parser.parse_args()
    wanted = set(args.only or ()) or None
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        sensegrep.build(Path(tmp) / "demo-index", REPO / "examples" / "corpus.jsonl").close()
        app = create_app(Path(tmp) / "demo-index", preload=True)
        with background_server(app) as url, sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
            )
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(60_000)
            shots = (
                ("search", search),
                ("paging", paging),
                ("senses", senses),
                ("annotate", annotate),
                ("good-examples", good_examples),
                ("search-quality", search_by_quality),
            )
            for name, take in shots:
                if wanted is None or name in wanted:
                    take(page, url)
                    shoot(page, args.out / f"{name}.png")
            for name, take in STATISTICS:
                if wanted is None or name in wanted:
                    take(page, url)
                    shoot(page, args.out / f"{name}.png", full=True)
            if wanted is None or wanted & {name for name, _take in SKETCHES}:
                parsed = parsed_index(Path(tmp))
                with background_server(create_app(parsed)) as parsed_url:
                    for name, take in SKETCHES:
                        if wanted is None or name in wanted:
                            take(page, parsed_url)
                            shoot(page, args.out / f"{name}.png", full=True)
            browser.close()


def shoot(page: Any, path: Path, full: bool = False) -> None:
    """The viewport, or the whole page (``full``: as tall as its content, at most 1600
    pixels)."""
    if full:
        height = min(1600, page.evaluate("document.documentElement.scrollHeight"))
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
        page.screenshot(path=str(path), full_page=True, clip=clip)
    else:
        page.screenshot(path=str(path))
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def search(page: Any, url: str) -> None:
    """The river-bank query, typed and marked by clicking the word, as a user would."""
    page.goto(url + "/")
    page.fill("#word", "bank")
    page.locator("#examples input.usage-input").first.fill(RIVER)
    page.locator("#examples .marker .w", has_text=re.compile("^bank$")).click()
    page.fill("#k", "20")
    page.click("#search-button")
    page.wait_for_selector("#hits tr.hit")


def paging(page: Any, url: str) -> None:
    """The plain concordance of "bank", 10 lines a page, turned to the second page with
    the next-page key, genre and year as columns, and the chart of all matches by genre;
    the third line is the current one (j j)."""
    page.goto(url + "/?word=bank&k=10&columns=genre&columns=year&chart=genre")
    page.wait_for_selector("#chart-svg g.bar")
    page.locator("#status").click()  # out of the word box: keys move lines and pages
    page.keyboard.press("n")
    page.wait_for_selector("#status:has-text('lines 11–20 ')")
    page.keyboard.press("j")
    page.keyboard.press("j")
    print(page.text_content("#status"))


def senses(page: Any, url: str) -> None:
    page.goto(url + "/senses/bank")
    page.wait_for_selector("#sense-map circle")


def good_examples(page: Any, url: str) -> None:
    """The senses of *bank* (its run stored first, as `sensegrep senses bank` does), each
    with its three best dictionary examples by example quality and their scores."""
    page.request.post(url + "/api/senses/bank", data={})
    page.goto(url + "/senses/bank?good_examples=3")
    page.wait_for_selector("ul.examples.good .quality")


def search_by_quality(page: Any, url: str) -> None:
    """The concordance of *bank*, best dictionary examples first, with their quality."""
    page.request.post(url + "/api/senses/bank", data={})
    page.goto(url + "/?word=bank&k=15&sort=quality")
    page.wait_for_selector("#hits td.quality")
    print(page.text_content("#status"))


def annotate(page: Any, url: str) -> None:
    """Two occurrences labelled with new labels, so the label keys show, after two
    cranes labelled "bird" (a label of another word, listed among the index's)."""
    cranes = page.request.get(url + "/api/search?word=crane&k=2").json()["hits"]
    page.request.post(url + "/api/label", data={"ids": [h["id"] for h in cranes], "label": "bird"})
    page.goto(url + "/annotate/bank")
    page.wait_for_selector("#item-meta:has-text('occurrence')")
    for n, label in enumerate(("money", "river"), start=1):
        page.fill("#new-label", label)
        page.press("#new-label", "Enter")
        page.wait_for_selector(f"#progress:has-text('{n} this session')")


# -- the statistics page ---------------------------------------------------------------


def statistic(page: Any, address: str) -> None:
    """A statistics page whose address holds a query, once its answer is drawn."""
    page.goto(address)
    page.wait_for_function(
        "() => { const s = document.querySelector('#status').textContent;"
        " return s && s !== 'Counting…'; }"
    )
    print(page.text_content("#status"))


def frequency_list(page: Any, url: str) -> None:
    """The lemmas of the corpus without punctuation, 15 a page: the chart and the table."""
    statistic(page, url + "/stats/freq?ignore_punct=true&k=15")


def collocates_by_sense(page: Any, url: str) -> None:
    """The content-word collocates of *spring*, each sense's side by side (its sense run
    stored first, as `sensegrep senses spring` does: a GET never stores one)."""
    page.request.post(url + "/api/senses/spring", data={})
    statistic(
        page,
        url + "/stats/collocates?word=spring&by_sense=true&window=10&min_freq=2"
        "&collocate_pos=NOUN&collocate_pos=VERB&collocate_pos=ADJ&k=10",
    )


def keywords(page: Any, url: str) -> None:
    """The keywords of the letters against the rest, sorted by Log Ratio by a click on
    its column."""
    statistic(page, url + "/stats/keywords?where=genre%3Dletters&k=12")
    page.click("#stat-head button[data-column='logratio']")


# The words of the README's `change` example, and its two groups of years.
CHANGE_WORDS = ("bank", "spring", "seal", "plant", "mole", "crane")
CHANGE_GROUPS = "by=year&between=..1984&between=1985.."


def store_senses(page: Any, url: str, words: tuple[str, ...]) -> None:
    """A stored sense run of each word (as `sensegrep senses WORD`, or change's
    --induce, makes): a GET never stores one, and jsd and a bar's lines need one."""
    for word in words:
        page.request.post(url + f"/api/senses/{word}", data={})


def timeline(page: Any, url: str) -> None:
    """The sense timeline of *spring* by decade of year, its senses' shares stacked, the
    two groups of `change` marked below and their senses side by side; one bar hovered,
    its figures shown."""
    store_senses(page, url, ("spring",))
    page.goto(url + f"/senses/spring/timeline?{CHANGE_GROUPS}&bin_width=10")
    page.wait_for_selector("#groups a.group-seg")
    page.locator("#timeline-svg a.seg-link[data-row='3']").nth(1).hover()
    page.wait_for_selector("#timeline-tip:not([hidden])")
    print(page.text_content("#status"))


def change(page: Any, url: str) -> None:
    """The words of the README's example ranked by semantic change between the years
    before 1985 and after, each with its links to its timeline and its senses."""
    store_senses(page, url, CHANGE_WORDS)
    statistic(page, url + f"/stats/change?{CHANGE_GROUPS}&words={','.join(CHANGE_WORDS)}")


STATISTICS = (
    ("stats-freq", frequency_list),
    ("stats-collocates", collocates_by_sense),
    ("stats-keywords", keywords),
    ("stats-timeline", timeline),
    ("stats-change", change),
)


def parsed_index(folder: Path) -> Path:
    """The example corpus parsed by spaCy, text-only but for the vectors of *bank*, and
    a stored sense run of *bank* (the by-sense sketch reads it)."""
    path = folder / "demo-parsed"
    with sensegrep.build(path, REPO / "examples" / "corpus.jsonl", parse=True,
                         vectors_for="none") as index:  # fmt: skip
        index.add_vectors(["bank"])
        index.senses("bank")
    return path


def sketch(page: Any, url: str) -> None:
    """The word sketch of *bank*: a box per relation, its three best collocates."""
    statistic(page, url + "/stats/sketch?word=bank&min_freq=1&k=3")


def sketch_by_sense(page: Any, url: str) -> None:
    """The verbs *bank* is the object and the subject of, sense by sense; the lines of
    one cell opened."""
    statistic(
        page,
        url + "/stats/sketch?word=bank&by_sense=true&min_freq=1&relations=object_of"
        "&relations=subject_of&relations=modifier",
    )
    page.locator("#grid-view button.count").first.click()
    page.wait_for_selector("#lines-body td.node")


SKETCHES = (("stats-sketch", sketch), ("stats-sketch-senses", sketch_by_sense))


if __name__ == "__main__":
    main()
