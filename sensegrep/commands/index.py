"""``sensegrep index``, ``remove`` and ``compact``: the commands that write an index's
documents. Each parses its options and makes one library call (sensegrep.api)."""

from __future__ import annotations

import re
import shlex
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from sensegrep import api, choices
from sensegrep.commands.options import FiniteFloatRange, VectorsForChoice, encoder_options
from sensegrep.commands.signals import exiting_on
from sensegrep.errors import InputError
from sensegrep.session import Session


def _parse_layers(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return tuple(int(part) for part in value.split(","))
    except ValueError as exc:
        raise click.BadParameter(f"expected layer numbers like 3,4,5,6, got {value!r}") from exc


@click.command()
# Not required=True: `--ray FILE` leaves the file in --ray's value (see _split_ray).
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(choices.INPUT_FORMATS),
    help="Input format (default: from each file's extension, else its first lines).",
)
@encoder_options
@click.option("--layers", callback=_parse_layers, help="Hidden layers to pool, e.g. 3,4,5,6.")
@click.option("--pooling", type=click.Choice(choices.POOLINGS), help="How layers combine.")
@click.option(
    "--all-tokens", is_flag=True, help="Give every token a vector, not only content words."
)
@click.option(
    "--lang", default="en", show_default=True, help="Language of plain text (lemmatiser)."
)
@click.option(
    "--tagger",
    type=click.Choice(choices.TAGGERS),
    help="What tokenises, lemmatises and POS-tags plain text and JSONL: spacy (English "
    "only; the default for --lang en) or none (simplemma, no POS; the default for other "
    "languages). Formats that carry their own POS are never re-tagged.",
)
@click.option(
    "--parse",
    is_flag=True,
    help="With spaCy, also run its dependency parser (heads and relations; slower).",
)
@click.option(
    "--max-file-size",
    type=FiniteFloatRange(min=0, min_open=True),
    default=1024.0,
    show_default=True,
    metavar="MB",
    help="Larger files are reported and skipped.",
)
@click.option(
    "--vectors",
    type=click.Choice(choices.VECTOR_CODECS),
    help="How vectors are stored: f16, sq8, sq4 (scalar quantisation) or pq (product "
    "quantisation); recorded in a new index (default sq4), refused if it differs.",
)
@click.option(
    "--vectors-for",
    type=VectorsForChoice(choices.VECTORS_FOR),
    help="Which words get vectors: all (the content words; a new index's default) or "
    "none (a text-only index: concordances, --cql, --count and labels, no sense "
    "ranking; no encoder is loaded; chosen words: none, then `sensegrep vectors add "
    "WORD…`). Default: the index's own choice.",
)
@click.option(
    "--on-duplicate",
    type=click.Choice(choices.ON_DUPLICATE),
    default="replace",
    show_default=True,
    help="A document whose id is already indexed with other content: replace the "
    "indexed version, keep both, or report it and skip it.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Read and embed on Ray: a new local instance, or the cluster at ADDRESS "
    "(host:port, ray://host:port, auto). The index is the one a local run makes. "
    "Needs the cluster extra.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="With --ray: embedder actors, each with its own copy of the model (default 1).",
)
@click.option(
    "--cpus-per-worker",
    type=FiniteFloatRange(min=0, min_open=True),
    help="With --ray: CPUs each actor asks for, and its torch threads (default 1).",
)
@click.pass_obj
def index(
    session: Session,
    paths: tuple[Path, ...],
    fmt: str | None,
    layers: tuple[int, ...] | None,
    pooling: str | None,
    all_tokens: bool,
    lang: str,
    tagger: str | None,
    parse: bool,
    max_file_size: float,
    vectors: str | None,
    vectors_for: str | None,
    on_duplicate: str,
    progress: bool | None,
    ray_address: str | None,
    workers: int | None,
    cpus_per_worker: float | None,
    **encoder: str | None,
) -> None:
    """Index files or folders (txt, jsonl, conllu, vrt, Raganato *.data.xml).

    Files and documents already in the index are skipped, so an interrupted run can be
    re-run to finish. A document indexed again with new content replaces its old version
    (labels set by hand follow the sentences that did not change). Bad files are
    reported, skipped, and make the exit status 1.

    With --ray, Ray Data reads the files and --workers actors embed them; this process
    commits the batches in file order, so the index is the same as without --ray.
    """
    ray_address, paths = _split_ray(ray_address, paths)
    if not paths:
        raise click.UsageError("Missing argument 'PATHS...'.")
    if ray_address is None and (workers or cpus_per_worker):
        raise click.UsageError("--workers and --cpus-per-worker go with --ray")
    # SIGTERM (a job killed, a timeout) unwinds as Ctrl-C does: the batch being written
    # is rolled back with its files (the token segments of a text stored in pieces were
    # left on disk, counted by info until the next run).
    with exiting_on(signal.SIGTERM), _saying_what_an_interruption_kept():
        report = api.add(
            session.index_dir,
            list(paths),
            db=session.db,
            layers=layers,
            pooling=pooling,
            vectors=vectors,
            vectors_for=vectors_for,
            format=fmt,
            all_tokens=all_tokens,
            lang=lang,
            tagger=tagger,
            parse=parse,
            progress=progress,
            max_file_mb=max_file_size,
            on_duplicate=on_duplicate,
            on_error=_print_error,
            ray=ray_address,
            workers=workers or 1,
            cpus_per_worker=cpus_per_worker or 1.0,
            **encoder,
        )
    replaced = report.documents_replaced
    withdrawn = len(report.documents_withdrawn)
    repeated = len(report.documents_repeated)
    retired = report.documents_retired
    # A file with bad records is not done ("indexed 0 file(s)" beside its documents).
    partial = (
        f"; {report.files_partial} in part: bad records skipped, read again by the next run"
        if report.files_partial
        else ""
    )
    click.echo(
        f"indexed {report.files_indexed} file(s) ({report.files_skipped} unchanged, skipped"
        f"{partial}): "
        f"{report.documents:,} documents ({report.documents_skipped:,} already indexed"
        f"{f', {replaced:,} replacing older versions' if replaced else ''}"
        f"{f', {repeated:,} given again in this run: indexed once' if repeated else ''}"
        f"{f', {retired:,} removed: no longer in their file' if retired else ''}"
        f"{f', {withdrawn:,} {WITHDRAWN}' if withdrawn else ''}), "
        # "occurrences" alone read as the word tokens found ("0 occurrences" of a
        # text-only index, whose every token is searchable).
        f"{report.tokens:,} tokens, {report.occurrences:,} occurrences with sense vectors in "
        f"{report.seconds:.1f} s ({report.tokens_per_second:,.0f} tokens/s)",
        err=True,
    )
    if report.without_vectors:
        click.echo(
            f"note: {report.without_vectors:,} tokens of {len(report.lemmas_without_vectors):,} "
            "lemmas without vectors got none: on an index with "
            "vectors for chosen words, new documents get them for the words that have them; "
            "`sensegrep vectors add WORD…` (or --all) gives others theirs",
            err=True,
        )
    if report.files_keys:
        shown = ", ".join(f"{key} (of {data})" for key, data in report.files_keys[:5])
        more = f" and {len(report.files_keys) - 5} more" if len(report.files_keys) > 5 else ""
        click.echo(
            "note: not indexed as text, a Raganato gold key file read with the data file "
            f"beside it: {shown}{more}",
            err=True,
        )
    if report.files_forced:
        click.echo(
            f"note: read as --format {fmt} though the first lines show another format: "
            f"{_listed(report.files_forced)}",
            err=True,
        )
    if report.files_detected:
        click.echo(
            f"note: format told by the first lines: {_listed(report.files_detected)}", err=True
        )
    if report.files_renamed:
        click.echo(
            "note: given by another path than when it was indexed, so read under its name then "
            f"(its documents keep their ids): {_as_named(report.files_renamed)}",
            err=True,
        )
    if report.files_copies:
        shown = _first_five(f"{name} (as {other})" for name, other in report.files_copies)
        click.echo(
            "note: not indexed, the same content as a file already in the index (one file "
            "of each content is kept, under its first name; give a copy other content to "
            f"index it too): {shown}",
            err=True,
        )
    if report.files_gone:
        shown = _first_five(report.files_gone)
        first = report.files_gone[0]
        click.echo(
            "note: indexed before from a folder given, no longer in it, so their documents "
            f"are still in the index and its totals: {shown} (`sensegrep remove --source "
            f"{first}` takes a file's documents out)",
            err=True,
        )
    if report.files_replacing:
        shown = _first_five(
            f"{given} as {name} (indexed from {other})"
            for given, name, other in report.files_replacing
        )
        click.echo(
            "note: read as the new version of a file of the same name indexed from another "
            "place, whose documents it replaced: "
            f"{shown}; if it is another file, `sensegrep remove --source NAME` and index "
            "the folder that holds both, so that their names differ",
            err=True,
        )
    for name, earlier in report.files_maybe_indexed[:5]:
        click.echo(
            f"note: {name} was indexed as a new file; {earlier}, indexed before sensegrep "
            "recorded where files lie, may be the same file: then its earlier documents are "
            f"still there (`sensegrep remove --source {earlier}` removes them)",
            err=True,
        )
    gone = report.labels_dropped - report.labels_overruled
    if gone:
        click.echo(
            f"note: {gone:,} label(s) set after indexing (by hand or "
            "classify --apply) went with the sentences the new versions changed or no "
            "longer have",
            err=True,
        )
    if report.labels_overruled:
        click.echo(
            f"note: {report.labels_overruled:,} label(s) set after indexing (by hand or "
            "classify --apply) gave way to the label the new version's file gives that "
            "occurrence, its sentence unchanged (`sensegrep label ID --as LABEL` sets one "
            "again)",
            err=True,
        )
    if report.documents_withdrawn:
        click.echo(
            "note: removed before by `sensegrep remove --doc`, left out: "
            f"{_as_withdrawn(report.documents_withdrawn)} (unchanged in their file; "
            "`sensegrep remove --source FILE` then `index` takes a file whole again)",
            err=True,
        )
    if report.documents_repeated:
        shown = _first_five(
            f"{doc_id} ({name}:{line})" if line is not None else f"{doc_id} ({name})"
            for doc_id, name, line in report.documents_repeated
        )
        click.echo(
            "note: documents given again in this run with the same id and content, indexed "
            f"once (their tokens counted once): {shown} (to count each copy, give it an id "
            "of its own)",
            err=True,
        )
    if report.documents_from_other_files:
        shown = _first_five(
            f"{doc_id} ({name}, replacing the version from {other})"
            for doc_id, name, other in report.documents_from_other_files
        )
        click.echo(
            "note: documents indexed from another file before, whose id this run's file "
            f"gives too, replaced by its version: {shown} (if they are other documents, give "
            "them distinct ids, or use --on-duplicate keep)",
            err=True,
        )
    if report.documents_kept_unverified:
        shown = _first_five(
            f"{name} ({count:,})" for name, count in report.documents_kept_unverified.items()
        )
        click.echo(
            "note: documents indexed before their annotation counted as part of them (an "
            "index built by an older sensegrep), their id, text and metadata unchanged, were "
            "kept as indexed: a correction to their lemmas, tags, heads or labels alone is "
            f"not taken: {shown} (`sensegrep remove --source FILE`, then `index` it, takes "
            "the file's annotation; labels set by hand on it go)",
            err=True,
        )
    _read_again_note(report)
    if report.encoder_note:
        click.echo(f"note: {report.encoder_note}", err=True)
    if report.parse_note:
        click.echo(f"note: {report.parse_note}", err=True)
    if report.lang_note:
        click.echo(f"note: {report.lang_note}", err=True)
    if report.tagger_note:
        click.echo(f"note: {report.tagger_note}", err=True)
    if report.files_kept_in_language:
        shown = _first_five(
            f"{name} ({', '.join(langs)})" for name, langs in report.files_kept_in_language
        )
        click.echo(
            f"note: files and documents skipped as unchanged keep the language their text "
            f"was analysed in, not --lang {lang}: {shown}; to analyse one as {lang}, remove it "
            "(`sensegrep remove --source FILE`) and index it again",
            err=True,
        )
    if report.files_unread:
        shown = _first_five(
            f"{name} ({', '.join(f'# {key} = …' for key in keys[:3])}"
            f"{' …' if len(keys) > 3 else ''})"
            for name, keys in report.files_unread
        )
        click.echo(
            "note: comments read as no document metadata (CoNLL-U metadata is read from "
            "# newdoc KEY = VALUE and # meta::KEY = VALUE; write them so to filter by "
            f"them): {shown}",
            err=True,
        )
    if report.files_unread_structures:
        shown = _first_five(
            f"{name} ({', '.join(tags[:4])}{' …' if len(tags) > 4 else ''})"
            for name, tags in report.files_unread_structures
        )
        click.echo(
            "note: attributes of VRT structures other than <text> are not read as document "
            "metadata, and within s is the only structure a pattern takes (put an attribute "
            f"on <text> to filter by it): {shown}",
            err=True,
        )
    if report.files_outside_text:
        shown = _first_five(
            f"{name} ({', '.join(ids[:3])}{' …' if len(ids) > 3 else ''})"
            for name, ids in report.files_outside_text
        )
        click.echo(
            "note: VRT tokens outside any <text> (after a </text>, or before the first "
            "<text>) were indexed as documents of their own, with no metadata, so a --where "
            f"on <text> attributes leaves them out: {shown}",
            err=True,
        )
    if report.files_spaced_lines:
        shown = _first_five(
            f"{name} ({len(lines):,}: line{'s' if len(lines) > 1 else ''} "
            f"{', '.join(lines[:3])}{' …' if len(lines) > 3 else ''})"
            for name, lines in report.files_spaced_lines
        )
        click.echo(
            "note: VRT token lines without a tab that hold spaces were each read as one word, "
            "without a tag or lemma (VRT columns are separated by tabs; a line that is one "
            f"word of several, New York, is read as it should be): {shown}",
            err=True,
        )
    if report.files_multiword:
        shown = _first_five(
            f"{name} ({count:,}: {', '.join(examples)}{' …' if count > len(examples) else ''})"
            for name, count, examples in report.files_multiword
        )
        click.echo(
            "note: CoNLL-U multiword tokens were read as their syntactic words, which the "
            'text, KWIC lines, exports and [word="…"] show and count instead of the form '
            f"written, which a search of that form names in a note: {shown}",
            err=True,
        )
    if report.files_without_lemmas:
        shown = _first_five(
            f"{name} ({missing:,} of {tokens:,} tokens)"
            for name, missing, tokens in report.files_without_lemmas
        )
        click.echo(
            "note: tokens without a lemma in the file took their form as their lemma (a "
            "CoNLL-U LEMMA _, a VRT line without its lemma or with <unknown>, a Raganato "
            "<wf> without lemma=), so a search by lemma, [lemma=…] and the statistics by "
            f"lemma take them as written (banks apart from bank): {shown}",
            err=True,
        )
    if report.files_columns_swapped:
        shown = _first_five(
            f"{name} ({same:,} of {tokens:,} tokens)"
            for name, same, tokens in report.files_columns_swapped
        )
        click.echo(
            "note: the second column of these VRT files, read as the POS tag, is often the "
            "word itself, as a lemma is: sensegrep reads a VRT token line as word, POS, "
            "lemma (a CWB corpus may declare another order); put the columns in that order, "
            "a file of word and lemma alone as word, _, lemma (awk -F'\\t' -v OFS='\\t' "
            "'NF==2{print $1,\"_\",$2;next} NF>2{t=$2;$2=$3;$3=t}1' IN > OUT) and index "
            f"it again: {shown}",
            err=True,
        )
    if report.files_unknown_tags:
        shown = _first_five(
            f"{name} ({unknown:,} of {tokens:,} tokens: {', '.join(tags[:5])}"
            f"{' …' if len(tags) > 5 else ''})"
            for name, unknown, tokens, tags in report.files_unknown_tags
        )
        click.echo(
            "note: POS tags of no tag set sensegrep maps to Universal POS (UPOS, Penn, "
            "TreeTagger's English, German STTS, French TreeTagger's) were read as the "
            "part of speech X, which --pos, [pos=…] and freq --by pos see (a VRT file's "
            'tag is kept as written as the token\'s fine tag, which [tag="…"] matches; a '
            "CoNLL-U UPOS column's is not kept, its XPOS being the fine tag); with "
            "vectors, X tokens get none "
            f"(--all-tokens gives every token one): {shown}",
            err=True,
        )
    if report.files_without_keys:
        shown = _first_five(f"{name} (no {key})" for name, key in report.files_without_keys)
        click.echo(
            "note: no gold key file beside these Raganato files, so their instances were "
            f"indexed without sense labels: {shown}",
            err=True,
        )
    # (English is tagged by spaCy unless --tagger none: the notes said "tagged" then too)
    tagged = " and tagged" if lang == "en" and tagger != "none" else ""
    if report.files_other_script:
        _other_script_notes(report.files_other_script, lang, tagged)
    # Vietnamese in syllables has a note of its own saying what to do: --lang vi, which
    # this one asked for, is refused (simplemma has no Vietnamese)
    syllabic = {name for name, _syllable in report.files_syllables}
    other_language = [f for f in report.files_other_language if f[0] not in syllabic]
    if other_language:
        shown = _first_five(
            f"{name} ({share:.0%} {lang}{f', most {guess}' if guess else ''})"
            for name, share, guess in other_language
        )
        click.echo(
            f"note: text whose words are mostly no {lang} words was tokenised, "
            f"lemmatised{tagged} as {lang} (--lang): give "
            f"its language with --lang (into a new --index), or index it tokenised "
            f"(CoNLL-U or VRT): {shown}",
            err=True,
        )
    if report.files_few_words_known:
        shown = _first_five(
            f"{name} ({share:.0%} {lang})" for name, share in report.files_few_words_known
        )
        click.echo(
            f"note: simplemma's {lang} dictionary, which lemmatised the text of these "
            f"files (--lang {lang}), knows under half of its words: the others keep "
            "themselves as lemma, "
            "so a search by lemma and freq take each of their forms apart; if it is no "
            f"{lang} text, give its language with --lang (into a new --index), or index it "
            f"tokenised (CoNLL-U or VRT): {shown}",
            err=True,
        )
    if report.files_unspaced:
        shown = _first_five(f"{name} ({phrase[:12]!r})" for name, phrase in report.files_unspaced)
        click.echo(
            "note: text written without spaces between words (Chinese, Japanese, Thai…) is "
            "cut only at spaces and punctuation, so its tokens are phrases: a word inside "
            'one is no token (search finds it only as a regex, [word=".*WORD.*"]) and '
            "counts and per-million figures are of phrases; give it with a space between "
            "words, or already tokenised "
            f"(CoNLL-U or VRT): {shown}",
            err=True,
        )
    if report.files_syllables:
        shown = _first_five(f"{name} ({syllable!r})" for name, syllable in report.files_syllables)
        click.echo(
            "note: Vietnamese text writes a space between syllables, not words, so its "
            "tokens are syllables: a word of several (học sinh) is several tokens, which "
            'search finds as a phrase ("học sinh"), and freq, collocates, counts and '
            "per-million figures are of syllables, not words (simplemma has no Vietnamese, "
            "--lang vi); give it segmented into words, as CoNLL-U or VRT (one word a "
            f"line, its syllables parted by a space): {shown}",
            err=True,
        )
    if report.files_markup:
        shown = _first_five(f"{name} ({found!r})" for name, found in report.files_markup)
        click.echo(
            "note: text holding HTML or XML markup was read as written, its tags and "
            "entities in its tokens and counts (a word written against an entity, "
            "bank&nbsp;was, is no token of its own, which no search of the word finds); "
            f"take the markup out first: {shown}",
            err=True,
        )
    if report.files_ignored:
        shown = _first_five(report.files_ignored)
        click.echo(
            f"note: not indexed, unknown format (pass --format to force one; decompress a "
            f"compressed file first): {shown}",
            err=True,
        )
    if report.files_hidden:
        shown = _first_five(report.files_hidden)
        click.echo(
            "note: not indexed, hidden (a name or folder starting with '.', skipped in a "
            f"folder; name such a file on the command line to index it): {shown}",
            err=True,
        )
    if report.errors:
        files = len({str(e.path) for e in report.errors})
        # Every file bad: "everything else was indexed" of nothing (0 documents).
        indexed = report.documents or report.documents_skipped or report.files_skipped
        rest = "everything else was indexed" if indexed else "nothing was indexed"
        raise click.ClickException(
            f"{len(report.errors)} problem(s) in {files} file(s), listed above; {rest}"
        )


