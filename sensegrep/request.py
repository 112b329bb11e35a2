"""The search request, declared once.

Every parameter of a search — its name, type, default, limits, allowed values, help
text and other spellings — is one :class:`Param` in :data:`PARAMS`. The front ends
derive from it: the CLI's ``search`` options (sensegrep/commands/search.py), the
``--queries`` JSONL fields, the web API's query parameters and its OpenAPI description
(sensegrep/web/endpoints.py), and the keywords of ``SenseIndex.search``. Values from
any of them are checked by one function, :func:`parse`, into one canonical dict that the engine's
``SearchRequest.from_values`` turns into its request. Adding a parameter is one
:class:`Param` here plus its implementation in the engine.

A leaf module like sensegrep/choices.py: importing it loads neither numpy nor storage.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from sensegrep.choices import (
    COLLOCATE_ITEMS,
    COLLOCATION_MEASURES,
    COUNT_KEYS,
    SEARCH_SCORINGS,
    SORT_KEYS,
)
from sensegrep.errors import QueryError

# Where values come from, which decides how strictly they are typed:
# api: Python objects, exactly typed (a "5" is not a number);
# json: a --queries line's JSON values (text converted as the CLI converts its options);
# http: query-string text.
Source = Literal["api", "json", "http"]
# The front ends a parameter is offered in.
Front = Literal["cli", "queries", "http", "api"]
EVERYWHERE: tuple[Front, ...] = ("cli", "queries", "http", "api")

MAX_ID = 2**63 - 1  # ids are 64-bit database integers: a larger number names nothing


@dataclass(frozen=True)
class Limits:
    """What one front end accepts beyond the type's own range (the web app caps a
    request's size; the CLI and the library do not)."""

    most: int | None = None  # the largest number
    items: int | None = None  # the most repetitions
    length: int | None = None  # the most characters of one text
    nonempty: bool = False  # an empty text is refused (a usage must have a word)


@dataclass(frozen=True)
class Param:
    """One search parameter."""

    name: str  # its canonical spelling: the CLI option's, the --queries key, the HTTP name
    kind: Literal["text", "int", "float", "bool", "id", "where"]
    help: str
    repeat: bool = False
    default: Any = None
    least: int | None = None
    # The largest number every front end takes (a window past any sentence's length
    # only costs time: `collocates --window 10**22` ran out of memory); ints are at most
    # MAX_ID (the database's integers) when None.
    most: int | None = None
    choices: tuple[str, ...] = ()
    separator: str = ""  # given: a list of the choices joined by it ("right1,left1")
    aliases: tuple[str, ...] = ()  # other spellings, accepted by every front end
    flags: tuple[str, ...] = ()  # the CLI's option names (default: --name)
    metavar: str | None = None
    show_default: bool = False  # in the CLI's help
    blank_is_none: bool = False  # "" means not given (a web form's empty field)
    fronts: tuple[Front, ...] = EVERYWHERE
    web: Limits = field(default_factory=Limits)
    # The parameter this one only qualifies (--window: --near's window): given without
    # it, it would be silently ignored, so it is refused (see check_together).
    needs: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def cli_flags(self) -> tuple[str, ...]:
        alias_flags = tuple(f"--{a.replace('_', '-')}" for a in self.aliases)
        # An alias may be the option's own flag already (``senses_run`` is ``--senses``).
        return tuple(
            dict.fromkeys((self.flags or (f"--{self.name.replace('_', '-')}",)) + alias_flags)
        )

    def describe(self) -> str:
        """What a value must be, for error messages."""
        if self.choices and self.separator:
            return f"one or more of {', '.join(self.choices)} joined by {self.separator!r}"
        if self.choices:
            return f"one of {', '.join(self.choices)}"
        return {
            "text": "text",
            "bool": "true or false",
            "id": "an occurrence id (a whole number >= 0)",
            "where": '"key=value" text (or {"key": "value"})',
        }.get(self.kind) or (
            f"a {self._number_name} >= {self.least}"
            if self.least is not None
            else f"a {self._number_name}"
        )

    @property
    def _number_name(self) -> str:
        return "number" if self.kind == "float" else "whole number"


WEB_TEXT = 5000  # characters of one usage in a web request
WINDOW_MOST = 100  # tokens on one side of a node in a web request (--near, collocates)
WINDOW_ANY = 1000  # … from any front end: longer than any sentence a tagger makes
WEB_K = 1000  # hits per web request, and occurrences per random sample

