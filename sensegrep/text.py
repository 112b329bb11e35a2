"""Text analysis shared by the indexer and search: sentences, tokens and lemmas of a
text, a query word or an example sentence, all offline with simplemma.

Every token simplemma returns is a slice of its sentence, which is a slice of the text,
so offsets are found by searching forward from a cursor. Paragraph breaks (blank lines)
always end a sentence. Characters simplemma does not tokenise (emoji, other symbols)
simply belong to no token. A query is analysed exactly as the indexed text was, so the
lemma searched for is the one stored.

English text (``lang="en"``) has its clitics and possessives split off as the Penn
Treebank and spaCy split them: "mole's" → "mole" "'s", "don't" → "do" "n't", "can't" →
"ca" "n't", "shouldn't've" → "should" "n't" "'ve" (a search for *mole* then finds "the
mole's tunnel"). Other languages keep simplemma's tokens: French "l'homme" is one token,
its elision being no English clitic. Text indexed before this rule keeps its tokens.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from sensegrep.document import Sentence, Token
from sensegrep.errors import SensegrepError

ENGLISH = "en"
# A clitic at the end of a word (after a letter or digit): n't, 's, 'm, 'd, 'll, 're,
# 've, with a straight or a typographic apostrophe, in any case ("DON'T").
_CLITIC = re.compile(r"(?<=[^\W_])(?:n['’]t|['’](?:s|m|d|ll|re|ve))\Z", re.IGNORECASE)


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC): "Zu" + combining diaeresis + "rich"
    is "Zürich". Two spellings a reader cannot tell apart are one word to a search, a
    filter and a count, whichever form the file or the query was typed in."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# What lower-casing a capital dotted I (Turkish İ) gives: i and a combining dot above.
DOTTED_I = "i\u0307"
# A word with more i's than this is looked up as written (2**n spellings of its i's).
_MOST_DOTTED_VARIANTS = 6


def undotted(text: str) -> str:
    """``text`` with the combining dot that lower-casing İ leaves dropped: "İstanbul"
    lower-cases to "i̇stanbul", which no search for istanbul found; as "istanbul",
    İstanbul, ISTANBUL and istanbul are one word to a sort, a count and a lookup."""
    return text.replace(DOTTED_I, "i") if "\u0307" in text else text


def without_diacritics(text: str) -> str:
    """``text`` without its combining marks ("café" -> "cafe"), and a Latin letter with
    a stroke or bar through it, which Unicode does not decompose, as its bare letter
    (Polish ł, Danish ø, Croatian đ: "Łódź" -> "Lodz"); composed (NFC)."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if not kept.isascii():
        kept = kept.translate(_stroked_letters())
    return unicodedata.normalize("NFC", kept)


_STROKES = (" WITH STROKE", " WITH BAR")


@lru_cache(maxsize=1)
def _stroked_letters() -> dict[int, str]:
    """Each Latin letter written with a stroke or bar through it (ł, Ø, đ, ħ, ƶ…) and
    its bare letter: a diacritic that is no combining mark, so NFD keeps it on."""
    table: dict[int, str] = {}
    for code in range(0x80, 0x2C80):
        name = unicodedata.name(chr(code), "")
        if not name.startswith("LATIN ") or unicodedata.decomposition(chr(code)):
            continue
        for stroke in _STROKES:
            if name.endswith(stroke):
                with contextlib.suppress(KeyError):  # LATIN LETTER TWO has none
                    table[code] = unicodedata.lookup(name[: -len(stroke)])
    return table


def fold_case(text: str) -> str:
    """``text`` case-folded as a sort and a count compare words (NFC, lower-cased, İ as
    i): as a search looks words up and ``freq`` counts them, so that ß and ss (STRASSE,
    Straße) or a ligature (ﬁ, fi) are two items there as well (casefold made one of
    them in ``--count`` alone, which said "straße 3" where search and freq said 2)."""
    return undotted(composed(text).lower())


def unmarked(text: str) -> str:
    """``text`` lower-cased without the marks a text may write or leave out: accents and
    breathings of Greek letters (ΛΟΓΟΣ, λόγος: λογος), marks that stay combining after
    composing, as Russian stress (замо́к), Arabic vowels (كَتَبَ) and Hebrew points
    (שָׁלוֹם) do, and the Arabic tatweel (المدرســة). A letter written with a mark that
    composes into one character of another script (Russian й; Latin é, ş) is kept: it
    is a letter of its own there; but Russian ё, which a text may write е, is е."""
    kept = []
    for ch in composed(text):
        if unicodedata.combining(ch) or ch == "\u0640":  # (Arabic tatweel stretches a word)
            continue
        if ch in "ёЁ":  # Russian writes ё as е but where it must be told apart
            ch = "е"
        elif "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff":
            ch = "".join(
                c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
            )
        kept.append(ch)
    return undotted("".join(kept).lower())


# Languages whose capital of i is İ and of ı is I (Turkish, Azerbaijani).
DOTLESS_I_LANGUAGES = frozenset({"tr", "az"})


def turkish_case(text: str) -> str:
    """``text`` lower-cased as Turkish does it: I is the capital of ı, İ of i ("KIR" is
    kır, where Unicode's lower-casing, and so a case-insensitive search, makes it kir)."""
    return composed(text).replace("\u0130", "i").replace("I", "\u0131").lower()


def turkish_keys(text: str) -> list[str]:
    """The lookup keys (Unicode lower-casing, İ as i) a word Turkish lower-cases as
    ``turkish_case(text)`` may be stored under: each ı of it written ı or, as a capital
    I lower-cases, i ("ışık": ışık, işık from Işık, işik from IŞIK…)."""
    lowered = turkish_case(text)
    count = lowered.count("\u0131")
    if count > _MOST_DOTTED_VARIANTS:
        return [lowered]
    parts = lowered.split("\u0131")
    return [
        parts[0] + "".join(c + p for c, p in zip(choice, parts[1:], strict=True))
        for choice in itertools.product(("\u0131", "i"), repeat=count)
    ]


def dotted_i_spellings(key: str) -> list[str]:
    """A lookup key (lower-cased) with each of its i's written plain and dotted, as a
    stored key of a word with a capital İ has it ("i̇stanbul"): the keys to look up so
    that İstanbul and istanbul are found by either spelling (stored keys are as they
    were; no index needs rewriting). Just ``key`` (undotted) when it has no i or more
    than a few."""
    plain = undotted(key)
    count = plain.count("i")
    if not count or count > _MOST_DOTTED_VARIANTS:
        return list(dict.fromkeys([plain, key]))
    parts = plain.split("i")
    found = []
    for dots in itertools.product(("i", DOTTED_I), repeat=count):
        found.append(parts[0] + "".join(d + p for d, p in zip(dots, parts[1:], strict=True)))
    return found


def spellings(text: str) -> list[str]:
    """``text`` as typed, composed (NFC) and decomposed (NFD), each once: the stored
    spellings an exact lookup must try, since text is kept as the file wrote it; and
    with each character written as the one that Unicode takes as the same (Greek ό as
    polytonic text's ό with oxia, U+1F79; ";" as the Greek question mark), which is
    neither composed nor decomposed: `search λόγος --form` left such a token out."""
    if text.isascii() and not _ASCII_WITH_SINGLETONS.intersection(text):
        return [text]
    whole = composed(text)
    return list(
        dict.fromkeys(
            [
                text,
                whole,
                unicodedata.normalize("NFD", text),
                *_singleton_spellings(whole),
                *_excluded_spellings(whole),
            ]
        )
    )


def _excluded_spellings(text: str) -> list[str]:
    """``text`` (composed) with each letter that NFC leaves decomposed written as the one
    character that stands for it (Devanagari फ़ as U+095E, Bengali য় as U+09DF), as
    older text and fonts write them: neither composed nor decomposed, so `search फ़ाइनल
    --form` and `[word="फ़ाइनल"]`, typed as a keyboard writes it, left them out (pass
    38d); [] where it holds none."""
    if text.isascii():
        return []
    excluded = _excluded_compositions()
    held = [(pair, ch) for pair, ch in excluded.items() if pair in text]
    if not held:
        return []
    for pair, ch in held:
        text = text.replace(pair, ch)
    return [text]


@lru_cache(maxsize=1)
def _excluded_compositions() -> dict[str, str]:
    """Each character that NFC writes as several (a composition exclusion: Devanagari
    क़ U+0958 is क and a nukta, Hebrew שׁ U+FB2A is ש and a shin dot), by those."""
    table = {}
    for code in range(0x80, 0x30000):
        same = unicodedata.normalize("NFC", chr(code))
        if len(same) > 1 and same != chr(code):
            table[same] = chr(code)
    return table


# The ASCII characters another one is the same as (";" the Greek question mark, "`"
# the Greek varia U+1FEF): a text without them has no other spelling.
_ASCII_WITH_SINGLETONS = frozenset(";`")
# A text with more characters than this that another one is the same as is looked up
# as written (2**n spellings).
_MOST_SINGLETON_PLACES = 6


def _singleton_spellings(text: str) -> list[str]:
    """``text`` (composed) with each character that another one is canonically the same
    as written either way (λόγος: λ + U+1F79 + γος), but ``text`` itself."""
    others = _singleton_sources()
    places = [i for i, ch in enumerate(text) if ch in others]
    if not places or len(places) > _MOST_SINGLETON_PLACES:
        return []
    found = []
    for choice in itertools.product(*([text[i], *others[text[i]]] for i in places)):
        letters = list(text)
        for i, ch in zip(places, choice, strict=True):
            letters[i] = ch
        found.append("".join(letters))
    return found[1:]  # (the first is ``text``)


@lru_cache(maxsize=1)
def _singleton_chars() -> re.Pattern[str]:
    """A class of the characters of _canonical_singletons (a search costs far less
    than translating every sentence)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in _canonical_singletons()) + "]")


@lru_cache(maxsize=1)
def _singleton_sources() -> dict[str, list[str]]:
    """Each character with the characters that are canonically the same as it alone
    (";": the Greek question mark; "ό": U+1F79)."""
    sources: dict[str, list[str]] = {}
    for code, same in [*_canonical_singletons().items(), *_compatibility_ideographs().items()]:
        sources.setdefault(same, []).append(chr(code))
    return sources


# The blocks of CJK compatibility ideographs: the characters past U+3000 that Unicode
# takes as the same as one other (豈 U+F900 is 豈 U+8C48).
_COMPATIBILITY_IDEOGRAPHS = (range(0xF900, 0xFB00), range(0x2F800, 0x2FA20))


@lru_cache(maxsize=1)
def _compatibility_ideographs() -> dict[int, str]:
    """Each CJK compatibility ideograph mapped to the ideograph it is the same as. A
    token keeps the one its file wrote, and its lookup key is that one lower-cased (an
    ideograph has no case), so `search 豈 --form`, typed as an input method writes it,
    left out a file's U+F900 that freq --by form counted with it (pass 36m)."""
    table = {}
    for block in _COMPATIBILITY_IDEOGRAPHS:
        for code in block:
            same = unicodedata.normalize("NFC", chr(code))
            if len(same) == 1 and same != chr(code):
                table[code] = same
    return table


def key_spellings(key: str) -> list[str]:
    """Every stored spelling of a lookup key: its i's plain and dotted (İ), each
    composed and decomposed (dotted_i_spellings, spellings)."""
    found = (spellings(variant) for variant in dotted_i_spellings(key))
    return list(dict.fromkeys(text for group in found for text in group))


# Scripts written without spaces between words (Han, kana, half-width katakana too,
# Thai, Lao, Khmer, Myanmar): simplemma cuts them only at spaces and punctuation, so a
# token of this many of their letters in a row is a phrase, not a word (words there
# rarely pass four). `search ｶﾀｶﾅ` said nothing of phrases where カタカナ did (pass 37j).
_UNSPACED_LETTERS = (
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
    "\uff66-\uff9f]"
)
_UNSPACED_LETTER = re.compile(_UNSPACED_LETTERS)
# Han and kana: six in a row. Thai, Lao, Myanmar and Khmer words are longer (โรงเรียน,
# school, is seven letters and a vowel sign) and a text may mark them apart with a
# zero-width space: there a phrase is fifteen letters in a row, vowel signs and tone marks
# between them not counted (a clause between the spaces such text does write).
# (a half-width voicing mark, ﾞ or ﾟ, is no letter of its own: ｶﾞ is one, ガ)
_UNSPACED = re.compile(
    "(?:[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\uff66-\uff9d][\uff9e\uff9f]?){6}"
    "|(?:[\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46\u0e81-\u0eb0\u0eb2\u0eb3\u0ebd-\u0ec6"
    "\u1000-\u102a\u1780-\u17b3][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc"
    "\u0ec8-\u0ecd\u102b-\u103e\u17b4-\u17d3]*){15}"
)


def wildcard_hint(word: str) -> str:
    """What to search for a word written with AntConc's wildcards (``bank*``, ``*ing``,
    ``b?nk``), to add to its "no occurrences": a word is searched as written, so * and ?
    wildcard nothing; a pattern's regex over forms does what they mean. "" otherwise, and
    for a word of other characters than letters and digits, which may be several tokens."""
    word = word.strip()
    rest = word.replace("*", "").replace("?", "")
    if rest == word or not rest.isalnum():  # not said of a word cut into tokens (e-ma*)
        return ""
    regex = "".join(".*" if c == "*" else "." if c == "?" else c for c in word)
    return (
        f"; * and ? are no wildcards in a word (as they are in AntConc's {word}): "
        f"--cql '[word=\"{regex}\" %c]' finds the word forms it would match"
    )


def unspaced_script(word: str) -> bool:
    """Whether ``word`` has a letter of a script written without spaces (Chinese…)."""
    return not word.isascii() and _UNSPACED_LETTER.search(word) is not None


def unspaced_phrase(sentences: list[Sentence]) -> str | None:
    """The first token that is a phrase of a script written without spaces (Chinese,
    Japanese, Thai…), which simplemma could not cut into words; None when none is."""
    for sentence in sentences:
        for token in sentence.tokens:
            if not token.form.isascii() and _UNSPACED.search(token.form):
                return token.form
    return None


# The phrases of the last vocabularies looked through (a process keeps an index's list
# and only extends it): each with the list itself, so that its id is no other list's.
_PHRASES_HELD: dict[int, tuple[list[str], int, tuple[int, str | None]]] = {}
_PHRASES_KEPT = 8


def phrases_held(vocabulary: list[str]) -> tuple[int, str | None]:
    """How many word forms of ``vocabulary`` are phrases of a script written without
    spaces (unspaced_phrase's test), and the first of them: an index of such text counts
    each phrase as one token."""
    kept = _PHRASES_HELD.get(id(vocabulary))
    if kept is not None and kept[0] is vocabulary and kept[1] == len(vocabulary):
        return kept[2]
    search = _UNSPACED.search
    phrases = [form for form in vocabulary if not form.isascii() and search(form)]
    found = (len(phrases), phrases[0] if phrases else None)
    while len(_PHRASES_HELD) >= _PHRASES_KEPT:
        del _PHRASES_HELD[next(iter(_PHRASES_HELD))]
    _PHRASES_HELD[id(vocabulary)] = (vocabulary, len(vocabulary), found)
    return found


def phrases_note(vocabulary: list[str]) -> str | None:
    """What a count over an index holding phrases of text written without spaces must
    say (pass 37d: `freq` and a pattern's per-million figures of unsegmented Chinese said
    nothing of it after `index` had said it once); None where it holds none."""
    count, first = phrases_held(vocabulary)
    if not count:
        return None
    return (
        "this index holds text written without spaces between words (Chinese, Japanese, "
        f"Thai…) cut only at spaces and punctuation, so in phrases (such as {first!r}; "
        f"{count:,} distinct {'one' if count == 1 else 'ones'}): its counts and "
        "per-million figures take each "
        "phrase for one token (a phrase that holds a word twice is one match of "
        '[word=".*WORD.*"]); index such text with a space between words, or tokenised '
        "(CoNLL-U or VRT)"
    )


# Characters NFKC writes otherwise: full-width letters and digits (ＡＢＣ, ２０２３),
# half-width katakana (ｶﾀｶﾅ), the Latin ligatures (ﬁ) and the Hebrew and Arabic
# presentation forms a PDF's text may hold (ﻛﺘﺐ, ﷲ), which a search takes as other
# characters; and the last vocabularies' forms holding them, by what NFKC makes of them.
_WIDTH_FORM = re.compile("[\ufb00-\ufdff\ufe70-\ufefc\uff01-\uffee]")
_WIDTH_TWINS: dict[int, tuple[list[str], int, dict[str, list[str]]]] = {}


def width_written(text: str) -> bool:
    """Whether ``text`` has a character of other widths, a ligature or a presentation
    form (_WIDTH_FORM): NFKC also writes ™ as TM, ¹ as 1 and ² as 2, which are no
    spellings of those (pass 37j: `search ™` said every TM wrote it otherwise)."""
    return not text.isascii() and _WIDTH_FORM.search(text) is not None


def width_key(text: str) -> str:
    """``text`` as NFKC writes it, case-folded: ｶﾀｶﾅ and カタカナ, ２０２３ and 2023, ﬁnal
    and final are one key."""
    return unicodedata.normalize("NFKC", text).casefold()


def _width_forms(vocabulary: list[str]) -> dict[str, list[str]]:
    """The forms of ``vocabulary`` written with characters NFKC writes otherwise, by
    width_key (kept for the last vocabularies looked through)."""
    kept = _WIDTH_TWINS.get(id(vocabulary))
    if kept is None or kept[0] is not vocabulary or kept[1] != len(vocabulary):
        twins: dict[str, list[str]] = {}
        for form in vocabulary:
            if not form.isascii() and _WIDTH_FORM.search(form):
                twins.setdefault(width_key(form), []).append(form)
        while len(_WIDTH_TWINS) >= _PHRASES_KEPT:
            del _WIDTH_TWINS[next(iter(_WIDTH_TWINS))]
        kept = _WIDTH_TWINS[id(vocabulary)] = (vocabulary, len(vocabulary), twins)
    return kept[2]


