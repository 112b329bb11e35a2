"""The package version, in a module of its own so that any layer (storage's manifest, the
CLI, the web app) can name it without importing the ``sensegrep`` facade."""

__version__ = "0.1.0"
