"""Every closed list of choices a user can name, declared once. The CLI's click choices,
the web app's validation, the request definition (sensegrep/request.py) and the code
that implements each choice all read them from here, so a new codec or format is one
edit here plus its implementation; and the few values the front ends must show alike
(--any-word's default k, each sense's colour, "punctuation skipped"). A leaf module: it
imports nothing (the standard library's colorsys, when a colour is asked for, and
difflib, to read a `--vectors-for` that names words), so a front end can read it
without loading numpy, FAISS or torch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

# How a ranked search scores its hits (search/centring.py): centred on the word's mean
# (the default since issue 25) or the plain cosine of before.
SEARCH_SCORINGS = ("centred", "cosine")
# How stored vectors are encoded (storage/vectors.py implements each).
VECTOR_CODECS = ("f16", "sq8", "sq4", "pq")
DEFAULT_VECTOR_CODEC = "sq4"
# Which tokens `index --vectors-for` embeds: all (the content words, as always) or none
# (a text-only index: concordances, CQL, counts and labels, no encoder loaded).
VECTORS_FOR = ("all", "none")
# Input formats the indexer reads (indexer/readers/ implements each).
INPUT_FORMATS = ("txt", "jsonl", "conllu", "vrt", "raganato")
# What tokenises and tags plain text and JSONL (`index --tagger`, sensegrep/tagger.py).
TAGGERS = ("spacy", "none")
# What `index --on-duplicate` does with a document id indexed with other content.
ON_DUPLICATE = ("replace", "keep", "error")
# Number formats an encoder runs in, and how its layers combine.
PRECISIONS = ("fp32", "bf16", "int8")
# What runs the encoder's network (embedder/transformer.py, embedder/onnx_encoder.py);
# recorded in an index like the precision.
RUNTIMES = ("torch", "onnx")
# Where it runs (the global --device; embedder/device.py): auto = a GPU when present.
DEVICES = ("auto", "cpu", "cuda", "mps")
POOLINGS = ("mean", "scalar_mix")
# Concordance output (output.py), and what the web API's /api/search answers in.
OUTPUT_FORMATS = ("kwic", "jsonl", "csv", "tsv")
WEB_FORMATS = ("json", "jsonl", "csv")
# Plain listings (senses, labels, neighbours, compare).
LISTING_FORMATS = ("text", "jsonl")
# A statistic's table (freq, collocates, keywords …).
TABLE_FORMATS = ("text", "tsv", "csv", "jsonl")
# Association measures of `collocates` (stats/collocates.py), and what its rows count.
COLLOCATION_MEASURES = ("logdice", "mi", "mi3", "t", "z", "ll", "dice", "logratio", "freq")
COLLOCATE_ITEMS = ("lemma", "form", "lemma_pos")
# The nearest usages --any-word (any_word) gives without -k (k): it has no total to page.
DEFAULT_ANY_WORD_K = 20

# The order of concordance lines (search/arrange.py: sort_hits).
# quality: example quality, best first (stats/examples.py; scored by the API).
SORT_KEYS = ("score", "doc", "left1", "left2", "right1", "right2", "node", "quality")
# The words beside the node, which --ignore-punct reads skipping punctuation.
NEIGHBOUR_KEYS = ("left1", "left2", "right1", "right2")
# What --count tabulates besides any document metadata field (search/arrange.py).
COUNT_KEYS = (
    "form", "node", "lemma", "left1", "left2", "right1", "right2", "doc", "sense", "label"
)  # fmt: skip
# Annotation tools export writes for (export/formats.py implements each).
EXPORT_FORMATS = ("prodigy", "doccano", "conllu", "webanno", "csv")
# What `import` reads labels back from: those, and search's output (--format tsv or
# jsonl; its csv is the csv above) with a label filled in (sensegrep/detect.py tells
# them apart).
IMPORT_FORMATS = (*EXPORT_FORMATS, "tsv", "jsonl")
# How balanced exports and sense tables group occurrences.
GROUPINGS = ("sense", "label")

# How `eval wsd` and `classify FILE` choose a sense: k-NN over labelled occurrences, or
# the nearest WordNet sense vector (labels/sense_vectors.py) made at each level of
# propagation, from glosses alone, or both (LMMS).
WSD_METHODS = ("knn", "centroids", "synset", "hypernym", "propagated", "glosses", "lmms")


# Each induced sense's colour (0-based) on the web pages and in `plot`'s PNG, so that
# sense 3 is one colour in both (the PNG took matplotlib's older tab10, whose third is
# green, beside the pages' red): Tableau 10, distinct hues that stay apart for the common
# kinds of colour blindness, then hues a golden angle apart (PALETTE[i % 10] gave sense
# 11 sense 1's colour: issue 23). web/static/common.js's senseColour is the same.
SENSE_PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
SENSE_HSL = (60, 45)  # saturation and lightness (%) of the colours past the palette


def sense_colour(index: int) -> str:
    """The colour of the sense at 0-based ``index``, as CSS: ``#4e79a7``, ``hsl(…)``."""
    if index < len(SENSE_PALETTE):
        return SENSE_PALETTE[index]
    saturation, lightness = SENSE_HSL
    return f"hsl({index * 137.508 % 360:.0f}, {saturation}%, {lightness}%)"


def sense_rgb(index: int) -> tuple[float, float, float]:
    """:func:`sense_colour` as red, green and blue from 0 to 1 (matplotlib's colours)."""
    import colorsys

    if index < len(SENSE_PALETTE):
        code = SENSE_PALETTE[index]
        return tuple(int(code[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    hue = round(index * 137.508 % 360)
    saturation, lightness = SENSE_HSL
    return colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)


def chosen_words(value: Any, choices: Sequence[str]) -> list[str]:
    """The words a ``vectors_for`` value that is no choice names (``bank,spring``), or
    none where it reads as a choice mistyped (``alll``) or is no text."""
    import difflib

    if not isinstance(value, str) or difflib.get_close_matches(value.lower(), choices, 1, 0.6):
        return []
    return value.replace(",", " ").split()


def punctuation_skipped(result: Any, keys: Sequence[str], bracketed: bool = False) -> str:
    """`` (punctuation skipped)`` after keys among which are the words beside the node,
    when ``ignore_punct`` read them so: "sorted by right1" alone read as the sort
    without it, whose first word after *bank,* is the comma (the web page's caption says
    it; a CLI header, a count's summary and a repr did not). ``bracketed``: said inside
    brackets already, as ``, punctuation skipped``."""
    if not getattr(result, "punctuation_skipped", False) or not set(keys) & set(NEIGHBOUR_KEYS):
        return ""
    return ", punctuation skipped" if bracketed else " (punctuation skipped)"
