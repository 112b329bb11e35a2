"""Indexing files into an index, locally or on Ray."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.api import arguments
from sensegrep.api.spelling import INDEX, in_keywords
from sensegrep.errors import IndexMismatchError, QueryError, SensegrepError

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder
    from sensegrep.indexer.pipeline import IndexReport
    from sensegrep.storage import Index


_ENCODER_SETTINGS = ("layers", "pooling", "projection", "precision", "adapter", "runtime")


@in_keywords(INDEX)
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
    vectors_for: str | None = None,
    **options: Any,
) -> IndexReport:
    """Index ``inputs`` into the index at ``path`` (see :func:`build`); the report.
    ``tagger``: what tokenises and tags plain text and JSONL ("spacy", "none"; default
    spaCy for English, simplemma otherwise), ``parse``: spaCy's dependency parser too.
    ``ray``: read and embed on Ray (``"local"`` starts a local instance, else the
    cluster's address) with ``workers`` actors of ``cpus_per_worker`` CPUs each; the
    index is the one a local run makes. ``vectors_for``: ``"all"`` embeds the content
    words (a new index's default), ``"none"`` makes a text-only index (no encoder is
    loaded); None keeps the index's recorded choice, and the other one is refused."""
    from sensegrep.embedder import embedder_for
    from sensegrep.indexer.pipeline import IndexOptions
    from sensegrep.storage import Index, recorded_encoder
    from sensegrep.storage.manifest import TEXT_ONLY_ENCODER, recorded_vectors_for

    path = arguments.path("path", path)
    inputs = arguments.paths("inputs", inputs)
    model = arguments.text("model", model, optional=True)
    lang = arguments.word("lang", lang)
    db = arguments.text("db", db, optional=True)
    ray = arguments.text("ray", ray, optional=True)
    workers = arguments.whole("workers", workers, least=1)
    cpus_per_worker = arguments.number("cpus_per_worker", cpus_per_worker)
    if cpus_per_worker <= 0:
        raise QueryError(f"cpus_per_worker must be a number > 0, got {cpus_per_worker!r}")
    _refuse_a_new_empty_index(path, inputs)
    _refuse_a_language_of_no_dictionary(inputs, lang, options.get("format"))
    settings = {key: options.pop(key) for key in _ENCODER_SETTINGS if key in options}
    vectors = options.pop("vectors", None)
    unknown = set(options) - set(IndexOptions.__dataclass_fields__)
    if unknown:
        raise QueryError(f"unknown indexing option(s): {', '.join(sorted(unknown))}")
    text_only = _text_only(path, vectors_for)
    if text_only:
        asked = [k for k, v in {"model": model, "vectors": vectors, **settings}.items() if v]
        if asked or embedder is not None or ray is not None:
            # Named as the other indexing messages name them (the command line's flags):
            # "leave out model" read as no option at all.
            flags = [f"--{name}" for name in asked]
            what = ", ".join(flags) or ("--ray" if ray is not None else "an encoder")
            raise QueryError(
                f"a text-only index (--vectors-for none) embeds nothing: leave out {what}"
            )
        paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
        config = recorded_encoder(path) or TEXT_ONLY_ENCODER
        # Checked before the folder is made: a refused --parse left an empty index.
        indexer_options = IndexOptions(lang=lang, progress=progress, **options)
        with Index.open_for_writing(Path(path), config, db=db, vectors_for="none") as writing:
            indexer = _indexer(writing, None, indexer_options, on_error, (None, 1, 1.0))
            return indexer.run(paths)
    if ray is not None and recorded_vectors_for(path) == "chosen":
        raise QueryError(
            f"{path} has vectors for chosen words: index into it without --ray "
            "(its new documents get vectors for those words only)"
        )
    if ray is not None:  # say that ray is missing before loading a model
        from sensegrep.indexer.distributed import import_ray

        import_ray()
    indexer_options = IndexOptions(lang=lang, progress=progress, **options)
    embedder = embedder or embedder_for(recorded_encoder(path), model, **settings)
    paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    with Index.open_for_writing(
        Path(path), embedder.config, vectors, db=db, vectors_for=vectors_for
    ) as writing:
        indexer = _indexer(
            writing, embedder, indexer_options, on_error, (ray, workers, cpus_per_worker)
        )
        report = indexer.run(paths)
    if report.occurrences:
        report.encoder_note = english_encoder_note(embedder.config.model, lang)
    return report


# The shipped encoders, whose weights and sense projections were trained on English
# (sentence-transformers' English fine-tunes, SemCor, ELMo on SemCor's text): their
# vectors of other languages' words were never measured here.
ENGLISH_ENCODERS = ("mpnet", "minilm", "elmo-small")


def english_encoder_note(model: str, lang: str | None) -> str | None:
    """What a user of senses in another language than English must know about one of
    the shipped encoders (None: English, or a model of the user's own)."""
    if lang in (None, "en") or model not in ENGLISH_ENCODERS:
        return None
    return (
        f"the {model} encoder was trained on English (its sense projection on SemCor): "
        f"its sense vectors of --lang {lang} text were never measured, so senses, "
        "ranked searches and compare may sort its usages poorly (concordances, "
        "patterns and statistics do not use them); a multilingual model in a local "
        "folder (--model DIR) suits such text better"
    )


def _refuse_a_new_empty_index(path: str | Path, inputs: str | Path | Iterable[str | Path]) -> None:
    """No index is made from inputs none of which exists (a mistyped path made an empty
    index, whose encoder and settings the next, right, command then had to match)."""
    from sensegrep.storage import recorded_encoder

    paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    if not paths or recorded_encoder(path) is not None or any(Path(p).exists() for p in paths):
        return
    shown = ", ".join(str(p) for p in paths[:5]) + (" …" if len(paths) > 5 else "")
    missing = f"{shown} does not exist" if len(paths) == 1 else f"none of {shown} exists"
    raise QueryError(f"{missing}: nothing was indexed, and no index was made at {path}")


def _refuse_a_language_of_no_dictionary(
    inputs: str | Path | Iterable[str | Path], lang: str, fmt: str | None
) -> None:
    """A --lang simplemma has no dictionary for (zh, ja) is refused before the index
    folder is made where plain text or JSONL is among the inputs: it was refused only
    when the first such file was read, which left an empty index behind (pass 37d).
    CoNLL-U, VRT and Raganato files, read in any language, are not refused."""
    from sensegrep.text import check_language

    try:
        check_language(lang)
    except SensegrepError:
        if _holds_text(inputs, fmt):
            raise


def lang_names_script(script: str) -> bool:
    """Whether some --lang names a language written in ``script`` (as an index report's
    files_other_script names it: "Greek", "Cjk"…): simplemma has dictionaries of Greek,
    Cyrillic, Arabic, Hebrew… languages, of none written in Chinese, Japanese or Thai."""
    from sensegrep.text import LEMMATISED_SCRIPTS

    return script in LEMMATISED_SCRIPTS


def _holds_text(inputs: str | Path | Iterable[str | Path], fmt: str | None) -> bool:
    """Whether plain text or JSONL is among ``inputs`` (files, or folders' files), read
    as ``fmt`` or as their extensions or first lines tell."""
    from sensegrep.indexer.readers import TEXT_FORMATS, detected_format, iter_files

    if fmt is not None:
        return fmt in TEXT_FORMATS
    paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    for file, _name in iter_files([p for p in paths if p.exists()]):
        try:
            if detected_format(file)[0] in TEXT_FORMATS:
                return True
        except SensegrepError:  # no format tells it: the run says so of the file
            continue
    return False


def _text_only(path: str | Path, asked: str | None) -> bool:
    """Whether this run makes (or adds to) a text-only index: ``asked`` (None: the
    index's recorded choice, else "all"); asking for the other choice than the index's
    own is refused before any encoder is loaded."""
    from sensegrep import choices
    from sensegrep.storage.manifest import recorded_vectors_for, vectors_for_mismatch

    if asked is not None and asked not in choices.VECTORS_FOR:
        raise QueryError(_vectors_for_refusal(asked))
    found = recorded_vectors_for(path)
    if asked is not None and found is not None and asked != found:
        raise IndexMismatchError(vectors_for_mismatch(path, found))
    return (asked or found) == "none"


def _vectors_for_refusal(asked: Any) -> str:
    """Why ``vectors_for`` is refused; for a list of words, which the name reads as
    taking, how chosen words get vectors: a text-only index, then ``add_vectors``."""
    from sensegrep import choices

    said = f"vectors_for takes one of {', '.join(choices.VECTORS_FOR)}, not {asked!r}"
    listed = isinstance(asked, (list, tuple)) and all(isinstance(w, str) for w in asked)
    words = list(asked) if listed else choices.chosen_words(asked, choices.VECTORS_FOR)
    if not words:
        return said
    return (
        f"{said}: for vectors of chosen words, build with vectors_for='none', then add "
        f"theirs: idx.add_vectors({list(words)!r})"
    )


def _indexer(
    writing: Index,
    embedder: Embedder | None,
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
