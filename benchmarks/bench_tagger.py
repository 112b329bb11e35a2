"""What tagging plain text costs: tokens/s of the text analysers `index --tagger` chooses
(simplemma for --tagger none, spaCy's tagger, spaCy's tagger and parser with --parse).

Measured, never asserted. The text is SemCor's running text (../shared/data, the
documents' rebuilt text), else the example corpus; each analyser reads the same texts
once to warm up (the model load is timed apart) and then --repeat times.

    .venv/bin/python benchmarks/bench_tagger.py --docs 40
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sensegrep.document import Document  # noqa: E402
from sensegrep.indexer.readers import read_documents  # noqa: E402
from sensegrep.tagger import analyser  # noqa: E402

SHARED = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))
SEMCOR = SHARED / "semcor" / "semcor.data.xml"


def texts(n_docs: int) -> tuple[str, list[str]]:
    if SEMCOR.exists():
        found = []
        for item in read_documents(SEMCOR, "raganato"):
            if isinstance(item, Document):
                found.append(item.text)
            if len(found) == n_docs:
                break
        return f"SemCor, first {len(found)} documents' text", found
    corpus = REPO / "examples" / "corpus.jsonl"
    docs = [d.text for d in read_documents(corpus, "jsonl", tagger="none")]
    return "examples/corpus.jsonl", [t for t in docs if isinstance(t, str)]


def measure(name: str, tagger: str, parse: bool, sample: list[str], repeat: int) -> str:
    started = time.perf_counter()
    analyse = analyser("en", tagger, parse)
    analyse(sample[:1])  # loads the model
    loaded = time.perf_counter() - started
    best = float("inf")
    tokens = 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = analyse(sample)
        best = min(best, time.perf_counter() - started)
        tokens = sum(len(s.tokens) for doc in result for s in doc)
    return f"| {name} | {tokens:,} | {best:.2f} | {tokens / best:,.0f} | {loaded:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    source, sample = texts(args.docs)
    chars = sum(len(t) for t in sample)
    print(f"{source}: {chars:,} characters; best of {args.repeat} runs\n")
    print("| analyser | tokens | seconds | tokens/s | load s |")
    print("|---|---:|---:|---:|---:|")
    print(measure("--tagger none (simplemma)", "none", False, sample, args.repeat))
    print(measure("--tagger spacy (tagger, senter)", "spacy", False, sample, args.repeat))
    print(measure("--tagger spacy --parse (tagger, parser)", "spacy", True, sample, args.repeat))


if __name__ == "__main__":
    main()