# What --ray's optional value can be; any other word after it is a path (click takes
# the word after an option with an optional value as that value).
_RAY_ADDRESS = re.compile(r"auto|local|(ray://)?([\w.-]+|\[[0-9A-Fa-f:]+\]):\d+")


@contextmanager
def _saying_what_an_interruption_kept() -> Iterator[None]:
    """Ctrl-C or SIGTERM during a run: say what the index kept and how to go on (it
    printed only "Aborted!", which read as if the whole run was lost or half-written)."""
    try:
        yield
    except KeyboardInterrupt as stop:
        _say_stopped(stop)
        raise SystemExit(130) from None
    except SystemExit as stop:
        if stop.code == 128 + signal.SIGTERM:
            _say_stopped(stop)
        raise


def _say_stopped(stop: BaseException) -> None:
    """What a stopped run kept, and what the run added to the stop: how the index's
    queries are read now that it holds the text kept (the run that goes on cannot say)."""
    click.echo(INTERRUPTED, err=True)
    for note in getattr(stop, "__notes__", ()):
        click.echo(f"note: {note}", err=True)


INTERRUPTED = (
    "index stopped: the batches committed before stay in the index and the one being "
    "written was rolled back; run the same command again to go on (what is indexed "
    "already is skipped)"
)


def _split_ray(value: str | None, paths: tuple[Path, ...]) -> tuple[str | None, tuple[Path, ...]]:
    """(--ray's address, the paths), with `--ray FILE` read as `--ray` and a path. A word
    that is neither is refused: `--ray 127.0.0.1` (no port) was read as `--ray` and a
    missing file, and the run went on a new local Ray instance, not the cluster."""
    if value is None or (_RAY_ADDRESS.fullmatch(value) and not Path(value).exists()):
        return value, paths
    if not Path(value).exists():
        raise click.BadParameter(
            f"{value!r} is neither a Ray address nor a file or folder: give the cluster's "
            "address with its port, HOST:PORT or ray://HOST:PORT (`ray start --head` "
            "prints it; 6379 by default), or auto",
            param_hint="'--ray'",
        )
    return "local", (Path(value), *paths)


