"""Search: rank a word's stored occurrences by sense, compare usages, format hits."""
