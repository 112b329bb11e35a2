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