def _other_script_notes(files: list[tuple[str, str]], lang: str, tagged: str) -> None:
    """The notes of text in another script than its --lang's: give its language with
    --lang where simplemma has a dictionary of that script's languages; Chinese,
    Japanese or Thai text, whose no --lang names (the note said to give it, which
    `--lang zh` refused), with --tagger none or tokenised (pass 37d)."""
    from sensegrep.api.indexing import lang_names_script

    done = f"was tokenised, lemmatised{tagged} as {lang}"
    named = _scripts_by_file([(n, s) for n, s in files if lang_names_script(s)])
    unnamed = _scripts_by_file([(n, s) for n, s in files if not lang_names_script(s)])
    if named:
        click.echo(
            f"note: text mostly in another script than the Latin letters of --lang {lang} "
            f"{done}: give its language with --lang (into a new --index), or index it "
            f"tokenised (CoNLL-U or VRT): {_first_five(f'{n} ({s})' for n, s in named)}",
            err=True,
        )
    if unnamed:
        untagged = ", with --tagger none (no POS)" if tagged else ""
        click.echo(
            f"note: text mostly in another script than the Latin letters of --lang {lang} "
            f"{done}, and no --lang names its language (simplemma, which lemmatises "
            f"plain text, has no dictionary of it), so each word is its own lemma: index "
            f"it into a new --index (Chinese, Japanese or Thai with a space between "
            f"words){untagged}, or tokenised (CoNLL-U or VRT): "
            f"{_first_five(f'{n} ({s})' for n, s in unnamed)}",
            err=True,
        )