PARAMS: tuple[Param, ...] = (
    Param("word", "text", "The word: its lemma, or its form with --form.",
          flags=(), web=Limits(length=200)),
    Param("example", "text", 'Usage to match; mark the word: "the [[bank]] of the river". '
          "Repeat it to rank by the centroid of several usages.", repeat=True,
          flags=("--example", "-e"), web=Limits(items=20, length=WEB_TEXT, nonempty=True)),
    Param("expand", "int", "Relevance feedback: re-rank by the centroid of the examples and "
          "the top M hits of a first ranking.", default=0, least=0, web=Limits(most=100)),
    Param("scoring", "text", "How a ranked search scores hits: centred (cosines taken after "
          "subtracting the mean of the word's occurrences, an --unlike counting half: "
          "ranks better, BENCHMARKS.md 'Sense quality III') or cosine (the plain cosine, "
          "as before).", default=SEARCH_SCORINGS[0], choices=SEARCH_SCORINGS,
          show_default=True),
    Param("form", "bool", "Match the word form, not the lemma: in any case (The, the, "
          "THE), as a lemma is; with --match-case exactly as written (CQL's "
          "[word=\"The\"]). A KWIC header says what was searched.", default=False),
    Param("cql", "text", "A CQL pattern instead of WORD: '[pos=\"ADJ\"] [lemma=\"bank\"]', "
          "'\"take\" []{0,2} \"off\"', groups '([pos=\"ADJ\"] \",\"?){1,3} "
          "[lemma=\"bank\"]', '... within genre=\"news\"' (as --where genre=news). Ranked by "
          "its target token's sense (@, else the first token) with --example, --like, --label "
          "or --sense.", metavar="PATTERN",
          web=Limits(length=2000)),
    Param("sort", "text", "Order the lines: score (default), doc, the word at left1/left2/"
          "right1/right2, the node itself (alphabetically, case-folded unless "
          "--match-case), or quality (how good a dictionary example the line makes, best "
          "first: typical of its sense, a whole sentence of moderate length, few rare "
          "words or names, no pronoun at the start; JSONL shows quality and its parts); "
          "several keys "
          "joined by commas (right1,left1) break ties in turn, then corpus order. A plain "
          "concordance sorts ALL its matches, then takes -k; a ranked search (--example, "
          "--like, --label, --gloss) keeps its k best and sorts those.",
          choices=SORT_KEYS, separator=",", metavar="KEY[,KEY...]"),
    Param("count", "text", "Print a frequency table of the hits instead of lines: "
          f"{', '.join(COUNT_KEYS)} or a document metadata field (meta:FIELD for one "
          "named like those; node: the matched word, or a pattern's whole match); each "
          "value's count, its share of the lines counted and, when all the matches are "
          "counted, its frequency per million tokens of the index (by a metadata field "
          "also per million tokens of the documents with that value; by doc, of that "
          "document). It counts the "
          "lines -k and --offset select, as search shows them (sorted by --sort, or the "
          "k best of a ranking): all the matches without them. The summary says which "
          "lines were counted.",
          metavar="BY", fronts=("cli", "http"), blank_is_none=True),
    Param("any_word", "bool", "Occurrences of any word used in the example's sense (WORD "
          "optional).", default=False),
    Param("label", "text", "Rank by the centroid of the word's occurrences with this label.",
          blank_is_none=True, web=Limits(length=200)),
    Param("gloss", "text", "Rank by the word inside this definition (as an example).",
          blank_is_none=True, web=Limits(length=WEB_TEXT)),
    Param("sense", "int", "Only occurrences of induced sense N (see `sensegrep senses WORD`).",
          least=1),
    # The sense run that --sense, --count sense and the hits' "sense" mean (issue 23).
    Param("senses_run", "int", "The stored sense run that --sense N, --count sense and each "
          "hit's sense refer to (default: the word's current run; `sensegrep senses WORD "
          "--runs` lists them).", least=1, aliases=("senses",), flags=("--senses",),
          metavar="RUN"),
    Param("like", "id", "Occurrence id to be like (repeatable).", repeat=True,
          web=Limits(items=200)),
    Param("unlike", "id", "Occurrence id not to be like.", repeat=True, web=Limits(items=200)),
    Param("unlike_example", "text", "Usage not to be like (repeatable).", repeat=True,
          aliases=("unlike_examples",), web=Limits(items=20, length=WEB_TEXT, nonempty=True)),
    Param("pos", "text", "Only this part of speech (NOUN, VERB, …).", repeat=True,
          web=Limits(items=20)),
    Param("where", "where", "Document metadata FIELD=VALUE: alternatives VALUE,VALUE; an "
          "inclusive range LOW..HIGH, LOW.. or ..HIGH (as numbers when both sides are, "
          "else as text: ..1949 takes 1949-12-31); meta:FIELD for a field named like an "
          "option; \\ before , or . keeps it plain, and before a space keeps it "
          "(news\\  is 'news '). Repeat it: every one must hold.",
          repeat=True, web=Limits(items=20)),
    Param("doc", "text", "Only this document id (repeatable).", repeat=True,
          aliases=("docs",), web=Limits(items=100)),
    Param("k", "int", "At most N hits (default: all the matches, on a web page of lines at "
          "most 1000; with --any-word, the 20 nearest).", least=1, flags=("-k",),
          web=Limits(most=WEB_K)),
    Param("sample", "int", "A random sample of N occurrences.", least=1,
          web=Limits(most=WEB_K)),
    # No default shown to the CLI (it would always pass it): a --seed given without
    # --sample is refused (check_together).
    Param("seed", "int", "Seed for --sample (default 0).", default=0, least=0,
          needs="sample"),
    # -- paging and punctuation (issue 23: totals, paging, sort, count)
    Param("offset", "int", "Skip the first N lines (after ranking or sorting): with -k, "
          "any page of all the matches (-k 20 --offset 20: lines 21-40). Every answer "
          "reports the total number of matches, the documents they fall in and their "
          "frequency per million tokens (of the index, and of the subcorpus a --where or "
          "--doc filter keeps); a ranked search's total is every candidate that passes "
          "the filters, all of them ranked.", default=0, least=0),
    Param("ignore_punct", "bool", "The words at left1 … right2 (--sort, --count) skip "
          "punctuation: tokens without a letter or digit, as CQPweb's 'ignore "
          "punctuation'.", default=False),
    # -- subcorpus (issue 23)
    Param("max_per_doc", "int", "At most N lines from one document: the first N of each "
          "in corpus order (best first when ranked), whatever --sort.", least=1,
          metavar="N"),
    # -- case in sort and count (issue 23: one choice for both, as CQPweb offers)
    Param("match_case", "bool", "--sort and --count tell upper from lower case in words "
          "(form, node, lemma, left1 … right2): The and the apart; with --form, only "
          "the form exactly as written is searched. Default: all fold case (CQP's %c), "
          "a count naming each word by its commonest spelling. Document ids, labels and "
          "metadata values are always taken as written.", default=False),
    # -- the lines behind a collocation (issue 24: `collocates` rows link here)
    Param("near", "text", "Only the lines with a token of this lemma (case-folded) "
          "within --window tokens of the word (or of a pattern's match: before its "
          "first token, after its last) in the same sentence, as `collocates` counts "
          "them; punctuation takes a position. A line counts once however often the "
          "lemma is near it (`collocates` counts each co-occurrence).", metavar="LEMMA",
          blank_is_none=True, web=Limits(length=200)),
    Param("window", "int", "With --near: how many tokens on each side of the node "
          "(default 5).", default=5, least=1, most=WINDOW_ANY, metavar="N",
          web=Limits(most=WINDOW_MOST),
          needs="near"),
)  # fmt: skip

BY_SPELLING: dict[str, Param] = {s: p for p in PARAMS for s in p.spellings}


# -- statistics (issue 24) --------------------------------------------------------------
# Each statistic's parameters, declared as the search's are: its CLI options, the HTTP
# parameters of /api/stats/COMMAND and the keywords of its SenseIndex method derive
# from these. A subcorpus is chosen as a search's is (--where, --doc): those two are
# the search's own declarations, shared.

_SUBCORPUS = (BY_SPELLING["where"], BY_SPELLING["doc"])
STAT_ROWS = 100_000  # rows of one web answer (a download takes them all)

