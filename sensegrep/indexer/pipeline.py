"""Indexing: files → documents → vectors → storage, in committed batches.

A file already indexed (same content hash) is skipped, and so is a document already
indexed. Where each file lies is recorded with it, and the same file given by another
path is read under the name it got then, which its documents' ids come from. Documents
are buffered until a batch holds enough occurrences, embedded, and stored in one
transaction, together with the files that batch completes; so a run killed at any
point can simply be run again to finish. With --ray, files are read and
embedded on Ray (distributed.py) and replayed through this same logic.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np

from sensegrep import failpoints, tagger
from sensegrep.detect import input_format, looks_like_prose
from sensegrep.digests import corpus_file_digests, corpus_file_sha256, files_sha256
from sensegrep.document import Document, Sentence, Token, is_indexable
from sensegrep.embedder.base import Embedder
from sensegrep.errors import InputError, SensegrepError
from sensegrep.indexer.progress import Progress
from sensegrep.indexer.readers import (
    TEXT_FORMATS,
    detected_format,
    display_name,
    hidden_files,
    iter_files,
    keys_of,
    read_documents,
)
from sensegrep.indexer.readers.text import StreamedDocument
from sensegrep.storage import FileRecord, Index, PreparedDocument, StoredDocument
from sensegrep.storage.manifest import text_language
from sensegrep.storage.removal import DIGEST
from sensegrep.storage.runs import lemma_key
from sensegrep.text import (
    ENGLISH,
    language_told,
    markup_written,
    other_language,
    other_script,
    own_script,
    syllable_spaced,
    unspaced_phrase,
)

# Metadata fields a record may name its language in (never read as its --lang: said in
# the note of text whose words are mostly no words of the language it was read as).
_LANGUAGE_FIELDS = ("lang", "language")

# The documents of a file read to tell whether it is a file read in part before under
# another name (its good records were indexed: one of the first few is enough).
IN_PART_PEEK = 20

# Occurrences per committed batch: large enough to keep shards few, small enough that a
# killed run loses well under a minute of work.
BATCH_OCCURRENCES = 20_000
# Documents read ahead, whose stored versions are looked up in one query.
LOOKUP_DOCUMENTS = 512
# After a file's first record, the next 8 records' language is checked against --lang,
# then every 16th's (each check costs about half a record's tokenising).
SAMPLED_RECORDS = 16
# Tokens per committed batch at most (a text-only index's batches, and those of an index
# with vectors for chosen words, whose occurrences are few): a bounded buffer.
BATCH_TOKENS = 100_000


@dataclass
class IndexReport:
    files_indexed: int = 0
    files_skipped: int = 0
    # Files whose good documents were indexed beside bad records (a JSONL line): not
    # marked done, so the next run reads them again (and skips what is indexed).
    files_partial: int = 0
    files_ignored: list[str] = field(default_factory=list)  # unknown formats inside folders
    # Files of a format inside folders that the walk left out as hidden ('.' names).
    files_hidden: list[str] = field(default_factory=list)
    # Gold key files named beside their Raganato data file: read with it, not as text.
    # (name, the data file's name)
    files_keys: list[tuple[str, str]] = field(default_factory=list)
    # Files whose format their first lines told (no extension named one): (name, format).
    files_detected: list[tuple[str, str]] = field(default_factory=list)
    # Files read in the --format given though their first lines show another: (name,
    # the format they show).
    files_forced: list[tuple[str, str]] = field(default_factory=list)
    # Files given by another path than the one they were indexed by, read under the name
    # they got then, so that their documents keep their ids: (name given, name kept).
    files_renamed: list[tuple[str, str]] = field(default_factory=list)
    # Files indexed as new that may be a file indexed before its path was recorded (its
    # name is the end of their path): (name, the earlier file's name).
    files_maybe_indexed: list[tuple[str, str]] = field(default_factory=list)
    # Files skipped as a copy of another file, indexed before or read earlier in this
    # run (the same content under another name; one file of each content is kept):
    # (name, the other file's name).
    files_copies: list[tuple[str, str]] = field(default_factory=list)
    # Files indexed from a folder given to this run that the folder no longer has
    # (deleted or moved away): their documents stay in the index. Their names.
    files_gone: list[str] = field(default_factory=list)
    # Files read as the new version of a file indexed before under the same name from
    # another place (an edited copy, or another folder's file of that name, whose
    # documents they replace): (path as given, the name, where the other lay).
    files_replacing: list[tuple[str, str, str]] = field(default_factory=list)
    # Plain text or JSONL in a script written without spaces (Chinese, Japanese, Thai),
    # which the tokeniser left in phrases: (name, the first such token).
    files_unspaced: list[tuple[str, str]] = field(default_factory=list)
    # Plain text or JSONL in Vietnamese, which writes a space between syllables: its
    # tokens are syllables, not words (name, the first token with its letters).
    files_syllables: list[tuple[str, str]] = field(default_factory=list)
    # Plain text or JSONL holding HTML or XML markup, read as written: (name, the first
    # entity or closing tag).
    files_markup: list[tuple[str, str]] = field(default_factory=list)
    # Plain text or JSONL analysed as a language written in Latin letters (English by
    # default) whose letters are mostly of another script: (name, that script).
    files_other_script: list[tuple[str, str]] = field(default_factory=list)
    # Plain text or JSONL whose words are mostly no words of the language it was analysed
    # as (German text indexed without --lang): (name, the share that are, the language
    # most of them are words of, or None).
    files_other_language: list[tuple[str, float, str | None]] = field(default_factory=list)
    # Plain text or JSONL in another script than Latin letters, analysed as a language
    # written in one (Hindi in Devanagari, --lang hi), of whose words simplemma's
    # dictionary of it knows under half, no language in Latin letters more: (name, the
    # share it knows). Such a file was said to be "mostly no hi words", to be given its
    # language with --lang, which it had been (pass 38d).
    files_few_words_known: list[tuple[str, float]] = field(default_factory=list)
    # Files skipped as unchanged whose text was analysed in another language than this
    # run's --lang, which they keep (a French file indexed as English, given again with
    # --lang fr, stayed English unsaid): (name, those languages).
    files_kept_in_language: list[tuple[str, list[str]]] = field(default_factory=list)
    # (file, the keys of its comments read as no metadata: CoNLL-U "# genre = news")
    files_unread: list[tuple[str, list[str]]] = field(default_factory=list)
    # VRT files whose structures other than <text> carry attributes read as no metadata
    files_unread_structures: list[tuple[str, list[str]]] = field(default_factory=list)
    # VRT files with tokens outside any <text>: the ids of the documents they made
    files_outside_text: list[tuple[str, list[str]]] = field(default_factory=list)
    # VRT files with token lines without a tab that hold a space, each read as one word
    # without tag or lemma ("old ADJ old"): their line numbers
    files_spaced_lines: list[tuple[str, list[str]]] = field(default_factory=list)
    # (file, how many multiword tokens it has, a few of them: "zum (zu dem)"), CoNLL-U's
    # contractions read as their syntactic words, which the text shows instead.
    files_multiword: list[tuple[str, int, list[str]]] = field(default_factory=list)
    # (file, its tokens without a lemma in the file, its tokens): a CoNLL-U LEMMA "_", a
    # VRT line without its lemma, a Raganato <wf> without lemma=, whose form stands as
    # their lemma, so that a search by lemma takes them as written.
    files_without_lemmas: list[tuple[str, int, int]] = field(default_factory=list)
    # (file, its tokens whose POS tag no known tag set maps to UPOS, its tokens, those
    # tags, commonest first): a VRT file in NKJP's or CGN's tags, whose every noun and
    # verb was X to --pos, freq --by pos and the choice of content words, unsaid.
    files_unknown_tags: list[tuple[str, int, int, list[str]]] = field(default_factory=list)
    # (file, its tokens whose POS column is the word itself, its tokens): a VRT file in
    # the order word, lemma, pos, read as word, pos, lemma, whose every lemma was a tag.
    files_columns_swapped: list[tuple[str, int, int]] = field(default_factory=list)
    # Raganato files read without a gold key file beside them (their instances carry no
    # sense label, which nothing said): (name, the key file's name looked for).
    files_without_keys: list[tuple[str, str]] = field(default_factory=list)
    # What the encoder means for this run's language (a shipped English encoder given
    # German text), for the run's notes; None when there is nothing to say.
    encoder_note: str | None = None
    # Text parsed by spaCy (--parse) and text not parsed in one index since this run: what
    # word sketches and [deprel] patterns then miss, for the run's notes; None otherwise.
    parse_note: str | None = None
    # --lang given for no plain text or JSONL (a CoNLL-U file with --lang es): the index
    # records no language for it, so its queries are read as another's; None otherwise.
    lang_note: str | None = None
    # --tagger given to a run whose plain text and JSONL were all skipped as unchanged,
    # the index's text of that language tokenised otherwise (a new file is refused so):
    # applied to none, which "1 unchanged, skipped" alone did not say; None otherwise.
    tagger_note: str | None = None
    documents: int = 0
    documents_skipped: int = 0
    # Documents a file of this run gives again, with the same id and content as a record
    # read before in this run (a text repeated in a VRT file): indexed once, and said,
    # never counted as "already indexed". (id, file name, line or None)
    documents_repeated: list[tuple[str, str, int | None]] = field(default_factory=list)
    documents_replaced: int = 0  # earlier versions removed (--on-duplicate replace)
    documents_retired: int = 0  # removed: their file's new version no longer has them
    # Documents removed by id (remove --doc) that their file, read again, still holds
    # unchanged: left out, not brought back. (id, file name)
    documents_withdrawn: list[tuple[str, str]] = field(default_factory=list)
    # Documents whose id an earlier run indexed from another file, whose version the one
    # read now replaced (a file read again, in part or edited, puts its version back over
    # the one a later file gave): (id, this file, the other file).
    documents_from_other_files: list[tuple[str, str, str]] = field(default_factory=list)
    # Documents an older code stored by their id, text and metadata alone, kept as they
    # were though their file changed: whether their annotation (lemmas, tags, heads,
    # labels) changed cannot be told. Counted by file name.
    documents_kept_unverified: Counter[str] = field(default_factory=Counter)
    # Files indexed before their digest's marks (digests.py: lone CRs, XML comments over
    # several lines), their bytes unchanged, read again (an index may have read them as
    # now: counted "indexed" alone, they read as files that had changed).
    files_read_again: list[str] = field(default_factory=list)
    # Documents stored before the mark, their id, text and metadata unchanged, replaced by
    # their new reading for the lone CR in their text (new occurrence ids), by file name.
    documents_lone_cr: Counter[str] = field(default_factory=Counter)
    # Labels set after indexing (by hand, classify --apply) that went with a replaced
    # document's changed sentences or with a document its edited file no longer has.
    labels_dropped: int = 0
    # Of those, the ones on a sentence the new version still has, which labels that
    # occurrence itself (its file's label won over the one set by hand).
    labels_overruled: int = 0
    tokens: int = 0
    occurrences: int = 0
    # On an index with vectors for chosen words: the tokens that would get a vector but
    # whose lemma has none (so they got none), and those lemmas' keys.
    without_vectors: int = 0
    lemmas_without_vectors: set[str] = field(default_factory=set)
    seconds: float = 0.0
    errors: list[InputError] = field(default_factory=list)

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


@dataclass
class IndexOptions:
    format: str | None = None
    all_tokens: bool = False
    lang: str = "en"
    # Read at run time so tests can make batches small.
    batch_occurrences: int = field(default_factory=lambda: BATCH_OCCURRENCES)
    batch_tokens: int = field(default_factory=lambda: BATCH_TOKENS)  # every batch
    progress: bool | None = None  # None: only when stderr is a terminal
    max_file_mb: float = 1024.0  # larger files are reported and skipped
    # A document whose id is stored with other content: "replace" the stored version,
    # "keep" both, or report an "error" and skip the new one.
    on_duplicate: str = "replace"
    # What tokenises and tags plain text and JSONL (sensegrep/tagger.py): "spacy",
    # "none" (simplemma, no POS), or None: spaCy for English, simplemma otherwise.
    # ``parse`` adds spaCy's dependency parser (heads and relations).
    tagger: str | None = None
    parse: bool = False

    def __post_init__(self) -> None:
        # A contradiction (--tagger spacy --lang de, --parse without spaCy) fails before
        # an index is opened.
        if tagger.resolve(self.tagger, self.lang) != "spacy" and self.parse:
            raise SensegrepError(f"--parse needs spaCy's English tagger: {self._untagged()}")

    def _untagged(self) -> str:
        """Why the text would be tagged without spaCy, as the options given say it."""
        if self.tagger == "none":
            return "--tagger none leaves it out"
        return (
            f"--lang {self.lang} text is tagged by simplemma (lemmas, no POS, no parse); "
            "for a parsed corpus in another language, index CoNLL-U with HEAD and DEPREL"
        )


@dataclass
class EmbeddedDocument(Document):
    """A document whose occurrence vectors were computed elsewhere (by a Ray actor):
    ``vectors`` holds them in token order, as ``embed_occurrences`` returns them."""

    vectors: np.ndarray | None = None


@dataclass
class _Batch:
    documents: list[Document] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    done_files: list[FileRecord] = field(default_factory=list)
    occurrences: int = 0
    tokens: int = 0
    seen: set[str] = field(default_factory=set)
    ids: Counter[str] = field(default_factory=Counter)  # how many of each id are in it
    replace: set[str] = field(default_factory=set)  # ids whose stored versions go
    # Files indexed before with other content: {name: ids of its new version}.
    retire: dict[str, set[str]] = field(default_factory=dict)

    def drop(self, doc_id: str, picker: Picker) -> Document | None:
        """Take the document with this id out of the batch (it has a newer version)."""
        for i, doc in enumerate(self.documents):
            if doc.id == doc_id:
                self.seen.discard(self.hashes[i])
                self.occurrences -= _occurrence_count(doc, picker)
                self.tokens -= _token_count(doc)
                self.ids[doc_id] -= 1
                del self.documents[i], self.hashes[i], self.sources[i]
                return doc
        return None


class Indexer:
    """Index files into ``index``; ``embedder`` None makes a text-only index (no
    vectors: batches are sized by tokens and nothing is embedded)."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder | None,
        options: IndexOptions | None = None,
        on_error: Callable[[InputError], None] | None = None,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.options = options or IndexOptions()
        self.on_error = on_error or (lambda err: None)
        self.report = IndexReport()
        self._batch = _Batch()
        self._first_row = 0
        # The stored versions of the documents read ahead (None: ask for each one).
        self._versions: dict[str, list[StoredDocument]] | None = None
        self._text_checked = False
        self._picks = _picker_for(index, self.options.all_tokens)
        # Names of files indexed before their path was recorded (None: not read yet).
        self._unplaced: dict[str, list[str]] | None = None
        # Content hashes of the files read in this run (written at its end, so the
        # index cannot tell them yet): the same file named twice, or a copy of it. Each
        # with the name it was read under and where it lies.
        self._read_shas: dict[str, tuple[str, str]] = {}
        # Those of them whose file gave nothing (empty, a fatal error, every record bad):
        # a copy of it is read, its own problem said, not skipped as an indexed file's.
        # With where each file of a content read in this run lies.
        self._gave_nothing: set[str] = set()
        self._read_where: dict[str, set[str]] = defaultdict(set)
        # Copies skipped when admitted, of a file read in this run: (path, name,
        # in_folder, content hash, the file's name). A Ray run admits every file before
        # it reads one, and reads again those whose file then gave nothing.
        self._copies_skipped: list[tuple[Path, str, bool, str, str]] = []
        # The names of the files read in this run: where each lies, and its path as given.
        self._read_names: dict[str, tuple[str, str]] = {}
        # The documents removed by id, from whichever file: their content hash's start.
        self._withdrawn: set[str] = set()
        # The files whose script was checked against the language (_check_spaced).
        self._script_checked: set[str] = set()
        # (file, language) a record of it named in its lang field (_check_spaced).
        self._declared: set[tuple[str, str]] = set()
        # (file, language) whose first record naming it had its script checked.
        self._script_declared: set[tuple[str, str]] = set()
        # Records of each file with words enough to tell their language, after its first
        # (_check_spaced samples some of them).
        self._told_after_first: dict[str, int] = {}
        # The documents of the file being read skipped as already indexed: their content
        # hash's start (a copy given again after one is then said as given again, not
        # counted twice). Of one file only: a run over millions of unchanged documents
        # of edited files would hold them all.
        self._skipped: set[str] = set()
        self._skipped_in = ""
        # The files read in this run that documents were skipped of as already indexed:
        # those keep the language their text was analysed in (_check_kept_language).
        self._sources_skipped: set[str] = set()
        # Whether a plain-text or JSONL file was skipped as unchanged (_tagger_note).
        self._text_skipped = False
        # Files read again though unchanged, for a mark of their digest, that documents
        # were removed from by id: the digest those were withdrawn under is of their older
        # reading, which this one cannot give (a comment's lines were tokens then).
        self._withdrawn_unread: set[str] = set()
        # Files read again though unchanged, for a mark of their digest: their documents'
        # new reading replaces the older one whatever --on-duplicate says (kept beside it,
        # every count of it was doubled; refused, the older reading stayed).
        self._read_again: set[str] = set()

    def run(self, paths: Sequence[Path]) -> IndexReport:
        started = time.perf_counter()
        self._first_row = self.index.last_document_row()  # later rows: added by this run
        self._languages_before = sorted(self.index.manifest.text_analysis or {})
        self.index.tell_older_languages()  # before this run records another language
        self._withdrawn = self.index.withdrawn_documents()
        max_bytes = int(self.options.max_file_mb * 2**20)
        files = self._known_names(list(_existing_files(paths, self._error, max_bytes)))
        self.report.files_hidden = hidden_files(paths)
        total_bytes = sum(file[2] for file in files)
        try:
            with Progress(total_bytes, enabled=self.options.progress) as progress:
                self._progress = progress
                self._index_files(files)
                self._flush()
        except BaseException as stop:
            # Stopped (Ctrl-C, an error) after recording the language of its text, maybe
            # before any of that text was kept: the index read its queries as English
            # (two languages) while it held French alone.
            with contextlib.suppress(Exception):
                self.index.settle_languages()
                # Or after some of it was kept: the run that goes on finds the index's
                # languages as this one left them, and would say nothing of the change.
                reading = self._reading_note()
                if reading:
                    stop.add_note(reading)
            raise
        for source in sorted(self._sources_skipped):
            self._check_kept_language(source, source)
        self._check_gone(paths)
        self.index.compact()
        self.index.update_ann()
        self.report.seconds = time.perf_counter() - started
        if not self.report.documents:  # nothing added: no document goes unparsed
            self.report.parse_note = None
        if self.report.parse_note and self.index.settle_parse():
            # The text indexed without --parse was removed before this run: none is left.
            self.report.parse_note = None
        self.index.settle_languages()  # a language whose text this run replaced is gone
        self.report.lang_note = self._lang_note()
        self.report.tagger_note = self._tagger_note()
        return self.report

    def _tagger_note(self) -> str | None:
        """What --tagger meant to a run that read no plain text or JSONL, skipping such
        files as unchanged, where the index's text of --lang is tokenised otherwise (or
        the tagger cannot serve it): nothing, said."""
        if self._text_checked or not self._text_skipped:
            return None
        from sensegrep.storage.manifest import with_text_analysis

        lang, asked = self.options.lang, self.options.tagger
        try:
            analysis = tagger.description(lang, asked, self.options.parse)
            with_text_analysis(self.index.folder, self.index.manifest, lang, analysis, False)
        except SensegrepError as exc:
            return f"--tagger {asked} was applied to no file, each skipped as unchanged: {exc}"
        return None

    def _lang_note(self) -> str | None:
        """What --lang meant to a run that indexed documents and no plain text or JSONL
        of that language: nothing, the language of an index's queries being its plain
        text's alone (pass 35c: `index es.conllu --lang es`, then `search nos` searched
        English's lemma no, unsaid); or to one that made an index of one language's text
        one of several: its queries are read as English from now on."""
        reading = self._reading_note()
        if reading is not None:
            return reading
        lang = self.options.lang
        held = self.index.manifest.text_analysis or {}
        if lang == ENGLISH or not self.report.documents or lang in held:
            return None

        reading = text_language(self.index.manifest) or ENGLISH
        return (
            f"--lang {lang} was used for no file: CoNLL-U, VRT and Raganato files bring "
            f"their own tokens and lemmas, and an index records a language from its plain "
            f"text and JSONL alone, so this index reads its queries' words as {reading} "
            f"(an inflected form is lemmatised in {reading}): search a word by the "
            f"lemma its files give, or --form; sensegrep.open(path, lang={lang!r}) reads "
            f"queries in {lang}"
        )

    def _reading_note(self) -> str | None:
        """What a run that changed the language the index's queries are read in must
        say: the text of one language it held all replaced, or a second language added."""
        held = self.index.manifest.text_analysis or {}
        before = getattr(self, "_languages_before", [])
        gone = [old for old in before if old not in held]
        if gone and len(held) == 1 and _reading(before) != _reading(held):
            # The text of a language it held all replaced (or removed): the index's
            # queries are read in the one language left (settle_languages).
            return (
                f"this index now holds text in {next(iter(held))} alone (its "
                f"{', '.join(gone)} text was replaced or removed), so its queries' words are "
                f"read as {_reading(held)} from now on, no longer as {_reading(before)}"
            )
        if len(held) > 1 and len(before) == 1 and before[0] != ENGLISH:
            # An index of one language's text, its queries read in it, now of several:
            # read as English from now on (pass 35c: `search meses` found Spanish mes,
            # then, after `index it/ --lang it`, Italian mese).
            return (
                f"this index now holds text in {', '.join(sorted(held))}, so its queries' "
                f"words are read as en from now on, no longer as {before[0]} (an inflected "
                f"form is lemmatised in en): search a word by its lemma, or --form; "
                f"sensegrep.open(path, lang=…) reads queries in one language"
            )
        if not before and len(held) == 1 and _reading(held) != ENGLISH and self._first_row:
            # An index of CoNLL-U, VRT or Raganato files alone, which record no language,
            # its queries read as English, given text in another.
            return (
                f"this index now holds text in {_reading(held)} (its CoNLL-U, VRT and "
                f"Raganato files record no language), so its queries' words are read as "
                f"{_reading(held)} from now on, no longer as en"
            )
        return None

    def _check_gone(self, paths: Sequence[Path]) -> None:
        """Name the files indexed from a folder given to this run that it no longer has:
        a folder indexed again adds and replaces, it never removes, so their documents
        stay counted in every total. A file read in this run under another name (a
        renamed one) is said by the copy note instead."""
        kept = {other for _name, other in self.report.files_copies}
        for path in paths:
            if not path.is_dir():
                continue
            for name, where in self.index.files_placed_under(_location(path)):
                gone = name not in kept and not os.path.lexists(where)
                if gone and name not in self.report.files_gone:
                    self.report.files_gone.append(name)

    def _known_names(
        self, files: list[tuple[Path, str, int, bool]]
    ) -> list[tuple[Path, str, int, bool]]:
        """The files, each under the name it was indexed by before where its path was
        recorded: a document's id comes from its file's name, and the same file given
        another way (``texts/`` then ``texts/river.txt``) must keep its documents' ids,
        so that a new version replaces them instead of being added beside them."""
        known = self.index.file_names_at({_location(path) for path, *_rest in files})
        renamed = []
        for path, name, size, in_folder in files:
            kept = known.get(_location(path)) or self._in_part_name(path, name)
            if kept != name:
                self.report.files_renamed.append((name, kept))
            renamed.append((path, kept, size, in_folder))
        return renamed

    def _in_part_name(self, path: Path, name: str) -> str:
        """The name of a file read only in part before (a bad record, an interrupted run)
        by another path, whose documents this file holds; else ``name``. Only a file read
        whole records where it lies, so ``dir/`` with a bad record, then the fixed
        ``dir/x.jsonl``, gave its records without an id a second copy under new ids, and
        left the documents it no longer had in the index (issue 23). A name that ends
        its path and holds documents of no file read whole is taken only when this file's
        first documents, read under that name, are some of them (the same id, text and
        metadata): another folder's file of the same name is another file."""
        if self.index.has_file_named(name) or self.index.has_documents_from(name):
            return name
        where = _location(path)
        parts = where.split("/")
        names = [where] + ["/".join(parts[i:]) for i in range(1, len(parts))]
        for earlier in names:
            if (
                earlier != name
                and self.index.has_documents_from(earlier)
                and not self.index.has_file_named(earlier)
                and self._holds_documents_of(path, earlier)
            ):
                return earlier
        return name

    def _holds_documents_of(self, path: Path, source: str) -> bool:
        """Whether one of the first documents of ``path``, read under the name
        ``source``, is stored unchanged from ``source``."""
        try:
            fmt = self.options.format or detected_format(path)[0]
            items = read_documents(
                path, fmt, name=source, lang=self.options.lang,
                tagger=self.options.tagger, parse=self.options.parse,
                streamed=True,  # their ids, text and metadata tell: no text analysed
            )  # fmt: skip
        except (SensegrepError, OSError):
            return False
        try:
            read = (item for item in items if isinstance(item, Document))
            for document in islice(read, IN_PART_PEEK):
                shas = _digests(document, fmt)
                versions = self.index.document_versions(document.id)
                if any(v.sha256 in shas and v.source == source for v in versions):
                    return True
        except (SensegrepError, OSError):
            return False
        finally:
            items.close()
        return False

    def _error(self, error: InputError) -> None:
        self.report.errors.append(error)
        self.on_error(error)

    def _index_files(self, files: Sequence[tuple[Path, str, int, bool]]) -> None:
        """Read and embed the files here, one after the other (RayIndexer overrides it)."""
        for path, name, size, in_folder in files:
            admitted = self._admit(path, name, in_folder)
            if admitted is not None:
                sha, fmt = admitted
                self._progress.start_file(path, size)
                items = read_documents(
                    path,
                    fmt,
                    name=name,
                    lang=self.options.lang,
                    tagger=self.options.tagger,
                    parse=self.options.parse,
                    # A plain-text file of a text-only index: stored a piece at a time.
                    streamed=self.embedder is None,
                )
                self._add_file(items, name, sha, size, path, fmt)
            self._progress.advance_file(size)

    def _admit(self, path: Path, name: str, in_folder: bool) -> tuple[str, str] | None:
        """(content hash, format) of a file to read; None when it is already indexed,
        cannot be read (reported) or is the gold key file of a Raganato file beside it
        (noted: its keys are that file's labels, never a text of its own)."""
        data = keys_of(path)
        if data is not None:
            self.report.files_keys.append((name, data.name))
            return None
        try:
            sha = _content_sha256(path, name)
            held, indexed = sha, self.index.file_with_content(sha)
            if indexed is None:
                held, indexed = self._held_before_the_mark(path, name, sha)
        except OSError as exc:
            self._error(InputError(name, f"cannot read: {exc.strerror or exc}"))
            return None
        if indexed is not None:
            self.report.files_skipped += 1
            self._place(path, name, held)
            self._check_kept_language(name, indexed, path)
            if self.options.tagger is not None and not self._text_skipped:
                self._text_skipped = self._of_text_format(path)
            if indexed != name:  # another file's copy: its documents are not indexed
                self.report.files_copies.append((name, indexed))
            return None
        if sha in self._read_shas:  # as an indexed file's copy: unchanged, skipped
            first, _first_path = self._read_shas[sha]
            if location(path) in self._read_where[sha]:  # the same file named again
                if sha not in self._gave_nothing:  # (else said already)
                    self.report.files_skipped += 1
                return None
            if sha not in self._gave_nothing:
                self.report.files_skipped += 1
                self.report.files_copies.append((name, first))
                self._copies_skipped.append((path, name, in_folder, sha, first))
                return None
        taken = self._name_taken(path, name)
        if taken is not None:
            self._error(InputError(display_name(str(path)), taken))
            return None
        self._check_unplaced(path, name)
        try:
            fmt = self.options.format or self._format_of(path, name)
        except SensegrepError as exc:
            # A README or LICENSE inside an indexed folder is not a mistake; a file the
            # user named explicitly is.
            if in_folder:
                self.report.files_ignored.append(name)
            else:  # the message names the path: the error names the file already
                self._error(InputError(name, str(exc).removeprefix(f"{path}: ")))
            return None
        if self.options.format:
            self._check_forced(path, name)
        if fmt in TEXT_FORMATS:
            self._check_text_analysis()
        self._read_shas[sha] = (name, location(path))
        self._read_where[sha].add(location(path))
        self._read_names[name] = (location(path), display_name(str(path)))
        return sha, fmt

    def _check_kept_language(self, name: str, indexed: str, path: Path | None = None) -> None:
        """Note a plain-text or JSONL file skipped as unchanged (``path``, indexed as
        ``indexed``), or read with documents skipped as already indexed, whose text was
        analysed in another language than this run's --lang: it keeps that reading."""
        recorded = self.index.manifest.text_analysis or {}
        if not recorded or set(recorded) == {self.options.lang}:
            return  # every text of the index is of this run's language
        other = self.index.source_languages(indexed) - {self.options.lang}
        # An older index's documents are told its one language, its VRT files' too.
        if other and path is not None and not self._of_text_format(path):
            return
        if other:
            self.report.files_kept_in_language.append((name, sorted(other)))

    def _of_text_format(self, path: Path) -> bool:
        """Whether the file is read as plain text or JSONL (tokenised by this run's
        --lang), not a format that brings its own tokens."""
        try:
            return (self.options.format or detected_format(path)[0]) in TEXT_FORMATS
        except (SensegrepError, OSError):
            return False

    def _held_before_the_mark(self, path: Path, name: str, sha: str) -> tuple[str, str | None]:
        """For ``path``, not indexed with its content digest ``sha``: (the digest, the
        name) of the file an index made before a mark of its digest (digests.py) holds
        it under. Under ``name``, it is read again (noted: unchanged); under another, it
        is that file's copy (a renamed file), as before the mark, not a new file whose
        plain text was indexed a second time beside it. (sha, None): none."""
        if not self._first_row:  # an index empty when this run began holds no file
            return sha, None
        current, *older = corpus_file_digests(path)
        if current != sha:  # a Raganato file's digest with its key file's: no mark
            return sha, None
        for digest in older:
            indexed = self.index.file_with_content(digest)
            if indexed == name:
                self.report.files_read_again.append(name)  # unchanged, read again
                self._read_again.add(name)
                if self._withdrawn and self.index.has_withdrawn_from(name):
                    self._withdrawn_unread.add(name)
                return sha, None
            if indexed is not None:
                return digest, indexed
        return sha, None

    def _name_taken(self, path: Path, name: str) -> str | None:
        """Why ``path`` cannot be read under ``name``: another file of this run (in
        another folder given, ``index news/ fiction/`` with a 001.txt in each) has that
        name, and a file's name is its documents' ids (plain text) and its record, so it
        would replace that file's documents. None if free. A file indexed before under
        this name from another place is read as its new version (an edited copy), and
        said in a note (``files_replacing``): ``index news/`` then ``index fiction/``
        replaced news/001.txt's documents unsaid."""
        where = location(path)
        if name in self._read_names and self._read_names[name][0] != where:
            return (
                f"named {name} as another file of this run is ({self._read_names[name][1]}), "
                "whose documents it would replace; index the folder that holds both, so "
                "that their names differ, or each into its own index"
            )
        paths = self.index.file_paths_named(name)
        if paths and None not in paths and where not in paths:
            other = sorted(p for p in paths if p is not None)[-1]
            self.report.files_replacing.append((display_name(str(path)), name, other))
        return None

    def _unplaced_names(self) -> dict[str, list[str]]:
        """The names of files indexed before their path was recorded, by last part."""
        if self._unplaced is None:
            self._unplaced = {}
            for name in self.index.unplaced_file_names():
                self._unplaced.setdefault(name.rsplit("/", 1)[-1], []).append(name)
        return self._unplaced

    def _place(self, path: Path, name: str, sha: str) -> None:
        """An unchanged file under the name it was indexed by, before its path was
        recorded: record its path now (the same content and name: the same file)."""
        unplaced = self._unplaced_names().get(name.rsplit("/", 1)[-1], [])
        if name in unplaced:
            self.index.place_file(sha, name, _location(path))
            unplaced.remove(name)

    def _check_unplaced(self, path: Path, name: str) -> None:
        """Note a file read as new whose path ends with the name of a file indexed
        before its path was recorded: it may be that file, whose documents would then
        be in the index twice (its name, hence its ids, cannot be told for sure)."""
        where = _location(path)
        unplaced = self._unplaced_names().get(name.rsplit("/", 1)[-1], [])
        earlier = [n for n in unplaced if n != name and where.endswith("/" + n.lstrip("/"))]
        if earlier and name not in unplaced and not self.index.has_file_named(name):
            self.report.files_maybe_indexed.append((name, earlier[0]))

    def _check_forced(self, path: Path, name: str) -> None:
        """Note a file that --format reads as another format than its first lines show
        (a CoNLL-U file read as VRT, JSONL as plain text): every such reading "works" and
        gives a corpus of column values or JSON syntax, without a word otherwise."""
        shown = input_format(path)
        if shown is None and self.options.format in ("vrt", "conllu") and looks_like_prose(path):
            shown = "plain text"  # never guessed as a format, but a sentence a line is no VRT
        if shown is not None and shown != self.options.format:
            self.report.files_forced.append((name, shown))

    def _format_of(self, path: Path, name: str) -> str:
        fmt, from_content = detected_format(path)
        if from_content:
            self.report.files_detected.append((name, fmt))
        return fmt

    def _check_text_analysis(self) -> None:
        """Before the first plain text or JSONL file of the run: record in the index
        what tokenises and tags it, or refuse when its text was tokenised otherwise."""
        if not self._text_checked:
            lang, asked = self.options.lang, self.options.tagger
            analysis = tagger.description(lang, asked, self.options.parse)
            before = (self.index.manifest.text_analysis or {}).get(lang)
            self.index.record_text_analysis(lang, analysis)
            self._text_checked = True
            if before is not None and "parse" in analysis:
                self.report.parse_note = _parse_note(before.get("parse", False), analysis["parse"])

    def _add_file(
        self,
        items: Iterable[Document | InputError],
        name: str,
        sha: str,
        size: int,
        path: Path,
        fmt: str = "",
    ) -> None:
        """Buffer the documents of one file, as its reader yields them, and report its
        errors; the file is recorded as indexed only when it was read without a problem."""
        clean = True
        without_keys = None
        if fmt == "raganato":
            from sensegrep.indexer.readers.raganato import key_file

            key, key_name = key_file(path, name)
            if not key.is_file():
                without_keys = (name, key_name)
        # A file indexed before with other content: its documents that the new version
        # no longer has go, when the new version has been read whole. So do those of a
        # file read only in part before (a bad record, an interrupted run), since edited.
        # (With keep or error too for a file read again though unchanged, for a mark of
        # its digest: what only its older reading gave goes.)
        changed = (self.options.on_duplicate == "replace" or name in self._read_again) and (
            self.index.has_file_named(name) or self.index.has_documents_from(name)
        )
        ids: set[str] = set()
        lemmas_missing = tokens = 0  # a file's tokens without a lemma in it, of its tokens
        tags_unknown: Counter[str] = Counter()  # its tokens of each tag read as X, unknown
        tags_as_words = 0  # its tokens whose POS column is the word itself
        for item in self._looked_up(items):
            if isinstance(item, InputError):
                self._error(item)
                # A record taken all the same (a VRT attribute without a value) leaves the
                # file whole: read in part, it was read again by every run and a document
                # deleted from it stayed in the index, uncounted.
                clean = clean and item.kept
                if item.fatal:
                    break
                continue
            clean = self._add_document(item, name, fmt) and clean
            ids.add(item.id)
            if fmt in TEXT_FORMATS:
                self._check_spaced(item, name)
            if item.unread:
                self._note_unread(item, name)
            if item.unread_structures:
                shown = _file_entry(self.report.files_unread_structures, name)
                shown.extend(tag for tag in item.unread_structures if tag not in shown)
            if item.outside_text:
                _file_entry(self.report.files_outside_text, name).append(item.id)
            if item.spaced_lines:
                lines = _file_entry(self.report.files_spaced_lines, name)
                lines.extend(str(line) for line in item.spaced_lines)
            if item.multiword_count:
                self._note_multiword(item, name)
            lemmas_missing += item.lemmas_missing
            tags_unknown.update(item.tags_unknown)
            tags_as_words += item.tags_as_words
            tokens += sum(len(sentence.tokens) for sentence in item.sentences)
            self._progress.reached_line(item.line)
        if without_keys is not None and ids:  # a file skipped indexed no instance
            self.report.files_without_keys.append(without_keys)
        if lemmas_missing:
            self.report.files_without_lemmas.append((name, lemmas_missing, tokens))
        if tags_as_words >= 10 and tags_as_words * 5 >= tokens:
            self.report.files_columns_swapped.append((name, tags_as_words, tokens))
        if tags_unknown:
            tags = [tag for tag, _n in tags_unknown.most_common()]
            self.report.files_unknown_tags.append((name, tags_unknown.total(), tokens, tags))
        if clean:
            record = FileRecord(name=name, sha256=sha, size=size, path=_location(path))
            self._batch.done_files.append(record)
            if changed:
                self._batch.retire[name] = ids
            self.report.files_indexed += 1
        elif ids:
            self.report.files_partial += 1
        if clean or ids:
            self._gave_nothing.discard(sha)
        else:
            # Nothing of it indexed (an empty file, a fatal error, every record bad): a
            # copy of it later in the run is read, its own error said, not skipped as
            # "the same content as a file already in the index" and "unchanged".
            self._gave_nothing.add(sha)

    def _copies_of_nothing(self) -> list[tuple[Path, str, int, bool]]:
        """The copies skipped when admitted whose file then gave nothing, to be read
        now: no longer counted skipped nor named as copies."""
        again = [copy for copy in self._copies_skipped if copy[3] in self._gave_nothing]
        self._copies_skipped = []
        files = []
        for path, name, in_folder, _sha, first in again:
            self.report.files_skipped -= 1
            self.report.files_copies.remove((name, first))
            files.append((path, name, _size(path), in_folder))
        return files

    def _note_unread(self, document: Document, name: str) -> None:
        """Note the comment keys of a file read as no metadata (once a file)."""
        keys = _file_entry(self.report.files_unread, name)
        keys.extend(key for key in document.unread if key not in keys)

    def _note_multiword(self, document: Document, name: str) -> None:
        """Count a file's multiword tokens, and keep a few to name (once a file)."""
        found = self.report.files_multiword
        if not found or found[-1][0] != name:
            found.append((name, 0, []))
        _, count, shown = found[-1]
        shown.extend(m for m in document.multiword if m not in shown and len(shown) < 3)
        found[-1] = (name, count + document.multiword_count, shown)

    def _check_spaced(self, document: Document, name: str) -> None:
        """Note a file whose text the tokeniser left in phrases (a script written
        without spaces): its words are not tokens, and its counts are of phrases. And
        one in another script than the language it was analysed as is written in
        (Greek text indexed without --lang: tagged, lemmatised and counted as English)."""
        if name not in self._script_checked:  # a file's first document tells
            script = other_script(document.text, self.options.lang)
            # ... once it has words enough to: a short first record (a title, under 20
            # words) left a JSONL of French records read as English unsaid (pass 36k).
            if script is not None or language_told(document.text):
                self._script_checked.add(name)
            if script is not None:
                self.report.files_other_script.append((name, script))
            elif (language := self._other_language(document)) is not None:
                self._note_other_language(document, name, language)
        elif (
            # A later record whose own field names another language (a JSONL of English
            # records, then French ones): its words checked too, once a file and
            # language (the French records were lemmatised as English, unsaid).
            self._declares_another_language(document, name) or self._sampled(document, name)
        ) and (language := self._other_language(document)) is not None:
            self._note_other_language(document, name, language)
        self._check_declared_script(document, name)
        self._check_unspaced(document.sentences, name)
        self._check_syllables(document.sentences, name)
        self._check_markup(document.text, name)

    def _note_other_language(
        self, document: Document, name: str, language: tuple[float, str | None]
    ) -> None:
        """Note file ``name`` as one whose words are mostly no words of --lang, or, in
        that language's own script with no other language telling more, as one whose
        words its dictionary knows few of (once a file)."""
        share, guess = language
        # (a guess of a language in another script: Hindi text with a few English
        # sentences, whose English words outnumber those simplemma's hi dictionary
        # knows, was said to be "mostly no hi words (17% hi, most en)", pass 38g)
        if (guess is None or not own_script(document.text, guess)) and own_script(
            document.text, self.options.lang
        ):
            few = self.report.files_few_words_known
            if all(entry[0] != name for entry in few):
                few.append((name, share))
            return
        self.report.files_other_language.append((name, share, guess))

    def _check_declared_script(self, document: Document, name: str) -> None:
        """Note each other script of a file whose records name their languages (a JSONL
        of Persian, Greek and Ukrainian records indexed without --lang was noted as
        "(Arabic)" alone, its first record's script): the first record naming each
        language is checked, as the file's first is."""
        meta = document.metadata
        declared = next((meta[key] for key in _LANGUAGE_FIELDS if key in meta), None)
        if not isinstance(declared, str) or (name, declared) in self._script_declared:
            return
        self._script_declared.add((name, declared))
        script = other_script(document.text, self.options.lang)
        if script is not None and (name, script) not in self.report.files_other_script:
            self.report.files_other_script.append((name, script))

    def _check_markup(self, text: str, name: str) -> None:
        """Note a file whose text holds HTML or XML markup (once a file)."""
        noted = self.report.files_markup
        if (not noted or noted[-1][0] != name) and (found := markup_written(text)):
            noted.append((name, found))

    def _sampled(self, document: Document, name: str) -> bool:
        """Whether to check the language of ``document``, a later record of file
        ``name`` with no language field of its own: the next few records with words
        enough to tell, then every SAMPLED_RECORDS-th (a JSONL of English records and
        then French ones without a ``lang`` field was checked by its first record alone,
        its French lemmatised as English, unsaid); not once the file has its note."""
        noted = self.report.files_other_language
        if noted and noted[-1][0] == name:  # (a file's records are read together)
            return False
        if not language_told(document.text):
            return False
        told = self._told_after_first[name] = self._told_after_first.get(name, 0) + 1
        return told <= SAMPLED_RECORDS // 2 or told % SAMPLED_RECORDS == 0

    def _declares_another_language(self, document: Document, name: str) -> bool:
        """Whether ``document`` names in its metadata a language other than --lang that
        no earlier record of file ``name`` with words enough to tell it named, while no
        note was made of the file."""
        meta = document.metadata
        declared = next((meta[key] for key in _LANGUAGE_FIELDS if key in meta), None)
        if not isinstance(declared, str) or declared.strip().lower() in ("", self.options.lang):
            return False
        noted = self.report.files_other_language
        if any(entry[0] == name for entry in noted) or (name, declared) in self._declared:
            return False
        # Checked once its words can tell (a short first record, a title, was taken as
        # the check and the longer French records after it went unsaid: pass 36k).
        if language_told(document.text):
            self._declared.add((name, declared))
        return True

    def _other_language(self, document: Document) -> tuple[float, str | None] | None:
        """other_language of a document, its metadata's own word for its language (a
        JSONL ``lang`` or ``language`` field) tried first."""
        meta = document.metadata
        declared = next((meta[key] for key in _LANGUAGE_FIELDS if key in meta), None)
        return other_language(document.text, self.options.lang, declared)

    def _check_syllables(self, sentences: list[Sentence], name: str) -> None:
        """Note a file of Vietnamese text: a space parts its syllables, so its tokens,
        counts and per-million figures are of syllables, where a reader takes them for
        words (freq counted *học* of *học sinh*, "pupil", as a word of its own)."""
        found = self.report.files_syllables
        if found and found[-1][0] == name:
            return
        syllable = syllable_spaced(sentences)
        if syllable is not None:
            found.append((name, syllable))

    def _check_unspaced(self, sentences: list[Sentence], name: str) -> None:
        unspaced = self.report.files_unspaced
        if unspaced and unspaced[-1][0] == name:
            return
        phrase = unspaced_phrase(sentences)
        if phrase is not None:
            unspaced.append((name, phrase))

    def _looked_up(self, items: Iterable[Document | InputError]) -> Iterator[Document | InputError]:
        """The items, read LOOKUP_DOCUMENTS at a time, after one query for the stored
        versions of their documents (a query per document cost a fifth of the time of
        a text-only run of short documents)."""
        items = iter(items)
        while chunk := list(islice(items, LOOKUP_DOCUMENTS)):
            ids = [item.id for item in chunk if isinstance(item, Document)]
            self._versions = self.index.stored_versions(ids)
            yield from chunk
        self._versions = None

    def _stored(self, doc_id: str) -> list[StoredDocument]:
        if self._versions is None:  # a batch was committed since they were looked up
            return self.index.document_versions(doc_id)
        return self._versions.get(doc_id, [])

    def _add_document(self, document: Document, source: str, fmt: str = "") -> bool:
        """Buffer a document; False when a problem with it was reported that left a
        record out (a later record of a duplicate id, which replaces the earlier, leaves
        none out: its file is indexed whole and not read again)."""
        sha = _document_sha256(document, fmt)
        batch = self._batch
        stored = self._stored(document.id)
        # Stored before annotation was part of a document's identity: its digest then was
        # of its id, text and metadata alone (``plain``). Such a version is this document
        # unchanged, as it was taken then: replaced, it was embedded again and lost its
        # hand labels on the first run over an edited file (pass 33n). A digest with
        # annotation is never ``plain``, so a correction to a version stored since counts.
        # (Read only where compared: a second digest of every new document's text.)
        plain = _document_sha256(document, bare=True) if stored or self._withdrawn else sha
        # Content already stored is skipped, unless an earlier record of this run gave
        # the id other content, still in the batch: this later one then replaces that as
        # the message says (skipped, the earlier one won on a re-run, the later on the
        # first: the index depended on how often the same file was indexed).
        unchanged = any(v.sha256 in (sha, plain) for v in stored) and not batch.ids[document.id]
        if source != self._skipped_in:
            self._skipped, self._skipped_in = set(), source
        if sha in batch.seen or unchanged:
            if (
                sha in batch.seen
                or sha[:DIGEST] in self._skipped
                or any(v.row > self._first_row and v.sha256 in (sha, plain) for v in stored)
            ):
                self.report.documents_repeated.append((document.id, source, document.line))
            else:
                self.report.documents_skipped += 1
                self._skipped.add(sha[:DIGEST])
                if fmt in TEXT_FORMATS:
                    self._sources_skipped.add(source)
                if unchanged and plain != sha and all(v.sha256 != sha for v in stored):
                    self.report.documents_kept_unverified[source] += 1
            return True
        if self._withdrawn and (
            _prefixes(document, fmt, sha, plain) & self._withdrawn
            # No version of it stored, from its unchanged file: removed by id before.
            or (not stored and source in self._withdrawn_unread)
        ):
            self.report.documents_withdrawn.append((document.id, source))
            return True
        problem, add, mode = None, True, self.options.on_duplicate
        before_mark = _read_before_the_mark(document, fmt, source, stored)
        read_again = source in self._read_again and any(v.source == source for v in stored)
        if mode != "replace" and (before_mark or read_again):
            # This file's document as stored before the lone-CR mark, or from this file read
            # again though unchanged for a mark of its digest: its new reading replaces
            # that one (kept beside it, every count of it was doubled; refused, it kept its
            # old sentences), unless the id has other versions.
            if len(stored) > 1:
                self.report.documents_skipped += 1
                return True
            mode = "replace"
        if mode != "keep":
            problem, add = self._duplicate(document, source, stored, mode)
        if before_mark and add:
            self.report.documents_lone_cr[source] += 1
        if problem is not None:
            self._error(problem)
        if add and isinstance(document, StreamedDocument):
            self._add_streamed(document, sha, source)
        elif add:
            batch.seen.add(sha)
            batch.ids[document.id] += 1
            batch.documents.append(document)
            batch.hashes.append(sha)
            batch.sources.append(source)
            batch.tokens += _token_count(document)
            # Tokens bound every batch: on an index with vectors for chosen words few
            # tokens get one, and occurrences alone would hold the whole input in memory
            # (and a kill would lose it all).
            full = batch.tokens >= self.options.batch_tokens
            if self.embedder is not None:
                batch.occurrences += _occurrence_count(document, self._picks)
                full = full or batch.occurrences >= self.options.batch_occurrences
            if full:
                self._flush()
        return problem is None or problem.kept

    def _add_streamed(self, document: StreamedDocument, sha: str, source: str) -> None:
        """Store a plain-text document a piece of its text at a time, in a transaction
        of its own (memory holds a piece's tokens, not the file's), after the documents
        read before it; it replaces its stored versions in that transaction."""
        replace = []
        if document.id in self._batch.replace:
            self._batch.replace.discard(document.id)
            replace.append(document.id)
        self._flush()
        failpoints.reach("batch:before-embed")
        prepared = PreparedDocument(document, sha, source, [])
        self._check_markup(document.text, source)
        pieces = self._checked_pieces(document, source)
        written, tokens = self.index.add_pieces(prepared, pieces, replace)
        self.report.labels_dropped += written.labels_dropped
        self.report.labels_overruled += written.labels_overruled
        self.report.documents += 1
        self.report.tokens += tokens
        self._progress.add_work(1, tokens)
        self._versions = None  # a document was added and replaced: look up again

    def _checked_pieces(self, document: StreamedDocument, name: str) -> Iterator[list[Sentence]]:
        """The pieces of ``document``, each checked for phrases left unspaced as read,
        the progress bar moved as each is stored."""
        for sentences in document.pieces():
            self._check_unspaced(sentences, name)
            yield sentences
            self._progress.reached(sentences[-1].end / len(document.text))

    def _duplicate(
        self, document: Document, source: str, stored: list[StoredDocument], mode: str
    ) -> tuple[InputError | None, bool]:
        """Apply --on-duplicate to a document whose id may already be taken by one with
        other content: (the problem to report, whether to add the document)."""
        batch = self._batch
        in_batch = []
        if batch.ids[document.id]:  # not a walk through the batch for every document
            pairs = zip(batch.documents, batch.sources, strict=True)
            in_batch = [s for d, s in pairs if d.id == document.id]
        this_run = in_batch + [v.source for v in stored if v.row > self._first_row]
        if not stored and not in_batch:
            return None, True
        quoted = json.dumps(document.id, ensure_ascii=False)
        if mode == "error":
            where = (this_run or [v.source for v in stored])[0]
            return InputError(
                source,
                f"document id {quoted} is already indexed (from {where}) with other content; "
                "skipped (--on-duplicate replace replaces it, keep keeps both)",
                line=document.line,
                fatal=False,
            ), False
        if in_batch:
            batch.drop(document.id, self._picks)
        if stored:
            batch.replace.add(document.id)
        self.report.documents_replaced += 1
        if not this_run:
            others = sorted({v.source for v in stored if v.source != source})
            if others:
                self.report.documents_from_other_files.append((document.id, source, others[0]))
            return None, True
        return InputError(
            source,
            f"document id {quoted} was also given by {this_run[0]} in this run; this later "
            "version replaces it (give documents distinct ids, or --on-duplicate keep)",
            line=document.line,
            fatal=False,
            kept=True,  # "(record skipped)" contradicted "replaces it"
        ), True

    def _flush(self) -> None:
        batch = self._batch
        if not batch.documents and not batch.done_files:
            return
        failpoints.reach("batch:before-embed")
        prepared, vectors = self._embed(batch)
        written = self.index.add_batch(
            prepared, vectors, batch.done_files, sorted(batch.replace), batch.retire
        )
        self.report.documents_retired += written.documents_retired
        self.report.labels_dropped += written.labels_dropped
        self.report.labels_overruled += written.labels_overruled
        tokens = batch.tokens
        self.report.documents += len(batch.documents)
        self.report.tokens += tokens
        self.report.occurrences += len(vectors)
        if self.embedder is not None and self.index.manifest.chosen:
            self._count_without_vectors(batch.documents)
        self._progress.add_work(len(batch.documents), tokens)
        self._batch = _Batch()
        self._versions = None  # documents were added and replaced: look up again

    def _count_without_vectors(self, documents: list[Document]) -> None:
        """The tokens of these documents an all-at-once index gives vectors to that got
        none, their lemmas having none (an index with vectors for chosen words)."""
        all_tokens = bool(self.index.manifest.all_tokens)
        report = self.report
        for document in documents:
            for sentence in document.sentences:
                for token in sentence.tokens:
                    if is_indexable(token, all_tokens) and not self._picks(token):
                        report.without_vectors += 1
                        report.lemmas_without_vectors.add(lemma_key(token.lemma or token.form))

    def _embed(self, batch: _Batch) -> tuple[list[PreparedDocument], np.ndarray]:
        """The batch's documents with the row of each token's vector, and the vectors of
        every occurrence (computed here unless a Ray actor already did)."""
        if self.embedder is None:  # a text-only index: no token has a vector
            prepared = [
                PreparedDocument(doc, sha, source, [[-1] * len(s.tokens) for s in doc.sentences])
                for doc, sha, source in zip(
                    batch.documents, batch.hashes, batch.sources, strict=True
                )
            ]
            return prepared, np.zeros((0, 0), dtype=np.float32)
        picks = self._picks
        todo = [d for d in batch.documents if getattr(d, "vectors", None) is None]
        computed = iter(embed_occurrences(self.embedder, todo, False, picks))
        prepared, parts, n_vectors = [], [], 0
        for doc, sha, source in zip(batch.documents, batch.hashes, batch.sources, strict=True):
            vector_rows = []
            for sentence in doc.sentences:
                rows = [-1] * len(sentence.tokens)
                for i, token in enumerate(sentence.tokens):
                    if picks(token):
                        rows[i] = n_vectors
                        n_vectors += 1
                vector_rows.append(rows)
            prepared.append(PreparedDocument(doc, sha, source, vector_rows))
            vectors = getattr(doc, "vectors", None)
            parts.append(next(computed) if vectors is None else vectors)
        if not parts:
            return prepared, np.zeros((0, self.embedder.dim), dtype=np.float32)
        return prepared, np.concatenate(parts).astype(np.float32, copy=False)


