"""`make bench-textonly`: the speed of `index --vectors-for none` (no encoder, no vectors).

Measured, never asserted. Two runs, each into a fresh index in a temporary folder:

- JSONL: a corpus of about --tokens tokens generated from SemCor's sentences (their
  words joined into plain text, documents of --per-doc sentences, repeated until the size is
  reached, each document with its own id and a year), read by the JSONL reader and
  tokenised and lemmatised as plain text (simplemma): the no-tagger path.
- SemCor itself (Raganato XML, about 800k tokens, lemmas and POS given).

With --profile, each run is profiled (cProfile) and the top functions by own time are
printed. The generated corpus is written to the temporary folder only (never committed:
it is derived from shared data). With --append FILE, the section is appended to FILE.

    .venv/bin/python benchmarks/bench_textonly.py --tokens 1000000 --append BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import sensegrep  # noqa: E402
from sensegrep.document import Document  # noqa: E402
from sensegrep.indexer.readers import read_documents  # noqa: E402

SHARED = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))
SEMCOR = SHARED / "semcor" / "semcor.data.xml"
EXAMPLE = REPO / "examples" / "corpus.jsonl"


def sentence_texts() -> list[str]:
    """Plain-text sentences: SemCor's when present, else the example corpus's."""
    if SEMCOR.exists():
        path, fmt = SEMCOR, "raganato"
    else:
        path, fmt = EXAMPLE, "jsonl"
    texts = []
    for item in read_documents(path, fmt):
        if isinstance(item, Document):
            texts += [item.text[s.start : s.end] for s in item.sentences]
    return texts


def write_corpus(path: Path, tokens: int, per_doc: int = 20) -> int:
    """A JSONL corpus of at least ``tokens`` whitespace words; the words written."""
    sentences = sentence_texts()
    written, n = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < tokens:
            at = (n * per_doc) % len(sentences)
            chunk = sentences[at : at + per_doc] or sentences[:per_doc]
            text = " ".join(chunk)
            record = {"id": f"doc{n}", "text": text, "year": str(1900 + n % 120)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += len(text.split())
            n += 1
    return written


def index_once(
    folder: Path, inputs: Path, fmt: str | None, profile: bool, tagger: str = "none"
) -> dict:
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    options = {"tagger": tagger} if fmt == "jsonl" else {}
    report = sensegrep.add(folder, inputs, vectors_for="none", format=fmt, **options)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    if profiler:
        shown = io.StringIO()
        pstats.Stats(profiler, stream=shown).sort_stats("tottime").print_stats(25)
        print(shown.getvalue(), file=sys.stderr)
    if report.errors:
        raise SystemExit(f"indexing errors: {report.errors[:3]}")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {
        "tokens": report.tokens,
        "documents": report.documents,
        "seconds": seconds,
        "tokens_per_second": report.tokens / seconds,
        "disk_bytes_per_token": size / max(report.tokens, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=1_000_000, help="JSONL corpus size")
    parser.add_argument("--per-doc", type=int, default=20, help="sentences per generated document")
    parser.add_argument("--no-semcor", action="store_true", help="skip the SemCor run")
    parser.add_argument("--profile", action="store_true", help="cProfile each run")
    parser.add_argument(
        "--tagger", default="none", choices=["none", "spacy"], help="for the JSONL corpus"
    )
    parser.add_argument("--append", type=Path, help="append the section to this file")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = write_corpus(corpus, args.tokens, args.per_doc)
        print(f"generated {corpus.stat().st_size / 2**20:.1f} MiB, {words:,} words", flush=True)
        result = index_once(Path(tmp) / "jsonl-index", corpus, "jsonl", args.profile, args.tagger)
        analyser = "simplemma" if args.tagger == "none" else "spaCy's tagger"
        name = f"JSONL from SemCor sentences, {args.per_doc} a document, plain text ({analyser})"
        rows.append((name, result))
        if SEMCOR.exists() and not args.no_semcor:
            result = index_once(Path(tmp) / "semcor-index", SEMCOR, "raganato", args.profile)
            rows.append(("SemCor, Raganato XML", result))
    section = render(rows, args)
    print(section)
    if args.append:
        with args.append.open("a", encoding="utf-8") as out:
            out.write("\n" + section)


def render(rows: list[tuple[str, dict]], args: argparse.Namespace) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = [
        f"## Text-only indexing (`index --vectors-for none`), {when}, commit {commit}",
        "",
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite index. Command: "
        f"`python benchmarks/bench_textonly.py --tokens {args.tokens} --per-doc {args.per_doc}"
        f" --tagger {args.tagger}` "
        '(`make bench-textonly`). Wall time of `sensegrep.add(…, vectors_for="none")` '
        "into a new index, file hashing, compaction and all.",
        "",
        "| input | tokens | documents | seconds | tokens/s | disk bytes/token |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['tokens']:,} | {r['documents']:,} | {r['seconds']:.1f} | "
            f"{r['tokens_per_second']:,.0f} | {r['disk_bytes_per_token']:.1f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
