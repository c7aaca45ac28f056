"""The dashboard's pages (server-rendered), under the site root."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from eval_suites import views as runs
from judges import views as judges
from verification.dashboard import api_token, submission_list
from verification.dashboard import views as verification

app_name = "dashboard"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard:run-list"), name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/token/", api_token.api_token, name="api-token"),
    path("runs/", runs.run_list, name="run-list"),
    path("runs/compare/", runs.run_compare, name="run-compare"),
    path("runs/<int:pk>/", runs.run_detail, name="run-detail"),
    path("runs/<int:pk>/share/", runs.run_share, name="run-share"),
    path("runs/<int:pk>/tasks/<int:task_pk>/", runs.run_task, name="run-task"),
    path("runs/<int:pk>/export/<str:name>", runs.run_export, name="run-export"),
    path("problems/", verification.problem_list, name="problem-list"),
    path("problems/upload/", verification.problem_upload, name="problem-upload"),
    path("problems/<slug:slug>/", verification.problem_detail, name="problem-detail"),
    path("submissions/", submission_list.submission_list, name="submission-list"),
    path("problems/<slug:slug>/verify/", verification.problem_verify, name="problem-verify"),
    path("submissions/<int:pk>/", verification.submission_detail, name="submission-detail"),
    path(
        "submissions/<int:pk>/progress/",
        verification.submission_progress,
        name="submission-progress",
    ),
    path("judges/", judges.judge_list, name="judge-list"),
    path("judges/<slug:key>/", judges.judge_detail, name="judge-detail"),
    path("status/", verification.status, name="status"),
    # The dashboard's own stylesheet and script, served even without a static server
    # (runserver serves static files only with DEBUG on).
    re_path(
        r"^static/dashboard/(?P<path>[\w.-]+(?:/[\w.-]+)*)$",
        serve,
        {"document_root": settings.BASE_DIR / "scalebox_site" / "static" / "dashboard"},
        name="dashboard-static",
    ),
]
