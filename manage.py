#!/usr/bin/env python
"""Django's command-line utility for ScaleBox."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
    # Django's own pattern: settings are named before Django is imported.
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
