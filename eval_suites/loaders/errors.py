"""The error every loader raises, kept apart so that the sources and the loaders share it."""

from __future__ import annotations


class LoaderError(Exception):
    """A dataset that cannot be read as its loader expects; the message says where."""
