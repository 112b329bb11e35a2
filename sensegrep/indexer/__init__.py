"""Indexing: read files in any supported format, embed their occurrences, store them."""
