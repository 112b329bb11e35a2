"""Plain helpers and constants the tests share: paths, the small corpora, running the
CLI in-process or in a fresh interpreter, synthetic documents for the storage API, and
writers of tagged test files. Fixtures live in the conftest.py files."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.document import Document, Sentence, Token
from sensegrep.embedder.base import EmbedderConfig
from sensegrep.storage import PreparedDocument

# -- paths ---------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("SENSEGREP_SHARED_DATA", REPO.parent / "shared" / "data"))
EXAMPLES = REPO / "examples"
# The browser the web app's tests drive (tests/web/conftest.py); absent: they skip.
CHROMIUM = Path(os.environ.get("SENSEGREP_CHROMIUM", "/usr/bin/chromium"))

# -- small corpora -------------------------------------------------------------------------

DOCS = [
    {
        "id": "r1",
        "text": "We sat on the bank of the river. The water was cold.",
        "genre": "fiction",
        "year": 1990,
    },
    {
        "id": "m1",
        "text": "She paid the cheque into the bank on Monday.",
        "genre": "news",
        "year": 2000,
    },
    {
        "id": "r2",
        "text": "The grassy bank sloped down to the stream.",
        "genre": "fiction",
        "year": 2000,
    },
    {
        "id": "m2",
        "text": "The bank raised its interest rates again.",
        "genre": "news",
        "year": 2010,
    },
]

# A subcorpus to filter (issue 23): "bank" 3, 1, 2 and 2 times in documents a to d;
# years and ISO dates to take ranges of, a genre spelt "News" once, a value with a comma,
# and fields named like built-in keys (sense, pos).
SUBCORPUS = [
    {
        "id": "a",
        "text": "The bank was steep. A bank of fog rose. The old bank held.",
        "genre": "news",
        "year": 1900,
        "date": "1900-05-01",
        "title": "Hello, world",
        "sense": "x",
    },
    {
        "id": "b",
        "text": "Her bank paid well.",
        "genre": "fiction",
        "year": 1949,
        "date": "1949-12-31",
        "title": "Plain",
        "sense": "y",
    },
    {
        "id": "c",
        "text": "The bank closed. Another bank opened.",
        "genre": "letters",
        "year": 1950,
        "date": "1950-01-01",
        "sense": "x",
    },
    {
        "id": "d",
        "text": "No bank here, said the bank manager.",
        "genre": "News",
        "year": 2001,
        "date": "2001",
        "pos": "long",
    },
]

RIVER = "we had a picnic on the grassy [[bank]] of the river"
# What a pattern that may take more than one token adds to its "0 matches" (a match stays
# in a sentence, where CQP without within takes matches across sentences).
SENTENCE_BOUND = (
    "; a match never runs from one sentence into the next (within s is the default here; "
    "CQP without within also takes matches across sentences)"
)
# The example corpus's documents where "bank" is land beside water (read by hand).
RIVER_DOCS = {
    f"doc{n:04d}" for n in (10, 15, 60, 65, 67, 80, 153, 176, 204, 225, 244, 251, 288, 331, 347)
}

# One example per gold sense of the example corpus (none is a corpus sentence).
QUERIES = {
    ("bank", "river"): "we had a picnic on the grassy [[bank]] of the river",
    ("bank", "finance"): "she opened a savings account at the [[bank]]",
    ("bass", "fish"): "he caught a huge [[bass]] in the lake",
    ("bass", "music"): "turn up the [[bass]] on the stereo",
    ("plant", "organism"): "water the [[plant]] on the windowsill twice a week",
    ("plant", "factory"): "the car [[plant]] laid off two hundred workers",
    ("spring", "season"): "the flowers bloom early in [[spring]]",
    ("spring", "coil"): "a broken [[spring]] poked through the old mattress",
    ("spring", "water"): "we drank cold water from a mountain [[spring]]",
    ("crane", "bird"): "a [[crane]] stood on one leg in the marsh",
    ("crane", "machine"): "the [[crane]] lifted the steel beam onto the roof",
    ("seal", "animal"): "a [[seal]] basked on the rocks by the harbour",
    ("seal", "closure"): "she broke the wax [[seal]] on the envelope",
    ("bat", "animal"): "a [[bat]] flew out of the cave at dusk",
    ("bat", "sport"): "he swung the [[bat]] and hit the ball",
    ("mole", "animal"): "the [[mole]] dug tunnels under the lawn",
    ("mole", "skin"): "the doctor examined a [[mole]] on her back",
    ("mole", "spy"): "the agency discovered a [[mole]] passing secrets to the enemy",
    ("pitcher", "player"): "the [[pitcher]] threw a fastball past the batter",
    ("pitcher", "jug"): "pour the lemonade from the [[pitcher]] into glasses",
    ("match", "contest"): "the team won the [[match]] three goals to one",
    ("match", "fire"): "strike a [[match]] to light the candle",
}


def gold_senses() -> dict[str, str]:
    """Document id → gold sense of the example corpus."""
    with (EXAMPLES / "corpus.senses.tsv").open(encoding="utf-8") as handle:
        return {row["doc"]: row["sense"] for row in csv.DictReader(handle, delimiter="\t")}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def labelled_corpus(path: Path) -> Path:
    """Two words with two hand-labelled senses each, 12 occurrences per word."""
    contexts = {
        ("bank", "river"): ["the muddy {} of the river", "fish near the {} of the stream"],
        ("bank", "money"): ["the {} lent money", "a loan from the {} today"],
        ("bass", "fish"): ["he caught a {} in the lake", "the {} swam upstream"],
        ("bass", "music"): ["she played the {} guitar", "turn up the {} on the amp"],
    }
    records = []
    for (word, sense), templates in contexts.items():
        for n, template in enumerate(templates * 3):
            text = template.format(word) + "." * (n // 2 + 1)
            records.append({"id": f"{word}-{sense}-{n}", "text": text, "labels": {word: sense}})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# -- the CLI -------------------------------------------------------------------------------


def run(runner: CliRunner, idx: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--index", str(idx), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def hits(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.split("\n") if line.strip()]


def index_corpus(runner: CliRunner, folder: Path, corpus: Path, model: str = "fake:16") -> Path:
    """`sensegrep index` of one corpus file into folder; it must succeed."""
    result = runner.invoke(cli, ["--index", str(folder), "index", str(corpus), "--model", model])
    assert result.exit_code == 0, result.output
    return folder


def heavy_modules_after(index: Path, *commands: list[str]) -> str:
    """Run CLI commands on an index in a fresh interpreter (each must succeed) and say
    whether torch and transformers were imported: "False False" when neither was."""
    code = "import sys; from click.testing import CliRunner; from sensegrep.cli import cli;"
    for args in commands:
        code += (
            f"r = CliRunner().invoke(cli, ['--index', {str(index)!r}, *{args!r}]);"
            "assert r.exit_code == 0, r.output;"
        )
    code += "print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


# Small batches (SENSEGREP_TEST_BATCH occurrences, 5 unless set) and a low compaction
# threshold, so a small corpus goes through every step of indexing several times (the
# kill harness and the full-disk test).
DRIVER = (
    "import os, sys, sensegrep.indexer.pipeline as p, sensegrep.storage.removal as i;"
    "p.BATCH_OCCURRENCES = int(os.environ.get('SENSEGREP_TEST_BATCH', 5));"
    "p.BATCH_TOKENS = 20; i.MAX_SHARDS = 3;"
    "import sensegrep.indexer.vectors as v; v.BATCH_VECTORS = 5;"
    "from sensegrep.cli import main; sys.argv[0] = 'sensegrep'; main()"
)


def sensegrep(
    index: Path, *args: str, kill_at: str | None = None, batch: int | None = None
) -> subprocess.CompletedProcess:
    """The CLI in a fresh process (see DRIVER), SIGKILLed at the failpoint kill_at if given;
    ``batch``: occurrences per committed batch instead of DRIVER's 5."""
    env = {k: v for k, v in os.environ.items() if k != "SENSEGREP_KILL_AT"}
    if kill_at:
        env["SENSEGREP_KILL_AT"] = kill_at
    if batch:
        env["SENSEGREP_TEST_BATCH"] = str(batch)
    return subprocess.run(
        [sys.executable, "-c", DRIVER, "--index", str(index), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


# -- synthetic documents for the storage API -----------------------------------------------

DIM = 8
CONFIG = EmbedderConfig(model="fake:8", layers=(0,), pooling="mean", dim=DIM)


def make_document(doc_id: str, words: list[str], meta: dict | None = None) -> Document:
    tokens, pos = [], 0
    for word in words:
        tokens.append(Token(form=word, start=pos, end=pos + len(word), lemma=word.lower()))
        pos += len(word) + 1
    return Document(
        id=doc_id, text=" ".join(words), sentences=[Sentence(tokens)], metadata=meta or {}
    )


def prepared(docs: list[Document], start: int = 0) -> tuple[list[PreparedDocument], int]:
    out, row = [], start
    for i, doc in enumerate(docs):
        rows = []
        for sentence in doc.sentences:
            rows.append(list(range(row, row + len(sentence.tokens))))
            row += len(sentence.tokens)
        out.append(PreparedDocument(doc, f"sha-{doc.id}-{i}", "test", rows))
    return out, row


# The tiny corpus of the totals, paging, sort and count tests (issue 23), every figure of
# which is counted by hand in their docstrings: 4 documents, 7 sentences, 32 tokens
# (punctuation included); "bank" 5 times in d1, d2 and d3; d1 and d3 are news (20
# tokens), d2 and d4 fiction (12).
PUNCTUATED = [
    (["newdoc id = d1", "newdoc genre = news"], "The/the/DET bank/bank/NOUN ,/,/PUNCT "
     "said/say/VERB Ann/Ann/PROPN ././PUNCT"),
    ([], "Zed/Zed/PROPN bank/bank/NOUN lends/lend/VERB money/money/NOUN ././PUNCT"),
    (["newdoc id = d2", "newdoc genre = fiction"], "A/a/DET river/river/NOUN bank/bank/NOUN "
     "././PUNCT"),
    ([], "The/the/DET Bank/bank/NOUN lends/lend/VERB cash/cash/NOUN ././PUNCT"),
    (["newdoc id = d3", "newdoc genre = news"], "Old/old/ADJ bank/bank/NOUN ,/,/PUNCT "
     "old/old/ADJ river/river/NOUN ././PUNCT"),
    ([], "Rain/rain/NOUN fell/fall/VERB ././PUNCT"),
    (["newdoc id = d4", "newdoc genre = fiction"], "Cats/cat/NOUN sleep/sleep/VERB ././PUNCT"),
]  # fmt: skip

# A lemma used as a content word and as a function word (issue 23): "have" 5 times, at
# token ids 2 (AUX, d1), 6 (VERB, d1), 11 (AUX, d2), 17 (VERB, d2) and 20 (AUX "Has",
# d3); only its VERB uses get a sense vector. "the" once (13, DET, no vector). 23 tokens;
# d1 and d3 news, d2 fiction.
AUXILIARIES = [
    (["newdoc id = d1", "newdoc genre = news"], "They/they/PRON have/have/AUX left/leave/VERB "
     "././PUNCT"),
    ([], "We/we/PRON have/have/VERB a/a/DET dog/dog/NOUN ././PUNCT"),
    (["newdoc id = d2", "newdoc genre = fiction"], "I/I/PRON have/have/AUX seen/see/VERB "
     "the/the/DET dog/dog/NOUN ././PUNCT"),
    ([], "You/you/PRON have/have/VERB time/time/NOUN ././PUNCT"),
    (["newdoc id = d3", "newdoc genre = news"], "Has/have/AUX it/it/PRON rained/rain/VERB "
     "?/?/PUNCT"),
]  # fmt: skip

# Query words the analyser cuts ("mole's" is mole 's, "can't" ca n't) beside the words
# alone, and words to misspell (issue 23): indexed without tags, "mole" is 4 tokens (one
# before 's), "bank" 3 (one before 's), "banks" and "bnak" none.
MOLES = [
    {"id": "a", "text": "The mole's tunnel ran under the bank. A mole dug it."},
    {"id": "b", "text": "Moles dig under the river bank. The bank's rates rose."},
    {"id": "c", "text": "I can't see the mole."},
]


# -- tagged test files ---------------------------------------------------------------------


def conllu(*sentences: tuple[list[str], str]) -> str:
    """A CoNLL-U file: per sentence, its comment lines (without the "# ") and its words
    written "form/lemma/UPOS" (the other columns left empty)."""
    blocks = []
    for comments, tagged in sentences:
        lines = [f"# {comment}" for comment in comments]
        for n, word in enumerate(tagged.split(), start=1):
            form, lemma, upos = word.split("/")
            lines.append("\t".join([str(n), form, lemma, upos, *"______"]))
        blocks.append("".join(line + "\n" for line in lines))
    return "\n".join(blocks)


def text_only_index(folder: Path, text: str, name: str = "corpus.conllu") -> Path:
    """``text`` (a tagged file: CoNLL-U unless ``name`` says otherwise) written into
    ``folder`` and indexed text-only (no vectors) into ``folder/idx``: that path."""
    from sensegrep import build

    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    build(folder / "idx", folder / name, vectors_for="none").close()
    return folder / "idx"


def raganato(source: str, text_id: str, sentences: list[str], instance: str = "t") -> str:
    """A Raganato XML corpus of one text, from sentences of "form/lemma/POS" words; a word
    written "[form/lemma/POS]" is a sense instance, its id "<sentence id>.<instance>0"."""
    out = [
        '<?xml version="1.0" encoding="UTF-8" ?>\n',
        f'<corpus lang="en" source="{source}">\n',
        f'<text id="{text_id}">\n',
    ]
    for n, sentence in enumerate(sentences):
        sentence_id = f"{text_id}.s{n}"
        out.append(f'<sentence id="{sentence_id}">\n')
        for word in sentence.split():
            form, lemma, pos = word.strip("[]").split("/")
            if word.startswith("["):
                attributes = f'id="{sentence_id}.{instance}0" lemma="{lemma}" pos="{pos}"'
                out.append(f"<instance {attributes}>{form}</instance>\n")
            else:
                out.append(f'<wf lemma="{lemma}" pos="{pos}">{form}</wf>\n')
        out.append("</sentence>\n")
    out.append("</text>\n</corpus>\n")
    return "".join(out)


def heavy_modules_on(statement: str) -> list[str]:
    """Which of numpy, SQLAlchemy, torch and spaCy a fresh Python has loaded after
    ``statement`` (an import): the API promises none."""
    code = (
        f"import sys; {statement}; "
        "print(sorted(m for m in ('numpy', 'sqlalchemy', 'torch', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.replace("'", '"'))
