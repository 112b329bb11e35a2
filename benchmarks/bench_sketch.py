"""Timings of ``sketch`` (issue 24, part 3): word sketches over the token store's
dependency columns.

Measured, never asserted. Two corpora, each indexed text-only once into ``--folder``
(a later run finds the index there and reuses it; never committed, derived from shared
data or generated):

- ``parsed``: SemCor's sentences (benchmarks/bench_textonly.py's ``write_corpus``: JSONL
  documents of 20 sentences with a year) parsed by spaCy (``--tagger spacy --parse``),
  about ``--tokens`` words: real English with spaCy's labels;
- ``generated``: ``--generated-tokens`` tokens of random dependency trees in CoNLL-U
  (UD labels, Zipfian lemmas), for the scale spaCy would take too long to parse here.

    .venv/bin/python benchmarks/bench_sketch.py parsed generated --folder /tmp/sketch-bench
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from _common import add_text_only, append, built, load, machine, stamp, timed  # noqa: E402
from bench_textonly import write_corpus  # noqa: E402

import sensegrep  # noqa: E402


def _cases(
    idx: sensegrep.SenseIndex, words: list[str], args: argparse.Namespace, pos: str
) -> list[tuple]:
    """Each word's sketch (all relations), then the first word's with --relations, a
    --where subcorpus and --pos: the first call and the best of --repeats more."""
    rows = []
    first_word = words[0]
    cases = [(word, {}) for word in words] + [
        (first_word, {"relations": ["object_of", "pp_obj"]}),
        (first_word, {"where": {"year": "1900..1959"}}),
        (first_word, {"pos": [pos]}),
    ]
    for word, options in cases:
        timing = timed(lambda w=word, o=options: idx.sketch(w, **o), args.repeats)
        table, first, best = timing.answer, timing.first, timing.best
        top = ", ".join(f"{r['relation']} {r['collocate']}" for r in table[:3])
        name = word + "".join(f" --{k.replace('_', '-')} {_shown(v)}" for k, v in options.items())
        rows.append((name, table.node_freq, table.triples, table.rows, first, best, top))
        print(f"  {name}: {first:.2f} s first, {best:.2f} s best; {top}", file=sys.stderr)
    return rows


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return " ".join(f"{k}={v}" for k, v in value.items())
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def _report(title: str, command: str, seconds: float | None, what: str, rows: list) -> str:
    lines = [
        f"## {title}, {stamp()}",
        "",
        f"{machine()}, SQLite index, {load()} at the start.",
        f"Command: `{command}`. {what}"
        + (f" Built in {seconds:.0f} s." if seconds is not None else " Index reused."),
        "Per case: the first call on the opened index (reading the token columns and the "
        "vocabulary's lemma keys), and the best of the next calls.",
        "",
        "| case | nodes | triples in corpus | rows | first s | best s | top 3 |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, nodes, triples, count, first, best, top in rows:
        lines.append(
            f"| {name} | {nodes:,} | {triples:,} | {count:,} | {first:.2f} | {best:.2f} | {top} |"
        )
    return "\n".join(lines) + "\n"


# -- SemCor parsed by spaCy ------------------------------------------------------------------


def parsed_section(args: argparse.Namespace) -> str:
    index = args.folder / "parsed"
    corpus = args.folder / "parsed.jsonl"

    def make() -> None:
        write_corpus(corpus, args.tokens)
        add_text_only(index, corpus, format="jsonl", tagger="spacy", parse=True)

    built_s = built(index, make)
    with sensegrep.open(index) as idx:
        size = idx.storage.corpus_tokens()
        words = [*_frequent_nouns(idx, 3), "make"]
        rows = _cases(idx, words, args, "NOUN")
    command = (
        f"python benchmarks/bench_sketch.py parsed --tokens {args.tokens} --folder {args.folder}"
    )
    what = (
        f"SemCor's sentences as JSONL, {size:,} tokens, indexed text-only with "
        "`--tagger spacy --parse` (en_core_web_sm's parser)."
    )
    return _report(f"sketch on SemCor parsed by spaCy ({size:,} tokens)", command, built_s, what,
                   rows)  # fmt: skip


def _frequent_nouns(idx: sensegrep.SenseIndex, n: int) -> list[str]:
    """The n most frequent noun lemmas (from a frequency list by lemma_pos)."""
    table = idx.freq(by="lemma_pos")
    nouns = [r["item"].rpartition("/")[0] for r in table if r["item"].endswith("/NOUN")]
    return nouns[:n]


# -- generated trees ---------------------------------------------------------------------------

LABELS = ["nsubj", "obj", "amod", "compound", "advmod", "conj", "nsubj:pass", "obl", "nmod",
          "case", "det", "punct", "cc", "aux", "mark"]  # fmt: skip


def write_trees(path: Path, tokens: int, seed: int = 7) -> int:
    """A CoNLL-U file of random trees: sentences of 5-30 tokens, lemmas drawn from a
    Zipfian vocabulary of 50,000 ("w0" the commonest), each token's head another token
    of its sentence (one root) and a random label; documents of 50 sentences, each with
    a year."""
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, 50_001)
    odds = 1 / ranks
    odds /= odds.sum()
    written, sentence = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < tokens:
            size = int(rng.integers(5, 31))
            lemmas = rng.choice(len(ranks), size=size, p=odds)
            heads = rng.integers(0, size, size=size)
            heads = np.where(heads == np.arange(size), (heads + 1) % size, heads)
            root = int(rng.integers(0, size))
            labels = rng.choice(LABELS, size=size)
            lines = []
            if sentence % 50 == 0:
                year = 1900 + (sentence // 50) % 120
                lines += [f"# newdoc id = g{sentence // 50}", f"# newdoc year = {year}"]
            for i in range(size):
                head = 0 if i == root else int(heads[i]) + 1
                label = "root" if i == root else str(labels[i])
                lines.append(f"{i + 1}\tw{lemmas[i]}\tw{lemmas[i]}\tX\t_\t_\t{head}\t{label}\t_\t_")
            out.write("\n".join(lines) + "\n\n")
            written += size
            sentence += 1
    return written


def generated_section(args: argparse.Namespace) -> str:
    index = args.folder / "generated"
    corpus = args.folder / "trees.conllu"

    def make() -> None:
        write_trees(corpus, args.generated_tokens)
        add_text_only(index, corpus, format="conllu")

    built_s = built(index, make)
    with sensegrep.open(index) as idx:
        size = idx.storage.corpus_tokens()
        # w0 is about 9% of the tokens; w30 about 0.3%; w300 about 0.03%.
        rows = _cases(idx, ["w0", "w30", "w300"], args, "X")
    command = (
        f"python benchmarks/bench_sketch.py generated --generated-tokens "
        f"{args.generated_tokens} --folder {args.folder}"
    )
    what = (
        f"Random trees in CoNLL-U (UD labels, Zipfian lemmas), {size:,} tokens, indexed text-only."
    )
    return _report(f"sketch on {size:,} tokens of generated trees", command, built_s, what, rows)


SECTIONS: dict[str, Callable[[argparse.Namespace], str]] = {
    "parsed": parsed_section,
    "generated": generated_section,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="+", choices=sorted(SECTIONS))
    parser.add_argument("--tokens", type=int, default=200_000, help="SemCor words to parse")
    parser.add_argument("--generated-tokens", type=int, default=2_000_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/sketch-bench"),
                        help="where the indexes are built (and found again)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--append", type=Path, help="append the sections to this file")
    args = parser.parse_args()
    for name in args.sections:
        append(SECTIONS[name](args), args.append)


if __name__ == "__main__":
    main()