# Superscript digits against a word's last letter: a footnote's mark (bank¹) or a power
# (m²), as text copied from a PDF or a web page writes them, one token with its word;
# and the last vocabularies' forms so written, by their word in lower case.
_FOOTNOTE_MARK = re.compile("(?<=[^\\W\\d_])[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+\\Z")
_FOOTNOTED: dict[int, tuple[list[str], int, dict[str, list[str]]]] = {}


def footnoted_forms(vocabulary: list[str], word: str) -> list[str]:
    """The forms of ``vocabulary`` that are ``word`` (in any case) with superscript
    digits against its last letter (bank¹, Bank³ for bank), which a search takes as
    other words."""
    kept = _FOOTNOTED.get(id(vocabulary))
    if kept is None or kept[0] is not vocabulary or kept[1] != len(vocabulary):
        marked: dict[str, list[str]] = {}
        for form in vocabulary:
            if not form.isascii() and (mark := _FOOTNOTE_MARK.search(form)) is not None:
                marked.setdefault(form[: mark.start()].lower(), []).append(form)
        while len(_FOOTNOTED) >= _PHRASES_KEPT:
            del _FOOTNOTED[next(iter(_FOOTNOTED))]
        kept = _FOOTNOTED[id(vocabulary)] = (vocabulary, len(vocabulary), marked)
    found: dict[str, str] = {}  # (lower-cased as a search folds case)
    for form in kept[2].get(word.lower(), []):
        found.setdefault(form.lower(), form)
    return list(found.values())


def footnoted_lemma_forms(vocabulary: list[str], lemma: str, lang: str) -> list[str]:
    """The forms of ``vocabulary`` that are a form of ``lemma`` in ``lang`` with
    superscript digits against it (banks² for bank), which a search by lemma missed."""
    footnoted_forms(vocabulary, lemma)  # (keeps the vocabulary's marked forms)
    folded = lemma.casefold()
    return [
        form
        for key, forms in _FOOTNOTED[id(vocabulary)][2].items()
        if key[:1] == folded[:1] and lemma_of(key, lang).casefold() == folded
        for form in forms
    ]


def width_lemma_twins(vocabulary: list[str], lemma: str, lang: str) -> list[str]:
    """The forms of ``vocabulary`` written with such characters whose NFKC reading has
    ``lemma`` in ``lang``: Auﬂagen and Schiﬀe, forms of Auflage and Schiff that a search
    by lemma left out, their own lemma written with the ligature (pass 37j)."""
    folded = lemma.casefold()
    return [
        form
        for key, forms in _width_forms(vocabulary).items()
        if key[:1] == folded[:1]  # (a form and its lemma begin alike: fewer looked up)
        for form in forms
        if lemma_of(unicodedata.normalize("NFKC", form), lang).casefold() == folded
    ]


def width_twins(vocabulary: list[str], word: str) -> list[str]:
    """The forms of ``vocabulary`` written with characters NFKC writes otherwise (full or
    half width, a ligature) that are ``word`` under NFKC, other than ``word`` itself."""
    # (lower-cased as a search folds case: casefold writes ﬁ as fi)
    found: dict[str, str] = {}
    for form in _width_forms(vocabulary).get(width_key(word), []):
        found.setdefault(form.lower(), form)
    found.pop(word.lower(), None)
    return list(found.values())


# Vietnamese writes a space between syllables, not words (học sinh, "pupil", is two), so
# its tokens are syllables. Told by its letters no other language written in Latin letters
# has: ơ, ư, and a vowel with both a tone mark and another mark (ấ, ệ, ữ; ẹ, ị, ọ and ụ
# aside, which Yoruba and Igbo write too); ă and đ are Romanian's and Croatian's as well.
_VIETNAMESE_LETTER = re.compile("[ơưƠƯ\u1ea0-\u1eb7\u1eba-\u1ec9\u1ece-\u1ee3\u1ee6-\u1ef9]")
_SYLLABLES_WORDS = 20  # alphabetic tokens a document needs to tell
_SYLLABLES_SHARE = 0.2  # of them with such a letter (half, in running Vietnamese text)


def vietnamese_letter(word: str) -> bool:
    """Whether ``word`` has a letter only Vietnamese writes (ơ, ư, ấ, ệ…)."""
    return _VIETNAMESE_LETTER.search(unicodedata.normalize("NFC", word)) is not None


def syllable_spaced(sentences: list[Sentence]) -> str | None:
    """The first token with a letter of Vietnamese, in a document of 20 alphabetic tokens
    or more of which a fifth or more have one: text whose tokens are syllables, not
    words; None for other text."""
    words = [
        token.form for sentence in sentences for token in sentence.tokens if token.form.isalpha()
    ]
    if len(words) < _SYLLABLES_WORDS:
        return None
    marked = [word for word in words if vietnamese_letter(word)]
    return marked[0] if len(marked) >= _SYLLABLES_SHARE * len(words) else None


# Languages simplemma lemmatises that are written in Latin letters: text in them whose
# letters are mostly of another script was given the wrong --lang (or none: English).
_LATIN_LANGUAGES = frozenset(
    [
        "en",
        "enm",
        "ast",
        "ca",
        "cs",
        "cy",
        "da",
        "de",
        "eo",
        "es",
        "et",
        "fi",
        "fr",
        "ga",
        "gd",
        "gl",
        "gv",
        "hu",
        "id",
        "is",
        "it",
        "la",
        "lb",
        "lt",
        "lv",
        "ms",
        "nb",
        "nl",
        "nn",
        "pl",
        "pt",
        "ro",
        "se",
        "sk",
        "sl",
        "sq",
        "sv",
        "sw",
        "tl",
        "tr",
    ]
)


def other_script(text: str, lang: str) -> str | None:
    """The commonest script of the letters of ``text`` (its first 2,000 characters),
    when ``lang`` is written in Latin letters and most of them are not ("Greek",
    "Cyrillic", "Arabic"…); None otherwise."""
    if lang not in _LATIN_LANGUAGES or text.isascii():
        return None
    scripts: dict[str, int] = {}
    letters = 0
    for ch in text[:2000]:
        if ch.isalpha():
            letters += 1
            if not ch.isascii():
                script = unicodedata.name(ch, "? ?").split(" ")[0]
                scripts[script] = scripts.get(script, 0) + 1
    scripts.pop("LATIN", None)
    if not scripts:
        return None
    script = max(scripts.items(), key=lambda item: item[1])[0]
    return script.title() if sum(scripts.values()) > letters / 2 else None


