"""An opened index, :class:`SenseIndex`: search, senses, labels, classification, export,
comparison. One index is one SenseIndex. Reading needs no encoder until a usage has to
be embedded (``example=``, ``gloss=``, :meth:`SenseIndex.compare`); the encoder is then
loaded once and kept. Writes (:meth:`~SenseIndex.add`, :meth:`~SenseIndex.label`,
:meth:`~SenseIndex.classify` with ``apply=True``) go to the same folder."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from sensegrep.api import arguments, spelling
from sensegrep.api.comparing import Similarity, _compare
from sensegrep.api.indexing import add
from sensegrep.api.notes import ResultNotes
from sensegrep.api.querying import (
    EMPTY_SUBCORPUS,
    NO_DOCUMENT_HAS,
    _request_values,
    search_request,
    search_request_of,
    why_empty,
)
from sensegrep.api.results import (
    ChosenExport,
    Counts,
    ExportItems,
    ExportText,
    Hit,
    Hits,
    Neighbours,
    Sense,
    SenseRunInfo,
    Senses,
    Table,
    WordLabels,
    count_record,
    hit_record,
    neighbours_of,
    not_current_note,
    run_info,
)
from sensegrep.api.spelling import in_keywords
from sensegrep.errors import QueryError, SensegrepError
from sensegrep.senses import runs_made_noted
from sensegrep.text import composed

if TYPE_CHECKING:
    import numpy as np

    from sensegrep.embedder.base import Embedder
    from sensegrep.export import ExportChoice, ExportItem
    from sensegrep.indexer.pipeline import IndexReport
    from sensegrep.indexer.vectors import VectorReport
    from sensegrep.labels.classify import WordClassification
    from sensegrep.search.arrange import CountRow
    from sensegrep.search.engine import RankedOccurrence, Searcher, SearchRequest
    from sensegrep.senses import SenseTable
    from sensegrep.senses.plot import SenseMap
    from sensegrep.senses.runs import SenseRun
    from sensegrep.stats.examples import Quality
    from sensegrep.storage import Filters, Index
    from sensegrep.storage.removal import Removal

P = ParamSpec("P")
T = TypeVar("T")


def _says_an_empty_table(statistic: Callable[P, Table]) -> Callable[P, Table]:
    """A statistic whose page starts after its last row says so (``Table.past_the_end``,
    also a note), as a search's does: a program or an HTTP client saw an empty table.
    One of an empty subcorpus says that (it said "0 rows; counted in 0 tokens"). It is
    read of one state of the index (:meth:`SenseIndex.of_one_state`): key senses read
    the corpus's tokens, then each word's run, and a document added between them was in
    the one and not the other (pass 29a)."""

    @functools.wraps(statistic)
    def said(*args: P.args, **kwargs: P.kwargs) -> Table:
        index = args[0]
        assert isinstance(index, SenseIndex)
        try:
            table = index.of_one_state(lambda: statistic(*args, **kwargs))
        except QueryError as error:
            raise _with_docs_left_out(error, index.storage, kwargs) from None
        numberless = index.storage.numberless_notes(
            _range_conditions(kwargs),
            _within_clauses(kwargs),
            _doc_ids(kwargs),
            _between_groups(kwargs),
            among=_tested_documents(index.storage, kwargs),
        )
        # The reference's conditions, named as its (its error is): "where date=2020-05
        # leaves out …" read as of the focus's where.
        reference = _range_conditions(kwargs, "reference_where")
        if reference:
            said_of = index.storage.numberless_notes(reference)
            numberless += [f"--reference-where: {note}" for note in said_of]
        said_too = [*numberless, *_untagged_pattern_notes(index.storage, kwargs)]
        said_too += _docs_left_out(index.storage, kwargs)
        table.notes = [*table.notes, *(n for n in said_too if n not in table.notes)]
        named = any(note.startswith(NO_DOCUMENT_HAS) for note in table.notes)
        if not len(table) and not table.tokens and table.corpus_tokens and not named:
            table.notes = [*table.notes, EMPTY_SUBCORPUS]  # (freq names the conditions)
        if not len(table) and table.offset and table.rows:
            rows = f"the last of the {table.rows:,} row{'' if table.rows == 1 else 's'}"
            per_sense = getattr(table, "rows_per_sense", None)
            if per_sense:  # paged sense by sense: past each sense's rows, not all of them
                sizes = ", ".join(f"sense {sense}: {n:,}" for sense, n in per_sense.items())
                rows = f"the last row of each sense ({sizes})"
            table.past_the_end = f"--offset {table.offset} is past {rows}: no row to show"
            table.notes = [*table.notes, table.past_the_end]
        return table

    return said


def _range_conditions(options: dict[str, Any], of: str = "where") -> list[tuple[str, str]]:
    """A statistic's metadata conditions (``where``; ``of="reference_where"``: keywords'
    reference's; change's groups are :func:`_between_groups`), to say the
    documents a range of numbers leaves out for having no number
    (storage/fields.numberless_notes): a search says it; freq, keywords, collocates and
    change of ``year=..1985`` left a "c. 1900" document out unsaid."""
    from sensegrep.request import parse

    conditions: list[tuple[str, str]] = []
    try:
        if options.get(of):
            parsed = parse({"where": options[of]}, "api", "api", whole=False)
            conditions += parsed.get("where", [])
    except SensegrepError:  # (the statistic has answered: it read them)
        return []
    return conditions


def _between_groups(options: dict[str, Any]) -> list[tuple[str, str]]:
    """change's ``by`` with each of ``between``: each group a subcorpus of its own, whose
    note counts among the documents ``where`` keeps (not among those of both groups)."""
    conditions: list[tuple[str, str]] = []
    by, between = options.get("by"), options.get("between")
    if isinstance(by, str) and isinstance(between, list | tuple):
        conditions += [(by, str(group)) for group in between]
    return conditions


def _with_docs_left_out(error: QueryError, storage: Index, options: dict[str, Any]) -> QueryError:
    """A statistic's error (a sketch's "no occurrences of 'bank' … (the subcorpus --where
    genre=news --doc d002)", keywords' empty focus) with the ``doc`` documents its
    ``where`` leave out, as its table's notes say them: d002 has *bank* but is no news,
    and the error alone read as if it had none (pass 38h). Other errors as they were."""
    if type(error) is not QueryError or not options.get("doc"):  # (a subclass: more than text)
        return error
    try:  # an error of the where itself (a value no document has) is its own
        held = _where_held(storage, options)
        said = "; ".join(_docs_left_out(storage, options, every=True)) if held else ""
    except SensegrepError:
        said = ""
    return QueryError(f"{error}; {said}") if said else error


def _where_held(storage: Index, options: dict[str, Any]) -> bool:
    """Whether some document meets the statistic's ``where`` alone (without its docs)."""
    from sensegrep.request import parse
    from sensegrep.storage import Filters

    parsed = parse({"where": options.get("where") or ()}, "api", "api", whole=False)
    where = (*(parsed.get("where") or ()), *_within_clauses(options))
    held = storage.passing_documents(Filters(where=where)) if where else None
    return held is None or bool(len(held))  # (None: no where, every document)


