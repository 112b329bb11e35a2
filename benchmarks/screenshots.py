"""`make screenshots`: PNGs of the web app's search (a ranked query; a plain concordance
paged, with metadata columns and a chart), senses and annotate pages for the README.
The example corpus is indexed with the default encoder into a temporary folder,
served by ``sensegrep serve``'s app in this process, and photographed with Debian's
Chromium (headless, no network).

    .venv/bin/python benchmarks/screenshots.py --out docs
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
    args = parser.parse_args()
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
            )
            for name, take in shots:
                take(page, url)
                path = args.out / f"{name}.png"
                page.screenshot(path=str(path))
                print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
            browser.close()


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


if __name__ == "__main__":
    main()
