"""Folio: a static-site generator for commentary archives."""

__version__ = "0.1.0"