def _within_clauses(options: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """A statistic's pattern's ``within FIELD="VALUE"`` clauses (``cql``), the same
    filter as ``where``: ``freq --cql '… within year="..1985"'`` says what it leaves out."""
    from sensegrep.search.cql import within_where

    cql = options.get("cql")
    try:
        return within_where(cql) if isinstance(cql, str) else ()
    except SensegrepError:  # (the statistic has answered: it read it)
        return ()


def _docs_left_out(storage: Index, options: dict[str, Any], every: bool = False) -> list[str]:
    """A statistic's ``doc`` ids that its ``where`` (and pattern's within clauses) leave
    out while keeping another (search/subcorpus.docs_left_out_notes): `freq --doc a
    --doc b --where genre=news` counted a alone, unsaid (pass 38a). ``every``: said when
    they leave out every one too (an error, which says no more of the subcorpus)."""
    from sensegrep.request import parse
    from sensegrep.search.subcorpus import docs_left_out_notes
    from sensegrep.storage import Filters

    asked = {key: options[key] for key in ("where", "doc") if options.get(key)}
    if "doc" not in asked:
        return []
    try:
        parsed = parse(asked, "api", "api", whole=False)
    except SensegrepError:  # (the statistic has answered: it read them)
        return []
    within = _within_clauses(options)
    filters = Filters(where=[*parsed.get("where", []), *within], docs=parsed.get("doc", []))
    return docs_left_out_notes(storage, filters, len(within), every)


def _doc_ids(options: dict[str, Any]) -> list[str]:
    """A statistic's ``doc`` ids, as parsed (none when they are written wrong: the
    statistic has said so), which a note of what a --where leaves out counts within."""
    from sensegrep.request import parse

    if not options.get("doc"):
        return []
    try:
        return list(parse({"doc": options["doc"]}, "api", "api", whole=False).get("doc", []))
    except SensegrepError:
        return []


def _untagged_pattern_notes(storage: Index, options: dict[str, Any]) -> list[str]:
    """A statistic's pattern's tests of tags or relations that some tokens lack (text
    added without --parse to parsed text), which no match can take: ``freq --cql
    '[deprel="amod"]'`` counted the parsed text's alone, unsaid (as search says it); its
    ``within text``, which here does not let a match cross sentences as in CQP; and a
    pos regex the fine tags take too (``[pos="N.*"]``: NOUN and NUM, not NN and NNP)."""
    from sensegrep.search.cql import parse
    from sensegrep.search.subcorpus import pattern_filter_notes

    cql = options.get("cql")
    try:
        if not isinstance(cql, str) or not cql:
            return []
        return pattern_filter_notes(storage, parse(cql), _kept_by(options))
    except SensegrepError:  # (the statistic has answered: it read it)
        return []


def _tested_documents(storage: Index, options: dict[str, Any]) -> np.ndarray | None:
    """The documents a statistic's pattern's tests of metadata keep (None: all), among
    which a note of what its --where leaves out counts (pass 40k)."""
    from sensegrep.search.cql import parse
    from sensegrep.search.subcorpus import documents_tested

    cql = options.get("cql")
    try:
        return documents_tested(storage, parse(cql)) if isinstance(cql, str) and cql else None
    except SensegrepError:  # (the statistic has answered: it read it)
        return None


def _kept_by(options: dict[str, Any]) -> Filters:
    """A statistic's --where, within and --doc, as the filters whose documents a note of
    its pattern counts among."""
    from sensegrep.storage import Filters

    where = [*_range_conditions(options), *_within_clauses(options)]
    return Filters(where=where, docs=_doc_ids(options))


class SenseIndex:
    """An opened index: search, senses, labels, classification, export, comparison.

    Safe to share between threads for reading (the web app does): the encoder is loaded
    once, under a lock, the first time a usage has to be embedded."""

    def __init__(
        self,
        index: Index,
        lang: str | None = None,
        embedder: Embedder | None = None,
        db: str | None = None,
    ) -> None:
        from sensegrep.search.engine import Searcher
        from sensegrep.storage.manifest import text_language

        if isinstance(index, str | Path):  # SenseIndex("demo-index"): a folder, not opened
            raise SensegrepError(
                f"SenseIndex takes an opened index, not the folder {str(index)!r}: "
                "sensegrep.open(PATH) opens one"
            )
        self._storage = index
        self._manifest_stamp = _manifest_stamp(index.folder)
        self._reopening = threading.RLock()
        # The language queries are analysed in (a word's lemma, an example's tokens):
        # given, else the index's own (a German index once lemmatised "Banken" as
        # English, and found no lemma), else English.
        self.lang = lang or text_language(index.manifest) or "en"
        self._lang_given = lang is not None
        self.db = db  # the URL it was opened with, to open it again for writing
        self.last_report: IndexReport | None = None
        # Given: an encoder already loaded (benchmarks, evaluations); it is checked
        # against the index's recorded config before its first use.
        self._embedder = embedder
        self._embedder_given = embedder is not None
        self._lock = threading.Lock()
        self._searcher: Searcher = Searcher(
            index, self._load_embedder, self.lang, self._line_quality
        )

    @property
    def storage(self) -> Index:
        """The open index, opened again first when another process rewrote its manifest
        (a `vectors add` that gave a text-only index an encoder): a server or a notebook
        opened before it would otherwise go on calling the index text-only."""
        self._follow_manifest()
        return self._storage

    @storage.setter
    def storage(self, index: Index) -> None:
        self._storage = index

    @property
    def searcher(self) -> Searcher:
        self._follow_manifest()
        return self._searcher

    @searcher.setter
    def searcher(self, searcher: Searcher) -> None:
        self._searcher = searcher

    @property
    def _notes(self) -> ResultNotes:
        """The notes this index's results owe (api/notes.py), over its storage as it is."""
        return ResultNotes(self.storage, self.searcher, self.lang, self._count)

    def _follow_manifest(self) -> None:
        # One stat a call: the manifest is replaced whole (os.replace), so its inode,
        # size or time changes with every rewrite.
        stamp = _manifest_stamp(self._storage.folder)
        if stamp == self._manifest_stamp:
            return
        with self._reopening:
            if stamp != self._manifest_stamp:
                self._manifest_stamp = stamp
                self._reopen()

    # -- life cycle

    @property
    def path(self) -> Path:
        return self.storage.folder

    def close(self) -> None:
        self._storage.close()

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

    def load_encoder(self) -> Embedder | None:
        """Load the index's encoder now, checked against the index's recorded config,
        so that the first query that embeds a usage pays nothing (the shell); None for
        a text-only index, which has no encoder."""
        if not self.storage.has_vectors:
            return None
        return self.searcher.embedder

    def _load_embedder(self) -> Embedder:
        self.storage.require_vectors("embedding a usage with the index's encoder")
        with self._lock:
            if self._embedder is None:
                from sensegrep.embedder import load_embedder_from_config

                self._embedder = load_embedder_from_config(self.storage.embedder_config)
            return self._embedder

    def info(self) -> dict[str, Any]:
        """What the index holds (the fields of ``sensegrep info --json``)."""
        from sensegrep.text import phrases_held

        stats = self.storage.info()
        # tokens that are phrases of text written without spaces (pass 37d: `info`'s
        # token count of unsegmented Chinese said nothing of it)
        analysed = self.storage.manifest.text_analysis  # (CoNLL-U or VRT alone: words)
        phrases = phrases_held(self.storage.vocabulary())[0] if analysed else 0
        if phrases:  # (next to the tokens it is about)
            rows = list(stats.items())
            at = next((n + 1 for n, (key, _v) in enumerate(rows) if key == "tokens"), len(rows))
            stats = dict([*rows[:at], ("unspaced_phrases", phrases), *rows[at:]])
        if stats["occurrences"]:  # how a search across words (--any-word, neighbours) finds them
            stats["any_word_search"] = self.storage.ann_coverage() or {
                "approximate": 0, "exact": stats["occurrences"], "lists": 0, "probes": 0,
            }  # fmt: skip
        return stats

    def check(self) -> list[str]:
        """Problems found in the index, one line each; empty when it is sound."""
        return self.storage.check()

    def add(self, inputs: str | Path | Iterable[str | Path], **options: Any) -> IndexReport:
        """Index more files or folders with the index's own encoder (see :func:`build`);
        readers of this object see them at once."""
        inputs = arguments.paths("inputs", inputs)
        # A text-only index loads no encoder: it embeds nothing. The loaded one, unless
        # another is asked for, which the add then refuses (model="mpnet" into a minilm
        # index embedded with minilm, unsaid), as add_vectors does.
        settings = ("model", "layers", "pooling", "projection", "precision", "adapter", "runtime")
        asked = any(options.get(name) is not None for name in settings)
        embedder = options.pop("embedder", None)
        if embedder is None and self.storage.has_vectors and not asked:
            embedder = self.embedder
        # The language given (French files added to a German index), else the one its
        # queries are read in: lang="fr" was a TypeError, given twice.
        lang = options.pop("lang", None) or self.lang
        report = add(self.path, inputs, lang=lang, embedder=embedder, db=self.db, **options)
        self.storage.read_again()
        self.last_report = report
        return report

    @in_keywords(spelling.VECTORS)
    def add_vectors(self, words: str | Iterable[str] = (), **options: Any) -> VectorReport:
        """Give these words' lemmas (or ``every=True`` lemma, or those with ``min_count``
        tokens tagged ``pos``) their sense vectors: see :func:`sensegrep.api.add_vectors`.
        Readers of this object see them at once."""
        from sensegrep.api.vectors import add_vectors

        words = arguments.texts("words", words)
        # The loaded encoder, unless another is asked for (which the add then refuses).
        settings = ("model", "layers", "pooling", "projection", "precision", "adapter", "runtime")
        asked = any(options.get(name) is not None for name in settings)
        embedder = options.pop("embedder", None)
        if embedder is None and self.storage.has_vectors and not asked:
            embedder = self.embedder
        report = add_vectors(
            self.path, words, lang=self.lang, db=self.db, embedder=embedder, **options
        )
        self._reopen()
        if report.unknown:  # a typo got no vectors: said only in a field of the report
            named = ", ".join(repr(word) for word in report.unknown)
            report.notes = [f"not in the index, so given no vectors: {named}", *report.notes]
        if report.without_tokens:  # a function word (the) got none: said only in a field
            shown = ", ".join(report.without_tokens[:10])
            report.notes = [
                *report.notes,
                f"no token of {shown} gets a vector (only content words do; --all-tokens "
                "on a new index gives every token one)",
            ]
        return report

    def vector_status(self, top: int = 20) -> dict[str, Any]:
        """How much of the index has sense vectors, and for which lemmas (the fields of
        ``sensegrep vectors status --json``: :func:`sensegrep.api.vector_status`)."""
        return self.storage.vector_status(arguments.whole("top", top, least=0))

    def vector_coverage(self) -> dict[str, Any] | None:
        """On an index with vectors for chosen words, how much of it has them
        (``occurrences``, ``tokens``, ``embedded_share``, ``lemmas_with_vectors``, and
        ``lemmas_in_progress``, part embedded by an add killed before it finished): what
        a search across words (--any-word, neighbours) looks through; None otherwise."""
        return self.storage.vector_coverage()

    def _reopen(self) -> None:
        """See what a write changed in the manifest (a text-only index given an
        encoder) as well as in the tables."""
        from sensegrep.search.engine import Searcher
        from sensegrep.storage import Index
        from sensegrep.storage.manifest import read_manifest, text_language

        self._manifest_stamp = _manifest_stamp(self._storage.folder)
        if read_manifest(self.path) == self._storage.manifest:
            self._storage.read_again()
            return
        # Not closed: another thread (the web app's) may be reading through it still;
        # its lease goes, so that it keeps no merged shard until the process ends.
        lease = self._storage.leases  # none for a read-only server: it writes nothing
        old, self._storage = self._storage, Index.open(self.path, db=self.db, lease=lease)
        old.release_lease()
        if not self._embedder_given and old.manifest.embedder != self._storage.manifest.embedder:
            with self._lock:  # the folder indexed again with another encoder: load its own
                self._embedder = None
        if not self._lang_given:  # its text now of another language, or of several
            self.lang = text_language(self._storage.manifest) or "en"
        self._searcher = Searcher(self._storage, self._load_embedder, self.lang, self._line_quality)

    def remove(self, docs: Iterable[str] = (), sources: Iterable[str] = ()) -> Removal:
        """Remove documents by id, and every document indexed from these files (named as
        they were indexed); see ``sensegrep remove``."""
        from sensegrep.storage import Index

        docs, sources = arguments.texts("docs", docs), arguments.texts("sources", sources)
        with Index.open_for_writing(self.path, self.storage.embedder_config, db=self.db) as writing:
            held = list(writing.manifest.text_analysis or {})
            removal = writing.remove(docs=docs, sources=sources)
            writing.settle_parse()  # the text indexed without --parse may be gone now
            if writing.settle_languages():  # or all the text of a language
                removal = _languages_left(removal, held, list(writing.manifest.text_analysis))
            # Before the writer closes: this reader's lease renewed, the shards the removal
            # merged away are not kept for it (storage/leases.py).
            self.storage.read_again()
            indexed_as = _names_indexed(writing, removal.unknown_sources)
        return replace(removal, indexed_as=indexed_as) if indexed_as else removal

    def compact(self) -> None:
        """Merge the vector shards into one without dead rows, and VACUUM the database."""
        from sensegrep.storage import Index

        with Index.open_for_writing(self.path, self.storage.embedder_config, db=self.db) as writing:
            writing.compact(max_shards=0)
            writing.update_ann()  # rebuilds a missing or damaged search-across-words file
            # Before the vacuum, which deletes the merged shards no open reader needs:
            # this one's lease renewed, they are not kept for it (as in remove).
            self.storage.read_again()
            writing.vacuum()

    # -- search

    @in_keywords(spelling.SEARCH)
    def search(
        self, word: str = "", example: str | Sequence[str] | None = None, **options: Any
    ) -> Hits:
        """Occurrences of ``word`` (its lemma; ``form=True`` for the form in any case, with
        ``match_case=True`` exactly as written), or the matches of the CQL pattern ``cql``
        (``word`` then ""), ranked by sense when given usages to be like (``example``: one
        marked usage or several, ``like``: occurrence ids, ``label``, ``gloss``) and not like
        (``unlike``, ``unlike_example``); otherwise the plain concordance in corpus order.
        A ranked hit's score is its cosine to the usages centred on the mean of the word's
        occurrences, an ``unlike`` counting half (``scoring="cosine"``: the plain cosine).
        Filters: ``pos``, ``where`` (document metadata: a dict, ``key=value`` texts or pairs),
        ``doc``, ``sense`` (an induced sense of the word's current sense run, or of stored run
        ``senses_run``, which the hits' ``sense`` also refers to). ``sort``: ``score``
        (default), ``doc``, ``left1``, ``left2``, ``right1``, ``right2`` or ``node``, several
        joined by commas or listed (``"right1,left1"``, ``["right1", "left1"]``: ties broken by
        the next, then corpus order); a plain concordance sorts all its matches, a ranked search
        its k best. ``k`` lines from ``offset`` (a page of all the matches); the result carries
        the totals of all the matches (``Hits.total``, ``.documents``, ``.per_million``,
        ``.per_million_subcorpus``) and ``Hits.searched``, what was searched when it is not
        ``word`` as typed (a word the analyser cuts, "mole's", is searched as its tokens in
        sequence). A plain concordance's matches are every token of the word; a ranked search
        and ``sense`` take only its occurrences with a sense vector, and
        ``Hits.matches_without_vectors`` counts the matches they leave out. ``max_per_doc`` and
        ``sample`` choose the lines, not the matches: ``Hits.lines_available`` is how many lines
        there are. ``query``: the number the hits carry. The options of ``sensegrep search``,
        declared in sensegrep/request.py (``docs`` and ``unlike_examples`` are spellings of
        ``doc`` and ``unlike_example``, ``senses`` of ``senses_run``). ``Hits.notes``: what
        the result says once (what ``near`` was resolved to, the ``like`` occurrences
        left out…); a search with no match at all says why in ``Hits.why_empty``, one of
        its notes ("0 matches for 'bank' with where='genre=news'; 8 without them")."""
        query = options.pop("query", 0)
        values = _request_values(word, example, options)
        request = search_request_of(values)
        # Before the search: a write during it changes the key.
        state = self.state_key(labels_of=request.word if request.label else None)
        try:
            hits = self.run(request, query)
        except QueryError as error:  # no occurrences: said with the tokens left out
            raise self._notes.of_no_occurrences(error, values) from None
        hits.index_state = state
        return self._notes.of_search(hits, values, request)

    @in_keywords(spelling.SEARCH)
    def total(
        self, word: str = "", example: str | Sequence[str] | None = None, **options: Any
    ) -> int:
        """How many matches :meth:`search` with these arguments has (``Hits.total``):
        the exact number that pass the filters, counted without reading their
        contexts; the lines of all its pages with no ``k``, ``sample`` or
        ``max_per_doc`` (which choose fewer lines: ``Hits.lines_available``)."""
        values = _request_values(word, example, options)
        return self.searcher.total(search_request_of(values))

    @in_keywords(spelling.SEARCH)
    def search_any(self, example: str | Sequence[str] | None = None, **options: Any) -> Hits:
        """Occurrences of any word used in the sense of the marked word in ``example``
        (``"we sat on the grassy [[bank]]"`` finds shore, riverside…): ``search
        --any-word``. Approximate over large indexes (see storage/ann.py). ``options``:
        ``k``, ``like``, ``unlike``, ``unlike_example``, ``pos``, ``where``, ``doc``."""
        values = _request_values("", example, {**options, "any_word": True})
        notes = self._notes
        found = notes.coverage(notes.encoder(self.run(search_request_of(values))))
        return notes.if_empty(found, values)

    def neighbours(
        self, example: str, *, n: int = 200, k: int = 20, with_word: bool = False
    ) -> Neighbours:
        """The lemmas with the most occurrences among the ``n`` nearest to the marked
        word's usage, most first: a thesaurus by sense (``sensegrep neighbours``). The
        marked word's own lemma (a marked span's words' lemmas) is left out unless
        ``with_word``. A list, with ``notes``: how much of the corpus was looked through
        (an index with vectors for chosen words) and, when it is empty, why."""
        from sensegrep.search.example import parse_example
        from sensegrep.text import lemma_of

        example = arguments.text("example", example) or ""
        # Named as given (n=0 was refused as "k must be …", k=0 answered nothing).
        n = arguments.whole("n", n, least=1) or 1
        k = arguments.whole("k", k, least=1) or 1
        with_word = arguments.flag("with_word", with_word)
        self.storage.require_vectors("neighbours")  # (named: it said "--any-word")
        hits = self.search_any(example, k=n)
        marked = parse_example(example, "", self.lang)
        words = [w.lower() for w in marked.words[slice(*marked.span)]]
        own = {*words, *(lemma_of(w, self.lang).lower() for w in words)}
        # And the lemma the index gave the word's tokens where a tagger's differs from the
        # lemmatiser's ("left": leave, which was counted as a neighbour of [[left]]).
        own |= {h.lemma.lower() for h in hits if h.form.lower() in words}
        covered = self.storage.ann_coverage()  # the nearest found approximately?
        approximate = covered["approximate"] if covered else 0
        found = Neighbours(neighbours_of(hits, () if with_word else own, approximate)[:k])
        empty = []
        if hits and not found:  # [] read as a finding about the corpus
            # Fewer than n: all the index has with vectors, and a larger n finds no more.
            if len(hits) < n:
                looked = f"all {len(hits):,} occurrences the index has with vectors (n={n})"
                further = "a larger n finds no more"
            else:
                looked = f"the {len(hits):,} nearest occurrences (n={n})"
                further = "a larger n looks further"
            empty = [
                f"no other word is used in this sense among {looked}: all are of the "
                f"marked word's own lemma (left out; with_word=True counts it); {further}"
            ]
        found.notes = [*empty, *hits.notes]
        return found

    def run(self, request: SearchRequest, query: int = 0, sort: str | None = None) -> Hits:
        """Answer a prepared :class:`~sensegrep.search.engine.SearchRequest`, its lines
        in ``sort`` order (see :meth:`search`), with the totals of all its matches."""
        from sensegrep.request import sort_keys
        from sensegrep.search.engine import SearchRequest

        if not isinstance(request, SearchRequest):
            raise QueryError(
                f"run takes a prepared SearchRequest (sensegrep.api.search_request), got "
                f"{type(request).__name__}: to search by keywords, call search()"
            )
        query = arguments.whole("query", query, least=0) or 0
        sort = arguments.text("sort", sort, optional=True)
        if sort:
            request = replace(request, sort=sort_keys(sort))
        made: list[str] = []
        with runs_made_noted(made):
            answer = self.searcher.answer(self._run_named(request))
            # The request as answered: a word searched as a token sequence has its first
            # token's lemma as its word (the one whose sense runs --sense means).
            runs = self._request_runs(answer.request)
            senses = self._hit_senses(answer.lines, runs)
        # A pattern's query is its text; an any-word query's the word its example marks.
        word = request.word or request.cql or _marked_word(request.example)
        hits = Hits(
            Hit(**hit_record(hit, query, word), **senses.get(hit.occurrence.id, NO_SENSE))
            for hit in answer.lines
        )
        hits.set_totals(answer.totals)
        if answer.totals is None and answer.available is not None:
            hits.lines_available = answer.available  # --any-word past its last line
        hits.offset, hits.ranked, hits.sample = request.offset, request.ranked, request.sample
        hits.sorted_by, hits.max_per_doc = ",".join(request.sort), request.max_per_doc
        hits.punctuation_skipped = request.ignore_punct
        hits.past_the_end, hits.asked = _past_the_end(hits, request), word or None
        hits.sense, hits.sense_run = _sense_of(request, runs, hits)
        hits.notes = [*made, *answer.notes, *([hits.past_the_end] if hits.past_the_end else [])]
        return hits

    def _line_quality(self, request: SearchRequest, ids: Any) -> Quality:
        """The example quality of a search's lines (``sort="quality"``), typical of
        their senses in the run the request names or filters by, else each word's
        current stored run (none is induced for this)."""
        from sensegrep.stats.examples import example_quality

        return example_quality(self.storage, ids, self._request_runs(request))

    def _named_runs(self, run_id: int | None) -> list[SenseRun]:
        """Stored run ``run_id`` (a QueryError when there is none), or no run."""
        from sensegrep.senses.runs import load_run

        if run_id is None:
            return []
        run = load_run(self.storage, run_id)
        if run is None:
            raise QueryError(f"no sense run {run_id} in {self.path}")
        return [run]

    def _run_named(self, request: SearchRequest) -> SearchRequest:
        """``request`` with the word's current stored run named (``senses_run``) when it
        keeps one sense of it: the lines were kept by the run current when the engine
        read it, and the result named the run current a moment later, which another
        process's `senses --new` or `--use` made another ("sense 1 of sense run 2" over
        the lines of run 1's sense 1). Unchanged when there is none to name: the engine
        makes one, or says what is wrong, as before."""
        from sensegrep.senses import current_run_id

        if request.sense is None or request.senses_run is not None or not request.word:
            return request
        try:
            run_id = current_run_id(self.storage, request.word, self.lang)
        except SensegrepError:
            return request
        return request if run_id is None else replace(request, senses_run=run_id)

    def _request_runs(self, request: SearchRequest) -> list[SenseRun]:
        """The sense run a request names (``senses_run``, checked to be its word's) or
        filters by (``sense``: the word's current run); none for other requests."""
        from sensegrep.senses import word_senses

        if request.senses_run is None and request.sense is None:
            return []
        if request.word:
            return [word_senses(self.storage, request.word, lang=self.lang, run=request.senses_run)]
        return self._named_runs(request.senses_run)

    def _hit_senses(
        self, found: Sequence[RankedOccurrence], runs: Sequence[SenseRun] = ()
    ) -> dict[int, dict[str, int | None]]:
        """Each hit's sense and sense run: in ``runs`` for their words, else in the
        word's current stored run (none induced)."""
        from sensegrep.senses import hit_senses

        if not found or not self.storage.has_vectors:
            return {}
        pairs = [(hit.occurrence.id, hit.occurrence.lemma) for hit in found]
        return {
            occurrence: {"sense": sense, "sense_run": run}
            for occurrence, (sense, run) in hit_senses(self.storage, pairs, runs).items()
        }

    @in_keywords(spelling.SEARCH)
    def count(self, word: str, by: str, **options: Any) -> Counts:
        """The frequency table of a search's matches by ``by`` (``form``, ``node``,
        ``lemma``, ``left1`` … ``right2``, ``doc``, ``sense``, ``label`` or a metadata
        field): ``{"value", "count", "share", "per_million", "per_million_subcorpus"}``
        rows, most frequent first, with the totals of all the matches (:class:`Counts`;
        by ``sense``, ``value`` is the sense number and ``lemma`` and ``sense_run`` are
        beside it; by ``doc`` or a metadata field, ``per_million_value`` of the
        row's documents' ``value_tokens`` too). It counts the lines ``k`` and ``offset``
        select, as :meth:`search`
        shows them (sorted by ``sort``, or the k best of a ranking), all the matches
        without them; ``Counts.offset``, ``.counted`` and ``.complete`` say which, and
        ``share`` is of those lines. Words are counted case-folded, as ``sort`` orders
        them, unless ``match_case=True``; ``ignore_punct=True`` skips punctuation at
        left1 … right2. ``options``: those of :meth:`search` (``example``, ``k``,
        ``cql``…), as ``search --count``."""
        word = arguments.text("word", word) or ""
        by = arguments.word("by", by)
        made: list[str] = []
        # A count of the lines a --label ranking selects (k, offset) moves with the
        # word's labels, as that search's pages do.
        state = self.state_key(labels_of=word if word and options.get("label") else None)
        try:
            with runs_made_noted(made):
                counts = self._count(word, by, **options)
        except QueryError as error:  # no occurrences: said with the tokens left out
            said = _request_values(word, options.get("example"), dict(options))
            raise self._notes.of_no_occurrences(error, said) from None
        counts.notes, counts.index_state = [*made, *counts.notes], state
        values = _request_values(word, options.pop("example", None), options)
        counts = self._notes.of_counts(counts, values)
        request = search_request_of(values)
        if by == "sense" or request.ranked or request.sense is not None or request.any_word:
            counts = self._notes.encoder(counts)  # counted by sense vectors
        if request.any_word:  # of the tokens with vectors alone, as its lines say
            counts = self._notes.coverage(counts)
        return counts

    def _count(self, word: str, by: str, **options: Any) -> Counts:
        from sensegrep.search.arrange import count_hits, count_rows, tally
        from sensegrep.search.option_notes import option_notes

        request = search_request(word, **options)
        if request.k is None and not request.offset and request.max_per_doc is None:
            # Every line is counted: their order changes nothing (it does choose the
            # lines a page or --max-per-doc keeps).
            request = replace(request, sort=())
            _refuse_ranking_uncounted(request)
        if request.any_word:  # the k nearest usages of any word: no total to count against
            answer = self.searcher.answer(request, totals=False)
            found = answer.lines
            runs = self._request_runs(request)
            rows = count_hits(
                self.storage, found, by, self.lang, request.ignore_punct, runs, request.match_case
            )
            counts = self._counts(rows, request, len(found), by)
            # A (none) row that holds a value written "(none)" says so, as a count of
            # every match does (sizes: of the filters' documents, as there).
            sizes = self._value_sizes(by, request)
            counts.notes = [
                *answer.notes, *_label_note(by, rows, len(found)), *_no_sense(by, rows),
                *_none_written(by, rows, sizes), *_case_variants(by, rows),
            ]  # fmt: skip
            if not found and answer.available:  # a page after the last of the nearest
                counts.lines_available = answer.available
                counts.past_the_end = _past_the_lines(request.offset, answer.available, "count")
            elif request.offset and not found:  # past the last usage: no "0 matches"
                counts.past_the_end = _any_word_past_the_end(request.offset)
            if counts.past_the_end:
                counts.notes = [*counts.notes, counts.past_the_end]
            return counts
        said = option_notes(request, by)  # of the options as asked (--form becomes a pattern)
        said += self.searcher.filter_notes(request)
        request, page, totals = self.searcher.selected(self._run_named(request))
        said += self.searcher.overlap_notes(request.cql, request.filters)
        if by == "lemma" and request.cql:  # of a pattern's target token alone
            from sensegrep.search.cql import parse
            from sensegrep.search.patterns import lemma_target_note

            said += [note for note in [lemma_target_note(parse(request.cql))] if note]
        runs = self._request_runs(request)
        values = tally(
            self.storage,
            page.nodes,
            by,
            lambda: self.searcher.read(page),
            self.lang,
            request.ignore_punct,
            runs,
            request.match_case,
        )
        sizes = self._value_sizes(by, request) if totals is not None else None
        rows = count_rows(values, len(page))
        if by == "doc" and totals is not None:  # each document's own size, as a field's
            wanted = [str(row.value) for row in rows]
            sizes = self.storage.tokens_by_document(wanted, request.filters)
        counts = self._counts(rows, request, len(page), by, totals, sizes)
        counts.sense, counts.sense_run = _sense_of(request, runs)
        counts.notes = [
            *request.notes, *said, *page.notes, *_label_note(by, rows, len(page)),
            *_no_sense(by, rows), *_field_named_like(by, self.storage),
            *_none_written(by, rows, sizes), *_case_variants(by, rows),
        ]  # fmt: skip
        if not len(page) and request.offset and counts.lines_available:
            # A page after the last line: said as a search's is (HTTP's rows were []).
            counts.past_the_end = _past_the_lines(request.offset, counts.lines_available, "count")
            counts.notes = [*counts.notes, counts.past_the_end]
        return counts

    def _value_sizes(self, by: str, request: SearchRequest) -> dict[str | None, int] | None:
        """The tokens of each value's documents (in the filters' subcorpus) when ``by``
        is a metadata field; None for the other count keys."""
        from sensegrep.choices import COUNT_KEYS
        from sensegrep.storage.fields import field_name

        if by in COUNT_KEYS:
            return None
        return self.storage.tokens_by_value(field_name(by), request.filters)

    def _counts(
        self,
        rows: Sequence[CountRow],
        request: SearchRequest,
        counted: int,
        by: str,
        totals: Any = None,
        value_sizes: dict[str | None, int] | None = None,
    ) -> Counts:
        """The records of a frequency table, and which lines it counted. ``value_sizes``:
        by a metadata field, the tokens of each value's documents."""
        complete = totals is not None and request.offset == 0 and counted == totals.matches
        tokens = totals.tokens if complete else None
        subcorpus_tokens = totals.subcorpus_tokens if complete else None
        counts = Counts(
            count_record(row, tokens, subcorpus_tokens, value_sizes, complete) for row in rows
        )
        counts.set_totals(totals)
        counts.by, counts.offset, counts.counted = by, request.offset, counted
        counts.ranked, counts.sample = request.ranked or request.any_word, request.sample
        counts.sorted_by, counts.max_per_doc = ",".join(request.sort), request.max_per_doc
        counts.punctuation_skipped = request.ignore_punct
        return counts

    # -- statistics (api/statistics.py; keywords declared in request.STATISTICS)

    @in_keywords(spelling.STATISTICS["freq"])
    @_says_an_empty_table
    def freq(self, **options: Any) -> Table:
        """A frequency list of the index, or of a subcorpus (``where``, ``doc``): each
        item (``by``: ``lemma`` case-folded, ``form``, ``pos``, ``lemma_pos`` or a
        metadata field) with its ``freq``, ``per_million`` tokens of the (sub)corpus,
        ``docs``, ``dp`` (Gries' DP over the documents) and ``juilland_d`` (over
        ``parts`` equal parts), most frequent first. ``cql``: count a pattern's
        matches instead (CQPweb's frequency breakdown). Every token counts in the
        corpus's size, punctuation included; ``ignore_punct`` leaves it out of the list."""
        from sensegrep.api.statistics import freq

        table = freq(self.storage, self.searcher, **options)
        by = options.get("by")  # not the default, lemma: every plain freq would say it
        if not options.get("cql") and by in FREQ_KEYS and by in self.storage.field_names():
            # a field "form" in the input: the rows are the tokens' forms, said so
            table.notes = [
                *(table.notes or []),
                f"counted by {by}, the built-in key; the documents also have a metadata "
                f"field {by!r}: --by meta:{by} counts by it",
            ]
        if options.get("cql"):  # [pos="AUX"] in a tag set without AUX: said as search says it
            table = self._notes.coarse_tags(table, _pattern_values(options))
        # The notes count patterns under the same documents, read as a search reads
        # them: where='genre=news', as typed, raised a ValueError there (pass 37k).
        asked = {k: options[k] for k in ("where", "doc") if options.get(k)}
        noted = {**options, **{k: _request_values("", None, asked)[k] for k in asked}}
        table = self._notes.capital_i(table, noted)
        table = self._notes.syllables(table, noted)
        return self._notes.reduplicated_rows(table, noted)

    @in_keywords(spelling.STATISTICS["keywords"])
    @_says_an_empty_table
    def keywords(self, **options: Any) -> Table:
        """Keywords of a focus subcorpus (``where``, ``doc``) against a reference: the
        rest of the index, the ``reference_where`` subcorpus, or another index
        (``reference``, its folder). Each item (``by``: ``lemma`` case-folded, ``form``
        or ``pos``) with ``focus_freq``, ``reference_freq``, both per million tokens,
        ``ll`` (log-likelihood G²), ``logratio`` (Hardie's Log Ratio, a zero frequency
        taken as 0.5), ``simple_maths`` (Kilgarriff's, ``smoothing`` N) and
        ``direction``; the over-represented items (``direction``: ``under``, ``both``)
        seen at least ``min_freq`` times, best first by ``measure`` (``ll``,
        ``logratio``, ``simplemaths``), significant at ``max_p`` when given.
        ``key_senses=[WORD, …]``: the words' senses (their current sense runs, or for
        one word the stored run ``senses_run``; never induced here) as the items,
        each row with ``word``, ``sense``, ``sense_run`` and the sense's share of the
        word on each side. ``reference`` may be an open index too (its folder is read)."""
        from sensegrep.api.keywords import keywords

        if isinstance(options.get("reference"), SenseIndex):  # refused as "not text"
            options = {**options, "reference": str(options["reference"].path)}
        table = keywords(self.storage, lang=self.lang, **options)
        if options.get("key_senses"):
            return table
        return self._notes.syllables(table, {"by": options.get("by") or "lemma"})

    @in_keywords(spelling.STATISTICS["collocates"])
    @_says_an_empty_table
    def collocates(self, word: str = "", **options: Any) -> Table:
        """The collocates of ``word`` (its tokens by lemma, case-folded: the lines
        ``search(word)`` gives) or of the matches of ``cql``: each item (``by``: lemma,
        form or lemma_pos) found within ``window`` tokens (``left``/``right`` for each
        side) of a node in its sentence, with ``freq`` (co-occurrences: a token in two
        nodes' windows counts twice), ``collocate_freq`` and ``node_freq``, one field per
        ``measure`` (logdice by default; mi, mi3, t, z, ll, dice, logratio, freq: as in
        Evert's reference, with R1 the window positions counted exactly inside the
        sentences), ``lines`` (the nodes with it near) and ``search``, the parameters
        of ``search`` (with ``near``) that show those lines. Punctuation takes a
        position but is never a collocate. Node filters: ``pos``, ``where``/``doc`` (a
        subcorpus, which the counts are of), ``sense`` (of the current sense run or
        ``senses_run``) or ``label``; ``collocate_pos`` keeps collocates of those tags.
        ``by_sense``: one table per induced sense, with each collocate's
        ``sense_diff`` (signed G² against the other senses) and ``distinctive``.
        At least ``min_freq`` (3) co-occurrences; best first by the first measure."""
        from sensegrep.api.collocations import collocates

        try:
            table = collocates(self.storage, self.searcher, word=word or None, **options)
        except QueryError as error:
            if not word or options.get("cql"):
                raise
            # no occurrences: said with the tokens a search by lemma leaves out, as search
            # says them (`collocates der` said nothing of TreeTagger's die|der|das, pass 36m)
            asked = {k: options[k] for k in ("where", "doc", "pos") if options.get(k)}
            raise self._notes.of_no_occurrences(error, _request_values(word, None, asked)) from None
        if options.get("by_sense") or options.get("sense") is not None:
            table = self._notes.encoder(table)  # nodes in senses of the vectors
        if word and not options.get("cql"):  # its nodes are search(word)'s lines
            asked = {k: options[k] for k in ("where", "doc", "pos") if options.get(k)}
            values = _request_values(word, None, asked)
            table = self._notes.read_as(self._notes.cut_apart(table, values), values)
            # The nodes a search by lemma leaves out, said of search(word) and of its
            # counts, were left out here unsaid: a Turkish Ilık of ılık, a Dutch
            # belde … op of opbellen, a Galician Dálle of dar, a Romanian şcoala,
            # a Greek ΛΟΓΟΣ of λόγος, a lemma елка beside ёлка,
            # TreeTagger's lemmas joined by |: Stimme|Stimmen of Stimme.
            table = self._notes.of_nodes(table, values)
        if options.get("cql"):  # [pos="AUX"] in a tag set without AUX: said as freq says it
            table = self._notes.coarse_tags(table, _pattern_values(options))
        return self._notes.syllables(table, {"by": options.get("by") or "lemma"})

    @in_keywords(spelling.STATISTICS["sketch"])
    @_says_an_empty_table
    def sketch(self, word: str = "", **options: Any) -> Table:
        """The word sketch of ``word`` (its lemma, case-folded): its collocates grouped
        by grammatical relation (``modifier``, ``modifies``, ``object_of``,
        ``subject_of``, ``object``, ``subject``, ``and/or``, ``particle``,
        ``particle_of``, ``pp_PREP``, ``pp_obj_PREP``), read from the index's dependency
        relations (CoNLL-U, or ``index --tagger spacy --parse``). Each row: ``relation``,
        ``collocate``, ``freq`` (||w,R,c||), ``relation_freq`` (||w,R,*||),
        ``collocate_freq`` (||*,*,c||), ``logdice`` (Sketch Engine's) and
        ``occurrences``, the ids of the word's tokens in the row's triples (their lines:
        :meth:`contexts`). Filters: ``relations``, ``min_freq``, ``pos`` (of the word's
        tokens), ``where``/``doc`` (a subcorpus), ``k`` (collocates per relation).
        ``sense=N``: the occurrences of one induced sense; ``by_sense``: each sense's
        sketch side by side, rows with ``sense`` and ``sense_run`` (the word's current
        stored run, or ``senses_run``; never induced here)."""
        from sensegrep.api.sketch import sketch

        table = sketch(self.storage, lang=self.lang, **({"word": word} if word else {}), **options)
        if word:  # its nodes are search(word)'s lines, as collocates' are: the tokens such
            # a search leaves out are said (`sketch blocked` said nothing of block's, 40n)
            asked = {k: options[k] for k in ("where", "doc", "pos") if options.get(k)}
            table = self._notes.of_nodes(table, _request_values(word, None, asked))
        return table

    @in_keywords(spelling.STATISTICS["change"])
    @_says_an_empty_table
    def change(self, **options: Any) -> Table:
        """Words ranked by semantic change between two groups of documents: ``by`` a
        metadata field, ``between`` two of its values or ranges (as ``where`` writes
        them: ``["..1899", "1900.."]``). Each row: ``word``, its occurrences in each
        group with a sense vector (``freq_a``, ``freq_b``), every token of it there
        (``matches_a``, ``matches_b``: the lines of ``where_a``/``where_b``, and per
        million tokens of the group), ``apd``
        (average pairwise cosine distance of the two groups' occurrence vectors) and
        ``jsd`` (Jensen–Shannon divergence, base 2, of its sense distributions in its
        current sense run ``sense_run``; None for a word without a run unless
        ``induce``), and ``where_a``/``where_b``, the conditions that list each group's
        lines. ``words``: these words only (default: every word with vectors seen
        ``min_freq`` times in each group). See sensegrep/stats/change.py."""
        from sensegrep.api.change import change

        return self._notes.encoder(change(self.storage, self.lang, **options))

    @in_keywords(spelling.COMPARE)
    def compare(self, a: str, b: str, *, word: str | None = None) -> Similarity:
        """Cosine of two usages with the index's encoder, with ``.probability`` that they
        share a sense (see :func:`compare`)."""
        a, b = arguments.text("a", a) or "", arguments.text("b", b) or ""
        word = arguments.text("word", word, optional=True)
        return _compare(self.embedder, a, b, word, self.lang)

    def contexts(
        self, ids: Sequence[int], *, skip_missing: bool = False, senses_run: int | None = None
    ) -> Hits:
        """The concordance lines of these occurrence ids, in the order given (a
        :class:`Hits` without totals: a notebook shows them as a KWIC). An id that names
        no occurrence is a QueryError, or left out with ``skip_missing`` (said in
        ``notes``). Their ``sense`` is in stored sense run ``senses_run`` for its word's
        lines, else in their word's current run."""
        from sensegrep.request import occurrence_ids
        from sensegrep.search.engine import RankedOccurrence

        ids = occurrence_ids("ids", ids)
        skip_missing = arguments.flag("skip_missing", skip_missing)
        senses_run = arguments.run_id("senses_run", senses_run)
        found = self.storage.contexts(ids)
        missing = [i for i in ids if i not in found]
        if missing and not skip_missing:
            raise QueryError(self.storage.missing_occurrences_message(missing))
        present = [
            RankedOccurrence(rank, None, found[i])
            for rank, i in enumerate([i for i in ids if i in found], start=1)
        ]
        senses = self._hit_senses(present, self._named_runs(senses_run))
        lines = Hits(
            Hit(
                **hit_record(hit, 0, hit.occurrence.lemma),
                **senses.get(hit.occurrence.id, NO_SENSE),
            )
            for hit in present
        )
        if missing:  # skip_missing: said, not only left out
            lines.notes = [
                f"{len(missing):,} of the {len(ids):,} ids name no occurrence of the index "
                "(removed, or of another index), left out (skip_missing=True)"
            ]
        return lines

    def paragraph(self, occurrence: int, sentences: int = 2) -> dict[str, Any]:
        """The text around an occurrence: up to ``sentences`` sentences before and after
        its own, cut at blank lines (a paragraph break), as ``before``, ``left``,
        ``form``, ``right``, ``after`` (together a stretch of the document text), with
        the ``label`` the occurrence holds now (null: none; ``label_predicted`` when
        classify --apply set it): a search line's label is the one it had when the
        search ran, and its detail showed that after an annotator had changed it.
        ``more_before`` and ``more_after`` say whether the paragraph goes on past the
        sentences given (so that a front end marks the text as a part of it)."""
        from sensegrep.labels.labelling import PREDICTED, occurrence_labels

        occurrence = arguments.whole("occurrence", occurrence, least=0) or 0
        sentences = arguments.whole("sentences", sentences, least=0) or 0
        sentences = min(sentences, MAX_CONTEXT_SENTENCES)
        found = self.storage.occurrence_window(occurrence, sentences)
        if found is None:
            if self.storage.removed_tokens([occurrence]):  # a line read before a removal
                raise QueryError(self.storage.missing_occurrences_message([occurrence]))
            raise QueryError(f"no occurrence with id {occurrence} in {self.path}")
        held = occurrence_labels(self.storage, [occurrence])
        text, start, end = found["window"], found["start"], found["end"]
        before, after = _within_paragraph(found)
        # One sentence more either side, cut at the same paragraph: text it adds is
        # paragraph the answer leaves out, which ``more_before`` / ``more_after`` say (the
        # web's ▸ "show the paragraph" showed two sentences of four as if they were all).
        wider = self.storage.occurrence_window(occurrence, sentences + 1)
        wider_before, wider_after = _within_paragraph(wider) if wider else (before, after)
        return {
            "id": int(occurrence),
            "doc": found["doc"],
            "before": before,
            "left": text[found["sentence_start"] : start],
            "form": text[start:end],
            "right": text[end : found["sentence_end"]],
            "after": after,
            # (words, not the spaces of an indented paragraph's first line)
            "more_before": len(wider_before.strip()) > len(before.strip()),
            "more_after": len(wider_after.strip()) > len(after.strip()),
            "label": held.labels[0],
            "label_predicted": held.sources[0] == PREDICTED,
        }

    def state(self) -> tuple[str, ...]:
        """What the index holds, as a key that changes with every add, removal or
        compaction (by this process or another): a front end keeps what it read of the
        index (its fields and their values) under it and reads it again when it changes."""
        return tuple(self.storage.index_state())

    def state_key(self, labels_of: str | None = None) -> str:
        """:meth:`state` as a short key (a result's ``index_state``): two pages of one
        search read at two keys are of two states of the index (another process added
        or removed documents in between), so lines may have moved from one page to the
        next. ``labels_of``: a word whose occurrences' labels the result reads (a search
        ranked by a label, the collocates of a label's occurrences), folded in."""
        if labels_of is not None and not isinstance(labels_of, str):
            raise QueryError(f"labels_of must be a word or None, got {type(labels_of).__name__}")
        labels_of = arguments.text("labels_of", labels_of, optional=True)  # a lone surrogate
        state = hashlib.sha256("\n".join(self.state()).encode()).hexdigest()[:16]
        return self._labels_state(state, labels_of) if labels_of else state

    def _labels_state(self, state: str, word: str) -> str:
        """``state`` (a key) with the labels of ``word``'s occurrences folded in: a search
        ranked by a label reads them, and labels set by another process between two of its
        pages move its lines as an add does (the second page was of another ranking,
        unsaid)."""
        from sensegrep.labels.labelling import occurrence_labels, word_occurrences

        try:
            found = word_occurrences(self.storage, word, self.lang)
        except QueryError:
            return state
        labels = occurrence_labels(self.storage, found.ids)
        held = [
            (int(i), label, source)
            for i, label, source in zip(found.ids, labels.labels, labels.sources, strict=True)
            if label
        ]
        return hashlib.sha256(f"{state}\n{held!r}".encode()).hexdigest()[:16]

    def metadata_values(self) -> dict[str, list[str]]:
        """Document metadata fields with their most frequent values (numbers in order),
        each once, composed: "Genève" stored composed and decomposed was offered twice."""
        from sensegrep.storage.fields import value_key

        fields = self.storage.metadata_values()
        return {
            key: sorted(dict.fromkeys(value_key(v) for v in values), key=_natural)
            for key, values in fields.items()
        }

    # -- senses

    @in_keywords(spelling.SENSES)
    def senses(
        self,
        word: str,
        n: int | None = None,
        examples: int = 3,
        *,
        run: int | None = None,
        new: bool = False,
        good_examples: int | None = None,
        senses_run: int | None = None,
    ) -> Senses:
        """The induced senses of ``word``: its current sense run (the one pinned with
        :meth:`use_senses`, else its newest; induced and stored when it has none),
        stored run ``run`` (``senses_run``, as :meth:`search` spells it), or with ``n``
        (or ``new``) a new run of n senses (k chosen without n; stored, and current
        unless another is pinned; not made again when the newest run has the same
        parameters and occurrences). Occurrences added since
        a run was made are assigned to its nearest sense: a run's numbers never change.
        Inside
        :func:`~sensegrep.api.no_sense_writes`, nothing is stored (``Senses.info.id``
        is None for a run induced there). Each sense shows ``examples`` of its typical
        occurrences; ``good_examples=N``: instead its N best dictionary examples among
        all its occurrences, by example quality (GDEX-like, stats/examples.py), each
        with its ``quality`` and ``quality_parts``, best first."""
        from sensegrep.senses import with_current_collocates, word_senses

        word, n, run = self._word_n_run(word, n, run, senses_run)
        examples = arguments.whole("examples", examples, least=0) or 0
        new = arguments.flag("new", new)
        good_examples = arguments.whole("good_examples", good_examples, least=1, optional=True)
        found = word_senses(self.storage, word, n, self.lang, run=run, new=new)
        found = with_current_collocates(self.storage, found)
        if good_examples is not None:
            chosen = self._good_examples(found, good_examples)
        else:
            chosen = self._typical_examples(found, examples)
        total = len(found.ids)
        senses = [
            Sense(
                sense=s.number,
                size=s.size,
                share=round(s.size / total, 4) if total else 0.0,
                examples=chosen[s.number],
                collocates=[{"word": w, "score": score} for w, score in s.collocates],
            )
            for s in found.clusters
        ]
        return Senses(found.lemma, found.k, total, senses, found)

    @staticmethod
    def _word_n_run(
        word: Any, n: Any, run: Any, senses_run: Any = None
    ) -> tuple[str, int | None, int | None]:
        """A word, a number of senses and a sense run's id, checked: ``run``, or
        ``senses_run`` as search, export and the queue name it (it was a TypeError)."""
        run = arguments.run_id("run", run)
        if senses_run is not None:
            senses_run = arguments.run_id("senses_run", senses_run)
            if run is not None and run != senses_run:
                raise QueryError(
                    f"run={run} and senses_run={senses_run} name two sense runs: give one "
                    "(they are two spellings of the same keyword)"
                )
            run = senses_run
        return (
            arguments.word("word", word),
            arguments.whole("n", n, least=1, optional=True),
            run,
        )

    def _typical_examples(self, run: SenseRun, n: int) -> dict[int, list[dict[str, Any]]]:
        """Each sense's first ``n`` typical examples the run keeps (id, doc, sentence)
        that are still in the index: those of removed documents are passed over, not
        counted among the ``n`` (a sense of 7 occurrences showed none)."""
        contexts = self.storage.contexts([i for s in run.clusters for i in s.examples])
        return {
            s.number: [
                {"id": c.id, "doc": c.doc, "sentence": c.sentence}
                for c in [contexts[i] for i in s.examples if i in contexts][:n]
            ]
            for s in run.clusters
        }

    def _good_examples(self, run: SenseRun, n: int) -> dict[int, list[dict[str, Any]]]:
        """Each sense's ``n`` best examples by quality, among all its occurrences."""
        from sensegrep.stats.examples import example_quality, good_examples

        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise QueryError(f"good_examples must be a whole number >= 1, got {n!r}")
        quality = example_quality(self.storage, run.ids, [run])
        picked = {}
        for sense in run.clusters:
            inside = (run.senses == sense.number).nonzero()[0]
            best = good_examples(self.storage, run.ids[inside], quality.take(inside), n)
            picked[sense.number] = [
                {"id": c.id, "doc": c.doc, "sentence": c.sentence, "quality": score,
                 "quality_parts": parts}
                for c, score, parts in best
            ]  # fmt: skip
        return picked

    def sense_runs(self, word: str) -> list[SenseRunInfo]:
        """The stored sense runs of ``word``, oldest first (``current`` marks the one its
        sense numbers mean)."""
        from sensegrep.senses import word_runs

        word = arguments.word("word", word)
        self.storage.require_vectors("a sense run", word, self.lang)
        return [run_info(run) for run in word_runs(self.storage, word, self.lang)[1]]

    def use_senses(
        self, word: str, run: int | None, *, expect: int | EllipsisType | None = ...
    ) -> SenseRunInfo:
        """Pin stored run ``run`` as the current sense run of ``word`` (``None``: the
        newest run is current again); the run now current. ``expect``: the run the
        caller saw pinned (``None``: none); when another is pinned now (another user or
        tab pinned or unpinned since), nothing changes and ``PinChangedError`` says so."""
        from sensegrep.senses import pin_run

        word, run = arguments.word("word", word), arguments.run_id("run", run)
        if expect is not ... and expect is not None:
            expect = arguments.run_id("expect", expect)
        self.storage.require_vectors("a sense run", word, self.lang)
        return run_info(pin_run(self.storage, word, run, self.lang, expect))

    @in_keywords(spelling.SENSES)
    def sense_map(
        self,
        word: str,
        n: int | None = None,
        max_points: int = 2000,
        *,
        run: int | None = None,
        senses_run: int | None = None,
    ) -> SenseMap:
        """The word's occurrences on the first two principal components of their vectors
        (0…1), with their induced sense in the run :meth:`senses` gives for the same
        arguments: the data of ``sensegrep plot``, undrawn."""
        from sensegrep.senses import with_current_collocates, word_senses
        from sensegrep.senses.plot import sense_map

        word, n, run = self._word_n_run(word, n, run, senses_run)
        max_points = arguments.whole("max_points", max_points, least=1) or 1

        def read() -> SenseMap:
            senses = word_senses(self.storage, word, n, self.lang, run=run)
            if n is not None and senses.id is not None and not senses.current:
                stored.append(not_current_note(senses.lemma, senses.id))  # as plot says
            senses = with_current_collocates(self.storage, senses)
            return sense_map(self.storage, senses, max_points)

        # A run made for the map (the word had none) is said, as plot says it: outside
        # the retries, which would find it made and say nothing.
        made: list[str] = []
        stored: list[str] = []
        with runs_made_noted(made):
            found = self.of_one_state(read)
        found.notes = [*made, *stored[-1:]]
        return found

    @in_keywords(spelling.SENSES_BY)
    def senses_by(
        self,
        word: str,
        field_name: str,
        n: int | None = None,
        *,
        run: int | None = None,
        bin_width: int | None = None,
        senses_run: int | None = None,
    ) -> SenseTable:
        """Occurrences of each induced sense (of the run :meth:`senses` gives for the
        same arguments) per value of a metadata field: a
        :class:`~sensegrep.stats.timeline.SenseTimeline`, whose ``values`` and
        ``counts`` are those of a :class:`SenseTable`, with each value's tokens, each
        sense's share, frequency per million tokens of the value's documents and DP
        over them, the ``--where`` of each value, and per sense over the index
        (``totals``). ``bin_width`` N bins a numeric field's values into ``[start,
        start + N)``. ``rows()``: one flat record per (value, sense); ``to_dict()``:
        everything as JSON."""
        from sensegrep.senses import with_current_collocates, word_senses
        from sensegrep.stats.timeline import SenseTimeline, check_field, index_timeline

        word, n, run = self._word_n_run(word, n, run, senses_run)
        field_name = arguments.word("field_name", field_name)  # bin_width: index_timeline's
        check_field(self.storage, field_name, bin_width)  # before a run is made for it

        def read() -> SenseTable:
            senses = word_senses(self.storage, word, n, self.lang, run=run)
            if n is not None and senses.id is not None and not senses.current:
                stored.append(not_current_note(senses.lemma, senses.id))  # as plot says
            senses = with_current_collocates(self.storage, senses)  # each sense's name
            return index_timeline(self.storage, senses, field_name, bin_width=bin_width)

        # A run made for the table (the word had none) is said, as `senses --by` says it:
        # outside the retries, which would find it made and say nothing.
        made: list[str] = []
        stored: list[str] = []
        with runs_made_noted(made):
            table = self.of_one_state(read)
        if isinstance(table, SenseTimeline):
            table.run_notes = [*made, *stored[-1:]]
        return table

    def of_one_state(self, read: Callable[[], T]) -> T:
        """``read()``, taken again while another process changed the index under it
        (an add, a removal): a read of several statements — a run's occurrences, then
        the corpus's tokens or their vectors — mixed two states (a year's tokens counted
        a document its senses did not, or the map failed on an occurrence removed
        meanwhile; pass 29a). The same as a search's reads (search/engine.py)."""
        from sensegrep.storage.state import of_one_state

        if not callable(read):
            raise QueryError(
                f"read must be a function of no arguments (the reads to take of one index "
                f"state), got {type(read).__name__}"
            )
        # An error such as "occurrence 2 … was in a document removed since" is retried.
        return of_one_state(self.storage.index_state, read, retry=SensegrepError)

    # -- labels

    @in_keywords(spelling.LABEL)
    def label(
        self,
        ids: int | Iterable[int],
        label: str | None,
        *,
        predicted: bool = False,
        expect: str | Mapping[int, str | None] | EllipsisType | None = ...,
        expect_set_at: str | None = None,
        expect_predicted: bool | Mapping[int, bool] | None = None,
        notes: bool = True,
    ) -> int:
        """Set ``label`` on occurrences (``None`` removes their labels); how many.

        A space separates several labels, as in every label text of sensegrep:
        ``"river side"`` sets two labels, river and side (``river_side`` is one),
        which a :class:`~sensegrep.errors.SensegrepNote` warning says, as the command
        line's note does (``notes=False``: not, for a front end that says it itself);
        ``StoredLabels.of([label])`` (sensegrep.api) names the labels set.
        ``predicted``: store it as classify --apply's prediction, not a hand label (what
        an undo puts back: the annotate page's undo cleared a prediction it had replaced).
        ``expect``: the label text the caller saw on each occurrence (None: none); when
        one holds another now (another annotator labelled it since), nothing is changed
        and ``LabelChangedError`` names it, with each one's label now (``current``); a
        dict of each id's label text (an id left out: none) when they held different ones.
        ``expect_set_at``: with ``expect``, when that label was set (:meth:`label_times`):
        the same text set again since (another annotator confirming it) also changes
        nothing, so that an undo removes one's own label only.
        ``expect_predicted``: with ``expect``, whether the label seen was classify
        --apply's prediction: the same text given by hand since (another annotator
        reviewing the prediction), or predicted since, also changes nothing; with
        ``expect`` a dict, one flag for each, or a dict of each id's (an id left out: a
        hand label)."""
        from sensegrep.labels import labelling
        from sensegrep.labeltext import several_labels_note
        from sensegrep.request import occurrence_ids
        from sensegrep.storage.labels import Expected

        wanted = occurrence_ids("ids", ids)
        predicted = arguments.flag("predicted", predicted)
        if predicted and label is None:
            raise QueryError("predicted=True needs a label: None removes labels")
        if label is not None and not isinstance(label, str):
            raise QueryError(f"label must be text or None, got {type(label).__name__}")
        if label is not None:
            labelling.clean_label(label)  # an empty, control or over-long label, even for no id
        seen = None
        if isinstance(expect, Mapping):
            if expect_set_at is not None:
                raise QueryError("expect_set_at needs expect as one label")
            seen = _expected_each(expect, expect_predicted)
        elif isinstance(expect_predicted, Mapping):
            raise QueryError("expect_predicted as a dict needs expect as a dict of each id's label")
        elif expect is not ...:
            if expect is not None and not isinstance(expect, str):
                raise QueryError(f"expect must be text or None, got {type(expect).__name__}")
            set_at = arguments.text("expect_set_at", expect_set_at, optional=True)
            was_predicted = (
                None
                if expect_predicted is None
                else arguments.flag("expect_predicted", expect_predicted)
            )
            # composed, as a label is stored: "café" typed with a combining accent is it
            text = " ".join(composed(expect).split()) or None if expect else None
            seen = Expected(text, set_at, was_predicted)
        elif expect_set_at is not None:
            raise QueryError("expect_set_at needs expect, the label it was set with")
        elif expect_predicted is not None:
            raise QueryError("expect_predicted needs expect, the label it was seen with")
        notes = arguments.flag("notes", notes)
        _expected_among(seen, wanted)
        if not wanted:
            return 0
        if label is None:
            # the words cleared, as `label --remove` names them (a mistyped id cleared
            # another word's label unsaid, pass 39g); those that held a label only, as
            # it counts them: "cleared the labels of 2" was said of 2 that held none
            held = self.contexts(wanted, skip_missing=True) if notes else []
            held = [line for line in held if line.label]
            cleared = labelling.clear_labels(self.storage, wanted, seen)
            if held:
                from sensegrep.labels.said import several_words_note

                _warn_notes([several_words_note(held, len(held), "cleared the labels of")])
            return cleared
        # What they held, for the notes the command line says too (a mistyped id that
        # labels another word, `musicl` beside musical): read before the write.
        before = self.contexts(wanted, skip_missing=True) if notes and not predicted else []
        source = labelling.PREDICTED if predicted else labelling.MANUAL
        written = labelling.set_labels(
            self.storage, dict.fromkeys(wanted, label), source=source, expect=seen
        )
        parts = labelling.split_label(label)  # "financial institution": two labels
        said = [several_labels_note([" ".join(parts)] if len(parts) > 1 else [])]
        if before:
            from sensegrep.api.spelling import caller
            from sensegrep.labels.said import label_notes, relabel_notes, several_words_note

            said.append(several_words_note(before, written))
            said += relabel_notes(before, label, caller())
            said += label_notes(self.storage, self.lang, before, label, caller())
        if notes:
            _warn_notes(said)
        return written

    def label_times(self, ids: int | Iterable[int]) -> dict[int, str | None]:
        """When each occurrence's label was set (an ISO time; None: it holds none, or it
        came with the input): ``label(…, expect=…, expect_set_at=…)`` then changes it
        only if nobody has set a label on it since."""
        from sensegrep.request import occurrence_ids

        return self.storage.label_times(occurrence_ids("ids", ids))

    def labels(self, word: str) -> WordLabels:
        """How many occurrences of ``word`` carry each label, a dict whose
        ``predicted`` (and repr) says how many of each ``classify --apply`` predicted
        (with the unlabelled: :func:`~sensegrep.api.labelling.label_counts`); ``notes``
        (and repr) say when an occurrence with several labels makes the counts add up to
        more than the occurrences labelled, as ``sensegrep labels`` says it."""
        from sensegrep.labels import labelling

        word = arguments.word("word", word)

        def read() -> WordLabels:
            found = labelling.word_occurrences(self.storage, word, self.lang)
            counts, unlabelled = labelling.count_labels(self.storage, found.ids)
            held = labelling.occurrence_labels(self.storage, found.ids).reference_mask()
            note = labelling.several_labels_note(len(found), unlabelled, int(held.sum()), counts)
            rows = ((c.label, c.count, c.predicted) for c in counts)
            return WordLabels(rows, [note] if note else [])

        return self.of_one_state(read)  # (several reads: one state of the index)

    @in_keywords(spelling.QUEUE)
    def annotation_queue(
        self, word: str, limit: int = 200, *, senses_run: int | None = None
    ) -> dict[str, Any]:
        """What an annotator should label next (see sensegrep/labels/queue.py), each
        occurrence picked with its concordance line; taken in turn from the senses of
        the word's current sense run, or of stored run ``senses_run``, when it has no
        labels."""
        from sensegrep.labels.queue import annotation_queue

        word = arguments.word("word", word)
        limit = arguments.whole("limit", limit, least=1) or 1
        senses_run = arguments.run_id("senses_run", senses_run)
        self._check_run(word, senses_run)

        def read() -> dict[str, Any]:
            queue = annotation_queue(self.storage, word, self.lang, limit, senses_run=senses_run)
            return queue.to_dict(lambda ids: self.contexts(ids, senses_run=senses_run))

        # The occurrences, then their sentences: a document another process removed
        # between the two was an annotator's error (pass 36n); read again instead.
        return self.of_one_state(read)

    @in_keywords(spelling.CLASSIFY)
    def classify(
        self, word: str, *, k: int | None = None, weighting: str | None = None, apply: bool = False
    ) -> WordClassification:
        """Labels proposed for the unlabelled occurrences of ``word`` from its labelled
        ones (k nearest neighbours); ``apply=True`` writes them as ``predicted``. A
        QueryError while its labelled occurrences carry fewer than two different labels
        (one would be proposed for every occurrence)."""
        from sensegrep.labels import classify

        word = arguments.word("word", word)
        k = arguments.whole("k", k, optional=True)  # its range: classify_word's message
        weighting = arguments.text("weighting", weighting, optional=True)
        apply = arguments.flag("apply", apply)
        result = classify.classify_word(
            self.storage,
            word,
            # (k=0 read as "not given" voted with 10 neighbours: it is refused, as -3 is)
            k=classify.DEFAULT_K if k is None else k,
            weighting=weighting or classify.DEFAULT_WEIGHTING,
            lang=self.lang,
        )
        if apply:
            # Those labelled by hand since the read keep their label (result.applied says
            # how many of the proposals were written).
            result.applied = classify.apply_proposals(self.storage, result.proposals)
        return result

    # -- export

    @in_keywords(spelling.EXPORT)
    def export(
        self,
        word: str,
        to: str,
        output: str | Path | None = None,
        *,
        raw_csv: bool = False,
        **choice: Any,
    ) -> str:
        """Occurrences of ``word`` in an annotation tool's format (prodigy, doccano,
        conllu, webanno, csv), chosen as :meth:`annotation_items` does; written to
        ``output`` when given (as :meth:`export_to` writes it); the text. A csv text
        cell a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) starts
        with ``'``, unless ``raw_csv``. The items' notes (a sense run made to balance
        by), which plain text has no place for, are each a warning of category
        :class:`sensegrep.errors.SensegrepNote` (:meth:`annotation_items` carries them
        as ``notes``). An export larger than memory: :meth:`export_to` or
        :meth:`export_text`, which hold no more than a few hundred sentences at once."""
        import warnings

        from sensegrep.errors import SensegrepNote

        output = None if output is None else arguments.path("output", output)
        if output is None:
            written = self.export_text(word, to, raw_csv=raw_csv, **choice)
            text = "".join(written)
        else:
            written = self.export_to(word, to, output, raw_csv=raw_csv, **choice)
            text = Path(output).read_text(encoding="utf-8")
        for note in written.notes:
            warnings.warn(note, SensegrepNote, stacklevel=3)  # past in_keywords
        return text

    @in_keywords(spelling.EXPORT)
    def export_to(
        self, word: str, to: str, output: str | Path, *, raw_csv: bool = False, **choice: Any
    ) -> ExportText:
        """:meth:`export_text` written to ``output`` as it is read (bounded memory at any
        size), under a temporary name until whole; written again while occurrences it
        chose were gone when read (another process removed their documents meanwhile), so
        that the file is of one index state (nothing it chose is silently left out). The
        :class:`ExportText` written (its ``notes``, ``written``)."""
        output = arguments.path("output", output)

        def chosen() -> ExportText:  # what is asked checked before the file is opened
            return self.export_text(word, to, raw_csv=raw_csv, **choice)

        if output.exists() and not output.is_file():
            # A pipe, FIFO or device (-o /dev/stdout) cannot be renamed over (it was:
            # nothing reached the reader, and /dev/stdout became a file): written in
            # place, once, as standard output is (a last note says a change under it).
            written = chosen()
            with output.open("w", encoding="utf-8") as out:
                out.writelines(written)
            return written
        return _replaced_whole(output, chosen)

    @in_keywords(spelling.EXPORT)
    def export_text(
        self, word: str, to: str, *, raw_csv: bool = False, **choice: Any
    ) -> ExportText:
        """Occurrences of ``word`` in an annotation tool's format, chosen as
        :meth:`annotation_items` does, as pieces of text read and formatted as they are
        iterated (once): a few hundred sentences in memory at a time, at any size. Its
        ``notes`` are known before; ``written``, and whether occurrences it chose were
        removed meanwhile by another process (``changed``, then also a last note), after."""
        from sensegrep.export import write_chunks

        raw_csv = arguments.flag("raw_csv", raw_csv)
        chosen = self._choose_export(word, to, whole=False, **choice)
        pieces = write_chunks(to, chosen.choice.items(self.storage), raw_csv, chosen.choice.columns)
        return ExportText(pieces, chosen.choice, chosen.notes, chosen.why_empty)

    @in_keywords(spelling.EXPORT)
    def annotation_items(
        self,
        word: str,
        to: str = "csv",
        *,
        balanced: int | None = None,
        by: str | None = None,
        sample: int | None = None,
        seed: int | None = None,
        options: Sequence[str] | None = None,
        form: bool = False,
        pos: Sequence[str] = (),
        senses_run: int | None = None,
        good_examples: bool = False,
        where: Any = None,
    ) -> ExportItems:
        """The occurrences of ``word`` to annotate: all, a ``sample``, or ``balanced`` N
        per induced sense (``by="sense"``: of the word's current sense run, or of stored
        run ``senses_run``) or per label; each with its sentence's tokens and, for
        Prodigy, the choices to offer (``options``, else the word's labels, else its
        senses). ``good_examples``: the sample, or each group's N, are the best by
        example quality (stats/examples.py) instead of drawn at random, and each item
        carries its ``quality`` and ``quality_parts``. ``notes``: a sense run made to
        balance by (the word had none), one line each. ``by`` (default "sense"), ``seed``
        (default 0) and ``senses_run`` given where they would change nothing are a
        QueryError (issue 23: an option silently ignored). ``where``: only the
        occurrences in documents whose metadata match, as :meth:`search`'s ``where``
        (``{"genre": "news"}``, ``"year=1990..1999"`` or a list of such conditions,
        every one of which must hold)."""
        asked = {name: value for name, value in locals().items() if name not in _NOT_ASKED}
        chosen = self._choose_export(word, to, whole=True, **asked)
        items = ExportItems(chosen.items or ())
        items.notes, items.why_empty = chosen.notes, chosen.why_empty
        return items

    @in_keywords(spelling.EXPORT)  # export_text's keywords are checked here
    def _choose_export(
        self,
        word: str,
        to: str = "csv",
        *,
        whole: bool,
        balanced: int | None = None,
        by: str | None = None,
        sample: int | None = None,
        seed: int | None = None,
        options: Sequence[str] | None = None,
        form: bool = False,
        pos: Sequence[str] = (),
        senses_run: int | None = None,
        good_examples: bool = False,
        where: Any = None,
    ) -> ChosenExport:
        """:meth:`annotation_items`'s choice, with its notes; ``whole``: its items read
        too, in the same state of the index as the choice (else read as written)."""
        from sensegrep.export import annotation_choices, choose_export, grouping
        from sensegrep.request import parse
        from sensegrep.storage import Filters

        word = arguments.word("word", word)
        balanced = arguments.whole("balanced", balanced, least=1, optional=True)
        by = arguments.text("by", by, optional=True)
        sample = arguments.whole("sample", sample, least=1, optional=True)
        seed = arguments.whole("seed", seed, least=0, optional=True)
        options = None if options is None else arguments.texts("options", options)
        form = arguments.flag("form", form)
        good_examples = arguments.flag("good_examples", good_examples)
        pos = arguments.texts("pos", pos)
        senses_run = arguments.run_id("senses_run", senses_run)
        # What the options ask is checked before what the index holds.
        _check_export_choice(to, balanced, by, sample, seed, senses_run, options, good_examples)
        # --where as search reads it: the one request definition's parameter.
        conditions = parse({"where": where}, "api", "api", whole=False).get("where", [])
        filters = Filters(pos=tuple(pos), where=tuple(conditions))
        self.storage.check_filters(filters)  # no POS, a tag none has, a field none has
        if not form:
            # The word as search reads it, in the index's language: the export's lookups
            # read it as English (pass 35c: `export dijo` on Spanish text found no
            # occurrence, where `search dijo` found decir's).
            from sensegrep.storage.occurrences import occurrences_of

            word = occurrences_of(
                self.storage, word, lang=self.lang, form_choice=True, every_token=True, first=1
            )[0]
        self._check_run(word, senses_run)
        asked = (senses_run, options, balanced, by, good_examples)
        _check_senses_offered(self.storage, word, to, *asked)
        if good_examples and not (balanced or sample):
            raise QueryError(
                "--good-examples picks the best of what --balanced N or --sample N would "
                "draw at random: give one of them"
            )
        by = by or "sense"
        seed = 0 if seed is None else seed
        made: list[str] = []
        encoder = self._notes.encoder_note() if balanced and by == "sense" else None
        made.extend([encoder] if encoder else [])  # the groups are the vectors' senses
        # An option's id comes back as its label, where a space separates labels: said
        # here, before the annotators choose it ("river bank" read back as river and bank).
        spaced = [o.strip() for o in options or () if len(o.split()) > 1]
        if spaced and to == "prodigy":
            made.append(
                f"--options {spaced[0]!r} holds a space, which separates labels: chosen, it "
                f"reads back as {len(spaced[0].split())} labels, "
                f"{', '.join(spaced[0].split())}; for one label write {'_'.join(spaced[0].split())}"
            )

        def read() -> tuple[ExportChoice, list[ExportItem] | None, list[str], list[str]]:
            grouped: list[str] = []  # how the groups were told apart
            drawn: list[str] = []  # groups, or a sample, smaller than asked
            with runs_made_noted(made):
                choice = choose_export(
                    self.storage,
                    word,
                    filters=filters,
                    by_form=form,
                    sample=sample,
                    per_group=balanced,
                    group_of=(
                        grouping(self.storage, word, by, senses_run, grouped) if balanced else None
                    ),
                    seed=seed,
                    rank_by=(
                        self._quality_of(word, by if balanced else None, senses_run)
                        if good_examples
                        else None
                    ),
                    notes=drawn,
                    # Only Prodigy shows choices; the others need no senses induced.
                    options=(
                        annotation_choices(self.storage, word, options, senses_run)
                        if to == "prodigy"
                        else ()
                    ),
                )
            items = list(choice.items(self.storage)) if whole else None
            return choice, items, grouped, drawn

        # Of one state: a document removed between choosing the occurrences and reading
        # their sentences was left out, and a balanced group was short unsaid (pass 29a).
        # Read as written (not whole), the writer says a change under it (ExportText).
        choice, items, grouped, drawn = self.of_one_state(read)
        # A range of numbers leaves out the documents dated 'c. 1952': said, as search does.
        numberless = self.storage.numberless_notes(conditions)
        unmarked = self._unmarked_predictions(choice.ids) if to == "webanno" else []
        chosen = ChosenExport(choice, items, [*made, *grouped, *drawn, *numberless, *unmarked])
        if not form:  # what a search of the word says it leaves out, said here too
            chosen.notes.extend(self._left_out_of_export(word, pos, where))
        if not (choice if items is None else items) and (pos or conditions):  # the word occurs
            asked = {"word": word, "form": form, "pos": pos, "where": where}
            chosen.why_empty = self._why_no_items(asked)
            chosen.notes.append(chosen.why_empty)
        return chosen

    def _left_out_of_export(self, word: str, pos: Sequence[str], where: Any) -> list[str]:
        """The notes of the tokens a search of ``word`` (by lemma, under ``pos`` and
        ``where``) leaves out, as a statistic over its lines says them: `export
        fisherman` wrote 1 occurrence, the 5 *Fishermen* spaCy read as a name unsaid,
        where `search fisherman` notes them (pass 40a)."""
        from types import SimpleNamespace

        values = _request_values(word, None, {"pos": list(pos) or None, "where": where})
        held = SimpleNamespace(notes=[], total=None, searched=None)
        return list(self._notes.of_nodes(held, values).notes)

    def _unmarked_predictions(self, ids: Any) -> list[str]:
        """A note when a WebAnno export writes labels classify --apply predicted, which
        its layer cannot mark: an annotator saw them as labels like any other, and an
        index built again read them back as given by hand, unsaid."""
        from sensegrep.labels.labelling import PREDICTED, occurrence_labels

        if not len(ids):
            return []
        predicted = occurrence_labels(self.storage, ids).sources.count(PREDICTED)
        if not predicted:
            return []
        return [
            f"{predicted:,} of the labels written are classify --apply's predictions, which "
            "WebAnno TSV cannot mark: INCEpTION shows them as labels like any other, and "
            "an index built again reads them back as given by hand (--to csv, prodigy, "
            "doccano or conllu mark them)"
        ]

    def _why_no_items(self, options: dict[str, Any]) -> str:
        """Why an export of a word that occurs has no items, as a search of those
        filters says it: the filters named and the count without them (issue 23: export
        said less than search, and nothing to a program)."""
        values = _request_values(options.pop("word"), None, options)

        def total(request_values: Any) -> int:
            return self.searcher.total(search_request_of(request_values))

        return why_empty(total, values, None, lists=self.storage.list_fields())

    def _quality_of(self, word: str, by: str | None, run: int | None) -> Any:
        """The example quality of the word's occurrences (score and parts), typical of
        their senses in the run balanced over (``by="sense"``) or named, else the
        current stored one: a --sample (``by`` None) induces no run, and ranks as
        `search --sort quality` does (typicality left out, with a note, without one)."""
        from sensegrep.stats.examples import example_quality

        def scores(ids: Any) -> Any:
            runs = []
            if by == "sense" or run is not None:
                from sensegrep.senses import word_senses

                runs = [word_senses(self.storage, word, lang=self.lang, run=run)]
            return example_quality(self.storage, ids, runs)

        return scores

    def _check_run(self, word: str, run: int | None) -> None:
        """A QueryError unless ``run`` is None or a stored sense run of ``word``."""
        if run is not None:
            from sensegrep.senses import word_senses

            word_senses(self.storage, word, lang=self.lang, run=run)


NO_SENSE: dict[str, int | None] = {"sense": None, "sense_run": None}


def _expected_among(seen: Any, wanted: Sequence[int]) -> None:
    """A QueryError when ``seen`` (label's ``expect`` as each id's label) names an id not
    among those labelled: it guards nothing, and was ignored unsaid (pass 40d)."""
    if seen is None:
        return
    named = [*(seen.each or {}), *(seen.predicted_each or {})]
    stray = [i for i in dict.fromkeys(named) if i not in set(wanted)]
    if stray:
        key = "expect" if stray[0] in (seen.each or {}) else "expect_predicted"
        more = f" (and {len(stray) - 1:,} more)" if len(stray) > 1 else ""
        raise QueryError(
            f"{key} names occurrence {stray[0]}{more}, which is not among the ids "
            f"labelled: give it among the ids, or leave it out of {key}; nothing was changed"
        )


def _expected_each(expect: Mapping[Any, Any], predicted: Any = None) -> Any:
    """``label``'s ``expect`` given as each occurrence's label text (None: none), checked
    as a label is stored, composed and its spaces single; ``predicted`` (its
    ``expect_predicted``): None, one flag for each, or each id's flag."""
    from sensegrep.request import occurrence_ids
    from sensegrep.storage.labels import Expected

    each: dict[int, str | None] = {}
    for key, text in expect.items():
        if text is not None and not isinstance(text, str):
            raise QueryError(f"expect's labels must be text or None, got {type(text).__name__}")
        (occurrence,) = occurrence_ids("expect", [key])
        each[occurrence] = " ".join(composed(text).split()) or None if text else None
    if not isinstance(predicted, Mapping):
        flag = None if predicted is None else arguments.flag("expect_predicted", predicted)
        return Expected(None, predicted=flag, each=each)
    was_predicted = {
        occurrence: arguments.flag("expect_predicted", flag)
        for key, flag in predicted.items()
        for occurrence in occurrence_ids("expect_predicted", [key])
    }
    return Expected(None, each=each, predicted_each=was_predicted)


def _replaced_whole(output: Path, chosen: Callable[[], ExportText]) -> ExportText:
    """``output`` written with the text ``chosen()`` gives, under a temporary name,
    renamed over it when whole (a full disk, Ctrl-C or SIGTERM leaves it as it was);
    taken again while occurrences chosen were gone when read (of one index state)."""
    import shutil

    from sensegrep.files import write_whole
    from sensegrep.storage.state import STATE_READS

    # A link (latest.csv -> batch-3.csv) is written through, as a write in place was:
    # renamed over, it became a file of its own and the file it named stayed old.
    target = output.resolve() if output.is_symlink() else output
    partial = target.with_name(target.name + ".part")
    taken: list[ExportText] = []

    def write(temporary: Path) -> None:
        for _ in range(STATE_READS):
            taken[:] = [chosen()]
            with temporary.open("w", encoding="utf-8") as out:
                out.writelines(taken[0])
            if not taken[0].changed:
                break
        if target.is_file():  # its mode kept (a group-writable file in a shared folder)
            shutil.copymode(target, temporary)

    try:
        write_whole(target, write, temporary=partial)
    except OSError as error:
        # A write names no file (said of the index folder: "idx: the disk is full"),
        # an open the temporary name, which the user never gave: both said of output.
        if error.filename in (None, str(partial)) and error.strerror:
            raise OSError(error.errno, error.strerror, str(output)) from error
        raise
    return taken[0]


# annotation_items's parameters that are not the choice it hands on as keywords.
_NOT_ASKED = ("self", "word", "to")


def _signature(*fixed: str, command: str = "search") -> Any:
    """The keywords of a search (or statistic) method, from the request definition:
    what ``help()`` and notebooks show, though the method takes ``**options``."""
    import inspect

    from sensegrep.request import params_for

    kind = inspect.Parameter
    head = [kind("self", kind.POSITIONAL_OR_KEYWORD)]
    head += [kind(name, kind.POSITIONAL_OR_KEYWORD, default=None) for name in fixed]
    rest = [
        kind(p.name, kind.KEYWORD_ONLY, default=() if p.repeat else p.default)
        for p in params_for("api", command)
        if p.name not in fixed
    ]
    if command != "search":
        return inspect.Signature([*head, *rest])
    return inspect.Signature([*head, *rest, kind("query", kind.KEYWORD_ONLY, default=0)])


SenseIndex.search.__signature__ = _signature("word", "example")  # type: ignore[attr-defined]
SenseIndex.freq.__signature__ = _signature(command="freq")  # type: ignore[attr-defined]
SenseIndex.keywords.__signature__ = _signature(command="keywords")  # type: ignore[attr-defined]
SenseIndex.collocates.__signature__ = _signature(  # type: ignore[attr-defined]
    "word", command="collocates"
)
SenseIndex.sketch.__signature__ = _signature("word", command="sketch")  # type: ignore[attr-defined]
SenseIndex.change.__signature__ = _signature(command="change")  # type: ignore[attr-defined]


def _marked_word(example: str | None) -> str:
    from sensegrep.search.example import parse_example

    return parse_example(example, "").target_word if example else ""


MAX_CONTEXT_SENTENCES = 10  # either side, for paragraph()


def _natural(value: str) -> tuple[int, float, str]:
    """Numbers in numeric order first, then text."""
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value)


