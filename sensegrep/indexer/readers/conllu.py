"""CoNLL-U: the treebank's own tokens, lemmas, UPOS and XPOS tags and dependencies.

- Syntactic words are the tokens; multiword-token ranges (``1-2``) and empty nodes
  (``1.1``) are skipped, but a range's ``SpaceAfter=No`` applies to its last word. A
  document's multiword tokens ("zum" read as "zu dem") are counted in
  ``Document.multiword``, for ``index`` to say that the text shows their words.
- ``Document.text`` is rebuilt: words joined by one space, none after a word with
  ``SpaceAfter=No``, one space between sentences (the ``# text`` comment is not used).
- ``Sense=`` in MISC becomes ``Token.label`` (several labels separated by ",", as
  ``import`` reads them: labeltext.sense_labels); lemma and UPOS ``_`` become None (a lemma
  ``_`` is kept for the form ``_``). XPOS becomes ``Token.tag``, DEPREL ``Token.deprel``
  and HEAD ``Token.head``: the 0-based index of the head word in the sentence (HEAD - 1),
  None for the root (HEAD 0) or ``_``.
- Documents start at ``# newdoc`` (id from ``# newdoc id = X``, else ``NAME:LINE``).
  A file without any ``# newdoc`` is one document with id ``NAME``; sentences before
  the first ``# newdoc`` of a file that has some form a document ``NAME:LINE``.
- Document metadata: ``# newdoc KEY = VALUE`` (other than id) and ``# meta::KEY =
  VALUE`` comments (the GUM convention) of the document's sentences, first value wins.
  Other comments (``sent_id``, ``text``, ``newpar``…) are ignored.
- A sentence with a bad token line (not 10 tab-separated columns, bad ID, a word ID out
  of the run 1, 2, 3…, a HEAD past its last word, a field the ``conllu`` package
  rejects) is a non-fatal error naming the line; only that sentence is skipped. A file
  with no token line at all, or any line over the length limit, is fatal; so are
  encoding problems, all found before the first document is yielded.
  A document without any readable sentence (a ``# newdoc`` with none, or each bad) is
  a non-fatal error naming its first line, as an empty VRT ``<text>`` is: it is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import conllu
from conllu.exceptions import ParseException

from sensegrep.document import Document
from sensegrep.errors import InputError
from sensegrep.indexer.readers import _common
from sensegrep.labeltext import misc_value, sense_labels

_ID = re.compile(r"\d+(?:-\d+|\.\d+)?")
_COMMENT = re.compile(r"#\s*([^=]*?)\s*(?:=\s*(.*?)\s*)?")
_NEWDOC = re.compile(r"#\s*newdoc(?:\s|$)")

Line = tuple[int, str]  # (1-based line number, text without terminator)


def read(path: Path, name: str, lang: str) -> Iterator[Document | InputError]:
    has_newdoc = _first_pass(path, name)
    doc: _common.DocumentBuilder | None = None
    meant = False  # whether doc was meant to hold text: opened by # newdoc, or given tokens
    skipped = 0  # its sentences left out for a bad line
    unread: dict[str, None] = {}  # its comments read as no metadata, in order
    for block in _blocks(path, name):
        comments = _comments(block)
        if doc is None or _starts_doc(comments):
            if doc is not None:
                yield from _finish(doc, name, meant, skipped, unread)
            unread = {}
            doc = _new_doc(comments, name, block[0][0], has_newdoc)
            meant, skipped = _starts_doc(comments), 0
        _add_metadata(doc, comments)
        unread.update(_unread(comments))
        tokens = [(n, text) for n, text in block if not text.startswith("#")]
        if not tokens:
            continue
        meant = True
        parsed = _parse(tokens, name)
        if isinstance(parsed, InputError):
            yield parsed
            skipped += 1
        else:
            _add_sentence(parsed, doc)
    if doc is not None:
        yield from _finish(doc, name, meant, skipped, unread)


def _finish(
    doc: _common.DocumentBuilder,
    name: str,
    meant: bool,
    skipped: int = 0,
    unread: dict[str, None] | None = None,
) -> Iterator[Document | InputError]:
    """The document; or, when it has no token though it was meant to (a ``# newdoc``
    with no sentence, or each sentence of it bad), an error naming the line it opens on,
    as an empty VRT ``<text>`` or JSONL "text" is. A block of comments alone is none."""
    finished = doc.document()
    if finished:
        finished.unread = tuple(unread or ())
        finished.multiword = tuple(doc.multiword)
        finished.multiword_count = doc.multiword_count
        finished.written_forms = tuple(doc.written_forms)
        yield finished
    elif skipped:
        # "has no token: expected token lines" of a document whose one sentence had
        # a single bad line: its good lines were read, and left out with that sentence.
        message = (
            f"this document is left out: each of its {skipped} sentence(s) had a bad line "
            "(named above), and a sentence with a bad line is skipped whole"
        )
        yield InputError(name, message, line=doc.line, fatal=False)
    elif meant:
        message = "this document has no token: expected token lines"
        yield InputError(name, message, line=doc.line, fatal=False)


def _first_pass(path: Path, name: str) -> bool:
    """Raise any fatal error; return whether the file has ``# newdoc`` lines."""
    seen = {"token": False, "newdoc": False}

    def look(number: int, text: str) -> None:
        if text.startswith("#"):
            seen["newdoc"] = seen["newdoc"] or bool(_NEWDOC.match(text))
        elif not seen["token"] and text.count("\t") == 9:
            seen["token"] = True

    _common.scan(path, name, long_lines_fatal=True, on_line=look)
    if not seen["token"]:
        raise InputError(name, "no CoNLL-U token line; expected 10 tab-separated columns")
    return seen["newdoc"]


