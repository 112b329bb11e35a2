"""Corpus statistics (issue 24): frequency lists (``freq``) … Each takes the keywords
its declaration in sensegrep/request.py (``STATISTICS``) lists, checks them as every
front end does, and answers a :class:`~sensegrep.api.results.Table`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sensegrep.api.results import Table
from sensegrep.errors import QueryError

if TYPE_CHECKING:
    from sensegrep.search.engine import Searcher
    from sensegrep.stats.corpus import CorpusTokens, Items
    from sensegrep.storage import Filters, Index


def statistic_values(command: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """A statistic's keywords checked and converted (QueryError names a bad one), with
    the declared defaults filled in."""
    from sensegrep import request

    values = request.parse(options, "api", "api", command=command)
    for param in request.STATISTICS[command]:
        values.setdefault(param.name, [] if param.repeat else param.default)
    return values


def subcorpus_filters(values: Mapping[str, Any]) -> Filters:
    from sensegrep.search.cql import within_where
    from sensegrep.storage import Filters

    # A pattern's within FIELD="VALUE" is a --where condition (as a search's).
    where = (*(values.get("where") or ()), *within_where(values.get("cql")))
    return Filters(where=where, docs=values.get("doc") or ())


def subcorpus_tokens(storage: Index, values: Mapping[str, Any]) -> CorpusTokens:
    """The tokens a statistic counts in: the index's, or the subcorpus its where, doc and
    pattern's within clauses keep, checked first (an error names a within clause as the
    pattern writes it, as a search's does)."""
    from sensegrep.search.cql import within_where
    from sensegrep.stats.corpus import corpus_tokens

    return corpus_tokens(storage, subcorpus_filters(values), within_where(values.get("cql")))


def unspaced_phrases_notes(storage: Index) -> list[str]:
    """The note of a statistic over an index holding phrases of plain text written
    without spaces between words (text.phrases_note); none on an index of CoNLL-U or VRT
    alone, whose long words (中华人民共和国) are words, segmented so."""
    from sensegrep.text import phrases_note

    if not storage.manifest.text_analysis:
        return []
    note = phrases_note(storage.vocabulary())
    return [note] if note else []


