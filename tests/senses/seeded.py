"""Seeded synthetic sense data for the sense tests: documents whose "bank" vectors fall
into clearly separated groups (each with its own context words, genre and years),
stored straight through the storage API, so that clustering is exactly known."""

from __future__ import annotations

import numpy as np

from sensegrep.document import Document, Sentence, Token
from sensegrep.embedder.base import EmbedderConfig
from sensegrep.storage import Index, PreparedDocument

DIM = 32
CONFIG = EmbedderConfig(model="fake:32", layers=(0,), pooling="mean", dim=DIM)

# Three clearly separated uses of "bank", each with its own context words and genre.
GROUPS = {
    "river": (["grassy", "river", "water", "fishing"], 24, "fiction"),
    "money": (["loan", "account", "interest", "cash"], 18, "news"),
    "blood": (["donor", "hospital", "plasma", "nurse"], 12, "science"),
}


def make_doc(doc_id: str, words: list[str], meta: dict) -> Document:
    tokens, pos = [], 0
    for word in words:
        tokens.append(Token(form=word, start=pos, end=pos + len(word), lemma=word.lower()))
        pos += len(word) + 1
    text = " ".join(words)
    return Document(id=doc_id, text=text, sentences=[Sentence(tokens)], metadata=meta)


def add_documents(
    index: Index, docs: list[tuple[Document, np.ndarray]], seed: int, tag: str = "a"
) -> None:
    """Store docs; the target word of each gets the given vector, other words noise."""
    rng = np.random.default_rng(seed)
    batch, rows, vectors = [], 0, []
    for i, (doc, target) in enumerate(docs):
        n = len(doc.sentences[0].tokens)
        batch.append(
            PreparedDocument(doc, f"sha-{tag}-{doc.id}-{i}", "test", [list(range(rows, rows + n))])
        )
        block = rng.standard_normal((n, DIM)).astype(np.float32)
        for t, tok in enumerate(doc.sentences[0].tokens):
            if tok.lemma == "bank":
                block[t] = target
        vectors.append(block)
        rows += n
    index.add_batch(batch, np.vstack(vectors))


def cluster_docs(seed: int = 0) -> tuple[list[tuple[Document, np.ndarray]], dict[str, str]]:
    """Three groups around orthogonal directions plus a shared one (every occurrence
    of a word shares a large common component in real encoders too)."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(DIM) * 2
    axes = np.linalg.qr(rng.standard_normal((DIM, DIM)))[0]
    docs, sense_of = [], {}
    for g, (name, (context, count, genre)) in enumerate(GROUPS.items()):
        for i in range(count):
            words = ["the", "bank", *rng.choice(context, size=2, replace=False), "today"]
            doc_id = f"{name}{i:02d}"
            vector = common + axes[g] * 3 + rng.standard_normal(DIM) * 0.3
            year = 1950 + 10 * (i % 4) + i % 3
            docs.append((make_doc(doc_id, words, {"genre": genre, "year": year}), vector))
            sense_of[doc_id] = name
    order = rng.permutation(len(docs))  # interleave the groups in corpus order
    return [docs[i] for i in order], sense_of


def tight_cluster(
    seed: int, words: list[str], count: int, spread: float
) -> tuple[np.ndarray, list[tuple[Document, np.ndarray]]]:
    """count documents d0, d1… of the same words, their "bank" vectors scattered by
    spread around one seeded centre: (the centre, the documents)."""
    rng = np.random.default_rng(seed)
    centre = rng.standard_normal(DIM) * 3
    docs = [
        (make_doc(f"d{i}", words, {}), centre + rng.normal(0, spread, DIM)) for i in range(count)
    ]
    return centre, docs


def group_centres(seed: int = 0) -> dict[str, np.ndarray]:
    """The centre of each group of ``cluster_docs(seed)`` (the same seeded draws)."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(DIM) * 2
    axes = np.linalg.qr(rng.standard_normal((DIM, DIM)))[0]
    return {name: common + axes[g] * 3 for g, name in enumerate(GROUPS)}


def seeded_index(folder, seed: int = 1) -> None:
    """A new index at ``folder`` with the documents of ``cluster_docs()``."""
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, cluster_docs()[0], seed=seed)
