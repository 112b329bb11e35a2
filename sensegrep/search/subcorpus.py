"""What a search is restricted to, said honestly: a pattern's tests of document
metadata, of token attributes the index lacks and of words or lemmas no token has are
refused when they cannot match because of how they are written (the filters' own
checks are storage's ``check_filters``), and ``--max-per-doc`` keeps one document from
filling a concordance."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from sensegrep.document import list_items
from sensegrep.errors import QueryError
from sensegrep.search import cql
from sensegrep.search.cql.regex import compile_value
from sensegrep.search.cql.tree import cql_literal, fixed_length, metadata_field
from sensegrep.search.query import infix_pieces, sequence_pattern, word_tokens
from sensegrep.search.token_columns import word_ids
from sensegrep.storage import Filters, Index
from sensegrep.storage.fields import SUGGEST_FROM, condition_text, nearest_values, same_number
from sensegrep.text import unspaced_script

# Token attributes an index may lack entirely, and how a message names them.
OPTIONAL_COLUMNS = ("pos", "tag", "deprel")
TAG_NAMES = {"pos": "part of speech", "tag": "fine tag", "deprel": "dependency relation"}


def check_pattern(index: Index, pattern: cql.Pattern, lang: str | None = None) -> None:
    """A QueryError for a pattern that tests what the index does not have: POS, fine
    tags or relations on an index without any, a word or lemma no token has, or a
    metadata field no document has, or a metadata value no document's value matches
    where every match needs it. ``lang``: the index's language, whose analyser says how
    a word it cuts into several tokens ("can't") is written as a sequence."""
    _check_words(index, pattern, lang)
    attributes = pattern.attributes()
    for column in OPTIONAL_COLUMNS:
        if column in attributes:
            index.require_tags(column, f"a pattern on {column}")
            _check_tags(index, pattern, column)
    tests = pattern.metadata_tests()
    if not tests:
        return
    known = index.field_names()
    for test, needed in tests:
        field = metadata_field(test.attribute)
        if field not in known:
            raise QueryError(_unknown_field(test, field, known))
        if needed and not test.negated:
            _check_values(index, test, field)


def _check_tags(index: Index, pattern: cql.Pattern, column: str) -> None:
    """Refuse a test every match needs that no tag of the index passes ([pos="noun"],
    [pos="NOUNS"]): tags are a closed set, so such a value is a slip, not a rare word
    (it gave an empty result, while --pos NOUNS was an error)."""
    present = index.tags_in(column)
    if not present:
        return  # cannot tell (an older index), or none: require_tags said so
    for test in pattern.required_tests(column):
        if test.accepts("") or any(map(test.accepts, present)):
            continue  # "" matches the tokens without one
        in_any_case = not test.ignore_case and any(map(ignoring_case(test).accepts, present))
        if test.negated and not in_any_case:
            continue  # [pos!="XX"]: a tag no token has refuses none, as it says
        hint = "; %c ignores case" if in_any_case else ""
        hint += _other_tag_set(index, test, column) + _coarse_tag_set(index, test, column)
        # [pos!="noun"] refused no noun, unsaid (pass 37h): a slip as [pos="noun"] is
        mark, refuses = ("!=", ", so it refuses none") if test.negated else ("=", "")
        raise QueryError(
            f'{column}{mark}"{test.value}": no token has a {TAG_NAMES[column]} that matches '
            f"it{refuses} (its values: {', '.join(present[:60])}"
            f"{' …' if len(present) > 60 else ''}{hint})"
        )


# Why some tokens of an index have no value in a column while others have one.
UNTAGGED_WHY = {
    "pos": "files indexed without tags: CoNLL-U or VRT files with none, or --tagger none",
    "tag": "files indexed without fine tags",
    "deprel": "text indexed without --parse, or CoNLL-U without HEAD and DEPREL",
}


def docs_left_out_notes(
    index: Index, filters: Filters, within: int = 0, every: bool = False
) -> list[str]:
    """A note naming the ``--doc`` ids the ``--where`` conditions leave out, when they
    keep another of them: every filter must hold, and `--doc a --doc b --where
    genre=news` listed a's lines alone, unsaid, read as both documents' (pass 38a).
    When they keep none, the result is empty and says so (querying.why_empty), unless
    ``every`` (an error's note: a statistic's "no occurrences"). ``within``: how many
    of the last conditions are a pattern's within clauses."""
    left_out = index.docs_left_out(filters)
    if not left_out or (len(left_out) == len(set(filters.docs)) and not every):
        return []
    own = len(filters.where) - within
    named = [condition_text(key, text, n >= own) for n, (key, text) in enumerate(filters.where)]
    one = len(left_out) == 1
    return [
        f"{', '.join(named)} {'leaves' if len(named) == 1 else 'leave'} out "
        f"{', '.join(f'--doc {doc}' for doc in left_out)}: every filter must hold, so "
        f"{'it is' if one else 'they are'} not in the subcorpus searched"
    ]