def freq(storage: Index, searcher: Searcher, **options: Any) -> Table:
    """A frequency list: each item's ``freq``, ``per_million`` (tokens of the (sub)corpus),
    ``docs``, ``dp`` (Gries' DP) and ``juilland_d``, most frequent first."""
    from sensegrep.stats.corpus import item_codes
    from sensegrep.stats.frequency import each_list_item, frequency_rows, match_units, token_units

    values = statistic_values("freq", options)
    check_ignore_punct(values)
    tokens = subcorpus_tokens(storage, values)
    items = item_codes(tokens, values["by"])
    if values["cql"] is not None:
        _request, nodes = searcher.matches(_pattern_request(values))
        units, names = match_units(tokens, items, nodes.firsts, nodes.lasts)
        leave_out = None
    else:
        units, names = token_units(tokens, items), items.names
        leave_out = items.punctuation() if values["ignore_punct"] else None
    several = False
    if items.of_documents:  # a document of several values counts under each of them
        units, names, several = each_list_item(units, names)

    def rows_of(min_freq: int) -> list[Any]:
        return frequency_rows(units, names, tokens.shape(), min_freq=min_freq,
                              parts=values["parts"], leave_out=leave_out)  # fmt: skip

    rows = rows_of(values["min_freq"])
    # not asdict: its deep copies took most of 10M tokens' time
    records = [dict(vars(row)) for row in rows]
    if items.of_documents and values["cql"] is not None:
        _per_million_of_each_value(records, tokens, items)
    table = Table.of(
        "freq",
        records,
        offset=values["offset"],
        k=values["k"],
        tokens=tokens.size,
        corpus_tokens=storage.corpus_tokens(),
        by=values["by"],
    )
    table.notes = min_freq_notes(len(rows), values["min_freq"], lambda: len(rows_of(1)))
    if several:
        what = "tokens" if values["cql"] is None else "matches"
        table.notes.append(
            f"a document whose {values['by'].removeprefix('meta:')} is a list of values has "
            f"its {what} counted under each of them, so the rows add up to more than the "
            f"{what} counted"
        )
    if leave_out is not None and len(units.codes):
        # AntConc's word tokens leave punctuation out; here it stays in the size counted
        left_out = int(leave_out[units.codes].sum())
        if left_out:
            table.notes.append(
                f"--ignore-punct left {left_out:,} punctuation tokens out of the list; the "
                f"{tokens.size:,} tokens counted in, and per million, include them "
                f"({tokens.size - left_out:,} without them)"
            )
    if values["cql"] is not None and rows:
        table.notes.extend(overlap_notes(searcher, values["cql"], subcorpus_filters(values)))
    if rows:
        table.notes.extend(coarse_pos_notes(storage, tokens, values["by"], values["cql"]))
    if items.of_documents:
        table.notes.extend(none_written_notes(storage, tokens, values["by"], rows))
        if values["cql"] is None:  # (a pattern's rows are its matches' words)
            from sensegrep.search.arrange import case_variants_note

            field = values["by"].removeprefix("meta:")
            table.notes.extend(case_variants_note(field, (row.item for row in rows)))
    if rows:  # (each phrase of unsegmented text counted as one token, pass 37d)
        table.notes.extend(unspaced_phrases_notes(storage))
    if values["cql"] is not None and not len(units.codes):  # as search says "0 matches"
        inside = " in the subcorpus" if values["where"] or values["doc"] else ""
        from sensegrep.api.querying import in_any_case_hint, search_request
        from sensegrep.search.subcorpus import sentence_bound_hint

        def count(any_case: str) -> int:
            asked = search_request(cql=any_case, where=values["where"], doc=values["doc"])
            return searcher.total(asked)

        any_case = in_any_case_hint(count, values["cql"], inside)
        inside += any_case + sentence_bound_hint(values["cql"])
        table.notes = [f"no rows: 0 matches for the pattern {values['cql']}{inside}"]
    if not tokens.size and (values["where"] or values["doc"]):
        table.notes = [empty_subcorpus_note(values, storage.list_fields())]
    elif values["parts"] > tokens.size > 0 and rows:  # juilland_d of fewer parts than asked
        table.notes.append(
            f"--parts {values['parts']} is more than the {tokens.size:,} tokens counted: "
            f"Juilland's D is over {tokens.size:,} parts, one token each"
        )
    return table


def _per_million_of_each_value(
    records: list[dict[str, Any]], tokens: CorpusTokens, items: Items
) -> None:
    """A pattern's matches by a metadata field: beside ``per_million`` (of the whole
    (sub)corpus) each value's own, ``per_million_value`` of ``value_tokens`` (its
    documents' tokens), as ``search --count FIELD`` gives: of the index alone, a value of
    few tokens read as rarer than one where the pattern was less frequent."""
    import numpy as np

    from sensegrep.cells import per_million
    from sensegrep.stats.frequency import each_list_item, token_units

    units, names, _several = each_list_item(token_units(tokens, items), items.names)
    sizes = dict(zip(names, np.bincount(units.codes, minlength=len(names)).tolist(), strict=True))
    for record in records:
        size = sizes.get(record["item"], 0)
        record["per_million_value"] = per_million(record["freq"], size) if size else None
        record["value_tokens"] = size


