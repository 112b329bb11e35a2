"""The API's side of the search request (sensegrep/request.py): keywords checked into
the engine's request."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sensegrep.errors import SensegrepError

if TYPE_CHECKING:
    from sensegrep.search.engine import SearchRequest


def search_request(
    word: str = "", example: str | Sequence[str] | None = None, **options: Any
) -> SearchRequest:
    """A search request checked as the CLI checks its options (QueryError names the
    bad one); the keywords of :meth:`SenseIndex.search`, and ``any_word``."""
    return search_request_of(_request_values(word, example, options))


def _request_values(
    word: str, example: str | Sequence[str] | None, options: Mapping[str, Any]
) -> dict[str, Any]:
    from sensegrep import request

    return request.parse({"word": word, "example": example, **options}, "api", "api")


def search_request_of(values: Mapping[str, Any]) -> SearchRequest:
    """The engine's request for values checked by :func:`sensegrep.request.parse`."""
    from sensegrep.search.engine import SearchRequest

    return SearchRequest.from_values(values)


def split_within(cql: str) -> tuple[str, str]:
    """(a CQL pattern's token sequence, its ``within`` clauses as written, "" when it
    has none): what a front end searches to say how many matches a subcorpus left out."""
    from sensegrep.search.cql import split_within as split

    return split(cql)


# The options that leave occurrences out (an empty result names them), and those the
# matches "without them" are counted without.
FILTERS = ("where", "pos", "doc", "sense")
NOT_COUNTED = (*FILTERS, "near", "window", "k", "sample", "seed")


def why_empty(
    total: Callable[[Mapping[str, Any]], int],
    values: Mapping[str, Any],
    searched: str | None,
    no_document: bool = False,
    lists: Collection[str] = (),
    lang: str = "en",
) -> str:
    """What a search with no match at all says, so that its empty result is not taken
    for a failure to run, nor for an answer to another question: what was searched
    (``searched``: ``Hits.searched``, when it is not the word as typed), the filters
    that left nothing (the options, ``near`` and a pattern's within clauses), and how
    many matches there are without them (``total``: the matches of the request
    ``values`` without them). ``values``: the request as :func:`_request_values` checks
    it. ``no_document``: the where/doc filters, each of which some document meets,
    together leave none (an empty subcorpus, said as such). Written with the command
    line's flags, as every note is (api/spelling.py). ``lang``: the index's language,
    which lemmatises a phrase's forms (``_by_lemma``)."""
    import json

    word, cql = values.get("word") or "", values.get("cql")
    sequence, within = split_within(cql) if cql else ("", "")
    what = f"the pattern {sequence}" if cql else repr(word)
    if searched and not cql:
        what = f"{searched} (from {json.dumps(word.strip(), ensure_ascii=False)})"
    if values.get("any_word"):
        what = "any word used in that sense"
    used = [
        f"--{name.replace('_', '-')} {_shown_value(value)}"
        for name in FILTERS
        for value in _listed(values.get(name))
    ]
    if values.get("near"):
        used.append(f"--near {values['near']} --window {values.get('window') or 5}")
    if within:
        used.insert(0, within)
    lemmas = _by_lemma(total, values, searched, cql, lang)
    if cql and not values.get("any_word"):  # (a pattern's matches stay in a sentence)
        from sensegrep.search.subcorpus import sentence_bound_hint

        rest = {k: v for k, v in values.items() if k not in ("k", "sample", "seed")}
        filtered = " with them" if any(u != within for u in used) else ""
        lemmas += in_any_case_hint(lambda any_case: total({**rest, "cql": any_case}), cql, filtered)
        lemmas += sentence_bound_hint(cql)
    if not used:
        return f"0 matches for {what}{lemmas}"
    if values.get("any_word"):  # the k nearest usages: no total to count without them
        # (search/engine.py fetches more until k pass or every one found was seen.)
        return (
            f"0 matches for {what} with {' '.join(used)}: --any-word searches the tokens "
            "with a sense vector only (function words and punctuation get none), and none "
            "found passes them"
        )
    rest = {k: v for k, v in values.items() if k not in NOT_COUNTED}
    if within:
        rest["cql"] = sequence
    try:
        without = f"; {total(rest):,} without them"
    except SensegrepError:
        without = ""
    either = either_hint(values, lists)
    if no_document and not either:
        either = "; no document meets them all: the subcorpus is empty"
    return f"0 matches for {what} with {' '.join(used)}{without}{either}{lemmas}"


