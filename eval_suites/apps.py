from typing import Any

from django.apps import AppConfig


class EvalSuitesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "eval_suites"

    def ready(self) -> None:
        # Models load only once apps are ready, hence the imports here.
        from django.db.models import QuerySet

        from eval_suites.dashboard_selectors import runs_visible
        from eval_suites.models import EvalSample
        from verification.selectors import submission_grant_register

        def submissions_of_visible_runs(user: Any) -> QuerySet[Any]:
            """Whoever may read a run may read the submissions judged for its samples."""
            return EvalSample.objects.filter(
                run__in=runs_visible(user=user), submission_id__isnull=False
            ).values("submission_id")

        submission_grant_register(submissions_of_visible_runs)
