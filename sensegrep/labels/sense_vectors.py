"""WordNet sense vectors, LMMS-style (Loureiro & Jorge 2019): one vector per sense key
of WordNet, so that an occurrence is labelled by the nearest of its lemma's senses.

How a sense gets its vector (its *level*, the ablation ``eval wsd --method`` shows):

0. ``labelled`` — the centroid of its labelled occurrences in the index (SemCor's
   gold keys): the mean of their unit vectors.
1. ``synset`` — no occurrence of its own: the mean of the centroids of the other
   senses of its synset (``bank%1:14:00::`` shares a synset with ``depository
   financial institution``).
2. ``hypernym`` — no labelled sense in its synset: the mean of the synset vectors
   (level 1's means) of its synset's hypernyms (``@`` and instance ``@i``; LMMS's
   nltk ``hypernyms()`` reads ``@`` only).
3. ``lexname`` — none of those: the mean of every synset vector (levels 1-2) of its
   lexicographer file (noun.artifact, verb.motion, …).

Every mean is over unit vectors and is scaled to unit length. Unlike LMMS's script,
levels never feed on their own results (a hypernym vector is made from level 1
only), so the result does not depend on the order senses are visited in.

A gloss vector (after LMMS's gloss embeddings) is the mean of the lemma's vectors in its
synset's WordNet examples ("they pulled the canoe up on the [[bank]]"), else its vector
in the gloss sentence ``lemma , synonym … - definition``, embedded by the index's
encoder; a sense is then scored by ``(1 - w) · cos(vector) + w · cos(gloss)``: LMMS's
concatenation of unit vectors is w = 0.5, the default here is 0.1 (chosen on the dev
set). Glosses cost forward passes, so they are made for the lemmas asked for (those of
a file to label), or for all 206,941 senses on request.

The vectors are kept in one ``.npz`` file that records the encoder's settings: a file
made with another encoder (model, layers, projection, precision) is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sensegrep.embedder.base import EmbedderConfig, unit_rows
from sensegrep.errors import SensegrepError
from sensegrep.files import write_whole
from sensegrep.labels.labelling import PREDICTED, split_label

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder
    from sensegrep.labels.classify import Answer, Instance
    from sensegrep.storage import Index
    from sensegrep.wordnet import WordNet, WordNetGraph

LEVELS = ("labelled", "synset", "hypernym", "lexname")
NO_VECTOR = len(LEVELS)  # the level of a sense left without a vector
# The glosses' share of a score. LMMS concatenates unit vectors, i.e. 0.5; on
# SemEval-2007 (the dev set) 0.1 scored best and 0.5 three points lower (BENCHMARKS.md).
DEFAULT_GLOSS_WEIGHT = 0.1
FORMAT = 1  # of the .npz file
_READ_CHUNK = 50_000  # stored vectors read at once
_GLOSS_BATCH = 256  # glosses per embedder call


@dataclass
class SenseVectors:
    """Unit vectors of sense keys: ``vectors[i]`` is ``keys[i]``'s, got at ``level[i]``
    (:data:`LEVELS`; :data:`NO_VECTOR` rows are zero), and gloss vectors of the keys in
    ``gloss_keys``. ``encoder`` is the settings of the encoder that made them."""

    keys: list[str]
    vectors: np.ndarray
    level: np.ndarray
    encoder: EmbedderConfig
    gloss_keys: list[str] = field(default_factory=list)
    gloss_vectors: np.ndarray | None = None
    about: dict = field(default_factory=dict)  # where they came from, counts

    def __post_init__(self) -> None:
        self._row = {key: i for i, key in enumerate(self.keys)}
        self._gloss_row = {key: i for i, key in enumerate(self.gloss_keys)}

    def counts(self) -> dict[str, int]:
        """How many senses got their vector at each level, and how many have none."""
        found = np.bincount(self.level, minlength=NO_VECTOR + 1)
        return {name: int(found[i]) for i, name in enumerate((*LEVELS, "none"))}

    def vector(self, key: str, max_level: int = NO_VECTOR - 1) -> np.ndarray | None:
        """``key``'s vector if it got one at ``max_level`` or below, else None."""
        row = self._row.get(key)
        if row is None or self.level[row] > max_level:
            return None
        return self.vectors[row]

    def gloss(self, key: str) -> np.ndarray | None:
        row = self._gloss_row.get(key)
        return None if row is None or self.gloss_vectors is None else self.gloss_vectors[row]

    def missing_glosses(self, keys: Iterable[str]) -> list[str]:
        return sorted({k for k in keys if k not in self._gloss_row})

    def add_glosses(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Gloss vectors for more keys (made by :func:`embed_glosses`)."""
        if not len(keys):
            return
        old = self.gloss_vectors if self.gloss_vectors is not None else vectors[:0]
        self.gloss_vectors = np.vstack([old, unit_rows(vectors)])
        self.gloss_keys = [*self.gloss_keys, *keys]
        self._gloss_row = {key: i for i, key in enumerate(self.gloss_keys)}


# -- propagation ----------------------------------------------------------------------


def _unit_mean(rows: Sequence[np.ndarray]) -> np.ndarray:
    mean = np.mean(np.stack(rows), axis=0, dtype=np.float64)
    norm = np.linalg.norm(mean)
    return (mean / norm if norm > 0 else mean).astype(np.float32)


def propagate(
    graph: WordNetGraph, centroids: dict[str, np.ndarray]
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every sense key of ``graph`` with a vector and its level (module docstring),
    from the unit ``centroids`` of labelled senses: (keys sorted, vectors, levels)."""
    keys = graph.keys
    dim = len(next(iter(centroids.values()))) if centroids else 0
    synset_vec = _synset_vectors(graph, centroids)
    hypernym_vec = _hypernym_vectors(graph, synset_vec)
    lexfile_vec = _lexfile_vectors(graph, synset_vec, hypernym_vec)
    vectors = np.zeros((len(keys), dim), dtype=np.float32)
    level = np.full(len(keys), NO_VECTOR, dtype=np.int8)
    for i, key in enumerate(keys):
        row = graph.synset_of[key]
        found = (
            centroids.get(key),
            synset_vec.get(row),
            hypernym_vec.get(row),
            lexfile_vec.get(graph.synsets[row].lexfile),
        )
        at = next((n for n, source in enumerate(found) if source is not None), None)
        if at is not None:
            vectors[i], level[i] = found[at], at
    return keys, vectors, level


def _synset_vectors(graph: WordNetGraph, centroids: dict[str, np.ndarray]) -> dict[int, np.ndarray]:
    """Level 1, by synset row: the mean of its labelled senses' centroids."""
    made = {}
    for row, node in enumerate(graph.synsets):
        own = [centroids[k] for k in node.keys if k in centroids]
        if own:
            made[row] = _unit_mean(own)
    return made


def _hypernym_vectors(
    graph: WordNetGraph, synset_vec: dict[int, np.ndarray]
) -> dict[int, np.ndarray]:
    """Level 2, by synset row (those without level 1): the mean of its hypernyms' level 1
    vectors."""
    made = {}
    for row, node in enumerate(graph.synsets):
        if row not in synset_vec:
            above = [synset_vec[h] for h in node.hypernyms if h in synset_vec]
            if above:
                made[row] = _unit_mean(above)
    return made


def _lexfile_vectors(
    graph: WordNetGraph, synset_vec: dict[int, np.ndarray], hypernym_vec: dict[int, np.ndarray]
) -> dict[int, np.ndarray]:
    """Level 3, by lexicographer file: the mean of its synsets' level 1 or 2 vectors."""
    by_lexfile: dict[int, list[np.ndarray]] = {}
    for row, node in enumerate(graph.synsets):
        made = synset_vec.get(row, hypernym_vec.get(row))
        if made is not None:
            by_lexfile.setdefault(node.lexfile, []).append(made)
    return {lexfile: _unit_mean(rows) for lexfile, rows in by_lexfile.items()}


# -- centroids of labelled occurrences ------------------------------------------------


def labelled_centroids(
    index: Index, is_key: Callable[[str], bool], log: Callable[[str], None] = lambda _m: None
) -> tuple[dict[str, np.ndarray], int]:
    """The unit centroid of each label ``is_key`` accepts, from its occurrences labelled
    at indexing or by hand (never ``classify --apply`` guesses); an occurrence with
    several labels counts for each. Also: how many occurrences were read."""
    rows = [r for r in index.labelled_vectors_at() if r[4] != PREDICTED]
    sums: dict[str, np.ndarray] = {}
    for start in range(0, len(rows), _READ_CHUNK):
        chunk = rows[start : start + _READ_CHUNK]
        shard_ids = np.array([r[1] for r in chunk], dtype=np.int64)
        at = np.array([r[2] for r in chunk], dtype=np.int64)
        vectors = unit_rows(index.vectors(shard_ids, at))
        for (_id, _shard, _row, label, _source), vector in zip(chunk, vectors, strict=True):
            for key in split_label(label):
                key = key.lower()
                if is_key(key):
                    if key in sums:
                        sums[key] += vector
                    else:
                        sums[key] = vector.astype(np.float64)
        log(f"read {min(start + _READ_CHUNK, len(rows)):,}/{len(rows):,} labelled vectors")
    return {k: _unit_mean([s]) for k, s in sums.items()}, len(rows)


def build(
    index: Index,
    wordnet: WordNet,
    log: Callable[[str], None] = lambda _m: None,
) -> SenseVectors:
    """Sense vectors of every WordNet sense from ``index``'s labelled occurrences
    (glosses are added by :func:`add_glosses`)."""
    from sensegrep.wordnet import read_graph

    graph = read_graph(wordnet)
    centroids, read = labelled_centroids(index, graph.synset_of.__contains__, log)
    if not centroids:
        raise SensegrepError(
            f"{index.folder} has no occurrence labelled with a sense key of "
            f"{wordnet.folder}: index sense-annotated data such as SemCor "
            "(--format raganato) first"
        )
    keys, vectors, level = propagate(graph, centroids)
    about = {
        "index": str(index.folder),
        "wordnet": str(wordnet.folder),
        "labelled_occurrences": read,
        "labelled_senses": len(centroids),
    }
    return SenseVectors(keys, vectors, level, index.embedder_config, about=about)


# -- glosses --------------------------------------------------------------------------


def gloss_words(graph: WordNetGraph, key: str) -> tuple[list[str], int, int]:
    """The words of ``key``'s gloss sentence, ``lemma , synonym … - definition``
    (LMMS's), and the span (start, end) of the lemma in them."""
    from sensegrep.text import analyse

    node = graph.synsets[graph.synset_of[key]]
    lemma = _key_lemma(key)
    target = lemma.split()
    words = list(target)
    for other in (w for w in node.words if w.lower() != lemma):
        words += [",", *other.split()]
    definition, _examples = split_gloss(node.gloss)
    words.append("-")
    for sentence in analyse(definition, "en", lemmas=False):
        words += sentence.words
    return words, 0, len(target)


def example_usages(graph: WordNetGraph, key: str) -> list[tuple[list[str], int, int]]:
    """The example sentences of ``key``'s synset that use its lemma (by form or
    lemma; a several-word lemma by its forms in a row): (words, start, end) each."""
    from sensegrep.text import analyse

    lemma = _key_lemma(key).split()
    found = []
    for example in split_gloss(graph.synsets[graph.synset_of[key]].gloss)[1]:
        for sentence in analyse(example, "en", lemmas=True):
            forms = [t.form.lower() for t in sentence.tokens]
            lemmas = [(t.lemma or t.form).lower() for t in sentence.tokens]
            for at in range(len(forms) - len(lemma) + 1):
                if all(word in (forms[at + i], lemmas[at + i]) for i, word in enumerate(lemma)):
                    found.append((sentence.words, at, at + len(lemma)))
                    break
    return found


def _key_lemma(key: str) -> str:
    return key.split("%", 1)[0].replace("_", " ").lower()


def split_gloss(gloss: str) -> tuple[str, list[str]]:
    """WordNet's ``definition; "example"; "example"`` → definition, examples."""
    definition = gloss.split('"', 1)[0].strip().rstrip(";").strip()
    return definition, [e.strip() for e in re.findall(r'"([^"]*)"', gloss) if e.strip()]


def _span_vectors(
    embedder: Embedder,
    spans: Sequence[tuple[list[str], int, int]],
    log: Callable[[str], None],
    what: str,
) -> np.ndarray:
    """The mean vector of each (words, start, end) span, embedded in batches."""
    out = np.zeros((len(spans), embedder.config.dim), dtype=np.float32)
    for start in range(0, len(spans), _GLOSS_BATCH):
        batch = spans[start : start + _GLOSS_BATCH]
        embedded = embedder.embed([words for words, _s, _e in batch])
        for i, ((_words, first, end), rows) in enumerate(zip(batch, embedded, strict=True)):
            out[start + i] = rows[first:end].mean(axis=0)
        log(f"embedded {min(start + _GLOSS_BATCH, len(spans)):,}/{len(spans):,} {what}")
    return out


def gloss_parts(
    embedder: Embedder,
    graph: WordNetGraph,
    keys: Sequence[str],
    log: Callable[[str], None] = lambda _m: None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each key: its gloss sentence's lemma vector (unit), the mean of its lemma's
    unit vectors in its synset's examples (unit; zero without one), and how many
    examples use it."""
    heads = unit_rows(
        _span_vectors(embedder, [gloss_words(graph, k) for k in keys], log, "glosses")
    )
    usages: list[tuple[list[str], int, int]] = []
    owner: list[int] = []
    for i, key in enumerate(keys):
        found = example_usages(graph, key)
        usages += found
        owner += [i] * len(found)
    examples = np.zeros_like(heads)
    counts = np.bincount(np.array(owner, dtype=np.int64), minlength=len(keys))
    if usages:
        vectors = unit_rows(_span_vectors(embedder, usages, log, "examples"))
        np.add.at(examples, np.array(owner), vectors)
    return heads, unit_rows(examples), counts


def embed_glosses(
    embedder: Embedder,
    graph: WordNetGraph,
    keys: Sequence[str],
    log: Callable[[str], None] = lambda _m: None,
) -> np.ndarray:
    """Gloss vectors of ``keys`` (unit rows, in order): the mean of the lemma's vectors in
    its synset's examples, where an example uses it (real usages, like the labelled
    occurrences), else the gloss sentence's lemma vector. Chosen on SemEval-2007
    (BENCHMARKS.md): the gloss sentence alone, or averaged with the examples, scored
    lower."""
    heads, examples, counts = gloss_parts(embedder, graph, keys, log)
    return np.where(counts[:, None] > 0, examples, heads)


def keys_of_lemmas(wordnet: WordNet, lemmas: Iterable[tuple[str, str | None]]) -> list[str]:
    """Every sense key of these (lemma, POS) pairs (POS None: every POS)."""
    found: set[str] = set()
    for lemma, pos in lemmas:
        for tag in [pos] if pos else ["n", "v", "a", "r"]:
            found.update(wordnet.senses(lemma, tag))
    return sorted(found)


def add_glosses(
    vectors: SenseVectors,
    embedder: Embedder,
    wordnet: WordNet,
    keys: Sequence[str],
    graph: WordNetGraph | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> int:
    """Embed the glosses of those of ``keys`` that have none yet; how many were made."""
    from sensegrep.wordnet import read_graph

    check_encoder(vectors, embedder.config, "")
    missing = vectors.missing_glosses(keys)
    if missing:
        graph = graph or read_graph(wordnet)
        vectors.add_glosses(missing, embed_glosses(embedder, graph, missing, log))
    return len(missing)


# -- labelling with them ---------------------------------------------------------------


@dataclass(frozen=True)
class Method:
    """How an instance is labelled by sense vectors: among its lemma's senses with a
    vector got at ``max_level`` or below, the one of highest score, ``(1 - w) ·
    cos(vector) + w · cos(gloss)`` with ``w = gloss_weight`` (0: vectors only, 1: glosses
    only, which every sense can have)."""

    max_level: int = NO_VECTOR - 1
    gloss_weight: float = 0.0

    @property
    def uses_glosses(self) -> bool:
        return self.gloss_weight > 0


def method(name: str, gloss_weight: float = DEFAULT_GLOSS_WEIGHT) -> Method:
    """A sense-vector method of :data:`sensegrep.choices.WSD_METHODS` by name (not knn):
    ``centroids`` (labelled senses only), ``synset``, ``hypernym``, ``propagated``
    (levels up to that one), ``glosses`` (gloss vectors alone), ``lmms`` (propagated
    and glosses, ``gloss_weight`` the glosses' share)."""
    if not 0.0 <= gloss_weight <= 1.0:
        raise SensegrepError(f"--gloss-weight must be between 0 and 1, got {gloss_weight}")
    levels = {"centroids": 0, "synset": 1, "hypernym": 2, "propagated": 3}
    if name in levels:
        return Method(levels[name])
    if name == "glosses":
        return Method(NO_VECTOR - 1, 1.0)
    if name == "lmms":
        return Method(NO_VECTOR - 1, gloss_weight)
    raise SensegrepError(f"unknown sense-vector method {name!r}")


def best_sense(
    vectors: SenseVectors, keys: Sequence[str], query: np.ndarray, method: Method
) -> tuple[str, float] | None:
    """The best of ``keys`` for the unit ``query`` and its score; None when none of them
    can be scored."""
    best: tuple[str, float] | None = None
    w = method.gloss_weight
    for key in keys:
        context = vectors.vector(key, method.max_level) if w < 1 else None
        gloss = vectors.gloss(key) if w > 0 else None
        if (w < 1 and context is None) or (w > 0 and gloss is None):
            continue
        score = (1 - w) * float(query @ context) if context is not None else 0.0
        score += w * float(query @ gloss) if gloss is not None else 0.0
        if best is None or score > best[1]:
            best = (key, score)
    return best


def answer_instances(
    vectors: SenseVectors,
    wordnet: WordNet,
    instances: Sequence[Instance],
    queries: np.ndarray,
    method: Method,
) -> list[Answer]:
    """An answer per instance, in order: the best of its lemma and POS's WordNet senses
    (source ``sense_vectors``; its confidence is the winner's score, a cosine, not a
    vote share), else WordNet's first sense (``wordnet``: none of its senses has a
    vector at this level), else none."""
    from sensegrep.labels.classify import Answer

    answers = []
    for instance, query in zip(instances, queries, strict=True):
        keys = wordnet.senses(instance.lemma, instance.pos or "")
        got = best_sense(vectors, keys, query, method)
        if got is not None:
            answers.append(Answer(instance.id, got[0], got[1], "sense_vectors"))
            continue
        first = keys[0] if keys else None
        answers.append(Answer(instance.id, first, None, "wordnet" if first else None))
    return answers


def classify_file(
    path: Path,
    embedder: Embedder,
    vectors: SenseVectors,
    wordnet: WordNet,
    how: Method,
    log: Callable[[str], None] = lambda _m: None,
) -> list[Answer]:
    """Label every instance of a Raganato XML file by the nearest sense vector of its
    lemma and POS (embedded with ``embedder``, which must be the vectors' encoder);
    gloss vectors its senses lack are made first (kept in ``vectors``, not saved)."""
    from sensegrep.labels.classify import embed_instances, read_instances

    check_encoder(vectors, embedder.config, "")
    instances, sentences = read_instances(path)
    queries = embed_instances(embedder, instances, sentences)
    if how.uses_glosses:
        keys = keys_of_lemmas(wordnet, {(i.lemma, i.pos) for i in instances})
        add_glosses(vectors, embedder, wordnet, keys, log=log)
    return answer_instances(vectors, wordnet, instances, queries, how)


# -- the file ----------------------------------------------------------------------------


def default_path(index: Index, wordnet: WordNet) -> Path:
    """Where the sense vectors of ``index`` are cached: a file named by the index, its
    encoder's settings, what it holds, the labels they are the centroids of (a label set
    or cleared since makes them again) and the WordNet folder, under sensegrep's cache."""
    import hashlib

    from sensegrep.embedder.models import cache_root

    labels = hashlib.sha256(
        repr(
            [(i, label, source) for i, _s, _r, label, source in index.labelled_vectors_at()]
        ).encode()
    ).hexdigest()
    keyed = json.dumps(
        [
            index.embedder_config.to_dict(),
            str(Path(index.folder).resolve()),
            list(index.index_state()),
            str(Path(wordnet.folder).resolve()),
            labels,
        ],
        sort_keys=True,
    )
    digest = hashlib.sha256(keyed.encode()).hexdigest()[:16]
    return cache_root() / "sense-vectors" / f"{Path(index.folder).name}-{digest}.npz"


def for_index(
    index: Index,
    wordnet: WordNet,
    path: Path | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> SenseVectors:
    """The sense vectors of ``index``: from ``path`` (refused if another encoder made
    them), else from the cache, else built from the index and cached."""
    if path is not None:
        if not Path(path).is_file():
            raise SensegrepError(
                f"--sense-vectors {path}: no such file (make it with "
                "`sensegrep --index INDEX wordnet build --wordnet DIR -o FILE`)"
            )
        return load(Path(path), index.embedder_config)
    cached = default_path(index, wordnet)
    if cached.is_file():
        log(f"sense vectors from {cached}")
        return load(cached, index.embedder_config)
    log(f"building WordNet sense vectors from {index.folder} (cached in {cached})")
    made = build(index, wordnet, log)
    save(made, cached)
    return made


def check_encoder(vectors: SenseVectors, config: EmbedderConfig, path: str | Path) -> None:
    """Refuse sense vectors made by another encoder than ``config``'s: they are not
    comparable with its vectors."""
    if vectors.encoder.interchangeable(config):
        return
    where = f"{path}: " if str(path) else ""
    raise SensegrepError(
        f"{where}sense vectors made with another encoder "
        f"({'; '.join(vectors.encoder.differences(config))}): rebuild them for this index "
        "with `sensegrep --index INDEX wordnet build --wordnet DIR`"
    )


def save(vectors: SenseVectors, path: Path) -> None:
    """Write ``vectors`` to ``path`` (.npz; float16 rows), atomically."""
    meta = {
        "format": FORMAT,
        "encoder": vectors.encoder.to_dict(),
        "about": vectors.about,
    }
    glosses = vectors.gloss_vectors
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(partial: Path) -> None:
        with partial.open("wb") as out:
            np.savez(
                out,
                meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
                keys=np.frombuffer("\n".join(vectors.keys).encode(), dtype=np.uint8),
                vectors=vectors.vectors.astype(np.float16),
                level=vectors.level,
                gloss_keys=np.frombuffer("\n".join(vectors.gloss_keys).encode(), dtype=np.uint8),
                gloss_vectors=(glosses if glosses is not None else np.zeros((0, 0))).astype(
                    np.float16
                ),
            )

    write_whole(path, write, temporary=path.with_name(path.name + ".partial"))


def load(path: Path, config: EmbedderConfig | None = None) -> SenseVectors:
    """Read a file written by :func:`save`; with ``config``, refuse another encoder's."""
    try:
        with np.load(path) as data:
            meta = json.loads(data["meta"].tobytes().decode())
            if meta.get("format") != FORMAT:
                raise SensegrepError(f"{path}: sense vectors of format {meta.get('format')}")
            keys = _strings(data["keys"])
            gloss_keys = _strings(data["gloss_keys"])
            gloss = data["gloss_vectors"].astype(np.float32) if gloss_keys else None
            found = SenseVectors(
                keys,
                data["vectors"].astype(np.float32),
                data["level"].astype(np.int8),
                EmbedderConfig.from_dict(meta["encoder"]),
                gloss_keys,
                gloss,
                meta.get("about", {}),
            )
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        raise SensegrepError(f"{path}: not a sense-vector file ({exc})") from exc
    if config is not None:
        check_encoder(found, config, path)
    return found


def _strings(packed: np.ndarray) -> list[str]:
    text = packed.tobytes().decode()
    return text.split("\n") if text else []
