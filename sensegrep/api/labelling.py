"""Labelling beyond :meth:`SenseIndex.label`: label files, label counts with where the
labels came from, classification (its settings, applying its proposals, labelling a
Raganato file) and WordNet glosses. ``sensegrep label``, ``labels`` and ``classify``
are written against these.

Like the rest of the API, importing this module is cheap: storage, numpy and the
encoder load when a function needs them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sensegrep.errors import InputError, QueryError

# Said of labels just set (labels/said.py: cheap), here for the front ends.
from sensegrep.labels.said import near_labels_note as near_labels_note
from sensegrep.labels.said import separator_note as separator_note
from sensegrep.labels.said import several_words_note as several_words_note
from sensegrep.labels.said import unchanged as unchanged
from sensegrep.labels.said import words_of as words_of

if TYPE_CHECKING:
    from sensegrep.api.index import SenseIndex
    from sensegrep.labels.classify import Answer, Proposal
    from sensegrep.labels.labelling import LabelCount, LabelRow
    from sensegrep.wordnet import WordNet


# -- labels ---------------------------------------------------------------------------


def clean_label(label: str) -> str:
    """A label as it is stored: whitespace runs become one space (a space separates
    several labels); QueryError when nothing is left."""
    from sensegrep.labels.labelling import clean_label as cleaned

    return cleaned(label)


_SHOWN_LABELS = 10  # labels listed in a confirmation before "and N more"


@dataclass(frozen=True)
class StoredLabels:
    """What a write of labels stored, for its confirmation: each label with how many
    occurrences got it (most first), and the label texts given that held several
    labels (a space separates labels: no label holds one), in the order met."""

    counts: tuple[tuple[str, int], ...] = ()
    several: tuple[str, ...] = ()

    @classmethod
    def of(cls, texts: Iterable[str]) -> StoredLabels:
        """The labels stored from these label texts, one per occurrence written."""
        counts: Counter[str] = Counter()
        several: dict[str, None] = {}  # insertion-ordered set
        for text in texts:
            parts = list(dict.fromkeys(text.split()))  # as labels/labelling.py: split_label
            counts.update(parts)
            if len(parts) > 1:
                several[" ".join(parts)] = None
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return cls(tuple(ordered), tuple(several))

    @property
    def labels(self) -> list[str]:
        """The labels stored, most frequent first."""
        return [label for label, _count in self.counts]

    def listing(self) -> str:
        """``river (2), side (1)``: the labels stored with their occurrences."""
        shown = ", ".join(f"{label} ({count:,})" for label, count in self.counts[:_SHOWN_LABELS])
        more = len(self.counts) - _SHOWN_LABELS
        return f"{shown} and {more:,} more" if more > 0 else shown

    def note(self) -> str | None:
        """What a space did, when a label text held several labels; else None."""
        from sensegrep.labeltext import several_labels_note

        return several_labels_note(self.several)


@dataclass(frozen=True)
class LabelCounts:
    """The labels of a word's occurrences: each label with its count and how many of
    those ``classify --apply`` predicted, most frequent first (an occurrence with
    several labels counts for each); the word's occurrences, and how many have none."""

    word: str
    occurrences: int
    labels: list[LabelCount]
    unlabelled: int
    # Occurrences with a label given at indexing or by hand (not a prediction): what the
    # annotate page's "N of M occurrences labelled" counts, read again after each label
    # (a second tab's labels were missing from it).
    labelled: int = 0
    # Tokens of the word without a sense vector (an auxiliary "had", a function word),
    # which take no label and are not among ``occurrences``, though search counts them:
    # `labels have` said 36 unlabelled where `search have --count label` said 38.
    without_vector: int = 0

    @property
    def labelled_distinct(self) -> int:
        """The distinct labels the ``labelled`` occurrences hold (a label only
        ``classify --apply`` predicted is not one: "1 labelled (2 distinct labels)"
        after the word's one money label was cleared, where classify saw one)."""
        return sum(1 for item in self.labels if item.count > item.predicted)

    @property
    def several_labels_note(self) -> str | None:
        """Said when an occurrence with several labels makes the counts add up to more
        than the occurrences that hold a label (the HTTP answer's counts did, unsaid)."""
        from sensegrep.labels.labelling import several_labels_note

        return several_labels_note(self.occurrences, self.unlabelled, self.labelled, self.labels)