_FORM_TEST = re.compile(r'\[word="((?:[^"\\]|\\.)*)"%c\]')


def _by_lemma(
    total: Callable[[Mapping[str, Any]], int],
    values: Mapping[str, Any],
    searched: str | None,
    cql: str | None,
    lang: str = "en",
) -> str:
    """For a word of several tokens searched as their forms ("street light": [word=
    "street"%c] [word="light"%c]) that matched nothing, the matches of the same words
    as lemmas, when there are any: "street lights" is 55 matches by lemma, and a
    single word is searched by lemma, so 0 read as "never used" (pass 25x). A form that
    is inflected is also taken as the lemma the analyser gives it, as a single word is
    ("grassy banks": [lemma="grassy"%c] [lemma="banks"%c | lemma="bank"%c], which
    finds "grassy bank"; pass 34l)."""
    if cql or values.get("form") or not searched:
        return ""
    pattern = phrase_by_lemma(searched, lang)
    if pattern is None:
        return ""
    rest = {k: v for k, v in values.items() if k not in ("word", "k", "sample", "seed")}
    try:
        found = total({**rest, "cql": pattern})
    except SensegrepError:
        return ""
    if not found:
        return ""
    return (
        f"; a phrase is searched as word forms: by lemma, as a single word is searched, "
        f"the pattern {pattern} has {found:,} {'match' if found == 1 else 'matches'}"
    )


def phrase_by_lemma(searched: str | None, lang: str = "en") -> str | None:
    """The pattern of a phrase's words as lemmas, each form also read as the lemma the
    analyser gives it (``_lemma_test``), when ``searched`` is a phrase searched as its
    forms in any case ([word="spring"%c] [word="tide"%c]); else None."""
    forms = _FORM_TEST.findall(searched or "")
    if len(forms) < 2 or " ".join(f'[word="{f}"%c]' for f in forms) != searched:
        return None
    return " ".join(_lemma_test(f, lang) for f in forms)


def phrase_by_lemma_and_form(searched: str | None, lang: str = "en") -> str | None:
    """The pattern of the matches of :func:`phrase_by_lemma` that the phrase searched as
    its forms (``searched``) matches too: each token both, so that a note counts the
    matches by lemma not among the search's (*left bank*, by form, takes the verb *He
    left bank notes*, lemma *leave*, which the pattern by lemma does not; pass 40j)."""
    forms = _FORM_TEST.findall(searched or "")
    if phrase_by_lemma(searched, lang) is None:
        return None
    return " ".join(f'[({_lemma_test(f, lang)[1:-1]}) & word="{f}"%c]' for f in forms)


def in_any_case_hint(count: Callable[[str], int], cql: str, filtered: str = "") -> str:
    """For a pattern that matched nothing, the matches it has with its words in any case
    (``count``: a pattern's matches under the same filters, which ``filtered`` says after
    the figure: " with them", else it read as the index's), when there are any: a word
    in a pattern is matched as written (as in CQP), and `"the" "river" "bank"` left out
    "The river bank" at a sentence's start, while the one reason the answer gave was
    that a match stays inside a sentence (pass 36b)."""
    from sensegrep.search import cql as patterns

    try:
        tests = patterns.parse(cql).required_tests("word")
        any_case = cql
        for test in sorted(tests, key=lambda t: -t.column):
            if not test.negated and not test.ignore_case:
                any_case = patterns.ignoring_case_at(any_case, test.column)
        if any_case == cql:
            return ""
        found = count(any_case)
    except SensegrepError:
        return ""
    if not found:
        return ""
    return (
        f"; a word in a pattern is matched as written (case-sensitive, as in CQP): in any "
        f"case, {any_case} has {found:,} {'match' if found == 1 else 'matches'}{filtered}"
    )