def _label_note(by: str, rows: Sequence[CountRow], lines: int) -> list[str]:
    """A count by label that holds predicted labels says they are counted apart; one
    where a line has several labels, or a document several values of the field counted
    by, that its shares add up to more than 100%."""
    from sensegrep.choices import COUNT_KEYS
    from sensegrep.labels.labelling import MULTI_LABEL_NOTE, PREDICTED_APART, PREDICTED_MARK
    from sensegrep.storage.fields import field_name

    if by in COUNT_KEYS and by != "label":
        return []
    if by != "label":  # a metadata field: a document with a list of values
        if sum(row.count for row in rows) <= lines:
            return []
        return [
            f"a document whose {field_name(by)} is a list of values has its lines counted "
            "under each of them, so the shares add up to more than 100%"
        ]
    notes = []
    if any(str(row.value).endswith(PREDICTED_MARK) for row in rows):
        notes.append(PREDICTED_APART.format(what="counted"))
    if sum(row.count for row in rows) > lines:  # a line counted under several labels
        notes.append(MULTI_LABEL_NOTE.format(what="counted"))
    return notes


# What freq --by counts of the tokens but its default, lemma (any other is a field).
FREQ_KEYS = ("form", "pos", "lemma_pos")


def _field_named_like(by: str, storage: Any) -> list[str]:
    """A count by a built-in key (doc, form, label…) on an index whose documents also
    have a metadata field of that name says which it counted: a field called "doc" or
    "label" in the input was counted as document ids or sense labels, unsaid."""
    from sensegrep.choices import COUNT_KEYS

    if by not in COUNT_KEYS or by not in storage.field_names():
        return []
    return [
        f"counted by {by}, the built-in key; the documents also have a metadata field "
        f"{by!r}: --count meta:{by} counts by it"
    ]