def _blocks(path: Path, name: str) -> Iterator[list[Line]]:
    """Blank-line-separated sentence blocks, lines without their terminators."""
    block: list[Line] = []
    for number, text in _common.iter_lines(path, name):
        line = (text or "").rstrip("\r\n")
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _comments(block: list[Line]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for _, text in block:
        match = _COMMENT.fullmatch(text) if text.startswith("#") else None
        if match and match.group(1):
            found.setdefault(match.group(1), match.group(2))
    return found


def _starts_doc(comments: dict[str, str | None]) -> bool:
    return any(key == "newdoc" or key.startswith("newdoc ") for key in comments)


def _new_doc(
    comments: dict[str, str | None], name: str, line: int, has_newdoc: bool
) -> _common.DocumentBuilder:
    doc_id = comments.get("newdoc id")
    if not doc_id:
        doc_id = f"{name}:{line}" if has_newdoc else name
    return _common.DocumentBuilder(doc_id, line)


def _add_metadata(doc: _common.DocumentBuilder, comments: dict[str, str | None]) -> None:
    for key, value in comments.items():
        if key.startswith("newdoc ") and key != "newdoc id":
            doc.metadata.setdefault(key[len("newdoc ") :].strip(), value)
        elif key.startswith("meta::"):
            doc.metadata.setdefault(key[len("meta::") :].strip(), value)


# Comments of a sentence that are no document metadata: its id, text, translations and
# transliterations, paragraph marks, a CoNLL-U Plus header.
_SENTENCE_COMMENTS = re.compile(r"sent_id|text|text_\S+|translit\S*|newpar.*|global\.columns")


def _unread(comments: dict[str, str | None]) -> dict[str, None]:
    """The keys of ``KEY = VALUE`` comments that read like document metadata and are not
    read as it (``# genre = news``): only ``# newdoc KEY`` and ``# meta::KEY`` are."""
    return {
        key: None
        for key, value in comments.items()
        if value
        and not key.startswith(("newdoc", "meta::"))
        and not _SENTENCE_COMMENTS.fullmatch(key)
    }


def _parse(tokens: list[Line], name: str) -> conllu.TokenList | InputError:
    for number, text in tokens:
        problem = _token_line_problem(text)
        if problem:
            return InputError(name, problem, line=number, fatal=False)
    numbering = _numbering_problem(tokens)
    if numbering:
        return InputError(name, numbering[1], line=numbering[0], fatal=False)
    try:
        return conllu.parse_token_and_metadata("\n".join(text for _, text in tokens))
    except ParseException:
        return _locate_parse_error(tokens, name)


def _token_line_problem(text: str) -> str | None:
    fields = text.split("\t")
    if len(fields) != 10:
        return f"expected 10 tab-separated columns, got {len(fields)}"
    if not _ID.fullmatch(fields[0]):
        return f"expected an integer ID (or a range 1-2, or an empty node 1.1), got {fields[0]!r}"
    if not fields[1]:
        return "expected a FORM in column 2, got nothing"
    return None


def _numbering_problem(tokens: list[Line]) -> tuple[int, str] | None:
    """A word ID out of the run 1, 2, 3… or a HEAD to no word of the sentence, with its
    line: a HEAD is read as a position in the sentence (``_head``), so either would give
    a word another's head, or one of the next sentence (pass 38l: `Ein(1) Haus(3)
    steht(4)` made *Haus* the subject of the next sentence's *Das*)."""
    words = [(number, text.split("\t")) for number, text in tokens]
    words = [(number, fields) for number, fields in words if fields[0].isdigit()]
    for expected, (number, fields) in enumerate(words, start=1):
        if int(fields[0]) != expected:
            return number, (
                f"expected word ID {expected}, got {fields[0]}: a sentence's words are "
                "numbered 1, 2, 3… in order (its HEADs point to them by these numbers)"
            )
    for number, fields in words:
        if fields[6].isdigit() and int(fields[6]) > len(words):
            return number, (
                f"HEAD {fields[6]} points to no word of this sentence, which has "
                f"{len(words)}; expected 0 (the root) to {len(words)}"
            )
    return None


def _locate_parse_error(tokens: list[Line], name: str) -> InputError:
    """The conllu package does not say which line failed: parse them one by one."""
    for number, text in tokens:
        try:
            conllu.parse_token_and_metadata(text)
        except ParseException as exc:
            message = str(exc).splitlines()[0] if str(exc) else "unparseable token line"
            return InputError(name, f"bad token line: {message}", line=number, fatal=False)
    return InputError(name, "unparseable sentence", line=tokens[0][0], fatal=False)


# UD's Finnish treebanks (TDT) mark a compound's joints in its LEMMA with # (pää#kaupunki,
# EU-#maa), a mark the word is not written with: `search pääkaupunki` left out every such
# token (pääkaupungissa too) and `freq` counted pää#kaupunki apart from the pääkaupunki
# of plain text. A # between a word's letters is left out; the token "#" keeps its own.
_COMPOUND_JOINT = re.compile(r"(?<=[\w-])#(?=\w)")


def _lemma(form: str, lemma: str | None) -> str | None:
    """The LEMMA column as the word writes it: a compound's joint marks left out."""
    if lemma and "#" in lemma and "#" not in form:
        return _COMPOUND_JOINT.sub("", lemma)
    return lemma


def _add_sentence(parsed: conllu.TokenList, doc: _common.DocumentBuilder) -> None:
    glued_until = 0  # last word id of a multiword token followed by no space
    surface: tuple[str, int, list[str]] | None = None  # a multiword token, its last id, words
    first: int | None = None  # where the multiword token's first word starts in the text
    for item in parsed:
        ident = item["id"]
        if isinstance(ident, tuple):
            if ident[1] == "-" and _no_space_after(item):
                glued_until = ident[2]
            if ident[1] == "-":
                surface = (item["form"] or "", ident[2], [])
            continue  # ranges and empty nodes are not words of their own
        words_of = surface if surface is not None and ident <= surface[1] else None
        if words_of is not None:
            words_of[2].append(item["form"] or "")
            if ident == words_of[1]:
                _note_multiword(doc, words_of[0], words_of[2])
                surface = None
        form = item["form"] or ""
        lemma = _lemma(form, item.get("lemma"))
        if lemma == "_" and form != "_":
            lemma = None
        if not lemma and form:
            doc.lemmas_missing += 1
        misc = item.get("misc")
        sense = misc_value(misc, "Sense") if isinstance(misc, dict) else None
        label = sense_labels(sense) if sense else None
        upos = item.get("upos")
        if isinstance(upos, str) and _common.to_upos(upos) == "X" and _common.unknown_tag(upos):
            doc.tags_unknown[upos.strip()] += 1  # (NKJP's subst in the UPOS column)
        span = doc.add(
            form,
            space_after=not (_no_space_after(item) or ident == glued_until),
            lemma=lemma or None,
            pos=_common.to_upos(upos),
            label=label or None,
            tag=_value(item.get("xpos")),
            head=_head(item.get("head")),
            deprel=_value(item.get("deprel")),
        )
        if words_of is not None and span is not None:
            first = span[0] if first is None else first
            if ident == words_of[1] and words_of[0]:
                doc.written_forms.append((first, span[1], words_of[0]))
        if words_of is None or ident == words_of[1]:
            first = None
    doc.end_sentence()


# The distinct multiword tokens a document keeps to name (a treebank has thousands).
_MULTIWORD_SHOWN = 5


def _note_multiword(doc: _common.DocumentBuilder, form: str, words: list[str]) -> None:
    doc.multiword_count += 1
    shown = f"{form} ({' '.join(words)})"
    if len(doc.multiword) < _MULTIWORD_SHOWN and shown not in doc.multiword:
        doc.multiword.append(shown)


def _value(field: object) -> str | None:
    """A column's text, None for ``_`` or nothing."""
    return field if isinstance(field, str) and field and field != "_" else None


def _head(field: object) -> int | None:
    """HEAD as the 0-based index of the head word in the sentence (syntactic words are
    numbered 1..n, so word k is index k-1); None for the root (0) or no head (``_``)."""
    return field - 1 if isinstance(field, int) and field > 0 else None


def _no_space_after(item: conllu.Token) -> bool:
    misc = item.get("misc")
    return isinstance(misc, dict) and misc.get("SpaceAfter") == "No"
