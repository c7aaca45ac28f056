from django.urls import path

from judges import api

urlpatterns = [
    path("", api.JudgeCreate.as_view(), name="judges-create"),
    path("generate/", api.GenerateJudges.as_view(), name="judges-generate"),
    path("batches/<int:pk>/", api.BatchDetail.as_view(), name="judges-batch"),
    path("problems/<slug:slug>/", api.ProblemJudgeState.as_view(), name="judges-problem"),
    path("<int:pk>/", api.JudgeDetail.as_view(), name="judges-detail"),
]
