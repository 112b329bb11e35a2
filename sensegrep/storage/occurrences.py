"""Reading occurrences: which occurrences a word has (by lemma or form, filtered),
where their vectors are and the vectors themselves, and the text around them (concordance
lines, the tokens of their sentences). Shared by search, senses, labels and export.

A read locates vectors by (shard, row); a compaction running at the same time may merge
those shards away. Their files are retired, not deleted, while the reader's lease is
live (storage/leases.py), so the read takes its vectors from the files it located them
in. Only a reader without a live lease (a read-only folder, a lease expired or removed)
finds them gone: ``vectors_of`` then locates them again by id, and :func:`retry_stale`
runs a whole read again when the occurrences themselves were removed meanwhile.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import Text, cast, func, literal, select

from sensegrep.arrays import distinct
from sensegrep.errors import NoVectorsError, QueryError, SensegrepError
from sensegrep.storage import (
    checking,
    fields,
    labels,
    leases,
    patterns,
    schema,
    token_store,
    vector_lemmas,
)
from sensegrep.storage.handles import Handles
from sensegrep.storage.manifest import no_vectors_message
from sensegrep.storage.runs import lemma_key
from sensegrep.storage.sql import (
    form_of,
    id_list,
    in_sentence,
    lemma_of,
    pos_of,
    run,
    vocab_ids,
)
from sensegrep.text import composed, key_spellings, spellings, unspaced_script, wildcard_hint
from sensegrep.text import lemma_of as lemma_of_word

# How many reads had to locate their vectors again by id (the fallback without a lease).
COUNTERS = {"relocations": 0}


class StaleRead(SensegrepError):
    """What a read was based on changed under it (a concurrent compaction merged the
    shards it located its vectors in): reading again sees the new state."""


_Read = TypeVar("_Read", bound=Callable[..., Any])


def retry_stale(read: _Read) -> _Read:
    """Run a whole read again (up to 3 times) when a concurrent indexing run removed
    occurrences it had located and then compacted their shards away: a rare race that
    relocating vectors by id cannot mend, since those occurrences no longer exist."""

    @functools.wraps(read)
    def again(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(3):
            try:
                return read(*args, **kwargs)
            except StaleRead:
                if attempt == 2:
                    raise
        return None  # not reached

    return again  # type: ignore[return-value]


@dataclass
class Candidates:
    """The occurrences a query may return, in corpus order."""

    ids: np.ndarray
    shard_ids: np.ndarray
    rows: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, positions: np.ndarray) -> Candidates:
        return Candidates(self.ids[positions], self.shard_ids[positions], self.rows[positions])


@dataclass
class OccurrenceContext:
    id: int
    doc: str
    start: int
    end: int
    form: str
    lemma: str
    pos: str | None
    label: str | None
    sentence: str
    left: str
    right: str
    metadata: dict[str, Any] = field(default_factory=dict)
    # Whether ``label`` is a prediction of ``classify --apply`` (not an input or hand label).
    label_predicted: bool = False


@dataclass
class SentenceToken:
    id: int
    form: str
    lemma: str
    pos: str | None
    start: int  # relative to the sentence
    end: int
    is_target: bool
    tag: str | None = None  # fine-grained tag (XPOS, Penn), when the index has them
    deprel: str | None = None  # dependency relation, when parsed (its root's too)
    head_id: int | None = None  # the head's token id (None: a root, or not parsed)


@dataclass
class Filters:
    pos: Sequence[str] = ()
    where: Sequence[tuple[str, str]] = ()
    docs: Sequence[str] = ()


def occurrences_of(
    handles: Handles,
    word: str,
    *,
    lang: str = "en",
    by_form: bool = False,
    filters: Filters | None = None,
    first: int | None = None,
    form_choice: bool = False,
    every_token: bool = False,
) -> tuple[str, Candidates]:
    """(the lemma or form matched, its occurrences in corpus order; only the ``first``
    that pass the filters, when given). ``every_token``: every token of the word, with a
    sense vector or not (a plain concordance, which reads no vector; see
    :func:`candidates`); else its occurrences, the tokens with a vector.

    By lemma, an inflected word ("banks") falls back to the lemma the indexer would have
    given it. No occurrences is a QueryError: every caller would report it the same way,
    suggesting --form only where the caller offers it (``form_choice``: search and
    export do; senses and labels, which take a lemma, do not).
    """
    keys: list[str] = []  # those tried
    for key in lookup_keys(word, lang, by_form):
        if not key:
            raise QueryError(EMPTY_WORD)
        keys.append(key)
        found = candidates(handles, key, by_form, filters, first, every_token)
        if len(found):
            return key, found
    if filters is not None and is_filtered(filters):
        # The word occurs, and the filters leave none of it: an empty result, not an
        # error (a filter written wrong is refused before: check_filters).
        for key in keys:
            if len(candidates(handles, key, by_form, None, 1, every_token)):
                return key, found
    form_held = form_choice and not by_form and _form_held(handles, word, lang)
    raise QueryError(_no_occurrences(handles, word, keys, by_form, form_held))


def lookup_keys(word: str, lang: str = "en", by_form: bool = False) -> Iterator[str]:
    """The lookup keys a query word is tried by, in turn: the word case-folded, then, by
    lemma, the lemma the indexer gives an inflected word ("banks": bank; the lemmatiser
    is loaded only when that key is asked for). What a search word and ``--near``'s
    lemma are resolved by."""
    key = word.strip().lower()
    yield key
    if key and not by_form:
        lemma = lemma_of_word(key, lang).lower()
        if lemma != key:
            yield lemma
        # As typed, where a capital tells its lemma (Hungarian Nokia-t, Polish PiS-u:
        # nokia, pis; lower-cased, nokia-t is one word): it said no occurrences (pass 37h).
        typed = lemma_of_word(word.strip(), lang).lower()
        if typed not in (key, lemma):
            yield typed


# What an empty query word is told (a search, senses, labels: every word lookup).
EMPTY_WORD = (
    "an empty word: give the word to search for (or a --cql pattern, or --any-word with "
    "an --example)"
)


def _form_held(handles: Handles, word: str, lang: str) -> bool:
    """Whether some token has ``word`` as its form (then searching by form finds it)."""
    return any(
        key and patterns.word_frequency(handles, "word", key)
        for key in lookup_keys(word, lang, by_form=True)
    )


def _no_occurrences(
    handles: Handles, word: str, keys: list[str], by_form: bool, form_held: bool
) -> str:
    """Why ``word`` has no occurrences, in one line: its tokens have no sense vector (a
    function word, on an index with vectors: only a plain concordance lists those), or
    no token has it (then the nearest words the index holds, as a pattern's word that
    no token has is told). ``form_held``: some token has it as its form, which --form
    would find (advised only then: "try --form" for a word no token has misled)."""
    how = "word form" if by_form else "lemma"
    head = f"no occurrences of {word!r} (by {how}) in {handles.folder}"
    attribute = "word" if by_form else "lemma"
    held = [(key, n) for key in keys if (n := patterns.word_frequency(handles, attribute, key))]
    if held:
        _key, tokens = held[0]
        plain = f"sensegrep search {'--form ' if by_form else ''}{_quoted(word.strip())}"
        return (
            f"{head} with a sense vector: its {tokens:,} token"
            f"{' has' if tokens == 1 else 's have'} none (function words, auxiliaries and "
            f"punctuation get none), so nothing can rank them or put them in a sense; a plain "
            f"concordance "
            f"(`{plain}`, without --example, --like, --label, --gloss or --sense) lists them"
        )
    nearest = patterns.nearest_words(handles, "form" if by_form else "lemma", keys[0])
    shown = f" (nearest: {', '.join(map(repr, nearest))})" if nearest else ""
    hint = "; try --form to search the word form" if form_held else ""
    hint += wildcard_hint(word)
    wanted = not form_held and (unspaced_script(word) or len(word.strip()) >= 3)
    longer = _longer_words(handles, word.strip()) if wanted else []
    inside = f"'[word=\".*{word.strip()}.*\"]'"
    if longer and unspaced_script(word):
        # (index said so in a note, but a search of such a word only said "none"; not
        # said of a word a tokenised file (CoNLL-U) has as a token, or has nowhere)
        hint += (
            "; text written without spaces between words (Chinese, Japanese, Thai…) is "
            f"indexed in phrases, whose words are no tokens: --cql {inside} finds it "
            "inside them"
        )
    elif longer:
        # An Arabic or Hebrew word is written with its article or a preposition on it
        # (مدرسة in المدرسة), which the lemmatiser may not take off: "no occurrences"
        # alone read as "not in the text".
        listed = ", ".join(map(repr, longer[:3])) + (", …" if len(longer) > 3 else "")
        hint += (
            f"; {len(longer):,} longer word{' holds' if len(longer) == 1 else 's hold'} it "
            f"({listed}): --cql {inside} finds {'it' if len(longer) == 1 else 'them'}"
        )
    return head + shown + hint


def _longer_words(handles: Handles, word: str) -> list[str]:
    """The longer word forms of the index that hold ``word`` (in any case): a phrase of
    text written without spaces, or a word with an article or affix written on it."""
    texts = patterns.vocabulary(handles)
    # Composed (NFC) both: a word a file wrote decomposed (MÁV-ot with A and a combining
    # accent) held an "MÁV" typed composed, but was neither counted nor listed (pass 37c).
    key = composed(word).lower()
    ids = [
        i
        for i, text in enumerate(texts)
        if key in (whole := composed(text)).lower() and len(whole) > len(key)
    ]
    if not ids:
        return []
    held = patterns.words_held(handles, "form", ids)
    return sorted({composed(texts[i]) for i, kept in zip(ids, held, strict=True) if kept})


def _quoted(word: str) -> str:
    """``word`` as a shell would take it whole: quoted when it holds more than letters."""
    return word if re.fullmatch(r"[\w'-]+", word) and "'" not in word else json.dumps(word)


def is_filtered(filters: Filters) -> bool:
    """Whether ``filters`` leave anything out."""
    return bool(filters.pos or filters.where or filters.docs)


def check_filters(
    handles: Handles, filters: Filters, within: Sequence[tuple[str, str]] = ()
) -> None:
    """A QueryError, in one line, for a filter that matches nothing because of how it
    is written: ``--pos`` on an index without POS or with a tag no token has, a
    ``--where`` field or value no document has (fields.check_where), a ``--doc`` id
    no document has. A filter that is right but leaves no hit passes. ``within``: a
    pattern's ``within FIELD="VALUE"`` conditions (not in ``filters``), checked as
    ``--where`` is and named as the pattern writes them."""
    if filters.pos:
        check_pos(handles, filters.pos)
    fields.check_where(handles, filters.where)
    fields.check_where(handles, within, within=True)
    if filters.docs:
        _check_docs(handles, filters.docs)


def require_tags(handles: Handles, column: str, what: str) -> None:
    """Refuse ``what`` (an option or a pattern, as the message names it) on an index
    where no token has a value in ``column`` (pos, tag or deprel); nothing when the
    index cannot tell (an older one opened read-only)."""
    if checking.tags_in(handles, column) == []:
        raise QueryError(_no_tags_message(handles, column, what))


_TAG_NAMES = {
    "pos": ("POS tags", "--tagger spacy (English plain text and JSONL)"),
    "tag": ("fine-grained tags", "--tagger spacy (English plain text and JSONL)"),
    "deprel": ("dependency relations", "--tagger spacy --parse"),
}


def _no_tags_message(handles: Handles, column: str, what: str) -> str:
    name, how = _TAG_NAMES[column]
    # CoNLL-U, VRT and Raganato files are never re-tagged: for those, the files need tags.
    return (
        f"{what} needs {name} and {handles.folder} has none (its text was indexed "
        f"with --tagger none or without them, or its files carry none): index plain "
        f"text or JSONL again with {how} into a new --index, or add {name} to the "
        f"CoNLL-U/VRT files themselves (they are never re-tagged)"
    )


def check_pos(handles: Handles, wanted: Sequence[str]) -> None:
    """Refuses a tag ``wanted`` that no token of the index has (a typo), naming its tags."""
    present = checking.tags_in(handles, "pos")
    if present is None:
        return
    if not present:
        raise QueryError(_no_tags_message(handles, "pos", "--pos"))
    upper = {tag.upper() for tag in present}
    missing = [tag for tag in wanted if tag.upper() not in upper]
    if missing:
        several = "; several tags: repeat --pos" if "," in missing[0] else ""
        raise QueryError(
            f"--pos {missing[0]}: no token of {handles.folder} has that part of speech "
            f"(its tags: {', '.join(present)}){several}{_fine_tag_hint(handles, missing[0])}"
            f"{_coarse_hint(handles, missing[0])}"
        )


def _coarse_hint(handles: Handles, tag: str) -> str:
    """Why no token has ``tag`` where the documents' tags were mapped from a tag set
    without it (French TreeTagger's have no AUX): pos_tags.absent_for."""
    from sensegrep import pos_tags

    tag_sets = {row[3] for row in checking.coarse_pos_documents(handles)}
    return pos_tags.absent_for(tag_sets, tag)


def _fine_tag_hint(handles: Handles, tag: str) -> str:
    """What to write for a tag the tokens have as their fine-grained tag (XPOS, a VRT's
    Penn or TreeTagger column), which --pos (UPOS) does not read."""
    fine = {t.upper(): t for t in checking.tags_in(handles, "tag") or []}
    if tag.upper() not in fine:
        return ""
    return (
        f"; {fine[tag.upper()]} is a fine-grained tag (XPOS) of its tokens, which --pos does "
        f'not read: [tag="{fine[tag.upper()]}"] in a --cql pattern matches it'
    )


def id_spellings(docs: Sequence[str]) -> list[str]:
    """The stored spellings a ``--doc`` id may have: as typed, composed and decomposed
    (a file named "café.txt" on macOS has a decomposed id, which "café.txt" typed
    composed was refused as no document's, though the doc column showed just that)."""
    return list(dict.fromkeys(text for doc in docs for text in spellings(doc)))


def _check_docs(handles: Handles, docs: Sequence[str]) -> None:
    d = schema.documents
    with handles.engine.connect() as conn:
        query = select(d.c.ext_id).where(d.c.ext_id.in_(id_spellings(docs)))
        found = set(conn.execute(query).scalars())
        missing = [doc for doc in docs if found.isdisjoint(spellings(doc))]
        if not missing:
            return
        # A plain-text document's id is its file's path: letters/letter04 for
        # letters/letter04.txt is a near miss, named rather than left to guess.
        containing = select(d.c.ext_id).where(d.c.ext_id.icontains(missing[0], autoescape=True))
        near = list(conn.execute(containing.order_by(d.c.ext_id).limit(4)).scalars())
        ends = _ids_ended_with(conn, missing[0])
        # A JSONL key "ID" or "doc_id" is metadata (the id is the key "id"): its value,
        # which the user took for the id, is named with the field that holds it.
        f = schema.document_fields
        holding = select(f.c.field, d.c.ext_id).join(d, d.c.id == f.c.doc_id)
        held = conn.execute(holding.where(f.c.value == missing[0]).limit(1)).first()
        # Several ids in one, as the search page's Document box takes them ("a; b"):
        # one --doc is one id, each of several given on its own.
        parts = [p.strip() for p in re.split(r"[;,]", missing[0]) if p.strip()]
        together = len(parts) > 1 and set(parts) <= set(
            conn.execute(select(d.c.ext_id).where(d.c.ext_id.in_(parts))).scalars()
        )
    more = " …" if len(near) > 3 else ""
    hint = f"; ids that contain it: {', '.join(map(repr, near[:3]))}{more}" if near else ""
    if together:
        hint += (
            f"; it is {len(parts)} ids of the index written together: one --doc takes one "
            "id, so repeat it, once for each"
        )
    if ends:
        hint += f"; ids it ends with: {', '.join(map(repr, ends[:3]))}"
    if held is not None:
        field_name, holder = held
        why = ', a JSONL record\'s id being its key "id"' if "id" in field_name.lower() else ""
        hint += (
            f"; it is a value of the metadata field {field_name!r} (of document {holder!r}"
            f"{why}): --where {field_name}={missing[0]} takes it"
        )
    raise QueryError(
        f"--doc {missing[0]}: no document of {handles.folder} has that id (ids are "
        f"the input's, as in the doc column of search output{hint})"
    )


def _ids_ended_with(conn: Any, typed: str) -> list[str]:
    """The document ids that a file's whole path typed for --doc ends with after a
    folder's separator (/home/me/letters/letter04.txt for letters/letter04.txt, the path
    `index` was given), which the ids that contain it do not find (pass 39a)."""
    name = re.split(r"[\\/]", typed)[-1]
    if name == typed:
        return []
    d = schema.documents
    named = select(d.c.ext_id).where(d.c.ext_id.icontains(name, autoescape=True)).limit(1000)
    return sorted(i for i in conn.execute(named).scalars() if typed.endswith(("/" + i, "\\" + i)))


def require_vectors(
    handles: Handles, what: str, word: str | None = None, lang: str = "en", by_form: bool = False
) -> None:
    """Refuse ``what`` (a command or option, as the message names it) on an index built
    without vectors (``index --vectors-for none``), in one line; and, given the ``word``
    it is for, on an index with vectors for chosen words where that word has none yet
    (the message names the word and ``sensegrep vectors add WORD``)."""
    if not handles.manifest.has_vectors:
        raise NoVectorsError(no_vectors_message(handles.folder, what))
    if word:
        vector_lemmas.require_word_vectors(handles, word, what, lang, by_form)


def candidates(
    handles: Handles,
    word: str,
    by_form: bool = False,
    filters: Filters | None = None,
    first: int | None = None,
    every_token: bool = False,
) -> Candidates:
    """The occurrences of ``word`` (by lemma, or by form), filtered, in corpus order (the
    ``first`` that pass, when given: a concordance's first page filters only as many as
    it needs): its tokens with a vector, located (shard, row). On a text-only index, and
    with ``every_token`` (a plain concordance, which reads no vector), every token of
    the word, vector or not, from the token store, with no shard or row (-1): "the" or
    "have" as an auxiliary has no vector, and a concordance that left them out would
    count only the word's content uses."""
    filters = filters or Filters()
    # On an index with vectors for chosen words, a word without them has every token.
    text_only = every_token or not vector_lemmas.word_has_vectors(handles, word, by_form)
    if text_only and first is not None and token_store.covers_all(handles):
        return _first_text_only(handles, word, by_form, filters, first)
    filtered = bool(filters.pos or filters.where or filters.docs)
    if text_only and filtered and token_store.covers_all(handles):
        return _filtered_text_only(handles, word, by_form, filters)
    if text_only:
        ids = every_token_ids(handles, word, by_form)
        none = np.full(len(ids), -1, dtype=np.int64)
        found = Candidates(ids, none, none.copy())
    elif by_form:
        found = _form_candidates(handles, word)
    else:
        found = _lemma_candidates(handles, word)
    if len(found) and (filters.pos or filters.where or filters.docs):
        found = _filtered(handles, found, filters, first)
    return found


def _filtered_text_only(handles: Handles, word: str, by_form: bool, filters: Filters) -> Candidates:
    """Every token of the word that passes the filters, on a text-only index: straight
    from the inverted lists' positions, each looked up in tables of the passing
    documents and tags (no round trip through token ids)."""
    with handles.engine.connect() as conn:
        words = vocab_ids(conn, lemma_key(word))
    parts = [np.zeros(0, dtype=np.int64)]
    if words:
        doc_table, tag_table = _filter_tables(handles, filters)
        current = token_store.snapshot(handles)
        column = "form" if by_form else "lemma"
        for segment in current.segments:
            positions = segment.positions(column, words)
            sentence = segment.sentence_of(positions)
            ok = np.ones(len(positions), dtype=bool)
            dead = current.dead_sentences(segment)
            if dead is not None:
                ok &= ~dead[sentence]
            if doc_table is not None:
                ok &= _looked_up(doc_table, segment.column("sentence_doc")[sentence])
            if tag_table is not None:
                ok &= _looked_up(tag_table, segment.column("pos")[positions])
            parts.append(segment.token_ids(positions[ok], sentence[ok]))
    ids = np.concatenate(parts)
    none = np.full(len(ids), -1, dtype=np.int64)
    return Candidates(ids, none, none.copy())


def _filter_tables(
    handles: Handles, filters: Filters, documents: np.ndarray | None = None
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Truth tables of the documents and of the POS tags that pass ``filters`` (None:
    that filter is not given); ``documents``: those that pass, when known already."""
    doc_table = tag_table = None
    if filters.where or filters.docs:
        if documents is None:
            documents = _passing_documents(handles, filters)
        doc_table = _truth_table(documents)
    if filters.pos:
        tag_table = _truth_table(_tag_ids(handles, filters.pos))
    return doc_table, tag_table


def candidate_totals(
    handles: Handles,
    word: str,
    by_form: bool = False,
    filters: Filters | None = None,
    documents: np.ndarray | None = None,
    every_token: bool = False,
) -> tuple[int, int] | None:
    """(how many, in how many documents) of the occurrences ``candidates`` gives for
    ``word`` (with ``every_token``: every token of it, as a plain concordance lists),
    counted in the token store's inverted lists without listing them: per document,
    one binary search among the word's positions (a word of a million occurrences: a
    few ms, where listing their token ids costs tens). None where the store does not
    hold them all: a word with vectors without ``every_token`` (its occurrences are
    the tokens that have one), an index without a complete store. ``documents``:
    those the filters' where and docs keep (``passing_documents``), when known
    already."""
    filters = filters or Filters()
    if not every_token and vector_lemmas.word_has_vectors(handles, word, by_form):
        return None
    if not token_store.covers_all(handles):
        return None
    with handles.engine.connect() as conn:
        words = vocab_ids(conn, lemma_key(word))
    if not words:
        return 0, 0
    doc_table, tag_table = _filter_tables(handles, filters, documents)
    current = token_store.snapshot(handles)
    column = "form" if by_form else "lemma"
    matches, holding = 0, [np.zeros(0, dtype=np.int64)]
    for segment in current.segments:
        positions = segment.positions(column, words)
        if tag_table is not None:
            positions = positions[_looked_up(tag_table, segment.column("pos")[positions])]
        documents, counts = current.counts_by_document(segment, positions)
        if doc_table is not None:
            counts = np.where(_looked_up(doc_table, documents), counts, 0)
        matches += int(counts.sum())
        holding.append(documents[counts > 0])
    return matches, token_store.distinct_count(np.concatenate(holding))


def _first_text_only(
    handles: Handles, word: str, by_form: bool, filters: Filters, first: int
) -> Candidates:
    """The first ``first`` tokens of the word that pass the filters, on a text-only index:
    read from the inverted lists a chunk at a time, so a first page reads little."""
    with handles.engine.connect() as conn:
        words = vocab_ids(conn, lemma_key(word))
    filtered = bool(filters.pos or filters.where or filters.docs)
    kept, have = [np.zeros(0, dtype=np.int64)], 0
    if words:
        column = "form" if by_form else "lemma"
        for chunk in token_store.snapshot(handles).token_id_chunks(column, words):
            if filtered and len(chunk):
                chunk = chunk[passing_mask(handles, chunk, filters)]
            kept.append(chunk[: first - have])
            have += len(kept[-1])
            if have >= first:
                break
    ids = np.concatenate(kept)
    none = np.full(len(ids), -1, dtype=np.int64)
    return Candidates(ids, none, none.copy())


def _filtered(
    handles: Handles, found: Candidates, filters: Filters, first: int | None
) -> Candidates:
    """The candidates that pass, all of them or the ``first``: in growing chunks."""
    if first is None:
        return found.take(np.flatnonzero(passing_mask(handles, found.ids, filters)))
    kept: list[np.ndarray] = []
    have, at, size = 0, 0, max(4 * first, 1_024)
    while at < len(found) and have < first:
        chunk = found.ids[at : at + size]
        positions = at + np.flatnonzero(passing_mask(handles, chunk, filters))
        kept.append(positions)
        have += len(positions)
        at, size = at + size, size * 4
    picked = np.concatenate(kept)[:first] if kept else np.zeros(0, dtype=np.int64)
    return found.take(picked)


def _form_candidates(handles: Handles, word: str) -> Candidates:
    """All occurrences of a form, by its case-folded key: the vocab ids of the key,
    then their occurrences through ix_occurrence_form."""
    t = schema.tokens
    with handles.engine.connect() as conn:
        words = vocab_ids(conn, lemma_key(word))
        query = (
            select(t.c.id, t.c.shard_id, t.c.row)
            .where(t.c.form_id.in_(list(words)), t.c.shard_id.isnot(None))
            .order_by(t.c.id)
        )
        # Straight from the DBAPI cursor: Row objects cost more than the query.
        return _candidates_from_rows(conn.execute(query).cursor.fetchall())


# The tokens of a word on a text-only index (every token's shard_id is NULL there), by
# lemma or by form: through ix_token_lemma / ix_token_form, whose rows are those tokens.
_TEXT_ONLY_TOKENS = {
    False: "coalesce(lemma_id, form_id)",
    True: "form_id",
}


def text_only_token_ids(handles: Handles, word: str, by_form: bool = False) -> np.ndarray:
    """The ids (ascending) of the tokens whose lemma (or form, ``by_form``) has the
    lookup key of ``word``, on an index without vectors: what a concordance, a count or
    a label there covers. From the token store's inverted lists; an index made before
    the store and opened read-only reads them through ix_token_lemma / ix_token_form."""
    column = _TEXT_ONLY_TOKENS[by_form]
    with handles.engine.connect() as conn:
        words = vocab_ids(conn, lemma_key(word))
    if not words:
        return np.zeros(0, dtype=np.int64)
    if token_store.covers_all(handles):
        store_column = "form" if by_form else "lemma"
        return token_store.snapshot(handles).token_ids_with(store_column, words)
    with handles.engine.connect() as conn:
        # A list of values, not a subquery: SQLite searches the expression index for it.
        marks = ", ".join("?" * len(words))
        rows = run(
            conn,
            f"SELECT id FROM tokens WHERE shard_id IS NULL AND {column} IN ({marks})",
            words,
        ).fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    ids.sort()
    return ids


def every_token_ids(handles: Handles, word: str, by_form: bool = False) -> np.ndarray:
    """The ids (ascending) of every token whose lemma (or form, ``by_form``) has the
    lookup key of ``word``, with a vector or not: from the token store, or on an older
    index without one (opened read-only) its tokens without a vector and its
    occurrences."""
    ids = text_only_token_ids(handles, word, by_form)
    if token_store.covers_all(handles) or not handles.manifest.has_vectors:
        return ids
    located = _form_candidates(handles, word) if by_form else _lemma_candidates(handles, word)
    return np.union1d(ids, located.ids)


def count_tokens(
    handles: Handles, word: str, by_form: bool = False, filters: Filters | None = None
) -> int:
    """How many tokens of ``word`` (its lemma key, or form) pass ``filters``, with a
    vector or not: what a plain concordance of it counts. Without a filter or a removed
    document, from the lengths of the store's inverted lists (nothing is listed)."""
    if not is_filtered(filters or Filters()) and token_store.covers_all(handles):
        current = token_store.snapshot(handles)
        if not len(current.removed):
            with handles.engine.connect() as conn:
                words = vocab_ids(conn, lemma_key(word))
            column = "form" if by_form else "lemma"
            return sum(segment.frequency(column, words) for segment in current.segments)
    counted = candidate_totals(handles, word, by_form, filters, every_token=True)
    if counted is not None:  # filtered or with removed documents: still nothing listed
        return counted[0]
    return len(candidates(handles, word, by_form, filters, every_token=True))


def labelled(handles: Handles, ids: np.ndarray, label: str) -> np.ndarray:
    """The ids among ``ids`` whose labels (space-separated) include ``label``, typed
    composed or decomposed: labels are stored composed (NFC), so "café" typed with a
    combining accent found none of the occurrences labelled "café"."""
    label = composed(label)
    t = schema.tokens
    padded = literal(" ") + t.c.label + literal(" ")  # match whole labels only
    # each label of "river side" on its own: an occurrence's labels are a set, written
    # "side river" on some ("river side" as one text found those written so alone)
    holds = [padded.contains(f" {part} ", autoescape=True) for part in label.split()]
    if not holds:  # a blank label is none's (no condition would take every one)
        return np.zeros(0, dtype=np.int64)
    query = select(t.c.id, t.c.label).where(t.c.id.in_(id_list(ids)), *holds)
    with handles.engine.connect() as conn:
        rows = conn.execute(query).cursor.fetchall()
    # SQLite's LIKE ignores the case of ASCII letters, so "Money" took the occurrences
    # labelled money too, which labels and --count label count apart: keep exact ones
    # (each label of "river side" among the occurrence's, as LIKE found them).
    wanted = label.split()
    exact = [r[0] for r in rows if set(wanted) <= set((r[1] or "").split())]
    return np.fromiter(exact, dtype=np.int64, count=len(exact))


def passing(handles: Handles, ids: np.ndarray, filters: Filters) -> np.ndarray:
    """The ids among ``ids`` whose token and document pass ``filters`` (ascending)."""
    if token_store.covers_all(handles):
        unique = distinct(np.asarray(ids, dtype=np.int64))
        return unique[_passing_in_store(handles, unique, filters)]
    t, d = schema.tokens, schema.documents
    query = select(t.c.id).where(t.c.id.in_(id_list(ids)))
    if filters.pos:
        p = schema.pos_tags
        tags = select(p.c.id).where(func.upper(p.c.tag).in_([x.upper() for x in filters.pos]))
        query = query.where(t.c.pos_id.in_(tags))
    if filters.where or filters.docs:
        query = query.join(d, d.c.id == t.c.doc_id)
    for key, value in filters.where:
        query = query.where(_field_in(d, key, value, handles))
    if filters.docs:
        query = query.where(d.c.ext_id.in_(id_spellings(filters.docs)))
    with handles.engine.connect() as conn:
        rows = conn.execute(query).cursor.fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


def passing_mask(handles: Handles, ids: np.ndarray, filters: Filters) -> np.ndarray:
    """Which of ``ids`` (ascending, distinct) pass ``filters``."""
    if token_store.covers_all(handles):
        return _passing_in_store(handles, ids, filters)
    return np.isin(ids, passing(handles, ids, filters))


def _passing_in_store(handles: Handles, ids: np.ndarray, filters: Filters) -> np.ndarray:
    """``passing`` through the token store, as a mask over ``ids`` (ascending, distinct):
    each id's document and POS from the store's columns, looked up in a table of the
    documents that pass (read by value through document_fields: only among the ids'
    documents when they are few, as for a first page) and of the tags asked for."""
    located = list(token_store.snapshot(handles).locate(ids))
    doc_table = None
    if filters.where or filters.docs:
        documents = [s.column("sentence_doc")[sentences] for s, _w, _p, sentences in located]
        among = distinct(np.concatenate([np.zeros(0, dtype=np.int64), *documents]))
        passing_docs = _passing_documents(handles, filters, among if len(among) < 2_000 else None)
        doc_table = _truth_table(passing_docs)
    tag_table = _truth_table(_tag_ids(handles, filters.pos)) if filters.pos else None
    keep = np.zeros(len(ids), dtype=bool)
    for segment, which, positions, sentences in located:
        ok = np.ones(len(which), dtype=bool)
        if doc_table is not None:
            ok &= _looked_up(doc_table, segment.column("sentence_doc")[sentences])
        if tag_table is not None:
            ok &= _looked_up(tag_table, segment.column("pos")[positions])
        keep[which[ok]] = True
    return keep


def _truth_table(ids: np.ndarray) -> np.ndarray:
    """A boolean per id up to the largest of ``ids``: True for these."""
    table = np.zeros(int(ids.max()) + 1 if len(ids) else 1, dtype=bool)
    table[ids] = True
    return table


def _looked_up(table: np.ndarray, values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.int64)
    inside = values < len(table)
    found = np.zeros(len(values), dtype=bool)
    found[inside] = table[values[inside]]
    return found


def passing_documents(handles: Handles, filters: Filters) -> np.ndarray | None:
    """The row ids (ascending) of the documents the filters' ``where`` and ``docs``
    keep; None when they keep every document (no such filter)."""
    if not (filters.where or filters.docs):
        return None
    return _passing_documents(handles, Filters(where=filters.where, docs=filters.docs))


def docs_left_out(handles: Handles, filters: Filters) -> list[str]:
    """The ids of ``filters.docs`` (as typed, each once) whose documents its ``where``
    conditions leave out: every filter must hold, so `--doc a --doc b --where
    genre=news` searches a alone when b is fiction, which a note says (pass 38a)."""
    if not (filters.docs and filters.where):
        return []
    d = schema.documents
    named = select(d.c.id, d.c.ext_id).where(d.c.ext_id.in_(id_spellings(filters.docs)))
    with handles.engine.connect() as conn:
        rows = conn.execute(named).fetchall()
    if not rows:
        return []
    among = np.array(sorted(row[0] for row in rows), dtype=np.int64)
    kept = set(_passing_documents(handles, Filters(where=filters.where), among).tolist())
    kept_ids = {ext_id for row_id, ext_id in rows if row_id in kept}
    return [doc for doc in dict.fromkeys(filters.docs) if kept_ids.isdisjoint(spellings(doc))]


def _passing_documents(
    handles: Handles, filters: Filters, among: np.ndarray | None = None
) -> np.ndarray:
    """The row ids of the documents (``among`` these, when given) that pass ``--where``
    and ``--doc``: by value through document_fields, by id through the documents'
    index."""
    found = fields.documents_where(handles, filters.where, among) if filters.where else None
    d = schema.documents
    query = select(d.c.id)
    if filters.where and found is None:  # fields not written yet: read every document
        for key, value in filters.where:
            query = query.where(_field_in(d, key, value, handles))
    if filters.docs:
        query = query.where(d.c.ext_id.in_(id_spellings(filters.docs)))
    elif found is not None:
        return found
    with handles.engine.connect() as conn:
        rows = conn.execute(query).cursor.fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    return ids if found is None else np.intersect1d(ids, found)


def _field_in(d: Any, key: str, value: str, handles: Handles) -> Any:
    """The condition that a row of documents ``d`` has a value of the field ``key``
    names that the ``--where`` value takes (read from the documents table)."""
    field = cast(d.c.meta[fields.field_name(key)].as_string(), Text)
    return field.in_(fields.accepted_values(handles, key, value))


def _tag_ids(handles: Handles, tags: Sequence[str]) -> np.ndarray:
    p = schema.pos_tags
    wanted = [x.upper() for x in tags]
    with handles.engine.connect() as conn:
        rows = conn.execute(select(p.c.id).where(func.upper(p.c.tag).in_(wanted))).all()
    return np.asarray([r[0] for r in rows], dtype=np.int64)


def _lemma_candidates(handles: Handles, word: str) -> Candidates:
    """All occurrences of a lemma from its runs: a few rows, whatever its frequency."""
    r = schema.lemma_runs
    with handles.engine.connect() as conn:
        runs = conn.execute(
            select(r.c.shard_id, r.c.start, r.c.count, r.c.ids).where(
                r.c.lemma_key.in_(key_spellings(lemma_key(word)))
            )
        ).all()
    if not runs:
        return _candidates_from_rows([])
    ids = np.concatenate([schema.decode_ids(blob) for *_rest, blob in runs])
    shard_ids = np.concatenate([np.full(n, shard, np.int64) for shard, _s, n, _b in runs])
    rows = np.concatenate([np.arange(start, start + n) for _sh, start, n, _b in runs])
    if len(runs) == 1 and schema.ids_ascending(runs[0][3]):
        return Candidates(ids, shard_ids, rows)  # one run (compacted): in order already
    order = np.argsort(ids, kind="stable")  # corpus order across shards
    return Candidates(ids[order], shard_ids[order], rows[order])


def candidates_by_id(handles: Handles, ids: Iterable[int]) -> Candidates:
    """Occurrences by id, in the order given; unknown ids are an error."""
    wanted = [int(i) for i in ids]
    t = schema.tokens
    with handles.engine.connect() as conn:
        rows = conn.execute(
            select(t.c.id, t.c.shard_id, t.c.row).where(
                t.c.id.in_(wanted), t.c.shard_id.isnot(None)
            )
        ).all()
    found = {r[0]: r for r in rows}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise QueryError(missing_occurrences_message(handles, missing))
    return _candidates_from_rows([found[i] for i in wanted])


def _first_ids(ids: Sequence[int]) -> str:
    """The first 20 ids, comma-separated, with " …" when there are more."""
    return ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")


def _embeddable_lemmas(handles: Handles, tokens: Sequence[int]) -> list[str]:
    """The lemmas of those of ``tokens`` that `vectors add` would give a vector (content
    words, document.is_indexable): the advice said `sensegrep vectors add .` of a full
    stop, which adds none (pass 38b)."""
    from sensegrep.document import Token, is_indexable

    every = bool(handles.manifest.all_tokens)
    t = schema.tokens
    with handles.engine.connect() as conn:
        found = conn.execute(
            select(lemma_of(t), form_of(t), pos_of(t)).where(t.c.id.in_(list(tokens)))
        ).all()
    return sorted(
        {
            str(lemma)
            for lemma, form, pos in found
            if is_indexable(Token(form=str(form), start=0, end=0, pos=pos or None), every)
        }
    )


def unembedded_lemmas(handles: Handles, tokens: Sequence[int] | np.ndarray) -> dict[str, int]:
    """On an index with vectors for chosen words, the lemmas of those of ``tokens`` that
    are content words (which `vectors add` gives a vector) whose lemma has none yet, with
    how many of ``tokens`` each has, most first; empty on any other index. A ranking
    leaves them out as it leaves out function words, for another reason (pass 39b)."""
    from sensegrep.document import Token, is_indexable

    if not handles.manifest.chosen or not len(tokens):
        return {}
    every = bool(handles.manifest.all_tokens)
    t = schema.tokens
    lemma, form, pos = lemma_of(t), form_of(t), pos_of(t)
    with handles.engine.connect() as conn:
        rows = conn.execute(
            select(lemma, form, pos, func.count())
            .where(t.c.id.in_(id_list(np.asarray(tokens, dtype=np.int64))))
            .group_by(t.c.lemma_id, t.c.form_id, t.c.pos_id)  # (PostgreSQL: the columns)
        ).all()
    counts: dict[str, int] = {}
    for word, written, tag, n in rows:
        if is_indexable(Token(form=str(written), start=0, end=0, pos=tag or None), every):
            counts[str(word)] = counts.get(str(word), 0) + int(n)
    have = vector_lemmas.complete_lemmas(handles)
    left = {w: n for w, n in counts.items() if lemma_key(w) not in have}
    return dict(sorted(left.items(), key=lambda item: (-item[1], item[0])))


def missing_occurrences_message(handles: Handles, missing: Sequence[int], tail: str = "") -> str:
    """Why these ids name no occurrence, in one line: tokens without a sense vector (a
    plain concordance shows them, and nothing by sense can take them), or no token at
    all. ``tail``: what the caller adds (", nothing was changed")."""
    tokens = existing_tokens(handles, missing)
    if tokens:
        shown = _first_ids(tokens)
        why = "function words, auxiliaries and punctuation get none"
        refused = "liked, unliked or labelled"
        if handles.manifest.chosen:  # a content word not added yet was said to be one
            # label() takes any token there, as on a text-only index: only like is refused
            refused = "liked or unliked (a label goes on any token of this index)"
            lemmas = _embeddable_lemmas(handles, tokens[:20])
            if lemmas:  # (`vectors add .` or `vectors add the` adds none: not advised)
                why = (
                    f"this index has vectors for chosen words: `sensegrep vectors add "
                    f"{' '.join(lemmas)}` gives a word's tokens theirs; {why}"
                )
        return (
            f"token{'s' if len(tokens) > 1 else ''} {shown} of {handles.folder} "
            f"{'have' if len(tokens) > 1 else 'has'} no sense vector ({why}): a plain "
            f"concordance lists them, but only an occurrence with a vector can be {refused}{tail}"
        )
    removed = removed_tokens(handles, missing)
    if removed:
        shown = _first_ids(removed)
        return (
            f"occurrence{'s' if len(removed) > 1 else ''} {shown} of {handles.folder} "
            f"{'were' if len(removed) > 1 else 'was'} in a document removed since (by "
            "`sensegrep remove`, or replaced by a new version indexed; ids are never "
            f"reused): take ids from a new search{tail}"
        )
    shown = _first_ids(missing)
    return (
        f"no occurrence with id {shown} in {handles.folder}: use the id column of search "
        f"output{tail}"
    )


def removed_tokens(handles: Handles, ids: Iterable[int]) -> list[int]:
    """The ids among ``ids`` (ascending, distinct) that are no token now but were one:
    token ids are given out one after the other and never again (``id_floors`` holds the
    next one above every removed token), so a missing id below that floor was removed."""
    floors = schema.id_floors
    with handles.engine.connect() as conn:
        floor = conn.execute(
            select(floors.c.next_id).where(floors.c.name == schema.tokens.name)
        ).scalar()
    if floor is None:
        return []
    below = {int(i) for i in ids if 1 <= int(i) < floor}
    return sorted(below - set(existing_tokens(handles, below)))


def existing_tokens(handles: Handles, ids: Iterable[int]) -> list[int]:
    """The ids among ``ids`` (ascending, distinct) that are tokens of the index, with a
    sense vector or not."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return []
    t = schema.tokens
    with handles.engine.connect() as conn:
        rows = conn.execute(select(t.c.id).where(t.c.id.in_(id_list(wanted)))).all()
    return sorted(r[0] for r in rows)


def token_places(handles: Handles, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(document id as the input gave it, form) of each token among ``ids``; an id that
    is no token of the index is left out."""
    wanted = sorted({int(i) for i in ids})
    if not wanted:
        return {}
    t, d, v = schema.tokens, schema.documents, schema.vocab
    query = (
        select(t.c.id, d.c.ext_id, v.c.text)
        .join(d, d.c.id == t.c.doc_id)
        .join(v, v.c.id == t.c.form_id)
        .where(t.c.id.in_(id_list(wanted)))
    )
    with handles.engine.connect() as conn:
        return {int(i): (str(doc), str(form)) for i, doc, form in conn.execute(query).all()}


def vectors_of(handles: Handles, found: Candidates) -> np.ndarray:
    """The vectors of ``found``'s occurrences, from the shards they were located in (kept
    while this reader's lease is live, even once a compaction merged them away). If
    those files are gone all the same, they are located again by id and read once more."""
    require_vectors(handles, "reading stored vectors")
    if len(found) and found.shard_ids.min() < 0:  # a word without vectors (chosen words)
        raise NoVectorsError(
            "these occurrences have no vectors yet: add them with `sensegrep vectors add WORD`"
        )
    try:
        return vectors(handles, found.shard_ids, found.rows)
    except StaleRead:
        handles.read_again()
        COUNTERS["relocations"] += 1
        again = _relocate(handles, found.ids)
        return vectors(handles, again.shard_ids, again.rows)


# Scoring on the codes scans each shard's rows from the candidates' first to their last:
# candidates spread over more than this many times their number are read as vectors.
MAX_SPAN = 4


def inner_products(handles: Handles, found: Candidates, query: np.ndarray) -> np.ndarray | None:
    """The inner product of ``query`` with each of ``found``'s stored vectors, scored on
    the shards' codes without decoding them; None when they cannot be scored so (a
    codec FAISS cannot scan, rows spread thin, a shard merged away meanwhile): read
    them with ``vectors_of`` then."""
    require_vectors(handles, "reading stored vectors")
    out = np.empty(len(found), dtype=np.float32)
    try:
        for name, rows, positions in _shard_pieces(handles, found):
            low, high = int(rows.min()), int(rows.max()) + 1
            if not handles.shards.can_scan(name) or high - low > MAX_SPAN * len(rows):
                return None
            products = handles.shards.inner_products(name, low, high - low, query)
            out[positions] = products[rows - low]
    except (FileNotFoundError, StaleRead):
        return None
    return out


def norms_of(handles: Handles, found: Candidates) -> np.ndarray | None:
    """The norms of ``found``'s stored vectors (kept per shard once decoded), or None
    when a shard was merged away meanwhile."""
    require_vectors(handles, "reading stored vectors")
    out = np.empty(len(found), dtype=np.float32)
    try:
        for name, rows, positions in _shard_pieces(handles, found):
            out[positions] = handles.shards.norms(name, rows)
    except (FileNotFoundError, StaleRead):
        return None
    return out


def _shard_pieces(
    handles: Handles, found: Candidates
) -> Iterable[tuple[str, np.ndarray, np.ndarray]]:
    """(shard file, its rows, their positions in ``found``) for each shard."""
    if not len(found):
        return
    if (found.shard_ids == found.shard_ids[0]).all():  # after compaction: one shard
        yield _shard_file(handles, int(found.shard_ids[0])), found.rows, np.arange(len(found))
        return
    for shard_id in np.unique(found.shard_ids):
        at = np.flatnonzero(found.shard_ids == shard_id)
        yield _shard_file(handles, int(shard_id)), found.rows[at], at


def existing(handles: Handles, ids: np.ndarray) -> Candidates:
    """Where the occurrences among ``ids`` that still exist are, in the order given
    (a removed one is left out)."""
    t = schema.tokens
    with handles.engine.connect() as conn:
        rows = conn.execute(
            select(t.c.id, t.c.shard_id, t.c.row).where(
                t.c.id.in_(id_list(ids)), t.c.shard_id.isnot(None)
            )
        ).all()
    at = {r[0]: r for r in rows}
    return _candidates_from_rows([at[int(i)] for i in ids if int(i) in at])


def _relocate(handles: Handles, ids: np.ndarray) -> Candidates:
    """Current (shard, row) of occurrences, in the order of ``ids``; StaleRead when
    some were removed meanwhile."""
    found = existing(handles, ids)
    if len(found) != len(ids):
        raise StaleRead("occurrences were removed while they were being read")
    return found


def vectors(handles: Handles, shard_ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The vectors at (shard, row); StaleRead when a concurrent compaction merged
    those shards away after they were looked up (``vectors_of`` reads again)."""
    try:
        shards = np.unique(shard_ids)
        if len(shards) == 1:  # the common case after compaction: no gather needed
            return handles.shards.rows(_shard_file(handles, int(shards[0])), rows)
        out = np.empty((len(rows), handles.manifest.embedder.dim), dtype=np.float32)
        for shard_id in shards:
            mask = shard_ids == shard_id
            out[mask] = handles.shards.rows(_shard_file(handles, int(shard_id)), rows[mask])
        return out
    except FileNotFoundError as exc:
        raise StaleRead(
            f"vector shard {exc} is missing (deleted, or merged away by a compaction "
            "running now): if this persists, run `sensegrep check`"
        ) from None


def _shard_file(handles: Handles, shard_id: int) -> str:
    if shard_id not in handles.shard_files:
        with handles.engine.connect() as conn:
            # Replaced whole, not updated: a reader in another thread never sees it half-made.
            live = dict(conn.execute(select(schema.shards.c.id, schema.shards.c.file)).all())
            # Retired shards too: a compaction merged them after this reader located its
            # vectors there, and their files stay while its lease is live. Read after the
            # live ones: a shard retired between the two reads is then in the second.
            retired = leases.retired_shards(conn)
            handles.shard_files = {**retired, **live}
    if shard_id not in handles.shard_files:
        raise StaleRead(f"shard {shard_id} was merged away by a concurrent compaction")
    return handles.shard_files[shard_id]


def contexts(handles: Handles, ids: Sequence[int]) -> dict[int, OccurrenceContext]:
    """Concordance context of occurrences: sentence, left and right of the word."""
    t, s, d = schema.tokens, schema.sentences, schema.documents
    sentence_text = func.substr(d.c.text, s.c.char_start + 1, s.c.char_end - s.c.char_start)
    query = (
        select(
            t.c.id,
            d.c.ext_id,
            t.c.char_start,
            t.c.char_end,
            form_of(t),
            lemma_of(t),
            pos_of(t),
            t.c.label,
            s.c.char_start,
            sentence_text,
            d.c.meta,
        )
        .join(s, s.c.id == t.c.sentence_id)
        .join(d, d.c.id == t.c.doc_id)
        .where(t.c.id.in_(id_list(np.asarray(ids, dtype=np.int64))))
    )
    out = {}
    with handles.engine.connect() as conn:
        for row in conn.execute(query):
            tid, doc, start, end, form, lemma, pos, label, s_start, sentence, meta = row
            out[tid] = OccurrenceContext(
                id=tid,
                doc=doc,
                start=start,
                end=end,
                form=form,
                lemma=lemma,
                pos=pos,
                label=label,
                sentence=sentence,
                left=sentence[: start - s_start],
                right=sentence[end - s_start :],
                metadata=meta if isinstance(meta, dict) else json.loads(meta),
            )
    labelled = [tid for tid, occ in out.items() if occ.label]
    for tid in labels.predicted_labels(handles, labelled) if labelled else ():
        out[tid].label_predicted = True
    return out


def sentence_tokens(handles: Handles, ids: Sequence[int]) -> dict[int, list[SentenceToken]]:
    """Every token of each occurrence's sentence, offsets relative to the sentence."""
    t, other, s = schema.tokens, schema.tokens.alias("other"), schema.sentences
    query = (
        select(
            t.c.id,
            other.c.id,
            form_of(other),
            lemma_of(other),
            pos_of(other),
            other.c.char_start - s.c.char_start,
            other.c.char_end - s.c.char_start,
        )
        .join(s, s.c.id == t.c.sentence_id)
        .join(other, in_sentence(other, s))
        .where(t.c.id.in_(id_list(np.asarray(ids, dtype=np.int64))))
        .order_by(t.c.id, other.c.id)
    )
    out: dict[int, list[SentenceToken]] = {}
    with handles.engine.connect() as conn:
        for occ_id, tok_id, form, lemma, pos, start, end in conn.execute(query):
            out.setdefault(occ_id, []).append(
                SentenceToken(tok_id, form, lemma, pos, start, end, tok_id == occ_id)
            )
    _add_syntax(handles, out)
    return out


def _add_syntax(handles: Handles, sentences: dict[int, list[SentenceToken]]) -> None:
    """Each token's fine-grained tag, relation and head, from the token store (an
    export to CoNLL-U once wrote ``_`` for them, though the index had them)."""
    by_id: dict[int, list[SentenceToken]] = {}
    for token in chain.from_iterable(sentences.values()):
        by_id.setdefault(token.id, []).append(token)
    if not by_id or not token_store.covers_all(handles):
        return
    ids = np.asarray(sorted(by_id), dtype=np.int64)
    texts: list[str] | None = None  # each tag's text at its id ("": none)
    for segment, which, positions, _ in token_store.snapshot(handles).locate(ids):
        if not any(name in segment.arrays for name in token_store.OPTIONAL):
            continue  # neither tagged finely nor parsed
        if texts is None:
            texts = patterns.tag_texts(handles)
        tags, relations = segment.column("tag")[positions], segment.column("deprel")[positions]
        heads = segment.column("head")[positions].astype(np.int64)
        for token_id, tag, relation, head in zip(ids[which], tags, relations, heads, strict=True):
            for token in by_id[int(token_id)]:
                token.tag, token.deprel = texts[tag] or None, texts[relation] or None
                token.head_id = int(token_id + head) if head else None


def _candidates_from_rows(rows: Sequence[Any]) -> Candidates:
    flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows))
    table = flat.reshape(len(rows), 3)
    return Candidates(ids=table[:, 0], shard_ids=table[:, 1], rows=table[:, 2])
