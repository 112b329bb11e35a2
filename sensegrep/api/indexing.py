"""Indexing files into an index, locally or on Ray."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder
    from sensegrep.indexer.pipeline import IndexReport
    from sensegrep.storage import Index


_ENCODER_SETTINGS = ("layers", "pooling", "projection", "precision", "adapter")


def add(
    path: str | Path,
    inputs: str | Path | Iterable[str | Path],
    *,
    model: str | None = None,
    lang: str = "en",
    progress: bool | None = False,
    on_error: Any = None,
    embedder: Embedder | None = None,
    db: str | None = None,
    ray: str | None = None,
    workers: int = 1,
    cpus_per_worker: float = 1.0,
    **options: Any,
) -> IndexReport:
    """Index ``inputs`` into the index at ``path`` (see :func:`build`); the report.
    ``tagger``: what tokenises and tags plain text and JSONL ("spacy", "none"; default
    spaCy for English, simplemma otherwise), ``parse``: spaCy's dependency parser too.
    ``ray``: read and embed on Ray (``"local"`` starts a local instance, else the
    cluster's address) with ``workers`` actors of ``cpus_per_worker`` CPUs each; the
    index is the one a local run makes."""
    from sensegrep.embedder import embedder_for
    from sensegrep.indexer.pipeline import IndexOptions
    from sensegrep.storage import Index, recorded_encoder

    settings = {key: options.pop(key) for key in _ENCODER_SETTINGS if key in options}
    vectors = options.pop("vectors", None)
    unknown = set(options) - set(IndexOptions.__dataclass_fields__)
    if unknown:
        raise QueryError(f"unknown indexing option(s): {', '.join(sorted(unknown))}")
    if ray is not None:  # say that ray is missing before loading a model
        from sensegrep.indexer.distributed import import_ray

        import_ray()
    indexer_options = IndexOptions(lang=lang, progress=progress, **options)
    embedder = embedder or embedder_for(recorded_encoder(path), model, **settings)
    paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    with Index.open_for_writing(Path(path), embedder.config, vectors, db=db) as writing:
        indexer = _indexer(
            writing, embedder, indexer_options, on_error, (ray, workers, cpus_per_worker)
        )
        return indexer.run(paths)


def _indexer(
    writing: Index,
    embedder: Embedder,
    options: Any,
    on_error: Any,
    cluster: tuple[str | None, int, float],
) -> Any:
    """The local Indexer, or the Ray one when an address is given."""
    address, workers, cpus = cluster
    if address is None:
        from sensegrep.indexer.pipeline import Indexer

        return Indexer(writing, embedder, options, on_error=on_error)
    from sensegrep.indexer.distributed import ClusterOptions, RayIndexer

    return RayIndexer(writing, embedder, options, on_error, ClusterOptions(address, workers, cpus))
