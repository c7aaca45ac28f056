from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("pong", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("v1/ping", ping, name="ping"),
    path("api/v1/judges/", include("judges.api_urls")),
    path("api/v1/", include("verification.api.urls")),
    path("", include("verification.compat.urls")),
    path("", include("scalebox_site.web_urls")),
]
