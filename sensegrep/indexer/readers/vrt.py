"""CWB vertical text (VRT): one token per line, structural tags on lines of their own.

- Token lines are tab-separated positional attributes ``word, pos, lemma``; further
  columns are ignored (a line without a tab that holds spaces is one word, its line kept
  in ``Document.spaced_lines`` for ``index`` to say). A missing lemma (absent, empty,
  ``_`` or TreeTagger's ``<unknown>``) becomes the word as written. The tag is kept as
  ``Token.tag`` and stored as Universal POS (``Token.pos``, see ``_common.to_upos``);
  a <text> in French TreeTagger's tags (``_common.french_treetagger``) is mapped by them.
  XML entities in values (``&amp;``…) are decoded.
- ``<text …>`` starts a document; its attributes are the metadata, its ``id``
  attribute the document id (else ``NAME:LINE``). Values are quoted (``"…"`` or
  ``'…'``, which may hold ``>``) or, as HTML allows, unquoted (``year=1999``); a name
  without a value (``<text title=The Old House>``: Old, House) is a non-fatal error that
  keeps the document. Tokens
  outside any ``<text>`` form a document too: id ``NAME`` when the file has no
  ``<text>`` at all, else ``NAME:LINE``.
- ``<s>``/``</s>`` delimit sentences; ``<p>``/``</p>`` and document ends also end
  one. Outside ``<s>`` a sentence also ends after sentence-final punctuation (Penn
  ``.``, TreeTagger ``SENT``, STTS ``$.`` but for its ``:`` and ``;``, or a PUNCT
  ``.``/``!``/``?``/``…``, or another script's sentence-final mark, ``。``, ``؟``,
  ``।``…, whatever its tag).
- Attributes of other structures (``<s id="…">``, ``<div type="…">``) are not read;
  each document names them (``Document.unread_structures``), for ``index`` to say.
- Other tags, ``<?…?>`` and ``<!…>`` lines, XML comments (also over several lines, to
  their ``-->``; a line with a tab opens none, and one never closed is a non-fatal
  error), and blank lines are ignored. A ``<text>`` attribute given twice is a
  non-fatal error that keeps the document, with the last value.
- ``Document.text`` is rebuilt: words joined by one space, none where Sketch Engine's
  glue tag ``<g/>`` stands between them (``said<g/>,`` is "said,").

An ``<s>`` without its ``</s>`` (another ``<s>``, a ``<text>`` edge or the file's end
comes first) is a non-fatal error that keeps its tokens, the sentence ended there.
A token line with an empty word, and a line that begins like a tag but is none (``<text
id="a>``), are non-fatal errors (that line is skipped). Encoding
problems and over-long lines are fatal and found before any document is yielded.
A ``<text>`` without a token (none given, or each line of it bad) is a non-fatal error
naming its line: the document is skipped, as an empty JSONL ``text`` is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from pathlib import Path

from sensegrep.document import Document
from sensegrep.errors import InputError
from sensegrep.indexer.readers import _common

# An attribute's value: quoted (a quoted value may hold ">"), or unquoted as HTML allows
# (year=1999): a value dropped silently would lose the document's metadata or its id.
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+)"""
_NAME = r"[A-Za-z_][\w.:-]*"
_TAG = re.compile(rf"<(/?)({_NAME})((?:\s+{_NAME}(?:\s*=\s*{_VALUE})?)*)\s*/?>")
_ATTR = re.compile(rf"""({_NAME})\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""")
# An attribute with its value, or a name without one (HTML's bare attribute), which
# <text title=The Old House> also has: its value is "The", and Old and House are bare.
_PART = re.compile(rf"""({_NAME})\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>=`]+)|({_NAME})""")
# What begins as a tag does (no tab: a token line has its columns): a line like it that
# is no tag is a mistake to name, not a word, which would also hide a document boundary.
_TAG_LIKE = re.compile(r"</?[A-Za-z_][^\t]*")
_FINAL_TAGS = frozenset({".", "SENT", "$."})
_FINAL_WORDS = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
# The sentence-final marks of other scripts (Chinese and Japanese 。！？, the Arabic ؟,
# the Devanagari danda, the Hebrew sof pasuq…), which have no other use: they end a
# sentence whatever a tag set calls them (the Penn Chinese Treebank's PU is no UPOS),
# where a Chinese VRT without <s> was one sentence a text (pass 37d).
# A token ． alone (U+FF0E, Japanese written the official way) too: no decimal mark.
_FINAL_MARKS = frozenset("。！？｡．؟।॥\u05c3\u06d4\u1362\u104b")
# Marks STTS tags $. with the sentence-final ones (German TreeTagger's `sagte : Das`),
# which end no sentence for a reader: `Er sagte: Das ist gut.` is one.
_MID_SENTENCE = frozenset({":", ";"})
_NO_LEMMA = frozenset({"", "_", "<unknown>"})
_SENTENCE_TAGS = frozenset({"s", "p"})
# A <text> or </text> line: where a document's part of the file, and its tag set, begin.
_TEXT_EDGE = re.compile(r"\s*</?text[\s/>]", re.IGNORECASE)