def _none_written(
    by: str, rows: Sequence[CountRow], sizes: dict[str | None, int] | None
) -> list[str]:
    """A count by a field some of whose documents have the value written "(none)" says
    that their lines are in the (none) row with those of documents without the field,
    which `--where FIELD=(none)` does not take (its 3 lines there listed 1)."""
    from sensegrep.search.arrange import NONE, none_written_note

    if not sizes or not sizes.get(NONE) or all(row.value != NONE for row in rows):
        return []
    return [none_written_note(by)]


def _case_variants(by: str, rows: Sequence[CountRow]) -> list[str]:
    """A count by a metadata field whose rows' values differ only in case says so."""
    from sensegrep.choices import COUNT_KEYS
    from sensegrep.search.arrange import case_variants_note
    from sensegrep.storage.fields import field_name

    if by in COUNT_KEYS:
        return []
    return case_variants_note(field_name(by), (row.value for row in rows))


def _no_sense(by: str, rows: Sequence[CountRow]) -> list[str]:
    """A count by sense with a "(none)" row says why those lines have no sense: their
    tokens have no sense vector (a bare "the (none)" row read as a failure, or as a
    sense the word has)."""
    from sensegrep.search.arrange import SenseValue

    if by != "sense":
        return []
    none = [r for r in rows if isinstance(r.value, SenseValue) and r.value.sense is None]
    if not none:
        return []
    n = sum(row.count for row in none)
    lemmas = ", ".join(sorted({row.value.lemma for row in none}))  # type: ignore[union-attr]
    return [
        f"{n:,} of the lines counted have no sense ({lemmas} (none)): their tokens have no "
        "sense vector, which tokens not tagged as content words (function words, "
        "interjections, punctuation) never get; on a text-only index or one of chosen "
        "words, `sensegrep vectors add WORD` gives a word's content-word tokens theirs"
    ]