def embed_occurrences(
    embedder: Embedder,
    documents: Sequence[Document],
    all_tokens: bool,
    picker: Picker | None = None,
) -> list[np.ndarray]:
    """Each document's occurrence vectors (float32, in token order). One embed call for
    every sentence that has an occurrence, so the encoder batches across documents.
    ``picker``: which tokens get vectors (default: is_indexable under ``all_tokens``)."""
    wanted = picker or vector_picker(all_tokens)
    picks = [
        [[i for i, t in enumerate(s.tokens) if wanted(t)] for s in d.sentences] for d in documents
    ]
    to_embed = [
        s.words
        for d, p in zip(documents, picks, strict=True)
        for s, pick in zip(d.sentences, p, strict=True)
        if pick
    ]
    embedded = iter(embedder.embed(to_embed) if to_embed else [])
    out = []
    for doc_picks in picks:
        parts = [next(embedded)[pick] for pick in doc_picks if pick]
        vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dim))
        out.append(vectors.astype(np.float32, copy=False))
    return out


def _existing_files(
    paths: Sequence[Path], on_error: Callable[[InputError], None], max_bytes: int
) -> Iterator[tuple[Path, str, int, bool]]:
    """(file, display name, size, found inside a folder) for every input file."""
    for path in paths:
        if not path.exists():
            on_error(InputError(display_name(str(path)), "no such file or folder"))
            continue
        for file, name in iter_files([path]):
            try:
                info = file.stat()  # follows links: a link to a device is a device
            except OSError as exc:
                on_error(InputError(name, f"cannot read: {exc.strerror or exc}"))
                continue
            if not stat.S_ISREG(info.st_mode):
                # Reading a FIFO blocks and a device never ends: only regular files.
                on_error(InputError(name, f"not a regular file ({_file_kind(info.st_mode)})"))
                continue
            if info.st_size > max_bytes:
                on_error(
                    InputError(
                        name,
                        f"{_mib(info.st_size)} is over the per-file limit of "
                        f"{_mib(max_bytes)}; split it, or raise --max-file-size",
                    )
                )
                continue
            yield file, name, info.st_size, path.is_dir()


