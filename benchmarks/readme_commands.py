"""Run every ``sensegrep …`` command of README.md's console blocks on an index and report
those that no longer run (exit status other than 0): a README example left behind by a
change (issue 23). Give it a COPY of the demo index (``make demo``): label, classify and
senses write into it.

    python benchmarks/readme_commands.py --index /tmp/demo-copy
    python benchmarks/readme_commands.py --index /tmp/demo-copy --only search,collocates

Each command runs in a new process, in a temporary folder (plots land there), with its
``--index`` replaced by the one given (or added). Skipped, and listed as such: commands
that build or change an index from files the README leaves to the reader (index, tune,
elmo, eval, embed, import, remove, compact), serve and shell, commands naming such files
(``--queries``, ``--pairs``, ``--from``, ``--wordnet``) and commands on another index than
the demo one (``demo-parsed``, ``planted``, ``semcor-idx``…). Exit status 1 when a command
failed. It prints no output of the commands: rerun one by hand to see it.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
DEMO = "demo-index"
NOT_RUN = {
    "index": "builds an index from files",
    "tune": "trains from labelled data",
    "elmo": "trains a model",
    "eval": "needs evaluation data",
    "embed": "needs an input file",
    "import": "needs a labelled file",
    "remove": "changes the index's documents",
    "compact": "rewrites the index",
    "serve": "runs a server",
    "shell": "is interactive",
}
FILE_OPTIONS = ("--queries", "--pairs", "--from", "--wordnet")
# The run a program that runs the command line: sys.argv[1:] are its arguments.
CLI = "import sys; from sensegrep.cli import main; sys.argv[0] = 'sensegrep'; main()"


@dataclass
class Example:
    line: int  # where it starts in README.md
    args: list[str]  # after "sensegrep"

    @property
    def text(self) -> str:
        return shlex.join(["sensegrep", *self.args])


def examples(readme: Path = README) -> list[Example]:
    """Each command of the README's code blocks (``$ sensegrep …`` or ``sensegrep …`` at a
    line's start, continued by a trailing backslash), its shell comment left out."""
    found: list[Example] = []
    lines = readme.read_text(encoding="utf-8").splitlines()
    inside, at = False, 0
    while at < len(lines):
        line = lines[at]
        if line.startswith("```"):
            inside = not inside
        elif inside and re.match(r"(\$ )?sensegrep ", line):
            start, text = at, line.removeprefix("$ ")
            while text.endswith("\\") and at + 1 < len(lines):
                at += 1
                text = text[:-1] + " " + lines[at].strip()
            words = shlex.split(text, comments=True)
            if len(words) > 1 and not words[1].endswith(":"):  # not printed output
                found.append(Example(start + 1, words[1:]))
        at += 1
    return found


def command_of(args: list[str]) -> tuple[str | None, str | None]:
    """(the subcommand, the index the command names or None)."""
    index, at = None, 0
    while at < len(args) and args[at].startswith("--"):
        if args[at] == "--index" and at + 1 < len(args):
            index = args[at + 1]
        at += 2 if args[at] in ("--index", "--db") else 1
    return (args[at] if at < len(args) else None), index


def why_skipped(args: list[str]) -> str | None:
    command, index = command_of(args)
    if command in NOT_RUN:
        return f"{command} {NOT_RUN[command]}"
    if index not in (None, DEMO):
        return f"runs on another index ({index})"
    given = [option for option in FILE_OPTIONS if option in args]
    if given:
        return f"{given[0]} names a file the README leaves to the reader"
    return None


def on_index(args: list[str], index: Path) -> list[str]:
    """The arguments with ``--index`` naming ``index``."""
    if "--index" in args:
        at = args.index("--index")
        return [*args[:at], "--index", str(index), *args[at + 2 :]]
    return ["--index", str(index), *args]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="a copy of the demo index")
    parser.add_argument("--only", default="", help="these subcommands, comma-separated")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per command")
    options = parser.parse_args()
    only = {name for name in options.only.split(",") if name}
    index = options.index.resolve()
    failed = 0
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    with tempfile.TemporaryDirectory(prefix="readme-commands-") as folder:
        for example in examples():
            if only and command_of(example.args)[0] not in only:
                continue
            skipped = why_skipped(example.args)
            if skipped:
                print(f"skip    README.md:{example.line}  {example.text}  ({skipped})")
                continue
            started = time.perf_counter()
            try:
                done = subprocess.run(
                    [sys.executable, "-c", CLI, *on_index(example.args, index)],
                    cwd=folder, env=env, capture_output=True, text=True,
                    timeout=options.timeout, check=False,
                )  # fmt: skip
                code, said = done.returncode, (done.stderr.strip().splitlines() or [""])[-1]
            except subprocess.TimeoutExpired:
                code, said = -1, f"no answer in {options.timeout:.0f} s"
            seconds = time.perf_counter() - started
            status = "ok" if code == 0 else f"exit {code}"
            print(f"{status:<7} README.md:{example.line}  {example.text}  ({seconds:.1f} s)")
            if code != 0:
                failed += 1
                print(f"        {said}")
    print(f"{failed} command(s) failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