def label_counts(index: SenseIndex, word: str) -> LabelCounts:
    """The labels of the occurrences of ``word`` (by lemma, as search finds them);
    QueryError when it has none."""
    from sensegrep.api import arguments
    from sensegrep.labels.labelling import count_labels, lemma_occurrences, occurrence_labels
    from sensegrep.storage.occurrences import occurrences_of

    # Checked as SenseIndex.labels checks it: a blank word was storage's search message,
    # naming --cql and --any-word, on GET /api/labels/%20 and `labels " "`.
    word = arguments.word("word", word)

    def read() -> LabelCounts:
        # Named by the lemma counted: "6 occurrence(s) of 'banks'" were bank's (pass 38b).
        lemma, found = lemma_occurrences(index.storage, word, index.lang)
        counts, unlabelled = count_labels(index.storage, found.ids)
        labelled = int(occurrence_labels(index.storage, found.ids).reference_mask().sum())
        tokens = occurrences_of(index.storage, word, lang=index.lang, every_token=True)[1]
        every = len(tokens) - len(found)
        return LabelCounts(lemma, len(found), counts, unlabelled, labelled, every)

    # Four reads: a document another process removed between them was in the word's
    # occurrences, its labelled ones counted as unlabelled (pass 36n).
    return index.of_one_state(read)


def word_labels(index: SenseIndex, words: Iterable[str]) -> dict[str, Counter[str]]:
    """Each word's labels now, with how many of its occurrences carry each (predicted
    ones too): what a label given is compared with (:func:`near_labels_note`)."""
    from sensegrep.labels.said import word_labels as read

    return read(index.storage, index.lang, words)


def label_notes(index: SenseIndex, before: Sequence[Any], label: str) -> list[str]:
    """The notes on ``label`` just given to the occurrences ``before`` (their contexts
    read before the write): a comma or semicolon in it, a label new to a word and spelt
    nearly as one it has (sensegrep/labels/said.py). Said by ``label``, the web app's
    POST /api/label and :meth:`SenseIndex.label` alike."""
    from sensegrep.api.spelling import caller
    from sensegrep.labels.said import label_notes as said

    return said(index.storage, index.lang, before, label, caller())


def relabel_notes(before: Sequence[Any], label: str | None) -> list[str]:
    """What a label given by hand did to the occurrences ``before`` (read before the
    write): those that held it already, unchanged, and the hand labels it replaced, with
    how to put one back in the caller's words (sensegrep/labels/said.py). Said by
    ``label``, POST /api/label and :meth:`SenseIndex.label` alike."""
    from sensegrep.api.spelling import caller
    from sensegrep.labels.said import relabel_notes as said

    return said(before, label, caller())


def file_label_notes(
    index: SenseIndex,
    lines: Sequence[Any],
    held_already: Iterable[int],
    replaced: Iterable[tuple[int, str, str]] = (),
) -> list[str]:
    """The notes on the labels a file of labels set (``import``, ``label --from``): a
    label new to a word and spelt nearly as one it has, a comma or semicolon in one
    (sensegrep/labels/said.py). ``lines``: the occurrences it labelled, read after the
    write; ``held_already`` and ``replaced`` as :class:`LabelFile` has them."""
    from sensegrep.api.spelling import caller
    from sensegrep.labels.said import file_label_notes as said

    return said(index.storage, index.lang, lines, held_already, replaced, caller())


