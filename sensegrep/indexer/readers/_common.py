"""Pieces every reader shares: safe line reading, text rebuilding, tag mapping.

Readers never raise for bad input: they raise :class:`InputError` internally and
``read_documents`` turns it into a yielded error. A reader that can fail fatally must
find every fatal problem *before* it yields its first document, which is why
:func:`scan` exists: a cheap first pass over the whole file (encoding, NUL bytes,
over-long lines, emptiness) before the pass that builds documents.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from sensegrep import pos_tags
from sensegrep.document import Document, Sentence, Token
from sensegrep.errors import InputError

MAX_LINE_CHARS = 1_000_000
"""Longest line a reader accepts. Longer lines are never decoded or held whole."""

_HEAD_BYTES = 8192  # like grep/git: a NUL in the first 8 KiB means "binary file"
_BOM = "\ufeff"


# The first bytes of the compressed files a corpus comes in, and how to decompress each.
_COMPRESSED = (
    (b"\x1f\x8b", "a gzip", "gunzip FILE"),
    (b"PK\x03\x04", "a zip", "unzip FILE"),
    (b"BZh", "a bzip2", "bunzip2 FILE"),  # then a block size and a block's magic number
    (b"\xfd7zXZ\x00", "an xz", "unxz FILE"),
    (b"\x28\xb5\x2f\xfd", "a zstd", "unzstd FILE"),
)


# A text may begin "BZh…": bzip2's header goes on with its block size and magic number.
_BZIP2_BLOCK = re.compile(rb"BZh[1-9](1AY&SY|\x17rE8P\x90)")


# A zip whose first member names a word processor's or e-book's file: Office Open XML
# (.docx, .xlsx, .pptx: [Content_Types].xml), OpenDocument's and EPUB's "mimetype" member.
_DOCUMENT_ZIP = re.compile(rb"\[Content_Types\]\.xml|mimetypeapplication/(vnd\.oasis|epub)")


def compressed(head: bytes) -> str | None:
    """What to say of a file whose first bytes ``head`` are a compressed file's (gzip,
    zip, bzip2, xz, zstd), which sensegrep does not read; None for any other. A Word,
    OpenDocument or EPUB file is a zip too, of XML that unzipping gives: it is named so
    and asked for as plain text (unzip FILE was no help)."""
    if head.startswith(b"PK\x03\x04") and _DOCUMENT_ZIP.search(head[:200]):
        return (
            "a word processor's document or e-book (a zip of XML), not text: save it as "
            "plain text (.txt, UTF-8) and index that"
        )
    for magic, kind, command in _COMPRESSED:
        if head.startswith(magic) and (kind != "a bzip2" or _BZIP2_BLOCK.match(head)):
            return f"{kind} file: decompress it first ({command}) and index what it holds"
    return None


def open_binary(path: Path, name: str) -> BinaryIO:
    """Open ``path`` for reading or raise a fatal InputError that says why not."""
    try:
        if path.is_dir():
            raise InputError(name, "is a folder, expected a file")
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "cannot read: permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None


def _max_line_bytes() -> int:
    # A line of at most MAX_LINE_CHARS characters takes at most 4 bytes each in UTF-8,
    # plus its line end (up to 3: CR CR LF). Read at call time so tests can lower it.
    return 4 * MAX_LINE_CHARS + 3


# A line ends at LF, CRLF, CR CR LF or a lone CR. CR CR LF is a CRLF file saved once more
# in a text mode (Windows tools, a CRLF checkout): one line end, as editors show it, not
# a blank line after every line (a CoNLL-U token per sentence, plain text's sentences cut
# at every line). A lone CR is an old Mac line end: such a file was one line to every
# reader (a VRT file one garbage token, nothing said).
_LINE_END = re.compile(rb"\r?\r?\n|\r")
_READ = 1 << 16


def _raw_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Yield (1-based line number, raw line with its line end), None for an over-long one.

    Splitting bytes before decoding is safe: neither b"\\n" nor b"\\r" occurs inside a
    multi-byte UTF-8 sequence. The lines joined again are the file's bytes. A line over
    the byte limit is never held whole: what is read of it is dropped as it comes.
    """
    limit = _max_line_bytes()
    number, buffer, start, scan, eof, over = 0, bytearray(), 0, 0, False, False
    while True:
        if start == len(buffer) and not (eof or over):
            raw = handle.readline(limit + 1)  # most lines: one read, one test
            if _one_whole_line(raw, limit):
                number += 1
                yield number, raw
                continue
            buffer, start, scan, eof = bytearray(raw), 0, 0, not raw
        match = _LINE_END.search(buffer, scan)
        if match and (eof or not _may_go_on(buffer, match)):
            number += 1
            end = match.end()
            yield number, (None if over or end - start > limit else bytes(buffer[start:end]))
            start = scan = end
            over = False
            continue
        if eof:
            if start < len(buffer) or over:
                number += 1
                yield (
                    number,
                    (None if over or len(buffer) - start > limit else bytes(buffer[start:])),
                )
            return
        if match is not None:
            scan = match.start()  # a CR the next bytes tell the line end of
        elif len(buffer) - start > limit:  # no line end within the limit: over-long
            over, start, scan = True, len(buffer), len(buffer)
        else:
            scan = len(buffer)
        del buffer[:start]
        scan -= start
        start = 0
        block = handle.read(_READ)
        eof = not block
        buffer += block


