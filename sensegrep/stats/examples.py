"""Example quality: how good a dictionary example each occurrence's sentence makes, in
the spirit of GDEX (Kilgarriff, Husák, McAdam, Rundell & Rychlý 2008, "GDEX:
Automatically finding good dictionary examples in a corpus", and Sketch Engine's GDEX
configurations): ``senses --good-examples``, ``search --sort quality`` and ``export
--good-examples`` rank by it.

An occurrence is scored by parts, each in [0, 1] (1: good), combined into one score, the
weighted mean of the parts present (:data:`WEIGHTS`, documented in the README), the
three measured over the other words (:data:`LENGTH_SCALED`) counted times ``length``:

- ``typicality`` — how close the occurrence is to the centre of its sense, relative to
  the sense's spread: its cosine to its sense's centroid (in the run's centred space,
  as induction compares them) as a z-score among its sense's members' cosines, through
  the normal CDF: 0.5 at the sense's mean, 0.84 one standard deviation closer to the
  centre, 0.02 two further out (an outlier). The sense is the occurrence's in the run
  given for its word, else in its word's current stored run. Left out (and said so in
  the notes) on a text-only index, and for a word without vectors or without a stored
  run: nothing is induced for it.
- ``length`` — the whole sentence's words (tokens with a letter or digit): 1 from 10 to
  25 (GDEX's "not too short, not too long"), falling linearly below (0 at 2 words) and
  above (0 at 50).
- ``whole_sentence`` — half for starting with a capital letter (its first word), half
  for ending with ``.``, ``!`` or ``?`` (before any closing quote or bracket).
- ``rare_words`` — 1 − 2 × the share of the sentence's other words whose lemma is rare
  in the index: fewer than 10 per million tokens, and always a lemma seen once. The
  frequencies are the token store's, counted once per call (``np.bincount``).
- ``proper_names`` — 1 − 2 × the share of the other words that are names: tagged PROPN
  where the index has POS tags, else capitalised words inside the sentence (not its
  first word, not a pronoun).
- ``pronoun_start`` — 0 when the sentence's first word is a pronoun that points back to
  something the reader has not seen (:data:`ANAPHORIC_PRONOUNS`: it, this, they…; where
  the index has POS tags, only when it is tagged PRON: "This bank…" is a determiner), 1
  otherwise.
- ``odd_characters`` — 1 − 0.25 for each other token that has a digit, a URL, an e-mail
  address or a character such as ``< > | [ ] { } \\ ^ _ # ~ * = /``, or is a standalone
  quote or bracket (Sketch Engine's "illegal" and "rare" characters).

"Other" words leave out the occurrence's own token: a rare word, or a name, has all its
examples alike there. Every feature is counted with numpy over the token store's columns
for the distinct sentences involved; Python only looks at each distinct word once.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np

from sensegrep.deadline import check
from sensegrep.search.positions import is_punctuation, word_texts
from sensegrep.stats.corpus import CorpusTokens, corpus_tokens, lemma_keys

if TYPE_CHECKING:
    from sensegrep.senses.runs import SenseRun
    from sensegrep.storage import Candidates, Index, OccurrenceContext

PARTS = (
    "typicality",
    "length",
    "whole_sentence",
    "rare_words",
    "proper_names",
    "pronoun_start",
    "odd_characters",
)
# How much each part counts; the score is the weighted mean of the parts present (a
# line without typicality is scored on the others, their weights scaled up). Typicality
# stands in for GDEX's "typical collocates"; the rest follow Sketch Engine's default
# configuration, half on a whole sentence and half on length and greylisted tokens.
WEIGHTS: Mapping[str, float] = {
    "typicality": 0.25,
    "length": 0.20,
    "whole_sentence": 0.15,
    "rare_words": 0.15,
    "proper_names": 0.10,
    "pronoun_start": 0.10,
    "odd_characters": 0.05,
}

ENGLISH = "en"  # the language of the pronoun lists
# English pronouns, case-folded: the one list. ANAPHORIC ones at a sentence's start
# point back to something before it; none of them is a name when capitalised ("I").
ANAPHORIC_PRONOUNS = frozenset(
    {"it", "he", "she", "they", "him", "her", "them", "his", "hers", "its", "their",
     "theirs", "this", "that", "these", "those"}
)  # fmt: skip
PRONOUNS = ANAPHORIC_PRONOUNS | frozenset(
    {"i", "me", "my", "mine", "you", "your", "yours", "we", "us", "our", "ours", "myself",
     "yourself", "himself", "herself", "itself", "ourselves", "yourselves", "themselves"}
)  # fmt: skip

_ODD = re.compile(r"\d|https?:|www\.|[@<>|\[\]{}\\^_#~*=/]")
_QUOTES_AND_BRACKETS = frozenset("\"'“”„‘’«»()[]{}")
_CLOSERS = frozenset("\"'”’»)]}")
_SENTENCE_ENDS = frozenset(".!?")


@dataclass(frozen=True)
class Settings:
    """The thresholds of the parts (see the module docstring)."""

    good_length: tuple[int, int] = (10, 25)  # words: the plateau
    zero_short: int = 2  # words: length 0 at or below
    zero_long: int = 50  # words: length 0 at or above
    rare_per_million: float = 10.0  # a lemma below this is rare …
    rare_below: int = 2  # … and always one seen fewer times than this
    share_penalty: float = 2.0  # rare_words and proper_names: 1 − this × the share
    odd_penalty: float = 0.25  # odd_characters: 1 − this × the count
    weights: Mapping[str, float] = field(default_factory=lambda: dict(WEIGHTS))


@dataclass
class Quality:
    """Each line's score and parts (``parts[name][i]``; NaN: left out for that line),
    and the notes to show once (what was left out, and why)."""

    score: np.ndarray
    parts: dict[str, np.ndarray]
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.score)

    def take(self, positions: np.ndarray) -> Quality:
        positions = np.asarray(positions, dtype=np.int64)
        parts = {name: values[positions] for name, values in self.parts.items()}
        return Quality(self.score[positions], parts, list(self.notes))

    def record(self, at: int) -> tuple[float, dict[str, float]]:
        """Line ``at``'s score and parts as shown (4 decimals; parts left out absent)."""
        parts = {
            name: round(float(values[at]), 4)
            for name, values in self.parts.items()
            if not np.isnan(values[at])
        }
        return round(float(self.score[at]), 4), parts