def location(path: Path) -> str:
    """Where a file lies, as recorded with it: absolute, links resolved, '/'-separated,
    as text that can be stored."""
    return display_name(Path(os.path.realpath(path)).as_posix())


_location = location


def _mib(size: int) -> str:
    mib = size / 2**20
    return f"{mib:,.1f} MiB" if mib < 10 else f"{mib:,.0f} MiB"


def _file_kind(mode: int) -> str:
    kinds = [
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ]
    return next((name for test, name in kinds if test(mode)), "not a file")


def _occurrence_count(document: Document, picker: Picker) -> int:
    return sum(picker(t) for s in document.sentences for t in s.tokens)


Picker = Callable[[Token], bool]


def vector_picker(all_tokens: bool, lemma_keys: Collection[str] | None = None) -> Picker:
    """Which tokens get vectors: is_indexable under ``all_tokens``, and on an index with
    vectors for chosen words, only the tokens of the lemmas (keys) that have them."""
    if lemma_keys is None:
        return lambda token: is_indexable(token, all_tokens)
    keys = frozenset(lemma_keys)
    return lambda token: (
        is_indexable(token, all_tokens) and lemma_key(token.lemma or token.form) in keys
    )


def _picker_for(index: Index, asked_all_tokens: bool) -> Picker:
    """The index's vector_picker: on an index with vectors for chosen words, new
    documents get vectors for the lemmas that have them (which so stay complete), with
    the all_tokens setting its first ``vectors add`` recorded."""
    manifest = index.manifest
    if not manifest.chosen:
        return vector_picker(asked_all_tokens)
    if asked_all_tokens and not manifest.all_tokens:
        raise SensegrepError(
            f"{index.folder} gives vectors to content words only (recorded by its first "
            "`vectors add`): leave out --all-tokens"
        )
    return vector_picker(bool(manifest.all_tokens), index.complete_lemmas())


