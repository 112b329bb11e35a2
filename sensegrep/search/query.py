"""What a query word is searched as, said in the answer when it is not the word as typed.

A word the index's analysis cuts into several tokens ("mole's" is mole + 's in English
text, "New York" two words) is searched as that sequence of word forms, in any case, as
a CQL pattern whose first token is the node's target (CQPweb's simple query does the
same); a word resolved to another lemma ("banks" to bank) is named as that lemma.
"""

from __future__ import annotations

import json
import re

from sensegrep.search.cql.tree import cql_literal


def word_tokens(word: str, lang: str) -> list[str]:
    """The tokens of a query word as the indexer cuts text (sensegrep/text.py): the word
    itself when it is letters and digits only, without loading the analyser."""
    word = word.strip()
    if word.isalnum() or not word:
        return [word]
    from sensegrep.text import analyse

    return [
        token.form for sentence in analyse(word, lang, lemmas=False) for token in sentence.tokens
    ]


# Punctuation between two letters or digits, which spaCy's English infix rules cut a
# word at (well-known → well - known, and/or → and / or) while simplemma keeps it.
_INFIX = re.compile(r"(?<=[^\W_])([-–—/])(?=[^\W_])")


def infix_pieces(word: str) -> list[str]:
    """The word cut at the hyphens and slashes between its letters, as the tagger of a
    spaCy-tagged index cut it (``well-known``: well, -, known); [] when it has none."""
    pieces = [p for p in _INFIX.split(word.strip()) if p]
    return pieces if len(pieces) > 1 else []


# A number and the letters written against it (300kg, 10am, 2nd), which spaCy's English
# suffix rules cut apart for a unit (300 kg, 10 am) while simplemma keeps it whole.
_NUMBER_THEN_LETTERS = re.compile(r"(\d+(?:[.,]\d+)*)([^\W\d_]+)")


def number_pieces(word: str) -> list[str]:
    """The number and the letters after it of a word written so (``300kg``: 300, kg);
    [] for any other word."""
    found = _NUMBER_THEN_LETTERS.fullmatch(word.strip())
    return list(found.groups()) if found else []


def sequence_pattern(forms: list[str], any_case: bool = True) -> str:
    """The CQL pattern of these word forms in sequence, each in any case (else exactly
    as written)."""
    flag = "%c" if any_case else ""
    return " ".join(f'[word="{cql_literal(form)}"{flag}]' for form in forms)


def lemma_searched(key: str) -> str:
    """How the answer names the lemma a word was resolved to: ``lemma "bank"``."""
    return f"lemma {json.dumps(key, ensure_ascii=False)}"