def own_script(text: str, lang: str) -> bool:
    """Whether ``lang`` is written in another script than Latin letters (Hindi, Russian,
    Greek…) and so are most letters of ``text`` (its first 2,000 characters): text whose
    words no language written in Latin letters can tell."""
    if lang in _LATIN_LANGUAGES:
        return False
    letters = [ch for ch in text[:2000] if ch.isalpha()]
    latin = sum(1 for ch in letters if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"))
    return bool(letters) and latin < len(letters) / 2


# The scripts other_script names whose languages simplemma has dictionaries of (Greek,
# Russian…, Arabic, Persian, Hebrew, Hindi, Georgian, Armenian, Malayalam), so that
# --lang can name them; no --lang names Chinese, Japanese or Thai text's.
LEMMATISED_SCRIPTS = frozenset(
    {"Greek", "Cyrillic", "Arabic", "Hebrew", "Devanagari", "Georgian", "Armenian", "Malayalam"}
)


# The languages a text's words are looked up in when most are no words of its --lang
# (other_language): a few common ones, as each dictionary takes a while to load.
_LIKELY_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
# Fewer words than this (of two letters or more) tell no language.
_LANGUAGE_WORDS = 20
_WORD = re.compile(r"[^\W\d_]{2,}")


def language_told(text: str) -> bool:
    """Whether ``text`` has words enough (20 in its first 2,000 characters) for
    other_language to tell its language: of fewer, it says nothing."""
    return len(_WORD.findall(text[:2000])) >= _LANGUAGE_WORDS


def other_language(text: str, lang: str, declared: Any = None) -> tuple[float, str | None] | None:
    """When most words of ``text`` (its first 2,000 characters) are no words of
    ``lang``'s dictionary (simplemma's share under a half: German text indexed without
    --lang, so as English): (that share, the language among a few common ones most of
    them are words of, or None); None otherwise, or for fewer than 20 words.
    ``declared``: the language its document's metadata names (a JSONL ``lang`` field),
    tried first: Galician text was said to be "most es", Spanish's dictionary holding
    most of its words, where its own field said gl."""
    import simplemma

    # Composed as the tokens are before their lemmas are looked up: Greek typed with
    # combining accents and breathings (NFD) was "35% grc" and noted as no Greek.
    sample = composed(text[:2000])
    if not language_told(sample):
        return None
    try:
        share = simplemma.in_target_language(sample, lang=lang)
    except ValueError:  # a language simplemma has no dictionary for
        return None
    if share >= 0.5:
        return None
    best, best_share = None, 0.5
    own = declared.strip().lower() if isinstance(declared, str) else ""
    for other in (own, *_LIKELY_LANGUAGES) if own else _LIKELY_LANGUAGES:
        try:
            found = simplemma.in_target_language(sample, lang=other) if other != lang else 0
        except ValueError:  # a declared code simplemma has no dictionary for
            continue
        if found > best_share:
            best, best_share = other, found
        if other == own and best == own:
            break  # (the text's own word for its language, which most words are of)
    return share, best


def check_language(lang: str) -> None:
    """Fail early, once, for a language simplemma has no dictionary for."""
    import simplemma

    try:
        simplemma.lemmatize("test", lang=lang)
    except ValueError:
        # "use an ISO 639-1 code" misled for zh or ja, which are such codes: the
        # lemmatiser has no dictionary for them, and tagged input is the way in.
        raise SensegrepError(
            f"--lang {lang}: simplemma, which tokenises and lemmatises plain text and "
            f"JSONL, has no dictionary for {lang!r} ({_languages()}); give text in "
            "such a language already tokenised (CoNLL-U or VRT: their own tokens and "
            "lemmas are read, in any language)"
        ) from None


def _languages() -> str:
    """The codes simplemma lemmatises, for a message (its list, where it has one)."""
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES
    except ImportError:  # another simplemma: the codes are ISO 639-1 (en, de, fr…)
        return "it takes ISO 639-1 codes such as en, de, fr"
    return "it has " + ", ".join(sorted(SUPPORTED_LANGUAGES))


# Romanian's s and t with a comma below (ș, ț), which older fonts and keyboards write
# with a cedilla (ş, ţ): one letter to a reader, and real files mix them. simplemma's
# dictionary knows some words in one spelling, some in the other (ţară and țară: țară;
# şcoala kept as itself, școala: școală), so `search școală` left out every şcoala.
COMMA_BELOW = str.maketrans("şţŞŢ", "șțȘȚ")
COMMA_BELOW_LANGUAGES = frozenset({"ro"})
# Persian's yeh and kaf (ی, ک), which text typed on an Arabic keyboard writes with
# Arabic's code points (ي or ى, ك): simplemma's dictionary knows the Persian spelling, so
# كتاب‌های kept itself as lemma and `search کتاب` left it out (pass 38e).
PERSIAN_LETTERS = str.maketrans("يىك", "ییک")
PERSIAN_LETTERS_LANGUAGES = frozenset({"fa"})

# Finnish and Swedish write a case or genitive ending after a colon on an abbreviation, a
# symbol or a number (EU:n, USA:ssa, 3:lla; EU:s, IKEA:s): one word, which simplemma cut
# into three tokens (EU, ":", n), so that freq counted "n" and ":" as words and
# `[word="EU:n"]` matched nothing.
COLON_ENDING_LANGUAGES = frozenset({"fi", "sv"})
# The longest stem in lower case taken as an abbreviation there (tv:n, ry:n, Oy:n): a
# longer word is a word, written before a colon without its space (`sanoi:kyllä`).
_LOWER_ABBREVIATION = 3
_NUMBER_MARKS = str.maketrans("", "", ":.,")


def takes_colon_ending(stem: str) -> bool:
    """Whether ``stem``, written before a colon and an ending, is what Finnish and Swedish
    write an ending so after: a number (3:lla), an abbreviation in capitals (EU, IKEA) or
    a short one (tv, Oy); not a word (`Hän sanoi:kyllä`, whose kyllä a search must find)
    nor a web address (http://x.fi/a:b), which kept their tokens (pass 36m). A capital
    after the first letter is an abbreviation's too (mRNA:n, GmbH:n, HKScan:n), which
    a word never has: they were cut into three tokens, mRNA, : and n (pass 36q). A
    compound takes one where its last part does (COVID-19:n, Wi-Fi:n, covid-19:s), which
    were three tokens too (pass 36r)."""
    head, dash, last = stem.rpartition("-")
    if dash:
        return head.replace("-", "").isalnum() and takes_colon_ending(last)
    if any(ch.isdigit() for ch in stem):
        number = stem.translate(_NUMBER_MARKS)
        unit = len(number) - len(number.rstrip("".join(filter(colon_symbol, number))))
        # 10:30:een, A4:n; a unit written on its number as on its own, 5€:n as 5 €:n
        return number[: len(number) - unit].isalnum()
    if colon_symbol(stem):
        return True
    inner_capital = any(ch.isupper() for ch in stem[1:])
    return stem.isalpha() and (stem.isupper() or inner_capital or len(stem) <= _LOWER_ABBREVIATION)


def colon_symbol(stem: str) -> bool:
    """Whether ``stem`` is a symbol Finnish and Swedish write an ending after as after a
    word (5 §:n mukaan, 3 %:n, 10 €:lla; 5 §:s): a paragraph sign, a percent or per-mille
    sign, or any other symbol (currency, ©, ™), written alone or repeated (§§:ssä)."""
    return bool(stem) and all(
        ch in _COLON_SYMBOL_MARKS or unicodedata.category(ch)[0] == "S" for ch in stem
    )


# Marks Unicode files as punctuation (Po) that are read as words: "pykälä", "prosentti".
_COLON_SYMBOL_MARKS = frozenset("§%‰‱¶")


# Hungarian and Polish write a case (or plural, possessive) ending on an abbreviation or a
# name after a hyphen (Hungarian Nokia-t, MÁV-nál, ELTE-n, Tóth-hoz; Polish PiS-u, NBP-u,
# SMS-em), Polish on a foreign name whose last letter is not said after an apostrophe
# (Orange'a, Joyce'owi). simplemma took some off (SMS-ek, MTA-n: sms, mta), kept others
# (MÁV-nál, NBP-u) and read a few as the name and another word (Nokia-t: nokia-t, ELTE-n:
# elte-n), so `search Yettel` found Yettel-nél and left Yettel-t out, unsaid, and freq
# listed máv-nál beside máv-ot (pass 37c). The endings, as those languages write them:
# a compound's second word (Kossuth-díj, Duna-part) is none, so it keeps its lemma.
def _listed(words: str) -> list[str]:
    """The words of ``words``, written apart by spaces (a long list reads so best)."""
    return words.split()


def _hungarian_endings() -> frozenset[str]:
    """Each case ending, plural and possessive, and each of those before a case ending
    (okat, ában, ját), as Hungarian writes them after a hyphen."""
    cases = _listed(
        "t ot at et öt n on en ön ban ben ba be ból ből nál nél hoz hez höz tól től ra re "
        "ról ről nak nek val vel ig ért ként é vá vé"
    )
    # the instrumental's and translative's v takes the sound before it (Tóth-tal, SMS-sel)
    for consonant in _listed("b c d f g h j k l m n p r s t z cs sz zs ny ty gy ly"):
        cases += [consonant + "al", consonant + "el", consonant + "á", consonant + "é"]
    bases = _listed(
        "k ok ak ek ök m am em om öm d ad ed od öd a e ja je nk unk ünk uk ük juk jük tok "
        "otok atok etek ötök"
    )
    lengthened = str.maketrans({"a": "á", "e": "é"})  # ja + t: ját, a + ban: ában
    joined = {
        base[:-1] + base[-1].translate(lengthened) + case
        for base in bases
        for case in cases
        if case[0] not in "aáeéoóöő" or base[-1] not in "aáeéoóöőuúüű"
    }
    return frozenset(cases) | frozenset(bases) | frozenset(joined)


_NAME_ENDINGS = {
    "hu": _hungarian_endings(),
    "pl": frozenset(_listed("a u owi em iem ie e y i ów om ami ach ę ą ego emu ym im")),
}
# Where the ending is written after an apostrophe as well as a hyphen.
_NAME_ENDING_MARKS = {"hu": "-", "pl": "-'’"}


def name_ending_stem(form: str, lang: str) -> str | None:
    """The abbreviation or name ``form`` writes a Hungarian or Polish ending on after a
    hyphen (Nokia-t: Nokia, MÁV-nál: MÁV, PiS-u: PiS) or, in Polish, an apostrophe
    (Orange'a: Orange); None for any other word: a lower-case one (e-mailt, show-ban), a
    number's (3-án keeps its ending, as Finnish 3:lla does), a compound (Kossuth-díj)."""
    endings = _NAME_ENDINGS.get(lang)
    if endings is None:
        return None
    form = composed(form)  # (a decomposed Á is no letter alone: MÁV-ot written so)
    cut = max(form.rfind(mark) for mark in _NAME_ENDING_MARKS[lang])
    stem, ending = form[:cut], form[cut + 1 :]
    if cut < 2 or ending not in endings or not stem.isalpha():
        return None
    # a name (Nokia, Tóth), an abbreviation (MÁV, ELTE) or one with a capital inside (PiS)
    return stem if stem[0].isupper() or any(ch.isupper() for ch in stem[1:]) else None


# The hyphen (U+2010) and the non-breaking hyphen (U+2011) read as -, in a lemma.
_AS_HYPHEN = str.maketrans("\u2010\u2011", "--")
# The variation selectors (U+FE00-FE0F): a symbol's text or emoji picture (❤, ❤️).
_VARIATION_SELECTORS = dict.fromkeys(range(0xFE00, 0xFE10))


# The inflections Swedish writes after a colon on an abbreviation: genitive, definite and
# plural (EU:s, tv:n, SMS:et, cd:ar, cd:arna).
_SWEDISH_COLON_ENDINGS = frozenset({
    "s", "n", "en", "et", "na", "ns", "ens", "ets", "nas", "ar", "er", "or",
    "arna", "erna", "orna", "ars", "ers", "ors", "arnas", "ernas", "ornas",
})  # fmt: skip


def _swedish_shortening(stem: str, ending: str, lang: str) -> bool:
    """Whether ``stem:ending`` is a Swedish word shortened to its first and last letters
    (S:t, Sankt; S:a, Södra; f:a, firma): one letter, then no inflection. Its lemma is
    the whole form, not the letter's: S:t's was s, so `search S:t` listed `s. 45` (page)."""
    return (
        lang == "sv" and len(stem) == 1 and stem.isalpha() and ending not in _SWEDISH_COLON_ENDINGS
    )


# A number's group spaces (10 000) and its minus sign (−5), as its lemma writes them:
# `search 10000` finds 10 000 with a thin or no-break space, `search -5` finds −5.
_PLAIN_NUMBER = {0x00A0: None, 0x2009: None, 0x202F: None, 0x2212: "-"}


def plain_number(form: str) -> str:
    """The lemma of a token of no letters: a number written without its group spaces
    and with - for its minus sign (a symbol or punctuation mark: unchanged)."""
    if not any(ch.isdigit() for ch in form):
        return form
    return form.translate(_PLAIN_NUMBER)


@lru_cache(maxsize=1 << 16)
def lemma_of(form: str, lang: str) -> str:
    """simplemma's lemma, lower-cased for words ("Banks" → "bank"); others unchanged.
    A soft hyphen is left out (co\xadoperation: cooperation), a query's as a text's;
    in Romanian, a cedilla under s or t is read as the comma it stands for (şcoala:
    școală), in the word looked up and in its lemma; in Persian, Arabic's yeh and kaf as
    Persian's (كتاب: کتاب)."""
    form = without_soft_hyphens(form)
    if not any(ch.isalpha() for ch in form):
        # ❤️ and ❤ are one symbol, drawn in colour or not as the selector asks: search ❤
        # left out every ❤️ (pass 37a); the form keeps it. Numbers joined by a hyphen
        # U+2010 or U+2011 (3‑4, 1990‑2000) are written with -, as e‑mail is (pass 37h).
        if form.isascii():
            return form
        return plain_number(form.translate(_VARIATION_SELECTORS).translate(_AS_HYPHEN))
    if _ADDRESS.match(form):
        # a web address is no word: simplemma took a plural's -s off its path
        # (https://x.es/noticias: https://x.es/noticia, another page, pass 37p)
        return form.lower()
    if "\u2010" in form or "\u2011" in form:
        form = form.translate(_AS_HYPHEN)  # e‑mail is e-mail (pass 37a)
    import simplemma  # here, not at the top: a plain concordance needs no lemmatiser

    if lang in COMMA_BELOW_LANGUAGES:
        form = form.translate(COMMA_BELOW)
    if lang in PERSIAN_LETTERS_LANGUAGES:
        form = form.translate(PERSIAN_LETTERS)
    lemma = simplemma.lemmatize(form, lang=lang)
    if lang in COMMA_BELOW_LANGUAGES:
        lemma = lemma.translate(COMMA_BELOW)  # (a cedilla in simplemma's own entries too)
    if lang in DOTLESS_I_LANGUAGES and lemma.lower() == form.lower():
        cut = max(form.rfind("'"), form.rfind("’"))
        stem, suffixes = form[:cut], form[cut + 1 :]
        if cut > 0 and suffixes.isalpha() and suffixes.islower() and any(map(str.isalpha, stem)):
            # Turkish writes a name's suffixes after an apostrophe (İzmir'den): simplemma
            # takes some off (İstanbul'da: istanbul) and keeps others whole, so that
            # `search İzmir` found nothing and freq listed izmir'de beside izmir'den.
            # After the last apostrophe alone, in lower case: O'Neill'ın is O'Neill's,
            # not the pronoun o's, and d'Artagnan stays whole.
            return lemma_of(stem, lang)
    if (stem := name_ending_stem(form, lang)) is not None:
        return lemma_of(stem, lang)  # Nokia-t, MÁV-nál, PiS-u: nokia, máv, pis
    if lang in COLON_ENDING_LANGUAGES and lemma.lower() == form.lower() and ":" in form:
        stem, _, ending = form.rpartition(":")
        alpha = any(map(str.isalpha, stem))  # 3:lla keeps its lemma, A4:n is a4
        alpha = alpha or colon_symbol(stem)  # §:n is §, as EU:n is eu
        if (
            ending.isalpha()
            and ending.islower()
            and alpha
            and takes_colon_ending(stem)
            and not _swedish_shortening(stem, ending, lang)
        ):
            return lemma_of(stem, lang)  # EU:n, USA:ssa: eu, usa (as Turkish İzmir'den)
    if lemma == form and ("'" in form or "’" in form) and not form.islower():
        # An elided word that simplemma knows in lower case only: a sentence's first
        # "L'État" (as "L'état" and "l'État" are, état) or "C'EST" (être); written so,
        # it kept "l'état", which `search état` missed.
        lower = form.lower()
        return without_joiners(undotted(simplemma.lemmatize(lower, lang=lang).lower()))
    if "_" in lemma and lang == "nl" and "_" not in form:
        # simplemma's Dutch dictionary marks where some compounds and separable verbs
        # join (aan_komen, gemeente_raad, 21_jarig), others not (aankomt: aankomen):
        # one verb had two lemmas, and `search aankomen` missed the infinitive.
        # A mark takes the hyphen the word has there (21-jarige: 21-jarig), else none
        # (ex-gemeenteraad: ex-gemeente_raad is ex-gemeenteraad, as its plural's is).
        parts = lemma.split("_")
        lemma, lower = parts[0], form.lower()
        for part in parts[1:]:
            hyphen = lower.startswith(f"{lemma}-".lower())
            lemma += ("-" if hyphen else "") + part
    # İ lower-cases to i and a combining dot: İstanbul's lemma was "i̇stanbul", which
    # [lemma="istanbul"] (with %c too) did not match, though `search istanbul` did.
    return without_joiners(undotted(lemma.lower()))


# A zero-width joiner or non-joiner between two letters or marks: it asks for another
# drawing of the same letters (Hindi क्‍ष a half क् before ष, क्ष their conjunct; Bengali
# র‍্যাব; Persian می‌خواهم, also written میخواهم), no other word, but `search अक्षर` left
# out each अक्‍षर, unsaid, and freq counted them in two rows (pass 38d). An emoji's
# joiner (👩‍💻, ❤️‍🔥) stands between symbols: kept.


def without_joiners(lemma: str) -> str:
    """``lemma`` without the zero-width joiners and non-joiners between its letters, so
    that a word is one lemma however a file asked its letters to be drawn."""
    if lemma.isascii() or ("\u200c" not in lemma and "\u200d" not in lemma):
        return lemma
    kept = [
        ch
        for at, ch in enumerate(lemma)
        if ch not in _ZERO_WIDTH_JOINERS
        or not (_in_a_word(lemma, at, -1) and _in_a_word(lemma, at, 1))
    ]
    return "".join(kept)


def _in_a_word(text: str, at: int, step: int) -> bool:
    """Whether the first character from ``at`` in the direction ``step`` that is no
    joiner is a letter, a mark or a digit (not a symbol, as an emoji is)."""
    at += step
    while 0 <= at < len(text) and text[at] in _ZERO_WIDTH_JOINERS:
        at += step
    return 0 <= at < len(text) and unicodedata.category(text[at])[0] in "LMN"


def analyse(text: str, lang: str, lemmas: bool = True) -> list[Sentence]:
    """Split ``text`` into sentences of tokens whose offsets index ``text`` exactly;
    ``lemmas`` False leaves every lemma None (an example with a marked word needs none,
    and the lemmatiser's dictionary takes a one-off search ~0.4 s to load)."""
    import simplemma

    sentences: list[Sentence] = []
    for start, end in _sentence_spans(text, lang, simplemma.split_sentences):
        tokens = _tokens(text, start, end, lang, lemmas)
        if tokens:
            sentences.append(Sentence(tokens))
    return sentences


# Closing quotes simplemma's splitter does not take for closers after a sentence's last
# mark, each read as one it does (the same length, so offsets hold): German „…“ and ‚…‘
# close with “ and ‘, German »…« with «, ‹…› with ›.
# A footnote's mark in superscript digits after a sentence's mark (`as shown.¹ The next`,
# as papers and their PDFs write it) is read as a closing quote is, so that the sentence
# ends after it: simplemma's splitter ran the two sentences into one (pass 38c).
SUPERSCRIPT_DIGITS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
_AS_CLOSER = str.maketrans(
    {"“": "”", "‘": "’", "«": "»", "‹": "»", "›": "»"} | dict.fromkeys(SUPERSCRIPT_DIGITS, "’")
)
# A sentence's mark and a footnote's after it, ending a span.
_NOT_SUPERSCRIPT = ".!?…\"'”’»)]"
_FOOTNOTE_AFTER_END = re.compile(f"[.!?…][\"'”’»)\\]]*[{SUPERSCRIPT_DIGITS}]+\\Z")
# A closing quote set apart by a space (French « … »), which the splitter leaves at the
# start of the next sentence: `difficile. » Les cours`.
_SPACED_CLOSER = re.compile(r"([»›”“]+)(?:\s+|\Z)")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A dialogue dash (Spanish and Italian write a speaker's line after an em dash, Hungarian,
# Polish, Czech and Russian after an en dash too) and a lower-case letter: the narrator's
# words after a line's question or exclamation mark, which go on its sentence
# (`—¿Dónde está? —preguntó.`, `– Hová mész? – kérdezte.`, whose en dash was not read as
# one: its tag was a sentence alone, pass 37c).
_DIALOGUE_TAG = re.compile(r"[—―–]\s?[^\W\d_]")
# A number of one or two digits and a dot: simplemma's splitter reads it as an ordinal,
# as German writes one (am 3. Mai), never ending a sentence there; languages that write
# no ordinal so end one (`Eran 25. Todos vinieron.`) when a capital follows. Swedish
# writes its ordinals with a colon (3:e, 1:a) and its dates without a dot (den 3 maj).
_SMALL_NUMBER_DOT = re.compile(r"(?<=\s)\d{1,2}\.(?=\s+\W*?[^\W_])")
_NO_ORDINAL_DOT = frozenset({"en", "es", "it", "fr", "pt", "ca", "gl", "nl", "ro", "sv"})
# Languages whose sentences simplemma's splitter cuts by another's rules: Ancient Greek
# (grc) asks a question with ";" (or U+037E) as modern Greek does, which its splitter
# knew for el alone, so a polytonic text's questions ran on into the next sentence.
_SPLIT_AS = {"grc": "el"}


def _sentence_spans(
    text: str,
    lang: str,
    split: Any,
    marks: SentenceMarks | None = None,
    listed: AbbreviationMarks | None = None,
) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` begins and ends: ``split``'s (simplemma's)
    sentences, with a closing quote after a sentence's last mark kept in it, and a
    dialogue tag after a question or exclamation mark (`? —preguntó.`) too; ``marks``
    records where an abbreviation's rule joined or a number's cut (see sentence_marks)."""
    seen = text if text.isascii() else text.translate(_AS_CLOSER)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for chunk in split(seen, lang=_SPLIT_AS.get(lang, lang)):
        start = seen.find(chunk, cursor)
        if start < 0:  # cannot happen (chunks are slices), but never emit bad offsets
            continue
        end = cursor = start + len(chunk)
        if (
            spans
            and text[spans[-1][1] - 1] in "?!"
            and (tag := _DIALOGUE_TAG.match(text, start, end))
            and tag.group()[-1].islower()
            and not _PARAGRAPH_BREAK.search(text, spans[-1][1], start)
        ):
            spans[-1] = (spans[-1][0], end)  # `? —preguntó.` goes on
            continue
        closer = _SPACED_CLOSER.match(text, start, end) if spans else None
        if closer and not _PARAGRAPH_BREAK.search(text, spans[-1][1], start):
            if closer.end() == end or text[closer.end()].islower():
                spans[-1] = (spans[-1][0], end)  # `! » s'emporte-t-il.` goes on
                continue
            spans[-1] = (spans[-1][0], closer.end(1))
            start = closer.end()
        if marks is not None and spans and (mark := _FOOTNOTE_AFTER_END.search(text, *spans[-1])):
            # spaCy ran `as shown.¹ The next` into one too, and its parser began one at ¹
            marks.starts.append(start)
            marks.joins.append(mark.end() - len(mark.group().lstrip(_NOT_SUPERSCRIPT)))
        spans.append((start, end))
    if listed is None and lang == ENGLISH:
        listed = english_abbreviation_marks(text)
    if listed is not None:
        spans = _joined_at(text, spans, listed.goes_on)
    spans = _joined_after_titles(text, spans, lang, marks)
    if listed is not None:
        spans = _cut_at_starts(text, spans, listed.ends)
    if _dots_are_abbreviations(text):
        spans = _joined_after_indic_abbreviations(text, spans)
    if not text.isascii() and _CJK_END.search(text):
        spans = [piece for span in spans for piece in _cut_at_cjk_ends(text, *span)]
    if lang in _NO_ORDINAL_DOT:
        spans = [piece for span in spans for piece in _cut_after_small_numbers(text, *span, marks)]
    if "\n" in text and _LINE_OPENING_NUMBER.search(text):
        if lang not in _NO_ORDINAL_DOT:
            spans = _cut_at_starts(text, spans, _ordinal_list_items(text))
        spans = _items_with_their_numbers(text, spans)
        spans = _cut_at_starts(text, spans, [at for at, _ in after_list_items(text)])
    if "\n" in text and (bullets := bullet_items(text)):
        spans = _cut_at_starts(text, spans, [at for at, _ in bullets])
    if "\n" in text and (broken := _after_broken_off_quotes(text)):
        spans = _cut_at_starts(text, spans, broken)
    if "\n" in text and ". . ." in text:
        spans = _cut_at_starts(text, spans, _after_spaced_ellipses(text))
    return spans


# An ellipsis written with spaces (`. . .`) at a line's end, with its quote, and the
# next line's opening quote or capital.
_SPACED_ELLIPSIS_END = re.compile(
    r"(?<!\S)\.(?: \.){2,}[\"'\u201d\u2019]?[ \t]*\r?\n[ \t]*(?=[\"'\u201c\u2018]?[^\W\d_])"
)


def _after_spaced_ellipses(text: str) -> list[int]:
    """Where a sentence begins after an ellipsis written with spaces at a line's end,
    at the next line's quote or word when a capital opens it (`He paused . . .⏎Then he
    left.`), as after `...` there: one sentence with --tagger none, two with spaCy
    (pass 39m). On its line such an ellipsis ends none (`paused . . . and went on`)."""
    return _capitalised_line_starts(_SPACED_ELLIPSIS_END, text)


# A quote broken off with a dash at its line's end (`"Not after—"⏎"After what?"`), and
# the next line's opening quote or word.
_BROKEN_OFF = re.compile(
    r"[\u2013\u2014][\"'\u201d\u2019][ \t]*\r?\n[ \t]*(?=[\"'\u201c\u2018]?[^\W\d_])"
)


def _after_broken_off_quotes(text: str) -> list[int]:
    """Where a sentence begins after a quote broken off with a dash at its line's end,
    at the next line's quote or word when a capital opens it (`"Not after—"⏎"After
    what?"`), as after a quote ending with `?` or `...`: a dialogue's interrupted line
    and the next speaker's were one sentence with either tagger (pass 39h)."""
    return _capitalised_line_starts(_BROKEN_OFF, text)


def _capitalised_line_starts(line_end: re.Pattern[str], text: str) -> list[int]:
    """Where each match of ``line_end`` (a mark at a line's end and the next line's
    spaces) ends, when the next line's word, after an opening quote, is capitalised."""
    starts = []
    for found in line_end.finditer(text):
        at = found.end()
        word = at + 1 if text[at] in "\"'\u201c\u2018" else at
        if text[word].isupper():
            starts.append(at)
    return starts


def _ordinal_list_items(text: str) -> list[int]:
    """Where each numbered list's item (list_items) begins in a language that writes an
    ordinal with a dot, whose splitter cut none there (German `Tagesordnung:⏎1.
    Haushalt⏎2. Wahlen` was one sentence, pass 39d), as _cut_after_small_numbers cuts
    them in English; not after a line (no item's cut so) ending with a lower-case word
    or a mark that goes on (a colon opens a list), wrapped prose whose next line opens
    with a date (`Er kam am⏎3. Mai und ging am⏎4. Mai.`)."""
    starts: list[int] = []
    for at, _ in list_items(text):
        line = text.rfind("\n", 0, at)
        above_at = text.rfind("\n", 0, max(line, 0)) + 1
        above = text[above_at:line].strip() if line > 0 else ""
        words = above.split()
        item_above = bool(starts) and above_at <= starts[-1] < line
        if (
            words
            and not item_above
            and (words[-1][:1].islower() or above[-1] in _GOES_ON_MARKS.replace(":", ""))
        ):
            continue
        starts.append(at)
    return starts


# A span's last word: a number of one or two digits and its dot.
_LAST_NUMBER_DOT = re.compile(r"(?:(?<=\s)|\A)\d{1,2}\.\Z")


def _items_with_their_numbers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with a list item's number that ends one (its splitter cut after the
    number where a sentence follows it: French `Décisions :⏎1. Le budget est approuvé.⏎2.
    Le rapport…` was `Décisions : 1.`, `Le budget est approuvé.`, `2.`, `Le rapport…`)
    moved to the next, its item's sentence (pass 38f)."""
    moved: list[tuple[int, int]] = []
    carried: int | None = None
    for n, (start, end) in enumerate(spans):
        if carried is not None:
            start, carried = carried, None
        number = _LAST_NUMBER_DOT.search(text, start, end)
        if (
            number is not None
            and n + 1 < len(spans)
            and not _PARAGRAPH_BREAK.search(text, end, spans[n + 1][0])
            and _opens_an_item(text, number)
        ):
            carried = number.start()
            end = start + len(text[start : number.start()].rstrip())
            if end <= start:
                continue
        moved.append((start, end))
    return moved


_LINE_OPENING_NUMBER = re.compile(r"\n[ \t]*\d{1,2}\.")
# What ends a line whose words go on on the next (a list's item written over two lines).
_GOES_ON_MARKS = ",;:-‐–—/&+(["


def after_list_items(text: str) -> list[tuple[int, int]]:
    """Where the line after a numbered list's item begins, when it opens with a capital
    and is no item itself, as (start, start) pairs in list_items' way: the list's last
    item ends at its line, as each before it ends where the next begins
    (`1. Llamar al Dr. Pérez⏎2. Pedir la cita⏎El precio sube.` ran the last item into
    the next line's sentence, with either tagger). An item whose line ends with a mark
    that goes on (a comma, a hyphen, a colon), or whose next line another item follows,
    goes on."""
    starts = []
    for number in _OPENING_NUMBER_DOT.finditer(text):
        if not _opens_an_item(text, number):
            continue
        line_end = text.find("\n", number.end())
        words = text[number.end() : line_end].strip()
        if line_end < 0 or not words or words[-1] in _GOES_ON_MARKS:
            continue
        at = line_end + 1
        while at < len(text) and text[at] in " \t\r":
            at += 1
        if (
            at < len(text)
            and text[at].isupper()
            and not _item_follows(text, at)
            and not _item_before_ends_a_sentence(text, number.start())
        ):
            starts.append((at, at))
    return starts


# A line opening with a bullet and a space (`- Apples`, `• Pears`, Markdown's `* ` and `+ `,
# a dialogue's dash), or with a number, a letter or a roman numeral and a bracket (`1)`,
# `b)`, `(iv)`, `IV)`): the bullet, and the item's first character after the spaces.
_BULLET_LINE = re.compile(
    r"^[ \t]*([-–—•◦▪‣●○■□►*+]|\(?(?:\d{1,2}|[A-Za-z]|[ivx]{2,4}|[IVX]{2,4})\))[ \t]+(?=\S)",
    re.MULTILINE,
)


def bullet_items(text: str) -> list[tuple[int, int]]:
    """(bullet, first word) offsets of each item of a bulleted list in ``text``: a line
    opening with a bullet next to another opening with the same one (no blank line
    between), or a number's, letter's or numeral's that counts on (_counted_item); and
    (at, at) where the line after an item opens with a capital and is no
    item, as after_list_items does for a numbered list's. Both taggers ran
    `We need:⏎- Apples⏎- Pears⏎The market opens at nine.` into one sentence (stop 49)."""
    lines = list(_BULLET_LINE.finditer(text))
    starts: list[tuple[int, int]] = []
    counted: set[int] = set()
    for n, line in enumerate(lines):
        if _COUNTED.fullmatch(line.group(1)):
            if not _counted_item(text, lines, n, counted):
                continue
            counted.add(n)
        elif not any(
            _same_list(text, line, lines[m]) for m in (n - 1, n + 1) if 0 <= m < len(lines)
        ):
            continue
        starts.append((line.start(1), line.end()))
        if (after := _after_bullet_item(text, line, lines[n - 1] if n else None)) is not None:
            starts.append((after, after))
    return starts


def _same_list(text: str, line: re.Match[str], other: re.Match[str]) -> bool:
    """Whether two bullet lines open with the same bullet (a number's, a letter's or a
    roman numeral's written alike: `1)` and `2)`, `(a)` and `(b)`), with no blank line
    between."""
    first, last = sorted((line.start(), other.start()))
    same = _bullet_kind(line.group(1)) == _bullet_kind(other.group(1))
    return same and not _PARAGRAPH_BREAK.search(text, first, last)


def _bullet_kind(bullet: str) -> str:
    """A bullet as its list writes each item's: `(3)` as `(9)`, `b)` and `iv)` as `a)`,
    `B)` and `IV)` as `A)`."""
    return re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "9", bullet)))