def _refuse_ranking_uncounted(request: Any) -> None:
    """A ranking option beside a count of every match would change nothing, silently
    (issue 23: `--label river --count right1` counted every line, river or not; `--like
    277 --count genre` counted every line but 277, its ranking dropped unsaid)."""
    if request.any_word:
        return  # its k nearest usages of any word: the ranking chooses them
    given = [
        (request.example or request.examples, "--example"),
        (request.like, "--like"),
        (request.unlike, "--unlike"),
        (request.unlike_examples, "--unlike-example"),
        (request.label, "--label"),
        (request.gloss, "--gloss"),
    ]
    ranking = next((flag for value, flag in given if value), None)
    if ranking is not None:
        # A sample is drawn before ranking: its lines are counted, not every match.
        counted = "a count of a --sample's lines" if request.sample else "a count of every match"
        raise QueryError(
            f"{counted}: {ranking} only ranks, so it changes nothing here; "
            f"add -k N to count the N best, or narrow the matches (--where, --sense, --cql)"
        )


def _check_export_choice(
    to: str,
    balanced: int | None,
    by: str | None,
    sample: int | None,
    seed: int | None,
    senses_run: int | None,
    options: Sequence[str] | None,
    good_examples: bool,
) -> None:
    """A QueryError for an export option given where it changes nothing (only given
    ones: the defaults are None), saying what it needs, or with a value it does not
    take (from Python: ``to="xml"`` raised a KeyError, ``by="lemma"`` balanced by sense)."""
    from sensegrep.choices import EXPORT_FORMATS

    if to not in EXPORT_FORMATS:
        raise QueryError(f"--to {to}: expected one of {', '.join(EXPORT_FORMATS)}")
    if by is not None and by not in ("sense", "label"):
        raise QueryError(f"--by {by}: expected sense or label (what --balanced balances over)")
    if by is not None and not balanced:
        raise QueryError(f"--by {by} only applies with --balanced N (what it balances over)")
    if seed is not None and not (balanced or sample):
        raise QueryError("--seed only applies with --sample N or --balanced N (a random draw)")
    if seed is not None and good_examples:
        raise QueryError(
            "--seed changes nothing with --good-examples (the best examples are taken, not a "
            "random draw): leave out one of them"
        )
    if options is not None and to != "prodigy":
        raise QueryError(
            f"--options only applies with --to prodigy (the choices its tasks offer): a {to} "
            "file has no place for them; leave it out (the annotators' tool offers its labels)"
        )
    # The sense run is used to balance by sense, to offer Prodigy its senses as
    # choices (no --options given) and to score --good-examples.
    balances_senses = bool(balanced) and (by or "sense") == "sense"
    offers_senses = to == "prodigy" and not options
    if senses_run is not None and not (balances_senses or offers_senses or good_examples):
        raise QueryError(
            f"--senses {senses_run} only applies with --balanced N --by sense, "
            "--good-examples, or --to prodigy without --options (the run whose senses they use)"
        )