def _lemma_test(form: str, lang: str) -> str:
    """A CQL token test of ``form`` (as a pattern writes it) read as a lemma, and as the
    lemma the analyser gives it where that is another (banks: bank)."""
    from sensegrep.search.cql.tree import cql_literal
    from sensegrep.text import composed, lemma_of

    test = f'lemma="{form}"%c'
    plain = re.sub(r"\\(.)", r"\1", form)
    lemma = composed(lemma_of(plain, lang)).lower()
    if lemma and lemma != plain.lower():
        test += f' | lemma="{cql_literal(lemma)}"%c'
    return f"[{test}]"


def untagged_left_out(
    total: Callable[[Mapping[str, Any]], int], values: Mapping[str, Any], tags: Sequence[str]
) -> str | None:
    """What a ``--pos`` search says in an index of tagged and untagged tokens (JSONL
    tagged by spaCy beside CoNLL-U files with no POS): how many of its matches, as the
    other filters leave them, have no tag at all, which no ``--pos`` can match and which
    the user, counting a noun's uses, would otherwise take to be none. ``total``: the
    matches of request values; ``tags``: every POS tag of the index."""
    if not values.get("pos") or values.get("any_word") or not tags:
        return None
    rest = {k: v for k, v in values.items() if k not in ("pos", "k", "sample", "seed")}
    untagged = total(rest) - total({**rest, "pos": list(tags)})
    if untagged <= 0:
        return None
    return (
        f"--pos leaves out {untagged:,} {'match' if untagged == 1 else 'matches'} with no POS "
        "tag at all (tokens of files indexed without tags: CoNLL-U or VRT files with none, "
        "or --tagger none)"
    )