# A bullet that counts: a number, a letter or a roman numeral and its bracket.
_COUNTED = re.compile(r"\(?(\w+)\)")


def _counted_item(text: str, lines: list[re.Match[str]], n: int, items: set[int]) -> bool:
    """Whether the line ``lines[n]``, opening with `2)`, `(b)` or `iv)`, is a list's item:
    the nearest line of its kind before it in its paragraph is an item counting one less
    (`1)` before `2)`, with `a)` `b)` between them in a list in a list), or it is a
    list's first, the nearest of its kind after it counting one more, and no sentence's
    words run on into it. A line of hard-wrapped prose that happens to open with `(b) `
    or `I) ` (`… clause 5 sub-clause⏎(b) allowed …`, `a large capital⏎I) and …`) was
    cut off as an item, with either tagger (pass 40h)."""
    line, kind = lines[n], _bullet_kind(lines[n].group(1))
    before = next(
        (m for m in range(n - 1, -1, -1) if _bullet_kind(lines[m].group(1)) == kind), None
    )
    if (
        before is not None
        and before in items
        and _same_list(text, line, lines[before])
        and _counts_on(lines[before].group(1), line.group(1))
    ):
        return True
    after = next(
        (m for m in range(n + 1, len(lines)) if _bullet_kind(lines[m].group(1)) == kind), None
    )
    return (
        after is not None
        and _same_list(text, line, lines[after])
        and _counts_on(line.group(1), lines[after].group(1))
        and not _runs_on_into(text, line)
    )


def _runs_on_into(text: str, line: re.Match[str]) -> bool:
    """Whether the line before ``line`` in its paragraph runs on into it: it ends with a
    lower-case letter or a mark that goes on and ``line``'s words open in lower case
    (`… breached clause 4 and⏎(a) the notice was late`), where a list's heading ends with
    a colon or a sentence's mark (`The tenant shall:⏎(a) pay`) or is an item itself
    (`1) Clothes⏎a) two shirts`), and an item of one line is followed by the next."""
    start = line.start()
    if start == 0 or not text[line.end()].islower():
        return False
    line_above = text.rfind("\n", 0, start - 1) + 1
    above = text[line_above : start - 1].rstrip()
    if not above or _BULLET_LINE.match(text, line_above):  # (an item heads a list in it)
        return False
    # (a list's item on one line, the next item's below it, follows a heading with no
    # colon: `Ingredients⏎1) flour⏎2) sugar`; prose's line runs on into the next)
    line_end = text.find("\n", line.end())
    if line_end < 0 or _BULLET_LINE.match(text, line_end + 1):
        return False
    return above[-1].islower() or above[-1] in _RUNS_ON_MARKS


# What ends a line whose words run on into the next (no colon: it heads a list).
_RUNS_ON_MARKS = ",-‐–—/&+(["


def _counts_on(first: str, then: str) -> bool:
    """Whether the bullet ``then`` counts one past ``first``: `1)` `2)`, `(b)` `(c)`,
    `(iv)` `(v)`, `h)` `i)` (as letters) or `i)` `ii)` (as numerals)."""
    return any((way, n + 1) in _ordinals(then) for way, n in _ordinals(first))


def _ordinals(bullet: str) -> set[tuple[str, int]]:
    """What a bullet counts, each way it may be read: `3)` 3, `c)` the letter 3, `i)` the
    letter 9 and the numeral 1, `iv)` the numeral 4."""
    found = _COUNTED.fullmatch(bullet)
    core = found.group(1) if found else ""
    if core.isdigit():
        return {("number", int(core))}
    ways = {("letter", ord(core.lower()) - ord("a") + 1)} if len(core) == 1 else set()
    numeral = _roman(core.lower())
    return ways | ({("numeral", numeral)} if numeral else set())


_ROMAN = re.compile(r"(x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_UNITS = {"": 0, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7,
                "viii": 8, "ix": 9}  # fmt: skip


def _roman(core: str) -> int:
    """The value of a roman numeral up to xxxix written in lower case; 0 for none."""
    found = _ROMAN.fullmatch(core)
    return len(found.group(1)) * 10 + _ROMAN_UNITS[found.group(2)] if found and core else 0


def _after_bullet_item(text: str, item: re.Match[str], before: re.Match[str] | None) -> int | None:
    """Where the line after the bullet item ``item`` begins, when its sentence ends
    there: it opens with a capital, is no bullet line, the line after it no item (an item
    written over two lines: `- Call Dr. Smith and⏎Mr. Jones⏎- Pay`), the item's line
    ends with no mark that goes on, and the item before it ends with no sentence's mark
    (its items are sentences then, and a last one with none goes on on the next line)."""
    line_end = text.find("\n", item.end())
    if line_end < 0:
        return None
    words = text[item.end() : line_end].rstrip()
    at = line_end + 1
    while at < len(text) and text[at] in " \t\r":
        at += 1
    if at >= len(text) or not text[at].isupper() or _BULLET_LINE.match(text, line_end + 1):
        return None
    next_end = text.find("\n", at)
    # (a line ending in a colon heads the next list: `- pear⏎Veg:⏎- leek` is no item
    # written over two lines)
    if (
        next_end >= 0
        and _BULLET_LINE.match(text, next_end + 1)
        and not text[at:next_end].rstrip().endswith(":")
    ):
        return None
    if not words or words[-1] in _GOES_ON_MARKS:
        return None
    if before is not None and _ENDS_A_SENTENCE.search(
        text[before.end() : text.find("\n", before.end())].rstrip()
    ):
        return None
    return at


_ENDS_A_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*\Z")


def _item_before_ends_a_sentence(text: str, item: int) -> bool:
    """Whether the list's item before the one at ``item`` ends with a sentence's mark:
    its items are sentences then, and a last one whose line ends with none goes on on
    the next (`2. The report was sent to the⏎Council of Paris.`, German `an den⏎
    Stadtrat`), where a list of phrases' does not (`2. Remove the lid⏎Then close it.`):
    cut there, its sentence was two (pass 38f)."""
    line = text.rfind("\n", 0, item)
    while line > 0:
        above = text.rfind("\n", 0, line) + 1
        if _LINE_NUMBER_DOT.match(text, above):
            return _ENDS_A_SENTENCE.search(text[above:line].rstrip()) is not None
        line = above - 1
    return False


def _item_follows(text: str, at: int) -> bool:
    """Whether the line after the one at ``at`` opens a list's item: the line at ``at``
    is then the item before's, written over two lines (`1. Call Dr. Smith and⏎Mr.
    Jones⏎2. Pay`)."""
    line_end = text.find("\n", at)
    return line_end >= 0 and _LINE_NUMBER_DOT.match(text, line_end + 1) is not None


def _joined_at(
    text: str, spans: list[tuple[int, int]], goes_on: list[int]
) -> list[tuple[int, int]]:
    """``spans`` with each that begins at one of ``goes_on`` joined to the one before, in
    the same paragraph."""
    if not goes_on:
        return spans
    places = set(goes_on)
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and start in places and not _PARAGRAPH_BREAK.search(text, joined[-1][1], start):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _cut_at_starts(
    text: str, spans: list[tuple[int, int]], starts: list[int]
) -> list[tuple[int, int]]:
    """``spans`` (sentences) each cut where one of ``starts`` falls inside it; the piece
    before ends at its last non-space character."""
    if not starts:
        return spans
    pieces = []
    for begin, end in spans:
        for at in starts:
            if begin < at < end:
                pieces.append((begin, begin + len(text[begin:at].rstrip())))
                begin = at
        pieces.append((begin, end))
    return pieces


class SentenceMarks(NamedTuple):
    """Where ``--tagger none``'s own rules decide a sentence at a number after a dot:
    ``starts``, the offsets of a sentence opening after one that ended with a number
    (`It cost 5. 3 people paid.`, `the score was 3 to⏎2. Nobody cared.`) or after a
    footnote's mark after a full stop (`as shown.¹ The next`); ``joins``, those where
    no sentence begins: a number that goes on the sentence of an abbreviation before it
    (`See Fig. 3 for…`, `Abs. 1`), a footnote's mark after its sentence's full stop, the
    dot after a sentence's last number."""

    starts: list[int]
    joins: list[int]


# A word of two to four letters, a dot and a number after a space, or a small number
# and a dot: where sentence_marks may find a mark, looked for before the text is split.
_DOT_BEFORE_NUMBER = re.compile(
    f"[^\\W\\d_]{{2,4}}\\.\\s+\\d|\\s\\d{{1,2}}\\.\\s|[.!?…][{SUPERSCRIPT_DIGITS}]+\\s"
)


def sentence_marks(text: str, lang: str) -> SentenceMarks:
    """Where ``--tagger none`` begins a sentence after another's number and dot, and
    where it goes on at a number after an abbreviation (SentenceMarks), so that
    spaCy's sentences are cut and kept there as its are: spaCy's sentence recogniser
    cut `See Fig. | 3 for the results`, `in Sect. | 2.1` and `Vol. | 12, No. 5`, and
    ran `Results are in Table 2. 3 rows are missing.` and `3 to⏎2. Nobody cared.`
    into one, where ``--tagger none`` did the opposite of each (pass 38c)."""
    marks = SentenceMarks([], [])
    listed = english_abbreviation_marks(text) if lang == ENGLISH else None
    if _DOT_BEFORE_NUMBER.search(text):
        import simplemma

        _sentence_spans(text, lang, simplemma.split_sentences, marks, listed)
    if listed is not None:
        # (ENGLISH_ABBREVIATIONS, the one list for both taggers; last, so that they win)
        marks.starts.extend(listed.ends)
        marks.joins.extend(listed.goes_on)
    return marks


# The full stop, exclamation and question marks Chinese and Japanese write (full width,
# and the half-width ｡), which no space follows in unsegmented text: simplemma's
# splitter knows none of them, so 300 lines of Chinese were one sentence (pass 37d). Nor
# the Hebrew sof pasuq ׃ that ends a Bible verse, the Urdu full stop ۔, the Ethiopic
# ። or the Myanmar ။, which end sentences too.
UNSPACED_FINAL_MARKS = "。！？｡"
# (and the danda । and double danda ॥ of Hindi, Bengali and other Indic text, which
# simplemma's splitter knows and spaCy's English sentence recogniser did not: 101
# Hindi sentences were 43 with the default tagger, pass 38d)
_SENTENCE_ENDS = f"{UNSPACED_FINAL_MARKS}\u05c3\u06d4\u1362\u104b\u0964\u0965"
# Japanese written the official and academic way ends a sentence with the full-width
# full stop ． (not between digits: ３．５), and text may end one with a . against its
# last kana or Han letter (`です.でも`, not `ね...`), which no space follows either:
# such text was one sentence (pass 37j). spaCy's tokenizer cuts at this regex too.
UNSPACED_FINAL_STOP = (
    "(?<![0-9\uff10-\uff19])\uff0e+|\uff0e+(?![0-9\uff10-\uff19])"
    "|(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f])\\.(?![.0-9A-Za-z])"
)
_CJK_END = re.compile(f"[{_SENTENCE_ENDS}]+|{UNSPACED_FINAL_STOP}")
_CJK_OPENERS = "「『（〔【〈《“‘｢"
_CJK_CLOSERS = "」』）〕】〉》”’｣"
# The brackets of text written without spaces, a token each (tagger's spaCy too).
UNSPACED_BRACKETS = "「『（〔【〈《｢」』）〕】〉》｣"
# Quotes (and brackets) that close one when written against a sentence's end, in text of other
# scripts too: a full-width ！ in German (`„Gut！“ Dann ging er！`) took its “ for an
# opening quote, so no later ！ of its line ended a sentence, and the " of English
# `"Great！" Then` began the next one (pass 37j).
_QUOTES_AFTER = "\"'“”‘’»«›‹)]"
_CJK_TELLING = re.compile(f"[\n{_CJK_OPENERS}{_CJK_CLOSERS}{_SENTENCE_ENDS}\uff0e.]")