class _Reader:
    """The state of one pass over a VRT file."""

    def __init__(self, name: str, tag_set_at: Callable[[int], str | None]) -> None:
        self.name = name
        # The tag set of the document opened at a line: TREETAGGER_FR for a text in its
        # tags, else None (Penn, STTS…); self.tag_set, the current document's.
        self.tag_set_at = tag_set_at
        self.tag_set: str | None = None
        self.doc: _common.DocumentBuilder | None = None
        self.implicit = False  # the current document was not opened by <text>
        self.seen_text = False
        self.in_s = False
        self.s_line = 0  # the line of the <s> open now (in_s)
        # where a <p> or </p> ended the sentence of that <s> (its line and tag), if one did
        self.s_ended: tuple[int, str] | None = None
        # the line that opened the XML comment over several lines being read, if any
        self.comment: int | None = None
        self.comment_lines = 0
        # the current document's token lines without a tab that hold a space
        self.spaced: list[int] = []
        # structures other than <text> whose attributes are not read: tag -> names
        self.unread: dict[str, dict[str, None]] = {}

    def line(self, number: int, text: str) -> Iterator[Document | InputError]:
        stripped = text.strip()
        if self.comment is not None:  # an XML comment over several lines: no token
            self.comment_lines += 1
            if "-->" in stripped:
                self.comment = None
            return
        # (a line with a tab is a token line's columns, "<!--\tSYM", no comment's start:
        # it would hide every line to the next "-->", documents too)
        if stripped.startswith("<!--") and "\t" not in stripped:
            if "-->" not in stripped[4:]:
                self.comment, self.comment_lines = number, 0
            return
        if not stripped or stripped.startswith(("<?", "<!")):
            return
        tag = _TAG.fullmatch(stripped)
        if tag:
            yield from self._tag(number, tag.group(1) == "/", tag.group(2).lower(), tag.group(3))
        elif _TAG_LIKE.fullmatch(stripped):
            shown = stripped if len(stripped) <= 60 else stripped[:57] + "..."
            yield InputError(
                self.name,
                f'malformed tag {shown!r}; expected <name attribute="value" …> on a line '
                "of its own (a word beginning with < is written &lt;)",
                line=number,
                fatal=False,
            )
        else:
            error = self._token(number, text.rstrip("\r\n"))
            if error:
                yield error

    def finish(self) -> Iterator[Document | InputError]:
        if self.doc is not None:
            if self.implicit and not self.seen_text:
                self.doc.id = self.name
            finished, line = self.doc.document(), self.doc.line
            self.doc = None
            if finished:
                finished.outside_text = self.implicit and self.seen_text
                finished.spaced_lines = tuple(self.spaced)
                finished.unread_structures = tuple(
                    f"<{tag} {', '.join(names)}>" for tag, names in self.unread.items()
                )
                yield finished
            else:  # as an empty JSONL "text": a document with nothing to search is a mistake
                yield InputError(
                    self.name,
                    "this <text> has no token: expected token lines",
                    line=line,
                    fatal=False,
                )

    def _tag(
        self, number: int, closing: bool, tag: str, attrs: str | None
    ) -> Iterator[Document | InputError]:
        if tag != "text" and not closing and attrs:
            names = self.unread.setdefault(tag, {})
            names.update(dict.fromkeys(_attributes(attrs)))
        if tag == "text":
            self.seen_text = True
            yield from self.finish()
            if not closing:
                self._open(number, _attributes(attrs or ""))
                bare, meant = _bare_attributes(attrs or "")
                if bare:
                    yield _bare_attributes_error(self.name, number, bare, meant)
                names = [match.group(1) for match in _ATTR.finditer(attrs or "")]
                twice = [name for name in dict.fromkeys(names) if names.count(name) > 1]
                if twice:
                    yield InputError(
                        self.name,
                        f"<text> attributes given more than once: {', '.join(twice)}; the "
                        "document is indexed with the last value of each (give each once)",
                        line=number,
                        fatal=False,
                        kept=True,
                    )
        elif tag in _SENTENCE_TAGS and self.doc is not None:
            self.doc.end_sentence()
        elif tag == "g" and self.doc is not None:
            self.doc.glue()
        if self.in_s and tag == "p" and self.s_ended is None:
            # (its sentence ends here, not where the error is found: pass 38n)
            self.s_ended = (number, f"<{'/' * closing}p>")
        if self.in_s and (tag == "text" or (tag == "s" and not closing)):
            # an <s> never closed: ended here, as CWB ends a region opened again, but said
            # (pass 38l: a missing </s> was read without a word, exit 0)
            yield self.unclosed_s_error((number, f"<{'/' * closing}{tag}>"))
            self.in_s = False
        if tag == "s":
            self.in_s = not closing
            self.s_line = number
            self.s_ended = None

    def unclosed_s_error(self, at: tuple[int, str]) -> InputError:
        """The error of the open ``<s>`` that ``at`` (a line and its tag; 0 and "" for
        the file's end) ends: named where its sentence ended, at a ``<p>`` or ``</p>``
        that came first (the </text> after it was named, though the words between were
        another sentence)."""
        line, by = self.s_ended or at
        return _unclosed_s_error(self.name, self.s_line, line, by)

    def _open(self, number: int, metadata: dict[str, str], implicit: bool = False) -> None:
        doc_id = metadata.pop("id", "").strip() or f"{self.name}:{number}"
        self.doc = _common.DocumentBuilder(doc_id, number, metadata)
        self.tag_set = self.tag_set_at(number)
        self.doc.mapped_from = self.tag_set or _common.PENN
        self.implicit = implicit
        self.spaced = []

    def _token(self, number: int, line: str) -> InputError | None:
        columns = [_common.unescape_xml(column) for column in line.split("\t")]
        word = columns[0].strip()
        if not word:
            return InputError(
                self.name, "expected a word in the first column", line=number, fatal=False
            )
        tag = columns[1].strip() if len(columns) > 1 else ""
        lemma = columns[2].strip() if len(columns) > 2 else ""
        if self.doc is None:
            self._open(number, {}, implicit=True)
        assert self.doc is not None
        pos = _common.to_upos(tag, self.tag_set)
        if lemma in _NO_LEMMA:
            lemma = word  # as written, as CoNLL-U's `_` is: German nouns keep their capital
            self.doc.lemmas_missing += 1
        if len(columns) == 1 and " " in word:  # "old ADJ old": columns split by spaces?
            self.spaced.append(number)
        self.doc.add(word, lemma=lemma, pos=pos, tag=tag if pos else None)
        self.doc.tagged(tag)
        if pos == "X" and _common.unknown_tag(tag, self.tag_set):
            self.doc.tags_unknown[tag] += 1
            if tag.lower() == word.lower() and any(ch.isalpha() for ch in word):
                self.doc.tags_as_words += 1
        final = tag in _FINAL_TAGS and word not in _MID_SENTENCE
        marks = bool(word) and not word.isascii() and all(ch in _FINAL_MARKS for ch in word)
        if not self.in_s and (final or marks or (pos == "PUNCT" and word in _FINAL_WORDS)):
            self.doc.end_sentence()
        return None