def _file_entry(found: list[tuple[str, list[str]]], name: str) -> list[str]:
    """The list a report keeps for file ``name`` (its documents come one after another):
    the last entry's, or a new one's."""
    if not found or found[-1][0] != name:
        found.append((name, []))
    return found[-1][1]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _token_count(document: Document) -> int:
    return sum(len(s.tokens) for s in document.sentences)


def _content_sha256(path: Path, name: str) -> str:
    """What tells a file's content: its bytes, and for a Raganato data file those of the
    gold key file beside it, whose labels its documents take (a key file edited alone
    left its data file "unchanged, skipped", the old labels in the index)."""
    if path.name.lower().endswith(".xml"):
        from sensegrep.indexer.readers.raganato import key_file

        key = key_file(path, name)[0]
        if key.is_file():
            return files_sha256([path, key])
    return corpus_file_sha256(path)


def content_digests(path: Path) -> set[str]:
    """The digests an index may hold this file under: its content's (with a Raganato
    data file's gold key file), and its bytes' alone (as recorded before the key file
    counted, or before a mark, digests.py's, was added to it). Raises OSError when it
    cannot be read."""
    return {_content_sha256(path, path.name), *corpus_file_digests(path)}


# Formats whose files carry their own tokens, lemmas, tags, heads and sense labels.
_ANNOTATED = frozenset({"conllu", "vrt", "raganato"})


