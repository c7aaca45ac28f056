"""``{% api_token_panel %}``: the signed-in user's API token, or a button that makes one."""

from __future__ import annotations

from typing import Any

from django import template
from rest_framework.authtoken.models import Token

from verification.dashboard.api_token import SHOW_TOKEN

register = template.Library()


@register.inclusion_tag("dashboard/api_token.html", takes_context=True)
def api_token_panel(context: Any) -> dict[str, Any]:
    request = context["request"]
    token = Token.objects.filter(user_id=request.user.id).values_list("key", flat=True).first()
    return {
        "token": token,
        # Unfolded when there is none to show yet, and once just after it was made.
        "open": token is None or request.session.pop(SHOW_TOKEN, False),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
        "api_base": request.build_absolute_uri("/api/v1/"),
    }
