"""The memory an `export` takes: the peak resident size of one `sensegrep export the
--form --to conllu -o FILE` process (its `ru_maxrss`) over a text-only index of
SemCor's sentences (bench_textonly.py's `write_corpus`, JSONL records of 20 sentences,
`--tagger none`, so each record is one sentence of ~440 tokens), beside the file's size
and the occurrences written. README's note on exports quotes it.

Measured, never asserted; the corpus and index are made in a temporary folder.

    .venv/bin/python benchmarks/bench_export_memory.py --tokens 500000
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import REPO, machine, stamp
from bench_textonly import write_corpus

CLI = [sys.executable, "-c", "from sensegrep.cli import main; main()"]


def sensegrep(*args: str) -> str:
    """Run the CLI from the repo; its standard error."""
    done = subprocess.run([*CLI, *args], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"sensegrep {args[2]} failed: {done.stderr.strip()[-500:]}")
    return done.stderr


# Runs a command and prints its peak resident size in KB: a process of its own, so
# that no earlier child (the index run) is counted in the figure.
PEAK_OF = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(done.returncode)"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=500_000)
    parser.add_argument("--word", default="the")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, idx, out = folder / "corpus.jsonl", folder / "idx", folder / "out.conllu"
        words = write_corpus(corpus, args.tokens)
        index = ["index", str(corpus), "--vectors-for", "none", "--tagger", "none"]
        sensegrep("--index", str(idx), *index, "--no-progress")
        export = ["export", args.word, "--form", "--to", "conllu", "-o", str(out)]
        done = subprocess.run(
            [sys.executable, "-c", PEAK_OF, *CLI, "--index", str(idx), *export],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(f"sensegrep export failed: {done.stderr.strip()[-500:]}")
        said, peak = done.stderr, int(done.stderr.split()[-1])
        written = re.search(r"wrote (\d+) occurrence", said)
        size = out.stat().st_size / 1e6
    print(
        f"{stamp()} {machine()}: export {args.word!r} --form --to conllu over {words:,} words: "
        f"{written.group(1) if written else '?'} occurrences, {size:,.0f} MB file, "
        f"peak {peak / 1024 / 1024:.2f} GB"
    )


if __name__ == "__main__":
    main()