def within_text_notes(pattern: cql.Pattern) -> list[str]:
    """CQP's ``within text`` lets a match run from one sentence into the next; here
    every match lies inside one sentence, so a pattern that may take more than one
    token says that it is matched within sentences (of one token, nothing can differ)."""
    if not pattern.within_text or fixed_length(pattern.elements) == 1:
        return []
    return [
        "within text: a match never runs from one sentence into the next here, so the "
        "pattern is matched within each sentence (CQP's within text also takes matches "
        "across the sentences of a text)"
    ]


def sentence_bound_hint(text: str) -> str:
    """What a pattern that matched nothing adds to its "0 matches": a match never runs
    from one sentence into the next here (within s is the default), where CQP without a
    within clause takes matches across sentences, so that 0 matches of '"\\." "The"' is
    not read as "no sentence begins with The". Said of a pattern that may take more
    than one token and was not written with within text (its note says it already)."""
    try:
        pattern = cql.parse(text)
    except QueryError:
        return ""
    if pattern.within_text or fixed_length(pattern.elements) == 1:
        return ""
    return (
        "; a match never runs from one sentence into the next (within s is the default "
        "here; CQP without within also takes matches across sentences)"
    )


def untagged_notes(index: Index, pattern: cql.Pattern) -> list[str]:
    """A note for each of pos, tag and deprel that every match of ``pattern`` must have
    a value of, in an index where some tokens have none (text added without --parse to
    parsed text): the pattern cannot match those tokens, and the count alone would not
    say so (as ``--pos`` says of the matches it leaves out)."""
    notes = []
    for column in OPTIONAL_COLUMNS:
        tests = [t for t in pattern.required_tests(column) if not t.negated and not t.accepts("")]
        untagged = index.untagged_tokens(column) if tests else 0
        if untagged:
            notes.append(
                f'[{column}="{tests[0].value}"] matches only tokens with a '
                f"{TAG_NAMES[column]}: {untagged:,} of the index's tokens have none "
                f"({UNTAGGED_WHY[column]}), so no match is found among them"
            )
    return notes


# The other tag set of a part-of-speech column: [pos="NN"] is a Penn tag, which `tag` has.
OTHER_TAGS = {"pos": "tag", "tag": "pos"}
TAG_PLURALS = {"pos": "parts of speech", "tag": "fine tags"}


def tag_set_notes(index: Index, pattern: cql.Pattern) -> list[str]:
    """A note for each pos test every match needs whose value the fine tags take too,
    as other values: CQPweb's ``[pos="N.*"]`` on Penn-tagged input (NN, NNS, NNP) takes
    here the UPOS tags NOUN and NUM, which those tags were mapped to, so numerals in and
    proper nouns out, unsaid. A value both columns take alike (a CoNLL-U file whose
    XPOS repeats its UPOS) says nothing."""
    notes = []
    for test in pattern.required_tests("pos"):
        # A negated test ([pos!="N.*"]) leaves out the values it would take: said so
        # (it kept John, NNP, and left out three, CD, unsaid).
        takes, sign = ("leaves out", "!=") if test.negated else ("takes", "=")
        here = [v for v in index.tags_in("pos") or () if test.accepts(v)]
        there = [v for v in index.tags_in("tag") or () if test.accepts(v)]
        if there and set(here) != set(there):
            notes.append(
                f'[pos{sign}"{test.value}"] tests the parts of speech (UPOS), where it {takes} '
                f'{", ".join(here) or "none"}; [tag{sign}"{test.value}"] tests the fine tags '
                f"(the input's own, as XPOS or a VRT's tags, or spaCy's), where it {takes} "
                f"{', '.join(there)}"
            )
    return notes