FREQ_PARAMS: tuple[Param, ...] = (
    Param("by", "text", "What a row counts: lemma (case-folded), form (as written: The "
          "and the apart), pos, lemma_pos (lemma/POS) or a document metadata field "
          "(meta:FIELD for one named like those).", default="lemma", show_default=True,
          metavar="lemma|form|pos|lemma_pos|FIELD", web=Limits(length=200)),
    Param("cql", "text", "Count the matches of this CQL pattern instead of every token "
          "(CQPweb's frequency breakdown): a row is a match's items joined by spaces.",
          metavar="PATTERN", web=Limits(length=2000)),
    Param("min_freq", "int", "Only items seen at least N times.", default=1, least=1,
          show_default=True, metavar="N"),
    Param("parts", "int", "Juilland's D over N equal parts of the corpus.", default=10,
          least=2, show_default=True, metavar="N", web=Limits(most=10_000)),
    Param("ignore_punct", "bool", "Leave punctuation (tokens without a letter or digit) "
          "out of the list; it still counts in the corpus's size.", default=False),
    *_SUBCORPUS,
    Param("k", "int", "At most N rows (default: all).", least=1, flags=("-k",),
          web=Limits(most=STAT_ROWS)),
    Param("offset", "int", "Skip the first N rows.", default=0, least=0),
)  # fmt: skip

# keywords (issue 24, part 4): the focus is the --where/--doc subcorpus; the reference
# the rest of the index, another subcorpus (--reference-where) or another index
# (--reference DIR: the CLI and the library only, since a web client must not make the
# server open folders of its choosing).
KEYWORD_MEASURES = ("ll", "logratio", "simplemaths")
KEYWORDS_PARAMS: tuple[Param, ...] = (
    Param("by", "text", "What a row counts: lemma (case-folded), form (as written) or pos.",
          default="lemma", choices=("lemma", "form", "pos"), show_default=True),
    Param("reference_where", "where", "The reference corpus: the documents with this "
          "metadata (FIELD=VALUE, as --where; repeat it: every one must hold); with "
          "--reference, of that index. Default: the documents not in the focus.",
          repeat=True, metavar="FIELD=VALUE", web=Limits(items=20)),
    Param("reference", "text", "The reference corpus: another index (its folder; lemmas "
          "compared as case-folded text). Not over HTTP.", metavar="DIR",
          fronts=("cli", "api")),
    Param("measure", "text", "Sort by: ll (log-likelihood G2, as CQPweb), logratio "
          "(Hardie's Log Ratio: log2 of the ratio of relative frequencies) or simplemaths "
          "(Kilgarriff's simple maths, as Sketch Engine). Every row has all three.",
          default="ll", choices=KEYWORD_MEASURES, show_default=True),
    Param("direction", "text", "over: items over-represented in the focus (its "
          "keywords); under: under-represented (the reference's); both.",
          default="over", choices=("over", "under", "both"), show_default=True),
    Param("min_freq", "int", "Only items seen at least N times where they are key (the "
          "focus for over-represented ones, the reference for under-represented ones).",
          default=3, least=1, show_default=True, metavar="N"),
    Param("smoothing", "float", "Simple maths' N: (focus per million + N) / (reference "
          "per million + N); larger N favours commoner items. N: above 0.", default=1.0,
          show_default=True, metavar="N"),
    Param("max_p", "float", "Only rows whose log-likelihood is significant at this level "
          "(chi-square, 1 degree of freedom, not adjusted for the number of items): 0.05 "
          "keeps G2 >= 3.84, 0.01 >= 6.63, 0.001 >= 10.83 (CQPweb filters Log Ratio so). "
          "P: a probability above 0, at most 1.",
          metavar="P"),
    Param("ignore_punct", "bool", "Leave punctuation (tokens without a letter or digit) "
          "out of the list; it still counts in the corpora's sizes.", default=False),
    Param("key_senses", "text", "Key senses instead of key items: which senses of WORD "
          "(its current sense run, or --senses RUN: `sensegrep senses WORD` makes one) are "
          "over-represented in the focus. Repeat it for several words.", repeat=True,
          metavar="WORD", web=Limits(items=20, length=200)),
    # The run --key-senses reads: search's own --senses declaration, its help for keywords.
    replace(BY_SPELLING["senses_run"], help="The stored sense run --key-senses WORD reads "
            "(of that one word; default: each word's current run; `sensegrep senses WORD "
            "--runs` lists them)."),
    *_SUBCORPUS,
    Param("k", "int", "At most N rows (default: all).", least=1, flags=("-k",),
          web=Limits(most=STAT_ROWS)),
    Param("offset", "int", "Skip the first N rows.", default=0, least=0),
)  # fmt: skip

# -- collocates (issue 24, part 2)
COLLOCATES_PARAMS: tuple[Param, ...] = (
    Param("word", "text", "The node: every token whose lemma is WORD (case-folded), the "
          "lines `search WORD` shows.", flags=(), web=Limits(length=200)),
    Param("cql", "text", "The nodes are this CQL pattern's matches instead of WORD's "
          "tokens: the window counts from a match's first and last tokens.",
          metavar="PATTERN", web=Limits(length=2000)),
    Param("window", "int", "Tokens on each side of the node, inside its sentence.",
          default=5, least=1, most=WINDOW_ANY, show_default=True, metavar="N",
          web=Limits(most=WINDOW_MOST)),
    Param("left", "int", "Tokens before the node (default: --window).", least=0,
          most=WINDOW_ANY, metavar="L", web=Limits(most=WINDOW_MOST)),
    Param("right", "int", "Tokens after the node (default: --window).", least=0,
          most=WINDOW_ANY, metavar="R", web=Limits(most=WINDOW_MOST)),
    Param("by", "text", "What a collocate is: its lemma (case-folded), form (as "
          "written), or lemma_pos (lemma/POS).", default="lemma", choices=COLLOCATE_ITEMS,
          show_default=True),
    Param("pos", "text", "Only nodes with this part of speech (repeatable).", repeat=True,
          metavar="TAG", web=Limits(items=20)),
    Param("collocate_pos", "text", "Only collocates with this part of speech "
          "(repeatable).", repeat=True, metavar="TAG", web=Limits(items=20)),
    Param("measure", "text", "Association measure(s), as in Evert's reference "
          "(collocations.de): logdice (default), mi, mi3, t, z, ll, dice, logratio or "
          "freq; repeat it or join by commas: one field each, rows sorted by the first.",
          repeat=True, choices=COLLOCATION_MEASURES, separator=",",
          metavar="MEASURE[,MEASURE...]", web=Limits(items=len(COLLOCATION_MEASURES))),
    Param("min_freq", "int", "Only collocates seen at least N times in the windows.",
          default=3, least=1, show_default=True, metavar="N"),
    Param("sense", "int", "Only the nodes in induced sense N of the word (of its current "
          "sense run, or of --senses RUN; needs vectors).", least=1, metavar="N"),
    Param("label", "text", "Only the nodes with this label.", blank_is_none=True,
          web=Limits(length=200)),
    Param("senses_run", "int", "The stored sense run that --sense and --by-sense mean "
          "(default: the word's current run).", least=1, aliases=("senses",),
          flags=("--senses",), metavar="RUN"),
    Param("by_sense", "bool", "One table per induced sense of the word (rows carry "
          "sense and sense_run), with each collocate's sense_diff: its signed G² between "
          "this sense's windows and the other senses' (positive: more often near this "
          "sense); distinctive marks those that tell this sense apart.", default=False),
    *_SUBCORPUS,
    Param("k", "int", "At most N rows (default: all; with --by-sense, N of each sense).",
          least=1, flags=("-k",), web=Limits(most=STAT_ROWS)),
    Param("offset", "int", "Skip the first N rows (of each sense with --by-sense).",
          default=0, least=0),
)  # fmt: skip

