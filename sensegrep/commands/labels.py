"""Commands for sense labels: ``label`` (set, clear, or from a file), ``labels`` (count
them for a word) and ``classify`` (propagate them to unlabelled occurrences, or label
the instances of an external Raganato WSD file).

Each is written against the library API (:class:`SenseIndex` and
sensegrep/api/labelling.py), imported by the command that uses it; the storage,
WordNet and (for ``classify FILE`` only) the encoder load only there.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sensegrep.api.labelling import words_of
from sensegrep.choices import WSD_METHODS
from sensegrep.commands.options import FiniteFloatRange, listing_format_option
from sensegrep.session import Session

# Lines marked label_predicted whose occurrence held no label: stored as predictions.
RESTORED = "marked label_predicted stored as predicted (the index had no label there)"
# Lines marked label_predicted whose occurrence holds a checked label: left alone.
GUARDED = (
    "marked label_predicted left alone (the index holds a label given by hand or with the "
    "input there: `label --as` changes it)"
)

if TYPE_CHECKING:
    from sensegrep.api import SenseIndex, StoredLabels
    from sensegrep.api.annotation import LabelImport
    from sensegrep.api.labelling import LabelFile

WORDNET_HELP = "WordNet 3.0 dict folder: glosses beside sense keys; first-sense fallback."
wordnet_option = click.option(
    "--wordnet", type=click.Path(path_type=Path, file_okay=False, exists=True), help=WORDNET_HELP
)


def _wordnet(folder: Path | None) -> Any:
    if folder is None:
        return None
    from sensegrep.api.labelling import open_wordnet

    return open_wordnet(folder)


# -- label ----------------------------------------------------------------------------


class _OccurrenceId(click.ParamType):
    """An occurrence id; ids listed with commas (`label 110,120`, as a spreadsheet
    copies them) are told that a space separates ids (Click said only "'110,120' is
    not a valid integer", pass 39l)."""

    name = "integer"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        try:
            return int(value)
        except ValueError:
            parts = [part.strip() for part in str(value).replace(";", ",").split(",")]
            ids = [part for part in parts if part]
            if len(parts) > 1 and ids and all(part.isdigit() for part in ids):
                # (`label 110, 120`: "(110)" alone read as the ids to give, 120 dropped)
                listed = " ".join(ids) if len(ids) > 1 else f"{ids[0]} without its comma"
                self.fail(f"{value!r} is not an id: a space separates ids ({listed})", param, ctx)
            self.fail(f"{value!r} is not a valid integer", param, ctx)


@click.command("label")
@click.argument("ids", nargs=-1, type=_OccurrenceId())
@click.option(
    "--as",
    "label_as",
    metavar="LABEL",
    help="Set this label; a space separates several (--as 'river side' sets river and side; "
    "river_side is one label).",
)
@click.option("--remove", is_flag=True, help="Clear the labels of the occurrences.")
@click.option(
    "--from",
    "from_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help='CSV or TSV (header naming id and label) or JSONL ({"id": …, "label": …}) of '
    "labels to set; search's output fits. The format is told by the first lines.",
)
@click.pass_obj
def label(
    session: Session,
    ids: tuple[int, ...],
    label_as: str | None,
    remove: bool,
    from_file: Path | None,
) -> None:
    """Set (--as LABEL) or clear (--remove) the sense label of occurrences by id, or set
    many from a file (--from FILE); bad lines of the file are reported and skipped.

    \b
    sensegrep label 4129 1254 --as river
    sensegrep label 4129 --remove
    sensegrep label --from labels.csv
    """
    modes = sum([label_as is not None, remove, from_file is not None])
    if modes != 1:
        raise click.UsageError("give exactly one of --as LABEL, --remove, --from FILE")
    index = session.index()
    if from_file is not None:
        if ids:
            raise click.UsageError("--from FILE takes no ids: they are in the file")
        _label_from_file(index, from_file)
        return
    if not ids:
        raise click.UsageError("give the ids of the occurrences (the id column of search)")
    # An id given twice is one occurrence, labelled once: read twice, `label 7 7 --remove`
    # said "removed the labels of -1 occurrence(s)" (pass 39g).
    ids = tuple(dict.fromkeys(ids))
    if remove:
        # What they held, for the confirmation; an unknown id is label's error, below.
        before, count = _label_as_read(index, ids, None)
        # Those without a label were counted as removed ("removed the labels of 1" of none).
        unlabelled = sum(1 for line in before if not line.label)
        if unlabelled == count:
            said = f"no label to remove: the {count} occurrence(s) of {words_of(before)} had none"
        else:
            said = f"removed the labels of {count - unlabelled} occurrence(s)"
            said += f" of {words_of([line for line in before if line.label])}"
            said += f"; {unlabelled} other(s) had none" if unlabelled else ""
        click.echo(said, err=True)
        _removed_by_hand(before)
        return
    from sensegrep.api.labelling import label_notes, relabel_notes

    # What they held, to name a label replaced or held already (an unknown id is
    # label's error, below).
    before, count = _label_as_read(index, ids, label_as or "")
    _labelled(count, label_as or "", words_of(before))
    for note in [
        *relabel_notes(before, label_as or ""),
        *label_notes(index, before, label_as or ""),
    ]:
        click.echo(f"note: {note}", err=True)


# Tries of a write whose occurrences another annotator keeps labelling meanwhile.
_TRIES = 5


def _label_as_read(
    index: SenseIndex, ids: tuple[int, ...], label: str | None
) -> tuple[list[Any], int]:
    """Label (None: clear) the occurrences only if each still holds what was read of it,
    read again and written again when another process labelled one in between: the notes
    name what the write replaced. Read apart from the write, two annotators labelling one
    occurrence at once were each told it held the label before both, one label lost
    unnamed (pass 39i). Returns what they held and how many were written."""
    from sensegrep.errors import LabelChangedError, tried_too_often

    for tried in range(1, _TRIES + 1):
        before = index.contexts(ids, skip_missing=True)
        held = {line.id: line.label or None for line in before}
        # A prediction given by hand meanwhile (same text) is a label set since: it was
        # replaced unnamed, as a prediction is (pass 39n).
        guessed = {line.id: line.label_predicted for line in before if line.label}
        try:
            written = index.label(
                ids, label, expect=held, expect_predicted=guessed, notes=False
            )  # we say them
            return before, written
        except LabelChangedError as changed:
            if tried == _TRIES:
                raise tried_too_often(changed, _TRIES) from None
    raise AssertionError("unreachable")


def _labelled(count: int, label_as: str, words: str) -> None:
    """The confirmation of --as: the words labelled, the labels stored, each named, and
    what a space did."""
    from sensegrep.api.labelling import StoredLabels

    stored = StoredLabels.of([label_as])
    # In the order given, each once, as SenseIndex.label stored them.
    parts = list(dict.fromkeys(label_as.split()))
    if len(parts) == 1:
        click.echo(f"labelled {count} occurrence(s) of {words} as {parts[0]}", err=True)
        return
    click.echo(
        f"labelled {count} occurrence(s) of {words} with {len(parts)} labels: {', '.join(parts)}",
        err=True,
    )
    click.echo(f"note: {stored.note()}", err=True)


def _removed_by_hand(before: list[Any]) -> None:
    """After --remove: the labels given by hand or with the input that it removed, named
    (a mistyped id lost one unsaid, and there is no undo), with how to put one back; a
    prediction of classify's is not named, as --as does not name one it replaces."""
    removed = {line.id: line.label for line in before if line.label and not line.label_predicted}
    if not removed:
        return
    named = first_five([f"{i} {old}" for i, old in removed.items()])
    first, old = next(iter(removed.items()))
    again = (
        f"`label {first} --as {shlex.quote(old)}` puts it back"
        if len(removed) == 1
        else "`label ID --as LABEL` puts one back"
    )
    which = "the label removed" if len(removed) == 1 else f"the {len(removed):,} labels removed"
    click.echo(f"note: {which}: {named} ({again})", err=True)


def first_five(named: list[str]) -> str:
    """The first five of ``named``, and how many more."""
    more = f" and {len(named) - 5:,} more" if len(named) > 5 else ""
    return ", ".join(named[:5]) + more


def replaced_lines(replaced: tuple[tuple[int, str, str], ...]) -> None:
    """After a file of labels was applied: the labels given by hand or with the input it
    replaced, the first five named (a file without the labels as exported, read back
    after someone else changed a label, puts its old one back, which read as any other
    label applied)."""
    if not replaced:
        return
    named = first_five([f"{i} {old} → {new}" for i, old, new in replaced])
    click.echo(
        f"note: {len(replaced):,} label(s) replaced one given by hand or with the input: "
        f"{named}; a file without the labels as exported (label_exported: search output, "
        "WebAnno, an export made before it) puts its old label back where someone changed "
        "one since (`label ID --as LABEL` sets it again)",
        err=True,
    )


def overruled_lines(found: tuple[tuple[int, str, int, str, int], ...]) -> None:
    """After a file of labels was applied: the ids a later line gave another label than
    an earlier one (two annotators' files merged), the first five named."""
    if found:
        named = first_five(
            [f"{i} {old} (line {a}) → {new} (line {b})" for i, old, a, new, b in found]
        )
        click.echo(
            f"note: {len(found):,} repeat(s) gave an id another label than an earlier line, "
            f"and the later won: {named}; `label ID --as LABEL` sets the other",
            err=True,
        )


def stored_labels_lines(stored: StoredLabels) -> None:
    """After a file of labels was applied: the labels set, and what a space did."""
    if stored.counts:
        click.echo(f"labels set: {stored.listing()}", err=True)
    if stored.note():
        click.echo(f"note: {stored.note()}", err=True)


def near_labels_lines(index: SenseIndex, lines: Any, done: LabelImport | LabelFile) -> None:
    """After a file of labels was applied: its labels new to a word and spelt nearly as
    one it has, and one holding a comma or semicolon, as `label --as` says them (an
    annotator's "Blame" beside blame was named only among "labels set", then counted
    apart)."""
    from sensegrep.api.labelling import file_label_notes

    for note in file_label_notes(index, lines, done.held_already, done.replaced):
        click.echo(f"note: {note}", err=True)


def _label_from_file(index: SenseIndex, path: Path) -> None:
    from sensegrep.api.labelling import label_from_file

    done = label_from_file(index, path)
    click.echo(f"{path}: read as {done.format.upper()} (detected)", err=True)
    for problem in done.problems:
        click.echo(f"error: {problem}", err=True)
    bad = len(done.problems)
    lines = index.contexts(list(done.ids)) if done.ids else []
    words = f" of {words_of(lines)}" if lines else ""
    same = f" ({done.unchanged:,} already held that label)" if done.unchanged else ""
    summary = (
        f"labelled {done.labelled} occurrence(s){words}{same} from {path}: "
        f"{done.rows:,} line(s) read"
    )
    if done.predictions:  # label_predicted lines read back unchanged
        summary += f", {done.predictions:,} unchanged prediction(s) left as predicted"
    if done.restored:
        summary += f", {done.restored:,} {RESTORED}"
    if done.guarded:
        summary += f", {done.guarded:,} {GUARDED}"
    if done.held:  # a CSV export's labels left as exported, as import says them
        summary += (
            f", {len(done.held):,} left as exported and changed in the index since (kept "
            "as the index has them; listed below)"
        )
    if done.removed:
        summary += (
            f", {len(done.removed):,} left as exported and removed in the index since "
            "(kept removed; listed below)"
        )
    if bad:
        kinds = [f"{done.unknown:,} unknown occurrence id(s)"] if done.unknown else []
        if done.elsewhere:
            kinds.append(
                f"{done.elsewhere:,} id(s) of another word here than the file says, or of "
                "its word in another sentence or place"
            )
        if bad > done.unknown + done.elsewhere:
            kinds.insert(0, f"{bad - done.unknown - done.elsewhere:,} malformed")
        summary += f", {bad:,} bad ({', '.join(kinds)}; listed above)"
    if done.repeated:  # as import says it
        summary += f"; {done.repeated:,} repeat an earlier id (the later label won)"
    click.echo(summary, err=True)
    stored_labels_lines(done.stored)
    near_labels_lines(index, lines, done)
    replaced_lines(done.replaced)
    overruled_lines(done.overruled)
    since_export_lines(done)
    if done.problems:
        rest = "the other labels were applied" if done.labelled else "no label was applied"
        raise click.ClickException(f"{bad} bad line(s) in {path}, listed above and skipped; {rest}")


def since_export_lines(done: LabelImport | LabelFile) -> None:
    """After an import (or `label --from` of a CSV export): what the index did since the
    export with labels the file gives, each kind in a note naming the first five."""
    undone = getattr(done, "undone", ())  # `label --from` sets the labels it lists
    _label_note(
        [f"{i} {now} (file: {old})" for i, now, old in done.held],
        "the file gives as they were exported were changed in the index since, and are "
        "kept as it has them",
        "the file's are the older (`label ID --as LABEL` sets one)",
    )
    _label_note(
        [f"{i} {label}" for i, label in done.removed],
        "the file gives as they were exported were removed from the index since, and stay removed",
        "`label ID --as LABEL` sets one",
    )
    _label_note(
        [f"{i} {label}" + _removed_other(label, old) for i, label, old in undone],
        "went back on occurrences whose label was removed in the index (`label --remove`, an undo)",
        "the file does not say they were exported with it (WebAnno, search output, an item "
        "exported after the removal), so they are applied as set again (`label ID --remove` "
        "removes one)",
    )
    _label_note(
        [f"{i} {label}" for i, label in done.refilled],
        "the file gives as they were exported were put back on occurrences that hold none "
        "now (an index built again, or a label removed before the index recorded removals)",
        "`label ID --remove` removes one",
    )


def _removed_other(label: str, removed: str) -> str:
    """`` (removed: LABEL)`` when the label removed was another than the file's."""
    return "" if " ".join(label.split()) == removed else f" (removed: {removed})"


def _label_note(named: list[str], what: str, then: str) -> None:
    """``note: N label(s) WHAT: the first five named; THEN``, when there are any."""
    if named:
        click.echo(f"note: {len(named):,} label(s) {what}: {first_five(named)}; {then}", err=True)


# -- labels ---------------------------------------------------------------------------


@click.command("labels")
@click.argument("word")
@listing_format_option
@wordnet_option
@click.pass_obj
def labels(session: Session, word: str, fmt: str, wordnet: Path | None) -> None:
    """Each sense label of WORD's occurrences with its count, most frequent first."""
    from sensegrep.api.labelling import label_counts

    found = label_counts(session.index(), word)
    wn = _wordnet(wordnet)
    for item in found.labels:
        gloss = wn.describe(item.label) if wn else None
        if fmt == "jsonl":
            record: dict[str, Any] = {
                "word": found.word,  # the lemma counted (banks: bank)
                "label": item.label,
                "count": item.count,
                "predicted": item.predicted,
            }
            if wn:
                synset = wn.synset(item.label)
                record.update(synset=synset.id if synset else None, gloss=gloss)
            click.echo(json.dumps(record))
        else:
            predicted = f"  ({item.predicted} predicted)" if item.predicted else ""
            shown = f"  {gloss}" if gloss else ""
            click.echo(f"{item.count:>7}  {item.label}{predicted}{shown}")
    # Labelled occurrences and distinct labels apart: an occurrence with two keys (a
    # Raganato instance) made "2 label(s), 1 unlabelled" of 2 occurrences read as 3.
    # Predictions apart, as the annotate page and GET /api/labels/WORD's `labelled`
    # count: "69 labelled, 0 unlabelled" after classify --apply read as all checked,
    # where the web app said 9 of 69 labelled (issue 23).
    predicted = found.occurrences - found.unlabelled - found.labelled
    guessed = f", {predicted:,} with a label predicted by classify --apply" if predicted else ""
    # Tokens without a sense vector take no label, but search counts them (its
    # "(unlabelled)" row was 2 more than this line's with nothing said).
    more = found.without_vector
    tokens = (
        f"; {more:,} more token(s) of it have no sense vector and take no label (search "
        f"counts {found.occurrences + more:,})"
        if more
        else ""
    )
    # Of the labelled alone: a label only predicted is none of theirs (issue 23).
    distinct = f"{found.labelled_distinct} distinct label(s)"
    if found.labelled_distinct != len(found.labels):
        distinct += f"; {len(found.labels)} with the predictions"
    click.echo(
        f"{found.occurrences:,} occurrence(s) of {found.word!r}: {found.labelled:,} labelled "
        f"({distinct}){guessed}, {found.unlabelled:,} unlabelled"
        f"{tokens}",
        err=True,
    )
    if found.several_labels_note:
        click.echo(f"note: {found.several_labels_note}", err=True)


# -- classify -------------------------------------------------------------------------


@click.command("classify")
@click.argument("target")
@click.option("-k", "k", type=click.IntRange(min=1), help="Neighbours that vote (default 10).")
@click.option(
    "--weighting",
    help="A neighbour's vote: uniform, cosine or inverse (1/distance; default inverse).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl", "raganato"]),
    help="Word: text (default) or jsonl. File: raganato keys (default) or jsonl.",
)
@click.option("--apply", is_flag=True, help="Write the proposals as (predicted) labels.")
@click.option(
    "--review", type=click.IntRange(min=1), metavar="N", help="Show the N least confident first."
)
@wordnet_option
@click.option(
    "--method",
    type=click.Choice(WSD_METHODS),
    help="A FILE's senses: knn (default: the nearest labelled occurrences vote) or the "
    "nearest WordNet sense vector (needs --wordnet): propagated (every sense has one), "
    "lmms (propagated and glosses), glosses, centroids, synset, hypernym.",
)
@click.option(
    "--sense-vectors",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="WordNet sense vectors made by `wordnet build` (default: the index's cached "
    "ones, built on first use).",
)
@click.option(
    "--gloss-weight",
    type=FiniteFloatRange(0, 1),
    help="The glosses' share of an lmms score (default 0.1).",
)
@click.pass_obj
def classify(
    session: Session,
    target: str,
    k: int | None,
    weighting: str | None,
    fmt: str | None,
    apply: bool,
    review: int | None,
    wordnet: Path | None,
    method: str | None,
    sense_vectors: Path | None,
    gloss_weight: float | None,
) -> None:
    """Propose labels from the nearest labelled occurrences of the same lemma and POS.

    TARGET a word: every occurrence of it not labelled at indexing or by hand gets a
    proposal with a confidence (the winner's share of the neighbours' vote); --apply
    writes them, marked as predicted; --review N lists the N least confident first.
    The word's labelled occurrences need two different labels or more (with one, every
    occurrence would get it): fewer is an error, and nothing is written.

    TARGET an existing file: a Raganato WSD XML file; every <instance> is labelled from
    the index and printed as `instance_id sense_key`, in file order; with --wordnet,
    WordNet's first sense answers where the index has no labelled occurrence. With
    --method propagated or lmms (and --wordnet), each instance gets the nearest of its
    lemma's WordNet sense vectors instead, which every sense has (`wordnet build`).
    """
    from sensegrep.api.labelling import classify_settings

    # The defaults are in labels/classify.py (chosen on dev data; the help repeats them).
    settings = classify_settings(k, weighting)
    senses = (method or "knn", sense_vectors, gloss_weight)
    if Path(target).is_file():
        if apply or review:
            raise click.UsageError("--apply and --review are for a WORD, not a file")
        if fmt == "text":
            raise click.UsageError("a file is classified as --format raganato or jsonl")
        _classify_file(session, Path(target), settings, fmt or "raganato", wordnet, senses)
        return
    if method not in (None, "knn") or sense_vectors or gloss_weight is not None:
        raise click.UsageError(
            "--method, --sense-vectors and --gloss-weight are for a FILE: a WORD's "
            "occurrences are classified by their labelled neighbours"
        )
    if fmt == "raganato":
        raise click.UsageError(f"no file {target!r}: --format raganato needs a Raganato XML file")
    _classify_word(session, target, settings, fmt or "text", apply, review, wordnet)