def _other_tag_set(index: Index, test: cql.AttributeTest, column: str) -> str:
    """``; [tag="NN"] tests the fine tags, which have it`` when the value is a tag of the
    other set (a Penn tag given as pos, a universal one given as tag); else ""."""
    other = OTHER_TAGS.get(column)
    if other is None or not any(map(test.accepts, index.tags_in(other) or ())):
        return ""
    return f'; [{other}="{test.value}"] tests the {TAG_PLURALS[other]}, which have it'


def _coarse_tag_set(index: Index, test: cql.AttributeTest, column: str) -> str:
    """Why no token has the UPOS tag ``test`` asks for where the documents' tags were
    mapped from a tag set without it ([pos="AUX"] over French TreeTagger's): else ""."""
    from sensegrep import pos_tags

    if column != "pos" or test.value.upper() not in pos_tags.UPOS_LACKED:
        return ""
    tag_sets = {row[3] for row in index.coarse_pos_documents()}
    return pos_tags.absent_for(tag_sets, test.value)


# The token store's column of each word attribute.
WORD_COLUMNS = {"word": "form", "lemma": "lemma"}


def _check_words(index: Index, pattern: cql.Pattern, lang: str | None = None) -> None:
    """Refuse a word or lemma test every match needs that no token's value passes
    ([lemma="bnak"], [word="bank.*z"]): the pattern can match nothing in this index, a
    slip that `search bnak` reports too, with the nearest words. A test under | or !
    is not checked (an alternative may be absent on purpose), and words that each
    occur but never in sequence leave an honest empty result."""
    for attribute, column in WORD_COLUMNS.items():
        for test in pattern.required_tests(attribute):
            if not test.negated and not _held(index, test, column):
                raise QueryError(_absent_word(index, test, column, lang))


def _held(index: Index, test: cql.AttributeTest, column: str) -> bool:
    """Whether some token's ``column`` passes the test (negation aside)."""
    ids = word_ids(index, test)
    return bool(len(ids)) and bool(index.words_held(column, ids).any())


def _absent_word(
    index: Index, test: cql.AttributeTest, column: str, lang: str | None = None
) -> str:
    cut = _as_tokens(test, column, lang)
    # the flags as written: `"Cafe"%c` was said as word="Cafe", as if %c were dropped
    flags = "c" * test.ignore_case + "d" * test.ignore_diacritics
    written = f'{test.attribute}="{test.value}"' + (f"%{flags}" if flags else "")
    if cut:
        return (
            f"{written}: no token of {index.folder} has that {column}: "
            f"its text is cut into the tokens {' '.join(cut)}, so write them in sequence: "
            + sequence_pattern(cut, any_case=test.ignore_case)  # a form: [word=…] each
        )
    hint = ""
    if not test.ignore_case and _held(index, ignoring_case(test), column):
        hint = "; %c ignores case"
    if not test.ignore_diacritics and _held(index, ignoring_diacritics(test), column):
        hint += "; %d ignores diacritics"  # "cafe": the text has café
    nearest = index.nearest_words(column, test.value)
    shown = f"nearest: {', '.join(map(repr, nearest))}" if nearest else ""
    about = f" ({shown}{hint})" if shown else f" ({hint[2:]})" if hint else ""
    phrases = ""
    literal = test.literal
    if (
        literal is not None
        and unspaced_script(literal)
        and any(literal in text and literal != text for text in index.vocabulary())
    ):
        # (as `search 東京` says: "no token" read as "not in the text")
        inside = f'[{test.attribute}=".*{test.literal}.*"]'
        phrases = (
            "; text written without spaces between words (Chinese, Japanese, Thai…) is "
            f"indexed in phrases, whose words are no tokens: {inside} finds it inside them"
        )
    return (
        f"{written}: no token of {index.folder} has a {column} that "
        f"matches it{about}{phrases}{_joined_lemmas(index, test, column)}"
    )


def _joined_lemmas(index: Index, test: cql.AttributeTest, column: str) -> str:
    """``; the lemmas leave|left join it to others by | …`` where TreeTagger wrote the
    lemma asked for among others (die|der|das), which [lemma="der"] never matches: the
    refusal named them as the nearest alone, unsaid why (pass 36m); else ""."""
    from sensegrep.search.cql.tree import cql_literal

    if column != "lemma" or test.literal is None:
        return ""
    wanted = test.literal.lower()
    texts = index.vocabulary()
    ids = [i for i, text in enumerate(texts) if "|" in text and wanted in text.lower().split("|")]
    if not ids:
        return ""
    held = index.words_held(column, np.asarray(ids, dtype=np.int64))
    joined = [texts[i] for i, kept in zip(ids, held, strict=True) if kept]
    if not joined:
        return ""
    pattern = f'[lemma="{"|".join(cql_literal(text) for text in joined)}"%c]'
    shown = ", ".join(joined[:3]) + (", …" if len(joined) > 3 else "")
    one = len(joined) == 1
    return (
        f"; the lemma{'' if one else 's'} {shown} join{'s' if one else ''} it to others by | "
        f"(TreeTagger's lemmas of a word its lexicon reads in several ways): {pattern} "
        f"matches {'it' if one else 'them'}"
    )


