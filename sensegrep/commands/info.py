"""``sensegrep info`` and ``check``: what an index holds, and whether it is sound."""

from __future__ import annotations

import json
from typing import Any

import click

from sensegrep import api
from sensegrep.session import Session


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def info(session: Session, as_json: bool) -> None:
    """What an index holds: documents, tokens, occurrences, lemmas, model, size on disk."""
    stats = session.index().info()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    metadata = stats.pop("metadata", {})
    if stats.get("vectors_for") == "none":  # no encoder, no vectors: those rows say nothing
        for key in ENCODER_ROWS:
            stats.pop(key, None)
        stats["model"] = "none (a text-only index: `sensegrep vectors add WORD` gives vectors)"
    if stats.get("vectors_for") == "chosen":  # the whole index over a few words' vectors
        stats.pop("bytes_per_occurrence", None)  # says nothing: bytes per token does
    if stats.pop("vectors_stored", None):  # a codec not trained yet stores them f16
        stats["vectors"] = (
            f"{stats['vectors']} (not trained yet: the vectors are stored f16 until "
            f"{stats.pop('vectors_train_min'):,} or more written at once, a batch or a "
            "compaction, train it)"
        )
    if not stats.get("retired_bytes"):  # no merged shard is kept for a reader: say nothing
        stats.pop("retired_bytes", None)
    if stats.get("files_in_part"):
        stats["files_in_part"] = (
            f"{stats['files_in_part']:,} (read again by the next `index` of them: a bad "
            "record skipped, or an interrupted run; their documents so far are counted)"
        )
    else:
        stats.pop("files_in_part", None)
    stats = {key: value for key, value in stats.items() if value is not None}
    width = max(len(k) for k in stats)
    for key, value in stats.items():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        shown = f"{value:,}" if number else value  # 5,080.7 bytes per token, as 203,229
        if key == "database":  # an index whose metadata is on a PostgreSQL server
            shown = f"schema {value['schema']} at {value['url']}"
        if key == "pos_tag_sets":  # POS mapped to UPOS from a coarser tag set
            shown = _tag_sets(value)
        if key == "any_word_search":  # how --any-word and neighbours find the nearest
            shown = _any_word(value)
        if key == "unspaced_phrases":  # beside "tokens": some are phrases, not words
            shown = (
                f"{value:,} distinct word "
                f"{'form is a phrase' if value == 1 else 'forms are phrases'}"
                " of text written without spaces "
                "between words (Chinese, Japanese, Thai…), cut only at spaces and "
                "punctuation: the tokens count each as one"
            )
        if key == "occurrences":  # beside "tokens", a count of what? (new users asked)
            shown = f"{value:,} (tokens with a sense vector)"
        click.echo(f"{key.replace('_', ' '):<{width}}  {shown}")
    _print_fields(metadata, width)


def _any_word(covered: dict[str, int]) -> str:
    """How a search across words finds its nearest: exactly, or (once the index has an
    approximate file) through the file for the occurrences it holds."""
    if not covered["approximate"]:
        return f"exact: every one of the {covered['exact']:,} occurrences scored"
    newer = covered["exact"]
    newer = f"; the other {newer:,} (given vectors since it was built) exactly" if newer else ""
    return (
        f"approximate for {covered['approximate']:,} occurrences (an IVF-PQ file: the "
        f"{covered['probes']:,} (or more) of its {covered['lists']:,} lists nearest a query, then "
        f"re-scored exactly; it may miss some of the exact nearest){newer}"
    )


def _tag_sets(tag_sets: dict[str, dict[str, Any]]) -> str:
    """The documents whose POS were mapped to UPOS from a coarser tag set, and what
    each lacks: ``Penn tags (AUX for modals alone, no SCONJ): 2 documents, 25 tokens…``."""
    return "; ".join(
        f"{counted['name']} ({counted['lacking']}): "
        f"{counted['documents']:,} document{'' if counted['documents'] == 1 else 's'}, "
        f"{counted['tokens']:,} tokens, mapped to UPOS"
        for counted in tag_sets.values()
    )


# What `info` shows of an index's encoder and vectors, left out for a text-only one.
ENCODER_ROWS = (
    "model", "layers", "pooling", "projection", "adapter", "precision", "runtime", "dim",
    "vectors", "vector_bytes", "bytes_per_occurrence", "occurrences", "shards",
)  # fmt: skip


def _print_fields(metadata: dict[str, dict[str, Any]], width: int) -> None:
    """The metadata fields, one line each: type, documents, values."""
    from sensegrep.output import value_shown

    click.echo(f"{'metadata fields':<{width}}  {len(metadata) or 'none'}")
    for name, field in metadata.items():
        distinct = f"{field['distinct']:,}" + ("+" if field.get("distinct_capped") else "")
        span = f" {field['min']}..{field['max']}" if "min" in field else ""
        if field.get("not_numbers"):  # a field of years with an 'n.d.' or a 'c. 1952'
            others = ", ".join(map(repr, field["not_numbers"]))
            span += f" as numbers, and {others}"
        # '' and ' news' quoted, and 'Press, the', which the list's commas would cut
        shown = [value_shown(value) for value in field["values"]]
        values = ", ".join(f"'{v}'" if "," in v and v[0] != "'" else v for v in shown)
        more = " …" if field["distinct"] > len(field["values"]) else ""
        docs = f"{field['documents']:,} document{'' if field['documents'] == 1 else 's'}"
        kinds = f"{distinct} value{'' if distinct == '1' else 's'}"
        click.echo(
            f"  {name:<{width - 2}}  {field['type']}{span}, {docs}, {kinds}, "
            f"commonest: {values}{more}"
        )


@click.command()
@click.pass_obj
def check(session: Session) -> None:
    """Verify an index: SQLite integrity, every vector shard readable with the expected
    number of rows, occurrences and lemma runs consistent. Lists what to index again."""
    with api.open(session.index_dir, db=session.db) as index:
        problems = index.check()
        stats = index.info()
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {session.index_dir}")
    click.echo(
        f"ok: {session.index_dir}: {stats['documents']:,} documents, "
        f"{stats['occurrences']:,} occurrences in {stats['shards']:,} shard(s)"
    )


COMMANDS = [info, check]
