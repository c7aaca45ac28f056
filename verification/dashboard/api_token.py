"""A signed-in user's API token: made (or replaced) on demand from the runs page, where
a user lands after signing in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

# Set in the session after a token is made: the page shows it unfolded once.
SHOW_TOKEN = "scalebox_show_api_token"


@require_POST
@login_required
def api_token(request: HttpRequest) -> HttpResponse:
    """``action=create`` makes the user's token when they have none; ``action=replace``
    makes a new one, and the old one stops working."""
    user: Any = request.user
    action = request.POST.get("action", "create")
    if action == "replace":
        with transaction.atomic():
            Token.objects.filter(user=user).delete()
            Token.objects.create(user=user)
        request.session[SHOW_TOKEN] = True
        messages.success(request, "A new API token replaces the old one, which no longer works.")
    elif action == "create":
        _, created = Token.objects.get_or_create(user=user)
        request.session[SHOW_TOKEN] = True
        if created:
            messages.success(request, "Your API token is ready.")
    else:
        messages.error(request, f"Unknown token action {action!r}: create or replace.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "dashboard:run-list"
    return redirect(back)
