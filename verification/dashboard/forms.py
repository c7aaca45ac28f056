"""The dashboard's problem package upload form."""

from __future__ import annotations

from django import forms
from django.core.validators import validate_slug


class PackageUploadForm(forms.Form):
    package = forms.FileField(
        help_text="A Kattis / ICPC problem package as a .zip (legacy or 2025-09 format)."
    )
    slug = forms.CharField(
        required=False,
        max_length=200,
        validators=[validate_slug],
        help_text="Defaults to the package's short name.",
    )