def none_written_notes(
    storage: Index, tokens: CorpusTokens, by: str, rows: Sequence[Any]
) -> list[str]:
    """A count by a field some of whose counted documents have the value written
    "(none)" says that the (none) row counts them with the documents without the field,
    as ``search --count`` does: ``--where FIELD=(none)`` takes only the former (the
    (none) row of 279 tokens read as 3 documents without a genre, 1 of which had one)."""
    import numpy as np

    from sensegrep.document import list_items
    from sensegrep.search.arrange import none_written_note
    from sensegrep.stats.corpus import NO_VALUE
    from sensegrep.storage.fields import value_key

    if all(row.item != NO_VALUE for row in rows):
        return []
    field = by.removeprefix("meta:")
    values = storage.document_field_values(field)
    counted = np.unique(tokens.sentence_documents).tolist()
    written = (value_key(values[d]) for d in counted if d in values)
    if not any(v == NO_VALUE or NO_VALUE in list_items(v) for v in written):
        return []
    return [none_written_note(field)]


def coarse_pos_notes(
    storage: Index, tokens: CorpusTokens, by: str, cql: str | None = None
) -> list[str]:
    """What a count by part of speech says of the documents it counts whose tags were
    mapped from a tag set coarser than UPOS (a VRT file's Penn tags, Raganato's 12
    universal tags: sensegrep/pos_tags.py): their tokens count under VERB where the
    others' count under AUX, so that the AUX row (PROPN, SCONJ…) is of the other
    documents alone, and VERB's mixes both."""
    from sensegrep import pos_tags
    from sensegrep.api.querying import named_sources, pattern_tags_left_out

    if by not in ("pos", "lemma_pos") and "pos" not in (cql or ""):
        return []
    documents = storage.coarse_pos_documents(mixed=True)
    if not documents:
        return []  # none, or only such documents: no other tags to mix with
    pattern = pattern_tags_left_out(cql, documents)
    if by not in ("pos", "lemma_pos"):
        return pattern
    shape = tokens.shape()
    sizes = dict(zip(shape.documents.tolist(), shape.document_sizes.tolist(), strict=True))
    said, lacking, instead, counted = [], set(), set(), 0
    for tag_set in sorted({d[3] for d in documents}):
        of_set = [d for d in documents if d[3] == tag_set and sizes.get(d[0])]
        if not of_set:
            continue
        n = sum(int(sizes[d[0]]) for d in of_set)
        counted += n
        tags = list(pos_tags.LACKING.get(tag_set, {}))
        lacking.update(tags)
        instead.update(pos_tags.instead(tag_set, tags))
        said.append(f"{named_sources(of_set)}, {n:,} tokens: {pos_tags.described(tag_set, tags)}")
    if not counted:
        return pattern
    return [
        *pattern,
        f"--by {by}: {counted:,} of the {tokens.size:,} tokens counted lie in documents whose "
        f"tags were mapped from a coarser tag set than UPOS ({'; '.join(said)}): there the "
        f"rows of {', '.join(sorted(lacking))} miss their words, which count under "
        f"{', '.join(sorted(instead))}",
    ]


def overlap_notes(searcher: Searcher, cql: str, filters: Filters | None = None) -> list[str]:
    """A note of the matches a pattern's statistic does not count because they start
    inside an earlier match (matches do not overlap): `freq --cql '[] []'` counted every
    other pair of a run of tokens, read as a list of bigrams ("the bank" 58 times, where
    `"the" []` counts 63 of them)."""
    dropped = searcher.overlapped(cql, filters)
    if not dropped:
        return []
    where = "index" if filters is None or not (filters.where or filters.docs) else "subcorpus"
    return [
        f"matches do not overlap: {dropped:,} more of the pattern's in the {where} start "
        'inside an earlier match and are not counted (of "a b c", [] [] is "a b", not '
        '"b c"), so the rows are not every n-gram; a pattern that names a word ("the" '
        "[]) counts each of its own"
    ]


def empty_subcorpus_note(values: Mapping[str, Any], lists: Collection[str] = ()) -> str:
    """Why a statistic of a subcorpus has no row: no document has every condition (each
    one alone has documents, or it would be an error), as a search with no match says."""
    from sensegrep.api.querying import NO_DOCUMENT_HAS, either_hint

    asked = [f"--where {field}={value}" for field, value in values["where"] or ()]
    asked += [f"--doc {doc}" for doc in values["doc"] or ()]
    return f"{NO_DOCUMENT_HAS} {' '.join(asked)} together{either_hint(values, lists)}"


