"""The library API: what the CLI, the shell, the web app, notebooks, the benchmarks and
the evaluations are written against. This module is its face: each name lives in the
module of its job beside it (opening, indexing, index, results, querying, comparing,
labelling, senses, annotation, embedding, evaluation, training, vectors).

    import sensegrep

    with sensegrep.open("demo-index") as idx:
        hits = idx.search("bank", example="we sat on the [[bank]] of the river", k=5)
        hits.to_pandas()

Errors a user can act on are :class:`sensegrep.errors.SensegrepError` with a one-line
message. Importing the API loads no numpy, SQLAlchemy or torch: its modules import them
where they are needed.
"""

from __future__ import annotations

from sensegrep.api.annotation import LabelImport, annotation_text, format_of, import_labels
from sensegrep.api.comparing import Similarity, compare, compare_pairs, read_pairs
from sensegrep.api.embedding import (
    is_elmo,
    layer_encoder,
    load_encoder,
    prepare_model,
    use_device,
    write_layers,
)
from sensegrep.api.evaluation import (
    Evaluation,
    append_report,
    evaluate_retrieval,
    evaluate_wic,
    evaluate_wsd,
)
from sensegrep.api.index import MAX_CONTEXT_SENTENCES as MAX_CONTEXT_SENTENCES  # api.py had it
from sensegrep.api.index import SenseIndex
from sensegrep.api.indexing import add
from sensegrep.api.labelling import (
    BuiltSenseVectors,
    IndexLabel,
    LabelCounts,
    LabelFile,
    StoredLabels,
    apply_proposals,
    build_sense_vectors,
    classify_file,
    classify_settings,
    clean_label,
    hand_labels,
    index_labels,
    label_counts,
    label_from_file,
    least_confident,
    open_wordnet,
)
from sensegrep.api.opening import build, open
from sensegrep.api.querying import search_request
from sensegrep.api.results import (
    Counts,
    Hit,
    Hits,
    Neighbour,
    Neighbours,
    Sense,
    SenseRunInfo,
    Senses,
    Table,
    WordLabels,
)
from sensegrep.api.results import neighbours_of as neighbours_of  # api.py had it
from sensegrep.api.senses import SensePlot, no_sense_writes, plot_senses, sense_table
from sensegrep.api.training import LayersError, train_elmo, tune_projection
from sensegrep.api.vectors import add_vectors, vector_status
from sensegrep.deadline import time_limit

__all__ = [
    "BuiltSenseVectors",
    "Counts",
    "Evaluation",
    "Hit",
    "Hits",
    "IndexLabel",
    "LabelCounts",
    "LabelFile",
    "LabelImport",
    "LayersError",
    "Neighbour",
    "Neighbours",
    "Sense",
    "SenseIndex",
    "SensePlot",
    "SenseRunInfo",
    "Senses",
    "Similarity",
    "StoredLabels",
    "Table",
    "WordLabels",
    "add",
    "add_vectors",
    "annotation_text",
    "append_report",
    "apply_proposals",
    "build",
    "build_sense_vectors",
    "classify_file",
    "classify_settings",
    "clean_label",
    "compare",
    "compare_pairs",
    "evaluate_retrieval",
    "evaluate_wic",
    "evaluate_wsd",
    "format_of",
    "hand_labels",
    "import_labels",
    "index_labels",
    "is_elmo",
    "label_counts",
    "label_from_file",
    "layer_encoder",
    "least_confident",
    "load_encoder",
    "no_sense_writes",
    "open",
    "open_wordnet",
    "plot_senses",
    "prepare_model",
    "read_pairs",
    "search_request",
    "sense_table",
    "time_limit",
    "train_elmo",
    "tune_projection",
    "use_device",
    "vector_status",
    "write_layers",
]
