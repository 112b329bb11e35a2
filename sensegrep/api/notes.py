"""The notes a search's or a count's result carries about what its total does not
show: matches it leaves out that a reader would take to be among them (the other
spelling of an apostrophe, ß or a Turkish dotless i, a word cut into several tokens,
another lemma's tokens written alike, untagged or coarsely tagged documents under a
``pos`` filter), occurrences it ranks that are not what the header says, and why a
result is empty. Each note counts what it names under the request's own filters, so
that the figure said is one the user can list with the command it gives.

:class:`ResultNotes` is made per call by :class:`~sensegrep.api.index.SenseIndex`,
which adds them in one order (:meth:`ResultNotes.of_search`,
:meth:`ResultNotes.of_counts`); a new kind of note is a method here, called from
those two."""

from __future__ import annotations

import functools
import re
import shlex
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from functools import partial
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sensegrep.api.querying import (
    coarse_tags_left_out,
    pattern_tags_left_out,
    pattern_tags_taken,
    phrase_by_lemma,
    phrase_by_lemma_and_form,
    search_request_of,
    untagged_left_out,
    why_empty,
)
from sensegrep.errors import QueryError, SensegrepError
from sensegrep.text import (
    COMMA_BELOW,
    COMMA_BELOW_LANGUAGES,
    DOTLESS_I_LANGUAGES,
    composed,
    footnoted_forms,
    footnoted_lemma_forms,
    phrases_note,
    plain_number,
    turkish_case,
    turkish_keys,
    undotted,
    unspaced_script,
    width_lemma_twins,
    width_twins,
    width_written,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sensegrep.api.results import Counts, Hits, Table
    from sensegrep.search.engine import Searcher, SearchRequest
    from sensegrep.storage import Index
    from sensegrep.storage.occurrences import Filters

# The apostrophes a text writes in a word, each as a note names it: the straight one a
# keyboard types, the typographic one, and the modifier letter U+02BC that Ukrainian
# text is typeset with (м'ясо, м’ясо, мʼясо: one word to a reader, three to a lookup).
_APOSTROPHES = {"'": "' (straight)", "’": "’ (typographic)", "ʼ": "ʼ (the letter U+02BC)"}

# The Hebrew geresh and gershayim for the ' and " a keyboard types for them, and back
# (צה״ל and צה"ל, ג׳ירפה and ג'ירפה: text mixes both, a form is matched as written).
_HEBREW_TYPED = str.maketrans({"\u05f3": "'", "'": "\u05f3", "\u05f4": '"', '"': "\u05f4"})
_HEBREW_LETTER = re.compile("[\u05d0-\u05ea]")

# The most distinct words a search strips of their marks to note the spellings it
# leaves out (ResultNotes.marks) before some process has (a `%d` pattern).
_MARKS_VOCABULARY = 300_000

# Scripts whose accents, stress marks or vowel points a text may write or leave out
# (Greek, Cyrillic, Hebrew, Arabic): a word searched in one of them is noted with its
# spellings written otherwise (ResultNotes.marks).
_MARKED_SCRIPT = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff]")


# The letters Persian and Urdu write with code points of their own, ی (yeh) and ک (kaf),
# where text typed on an Arabic keyboard writes Arabic's ي (or ى) and ك, and the
# zero-width non-joiner (U+200C) Persian writes inside a word (می‌روم, کتاب‌ها), which
# text may leave out (میروم, کتابها), and the digits Arabic (٣٠), Persian and Urdu (۳۰,
# most of them drawn the same) and ASCII (30) write a number with: one word to a reader,
# several to a lookup (ResultNotes.arabic_spellings).
_ARABIC_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک"}
_JOINER: dict[str, str | None] = {"\u200c": None}
_DIGITS = {chr(0x0660 + n): str(n) for n in range(10)} | {
    chr(0x06F0 + n): str(n) for n in range(10)
}
_ARABIC_SPELLING = str.maketrans(_ARABIC_LETTERS | _JOINER | _DIGITS)
# What each way of writing a word otherwise is, in a note, with the spellings the
# other two leave as they are, to tell which ways a word's spellings differ in.
_ARABIC_WAYS = (
    ("with Arabic's ي or ك for the Persian and Urdu ی or ک, or the other way",
     str.maketrans(_JOINER | _DIGITS)),
    ("with a zero-width non-joiner (U+200C) written or left out",
     str.maketrans(_ARABIC_LETTERS | _DIGITS)),
    ("in digits of another script (Arabic ٣٠, Persian and Urdu ۳۰, ASCII 30)",
     str.maketrans(_ARABIC_LETTERS | _JOINER)),
)  # fmt: skip
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u0660-\u0669\u0671-\u06d3\u06f0-\u06ff]")
# A number in ASCII digits, which an index of Persian, Urdu or Arabic text may write in
# that script's digits.
_ASCII_NUMBER = re.compile(r"[0-9]+(?:[.,/:][0-9]+)*")
# The languages whose text writes such digits (Urdu is indexed as fa or en: no ur).
_ARABIC_SCRIPT_LANGUAGES = frozenset({"fa", "ar"})
# Each index's vocabulary of Arabic-script words and numbers, kept while it is the same.
_ARABIC_WORDS: dict[tuple[int, int], list[str]] = {}

# The Latin letters that look like Cyrillic or Greek ones, which text typed with two
# keyboard layouts, or read by OCR, writes inside a Cyrillic or Greek word (Дiти with a
# Latin i): each script's table of them, and the test of a word in it
# (ResultNotes.look_alikes).
_LOOK_ALIKES = (
    (
        "Cyrillic",
        re.compile("[\u0400-\u04ff]"),
        str.maketrans("AaBCcEeHIiKMOoPpTXxYyÏï", "АаВСсЕеНІіКМОоРрТХхУуЇї"),
    ),
    (
        "Greek",
        re.compile("[\u0370-\u03ff\u1f00-\u1fff]"),
        str.maketrans("ABEZHIKMNOoPTXY", "ΑΒΕΖΗΙΚΜΝΟοΡΤΧΥ"),
    ),
)
_LATIN_LETTER = re.compile("[A-Za-zÏï]")
# Each index's vocabulary of words mixing Latin letters with another script's.
_MIXED_WORDS: dict[tuple[int, int, str], list[str]] = {}

# A letter that a text may spell as two (German ß as ss, French œ as oe, æ as ae): a
# search of one says how many matches spell it the other way (ResultNotes.sharp_s).
_SPELT_APART = (("ß", "ss"), ("œ", "oe"), ("æ", "ae"))
# Romanian's ș and ț, and the ş and ţ with a cedilla that older fonts and keyboards write
# for them: each spelling of a word found by a pattern's class (ResultNotes.comma_below).
_COMMA_OR_CEDILLA = {"ș": "[șş]", "ş": "[șş]", "ț": "[țţ]", "ţ": "[țţ]"}
# Languages whose text is often typed without its diacritics (Romanian școala as scoala,
# țară as tara, on keyboards without them): a search of a word written with them says
# how many tokens write its forms without any (ResultNotes.unaccented).
_DIACRITICS_LEFT_OFF = frozenset({"ro"})

# Separable particles (German fängt … an: anfangen; Dutch belt … op: opbellen) by
# language, longest first, and how many words a note's pattern lets stand between the
# verb and its particle.
_SEPARABLE_PARTICLES = {
    "de": sorted(
        ["ab", "an", "auf", "aus", "bei", "da", "dar", "durch", "ein", "empor", "entgegen",
         "fest", "fort", "frei", "her", "heraus", "herein", "herum", "herunter", "hin",
         "hinauf", "hinaus", "hinein", "hoch", "los", "mit", "nach", "nieder", "statt", "um",
         "vor", "voran", "voraus", "vorbei", "vorher", "weg", "weiter", "wieder", "zu",
         "zurecht", "zurück", "zusammen"],
        key=len,
        reverse=True,
    ),
    "nl": sorted(
        ["aan", "achter", "af", "bij", "binnen", "buiten", "door", "heen", "in", "langs",
         "los", "mee", "na", "neer", "om", "onder", "op", "over", "rond", "samen", "tegen",
         "terug", "thuis", "toe", "uit", "vast", "voor", "voorbij", "weg"],
        key=len,
        reverse=True,
    ),
}  # fmt: skip
_SEPARABLE_LANGUAGE = {"de": "German", "nl": "Dutch"}
_PARTICLE_GAP = 8

# French pronouns a verb takes after it, joined by hyphens (allez-vous, dit-elle,
# a-t-il with its euphonic t, donne-le-moi): simplemma keeps such a word one token,
# with itself as its lemma (ResultNotes.hyphen_clitics).
_FRENCH_CLITICS = frozenset(
    ["je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce", "moi", "toi",
     "lui", "leur", "le", "la", "les", "y", "en", "t"]
)  # fmt: skip
# Portuguese and Catalan pronouns joined to a verb by hyphens (dá-me, fazê-lo, digues-me,
# dona-m'ho), and Portuguese's future and conditional endings a pronoun stands before
# (mesoclisis: dir-lhe-ei is direi of dizer, dar-te-ia daria of dar).
_HYPHEN_CLITICS = {
    "fr": _FRENCH_CLITICS,
    "pt": frozenset(
        ["me", "te", "se", "nos", "vos", "lhe", "lhes", "o", "a", "os", "as", "lo", "la",
         "los", "las", "no", "na", "nas", "mo", "ma", "mos", "mas", "to", "ta", "tos",
         "tas", "lho", "lha", "lhos", "lhas"]
    ),
    "ca": frozenset(
        ["em", "et", "es", "ens", "us", "el", "la", "els", "les", "li", "ho", "en", "hi",
         "me", "te", "se", "nos", "vos", "lo", "los", "ne", "m", "t", "s", "n", "l"]
    ),
    # Romanian's, before a verb (l-am, s-a, mi-a, ne-am, and n- of nu: n-am) or after it
    # (dă-mi, spune-mi, văzut-o, dându-i): the verb is the one other part.
    "ro": frozenset(
        ["m", "mă", "mi", "îmi", "te", "ți", "îți", "l", "îl", "o", "i", "îi", "ne", "ni",
         "v", "vă", "vi", "le", "li", "s", "se", "și", "își", "n"]
    ),
}  # fmt: skip
_MESOCLITIC_ENDINGS = frozenset(
    ["ei", "ás", "á", "emos", "eis", "ão", "ia", "ias", "íamos", "íeis", "iam"]
)
_HYPHENATED: dict[tuple[int, int, str], list[str]] = {}
# The index's words joined by hyphens (river-bank, E-Mail-Konto), which a search of one of
# their words by lemma leaves out (ResultNotes.compounds).
_COMPOUNDS: dict[tuple[int, int], list[str]] = {}
# How much of a word searched a part must begin with to be lemmatised (banks-: bank).
_COMPOUND_HEAD = 3
_HYPHENS = re.compile(r"[-\u2010\u2011]")
_JOINED = re.compile(r"\w[-\u2010\u2011]\w")
# Portuguese contractions of a preposition and another word (do, no, pelo, dele, deste),
# to which simplemma gives the lemma of another word: the article's (no, na: o), a verb's
# (pelo: pelar, dele: delir, deste: dar) (ResultNotes.contractions).
_CONTRACTIONS = {
    "pt": frozenset(
        f"{prep}{word}"
        for prep, words in (
            ("d", ("o", "a", "os", "as", "um", "uma", "uns", "umas", "ele", "ela", "eles",
                   "elas", "este", "esta", "estes", "estas", "isto", "esse", "essa",
                   "esses", "essas", "isso", "aquele", "aquela", "aqueles", "aquelas",
                   "aquilo", "aqui", "ali", "outro", "outra", "outros", "outras")),
            ("n", ("o", "a", "os", "as", "um", "uma", "uns", "umas", "ele", "ela", "eles",
                   "elas", "este", "esta", "estes", "estas", "isto", "esse", "essa",
                   "esses", "essas", "isso", "aquele", "aquela", "aqueles", "aquelas",
                   "aquilo")),
            ("pel", ("o", "a", "os", "as")),
            ("", ("ao", "aos", "à", "às", "àquele", "àquela", "àqueles", "àquelas",
                  "àquilo")),
        )
        for word in words
    ),
}  # fmt: skip
# The preposition each of those contractions begins with, by what it is written as.
_CONTRACTED_PREPOSITIONS = {"pt": {"de": "d", "em": "n", "por": "pel"}}
# Spanish, Italian and Galician pronouns a verb takes after it, written on it (dámelo,
# explícamelo, dimmelo, prenditene; Galician dálle, fíxoo, déronllo, and -no, -na after
# a diphthong or an -n, as compreino, fixérono): one or two of them end such a token
# (ResultNotes.enclitics).
_ENCLITICS = {
    "es": ("nos", "les", "las", "los", "me", "te", "se", "le", "la", "lo", "os"),
    "it": ("glie", "gli", "mi", "ti", "ci", "vi", "si", "lo", "la", "le", "li", "ne", "me",
           "te", "ce", "ve", "se"),
    "gl": ("lles", "llos", "llas", "chos", "chas", "nos", "vos", "los", "las", "mos", "mas",
           "nas", "lle", "llo", "lla", "che", "cho", "cha", "me", "te", "se", "os", "as",
           "lo", "la", "no", "na", "mo", "ma", "o", "a"),
}  # fmt: skip
# A word one or two of a language's pronouns end (each language's own: Galician's -o and
# -a would make every Spanish noun in -o one to look up).
_ENCLITIC_SHAPED = {
    lang: re.compile(rf"^[^\W\d_]{{2,}}?(?:{'|'.join(clitics)}){{1,2}}$")
    for lang, clitics in _ENCLITICS.items()
}
# Per index vocabulary and language: each such word simplemma does not know (lower-cased)
# and the lemmas of the verbs it may be (_enclitic_hosts).
_ENCLITIC: dict[tuple[int, int, str, tuple[str, ...]], dict[str, set[str]]] = {}
# Those words by the lemma of each pronoun they may hold (ResultNotes._words_by_enclitic).
_BY_ENCLITIC: dict[tuple[int, int, str], dict[str, set[str]]] = {}
_ELIDED: dict[tuple[int, int], list[str]] = {}
# Whether an index's Vietnamese is in syllables, by its vocabulary (ResultNotes.syllables).
_SYLLABLES: dict[tuple[int, int], bool] = {}
# The index's words with a capital I (Işıklar, KIRMIZI) (ResultNotes._capital_i_forms).
_CAPITAL_I: dict[tuple[int, int], list[str]] = {}
# Indonesian and Malay write a plural or a repeated action by saying the word twice,
# joined by a hyphen (buku-buku, berlari-lari, sayur-mayur), and particles and pronouns
# on a word's end (makanlah, siapakah, bukuku): simplemma gives some such words their
# word's lemma (anak-anak: anak, bukunya: buku) and keeps others as written (buku-buku,
# makanlah) (ResultNotes.reduplicated).
_WRITTEN_ON = {lang: ("lah", "kah", "tah", "pun", "nya", "ku", "mu") for lang in ("id", "ms")}
_REDUPLICATED: dict[tuple[int, int, str, tuple[str, ...]], dict[str, set[str]]] = {}
# Korean writes its particles and the copula on the word they follow (서울에서, 한강은,
# 한강이다, 학생들이), one token with simplemma and spaCy alike, whose lemma is the token's
# own, so `search 한강` found the bare noun and left 한강은 out, unsaid (pass 38d):
# the particles and endings a noun most often takes, and the plural 들 with them (not
# the endings a verb takes too, 다, 고, 며: 한다, 하고 are no 한 or 하 with a particle),
# after a word of two syllables or more (제도, system, is no 제 with 도).
_KOREAN_PARTICLE_LIST = (
    "은 는 이 가 을 를 의 에 에서 에게 께 께서 한테 로 으로 와 과 도 만 까지 부터 처럼 보다 "
    "이나 나 랑 이랑 하고 에는 에서는 에도 에서도 에게는 으로는 로는 와는 과는 까지는 "
    "부터는 에서의 으로의 로의 만은 만을 이다 이었다 였다 이며 이고 입니다 "
    # (particles written one on another: what a word with a particle on it takes next)
    "으로도 로도 으로만 로만 으로서 로서 와도 과도 와의 과의 까지도 까지만 까지의 부터도 "
    "만이 만의 만도 만으로 만에 에만 에게도 에게서 에게만 에서만 에서부터 까지가 부터가 "
    "처럼은 처럼도 보다는 보다도 한테는 한테도 "
    "이라고 라고 이라는 라는 이란 란 들 들이 들은 들을 들의 들에게 들도 들과 들이다"
)
_KOREAN_PARTICLES = frozenset(_KOREAN_PARTICLE_LIST.split())
# How many of them a word may have written one on another (한강만으로도: 만, 으로, 도), and
# the longest ending so tried, in syllables; and those another may follow (the plural,
# places, ways, limits: 은, 는, 이, 가, 을, 를, 의 end a word's particles, so 음악가는 is no
# 음악 with 가 and 는).
_KOREAN_STACKED = 3
_KOREAN_INNER_LIST = (
    "들 에 에서 에게 께 께서 한테 으로 로 와 과 까지 부터 만 처럼 보다 에게서 에서부터 으로서 로서"
)
_KOREAN_INNER = frozenset(_KOREAN_INNER_LIST.split())
# Those of them that mark a case (places, ways, company), and what may follow one: a
# particle of a limit, of emphasis or of a choice, 의, 와 or 과 (서울에서와), and 로 after
# 에, 에게 (에게로); never 은/는's partners 이, 가, 을, 를 nor another case's (산책로를,
# 수학과에서: the nouns 산책로, trail, and 수학과, a department, with 를 and 에서, not
# 산책 and 수학 with 로를 and 과에서). 께서, the subject's honorific case, takes 는, 도, 만
# (선생님께서는: left out, and 선생님께서 read as a noun of its own, pass 39j).
_KOREAN_CASES_LIST = "에 에서 에게 께 께서 한테 으로 로 와 과 에게서 에서부터 으로서 로서"
_KOREAN_CASES = frozenset(_KOREAN_CASES_LIST.split())
_KOREAN_AFTER_CASE_LIST = "은 는 도 의 만 까지 부터 처럼 보다 나 이나 와 과"
_KOREAN_AFTER_CASE = tuple(_KOREAN_AFTER_CASE_LIST.split())
_KOREAN_TOWARDS = {"에": ("로",), "에게": ("로",), "한테": ("로",), "께": ("로",)}
_KOREAN_LONGEST = _KOREAN_STACKED * max(len(particle) for particle in _KOREAN_PARTICLES)
_HANGUL_WORD = re.compile("[\uac00-\ud7a3]+")
_PARTICLED: dict[tuple[int, int], dict[str, set[str]]] = {}
# The index's words written with a capital first and not in capitals alone (Prace, Źródła),
# which simplemma may read as a name's (ResultNotes.capitalised).
_CAPITALISED: dict[tuple[int, int], dict[str, list[str]]] = {}
# A short word an apostrophe ends (Italian po', di', fa': poco, dire, fare), which
# simplemma cuts from it, the apostrophe a token of its own (ResultNotes.apocopated).
_APOCOPATED_MAX = 4
_SHORT: dict[tuple[int, int, str], dict[str, str]] = {}
# An elided word and the word it is written against (Italian all'uomo, French
# presqu'île): the word is what follows its last apostrophe (ResultNotes.elided).
_AFTER_APOSTROPHE = re.compile(r"^\w.*['’](\w[^'’]*)$")

# The most matches a search's lemmas are told apart by case for (ResultNotes.cased_lemmas):
# each costs a count of them by form.
_CASED_LEMMAS_MAX = 200_000
# A number typed in groups with plain spaces (10 000), which a search reads as tokens.
_SPACED_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")