def check_ignore_punct(values: Mapping[str, Any]) -> None:
    """--ignore-punct leaves out the items that are punctuation, which only words are:
    by pos, a metadata field, or with --cql, it would leave nothing out, silently."""
    if not values.get("ignore_punct"):
        return
    if values.get("cql") is not None:
        raise QueryError(
            "--ignore-punct leaves punctuation out of a list of words; a --cql pattern "
            'says itself which tokens it matches (write [pos!="PUNCT"] or [word="\\w.*"])'
        )
    if values.get("key_senses"):
        raise QueryError(
            "--ignore-punct leaves punctuation out of a list of words: key senses are no "
            "words, so it would leave nothing out: leave it out"
        )
    if values["by"] not in ("lemma", "form", "lemma_pos"):
        raise QueryError(
            f"--ignore-punct leaves punctuation out of a list of words (--by lemma, form or "
            f"lemma_pos); --by {values['by']} lists no word, so it would leave nothing out: "
            "leave it out"
        )


def _pattern_request(values: Mapping[str, Any]) -> Any:
    from sensegrep.api.querying import search_request

    return search_request(cql=values["cql"], where=values["where"], doc=values["doc"])


def pos_tag_ids(storage: Index, wanted: Sequence[str], option: str) -> list[int]:
    """The POS ids of the tags ``wanted`` (compared case-insensitively), for the option
    named ``option`` (``--pos``, ``--collocate-pos``); a tag no token has is an error,
    as search's ``--pos`` is."""

    storage.require_tags("pos", option)
    present = storage.tags_in("pos") or []
    folded = {tag.upper() for tag in present}
    missing = [tag for tag in wanted if tag.upper() not in folded]
    if missing:
        from sensegrep import pos_tags

        tag_sets = {row[3] for row in storage.coarse_pos_documents()}
        raise QueryError(
            f"{option} {missing[0]}: no token of {storage.folder} has that part of speech "
            f"(its tags: {', '.join(present)}){pos_tags.absent_for(tag_sets, missing[0])}"
        )
    asked = {tag.upper() for tag in wanted}
    return [i for i, text in enumerate(storage.tag_texts()) if text and text.upper() in asked]


def statistic_word(
    storage: Index,
    word: str,
    lang: str = "en",
    *,
    form_instead: str | None = None,
    vectors_for: str | None = None,
    plain: str | None = None,
) -> str:
    """The lemma a statistic counts for ``word``, resolved as search resolves it (the
    word case-folded, else the lemma the indexer gives it: "banks" is bank), checked in
    the statistic's own words: a word no token has is a one-line QueryError (the
    nearest words the index holds; ``form_instead``: what the statistic offers for an
    exact word form, where search offers --form); with ``vectors_for`` (what needs
    them), so is a word none of whose tokens has a sense vector (``plain``: the
    command that counts them all). A word the analyser cuts into several tokens
    ("mole's") is left to the search, which says what it searched it as."""
    from sensegrep.search.query import infix_pieces, word_tokens
    from sensegrep.storage.occurrences import occurrences_of

    # "e-mail", which spaCy cut at its hyphen (e - mail), is left to the search too.
    if len(word_tokens(word, lang)) > 1 or infix_pieces(word):
        return word
    try:
        lemma, _found = occurrences_of(storage, word, lang=lang, every_token=True, first=1)
    except QueryError as exc:
        # offered where a token is written so, as search offers --form: `collocates zzzz`
        # offered a pattern that matched nothing as well (pass 36q)
        held = form_instead is not None and _form_held(storage, word, lang)
        hint = f"; to search the word form: {form_instead}" if held else ""
        raise QueryError(f"{exc}{hint}") from None
    if vectors_for is not None:
        storage.require_vectors(vectors_for, word, lang)
        try:
            occurrences_of(storage, lemma, lang=lang, first=1)
        except QueryError:
            instead = f"; {plain} counts all of its tokens" if plain else ""
            raise QueryError(
                f"{vectors_for} needs sense vectors and no token of {word!r} has one "
                f"(function words, auxiliaries and punctuation get none){instead}"
            ) from None
    return lemma


