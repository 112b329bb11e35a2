"""Princeton WordNet 3.0, read straight from its database files (the WNdb ``dict`` folder).

Only what labelling needs: the senses of a lemma in WordNet's order (the first is the
"first sense", WordNet's most frequent one in SemCor), and the synset and gloss of a
sense key. Everything comes from ``index.sense`` (one line per sense key: ``key offset
sense_number tag_count``) and the ``data.*`` files (a synset's line at its byte offset),
so no nltk data download and no network are involved.

Sense keys look like ``bank%1:17:01::``: lemma, ``%``, then the synset type (1 noun,
2 verb, 3 adjective, 4 adverb, 5 adjective satellite) and lexicographer fields.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from sensegrep.errors import SensegrepError

# Universal POS (and WordNet's own letters) → the synset types a sense key may carry.
_POS_TYPES: dict[str, tuple[int, ...]] = {
    "NOUN": (1,),
    "PROPN": (1,),
    "VERB": (2,),
    "ADJ": (3, 5),
    "ADV": (4,),
    "n": (1,),
    "v": (2,),
    "a": (3, 5),
    "s": (3, 5),
    "r": (4,),
}
_DATA_FILES = {1: "data.noun", 2: "data.verb", 3: "data.adj", 4: "data.adv", 5: "data.adj"}
_TYPE_LETTERS = {1: "n", 2: "v", 3: "a", 4: "r", 5: "s"}


@dataclass(frozen=True)
class Synset:
    """A synset as the data files give it: ``id`` is ``OFFSET-LETTER`` (``09213565-n``)."""

    id: str
    words: tuple[str, ...]
    gloss: str


@dataclass(frozen=True)
class _Sense:
    offset: int
    number: int
    ss_type: int


def _parse_entry(line: str) -> tuple[str, _Sense] | None:
    """``key offset sense_number tag_count`` → (key, sense); None for a malformed line."""
    fields = line.split()
    try:
        _lemma, ss_type = split_key(fields[0])
        return fields[0], _Sense(int(fields[1]), int(fields[2]), ss_type)
    except (IndexError, ValueError):
        return None


def normalise_lemma(lemma: str) -> str:
    """WordNet's spelling of a lemma: lower case, spaces as underscores."""
    return "_".join(lemma.strip().lower().split())


class WordNet:
    """Read-only access to one WordNet ``dict`` folder.

    ``index.sense`` is sorted by sense key, so it is held as a list of lines and
    searched by bisection: opening costs one file read (~0.15 s), not a parse.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        path = folder / "index.sense"
        try:
            self._lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise SensegrepError(f"cannot read {path}: {exc}") from exc
        self._synsets: dict[tuple[int, int], Synset | None] = {}

    @classmethod
    def open(cls, folder: Path | str) -> WordNet:
        """Open a WNdb folder; SensegrepError naming what is missing when it is none."""
        folder = Path(folder)
        needed = ("index.sense", *sorted(set(_DATA_FILES.values())))
        missing = [name for name in needed if not (folder / name).is_file()]
        if missing:
            raise SensegrepError(
                f"--wordnet {folder}: not a WordNet 3.0 dict folder (missing "
                f"{', '.join(missing)}); expected e.g. …/wordnet30/dict"
            )
        return cls(folder)

    def _entries(self, prefix: str) -> list[tuple[str, _Sense]]:
        """The index.sense entries whose key starts with ``prefix``."""
        found = []
        at = bisect_left(self._lines, prefix)
        while at < len(self._lines) and self._lines[at].startswith(prefix):
            entry = _parse_entry(self._lines[at])
            if entry is not None:
                found.append(entry)
            at += 1
        return found

    def senses(self, lemma: str, pos: str) -> list[str]:
        """The sense keys of ``lemma`` as ``pos`` (UPOS or n/v/a/s/r), in WordNet's order."""
        types = _POS_TYPES.get(pos, ())
        entries = self._entries(normalise_lemma(lemma) + "%")
        # Satellites (5) share the adjectives' (3) sense numbering.
        wanted = sorted((s.number, key) for key, s in entries if s.ss_type in types)
        return [key for _number, key in wanted]

    def first_sense(self, lemma: str, pos: str) -> str | None:
        """WordNet's first sense key of ``lemma`` as ``pos``, None when it has none."""
        keys = self.senses(lemma, pos)
        return keys[0] if keys else None

    def synset(self, key: str) -> Synset | None:
        """The synset of a sense key (None for a label that is no key of this WordNet)."""
        key = key.strip().lower()
        sense = next((s for k, s in self._entries(key + " ") if k == key), None)
        if sense is None:
            return None
        where = (sense.ss_type, sense.offset)
        if where not in self._synsets:
            self._synsets[where] = self._read_synset(sense.ss_type, sense.offset)
        return self._synsets[where]

    def gloss(self, key: str) -> str | None:
        found = self.synset(key)
        return found.gloss if found else None

    def describe(self, label: str) -> str | None:
        """Glosses for a label of one or more space-separated sense keys, '; '-joined."""
        glosses = [g for g in (self.gloss(k) for k in label.split()) if g]
        return "; ".join(glosses) if glosses else None

    def _read_synset(self, ss_type: int, offset: int) -> Synset | None:
        # The offset is the byte position of the synset's line in its data file.
        with (self.folder / _DATA_FILES[ss_type]).open("rb") as handle:
            handle.seek(offset)
            line = handle.readline().decode("utf-8", errors="replace")
        head, _bar, gloss = line.partition(" | ")
        fields = head.split()
        if len(fields) < 4 or fields[0] != f"{offset:08d}":
            return None  # an index that does not belong to these data files
        count = int(fields[3], 16)
        words = tuple(w.replace("_", " ") for w in fields[4 : 4 + 2 * count : 2])
        return Synset(f"{offset:08d}-{_TYPE_LETTERS[ss_type]}", words, gloss.strip())


