"""Bringing an index's tables up to the current schema, on every open for writing.

An ordered list of steps, oldest first (the shape of simonw/llm's migrations): a change
to the schema of an existing index is a new step appended at the end. Unlike llm's,
the steps are not recorded in a table: each is written so that running it again changes
nothing (``create_all`` skips tables that exist, indexes are made ``IF NOT EXISTS``), so
every open for writing simply runs them all and the index's tables stay as they were
before this module existed. A read-only open never migrates: a read of an index that
lacks a newer lookup index is slower, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, inspect
from sqlalchemy.schema import Column, CreateIndex, Table

from sensegrep.storage import database, fields, schema

Migration = Callable[[Engine], None]
MIGRATIONS: list[Migration] = []


def migration(step: Migration) -> Migration:
    """Append ``step`` to MIGRATIONS (steps run in the order they are defined)."""
    MIGRATIONS.append(step)
    return step


@migration
def m001_tables(engine: Engine) -> None:
    """Every table of the schema (a new index's, or tables added since an index was made),
    with the indexes of the tables it makes."""
    schema.metadata.create_all(engine)


@migration
def m002_token_lookup_indexes(engine: Engine) -> None:
    """Indexes added to the tokens table after indexes were made (create_all makes those
    of new tables only)."""
    with engine.begin() as conn:
        for table_index in schema.tokens.indexes:
            conn.execute(CreateIndex(table_index, if_not_exists=True))


@migration
def m003_drop_pattern_indexes(engine: Engine) -> None:
    """The lookups of tokens without a vector (by lemma, by form): the token store's
    inverted lists answer them (its segments are built right after the migrations, by
    Index.open_for_writing), and they cost about 9 bytes a token."""
    with engine.begin() as conn:
        for name in ("ix_token_lemma", "ix_token_form"):
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


@migration
def m004_vectors_for_chosen_words(engine: Engine) -> None:
    """The tables of ``sensegrep vectors add``: which lemmas have their vectors, and
    which added occurrences the any-word ANN file does not hold yet."""
    for table in (schema.vector_lemmas, schema.ann_pending):
        table.create(engine, checkfirst=True)


@migration
def m005_sense_runs_kept(engine: Engine) -> None:
    """Sense runs kept under their ids (issue 23): the centroids that assign occurrences
    added later, which members were assigned so, and the pinned run of a word. Runs
    already stored stay as they were (their centroids are computed from their members
    when first needed). Also run before a sense run is stored through an index opened
    for reading (storage/senses.py), as the sense tables were always made on demand."""
    sense_tables = [schema.sense_runs, schema.sense_clusters, schema.sense_members]
    schema.metadata.create_all(engine, tables=[*sense_tables, schema.sense_pins])
    for table, column in (
        (schema.sense_runs, schema.sense_runs.c.centre),
        (schema.sense_runs, schema.sense_runs.c.centroids),
        (schema.sense_members, schema.sense_members.c.assigned),
    ):
        _add_column(engine, table, column)
    database.forget_tables(engine)


@migration
def m006_file_paths(engine: Engine) -> None:
    """Where each file indexed from now on lay (``files.path``): the same file given by
    another path keeps the name, hence the document ids, it got (issue 23). Files indexed
    before keep none until they are indexed again under their name."""
    _add_column(engine, schema.files, schema.files.c.path)
    with engine.begin() as conn:
        for table_index in schema.files.indexes:
            conn.execute(CreateIndex(table_index, if_not_exists=True))
    database.forget_tables(engine)


@migration
def m007_retired_files(engine: Engine) -> None:
    """The shard and ANN files a write superseded, kept while readers may use them (issue 26)."""
    schema.retired_files.create(engine, checkfirst=True)
    database.forget_tables(engine)


@migration
def m008_field_values_as_text(engine: Engine) -> None:
    """Metadata values in ``document_fields`` as fields.value_text writes them on both
    backends: SQLite wrote booleans as 1 and 0 (so ``--where translated=true`` matched
    nothing there), and each backend its own text of an array or object."""
    if not inspect(engine).has_table("document_fields"):
        return
    with engine.begin() as conn:
        fields.rewrite_values(conn)


@migration
def m009_whole_numbers_as_whole(engine: Engine) -> None:
    """Metadata whole numbers written with a fraction (1999.0) as fields.value_text now
    writes them (1999): ``--where year=1999`` missed them beside documents with 1999."""
    if not inspect(engine).has_table("document_fields"):
        return
    with engine.begin() as conn:
        fields.rewrite_whole_floats(conn)


@migration
def m010_pos_tag_sets(engine: Engine) -> None:
    """The tag set each document's POS were mapped from (``documents.pos_tags``), so that
    a POS filter says what it cannot see in a coarser one. Documents indexed before have
    none recorded."""
    _add_column(engine, schema.documents, schema.documents.c.pos_tags)
    database.forget_tables(engine)


@migration
def m011_document_languages(engine: Engine) -> None:
    """The language each document's text was analysed in (``documents.lang``), so that
    an index stops recording a language once its text is removed or replaced. Documents
    indexed before are marked as of a language not known: while one is left, the index
    keeps every language it recorded."""
    had = "lang" in {c["name"] for c in inspect(engine).get_columns(schema.documents.name)}
    _add_column(engine, schema.documents, schema.documents.c.lang)
    if not had:
        with engine.begin() as conn:
            conn.execute(schema.documents.update().values(lang=schema.UNKNOWN_LANGUAGE))
    database.forget_tables(engine)


@migration
def m012_empty_lists_as_no_value(engine: Engine) -> None:
    """Metadata fields holding an empty list, stored as a value "[]" before
    fields.value_text read one as no value: a count by the field put their documents
    under "[]", where a missing field's are under (none)."""
    if not inspect(engine).has_table("document_fields"):
        return
    with engine.begin() as conn:
        fields.forget_empty_lists(conn)


def _add_column(engine: Engine, table: Table, column: Column) -> None:  # type: ignore[type-arg]
    """``ALTER TABLE … ADD COLUMN`` unless the table has it (SQLite and PostgreSQL)."""
    if column.name in {c["name"] for c in inspect(engine).get_columns(table.name)}:
        return
    kind = column.type.compile(engine.dialect)
    default = "" if column.server_default is None else f" DEFAULT {column.server_default.arg}"
    null = "" if column.nullable else " NOT NULL"
    with engine.begin() as conn:
        sql = f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}{null}{default}"
        conn.exec_driver_sql(sql)


def migrate(engine: Engine) -> None:
    """Run every step, in order."""
    for step in MIGRATIONS:
        step(engine)
    database.forget_tables(engine)  # what has_table read before may lack the new tables
