"""Where static files are kept and under which URLs they are named."""

from __future__ import annotations

from django.contrib.staticfiles.storage import StaticFilesStorage as PlainStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Static files under content-hashed names, with compressed copies, once
    ``collectstatic`` has run: WhiteNoise serves those with a far-future expiry.

    In a checkout where it never ran (the test suite, ``runserver``) a file the manifest
    does not hold is named by its plain URL instead of failing the page: with DEBUG on
    the finders serve it, and the dashboard's own files have a view of their own
    (``scalebox_site/web_urls.py``).
    """

    def url(self, name: str, force: bool = False) -> str:
        try:
            return super().url(name, force)
        except ValueError:  # no manifest entry, and no collected file to hash
            return PlainStorage.url(self, name)
