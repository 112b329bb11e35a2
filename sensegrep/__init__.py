"""sensegrep: word-sense concordance search.

Data flows text → indexer → embedder → storage; search reads storage and embedder;
the CLI only wires them together.
"""

__version__ = "0.1.0"