# sketch (issue 24, part 3): a word's collocates by grammatical relation, from the
# dependency relations of CoNLL-U files or of `index --tagger spacy --parse`.
SKETCH_PARAMS: tuple[Param, ...] = (
    Param("word", "text", "The word: its lemma (case-folded; an inflected form falls back "
          "to its lemma).", flags=(), web=Limits(length=200)),
    Param("relations", "text", "Only these relations: modifier, modifies, object_of, "
          "subject_of, object, subject, and/or, particle, particle_of, pp (every pp_PREP: "
          "WORD PREP X), pp_obj (every pp_obj_PREP: X PREP WORD), or one of those "
          "(pp_of, pp_obj_in); repeat it or join by commas.", repeat=True,
          metavar="REL[,REL...]", web=Limits(items=50, length=500)),
    Param("min_freq", "int", "Only collocates in at least N triples with the word.",
          default=2, least=1, show_default=True, metavar="N"),
    Param("pos", "text", "Only the word's tokens with this part of speech (repeatable).",
          repeat=True, metavar="TAG", web=Limits(items=20)),
    Param("sense", "int", "Only the word's occurrences in induced sense N (of its current "
          "sense run, or of --senses RUN; `sensegrep senses WORD` makes one).", least=1,
          metavar="N"),
    Param("senses_run", "int", "The stored sense run that --sense and --by-sense mean "
          "(default: the word's current run).", least=1, aliases=("senses",),
          flags=("--senses",), metavar="RUN"),
    Param("by_sense", "bool", "A sketch of each induced sense side by side: each "
          "relation's rows sense by sense, each with sense and sense_run.", default=False),
    *_SUBCORPUS,
    Param("k", "int", "At most N collocates of each relation (of each sense with "
          "--by-sense; default: all).", least=1, flags=("-k",), web=Limits(most=STAT_ROWS)),
)  # fmt: skip

# -- change (issue 24, part 5): semantic change between two groups of documents
CHANGE_PARAMS: tuple[Param, ...] = (
    Param("by", "text", "The document metadata field whose values make the two groups "
          "(year, decade, genre…; meta:FIELD for one named like an option).", metavar="FIELD",
          web=Limits(length=200)),
    Param("between", "text", "The two groups, A then B: each a value or values of --by "
          "as --where writes them (1810..1860, ..1899, 1900.., news,fiction).", repeat=True,
          flags=("--between",), metavar="A B", web=Limits(items=2, length=200)),
    Param("words", "text", "Only these words (lemmas; comma-separated, or repeated). "
          "Default: every word with vectors seen at least --min-freq times in each group.",
          repeat=True, metavar="W1,W2…", web=Limits(items=1000, length=5000)),
    Param("min_freq", "int", "Without --words: only words with at least N occurrences in "
          "each group.", default=5, least=1, show_default=True, metavar="N"),
    Param("apd_sample", "int", "APD compares at most N occurrences of each group (a seeded "
          "sample: at most N×N pairs, each counted).", default=1000, least=1,
          show_default=True, metavar="N", web=Limits(most=10_000)),
    Param("seed", "int", "Seed of APD's sample.", default=0, least=0, show_default=True),
    Param("sort", "text", "Rank by apd (average pairwise cosine distance) or jsd "
          "(Jensen–Shannon divergence of the sense distributions), highest first.",
          choices=("apd", "jsd"), default="apd", show_default=True),
    Param("induce", "bool", "Induce and store a sense run (k chosen, as `sensegrep senses "
          "WORD`) for each word that has none, for its jsd; without it such a word's jsd "
          "is empty. Not over HTTP: a GET stores nothing.", default=False,
          fronts=("cli", "api")),
    *_SUBCORPUS,
    Param("k", "int", "At most N rows (default: all).", least=1, flags=("-k",),
          web=Limits(most=STAT_ROWS)),
    Param("offset", "int", "Skip the first N rows.", default=0, least=0),
)  # fmt: skip

STATISTICS: dict[str, tuple[Param, ...]] = {
    "freq": FREQ_PARAMS,
    "collocates": COLLOCATES_PARAMS,
    "keywords": KEYWORDS_PARAMS,
    "sketch": SKETCH_PARAMS,
    "change": CHANGE_PARAMS,
}
_SPELLINGS: dict[str, dict[str, Param]] = {
    "search": BY_SPELLING,
    **{name: {s: p for p in params for s in p.spellings} for name, params in STATISTICS.items()},
}


def params_for(front: Front, command: str = "search") -> tuple[Param, ...]:
    """The parameters of ``command`` (search, or a statistic) one front end offers."""
    params = PARAMS if command == "search" else STATISTICS[command]
    return tuple(p for p in params if front in p.fronts)


def spellings_for(front: Front, command: str = "search") -> list[str]:
    return sorted(s for p in params_for(front, command) for s in p.spellings)


def canonical_name(spelling: str) -> str:
    """The canonical name of a parameter spelt ``spelling`` (``docs`` → ``doc``); any
    other name unchanged. A web page's form fields carry the canonical names only."""
    param = BY_SPELLING.get(spelling)
    return param.name if param is not None else spelling


# -- checking values ------------------------------------------------------------------


