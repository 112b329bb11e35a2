"""What a query word is searched as, said in the answer when it is not the word as typed.

A word the index's analysis cuts into several tokens ("mole's" is mole + 's in English
text, "New York" two words) is searched as that sequence of word forms, in any case, as
a CQL pattern whose first token is the node's target (CQPweb's simple query does the
same); a word resolved to another lemma ("banks" to bank) is named as that lemma.
"""

from __future__ import annotations

import json

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


def sequence_pattern(forms: list[str], any_case: bool = True) -> str:
    """The CQL pattern of these word forms in sequence, each in any case (else exactly
    as written)."""
    flag = "%c" if any_case else ""
    return " ".join(f'[word="{cql_literal(form)}"{flag}]' for form in forms)


def lemma_searched(key: str) -> str:
    """How the answer names the lemma a word was resolved to: ``lemma "bank"``."""
    return f"lemma {json.dumps(key, ensure_ascii=False)}"