def example_quality(
    index: Index,
    ids: Sequence[int] | np.ndarray,
    runs: Sequence[SenseRun] = (),
    settings: Settings | None = None,
) -> Quality:
    """The example quality of each occurrence (token id, in any order) of the index's
    live tokens: ``runs`` are the sense runs for their words' typicality (a word with
    none given: its current stored run, if any)."""
    settings = settings or Settings()
    ids = np.asarray(ids, dtype=np.int64)
    corpus = _Corpus.of(index, settings)
    pieces = [  # a chunk at a time: a word of a million lines needs no 25M-token arrays
        SentenceFeatures.of(corpus, corpus.tokens.positions_of(ids[at : at + CHUNK]))
        for at in range(0, len(ids), CHUNK)
    ]
    sentence = SentenceFeatures.joined(pieces)
    notes: list[str] = []
    lemmas = _lines_by_lemma(sentence.lemmas.astype(np.int64), corpus.key_names)
    parts = {
        "typicality": typicality(index, ids, lemmas, runs, notes),
        **sentence.parts(settings),
    }
    _other_languages(parts, sentence, sorted(index.manifest.text_analysis or {}), notes)
    return Quality(combined(parts, settings.weights), parts, notes)


# Languages that write every noun with a capital: a capital inside a sentence is no name.
NOUNS_CAPITALISED = frozenset({"de", "lb"})


