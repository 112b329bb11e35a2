"""CQL (Corpus Query Language) patterns: parse a query, match it against a sentence.

Pure Python, no I/O. ``parse`` turns a query into a ``Pattern`` (every regex compiled
once); ``find`` lists a pattern's matches in one sentence; ``Pattern.anchors`` says which
literal words or lemmas every match must contain, so that storage can look candidate
sentences up through its indexes instead of scanning the corpus.

Supported subset (what CQPweb, BlackLab and Sketch Engine users type daily):

- ``[word="bank"]``      a token whose attribute matches; attributes are ``word`` (the
                         form), ``lemma`` (the form when the lemma is empty), ``pos``
                         (the universal tag), ``tag`` (the fine-grained tag, e.g. PTB's
                         NNS), ``deprel`` (the dependency relation; each ``""`` where the
                         input or the tagger gave none) and any other name is a
                         document metadata field (``[genre="news"]``)
- ``"bank"``             shorthand for ``[word="bank"]`` (CQP's default attribute)
- ``[]``                 any token
- ``attr!="v"``          the attribute does not match (a missing metadata field: ``=``
                         fails, ``!=`` succeeds)
- ``& | ! ( )``          inside brackets: and, or, not, grouping; ``&`` binds tighter
                         than ``|``
- ``"v"`` values         regular expressions (RE2, in linear time: no lookarounds or
                         backreferences; Python's Unicode \\w \\d \\s) matching the WHOLE value:
                         ``"bank.*"`` matches banks, ``"bank"`` does not; quoted with
                         ``"`` or ``'``, ``\\"`` escapes the quote; case-sensitive
- ``%c`` ``%d`` ``%cd``  after a value: ignore case; ignore diacritics (combining marks
                         stripped from both sides); both
- ``? * + {n} {m,n} {m,} {,n}``  repetitions of the element before; bounds <= 100
- ``@``                  before an element: the target token, ranked by sense later;
                         it must be exactly one token; default: the first element that
                         is exactly one token
- ``within s``           optional; sentences are the only structure (and the default)
- not supported          groups of elements ``( ... )+``, other structures, ``%l``,
                         labels, global constraints; queries longer than 2000 characters

Matching strategy (``find``):

- scope                  one sentence: matches never cross a sentence boundary
- start positions        scanned left to right
- at each start          the SHORTEST match (CQP's "shortest" strategy); among paths of
                         that length, the leftmost target token
- after a match          scanning resumes at its end: matches do not overlap
- no match at a start    scanning advances by one token
- algorithm              a small NFA over (element, repetition count) states, run token
                         by token from each start with no backtracking; per element only
                         the fewest repetitions past its minimum are kept (they can do
                         whatever more can), so a step costs at most about elements +
                         minimum repetitions; each (element, token) test runs once per
                         sentence; the target token is located once a match is found
- cost                   at most starts x match length x states per step; a sentence
                         without the target token is rejected before any of that when
                         the pattern spans more than 4 tokens

Every problem with a query is a ``CQLError`` whose ``str()`` is one line ending with the
1-based column, e.g. ``expected ] at column 14``.

The package keeps BlackLab's three parts apart: parser.py (text to tree), tree.py (the
pattern and its anchors), matcher.py (a tree against a sentence).
"""

from __future__ import annotations

from sensegrep.search.cql.matcher import Match, find
from sensegrep.search.cql.parser import parse, within_where
from sensegrep.search.cql.tree import (
    TOKEN_ATTRIBUTES,
    Anchor,
    And,
    AttributeTest,
    Condition,
    CQLError,
    Element,
    Group,
    Node,
    Not,
    Or,
    Pattern,
    Token,
)

__all__ = [
    "TOKEN_ATTRIBUTES",
    "Anchor",
    "And",
    "AttributeTest",
    "CQLError",
    "Condition",
    "Element",
    "Group",
    "Match",
    "Node",
    "Not",
    "Or",
    "Pattern",
    "Token",
    "find",
    "parse",
    "within_where",
]
