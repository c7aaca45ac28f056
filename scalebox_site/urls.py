from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found


@require_safe
def ping(request: HttpRequest) -> HttpResponse:
    """The peers' health check: their FastAPI handler returns "pong", sent as JSON."""
    return JsonResponse("pong", safe=False)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A path no URL matches: the API's JSON error under /api/, the site's page elsewhere
    (an id that is not a number, a slug with characters a slug cannot hold)."""
    if request.path.startswith("/api/"):
        body = {"error": {"code": "not_found", "message": f"no API endpoint at {request.path}"}}
        return JsonResponse(body, status=404)
    return page_not_found(request, exception)


handler404 = not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("v1/ping", ping, name="ping"),
    path("api/v1/judges/", include("judges.api_urls")),
    path("api/v1/", include("verification.api.urls")),
    path("", include("verification.compat.urls")),
    path("", include("scalebox_site.web_urls")),
]