def _unclosed_s_error(name: str, line: int, at: int, by: str) -> InputError:
    where = f"the {by} of line {at:,}" if at else "the end of the file"
    return InputError(
        name,
        f"this <s> has no </s>: its sentence was ended at {where}, its tokens indexed "
        "(add the </s>)",
        line=line,
        fatal=False,
        kept=True,  # its tokens are indexed, the sentence ended where CWB ends it
    )


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        value = next(group for group in match.groups()[1:] if group is not None)
        found[match.group(1)] = _common.unescape_xml(value)
    return found


def _bare_attributes(text: str) -> tuple[list[str], str | None]:
    """The names without a value among a tag's attributes, and for the first of them
    that follows an unquoted value, that attribute as it was likely meant, the value
    quoted with the names after it (``title=The Old House``: ``title="The Old House"``).
    """
    bare: list[str] = []
    meant = None
    run: list[str] = []  # an unquoted attribute's name, value and the bare names after it
    for match in _PART.finditer(text):
        name, value, alone = match.groups()
        if alone is not None:
            bare.append(alone)
            if run:
                run.append(alone)
            continue
        if meant is None and len(run) > 2:
            meant = f'{run[0]}="{" ".join(run[1:])}"'
        run = [name, value] if value[0] not in "\"'" else []
    if meant is None and len(run) > 2:
        meant = f'{run[0]}="{" ".join(run[1:])}"'
    return bare, meant


