"""The library API: what the CLI, the shell, the web app, notebooks, the benchmarks and
the evaluations are written against.

    import sensegrep

    with sensegrep.open("demo-index") as idx:
        hits = idx.search("bank", example="we sat on the [[bank]] of the river", k=5)
        hits.to_pandas()

One index is one :class:`SenseIndex`. Reading needs no encoder until a usage has to be
embedded (``example=``, ``gloss=``, :meth:`SenseIndex.compare`); the encoder is then
loaded once and kept. Writes (:meth:`~SenseIndex.add`, :meth:`~SenseIndex.label`,
:meth:`~SenseIndex.classify` with ``apply=True``) go to the same folder. Errors a user
can act on are :class:`sensegrep.errors.SensegrepError` with a one-line message.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.api.annotation import LabelImport, annotation_text, format_of, import_labels
from sensegrep.api.embedding import is_elmo, layer_encoder, load_encoder, write_layers
from sensegrep.api.evaluation import (
    Evaluation,
    append_report,
    evaluate_retrieval,
    evaluate_wic,
    evaluate_wsd,
)
from sensegrep.api.labelling import (
    LabelCounts,
    LabelFile,
    apply_proposals,
    classify_file,
    classify_settings,
    clean_label,
    label_counts,
    label_from_file,
    least_confident,
    open_wordnet,
)
from sensegrep.api.senses import SensePlot, plot_senses, sense_table
from sensegrep.api.training import LayersError, train_elmo, tune_projection
from sensegrep.errors import QueryError, SensegrepError

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder
    from sensegrep.export import ExportItem
    from sensegrep.indexer.pipeline import IndexReport
    from sensegrep.labels.classify import WordClassification
    from sensegrep.search.engine import Searcher, SearchRequest
    from sensegrep.senses import SenseTable
    from sensegrep.senses.plot import SenseMap
    from sensegrep.senses.store import SenseRun
    from sensegrep.storage import Index
    from sensegrep.storage.index import Removal

# Names are appended at the end while the refactor's branches merge; sorted after.
__all__ = [  # noqa: RUF022
    "Hit",
    "Hits",
    "Neighbour",
    "Sense",
    "SenseIndex",
    "Senses",
    "add",
    "build",
    "compare",
    "open",
    "search_request",
    # sensegrep/api/labelling.py
    "LabelCounts",
    "LabelFile",
    "apply_proposals",
    "classify_file",
    "classify_settings",
    "clean_label",
    "label_counts",
    "label_from_file",
    "least_confident",
    "open_wordnet",
    # sensegrep/api/senses.py
    "SensePlot",
    "plot_senses",
    "sense_table",
    # sensegrep/api/annotation.py
    "LabelImport",
    "annotation_text",
    "format_of",
    "import_labels",
    # sensegrep/api/embedding.py
    "is_elmo",
    "layer_encoder",
    "load_encoder",
    "write_layers",
    # sensegrep/api/evaluation.py
    "Evaluation",
    "append_report",
    "evaluate_retrieval",
    "evaluate_wic",
    "evaluate_wsd",
    # sensegrep/api/training.py
    "LayersError",
    "train_elmo",
    "tune_projection",
]

# -- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One concordance line: exactly the fields of the JSONL contract of ``search``."""

    query: int
    word: str
    rank: int
    score: float | None
    id: int
    doc: str
    start: int
    end: int
    form: str
    lemma: str
    pos: str | None
    left: str
    right: str
    sentence: str
    label: str | None
    meta: dict[str, Any] = field(default_factory=dict)
    # The matched words: the word itself, or a CQL pattern's whole match (``start`` and
    # ``end`` then span it; ``id``, ``form``, ``lemma`` and ``pos`` are its target's).
    match: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Hits(list[Hit]):
    """The hits of one query, best first (or in corpus order when nothing ranks them)."""

    def to_dicts(self) -> list[dict[str, Any]]:
        return [hit.to_dict() for hit in self]

    def to_pandas(self) -> Any:
        """A DataFrame with one row per hit and the contract's columns (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise SensegrepError("to_pandas() needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.to_dicts(), columns=list(Hit.__dataclass_fields__))

    @property
    def ids(self) -> list[int]:
        return [hit.id for hit in self]


@dataclass(frozen=True)
class Sense:
    """One induced sense: number (from 1, biggest first), size, share of the word's
    occurrences, typical examples (id, doc, sentence) and distinctive collocates."""

    sense: int
    size: int
    share: float
    examples: list[dict[str, Any]]
    collocates: list[dict[str, Any]]


@dataclass
class Senses:
    """The induced senses of a word; the records of ``sensegrep senses --format jsonl``."""

    word: str
    k: int
    occurrences: int
    senses: list[Sense]
    run: SenseRun = field(repr=False)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [{"word": self.word, "k": self.k, **asdict(s)} for s in self.senses]

    def sense_of(self) -> dict[int, int]:
        """Occurrence id → its sense number."""
        return {int(i): int(s) for i, s in zip(self.run.ids, self.run.senses, strict=True)}


# -- opening and building -----------------------------------------------------------------


def open(
    path: str | Path,
    *,
    lang: str = "en",
    embedder: Embedder | None = None,
    db: str | None = None,
) -> SenseIndex:
    """Open an existing index to read (and label). Use it as a context manager.
    ``embedder``: an encoder already loaded, instead of loading the index's own. ``db``:
    the PostgreSQL URL of an index kept on a server (default: SENSEGREP_DB, else the URL
    its manifest recorded, without password)."""
    from sensegrep.storage import Index

    return SenseIndex(Index.open(Path(path), db=db), lang=lang, embedder=embedder, db=db)


def build(
    path: str | Path,
    inputs: str | Path | Iterable[str | Path],
    *,
    model: str | None = None,
    lang: str = "en",
    progress: bool = False,
    on_error: Any = None,
    db: str | None = None,
    **options: Any,
) -> SenseIndex:
    """Index ``inputs`` (files or folders) into the index at ``path``, creating it when
    needed, and open it. ``db``: a PostgreSQL URL to keep a new index's metadata in
    (default: SENSEGREP_DB; neither: index.sqlite in the folder). ``model`` and the
    encoder settings (``layers``, ``pooling``, ``projection``, ``precision``,
    ``adapter``) and ``vectors`` (the codec: f16, sq8, sq4, pq) apply when the index is
    new; the indexing
    options (``format``, ``all_tokens``, ``on_duplicate``, ``max_file_mb``) are those of
    ``sensegrep index``. Bad inputs are collected in ``SenseIndex.last_report.errors``
    (and passed to ``on_error``), never raised: the rest is indexed."""
    report = add(
        path,
        inputs,
        model=model,
        lang=lang,
        progress=progress,
        on_error=on_error,
        db=db,
        **options,
    )
    index = open(path, lang=lang, db=db)
    index.last_report = report
    return index


_ENCODER_SETTINGS = ("layers", "pooling", "projection", "precision", "adapter")


def add(
    path: str | Path,
    inputs: str | Path | Iterable[str | Path],
    *,
    model: str | None = None,
    lang: str = "en",
    progress: bool = False,
    on_error: Any = None,
    embedder: Embedder | None = None,
    db: str | None = None,
    **options: Any,
) -> IndexReport:
    """Index ``inputs`` into the index at ``path`` (see :func:`build`); the report."""
    from sensegrep.embedder import embedder_for
    from sensegrep.indexer.pipeline import Indexer, IndexOptions
    from sensegrep.storage import Index

    settings = {key: options.pop(key) for key in _ENCODER_SETTINGS if key in options}
    vectors = options.pop("vectors", None)
    unknown = set(options) - set(IndexOptions.__dataclass_fields__)
    if unknown:
        raise QueryError(f"unknown indexing option(s): {', '.join(sorted(unknown))}")
    embedder = embedder or embedder_for(path, model, **settings)
    paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    with Index.open_for_writing(Path(path), embedder.config, vectors, db=db) as writing:
        indexer_options = IndexOptions(lang=lang, progress=progress, **options)
        return Indexer(writing, embedder, indexer_options, on_error=on_error).run(paths)


def compare(a: str, b: str, *, word: str | None = None, model: str | None = None) -> float:
    """Cosine similarity of the marked word in two usages (``"the [[bank]] of the
    river"``); ``word`` when the usages do not mark it."""
    from sensegrep.embedder import embedder_for

    return _compare(embedder_for(None, model), a, b, word, "en")


def _compare(embedder: Embedder, a: str, b: str, word: str | None, lang: str) -> float:
    from sensegrep.search.compare import compare_pairs

    [(_line, score, problem)] = compare_pairs(embedder, [(1, a, b, None)], word, lang)
    if problem is not None or score is None:
        raise QueryError(problem or "the usages could not be compared")
    return score


# -- the index ----------------------------------------------------------------------------


class SenseIndex:
    """An opened index: search, senses, labels, classification, export, comparison.

    Safe to share between threads for reading (the web app does): the encoder is loaded
    once, under a lock, the first time a usage has to be embedded."""

    def __init__(
        self,
        index: Index,
        lang: str = "en",
        embedder: Embedder | None = None,
        db: str | None = None,
    ) -> None:
        from sensegrep.search.engine import Searcher

        self.storage = index
        self.lang = lang
        self.db = db  # the URL it was opened with, to open it again for writing
        self.last_report: IndexReport | None = None
        # Given: an encoder already loaded (benchmarks, evaluations); it is checked
        # against the index's recorded config before its first use.
        self._embedder = embedder
        self._lock = threading.Lock()
        self.searcher: Searcher = Searcher(index, self._load_embedder, lang)

    # -- life cycle

    @property
    def path(self) -> Path:
        return self.storage.folder

    def close(self) -> None:
        self.storage.close()

    def __enter__(self) -> SenseIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SenseIndex {self.path}>"

    @property
    def embedder(self) -> Embedder:
        """The encoder the index was built with (loaded on first use, then kept)."""
        return self._load_embedder()

    def _load_embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                from sensegrep.embedder import load_embedder_from_config

                self._embedder = load_embedder_from_config(self.storage.embedder_config)
            return self._embedder

    def info(self) -> dict[str, Any]:
        """What the index holds (the fields of ``sensegrep info --json``)."""
        return self.storage.info()

    def check(self) -> list[str]:
        """Problems found in the index, one line each; empty when it is sound."""
        return self.storage.check()

    def add(self, inputs: str | Path | Iterable[str | Path], **options: Any) -> IndexReport:
        """Index more files or folders with the index's own encoder (see :func:`build`);
        readers of this object see them at once."""
        report = add(
            self.path, inputs, lang=self.lang, embedder=self.embedder, db=self.db, **options
        )
        self.storage.read_again()
        self.last_report = report
        return report

    def remove(self, docs: Iterable[str] = (), sources: Iterable[str] = ()) -> Removal:
        """Remove documents by id, and every document indexed from these files (named as
        they were indexed); see ``sensegrep remove``."""
        from sensegrep.storage import Index

        with Index.open_for_writing(self.path, self.storage.embedder_config, db=self.db) as writing:
            removal = writing.remove(docs=list(docs), sources=list(sources))
        self.storage.read_again()
        return removal

    def compact(self) -> None:
        """Merge the vector shards into one without dead rows, and VACUUM the database."""
        from sensegrep.storage import Index

        with Index.open_for_writing(self.path, self.storage.embedder_config, db=self.db) as writing:
            writing.compact(max_shards=0)
            writing.vacuum()
        self.storage.read_again()

    # -- search

    def search(
        self,
        word: str,
        example: str | Sequence[str] | None = None,
        *,
        k: int | None = None,
        like: Sequence[int] = (),
        unlike: Sequence[int] = (),
        unlike_examples: Sequence[str] = (),
        label: str | None = None,
        gloss: str | None = None,
        sense: int | None = None,
        expand: int = 0,
        form: bool = False,
        pos: str | Sequence[str] = (),
        where: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        docs: str | Sequence[str] = (),
        sample: int | None = None,
        seed: int = 0,
        query: int = 0,
        cql: str | None = None,
        sort: str | None = None,
    ) -> Hits:
        """Occurrences of ``word`` (its lemma; ``form=True`` for the exact form), or the
        matches of the CQL pattern ``cql`` (``word`` then ""), ranked by
        sense when given usages to be like (``example``: one marked usage or several,
        ``like``: occurrence ids, ``label``, ``gloss``) and not like (``unlike``,
        ``unlike_examples``); otherwise the plain concordance in corpus order. Filters:
        ``pos``, ``where`` (document metadata), ``docs``, ``sense`` (an induced sense).
        ``sort``: ``score`` (default), ``doc``, ``left1``, ``left2``, ``right1``,
        ``right2`` or ``node``. The same options as ``sensegrep search``."""
        request = search_request(
            word,
            example=example,
            k=k,
            like=like,
            unlike=unlike,
            unlike_examples=unlike_examples,
            label=label,
            gloss=gloss,
            sense=sense,
            expand=expand,
            form=form,
            pos=pos,
            where=where,
            docs=docs,
            sample=sample,
            seed=seed,
            cql=cql,
        )
        return self.run(request, query, sort=sort)

    def search_any(
        self,
        example: str | Sequence[str] | None = None,
        *,
        k: int | None = None,
        like: Sequence[int] = (),
        unlike: Sequence[int] = (),
        unlike_examples: Sequence[str] = (),
        pos: str | Sequence[str] = (),
        where: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
        docs: str | Sequence[str] = (),
    ) -> Hits:
        """Occurrences of any word used in the sense of the marked word in ``example``
        (``"we sat on the grassy [[bank]]"`` finds shore, riverside…): ``search
        --any-word``. Approximate over large indexes (see storage/ann.py)."""
        request = search_request(
            "",
            example=example,
            k=k,
            like=like,
            unlike=unlike,
            unlike_examples=unlike_examples,
            pos=pos,
            where=where,
            docs=docs,
            any_word=True,
        )
        return self.run(request)

    def neighbours(
        self, example: str, *, n: int = 200, k: int = 20, with_word: bool = False
    ) -> list[Neighbour]:
        """The lemmas with the most occurrences among the ``n`` nearest to the marked
        word's usage, most first: a thesaurus by sense (``sensegrep neighbours``). The
        marked word's own lemma (a marked span's words' lemmas) is left out unless
        ``with_word``."""
        from sensegrep.search.example import parse_example
        from sensegrep.text import lemma_of

        hits = self.search_any(example, k=n)
        marked = parse_example(example, "", self.lang)
        words = [w.lower() for w in marked.words[slice(*marked.span)]]
        own = {*words, *(lemma_of(w, self.lang).lower() for w in words)}
        return neighbours_of(hits, () if with_word else own)[:k]

    def run(self, request: SearchRequest, query: int = 0, sort: str | None = None) -> Hits:
        """Answer a prepared :class:`~sensegrep.search.engine.SearchRequest`, its lines
        in ``sort`` order (see :meth:`search`)."""
        from sensegrep.search.arrange import sort_hits
        from sensegrep.search.output import hit_record

        found = self.searcher.search(request)
        if sort:
            found = sort_hits(self.storage, found, sort)
        word = request.word or request.cql or ""  # a pattern's query is its text
        return Hits(Hit(**hit_record(hit, query, word)) for hit in found)

    def count(self, word: str, by: str, **options: Any) -> list[dict[str, Any]]:
        """The frequency table of a search's hits by ``by`` (``form``, ``lemma``,
        ``left1``, ``right1``, ``doc``, ``sense``, ``label`` or a metadata field):
        ``{"value", "count", "share"}`` rows, most frequent first. ``options``: those of
        :meth:`search` (``example``, ``k``, ``cql``…), as ``search --count``."""
        from sensegrep.search.arrange import count_hits

        found = self.searcher.search(search_request(word, **options))
        return [asdict(row) for row in count_hits(self.storage, found, by, self.lang)]

    def compare(self, a: str, b: str, *, word: str | None = None) -> float:
        """Cosine of two usages with the index's encoder (see :func:`compare`)."""
        return _compare(self.embedder, a, b, word, self.lang)

    def contexts(self, ids: Sequence[int]) -> list[Hit]:
        """The concordance lines of these occurrence ids, in the order given."""
        from sensegrep.search.engine import Hit as EngineHit
        from sensegrep.search.output import hit_record

        ids = occurrence_ids("ids", ids)
        found = self.storage.contexts(ids)
        missing = [int(i) for i in ids if int(i) not in found]
        if missing:
            raise QueryError(f"no occurrence with id {', '.join(map(str, missing[:20]))}")
        return [
            Hit(**hit_record(EngineHit(rank, None, found[int(i)]), 0, found[int(i)].lemma))
            for rank, i in enumerate(ids, start=1)
        ]

    def paragraph(self, occurrence: int, sentences: int = 2) -> dict[str, Any]:
        """The text around an occurrence: up to ``sentences`` sentences before and after
        its own, cut at blank lines (a paragraph break), as ``before``, ``left``,
        ``form``, ``right``, ``after`` (together a stretch of the document text)."""
        sentences = max(0, min(int(sentences), MAX_CONTEXT_SENTENCES))
        found = self.storage.occurrence_window(int(occurrence), sentences)
        if found is None:
            raise QueryError(f"no occurrence with id {occurrence} in {self.path}")
        text, start, end = found["window"], found["start"], found["end"]
        before = text[: found["sentence_start"]]
        after = text[found["sentence_end"] :]
        return {
            "id": int(occurrence),
            "doc": found["doc"],
            "before": before[before.rfind("\n\n") + 2 :] if "\n\n" in before else before,
            "left": text[found["sentence_start"] : start],
            "form": text[start:end],
            "right": text[end : found["sentence_end"]],
            "after": after[: after.find("\n\n")] if "\n\n" in after else after,
        }

    def metadata_values(self) -> dict[str, list[str]]:
        """Document metadata fields with their most frequent values (numbers in order)."""
        fields = self.storage.metadata_values()
        return {key: sorted(values, key=_natural) for key, values in fields.items()}

    # -- senses

    def senses(self, word: str, n: int | None = None, examples: int = 3) -> Senses:
        """The induced senses of ``word`` (kept in the index until its occurrences
        change); ``n`` forces their number."""
        from sensegrep.senses import word_senses

        run = word_senses(self.storage, word, n, self.lang)
        contexts = self.storage.contexts([i for s in run.clusters for i in s.examples[:examples]])
        total = len(run.ids)
        senses = [
            Sense(
                sense=s.number,
                size=s.size,
                share=round(s.size / total, 4),
                examples=[
                    {"id": c.id, "doc": c.doc, "sentence": c.sentence}
                    for c in (contexts[i] for i in s.examples[:examples] if i in contexts)
                ],
                collocates=[{"word": w, "score": score} for w, score in s.collocates],
            )
            for s in run.clusters
        ]
        return Senses(run.lemma, run.k, total, senses, run)

    def sense_map(self, word: str, n: int | None = None, max_points: int = 2000) -> SenseMap:
        """The word's occurrences on the first two principal components of their vectors
        (0…1), with their induced sense: the data of ``sensegrep plot``, undrawn."""
        from sensegrep.senses.plot import sense_map

        return sense_map(self.storage, self.senses(word, n).run, max_points)

    def senses_by(self, word: str, field_name: str, n: int | None = None) -> SenseTable:
        """Occurrences of each induced sense per value of a metadata field."""
        from sensegrep.senses import counts_by, word_senses

        return counts_by(self.storage, word_senses(self.storage, word, n, self.lang), field_name)

    # -- labels

    def label(self, ids: int | Iterable[int], label: str | None) -> int:
        """Set ``label`` on occurrences (``None`` removes their labels); how many."""
        from sensegrep.labels import store

        wanted = occurrence_ids("ids", ids)
        if label is not None and not isinstance(label, str):
            raise QueryError(f"label must be text or None, got {type(label).__name__}")
        if not wanted:
            return 0
        if label is None:
            return store.clear_labels(self.storage, wanted)
        return store.set_labels(self.storage, dict.fromkeys(wanted, label))

    def labels(self, word: str) -> dict[str, int]:
        """How many occurrences of ``word`` carry each label (with where they came
        from and the unlabelled: :func:`~sensegrep.api.labelling.label_counts`)."""
        return {c.label: c.count for c in label_counts(self, word).labels}

    def annotation_queue(self, word: str, limit: int = 200) -> dict[str, Any]:
        """What an annotator should label next (see sensegrep/labels/queue.py)."""
        from sensegrep.labels.queue import annotation_queue

        return annotation_queue(self, word, limit)

    def classify(
        self, word: str, *, k: int | None = None, weighting: str | None = None, apply: bool = False
    ) -> WordClassification:
        """Labels proposed for the unlabelled occurrences of ``word`` from its labelled
        ones (k nearest neighbours); ``apply=True`` writes them as ``predicted``."""
        from sensegrep.labels import classify

        result = classify.classify_word(
            self.storage,
            word,
            k=k or classify.DEFAULT_K,
            weighting=weighting or classify.DEFAULT_WEIGHTING,
            lang=self.lang,
        )
        if apply:
            classify.apply_proposals(self.storage, result.proposals)
        return result

    # -- export

    def export(
        self,
        word: str,
        to: str,
        output: str | Path | None = None,
        **choice: Any,
    ) -> str:
        """Occurrences of ``word`` in an annotation tool's format (prodigy, doccano,
        conllu, webanno, csv), chosen as :meth:`annotation_items` does; written to
        ``output`` when given; the text."""
        from sensegrep.export import write

        text = write(to, self.annotation_items(word, to, **choice))
        if output is not None:
            Path(output).write_text(text, encoding="utf-8")
        return text

    def annotation_items(
        self,
        word: str,
        to: str = "csv",
        *,
        balanced: int | None = None,
        by: str = "sense",
        sample: int | None = None,
        seed: int = 0,
        options: Sequence[str] | None = None,
        form: bool = False,
        pos: Sequence[str] = (),
    ) -> list[ExportItem]:
        """The occurrences of ``word`` to annotate: all, a ``sample``, or ``balanced`` N
        per induced sense (``by="sense"``) or per label; each with its sentence's tokens
        and, for Prodigy, the choices to offer (``options``, else the word's labels, else
        its senses)."""
        from sensegrep.export import annotation_choices, export_items, grouping
        from sensegrep.storage import Filters

        return export_items(
            self.storage,
            word,
            filters=Filters(pos=tuple(pos)),
            by_form=form,
            sample=sample,
            per_group=balanced,
            group_of=grouping(self.storage, word, by) if balanced else None,
            seed=seed,
            # Only Prodigy shows choices; the others need no senses induced for them.
            options=annotation_choices(self.storage, word, options) if to == "prodigy" else (),
        )


@dataclass(frozen=True)
class Neighbour:
    """A lemma used in the sense asked about: its occurrences among the nearest, their
    share of them, and their best and mean cosine."""

    lemma: str
    count: int
    share: float
    best: float
    mean: float


def neighbours_of(hits: Sequence[Hit], leave_out: Iterable[str] = ()) -> list[Neighbour]:
    """Hits grouped by lemma, the lemmas with most hits first (ties: best score)."""
    left_out = set(leave_out)
    scores: dict[str, list[float]] = {}
    for hit in hits:
        if hit.lemma.lower() not in left_out:
            scores.setdefault(hit.lemma.lower(), []).append(hit.score or 0.0)
    total = sum(len(v) for v in scores.values())
    found = [
        Neighbour(lemma, len(v), round(len(v) / total, 4), round(max(v), 6),
                  round(sum(v) / len(v), 6))
        for lemma, v in scores.items()
    ]  # fmt: skip
    return sorted(found, key=lambda n: (-n.count, -n.best, n.lemma))


def search_request(
    word: str,
    example: str | Sequence[str] | None = None,
    *,
    k: int | None = None,
    like: Sequence[int] = (),
    unlike: Sequence[int] = (),
    unlike_examples: Sequence[str] = (),
    label: str | None = None,
    gloss: str | None = None,
    sense: int | None = None,
    expand: int = 0,
    form: bool = False,
    pos: str | Sequence[str] = (),
    where: Mapping[str, Any] | Sequence[tuple[str, Any]] | None = None,
    docs: str | Sequence[str] = (),
    sample: int | None = None,
    seed: int = 0,
    any_word: bool = False,
    cql: str | None = None,
) -> SearchRequest:
    """A search request checked as the CLI checks its options (QueryError names the
    bad one)."""
    from sensegrep.search.engine import SearchRequest
    from sensegrep.storage import Filters

    examples = [example] if isinstance(example, str) else list(example or ())
    pairs = where.items() if isinstance(where, Mapping) else (where or ())
    _at_least("k", k, 1)
    _at_least("sample", sample, 1)
    _at_least("sense", sense, 1)
    _at_least("expand", expand, 0)
    return SearchRequest(
        word=str(word),
        example=examples[0] if examples else None,
        examples=examples[1:],
        expand=expand,
        form=form,
        any_word=any_word,
        cql=cql,
        like=occurrence_ids("like", like),
        unlike=occurrence_ids("unlike", unlike),
        unlike_examples=list(unlike_examples),
        filters=Filters(
            pos=(pos,) if isinstance(pos, str) else tuple(pos),
            where=tuple((str(key), str(value)) for key, value in pairs),
            docs=(docs,) if isinstance(docs, str) else tuple(str(d) for d in docs),
        ),
        label=label,
        gloss=gloss,
        sense=sense,
        k=k,
        sample=sample,
        seed=seed,
    )


MAX_CONTEXT_SENTENCES = 10  # either side, for paragraph()


def _natural(value: str) -> tuple[int, float, str]:
    """Numbers in numeric order first, then text."""
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


# Ids are SQLite/PostgreSQL 64-bit integers: a larger number can name no occurrence.
MAX_ID = 2**63 - 1


def occurrence_ids(name: str, ids: Any) -> list[int]:
    """One id or a sequence of ids, checked: a string is refused, never read as a
    sequence of digits (``label("27")`` once labelled occurrences 2 and 7)."""
    if _is_whole(ids):
        values = [ids]
    elif isinstance(ids, str | bytes | Mapping) or not isinstance(ids, Iterable):
        raise QueryError(
            f"{name} must be an occurrence id or a list of ids, got {type(ids).__name__} "
            f"{ids!r:.60}"
        )
    else:
        values = list(ids)
    for value in values:
        if not _is_whole(value) or not 0 <= int(value) <= MAX_ID:
            raise QueryError(f"{name}: {value!r:.60} is not an occurrence id (a whole number >= 0)")
    return [int(value) for value in values]


def _is_whole(value: Any) -> bool:
    """An int (numpy's too), not a bool."""
    import numbers

    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _at_least(name: str, value: int | None, least: int) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or value < least
    ):
        raise QueryError(f"{name} must be a whole number >= {least}, got {value!r}")