def searched_as(word: str, lemma: str) -> str | None:
    """What a statistic says it counted for ``word`` when that is not the word as typed:
    ``lemma "bank"`` for "banks" (as ``Hits.searched``); None for the word itself."""
    from sensegrep.search.query import lemma_searched
    from sensegrep.storage.runs import lemma_key

    return None if lemma_key(word) == lemma else lemma_searched(lemma)


def searched_notes(word: str, lemma: str) -> list[str]:
    """``['lemma "bank" (from "banks")']`` for a statistic of several words (change,
    key senses), as search's header says it; [] for the word itself."""
    import json

    searched = searched_as(word, lemma)
    return [f"{searched} (from {json.dumps(word.strip(), ensure_ascii=False)})"] if searched else []


def no_nodes_notes(
    values: Mapping[str, Any],
    nodes: int,
    filters: Sequence[str],
    searcher: Searcher | None = None,
) -> list[str]:
    """A note when the node filters left no line of the word (or pattern) to count
    around: an empty table that is no mistake (the word occurs: a word no token has is
    an error), said as search says "0 matches … with --pos VERB"; of a pattern, its
    matches in any case (``searcher`` counts them), as search says them."""
    if nodes:
        return []
    what = repr(values["word"]) if values.get("word") else f"the pattern {values.get('cql')}"
    used = [f"--{name.replace('_', '-')} {_shown(v)}" for name in filters
            for v in _listed(values.get(name))]  # fmt: skip
    bound = ""
    if values.get("cql"):  # (a pattern's matches stay in a sentence)
        from sensegrep.api.querying import in_any_case_hint, search_request
        from sensegrep.search.subcorpus import sentence_bound_hint

        def count(any_case: str) -> int:
            if searcher is None or values.get("sense") is not None:
                return 0  # (a sense filter: no plain total to count the pattern by)
            asked = {name: values.get(name) for name in ("where", "doc", "pos")}
            return searcher.total(search_request(cql=any_case, **asked))

        filtered = " with them" if used else ""
        bound = in_any_case_hint(count, values["cql"], filtered)
        bound += sentence_bound_hint(values["cql"])
    with_used = f" with {' '.join(used)}" if used else ""
    return [f"no rows: 0 lines of {what}{with_used}{bound}"]


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _shown(value: Any) -> str:
    return f"{value[0]}={value[1]}" if isinstance(value, tuple) else str(value)


def min_freq_notes(rows: int, min_freq: int, without_min_freq: Callable[[], int]) -> list[str]:
    """A note when --min-freq left no row of those there are (``without_min_freq()``:
    how many with --min-freq 1, counted only then): a threshold the user set (or its
    default) is no mistake, but an empty table must say why it is empty."""
    if rows or min_freq <= 1:
        return []
    every = without_min_freq()
    if not every:
        return []
    if every == 1:
        return [
            f"no rows: the one there is falls below --min-freq {min_freq} (lower it to list it)"
        ]
    return [f"no rows: all {every:,} fall below --min-freq {min_freq} (lower it to list them)"]


def _form_held(storage: Index, word: str, lang: str) -> bool:
    """Whether some token is written ``word`` (case aside): what a search by form finds."""
    from sensegrep.storage.occurrences import occurrences_of

    try:
        occurrences_of(storage, word, lang=lang, by_form=True, every_token=True, first=1)
    except QueryError:
        return False
    return True