def _scripts_by_file(files: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each file once, with its scripts: a JSONL of records in several is one item,
    `mixed.jsonl (Arabic, Greek, Cyrillic)`."""
    scripts: dict[str, list[str]] = {}
    for name, script in files:
        scripts.setdefault(name, []).append(script)
    return [(name, ", ".join(found)) for name, found in scripts.items()]


def _first_five(items: Iterable[str]) -> str:
    """The first five items, comma-separated, then how many more there are."""
    every = list(items)
    more = f" and {len(every) - 5} more" if len(every) > 5 else ""
    return ", ".join(every[:5]) + more


def _listed(detected: list[tuple[str, str]]) -> str:
    return _first_five(f"{name} ({fmt})" for name, fmt in detected)


def _as_named(renamed: list[tuple[str, str]]) -> str:
    return _first_five(f"{given} as {kept}" for given, kept in renamed)


# Documents a file read again still holds that were removed by id (IndexReport).
WITHDRAWN = "left out as removed by `sensegrep remove --doc`"


def _as_withdrawn(withdrawn: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{doc} ({source})" for doc, source in withdrawn[:5])
    return shown + (f" and {len(withdrawn) - 5} more" if len(withdrawn) > 5 else "")


def _print_error(error: InputError) -> None:
    # Through tqdm, which takes the progress bar off its line first: echoed, the message
    # went on from the bar's text ("… 2.24kB/s]error: a.txt: …").
    from tqdm import tqdm

    tqdm.write(f"error: {error}", file=sys.stderr)


def _one_value_each(docs: tuple[str, ...], sources: tuple[str, ...], extra: tuple[str, ...]) -> str:
    """Why ``remove --doc d1 d2`` is refused, with the command line that removes both."""
    unexpected = " ".join(map(shlex.quote, extra))
    if docs and sources:  # which flag the values followed, click does not say
        return (
            "--doc and --source take one value each; give the flag again before each "
            f"of: {unexpected}"
        )
    if not docs and not sources:
        again = " ".join(f"--doc {shlex.quote(value)}" for value in extra)
        return f"give each document id after --doc ({again}), or a file after --source"
    flag, given = ("--source", sources) if sources else ("--doc", docs)
    again = " ".join(f"{flag} {shlex.quote(value)}" for value in (*given, *extra))
    return f"{flag} takes one value; give it again before each: {again}"


@click.command()
@click.option("--doc", "docs", multiple=True, help="A document id to remove (repeatable).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    help="Remove every document indexed from this file, named as it was indexed "
    "(repeatable); the file can then be indexed again.",
)
@click.argument("extra", nargs=-1, metavar="")
@click.pass_obj
def remove(
    session: Session, docs: tuple[str, ...], sources: tuple[str, ...], extra: tuple[str, ...]
) -> None:
    """Remove documents: their occurrences leave search, senses, labels, export and info
    at once; their vectors' space is reclaimed when most stored vectors are dead."""
    if extra:  # `--doc d1 d2` (as the README's heading, --doc ID…, reads): click said only
        # "unexpected extra argument (d2)", and nothing was removed
        raise click.UsageError(_one_value_each(docs, sources, extra))
    if not docs and not sources:
        raise click.UsageError("give --doc ID or --source FILE (both repeatable)")
    removal = session.index().remove(docs=docs, sources=sources)
    for doc in removal.unknown_docs:
        click.echo(f"error: no document with id {doc!r} in {session.index_dir}", err=True)
    for source in removal.unknown_sources:
        name = removal.indexed_as.get(source)
        named = (
            f": that file was indexed as {name!r} (--source {shlex.quote(name)})" if name else ""
        )
        click.echo(f"error: no file indexed as {source!r} in {session.index_dir}{named}", err=True)
    labelled = (
        f"; {removal.labels:,} label(s) set by hand or classify --apply went with them"
        if removal.labels
        else ""
    )
    click.echo(
        f"removed {removal.documents:,} document(s), {removal.tokens:,} tokens, "
        f"{removal.occurrences:,} occurrences with sense vectors{labelled}",
        err=True,
    )
    if removal.reading is not None:
        before, now = removal.reading
        click.echo(
            f"note: no {', '.join(removal.languages_gone)} text is left in this index, so its "
            f"queries' words are read as {now} from now on, no longer as {before}",
            err=True,
        )
    unknown = len(removal.unknown_docs) + len(removal.unknown_sources)
    if unknown:
        raise click.ClickException(f"{unknown} of the given ids and files were not in the index")


@click.command()
@click.pass_obj
def compact(session: Session) -> None:
    """Rewrite the index at its smallest: every vector shard merged into one without the
    rows of removed documents, and the database without their space."""
    before = session.index().info()["disk_bytes"]
    session.index().compact()
    stats = session.index().info()
    after, kept = stats["disk_bytes"], stats.get("retired_bytes", 0)
    # The merged shards still on disk are counted, and said: readers opened before keep them.
    waiting = f", {kept:,} of them merged shards kept until open readers close" if kept else ""
    click.echo(f"compacted {session.index_dir}: {before:,} → {after:,} bytes{waiting}", err=True)


COMMANDS = [index, remove, compact]


def _read_again_note(report: Any) -> None:  # an indexer IndexReport, as api.add gives it
    """Say which files an index made before their digest's marks had unchanged were read
    again, and which documents of them were replaced by their new reading: counted as
    "indexed" and "replacing older versions" alone, it read as files that had changed."""
    parts = []
    if report.files_read_again:
        shown = _first_five(report.files_read_again)
        parts.append(f"files read again though unchanged since indexed: {shown}")
    if report.documents_lone_cr:
        shown = _first_five(f"{name} ({n:,})" for name, n in report.documents_lone_cr.items())
        parts.append(
            f"documents replaced by their new reading, their id, text and metadata unchanged: "
            f"{shown} (their occurrences have new ids: a label set by hand follows its "
            "sentence when unchanged, and a file exported before names the old ids: export "
            "again)"
        )
    if parts:
        click.echo(
            "note: an index made before line ends in a lone CR and XML comments over several "
            "lines were marked cannot tell how it read them (an older sensegrep may have read "
            f"them otherwise), so these were read again: {'; '.join(parts)}",
            err=True,
        )