def coarse_tags_left_out(
    per_document: Callable[[Mapping[str, Any]], Mapping[str, int]],
    values: Mapping[str, Any],
    documents: Sequence[tuple[int, str, str, str, int]],
) -> list[str]:
    """What a ``--pos`` search says in an index whose documents were tagged in tag sets
    of different grain (spaCy's or CoNLL-U's UPOS beside a VRT file's Penn tags or
    Raganato's 12 universal tags), as the other filters leave its matches: how many lie
    in documents whose tag set has no such tag (Penn tags *is* VBZ, a VERB, where UPOS
    says AUX), so that no ``--pos`` picks them out, which the user would otherwise take
    to be none; and how many of its matches lie in documents whose tag set gives the
    tag asked for to words UPOS tags otherwise (``--pos VERB`` takes in their
    auxiliaries), which pass for the same tag as the others'. ``per_document``: the
    matches of request values by document id (not a --doc filter of those documents:
    there may be more of them than SQL takes in one list); ``documents``:
    Index.coarse_pos_documents."""
    from sensegrep import pos_tags

    asked = [str(tag).upper() for tag in values.get("pos") or ()]
    if not asked or values.get("any_word") or not documents:
        return []
    given = set(values.get("doc") or ())
    rest = {k: v for k, v in values.items() if k not in ("pos", "k", "sample", "seed")}
    notes = []
    for which in (pos_tags.lacking, pos_tags.standing_in):
        ids: list[str] = []
        said: list[str] = []
        of_sets: list[str] = []  # the tag sets said
        instead: set[str] = set()  # what they tag the words of those asked for
        for tag_set in sorted({d[3] for d in documents}):
            tags = which(tag_set, asked)
            of_set = [d for d in documents if d[3] == tag_set and (not given or d[1] in given)]
            if not tags or not of_set:
                continue
            ids += [d[1] for d in of_set]
            of_sets.append(tag_set)
            instead.update(pos_tags.instead(tag_set, tags))
            said.append(f"{named_sources(of_set)}: {pos_tags.described(tag_set, tags)}")
        if not ids:
            continue

        def found(tags: Collection[str], inside: Collection[str] | None = frozenset(ids)) -> int:
            """The matches with one of ``tags``, in the documents ``inside`` (None: all)."""
            if not tags:
                return 0
            try:
                counted = per_document({**rest, "pos": sorted(tags)})
            except SensegrepError:  # a tag no token has
                return 0
            if inside is None:
                return sum(counted.values())
            return sum(n for doc, n in counted.items() if doc in inside)

        standing = sorted({t for d in of_sets for t in which(d, asked)})
        where = (
            f"documents whose tags were mapped from a coarser tag set than UPOS ({'; '.join(said)})"
        )
        option = f"--pos {','.join(asked)}"
        if which is pos_tags.lacking:
            # their words as those documents tag them (be: VERB, not AUX)
            other = sorted(instead - set(asked))
            unseen = found(other)
            if unseen > 0:
                notes.append(
                    f"{option} cannot see into {where}: {unseen:,} {_matches(unseen)} there "
                    f"{'is' if unseen == 1 else 'are'} tagged {','.join(other)}, some of "
                    f"which may be {','.join(standing)} in UPOS (--pos {','.join(other)} "
                    f"lists them)"
                )
        elif (taken := found(asked)) > 0 and found(standing, None) > 0:
            # (only a word the other documents tag so: rain is never AUX)
            notes.append(
                f"{option}: {taken:,} of these {_matches(taken)} "
                f"{'lies' if taken == 1 else 'lie'} in {where}: some may be "
                f"{','.join(standing)} in UPOS, as the other documents tag them"
            )
    return notes


def _required_pos_tests(cql: str) -> list[Any] | None:
    """The tests of ``pos`` every match of the pattern ``cql`` needs (its within clause
    aside); None for a pattern that does not parse (its search says why)."""
    from sensegrep.search.cql import parse

    try:
        return list(parse(split_within(cql)[0]).required_tests("pos"))
    except SensegrepError:
        return None


def pattern_tags_left_out(
    cql: str | None, documents: Sequence[tuple[int, str, str, str, int]]
) -> list[str]:
    """What a pattern says whose every match needs a POS tag (``[pos="AUX"]``) that the
    tag set of some of the index's documents lacks (coarse_tags_left_out: a VRT file's
    Penn tags, Raganato's 12 universal tags, beside UPOS): it cannot match there, whatever
    those words are. Not counted: the pattern without the test is another pattern."""
    if not cql or not documents:
        return []
    tests = _required_pos_tests(cql)
    if tests is None:
        return []
    asked = sorted({t.literal.upper() for t in tests if t.literal and not t.negated})
    notes = tags_missed("the pattern's", [f'pos="{t}"' for t in asked], asked, documents)
    refused = sorted({t.literal.upper() for t in tests if t.literal and t.negated})
    return notes + _tags_let_through(refused, documents)