def _bare_attributes_error(
    name: str, number: int, bare: list[str], meant: str | None
) -> InputError:
    """A <text> with attributes without a value: its document is read without them,
    which is said (a value of several words unquoted kept its first word alone)."""
    how = f"an unquoted value ends at a space: write {meant}" if meant else 'write name="value"'
    return InputError(
        name,
        f"<text> attributes without a value: {', '.join(bare)}; the document is indexed "
        f"without them ({how})",
        line=number,
        fatal=False,
        kept=True,
    )


def read(path: Path, name: str, lang: str) -> Iterator[Document | InputError]:
    # Each part of the file between <text> and </text> lines, by the line it begins at,
    # and its POS tags (a few hundred tell its tag set): a file may hold a German text in
    # STTS and a French one in French TreeTagger's tags, whose KON and NN differ.
    starts: list[int] = [0]
    parts: list[set[str]] = [set()]

    def tag_of(number: int, text: str) -> None:
        if "\t" not in text and _TEXT_EDGE.match(text):
            starts.append(number)
            parts.append(set())
        elif "\t" in text and len(parts[-1]) < 512:
            parts[-1].add(text.split("\t", 2)[1].strip())

    _common.scan(path, name, long_lines_fatal=True, on_line=tag_of)
    # French TreeTagger's PRP and KON are Penn's and STTS's by name: a document is read
    # by one tag set as a whole, so a Penn text's PRP stays PRON (_common.FRENCH_TREETAGGER)
    # A <text> too short to tell (`Merci INT ! SENT`) is read as the file is, unless it
    # holds a tag of another tag set (NN, $.): a file of tweets, each a <text>.
    whole = _common.french_treetagger(set().union(*parts))
    french = {
        start
        for start, tags in zip(starts, parts, strict=True)
        if _common.french_treetagger(tags) or (whole and not _common.other_than_french(tags))
    }

    def tag_set_at(line: int) -> str | None:
        return _common.TREETAGGER_FR if starts[bisect_right(starts, line) - 1] in french else None

    reader = _Reader(name, tag_set_at)
    for number, text in _common.iter_lines(path, name):
        yield from reader.line(number, text or "")
    if reader.in_s and reader.comment is None:  # (a comment never closed hid its </s>)
        yield reader.unclosed_s_error((0, ""))
    yield from reader.finish()
    if reader.comment is not None:  # every line after it was skipped: said, not silent
        yield InputError(
            name,
            f"an XML comment opened here has no -->: the {reader.comment_lines:,} lines "
            "after it were read as part of it, none as a token (close it with -->)",
            line=reader.comment,
            fatal=False,  # not kept: the file is not read whole, its documents indexed
        )  # before from those lines stay until it is mended
