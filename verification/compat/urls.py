from django.urls import path

from verification.compat import views

urlpatterns = [
    path("run_code", views.RunCode.as_view(), name="compat-run-code"),
    path("common_evaluate", views.CommonEvaluate.as_view(), name="compat-common-evaluate"),
    path(
        "common_evaluate_batch",
        views.CommonEvaluateBatch.as_view(),
        name="compat-common-evaluate-batch",
    ),
]