def pattern_tags_taken(
    per_document: Callable[[Mapping[str, Any]], Mapping[str, int]],
    values: Mapping[str, Any],
    documents: Sequence[tuple[int, str, str, str, int]],
) -> list[str]:
    """What a pattern says whose every match needs a POS tag (``[pos="AUX"]``) that the
    tag set of some of the index's documents gives to words UPOS tags otherwise too
    (STTS tags haben, sein, werden VA*, AUX, also as full verbs; Penn tags be, have, do
    VERB): how many of its matches lie there, as ``--pos AUX`` says of its own
    (coarse_tags_left_out's second note); `--cql '[]' --pos AUX` said it and `--cql
    '[pos="AUX"]'`, the same 109 matches, did not (pass 38i). ``per_document``: the
    matches of request values by document id."""
    from sensegrep import pos_tags

    cql = values.get("cql")
    if not cql or not documents:
        return []
    tests = _required_pos_tests(cql)
    if tests is None:
        return []
    asked = sorted({t.literal.upper() for t in tests if t.literal and not t.negated})
    given = set(values.get("doc") or ())
    ids: set[str] = set()
    said: list[str] = []
    standing: set[str] = set()
    taking: set[str] = set()
    coarse: set[str] = set()  # every document of such a tag set, --doc or not
    for tag_set in sorted({d[3] for d in documents}):
        tags = pos_tags.standing_in(tag_set, asked)
        of_set = [d for d in documents if d[3] == tag_set and (not given or d[1] in given)]
        if not tags or not of_set:
            continue
        coarse.update(d[1] for d in documents if d[3] == tag_set)
        ids.update(d[1] for d in of_set)
        standing.update(tags)
        taking.update(pos_tags.instead(tag_set, tags))  # AUX, for STTS's full verbs
        said.append(f"{named_sources(of_set)}: {pos_tags.described(tag_set, tags)}")
    if not ids:
        return []
    try:
        taken = sum(n for doc, n in per_document(values).items() if doc in ids)
    except SensegrepError:
        return []
    if not taken:
        return []
    # (only where the other documents tag the pattern's words so, as --pos says it only
    # of a word they do: [lemma="rain" & pos="VERB"] beside Penn tags, rain never AUX)
    turned = [t for t in tests if t.literal and not t.negated and t.literal.upper() in taking]
    if not _tagged_so_elsewhere(per_document, values, turned, sorted(standing), coarse):
        return []
    named = ", ".join(f'pos="{tag}"' for tag in asked if tag in taking)
    return [
        f"the pattern's {named}: {taken:,} of its matches "
        f"{'lies' if taken == 1 else 'lie'} in documents whose tags were mapped from a "
        f"coarser tag set than UPOS ({'; '.join(said)}): some may be "
        f"{','.join(sorted(standing))} in UPOS, as the other documents tag them"
    ]


def _tagged_so_elsewhere(
    per_document: Callable[[Mapping[str, Any]], Mapping[str, int]],
    values: Mapping[str, Any],
    tests: Sequence[Any],
    standing: Sequence[str],
    ids: Collection[str],
) -> bool:
    """Whether the pattern with ``tests`` asking for ``standing`` instead ([pos="VERB"]
    for [pos="AUX"]) has matches outside the documents ``ids`` in the whole index (how
    the other documents tag its words, which --doc or --where does not change: --doc of
    an STTS document said nothing, as `--pos AUX` says it; pass 38j); True where its
    text cannot be rewritten so."""
    text = str(values["cql"])
    for test in sorted(tests, key=lambda t: -t.column):
        at = test.column  # (the value's opening quote, 1-based: the value starts there)
        if text[at : at + len(test.value)] != test.value:
            return True
        text = text[:at] + "|".join(standing) + text[at + len(test.value) :]
    try:
        counted = per_document({**values, "cql": text, "doc": None, "where": None})
    except SensegrepError:  # a tag no token has
        return False
    return any(n for doc, n in counted.items() if doc not in ids)


def _tags_let_through(
    refused: Sequence[str], documents: Sequence[tuple[int, str, str, str, int]]
) -> list[str]:
    """The note of a pattern's ``pos!="AUX"`` where some documents' tag set lacks the tag
    (tags_missed's mirror): their words of it (French TreeTagger's être, tagged VERB)
    pass the test, counted as not AUX."""
    from sensegrep import pos_tags

    said = []
    for tag_set in sorted({d[3] for d in documents}):
        # a tag whose words the set tags as another that is refused too passes none:
        # [pos!="AUX" & pos!="VERB"] takes no French être (VERB), pass 37h
        tags = [
            tag
            for tag in pos_tags.lacking(tag_set, refused)
            if not set(pos_tags.instead(tag_set, [tag])) & set(refused)
        ]
        if tags:
            of_set = [d for d in documents if d[3] == tag_set]
            said.append(f"{named_sources(of_set)}: {pos_tags.described(tag_set, tags)}")
    if not said:
        return []
    named = ", ".join(f'pos!="{tag}"' for tag in refused)
    return [
        f"the pattern's {named} lets through the words that documents whose tags were "
        f"mapped from a coarser tag set than UPOS tag otherwise ({'; '.join(said)}): "
        "they are among its matches"
    ]


