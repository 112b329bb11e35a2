"""Tag sets coarser than UPOS that a tagged format's POS are mapped from, and what each
cannot tell apart.

A VRT file's Penn tags and a Raganato file's 12 universal tags (Petrov et al. 2012) are
stored as UPOS (readers/_common.to_upos), but they have no tag for some of UPOS's
distinctions: Penn tags *is* in "is going" VBZ like a main verb (VERB, where spaCy and UD
say AUX), Petrov's tagset has no PROPN (proper nouns are NOUN). A document records the
tag set its tags came from (``Document.pos_tags``), so that a POS filter or a count by
POS over sources of both kinds says which of its documents it cannot see into, instead
of passing the UPOS-tagged part for the whole.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

PENN = "penn"
UNIVERSAL = "universal"
# French TreeTagger's tag set (Achim Stein's: NOM, VER:pres, PRO:PER, PRP:det, KON, PUN):
# a VRT file with them is read by it as a whole (readers/_common.french_treetagger).
TREETAGGER_FR = "treetagger-fr"
# STTS (German, TreeTagger's too): its VA* tag haben, sein, werden as auxiliaries in every
# use, also as full verbs (er hat ein Haus), which UPOS tags VERB; a document with a VA*
# tag records it (readers/_common: DocumentBuilder._pos_tags).
STTS = "stts"

# Each tag set's name in a note, and the UPOS tags it never gives (or gives only to a
# few of their words: Penn's modals are AUX), each with the tag its words get instead and
# which words those are, where that needs saying.
NAMES = {
    PENN: "Penn tags",
    UNIVERSAL: "the 12 universal tags of Petrov et al.",
    TREETAGGER_FR: "French TreeTagger tags",
    STTS: "STTS tags",
}
LACKING: dict[str, dict[str, tuple[str, str]]] = {
    PENN: {"AUX": ("VERB", "be, have, do; modals are AUX"), "SCONJ": ("ADP", "IN")},
    UNIVERSAL: {
        "PROPN": ("NOUN", ""),
        "AUX": ("VERB", ""),
        "SCONJ": ("ADP", ""),
        "INTJ": ("X", ""),
        "SYM": ("X", ""),
    },
    TREETAGGER_FR: {
        "AUX": ("VERB", "être, avoir: VER:*"),
        "SCONJ": ("CCONJ", "que, si, quand: KON"),
    },
    STTS: {"VERB": ("AUX", "haben, sein, werden as full verbs: VA*")},
}


# Every UPOS tag some tag set lacks.
UPOS_LACKED = frozenset(tag for missing in LACKING.values() for tag in missing)

# What each lacks, in a few words (sensegrep info).
SHORT = {
    PENN: "AUX for modals alone, no SCONJ",
    UNIVERSAL: "no PROPN, AUX, SCONJ, INTJ, SYM",
    TREETAGGER_FR: "no AUX, SCONJ",
    STTS: "haben, sein, werden AUX as full verbs too",
}


def lacking(tag_set: str, tags: Collection[str]) -> list[str]:
    """Those of ``tags`` (UPOS) that ``tag_set`` does not give its words."""
    missing = LACKING.get(tag_set, {})
    return [tag.upper() for tag in tags if tag.upper() in missing]


def instead(tag_set: str, tags: Collection[str]) -> list[str]:
    """The tags ``tag_set`` gives the words of ``tags`` (which it lacks): VERB for AUX."""
    missing = LACKING.get(tag_set, {})
    return sorted({missing[tag.upper()][0] for tag in tags if tag.upper() in missing})


def standing_in(tag_set: str, tags: Collection[str]) -> list[str]:
    """The UPOS tags ``tag_set`` lacks whose words it tags as one of ``tags`` (AUX for
    VERB in Penn tags), those of ``tags`` left out."""
    asked = {tag.upper() for tag in tags}
    missing = LACKING.get(tag_set, {})
    return [tag for tag, (instead, _w) in missing.items() if instead in asked and tag not in asked]


def described(tag_set: str, tags: Sequence[str]) -> str:
    """What ``tag_set`` tags the words of ``tags`` (which it lacks) as: ``Penn tags,
    which tag AUX as VERB (be, have, do; modals are AUX)``."""
    missing = LACKING.get(tag_set, {})
    said = []
    for tag in tags:
        instead, words = missing[tag.upper()]
        said.append(f"{tag.upper()} as {instead}" + (f" ({words})" if words else ""))
    return f"{NAMES.get(tag_set, tag_set)}, which tag {', '.join(said)}"


def absent_for(tag_sets: Collection[str], tag: str) -> str:
    """Why no token has ``tag`` (UPOS) where the index's documents were tagged in
    ``tag_sets`` that lack it: ``; its documents' French TreeTagger tags, which tag AUX
    as VERB (être, avoir: VER:*), have none`` (an --pos AUX error listing the tags there
    are read as the text having no auxiliary); "" where none lacks it."""
    sets = sorted({name for name in tag_sets if lacking(name, [tag])})
    if not sets:
        return ""
    said = "; ".join(described(name, [tag]) for name in sets)
    return f"; its documents' {said}, have none"