def _document_sha256(
    document: Document, fmt: str = "", bare: bool = False, marks: tuple[str, ...] | None = None
) -> str:
    """Same id, text and metadata = the same document, whichever file it came from; for
    a format that carries its own annotation, the same annotation too (a corrected lemma,
    tag, head or label is a new version: it was taken for "already indexed" and never
    applied). Plain text's annotation follows from its text. ``bare``: id, text and
    metadata alone, as every document's identity was before; with the marks of line ends
    its text holds that older code read otherwise (its sentences were read otherwise
    before: a new version), or ``marks`` as an older code wrote them (what it stored).
    """
    parts: list[object] = [document.id, document.text, document.metadata]
    parts.extend(tagger.line_end_marks(document.text) if marks is None else marks)
    if not bare and fmt in _ANNOTATED:
        parts.append(
            [
                [
                    [
                        t.start,
                        t.end,
                        t.lemma,
                        t.pos,
                        t.tag,
                        t.head,
                        t.deprel,
                        t.label,
                        t.instance_id,
                    ]
                    for t in sentence.tokens
                ]
                for sentence in document.sentences
            ]
        )
    elif not bare:
        # Labels given with plain text (JSONL `labels`): other labels are a new version
        # (they were "already indexed" and never applied); without any, the identity is
        # what it always was.
        labels = [[t.label for t in sentence.tokens] for sentence in document.sentences]
        if any(label for row in labels for label in row):
            parts.append(labels)
    payload = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _older_marks(document: Document) -> list[tuple[str, ...]]:
    """The line-end marks older code wrote in ``document``'s digest, one per reading of
    its line ends before today's (none when it holds no line end read anew)."""
    marks = tagger.line_end_marks(document.text)
    return [marks[:n] for n in range(len(marks))]


