"""Word sketches (``sensegrep sketch WORD``): a word's collocates grouped by grammatical
relation, from the dependency relations the token store keeps (each token's relation
and its head as an offset), with logDice.

**Triples.** Every dependency the sketch grammar reads gives two triples (Sketch Engine's
``(word1, gramrel, word2)``), one from each end, so a relation can be read from either
word:

=====================================  =====================  =========================
dependency (dependent → head)          head's triple          dependent's triple
=====================================  =====================  =========================
amod, compound, advmod (nn)            (head, modifier, dep)  (dep, modifies, head)
obj, dobj; nsubj:pass, nsubjpass       (head, object, dep)    (dep, object_of, head)
nsubj                                  (head, subject, dep)   (dep, subject_of, head)
conj                                   (head, and/or, dep)    (dep, and/or, head)
compound:prt, prt                      (head, particle, dep)  (dep, particle_of, head)
UD: nmod/obl X with a case child P     (head, pp_P, X)        (X, pp_obj_P, head)
spaCy: P prep/agent/dative of head,    (head, pp_P, X)        (X, pp_obj_P, head)
  X pobj of P
=====================================  =====================  =========================

Both label sets are read: Universal Dependencies' (CoNLL-U files: obj, nsubj:pass,
nmod/obl + case) and the ClearNLP-style labels of spaCy's English model (``index
--tagger spacy --parse``: dobj, nsubjpass, prep + pobj), so that "open an account at the
bank" gives (bank, pp_obj_at, open) from either. A subtype reads as its base relation
(``obl:tmod`` as ``obl``) except ``nsubj:pass`` (an object: the passive's subject is the
verb's logical object, so "the loan was approved" and "approved the loan" agree),
``compound:prt`` (a particle) and ``nmod:poss`` (a possessor, not a prepositional
phrase: "the bank's" has a case child ``'s``). With several case children (UD's "out
of"), the first names the preposition. A label is compared case-folded.

**logDice** as Sketch Engine computes it for word sketches (Rychlý 2008, "A
Lexicographer-Friendly Association Score"; Sketch Engine's "Statistics used in Sketch
Engine")::

    logDice = 14 + log2( 2·||w,R,c|| / (||w,R,*|| + ||*,*,c||) )

``||w,R,c||`` (a row's ``freq``): the triples of the word's nodes in relation R with
collocate c; ``||w,R,*||`` (``relation_freq``): the nodes' triples in relation R, any
collocate; ``||*,*,c||`` (``collocate_freq``): the triples of the whole (sub)corpus
whose second word is c, in any relation, that is every dependency the grammar reads in
which c takes part, at either end. A node restricted to one sense changes the first two,
never the third. Words are lemmas, case-folded; the maximum is 14 (every triple of the
word in R has c, and c has no other).

Everything is counted with numpy over the token columns: a head is a position plus its
offset, so the triples of the whole (sub)corpus are a few array operations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sensegrep.errors import QueryError
from sensegrep.stats.corpus import CorpusTokens

# The relations with a fixed name, in the order a sketch lists them; then pp_PREP and
# pp_obj_PREP (by frequency). "pp" and "pp_obj" name every relation of their kind.
FIXED_RELATIONS = (
    "modifier",
    "modifies",
    "object_of",
    "subject_of",
    "object",
    "subject",
    "and/or",
    "particle",
    "particle_of",
)
PP, PP_OBJ = "pp", "pp_obj"
RELATION_NAMES = (*FIXED_RELATIONS, PP, PP_OBJ)
_CODE = {name: code for code, name in enumerate(RELATION_NAMES)}

# What a dependency label is to the grammar.
NONE, MODIFIER, OBJECT, SUBJECT, CONJUNCT, PARTICLE, NOMINAL, CASE, PREPOSITION, POBJ = range(10)
_LABEL_KINDS = {
    "amod": MODIFIER,
    "compound": MODIFIER,
    "advmod": MODIFIER,
    "nn": MODIFIER,  # Stanford's older noun compound
    "obj": OBJECT,
    "dobj": OBJECT,
    "nsubj:pass": OBJECT,
    "nsubjpass": OBJECT,
    "nsubj": SUBJECT,
    "conj": CONJUNCT,
    "compound:prt": PARTICLE,
    "prt": PARTICLE,
    "nmod": NOMINAL,
    "obl": NOMINAL,
    "nmod:poss": NONE,
    "case": CASE,
    "prep": PREPOSITION,
    "agent": PREPOSITION,  # spaCy's "by" of a passive: pp_by, as UD's obl:agent + case
    # spaCy's "to"/"for" of an indirect object ("lent money to farmers"): pp_to, as UD's
    # obl + case; a bare indirect object ("lent them money") has no pobj, so no triple
    "dative": PREPOSITION,
    "pobj": POBJ,
}
# A simple dependency's relations: (the head's, the dependent's).
_EDGE_RELATIONS = {
    MODIFIER: ("modifier", "modifies"),
    OBJECT: ("object", "object_of"),
    SUBJECT: ("subject", "subject_of"),
    CONJUNCT: ("and/or", "and/or"),
    PARTICLE: ("particle", "particle_of"),
}


def label_kind(label: str | None) -> int:
    """What a dependency label is to the grammar: its own entry, else its base's
    (``obl:tmod`` → ``obl``; ``nsubj:pass:xsubj`` is still a passive's subject)."""
    if not label:
        return NONE
    label = label.lower()
    if label in _LABEL_KINDS:
        return _LABEL_KINDS[label]
    base = label.partition(":")[0]
    if base == "nsubj" and ":pass" in label:
        return OBJECT
    return _LABEL_KINDS.get(base, NONE)


def label_kinds(tag_texts: list[str]) -> np.ndarray:
    """Each tag id's kind (the token store's relations are ids in the tags' table)."""
    return np.fromiter((label_kind(t) for t in tag_texts), np.int8, len(tag_texts))


@dataclass(frozen=True)
class Triples:
    """Every triple of a (sub)corpus: its first and second word's positions, its
    relation (a code in RELATION_NAMES) and, for pp and pp_obj, the preposition's lemma
    code (-1 for the others)."""

    first: np.ndarray
    second: np.ndarray
    relation: np.ndarray
    preposition: np.ndarray

    def __len__(self) -> int:
        return len(self.first)


def triples(tokens: CorpusTokens, lemmas: np.ndarray, kinds: np.ndarray) -> Triples:
    """The triples of every dependency the grammar reads (see the module docstring).
    ``lemmas``: each position's lemma code; ``kinds``: label_kinds of the tags."""
    head = tokens.column("head").astype(np.int64)
    kind = kinds[tokens.column("deprel")] if len(kinds) else np.zeros(len(head), np.int8)
    kind = np.where(head != 0, kind, NONE)  # a root, or a token without a head
    governor = np.arange(len(head), dtype=np.int64) + head
    parts: list[tuple[np.ndarray, np.ndarray, int, np.ndarray | None]] = []
    for edge_kind, (of_head, of_dependent) in _EDGE_RELATIONS.items():
        dependent = np.flatnonzero(kind == edge_kind)
        parts.append((governor[dependent], dependent, _CODE[of_head], None))
        parts.append((dependent, governor[dependent], _CODE[of_dependent], None))
    for attached, word, preposition in (
        _ud_phrases(kind, governor, lemmas),
        _spacy_phrases(kind, governor, lemmas),
    ):
        parts.append((attached, word, _CODE[PP], preposition))
        parts.append((word, attached, _CODE[PP_OBJ], preposition))
    return Triples(
        np.concatenate([first for first, *_ in parts]),
        np.concatenate([second for _, second, *_ in parts]),
        np.concatenate([np.full(len(first), code, np.int8) for first, _, code, _ in parts]),
        np.concatenate([np.full(len(first), -1, np.int64) if p is None else p
                        for first, _, _, p in parts]),
    )  # fmt: skip


def _ud_phrases(
    kind: np.ndarray, governor: np.ndarray, lemmas: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """UD's prepositional phrases: X (nmod or obl of H) with a case child P give
    (H, X, P's lemma), one per X (its first case child)."""
    case = np.flatnonzero(kind == CASE)
    word = governor[case]
    nominal = kind[word] == NOMINAL
    case, word = case[nominal], word[nominal]
    word, first = np.unique(word, return_index=True)  # case is ascending: the first child
    return governor[word], word, lemmas[case[first]]


def _spacy_phrases(
    kind: np.ndarray, governor: np.ndarray, lemmas: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """spaCy's (ClearNLP's) prepositional phrases: X pobj of P, P prep (or agent, or
    dative) of H give (H, X, P's lemma)."""
    word = np.flatnonzero(kind == POBJ)
    preposition = governor[word]
    attached = kind[preposition] == PREPOSITION
    word, preposition = word[attached], preposition[attached]
    return governor[preposition], word, lemmas[preposition]


def collocate_frequencies(found: Triples, lemmas: np.ndarray, items: int) -> np.ndarray:
    """||*,*,c|| for every lemma c: the triples whose second word it is."""
    return np.bincount(lemmas[found.second], minlength=items).astype(np.int64)


# -- one sketch ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sketch:
    """The triples of some nodes, grouped: each relation's key and name and
    ||w,R,*||; each row's relation (index into them), collocate (lemma code) and
    ||w,R,c||; the rows' nodes, each once, row by row in corpus order (``firsts``:
    positions; row r's are ``firsts[row_starts[r]:row_starts[r + 1]]``); and each row's
    reach, how far from its node its collocate is at most (in token positions)."""

    keys: np.ndarray
    names: list[str]
    relation_freq: np.ndarray
    row_relation: np.ndarray
    row_collocate: np.ndarray
    row_freq: np.ndarray
    firsts: np.ndarray
    row_starts: np.ndarray
    row_reach: np.ndarray


def relation_names(keys: np.ndarray, lemma_names: list[str]) -> list[str]:
    """The name of each relation key (relation code × (lemmas + 1) + preposition + 1)."""
    width = len(lemma_names) + 1
    names = []
    for key in keys.tolist():
        code, preposition = divmod(key, width)
        name = RELATION_NAMES[code]
        names.append(f"{name}_{lemma_names[preposition - 1]}" if preposition else name)
    return names


def count(found: Triples, nodes: np.ndarray, lemmas: np.ndarray, lemma_names: list[str]) -> Sketch:
    """The sketch of the nodes (a boolean per position): their triples grouped by
    relation and by collocate."""
    chosen = np.flatnonzero(nodes[found.first])
    width = len(lemma_names) + 1
    key = found.relation[chosen].astype(np.int64) * width + found.preposition[chosen] + 1
    collocate = lemmas[found.second[chosen]]
    first = found.first[chosen]
    keys, relation = np.unique(key, return_inverse=True)
    relation_freq = np.bincount(relation, minlength=len(keys)).astype(np.int64)
    pair = relation * len(lemma_names) + collocate
    pairs, row, row_freq = np.unique(pair, return_inverse=True, return_counts=True)
    distance = np.abs(found.second[chosen] - first)
    by_distance = np.lexsort((distance, row))
    farthest = np.cumsum(row_freq) - 1  # each row's last triple in by_distance
    reach = distance[by_distance][farthest] if len(pairs) else np.zeros(0, np.int64)
    # Each row's nodes once (a node in two triples of a row is one line).
    order = np.lexsort((first, row))
    row, first = row[order], first[order]
    distinct = np.ones(len(row), dtype=bool)
    distinct[1:] = (row[1:] != row[:-1]) | (first[1:] != first[:-1])
    return Sketch(
        keys,
        relation_names(keys, lemma_names),
        relation_freq,
        pairs // len(lemma_names),
        pairs % len(lemma_names),
        row_freq.astype(np.int64),
        first[distinct],
        np.searchsorted(row[distinct], np.arange(len(pairs) + 1)),
        reach,
    )


def log_dice(freq: np.ndarray, relation_freq: np.ndarray, collocate_freq: np.ndarray) -> np.ndarray:
    """14 + log2(2·||w,R,c|| / (||w,R,*|| + ||*,*,c||)), to 4 decimals."""
    value = 14 + np.log2(2 * freq / (relation_freq + collocate_freq).astype(np.float64))
    return np.round(value, 4) + 0.0


# -- choosing relations ----------------------------------------------------------------------


def wanted_relations(given: list[str]) -> set[str] | None:
    """The relation names (or pp / pp_obj, every one of its kind) asked for; None:
    every relation. An unknown name is an error that lists them."""
    names = {name.strip() for text in given for name in text.split(",") if name.strip()}
    if not names and given:  # relations="" (an empty variable, relations= over HTTP)
        # counted every relation, as if none were named, unsaid (issue 23, HTTP pass)
        raise QueryError("--relations names no relation: give one, or leave out --relations")
    if not names:
        return None
    for name in sorted(names):
        if name not in RELATION_NAMES and not name.startswith(f"{PP}_"):
            # The text given with it, after the flag: each front end respells
            # "--relations TEXT" as its caller writes it (relations='foo', relations=foo).
            text = next(t for t in given if name in {n.strip() for n in t.split(",")})
            raise QueryError(
                f"--relations {text}: unknown relation {name!r}; expected "
                f"{', '.join(RELATION_NAMES)} (pp: every pp_PREP, pp_obj: every "
                "pp_obj_PREP) or one such as pp_of, pp_obj_in"
            )
    return names


def relation_kept(name: str, wanted: set[str] | None) -> bool:
    if wanted is None or name in wanted:
        return True
    if name.startswith(f"{PP_OBJ}_"):
        return PP_OBJ in wanted
    return name.startswith(f"{PP}_") and PP in wanted


def relation_order(totals: dict[str, int]) -> dict[str, int]:
    """Each relation's place in a sketch: the fixed ones first, in their order; then
    the prepositional ones, most frequent first (ties by name)."""
    fixed = [name for name in FIXED_RELATIONS if name in totals]
    phrases = sorted((n for n in totals if n not in FIXED_RELATIONS), key=lambda n: (-totals[n], n))
    return {name: place for place, name in enumerate([*fixed, *phrases])}


# -- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """How rows are chosen: at least ``min_freq`` triples, the relations ``wanted``, at
    most ``k`` collocates of each relation."""

    min_freq: int = 2
    wanted: set[str] | None = None
    k: int | None = None


def sketch_rows(
    sketch: Sketch,
    collocate_freq: np.ndarray,
    lemma_names: list[str],
    tokens: CorpusTokens,
    shown: Shown,
    link: Callable[[str, int], dict[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """Each relation's rows, best first: logDice, then freq, then the collocate; each
    with its ``occurrences`` and ``link(collocate, reach)`` as its ``search``."""
    kept_relation = np.fromiter(
        (relation_kept(name, shown.wanted) for name in sketch.names), bool, len(sketch.names)
    )
    rows = np.flatnonzero(kept_relation[sketch.row_relation] & (sketch.row_freq >= shown.min_freq))
    relation = sketch.row_relation[rows]
    f_wr = sketch.relation_freq[relation]
    f_c = collocate_freq[sketch.row_collocate[rows]]
    freq = sketch.row_freq[rows]
    scores = log_dice(freq, f_wr, f_c)
    names = [lemma_names[c] for c in sketch.row_collocate[rows].tolist()]
    _, name_rank = np.unique(np.asarray(names, dtype=object), return_inverse=True)
    order = np.lexsort((name_rank, -freq, -scores, relation))
    if shown.k is not None:  # the first k of each relation
        starts = np.searchsorted(relation[order], relation[order], side="left")
        order = order[np.arange(len(order)) - starts < shown.k]
    ids = tokens.token_ids(sketch.firsts)
    out: dict[str, list[dict[str, Any]]] = {}
    for i in order.tolist():
        row = int(rows[i])
        name = sketch.names[relation[i]]
        out.setdefault(name, []).append(
            {
                "relation": name,
                "collocate": names[i],
                "freq": int(freq[i]),
                "relation_freq": int(f_wr[i]),
                "collocate_freq": int(f_c[i]),
                "logdice": float(scores[i]),
                "occurrences": ids[sketch.row_starts[row] : sketch.row_starts[row + 1]].tolist(),
                "search": link(names[i], int(sketch.row_reach[row])),
            }
        )
    return out


def relation_totals(sketch: Sketch) -> dict[str, int]:
    return {
        name: int(f) for name, f in zip(sketch.names, sketch.relation_freq.tolist(), strict=True)
    }


# -- nodes -----------------------------------------------------------------------------------


def kept_positions(tokens: CorpusTokens, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of these token ids are among ``tokens`` (a subcorpus keeps some
    sentences), and the positions of those."""
    ids = np.asarray(ids, dtype=np.int64)
    starts = tokens.sentence_tokens
    sentence = np.searchsorted(starts, ids, side="right") - 1
    inside = sentence >= 0
    sizes = np.diff(tokens.sentence_starts)
    at = np.where(inside, sentence, 0)
    inside &= (ids - starts[at]) < sizes[at] if len(starts) else inside
    kept = np.flatnonzero(inside)
    positions = tokens.sentence_starts[sentence[kept]] + (ids[kept] - starts[sentence[kept]])
    return kept, positions


__all__ = [
    "FIXED_RELATIONS",
    "RELATION_NAMES",
    "Shown",
    "Sketch",
    "Triples",
    "collocate_frequencies",
    "count",
    "kept_positions",
    "label_kinds",
    "log_dice",
    "relation_order",
    "sketch_rows",
    "triples",
    "wanted_relations",
]
