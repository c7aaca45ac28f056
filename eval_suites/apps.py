from django.apps import AppConfig


class EvalSuitesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "eval_suites"

    def ready(self) -> None:
        """Show the verification layer what eval runs add to it: who may read a submission
        judged for a run, and which sample the submission page links to."""
        # These modules import models, which load only once the apps are ready.
        from eval_suites import dashboard_selectors  # noqa: PLC0415
        from verification.dashboard import selectors as verification_dashboard  # noqa: PLC0415
        from verification.selectors import submission_grant_register  # noqa: PLC0415

        submission_grant_register(dashboard_selectors.submissions_of_visible_runs)
        verification_dashboard.submission_sample_register(dashboard_selectors.sample_of_submission)