def _as_tokens(test: cql.AttributeTest, column: str, lang: str | None) -> list[str]:
    """The tokens the index's analyser cuts a literal form into ("can't" → ca n't), when
    several: the words a pattern must give one by one; [] otherwise."""
    if lang is None or column != "form" or test.literal is None or test.ignore_diacritics:
        return []
    tokens = word_tokens(test.literal, lang)
    if len(tokens) == 1:  # a spaCy-tagged index cut "well-known" at its hyphen
        return infix_pieces(tokens[0])
    return tokens if len(tokens) > 1 else []


def _unknown_field(test: cql.AttributeTest, field: str, known: list[str]) -> str:
    fields = ", ".join(known[:30]) + (" …" if len(known) > 30 else "") or "none"
    return (
        f'{test.attribute}="{test.value}": no document has a metadata field '
        f"{field!r} (its fields: {fields}; token attributes: "
        f"{', '.join(sorted(cql.TOKEN_ATTRIBUTES))})"
    )


def _check_values(index: Index, test: cql.AttributeTest, field: str) -> None:
    """Refuse a test no document's value passes (read from the field's distinct values,
    the texts the matcher tests; a field with very many is not checked)."""
    values = index.values_of_field(field, SUGGEST_FROM + 1)
    if len(values) > SUGGEST_FROM:
        return
    if any(test.matches(None, {field: v}) for v in _as_read(values)):  # type: ignore[arg-type]
        return
    hint = ""
    if not test.ignore_case and any(map(ignoring_case(test).accepts, values)):
        hint = "; %c ignores case"
    if ".." in test.value or "," in test.value:
        # [year="1990..1999"] is a regular expression: --where's ranges and lists are not
        hint += (
            f'; a test on a token is a regular expression: write within {field}="'
            f"{test.value}\" for --where's ranges and alternatives"
        )
    same = same_number(test.value, values)
    if same:  # a JSON file's 1.0 is stored as 1 (pass 40b)
        swapped = ", ".join(f"{v!r} for {test.value!r}" for v in same)
        # (as a regular expression: `+2` unescaped was refused as one, pass 40h)
        hint += (
            f"; {field} has the same number written otherwise ({swapped}): "
            f'{test.attribute}="{"|".join(map(cql_literal, same))}"'
        )
    # (commonest first: 'News' of 1 document was offered before 'news' of 300, pass 40d)
    nearest = nearest_values(test.value, index.commonest_first(field, values))
    shown = f"nearest: {', '.join(map(repr, nearest))}" if nearest else _some(values)
    raise QueryError(
        f'{test.attribute}="{test.value}": 0 documents have a '
        f"{field} that matches it ({shown}{hint})"
    )


def documents_tested(
    index: Index, pattern: cql.Pattern, leaving: cql.AttributeTest | None = None
) -> np.ndarray | None:
    """The row ids of the documents the pattern's tests of metadata that every match
    needs keep (None: it has none), the only ones it can match in: a note of what a
    --where leaves out beside `[rating="1.0"]` counted the documents of every rating
    (pass 40k). ``leaving``: a test left out, whose own note counts among the others'."""
    kept = None
    for test, needed in pattern.metadata_tests():
        if not needed or test is leaving:
            continue
        field = metadata_field(test.attribute)
        # (a value of a list, as the search reads it: tags="x" takes ["x", "y"], pass 40n)
        values = [v for v in index.values_of_field(field) if _taken(test, v)]
        if test.negated:  # rating!="2": every other document, one without rating too
            kept = index.documents_lacking(field, values, kept)
        else:
            kept = index.documents_holding(field, values, kept)
    return kept


def _taken(test: cql.AttributeTest, value: str) -> bool:
    """Whether the test (negation aside) takes a stored value of its field, or one of a
    list's items, as a match's test of metadata does."""
    return test.accepts(value) or any(map(test.accepts, list_items(value)))