def hand_labels(index: SenseIndex, word: str) -> dict[int, str]:
    """The label of each occurrence of ``word`` labelled by an annotator (``label``, the
    annotate page, an import), by id in corpus order: what the annotate page's list of
    hand-labelled occurrences shows, read again so that another annotator's labels
    (and changes to its own) are in it."""
    from sensegrep.api import arguments
    from sensegrep.labels.labelling import occurrence_labels, word_occurrences
    from sensegrep.labels.queue import by_hand

    word = arguments.word("word", word)
    found = occurrence_labels(index.storage, word_occurrences(index.storage, word, index.lang).ids)
    pairs = zip(found.ids, found.labels, found.sources, strict=True)
    return {int(i): label for i, label, source in pairs if label and by_hand(source)}


@dataclass(frozen=True)
class IndexLabel:
    """One label of the whole index: how many occurrences carry it, the words (lemmas)
    they are occurrences of, and how many of them ``classify --apply`` predicted."""

    label: str
    count: int
    words: list[str]
    # Said apart, as `labels WORD` says them: "closure: 18" read as 18 checked labels when
    # 13 were classify's guesses (issue 23, pass 24h).
    predicted: int = 0


def index_labels(index: SenseIndex) -> list[IndexLabel]:
    """Every label of the index with its count, most frequent first (an occurrence
    with several labels counts for each): the labels an annotator may reuse."""
    from collections import Counter, defaultdict

    from sensegrep.labels.labelling import PREDICTED, split_label

    counts: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    words: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for _sentence, _position, lemma, _pos, label, source in index.storage.labelled_occurrences():
        for part in split_label(label):
            counts[part] += 1
            predicted[part] += source == PREDICTED
            words[part][lemma] += 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        IndexLabel(label, n, [w for w, _ in words[label].most_common()], predicted[label])
        for label, n in ordered
    ]


@dataclass(frozen=True)
class LabelFile:
    """What :func:`label_from_file` did: how many occurrences it labelled, and the
    lines it skipped (bad lines and unknown ids, each naming its file and line), in line
    order; ``rows`` the lines of labels the file holds (blank lines and the header not
    counted), ``unknown`` how many of ``problems`` are ids that are no occurrence,
    ``elsewhere`` how many are ids of another document than the line's ``doc`` says."""

    labelled: int
    problems: list[InputError]
    format: str = "csv"  # how the file was read: csv, tsv or jsonl
    rows: int = 0
    unknown: int = 0
    elsewhere: int = 0
    stored: StoredLabels = field(default_factory=StoredLabels)  # the labels set
    # Lines whose label_predicted says their label is classify --apply's, read back
    # unchanged: left as predictions (search output fits this command).
    predictions: int = 0
    # Of ``labelled``, such lines stored as predictions where the occurrence held no
    # label (the file's mark is all there is to go by).
    restored: int = 0
    # Lines marked label_predicted whose occurrence holds a label given by hand or with
    # the input: left alone (a stale prediction never replaces a checked label).
    guarded: int = 0
    # The occurrences whose labels were set: a file of bare ids says no word, and a
    # mistyped id ("27") labels another word, which the summary names (issue 23).
    ids: tuple[int, ...] = ()
    # Good lines of an id an earlier line gave too (the later line won), as
    # LabelImport.repeated counts them: "6566,animal" then "6566,club" set club unsaid.
    repeated: int = 0
    # Of ``repeated``, lines that gave an id another label than an earlier line
    # (LabelImport.overruled).
    overruled: tuple[tuple[int, str, int, str, int], ...] = ()
    # Of ``labelled``, occurrences that held that label already (by hand or the input).
    unchanged: int = 0
    # Their ids (file_label_notes: a label they held is not new to their word).
    held_already: tuple[int, ...] = ()
    # Of ``labelled``, (id, the label it held, the file's) where the file replaced a
    # label given by hand or with the input (LabelImport.replaced).
    replaced: tuple[tuple[int, str, str], ...] = ()
    # Lines of a CSV export whose label is the one it was exported with (label_exported:
    # the annotator left it), as LabelImport has them: (id, the index's, the file's) of
    # those changed in the index since, kept; (id, the file's) of those removed since,
    # kept removed, and of those holding none now, put back.
    held: tuple[tuple[int, str, str], ...] = ()
    removed: tuple[tuple[int, str], ...] = ()
    refilled: tuple[tuple[int, str], ...] = ()


