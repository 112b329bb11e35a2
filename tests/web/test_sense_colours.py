"""No two senses share a colour on the web pages (the map, the bars, the timeline)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sensegrep.web.pages import sense_colour

STATIC = Path(__file__).resolve().parents[2] / "sensegrep" / "web" / "static"


def test_the_pages_give_each_of_many_senses_its_own_colour():
    """The pages took PALETTE[i % 10]: sense 11 wore sense 1's colour."""
    colours = [sense_colour(i) for i in range(50)]
    assert len(set(colours)) == 50


def test_the_scripts_colour_senses_as_the_pages_do():
    """The timeline and statistics pages colour senses with common.js's senseColour."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node")
    for script in ("timeline.js", "stats.js"):
        assert "function senseColour(" not in (STATIC / script).read_text(encoding="utf-8")
    source = (STATIC / "common.js").read_text(encoding="utf-8")
    palette = next(line for line in source.splitlines() if line.startswith("const PALETTE"))
    start = source.index("function senseColour(")
    end = source.index("\n}\n", start) + 3
    program = f"{palette}\n{source[start:end]}\nconsole.log(JSON.stringify("
    program += "Array.from({length: 50}, (_, i) => senseColour(i))));"
    out = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [sense_colour(i) for i in range(50)]