def parse(
    values: Mapping[str, Any] | Iterable[tuple[str, Any]],
    source: Source,
    front: Front,
    *,
    limited: bool = False,
    command: str = "search",
    whole: bool = True,
    also: Iterable[str] = (),
) -> dict[str, Any]:
    """The values of a request checked and converted: canonical names, repeated
    parameters as lists, absent ones left out. ``values``: a mapping, or (name, value)
    pairs where a repeated parameter may come once per value (a query string).
    ``limited``: apply the web app's limits. ``command``: search, or a statistic
    (STATISTICS). ``whole``: the values are the whole request, not a part that others
    complete (a --queries line, merged with the command line's options), so a
    parameter given without the one it needs is refused. ``also``: the parameters the
    front end reads itself (a web route's ``format``), named among those expected when
    an unknown one is refused. QueryError names the bad parameter."""
    spellings = _SPELLINGS[command]
    out: dict[str, Any] = {}
    spelt: dict[str, tuple[str, Any]] = {}  # a single value's spelling and value, as given
    for spelling, value in _pairs(values):
        param = spellings.get(spelling)
        if param is None or front not in param.fronts:
            raise QueryError(
                f"unknown key(s) {spelling}; expected {spellings_for(front, command)}"
                if source == "json"
                else f"unknown parameter {spelling!r}; expected one of "
                f"{', '.join(sorted({*spellings_for(front, command), *also}))}"
            )
        if value is None:
            continue
        converted = _convert(param, value, source)
        if param.repeat:
            out.setdefault(param.name, []).extend(converted)
        elif param.separator and out.get(param.name) and converted:
            # sort=right1&sort=left1: the keys in turn, as "right1,left1" (the last one
            # alone would sort by left1 only, silently)
            out[param.name] = f"{out[param.name]}{param.separator}{converted}"
        else:  # given twice (a query string can): the last one, as web frameworks do
            before = spelt.get(param.name)
            if isinstance(values, Mapping) and before and out[param.name] != converted:
                # Keywords or a JSON object name each spelling once: two spellings of one
                # value that differ (senses=1, senses_run=2) are two answers, not a last one.
                raise QueryError(
                    f"{before[0]}={before[1]!r} and {spelling}={value!r} are two spellings "
                    "of one parameter with different values: give one"
                )
            spelt[param.name] = (spelling, value)
            out[param.name] = converted
    for name, value in out.items():
        _check_limits(spellings[name], value, source, limited)
    if whole:
        check_together(out, command)
    return out


def given_twice(
    pairs: Iterable[tuple[str, str]], command: str = "search", also: Iterable[str] = ()
) -> list[str]:
    """What :func:`parse` does with a query string's single-valued parameter given more
    than once with different values (``k=2&k=3``: the last one, as web frameworks do),
    said in one line each, naming the values as the request spelt them: the answer's
    notes, so that the value left out is never left out unsaid (``word=bank&word=river``
    searched river). ``also``: other single-valued names the route reads (``format``)."""
    spellings = _SPELLINGS[command]
    given: dict[str, list[tuple[str, str]]] = {}
    for spelling, value in pairs:
        param = spellings.get(spelling)
        name = param.name if param is not None else spelling
        if param is None and spelling not in also:
            continue
        if param is not None and (param.repeat or param.separator):
            continue
        given.setdefault(name, []).append((spelling, value))
    notes = []
    for typed in given.values():
        if len({value for _spelling, value in typed}) > 1:
            shown = ", ".join(f"{spelling}={value}" for spelling, value in typed)
            last = f"{typed[-1][0]}={typed[-1][1]}"
            notes.append(
                f"{typed[0][0]} given {len(typed)} times ({shown}): the last one, {last}, was used"
            )
    return notes


def blank_left_out(pairs: Iterable[tuple[str, str]], command: str = "search") -> list[str]:
    """The parameters of a query string that :func:`parse` leaves out as an empty form
    field (``label=``, ``near=``: ``blank_is_none``), each named as the request spelt it,
    when no other value of theirs was given: an empty label over HTTP searched with no
    ranking and nothing said, where the other front ends refuse it."""
    spellings = _SPELLINGS[command]
    blank: dict[str, str] = {}
    given: set[str] = set()
    for spelling, value in pairs:
        param = spellings.get(spelling)
        if param is None or not param.blank_is_none:
            continue
        strip = bool(param.choices and param.separator)
        if not (value.strip() if strip else value):
            blank.setdefault(param.name, spelling)
        else:
            given.add(param.name)
    return [spelling for name, spelling in blank.items() if name not in given]


def check_together(values: Mapping[str, Any], command: str = "search") -> None:
    """Refuse a parameter given without the one it qualifies (``--window`` without
    ``--near``, ``--seed`` without ``--sample``): it would change nothing, silently."""
    spellings = _SPELLINGS[command]
    for name in values:
        needed = spellings[name].needs if name in spellings else ""
        if needed and values.get(needed) is None:
            what, other = _flag(name), _flag(needed)
            raise QueryError(
                f"{what} only applies with {other} {spellings[needed].metavar or 'N'}: "
                f"add {other}, or leave out {what}"
            )


def _flag(name: str) -> str:
    """A parameter as a message names it: its command-line flag (the other front ends
    respell it, sensegrep/api/spelling.py)."""
    return f"--{name.replace('_', '-')}"


