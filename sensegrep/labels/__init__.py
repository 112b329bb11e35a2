"""Sense labels of occurrences: reading, setting and counting them and reading label files
(``labelling``), propagating them to unlabelled occurrences and to external WSD files
(``classify``), and choosing what an annotator should label next (``queue``)."""