def _classify_word(
    session: Session,
    word: str,
    settings: tuple[int, str],
    fmt: str,
    apply: bool,
    review: int | None,
    wordnet: Path | None,
) -> None:
    from sensegrep.api.labelling import apply_proposals, least_confident

    index = session.index()
    wn = _wordnet(wordnet)
    result = index.classify(word, k=settings[0], weighting=settings[1])
    shown = least_confident(result.proposals, review) if review else result.proposals
    contexts = index.contexts([p.id for p in shown])
    for proposal, context in zip(shown, contexts, strict=True):
        sentence = f"{context.left}[[{context.form}]]{context.right}"
        gloss = wn.describe(proposal.label) if wn else None
        if fmt == "jsonl":
            record: dict[str, Any] = {
                "id": proposal.id,
                "label": proposal.label,
                "confidence": round(proposal.confidence, 4),
                "pos": proposal.pos,
                "neighbours": list(proposal.neighbours),
                "sentence": sentence,
            }
            if wn:
                record["gloss"] = gloss
            click.echo(json.dumps(record))
        else:
            click.echo(f"{proposal.id:>8}  {proposal.label}  {proposal.confidence:.3f}  {sentence}")
            if gloss:
                click.echo(f"{'':>8}  = {gloss}")
    _word_summary(result, settings)
    if apply and result.proposals:
        count = apply_proposals(index, result.proposals)
        click.echo(f"applied: {count} label(s) written, marked as predicted", err=True)
        if count < len(result.proposals):
            click.echo(
                f"note: {len(result.proposals) - count} proposal(s) not written: their "
                "occurrences were labelled by hand since classify read the labels, and keep "
                "that label",
                err=True,
            )


