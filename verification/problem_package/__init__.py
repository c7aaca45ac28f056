"""Parsing Kattis / ICPC problem packages (legacy, 2023-07-draft and 2025-09, with DOMjudge
conventions) into plain values; storing them is the importer's job."""

from .loader import load_package, slugify
from .model import (
    PackageError,
    PackageTestCase,
    ProblemPackage,
    ReferenceSolution,
    ValidatorSource,
)
from .timelimit import derive_time_limit

__all__ = [
    "PackageError",
    "PackageTestCase",
    "ProblemPackage",
    "ReferenceSolution",
    "ValidatorSource",
    "derive_time_limit",
    "load_package",
    "slugify",
]
