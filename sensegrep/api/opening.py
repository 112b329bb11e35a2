"""Opening an index, and building one from files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.api.index import SenseIndex
from sensegrep.api.indexing import add

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder


def open(
    path: str | Path,
    *,
    lang: str | None = None,
    embedder: Embedder | None = None,
    db: str | None = None,
    lease: bool = True,
) -> SenseIndex:
    """Open an existing index to read (and label). Use it as a context manager.
    ``lang``: the language its queries are in (default: the index's, when its text is
    in one language, else English).
    ``embedder``: an encoder already loaded, instead of loading the index's own. ``db``:
    the PostgreSQL URL of an index kept on a server (default: SENSEGREP_DB, else the URL
    its manifest recorded, without password). ``lease=False``: reading writes nothing
    into the index's folder, not even the lease that keeps the shard files a compaction
    merges away until this reader closes (``serve --read-only``); its vectors are then
    located again by id after such a compaction."""
    from sensegrep.api import arguments
    from sensegrep.storage import Index

    folder = arguments.path("path", path)
    lang = None if lang is None else arguments.word("lang", lang)  # None: the index's
    if lang is not None:
        _check_query_language(lang)
    db = arguments.text("db", db, optional=True)
    lease = arguments.flag("lease", lease)
    return SenseIndex(Index.open(folder, db=db, lease=lease), lang=lang, embedder=embedder, db=db)


def _check_query_language(lang: str) -> None:
    """Refuse a query language simplemma has no dictionary for: the index opened, and
    its first search raised simplemma's ValueError (Azerbaijani's az, pass 37g)."""
    import simplemma

    from sensegrep.errors import SensegrepError

    try:
        simplemma.lemmatize("test", lang=lang)
    except ValueError:
        raise SensegrepError(
            f"lang={lang!r}: simplemma, which reads a query's words as lemmas, has no "
            f"dictionary for {lang!r}; leave lang out (the index's language, or English) "
            "and search by the lemmas its files give, or by form"
        ) from None


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
    options (``format``, ``all_tokens``, ``on_duplicate``, ``max_file_mb``, ``tagger``,
    ``parse``) are those of ``sensegrep index``; ``vectors_for="none"`` builds a text-only
    index (no encoder is loaded: concordances, CQL, counts and labels, no sense
    ranking). Bad inputs are collected in ``SenseIndex.last_report.errors`` (and passed
    to ``on_error``), never raised: the rest is indexed."""
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
    # Its queries read as the index reads them, as its notes say (lang is its text's: an
    # index given French text beside German reads them as English, and a French one of
    # CoNLL-U files alone records no language): it read them in lang, unsaid.
    index = open(path, db=db)
    index.last_report = report
    return index