def _check_senses_offered(
    storage: Index,
    word: str,
    to: str,
    senses_run: int | None,
    options: Sequence[str] | None,
    balanced: int | None,
    by: str | None,
    good_examples: bool,
) -> None:
    """A QueryError for ``--senses RUN`` given only for a Prodigy export's choices of a
    word that has labels: the labels are offered, not the run's senses, and the run
    changed nothing, unsaid (pass 39e). (Balancing by sense or --good-examples use it.)"""
    from sensegrep.export import word_label_choices

    uses_run = (balanced and by != "label") or good_examples  # its senses, or scored by them
    if senses_run is None or to != "prodigy" or options or uses_run:
        return
    labels = word_label_choices(storage, word)
    if labels:
        from sensegrep.senses import word_senses

        shown = ", ".join(labels[:5]) + (", …" if len(labels) > 5 else "")
        # Each of the run's senses, as the choices' ids (a run of 2 was "sense_1_run_1,
        # sense_2_run_1,…", as if it had more; pass 39j).
        clusters = word_senses(storage, word, run=senses_run).clusters
        ids = ",".join(f"sense_{c.number}_run_{senses_run}" for c in clusters)
        raise QueryError(
            f"--senses {senses_run} changes nothing here: a Prodigy export offers the "
            f"labels {word!r} has ({shown}) as its choices, not a run's senses; leave it "
            f"out, or offer the run's senses with --options {ids}"
        )


