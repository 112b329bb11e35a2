"""The WSD evaluation XML of Raganato et al. (2017), e.g. SemCor and SemEval sets.

``<corpus><text id=… source=…><sentence id=…><wf lemma= pos=>word</wf><instance
id= lemma= pos=>word</instance>…`` — one Document per ``<text>``:

- id from the ``id`` attribute (else ``NAME:LINE``); the other attributes are metadata.
- every ``<wf>``/``<instance>`` is one token (an instance may span several words,
  "Fulton County Grand Jury"; inner whitespace runs become one space); ``lemma`` and
  ``pos`` come from the attributes, the tag mapped to UPOS (``.``→PUNCT, PRT→PART,
  CONJ→CCONJ); a missing lemma becomes the form lower-cased.
- instance ids go to ``Token.instance_id``; sense keys come from the sibling gold key
  file (``X.data.xml`` → ``X.gold.key.txt``, lines ``instance_id key [key…]``), several
  keys joined by one space into ``Token.label``. No key file: no labels.
- ``Document.text`` is rebuilt: tokens joined by one space.
- entities: besides XML's own, HTML named entities in word text (``&eacute;``) are
  decoded instead of failing (``&nbsp;`` then counts as whitespace; in attributes expat
  drops them), and forms and lemmas are unescaped once more so double-escaped files
  (``&amp;amp;``) give ``&`` too.

A key line whose instance id no ``<instance>`` of the file has is an error naming the
first such line (the documents are kept, the exit status is 1): a key file of other
data labelled nothing without a word. Every other problem is fatal (the file is
skipped): malformed XML, elements out of place (``<text>`` outside ``<corpus>``, a
token outside ``<sentence>``, unknown elements), an ``<instance>`` without id, a bad
gold key line, encoding problems, over-long lines.
They are all found by a first pass (expat without building anything) and the key file
is read before the second pass, so no document is yielded from a file that fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.entities import name2codepoint
from pathlib import Path
from xml.parsers import expat

from sensegrep.document import Document
from sensegrep.errors import InputError
from sensegrep.indexer.readers import _common

# parent element → the children it may hold
_CHILDREN = {
    None: ("corpus",),
    "corpus": ("text",),
    "text": ("sentence",),
    "sentence": ("wf", "instance"),
    "wf": (),
    "instance": (),
}
_TOKENS = frozenset({"wf", "instance"})
_CHUNK = 1 << 20
_FEED_LINES = 4096  # first pass: lines handed to expat at a time


class _Handler:
    """Expat callbacks: check the structure always; build documents when asked to."""

    def __init__(self, name: str, keys: dict[str, str] | None, build: bool) -> None:
        self.name = name
        self.keys = keys or {}
        self.build = build
        self.parser = _parser()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        if build:
            self.parser.CharacterDataHandler = self.chars
            self.parser.SkippedEntityHandler = self.skipped_entity
        self.stack: list[str] = []
        self.ready: list[Document | InputError] = []
        self.doc: _common.DocumentBuilder | None = None
        self.attrs: dict[str, str] = {}
        self.text: list[str] | None = None  # character data of the open token
        self.keyed: set[str] = set()  # instance ids that got their gold keys

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        allowed = _CHILDREN.get(parent, ())
        if tag not in allowed:
            self._fail(_misplaced(tag, parent, allowed))
        if tag == "instance" and not attrs.get("id"):
            self._fail("expected an id attribute on <instance>")
        self.stack.append(tag)
        if not self.build:
            return
        if tag == "text":
            line = self.parser.CurrentLineNumber
            doc_id = attrs.pop("id", "") or f"{self.name}:{line}"
            self.doc = _common.DocumentBuilder(doc_id, line, attrs)
            self.doc.mapped_from = _common.UNIVERSAL
        elif tag in _TOKENS:
            self.attrs = attrs
            self.text = []

    def end(self, tag: str) -> None:
        self.stack.pop()
        if not self.build:
            return
        if tag in _TOKENS:
            self._token(tag)
        elif tag == "sentence" and self.doc is not None:
            self.doc.end_sentence()
        elif tag == "text" and self.doc is not None:
            finished, line = self.doc.document(), self.doc.line
            self.doc = None
            if finished:
                self.ready.append(finished)
            else:  # as an empty JSONL "text" or VRT <text>: nothing to search is a mistake
                message = "this <text> has no token: expected <wf> or <instance> elements"
                self.ready.append(InputError(self.name, message, line=line, fatal=False))

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def skipped_entity(self, entity: str, is_parameter: bool) -> None:
        if self.text is not None and not is_parameter:
            code = name2codepoint.get(entity)
            self.text.append(chr(code) if code is not None else f"&{entity};")

    def _token(self, tag: str) -> None:
        form = _common.unescape_xml(" ".join("".join(self.text or ()).split()))
        attrs, self.text = self.attrs, None
        lemma = _common.unescape_xml(attrs.get("lemma", ""))
        instance_id = attrs.get("id") if tag == "instance" else None
        label = self.keys.get(instance_id) if instance_id else None
        if label is not None and instance_id is not None:
            self.keyed.add(instance_id)
        assert self.doc is not None  # the structure check guarantees it
        if not lemma and form:
            lemma = form.lower()
            self.doc.lemmas_missing += 1
        self.doc.add(
            form,
            lemma=lemma,
            pos=_common.to_upos(attrs.get("pos")),
            label=label,
            instance_id=instance_id,
        )
        self.doc.tagged(attrs.get("pos"))

    def _fail(self, message: str) -> None:
        raise InputError(self.name, message, line=self.parser.CurrentLineNumber)


def _misplaced(tag: str, parent: str | None, allowed: tuple[str, ...]) -> str:
    where = f"inside <{parent}>" if parent else "as the root element"
    expected = " or ".join(f"<{child}>" for child in allowed) or "only text"
    return f"unexpected <{tag}> {where}; expected {expected}"


def _parser() -> expat.XMLParserType:
    # Decode as UTF-8 whatever the declaration says: the first pass checked the bytes
    # are UTF-8. A foreign DTD makes undefined entities (&nbsp;) "skipped" instead of
    # errors, so the handler can decode them.
    parser = expat.ParserCreate(encoding="utf-8")
    parser.UseForeignDTD(True)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_UNLESS_STANDALONE)
    parser.buffer_text = True
    parser.ordered_attributes = False
    return parser


def _xml_error(name: str, exc: expat.ExpatError) -> InputError:
    message = expat.ErrorString(exc.code) if exc.code else str(exc)
    return InputError(name, f"malformed XML ({message}); expected well-formed XML", exc.lineno)


def _first_pass(path: Path, name: str) -> None:
    """Raise the first fatal problem: encoding, over-long lines, XML, structure."""
    handler = _Handler(name, None, build=False)
    batch: list[str] = []

    def feed(final: bool = False) -> None:
        try:
            handler.parser.Parse("".join(batch), final)
        except expat.ExpatError as exc:
            raise _xml_error(name, exc) from None
        batch.clear()

    def on_line(number: int, text: str) -> None:
        batch.append(text[:-3] + "\r\n" if text.endswith("\r\r\n") else text)
        if len(batch) >= _FEED_LINES:
            feed()

    _common.scan(path, name, long_lines_fatal=True, on_line=on_line)
    feed(final=True)


def _parse(
    path: Path, name: str, keys: dict[str, str], keyed: set[str]
) -> Iterator[Document | InputError]:
    """The documents; ``keyed`` gets the instance ids that took their keys."""
    handler = _Handler(name, keys, build=True)
    handler.keyed = keyed
    with _common.open_binary(path, name) as handle:
        held = b""
        while True:
            chunk = handle.read(_CHUNK)
            data, held = _one_line_end(held + chunk, final=not chunk)
            try:
                handler.parser.Parse(data, not chunk)
            except expat.ExpatError as exc:  # only if the file changed since the first pass
                raise _xml_error(name, exc) from None
            yield from handler.ready
            handler.ready.clear()
            if not chunk:
                return


def _one_line_end(data: bytes, final: bool) -> tuple[bytes, bytes]:
    """``data`` with each CR CR LF written as a CRLF, and the CRs at its end held back
    (at most two, unless ``final``) for the next bytes to tell. XML reads a CR CR LF (a
    CRLF file saved once more in a text mode) as two line ends and every other reader as
    one, as editors show it: expat's line numbers, those of its errors and of a <text>
    without an id (NAME:LINE), ran past the line an editor shows, one more at every line."""
    held = b""
    if not final:
        kept = len(data) - len(data.rstrip(b"\r"))
        held = data[len(data) - min(kept, 2) :]
        data = data[: len(data) - len(held)]
    return data.replace(b"\r\r\n", b"\r\n"), held


def _unused_keys(
    key: Path, key_name: str, data_name: str, keys: dict[str, str], keyed: set[str]
) -> InputError | None:
    """A bad record naming the first line of the key file whose instance id no
    ``<instance>`` of the data file has: a key file of other data (or other ids) gave
    no label at all, without a word."""
    unused = [ident for ident in keys if ident not in keyed]
    if not unused:
        return None
    line = next(
        (
            n
            for n, text in _common.iter_lines(key, key_name)
            if text and text.split()[:1] == [unused[0]]
        ),
        None,
    )
    return InputError(
        key_name,
        f"{len(unused):,} of its {len(keys):,} instance id(s) name no <instance> of "
        f"{data_name} (the first: {unused[0]!r}): their keys label nothing (the "
        "documents are indexed)",
        line=line,
        fatal=False,
        kept=True,
    )


def key_file(path: Path, name: str) -> tuple[Path, str]:
    """The gold key file that goes with a data file, and its display name."""
    file_name = path.name
    for suffix in (".data.xml", ".xml"):
        if file_name.lower().endswith(suffix):
            file_name = file_name[: -len(suffix)]
            break
    key = path.with_name(file_name + ".gold.key.txt")
    shown = name[: -len(path.name)] + key.name if name.endswith(path.name) else str(key)
    return key, shown


def read_keys(path: Path, name: str) -> dict[str, str]:
    """``instance_id → "key [key…]"``; several lines for one id add up."""
    keys: dict[str, str] = {}
    for number, line in _common.iter_lines(path, name):
        if line is None:
            raise _common.long_line_error(name, number, fatal=True)
        fields = line.split()
        if not fields:
            continue
        if len(fields) < 2:
            raise InputError(name, "expected 'INSTANCE_ID KEY [KEY…]'", line=number)
        known = keys.get(fields[0])
        if known:
            fields = [fields[0], known, *(k for k in fields[1:] if k not in known.split())]
        keys[fields[0]] = " ".join(fields[1:])
    return keys


def read(path: Path, name: str, lang: str) -> Iterator[Document | InputError]:
    _first_pass(path, name)
    key, key_name = key_file(path, name)
    keys = read_keys(key, key_name) if key.is_file() else {}
    keyed: set[str] = set()
    yield from _parse(path, name, keys, keyed)
    unused = _unused_keys(key, key_name, name, keys, keyed)
    if unused is not None:
        yield unused