def label_from_file(index: SenseIndex, path: str | Path) -> LabelFile:
    """Set the labels a file lists: CSV or TSV with a header naming ``id`` and
    ``label`` (search's table output fits), or JSONL ``{"id": 12, "label":
    "bank%1:17:01::"}`` (a search hit fits), told by its first lines (see
    sensegrep/labels/labelling.py: read_label_file). Bad lines and ids that are no
    occurrence ("FILE:LINE: unknown occurrence id N") are skipped and returned; the
    other labels are set, a later line winning when an id comes twice (a space in a
    label separates several: ``stored`` says which were set). A fatal
    InputError (raised) when the file cannot be read at all, or holds no line of labels."""
    from sensegrep.labels.labelling import (
        in_other_places,
        in_other_sentences,
        label_file_format,
        missing_occurrences,
        overruled,
        read_label_file,
        set_read_labels,
        since_export,
        unknown_occurrence,
    )

    path = Path(path)
    fmt = label_file_format(path)
    rows: list[LabelRow] = []
    problems: list[InputError] = []
    for item in read_label_file(path, fmt):
        if isinstance(item, InputError):
            problems.append(item)
        else:
            rows.append(item)
    if not rows and not problems:
        raise InputError(
            path, "no line of labels (an empty file, or a header only): nothing to set"
        )
    missing = set(missing_occurrences(index.storage, (row.id for row in rows)))
    tokens = set(index.storage.existing_tokens(missing))  # without a vector
    removed = set(index.storage.removed_tokens(missing))
    # search output of another index names other words here with its ids (its doc says).
    misplaced = in_other_places(index.storage, path, ((r.line, r.id, r.doc, r.form) for r in rows))
    # and one mistyped, another sentence's occurrence of that word (its sentence says).
    shown = {p.line for p in misplaced}
    sentences = [(r.line, r.id, r.sentence, r.left) for r in rows if r.sentence is not None]
    misplaced += in_other_sentences(
        index.storage, path, (s for s in sentences if s[0] not in shown)
    )
    lines = {p.line for p in misplaced}
    unknown = [
        unknown_occurrence(path, r.line, r.id, index.path, r.id in tokens, r.id in removed)
        for r in rows
        if r.id in missing and r.line not in lines
    ]
    # Only the lines left out: another line of the same id that says its word rightly
    # still applies (every line of the id was dropped, the right one unsaid).
    applying = [r for r in rows if r.id not in missing and r.line not in lines]
    # Later lines win when an id comes twice, as if the file were applied line by line.
    wanted = {row.id: row.label for row in applying}
    said = {r.id for r in applying if r.predicted} - {r.id for r in applying if not r.predicted}
    # A CSV export's label left as exported yields to the index's since, as on import
    # (it put a label another annotator changed since back, and one removed since).
    exported = {r.id: r.exported for r in applying}  # the later line's, as its label
    since = since_export(index.storage, {i: wanted[i] for i in wanted if i not in said}, exported)
    unsaid = since_export(index.storage, {i: wanted[i] for i in said}, exported)
    kept_off = tuple(sorted((*since.removed, *unsaid.removed)))
    for i, *_labels in (*since.held, *kept_off):  # the index's newer word
        del wanted[i]
    read_labels = set_read_labels(index.storage, wanted, said)
    kept, restored = read_labels.kept, read_labels.restored
    wanted = {i: v for i, v in wanted.items() if i not in kept | read_labels.guarded}
    read = len(rows) + len(problems)  # every line of labels, good or bad
    problems = sorted([*problems, *unknown, *misplaced], key=lambda p: p.line or 0)
    stored = StoredLabels.of(wanted.values())
    refilled = tuple(r for r in since.refilled if r[0] not in read_labels.guarded)
    predictions = sum(1 for row in applying if row.id in kept)
    good = [row.id for row in applying]
    return LabelFile(read_labels.done, problems, fmt, rows=read, unknown=len(unknown),
                     elsewhere=len(misplaced), stored=stored, predictions=predictions,
                     restored=len(restored), guarded=len(read_labels.guarded),
                     ids=tuple(sorted(wanted)), repeated=len(good) - len(set(good)),
                     unchanged=len(read_labels.same),
                     held_already=tuple(sorted(read_labels.same)),
                     replaced=read_labels.replaced,
                     overruled=overruled((r.line, r.id, r.label) for r in applying),
                     held=since.held, removed=kept_off,
                     refilled=refilled)  # fmt: skip