def _pairs(values: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    yield from values.items() if isinstance(values, Mapping) else values


def _convert(param: Param, value: Any, source: Source) -> Any:
    if param.kind == "where":
        return _where_pairs(param, value, source)
    if param.repeat:
        items = _as_list(param, value, source)
        return [_scalar(param, item, source) for item in items]
    return _scalar(param, value, source)


def _as_list(param: Param, value: Any, source: Source) -> list[Any]:
    """A repeated parameter's values: a list, or one value standing for one repetition.
    From Python, any iterable of ids or texts (a numpy array, a set) is a list too, but
    a string is never a sequence of ids (``label("27")`` once labelled 2 and 7)."""
    if isinstance(value, list | tuple):
        return list(value)
    if source != "api" or isinstance(value, Mapping):
        return [value]
    if param.kind == "id" and (
        isinstance(value, str | bytes) or not (_is_whole(value) or isinstance(value, Iterable))
    ):
        raise QueryError(
            f"{param.name} must be an occurrence id or a list of ids, got "
            f"{type(value).__name__} {value!r:.60}{_hit_hint(value)}"
        )
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return list(value)
    return [value]


def _hit_hint(value: Any) -> str:
    """Where a search hit given for an id has it (idx.label(hits, "x") in a notebook)."""
    hit = isinstance(getattr(value, "id", None), int) and hasattr(value, "doc")
    return "; a search hit: its id is hit.id, a page's hits.ids" if hit else ""


def _scalar(param: Param, value: Any, source: Source) -> Any:
    if param.kind == "text":
        return _text(param, value, source)
    if param.kind == "bool":
        return _bool(param, value, source)
    if param.kind == "float":
        return _float(param, value, source)
    return _number(param, value, source)


def _text(param: Param, value: Any, source: Source) -> str | None:
    if param.separator and source != "http" and _texts(value):
        # sort=["right1", "left1"] from Python or --queries: the keys in turn, as the
        # joined text says them (a query string repeats a parameter instead).
        value = param.separator.join(value)
    ok = isinstance(value, str) or (
        source == "json" and isinstance(value, int | float) and not isinstance(value, bool)
    )
    if not ok:
        if source == "api" and param.separator and isinstance(value, list | tuple):
            # A list is taken (the keys in turn): say what is wrong with this one.
            if not value:
                raise QueryError(
                    f"{param.name}={value!r} is empty: give at least one key, or leave out "
                    f"{param.name}"
                )
            raise QueryError(
                f"{param.name} must be text or a list of texts, got {type(value).__name__} "
                f"{value!r:.60}"
            )
        if source == "api":
            raise QueryError(f"{param.name} must be text, got {type(value).__name__}")
        raise QueryError(f"{_quoted(param.name, source)}expected text, got {_shown(value)}")
    text = str(value)
    if not _encodable(text):
        raise QueryError(f"{_quoted(param.name, source)}a lone surrogate ({_shown(text)[:60]}) "
                         "is no character: give UTF-8 text")  # fmt: skip
    if param.choices and param.separator:
        return _choice_list(param, text, source)
    if param.choices and text not in param.choices:
        if source == "api":
            raise QueryError(f"{param.name} takes one of {', '.join(param.choices)}, not {text!r}")
        raise QueryError(
            f"{_quoted(param.name, source)}{text!r} is not one of "
            f"{', '.join(map(repr, param.choices))}."
        )
    if param.blank_is_none and not text:
        if source == "http":
            return None  # an empty form field
        # From the command line, a --queries line or Python, "" was typed: taken as not
        # given, it silently searched without it (an empty --label: no ranking).
        flag = _flag(param.name)
        raise QueryError(f"{flag} is empty: give one, or leave out {flag}")
    if param.blank_is_none and not text.strip():
        # spaces alone: typed, never a form's unfilled field (count=%20 said "by is empty:
        # give a word", naming the library's keyword; issue 23, a pass over the HTTP API)
        flag = _flag(param.name)
        raise QueryError(f"{flag} is blank: give one, or leave out {flag}")
    if param.web.nonempty and not text.strip() and source != "http":
        # An empty usage (typed "", or an unset shell variable) was dropped without a
        # word: --example "" answered a plain concordance, unranked (issue 23).
        flag = _flag(param.name)
        raise QueryError(
            f'{flag} is empty: give a usage with its word marked ("the [[bank]] of the '
            f'river"), or leave out {flag}'
        )
    return text


def _encodable(text: str) -> bool:
    """Text that UTF-8 can hold (a Python string may carry a lone surrogate, which no
    file, database or HTTP answer can)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _texts(value: Any) -> bool:
    """A non-empty list or tuple of texts."""
    return (
        isinstance(value, list | tuple) and bool(value) and all(isinstance(v, str) for v in value)
    )


def _choice_list(param: Param, text: str, source: Source) -> str | None:
    """One or more choices joined by the parameter's separator, each checked; the
    canonical text (pieces stripped)."""
    if param.blank_is_none and not text.strip():
        return None
    pieces = [piece.strip() for piece in text.split(param.separator)]
    wrong = [piece for piece in pieces if piece not in param.choices]
    if wrong:
        if source == "api":
            raise QueryError(f"{param.name} takes {param.describe()}, not {wrong[0]!r}")
        raise QueryError(
            f"{_quoted(param.name, source)}{wrong[0]!r} is not one of "
            f"{', '.join(map(repr, param.choices))} (several: joined by {param.separator!r})."
        )
    return param.separator.join(pieces)


def sort_keys(text: str | None) -> tuple[str, ...]:
    """The keys of a checked ``sort`` value, in order ("" or None: none)."""
    return tuple(text.split(",")) if text else ()


def _bool(param: Param, value: Any, source: Source) -> bool:
    if isinstance(value, bool):
        return value
    if source == "api" and _is_whole(value) and value in (0, 1):
        return bool(value)
    if source == "http" and isinstance(value, str):
        folded = value.strip().lower()
        if folded in ("true", "t", "1", "yes", "y", "on"):
            return True
        if folded in ("false", "f", "0", "no", "n", "off"):
            return False
    if source == "api":
        raise QueryError(f"{param.name} must be True or False, got {value!r:.60}")
    raise QueryError(f"{_quoted(param.name, source)}expected true or false, got {_shown(value)}")


def _number(param: Param, value: Any, source: Source) -> int:
    """An int from Python (api), JSON or text; in range. Messages as click's (the CLI
    converts its options with click, and a --queries line must read the same). Only
    ids have an upper bound: the database's 64-bit integers."""
    least = 0 if param.kind == "id" else param.least
    most = MAX_ID if param.kind == "id" or param.most is None else param.most
    if source == "api":
        number = _python_int(value, param.kind == "id")
        if number is None or (least is not None and number < least) or number > most:
            if param.kind == "id":
                raise QueryError(
                    f"{param.name}: {value!r:.60} is not an occurrence id (a whole number "
                    f">= 0){_hit_hint(value)}"
                )
            bounds = [] if least is None else [f">= {least}"]
            if number is not None and number > most:
                bounds.append(f"<= {most}")
            within = f" {' and '.join(bounds)}" if bounds else ""
            raise QueryError(f"{param.name} must be a whole number{within}, got {value!r:.60}")
        return number
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise QueryError(f"{_quoted(param.name, source)}expected {param.describe()}, "
                         f"got {_shown(value)}")  # fmt: skip
    number = _text_int(value)
    if number is None:
        message = f"{value!r} is not a valid integer."
        raise QueryError(f"{_quoted(param.name, source)}{message}")
    if least is not None and number < least:
        raise QueryError(f"{_quoted(param.name, source)}{number} is not in the range x>={least}.")
    if most is not None and number > most:
        raise QueryError(f"{_quoted(param.name, source)}{number} is not in the range x<={most}.")
    return number