def _other_languages(
    parts: dict[str, np.ndarray],
    sentence: SentenceFeatures,
    languages: list[str],
    notes: list[str],
) -> None:
    """Leave out, and say so, the parts that would measure the plain text of the index's
    ``languages`` (``index --lang``) as English: ``proper_names`` without POS tags takes
    capitalised words for names, every German noun; the pronouns are English's."""
    capitalising = [lang for lang in languages if lang in NOUNS_CAPITALISED]
    guessed = sentence.untagged > 0
    if capitalising and guessed.any():
        parts["proper_names"] = np.where(guessed, np.nan, parts["proper_names"])
        notes.append(
            f"proper_names left out of the {int(guessed.sum()):,} line(s) whose sentence "
            "has words without a POS tag: it takes a capitalised word for a name there, "
            f"and {', '.join(capitalising)} text capitalises every noun"
        )
    others = ", ".join(lang for lang in languages if lang != ENGLISH)
    if not others or not len(guessed):
        return
    if ENGLISH in languages:
        notes.append(
            "pronoun_start knows English pronouns only (it, this, they …): a line of the "
            f"index's text in {others} that starts with a pronoun is not marked down"
        )
        return
    parts["pronoun_start"] = np.full(len(guessed), np.nan)
    notes.append(
        "pronoun_start left out: it knows English pronouns only (it, this, they …), and "
        f"the index's text is in {others}"
    )


CHUNK = 100_000  # lines whose sentences are counted at once


def _lines_by_lemma(codes: np.ndarray, names: list[str]) -> dict[str, np.ndarray]:
    """The lines (positions, ascending) of each lemma among them."""
    if not len(codes):
        return {}
    order = np.argsort(codes, kind="stable")
    distinct, starts = np.unique(codes[order], return_index=True)
    groups = np.split(order, starts[1:])
    return {names[c]: group for c, group in zip(distinct.tolist(), groups, strict=True)}


@dataclass
class _Corpus:
    """What every line is measured against, read once per call: the index's live tokens,
    each vocab id's lemma key (a code, and the keys), each key's frequency in the
    index, the frequency below which a lemma is rare, and the POS tags read."""

    tokens: CorpusTokens
    key_codes: np.ndarray
    key_names: list[str]
    frequency: np.ndarray
    rare_below: float
    tags: _Tags

    @classmethod
    def of(cls, index: Index, settings: Settings) -> _Corpus:
        tokens = corpus_tokens(index)
        key_codes, key_names = lemma_keys(index)
        frequency = np.bincount(key_codes[tokens.column("lemma")], minlength=len(key_names))
        rare_below = max(settings.rare_below, settings.rare_per_million * tokens.size / 1e6)
        return cls(tokens, key_codes, key_names, frequency, rare_below, _Tags.of(index))


# The parts measured over the sentence's other words earn their marks only as far as
# the sentence has an example's length: a two-word fragment has no other word to be
# rare, a name or odd, so it would get those marks for nothing (Sketch Engine's default
# GDEX formula likewise multiplies its greylists by its length interval).
LENGTH_SCALED = ("rare_words", "proper_names", "odd_characters")