# -- classification -----------------------------------------------------------------


def classify_settings(k: int | None = None, weighting: str | None = None) -> tuple[int, str]:
    """The neighbours that vote and how their votes are weighed, as classification
    uses them: the defaults (chosen on dev data) where None; QueryError for a bad one."""
    from sensegrep.labels.classify import DEFAULT_K, DEFAULT_WEIGHTING, check_settings

    settings = (k or DEFAULT_K, weighting or DEFAULT_WEIGHTING)
    check_settings(*settings)
    return settings


def least_confident(proposals: Sequence[Proposal], n: int) -> list[Proposal]:
    """The ``n`` proposals most worth a human look: lowest confidence first."""
    from sensegrep.labels.classify import least_confident as lowest

    return lowest(proposals, n)


def apply_proposals(index: SenseIndex, proposals: Sequence[Proposal]) -> int:
    """Write the proposals of :meth:`SenseIndex.classify` as labels marked
    ``predicted`` with their confidence; how many."""
    from sensegrep.labels.classify import apply_proposals as apply

    return apply(index.storage, proposals)


def _say_if_held(index: SenseIndex, path: Path, log: Callable[[str], None] | None) -> None:
    """A note (``log``, else a SensegrepNote warning) when the index holds the file being
    classified: each instance is then labelled from its own gold label, and keys scored
    against that gold say nothing of unseen text (F1 near 100, unsaid)."""
    from sensegrep.indexer.pipeline import content_digests

    try:
        held = any(index.storage.has_file(sha) for sha in content_digests(path))
    except OSError:
        return  # the classifier names the file it cannot read
    if not held:
        return
    note = (
        f"note: the index holds {path} itself: each instance is labelled from its own "
        "labelled occurrence, so keys scored against its gold say nothing of unseen text"
    )
    if log is not None:
        log(note)
    else:
        import warnings

        from sensegrep.errors import SensegrepNote

        warnings.warn(note.removeprefix("note: "), SensegrepNote, stacklevel=3)


def classify_file(
    index: SenseIndex,
    path: str | Path,
    *,
    k: int | None = None,
    weighting: str | None = None,
    wordnet: WordNet | None = None,
    method: str = "knn",
    sense_vectors: str | Path | None = None,
    gloss_weight: float | None = None,
    log: Callable[[str], None] | None = None,
) -> list[Answer]:
    """Label every ``<instance>`` of a Raganato WSD XML file, in file order (embedded
    with the index's encoder). ``method`` knn: from the index's labelled occurrences;
    with ``wordnet``, WordNet's first sense answers where the index has none. Any
    other of ``choices.WSD_METHODS`` (needs ``wordnet``): the nearest WordNet sense
    vector of the instance's lemma and POS (``sense_vectors`` a file made by
    :func:`build_sense_vectors`, else the index's cached ones, built on first use)."""
    from sensegrep.labels.classify import classify_file as classify

    k, weighting = classify_settings(k, weighting)
    _say_if_held(index, Path(path), log)
    if method == "knn":
        return classify(index.storage, Path(path), index.embedder, k, weighting, wordnet=wordnet)
    from sensegrep.labels import sense_vectors as sv

    how = _sense_method(method, gloss_weight, wordnet)
    assert wordnet is not None  # _sense_method refused it
    vectors = sv.for_index(index.storage, wordnet, _path(sense_vectors), log or _quiet)
    return sv.classify_file(Path(path), index.embedder, vectors, wordnet, how, log or _quiet)


