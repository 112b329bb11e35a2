"""What the chart tests share: a small JSONL corpus indexed (fake embedder, no tagger)
and served, and the bars the search page's chart drew. Imported by a test module after
its Chromium and Playwright checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sensegrep
from sensegrep.web import create_app
from sensegrep.web.server import background_server

from ..helpers import write_jsonl


@contextmanager
def served(folder: Path, records: list[dict]) -> Iterator[str]:
    """The address of a server of ``records`` indexed in ``folder``."""
    write_jsonl(folder / "corpus.jsonl", records)
    sensegrep.build(folder / "idx", folder / "corpus.jsonl", model="fake:16", tagger="none").close()
    with background_server(create_app(folder / "idx")) as url:
        yield url


def chart_bars(page: Any) -> list[list[str]]:
    """Each bar of the chart as [value, count], in the order drawn."""
    page.wait_for_selector("#chart-svg g.bar")
    return page.eval_on_selector_all(
        "#chart-svg g.bar", "gs => gs.map(g => [g.dataset.value, g.dataset.count])"
    )