# The search values that choose which matches there are (not how they are ranked or
# paged): a ranking's matches left out without a vector are among these.
_MATCH_KEYS = ("word", "cql", "form", "match_case", "pos", "where", "doc", "near", "window")


class ResultNotes:
    """The notes of one index's results. ``count``: the facade's frequency table of a
    request (``SenseIndex._count``), which a note on other lemmas breaks down by lemma."""

    def __init__(
        self,
        storage: Index,
        searcher: Searcher,
        lang: str,
        count: Callable[..., Counts],
    ) -> None:
        self.storage, self.searcher, self.lang, self.count = storage, searcher, lang, count
        # Whether a word searched by lemma is itself a lemma of the index, for the
        # request's values it was asked of (_one_lemma_searched), held so that no other
        # request's values take their id.
        self._lemma_held: tuple[dict[str, Any], str, bool] | None = None
        self._ambiguous_cache: dict[Any, list[str]] = {}  # ambiguous_lemmas' vocabulary

    @property
    def languages(self) -> list[str]:
        """The languages of the index's text (``index --lang``) and of its queries: the
        notes of one language's words (French *allez-vous*, Italian *all'uomo*, Spanish
        *dámelo*) are owed on an index of several too, whose queries are read as
        English (pass 35c: `search università` there said nothing of *l'università*)."""
        return sorted({*(self.storage.manifest.text_analysis or {}), self.lang})

    def of_search(self, hits: Hits, values: dict[str, Any], request: SearchRequest) -> Hits:
        """``hits`` with every note a search owes, in the order they are said, and why
        it is empty when it is."""
        hits = self.coarse_tags(self.untagged(hits, values), values)
        if request.ranked or request.sense is not None or request.any_word:
            hits = self.encoder(hits)
        if request.any_word:
            hits = self.coverage(hits)
        if (request.ranked or request.sense is not None) and hits.matches_without_vectors:
            hits = self.auxiliaries(hits, values)
            hits = self.not_chosen(hits, values)
        hits = self.apostrophes(hits, values)
        hits = self.hebrew_quotes(hits, values)
        hits = self.widths(hits, values)
        hits = self.digits(hits, values)
        hits = self.footnote_marks(hits, values)
        hits = self.number_groups(hits, values)
        hits = self.written_as_one(hits, values)
        hits = self.cut_apart(hits, values)
        hits = self.phrase_lemmas(hits, values)
        hits = self.read_as(hits, values)
        hits = self.other_lemmas(hits, values)
        hits = self.ambiguous_lemmas(hits, values)
        hits = self.lemma_case(hits, values)
        hits = self.separable(hits, values)
        hits = self.hyphen_clitics(hits, values)
        hits = self.enclitics(hits, values)
        hits = self.enclitic_pronouns(hits, values)
        hits = self.reduplicated(hits, values)
        hits = self.korean_particles(hits, values)
        hits = self.joined_pronouns(hits, values)
        hits = self.hyphen_misread(hits, values)
        hits = self.compounds(hits, values)
        hits = self.contractions(hits, values)
        hits = self.contracted_prepositions(hits, values)
        hits = self.elided(hits, values)
        hits = self.capitalised(hits, values)
        hits = self.apocopated(hits, values)
        hits = self.cased_lemmas(hits, values)
        hits = self.dotless_i(hits, values)
        hits = self.sharp_s(hits, values)
        hits = self.tone_placement(hits, values)
        hits = self.comma_below(hits, values)
        hits = self.arabic_spellings(hits, values)
        hits = self.look_alikes(hits, values)
        hits = self.unaccented(hits, values)
        hits = self.marks(hits, values)
        hits = self.lemma_marks(hits, values)
        hits = self.phrases(hits, values)
        return self.if_empty(hits, values)

    def of_no_occurrences(self, error: QueryError, values: dict[str, Any]) -> QueryError:
        """``error``, a search by lemma's "no occurrences", with the notes of the tokens
        that such a search leaves out (Spanish *Cuídala*, Italian *Siediti*, *un po'*) and
        of the lemma the word has in the text's languages when read in another: `search
        sedere` said "no occurrences" alone, and `search dijo` on an es and it index
        "nearest: 'di'", where a search that found some said them (pass 35g); and, on a
        Turkish index, of the spellings Turkish reads as the word (`search ışık` on text
        that writes it IŞIK), of a separable verb's uses with its particle apart (`search
        opbellen` on *belde … op*) and of French words with pronouns joined by hyphens
        (`search aller` on *Allez-vous*, pass 35m). A pattern's word that no token has
        (`[word="zum"]`) is said with the places written so as one multiword token."""
        if values.get("cql") and ": no token of " in str(error):
            held = self._pattern_written_as_one(SimpleNamespace(notes=[], total=0), values)
            return QueryError("; ".join([str(error), *held.notes])) if held.notes else error
        if not str(error).startswith("no occurrences of"):
            return error
        held = SimpleNamespace(notes=[], total=0)
        said = (self.read_as, self.separable, self.hyphen_clitics, self.enclitics, self.elided)
        said += (self.contracted_prepositions, self.joined_pronouns, self.enclitic_pronouns)
        said += (self.reduplicated, self.korean_particles, self.compounds)
        for note in (
            *said, self.capitalised, self.apocopated, self.dotless_i, self.comma_below,
            self.arabic_spellings, self.look_alikes,
            self.tone_placement, self.unaccented, self.ambiguous_lemmas, self.hebrew_quotes,
            self.widths, self.digits, self.footnote_marks, self.number_groups,
            self.written_as_one,
        ):  # fmt: skip
            try:
                held = note(held, values)
            except SensegrepError:
                continue
        if not held.notes:
            return error
        return QueryError(f"{error}; " + "; ".join(held.notes))

    def of_counts(self, counts: Counts, values: dict[str, Any]) -> Counts:
        """``counts`` (a search's frequency table) with the notes a count owes, and why it
        is empty when it is."""
        counts = self.dotless_i(self.untagged(counts, values), values)
        if counts.matches_without_vectors:  # a ranked count: as its search says them
            counts = self.not_chosen(counts, values)
        # (`search м'ясо --form --count doc` counted 3, its мʼясо unsaid: pass 38e)
        counts = self.apostrophes(counts, values)
        counts = self.hebrew_quotes(counts, values)
        counts = self.widths(counts, values)
        counts = self.digits(counts, values)
        counts = self.footnote_marks(counts, values)
        counts = self.number_groups(counts, values)
        counts = self.written_as_one(counts, values)
        counts = self.coarse_tags(counts, values)
        counts = self.cut_apart(counts, values)
        counts = self.phrase_lemmas(counts, values)
        counts = self.read_as(counts, values)
        counts = self.other_lemmas(counts, values)
        counts = self.ambiguous_lemmas(counts, values)
        counts = self.lemma_case(counts, values)
        counts = self.separable(counts, values)
        counts = self.hyphen_clitics(counts, values)
        counts = self.enclitics(counts, values)
        counts = self.enclitic_pronouns(counts, values)
        counts = self.reduplicated(counts, values)
        counts = self.korean_particles(counts, values)
        counts = self.joined_pronouns(counts, values)
        counts = self.hyphen_misread(counts, values)
        counts = self.compounds(counts, values)
        counts = self.contractions(counts, values)
        counts = self.contracted_prepositions(counts, values)
        counts = self.elided(counts, values)
        counts = self.capitalised(counts, values)
        counts = self.apocopated(counts, values)
        counts = self.cased_lemmas(counts, values)
        counts = self.tone_placement(counts, values)
        counts = self.comma_below(counts, values)
        counts = self.arabic_spellings(counts, values)
        counts = self.look_alikes(counts, values)
        counts = self.unaccented(counts, values)
        counts = self.marks(counts, values)
        counts = self.lemma_marks(counts, values)
        counts = self.phrases(counts, values)
        return self.if_empty(counts, values)

    def of_nodes(self, table: Any, values: dict[str, Any]) -> Any:
        """``table`` (a statistic whose nodes are ``search(word)``'s lines: collocates)
        with the notes of the tokens such a search leaves out: `collocates dar` on
        Galician text counted *deu*'s windows and not *Dálle*'s, unsaid, where `search
        dar` said so (pass 36d)."""
        for note in (
            self.separable, self.hyphen_clitics, self.enclitics, self.enclitic_pronouns,
            self.reduplicated, self.korean_particles,
            self.joined_pronouns, self.hyphen_misread, self.compounds, self.contractions,
            self.contracted_prepositions, self.elided, self.capitalised, self.apocopated,
            self.dotless_i,
            self.comma_below, self.arabic_spellings, self.look_alikes, self.unaccented,
            self.marks,
            self.lemma_marks,
            self.ambiguous_lemmas, self.tone_placement,
            # its nodes' tokens written so with another lemma: `collocates blocked`
            # counted the 7 of the adjective, the 6 of block unsaid (pass 40m)
            self.other_lemmas,
            # --pos in documents of another tag set: `collocates être --pos AUX` said no
            # rows alone, where `search être --pos AUX` said why (pass 36q)
            self.coarse_tags,
            self.phrase_lemmas,
        ):  # fmt: skip
            table = note(table, values)
        return table

    def total(self, values: Mapping[str, Any]) -> int:
        """The matches of a request's values."""
        return self.searcher.total(search_request_of(values))

    def pattern_total(
        self, pattern: str, values: Mapping[str, Any], filters: Sequence[str] = ("where", "doc")
    ) -> int:
        """The matches of ``pattern`` under the request's ``filters`` (``values``): what
        a note counts of the lines a search left out. 0 when some token test of it no
        token passes (a piece, a spelling no token has)."""
        asked = {"cql": pattern, **{name: values.get(name) for name in filters}}
        try:
            return self.searcher.total(search_request_of(asked))
        except SensegrepError:
            return 0

    def sharp_s(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a search leaves out for spelling ß as
        ss, or ss as ß (Straße, STRASSE, Swiss Strasse: one word to a German reader,
        two to a lookup, which lower-cases STRASSE to strasse), or French œ as oe (and
        æ as ae) or back (œuvre, oeuvre, typed without the ligature), counted by the
        pattern that lists them under the same documents."""
        word = (values.get("word") or "").strip()
        if values.get("cql") or values.get("match_case") or values.get("pos") or not word:
            return result
        lowered = composed(word).lower()
        letter, spelt = next(
            ((a, b) for a, b in _SPELT_APART if a in lowered or b in lowered), ("", "")
        )
        if not letter:
            return result
        one, other_way = (letter, spelt) if letter in lowered else (spelt, letter)
        other = lowered.replace(one, other_way)
        from sensegrep.search.query import word_tokens
        from sensegrep.text import lemma_of

        if len(word_tokens(word, self.lang)) != 1 or not all(
            c.isalnum() or c in "-'’" for c in other
        ):  # (a CQL value is a regex: a word of letters alone is itself)
            return result
        if values.get("form"):
            pattern = f'[word="{other}"%c]'
        else:
            key = composed(lemma_of(word, self.lang)).lower()
            swapped = key.replace(one, other_way)
            if swapped == key:
                return result
            pattern = f'[lemma="{swapped}"%c]'
            if letter != "ß":  # simplemma lemmatises the spelling without it at random
                pattern = f'[(lemma="{swapped}"%c | word="{other}"%c) & lemma!="{key}"%c]'
        found = self.pattern_total(pattern, values)
        if found:
            shown = f"{one} as {other_way}"
            _noted(
                result,
                f"{found:,} more {'match spells' if found == 1 else 'matches spell'} "
                f"{shown} and {'is' if found == 1 else 'are'} not among these: the "
                f"pattern {pattern} lists {'it' if found == 1 else 'them'} (--cql)",
            )
        return result

    def tone_placement(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a search leaves out for writing a
        Vietnamese tone mark on the other vowel of a syllable ending in oa, oe or uy:
        the older placement (hoà, khoẻ, thuý) and the newer (hòa, khỏe, thúy) are one
        word to a reader, and texts mix them (`search "hòa bình"` found 37 of 74, unsaid,
        pass 37g). Each syllable of the word searched, or of its phrase, taken both
        ways; the other spellings counted as the pattern that takes both, less the
        spelling asked for, under the same filters."""
        from sensegrep.search.query import word_tokens

        word = (values.get("word") or "").strip()
        if values.get("cql") or values.get("match_case") or not word:
            return result
        syllables = [composed(part).lower() for part in word_tokens(word, self.lang)]
        others = [_other_tone_placement(syllable) for syllable in syllables]
        if not any(others) or not all(s.isalpha() for s in syllables):
            return result
        filters = ("where", "doc", "pos")

        def pattern(both: bool) -> str:
            return " ".join(
                f'[word="{syllable}{f"|{other}" if both and other else ""}"%c]'
                for syllable, other in zip(syllables, others, strict=True)
            )

        found = self.pattern_total(pattern(True), values, filters)
        found -= self.pattern_total(pattern(False), values, filters)
        if found > 0:
            one = found == 1
            moved = ", ".join(
                f"{other} for {syllable}"
                for syllable, other in zip(syllables, others, strict=True)
                if other
            )
            _noted(
                result,
                f"{found:,} more {'match writes' if one else 'matches write'} a tone mark "
                f"on the other vowel of oa, oe or uy ({moved}: the older and the newer "
                f"Vietnamese placement, one word to a reader) and {'is' if one else 'are'} "
                f"not among these: the pattern {pattern(True)} takes both (--cql)",
            )
        return result

    def comma_below(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a search leaves out for writing
        Romanian's ș or ț the other way, with a cedilla (ş, ţ) or a comma below: one
        letter to a reader, two to a lookup, and files mix them (`search școala --form`
        found 26 of 52, unsaid). Romanian text's lemmas read a cedilla as the comma
        (lemma_of), so a search by lemma leaves such words out only where the lemmas
        came from a file (CoNLL-U, VRT) or from an index made before. Counted by the
        pattern that lists them under the same filters."""
        word = composed((values.get("word") or "").strip())
        if values.get("cql") or values.get("match_case") or not word:
            return result
        if "ro" not in self.languages and not any(ch in _COMMA_OR_CEDILLA for ch in word):
            # (no Romanian text, nor such a letter typed: a plain concordance of an
            # English word loaded no lemmatiser, and still does not)
            return result
        from sensegrep.search.cql.tree import cql_literal
        from sensegrep.search.query import word_tokens

        if values.get("form"):
            column, key = "word", word.lower()
        else:
            column, key = "lemma", self._one_lemma_searched(values) or ""
        if not any(ch in _COMMA_OR_CEDILLA for ch in key) or len(word_tokens(word, self.lang)) != 1:
            return result
        spellings = "".join(_COMMA_OR_CEDILLA.get(ch) or cql_literal(ch) for ch in key)
        pattern = f'[{column}="{spellings}"%c & {column}!="{cql_literal(key)}"%c]'
        found = self.pattern_total(pattern, values, ("where", "doc", "pos"))
        if not found:
            return result
        one = found == 1
        return _noted(
            result,
            f"{found:,} more {'match writes' if one else 'matches write'} {key!r} with "
            "ș or ț the other way, with a cedilla (ş, ţ) or a comma below (ș, ț), one "
            f"letter to a Romanian reader, and {'is' if one else 'are'} not among these: "
            f"the pattern {pattern} lists {'it' if one else 'them'} (--cql)",
        )

    def arabic_spellings(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a search of a Persian or Urdu word (or
        an Arabic one) leaves out for writing yeh or kaf with the other code point
        (شیراز, شيراز; کتاب, كتاب) or a zero-width non-joiner where the word has none,
        or none where it has one (کتاب‌ها, کتابها): `search شیراز --form` found 1 of 2
        and `search کتاب` 10 of 12, unsaid (pass 38e). By form, the forms; by lemma,
        the lemmas so written (simplemma gives كتاب, unknown, itself as lemma)."""
        from sensegrep.storage.fields import digit_spellings

        word = composed((values.get("word") or "").strip())
        if not word or not self._arabic_script(word):
            return result
        column, key = self._respelling_searched(values, word)
        if not key:
            return result
        others = self._arabic_respellings(key)
        if others is None:
            return result
        # (a number in another script's digits alone is ResultNotes.digits' to say:
        # `search 2020` said its ٢٠٢٠ in both notes, 5 more and 1 more for 5)
        others = [text for text in others if text not in digit_spellings(key)]
        ways = [
            way
            for way, rest in _ARABIC_WAYS
            if any(key.translate(rest) != text.translate(rest) for text in others)
        ]
        result = self._respelt(result, values, column, key, others, "; ".join(ways))
        if column == "word":
            result = self._joiner_spaced(result, values, [key, *others])
        return result

    def _arabic_respellings(self, key: str) -> list[str] | None:
        """The index's words (lower-cased) that write ``key`` another way in Arabic
        script (arabic_spellings' ways); None where its vocabulary is too large to read."""
        if not self._vocabulary_small_or_read(_ARABIC_WORDS):
            return None
        spelt = key.translate(_ARABIC_SPELLING)
        held = self._vocabulary_where(_ARABIC_WORDS, _arabic_or_number)
        return sorted(
            {
                text.lower()
                for text in held
                if text.lower().translate(_ARABIC_SPELLING) == spelt
                and _persian_respelling(key, text.lower())
            }
            - {key}
        )

    def _joiner_spaced(self, result: Any, values: dict[str, Any], forms: list[str]) -> Any:
        """``result`` with a note of the matches that write one of ``forms`` (a word
        searched by form and its other spellings) with a space where it has a zero-width
        non-joiner, as Persian text typed without one does (می روم for می‌روم): two
        tokens, which a search of the word leaves out."""
        from sensegrep.search.cql.tree import cql_literal

        spaced = [form.split("\u200c") for form in forms if "\u200c" in form]
        patterns = [
            " ".join(f'[word="{cql_literal(part)}"%c]' for part in parts) for parts in spaced
        ]
        found = sum(self.pattern_total(p, values, ("where", "doc")) for p in patterns)
        if not found:
            return result
        one = found == 1
        return _noted(
            result,
            f"{found:,} more {'match writes' if one else 'matches write'} {forms[0]!r} as "
            f"{' or '.join(repr(' '.join(parts)) for parts in spaced[:3])}, with a space for "
            f"the zero-width non-joiner: two tokens, which a search of one word leaves out; "
            f"the {'pattern' if len(patterns) == 1 else 'patterns'} "
            f"{' and '.join(patterns[:3])} {'lists' if len(patterns) == 1 else 'list'} "
            f"{'it' if one else 'them'} (--cql)",
        )

    def look_alikes(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a search of a Cyrillic or Greek word
        leaves out for writing some letters with the Latin ones they look like (Ukrainian
        Дiти with a Latin i, as text typed with two keyboard layouts or read by OCR
        writes it): `search діти` left it out unsaid (pass 38e)."""
        word = composed((values.get("word") or "").strip())
        script = next((name for name, test, _ in _LOOK_ALIKES if test.search(word)), None)
        if not word or script is None:
            return result
        column, key = self._respelling_searched(values, word)
        if not key:
            return result
        test, table = next((test, table) for name, test, table in _LOOK_ALIKES if name == script)
        if not self._vocabulary_small_or_read(_MIXED_WORDS, script):
            return result
        held = self._vocabulary_where(
            _MIXED_WORDS, lambda text: test.search(text) and _LATIN_LETTER.search(text), script
        )
        others = sorted(
            {text.lower() for text in held if text.translate(table).lower() == key} - {key}
        )
        latin = sorted({ch for text in others for ch in _LATIN_LETTER.findall(text)})
        way = f"with Latin letters ({', '.join(latin)}) for the {script} ones they look like"
        return self._respelt(result, values, column, key, others, way)

    def _vocabulary_small_or_read(self, cache: dict[Any, list[str]], *about: str) -> bool:
        """Whether ``_vocabulary_where`` can give ``cache``'s words at no great cost: the
        vocabulary is of up to _MARKS_VOCABULARY words (reading a larger one's would add
        a second to a one-off search), or this process has read them already."""
        texts = self.storage.vocabulary()
        return len(texts) <= _MARKS_VOCABULARY or (id(texts), len(texts), *about) in cache

    def _respelling_searched(self, values: dict[str, Any], word: str) -> tuple[str, str]:
        """The column and the value a search of one ``word`` looked up (its form, lower
        case, or its lemma), as the notes of its other spellings compare them; "" for a
        pattern, a phrase or a case-sensitive search."""
        from sensegrep.search.query import word_tokens

        if (
            any(values.get(name) for name in ("cql", "match_case", "any_word"))
            or len(word_tokens(word, self.lang)) != 1
        ):
            return "word", ""
        if values.get("form"):
            return "word", word.lower()
        return "lemma", self._one_lemma_searched(values) or ""

    def _respelt(
        self,
        result: Any,
        values: dict[str, Any],
        column: str,
        key: str,
        others: list[str],
        way: str,
    ) -> Any:
        """``result`` with the note of the matches whose ``column`` is one of ``others``,
        ``key`` written another ``way``, counted under the search's filters."""
        from sensegrep.search.cql.tree import cql_literal

        if not others:
            return result
        # (the joiner written as its code, which a pattern reads: it shows as nothing)
        shown = "|".join(cql_literal(text).replace("\u200c", "\\u200c") for text in others)
        pattern = f'[{column}="{shown}"%c]'
        filters = {name: values.get(name) for name in ("where", "doc", "pos") if values.get(name)}
        try:  # (by value, so that a lemma's note lists the lemmas some token has)
            rows = list(
                self.count("", "form" if column == "word" else "lemma", cql=pattern, **filters)
            )
        except SensegrepError:  # no token is written so
            return result
        found = sum(int(row["count"]) for row in rows)
        if not found:
            return result
        one = found == 1
        listed = ", ".join(f"{row['value']}: {int(row['count']):,}" for row in rows[:5])
        listed += ", …" if len(rows) > 5 else ""
        return _noted(
            result,
            f"{found:,} more {'match writes' if one else 'matches write'} {key!r} another "
            f"way ({listed}), {way}: one word to a reader, which a search takes as "
            f"another; the pattern {pattern} lists {'it' if one else 'them'} (--cql)",
        )

    def _arabic_script(self, word: str) -> bool:
        """Whether ``word`` may be written another way in Arabic script: it has an
        Arabic-script letter or digit, or it is a number in ASCII digits and the index
        holds Persian or Arabic text (`search 1402` on text that writes ۱۴۰۲)."""
        if _ARABIC_LETTER.search(word):
            return True
        return bool(_ASCII_NUMBER.fullmatch(word)) and not _ARABIC_SCRIPT_LANGUAGES.isdisjoint(
            self.languages
        )

    def unaccented(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on text in a language often typed without its
        diacritics (Romanian), of the tokens that write the word's forms without any:
        `search școală` found *școala* and not *scoala*, `search țară` not *tara*,
        unsaid (pass 36d). A form searched is looked for without its diacritics; a
        lemma, as each of its forms in the index is; a spelling that is a word of its
        own (*tara*, of *tară*) is not. What is left may still be another word: the note
        says "may"."""
        from sensegrep.search.cql.tree import cql_literal, strip_diacritics
        from sensegrep.search.query import word_tokens

        word = composed((values.get("word") or "").strip())
        if (
            not word
            or word.isascii()
            or values.get("cql")
            or values.get("match_case")
            or values.get("any_word")
            or not any(lang in _DIACRITICS_LEFT_OFF for lang in self.languages)
            or len(word_tokens(word, self.lang)) != 1
        ):
            return result
        if values.get("form"):
            forms = [word.lower()]
        else:
            key = self._one_lemma_searched(values)
            try:
                rows = self.count(word, "form") if key else []
            except SensegrepError:  # no occurrences: nothing to write otherwise
                rows = []
            forms = sorted({composed(str(row["value"])).lower() for row in rows})
            forms = forms or [word.lower()]  # (its only tokens may be written so)
        import simplemma

        bare = sorted({strip_diacritics(form) for form in forms} - set(forms))
        known = [lang for lang in self.languages if lang in _DIACRITICS_LEFT_OFF]
        bare = [  # (tara is tară's: a word of its own, not țară without its marks)
            text
            for text in bare
            if text.isascii() and not any(simplemma.is_known(text, lang=k) for k in known)
        ]
        if not bare:
            return result
        pattern = f'[word="{"|".join(cql_literal(text) for text in bare)}"%c]'
        filters = ("where", "doc", "pos")
        found = self.pattern_total(pattern, values, filters)
        if not found:
            return result
        asked = {"cql": pattern, **{k: values.get(k) for k in filters if values.get(k)}}
        counted = list(self.count("", "form", **asked))
        listed = ", ".join(f"{row['value']}: {row['count']:,}" for row in counted[:3])
        more = ", …" if len(counted) > 3 else ""
        one = found == 1
        return _noted(
            result,
            f"{found:,} more {'token' if one else 'tokens'} may write {word!r} without "
            f"its diacritics ({listed}{more}), as text typed without them does, which a "
            f"search takes as another word: the pattern {pattern} lists "
            f"{'it' if one else 'them'} (--cql)",
        )

    def marks(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a search of a Greek, Cyrillic, Arabic or
        Hebrew word leaves out for writing it with other accents or marks, or none: Greek
        capitals drop their accents (ΛΟΓΟΣ is λόγος), Russian marks stress (замо́к) and
        Arabic and Hebrew their vowels (كَتَبَ, שָׁלוֹם) only here and there, while a
        search, case-insensitive, takes each spelling as another word. Letters written
        with a mark (й, ё) are letters of their own: not counted. Counted under the same
        filters, listed by form, with the pattern that lists them all (%d). The tokens
        written as the word itself, in any case, with another lemma than the one
        searched are no other spelling: they are said as such (other_lemma_note)."""
        from sensegrep.search.cql.tree import cql_literal, strip_diacritics
        from sensegrep.search.query import word_tokens
        from sensegrep.text import unmarked

        word = composed((values.get("word") or "").strip())
        if (
            not word
            or values.get("cql")
            or values.get("match_case")
            or values.get("pos")
            or values.get("any_word")
            or _MARKED_SCRIPT.search(word) is None
            or len(word_tokens(word, self.lang)) != 1
        ):
            return result
        from sensegrep.search.token_columns import stripped_ready

        if not stripped_ready(self.storage.vocabulary(), _MARKS_VOCABULARY):
            return result  # (a one-off search of a large index would take seconds more)
        bare = cql_literal(strip_diacritics(word))
        lemma = None if values.get("form") else _lemma_searched(result, word)
        if values.get("form"):
            found_by = f'word!="{cql_literal(word)}"%c'
        elif lemma is None:
            return result  # (searched as a sequence of forms)
        else:
            found_by = f'lemma!="{cql_literal(lemma)}"%c'
        pattern = f'[word="{bare}"%cd & {found_by}]'
        filters = {name: values.get(name) for name in ("where", "doc") if values.get(name)}
        try:
            rows = self.count("", "form", cql=pattern, **filters)
        except SensegrepError:  # no token is written so
            return result
        key, typed = unmarked(word), word.lower()
        found = [(row["value"], row["count"]) for row in rows if unmarked(row["value"]) == key]
        # Written as the word itself (всё searched, Всё and всё found with the lemma
        # весь): no other accents, but another lemma (said so, not as a spelling).
        written = sum(n for form, n in found if composed(form).lower() == typed)
        found = [(form, n) for form, n in found if composed(form).lower() != typed]
        if written and lemma is not None:
            self.other_lemma_note(result, word, lemma, written, filters)
        total = sum(n for _form, n in found)
        if not total:
            return result
        listed = ", ".join(f"{form}: {n:,}" for form, n in found[:5])
        more = ", …" if len(found) > 5 else ""
        # By lemma, these are its inflected forms too (λόγου), which the spellings'
        # pattern alone does not list: it said "lists them with these" of 3 lines, not 28.
        spelt = f'word="{bare}"%cd'
        if lemma is not None and written:  # (not the word's own spelling, said apart)
            spelt = f'({spelt} & word!="{cql_literal(word)}"%c)'
        both = spelt if lemma is None else f'lemma="{cql_literal(lemma)}"%c | {spelt}'
        return _noted(
            result,
            f"{total:,} more {'match writes' if total == 1 else 'matches write'} {word!r} "
            f"with other accents or marks, or none ({listed}{more}), which a search takes "
            f"as another word: the pattern [{both}] (--cql) lists "
            f"{'it' if total == 1 else 'them'} with these",
        )

    def lemma_marks(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` (a search by lemma of a Greek, Cyrillic, Arabic or Hebrew word) with
        a note of the tokens whose lemma is the one searched written with other accents
        or marks, or none, and which marks() has not said (not written as the word):
        simplemma writes Russian lemmas with е for ё (ёлку: елка) where a CoNLL-U file
        may keep ё (ёлка), so in an index of both `search ёлка` listed one half, the
        other's ёлку and елку unsaid."""
        from sensegrep.search.cql.tree import cql_literal, strip_diacritics
        from sensegrep.search.query import word_tokens
        from sensegrep.search.token_columns import stripped_ready

        word = composed((values.get("word") or "").strip())
        if (
            not word
            or any(values.get(name) for name in ("cql", "form", "match_case", "pos", "any_word"))
            or _MARKED_SCRIPT.search(word) is None
            or len(word_tokens(word, self.lang)) != 1
            or not stripped_ready(self.storage.vocabulary(), _MARKS_VOCABULARY)
        ):
            return result
        lemma = _lemma_searched(result, word)
        if lemma is None:
            return result
        bare, bare_word = (cql_literal(strip_diacritics(t)) for t in (lemma, word))
        # (those written as the word, any marks, marks() and other_lemma_note said)
        pattern = f'[lemma="{bare}"%cd & lemma!="{cql_literal(lemma)}"%c & word!="{bare_word}"%cd]'
        filters = {name: values.get(name) for name in ("where", "doc") if values.get(name)}
        try:
            rows = list(self.count("", "lemma", cql=pattern, **filters))
        except SensegrepError:  # no such lemma
            return result
        total = sum(int(row["count"]) for row in rows)
        if not total:
            return result
        listed = ", ".join(f"{row['value']}: {int(row['count']):,}" for row in rows[:5])
        more = ", …" if len(rows) > 5 else ""
        one = total == 1
        return _noted(
            result,
            f"{total:,} more token{'' if one else 's'} {'has' if one else 'have'} a lemma "
            f"that writes {lemma!r} with other accents or marks, or none ({listed}{more}), "
            f"which a search by lemma takes as another lemma (lemmas are as their sources "
            f"write them: a CoNLL-U or VRT file's as written, simplemma's Russian ones "
            f"mostly with е for ё): the "
            f'pattern [lemma="{bare}"%cd] (--cql) lists every token of either; {pattern} '
            f"{'that one' if one else 'those'} alone",
        )

    def ambiguous_lemmas(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` (a search by lemma of one word, or a pattern's [lemma="…"]) with a
        note of the tokens whose lemma holds the one searched among others joined by |,
        as TreeTagger writes a word's lemmas where its lexicon has several (*Stimmen* NN
        Stimme|Stimmen, *suis* VER:pres être|suivre): `search Stimme` listed the Stimme
        alone, and `search gehören` said no occurrences, the tokens of hören|gehören
        unsaid (pass 36f)."""
        from sensegrep.search import cql
        from sensegrep.search.query import word_tokens

        if values.get("cql"):
            try:
                tests = cql.parse(cql.split_within(values["cql"])[0]).required_tests("lemma")
            except SensegrepError:
                return result
            for test in tests:
                if test.literal and not test.negated:
                    said = f'[lemma="{test.value}"]'
                    self._joined_note(result, values, test.literal.lower(), {test.literal}, said)
            return result
        word = composed((values.get("word") or "").strip())
        if (
            not word
            or any(values.get(name) for name in ("form", "any_word"))
            or len(word_tokens(word, self.lang)) != 1
        ):
            return result
        lemma = (_lemma_searched(result, word) or word).lower()
        by = "a search by lemma"
        return self._joined_note(result, values, lemma, {word, lemma}, by, written=word)

    def _joined_note(
        self,
        result: Any,
        values: dict[str, Any],
        lemma: str,
        searched: set[str],
        by: str,
        written: str | None = None,
    ) -> Any:
        """ambiguous_lemmas' note of the tokens whose lemma joins one of ``searched`` to
        others by |, which ``by`` (a search by lemma, a pattern's test) leaves out; of
        them, those ``written`` as the word searched, where other_lemmas' note counted
        them already (`search der`: its 4 Der of die|der|das were said twice, as if 8)."""
        from sensegrep.search.cql.tree import cql_literal

        folded = {text.lower() for text in searched}
        # (the vocabulary's texts with a | once, kept while it is the same: a search pays
        # for a look through those few, never through every word of the index)
        bars = self._vocabulary_where(self._ambiguous_cache, lambda text: "|" in text)
        joined = [text for text in bars if not folded.isdisjoint(text.lower().split("|"))]
        if not joined:
            return result
        pattern = f'[lemma="{"|".join(cql_literal(text) for text in joined)}"%c]'
        found = self.pattern_total(pattern, values, ("where", "doc", "pos"))
        if not found:
            return result
        one, lemmas = found == 1, ", ".join(joined[:3]) + (", …" if len(joined) > 3 else "")
        return _noted(
            result,
            f"{found:,} more token{'' if one else 's'} {'has' if one else 'have'} a lemma "
            f"that joins {lemma!r} to another by | ({lemmas}: TreeTagger's lemmas of "
            f"a word its lexicon reads in several ways)"
            f"{self._said_above(result, values, pattern, written, found)}, which {by} "
            f"leaves out: the pattern {pattern} (--cql) lists {'it' if one else 'them'}",
        )

    def _said_above(
        self, result: Any, values: dict[str, Any], pattern: str, written: str | None, found: int
    ) -> str:
        """ ", N of them written 'der', which the note before counts" where other_lemmas'
        note counted some of ``pattern``'s ``found`` tokens (written as the word searched)."""
        from sensegrep.search.cql.tree import cql_literal

        if written is None or not any(" with another lemma (" in n for n in result.notes):
            return ""
        both = f'{pattern[:-1]} & word="{cql_literal(written)}"%c]'
        shared = self.pattern_total(both, values, ("where", "doc", "pos"))
        if not shared:
            return ""
        if shared == found:
            return " (the same tokens as the note before)"
        return f" ({shared:,} of them written {written!r}: the note before counts those)"

    def other_lemma_note(
        self,
        result: Any,
        word: str,
        lemma: str,
        found: int,
        filters: Mapping[str, Any],
        respelt: list[str] | None = None,
    ) -> Any:
        """``result`` with the note of the ``found`` tokens written as ``word`` (any case)
        whose lemma is not ``lemma``, the one searched, nor one of ``respelt``
        (other_lemmas' note), unless it has one already."""
        listing, by = _listed_by(result, word)
        if any(" with another lemma (" in note for note in result.notes):
            return result
        if respelt is None and _ARABIC_LETTER.search(word):
            # (its lemmas that write it another way in Arabic script are arabic_spellings'
            # to say: `search كتاب` said Persian text's كتاب, lemma کتاب, in both notes,
            # 6 more and 14 more where 14 were, pass 38g)
            respelt = self._arabic_respellings(composed(lemma).lower())
            if respelt:
                named = tuple(name for name in ("where", "doc", "pos") if filters.get(name))
                found = self.pattern_total(
                    _other_lemma_pattern(word, lemma, respelt), filters, named
                )
        if not found:
            return result
        pattern = _other_lemma_pattern(word, lemma, respelt)
        try:
            counts = self.count("", "lemma", cql=pattern, **{k: v for k, v in filters.items() if v})
        except SensegrepError:
            return result
        lemmas = ", ".join(f"{row['value']}: {row['count']:,}" for row in list(counts)[:3])
        more = ", …" if len(counts) > 3 else ""
        one = found == 1
        return _noted(
            result,
            f"{found:,} more token{'' if one else 's'} {'is' if one else 'are'} written "
            f"{word!r} with another lemma ({lemmas}{more}), which a search by lemma leaves "
            f"out: {listing} lists every token written so; the pattern {pattern} ({by}) "
            f"lists {'that one' if one else 'those'} alone",
        )

    def capital_i(self, table: Table, options: Mapping[str, Any]) -> Table:
        """``table`` (a frequency list by lemma, of a Turkish or Azerbaijani index) with
        a note of the tokens written with a capital I, whose lemma is of Unicode's
        lower-casing (KIR: kir, the word for dirt, in one row with it), where the
        language reads I as ı (kır); a search of the word says which (dotless_i)."""
        by = options.get("by") or "lemma"
        if self.lang not in DOTLESS_I_LANGUAGES or by not in ("lemma", "lemma_pos"):
            return table
        if options.get("cql"):
            return table
        found = self.pattern_total('[word=".*I.*"]', options)
        if not found:
            return table
        # The text's own such forms, commonest first: the note named KIR, kir and kır
        # whatever the text held (Işıklar, 23 times, in pass 37g's).
        # Under the same documents: `freq --doc b` named Işıklar of another (pass 37k).
        filters = {k: options[k] for k in ("where", "doc") if options.get(k)}
        try:
            rows = list(self.count("", "form", cql='[word=".*I.*"]', **filters))
        except SensegrepError:
            rows = []
        forms = [str(row["value"]) for row in rows[:3]] or ["KIR"]
        shown = ", ".join(forms) + (", …" if len(rows) > 3 else "")
        # the example a word of the text's, not English's I quoted in it (pass 37k)
        first = composed(next((form for form in forms if len(form) > 1), forms[0]))
        return _noted(
            table,
            f"{found:,} token{' is' if found == 1 else 's are'} written with a capital I "
            f"({shown}), lemmatised as Unicode lower-cases it (I as i: {undotted(first.lower())}), "
            f"where {'Turkish' if self.lang == 'tr' else 'Azerbaijani'} reads I as ı "
            f"({turkish_case(first)}): "
            "their lemmas are counted so; a search of a word says which of its matches "
            "are spelt so; --cql '[word=\".*I.*\"]' lists them all",
        )

    def cut_apart(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a search of a word held whole leaves
        out for being cut into several tokens elsewhere in the index: *well-known* one
        token of a CoNLL-U file, well - known in text spaCy tagged (the whole tokens
        alone passed for all of the word's uses). Counted under the same documents."""
        word = values.get("word") or ""
        if values.get("cql") or values.get("match_case") or values.get("pos") or not word:
            return result
        pattern = self.searcher.cut_apart(word)
        if pattern is None:
            return self._cut_by_rules(result, word.strip(), values)
        found = self.pattern_total(pattern, values)
        if found and not values.get("form"):
            from sensegrep.search.cql.tree import cql_literal

            # A piece whose lemma is the word is a match already: Ukrainian вул. is вул
            # and . there, and the token вул has the lemma вул., so `search вул.` found
            # it and said it "not among these" too (pass 38e).
            lemma = cql_literal(composed(word.strip()).lower())
            apart = pattern.replace("]", f' & lemma!="{lemma}"%c]', 1)
            if (left := self.pattern_total(apart, values)) != found:
                pattern, found = apart, left
        if found:
            _noted(
                result,
                f"{found:,} more {'match' if found == 1 else 'matches'} of {word.strip()!r} "
                f"{'is' if found == 1 else 'are'} cut into several tokens (as the tagger cut "
                f"the text) and not among these, which are its whole tokens: the pattern "
                f"{pattern} lists {'it' if found == 1 else 'them'} (--cql)",
            )
        return result

    def phrase_lemmas(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a phrase searched as its word forms
        leaves out that its words match as lemmas: `search "spring tide"` said 6
        matches, its 8 "spring tides" unsaid, where `search tide` is by lemma and takes
        both (pass 40a); of a statistic's nodes too (collocates). Counted under the same
        documents; a filter on the tokens (``pos``, ``near``, ``sense``, a collocation's
        ``label``) is one the pattern cannot carry: no note then.
        A phrase with no match says it in ``why_empty`` (``_by_lemma``)."""
        word = (values.get("word") or "").strip()
        tested = ("cql", "form", "match_case", "pos", "near", "sense", "label", "any_word")
        # (a statistic's table has no total: its nodes are the search's lines)
        if getattr(result, "total", None) == 0 or not word:
            return result
        # A word the analyser cuts (don't: do n't) is no phrase typed: by lemma, its
        # pieces would take in did not and doesn't.
        if any(values.get(name) for name in tested) or len(word.split()) < 2:
            return result
        pattern = phrase_by_lemma(result.searched, self.lang)
        if pattern is None:
            return result
        found = self.pattern_total(pattern, values)
        # Those of the search's matches that it also matches: a form read as another
        # lemma (He left bank notes: leave) is the search's alone, and the pattern's total
        # less the search's said 0 more where 2 *left banks* were (pass 40j).
        both_pattern = phrase_by_lemma_and_form(result.searched, self.lang)
        both = self.pattern_total(both_pattern, values) if both_pattern else 0
        more = found - both
        if more <= 0:
            return result
        alone = self.pattern_total(result.searched, values) - both
        them = "it" if found == 1 else "them"  # (1 match: "lists them" read as several)
        apart = (
            f", {alone:,} of these not {'its match' if found == 1 else 'among them'} "
            f"(their words read as other lemmas)"
            if alone > 0
            else ""
        )
        return _noted(
            result,
            f"{more:,} more {'match' if more == 1 else 'matches'} of {word!r} by lemma "
            f"{'is' if more == 1 else 'are'} not among these: a phrase is searched as word "
            f"forms, where a single word is searched by lemma; the pattern {pattern} has "
            f"{found:,} {'match' if found == 1 else 'matches'} (--cql lists {them}){apart}",
        )

    def _cut_by_rules(self, result: Any, word: str, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a search of a word held whole leaves out
        where the tagger's rules cut it written as one: `search cannot` said 1 match, a
        CANNOT that spaCy keeps whole, of a text writing cannot 18 times more, held as
        can not (pass 39p). Counted under the same documents, the tokens written as one
        alone (`in to` is no `into`), with those written apart that its pattern lists too."""
        if values.get("form"):
            return result
        for pattern in self.searcher.halves_held(word):
            asked = {"cql": pattern, "where": values.get("where"), "doc": values.get("doc")}
            try:
                _, selection = self.searcher.matched(search_request_of(asked))
            except SensegrepError:
                continue
            matches = [m for m in selection.details(self.searcher.index) or [] if m]
            apart = [m for m in matches if m.end - m.start > len("".join(m.words))]
            found = len(matches) - len(apart)
            if not found:
                continue
            also = (
                f", with {len(apart):,} more that {'writes' if len(apart) == 1 else 'write'} "
                f"them apart ({' '.join(apart[0].words)!r})"
                if apart
                else ""
            )
            return _noted(
                result,
                f"{found:,} more {'match' if found == 1 else 'matches'} of {word!r} "
                f"{'is' if found == 1 else 'are'} cut into several tokens (as the tagger cut "
                f"the text) and not among these, which are its whole tokens: the pattern "
                f"{pattern} lists {'it' if found == 1 else 'them'} (--cql){also}",
            )
        return result

    def other_lemmas(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the tokens written as the word searched by lemma whose
        lemma is another one: `search saw` (lemma saw) leaves out the 230 *saw* of see,
        and `search n't` (SemCor's lemma n't) the *n't* that spaCy and a CoNLL-U file
        lemmatise as not, which a user reading the total as the word's took to be all of
        them. Counted under the same filters, with the lemmas they have, when the tokens
        written so outnumber the lemma's matches (else it costs a pattern over every token
        of a frequent word, and says little). A word resolved to another lemma
        (`search spamming`: spam, the lemmatiser's) is no lemma of the index, so every
        token written so with a lemma other than the one searched is left out: counted
        whenever the word is written in the index (its 9 *spamming*, tagged spamme, were
        unsaid, pass 40m)."""
        from sensegrep.search.query import word_tokens

        word = (values.get("word") or "").strip()
        if (
            not word
            or values.get("cql")
            or values.get("form")
            or values.get("any_word")
            or len(word_tokens(word, self.lang)) != 1
        ):
            return result
        if result.searched is not None:
            return self._resolved_other_lemmas(result, values, word)
        # (the lemmas that write it another way in Arabic script: see other_lemma_note)
        respelt = (
            self._arabic_respellings(composed(word).lower())
            if _ARABIC_LETTER.search(word)
            else None
        )
        pattern = _other_lemma_pattern(word, word, respelt)
        filters = {name: values.get(name) for name in ("where", "doc", "pos")}
        try:
            # Cheap first (inverted lists): only a form that outnumbers the lemma's matches
            # is counted, so that a search of "the" pays no pattern over all its tokens.
            written = self.searcher.total(
                search_request_of({**filters, "word": word, "form": True})
            )
            # (a statistic's nodes, a table: its node_freq is its search's total)
            total = getattr(result, "total", getattr(result, "node_freq", None))
            if total is None or written <= total:
                return result
            found = self.pattern_total(pattern, values, tuple(filters))
            if not found:
                return result
        except SensegrepError:
            return result
        return self.other_lemma_note(result, word, word, found, filters, respelt)

    def _resolved_other_lemmas(self, result: Any, values: dict[str, Any], word: str) -> Any:
        """other_lemmas' note for a word searched as the lemma it was resolved to
        (``searched``: lemma "spam" for spamming); none for a sequence of forms."""
        lemma = _lemma_searched(result, word)
        if lemma is None or _ARABIC_LETTER.search(word):  # (Arabic: arabic_spellings')
            return result
        filters = {name: values.get(name) for name in ("where", "doc", "pos")}
        try:
            written = self.searcher.total(
                search_request_of({**filters, "word": word, "form": True})
            )
        except SensegrepError:  # no token is written so
            return result
        if not written:
            return result
        pattern = _other_lemma_pattern(word, lemma, None)
        found = self.pattern_total(pattern, values, tuple(filters))
        return self.other_lemma_note(result, word, lemma, found, filters, None)

    def lemma_case(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the tokens a pattern's lemma test leaves out for
        their lemma's case alone: `[lemma="Mann"]` is case-sensitive (as CQP), and plain
        text's lemmas are lower-cased (mann) where a CoNLL-U or VRT file's are kept as
        written (Mann), so in an index of both it matched the file's 3 tokens and left
        out the text's 75, unsaid. Counted as tokens under the same filters."""
        from sensegrep.search import cql

        text = values.get("cql")
        if not text:
            return result
        try:
            tests = cql.parse(text).required_tests("lemma")
        except SensegrepError:
            return result
        filters = tuple(name for name in ("where", "doc", "pos") if values.get(name))
        # The pattern's within FIELD="VALUE" is its subcorpus, as --where is: counted
        # and listed under it too (it counted the whole index's tokens).
        within = cql.split_within(text)[1]
        for test in tests:
            if test.negated or test.ignore_case or not self._other_case_held(test):
                continue
            d = "d" if test.ignore_diacritics else ""
            other = f'[lemma="{test.value}"%c{d} & lemma!="{test.value}"{"%d" if d else ""}]'
            other = f"{other} {within}" if within else other
            found = self.pattern_total(other, values, filters)
            # What the pattern gains with this test in any case: its other tokens may
            # leave none of those tokens a match ([pos="DET"] [lemma="bank"], where every
            # "Bank" is a name at a sentence's start), which "leaves out" would not say.
            gained = found and self.pattern_total(
                cql.ignoring_case_at(text, test.column), values, filters
            ) - self.pattern_total(text, values, filters)
            if found and gained == found:
                one = found == 1
                _noted(
                    result,
                    f"{found:,} more token{'' if one else 's'} {'has' if one else 'have'} a "
                    f'lemma that [lemma="{test.value}"] matches in another case only, which '
                    f"it leaves out (case-sensitive, as CQP; plain text's lemmas are "
                    f"lower-cased, a CoNLL-U or VRT file's kept as written): "
                    f'[lemma="{test.value}"%c{d}] takes {"it" if one else "them"} too; the '
                    f"pattern {other} lists {'it' if one else 'them'} (--cql)",
                )
            elif found and gained > 0:
                one = gained == 1
                _noted(
                    result,
                    f"{gained:,} more match{'' if one else 'es'} of the pattern "
                    f'{"has" if one else "have"} a token whose lemma [lemma="{test.value}"] '
                    f"matches in another case only, which it leaves out (case-sensitive, as "
                    f"CQP; plain text's lemmas are lower-cased, a CoNLL-U or VRT file's kept "
                    f'as written): with [lemma="{test.value}"%c{d}] the pattern takes '
                    f"{'it' if one else 'them'} too; {other} lists the {found:,} "
                    f"token{'' if found == 1 else 's'} with such a lemma (--cql)",
                )
        return result

    def _other_case_held(self, test: Any) -> bool:
        """Whether some token's lemma passes ``test`` in another case only: told from the
        vocabulary (what [lemma=".*"] would otherwise cost, a pattern over every token)."""
        import numpy as np

        from sensegrep.search.subcorpus import ignoring_case
        from sensegrep.search.token_columns import word_ids

        other = np.setdiff1d(
            word_ids(self.storage, ignoring_case(test)), word_ids(self.storage, test)
        )
        return bool(len(other)) and bool(self.storage.words_held("lemma", other).any())

    def separable(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on German or Dutch text, of the matches a search of a separable
        verb by lemma leaves out: `search anfangen` finds *anfangen* and *anfing*, while
        *fängt … an* has the lemma *fangen* and its particle is a token of its own, which
        no lemmatiser joins. Counted by the pattern that lists them (the verb and its
        particle later in the sentence: some may be another use of the particle)."""
        word = (values.get("word") or "").strip()
        particles = _SEPARABLE_PARTICLES.get(self.lang)
        if not particles or not word or values.get("cql") or values.get("form"):
            return result
        from sensegrep.search.query import word_tokens
        from sensegrep.text import lemma_of

        if len(word_tokens(word, self.lang)) != 1:
            return result
        key = composed(lemma_of(word, self.lang)).lower()
        particle = next((p for p in particles if key.startswith(p)), None)
        verb = key[len(particle) :] if particle else ""
        if not particle or len(verb) < 4 or not verb.endswith("n") or not verb.isalpha():
            return result
        pattern = f'[lemma="{verb}"%c] []{{0,{_PARTICLE_GAP}}} [word="{particle}"%c]'
        found = self.pattern_total(pattern, values, ("where", "doc", "pos"))
        if found:
            one = found == 1
            _noted(
                result,
                f"{found:,} more {'match' if one else 'matches'} may be {key!r} with its "
                f"particle apart ({verb} … {particle}: a "
                f"{_SEPARABLE_LANGUAGE[self.lang]} separable verb, whose "
                f"lemma is {verb!r} there), which a search by lemma leaves out: the "
                f"pattern {pattern} lists {'it' if one else 'them'} (--cql)",
            )
        return result

    def hyphen_clitics(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on French, Portuguese or Catalan text, of the tokens a
        search by lemma leaves out for holding a form of the word with pronouns joined by
        hyphens: `search aller` found *va* and *allons* but not *allez-vous*, nor `search
        dire` *dit-elle*, nor `search dar` *dá-me*, *deu-lhe* or *dar-te-ei* (simplemma
        keeps such a word one token and its lemma as written, or another: *dar-te-eis*),
        unsaid (pass 35q for pt and ca). Counted by the pattern that lists them (a noun
        written so, *rendez-vous*, may be among them)."""
        held = [lang for lang in self.languages if lang in _HYPHEN_CLITICS]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        written = self._hyphenated_holding(key, held, _hosts)
        joined = "hyphens"
        if any("'" in text or "’" in text for text in written):
            joined = "hyphens or apostrophes"  # Catalan dona'm, dona-m'ho
        pronouns = "pronouns"
        if "ro" in held and any("n" in _clitic_parts(text, "ro")[:-1] for text in written):
            pronouns = "pronouns or n- (nu)"  # Romanian n-am, n-a
        if "ro" in held and any(_clitic_parts(text, "ro")[-1:] == ["o"] for text in written):
            pronouns += " or the article o"  # într-o, which o ends as it does văzut-o
        return self._left_out(
            result, values, key, written,
            f"a form of {key!r} with {pronouns} joined by {joined}{{forms}}, one token "
            "whose lemma is not the word's",
        )  # fmt: skip

    def _hyphenated_holding(
        self, key: str, held: list[str], parts: Callable[[str, str], Iterable[str]]
    ) -> list[str]:
        """The words of the index (lower-cased) joined by hyphens in one of the languages
        ``held`` of which one of the ``parts`` (the verb: _hosts; each joined word:
        _joined_words) has the lemma ``key`` while the whole word has another."""
        from sensegrep.text import lemma_of

        return sorted(
            {
                text.lower()
                for lang in held
                for text in self._vocabulary_where(
                    _HYPHENATED, partial(_pronouns_joined, lang=lang), lang
                )
                if key in {composed(lemma_of(part, lang)).lower() for part in parts(text, lang)}
                and composed(lemma_of(text, lang)).lower() != key
            }
        )

    def joined_pronouns(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the tokens a search by lemma of a pronoun leaves out
        for holding it joined by a hyphen to a verb: Romanian `search sine` (se) found
        *se* and not *s-a* or *s-au*, `search nu` not *n-am*, `search eu` not *dă-mi*;
        French `search vous` not *allez-vous*, unsaid (pass 36d). Each joined word read
        as the word it stands for (s-: se), as simplemma reads that alone. Counted by the
        pattern that lists them."""
        held = [lang for lang in self.languages if lang in _HYPHEN_CLITICS]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        written = self._hyphenated_holding(key, held, _joined_words)
        return self._left_out(
            result, values, key, written,
            f"a form of {key!r} joined by a hyphen to another word{{forms}}, one token whose "
            "lemma is not the word's",
        )  # fmt: skip

    def compounds(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the tokens a search by lemma leaves out for holding
        the word joined by a hyphen to another word: text tokenised without spaCy
        (`--tagger none`, every language but English by default) keeps *river-bank* and
        *bank-holiday* one token each, whose lemma is the whole's, so `search bank`
        found 2 of 4 banks, unsaid, as it once left out *mole's* (pass 38a). Not in the
        languages whose own notes name such words (pronouns joined by hyphens, a word
        said twice). Counted by the pattern that lists them. The lemmatiser is asked
        only of words with a part that begins as the word searched does: a plain
        concordance imports none."""
        held = [lang for lang in self.languages if lang not in _HYPHEN_CLITICS | _WRITTEN_ON]
        word = composed((values.get("word") or "").strip()).lower()
        if not held or not word or values.get("cql") or values.get("form"):
            return result
        joined = self._compound_words()
        if not joined:
            return result
        # a word some token has as lemma is searched as itself (as _one_lemma_searched
        # says, with no lemmatiser); another, the search lemmatised (men: man): its
        # lemma's words too (`search men` said nothing of man-made)
        lemma = word if " " not in word and self._is_lemma(word) else None
        near = _beginning(joined, word)
        if lemma is None:
            lemma = self._one_lemma_searched(values)
            near = sorted({*near, *_beginning(joined, lemma)}) if lemma else []
        if near:  # (those the other languages' notes name: Allez-vous beside English text)
            named = self._named_joined()
            near = [text for text in near if text not in named]
        key = lemma if near else None
        if key is None:
            return result
        # (a part written as the lemma needs no lemmatiser: bank-holiday for bank)
        written = sorted(
            text
            for text in near
            if key in _HYPHENS.split(text)
            or any(key in _compound_parts(text, lang) for lang in held)
        )
        return self._left_out(
            result, values, key, written,
            f"{key!r} joined by a hyphen to another word{{forms}}, one token whose lemma "
            f"is not {key!r}",
        )  # fmt: skip

    def _is_lemma(self, word: str) -> bool:
        """Whether some token of the index has ``word`` (lower-cased) as its lemma."""
        from sensegrep.search.cql.tree import cql_literal

        return self.pattern_total(f'[lemma="{cql_literal(word)}"%c]', {}) > 0

    def _named_joined(self) -> set[str]:
        """The index's words (lower-cased) that the notes of its languages with pronouns
        joined by hyphens, or words said twice, name (hyphen_clitics, joined_pronouns,
        reduplicated): `search vous` on French text beside English said Allez-vous in
        two notes, 1 more token each (pass 38j)."""
        named: set[str] = set()
        for lang in self.languages:
            if lang in _HYPHEN_CLITICS:
                test = partial(_pronouns_joined, lang=lang)
                texts = self._vocabulary_where(_HYPHENATED, test, lang)
                named.update(composed(text).lower() for text in texts)
            if lang in _WRITTEN_ON:
                named.update(self._reduplicated_words(lang))
        return named

    def _compound_words(self) -> list[str]:
        """The index's words (lower-cased) with a hyphen between two of their letters;
        kept while the vocabulary is the same."""
        texts = self.storage.vocabulary()
        key = (id(texts), len(texts))
        found = _COMPOUNDS.get(key)
        if found is None:
            found = sorted({composed(t).lower() for t in texts if _JOINED.search(t)})
            if len(_COMPOUNDS) >= 4:
                _COMPOUNDS.clear()
            _COMPOUNDS[key] = found
        return found

    def hyphen_misread(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of its matches that are a word with pronouns joined by
        hyphens which simplemma reads, whole, as the word searched, though its verb is
        another: Romanian `search sau` ("or") listed *s-au* (se + au, of avea), `search
        său` *s-a*, `search neam` *ne-am*, unsaid (pass 36d). Counted by the pattern
        that lists them."""
        held = [lang for lang in self.languages if lang in _HYPHEN_CLITICS]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        from sensegrep.text import lemma_of

        written = sorted(
            {
                text.lower()
                for lang in held
                for text in self._vocabulary_where(
                    _HYPHENATED, partial(_pronouns_joined, lang=lang), lang
                )
                if composed(lemma_of(text, lang)).lower() == key
                and key
                not in {composed(lemma_of(host, lang)).lower() for host in _hosts(text, lang)}
            }
        )
        pattern, found = self._matches_written(key, written, values)
        if not found:
            return result
        one = found == 1
        shown = ", ".join(written[:5]) + (", …" if len(written) > 5 else "")
        return _noted(
            result,
            f"{found:,} of these matches {'is' if one else 'are'} a word with pronouns "
            f"joined by hyphens ({shown}), which simplemma reads whole as {key!r}, though "
            f"the word the pronouns are joined to is another: the pattern {pattern} lists "
            f"{'it' if one else 'them'} (--cql; `&` one with `word!=` for each to leave "
            "them out)",
        )

    def _matches_written(
        self, key: str, written: list[str], values: dict[str, Any]
    ) -> tuple[str, int]:
        """The pattern of the matches of lemma ``key`` written as one of ``written``, and
        how many there are under the request's filters (0 when ``written`` is empty)."""
        from sensegrep.search.cql.tree import cql_literal

        if not written:
            return "", 0
        forms = "|".join(cql_literal(form) for form in written)
        pattern = f'[lemma="{cql_literal(key)}"%c & word="{forms}"%c]'
        return pattern, self.pattern_total(pattern, values, ("where", "doc", "pos"))

    def contractions(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on Portuguese text, of its matches written as a
        contraction of a preposition and another word that simplemma reads as a form of
        the word searched: `search pelar` listed *pelo* and *pela* (por + o, a), `search
        dar` *deste* (de + este, and a form of dar too), `search o` *no* and *nos* (em +
        o, and the pronoun), unsaid (pass 35q). Counted by the pattern that lists them."""
        held = [lang for lang in self.languages if lang in _CONTRACTIONS]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        from sensegrep.text import lemma_of

        written = sorted(
            {
                form
                for lang in held
                for form in _CONTRACTIONS[lang]
                if form != key and composed(lemma_of(form, lang)).lower() == key
            }
        )
        pattern, found = self._matches_written(key, written, values)
        if not found:
            return result
        one = found == 1
        _noted(
            result,
            f"{found:,} of these matches {'is' if one else 'are'} written as a Portuguese "
            f"contraction of a preposition and another word ({', '.join(written)}), or a "
            f"word spelt as one, which simplemma gives the lemma {key!r}: the pattern "
            f"{pattern} lists "
            f"{'it' if one else 'them'} (--cql; `&` one with `word!=` for each to leave "
            "them out)",
        )
        return result

    def contracted_prepositions(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on Portuguese text, of the contractions of the
        preposition searched (de: do, deste, dele; em: no, na; por: pelo, pela), which
        simplemma reads as other words, so a search by lemma leaves them out: `search por`
        on *pelo correio* said "no occurrences", `search em` left out *no campo*, unsaid
        (pass 35r). Counted by the pattern that lists them (the pronoun *nos*, *deste* of
        *dar*, spelt so, may be among them)."""
        held = [lang for lang in self.languages if lang in _CONTRACTED_PREPOSITIONS]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        written = sorted(
            {
                form
                for lang in held
                if key in _CONTRACTED_PREPOSITIONS[lang]
                for form in _CONTRACTIONS[lang]
                if form.startswith(_CONTRACTED_PREPOSITIONS[lang][key])
            }
        )
        return self._left_out(
            result, values, key, written,
            f"a Portuguese contraction of {key!r} and another word{{forms}}, which "
            "simplemma reads as another word (a word spelt as one may be among them)",
        )  # fmt: skip

    def read_as(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, where queries are read in a language none of the
        index's text is in (an index of text in several languages, whose queries are
        read as English, or one opened in another language), of the lemma a word
        searched by lemma has in the text's languages where it differs from the one
        searched: on an es and it index `search nos` searched lemma *no* (English reads
        *nos* so), 15 Spanish *no*, when Spanish reads it *yo*, unsaid."""
        held = sorted(self.storage.manifest.text_analysis or {})
        key = self._one_lemma_searched(values) if held and self.lang not in held else None
        if key is None:
            return result
        from sensegrep.search.cql.tree import cql_literal
        from sensegrep.text import lemma_of

        word = (values.get("word") or "").strip()
        other = {lang: composed(lemma_of(word, lang)).lower() for lang in held}
        other = {lang: lemma for lang, lemma in other.items() if lemma != key}
        if not other:
            return result
        read = ", ".join(f"{lemma!r} in {lang}" for lang, lemma in other.items())
        texts = ", ".join(held)
        _noted(
            result,
            f"{word!r} was read as {self.lang} (lemma {key!r}), while this index holds text "
            f"in {texts}: it is {read} (give that lemma, or the form as written: "
            f"--cql '[word=\"{cql_literal(word)}\"%c]'; sensegrep.open(path, lang=…) reads "
            f"queries in one language)",
        )
        return result

    def enclitics(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on Spanish, Italian or Galician text, of the tokens a
        search by lemma leaves out for holding a form of the word with pronouns written
        on it: `search explicar` found *explicó* but not *Explícamelo*, nor `search dar`
        *dámelo* or `search sedere` *Siediti* (simplemma keeps such a word as written,
        always when it begins with a capital, as a sentence's first word does, or gives
        it another lemma: *dímelo*, *dimir*), unsaid; nor Galician `search dar` *Dálle*
        or *Déronllo* (pass 36d). Counted by the pattern that lists them (a word that
        only looks so may be among them)."""
        held = [lang for lang in self.languages if lang in _ENCLITICS]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        written = _hosted_by(key, held, self._enclitic_words)
        return self._left_out(
            result, values, key, written,
            f"a form of {key!r} with pronouns written on it{{forms}}, one token whose "
            f"lemma is not {key!r}",
        )  # fmt: skip

    def enclitic_pronouns(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on Spanish, Italian or Galician text, of the tokens a
        search by lemma of a pronoun leaves out for holding it written on a verb:
        Galician `search lle` found *lle* and not *Dálle* or *Déronllo*, Spanish `search
        yo` (me) not *Dámelo*, unsaid (pass 36d). Counted by the pattern that lists them
        (a word that only looks so may be among them)."""
        held = [lang for lang in self.languages if lang in _ENCLITICS]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        written = sorted(
            {text for lang in held for text in self._words_by_enclitic(lang).get(key, ())}
        )
        return self._left_out(
            result, values, key, written,
            f"a form of {key!r} written on a verb{{forms}}, one token whose lemma is not "
            f"{key!r}",
        )  # fmt: skip

    def _words_by_enclitic(self, lang: str) -> dict[str, set[str]]:
        """The index's words that may be a verb with pronouns written on it in ``lang``
        (_enclitic_words), by the lemma of each pronoun they may hold; kept while the
        vocabulary is the same (a search looks one pronoun up)."""
        from sensegrep.text import lemma_of

        words = self._enclitic_words(lang)
        key = (id(words), len(words), lang)
        found = _BY_ENCLITIC.get(key)
        if found is None:
            found = {}
            for text in words:
                for clitic in _enclitic_pronouns(text, lang):
                    found.setdefault(composed(lemma_of(clitic, lang)).lower(), set()).add(text)
            if len(_BY_ENCLITIC) >= 4:
                _BY_ENCLITIC.clear()
            _BY_ENCLITIC[key] = found
        return found

    def _enclitic_words(self, lang: str) -> dict[str, set[str]]:
        """The index's words (lower-cased) that may be a verb with pronouns written on
        it in ``lang`` and that simplemma knows in none of the index's languages (not
        Italian *nome* as Spanish *no* + *me* in an index of both), each with the
        lemmas of the verbs it may be; kept while the vocabulary is the same."""
        import simplemma

        texts = self.storage.vocabulary()
        languages = tuple(self.languages)
        key = (id(texts), len(texts), lang, languages)
        found = _ENCLITIC.get(key)
        if found is None:
            found = {}
            for text in texts:
                lower = text.lower()
                if (
                    lower not in found
                    and _ENCLITIC_SHAPED[lang].match(lower)
                    and not any(simplemma.is_known(lower, lang=known) for known in languages)
                ):
                    found[lower] = _enclitic_hosts(lower, lang)
            if len(_ENCLITIC) >= 4:
                _ENCLITIC.clear()
            _ENCLITIC[key] = found
        return found

    def reduplicated(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on Indonesian or Malay text, of the tokens a search by
        lemma leaves out for holding the word said twice (buku-buku, berlari-lari,
        sayur-mayur) or with a particle or pronoun written on it (makanlah, siapakah):
        simplemma keeps such a word as written, so `search buku` found *bukunya* and not
        *buku-buku*, unsaid (pass 37g). Counted by the pattern that lists them."""
        held = [lang for lang in self.languages if lang in _WRITTEN_ON]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        written = _hosted_by(key, held, self._reduplicated_words)
        said = [
            what
            for what, held in (
                ("said twice, joined by a hyphen", any("-" in text for text in written)),
                ("with a particle or pronoun (-lah, -kah, -nya …) written on it",
                 any("-" not in text for text in written)),
            )
            if held
        ]  # fmt: skip
        return self._left_out(
            result, values, key, written,
            f"{key!r} {', or '.join(said)}{{forms}}, one token whose lemma is not {key!r}",
        )  # fmt: skip

    def korean_particles(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on a search by lemma of a Korean word, of the tokens
        that write it with a particle or the copula on it (한강은, 한강이다), which it
        leaves out: one token each, whose lemma is the token's own (pass 38d). Counted
        by the pattern that lists them."""
        if not _HANGUL_WORD.fullmatch(composed((values.get("word") or "").strip())):
            return result  # (before the lemma: a plain concordance loads no lemmatiser)
        key = self._one_lemma_searched(values)
        if key is None or len(key) < 2 or not _HANGUL_WORD.fullmatch(key):
            return result
        written = sorted(self._particled_words().get(key, ()))
        return self._left_out(
            result, values, key, written,
            f"{key!r} with a particle or ending written on it{{forms}}, as Korean writes "
            f"은, 는, 이, 가, 을, 를, 에서 …, one token whose lemma is not {key!r}",
        )  # fmt: skip

    def _particled_words(self) -> dict[str, set[str]]:
        """The index's Korean words (composed, lower-cased) that end in a particle or
        ending of _KOREAN_PARTICLES, by the word before it; kept while the vocabulary is
        the same."""
        texts = self.storage.vocabulary()
        key = (id(texts), len(texts))
        found = _PARTICLED.get(key)
        if found is None:
            found = {}
            for text in texts:
                if not _HANGUL_WORD.search(text):
                    continue
                word = composed(text).lower()
                if not _HANGUL_WORD.fullmatch(word):
                    continue
                for end in range(1, min(len(word), _KOREAN_LONGEST + 1)):
                    if _korean_ending(word[-end:]):
                        found.setdefault(word[:-end], set()).add(word)
            found = {stem: _particled_alone(stem, words, found) for stem, words in found.items()}
            if len(_PARTICLED) >= 4:
                _PARTICLED.clear()
            _PARTICLED[key] = found
        return found

    def syllables(self, table: Table, options: Mapping[str, Any]) -> Table:
        """``table`` (a frequency list or collocates by word) with a note, on an index
        whose Vietnamese words are in syllables (plain text: a space parts them), that
        its rows and counts are of syllables: `freq` counted *học* of *học sinh*
        (pupil) beside the verb, said at indexing alone (pass 37g)."""
        if (options.get("by") or "lemma") not in ("lemma", "form", "lemma_pos"):
            return table
        if not self._in_syllables():
            return table
        if any(map(_row_of_words, table)) and not any(map(_row_in_vietnamese, table)):
            # a table of the index's other text alone (`freq --where lang=en` of a
            # parallel corpus, `collocates bank`) was said to be of syllables (pass 37k)
            return table
        return _noted(
            table,
            "this index's Vietnamese text was indexed with a space between syllables, as "
            "it is written, so its tokens are syllables: these rows and counts are of "
            "syllables (học sinh is học and sinh), not words; give it segmented into "
            "words (CoNLL-U or VRT) for counts of words",
        )

    def _in_syllables(self) -> bool:
        """Whether the index holds Vietnamese in syllables: words with letters only
        Vietnamese writes, 20 or more and a fifth of its words or more, none holding a
        space or an underscore (as a word of several syllables given segmented does)."""
        from sensegrep.text import vietnamese_letter

        texts = self.storage.vocabulary()
        key = (id(texts), len(texts))
        found = _SYLLABLES.get(key)
        if found is None:
            words = [text for text in texts if text[:1].isalpha()]
            marked = [text for text in words if vietnamese_letter(text)]
            found = (
                len(marked) >= 20
                and len(marked) >= 0.2 * len(words)
                and not any(" " in text or "_" in text for text in marked)
            )
            _SYLLABLES.clear()
            _SYLLABLES[key] = found
        return found

    def reduplicated_rows(self, table: Table, options: Mapping[str, Any]) -> Table:
        """``table`` (a frequency list by lemma of an index with Indonesian or Malay
        text) with a note of the tokens counted in rows of their own for a word said
        twice or with a particle on it, which simplemma keeps as its lemma: `freq` gave
        *buku* 28 and *buku-buku* 18 in another row, unsaid (pass 37g)."""
        from sensegrep.search.cql.tree import cql_literal
        from sensegrep.text import lemma_of

        held = [lang for lang in self.languages if lang in _WRITTEN_ON]
        by = options.get("by") or "lemma"
        if not held or by not in ("lemma", "lemma_pos") or options.get("cql"):
            return table
        kept = sorted(
            {
                text
                for lang in held
                for text, hosts in self._reduplicated_words(lang).items()
                if composed(lemma_of(text, lang)).lower() not in hosts
            }
        )
        if not kept:
            return table
        pattern = f'[lemma="{"|".join(cql_literal(text) for text in kept)}"%c]'
        found = self.pattern_total(pattern, options)
        if not found:
            return table
        try:
            filters = {k: options[k] for k in ("where", "doc") if options.get(k)}
            rows = list(self.count("", "lemma", cql=pattern, **filters))
        except SensegrepError:
            rows = []
        shown = ", ".join(f"{row['value']}: {row['count']:,}" for row in rows[:3])
        shown = f" ({shown}{', …' if len(rows) > 3 else ''})" if shown else ""
        one = found == 1
        return _noted(
            table,
            f"{found:,} token{' is' if one else 's are'} a word said twice, joined by a "
            f"hyphen, or with a particle or pronoun written on it{shown}, which simplemma "
            "keeps as its own lemma: counted in a row of its own, not in its word's (a "
            f"search of the word says so); the pattern {pattern} lists "
            f"{'it' if one else 'them'} (--cql)",
        )

    def _reduplicated_words(self, lang: str) -> dict[str, set[str]]:
        """The index's words (lower-cased) that simplemma knows in none of the index's
        languages and that are a word said twice or with ``lang``'s particles on it
        (_reduplication_hosts), each with the lemmas of the word they may hold; kept
        while the vocabulary is the same."""
        import simplemma

        texts = self.storage.vocabulary()
        languages = tuple(self.languages)
        key = (id(texts), len(texts), lang, languages)
        found = _REDUPLICATED.get(key)
        if found is None:
            found = {}
            for text in texts:
                lower = composed(text).lower()
                if lower in found or not any(map(str.isalpha, lower)):
                    continue
                if any(simplemma.is_known(lower, lang=known) for known in languages):
                    continue
                hosts = _reduplication_hosts(lower, lang, False)
                if not hosts and _reduplication_hosts(lower, lang, True):
                    # on a word of two letters (ianya: ia) where a token writes it in
                    # lower case, as no name (Kenya) is
                    hosts = _reduplication_hosts(lower, lang, self._uncased(lower))
                if hosts:
                    found[lower] = hosts
            if len(_REDUPLICATED) >= 4:
                _REDUPLICATED.clear()
            _REDUPLICATED[key] = found
        return found

    def _uncased(self, word: str) -> bool:
        """Whether a token of the index is written ``word`` (lower-cased), as it stands."""
        from sensegrep.search.cql.tree import cql_literal

        return self.pattern_total(f'[word="{cql_literal(word)}"]', {}) > 0

    def cased_lemmas(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on text lemmatised by simplemma (every language but
        English), of the lemmas its matches hold that differ in case alone: lemmas are
        lower-cased here, so German *Kosten* (the noun) and *kosten* (the verb, *kostet*)
        are one lemma, and `search Kosten` counted 7 *kostet* among its 24 matches,
        unsaid. Each is counted by its forms as written (simplemma's reading of each)."""
        word = (values.get("word") or "").strip()
        if (
            self.lang == "en"
            or not word
            or values.get("cql")
            or values.get("form")
            or values.get("any_word")
            or not result.total
            or result.total > _CASED_LEMMAS_MAX
        ):
            return result
        import simplemma

        from sensegrep.search.cql.tree import cql_literal
        from sensegrep.search.query import word_tokens
        from sensegrep.text import lemma_of, without_soft_hyphens

        if len(word_tokens(word, self.lang)) != 1:
            return result
        key = composed(lemma_of(word, self.lang)).lower()
        filters = {k: values.get(k) for k in ("where", "doc", "pos") if values.get(k)}
        try:
            counts = self.count(word, "form", match_case=True, **filters)
        except SensegrepError:
            return result
        forms: dict[str, list[tuple[str, int]]] = {}
        first: dict[str, list[tuple[str, int]]] = {}  # read lower-cased: sentence starts
        opened: list[tuple[str, str, str, int]] = []  # (form, cased, lower-cased, count)
        for row in counts:
            form = str(row["value"])
            plain = without_soft_hyphens(form)
            opening = False
            if not simplemma.is_known(plain, lang=self.lang) or (
                opening := plain[:1].isupper() and self._only_first_in_sentences(form, filters)
            ):
                # a word simplemma has no entry for in this case is its own "lemma" as
                # written: a sentence's first Temps is temps, no other lemma; nor is a
                # capital that only a sentence's start gives (Spanish Libro, which
                # simplemma lists, at the start of "Libro nuevo.")
                cased = composed(simplemma.lemmatize(plain, lang=self.lang))
                if (
                    opening
                    and cased.lower() == key
                    and cased != cased.lower()
                    and not _suffixed_name(plain, self.lang)
                ):
                    first.setdefault(cased, []).append((form, int(row["count"])))
                lemma = composed(simplemma.lemmatize(plain.lower(), lang=self.lang))
                if opening:
                    opened.append((form, cased, lemma, int(row["count"])))
                    continue
            else:
                lemma = composed(simplemma.lemmatize(plain, lang=self.lang))
            if lemma.lower() == key:
                forms.setdefault(lemma, []).append((form, int(row["count"])))
        for form, cased, lemma, count in opened:
            # A name opening a sentence in one form and written within one in another
            # (Turkish "Ankara'dan …" and "… Ankara'dır."; German "Berlin …", "…
            # Berlins") is that name, whose capital the text shows elsewhere: read as
            # a lower-cased word, the note said its matches were of 2 lemmas that
            # differ in case alone (ankara, Ankara) (pass 37g).
            lemma = cased if cased in forms else lemma
            if lemma.lower() == key:
                forms.setdefault(lemma, []).append((form, count))
        if len(forms) < 2:
            if first and not any(lemma in forms for lemma in first):
                # German "Kosten steigen." alone: its noun may be only at sentence starts
                # (pass 34r: `search kosten --where` on such a document said nothing).
                listed = [f for lemma in sorted(first) for f, _ in first[lemma]]
                opened = sum(n for lemma in first for _, n in first[lemma])
                # German capitalises its nouns; Spanish or Italian a name (pass 35c: a
                # sentence's first Libro was said to be told "as a German noun").
                told = (
                    "a German noun is told from its verb"
                    if self.lang == "de"
                    else "a name is told from a word"
                )
                one = opened == 1
                _noted(
                    result,
                    f"{opened:,} of these matches ({', '.join(listed)}) "
                    f"{'is' if one else 'are'} capitalised only where "
                    f"{'it begins' if one else 'they begin'} a sentence, so "
                    f"{'it' if one else 'they'} may be of another lemma that "
                    f"simplemma tells apart by its capital alone ({', '.join(sorted(first))}, as "
                    f"{told}), or of this one: "
                    f'[word="{"|".join(cql_literal(f) for f in listed)}"] lists '
                    f"{'it' if one else 'them'} (--cql)",
                )
            return result
        lemmas = sorted(forms, key=lambda lemma: -sum(n for _, n in forms[lemma]))
        shown = ", ".join(f"{lemma}: {sum(n for _, n in forms[lemma]):,}" for lemma in lemmas)
        patterns = "; ".join(
            f'{lemma}: [word="{"|".join(cql_literal(f) for f, _ in forms[lemma])}"]'
            for lemma in lemmas
        )
        _noted(
            result,
            f"these matches are of {len(lemmas)} lemmas that differ in case alone ({shown}), "
            f"one lemma here, where lemmas are lower-cased (a noun and a verb, in German): "
            f"the patterns that list each, by its forms as written: {patterns} (--cql)",
        )
        return result

    def _only_first_in_sentences(self, form: str, filters: dict[str, Any]) -> bool:
        """Whether every token written ``form`` begins its sentence (nothing to its
        left): its capital may be the sentence's, not the word's."""
        from sensegrep.search.arrange import NONE
        from sensegrep.search.cql.tree import cql_literal

        try:
            rows = self.count("", "left1", cql=f'[word="{cql_literal(form)}"]', **filters)
        except SensegrepError:
            return False
        return all(row["value"] == NONE for row in rows)

    def elided(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on text lemmatised by simplemma (every language but
        English, whose clitics are split), of the tokens a search by lemma leaves out
        for holding the word after an elided one that simplemma does not take off: its
        *l'uomo* and *dell'uomo* have the lemma uomo, *all'uomo* itself, so `search uomo`
        left it out, unsaid. Counted by the pattern that lists them."""
        held = [lang for lang in self.languages if lang != "en"]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        from sensegrep.text import lemma_of

        written = sorted(
            {
                text.lower()
                for text in self._vocabulary_where(_ELIDED, _AFTER_APOSTROPHE.match)
                if (tail := _AFTER_APOSTROPHE.match(text))
                for lang in held
                if composed(lemma_of(tail.group(1), lang)).lower() == key
                and composed(lemma_of(text, lang)).lower() != key
            }
        )
        return self._left_out(
            result, values, key, written,
            f"{key!r} after an elided word and an apostrophe{{forms}}, one token whose "
            f"lemma is not {key!r}",
        )  # fmt: skip

    def capitalised(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on text lemmatised by simplemma, of the tokens a search
        by lemma leaves out for a capital that simplemma reads as another word's: its
        Polish dictionary lists the names *Prace* and *Źródła* (places), so a sentence's
        first *Prace* (works) has the lemma prace, not praca, and `search praca` found 1
        of 8, unsaid (pass 37c). A word whose lower-case form has the searched lemma and
        whose capitalised form another; counted by the pattern that lists them (a name
        written so, where the text means the place, is among them)."""
        held = [lang for lang in self.languages if lang != "en"]
        english = "en" in self.languages  # (spaCy's, or simplemma's, reading)
        key = self._one_lemma_searched(values) if held or english else None
        if key is None:
            return result
        from sensegrep.text import lemma_of

        capitals = self._capitalised_beginning(key[:2])
        read_so = {
            text
            for text in capitals
            for lang in held
            if composed(lemma_of(composed(text).lower(), lang)).lower() == key
            and composed(lemma_of(text, lang)).lower() != key
        }
        # English: the tagger's lemma is the one to doubt, not simplemma's (spaCy read a
        # sentence's first Fishermen as a name, lemma Fishermen: pass 40a); _left_out
        # counts only the tokens whose lemma is not the word's.
        tagged_so = (self._held_capitals(key) if english else set()) - read_so
        result = self._capitalised_left_out(
            result, values, key, read_so,
            "read by simplemma as another word it lists with a capital (a name, or a "
            "noun where nouns are written so)",
        )  # fmt: skip
        return self._capitalised_left_out(
            result, values, key, tagged_so,
            "to which the tagger gave a lemma of its own (read as a name, or as another "
            "word)",
        )  # fmt: skip

    def _held_capitals(self, key: str) -> set[str]:
        """The index's capitalised words whose lower-case form the index holds, in any
        case, as a token of the lemma ``key``: Fishermen, where fishermen elsewhere has
        the lemma fisherman. The index is the lexicon here: simplemma's English
        dictionary, loaded for it, cost every one-off search 0.7 s (pass 40j), so a form
        held nowhere with the lemma (Oxen alone) is not said. Its forms, not the lemma's
        first two letters, pick the capitals (Geese of goose), and a form held with the
        lemma only as capitalised counts (Knives, every one a sentence's first; pass
        40l)."""
        from sensegrep.search.cql.tree import cql_literal

        forms = self.storage.forms_of_lemma(key)  # (the token store's, listing no match)
        if forms is None:
            try:
                rows = self.count("", "form", cql=f'[lemma="{cql_literal(key)}"%c]')
            except SensegrepError:
                return set()
            forms = [str(row["value"]) for row in rows]
        held = {composed(form).lower() for form in forms}
        return {
            text
            for prefix in {form[:2] for form in held}
            for text in self._capitalised_beginning(prefix)
            if composed(text).lower() in held
        }

    def _capitalised_left_out(
        self, result: Any, values: dict[str, Any], key: str, read_so: set[str], why: str
    ) -> Any:
        """``result`` with the note of :meth:`capitalised` of the capitalised words
        ``read_so`` (``why`` their lemma is another), those only that begin every sentence
        they are in."""
        # Only where a sentence's start gives the capital: mid-sentence, W Szczecinie is
        # the city, no szczecina (bristle) written so.
        filters = {k: values.get(k) for k in ("where", "doc", "pos") if values.get(k)}
        written = sorted(
            {composed(text) for text in read_so if self._only_first_in_sentences(text, filters)}
        )
        if any(" with another lemma (" in note for note in result.notes):
            # written as the word searched (German Reisen, the noun's plural): that note
            # counts them already; said twice, a reader counted two tokens (pass 37h)
            typed = composed((values.get("word") or "").strip()).lower()
            written = [text for text in written if text.lower() != typed]
        # The capitals alone: in any case, `search leave` counted every adjective *left*
        # (the left bank) with a sentence's first Left (pass 40l).
        return self._left_out(
            result, values, key, written,
            f"what may be {key!r} written with a capital, as a sentence's first word "
            f"is{{forms}}, {why}",
            cased=True,
        )  # fmt: skip

    def _capitalised_beginning(self, prefix: str) -> list[str]:
        """The index's capitalised words (_capitalised) whose first two letters, lower-
        cased, are ``prefix``: a word's forms share them with its lemma (praca, Prace),
        mostly, and a search reads only those, not every capitalised word. Kept while
        the vocabulary is the same (it grows in place)."""
        texts = self.storage.vocabulary()
        key = (id(texts), len(texts))
        grouped = _CAPITALISED.get(key)
        if grouped is None:
            grouped = {}
            for text in texts:
                if _capitalised(text):
                    grouped.setdefault(composed(text).lower()[:2], []).append(text)
            _CAPITALISED.clear()
            _CAPITALISED[key] = grouped
        return grouped.get(prefix, [])

    def apocopated(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note, on text lemmatised by simplemma, of the matches a
        search by lemma leaves out for a word written short with an apostrophe, which
        the tokeniser cuts from it: Italian *un po'* is *po* and *'*, lemma *po*, so
        `search poco` left it out, unsaid (pass 35c). Counted by the pattern that lists
        them (the word, then an apostrophe: now and then a quote after the word)."""
        held = [lang for lang in self.languages if lang != "en"]
        key = self._one_lemma_searched(values) if held else None
        if key is None:
            return result
        from sensegrep.search.cql.tree import cql_literal

        written = sorted(
            {
                text
                for lang in held
                for text, lemma in self._short_words(lang).items()
                if lemma == key
            }
        )
        if not written:
            return result
        alternatives = "|".join(cql_literal(text) for text in written)
        # (Greek writes its elision with the koronis ᾽, U+1FBD, too: δ᾽ is δέ, pass 38e)
        pattern = f'[word="{alternatives}"%c & lemma!="{cql_literal(key)}"%c] [word="[\'’ʼ᾽]"]'
        found = self.pattern_total(pattern, values, ("where", "doc"))
        if found:
            one = found == 1
            _noted(
                result,
                f"{found:,} more {'match' if one else 'matches'} may be {key!r} written short "
                f"with an apostrophe ({', '.join(f'{text}{chr(39)}' for text in written)}), "
                f"whose apostrophe simplemma's tokeniser makes a token of its own, so that a "
                f"search by lemma leaves {'it' if one else 'them'} out: the pattern "
                f"{pattern} lists {'it' if one else 'them'} (--cql)",
            )
        return result

    def _short_words(self, lang: str) -> dict[str, str]:
        """The index's short words (lower-cased) whose lemma in ``lang`` written with an
        apostrophe is another (po: poco), each with that lemma; kept while the
        vocabulary is the same."""
        from sensegrep.text import lemma_of

        texts = self.storage.vocabulary()
        key = (id(texts), len(texts), lang)
        found = _SHORT.get(key)
        if found is None:
            found = {}
            for text in texts:
                lower = text.lower()
                if lower not in found and _short_word(lower):
                    lemma = composed(lemma_of(lower + "'", lang)).lower()
                    if lemma != composed(lemma_of(lower, lang)).lower():
                        found[lower] = lemma
            if len(_SHORT) >= 4:
                _SHORT.clear()
            _SHORT[key] = found
        return found

    def _left_out(
        self,
        result: Any,
        values: dict[str, Any],
        key: str,
        written: list[str],
        what: str,
        cased: bool = False,
    ) -> Any:
        """``result`` with a note of the tokens written as one of ``written`` (lower-
        cased, or as written where ``cased``) whose lemma is not ``key``, which a search
        by lemma leaves out: "N more tokens hold {what}", its ``{forms}`` the commonest
        three of them, with the pattern that lists them."""
        from sensegrep.search.cql.tree import cql_literal

        if not written:
            return result
        in_any_case = "" if cased else "%c"
        alternatives = "|".join(cql_literal(text) for text in written)
        pattern = f'[word="{alternatives}"{in_any_case} & lemma!="{cql_literal(key)}"%c]'
        filters = ("where", "doc", "pos")
        found = self.pattern_total(pattern, values, filters)
        if not found:
            return result
        try:
            asked = {"cql": pattern, **{k: values.get(k) for k in filters if values.get(k)}}
            counts = self.count("", "form", **asked)
            forms = ", ".join(f"{row['value']}: {row['count']:,}" for row in list(counts)[:3])
            forms = f" ({forms}{', …' if len(counts) > 3 else ''})"
            if len(asked) == 1:  # the whole index's forms: not its lemmas' texts (l-avea)
                texts = (composed(str(row["value"])) for row in counts)
                written = sorted({text if cased else text.lower() for text in texts})
                alternatives = "|".join(cql_literal(text) for text in written)
                pattern = f'[word="{alternatives}"{in_any_case} & lemma!="{cql_literal(key)}"%c]'
        except SensegrepError:
            forms = ""
        one, held = found == 1, what.replace("{forms}", forms)
        _noted(
            result,
            f"{found:,} more token{'' if one else 's'} {'holds' if one else 'hold'} {held}, "
            f"which a search by lemma leaves out: the pattern {pattern} lists "
            f"{'it' if one else 'them'} (--cql)",
        )
        return result

    def _one_lemma_searched(self, values: dict[str, Any]) -> str | None:
        """The lemma (composed, lower-cased) of a search by lemma of one word, as the
        search looks it up: the word itself where some token has it as lemma, else the
        lemma simplemma gives it (Romanian `search da` searches the verb da, which
        simplemma, given the word alone, reads as *deca*, so that no note of *dă-mi*
        was said); None for a pattern, a search by form or a phrase."""
        from sensegrep.search.cql.tree import cql_literal
        from sensegrep.search.query import word_tokens
        from sensegrep.text import lemma_of

        word = (values.get("word") or "").strip()
        if not word or values.get("cql") or values.get("form"):
            return None
        if len(word_tokens(word, self.lang)) != 1:
            return None
        typed = composed(word).lower()
        # Whether some token has it as lemma is asked first: simplemma's dictionary,
        # loaded on a first lemma_of, cost a one-off CLI search 0.2 s (pass 40j).
        cached = self._lemma_held  # (each note of one search asks it)
        if cached is None or cached[0] is not values or cached[1] != typed:
            held = self.pattern_total(f'[lemma="{cql_literal(typed)}"%c]', {}) > 0
            cached = self._lemma_held = (values, typed, held)
        return typed if cached[2] else composed(lemma_of(word, self.lang)).lower()

    def _vocabulary_where(
        self, cache: dict[Any, list[str]], test: Callable[[str], Any], *about: str
    ) -> list[str]:
        """The index's words that pass ``test``, kept in ``cache`` while its vocabulary
        is the same (it grows in place): the elided words (all'uomo, quelqu'un), a form
        and French pronouns joined by hyphens (allez-vous, a-t-il); ``about``: what else
        the test depends on (a language), in the cache's key."""
        texts = self.storage.vocabulary()
        key = (id(texts), len(texts), *about)
        found = cache.get(key)
        if found is None:
            found = [text for text in texts if test(text)]
            if len(cache) >= 4:
                cache.clear()
            cache[key] = found
        return found

    def apostrophes(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the tokens a form search leaves out for writing
        its apostrophe another way (l'homme, l’homme: a form is matched as written,
        and French or Italian text mixes both; Ukrainian м'ясо, м’ясо and мʼясо, whose
        U+02BC a form search left out unsaid, pass 38e), or a search of a word cut into several
        tokens, which is searched as their forms (don't: do n't; didn’t was not among
        its 0 matches, unsaid)."""
        word = values.get("word") or ""
        by_form = values.get("form") or str(getattr(result, "searched", "") or "").startswith(
            "[word="
        )
        written = [mark for mark in _APOSTROPHES if mark in word]
        if not by_form or values.get("cql") or not written:
            return result
        from sensegrep.search.query import word_tokens

        for mark, shown in _APOSTROPHES.items():
            other = word.translate(str.maketrans(dict.fromkeys(written, mark)))
            if other == word:
                continue
            # By form, as this word was: donʼt, one token (U+02BC is a letter), is
            # lemmatised as do where don't is searched as the forms do n't.
            request = search_request_of({**values, "word": other, "form": True})
            try:
                found = self.searcher.total(request)
            except SensegrepError:  # no token has the other spelling
                continue
            form = values.get("form") or len(word_tokens(other, self.lang)) == 1
            if found:
                _noted(
                    result,
                    f"{found:,} more {'match writes' if found == 1 else 'matches write'} the "
                    f"apostrophe as {shown}: search {other!r}"
                    f"{' --form' if form else ''} finds "
                    f"{'it' if found == 1 else 'them'}",
                )
        return result

    def hebrew_quotes(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` (of a Hebrew word written with a geresh or gershayim, ׳ ״, or the
        ' and " typed for them) with a note of the tokens written the other way that it
        left out: text mixes צה״ל and צה"ל, and a search of one left the other out
        unsaid (pass 37d). By lemma, those of another lemma than the one searched
        (simplemma gives ג׳ירפה the lemma ג'ירפה, so a search by lemma has both)."""
        from sensegrep.search.cql.tree import cql_literal
        from sensegrep.search.query import word_tokens

        word = values.get("word") or ""
        other = word.translate(_HEBREW_TYPED)
        if values.get("cql") or _HEBREW_LETTER.search(word) is None or other == word:
            return result
        lemma = None if values.get("form") else _lemma_searched(result, word)
        # A word typed with a final ' (ג'ורג' for ג׳ורג׳) is two tokens, ג'ורג and ': its
        # matches are a sequence's, which no pattern of one token finds (pass 37j).
        apart = any(len(word_tokens(text, self.lang)) != 1 for text in (word, other))
        pattern = None
        try:
            if values.get("form") or apart:
                asked = {**values, "word": other, "form": True}
                found = self.searcher.total(search_request_of(asked))
            elif lemma is None:
                return result  # (searched as a sequence of forms)
            else:
                pattern = f'[word="{cql_literal(other)}"%c & lemma!="{cql_literal(lemma)}"%c]'
                found = self.pattern_total(pattern, values)
        except SensegrepError:  # no token has the other spelling
            return result
        if not found:
            return result
        typed = "'" in other or '"' in other
        how = "with ' and \" typed for ׳ and ״" if typed else "with ׳ and ״ for ' and \""
        them = "it" if found == 1 else "them"
        finds = (
            f"search {other!r} --form finds {them}"
            if pattern is None
            else f"the pattern {pattern} (--cql) lists {them}"
        )
        return _noted(
            result,
            f"{found:,} more {'match writes' if found == 1 else 'matches write'} "
            f"{word!r} {how} ({other}), which a search takes as another word: {finds}",
        )

    def widths(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the tokens that write the word searched in other
        widths or with a ligature, as NFKC reads them (full-width ２０２３ for 2023,
        half-width ｶﾀｶﾅ for カタカナ, ﬁnal for final), or, for a word typed so, in the
        usual ones: a search takes them as other characters, and Japanese text mixes
        both, so `search カタカナ` said no occurrences of the ｶﾀｶﾅ in it (pass 37d)."""
        from sensegrep.search.cql.tree import cql_literal
        from sensegrep.search.query import word_tokens

        word = composed((values.get("word") or "").strip())
        if not word or values.get("cql"):
            return result
        vocabulary = self.storage.vocabulary()
        twins = width_twins(vocabulary, word)
        usual = unicodedata.normalize("NFKC", word)
        if usual != word and width_written(word) and _held(vocabulary, usual):
            twins.append(usual)
        lemma = None if values.get("form") else _lemma_searched(result, word)
        forms = []  # other forms of the lemma so written (Auﬂagen of Auflage, pass 37j)
        if lemma is not None and usual == word:
            known = {twin.lower() for twin in twins} | {word.lower()}
            forms = [
                form
                for form in width_lemma_twins(vocabulary, lemma, self.lang)
                if form.lower() not in known
            ]
        twins += forms
        # (word_tokens may load the lemmatiser: asked only of a word with such twins)
        if not twins or len(word_tokens(word, self.lang)) != 1:
            return result
        spelt = " | ".join(f'word="{cql_literal(twin)}"%c' for twin in twins[:10])
        other_lemma = f' & lemma!="{cql_literal(lemma)}"%c' if lemma is not None else ""
        pattern = f"[({spelt}){other_lemma}]" if other_lemma else f"[{spelt}]"
        found = self.pattern_total(pattern, values)
        if not found:
            return result
        listed = ", ".join(twins[:10]) + (", …" if len(twins) > 10 else "")
        them = "it" if found == 1 else "them"
        lemma_forms = " or another form of its lemma" if forms else ""
        return _noted(
            result,
            f"{found:,} more {'match writes' if found == 1 else 'matches write'} {word!r}"
            f"{lemma_forms} in other widths, with a ligature or in presentation forms "
            f"({listed}), which a search takes as other characters (NFKC reads them "
            "alike): the pattern "
            f"{pattern} (--cql) lists {them}",
        )

    def number_groups(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the numbers written in groups with a no-break or thin
        space (10 000), one token each (text.GROUPED_NUMBER), that a search of the number
        typed with plain spaces, searched as the tokens 10 and 000, leaves out: `search
        "10 000"` listed the numbers written so with a plain space alone, unsaid."""
        from sensegrep.search.cql.tree import cql_literal

        word = (values.get("word") or "").strip()
        if values.get("cql") or not _SPACED_NUMBER.fullmatch(word):
            return result
        lemma = plain_number(word.replace(" ", "\u00a0"))
        pattern = f'[lemma="{cql_literal(lemma)}"]'
        found = self.pattern_total(pattern, values)  # (0 where no token has that lemma)
        if not found:
            return result
        them = "it" if found == 1 else "them"
        return _noted(
            result,
            f"{found:,} more {'match' if found == 1 else 'matches'} of {word!r} (written "
            f"with a no-break or thin space between its groups, one token, or without "
            f"spaces: lemma {lemma}): `search {lemma}` lists {them}",
        )

    def written_as_one(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the places a CoNLL-U file wrote the word searched as
        one multiword token (German zum, French du), which the index reads as its words
        (zu dem, de le): `search zum` found nothing there, and `index`'s note alone said
        so (pass 38l: 27 of 90 in its corpus)."""
        word = (values.get("word") or "").strip()
        if values.get("cql"):
            return self._pattern_written_as_one(result, values)
        if not word or " " in word:
            return result
        asked = {"word": word, "where": values.get("where"), "doc": values.get("doc")}
        filters = search_request_of(asked).filters
        found = self.storage.written_as(word, filters, bool(values.get("match_case")))
        if not found.total:
            return result
        spelt = ", ".join(found.words[:3]) + (", …" if len(found.words) > 3 else "")
        them = "it" if found.total == 1 else "them"
        # The search named takes what the count honoured (the case, --where, --doc): a
        # bare `search "zu dem"` listed all 12 where --match-case or --where counted 5;
        # --near, which the count does not apply, is said and passed on (pass 39f).
        lists = f"lists {them} with any written apart"
        unapplied = []
        if values.get("near"):
            lists = f"lists those near {values['near']!r} with any written apart"
            unapplied.append("--near does not limit this count")
        # `search zum --pos ADP` said "no occurrences" alone (pass 39j): the count is of
        # the token written, whose words have a part of speech each (zu ADP, dem DET).
        pos = values.get("pos")
        if pos:
            tags = ", ".join([pos] if isinstance(pos, str) else pos)
            unapplied.append(
                f"--pos {tags} limits neither this count nor that search: each of the "
                "token's words has its own part of speech"
            )
        lists += f" ({'; '.join(unapplied)})" if unapplied else ""
        return _noted(
            result,
            f"{found.total:,} more {'place writes' if found.total == 1 else 'places write'} "
            f"{word!r} as one CoNLL-U multiword token, which the index reads as its words "
            f"({spelt}): `{_written_apart_search(found.words[0], filters, values)}` {lists}",
        )

    def _pattern_written_as_one(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the places a CoNLL-U file wrote a pattern's word
        (``[word="zum"]``) as one multiword token, which the index reads as its words:
        `search zum` said so, `--cql '[word="zum"]'` "no token has a form that matches
        it" alone (pass 40d). Counted under the pattern's filters (its within too) and
        case, with the pattern of its words that lists them."""
        from sensegrep.search import cql
        from sensegrep.search.cql.tree import cql_literal

        try:
            tests = cql.parse(values["cql"]).asserted_tests("word")
        except SensegrepError:
            return result
        asked = {"cql": values["cql"], "where": values.get("where"), "doc": values.get("doc")}
        filters = search_request_of(asked).filters
        said = []
        for test, literal in self._written_forms_taken(tests, filters):
            found = self.storage.written_as(literal, filters, not test.ignore_case)
            if not found.total:
                continue
            flags = "%c" if test.ignore_case else ""
            shown = f'[word="{test.value}"{flags}]'
            words = " ".join(
                f'[word="{cql_literal(piece)}"{flags}]' for piece in found.words[0].split()
            )
            spelt = ", ".join(found.words[:3]) + (", …" if len(found.words) > 3 else "")
            one = found.total == 1
            said.append(
                f"{found.total:,} {'place writes' if one else 'places write'} {literal!r} "
                f"as one CoNLL-U multiword token, which the index reads as its words "
                f"({spelt}), so {shown} matches none of them: the pattern {words} lists "
                f"{'it' if one else 'them'} (--cql)"
            )
        return _noted(result, *said)

    def _written_forms_taken(self, tests: list[Any], filters: Any) -> list[tuple[Any, str]]:
        """Each test of a pattern's word with each form written as one multiword token
        that it takes: its own string, or of a regular expression (`[word="zum|zur"]`,
        which said nothing of the zum it left out, pass 40g) each form held that it
        matches and none of whose words it matches (`[word="zu.*"]` takes zum's zu)."""
        taken: dict[tuple[str, bool], tuple[Any, str]] = {}
        held = None
        for test in tests:
            if test.literal is not None:
                taken.setdefault((test.literal, test.ignore_case), (test, test.literal))
                continue
            if held is None:
                held = self.storage.written_forms_held(filters)
            for form, words in held:
                if test.accepts(form) and not any(map(test.accepts, words.split())):
                    key = form.lower() if test.ignore_case else form  # (zum, Zum: one)
                    taken.setdefault((key, test.ignore_case), (test, key))
        return list(taken.values())

    def digits(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the tokens that write the number searched in another
        script's digits (Devanagari २०२०, Bengali ২০২০, Arabic-Indic ٢٠٢٠ for 2020): a
        search takes them as other words, and Hindi or Bengali text mixes both, so
        `search 2020` found 5 of 20, unsaid (pass 38d), where `--where year=2020` takes
        them all."""
        from sensegrep.search.cql.tree import cql_literal
        from sensegrep.search.query import word_tokens
        from sensegrep.storage.fields import digit_spellings

        word = composed((values.get("word") or "").strip())
        if not word or values.get("cql") or not any(ch.isdecimal() for ch in word):
            return result
        held = set(self.storage.vocabulary())
        twins = [text for text in digit_spellings(word) if text != word and text in held]
        if not twins or len(word_tokens(word, self.lang)) != 1:
            return result
        spelt = " | ".join(f'word="{cql_literal(twin)}"' for twin in twins[:10])
        pattern = f"[{spelt}]"
        found = self.pattern_total(pattern, values)
        if not found:
            return result
        listed = ", ".join(twins[:10]) + (", …" if len(twins) > 10 else "")
        them = "it" if found == 1 else "them"
        return _noted(
            result,
            f"{found:,} more {'match writes' if found == 1 else 'matches write'} {word!r} "
            f"in another script's digits ({listed}), which a search takes as another "
            f"word: the pattern {pattern} (--cql) lists {them}",
        )

    def footnote_marks(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the tokens that write the word searched with a
        footnote's mark against it (bank¹), one token, another word form: `search bank`
        left out the bank¹ of text copied from a PDF unsaid (pass 37m)."""
        from sensegrep.search.cql.tree import cql_literal

        word = composed((values.get("word") or "").strip())
        if not word or values.get("cql") or " " in word:
            return result
        vocabulary = self.storage.vocabulary()
        marked = footnoted_forms(vocabulary, word)
        # and the lemma's other forms so written (banks² of bank, pass 37o)
        lemma = None if values.get("form") else _lemma_searched(result, word)
        alone = len(marked)
        if lemma is not None:
            for form in footnoted_lemma_forms(vocabulary, lemma, self.lang):
                if form.lower() not in {known.lower() for known in marked}:
                    marked.append(form)
        lemma_forms = " or another form of its lemma" if len(marked) > alone else ""
        if not marked:
            return result
        spelt = " | ".join(f'word="{cql_literal(form)}"%c' for form in marked[:10])
        other_lemma = f' & lemma!="{cql_literal(lemma)}"%c' if lemma is not None else ""
        pattern = f"[({spelt}){other_lemma}]" if other_lemma else f"[{spelt}]"
        found = self.pattern_total(pattern, values)
        if not found:
            return result
        listed = ", ".join(marked[:10]) + (", …" if len(marked) > 10 else "")
        return _noted(
            result,
            f"{found:,} more {'match writes' if found == 1 else 'matches write'} {word!r}"
            f"{lemma_forms} with a superscript digit against it ({listed}), a footnote's "
            "mark or a power, one token that a search takes as another word: the pattern "
            f"{pattern} (--cql) lists {'it' if found == 1 else 'them'}",
        )

    def dotless_i(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with, on a Turkish or Azerbaijani index, a note of the spellings a
        case-insensitive search pairs as Unicode does and the language does not: KIR
        counted under kir (Turkish reads it kır), IŞIK left out of ışık. Each is
        counted as its exact form under the request's filters."""
        word = values.get("word") or ""
        if self.lang not in DOTLESS_I_LANGUAGES or values.get("cql") or not word:
            return result
        over, under = self._dotless_i_spellings(word)
        said = [
            self._dotless_i_note(found, values, counted)
            for found, counted in ((over, True), (under, False))
            if found
        ]
        return self._capital_i_forms(_noted(result, *said), values, under)

    def _capital_i_forms(self, result: Any, values: dict[str, Any], said: list[str]) -> Any:
        """``result`` with a note of the tokens a search by lemma of a word with ı leaves
        out for a form of it written with a capital I, as a sentence's first word is
        (*Işıklar* of ışık): lower-cased as Unicode does (işıklar), simplemma gave it
        another lemma, so `search ışık` said "no occurrences" of text with 23 *Işıklar*,
        unsaid (pass 37g). The forms the note above names (IŞIK) aside."""
        key = self._one_lemma_searched(values)
        if key is None or "ı" not in key:
            return result
        from sensegrep.text import lemma_of

        written = sorted(
            {
                text
                for text in self._vocabulary_where(_CAPITAL_I, _with_capital_i)
                # (a suffixed form begins as its word does: only those are looked up)
                if text not in said
                and turkish_case(text)[:2] == key[:2]
                and composed(lemma_of(turkish_case(text), self.lang)).lower() == key
                and composed(lemma_of(text, self.lang)).lower() != key
            }
        )
        return self._left_out(
            result, values, key, written,
            f"a form of {key!r} written with a capital I{{forms}}, Turkish's capital of ı, "
            "lemmatised by simplemma as if it were i",
        )  # fmt: skip

    def _dotless_i_spellings(self, word: str) -> tuple[list[str], list[str]]:
        """(the spellings the search counts that Turkish reads as another word, those
        it leaves out that Turkish reads as this one)."""
        searched, turkish = undotted(composed(word.strip()).lower()), turkish_case(word.strip())
        if not {"i", "\u0131"} & set(searched):
            return [], []  # no i of either kind: nothing Unicode pairs otherwise
        counted = {text for _id, text in self.storage.words_with_key(searched)}
        over = sorted(t for t in counted if turkish_case(t) != turkish)
        keys = [key for key in turkish_keys(word.strip()) if key != searched]
        others = {t for key in keys for _id, t in self.storage.words_with_key(key)}
        under = sorted(t for t in others if t not in counted and turkish_case(t) == turkish)
        return over, under

    def _dotless_i_note(self, texts: list[str], values: dict[str, Any], counted: bool) -> str:
        """How many matches these spellings have, said as counted or left out; "" when
        none has a token under the request's filters (a lemma's text, say)."""
        from sensegrep.search.query import sequence_pattern

        found = {}
        for text in texts:
            pattern = sequence_pattern([text], any_case=False)
            request = search_request_of({**values, "word": None, "cql": pattern, "form": False})
            try:
                n = self.searcher.total(request)
            except SensegrepError:  # no token is written so
                continue
            if n:
                found[text] = n
        if not found:
            return ""
        total = sum(found.values())
        listed = ", ".join(f"{text} ({n:,})" for text, n in found.items())
        if counted:
            # Read otherwise either way: KIR is kır where kir was searched, and İSTANBUL
            # istanbul where ISTANBUL (ıstanbul to Turkish) was; "reads with ı" was said
            # of both, false of the second.
            readings = ", ".join(sorted({repr(turkish_case(text)) for text in found}))
            return (
                f"{total:,} of these {'matches is' if total == 1 else 'matches are'} spelt "
                f"{listed}, which Turkish reads as {readings}, not as the word searched, "
                f"{turkish_case(values['word'].strip())!r} (I is the capital of ı, İ of i): "
                "counted here, since a case-insensitive search pairs I with i, as Unicode "
                "does; --cql '[word=\"…\"]' matches a spelling exactly"
            )
        return (
            f"{total:,} more {'match is' if total == 1 else 'matches are'} spelt {listed}, "
            f"which Turkish reads as {turkish_case(values['word'].strip())!r}: left out, "
            "since a case-insensitive search pairs I with i, as Unicode does, not with ı; "
            "--cql '[word=\"…\"]' matches a spelling exactly"
        )

    def per_document(self, values: Mapping[str, Any]) -> Counter[str]:
        """The matches of checked request values (every one: no k, offset or sample) by
        the id of their document."""
        from sensegrep.search.arrange import tally

        asked = {k: v for k, v in values.items() if k not in ("k", "offset", "sample", "seed")}
        request = replace(search_request_of(asked), sort=())
        request, page, _totals = self.searcher.selected(request)
        return tally(self.storage, page.nodes, "doc", lambda: self.searcher.read(page), self.lang)

    def auxiliaries(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` (ranked, or of a sense) with a note of its occurrences that lie in
        documents whose tag set has no AUX (a VRT file's Penn tags, Raganato's 12
        universal tags: pos_tags.py): there an auxiliary is VERB, a content word, and has
        a sense vector, where the UPOS documents' AUX tokens have none; so the occurrences
        ranked mix both, while the header says auxiliaries have none. Only for a word
        that the UPOS documents tag AUX (be, have, do)."""
        from sensegrep import pos_tags

        documents = self.storage.coarse_pos_documents(mixed=True)
        coarse = [d for d in documents if "AUX" in pos_tags.lacking(d[3], ["AUX"])]
        if not coarse:
            return result
        plain = {
            "word": values.get("word"),
            "where": values.get("where"),
            "doc": values.get("doc"),
            "form": values.get("form"),
        }
        given = set(values.get("doc") or ())
        ids = {d[1] for d in coarse if not given or d[1] in given}
        try:
            if not ids or not self.searcher.total(search_request_of({**plain, "pos": ["AUX"]})):
                return result
            ranked = self.per_document(values)
            there = sum(n for doc, n in ranked.items() if doc in ids)
        except SensegrepError:
            return result
        if not there:
            return result
        sources = sorted({d[2] for d in coarse if d[1] in ids})
        more = f" and {len(sources) - 3:,} more" if len(sources) > 3 else ""
        names = "; ".join(
            f"{pos_tags.NAMES[t]}" for t in sorted({d[3] for d in coarse if d[1] in ids})
        )
        _noted(
            result,
            f"{there:,} of these occurrences lie in documents whose tags were mapped from a "
            f"coarser tag set than UPOS ({', '.join(sources[:3])}{more}: {names}), which tag "
            f"AUX as VERB: there its auxiliaries have sense vectors and are among these, "
            f"where the other documents' (AUX) have none",
        )
        return result

    def not_chosen(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` (ranked, or of a sense) with a note of the content words among the
        matches it left out for want of a sense vector, on an index with vectors for
        chosen words: those not chosen yet (a pattern of ``wave`` and ``storm`` ranked by
        an example left the storms out while the header said such matches are function
        words and auxiliaries, pass 39b), and the command that gives them vectors."""
        if not self.storage.manifest.chosen:
            return result
        plain = {k: v for k, v in values.items() if k in _MATCH_KEYS and v is not None}
        try:
            _request, page, _totals = self.searcher.selected(
                replace(search_request_of(plain), sort=())
            )
        except SensegrepError:
            return result
        lemmas = self.storage.unembedded_lemmas(page.found.ids)
        if not lemmas:
            return result
        shown = ", ".join(f"{word} ({n:,})" for word, n in list(lemmas.items())[:5])
        more = f" and {len(lemmas) - 5:,} more" if len(lemmas) > 5 else ""
        words = " ".join(shlex.quote(word) for word in list(lemmas)[:5])
        # (of more, the five named: "gives them theirs" left the rest without, pass 39g)
        them = "the five named" if more else "them"
        return _noted(
            result,
            f"{sum(lemmas.values()):,} of the {result.matches_without_vectors:,} matches left "
            "out for want of a sense vector are tokens of content words this index has given "
            f"no vectors (it has them for chosen words): {shown}{more}; `sensegrep vectors "
            f"add {words}` gives {them} theirs",
        )

    def encoder(self, result: Any) -> Any:
        """``result`` with a note when its ranking rests on a shipped English encoder's
        vectors of another language's words (a German index ranked without a word)."""
        note = self.encoder_note()
        return result if note in result.notes else _noted(result, note)

    def encoder_note(self) -> str | None:
        """What :meth:`encoder` says (None: nothing to say)."""
        from sensegrep.api.indexing import english_encoder_note

        model = getattr(self.storage.manifest.embedder, "model", None)
        return english_encoder_note(model, self.lang) if isinstance(model, str) else None

    def coverage(self, result: Any) -> Any:
        """``result`` (a search across words: any word's nearest usages, neighbours) with
        a note of how much of the corpus it looked through on an index with vectors for
        chosen words: "the 5 nearest usages of any word" were of the 3 lemmas with
        vectors, and a notebook said nothing of it (the CLI did)."""
        return _noted(result, coverage_note(self.storage.vector_coverage()))

    def untagged(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a ``pos`` filter leaves out for having no
        tag, in an index of tagged and untagged sources (querying.untagged_left_out)."""
        if not values.get("pos") or not self.storage.has_untagged("pos"):
            return result
        note = untagged_left_out(self.total, values, self.storage.tags_in("pos") or [])
        return _noted(result, note)

    def coarse_tags(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` with a note of the matches a ``pos`` filter cannot see for lying in
        documents tagged in a coarser tag set, whose tags have no such tag (a VRT file's
        Penn tags, Raganato's 12 universal tags; querying.coarse_tags_left_out)."""
        if not values.get("pos") and "pos" not in (values.get("cql") or ""):
            return result
        # none, or only such documents of one tag set: no other tags to mix with (of two,
        # a VRT file's STTS text has AUX, its French one none: `search être --pos AUX`
        # said 0 matches and nothing of why, pass 36m)
        documents = self.storage.coarse_pos_documents(mixed=True)
        if not documents:
            return result
        _noted(result, *pattern_tags_left_out(values.get("cql"), documents))
        _noted(result, *pattern_tags_taken(self.per_document, values, documents))
        return _noted(result, *coarse_tags_left_out(self.per_document, values, documents))

    def phrases(self, result: Any, values: dict[str, Any]) -> Any:
        """``result`` (of a word or pattern written in a script without spaces between
        words, Chinese…) with a note that the index holds such text in phrases, whose
        matches and per-million figures are of phrases: `index` said so once, and a
        search of `[word=".*银行.*"]` gave "99 matches; 115,384.62 per million tokens"
        of 858 phrases, unsaid (pass 37d)."""
        asked = values.get("cql") or values.get("word") or ""
        if not (len(result) or result.total) or not unspaced_script(asked):
            return result
        if not self.storage.manifest.text_analysis:  # (CoNLL-U, VRT: segmented words)
            return result
        return _noted(result, phrases_note(self.storage.vocabulary()))

    def if_empty(self, result: Hits | Counts, values: dict[str, Any]) -> Any:
        """``result`` with, when it has no match at all, why (``why_empty``, also its
        last note; querying.why_empty). A page past the last line is no such result."""
        if len(result) or result.total or getattr(result, "past_the_end", None):
            return result
        no_document = result.subcorpus_tokens == 0  # None: no where/doc filter
        lists = self.storage.list_fields()
        result.why_empty = why_empty(
            self.total, values, result.searched, no_document, lists, self.lang
        )
        return _noted(result, result.why_empty)


def coverage_note(coverage: Mapping[str, Any] | None) -> str | None:
    """How much of an index with vectors for chosen words has them, what a search across
    words looks through (``SenseIndex.vector_coverage``); None on any other index."""
    if coverage is None:
        return None
    begun = coverage.get("lemmas_in_progress", 0)
    them = "it" if begun == 1 else "them"
    part = f", and part of {begun:,} more: `sensegrep vectors add` finishes {them}" if begun else ""
    return (
        f"searched the {coverage['occurrences']:,} tokens with vectors "
        f"({coverage['embedded_share']:.2%} of the corpus, "
        f"{coverage['lemmas_with_vectors']:,} lemmas{part}); `sensegrep vectors add` adds more"
    )


def _clitic_parts(text: str, lang: str) -> list[str]:
    """``text`` (lower-cased) cut at its hyphens, and in Catalan at its apostrophes too
    (dona-m'ho: dona, m, ho; dona'm: dona, m); in Romanian with a cedilla read as the
    comma below it stands for (şi-a: și, a)."""
    parts = text.lower().split("-")
    if lang == "ca":
        parts = [bit for part in parts for bit in re.split("['’]", part)]
    if lang in COMMA_BELOW_LANGUAGES:
        parts = [part.translate(COMMA_BELOW) for part in parts]
    return parts


def _romanian_host(parts: list[str]) -> int | None:
    """Which of a Romanian token's parts is the verb its pronouns are joined to: the
    last, after them (l-am, s-a, n-am), or the first, before them (dă-mi, văzut-o);
    None when no one part is (o-l, nord-est)."""
    clitics = _HYPHEN_CLITICS["ro"]
    if len(parts) < 2 or not all(part.isalpha() for part in parts):
        return None
    if parts[-1] not in clitics and all(part in clitics for part in parts[:-1]):
        return len(parts) - 1
    if parts[0] not in clitics and all(part in clitics for part in parts[1:]):
        return 0
    return None


def _pronouns_joined(text: str, lang: str = "fr") -> bool:
    """A form and ``lang``'s pronouns joined by hyphens (French allez-vous, a-t-il, not
    a-t; Portuguese dá-me and, a future's ending after them, dir-lhe-ei; Catalan
    digues-me, dona-m'ho)."""
    parts = _clitic_parts(text, lang)
    if lang == "ro":
        return _romanian_host(parts) is not None
    clitics = _HYPHEN_CLITICS[lang]
    if lang == "pt" and len(parts) > 2 and parts[-1] in _MESOCLITIC_ENDINGS:
        parts = parts[:-1]
    return (
        len(parts) > 1
        and (len(parts[0]) > 1 or lang == "fr")
        and all(part in clitics for part in parts[1:])
        and not (lang == "fr" and parts[-1] == "t")
    )


# Pronouns written short before a hyphen or an apostrophe, as the words they stand for
# (Romanian m-a: mă, s-a: se, n-am: nu, și-a: își; Catalan m'ho: em), which simplemma
# reads alone as other words (m: metru, n: nord, și: the conjunction).
_SHORT_CLITICS = {
    "ro": {"m": "mă", "l": "îl", "s": "se", "n": "nu", "v": "vă", "i": "îi", "și": "își"},
    "ca": {"m": "em", "t": "et", "s": "es", "n": "en", "l": "el"},
}


def _joined_words(text: str, lang: str) -> list[str]:
    """The pronouns (and Romanian n- of nu) of a token of ``lang``'s pronouns joined by
    hyphens, each as the word it stands for: its parts but the verb (and Portuguese's
    future ending, French's euphonic t)."""
    parts = _clitic_parts(text, lang)
    if lang == "ro":
        host = _romanian_host(parts)
        words = [] if host is None else parts[:host] + parts[host + 1 :]
    else:
        words = parts[1:]
        if lang == "pt" and len(words) > 1 and words[-1] in _MESOCLITIC_ENDINGS:
            words = words[:-1]
    short = _SHORT_CLITICS.get(lang, {})
    return [short.get(word, word) for word in words if not (lang == "fr" and word == "t")]


def _hosts(text: str, lang: str) -> list[str]:
    """The verb forms a token of ``lang``'s pronouns joined by hyphens may be: its first
    part; in Portuguese that part with a future's ending written after the pronouns
    (dir-lhe-ei: direi); in Portuguese and Catalan that part and an -r, without the
    accent Portuguese puts on it (fazê-lo: fazer; Catalan dona-m'ho: donar, where
    *dona* alone is read as the noun), the accent left off only where the part and an -r
    with it is no word: pô-lo is *pôr*'s, not the preposition *por*'s (pass 35r)."""
    parts = _clitic_parts(text, lang)
    if lang == "ro":
        host = _romanian_host(parts)
        return [] if host is None else [parts[host]]
    hosts = [parts[0]]
    if lang == "pt" and len(parts) > 2 and parts[-1] in _MESOCLITIC_ENDINGS:
        hosts.append(parts[0] + parts[-1])
    if lang in ("pt", "ca"):
        import simplemma

        plain = "".join(
            ch for ch in unicodedata.normalize("NFD", parts[0]) if not unicodedata.combining(ch)
        )
        hosts.append(parts[0] + "r")
        if not simplemma.is_known(parts[0] + "r", lang=lang):
            hosts.append(plain + "r")  # fazê-lo: fazer; not pô-lo: por, being pôr
    return hosts


# Galician pronouns written as one (llo: lle + o, cho: che + o, mo: me + o), each as the
# two it joins, for a search of either (ResultNotes.enclitic_pronouns).
_JOINED_CLITICS = {
    "gl": {
        f"{first}{second}": (full, second)
        for first, full in (("ll", "lle"), ("ch", "che"), ("m", "me"))
        for second in ("o", "a", "os", "as")
    },
}


def _enclitic_pronouns(text: str, lang: str) -> frozenset[str]:
    """The pronouns of ``lang`` that one or two of may end ``text`` (lower-cased), taken
    off a stem simplemma knows as a word (dálle: dá + lle; déronllo: deron + lle, o;
    dámelo: da + me, lo), each as it is written alone."""
    import simplemma

    found: set[str] = set()
    paths: list[tuple[str, tuple[str, ...]]] = [(text, ())]
    for _ in range(2):
        paths = [
            (stem[: -len(clitic)], (clitic, *taken))
            for stem, taken in paths
            for clitic in _ENCLITICS[lang]
            if stem.endswith(clitic) and len(stem) - len(clitic) >= 2
        ]
        for stem, taken in paths:
            plain = "".join(
                ch for ch in unicodedata.normalize("NFD", stem) if not unicodedata.combining(ch)
            )
            forms = {stem, plain, *((plain + "e",) if lang == "it" else ())}
            if any(simplemma.is_known(form, lang=lang) for form in forms):
                for clitic in taken:
                    found.update(_JOINED_CLITICS.get(lang, {}).get(clitic, (clitic,)))
    return frozenset(found)


def _enclitic_hosts(text: str, lang: str) -> set[str]:
    """The lemmas (composed, lower-cased) of the verb ``text`` (lower-cased) may be with
    one or two of ``lang``'s pronouns taken off its end: its stem as written, without
    the accent the pronouns put on it (explícame: explica), and in Italian with the
    -e an infinitive drops before them (farlo, vederti: fare, vedere)."""
    from sensegrep.text import lemma_of

    lemmas: set[str] = set()
    stems = [text]
    for _ in range(2):
        stems = [
            stem[: -len(clitic)]
            for stem in stems
            for clitic in _ENCLITICS[lang]
            if stem.endswith(clitic) and len(stem) - len(clitic) >= 2
        ]
        for stem in stems:
            plain = "".join(
                ch for ch in unicodedata.normalize("NFD", stem) if not unicodedata.combining(ch)
            )
            for form in {
                stem,
                plain,
                *((plain + "e",) if lang == "it" and plain.endswith("r") else ()),
            }:
                lemmas.add(composed(lemma_of(form, lang)).lower())
    return lemmas


def _without_particles(text: str, lang: str, uncased: bool) -> str:
    """``text`` with up to two of ``lang``'s particles and pronouns taken off its end
    where what is left is a word simplemma knows (makanlah: makan; bukunyalah: buku),
    else ``text`` as it is. Off a word of two letters (ianya: ia) only where the text
    writes it in lower case somewhere (``uncased``): a name ending so (Kenya, Allah) is
    not ke or al with -nya or -lah on it (`search ke` said Kenya held it, pass 37k)."""
    import simplemma

    stem = text
    for _ in range(2):
        for ending in _WRITTEN_ON[lang]:
            bare = stem[: -len(ending)]
            if (
                stem.endswith(ending)
                and len(bare) >= (2 if uncased else 3)
                and simplemma.is_known(bare, lang=lang)
            ):
                stem = bare
                break
        else:
            break
    return stem


def _reduplication_hosts(text: str, lang: str, uncased: bool = True) -> set[str]:
    """The lemmas (composed, lower-cased) of the word ``text`` (lower-cased) may be said
    twice in ``lang``, joined by a hyphen (buku-buku; with an affix on one half,
    berlari-lari, tembak-menembak; with its first sound changed, sayur-mayur), or with
    particles or pronouns written on it (makanlah, siapakah, anak-anaknya); none for
    another word (Asia-Pasifik, masalah, which simplemma knows). ``uncased``: whether
    the text writes it in lower case somewhere (_without_particles)."""
    from sensegrep.text import lemma_of

    bare = _without_particles(text, lang, uncased)
    first, hyphen, second = bare.partition("-")
    if not hyphen:
        return {composed(lemma_of(bare, lang)).lower()} if bare != text else set()
    if "-" in second or not first.isalpha() or not second.isalpha():
        return set()
    short, long = sorted((first, second), key=len)
    same = first == second or (len(short) >= 3 and short in long)
    rhyme = len(first) == len(second) >= 3 and first[1:] == second[1:]
    if not (same or rhyme):
        return set()
    return {composed(lemma_of(part, lang)).lower() for part in (first, short)}


# Vietnamese tone marks (grave, acute, tilde, hook above, dot below), decomposed.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# The open syllable ends whose tone mark is written on either vowel (hoà, hòa): oa and
# oe, uy but not quy, whose u is part of its consonant (quý is written so either way).
_TONE_EITHER_VOWEL = re.compile(r"(?<!q)(?:o[ae]|uy)$")


def _other_tone_placement(syllable: str) -> str:
    """``syllable`` (composed, lower-cased) with its tone mark on the other vowel of an
    ending oa, oe or uy (hoà: hòa; thúy: thuý), composed; "" for any other syllable."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [ch for ch in decomposed if ch in _TONES]
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    if len(tones) != 1 or not _TONE_EITHER_VOWEL.search(bare):
        return ""
    cut = len(bare) - 2
    # the tone's vowel as written: the first of the two where the tone stands right
    # after the prefix's letters and that vowel, else the second
    first = unicodedata.normalize("NFC", bare[:cut] + bare[cut] + tones[0]) + bare[cut + 1]
    second = bare[: cut + 1] + unicodedata.normalize("NFC", bare[cut + 1] + tones[0])
    first, second = unicodedata.normalize("NFC", first), unicodedata.normalize("NFC", second)
    if syllable == first:
        return second
    if syllable == second:
        return first
    return ""


# The marks Vietnamese writes on its vowels, decomposed: tones (grave, acute, tilde, hook
# above, dot below), circumflex, breve and horn; with đ, its letters other than English's.
_VIETNAMESE_MARKS = _TONES | frozenset("\u0302\u0306\u031b")


def _row_words(row: Mapping[str, Any]) -> list[str]:
    """A frequency list's or collocates' ``row``'s words: its item, its collocate and its
    node."""
    search = row.get("search")
    node = search.get("word") if isinstance(search, Mapping) else None
    return [text for text in (row.get("item"), row.get("collocate"), node) if text]


def _row_of_words(row: Mapping[str, Any]) -> bool:
    """Whether ``row`` holds a word with a letter (not a punctuation mark's row alone)."""
    return any(any(map(str.isalpha, str(text))) for text in _row_words(row))


def _row_in_vietnamese(row: Mapping[str, Any]) -> bool:
    """Whether ``row`` holds a word written with a letter of Vietnamese's alphabet not
    English's (và, học, đi)."""
    for text in _row_words(row):
        if isinstance(text, str) and (
            "đ" in text.lower()
            or not _VIETNAMESE_MARKS.isdisjoint(unicodedata.normalize("NFD", text))
        ):
            return True
    return False


def _with_capital_i(text: str) -> bool:
    """Whether ``text`` has a capital I (not İ), which Turkish reads as ı's capital."""
    return "I" in text


def _suffixed_name(text: str, lang: str) -> bool:
    """Whether ``text`` is a name with its suffixes after an apostrophe, as Turkish and
    Azerbaijani write a name's alone (Türkiye'nin, Bakı'da): a name wherever it stands,
    so its capital is its own, not its sentence's."""
    cut = max(text.rfind("'"), text.rfind("’"))
    suffixes = text[cut + 1 :]
    return (
        lang in DOTLESS_I_LANGUAGES
        and cut > 0
        and text[:1].isupper()
        and suffixes.isalpha()
        and suffixes.islower()
    )


def _beginning(words: list[str], word: str) -> list[str]:
    """The ``words`` joined by hyphens with a part that begins as ``word`` does (its first
    _COMPOUND_HEAD letters): those ResultNotes.compounds lemmatises."""
    head = word[:_COMPOUND_HEAD]
    return [text for text in words if any(part.startswith(head) for part in _HYPHENS.split(text))]


@functools.lru_cache(maxsize=4096)
def _compound_parts(text: str, lang: str) -> frozenset[str]:
    """The parts of a word joined by hyphens (lower-cased) and their lemmas in ``lang``."""
    from sensegrep.text import lemma_of

    parts = [part for part in _HYPHENS.split(text) if part]
    return frozenset({*parts, *(composed(lemma_of(part, lang)).lower() for part in parts)})


def _hosted_by(
    key: str, held: list[str], words_of: Callable[[str], Mapping[str, Collection[str]]]
) -> list[str]:
    """The words (sorted) that ``words_of`` each language of ``held`` gives the lemma
    ``key`` among the lemmas they hold (a verb with pronouns on it, a word said twice)."""
    return sorted({text for lang in held for text, hosts in words_of(lang).items() if key in hosts})


def _capitalised(text: str) -> bool:
    """Whether ``text`` is written with a capital first, and not in capitals alone."""
    return text[:1].isupper() and not text.isupper()


def _short_word(text: str) -> bool:
    """A word short enough to be one written short with an apostrophe (po', di')."""
    return len(text) <= _APOCOPATED_MAX and text.isalpha()


def _lemma_searched(result: Any, word: str) -> str | None:
    """The lemma a search by lemma of ``word`` searched: the word itself (lower-cased)
    where the index has it as a lemma (`search всё`, though simplemma's lemma of всё is
    весь), else the lemma it was resolved to (``searched``: lemma "bank"); None for a
    sequence of forms."""
    import json

    searched = getattr(result, "searched", None)
    if searched is None:
        return word.lower()
    prefix = "lemma "
    if not searched.startswith(prefix):
        return None
    try:
        found = json.loads(searched[len(prefix) :].split(" (from ")[0])
    except ValueError:
        return None
    return found if isinstance(found, str) else None


def _listed_by(result: Any, word: str) -> tuple[str, str]:
    """What lists every token written as ``word`` and what lists a pattern, for a note
    on ``result``: --form and --cql, or the search's where the statistic takes neither
    (`collocates spammed` said "--form lists every token written so", no option of
    collocates, and `sketch` takes no --cql either, pass 40n)."""
    import shlex

    from sensegrep import request

    kind = getattr(result, "kind", None)
    command = kind if kind in request.STATISTICS else "search"
    taken = {param.name for param in request.params_for("api", command)}
    # (a word of letters as typed, of any script: shlex quotes all but ASCII)
    typed = word if re.fullmatch(r"[\w-]+", word) else shlex.quote(word)
    listing = "--form" if "form" in taken else f"`search {typed} --form`"
    return listing, "--cql" if "cql" in taken else "`search --cql`"


def _held(vocabulary: list[str], form: str) -> bool:
    """Whether ``form`` is a word form of the index (any case): a pass over the
    vocabulary, made only for a word typed in other widths, a ligature or such forms."""
    folded = form.casefold()
    return form in vocabulary or any(text.casefold() == folded for text in vocabulary)


def _noted(result: Any, *notes: str | None) -> Any:
    """``result`` with ``notes`` after its own (an empty one is none)."""
    result.notes = [*result.notes, *(note for note in notes if note)]
    return result


def _other_lemma_pattern(word: str, lemma: str, respelt: list[str] | None) -> str:
    """The pattern of the tokens written as ``word`` whose lemma is neither ``lemma`` nor
    one of ``respelt`` (its other spellings, which another note says)."""
    from sensegrep.search.cql.tree import cql_literal

    tests = [f'word="{cql_literal(word)}"%c', f'lemma!="{cql_literal(lemma)}"%c']
    if respelt:
        tests.append(f'lemma!="{"|".join(cql_literal(text) for text in respelt)}"%c')
    return f"[{' & '.join(tests)}]"


def _persian_respelling(key: str, text: str) -> bool:
    """Whether ``text`` writes ``key`` another way with Persian's yeh or kaf for Arabic's
    (or the other way), a joiner or another script's digits, and not with one Arabic
    letter for another: Arabic ي and ى are letters apart (علي, Ali, and على, on; إلي,
    to me, and إلى), both read as Persian ی, so `search علي --form` counted 20 على as
    Ali written another way (pass 38g)."""
    plain = str.maketrans(_JOINER | _DIGITS)
    a, b = key.translate(plain), text.translate(plain)
    return len(a) == len(b) and all(
        x == y or "ی" in (x, y) or "ک" in (x, y) for x, y in zip(a, b, strict=True)
    )


@functools.lru_cache(maxsize=4096)
def _korean_ending(ending: str, most: int = _KOREAN_STACKED, case: str = "") -> bool:
    """Whether ``ending`` is one of _KOREAN_PARTICLES, or up to ``most`` of them written
    one on another, each but the last of _KOREAN_INNER (만으로도: 만, 으로, 도): a word
    with three was left out of the note of the word searched, unsaid (pass 38j). After
    the case particle ``case``, only what may follow it (_may_follow)."""
    if ending in _KOREAN_PARTICLES and _may_follow(case, ending):
        return True
    return most > 1 and any(
        (first := ending[:cut]) in _KOREAN_INNER
        and _may_follow(case, first)
        and _korean_ending(ending[cut:], most - 1, first if first in _KOREAN_CASES else "")
        for cut in range(1, len(ending))
    )


def _may_follow(case: str, particle: str) -> bool:
    """Whether ``particle`` (or a stack it begins) may follow the case particle ``case``
    (none: anything may)."""
    return not case or particle.startswith(_KOREAN_AFTER_CASE + _KOREAN_TOWARDS.get(case, ()))


def _written_apart_search(words: str, filters: Filters, values: dict[str, Any]) -> str:
    """The search that lists ``words`` (a multiword token's, zu dem) with the options
    of ``values`` that limit where and how (ResultNotes.written_as_one)."""
    options = [f'search "{words}"']
    if values.get("match_case"):
        options.append("--form --match-case")
    options += [f"--where {shlex.quote(f'{key}={value}')}" for key, value in filters.where]
    options += [f"--doc {shlex.quote(doc)}" for doc in filters.docs]
    if values.get("near"):
        options.append(f"--near {shlex.quote(str(values['near']))}")
        if values.get("window"):
            options.append(f"--window {values['window']}")
    return " ".join(options)


def _particled_alone(stem: str, words: set[str], found: dict[str, set[str]]) -> set[str]:
    """``words``, each ``stem`` with an ending of _KOREAN_PARTICLES, less those that are
    nouns of their own: a word the index writes with a particle on it too that does not
    go on the ending (음악가는, 음악가들: 음악가, musician, is no 음악 with 가, as 경기도에
    says 경기도, a province, is no 경기 with 도; 한강에는 says nothing of 한강에, 에는 being
    one ending): `search 음악` counted 음악가 as its word with a particle (pass 38g)."""
    return {
        word
        for word in words
        # (the plural 들 takes every particle: 학생들에게는)
        if word.endswith("들") or not _noun_within(stem, word, found)
    }


def _noun_within(stem: str, word: str, found: dict[str, set[str]]) -> bool:
    """Whether ``word`` (``stem`` with an ending) is, or begins with, a noun longer than
    ``stem`` that the index writes with a particle that cannot go on the ending there:
    산책로는 begins with 산책로, which 산책로를 writes with 를, and 로를 is no ending, so
    산책로는 is no 산책 with 로는 (pass 39f: `search 산책` counted every 산책로)."""
    for cut in range(len(stem) + 1, len(word) + 1):
        head = word[:cut]
        if not all(
            _korean_ending(word[len(stem) : cut] + more[cut:])
            for more in found.get(head, ())
            if more.startswith(head)
        ):
            return True
    return False


def _arabic_or_number(text: str) -> bool:
    """Whether ``text`` has an Arabic-script letter or digit, or is a number in ASCII
    digits: what ResultNotes.arabic_spellings compares a word with."""
    return bool(_ARABIC_LETTER.search(text) or _ASCII_NUMBER.fullmatch(text))
