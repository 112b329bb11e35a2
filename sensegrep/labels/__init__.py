"""Sense labels of occurrences: storing them (``store``) and propagating them to
unlabelled occurrences and to external WSD files (``classify``)."""