def _past_the_end(hits: Hits, request: SearchRequest) -> str | None:
    """A page after the last line says so (a Python caller saw an empty list and no
    word, where the command line's header says "no line after 40")."""
    if request.any_word and request.offset and not len(hits) and hits.lines_available is None:
        return _any_word_past_the_end(request.offset)  # (else how many there are, below)
    available = hits.lines_available if hits.lines_available is not None else hits.total
    if len(hits) or not request.offset or not available:
        return None
    return _past_the_lines(request.offset, available, "show")


def _past_the_lines(offset: int, available: int, what: str) -> str:
    """``--offset 50 is past the last of the 24 lines: no line to show`` (or count)."""
    lines = f"{available:,} line{'' if available == 1 else 's'}"
    # The offset as typed (no thousands separator), for a front end to respell as its own.
    return f"--offset {offset} is past the last of the {lines}: no line to {what}"


def _any_word_past_the_end(offset: int) -> str:
    """An any-word page after the last usage it finds: it has no total to name, and was
    said to have "0 matches for any word used in that sense", of a search with lines."""
    return (
        f"--offset {offset} is past the last of the usages of any word near the usage: no "
        "line to show (a smaller --offset shows them)"
    )


def _sense_of(
    request: SearchRequest, runs: Sequence[SenseRun], hits: Sequence[Hit] = ()
) -> tuple[int | None, int | None]:
    """The sense a request keeps (``sense``) and the stored run its number is of (None:
    induced for one request, or several words' runs), so that every front end can name
    the clustering a total is of, a page without lines included."""
    if request.sense is None:
        return None, None
    if len(runs) == 1:
        return request.sense, runs[0].id
    found = {hit.sense_run for hit in hits}
    return request.sense, found.pop() if len(found) == 1 else None