# Pointers to a more general synset: hypernym and instance hypernym ("Paris" → city).
_HYPERNYM_POINTERS = frozenset({"@", "@i"})
# A pointer's part of speech → the data file its offset is in (satellites: data.adj).
_FILE_OF_LETTER = {"n": 1, "v": 2, "a": 3, "s": 3, "r": 4}


@dataclass(frozen=True)
class SynsetNode:
    """One synset of the graph: its ``OFFSET-LETTER`` id, its sense keys (WordNet's
    order), the lexicographer file it belongs to (``lexname``: noun.animal is 5), the
    rows of its hypernyms (``@`` and ``@i``) and its words and gloss."""

    id: str
    keys: tuple[str, ...]
    lexfile: int
    hypernyms: tuple[int, ...]
    words: tuple[str, ...]
    gloss: str


@dataclass(frozen=True)
class WordNetGraph:
    """Every synset of a WordNet, its relations as row numbers; ``synset_of`` maps each
    sense key of ``index.sense`` to its synset's row."""

    synsets: tuple[SynsetNode, ...]
    synset_of: dict[str, int]

    @property
    def keys(self) -> list[str]:
        """Every sense key, sorted (index.sense's order)."""
        return sorted(self.synset_of)


def read_graph(wordnet: WordNet) -> WordNetGraph:
    """Parse every data file of ``wordnet`` (about 2 s for WordNet 3.0): the synsets,
    their sense keys (from index.sense), lexicographer files and hypernyms."""
    keys_at: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for line in wordnet._lines:
        entry = _parse_entry(line)
        if entry is not None:
            key, sense = entry
            where = (_FILE_OF_LETTER[_TYPE_LETTERS[sense.ss_type]], sense.offset)
            keys_at.setdefault(where, []).append((sense.number, key))
    parsed: list[tuple[tuple[int, int], str, int, list[tuple[int, int]], tuple[str, ...], str]]
    parsed = []
    for file_type in (1, 2, 3, 4):
        path = wordnet.folder / _DATA_FILES[file_type]
        for number, raw in enumerate(path.read_bytes().decode("utf-8", "replace").splitlines(), 1):
            if raw.startswith("  ") or not raw.strip():
                continue  # the licence header
            try:
                parsed.append(_synset_line(file_type, raw))
            except (IndexError, ValueError, KeyError) as exc:
                raise SensegrepError(f"{path}:{number}: not a WordNet data line ({exc})") from exc
    row_of = {item[0]: row for row, item in enumerate(parsed)}
    synsets = []
    synset_of: dict[str, int] = {}
    for row, (where, synset_id, lexfile, pointers, words, gloss) in enumerate(parsed):
        keys = tuple(key for _n, key in sorted(keys_at.get(where, [])))
        for key in keys:
            synset_of[key] = row
        hypernyms = tuple(row_of[p] for p in pointers if p in row_of)
        synsets.append(SynsetNode(synset_id, keys, lexfile, hypernyms, words, gloss))
    return WordNetGraph(tuple(synsets), synset_of)


def _synset_line(
    file_type: int, line: str
) -> tuple[tuple[int, int], str, int, list[tuple[int, int]], tuple[str, ...], str]:
    """A data line → ((file, offset), id, lexfile, hypernym places, words, gloss)."""
    head, _bar, gloss = line.partition(" | ")
    fields = head.split()
    offset, lexfile, letter = int(fields[0]), int(fields[1]), fields[2]
    count = int(fields[3], 16)
    words = tuple(w.replace("_", " ") for w in fields[4 : 4 + 2 * count : 2])
    at = 4 + 2 * count
    pointers = []
    for i in range(int(fields[at])):
        symbol, target, pos = fields[at + 1 + 4 * i : at + 4 + 4 * i]
        if symbol in _HYPERNYM_POINTERS:
            pointers.append((_FILE_OF_LETTER[pos], int(target)))
    where = (file_type, offset)
    return where, f"{offset:08d}-{letter}", lexfile, pointers, words, gloss.strip()


def split_key(key: str) -> tuple[str, int]:
    """``bank%1:17:01::`` → ``("bank", 1)``; ValueError for anything else."""
    lemma, sep, rest = key.partition("%")
    if not sep or not lemma:
        raise ValueError(f"not a sense key: {key!r}")
    ss_type = int(rest.split(":", 1)[0])
    if ss_type not in _DATA_FILES:
        raise ValueError(f"not a sense key: {key!r}")
    return lemma.lower(), ss_type


def key_pos(key: str) -> str | None:
    """The Universal POS a sense key belongs to (ADJ for satellites), None if no key."""
    try:
        _lemma, ss_type = split_key(key)
    except ValueError:
        return None
    return {1: "NOUN", 2: "VERB", 3: "ADJ", 4: "ADV", 5: "ADJ"}[ss_type]
