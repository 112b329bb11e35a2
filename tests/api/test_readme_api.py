"""The README's Python API section shows what the code prints (issue 23, item 9: after
scores were centred on the word's mean, its search example kept the old scores and
lines, and its label counts after classify were of an older ranking). Each python block
followed by an output block is run on the example corpus indexed with the default
encoder (``make demo``'s demo-index) and its output compared line by line; the values a
comment gives (``# {'shore': 3}``, ``# … returns 3``, ``# 0.383, .probability 0.06``) are
checked against what the line returns."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks() -> list[tuple[str, str]]:
    """(language, text) of each fenced block of the "## Python API" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)


def run_block(code: str, names: dict) -> str:
    """What ``code`` prints, its last line's value shown as a notebook shows it."""
    tree = ast.parse(code)
    last = tree.body[-1] if isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body[-1] = ast.parse(f"print(repr({ast.unparse(last.value)}))").body[0]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "README", "exec"), names)
    return out.getvalue()


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def test_the_section_has_its_examples() -> None:
    kinds = [lang for lang, _ in blocks()]
    assert kinds.count("python") >= 4 and kinds.count("") >= 3


@pytest.mark.model
def test_every_python_example_prints_and_returns_what_the_readme_shows(
    example_index: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pandas")
    (tmp_path / "demo-index").symlink_to(example_index)
    names: dict = {}
    shown = blocks()
    with inside(tmp_path):
        for at, (lang, code) in enumerate(shown):
            if lang != "python":
                continue
            output = shown[at + 1][1] if at + 1 < len(shown) and not shown[at + 1][0] else None
            if output is not None:
                printed = run_block(code, names)
                assert [x.rstrip() for x in printed.splitlines()] == [
                    x.rstrip() for x in output.splitlines()
                ], code
                continue
            for line in code.splitlines():
                check_line(line, names)


def check_line(line: str, names: dict) -> None:
    """Run one line; where its comment gives a value, compare it with the line's."""
    statement, _, comment = line.partition("  #")
    if not statement.strip():
        return
    try:
        value = eval(statement, names)
    except SyntaxError:
        exec(statement, names)
        return
    comment = comment.strip()
    returned = re.search(r"returns (\d+)", comment)
    if comment.startswith("{"):
        assert value == ast.literal_eval(comment), line
    elif returned:
        assert value == int(returned.group(1)), line
    elif other := re.search(r"proposals for the other (\d+)", comment):
        assert len(value.proposals) == int(other.group(1)), line
    elif match := re.fullmatch(r"([\d.]+), \.probability ([\d.]+)", comment):
        assert f"{value:.3f}" == match.group(1), line
        assert f"{value.probability:.2f}" == match.group(2), line


def compare_examples() -> list[tuple[list[str], list[str]]]:
    """(arguments, the lines shown under them) of each ``$ sensegrep compare "A" "B"``
    in the README (the ``--pairs`` line shows no output)."""
    import shlex

    lines = README.read_text(encoding="utf-8").splitlines()
    found = []
    for at, line in enumerate(lines):
        if line.startswith("$ sensegrep compare ") and "--pairs" not in line:
            shown = []
            for following in lines[at + 1 :]:
                if following.startswith(("$ ", "```")):
                    break
                shown.append(following)
            found.append((shlex.split(line)[3:], shown))
    return found


@pytest.mark.model
def test_every_compare_example_prints_what_the_readme_shows(runner, tmp_path: Path) -> None:
    """The second example kept "same sense: 0.82" after two different words (river bank,
    riverbank) stopped getting a probability."""
    from ..helpers import run

    examples = compare_examples()
    assert len(examples) >= 2
    for args, shown in examples:
        code, out, err = run(runner, tmp_path / "no-index", "compare", *args)
        assert code == 0, err
        assert (out + err).splitlines() == shown, args
