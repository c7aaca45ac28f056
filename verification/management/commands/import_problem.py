"""manage.py import_problem PATH [--slug SLUG]: import a Kattis / ICPC problem package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from verification.errors import ScaleBoxError
from verification.problem_package import PackageError, load_package
from verification.services_import import problem_import


class Command(BaseCommand):
    help = (
        "Import (or re-import) a problem package directory or zip; prints the slug, "
        "and on stderr a 'warning: ...' line for each part of the package it ignored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="problem package directory or .zip")
        parser.add_argument("--slug", help="slug to store the problem under")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            package = load_package(path)
            problem = problem_import(package=package, slug=options.get("slug"))
        except (PackageError, ScaleBoxError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(problem.slug)
        for warning in package.warnings:
            self.stderr.write(f"warning: {warning}", self.style.WARNING)
