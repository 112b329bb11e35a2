"""The figures of a large text-only index checked against a count of its own (issue 23,
pass 25p): a generated corpus of --tokens tokens (default 3,000,000; seeded) whose every
token is known, indexed with `index --vectors-for none --tagger none`, then the Python
API's totals, documents, per million (whole index and --where subcorpora: ranges, open
ranges, alternatives, two conditions), pages of sorted concordances (no gap, no overlap,
the keys in order), --max-per-doc, --count right1/left1/genre, freq (frequency,
documents, DP, Juilland's D) and collocates are compared with the same figures computed
here in plain Python from the generator's token lists. Every disagreement is printed;
exit status 1 when there is one. Nothing is asserted about speed: the seconds of each
step are printed beside it.

    python benchmarks/honest_at_scale.py                       # 104 s, 1 GB on 2 shared cores
    python benchmarks/honest_at_scale.py --tokens 300000       # a quick run

The corpus: documents of 10-150 sentences (one of 5,000, to try --max-per-doc), each
with a year (1950-2019; every hundredth document has none), a genre and an author;
sentences of Zipf-distributed words from WordNet's index files
(../shared/data/wordnet30), each word its own lemma under simplemma (checked when the
vocabulary is drawn), so that a word's lemma is the word; "computer" grows with the
year; 2.5% of the sentences are one of eight sentences with "bank". Sentences are
grouped as simplemma splits the text (it does not end a sentence after "a."), so that
the reference's sentence edges are the index's.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))

FUNCTION = "the of and to a in that it for on with as at by from this but or an not".split()  # noqa: SIM905
GENRES = ["news", "fiction", "academic", "letters", "spoken"]
BANK = [
    "We walked along the bank of the river at dusk",
    "The boat drifted toward the muddy bank",
    "Reeds grew thick on the far bank of the stream",
    "They sat on the grassy bank and fished",
    "She paid the money into the bank on Monday",
    "The bank raised its interest rates again",
    "He borrowed money from the bank to buy a house",
    "The central bank cut rates this year",
]
Doc = tuple[str, dict, list[list[str]]]
problems: list[str] = []


def vocabulary() -> list[str]:
    import simplemma

    words: set[str] = set()
    for pos in ("noun", "verb", "adj"):
        for line in (SHARED / "wordnet30" / "dict" / f"index.{pos}").open():
            word = line.split(" ", 1)[0]
            if not line.startswith(" ") and re.fullmatch(r"[a-z]{3,9}", word):
                words.add(word)
    shuffled = sorted(words - {"bank", "computer"})
    random.shuffle(shuffled)
    own = [w for w in shuffled if simplemma.lemmatize(w, lang="en") == w]
    return FUNCTION + own[:6000]


def generate(tokens: int) -> list[Doc]:
    random.seed(25)
    vocab = vocabulary()
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
    docs: list[Doc] = []
    written = 0
    while written < tokens:
        i = len(docs)
        year = random.randint(1950, 2019)
        meta: dict = {"year": year, "genre": random.choice(GENRES)}
        meta["author"] = f"author{random.randrange(120):03d}"
        if i % 100 == 7:
            del meta["year"]
        sentences = []
        for _ in range(5000 if i == 50 else random.randint(10, 150)):
            if random.random() < 0.025:
                words = random.choice(BANK).split()
            else:
                words = random.choices(vocab, weights, k=random.randint(6, 24))
                if "year" in meta and random.random() < (year - 1945) / 800:
                    words[random.randrange(len(words))] = "computer"
                if random.random() < 0.4:
                    words.insert(random.randint(1, len(words) - 1), ",")
            words = [*words, "."]
            words[0] = words[0][0].upper() + words[0][1:]
            sentences.append(words)
            written += len(words)
        docs.append((f"d{i:05d}", meta, sentences))
    return docs


def render(sentences: list[list[str]]) -> str:
    return " ".join(
        "".join(t if t in ",." or not n else " " + t for n, t in enumerate(s)) for s in sentences
    )


def as_split(docs: list[Doc]) -> list[Doc]:
    """The sentences as simplemma splits the rendered text (the index's edges)."""
    import simplemma

    out = []
    for doc_id, meta, sentences in docs:
        flat = [t for s in sentences for t in s]
        groups, at = [], 0
        for chunk in simplemma.split_sentences(render(sentences), lang="en"):
            n = len(list(simplemma.simple_tokenizer(chunk)))
            groups.append(flat[at : at + n])
            at += n
        out.append((doc_id, meta, groups))
    return out


def check(name: str, got: object, expected: object) -> None:
    if got != expected:
        problems.append(name)
        print(f"DIFFERS {name}: got {str(got)[:200]}, expected {str(expected)[:200]}")


def close(a: float | None, b: float, places: int) -> bool:
    return a is not None and abs(a - b) <= 0.51 * 10**-places


def punct(token: str) -> bool:
    return not any(c.isalnum() for c in token)


def beside(s: list[str], p: int, step: int, skip: bool) -> str | None:
    q = p + step
    while 0 <= q < len(s) and skip and punct(s[q]):
        q += step
    return s[q].lower() if 0 <= q < len(s) else None


class Reference:
    def __init__(self, docs: list[Doc]) -> None:
        self.docs = docs
        self.sizes = [sum(len(s) for s in ss) for _, _, ss in docs]
        self.n = sum(self.sizes)

    def occurrences(self, word: str, keep: Callable[[dict], bool]) -> list[tuple]:
        return [
            (d, si, p, s)
            for d, (_, meta, ss) in enumerate(self.docs)
            if keep(meta)
            for si, s in enumerate(ss)
            for p, t in enumerate(s)
            if t.lower() == word
        ]

    def tokens(self, keep: Callable[[dict], bool]) -> int:
        return sum(n for n, (_, m, _) in zip(self.sizes, self.docs, strict=True) if keep(m))


WHERE: dict[str, tuple[object, Callable[[dict], bool]]] = {
    "genre=news": ("genre=news", lambda m: m["genre"] == "news"),
    "genre=news,fiction": ("genre=news,fiction", lambda m: m["genre"] in ("news", "fiction")),
    "year=1960..1979": ("year=1960..1979", lambda m: 1960 <= m.get("year", 0) <= 1979),
    "year=..1955": ("year=..1955", lambda m: "year" in m and m["year"] <= 1955),
    "year=2010..": ("year=2010..", lambda m: m.get("year", 0) >= 2010),
    "year=1950..1952,2018..": (
        "year=1950..1952,2018..",
        lambda m: "year" in m and (m["year"] <= 1952 or m["year"] >= 2018),
    ),
    "genre=news + year=1990..1999": (
        ["genre=news", "year=1990..1999"],
        lambda m: m["genre"] == "news" and 1990 <= m.get("year", 0) <= 1999,
    ),
}


def check_totals(idx, ref: Reference) -> None:
    for word in ("bank", "computer", "the"):
        for label, (where, keep) in {"": (None, lambda m: True), **WHERE}.items():
            options = {"where": where} if where else {}
            hits = idx.search(word, k=1, **options)
            found = ref.occurrences(word, keep)
            name = f"{word} {label}".strip()
            check(f"{name}: total", hits.total, len(found))
            check(f"{name}: documents", hits.documents, len({o[0] for o in found}))
            check(f"{name}: tokens", hits.tokens, ref.n)
            if not close(hits.per_million, len(found) / ref.n * 1e6, 2):
                check(f"{name}: per million", hits.per_million, len(found) / ref.n * 1e6)
            if where:
                size = ref.tokens(keep)
                check(f"{name}: subcorpus tokens", hits.subcorpus_tokens, size)
                if not close(hits.per_million_subcorpus, len(found) / size * 1e6, 2):
                    check(f"{name}: per million of the subcorpus", hits.per_million_subcorpus, 0)


def check_pages(idx, ref: Reference) -> None:
    for word, sort, skip, page in [
        ("computer", "right1,left1", False, 1000),
        ("computer", "right1,left1", True, 777),
        ("bank", "left1,right1", False, 250),
    ]:
        key = _sort_key(sort, skip)
        expected = [key(o) for o in sorted(ref.occurrences(word, lambda m: True), key=key)]
        lines, offset = [], 0
        while page_hits := idx.search(word, k=page, offset=offset, sort=sort, ignore_punct=skip):
            lines += list(page_hits)
            offset += page
        name = f"{word} --sort {sort}{' --ignore-punct' if skip else ''} in pages of {page}"
        check(f"{name}: lines", len(lines), len(expected))
        check(f"{name}: distinct lines", len({h.id for h in lines}), len(expected))
        check(f"{name}: order", _line_keys(lines, sort, skip), expected)


def _sort_key(sort: str, skip: bool) -> Callable[[tuple], tuple]:
    """A reference occurrence's sort keys, as the engine compares them (none first)."""

    def key(o: tuple) -> tuple:
        _d, _si, p, s = o
        keys = {"right1": beside(s, p, 1, skip), "left1": beside(s, p, -1, skip)}
        return tuple((keys[k] is not None, keys[k] or "") for k in sort.split(","))

    return key


def _line_keys(lines: list, sort: str, skip: bool) -> list[tuple]:
    import simplemma

    out = []
    for h in lines:
        right = [t for t in simplemma.simple_tokenizer(h.right) if not (skip and punct(t))]
        left = [t for t in simplemma.simple_tokenizer(h.left) if not (skip and punct(t))]
        keys = {
            "right1": right[0].lower() if right else None,
            "left1": left[-1].lower() if left else None,
        }
        out.append(tuple((keys[k] is not None, keys[k] or "") for k in sort.split(",")))
    return out


def check_counts(idx, ref: Reference) -> None:
    every = ref.occurrences("computer", lambda m: True)
    for per_doc in (1, 3):
        hits = idx.search("computer", k=10**7, max_per_doc=per_doc)
        available = sum(min(n, per_doc) for n in Counter(o[0] for o in every).values())
        check(
            f"--max-per-doc {per_doc}: lines", (hits.lines_available, len(hits)), (available,) * 2
        )
    for by, skip, value in [
        ("right1", True, lambda o: beside(o[3], o[2], 1, True)),
        ("left1", False, lambda o: beside(o[3], o[2], -1, False)),
        ("genre", False, lambda o: ref.docs[o[0]][1]["genre"]),
    ]:
        counts = idx.count("computer", by, ignore_punct=skip)
        got = Counter()
        for row in counts:
            text = None if row["value"] == "(none)" else row["value"]
            got[text.lower() if text and by != "genre" else text] += row["count"]
        check(f"--count {by}", dict(got), dict(Counter(value(o) for o in every)))


def check_freq(idx, ref: Reference) -> None:
    rows = {r["item"]: r for r in idx.freq(by="form", k=10**6)}
    for word in ("the", "The", ".", ",", "bank", "computer"):
        per_doc = [sum(t == word for s in ss for t in s) for _, _, ss in ref.docs]
        f = sum(per_doc)
        dp = 0.5 * sum(abs(v / f - n / ref.n) for v, n in zip(per_doc, ref.sizes, strict=True))
        parts = [0] * 10
        at = 0
        for _, _, ss in ref.docs:
            for s in ss:
                for t in s:
                    if t == word:
                        parts[min(9, at * 10 // ref.n)] += 1
                    at += 1
        mean = sum(parts) / 10
        sd = math.sqrt(sum((p - mean) ** 2 for p in parts) / 10)
        d = 1 - (sd / mean) / 3
        row = rows.get(word, {})
        got = (row.get("freq"), row.get("docs"), row.get("dp"), row.get("juilland_d"))
        check(f"freq {word!r}", got, (f, sum(v > 0 for v in per_doc), round(dp, 4), round(d, 4)))
    check("freq: the rows add up to the tokens", sum(r["freq"] for r in rows.values()), ref.n)


def check_collocates(idx, ref: Reference) -> None:
    import simplemma

    def lemma(t: str) -> str:
        return simplemma.lemmatize(t, lang="en").lower() if any(c.isalpha() for c in t) else t

    freq, together, node = Counter(), Counter(), 0
    for _, _, ss in ref.docs:
        for s in ss:
            lemmas = [lemma(t) for t in s]
            freq.update(lemmas)
            for p, t in enumerate(lemmas):
                if t != "bank":
                    continue
                node += 1
                for q in range(max(0, p - 5), min(len(s), p + 6)):
                    if q != p and not punct(s[q]):
                        together[lemmas[q]] += 1
    rows = {r["collocate"]: r for r in idx.collocates("bank", min_freq=1, k=10**6)}
    for word, o in together.items():
        logdice = round(14 + math.log2(2 * o / (node + freq[word])), 4)
        row = rows.get(word, {})
        got = (row.get("freq"), row.get("collocate_freq"), row.get("node_freq"), row.get("logdice"))
        check(f"collocates bank {word!r}", got, (o, freq[word], node, logdice))
    check("collocates bank: rows", len(rows), len(together))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=3_000_000)
    args = parser.parse_args()
    import sensegrep

    started = time.perf_counter()
    ref = Reference(as_split(generate(args.tokens)))
    print(f"corpus: {len(ref.docs):,} documents, {ref.n:,} tokens "
          f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for doc_id, meta, sentences in ref.docs:
                out.write(json.dumps({"id": doc_id, "text": render(sentences), **meta}) + "\n")
        at = time.perf_counter()
        sensegrep.add(Path(tmp) / "idx", corpus, vectors_for="none", tagger="none")
        print(f"indexed in {time.perf_counter() - at:.0f} s")
        with sensegrep.open(Path(tmp) / "idx") as idx:
            info = idx.info()
            check("info: documents, tokens", (info["documents"], info["tokens"]),
                  (len(ref.docs), ref.n))  # fmt: skip
            for step in (check_totals, check_pages, check_counts, check_freq, check_collocates):
                at = time.perf_counter()
                step(idx, ref)
                print(f"{step.__name__}: {time.perf_counter() - at:.1f} s")
    print(f"{len(problems)} disagreement(s)" if problems else "every figure agrees")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