def _digests(document: Document, fmt: str) -> set[str]:
    """Every digest an index may hold ``document`` under: its own, and as older code
    wrote it (without annotation, with the line-end marks of its time; with its
    annotation too, a JSONL record's labels, as since annotation counted)."""
    own = {_document_sha256(document, fmt), _document_sha256(document, bare=True)}
    return own | _older_digests(document, fmt)


def _older_digests(document: Document, fmt: str) -> set[str]:
    """``document``'s digests as older code stored it, before a line end of its text was
    read as it is now: with the line-end marks of that time, with its annotation (a
    JSONL record's labels, as since annotation counted) and without."""
    return {
        _document_sha256(document, fmt, bare=bare, marks=marks)
        for marks in _older_marks(document)
        for bare in (False, True)
    }


def _read_before_the_mark(
    document: Document, fmt: str, source: str, stored: list[StoredDocument]
) -> bool:
    """Whether ``stored`` holds ``document`` from ``source`` as older code stored it,
    before a line end of its text was read as it is now (the same id, text and
    metadata)."""
    before = _older_digests(document, fmt)
    return any(v.sha256 in before and v.source == source for v in stored)


def _prefixes(document: Document, fmt: str, sha: str, plain: str) -> set[str]:
    """The digest prefixes a withdrawn ``document`` is recorded under: of ``sha`` and
    ``plain``, and as older code stored it before its line ends were read as now (with
    its annotation, a JSONL record's labels, as since annotation counted, or without)."""
    older = _older_digests(document, fmt)
    return {sha[:DIGEST], plain[:DIGEST], *(digest[:DIGEST] for digest in older)}


def _reading(languages: Iterable[str]) -> str:
    """The language an index holding text in ``languages`` reads its queries' words in
    (manifest.text_language): its one language, else English."""
    held = list(languages)
    return held[0] if len(held) == 1 else ENGLISH


def _parse_note(before: object, parsed: bool) -> str | None:
    """What a run whose text was ``parsed`` or not (--parse) must say when the index's
    earlier text was parsed otherwise (``before``: True, False or "mixed"): word sketches
    and [deprel] patterns read only the parsed documents, and nothing else says so."""
    if before == parsed:
        return None
    redo = "index them again with --parse (`sensegrep remove --source FILE` first)"
    if parsed:
        return (
            "this run's text was parsed (--parse), and some of the index's earlier text was "
            "not: word sketches and [deprel] patterns see only the parsed documents; to "
            f"parse the others, {redo}"
        )
    some = "some of " if before == "mixed" else ""
    return (
        f"this run's text was not parsed, and {some}the index's earlier text was (--parse): word "
        "sketches and [deprel] patterns do not see this run's documents; to parse them, "
        f"{redo}"
    )
