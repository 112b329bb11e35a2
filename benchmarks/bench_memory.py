"""The memory a text-only `index` takes: the peak resident size of one `sensegrep index`
process (its `ru_maxrss`, as `/usr/bin/time -v` reports it), for the same words given
two ways: as JSONL records of 20 sentences (documents stored in batches) and as one
plain-text file (one document, analysed and stored a piece of about 1,000,000
characters at a time: readers/text.py). README's "Memory while
indexing" quotes it.

Measured, never asserted. The corpus is generated from SemCor's sentences
(bench_textonly.py's `write_corpus`) into a temporary folder, never committed.

    .venv/bin/python benchmarks/bench_memory.py --tokens 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import REPO, machine, stamp
from bench_textonly import write_corpus


def peak_of_index(folder: Path, corpus: Path) -> float:
    """The peak resident size in GiB of `sensegrep index` of ``corpus`` (text-only,
    simplemma) into ``folder``, run as a process of its own."""
    command = [
        sys.executable, "-c", "from sensegrep.cli import main; main()",
        "--index", str(folder), "index", str(corpus), "--vectors-for", "none",
        "--tagger", "none", "--no-progress",
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"index failed: {done.stderr.strip()[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:  # an earlier child peaked higher: no figure of this one
        raise SystemExit("run the two cases in separate processes (--only)")
    return peak / 1024 / 1024  # KiB → GiB


def plain_text(jsonl: Path, path: Path) -> None:
    """The JSONL corpus's texts as one plain-text file, a blank line between records."""
    with jsonl.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.loads(line)["text"] + "\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["jsonl", "txt"], help="one case (a process each)")
    args = parser.parse_args()
    cases = [args.only] if args.only else ["jsonl", "txt"]
    if len(cases) > 1:  # each in a process of its own: ru_maxrss of children is a maximum
        for case in cases:
            subprocess.run(
                [sys.executable, __file__, "--tokens", str(args.tokens), "--only", case],
                check=True,
            )
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        words = write_corpus(corpus, args.tokens)
        if args.only == "txt":
            plain_text(corpus, folder / "corpus.txt")
            corpus = folder / "corpus.txt"
        peak = peak_of_index(folder / "idx", corpus)
    print(
        f"{stamp()} {machine()}: index of {words:,} words as {args.only} "
        f"(text-only, --tagger none): peak {peak:.2f} GiB"
    )


if __name__ == "__main__":
    main()