def _cut_at_cjk_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span ``start``-``end`` cut after each Chinese or Japanese sentence end (or
    another that simplemma's splitter does not know, _SENTENCE_ENDS) and the
    closing brackets after it, but not inside a quotation in brackets (「…」) whose
    closing bracket the sentence goes on after (`「你好！」她说。`, Japanese `「…！」と`)."""
    pieces: list[tuple[int, int]] = []
    cut, depth, at = start, 0, start
    while (found := _CJK_TELLING.search(text, at, end)) is not None:
        at = found.start()  # (the characters between tell nothing: skipped at C speed)
        ch = text[at]
        if ch == "\n":
            depth = 0  # (a bracket left open ends at its line: a quotation is one line)
        elif ch in _CJK_OPENERS:
            depth += 1
        elif ch in _CJK_CLOSERS:
            depth = max(0, depth - 1)
        elif (mark := _CJK_END.match(text, at, end)) is not None:
            stop, after, left = mark.end(), mark.end(), depth
            # the closing brackets after it, a space apart too in segmented text, and
            # the quotes written against it (German „Gut！“: its “ opened no quotation)
            while after < end and (
                text[after] in _CJK_CLOSERS
                or text[after] in " \t"
                or (text[after] in _QUOTES_AFTER and not text[after - 1].isspace())
            ):
                if not text[after].isspace():
                    left, stop = max(0, left - 1), after + 1
                after += 1
            goes_on = after < end and text[after] not in "\r\n"
            # (a line's end ends it; so does a capital a space after it: `“Great！” Then`)
            anew = goes_on and text[after - 1] in " \t" and text[after].isupper()
            # (a danda ends its sentence inside a quotation too, as simplemma's splitter
            # ends it: `कहा, “… है।” डॉ. …` is two sentences, its script having no capital)
            anew = anew or text[at] in "\u0964\u0965"
            if not goes_on or (left == 0 and not depth) or anew:
                pieces.append((cut, stop))
                cut = stop
                while cut < end and text[cut].isspace():
                    cut += 1
            depth, at = left, max(stop, at + 1)
            continue
        at += 1
    if cut < end:
        pieces.append((cut, end))
    return pieces


# Text that ends its sentences with a danda (Hindi, Bengali, Nepali, Marathi…) writes a
# dot after an abbreviation alone: डॉ. (Dr.), प्रो., श्री., Bengali ডা., মো., ড.; the
# splitter took each for a sentence's end (its script has no capitals to tell), so `डॉ.
# अमित शर्मा ने …।` was two sentences, `info` counting one more for each (pass 38d).
_DANDA = re.compile("[\u0964\u0965]")
_DANDA_RUN = re.compile("[\u0964\u0965]+")
_INDIC_ABBREVIATION_DOT = re.compile("[\u0900-\u0dff]\\.[ \t\u00a0]*\\Z")


# A dot against an Indic word, as a sentence's end or an abbreviation's writes it.
_INDIC_DOT = re.compile("[\u0900-\u0dff]\\.(?=\\s|\\Z)")


def _dots_are_abbreviations(text: str) -> bool:
    """Whether ``text`` ends its sentences with a danda, so that a dot against an Indic
    word is an abbreviation's: it writes as many dandas (or runs of them, ।। or ॥) as such
    dots, or more. Marathi text ends its sentences with a dot, and Hindi text may: one ॥ of a
    quoted verse ran a Marathi page's sentences into one (pass 38g)."""
    if text.isascii():
        return False
    dandas = len(_DANDA_RUN.findall(text))
    return dandas > 0 and dandas >= len(_INDIC_DOT.findall(text))


def _joined_after_indic_abbreviations(
    text: str, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``spans`` with a sentence ending in a dot written against a word of an Indic script
    joined to the next in the same paragraph, in text whose sentences end with a danda."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            joined
            and _INDIC_ABBREVIATION_DOT.search(text, joined[-1][0], joined[-1][1])
            and not _PARAGRAPH_BREAK.search(text, joined[-1][1], start)
        ):
            joined[-1] = (joined[-1][0], end)
            continue
        joined.append((start, end))
    return joined


def indic_sentence_goes_on(text: str) -> list[int]:
    """Where no sentence starts in ``text`` whose sentences end with a danda, as with
    --tagger none: at a word after a dot that ends an Indic abbreviation (डॉ. अमित), nor at
    a danda, which ends the sentence before it (spaCy's recogniser cut after each डॉ.,
    and made `मो. करिम।`'s । a sentence alone, pass 38d)."""
    if text.isascii() or not _DANDA.search(text):
        return []
    after_dots = (
        [found.end() for found in _INDIC_GOES_ON.finditer(text)]
        if _dots_are_abbreviations(text)
        else []
    )
    return sorted(after_dots + [found.start() for found in _DANDA.finditer(text)])


_INDIC_GOES_ON = re.compile("(?<=[\u0900-\u0dff]\\.)[ \t\u00a0]+(?=\\S)")


# Korean and Indic scripts (Devanagari, Bengali … Malayalam; Hangul syllables and jamo),
# which have no capitals: spaCy's English sentence recogniser, which reads capitals,
# guessed their sentences, cutting `학교(學校)에서` off its own and running `다. 이번` on;
# so too Thai, Lao, Myanmar and Khmer, which it ran on at every `. ` (pass 40e).
_CASELESS_RULED = re.compile(
    "[\u0900-\u0eff\u1000-\u109f\u1780-\u17ff\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]"
)


def caseless_sentence_starts(text: str) -> frozenset[int] | None:
    """Where --tagger none starts each sentence of ``text`` when most of its letters (of
    its first 2,000 characters) are Korean or of an Indic script, so that spaCy's are cut
    there and nowhere else; None for other text."""
    if text.isascii():
        return None
    letters = [ch for ch in text[:2000] if ch.isalpha()]
    ruled = sum(1 for ch in letters if _CASELESS_RULED.match(ch))
    if not letters or ruled <= len(letters) / 2:
        return None
    import simplemma

    starts = set()
    for start, end in _sentence_spans(text, ENGLISH, simplemma.split_sentences):
        while start < end and text[start].isspace():
            start += 1
        starts.add(start)
    return frozenset(starts)


def cjk_sentence_starts(text: str) -> list[tuple[int, int]]:
    """Where each Chinese or Japanese sentence but a paragraph's first begins in
    ``text``, as (start, start) pairs in list_items' way, so that spaCy's sentences are
    cut there as ``--tagger none``'s are (spaCy's English model ran 300 lines into one)."""
    if text.isascii() or not _CJK_END.search(text):
        return []
    starts: list[tuple[int, int]] = []
    begin = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        stop = match.start() if match else len(text)
        starts += [(at, at) for at, _ in _cut_at_cjk_ends(text, begin, stop)[1:]]
        if match:
            begin = match.end()
    return starts


# A sentence's last word and its dot (after a space, a quote, a bracket or a dash, or
# an elided word's apostrophe, straight or curly: French and Italian l’Art. 5, pass 37p).
_LAST_WORD_DOT = re.compile(r"(?:^|(?<=[\s(\[«„“\"'’—–-]))([^\W\d_]{2,4})\.\Z")
_VOWELS = frozenset("aeiouy")
# A sentence's last word written as capital initials each with its dot (U.K., J.K.,
# W.H.O.): simplemma reads one initial before a capital as a name's (J. Smith) and lists
# U.S. and U.N., but ended a sentence at any other, `The U.K. | Supreme Court sat`.
_INITIALS_DOT = re.compile(r"(?:^|(?<=[\s(\[«„“\"'’—–-]))(?:[^\W\d_]\.){2,}\Z")
# A number and a space just before a word: a unit or a currency (`50 Hz`, `4,7 Mb`, Czech
# `200 Kč`, Hungarian `500 Ft`), which ends a sentence, not a title, written before a name;
# or an ordinal's number and dot (German `im 19. Jh. Die Bank`, which was one sentence
# with the next: Jh. was read as a title, pass 38c).
_NUMBER_BEFORE = re.compile(r"\d\.?\s+\Z")


# Languages that write words whose vowel is an r or an l between consonants (Czech and
# Slovak Brno's genitive Brna, krk, vlk; Slovene Trst).
_SYLLABIC_LIQUID_LANGUAGES = frozenset({"cs", "sk", "sl", "hr", "sr", "bs"})


def _title_abbreviation(word: str, lang: str = "") -> bool:
    """Whether ``word`` (before a dot) is written as a title's abbreviation is: a
    capital, then lower-case letters, no vowel among them but a last -a (Romanian Dl.,
    Dna., Galician and Spanish Sr., Sra., Dña., Portuguese Dra., German Nr., St.), which
    no word of a sentence's end is written as (Ana., Ion., Non. have vowels); and no
    lower-case letter twice in a row, as an interjection is written (Hmm., Psst., Brr.
    end theirs), where a plural title doubles its capital (Ss. Pietro e Paolo). In a
    language whose r or l between consonants is a vowel, it is one (Czech `do Brna.
    Tam`, Slovene `v Trst. Tam` were one sentence each, pass 37a; Mgr., Bc. are titles)."""
    if not (word[0].isupper() and word[1:].islower()):
        return False
    if any(a == b for a, b in itertools.pairwise(word[1:])):
        return False
    bare = without_diacritics(word.lower())
    body = bare[:-1] if len(bare) > 2 and bare.endswith("a") else bare
    if lang in _SYLLABIC_LIQUID_LANGUAGES and any(
        body[i] in "rl" and body[i - 1] not in _VOWELS and body[i + 1] not in _VOWELS
        for i in range(1, len(body) - 1)
    ):
        return False
    return not any(ch in _VOWELS for ch in body)


# Languages that write every noun with a capital (German, Luxembourgish): a short
# capitalised word before a sentence's dot is as likely a noun (ein Haus. 3 Jahre) as an
# abbreviation (Abs. 1).
NOUNS_CAPITALISED = frozenset({"de", "lb"})


def _reference_abbreviation(word: str, first: bool, lang: str = "") -> bool:
    """Whether ``word`` (before a dot and a number) is written as the abbreviation of
    what a number refers to is: a capital and lower-case letters (German Abs. 1, Art. 5,
    Abb. 3, English Fig. 3, No. 5, Vol. 2), which simplemma's splitter ended a sentence
    at, the number opening the next; not where it opens its sentence (a one-word reply,
    `Yes. 3 came`), nor in a language that writes its nouns with a capital (`ein Haus.
    3 Jahre später`, pass 37h), unless no vowel follows its first letter (Abs., Nr.). A
    name at a sentence's end before one that opens with a number (`met Tom. 3 days
    later`) reads the same; prose seldom opens a sentence with a number. An
    abbreviation is cut before a vowel, so one of three or four letters ends in a
    consonant (Art., Núm., Pág., Vol.): a name ending in a vowel is a sentence's last
    word (`Fuimos a Lima. 30 personas`, `habite Nice. 30 personnes` were one sentence
    each, pass 37p); No. (numero) has two letters."""
    if not (word[0].isupper() and word[1:].islower()):
        return False
    if len(word) > 2 and without_diacritics(word[-1].lower()) in _VOWELS:
        return False
    if not first and lang not in NOUNS_CAPITALISED:
        return True
    return not any(ch in _VOWELS for ch in without_diacritics(word[1:].lower()))


def _joined_after_titles(
    text: str, spans: list[tuple[int, int]], lang: str = "", marks: SentenceMarks | None = None
) -> list[tuple[int, int]]:
    """``spans`` with a sentence that ends in a title's abbreviation and its dot joined to
    the next when that begins with a capital or a digit, in the same paragraph:
    simplemma knows few abbreviations (none in Romanian or Galician), so `Dl. Popescu a
    plătit.` and `O Sr. Pérez pagou.` were two sentences each, `within s`, a hit's
    sentence and `info`'s count taking the name's words apart from their title."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _goes_on(text, *joined[-1], start, lang):
            joined[-1] = (joined[-1][0], end)
            if marks is not None and text[start : start + 1].isdigit():
                marks.joins.append(start)
            continue
        if (
            marks is not None
            and joined
            and (
                _number_after_a_word(text, *joined[-1], start)
                or _time_opens_a_line(text, joined[-1][1], start)
            )
        ):
            # where these rules end the sentence, spaCy's too: its recogniser ran `It
            # weighed 5 kg. 30 people came.` and `We said no. 3 people came.` on (pass 39h)
            marks.starts.append(start)
        joined.append((start, end))
    return joined


# A clock's time (12:02, 9:05:30) opening a log's line: `12:01 Bob: We went home.⏎12:02
# Alice: The bank closed.` was one sentence, the time read as a reference's number after
# `home.` (the line's own time a number cited before it), and spaCy's recogniser ran all
# a log's lines into one (pass 39q).
_LINE_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")


def _time_opens_a_line(text: str, before_end: int, start: int) -> bool:
    """Whether a time opens the line at ``start``, after a sentence ending at ``before_end``
    with its line."""
    between = text[before_end:start]
    return "\n" in between and not between.strip() and _LINE_TIME.match(text, start) is not None


def _number_after_a_word(text: str, before_start: int, before_end: int, start: int) -> bool:
    """Whether the sentence opening at ``start`` with a number follows one that ends
    with a short word and its dot (`5 kg.`, `met Rome.`), in its paragraph: not a
    lower-case one without a number before it, which is as often an abbreviation (an
    advert's `Flat no. 5 is for sale.`, which spaCy's recogniser goes on at, and was
    cut, pass 39m) as a sentence's end (`We said no. 3 came.`)."""
    if not text[start : start + 1].isdigit() or _PARAGRAPH_BREAK.search(text, before_end, start):
        return False
    last = _LAST_WORD_DOT.search(text, before_start, before_end)
    if last is None:
        return False
    unit = _NUMBER_BEFORE.search(text, before_start, last.start(1)) is not None
    return unit or not last.group(1).islower()


# A year in brackets, as a citation writes it after its authors (et al. (2019), 2019a):
# no sentence opens with one (a list's (1) does).
_BRACKETED_YEAR = re.compile(r"\(\d{4}[a-z]?[),;]")


# Two ordinals of one or two digits with a dash, hyphen or slash between (12.–14.,
# 1./2.), ending a span.
_ORDINAL_RANGE = re.compile(r"(?<![\d.])\d{1,2}\.\s?[-‐–—/]\s?\d{1,2}\.\Z")


def _goes_on(text: str, before_start: int, before_end: int, start: int, lang: str) -> bool:
    """Whether the sentence ``before_start``-``before_end`` ends in an abbreviation that
    the next (opening at ``start``) goes on from: a title before a name or a number, or
    the abbreviation of what a number refers to before it, in the same paragraph."""
    if _PARAGRAPH_BREAK.search(text, before_end, start):
        return False
    if lang not in _NO_ORDINAL_DOT and _ORDINAL_RANGE.search(text, before_start, before_end):
        # a range of ordinals (German `vom 12.–14. März`), whose last dot simplemma's
        # splitter read as a sentence's end, though not a lone ordinal's: `März tagte
        # der Rat.` was a sentence of its own (pass 39d)
        return True
    initials = _INITIALS_DOT.search(text, before_start, before_end)
    if initials and initials.group().isupper() and text[start : start + 1].isupper():
        return True  # J.K. Rowling, the U.K. Supreme Court (pass 39a)
    last = _LAST_WORD_DOT.search(text, before_start, before_end)
    if last is None:
        return False
    word, opening = last.group(1), text[start : start + 1]
    if opening in ",;:":
        # no sentence opens with a colon: French sets one apart (`Tél. : 01 23 45 67
        # 89`, `Réf. : 2023-45`), which the splitter took for a sentence (pass 38f)
        return True
    if opening == "(" and word.islower() and _BRACKETED_YEAR.match(text, start):
        return True  # a citation's year after `et al.` (Smith et al. (2019) show)
    if opening.isdigit():
        return not _time_opens_a_line(text, before_end, start) and (
            _title_abbreviation(word, lang)
            or _reference_abbreviation(word, last.start(1) == before_start, lang)
            or _listed_before_number(text, before_start, last.start(1), start, word, lang)
            or _month_before_year(text, before_start, last.start(1), start, word)
            or _cited(text, before_start, last.start(1), start, lang)
        )
    # a unit after its number (50 Hz. Then) ends its sentence: a title is no unit; one
    # before a number stays (op. 27 Nr. 2, Abs. 1 Nr. 3)
    return (
        opening.isupper()
        and _title_abbreviation(word, lang)
        and not _NUMBER_BEFORE.search(text, before_start, last.start(1))
    )


def _listed_before_number(
    text: str, before_start: int, word_start: int, start: int, word: str, lang: str
) -> bool:
    """Whether the lower-case ``word`` is listed (listed_abbreviations) as what the
    number at ``start`` goes on from. After a number of its own it is a unit (`10 min.
    3 Leute gingen`, `5 kg.`), ending its sentence, but a month's before a year (`5
    sept. 2023`): joined, `Wir warteten 10 min. 3 Leute gingen.` was one (pass 38f)."""
    if not word.islower() or lang == ENGLISH or f"{word}." not in listed_abbreviations(lang):
        return False
    if not _NUMBER_BEFORE.search(text, before_start, word_start):
        return True
    year = _NUMBER_THEN.match(text, start)
    return year is not None and len(year.group(1)) == 4


# A day of the month before a word (and Spanish's or Portuguese's de: 5 de sept.), and
# a year of four digits after one, not a longer number's first digits.
_DAY_BEFORE = re.compile(r"(?<![\d.,])(\d{1,2})\.?\s+(?:de\s+)?\Z")
_YEAR = re.compile(r"\d{4}(?!\d|[.,]\d)")


def _month_before_year(
    text: str, before_start: int, word_start: int, start: int, word: str
) -> bool:
    """Whether ``word`` (three or four letters and its dot) reads as a month's between a
    day and the year at ``start`` (`el 5 sept. 2023`, `5 oct. 2023`, `5 de sept. 2023`),
    whose dot ends no sentence: listed by spaCy or not (Spanish lists no month), the
    date was cut in two, `2023 en el salón.` a sentence (pass 38m). A unit of its own
    letters (5 km. 2023) is shorter; one of three or four letters after a number of up
    to 31 before a sentence opening with a year is rarer than a date. A plural unit's
    (lbs., pts., hrs., mins.) ends in a consonant and an s, as no month's does: `It
    weighed 10 lbs. 2020 was worse.` was one sentence with either tagger (pass 39d)."""
    if not (3 <= len(word) <= 4 and word[1:].islower()):
        return False
    if word[-1] == "s" and without_diacritics(word[-2].lower()) not in _VOWELS:
        return False
    day = _DAY_BEFORE.search(text, before_start, word_start)
    return day is not None and 1 <= int(day.group(1)) <= 31 and bool(_YEAR.match(text, start))


@lru_cache(maxsize=64)
def listed_abbreviations(lang: str) -> frozenset[str]:
    """The abbreviations of two letters or more, with their dot, that spaCy's rules for
    ``lang`` keep a token (Spanish pág., núm., Italian and Portuguese art., Hungarian
    kb., pl.): before a number such a word goes on (`el art. 5 de la ley`, `kb. 5 perc`
    were two sentences each with --tagger none, cut at the dot). A word written before
    a capital is left to the rules above, as these lists hold "etc." too, and so is a
    capitalised one (Art. 5); English's list holds no lower-case one but co. and vs.,
    and is not read: importing spaCy costs 1-3 s, which --tagger none's English text
    (0.5 s for 50,000 tokens) would pay. Empty where spaCy has no list for the language
    (Polish, Czech) or is not installed."""
    import importlib

    try:
        rules = importlib.import_module(f"spacy.lang.{lang}.tokenizer_exceptions")
    except ImportError:
        return frozenset()
    listed = getattr(rules, "TOKENIZER_EXCEPTIONS", {})
    return frozenset(w for w in listed if len(w) > 2 and w.endswith(".") and w[:-1].isalpha())


# English abbreviations whose dot ends no sentence before what they are written before,
# the one list both taggers read (--tagger none's spans, and the marks spaCy's sentences
# take: english_abbreviation_marks), each written as the text writes it (a lower-case
# one also opening its sentence with a capital before a number: `Approx. 30 came`):
# - _BEFORE_A_NUMBER: what a number refers to or how near it is, going on before one
#   (`approx. 30`, `para. 12`, `fig. 3 shows`, `et al. 2019 found`) or one written with
#   capitals (_NUMBER_IN_CAPITALS: `Fig. S1`, `vol. II`, `approx. USD 30`), and, written
#   in lower case, ending its sentence before another capitalised word (`as shown in the
#   last fig. The`, `The answer was no. Nobody`, which spaCy's recogniser ran on, pass
#   40f); after a number of its own it is a unit (`10 min. 3 people left`), which ends it;
# - _BEFORE_A_NAME: a title, or a word written between two names or references, going on
#   before a capitalised word or a number too (`Prof. Smith`, `Smith vs. Jones`, `cf. 2`),
#   and so, opening a sentence, does a lower-case one's capital (`Cf. Table 2`, pass 40f);
# - _A_DATE: a month's, going on before a number (`Jan. 12`, `12 Jan. 2019`) and ending
#   its sentence before a capitalised word (`on 12 Jan. The result`, which simplemma's
#   list of abbreviations and spaCy's recogniser both ran on);
# - _A_TIME: a time's, ending its sentence before a capitalised word but a day's name
#   (_DAYS), a month's before its day's number (_MONTHS) or a time zone in capitals (`at
#   10 a.m. The mayor` and `at 8 p.m. May is busy` end, pass 40f; `at 9 p.m. Sunday`,
#   `at 9 a.m. June 3`, `at 9 p.m. EST` go on).
# Each ended a sentence with both taggers before it, where it goes on (pass 40c).
_BEFORE_A_NUMBER, _BEFORE_A_NAME, _A_DATE, _A_TIME = "number", "name", "date", "time"
ENGLISH_ABBREVIATIONS: dict[str, str] = {
    **dict.fromkeys(
        _listed(
            "approx. ca. c. max. min. no. nos. p. pp. para. paras. fig. figs. vol. vols. "
            "ch. chap. sec. sect. art. arts. eq. eqs. tel. fax. ext."
        ),
        _BEFORE_A_NUMBER,
    ),
    "et al.": _BEFORE_A_NUMBER,
    # (`incl.` too: a list's word, `incl. 20% VAT`, `incl. Sundays`, `incl. VAT`)
    **dict.fromkeys(_listed("cf. vs. viz. ed. eds. i.e. e.g. incl."), _BEFORE_A_NAME),
    **dict.fromkeys(
        _listed(
            "Mr. Mrs. Ms. Messrs. Dr. Prof. Sen. Rep. Gov. Pres. Gen. Col. Lt. Maj. Capt. Sgt. "
            "Cpl. Adm. Rev. Hon. Rt. St. Cllr. Det. Supt. Insp."
        ),
        _BEFORE_A_NAME,
    ),
    **dict.fromkeys(
        _listed("Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec."), _A_DATE
    ),
    **dict.fromkeys(_listed("a.m. p.m."), _A_TIME),
}
# The capitalised words a time goes on before: a day's name, a month's before a number.
_DAYS = frozenset(_listed("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"))
_MONTHS = frozenset(
    _listed("January February March April May June July August September October November December")
)
_DAY_OF_MONTH = re.compile(r"[ \t\u00a0]+\d")
# A word that may be a listed abbreviation (looked up after: one pattern of the list's
# words took half a second a megabyte; six letters: approx.) after a space, a bracket or
# a quote, its dot, and the space before the next word, on its line or the next.
_ENGLISH_LISTED = re.compile(
    r"(?<![^\s(\[“\"'‘—–-])((?:[Ee]t )?[A-Za-z]{1,6}(?:\.[a-z])?)"
    r"\.(?:[ \t\u00a0]+\n?|\n)[ \t\u00a0]*(?=\S)"
)
# A number (or a range of them) after an abbreviation, its full stop and a space.
_NUMBERS_STOP = re.compile(
    r"[£$€¥±~+-]?\d+(?:[.,]\d+)*(?:[-‐–—/]\d+(?:[.,]\d+)*)?\.[ \t\u00a0]+(?=\S)"
)
# A number, or an ordinal, and a space just before a word: a unit's or a count's after it
# (`10 min.`, `3rd ed.`), whose dot may end its sentence (a number's own dot does, `eq.
# 4. Approx. 30 came`).
_COUNT_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?\s+\Z")
# A number (a price's or a signed one too, `approx. £30`) opening the next word.
_A_NUMBER_OPENS = re.compile(r"[£$€¥±~+-]?\d")
# A number written with capitals: a letter or two before digits (`Fig. S1`, `Eq. A3`), a
# currency's or an era's code before one (`approx. USD 30`, `c. AD 800`), or a Roman
# numeral (`vol. II`, `art. IX`; not a lone `I`, a pronoun as often: `the last fig. I`).
_NUMBER_IN_CAPITALS = re.compile(
    r"[A-Z]{1,3}[ \u00a0]?\d|(?!I\b)(?=[IVXLC]+\b)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b"
)
_I_OR_CAPITALS = re.compile(r"I\b|[A-Z]{2,}\b")
_ONE_BEFORE_A_MARK = re.compile(r"I(?=[,;:)\]])")
# A word in capitals a time is written before: a time zone (EST, GMT, UTC).
_TIME_ZONE = re.compile(r"[A-Z]{2,4}\b")


class AbbreviationMarks(NamedTuple):
    """Where ENGLISH_ABBREVIATIONS say a text's sentence goes on after an abbreviation's
    dot (``goes_on``: the offsets of the words after it) or ends there (``ends``)."""

    goes_on: list[int]
    ends: list[int]


def english_abbreviation_marks(text: str) -> AbbreviationMarks:
    """Where a sentence of English ``text`` goes on, or ends, after a listed abbreviation
    (ENGLISH_ABBREVIATIONS), whichever tagger cuts it."""
    marks = AbbreviationMarks([], [])
    for found in _ENGLISH_LISTED.finditer(text):
        kind = _listed_kind(found.group(1) + ".", _opens_sentence(text, found.start(1)))
        at = found.end()
        if kind is None or _time_opens_a_line(text, found.end(1) + 1, at):
            continue
        if "\n" in found.group() and _LINE_NUMBER_DOT.match(text, at):
            continue  # (a list's item opening the next line: `call Dr.⏎2. Pay`)
        verdict = _after_listed(text, found.start(1), at, kind)
        if verdict is not None:
            (marks.goes_on if verdict else marks.ends).append(at)
        if verdict and (stop := _NUMBERS_STOP.match(text, at)) and text[stop.end()].isupper():
            # (its number's full stop before a capital ends it: `See pp. 46-49. The`,
            # which spaCy's recogniser ran on, as --tagger none does not)
            marks.ends.append(stop.end())
    return marks


def _listed_kind(written: str, opens: bool) -> str | None:
    """The kind of abbreviation ``written`` is (its entry written so), or, for a lower-case
    entry written with a capital, _BEFORE_A_NUMBER (`Approx. 30`, `Figs. 3`): a capitalised
    word of the list's before a name is another (`Ed.`, a name itself), but where it
    ``opens`` its sentence (`Cf. Table 2`, `Ed. Smith and J. Brown`, which spaCy's
    recogniser cut off, pass 40f)."""
    if written in ENGLISH_ABBREVIATIONS:
        return ENGLISH_ABBREVIATIONS[written]
    lower = written[:1].lower() + written[1:]
    if written[:1].isupper() and lower.islower() and lower in ENGLISH_ABBREVIATIONS:
        return ENGLISH_ABBREVIATIONS[lower] if opens else _BEFORE_A_NUMBER
    return None


# What may stand between a sentence's end and its first word: spaces, an opening quote or
# bracket, and the end's own closing quote or bracket.
_BEFORE_A_SENTENCE = " \t\u00a0\n\"'“‘”’([)]"


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens a sentence: after nothing but the text's start, or
    a full stop, question or exclamation mark, and spaces, quotes or brackets."""
    before = text[max(0, at - 40) : at].rstrip(_BEFORE_A_SENTENCE)
    return not before or before[-1] in ".!?…"


def _after_listed(text: str, word_start: int, at: int, kind: str) -> bool | None:
    """Whether the sentence goes on (True) or ends (False) at the word at ``at`` after an
    abbreviation of ``kind`` at ``word_start``, or None where the list says nothing."""
    number = _A_NUMBER_OPENS.match(text, at) is not None
    capital = text[at].isupper()
    if capital and kind == _BEFORE_A_NUMBER:
        written = _NUMBER_IN_CAPITALS.match(text, at)
        if written is not None and written.end() > at:  # (the numeral's pattern may match "")
            number, capital = True, False
    if kind == _A_DATE:
        return True if number else False if capital else None
    if kind == _A_TIME:
        if not capital:
            return None
        word = re.match(r"[^\W\d_]+", text[at:])
        return word is not None and (
            word.group() in _DAYS
            or (word.group() in _MONTHS and _DAY_OF_MONTH.match(text, at + word.end()))
            or _TIME_ZONE.match(text, at) is not None
        )
    if _COUNT_BEFORE.search(text, max(0, word_start - 20), word_start):
        return None  # a unit's or a count's after its number: `10 min. 3 people left.`
    if number:
        return True
    if capital and kind == _BEFORE_A_NUMBER and text[word_start:at].islower():
        if _ONE_BEFORE_A_MARK.match(text, at):
            return True  # (a Roman one before a comma or a bracket: `in vol. I, ch. 2`)
        # (a lone `I` may be a numeral or a pronoun, `vol. I of`, `the last fig. I think`,
        # and a word in capitals a name, `approx. NATO's`: each left to the tagger)
        return None if _I_OR_CAPITALS.match(text, at) else False
    return True if kind == _BEFORE_A_NAME and capital else None


# A number (with its decimals or thousands) and what is written after it.
# (a number in groups apart by a no-break or thin space, `no. 10 000.`, is one: its
# second group was read as a word after it, a sentence opening there, pass 39d; so is
# one apart by a plain space, `Ticket no. 10 000.`, pass 39h)
_NUMBER_THEN = re.compile(r"(\d+)(?:[.,]\d+|[ \u00a0\u2009\u202f]\d{3}(?!\d))*\s*(\S?)")
# Marks after a number that go on a sentence: a page range's dash, a list's comma, a
# bracket, the sentence's own end (pp. 3–5., vol. 12, no. 5 (2019); et al. 2019)).
_MARKS_AFTER_A_REFERENCE = frozenset(",;:()[]–—-.")
# Of those, the ones a sentence's first number is seldom written with; a comma, colon or
# bracket opens sentences too (`The hall was big. 3, 4 and 5 came.`, `We won the vote.
# 2019: a record.`, `Sales fell. 2020 (the pandemic) was hard.`, each joined into one,
# pass 38f): after it the word must follow a reference's comma or bracket, in a
# sentence with a number (`Banks, vol. 12, no. 5`, `pp. 3 and vol. 2, …`), or open it.
_CLOSING_A_REFERENCE = frozenset(")]–—-.")
_IN_A_REFERENCE = re.compile(r"(?:\A|[,;(\[\d])\s*\Z")
# A short lower-case word before a short abbreviation: `Smith et al. 2019, …`.
_SHORT_WORD_BEFORE = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,2}\s+\Z")


def _in_a_reference(before: str, word: str) -> bool:
    """Whether ``word`` (an abbreviation's, before its dot), after ``before`` in its
    sentence, reads as a reference's: after a comma or bracket, in a sentence with a
    number, opening its sentence, or of two letters after a short lower-case word (`et
    al.`)."""
    if _IN_A_REFERENCE.search(before) or any(ch.isdigit() for ch in before):
        return True  # (a sentence citing a number already: `pp. 3–5 and vol. 12, …`)
    short = _SHORT_WORD_BEFORE.search(before)
    return len(word) <= 2 and short is not None and short.group().islower()


def _cited(text: str, before_start: int, word_start: int, start: int, lang: str) -> bool:
    """Whether the number opening at ``start`` reads as what the short word before it
    (at ``word_start``, and its dot) refers to, where the word's own look does not say
    so (_reference_abbreviation): a sentence seldom opens with a number, and one
    followed by a mark, not a word, opens none (`pp. 3–5.`, `vol. 12, no. 5`, `et al.
    2019)`); nor does one in brackets opened before the word (`(Tab. 2)`), nor one
    after a lower-case word written without a vowel (`pp. 3`, `ch. 3`, `cf. 2`), nor,
    in German, one of up to three digits followed by a lower-case word, which a noun
    counted after a number is not (`siehe Kap. 3 für`, `in Tab. 2 und`; `ein Haus. 3
    Jahre später` ends). With --tagger none each ended its sentence (pass 38c). A unit
    after its number (`5 kg. 30 people`) ends its sentence still."""
    if _NUMBER_BEFORE.search(text, before_start, word_start):
        return False
    before = text[before_start:word_start]
    if before.count("(") > before.count(")") or before.count("[") > before.count("]"):
        return True
    number = _NUMBER_THEN.match(text, start)
    if number is None:
        return False
    after = number.group(2)
    if after == "." and _enumerator(text, start, number.group(1)):
        return False  # a list's item (`it.⏎2. Close it`, `Open it. 2. Close it. 3.`)
    if not after or after in _CLOSING_A_REFERENCE or after.isdigit():
        # (nor one followed by another number, a telephone number's groups: `Tel. 0171
        # 234 5678` opening an advert's line was two sentences, `Tel.` one, pass 39h)
        return True
    word = text[word_start : text.index(".", word_start)]
    if after in _MARKS_AFTER_A_REFERENCE and _in_a_reference(text[before_start:word_start], word):
        return True
    if word.islower() and not any(ch in _VOWELS for ch in without_diacritics(word)):
        return True
    return lang in NOUNS_CAPITALISED and len(number.group(1)) <= 3 and after.islower()


def _enumerator(text: str, start: int, digits: str) -> bool:
    """Whether the number ``digits`` and its dot at ``start`` number an item: it opens
    its line, or the number before or after it, with its dot, stands on its line (an
    inline list, `Open it. 2. Close it. 3. Lock it.`), as a reference's (`see fig. 3.`)
    does not."""
    line = text.rfind("\n", 0, start) + 1
    if not text[line:start].strip():
        return True
    n, stop = int(digits), text.find("\n", start)
    near = text[max(line, start - 300) : start + 300 if stop == -1 else min(stop, start + 300)]
    return len(digits) <= 2 and re.search(rf"(?<!\S)(?:{n - 1}|{n + 1})\.\s", near) is not None


def _cut_after_small_numbers(
    text: str, start: int, end: int, marks: SentenceMarks | None = None
) -> list[tuple[int, int]]:
    """The span ``start``-``end`` cut after each number of one or two digits and a dot
    that a capital or a number follows, and that is not the span's first word
    (`2. Métodos`, a numbered heading, stays whole); cut before it where it opens a
    line next to a line opening with a number at most two from it, a numbered list's
    item (`follows:⏎1. Open the box⏎2. Remove it`), not after it, which gave each item
    the next one's number."""
    pieces: list[tuple[int, int]] = []
    cut = start
    for number in _SMALL_NUMBER_DOT.finditer(text, start, end):
        after = number.end()
        while after < end and not text[after].isalnum():
            after += 1
        # a capital or a number opens the next sentence (`It cost 5.⏎3 people paid.`)
        opening = after < end and (text[after].isupper() or text[after].isdigit())
        if opening and text[cut : number.start()].strip():
            # an item, or a number opening a line after a line that ends a sentence
            # (`Version 2.⏎1. Install it`), where spaCy's list_items cuts too (pass 36r)
            if _opens_an_item(text, number) or _opens_a_paragraph(text, number.start()):
                line = text.rfind("\n", cut, number.start())
                pieces.append((cut, len(text[cut:line].rstrip()) + cut))
                cut = number.start()
                continue
            pieces.append((cut, number.end()))
            cut = number.end()
            while cut < end and text[cut].isspace():
                cut += 1
            if marks is not None:
                # (and spaCy's parser began one at the number's dot: `Vol. 2 | . | 3rd ed.`)
                marks.starts.append(cut)
                marks.joins.append(number.end() - 1)
    pieces.append((cut, end))
    return pieces


def list_items(text: str) -> list[tuple[int, int]]:
    """(number, word) offsets of each numbered list's item in ``text`` that opens a line
    (`follows:⏎1. Open the box⏎2. Remove it`): where its number starts and where its
    first word (a capital) does, so that spaCy's sentences are cut before each item
    and not after its number, as ``--tagger none``'s are; and of a number that opens
    the text or a paragraph, which ``--tagger none`` never cuts after either (a list's
    first line, a numbered heading, a loose list's item after a paragraph of its own):
    spaCy made `1.` a sentence of its own there (pass 36m)."""
    items = []
    for number in _OPENING_NUMBER_DOT.finditer(text):
        after = number.end()
        while after < len(text) and not text[after].isalnum():
            after += 1
        if (
            after < len(text)
            and text[after].isupper()
            and (_opens_a_paragraph(text, number.start()) or _opens_an_item(text, number))
        ):
            items.append((number.start(), after))
    return items


# _SMALL_NUMBER_DOT, also as the text's first word.
_OPENING_NUMBER_DOT = re.compile(r"(?:(?<=\s)|\A)\d{1,2}\.(?=\s+\W*?[^\W\d_])")
# A blank line and the spaces before a number; or a line ending a sentence (a text of a
# paragraph a line: `The meeting was short.⏎5. Nobody spoke`, which spaCy ran into one
# sentence where --tagger none cut it in two, pass 36q).
_PARAGRAPH_OPENING = re.compile(r"(?:\n[ \t\r]*|[.!?][\"'”’»)\]]*[ \t\r]*)\n[ \t]*\Z")


def _opens_a_paragraph(text: str, at: int) -> bool:
    """Whether ``at`` is a paragraph's first word: only spaces before it in the text,
    a blank line, or a line that ends a sentence."""
    window = text[max(0, at - 200) : at]
    if at <= 200 and not window.strip():
        return True
    return _PARAGRAPH_OPENING.search(window) is not None


def _opens_an_item(text: str, number: re.Match[str]) -> bool:
    """Whether ``number`` (a _SMALL_NUMBER_DOT) opens a line next to a line opening with
    a number at most two from it: a numbered list's item."""
    line = text.rfind("\n", 0, number.start())
    return (
        line != -1
        and not text[line : number.start()].strip()
        and _next_to_an_item(text, number.start(), int(number.group()[:-1]))
    )


_LINE_NUMBER_DOT = re.compile(r"[ \t]*(\d{1,2})\.\s")
# Characters either side of a line's number that _next_to_an_item looks through for
# another item: a text analysed a piece at a time gives each piece this much of the text
# around it (indexer/readers/text.py), so that its items are those of the whole text.
ITEM_WINDOW = 2000


def _next_to_an_item(text: str, at: int, number: int) -> bool:
    """Whether the line opening with a number and a dot nearest before or after ``at``
    in the same list opens with a number at most two from ``number``: a numbered list's
    items (`01.`, a list with an item left out, Markdown's `1.` for each), not a
    hard-wrapped line of prose that opens with a sentence's last number (`the score was
    3 to⏎2. Then we left.`), also where a list ends a few lines before (its `3.` was
    taken for that `2.`'s neighbour across the paragraph between them, pass 36f), nor
    where a list opening at 1 follows."""
    before = _nearest_number(text[max(0, at - ITEM_WINDOW) : at].split("\n")[:-1][::-1], True)
    after = _nearest_number(text[at : at + ITEM_WINDOW].split("\n")[1:])
    if after is not None and after <= 1 < number:
        # a list that starts (again) at 1 after this line: no item of it, but prose
        # before a list (`3 to⏎2. Nobody cared.⏎⏎1. First`)
        after = None
    return any(near is not None and abs(near - number) <= 2 for near in (before, after))


def _nearest_number(lines: list[str], back: bool = False) -> int | None:
    """The number of the first of ``lines`` (going away from an item) that opens with a
    number and a dot, unless a paragraph that opens with none comes first: a list's
    items may stand apart by blank lines (Markdown's loose list) and wrap onto lines of
    their own, but a paragraph of prose ends the list."""
    gap = False  # a blank line lies between the last line seen and the next
    opened = True  # going back: the line after the one looked at opens with a number
    for line in lines:
        if not line.strip():
            if back and not opened:
                return None
            gap = True
            continue
        found = _LINE_NUMBER_DOT.match(line)
        if found:
            return int(found.group(1))
        if gap and not back:
            return None
        gap, opened = False, False
    return None


def _tokens(text: str, start: int, end: int, lang: str, lemmas: bool = True) -> list[Token]:
    # Every token of the corpus passes here: local names and positional arguments make
    # the loop about 1.5x as fast (text-only indexing, benchmarks/bench_textonly.py).
    import simplemma

    tokens: list[Token] = []
    written = text[start:end]
    # A character Unicode takes as another (the Greek question mark is ";") is cut as
    # that one, and keeps its own spelling in the token (same length: offsets hold).
    same = written.isascii() or _singleton_chars().search(written) is None
    seen = written if same else written.translate(_canonical_singletons())
    append, find, lemma = tokens.append, seen.find, lemma_of if lemmas else _no_lemma
    english = lang == ENGLISH
    cursor = 0
    for form in simplemma.simple_tokenizer(seen):
        found = find(form, cursor)
        if found < 0:
            continue
        cursor = found + len(form)
        begin, stop = start + found, start + cursor
        if not same:
            form = text[begin:stop]
        if english and ("'" in form or "’" in form):
            for piece, at in split_clitics(form):
                append(Token(piece, begin + at, begin + at + len(piece), lemma(piece, lang)))
        else:
            append(Token(form, begin, stop, lemma(form, lang)))
    if sum(t.end - t.start for t in tokens) != len("".join(seen.split())):
        tokens = _with_dropped_runs(tokens, text, start, end, lang, lemmas)
    if not text.isascii() and not written.isascii():
        tokens = _joined_at_marks(tokens, text, end, lang, lemmas)
    if not written.isascii() and _PRIVATE_USE.search(written):
        tokens = _joined_at_private_use(tokens, text, lang, lemmas)
    if "://" in written:
        tokens = _addresses_without_marks_after(tokens, text, lang, lemmas)
    if ("€" in written or "$" in written or "£" in written) and _GLUED_CURRENCY.search(written):
        tokens = _currencies_apart(tokens, lang, lemmas)
    if "-" in written and _PRICE_RANGE.search(written):
        tokens = _hyphens_before_prices(tokens, text, lang, lemmas)
    if "/" in written and _RATE.search(written):
        tokens = _rates_apart(tokens, lang, lemmas)
    if not written.isascii() and GROUPED_NUMBER.search(written):
        tokens = _joined_number_groups(tokens, text, start, end, lang, lemmas)
    if not written.isascii() and _NUMBER_DOT_FOOTNOTE.search(written):
        tokens = _footnotes_off_numbers(tokens, text, lang, lemmas)
    if ("-" in written or "+" in written or "\u2212" in written) and _SIGNED_DIGIT.search(written):
        tokens = _signs_on_digits(tokens, text, lang, lemmas)
    if not written.isascii() and _IN_WORD_PUNCTUATION.search(written):
        tokens = _joined_at_in_word_punctuation(tokens, text, lang, lemmas)
    if lang in COLON_ENDING_LANGUAGES and ":" in written:
        tokens = _joined_at_colons(tokens, text, lang, lemmas)
    if ("\u2010" in written or "\u2011" in written) and _UNICODE_HYPHEN.search(written):
        tokens = _joined_at_unicode_hyphens(tokens, text, lang, lemmas)
    if not written.isascii() and _INVISIBLE_IN_WORDS.search(written):
        return _joined_at_soft_hyphens(tokens, text, lang, lemmas)
    return tokens


def _with_dropped_runs(
    tokens: list[Token], text: str, start: int, end: int, lang: str, lemmas: bool
) -> list[Token]:
    """``tokens`` (of ``text[start:end]``, in order) with a token for each run of
    characters between them that no token holds: simplemma's tokenizer leaves out the
    symbols it knows no class of (§, ©, ¶, †, ‡, ~, ^, |, @, ™, ®, ±, →, emoji), so that
    German `§ 3` had no token §, `[word="§"]` found none and every count was short of
    them, unsaid (pass 36k). A run of invisible characters alone (a joiner, a mark) is
    left to the joins that follow."""
    lemma = lemma_of if lemmas else _no_lemma
    filled: list[Token] = []
    at = start
    for token in [*tokens, None]:
        stop = end if token is None else token.start
        for run in _VISIBLE_RUN.finditer(text, at, stop):
            for begin, after in _symbol_pieces(text, run.start(), run.end()):
                form = text[begin:after]
                filled.append(Token(form, begin, after, lemma(form, lang)))
        if token is not None:
            filled.append(token)
            at = token.end
    return filled


# A run of characters that are not whitespace.
_VISIBLE_RUN = re.compile(r"\S+")
# Skin tones (👍🏽) and the tags of a subdivision's flag (🏴 + tags): parts of the emoji
# before them, as its marks, variation selectors (❤️) and keycap (1️⃣) are.
_EMOJI_PARTS = re.compile("[\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
_ZERO_WIDTH_JOINER = "\u200d"


_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]")


def _private_use(ch: str) -> bool:
    """A private-use character: a font's icon (\uf8ff) or a letter Unicode has not
    encoded (SIL's for minority scripts), a token's part as any visible character is."""
    return _PRIVATE_USE.match(ch) is not None


def _joined_at_private_use(tokens: list[Token], text: str, lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with a private-use character written against a word made part of it
    ("wo\ue000rd" one word, as spaCy keeps it): simplemma left such characters out of
    every token, a count short of them and the word cut in two (lead 37)."""

    def touching(last: Token, token: Token) -> bool:
        return (
            last.end == token.start
            and (_private_use(text[last.end - 1]) or _private_use(text[token.start]))
            and (text[last.end - 1].isalnum() or text[token.start].isalnum())
        )

    return _joined_where(tokens, text, lang, lemmas, touching)


def _joined_where(
    tokens: list[Token],
    text: str,
    lang: str,
    lemmas: bool,
    joins: Callable[[Token, Token], bool],
) -> list[Token]:
    """``tokens`` with each one that ``joins`` the token before it (as joined so far)
    made one token with it, spanning the text between them; lemmatised again."""
    joined: list[Token] = []
    for token in tokens:
        if joined and joins(joined[-1], token):
            last = joined[-1]
            form = text[last.start : token.end]
            lemma = lemma_of(form, lang) if lemmas else None
            joined[-1] = Token(form, last.start, token.end, lemma)
        else:
            joined.append(token)
    return joined


def _regional(ch: str) -> bool:
    """A regional indicator: two of them are a flag (🇩🇪)."""
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _symbol_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The tokens of ``text[start:end]``, a run of characters simplemma left out: each
    letter, digit, punctuation mark or symbol with the marks and emoji parts written on it
    (👩‍💻, ❤️, 👍🏽, 🇩🇪 one each), a token of its own, as simplemma makes ``?!`` two and
    ``!!`` one: written again, the same one is kept with it (§§, ~~), but for an emoji or
    another pictograph (category So: 😂, 🇫🇷, ™), a token each time, as spaCy cuts them:
    kept together, `search 😂` left out every 😂😂😂 unsaid (pass 37a). A mark or an
    invisible character the run opens with stays out, for the word before it (Thai ไม่
    before ™ was ไม and a token "่™", pass 36p), and an invisible one (a zero-width space,
    a soft hyphen) after a symbol is no part of it, as it is none of a word's edges."""
    pieces: list[tuple[int, int]] = []
    unit = ""  # the symbol (and its parts) the last piece repeats
    at = start
    while at < end:
        category = unicodedata.category(text[at])
        if category[0] not in "LNPS" and category != "Co":  # (Co: private use)
            at += 1
            continue
        stop = _symbol_end(text, at, end)
        again = pieces and pieces[-1][1] == at and text[at:stop] == unit
        if again and category not in ("So", "Co"):  # a pictograph or an icon: each a token
            pieces[-1] = (pieces[-1][0], stop)
        else:
            pieces.append((at, stop))
            unit = text[at:stop]
        at = stop
    return pieces


def symbol_end(text: str, at: int) -> int:
    """Where the symbol at ``at`` of ``text`` ends as ``--tagger none`` cuts it: with its
    marks and emoji parts (a flag's second regional indicator, a variation selector, a
    skin tone, a joiner and the emoji it joins)."""
    return _symbol_end(text, at, len(text))


def _symbol_end(text: str, at: int, end: int) -> int:
    """Where the symbol at ``at`` ends, with its marks and the emoji parts after it (a
    flag's second regional indicator, a joiner and the emoji it joins)."""
    stop = at + 1
    if _regional(text[at]) and stop < end and _regional(text[stop]):
        stop += 1
    while stop < end:
        ch = text[stop]
        if ch == _ZERO_WIDTH_JOINER and stop + 1 < end and not text[stop + 1].isspace():
            stop += 2
        elif unicodedata.category(ch)[0] == "M" or _EMOJI_PARTS.match(ch):
            stop += 1
        else:
            break
    return stop


# A number of one digit and the currency simplemma's tokenizer keeps on it (5€, 9$):
# it cuts one from any longer number (50€: 50 and €) and from a number after it ($5).
_GLUED_CURRENCY = re.compile(r"(?<!\w)\d[€$£](?!\w)")
_GLUED_TOKEN = re.compile(r"\d[€$£]")


def _currencies_apart(tokens: list[Token], lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with a currency written after a number of one digit a token apart:
    `search €` over `5€, 50€ and 1€` found 1 of 3, and freq counted 5€ and 1€ as
    words (pass 37a). A currency on letters (R$, US$) stays on them."""
    lemma = lemma_of if lemmas else _no_lemma
    result: list[Token] = []
    for token in tokens:
        if _GLUED_TOKEN.fullmatch(token.form):
            number, sign = token.form[0], token.form[1]
            result.append(Token(number, token.start, token.start + 1, lemma(number, lang)))
            result.append(Token(sign, token.start + 1, token.end, lemma(sign, lang)))
        else:
            result.append(token)
    return result


# A hyphen between a number and a price after it (`£10-£20`), which simplemma's
# tokenizer kept on the number (`10-`): `search 10` left it out unsaid (pass 39d); and
# a price's sign on letters (`US$10-US$20`: `10-US`, `$`, pass 39h).
_PRICE_RANGE = re.compile(r"\d-[A-Z]{0,3}[€$£]")
# Such a number, with its decimals or thousands (`£9.99-£19.99`, `£1,000-£2,000`,
# whose `9.99-` and `1,000-` stayed tokens, pass 39h), its hyphen and a sign's letters.
_NUMBER_HYPHEN = re.compile(r"(\d+(?:[.,]\d+)*)-([A-Z]{0,3})")


# A number, a slash and a word after it, a rate (`€10/month`, `£9.50/hr`, `30/day`):
# simplemma kept it one token, which `search 10` left out unsaid, where spaCy cuts the
# slash apart (pass 39m); a fraction or a date, `1/2`, `24/7`, stays whole.
_RATE = re.compile(r"\d/[^\W\d_]")
_RATE_TOKEN = re.compile(r"(\d+(?:[.,]\d+)*)/([^\W\d_]+)")


def _rates_apart(tokens: list[Token], lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with a rate's number, slash and word (`10/month`) tokens of their own."""
    lemma = lemma_of if lemmas else _no_lemma
    result: list[Token] = []
    for token in tokens:
        found = _RATE_TOKEN.fullmatch(token.form)
        if found is None:
            result.append(token)
            continue
        number, word = found.group(1), found.group(2)
        slash = token.start + len(number)
        result.append(Token(number, token.start, slash, lemma(number, lang)))
        result.append(Token("/", slash, slash + 1, lemma("/", lang)))
        result.append(Token(word, slash + 1, token.end, lemma(word, lang)))
    return result


def _hyphens_before_prices(tokens: list[Token], text: str, lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with the hyphen of a number written against a price after it (`£10-£20`:
    `10-`) a token of its own, as an en dash is (`£10–£20`), and the letters of the
    price's sign on the sign (`US$10-US$20`: `10`, `-`, `US$`, as `US$10` opens with
    `US$`); `10- bis 20-mal`, a hyphen standing for a word's end, keeps it."""
    lemma = lemma_of if lemmas else _no_lemma
    result: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        found = _NUMBER_HYPHEN.fullmatch(token.form)
        after = text[token.end : token.end + 1]
        i += 1
        if found is None or not after or after not in "€$£":
            result.append(token)
            continue
        number, letters = found.group(1), found.group(2)
        hyphen = token.start + len(number)
        result.append(Token(number, token.start, hyphen, lemma(number, lang)))
        result.append(Token("-", hyphen, hyphen + 1, lemma("-", lang)))
        if letters and i < len(tokens) and tokens[i].start == token.end:
            sign = tokens[i]  # (the sign, a token of its own: joined to its letters)
            form = letters + sign.form
            result.append(Token(form, hyphen + 1, sign.end, lemma(form, lang)))
            i += 1
        elif letters:
            result.append(Token(letters, hyphen + 1, token.end, lemma(letters, lang)))
    return result


# A sign and a number of one digit, which simplemma's tokenizer cuts apart (-5: - and
# 5) where it keeps one on a longer number (-15, +50); and the minus sign U+2212, which
# it cuts from any number (−15: − and 15), where spaCy keeps it on.
_SIGNED_DIGIT = re.compile(r"(?<!\w)(?:[+-]\d(?!\w)|\u2212\d)")
_NUMBER = re.compile(r"\d[\d.,\u00a0\u2009\u202f]*")
# A number written in groups of three digits apart by a no-break, thin or narrow
# no-break space (French, Russian, Polish, SI: 10 000, 1 250 000,50): one number, as
# the space is no word's end (ASCII spaces stay ends: "in 1990 200 people").
GROUPED_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+(?:[.,]\d+)?(?![\d\w])"
)


# A number, a sentence's full stop and a footnote's mark in superscript digits after it
# (`rose in 2019.¹ The board`), which simplemma's tokenizer kept one token, `2019.¹`.
_NUMBER_DOT_FOOTNOTE = re.compile(f"\\d\\.[{SUPERSCRIPT_DIGITS}]")
_SUPERSCRIPTS = frozenset(SUPERSCRIPT_DIGITS)


def _footnotes_off_numbers(tokens: list[Token], text: str, lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with a number's full stop and the footnote's mark after it tokens of
    their own, as after a word (`shown.¹`: shown . ¹) and as spaCy cuts them: `search
    2019` left `in 2019.¹` out, unsaid, and freq counted `2019.¹` (pass 38f, misleads)."""
    cuts: set[int] = set()
    for token in tokens:
        dot = token.form.rfind(".")
        mark = token.form[dot + 1 :]
        if dot > 0 and token.form[dot - 1].isdecimal() and mark and set(mark) <= _SUPERSCRIPTS:
            cuts.update((token.start + dot, token.start + dot + 1))
    return _cut_at(tokens, text, cuts, lang, lemmas)


def grouped_numbers(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The spans of the numbers in groups (GROUPED_NUMBER) of ``text[start:end]``, each
    with the sign written on it (−10 000, -10 000, +10 000: not 5-10 000's -)."""
    spans = []
    for found in GROUPED_NUMBER.finditer(text, start, len(text) if end is None else end):
        at = found.start()
        if (
            at > start
            and text[at - 1] in "+-\u2212"
            and (at - 1 == start or not text[at - 2].isalnum())
        ):
            at -= 1
        spans.append((at, found.end()))
    return spans


def grouped_number_cuts(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Where a token is cut so that each span of ``spans`` is tokens of its own, and a
    mark against it (a range's or ratio's: 1 000–2 000, 10 000/20 000, 5-10 000) one of
    its own: each tagger kept the mark in a token with the groups on either side
    (000–2), and spaCy's merge of the two numbers, each widened to it, raised E102."""
    cuts: set[int] = set()
    for start, end in spans:
        cuts.update((start, end))
        if start > 1 and _mark_between(text[start - 2], text[start - 1]):
            cuts.add(start - 1)
        if end + 1 < len(text) and _mark_between(text[end + 1], text[end]):
            cuts.add(end + 1)
    return cuts


def _mark_between(other: str, mark: str) -> bool:
    """Whether ``mark``, against a number on one side and ``other`` on the other, is a
    mark between two (a range's dash), not one ending a sentence (10 000...)."""
    return other.isalnum() and not mark.isalnum() and not mark.isspace()


def _joined_number_groups(
    tokens: list[Token], text: str, start: int, end: int, lang: str, lemmas: bool
) -> list[Token]:
    """``tokens`` with a number written in groups (GROUPED_NUMBER) one token: `10 000`
    with a thin space was two, so that freq counted 10 and 000 and `search 000` found
    it (stop 48's left misleads)."""
    spans = grouped_numbers(text, start, end)
    tokens = _cut_at(tokens, text, grouped_number_cuts(text, spans), lang, lemmas)

    def in_one_number(last: Token, token: Token) -> bool:
        return any(a <= last.start and token.end <= b for a, b in spans)

    return _joined_where(tokens, text, lang, lemmas, in_one_number)


def _cut_at(tokens: list[Token], text: str, cuts: set[int], lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with each that an offset in ``cuts`` falls inside cut there."""
    result: list[Token] = []
    ordered = sorted(cuts)
    for token in tokens:
        # (bisected: a table of thousands of numbers has as many cuts)
        first = bisect.bisect_right(ordered, token.start)
        inside = ordered[first : bisect.bisect_left(ordered, token.end, first)]
        if not inside:
            result.append(token)
            continue
        edges = [token.start, *inside, token.end]
        for a, b in itertools.pairwise(edges):
            form = text[a:b]
            result.append(Token(form, a, b, lemma_of(form, lang) if lemmas else None))
    return result


def _signs_on_digits(tokens: list[Token], text: str, lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with a sign written against a number of one digit, and not after a
    word, made one token with it, as -15 and +50 are (and spaCy's -5): freq counted -5
    as a dash and a 5, and `search 5` listed it (pass 37a)."""
    result: list[Token] = []
    for token in tokens:
        last = result[-1] if result else None
        if (
            last is not None
            and last.form in ("+", "-", "\u2212")
            and last.end == token.start
            and _NUMBER.fullmatch(token.form) is not None
            and (len(token.form) == 1 or last.form == "\u2212")
            and (last.start == 0 or not text[last.start - 1].isalnum())
        ):
            form = last.form + token.form
            lemma = lemma_of(form, lang) if lemmas else None
            result[-1] = Token(form, last.start, token.end, lemma)
            continue
        result.append(token)
    return result


# A web address as simplemma's tokenizer takes it: to the next space.
_ADDRESS = re.compile(r"https?://", re.IGNORECASE)
# Marks written after a web address that are no part of it: a sentence's, a clause's, a
# closing quote or bracket (one the address opened is its own: wiki/Bank_(river)), and
# the > of an address written in angle brackets, as references and e-mail write them
# (<https://x.org/bank>; a URL never holds one, pass 38c).
_AFTER_ADDRESS = frozenset(".,;:!?…'\"’”»›)]}>")
_OPENERS = {")": "(", "]": "[", "}": "{"}


def _addresses_without_marks_after(
    tokens: list[Token], text: str, lang: str, lemmas: bool
) -> list[Token]:
    """``tokens`` with the marks after a web address made tokens of their own: simplemma
    took them into it (`see https://x.org.`: no full stop; https://x.org, https://x.org.
    and https://x.org counted as three words, pass 37a)."""
    lemma = lemma_of if lemmas else _no_lemma
    result: list[Token] = []
    for token in tokens:
        if not _ADDRESS.match(token.form):
            result.append(token)
            continue
        form = token.form
        while form[-1] in _AFTER_ADDRESS and (
            form[-1] not in _OPENERS or form.count(form[-1]) > form.count(_OPENERS[form[-1]])
        ):
            form = form[:-1]
        if len(form) == len(token.form) or _ADDRESS.fullmatch(form):
            result.append(token)
            continue
        stop = token.start + len(form)
        result.append(Token(form, token.start, stop, lemma(form, lang)))
        for begin, after in _symbol_pieces(text, stop, token.end):
            result.append(Token(text[begin:after], begin, after, lemma(text[begin:after], lang)))
    return result


def _joined_at_colons(tokens: list[Token], text: str, lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with a word, a colon and a lower-case ending written against both made
    one token (Finnish EU:n, USA:ssa, Swedish EU:s): simplemma cut them into three. A
    colon with a space after it, a time (10:30) and a score (3:1) are left as they are."""
    joined: list[Token] = []
    for token in tokens:
        if (
            len(joined) >= 2
            and joined[-1].form == ":"
            and joined[-2].end == joined[-1].start
            and joined[-1].end == token.start
            and (text[joined[-2].end - 1].isalnum() or colon_symbol(text[joined[-2].end - 1]))
            and takes_colon_ending(joined[-2].form)
            and token.form.isalpha()
            and token.form.islower()
        ):
            stem = joined[-2]
            form = text[stem.start : token.end]
            lemma = lemma_of(form, lang) if lemmas else None
            joined[-2:] = [Token(form, stem.start, token.end, lemma)]
            continue
        joined.append(token)
    return joined


@lru_cache(maxsize=1)
def _canonical_singletons() -> dict[int, str]:
    """Each character that Unicode takes as the same as one other character (its NFC
    form: the Greek question mark U+037E is ";", the ano teleia U+0387 "·", the
    varia U+1FEF "`"), mapped to it. simplemma's tokenizer knows only the other one,
    and left such a mark in no token: a Greek question's mark was not counted, and
    `[word=";"]` missed it. (Past U+3000 they are CJK ideographs, letters either way.)"""
    table = {}
    for code in range(0x80, 0x3000):
        same = unicodedata.normalize("NFC", chr(code))
        if len(same) == 1 and same != chr(code):
            table[code] = same
    return table


# Zero-width non-joiner and joiner: invisible, inside a word (Hindi क्‍ष, Marathi र्‍य,
# Sinhala ක්‍ය, Persian می‌خواهم), where they choose how its letters join.
_ZERO_WIDTH_JOINERS = "\u200c\u200d"


def _in_word_mark(ch: str) -> bool:
    """A combining mark (a vowel sign, virama, tone mark, point: category M) or a
    zero-width (non-)joiner: a character that belongs to the letter before it."""
    return ch in _ZERO_WIDTH_JOINERS or unicodedata.category(ch)[0] == "M"


def _is_mark(ch: str) -> bool:
    """A combining mark (category M): a keycap, a variation selector."""
    return unicodedata.category(ch)[0] == "M"


def _joined_at_marks(
    tokens: list[Token], text: str, end: int, lang: str, lemmas: bool
) -> list[Token]:
    """``tokens`` with the words simplemma cut at a combining mark or a zero-width
    joiner made whole again: it knows the marks of some scripts (Latin, Arabic,
    Hebrew, Devanagari…) and cut others' words at each vowel sign or tone mark, the
    mark itself in no token (Thai ไม่ "not" and ไม้ "wood" were both the token ไม;
    Bengali আমি was আম), and a Devanagari word at a joiner (क्‍ष: क् and ष)."""
    if not tokens:
        return tokens

    def cut_at_marks(last: Token, token: Token) -> bool:
        return (
            last.end < token.start
            and text[token.start].isalnum()
            and all(_in_word_mark(ch) for ch in text[last.end : token.start])
            and (text[last.end - 1].isalnum() or _in_word_mark(text[last.end - 1]))
        )

    joined = _joined_where(tokens, text, lang, lemmas, cut_at_marks)
    # The marks after a word's last letter (Thai ไม่ before a space, Bengali বাংলায়).
    result: list[Token] = []
    for index, token in enumerate(joined):
        stop = joined[index + 1].start if index + 1 < len(joined) else end
        after = token.end
        # a symbol simplemma kept takes its marks alone, as _symbol_pieces' do: the
        # keycap #️⃣ was the token # and its marks none (pass 36r)
        symbol = unicodedata.category(text[token.end - 1])[0] in "PS"
        marks = _is_mark if symbol else _in_word_mark
        while after < stop and marks(text[after]):
            after += 1
        if after > token.end and (
            symbol or text[token.end - 1].isalnum() or _in_word_mark(text[token.end - 1])
        ):
            form = text[token.start : after]
            token = Token(form, token.start, after, lemma_of(form, lang) if lemmas else None)
        result.append(token)
    return result


# Punctuation that is part of a word or number, which simplemma's tokenizer cut off: the
# Hebrew geresh after a word's last letter (ג׳ורג׳ George, ה׳ the numeral 5, פרופ׳ Prof.;
# inside a word, ג׳ירפה, it was kept) and the Arabic decimal and thousands separators
# between digits (٣٫٥ is 3.5, ١٬٠٠٠ 1,000), which were three tokens where 3.5 is one.
_GERESH = "\u05f3"
_ARABIC_NUMBER_SEPARATORS = "\u066b\u066c"
# Full-width digits with a separator (１,０００, ３．５), as Japanese text writes them, were
# three tokens where 1,000 is one, so `search 1,000` left them out unsaid (pass 37j); so
# were the digits of every other script but ASCII's (Devanagari ३.५, Bengali ১০,০০০,
# Thai ๓.๕), which freq counted as a number, a mark and a number (pass 38d). A date or
# a time in other digits than ASCII (Persian ۲۰۲۳/۰۵/۱۴, ۱۰:۳۰) was five tokens, and
# three, where 5/6/2023 and 10:30 are one each (pass 38e).
_NUMBER_SEPARATORS = f"{_ARABIC_NUMBER_SEPARATORS},.\uff0c\uff0e/:"
_IN_WORD_PUNCTUATION = re.compile(
    f"[{_GERESH}{_ARABIC_NUMBER_SEPARATORS}]|(?![0-9])\\d[,.\uff0c\uff0e]\\d"
    "|(?![0-9])\\d[/:](?![0-9])\\d"
)


def _hebrew_letter(ch: str) -> bool:
    return "\u05d0" <= ch <= "\u05ea" or ("\u0591" <= ch <= "\u05c7" and ch != "\u05be")


def _joined_at_in_word_punctuation(
    tokens: list[Token], text: str, lang: str, lemmas: bool
) -> list[Token]:
    """``tokens`` with a geresh after a Hebrew word's last letter joined to it, and a
    number written with Arabic separators (٣٫٥, ١٬٠٠٠) one token (pass 37d), as one
    written in full-width digits with a separator is (１,０００, ３．５: pass 37j)."""
    joined: list[Token] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        last = joined[-1] if joined else None
        after = tokens[at + 1] if at + 1 < len(tokens) else None
        end = None
        if last is not None and last.end == token.start:
            if token.form == _GERESH and _hebrew_letter(text[last.end - 1]):
                end = token.end  # (no letter after it: inside a word it was kept)
            elif (
                token.form in _NUMBER_SEPARATORS
                and text[last.end - 1].isdecimal()  # (¹ and ² are digits, no decimals)
                and (token.form not in "/:" or not text[last.end - 1].isascii())
                and after is not None
                and after.start == token.end
                and after.form[0].isdecimal()
            ):
                end, at = after.end, at + 1
        if end is not None and last is not None:
            form = text[last.start : end]
            joined[-1] = Token(form, last.start, end, lemma_of(form, lang) if lemmas else None)
        else:
            joined.append(token)
        at += 1
    return joined


# A soft hyphen (U+00AD, HTML's &shy;) marks where a word may break at a line's end and
# is shown only there: "co\xadoperation" is the word cooperation.
SOFT_HYPHEN = "\u00ad"
# Characters invisible inside a word that neither break nor join its letters otherwise:
# the soft hyphen, the word joiner (U+2060, which keeps a line from breaking there) and
# the zero-width no-break space (U+FEFF, the word joiner's older spelling). "wo\u2060rd"
# is the word word.
INVISIBLE_IN_WORDS = frozenset("\u00ad\u2060\ufeff")
_INVISIBLE_IN_WORDS = re.compile("[\u00ad\u2060\ufeff]")


def without_soft_hyphens(form: str) -> str:
    """``form`` as a reader sees it, its soft hyphens and word joiners (invisible) left
    out."""
    return _INVISIBLE_IN_WORDS.sub("", form) if not form.isascii() else form


def _joined_at_soft_hyphens(tokens: list[Token], text: str, lang: str, lemmas: bool) -> list[Token]:
    """``tokens`` with the words simplemma cut at a soft hyphen or a word joiner made
    whole again ("co\xadoperation" was co + operation, which no search of cooperation
    found; "wo\u2060rd" wo + rd), each lemmatised without them."""

    def cut_at_invisibles(last: Token, token: Token) -> bool:
        return (
            token.start > last.end
            and set(text[last.end : token.start]) <= INVISIBLE_IN_WORDS
            and text[last.end - 1].isalnum()
            and text[token.start].isalnum()
        )

    return _joined_where(tokens, text, lang, lemmas, cut_at_invisibles)


# The hyphen (U+2010) and the non-breaking hyphen (U+2011) between two letters or digits:
# a hyphenated word as word processors and typeset text write it (e‑mail).
_UNICODE_HYPHENS = ("\u2010", "\u2011")
_UNICODE_HYPHEN = re.compile(r"(?<=\w)[\u2010\u2011](?=\w)")


def _joined_at_unicode_hyphens(
    tokens: list[Token], text: str, lang: str, lemmas: bool
) -> list[Token]:
    """``tokens`` with the words simplemma cut at a hyphen U+2010 or U+2011 made whole, as
    it keeps one written with - (e-mail): e‑mail was e, ‑ and mail, so freq counted mail,
    `search e-mail` found none and `search know` listed well‐known (pass 37a)."""
    joined: list[Token] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        after = tokens[at + 1] if at + 1 < len(tokens) else None
        last = joined[-1] if joined else None
        if (
            last is not None
            and after is not None
            and last.end == token.start
            and token.end == after.start
            and token.form in _UNICODE_HYPHENS
            and text[token.start - 1].isalnum()
            and text[token.end].isalnum()
        ):
            form = text[last.start : after.end]
            lemma = lemma_of(form, lang) if lemmas else None
            joined[-1] = Token(form, last.start, after.end, lemma)
            at += 2
            continue
        joined.append(token)
        at += 1
    return joined


def _no_lemma(_form: str, _lang: str) -> None:
    return None


def split_clitics(form: str) -> list[tuple[str, int]]:
    """An English token's pieces with their offsets in it, clitics split off the end as
    the Penn Treebank does: "mole's" → [("mole", 0), ("'s", 4)]; "shouldn't've" →
    should n't 've; a form without a clitic is itself."""
    pieces: list[tuple[str, int]] = []
    stem = form
    while (match := _CLITIC.search(stem)) is not None:
        pieces.append((match.group(), match.start()))
        stem = stem[: match.start()]
    return [(stem, 0), *reversed(pieces)]


# HTML or XML left in plain text (a web page saved as text): an entity (&amp;, &nbsp;,
# &#8217;) or a closing tag (</p>); an opening tag alone may be prose (<very>).
_ENTITY_OR_CLOSING_TAG = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|</[A-Za-z][A-Za-z0-9:_.-]*\s*>"
)


def markup_written(text: str) -> str | None:
    """The first HTML or XML entity or closing tag in plain ``text`` (read as written:
    ``bank&nbsp;was`` one token, which no search of bank found), None when none is; a
    name between & and ; that HTML does not name (``&c;``) is no entity."""
    from html.entities import html5

    for match in _ENTITY_OR_CLOSING_TAG.finditer(text):
        found = match.group()
        if found[1] in "#/" or found[1:] in html5:
            return found
    return None
