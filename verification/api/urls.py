from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from verification.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("token/", views.TokenObtain.as_view(), name="token"),
    path("problems/", views.ProblemListCreate.as_view(), name="problem-list"),
    path("problems/upload/", views.ProblemUpload.as_view(), name="problem-upload"),
    path("problems/<slug:slug>/", views.ProblemDetail.as_view(), name="problem-detail"),
    path(
        "problems/<slug:slug>/test_cases/",
        views.ProblemTestCases.as_view(),
        name="problem-test-cases",
    ),
    path("submissions/", views.SubmissionListCreate.as_view(), name="submission-list"),
    path("submissions/batch/", views.SubmissionBatchCreate.as_view(), name="submission-batch"),
    path("submissions/<int:pk>/", views.SubmissionDetail.as_view(), name="submission-detail"),
    path(
        "submissions/<int:pk>/rejudge/",
        views.SubmissionRejudge.as_view(),
        name="submission-rejudge",
    ),
]
