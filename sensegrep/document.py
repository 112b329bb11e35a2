"""The documents every reader produces and the indexer stores.

Character offsets always refer to ``Document.text``, so a concordance line can be cut
from the text exactly as it was written (or, for pre-tokenised formats, as rebuilt).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})


@dataclass
class Token:
    form: str
    start: int
    end: int
    lemma: str | None = None
    pos: str | None = None  # Universal POS tag (the format's, or spaCy's token.pos_)
    label: str | None = None  # sense label(s), space-separated when several
    instance_id: str | None = None  # e.g. the Raganato <instance id>
    tag: str | None = None  # fine-grained tag: CoNLL-U XPOS, a VRT tag, spaCy's PTB tag_
    head: int | None = None  # 0-based index of the head in the sentence; None: root/unknown
    deprel: str | None = None  # dependency relation to the head (CoNLL-U DEPREL, spaCy dep_)


@dataclass
class Sentence:
    tokens: list[Token]

    @property
    def start(self) -> int:
        return self.tokens[0].start if self.tokens else 0

    @property
    def end(self) -> int:
        return self.tokens[-1].end if self.tokens else 0

    @property
    def words(self) -> list[str]:
        return [t.form for t in self.tokens]


@dataclass
class Document:
    id: str  # the document id as the user gave it (or derived from file name + number)
    text: str
    sentences: list[Sentence]
    metadata: dict[str, Any] = field(default_factory=dict)
    line: int | None = None  # 1-based line of the record in its file, where that means something
    # Comments that read like metadata and are not (CoNLL-U "# genre = news", where
    # "# newdoc genre = news" and "# meta::genre = news" are): their keys, to be said.
    unread: tuple[str, ...] = ()
    # VRT structures other than <text> whose attributes are read as no metadata
    # (<s id="…">, <p lang="…">, <div type="…">): each as "<div type, n>", to be said.
    unread_structures: tuple[str, ...] = ()
    # A VRT document of tokens outside any <text> in a file that has <text> tags: it
    # has no metadata of its own, to be said.
    outside_text: bool = False
    # VRT token lines without a tab that hold a space ("old ADJ old"): each read as one
    # word without tag or lemma, its columns likely separated by spaces: their line
    # numbers, to be said.
    spaced_lines: tuple[int, ...] = ()
    # CoNLL-U multiword tokens read as their syntactic words (German "zum" as "zu dem",
    # French "du" as "de le"), whose surface form the text does not keep: each distinct
    # one as "zum (zu dem)", and how many there were, to be said.
    multiword: tuple[str, ...] = ()
    multiword_count: int = 0
    # Each of those tokens as (start, end, form): where its words stand in ``text`` and
    # the form written (3-4 zum), kept so that a search of the form can say what it
    # leaves out (storage/written_forms.py).
    written_forms: tuple[tuple[int, int, str], ...] = ()
    # Tokens the file gave no lemma (a CoNLL-U LEMMA "_", a VRT line without its lemma
    # or with "<unknown>", a Raganato <wf> without lemma=): their form stands as their
    # lemma, to be said.
    lemmas_missing: int = 0
    # Tokens whose POS tag (a VRT file's) no tag set sensegrep knows maps to UPOS (Polish
    # NKJP's subst, Dutch CGN's WW), read as X: how many of each tag, to be said.
    tags_unknown: dict[str, int] = field(default_factory=dict)
    # VRT tokens whose POS column holds the word itself (lower-cased), as a lemma column
    # does: many of them say the columns are in another order than word, pos, lemma.
    tags_as_words: int = 0
    # The tag set its POS were mapped to UPOS from, when it has fewer distinctions than
    # UPOS (pos_tags.LACKING): "penn" (a VRT file's Penn tags), "stts" (its STTS, with
    # VA*), "treetagger-fr" (its French TreeTagger tags), "universal" (Raganato's 12
    # tags). None: UPOS itself (CoNLL-U, spaCy), or no POS.
    pos_tags: str | None = None
    # The language its text was tokenised and lemmatised in (``index --lang``): plain text
    # and JSONL only; None for the formats that bring their own tokens. Kept per document
    # so that an index stops recording a language once none of its text is left.
    lang: str | None = None

    def __post_init__(self) -> None:
        # A field named "année" composed (NFC) in one record and decomposed (NFD) in
        # another was two fields that look the same: --where année=… missed the other's
        # documents, unsaid. A name is stored composed, as a value is compared.
        if any(not key.isascii() for key in self.metadata):
            self.metadata = {
                unicodedata.normalize("NFC", key): value for key, value in self.metadata.items()
            }
        # A label likewise: "café" with a combining accent is the label typed as one
        # character (as import, label --from and --as store it), not a second one.
        for sentence in self.sentences:
            for token in sentence.tokens:
                if token.label is not None and not token.label.isascii():
                    token.label = unicodedata.normalize("NFC", token.label)


_EXACT_FLOATS = 2.0**53  # every whole number below it is exactly a float


def metadata_text(value: Any) -> str | None:
    """A metadata value as text, the one every part compares and shows (``--where``, a
    pattern's ``[FIELD="…"]`` and ``within``, a count by the field, the fields table):
    booleans as true and false, objects and arrays as compact JSON (non-ASCII kept),
    None (JSON null) as no value, a whole number written with a fraction (1999.0, as
    pandas writes a year column with gaps) as the whole number (JSON's numbers do not
    tell 1999.0 from 1999, and ``--where year=1999`` missed it), anything else as
    ``str``. An empty list is no value, as null is: a count by the field put its
    documents under a value "[]" where a missing field's are under (none) (pass 40d)."""
    if value is None or (isinstance(value, list) and not value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_FLOATS:
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def list_items(value: str) -> tuple[str, ...]:
    """The items of a value that is a JSON list (``["news","sport"]``: news, sport), each
    as a value's text; () for any other value. A JSONL document may give a field several
    values so; an item that is itself a list or an object is no value of its own."""
    if not value.startswith("[") or not value.endswith("]"):
        return ()
    return _items_of(value)


@lru_cache(maxsize=4096)
def _items_of(value: str) -> tuple[str, ...]:
    try:
        parsed = json.loads(value)
    except ValueError:
        return ()
    if not isinstance(parsed, list):
        return ()
    texts = (metadata_text(item) for item in parsed if not isinstance(item, dict | list))
    return tuple(text for text in texts if text is not None)


def is_indexable(token: Token, all_tokens: bool) -> bool:
    """Which tokens get vectors: content words when POS is known, else alphabetic tokens."""
    if all_tokens:
        return True
    if token.pos:
        return token.pos in CONTENT_POS
    return any(ch.isalpha() for ch in token.form)