def _one_whole_line(raw: bytes, limit: int) -> bool:
    """Whether ``raw``, read up to its first LF, is one line within the limit: no CR in it
    but in its line end."""
    cr = raw.find(b"\r")
    return (
        raw.endswith(b"\n") and len(raw) <= limit and (cr == -1 or raw[cr:] in (b"\r\n", b"\r\r\n"))
    )


def _may_go_on(buffer: bytearray, match: re.Match[bytes]) -> bool:
    """Whether the lone CR ``match`` found at the end of ``buffer`` may begin a CR CR LF
    or a CRLF once more bytes are read."""
    return match.group() == b"\r" and buffer[match.end() : match.end() + 2] in (b"", b"\r")


# What to do with text in another encoding: the spreadsheet's UTF-8 choice is named, as
# a spreadsheet's plain "CSV" (cp1252 on Windows) and "Unicode Text" (UTF-16) are where
# such files come from.
SAVE_AS_UTF8 = (
    "expected UTF-8 text: save the file as UTF-8 "
    '(a spreadsheet\'s "CSV UTF-8", an editor\'s "UTF-8")'
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF16_TEXT = f'UTF-16 text (a spreadsheet\'s "Unicode Text"); {SAVE_AS_UTF8}'


def decode_line(raw: bytes, number: int, name: str) -> str:
    """Decode one raw line as UTF-8 or raise a fatal InputError naming the bad byte."""
    if b"\0" in raw:
        raise InputError(name, "binary file (NUL byte); expected UTF-8 text", line=number)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(name, raw, exc, first_line=number) from None


def not_utf8(
    name: str | Path, data: bytes, exc: UnicodeDecodeError, first_line: int = 1
) -> InputError:
    """The fatal error for ``data`` (a file's bytes from line ``first_line``) that
    ``exc`` found not UTF-8: UTF-16 said as such, else the line and the bad byte."""
    if first_line == 1 and data.startswith(_UTF16_BOMS):
        return InputError(name, UTF16_TEXT, line=1)
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    line = first_line + data.count(b"\n", 0, exc.start)
    if exc.reason == "unexpected end of data":  # UTF-8 cut short, or one byte of cp1252
        return InputError(
            name,
            f"the file ends inside a character (byte 0x{data[exc.start]:02X} at byte "
            f"{exc.start - line_start + 1} of the line begins one it lacks the rest of): "
            "if it was cut short, copy or download it again whole; else "
            f"{SAVE_AS_UTF8}",
            line=line,
        )
    return InputError(
        name,
        f"invalid UTF-8 (byte 0x{data[exc.start]:02X} at byte {exc.start - line_start + 1} "
        f"of the line){_read_as_cp1252(data[exc.start])}; {SAVE_AS_UTF8}",
        line=line,
    )


def _read_as_cp1252(byte: int) -> str:
    """What the byte is in Windows-1252 (Latin-1 from 0xA0), the encoding most text that
    is not UTF-8 comes in (a spreadsheet's "CSV" on Windows, older web pages): a hint of
    what to convert from (", “ if the file is Windows-1252"); "" where it is no character
    there. Said as a condition: Mac Roman's 0xD5 (’) is Õ in it."""
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: none in Windows-1252
        return ""
    shown = (
        "a no-break space" if char == "\u00a0" else "a soft hyphen" if char == "\u00ad" else char
    )
    if byte < 0xA0:  # C1 controls in Latin-1: only Windows-1252 has characters there
        return f", {shown} if the file is Windows-1252"
    return f", {shown} if the file is Windows-1252 or Latin-1"


def iter_lines(path: Path, name: str) -> Iterator[tuple[int, str | None]]:
    """Yield (line number, decoded line *with* its terminator) for every line.

    The text is None for a line longer than MAX_LINE_CHARS; the caller decides whether
    that skips a record or the file. A leading byte-order mark is dropped. Raises a
    fatal InputError for a missing/unreadable file, a binary file or invalid UTF-8.
    """
    with open_binary(path, name) as handle:
        try:
            head = handle.read(_HEAD_BYTES)
            if head.startswith(_UTF16_BOMS):  # its NULs said "binary file"
                raise InputError(name, UTF16_TEXT, line=1)
            packed = compressed(head)
            if packed is not None:  # "binary file" said nothing of what to do
                raise InputError(name, packed)
            if b"\0" in head:
                line = head[: head.index(b"\0")].count(b"\n") + 1
                raise InputError(name, "binary file (NUL byte); expected UTF-8 text", line=line)
            handle.seek(0)
            for number, raw in _raw_lines(handle):
                if raw is None:
                    yield number, None
                    continue
                text = decode_line(raw, number, name)
                if number == 1 and text.startswith(_BOM):
                    text = text[1:]
                if len(text.rstrip("\r\n")) > MAX_LINE_CHARS:
                    yield number, None
                else:
                    yield number, text
        except OSError as exc:
            raise InputError(name, f"cannot read: {exc.strerror or exc}") from None


def long_line_error(name: str, number: int, *, fatal: bool) -> InputError:
    return InputError(
        name, f"line longer than {MAX_LINE_CHARS:,} characters", line=number, fatal=fatal
    )


def scan(
    path: Path,
    name: str,
    *,
    long_lines_fatal: bool,
    on_line: Callable[[int, str], None] | None = None,
) -> None:
    """First pass: raise the fatal InputError the second pass would meet, if any.

    Checks readability, NUL bytes, UTF-8, emptiness (nothing but whitespace) and, when
    ``long_lines_fatal``, over-long lines. ``on_line`` sees every decoded line and may
    raise a fatal InputError of its own (format-level checks).
    """
    blank = True
    for number, text in iter_lines(path, name):
        if text is None:
            if long_lines_fatal:
                raise long_line_error(name, number, fatal=True)
            blank = False
            continue
        if blank and text.strip():  # "": a line of a byte order mark alone
            blank = False
        if on_line is not None:
            on_line(number, text)
    if blank:
        raise InputError(name, "empty file")


class TextBuilder:
    """Rebuild the text of a pre-tokenised document and hand out exact offsets.

    Tokens are joined by one space unless the previous token asked for none
    (CoNLL-U SpaceAfter=No); sentences are always separated by one space.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._space = False  # whether the next token needs a space before it

    def add(self, form: str, *, space_after: bool = True) -> tuple[int, int]:
        if self._space:
            self._parts.append(" ")
            self._length += 1
        start = self._length
        self._parts.append(form)
        self._length += len(form)
        self._space = space_after
        return start, self._length

    def end_sentence(self) -> None:
        if self._length:
            self._space = True

    def glue(self) -> None:
        """No space before the next token (a vertical file's ``<g/>``)."""
        self._space = False

    def text(self) -> str:
        return "".join(self._parts)


class DocumentBuilder:
    """Collect the tokens of one pre-tokenised document, sentence by sentence."""

    def __init__(self, doc_id: str, line: int | None, metadata: dict[str, Any] | None = None):
        self.id = doc_id
        self.line = line
        self.metadata: dict[str, Any] = metadata if metadata is not None else {}
        self._text = TextBuilder()
        self._sentences: list[Sentence] = []
        self._tokens: list[Token] = []
        # The tag set this reader's POS tags are mapped from (PENN, UNIVERSAL,
        # TREETAGGER_FR), told apart from UPOS itself by the tags seen (tagged):
        # Document.pos_tags.
        self.mapped_from: str | None = None
        self._raw_tags: set[str] = set()
        # CoNLL-U multiword tokens read as their words: a few, and how many (conllu.py).
        self.multiword: list[str] = []
        self.multiword_count = 0
        self.written_forms: list[tuple[int, int, str]] = []
        # Tokens the file gave no lemma, whose form stands as their lemma (Document).
        self.lemmas_missing = 0
        # Tokens whose POS tag no tag set known maps to UPOS, read as X (Document).
        self.tags_unknown: Counter[str] = Counter()
        # Tokens whose POS tag is the word itself, lower-cased (Document.tags_as_words).
        self.tags_as_words = 0

    def add(self, form: str, *, space_after: bool = True, **fields: Any) -> tuple[int, int] | None:
        """Append a token (``fields``: lemma, pos, label, instance_id, tag, head, deprel)
        and return where it stands in the text; empty forms are dropped (None) because a
        zero-width token could not be searched or shown."""
        if not form:
            return None
        start, end = self._text.add(form, space_after=space_after)
        self._tokens.append(Token(form, start, end, **fields))
        return start, end

    def tagged(self, tag: str | None) -> None:
        """Note a token's POS tag as the file gives it, before it is mapped to UPOS."""
        if tag and len(self._raw_tags) < 256:
            self._raw_tags.add(tag.strip().upper())

    def _pos_tags(self) -> str | None:
        """Document.pos_tags: the coarser tag set its tags were mapped from, or None
        when they are UPOS (a VRT file with a UPOS column, a Raganato file with PROPN)."""
        tags = self._raw_tags - {"", "_"}
        if not tags or self.mapped_from is None:
            return None
        if self.mapped_from == UNIVERSAL:
            return UNIVERSAL if not tags & _UPOS_ONLY else None
        if self.mapped_from == TREETAGGER_FR:
            return TREETAGGER_FR
        if tags & _PENN_MARKS:
            return PENN
        return STTS if tags & _STTS_AUXILIARIES else None

    def glue(self) -> None:
        """The next token follows the last one without a space between them."""
        self._text.glue()

    def end_sentence(self) -> None:
        if self._tokens:
            self._sentences.append(Sentence(self._tokens))
            self._tokens = []
            self._text.end_sentence()

    def document(self) -> Document | None:
        """The finished document, or None when it holds no token at all."""
        self.end_sentence()
        if not self._sentences:
            return None
        return Document(
            self.id,
            self._text.text(),
            self._sentences,
            self.metadata,
            self.line,
            pos_tags=self._pos_tags(),
            lemmas_missing=self.lemmas_missing,
            tags_unknown=dict(self.tags_unknown),
            tags_as_words=self.tags_as_words,
        )


UPOS = frozenset(
    {
        "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
        "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
    }
)  # fmt: skip

# The tag sets coarser than UPOS that readers map from (sensegrep/pos_tags.py).
PENN, UNIVERSAL, TREETAGGER_FR = pos_tags.PENN, pos_tags.UNIVERSAL, pos_tags.TREETAGGER_FR
STTS = pos_tags.STTS
# STTS's tags of haben, sein, werden, full verbs too (pos_tags.LACKING): a document with
# one of them cannot tell AUX from VERB there.
_STTS_AUXILIARIES = frozenset({"VAFIN", "VAINF", "VAPP", "VAIMP"})
# UPOS tags Petrov et al.'s universal tagset has not: a file with one is tagged in UPOS.
_UPOS_ONLY = frozenset({"PROPN", "AUX", "SCONJ", "INTJ", "SYM", "PUNCT", "CCONJ", "PART"})
# Penn tags no other tag set a VRT file may hold has (STTS shares NN; UPOS none of them).
_PENN_MARKS = frozenset({"DT", "IN", "CC", "TO", "MD", "PRP", "VB", "VBD", "VBN", "VBP", "VBZ"})

TAG_MAP: dict[str, str] = {
    # Penn Treebank
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN",
    "VB": "VERB", "VBD": "VERB", "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB",
    "MD": "AUX",
    "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
    "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV",
    "DT": "DET", "PDT": "DET", "WDT": "DET",
    "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WP$": "PRON", "EX": "PRON",
    "IN": "ADP", "TO": "PART", "RP": "ADP", "POS": "PART",
    "CC": "CCONJ", "CD": "NUM", "UH": "INTJ", "FW": "X", "LS": "X", "SYM": "SYM",
    ".": "PUNCT", ",": "PUNCT", ":": "PUNCT", "``": "PUNCT", "''": "PUNCT",
    "-LRB-": "PUNCT", "-RRB-": "PUNCT", "(": "PUNCT", ")": "PUNCT", "HYPH": "PUNCT",
    "NFP": "PUNCT", "#": "SYM", "$": "SYM",
    # OntoNotes' additions to Penn (spaCy's English tagger), and the Treebank's traces
    "ADD": "X", "AFX": "ADJ", "GW": "X", "XX": "X", "-LCB-": "PUNCT", "-RCB-": "PUNCT",
    "-NONE-": "X",
    # TreeTagger's English variant of Penn
    "NP": "PROPN", "NPS": "PROPN", "SENT": "PUNCT", "IN/THAT": "SCONJ", "PP": "PRON",
    "PP$": "PRON",
    # Petrov et al.'s universal tagset (Raganato XML): only these differ from UPOS
    "PRT": "PART", "CONJ": "CCONJ",
    # STTS (German, TreeTagger's too), as UD's German treebanks map it; VV* verbs come
    # from the prefixes below (its pronouns, auxiliaries and conjunctions were X, named
    # as of no tag set sensegrep maps)
    "NE": "PROPN", "ADJA": "ADJ", "ADJD": "ADJ", "ART": "DET", "APPR": "ADP",
    "APPRART": "ADP", "APPO": "ADP", "APZR": "ADP", "CARD": "NUM", "FM": "X", "ITJ": "INTJ",
    "KOUI": "SCONJ", "KOUS": "SCONJ", "KON": "CCONJ", "KOKOM": "CCONJ",
    "PDS": "PRON", "PDAT": "DET", "PIS": "PRON", "PIAT": "DET", "PIDAT": "DET",
    "PPER": "PRON", "PPOSS": "PRON", "PPOSAT": "DET", "PRELS": "PRON", "PRELAT": "DET",
    "PRF": "PRON", "PWS": "PRON", "PWAT": "DET", "PWAV": "ADV", "PAV": "ADV", "PROAV": "ADV",
    "PTKZU": "PART", "PTKNEG": "PART", "PTKVZ": "ADP", "PTKANT": "PART", "PTKA": "PART",
    "TRUNC": "X", "VAFIN": "AUX", "VAIMP": "AUX", "VAINF": "AUX", "VAPP": "AUX",
    "VMFIN": "AUX", "VMINF": "AUX", "VMPP": "AUX", "XY": "X",
    "$.": "PUNCT", "$,": "PUNCT", "$(": "PUNCT",
}  # fmt: skip

# Families of tags the table does not list (Penn variants, TreeTagger VV*/VH*/VD*, CLAWS).
_TAG_PREFIXES = (
    ("NNP", "PROPN"),
    ("NN", "NOUN"),
    ("VB", "VERB"),
    ("VV", "VERB"),
    ("VH", "VERB"),
    ("VD", "VERB"),  # TreeTagger's English (and CLAWS) forms of do: VD, VDD, VDZ, VDN
    ("JJ", "ADJ"),
    ("RB", "ADV"),
)


# French TreeTagger's tag set (Achim Stein's), as UD's French treebanks tag its words: a
# tag before its colon stands for its subtypes (VER:pres, PRO:PER, DET:ART, PUN:cit).
# TreeTagger tags être and avoir VER:* as any verb (no AUX) and que, si KON (no SCONJ).
# Its PRP (preposition) and KON are Penn's pronoun and STTS's conjunction by name, so a
# document (a <text>) is read by this table or the others as a whole, never a word at a time.
FRENCH_TREETAGGER: dict[str, str] = {
    "ABR": "X", "ADJ": "ADJ", "ADV": "ADV", "DET": "DET", "INT": "INTJ", "KON": "CCONJ",
    "NAM": "PROPN", "NOM": "NOUN", "NUM": "NUM", "PRO": "PRON", "PRP": "ADP",
    "PRP:DET": "ADP", "PUN": "PUNCT", "SENT": "PUNCT", "SYM": "SYM", "VER": "VERB",
}  # fmt: skip
# Tags of it no other tag set a VRT file may hold has: one of them, or two of the plain
# ones together (NOM and PUN), tells a file tagged with it.
_FRENCH_SUBTYPED = ("VER:", "DET:", "PRO:", "PRP:", "PUN:")
_FRENCH_PLAIN = frozenset({"NOM", "NAM", "PUN", "KON"})


def french_treetagger(tags: Collection[str]) -> bool:
    """Whether ``tags`` (a file's POS tags) are French TreeTagger's, not Penn's or
    STTS's: a subtyped one (VER:pres, PRO:PER, PRP:det) or two of NOM, NAM, PUN, KON."""
    upper = {tag.strip().upper() for tag in tags}
    return any(tag.startswith(_FRENCH_SUBTYPED) for tag in upper) or (
        len(upper & _FRENCH_PLAIN) >= 2
    )


def other_than_french(tags: Collection[str]) -> bool:
    """Whether ``tags`` (a document's) hold a tag of another tag set sensegrep maps that
    French TreeTagger's has not (STTS's NN, ART, $., Penn's DT, VBZ): a German or English
    text, never read by the French table however French the rest of its file is."""
    return any(
        (tag in TAG_MAP or tag.upper() in TAG_MAP)
        and tag.upper().split(":")[0] not in FRENCH_TREETAGGER
        for tag in (t.strip() for t in tags)
    )


@lru_cache(maxsize=4096)  # few distinct tags, called once per token
def to_upos(tag: str | None, tag_set: str | None = None) -> str | None:
    """Map a POS tag to Universal POS: UPOS stays, Penn and kin are mapped, else X.
    With ``tag_set`` TREETAGGER_FR, French TreeTagger's tags are mapped instead."""
    if tag is None:
        return None
    tag = tag.strip()
    if not tag or tag == "_":
        return None
    return _known_upos(tag, tag_set) or "X"


def unknown_tag(tag: str | None, tag_set: str | None = None) -> bool:
    """Whether ``to_upos`` read ``tag`` as X for knowing no such tag (a tag set it does
    not map: Polish NKJP's *subst*, Dutch CGN's *WW*), not for its meaning (Penn FW)."""
    tag = (tag or "").strip()
    return bool(tag) and tag != "_" and _known_upos(tag, tag_set) is None


@lru_cache(maxsize=4096)
def _known_upos(tag: str, tag_set: str | None = None) -> str | None:
    upper = tag.upper()
    if tag_set == TREETAGGER_FR:
        french = FRENCH_TREETAGGER.get(upper) or FRENCH_TREETAGGER.get(upper.split(":")[0])
        return french or (upper if upper in UPOS else None)
    if upper in UPOS:
        return upper
    mapped = TAG_MAP.get(tag) or TAG_MAP.get(upper)
    if mapped:
        return mapped
    for prefix, upos in _TAG_PREFIXES:
        if upper.startswith(prefix):
            return upos
    return None


_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9a-fA-F]+);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _entity(match: re.Match[str]) -> str:
    body = match.group(1)
    if body[0] != "#":
        return _NAMED[body]
    code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return match.group(0)  # not a character: keep the text as written


def unescape_xml(text: str) -> str:
    """Replace the five XML entities and numeric references; leave a lone '&' alone."""
    return _ENTITY.sub(_entity, text) if "&" in text else text