def _languages_left(removal: Removal, before: list[str], after: list[str]) -> Removal:
    """``removal`` with the languages no text of is left, and the language its queries
    are read in from now on where that changed (an index's one language, else English)."""
    reading = [langs[0] if len(langs) == 1 else "en" for langs in (before, after)]
    changed = (reading[0], reading[1]) if reading[0] != reading[1] else None
    return replace(removal, languages_gone=[x for x in before if x not in after], reading=changed)


def _names_indexed(index: Any, sources: Sequence[str]) -> dict[str, str]:
    """Of these sources, unknown as names, those that are the path of a file indexed under
    another name (a file given inside a folder is named relative to it): {given: name}."""
    from sensegrep.indexer.pipeline import content_digests, location

    # A name with a NUL is no path (realpath raises ValueError): unknown, as it is.
    paths = {source: location(Path(source)) for source in sources if "\0" not in source}
    names = index.file_names_at(set(paths.values()))
    found = {s: names[p] for s, p in paths.items() if names.get(p, s) != s}
    for source in paths.keys() - found.keys():
        # A file renamed since (or a copy): its content is indexed under its first name,
        # as `index` said when it read it again.
        try:  # a regular file only: a FIFO's read would block
            if not Path(source).is_file():
                continue
            digests = sorted(content_digests(Path(source)))
            name = next(filter(None, map(index.file_with_content, digests)), None)
        except (OSError, ValueError):
            continue
        if name is not None and name != source:
            found[source] = name
    for source in paths.keys() - found.keys():
        # A name's last parts, no path from here (`--source extra.conllu` for
        # corpus/extra.conllu): named when one file's name ends so (pass 39e).
        ending = index.file_names_ending(source) if not Path(source).exists() else []
        if len(ending) == 1:
            found[source] = ending[0]
    return found


def _manifest_stamp(folder: Path) -> tuple[int, int, int] | None:
    """What changes when the manifest is rewritten: its inode, size and time."""
    from sensegrep.storage.manifest import MANIFEST_NAME

    try:
        found = (folder / MANIFEST_NAME).stat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def _within_paragraph(found: dict[str, Any]) -> tuple[str, str]:
    """The text of an occurrence window (``storage.occurrence_window``) before and after
    the occurrence's sentence, each cut at its paragraph's blank lines in any line ends
    (CRLF, a lone CR), as the tagger cuts them: "\\n\\n" alone showed a CRLF file's next
    paragraph as this one."""
    from sensegrep.tagger import paragraph_breaks

    text = found["window"]
    before = text[: found["sentence_start"]]
    after = text[found["sentence_end"] :]
    breaks = paragraph_breaks(before)
    if breaks:
        before = before[breaks[-1][1] :]
    breaks = paragraph_breaks(after)
    if breaks:
        after = after[: breaks[0][0]]
    return before, after


def _pattern_values(options: dict[str, Any]) -> dict[str, Any]:
    """A statistic's pattern with its documents (``where``, ``doc``) as a search reads
    them: what its notes count the pattern's matches under (``freq --cql '[pos="AUX"]'
    --where genre=news`` counted those of the whole index, pass 38i)."""
    asked = {k: options[k] for k in ("where", "doc") if options.get(k)}
    return {"cql": options["cql"], **_request_values("", None, asked)}


def _warn_notes(said: Iterable[str | None]) -> None:
    """Each note of ``said`` as a SensegrepNote warning, at the caller of
    :meth:`SenseIndex.label` (past its in_keywords wrapper)."""
    import warnings

    from sensegrep.errors import SensegrepNote

    for note in filter(None, said):
        warnings.warn(note, SensegrepNote, stacklevel=4)