def tags_missed(
    what: str,
    shown: Sequence[str],
    asked: Sequence[str],
    documents: Sequence[tuple[int, str, str, str, int]],
) -> list[str]:
    """The note of a POS test (``what`` and its tags ``shown`` as the option or pattern
    writes them: collocates' --collocate-pos PROPN, a pattern's pos="AUX") on tags
    ``asked`` that the tag set of some documents lacks (coarse_tags_left_out): it misses
    the words those documents tag otherwise. [] when none lacks them."""
    from sensegrep import pos_tags

    said = []
    missed = set()
    for tag_set in sorted({d[3] for d in documents}):
        tags = pos_tags.lacking(tag_set, asked)
        if not tags:
            continue
        missed.update(tags)
        of_set = [d for d in documents if d[3] == tag_set]
        said.append(f"{named_sources(of_set)}: {pos_tags.described(tag_set, tags)}")
    if not said:
        return []
    named = ", ".join(s for s, tag in zip(shown, asked, strict=True) if tag.upper() in missed)
    return [
        f"{what} {named} misses the words that documents whose tags were mapped from a "
        f"coarser tag set than UPOS tag otherwise ({'; '.join(said)}): they are left out"
    ]


def named_sources(documents: Sequence[tuple[int, str, str, str, int]]) -> str:
    """The source files of these documents (Index.coarse_pos_documents rows): the first
    three named, then how many more."""
    sources = sorted({d[2] for d in documents})
    more = f" and {len(sources) - 3:,} more" if len(sources) > 3 else ""
    return ", ".join(sources[:3]) + more


def _matches(n: int) -> str:
    return "match" if n == 1 else "matches"


# A statistic's subcorpus whose conditions (each met by some document: a value none has
# is an error) leave no document together.
EMPTY_SUBCORPUS = (
    "no rows: no document meets all of the conditions (--where, --doc, a pattern's within): "
    "the subcorpus is empty"
)
NO_DOCUMENT_HAS = "no rows: no document has"  # freq's own, naming the conditions


def either_hint(values: Mapping[str, Any], lists: Collection[str] = ()) -> str:
    """A hint when one field is asked for two values (--where genre=news --where
    genre=fiction): every --where holds, so no document can have both; the values as
    alternatives of one --where are what was likely meant. A field in ``lists`` (some
    document has a list of its values) is not said to have one value a document: no
    document has all of those asked (issue 23, pass 25x)."""
    wanted: dict[str, list[str]] = {}
    for pair in _listed(values.get("where")):
        if isinstance(pair, tuple) and len(pair) == 2:
            wanted.setdefault(str(pair[0]), []).append(str(pair[1]))
    for field, given in wanted.items():
        if len(set(given)) > 1:
            either = ",".join(dict.fromkeys(given))
            if field.removeprefix("meta:") in lists:
                return (
                    f" (each --where must hold, and no document has all of these {field} "
                    f"values: for any of them, list them in one, {field}={either})"
                )
            return (
                f" (each --where must hold, and a document has one {field}: for any of "
                f"them, list them in one, {field}={either})"
            )
    return ""


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _shown_value(value: Any) -> str:
    if isinstance(value, tuple) and len(value) == 2:  # a --where pair
        return f"{value[0]}={value[1]}"
    return str(value)
