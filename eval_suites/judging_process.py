"""The entry points of the worker processes that judge a large run in the embedded
default. Imported by freshly spawned interpreters before Django is set up, so nothing
here touches Django at import time."""

from __future__ import annotations

import os
from typing import Any


def process_init(database_name: str) -> None:
    # Django, and the project's models, load in a spawned process only after this setup.
    import django  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")
    django.setup()
    from django.db import connections  # noqa: PLC0415

    # The parent may use another database than the one the settings name (tests do).
    connections.settings["default"]["NAME"] = database_name
    connections["default"].settings_dict["NAME"] = database_name


def judge_chunk(sample_ids: list[int], policy: dict[str, Any]) -> int:
    # Imported once process_init has set Django up (eval_suites.judging imports models).
    from django.db import connection  # noqa: PLC0415

    from eval_suites.judging import JudgingPolicy, judge_in_threads  # noqa: PLC0415

    try:
        return judge_in_threads(sample_ids, JudgingPolicy(**policy))
    finally:
        connection.close()