def _float(param: Param, value: Any, source: Source) -> float:
    """A finite number from Python, JSON or text, at least ``param.least`` (messages as
    click's FloatRange)."""
    number: float | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float) or (source != "api" and isinstance(value, str)):
        try:
            number = float(value)
        except (ValueError, OverflowError):
            number = None
    if number is None or not math.isfinite(number):
        if source == "api":
            raise QueryError(f"{param.name} must be a number, got {value!r:.60}")
        raise QueryError(f"{_quoted(param.name, source)}{value!r} is not a valid float.")
    if param.least is not None and number < param.least:
        if source == "api":
            raise QueryError(f"{param.name} must be a number >= {param.least}, got {value!r:.60}")
        raise QueryError(
            f"{_quoted(param.name, source)}{number} is not in the range x>={param.least}."
        )
    return number


def _python_int(value: Any, digits_too: bool) -> int | None:
    """A whole number from Python: an int (numpy's too), a float without a fraction, or
    (for ids, as a list read from a CSV holds them) a text of digits. Never a bool."""
    if _is_whole(value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if digits_too and isinstance(value, str) and value.strip().isdecimal():
        return int(value)
    return None


def _text_int(value: str | int | float) -> int | None:
    """A whole number from JSON or a query string: ``2``, ``"2"``, ``2.0``, ``"2.0"``
    (never ``2.5`` cut to 2)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    try:
        return int(value)
    except (ValueError, OverflowError):
        pass
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return int(number) if number.is_integer() else None


def _what(value: Any) -> str:
    """A wrong value in an error: its type and the start of its repr."""
    return "None" if value is None else f"{type(value).__name__} {value!r:.40}"


def _value_text(value: str | float) -> str:
    """A where value as the stored metadata reads: a bool as JSON writes it (True is
    "true", which --where translated=true takes), any other as its text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 1999.0, as pandas gives a year column with gaps: 1999
    return str(value)


def _where_pairs(param: Param, value: Any, source: Source) -> list[tuple[str, str]]:
    """Metadata conditions: {"key": "value"}, "key=value" text, or (key, value) pairs;
    a lone surrogate in one, which no database can be given, refused as in any text
    (`where="year=\ud800"` reached SQLite and raised its UnicodeEncodeError)."""
    pairs = _where_pairs_given(param, value, source)
    for pair in pairs:
        for text in pair:
            if not _encodable(text):
                raise QueryError(
                    f"{_quoted(param.name, source)}a lone surrogate ({_shown(text)[:60]}) "
                    "is no character: give UTF-8 text"
                )
    return pairs


def _where_pairs_given(param: Param, value: Any, source: Source) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        pairs = []
        for key, wanted in value.items():
            _refuse_a_pair_of_numbers(param, key, wanted, source)
            if (
                isinstance(wanted, list | tuple)
                and wanted
                and all(isinstance(one, str | int | float) for one in wanted)
            ):  # alternatives: {"genre": ["news", "fiction"]}
                pairs.append((str(key), ",".join(_plain(_value_text(one)) for one in wanted)))
                continue
            if not isinstance(wanted, str | int | float) or (
                isinstance(wanted, float) and not math.isfinite(wanted)
            ):  # None, a range, a set: their repr was read as the value (or values)
                raise QueryError(
                    f"{_quoted(param.name, source)}the value of {key!r} must be text, a "
                    f"number or a list of them, got {_what(wanted)}"
                )
            pairs.append((str(key), _value_text(wanted)))
        return pairs
    items = list(value) if isinstance(value, list | tuple) else [value]
    pairs = []
    for item in items:
        if source == "api" and isinstance(item, list | tuple) and len(item) == 2:
            pairs.extend(_where_pairs_given(param, {str(item[0]): item[1]}, source))
        elif isinstance(item, str):
            pairs.append(split_where(item, param.name, source))
        else:
            raise QueryError(f'{_quoted(param.name, source)}expected {{"key": "value"}} or '
                             '"key=value" strings')  # fmt: skip
    return pairs


# A number written as text, as a CSV's column gives it: ("1950", "1980") is as ambiguous.
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _a_number(value: Any) -> bool:
    if isinstance(value, str):
        return _NUMBER_TEXT.fullmatch(value.strip()) is not None
    return isinstance(value, int | float) and not isinstance(value, bool)


def _refuse_a_pair_of_numbers(param: Param, key: Any, wanted: Any, source: Source) -> None:
    """A tuple of two numbers, ``{"year": (1990, 2005)}``, reads in Python as a range as
    often as a choice of two: it was searched as either year alone, its years between
    left out unsaid (two numbers written as text too, ``("1990", "2005")``). A list,
    ``[1990, 2005]``, stays the choice, "1990..2005" the range."""
    if not (isinstance(wanted, tuple) and len(wanted) == 2):
        return
    if not all(_a_number(one) for one in wanted):
        return
    # "1950." is 1950: its dot would make the range written "1950...1980", refused
    low, high = (_value_text(one).strip().rstrip(".") for one in wanted)
    raise QueryError(
        f"{_quoted(param.name, source)}the value of {key!r} is a tuple of two numbers, "
        f'{wanted!r}, which may mean a range or either value: write "{low}..{high}" for '
        f"the range, or a list [{low}, {high}] for either value"
    )


def _plain(value: str) -> str:
    """A value written so that --where reads it as itself: its backslashes, commas and
    dots escaped (a list item is one value, never a range or more alternatives), and the
    spaces around it (`news `, which --where would read as `news`)."""
    from sensegrep.storage.fields import plain_value

    return plain_value(value)


def where_value(value: str) -> str:
    """``value`` as a where condition's value that means that value alone (`Berg\\, Ivo`
    for "Berg, Ivo", which where reads as two alternatives): what a page suggests."""
    return _plain(value)


def split_where(text: str, name: str = "where", source: Source = "json") -> tuple[str, str]:
    """``key=value`` as (key, value), stripped."""
    key, sep, wanted = text.partition("=")
    if not sep or not key.strip() or _COMPARISON.fullmatch(text) or _NEGATION.fullmatch(text):
        raise QueryError(
            f"{_quoted(name, source)}expected key=value, got {text!r}{comparison_hint(text)}"
        )
    value = wanted.strip()
    if value.endswith("\\") and wanted.rstrip() != wanted:
        # `genre=news\ `: an escaped space (or tab, or other white space), the value's own
        value += wanted.lstrip()[len(value)]
    return key.strip(), value


# year>1980, year<=1949: a comparison, which --where writes as a range.
_COMPARISON = re.compile(r"\s*([^<>=!\s]+)\s*(>=|<=|>|<)\s*([+-]?\d+(?:\.\d+)?)\s*")


# genre!=news: a negation, which a filter has not (it read as a field "genre!").
_NEGATION = re.compile(r"\s*([^<>=!\s]+)\s*!=\s*(.*?)\s*")


def comparison_hint(text: str) -> str:
    """``; a range is FIELD=LOW..HIGH: year=1981..`` for ``year>1980``; for
    ``genre!=news``, the pattern that says it; "" for any other text."""
    negated = _NEGATION.fullmatch(text)
    if negated:
        key, value = negated.group(1), negated.group(2).replace('"', '\\"')
        return (
            f"; a filter has no negation, a pattern has: --cql "
            f"""'[lemma="WORD" & {key}!="{value}"]' (a document without {key} is in it)"""
        )
    found = _COMPARISON.fullmatch(text)
    if not found:
        return ""
    # (a bound with a fraction, rating>3.5, had no hint, pass 40h)
    key, op, number = found.group(1), found.group(2), found.group(3)
    bound = {">=": f"{number}..", "<=": f"..{number}"}.get(op)
    if bound is None:
        # Refused before the field's values are read: one past the bound is right for
        # whole numbers only (rating>3 as rating=4.. left out 3.5, pass 40b).
        if op == ">":
            whole, taking = f"{math.floor(float(number)) + 1}..", f"{number}.."
        else:
            whole, taking = f"..{math.ceil(float(number)) - 1}", f"..{number}"
        bound = (
            f"{whole} if its values are whole numbers, else {key}={taking}, which takes "
            f"{number} too"
        )
    return f"; a range is FIELD=LOW..HIGH, both ends included: {key}={bound}"


def _check_limits(param: Param, value: Any, source: Source, limited: bool) -> None:
    if not limited:
        return
    limits = param.web
    values = value if param.repeat else [value]
    if limits.items is not None and len(values) > limits.items:
        raise QueryError(f"{_quoted(param.name, source)}at most {limits.items} values, "
                         f"got {len(values)}")  # fmt: skip
    for one in values:
        if limits.nonempty and isinstance(one, str) and not one.strip():
            raise QueryError(f"{_quoted(param.name, source)}a usage cannot be empty")
        if limits.length is not None and isinstance(one, str) and len(one) > limits.length:
            raise QueryError(
                f"{_quoted(param.name, source)}at most {limits.length} characters, got {len(one)}"
            )
        if limits.most is not None and isinstance(one, int) and one > limits.most:
            low = param.least if param.least is not None else 0
            raise QueryError(f"{_quoted(param.name, source)}{one} is not in the range "
                             f"{low}<=x<={limits.most}.")  # fmt: skip


def _quoted(name: str, source: Source) -> str:
    """How a message names the parameter: "k": in a --queries line, k: elsewhere."""
    return f'"{name}": ' if source == "json" else f"{name}: "


def _shown(value: Any) -> str:
    import json

    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _is_whole(value: Any) -> bool:
    """An int (numpy's too), not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def parse_value(param: Param, value: Any, source: Source) -> Any:
    """One value of a parameter declared outside the request (``raw_csv``, an argument
    of a SenseIndex method), checked and converted as :func:`parse` checks a request's."""
    return _convert(param, value, source)


def occurrence_ids(name: str, ids: Any) -> list[int]:
    """One id or a sequence of ids from Python, checked: a string is refused, never read
    as a sequence of digits (``label("27")`` once labelled occurrences 2 and 7)."""
    param = Param(name, "id", "", repeat=True)
    return [_number(param, one, "api") for one in _as_list(param, ids, "api")]


# -- a --queries file ------------------------------------------------------------------


_UTF8_BOM = b"\xef\xbb\xbf"


def read_queries(path: Path) -> Iterator[tuple[int, dict[str, Any] | QueryError]]:
    """(0-based line number, the line's checked values or what is wrong with it) for
    each non-blank line of a ``--queries`` JSONL file; an unreadable file is an error."""
    from sensegrep.errors import InputError, SensegrepError
    from sensegrep.jsonlines import json_objects, text_lines

    # A byte order mark (Notepad's "UTF-8 with BOM") is read past, as the shell and the
    # corpus readers do: it made line 1 "not valid JSON" and skipped its query.
    bom = 0
    try:
        data = path.read_bytes()
        bom = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
        lines = text_lines(data[bom:].decode("utf-8"))
    except FileNotFoundError:
        raise SensegrepError(f"--queries {path}: no such file") from None
    except OSError as exc:
        raise SensegrepError(f"--queries {path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SensegrepError(
            f"--queries {path}: invalid UTF-8 at byte {bom + exc.start + 1}; expected UTF-8 text"
        ) from None
    expected = 'a JSON object like {"word": "bank", "example": "…"}'
    for item in json_objects(path, lines, expected):
        if isinstance(item, InputError):
            yield (item.line or 1) - 1, QueryError(item.message)
            continue
        number, spec = item
        unknown = sorted(set(spec) - set(spellings_for("queries")))
        if unknown:
            shown = ", ".join(_unknown_key(key) for key in unknown)
            message = f"unknown key(s) {shown}; expected {spellings_for('queries')}"
            yield number - 1, QueryError(message)
            continue
        emptied = [
            key for key, value in spec.items() if isinstance(value, list | dict) and not value
        ]
        if emptied:
            # "doc": [] (a script's list of ids that came out empty) was read as no doc at
            # all and searched every document, totals too, as the library refuses it.
            key = emptied[0]
            shown = "[]" if isinstance(spec[key], list) else "{}"
            yield (
                number - 1,
                QueryError(
                    f'"{key}": {shown} is empty, which would be read as no {key} '
                    f'at all: give at least one, or leave out "{key}"'
                ),
            )
            continue
        try:
            # Completed by the command line's options: checked whole when merged.
            yield number - 1, parse(spec, "json", "queries", whole=False)
        except QueryError as exc:
            yield number - 1, exc


def _unknown_key(key: str) -> str:
    """An unknown --queries key, with what was likely meant: the option spelt as on the
    command line (match-case, --k), or an option of one search that a line cannot take."""
    known = spellings_for("queries")
    meant = key.lstrip("-").replace("-", "_")
    if meant != key and meant in known:
        return f"{key} (the key is {meant})"
    param = BY_SPELLING.get(meant)
    if param is not None and "queries" not in param.fronts:
        return f"{key} (--{meant.replace('_', '-')} is for one search, not a --queries line)"
    return key


def without_defaults(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values a user gave: empty repetitions and absent options left out."""
    return {k: v for k, v in values.items() if v not in (None, (), [])}


__all__ = [
    "PARAMS",
    "STATISTICS",
    "Limits",
    "Param",
    "canonical_name",
    "occurrence_ids",
    "params_for",
    "parse",
    "split_where",
]
