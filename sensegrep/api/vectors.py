"""Vectors for chosen words: ``sensegrep vectors add`` and ``vectors status``.

A text-only index (``index --vectors-for none``) is searchable in minutes; the words a
user studies then get their sense vectors, and only they pay the encoder's time. The
first add records the encoder (and codec, and whether every token or the content words
get vectors) in the index, which becomes one with vectors for chosen words; a later add
with other settings is refused as ``index`` refuses them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.embedder.base import Embedder
    from sensegrep.indexer.vectors import VectorReport

_ENCODER_SETTINGS = ("layers", "pooling", "projection", "precision", "adapter", "runtime")


def add_vectors(
    path: str | Path,
    words: str | Iterable[str] = (),
    *,
    every: bool = False,
    pos: str | Iterable[str] = (),
    min_count: int = 1,
    model: str | None = None,
    vectors: str | None = None,
    all_tokens: bool | None = None,
    lang: str = "en",
    progress: bool | None = False,
    db: str | None = None,
    embedder: Embedder | None = None,
    batch_vectors: int | None = None,
    on_encoder: Callable[[], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    **settings: Any,
) -> VectorReport:
    """Give the lemmas of ``words`` (a form stands for its lemma, as in a search), or
    ``every`` lemma, or those with at least ``min_count`` tokens (tagged one of ``pos``,
    when given), their sense vectors in the index at ``path``: the vectors an index built
    with them all at once holds, for the tokens it gives them to (content words, or
    every token with ``all_tokens``). Each sentence that holds such tokens is embedded
    once; batches are committed as they are done, so a killed run is finished by
    running it again. On a text-only index, ``model``, ``vectors`` (the codec) and the
    encoder ``settings`` (``layers``, ``pooling``, ``projection``, ``precision``,
    ``adapter``) choose the encoder as ``index`` does and are recorded; later adds take
    the recorded ones and refuse others. ``progress``: a bar with an ETA on stderr
    (None: on a terminal). ``on_encoder``: called once the encoder is loaded;
    ``on_progress(done, total)``: with the tokens to embed, then after each batch."""
    from sensegrep.embedder import embedder_for
    from sensegrep.indexer.vectors import VectorReport
    from sensegrep.indexer.vectors import add_vectors as embed_chosen
    from sensegrep.storage import Index

    unknown = set(settings) - set(_ENCODER_SETTINGS)
    if unknown:
        # Named as search names an unknown keyword: "encoder option" hid that min_cout
        # was a misspelt min_count, and listed none of the keywords taken.
        import inspect

        known = [*inspect.signature(add_vectors).parameters, *_ENCODER_SETTINGS]
        known = sorted(set(known) - {"path", "words", "settings"})
        raise QueryError(
            f"unknown parameter {sorted(unknown)[0]!r}; expected one of {', '.join(known)}"
        )
    selection = _selection(words, every, pos, min_count)
    folder = Path(path)
    with Index.open(folder, db=db) as reading:
        manifest = reading.manifest
    recorded = manifest.embedder if manifest.has_vectors else None
    embedder = embedder or embedder_for(recorded, model, **settings)
    if on_encoder is not None:
        on_encoder()
    with Index.open_for_writing(folder, manifest.embedder, db=db) as writing:
        plan = None
        if not manifest.has_vectors:
            # A text-only index keeps no encoder when nothing would get a vector (words
            # not in it, a selection of none): a typo must not fix its encoder for good.
            # Its tokens are then all_tokens' (take_encoder records it): one plan serves.
            plan = selection.plan(writing, bool(all_tokens), lang)
            if not plan.lemmas:
                report = VectorReport(plan.lemmas, plan.without_tokens, plan.unknown)
                report.notes = _none_chosen(report, selection)
                return report
        chosen_all_tokens = writing.take_encoder(embedder.config, vectors, all_tokens)
        report = embed_chosen(
            writing,
            embedder,
            selection,
            chosen_all_tokens,
            lang=lang,
            progress=progress,
            batch_vectors=batch_vectors,
            on_progress=on_progress,
            plan=plan,
        )
        # Before the writer closes: the lemmas with vectors now.
        complete = writing.complete_lemmas() if writing.manifest.chosen else None
    report.notes = [
        *_written_otherwise(report.written_otherwise, complete),
        *_none_chosen(report, selection),
    ]
    return report


def _none_chosen(report: VectorReport, selection: Any) -> list[str]:
    """Why a choice by --pos/--min-count gave no lemma vectors where no tag or function
    word says it: `vectors add --pos VERB --min-count 2` said "vectors for 0 lemma(s)",
    exit 0, and nothing of none having 2 tokens so tagged (pass 36q)."""
    if report.lemmas or report.without_tokens or selection.words or selection.every:
        return []
    tagged = f" tagged {' or '.join(selection.pos)}" if selection.pos else ""
    asked = " ".join(
        [*(f"--pos {tag}" for tag in selection.pos), f"--min-count {selection.min_count}"]
    )
    return [
        f"no lemma has {selection.min_count:,} or more tokens{tagged} that get a vector "
        f"({asked}), so none was chosen"
    ]


def _written_otherwise(written: dict[str, dict[str, int]], complete: set[str] | None) -> list[str]:
    """For each word taken as a lemma of its own (``played``) whose form other tokens
    have with another lemma still without vectors (play): a note saying so, as a search
    of the word says (the add's figures read as every token written so having them).
    ``complete``: the lemmas with vectors (None: every lemma has them)."""
    from sensegrep.storage.runs import lemma_key

    if complete is None:
        return []
    notes = []
    for word, lemmas in written.items():
        rows = [(k, n) for k, n in lemmas.items() if lemma_key(k) not in complete]
        found = sum(n for _k, n in rows)
        if not found:
            continue
        shown = ", ".join(f"{k}: {n:,}" for k, n in rows[:3])
        more = ", …" if len(rows) > 3 else ""
        named = " ".join(k for k, _n in rows)  # every lemma counted, not those shown
        one = found == 1
        notes.append(
            f"{found:,} more token{'' if one else 's'} {'is' if one else 'are'} written "
            f"{word!r} with another lemma ({shown}{more}), which got no vectors (vectors "
            f"go by lemma): `sensegrep vectors add {named}` gives them theirs"
        )
    return notes


def _selection(
    words: str | Iterable[str], every: bool, pos: str | Iterable[str], min_count: int
) -> Any:
    from sensegrep.indexer.vectors import VectorSelection

    asked = [words] if isinstance(words, str) else [str(w) for w in words]
    asked = [w for w in asked if w.strip()]
    # One tag as text, pos="NOUN", is that tag (its letters were four tags of none)
    pos = [pos] if isinstance(pos, str) else [str(p) for p in pos]
    if min_count < 1:
        raise QueryError(f"min_count must be at least 1, not {min_count}")
    if not (asked or every or pos or min_count > 1):
        raise QueryError("name the words to give vectors (or --all, --pos, --min-count)")
    if asked and (pos or min_count > 1):
        raise QueryError(
            "name the words, or choose lemmas by --pos/--min-count, not both (the words "
            "would not be filtered by them)"
        )
    if every and (asked or pos or min_count > 1):
        raise QueryError(
            "--all gives every lemma vectors: leave out the words, --pos and --min-count"
        )
    return VectorSelection(asked, every, pos, min_count)


def vector_status(path: str | Path, *, top: int = 20, db: str | None = None) -> dict[str, Any]:
    """How much of the index at ``path`` has sense vectors: ``vectors_for`` (all, none
    or chosen), the encoder, ``lemmas`` and ``lemmas_with_vectors``, ``tokens`` and
    ``occurrences`` (tokens with a vector) and their ratio ``embedded_share``, the
    ``top`` lemmas with vectors by occurrences (``top_lemmas``) and those begun but not
    finished (``in_progress``): the fields of ``sensegrep vectors status --json``."""
    from sensegrep.storage import Index

    with Index.open(Path(path), db=db) as index:
        return index.vector_status(top)
