from django.apps import AppConfig


class VerificationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "verification"

    def ready(self) -> None:
        """Show the judges app, a layer below, how to find the problems it generates for."""
        # Both modules import models, which load only once the apps are ready.
        from judges.services_generation import generation_problems_register  # noqa: PLC0415
        from verification.selectors import problems_for_generation  # noqa: PLC0415

        generation_problems_register(problems_for_generation)