def _word_summary(result: Any, settings: tuple[int, str]) -> None:
    click.echo(
        f"{len(result.proposals):,} proposal(s) for {result.lemma!r} from "
        f"{result.references:,} labelled occurrence(s) (k={settings[0]}, {settings[1]})",
        err=True,
    )
    for note in [*result.unanswerable_notes, *result.notes]:
        click.echo(f"note: {note}", err=True)


def _classify_file(
    session: Session,
    path: Path,
    settings: tuple[int, str],
    fmt: str,
    wordnet: Path | None,
    senses: tuple[str, Path | None, float | None],
) -> None:
    from sensegrep.api.labelling import classify_file

    index = session.index()
    wn = _wordnet(wordnet)
    method, vectors, weight = senses
    answers = classify_file(
        index,
        path,
        k=settings[0],
        weighting=settings[1],
        wordnet=wn,
        method=method,
        sense_vectors=vectors,
        gloss_weight=weight,
        log=lambda message: click.echo(message, err=True),
    )
    for answer in answers:
        if fmt == "jsonl":
            click.echo(
                json.dumps(
                    {
                        "instance_id": answer.instance_id,
                        "label": answer.label,
                        "confidence": None
                        if answer.confidence is None
                        else round(answer.confidence, 4),
                        "source": answer.source,
                    }
                )
            )
        elif answer.label is not None:
            # One key per line, the best one: the framework's scorer accepts several.
            click.echo(f"{answer.instance_id} {answer.label.split()[0]}")
    _file_summary(answers, wordnet is not None)


def _file_summary(answers: list[Any], with_wordnet: bool) -> None:
    by_source = {"neighbours": 0, "sense_vectors": 0, "wordnet": 0, None: 0}
    for answer in answers:
        by_source[answer.source] += 1
    hint = "" if with_wordnet else " (--wordnet DIR answers them with the first sense)"
    vectors = by_source["sense_vectors"]
    click.echo(
        f"{len(answers):,} instance(s): "
        + (f"{vectors:,} from WordNet sense vectors, " if vectors else "")
        + f"{by_source['neighbours']:,} from labelled "
        f"neighbours, {by_source['wordnet']:,} WordNet first sense, "
        f"{by_source[None]:,} unanswered{hint if by_source[None] else ''}",
        err=True,
    )


COMMANDS: list[click.Command] = [label, labels, classify]
