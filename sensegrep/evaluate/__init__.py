"""Evaluations of sensegrep's vectors and search on public sense-annotated data:
WiC (same sense or not), CoarseWSD-20 (retrieval precision) and all-words WSD.

Each task module reads its data, runs the real code path and returns rows for
:mod:`sensegrep.evaluate.report`; torch is imported only when an encoder is loaded.
"""