def _sense_method(name: str, gloss_weight: float | None, wordnet: WordNet | None) -> Any:
    from sensegrep.choices import WSD_METHODS
    from sensegrep.labels import sense_vectors as sv

    if name not in WSD_METHODS:
        raise QueryError(f"unknown method {name!r}; expected {', '.join(WSD_METHODS)}")
    if wordnet is None:
        raise QueryError(f"--method {name} labels by WordNet sense vectors: give --wordnet DIR")
    return sv.method(name, sv.DEFAULT_GLOSS_WEIGHT if gloss_weight is None else gloss_weight)


def _path(value: str | Path | None) -> Path | None:
    return None if value is None else Path(value)


def _quiet(_message: str) -> None:
    pass


@dataclass(frozen=True)
class BuiltSenseVectors:
    """What :func:`build_sense_vectors` wrote: the file, senses per level, glosses."""

    path: Path
    levels: dict[str, int]
    glosses: int
    seconds: float


def build_sense_vectors(
    index: SenseIndex,
    wordnet: WordNet,
    *,
    out: str | Path | None = None,
    glosses_for: Sequence[str | Path] = (),
    all_glosses: bool = False,
    log: Callable[[str], None] | None = None,
) -> BuiltSenseVectors:
    """WordNet sense vectors (labels/sense_vectors.py) from the index's labelled
    occurrences, every WordNet sense given one by propagation, written to ``out``
    (default: the index's cache file, which ``classify``/``eval wsd`` read). Gloss
    vectors are made for the senses of the lemmas of ``glosses_for`` (Raganato XML
    files: their instances' lemma and POS; other files: one lemma a line), or of every
    sense with ``all_glosses`` (206,941 forward passes: hours on a CPU)."""
    import time

    from sensegrep.labels import sense_vectors as sv

    started = time.perf_counter()
    say = log or _quiet
    vectors = sv.build(index.storage, wordnet, say)
    keys = vectors.keys if all_glosses else sv.keys_of_lemmas(wordnet, _lemmas_of(glosses_for))
    made = sv.add_glosses(vectors, index.embedder, wordnet, keys, log=say) if keys else 0
    path = Path(out) if out is not None else sv.default_path(index.storage, wordnet)
    sv.save(vectors, path)
    return BuiltSenseVectors(path, vectors.counts(), made, time.perf_counter() - started)


def _lemmas_of(files: Sequence[str | Path]) -> set[tuple[str, str | None]]:
    """(lemma, POS) pairs: a Raganato XML file's instances, else one lemma a line."""
    from sensegrep.labels.classify import read_instances

    found: set[tuple[str, str | None]] = set()
    for name in files:
        path = Path(name)
        if path.suffix.lower() == ".xml":
            instances, _sentences = read_instances(path)
            found |= {(i.lemma, i.pos) for i in instances}
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"--glosses-for {path}: cannot read it ({exc})") from exc
        found |= {(line.strip(), None) for line in lines if line.strip()}
    return found


def open_wordnet(folder: str | Path) -> WordNet:
    """A WordNet 3.0 dict folder, for glosses beside sense keys and first senses;
    SensegrepError naming what is missing when it is none."""
    from sensegrep.wordnet import WordNet

    return WordNet.open(folder)