def _both(first: np.ndarray | None, second: np.ndarray | None) -> np.ndarray | None:
    """The documents in both (None: all)."""
    if first is None or second is None:
        return second if first is None else first
    return np.intersect1d(first, second)


def pattern_filter_notes(index: Index, pattern: cql.Pattern, filters: Filters) -> list[str]:
    """The notes of what the pattern's own tests leave out: its tests of tags some tokens
    lack, its tag set, and a number written otherwise, among the documents the
    ``filters`` and its tests of metadata keep."""
    kept = index.passing_documents(filters)
    notes = untagged_notes(index, pattern) + within_text_notes(pattern)
    return notes + tag_set_notes(index, pattern) + number_notes(index, pattern, kept)


# A test's value written as a number (1.0, -2, 1e3): one a document may write otherwise.
_NUMBER_WRITTEN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def number_notes(index: Index, pattern: cql.Pattern, among: np.ndarray | None = None) -> list[str]:
    """A note for each test of a metadata field every match needs, written as a number,
    that leaves out documents writing the same number otherwise: `[rating="1.0"]` took
    the documents whose JSON wrote "1.0" and left out those whose 1.0 is stored as 1,
    unsaid, where --where and within say it (pass 40h). Counted ``among`` the documents
    the filters keep (--where, within, --doc; None: all): beside --where genre=letter
    it counted the news documents too, which no such search takes; and among those its
    other tests of metadata keep (pass 40k)."""
    notes = []
    for test, needed in pattern.metadata_tests():
        if not needed or test.negated or not _NUMBER_WRITTEN.fullmatch(test.value):
            continue
        field = metadata_field(test.attribute)
        values = index.values_of_field(field, SUGGEST_FROM + 1)
        if len(values) > SUGGEST_FROM:
            continue
        other = [v for v in same_number(test.value, values) if not test.accepts(v)]
        if not other:
            continue
        kept = _both(among, documents_tested(index, pattern, leaving=test))
        n = index.documents_with(field, other, kept)
        if not n:  # the filters keep none of them
            continue
        shown = ", ".join(map(repr, other[:3])) + (", …" if len(other) > 3 else "")
        taking = "|".join([test.value, *map(cql_literal, other)])
        notes.append(
            f'{test.attribute}="{test.value}" leaves out {n:,} document{"" if n == 1 else "s"} '
            f"whose {field} is {shown}, the same number written otherwise (values are matched "
            f'as written): {test.attribute}="{taking}" takes {"it" if n == 1 else "them"} too'
        )
    return notes


def _as_read(values: list[str]) -> list[str]:
    """The values as the matcher reads them from the documents' JSON (fields.value_text),
    beside the stored text: an older index's table, read-only before its migration,
    may still hold SQLite's 1 and 0 for true and false."""
    booleans = {"1": "true", "0": "false"}
    return values + [booleans[v] for v in values if v in booleans]


def ignoring_case(test: cql.AttributeTest) -> cql.AttributeTest:
    """``test`` with %c: as it matches in any case."""
    return replace(test, ignore_case=True, regex=compile_value(test.source, True))


def ignoring_diacritics(test: cql.AttributeTest) -> cql.AttributeTest:
    """``test`` with %d: as it matches with or without diacritics."""
    plain = replace(test, ignore_diacritics=True)
    return replace(plain, regex=compile_value(plain.source, test.ignore_case))


def _some(values: list[str]) -> str:
    return (
        "its values: "
        + (", ".join(map(repr, values[:8])) or "none")
        + (" …" if len(values) > 8 else "")
    )


def first_per_document(index: Index, ids: np.ndarray, most: int) -> np.ndarray:
    """The positions in ``ids`` (an ordering of tokens) of the first ``most`` tokens of
    each document, ascending: what ``--max-per-doc`` keeps of that ordering."""
    if not len(ids):
        return np.zeros(0, dtype=np.int64)
    docs = index.document_rows(np.asarray(ids, dtype=np.int64))
    by_doc = np.argsort(docs, kind="stable")  # each document's tokens in the given order
    sorted_docs = docs[by_doc]
    starts = np.flatnonzero(np.r_[True, sorted_docs[1:] != sorted_docs[:-1]])
    lengths = np.diff(np.r_[starts, len(ids)])
    rank = np.empty(len(ids), dtype=np.int64)
    rank[by_doc] = np.arange(len(ids)) - np.repeat(starts, lengths)
    return np.flatnonzero(rank < most)
