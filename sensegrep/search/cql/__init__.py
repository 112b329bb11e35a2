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
- ``? * + {n} {m,n} {m,} {,n}``  repetitions of the element or group before; bounds <= 100
- ``( ... )``            a group: a sequence of elements and groups, repeated as a whole
                         (``([pos="ADJ"] ","?){1,3} [lemma="bank"]``), nested
- ``( a b | c )``        alternatives of token sequences, inside a group only (at the
                         top level, write the alternatives in a group)
- ``@``                  before an element: the target token, ranked by sense later;
                         it must be exactly one token and outside groups; default: the
                         first top-level element that is exactly one token
- ``within s``           optional; sentences are the only structure (and the default)
- ``within text``        optional, and changes nothing: every match lies inside one
                         sentence, so inside one document (text)
- ``within FIELD="VALUE"``  the documents whose metadata field has that value: the value
                         is read as ``--where`` reads it (alternatives ``a,b``, ranges
                         ``1990..1999``), and a search adds it to its ``--where``
                         filters (``within_where``), so that its totals are those of the
                         subcorpus; repeatable
- not supported          other structures (``within p``…: a one-line error),
                         ``%l``, labels, global constraints; queries longer than 2000
                         characters

Matching strategy (``find``; columns.py gives the same matches):

- scope                  one sentence: matches never cross a sentence boundary
- start positions        scanned left to right
- at each start          the SHORTEST match; among paths of that length, the leftmost
                         target token. Every repetition, of a token or of a group, takes
                         as few repetitions as that match needs
- after a match          scanning resumes at its end: matches do not overlap
- so                     a leading repetition takes its whole run, the earliest start
                         winning (``([pos="ADJ"])+ "bank"`` matches "big red bank", not
                         "red bank"), and a trailing one takes none (``"bank" "of"*`` is
                         "bank"); CQP's strategy modifiers ((?longest), (?standard) …)
                         are not offered
- no match at a start    scanning advances by one token
- algorithm              an NFA (automaton.py) whose states are an element or group
                         and its repetitions so far, one level per group entered, run
                         token by token from each start with no backtracking; past a
                         repetition's minimum only the fewest repetitions are kept (they
                         can do whatever more can), so a step costs about the number of
                         places a match can be at; each (element, token) test runs once
                         per sentence; the target token is located once a match is found
- cost                   at most starts x match length x states per step; a sentence
                         without the target token is rejected before any of that when
                         the pattern spans more than 4 tokens; nested bounded
                         repetitions whose counts could exceed 100,000 states are refused

Every problem with a query is a ``CQLError`` whose ``str()`` is one line ending with the
1-based column, e.g. ``expected ] at column 14``.

The package keeps BlackLab's three parts apart: parser.py (text to tree), tree.py (the
pattern and its anchors), matcher.py (a tree against a sentence); columns.py runs the
same automaton (automaton.py) over the token store's columns, every start at once.
"""

from __future__ import annotations

from sensegrep.search.cql.matcher import Match, find
from sensegrep.search.cql.parser import ignoring_case_at, parse, split_within, within_where
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
    "ignoring_case_at",
    "parse",
    "split_within",
    "within_where",
]