def combined(parts: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """The weighted mean of the parts present on each line (NaN: absent), each part of
    :data:`LENGTH_SCALED` counted times the line's ``length`` part."""
    size = len(next(iter(parts.values()))) if parts else 0
    total, weight = np.zeros(size), np.zeros(size)
    for name, values in _length_scaled(parts).items():
        present = ~np.isnan(values)
        total += np.where(present, values, 0.0) * weights[name]
        weight += present * weights[name]
    return np.divide(total, weight, out=np.zeros(size), where=weight > 0)


def _length_scaled(parts: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    scaled = dict(parts)
    if "length" in parts:
        for name in LENGTH_SCALED:
            if name in parts:
                scaled[name] = parts[name] * parts["length"]
    return scaled


_TABLES_LOCK = threading.Lock()  # the web app scores from several threads


# -- the sentence's parts ----------------------------------------------------------------


@dataclass
class SentenceFeatures:
    """What each line's sentence has, counted over its tokens: its words, where its
    first word is (its token's flags), how it ends, and the rare words, names and odd
    tokens beside the line's own token; and the line's lemma (its word's key)."""

    words: np.ndarray
    capital_start: np.ndarray
    full_stop: np.ndarray
    anaphoric_start: np.ndarray
    other_words: np.ndarray
    rare: np.ndarray
    names: np.ndarray
    odd: np.ndarray
    lemmas: np.ndarray  # lemma key codes
    untagged: np.ndarray  # other words without a POS tag

    @classmethod
    def joined(cls, pieces: Sequence[SentenceFeatures]) -> SentenceFeatures:
        names = [f.name for f in fields(cls)]
        if not pieces:
            return cls(**{name: np.zeros(0) for name in names})
        return cls(**{name: np.concatenate([getattr(p, name) for p in pieces]) for name in names})

    @classmethod
    def of(cls, corpus: _Corpus, positions: np.ndarray) -> SentenceFeatures:
        tokens = corpus.tokens
        index = tokens.index
        starts_all = tokens.sentence_starts
        line_sentence = np.searchsorted(starts_all, positions, side="right") - 1
        sentences, line_at = np.unique(line_sentence, return_inverse=True)
        starts, ends = starts_all[sentences], starts_all[sentences + 1]
        gathered, owner, offsets = _gathered(starts, ends)
        forms = tokens.column("form")[gathered].astype(np.int64)
        words = _WordTable.of(index, forms)
        flags = words.flags
        is_word = flags["word"]

        lemma_codes = corpus.key_codes[tokens.column("lemma")[gathered]]
        rare = is_word & (corpus.frequency[lemma_codes] < corpus.rare_below)

        tags = corpus.tags
        pos = tokens.column("pos")[gathered].astype(np.int64) if tags.tagged else None
        local = np.arange(len(gathered)) - offsets[owner]
        first_word = np.minimum.reduceat(np.where(is_word, local, len(gathered)), offsets)
        has_word = first_word < (ends - starts)
        first_at = offsets + np.minimum(first_word, ends - starts - 1)
        is_first = np.zeros(len(gathered), dtype=bool)
        is_first[first_at[has_word]] = True
        names = tags.names(pos, flags, is_first)
        untagged = is_word if pos is None else is_word & (pos == 0)
        anaphoric = flags["anaphoric"][first_at] & has_word
        if pos is not None:
            anaphoric &= pos[first_at] == tags.pron
        capital = flags["capital"][first_at] & has_word

        last_at = offsets + (ends - starts) - 1
        before = np.maximum(last_at - 1, offsets)
        last_at = np.where(flags["closer"][last_at], before, last_at)

        own = offsets[line_at] + (positions - starts[line_at])  # the line's token in gathered
        count = len(sentences)
        per_sentence = {
            name: np.bincount(owner, weights=values, minlength=count)
            for name, values in (("words", is_word), ("rare", rare), ("names", names),
                                 ("odd", flags["odd"]), ("untagged", untagged))
        }  # fmt: skip
        return cls(
            words=per_sentence["words"][line_at],
            capital_start=capital[line_at],
            full_stop=flags["end"][last_at][line_at],
            anaphoric_start=anaphoric[line_at],
            other_words=per_sentence["words"][line_at] - is_word[own],
            rare=per_sentence["rare"][line_at] - rare[own],
            names=per_sentence["names"][line_at] - names[own],
            odd=per_sentence["odd"][line_at] - flags["odd"][own],
            lemmas=lemma_codes[own],
            untagged=per_sentence["untagged"][line_at] - untagged[own],
        )

    def parts(self, settings: Settings) -> dict[str, np.ndarray]:
        """Every part but typicality, for each line."""
        others = np.maximum(self.other_words, 1)
        return {
            "length": length_part(self.words, settings),
            "whole_sentence": 0.5 * self.capital_start + 0.5 * self.full_stop,
            "rare_words": _penalised(settings.share_penalty * self.rare / others),
            "proper_names": _penalised(settings.share_penalty * self.names / others),
            "pronoun_start": np.where(self.anaphoric_start, 0.0, 1.0),
            "odd_characters": _penalised(settings.odd_penalty * self.odd),
        }


def length_part(words: np.ndarray, settings: Settings) -> np.ndarray:
    """1 on the plateau of good lengths, falling linearly to 0 at ``zero_short`` words
    below it and at ``zero_long`` above it."""
    low, high = settings.good_length
    words = np.asarray(words, dtype=np.float64)
    short = (words - settings.zero_short) / (low - settings.zero_short)
    long = (settings.zero_long - words) / (settings.zero_long - high)
    return np.clip(np.minimum(short, long), 0.0, 1.0)


def _penalised(penalty: np.ndarray) -> np.ndarray:
    return np.clip(1.0 - penalty, 0.0, 1.0)


def _gathered(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every position of these sentences, one after another; each one's sentence (its
    place in ``starts``); where each sentence begins among them."""
    lengths = ends - starts
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    owner = np.repeat(np.arange(len(starts)), lengths)
    gathered = np.arange(int(lengths.sum()), dtype=np.int64) + (starts - offsets)[owner]
    return gathered, owner, offsets


FLAG_NAMES = ("word", "capital", "anaphoric", "pronoun", "closer", "end", "odd")
_BIT = {name: 1 << at for at, name in enumerate(FLAG_NAMES)}
_UNKNOWN = 1 << len(FLAG_NAMES)


@dataclass
class _WordTable:
    """Each token's flags (``word``, ``capital``, … as in FLAG_NAMES) by its form."""

    flags: dict[str, np.ndarray]

    @classmethod
    def of(cls, index: Index, forms: np.ndarray) -> _WordTable:
        bits = _form_bits(index, forms)[forms]
        return cls({name: (bits & bit) > 0 for name, bit in _BIT.items()})


# Each open index's flags by vocab id, decided once per form and kept: a vocab id's text
# never changes (ids are never reused), so only ids new since are looked at.
_FORM_BITS: weakref.WeakKeyDictionary[Index, np.ndarray] = weakref.WeakKeyDictionary()


def _form_bits(index: Index, forms: np.ndarray) -> np.ndarray:
    """The index's flag bits by vocab id, decided for ``forms`` if not yet."""
    with _TABLES_LOCK:
        known = _FORM_BITS.get(index)
        size = int(forms.max()) + 1 if len(forms) else 1
        if known is None or len(known) < size:
            grown = np.full(max(size, 2 * len(known) if known is not None else 0), _UNKNOWN,
                            dtype=np.uint8)  # fmt: skip
            if known is not None:
                grown[: len(known)] = known
            known = _FORM_BITS[index] = grown
        distinct = np.unique(forms)
        unknown = distinct[known[distinct] == _UNKNOWN]
        if len(unknown):
            texts = word_texts(index, unknown)
            known[unknown] = np.fromiter(map(_bits_of, texts), np.uint8, len(texts))
        return known


def _bits_of(text: str) -> int:
    """A form's flags as bits: one call per distinct form, cheapest tests first."""
    if text.isalnum() or not is_punctuation(text):
        folded = text.casefold()
        bits = _BIT["word"] | (_BIT["capital"] if text[0].isupper() else 0)
        if folded in PRONOUNS:
            bits |= _BIT["pronoun"] | (_BIT["anaphoric"] if folded in ANAPHORIC_PRONOUNS else 0)
        return bits | (_BIT["odd"] if _ODD.search(text) else 0)
    chars = set(text)
    bits = _BIT["closer"] if text and chars <= _CLOSERS else 0
    bits |= _BIT["end"] if _is_end(text) else 0
    odd = _ODD.search(text) or (text and chars <= _QUOTES_AND_BRACKETS)
    return bits | (_BIT["odd"] if odd else 0)


def _is_end(text: str) -> bool:
    """``.``, ``!``, ``?`` or a run of ``!`` and ``?`` (an ellipsis is not an end)."""
    return text in (".", "!", "?") or (len(text) > 1 and set(text) <= {"!", "?"})


@dataclass(frozen=True)
class _Tags:
    """The index's POS tags that the parts read: whether it has any, PROPN's and
    PRON's ids (-1: none)."""

    tagged: bool
    propn: int
    pron: int

    @classmethod
    def of(cls, index: Index) -> _Tags:
        present = index.tags_in("pos")
        if not present:
            return cls(False, -1, -1)
        texts = index.tag_texts()
        ids = {text: i for i, text in enumerate(texts) if text}
        return cls(True, ids.get("PROPN", -1), ids.get("PRON", -1))

    def names(
        self, pos: np.ndarray | None, flags: Mapping[str, np.ndarray], is_first: np.ndarray
    ) -> np.ndarray:
        """Which tokens are names: PROPN, else (a token without a POS tag) capitalised
        words inside the sentence."""
        guessed = flags["word"] & flags["capital"] & ~flags["pronoun"] & ~is_first
        if pos is not None:
            return (pos == self.propn) | ((pos == 0) & guessed)
        return guessed


# -- typicality --------------------------------------------------------------------------

# A sense's spread is measured on a seeded sample of at most this many of its members.
SPREAD_SAMPLE = 2_000


def typicality(
    index: Index,
    ids: np.ndarray,
    lemmas: Mapping[str, np.ndarray],
    runs: Sequence[SenseRun],
    notes: list[str],
) -> np.ndarray:
    """Each line's typicality (NaN where there is none), and why not in ``notes``;
    ``lemmas``: the lines of each lemma."""
    out = np.full(len(ids), np.nan)
    if not len(ids):
        return out
    if not index.has_vectors:
        notes.append("typicality left out: the index has no vectors (built text-only)")
        return out
    chosen = _runs_for(index, list(lemmas), runs)
    missing = sorted(lemma for lemma in lemmas if lemma not in chosen)
    # A plain concordance lists a function word's tokens too: they have no sense vector,
    # and no run could be made of them. On an index with vectors for chosen words, a word
    # not chosen has none either (its candidates are then every token, without a vector):
    # `sensegrep senses WORD` would refuse it, so the note must not send the user there.
    without = [
        lemma
        for lemma in missing
        if not index.word_has_vectors(lemma) or not len(index.candidates(lemma))
    ]
    if without:
        shown = ", ".join(repr(m) for m in without[:5]) + (" …" if len(without) > 5 else "")
        chosen_words = (
            "; on an index with vectors for chosen words, `sensegrep vectors add WORD` "
            "adds a content word's"
            if index.manifest.chosen
            else ""
        )
        notes.append(
            f"typicality left out for {shown}: no token of it has a sense vector (function "
            f"words and punctuation get none{chosen_words})"
        )
    missing = [lemma for lemma in missing if lemma not in without]
    if missing:
        shown = ", ".join(repr(m) for m in missing[:5]) + (" …" if len(missing) > 5 else "")
        notes.append(
            f"typicality left out for {shown}: no stored sense run (`sensegrep senses "
            f"{missing[0]}` makes one)"
        )
    for lemma, run in chosen.items():
        out[lemmas[lemma]] = run_typicality(index, run, ids[lemmas[lemma]])
    return out


def _runs_for(index: Index, lemmas: list[str], given: Sequence[SenseRun]) -> dict[str, SenseRun]:
    """The run for each lemma: given, else its current stored run (none induced here)."""
    from sensegrep.senses.runs import load_run

    chosen = {run.lemma.lower(): run for run in given if run.lemma.lower() in lemmas}
    rest = [lemma for lemma in lemmas if lemma not in chosen]
    for lemma, (head, _pinned) in index.current_sense_runs(rest).items():
        run = load_run(index, head.id)
        if run is not None:
            chosen[lemma] = run
    return chosen


def run_typicality(index: Index, run: SenseRun, ids: np.ndarray) -> np.ndarray:
    """Typicality of occurrences of ``run``'s word (NaN: one without a vector)."""
    from sensegrep.senses.runs import ensure_centroids, senses_of

    out = np.full(len(ids), np.nan)
    sense_of = senses_of(index, run, ids)  # ascending ids; new ones assigned
    if not sense_of:
        return out
    ensure_centroids(index, run)
    known = np.fromiter(sense_of, np.int64, len(sense_of))
    senses = np.fromiter(sense_of.values(), np.int64, len(known))
    vectors = _WordVectors(index, index.candidates(run.lemma))
    cosines = vectors.cosines(run, known, senses)
    mean, spread = _spreads(vectors, run)
    scale = spread[senses - 1]
    z = np.divide(cosines - mean[senses - 1], scale, out=np.zeros(len(known)), where=scale > 0)
    values = np.where(scale > 0, normal_cdf(z), 1.0)  # all alike: no member is an outlier
    where = np.minimum(np.searchsorted(known, ids), len(known) - 1)
    found = known[where] == ids
    out[found] = values[where[found]]
    return out


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z) = (1 + erf(z / √2)) / 2, one line at a time (scipy's costs a second to
    import, more than scoring 10,000 lines)."""
    erf = np.frompyfunc(math.erf, 1, 1)
    return (1.0 + erf(np.asarray(z, dtype=np.float64) / math.sqrt(2)).astype(np.float64)) / 2


@dataclass
class _WordVectors:
    """Where a word's occurrences' vectors are (``found``: the word's occurrences with
    a vector, ids ascending), to read those of some of them."""

    index: Index
    found: Candidates

    def located(self, ids: np.ndarray) -> Candidates:
        """Where ``ids`` (ascending) are: among the word's, else looked up (one added
        since ``found`` was read); a removed one is left out."""
        at = np.minimum(np.searchsorted(self.found.ids, ids), max(len(self.found) - 1, 0))
        if len(self.found) and (self.found.ids[at] == ids).all():
            return self.found.take(at)
        return self.index.existing(ids)

    def cosines(self, run: SenseRun, ids: np.ndarray, senses: np.ndarray) -> np.ndarray:
        """Each occurrence's cosine to its sense's centroid, as induction measures it
        (unit vectors centred on the run's centre, unit again); ``ids`` ascending."""
        from sensegrep.senses.induce import prepared

        assert run.centroids is not None
        out = np.full(len(ids), np.nan)
        for start in range(0, len(ids), CHUNK):  # float64 copies of a chunk's vectors only
            check()
            located = self.located(ids[start : start + CHUNK])
            x, _ = prepared(self.index.vectors_of(located), run.centre)
            at = np.searchsorted(ids, located.ids)
            out[at] = np.einsum("ij,ij->i", x, run.centroids[senses[at] - 1])
        return out


def _spreads(vectors: _WordVectors, run: SenseRun) -> tuple[np.ndarray, np.ndarray]:
    """Each sense's mean and standard deviation of its members' cosines to its
    centroid (a seeded sample of at most SPREAD_SAMPLE members of each)."""
    rng = np.random.default_rng(0)
    picked = []
    for sense in range(1, run.k + 1):
        members = run.ids[run.senses == sense]
        if len(members) > SPREAD_SAMPLE:
            members = np.sort(rng.choice(members, size=SPREAD_SAMPLE, replace=False))
        picked.append(members)
    ids = np.concatenate([np.zeros(0, dtype=np.int64), *picked])
    order = np.argsort(ids, kind="stable")
    senses = np.repeat(np.arange(1, run.k + 1), [len(p) for p in picked])[order]
    cosines = vectors.cosines(run, ids[order], senses)
    mean, spread = np.zeros(run.k), np.zeros(run.k)
    for sense in range(1, run.k + 1):
        values = cosines[(senses == sense) & ~np.isnan(cosines)]
        if len(values):
            mean[sense - 1], spread[sense - 1] = values.mean(), values.std()
    return mean, spread


# -- the best examples -------------------------------------------------------------------


def best_first(scores: np.ndarray) -> np.ndarray:
    """Positions by descending score, ties in their present (corpus) order."""
    return np.lexsort((np.arange(len(scores)), -np.asarray(scores)))


def sentence_key(sentence: str) -> str:
    """What a sentence and its repeat share (spacing and case aside): one good example
    is given once, though a corpus may hold its sentence twice."""
    return " ".join(sentence.split()).casefold()


def good_examples(
    index: Index, ids: np.ndarray, quality: Quality, n: int
) -> list[tuple[OccurrenceContext, float, dict[str, float]]]:
    """The ``n`` best of ``ids`` (lines scored by ``quality``) as (their concordance
    context, score, parts), best first, one per distinct sentence text (a corpus may
    hold the same sentence twice, and a sentence may hold the word twice)."""
    order = best_first(quality.score)
    chosen: list[tuple[OccurrenceContext, float, dict[str, float]]] = []
    seen: set[str] = set()
    start, size = 0, max(2 * n, 8)
    while len(chosen) < n and start < len(order):
        batch = order[start : start + size]
        contexts = index.contexts([int(ids[at]) for at in batch])
        for at in batch.tolist():
            context = contexts.get(int(ids[at]))
            text = None if context is None else sentence_key(context.sentence)
            if text is None or text in seen:
                continue
            seen.add(text)
            chosen.append((context, *quality.record(at)))
            if len(chosen) == n:
                break
        start, size = start + size, size * 2
    return chosen
